"""DOCX reader: tables tagged by column, links of every kind, and hostile packages."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from oitparse.errors import CorruptDocument, EmptyDocument, LimitExceeded, ParseError, UnsupportedFormat
from oitparse.limits import Limits
from oitparse.readers.docx import LineBuilder, hyperlink_field, read_docx
from oitparse.urls import typed_urls

FIXTURES = Path(__file__).parent / "fixtures" / "docx"
HEADER = ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]


# ----------------------------------------------------------------- builders


def to_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _run(text: str):
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


def add_text(paragraph, text: str) -> None:
    paragraph._p.append(_run(text))


def add_hyperlink(paragraph, url: str | None, *labels: str, anchor: str | None = None) -> None:
    """A w:hyperlink whose label is split over one run per label part (as Word often does)."""
    h = OxmlElement("w:hyperlink")
    if url:
        h.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    if anchor:
        h.set(qn("w:anchor"), anchor)
    for label in labels:
        h.append(_run(label))
    paragraph._p.append(h)


def _fld_char(kind: str):
    r = OxmlElement("w:r")
    f = OxmlElement("w:fldChar")
    f.set(qn("w:fldCharType"), kind)
    r.append(f)
    return r


def add_field(paragraph, instr_parts: list[str], result: str) -> None:
    """A complex field: begin, instruction split over several w:instrText runs, separate, result, end."""
    p = paragraph._p
    p.append(_fld_char("begin"))
    for part in instr_parts:
        r = OxmlElement("w:r")
        it = OxmlElement("w:instrText")
        it.text = part
        it.set(qn("xml:space"), "preserve")
        r.append(it)
        p.append(r)
    p.append(_fld_char("separate"))
    p.append(_run(result))
    p.append(_fld_char("end"))


def add_simple_field(paragraph, instr: str, result: str) -> None:
    f = OxmlElement("w:fldSimple")
    f.set(qn("w:instr"), instr)
    f.append(_run(result))
    paragraph._p.append(f)


def add_break(paragraph) -> None:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    paragraph._p.append(r)


def form_docx(rows: list[list[str]], *, title: str = "แบบ OIT จังหวัดปทุมธานี ประจำปี พ.ศ. 2565"):
    """A Document with a title paragraph and a header + rows table; returns (document, table)."""
    d = docx.Document()
    d.add_paragraph(title)
    table = d.add_table(rows=1 + len(rows), cols=len(HEADER))
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return d, table


def by_row(doc, table=0):
    out: dict[int, dict[str | None, list[str]]] = {}
    for line in doc.lines:
        if line.table == table:
            out.setdefault(line.row, {}).setdefault(line.column, []).append(line.text)
    return out


def linked(line):
    return [(line.text[lk.start : lk.end], lk.url, lk.kind) for lk in line.links]


# ----------------------------------------------------------------- tables


def test_form_table_columns_rows_and_text_outside_in_order():
    d, table = form_docx(
        [
            ["ข้อมูลพื้นฐาน", "", "", ""],
            ["o1", "โครงสร้าง", "O แสดงแผนผังแสดงโครงสร้าง", "โครงสร้าง (คลิ๊ก)"],
            ["o2", "ข้อมูลผู้บริหาร", "O แสดงข้อมูลของผู้บริหารสูงสุด", "ผู้บริหาร (คลิ๊ก)"],
        ]
    )
    topic = table.rows[1]
    topic.cells[0].merge(topic.cells[3])  # one cell spanning the table: a topic row
    table.cell(2, 2).add_paragraph("O แสดงตำแหน่งที่สำคัญ")
    d.add_paragraph("ผู้รับรองข้อมูล นายทดสอบ")
    doc = read_docx(to_bytes(d), name="f.docx")

    assert doc.format == "docx" and doc.name == "f.docx"
    assert doc.lines[0].text.startswith("แบบ OIT") and doc.lines[0].table is None and doc.lines[0].column is None
    assert doc.lines[-1].text == "ผู้รับรองข้อมูล นายทดสอบ" and doc.lines[-1].table is None
    assert doc.heading == "แบบ OIT จังหวัดปทุมธานี ประจำปี พ.ศ. 2565"
    assert read_docx(to_bytes(form_docx([], title="หน่วยงาน: เทศบาลตำบลทดสอบ")[0])).heading == "หน่วยงาน: เทศบาลตำบลทดสอบ"
    rows = by_row(doc)
    assert rows[0] == {"header": HEADER}  # the header row: tagged as such, so it is never taken for content
    assert rows[1] == {"topic": ["ข้อมูลพื้นฐาน"]}
    assert rows[2] == {
        "code": ["o1"],
        "title": ["โครงสร้าง"],
        "requirements": ["O แสดงแผนผังแสดงโครงสร้าง", "O แสดงตำแหน่งที่สำคัญ"],  # one Line per paragraph
        "evidence": ["โครงสร้าง (คลิ๊ก)"],
    }
    assert rows[3]["code"] == ["o2"] and rows[3]["evidence"] == ["ผู้บริหาร (คลิ๊ก)"]


def test_unmerged_topic_row_text_in_first_cell_only():
    d, table = form_docx(
        [
            ["การประชาสัมพันธ์", "", "", ""],
            ["o7", "ข่าวประชาสัมพันธ์", "O แสดงข้อมูลข่าวสาร", ""],
            ["", "", "", "ข่าว (คลิ๊ก)"],  # a row continued after a page break: not a topic
        ]
    )
    rows = by_row(read_docx(to_bytes(d)))
    assert rows[1] == {"topic": ["การประชาสัมพันธ์"]}
    assert rows[2]["code"] == ["o7"] and rows[3] == {"evidence": ["ข่าว (คลิ๊ก)"]}


def test_merged_cells_are_read_once():
    d, table = form_docx(
        [
            ["o5", "ข้อมูลการติดต่อ", "O ที่อยู่หน่วยงาน", "ติดต่อ (คลิ๊ก)"],
            ["", "", "O หมายเลขโทรศัพท์", "แผนที่ (คลิ๊ก)"],
        ]
    )
    table.cell(1, 0).merge(table.cell(2, 0))  # vMerge: the code spans two rows
    table.cell(1, 1).merge(table.cell(2, 1))
    doc = read_docx(to_bytes(d))
    texts = [line.text for line in doc.lines]
    assert texts.count("o5") == 1 and texts.count("ข้อมูลการติดต่อ") == 1
    rows = by_row(doc)
    assert rows[1]["code"] == ["o5"] and rows[1]["title"] == ["ข้อมูลการติดต่อ"]
    assert rows[2] == {"requirements": ["O หมายเลขโทรศัพท์"], "evidence": ["แผนที่ (คลิ๊ก)"]}


def test_horizontal_merge_keeps_roles_by_grid_position():
    # Header: "ข้อ" | "ข้อมูล" | "องค์ประกอบ" spanning 2 grid columns | "Link"
    d = docx.Document()
    t = d.add_table(rows=2, cols=5)
    for c, text in enumerate(["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "", "Link"]):
        t.cell(0, c).text = text
    t.cell(0, 2).merge(t.cell(0, 3))
    for c, text in enumerate(["o3", "อำนาจหน้าที่", "O แสดงข้อมูลหน้าที่", "หมายเหตุ", "อำนาจหน้าที่ (คลิ๊ก)"]):
        t.cell(1, c).text = text
    doc = read_docx(to_bytes(d))
    rows = by_row(doc)
    assert rows[1]["requirements"] == ["O แสดงข้อมูลหน้าที่", "หมายเหตุ"]
    assert rows[1]["evidence"] == ["อำนาจหน้าที่ (คลิ๊ก)"]


def test_nested_table_text_is_read_into_the_outer_cell():
    d, table = form_docx([["o2", "ข้อมูลผู้บริหาร", "O แสดงข้อมูล", ""]])
    inner = table.cell(1, 3).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "ผู้ว่าราชการจังหวัด (คลิ๊ก)"
    add_hyperlink(inner.cell(1, 0).paragraphs[0], "https://example.go.th/deputy", "รองผู้ว่า (คลิ๊ก)")
    doc = read_docx(to_bytes(d))
    ev = [ln for ln in doc.lines if ln.column == "evidence"]
    assert [ln.text for ln in ev] == ["ผู้ว่าราชการจังหวัด (คลิ๊ก)", "รองผู้ว่า (คลิ๊ก)"]
    assert all(ln.table == 0 and ln.row == 1 for ln in ev)
    assert linked(ev[1]) == [("รองผู้ว่า (คลิ๊ก)", "https://example.go.th/deputy", "external")]


def test_code_and_title_in_one_cell_is_the_title_column():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, text in enumerate(["ข้อ/ข้อมูล", "องค์ประกอบด้านข้อมูล", "URL"]):
        t.cell(0, c).text = text
    for c, text in enumerate(["o1 โครงสร้าง", "O แสดงแผนผัง", "https://a.go.th/o1"]):
        t.cell(1, c).text = text
    rows = by_row(read_docx(to_bytes(d)))
    assert rows[1]["title"] == ["o1 โครงสร้าง"] and rows[1]["requirements"] == ["O แสดงแผนผัง"]


def test_form_split_over_two_tables_continues_the_columns():
    d, _ = form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "ก (คลิ๊ก)"]])
    d.add_paragraph("")  # Word keeps a paragraph between split tables
    t2 = d.add_table(rows=2, cols=4)
    for c, text in enumerate(["o2", "ข้อมูลผู้บริหาร", "O แสดงข้อมูล", "ข (คลิ๊ก)"]):
        t2.cell(0, c).text = text
    for c, text in enumerate(["o3", "อำนาจหน้าที่", "O แสดงหน้าที่", "ค (คลิ๊ก)"]):
        t2.cell(1, c).text = text
    t3 = d.add_table(rows=1, cols=2)  # a different table (signatures): not the form
    t3.cell(0, 0).text = "ผู้รับรอง"
    t3.cell(0, 1).text = "นาย ก"
    doc = read_docx(to_bytes(d))
    second = by_row(doc, table=1)
    assert second[0] == {"code": ["o2"], "title": ["ข้อมูลผู้บริหาร"], "requirements": ["O แสดงข้อมูล"],
                         "evidence": ["ข (คลิ๊ก)"]}
    assert second[1]["code"] == ["o3"]
    assert by_row(doc, table=2) == {0: {None: ["ผู้รับรอง", "นาย ก"]}}


def test_table_without_header_takes_its_roles_from_content():
    # No header row: the column of codes is the code column, the next text column the title.
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "o1"
    t.cell(0, 1).text = "โครงสร้าง"
    doc = read_docx(to_bytes(d))
    assert [(ln.text, ln.table, ln.row, ln.column) for ln in doc.lines] == [("o1", 0, 0, "code"), ("โครงสร้าง", 0, 0, "title")]


def test_table_without_item_codes_is_untagged():
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ผู้รับรอง"
    t.cell(0, 1).text = "นาย ก"
    doc = read_docx(to_bytes(d))
    assert [(ln.text, ln.table, ln.row, ln.column) for ln in doc.lines] == [("ผู้รับรอง", 0, 0, None), ("นาย ก", 0, 0, None)]


def test_manual_line_break_starts_a_new_line_and_deleted_text_is_hidden():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "รายงานการกำกับติดตาม")
    add_break(p)
    add_text(p, "รอบ 6 เดือน")
    deleted = OxmlElement("w:del")
    r = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = " ข้อความที่ลบ"
    r.append(dt)
    deleted.append(r)
    p._p.append(deleted)
    inserted = OxmlElement("w:ins")
    inserted.append(_run(" (แก้ไข)"))
    p._p.append(inserted)
    doc = read_docx(to_bytes(d))
    assert [ln.text for ln in doc.lines] == ["รายงานการกำกับติดตาม", "รอบ 6 เดือน (แก้ไข)"]


def test_text_box_paragraphs_follow_their_anchor_paragraph_once():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แบบ OIT")
    box = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>หน่วยงาน: เทศบาลตำบลทดสอบ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>หน่วยงาน: เทศบาลตำบลทดสอบ</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
    )
    from lxml import etree

    r = OxmlElement("w:r")
    r.append(etree.fromstring(box))
    p._p.append(r)
    add_text(p, " 2565")
    d.add_paragraph("ถัดไป")
    assert [ln.text for ln in read_docx(to_bytes(d)).lines] == ["แบบ OIT 2565", "หน่วยงาน: เทศบาลตำบลทดสอบ", "ถัดไป"]


# ----------------------------------------------------------------- links


def test_hyperlink_label_split_over_runs_is_one_link():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "- ")
    add_hyperlink(p, "https://www.pathumthani.go.th/o1", "โครงสร้าง", "และคณะผู้บริหาร ", "(คลิ๊ก)")
    line = read_docx(to_bytes(d)).lines[0]
    assert line.text == "- โครงสร้างและคณะผู้บริหาร (คลิ๊ก)"
    assert linked(line) == [("โครงสร้างและคณะผู้บริหาร (คลิ๊ก)", "https://www.pathumthani.go.th/o1", "external")]


def test_field_code_hyperlinks_simple_and_complex():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แผน ")
    # instruction split over several instrText runs, with a switch and a bookmark
    add_field(p, [" HYPER", 'LINK "https://a.go.th/plan.pdf" ', '\\l "p2" \\o "tip"'], "(คลิ๊ก)")
    add_text(p, " หน้า ")
    add_field(p, [" PAGE "], "3")  # a non-link field: its result shows, its instruction does not
    p2 = d.add_paragraph()
    add_simple_field(p2, ' HYPERLINK "https://b.go.th/x" ', "ข่าว (คลิ๊ก)")
    doc = read_docx(to_bytes(d))
    assert doc.lines[0].text == "แผน (คลิ๊ก) หน้า 3"
    assert linked(doc.lines[0]) == [("(คลิ๊ก)", "https://a.go.th/plan.pdf#p2", "external")]
    assert linked(doc.lines[1]) == [("ข่าว (คลิ๊ก)", "https://b.go.th/x", "external")]


def test_bookmark_mailto_and_typed_urls():
    d = docx.Document()
    p = d.add_paragraph()
    add_hyperlink(p, None, "ดูข้อ o36", anchor="_o36")
    p = d.add_paragraph()
    add_field(p, [' HYPERLINK \\l "_o42" '], "ข้อ o42")
    p = d.add_paragraph()
    add_hyperlink(p, "mailto:saraban@pathumthani.go.th", "E-mail")
    d.add_paragraph("เว็บไซต์ https://www.pathumthani.go.th/news?id=1. หรือ www.moi.go.th(คลิ๊ก)")
    doc = read_docx(to_bytes(d))
    assert linked(doc.lines[0]) == [("ดูข้อ o36", "#_o36", "internal")]
    assert linked(doc.lines[1]) == [("ข้อ o42", "#_o42", "internal")]
    assert linked(doc.lines[2]) == [("E-mail", "mailto:saraban@pathumthani.go.th", "mailto")]
    assert linked(doc.lines[3]) == [
        ("https://www.pathumthani.go.th/news?id=1", "https://www.pathumthani.go.th/news?id=1", "external"),
        ("www.moi.go.th", "http://www.moi.go.th", "external"),
    ]


def test_thai_repairs_keep_link_offsets_and_are_counted():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แผนดําเนินงาน\u00a0")  # SARA AM typed as NIKHAHIT + SARA AA, and an NBSP
    add_hyperlink(p, "https://a.go.th/plan", "ประจําปี", "\u200b พ.ศ. 2565")
    doc = read_docx(to_bytes(d))
    line = doc.lines[0]
    assert "\u0e4d\u0e32" not in line.text and "\u00a0" not in line.text and "\u200b" not in line.text
    assert line.text == "แผนดำเนินงาน ประจำปี พ.ศ. 2565"
    assert linked(line) == [("ประจำปี พ.ศ. 2565", "https://a.go.th/plan", "external")]
    assert doc.repairs["split_sara_am"] == 2 and sum(doc.repairs.values()) >= 3


def test_repair_across_a_link_boundary_keeps_the_link_on_the_repaired_text():
    builder = LineBuilder()
    builder.add("  แผนดํ")  # SARA AM split: NIKHAHIT here, SARA AA in the link's first run
    builder.add("าเนินงาน", ("https://a.go.th/p", "external"))
    builder.add(" \u200bปี 2565   ")
    repairs = Counter()
    line = builder.finish(repairs, table=1, row=2, column="evidence")
    assert line.text == "แผนดำเนินงาน ปี 2565" and (line.table, line.row, line.column) == (1, 2, "evidence")
    assert linked(line) == [("ำเนินงาน", "https://a.go.th/p", "external")]
    assert repairs["split_sara_am"] == 1 and repairs["zero_width"] == 1
    assert builder.empty and builder.finish(repairs) is None


def test_many_links_on_one_long_line_stay_exact_and_fast():
    builder = LineBuilder()
    for i in range(2000):
        builder.add("ประจําปี ")
        builder.add(f"ลิงก์{i}", (f"https://x.go.th/{i}", "external"))
        builder.add(" ")
    t = time.monotonic()
    line = builder.finish(Counter())
    assert time.monotonic() - t < 2
    assert [line.text[lk.start : lk.end] for lk in line.links] == [f"ลิงก์{i}" for i in range(2000)]
    assert "ประจำปี" in line.text and "\u0e4d" not in line.text


def test_field_helpers():
    assert hyperlink_field('HYPERLINK "mailto:a@b.go.th"') == ("mailto:a@b.go.th", "mailto")
    assert hyperlink_field(" PAGE ") is None and hyperlink_field("") is None
    assert [u for _, _, u in typed_urls("(ดู https://a.go.th/x_(1)) และ http://")] == ["https://a.go.th/x_(1)"]


# ----------------------------------------------------------------- hostile input


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _replace_part(data: bytes, part: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({n: (new if n == part else src.read(n)) for n in src.namelist()})


def test_zip_bomb_declared_2gb_is_refused_quickly():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            zeros = b"\0" * (1 << 24)
            for _ in range(128):  # 2 GiB of zeros, a few MB compressed
                f.write(zeros)
    data = buf.getvalue()
    assert len(data) < 20 * 1024 * 1024
    t = time.monotonic()
    with pytest.raises(LimitExceeded, match="zip bomb"):
        read_docx(data)
    assert time.monotonic() - t < 2


def test_compression_ratio_and_total_limits():
    d, _ = form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "(คลิ๊ก)"]])
    padded = _replace_part(to_bytes(d), "word/document.xml", b"<a>" + b" " * (3 << 20) + b"</a>")
    with pytest.raises(LimitExceeded, match="max_compression_ratio"):
        read_docx(padded)
    with pytest.raises(LimitExceeded, match="total .* max_uncompressed_bytes"):
        read_docx(to_bytes(d), limits=Limits(max_uncompressed_bytes=10_000))
    assert read_docx(to_bytes(d), limits=Limits(max_compression_ratio=None, max_uncompressed_bytes=None)).lines


def test_member_larger_than_declared_is_not_read_past_its_size():
    d, _ = form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "(คลิ๊ก)"]])
    data = bytearray(to_bytes(d))
    # Shrink document.xml's declared size in both headers: the zip directory now lies.
    z = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = z.getinfo("word/document.xml")
    local = info.header_offset
    central = data.find(b"PK\x01\x02")
    while True:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_len] == b"word/document.xml":
            break
        central = data.find(b"PK\x01\x02", central + 4)
    assert info.file_size > 1000
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(ParseError):
        read_docx(bytes(data))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"".join(b"&%s;" % bytes([97 + i]) for _ in range(10)))
        for i in range(9)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
)


def test_billion_laughs_is_refused_without_expanding():
    d, _ = form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "(คลิ๊ก)"]])
    data = _replace_part(to_bytes(d), "word/document.xml", BILLION_LAUGHS)
    t = time.monotonic()
    with pytest.raises(CorruptDocument, match="ENTITY"):
        read_docx(data)
    # Even when the cheap byte check is bypassed (UTF-16 part), the parsed DTD is refused.
    utf16 = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(CorruptDocument):
        read_docx(_replace_part(to_bytes(d), "word/document.xml", utf16.decode().encode("utf-16")))
    assert time.monotonic() - t < 2


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocument, "empty"),
        (b"not a zip at all", CorruptDocument, "not a zip"),
        (b"PK\x03\x04 truncated", CorruptDocument, "zip"),
        (_zip({"content.xml": b"<office/>", "mimetype": b"application/vnd.oasis"}), UnsupportedFormat, "not a DOCX"),
        (_zip({"word/document.xml": b"<w:document"}), CorruptDocument, "well-formed"),
    ],
)
def test_bad_input_raises_one_clear_parse_error(data, error, message):
    with pytest.raises(error, match=message) as info:
        read_docx(data, name="x.docx")
    assert info.value.source == "x.docx" and "\n" not in str(info.value)


def test_empty_docx():
    with pytest.raises(EmptyDocument):
        read_docx(to_bytes(docx.Document()))
    d = docx.Document()
    d.add_paragraph("   ")
    d.add_table(rows=2, cols=2)
    with pytest.raises(EmptyDocument):
        read_docx(to_bytes(d))


def test_truncated_docx_is_corrupt():
    data = to_bytes(form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "(คลิ๊ก)"]])[0])
    with pytest.raises(CorruptDocument):
        read_docx(data[: len(data) // 2])


def test_max_lines():
    d = docx.Document()
    for i in range(30):
        d.add_paragraph(f"บรรทัด {i}")
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_docx(to_bytes(d), limits=Limits(max_lines=10))


_BASE = to_bytes(form_docx([["o1", "โครงสร้าง", "O แสดงแผนผัง", "(คลิ๊ก)"]])[0])


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=20_000), junk=st.binary(min_size=0, max_size=64))
def test_damaged_bytes_only_raise_parse_errors(cut, junk):
    data = _BASE[:cut] + junk + _BASE[cut + len(junk) :]
    try:
        doc = read_docx(data)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, naming what is wrong
        return
    # damage the zip survives (in padding, or repaired by a duplicate entry) leaves the form readable
    assert doc.format == "docx" and any(line.text for line in doc.lines)




# Random WordprocessingML: paragraphs, runs, fields (in any order, unbalanced), links,
# tables with odd spans and merges, nested tables, content controls.
_W_ATTR_VALUES = st.sampled_from(["1", "2", "0", "-3", "abc", "99999", "restart", "continue", ""])
_runs = st.one_of(
    st.text(alphabet="o1 ขอมูลำํา\u200b\u00a0https://a.go.th/x.(", max_size=12).map(
        lambda t: f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>'
    ),
    st.sampled_from(["begin", "separate", "end", "bogus"]).map(lambda k: f'<w:r><w:fldChar w:fldCharType="{k}"/></w:r>'),
    st.sampled_from([' HYPERLINK "https://a.go.th/f" ', " HYPERLINK \\l \"b\" ", " PAGE ", "HYPERLINK"]).map(
        lambda i: f"<w:r><w:instrText>{i}</w:instrText></w:r>"
    ),
    st.just("<w:r><w:br/><w:tab/><w:sym w:char=\"F0FC\"/><w:sym w:char=\"zz\"/></w:r>"),
)
_paragraph = st.lists(
    st.one_of(
        _runs,
        st.lists(_runs, max_size=3).map(lambda rs: '<w:hyperlink r:id="rId999" w:anchor="a">' + "".join(rs) + "</w:hyperlink>"),
        st.lists(_runs, max_size=3).map(lambda rs: '<w:fldSimple w:instr=" HYPERLINK x ">' + "".join(rs) + "</w:fldSimple>"),
    ),
    max_size=5,
).map(lambda parts: "<w:p>" + "".join(parts) + "</w:p>")


def _table(children):
    cell = st.tuples(_W_ATTR_VALUES, _W_ATTR_VALUES, st.lists(children, min_size=1, max_size=2)).map(
        lambda c: f'<w:tc><w:tcPr><w:gridSpan w:val="{c[0]}"/><w:vMerge w:val="{c[1]}"/></w:tcPr>{"".join(c[2])}</w:tc>'
    )
    row = st.lists(cell, max_size=4).map(lambda cs: "<w:tr>" + "".join(cs) + "</w:tr>")
    return st.lists(row, max_size=4).map(lambda rs: "<w:tbl>" + "".join(rs) + "</w:tbl>")


_blocks = st.recursive(_paragraph, lambda inner: st.one_of(_table(inner), inner.map(lambda b: f"<w:sdt><w:sdtContent>{b}</w:sdtContent></w:sdt>")), max_leaves=12)
_HEADER_P = "".join(f"<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>" for h in HEADER)


@settings(max_examples=100, deadline=None)
@given(st.lists(_blocks, max_size=6), st.booleans())
def test_random_wordprocessingml_reads_or_raises_parse_error(blocks, with_header):
    body = "".join(blocks)
    if with_header:
        body = f"<w:tbl><w:tr>{_HEADER_P}</w:tr></w:tbl>" + body
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    try:
        doc = read_docx(_replace_part(_BASE, "word/document.xml", xml))
    except ParseError as e:
        assert isinstance(e, EmptyDocument), e  # well-formed XML: only "no text" may fail
        return
    for line in doc.lines:
        assert line.text == line.text.strip()
        assert all(0 <= lk.start <= lk.end <= len(line.text) for lk in line.links)
        assert line.column is None or line.table is not None


# ----------------------------------------------------------------- fixtures from the generator


def _truth_pairs():
    for path in sorted(FIXTURES.glob("*.docx")):
        truth = path.with_suffix(".truth.json")
        if truth.exists():
            yield pytest.param(path, truth, id=path.name)


def _item_row(doc, code_as_written: str) -> tuple[int, int]:
    """(table, row) of the row whose code or title cell starts with the item's code."""
    for ln in doc.lines:
        text = ln.text.strip()
        if ln.column in ("code", "title") and text.startswith(code_as_written):
            rest = text[len(code_as_written) :]
            if not rest or not (rest[0].isdigit() or rest[0] in "๐๑๒๓๔๕๖๗๘๙"):
                return ln.table, ln.row
    raise AssertionError(f"no row for {code_as_written}")


@pytest.mark.parametrize(("path", "truth"), list(_truth_pairs()) or [pytest.param(None, None, marks=pytest.mark.skip)])
def test_fixture_evidence_links_are_on_evidence_lines_of_their_row(path, truth):
    """Every truth evidence URL is a Link over its label on an evidence line of the item's row."""
    doc = read_docx(path.read_bytes(), name=path.name)
    expected = json.loads(truth.read_text(encoding="utf-8"))
    checked = 0
    for item in expected["items"]:
        where = _item_row(doc, item.get("code_as_written") or item["code"])
        row = [ln for ln in doc.lines if (ln.table, ln.row) == where and ln.column == "evidence"]
        found = {(lk.url, " ".join(ln.text[lk.start : lk.end].split())) for ln in row for lk in ln.links}
        for ev in item["evidence"]:
            if ev.get("url"):
                assert (ev["url"], " ".join(ev["label"].split())) in found, (item["code"], ev)
                checked += 1
    assert checked >= len(expected["items"])  # every fixture item has at least one linked evidence


# ----------------------------------------------------------------- regressions (review fixes)


def _instr(paragraph, text: str) -> None:
    r = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.text = text
    it.set(qn("xml:space"), "preserve")
    r.append(it)
    paragraph._p.append(r)


def test_field_begun_without_end_does_not_hide_later_paragraphs():
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "ก่อน ")
    p._p.append(_fld_char("begin"))
    _instr(p, " PAGE ")  # no separate, no end
    d.add_paragraph("ย่อหน้าถัดไป")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "ในตาราง"
    d.add_paragraph("หลังตาราง")
    doc = read_docx(to_bytes(d))
    assert [ln.text for ln in doc.lines] == ["ก่อน", "ย่อหน้าถัดไป", "ในตาราง", "หลังตาราง"]


def test_hyperlink_field_without_end_does_not_link_later_paragraphs():
    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(_fld_char("begin"))
    _instr(p, ' HYPERLINK "https://a.go.th/x" ')
    p._p.append(_fld_char("separate"))
    add_text(p, "ลิงก์")  # no end
    d.add_paragraph("ไม่มีลิงก์")
    p3 = d.add_paragraph()
    add_field(p3, [' HYPERLINK "https://b.go.th/y" '], "ข")  # a whole field after it still works
    doc = read_docx(to_bytes(d))
    assert linked(doc.lines[0]) == [("ลิงก์", "https://a.go.th/x", "external")]
    assert doc.lines[1].text == "ไม่มีลิงก์" and doc.lines[1].links == []
    assert linked(doc.lines[2]) == [("ข", "https://b.go.th/y", "external")]


def test_one_cell_row_with_an_item_code_is_not_a_topic():
    from oitparse.readers.base import Line
    from oitparse.readers.tables import Cell, Row, is_topic_row

    def row(text: str) -> Row:
        return Row([Cell([Line(text)], 0, 4)])

    assert is_topic_row(row("ข้อมูลพื้นฐาน"), 4)
    assert not is_topic_row(row("o2 ข้อมูลผู้บริหาร b"), 4)
    assert not is_topic_row(row("O ๑๒ ข้อมูล"), 4)


def test_whitespace_only_linked_label_at_line_start_keeps_a_zero_width_link():
    builder = LineBuilder()
    builder.add(" ", ("https://x/1", "external"))
    builder.add("ดูเอกสาร")
    line = builder.finish(Counter())
    assert line.text == "ดูเอกสาร" and [(lk.start, lk.end, lk.url) for lk in line.links] == [(0, 0, "https://x/1")]


def test_plain_url_with_many_closing_parentheses():
    # Hostile input (80 000 ")") must not hang: a quadratic trim once took seconds here.
    # A hang guard, not a speed test: speed is measured in benchmarks/.
    text = "https://a.go.th/x" + ")" * 80000
    t = time.monotonic()
    found = list(typed_urls(text))
    assert time.monotonic() - t < 20
    assert found == [(0, 17, "https://a.go.th/x")]
    assert [u for _, _, u in typed_urls("(ดู https://a.go.th/x_(1)) (https://b.go.th/(a)b(c))")] == [
        "https://a.go.th/x_(1)", "https://b.go.th/(a)b(c)"
    ]


def test_many_links_and_typed_urls_on_one_line_are_not_doubled():
    builder = LineBuilder()
    n = 10000
    for i in range(n):
        builder.add(f"a{i} ", (f"https://x.go.th/{i}", "external"))
        builder.add(f"https://t.go.th/{i} ")
    builder.add("https://in.go.th/link", ("https://in.go.th/link", "external"))  # typed inside a link: one link
    t = time.monotonic()
    line = builder.finish(Counter())
    assert time.monotonic() - t < 20  # a hang guard (the pairwise check took minutes at 50 000)
    urls = [lk.url for lk in line.links]
    assert len(urls) == 2 * n + 1 and urls.count("https://in.go.th/link") == 1
    assert urls[:4] == ["https://x.go.th/0", "https://t.go.th/0", "https://x.go.th/1", "https://t.go.th/1"]


def test_docx_reader_uses_the_thai_module_directly():
    import oitparse.readers.docx as docx_reader
    from oitparse.thai import explain

    assert docx_reader.explain is explain and not hasattr(docx_reader, "_explainer")


# ---------------------------------------------------------------- link offsets across repairs

from oitparse.readers.docx import _offset_maps  # noqa: E402


def test_offset_maps_identity_when_nothing_changed() -> None:
    assert _offset_maps("ข้อมูล", "ข้อมูล") == (list(range(7)), list(range(7)))


def test_offset_maps_snap_inside_a_replaced_block() -> None:
    # "XY" became "Z": a start inside the block snaps to its start, an end to its end, and
    # the unchanged "def" after it shifts by the length difference
    starts, ends = _offset_maps("abcXYdef", "abcZdef")
    assert starts == [0, 1, 2, 3, 3, 4, 5, 6, 7]
    assert ends == [0, 1, 2, 3, 4, 4, 5, 6, 7]


def test_offset_maps_follow_an_unchanged_run_between_two_changes() -> None:
    # "XX" -> "Z", then "b" kept, then "Y" -> "WW": "b" at 3 is at 2 after the repair
    starts, ends = _offset_maps("aXXbYc", "aZbWWc")
    assert starts == [0, 1, 1, 2, 3, 5, 6]
    assert ends == [0, 1, 2, 2, 3, 5, 6]
    assert "aZbWWc"[starts[3]:ends[4]] == "b"


def test_offset_maps_after_an_insertion() -> None:
    assert _offset_maps("ab", "a  b") == ([0, 3, 4], [0, 3, 4])


def test_offset_maps_give_up_on_long_changed_spans() -> None:
    # the aligned span between common prefix and suffix is bounded (difflib is quadratic)
    assert _offset_maps("<" + "ก" * 2000 + ">", "<" + "ข" * 2000 + ">") is not None  # 4000: aligned
    assert _offset_maps("<" + "ก" * 2000 + ">", "<" + "ข" * 2001 + ">") is None


@settings(max_examples=60, deadline=None)
@given(st.text("abกข ", max_size=12), st.text("xyคง", max_size=6), st.text("xyคง", max_size=6), st.text("abกข ", max_size=12))
def test_offset_maps_keep_the_unchanged_ends_exact(head: str, old: str, new: str, tail: str) -> None:
    src, dst = head + old + tail, head + new + tail
    starts, ends = _offset_maps(src, dst)
    assert len(starts) == len(ends) == len(src) + 1
    assert starts == sorted(starts) and ends == sorted(ends)
    assert ends[-1] == len(dst)
    for k in range(len(head)):  # the common head maps to itself
        assert starts[k] == ends[k] == k
    for k in range(len(src) - len(tail), len(src) + 1):  # the tail shifts as a whole
        assert starts[k] == ends[k] == k + len(dst) - len(src)


# ---------------------------------------------------------------- gaps the mutation run found
# Each test pins what a reader gives a user; the mutants of readers/docx.py it kills are
# named in the commit that added it.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_hyperlink_field_switches_take_their_argument_in_any_order() -> None:
    # \l, \o and \t take an argument (bookmark, tooltip, target frame): it is never the URL,
    # whether the switch comes before or after it; Word writes "HYPERLINK \l "_Toc1" \o "..."
    assert hyperlink_field(' HYPERLINK \\o "เคล็ดลับ" "https://a.go.th/x" ') == ("https://a.go.th/x", "external")
    assert hyperlink_field(' HYPERLINK \\t "_blank" "https://a.go.th/x" ') == ("https://a.go.th/x", "external")
    assert hyperlink_field(' HYPERLINK \\l "_o5" \\o "ไปที่ข้อ o5" ') == ("#_o5", "internal")
    assert hyperlink_field(' HYPERLINK \\l "_o5" \\t "_top" ') == ("#_o5", "internal")
    # \m and \n take none: the URL after them is still the target
    assert hyperlink_field(' HYPERLINK \\n "https://a.go.th/x" ') == ("https://a.go.th/x", "external")


def test_hyperlink_field_first_argument_is_the_target() -> None:
    # an unquoted path with a space: the first word is the target, the rest does not replace it
    assert hyperlink_field(" HYPERLINK https://a.go.th/o1.pdf เอกสาร ") == ("https://a.go.th/o1.pdf", "external")


def test_hyperlink_field_switch_missing_its_argument_is_ignored() -> None:
    # a truncated instruction ("\l" last) must not fail the read nor lose the URL
    assert hyperlink_field(' HYPERLINK "https://a.go.th/x" \\l ') == ("https://a.go.th/x", "external")
    assert hyperlink_field(' HYPERLINK "https://a.go.th/x" \\o') == ("https://a.go.th/x", "external")


def test_hyperlink_field_unescapes_doubled_backslashes() -> None:
    # Word doubles the backslashes of a file path inside the quoted target
    assert hyperlink_field(r' HYPERLINK "C:\\OIT\\o1.pdf" ') == (r"C:\OIT\o1.pdf", "external")
    assert hyperlink_field(r' HYPERLINK "เอกสาร\\o1.pdf" \o "o1" ') == (r"เอกสาร\o1.pdf", "external")


def test_hyperlink_field_without_a_target_is_no_link() -> None:
    assert hyperlink_field(" HYPERLINK ") is None
    assert hyperlink_field(' HYPERLINK "" ') is None
    assert hyperlink_field(' HYPERLINK \\o "เคล็ดลับ" ') is None
    # read from a file: the field's result is plain text, not a link to ""
    d = docx.Document()
    add_field(d.add_paragraph(), [' HYPERLINK "" '], "ข้อความ")
    add_simple_field(d.add_paragraph(), " HYPERLINK ", "ข้อความสอง")
    doc = read_docx(to_bytes(d))
    assert [(ln.text, ln.links) for ln in doc.lines] == [("ข้อความ", []), ("ข้อความสอง", [])]


def _xml(text: str):
    from lxml import etree

    return etree.fromstring(
        f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml">{text}</w:r>'
    )


def test_text_box_inside_a_text_box_is_read_once() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แบบ OIT")
    p._p.append(
        _xml(
            "<w:drawing><w:txbxContent><w:p><w:r><w:t>กล่องนอก</w:t></w:r>"
            "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>กล่องใน</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
            "<w:p><w:r><w:t>กล่องนอกต่อ</w:t></w:r></w:p></w:txbxContent></w:drawing>"
        )
    )
    d.add_paragraph("ถัดไป")
    texts = [ln.text for ln in read_docx(to_bytes(d)).lines]
    # the inner box follows the outer box's paragraph it is anchored in, once
    assert texts == ["แบบ OIT", "กล่องนอก", "กล่องใน", "กล่องนอกต่อ", "ถัดไป"]


def test_hyperlink_with_a_missing_relationship_is_no_link() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), "rId999")  # no such relationship (a damaged or hand-made file)
    h.append(_run("ข่าว (คลิ๊ก)"))
    p._p.append(h)
    p = d.add_paragraph()
    h = OxmlElement("w:hyperlink")  # neither r:id nor anchor
    h.append(_run("ไม่มีปลายทาง"))
    p._p.append(h)
    p = d.add_paragraph()
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), "rId999")
    h.set(qn("w:anchor"), "_o5")  # the bookmark still leads somewhere
    h.append(_run("ดูข้อ o5"))
    p._p.append(h)
    doc = read_docx(to_bytes(d))
    assert [(ln.text, ln.links) for ln in doc.lines[:2]] == [("ข่าว (คลิ๊ก)", []), ("ไม่มีปลายทาง", [])]
    assert linked(doc.lines[2]) == [("ดูข้อ o5", "#_o5", "internal")]


def _wrap(el, *tags: str) -> None:
    """Put ``el`` inside nested wrappers (outermost first) where it stands."""
    outer = inner = OxmlElement(tags[0])
    for tag in tags[1:]:
        child = OxmlElement(tag)
        inner.append(child)
        inner = child
    el.addprevious(outer)
    inner.append(el)


def test_rows_and_cells_inside_content_controls_and_custom_xml_are_read() -> None:
    # Repeating-section content controls wrap rows, plain-text ones wrap cells, and
    # custom XML tags wrap either: the rows are still the form's rows
    d, table = form_docx(
        [
            ["o1", "โครงสร้าง", "O แผนผัง", ""],
            ["o2", "ผู้บริหาร", "O ข้อมูลผู้บริหาร", ""],
            ["o3", "อำนาจหน้าที่", "O หน้าที่", "ค (คลิ๊ก)"],
            ["o4", "แผนยุทธศาสตร์", "O แผน", "ง (คลิ๊ก)"],
        ]
    )
    add_hyperlink(table.cell(1, 3).paragraphs[0], "https://a.go.th/o1", "ก (คลิ๊ก)")
    add_hyperlink(table.cell(2, 3).paragraphs[0], "https://a.go.th/o2", "ข (คลิ๊ก)")
    trs = table._tbl.tr_lst
    _wrap(trs[1], "w:sdt", "w:sdtContent")  # a row in a content control
    _wrap(trs[2].tc_lst[3], "w:sdt", "w:sdtContent")  # a cell in a content control
    _wrap(trs[3], "w:customXml")  # a row in a custom XML tag
    _wrap(trs[4].tc_lst[0], "w:customXml")  # a cell in one
    doc = read_docx(to_bytes(d))
    rows = by_row(doc)
    assert rows[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก (คลิ๊ก)"]}
    assert rows[2] == {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูลผู้บริหาร"],
                       "evidence": ["ข (คลิ๊ก)"]}
    assert rows[3]["code"] == ["o3"] and rows[3]["evidence"] == ["ค (คลิ๊ก)"]
    assert rows[4]["code"] == ["o4"] and rows[4]["title"] == ["แผนยุทธศาสตร์"]
    ev = [ln for ln in doc.lines if ln.column == "evidence"]
    assert [lk.url for ln in ev for lk in ln.links] == ["https://a.go.th/o1", "https://a.go.th/o2"]


def _grid_before(tr, value: str) -> None:
    g = OxmlElement("w:gridBefore")
    g.set(qn("w:val"), value)
    tr.get_or_add_trPr().insert(0, g)


def test_row_starting_after_skipped_grid_columns_keeps_its_roles() -> None:
    # A row whose code column is not there (w:gridBefore="1"): its cells are the title,
    # requirements and evidence columns, not shifted left onto code/title/requirements
    d, table = form_docx(
        [
            ["o1", "โครงสร้าง", "O แผนผัง", "ก (คลิ๊ก)"],
            ["", "การมอบอำนาจ", "O คำสั่ง", "ข (คลิ๊ก)"],
            ["o2", "ผู้บริหาร", "O ข้อมูล", "ค (คลิ๊ก)"],
        ]
    )
    trs = table._tbl.tr_lst
    trs[2].remove(trs[2].tc_lst[0])
    _grid_before(trs[2], "1")
    _grid_before(trs[3], "0")  # an explicit zero: the row starts at the first column
    rows = by_row(read_docx(to_bytes(d)))
    assert rows[2] == {"title": ["การมอบอำนาจ"], "requirements": ["O คำสั่ง"], "evidence": ["ข (คลิ๊ก)"]}
    assert rows[3] == {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูล"], "evidence": ["ค (คลิ๊ก)"]}


def test_max_lines_is_the_number_of_lines_allowed() -> None:
    # max_lines=N reads a document of exactly N lines and refuses one of N + 1
    d = docx.Document()
    for i in range(10):
        d.add_paragraph(f"บรรทัด {i}")
    assert len(read_docx(to_bytes(d), limits=Limits(max_lines=10)).lines) == 10
    d.add_paragraph("บรรทัดเกิน")
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_docx(to_bytes(d), limits=Limits(max_lines=10))


def _edit_rels(data: bytes, edit) -> bytes:
    from lxml import etree

    part = "word/_rels/document.xml.rels"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))
    edit(root)
    return _replace_part(data, part, etree.tostring(root))


def test_hyperlink_relationship_without_a_target_is_no_link() -> None:
    d = docx.Document()
    add_hyperlink(d.add_paragraph(), "https://a.go.th/o1", "ก (คลิ๊ก)")
    add_hyperlink(d.add_paragraph(), "https://a.go.th/o2", "ข (คลิ๊ก)")

    def drop_first_target(root) -> None:
        rel = next(r for r in root if r.get("Target") == "https://a.go.th/o1")
        del rel.attrib["Target"]  # a damaged relationship: an id and no target

    doc = read_docx(_edit_rels(to_bytes(d), drop_first_target))
    assert doc.lines[0].text == "ก (คลิ๊ก)" and doc.lines[0].links == []
    assert linked(doc.lines[1]) == [("ข (คลิ๊ก)", "https://a.go.th/o2", "external")]


def test_broken_relationships_part_is_named_in_the_error() -> None:
    d = docx.Document()
    add_hyperlink(d.add_paragraph(), "https://a.go.th/o1", "ก")
    data = _replace_part(to_bytes(d), "word/_rels/document.xml.rels", b"<Relationships")
    with pytest.raises(CorruptDocument, match=r"word/_rels/document\.xml\.rels is not well-formed"):
        read_docx(data)


def rows_of(doc) -> list[tuple]:
    return [(ln.text, ln.table, ln.row, ln.column) for ln in doc.lines]


def test_table_in_a_text_box_is_read_after_its_anchor_paragraph() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แบบ OIT")
    p._p.append(
        _xml(
            "<w:drawing><w:txbxContent><w:p><w:r><w:t>ผู้รับรอง</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ลงชื่อ</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>นาย ก</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "</w:txbxContent></w:drawing>"
        )
    )
    d.add_paragraph("ถัดไป")
    assert rows_of(read_docx(to_bytes(d))) == [
        ("แบบ OIT", None, None, None),
        ("ผู้รับรอง", None, None, None),
        ("ลงชื่อ", 0, 0, None),
        ("นาย ก", 0, 0, None),
        ("ถัดไป", None, None, None),
    ]


def test_paragraphs_and_tables_in_block_level_wrappers_are_read() -> None:
    # Content controls, custom XML, smart tags and tracked insertions or moves wrap whole
    # paragraphs and tables: their text is read in place; deleted paragraphs are not
    d = docx.Document()
    wrappers = [
        ("w:sdt", "w:sdtContent"),
        ("w:customXml",),
        ("w:smartTag",),
        ("w:ins",),
        ("w:moveTo",),
        ("w:del",),
    ]
    for i, tags in enumerate(wrappers):
        _wrap(d.add_paragraph(f"ย่อหน้า {i}")._p, *tags)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "ลงชื่อ", "นาย ก"
    _wrap(t._tbl, "w:sdt", "w:sdtContent")
    d.add_paragraph("ท้าย")
    assert rows_of(read_docx(to_bytes(d))) == [
        ("ย่อหน้า 0", None, None, None),
        ("ย่อหน้า 1", None, None, None),
        ("ย่อหน้า 2", None, None, None),
        ("ย่อหน้า 3", None, None, None),
        ("ย่อหน้า 4", None, None, None),
        ("ลงชื่อ", 0, 0, None),
        ("นาย ก", 0, 0, None),
        ("ท้าย", None, None, None),
    ]


def test_table_nested_two_levels_deep_is_read_into_the_outer_cell() -> None:
    d, table = form_docx([["o2", "ข้อมูลผู้บริหาร", "O แสดงข้อมูล", ""]])
    inner = table.cell(1, 3).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "ผู้บริหาร"
    innermost = inner.cell(0, 0).add_table(rows=1, cols=1)
    add_hyperlink(innermost.cell(0, 0).paragraphs[0], "https://a.go.th/deputy", "รองผู้ว่า (คลิ๊ก)")
    doc = read_docx(to_bytes(d))
    ev = [ln for ln in doc.lines if ln.column == "evidence"]
    assert [ln.text for ln in ev] == ["ผู้บริหาร", "รองผู้ว่า (คลิ๊ก)"] and all(ln.row == 1 for ln in ev)
    assert linked(ev[1]) == [("รองผู้ว่า (คลิ๊ก)", "https://a.go.th/deputy", "external")]


def test_table_without_a_declared_grid_takes_its_width_from_its_cells() -> None:
    # a hand-made table with no w:tblGrid: every column still gets its role
    d, table = form_docx([["o1", "โครงสร้าง", "O แผนผัง", "ก (คลิ๊ก)"]])
    grid = table._tbl.find(qn("w:tblGrid"))
    grid.getparent().remove(grid)
    rows = by_row(read_docx(to_bytes(d)))
    assert rows[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก (คลิ๊ก)"]}


def _merge_mark(tc, tag: str, val: str | None = None) -> None:
    m = OxmlElement(tag)
    if val:
        m.set(qn("w:val"), val)
    tc.get_or_add_tcPr().append(m)


def test_old_style_horizontal_merge_is_read_once() -> None:
    # w:hMerge (Word 97 style, still written by converters): the restart cell's text is
    # read, the continued cells' (empty, or a copy of it) are not
    d = docx.Document()
    t = d.add_table(rows=2, cols=5)
    for c, text in enumerate(["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]):
        t.cell(0, c).text = text
    for c, text in enumerate(["o3", "อำนาจหน้าที่", "O แสดงข้อมูลหน้าที่", "", "ค (คลิ๊ก)"]):
        t.cell(1, c).text = text
    for tr in t._tbl.tr_lst:
        _merge_mark(tr.tc_lst[2], "w:hMerge", "restart")
        _merge_mark(tr.tc_lst[3], "w:hMerge")
    rows = by_row(read_docx(to_bytes(d)))
    assert rows[0] == {"header": ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]}
    assert rows[1] == {"code": ["o3"], "title": ["อำนาจหน้าที่"], "requirements": ["O แสดงข้อมูลหน้าที่"],
                       "evidence": ["ค (คลิ๊ก)"]}


def test_cells_merged_down_decide_which_rows_are_topics() -> None:
    d = docx.Document()
    rows = [
        ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link", "หมายเหตุ"],
        ["o4", "แผนยุทธศาสตร์", "O แผน", "ก (คลิ๊ก)", "ปรับปรุงแล้ว"],
        ["ข้อมูลการติดต่อ", "", "", "", ""],
        ["o5", "ข้อมูลการติดต่อ", "O ที่อยู่", "ข (คลิ๊ก)", ""],
        ["", "", "O หมายเลขโทรศัพท์", "", ""],
    ]
    t = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(1, 4).merge(t.cell(3, 4))  # remarks merged down past a topic row: still a topic
    t.cell(3, 0).merge(t.cell(4, 0))  # code and title merged down: the next row is the item's,
    t.cell(3, 1).merge(t.cell(4, 1))
    t.cell(4, 2).merge(t.cell(4, 3))  # even with one wide cell in it (not a topic)
    got = by_row(read_docx(to_bytes(d)))
    assert got[2] == {"topic": ["ข้อมูลการติดต่อ"]}
    assert got[3]["code"] == ["o5"]
    assert got[4] == {"requirements": ["O หมายเลขโทรศัพท์"]}


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _mc(inner: str):
    """An mc:AlternateContent element (its Choice, Fallback... given as XML)."""
    from lxml import etree

    return etree.fromstring(f'<mc:AlternateContent xmlns:mc="{MC_NS}" xmlns:w="{W_NS}">{inner}</mc:AlternateContent>')


def _wrap_runs(paragraph, *tags: str) -> None:
    """Put all of a paragraph's runs (added with add_text) inside nested wrappers."""
    runs = list(paragraph._p.iterchildren(qn("w:r")))
    _wrap(runs[0], *tags)
    inner = runs[0].getparent()
    for r in runs[1:]:
        inner.append(r)


def test_runs_in_inline_wrappers_are_read() -> None:
    # moved-in text, smart tags, custom XML, bidi embeddings and content controls wrap runs
    # inside a paragraph: their text is read where it stands
    d = docx.Document()
    wrappers = [("w:moveTo",), ("w:smartTag",), ("w:customXml",), ("w:dir",), ("w:bdo",), ("w:sdt", "w:sdtContent")]
    for i, tags in enumerate(wrappers):
        p = d.add_paragraph()
        add_text(p, f"ข้อความ {i}")
        _wrap_runs(p, *tags)
    texts = [ln.text for ln in read_docx(to_bytes(d)).lines]
    assert texts == [f"ข้อความ {i}" for i in range(len(wrappers))]


def test_link_label_inside_a_wrapper_keeps_the_link() -> None:
    # a tracked insertion or a content control inside a w:hyperlink is still the link's label
    d = docx.Document()
    for tags in [("w:ins",), ("w:sdt", "w:sdtContent")]:
        p = d.add_paragraph()
        add_text(p, "ดู ")
        add_hyperlink(p, "https://a.go.th/o1", "แผน", "งาน")
        h = p._p.find(qn("w:hyperlink"))
        _wrap(h.findall(qn("w:r"))[1], *tags)
    doc = read_docx(to_bytes(d))
    for line in doc.lines:
        assert linked(line) == [("แผนงาน", "https://a.go.th/o1", "external")]


def test_moved_away_text_is_hidden() -> None:
    # w:moveFrom marks where moved text was: it is read once, where it was moved to
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "ข้อความย้าย")
    _wrap_runs(p, "w:moveFrom", "w:smartTag")
    p.add_run(" ค้าง")
    p = d.add_paragraph()
    add_text(p, "ข้อความย้าย")
    _wrap_runs(p, "w:moveTo")
    assert [ln.text for ln in read_docx(to_bytes(d)).lines] == ["ค้าง", "ข้อความย้าย"]


def test_alternate_content_in_a_paragraph_is_read_once() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "ผ่าน ")
    # Word 2010+ content with a fallback for older readers: the same text twice, read once
    p._p.append(_mc(
        '<mc:Choice Requires="w14"><w:r><w:t>☒</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>☒</w:t></w:r></mc:Fallback>"
    ))
    add_text(p, " ตรวจแล้ว")
    p = d.add_paragraph()
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), p.part.relate_to("https://a.go.th/o1", RT.HYPERLINK, is_external=True))
    h.append(_mc('<mc:Choice Requires="w14"><w:r><w:t>ลิงก์</w:t></w:r></mc:Choice>'))  # no Fallback
    p._p.append(h)
    doc = read_docx(to_bytes(d))
    assert doc.lines[0].text == "ผ่าน ☒ ตรวจแล้ว"
    assert linked(doc.lines[1]) == [("ลิงก์", "https://a.go.th/o1", "external")]


def test_alternate_content_between_paragraphs_is_read_once() -> None:
    d = docx.Document()
    first = d.add_paragraph("ก่อน")
    last = d.add_paragraph("หลัง")
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ลงชื่อ</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>นาย ก</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    first._p.addnext(_mc(
        f'<mc:Choice Requires="w14"><w:p><w:r><w:t>ทางเลือก</w:t></w:r></w:p>{table}</mc:Choice>'
        f"<mc:Fallback><w:p><w:r><w:t>ทางเลือก</w:t></w:r></w:p>{table}</mc:Fallback>"
    ))
    last._p.addprevious(_mc('<mc:Choice Requires="w15"><w:p><w:r><w:t>ไม่มีสำรอง</w:t></w:r></w:p></mc:Choice>'))
    last._p.addprevious(_mc(""))  # an empty one: nothing to read, no failure
    assert rows_of(read_docx(to_bytes(d))) == [
        ("ก่อน", None, None, None),
        ("ทางเลือก", None, None, None),
        ("ลงชื่อ", 0, 0, None),
        ("นาย ก", 0, 0, None),
        ("ไม่มีสำรอง", None, None, None),
        ("หลัง", None, None, None),
    ]


def _raw_run(paragraph, inner: str) -> None:
    paragraph._p.append(_xml(inner))


def test_field_characters_and_text_sharing_one_run() -> None:
    # Word puts each fldChar in a run of its own; other producers share runs: the text and
    # field characters after a field character or an instruction in the same run still count
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แผน ")
    _raw_run(p, '<w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve"> HYPERLINK </w:instrText>'
                '<w:instrText/><w:instrText xml:space="preserve">"https://a.go.th/plan" </w:instrText>'
                '<w:fldChar w:fldCharType="separate"/><w:t>(คลิ๊ก)</w:t>')
    _raw_run(p, '<w:fldChar w:fldCharType="end"/><w:t xml:space="preserve"> ประจำปี</w:t>')
    line = read_docx(to_bytes(d)).lines[0]
    assert line.text == "แผน (คลิ๊ก) ประจำปี"
    assert linked(line) == [("(คลิ๊ก)", "https://a.go.th/plan", "external")]


def test_run_content_tabs_breaks_hyphens_and_symbols() -> None:
    # what Word shows for a run's special characters: a tab (or absolute tab) is a space,
    # a carriage return starts a new line, a non-breaking hyphen is "-", a symbol is its
    # character; an empty w:t and a symbol with a broken code add nothing
    d = docx.Document()
    p = d.add_paragraph()
    _raw_run(p, '<w:t>รายงาน</w:t><w:tab/><w:t>ผล</w:t><w:ptab w:relativeTo="margin" w:alignment="right" '
                'w:leader="none"/><w:t>ปี 2567</w:t>')
    _raw_run(p, "<w:cr/><w:t>รอบ</w:t><w:noBreakHyphen/><w:t>6</w:t><w:t/><w:t xml:space=\"preserve\"> เดือน </w:t>"
                '<w:sym w:font="Segoe UI Symbol" w:char="2713"/><w:sym w:font="Wingdings" w:char="zz"/>')
    assert [ln.text for ln in read_docx(to_bytes(d)).lines] == ["รายงาน ผล ปี 2567", "รอบ-6 เดือน ✓"]


def test_link_labels_made_of_symbols_or_tabs_keep_the_link() -> None:
    # a symbol as the clickable label (a pointing hand), or a label that is only a tab:
    # the link is kept (an evidence link must not vanish with its odd label)
    d = docx.Document()
    url = "https://a.go.th/o1"
    for inner in ('<w:sym w:font="Segoe UI Symbol" w:char="261E"/>', "<w:tab/>"):
        p = d.add_paragraph()
        add_text(p, "ดู")
        h = OxmlElement("w:hyperlink")
        h.set(qn("r:id"), p.part.relate_to(url, RT.HYPERLINK, is_external=True))
        h.append(_xml(inner))
        p._p.append(h)
        add_text(p, "เอกสาร")
    doc = read_docx(to_bytes(d))
    assert doc.lines[0].text == "ดู☞เอกสาร" and linked(doc.lines[0]) == [("☞", url, "external")]
    assert doc.lines[1].text == "ดู เอกสาร" and [lk.url for lk in doc.lines[1].links] == [url]


def test_linked_picture_or_embedded_object_keeps_its_link() -> None:
    # a "click here" picture or an embedded document's icon inside a hyperlink: no label,
    # but the link is kept (zero width, where the picture stands)
    d = docx.Document()
    url = "https://a.go.th/o1.pdf"
    for inner in ("<w:drawing/>", "<w:pict/>", "<w:object/>"):
        p = d.add_paragraph()
        add_text(p, "o1 ")
        h = OxmlElement("w:hyperlink")
        h.set(qn("r:id"), p.part.relate_to(url, RT.HYPERLINK, is_external=True))
        h.append(_xml(inner))
        p._p.append(h)
    p = d.add_paragraph()
    add_text(p, "o2 ")
    p._p.append(_xml("<w:drawing/>"))  # an unlinked picture adds nothing
    doc = read_docx(to_bytes(d))
    for line in doc.lines[:3]:
        assert line.text == "o1" and [(lk.start, lk.end, lk.url) for lk in line.links] == [(2, 2, url)]
    assert doc.lines[3].text == "o2" and doc.lines[3].links == []


def test_text_boxes_in_objects_and_choice_only_alternate_content_are_read() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    add_text(p, "แบบ OIT")
    box = "<w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent>"
    p._p.append(_xml(f"<w:object><v:shape><v:textbox>{box.format('ในวัตถุ')}</v:textbox></v:shape></w:object>"))
    r = OxmlElement("w:r")
    r.append(_mc(f'<mc:Choice Requires="wps"><w:drawing>{box.format("ทางเลือกเดียว")}</w:drawing></mc:Choice>'))
    p._p.append(r)
    assert [ln.text for ln in read_docx(to_bytes(d)).lines] == ["แบบ OIT", "ในวัตถุ", "ทางเลือกเดียว"]


# ---------------------------------------------------------------- bugs the mutation run's tests found


def test_hyperlink_field_to_a_network_share() -> None:
    # a UNC target starts with a backslash once unescaped; being quoted, it is no switch
    assert hyperlink_field(r' HYPERLINK "\\\\server\\oit\\o1.pdf" \o "tip" ') == ("\\\\server\\oit\\o1.pdf", "external")
    assert hyperlink_field(r' HYPERLINK \l "_o1" ') == ("#_o1", "internal")  # an unquoted \l still is one


def test_old_style_horizontal_merge_widens_the_cell_like_grid_span() -> None:
    # a header merged over two grid columns with w:hMerge reads like the same header made
    # with gridSpan: the data under its second column keeps the header's role
    def table(old_style: bool) -> dict:
        d = docx.Document()
        t = d.add_table(rows=2, cols=5)
        header = ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "", "Link"]
        data = ["o3", "อำนาจหน้าที่", "O แสดงข้อมูลหน้าที่", "O ตามกฎหมาย", "ค (คลิ๊ก)"]
        for c in range(5):
            if header[c]:
                t.cell(0, c).text = header[c]
            t.cell(1, c).text = data[c]
        if old_style:
            _merge_mark(t._tbl.tr_lst[0].tc_lst[2], "w:hMerge", "restart")
            _merge_mark(t._tbl.tr_lst[0].tc_lst[3], "w:hMerge")
        else:
            t.cell(0, 2).merge(t.cell(0, 3))
        return by_row(read_docx(to_bytes(d)))

    old, new = table(True), table(False)
    assert old == new
    assert old[1]["requirements"] == ["O แสดงข้อมูลหน้าที่", "O ตามกฎหมาย"]


# ---------------------------------------------------------------- the readers' sample: what it left


def test_a_zip_without_word_document_says_so() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<x/>")
    with pytest.raises(UnsupportedFormat, match="no word/document.xml"):
        read_docx(buf.getvalue())


def test_a_document_without_a_body_says_so() -> None:
    d = docx.Document()
    d.add_paragraph("o1 โครงสร้าง")
    data = to_bytes(d)
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
            out.writestr(info, body)
    with pytest.raises(EmptyDocument, match="no body"):
        read_docx(buf.getvalue())


def test_a_size_limit_error_names_the_file() -> None:
    d = docx.Document()
    d.add_paragraph("o1 โครงสร้าง")
    with pytest.raises(LimitExceeded) as caught:
        read_docx(to_bytes(d), name="agency.docx", limits=Limits(max_file_bytes=100))
    assert caught.value.source == "agency.docx"


def test_zip_member_names_written_with_backslashes() -> None:
    # zips made by some Windows tools store "word\\document.xml"
    d = docx.Document()
    d.add_paragraph("o1 โครงสร้าง")
    src, buf = zipfile.ZipFile(io.BytesIO(to_bytes(d))), io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename.replace("/", "\\"), src.read(info.filename))
    assert [ln.text for ln in read_docx(buf.getvalue()).lines] == ["o1 โครงสร้าง"]
