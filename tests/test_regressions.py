"""The three ways the first release failed on real layouts (issue 8), each on documents of
that shape made here: a narrow code column that wraps "O10" inside its cell, URLs typed in a
narrow column and wrapped over several lines (and pages), and an agency web page with
"OIT n" codes, one accordion table per section and relative links in <ul> lists.

Each test first checks that its document really has the shape (so a regenerated fixture
cannot quietly stop exercising it), then what a user needs from it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from urllib.parse import urlsplit

import oitparse
from oitparse.readers import read_document

from .conftest import FIXTURES

# L063: 43 items, "OIT N" codes in a code column under 1.3 cm, typed URLs one per line, header
# repeated on every page; L041: the same with a sub-indicator column and links mixed with typed URLs.
NARROW = ("L063", "L041")


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / "layouts" / f"{name}.truth.json").read_text(encoding="utf-8"))


def _cells(path):
    cells = defaultdict(list)
    for line in read_document(path.read_bytes()).lines:
        if line.table is not None and line.column:
            cells[(line.table, line.row, line.column)].append(line)
    return cells


def test_narrow_code_column_wraps_codes_and_every_item_is_found():
    for name in NARROW:
        pdf = FIXTURES / "layouts" / f"{name}.pdf"
        wrapped = [c for (_, _, col), c in _cells(pdf).items() if col == "code" and len(c) >= 2]
        assert len(wrapped) >= 20, f"{name}: the fixture no longer wraps its codes"
        truth = [i["code"] for i in _truth(name)["items"]]
        checklist = oitparse.parse(pdf)
        assert [i.code for i in checklist.items] == truth
        report = oitparse.validate(checklist)
        assert not [f for f in report.findings if f.code in ("missing-item", "duplicate-item", "unknown-item")]


def test_typed_urls_wrapped_over_lines_and_pages_come_out_whole():
    pdf = FIXTURES / "layouts" / "L063.pdf"
    url_cells = [c for (_, _, col), c in _cells(pdf).items() if col == "evidence" and sum("/" in ln.text for ln in c) >= 3]
    assert len(url_cells) >= 20, "the fixture no longer wraps its typed URLs"
    assert any(len({ln.page for ln in c}) > 1 for c in url_cells), "no URL cell runs on to the next page"
    truth = {i["code"]: [e["url"] for e in i["evidence"]] for i in _truth("L063")["items"]}
    got = {i.code: [e.url for e in i.evidence] for i in oitparse.parse(pdf).items}
    assert got == truth


def test_agency_web_page_with_oit_codes_accordion_tables_and_relative_links():
    page = FIXTURES / "webpages" / "W000.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("<table") == 7 and html.count("<thead>") == 1 and "OIT 1<" in html and "<base" not in html
    truth = json.loads(page.with_suffix(".truth.json").read_text(encoding="utf-8"))
    checklist = oitparse.parse(page)
    assert [i.code for i in checklist.items] == [f"o{n}" for n in range(1, 44)]
    assert all(i.evidence for i in checklist.items)
    assert [[e.url for e in i.evidence] for i in checklist.items] == [[e["url"] for e in i["evidence"]] for i in truth["items"]]
    findings = oitparse.validate(checklist).findings
    relative = [f for f in findings if f.code == "relative-link"]
    assert relative and not [f for f in findings if f.code == "invalid-url"]
    # with the page's address the links open
    based = oitparse.parse(page, base_url="https://www.hsri.or.th/ita/2565/")
    urls = [e.url for i in based.items for e in i.evidence]
    assert all(urlsplit(u).scheme in ("http", "https") for u in urls)
    assert not [f for f in oitparse.validate(based).findings if f.code in ("relative-link", "invalid-url")]


def test_topic_row_broken_at_a_page_end_keeps_its_whole_name():
    # B153 (seed 424242, layout 153 of bench_layouts.py): the topic row above o42 breaks after
    # its first line, "...ป้องกันการทุจริตภายใน" ending page 6 and "หน่วยงาน" opening page 7 as
    # a row of its own (fixture made by scripts/make_layouts.py, rendered by LibreOffice)
    pdf = FIXTURES / "regressions" / "B153.pdf"
    topics = [ln for ln in read_document(pdf.read_bytes()).lines if ln.column == "topic"]
    broken = [(a, b) for a, b in zip(topics, topics[1:]) if b.page == a.page + 1 and b.text == "หน่วยงาน"]
    assert broken, "the fixture no longer breaks a topic row at a page end"
    truth = json.loads((FIXTURES / "regressions" / "B153.truth.json").read_text(encoding="utf-8"))
    checklist = oitparse.parse(pdf)
    assert checklist.schema_name == "ita2565"
    assert {i.code: i.category for i in checklist.items} == {i["code"]: i["topic"] for i in truth["items"]}


def _regression(name: str):
    pdf = FIXTURES / "regressions" / f"{name}.pdf"
    truth = json.loads((FIXTURES / "regressions" / f"{name}.truth.json").read_text(encoding="utf-8"))
    return pdf, truth


def _pdf_problems(pdf, truth) -> list[str]:
    from .test_accuracy import problems

    return problems(oitparse.parse(pdf), truth, thai_wrap_spaces=True)


# B063, B138, B228: the three PDF misses of fresh seed 8086 (bench_layouts.py, 300 layouts),
# each checked for its shape first.


def test_year_broken_between_thai_digits_is_joined():
    # B063: a narrow evidence cell breaks "พ.ศ. ๒๕๖๔-๒๕๖๕" between Thai digits ("๒๕๖" / "๔-๒๕๖๕")
    pdf, truth = _regression("B063")
    lines = [ln.text for ln in read_document(pdf.read_bytes()).lines]
    assert any(a.endswith("๒๕๖") and b.startswith("๔") for a, b in zip(lines, lines[1:])), "no year broken at a wrap"
    assert _pdf_problems(pdf, truth) == []


def test_mark_after_a_new_text_object_joins_the_base_it_sits_over():
    # B138: "การกำหนด" ends a line, PDFium puts a generated space (no line break) and then
    # "ู" before "ผ" of the next line: the mark is not "ด"'s ("การกำหนดูผ้รับผิดชอบ")
    import pypdfium2 as pdfium

    pdf, truth = _regression("B138")
    doc = pdfium.PdfDocument(pdf.read_bytes())
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    assert any("การกำหนด ูผ้รับผิดชอบ" in t for t in texts), "the fixture no longer has the mark before its base"
    assert _pdf_problems(pdf, truth) == []


def test_topic_row_broken_at_a_page_end_with_a_side_column():
    # B228: as B153, with the sub-indicator column's lines between the two parts of the topic row
    pdf, truth = _regression("B228")
    lines = read_document(pdf.read_bytes()).lines
    at = next(k for k, ln in enumerate(lines) if ln.column == "topic" and ln.text.endswith("การทุจริตภายใน"))
    rest = next(k for k in range(at + 1, len(lines)) if lines[k].column == "topic")
    assert lines[rest].text == "หน่วยงาน" and lines[rest].page == lines[at].page + 1, "the topic row no longer breaks"
    assert any(ln.column == "note" for ln in lines[at + 1 : rest]), "no side-column line between the parts"
    assert _pdf_problems(pdf, truth) == []


def test_code_and_title_cell_opening_a_page_is_a_new_item():
    # B018 (fresh seed 31415): code and title share a cell; page 2 opens with "OIT 17" /
    # "E-Service", which was glued into "OIT 17E-Service" and read as the rest of o15's row
    pdf, truth = _regression("B018")
    lines = read_document(pdf.read_bytes()).lines
    first = [ln.text for ln in lines if ln.page == 2 and ln.column == "title"][:2]
    assert first == ["OIT 17", "E-Service"], "page 2 no longer opens with o17's code and Latin title"
    assert _pdf_problems(pdf, truth) == []


def test_second_typed_url_after_a_url_wrapped_inside_a_word():
    # B085 (fresh seed 27182): two URLs typed with a space between, the first wrapped just
    # before its last letter ("...&lang=t" / "h www.bansuan.go.th/index.php?"): the "h" ends
    # the first URL, the second is evidence of its own
    pdf, truth = _regression("B085")
    lines = [ln.text for ln in read_document(pdf.read_bytes()).lines if ln.column == "evidence"]
    assert any(a.endswith("lang=t") and b.startswith("h www.") for a, b in zip(lines, lines[1:])), "no URL wrapped so"
    assert _pdf_problems(pdf, truth) == []


def test_agency_name_wrapped_in_the_heading():
    # B214 (fresh seed 27182): "หน่วยงาน สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต" / "1"
    pdf, truth = _regression("B214")
    heading = read_document(pdf.read_bytes()).heading or ""
    assert "ขอนแก่น เขต\n1" in heading, "the heading no longer wraps the agency's name"
    assert oitparse.parse(pdf).agency == truth["agency"] == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 1"
    assert _pdf_problems(pdf, truth) == []


def test_item_row_broken_right_after_a_section_table_starts_is_not_a_header():
    # B205 (fresh seed 161803): one table per section, header on the first page only; a
    # section's first item row breaks after its first line ("OIT" / "ข้อมูลเชิงสถิติ" /
    # "O แสดงข้อมูล..." / "เอกสาร...", the number "๓๑" on the next page): those words read
    # as a header, and o29-o33 were lost
    pdf, truth = _regression("B205")
    lines = read_document(pdf.read_bytes()).lines
    at = next(k for k, ln in enumerate(lines) if ln.text.strip() == "OIT" and lines[k + 1].text == "ข้อมูลเชิงสถิติ")
    assert lines[at + 2].text.startswith("O แสดง") and lines[at + 4].page == lines[at].page + 1, "no such broken row"
    assert _pdf_problems(pdf, truth) == []


def test_thai_mark_drawn_before_its_base_after_a_vowel():
    # B092 (fresh seed 161803, Tlwg Typo): PDFium's text is "ว่าูผ้บริหาร", the "ู" of "ผู้"
    # before its base and after "า", which carries no mark; the Thai-invalid line went to
    # the pdfplumber fallback, which lost every "า" of it
    import pypdfium2 as pdfium

    pdf, truth = _regression("B092")
    doc = pdfium.PdfDocument(pdf.read_bytes())
    try:
        assert any("ว่าูผ้บริหาร" in doc[i].get_textpage().get_text_range() for i in range(len(doc))), "no such mark"
    finally:
        doc.close()
    checklist = oitparse.parse(pdf)
    assert "pdfplumber_text" not in checklist.repairs
    assert _pdf_problems(pdf, truth) == []


def test_header_words_in_the_rest_of_a_row_on_the_next_page_are_not_a_header():
    # B003 (fresh seed 4711): header on the first page only; o6's row breaks at the page end
    # with its code cell "o" / "๖"; the next page opens with "๖" / "เกี่ยวข้อง" / ... /
    # "ประกาศกฎหมายที่" / "...งข้อมูล", header words ("เกี่ยวข้อง" holds "ข้อ", "ข้อมูล"),
    # which were read as that page's header: every role of the table shifted from there on
    pdf, truth = _regression("B003")
    lines = read_document(pdf.read_bytes()).lines
    first = next(ln for ln in lines if ln.page == 2)
    assert first.text == "๖", "page 2 no longer opens with the rest of o6's code"
    assert _pdf_problems(pdf, truth) == []
