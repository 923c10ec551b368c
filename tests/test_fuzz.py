"""A short run of the fuzz harness (fuzz/run.py): structure-aware mutations of every format,
each in a child process with a wall-clock and a memory cap. The long run is a script."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _harness():
    spec = importlib.util.spec_from_file_location("oitparse_fuzz", ROOT / "fuzz" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_short_fuzz_run_ends_only_in_checklists_and_parse_errors(capsys):
    status = _harness().main(["--cases", "24", "--seed", "2565", "--wall", "20", "--mem-mb", "1500"])
    table = capsys.readouterr().out
    assert status == 0, table
    assert "0 ended in a bug" in table
    # the run covers every format, by bytes and by structure
    for kind in ("pdf/", "docx/", "html/", "text/"):
        assert f"| {kind}" in table, table


def test_the_harness_tells_a_bug_from_a_parse_error(tmp_path):
    harness = _harness()
    ok = harness.run_case(b"o1 \xe0\xb9\x82\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\x87\xe0\xb8\xaa\xe0\xb8\xa3\xe0\xb9\x89\xe0\xb8\xb2\xe0\xb8\x87\n",
                          wall=20, mem_mb=1500, tmp=tmp_path)
    assert ok["outcome"] == "checklist"
    assert harness.run_case(b"%PDF-1.7 broken", wall=20, mem_mb=1500, tmp=tmp_path)["outcome"].startswith("ParseError:")
    # a child that cannot even start its interpreter within the memory cap is reported, not hidden
    assert harness.run_case(b"x", wall=20, mem_mb=1, tmp=tmp_path)["outcome"] in ("crash", "memory")
