"""The assembler on small documents built by hand: headings, table mode, links."""

from __future__ import annotations

import oitparse
from oitparse.assemble import assemble
from oitparse.models import Source
from oitparse.readers.base import Document, Line, Link

from .conftest import SEED

SCHEMA = oitparse.load_schema("ita2565")


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def test_indicator_and_sub_indicator_headings_are_not_content():
    lines = _seed_lines()
    at_o1 = lines.index("ข้อมูลพื้นฐาน")
    at_o10 = lines.index("การดำเนินงาน")
    lines[at_o10:at_o10] = ["ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน"]
    lines[at_o1:at_o1] = ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"]
    got = oitparse.parse("\n".join(lines).encode())
    seed = oitparse.parse(SEED)
    where = {"location": True, "evidence": {"__all__": {"location"}}}  # line numbers moved
    assert [i.model_dump(exclude=where) for i in got.items] == [i.model_dump(exclude=where) for i in seed.items]


def test_a_heading_word_inside_an_item_stays_content():
    # o28's requirement wraps onto a line that is also a sub-indicator's and a topic's name.
    item = oitparse.parse(SEED).item("o28")
    assert item.requirements[1].text.endswith("ผลการวิเคราะห์การบริหารและพัฒนาทรัพยากรบุคคล")
    assert oitparse.parse(SEED).item("o29").category == "การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"


def _table_doc(rows: list[list[tuple[str, str, list[Link]]]]) -> Document:
    lines = []
    for r, row in enumerate(rows):
        for column, text, links in row:
            lines.append(Line(text=text, links=links, table=0, row=r, column=column))  # type: ignore[arg-type]
    return Document(lines=lines, format="docx")


def test_table_mode_trusts_columns_and_keeps_links_on_their_labels():
    url1, url2 = "https://example.go.th/a", "https://example.go.th/b"
    doc = _table_doc(
        [
            [("topic", "ข้อมูลพื้นฐาน", [])],
            [
                ("code", "o2", []),
                ("title", "ข้อมูลผู้บริหาร", []),
                ("requirements", "O แสดงข้อมูลของผู้บริหารสูงสุด", []),
                ("requirements", "O แสดงข้อมูล อย่างน้อยประกอบด้วย ชื่อ-นามสกุล", []),
                ("evidence", "ผู้ว่าราชการจังหวัด (คลิก)", [Link(0, 26, url1)]),
                ("evidence", "รองผู้ว่าราชการ", [Link(0, 15, url2)]),
                ("evidence", "จังหวัด (คลิก)", [Link(0, 14, url2)]),
            ],
        ]
    )
    c = assemble(doc, SCHEMA, source=Source(format="docx"))
    (item,) = c.items
    assert (item.code, item.category, item.title) == ("o2", "ข้อมูลพื้นฐาน", "ข้อมูลผู้บริหาร")
    assert [r.text for r in item.requirements] == [
        "แสดงข้อมูลของผู้บริหารสูงสุด",
        "แสดงข้อมูล อย่างน้อยประกอบด้วย ชื่อ-นามสกุล",
    ]
    # The second label wraps over two lines with the same link: one entry, its URL.
    assert [(e.label, e.url) for e in item.evidence] == [
        ("ผู้ว่าราชการจังหวัด (คลิก)", url1),
        ("รองผู้ว่าราชการจังหวัด (คลิก)", url2),
    ]


def test_a_row_continued_on_the_next_page_stays_one_item():
    doc = _table_doc(
        [
            [("code", "o7", []), ("title", "ข่าวประชาสัมพันธ์", []), ("requirements", "O แสดงข้อมูลข่าวสารต่างๆ", [])],
        ]
    )
    # The same row index again (the PDF reader gives a continued row its row's index).
    doc.lines.append(Line(text="ข่าวประชาสัมพันธ์ (คลิก)", table=0, row=0, column="evidence", page=2))
    doc.lines.append(Line(text="o8", table=0, row=1, column="code", page=2))
    doc.lines.append(Line(text="Q&A", table=0, row=1, column="title", page=2))
    c = assemble(doc, SCHEMA, source=Source(format="pdf"))
    assert [i.code for i in c.items] == ["o7", "o8"]
    assert [e.label for e in c.items[0].evidence] == ["ข่าวประชาสัมพันธ์ (คลิก)"]


def test_cross_reference_wrapped_to_a_line_start_is_not_an_item():
    text = "o11 รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน O แสดงความก้าวหน้าตามแผนในข้อ\no10 ที่กำหนด\nรายงาน (คลิก)\n"
    c = oitparse.parse(text.encode())
    assert [i.code for i in c.items] == ["o11"]


def test_agency_kinds_and_abbreviations():
    seed = SEED.read_text(encoding="utf-8")
    for agency in ("องค์การบริหารส่วนตำบลบางพูด", "เทศบาลนครนนทบุรี", "อบต.บางกะดี"):
        assert oitparse.parse(seed.replace("จังหวัดปทุมธานี", agency).encode()).agency == agency
    # A labelled heading line wins over the names in the evidence.
    assert oitparse.parse(("หน่วยงาน: กรมบัญชีกลาง\n" + seed).encode()).agency == "กรมบัญชีกลาง"


def test_a_line_ending_in_a_word_with_nai_does_not_hide_the_next_item():
    text = "o1 โครงสร้าง\nO แสดงแผนผัง\nผังโครงสร้างภายใน\no2 ข้อมูลผู้บริหาร\nO แสดงข้อมูล\nผู้บริหาร (คลิ๊ก)\n"
    assert [i.code for i in oitparse.parse(text.encode()).items] == ["o1", "o2"]


def test_item_code_spellings():
    for code in ("o1.", "o1:", "o1)", "O1", "o 1", "o๑"):
        c = oitparse.parse(f"{code} โครงสร้าง O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\n".encode())
        assert [(i.code, i.title) for i in c.items] == [("o1", "โครงสร้าง")], code


def test_title_longer_than_the_schema_title_stays_whole():
    text = "o3 อำนาจหน้าที่ของหน่วยงาน\nO แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด\nอำนาจหน้าที่ (คลิ๊ก)\n"
    item = oitparse.parse(text.encode()).items[0]
    assert item.title == "อำนาจหน้าที่ของหน่วยงาน"
    assert [e.label for e in item.evidence] == ["อำนาจหน้าที่ (คลิ๊ก)"]


def test_a_bullet_alone_on_its_line_bullets_the_next_line():
    text = "o1 โครงสร้าง\nO\nแสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\nผัง (คลิ๊ก)\n"
    item = oitparse.parse(text.encode()).items[0]
    assert [r.text for r in item.requirements] == ["แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน"]
    assert [e.label for e in item.evidence] == ["ผัง (คลิ๊ก)"]


def test_dash_bullets_for_requirements_read_like_O_bullets():
    import re

    seed = SEED.read_text(encoding="utf-8")
    dashed = re.sub(r"(?m)^O[\u00a0 ]", "- ", seed)
    dashed = re.sub(r"(?<=\S) O[\u00a0 ](?=\S)", " - ", dashed)
    assert dashed.count("- ") > 100
    where = {"location": True, "evidence": {"__all__": {"location"}}}
    got, want = oitparse.parse(dashed.encode()), oitparse.parse(SEED)
    assert [i.model_dump(exclude=where) for i in got.items] == [i.model_dump(exclude=where) for i in want.items]


def test_english_words_holding_ita_are_not_a_fiscal_year_heading():
    text = "Bangkok Hospital est. 2530\no1 โครงสร้าง O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\n"
    assert oitparse.parse(text.encode()).assessment_year == 2565  # the schema's, not 2530


def test_two_links_in_one_cell_line_are_two_pieces_of_evidence():
    a, b = "https://example.go.th/a", "https://example.go.th/b"
    label = "ผังส่วนราชการ และ ผังผู้บริหาร"
    doc = _table_doc(
        [
            [
                ("code", "o1", []),
                ("title", "โครงสร้าง", []),
                ("evidence", label, [Link(0, 13, a), Link(18, len(label), b)]),
            ]
        ]
    )
    (item,) = assemble(doc, SCHEMA, source=Source(format="html")).items
    assert [(e.label, e.url) for e in item.evidence] == [("ผังส่วนราชการ และ", a), ("ผังผู้บริหาร", b)]


def test_a_row_with_only_an_evidence_cell_keeps_its_evidence():
    doc = _table_doc([[("code", "o6", []), ("evidence", "ดูหน้า 2", [Link(0, 8, "#page=2", "internal")])]])
    (item,) = assemble(doc, SCHEMA, source=Source(format="html")).items
    assert item.title == "" and [(e.label, e.url, e.link_kind) for e in item.evidence] == [
        ("ดูหน้า 2", "#page=2", "internal")
    ]


def _pdf_lines(rows: list[list[tuple[str, str]]], *, page_of=lambda r: 1) -> Document:
    """Visual lines of table cells as a PDF reader gives them: (column, text) per line."""
    lines = [Line(text, [], page=page_of(r), table=0, row=r, column=col) for r, row in enumerate(rows) for col, text in row]
    return Document(lines=lines, format="pdf")


def _checklist(doc: Document):
    return assemble(doc, SCHEMA, source=Source(format=doc.format))


def test_a_code_wrapped_in_a_narrow_cell_is_one_code():
    # "O10" in a 1 cm column: "O1" / "0"; "OIT 12" as "OI" / "T" / "12"; a Thai-digit code "o๑" / "๕"
    doc = _pdf_lines([
        [("code", "O1"), ("code", "0"), ("title", "แผนดำเนินงานประจำปี")],
        [("code", "OI"), ("code", "T"), ("code", "12"), ("title", "รายงานผลการดำเนินงานประจำปี")],
        [("code", "o๑"), ("code", "๕"), ("title", "คู่มือหรือมาตรฐานการให้บริการ")],
    ])
    got = _checklist(doc)
    assert [(i.code, i.title) for i in got.items] == [
        ("o10", "แผนดำเนินงานประจำปี"), ("o12", "รายงานผลการดำเนินงานประจำปี"), ("o15", "คู่มือหรือมาตรฐานการให้บริการ")]


def test_a_code_broken_at_a_page_end_is_joined_across_the_page():
    doc = _pdf_lines([[("code", "O1"), ("title", "แผนดำเนินงาน")], [("code", "0"), ("title", "ประจำปี")]],
                     page_of=lambda r: r + 1)
    for line in doc.lines:
        line.row = 0  # the tagger gave the continued row the same index
    assert [(i.code, i.title) for i in _checklist(doc).items] == [("o10", "แผนดำเนินงานประจำปี")]


def test_typed_urls_wrapped_over_lines_are_rejoined():
    url1 = "https://www.bangphlap.go.th/index.php?option=com_content&view=article&id=1002&Itemid=1"
    url2 = "https://www.bangphlap.go.th/index.php/2021-11-03-03-34-63/item/6427-oit7"
    ev = ["https://", "www.bangphlap.go.th/", "index.php?", "option=com_content&vi", "ew=article&id=1002&It",
          "emid=1", "https://www.bangphlap", ".go.th/index.php/2021", "-11-03-03-34-63/item/6", "427-oit7"]
    doc = _pdf_lines([[("code", "o1"), ("title", "โครงสร้าง"), *[("evidence", t) for t in ev]]])
    (item,) = _checklist(doc).items
    assert [(e.label, e.url) for e in item.evidence] == [(url1, url1), (url2, url2)]


def test_a_wrapped_label_keeps_its_spaced_dash_and_two_urls_on_a_line_are_two_entries():
    doc = _pdf_lines([[("code", "o7"), ("title", "ข่าวประชาสัมพันธ์"),
                       ("evidence", "ข่าวประชาสัมพันธ์ (ต.ค. 64"), ("evidence", "- มี.ค. 65) (คลิก)"),
                       ("evidence", "- รายงานข่าว"),
                       ("evidence", "https://a.go.th/news/25"), ("evidence", "6523 www.a.go.th/x.pdf")]])
    (item,) = _checklist(doc).items
    assert [(e.label, e.url) for e in item.evidence] == [
        ("ข่าวประชาสัมพันธ์ (ต.ค. 64 - มี.ค. 65) (คลิก)", None),
        # a label, then its URL typed on the next line: one entry
        ("รายงานข่าว https://a.go.th/news/256523", "https://a.go.th/news/256523"),
        ("www.a.go.th/x.pdf", "http://www.a.go.th/x.pdf"),
    ]


def test_a_hyphenated_word_wrapped_at_its_hyphen_is_not_a_dash_bullet():
    # hypothesis found it: "ชื่อ" / "-นามสกุล" in a requirements cell read as two requirements
    doc = _pdf_lines([[("code", "o2"), ("title", "ข้อมูลผู้บริหาร"),
                       ("requirements", "O แสดงข้อมูล อย่างน้อยประกอบด้วย ชื่อ"),
                       ("requirements", "-นามสกุล ตำแหน่ง รูปถ่าย"),
                       ("requirements", "- แสดงข้อมูลของผู้บริหารสูงสุด")]])
    (item,) = _checklist(doc).items
    assert [r.text for r in item.requirements] == [
        "แสดงข้อมูล อย่างน้อยประกอบด้วย ชื่อ-นามสกุล ตำแหน่ง รูปถ่าย", "แสดงข้อมูลของผู้บริหารสูงสุด"]


# --------------------------------------------------------------------------- gaps found by mutation testing
# (docs/testing.md, "Mutation testing": fast versions of what only the PDF regression fixtures pinned)

LAST_TOPIC = "มาตรการส่งเสริมความโปร่งใสและป้องกันการทุจริตภายในหน่วยงาน"


def _last_topic_split_over(pages: tuple[int, int]) -> Document:
    """o41 under its topic, then the last topic's row broken after "...ภายใน", then o42 and o43."""
    first, second = pages
    rows = [
        (first, [("topic", "แผนป้องกันการทุจริต")]),
        (first, [("code", "o41"), ("title", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี")]),
        (first, [("topic", LAST_TOPIC.removesuffix("หน่วยงาน"))]),
        (second, [("topic", "หน่วยงาน")]),
        (second, [("code", "o42"), ("title", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")]),
        (second, [("code", "o43"), ("title", "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")]),
    ]
    lines = [Line(text, [], page=p, table=0, row=r, column=col) for r, (p, row) in enumerate(rows) for col, text in row]
    return Document(lines=lines, format="pdf")


def test_a_topic_row_broken_at_a_page_end_is_one_topic_again():
    got = {i.code: i.category for i in _checklist(_last_topic_split_over((6, 7))).items}
    assert got == {"o41": "แผนป้องกันการทุจริต", "o42": LAST_TOPIC, "o43": LAST_TOPIC}
    # on one page the two rows are two headings as written: only a page end breaks a row
    same_page = {i.code: i.category for i in _checklist(_last_topic_split_over((6, 6))).items}
    assert same_page["o42"] != LAST_TOPIC


def test_a_topic_heading_with_a_typo_is_still_a_heading():
    for heading, is_heading in ((LAST_TOPIC.replace("โปร่งใส", "โปรงใส"), True), ("มาตรการอื่น ๆ ของหน่วยงาน", False)):
        lines = _seed_lines()
        lines[lines.index(LAST_TOPIC)] = heading
        checklist = oitparse.parse("\n".join(lines).encode())
        assert (checklist.item("o42").category == heading) is is_heading, heading
        assert any(heading in e.label for e in checklist.item("o41").evidence) is not is_heading, heading


def _o2_with_evidence(*labels: str) -> Document:
    return _table_doc([[("topic", "ข้อมูลพื้นฐาน", [])], [
        ("code", "o2", []), ("title", "ข้อมูลผู้บริหาร", []), ("requirements", "O แสดงข้อมูลของผู้บริหารสูงสุด", []),
        *(("evidence", label, []) for label in labels)]])


def test_dash_bulleted_evidence_lines_after_a_closed_bracket_are_two_entries():
    doc = _o2_with_evidence("- คำสั่งแต่งตั้ง (ฉบับที่ 1)", "- ประกาศจังหวัด")
    assert [e.label for e in _checklist(doc).items[0].evidence] == ["คำสั่งแต่งตั้ง (ฉบับที่ 1)", "ประกาศจังหวัด"]


def test_the_year_given_to_assemble_is_the_assessment_year():
    doc = _o2_with_evidence("คำสั่งแต่งตั้ง")
    given = assemble(doc, SCHEMA, year=2570, source=Source(format="docx"))
    assert (given.assessment_year, given.year_source) == (2570, "user")
    assert assemble(doc, SCHEMA, source=Source(format="docx")).assessment_year == SCHEMA.assessment_year


def test_a_title_wrapped_in_text_is_whole_and_the_requirements_after_it_unchanged():
    lines = _seed_lines()
    at = next(k for k, line in enumerate(lines) if line.startswith("o10 "))
    rest = lines[at].removeprefix("o10 แผนดำเนินงานประจำปี")  # " O แสดงแผนการดำเนินภารกิจ..."
    seed = oitparse.parse(SEED).item("o10")
    for wrapped in (
        ["o10 แผนดำเนินงาน", "ประจำปี" + rest],  # the title wraps before its first bullet
        ["o10 แผนดำเนิน", "งานประจำปี" + rest.replace(" O ", " ", 1)],  # ... and runs on into an unbulleted requirement
    ):
        item = oitparse.parse("\n".join([*lines[:at], *wrapped, *lines[at + 1 :]]).encode()).item("o10")
        assert item.title == seed.title == "แผนดำเนินงานประจำปี", wrapped
        assert [r.text for r in item.requirements] == [r.text for r in seed.requirements], wrapped


# --------------------------------------------------------------------------- mutation survivors, second run
# (a sample of 300 mutants of assemble.py: each test below says which behaviour it pins)

from oitparse.assemble import Piece, _join, assemble_without_form  # noqa: E402
from oitparse.models import Location  # noqa: E402


def _text(text: str, schema=SCHEMA):
    """A text document, one Line per non-empty line, numbered from 1 as the text reader does."""
    lines = [Line(t, line_no=k + 1) for k, t in enumerate(text.split("\n")) if t]
    return assemble(Document(lines=lines, format="text"), schema, source=Source(format="text"))


def _cells(rows: list[list[tuple]], fmt: str = "docx") -> Document:
    """Table lines from (column, text[, links[, Line fields]]) per line, one list per row."""
    lines = []
    for r, row in enumerate(rows):
        for column, text, *more in row:
            links = more[0] if more else []
            extra = more[1] if len(more) > 1 else {}
            lines.append(Line(text=text, links=links, table=0, row=r, column=column, **extra))
    return Document(lines=lines, format=fmt)  # type: ignore[arg-type]


def test_piece_strip_drops_the_blanks_at_both_ends_in_line_offsets():
    # Piece.strip's contract: the same text as str.strip(), as a span of the same line.
    line = Line("o1  ผัง โครงสร้าง  ")
    p = Piece(line, 2, len(line.text)).strip()
    assert (p.start, p.end, p.text) == (4, 17, "ผัง โครงสร้าง")
    blank = Piece(Line("ab   cd"), 2, 5).strip()
    assert blank.text == "" and blank.start == blank.end


def test_join_reads_past_a_blank_piece_as_a_word_break():
    # _join's contract: no wrapped text is lost; a blank piece (a line of spaces) is a space.
    pieces = [Piece(Line("แสดงข้อมูล"), 0, 10), Piece(Line("   "), 0, 3), Piece(Line("ผู้บริหาร"), 0, 9)]
    assert _join(pieces) == "แสดงข้อมูล ผู้บริหาร"


def test_wrapped_requirement_and_evidence_take_their_spaces_from_the_form_and_the_source():
    doc = _cells([[
        ("code", "o2"), ("title", "ข้อมูลผู้บริหาร"),
        # the form writes "แสดงข้อมูล อย่างน้อย...": its space is kept though the cell wrapped there
        ("requirements", "O แสดงข้อมูล"),
        ("requirements", "อย่างน้อยประกอบด้วย ชื่อ-นามสกุล"),
        ("requirements", "ตำแหน่ง รูปถ่าย และช่องทาง"),
        ("requirements", "การติดต่อของผู้บริหารแต่ละคน"),
        # the source kept the space it wrapped at: a word break, though Thai words run together
        ("evidence", "ข่าวประชาสัมพันธ์ "), ("evidence", "ประจำเดือน (คลิก)"),
    ]])
    (item,) = _checklist(doc).items
    assert [r.text for r in item.requirements] == [
        "แสดงข้อมูล อย่างน้อยประกอบด้วย ชื่อ-นามสกุล ตำแหน่ง รูปถ่าย และช่องทางการติดต่อของผู้บริหารแต่ละคน"]
    assert [e.label for e in item.evidence] == ["ข่าวประชาสัมพันธ์ ประจำเดือน (คลิก)"]


def test_a_requirement_whose_first_wrapped_line_has_a_typo_is_still_the_requirement():
    # "แสดงข้อมุล" (ุ for ู) is 9 of the form's first 10 letters: similar enough (0.9), so the
    # unbulleted line after the title opens the requirement instead of being taken for evidence.
    item = _text("o3 อำนาจหน้าที่\nแสดงข้อมุล\nหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด\nอำนาจหน้าที่ (คลิ๊ก)").items[0]
    assert [r.text for r in item.requirements] == ["แสดงข้อมุลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด"]
    assert [e.label for e in item.evidence] == ["อำนาจหน้าที่ (คลิ๊ก)"]


def test_two_inline_bullets_on_the_title_line_are_two_requirements():
    item = _text("o1 โครงสร้าง O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน O แสดงตำแหน่งที่สำคัญ").items[0]
    assert item.title == "โครงสร้าง"
    assert [r.text for r in item.requirements] == [
        "แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน", "แสดงตำแหน่งที่สำคัญ"]


def test_a_title_wrapped_over_three_lines_is_whole():
    item = _text("o11 รายงานการกำกับ\nติดตามการดำเนินงาน\nประจำปี รอบ 6 เดือน\n"
                 "O แสดงความก้าวหน้าในการดำเนินงานตามแผนดำเนินงานประจำปีในข้อ o10").items[0]
    assert item.title == "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน"
    assert [r.text for r in item.requirements] == ["แสดงความก้าวหน้าในการดำเนินงานตามแผนดำเนินงานประจำปีในข้อ o10"]


def test_a_title_shorter_than_the_form_stays_as_written():
    # The form's "แผนดำเนินงานประจำปี" is not completed from the bullet line after it,
    # nor from nothing when the item ends at its title.
    c = _text("o10 แผนดำเนินงาน\nO แสดงแผนการดำเนินภารกิจของหน่วยงานที่มีระยะ 1 ปี\no12 รายงานผล")
    assert [(i.code, i.title) for i in c.items] == [("o10", "แผนดำเนินงาน"), ("o12", "รายงานผล")]
    assert [r.text for r in c.items[0].requirements] == ["แสดงแผนการดำเนินภารกิจของหน่วยงานที่มีระยะ 1 ปี"]


def test_a_title_end_with_spaces_wrapped_into_an_unbulleted_requirement_line():
    # "ประจำปี รอบ 6 เดือน" ends the title and the same line goes on with the first requirement.
    item = _text("o11 รายงานการกำกับติดตามการดำเนินงาน\n"
                 "ประจำปี รอบ 6 เดือน แสดงความก้าวหน้าในการดำเนินงานตามแผนดำเนินงานประจำปีในข้อ o10\n"
                 "O มีเนื้อหาหรือรายละเอียดความก้าวหน้า").items[0]
    assert item.title == "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน"
    assert [r.text for r in item.requirements] == [
        "แสดงความก้าวหน้าในการดำเนินงานตามแผนดำเนินงานประจำปีในข้อ o10", "มีเนื้อหาหรือรายละเอียดความก้าวหน้า"]


def test_a_requirement_ending_on_the_evidence_line_is_cut_there():
    item = _text("o3 อำนาจหน้าที่\nO แสดงข้อมูลหน้าที่และอำนาจของ\nหน่วยงานตามที่กฎหมายกำหนด อำนาจหน้าที่ (คลิ๊ก)").items[0]
    assert [r.text for r in item.requirements] == ["แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด"]
    assert [e.label for e in item.evidence] == ["อำนาจหน้าที่ (คลิ๊ก)"]


def test_evidence_before_any_requirement_keeps_all_its_lines_and_the_bullet_after_it():
    item = _text("o1 โครงสร้าง\nผังโครงสร้าง\n(คลิ๊ก)\nO แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน").items[0]
    assert [e.label for e in item.evidence] == ["ผังโครงสร้าง (คลิ๊ก)"]
    assert [r.text for r in item.requirements] == ["แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน"]


def test_a_bullet_alone_on_its_line_opens_a_second_requirement():
    item = _text("o1 โครงสร้าง\nO แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\nO\n"
                 "แสดงตำแหน่งที่สำคัญ และการแบ่งส่วนงานภายใน").items[0]
    assert [r.text for r in item.requirements] == [
        "แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน", "แสดงตำแหน่งที่สำคัญ และการแบ่งส่วนงานภายใน"]


def test_a_title_line_ending_in_the_first_word_of_an_unbulleted_requirement():
    # o5: "ข้อมูลการติดต่อ แสดง" / "ข้อมูลการติดต่อของหน่วยงาน...": "แสดง" (shorter than the
    # ten letters compared) opens the requirement, it is not part of the title
    item = _text("o5 ข้อมูลการติดต่อ แสดง\nข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย\nO ที่อยู่หน่วยงาน").items[0]
    assert item.title == "ข้อมูลการติดต่อ"
    assert [(r.text, r.elements) for r in item.requirements] == [
        ("แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย", ["ที่อยู่หน่วยงาน"])]


def test_without_a_form_a_click_marker_on_the_next_line_makes_evidence():
    item = _text("o1 โครงสร้าง\nO แสดงแผนผัง\nผังโครงสร้าง\n(คลิก)", schema=None).items[0]
    assert [r.text for r in item.requirements] == ["แสดงแผนผัง"]
    assert [e.label for e in item.evidence] == ["ผังโครงสร้าง (คลิก)"]


def test_bullets_after_a_requirement_ending_in_prakopduay_are_its_elements():
    # wordings the form does not list as elements: the cue word alone makes them elements
    item = _text("o2 ข้อมูลผู้บริหาร\nO แสดงข้อมูลของผู้บริหาร อย่างน้อยประกอบด้วย\nO ชื่อและตำแหน่ง\nO รูปถ่ายผู้บริหาร").items[0]
    assert [(r.text, r.elements) for r in item.requirements] == [
        ("แสดงข้อมูลของผู้บริหาร อย่างน้อยประกอบด้วย", ["ชื่อและตำแหน่ง", "รูปถ่ายผู้บริหาร"])]


def test_codes_written_with_a_digit_zero_start_items_and_stay_out_of_titles():
    c = _text("01 โครงสร้าง\nO แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\n02 ข้อมูลผู้บริหาร\n"
              "O แสดงข้อมูลของผู้บริหารสูงสุด\n03 อำนาจหน้าที่\nO แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด")
    assert [(i.code, i.title) for i in c.items] == [("o1", "โครงสร้าง"), ("o2", "ข้อมูลผู้บริหาร"), ("o3", "อำนาจหน้าที่")]


def test_a_cross_reference_naming_an_item_whose_title_is_a_topic_stays_content():
    # "...ในข้อ" / "o18 แผนการใช้จ่ายงบประมาณประจำปี": o18's title is also a topic's name, but a
    # line opening with a code is never a heading; it stays in o20, and o21 gets no topic from it.
    c = _text("o20 รายงานผลการใช้จ่ายงบประมาณประจำปี\nO แสดงผลการดำเนินงานตามแผนในข้อ\n"
              "o18 แผนการใช้จ่ายงบประมาณประจำปี\no21 แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ")
    assert [(i.code, i.category) for i in c.items] == [("o20", None), ("o21", None)]
    assert "o18 แผนการใช้จ่ายงบประมาณประจำปี" in [e.label for e in c.items[0].evidence]


def test_without_a_form_the_topic_is_the_sub_indicator_not_the_indicator_after_it():
    c = _text("9.1 ข้อมูลพื้นฐาน\nตัวชี้วัดที่ 9 การเปิดเผยข้อมูล\no1 โครงสร้าง\nO แสดงแผนผัง\nผัง (คลิก)", schema=None)
    assert [(i.code, i.category) for i in c.items] == [("o1", "ข้อมูลพื้นฐาน")]


def test_a_broken_topic_row_under_a_sub_indicator_row_is_the_topic():
    # a sub-indicator's row (tagged as a topic row) above the last topic, whose row a page end broke
    rows = [
        [("topic", "แผนป้องกันการทุจริต", [], {"page": 6})],
        [("code", "o41", [], {"page": 6}), ("title", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", [], {"page": 6})],
        [("topic", "มาตรการภายในเพื่อป้องกันการทุจริต", [], {"page": 6})],
        [("topic", LAST_TOPIC.removesuffix("หน่วยงาน"), [], {"page": 6})],
        [("topic", "หน่วยงาน", [], {"page": 7})],
        [("code", "o42", [], {"page": 7}), ("title", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", [], {"page": 7})],
    ]
    got = {i.code: i.category for i in _checklist(_cells(rows, "pdf")).items}
    assert got == {"o41": "แผนป้องกันการทุจริต", "o42": LAST_TOPIC}


def test_header_and_side_column_lines_between_a_topic_and_its_item_are_passed_over():
    rows = [
        [("code", "o1"), ("title", "โครงสร้าง")],
        [("topic", "การบริหารงาน")],
        [("header", "ข้อ")],  # the table's header row repeated on a new page
        [("note", "ตัวชี้วัดย่อยที่ 9.2")],  # a side column
        [("code", "o10"), ("title", "แผนดำเนินงานประจำปี")],
    ]
    c = _checklist(_cells(rows))
    assert [(i.code, i.title, i.category) for i in c.items] == [
        ("o1", "โครงสร้าง", None), ("o10", "แผนดำเนินงานประจำปี", "การบริหารงาน")]


def test_a_row_of_only_code_and_title_cells_keeps_the_whole_title_cell():
    # table mode: every line of the title cell is title (text mode would take "(...)" for evidence)
    (item,) = _checklist(_cells([[("code", "o2"), ("title", "ข้อมูลผู้บริหาร"), ("title", "(ผู้บริหารสูงสุด)")]])).items
    assert (item.title, item.requirements, item.evidence) == ("ข้อมูลผู้บริหาร (ผู้บริหารสูงสุด)", [], [])


def test_items_and_evidence_are_located_at_their_first_line():
    rows = [
        [("topic", "ข้อมูลพื้นฐาน", [], {"page": 3, "line_no": 7})],
        [("code", "o1", [], {"page": 3, "line_no": 8}), ("title", "โครงสร้าง", [], {"page": 3, "line_no": 8}),
         ("evidence", "ผังโครงสร้าง (คลิก)", [], {"page": 4, "line_no": 2})],
    ]
    (item,) = _checklist(_cells(rows, "pdf")).items
    assert item.location == Location(page=3, line=8, table=0, row=1)
    assert [e.location for e in item.evidence] == [Location(page=4, line=2, table=0, row=1)]


def test_an_unlinked_click_marker_after_a_linked_label_is_the_same_evidence():
    url = "https://a.go.th/1"
    doc = _cells([[("code", "o1"), ("title", "โครงสร้าง"), ("evidence", "ผังโครงสร้าง", [Link(0, 12, url)]),
                   ("evidence", "(คลิก)")]])
    (item,) = _checklist(doc).items
    assert [(e.label, e.url) for e in item.evidence] == [("ผังโครงสร้าง (คลิก)", url)]


def test_list_nesting_of_the_source_makes_elements_and_siblings():
    # a Word list: level-1 entries under a level-0 requirement are its elements; a level-0
    # entry after a requirement ending in "ประกอบด้วย" is the next requirement, not an element
    nested = _cells([[("code", "o2"), ("title", "ข้อมูลผู้บริหาร"),
                      ("requirements", "แสดงข้อมูลผู้บริหาร", [], {"list_level": 0}),
                      ("requirements", "ผู้บริหารสูงสุด", [], {"list_level": 1}),
                      ("requirements", "รองผู้บริหารสูงสุด", [], {"list_level": 1}),
                      ("requirements", "แสดงช่องทางการติดต่อ", [], {"list_level": 0})]])
    assert [(r.text, r.elements) for r in _checklist(nested).items[0].requirements] == [
        ("แสดงข้อมูลผู้บริหาร", ["ผู้บริหารสูงสุด", "รองผู้บริหารสูงสุด"]), ("แสดงช่องทางการติดต่อ", [])]
    siblings = _cells([[("code", "o2"), ("title", "ข้อมูลผู้บริหาร"),
                        ("requirements", "แสดงข้อมูลผู้บริหาร อย่างน้อยประกอบด้วย", [], {"list_level": 0}),
                        ("requirements", "แสดงช่องทางการติดต่อ", [], {"list_level": 0})]])
    assert [(r.text, r.elements) for r in _checklist(siblings).items[0].requirements] == [
        ("แสดงข้อมูลผู้บริหาร อย่างน้อยประกอบด้วย", []), ("แสดงช่องทางการติดต่อ", [])]


def test_an_inline_bullet_inside_a_list_item_does_not_take_the_list_items_level():
    # a flat HTML list: the item line and the bullets after it are siblings <li>; the requirement
    # after the title's inline "O" has no list level of its own, so the bullets are its elements
    lines = [Line("o2 ข้อมูลผู้บริหาร O แสดงข้อมูลของผู้บริหาร อย่างน้อยประกอบด้วย", line_no=1, list_level=0),
             Line("O ชื่อและตำแหน่ง", line_no=2, list_level=0), Line("O รูปถ่ายผู้บริหาร", line_no=3, list_level=0)]
    (item,) = _checklist(Document(lines=lines, format="html")).items
    assert [(r.text, r.elements) for r in item.requirements] == [
        ("แสดงข้อมูลของผู้บริหาร อย่างน้อยประกอบด้วย", ["ชื่อและตำแหน่ง", "รูปถ่ายผู้บริหาร"])]


def test_a_family_sub_criterion_wrapped_over_two_lines_is_one_requirement():
    text = ("MOIT 1 หน่วยงานมีการวางระบบ\n1.1 มีบันทึกข้อความขออนุมัติเผยแพร่ข้อมูล\nต่อสาธารณะ\n"
            "https://hosp.example.go.th/moit1-1.pdf\n1.2 มีคำสั่งแต่งตั้งผู้รับผิดชอบ\n"
            "MOIT 2 หน่วยงานมีการเปิดเผยข้อมูลข่าวสาร\nMOIT 3 รายงานการวิเคราะห์ผล\n")
    first = oitparse.parse(text.encode()).items[0]
    assert first.code == "MOIT 1"
    assert [r.text for r in first.requirements] == [
        "1.1 มีบันทึกข้อความขออนุมัติเผยแพร่ข้อมูลต่อสาธารณะ", "1.2 มีคำสั่งแต่งตั้งผู้รับผิดชอบ"]


def test_without_a_form_relative_links_resolve_against_the_base_url():
    lines = [Line("o1 โครงสร้าง", line_no=1), Line("O แสดงแผนผัง", line_no=2),
             Line("ผังโครงสร้าง (คลิก)", [Link(0, 19, "files/a.pdf")], line_no=3)]
    got = assemble_without_form(Document(lines=lines, format="html"), source=Source(format="html"),
                                base_url="https://a.go.th/oit/")
    assert [e.url for e in got.checklist.items[0].evidence] == ["https://a.go.th/oit/files/a.pdf"]


def test_wrapped_topic_and_code_cells_are_one_cell_each():
    # a topic the form does not name, wrapped in its cell; a code cell holding the code and
    # the title on two lines: the title is read from the code cell, the item located in its table
    doc = _cells([[("topic", "หมวดที่ 1 ข้อมูลทั่วไป"), ("topic", "ของหน่วยงาน")],
                  [("code", "o1"), ("code", "โครงสร้าง"), ("evidence", "ผัง (คลิก)")]])
    (item,) = _checklist(doc).items
    assert (item.category, item.title) == ("หมวดที่ 1 ข้อมูลทั่วไปของหน่วยงาน", "โครงสร้าง")
    assert item.location == Location(table=0, row=1)


def test_a_phone_number_opening_an_evidence_line_is_no_item_code():
    # "02 ..." is a code only in a document that writes all its codes with a digit zero
    c = _text("o5 ข้อมูลการติดต่อ\nO แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย\nO หมายเลขโทรศัพท์\n"
              "02 581 6046 (คลิก)\no6 กฎหมายที่เกี่ยวข้อง")
    assert [i.code for i in c.items] == ["o5", "o6"]
    assert [e.label for e in c.items[0].evidence] == ["02 581 6046 (คลิก)"]


def test_the_assembled_document_names_its_form_headings_and_no_prefix_beside_a_form():
    from oitparse.assemble import assemble_document

    lines = [Line(t) for t in ["ข้อมูลพื้นฐาน", "o1 โครงสร้าง", "o2 ข้อมูลผู้บริหาร", "การบริหารงาน", "o10 แผนดำเนินงานประจำปี"]]
    got = assemble_document(Document(lines=lines, format="text"), SCHEMA, source=Source(format="text"), code_prefix="MOIT")
    assert got.checklist.schema_name == "ita2565"
    assert got.headings == [["ข้อมูลพื้นฐาน"], [], ["การบริหารงาน"]]  # the heading lines before each item
    assert got.code_prefix is None  # the form's codes rule: a prefix found in the text is not reported


def test_a_url_wrapped_before_its_last_letter_then_a_second_url_on_the_same_line():
    # "...lang=t" / "h www.a.go.th/2": the "h" ends the first URL, the second URL is evidence of its own
    doc = _cells([[("code", "o1"), ("title", "โครงสร้าง"),
                   ("evidence", "https://a.go.th/index.php?lang=t"), ("evidence", "h www.a.go.th/2")]])
    (item,) = _checklist(doc).items
    assert [(e.label, e.url) for e in item.evidence] == [
        ("https://a.go.th/index.php?lang=th", "https://a.go.th/index.php?lang=th"),
        ("www.a.go.th/2", "http://www.a.go.th/2")]


def test_a_label_linked_only_on_its_second_line_then_another_link_is_two_entries():
    a, b = "https://a.go.th/a", "https://a.go.th/b"
    doc = _cells([[("code", "o1"), ("title", "โครงสร้าง"), ("evidence", "ผังโครงสร้าง"),
                   ("evidence", "ส่วนราชการ", [Link(0, 10, a)]), ("evidence", "ผังผู้บริหาร", [Link(0, 12, b)])]])
    (item,) = _checklist(doc).items
    assert [(e.label, e.url) for e in item.evidence] == [("ผังโครงสร้างส่วนราชการ", a), ("ผังผู้บริหาร", b)]


def test_a_click_marker_one_character_before_the_end_closes_the_entry():
    doc = _cells([[("code", "o1"), ("title", "โครงสร้าง"), ("evidence", "ผังโครงสร้าง (ดูรายละเอียด คลิกที่นี่)"),
                   ("evidence", "ผังผู้บริหาร")]])
    assert [e.label for e in _checklist(doc).items[0].evidence] == ["ผังโครงสร้าง (ดูรายละเอียด คลิกที่นี่)", "ผังผู้บริหาร"]


def test_an_element_wrapped_inside_a_word_is_joined_as_the_form_spells_it():
    # "E-ma" / "il": Latin letters on both sides would read as two words; the form's "E-mail" decides
    doc = _cells([[("code", "o5"), ("title", "ข้อมูลการติดต่อ"),
                   ("requirements", "O แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย"),
                   ("requirements", "O ที่อยู่หน่วยงาน"), ("requirements", "O E-ma"), ("requirements", "il")]])
    (req,) = _checklist(doc).items[0].requirements
    assert req.elements == ["ที่อยู่หน่วยงาน", "E-mail"]


def test_the_agency_name_without_the_words_run_on_after_it():
    heading = Document(lines=[Line("o1 โครงสร้าง")], format="text", heading="หน่วยงาน วิทยาลัยเทคนิคชลบุรีประจำปีงบประมาณ 2566")
    assert _checklist(heading).agency == "วิทยาลัยเทคนิคชลบุรี"  # "หน่วยงาน <name>" in the heading, no colon
    assert _text("วิทยาลัยเทคนิคชลบุรีประจำปีงบประมาณ 2566\no1 โครงสร้าง").agency == "วิทยาลัยเทคนิคชลบุรี"
    # the name with "และ..." glued on is the most frequent, but the bare name is frequent enough to win
    c = _text("o1 โครงสร้าง\nO แสดงแผนผัง\nข้อมูลจังหวัดปทุมธานีและอำเภอ (คลิก)\nผัง จังหวัดปทุมธานีและอำเภอ (คลิก)\n"
              "ผัง จังหวัดปทุมธานี (คลิก)")
    assert c.agency == "จังหวัดปทุมธานี"


def test_the_document_year_from_its_heading_then_requirements_then_evidence():
    c = _text("แบบ OIT ประจำปีงบประมาณ พ.ศ. 2566\no1 โครงสร้าง")
    assert (c.document_year, c.assessment_year, c.year_source) == (2566, 2566, "document")
    # a requirement's year outweighs the evidence's
    c = _text("o10 แผนดำเนินงานประจำปี\nO เป็นแผนที่มีระยะเวลาบังคับใช้ในปี พ.ศ. 2567\nแผนปี 2566 (คลิก)")
    assert c.document_year == 2567
    assert _text("o1 โครงสร้าง\nO แสดงแผนผัง\nผังปี 2566 (คลิก)").document_year == 2566


def test_a_wording_that_starts_another_does_not_end_the_longer_requirement_early():
    # a form where o3 words its requirement both short and long: the line after the short
    # wording goes on with the long one before the evidence label, as when it stands alone
    from oitparse.schema import SchemaRequirement

    items = []
    for item in SCHEMA.items:
        if item.code == "o3":
            item = item.model_copy(update={"requirements": [
                SchemaRequirement(text="แสดงข้อมูลหน้าที่และอำนาจของหน่วยงาน"),
                SchemaRequirement(text="แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด"),
            ]})
        items.append(item)
    form = SCHEMA.model_copy(update={"items": items})
    text = "o3 อำนาจหน้าที่\nO แสดงข้อมูลหน้าที่และอำนาจของหน่วยงาน\nตามที่กฎหมายกำหนด อำนาจหน้าที่ (คลิ๊ก)"
    o3 = _text(text, form).item("o3")
    assert [r.text for r in o3.requirements] == ["แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด"]
    assert [e.label for e in o3.evidence] == ["อำนาจหน้าที่ (คลิ๊ก)"]
