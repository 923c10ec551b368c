"""Issue 10 through the console script: one batch run gives the assessor findings per file, a
BOM'd CSV naming missing codes, report.xlsx (opened with openpyxl: rows and fills) and
report.html (parsed); and the smaller things a user hit with `validate` and `batch`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from oitparse.models import Summary

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed_pathumthani_2565.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHAINLP_READ_ONLY": "1"}
_SCRIPT = Path(sys.executable).with_name("oitparse")
#: The installed console script when there is one (pip install -e), else the module.
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "oitparse"]


def oitparse(*args: str, umask: int | None = None, stdin=None) -> subprocess.CompletedProcess:
    def preexec():
        if umask is not None:
            os.umask(umask)

    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, encoding="utf-8", env=ENV,
                          timeout=300, stdin=stdin, preexec_fn=preexec if umask is not None else None)


def seed_without(folder: Path, code: str, name: str, agency: str | None = None) -> Path:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(code + " "))
    end = next(i for i, ln in enumerate(lines) if ln.startswith(f"o{int(code[1:]) + 1} "))
    text = "\n".join(lines[:start] + lines[end:]) + "\n"
    if agency:
        text = text.replace("จังหวัดปทุมธานี", agency)
    out = folder / name
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """good (text and DOCX), flawed (o5 missing; o12 missing under another agency) and broken files."""
    folder = tmp_path_factory.mktemp("assessor") / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    shutil.copy(FIXTURES / "docx" / "seed_garuda.docx", folder / "good.docx")
    seed_without(folder, "o5", "flawed_o5.txt")
    seed_without(folder, "o12", "flawed_o12.txt", agency="จังหวัดนนทบุรี")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (folder / "empty.docx").write_bytes(b"")
    out = folder.parent / "out"
    result = oitparse("batch", str(folder), "--out", str(out), "-j", "2")
    return folder, out, result


def test_batch_run_is_clean_and_counts_files(batch_run):
    folder, out, result = batch_run
    assert result.returncode == 1  # two files could not be read
    assert "Traceback" not in result.stderr
    assert "6 files: 4 converted, 2 failed" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["good.txt.json", "good.docx.json", "flawed_o5.txt.json", "flawed_o12.txt.json",
         "summary.csv", "summary.jsonl", "report.xlsx", "report.html"])


def test_each_json_holds_checklist_and_findings_like_validate_json(batch_run):
    folder, out, _ = batch_run
    data = json.loads((out / "flawed_o5.txt.json").read_text(encoding="utf-8"))
    summary = Summary.model_validate(data)
    assert summary.status == "failed" and summary.missing == ["o5"]
    assert len(summary.checklist.items) == 42
    assert [(f.item, f.code) for f in summary.report.findings if f.severity == "error"] == [("o5", "missing-item")]
    # the same shape, key for key, as validate --format json prints for the same file
    printed = json.loads(oitparse("validate", str(folder / "flawed_o5.txt"), "--format", "json").stdout)[0]
    assert list(printed) == list(data)
    assert printed["report"] == data["report"] and printed["missing"] == data["missing"]
    assert printed["checklist"]["items"] == data["checklist"]["items"]


def test_summary_csv_has_a_bom_names_missing_codes_and_says_why(batch_run):
    folder, out, _ = batch_run
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith("\ufefffile,".encode("utf-8"))
    rows = {Path(r["file"]).name: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert rows["flawed_o5.txt"]["missing"] == "o5" and rows["flawed_o5.txt"]["status"] == "failed"
    assert rows["flawed_o12.txt"]["agency"] == "จังหวัดนนทบุรี"
    assert rows["good.txt"]["status"] == "ok" and rows["good.txt"]["missing"] == ""
    assert rows["good.txt"]["items_found"] == rows["good.txt"]["items_expected"] == "43"
    assert rows["broken.pdf"]["status"] == "error" and "PDF" in rows["broken.pdf"]["error"]
    assert rows["empty.docx"]["status"] == "error" and "empty" in rows["empty.docx"]["error"]


def test_report_xlsx_has_three_sheets_with_rows_and_fills(batch_run):
    from openpyxl import load_workbook

    from oitparse.results import GRID_KINDS

    _, out, _ = batch_run
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["summary", "findings", "grid"]

    summary = wb["summary"]
    head = [c.value for c in summary[1]]
    assert head[:6] == ["file", "agency", "year", "form", "status", "error"]
    by_name = {Path(r[0]).name: dict(zip(head, r)) for r in summary.iter_rows(min_row=2, values_only=True)}
    assert len(by_name) == 6
    assert by_name["flawed_o5.txt"]["missing"] == "o5" and by_name["flawed_o5.txt"]["errors"] == 1
    assert by_name["broken.pdf"]["status"] == "error" and by_name["broken.pdf"]["error"]
    assert by_name["flawed_o12.txt"]["agency"] == "จังหวัดนนทบุรี"  # Thai stored as written

    findings = wb["findings"]
    assert [c.value for c in findings[1]] == ["file", "agency", "item", "code", "severity", "message"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert any(Path(r[0]).name == "flawed_o5.txt" and r[2:5] == ("o5", "missing-item", "error") for r in rows)
    assert len(rows) == sum(int(r["errors"]) + int(r["warnings"]) + int(r["infos"]) for r in by_name.values())

    grid = wb["grid"]
    head = [c.value for c in grid[1]]
    assert head[:4] == ["agency", "file", "status", "errors"] and head[4:] == [f"o{n}" for n in range(1, 44)]
    assert grid.freeze_panes == "C2" and grid.auto_filter.ref.startswith("A1:")
    assert summary.freeze_panes and summary.auto_filter.ref and findings.auto_filter.ref
    cells = {Path(row[1].value).name: row for row in grid.iter_rows(min_row=2)}

    def cell(name, code):
        c = cells[name][head.index(code)]
        return c.value, c.fill.fgColor.rgb[-6:]

    assert cell("flawed_o5.txt", "o5") == (GRID_KINDS["missing"][0], GRID_KINDS["missing"][1])
    assert cell("flawed_o5.txt", "o4") == (GRID_KINDS["ok"][0], GRID_KINDS["ok"][1])
    assert cells["flawed_o12.txt"][0].value == "จังหวัดนนทบุรี"
    assert cell("flawed_o12.txt", "o12")[0] == GRID_KINDS["missing"][0]
    assert cell("flawed_o12.txt", "o13") == (GRID_KINDS["warning"][0], GRID_KINDS["warning"][1])  # out of order
    assert cells["broken.pdf"][2].value == "error" and cells["broken.pdf"][4].value is None


class _Tables(HTMLParser):
    """The tables of report.html: rows of (text, attributes) cells, and every external reference."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, dict]]]] = {}
        self.table = None
        self.cell = None
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key):
                self.external.append(a[key])
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        if tag == "table":
            self.table = self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = ["", a]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.table[-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "table":
            self.table = None


def test_report_html_is_self_contained_with_grid_and_findings(batch_run):
    _, out, _ = batch_run
    page = (out / "report.html").read_text(encoding="utf-8")
    parsed = _Tables()
    parsed.feed(page)
    assert parsed.external == []  # no network, no CDN
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    grid = parsed.tables["grid"]
    head = [text for text, _ in grid[0]]
    assert head[:5] == ["agency", "file", "status", "errors", "warnings"] and head[5:] == [f"o{n}" for n in range(1, 44)]
    assert {a.get("data-key") for _, a in grid[0][:5]} == {"agency", "file", "status", "errors", "warnings"}
    rows = {Path(r[1][0]).name: r for r in grid[1:]}
    assert len(rows) == 6
    o5 = rows["flawed_o5.txt"][head.index("o5")]
    assert o5[0] == "—" and "k-missing" in o5[1]["class"] and "missing-item" in o5[1]["title"]
    assert "k-ok" in rows["good.txt"][head.index("o1")][1]["class"]
    assert rows["flawed_o12.txt"][0][0] == "จังหวัดนนทบุรี"
    assert rows["flawed_o5.txt"][3][1]["data-sort"] == "1"  # errors sort by number
    findings = parsed.tables["findings"]
    assert [t for t, _ in findings[0]] == ["file", "agency", "item", "code", "severity", "message"]
    assert any(Path(r[0][0]).name == "flawed_o5.txt" and r[2][0] == "o5" and r[3][0] == "missing-item"
               for r in findings[1:])
    assert any(Path(r[0][0]).name == "broken.pdf" and r[4][0] == "error" for r in findings[1:])
    assert 'class="sortable"' in page and "localeCompare" in page  # sorting is in the page itself


def test_batch_takes_lang_select_ignore_year_and_resume_follows_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed_without(folder, "o5", "f.txt")
    out = tmp_path / "out"
    first = oitparse("batch", str(folder), "--out", str(out), "--year", "2565", "--schema", "ita2565")
    assert first.returncode == 0, first.stderr
    again = oitparse("batch", str(folder), "--out", str(out), "--year", "2566", "--schema", "ita2565", "--resume")
    assert "unchanged" not in again.stderr  # another year: converted again, not the 2565 result kept
    summary = Summary.model_validate_json((out / "f.txt.json").read_bytes())
    assert summary.checklist.assessment_year == 2566
    assert "year-conflict" in [f.code for f in summary.report.findings]
    same = oitparse("batch", str(folder), "--out", str(out), "--year", "2566", "--schema", "ita2565", "--resume")
    assert "1 unchanged (--resume)" in same.stderr and "1 file:" in same.stderr  # and "1 file", not "1 files"
    thai = oitparse("batch", str(folder), "--out", str(out), "--lang", "th", "--select", "missing-item",
                    "--ignore", "year-unknown", "--resume")
    assert thai.returncode == 0, thai.stderr
    findings = Summary.model_validate_json((out / "f.txt.json").read_bytes()).report.findings
    assert [(f.code, f.message) for f in findings] == [("missing-item", "ไม่พบข้อ o5 (ข้อมูลการติดต่อ)")]
    from openpyxl import load_workbook

    rows = list(load_workbook(out / "report.xlsx")["findings"].iter_rows(min_row=2, values_only=True))
    assert [r[5] for r in rows] == ["ไม่พบข้อ o5 (ข้อมูลการติดต่อ)"]
    assert oitparse("batch", str(folder), "--out", str(out), "--select", "no-such-rule").returncode == 2


# ---------------------------------------------------------------- the smaller things (issue 10, point 6)


def test_min_severity_and_quiet_hide_infos():
    full = oitparse("validate", str(SEED))
    assert full.stdout.count("year-unknown") == 14
    for flags in (["--min-severity", "warning"], ["--quiet"], ["-q"]):
        quiet = oitparse("validate", str(SEED), *flags)
        assert quiet.returncode == 0 and "year-unknown" not in quiet.stdout, flags
        assert "infos: 14" in quiet.stdout  # the totals still count them
        assert "no findings (14 hidden by --min-severity)" in quiet.stdout
    errors_only = oitparse("validate", str(SEED), "--min-severity", "error", "--format", "json")
    assert json.loads(errors_only.stdout)[0]["report"]["findings"] == []


def test_christian_era_year_is_read_as_buddhist_era_with_a_note():
    r = oitparse("parse", str(SEED), "--year", "2023")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["assessment_year"] == 2566
    assert "--year 2023" in r.stderr and "2566" in r.stderr and "Traceback" not in r.stderr
    assert oitparse("parse", str(SEED), "--year", "1066").returncode == 2  # neither era: refused


def test_limit_messages_speak_in_the_flag_the_user_typed(tmp_path):
    r = oitparse("parse", "--max-file-mb", "0.01", str(SEED))
    assert r.returncode == 2
    assert "over the --max-file-mb limit of 0.01 MB" in r.stderr and "max_file_bytes" not in r.stderr
    pdf = FIXTURES / "pdf" / "seed_laksaman.pdf"
    r = oitparse("validate", "--max-pages", "2", str(pdf))
    assert r.stderr.strip() == f"oitparse: {pdf}: 13 pages, over the --max-pages limit of 2"
    shutil.copy(SEED, tmp_path / "a.txt")
    b = oitparse("batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--max-file-mb", "0.01")
    assert "--max-file-mb limit of 0.01 MB" in b.stderr
    assert "--max-file-mb limit of 0.01 MB" in (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")


def test_errors_in_thai_with_lang_th(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    r = oitparse("validate", str(broken), "--lang", "th")
    assert r.returncode == 2 and r.stderr.startswith(f"oitparse: {broken}: ไฟล์เสียหาย")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    b = oitparse("batch", str(empty), "--out", str(tmp_path / "out"), "--lang", "th")
    assert "ไฟล์ว่าง" in b.stderr and "1 ไฟล์" in b.stderr
    assert oitparse("batch", str(tmp_path / "nothing*.pdf"), "--out", str(tmp_path / "o2"),
                    "--lang", "th").stderr.strip() == "oitparse: ไม่พบไฟล์ที่จะตรวจ"


def test_text_mode_file_object_of_a_pdf_is_a_parse_error(tmp_path):
    pdf = FIXTURES / "pdf" / "twocol.pdf"
    code = ("import oitparse\n"
            f"try:\n    oitparse.parse(open({str(pdf)!r}))\n"
            "except oitparse.ParseError as e:\n    print('ParseError:', e)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=120)
    assert r.stdout.strip() == "ParseError: twocol.pdf: the file object is in text mode; open it with 'rb'", r.stderr
    # and the console script reads a PDF from standard input ("-") as bytes
    with open(pdf, "rb") as fh:
        piped = oitparse("parse", "-", stdin=fh)
    assert piped.returncode == 0, piped.stderr
    assert len(json.loads(piped.stdout)["items"]) == 12


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_batch_outputs_follow_the_users_umask(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    out = tmp_path / "out"
    assert oitparse("batch", str(tmp_path / "a.txt"), "--out", str(out), umask=0o022).returncode == 0
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == dict.fromkeys(["a.txt.json", "summary.csv", "summary.jsonl", "report.xlsx", "report.html"], 0o644)


def test_batch_exit_2_for_no_input_and_for_a_missing_path(tmp_path):
    (tmp_path / "empty").mkdir()
    r = oitparse("batch", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and r.stderr.strip() == "oitparse: no input files found"
    shutil.copy(SEED, tmp_path / "a.txt")
    r = oitparse("batch", str(tmp_path / "a.txt"), str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and r.stderr.strip() == f"oitparse: {tmp_path / 'nope'}: no such file or folder"
    assert "Traceback" not in r.stderr


def test_one_file_grammar_and_no_trailing_blank_line(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    r = oitparse("batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"))
    assert r.stderr.startswith("1 file: 1 converted, 0 failed;"), r.stderr
    one = oitparse("validate", str(SEED))
    assert one.stdout.endswith("infos: 14\n") and not one.stdout.endswith("\n\n")
    two = oitparse("validate", str(SEED), str(tmp_path / "a.txt"))
    assert two.stdout.count("\n\nfile: ") == 1 and not two.stdout.endswith("\n\n")  # a blank line between


def test_select_and_ignore_of_the_same_rule_warns():
    r = oitparse("validate", str(SEED), "--select", "missing-item", "--ignore", "missing-item")
    assert "warning" in r.stderr and "no rule" in r.stderr
    assert oitparse("validate", str(SEED), "--select", "missing-item").stderr == ""


def test_help_of_the_package_is_a_guide():
    code = "import oitparse, pydoc; oitparse.Checklist; print(pydoc.render_doc(oitparse, renderer=pydoc.plaintext))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60)
    text = r.stdout
    assert len(text.splitlines()) < 250, len(text.splitlines())
    assert "oitparse.parse(" in text and "validate(" in text and "batch" in text
    assert "model_validate" not in text and "BaseModel" not in text  # no pydantic internals
