"""Consistency of the committed DOCX/PDF fixtures (no LibreOffice needed).

The fixtures are made by ``scripts/make_fixtures.py``; these checks catch a
fixture that was edited, half-regenerated or exported without its links, before
an accuracy test compares parse results against a wrong truth.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import FIXTURES, ROOT

DOCX_DIR = FIXTURES / "docx"
PDF_DIR = FIXTURES / "pdf"
TRUTHS = sorted(DOCX_DIR.glob("*.truth.json"))
CODE = re.compile(r"^o([1-9]|[1-3][0-9]|4[0-3])$")
PUA = re.compile(r"[\uf700-\uf71f]")


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _truth(name: str) -> dict:
    return json.loads((DOCX_DIR / f"{name}.truth.json").read_text(encoding="utf-8"))


def _pdf_links(name: str) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(PDF_DIR / f"{name}.pdf") as pdf:
        return [h for page in pdf.pages for h in page.hyperlinks]


def test_every_variant_is_committed():
    assert {p.name.removesuffix(".truth.json") for p in TRUTHS} == set(gen.VARIANTS)


def test_every_docx_has_its_truth_and_back():
    docx = {p.stem for p in DOCX_DIR.glob("*.docx")}
    truths = {p.name.removesuffix(".truth.json") for p in TRUTHS}
    assert docx == truths


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name)
def test_listed_files_exist_and_are_small(truth_path: Path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    for key in ("docx", "pdf"):
        path = FIXTURES / truth[key]
        assert path.is_file(), path
        assert path.stat().st_size < 300 * 1024, f"{path.name} is over 300 KB"
    assert (FIXTURES / truth["pdf"]).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name)
def test_truth_is_well_formed(truth_path: Path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    assert truth["agency"] == "จังหวัดปทุมธานี"
    assert truth["assessment_year"] == 2565
    codes = [item["code"] for item in truth["items"]]
    assert codes, "no items"
    assert all(CODE.match(c) for c in codes), codes
    assert len(set(codes)) == len(codes), Counter(codes).most_common(3)
    numbers = [int(c[1:]) for c in codes]
    assert numbers == sorted(numbers)
    for item in truth["items"]:
        assert item["title"].strip() and item["topic"], item["code"]
        assert item["requirements"], item["code"]
        for req in item["requirements"]:
            # the bullet "O" + NBSP must have been stripped, from elements too
            assert not req["text"].startswith(("O\u00a0", "\u00a0")), req["text"]
            assert all(e and not e.startswith("O\u00a0") for e in req["elements"])
        for ev in item["evidence"]:
            assert ev["label"].strip()
            assert ev["url"] is None or ev["url"].startswith("https://")


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name)
def test_truth_matches_what_the_docx_holds(truth_path: Path):
    """The committed truth is exactly what reading the committed DOCX back gives."""
    name = truth_path.name.removesuffix(".truth.json")
    assert gen.read_truth(DOCX_DIR / f"{name}.docx", gen.VARIANTS[name]) == _truth(name)


@pytest.mark.parametrize("name", [n for n, v in gen.VARIANTS.items() if v.pdf_links])
def test_pdf_has_one_link_per_evidence_url(name: str):
    truth = _truth(name)
    want = {ev["url"] for item in truth["items"] for ev in item["evidence"] if ev["url"]}
    got = {h["uri"] for h in _pdf_links(name)}
    assert got == want


def test_wrapped_labels_give_several_link_rectangles():
    per_url = Counter(h["uri"] for h in _pdf_links("seed_laksaman"))
    assert sum(1 for n in per_url.values() if n > 1) >= 10


def test_pagebreaks_rows_continue_on_next_page():
    import pdfplumber

    with pdfplumber.open(PDF_DIR / "seed_pagebreaks.pdf") as pdf:
        continued = gen.continued_rows(pdf)
        # the header row is repeated on every page (w:tblHeader)
        repeated = sum(1 for p in pdf.pages if "องค์ประกอบด้านข้อมูล" in (p.extract_text() or ""))
        pages = len(pdf.pages)
    assert len(continued) >= 5
    assert repeated == pages


def test_fieldcodes_docx_uses_fields_not_hyperlink_elements():
    xml = zipfile.ZipFile(DOCX_DIR / "fieldcodes.docx").read("word/document.xml").decode()
    assert "<w:hyperlink" not in xml
    assert xml.count('w:fldCharType="begin"') >= 5
    assert xml.count("<w:fldSimple") == 1


def test_thaidigits_writes_codes_and_years_in_thai_digits():
    truth = _truth("thaidigits")
    assert all(re.fullmatch(r"o[๐-๙]+", i["code_as_written"]) for i in truth["items"])
    labels = [ev["label"] for i in truth["items"] for ev in i["evidence"]]
    assert any("2566–2570" in label for label in labels)
    assert any("ต.ค. 64 – มี.ค. 65" in label for label in labels)
    assert any("พ.ศ. ๒๕๖๕" in r["text"] for i in truth["items"] for r in i["requirements"])


def test_pua_word_text_layer_has_pua_but_truth_does_not():
    import pdfplumber

    truth_text = json.dumps(_truth("pua_word"), ensure_ascii=False)
    assert not PUA.search(truth_text)
    with pdfplumber.open(PDF_DIR / "pua_word.pdf") as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert len(PUA.findall(text)) > 100
    # the plain seed rendering has none
    with pdfplumber.open(PDF_DIR / "seed_laksaman.pdf") as pdf:
        assert not PUA.search(pdf.pages[0].extract_text() or "")


@pytest.mark.parametrize("name", [n for n, v in gen.VARIANTS.items() if v.items is None and not v.thai_digits])
def test_full_form_variants_carry_the_form_description(name: str):
    """Read back from the DOCX, the full-form variants hold exactly the form description."""
    form = json.loads((FIXTURES / "forms" / f"{gen.VARIANTS[name].form}.json").read_text(encoding="utf-8"))
    expected, topic = [], None
    for row in form["rows"]:
        if "topic" in row:
            topic = row["topic"]
            continue
        expected.append({
            "code": row["code"], "topic": topic, "title": row["title"],
            "requirements": [{"text": r["text"], "elements": r.get("elements", [])} for r in row["requirements"]],
            "evidence": [{"label": e["label"], "url": e.get("url")} for e in row["evidence"]],
        })
    got = [{k: v for k, v in item.items() if k != "code_as_written"} for item in _truth(name)["items"]]
    assert got == expected


def test_pua_word_truth_equals_plain_seed_truth():
    """The PUA variant holds the same form; only its code points differ."""
    pua, plain = _truth("pua_word"), _truth("seed_laksaman")
    assert pua["items"] == plain["items"]


@pytest.mark.parametrize(
    ("plain", "word"),
    [
        ("ป่า", "ป\uf705า"),  # tone over a tall consonant, no upper vowel: low and left
        ("ก่อน", "ก\uf70aอน"),  # tone with no upper vowel: lowered
        ("ที่", "ที่"),  # tone above an upper vowel on a short consonant: unchanged
        ("ปี่", "ป\uf702\uf713"),  # upper vowel and tone over ป: both shifted left
        ("น้ำ", "น้ำ"),  # tone before sara am stays high
        ("ฐุ", "\uf700ุ"),  # ฐ loses its descender above a lower vowel
        ("ฎุ", "ฎ\uf718"),  # lower vowel under ฎ drops lower
    ],
)
def test_word_pua_shaping(plain: str, word: str):
    assert gen.to_word_pua(plain) == word
    assert gen.from_word_pua(word) == plain


@given(st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B) | st.sampled_from(" aO1")))
def test_word_pua_round_trips(text: str):
    assert gen.from_word_pua(gen.to_word_pua(text)) == text
