"""The common stream every reader produces: located lines with links.

Readers know formats, not OIT: a PDF, DOCX, HTML page or text file becomes a
:class:`Document`, a flat list of :class:`Line` in reading order. Table readers
tag each line with the ``column`` role of the cell it came from, so the
assembler can trust the layout when there is one and fall back to the schema
when there is not (plain text).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from ..codes import starts_with_code
from ..errors import CorruptDocument, EmptyDocument, LimitExceeded, ParseError
from ..limits import Limits

#: Role of the table column a line came from; ``None`` when the format has no columns.
Column = Literal["code", "title", "requirements", "evidence", "topic", "note", "header"]
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
    #: The source put a space at the end of this visual line: the author's word break at a
    #: wrap, kept for joining (PDF).
    space_after: bool = False
    #: The source marks the line as a list item (an HTML ``<li>``, a Word list paragraph):
    #: its nesting, 0 for an outer list; None when it is not one.
    list_level: int | None = None


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


def one_line(error: BaseException) -> str:
    """An exception's message on one line (error messages must be one line), shortened."""
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:197] + "..."


def check_size(data: bytes, limits: Limits, name: str | None) -> None:
    """Refuse empty input and input over ``limits.max_file_bytes`` before any parsing."""
    if not data:
        raise EmptyDocument("the file is empty (0 bytes)", source=name)
    if limits.max_file_bytes is not None and len(data) > limits.max_file_bytes:
        raise LimitExceeded(
            f"file is {len(data):,} bytes, over the max_file_bytes limit of {limits.max_file_bytes:,}", source=name
        )


@contextmanager
def reading(kind: str, name: str | None) -> Iterator[None]:
    """Turn every failure while reading a ``kind`` document into a ParseError naming the file.

    Readers parse untrusted files with C libraries (PDFium, libxml2, zlib); whatever they
    raise means a damaged file, and callers must only ever see oitparse's own errors.
    """
    try:
        yield
    except ParseError as exc:
        exc.source = exc.source or name
        raise
    except MemoryError:
        raise LimitExceeded(f"out of memory while reading the {kind}", source=name) from None
    except RecursionError:
        raise LimitExceeded(f"{kind} nesting too deep", source=name) from None
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise CorruptDocument(f"cannot read the {kind} ({type(exc).__name__}: {one_line(exc)})", source=name) from None


def heading_of(lines: list[Line]) -> str | None:
    """Short lines outside tables before the first table (title, agency name, year), one per line.

    Long lines are the form's introduction, not its heading, and are left out; so are
    item lines. With no table at all, the first line is the best guess.
    """
    parts: list[str] = []
    for line in lines:
        if line.table is not None:
            break
        if line.text and len(line.text) <= 150 and not starts_with_code(line.text):
            parts.append(line.text)
    if parts and all(line.table is None for line in lines):
        parts = parts[:1]
    heading = "\n".join(parts)
    return heading[:1000] or None

