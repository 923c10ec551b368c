"""The PDF reader's optional compiled helper, or None where it was not built.

``_speedups`` (``_speedups.c``, built by setup.py where a C compiler is found) holds the
per-character, per-segment and per-glyph loops of the PDF stages. Each has its Python
original beside its caller (``pdfium._glyphs_python``, ``pdfium._strokes_python``,
``layout._assign_python``, ``layout._line_groups_python``, ``text._phantom_python``,
``text._link_ids_python``, ``text._runs_python``), which runs when ``helper`` is None and is
what the compiled loop is tested against (tests/test_pdf_speedups.py). Callers read
``_compiled.helper`` at call time, so a test can set it to None.
"""

from __future__ import annotations

#: What the helper must hold to be used: a build older than its source (an editable install
#: not rebuilt) falls back to the Python loops instead of failing a read.
FUNCTIONS = ("glyphs", "path_segments", "assign_cells", "line_groups", "phantom_spaces", "link_ids", "line_runs")

try:
    from . import _speedups as helper
except ImportError:  # not built (no C compiler at install): the Python loops, same result, slower
    helper = None
if helper is not None and not all(hasattr(helper, name) for name in FUNCTIONS):
    helper = None

__all__ = ["FUNCTIONS", "helper"]
