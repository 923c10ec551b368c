"""PDF reader: text, table cells and link rectangles, all from PDFium (pypdfium2).

Which extractor is right, measured on the committed LibreOffice fixtures (tests/fixtures/pdf,
Laksaman/Garuda/Loma, PUA, Thai digits): PDFium gives characters in content-stream order, so
Thai marks stay on their letter, and after ``thai.normalize`` no line is Thai-invalid; pdfplumber's
``extract_text`` (x-sorted chars) split sara am ("ประจำาปี"), broke "(คลิ๊ก)" into "( คล๊กิ" and,
even after normalize, left invalid words in 7 of 8 files ("ตัวชวีั้ด" for "ตัวชี้วัด"). Both see
PUA code points in pua_word.pdf (``thai.normalize`` maps them). On a real LibreOffice+Laksaman
file pdfplumber also read mai ek for sara u ("สูงส่ด") where pypdfium2 had the right letters.
pdfplumber is opened only for a line whose PDFium text is Thai-invalid; the more valid text wins.

The stages, one module each, in the order a page goes through them:

* :mod:`.pdfium` — all PDFium access: open the file, the characters (as Thai clusters),
  link annotations, the path segments of ruling lines;
* :mod:`.geometry` — pure: ruling segments -> table grids and merged cells;
* :mod:`.layout` — glyphs -> cells, visual lines, table rows, tables across pages;
* :mod:`.text` — a visual line's text: Thai clusters, phantom spaces, word gaps, links,
  the pdfplumber fallback.
"""

from __future__ import annotations

from ...errors import CorruptDocument, EmptyDocument, LimitExceeded, NoTextLayer
from ...limits import DEFAULT_LIMITS, Limits, check_time
from ..base import Document, check_size, heading_of, reading
from . import geometry, layout, pdfium
from .text import Plumber

__all__ = ["read_pdf"]


def read_pdf(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a PDF into Lines in reading order, table cells tagged with column roles, links attached.

    Raises CorruptDocument, EncryptedDocument, EmptyDocument, NoTextLayer or LimitExceeded.
    """
    check_size(data, limits, name)
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocument("not a PDF (no %PDF- header)", source=name)
    state = layout.State(Plumber(data))
    try:
        # PDFium/pdfminer errors, ctypes failures: never leak them; PDFium by one thread at a time
        with reading("PDF", name), pdfium.LOCK:
            pages = _read(data, name, limits, state)
    finally:
        state.plumber.close()
    heading = heading_of(state.lines)
    return Document(lines=state.lines, format="pdf", name=name, pages=pages, repairs=state.repairs, heading=heading)


def _read(data: bytes, name: str | None, limits: Limits, state: layout.State) -> int:
    """The page loop: PDFium's facts per page, then the layout stage; returns the page count."""
    import pypdfium2.raw as raw

    doc = pdfium.open_document(data, name)
    try:
        count = len(doc)
        if count == 0:
            raise EmptyDocument("the PDF has no pages", source=name)
        if limits.max_pages is not None and count > limits.max_pages:
            raise LimitExceeded(f"{count:,} pages, over the max_pages limit of {limits.max_pages:,}", source=name)
        seen_text = False
        chars = 0
        for index in range(count):
            check_time()
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    # counted before the text is read: an amplifying ToUnicode map costs nothing
                    n = raw.FPDFText_CountChars(textpage)
                    chars += max(n, 0)
                    if limits.max_chars_per_page is not None and n > limits.max_chars_per_page:
                        raise LimitExceeded(
                            f"page {index + 1} holds {n:,} characters, over the max_chars_per_page limit of "
                            f"{limits.max_chars_per_page:,}", source=name)
                    if limits.max_chars is not None and chars > limits.max_chars:
                        raise LimitExceeded(
                            f"the PDF holds more than {limits.max_chars:,} characters (the max_chars limit)", source=name)
                    glyphs = pdfium.glyphs(raw, textpage, state.repairs)
                finally:
                    textpage.close()
                if not any(not g.space for g in glyphs):
                    continue
                seen_text = True
                _, height = page.get_size()
                grids = geometry.grids(*pdfium.rules(raw, page))
                links = pdfium.links(raw, doc, page)
                layout.read_page(index + 1, height, glyphs, grids, links, state)
            finally:
                page.close()
        if not seen_text:
            raise NoTextLayer("the PDF has no text layer (a scanned image?): run OCR first", source=name)
        return count
    finally:
        doc.close()
