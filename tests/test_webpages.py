"""Agency web pages: OIT checklists as agencies publish them inside their web sites.

The pages in ``tests/fixtures/webpages/`` are written by ``scripts/make_webpages.py``
(``--corpus``) with their truth: accordion panels per sub-indicator with a header row
only in the first table, codes "OIT 1", link columns headed "รายละเอียด", links in
``<ul><li><a>``, relative hrefs, CMS menus/sidebars/footers around the form, and the
other shapes listed in that script's docstring. W000 is the real institute page the
corpus is modelled on.

Fields are compared with ``tests/test_accuracy.py``'s ``compare`` (texts
whitespace-normalized). Links: a relative href is resolved against ``<base href>``,
then ``<link rel="canonical">``, then ``og:url``, then ``parse(..., base_url=)``; with
none of them it is kept as written and ``validate`` warns ``relative-link`` (and does
not call it an ``invalid-url``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import FIXTURES, ROOT
from .test_accuracy import compare
from .test_accuracy import problems as accuracy_problems

WEB_DIR = FIXTURES / "webpages"
PAGES = sorted(WEB_DIR.glob("W*.html"))
#: A base_url that no page's own address equals: where the page names its address, that one wins.
OTHER_BASE = "https://other.example.org/somewhere/"


def truth_of(path: Path) -> dict:
    return json.loads(path.with_name(f"{path.stem}.truth.json").read_text(encoding="utf-8"))


def page_id(path: Path) -> str:
    return path.stem


NEEDS_BASE = [p for p in PAGES if truth_of(p)["base_url_needed"]]
HAS_ADDRESS = [p for p in PAGES if truth_of(p)["page"]["page_base"]]


def is_relative(url: str | None) -> bool:
    return bool(url) and not urlsplit(url).scheme


def problems(checklist, truth: dict, items: list[dict]) -> list[str]:
    """What differs between a parse and the truth (items given separately: with or without base_url)."""
    return accuracy_problems(checklist, {**truth, "items": items})


# ----------------------------------------------------------------- the corpus itself


def _generator():
    """scripts/make_webpages.py as a module (registered first: its dataclasses look themselves up)."""
    if "make_webpages" in sys.modules:
        return sys.modules["make_webpages"]
    spec = importlib.util.spec_from_file_location("make_webpages", ROOT / "scripts" / "make_webpages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_webpages"] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_is_complete():
    assert len(PAGES) >= 20, "the web page corpus is missing (python scripts/make_webpages.py --corpus)"
    truths = [truth_of(p) for p in PAGES]
    assert {t["html"] for t in truths} == {f"webpages/{p.name}" for p in PAGES}
    assert sorted(WEB_DIR.glob("W*.truth.json")) == sorted(p.with_name(f"{p.stem}.truth.json") for p in PAGES)
    # every feature the generator varies occurs in the corpus
    seen = Counter()
    for t in truths:
        page = t["page"]
        for key in ("chrome", "layout", "header", "columns", "code_style", "address", "topic_rows"):
            seen[(key, page[key])] += 1
        for key in ("evidence_styles", "href_styles"):
            seen.update((key, v) for v in page[key])
    gen = _generator()
    for key, values in [("chrome", gen.CHROMES), ("layout", gen.LAYOUTS), ("header", gen.HEADERS),
                        ("columns", gen.COLUMNS), ("code_style", gen.CODE_STYLES), ("address", gen.ADDRESSES),
                        ("topic_rows", gen.TOPIC_ROWS), ("evidence_styles", gen.EVIDENCE_STYLES),
                        ("href_styles", gen.HREF_STYLES)]:
        assert all(seen[(key, v)] for v in values), f"{key}: {[v for v in values if not seen[(key, v)]]} never occur"
    assert 1 <= sum(t["page"]["layout"] == "list" for t in truths) <= 2
    assert NEEDS_BASE and HAS_ADDRESS
    assert any(t["page"]["missing"] for t in truths)


def test_corpus_is_reproducible(tmp_path):
    gen = _generator()
    gen.write(tmp_path, gen.CORPUS_COUNT, gen.CORPUS_SEED, reference_first=True)
    made = sorted(f.name for f in tmp_path.iterdir())
    assert made == sorted(f.name for f in WEB_DIR.glob("W*"))
    changed = [n for n in made if (tmp_path / n).read_bytes() != (WEB_DIR / n).read_bytes()]
    assert not changed, f"committed pages differ from the generator's output: {changed}"


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_truth_describes_the_page(path: Path):
    # Guards the truth independently of oitparse: every label, href and code is on the page,
    # and every url is the href resolved against the page's own address (if any).
    import html as stdlib_html

    import lxml.html

    truth = truth_of(path)
    root = lxml.html.fromstring(path.read_bytes())
    anchors = {(" ".join(a.text_content().split()) or (a.find("img").get("alt") if a.find("img") is not None else ""),
                a.get("href")) for a in root.iter("a")}
    text = " ".join(root.text_content().split())
    base = truth["page"]["page_base"]
    for item in truth["items"]:
        assert item["code_as_written"] in text
        assert item["title"] in text
        for ev in item["evidence"]:
            assert (ev["label"], ev["href"]) in anchors, (item["code"], ev)
            assert ev["url"] == (urljoin(base, ev["href"]) if base else ev["href"])
    page = path.read_text(encoding="utf-8")
    if truth["page"]["address"] == "none":
        assert "<base" not in page and 'rel="canonical"' not in page and "og:url" not in page
    if truth["base_url_needed"]:
        assert base is None and any(is_relative(e["url"]) for i in truth["items"] for e in i["evidence"])
        assert stdlib_html.escape(truth["with_base_url"]["base_url"]) not in page
    else:
        assert not any(is_relative(e["url"]) for i in truth["items"] for e in i["evidence"])


def test_compare_sees_a_wrong_url():
    # The comparison must be able to fail on exactly the url of a page's evidence.
    from oitparse.models import Checklist, Evidence, Item, Source

    truth = truth_of(PAGES[0])
    items = []
    for t in truth["items"]:
        items.append(Item(code=t["code"], number=int(t["code"][1:]), title=t["title"], category=t["topic"],
                          evidence=[Evidence(label=e["label"], url=e["url"]) for e in t["evidence"]]))
    checklist = Checklist(schema_name="ita2565", agency=truth["agency"], assessment_year=2565,
                          source=Source(format="html"), items=items)
    assert problems(checklist, truth, truth["items"]) == []
    checklist.items[0].evidence[0].url = "https://elsewhere.example/x.pdf"
    assert [(r.item, r.where) for r in compare(checklist, truth) if not r.ok] == [("o1", "evidence[0].url")]


# ----------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_matches_truth(path: Path):
    import oitparse

    truth = truth_of(path)
    checklist = oitparse.parse(path)
    found = problems(checklist, truth, truth["items"])
    assert not found, f"{path.name} ({truth['note']}):\n" + "\n".join(found)


@pytest.mark.parametrize("path", NEEDS_BASE, ids=page_id)
def test_page_with_base_url_matches_truth(path: Path):
    import oitparse

    truth = truth_of(path)
    expected = truth["with_base_url"]
    checklist = oitparse.parse(path, base_url=expected["base_url"])
    found = problems(checklist, truth, expected["items"])
    assert not found, f"{path.name} with base_url={expected['base_url']!r} ({truth['note']}):\n" + "\n".join(found)


@pytest.mark.parametrize("path", HAS_ADDRESS, ids=page_id)
def test_page_address_wins_over_base_url(path: Path):
    # <base href>, the canonical link and og:url come before the caller's base_url.
    import oitparse

    truth = truth_of(path)
    checklist = oitparse.parse(path, base_url=OTHER_BASE)
    urls = [[e.url for e in i.evidence] for i in checklist.items]
    want = [[e["url"] for e in i["evidence"]] for i in truth["items"]]
    assert urls == want, f"{path.name} ({truth['page']['address']}): urls differ with base_url={OTHER_BASE!r}"


# ----------------------------------------------------------------- validation


def _relative_truth(items: list[dict]) -> Counter:
    return Counter((i["code"], e["url"]) for i in items for e in i["evidence"] if is_relative(e["url"]))


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_relative_links_are_warned_not_invalid(path: Path):
    import oitparse

    truth = truth_of(path)
    report = oitparse.validate(oitparse.parse(path))
    want = _relative_truth(truth["items"])
    relative = [f for f in report.findings if f.code == "relative-link"]
    assert all(f.severity == "warning" for f in relative)
    got_items = Counter(f.item for f in relative)
    want_items = Counter(code for code, _ in want.elements())
    assert got_items == want_items, f"relative-link findings per item: want {dict(want_items)}, got {dict(got_items)}"
    for code, url in want:
        assert any(f.item == code and url in f.message for f in relative), f"no relative-link finding names {url} ({code})"
    # the generator writes no broken link: no evidence URL of these pages is invalid
    invalid = [f"{f.item}: {f.message}" for f in report.findings if f.code == "invalid-url"]
    assert not invalid, "invalid-url findings:\n" + "\n".join(invalid)


@pytest.mark.parametrize("path", NEEDS_BASE, ids=page_id)
def test_no_relative_link_with_base_url(path: Path):
    import oitparse

    truth = truth_of(path)
    report = oitparse.validate(oitparse.parse(path, base_url=truth["with_base_url"]["base_url"]))
    bad = [f"{f.item} {f.code}: {f.message}" for f in report.findings if f.code in ("relative-link", "invalid-url")]
    assert not bad, "\n".join(bad)
