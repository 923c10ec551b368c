"""The examples in the package's docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["oitparse.bullets", "oitparse.codes", "oitparse.readers", "oitparse.readers.docx", "oitparse.readers.columns", "oitparse.readers.text", "oitparse.thai"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
