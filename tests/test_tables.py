"""The one table model and its tagger (oitparse.readers.tables), built from lines directly:
what every reader (DOCX, HTML, PDF ruled grids) gets for the same table."""

from __future__ import annotations

from oitparse.readers.base import Line, Link
from oitparse.readers.tables import Cell, Row, Table, Tagger, clamp_span


def cell(start: int, *texts: str, span: int = 1, url: str | None = None) -> Cell:
    lines = []
    for t in texts:
        links = [Link(0, len(t), url)] if url else []
        lines.append(Line(t, links))
    return Cell(lines, start, span)


def row(*cells: Cell, carried: frozenset[int] = frozenset()) -> Row:
    return Row(list(cells), carried=carried)


def roles(lines: list[Line]) -> list[tuple[str, int | None, str | None]]:
    return [(ln.text, ln.row, ln.column) for ln in lines]


HEADER = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "องค์ประกอบด้านข้อมูล"), cell(3, "URL"))


def item(code: str, title: str, req: str, ev: str, url: str = "https://a.go.th/x") -> Row:
    return row(cell(0, code), cell(1, title), cell(2, req), cell(3, ev, url=url))


def test_header_words_give_roles_and_the_header_row_is_tagged_as_such() -> None:
    lines = Tagger().tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง (คลิก)")], 4))
    assert roles(lines) == [
        ("ข้อ", 0, "header"), ("ข้อมูล", 0, "header"), ("องค์ประกอบด้านข้อมูล", 0, "header"), ("URL", 0, "header"),
        ("o1", 1, "code"), ("โครงสร้าง", 1, "title"), ("O แผนผัง", 1, "requirements"), ("ผัง (คลิก)", 1, "evidence"),
    ]
    assert {ln.table for ln in lines} == {0}


def test_headerless_table_takes_roles_from_what_its_columns_hold() -> None:
    # no header: codes in column 1 (column 0 is a running number), links in column 3
    t = Table([row(cell(0, "1"), cell(1, "OIT 1"), cell(2, "โครงสร้าง"), cell(3, "ดาวน์โหลด", url="https://a/1")),
               row(cell(0, "2"), cell(1, "OIT 2"), cell(2, "ข้อมูลผู้บริหาร"), cell(3, "https://a/2"))], 4)
    got = roles(Tagger().tag(t))
    assert got[:4] == [("1", 0, "note"), ("OIT 1", 0, "code"), ("โครงสร้าง", 0, "title"), ("ดาวน์โหลด", 0, "evidence")]


def test_code_and_title_in_one_cell_is_the_title_column() -> None:
    t = Table([row(cell(0, "O1 : โครงสร้าง"), cell(1, "ดู", url="https://a/1")),
               row(cell(0, "O2 : ข้อมูลผู้บริหาร"), cell(1, "ดู", url="https://a/2"))], 2)
    assert [c for _, _, c in roles(Tagger().tag(t))] == ["title", "evidence", "title", "evidence"]


def test_link_column_is_found_by_its_links_whatever_its_header_says() -> None:
    # the real agency page heads its link column "รายละเอียด", a word for requirements
    header = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "รายละเอียด"))
    body = [row(cell(0, f"OIT {n}"), cell(1, "หัวข้อ"), cell(2, "เอกสาร", url=f"https://a/{n}")) for n in (1, 2, 3)]
    got = roles(Tagger().tag(Table([header, *body], 3)))
    assert [c for t, _, c in got if t == "เอกสาร"] == ["evidence"] * 3


def test_header_word_evidence_column_stands_when_it_holds_the_links() -> None:
    header = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "รายละเอียด"), cell(3, "Link"))
    body = row(cell(0, "o1"), cell(1, "โครงสร้าง"), cell(2, "ดู https://a/req"), cell(3, "ผัง", url="https://a/1"))
    got = dict((t, c) for t, _, c in roles(Tagger().tag(Table([header, body], 4))))
    assert got["ดู https://a/req"] == "requirements" and got["ผัง"] == "evidence"


def test_one_table_per_section_continues_the_first_tables_roles() -> None:
    tagger = Tagger()
    first = tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    second = tagger.tag(Table([item("o5", "ข้อมูลการติดต่อ", "O ที่อยู่", "ติดต่อ")], 4))
    assert {ln.table for ln in first} == {0} and {ln.table for ln in second} == {1}
    assert [c for _, _, c in roles(second)] == ["code", "title", "requirements", "evidence"]


def test_topic_rows_and_a_side_column_of_sub_indicators() -> None:
    # a sub-indicator column merged down (carried) beside topic and item rows
    header = row(cell(0, "ตัวชี้วัดย่อย"), cell(1, "ข้อ"), cell(2, "ข้อมูล"), cell(3, "Link"))
    topic = row(cell(0, "9.1 ข้อมูลพื้นฐาน"), cell(1, "ข้อมูลพื้นฐาน", span=3))
    body = row(cell(1, "o1"), cell(2, "โครงสร้าง"), cell(3, "ผัง", url="https://a/1"), carried=frozenset({0}))
    got = roles(Tagger().tag(Table([header, topic, body], 4)))
    assert got[4:] == [("9.1 ข้อมูลพื้นฐาน", 1, "note"), ("ข้อมูลพื้นฐาน", 1, "topic"),
                       ("o1", 2, "code"), ("โครงสร้าง", 2, "title"), ("ผัง", 2, "evidence")]


def test_a_row_whose_content_columns_are_merged_from_above_is_never_a_topic() -> None:
    body = row(cell(2, "O ข้อที่สอง"), carried=frozenset({0, 1}))
    got = roles(Tagger().tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง"), body], 4)))
    assert got[-1] == ("O ข้อที่สอง", 2, "requirements")


def test_table_continued_on_a_new_page() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง"),
                      row(cell(0, "O1"), cell(1, "แผน"), cell(2, "O แผน"), cell(3, "x", url="https://a/x"))], 4))
    # page 2: the header repeats, then the rest of the broken row (its code cell holds "0", the end of "O10")
    rest = row(cell(0, "0"), cell(1, "ดำเนินงาน"), cell(2, "O ต่อ"), cell(3))
    nxt = item("o11", "รายงาน", "O รายงาน", "ดู")
    got = roles(tagger.tag(Table([HEADER, rest, nxt], 4, continued=True)))
    assert "ข้อ" not in [t for t, _, _ in got]  # the repeated header is read once
    assert got[0] == ("0", 2, "code") and got[1] == ("ดำเนินงาน", 2, "title")  # the same row as "O1"
    assert got[3] == ("o11", 3, "code")


def test_a_continued_table_whose_first_row_opens_an_item_starts_a_new_row() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    got = roles(tagger.tag(Table([item("o2", "ผู้บริหาร", "O ข้อมูล", "ดู")], 4, continued=True)))
    assert got[0] == ("o2", 2, "code")
    # a table standing on its own (not continued) restarts its row count under a new index
    again = tagger.tag(Table([item("o3", "อำนาจหน้าที่", "O อำนาจ", "ดู")], 4))
    assert (again[0].table, again[0].row) == (1, 0)


def test_a_layout_table_holding_the_form_as_text_is_not_tagged() -> None:
    page = row(cell(0, "เมนู"), cell(1, "O1 : โครงสร้าง", "ผังองค์กร", "O2 : ข้อมูลผู้บริหาร", "ผู้บริหาร"))
    assert {c for _, _, c in roles(Tagger().tag(Table([page], 2)))} == {None}


def test_a_table_without_item_codes_is_not_tagged() -> None:
    t = Table([row(cell(0, "ลงชื่อ"), cell(1, "นาย ก"))], 2)
    assert [c for _, _, c in roles(Tagger().tag(t))] == [None, None]


def test_spans_are_clamped_to_the_table() -> None:
    assert clamp_span("3") == 3 and clamp_span("") == 1 and clamp_span("x") == 1 and clamp_span(None) == 1
    assert clamp_span(99999999, 40) == 40 and clamp_span("-4") == 1
    assert clamp_span("0", 7, zero=7) == 7 and clamp_span("0") == 1


# --- Column roles pinned on small built tables (kills mutants of tables.py) -----------------

from oitparse.readers.tables import TableRoles, column_count_mode, is_topic_row  # noqa: E402


def by_text(lines: list[Line]) -> dict[str, str | None]:
    return {ln.text: ln.column for ln in lines}


def test_column_count_mode_is_the_most_common_width_of_rows_of_two_or_more_cells() -> None:
    # rows of one merged cell are left out, rows of two cells count, the answer is the width
    assert column_count_mode([1, 1, 1, 1, 2, 2, 2, 3]) == 2
    assert column_count_mode([1, 1]) is None and column_count_mode([]) is None


def test_headerless_table_of_another_grid_continues_the_previous_roles_by_cell_order() -> None:
    tagger = Tagger()
    first = Table([row(cell(0, "o1"), cell(1, "โครงสร้าง"), cell(2, "O แผนผัง"), cell(3, "ผัง", url="https://a/1"))], 4)
    assert [c for _, _, c in roles(tagger.tag(first))] == ["code", "title", "requirements", "evidence"]
    # five grid columns, but rows of four cells: the previous roles go by the cells' order
    second = Table([row(cell(0, "o2"), cell(1, "ผู้บริหาร"), cell(3, "O ข้อมูล"), cell(4, "ดู")),
                    row(cell(0, "o3"), cell(2, "อำนาจ"), cell(3, "O อำนาจ"), cell(4, "ดู"))], 5)
    assert [c for _, _, c in roles(tagger.tag(second))] == ["code", "title", "requirements", "evidence"] * 2


def test_headerless_evidence_is_the_column_with_more_links() -> None:
    # links in column 2 for one row, in column 3 for both: column 3 is the evidence
    t = Table([row(cell(0, "o1"), cell(1, "โครงสร้าง"), cell(2, "ดู", url="https://a/x"), cell(3, "ผัง", url="https://a/1")),
               row(cell(0, "o2"), cell(1, "ผู้บริหาร"), cell(2, "ข้อความ"), cell(3, "ดู", url="https://a/2"))], 4)
    got = roles(Tagger().tag(t))
    assert [c for _, _, c in got[:4]] == ["code", "title", "requirements", "evidence"]


def test_headerless_requirements_is_the_text_column_with_the_most_text() -> None:
    # code alone in column 0, title in 1, links in 4: of columns 2 and 3, the longer is the requirements
    long = "O แสดงแผนผังโครงสร้างการแบ่งส่วนราชการของหน่วยงาน"
    t = Table([row(cell(0, "o1"), cell(1, "โครงสร้าง"), cell(2, long), cell(3, "ก"), cell(4, "ดู", url="https://a/1")),
               row(cell(0, "o2"), cell(1, "ผู้บริหาร"), cell(2, long), cell(3, "ข"), cell(4, "ดู", url="https://a/2"))], 5)
    assert [c for _, _, c in roles(Tagger().tag(t))[:5]] == ["code", "title", "requirements", "note", "evidence"]


def test_an_unnamed_header_column_holding_the_codes_is_the_code_column() -> None:
    # the header names no code column ("xyz"); the one item row right below the header has its code there
    header = row(cell(0, "xyz"), cell(1, "ข้อมูล"), cell(2, "องค์ประกอบด้านข้อมูล"), cell(3, "URL"))
    got = roles(Tagger().tag(Table([header, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4)))
    assert [c for _, _, c in got[4:]] == ["code", "title", "requirements", "evidence"]


def test_header_unnamed_column_without_codes_is_a_note() -> None:
    header = row(cell(0, "xyz"), cell(1, "ข้อมูล"), cell(2, "องค์ประกอบด้านข้อมูล"), cell(3, "URL"))
    body = row(cell(0, "1"), cell(1, "o1 โครงสร้าง"), cell(2, "O แผนผัง"), cell(3, "ผัง", url="https://a/1"))
    got = roles(Tagger().tag(Table([header, body], 4)))
    assert [c for _, _, c in got[4:]] == ["note", "title", "requirements", "evidence"]


HEADER_NOTE = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "รายละเอียด"), cell(3, "หมายเหตุ"))


def test_with_links_in_two_columns_a_tie_goes_to_the_leftmost() -> None:
    # column 3 is met first, but both hold two links: the leftmost (2) is the evidence
    body = [row(cell(0, "o1"), cell(1, "ก"), cell(2, "ข"), cell(3, "ค", url="https://a/1")),
            row(cell(0, "o2"), cell(1, "ก"), cell(2, "เอกสาร", url="https://a/2"), cell(3, "ค")),
            row(cell(0, "o3"), cell(1, "ก"), cell(2, "เอกสาร", url="https://a/3"), cell(3, "ค", url="https://a/4"))]
    got = roles(Tagger().tag(Table([HEADER_NOTE, *body], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "evidence", "note"]


def test_with_links_in_two_columns_the_one_with_more_links_is_the_evidence() -> None:
    body = [row(cell(0, "o1"), cell(1, "ก"), cell(2, "ข", url="https://a/1"), cell(3, "ค")),
            row(cell(0, "o2"), cell(1, "ก"), cell(2, "ข"), cell(3, "ค", url="https://a/2")),
            row(cell(0, "o3"), cell(1, "ก"), cell(2, "ข"), cell(3, "ค", url="https://a/3"))]
    got = roles(Tagger().tag(Table([HEADER_NOTE, *body], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "requirements", "evidence"]


def test_links_in_fewer_than_a_third_of_the_item_rows_do_not_make_the_evidence() -> None:
    body = [row(cell(0, f"o{n}"), cell(1, "ก"), cell(2, "ข", url="https://a/1" if n == 1 else None), cell(3, "ค"))
            for n in (1, 2, 3, 4)]
    got = roles(Tagger().tag(Table([HEADER_NOTE, *body], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "requirements", "note"]


def test_links_in_the_code_or_title_column_are_theirs_not_the_evidence() -> None:
    linked_code = [row(cell(0, f"o{n}", url=f"https://a/{n}"), cell(1, "ก"), cell(2, "O ข"), cell(3, "ค"))
                   for n in (1, 2)]
    got = roles(Tagger().tag(Table([HEADER, *linked_code], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "requirements", "evidence"]
    linked_title = [row(cell(0, f"o{n}"), cell(1, "ก", url=f"https://a/{n}"), cell(2, "O ข"), cell(3, "ค"))
                    for n in (1, 2)]
    got = roles(Tagger().tag(Table([HEADER, *linked_title], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "requirements", "evidence"]


def test_the_header_evidence_column_without_links_becomes_a_note() -> None:
    # links stand in the "องค์ประกอบด้านข้อมูล" column; the "URL" column holds none
    body = [row(cell(0, f"o{n}"), cell(1, "ก"), cell(2, "เอกสาร", url=f"https://a/{n}"), cell(3, "ค")) for n in (1, 2)]
    got = roles(Tagger().tag(Table([HEADER, *body], 4)))
    assert [c for _, _, c in got[4:8]] == ["code", "title", "evidence", "note"]


def test_the_evidence_is_the_header_cells_whole_span() -> None:
    # "รายละเอียด" spans grid columns 2-3; the links stand in one of them: both are evidence
    header = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "รายละเอียด", span=2), cell(4, "หมายเหตุ"))
    for linked in (2, 3):
        body = [row(cell(0, f"o{n}"), cell(1, "ก"), *(cell(g, "ข", url="https://a/1" if g == linked else None) for g in (2, 3)),
                    cell(4, "ค")) for n in (1, 2)]
        got = roles(Tagger().tag(Table([header, *body], 5)))
        assert [c for _, _, c in got[4:9]] == ["code", "title", "evidence", "evidence", "note"], linked


def test_a_cell_placed_past_the_tables_width_gets_no_role_and_breaks_nothing() -> None:
    header = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "องค์ประกอบด้านข้อมูล"), cell(3, "URL"), cell(4, "หมายเหตุ"))
    body = row(cell(0, "o1"), cell(1, "ก"), cell(2, "เอกสาร", url="https://a/1"), cell(3, "ค"), cell(4, "นอกตาราง"))
    got = roles(Tagger().tag(Table([header, body, row(cell(0, "o2"), cell(1, "ข"), cell(2, "ดู", url="https://a/2"))], 4)))
    assert got[5:10] == [("o1", 1, "code"), ("ก", 1, "title"), ("เอกสาร", 1, "evidence"), ("ค", 1, "note"),
                         ("นอกตาราง", 1, None)]


def test_a_row_filled_only_in_a_side_column_is_not_a_topic_row() -> None:
    r = TableRoles(3, ["note", "code", "title"], ["note", "code", "title"])
    assert not is_topic_row(row(cell(0, "9.1 ข้อมูลพื้นฐาน")), 3, r)


def test_a_blank_first_row_on_the_new_page_is_a_row_of_its_own() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    got = roles(tagger.tag(Table([row(cell(0, ""), cell(1, "")), item("o2", "ก", "O ข", "ค")], 4, continued=True)))
    assert [r for _, r, _ in got] == [2, 2, 3, 3, 3, 3]


def test_a_row_without_its_code_cell_on_the_new_page_continues_the_row_by_grid() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    # the code cell is absent (grid column 0): by grid, the cells are title and requirements
    got = roles(tagger.tag(Table([row(cell(1, "ต่อชื่อ"), cell(2, "O ต่อ")), item("o2", "ก", "O ข", "ค")], 4,
                                 continued=True)))
    assert got[:2] == [("ต่อชื่อ", 1, "title"), ("O ต่อ", 1, "requirements")]
    assert got[2] == ("o2", 2, "code")


def test_a_continued_table_of_another_grid_joins_its_broken_row_by_cell_order() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    rest = row(cell(0, ""), cell(1, "ต่อชื่อ"), cell(3, "O ต่อ"), cell(4, ""))
    got = roles(tagger.tag(Table([rest, item("o2", "ก", "O ข", "ค")], 5, continued=True)))
    assert got[1:3] == [("ต่อชื่อ", 1, "title"), ("O ต่อ", 1, "requirements")]
    assert got[4] == ("o2", 2, "code")


def test_rows_opening_no_item_do_not_count_against_the_link_column() -> None:
    # three topic rows and one item row: its one link is in every item row, so it is the evidence
    topics = [row(cell(0, f"หมวด {n}", span=4)) for n in (1, 2, 3)]
    body = row(cell(0, "o1"), cell(1, "ก"), cell(2, "เอกสาร", url="https://a/1"), cell(3, "ค"))
    got = roles(Tagger().tag(Table([HEADER_NOTE, *topics, body], 4)))
    assert [c for _, _, c in got[-4:]] == ["code", "title", "evidence", "note"]


def test_topic_row_by_one_cell_across_the_content_columns() -> None:
    r = TableRoles(4, ["code", "title", "requirements", "evidence"], ["code", "title", "requirements", "evidence"])
    # a merged cell across content columns is a topic even when blank (a separator row)
    assert is_topic_row(row(cell(0, "", span=2)), 4, r)
    # a blank single cell of one column among several is not
    assert not is_topic_row(row(cell(1, "")), 4, r)
    # with one content column, its one blank cell is the whole row: a topic
    one = TableRoles(3, ["note", "title", "note"], ["note", "title", "note"])
    assert is_topic_row(row(cell(1, "")), 3, one)


def test_the_header_row_may_follow_a_title_row() -> None:
    title = row(cell(0, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ", span=4))
    got = roles(Tagger().tag(Table([title, HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4)))
    assert got[0] == ("แบบตรวจการเปิดเผยข้อมูลสาธารณะ", 0, None)
    assert [c for _, _, c in got[1:5]] == ["header"] * 4
    assert [c for _, _, c in got[5:]] == ["code", "title", "requirements", "evidence"]


def test_a_following_headerless_table_of_the_same_grid_goes_by_grid() -> None:
    tagger = Tagger()
    tagger.tag(Table([HEADER, item("o1", "โครงสร้าง", "O แผนผัง", "ผัง")], 4))
    # the second row's code cell is merged down from the first: its cells are placed by grid
    merged = row(cell(1, "ผู้บริหาร"), cell(2, "O ข้อมูล"), cell(3, "ดู"), carried=frozenset({0}))
    got = roles(tagger.tag(Table([item("o5", "ก", "O ข", "ค"), merged, item("o6", "ง", "O จ", "ฉ")], 4)))
    assert got[4:7] == [("ผู้บริหาร", 1, "title"), ("O ข้อมูล", 1, "requirements"), ("ดู", 1, "evidence")]


def test_no_row_of_a_layout_table_is_tagged_as_a_header() -> None:
    menu = row(cell(0, "เมนู"), cell(1, "หน้าหลัก"))
    page = row(cell(0, "เนื้อหา"), cell(1, "O1 : โครงสร้าง", "ผังองค์กร", "O2 : ข้อมูลผู้บริหาร", "ผู้บริหาร"))
    assert {c for _, _, c in roles(Tagger().tag(Table([menu, page, menu], 2)))} == {None}


def test_two_unknown_headers_side_by_side_are_two_columns_for_the_links() -> None:
    # the links stand under "ผู้รับผิดชอบ": the date column beside it, also of no known role,
    # is not evidence (the span is the header cell's, not the run of columns of one role)
    header = row(cell(0, "ข้อ"), cell(1, "ข้อมูล"), cell(2, "องค์ประกอบด้านข้อมูล"), cell(3, "ผู้รับผิดชอบ"), cell(4, "วันที่"))
    body = [row(cell(0, f"o{n}"), cell(1, "ก"), cell(2, "O ข"), cell(3, "งานสารบรรณ", url=f"https://a/{n}"),
                cell(4, "1 ม.ค.")) for n in (1, 2)]
    got = roles(Tagger().tag(Table([header, *body], 5)))
    assert [c for _, _, c in got[5:10]] == ["code", "title", "requirements", "evidence", "note"]
