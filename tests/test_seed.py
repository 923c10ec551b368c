"""The seed form (Pathum Thani, ITA 2565, text of its PDF) parsed end to end.

Two independent references: the hand-transcribed form description
(tests/fixtures/forms/pathumthani_2565.json, written from the seed by a person)
and the golden JSON produced by the code and checked item by item
(tests/fixtures/golden/seed_pathumthani_2565.json; regenerate with
``python scripts/make_golden.py`` and review the diff line by line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import oitparse

from .conftest import FIXTURES, SEED

FORM = json.loads((FIXTURES / "forms" / "pathumthani_2565.json").read_text(encoding="utf-8"))
GOLDEN = FIXTURES / "golden" / "seed_pathumthani_2565.json"


def _ws(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed():
    return oitparse.parse(SEED)


def _form_items():
    topic = None
    for row in FORM["rows"]:
        if "topic" in row:
            topic = row["topic"]
        else:
            yield topic, row


def test_all_43_items_in_order(seed):
    assert [i.code for i in seed.items] == [f"o{n}" for n in range(1, 44)]
    assert [i.number for i in seed.items] == list(range(1, 44))


def test_document_facts(seed):
    assert seed.agency == "จังหวัดปทุมธานี"
    assert seed.assessment_year == 2565
    assert seed.year_source == "document"
    assert seed.source.format == "text"
    assert seed.source.name == SEED.name


@pytest.mark.parametrize("topic,row", list(_form_items()), ids=lambda v: v["code"] if isinstance(v, dict) else "")
def test_item_matches_hand_transcription(seed, topic, row):
    item = seed.item(row["code"])
    assert item is not None
    assert item.category == topic
    assert _ws(item.title) == _ws(row["title"])
    assert [_ws(r.text) for r in item.requirements] == [_ws(r["text"]) for r in row["requirements"]]
    assert [[_ws(e) for e in r.elements] for r in item.requirements] == [
        [_ws(e) for e in r["elements"]] for r in row["requirements"]
    ]
    assert [_ws(e.label) for e in item.evidence] == [_ws(e["label"]) for e in row["evidence"]]
    # A text file carries no links.
    assert all(e.url is None for e in item.evidence)


def test_traps(seed):
    # 50 evidence entries; o24's has no click marker; o26 has three.
    assert sum(len(i.evidence) for i in seed.items) == 50
    assert len(seed.item("o26").evidence) == 3
    assert "คลิ" not in seed.item("o24").evidence[0].label
    # Topic names that are also content lines do not open topics.
    assert seed.item("o16").title.endswith("การให้บริการ")
    assert seed.item("o17").category == "การให้บริการ"
    assert seed.item("o18").evidence[0].label.startswith("แผนการใช้จ่ายงบประมาณประจำปี")
    assert seed.item("o19").category == "แผนการใช้จ่ายงบประมาณประจำปี"
    assert seed.item("o28").requirements[1].text.endswith("การบริหารและพัฒนาทรัพยากรบุคคล")
    # Evidence on the same line as the last requirement.
    assert seed.item("o3").evidence[0].label == "อำนาจหน้าที่ของจังหวัดปทุมธานี (คลิ๊ก)"
    assert seed.item("o9").evidence[0].label.startswith("Facebook")
    # Cross-references are not items.
    assert "O36" in seed.item("o37").requirements[1].text
    # o5 and o27 elements.
    assert seed.item("o5").requirements[0].elements == ["ที่อยู่หน่วยงาน", "หมายเลขโทรศัพท์", "E-mail", "แผนที่ตั้ง"]
    assert len(seed.item("o27").requirements[0].elements) == 5


def test_years(seed):
    assert seed.item("o10").evidence[0].years == [2565]
    assert seed.item("o12").evidence[0].years == [2564]
    assert seed.item("o4").requirements[2].years == [2565]


def test_golden(seed):
    got = seed.model_dump(mode="json")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want, "parse output changed: regenerate with scripts/make_golden.py and review the diff"


def test_parse_accepts_bytes_and_file_objects(seed):
    data = SEED.read_bytes()
    from_bytes = oitparse.parse(data)
    with SEED.open("rb") as fh:
        from_file = oitparse.parse(fh)
    assert from_bytes.items == seed.items == from_file.items
    assert from_file.source.name == SEED.name and from_bytes.source.name is None


def test_year_override(seed):
    c = oitparse.parse(SEED, year=2566)
    assert (c.assessment_year, c.year_source, c.document_year) == (2566, "user", 2565)


def test_crlf_bom_and_cp874_give_the_same_items(seed, tmp_path: Path):
    text = SEED.read_text(encoding="utf-8")
    crlf = oitparse.parse(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert crlf.items == seed.items
    cp874 = oitparse.parse(text.replace("\u00a0", " ").encode("cp874"))
    assert [i.title for i in cp874.items] == [i.title for i in seed.items]
    assert [len(i.evidence) for i in cp874.items] == [len(i.evidence) for i in seed.items]


def test_validate_finds_the_seed_complete(seed):
    report = oitparse.validate(seed)
    assert report.ok
    codes = {f.code for f in report.findings}
    assert not codes & {"missing-item", "duplicate-item", "unknown-item", "out-of-order", "category-mismatch",
                        "title-mismatch", "no-evidence"}
    # A text file carries no links, so no link rule may fire; evidence naming no year is only info.
    assert {f.severity for f in report.findings} <= {"info"}
