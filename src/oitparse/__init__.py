"""oitparse — read Thai government OIT (ITA) checklists and tell whether they are complete.

Reading and checking one form::

    import oitparse

    checklist = oitparse.parse("agency.pdf")       # PDF, DOCX, HTML or text (bytes and binary files too)
    for item in checklist.items:                   # o1..o43 in document order
        print(item.code, item.title, [e.url for e in item.evidence])
    report = oitparse.validate(checklist, lang="th", ignore=["year-unknown"])
    print(report.ok, [(f.item, f.code, f.message) for f in report.findings])

What is here:

* ``parse(source, schema=, year=, limits=, base_url=)`` -> ``Checklist``; an unreadable file
  raises a ``ParseError`` subclass (``CorruptDocument``, ``EncryptedDocument``, ``NoTextLayer``,
  ``EmptyDocument``, ``UnsupportedFormat``, ``LimitExceeded``, ``NotAChecklist``).
* ``validate(checklist, schema=, select=, ignore=, lang=)`` -> ``Report`` of ``Finding`` s
  (rule codes: ``oitparse.rules.RULES``).
* Models (pydantic): ``Checklist`` -> ``Item`` -> ``Requirement`` / ``Evidence`` (``Location``,
  ``Source``); ``Report``, ``Finding``; ``Summary`` (a file's checklist and report, as
  ``oitparse validate --format json`` and ``oitparse batch`` write it).
* ``load_schema(name)``, ``available_schemas()``: the canonical forms; ``Limits``: bounds on
  untrusted input.
* Many files: ``oitparse.batch.run_batch(inputs, out_dir, jobs=, lang=, ...)`` writes one JSON
  per file, summary.csv, report.xlsx and report.html.

Command line: ``oitparse parse|validate|batch|schema --help``. Documentation: the docs/
folder of the project (model.md, rules.md, cli.md, errors.md).

Heavy dependencies (pdfplumber, python-docx, PyThaiNLP) load only when a document is
parsed, so importing oitparse is fast. ``help(oitparse.Checklist)`` (or any name above)
documents one class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "parse",
    "validate",
    "check_links",
    "LinkOptions",
    "LinkResult",
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
    "Summary",
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
    "check_links": "links",
    "LinkOptions": "links",
    "LinkResult": "links",
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
    "Summary": "models",
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
    from .models import Checklist, Evidence, Finding, Item, Location, Report, Requirement, Source, Summary
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


#: Classes left out of dir(), so help(oitparse) stays this module's guide: pydoc documents every
#: class dir() lists, with all the methods pydantic models and exceptions inherit (thousands of lines).
_NOT_IN_DIR = frozenset(
    name for name in _LAZY if name[0].isupper()
)


def __dir__() -> list[str]:
    return sorted((set(globals()) | set(__all__)) - _NOT_IN_DIR)
