"""Glyphs -> cells, visual lines and table rows, page after page.

Characters are put in grid cells by their centre and cut into visual lines by baseline. Pages
without ruling fall back to column boundaries from the header words' x positions. A table may
run over pages: a repeated header is dropped, and a row broken at the page end keeps its index.
Ruled grids become tables of the shared model (``readers.tables``), whose tagger decides
column roles, topic rows and rows continued over a page break as it does for DOCX and HTML.
Pages without ruling keep a word-position reader of their own (``_read_words_page``).
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from dataclasses import dataclass, field

from ..base import Column, Line
from ..columns import column_roles
from ... import codes
from ...thai import MARKS
from .. import tables
from . import _compiled
from .geometry import TOL, Cell, Grid, edge_index, grid_rows
from .text import Glyph, Plumber, PdfLink, drop_phantom_spaces, line_text

EDGE_ZONE = 0.05  # top/bottom share of the page where running headers/footers live (A4: 42 pt)

# A line of Thai marks and sara am alone: a cell so narrow that a vowel wrapped onto a line of
# its own ("ำ" of a header's "ประจำ", on every page it repeats). It holds no letter for
# pdfplumber to order otherwise, and pdfminer parsing each such page (about 50 ms) took the
# 10 pages of layout L017 to 500 ms, where they read in 23 ms.
_MARKS_ONLY = re.compile(f"[{MARKS}\u0e33\\s]+")

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:หน้า|page)?\s*[0-9๐-๙]+\s*(?:(?:/|จาก|of)\s*[0-9๐-๙]+)?\s*(?:-)?\s*$", re.I)


@dataclass(slots=True)
class VLine:
    """One visual line: glyphs left to right."""

    glyphs: list[Glyph]

    @property
    def top(self) -> float:
        return max([g.y1 for g in self.glyphs])

    @property
    def base(self) -> float:
        return self.glyphs[0].base


@dataclass
class Table:
    """A table being read, possibly across pages."""

    index: int
    roles: list[Column | None] | None
    bounds: list[tuple[float, float]]  # header cells' x ranges
    last_row: int = -1
    open: bool = False  # ended at the bottom of its page: the next page may continue it
    words: bool = False  # columns found from word positions (no ruling lines)


@dataclass
class State:
    """Reading state carried from page to page."""

    plumber: Plumber
    lines: list[Line] = field(default_factory=list)
    repairs: Counter[str] = field(default_factory=Counter)
    #: Column roles of ruled tables (shared with the DOCX and HTML readers); its count of
    #: tables numbers the word-position tables too.
    tagger: tables.Tagger = field(default_factory=tables.Tagger)
    #: The word-position table being read (pages without ruling).
    table: Table | None = None
    #: The last ruled table ran to the bottom of its page, and its column edges.
    ruled_open: bool = False
    ruled_xs: list[float] | None = None


@dataclass
class _PageCtx:
    page_no: int
    height: float
    links: list[PdfLink]


# --------------------------------------------------------------------------- column roles


def _header_roles(cells: list[str]) -> list[Column | None] | None:
    """column_roles, stricter: a body row ("o2 | ข้อมูลผู้บริหาร | O แสดงข้อมูล...") names "ข้อมูล" twice
    and would pass as a header; a header names two different roles and holds no item code."""
    roles = column_roles(cells)
    if roles is None or any(codes.starts_with_code(c, cell=True) for c in cells):
        return None
    if len({r for r in roles if r and r != "note"}) < 2:
        return None
    return roles


# --------------------------------------------------------------------------- visual lines


def visual_lines(glyphs: list[Glyph]) -> list[VLine]:
    """Group glyphs into visual lines by baseline, top to bottom, each left to right."""
    if not glyphs:
        return []
    helper = _compiled.helper
    groups = None if helper is None else helper.line_groups(glyphs)
    if groups is None:  # not built, or a coordinate that is not finite
        groups = _line_groups_python(glyphs)
    out = []
    for members in groups:
        members = drop_phantom_spaces(members)
        for g in members:
            if not g.space:
                out.append(VLine(members))
                break
    return out


def _line_groups_python(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs of each visual line, lines top to bottom, each left to right: the specification
    of the compiled loop (``_speedups.line_groups``), and what runs where it was not built."""
    xs = [g.x0 for g in glyphs]
    bases = [g.base for g in glyphs]
    # Top to bottom, then left to right, stream order breaking ties: two stable sorts of the
    # indices, the second one on the primary key (C-level keys: no tuple per glyph).
    order = sorted(range(len(glyphs)), key=xs.__getitem__)
    order.sort(key=bases.__getitem__, reverse=True)
    lines: list[list[int]] = []
    line_base = None
    line: list[int] = []
    for i in order:
        base = bases[i]
        if line_base is None or abs(base - line_base) > 0.4 * glyphs[i].em:
            line = [i]
            lines.append(line)
            line_base = base
        else:
            line.append(i)
    out = []
    for idx in lines:
        # x order rounded to 0.1 pt, stream order breaking ties: keeps a glyph drawn over
        # another in written order. Sorting by the exact x gives the same order when no two
        # neighbours are within 0.2 pt (their rounded x then differ too), and needs no rounding.
        idx.sort()
        idx.sort(key=xs.__getitem__)
        if len(idx) > 1:
            line_xs = [xs[i] for i in idx]
            if min(map(operator.sub, line_xs[1:], line_xs)) <= 0.2:
                idx.sort()
                idx.sort(key=lambda i: round(xs[i], 1))
        out.append([glyphs[i] for i in idx])
    return out


def _cell_lines(cell: Cell) -> list[VLine]:
    """The cell's visual lines, made once (header tests, row continuation and emitting all read them)."""
    if cell.lines is None:
        cell.lines = visual_lines(cell.glyphs)
    return cell.lines


def _in_edge_zone(line: VLine, height: float) -> bool:
    return line.top > height * (1 - EDGE_ZONE) or line.top < height * EDGE_ZONE


def _plain(line: VLine) -> str:
    """The line's text, Thai-normalized (PUA glyphs mapped), for header and code tests."""
    return _normalized("".join([g.text for g in line.glyphs]))


@functools.lru_cache(maxsize=1024)  # a table's header cells are read again on every page
def _normalized(text: str) -> str:
    from ...thai import normalize

    return normalize(text).strip()


def _cell_text(cell: Cell) -> str:
    return " ".join(_plain(v) for v in _cell_lines(cell))


# --------------------------------------------------------------------------- ruled pages


def read_page(page_no: int, height: float, glyphs: list[Glyph], grids: list[Grid], links: list[PdfLink], state: State) -> None:
    """Emit one page's lines: loose text and table grids in reading order (top to bottom)."""
    ctx = _PageCtx(page_no, height, links)
    outside: list[Glyph] = []
    helper = _compiled.helper
    (_assign_python if helper is None else helper.assign_cells)(glyphs, grids, outside)
    loose = visual_lines(outside)
    if not grids:
        _read_words_page(loose, ctx, state)
        return
    # Reading order: grids and loose lines by their top edge.
    blocks: list[tuple[float, object]] = [(grid.top, grid) for grid in grids if any(c.glyphs for c in grid.cells)]
    blocks += [(line.top, line) for line in loose]
    blocks.sort(key=lambda b: -b[0])
    first_real = True
    for k, (_, block) in enumerate(blocks):
        if isinstance(block, VLine):
            in_edge = _in_edge_zone(block, height) or _PAGE_NUMBER.match(_plain(block))
            if not in_edge:
                first_real = False
                state.ruled_open = False  # text after the table: it does not run on
            _emit(state, ctx, block, column=None)
            continue
        _read_grid(block, ctx, state, starts_page=first_real)
        first_real = False
        state.ruled_open = True


def _assign_python(glyphs: list[Glyph], grids: list[Grid], outside: list[Glyph]) -> None:
    """Each glyph into the glyphs of the grid cell holding its centre (the first grid with one),
    or into ``outside``: the specification of the compiled loop (``_speedups.assign_cells``),
    and what runs where it was not built."""
    prev: Glyph | None = None
    prev_home: list[Glyph] | None = None
    # The first grid's fine cell the last glyph fell in (x_lo, x_hi, y_lo, y_hi) and its cell's
    # glyphs: glyphs come in stream order, mostly many to a cell, and a centre strictly inside
    # the same fine cell lands in the same cell without a search. Its edges are kept doubled:
    # the centre test then needs no division ((a + b) / 2 <= e is exactly a + b <= 2 * e).
    hit_x0 = hit_x1 = hit_y0 = hit_y1 = 0.0
    hit_home: list[Glyph] = outside
    for g in glyphs:
        if (
            g.space
            and prev is not None
            and abs(g.base - prev.base) < 0.4 * g.em
            and abs(g.x0 - prev.x1) < 0.5 * g.em
        ):
            # A space goes with the letter it follows: LibreOffice draws the space a line wraps
            # at past the cell's edge, where it would land in the next column ("ใ นหน่วยงาน").
            home = prev_home  # type: ignore[assignment]
        else:
            sx, sy = g.x0 + g.x1, g.y0 + g.y1
            if hit_x0 < sx <= hit_x1 and hit_y0 <= sy < hit_y1:
                home = hit_home
            else:
                cx, cy = sx / 2, sy / 2
                home = outside
                for n, grid in enumerate(grids):
                    at = grid.fine(cx, cy)
                    k = None if at is None else grid.cell_of.get(at)
                    if k is not None:
                        home = grid.cells[k].glyphs
                        if n == 0:
                            row, col = at  # type: ignore[misc]
                            hit_x0, hit_x1 = 2 * grid.xs[col], 2 * grid.xs[col + 1]
                            hit_y0, hit_y1 = 2 * grid.ys[row + 1], 2 * grid.ys[row]
                            hit_home = home
                        break
        home.append(g)
        prev, prev_home = g, home


def _read_grid(grid: Grid, ctx: _PageCtx, state: State, *, starts_page: bool) -> None:
    """A ruled grid as one table of the shared model; the document's tagger gives the roles.

    Grid columns are the ruling's x edges. The grid is the next part of the table before it
    when it is the first thing on its page, the table before ran to the bottom of its page,
    and the columns are the same: then its first row may continue the row broken at the break.
    """
    xs = grid.xs
    rows = []
    for row, carried in grid_rows(grid):
        cells = []
        for cell in row:
            start = edge_index(xs, cell.x0)
            lines = [line for v in _cell_lines(cell) if (line := _line(state, ctx, v)) is not None]
            cells.append(tables.Cell(lines, start, max(1, edge_index(xs, cell.x1) - start)))
        if any(c.lines for c in cells):
            rows.append(tables.Row(cells, carried=carried, page=ctx.page_no))
    if not rows:
        return
    continued = starts_page and state.ruled_open and _same_edges(state.ruled_xs, xs)
    state.lines.extend(state.tagger.tag(tables.Table(rows, len(xs) - 1, continued=continued)))
    state.ruled_xs = xs
    state.table = None  # a word-position table does not continue past a ruled one


def _same_edges(a: list[float] | None, b: list[float]) -> bool:
    return a is not None and len(a) == len(b) and all(abs(p - q) <= TOL * 2 for p, q in zip(a, b))


# --------------------------------------------------------------------------- pages without ruling


def _chunks(line: VLine, gap_em: float) -> list[list[Glyph]]:
    """Split a visual line where the horizontal gap exceeds gap_em (column gutters)."""
    out: list[list[Glyph]] = []
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


def _header_chunks(line: VLine) -> tuple[list[Column | None], list[tuple[float, float]]] | None:
    for gap in (0.8, 0.25):
        chunks = _chunks(line, gap)
        if len(chunks) >= 2:
            roles = _header_roles([_plain(VLine(c)) for c in chunks])
            if roles is not None:
                return roles, [(c[0].x0, c[-1].x1) for c in chunks]
    return None


def _read_words_page(lines: list[VLine], ctx: _PageCtx, state: State) -> None:
    """A form drawn without ruling: column boundaries from the header words' x positions."""
    table = state.table
    if table is not None and not table.words:
        table = None  # a ruled table does not continue on an unruled page
    pending: dict[int, list[VLine]] = {}
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
            table = state.table = Table(state.tagger.tables, roles, _word_bounds(spans, lines[k + 1 :]), words=True)
            state.tagger.tables += 1
            table.last_row = 0
            row_index = 0
            for col, chunk in enumerate(_split_columns(line, table) or []):
                if chunk:
                    _emit(state, ctx, VLine(chunk), column=roles[col], table=table.index, row=0)
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
            if not codes.starts_with_code(_plain(VLine(parts[code_col])), cell=True):
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
            new_row = bool(parts[0]) and codes.starts_with_code(_plain(VLine(parts[0])), cell=True)
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
                pending.setdefault(col, []).append(VLine(chunk))
        first_real = False
    flush()
    if table is not None:
        table.open = True


def _word_bounds(spans: list[tuple[float, float]], body: list[VLine]) -> list[tuple[float, float]]:
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


def _split_columns(line: VLine, table: Table) -> list[list[Glyph]] | None:
    """The line's glyphs per column, or None when one run of text crosses a column boundary."""
    parts: list[list[Glyph]] = [[] for _ in table.bounds]
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


def _column_at(table: Table, x: float) -> int:
    for i, (x0, x1) in enumerate(table.bounds):
        if x < x1:
            return i
    return len(table.bounds) - 1


# --------------------------------------------------------------------------- emitting lines


def _line(state: State, ctx: _PageCtx, vline: VLine) -> Line | None:
    """The visual line as a Line (None when it holds no text); a Thai-invalid one is read again
    by pdfplumber, the better text wins."""
    from ... import thai

    text, links, space_after = line_text(vline.glyphs, ctx.links, state.repairs)
    if text and thai.thai_invalid_count(text) > 0 and not _MARKS_ONLY.fullmatch(text):
        better = state.plumber.line(ctx.page_no, vline.glyphs, vline.base, ctx.links)
        if better is not None and thai.thai_invalid_count(better[0]) < thai.thai_invalid_count(text):
            state.repairs["pdfplumber_text"] += 1
            text, links, space_after = better
    return Line(text=text, links=links, page=ctx.page_no, space_after=space_after) if text else None


def _emit(state: State, ctx: _PageCtx, vline: VLine, *, column: Column | None, table: int | None = None, row: int | None = None) -> None:
    """Append the visual line as a Line of the given place."""
    line = _line(state, ctx, vline)
    if line is not None:
        line.table, line.row, line.column = table, row, column
        state.lines.append(line)
