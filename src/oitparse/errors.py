"""oitparse's own errors.

Every failure to read a document is a :class:`ParseError` (or a subclass), so
callers and the CLI can catch one family and report one clear line, never a
traceback.
"""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be turned into a Checklist.

    ``source`` names the file (when known); ``str(error)`` is a one-line,
    human-readable reason.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class UnsupportedFormat(ParseError):
    """The content is not PDF, DOCX, HTML or text (e.g. an image, a zip that is not a DOCX)."""


class EmptyDocument(ParseError):
    """The file holds no bytes, or no text at all."""


class CorruptDocument(ParseError):
    """The file claims a known format but is damaged (truncated PDF, broken zip/XML)."""


class EncryptedDocument(ParseError):
    """The PDF is encrypted with a non-empty user password."""


class NoTextLayer(ParseError):
    """The PDF has pages but no text layer (a scan): OCR is needed first."""


class LimitExceeded(ParseError):
    """A configured limit (size, pages, uncompressed size, time, nesting) was exceeded."""


class NotAChecklist(ParseError):
    """The document was read, but no OIT item (o1..o43) was found in it."""


class SchemaError(ValueError):
    """A schema name is unknown or its data file is invalid (a programming/config error)."""
