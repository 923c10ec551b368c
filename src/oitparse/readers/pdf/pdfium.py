"""Everything that talks to PDFium (pypdfium2 and ctypes): opening, characters, links, path segments.

The other stages see plain Python values: :class:`~.text.Glyph`, :class:`~.text.PdfLink` and
:class:`~.geometry.Seg`.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import Counter

from ...errors import CorruptDocument, EmptyDocument, EncryptedDocument
from ..base import LinkKind
from .geometry import Seg, add_segment
from .text import SPACES, Glyph, PdfLink, is_mark

MAX_SEGMENTS = 20_000  # per page: a vector drawing (map, logo) is not a table grid


def open_document(data: bytes, name: str | None):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise EncryptedDocument("the PDF is encrypted with a user password", source=name) from None
        if _empty_page_tree(data):
            raise EmptyDocument("the PDF has no pages", source=name) from None
        raise CorruptDocument(f"damaged or truncated PDF: PDFium cannot open it ({_pdfium_reason(exc)})", source=name) from None


def _empty_page_tree(data: bytes) -> bool:
    """Whether the catalog's page tree declares no pages (asked only after PDFium refused the file,
    which it does for an empty page tree too); a damaged file whose catalog cannot be read is not "empty"."""
    import logging

    from pdfminer.pdftypes import resolve1

    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser

        pages = resolve1(PDFDocument(PDFParser(io.BytesIO(data))).catalog.get("Pages"))
        return isinstance(pages, dict) and resolve1(pages.get("Count")) == 0 and not resolve1(pages.get("Kids"))
    except Exception:
        return False
    finally:
        quiet.setLevel(level)


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc)
    found = re.search(r"PDFium: ([^)]*)", text)
    return (found.group(1) if found else text).strip().rstrip(".").lower() or "unknown error"


# --------------------------------------------------------------------------- characters


def glyphs(raw, textpage, repairs: Counter[str]) -> list[Glyph]:
    """The page's characters as Thai clusters in content-stream order.

    Marks join the base before them in stream order, not by position: their boxes sit above or
    below and sorting them by x is what scrambles pdfplumber's Thai.
    """
    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = _page_text(raw, textpage, n)
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    # bound once: ~1 us per ctypes call, three calls per base letter
    is_generated, map_error = raw.FPDFText_IsGenerated, raw.FPDFText_HasUnicodeMapError
    loose_box, origin, font_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontSize
    out: list[Glyph] = []
    last_base: Glyph | None = None
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in (0x02, 0xFFFE):
            ch, cp = "-", 0x2D  # PDFium's code for a typed hyphen ending a line ("ถาม-" / "ตอบ")
        elif cp < 0x20 and cp != 0x09 or cp == 0xFFFF:
            continue  # line breaks PDFium adds: layout is rebuilt from geometry
        space = ch in SPACES
        if space and is_generated(textpage, i):
            continue  # spaces PDFium invents between text objects; word gaps are measured below
        if cp == 0xFFFD and map_error(textpage, i):
            repairs["unmapped_glyph"] += 1
            continue
        if not space and last_base is not None and is_mark(ch):
            last_base.text += ch
            continue
        loose_box(textpage, i, rect)
        origin(textpage, i, ox, oy)
        x0, x1 = min(rect.left, rect.right), max(rect.left, rect.right)
        y0, y1 = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
        em = font_size(textpage, i)
        if not 2.0 <= em <= 300.0 or not 0.2 <= (y1 - y0) / em <= 3.0:
            em = max(y1 - y0, 1.0) / 0.6  # size not usable (scaled text matrix): estimate from the box
        glyph = Glyph(" " if space else ch, x0, x1, y0, y1, oy.value, em, space)
        out.append(glyph)
        if not space:
            last_base = glyph
    return out


def _page_text(raw, textpage, n: int) -> str:
    """All n characters in one call; per character when UTF-16 surrogates break the 1:1 indexing."""
    buf = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(memoryview(buf).cast("B"))[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) == n:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))


# --------------------------------------------------------------------------- links


def links(raw, doc, page) -> list[PdfLink]:
    """The page's link annotations with a usable target, each with its rectangles."""
    out: list[PdfLink] = []
    pos = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
        target = _link_target(raw, doc, page, link)
        if target is None:
            continue
        rects = []
        quad = raw.FS_QUADPOINTSF()
        for q in range(max(raw.FPDFLink_CountQuadPoints(link), 0)):
            if raw.FPDFLink_GetQuadPoints(link, q, quad):
                xs = (quad.x1, quad.x2, quad.x3, quad.x4)
                ys = (quad.y1, quad.y2, quad.y3, quad.y4)
                rects.append((min(xs), min(ys), max(xs), max(ys)))
        if not rects:
            r = raw.FS_RECTF()
            if not raw.FPDFLink_GetAnnotRect(link, r):
                continue
            rects.append((min(r.left, r.right), min(r.bottom, r.top), max(r.left, r.right), max(r.bottom, r.top)))
        out.append(PdfLink(rects, *target))
    return out


def _link_target(raw, doc, page, link) -> tuple[str, LinkKind] | None:
    action = raw.FPDFLink_GetAction(link)
    if action:
        kind = raw.FPDFAction_GetType(action)
        if kind == raw.PDFACTION_URI:
            size = raw.FPDFAction_GetURIPath(doc, action, None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(doc, action, buf, size)
            url = _decode_uri(buf.value).strip()
            if not url:
                return None
            return url, "mailto" if url.lower().startswith("mailto:") else "external"
        if kind in (raw.PDFACTION_REMOTEGOTO, raw.PDFACTION_LAUNCH):
            size = raw.FPDFAction_GetFilePath(action, None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetFilePath(action, buf, size)
            path = _decode_uri(buf.value).strip()
            return (path, "external") if path else None
        if kind == raw.PDFACTION_GOTO:
            dest = raw.FPDFAction_GetDest(doc, action)
            return _internal(raw, doc, page, link, dest)
    dest = raw.FPDFLink_GetDest(doc, link)
    if dest:
        return _internal(raw, doc, page, link, dest)
    return None


def _internal(raw, doc, page, link, dest) -> tuple[str, LinkKind]:
    """An internal link as '#name' when the annotation names its destination, else '#page=N'."""
    annot = raw.FPDFLink_GetAnnot(page, link)
    if annot:
        try:
            if raw.FPDFAnnot_GetValueType(annot, b"Dest") in (raw.FPDF_OBJECT_STRING, raw.FPDF_OBJECT_NAME):
                size = raw.FPDFAnnot_GetStringValue(annot, b"Dest", None, 0)
                buf = ctypes.create_string_buffer(size)
                raw.FPDFAnnot_GetStringValue(annot, b"Dest", ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
                dest_name = buf.raw[: max(size - 2, 0)].decode("utf-16-le", errors="replace")
                if dest_name:
                    return "#" + dest_name, "internal"
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    index = raw.FPDFDest_GetDestPageIndex(doc, dest) if dest else -1
    return (f"#page={index + 1}" if index >= 0 else "#"), "internal"


def _decode_uri(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# --------------------------------------------------------------------------- path segments


def rules(raw, page) -> tuple[list[Seg], list[Seg]]:
    """Axis-aligned straight segments of visible paths (strokes and thin filled rectangles)."""
    horizontal: list[Seg] = []
    vertical: list[Seg] = []
    budget = [MAX_SEGMENTS]
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = [ctypes.c_uint() for _ in range(4)]

    def visible(obj) -> bool:
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            return True
        if not fill.value and not stroke.value:
            return False  # a clipping path or invisible outline
        get = raw.FPDFPageObj_GetStrokeColor if stroke.value else raw.FPDFPageObj_GetFillColor
        if get(obj, *rgba):
            r, g, b, a = (c.value for c in rgba)
            if a == 0 or (r > 240 and g > 240 and b > 240):
                return False  # white or transparent borders are not drawn lines
        return True

    def walk(obj, ctm, depth: int) -> None:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM) or budget[0] <= 0:
            return
        m = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(obj, m):
            return
        mat = _compose((m.a, m.b, m.c, m.d, m.e, m.f), ctm)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < 8:
                for j in range(raw.FPDFFormObj_CountObjects(obj)):
                    walk(raw.FPDFFormObj_GetObject(obj, j), mat, depth + 1)
            return
        if not visible(obj):
            return
        n = raw.FPDFPath_CountSegments(obj)
        budget[0] -= n
        start = prev = None
        for s in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, s)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            a, b, c, d, e, f = mat
            pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            typ = raw.FPDFPathSegment_GetType(seg)
            if typ == raw.FPDF_SEGMENT_MOVETO:
                start = prev = pt
                continue
            if typ == raw.FPDF_SEGMENT_LINETO and prev is not None:
                add_segment(prev, pt, horizontal, vertical)
            prev = pt
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                add_segment(pt, start, horizontal, vertical)
                prev = start

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for i in range(raw.FPDFPage_CountObjects(page)):
        walk(raw.FPDFPage_GetObject(page, i), identity, 0)
    if budget[0] <= 0:
        return [], []  # a drawing, not a form: read the page by word positions
    return horizontal, vertical


def _compose(m, n):
    """The matrix applying m, then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
