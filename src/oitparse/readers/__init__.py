"""Readers: bytes of a PDF, DOCX, HTML or text file -> a :class:`~oitparse.readers.base.Document`.

The format is found from the content (magic bytes, zip members, markup), not the
file name, because agencies' files are often misnamed. Each format's reader is
imported only when needed, so ``import oitparse`` stays light.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import CorruptDocument, EmptyDocument, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, Limits
from .base import Document, Line, Link, check_size

__all__ = ["Document", "Line", "Link", "detect_format", "read_document"]

# A page or a fragment of one: any common block or inline tag near the start.
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|table|tr|td|th|div|p|ul|ol|li|a|span|pre|h[1-6]|br|font|b|strong)\b",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)


def detect_format(data: bytes, name: str | None = None) -> str:
    """Return "pdf", "docx", "html" or "text" for these bytes.

    The extension is only a tie-breaker; content decides.

    >>> detect_format(b"%PDF-1.7 ...")
    'pdf'
    >>> detect_format("<html><body>o1</body></html>".encode())
    'html'
    >>> detect_format("o1 โครงสร้าง".encode())
    'text'
    >>> detect_format('<!-- saved by X --> <ul><li>o1 <a href="https://x.go.th">ดู</a></li></ul>'.encode())
    'html'
    """
    if not data:
        raise EmptyDocument("the file is empty (0 bytes)", source=name)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except Exception:  # noqa: BLE001 - zipfile raises many kinds (NotImplementedError, EOFError...)
            # A damaged zip: its local headers still name the parts it held.
            if b"word/" in data or (name or "").lower().endswith(".docx"):
                return "docx"  # let the DOCX reader say how it is broken
            raise CorruptDocument("a damaged zip archive", source=name) from None
        # The main part is word/document.xml in every Word/LibreOffice file; others name it
        # in [Content_Types].xml, which the DOCX reader follows.
        if "word/document.xml" in names or "[Content_Types].xml" in names and any(
            n.startswith("word/") for n in names
        ):
            return "docx"
        raise UnsupportedFormat("a zip archive, not a DOCX (no word/document.xml)", source=name)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnsupportedFormat("an old binary Word/Excel file (.doc/.xls): save it as DOCX or PDF", source=name)
    if _looks_binary(head):
        raise UnsupportedFormat("binary data that is not PDF, DOCX, HTML or text", source=name)
    start = data[:65536]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at its text, not its bytes
        start = start.decode("utf-16", errors="ignore").encode("utf-8")
    # Leading comments (generator notes, licences) can be long: look past them.
    low = _HTML_COMMENT.sub(b"", start).lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    if _HTML_TAG.search(low) or (name or "").lower().endswith((".html", ".htm")):
        return "html"
    return "text"


def _looks_binary(head: bytes) -> bool:
    # Text in UTF-8, UTF-16 with BOM, or cp874 has no NULs and few C0 controls.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return b"\x00" in head or controls > max(2, len(head) // 50)


def read_document(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read bytes of any supported format into a Document."""
    check_size(data, limits, name)
    fmt = detect_format(data, name)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name=name, limits=limits)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, name=name, limits=limits)
    if fmt == "html":
        from .html import read_html

        return read_html(data, name=name, limits=limits)
    from .text import read_text

    return read_text(data, name=name, limits=limits)
