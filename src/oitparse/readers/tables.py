"""One table model for every reader, and the one tagger that decides its column roles.

A reader (DOCX, HTML, PDF) turns each table it meets into a :class:`Table`: rows of
:class:`Cell`, each cell holding the Lines the reader built from it and its place in the
table's grid (start column, span). The reader hands the table to its document's
:class:`Tagger`, which

1. finds the header row by its words (``columns.column_roles``), or continues the roles
   of the table before (a form split by page breaks, or one table per section with only
   the first one headed), or, with neither, infers the roles from what the columns hold;
2. corrects the evidence column by content: the column whose cells hold the links and
   typed URLs of the item rows is the evidence, whatever its header says ("รายละเอียด");
3. marks topic rows (one cell across the table) and joins a row continued on the next
   page to the row it continues;
4. stamps every line with its table, row and column role, and returns them in order.

Spans are clamped to the table's real size here, so a ``rowspan=65534`` or a
``gridSpan=99999999`` costs what the table holds, not what the file claims.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import bullets, codes
from ..limits import check_time
from .base import Column, Line
from .columns import column_roles

#: Grid columns a table is read to: an OIT table has about ten, and a cell placed or
#: spanning past this (rowspans stacked by the thousand, ``gridSpan=99999999``) is clamped
#: here, so a table costs what it holds, not what its spans claim.
MAX_COLUMNS = 64
#: Ceiling of a span before the table's size is known (a span larger than the table is a lie).
MAX_SPAN = MAX_COLUMNS

# An empty-looking cell: whitespace and invisible format characters (zero-width space, BOM...).
_BLANK = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*")
_THAI_LETTER = re.compile("[\u0e01-\u0e2e]")
# What is left of a code wrapped at a page end: a few letters and digits ("35", "T 1").
_CODE_REST = re.compile(r"[0-9๐-๙A-Za-z.\- ]{1,6}")
# A URL typed as text (PDF text layers carry no link for it).
_TYPED_URL = re.compile(r"(?i)(?:https?://|www\.)\S")


@dataclass(slots=True)
class Cell:
    """One cell of a table: its lines and its place in the grid."""

    lines: list[Line]
    start: int  #: first grid column
    span: int = 1  #: grid columns covered

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines if line.text)

    @property
    def blank(self) -> bool:
        return all(_BLANK.fullmatch(line.text) for line in self.lines) and not any(ln.links for ln in self.lines)

    def has_link(self) -> bool:
        """Whether the cell holds a link or a typed URL (what evidence cells hold)."""
        return any(line.links or _TYPED_URL.search(line.text) for line in self.lines)


@dataclass(slots=True)
class Row:
    """One row of cells, left to right."""

    cells: list[Cell]
    #: Grid columns a cell merged down from a row above covers in this row.
    carried: frozenset[int] = frozenset()
    #: 1-based page the row is on (PDF), for the lines' places.
    page: int | None = None


@dataclass(slots=True)
class Table:
    """A table as a reader found it."""

    rows: list[Row]
    width: int  #: grid columns
    #: True when this table is the next part of the table before (the same table on a new
    #: page, PDF): its first data row may continue the last row before the break. False for
    #: a table that stands on its own (a new section may still continue the previous
    #: table's roles when its columns are the same).
    continued: bool = False


@dataclass
class TableRoles:
    """Column roles found for a table, kept so a following headerless table can continue them."""

    width: int  #: grid columns
    by_grid: list[Column | None]  #: role of each grid column
    by_ordinal: list[Column | None]  #: role of the n-th cell of the header row


def clamp_span(value: str | int | None, limit: int = MAX_SPAN, *, zero: int = 1) -> int:
    """A span attribute as a count in 1..limit; ``zero`` is what 0 means (HTML's rowspan=0
    runs to the table's end, colspan=0 is 1).

    >>> clamp_span("3"), clamp_span("x"), clamp_span(99999999, 40), clamp_span("0", 7, zero=7)
    (3, 1, 40, 7)
    """
    try:
        n = int(str(value).strip() or 1)
    except (TypeError, ValueError):
        return 1
    if n == 0:
        n = zero
    return max(1, min(n, limit))


def column_count_mode(widths: list[int]) -> int | None:
    """The most common number of cells per row (rows of one merged cell left out)."""
    counts = Counter(w for w in widths if w > 1)
    return counts.most_common(1)[0][0] if counts else None


def _code_of(cell: Cell) -> tuple[codes.CodeMatch, str] | None:
    """The item code a cell opens with, and the cell's text, its wrapped lines joined as a
    code cell's are ("O1" / "0" is O10)."""
    text = codes.join_wrapped([line.text for line in cell.lines])
    m = codes.match_code(text, cell=True)
    return (m, text) if m else None


def _starts_item(cell: Cell) -> bool:
    return _code_of(cell) is not None


def _item_rows(table: Table) -> list[Row]:
    """Rows that open an item: a code at the start of one of their first two filled cells."""
    out = []
    for row in table.rows:
        filled = [c for c in row.cells if not c.blank]
        if filled and any(_starts_item(c) for c in filled[:2]):
            out.append(row)
    return out


def _holds_items(table: Table) -> bool:
    """Whether some cell holds two or more lines opening an item with its title: a layout
    table whose cell is a page region (the form written as headings and lists inside it),
    not a form table."""
    for row in table.rows:
        for cell in row.cells:
            if sum(1 for line in cell.lines if _item_heading(line.text)) >= 2:
                return True
    return False


def _item_heading(text: str) -> bool:
    """A line that opens an item with its title ("O๑ : โครงสร้าง"), not a bare code (the
    "oit25" a URL wraps to)."""
    m = codes.match_code(text)
    return m is not None and bool(_THAI_LETTER.search(text, m.end))


def _code_column(items: list[Row]) -> tuple[int, bool] | None:
    """The grid column the item codes of these rows stand in (the first or second filled cell
    of each), and whether the codes stand alone there (a code column) or open a title."""
    code_at: Counter[int] = Counter()
    code_only: Counter[int] = Counter()
    for row in items:
        for c in [c for c in row.cells if not c.blank][:2]:
            found = _code_of(c)
            if found:
                m, text = found
                code_at[c.start] += 1
                code_only[c.start] += not text[m.end :].strip()
                break
    if not code_at:
        return None
    col = code_at.most_common(1)[0][0]
    return col, code_only[col] * 2 >= code_at[col]


def _opens_requirement(cell: Cell) -> bool:
    """The cell opens with the form's requirement bullet ("O แสดง..."): content, never a header."""
    return bool(cell.lines) and bullets.REQUIREMENT.match(cell.lines[0].text) is not None


def find_header(table: Table) -> tuple[int, TableRoles] | None:
    """``(row index, roles)`` of the header row among the first rows, or None.

    Only rows before the first item row ("o1 ...") are tried, because item rows can look
    header-like (short titles holding "ข้อมูล"); a header names two different roles.
    """
    for r, row in enumerate(table.rows[:6]):
        if any(_starts_item(c) for c in row.cells) or any(_opens_requirement(c) for c in row.cells):
            return None  # an item's row (its code may have wrapped onto the next page: "OIT" / "๓๑")
        texts = [c.text for c in row.cells]
        roles = column_roles(texts)
        if roles is None or len({x for x in roles if x and x != "note"}) < 2:
            continue
        by_grid: list[Column | None] = [None] * table.width
        for role, cell in zip(roles, row.cells):
            for g in range(cell.start, min(cell.start + cell.span, table.width)):
                by_grid[g] = role
        return r, TableRoles(table.width, by_grid, list(roles))
    return None


def infer_roles(table: Table) -> TableRoles | None:
    """Roles read from what the columns hold, for a table with no header: the column where
    item codes stand, the column of links, and the text columns between them."""
    items = _item_rows(table)
    if not items or table.width < 2:
        return None
    found = _code_column(items)
    if found is None:
        return None
    code_col, alone = found
    links_at: Counter[int] = Counter()
    text_at: Counter[int] = Counter()
    for row in items:
        for c in row.cells:
            if c.blank:
                continue
            if c.has_link():
                links_at[c.start] += 1
            text_at[c.start] += len(c.text)
    by_grid: list[Column | None] = ["note"] * table.width
    code_role: Column = "code" if alone else "title"
    by_grid[code_col] = code_role
    evidence = max((g for g in links_at if g != code_col), key=lambda g: (links_at[g], g), default=None)
    if evidence is not None:
        by_grid[evidence] = "evidence"
    rest = [g for g in range(code_col + 1, evidence if evidence is not None and evidence > code_col else table.width)
            if text_at[g]]
    if code_role == "code" and rest:
        by_grid[rest.pop(0)] = "title"
    if rest:  # the longest text column left is the requirements; others are notes
        by_grid[max(rest, key=lambda g: text_at[g])] = "requirements"
    ordinal = [by_grid[c.start] for c in items[0].cells]
    return TableRoles(table.width, by_grid, ordinal)


def _refine_by_content(table: Table, roles: TableRoles, header_row: int) -> TableRoles:
    """Header roles corrected by what the columns hold: the column of item codes is the code
    column when its header named nothing; the column of links is the evidence column; a
    column whose header named nothing is a side column ("note": a sub-indicator or remarks)."""
    roles = _refine_evidence(table, roles, header_row)
    by_grid = list(roles.by_grid)
    if not any(r in ("code", "title") for r in by_grid) or any(r is None for r in by_grid):
        found = _code_column(_item_rows(Table(table.rows[header_row + 1 :], table.width)))
        if found is not None and by_grid[found[0]] is None:
            by_grid[found[0]] = "code"
    by_grid = [r if r is not None else "note" for r in by_grid]
    header = table.rows[header_row].cells
    return TableRoles(roles.width, by_grid, [by_grid[min(c.start, len(by_grid) - 1)] for c in header])


def _refine_evidence(table: Table, roles: TableRoles, header_row: int) -> TableRoles:
    """The column holding the links of the item rows is the evidence column, whatever its
    header says (an agency heads it "รายละเอียด"); the header's choice stands when its
    column holds links too, and links beside the code or title are the title's own."""
    items = _item_rows(Table(table.rows[header_row + 1 :], table.width))
    links_at: Counter[int] = Counter(c.start for row in items for c in row.cells if c.has_link())
    if not links_at:
        return roles
    best, count = max(links_at.items(), key=lambda kv: (kv[1], -kv[0]))
    role = roles.by_grid[best]
    if role in ("evidence", "code", "title") or count * 3 < len(items):
        return roles
    if any(links_at[g] * 2 > count for g, r in enumerate(roles.by_grid) if r == "evidence"):
        return roles
    by_grid: list[Column | None] = ["note" if r == "evidence" else r for r in roles.by_grid]
    header = table.rows[header_row].cells
    # the whole span of the header cell over the links (not its neighbours of the same role:
    # two unknown headers side by side are two columns)
    lo, hi = next(((c.start, c.start + c.span) for c in header if c.start <= best < c.start + c.span), (best, best + 1))
    hi = min(hi, len(by_grid))
    by_grid[lo:hi] = ["evidence"] * (hi - lo)
    return TableRoles(roles.width, by_grid, [by_grid[min(c.start, len(by_grid) - 1)] for c in header])


_CONTENT = ("code", "title", "requirements", "evidence")


def is_topic_row(row: Row, width: int, roles: TableRoles | None = None) -> bool:
    """Whether a data row is a topic heading ("ข้อมูลพื้นฐาน") rather than an item row.

    Only the content columns count (code, title, requirements, evidence: a sub-indicator
    or remarks column beside a topic row does not make it an item row). A topic is one
    cell across them, or the only filled one when it is the first or a merged one (a row
    of an item continued on the next page fills a single column), and it opens no item.
    A row whose content columns a cell merged down from above covers belongs to that item.
    """
    content = set(range(width))
    if roles is not None:
        content = {g for g, r in enumerate(roles.by_grid) if r in _CONTENT} or content
    if width <= 1 or row.carried & content:
        return False
    cells = [c for c in row.cells if content.intersection(range(c.start, c.start + c.span))]
    if not cells:
        return False
    first = min(content)
    if len(cells) == 1:  # one cell across the table: a topic unless it holds an item ("o2 ... <link>")
        return not _starts_item(cells[0]) and (len(content) == 1 or cells[0].span > 1 or not cells[0].blank)
    filled = [c for c in cells if not c.blank]
    if len(filled) != 1:
        return False
    cell = filled[0]
    return (cell.start <= first or cell.span > 1) and len(cell.text) <= 120 and not _starts_item(cell)


def cell_role(roles: TableRoles, ordinal: int, cell: Cell, by_grid: bool) -> Column | None:
    """Role of a data cell: by grid position when the grid matches the header's, else by order."""
    if by_grid:
        return next((r for r in roles.by_grid[cell.start : cell.start + cell.span] if r), None)
    return roles.by_ordinal[ordinal] if ordinal < len(roles.by_ordinal) else None


@dataclass
class Tagger:
    """Tags the tables of one document in order, carrying roles from a table to the next."""

    tables: int = 0  #: tables tagged so far (the next table's index)
    previous: TableRoles | None = None
    _last_row: int = -1
    _last_index: int = -1
    _last_roles: TableRoles | None = field(default=None, repr=False)

    def roles_of(self, table: Table) -> tuple[int, TableRoles | None, bool]:
        """``(header row, roles, by_grid)``: the table's own header's roles, or the previous
        table's when this one has no header but the same columns, or roles inferred from
        content, or none. ``header row`` is -1 when there is none."""
        if _holds_items(table):
            return -1, None, True  # a table that lays out the page, not a row per item
        header = find_header(table)
        last = self._last_roles
        if header is not None:
            r, roles = header
            roles = _refine_by_content(table, roles, r)
            if not (table.continued and last is not None and roles.by_grid != last.by_grid):
                return r, roles, True
            # the next page of a table: header words in its first row ("เกี่ยวข้อง" holds "ข้อ")
            # that do not repeat its header are the rest of the row broken at the page end
            return -1, last, True
        prev = self.previous
        if prev is not None and (
            prev.width == table.width or column_count_mode([len(r.cells) for r in table.rows]) == len(prev.by_ordinal)
        ):
            return -1, prev, prev.width == table.width
        inferred = infer_roles(table)
        return -1, inferred, True

    def tag(self, table: Table) -> list[Line]:
        """Stamp the table's lines with table index, row and column role; return them in order."""
        header_row, roles, by_grid = self.roles_of(table)
        last = self._last_roles
        continued = table.continued and last is not None and roles is not None and roles.by_grid == last.by_grid
        if continued:
            index, row_index = self._last_index, self._last_row
        else:
            index, row_index = self.tables, -1
            self.tables += 1
        if roles is not None:
            self.previous = roles
        out: list[Line] = []
        for r, row in enumerate(table.rows):
            check_time()
            if continued and r <= header_row:
                continue  # the header repeated on the new page: read once
            goes_on = continued and r == header_row + 1 and self._continues(row, table.width, roles, by_grid)
            if not goes_on:
                row_index += 1  # else the row broke across the page: the same row as the last one
            topic = not goes_on and roles is not None and r > header_row and is_topic_row(row, table.width, roles)
            for ordinal, cell in enumerate(row.cells):
                if r == header_row:
                    column: Column | None = "header"
                elif r < header_row or roles is None:
                    column = None
                else:
                    column = cell_role(roles, ordinal, cell, by_grid)
                    if topic and column in _CONTENT:
                        column = "topic"  # a side column (sub-indicator, remarks) keeps its role
                for line in cell.lines:
                    line.table, line.row, line.column = index, row_index, column
                    if line.page is None:
                        line.page = row.page
                    out.append(line)
        self._last_index, self._last_row, self._last_roles = index, row_index, roles
        return out

    @staticmethod
    def _continues(row: Row, width: int, roles: TableRoles | None, by_grid: bool) -> bool:
        """A page's first row continues the last row when it opens no item: its code cell is
        empty or holds the rest of a code wrapped at the page end ("O1" / "3"), or, with code
        and title in one column, its first cells open no item. One merged cell across the
        row is a topic row, not a continuation."""
        if roles is None or all(c.blank for c in row.cells):
            return False
        cols = [cell_role(roles, k, c, by_grid) for k, c in enumerate(row.cells)]
        filled = [c for c, role in zip(row.cells, cols) if role in _CONTENT and not c.blank]  # side columns aside
        merged_topic = len(filled) == 1 and filled[0].span > 1
        if "code" in cols:
            code = row.cells[cols.index("code")]
            rest = codes.join_wrapped([line.text for line in code.lines])
            if code.blank or (_CODE_REST.fullmatch(rest) and not codes.starts_with_code(rest, cell=True)):
                return not merged_topic
            return False
        return not merged_topic and not any(_starts_item(c) for c in row.cells[:2])
