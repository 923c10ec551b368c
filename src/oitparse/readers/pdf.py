"""PDF reader: text, table cells and link rectangles, all from PDFium (pypdfium2).

Which extractor is right, measured on the committed LibreOffice fixtures (tests/fixtures/pdf,
Laksaman/Garuda/Loma, PUA, Thai digits): PDFium gives characters in content-stream order, so
Thai marks stay on their letter, and after ``thai.normalize`` no line is Thai-invalid; pdfplumber's
``extract_text`` (x-sorted chars) split sara am ("ประจำาปี"), broke "(คลิ๊ก)" into "( คล๊กิ" and,
even after normalize, left invalid words in 7 of 8 files ("ตัวชวีั้ด" for "ตัวชี้วัด"). Both see
PUA code points in pua_word.pdf (``thai.normalize`` maps them). On a real LibreOffice+Laksaman
file pdfplumber also read mai ek for sara u ("สูงส่ด") where pypdfium2 had the right letters.
Speed: ``read_pdf`` takes 0.17-0.27x the time of pdfplumber's ``page.extract_text()`` over all
pages (0.20x over the 8 fixtures), because nothing runs pdfminer.
pdfplumber is opened only for a line whose PDFium text is Thai-invalid; the more valid text wins.

Layout: ruling lines (path objects, stroked or thin filled rectangles) give table grids and
merged cells; characters are grouped into Thai clusters (base + marks, in stream order), put in
cells by their centre and cut into visual lines by baseline. Pages without ruling fall back to
column boundaries from the header words' x positions. Link annotations are matched to characters
by rectangle."""

from __future__ import annotations

import bisect
import ctypes
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..errors import CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded, NoTextLayer
from ..limits import DEFAULT_LIMITS, Limits, check_time
from .base import Column, Document, Line, Link, LinkKind, check_size, heading_of, reading
from .columns import column_roles

# Geometry tolerances in PDF points (1/72 in).
_TOL = 2.0  # ruling lines that "touch"; table columns that "match" across pages
_MIN_RULE = 3.0  # shorter segments are glyph details, not ruling lines
_MAX_SEGMENTS = 20_000  # per page: a vector drawing (map, logo) is not a table grid
_EDGE_ZONE = 0.05  # top/bottom share of the page where running headers/footers live (A4: 42 pt)

_ITEM_CODE = re.compile(r"^\s*[oO0]\s?[0-9๐-๙]{1,2}(?![0-9๐-๙])")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:หน้า|page)?\s*[0-9๐-๙]+\s*(?:(?:/|จาก|of)\s*[0-9๐-๙]+)?\s*(?:-)?\s*$", re.I)
_BULLETS = frozenset(["O", "o", "-", "–", "•", "●", "▪", "\uf0b7", "\uf0a7", "✓", "*"])
_SPACES = frozenset(" \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


def _header_roles(cells: list[str]) -> list[Column | None] | None:
    """column_roles, stricter: a body row ("o2 | ข้อมูลผู้บริหาร | O แสดงข้อมูล...") names "ข้อมูล" twice
    and would pass as a header; a header names two different roles and holds no item code."""
    roles = column_roles(cells)
    if roles is None or any(_ITEM_CODE.match(c) for c in cells):
        return None
    if len({r for r in roles if r and r != "note"}) < 2:
        return None
    return roles


def _is_mark(ch: str) -> bool:
    """A combining mark that belongs to the previous base letter (Thai marks, PUA mark glyphs)."""
    cp = ord(ch)
    if cp == 0x0E31 or 0x0E34 <= cp <= 0x0E3A or 0x0E47 <= cp <= 0x0E4E:
        return True
    # Positional variants of Thai marks in legacy fonts' PUA (HarfBuzz's Thai fallback tables):
    # Windows/TH SarabunPSK U+F701..F71A, Mac U+F884..F89D; U+F70F/F89A (ญ) and U+F700/F89E (ฐ)
    # are descender-less letters, not marks.
    if 0xF701 <= cp <= 0xF71A and cp != 0xF70F or 0xF884 <= cp <= 0xF89D and cp != 0xF89A:
        return True
    return unicodedata.combining(ch) > 0


@dataclass(slots=True)
class _Glyph:
    """A base character with its combining marks; box in PDF user space (y up)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    base: float  # baseline y
    em: float
    space: bool

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class _VLine:
    """One visual line: glyphs left to right."""

    glyphs: list[_Glyph]

    @property
    def top(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def base(self) -> float:
        return self.glyphs[0].base


@dataclass(slots=True)
class _PdfLink:
    rects: list[tuple[float, float, float, float]]  # (left, bottom, right, top)
    url: str
    kind: LinkKind


@dataclass(slots=True)
class _Seg:
    """An axis-aligned ruling segment: at ``coord`` (y of a horizontal, x of a vertical) from lo to hi."""

    coord: float
    lo: float
    hi: float


@dataclass(slots=True)
class _Cell:
    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[int, int]  # fine grid rows [first, last]
    glyphs: list[_Glyph] = field(default_factory=list)


@dataclass(slots=True)
class _Grid:
    x0: float
    x1: float
    top: float
    bottom: float
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom (descending y)
    cell_of: dict[tuple[int, int], int]  # fine (row, col) -> index into cells
    cells: list[_Cell]
    _neg_ys: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._neg_ys = [-y for y in self.ys]  # ascending, for bisect

    def locate(self, x: float, y: float) -> int | None:
        if not (self.x0 - 1 <= x <= self.x1 + 1 and self.bottom - 1 <= y <= self.top + 1):
            return None
        col = min(max(bisect.bisect_left(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect.bisect_left(self._neg_ys, -y) - 1, 0), len(self.ys) - 2)
        return self.cell_of.get((row, col))


@dataclass
class _Table:
    """A table being read, possibly across pages."""

    index: int
    roles: list[Column | None] | None
    bounds: list[tuple[float, float]]  # header cells' x ranges
    last_row: int = -1
    open: bool = False  # ended at the bottom of its page: the next page may continue it
    words: bool = False  # columns found from word positions (no ruling lines)


@dataclass
class _State:
    """Reading state carried from page to page."""

    lines: list[Line] = field(default_factory=list)
    repairs: Counter[str] = field(default_factory=Counter)
    tables: int = 0
    table: _Table | None = None
    plumber: object | None = None  # pdfplumber PDF, opened only if a line needs it; False once it failed


# --------------------------------------------------------------------------- public


def read_pdf(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a PDF into Lines in reading order, table cells tagged with column roles, links attached.

    Raises CorruptDocument, EncryptedDocument, EmptyDocument, NoTextLayer or LimitExceeded.
    """
    check_size(data, limits, name)
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocument("not a PDF (no %PDF- header)", source=name)
    state = _State()
    try:
        with reading("PDF", name):  # PDFium/pdfminer errors, ctypes failures: never leak them
            pages = _read(data, name, limits, state)
    finally:
        if state.plumber:
            try:
                state.plumber.close()  # type: ignore[attr-defined]
            except Exception:
                pass  # closing a damaged file re-parses it; nothing is left to save
    heading = heading_of(state.lines)
    return Document(lines=state.lines, format="pdf", name=name, pages=pages, repairs=state.repairs, heading=heading)


# --------------------------------------------------------------------------- document


def _open(data: bytes, name: str | None):
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


def _read(data: bytes, name: str | None, limits: Limits, state: _State) -> int:
    import pypdfium2.raw as raw

    doc = _open(data, name)
    try:
        count = len(doc)
        if count == 0:
            raise EmptyDocument("the PDF has no pages", source=name)
        if limits.max_pages is not None and count > limits.max_pages:
            raise LimitExceeded(f"{count:,} pages, over the max_pages limit of {limits.max_pages:,}", source=name)
        seen_text = False
        for index in range(count):
            check_time()
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    glyphs = _glyphs(raw, textpage, state.repairs)
                finally:
                    textpage.close()
                if not any(not g.space for g in glyphs):
                    continue
                seen_text = True
                _, height = page.get_size()
                grids = _grids(raw, page)
                links = _links(raw, doc, page)
                _read_page(index + 1, height, glyphs, grids, links, state, data)
            finally:
                page.close()
        if not seen_text:
            raise NoTextLayer("the PDF has no text layer (a scanned image?): run OCR first", source=name)
        return count
    finally:
        doc.close()


# --------------------------------------------------------------------------- characters


def _glyphs(raw, textpage, repairs: Counter[str]) -> list[_Glyph]:
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
    out: list[_Glyph] = []
    last_base: _Glyph | None = None
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in (0x02, 0xFFFE):
            ch, cp = "-", 0x2D  # PDFium's code for a typed hyphen ending a line ("ถาม-" / "ตอบ")
        elif cp < 0x20 and cp != 0x09 or cp == 0xFFFF:
            continue  # line breaks PDFium adds: layout is rebuilt from geometry
        space = ch in _SPACES
        if space and is_generated(textpage, i):
            continue  # spaces PDFium invents between text objects; word gaps are measured below
        if cp == 0xFFFD and map_error(textpage, i):
            repairs["unmapped_glyph"] += 1
            continue
        if not space and last_base is not None and _is_mark(ch):
            last_base.text += ch
            continue
        loose_box(textpage, i, rect)
        origin(textpage, i, ox, oy)
        x0, x1 = min(rect.left, rect.right), max(rect.left, rect.right)
        y0, y1 = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
        em = font_size(textpage, i)
        if not 2.0 <= em <= 300.0 or not 0.2 <= (y1 - y0) / em <= 3.0:
            em = max(y1 - y0, 1.0) / 0.6  # size not usable (scaled text matrix): estimate from the box
        glyph = _Glyph(" " if space else ch, x0, x1, y0, y1, oy.value, em, space)
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


def _plumber_glyphs(chars: list[dict]) -> list[_Glyph]:
    """pdfplumber chars (stream order) as clusters, for the Thai-validity fallback."""
    out: list[_Glyph] = []
    last: _Glyph | None = None
    for c in chars:
        text = c.get("text") or ""
        if not text or text.startswith("(cid:"):
            continue
        for ch in text:
            if _is_mark(ch) and last is not None:
                last.text += ch
                continue
            space = ch in _SPACES
            em = float(c.get("size") or 10.0)
            g = _Glyph(" " if space else ch, c["x0"], c["x1"], c["y0"], c["y1"], c["matrix"][5], em, space)
            out.append(g)
            if not space:
                last = g
    return out


def _visual_lines(glyphs: list[_Glyph]) -> list[_VLine]:
    """Group glyphs into visual lines by baseline, top to bottom, each left to right."""
    if not glyphs:
        return []
    order = sorted(range(len(glyphs)), key=lambda i: (-glyphs[i].base, glyphs[i].x0))
    lines: list[list[int]] = []
    line_base = None
    for i in order:
        g = glyphs[i]
        if line_base is None or abs(g.base - line_base) > 0.4 * g.em:
            lines.append([i])
            line_base = g.base
        else:
            lines[-1].append(i)
    out = []
    for idx in lines:
        # x order, stream order breaking ties: keeps a glyph drawn over another in written order
        idx.sort(key=lambda i: (round(glyphs[i].x0, 1), i))
        members = [glyphs[i] for i in idx]
        members = _drop_phantom_spaces(members)
        if any(not g.space for g in members):
            out.append(_VLine(members))
    return out


def _drop_phantom_spaces(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Drop space glyphs drawn over a letter.

    LibreOffice puts a real space glyph over the first letter of link text ("( คลิ๊ก)" for
    "(คลิ๊ก)", "ใ นหน่วยงาน" when the letter's box starts a hair left of the space); a typed
    space is never half covered by the letter before or after it.
    """
    out = []
    for k, g in enumerate(glyphs):
        if g.space:
            width = max(g.x1 - g.x0, 0.1)
            before = next((h for h in reversed(glyphs[:k]) if not h.space), None)
            after = next((h for h in glyphs[k + 1 :] if not h.space), None)
            covered = max(
                (min(g.x1, h.x1) - max(g.x0, h.x0) for h in (before, after) if h is not None),
                default=0.0,
            )
            if covered > 0.5 * width:
                continue
        out.append(g)
    return out


# --------------------------------------------------------------------------- links


def _links(raw, doc, page) -> list[_PdfLink]:
    out: list[_PdfLink] = []
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
        out.append(_PdfLink(rects, *target))
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


def _link_ids(glyphs: list[_Glyph], links: list[_PdfLink]) -> list[int | None]:
    """For each glyph, the index of the link whose rectangle holds its centre (or None)."""
    ids: list[int | None] = [None] * len(glyphs)
    if not links or not glyphs:
        return ids
    x0, x1 = min(g.x0 for g in glyphs), max(g.x1 for g in glyphs)
    y0, y1 = min(g.y0 for g in glyphs), max(g.y1 for g in glyphs)
    near = [
        (li, link)
        for li, link in enumerate(links)
        if any(l <= x1 and r >= x0 and b <= y1 and t >= y0 for l, b, r, t in link.rects)
    ]
    if not near:
        return ids
    for k, g in enumerate(glyphs):
        cx, cy = g.cx, g.cy
        for li, link in near:
            if any(l - 0.5 <= cx <= r + 0.5 and b - 0.5 <= cy <= t + 0.5 for l, b, r, t in link.rects):
                ids[k] = li
                break
    return ids


# --------------------------------------------------------------------------- ruling lines -> grids


def _grids(raw, page) -> list[_Grid]:
    horizontal, vertical = _rules(raw, page)
    if not horizontal or not vertical:
        return []
    horizontal, vertical = _merge(horizontal), _merge(vertical)
    # Keep lines that meet the grid: an underline under link text touches no vertical rule.
    for _ in range(2):
        vertical = [v for v in vertical if sum(_touch(h, v) for h in horizontal) >= 2]
        horizontal = [h for h in horizontal if sum(_touch(h, v) for v in vertical) >= 2]
    grids = []
    for hs, vs in _components(horizontal, vertical):
        grid = _grid(hs, vs)
        if grid is not None:
            grids.append(grid)
    return grids


def _rules(raw, page) -> tuple[list[_Seg], list[_Seg]]:
    """Axis-aligned straight segments of visible paths (strokes and thin filled rectangles)."""
    horizontal: list[_Seg] = []
    vertical: list[_Seg] = []
    budget = [_MAX_SEGMENTS]
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
                _add_segment(prev, pt, horizontal, vertical)
            prev = pt
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_segment(pt, start, horizontal, vertical)
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


def _add_segment(p, q, horizontal: list[_Seg], vertical: list[_Seg]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= _MIN_RULE:
        horizontal.append(_Seg((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= _MIN_RULE:
        vertical.append(_Seg((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _merge(segs: list[_Seg]) -> list[_Seg]:
    """Merge collinear overlapping segments (the two long edges of a thin filled rectangle, too)."""
    segs = sorted(segs, key=lambda s: s.coord)
    buckets: list[list[_Seg]] = []
    for s in segs:
        if buckets and s.coord - buckets[-1][0].coord <= 1.5:
            buckets[-1].append(s)
        else:
            buckets.append([s])
    out = []
    for bucket in buckets:
        coord = sum(s.coord for s in bucket) / len(bucket)
        bucket.sort(key=lambda s: s.lo)
        cur = _Seg(coord, bucket[0].lo, bucket[0].hi)
        for s in bucket[1:]:
            if s.lo <= cur.hi + _TOL:
                cur.hi = max(cur.hi, s.hi)
            else:
                out.append(cur)
                cur = _Seg(coord, s.lo, s.hi)
        out.append(cur)
    return out


def _touch(h: _Seg, v: _Seg) -> bool:
    return v.lo - _TOL <= h.coord <= v.hi + _TOL and h.lo - _TOL <= v.coord <= h.hi + _TOL


def _components(horizontal: list[_Seg], vertical: list[_Seg]):
    """Connected sets of touching lines: one per table on the page."""
    n = len(horizontal)
    parent = list(range(n + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _touch(h, v):
                parent[find(i)] = find(n + j)
    groups: dict[int, tuple[list[_Seg], list[_Seg]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _edges(values: list[float]) -> list[float]:
    values = sorted(values)
    out: list[float] = []
    for v in values:
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


def _grid(hs: list[_Seg], vs: list[_Seg]) -> _Grid | None:
    """Cells of one ruled table, merged where the rule between two grid cells is missing."""
    xs = _edges([v.coord for v in vs])
    ys = list(reversed(_edges([h.coord for h in hs])))
    # A table drawn without its outer border: the row rules run past the outer verticals.
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    if left < xs[0] - 3 * _TOL:
        xs.insert(0, left)
    if right > xs[-1] + 3 * _TOL:
        xs.append(right)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None

    def wall_v(x: float, ylo: float, yhi: float) -> bool:
        mid = (ylo + yhi) / 2
        return any(abs(v.coord - x) <= _TOL and v.lo - _TOL <= mid <= v.hi + _TOL for v in vs)

    def wall_h(y: float, xlo: float, xhi: float) -> bool:
        mid = (xlo + xhi) / 2
        return any(abs(h.coord - y) <= _TOL and h.lo - _TOL <= mid <= h.hi + _TOL for h in hs)

    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not wall_v(xs[c + 1], ys[r + 1], ys[r]):
                parent[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not wall_h(ys[r + 1], xs[c], xs[c + 1]):
                parent[find(r * cols + c)] = find((r + 1) * cols + c)
    cells: list[_Cell] = []
    index: dict[int, int] = {}
    cell_of: dict[tuple[int, int], int] = {}
    for r in range(rows):
        for c in range(cols):
            root = find(r * cols + c)
            if root not in index:
                index[root] = len(cells)
                cells.append(_Cell(xs[c], xs[c + 1], ys[r], ys[r + 1], (r, r)))
            k = index[root]
            cell = cells[k]
            cell.x0, cell.x1 = min(cell.x0, xs[c]), max(cell.x1, xs[c + 1])
            cell.top, cell.bottom = max(cell.top, ys[r]), min(cell.bottom, ys[r + 1])
            cell.rows = (min(cell.rows[0], r), max(cell.rows[1], r))
            cell_of[(r, c)] = k
    if len(cells) < 2:
        return None  # a framed paragraph (a boxed heading), not a table: its text reads as text
    return _Grid(xs[0], xs[-1], ys[0], ys[-1], xs, ys, cell_of, cells)


def _logical_rows(grid: _Grid) -> list[list[_Cell]]:
    """Grid rows joined where a merged cell spans them; each row's cells left to right."""
    rows = len(grid.ys) - 1
    group = list(range(rows))
    for cell in grid.cells:
        for r in range(cell.rows[0] + 1, cell.rows[1] + 1):
            group[r] = group[cell.rows[0]]
    for r in range(1, rows):  # chains: a later span starting inside an earlier one
        group[r] = group[group[r]]
    out: dict[int, list[_Cell]] = {}
    for cell in grid.cells:
        out.setdefault(group[cell.rows[0]], []).append(cell)
    return [sorted(cells, key=lambda c: c.x0) for _, cells in sorted(out.items())]


# --------------------------------------------------------------------------- page assembly


@dataclass
class _PageCtx:
    page_no: int
    height: float
    links: list[_PdfLink]
    data: bytes


def _read_page(page_no, height, glyphs, grids, links, state: _State, data: bytes) -> None:
    ctx = _PageCtx(page_no, height, links, data)
    outside: list[_Glyph] = []
    prev: _Glyph | None = None
    prev_home: list[_Glyph] | None = None
    for g in glyphs:
        home = outside
        if (
            g.space
            and prev is not None
            and prev_home is not None
            and abs(g.base - prev.base) < 0.4 * g.em
            and abs(g.x0 - prev.x1) < 0.5 * g.em
        ):
            # A space goes with the letter it follows: LibreOffice draws the space a line wraps
            # at past the cell's edge, where it would land in the next column ("ใ นหน่วยงาน").
            home = prev_home
        else:
            for grid in grids:
                k = grid.locate(g.cx, g.cy)
                if k is not None:
                    home = grid.cells[k].glyphs
                    break
        home.append(g)
        prev, prev_home = g, home
    loose = _visual_lines(outside)
    if not grids:
        _read_words_page(loose, ctx, state)
        return
    # Reading order: grids and loose lines by their top edge.
    blocks: list[tuple[float, object]] = [(grid.top, grid) for grid in grids if any(c.glyphs for c in grid.cells)]
    blocks += [(line.top, line) for line in loose]
    blocks.sort(key=lambda b: -b[0])
    first_real = True
    for k, (_, block) in enumerate(blocks):
        if isinstance(block, _VLine):
            in_edge = _in_edge_zone(block, height) or _PAGE_NUMBER.match(_plain(block))
            if not in_edge:
                first_real = False
                if state.table is not None:
                    state.table.open = False  # text after the table: it does not run on
            _emit(state, ctx, block, column=None)
            continue
        _read_grid(block, ctx, state, starts_page=first_real)
        first_real = False
        if state.table is not None:
            state.table.open = True


def _in_edge_zone(line: _VLine, height: float) -> bool:
    return line.top > height * (1 - _EDGE_ZONE) or line.top < height * _EDGE_ZONE


def _plain(line: _VLine) -> str:
    """The line's text, Thai-normalized (PUA glyphs mapped), for header and code tests."""
    from ..thai import normalize

    return normalize("".join(g.text for g in line.glyphs)).strip()


def _cell_text(cell: _Cell) -> str:
    return " ".join(_plain(v) for v in _visual_lines(cell.glyphs))


def _read_grid(grid: _Grid, ctx: _PageCtx, state: _State, *, starts_page: bool) -> None:
    rows = _logical_rows(grid)
    header_at, roles = None, None
    for i, row in enumerate(rows[:3]):
        roles = _header_roles([_cell_text(c) for c in row])
        if roles is not None:
            header_at = i
            break
    table = state.table
    continuing = False
    if header_at is not None:
        bounds = [(c.x0, c.x1) for c in rows[header_at]]
        if table is not None and table.roles == roles and _same_columns(table.bounds, bounds):
            continuing = True  # the header repeated on a later page
        else:
            table = state.table = _Table(state.tables, roles, bounds)
            state.tables += 1
        for row in rows[:header_at]:  # a title row above the header is heading text
            for cell in row:
                for vline in _visual_lines(cell.glyphs):
                    _emit(state, ctx, vline, column=None)
        if continuing:
            body = rows[header_at + 1 :]
        else:
            table.last_row = 0
            _emit_row(state, ctx, table, rows[header_at], 0)
            body = rows[header_at + 1 :]
    else:
        edges = [(c.x0, c.x1) for c in rows[0]] if rows else []
        if table is not None and _compatible(table.bounds, grid):
            continuing = True
        else:
            table = _Table(state.tables, None, edges)
            state.tables += 1
            if state.table is None or state.table.roles is None:
                state.table = table  # else the checklist table stays current: its next page may follow
        body = rows
    for n, row in enumerate(body):
        if not any(c.glyphs for c in row):
            continue
        if n == 0 and continuing and starts_page and table.open and table.last_row >= 0 and _continues(table, row):
            row_index = table.last_row  # the row broke across the page: same row for the assembler
        else:
            row_index = table.last_row + 1
        table.last_row = row_index
        _emit_row(state, ctx, table, row, row_index)


def _same_columns(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return len(a) == len(b) and all(abs(p[0] - q[0]) <= _TOL * 2 and abs(p[1] - q[1]) <= _TOL * 2 for p, q in zip(a, b))


def _compatible(bounds: list[tuple[float, float]], grid: _Grid) -> bool:
    """Whether a headerless grid can continue a table with these header column ranges."""
    if not bounds:
        return False
    if abs(bounds[0][0] - grid.x0) > _TOL * 2 or abs(bounds[-1][1] - grid.x1) > _TOL * 2:
        return False
    edges = [x for b in bounds for x in b]
    return all(any(abs(x - e) <= _TOL * 2 for e in edges) for x in grid.xs)


def _role(table: _Table, cell: _Cell) -> Column | None:
    bounds = table.bounds
    if len(bounds) > 1 and cell.x0 <= bounds[0][0] + _TOL * 2 and cell.x1 >= bounds[-1][1] - _TOL * 2:
        return "topic"  # one merged cell across the table: a topic heading row
    if table.roles is None:
        return None
    best, overlap = None, 0.0
    for (x0, x1), role in zip(bounds, table.roles):
        o = min(x1, cell.x1) - max(x0, cell.x0)
        if o > overlap:
            best, overlap = role, o
    return best


def _continues(table: _Table, row: list[_Cell]) -> bool:
    """A page's first row continues the last row when its code cell is empty and others are not."""
    roles = [_role(table, c) for c in row]
    if "topic" in roles:
        return False
    if "code" in roles:
        code = row[roles.index("code")]
        return not code.glyphs and any(c.glyphs for c in row if c is not code)
    first = row[0]
    if not first.glyphs:
        return any(c.glyphs for c in row[1:])
    return not _ITEM_CODE.match(_cell_text(first))


def _emit_row(state: _State, ctx: _PageCtx, table: _Table, row: list[_Cell], row_index: int) -> None:
    for cell in row:
        role = _role(table, cell)
        for vline in _visual_lines(cell.glyphs):
            _emit(state, ctx, vline, column=role, table=table.index, row=row_index)


# --------------------------------------------------------------------------- pages without ruling


def _chunks(line: _VLine, gap_em: float) -> list[list[_Glyph]]:
    """Split a visual line where the horizontal gap exceeds gap_em (column gutters)."""
    out: list[list[_Glyph]] = []
    prev = None
    for g in line.glyphs:
        if g.space:
            continue
        if prev is None or g.x0 - prev.x1 > gap_em * g.em:
            out.append([g])
        else:
            out[-1].append(g)
        prev = g
    return out


def _header_chunks(line: _VLine) -> tuple[list[Column | None], list[tuple[float, float]]] | None:
    for gap in (0.8, 0.25):
        chunks = _chunks(line, gap)
        if len(chunks) >= 2:
            roles = _header_roles([_plain(_VLine(c)) for c in chunks])
            if roles is not None:
                return roles, [(c[0].x0, c[-1].x1) for c in chunks]
    return None


def _read_words_page(lines: list[_VLine], ctx: _PageCtx, state: _State) -> None:
    """A form drawn without ruling: column boundaries from the header words' x positions."""
    table = state.table
    if table is not None and not table.words:
        table = None  # a ruled table does not continue on an unruled page
    pending: dict[int, list[_VLine]] = {}
    row_index = None
    first_real = True

    def flush() -> None:
        nonlocal pending
        if table is None or not pending:
            pending = {}
            return
        for col in sorted(pending):
            role = table.roles[col] if table.roles else None
            for vline in pending[col]:
                _emit(state, ctx, vline, column=role, table=table.index, row=row_index)
        pending = {}

    for k, line in enumerate(lines):
        header = _header_chunks(line)
        if header is not None:
            roles, spans = header
            if table is not None and table.roles == roles:
                continue  # the header repeated on a later page
            flush()
            table = state.table = _Table(state.tables, roles, _word_bounds(spans, lines[k + 1 :]), words=True)
            state.tables += 1
            table.last_row = 0
            row_index = 0
            for col, chunk in enumerate(_split_columns(line, table) or []):
                if chunk:
                    _emit(state, ctx, _VLine(chunk), column=roles[col], table=table.index, row=0)
            first_real = False
            continue
        edge = _in_edge_zone(line, ctx.height) or _PAGE_NUMBER.match(_plain(line))
        if table is None or edge:
            if not edge and table is not None:
                table.open = False
            flush()  # keep reading order: the row so far, then this line
            _emit(state, ctx, line, column=None)
            continue
        parts = _split_columns(line, table)
        code_col = table.roles.index("code") if table.roles and "code" in table.roles else None
        if parts is not None and code_col is not None and parts[code_col] and not any(p for i, p in enumerate(parts) if i != code_col):
            if not _ITEM_CODE.match(_plain(_VLine(parts[code_col]))):
                parts = None  # text only where codes go, and not a code: a topic heading
        if parts is None:  # one run of text across column gutters: a topic row
            flush()
            table.last_row += 1
            row_index = table.last_row
            _emit(state, ctx, line, column="topic", table=table.index, row=row_index)
            first_real = False
            continue
        if code_col is not None:
            new_row = bool(parts[code_col])
        else:  # code and title share the first column: a new row starts with an item code
            new_row = bool(parts[0]) and bool(_ITEM_CODE.match(_plain(_VLine(parts[0]))))
        if row_index is None:
            # the first text on a page: continues the last row unless it starts an item
            if new_row or not (first_real and table.open):
                table.last_row += 1
            row_index = table.last_row
        elif new_row:
            flush()
            table.last_row += 1
            row_index = table.last_row
        for col, chunk in enumerate(parts):
            if chunk:
                pending.setdefault(col, []).append(_VLine(chunk))
        first_real = False
    flush()
    if table is not None:
        table.open = True


def _word_bounds(spans: list[tuple[float, float]], body: list[_VLine]) -> list[tuple[float, float]]:
    """Column ranges: a column starts at the leftmost frequent text start between two header words."""
    starts: Counter[int] = Counter()
    for line in body[:200]:
        for chunk in _chunks(line, 0.8):
            starts[round(chunk[0].x0)] += 1
    frequent = sorted(x for x, n in starts.items() if n >= 2)
    lefts = [spans[0][0]]
    for i in range(1, len(spans)):
        cands = [x for x in frequent if spans[i - 1][1] < x <= spans[i][0] + 1]
        lefts.append(min(cands) if cands else spans[i][0])
    lefts = [x - 1.0 for x in lefts]
    return [(lefts[i], lefts[i + 1] if i + 1 < len(lefts) else float("inf")) for i in range(len(lefts))]


def _split_columns(line: _VLine, table: _Table) -> list[list[_Glyph]] | None:
    """The line's glyphs per column, or None when one run of text crosses a column boundary."""
    parts: list[list[_Glyph]] = [[] for _ in table.bounds]
    for chunk in _chunks(line, 0.8):
        col = _column_at(table, chunk[0].x0 + 0.5)
        end = _column_at(table, chunk[-1].x1 - 0.5)
        if end != col:
            return None
        parts[col].extend(chunk)
    # keep typed spaces inside each column's text
    for g in line.glyphs:
        if g.space:
            parts[_column_at(table, g.cx)].append(g)
    for p in parts:
        p.sort(key=lambda g: g.x0)
    return parts


def _column_at(table: _Table, x: float) -> int:
    for i, (x0, x1) in enumerate(table.bounds):
        if x < x1:
            return i
    return len(table.bounds) - 1


# --------------------------------------------------------------------------- text, links, Thai


def _emit(state: _State, ctx: _PageCtx, vline: _VLine, *, column: Column | None, table: int | None = None, row: int | None = None) -> None:
    from .. import thai

    text, links = _line_text(vline.glyphs, ctx.links, state.repairs)
    if text and thai.thai_invalid_count(text) > 0:
        better = _plumber_line(state, ctx, vline)
        if better is not None and thai.thai_invalid_count(better[0]) < thai.thai_invalid_count(text):
            state.repairs["pdfplumber_text"] += 1
            text, links = better
    if text:
        state.lines.append(Line(text=text, links=links, page=ctx.page_no, table=table, row=row, column=column))


def _line_text(glyphs: list[_Glyph], pdf_links: list[_PdfLink], repairs: Counter[str]) -> tuple[str, list[Link]]:
    """The line's text, Thai-normalized piece by piece so link offsets stay exact."""
    from ..thai import explain

    ids = _link_ids(glyphs, pdf_links)
    # A word gap without a space glyph (text placed word by word) is wider than most of the
    # font's own space; a fallback font's side bearings ("o" + "๔" at 0.2 em) are not.
    widths = sorted(g.x1 - g.x0 for g in glyphs if g.space and g.x1 > g.x0)
    gap = 0.8 * widths[len(widths) // 2] if widths else None
    pieces: list[tuple[str, int | None]] = []
    prev: _Glyph | None = None
    for k, (g, lid) in enumerate(zip(glyphs, ids)):
        if prev is not None and not g.space and not prev.space and (
            g.x0 - prev.x1 > (gap or 0.25 * g.em) or (k == 1 and _bullet_gap(prev, g))
        ):
            # a word gap with no space glyph (text positioned word by word)
            pieces.append((" ", lid if lid == pieces[-1][1] else None))
        pieces.append((g.text, lid))
        prev = g
    # runs of one link id
    runs: list[tuple[int | None, str]] = []
    for text, lid in pieces:
        if runs and runs[-1][0] == lid:
            runs[-1] = (lid, runs[-1][1] + text)
        else:
            runs.append((lid, text))
    out = ""
    links: list[Link] = []
    for lid, text in runs:
        core = text.strip()
        if text[: len(text) - len(text.lstrip())] and out and not out.endswith(" "):
            out += " "
        if core:
            fixed, applied = explain(core)
            repairs.update(applied)
            fixed = fixed.strip()
            if fixed:
                start = len(out)
                out += fixed
                if lid is not None:
                    link = pdf_links[lid]
                    links.append(Link(start, len(out), link.url, link.kind))
        if text[len(text.rstrip()) :] and out and not out.endswith(" "):
            out += " "
    stripped = out.rstrip()
    links = [lk for lk in links if lk.end <= len(stripped)]
    if stripped and out != stripped:
        # A space glyph ends the line: the author's word break at the wrap, kept for the
        # assembler's join (PDFium's invented spaces never get here).
        stripped += " "
    return stripped, links


def _bullet_gap(bullet: _Glyph, nxt: _Glyph) -> bool:
    """A line-leading bullet set off by a narrow gap: PDFium drops a no-break space glyph
    ("O" + NBSP + "แสดง" in Garuda, 0.16 em wide) and only the gap is left."""
    return bullet.text in _BULLETS and not nxt.text[0].isdigit() and nxt.x0 - bullet.x1 > 0.08 * nxt.em


def _plumber_line(state: _State, ctx: _PageCtx, vline: _VLine) -> tuple[str, list[Link]] | None:
    """The same line read by pdfplumber (opened lazily, only for Thai-invalid lines)."""
    if state.plumber is False:
        return None
    import logging

    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # a damaged file makes pdfminer log a warning per object
    quiet_plumber = logging.getLogger("pdfplumber")
    plumber_level = quiet_plumber.level
    quiet_plumber.setLevel(logging.ERROR)
    try:
        if state.plumber is None:
            import pdfplumber

            state.plumber = pdfplumber.open(io.BytesIO(ctx.data))
        page = state.plumber.pages[ctx.page_no - 1]  # type: ignore[attr-defined]
        x0 = min(g.x0 for g in vline.glyphs) - 0.5
        x1 = max(g.x1 for g in vline.glyphs) + 0.5
        em = max(g.em for g in vline.glyphs)
        base = vline.base
        chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and abs(c["matrix"][5] - base) <= 0.4 * em]
        glyphs = _plumber_glyphs(chars)
        if not glyphs:
            return None
        glyphs.sort(key=lambda g: g.x0)
        glyphs = _drop_phantom_spaces(glyphs)
        return _line_text(glyphs, ctx.links, Counter())
    except Exception:  # the fallback is best-effort: PDFium's text stands
        if state.plumber:
            try:
                state.plumber.close()  # type: ignore[attr-defined]
            except Exception:
                pass
        state.plumber = False
        return None
    finally:
        quiet.setLevel(level)
        quiet_plumber.setLevel(plumber_level)

