"""Batch conversion plumbing, in-process, with fake converters run in real spawned workers.

The fake converters are module-level functions: spawned workers import this module
by name (multiprocessing passes the parent's sys.path to them).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from oitparse.batch import Row, find_inputs, output_paths, run_batch, write_atomic
from oitparse.errors import CorruptDocument
from oitparse.models import Checklist, Evidence, Item, Source, Summary


def fake_convert(path: str, options):
    """Behaves by file content: OK, BAD (ParseError), BOOM (bug), SLOW (hangs), CRASH (dies).

    An OK file is a one-item checklist, validated for real (options.lang, select, ignore)."""
    from oitparse.batch import row_from_summary
    from oitparse.results import summarize, summary_data

    text = Path(path).read_text(encoding="utf-8", errors="replace")
    if text.startswith("BAD"):
        raise CorruptDocument("the file is damaged")
    if text.startswith("BOOM"):
        raise RuntimeError("assembler bug")
    if text.startswith("SLOW"):
        time.sleep(60)
    if text.startswith("CRASH"):
        os._exit(3)
    checklist = Checklist(
        schema_name=options.schema,
        agency="จังหวัดทดสอบ",
        assessment_year=options.year or 2565,
        year_source="user" if options.year else "schema",
        source=Source(name=Path(path).name, format="text"),
        items=[
            Item(code="o1", number=1, title="โครงสร้าง", category="ข้อมูลพื้นฐาน",
                 evidence=[Evidence(label="โครงสร้าง (คลิก)")]),
        ],
    )
    summary = summarize(path, checklist, schema=options.schema, select=options.select, ignore=options.ignore,
                        lang=options.lang, options=options.fingerprint())
    return summary_data(summary), row_from_summary(summary)


def slow_convert(path: str, options):
    """Every file takes a while, so an interrupt lands mid-run."""
    time.sleep(0.4)
    return fake_convert(path, options)


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    return root


def read_summary(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbffile,")  # UTF-8 BOM: Excel reads Thai
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["file"] for r in table] == [r["file"] for r in rows]
    assert [r["missing"] for r in table] == [" ".join(r["missing"]) for r in rows]  # the codes, named
    return rows


def assert_no_partial_output(out: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.is_file()
                 and not p.name.endswith((".json", ".jsonl", ".csv", "report.xlsx", "report.html"))]
    assert leftovers == []
    for p in out.rglob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))  # every JSON is whole


def test_find_inputs_walks_folders_and_globs(tmp_path):
    make_tree(tmp_path, {"a/x.PDF": "", "a/sub/y.docx": "", "a/z.htm": "", "a/skip.json": "", "a/n.png": "",
                         "b/w.txt": "", "b/v.HTML": ""})
    found = [f.relative_to(tmp_path).as_posix() for f, _ in find_inputs([str(tmp_path / "a"), str(tmp_path / "b" / "*.txt")])]
    assert found == ["a/sub/y.docx", "a/x.PDF", "a/z.htm", "b/w.txt"]
    # the same file twice (folder and glob) is converted once
    again = find_inputs([str(tmp_path / "b"), str(tmp_path / "b" / "w.txt"), str(tmp_path / "b" / "*")])
    assert sorted(f.name for f, _ in again) == ["v.HTML", "w.txt"]


def test_output_paths_keep_subfolders_and_extensions(tmp_path):
    make_tree(tmp_path, {"p/a.pdf": "", "p/a.docx": "", "p/s/a.pdf": "", "q/a.pdf": ""})
    pairs = find_inputs([str(tmp_path / "p"), str(tmp_path / "q")])
    outs = output_paths(pairs, tmp_path / "out")
    rel = sorted(o.relative_to(tmp_path / "out").as_posix() for o in outs)
    assert rel == ["p/a.docx.json", "p/a.pdf.json", "p/s/a.pdf.json", "q/a.pdf.json"]
    assert len(set(outs)) == len(outs)


def test_batch_converts_and_keeps_going_after_failures(tmp_path):
    src = make_tree(tmp_path / "in", {"ok1.txt": "OK", "sub/ok2.txt": "OK", "bad.pdf": "BAD", "bug.docx": "BOOM"})
    out = tmp_path / "out"
    result = run_batch([str(src)], out, jobs=2, timeout=30, year=2565, convert=fake_convert)
    assert (result.converted, result.failed, result.skipped, result.interrupted) == (2, 2, 0, False)
    t = result.timings  # the phases bench_batch.py reads: serial start-up and end, parallel files between
    assert 0 < t["ready"] <= t["converted"] <= t["summary"] <= t["reports"]
    rows = {Path(r["file"]).name: r for r in read_summary(out)}
    assert rows["bad.pdf"]["error"] == "the file is damaged"
    assert rows["bug.docx"]["error"].startswith("internal error: RuntimeError: assembler bug")
    assert rows["ok1.txt"]["error"] == "" and rows["ok1.txt"]["items_found"] == 1
    assert rows["ok1.txt"]["missing"] == [f"o{n}" for n in range(2, 44)]  # the codes, in form order
    assert rows["ok1.txt"]["errors"] >= 42 and rows["ok1.txt"]["status"] == "failed"  # real validate() ran
    assert rows["bad.pdf"]["status"] == "error" and rows["bad.pdf"]["missing"] == []
    assert rows["ok1.txt"]["year"] == 2565 and rows["ok1.txt"]["agency"] == "จังหวัดทดสอบ"
    # the JSON is a Summary: the checklist and its report together
    summary = Summary.model_validate_json((out / "sub" / "ok2.txt.json").read_text(encoding="utf-8"))
    assert summary.checklist.items[0].code == "o1" and summary.items_found == 1 and summary.items_expected == 43
    assert ("o2", "missing-item") in [(f.item, f.code) for f in summary.report.findings]
    assert summary.options["year"] == 2565 and summary.options["lang"] == "en"
    assert not (out / "bad.pdf.json").exists() and not (out / "bug.docx.json").exists()
    assert_no_partial_output(out)


def test_stuck_worker_is_killed_at_the_time_limit(tmp_path):
    src = make_tree(tmp_path / "in", {"a.txt": "OK", "stuck.txt": "SLOW", "b.txt": "OK"})
    start = time.monotonic()
    result = run_batch([str(src)], tmp_path / "out", jobs=2, timeout=1.5, convert=fake_convert)
    assert time.monotonic() - start < 30  # not the 60 s the stuck file would take
    rows = {Path(r.file).name: r for r in result.rows}
    assert rows["stuck.txt"].error == "time limit of 1.5 s exceeded"
    assert rows["a.txt"].error == rows["b.txt"].error == ""
    assert result.failed == 1


def test_crashed_worker_becomes_an_error_row(tmp_path):
    src = make_tree(tmp_path / "in", {"a.txt": "OK", "crash.txt": "CRASH", "b.txt": "OK", "c.txt": "OK"})
    result = run_batch([str(src)], tmp_path / "out", jobs=1, timeout=30, convert=fake_convert)
    rows = {Path(r.file).name: r for r in result.rows}
    assert rows["crash.txt"].error.startswith("internal error: worker exited")
    assert [rows[n].error for n in ("a.txt", "b.txt", "c.txt")] == ["", "", ""]  # a new worker took over


def test_resume_skips_outputs_newer_than_their_input(tmp_path):
    src = make_tree(tmp_path / "in", {"a.txt": "OK", "b.txt": "OK", "bad.txt": "BAD"})
    out = tmp_path / "out"
    run_batch([str(src)], out, jobs=2, timeout=30, convert=fake_convert)
    a_json = out / "a.txt.json"
    stamp = a_json.stat().st_mtime_ns
    # b changes after its conversion: it must be converted again
    later = time.time() + 5
    os.utime(src / "b.txt", (later, later))
    result = run_batch([str(src)], out, jobs=2, timeout=30, resume=True, convert=fake_convert)
    assert a_json.stat().st_mtime_ns == stamp  # not rewritten
    assert (result.skipped, result.converted, result.failed) == (1, 1, 1)  # bad.txt has no JSON: retried
    rows = {Path(r["file"]).name: r for r in read_summary(out)}
    assert rows["a.txt"]["items_found"] == 1 and rows["a.txt"]["error"] == ""  # summary still lists it


def test_resume_converts_again_when_the_output_shaping_options_change(tmp_path):
    src = make_tree(tmp_path / "in", {"a.txt": "OK", "b.txt": "OK"})
    out = tmp_path / "out"
    run_batch([str(src)], out, jobs=1, timeout=30, year=2565, convert=fake_convert)
    stamp = (out / "a.txt.json").stat().st_mtime_ns
    same = run_batch([str(src)], out, jobs=1, timeout=30, year=2565, resume=True, convert=fake_convert)
    assert (same.skipped, same.converted) == (2, 0) and (out / "a.txt.json").stat().st_mtime_ns == stamp
    # another year: the 2565 results must not be kept
    other = run_batch([str(src)], out, jobs=1, timeout=30, year=2566, resume=True, convert=fake_convert)
    assert (other.skipped, other.converted) == (0, 2)
    assert Summary.model_validate_json((out / "a.txt.json").read_bytes()).checklist.assessment_year == 2566
    # another language, another rule selection: converted again, the messages in Thai
    thai = run_batch([str(src)], out, jobs=1, timeout=30, year=2566, resume=True, lang="th",
                     ignore=["year-unknown"], convert=fake_convert)
    assert thai.converted == 2
    findings = Summary.model_validate_json((out / "a.txt.json").read_bytes()).report.findings
    assert "ไม่พบข้อ o2" in [f.message for f in findings if f.item == "o2"][0]
    assert all(f.code != "year-unknown" for f in findings)


def test_outputs_follow_the_umask(tmp_path):
    src = make_tree(tmp_path / "in", {"a.txt": "OK"})
    old = os.umask(0o002)
    try:
        run_batch([str(src)], tmp_path / "out", jobs=1, timeout=30, convert=fake_convert)
    finally:
        os.umask(old)
    for name in ("a.txt.json", "summary.csv", "summary.jsonl", "report.xlsx", "report.html"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o664, name  # not mkstemp's 0600


def test_interrupt_leaves_whole_json_and_a_summary(tmp_path):
    src = make_tree(tmp_path / "in", {f"f{i:02}.txt": "OK" for i in range(30)})
    out = tmp_path / "out"

    def press_ctrl_c_after_two_files():
        deadline = time.monotonic() + 60
        while len(list(out.glob("*.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    watcher = threading.Thread(target=press_ctrl_c_after_two_files, daemon=True)
    watcher.start()
    try:
        result = run_batch([str(src)], out, jobs=2, timeout=30, convert=slow_convert)
    finally:
        watcher.join()
    assert result.interrupted
    assert 0 < len(result.rows) < 30
    rows = read_summary(out)
    assert len(rows) == len(result.rows)
    written = sorted(p.name for p in out.glob("f*.json"))
    assert written == sorted(Path(r["file"]).name + ".json" for r in rows)
    assert_no_partial_output(out)


def test_write_atomic_leaves_nothing_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "x.json"
    write_atomic(target, "old")

    def interrupted_replace(src, dst):
        raise KeyboardInterrupt  # Ctrl-C between writing the temp file and renaming it

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_row_fields_match_the_summary_columns():
    from oitparse.batch import SUMMARY_FIELDS
    from dataclasses import fields

    assert tuple(f.name for f in fields(Row) if f.name != "findings") == SUMMARY_FIELDS


def test_progress_line_only_on_a_terminal():
    import io

    from oitparse.batch import _Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = _Progress(3, stream)
        bar.update(Row(file="a"))
        bar.update(Row(file="b", error="broken"))
        bar.close()
    assert pipe.getvalue() == ""
    last = tty.getvalue().split("\r")[-1]
    assert last.startswith("2/3 files, 1 ok, 1 failed,") and "files/s" in last and last.endswith("\n")


def test_min_severity_leaves_lower_findings_out_of_the_outputs_not_the_status(tmp_path):
    import shutil

    from openpyxl import load_workbook

    fixtures = Path(__file__).parent / "fixtures"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(fixtures / "regressions" / "B018.pdf", src / "b018.pdf")  # errors, warnings and infos
    shutil.copy(fixtures / "seed_pathumthani_2565.txt", src / "seed.txt")  # infos only
    out = tmp_path / "out"

    def outputs() -> dict[str, Summary]:
        return {name: Summary.model_validate_json((out / f"{name}.json").read_bytes()) for name in ("b018.pdf", "seed.txt")}

    run_batch([str(src)], out, jobs=1, timeout=120)
    full = outputs()
    assert {f.severity for f in full["b018.pdf"].report.findings} == {"error", "warning", "info"}
    assert {f.severity for f in full["seed.txt"].report.findings} == {"info"}

    quiet = run_batch([str(src)], out, jobs=1, timeout=120, resume=True, min_severity="warning")
    assert (quiet.converted, quiet.skipped) == (2, 0)  # another output: converted again
    shown = outputs()
    assert shown["b018.pdf"].report.findings == [f for f in full["b018.pdf"].report.findings if f.severity != "info"]
    assert shown["seed.txt"].report.findings == []
    assert [s.status for s in shown.values()] == [s.status for s in full.values()] == ["failed", "ok"]
    rows = {Path(r["file"]).name: r for r in read_summary(out)}
    assert rows["b018.pdf"]["infos"] == 0 and rows["b018.pdf"]["warnings"] == 2
    assert rows["b018.pdf"]["errors"] == sum(f.severity == "error" for f in full["b018.pdf"].report.findings)
    sheet = load_workbook(out / "report.xlsx")["findings"]
    assert {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"error", "warning"}

    errors_only = run_batch([str(src)], out, jobs=1, timeout=120, resume=True, min_severity="error")
    assert errors_only.converted == 2
    assert {f.severity for f in outputs()["b018.pdf"].report.findings} == {"error"}
    again = run_batch([str(src)], out, jobs=1, timeout=120, resume=True, min_severity="error")
    assert (again.converted, again.skipped) == (0, 2)
