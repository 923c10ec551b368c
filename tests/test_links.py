"""Link checks (issue 11) against a web server the tests start on 127.0.0.1, and nothing else.

Every check here passes ``allow_private=True`` (``--allow-private-links``): 127.0.0.1 is a
loopback address, refused by default. Timeouts are short and request counts small, so the
whole file runs in a few seconds.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from oitparse import cli
from oitparse.links import LINK_RULES, LinkOptions, check_links, check_urls, is_sign_in_url, link_key, site_of
from oitparse.models import Checklist, Evidence
from oitparse.rules import NEEDS_LINKS, RULES, validate

from .linkserver import LinkServer
from .test_validate import Y, changed, perfect

FAST = {"allow_private": True, "timeout": 0.5}


@pytest.fixture
def server():
    with LinkServer(slow=3.0) as s:
        yield s


def on_server(server: LinkServer, routes: dict[str, str] | None = None) -> Checklist:
    """The perfect checklist with every link on the local server: /ok/<code>, or the route given."""
    routes = routes or {}
    items = []
    for item in perfect().items:
        path = routes.get(item.code, f"/ok/{item.code}")
        evidence = [e.model_copy(update={"url": server.url(path)}) for e in item.evidence]
        items.append(item.model_copy(update={"evidence": evidence}))
    return perfect().model_copy(update={"items": items})


def found(report, code: str) -> list[str]:
    return [f.item for f in report.findings if f.code == code]


# --------------------------------------------------------------------------- the findings


def test_dead_slow_and_login_walled_links_are_found_and_each_url_is_opened_once(server):
    routes = {"o1": "/missing", "o2": "/slow", "o3": "/private", "o4": "/chain/3", "o5": "/loop/a",
              "o6": "/nohead", "o8": "/to-file"}
    cl = on_server(server, routes)
    # o9 shares o7's link, twice (with a fragment): one URL, one request.
    o7 = cl.item("o7").evidence[0]
    cl = changed(cl, "o9", evidence=[o7.model_copy(update={"url": o7.url + "#page=2"}), o7])
    t0 = time.monotonic()
    results = check_links(cl, **FAST)
    took = time.monotonic() - t0
    by_path = {r.url.split(str(server.port), 1)[1]: r for r in results}
    assert len(results) == len({link_key(r.url) for r in results}) == 42  # 43 items, o9 shares o7's URL

    report = validate(cl, links=results)
    assert found(report, "dead-link") == ["o1", "o5", "o8"]
    assert found(report, "link-timeout") == ["o2"]
    assert found(report, "login-required") == ["o3"]
    assert not report.ok and found(report, "offsite-link") == []  # all on one site

    assert by_path["/missing"].status == 404 and by_path["/missing"].error_kind == "http"
    chain = by_path["/chain/3"]
    assert (chain.outcome, chain.redirects, chain.status) == ("ok", 3, 200) and chain.final_url.endswith("/chain/0")
    assert chain.content_type == "text/html" and chain.elapsed > 0 and chain.error is None
    assert by_path["/loop/a"].error_kind == "loop" and "loop" in by_path["/loop/a"].error
    assert by_path["/to-file"].error_kind == "scheme"  # a redirect off the web is never followed
    assert by_path["/nohead"].outcome == "ok" and by_path["/nohead"].method == "GET"
    assert by_path["/slow"].outcome == "timeout" and by_path["/slow"].status is None
    assert by_path["/private"].final_url.endswith("/accounts/ServiceLogin?continue=/private")

    # Each URL once: one HEAD per plain link; HEAD then GET where HEAD is refused; one per redirect hop.
    for code in [f"o{n}" for n in range(9, 44)] + ["o7"]:
        if code != "o9":
            assert server.hits[("HEAD", f"/ok/{code}")] == 1, code
    assert server.count("/ok/o9") == 0
    assert server.hits[("HEAD", "/nohead")] == 1 and server.hits[("GET", "/nohead")] == 1
    assert [server.count(f"/chain/{n}") for n in range(4)] == [1, 1, 1, 1]
    assert server.count("/loop/a") == server.count("/loop/b") == 1
    assert server.max_in_flight <= 4  # one host: at most 4 at once
    assert all(ua.startswith("oitparse/") for ua in server.user_agents)
    assert took < 2.5  # the slow route is cut at the timeout, not waited for


def test_messages_in_both_languages(server):
    cl = on_server(server, {"o1": "/missing", "o2": "/slow", "o3": "/private"})
    results = check_links(cl, **FAST)
    for lang, pattern in (("en", "does not open"), ("th", "เปิดไม่ได้")):
        report = validate(cl, links=results, lang=lang, select=sorted(NEEDS_LINKS))
        assert {f.code for f in report.findings} == {"dead-link", "link-timeout", "login-required"}
        for f in report.findings:
            assert "{" not in f.message and f.item in f.message
        assert pattern in next(f.message for f in report.findings if f.code == "dead-link")
        assert "404" in next(f.message for f in report.findings if f.code == "dead-link")


def test_link_rules_fire_only_with_link_results():
    cl = perfect()
    assert validate(cl).findings == []
    assert set(NEEDS_LINKS) <= set(LINK_RULES) <= set(RULES)
    for code in LINK_RULES:
        assert RULES[code].messages["th"] and RULES[code].messages["en"]
    assert (RULES["dead-link"].severity, RULES["link-timeout"].severity, RULES["login-required"].severity,
            RULES["offsite-link"].severity, RULES["content-year-mismatch"].severity) == (
        "error", "warning", "warning", "info", "warning")


# --------------------------------------------------------------------------- politeness


@pytest.mark.parametrize(("concurrency", "per_host", "most"), [(8, 4, 4), (2, 4, 2)])
def test_never_more_in_flight_than_the_limits(concurrency, per_host, most):
    with LinkServer(delay=0.08) as server:
        urls = [server.url(f"/ok/{n}") for n in range(12)]
        results = check_urls(urls, concurrency=concurrency, per_host=per_host, **FAST)
        assert all(r.outcome == "ok" for r in results)
        assert server.max_in_flight == most  # reached, never passed
        assert all(server.hits[("HEAD", f"/ok/{n}")] == 1 for n in range(12))


def test_429_is_retried_after_the_time_the_server_asks(server):
    t0 = time.monotonic()
    (busy,) = check_urls([server.url("/busy")], **FAST)
    assert busy.outcome == "ok" and busy.status == 200 and busy.requests == 2
    assert server.count("/busy") == 2
    assert time.monotonic() - t0 >= 0.95  # Retry-After: 1


def test_no_retry_when_retries_are_off(server):
    (busy,) = check_urls([server.url("/busy")], retries=0, **FAST)
    assert busy.outcome == "dead" and busy.status == 429 and server.count("/busy") == 1


def test_too_many_redirects(server):
    (r,) = check_urls([server.url("/chain/5")], max_redirects=3, **FAST)
    assert (r.outcome, r.error_kind, r.redirects) == ("dead", "too_many_redirects", 3)
    assert server.count("/chain/1") == 0


def test_cookies_stay_within_one_redirect_chain_on_one_host(server):
    chain, direct = check_urls([server.url("/cookie/set"), server.url("/cookie/check")], **FAST)
    assert chain.outcome == "ok"  # the cookie set on the way is sent back to the same host
    assert direct.outcome == "dead" and direct.status == 403  # and kept for nothing else
    assert server.cookies_seen == ["session=abc"]


def test_progress_line_on_a_terminal(server):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    check_urls([server.url(f"/ok/{n}?delay=0.15") for n in range(3)], progress=out, progress_after=0.0,
               concurrency=1, **FAST)
    assert "links:" in out.getvalue() and "3/3 checked" in out.getvalue()
    quiet = io.StringIO()  # not a terminal: nothing
    check_urls([server.url("/ok/x?delay=0.15")], progress=quiet, progress_after=0.0, **FAST)
    assert quiet.getvalue() == ""


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "http://localhost:9/x", "http://10.0.0.1/x", "http://192.168.1.1/x",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x", "http://0.0.0.0/x", "http://[fe80::1]/x",
])
def test_private_addresses_are_not_opened_by_default(url):
    (r,) = check_urls([url], timeout=0.5)
    assert r.outcome == "skipped" and r.error_kind == "private" and r.requests == 0


def test_the_local_server_is_untouched_without_allow_private(server):
    cl = on_server(server, {"o1": "/missing"})
    results = check_links(cl, timeout=0.5)
    assert {r.outcome for r in results} == {"skipped"}
    assert sum(server.hits.values()) == 0
    assert found(validate(cl, links=results), "dead-link") == []


def test_only_http_and_https_urls_are_checked():
    cl = changed(perfect(), "o1", evidence=[Evidence(label="ftp", url="ftp://127.0.0.1/x"),
                                            Evidence(label="js", url="javascript:void(0)"),
                                            Evidence(label="mail", url="mailto:a@b.go.th", link_kind="mailto")])
    cl = cl.model_copy(update={"items": [cl.item("o1")]})
    assert check_links(cl, **FAST) == []


def test_options_are_checked():
    with pytest.raises(ValueError):
        LinkOptions(timeout=0)
    with pytest.raises(ValueError):
        LinkOptions(concurrency=0)


# --------------------------------------------------------------------------- content and years


def test_check_content_flags_the_document_of_another_year():
    with LinkServer(pdf_years={"o7-news.pdf": Y - 3, "o10-plan.pdf": Y, "o12-report.pdf": Y - 1}) as server:
        cl = on_server(server, {"o7": "/docs/o7-news.pdf", "o10": "/docs/o10-plan.pdf", "o12": "/docs/o12-report.pdf"})
        results = check_links(cl, check_content=True, **FAST)
        by_path = {r.url.rsplit("/", 1)[1]: r for r in results}
        assert by_path["o7-news.pdf"].years == [Y - 3] and by_path["o7-news.pdf"].content_type == "application/pdf"
        assert by_path["o10-plan.pdf"].years == [Y]
        report = validate(cl, links=results)
        assert found(report, "content-year-mismatch") == ["o7"]  # the labels name the right year: only content tells
        message = next(f.message for f in report.findings if f.code == "content-year-mismatch")
        assert str(Y - 3) in message and "first pages" in message
        # The documents were fetched once, with GET (no HEAD first); items without a year rule were not read.
        assert server.hits[("GET", "/docs/o7-news.pdf")] == 1 and server.count("/docs/o7-news.pdf") == 1
        assert by_path["o1"].years is None if "o1" in by_path else True
        assert server.hits[("HEAD", "/ok/o1")] == 1 and server.hits[("GET", "/ok/o1")] == 0
        # Without --check-content, the same links are only opened.
        plain = check_links(cl, **FAST)
        assert found(validate(cl, links=plain), "content-year-mismatch") == []


@pytest.mark.parametrize(("url", "stale"), [
    ("https://www.example.go.th/files/report-2563.pdf", True),        # a 2563 file for o16, a report of 2564
    ("https://www.example.go.th/files/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%992562.pdf", True),
    ("https://www.example.go.th/files/report-2564.pdf", False),       # the right year
    ("https://www.example.go.th/ita2565/o16.pdf", False),             # a folder: the assessment's, not the report's
    ("https://www.example.go.th/2563/o16.pdf", False),                # a folder again
    ("https://www.example.go.th/files/o16_ita2565.pdf", False),       # the assessment year: left to year-unknown
])
def test_a_year_only_in_the_file_name_of_the_url(url, stale):
    """o16 wants a report of Y-1; a label without year and a URL whose file name names an older year."""
    from oitparse import thai

    ev = Evidence(label="รายงานผลการสำรวจความพึงพอใจ (คลิก)", url=url, link_kind="external",
                  years=thai.years_in(url, assessment_year=Y))
    report = validate(changed(perfect(), "o16", evidence=[ev]))  # no network: the file name alone
    assert found(report, "content-year-mismatch") == (["o16"] if stale else [])
    if stale:
        f = next(f for f in report.findings if f.code == "content-year-mismatch")
        assert f.severity == "warning" and "file name" in f.message
    assert found(report, "year-mismatch") == []


def test_a_label_with_the_year_wins_over_the_file_name():
    ev = Evidence(label=f"รายงานผล พ.ศ. {Y - 1}", url="https://x.go.th/report-2563.pdf", years=[Y - 1, 2563])
    assert found(validate(changed(perfect(), "o16", evidence=[ev])), "content-year-mismatch") == []


# --------------------------------------------------------------------------- offsite


def test_offsite_links_are_infos(server):
    """Judged on where a link ends: a link of the agency's site that redirects to a file host is offsite too."""
    from oitparse.links import LinkResult

    cl = on_server(server)
    away = Evidence(label="drive", url="https://drive.google.com/file/d/abc/view", link_kind="external", years=[Y])
    results = check_links(cl, **FAST)  # the local links only: no test opens another address
    cl = changed(cl, "o7", evidence=[*cl.item("o7").evidence, away])
    moved = results[9].model_copy(update={"final_url": "https://docs.google.com/document/d/x"})  # o10's link
    results = [*results[:9], moved, *results[10:], LinkResult(url=away.url, final_url=away.url, status=200, outcome="ok")]
    report = validate(cl, links=results)
    assert [(f.item, f.severity) for f in report.findings if f.code == "offsite-link"] == [("o7", "info"), ("o10", "info")]
    assert "127.0.0.1" in next(f.message for f in report.findings if f.code == "offsite-link")


def test_sites_and_sign_in_pages():
    assert site_of("www.nakhonpathom.go.th") == site_of("ita.nakhonpathom.go.th") == "nakhonpathom.go.th"
    assert site_of("drive.google.com") == "google.com"
    assert is_sign_in_url("https://accounts.google.com/v3/signin/identifier?continue=x")
    assert is_sign_in_url("https://www.facebook.com/login.php?next=x")
    assert not is_sign_in_url("https://www.x.go.th/files/o1-loginguide.pdf")


# --------------------------------------------------------------------------- the cache


def test_results_are_cached_on_disk_for_their_max_age(server, tmp_path):
    urls = [server.url("/ok/a"), server.url("/missing")]
    first = check_urls(urls, cache_dir=str(tmp_path), **FAST)
    assert not any(r.from_cache for r in first) and sum(server.hits.values()) == 2
    again = check_urls(urls, cache_dir=str(tmp_path), **FAST)
    assert all(r.from_cache for r in again) and sum(server.hits.values()) == 2
    assert [r.outcome for r in again] == [r.outcome for r in first] == ["ok", "dead"]
    expired = check_urls(urls, cache_dir=str(tmp_path), cache_max_age=0, **FAST)
    assert not any(r.from_cache for r in expired) and sum(server.hits.values()) == 4


# --------------------------------------------------------------------------- command line


def test_validate_check_links_on_the_command_line(server, monkeypatch):
    cl = on_server(server, {"o1": "/missing", "o2": "/slow", "o3": "/private"})
    cl = cl.model_copy(update={"items": cl.items[:5]})
    monkeypatch.setattr(cli, "_parse_file", lambda *a, **k: cl)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["validate", "a.pdf", "b.pdf", "--format", "json", "--check-links", "--allow-private-links",
                       "--link-timeout", "0.5", "--select", "dead-link,link-timeout,login-required"],
                      stdout=out, stderr=err)
    assert status == 1
    data = json.loads(out.getvalue())
    for entry in data:
        findings = entry["report"]["findings"]
        assert [(f["code"], f["item"]) for f in findings] == [
            ("dead-link", "o1"), ("link-timeout", "o2"), ("login-required", "o3")]
    # Two files, the same links: each URL opened once in the run.
    assert server.hits[("HEAD", "/missing")] == 1 and server.count("/ok/o4") == 1
    # Without the flag, 127.0.0.1 is refused: nothing is opened, nothing is reported.
    out = io.StringIO()
    status = cli.main(["validate", "a.pdf", "--format", "json", "--check-links", "--link-timeout", "0.5",
                       "--select", "dead-link"], stdout=out, stderr=io.StringIO())
    assert status == 0 and json.loads(out.getvalue())[0]["report"]["findings"] == []
    assert server.hits[("HEAD", "/missing")] == 1


def test_link_options_are_validated():
    parser = cli.build_parser()
    args = parser.parse_args(["validate", "f", "--check-content", "--link-accept", "403,500..502",
                              "--link-cache-max-age", "12h", "--link-concurrency", "3"])
    options = cli._link_options(args)
    assert options.check_content and options.concurrency == 3 and options.cache_max_age == 43200
    assert options.accept == frozenset({403, 500, 501, 502})
    assert cli._link_options(parser.parse_args(["validate", "f"])) is None
    with pytest.raises(SystemExit):
        parser.parse_args(["validate", "f", "--link-timeout", "0"])


def agency_page(server: LinkServer, path: Path, routes: list[tuple[int, str, str]]) -> Path:
    """A saved web page: a table of items whose links point at the local server."""
    rows = "".join(
        f'<tr><td>o{n}</td><td>{title}</td><td><a href="{server.url(route)}">{title}</a></td></tr>'
        for n, title, route in routes
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head><title>ITA {Y}</title></head><body><table>"
                    f"<tr><th>ข้อ</th><th>ข้อมูล</th><th>รายละเอียด</th></tr>{rows}</table></body></html>", encoding="utf-8")
    return path


def test_validate_a_saved_page_with_check_links(server, tmp_path):
    """Done when: exactly the dead, slow and login-walled items, within the limits, each URL once, exit 1."""
    page = agency_page(server, tmp_path / "agency.html", [
        (1, "โครงสร้าง", "/ok/o1"), (2, "ข้อมูลผู้บริหาร", "/missing"), (3, "อำนาจหน้าที่", "/private"),
        (4, "แผนยุทธศาสตร์", "/slow"), (5, "ข้อมูลการติดต่อ", "/chain/2"), (6, "กฎหมายที่เกี่ยวข้อง", "/ok/o1"),
    ])
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["validate", str(page), "--check-links", "--allow-private-links", "--link-timeout", "0.5",
                       "--link-concurrency", "2", "--select", ",".join(sorted(NEEDS_LINKS))], stdout=out, stderr=err)
    assert status == 1, err.getvalue()
    table = [line.split()[:3] for line in out.getvalue().splitlines() if line.split()[:1] in (["error"], ["warning"], ["info"])]
    assert sorted(table) == [["error", "o2", "dead-link"], ["warning", "o3", "login-required"],
                             ["warning", "o4", "link-timeout"]]
    assert server.max_in_flight <= 2
    assert server.count("/ok/o1") == 1 and server.count("/missing") == 1 and server.count("/chain/2") == 1


def test_batch_check_links(server, tmp_path):
    page = agency_page(server, tmp_path / "in" / "agency.html",
                       [(1, "โครงสร้าง", "/ok/o1"), (2, "ข้อมูลผู้บริหาร", "/missing"), (3, "อำนาจหน้าที่", "/private")])
    copy = tmp_path / "in" / "again.html"
    copy.write_text(page.read_text(encoding="utf-8").replace("ITA", "ITA แบบที่สอง"), encoding="utf-8")
    out = tmp_path / "out"
    err = io.StringIO()
    status = cli.main(["batch", str(page.parent), "--out", str(out), "-j", "1", "--check-links",
                       "--allow-private-links", "--link-timeout", "0.5"], stdout=io.StringIO(), stderr=err)
    assert status in (0, 1), err.getvalue()
    lines = [json.loads(x) for x in (out / "links.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["outcome"] for r in lines) == ["dead", "login", "ok"]
    assert all(len(r["used_by"]) == 2 for r in lines)  # both files use each URL: opened once
    assert server.hits[("HEAD", "/missing")] == 1
    summary = [json.loads(x) for x in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(row["errors"] >= 1 for row in summary)  # the dead link is an error of each file
    saved = json.loads((out / "agency.html.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in saved.get("report", {}).get("findings", [])} if "report" in saved else None
    if codes is not None:
        assert {"dead-link", "login-required"} <= codes


# ---------------------------------------------------------------- DNS rebinding


def _public_loopback(monkeypatch, names: dict[str, list[list[str]]]) -> list[str]:
    """Make 127.0.0.1 count as public and answer the checker's lookups of ``names`` with the
    given address lists in turn (a rebinding server answers the second lookup otherwise)."""
    from oitparse import links

    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        answers = names[host]
        return answers[min(len(asked) - 1, len(answers) - 1)]

    real = links._is_public
    monkeypatch.setattr(links, "_is_public", lambda a: a == "127.0.0.1" or real(a))
    monkeypatch.setattr(links, "_resolve", resolve)
    return asked


def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    # "rebind.test" resolves nowhere for the system: the request reaches the server only
    # because it connects to the address the guard looked up and checked
    asked = _public_loopback(monkeypatch, {"rebind.test": [["127.0.0.1"]]})
    (r,) = check_urls([f"http://rebind.test:{server.port}/ok/pinned"], timeout=2)
    assert r.outcome == "ok" and r.final_url == f"http://rebind.test:{server.port}/ok/pinned"
    assert server.count("/ok/pinned") == 1
    assert server.hosts_seen == [f"rebind.test:{server.port}"]  # the server still sees its name
    assert asked == ["rebind.test"]  # one lookup: none for the connection to be rebound at


def test_a_name_is_looked_up_once_per_run_even_across_redirects(server, monkeypatch):
    # a second answer (here: a private address) is never asked for, so never used
    asked = _public_loopback(monkeypatch, {"rebind.test": [["127.0.0.1"], ["10.0.0.1"]]})
    (r,) = check_urls([f"http://rebind.test:{server.port}/chain/2"], timeout=2)
    assert r.outcome == "ok" and r.redirects == 2
    assert asked == ["rebind.test"]


def test_a_name_that_resolves_to_a_private_address_is_refused(server, monkeypatch):
    _public_loopback(monkeypatch, {"inside.test": [["10.1.2.3"]]})
    (r,) = check_urls([f"http://inside.test:{server.port}/ok/x"], timeout=2)
    assert r.outcome == "skipped" and r.error_kind == "private" and "10.1.2.3" in r.error
    assert sum(server.hits.values()) == 0
