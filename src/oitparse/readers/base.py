"""The common stream every reader produces: located lines with links.

Readers know formats, not OIT: a PDF, DOCX, HTML page or text file becomes a
:class:`Document`, a flat list of :class:`Line` in reading order. Table readers
tag each line with the ``column`` role of the cell it came from, so the
assembler can trust the layout when there is one and fall back to the schema
when there is not (plain text).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

#: Role of the table column a line came from; ``None`` when the format has no columns.
Column = Literal["code", "title", "requirements", "evidence", "topic", "note"]
LinkKind = Literal["external", "internal", "mailto"]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink over ``line.text[start:end]``."""

    start: int
    end: int
    url: str
    kind: LinkKind = "external"


@dataclass(slots=True)
class Line:
    """One visual line (or cell paragraph) of the document, text already Thai-normalized."""

    text: str
    links: list[Link] = field(default_factory=list)
    #: 1-based page (PDF) or None.
    page: int | None = None
    #: 1-based line number in the source text (text/HTML) or None.
    line_no: int | None = None
    #: 0-based table index and 0-based row index within it, for table formats.
    table: int | None = None
    row: int | None = None
    #: Role of the table column this line came from, or None.
    column: Column | None = None


@dataclass(slots=True)
class Document:
    """What a reader returns: the lines, the format, and facts found on the way."""

    lines: list[Line]
    format: Literal["pdf", "docx", "html", "text"]
    name: str | None = None
    pages: int | None = None
    #: Counts of Thai text repairs applied while reading (see ``oitparse.thai.explain``).
    repairs: Counter[str] = field(default_factory=Counter)
    #: Title/heading text outside the table (agency name, year), if the reader found it.
    heading: str | None = None
