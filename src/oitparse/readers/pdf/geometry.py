"""Ruling lines -> table grids: pure geometry, no PDF access (testable from plain segment lists).

Stages, as pdfplumber splits them: segments (axis-aligned strokes) are merged where collinear,
kept where they meet other lines, grouped into tables (connected sets of touching lines) and cut
into cells (grid cells joined where the rule between them is missing). Both groupings use one
:class:`UnionFind`. Coordinates are PDF user space in points, y up.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# Geometry tolerances in PDF points (1/72 in).
TOL = 2.0  # ruling lines that "touch"; table columns that "match" across pages
MIN_RULE = 3.0  # shorter segments are glyph details, not ruling lines


@dataclass(slots=True)
class Seg:
    """An axis-aligned ruling segment: at ``coord`` (y of a horizontal, x of a vertical) from lo to hi."""

    coord: float
    lo: float
    hi: float


@dataclass(slots=True)
class Cell:
    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[int, int]  # fine grid rows [first, last]
    glyphs: list = field(default_factory=list)  # filled by the layout stage
    lines: list | None = None  # the layout stage's visual lines of the glyphs, made once


@dataclass(slots=True)
class Grid:
    x0: float
    x1: float
    top: float
    bottom: float
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom (descending y)
    cell_of: dict[tuple[int, int], int]  # fine (row, col) -> index into cells
    cells: list[Cell]
    _neg_ys: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._neg_ys = [-y for y in self.ys]  # ascending, for bisect

    def fine(self, x: float, y: float) -> tuple[int, int] | None:
        """The fine grid (row, col) holding point (x, y), or None outside the grid (1 pt of slack).

        Inside, (row, col) holds xs[col] < x <= xs[col + 1] and ys[row + 1] <= y < ys[row];
        points in the slack count to the nearest edge row or column.
        """
        if not (self.x0 - 1 <= x <= self.x1 + 1 and self.bottom - 1 <= y <= self.top + 1):
            return None
        col = min(max(bisect.bisect_left(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect.bisect_left(self._neg_ys, -y) - 1, 0), len(self.ys) - 2)
        return row, col

    def locate(self, x: float, y: float) -> int | None:
        """Index of the cell holding point (x, y), or None outside the grid."""
        at = self.fine(x, y)
        return None if at is None else self.cell_of.get(at)


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving): tables from touching lines, cells from missing rules."""

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Join the sets of i and j (the root of j's set becomes the root of both)."""
        self.parent[self.find(i)] = self.find(j)


def add_segment(p: tuple[float, float], q: tuple[float, float], horizontal: list[Seg], vertical: list[Seg]) -> None:
    """Keep the stroke p-q if it is a horizontal or vertical rule long enough to be one."""
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= MIN_RULE:
        horizontal.append(Seg((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= MIN_RULE:
        vertical.append(Seg((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def grids(horizontal: list[Seg], vertical: list[Seg]) -> list[Grid]:
    """The table grids these ruling segments draw (none for underlines and lone boxes)."""
    if not horizontal or not vertical:
        return []
    horizontal, vertical = merge(horizontal), merge(vertical)
    # Keep lines that meet the grid: an underline under link text touches no vertical rule.
    for _ in range(2):  # (touch() written out: this runs for every pair of lines)
        vertical = [
            v for v in vertical
            if sum(1 for h in horizontal if v.lo - TOL <= h.coord <= v.hi + TOL and h.lo - TOL <= v.coord <= h.hi + TOL) >= 2
        ]
        horizontal = [
            h for h in horizontal
            if sum(1 for v in vertical if v.lo - TOL <= h.coord <= v.hi + TOL and h.lo - TOL <= v.coord <= h.hi + TOL) >= 2
        ]
    out = []
    for hs, vs in components(horizontal, vertical):
        grid = grid_of(hs, vs)
        if grid is not None:
            out.append(grid)
    return out


def merge(segs: list[Seg]) -> list[Seg]:
    """Merge collinear overlapping segments (the two long edges of a thin filled rectangle, too)."""
    segs = sorted(segs, key=lambda s: s.coord)
    buckets: list[list[Seg]] = []
    for s in segs:
        if buckets and s.coord - buckets[-1][0].coord <= 1.5:
            buckets[-1].append(s)
        else:
            buckets.append([s])
    out = []
    for bucket in buckets:
        coord = sum(s.coord for s in bucket) / len(bucket)
        bucket.sort(key=lambda s: s.lo)
        cur = Seg(coord, bucket[0].lo, bucket[0].hi)
        for s in bucket[1:]:
            if s.lo <= cur.hi + TOL:
                cur.hi = max(cur.hi, s.hi)
            else:
                out.append(cur)
                cur = Seg(coord, s.lo, s.hi)
        out.append(cur)
    return out


def touch(h: Seg, v: Seg) -> bool:
    """Whether a horizontal and a vertical segment meet (within TOL)."""
    return v.lo - TOL <= h.coord <= v.hi + TOL and h.lo - TOL <= v.coord <= h.hi + TOL


def components(horizontal: list[Seg], vertical: list[Seg]) -> list[tuple[list[Seg], list[Seg]]]:
    """Connected sets of touching lines with at least two of each direction: one per table on the page."""
    n = len(horizontal)
    sets = UnionFind(n + len(vertical))
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if touch(h, v):
                sets.union(i, n + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(sets.find(n + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def edges(values: list[float]) -> list[float]:
    """Sorted distinct positions, those within TOL of the previous one dropped."""
    values = sorted(values)
    out: list[float] = []
    for v in values:
        if out and v - out[-1] <= TOL:
            continue
        out.append(v)
    return out


def grid_of(hs: list[Seg], vs: list[Seg]) -> Grid | None:
    """Cells of one ruled table, merged where the rule between two grid cells is missing."""
    xs = edges([v.coord for v in vs])
    ys = list(reversed(edges([h.coord for h in hs])))
    # A table drawn without its outer border: the row rules run past the outer verticals.
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    if left < xs[0] - 3 * TOL:
        xs.insert(0, left)
    if right > xs[-1] + 3 * TOL:
        xs.append(right)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None

    def wall_v(x: float, ylo: float, yhi: float) -> bool:
        mid = (ylo + yhi) / 2
        return any(abs(v.coord - x) <= TOL and v.lo - TOL <= mid <= v.hi + TOL for v in vs)

    def wall_h(y: float, xlo: float, xhi: float) -> bool:
        mid = (xlo + xhi) / 2
        return any(abs(h.coord - y) <= TOL and h.lo - TOL <= mid <= h.hi + TOL for h in hs)

    sets = UnionFind(rows * cols)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not wall_v(xs[c + 1], ys[r + 1], ys[r]):
                sets.union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not wall_h(ys[r + 1], xs[c], xs[c + 1]):
                sets.union(r * cols + c, (r + 1) * cols + c)
    cells: list[Cell] = []
    index: dict[int, int] = {}
    cell_of: dict[tuple[int, int], int] = {}
    for r in range(rows):
        for c in range(cols):
            root = sets.find(r * cols + c)
            if root not in index:
                index[root] = len(cells)
                cells.append(Cell(xs[c], xs[c + 1], ys[r], ys[r + 1], (r, r)))
            k = index[root]
            cell = cells[k]
            cell.x0, cell.x1 = min(cell.x0, xs[c]), max(cell.x1, xs[c + 1])
            cell.top, cell.bottom = max(cell.top, ys[r]), min(cell.bottom, ys[r + 1])
            cell.rows = (min(cell.rows[0], r), max(cell.rows[1], r))
            cell_of[(r, c)] = k
    if len(cells) < 2:
        return None  # a framed paragraph (a boxed heading), not a table: its text reads as text
    return Grid(xs[0], xs[-1], ys[0], ys[-1], xs, ys, cell_of, cells)


def edge_index(xs: list[float], x: float) -> int:
    """Index of the edge of ``xs`` (ascending) nearest to x."""
    k = bisect.bisect_left(xs, x)
    if k > 0 and (k == len(xs) or x - xs[k - 1] <= xs[k] - x):
        k -= 1
    return k


def grid_rows(grid: Grid) -> list[tuple[list[Cell], frozenset[int]]]:
    """The grid's rows as a DOCX or HTML table has them: each cell in the row it starts in,
    left to right, with the grid columns that cells merged down from rows above cover.

    A merged side column (a sub-indicator over many items) then leaves each item its own
    row, as a vertically merged cell does in a DOCX.
    """
    rows = len(grid.ys) - 1
    cells: list[list[Cell]] = [[] for _ in range(rows)]
    carried: list[set[int]] = [set() for _ in range(rows)]
    for cell in grid.cells:
        cells[cell.rows[0]].append(cell)
        if cell.rows[1] > cell.rows[0]:
            cols = range(edge_index(grid.xs, cell.x0), edge_index(grid.xs, cell.x1))
            for r in range(cell.rows[0] + 1, cell.rows[1] + 1):
                carried[r].update(cols)
    return [(sorted(row, key=lambda c: c.x0), frozenset(carried[r])) for r, row in enumerate(cells)]
