"""Every year's form: bundled forms detected by themselves, forced with --schema, a document of
no bundled form read without one, and a new year's form turned into a schema with one command.

The checklists are built here (tests/formdocs.py) for each bundled form, in text, HTML (two
table layouts) and DOCX, with codes written several ways; the CLI runs as a user runs it.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

import oitparse
from oitparse import thai
from oitparse.forms import MIN_FIT, detect, title_fit
from oitparse.rules import TITLE_SIMILARITY_THRESHOLD
from oitparse.schema import Schema, available_schemas, load_schema, schema_file_json_schema, year_rule_of

from .formdocs import CODE_STYLES, LAYOUTS, build

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ["ita2564", "ita2565", "ita2566", "ovec2568", "ovec2569"]
AGENCIES = {
    "ita2564": "องค์การบริหารส่วนตำบลบางกะดี",
    "ita2565": "เทศบาลนครรังสิต",
    "ita2566": "โรงพยาบาลสมเด็จพระยุพราชสระแก้ว",
    "ovec2568": "วิทยาลัยเทคนิคชลบุรี",
    "ovec2569": "วิทยาลัยการอาชีพบางปะกง",
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "oitparse", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHAINLP_READ_ONLY": "1", "PATH": "/usr/bin:/bin"}, timeout=300)


def write(tmp_path: Path, name: str, built: tuple[str, bytes]) -> Path:
    path = tmp_path / (name + built[0])
    path.write_bytes(built[1])
    return path


# ------------------------------------------------------------------ the bundled forms


def test_every_form_is_bundled_with_its_source():
    assert set(BUNDLED) <= set(available_schemas())
    counts = {name: len(load_schema(name).items) for name in BUNDLED}
    assert counts == {"ita2564": 43, "ita2565": 43, "ita2566": 43, "ovec2568": 37, "ovec2569": 23}
    for name in BUNDLED:
        schema = load_schema(name)
        assert schema.source.strip(), name
        assert [i.number for i in schema.items] == list(range(1, len(schema.items) + 1))
        assert schema.assessment_year in schema.all_years


@pytest.mark.parametrize("name", BUNDLED)
def test_year_rules_follow_the_requirement_wording(name):
    """The bundled rules are the readings of year_rule_of, the same that reproduce 2565's."""
    schema = load_schema(name)
    for item in schema.items:
        texts = [r.text for r in item.requirements] + [e for r in item.requirements for e in r.elements]
        assert item.year_rule == year_rule_of(texts, schema.assessment_year), (name, item.code)


def test_forms_differences_as_the_sources_say():
    s64, s65, s66 = load_schema("ita2564"), load_schema("ita2565"), load_schema("ita2566")
    differ = [a.code for a, b in zip(s64.items, s65.items) if a.title != b.title]
    assert differ == ["o29", "o30", "o31", "o34", "o36", "o37"]
    assert s64.item("o34").title == "เจตจำนงสุจริตของผู้บริหาร"
    assert s66.item("o10").title == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert [s66.item(f"o{n}").title for n in (31, 32, 33)] == [
        "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่", "การสร้างวัฒนธรรม No Gift Policy",
        "รายงานผลตามนโยบาย No Gift Policy"]
    assert s66.item("o13").year_rule == "previous" and s66.item("o12").year_rule == "first_half"


def test_disputed_titles_carry_their_alternatives():
    ovec = load_schema("ovec2569")
    disputed = {i.code: i.aliases for i in ovec.items if i.confidence == "disputed"}
    assert set(disputed) == {"o18", "o20", "o21", "o22"}
    assert "การขับเคลื่อนนโยบาย No Gift Policy" in disputed["o20"]
    assert "การป้องกันการทุจริต" in [i.name for i in ovec.indicators]  # the second college's 10.2 heading


def test_schema_files_validate_against_the_published_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    published = json.loads((ROOT / "docs" / "schema-file.schema.json").read_text(encoding="utf-8"))
    assert published == schema_file_json_schema(), "regenerate docs/schema-file.schema.json (docs/schemas.md)"
    for name in available_schemas():
        data = json.loads((ROOT / "src" / "oitparse" / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, published)


def test_moit_codes_and_sub_criteria_fit_the_format(tmp_path):
    """A form whose codes are "MOIT 1" with sub-criteria 1.1, 1.2 under an item (no MOIT form ships)."""
    moit = Schema(
        name="moit2568", title="MOIT 2568", assessment_year=2568, code_prefix="MOIT", family="MOPH units",
        indicators=[{"name": "MOIT", "sub_indicators": [{"name": "การเปิดเผยข้อมูล", "topics": ["การเปิดเผยข้อมูล"]}]}],
        items=[
            {"code": "MOIT 1", "title": "หน่วยงานมีการวางระบบโดยการกำหนดมาตรการการเผยแพร่ข้อมูลต่อสาธารณะ ผ่านเว็บไซต์ของหน่วยงาน",
             "topic": "การเปิดเผยข้อมูล",
             "sub_criteria": [{"code": "1.1", "text": "มีบันทึกข้อความ"}, {"code": "1.2", "text": "มีคำสั่ง/ประกาศ"}]},
            {"code": "MOIT 2", "title": "หน่วยงานมีการเปิดเผยข้อมูลข่าวสารที่เป็นปัจจุบัน", "topic": "การเปิดเผยข้อมูล"},
        ],
    )
    assert moit.item("moit1").number == 1 and moit.item("MOIT 2").sub_criteria == []
    assert moit.code_for(22) == "MOIT 22"
    path = tmp_path / "moit.json"
    path.write_text(moit.model_dump_json(), encoding="utf-8")
    text = ("หน่วยงาน: สำนักงานสาธารณสุขจังหวัดนนทบุรี\nMOIT 1 หน่วยงานมีการวางระบบโดยการกำหนดมาตรการการเผยแพร่ข้อมูลต่อสาธารณะ\n"
            "1.1 มีบันทึกข้อความ https://nbo.moph.go.th/moit/1.pdf\n")
    checklist = oitparse.parse(text.encode("utf-8"), schema=path)
    assert [i.code for i in checklist.items] == ["MOIT 1"]
    report = oitparse.validate(checklist)
    assert [f.item for f in report.findings if f.code == "missing-item"] == ["MOIT 2"]


# ------------------------------------------------------------------ detection


CASES = [(name, layout, style) for name in BUNDLED for layout, style in itertools.product(LAYOUTS, CODE_STYLES[:3])]


@pytest.mark.parametrize(("name", "layout", "style"), CASES)
def test_each_form_is_detected_and_validated(name, layout, style):
    """Detected as its form; the items left out are missing, the repeated one a duplicate;
    no unknown-item, no title-mismatch (a 23-item form does not flag its own titles)."""
    schema = load_schema(name)
    k = CASES.index((name, layout, style))
    drop = {3, len(schema.items) - 1} if k % 2 else {1}
    repeat = 5 if k % 3 == 0 else None
    _, data = build(schema, layout, year=schema.assessment_year, agency=AGENCIES[name], code_style=style,
                    drop=drop, repeat=repeat)
    checklist = oitparse.parse(data)
    assert checklist.schema_name == name, checklist.form
    assert checklist.form.method == "detected" and checklist.form.score >= 0.85
    assert checklist.agency == AGENCIES[name]
    report = oitparse.validate(checklist)
    by_rule: dict[str, list] = {}
    for f in report.findings:
        by_rule.setdefault(f.code, []).append(f.item)
    assert sorted(by_rule.get("missing-item", [])) == sorted(schema.code_for(n) for n in drop)
    assert by_rule.get("duplicate-item", []) == ([schema.code_for(5)] if repeat else [])
    for noise in ("unknown-item", "title-mismatch", "category-mismatch", "out-of-order", "form-mismatch",
                  "completeness-unchecked", "year-mismatch"):
        assert noise not in by_rule, (noise, by_rule[noise])


@pytest.mark.parametrize("name", BUNDLED)
def test_a_few_items_with_typos_still_find_their_form(name):
    schema = load_schema(name)
    keep = [i.number for i in schema.items][:: max(1, len(schema.items) // 8)]
    drop = {i.number for i in schema.items} - set(keep)
    typos = {n: schema.item_by_number(n).title.replace("การ", "กาar", 1) for n in keep[:2]}
    _, data = build(schema, "html", year=schema.assessment_year, agency="โรงเรียนบ้านหนองบัว", drop=drop, titles=typos)
    assert oitparse.parse(data).schema_name == name


def test_2564_and_2565_told_apart_by_the_year_when_titles_agree():
    s64 = load_schema("ita2564")
    same = {i.number for i in s64.items if i.title == load_schema("ita2565").item(i.code).title}
    only_shared = set(range(1, 44)) - same
    for year, want in ((2564, "ita2564"), (2565, "ita2565")):
        _, data = build(s64, "html", year=year, agency="เทศบาลนครรังสิต", drop=only_shared)
        assert oitparse.parse(data).schema_name == want


def test_2566_forced_to_2565_gets_form_mismatch(tmp_path):
    s66 = load_schema("ita2566")
    path = write(tmp_path, "ita2566", build(s66, "docx", year=2566, agency=AGENCIES["ita2566"]))
    r = run("validate", str(path), "--schema", "ita2565", "--format", "json")
    assert r.returncode in (0, 1), r.stderr  # all 43 codes exist in 2565: titles and the form differ
    (result,) = json.loads(r.stdout)
    codes = [f["code"] for f in result["report"]["findings"]]
    assert "form-mismatch" in codes
    mismatch = next(f for f in result["report"]["findings"] if f["code"] == "form-mismatch")
    assert "ita2566" in mismatch["message"]
    # forced to its own form: no mismatch
    r = run("validate", str(path), "--schema", "ita2566", "--format", "json")
    assert "form-mismatch" not in r.stdout and r.returncode == 0, r.stdout[-2000:]


def test_forced_schema_is_kept_by_the_checklist(tmp_path):
    s66 = load_schema("ita2566")
    _, data = build(s66, "html", year=2566, agency=AGENCIES["ita2566"], drop={7})
    custom = s66.model_copy(update={"name": "mine"})
    checklist = oitparse.parse(data, schema=custom)
    assert checklist.schema_name == "mine" and checklist.schema_data is not None
    report = oitparse.validate(checklist)
    assert report.schema_name == "mine"
    assert [f.item for f in report.findings if f.code == "missing-item"] == ["o7"]
    again = oitparse.Checklist.model_validate(json.loads(checklist.model_dump_json()))
    assert oitparse.validate(again).model_dump() == report.model_dump()
    # a bundled form by name, a file by path
    by_name = oitparse.Checklist.model_validate_json(oitparse.parse(data, schema="ita2566").model_dump_json())
    assert by_name.schema_name == "ita2566" and by_name.schema_data is None and by_name.schema_file is None
    assert oitparse.validate(by_name).schema_name == "ita2566"
    path = tmp_path / "mine.json"
    path.write_text(custom.model_dump_json(), encoding="utf-8")
    from_file = oitparse.Checklist.model_validate_json(oitparse.parse(data, schema=path).model_dump_json())
    assert from_file.schema_file == str(path.resolve())
    assert [f.item for f in oitparse.validate(from_file).findings if f.code == "missing-item"] == ["o7"]


def test_parse_json_names_the_form_and_why(tmp_path):
    s69 = load_schema("ovec2569")
    path = write(tmp_path, "college", build(s69, "text", year=2569, agency=AGENCIES["ovec2569"]))
    r = run("parse", str(path))
    data = json.loads(r.stdout)
    assert data["schema_name"] == "ovec2569" and data["form"]["method"] == "detected"
    assert "titles" in data["form"]["reason"] and data["form"]["scores"]["ovec2569"] == data["form"]["score"]


# ------------------------------------------------------------------ no bundled form fits

def _invented() -> Schema:
    """A form of a year nobody shipped: 18 items, reordered, new titles, requirements dated 2570."""
    titles = [
        ("ข้อมูลพื้นฐาน", "ผังองค์กรและผู้รับผิดชอบข้อมูลสาธารณะ", ["แสดงผังองค์กรและผู้รับผิดชอบข้อมูล"]),
        ("ข้อมูลพื้นฐาน", "ช่องทางติดต่อและแผนที่", ["แสดงที่อยู่ หมายเลขโทรศัพท์ และแผนที่"]),
        ("ข้อมูลพื้นฐาน", "ระบบรับฟังความเห็นประชาชนออนไลน์", ["แสดงช่องทางรับฟังความเห็นของประชาชน"]),
        ("ข้อมูลพื้นฐาน", "ชุดข้อมูลเปิดของหน่วยงาน (Open Data)", ["แสดงชุดข้อมูลเปิดที่เผยแพร่ในปี พ.ศ. 2570"]),
        ("การบริหารงาน", "แผนปฏิบัติการดิจิทัลประจำปี", ["เป็นแผนที่มีระยะเวลาบังคับใช้ในปี พ.ศ. 2570"]),
        ("การบริหารงาน", "ผลการดำเนินการตามแผนดิจิทัล", ["เป็นรายงานผลของปี พ.ศ. 2569"]),
        ("การบริหารงาน", "ความก้าวหน้าโครงการสำคัญ", ["มีข้อมูลครอบคลุมในระยะเวลา 6 เดือนแรกของปี พ.ศ. 2570"]),
        ("การบริหารงาน", "ประกาศผู้ชนะการเสนอราคา", ["เป็นข้อมูลการจัดซื้อจัดจ้างในปี พ.ศ. 2570"]),
        ("การบริหารงาน", "ผลสำรวจความต้องการของผู้รับบริการ", ["เป็นรายงานผลของปี พ.ศ. 2569"]),
        ("การบริหารงาน", "ระเบียบการลาและสวัสดิการ", ["เป็นข้อมูลที่ยังใช้บังคับในปี พ.ศ. 2570"]),
        ("การต่อต้านการทุจริต", "ประกาศเจตจำนงต่อต้านสินบน", ["เป็นการดำเนินการในปี พ.ศ. 2570"]),
        ("การต่อต้านการทุจริต", "ทะเบียนผลประโยชน์ทับซ้อน", ["เป็นการดำเนินการในปี พ.ศ. 2570"]),
        ("การต่อต้านการทุจริต", "การตรวจสอบภายในประจำปี", ["เป็นรายงานผลของปี พ.ศ. 2569"]),
        ("การต่อต้านการทุจริต", "แผนบริหารความเสี่ยงสามปี", ["เป็นแผนที่มีระยะเวลาบังคับใช้ครอบคลุมปี พ.ศ. 2570"]),
        ("การต่อต้านการทุจริต", "การคุ้มครองผู้แจ้งเบาะแส", ["แสดงมาตรการคุ้มครองผู้แจ้งเบาะแส"]),
        ("การต่อต้านการทุจริต", "สถิติการลงโทษทางวินัย", ["เป็นการดำเนินการในปี พ.ศ. 2570"]),
        ("ความโปร่งใส", "รายงานการเงินที่ผ่านการตรวจสอบ", ["เป็นรายงานผลของปี พ.ศ. 2569"]),
        ("ความโปร่งใส", "การเปิดเผยค่าใช้จ่ายเดินทางของผู้บริหาร", ["เป็นการดำเนินการในปี พ.ศ. 2570"]),
    ]
    topics = list(dict.fromkeys(t for t, _, _ in titles))
    items = []
    for n, (topic, title, reqs) in enumerate(titles, start=1):
        rule = year_rule_of(reqs, 2570)
        items.append({"code": f"o{n}", "title": title, "topic": topic, "year_rule": rule,
                      "requirements": [{"text": r} for r in reqs]})
    return Schema(name="truth2570", title="แบบ OIT 2570", assessment_year=2570,
                  indicators=[{"name": "ตัวชี้วัดทดสอบ", "sub_indicators": [{"name": t, "topics": [t]} for t in topics]}],
                  items=items)


def test_a_form_nobody_shipped_is_read_without_one():
    truth = _invented()
    _, data = build(truth, "html", year=2570, agency="สถานีตำรวจภูธรเมืองนนทบุรี", drop={4}, repeat=2)
    checklist = oitparse.parse(data)
    assert checklist.schema_name is None and checklist.form.method == "none"
    assert checklist.form.score < MIN_FIT
    assert checklist.agency == "สถานีตำรวจภูธรเมืองนนทบุรี"
    assert [i.code for i in checklist.items] == ["o1", "o2", "o2", "o3", *[f"o{n}" for n in range(5, 19)]]
    assert checklist.item("o5").title == "แผนปฏิบัติการดิจิทัลประจำปี"
    assert checklist.item("o5").requirements[0].text == "เป็นแผนที่มีระยะเวลาบังคับใช้ในปี พ.ศ. 2570"
    assert checklist.item("o6").evidence[0].url.endswith("/6/1.pdf")
    report = oitparse.validate(checklist)
    codes = {f.code for f in report.findings}
    assert "completeness-unchecked" in codes and "duplicate-item" in codes
    assert not codes & {"missing-item", "unknown-item", "title-mismatch", "year-mismatch"}
    assert report.schema_name is None


def test_schema_infer_then_validate_finds_exactly_the_items_left_out(tmp_path):
    """End to end through the CLI: the blank form of an invented year (DOCX) -> a schema file ->
    validate --schema on a filled checklist of it (HTML) finds exactly the items left out."""
    truth = _invented()
    blank = tmp_path / "blank2570.docx"
    _, docx = build(truth, "docx", year=2570, agency="", host="blank.invalid")
    blank.write_bytes(_blank(docx))
    out = tmp_path / "ita2570.json"
    r = run("schema", "infer", str(blank), "--name", "ita2570", "-o", str(out))
    assert r.returncode == 0, r.stderr
    inferred = json.loads(out.read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(inferred, schema_file_json_schema())
    schema = Schema.model_validate(inferred)
    assert [(i.code, i.title, i.topic, i.year_rule) for i in schema.items] == [
        (i.code, i.title, i.topic, i.year_rule) for i in truth.items]
    assert [r.text for r in schema.item("o6").requirements] == ["เป็นรายงานผลของปี พ.ศ. 2569"]
    assert schema.assessment_year == 2570

    left_out = {4, 11, 18}
    filled = write(tmp_path, "filled", build(truth, "html", year=2570, agency="สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (องค์การมหาชน)",
                                             drop=left_out))
    r = run("validate", str(filled), "--schema", str(out), "--format", "json")
    assert r.returncode == 1, r.stderr
    (result,) = json.loads(r.stdout)
    findings = result["report"]["findings"]
    assert sorted(f["item"] for f in findings if f["code"] == "missing-item") == sorted(f"o{n}" for n in left_out)
    assert not [f for f in findings if f["code"] in ("unknown-item", "title-mismatch", "form-mismatch",
                                                      "year-mismatch", "completeness-unchecked")]
    assert [f["code"] for f in findings if f["severity"] == "error"] == ["missing-item"] * 3
    r = run("schema", str(out))
    assert r.returncode == 0 and "ita2570" in r.stdout


def _blank(docx: bytes) -> bytes:
    """The form with its evidence column emptied (the NACC's blank form)."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb"<w:p><w:hyperlink.*?</w:hyperlink></w:p>", b"", data)
            z.writestr(info, data)
    return out.getvalue()


def test_schema_list_and_usage(tmp_path):
    r = run("schema", "list")
    assert r.returncode == 0 and all(name in r.stdout for name in BUNDLED)
    assert run("schema", "infer").returncode == 2
    r = run("validate", "x.txt", "--schema", str(tmp_path / "none.json"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1


# ------------------------------------------------------------------ numbers tuned on 2565


@pytest.mark.parametrize("name", BUNDLED)
def test_title_threshold_holds_on_every_form(name):
    """A typo of a form's title stays above TITLE_SIMILARITY_THRESHOLD and nearer its own title
    than any other of the form's; detection's title fit reads it as its own."""
    schema = load_schema(name)
    for item in schema.items:
        title = item.title
        for typo in (title[:-1] if len(title) > 6 else title, title.replace("า", "", 1), " ".join(title)):
            own = max(thai.similarity(typo, t) for t in [title, *item.aliases])
            assert own >= TITLE_SIMILARITY_THRESHOLD, (name, item.code, typo, own)
            rival = max(thai.similarity(typo, t) for o in schema.items if o.code != item.code for t in [o.title, *o.aliases])
            assert rival <= own, (name, item.code, typo)
            assert title_fit(typo, [title]) >= 0.6


def test_detection_margins_between_forms():
    """Each form's exact titles fit it 1.0 and every other bundled form less than the tie margin allows."""
    for name in BUNDLED:
        schema = load_schema(name)
        _, data = build(schema, "html", year=schema.assessment_year, agency="เทศบาลตำบลคลองหลวง")
        checklist = oitparse.parse(data)
        scores = checklist.form.scores
        assert scores[name] == 1.0
        others = sorted((s for n, s in scores.items() if n != name), reverse=True)
        assert others[0] < 0.99, (name, scores)


@pytest.mark.parametrize(
    "agency",
    ["โรงเรียนบ้านหนองบัว (ประชาสามัคคี)", "วิทยาลัยเทคนิคชลบุรี", "มหาวิทยาลัยเทคโนโลยีราชมงคลธัญบุรี",
     "โรงพยาบาลสมเด็จพระยุพราชสระแก้ว", "สำนักงานสาธารณสุขจังหวัดนนทบุรี", "สถานีตำรวจภูธรเมืองนนทบุรี",
     "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (องค์การมหาชน)", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 1",
     "องค์การบริหารส่วนตำบลบางกะดี", "เทศบาลเมืองบ้านสวน", "องค์การบริหารส่วนจังหวัดเชียงใหม่"],
)
def test_agency_names_of_every_family(agency):
    schema = load_schema("ita2566")
    _, data = build(schema, "text", year=2566, agency=agency, drop=set(range(8, 44)))
    assert oitparse.parse(data).agency == agency
