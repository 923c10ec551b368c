"""The command line, through the real entry point (`python -m oitparse`) in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oitparse import cli
from oitparse.errors import CorruptDocument
from oitparse.models import Checklist, Item, Source, Summary

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed_pathumthani_2565.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHAINLP_READ_ONLY": "1"}


def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "oitparse", *args],
        capture_output=True, text=True, encoding="utf-8", env=ENV, cwd=cwd, timeout=timeout,
    )


def seed_without(tmp_path: Path, code: str) -> Path:
    """The seed with one item's block cut out (its line up to the next item's line)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(code + " "))
    n = int(code[1:]) + 1
    end = next(i for i, ln in enumerate(lines) if ln.startswith(f"o{n} "))
    out = tmp_path / f"without_{code}.txt"
    out.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def corrupt_pdf(tmp_path) -> Path:
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    return p


def assert_one_line_error(result, path: Path | str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"oitparse: {path}: "), result.stderr


# ------------------------------------------------------------------ general


def test_version_and_help():
    from oitparse import __version__

    v = run("--version")
    assert v.returncode == 0 and __version__ in v.stdout
    for command in ("parse", "validate", "batch", "schema"):
        h = run(command, "--help")
        assert h.returncode == 0 and "examples:" in h.stdout and f"oitparse {command}" in h.stdout


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["validate"], ["validate", "x.txt", "--select", "no-such-rule"],
                                  ["parse", "x.txt", "--year", "65x"], ["batch", "x"], ["validate", "x", "--lang", "fr"]])
def test_usage_errors_exit_2(args):
    r = run(*args)
    assert r.returncode == 2 and "usage:" in r.stderr and "Traceback" not in r.stderr


def test_unknown_schema_is_one_line(tmp_path):
    r = run("schema", "ita9999")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "ita2565" in r.stderr


# ------------------------------------------------------------------ parse


def test_parse_one_file_prints_a_checklist():
    r = run("parse", str(SEED))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    checklist = Checklist.model_validate(data)
    assert [i.code for i in checklist.items] == [f"o{n}" for n in range(1, 44)]
    assert "จังหวัดปทุมธานี" in r.stdout  # ensure_ascii=False: Thai stays readable
    assert r.stdout.startswith("{\n  ")  # indented


def test_parse_several_files_gives_json_lines(tmp_path):
    other = tmp_path / "copy.txt"
    shutil.copy(SEED, other)
    r = run("parse", str(SEED), str(other), "--year", "2566")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2
    assert all(row["assessment_year"] == 2566 and row["year_source"] == "user" for row in rows)


def test_parse_unreadable_file_is_one_line_exit_2(corrupt_pdf, tmp_path):
    assert_one_line_error(run("parse", str(corrupt_pdf)), corrupt_pdf)
    missing = tmp_path / "nope.docx"
    assert_one_line_error(run("parse", str(missing)), missing)


def test_parse_goes_on_after_a_bad_file(corrupt_pdf):
    r = run("parse", str(corrupt_pdf), str(SEED))
    assert r.returncode == 2
    assert len(r.stdout.splitlines()) == 1  # the good file is still printed
    assert r.stderr.count("oitparse: ") == 1


# ------------------------------------------------------------------ validate


def test_validate_seed_text_is_ok():
    r = run("validate", str(SEED))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"file: {SEED}" in r.stdout
    assert "จังหวัดปทุมธานี" in r.stdout and "items: 43/43" in r.stdout
    assert " error " not in r.stdout


def test_validate_missing_item_exits_1(tmp_path):
    broken = seed_without(tmp_path, "o5")
    r = run("validate", str(broken))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "items: 42/43" in r.stdout
    row = next(ln for ln in r.stdout.splitlines() if "missing-item" in ln)
    assert row.split()[:3] == ["error", "o5", "missing-item"]
    # ignoring the rule makes the report ok again
    assert run("validate", str(broken), "--ignore", "missing-item").returncode == 0


def test_validate_json_shape(tmp_path, corrupt_pdf):
    broken = seed_without(tmp_path, "o12")
    r = run("validate", str(broken), str(corrupt_pdf), "--format", "json", "--select", "missing-item,no-evidence")
    assert r.returncode == 2  # one file could not be read
    out = json.loads(r.stdout)
    assert [entry["file"] for entry in out] == [str(broken), str(corrupt_pdf)]
    good, bad = out
    assert good["items_found"] == 42 and good["items_expected"] == 43 and good["missing"] == ["o12"]
    assert good["status"] == "failed" and good["checklist"]["agency"] == "จังหวัดปทุมธานี"
    assert len(good["checklist"]["items"]) == 42  # the whole checklist: one Summary shape with batch
    assert good["report"]["ok"] is False
    assert [(f["code"], f["item"]) for f in good["report"]["findings"]] == [("missing-item", "o12")]
    assert bad["error"] and bad["status"] == "error" and "report" not in bad and "checklist" not in bad


def test_validate_thai_text_output(tmp_path):
    r = run("validate", str(seed_without(tmp_path, "o5")), "--lang", "th")
    assert r.returncode == 1
    assert "หน่วยงาน: จังหวัดปทุมธานี" in r.stdout
    assert "ไม่พบข้อ o5" in r.stdout and "ข้อผิดพลาด" in r.stdout


def test_validate_text_columns_align_in_thai(monkeypatch):
    """In-process: the table pads by terminal width, so Thai severity labels line up."""

    def fake_parse(path, *, year, schema, limits=None, base_url=None):
        items = [Item(code=f"o{n}", number=n, title="x", evidence=[]) for n in (1, 2)]
        return Checklist(schema_name=schema, agency="อบต.ทดสอบ", source=Source(format="text"), items=items)

    monkeypatch.setattr(cli, "_parse_file", fake_parse)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["validate", "f.txt", "--lang", "th", "--select", "missing-item,no-evidence,year-unknown"],
                      stdout=out, stderr=err)
    assert status == 1
    table = [ln for ln in out.getvalue().splitlines() if " o" in ln and ("missing" in ln or "no-evidence" in ln)]
    assert len(table) == 43  # 41 missing + 2 without evidence
    columns = {cli.display_width(ln[: ln.index(" o")]) for ln in table}
    assert len(columns) == 1  # the item column starts at the same terminal column on every row


def test_parse_error_in_process_is_one_line(monkeypatch):
    def broken(path, *, year, schema, limits=None, base_url=None):
        raise CorruptDocument("truncated PDF", source=Path(path).name)

    monkeypatch.setattr(cli, "_parse_file", broken)
    err = io.StringIO()
    assert cli.main(["validate", "dir/a.pdf"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "oitparse: dir/a.pdf: truncated PDF\n"  # the file named once


def test_display_width():
    assert cli.display_width("ข้อผิดพลาด") == 8  # 10 code points, 2 zero-width marks
    assert cli.display_width("abc") == 3 and cli.display_width("全角") == 4
    assert cli.pad("คำเตือน", 10) == "คำเตือน" + " " * 4


# ------------------------------------------------------------------ schema


def test_schema_lists_items_and_json_schema():
    r = run("schema")
    assert r.returncode == 0
    rows = [ln for ln in r.stdout.splitlines() if ln[:1] == "o"]
    assert len(rows) == 43 and "plan_covers" in rows[3] and "โครงสร้าง" in rows[0]
    js = run("schema", "--json-schema")
    data = json.loads(js.stdout)
    assert data["title"] == "Checklist" and "items" in data["properties"]


# ------------------------------------------------------------------ batch


@pytest.fixture
def batch_inputs(tmp_path, corrupt_pdf) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(SEED, folder / "sub" / "a.txt")  # same name, other folder: no clash
    shutil.move(corrupt_pdf, folder / "corrupt.pdf")
    (folder / "empty.docx").write_bytes(b"")
    return folder


def test_batch_converts_the_good_files_and_reports_the_bad(tmp_path, batch_inputs):
    out = tmp_path / "out"
    r = run("batch", str(batch_inputs), "--out", str(out), "-j", "2")
    assert r.returncode == 1, r.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["a.txt.json", "sub/a.txt.json"]
    for p in out.rglob("*.json"):
        assert len(Summary.model_validate_json(p.read_text(encoding="utf-8")).checklist.items) == 43
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(row["file"]).relative_to(batch_inputs).as_posix(): row for row in csv.DictReader(fh)}
    assert set(rows) == {"a.txt", "sub/a.txt", "corrupt.pdf", "empty.docx"}
    assert rows["a.txt"]["agency"] == "จังหวัดปทุมธานี" and rows["a.txt"]["items_found"] == "43"
    assert rows["a.txt"]["missing"] == "" and rows["a.txt"]["error"] == "" and rows["a.txt"]["status"] == "ok"
    assert rows["corrupt.pdf"]["error"] and rows["empty.docx"]["error"]
    assert len((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert "Traceback" not in r.stderr
    assert "\r" not in r.stderr  # no progress bar when stderr is not a terminal
    assert sum(ln.startswith("oitparse: ") for ln in r.stderr.splitlines()) == 2  # one line per failed file

    # --resume: the converted files are left alone, the failed ones are tried again
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    again = run("batch", str(batch_inputs), "--out", str(out), "--resume")
    assert again.returncode == 1
    assert "2 unchanged" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == stamps


def test_batch_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    shutil.copy(SEED, tmp_path / "x.txt")
    r = run("batch", str(tmp_path / "x.txt"), "--out", str(blocker / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_batch_all_good_exits_0(tmp_path):
    shutil.copy(SEED, tmp_path / "x.TXT")
    r = run("batch", str(tmp_path / "*.TXT"), "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "x.TXT.json").is_file()


def test_batch_quiet_writes_no_infos(tmp_path):
    shutil.copy(SEED, tmp_path / "x.txt")  # its findings are infos only
    r = run("batch", str(tmp_path / "x.txt"), "--out", str(tmp_path / "out"), "-j", "1", "--quiet")
    assert r.returncode == 0, r.stderr
    summary = Summary.model_validate_json((tmp_path / "out" / "x.txt.json").read_bytes())
    assert summary.report.findings == [] and summary.options["min_severity"] == "warning"
    assert cli.build_parser().parse_args(["batch", "x", "--out", "o", "--min-severity", "error"]).min_severity == "error"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_killed_batch_leaves_no_partial_json(tmp_path, sig):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(400):
        shutil.copy(SEED, folder / f"f{n:03}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "oitparse", "batch", str(folder), "--out", str(out), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    deadline = time.monotonic() + 60
    while len(list(out.glob("f*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    written = sorted(p.name for p in out.glob("f*.json"))
    assert 3 <= len(written) < 400
    for p in out.glob("f*.json"):
        Summary.model_validate_json(p.read_text(encoding="utf-8"))  # whole, valid JSON
    assert [p.name for p in out.iterdir() if p.suffix not in (".json", ".jsonl", ".csv", ".xlsx", ".html")] == []
    summary = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(r["file"]).name + ".json" for r in summary) == written


def test_limit_options_are_applied_and_named_in_the_error():
    pdf = FIXTURES / "pdf" / "seed_laksaman.pdf"
    proc = run("validate", "--max-pages", "2", str(pdf))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"oitparse: {pdf}: 13 pages, over the --max-pages limit of 2"
    small = run("parse", "--max-file-mb", "0.001", str(SEED))
    assert small.returncode == 2 and "--max-file-mb limit of 0.001 MB" in small.stderr and "Traceback" not in small.stderr
    assert run("validate", "--max-pages", "20", str(pdf)).returncode == 0


def test_odd_option_values_are_usage_errors_not_tracebacks():
    for args in (["parse", "--max-file-mb", "inf", str(SEED)], ["parse", "--max-pages", "0", str(SEED)]):
        proc = run(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, args


def test_thai_output_on_an_ascii_console_is_escaped_not_a_crash():
    proc = subprocess.run(
        [sys.executable, "-m", "oitparse", "validate", str(SEED)],
        capture_output=True, env={**ENV, "PYTHONIOENCODING": "ascii"}, timeout=120,
    )
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert b"\\u0e08" in proc.stdout  # จ of จังหวัดปทุมธานี, escaped


def test_base_url_resolves_relative_links_of_a_web_page():
    # W000 is the institute page: relative hrefs and no <base>, canonical link or og:url.
    from oitparse import cli

    page = str(Path(__file__).parent / "fixtures" / "webpages" / "W000.html")
    out = io.StringIO()
    cli.main(["validate", page, "--format", "json"], stdout=out, stderr=io.StringIO())
    codes = [f["code"] for f in json.loads(out.getvalue())[0]["report"]["findings"]]
    assert "relative-link" in codes and "invalid-url" not in codes
    out = io.StringIO()
    cli.main(["validate", page, "--format", "json", "--base-url", "https://www.hsri.or.th/ita/"], stdout=out,
             stderr=io.StringIO())
    codes = [f["code"] for f in json.loads(out.getvalue())[0]["report"]["findings"]]
    assert "relative-link" not in codes and "invalid-url" not in codes
    out = io.StringIO()
    cli.main(["parse", page, "--base-url", "https://www.hsri.or.th/ita/"], stdout=out, stderr=io.StringIO())
    urls = [e["url"] for i in json.loads(out.getvalue())["items"] for e in i["evidence"]]
    assert urls and all(u.startswith(("https://", "http://", "mailto:")) for u in urls)


def test_base_url_must_be_a_web_address():
    proc = run("parse", "x.html", "--base-url", "files/")
    assert proc.returncode == 2 and "web address" in proc.stderr
