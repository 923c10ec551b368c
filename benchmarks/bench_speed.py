#!/usr/bin/env python3
"""Speed and memory of oitparse on the fixtures, against pdfplumber's plain text extraction.

Per PDF fixture: median wall (and CPU) time of ``oitparse.parse(path)`` and of pdfplumber
``"\\n".join(page.extract_text() for page in pdf.pages)`` (both open the file
inside the timed part), their ratio, oitparse's pages per second and the
tracemalloc peak of one parse; and the PDF reader alone against PDFium's own plain
text dump of the same bytes (``read_pdf(data)`` ÷ pypdfium2 open + ``get_textpage`` +
``get_text_range`` over all pages): what the reader adds on top of reading the text
at all. Per DOCX fixture: median parse time. Also the
time of ``import oitparse`` in a fresh interpreter and the peak RSS of a fresh
process that parses the largest PDF. Medians are over ``--runs`` runs after one
warm-up run, in this process.

    python benchmarks/bench_speed.py               # markdown
    python benchmarks/bench_speed.py --runs 9 --json
    python benchmarks/bench_speed.py --profile tests/fixtures/pdf/seed_laksaman.pdf
    python benchmarks/bench_speed.py --dump-ratio  # only the read_pdf / PDFium text dump table
    python benchmarks/bench_speed.py --floor       # the reader's PDFium stages alone, as ratios to the dump
    python benchmarks/bench_speed.py --dump-ratio --corpus --python-loops  # all committed PDFs, no compiled helper
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(SRC))
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

# The targets.
TARGET_RATIO = 1.0  # oitparse time / pdfplumber extract_text time, per PDF
TARGET_DUMP_RATIO = 4.0  # read_pdf time / PDFium's plain text dump time, per PDF
TARGET_IMPORT_S = 0.150
TARGET_DOCX_43_S = 0.050


def median_times(fns: dict, runs: int) -> dict:
    """Median wall and CPU seconds of each fn over `runs` calls, after one untimed warm-up call each.

    The functions are called in turn within each run, so a change of machine
    load affects them alike and their ratio stays fair.
    """
    for fn in fns.values():
        fn()
    wall: dict = {k: [] for k in fns}
    cpu: dict = {k: [] for k in fns}
    for _ in range(runs):
        for key, fn in fns.items():
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            fn()
            cpu[key].append(time.process_time() - c)
            wall[key].append(time.perf_counter() - t)
    return {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in fns}


def pdfplumber_extract(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfium_text_dump(data: bytes) -> list[str]:
    """PDFium's own plain text of every page: the least any PDFium-based reader must do."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


#: The other committed PDFs ``--corpus`` adds: the 64 generated layouts and the regression documents.
CORPUS_DIRS = ("layouts", "regressions")


def dump_ratios(runs: int, *, corpus: bool = False) -> list[dict]:
    """Per PDF fixture: median read_pdf time, median PDFium text dump time, and their ratio
    (wall and CPU), both from the file's bytes already in memory, timed in alternation.
    With ``corpus``, every committed PDF of CORPUS_DIRS too."""
    from oitparse.readers.pdf import read_pdf

    paths = sorted((FIXTURES / "pdf").glob("*.pdf"))
    if corpus:
        paths += [p for d in CORPUS_DIRS for p in sorted((FIXTURES / d).glob("*.pdf"))]
    out = []
    for path in paths:
        data = path.read_bytes()
        m = median_times({"read_pdf": partial(read_pdf, data), "dump": partial(pdfium_text_dump, data)}, runs)
        (t_read, cpu_read), (t_dump, cpu_dump) = m["read_pdf"], m["dump"]
        out.append({"fixture": path.stem, "set": path.parent.name, "read_pdf_s": t_read, "pdfium_dump_s": t_dump,
                    "ratio": t_read / t_dump, "read_pdf_cpu_s": cpu_read, "pdfium_dump_cpu_s": cpu_dump,
                    "cpu_ratio": cpu_read / cpu_dump})
    return out


def loops_in_use() -> str:
    """Which loops the PDF reader runs: the compiled helper's or the Python ones."""
    from oitparse.readers.pdf import _compiled

    if _compiled.helper is None:
        return "the PDF reader's Python loops (the compiled helper is not built or is switched off)"
    return f"the PDF reader's compiled helper ({Path(_compiled.helper.__file__).name})"


def pdfium_stages(data: bytes, upto: int) -> None:
    """The reader's PDFium access without its layout: per page the text page, then (upto >= 1)
    the glyph loop (characters, boxes, runs), (>= 2) ruling segments and table grids,
    (>= 3) link annotations. What is left of read_pdf is layout, text and tagging."""
    from collections import Counter

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from oitparse.readers.pdf import geometry
    from oitparse.readers.pdf import pdfium as access

    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            access.glyphs(raw, textpage, Counter())
            textpage.close()
            if upto >= 2:
                geometry.grids(*access.rules(raw, page))
            if upto >= 3:
                access.links(raw, doc, page)
            page.close()
    finally:
        doc.close()


FLOOR_STAGES = ("glyphs", "+ rules, grids", "+ links")


def floor_ratios(runs: int) -> list[dict]:
    """Per PDF fixture: median times of the text dump, of the reader's PDFium stages alone
    (cumulative, see :func:`pdfium_stages`) and of read_pdf, each as a ratio to the dump."""
    from oitparse.readers.pdf import read_pdf

    out = []
    for path in sorted((FIXTURES / "pdf").glob("*.pdf")):
        data = path.read_bytes()
        fns = {"dump": partial(pdfium_text_dump, data)}
        fns |= {name: partial(pdfium_stages, data, k + 1) for k, name in enumerate(FLOOR_STAGES)}
        fns["read_pdf"] = partial(read_pdf, data)
        m = median_times(fns, runs)
        dump = m["dump"][0]
        out.append({"fixture": path.stem, "pdfium_dump_s": dump, **{f"{k}_ratio": m[k][0] / dump for k in fns if k != "dump"}})
    return out


def floor_markdown(rows: list[dict]) -> list[str]:
    names = [*FLOOR_STAGES, "read_pdf"]
    out = ["| PDF fixture | dump ms | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    out += [f"| {r['fixture']} | {_ms(r['pdfium_dump_s'])} | " + " | ".join(f"{r[n + '_ratio']:.2f}" for n in names) + " |"
            for r in rows]
    return out


def dump_markdown(rows: list[dict]) -> list[str]:
    fixtures = [r for r in rows if r.get("set", "pdf") == "pdf"]
    out = ["| PDF fixture | read_pdf ms | PDFium text dump ms | ratio | CPU ratio |", "|---|---|---|---|---|"]
    out += [f"| {r['fixture']} | {_ms(r['read_pdf_s'])} | {_ms(r['pdfium_dump_s'])} | {r['ratio']:.2f} | {r['cpu_ratio']:.2f} |"
            for r in fixtures]
    others = [r for r in rows if r.get("set", "pdf") != "pdf"]
    if others:
        out += ["", "| PDF set | files | ratio min | median | max (file) |", "|---|---|---|---|---|"]
        for name in dict.fromkeys(r["set"] for r in others):
            ratios = sorted((r["ratio"], r["fixture"]) for r in others if r["set"] == name)
            out.append(f"| {name} | {len(ratios)} | {ratios[0][0]:.2f} | {statistics.median(x for x, _ in ratios):.2f} | "
                       f"{ratios[-1][0]:.2f} ({ratios[-1][1]}) |")
    return out


def tracemalloc_peak(fn) -> int:
    """Peak bytes Python allocated during one call of fn()."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _child_env() -> dict:
    env = dict(os.environ, PYTHAINLP_READ_ONLY="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def import_time(runs: int, statement: str = "import oitparse") -> float:
    """Median seconds of `statement` in a fresh interpreter (interpreter start-up excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], env=_child_env(), capture_output=True,
                             text=True, check=True, cwd=ROOT)
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def fresh_process_rss(path: Path) -> int:
    """Peak RSS in bytes of a fresh interpreter that imports oitparse and parses `path` once.

    Read from VmHWM in /proc/self/status where there is one: Linux carries a
    parent's ru_maxrss over fork+exec, so the child's ru_maxrss would report
    this (bigger) benchmark process instead.
    """
    code = ("import resource, sys, oitparse; oitparse.parse(sys.argv[1])\n"
            "try:\n"
            "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
            "except (OSError, IndexError):\n"
            "    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print(hwm)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], env=_child_env(), capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return int(out.stdout.strip()) * 1024  # both are in KiB on Linux


def run(runs: int) -> dict:
    import oitparse

    pdfs = sorted((FIXTURES / "pdf").glob("*.pdf"))
    docxs = sorted((FIXTURES / "docx").glob("*.docx"))
    result: dict = {"runs": runs, "pdf": [], "docx": []}
    for path in pdfs:
        data = path.read_bytes()
        checklist = oitparse.parse(path)
        m = median_times({"oitparse": partial(oitparse.parse, path),
                          "pdfplumber": partial(pdfplumber_extract, path)}, runs)
        (t_oit, cpu_oit), (t_plumber, cpu_plumber) = m["oitparse"], m["pdfplumber"]
        pages = checklist.source.pages or 0
        result["pdf"].append({
            "fixture": path.stem,
            "pages": pages,
            "items": len(checklist.items),
            "oitparse_s": t_oit,
            "pdfplumber_s": t_plumber,
            "ratio": t_oit / t_plumber,
            "oitparse_cpu_s": cpu_oit,
            "pdfplumber_cpu_s": cpu_plumber,
            "cpu_ratio": cpu_oit / cpu_plumber,
            "pages_per_s": pages / t_oit,
            "tracemalloc_peak_bytes": tracemalloc_peak(partial(oitparse.parse, path)),
            # From bytes: what reading and assembling allocate, without parse()'s file-read buffer.
            "tracemalloc_peak_from_bytes": tracemalloc_peak(partial(oitparse.parse, data)),
        })
    for path in docxs:
        checklist = oitparse.parse(path)
        wall, cpu = median_times({"oitparse": partial(oitparse.parse, path)}, runs)["oitparse"]
        result["docx"].append({"fixture": path.stem, "items": len(checklist.items),
                               "oitparse_s": wall, "oitparse_cpu_s": cpu})
    result["pdf_dump"] = dump_ratios(runs)
    result["import_s"] = import_time(max(runs, 5))
    # parse() itself pulls in api, models and pydantic: the cost of the first use.
    result["import_parse_s"] = import_time(max(runs, 5), "from oitparse import parse")
    largest = max(pdfs, key=lambda p: p.stat().st_size)
    result["fresh_process"] = {"fixture": largest.stem, "ru_maxrss_bytes": fresh_process_rss(largest)}
    result["this_process_ru_maxrss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result["targets"] = targets(result)
    return result


def targets(result: dict) -> dict:
    """Each target of the issue: the worst measured value and whether it is met."""
    worst_ratio = max((r["ratio"] for r in result["pdf"]), default=None)
    worst_dump = max((r["ratio"] for r in result.get("pdf_dump", [])), default=None)
    docx43 = [r["oitparse_s"] for r in result["docx"] if r["items"] >= 43]
    worst_docx = max(docx43, default=None)
    return {
        "pdf_ratio_max": {"target": TARGET_RATIO, "value": worst_ratio,
                          "met": worst_ratio is not None and worst_ratio <= TARGET_RATIO},
        "pdf_dump_ratio_max": {"target": TARGET_DUMP_RATIO, "value": worst_dump,
                               "met": worst_dump is not None and worst_dump <= TARGET_DUMP_RATIO},
        "import_s": {"target": TARGET_IMPORT_S, "value": result["import_s"],
                     "met": result["import_s"] < TARGET_IMPORT_S},
        "docx_43_items_s_max": {"target": TARGET_DOCX_43_S, "value": worst_docx,
                                "met": worst_docx is not None and worst_docx < TARGET_DOCX_43_S},
    }


def _ms(s: float) -> str:
    return f"{1000 * s:.1f}"


def _mib(b: int) -> str:
    return f"{b / 2**20:.1f}"


def markdown(result: dict) -> str:
    out = [f"Median of {result['runs']} runs after 1 warm-up.", "",
           ("| PDF fixture | pages | items | oitparse ms | pdfplumber extract_text ms | ratio | CPU ratio "
            "| pages/s | tracemalloc peak MiB (path) | (bytes) |"),
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["pdf"]:
        out.append(f"| {r['fixture']} | {r['pages']} | {r['items']} | {_ms(r['oitparse_s'])} | "
                   f"{_ms(r['pdfplumber_s'])} | {r['ratio']:.2f} | {r['cpu_ratio']:.2f} | {r['pages_per_s']:.1f} | "
                   f"{_mib(r['tracemalloc_peak_bytes'])} | {_mib(r['tracemalloc_peak_from_bytes'])} |")
    out += ["", "PDF reader against PDFium's own text dump of the same bytes:", ""] + dump_markdown(result["pdf_dump"])
    out += ["", "| DOCX fixture | items | oitparse ms | CPU ms |", "|---|---|---|---|"]
    out += [f"| {r['fixture']} | {r['items']} | {_ms(r['oitparse_s'])} | {_ms(r['oitparse_cpu_s'])} |"
            for r in result["docx"]]
    fp = result["fresh_process"]
    out += ["", f"- `import oitparse` (fresh interpreter, median): {_ms(result['import_s'])} ms",
            f"- `from oitparse import parse` (fresh interpreter, median): {_ms(result['import_parse_s'])} ms",
            f"- peak RSS of a fresh process parsing {fp['fixture']}.pdf: {_mib(fp['ru_maxrss_bytes'])} MiB",
            f"- peak RSS of this benchmark process: {_mib(result['this_process_ru_maxrss_bytes'])} MiB",
            "", "| target | limit | measured (worst) | met |", "|---|---|---|---|"]
    t = result["targets"]
    fmt = {
        "pdf_ratio_max": ("PDF time / pdfplumber time", lambda v: f"{v:.2f}", "≤ 1.0"),
        "pdf_dump_ratio_max": ("read_pdf time / PDFium text dump time", lambda v: f"{v:.2f}", "≤ 4.0"),
        "import_s": ("import oitparse", lambda v: f"{_ms(v)} ms", "< 150 ms"),
        "docx_43_items_s_max": ("DOCX of 43 items", lambda v: f"{_ms(v)} ms", "< 50 ms"),
    }
    for key, (name, show, limit) in fmt.items():
        v = t[key]["value"]
        out.append(f"| {name} | {limit} | {'—' if v is None else show(v)} | {'yes' if t[key]['met'] else 'NO'} |")
    return "\n".join(out)


def profile(path: Path, top: int) -> str:
    """cProfile of one parse of `path` (after a warm-up parse), the `top` functions by cumulative time."""
    import cProfile
    import io
    import pstats

    import oitparse

    oitparse.parse(path)  # warm-up: imports and dictionaries load once per process
    prof = cProfile.Profile()
    prof.runcall(oitparse.parse, path)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (default 5)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    ap.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON result to FILE")
    ap.add_argument("--profile", type=Path, metavar="FILE",
                    help="instead of benchmarking, print a cProfile of one parse of FILE")
    ap.add_argument("--top", type=int, default=25, help="functions listed by --profile (default 25)")
    ap.add_argument("--dump-ratio", action="store_true",
                    help="only the table of read_pdf time / PDFium text dump time per PDF fixture")
    ap.add_argument("--corpus", action="store_true",
                    help="with --dump-ratio: also every generated layout and regression PDF (a summary per set)")
    ap.add_argument("--python-loops", action="store_true",
                    help="switch the PDF reader's compiled helper off: time its Python loops")
    ap.add_argument("--floor", action="store_true",
                    help="only the table of the reader's PDFium stages alone (no layout) / PDFium text dump")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.python_loops:
        from oitparse.readers.pdf import _compiled

        _compiled.helper = None
    if args.profile:
        print(profile(args.profile, args.top))
        return 0
    if args.floor:
        rows = floor_ratios(args.runs)
        print(json.dumps(rows, indent=1) if args.json else "\n".join(
            [f"Median of {args.runs} runs after 1 warm-up; ratios to the PDFium text dump, stages cumulative; "
             f"{loops_in_use()}.", ""]
            + floor_markdown(rows)))
        return 0
    if args.dump_ratio:
        rows = dump_ratios(args.runs, corpus=args.corpus)
        print(json.dumps(rows, indent=1) if args.json else "\n".join(
            [f"Median of {args.runs} runs after 1 warm-up; {loops_in_use()}.", ""] + dump_markdown(rows)))
        return 0
    result = run(args.runs)
    if args.save:
        args.save.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
