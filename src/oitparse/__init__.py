"""oitparse — read Thai government OIT (ITA) checklists and tell whether they are complete.

>>> import oitparse
>>> checklist = oitparse.parse("form.pdf")          # doctest: +SKIP
>>> report = oitparse.validate(checklist)           # doctest: +SKIP

Heavy dependencies (pdfplumber, python-docx, PyThaiNLP) load only when a
document is parsed, so importing oitparse is fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "parse",
    "validate",
    "load_schema",
    "available_schemas",
    "Checklist",
    "Item",
    "Requirement",
    "Evidence",
    "Location",
    "Source",
    "Report",
    "Finding",
    "Schema",
    "Limits",
    "ParseError",
    "UnsupportedFormat",
    "EmptyDocument",
    "CorruptDocument",
    "EncryptedDocument",
    "NoTextLayer",
    "LimitExceeded",
    "NotAChecklist",
    "SchemaError",
    "__version__",
]

# name -> module that defines it; resolved on first access (PEP 562).
_LAZY = {
    "parse": "api",
    "validate": "rules",
    "load_schema": "schema",
    "available_schemas": "schema",
    "Schema": "schema",
    "Checklist": "models",
    "Item": "models",
    "Requirement": "models",
    "Evidence": "models",
    "Location": "models",
    "Source": "models",
    "Report": "models",
    "Finding": "models",
    "Limits": "limits",
    "ParseError": "errors",
    "UnsupportedFormat": "errors",
    "EmptyDocument": "errors",
    "CorruptDocument": "errors",
    "EncryptedDocument": "errors",
    "NoTextLayer": "errors",
    "LimitExceeded": "errors",
    "NotAChecklist": "errors",
    "SchemaError": "errors",
}

if TYPE_CHECKING:
    from .api import parse
    from .errors import (
        CorruptDocument,
        EmptyDocument,
        EncryptedDocument,
        LimitExceeded,
        NoTextLayer,
        NotAChecklist,
        ParseError,
        SchemaError,
        UnsupportedFormat,
    )
    from .limits import Limits
    from .models import Checklist, Evidence, Finding, Item, Location, Report, Requirement, Source
    from .schema import Schema, available_schemas, load_schema
    from .rules import validate


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'oitparse' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
