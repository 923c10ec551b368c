"""Named, configurable limits for untrusted input.

Every limit has a default that a normal agency checklist is far below; pass a
:class:`Limits` to :func:`oitparse.parse` to change them (on the command line:
``--max-file-mb``, ``--max-pages`` and ``batch --timeout``). docs/errors.md lists them all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds applied while reading one document. ``None`` disables a bound."""

    #: Largest input file accepted, in bytes (checked before anything is parsed).
    max_file_bytes: int | None = 50 * 1024 * 1024
    #: Most PDF pages read; a longer PDF raises LimitExceeded.
    max_pages: int | None = 200
    #: Largest total uncompressed size of the parts of a DOCX (zip-bomb guard).
    max_uncompressed_bytes: int | None = 200 * 1024 * 1024
    #: Largest ratio of uncompressed to compressed size of one DOCX part.
    max_compression_ratio: float | None = 200.0
    #: Wall-clock seconds allowed for one file (checked between pages, paragraphs and items;
    #: the batch runner also kills a worker that overruns).
    timeout_seconds: float | None = 120.0
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int | None = 500
    #: Most text lines accepted from a text/HTML document.
    max_lines: int | None = 200_000
    #: Most characters PDFium may report for one PDF page, and for the whole document. A font
    #: whose ToUnicode map turns one code into thousands of characters is stopped here,
    #: before the text is read (an OIT page holds a few thousand).
    max_chars_per_page: int | None = 200_000
    max_chars: int | None = 5_000_000
    #: Most items one document may hold (a form has tens); more is not a checklist.
    max_items: int | None = 1_000


DEFAULT_LIMITS = Limits()


# The time limit of the parse running in this thread/context: (deadline, seconds).
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("oitparse_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run a parse under ``seconds`` of wall time (None: no limit).

    The limit is cooperative: readers and the assembler call :func:`check_time` between
    pages, paragraphs and items, so no signal or thread is needed and a caller's own
    signal handlers are left alone. (``oitparse batch`` also kills a worker that overruns,
    which covers a single call stuck inside a C library.)
    """
    if not seconds or seconds <= 0:
        yield
        return
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


# The max_items limit of the parse running in this context.
_MAX_ITEMS: ContextVar[int | None] = ContextVar("oitparse_max_items", default=None)


@contextmanager
def item_limit(count: int | None) -> Iterator[None]:
    """Run a parse under the ``max_items`` limit (None: no limit); see :func:`check_items`."""
    token = _MAX_ITEMS.set(count)
    try:
        yield
    finally:
        _MAX_ITEMS.reset(token)


def check_items(count: int) -> None:
    """Raise LimitExceeded when a document has opened more items than the running parse allows."""
    limit = _MAX_ITEMS.get()
    if limit is not None and count > limit:
        from .errors import LimitExceeded

        raise LimitExceeded(f"more than {limit:,} items in one document (the max_items limit)")


def check_time() -> None:
    """Raise LimitExceeded when the running parse is past its time limit."""
    limit = _DEADLINE.get()
    if limit is not None and time.monotonic() > limit[0]:
        from .errors import LimitExceeded

        raise LimitExceeded(f"parsing took longer than the timeout_seconds limit of {limit[1]:g} s")
