"""Text of a visual line: Thai clusters, phantom spaces, word gaps, links, the pdfplumber fallback.

A glyph is a base character with the combining marks that follow it in content-stream order
(not by position: mark boxes sit above or below, and sorting them by x is what scrambles
pdfplumber's Thai). A line's text is Thai-normalized piece by piece, one piece per link, so
link offsets stay exact.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from ... import bullets
from ..base import Link, LinkKind
from . import _compiled

SPACES = frozenset(" \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


@functools.cache  # asked for every character of every page; a document has few distinct ones
def is_mark(ch: str) -> bool:
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
class Glyph:
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
class PdfLink:
    rects: list[tuple[float, float, float, float]]  # (left, bottom, right, top)
    url: str
    kind: LinkKind
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # all rects' bounds, same order

    def __post_init__(self) -> None:
        if self.rects:
            self.box = (
                min(r[0] for r in self.rects), min(r[1] for r in self.rects),
                max(r[2] for r in self.rects), max(r[3] for r in self.rects),
            )


def _without(glyphs: list[Glyph], drop: list[int]) -> list[Glyph]:
    """The glyphs less the spaces drawn over a letter. LibreOffice draws a space at the place
    of the glyph after it; where a gap stands before that glyph, the gap is the space ("๖๔ -
    มี.ค." drawn as "๖๔" " "/"-" " "/"มี"), and the space moves into it. A space drawn after a
    link's "(" was the one before the "(" ("๒๕๖๔( คลิก)" for "๒๕๖๔ (คลิก)"). Where no gap
    stands, the space was not there ("( คลิ๊ก)" over "(คลิ๊ก)")."""
    if not drop:
        return glyphs
    dropped = set(drop)
    out: list[Glyph] = []
    n = len(glyphs)
    for k, g in enumerate(glyphs):
        if k not in dropped:
            out.append(g)
            continue
        before = out[-1] if out and not out[-1].space else None
        after = glyphs[k + 1] if k + 1 < n and not glyphs[k + 1].space else None
        if before is None:
            continue
        if after is not None and after.x0 - before.x1 >= 0.15 * after.em:
            out.append(replace(g, x0=before.x1, x1=after.x0))
        elif before.text in ("(", "[") and len(out) >= 2 and not out[-2].space and before.x0 - out[-2].x1 >= 0.15 * before.em:
            out.insert(len(out) - 1, replace(g, x0=out[-2].x1, x1=before.x0))
    return out


def drop_phantom_spaces(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop space glyphs drawn over a letter.

    LibreOffice puts a real space glyph over the first letter of link text ("( คลิ๊ก)" for
    "(คลิ๊ก)", "ใ นหน่วยงาน" when the letter's box starts a hair left of the space); a typed
    space is never half covered by the letter before or after it.
    """
    helper = _compiled.helper
    return _without(glyphs, _phantom_python(glyphs) if helper is None else helper.phantom_spaces(glyphs))


def _phantom_python(glyphs: list[Glyph]) -> list[int]:
    """The indices of the space glyphs the letter before or after covers by more than half: the
    specification of the compiled loop (``_speedups.phantom_spaces``), and what runs where it
    was not built."""
    spaces = [k for k, g in enumerate(glyphs) if g.space]
    if not spaces:
        return []
    n = len(glyphs)
    if all(b - a > 1 for a, b in zip(spaces, spaces[1:])):  # no two spaces side by side: neighbours are letters
        return [
            k for k in spaces
            if _covered(glyphs[k], glyphs[k - 1] if k else None, glyphs[k + 1] if k + 1 < n else None)
        ]
    # one pass: each space waits for the next letter, and knows the letter before it
    drop = []
    pending: list[tuple[int, Glyph | None]] = []  # spaces since the last letter, with that letter
    before: Glyph | None = None
    for k, g in enumerate(glyphs):
        if g.space:
            pending.append((k, before))
            continue
        for j, prev in pending:
            if _covered(glyphs[j], prev, g):
                drop.append(j)
        pending.clear()
        before = g
    for j, prev in pending:
        if _covered(glyphs[j], prev, None):
            drop.append(j)
    return drop


def _covered(space: Glyph, before: Glyph | None, after: Glyph | None) -> bool:
    """Whether the letter before or after covers more than half of the space glyph."""
    width = max(space.x1 - space.x0, 0.1)
    covered = max(
        (min(space.x1, h.x1) - max(space.x0, h.x0) for h in (before, after) if h is not None),
        default=0.0,
    )
    return covered > 0.5 * width


def link_ids(glyphs: list[Glyph], links: list[PdfLink]) -> list[int | None]:
    """For each glyph, the index of the link whose rectangle holds its centre (or None)."""
    helper = _compiled.helper
    if helper is None:
        return _link_ids_python(glyphs, links)
    return helper.link_ids(glyphs, links)


def _link_ids_python(glyphs: list[Glyph], links: list[PdfLink]) -> list[int | None]:
    """:func:`link_ids` in Python: the specification of the compiled one (``_speedups.link_ids``),
    and what runs where it was not built."""
    ids: list[int | None] = [None] * len(glyphs)
    if not links or not glyphs:
        return ids
    y0, y1 = min([g.y0 for g in glyphs]), max([g.y1 for g in glyphs])
    if not any(link.box[1] <= y1 and link.box[3] >= y0 for link in links):
        return ids  # most lines: no link at their height
    x0, x1 = min([g.x0 for g in glyphs]), max([g.x1 for g in glyphs])
    # the rectangles of links that reach the line, widened by half a point, in link order:
    # the first one holding a glyph's centre is that of the first link holding it
    near = [
        (l - 0.5, r + 0.5, b - 0.5, t + 0.5, li)
        for li, link in enumerate(links)
        if link.box[0] <= x1 and link.box[2] >= x0 and link.box[1] <= y1 and link.box[3] >= y0  # cheap test first
        and any(l <= x1 and r >= x0 and b <= y1 and t >= y0 for l, b, r, t in link.rects)
        for l, b, r, t in link.rects
    ]
    if not near:
        return ids
    if len(near) == 1:  # the usual case: one link rectangle on the line
        l, r, b, t, li = near[0]
        return [li if l <= (g.x0 + g.x1) / 2 <= r and b <= (g.y0 + g.y1) / 2 <= t else None for g in glyphs]
    for k, g in enumerate(glyphs):
        cx, cy = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
        for l, r, b, t, li in near:
            if l <= cx <= r and b <= cy <= t:
                ids[k] = li
                break
    return ids


def line_text(glyphs: list[Glyph], pdf_links: list[PdfLink], repairs: Counter[str]) -> tuple[str, list[Link], bool]:
    """The line's text (Thai-normalized piece by piece so link offsets stay exact), its links,
    and whether a space glyph ends it."""
    ids = link_ids(glyphs, pdf_links)
    helper = _compiled.helper
    runs = _runs_python(glyphs, ids) if helper is None else helper.line_runs(glyphs, ids, bullet_gap)
    out = ""
    links: list[Link] = []
    for lid, text in runs:
        core = text.strip()
        if text[: len(text) - len(text.lstrip())] and out and not out.endswith(" "):
            out += " "
        if core:
            fixed, applied = _explain(core)
            if applied:
                repairs.update(dict(applied))
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
    # A space glyph ends the line: the author's word break at the wrap, kept for the
    # assembler's join as Line.space_after (PDFium's invented spaces never get here).
    return stripped, links, bool(stripped) and out != stripped


def _runs_python(glyphs: list[Glyph], ids: list[int | None]) -> list[tuple[int | None, str]]:
    """The line's text in runs of one link id (``ids``: :func:`link_ids`), word gaps made
    spaces: the specification of the compiled loop (``_speedups.line_runs``), and what runs
    where it was not built."""
    # A word gap without a space glyph (text placed word by word) is wider than most of the
    # font's own space; a fallback font's side bearings ("o" + "๔" at 0.2 em) are not.
    widths = sorted([g.x1 - g.x0 for g in glyphs if g.space and g.x1 > g.x0])
    gap = 0.8 * widths[len(widths) // 2] if widths else None
    # runs of one link id: (link id, texts); a word gap with no space glyph (text positioned
    # word by word) becomes a space, inside a link when both sides are in it, else outside any
    runs: list[tuple[int | None, list[str]]] = []
    prev: Glyph | None = None
    if ids.count(None) == len(ids):  # no link on the line: one run
        texts = [g.text for g in glyphs]
        # neighbour pairs (k - 1, k), the distance test first: most neighbours touch
        pairs = enumerate(zip(glyphs, glyphs[1:]), 1)
        if gap:
            gaps = [k for k, (a, b) in pairs if b.x0 - a.x1 > gap and not a.space and not b.space]
        else:
            gaps = [k for k, (a, b) in pairs if b.x0 - a.x1 > 0.25 * b.em and not a.space and not b.space]
        if (gaps[:1] != [1] and len(glyphs) > 1 and not glyphs[0].space and not glyphs[1].space
                and bullet_gap(glyphs[0], glyphs[1])):
            gaps.insert(0, 1)
        for k in reversed(gaps):
            texts.insert(k, " ")
        runs.append((None, texts))
    else:
        cur: list[str] = []
        cur_lid: object = runs  # no run yet: equal to no link id
        for k, g in enumerate(glyphs):
            lid = ids[k]
            if k and not g.space and not prev.space and (  # type: ignore[union-attr]
                g.x0 - prev.x1 > (gap or 0.25 * g.em) or (k == 1 and bullet_gap(prev, g))  # type: ignore[union-attr,arg-type]
            ):
                if cur_lid == lid or cur_lid is None:
                    cur.append(" ")
                else:
                    cur, cur_lid = [" "], None
                    runs.append((None, cur))
            if cur_lid == lid:
                cur.append(g.text)
            else:
                cur, cur_lid = [g.text], lid
                runs.append((lid, cur))
            prev = g
    return [(lid, "".join(texts)) for lid, texts in runs]


@functools.lru_cache(maxsize=4096)  # labels like "(คลิ๊ก)" and repeated requirement lines recur
def _explain(text: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """thai.explain, its repair counts as a tuple (the cached value must not be mutable)."""
    from ...thai import explain

    fixed, applied = explain(text)
    return fixed, tuple(applied.items())


def bullet_gap(bullet: Glyph, nxt: Glyph) -> bool:
    """A line-leading bullet set off by a narrow gap: PDFium drops a no-break space glyph
    ("O" + NBSP + "แสดง" in Garuda, 0.16 em wide) and only the gap is left."""
    return bullet.text in bullets.GLYPHS and not nxt.text[0].isdigit() and nxt.x0 - bullet.x1 > 0.08 * nxt.em


def plumber_glyphs(chars: list[dict]) -> list[Glyph]:
    """pdfplumber chars (stream order) as clusters, for the Thai-validity fallback."""
    out: list[Glyph] = []
    last: Glyph | None = None
    for c in chars:
        text = c.get("text") or ""
        if not text or text.startswith("(cid:"):
            continue
        for ch in text:
            if is_mark(ch) and last is not None:
                last.text += ch
                continue
            space = ch in SPACES
            em = float(c.get("size") or 10.0)
            g = Glyph(" " if space else ch, c["x0"], c["x1"], c["y0"], c["y1"], c["matrix"][5], em, space)
            out.append(g)
            if not space:
                last = g
    return out


class Plumber:
    """pdfplumber over the same file, opened lazily, only for a line whose PDFium text is Thai-invalid."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: object | None = None  # False once it failed: PDFium's text stands from then on

    def line(self, page_no: int, glyphs: list[Glyph], base: float, pdf_links: list[PdfLink]) -> tuple[str, list[Link], bool] | None:
        """The same line read by pdfplumber, or None."""
        if self.pdf is False:
            return None
        import logging

        quiet = logging.getLogger("pdfminer")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # a damaged file makes pdfminer log a warning per object
        quiet_plumber = logging.getLogger("pdfplumber")
        plumber_level = quiet_plumber.level
        quiet_plumber.setLevel(logging.ERROR)
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            page = self.pdf.pages[page_no - 1]  # type: ignore[attr-defined]
            x0 = min(g.x0 for g in glyphs) - 0.5
            x1 = max(g.x1 for g in glyphs) + 0.5
            em = max(g.em for g in glyphs)
            chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and abs(c["matrix"][5] - base) <= 0.4 * em]
            found = plumber_glyphs(chars)
            if not found:
                return None
            found.sort(key=lambda g: g.x0)
            found = drop_phantom_spaces(found)
            return line_text(found, pdf_links, Counter())
        except Exception:  # the fallback is best-effort: PDFium's text stands
            self.close()
            self.pdf = False
            return None
        finally:
            quiet.setLevel(level)
            quiet_plumber.setLevel(plumber_level)

    def close(self) -> None:
        if self.pdf:
            try:
                self.pdf.close()  # type: ignore[attr-defined]
            except Exception:
                pass  # closing a damaged file re-parses it; nothing is left to save
