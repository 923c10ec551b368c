"""HTML reader: tables tagged by column, links, encodings, and hostile pages."""

from __future__ import annotations

import html as stdlib_html
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oitparse.errors import EmptyDocument, LimitExceeded, ParseError
from oitparse.limits import Limits
from oitparse.readers.html import decode_html, read_html

FIXTURES = Path(__file__).parent / "fixtures" / "docx"

FORM = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>OIT 2565</title>{base}
<style>td {{ color: red }}</style><script>var x = "o99 ไม่ใช่ข้อ";</script></head>
<body>
<h1>แบบวัดการเปิดเผยข้อมูลสาธารณะ</h1>
<p>หน่วยงาน: จังหวัดปทุมธานี<br>ประจำปีงบประมาณ พ.ศ. 2565</p>
<table border="1">
<thead><tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr></thead>
<tbody>
<tr><td colspan="4"><b>ข้อมูลพื้นฐาน</b></td></tr>
<tr><td>o1</td><td>โครงสร้าง</td>
    <td><p>O แสดงแผนผังแสดงโครงสร้าง</p><p>O แสดงตำแหน่งที่สำคัญ</p></td>
    <td><a href="ita/o1.pdf">โครงสร้าง<span>และคณะผู้บริหาร</span> (คลิ๊ก)</a></td></tr>
<tr><td>o5</td><td>ข้อมูลการติดต่อ</td>
    <td>แสดงข้อมูลการติดต่อ<ul><li>O ที่อยู่หน่วยงาน</li><li>O หมายเลขโทรศัพท์</li></ul></td>
    <td>- <a href="https://x.go.th/contact">ติดต่อ (คลิ๊ก)</a><br>- <a href="mailto:a@x.go.th">อีเมล</a>
        <br>- <a href="#o36">ดูข้อ o36</a> <a href="javascript:void(0)">พิมพ์</a></td></tr>
</tbody></table>
<p>ผู้รับรองข้อมูล</p>
</body></html>
"""


def page(base: str = "") -> bytes:
    return FORM.format(base=base).encode("utf-8")


def by_row(doc, table=0):
    out: dict[int, dict[str | None, list[str]]] = {}
    for line in doc.lines:
        if line.table == table:
            out.setdefault(line.row, {}).setdefault(line.column, []).append(line.text)
    return out


def linked(line):
    return [(line.text[lk.start : lk.end], lk.url, lk.kind) for lk in line.links]


# ----------------------------------------------------------------- tables and links


def test_form_table_columns_topic_and_text_outside():
    doc = read_html(page(), name="p.html")
    assert doc.format == "html" and doc.name == "p.html"
    assert [ln.text for ln in doc.lines[:3]] == [
        "แบบวัดการเปิดเผยข้อมูลสาธารณะ",
        "หน่วยงาน: จังหวัดปทุมธานี",
        "ประจำปีงบประมาณ พ.ศ. 2565",
    ]
    assert all(ln.table is None and ln.column is None for ln in doc.lines[:3])
    assert doc.lines[-1].text == "ผู้รับรองข้อมูล" and doc.lines[-1].table is None
    assert doc.heading.splitlines()[-1] == "ประจำปีงบประมาณ พ.ศ. 2565"
    assert not any("o99" in ln.text or "color" in ln.text for ln in doc.lines)  # script/style skipped
    rows = by_row(doc)
    assert rows[0] == {"header": ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]}
    assert rows[1] == {"topic": ["ข้อมูลพื้นฐาน"]}
    assert rows[2] == {
        "code": ["o1"],
        "title": ["โครงสร้าง"],
        "requirements": ["O แสดงแผนผังแสดงโครงสร้าง", "O แสดงตำแหน่งที่สำคัญ"],
        "evidence": ["โครงสร้างและคณะผู้บริหาร (คลิ๊ก)"],
    }
    assert rows[3]["requirements"] == ["แสดงข้อมูลการติดต่อ", "O ที่อยู่หน่วยงาน", "O หมายเลขโทรศัพท์"]
    assert rows[3]["evidence"] == ["- ติดต่อ (คลิ๊ก)", "- อีเมล", "- ดูข้อ o36 พิมพ์"]


def test_links_kinds_and_relative_hrefs():
    doc = read_html(page())
    ev = [ln for ln in doc.lines if ln.column == "evidence"]
    assert linked(ev[0]) == [("โครงสร้างและคณะผู้บริหาร (คลิ๊ก)", "ita/o1.pdf", "external")]  # kept as given
    assert linked(ev[1]) == [("ติดต่อ (คลิ๊ก)", "https://x.go.th/contact", "external")]
    assert linked(ev[2]) == [("อีเมล", "mailto:a@x.go.th", "mailto")]
    assert linked(ev[3]) == [("ดูข้อ o36", "#o36", "internal")]  # javascript: is no link
    based = read_html(page('<base href="https://www.pathumthani.go.th/oit/">'))
    ev = [ln for ln in based.lines if ln.column == "evidence"]
    assert ev[0].links[0].url == "https://www.pathumthani.go.th/oit/ita/o1.pdf"
    assert ev[3].links[0].url == "#o36"
    assert all(ln.line_no for ln in based.lines)
    assert based.lines[0].line_no == 5  # the <h1>


def test_rowspan_and_colspan_are_counted_once():
    doc = read_html(
        """<table><tr><th>ข้อ</th><th>ข้อมูล</th><th colspan="2">องค์ประกอบด้านข้อมูล</th><th>URL</th></tr>
        <tr><td rowspan="2">o5</td><td rowspan="2">ข้อมูลการติดต่อ</td><td>O ที่อยู่</td><td>ก</td><td>ติดต่อ</td></tr>
        <tr><td colspan="2">O โทรศัพท์</td><td>แผนที่ https://x.go.th/map.</td></tr>
        <tr><td>o6</td><td>กฎหมาย</td><td colspan="2">O แสดงกฎหมาย</td><td>กฎหมาย</td></tr></table>""".encode()
    )
    rows = by_row(doc)
    assert [ln.text for ln in doc.lines].count("o5") == 1
    assert rows[1] == {"code": ["o5"], "title": ["ข้อมูลการติดต่อ"], "requirements": ["O ที่อยู่", "ก"],
                       "evidence": ["ติดต่อ"]}
    assert rows[2] == {"requirements": ["O โทรศัพท์"], "evidence": ["แผนที่ https://x.go.th/map."]}
    assert linked(doc.lines[doc.lines.index(next(ln for ln in doc.lines if ln.text.startswith("แผนที่")))]) == [
        ("https://x.go.th/map", "https://x.go.th/map", "external")
    ]
    assert rows[3]["code"] == ["o6"] and rows[3]["evidence"] == ["กฎหมาย"]


def test_unmerged_topic_row_and_rowspan_rows_are_not_topics():
    doc = read_html(
        """<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr>
        <tr><td>การดำเนินงาน</td><td></td><td> </td><td></td></tr>
        <tr><td rowspan="2">o10</td><td>แผนดำเนินงาน</td><td>O แผน</td><td>ก</td></tr>
        <tr><td>ต่อ</td></tr>
        <tr><td>o11</td><td>รายงาน</td><td>O รายงาน</td><td><table><tr><td>ข</td></tr></table></td></tr>
        <tr><td></td><td colspan="3">การปฏิบัติงาน</td></tr>
        <tr><td></td><td></td><td></td><td>ค (คลิ๊ก)</td></tr>
        </table>""".encode()
    )
    rows = by_row(doc)
    assert rows[1] == {"topic": ["การดำเนินงาน"]}
    assert rows[5] == {"topic": ["การปฏิบัติงาน"]}  # merged over all but the code column
    assert rows[6] == {"evidence": ["ค (คลิ๊ก)"]}
    assert rows[3] == {"title": ["ต่อ"]}  # the code cell above covers this row: an item's continuation
    assert rows[4]["code"] == ["o11"] and rows[4]["evidence"] == ["ข"]


def test_layout_table_around_the_form_and_nested_cell_table():
    doc = read_html(
        """<table><tr><td><p>เว็บไซต์จังหวัด</p>
        <table><tr><td>ข้อ</td><td>ข้อมูล</td><td>รายละเอียด</td><td>ลิงก์</td></tr>
        <tr><td>o2</td><td>ข้อมูลผู้บริหาร</td><td>O แสดงข้อมูล</td>
            <td><table><tr><td><a href="https://x.go.th/a">ผู้ว่า</a></td></tr><tr><td>รองผู้ว่า</td></tr></table></td></tr>
        </table></td></tr></table>""".encode()
    )
    outer = by_row(doc, table=0)
    assert outer == {0: {None: ["เว็บไซต์จังหวัด"]}}
    form = by_row(doc, table=1)
    assert form[1]["code"] == ["o2"] and form[1]["evidence"] == ["ผู้ว่า", "รองผู้ว่า"]
    assert not any(ln.table == 2 for ln in doc.lines)  # the cell's table is part of the cell


def test_form_split_over_two_tables_continues_the_columns():
    doc = read_html(
        """<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr>
        <tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td>ก</td></tr></table>
        <p>หน้า 2</p>
        <table><tr><td>o2</td><td>ผู้บริหาร</td><td>O ข้อมูล</td><td>ข</td></tr></table>
        <table><tr><td>ลงชื่อ</td><td>นาย ก</td></tr></table>""".encode()
    )
    assert by_row(doc, table=1) == {0: {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูล"],
                                        "evidence": ["ข"]}}
    assert by_row(doc, table=2) == {0: {None: ["ลงชื่อ", "นาย ก"]}}


def test_page_without_table_gives_block_lines():
    doc = read_html(
        b"<html><body><div>o1 \xe0\xb9\x82\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\x87\xe0\xb8\xaa\xe0\xb8\xa3\xe0\xb9\x89"
        b"\xe0\xb8\xb2\xe0\xb8\x87<div>O   text\n  wrapped</div></div><pre>a\nb</pre>tail</body></html>"
    )
    assert [(ln.text, ln.column, ln.table) for ln in doc.lines] == [
        ("o1 โครงสร้าง", None, None),
        ("O text wrapped", None, None),
        ("a", None, None),
        ("b", None, None),
        ("tail", None, None),
    ]


def test_linked_images_keep_their_link():
    doc = read_html(
        b'<p><a href="https://a.go.th/o1.pdf"><img src="click.png" alt="(click)"></a></p>'
        b'<p>o2 <a href="https://a.go.th/o2.pdf"><img src="click.png"></a></p>'
    )
    assert linked(doc.lines[0]) == [("(click)", "https://a.go.th/o1.pdf", "external")]
    assert doc.lines[1].text == "o2" and linked(doc.lines[1]) == [("", "https://a.go.th/o2.pdf", "external")]


def test_thai_repairs_are_counted_and_offsets_kept():
    doc = read_html('<p>แผน&nbsp;<a href="https://a.go.th/p">ประจําปี</a></p>'.encode())
    line = doc.lines[0]
    assert line.text == "แผน ประจำปี"
    assert linked(line) == [("ประจำปี", "https://a.go.th/p", "external")]
    assert doc.repairs["split_sara_am"] == 1


# ----------------------------------------------------------------- encodings

THAI = "ข้อมูลพื้นฐาน ประจำปี พ.ศ. ๒๕๖๕"


@pytest.mark.parametrize(
    "data",
    [
        f'<html><head><meta charset="tis-620"></head><body><p>{THAI}</p></body></html>'.encode("cp874"),
        f'<meta http-equiv="Content-Type" content="text/html; charset=windows-874"><p>{THAI}</p>'.encode("cp874"),
        f"<p>{THAI}</p>".encode("cp874"),  # no declaration: not UTF-8, so TIS-620
        f'<meta charset="utf-8"><p>{THAI}</p>'.encode("cp874"),  # wrong declaration
        b"\xef\xbb\xbf" + f"<p>{THAI}</p>".encode(),
        f"<p>{THAI}</p>".encode("utf-16"),
        f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><p>{THAI}</p></html>'.encode(),
    ],
    ids=["meta-tis620", "http-equiv-874", "undeclared-874", "wrong-declared", "utf8-bom", "utf16", "xhtml"],
)
def test_encodings(data):
    assert [ln.text for ln in read_html(data).lines] == [THAI]


def test_decode_html_prefers_utf8_when_undeclared():
    assert decode_html(THAI.encode()) == THAI


# ----------------------------------------------------------------- hostile input


def test_deep_nesting_is_refused():
    deep = ("<div>" * 5000 + "x" + "</div>" * 5000).encode()
    t = time.monotonic()
    with pytest.raises(LimitExceeded, match="nests deeper"):
        read_html(deep)
    with pytest.raises(LimitExceeded, match="deeper than 40 elements .*max_html_depth"):
        read_html(("<div>" * 60 + "x" + "</div>" * 60).encode(), limits=Limits(max_html_depth=40))
    assert read_html(("<div>" * 30 + "x" + "</div>" * 30).encode(), limits=Limits(max_html_depth=40)).lines[0].text == "x"
    assert time.monotonic() - t < 2


def test_entity_declarations_are_not_expanded():
    bomb = (
        b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(8))
        + b"]><html><body><p>&i;</p><p>ok</p></body></html>"
    )
    t = time.monotonic()
    try:
        doc = read_html(bomb)
    except ParseError:
        pass
    else:
        assert sum(len(ln.text) for ln in doc.lines) < 1000
    assert time.monotonic() - t < 2


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html></html>", b"<html><body><script>x()</script></body></html>"])
def test_empty_pages(data):
    with pytest.raises(EmptyDocument) as info:
        read_html(data, name="e.html")
    assert info.value.source == "e.html"


def test_max_lines():
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_html(("<p>x</p>" * 50).encode(), limits=Limits(max_lines=10))


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(alphabet="<>/=\"' abtdrhp&;#x0ก\n", max_size=300).map(str.encode)))
def test_any_bytes_give_a_document_or_a_parse_error(data):
    try:
        doc = read_html(data)
    except ParseError:
        return
    assert doc.lines and all(isinstance(ln.text, str) for ln in doc.lines)
    for ln in doc.lines:
        assert all(0 <= lk.start <= lk.end <= len(ln.text) for lk in ln.links)


# ----------------------------------------------------------------- the generated forms, as web pages


def _truth_files():
    return [pytest.param(p, id=p.name) for p in sorted(FIXTURES.glob("*.truth.json"))] or [
        pytest.param(None, marks=pytest.mark.skip)
    ]


def form_html(truth: dict) -> bytes:
    """The truth's form as an agency web page would show it (topic rows, one <p> per entry)."""
    e = stdlib_html.escape
    out = [f"<html><body><h2>{e(truth.get('agency') or '')}</h2><table><tr>"]
    out += [f"<th>{e(h)}</th>" for h in truth["header"]]
    out.append("</tr>")
    topic = None
    width = len(truth["header"])
    for item in truth["items"]:
        if item.get("topic") and item["topic"] != topic:
            topic = item["topic"]
            out.append(f'<tr><td colspan="{width}">{e(topic)}</td></tr>')
        code_title = [item["code_as_written"], item["title"]] if width == 4 else [f"{item['code_as_written']} {item['title']}"]
        reqs = "".join(f"<p>O {e(r['text'])}</p>" for r in item["requirements"])
        evs = "".join(
            f'<p><a href="{e(ev["url"])}">{e(ev["label"])}</a></p>' if ev.get("url") else f"<p>{e(ev['label'])}</p>"
            for ev in item["evidence"]
        )
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in code_title) + f"<td>{reqs}</td><td>{evs}</td></tr>")
    out.append("</table></body></html>")
    return "".join(out).encode()


@pytest.mark.parametrize("truth_path", _truth_files())
def test_generated_form_pages_keep_every_evidence_link_in_its_row(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    doc = read_html(form_html(truth))
    for item in truth["items"]:
        starts = [ln for ln in doc.lines if ln.column in ("code", "title") and ln.text.startswith(item["code_as_written"])]
        assert starts, item["code"]
        where = (starts[0].table, starts[0].row)
        found = {
            (lk.url, ln.text[lk.start : lk.end])
            for ln in doc.lines
            if (ln.table, ln.row) == where and ln.column == "evidence"
            for lk in ln.links
        }
        for ev in item["evidence"]:
            if ev.get("url"):
                assert (ev["url"], " ".join(ev["label"].split())) in found, (item["code"], ev)


# ----------------------------------------------------------------- regressions (review fixes)

HEAD4 = "<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr>"


def test_one_cell_row_with_an_item_code_is_an_item_not_a_topic():
    doc = read_html(
        (HEAD4 + '<tr><td colspan="4">ข้อมูลพื้นฐาน</td></tr>'
         '<tr><td colspan="4">o2 ข้อมูลผู้บริหาร <a href="https://x.go.th/o2">b</a></td></tr></table>').encode()
    )
    rows = by_row(doc)
    assert rows[1] == {"topic": ["ข้อมูลพื้นฐาน"]}
    assert "topic" not in rows[2]
    line = next(ln for ln in doc.lines if ln.text.startswith("o2"))
    assert line.column != "topic" and [lk.url for lk in line.links] == ["https://x.go.th/o2"]


def test_colspan_zero_means_one_column():
    doc = read_html(
        (HEAD4 + '<tr><td colspan="0">o1</td><td>โครงสร้าง</td><td>O แผนผัง</td>'
         '<td><a href="https://x.go.th/o1">ดู</a></td></tr></table>').encode()
    )
    assert by_row(doc)[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ดู"]}


def test_rowspan_zero_still_runs_to_the_end_of_the_table():
    doc = read_html(
        (HEAD4 + '<tr><td rowspan="0">o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td>ก</td></tr>'
         "<tr><td>ต่อ</td><td>O ต่อ</td><td>ข</td></tr></table>").encode()
    )
    assert by_row(doc)[2] == {"title": ["ต่อ"], "requirements": ["O ต่อ"], "evidence": ["ข"]}


def test_whitespace_only_link_label_at_line_start_keeps_the_link():
    doc = read_html("<p><a href='https://x/1'> </a>ดูเอกสาร</p>".encode())
    line = doc.lines[0]
    assert line.text == "ดูเอกสาร" and [(lk.url, lk.start, lk.end) for lk in line.links] == [("https://x/1", 0, 0)]


# ----------------------------------------------------------------- gaps the mutation run found
# Each test pins what the reader gives a user; the mutants of readers/html.py it kills are
# named in the commit that added it.


def rows_of(doc) -> list[tuple]:
    return [(ln.text, ln.table, ln.row, ln.column) for ln in doc.lines]


def test_layout_table_after_another_table_gets_its_own_index_and_page_text() -> None:
    doc = read_html(
        """<p>องค์การบริหารส่วนตำบลทดสอบ</p>
        <table><tr><td>หน้าหลัก</td><td>ติดต่อเรา</td></tr></table>
        <table><tr><td>ข้อมูลสาธารณะ
                ประจำปี 2567</td>
        <td><table><tr><th>ข้อ</th><th>ข้อมูล</th><th>รายละเอียด</th><th>ลิงก์</th></tr>
        <tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td><a href="https://x.go.th/o1">ก</a></td></tr></table></td></tr>
        <tr><td>เมนู</td><td>ติดต่อ</td></tr></table>""".encode()
    )
    assert rows_of(doc) == [
        ("องค์การบริหารส่วนตำบลทดสอบ", None, None, None),  # text before the layout table stays outside it
        ("หน้าหลัก", 0, 0, None),
        ("ติดต่อเรา", 0, 0, None),
        ("ข้อมูลสาธารณะ ประจำปี 2567", 1, 0, None),  # a source line wrap in a layout cell is no line break
        ("ข้อ", 2, 0, "header"),  # the nested form: a table of its own, after the layout table
        ("ข้อมูล", 2, 0, "header"),
        ("รายละเอียด", 2, 0, "header"),
        ("ลิงก์", 2, 0, "header"),
        ("o1", 2, 1, "code"),
        ("โครงสร้าง", 2, 1, "title"),
        ("O แผนผัง", 2, 1, "requirements"),
        ("ก", 2, 1, "evidence"),
        ("เมนู", 1, 1, None),
        ("ติดต่อ", 1, 1, None),
    ]
    assert doc.heading.splitlines()[-1] == "องค์การบริหารส่วนตำบลทดสอบ"


def test_layout_table_holding_a_headerless_form_keeps_the_form_a_table() -> None:
    # The outer cell's own text is empty: the items inside its nested table do not make the
    # outer table a form, so the nested one is read as the form (roles from its content)
    doc = read_html(
        """<table><tr><td><table>
        <tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td><a href="https://x.go.th/o1">ก</a></td></tr>
        <tr><td>o2</td><td>ผู้บริหาร</td><td>O ข้อมูล</td><td>ข</td></tr></table></td></tr></table>""".encode()
    )
    assert by_row(doc, table=1) == {
        0: {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก"]},
        1: {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูล"], "evidence": ["ข"]},
    }


def test_form_with_bold_codes_or_code_and_title_cells_keeps_its_nested_link_table() -> None:
    # A cell's own text is its text and its children's (bold, spans), nested tables aside:
    # a code in <b>, or a code and title in one cell, makes the table a form, so the table
    # of links nested in its evidence cell is part of that cell, not a table of its own
    links = '<td><table><tr><td><a href="https://x.go.th/o1">ก</a></td></tr><tr><td>ข</td></tr></table></td>'
    bold = read_html(
        ("<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>รายละเอียด</th><th>ลิงก์</th></tr>"
         f"<tr><td><b>o1</b></td><td>โครงสร้าง</td><td>O แผนผัง</td>{links}</tr></table>").encode()
    )
    assert by_row(bold) == {
        0: {"header": ["ข้อ", "ข้อมูล", "รายละเอียด", "ลิงก์"]},
        1: {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก", "ข"]},
    }
    joined = read_html(
        ("<table><tr><th>ข้อ/ข้อมูล</th><th>รายละเอียด</th><th>ลิงก์</th></tr>"
         f"<tr><td>o1 โครงสร้าง</td><td>O แผนผัง</td>{links}</tr></table>").encode()
    )
    assert by_row(joined)[1] == {"title": ["o1 โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก", "ข"]}
    assert {ln.table for ln in bold.lines} == {ln.table for ln in joined.lines} == {0}


def test_list_items_carry_their_nesting_level() -> None:
    # the assembler reads an <li> as a bullet and a nested one as an element of the item
    # above it: the level is 0 for an outer list, 1 inside it; lines outside lists have none
    doc = read_html("<p>ก่อน</p><ul><li>O ก<ul><li>ข</li></ul></li><li>ค</li></ul><p>หลัง</p>".encode())
    assert [(ln.text, ln.list_level) for ln in doc.lines] == [
        ("ก่อน", None), ("O ก", 0), ("ข", 1), ("ค", 0), ("หลัง", None)
    ]


def test_max_lines_is_the_number_of_lines_allowed() -> None:
    body = "".join(f"<p>บรรทัด {i}</p>" for i in range(10))
    assert len(read_html(body.encode(), limits=Limits(max_lines=10)).lines) == 10
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_html((body + "<p>เกิน</p>").encode(), limits=Limits(max_lines=10))


def test_preformatted_text_keeps_its_lines_through_inline_elements() -> None:
    # in <pre> a newline ends a line, also inside an inline element or in the text after
    # one; spaces within a line do not
    doc = read_html("<pre>แผน ปี 2567\n<span>ก ข\nค</span> ท้าย\n<b>ง</b>\nจ</pre>".encode())
    assert [ln.text for ln in doc.lines] == ["แผน ปี 2567", "ก ข", "ค ท้าย", "ง", "จ"]


def test_anchors_without_href_and_data_urls_are_no_links() -> None:
    # a named anchor (a bookmark target) and an inline data: URL lead nowhere a checker can follow
    doc = read_html(
        '<p><a name="o1">o1</a> <a href="data:application/pdf;base64,AAAA">แนบ</a> <a href="DATA:text/html,x">ข</a></p>'
        .encode()
    )
    assert doc.lines[0].text == "o1 แนบ ข" and doc.lines[0].links == []


def test_linked_image_alt_text_is_one_line_with_its_source_line() -> None:
    doc = read_html(
        ('<p>\n<a href="https://a.go.th/x"><img src="b.png" alt="ดาวน์โหลด"></a></p>'
         '<p><a href="https://a.go.th/y"><img src="b.png" alt="แบบฟอร์ม\nคำร้อง"></a></p>').encode()
    )
    assert (doc.lines[0].text, doc.lines[0].line_no) == ("ดาวน์โหลด", 2)
    assert linked(doc.lines[1]) == [("แบบฟอร์ม คำร้อง", "https://a.go.th/y", "external")]


def test_footer_rows_are_read_and_stray_elements_are_no_rows() -> None:
    doc = read_html(
        """<table><thead><tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr></thead>
        <tbody><input type="hidden" name="x"><tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td>ก</td></tr></tbody>
        <tfoot><tr><td>o2</td><td>ผู้บริหาร</td><td>O ข้อมูล</td><td>ข</td></tr></tfoot></table>""".encode()
    )
    rows = by_row(doc)
    assert rows[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก"]}
    assert rows[2] == {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูล"], "evidence": ["ข"]}


def test_navigation_sidebar_and_footer_elements_are_skipped() -> None:
    # site chrome by element: its menus name other years and agencies
    doc = read_html('<nav><a href="/ita2564">ITA 2564</a></nav><p>เนื้อหา</p><aside>ข่าว</aside><footer>ติดต่อ</footer>'
                    .encode())
    assert [ln.text for ln in doc.lines] == ["เนื้อหา"]


def test_stray_element_inside_a_row_does_not_end_it() -> None:
    # ASP.NET and CMS pages leave hidden inputs between cells: the cells after one still count
    doc = read_html(
        (HEAD4 + '<tr><td>o1</td><input type="hidden" name="id" value="1"><td>โครงสร้าง</td><td>O แผนผัง</td>'
         "<td>ก</td></tr></table>").encode()
    )
    assert by_row(doc)[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก"]}


def test_rowspan_in_a_later_column_holds_only_that_column() -> None:
    # one link cell for two items: the next row's cells still start at the first column
    doc = read_html(
        (HEAD4 + '<tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td rowspan="2">ก (คลิ๊ก)</td></tr>'
         "<tr><td>o2</td><td>ผู้บริหาร</td><td>O ข้อมูล</td></tr></table>").encode()
    )
    rows = by_row(doc)
    assert rows[1]["evidence"] == ["ก (คลิ๊ก)"]
    assert rows[2] == {"code": ["o2"], "title": ["ผู้บริหาร"], "requirements": ["O ข้อมูล"]}


def test_table_wider_than_the_model_with_rowspans_is_read() -> None:
    # 70 columns each spanning two rows (a hostile or broken page): read, not a crash
    cells = "".join(f'<td rowspan="2">ค{i}</td>' for i in range(70))
    doc = read_html(f"<table><tr>{cells}</tr><tr><td>ท้าย</td></tr><tr><td>จบ</td></tr></table>".encode())
    texts = [ln.text for ln in doc.lines]
    assert texts[:2] == ["ค0", "ค1"] and texts[-2:] == ["ท้าย", "จบ"]


def test_empty_table_rows_do_not_count_toward_max_lines() -> None:
    # a table with more rows than max_lines allows is refused before its cells are read only
    # when its rows with text would pass the limit: empty spacer rows make no lines
    rows = "".join(f"<tr><td>แถว {i}</td></tr><tr><td> </td></tr>" for i in range(10))
    doc = read_html(f"<table>{rows}</table>".encode(), limits=Limits(max_lines=10))
    assert len(doc.lines) == 10
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_html(f"<table>{rows}<tr><td>เกิน</td></tr></table>".encode(), limits=Limits(max_lines=10))


def test_table_nested_two_levels_in_a_cell_is_part_of_the_cell() -> None:
    doc = read_html(
        (HEAD4 + "<tr><td>o2</td><td>ผู้บริหาร</td><td>O ข้อมูล</td><td><table><tr><td>ผู้ว่า\n   ราชการ</td></tr>"
         '<tr><td><table><tr><td><a href="https://x.go.th/d">รองผู้ว่า</a></td></tr></table></td></tr></table></td>'
         "</tr></table>").encode()
    )
    assert by_row(doc)[1]["evidence"] == ["ผู้ว่า ราชการ", "รองผู้ว่า"]  # a source line wrap is no line break
    assert {ln.table for ln in doc.lines} == {0}


def test_table_caption_is_a_line_before_the_table() -> None:
    doc = read_html(
        ("<table><caption>แบบ OIT ประจำปี\n    2567</caption>" + HEAD4[len("<table>"):]
         + "<tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td>ก</td></tr></table>").encode()
    )
    assert (doc.lines[0].text, doc.lines[0].table) == ("แบบ OIT ประจำปี 2567", None)
    assert by_row(doc)[1]["code"] == ["o1"] and doc.heading == "แบบ OIT ประจำปี 2567"


def test_empty_tables_are_skipped() -> None:
    # spacer tables with no cells (or no rows) hold nothing and break nothing
    doc = read_html("<p>ก่อน</p><table></table><table><tr></tr></table><p>หลัง</p>".encode())
    assert [(ln.text, ln.table) for ln in doc.lines] == [("ก่อน", None), ("หลัง", None)]


def test_chrome_holding_a_table_is_kept() -> None:
    # a theme may put the page body in a "sidebar" column: chrome that holds a table is
    # read; chrome without one (a menu naming another year) is not
    doc = read_html(
        ('<div class="menu">ITA 2564</div><div class="sidebar">' + HEAD4
         + "<tr><td>o1</td><td>โครงสร้าง</td><td>O แผนผัง</td><td>ก</td></tr></table></div>").encode()
    )
    assert "ITA 2564" not in [ln.text for ln in doc.lines]
    assert by_row(doc)[1] == {"code": ["o1"], "title": ["โครงสร้าง"], "requirements": ["O แผนผัง"], "evidence": ["ก"]}


def test_source_line_wrap_inside_a_form_cell_is_no_line_break() -> None:
    doc = read_html(
        (HEAD4 + "<tr><td>o1</td><td>โครงสร้าง\n        และอำนาจหน้าที่</td><td>O แผนผัง</td><td>ก</td></tr></table>").encode()
    )
    assert by_row(doc)[1]["title"] == ["โครงสร้าง และอำนาจหน้าที่"]


# ---------------------------------------------------------------- bugs the mutation run's tests found


def test_list_item_text_in_a_paragraph_keeps_its_list_level() -> None:
    # CMS and Word-saved pages wrap list items' text in <p>: the item is still in the list
    doc = read_html(
        "<html><body><ol><li><p>O one</p></li><li>O two<ul><li><div>O two a</div></li></ul></li></ol>"
        "<p>after</p></body></html>".encode()
    )
    assert [(ln.text, ln.list_level) for ln in doc.lines] == [("O one", 0), ("O two", 0), ("O two a", 1), ("after", None)]


def test_a_line_opening_with_a_linked_image_without_alt_has_its_source_line() -> None:
    doc = read_html(b'<html><body>\n<p>intro</p>\n<p><a href="https://a.go.th/x.pdf"><img src="b.png"></a> o2 doc</p>\n</body></html>')
    assert [(ln.text, ln.line_no) for ln in doc.lines] == [("intro", 2), ("o2 doc", 3)]


# ---------------------------------------------------------------- the readers' sample: what it left


def test_utf16_big_endian_page_with_its_bom() -> None:
    text = "<html><body><p>o1 โครงสร้าง</p></body></html>"
    assert decode_html(b"\xfe\xff" + text.encode("utf-16-be")) == text


def test_declared_charset_other_than_thai_or_utf8() -> None:
    # without the declaration the bytes would be guessed as TIS-620 (0xE9 is a Thai letter there)
    assert "café" in decode_html(b'<html><head><meta charset="windows-1252"></head><body>caf\xe9</body></html>')


def test_chrome_named_by_its_id_is_skipped() -> None:
    doc = read_html('<html><body><div id="menu"><p>หน้าแรก</p></div><p>o1 โครงสร้าง</p></body></html>'.encode())
    assert [ln.text for ln in doc.lines] == ["o1 โครงสร้าง"]


def test_relative_base_resolves_against_the_pages_own_address() -> None:
    page = (
        '<html><head><link rel="canonical" href="https://a.go.th/ita/2565.html"><base href="/files/"></head>'
        '<body><p><a href="o1.pdf">โครงสร้าง</a></p></body></html>'
    )
    [line] = read_html(page.encode()).lines
    assert [lk.url for lk in line.links] == ["https://a.go.th/files/o1.pdf"]


def test_whitespace_only_page_says_it_is_empty() -> None:
    with pytest.raises(EmptyDocument, match="empty"):
        read_html(b"  \n\t ")
