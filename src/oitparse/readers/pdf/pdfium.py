"""Everything that talks to PDFium (pypdfium2 and ctypes): opening, characters, links, path segments.

The other stages see plain Python values: :class:`~.text.Glyph`, :class:`~.text.PdfLink` and
:class:`~.geometry.Seg`.
"""

from __future__ import annotations

import ctypes
import io
import re
import struct
import threading
from collections import Counter

from ...errors import CorruptDocument, EmptyDocument, EncryptedDocument
from ..base import LinkKind
from . import _compiled
from .geometry import Seg, add_segment
from .text import SPACES, Glyph, PdfLink, is_mark

MAX_SEGMENTS = 20_000  # per page: a vector drawing (map, logo) is not a table grid

#: PDFium is not thread-safe: two threads in it at once can crash the process (seen: the
#: link checker's content reader in its thread while another thread made a PDF). Every use
#: of PDFium in oitparse holds this lock; a program calling pypdfium2 itself from threads
#: should hold it too.
LOCK = threading.RLock()
_FLOAT6 = struct.Struct("6f")  # an FS_MATRIX
_FLOAT8 = struct.Struct("8f")  # an FS_QUADPOINTSF
_FLOAT4 = struct.Struct("4f")  # an FS_RECTF, read in one step (a ctypes array unpacks ~5x slower)


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


def _bare(fn, restype):
    """``fn`` without pypdfium2's argtypes: ctypes then skips converting each argument, which
    halves the cost of a call (~0.5 us instead of ~1.2 us). Callers pass exact C types: a
    c_void_p handle, Python ints for ``int``, ``byref`` pointers. It keeps
    the GIL (PYFUNCTYPE): these calls take well under a microsecond, releasing and taking the
    GIL back around each one costs a fifth of that."""
    bare = ctypes.PYFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)
    bare.argtypes = None
    return bare


_calls: dict = {}


def _char_calls(raw) -> tuple:
    """The per-character PDFium calls, bound once per process."""
    if not _calls:
        _calls["all"] = (
            _bare(raw.FPDFText_IsGenerated, ctypes.c_int),
            _bare(raw.FPDFText_HasUnicodeMapError, ctypes.c_int),
            _bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int),
            _bare(raw.FPDFText_GetCharOrigin, ctypes.c_int),
            _bare(raw.FPDFText_GetFontSize, ctypes.c_double),
        )
    return _calls["all"]


# What a character of PDFium's text is to the glyph loop, one letter each (the compiled loop
# reads them as bytes), memoized per code point: ``text.translate(_KINDS)`` spells a page's kinds.
_BASE, _MARK, _SPACE, _SKIP, _HYPHEN, _UNMAPPED = "b", "m", "s", "k", "h", "u"


class _Kinds(dict):
    def __missing__(self, cp: int) -> str:
        kind = self[cp] = _kind(chr(cp))
        return kind


_KINDS: dict[int, str] = _Kinds()


def _kind(ch: str) -> str:
    cp = ord(ch)
    if cp in (0x02, 0xFFFE):
        return _HYPHEN
    if cp < 0x20 and cp != 0x09 or cp == 0xFFFF:
        return _SKIP
    if ch in SPACES:
        return _SPACE
    if cp == 0xFFFD:
        return _UNMAPPED  # a base character unless PDFium says its font could not map it
    return _MARK if is_mark(ch) else _BASE


def _address(handle) -> int:
    """A pypdfium2 handle (ctypes pointer) as the address the compiled loops take."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def glyphs(raw, textpage, repairs: Counter[str]) -> list[Glyph]:
    """The page's characters as Thai clusters in content-stream order.

    Marks join the base before them in stream order, not by position: their boxes sit above or
    below and sorting them by x is what scrambles pdfplumber's Thai. After a line break PDFium
    reports, a mark joins the base before it only where it sits over that base: some fonts' runs
    start a line with the mark of the base after it ("ู" "ผ" for "ผู"). A mark needs no box of its
    own, so PDFium is asked for boxes of base characters only: one call each, two more (baseline,
    font size) where a text run starts.
    """
    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = _page_text(raw, textpage, n)
    kinds = text.translate(_KINDS)
    helper = _compiled.helper
    if helper is None:
        return _glyphs_python(raw, textpage, text, kinds, repairs)
    if "addresses" not in _calls:
        _char_calls(raw)
        _calls["addresses"] = tuple(map(_address, _calls["all"]))
    out, unmapped = helper.glyphs(_address(textpage.raw), text, kinds.encode("ascii"), _calls["addresses"], Glyph)
    if unmapped:
        repairs["unmapped_glyph"] += unmapped
    return out


def _glyphs_python(raw, textpage, text: str, kinds: str, repairs: Counter[str]) -> list[Glyph]:
    """:func:`glyphs`'s loop in Python: the specification of the compiled one (``_speedups.glyphs``),
    and what runs where it was not built."""
    is_generated, map_error, loose_box, origin, font_size = _char_calls(raw)
    handle = ctypes.c_void_p(_address(textpage.raw))
    box = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
    box_p, read_box = ctypes.byref(box), _FLOAT4.unpack_from
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_p, oy_p = ctypes.byref(ox), ctypes.byref(oy)
    out: list[Glyph] = []
    append = out.append
    last_base: Glyph | None = None
    pending = ""  # marks that opened a line, waiting for their base
    broke = False  # a line break since the last base
    # bottom, top, baseline and size of the text run the last boxed character was in
    run_bottom = run_top = None
    run_base = run_em = 0.0
    for i, (ch, kind) in enumerate(zip(text, kinds)):
        if kind == _BASE:
            pass
        elif kind == _MARK:
            # A Thai mark rides a consonant: after a line break, or after a base that is no
            # consonant ("ว่า" "ู" "ผ", a font drawing the mark before its base), it joins the
            # base before only where it sits over it, else it waits for the next base.
            stray = "\u0e31" <= ch <= "\u0e4e" and last_base is not None and not _is_consonant(last_base.text[0])
            if last_base is not None and not pending and (
                not (broke or stray) or _over(last_base, handle, i, loose_box, box_p, box, slack=0.0 if stray else 0.5)
            ):
                last_base.text += ch
            else:
                pending += ch
            continue
        elif kind == _SKIP:
            broke = True  # a line break PDFium adds: layout is rebuilt from geometry
            continue
        elif kind == _SPACE:
            if is_generated(handle, i):
                # spaces PDFium invents between text objects; word gaps are measured later. A
                # new text object may start a new line (with no break reported): a mark after
                # it joins the base before only where it sits over it, as after a break.
                broke = True
                continue
        elif kind == _HYPHEN:
            ch = "-"  # PDFium's code for a typed hyphen ending a line ("ถาม-" / "ตอบ")
        elif map_error(handle, i):  # U+FFFD
            repairs["unmapped_glyph"] += 1
            continue
        loose_box(handle, i, box_p)
        left, top, right, bottom = read_box(box)
        if top != run_top or (bottom != run_bottom and bottom != run_base):
            # PDFium's loose box reaches from the origin (or the font's descent below it) to the
            # font's ascent: the same top, and the same bottom or the run's baseline as bottom,
            # is the same text run, whose baseline and size are known without two more calls.
            origin(handle, i, ox_p, oy_p)
            run_base = oy.value
            em = font_size(handle, i)
            lo, hi = (bottom, top) if bottom <= top else (top, bottom)
            if not 2.0 <= em <= 300.0 or not 0.2 <= (hi - lo) / em <= 3.0:
                em = max(hi - lo, 1.0) / 0.6  # size not usable (scaled text matrix): estimate from the box
            run_bottom, run_top, run_em = bottom, top, em
        if left > right or bottom > top:  # rare (mirrored text): one test for the usual case
            if left > right:
                left, right = right, left
            if bottom > top:
                bottom, top = top, bottom
        if kind == _SPACE:
            append(Glyph(" ", left, right, bottom, top, run_base, run_em, True))
        else:
            last_base = Glyph(ch + pending, left, right, bottom, top, run_base, run_em, False)
            pending, broke = "", False
            append(last_base)
    return out


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def _over(base: Glyph, handle, i: int, loose_box, box_p, box, *, slack: float = 0.5) -> bool:
    """Whether character i's box sits over the base glyph (its centre within ``slack`` ems of it)."""
    loose_box(handle, i, box_p)
    left, _, right, _ = _FLOAT4.unpack_from(box)
    centre = (left + right) / 2
    return base.x0 - slack * base.em <= centre <= base.x1 + slack * base.em


def _page_text(raw, textpage, n: int) -> str:
    """All n characters in one call; per character when UTF-16 surrogates break the 1:1 indexing."""
    buf = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(memoryview(buf).cast("B"))[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) == n:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))


# --------------------------------------------------------------------------- links


def _link_calls(raw) -> tuple:
    """The per-link PDFium calls of :func:`links`, bound once per process, bare (see :func:`_bare`):
    a page of a checklist holds dozens of links, and pypdfium2's argument conversions were
    most of their cost."""
    if "link" not in _calls:
        _calls["link"] = (
            _bare(raw.FPDFLink_Enumerate, ctypes.c_int),
            _bare(raw.FPDFLink_GetAction, _Handle),
            _bare(raw.FPDFAction_GetType, ctypes.c_ulong),
            _bare(raw.FPDFAction_GetURIPath, ctypes.c_ulong),
            _bare(raw.FPDFLink_CountQuadPoints, ctypes.c_int),
            _bare(raw.FPDFLink_GetQuadPoints, ctypes.c_int),
        )
    return _calls["link"]


def links(raw, doc, page) -> list[PdfLink]:
    """The page's link annotations with a usable target, each with its rectangles."""
    enumerate_links, get_action, action_type, uri_path, count_quads, get_quad = _link_calls(raw)
    page_h, doc_h = _Handle(_address(page.raw)), _Handle(_address(doc.raw))
    out: list[PdfLink] = []
    pos = ctypes.c_int(0)
    link = _Handle()
    pos_p, link_p = ctypes.byref(pos), ctypes.byref(link)
    quad = (ctypes.c_float * 8)()  # FS_QUADPOINTSF: x1, y1, x2, y2, x3, y3, x4, y4
    quad_p, read_quad = ctypes.byref(quad), _FLOAT8.unpack_from
    uri = raw.PDFACTION_URI
    while enumerate_links(page_h, pos_p, link_p):
        action = get_action(link)
        if action and action_type(action) == uri:  # the usual link: to a web address
            size = uri_path(doc_h, action, None, ctypes.c_ulong(0))
            buf = ctypes.create_string_buffer(size)
            uri_path(doc_h, action, buf, ctypes.c_ulong(size))
            target = _uri_target(buf.value)
        else:
            target = _link_target(raw, doc, page, ctypes.cast(link, raw.FPDF_LINK))
        if target is None:
            continue
        rects = []
        for q in range(max(count_quads(link), 0)):
            if get_quad(link, q, quad_p):
                x1, y1, x2, y2, x3, y3, x4, y4 = read_quad(quad)
                rects.append((min(x1, x2, x3, x4), min(y1, y2, y3, y4), max(x1, x2, x3, x4), max(y1, y2, y3, y4)))
        if not rects:
            r = raw.FS_RECTF()
            if not raw.FPDFLink_GetAnnotRect(ctypes.cast(link, raw.FPDF_LINK), r):
                continue
            rects.append((min(r.left, r.right), min(r.bottom, r.top), max(r.left, r.right), max(r.bottom, r.top)))
        out.append(PdfLink(rects, *target))
    return out


def _uri_target(data: bytes) -> tuple[str, LinkKind] | None:
    url = _decode_uri(data).strip()
    if not url:
        return None
    return url, "mailto" if url.lower().startswith("mailto:") else "external"


def _link_target(raw, doc, page, link) -> tuple[str, LinkKind] | None:
    action = raw.FPDFLink_GetAction(link)
    if action:
        kind = raw.FPDFAction_GetType(action)
        if kind == raw.PDFACTION_URI:
            size = raw.FPDFAction_GetURIPath(doc, action, None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(doc, action, buf, size)
            return _uri_target(buf.value)
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


class _Handle(ctypes.c_void_p):
    """A PDFium handle as a bare call returns it: ctypes turns a plain c_void_p result into an
    int (which a bare call would pass as a 32-bit int), a subclass stays a pointer object."""


def _path_calls(raw) -> dict:
    """The per-object and per-segment PDFium calls of :func:`rules`, bound once per process:
    bare (see :func:`_bare`), handles in and out as :class:`_Handle`."""
    if "path" not in _calls:
        i = ctypes.c_int
        _calls["path"] = {
            "page_object": _bare(raw.FPDFPage_GetObject, _Handle),
            "form_count": _bare(raw.FPDFFormObj_CountObjects, i),
            "form_object": _bare(raw.FPDFFormObj_GetObject, _Handle),  # index: pass a c_ulong
            "type": _bare(raw.FPDFPageObj_GetType, i),
            "matrix": _bare(raw.FPDFPageObj_GetMatrix, i),
            "draw_mode": _bare(raw.FPDFPath_GetDrawMode, i),
            "stroke_color": _bare(raw.FPDFPageObj_GetStrokeColor, i),
            "fill_color": _bare(raw.FPDFPageObj_GetFillColor, i),
            "count_segments": _bare(raw.FPDFPath_CountSegments, i),
            "segment": _bare(raw.FPDFPath_GetPathSegment, _Handle),
            "point": _bare(raw.FPDFPathSegment_GetPoint, i),
            "segment_type": _bare(raw.FPDFPathSegment_GetType, i),
            "close": _bare(raw.FPDFPathSegment_GetClose, i),
        }
    return _calls["path"]


#: The calls of :func:`_path_calls`, in the order the compiled walk takes their addresses.
PATH_CALLS = (
    "page_object", "form_count", "form_object", "type", "matrix", "draw_mode", "stroke_color",
    "fill_color", "count_segments", "segment", "point", "segment_type", "close",
)


def rules(raw, page) -> tuple[list[Seg], list[Seg]]:
    """Axis-aligned straight segments of visible paths (strokes and thin filled rectangles)."""
    strokes, budget = strokes_of(raw, page)
    if budget <= 0:
        return [], []  # a drawing, not a form: read the page by word positions
    horizontal: list[Seg] = []
    vertical: list[Seg] = []
    for p, q in strokes:
        add_segment(p, q, horizontal, vertical)
    return horizontal, vertical


def strokes_of(raw, page) -> tuple[list[tuple[tuple[float, float], tuple[float, float]]], int]:
    """The straight strokes of the page's visible paths in page space, in drawing order, and
    what is left of the ``MAX_SEGMENTS`` budget (0 or less: too many to be a form's ruling)."""
    count = raw.FPDFPage_CountObjects(page)
    helper = _compiled.helper
    if helper is None:
        return _strokes_python(raw, page, count)
    if "path_addresses" not in _calls:
        call = _path_calls(raw)
        _calls["path_addresses"] = tuple(_address(call[name]) for name in PATH_CALLS)
    kinds = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO)
    return helper.path_segments(_address(page.raw), count, _calls["path_addresses"], kinds, MAX_SEGMENTS)


def _strokes_python(raw, page, count: int) -> tuple[list[tuple[tuple[float, float], tuple[float, float]]], int]:
    """:func:`strokes_of`'s walk in Python: the specification of the compiled one
    (``_speedups.path_segments``), and what runs where it was not built."""
    strokes: list[tuple[tuple[float, float], tuple[float, float]]] = []
    add = strokes.append
    budget = [MAX_SEGMENTS]
    call = _path_calls(raw)
    obj_type, count_segments, get_segment, get_point = call["type"], call["count_segments"], call["segment"], call["point"]
    segment_type, segment_close = call["segment_type"], call["close"]
    vp, byref = ctypes.c_void_p, ctypes.byref
    x, y = ctypes.c_float(), ctypes.c_float()
    x_p, y_p = byref(x), byref(y)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_p = [byref(c) for c in rgba]
    m = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
    path_kind, form_kind = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO

    fill_p, stroke_p, m_p = byref(fill), byref(stroke), byref(m)
    draw_mode, stroke_color, fill_color, matrix = call["draw_mode"], call["stroke_color"], call["fill_color"], call["matrix"]

    def visible(obj: _Handle) -> bool:
        if not draw_mode(obj, fill_p, stroke_p):
            return True
        if not fill.value and not stroke.value:
            return False  # a clipping path or invisible outline
        get = stroke_color if stroke.value else fill_color
        if get(obj, *rgba_p):
            r, g, b, a = (c.value for c in rgba)
            if a == 0 or (r > 240 and g > 240 and b > 240):
                return False  # white or transparent borders are not drawn lines
        return True

    def walk(obj: _Handle, ctm, depth: int) -> None:
        kind = obj_type(obj)
        if kind not in (path_kind, form_kind) or budget[0] <= 0:
            return
        if not matrix(obj, m_p):
            return
        mat = _compose(_FLOAT6.unpack_from(m), ctm)
        if kind == form_kind:
            if depth < 8:
                for j in range(call["form_count"](obj)):
                    walk(call["form_object"](obj, ctypes.c_ulong(j)), mat, depth + 1)
            return
        if not visible(obj):
            return
        n = count_segments(obj)
        budget[0] -= n
        start = prev = None
        a, b, c, d, e, f = mat
        for s in range(n):
            seg = get_segment(obj, s)
            get_point(seg, x_p, y_p)
            px, py = x.value, y.value
            pt = (a * px + c * py + e, b * px + d * py + f)
            typ = segment_type(seg)
            if typ == moveto:
                start = prev = pt
                continue
            if typ == lineto and prev is not None:
                add((prev, pt))
            prev = pt
            if segment_close(seg) and start is not None:
                add((pt, start))
                prev = start

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    handle = vp(_address(page.raw))
    page_object = call["page_object"]
    for i in range(count):
        obj = page_object(handle, i)
        if obj_type(obj) in (path_kind, form_kind):  # most objects are text: skip them here
            walk(obj, identity, 0)
    return strokes, budget[0]


def _compose(m, n):
    """The matrix applying m, then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
