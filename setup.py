"""Builds the optional compiled helper of the PDF reader; everything else is in pyproject.toml.

``optional=True``: where no C compiler is found the build goes on without it and the reader
runs its Python loops, which give the same result (tests/test_pdf_speedups.py), slower.
"""

import sys

from setuptools import Extension, setup

# The Python loops round every a * b + c twice; no fused multiply-add here either.
FLOAT_FLAGS = [] if sys.platform == "win32" else ["-ffp-contract=off"]

setup(
    ext_modules=[
        Extension(
            "oitparse.readers.pdf._speedups",
            ["src/oitparse/readers/pdf/_speedups.c"],
            extra_compile_args=FLOAT_FLAGS,
            optional=True,
        )
    ]
)
