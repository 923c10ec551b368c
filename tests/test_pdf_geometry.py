"""The PDF reader's geometry stage on plain segment lists: ruling lines -> grids and cells.

No PDF is read here: ``geometry`` is pure, so each case is the list of strokes a page would
draw (PDF user space, y up, points).
"""

from __future__ import annotations

from oitparse.readers.pdf import geometry
from oitparse.readers.pdf.geometry import Seg, UnionFind


def _strokes(lines: list[tuple[float, float, float, float]]) -> tuple[list[Seg], list[Seg]]:
    """(x0, y0, x1, y1) strokes as the PDFium stage hands them over."""
    horizontal: list[Seg] = []
    vertical: list[Seg] = []
    for x0, y0, x1, y1 in lines:
        geometry.add_segment((x0, y0), (x1, y1), horizontal, vertical)
    return horizontal, vertical


def _ruled(xs: list[float], ys: list[float]) -> list[tuple[float, float, float, float]]:
    """A fully ruled grid: every row rule across, every column rule down."""
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


def _boxes(grid: geometry.Grid) -> list[tuple[float, float, float, float]]:
    return [(c.x0, c.x1, c.top, c.bottom) for c in grid.cells]


def test_union_find_joins_and_keeps_apart() -> None:
    sets = UnionFind(6)
    sets.union(0, 1)
    sets.union(1, 2)
    sets.union(4, 5)
    assert sets.find(0) == sets.find(1) == sets.find(2)
    assert sets.find(4) == sets.find(5)
    assert len({sets.find(i) for i in range(6)}) == 3  # {0,1,2}, {3}, {4,5}


def test_three_by_three_grid() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0, 640.0]
    grids = geometry.grids(*_strokes(_ruled(xs, ys)))
    assert len(grids) == 1
    grid = grids[0]
    assert grid.xs == xs and grid.ys == ys
    assert len(grid.cells) == 9
    assert _boxes(grid)[0] == (50.0, 150.0, 700.0, 680.0)
    assert _boxes(grid)[-1] == (250.0, 350.0, 660.0, 640.0)
    # a point finds its cell; one outside the grid (beyond the 1 pt slack) finds none
    assert grid.locate(100.0, 690.0) == 0
    assert grid.locate(300.0, 650.0) == 8
    assert grid.locate(200.0, 670.0) == 4
    assert grid.locate(400.0, 670.0) is None
    rows = geometry.grid_rows(grid)
    assert [[(c.x0, c.x1) for c in row] for row, _ in rows] == [[(50.0, 150.0), (150.0, 250.0), (250.0, 350.0)]] * 3
    assert [carried for _, carried in rows] == [frozenset()] * 3


def test_merged_cell_spans_rows_and_carries_into_the_next() -> None:
    # the rule between rows 1 and 2 stops at x=150: column 0 holds one cell over both rows
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0, 640.0]
    lines = [(xs[0], y, xs[-1], y) for y in (700.0, 680.0, 640.0)] + [(150.0, 660.0, 350.0, 660.0)]
    lines += [(x, 700.0, x, 640.0) for x in xs]
    grid = geometry.grids(*_strokes(lines))[0]
    assert len(grid.cells) == 8
    merged = grid.cells[grid.locate(100.0, 670.0)]
    assert (merged.x0, merged.x1, merged.top, merged.bottom) == (50.0, 150.0, 680.0, 640.0)
    assert merged.rows == (1, 2)
    assert grid.locate(100.0, 650.0) == grid.locate(100.0, 670.0)
    rows = geometry.grid_rows(grid)
    # each row keeps its own cells; the merged cell stands in row 1 and covers column 0 of row 2
    assert [len(row) for row, _ in rows] == [3, 3, 2]
    assert rows[1][0][0] is merged
    assert [carried for _, carried in rows] == [frozenset(), frozenset(), frozenset({0})]


def test_merged_cell_spans_columns() -> None:
    # a topic row: the rules between the columns stop at the second row
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0]
    lines = [(xs[0], y, xs[-1], y) for y in ys] + [(50.0, 700.0, 50.0, 660.0), (350.0, 700.0, 350.0, 660.0)]
    lines += [(x, 700.0, x, 680.0) for x in xs[1:-1]]
    grid = geometry.grids(*_strokes(lines))[0]
    assert len(grid.cells) == 4
    topic = grid.cells[grid.locate(300.0, 670.0)]
    assert (topic.x0, topic.x1) == (50.0, 350.0)


def test_table_without_outer_border() -> None:
    # only the inner verticals are drawn; the row rules run from the left to the right edge
    lines = [(50.0, y, 350.0, y) for y in (700.0, 680.0, 660.0)]
    lines += [(x, 700.0, x, 660.0) for x in (150.0, 250.0)]
    grid = geometry.grids(*_strokes(lines))[0]
    assert grid.xs == [50.0, 150.0, 250.0, 350.0]
    assert len(grid.cells) == 6
    assert grid.locate(60.0, 670.0) is not None and grid.locate(340.0, 670.0) is not None


def test_two_tables_on_one_page() -> None:
    top = _ruled([50.0, 150.0, 250.0], [700.0, 680.0, 660.0])
    bottom = _ruled([50.0, 200.0, 350.0], [500.0, 480.0, 460.0])
    grids = geometry.grids(*_strokes(top + bottom))
    assert len(grids) == 2
    assert sorted((g.top, g.xs[-1]) for g in grids) == [(500.0, 350.0), (700.0, 250.0)]
    hs, vs = geometry.merge(_strokes(top + bottom)[0]), geometry.merge(_strokes(top + bottom)[1])
    assert len(geometry.components(hs, vs)) == 2


def test_underlines_are_not_a_grid() -> None:
    # link underlines and a rule under a heading: horizontals that meet no vertical
    lines = [(60.0, 598.0, 180.0, 598.0), (60.0, 578.0, 140.0, 578.0), (40.0, 760.0, 550.0, 760.0)]
    assert geometry.grids(*_strokes(lines)) == []
    # with one stray vertical they are still no table
    assert geometry.grids(*_strokes(lines + [(300.0, 560.0, 300.0, 620.0)])) == []


def test_underline_next_to_a_grid_is_left_out() -> None:
    grid_lines = _ruled([50.0, 150.0, 250.0], [700.0, 680.0, 660.0])
    underline = [(60.0, 600.0, 140.0, 600.0)]
    (grid,) = geometry.grids(*_strokes(grid_lines + underline))
    assert grid.ys == [700.0, 680.0, 660.0]


def test_short_strokes_and_diagonals_are_not_rules() -> None:
    horizontal, vertical = _strokes([(10.0, 10.0, 12.0, 10.0), (10.0, 10.0, 30.0, 30.0), (5.0, 5.0, 5.0, 6.5)])
    assert horizontal == [] and vertical == []


def test_merge_joins_collinear_pieces_and_rectangle_edges() -> None:
    # a rule drawn in two pieces, and a thin filled rectangle's two long edges 0.5 pt apart
    merged = geometry.merge([Seg(100.0, 50.0, 150.0), Seg(100.0, 151.0, 300.0), Seg(200.0, 50.0, 300.0), Seg(200.5, 50.0, 300.0)])
    assert [(s.coord, s.lo, s.hi) for s in merged] == [(100.0, 50.0, 300.0), (200.25, 50.0, 300.0)]


def test_a_boxed_paragraph_is_not_a_table() -> None:
    assert geometry.grids(*_strokes(_ruled([50.0, 300.0], [700.0, 650.0]))) == []


# --- Boundaries pinned against mutation testing (touch, merge, grid_of merges) ---------------


def test_touch_is_inclusive_at_the_tolerance() -> None:
    # TOL = 2: a horizontal exactly 2 pt below a vertical's low end still meets it, and a
    # vertical exactly 2 pt past a horizontal's right end still meets it
    vertical = Seg(100.0, 10.0, 50.0)
    assert geometry.touch(Seg(8.0, 90.0, 120.0), vertical)
    assert geometry.touch(Seg(30.0, 60.0, 98.0), vertical)
    assert not geometry.touch(Seg(7.9, 90.0, 120.0), vertical)
    assert not geometry.touch(Seg(30.0, 60.0, 97.9), vertical)


def test_merge_joins_rules_exactly_one_and_a_half_points_apart() -> None:
    merged = geometry.merge([Seg(10.0, 0.0, 100.0), Seg(11.5, 0.0, 100.0)])
    assert [(s.coord, s.lo, s.hi) for s in merged] == [(10.75, 0.0, 100.0)]
    apart = geometry.merge([Seg(10.0, 0.0, 100.0), Seg(11.6, 0.0, 100.0)])
    assert len(apart) == 2


def test_merge_keeps_separate_pieces_of_one_rule_apart() -> None:
    merged = geometry.merge([Seg(10.0, 0.0, 50.0), Seg(10.0, 60.0, 100.0)])
    assert [(s.coord, s.lo, s.hi) for s in merged] == [(10.0, 0.0, 50.0), (10.0, 60.0, 100.0)]


def test_merged_cell_in_the_last_two_columns_only() -> None:
    # three columns; in the second row the rule between columns 1 and 2 is missing
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0]
    lines = [(xs[0], y, xs[-1], y) for y in ys] + [(x, 700.0, x, 660.0) for x in xs[:2] + xs[3:]]
    lines += [(250.0, 700.0, 250.0, 680.0)]
    grid = geometry.grids(*_strokes(lines))[0]
    assert len(grid.cells) == 5
    assert (grid.x0, grid.x1, grid.top, grid.bottom) == (50.0, 350.0, 700.0, 660.0)
    wide = grid.cells[grid.locate(300.0, 670.0)]
    assert (wide.x0, wide.x1, wide.top, wide.bottom, wide.rows) == (150.0, 350.0, 680.0, 660.0, (1, 1))
    assert grid.locate(200.0, 670.0) == grid.locate(300.0, 670.0)
    assert grid.cell_of[(1, 1)] == grid.cell_of[(1, 2)] != grid.cell_of[(1, 0)]
    first = grid.cells[grid.locate(100.0, 670.0)]
    assert (first.x0, first.x1) == (50.0, 150.0)


def test_cell_merged_down_and_across_keeps_its_full_box() -> None:
    # an L-free 2x2 block: the top-left cell of a 3x3 grid merged with its right and lower neighbours
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0, 640.0]
    lines = [(xs[0], 700.0, xs[-1], 700.0), (250.0, 680.0, 350.0, 680.0)]
    lines += [(xs[0], 660.0, xs[-1], 660.0), (xs[0], 640.0, xs[-1], 640.0)]
    lines += [(50.0, 700.0, 50.0, 640.0), (150.0, 660.0, 150.0, 640.0), (250.0, 700.0, 250.0, 640.0), (350.0, 700.0, 350.0, 640.0)]
    grid = geometry.grids(*_strokes(lines))[0]
    block = grid.cells[grid.locate(100.0, 690.0)]
    assert (block.x0, block.x1, block.top, block.bottom, block.rows) == (50.0, 250.0, 700.0, 660.0, (0, 1))
    assert grid.cells[grid.locate(200.0, 670.0)] is block
    assert len(grid.cells) == 1 + 2 + 3


def test_components_leave_out_a_lone_rule() -> None:
    # a vertical that meets no horizontal forms its own set, which is no table
    hs, vs = _strokes(_ruled([50.0, 150.0, 250.0], [700.0, 680.0, 660.0]) + [(500.0, 100.0, 500.0, 300.0)])
    (group,) = geometry.components(geometry.merge(hs), geometry.merge(vs))
    assert sorted(v.coord for v in group[1]) == [50.0, 150.0, 250.0]
    assert sorted(h.coord for h in group[0]) == [660.0, 680.0, 700.0]
