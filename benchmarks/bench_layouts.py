#!/usr/bin/env python3
"""Field accuracy of oitparse on fresh generated layouts: DOCX vs its PDF vs its HTML.

Draws N layouts (``tests/layouts.py``, seeded from the command line), writes them with
``scripts/make_layouts.py`` to a temporary directory, renders PDF and XHTML with
LibreOffice, parses all three renditions and counts the fields exact against the
layout's truth with ``tests/test_accuracy.compare`` (the comparison of the accuracy
test; PDFs forgive a space between two Thai characters). Prints the share of fields
exact per format and per field kind, the share of layouts fully exact, the worst
layout features per format, and the most common failure shapes with one example each.

    python benchmarks/bench_layouts.py --seed 42                  # 300 fresh layouts
    python benchmarks/bench_layouts.py --seed 7 --count 100 --keep /tmp/lay
    python benchmarks/bench_layouts.py --from /tmp/lay            # re-parse kept layouts
    python benchmarks/bench_layouts.py --from tests/fixtures/layouts --json

Needs LibreOffice and fonts-thai-tlwg-ttf unless ``--from`` names rendered layouts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from tests.test_accuracy import FIELD_KINDS, compare  # noqa: E402

FORMATS = ("docx", "pdf", "html")


# --------------------------------------------------------------------------- parsing (worker processes)


def parse_one(job: tuple[str, str]) -> dict:
    """Parse one rendition and compare it with its truth: the wrong fields and counts."""
    path, truth_path = job
    import oitparse

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    fmt = Path(path).suffix[1:]
    out = {"id": truth["variant"], "format": fmt, "features": truth["features"], "error": None}
    t0 = time.perf_counter()
    try:
        checklist = oitparse.parse(path)
    except Exception as e:  # noqa: BLE001 - a failed parse is a result
        out["error"] = f"{type(e).__name__}: {e}"[:200]
        checklist = None
    out["seconds"] = round(time.perf_counter() - t0, 3)
    if checklist is None:
        from oitparse.models import Checklist

        checklist = Checklist.model_construct(items=[], agency=None, assessment_year=None)
    results = compare(checklist, truth, thai_wrap_spaces=fmt == "pdf")
    out["total"] = Counter(r.kind for r in results)
    out["wrong"] = [
        {"item": r.item, "kind": r.kind, "where": r.where, "want": r.expected, "got": r.got}
        for r in results if not r.ok
    ]
    codes = [i.code for i in checklist.items]
    want = [i["code"] for i in truth["items"]]
    out["order_ok"] = codes == want
    out["codes"] = {"missing": [c for c in want if c not in codes], "extra": [c for c in codes if c not in want]}
    out["agency_ok"] = " ".join((checklist.agency or "").split()) == " ".join(truth["agency"].split())
    out["year_ok"] = checklist.assessment_year == truth["assessment_year"]
    return out


# --------------------------------------------------------------------------- failure shapes


def shape(w: dict, item_missing: bool) -> str:
    """A short name for how a field is wrong."""
    want, got = w["want"], w["got"]
    if item_missing:
        return "item not found"
    if want is None:
        return "extra entry"
    if got is None:
        return "entry missing"
    if "".join(want.split()) == "".join(got.split()):
        return "spaces differ"
    if got.startswith(want):
        return "text appended"
    if want.startswith(got):
        return "text cut short"
    if want in got:
        return "text added around"
    if got in want:
        return "part of the text only"
    if w["kind"] == "url" and want.rstrip("/").split("://")[-1] in got:
        return "url scheme/prefix differs"
    return "different text"


def summarize(results: list[dict]) -> dict:
    by_fmt: dict[str, dict] = {}
    shapes: Counter = Counter()
    examples: dict[tuple, dict] = {}
    feat_fmt: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # fields ok, fields, layouts ok, layouts
    for r in results:
        f = by_fmt.setdefault(r["format"], {"fields": 0, "ok": 0, "layouts": 0, "layouts_ok": 0, "errors": 0,
                                            "order_ok": 0, "agency_ok": 0, "year_ok": 0,
                                            "kinds": {k: [0, 0] for k in FIELD_KINDS}, "seconds": 0.0})
        total = sum(r["total"].values())
        nwrong = len(r["wrong"])
        f["fields"] += total
        f["ok"] += total - nwrong
        f["layouts"] += 1
        exact = nwrong == 0 and r["order_ok"] and r["agency_ok"] and r["year_ok"]
        f["layouts_ok"] += exact
        f["errors"] += r["error"] is not None
        f["order_ok"] += r["order_ok"]
        f["agency_ok"] += r["agency_ok"]
        f["year_ok"] += r["year_ok"]
        f["seconds"] += r["seconds"]
        for kind, n in r["total"].items():
            f["kinds"][kind][1] += n
            f["kinds"][kind][0] += n
        for w in r["wrong"]:
            f["kinds"][w["kind"]][0] -= 1
        missing_items = {w["item"] for w in r["wrong"] if w["kind"] == "code" and w["got"] is None}
        for w in r["wrong"]:
            if w["kind"] == "code" and w["item"] in missing_items:
                pass
            elif w["item"] in missing_items:
                continue  # counted once, as "item not found"
            key = (r["format"], w["kind"], shape(w, w["item"] in missing_items))
            shapes[key] += 1
            examples.setdefault(key, {"layout": r["id"], **w})
        if r["error"]:
            key = (r["format"], "parse", "error")
            shapes[key] += 1
            examples.setdefault(key, {"layout": r["id"], "item": "-", "kind": "parse", "where": "-",
                                      "want": "a Checklist", "got": r["error"]})
        if not r["order_ok"]:
            key = (r["format"], "codes", "item order/set differs")
            shapes[key] += 1
            examples.setdefault(key, {"layout": r["id"], "item": "-", "kind": "codes", "where": "codes",
                                      "want": f"missing {r['codes']['missing']}", "got": f"extra {r['codes']['extra']}"})
        for feat, val in r["features"].items():
            if feat == "columns":
                continue
            c = feat_fmt[(feat, str(val), r["format"])]
            c[0] += total - nwrong
            c[1] += total
            c[2] += exact
            c[3] += 1
    return {"formats": by_fmt, "shapes": shapes, "examples": examples, "features": feat_fmt}


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def report(s: dict, n_layouts: int, top: int) -> str:
    out = [f"## {n_layouts} generated layouts", ""]
    fmts = [f for f in FORMATS if f in s["formats"]]
    out.append("| format | fields exact | layouts exact | parse errors | item order ok | agency ok | year ok | s/parse |")
    out.append("|---|---|---|---|---|---|---|---|")
    for fmt in fmts:
        f = s["formats"][fmt]
        out.append(f"| {fmt} | {pct(f['ok'], f['fields'])} ({f['ok']}/{f['fields']}) | "
                   f"{pct(f['layouts_ok'], f['layouts'])} ({f['layouts_ok']}/{f['layouts']}) | {f['errors']} | "
                   f"{pct(f['order_ok'], f['layouts'])} | {pct(f['agency_ok'], f['layouts'])} | "
                   f"{pct(f['year_ok'], f['layouts'])} | {f['seconds'] / max(1, f['layouts']):.2f} |")
    out += ["", "### Fields exact per kind", "", "| kind | " + " | ".join(fmts) + " |", "|---|" + "---|" * len(fmts)]
    for kind in FIELD_KINDS:
        cells = [pct(*s["formats"][fmt]["kinds"][kind]) for fmt in fmts]
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    out += ["", "### Layout features (fields exact / layouts exact), worst first per format", ""]
    for fmt in fmts:
        rows = [(feat, val, c) for (feat, val, f2), c in s["features"].items() if f2 == fmt]
        rows.sort(key=lambda x: (x[2][0] / max(1, x[2][1]), x[0]))
        out.append(f"**{fmt}**: " + "; ".join(
            f"{feat}={val} {pct(c[0], c[1]).strip()} / {c[2]}/{c[3]}" for feat, val, c in rows[:12]))
        out.append("")
    out += ["### Most common failure shapes", "", "| count | format | field | shape | example (layout item where: want → got) |",
            "|---|---|---|---|---|"]
    for (fmt, kind, sh), n in s["shapes"].most_common(top):
        ex = s["examples"][(fmt, kind, sh)]
        want = (ex["want"] or "None")[:70]
        got = (ex["got"] or "None")[:70]
        out.append(f"| {n} | {fmt} | {kind} | {sh} | {ex['layout']} {ex['item']} {ex['where']}: `{want}` → `{got}` |")
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300, help="layouts to generate (default 300)")
    ap.add_argument("--seed", type=int, help="seed of the draw (default: a fresh one, printed)")
    ap.add_argument("--keep", type=Path, help="write the layouts here (kept) instead of a temporary directory")
    ap.add_argument("--from", dest="source", type=Path, help="parse the rendered layouts in this directory instead")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--top", type=int, default=30, help="failure shapes to list")
    ap.add_argument("--json", type=Path, help="also write every result (wrong fields included) to this file")
    args = ap.parse_args(argv)

    tmp = None
    if args.source:
        where = args.source
    else:
        from scripts.make_layouts import render, write_layouts

        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6, 10**7)
        print(f"seed {seed}, {args.count} layouts", file=sys.stderr)
        if args.keep:
            where = args.keep
        else:
            tmp = tempfile.TemporaryDirectory(prefix="oit-layouts-")
            where = Path(tmp.name)
        t0 = time.perf_counter()
        paths = write_layouts(where, args.count, seed, prefix="B")
        render(paths, where)
        print(f"generated and rendered in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    jobs = []
    names = sorted(p.name.removesuffix(".truth.json") for p in where.glob("*.truth.json"))
    for name in names:
        for fmt in FORMATS:
            path = where / f"{name}.{fmt}"
            if path.exists():
                jobs.append((str(path), str(where / f"{name}.truth.json")))
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(parse_one, jobs, chunksize=4))
    print(f"parsed {len(jobs)} files in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    s = summarize(results)
    print(report(s, len(names), args.top))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
