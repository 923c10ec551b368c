"""Validation rules (the ``validate`` stage): a parsed Checklist against its canonical schema -> Report.

Every rule is one small function registered in :data:`RULES` with its stable
code, default severity and its message in English and Thai. Users pick rules by
code like a linter (``select`` / ``ignore``). The rule list, the severities and
the wording all live in that one table; docs/rules.md describes them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from .models import Checklist, Evidence, Finding, Item, Report, Severity
from .schema import DEFAULT_SCHEMA, Schema, SchemaItem, load_schema
from .urls import is_relative_url

LANGS: tuple[str, ...] = ("en", "th")

#: Below this ``thai.similarity`` a title is not the item's, whatever else it resembles.
#: Measured against the 43 schema titles (see the title tests in tests/test_validate.py): typing slips
#: (a dropped, doubled or swapped letter, stray spaces) score >= 0.45 (lowest:
#: o3 "อำนาจห้าที่"); unrelated web-page titles ("รายงานการประชุม", "ภาพกิจกรรม" ...)
#: score <= 0.29. Another item's title can score up to 0.88 (o42/o43, o18/o20),
#: so swapped titles are caught by the "closer to another item" test, not by this.
TITLE_SIMILARITY_THRESHOLD = 0.4

#: Source formats that carry hyperlinks: an evidence label there without a URL is a lost link.
LINKED_FORMATS = frozenset({"pdf", "docx", "html"})


# --------------------------------------------------------------------------- context


@dataclass
class _Context:
    """What every rule may look at; built once per validate() call."""

    checklist: Checklist
    #: None: the document was read without a form (completeness is not checked).
    schema: Schema | None
    #: The assessment year Y the year rules check against (Buddhist era).
    assessment_year: int
    by_code: dict[str, SchemaItem] = field(init=False)
    order: dict[str, int] = field(init=False)
    #: Link check results by ``links.link_key`` (``validate(..., links=...)``); None: links not opened.
    links: dict | None = None

    def __post_init__(self) -> None:
        spec_items = self.schema.items if self.schema is not None else []
        self.by_code = {i.code: i for i in spec_items}
        self.order = {i.code: n for n, i in enumerate(spec_items)}

    def link(self, url: str | None):
        """The link check result of an evidence URL, or None (not checked, or links not opened)."""
        if not self.links or not url:
            return None
        from .links import link_key

        return self.links.get(link_key(url))

    def known_items(self) -> Iterator[tuple[Item, SchemaItem]]:
        """Each document item the schema knows, first occurrence of a code only
        (later copies are the duplicate-item rule's business, not reported twice)."""
        seen: set[str] = set()
        for item in self.checklist.items:
            spec = self.by_code.get(item.code)
            if spec is not None and item.code not in seen:
                seen.add(item.code)
                yield item, spec


@dataclass(frozen=True)
class Phrase:
    """A message fragment that itself needs translating (a reason, an expectation)."""

    key: str
    params: dict = field(default_factory=dict)


#: One hit of a rule: the item it is about (or None) and the message's parameters.
Hit = tuple[str | None, dict]


# --------------------------------------------------------------------------- rules


def _missing_item(ctx: _Context) -> Iterator[Hit]:
    if ctx.schema is None:
        return
    present = {i.code for i in ctx.checklist.items}
    for spec in ctx.schema.items:
        if spec.code not in present:
            yield spec.code, {"title": spec.title}


def _duplicate_item(ctx: _Context) -> Iterator[Hit]:
    counts = Counter(i.code for i in ctx.checklist.items)
    for code, n in counts.items():
        if n > 1:
            yield code, {"count": n}


def _unknown_item(ctx: _Context) -> Iterator[Hit]:
    if ctx.schema is None:
        return
    seen: set[str] = set()
    for item in ctx.checklist.items:
        if item.code not in ctx.by_code and item.code not in seen:
            seen.add(item.code)
            yield item.code, {"schema": ctx.schema.name}


def _out_of_order(ctx: _Context) -> Iterator[Hit]:
    """Items outside the longest run that follows form order.

    Using the longest increasing subsequence blames only the moved item: o43
    put first is one finding, not 42 findings for everything after it.
    """
    items = [item for item, _ in ctx.known_items()]
    ranks = [ctx.order[i.code] for i in items]
    keep = set(_longest_increasing(ranks))
    for pos, item in enumerate(items):
        if pos in keep:
            continue
        rank = ctx.order[item.code]
        after = ctx.schema.items[rank - 1].code if rank > 0 else None
        found_after = items[pos - 1].code if pos > 0 else None
        yield item.code, {
            "after": after or Phrase("start"),
            "found_after": found_after or Phrase("start"),
        }


def _longest_increasing(seq: list[int]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence (O(n log n))."""

    tails: list[int] = []  # tails[k] = index into seq ending the best run of length k+1
    tail_values: list[int] = []  # seq[tails[k]], kept sorted for bisect
    prev = [-1] * len(seq)
    for i, value in enumerate(seq):
        k = bisect.bisect_left(tail_values, value)
        if k > 0:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i != -1:
        out.append(i)
        i = prev[i]
    return out[::-1]


def _category_mismatch(ctx: _Context) -> Iterator[Hit]:
    """The topic heading an item stands under is not the schema's topic.

    A heading is read as the schema topic it is nearest to, so a typo in a
    heading is not a mismatch; a document that groups by sub-indicator or
    indicator (a coarser heading holding the right topic) is accepted too.
    """
    from . import thai

    if ctx.schema is None:
        return
    topics = ctx.schema.topics
    for item, spec in ctx.known_items():
        if item.category is None or not item.category.strip():
            continue
        found = thai.compact(item.category)
        # Coarser headings that hold the item's topic are fine too.
        accepted = {thai.compact(spec.topic)}
        for indicator in ctx.schema.indicators:
            for sub in indicator.sub_indicators:
                if spec.topic in sub.topics:
                    accepted |= {thai.compact(sub.name), thai.compact(indicator.name)}
        if found in accepted:
            continue
        # No absolute floor: one-letter typos in short headings score low, yet the
        # nearest topic is still the right one (measured on the 16 topics).
        best = max(topics, key=lambda t: thai.similarity(item.category, t))
        if best == spec.topic:
            continue
        yield item.code, {"found": item.category, "expected": spec.topic}


def _title_mismatch(ctx: _Context) -> Iterator[Hit]:
    """A title far from the schema's (and its aliases'): likely the wrong item.

    Two tests, both needed: an absolute floor (an unrelated title) and "closer to
    another item's title than to its own" (near-twins such as o42/o43 score high
    against each other, so a floor alone cannot tell them apart).
    """
    from . import thai

    for item, spec in ctx.known_items():
        if not item.title.strip():
            continue
        own_titles = [spec.title, *spec.aliases]
        found = thai.compact(item.title)
        if any(found == thai.compact(t) for t in own_titles):
            continue
        own = max(thai.similarity(item.title, t) for t in own_titles)
        rival_code, rival = None, 0.0
        for other in ctx.schema.items:
            if other.code == spec.code:
                continue
            score = max(thai.similarity(item.title, t) for t in [other.title, *other.aliases])
            if score > rival:
                rival_code, rival = other.code, score
        if own < TITLE_SIMILARITY_THRESHOLD or rival > own:
            yield item.code, {
                "found": item.title,
                "expected": spec.title,
                "score": own,
                "closer": Phrase("closer", {"code": rival_code}) if rival > own else "",
            }


def _no_evidence(ctx: _Context) -> Iterator[Hit]:
    # A repeated item (duplicate-item says so) has evidence when any of its copies has.
    with_evidence = {item.code for item in ctx.checklist.items if item.evidence}
    reported: set[str] = set()
    for item in ctx.checklist.items:
        if item.code not in with_evidence and item.code not in reported:
            reported.add(item.code)
            yield item.code, {}


def _no_link(ctx: _Context) -> Iterator[Hit]:
    # A text source cannot carry links, so a bare label there is normal.
    if ctx.checklist.source.format not in LINKED_FORMATS:
        return
    for item in ctx.checklist.items:
        for ev in item.evidence:
            if not ev.url:
                yield item.code, {"label": ev.label}


def url_problem(url: str) -> str | None:
    """Why an evidence URL cannot be opened by an assessor, or None when it can.

    The returned key names a reason phrase (see ``_PHRASES``).

    >>> url_problem("https://www.pathumthani.go.th/ita/o1.html") is None
    True
    >>> url_problem("javascript:void(0)"), url_problem("file:///C:/ita.pdf"), url_problem("http:///x")
    ('javascript', 'file', 'no_host')
    >>> url_problem("https://a.go.th:99999/x"), url_problem("https://a.go.th:8080/x")
    ('malformed', None)
    """
    if any(ch.isspace() for ch in url.strip()) or url != url.strip():
        return "spaces"
    lowered = url.lower()
    if lowered.startswith("javascript:"):
        return "javascript"
    if lowered.startswith("file:"):
        return "file"
    if lowered.startswith("mailto:"):
        # An e-mail link is a valid contact channel (e.g. o5); it just needs an address.
        return None if "@" in url else "no_host"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises for a port that is no number or past 65535 (":abc", ":99999")
    except ValueError:  # e.g. a malformed IPv6 netloc
        return "malformed"
    if not parts.scheme:
        return "no_scheme"
    if parts.scheme.lower() not in ("http", "https"):
        return "scheme"
    if not host:
        return "no_host"
    return None


def _relative_link(ctx: _Context) -> Iterator[Hit]:
    for item in ctx.checklist.items:
        for ev in item.evidence:
            if ev.url and ev.link_kind != "internal" and is_relative_url(ev.url):
                yield item.code, {"url": ev.url, "label": ev.label}


def _invalid_url(ctx: _Context) -> Iterator[Hit]:
    for item in ctx.checklist.items:
        for ev in item.evidence:
            if not ev.url or ev.link_kind == "internal" or is_relative_url(ev.url):
                continue  # no URL: no-link; a bookmark: internal-link; relative: relative-link
            reason = url_problem(ev.url)
            if reason:
                yield item.code, {"url": ev.url, "label": ev.label, "reason": Phrase(reason)}


def _url_key(url: str) -> str:
    """Spelling-insensitive identity of a URL (case of scheme/host, trailing slash)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{path}{query}"


def _shared_url(ctx: _Context) -> Iterator[Hit]:
    """One finding per URL that serves as evidence of several items (on the first one)."""
    users: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for item in ctx.checklist.items:
        for ev in item.evidence:
            if not ev.url or ev.link_kind in ("internal", "mailto") or url_problem(ev.url):
                continue
            try:
                key = _url_key(ev.url)
            except ValueError:
                continue
            shown.setdefault(key, ev.url)
            if item.code not in users[key]:
                users[key].append(item.code)
    for key, codes in users.items():
        if len(codes) > 1:
            yield codes[0], {"url": shown[key], "items": ", ".join(codes)}


def _internal_link(ctx: _Context) -> Iterator[Hit]:
    for item in ctx.checklist.items:
        for ev in item.evidence:
            if ev.link_kind == "internal":
                yield item.code, {"label": ev.label, "url": ev.url or ""}


def year_fits(rule: str, years: Iterable[int], assessment_year: int) -> bool:
    """Whether the years one evidence entry names satisfy an item's year rule for year Y.

    >>> year_fits("previous", [2564], 2565), year_fits("current", [2564], 2565)
    (True, False)
    >>> year_fits("first_half", [2564, 2565], 2565), year_fits("in_force", [2560], 2565)
    (True, True)
    """
    y = assessment_year
    named = set(years)
    if rule == "none":
        return True
    if rule in ("current", "first_half", "plan_covers"):
        # first_half: fiscal Y runs Oct Y-1 .. Sep Y, so "ต.ค. 64 – มี.ค. 65" names Y and fits.
        # plan_covers: Evidence.years has ranges expanded, so a covering span contains Y.
        return y in named
    if rule == "previous":
        return y - 1 in named
    if rule == "in_force":
        return any(n <= y for n in named)
    raise ValueError(f"unknown year rule {rule!r}")


def _year_items(ctx: _Context) -> Iterator[tuple[Item, SchemaItem, list[Evidence]]]:
    for item, spec in ctx.known_items():
        # Without evidence there is nothing to date; no-evidence already reports it.
        if spec.year_rule != "none" and item.evidence:
            yield item, spec, [ev for ev in item.evidence if ev.years]


def _year_verdict(ctx: _Context, spec: SchemaItem, dated: list[Evidence]) -> str:
    """"fits", "mismatch", or "unknown" for one item's dated evidence.

    Years found only in URLs are weak: agencies file every piece of evidence
    under the assessment's folder ("/ita2565/o16.html"), which says nothing about
    the year the report covers. They count when they fit, but when nothing fits
    and no label names a year, the year is unknown rather than wrong.
    """
    from . import thai

    y = ctx.assessment_year
    if not dated:
        return "unknown"
    if any(year_fits(spec.year_rule, ev.years, y) for ev in dated):
        return "fits"
    if any(thai.years_in(ev.label, assessment_year=y) for ev in dated):
        return "mismatch"
    return "unknown"


def _expected_year(spec: SchemaItem, y: int) -> Phrase:
    return Phrase(f"year_{spec.year_rule}", {"y": y, "y1": y - 1})


def _year_mismatch(ctx: _Context) -> Iterator[Hit]:
    for item, spec, dated in _year_items(ctx):
        if _year_verdict(ctx, spec, dated) == "mismatch":
            named = sorted({n for ev in dated for n in ev.years})
            yield item.code, {
                "found": ", ".join(map(str, named)),
                "expected": _expected_year(spec, ctx.assessment_year),
            }


def _year_unknown(ctx: _Context) -> Iterator[Hit]:
    for item, spec, dated in _year_items(ctx):
        if _year_verdict(ctx, spec, dated) == "unknown":
            url_years = sorted({n for ev in dated for n in ev.years})
            note = Phrase("url_years", {"years": ", ".join(map(str, url_years))}) if url_years else ""
            yield item.code, {"note": note, "expected": _expected_year(spec, ctx.assessment_year)}


#: Rules about the choice of form: one fires on a forced form, the other without any form
#: (tests/test_forms.py), never both on one checklist.
FORM_RULES = frozenset({"form-mismatch", "completeness-unchecked"})


def _form_mismatch(ctx: _Context) -> Iterator[Hit]:
    """The form was forced (schema=/--schema) but another bundled form fits the document better."""
    form = ctx.checklist.form
    if form is None or form.method != "given" or not form.best or ctx.schema is None or form.best == ctx.schema.name:
        return
    yield None, {"schema": ctx.schema.name, "best": form.best, "reason": form.reason}


def _completeness_unchecked(ctx: _Context) -> Iterator[Hit]:
    if ctx.schema is None:
        reason = ctx.checklist.form.reason if ctx.checklist.form is not None else ""
        yield None, {"reason": reason}


def _year_conflict(ctx: _Context) -> Iterator[Hit]:
    cl = ctx.checklist
    if (
        cl.year_source == "user"
        and cl.document_year is not None
        and cl.assessment_year is not None
        and cl.document_year != cl.assessment_year
    ):
        yield None, {"year": cl.assessment_year, "document_year": cl.document_year}


# --------------------------------------------------------------------------- link rules (check_links)

#: Rules that only fire on the results of opening the links (``validate(..., links=check_links(...))``).
NEEDS_LINKS = frozenset({"dead-link", "link-timeout", "login-required", "offsite-link"})


def _link_outcome(ctx: _Context, outcome: str) -> Iterator[Hit]:
    """One hit per (item, URL) whose check ended in ``outcome``."""
    if not ctx.links:
        return
    for item in ctx.checklist.items:
        seen: set[str] = set()
        for ev in item.evidence:
            res = ctx.link(ev.url)
            if res is None or res.outcome != outcome or res.url in seen:
                continue
            seen.add(res.url)
            yield item.code, {"label": ev.label, "url": ev.url, "final": res.final_url or ev.url,
                              "reason": _link_reason(res), "seconds": res.elapsed}


def _link_reason(res) -> object:
    """Why a link failed, translatable: HTTP statuses stay as they are, other kinds are phrases."""
    if res.error_kind in (None, "http", "other", "protocol"):
        return res.error or ""
    return Phrase(f"link_{res.error_kind}", {"error": res.error or ""})


def _dead_link(ctx: _Context) -> Iterator[Hit]:
    yield from _link_outcome(ctx, "dead")


def _link_timeout(ctx: _Context) -> Iterator[Hit]:
    yield from _link_outcome(ctx, "timeout")


def _login_required(ctx: _Context) -> Iterator[Hit]:
    yield from _link_outcome(ctx, "login")


def _agency_site(ctx: _Context) -> str | None:
    """The agency's own site: the registrable domain most of its evidence links are on (file hosts aside)."""
    from .links import THIRD_PARTY_SITES, site_of

    counts: Counter[str] = Counter()
    for item in ctx.checklist.items:
        for ev in item.evidence:
            res = ctx.link(ev.url)
            if res is None:
                continue
            site = site_of(urlsplit(res.url).hostname or "")
            if site and site not in THIRD_PARTY_SITES:
                counts[site] += 1
    return counts.most_common(1)[0][0] if counts else None


def _offsite_link(ctx: _Context) -> Iterator[Hit]:
    """Evidence that ends (after its redirects) outside the agency's own site."""
    from .links import site_of

    if not ctx.links:
        return
    home = _agency_site(ctx)
    for item in ctx.checklist.items:
        seen: set[str] = set()
        for ev in item.evidence:
            res = ctx.link(ev.url)
            if res is None or res.outcome not in ("ok", "login") or res.url in seen:
                continue  # where a dead link "ends" says nothing
            where = res.final_url or res.url
            try:
                site = site_of(urlsplit(where).hostname or "")
            except ValueError:
                continue
            if site != home:
                seen.add(res.url)
                yield item.code, {"label": ev.label, "url": where, "site": home or Phrase("no_site")}


def _stale_file_name(spec: SchemaItem, url: str | None, y: int) -> list[int]:
    """Years a URL's file name names when they are all older than the item's year rule accepts.

    ".../report-2563.pdf" as a report of 2564: the file is of an older year. A folder year
    ("/ita2565/") dates the assessment, not the document, and a file name naming the
    assessment year of an item that wants last year's report is left to year-unknown.
    """
    from . import thai
    from .links import file_name

    name = file_name(url or "")
    if not name or spec.year_rule in ("none", "in_force"):
        return []
    years = thai.years_in(name, assessment_year=y)
    earliest = y - 1 if spec.year_rule == "previous" else y
    if years and max(years) < earliest:
        return years
    return []


def _content_year_mismatch(ctx: _Context) -> Iterator[Hit]:
    """The linked documents are of another year: by what their first pages name
    (``check_links(..., check_content=True)``), else by their file names."""
    y = ctx.assessment_year
    for item, spec in ctx.known_items():
        if spec.year_rule == "none" or not item.evidence:
            continue
        read = [(ev, ctx.link(ev.url)) for ev in item.evidence]
        read = [(ev, res) for ev, res in read if res is not None and res.years]
        if read:
            if not any(year_fits(spec.year_rule, res.years, y) for _, res in read):
                named = sorted({n for _, res in read for n in res.years})
                yield item.code, {"url": read[0][0].url, "found": ", ".join(map(str, named)),
                                  "where": Phrase("first_pages"), "expected": _expected_year(spec, y)}
            continue
        dated = [ev for ev in item.evidence if ev.years]
        if _year_verdict(ctx, spec, dated) != "unknown":
            continue  # the labels date the item (year-mismatch speaks), or it fits
        for ev in item.evidence:
            stale = _stale_file_name(spec, ev.url, y)
            if stale:
                yield item.code, {"url": ev.url, "found": ", ".join(map(str, stale)),
                                  "where": Phrase("file_name"), "expected": _expected_year(spec, y)}
                break


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Rule:
    """A registered rule: stable code, default severity, messages, and its check."""

    code: str
    severity: Severity
    check: Callable[[_Context], Iterable[Hit]]
    #: Message templates by language; ``{item}`` and the hit's parameters are filled in.
    messages: dict[str, str]
    #: One line for docs and ``--help``: what triggers the rule.
    summary: str


def _rule(code: str, severity: Severity, check, summary: str, en: str, th: str) -> Rule:
    return Rule(code, severity, check, {"en": en, "th": th}, summary)


#: All rules, in documentation order. Severities are decided here and nowhere else.
RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        _rule("missing-item", "error", _missing_item,
              "a schema item does not occur in the document",
              "item {item} ({title}) is missing",
              "ไม่พบข้อ {item} ({title})"),
        _rule("duplicate-item", "error", _duplicate_item,
              "an item code occurs more than once",
              "item {item} occurs {count} times",
              "ข้อ {item} ปรากฏซ้ำ {count} ครั้ง"),
        _rule("unknown-item", "error", _unknown_item,
              "an item code the schema does not have (e.g. o44)",
              "item {item} is not part of form {schema}",
              "ข้อ {item} ไม่มีในแบบฟอร์ม {schema}"),
        _rule("out-of-order", "warning", _out_of_order,
              "an item stands out of the form's order",
              "item {item} is out of order: the form puts it after {after}, the document after {found_after}",
              "ข้อ {item} อยู่ผิดลำดับ: แบบฟอร์มให้อยู่ถัดจาก {after} แต่ในเอกสารอยู่ถัดจาก {found_after}"),
        _rule("category-mismatch", "warning", _category_mismatch,
              "an item stands under a topic heading other than the schema's",
              "item {item} stands under '{found}', the form puts it under '{expected}'",
              "ข้อ {item} อยู่ใต้หัวข้อ '{found}' แต่แบบฟอร์มกำหนดให้อยู่ใต้หัวข้อ '{expected}'"),
        _rule("title-mismatch", "warning", _title_mismatch,
              "an item's title is far from the schema's title (typos and spacing are tolerated)",
              "item {item} is titled '{found}', the form says '{expected}' (similarity {score:.2f}){closer}",
              "ข้อ {item} ใช้ชื่อ '{found}' แต่แบบฟอร์มใช้ชื่อ '{expected}' (ความคล้าย {score:.2f}){closer}"),
        _rule("no-evidence", "error", _no_evidence,
              "an item lists no evidence at all",
              "item {item} has no evidence",
              "ข้อ {item} ไม่มีหลักฐานหรือลิงก์ประกอบ"),
        _rule("no-link", "warning", _no_link,
              "an evidence label has no URL although the source format carries links (pdf, docx, html)",
              "evidence '{label}' of item {item} has no link",
              "หลักฐาน '{label}' ของข้อ {item} ไม่มีลิงก์"),
        _rule("invalid-url", "error", _invalid_url,
              "an evidence URL an assessor cannot open: no host, not http/https, javascript:, file:, spaces",
              "evidence '{label}' of item {item} links to an invalid URL {url}: {reason}",
              "หลักฐาน '{label}' ของข้อ {item} มีลิงก์ที่ไม่ถูกต้อง {url}: {reason}"),
        _rule("relative-link", "warning", _relative_link,
              "an evidence link is relative to a web page whose address the document does not give "
              "(no <base href>, canonical link or og:url): pass --base-url to resolve it",
              "evidence '{label}' of item {item} has a relative link {url}: give the page's address with --base-url",
              "หลักฐาน '{label}' ของข้อ {item} มีลิงก์แบบสัมพัทธ์ {url}: ระบุที่อยู่หน้าเว็บด้วย --base-url"),
        _rule("shared-url", "warning", _shared_url,
              "one URL serves as evidence of several items",
              "the same URL {url} is evidence of items {items}",
              "ลิงก์ {url} ถูกใช้เป็นหลักฐานของหลายข้อ: {items}"),
        _rule("internal-link", "warning", _internal_link,
              "an evidence link points inside the document (a bookmark), not to a web page",
              "evidence '{label}' of item {item} links inside the document ({url}), not to a web page",
              "หลักฐาน '{label}' ของข้อ {item} ลิงก์ไปยังตำแหน่งภายในเอกสาร ({url}) ไม่ใช่หน้าเว็บไซต์"),
        _rule("year-mismatch", "warning", _year_mismatch,
              "no evidence entry of an item names a year that fits the item's year rule",
              "the evidence of item {item} names {found}; expected {expected}",
              "หลักฐานของข้อ {item} ระบุปี พ.ศ. {found} แต่ควรเป็น{expected}"),
        _rule("year-unknown", "info", _year_unknown,
              "an item's evidence names no year (or only in URLs, not fitting) although its year rule asks for one",
              "the evidence of item {item} names no year{note}; expected {expected}",
              "หลักฐานของข้อ {item} ไม่ระบุปี พ.ศ.{note} (ควรเป็น{expected})"),
        _rule("form-mismatch", "warning", _form_mismatch,
              "the form was forced (--schema) but another bundled form fits the document better "
              "(its titles, codes or the year it names)",
              "the document was read against {schema}, but {best} fits it better ({reason})",
              "เอกสารถูกตรวจกับแบบฟอร์ม {schema} แต่ตรงกับแบบฟอร์ม {best} มากกว่า ({reason})"),
        _rule("completeness-unchecked", "info", _completeness_unchecked,
              "no bundled form fits the document and none was given: items are read as written, "
              "missing, unknown and out-of-order items, titles, topics and years are not checked",
              "the document was read without a form ({reason}): completeness was not checked; "
              "give its form with --schema",
              "อ่านเอกสารโดยไม่มีแบบฟอร์ม ({reason}): ไม่ได้ตรวจความครบถ้วน ระบุแบบฟอร์มด้วย --schema"),
        _rule("year-conflict", "warning", _year_conflict,
              "the year given by the user differs from the year the document names",
              "assessment year {year} was given, but the document names {document_year}",
              "ผู้ใช้ระบุปีประเมิน พ.ศ. {year} แต่เอกสารระบุ พ.ศ. {document_year}"),
        _rule("content-year-mismatch", "warning", _content_year_mismatch,
              "the document an item links to is of another year: by its first pages (--check-content) "
              "or by its file name ('report-2563.pdf')",
              "the document {url} of item {item} names {found} {where}; expected {expected}",
              "เอกสาร {url} ของข้อ {item} ระบุปี พ.ศ. {found} {where} แต่ควรเป็น{expected}"),
        _rule("dead-link", "error", _dead_link,
              "an evidence link does not open: HTTP 4xx/5xx, DNS failure, refused connection, TLS failure, "
              "redirect loop (--check-links)",
              "evidence '{label}' of item {item}: the link {url} does not open ({reason})",
              "หลักฐาน '{label}' ของข้อ {item}: ลิงก์ {url} เปิดไม่ได้ ({reason})"),
        _rule("link-timeout", "warning", _link_timeout,
              "an evidence link does not answer within --link-timeout (--check-links)",
              "evidence '{label}' of item {item}: the link {url} does not answer in time ({reason})",
              "หลักฐาน '{label}' ของข้อ {item}: ลิงก์ {url} ไม่ตอบสนองภายในเวลาที่กำหนด ({reason})"),
        _rule("login-required", "warning", _login_required,
              "an evidence link lands on a sign-in page (a private Google Drive file, a Facebook page "
              "behind its login) (--check-links)",
              "evidence '{label}' of item {item}: the link {url} asks for a sign-in ({final}); assessors cannot open it",
              "หลักฐาน '{label}' ของข้อ {item}: ลิงก์ {url} ต้องเข้าสู่ระบบก่อน ({final}) ผู้ประเมินจึงเปิดไม่ได้"),
        _rule("offsite-link", "info", _offsite_link,
              "an evidence link ends outside the agency's own site (--check-links)",
              "evidence '{label}' of item {item} is published outside the agency's site ({site}): {url}",
              "หลักฐาน '{label}' ของข้อ {item} เผยแพร่นอกเว็บไซต์ของหน่วยงาน ({site}): {url}"),
    ]
}

#: Translations of Phrase keys used inside messages.
_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "start": "the start",
        "closer": "; closer to {code}'s title",
        "spaces": "it contains spaces",
        "javascript": "a javascript: link opens no page",
        "file": "a file: link points to the author's own disk",
        "no_host": "it has no host",
        "no_scheme": "it has no http:// or https:// scheme",
        "scheme": "its scheme is not http or https",
        "malformed": "it is malformed",
        "year_current": "the year {y}",
        "year_previous": "a report of the year {y1}",
        "year_first_half": "the first half of fiscal year {y}",
        "year_plan_covers": "a plan period covering {y}",
        "year_in_force": "a rule in force in {y} (named {y} or earlier)",
        "url_years": " (only its links name {years})",
        "first_pages": "on its first pages",
        "file_name": "in its file name",
        "no_site": "no site of its own found",
        "link_dns": "the host name does not resolve",
        "link_refused": "the connection was refused",
        "link_tls": "{error}",
        "link_timeout": "{error}",
        "link_loop": "{error}",
        "link_too_many_redirects": "{error}",
        "link_scheme": "{error}",
        "link_private": "{error}",
    },
    "th": {
        "start": "ต้นเอกสาร",
        "closer": "; ใกล้เคียงชื่อข้อ {code} มากกว่า",
        "spaces": "มีช่องว่างอยู่ในลิงก์",
        "javascript": "ลิงก์ javascript: ไม่เปิดหน้าเว็บ",
        "file": "ลิงก์ file: ชี้ไปยังไฟล์ในเครื่องของผู้จัดทำ",
        "no_host": "ไม่มีชื่อโฮสต์",
        "no_scheme": "ไม่ขึ้นต้นด้วย http:// หรือ https://",
        "scheme": "ไม่ใช่ลิงก์ http หรือ https",
        "malformed": "รูปแบบลิงก์ผิด",
        "year_current": "ปี พ.ศ. {y}",
        "year_previous": "รายงานผลของปี พ.ศ. {y1}",
        "year_first_half": "ข้อมูล 6 เดือนแรกของปีงบประมาณ พ.ศ. {y}",
        "year_plan_covers": "แผนที่มีระยะเวลาครอบคลุมปี พ.ศ. {y}",
        "year_in_force": "ข้อมูลที่ยังใช้บังคับในปี พ.ศ. {y} (ระบุปี {y} หรือก่อนหน้า)",
        "url_years": " (มีเพียงลิงก์ที่ระบุปี {years})",
        "first_pages": "ในหน้าแรก ๆ ของเอกสาร",
        "file_name": "ในชื่อไฟล์",
        "no_site": "ไม่พบเว็บไซต์ของหน่วยงาน",
        "link_dns": "ไม่พบชื่อโฮสต์ (DNS)",
        "link_refused": "เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ",
        "link_tls": "การเชื่อมต่อแบบปลอดภัย (TLS) ล้มเหลว: {error}",
        "link_timeout": "ไม่ได้รับคำตอบภายในเวลาที่กำหนด",
        "link_loop": "ลิงก์เปลี่ยนทางวนซ้ำ",
        "link_too_many_redirects": "ลิงก์เปลี่ยนทางหลายครั้งเกินไป",
        "link_scheme": "เปลี่ยนทางไปยังที่อยู่ที่ไม่ใช่ http หรือ https",
        "link_private": "ที่อยู่ภายในเครือข่าย ไม่ได้เปิด",
    },
}


# --------------------------------------------------------------------------- entry point


def schema_of(checklist: Checklist, schema: "str | Schema | None" = None) -> Schema | None:
    """The form a Checklist is checked against: ``schema`` when given (a name, a file path or a
    Schema), else the one it was parsed with (kept on the object, embedded, its file, its bundled
    name); None when it was read without a form. A Checklist built by hand with no record of
    its form (no ``form``, no ``schema_name``) is checked against the default form."""
    from .schema import resolve_schema

    if schema is not None:
        return resolve_schema(schema)[0]
    kept = getattr(checklist, "_schema", None)
    if isinstance(kept, Schema):
        return kept
    if checklist.schema_data is not None:
        return Schema.model_validate(checklist.schema_data)
    if checklist.schema_file is not None:
        return resolve_schema(checklist.schema_file)[0]
    if checklist.schema_name is not None:
        return load_schema(checklist.schema_name)
    if checklist.form is None:
        return load_schema(DEFAULT_SCHEMA)
    return None


def items_found(checklist: Checklist, schema: Schema | str | None = None) -> int:
    """How many of the schema's items the checklist has (a repeated or unknown code counts no extra);
    without a form, how many distinct items it has."""
    spec = schema_of(checklist, schema)
    if spec is None:
        return len({i.code for i in checklist.items})
    known = {i.code for i in spec.items}
    return len({i.code for i in checklist.items} & known)


def resolve_codes(select: Iterable[str] | str | None = None, ignore: Iterable[str] | str | None = None) -> list[str]:
    """The rule codes that run: ``select`` (default all) minus ``ignore``.

    Raises ValueError naming the unknown code, so a typo never silently disables a rule.
    """
    chosen = list(RULES) if select is None else _check_codes(select)
    dropped = set(_check_codes(ignore or []))
    return [c for c in chosen if c not in dropped]


def _check_codes(codes: Iterable[str] | str) -> list[str]:
    if isinstance(codes, str):  # "missing-item" or "missing-item,no-evidence", not its letters
        codes = codes.split(",")
    out = []
    for code in codes:
        code = code.strip().lower()
        if code not in RULES:
            raise ValueError(f"unknown rule code {code!r}; known: {', '.join(RULES)}")
        out.append(code)
    return out


def _render(value: object, lang: str) -> object:
    if isinstance(value, Phrase):
        params = {k: _render(v, lang) for k, v in value.params.items()}
        return _PHRASES[lang][value.key].format(**params)
    return value


def _item_number(code: str | None) -> int:
    if code is None:
        return -1  # document-level findings first
    digits = re.sub(r"\D", "", code)
    return int(digits) if digits else 10**6


def validate(
    checklist: Checklist,
    *,
    schema: str | Schema | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lang: str = "en",
    links: Iterable | None = None,
) -> Report:
    """Check a Checklist against its canonical schema.

    ``schema`` is a bundled form's name, a schema file's path or a Schema (default: the
    one the checklist was parsed with, see :func:`schema_of`; without one, only what needs
    no form is checked and ``completeness-unchecked`` says so). ``select``/``ignore`` are rule codes (see :data:`RULES`);
    ``lang`` is "en" or "th" for the messages. ``links`` are the results of
    :func:`oitparse.check_links` on this checklist (the link rules fire only with them).
    Findings are sorted by item number,
    then rule code; document-level findings come first.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGS)}")
    codes = resolve_codes(select, ignore)
    spec = schema_of(checklist, schema)
    year = checklist.assessment_year or (spec.assessment_year if spec is not None else None)
    ctx = _Context(checklist, spec, year)
    if links is not None:
        from .links import link_key

        ctx.links = {link_key(r.url): r for r in (links.values() if isinstance(links, dict) else links)}

    findings: list[Finding] = []
    for code in codes:
        rule = RULES[code]
        for item_code, params in rule.check(ctx):
            values = {k: _render(v, lang) for k, v in params.items()}
            message = rule.messages[lang].format(item=item_code, **values)
            findings.append(Finding(code=code, severity=rule.severity, item=item_code, message=message))
    # sorted() is stable: several findings of one rule on one item keep document order.
    findings.sort(key=lambda f: (_item_number(f.item), f.code))
    return Report(schema_name=spec.name if spec is not None else None, assessment_year=year, findings=findings)
