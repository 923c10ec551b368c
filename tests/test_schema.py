"""The canonical ita2565 schema and the Pathum Thani form description.

Both are transcribed from the seed form; these tests check the transcription
against the seed text itself, so a typo in either file fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from oitparse.errors import SchemaError
from oitparse.schema import available_schemas, load_schema

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_pathumthani_2565.txt"
FORM = FIXTURES / "forms" / "pathumthani_2565.json"


def _squeeze(text: str) -> str:
    """Drop all whitespace (NBSP included) so wrapped lines compare equal."""
    return re.sub(r"\s+", "", text.replace("\xa0", " "))


@pytest.fixture(scope="module")
def schema():
    return load_schema("ita2565")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return _squeeze(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form() -> dict:
    return json.loads(FORM.read_text(encoding="utf-8"))


def test_schema_is_shipped_and_named(schema):
    assert "ita2565" in available_schemas()
    assert schema.name == "ita2565"
    assert schema.assessment_year == 2565
    assert "OIT" in schema.title and "2565" in schema.title


@pytest.mark.parametrize("name", ["ita1999", "../schemas/ita2565", ""])
def test_unknown_schema_is_a_schema_error(name):
    with pytest.raises(SchemaError, match="ita2565"):
        load_schema(name)


def test_items_are_o1_to_o43_in_order(schema):
    assert [i.code for i in schema.items] == [f"o{n}" for n in range(1, 44)]
    assert [i.number for i in schema.items] == list(range(1, 44))
    assert all(i.title and i.requirements for i in schema.items)


def test_indicator_tree(schema):
    assert [i.name for i in schema.indicators] == ["การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]
    subs = [s for ind in schema.indicators for s in ind.sub_indicators]
    assert len(subs) == 7
    assert [len(ind.sub_indicators) for ind in schema.indicators] == [5, 2]
    assert len(schema.topics) == 16
    assert len(set(schema.topics)) == 16


def test_each_topic_holds_a_contiguous_run_of_items_in_form_order(schema):
    order = []
    for item in schema.items:
        if not order or order[-1] != item.topic:
            order.append(item.topic)
    # every topic appears once as a run, and the runs follow the topic order
    assert order == schema.topics


@pytest.mark.parametrize(
    ("topic", "codes"),
    [
        ("ข้อมูลพื้นฐาน", "o1 o2 o3 o4 o5 o6"),
        ("การประชาสัมพันธ์", "o7"),
        ("การปฏิสัมพันธ์ข้อมูล", "o8 o9"),
        ("การให้บริการ", "o14 o15 o16 o17"),
        ("การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "o21 o22 o23 o24"),
        ("การบริหารและพัฒนาทรัพยากรบุคคล", "o25 o26 o27 o28"),
        ("การเสริมสร้างวัฒนธรรมองค์กร", "o38"),
        ("มาตรการส่งเสริมความโปร่งใสและป้องกันการทุจริตภายในหน่วยงาน", "o42 o43"),
    ],
)
def test_topic_membership(schema, topic, codes):
    assert [i.code for i in schema.items if i.topic == topic] == codes.split()


def test_sub_indicator_of_topic(schema):
    assert schema.sub_indicator_of(schema.item("o13").topic) == "การบริหารงาน"
    assert schema.sub_indicator_of(schema.item("o40").topic) == "การดำเนินการเพื่อป้องกันการทุจริต"
    assert schema.sub_indicator_of(schema.item("O43").topic) == "มาตรการภายในเพื่อป้องกันการทุจริต"


def test_multi_line_titles_are_joined(schema):
    assert schema.item("o11").title == "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน"
    assert schema.item("o16").title == "รายงานผลการสำรวจความพึงพอใจการให้บริการ"
    assert schema.item("o21").title == "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ"
    assert schema.item("o34").title == "นโยบายไม่รับของขวัญ (No Gift Policy)"
    assert schema.item("o38").title == "การเสริมสร้างวัฒนธรรมองค์กร ตามมาตรฐานทางจริยธรรม"


def test_o5_contact_elements(schema):
    (req,) = schema.item("o5").requirements
    assert req.text == "แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย"
    assert req.elements == ["ที่อยู่หน่วยงาน", "หมายเลขโทรศัพท์", "E-mail", "แผนที่ตั้ง"]


def test_o27_rule_elements(schema):
    (req,) = schema.item("o27").requirements
    assert req.text.startswith("แสดงหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคลที่ยังใช้บังคับ")
    assert req.text.endswith("ในปี พ.ศ. 2565 อย่างน้อยประกอบด้วย")
    assert len(req.elements) == 5
    assert req.elements[0] == "การสรรหาและคัดเลือกบุคลากร"
    assert req.elements[-1] == "การให้คุณให้โทษและการสร้างขวัญกำลังใจ"


def test_only_o5_and_o27_have_elements(schema):
    with_elements = [i.code for i in schema.items if any(r.elements for r in i.requirements)]
    assert with_elements == ["o5", "o27"]


def test_evidence_text_is_cut_off_requirements(schema):
    assert [r.text for r in schema.item("o3").requirements] == [
        "แสดงข้อมูลหน้าที่และอำนาจของหน่วยงานตามที่กฎหมายกำหนด"
    ]
    assert [r.text for r in schema.item("o6").requirements] == [
        "แสดงกฎหมายที่เกี่ยวข้องกับการดำเนินงานหรือการปฏิบัติงานของหน่วยงาน"
    ]
    assert schema.item("o9").requirements[-1].text.endswith("เช่น Facebook, Twitter, Instagram เป็นต้น")
    assert not any("คลิ๊ก" in r.text for i in schema.items for r in i.requirements)


def test_continuation_lines_stay_in_their_requirement(schema):
    o2 = schema.item("o2").requirements
    assert len(o2) == 2 and o2[0].text.endswith("อย่างน้อยประกอบด้วย ผู้บริหารสูงสุด และรองผู้บริหารสูงสุด")
    assert schema.item("o28").requirements[1].text.endswith("ผลการวิเคราะห์การบริหารและพัฒนาทรัพยากรบุคคล")
    assert schema.item("o34").requirements[0].text.endswith("(No Gift Policy)")
    assert "ได้มีส่วนร่วม" in schema.item("o33").requirements[0].text


def test_requirement_counts_follow_the_o_bullets(schema):
    counts = {i.code: len(i.requirements) for i in schema.items}
    assert counts["o1"] == 2 and counts["o4"] == 3 and counts["o11"] == 3
    assert counts["o30"] == 2 and counts["o42"] == 3
    # bullets in the seed = requirements + elements, minus o5's un-bulleted lead text
    bullets = sum(len(r.elements) + 1 for i in schema.items for r in i.requirements) - 1
    assert bullets == len(re.findall(r"(?:^|\s)O\s", SEED.read_text(encoding="utf-8").replace("\xa0", " ")))


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("o1", "none"),
        ("o4", "plan_covers"),
        ("o39", "plan_covers"),
        ("o7", "current"),
        ("o10", "current"),
        ("o43", "current"),
        ("o12", "previous"),
        ("o42", "previous"),
        ("o11", "first_half"),
        ("o23", "first_half"),
        ("o25", "in_force"),
        ("o27", "in_force"),
        ("o17", "none"),
    ],
)
def test_year_rules(schema, code, rule):
    assert schema.item(code).year_rule == rule


def test_year_rules_agree_with_requirement_wording(schema):
    """Every dated item says its year in a requirement; undated items name none."""
    for item in schema.items:
        text = " ".join(r.text for r in item.requirements)
        if item.year_rule == "previous":
            assert "2564" in text, item.code
        elif item.year_rule == "first_half":
            assert "6 เดือนแรก" in text, item.code
        elif item.year_rule in {"current", "plan_covers", "in_force"}:
            assert "2565" in text, item.code
        else:
            assert not re.search(r"พ\.ศ\. 256[45]", text), item.code


def test_every_requirement_text_occurs_in_the_seed(schema, seed_text):
    for item in schema.items:
        assert _squeeze(item.title) in seed_text, item.code
        for req in item.requirements:
            assert _squeeze(req.text) in seed_text, (item.code, req.text)
            for element in req.elements:
                assert _squeeze(element) in seed_text, (item.code, element)


def test_texts_are_normalized(schema):
    for item in schema.items:
        for text in [item.title, *(r.text for r in item.requirements)]:
            assert text == text.strip() and "\xa0" not in text and "  " not in text, (item.code, text)
            assert not re.match(r"O\s", text), (item.code, text)


def test_aliases_do_not_collide(schema):
    names = [i.title for i in schema.items] + [a for i in schema.items for a in i.aliases]
    assert len(names) == len(set(names))
    assert not set(names[43:]) & set(schema.topics)
    assert "Q & A" in schema.item("o8").aliases


# --- the form description of the seed -------------------------------------------------


def _form_items(form: dict) -> list[dict]:
    return [row for row in form["rows"] if "code" in row]


def test_form_header_and_heading(form, seed_text):
    assert form["agency"] == "จังหวัดปทุมธานี"
    assert form["assessment_year"] == 2565
    assert form["header"] == ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]
    assert form["heading"][1] == "(Open Data Integrity and Transparency Assessment : OIT)"
    assert _squeeze("".join(form["heading"])) == seed_text[: len(_squeeze("".join(form["heading"])))]


def test_form_has_50_evidence_labels_with_distinct_urls(form):
    evidence = [e for row in _form_items(form) for e in row["evidence"]]
    assert len(evidence) == 50
    per_item = {row["code"]: len(row["evidence"]) for row in _form_items(form)}
    multi = {c: n for c, n in per_item.items() if n > 1}
    assert multi == {"o2": 2, "o8": 2, "o9": 2, "o26": 3, "o30": 2, "o32": 2}
    urls = [e["url"] for e in evidence]
    assert len(set(urls)) == 50 and all(u.startswith("https://") for u in urls)


def test_form_labels_are_exact(form, seed_text):
    evidence = {row["code"]: row["evidence"] for row in _form_items(form)}
    unmarked = []
    for code, items in evidence.items():
        for e in items:
            label = e["label"]
            assert _squeeze(label) in seed_text, (code, label)
            assert not label.startswith("-") and label == label.strip() and "  " not in label
            if "(คลิ๊ก)" not in label:
                unmarked.append(code)
    assert unmarked == ["o24"]
    assert evidence["o1"][0]["label"] == "โครงสร้างและคณะผู้บริหารของจังหวัดปทุมธานี (คลิ๊ก)"
    assert evidence["o15"][0]["label"] == "ข้อมูลเชิงสถิติการให้บริการ(คลิ๊ก)"
    # wrapped Thai-Thai lines join with no space ("...การหาพัสดุ" + "ประจำปีงบประมาณ ...")
    assert evidence["o24"][0]["label"] == "รายงานผลการจัดซื้อจัดจ้างหรือการหาพัสดุประจำปีงบประมาณ พ.ศ. 2564"
    assert evidence["o9"][0]["label"] == "Facebook หน้าเว็บไซต์จังหวัดปทุมธานี (คลิ๊ก)"
    assert "facebook.com" in evidence["o8"][1]["url"]


def test_form_labels_follow_the_seed_order(form, seed_text):
    """Labels, in row order, are found left to right in the seed text."""
    pos = 0
    for row in _form_items(form):
        for e in row["evidence"]:
            found = seed_text.find(_squeeze(e["label"]), pos)
            assert found >= 0, (row["code"], e["label"])
            pos = found


def test_form_agrees_with_schema(form, schema):
    rows = form["rows"]
    assert [r["code"] for r in _form_items(form)] == [i.code for i in schema.items]
    assert [r["topic"] for r in rows if "topic" in r] == schema.topics
    topic = None
    for row in rows:
        if "topic" in row:
            topic = row["topic"]
            continue
        item = schema.item(row["code"])
        assert row["title"] == item.title
        assert topic == item.topic, row["code"]
        assert row["requirements"] == [r.model_dump() for r in item.requirements], row["code"]
