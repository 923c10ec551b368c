"""Tests that each fail under a small mutation the suite once let through (issue 13).

A mutation run over src/oitparse (see docs/testing.md) changed one thing at a time and ran
the suite; these four survived. Each test below names the mutation it catches.
"""

from __future__ import annotations

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import oitparse
from oitparse.readers.docx import read_docx
from oitparse.rules import year_fits

from .test_docx_reader import HEADER, to_bytes
from .test_validate import Y, found, perfect, validate, with_items


def test_year_rules_at_their_boundaries():
    # mutation: in_force's `n <= y` as `n < y` (the assessment year itself is in force)
    assert year_fits("in_force", [Y], Y) and year_fits("in_force", [Y - 3], Y)
    assert not year_fits("in_force", [Y + 1], Y)
    assert year_fits("current", [Y], Y) and not year_fits("current", [Y - 1], Y)
    assert year_fits("previous", [Y - 1], Y) and not year_fits("previous", [Y], Y)


def test_missing_item_at_either_end_of_the_form():
    # mutation: missing-item skipping the last (or first) item of the schema
    items = perfect().items
    for gone in ("o1", "o43"):
        report = validate(with_items(perfect(), [i for i in items if i.code != gone]))
        assert found(report, "missing-item") == [(gone, "error")]


def _vmerged_docx(continuation_text: str) -> bytes:
    """A form whose o1 code and title cells are merged down over two rows; the continuation
    cells still hold text, as Word leaves them after a merge."""
    d = docx.Document()
    table = d.add_table(rows=3, cols=len(HEADER))
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    for c, text in enumerate(["o1", "โครงสร้าง", "O แสดงแผนผัง", "ผังองค์กร (คลิก)"]):
        table.cell(1, c).text = text
    for c, text in enumerate([continuation_text, continuation_text, "O แสดงตำแหน่งที่สำคัญ", "ผังบริหาร (คลิก)"]):
        table.cell(2, c).text = text
    for c in (0, 1):  # vMerge restart above, continue below (python-docx would empty the cell)
        for r, val in ((1, "restart"), (2, None)):
            tc = table.rows[r].cells[c]._tc
            merge = OxmlElement("w:vMerge")
            if val:
                merge.set(qn("w:val"), val)
            tc.get_or_add_tcPr().append(merge)
    return to_bytes(d)


def test_a_vertically_merged_cell_that_still_holds_text_is_read_once():
    # mutation: the DOCX reader no longer skipping vMerge continuation cells ("o1" read twice)
    data = _vmerged_docx("o1")
    texts = [ln.text for ln in read_docx(data).lines]
    assert texts.count("o1") == 1 and texts.count("โครงสร้าง") == 1
    checklist = oitparse.parse(data)
    assert [i.code for i in checklist.items] == ["o1"]
    (item,) = checklist.items
    assert [r.text for r in item.requirements] == ["แสดงแผนผัง", "แสดงตำแหน่งที่สำคัญ"]
    assert [e.label for e in item.evidence] == ["ผังองค์กร (คลิก)", "ผังบริหาร (คลิก)"]


def test_typed_urls_lose_the_punctuation_that_ends_their_sentence():
    # mutation: typed URLs no longer trimmed of a trailing ".,;"
    d = docx.Document()
    table = d.add_table(rows=2, cols=len(HEADER))
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    for c, text in enumerate(["o1", "โครงสร้าง", "O แสดงแผนผัง", "ดูที่ https://a.go.th/o1.pdf. และ https://a.go.th/o1-2.pdf;"]):
        table.cell(1, c).text = text
    urls = [e.url for e in oitparse.parse(to_bytes(d)).items[0].evidence]
    assert urls == ["https://a.go.th/o1.pdf", "https://a.go.th/o1-2.pdf"]
    text = "o1 โครงสร้าง\nO แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\nผังองค์กร https://a.go.th/o1.pdf.\n"
    assert [e.url for e in oitparse.parse(text.encode()).items[0].evidence] == ["https://a.go.th/o1.pdf"]
