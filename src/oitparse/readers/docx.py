"""DOCX reader: the package's main document part -> :class:`~oitparse.readers.base.Document`.

The WordprocessingML is walked directly with lxml (not python-docx): python-docx's
``paragraph.text`` drops hyperlink runs in some versions, hides nested tables, and
would parse every part of an untrusted package. Walking the XML ourselves lets us
read only the two parts we need (main document + its relationships) through a
hardened parser after checking the zip for bombs.

Also home of the line-building helpers shared with the HTML reader (``LineBuilder``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..errors import CorruptDocument, EmptyDocument, LimitExceeded, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, Limits, check_time
from ..thai import explain  # imports only `regex` at top level (PyThaiNLP lazily)
from ..urls import typed_urls
from .base import Document, Line, Link, LinkKind, check_size, heading_of, one_line, reading
from .tables import MAX_COLUMNS, Cell, Row, Table, Tagger, clamp_span

# ---------------------------------------------------------------------------
# Shared line building (also used by readers/html.py)
# ---------------------------------------------------------------------------

#: A link target as (url, kind); None where the text is not linked.
LinkTarget = tuple[str, LinkKind]

# Typed URLs: http(s)://... or www....; they end at whitespace, at characters never
# unescaped in a URL, and at Thai letters: a typed URL is often followed by its Thai
# label with no space ("https://a.go.th/x(คลิ๊ก)"), and browsers copy Thai paths
# percent-encoded anyway.


def link_kind(url: str) -> LinkKind:
    """The kind of a link target: internal (bookmark), mailto, or external."""
    if url.startswith("#"):
        return "internal"
    if url[:7].lower() == "mailto:":
        return "mailto"
    return "external"


def _offset_maps(src: str, dst: str) -> tuple[list[int], list[int]] | None:
    """Map each offset of ``src`` to ``dst``: (start map, end map), or None if too costly.

    Used when a repair crossed a link boundary. Only the span between the common
    prefix and suffix is aligned (difflib is quadratic on long Thai text); inside a
    changed block a start snaps to the block's start and an end to its end.
    """
    pre = 0
    limit = min(len(src), len(dst))
    while pre < limit and src[pre] == dst[pre]:
        pre += 1
    suf = 0
    while suf < limit - pre and src[-1 - suf] == dst[-1 - suf]:
        suf += 1
    a, b = src[pre : len(src) - suf], dst[pre : len(dst) - suf]
    if len(a) + len(b) > 4000:
        return None
    starts = list(range(len(src) + 1))
    ends = list(range(len(src) + 1))
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i1, i2 + 1):
                starts[pre + k] = ends[pre + k] = pre + j1 + (k - i1)
        else:
            for k in range(i1, i2):
                starts[pre + k] = pre + j1
            for k in range(i1 + 1, i2 + 1):
                ends[pre + k] = pre + j2
    shift = len(dst) - len(src)
    for k in range(len(src) - suf, len(src) + 1):
        starts[k] = ends[k] = k + shift
    return starts, ends


_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # NBSP and other odd spaces are left to thai.explain (it counts them)


class LineBuilder:
    """Accumulates one line's text with the link each piece belongs to.

    Whitespace runs collapse to one space as they are added (so offsets stay exact);
    :meth:`finish` trims, Thai-normalizes and carries link offsets through.
    """

    __slots__ = ("_parts", "_length", "_spans", "_last_space")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._spans: list[list] = []  # [start, end, url, kind]
        self._last_space = True  # drop leading spaces

    def add(self, text: str, link: LinkTarget | None = None) -> None:
        if not text:
            if link is not None:  # an empty label (e.g. a linked image) still marks a link
                self._mark(link, self._length, self._length)
            return
        text = _SPACE.sub(" ", text)
        if self._last_space and text.startswith(" "):
            text = text[1:]
        if not text:
            if link is not None:  # a whitespace-only label at a line start: keep a zero-width mark
                self._mark(link, self._length, self._length)
            return
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self._last_space = text.endswith(" ")
        if link is not None:
            self._mark(link, start, self._length)

    def _mark(self, link: LinkTarget, start: int, end: int) -> None:
        last = self._spans[-1] if self._spans else None
        if last and (last[2], last[3]) == link and last[1] >= start - 1:
            last[1] = end  # same link continues (a label split over several runs)
        else:
            self._spans.append([start, end, link[0], link[1]])

    @property
    def empty(self) -> bool:
        return not self._parts and not self._spans

    def finish(self, repairs: Counter[str], **where) -> Line | None:
        """The normalized Line (None when it holds no text and no link); resets the builder."""
        raw = "".join(self._parts)
        spans = self._spans
        self._parts, self._length, self._spans, self._last_space = [], 0, [], True
        if not raw.strip() and not spans:
            return None
        if not spans:
            text, counts = explain(raw)
            repairs.update(counts)
            text, links = text.strip(), []
        else:
            text, links = self._normalize_linked(raw, spans, explain, repairs)
        links.sort(key=lambda lk: (lk.start, lk.end))
        typed = _typed_links(text, links)
        if typed:
            links = sorted(links + typed, key=lambda lk: (lk.start, lk.end))
        if not text and not links:
            return None
        return Line(text, links, **where)

    @staticmethod
    def _normalize_linked(raw: str, spans: list[list], explain, repairs: Counter[str]) -> tuple[str, list[Link]]:
        """Normalize a line piece by piece between link boundaries, so link offsets stay exact.

        The repairs are all local, so a second pass over the joined text only fires
        when one straddles a boundary (rare); then offsets are re-aligned.
        """
        bounds = sorted({0, len(raw), *(min(x, len(raw)) for sp in spans for x in sp[:2])})
        where = {}  # raw offset -> normalized offset
        out: list[str] = []
        length = 0
        for a, b in zip(bounds, bounds[1:]):
            where[a] = length
            piece, counts = explain(raw[a:b])
            repairs.update(counts)
            out.append(piece)
            length += len(piece)
        where[len(raw)] = length
        joined = "".join(out)
        text, counts = explain(joined)
        starts = ends = None
        if text != joined:
            maps = _offset_maps(joined, text)
            if maps is None:
                text = joined  # keep exact offsets rather than a boundary repair
            else:
                repairs.update(counts)
                starts, ends = maps
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        links: list[Link] = []
        for s, e, url, kind in spans:
            a, b = where[min(s, len(raw))], where[min(e, len(raw))]
            if starts is not None:
                a, b = starts[a], ends[b]
            a, b = max(0, min(a - lead, len(text))), max(0, min(b - lead, len(text)))
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            links.append(Link(a, max(a, b), url, kind))
        return text, links


def _typed_links(text: str, links: list[Link]) -> list[Link]:
    """Links for the URLs typed in ``text`` that no link of ``links`` (sorted by start) overlaps.

    O((links + urls) log links): a URL ``[s, e)`` overlaps a link when some link starting
    before ``e`` ends after ``s``, i.e. when the largest end among them is past ``s``.
    """
    starts = [lk.start for lk in links]
    max_end: list[int] = []  # max_end[i]: largest end among links[: i + 1]
    for lk in links:
        max_end.append(max(lk.end, max_end[-1]) if max_end else lk.end)
    out = []
    for s, e, url in typed_urls(text):
        i = bisect_left(starts, e)  # links[:i] start before e
        if i and max_end[i - 1] > s:
            continue
        out.append(Link(s, e, url, "external"))
    return out


# ---------------------------------------------------------------------------
# Zip package (untrusted): directory checks, capped reads
# ---------------------------------------------------------------------------

_OFFICE_DOC = "/officeDocument"  # relationship type suffix (transitional and strict)
# Parts smaller than this cannot be a bomb however well they compress (e.g. a run of spaces).
_RATIO_FLOOR_BYTES = 1 << 20


class _Package:
    """The zip archive of a DOCX, opened after checking its directory against the limits."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        if not data.startswith(b"PK"):
            raise CorruptDocument("not a zip archive (a DOCX file is a zip package)")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
            raise CorruptDocument(f"broken zip archive ({one_line(e)})") from None
        self.limits = limits
        self.read_total = 0
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                limits.max_compression_ratio is not None
                and info.file_size > _RATIO_FLOOR_BYTES
                and ratio > limits.max_compression_ratio
            ):
                raise LimitExceeded(
                    f"zip member {info.filename!r} expands {ratio:.0f}x, over the max_compression_ratio "
                    f"limit of {limits.max_compression_ratio:g} (a zip bomb?)"
                )
        if limits.max_uncompressed_bytes is not None and total > limits.max_uncompressed_bytes:
            raise LimitExceeded(
                f"zip members total {total:,} bytes uncompressed, over the max_uncompressed_bytes "
                f"limit of {limits.max_uncompressed_bytes:,} (a zip bomb?)"
            )
        # Zip names are case-sensitive but some producers differ in case or use '\\'.
        self.names = {i.filename.replace("\\", "/").lstrip("/").lower(): i for i in infos}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def read(self, name: str) -> bytes:
        """A member's bytes, reading no more than it declares nor than the limit allows."""
        info = self.names[name.lower()]
        cap = info.file_size
        if self.limits.max_uncompressed_bytes is not None:
            cap = min(cap, self.limits.max_uncompressed_bytes - self.read_total)
        out = bytearray()
        try:
            with self.zip.open(info) as f:
                while chunk := f.read(1 << 20):
                    out += chunk
                    if len(out) > cap:
                        raise LimitExceeded(
                            f"zip member {info.filename!r} expands beyond its declared size "
                            "or the max_uncompressed_bytes limit (a zip bomb?)"
                        )
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as e:
            # RuntimeError: encrypted member; NotImplementedError: unknown compression
            raise CorruptDocument(f"cannot read zip member {info.filename!r} ({one_line(e)})") from None
        self.read_total += len(out)
        return bytes(out)


def _safe_xml(data: bytes, part: str):
    """Parse one XML part with entities, DTDs and the network off."""
    from lxml import etree  # noqa: PLC0415

    head = data[:4096]
    # A DOCX part never has a DOCTYPE; entity declarations are how XML bombs start.
    # (UTF-16 parts are caught after parsing, from the parsed DTD.)
    if b"<!ENTITY" in data[:1 << 20] or b"<!DOCTYPE" in head:
        raise CorruptDocument(f"{part} declares a DOCTYPE/ENTITY (not allowed in a DOCX)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise CorruptDocument(f"{part} is not well-formed XML ({one_line(e)})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise CorruptDocument(f"{part} declares a DOCTYPE/ENTITY (not allowed in a DOCX)")
    return root


def _main_part(pkg: _Package) -> str:
    """Name of the main document part, from the package relationships (word/document.xml normally)."""
    if pkg.has("_rels/.rels"):
        try:
            rels = _safe_xml(pkg.read("_rels/.rels"), "_rels/.rels")
        except CorruptDocument:
            rels = None
        if rels is not None:
            for rel in rels:
                if str(rel.get("Type", "")).endswith(_OFFICE_DOC) and rel.get("TargetMode") != "External":
                    target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                    if pkg.has(target):
                        return target
    return "word/document.xml"


def _part_rels(pkg: _Package, part: str) -> dict[str, str]:
    """Relationship id -> target for one part (hyperlink targets live here)."""
    rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if not pkg.has(rels_name):
        return {}
    root = _safe_xml(pkg.read(rels_name), rels_name)
    return {str(r.get("Id")): str(r.get("Target", "")) for r in root if r.get("Id")}


# ---------------------------------------------------------------------------
# WordprocessingML walk
# ---------------------------------------------------------------------------

_R_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_HYPERLINK_INSTR = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def hyperlink_field(instr: str) -> LinkTarget | None:
    r"""The target of a ``HYPERLINK "url" \l "anchor"`` field instruction, or None.

    >>> hyperlink_field(' HYPERLINK "https://a.go.th/x" \\o "tip" ')
    ('https://a.go.th/x', 'external')
    >>> hyperlink_field(' HYPERLINK \\l "_o1" ')
    ('#_o1', 'internal')
    >>> hyperlink_field(r' HYPERLINK "\\\\server\\oit\\o1.pdf" ')  # a quoted target is never a switch
    ('\\\\server\\oit\\o1.pdf', 'external')
    """
    # (text, quoted): a switch is an unquoted token; a quoted one is an argument or the target
    tokens = [(m[1], True) if m[1] is not None else (m[2], False) for m in _HYPERLINK_INSTR.finditer(instr)]
    if not tokens or tokens[0][0].upper() != "HYPERLINK":
        return None
    url = anchor = None
    i = 1
    while i < len(tokens):
        tok, quoted = tokens[i]
        if not quoted and tok.lower() in ("\\l", "\\o", "\\t") and i + 1 < len(tokens):
            if tok.lower() == "\\l":
                anchor = tokens[i + 1][0]
            i += 2
            continue
        if (quoted or not tok.startswith("\\")) and url is None:
            url = tok.replace("\\\\", "\\")
        i += 1
    target = (url or "").strip() + (f"#{anchor.strip()}" if anchor else "")
    return (target, link_kind(target)) if target else None


@dataclass
class _Field:
    """One complex field (w:fldChar begin ... separate ... end) being read."""

    instr: list[str]
    in_result: bool = False
    link: LinkTarget | None = None


@dataclass(frozen=True)
class Where:
    """Where the lines being read sit: inside a table cell or not (the tagger places cell lines)."""

    cell: bool = False


class _Walker:
    def __init__(self, w_ns: str, rels: dict[str, str], limits: Limits) -> None:
        self.w = "{" + w_ns + "}"
        self.rels = rels
        self.limits = limits
        self.lines: list[Line] = []
        self.repairs: Counter[str] = Counter()
        self.fields: list[_Field] = []
        self.tagger = Tagger()
        self.made = 0  # lines made so far (the max_lines limit)
        self.boxes: list = []  # text boxes met in the paragraph being read

    # -- helpers -------------------------------------------------------------
    def _local(self, el) -> str | None:
        """Local name of a WordprocessingML element (or of mc:AlternateContent); None otherwise."""
        tag = el.tag
        if not isinstance(tag, str):
            return None
        if tag.startswith(self.w):
            return tag[len(self.w) :]
        if tag == f"{{{_MC}}}AlternateContent":
            return "AlternateContent"
        return None

    def _attr(self, el, name: str) -> str | None:
        return el.get(self.w + name)

    def _emit(self, builder: LineBuilder, where: Where) -> None:
        line = builder.finish(self.repairs)
        if line is None:
            return
        self.lines.append(line)
        self.made += 1  # lines of a table being read are held apart until it is tagged: count them all
        if self.limits.max_lines is not None and self.made > self.limits.max_lines:
            raise LimitExceeded(f"more than {self.limits.max_lines:,} lines (the max_lines limit)")

    # -- blocks --------------------------------------------------------------
    def blocks(self, parent, where: Where) -> None:
        """Paragraphs and tables under ``parent`` in document order."""
        for el in parent:
            name = self._local(el)
            if name == "p":
                self.paragraph(el, where)
            elif name == "tbl":
                self.table(el, where)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"):
                self.blocks(el, where)
            elif name == "AlternateContent":
                self.blocks(el[0] if len(el) else el, where)

    def paragraph(self, p, where: Where) -> None:
        check_time()
        outer, self.boxes = self.boxes, []
        builder = LineBuilder()
        self.inline(p, builder, None, where)
        self._end_fields_of_paragraph()
        self._emit(builder, where)
        boxes, self.boxes = self.boxes, outer
        for box in boxes:  # a text box's paragraphs follow the paragraph it is anchored in
            self.blocks(box, where)

    def _end_fields_of_paragraph(self) -> None:
        """At a paragraph's end, drop fields still in their instruction (a ``begin`` without
        ``end`` would hide every later paragraph) and stop carrying a field's link (a
        ``separate`` without ``end`` would link every later paragraph)."""
        self.fields = [f for f in self.fields if f.in_result]
        for f in self.fields:
            f.link = None

    def _text_boxes(self, el) -> list:
        """Outermost w:txbxContent under ``el``, in document order (inner ones are read with them)."""
        tag = self.w + "txbxContent"

        def nested(box) -> bool:
            up = box.getparent()
            while up is not None and up is not el:
                if up.tag == tag:
                    return True
                up = up.getparent()
            return False

        return [box for box in el.iter(tag) if not nested(box)]

    def inline(self, parent, builder: LineBuilder, hyperlink: LinkTarget | None, where: Where) -> None:
        for el in parent:
            name = self._local(el)
            if name == "r":
                self.run(el, builder, hyperlink, where)
            elif name == "hyperlink":
                self.inline(el, builder, self._hyperlink_target(el) or hyperlink, where)
            elif name == "fldSimple":
                target = hyperlink_field(self._attr(el, "instr") or "")
                self.inline(el, builder, target or hyperlink, where)
            elif name in ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo", "sdt", "sdtContent"):
                self.inline(el, builder, hyperlink, where)
            elif name == "AlternateContent" and len(el):
                self.inline(el[0], builder, hyperlink, where)
            # w:del, w:moveFrom (deleted text), properties, bookmarks, math: nothing visible

    def _hyperlink_target(self, el) -> LinkTarget | None:
        rid = next((el.get(f"{{{ns}}}id") for ns in _R_NS if el.get(f"{{{ns}}}id")), None)
        anchor = self._attr(el, "anchor")
        url = self.rels.get(rid, "").strip() if rid else ""
        if anchor:
            url = f"{url}#{anchor}"
        return (url, link_kind(url)) if url else None

    def run(self, r, builder: LineBuilder, hyperlink: LinkTarget | None, where: Where) -> None:
        for el in r:
            name = self._local(el)
            if name == "fldChar":
                kind = self._attr(el, "fldCharType")
                if kind == "begin":
                    self.fields.append(_Field([]))
                elif kind == "separate" and self.fields:
                    field = self.fields[-1]
                    field.in_result = True
                    field.link = hyperlink_field("".join(field.instr))
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if name == "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr.append(el.text or "")
                continue
            if self.fields and not all(f.in_result for f in self.fields):
                continue  # inside a field instruction: not shown
            link = hyperlink or next((f.link for f in reversed(self.fields) if f.link), None)
            if name == "t":
                builder.add(el.text or "", link)
            elif name in ("tab", "ptab"):
                builder.add(" ", link)
            elif name in ("br", "cr"):
                self._emit(builder, where)  # a manual line break starts a new line
            elif name == "noBreakHyphen":
                builder.add("-", link)
            elif name == "sym":
                try:
                    builder.add(chr(int(self._attr(el, "char") or "", 16)), link)
                except (ValueError, OverflowError):
                    pass
            elif name in ("drawing", "pict", "object"):
                self.boxes.extend(self._text_boxes(el))
                if link is not None:
                    builder.add("", link)  # a linked picture: keep the link, though it has no label
            elif name == "AlternateContent" and len(el):
                # Choice and Fallback hold the same text box (DrawingML and VML): read one
                self.boxes.extend(self._text_boxes(el[0]))

    # -- tables --------------------------------------------------------------
    def _children(self, parent, wanted: str) -> Iterator:
        """``wanted`` children, looking through content controls and custom XML wrappers."""
        for el in parent:
            name = self._local(el)
            if name == wanted:
                yield el
            elif name in ("sdt", "sdtContent", "customXml"):
                yield from self._children(el, wanted)

    def _int(self, el, path: str, default: int) -> int:
        found = el.find(path.replace("w:", self.w))
        try:
            return max(0, min(int(self._attr(found, "val") or default), 1000)) if found is not None else default
        except ValueError:
            return default

    def _grid(self, tbl) -> list[list[tuple[object, int, int, bool]]]:
        """Per row: ``(w:tc, grid start, grid span, is a merge continuation)`` of each real cell."""
        rows = []
        for tr in self._children(tbl, "tr"):
            pos = min(self._int(tr, "w:trPr/w:gridBefore", 0), MAX_COLUMNS)
            cells = []
            for tc in self._children(tr, "tc"):
                # clamped to the table model's width: gridSpan=99999999 costs nothing
                span = clamp_span(self._int(tc, "w:tcPr/w:gridSpan", 1), MAX_COLUMNS + 1 - min(pos, MAX_COLUMNS))
                pos = min(pos, MAX_COLUMNS)
                vmerge = tc.find(f"{self.w}tcPr/{self.w}vMerge")
                hmerge = tc.find(f"{self.w}tcPr/{self.w}hMerge")
                merged_across = hmerge is not None and self._attr(hmerge, "val") != "restart"
                if merged_across and cells:
                    # old-style horizontal merge (Word 97 files): the cell widens the one before
                    # it, as gridSpan would; its own text is dropped, as in a vertical merge
                    before = cells[-1]
                    cells[-1] = (before[0], before[1], min(before[2] + span, MAX_COLUMNS + 1 - before[1]), before[3])
                    pos += span
                    continue
                continuation = (vmerge is not None and self._attr(vmerge, "val") != "restart") or merged_across
                cells.append((tc, pos, span, continuation))
                pos += span
            rows.append(cells)
        return rows

    def _cell_text(self, tc) -> str:
        """A cell's text (nested tables included), for header and topic detection."""
        parts = []
        for p in tc.iter(f"{self.w}p"):
            parts.append("".join(t.text or "" for t in p.iter(f"{self.w}t")))
        return " ".join(" ".join(parts).split())

    def table(self, tbl, where: Where) -> None:
        grid = self._grid(tbl)
        if where.cell:  # nested in a cell: part of that cell's text
            for row in grid:
                for tc, _, _, cont in row:
                    if not cont:
                        self.fields.clear()
                        self.blocks(tc, where)
            self.fields.clear()
            return
        # grid columns: the declared grid, or more when rows overflow it (hand-made files)
        declared = min(len(tbl.findall(f"{self.w}tblGrid/{self.w}gridCol")), MAX_COLUMNS + 1)
        width = max([declared] + [c[1] + c[2] for row in grid for c in row])
        rows = []
        for cells in grid:
            row = Row([], carried=frozenset(g for _, start, span, cont in cells if cont for g in range(start, start + span)))
            for tc, start, span, cont in cells:
                if cont:
                    continue  # a vertically merged cell's text belongs to its first row
                self.fields.clear()  # a field never spans cells; do not let a broken one hide text
                mark = len(self.lines)
                self.blocks(tc, Where(cell=True))
                row.cells.append(Cell(self.lines[mark:], start, span))
                del self.lines[mark:]
            rows.append(row)
        self.lines.extend(self.tagger.tag(Table(rows, width)))
        self.fields.clear()  # nor a table: text after it starts with no field open


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def read_docx(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a DOCX file's body (paragraphs and tables, in order) into a Document.

    Raises EmptyDocument, CorruptDocument, UnsupportedFormat (a zip that is not a DOCX)
    or LimitExceeded (zip bomb, too many lines); never another exception.
    """
    with reading("DOCX", name):
        return _read(data, name, limits)


def _read(data: bytes, name: str | None, limits: Limits) -> Document:
    check_size(data, limits, name)
    pkg = _Package(data, limits)
    part = _main_part(pkg)
    if not pkg.has(part):
        raise UnsupportedFormat("a zip archive, not a DOCX (no word/document.xml)")
    root = _safe_xml(pkg.read(part), part)
    rels = _part_rels(pkg, part)
    w_ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    body = root.find(f"{{{w_ns}}}body")
    if body is None:
        raise EmptyDocument("the DOCX has no body")
    walker = _Walker(w_ns, rels, limits)
    walker.blocks(body, Where())
    if not any(line.text for line in walker.lines):
        raise EmptyDocument("the DOCX holds no text")
    return Document(
        lines=walker.lines, format="docx", name=name, repairs=walker.repairs, heading=heading_of(walker.lines)
    )

