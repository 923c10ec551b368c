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
