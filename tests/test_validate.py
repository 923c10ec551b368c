"""Validation rules, on Checklists built directly from the canonical schema and then perturbed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oitparse.models import Checklist, Evidence, Item, Requirement, Source
from oitparse.schema import load_schema
from oitparse.rules import RULES, TITLE_SIMILARITY_THRESHOLD, resolve_codes, url_problem, validate, year_fits

SCHEMA = load_schema("ita2565")
Y = SCHEMA.assessment_year
THAI = re.compile("[\u0e01-\u0e4e]")

#: Evidence years that satisfy each year rule for assessment year Y.
FITTING_YEARS = {
    "none": [],
    "current": [Y],
    "previous": [Y - 1],
    "first_half": [Y - 1, Y],
    "plan_covers": list(range(Y - 2, Y + 3)),
    "in_force": [Y - 5],
}


def named(years: list[int]) -> str:
    """How a label names these years: " พ.ศ. 2565", " พ.ศ. 2563-2567", or nothing."""
    if not years:
        return ""
    return f" พ.ศ. {min(years)}-{max(years)}" if len(years) > 1 else f" พ.ศ. {years[0]}"


def perfect(fmt: str = "docx") -> Checklist:
    """Every schema item, in order, under its topic, with a distinct, well-dated link."""
    items = [
        Item(
            code=s.code,
            number=s.number,
            title=s.title,
            category=s.topic,
            requirements=[Requirement(text=r.text, elements=list(r.elements)) for r in s.requirements],
            evidence=[
                Evidence(
                    label=f"{s.title}{named(FITTING_YEARS[s.year_rule])} (คลิก)",
                    url=f"https://www.example.go.th/ita/{s.code}.html",
                    link_kind="external",
                    years=FITTING_YEARS[s.year_rule],
                )
            ],
        )
        for s in SCHEMA.items
    ]
    return Checklist(
        schema_name="ita2565",
        agency="จังหวัดทดสอบ",
        assessment_year=Y,
        year_source="document",
        document_year=Y,
        source=Source(name=f"form.{fmt}", format=fmt),
        items=items,
    )


def with_items(checklist: Checklist, items: list[Item]) -> Checklist:
    return checklist.model_copy(update={"items": items})


def changed(checklist: Checklist, code: str, **update) -> Checklist:
    """The checklist with one item's fields replaced."""
    items = [i.model_copy(update=update) if i.code == code else i for i in checklist.items]
    return with_items(checklist, items)


def found(report, code: str) -> list[tuple[str | None, str]]:
    return [(f.item, f.severity) for f in report.findings if f.code == code]


def test_perfect_checklist_has_no_finding():
    report = validate(perfect())
    assert report.findings == []
    assert report.ok and report.schema_name == "ita2565" and report.assessment_year == Y


def test_missing_item():
    cl = perfect()
    report = validate(with_items(cl, [i for i in cl.items if i.code != "o5"]))
    assert found(report, "missing-item") == [("o5", "error")]
    assert not report.ok
    assert "ข้อมูลการติดต่อ" in report.findings[0].message  # names the missing item's title


def test_duplicate_item_is_one_finding_and_no_order_noise():
    cl = perfect()
    report = validate(with_items(cl, [*cl.items, cl.item("o7")]))
    assert found(report, "duplicate-item") == [("o7", "error")]
    assert "2" in report.findings[0].message
    assert found(report, "out-of-order") == []


def test_unknown_item():
    cl = perfect()
    extra = cl.item("o43").model_copy(update={"code": "o44", "number": 44})
    report = validate(with_items(cl, [*cl.items, extra]))
    assert found(report, "unknown-item") == [("o44", "error")]


def test_out_of_order_blames_only_the_moved_item():
    cl = perfect()
    moved = [cl.items[-1], *cl.items[:-1]]  # o43 first
    assert found(validate(with_items(cl, moved)), "out-of-order") == [("o43", "warning")]
    swapped = list(cl.items)
    swapped[4], swapped[5] = swapped[5], swapped[4]  # o6 before o5
    report = validate(with_items(cl, swapped))
    assert len(found(report, "out-of-order")) == 1
    assert found(report, "out-of-order")[0][0] in ("o5", "o6")


@pytest.mark.parametrize("heading", ["การให้บริการ", "การป้องกันการทุจริต", "แผนป้องกันการทุจริต"])
def test_category_mismatch(heading):
    report = validate(changed(perfect(), "o7", category=heading))
    assert found(report, "category-mismatch") == [("o7", "warning")]
    assert "การประชาสัมพันธ์" in report.findings[0].message and heading in report.findings[0].message


@pytest.mark.parametrize(
    "category",
    [
        None,  # the reader found no heading: nothing to compare
        "การประชาสมพันธ์",  # a typo (sara am dropped)
        "การ ประชาสัมพันธ์",  # a stray space
        "ข้อมูลพื้นฐาน",  # the sub-indicator heading that holds the topic
        "การเปิดเผยข้อมูล",  # the indicator heading
    ],
)
def test_category_tolerated(category):
    assert found(validate(changed(perfect(), "o7", category=category)), "category-mismatch") == []


@pytest.mark.parametrize("spec", SCHEMA.items, ids=lambda s: s.code)
def test_swapped_title_is_a_mismatch(spec):
    """Every item given the next item's title is flagged (near-twins such as o42/o43 included)."""
    other = SCHEMA.items[spec.number % len(SCHEMA.items)]
    report = validate(changed(perfect(), spec.code, title=other.title), select=["title-mismatch"])
    assert found(report, "title-mismatch") == [(spec.code, "warning")]


def typos(title: str) -> list[str]:
    """Typing slips: a dropped, a doubled, two swapped characters; spacing."""
    k = len(title) // 2
    return [
        title[:k] + title[k + 1 :],
        title[:k] + title[k] + title[k:],
        title[: k - 1] + title[k] + title[k - 1] + title[k + 1 :],
        title[:k] + " " + title[k:],
        " ".join(title),
    ]


@pytest.mark.parametrize("spec", SCHEMA.items, ids=lambda s: s.code)
def test_typo_title_is_not_a_mismatch(spec):
    cl = perfect()
    for variant in typos(spec.title):
        report = validate(changed(cl, spec.code, title=variant), select=["title-mismatch"])
        assert report.findings == [], variant


@pytest.mark.parametrize("title", ["รายการอาหารกลางวัน", "ประกาศรับสมัครงาน", "ปฏิทินกิจกรรม", "ภาพกิจกรรม",
                                   "เว็บบอร์ด", "ดาวน์โหลดเอกสาร", "Site map", "รายงานการประชุม", "คำสั่งแต่งตั้ง"])
def test_unrelated_title_is_below_the_threshold(title):
    report = validate(changed(perfect(), "o1", title=title), select=["title-mismatch"])
    assert found(report, "title-mismatch") == [("o1", "warning")]
    score = float(re.search(r"similarity (\d\.\d+)", report.findings[0].message).group(1))
    assert score < TITLE_SIMILARITY_THRESHOLD


def test_alias_title_is_accepted():
    spec = next(s for s in SCHEMA.items if s.aliases)
    report = validate(changed(perfect(), spec.code, title=spec.aliases[0]), select=["title-mismatch"])
    assert report.findings == []


def test_no_evidence_without_year_noise():
    report = validate(changed(perfect(), "o7", evidence=[]))  # o7's rule asks for a year
    assert found(report, "no-evidence") == [("o7", "error")]
    assert found(report, "year-unknown") == [] and found(report, "year-mismatch") == []


@pytest.mark.parametrize("fmt, expected", [("docx", [("o3", "warning")]), ("pdf", [("o3", "warning")]), ("text", [])])
def test_no_link_only_where_the_format_carries_links(fmt, expected):
    cl = perfect(fmt)
    bare = Evidence(label="อำนาจหน้าที่ (คลิก)")
    assert found(validate(changed(cl, "o3", evidence=[bare])), "no-link") == expected


@pytest.mark.parametrize(
    "url, reason",
    [
        ("javascript:void(0)", "javascript"),
        ("file:///C:/Users/ita/o1.pdf", "file"),
        ("http:///o1.html", "no_host"),
        ("https://www.example.go.th/ita 2565/o1.pdf", "spaces"),
        ("ftp://www.example.go.th/o1.pdf", "scheme"),
        ("www.example.go.th/o1.pdf", "no_scheme"),
    ],
)
def test_invalid_url(url, reason):
    assert url_problem(url) == reason
    ev = Evidence(label="โครงสร้าง (คลิก)", url=url, link_kind="external")
    report = validate(changed(perfect(), "o1", evidence=[ev]))
    assert found(report, "invalid-url") == [("o1", "error")]
    assert url in report.findings[0].message


@pytest.mark.parametrize("url", ["https://www.example.go.th/o1", "http://10.0.0.1:8080/a?b=1", "mailto:saraban@example.go.th"])
def test_valid_urls(url):
    assert url_problem(url) is None


def test_shared_url_is_one_finding_naming_all_items():
    cl = perfect()
    shared = "https://www.example.go.th/ita/all.html"
    cl = changed(cl, "o1", evidence=[Evidence(label="a", url=shared, link_kind="external")])
    cl = changed(cl, "o2", evidence=[Evidence(label="b", url=shared + "/", link_kind="external")])  # same page
    report = validate(cl)
    assert found(report, "shared-url") == [("o1", "warning")]
    assert "o1" in report.findings[0].message and "o2" in report.findings[0].message


def test_internal_link():
    ev = Evidence(label="โครงสร้าง", url="#page=3", link_kind="internal")
    report = validate(changed(perfect(), "o1", evidence=[ev]))
    assert found(report, "internal-link") == [("o1", "warning")]
    assert found(report, "invalid-url") == []


# code of an item with that rule, evidence years that fail, evidence years that fit
YEAR_CASES = [
    ("o7", "current", [Y - 1], [Y]),
    ("o12", "previous", [Y], [Y - 1]),
    ("o11", "first_half", [Y - 1], [Y - 1, Y]),  # "ต.ค. 64 – มี.ค. 65" names both: fits
    ("o4", "plan_covers", [Y - 5, Y - 4, Y - 3, Y - 2, Y - 1], [Y - 3, Y - 2, Y - 1, Y, Y + 1]),
    ("o25", "in_force", [Y + 1], [Y - 10]),
]


@pytest.mark.parametrize("code, rule, wrong, right", YEAR_CASES, ids=[c[1] for c in YEAR_CASES])
def test_year_rules(code, rule, wrong, right):
    assert SCHEMA.item(code).year_rule == rule
    cl = perfect()

    def ev(years):
        return Evidence(label=f"รายงาน{named(years)}", url=f"https://x.go.th/{code}-{len(years)}", years=years)

    bad = validate(changed(cl, code, evidence=[ev(wrong)]))
    assert found(bad, "year-mismatch") == [(code, "warning")]
    assert str(wrong[0]) in bad.findings[0].message
    assert found(validate(changed(cl, code, evidence=[ev(right)])), "year-mismatch") == []
    # one fitting entry among several is enough
    assert found(validate(changed(cl, code, evidence=[ev(wrong), ev(right)])), "year-mismatch") == []


def test_year_rules_follow_the_checklist_assessment_year():
    cl = perfect().model_copy(update={"assessment_year": Y + 1})
    report = validate(cl)  # every year in the evidence is now a year late
    assert found(report, "year-mismatch")
    assert all(f.item is not None for f in report.findings)
    assert report.assessment_year == Y + 1


def test_no_year_gives_year_unknown_only_when_the_rule_asks_for_one():
    cl = perfect()
    undated = [Evidence(label="ข่าวประชาสัมพันธ์", url="https://x.go.th/news")]
    assert found(validate(changed(cl, "o7", evidence=undated)), "year-unknown") == [("o7", "info")]
    assert found(validate(changed(cl, "o1", evidence=undated)), "year-unknown") == []  # rule none


def test_years_only_in_the_url_are_weak():
    """An /ita2565/ folder dates the assessment, not the report: not fitting -> unknown, not wrong."""
    cl = perfect()
    in_folder = Evidence(label="รายงานผลการดำเนินงานประจำปี (คลิก)", url="https://x.go.th/ita2565/o12.html", years=[Y])
    report = validate(changed(cl, "o12", evidence=[in_folder]))  # o12 wants a report of Y-1
    assert found(report, "year-mismatch") == []
    assert found(report, "year-unknown") == [("o12", "info")]
    assert str(Y) in report.findings[0].message
    labelled = in_folder.model_copy(update={"label": f"รายงานผลการดำเนินงานประจำปี พ.ศ. {Y}"})
    assert found(validate(changed(cl, "o12", evidence=[labelled])), "year-mismatch") == [("o12", "warning")]
    fitting_url = in_folder.model_copy(update={"url": f"https://x.go.th/{Y - 1}/o12.pdf", "years": [Y - 1]})
    assert validate(changed(cl, "o12", evidence=[fitting_url])).findings == []


def test_year_fits_table():
    assert year_fits("none", [], Y)
    assert not year_fits("current", [], Y)
    with pytest.raises(ValueError):
        year_fits("someday", [Y], Y)


def test_year_conflict_is_document_level_and_first():
    cl = perfect().model_copy(update={"year_source": "user", "document_year": Y - 1})
    cl = with_items(cl, [i for i in cl.items if i.code != "o2"])
    report = validate(cl)
    assert [(f.code, f.item) for f in report.findings] == [("year-conflict", None), ("missing-item", "o2")]
    same = perfect().model_copy(update={"year_source": "user", "document_year": Y})
    assert validate(same).findings == []


def messy() -> Checklist:
    """A checklist that trips every rule at least once."""
    cl = perfect().model_copy(update={"year_source": "user", "document_year": Y - 1})
    shared = Evidence(label="shared", url="https://x.go.th/shared", link_kind="external", years=[Y])
    cl = changed(cl, "o1", evidence=[Evidence(label="x", url="javascript:void(0)"), shared])
    cl = changed(cl, "o2", title="แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", category="การให้บริการ", evidence=[shared])
    cl = changed(cl, "o3", evidence=[Evidence(label="no link")])
    cl = changed(cl, "o6", evidence=[])
    cl = changed(cl, "o7", evidence=[Evidence(label=f"ข่าว พ.ศ. {Y - 3}", url="https://x.go.th/7", years=[Y - 3])])
    cl = changed(cl, "o10", evidence=[Evidence(label="z", url="https://x.go.th/10")])
    cl = changed(cl, "o16", evidence=[Evidence(label="r", url="https://x.go.th/report-2563.pdf", years=[2563])])
    cl = changed(cl, "o11", evidence=[Evidence(label="แผน", url="files/o11.pdf", link_kind="external")])
    cl = changed(cl, "o9", evidence=[Evidence(label="bookmark", url="#o9", link_kind="internal")])
    items = [i for i in cl.items if i.code != "o5"]
    items[3], items[4] = items[4], items[3]
    items += [cl.item("o8"), cl.item("o8").model_copy(update={"code": "o44", "number": 44})]
    return with_items(cl, items)


#: Severities as docs/rules.md states them: a change of severity is a change users see.
DOCUMENTED_SEVERITY = {
    "missing-item": "error", "duplicate-item": "error", "unknown-item": "error", "out-of-order": "warning",
    "category-mismatch": "warning", "title-mismatch": "warning", "no-evidence": "error", "no-link": "warning",
    "invalid-url": "error", "relative-link": "warning", "shared-url": "warning", "internal-link": "warning",
    "year-mismatch": "warning", "year-unknown": "info", "year-conflict": "warning",
    "content-year-mismatch": "warning", "dead-link": "error", "link-timeout": "warning",
    "login-required": "warning", "offsite-link": "info", "form-mismatch": "warning", "completeness-unchecked": "info",
}


def test_documented_severities_are_the_rules_severities():
    for code, severity in DOCUMENTED_SEVERITY.items():
        assert RULES[code].severity == severity, code
        assert f"| `{code}` | {severity} |" in (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(
            encoding="utf-8"
        ), code


def test_every_rule_fires_and_findings_are_sorted():
    from oitparse.rules import FORM_RULES  # those fire on a forced form or none: tests/test_forms.py
    from oitparse.rules import NEEDS_LINKS  # those fire on opened links: tests/test_links.py

    report = validate(messy())
    assert {f.code for f in report.findings} == set(RULES) - NEEDS_LINKS - FORM_RULES
    keys = [(-1 if f.item is None else int(f.item[1:]), f.code) for f in report.findings]
    assert keys == sorted(keys)
    for f in report.findings:  # the documented severity of each rule (docs/rules.md), not the table itself
        assert f.severity == DOCUMENTED_SEVERITY.get(f.code, RULES[f.code].severity), f.code


def test_thai_messages():
    en, th = validate(messy(), lang="en"), validate(messy(), lang="th")
    assert [(f.code, f.item) for f in en.findings] == [(f.code, f.item) for f in th.findings]
    for a, b in zip(en.findings, th.findings):
        assert THAI.search(b.message), b.message
        assert a.message != b.message
        assert "{" not in b.message and "{" not in a.message
        if b.item:
            assert b.item in b.message or b.code == "shared-url"


def test_select_and_ignore():
    full = validate(messy())
    only = validate(messy(), select=["missing-item", "no-evidence"])
    assert {f.code for f in only.findings} == {"missing-item", "no-evidence"}
    rest = validate(messy(), ignore=["missing-item"])
    assert len(rest.findings) == len(full.findings) - len(found(full, "missing-item"))
    assert resolve_codes(select=["Missing-Item "], ignore=["missing-item"]) == []
    with pytest.raises(ValueError, match="no-such-rule"):
        validate(messy(), select=["no-such-rule"])
    with pytest.raises(ValueError):
        validate(messy(), lang="fr")


def test_schema_argument_by_name_or_object():
    cl = with_items(perfect(), perfect().items[1:])
    by_name = validate(cl, schema="ita2565")
    by_object = validate(cl, schema=SCHEMA)
    assert by_name.findings == by_object.findings == validate(cl).findings
    assert found(by_name, "missing-item") == [("o1", "error")]


@pytest.mark.parametrize(
    ("url", "relative"),
    [("files/o1.pdf", True), ("/ita/2565/o1.pdf", True), ("../docs/x.pdf", True), ("?id=3", True),
     ("//cdn.go.th/x.pdf", True), ("https://a.go.th/x", False), ("www.example.go.th/o1.pdf", False),
     ("#o1", False), ("mailto:a@b.go.th", False), ("ดูเอกสาร", False), ("", False)],
)
def test_relative_link_is_a_warning_not_an_invalid_url(url, relative):
    cl = changed(perfect(), "o1", evidence=[Evidence(label="x", url=url, link_kind="external", years=[Y])])
    found = {f.code for f in validate(cl).findings if f.item == "o1"}
    assert ("relative-link" in found) is relative
    if relative:
        assert "invalid-url" not in found
        f = next(f for f in validate(cl).findings if f.code == "relative-link")
        assert f.severity == "warning" and url in f.message


def test_every_rule_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"`{code}`" in doc, code
        assert rule.messages["en"] and rule.messages["th"]


def test_package_level_validate_is_the_function_after_importing_the_rules_module():
    import oitparse
    import oitparse.rules  # noqa: F401 - the module is named apart from the function it defines

    report = oitparse.validate(with_items(perfect(), perfect().items[1:]), select=["missing-item"])
    assert [(f.code, f.item) for f in report.findings] == [("missing-item", "o1")]


def test_a_repeated_item_with_evidence_in_one_copy_is_not_without_evidence():
    items = perfect().items
    bare = items[1].model_copy(update={"evidence": []})
    report = validate(with_items(perfect(), [items[0], items[1], bare, *items[2:]]), select=["no-evidence", "duplicate-item"])
    assert [(f.code, f.item) for f in report.findings] == [("duplicate-item", "o2")]


def test_select_accepts_a_comma_separated_string():
    report = validate(with_items(perfect(), perfect().items[1:]), select="missing-item,no-evidence")
    assert [(f.code, f.item) for f in report.findings] == [("missing-item", "o1")]


def test_items_found_counts_only_the_schemas_items_once():
    from oitparse.rules import items_found

    items = perfect().items
    o44 = items[0].model_copy(update={"code": "o44", "number": 44})
    assert items_found(with_items(perfect(), [*items, items[0], o44])) == 43
    assert items_found(with_items(perfect(), items[1:])) == 42
