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


# --------------------------------------------------------------------------- gaps found by mutation testing
# (docs/testing.md, "Mutation testing": each test below fails under mutants of rules.py that the
# tests above let through)


def messages(report, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def test_out_of_order_message_names_where_the_form_and_the_document_put_the_item():
    cl = perfect()
    first = validate(with_items(cl, [cl.items[-1], *cl.items[:-1]]), select=["out-of-order"])  # o43 first
    assert messages(first, "out-of-order") == [
        "item o43 is out of order: the form puts it after o42, the document after the start"]
    last = validate(with_items(cl, [*cl.items[1:], cl.items[0]]), select=["out-of-order"])  # o1 last
    assert messages(last, "out-of-order") == [
        "item o1 is out of order: the form puts it after the start, the document after o43"]
    middle = list(cl.items)
    middle.insert(2, middle.pop(9))  # o10 between o2 and o3
    report = validate(with_items(cl, middle), select=["out-of-order"], lang="th")
    assert messages(report, "out-of-order") == [
        "ข้อ o10 อยู่ผิดลำดับ: แบบฟอร์มให้อยู่ถัดจาก o9 แต่ในเอกสารอยู่ถัดจาก o2"]


def test_a_checklist_without_known_items_is_all_missing_and_nothing_out_of_order():
    for items in ([], [perfect().item("o1").model_copy(update={"code": "o44", "number": 44})]):
        report = validate(with_items(perfect(), items))
        assert len(found(report, "missing-item")) == 43
        assert found(report, "out-of-order") == []


def test_an_unknown_code_repeated_is_one_unknown_item_finding():
    cl = perfect()
    o44 = cl.item("o43").model_copy(update={"code": "o44", "number": 44})
    report = validate(with_items(cl, [*cl.items, o44, o44]), select=["unknown-item", "duplicate-item"])
    assert [(f.code, f.item) for f in report.findings] == [("duplicate-item", "o44"), ("unknown-item", "o44")]
    assert "o44 occurs 2 times" in report.findings[0].message and "ita2565" in report.findings[1].message


@pytest.mark.parametrize(("url", "reason"), [("mailto:saraban", "no_host"), ("http://[2001:db8::1/o1.pdf", "malformed")])
def test_url_problem_of_an_address_less_mailto_and_a_broken_ipv6_host(url, reason):
    assert url_problem(url) == reason
    ev = Evidence(label="ติดต่อ (คลิก)", url=url, link_kind="external")
    (message,) = messages(validate(changed(perfect(), "o5", evidence=[ev]), select=["invalid-url"]), "invalid-url")
    assert message.endswith({"no_host": "it has no host", "malformed": "it is malformed"}[reason])


def test_shared_url_compares_scheme_and_host_case_blind_but_keeps_host_path_and_query_apart():
    def shared(a: str, b: str) -> list:
        cl = changed(perfect(), "o1", evidence=[Evidence(label="a", url=a, link_kind="external")])
        cl = changed(cl, "o2", evidence=[Evidence(label="b", url=b, link_kind="external")])
        return found(validate(cl, select=["shared-url"]), "shared-url")

    assert shared("https://www.example.go.th/ita/x.pdf", "HTTPS://WWW.Example.go.th/ita/x.pdf/") == [("o1", "warning")]
    assert shared("https://a.go.th/ita/x.pdf", "https://b.go.th/ita/x.pdf") == []
    assert shared("https://a.go.th/view?id=1", "https://a.go.th/view?id=2") == []
    assert shared("https://a.go.th/view?id=1", "https://a.go.th/view?id=1") == [("o1", "warning")]
    assert shared("https://a.go.th/docX", "https://a.go.th/doc") == []


def test_year_fits_names_the_unknown_rule():
    with pytest.raises(ValueError, match="'someday'"):
        year_fits("someday", [Y], Y)


def test_year_mismatch_says_which_year_the_rule_expects():
    ev = Evidence(label=f"รายงานผล พ.ศ. {Y}", url="https://x.go.th/o12.pdf", years=[Y])  # o12: previous
    (message,) = messages(validate(changed(perfect(), "o12", evidence=[ev])), "year-mismatch")
    assert message == f"the evidence of item o12 names {Y}; expected a report of the year {Y - 1}"
    ev = Evidence(label=f"ข่าว พ.ศ. {Y - 2}", url="https://x.go.th/o7.html", years=[Y - 2])  # o7: current
    (message,) = messages(validate(changed(perfect(), "o7", evidence=[ev])), "year-mismatch")
    assert message == f"the evidence of item o7 names {Y - 2}; expected the year {Y}"


@pytest.mark.parametrize(
    ("code", "file_year", "stale"),
    [
        ("o12", Y - 1, False),  # previous: last year's report is the right one
        ("o12", Y - 2, True),
        ("o7", Y - 1, True),  # current: last year's file is stale
        ("o7", Y, False),
        ("o25", Y - 10, False),  # in_force: an old rule is still in force
        ("o1", Y - 10, False),  # none: no year asked
    ],
)
def test_content_year_mismatch_by_the_file_name(code, file_year, stale):
    ev = Evidence(label="เอกสาร (คลิก)", url=f"https://x.go.th/files/report-{file_year}.pdf", link_kind="external")
    report = validate(changed(perfect(), code, evidence=[ev]), select=["content-year-mismatch"])
    expected = [f"the document {ev.url} of item {code} names {file_year} in its file name; expected "] if stale else []
    assert [m[: len(expected[0])] for m in messages(report, "content-year-mismatch")] == expected


def test_items_found_counts_against_the_schema_given():
    from oitparse.rules import items_found

    first_ten = SCHEMA.model_copy(update={"items": SCHEMA.items[:10]})
    assert items_found(perfect(), first_ten) == 10
    assert items_found(perfect()) == 43


def test_link_rules_on_given_link_results():
    """The link rules read the results of check_links; built here by hand, no server needed."""
    from oitparse.links import LinkResult
    from oitparse.rules import NEEDS_LINKS

    own = "https://www.example.go.th/ita"
    cl = perfect()
    for n in (5, 6, 7):  # three items filed on a file host, more than on any one agency page
        cl = changed(cl, f"o{n}", evidence=[Evidence(label=f"e{n}", url=f"https://drive.google.com/file/d/{n}",
                                                     link_kind="external", years=FITTING_YEARS[SCHEMA.item(f'o{n}').year_rule])])
    cl = changed(cl, "o3", evidence=[Evidence(label="no url")])
    results = [
        LinkResult(url=f"{own}/o1.html", outcome="dead", status=404, error="HTTP 404", error_kind="http"),
        LinkResult(url=f"{own}/o2.html", outcome="dead", error="[Errno -2] Name or service not known", error_kind="dns"),
        LinkResult(url=f"{own}/o4.html", outcome="timeout", error="no answer in 10 s", error_kind="timeout", elapsed=10.0),
        LinkResult(url=f"{own}/o8.html", outcome="login", final_url="https://accounts.google.com/signin"),
        LinkResult(url=f"{own}/o9.html", outcome="ok", final_url="https://other.go.th/o9.pdf"),
        LinkResult(url=f"{own}/o10.html", outcome="ok"),
        *(LinkResult(url=f"https://drive.google.com/file/d/{n}", outcome="ok") for n in (5, 6, 7)),
    ]
    report = validate(cl, links=results, select=sorted(NEEDS_LINKS))
    assert [(f.code, f.item) for f in report.findings] == [
        ("dead-link", "o1"), ("dead-link", "o2"), ("link-timeout", "o4"),
        ("offsite-link", "o5"), ("offsite-link", "o6"), ("offsite-link", "o7"),
        ("login-required", "o8"), ("offsite-link", "o8"), ("offsite-link", "o9"),
    ]
    by = {(f.code, f.item): f.message for f in report.findings}
    assert by["dead-link", "o1"].endswith("does not open (HTTP 404)")
    assert by["dead-link", "o2"].endswith("does not open (the host name does not resolve)")
    assert by["link-timeout", "o4"].endswith("(no answer in 10 s)")
    assert "asks for a sign-in (https://accounts.google.com/signin)" in by["login-required", "o8"]
    assert by["offsite-link", "o5"].endswith("outside the agency's site (example.go.th): https://drive.google.com/file/d/5")
    assert by["offsite-link", "o9"].endswith("(example.go.th): https://other.go.th/o9.pdf")
    th = validate(cl, links=results, select=["dead-link"], lang="th")
    assert th.findings[1].message.endswith("(ไม่พบชื่อโฮสต์ (DNS))")
    assert validate(cl, select=sorted(NEEDS_LINKS)).findings == []  # links not opened: silent



def test_rules_read_past_entries_and_items_they_skip():
    """A skipped entry (no URL, no heading, a tolerated heading) does not end the rule's look at the rest."""
    cl = perfect()
    cl = changed(cl, "o1", evidence=[Evidence(label="ไม่มีลิงก์"), Evidence(label="x", url="javascript:void(0)")])
    assert found(validate(cl, select=["invalid-url"]), "invalid-url") == [("o1", "error")]
    shared = "https://www.example.go.th/ita/all.html"
    cl = changed(perfect(), "o1", evidence=[Evidence(label="ไม่มีลิงก์"), Evidence(label="a", url=shared)])
    cl = changed(cl, "o2", evidence=[Evidence(label="b", url=shared)])
    assert found(validate(cl, select=["shared-url"]), "shared-url") == [("o1", "warning")]
    cl = changed(perfect(), "o6", category=None)
    cl = changed(cl, "o7", category="การประชาสมพันธ์")  # a typo of its own topic: tolerated
    cl = changed(cl, "o8", category="การให้บริการ")
    assert found(validate(cl, select=["category-mismatch"]), "category-mismatch") == [("o8", "warning")]


def test_shared_url_message_and_what_is_not_shared():
    cl = changed(perfect(), "o1", evidence=[Evidence(label="a", url="HTTPS://WWW.Example.go.th/ita/x.pdf")])
    cl = changed(cl, "o2", evidence=[Evidence(label="b", url="https://www.example.go.th/ita/x.pdf")])
    cl = changed(cl, "o3", evidence=[Evidence(label="c", url="https://www.example.go.th/ita/x.pdf/")])
    (message,) = messages(validate(cl, select=["shared-url"]), "shared-url")
    assert message == "the same URL HTTPS://WWW.Example.go.th/ita/x.pdf is evidence of items o1, o2, o3"
    # a contact address and a broken link repeated over items are not "one page for several items"
    for url, kind in (("mailto:saraban@example.go.th", "mailto"), ("javascript:void(0)", "external")):
        cl = changed(perfect(), "o4", evidence=[Evidence(label="a", url=url, link_kind=kind)])
        cl = changed(cl, "o5", evidence=[Evidence(label="b", url=url, link_kind=kind)])
        assert found(validate(cl, select=["shared-url"]), "shared-url") == [], url


def test_year_messages_name_every_year_found():
    ev = Evidence(label=f"ข่าว พ.ศ. {Y - 3}-{Y - 2}", url="https://x.go.th/o7.html", years=[Y - 3, Y - 2])
    (message,) = messages(validate(changed(perfect(), "o7", evidence=[ev])), "year-mismatch")
    assert f"names {Y - 3}, {Y - 2};" in message
    in_urls = [Evidence(label="รายงาน (คลิก)", url=f"https://x.go.th/ita{Y}/{n}.pdf", years=[Y + n]) for n in (0, 1)]
    (message,) = messages(validate(changed(perfect(), "o12", evidence=in_urls)), "year-unknown")
    assert message == f"the evidence of item o12 names no year (only its links name {Y}, {Y + 1}); expected a report of the year {Y - 1}"
    undated = [Evidence(label="รายงาน (คลิก)", url="https://x.go.th/o12.pdf")]
    (message,) = messages(validate(changed(perfect(), "o12", evidence=undated)), "year-unknown")
    assert message == f"the evidence of item o12 names no year; expected a report of the year {Y - 1}"


def test_internal_link_message_names_the_bookmark():
    ev = Evidence(label="โครงสร้าง", url="#page=3", link_kind="internal")
    (message,) = messages(validate(changed(perfect(), "o1", evidence=[ev])), "internal-link")
    assert message == "evidence 'โครงสร้าง' of item o1 links inside the document (#page=3), not to a web page"


def test_form_rules_on_a_forced_form_and_on_none():
    from oitparse.models import FormMatch

    given = FormMatch(method="given", best="ita2566", reason="titles 0.98, year 2566")
    report = validate(perfect().model_copy(update={"form": given}), select=["form-mismatch"])
    assert [(f.code, f.item, f.message) for f in report.findings] == [
        ("form-mismatch", None, "the document was read against ita2565, but ita2566 fits it better (titles 0.98, year 2566)")]
    for form in (FormMatch(method="given", best="ita2565"), FormMatch(method="detected", best="ita2566"),
                 FormMatch(method="given", best=None)):
        assert validate(perfect().model_copy(update={"form": form}), select=["form-mismatch"]).findings == [], form
    without = perfect().model_copy(update={"schema_name": None, "form": FormMatch(method="none", reason="no form above 0.5")})
    report = validate(without)
    assert [(f.code, f.item) for f in report.findings] == [("completeness-unchecked", None)]
    assert "read without a form (no form above 0.5)" in report.findings[0].message


def test_one_finding_per_item_code_and_items_after_a_blank_title_are_still_read():
    bare = perfect().item("o7").model_copy(update={"evidence": []})
    items = [i for i in perfect().items if i.code != "o7"]
    report = validate(with_items(perfect(), [*items, bare, bare]), select=["no-evidence"])
    assert found(report, "no-evidence") == [("o7", "error")]
    cl = changed(changed(perfect(), "o1", title=" "), "o2", title="รายงานการประชุม")
    assert found(validate(cl, select=["title-mismatch"]), "title-mismatch") == [("o2", "warning")]


def test_content_year_mismatch_by_file_name_names_every_year_and_every_item():
    cl = perfect()
    for code in ("o7", "o16"):  # the year Y (current), a report of Y-1 (previous): both older
        ev = Evidence(label="เอกสาร (คลิก)", url=f"https://x.go.th/{code}-{Y - 4}-{Y - 3}.pdf")
        cl = changed(cl, code, evidence=[ev])
    report = validate(cl, select=["content-year-mismatch"])
    assert [(f.item, f.message.split(" names ")[1].split(" in its")[0]) for f in report.findings] == [
        ("o7", f"{Y - 4}, {Y - 3}"), ("o16", f"{Y - 4}, {Y - 3}")]


def test_content_year_mismatch_by_what_the_linked_documents_name():
    from oitparse.links import LinkResult

    cl = perfect()
    url = {c: cl.item(c).evidence[0].url for c in ("o1", "o7", "o12")}
    results = [
        LinkResult(url=url["o12"], outcome="ok", years=[Y - 3]),  # previous: a report of Y-1 wanted
        LinkResult(url=url["o7"], outcome="ok", years=[Y]),  # current: fits
        LinkResult(url=url["o1"], outcome="ok", years=[Y - 9]),  # no year rule
    ]
    report = validate(cl, links=results, select=["content-year-mismatch"])
    assert [(f.item, f.message) for f in report.findings] == [
        ("o12", f"the document {url['o12']} of item o12 names {Y - 3} on its first pages; "
                f"expected a report of the year {Y - 1}")]


def test_error_messages_list_what_is_known():
    with pytest.raises(ValueError, match="unknown language 'fr'; use one of: en, th"):
        validate(perfect(), lang="fr")
    with pytest.raises(ValueError, match="unknown rule code 'no-such-rule'; known: missing-item, duplicate-item, "):
        validate(perfect(), select=["no-such-rule"])


def test_which_form_and_year_validate_checks_against(tmp_path):
    cl = perfect()
    first_ten = SCHEMA.model_copy(update={"items": SCHEMA.items[:10], "name": "first_ten"})
    # given: wins over the one the checklist was read with
    assert validate(cl, schema="ita2566").schema_name == "ita2566"
    assert len(found(validate(cl, schema=first_ten), "unknown-item")) == 33
    # kept on the checklist: its name, its data, its file
    assert validate(cl.model_copy(update={"schema_name": "ita2566"})).schema_name == "ita2566"
    by_data = cl.model_copy(update={"schema_name": None, "schema_data": first_ten.model_dump(mode="json")})
    assert validate(by_data).schema_name == "first_ten"
    path = tmp_path / "first_ten.json"
    path.write_text(first_ten.model_dump_json(), encoding="utf-8")
    by_file = cl.model_copy(update={"schema_name": None, "schema_file": str(path)})
    assert validate(by_file).schema_name == "first_ten"
    # no record of a form at all: the default form; the year is the form's when the checklist has none
    bare = cl.model_copy(update={"schema_name": None, "assessment_year": None})
    report = validate(bare)
    assert (report.schema_name, report.assessment_year) == ("ita2565", SCHEMA.assessment_year)
    assert validate(cl.model_copy(update={"assessment_year": Y + 1})).assessment_year == Y + 1


def test_a_checklist_read_without_a_form_and_without_a_year():
    from oitparse.models import FormMatch

    cl = perfect().model_copy(update={"schema_name": None, "assessment_year": None, "year_source": None,
                                      "document_year": None, "form": FormMatch(method="none")})
    report = validate(cl)
    assert (report.schema_name, report.assessment_year) == (None, None)
    assert [f.code for f in report.findings] == ["completeness-unchecked"]


def test_link_results_may_be_given_as_a_mapping():
    from oitparse.links import LinkResult

    url = perfect().item("o1").evidence[0].url
    dead = LinkResult(url=url, outcome="dead", status=404, error="HTTP 404", error_kind="http")
    for links in ({url: dead}, [dead]):
        assert found(validate(perfect(), links=links, select=["dead-link"]), "dead-link") == [("o1", "error")]


def test_title_mismatch_says_when_the_title_is_another_items():
    swapped = validate(changed(perfect(), "o1", title=SCHEMA.item("o2").title), select=["title-mismatch"])
    assert swapped.findings[0].message.endswith("; closer to o2's title")
    closer = validate(changed(perfect(), "o1", title="รายการอาหารกลางวัน"), select=["title-mismatch"])
    assert closer.findings[0].message.endswith("; closer to o16's title")  # unrelated, but nearer to o16's
    unrelated = validate(changed(perfect(), "o1", title="คำสั่งแต่งตั้ง"), select=["title-mismatch"])
    assert unrelated.findings[0].message == "item o1 is titled 'คำสั่งแต่งตั้ง', the form says 'โครงสร้าง' (similarity 0.13)"


def test_offsite_link_finds_the_agency_site_by_counting_its_own_links():
    from oitparse.links import LinkResult

    own, drive = "https://www.example.go.th/ita", "https://drive.google.com/file/d"

    def ev(url: str | None) -> Evidence:
        return Evidence(label="หลักฐาน", url=url, link_kind="external" if url else None)

    evidence = {
        "o1": [ev("https://www.other.go.th/o1.pdf")],
        "o2": [ev(None), ev(f"{own}/o2.html")],
        "o3": [ev(f"{own}/o3.html")],
        "o4": [ev(f"{own}/o4.html"), ev(f"{own}/o4.html"), ev(f"{drive}/4")],
        "o5": [ev(f"{own}/o5.html")],
        "o6": [ev(f"{drive}/6"), ev(f"{drive}/6")],
        "o7": [ev(f"{drive}/7")], "o8": [ev(f"{drive}/8")], "o9": [ev(f"{drive}/9")],
        "o10": [ev("https://gone.go.th/o10.pdf")],
    }
    cl = perfect()
    for code, entries in evidence.items():
        cl = changed(cl, code, evidence=entries)
    dead = {f"{own}/o2.html", f"{own}/o4.html", "https://gone.go.th/o10.pdf"}
    results = [LinkResult(url=e.url, outcome="dead" if e.url in dead else "ok", error="HTTP 404", error_kind="http")
               for entries in evidence.values() for e in entries if e.url]
    report = validate(cl, links=results, select=["dead-link", "offsite-link"])
    # the file host outnumbers the agency's own pages, but is never the agency's site
    assert [(f.code, f.item) for f in report.findings] == [
        ("offsite-link", "o1"), ("dead-link", "o2"), ("dead-link", "o4"), ("offsite-link", "o4"),
        ("offsite-link", "o6"), ("offsite-link", "o7"), ("offsite-link", "o8"), ("offsite-link", "o9"),
        ("dead-link", "o10"),
    ]
    assert all("(example.go.th)" in f.message for f in report.findings if f.code == "offsite-link")
    only_drive = [r for r in results if r.url.startswith(drive)]
    report = validate(cl, links=only_drive, select=["offsite-link"])
    assert report.findings[0].message == (
        f"evidence 'หลักฐาน' of item o4 is published outside the agency's site (no site of its own found): {drive}/4")


def test_link_and_content_messages_keep_what_the_check_said():
    from oitparse.links import LinkResult

    cl = perfect()
    url = cl.item("o1").evidence[0].url
    for kind in ("protocol", "other"):  # kinds without a phrase of their own: the error as it came
        broken = LinkResult(url=url, outcome="dead", error="bad status line", error_kind=kind)
        (message,) = messages(validate(cl, links=[broken], select=["dead-link"]), "dead-link")
        assert message.endswith("does not open (bad status line)")
    # first pages of the o12 report name two years; the message names the URL as the checklist spells it
    spelled = "https://WWW.Example.go.th/ita/o12.html"
    cl = changed(cl, "o12", evidence=[Evidence(label="รายงาน (คลิก)", url=spelled, years=[])])
    read = LinkResult(url="https://www.example.go.th/ita/o12.html", outcome="ok", years=[Y - 4, Y - 3])
    (message,) = messages(validate(cl, links=[read], select=["content-year-mismatch"]), "content-year-mismatch")
    assert message.startswith(f"the document {spelled} of item o12 names {Y - 4}, {Y - 3} on its first pages")


def test_a_stale_file_name_is_not_flagged_when_the_label_dates_the_item():
    ev = Evidence(label=f"ข่าว พ.ศ. {Y}", url=f"https://x.go.th/news-{Y - 2}.pdf", years=[Y, Y - 2])
    assert validate(changed(perfect(), "o7", evidence=[ev]), select=["content-year-mismatch"]).findings == []


def test_out_of_order_next_to_the_first_item():
    cl = perfect()
    o2_last = validate(with_items(cl, [cl.items[0], *cl.items[2:], cl.items[1]]), select=["out-of-order"])
    assert messages(o2_last, "out-of-order") == [
        "item o2 is out of order: the form puts it after o1, the document after o43"]
    o43_second = validate(with_items(cl, [cl.items[0], cl.items[-1], *cl.items[1:-1]]), select=["out-of-order"])
    assert messages(o43_second, "out-of-order") == [
        "item o43 is out of order: the form puts it after o42, the document after o1"]


def test_offsite_link_survives_a_malformed_redirect_target():
    # final_url is where a server's redirects led: untrusted text, "http://[::1" makes urlsplit
    # raise; the link is then not judged offsite, and validate does not fail
    from oitparse.links import LinkResult
    from oitparse.rules import NEEDS_LINKS

    own = "https://www.example.go.th/ita"
    results = [
        LinkResult(url=f"{own}/o1.html", outcome="ok", final_url="http://[::1"),
        LinkResult(url=f"{own}/o2.html", outcome="ok", final_url="https://other.go.th/o2.pdf"),
    ]
    report = validate(perfect(), links=results, select=sorted(NEEDS_LINKS))
    assert [(f.code, f.item) for f in report.findings] == [("offsite-link", "o2")]


def test_a_url_with_an_impossible_port_is_invalid():
    # an assessor cannot open "https://host:99999/..." or "https://host:abc/...": invalid-url, not silence
    cl = changed(perfect(), "o1", evidence=[Evidence(label="e", url="https://www.example.go.th:99999/o1.pdf",
                                                     link_kind="external", years=FITTING_YEARS[SCHEMA.item("o1").year_rule])])
    cl = changed(cl, "o2", evidence=[Evidence(label="e", url="https://www.example.go.th:abc/o2.pdf",
                                              link_kind="external", years=FITTING_YEARS[SCHEMA.item("o2").year_rule])])
    found = [(f.code, f.item) for f in validate(cl).findings if f.code == "invalid-url"]
    assert found == [("invalid-url", "o1"), ("invalid-url", "o2")]


def test_rule_listing_says_when_each_rule_triggers():
    # `oitparse validate --list-rules` is where a user reads what each code means
    import io

    from oitparse import cli

    out = io.StringIO()
    assert cli.main(["validate", "--list-rules"], stdout=out) == 0
    text = out.getvalue()
    for code, rule in RULES.items():
        assert isinstance(rule.summary, str) and rule.summary.strip(), code
        assert any(code in line and rule.summary in line for line in text.splitlines()), code
