"""Schema-guided assembly: a reader's lines -> the Items of a Checklist.

The OIT form is a table (code | title | requirements | evidence), but what
reaches us is often only its text with the columns run together (a PDF's text,
a pasted web page). So assembly works in two modes, per item:

* **table mode** — the reader tagged lines with their column: trust it;
* **text mode** — no columns: the canonical schema decides where the title ends,
  which wrapped lines continue a requirement, and where evidence begins.

Both modes share the same pieces: a *piece* is a span of one line, and titles,
requirements and evidence labels are lists of pieces joined with
:func:`oitparse.thai.separator`, so the links on each line stay attached to the
text they cover.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urljoin

import regex

from . import bullets, codes, thai
from .limits import check_items, check_time
from .models import Checklist, Evidence, Item, Location, Requirement, Source
from .readers.base import Document, Line, Link
from .schema import Schema, SchemaItem
from .urls import URL_CHARS, URL_START, is_relative_url, typed_urls

# A line that ends with the word ข้อ ("item") and wraps before a code is a cross-reference
# ("...ตามข้อ" / "o36"), not a new item ("ภายใน" at a line end is not).
_XREF_TAIL = regex.compile(r"ข้อ(?:ที่)?\s*$")
_GLUED_DASH = regex.compile(r"^[-–—][^\s\-–—]")
_LEADING_SPACE = regex.compile(r"^\s+")
_ELEMENTS_FOLLOW = regex.compile(r"(?:ประกอบด้วย|ได้แก่|ดังนี้|ดังต่อไปนี้|[:：])\s*$")
_AGENCY = regex.compile(
    r"(?:(?:องค์การบริหารส่วน(?:จังหวัด|ตำบล)|เทศบาล(?:นคร|เมือง|ตำบล)|กรุงเทพมหานคร|จังหวัด|อำเภอ|"
    r"สำนักงาน|กรม|กระทรวง|มหาวิทยาลัย|วิทยาลัย|สถาบัน|โรงพยาบาล|สถานีตำรวจ|การ(?:ไฟฟ้า|ประปา|ท่าเรือ)|"
    r"(?:อบต|อบจ|ทต|ทม|ทน)\.\s?)"  # อบต.บางกะดี: the usual abbreviations of local governments
    r"[\u0e01-\u0e4e]+"
    # what a family's names carry after the name: a campus or branch, an education area
    # number ("สำนักงานเขตพื้นที่การศึกษา... เขต 1"), a public organization ("สถาบัน... (องค์การมหาชน)")
    r"(?:\s(?:วิทยาเขต|สาขา)[\u0e01-\u0e4e]+|\s?เขต\s?[0-9๐-๙]{1,2}(?![0-9๐-๙])|\s?\(องค์การมหาชน\))?"
    # a school and its sponsor in brackets ("โรงเรียนบ้านหนองบัว (ประชาสามัคคี)")
    r"|โรงเรียน[\u0e01-\u0e4e]+(?:\s?\([\u0e01-\u0e4e]+\))?)"
)
# "หน่วยงาน <name>" with no colon: a heading naming the agency.
_AGENCY_AFTER_LABEL = regex.compile(rf"(?:ชื่อหน่วยงาน|หน่วยงาน|ส่วนราชการ)\s+({_AGENCY.pattern})")
# Words that end an agency name run together with the text after it ("วิทยาลัยเทคนิคชลบุรีประจำปี").
_AGENCY_TAIL = regex.compile(r"(?:ประจำปี|ปีงบประมาณ|ปีการศึกษา|แบบวัด|การประเมิน).*$")
# "ตัวชี้วัดที่ 9", "ตัวชี้วัดย่อยที่ 9.1", "9.1", "1)": numbering before a heading's name.
_HEADING_NUMBER = regex.compile(r"^\s*(?:ตัวชี้วัด(?:ย่อย)?(?:ที่)?\s*)?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]?\s*")
# A heading a form without a schema is known by: its indicator words or a "9.1"-style number.
_NUMBERED_HEADING = regex.compile(rf"^\s*(?:ตัวชี้วัด(?:ย่อย)?(?:ที่)?\s*[0-9๐-๙]|{codes.DECIMAL_NUMBERING}\s+[\u0e01-\u0e4e])")
_AGENCY_LABEL = regex.compile(r"(?:หน่วยงาน|ชื่อหน่วยงาน|ส่วนราชการ)\s*[:：]\s*(\S.*)")
_FISCAL_HINT = regex.compile(r"ปีงบประมาณ|ประจำปี|\b(?:ITA|OIT)\b|การประเมินคุณธรรม")


# ---------------------------------------------------------------- pieces


@dataclass(slots=True)
class Piece:
    """``line.text[start:end]`` — a span of one line."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]

    def links(self) -> list[Link]:
        return [k for k in self.line.links if k.start < self.end and k.end > self.start]

    def cut(self, offset: int) -> tuple["Piece", "Piece"]:
        """Split at a character offset relative to the piece's text."""
        at = self.start + offset
        return Piece(self.line, self.start, at), Piece(self.line, at, self.end)

    def lstrip(self, pattern: regex.Pattern[str]) -> "Piece":
        m = pattern.match(self.text)
        return Piece(self.line, self.start + m.end(), self.end) if m else self

    def strip(self) -> "Piece":
        t = self.text
        s = len(t) - len(t.lstrip())
        e = len(t.rstrip())
        return Piece(self.line, self.start + s, self.start + max(s, e))


def _join(pieces: list[Piece], guide: str | None = None, *, urls: bool = False) -> str:
    """Join wrapped pieces into one text.

    At each wrap: a space the source kept (PDF text layers keep the space a line broke
    at, unless it fell past the line end) is a word break; else, when ``guide`` (the
    schema's wording of this text) reads the same so far, its spacing decides; else
    :func:`thai.separator` does. With ``urls`` (an evidence cell) a line that ends inside
    a typed URL and a line that goes on with URL characters are one URL
    (:func:`thai.url_continues`), however the URL happened to break.
    """
    key = _squash(guide) if guide else ""
    parts: list[str] = []
    tail = ""  # the end of the text so far: separators look only at the last words
    done = 0  # non-space characters so far, to find the same place in the guide
    on_guide = bool(guide)
    spaced = False
    for p in pieces:
        raw = p.text
        t = raw.strip()
        # The line's own wrap space (Line.space_after) counts where the piece runs to the line's end.
        at_end = p.line.space_after and p.end >= len(p.line.text)
        if not t:
            spaced = spaced or bool(raw) or at_end
            continue
        if parts:
            if spaced or raw[0].isspace():
                sep = " "
            else:
                sep = None
                if on_guide and key[done:].startswith(_squash(t)[:8]):
                    at = _offset_after(guide, done)  # type: ignore[arg-type]
                    sep = " " if at < len(guide) and guide[at].isspace() else ""  # type: ignore[arg-type,index]
                if sep is None:
                    sep = "" if urls and thai.url_continues(tail, t) else thai.separator(tail, t)
            parts.append(sep)
            tail += sep
        parts.append(t)
        squashed = _squash(t)
        on_guide = on_guide and key[done:].startswith(squashed)
        done += len(squashed)
        tail = (tail + t)[-300:]
        spaced = raw[-1].isspace() or at_end
    return "".join(parts)


_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _squash(text: str) -> str:
    """Text without whitespace, Latin lowercased, Thai digits as Arabic: the key texts are
    compared on (one character for one, so offsets map back)."""
    return "".join(text.split()).lower().translate(_DIGITS)


def _offset_after(text: str, n: int) -> int:
    """Offset in ``text`` just after its first ``n`` non-space characters."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == n:
            return i
        if not ch.isspace():
            seen += 1
    return len(text)


def _prefix_len(done: str, target: str) -> int:
    """How much of ``target`` the squashed text ``done`` covers from its start, tolerating typos.

    Returns the covered length in ``target`` (0 when ``done`` does not start like ``target``).
    """
    if not done:
        return 0
    if target.startswith(done):
        return len(done)
    if done.startswith(target):
        return len(target)
    n = min(len(done), len(target))
    if n < 6:
        return 0
    # Typos ("Web broad"), a dropped or doubled letter: compare same-length heads.
    sm = SequenceMatcher(None, done[:n], target[:n], autojunk=False)
    # quick_ratio() is a cheap upper bound of ratio(): most candidates fail it.
    if sm.quick_ratio() >= 0.9 and sm.ratio() >= 0.9:
        return n
    return 0


# ---------------------------------------------------------------- items


@dataclass(slots=True)
class _RawItem:
    number: int
    lines: list[Line] = field(default_factory=list)
    category: str | None = None
    #: The heading lines read just before this item (indicator, sub-indicator, topic), as written.
    headings: list[str] = field(default_factory=list)


def _heading_name(text: str) -> str:
    """A topic or sub-indicator heading without its numbering ("๙.๑ ข้อมูลพื้นฐาน" -> "ข้อมูลพื้นฐาน")."""
    name = _HEADING_NUMBER.sub("", text).strip()
    return name or text.strip()


def _item_code(line: Line, zero: bool = False, prefix: str | None = None) -> tuple[int, int] | None:
    """(number, end offset) of an item code at the start of the line. A digit zero for the
    letter ("010") counts in a cell of the column codes stand in, and anywhere in a
    document (``zero``) that writes its codes only that way. ``prefix`` is the form's code
    letters when they are not the ITA's ("MOIT")."""
    m = codes.match_code(line.text, cell=zero or line.column in ("code", "title"), prefix=prefix)
    return (m.number, m.end) if m else None


def _zero_codes(lines: list[Line]) -> bool:
    """Whether the document writes its item codes with a digit zero only ("01 : โครงสร้าง"
    headings on a page with no "o1"): no line opens with a lettered code, and at least three
    lines open with different zero-written ones."""
    numbers = set()
    for line in lines:
        if codes.match_code(line.text):
            return False
        m = codes.match_code(line.text, cell=True)
        if m:
            numbers.add(m.number)
    return len(numbers) >= 3


def _join_code_cells(lines: list[Line]) -> list[Line]:
    """One line per code cell and per topic cell: a narrow code column wraps "O10" as "O1" /
    "0" (or "OIT" / "10") inside its cell, a row broken at a page end carries the rest of
    its code cell to the next page, and a long topic wraps; only the whole cell is the code
    or the topic."""
    cells: dict[tuple[int, int, str], list[int]] = {}
    for k, line in enumerate(lines):
        if line.column in ("code", "topic") and line.table is not None and line.row is not None:
            cells.setdefault((line.table, line.row, line.column), []).append(k)
    merged: dict[int, Line] = {}
    dropped: set[int] = set()
    for where in cells.values():
        if len(where) < 2:
            continue
        joined = lines[where[0]]
        for k in where[1:]:
            line = lines[k]
            left, right = joined.text.rstrip(), line.text.lstrip()
            if joined.space_after:
                sep = " "
            elif line.column == "code":
                sep = codes.wrap_separator(left, right)
            else:
                sep = thai.separator(left, right)
            shift = len(left) + len(sep)
            joined = Line(
                left + sep + right,
                joined.links + [Link(x.start + shift, x.end + shift, x.url, x.kind) for x in line.links],
                page=joined.page, line_no=joined.line_no, table=joined.table, row=joined.row, column=line.column,
                space_after=line.space_after,
            )
            dropped.add(k)
        merged[where[0]] = joined
    if not merged:
        return lines
    return [merged.get(k, line) for k, line in enumerate(lines) if k not in dropped]


class Assembler:
    """Turns one Document into Items, guided by a Schema (or by the document alone: ``schema=None``)."""

    def __init__(self, schema: Schema | None, *, base_url: str | None = None, code_prefix: str | None = None) -> None:
        self.schema = schema
        #: The address relative evidence links are resolved against (``parse(base_url=...)``).
        self.base_url = base_url
        self._zero = False  # the document writes codes with a digit zero only (set by split_items)
        self._near: dict[str, bool] = {}  # squashed line -> near a topic name (see _near_topic)
        # the letters of the codes: the form's, else the document's own ("MOIT"), else the ITA's
        self._prefix = schema.code_prefix if schema is not None else code_prefix
        self._topics = {_squash(t): t for t in schema.topics} if schema is not None else {}
        # Indicator and sub-indicator headings stand above the topics in many forms.
        self._upper = (
            {_squash(i.name) for i in schema.indicators}
            | {_squash(s.name) for i in schema.indicators for s in i.sub_indicators}
            if schema is not None
            else set()
        )

    def code_of(self, number: int) -> str:
        """The item code the Checklist uses: the form's ("o5", "MOIT 5"); without a form "o5",
        or the document's own prefix and the number ("MOIT 5")."""
        if self.schema is not None:
            return self.schema.code_for(number)
        return f"{self._prefix} {number}" if self._prefix else f"o{number}"

    # -- splitting the line stream into items and topics

    def _heading(self, line: Line) -> tuple[str, bool] | None:
        """(text, is_topic) when the line reads as a topic, sub-indicator or indicator heading."""
        if line.column == "topic":
            return _heading_name(line.text), True
        if line.column is not None or line.links or codes.starts_with_code(line.text, prefix=self._prefix):
            return None  # a linked line is evidence, never a heading
        if self.schema is None and _NUMBERED_HEADING.match(line.text) and len(line.text) <= 120:
            # Without a form: "ตัวชี้วัดที่ 9 ...", "ตัวชี้วัดย่อยที่ 9.1 ...", "9.1 ข้อมูลพื้นฐาน"
            return _heading_name(line.text), not line.text.lstrip().startswith("ตัวชี้วัด")
        key = _squash(_HEADING_NUMBER.sub("", line.text))
        if not 4 <= len(key) <= 80:
            return None
        if key in self._topics:
            return _heading_name(line.text), True
        if key in self._upper:
            return _heading_name(line.text), False
        if self._near_topic(key):
            return _heading_name(line.text), True
        return None

    def _near_topic(self, key: str) -> bool:
        """Whether a squashed line is a topic name with a typo (asked once per distinct line:
        a long list of like lines must not cost a fuzzy match each)."""
        found = self._near.get(key)
        if found is None:
            found = any(
                abs(len(k) - len(key)) <= 3
                and (sm := SequenceMatcher(None, k, key)).quick_ratio() >= 0.9
                and sm.ratio() >= 0.9
                for k in self._topics
            )
            if len(self._near) < 100_000:
                self._near[key] = found
        return found

    @property
    def _family(self) -> bool:
        """The codes carry a family's own prefix ("MOIT"): its items number their sub-criteria."""
        return bool(self._prefix) and self._prefix.strip().lower() not in codes.DEFAULT_PREFIXES  # type: ignore[union-attr]

    def _sub_criterion(self, line: Line, current: _RawItem | None) -> bool:
        """A numbered line of the current item in a form with its own code prefix: "1.1 มีบันทึก
        ข้อความ..." under "MOIT 1" is the item's sub-criterion, not a "9.1" sub-indicator heading."""
        return current is not None and self._family and _sub_number(line.text) == current.number

    def _rejoin_broken_topics(self, headings: list[tuple[str, bool]], lines: list[Line]) -> list[tuple[str, bool]]:
        """Headings with a topic row broken at a page end made whole again: its first line
        ended one page ("...ป้องกันการทุจริตภายใน"), the rest opened the next ("หน่วยงาน") as a
        row of its own. Joined only when the form names the whole and not the first part."""
        if not self._topics:
            return headings
        out = [headings[0]]
        for k in range(1, len(headings)):
            (prev_text, prev_topic), (text, is_topic) = out[-1], headings[k]
            whole = self._topics.get(_squash(prev_text + text))
            if (prev_topic and is_topic and whole is not None and _squash(prev_text) not in self._topics
                    and lines[k].page is not None and lines[k - 1].page is not None and lines[k].page > lines[k - 1].page):
                out[-1] = (whole, True)
            else:
                out.append(headings[k])
        return out

    def _headings_before_item(self, lines: list[Line], i: int) -> list[tuple[str, bool, int]] | None:
        """The heading lines from ``i`` when an item follows them, else None: (text, is_topic,
        index of the line); header and side-column lines between them are passed over.

        The same words also occur as wrapped content lines (o16's title, o18's
        evidence, o28's requirement), so a heading only counts when an item follows.
        """
        found: list[tuple[str, bool, int]] = []
        j = i
        while j < len(lines) and len(found) < 4:
            if found and lines[j].column in ("header", "note"):
                j += 1  # a header row or a side column (sub-indicator, remarks) before the first item
                continue
            if found and self._starts_item(lines, j, None):
                return found
            h = self._heading(lines[j])
            if h is None:
                return None
            found.append((*h, j))
            j += 1
        return None

    def _starts_item(self, lines: list[Line], i: int, current: _RawItem | None) -> tuple[int, int] | None:
        line = lines[i]
        if line.column not in (None, "code", "title", "topic"):
            return None
        code = _item_code(line, self._zero, self._prefix)
        if not code:
            return None
        if current is not None and current.lines:
            prev, opener = current.lines[-1], current.lines[0]
            if line.column is not None and line.row is not None and (opener.table, opener.row) == (line.table, line.row):
                return None  # a cell of the row that opened the item (e.g. "o1" then "o1 title")
            if line.column is None and _XREF_TAIL.search(prev.text):
                return None
        return code

    def split_items(self, doc: Document) -> tuple[list[_RawItem], list[Line]]:
        """Items with their lines and topic; also the lines before the first item (heading)."""
        lines = _join_code_cells(doc.lines)
        self._zero = _zero_codes(lines)
        items: list[_RawItem] = []
        preamble: list[Line] = []
        topic: str | None = None
        current: _RawItem | None = None
        pending: list[str] = []  # heading lines read since the last item, as written
        skip = 0
        for i, line in enumerate(lines):
            if skip:
                skip -= 1
                continue
            code = self._starts_item(lines, i, current)
            if code:
                current = _RawItem(number=code[0], category=topic, headings=pending)
                pending = []
                items.append(current)
                check_items(len(items))  # a form has tens: a flood of item lines is stopped early
                current.lines.append(line)
                continue
            found = None if self._sub_criterion(line, current) else self._headings_before_item(lines, i)
            if found:
                at = [j for _, _, j in found]  # the heading lines (side-column lines between them aside)
                headings = self._rejoin_broken_topics([(text, is_topic) for text, is_topic, _ in found], [lines[j] for j in at])
                topics = [text for text, is_topic in headings if is_topic]
                topic = topics[-1] if topics else headings[-1][0]
                pending = pending + [lines[j].text.strip() for j in at]
                skip = at[-1] - i
                continue
            if current is None:
                preamble.append(line)
            else:
                current.lines.append(line)
        return items, preamble

    # -- one item

    def build_item(self, raw: _RawItem) -> Item:
        canon = self.schema.item_by_number(raw.number) if self.schema is not None else None
        first = raw.lines[0]
        cols = {ln.column for ln in raw.lines}
        if cols & {"title", "requirements", "evidence"}:
            title_p, req_pieces, ev_pieces = self._table_item(raw, canon)
        else:
            title_p, req_pieces, ev_pieces = self._text_item(raw, canon)
        requirements = self._requirements(req_pieces, canon)
        evidence = self._evidence(ev_pieces)
        return Item(
            code=self.code_of(raw.number),
            number=raw.number,
            title=_join(title_p, canon.title if canon else None),
            category=raw.category,
            requirements=requirements,
            evidence=evidence,
            location=Location(page=first.page, line=first.line_no, table=first.table, row=first.row),
        )

    def _first_piece(self, raw: _RawItem) -> Piece:
        line = raw.lines[0]
        code = _item_code(line, self._zero, self._prefix)
        return Piece(line, code[1] if code else 0, len(line.text))

    def _table_item(self, raw: _RawItem, canon: SchemaItem | None) -> tuple[list[Piece], list[Piece], list[Piece]]:
        title: list[Piece] = []
        reqs: list[Piece] = []
        ev: list[Piece] = []
        for ln in raw.lines:
            piece = Piece(ln, 0, len(ln.text))
            if ln is raw.lines[0]:
                piece = self._first_piece(raw)
            if ln.column in ("code", "title"):
                if piece.text.strip():
                    title.append(piece)
            elif ln.column == "requirements":
                reqs.append(piece)
            elif ln.column == "evidence":
                ev.append(piece)
        return title, reqs, ev

    def _text_item(self, raw: _RawItem, canon: SchemaItem | None) -> tuple[list[Piece], list[Piece], list[Piece]]:
        """Split an item's run-together lines into title, requirement and evidence pieces."""
        pieces: list[Piece] = []
        for n, ln in enumerate(raw.lines):
            p = self._first_piece(raw) if n == 0 else Piece(ln, 0, len(ln.text))
            # Inline "O" bullets: "o1 โครงสร้าง O แสดงแผนผัง..." holds title and a requirement.
            cuts = [m.start() for m in bullets.INLINE.finditer(p.text)]
            start = 0
            for c in cuts:
                head, p = p.cut(c - start)
                start = c
                pieces.append(head)
            pieces.append(p)
        pieces = [p for p in pieces if p.text.strip()]
        if not pieces:
            return [], [], []

        # Title: the first piece, plus wrapped lines until the first bullet.
        title = [pieces[0]]
        rest = pieces[1:]
        if canon is not None:
            target = _squash(canon.title)
            done = _squash(pieces[0].text)
            after = Piece(pieces[0].line, pieces[0].start + _offset_after(pieces[0].text, len(target)), pieces[0].end)
            if (
                len(done) > len(target)
                and done.startswith(target)
                and not _is_bullet(pieces[0])
                and canon.requirements
                and _starts_like(after, [_squash(r.text) for r in canon.requirements])
            ):
                # o5: "ข้อมูลการติดต่อ แสดงข้อมูลการติดต่อ..." — a requirement with no bullet follows the title.
                head, tail = pieces[0].cut(_offset_after(pieces[0].text, len(target)))
                title, rest = [head], [tail, *rest]
            else:
                while rest and not _is_bullet(rest[0]) and _prefix_len(done + _squash(rest[0].text), target) == len(
                    done + _squash(rest[0].text)
                ):
                    done += _squash(rest[0].text)
                    title.append(rest.pop(0))
                missing = target[len(done) :] if target.startswith(done) else ""
                if missing and rest and not _is_bullet(rest[0]) and _squash(rest[0].text).startswith(missing):
                    # The title's last wrapped line runs on into an unbulleted requirement.
                    head, tail = rest[0].cut(_offset_after(rest[0].text, len(missing)))
                    title.append(head)
                    rest[0] = tail
        if canon is None or _prefix_len(_squash(_join(title)), _squash(canon.title)) == 0:
            # Unknown wording: wrapped title lines run until the first bullet, when there is one.
            if any(_is_bullet(p) for p in rest):
                while rest and not _is_bullet(rest[0]):
                    title.append(rest.pop(0))

        if self._family:
            reqs, ev = _sub_criteria(rest, raw.number)
            return title, reqs, ev

        # Requirements then evidence: a non-bullet piece continues the requirement when
        # the schema's wording goes on with it; otherwise evidence has begun.
        reqs: list[Piece] = []
        ev: list[Piece] = []
        targets = [_squash(r.text) for r in canon.requirements] if canon else []
        # Only the head of a requirement is compared with the schema's wording: keeping no
        # more than that keeps very long wrapped texts linear.
        elements = [_squash(e) for r in canon.requirements for e in r.elements] if canon else []
        keep = max(map(len, targets + elements), default=0) + 64
        current = ""  # squashed text of the requirement being read
        for idx, p in enumerate(rest):
            if (ev or p.links()) and not _is_bullet(p):
                ev.append(p)  # a linked line is evidence, whatever its words
                continue
            # A dash bullet starts a requirement only when the schema's wording follows it
            # (forms use "-" for evidence too); the first unbulleted piece may be one (o5).
            dash_req = bool(bullets.DASH.match(p.text)) and _starts_as(p, targets + elements)
            first_req = not reqs and not ev and idx == 0 and bool(title) and _starts_like(p, targets)
            if _is_bullet(p) or dash_req or first_req:
                reqs.append(p)
                current = _squash(_strip_bullet(p).text)
                current, spill = _split_overrun(current, p, targets + elements)
                if spill is not None:
                    reqs[-1], tail = spill
                    ev.append(tail)
                continue
            if not reqs:
                ev.append(p)
                continue
            extended = current + _squash(p.text)[:keep]
            if targets or elements:
                best = max(_prefix_len(extended, t) for t in targets + elements)
                if best >= len(extended):
                    reqs.append(p)
                    current = extended[:keep]
                    continue
                prefixes = [(_prefix_len(current, t), t) for t in targets + elements]
                cover = max(n for n, _ in prefixes)
                if cover and cover == len(current):
                    # The requirement may be unfinished: where this line starts with the rest of a
                    # longer wording (the longest that fits, also when a shorter wording is already
                    # complete), that part continues it and the rest is evidence.
                    squashed = _squash(p.text)
                    longer = [t for n, t in prefixes if n and len(t) > len(current)]
                    for t in sorted(longer, key=len, reverse=True):
                        need = len(t) - len(current)
                        if squashed[:need] == t[len(current) :]:
                            head, tail = p.cut(_offset_after(p.text, need))
                            reqs.append(head)
                            current += _squash(head.text)
                            ev.append(tail)
                            break
                    else:
                        ev.append(p)
                    continue
                ev.append(p)
                continue
            # No schema wording to follow: evidence when this or a following plain line carries
            # a click marker, a URL or a dash bullet; otherwise a wrapped requirement line.
            if _looks_like_evidence(rest[idx : idx + 12]):
                ev.append(p)
            else:
                reqs.append(p)
                current = extended[:keep]
        return title, reqs, ev

    # -- requirements and evidence from pieces

    def _requirements(self, pieces: list[Piece], canon: SchemaItem | None) -> list[Requirement]:
        groups: list[tuple[list[Piece], list[list[Piece]]]] = []  # (requirement pieces, element pieces)
        canon_reqs = canon.requirements if canon else []
        element_keys = {_squash(e) for r in canon_reqs for e in r.elements}
        req_keys = [_squash(r.text) for r in canon_reqs]
        expecting_elements = False
        req_tail = ""  # squashed end of the requirement being read
        pending = False  # a bullet alone on its line: the next line is its text
        req_level: int | None = None  # list nesting of the requirement being read
        for p in pieces:
            # The requirements column (or pieces text mode chose as requirements): "-" is a bullet
            # too, and so is a list item of the source (<li>, a Word list paragraph).
            level = p.line.list_level if p.start == 0 else None
            # A dash glued to a word after a wrap is the word's hyphen ("ชื่อ" / "-นามสกุล"), not a bullet.
            glued_dash = bool(groups) and bool(_GLUED_DASH.match(p.text)) and not _is_bullet(p)
            bullet = (
                _is_bullet(p) or (bool(bullets.DASH.match(p.text)) and not glued_dash) or level is not None
                or (self._family and _sub_number(p.text) is not None)  # "1.1", "1.2" of a MOIT item
            )
            body = p if glued_dash else _strip_bullet(p)
            if not body.text.strip():
                pending = pending or bullet
                continue
            key = _squash(body.text)
            if bullet or pending or not groups:
                pending = False
                nested = level is not None and req_level is not None and level > req_level
                is_element = groups and (
                    nested
                    or (expecting_elements and not any(_prefix_len(key, t) >= min(len(key), 12) for t in req_keys)
                        and not (level is not None and level == req_level))
                    or key in element_keys
                )
                if is_element:
                    groups[-1][1].append([body])
                else:
                    req_level = level
                    groups.append(([body], []))
                    req_tail = key[-40:]
                    expecting_elements = bool(_ELEMENTS_FOLLOW.search(req_tail))
                continue
            # A wrapped line: continue the last element or requirement. The cue words
            # ("ประกอบด้วย") may themselves be wrapped, so look at the joined end.
            if groups[-1][1]:
                groups[-1][1][-1].append(body)
            else:
                groups[-1][0].append(body)
                req_tail = (req_tail + key)[-40:]
                expecting_elements = bool(_ELEMENTS_FOLLOW.search(req_tail))
        canon_texts = [r.text for r in canon_reqs]
        canon_elements = [e for r in canon_reqs for e in r.elements]
        out = []
        for req_p, elems in groups:
            text = _join(req_p, _closest(req_p, canon_texts))
            elements = [_join(e, _closest(e, canon_elements)) for e in elems]
            out.append(Requirement(text=text, elements=elements, years=thai.years_in(text)))
        return out

    def _evidence(self, pieces: list[Piece]) -> list[Evidence]:
        entries: list[_Entry] = []
        closed = True

        def parts():
            for piece in pieces:
                for linked in _split_at_links(piece):
                    # does this piece open with the rest of a URL the entry so far ends in?
                    tail = entries[-1].tail if entries and not closed else ""
                    yield from _split_at_urls(linked, continues_url=bool(tail) and thai.url_continues(tail, linked.text))

        for p in parts():
            if not p.text.strip():
                continue
            # Only the leading blank goes: a trailing space is the source's word break at a wrap.
            p = p.lstrip(_LEADING_SPACE)
            url = _first_url(p)
            how = entries[-1].takes(p, url) if entries and not closed else None
            if how is not None:
                entries[-1].add(p, url, glued=how == "url")
            else:
                body = p.lstrip(bullets.DASH)
                if not body.text.strip():
                    continue
                entries.append(_Entry())
                entries[-1].add(body, _first_url(body), glued=False)
            last = entries[-1].pieces[-1].text
            marker = thai.CLICK_MARKER.search(last)
            closed = bool(marker) and marker.end() >= len(last.rstrip()) - 1
        out = []
        for entry in (e.pieces for e in entries):
            label = _join(entry, urls=True)
            url = _entry_url(entry)
            if url is None:
                typed = next(typed_urls(label), None)
                if typed is not None:
                    url = (typed[2], "external")
            if url is not None and self.base_url and url[1] == "external" and is_relative_url(url[0]):
                url = (urljoin(self.base_url, url[0]), "external")
            years = thai.years_in(label + (" " + url[0] if url else ""))
            first = entry[0].line
            out.append(
                Evidence(
                    label=label,
                    url=url[0] if url else None,
                    link_kind=url[1] if url else None,
                    years=years,
                    location=Location(page=first.page, line=first.line_no, table=first.table, row=first.row),
                )
            )
        return out

    # -- document facts

    def agency(self, doc: Document, preamble: list[Line], items: list[Item]) -> str | None:
        for ln in ([Line(doc.heading)] if doc.heading else []) + preamble:
            m = _AGENCY_LABEL.search(ln.text)
            if m:
                return m.group(1).strip()
        counts: Counter[str] = Counter()
        # the heading's lines joined as wrapped lines: a name may wrap ("... ขอนแก่น เขต" / "1")
        heading = [thai.join_lines(doc.heading.splitlines())] if doc.heading else []
        for text in heading:
            # "หน่วยงาน สำนักงาน..." without a colon: the heading names the agency
            m = _AGENCY_AFTER_LABEL.search(text)
            if m:
                return _AGENCY_TAIL.sub("", m.group(1)).strip() or m.group(1)
        texts = heading + [ln.text for ln in preamble] + [e.label for i in items for e in i.evidence] + [i.title for i in items]
        for t in texts:
            for m in _AGENCY.finditer(t):
                name = _AGENCY_TAIL.sub("", m.group(0)).strip()
                counts[name or m.group(0)] += 1
        if not counts:
            return None
        # Thai has no spaces: "จังหวัดปทุมธานีและ" also matches; the bare name is the most frequent.
        best, _ = counts.most_common(1)[0]
        shorter = [k for k in counts if best.startswith(k) and k != best and counts[k] * 2 >= counts[best]]
        return min(shorter, key=len) if shorter else best

    def form_year(self, preamble: list[Line], items: list[Item]) -> int | None:
        """The year the document's heading names ("ประจำปีงบประมาณ พ.ศ. 2566"), for telling
        forms apart. Requirement and evidence years are not used: a report of last year names
        the year before, so a few items could name another form's year."""
        for ln in preamble:
            if _FISCAL_HINT.search(ln.text):
                ys = thai.years_in(ln.text)
                if ys:
                    return max(ys)
        return None

    def document_year(self, preamble: list[Line], items: list[Item]) -> int | None:
        for ln in preamble:
            if _FISCAL_HINT.search(ln.text):
                ys = thai.years_in(ln.text)
                if ys:
                    return max(ys)
        counts: Counter[int] = Counter(y for i in items for r in i.requirements for y in r.years)
        if not counts:
            counts = Counter(y for i in items for e in i.evidence for y in e.years)
        if not counts:
            return None
        top = counts.most_common()
        best = max(c for _, c in top)
        return max(y for y, c in top if c == best)


def _closest(pieces: list[Piece], texts: list[str]) -> str | None:
    """The canonical text these pieces read as (longest shared start), if any."""
    done = "".join(_squash(p.text) for p in pieces)
    best, best_len = None, 0
    for t in texts:
        n = _prefix_len(done, _squash(t))
        if n > best_len:
            best, best_len = t, n
    return best


def _sub_criteria(pieces: list[Piece], number: int) -> tuple[list[Piece], list[Piece]]:
    """Requirement and evidence pieces of an item of a family form ("MOIT 1"): each numbered
    line of the item ("1.1 มีบันทึกข้อความ...") or bulleted line is a sub-criterion, up to the
    link or typed URL on it, which is its evidence; an unnumbered line is evidence when it is linked or holds a
    URL, or comes after evidence, else the wrapped text of the sub-criterion before it."""
    reqs: list[Piece] = []
    ev: list[Piece] = []
    after_evidence = False  # evidence since the last numbered line
    for p in pieces:
        starts = [k.start - p.start for k in p.links()]
        typed = URL_START.search(p.text)
        if typed:
            starts.append(typed.start())
        at = max(min(starts), 0) if starts else None
        if _sub_number(p.text) == number or _is_bullet(p):
            head, tail = p.cut(at) if at is not None else (p, None)
            reqs.append(head)
            after_evidence = tail is not None and bool(tail.text.strip())
            if after_evidence:
                ev.append(tail)
        elif at is not None or after_evidence or not reqs:
            ev.append(p)
            after_evidence = True
        else:
            reqs.append(p)
    return reqs, ev


def _sub_number(text: str) -> int | None:
    """The item number a sub-criterion's numbering opens with ("1.2 มีคำสั่ง" -> 1), or None."""
    m = codes.SUB_CRITERION.match(text)
    return codes.code_number(m.group("item")) if m else None


def _is_bullet(p: Piece) -> bool:
    return bool(bullets.LEADING.match(p.text))


def _strip_bullet(p: Piece) -> Piece:
    """The piece without its leading requirement bullet ("O", "•", "-", ...), if any."""
    body = p.lstrip(bullets.LEADING)
    return body if body.start != p.start else p.lstrip(bullets.DASH)


def _starts_as(p: Piece, targets: list[str]) -> bool:
    """The piece begins with the exact wording of a target (no typo tolerance: evidence
    labels often paraphrase a requirement, "ข้อมูลเชิงสถิติ..." for "แสดงข้อมูลสถิติ...")."""
    key = _squash(_strip_bullet(p).text)[:12]
    return len(key) >= 6 and any(t.startswith(key) for t in targets)


def _starts_like(p: Piece, targets: list[str]) -> bool:
    key = _squash(_strip_bullet(p).text)
    return any(_prefix_len(key, t) >= min(len(key), len(t), 10) for t in targets)


def _split_overrun(current: str, p: Piece, targets: list[str]) -> tuple[str, tuple[Piece, Piece] | None]:
    """o3/o6/o9: a requirement line that runs on into the evidence label on the same line."""
    for t in sorted(targets, key=len, reverse=True):
        if len(current) > len(t) and current.startswith(t):
            body = _strip_bullet(p)
            offset = (body.start - p.start) + _offset_after(body.text, len(t))
            head, tail = p.cut(offset)
            return _squash(_strip_bullet(head).text), (head, tail)
    return current, None


def _looks_like_evidence(pieces: list[Piece]) -> bool:
    for p in pieces:
        if _is_bullet(p):
            return False
        if bullets.DASH.match(p.text) or thai.CLICK_MARKER.search(p.text) or next(typed_urls(p.text), None) or p.links():
            return True
    return False


@dataclass(slots=True)
class _Entry:
    """An evidence entry being read, with what deciding on the next piece needs (kept as it
    grows, so a long entry costs linear time)."""

    pieces: list[Piece] = field(default_factory=list)
    url: tuple[str, str] | None = None  #: the first link over the entry
    tail: str = ""  #: the end of its text, pieces joined (a URL in progress is read there)
    brackets: int = 0  #: "(" and "[" not closed yet
    typed: bool = False  #: it holds a typed URL

    def add(self, p: Piece, url: tuple[str, str] | None, *, glued: bool) -> None:
        text = p.text.strip()
        self.pieces.append(p)
        self.url = self.url or url
        self.tail = (self.tail + ("" if glued or not self.tail else " ") + text)[-300:]
        self.brackets += text.count("(") + text.count("[") - text.count(")") - text.count("]")
        self.typed = self.typed or bool(URL_START.search(text))

    def takes(self, p: Piece, url: tuple[str, str] | None) -> str | None:
        """How the piece goes on with this entry ("url": the rest of a URL broken at a wrap,
        even at a "-"; "text": the same hyperlink's label or more of the text), or None when
        it opens a new entry: a dash bullet (unless a bracket is still open: "(ต.ค. 64" /
        "- มี.ค. 65)"), another link, a second typed URL, a linked label after a typed URL."""
        last = self.pieces[-1]
        same_link = url is not None and self.url is not None and url[0] == self.url[0]
        ends_line = last.end >= len(last.line.text)
        if (url is None or same_link) and not (ends_line and last.line.space_after) and thai.url_continues(
            self.tail, p.text
        ):
            return "url"
        if same_link:
            return "text"
        if bullets.DASH.match(p.text) and self.brackets <= 0:
            return None
        if url is not None and self.url is not None:
            return None  # another link
        body = p.lstrip(bullets.DASH).text
        if url is None and URL_START.match(body) and (self.url or self.typed):
            return None  # a second URL typed in the cell: a second piece of evidence
        if url is not None and self.url is None and self.typed:
            return None  # a linked label after a typed URL: the typed URL was evidence of its own
        if (self.url or self.typed) and p.start == 0 and thai.LIST_NUMBER.match(p.text):
            return None  # a numbered line after a URL: the next entry of a list ("1.2 มีคำสั่ง...")
        return "text"


def _split_at_links(p: Piece) -> list[Piece]:
    """One piece per link target: "<a>ผังส่วนราชการ</a> และ <a>ผังผู้บริหาร</a>" in one cell
    line are two pieces of evidence (the text between goes with the first)."""
    cuts: list[int] = []
    previous: str | None = None
    for link in sorted(p.links(), key=lambda k: k.start):
        if previous is not None and link.url != previous and link.start > p.start:
            cuts.append(link.start)
        previous = link.url
    parts = []
    for at in cuts:
        head, p = p.cut(at - p.start)
        parts.append(head)
    return [*parts, p]


_URL_AFTER_URL = regex.compile(r"(?<=[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%])[ \t]+(?=(?i:https?://|ftp://|www\.))")


def _split_at_urls(p: Piece, *, continues_url: bool = False) -> list[Piece]:
    """One piece per typed URL where URLs follow each other on a line with only a space
    between ("https://a.go.th/1 www.a.go.th/2"): each is a piece of evidence. A URL after
    words ("ดูที่ https://...") stays with them. ``continues_url``: the piece opens with the
    rest of a URL wrapped from the line before ("h www.a.go.th/2" after "...&lang=t"), so
    its first word is a URL's end whatever it holds."""
    text = p.text
    cuts = []
    for m in _URL_AFTER_URL.finditer(text):
        head = text[: m.start()]
        before = head.rsplit(None, 1)
        # the word before is a URL's end (path characters, or the digits a wrapped URL ends in), not a word
        word = before[-1] if before else ""
        first = continues_url and not head[: len(head) - len(word)].strip()  # the piece's first word
        if URL_CHARS.fullmatch(word) and (first or word.isdigit() or any(c in word for c in "/.?=&%-_")):
            cuts.append((m.start(), m.end()))
    parts, start = [], 0
    for end, next_start in cuts:
        parts.append(Piece(p.line, p.start + start, p.start + end))
        start = next_start
    parts.append(Piece(p.line, p.start + start, p.end))
    return parts


def _first_url(p: Piece) -> tuple[str, str] | None:
    for k in p.links():
        return (k.url, k.kind)
    return None


def _entry_url(entry: list[Piece]) -> tuple[str, str] | None:
    for p in entry:
        u = _first_url(p)
        if u:
            return u
    return None


@dataclass(slots=True)
class Assembled:
    """What one pass over a document gives: the Checklist and the facts form detection uses."""

    checklist: Checklist
    #: The year the form itself names (heading or requirements), None when it names none.
    form_year: int | None
    #: The heading lines before each item, as written (for ``oitparse schema infer``).
    headings: list[list[str]]
    #: The document's lines before the first item.
    preamble: list[str]
    #: The letters of the codes when they are not the ITA's and no form gave them ("MOIT").
    code_prefix: str | None = None


def assemble_document(
    doc: Document,
    schema: Schema | None,
    *,
    year: int | None = None,
    source: Source,
    base_url: str | None = None,
    code_prefix: str | None = None,
) -> Assembled:
    """One pass of assembly, with a form (``schema``) or without one (None: items with their
    codes as written, titles, requirements and evidence as the document's structure gives them).
    ``code_prefix`` is the letters of the document's codes when they are not the ITA's and no
    form says so ("MOIT", see :func:`oitparse.codes.find_prefix`)."""
    asm = Assembler(schema, base_url=base_url, code_prefix=code_prefix)
    raws, preamble = asm.split_items(doc)
    items = []
    for raw in raws:
        check_time()
        items.append(asm.build_item(raw))
    doc_year = asm.document_year(preamble, items)
    if year is not None:
        assessment_year, year_source = year, "user"
    elif doc_year is not None:
        assessment_year, year_source = doc_year, "document"
    elif schema is not None:
        assessment_year, year_source = schema.assessment_year, "schema"
    else:
        assessment_year, year_source = None, None
    checklist = Checklist(
        schema_name=schema.name if schema is not None else None,
        agency=asm.agency(doc, preamble, items),
        assessment_year=assessment_year,
        year_source=year_source,
        document_year=doc_year,
        source=source,
        items=items,
        repairs=dict(doc.repairs),
    )
    return Assembled(
        checklist=checklist,
        form_year=asm.form_year(preamble, items),
        headings=[raw.headings for raw in raws],
        preamble=[ln.text for ln in preamble],
        code_prefix=code_prefix if schema is None else None,
    )


def assemble_without_form(doc: Document, *, year: int | None = None, source: Source, base_url: str | None = None) -> Assembled:
    """One pass without a form; a document with no ITA code ("o1", "OIT 1") is read again
    with the code prefix it writes itself ("MOIT 1", see :func:`oitparse.codes.find_prefix`)."""
    free = assemble_document(doc, None, year=year, source=source, base_url=base_url)
    if free.checklist.items:
        return free
    prefix = codes.find_prefix(line.text for line in doc.lines)
    if prefix is None:
        return free
    return assemble_document(doc, None, year=year, source=source, base_url=base_url, code_prefix=prefix)


def assemble(
    doc: Document,
    schema: Schema | None,
    *,
    year: int | None = None,
    source: Source,
    base_url: str | None = None,
) -> Checklist:
    """Build a Checklist from a Document. Raises nothing: an empty item list is the caller's to judge."""
    return assemble_document(doc, schema, year=year, source=source, base_url=base_url).checklist


__all__ = ["assemble", "assemble_document", "Assembled", "Assembler"]
