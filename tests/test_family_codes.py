"""Checklists of an agency family whose codes carry a prefix of their own ("MOIT 1", the
Ministry of Public Health's units): read without a form, their sub-criteria ("1.1 ...") kept
under their item, and turned into a form by ``schema infer``."""

from __future__ import annotations

import json

import pytest

import oitparse
from oitparse import codes
from oitparse.assemble import assemble_document, assemble_without_form
from oitparse.errors import NotAChecklist
from oitparse.models import Source
from oitparse.readers import read_document
from oitparse.schema import load_schema
from tests import formdocs

MOIT_TEXT = """แบบวัดการเปิดเผยข้อมูลสาธารณะ MOIT โรงพยาบาลตัวอย่าง ปีงบประมาณ พ.ศ. 2568
MOIT 1 หน่วยงานมีการวางระบบโดยการกำหนดมาตรการการเผยแพร่ข้อมูลต่อสาธารณะ ผ่านเว็บไซต์ของหน่วยงาน
1.1 มีบันทึกข้อความขออนุมัติ https://hosp.example.go.th/moit1-1.pdf
1.2 มีคำสั่งแต่งตั้งผู้รับผิดชอบ https://hosp.example.go.th/moit1-2.pdf
MOIT 2 หน่วยงานมีการเปิดเผยข้อมูลข่าวสารที่เป็นปัจจุบัน
2.1 ข้อมูลผู้บริหาร https://hosp.example.go.th/moit2.pdf
MOIT 3 รายงานการวิเคราะห์ผลการจัดซื้อจัดจ้างและการจัดหาพัสดุประจำปีงบประมาณ 2567
https://hosp.example.go.th/moit3.pdf
"""


def test_find_prefix() -> None:
    assert codes.find_prefix(["MOIT 1 ก", "MOIT2 ข", "MOIT 3. ค"]) == "MOIT"
    assert codes.find_prefix(["Moit 1 ก", "MOIT 2 ข", "MOIT 3 ค", "MOIT 3 ค"]) == "MOIT"  # spelled as most spell it
    assert codes.find_prefix(["MOIT 1 ก", "MOIT 2 ข"]) is None  # fewer than three items
    assert codes.find_prefix(["MOIT 1 ก", "MOIT 1 ก", "MOIT 1 ก"]) is None  # one item, thrice
    assert codes.find_prefix(["o1 ก", "OIT 2 ข", "O 3 ค", "o4 ง"]) is None  # the ITA's own codes
    assert codes.find_prefix(["No 1 ก", "No 2 ข", "No 3 ค"]) is None  # not an OIT family's letters
    assert codes.find_prefix(["MOIT 1 ก", "MOIT 2 ข", "MOIT 3 ค", "XOIT 1 ก", "XOIT 2 ข"]) == "MOIT"
    assert codes.find_prefix(["MOIT 100 ก", "MOIT 2565 ข", "MOIT 0 ค"]) is None  # not item numbers


def test_text_items_with_sub_criteria() -> None:
    checklist = oitparse.parse(MOIT_TEXT.encode("utf-8"))
    assert [i.code for i in checklist.items] == ["MOIT 1", "MOIT 2", "MOIT 3"]
    assert checklist.schema_name is None and checklist.form is not None and checklist.form.method == "none"
    first = checklist.items[0]
    assert first.title.startswith("หน่วยงานมีการวางระบบ") and first.title.endswith("ผ่านเว็บไซต์ของหน่วยงาน")
    # each numbered sub-criterion is a requirement, the URL typed after it its evidence
    assert [r.text for r in first.requirements] == ["1.1 มีบันทึกข้อความขออนุมัติ", "1.2 มีคำสั่งแต่งตั้งผู้รับผิดชอบ"]
    assert [e.url for e in first.evidence] == [
        "https://hosp.example.go.th/moit1-1.pdf", "https://hosp.example.go.th/moit1-2.pdf"]
    assert [e.url for e in checklist.items[2].evidence] == ["https://hosp.example.go.th/moit3.pdf"]
    report = oitparse.validate(checklist)
    assert {f.code for f in report.findings} == {"completeness-unchecked"}


def test_an_ita_sub_indicator_heading_is_still_a_heading() -> None:
    # "9.1 ..." between ITA items is a heading, not o9's sub-criterion: only family codes number those
    text = "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล\n9.1 ข้อมูลพื้นฐาน\no1 โครงสร้าง https://a.go.th/1.pdf\n9.2 การบริหารงาน\no2 ข้อมูลผู้บริหาร https://a.go.th/2.pdf\no3 อำนาจหน้าที่ https://a.go.th/3.pdf\n"
    checklist = oitparse.parse(text.encode("utf-8"), schema="ita2565")
    assert checklist.items[1].category == "การบริหารงาน"
    assert all("9.2" not in e.label for i in checklist.items for e in i.evidence)


def test_no_family_code_is_still_not_a_checklist() -> None:
    with pytest.raises(NotAChecklist, match="MOIT 1"):
        oitparse.parse("รายงาน\nNo 1 ก https://a.go.th\nNo 2 ข\nNo 3 ค\n".encode("utf-8"))


def _items(assembled) -> list[tuple]:
    return [(i.number, i.title, [r.text for r in i.requirements], [(e.label, e.url) for e in i.evidence])
            for i in assembled.checklist.items]


@pytest.mark.parametrize("layout", formdocs.LAYOUTS)
@pytest.mark.parametrize("style", ["MOIT {n}", "MOIT{n}"])
def test_family_codes_read_as_the_same_document_with_ita_codes(layout: str, style: str) -> None:
    # the same checklist written with "o5" and with "MOIT 5" codes, read without a form, gives
    # the same items (the codes apart): the prefix changes nothing else
    schema = load_schema("ita2565")
    drop = (7, 30)
    docs = {}
    for code_style in ("o{n}", style):
        suffix, data = formdocs.build(schema, layout, year=2568, agency="โรงพยาบาลตัวอย่าง", code_style=code_style, drop=drop)
        doc = read_document(data, name="x" + suffix)
        docs[code_style] = doc
    source = Source(name="x", format="text")
    ita = assemble_document(docs["o{n}"], None, source=source)
    family = assemble_without_form(docs[style], source=source)
    assert family.code_prefix == "MOIT"
    assert [i.code for i in family.checklist.items] == [f"MOIT {n}" for n in range(1, 44) if n not in drop]
    assert _items(family) == _items(ita)


def test_infer_a_family_form_then_validate_against_it(tmp_path, capsys) -> None:
    blank = tmp_path / "moit_blank.txt"
    blank.write_text(
        "แบบวัดการเปิดเผยข้อมูลสาธารณะ (MOIT) ประจำปีงบประมาณ พ.ศ. 2568\n"
        "MOIT 1 หน่วยงานมีการวางระบบโดยการกำหนดมาตรการการเผยแพร่ข้อมูลต่อสาธารณะ ผ่านเว็บไซต์ของหน่วยงาน\n"
        "1.1 มีบันทึกข้อความขออนุมัติ\n1.2 มีคำสั่งแต่งตั้งผู้รับผิดชอบ\n"
        "MOIT 2 หน่วยงานมีการเปิดเผยข้อมูลข่าวสารที่เป็นปัจจุบัน\n2.1 ข้อมูลผู้บริหาร\n"
        "MOIT 3 รายงานการวิเคราะห์ผลการจัดซื้อจัดจ้างและการจัดหาพัสดุประจำปีงบประมาณ\n3.1 รายงานการวิเคราะห์ผล\n",
        encoding="utf-8",
    )
    from oitparse.cli import main

    out = tmp_path / "moit2568.json"
    assert main(["schema", "infer", str(blank), "--name", "moit2568", "-o", str(out)]) == 0
    form = json.loads(out.read_text(encoding="utf-8"))
    assert form["code_prefix"] == "MOIT"
    assert [i["code"] for i in form["items"]] == ["MOIT 1", "MOIT 2", "MOIT 3"]
    assert form["items"][0]["sub_criteria"] == [
        {"code": "1.1", "text": "มีบันทึกข้อความขออนุมัติ"}, {"code": "1.2", "text": "มีคำสั่งแต่งตั้งผู้รับผิดชอบ"}]
    assert form["items"][0]["requirements"] == []
    filled = "\n".join(line for line in MOIT_TEXT.splitlines() if not line.startswith(("MOIT 2", "2.1")))
    checklist = oitparse.parse(filled.encode("utf-8"), schema=str(out))
    assert [i.code for i in checklist.items] == ["MOIT 1", "MOIT 3"]
    missing = [f for f in oitparse.validate(checklist).findings if f.code == "missing-item"]
    assert [f.item for f in missing] == ["MOIT 2"]
