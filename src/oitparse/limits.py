"""Named, configurable limits for untrusted input.

Every limit has a default that a normal agency checklist is far below; pass a
:class:`Limits` to :func:`oitparse.parse` to change them (on the command line:
``--max-file-mb``, ``--max-pages`` and ``batch --timeout``). docs/errors.md lists them all.
"""

from __future__ import annotations

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
    #: Wall-clock seconds allowed for one file (enforced by the batch runner's workers).
    timeout_seconds: float | None = 120.0
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int | None = 500
    #: Most text lines accepted from a text/HTML document.
    max_lines: int | None = 200_000


DEFAULT_LIMITS = Limits()
