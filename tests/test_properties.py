"""Property tests (hypothesis): parse() never crashes, and reads back synthetic forms exactly.

The synthetic forms (tests/synthetic.py) are written from the canonical schema
with the perturbations real PDFs show: wrapped titles, requirements and labels,
NBSP after the "O" bullet, Thai digits in codes and years, extra spaces, dropped
and repeated items. Parsing must give back what the form was made from, whether
the form is text (as a PDF's text layer reads), an HTML table or a DOCX table.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import oitparse
from oitparse.errors import EmptyDocument, NotAChecklist, ParseError

from .conftest import FIXTURES, ROOT

from .synthetic import (
    CLICK,
    NBSP,
    TO_ARABIC_DIGITS,
    ItemStyle,
    mutate,
    evidence_url,
    forms,
    plans,
    render_form,
    render_form_docx,
    render_form_html,
    squash,
)

SCHEMA = oitparse.load_schema("ita2565")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORM_SETTINGS = settings(SETTINGS, max_examples=150)  # a form parses in ~10 ms: affordable

# Fragments that push the parser down its interesting paths: codes, bullets, dashes, click markers.
FRAGMENTS = st.sampled_from(
    [
        "o12", "o๑๒", "O ", "O" + NBSP, "o", "O", "-", "- ", "(คลิ๊ก)", "(คลิก)", "\n", "\r\n", " ", "  ",
        "ข้อมูลพื้นฐาน", "โครงสร้าง", "แสดง", "ข้อ", "ตามข้อ", "อย่างน้อยประกอบด้วย", "พ.ศ. 2565", "พ.ศ. ๒๕๖๕",
        "https://example.go.th/a", "www.x.go.th", "E-Service", "o44", "o0", "o99", "o1.", "o 7", "Photo1",
        "ำ", "่", "\u200b", "\ufeff", "\u00ad", "\uf70a", "เ", "ๆ", "1", "๑",
    ]
)
THAIISH = st.lists(
    st.one_of(FRAGMENTS, st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=8)),
    max_size=40,
).map("".join)


def _outcome(data: bytes):
    """The parse as comparable data, or the error class and message."""
    try:
        return oitparse.parse(data).model_dump(mode="json")
    except ParseError as exc:
        return (type(exc).__name__, str(exc))


_BINARY_OR_PDF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|%PDF-")


@SETTINGS
@given(st.text())
def test_any_text_gives_a_checklist_or_a_parse_error(text):
    try:
        oitparse.parse(text.encode())
    except (NotAChecklist, EmptyDocument):
        pass
    except ParseError as exc:
        # Control characters make it binary junk, "%PDF-" a (broken) PDF: other errors are right there.
        assert _BINARY_OR_PDF.search(text), f"{type(exc).__name__}: {exc}"
    # Deterministic: the same bytes give the same result (or the same error) again.
    assert _outcome(text.encode()) == _outcome(text.encode())


@SETTINGS
@given(st.binary(max_size=4096))
def test_any_bytes_give_a_checklist_or_a_parse_error(data):
    try:
        checklist = oitparse.parse(data)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    # bytes that do read hold at least one item, each a real code, and say what they were
    assert checklist.items and all(i.code == f"o{i.number}" and 1 <= i.number <= 99 for i in checklist.items)
    assert checklist.source.format in ("pdf", "docx", "html", "text")


# Mutations of real documents: byte flips, cuts, insertions and repeats, as damaged uploads have.
MUTATIONS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8)


def _rezip(data: bytes, part: str, mutated: bytes) -> bytes:
    """The DOCX ``data`` with one part replaced (the zip stays valid: the damage is in the XML)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, mutated if name == part else src.read(name))
    return out.getvalue()


_FUZZ_PLAN = [(i.code, ItemStyle(labels=((i.title, " ", None),))) for i in SCHEMA.items[:10]]
FUZZ_SOURCES = {
    "html": render_form_html(SCHEMA, _FUZZ_PLAN).encode(),
    "docx": render_form_docx(SCHEMA, _FUZZ_PLAN),
    "real-docx": (FIXTURES / "docx" / "seed_laksaman.docx").read_bytes(),
}


@SETTINGS
@given(st.sampled_from(sorted(FUZZ_SOURCES)), st.sampled_from(["bytes", "xml"]), MUTATIONS)
def test_mutated_documents_give_a_checklist_or_a_parse_error(kind, where, ops):
    source = FUZZ_SOURCES[kind]
    if where == "xml" and kind != "html":
        import zipfile
        from io import BytesIO

        part = "word/document.xml"
        data = _rezip(source, part, mutate(zipfile.ZipFile(BytesIO(source)).read(part), ops))
    else:
        data = mutate(source, ops)
    try:
        checklist = oitparse.parse(data)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert all(i.code == f"o{i.number}" for i in checklist.items)


_PDF_FUZZ = """
import random, sys
sys.path[:0] = [sys.argv[2] + "/src", sys.argv[2]]
import oitparse
from oitparse.errors import ParseError
from tests.synthetic import mutate
base = open(sys.argv[1], "rb").read()
rng = random.Random(2565)
read = failed = 0
for n in range(int(sys.argv[3])):
    ops = [(rng.randrange(4), rng.randrange(10**9), rng.randrange(256)) for _ in range(rng.randint(1, 8))]
    try:
        checklist = oitparse.parse(mutate(base, ops))
    except ParseError as exc:
        assert str(exc) and "\\n" not in str(exc), repr(exc)
        failed += 1
        continue
    assert checklist.items and all(i.code == f"o{i.number}" for i in checklist.items)
    read += 1
print(f"done {read} {failed}")
"""


def test_mutated_pdfs_give_a_checklist_or_a_parse_error():
    # PDFium is C: a crash there would take pytest down, so the loop runs in a child process.
    import os
    import subprocess
    import sys

    pdf = FIXTURES / "pdf" / "thaidigits.pdf"
    assert pdf.is_file(), "the PDF fixture is committed"
    env = dict(os.environ, PYTHAINLP_READ_ONLY="1")
    proc = subprocess.run(
        [sys.executable, "-c", _PDF_FUZZ, str(pdf), str(ROOT), "30"],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("done "), proc.stderr[-3000:]
    read, failed = map(int, proc.stdout.split()[1:])
    # both outcomes occur on these 30 mutations: some damage is harmless, some is fatal
    assert read + failed == 30 and read >= 1 and failed >= 1, proc.stdout


@SETTINGS
@given(THAIISH)
@example("o1")
@example("o๑๒ O\u00a0\n-\n(คลิ๊ก)")
@example("\n\n  \n")
def test_thai_text_gives_a_checklist_or_not_a_checklist(text):
    try:
        checklist = oitparse.parse(text.encode())
    except (NotAChecklist, EmptyDocument) as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert checklist.items
    assert all(1 <= i.number <= 99 and i.code == f"o{i.number}" for i in checklist.items)
    # the result always serializes, and reads back as the same Checklist
    assert oitparse.Checklist.model_validate_json(checklist.model_dump_json()) == checklist
    assert _outcome(text.encode()) == checklist.model_dump(mode="json")


def _schema_years(text: str) -> list[int]:
    """Buddhist-era years written as 'พ.ศ. NNNN' in a schema text."""
    return sorted({int(y) for y in re.findall(r"พ\.ศ\.\s*(25\d\d)", text)})


def _spaced(text: str) -> str:
    """Whitespace runs as one space, Thai digits as Arabic: spacing kept, everything else equal."""
    return " ".join(text.split()).translate(TO_ARABIC_DIGITS)


def _check_form(form, checklist):
    """The parse gives back exactly the items the synthetic form was made from."""
    assert [i.code for i in checklist.items] == form.codes
    for n, (got, want) in enumerate(zip(checklist.items, form.items), start=1):
        where = f"{want.code} (item {n} of the form)"
        assert squash(got.title) == squash(want.title), where
        assert got.category == want.topic, where
        assert [squash(r.text) for r in got.requirements] == [squash(t) for t, _ in want.requirements], where
        assert [[squash(e) for e in r.elements] for r in got.requirements] == [
            [squash(e) for e in els] for _, els in want.requirements
        ], where
        assert [squash(e.label) for e in got.evidence] == [squash(label) for label in want.labels], where
        # Years are read whether written in Arabic or Thai digits.
        assert [sorted(r.years) for r in got.requirements] == [_schema_years(t) for t, _ in want.requirements], where
        # Wraps are undone with the right spacing too: no space inside a word, one between words.
        assert _spaced(got.title) == _spaced(want.title), where
        assert [_spaced(r.text) for r in got.requirements] == [_spaced(t) for t, _ in want.requirements], where
        assert [[_spaced(e) for e in r.elements] for r in got.requirements] == [
            [_spaced(e) for e in els] for _, els in want.requirements
        ], where
        assert [_spaced(e.label) for e in got.evidence] == [_spaced(label) for label in want.labels], where


@FORM_SETTINGS
@given(forms(SCHEMA))
def test_synthetic_forms_read_back(form):
    _check_form(form, oitparse.parse(form.text.encode()))


@settings(SETTINGS, max_examples=40)
@given(forms(SCHEMA, max_items=43))
def test_long_synthetic_forms_read_back(form):
    # Up to the whole form: topics, repeats and item boundaries over many items.
    _check_form(form, oitparse.parse(form.text.encode()))


@SETTINGS
@given(forms(SCHEMA, max_items=6))
def test_synthetic_forms_read_back_in_cp874(form):
    # Older Thai systems save TIS-620/cp874 (NBSP is 0xA0 there): same parse as UTF-8.
    utf8 = oitparse.parse(form.text.encode())
    legacy = oitparse.parse(form.text.encode("cp874"))
    assert legacy.model_dump(exclude={"source"}) == utf8.model_dump(exclude={"source"})


def _check_links(checklist, plan):
    for got, (code, _) in zip(checklist.items, plan):
        assert [e.url for e in got.evidence] == [evidence_url(code, n) for n in range(len(got.evidence))], code


@FORM_SETTINGS
@given(plans(SCHEMA))
def test_synthetic_forms_as_html_tables_read_back(plan):
    # The same plan as a web page (table mode: columns known, links real) reads as the text does.
    checklist = oitparse.parse(render_form_html(SCHEMA, plan).encode(), schema=SCHEMA)
    assert checklist.source.format == "html"
    _check_form(render_form(SCHEMA, plan), checklist)
    _check_links(checklist, plan)


@SETTINGS
@given(plans(SCHEMA))
def test_synthetic_forms_as_docx_tables_read_back(plan):
    # ... and as a Word table, wraps as <w:br/>, evidence as w:hyperlink.
    checklist = oitparse.parse(render_form_docx(SCHEMA, plan), schema=SCHEMA)
    assert checklist.source.format == "docx"
    _check_form(render_form(SCHEMA, plan), checklist)
    _check_links(checklist, plan)


def test_full_form_all_items_unwrapped():
    # Every item once, plainly written: the baseline the perturbed forms are compared with.
    plan = [
        (i.code, ItemStyle(labels=((f"{i.title}", " ", None),)))
        for i in SCHEMA.items
    ]
    form = render_form(SCHEMA, plan)
    checklist = oitparse.parse(form.text.encode())
    _check_form(form, checklist)
    assert len(checklist.items) == 43
    assert all(e.label.endswith(CLICK) for i in checklist.items for e in i.evidence)


@pytest.mark.parametrize("code", [i.code for i in SCHEMA.items])
def test_each_item_wrapped_everywhere(code):
    # Deterministic sweep: each item with its title, every requirement and its label wrapped
    # at the middle break point, requirement on its own line after the title.
    from .synthetic import break_points

    item = SCHEMA.item(code)

    def mid(text):
        pts = break_points(text)
        return pts[len(pts) // 2] if pts else None

    style = ItemStyle(
        title_wrap=mid(item.title),
        req_after_title=False,
        req_wraps=tuple(mid(r.text) for r in item.requirements),
        element_wraps=tuple(tuple(mid(e) for e in r.elements) for r in item.requirements),
        labels=((f"{item.title}ของจังหวัดปทุมธานี", " ", mid(f"{item.title}ของจังหวัดปทุมธานี")),),
    )
    form = render_form(SCHEMA, [(code, style)])
    _check_form(form, oitparse.parse(form.text.encode()))


# ----------------------------------------------------------------------------- regressions
# Minimal forms hypothesis shrank failures to (each fixed in assemble.py; kept as regressions).

O7_REQ1 = "O แสดงข้อมูลข่าวสารต่างๆ ที่เกี่ยวข้องกับการดำเนินงานตามอำนาจหน้าที่หรือภารกิจของหน่วยงาน"


def test_wrapped_requirement_with_thai_digit_year():
    text = (
        "o21 แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ O แสดงแผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุตามที่หน่วยงาน"
        "จะต้องดำเนินการตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ๒๕๖๐\n"
        "O เป็\nนข้อมูลการจัดซื้อจัดจ้างในปี พ.ศ. ๒๕๖๕\n"
        "แผนการจัดซื้อจัดจ้าง (คลิ๊ก)\n"
    )
    item = oitparse.parse(text.encode()).items[0]
    assert [squash(r.text) for r in item.requirements][1] == squash("เป็นข้อมูลการจัดซื้อจัดจ้างในปี พ.ศ. 2565")
    assert [e.label for e in item.evidence] == ["แผนการจัดซื้อจัดจ้าง (คลิ๊ก)"]


def test_one_character_wrap_of_a_label_after_a_complete_requirement():
    text = f"o7 ข่าวประชาสัมพันธ์ {O7_REQ1}\nO เป็นข้อมูลข่าวสารที่เกิดขึ้นในปี พ.ศ. 2565\nร\nายงานข่าว (คลิ๊ก)\n"
    item = oitparse.parse(text.encode()).items[0]
    assert item.requirements[1].text == "เป็นข้อมูลข่าวสารที่เกิดขึ้นในปี พ.ศ. 2565"
    assert [squash(e.label) for e in item.evidence] == [squash("รายงานข่าว (คลิ๊ก)")]


def test_elements_after_a_wrapped_cue_and_a_wrapped_element():
    text = (
        "o5 ข้อมูลการติดต่อ O แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยป\nระกอบด้วย\n"
        "O ที่อยู่หน่วย\nงาน\nO หมายเลขโทรศัพท์\nO E-mail\nO แผนที่ตั้ง\nข้อมูลการติดต่อ (คลิ๊ก)\n"
    )
    item = oitparse.parse(text.encode()).items[0]
    assert [(squash(r.text), r.elements) for r in item.requirements] == [
        (
            squash("แสดงข้อมูลการติดต่อของหน่วยงาน อย่างน้อยประกอบด้วย"),
            ["ที่อยู่หน่วยงาน", "หมายเลขโทรศัพท์", "E-mail", "แผนที่ตั้ง"],
        )
    ]
