#!/usr/bin/env python3
"""Field accuracy of oitparse on the PDF/DOCX/HTML fixtures, next to pdfplumber's plain text.

For each fixture: the share of truth fields oitparse gets exactly (after
whitespace normalization; counted by ``tests/test_accuracy.compare``, the same
comparison the accuracy test asserts, so for PDFs a space between two Thai
characters does not count), overall and per field kind, and beside it the
strict share (every space counts, as for DOCX). Beside it,
the share of the truth's Thai words (PyThaiNLP newmm tokens, Thai tokens only,
counted with multiplicity) found in pdfplumber's ``extract_text()`` of the PDF,
and the same share for oitparse's output texts: the gain of structured reading.

    python benchmarks/bench_accuracy.py            # markdown table
    python benchmarks/bench_accuracy.py --json     # machine-readable
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from tests.test_accuracy import FIELD_KINDS, compare, fixture_paths, load_truth

# Kinds shown as columns (code and topic are nearly always right; they still count in "all").
SHOWN_KINDS = ("title", "requirement", "element", "label", "url")


def _fixture_tools():
    """truth_texts and thai_tokens of scripts/make_fixtures.py: the fixture stats count words the same way."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module.truth_texts, module.thai_tokens


truth_texts, thai_tokens = _fixture_tools()


def checklist_texts(checklist) -> list[str]:
    """The texts of a parse that correspond to truth_texts (titles, topics, requirements, elements, labels)."""
    out = []
    for item in checklist.items:
        out += [item.title, item.category or ""]
        for r in item.requirements:
            out += [r.text, *r.elements]
        out += [e.label for e in item.evidence]
    return [t for t in out if t]


def word_recall(want: Counter, texts: list[str]) -> float:
    """Share of the wanted Thai tokens (with multiplicity) present in the tokens of texts."""
    got = thai_tokens(texts)
    return sum((want & got).values()) / max(1, sum(want.values()))


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def measure(path: Path) -> dict:
    import oitparse

    truth = load_truth(path.stem)
    checklist = oitparse.parse(path)
    is_pdf = path.suffix == ".pdf"
    results = compare(checklist, truth, thai_wrap_spaces=is_pdf)  # as tests/test_accuracy.py asserts
    strict = compare(checklist, truth) if is_pdf else results
    by_kind = {}
    for kind in FIELD_KINDS:
        rs = [r for r in results if r.kind == kind]
        by_kind[kind] = {"ok": sum(r.ok for r in rs), "total": len(rs)}
    want = thai_tokens(truth_texts(truth))
    row = {
        "fixture": path.stem,
        "format": path.suffix[1:],
        "items": {"found": len(checklist.items), "truth": len(truth["items"])},
        "codes_in_order": [i.code for i in checklist.items] == [i["code"] for i in truth["items"]],
        "fields": {"ok": sum(r.ok for r in results), "total": len(results)},
        "fields_strict": {"ok": sum(r.ok for r in strict), "total": len(strict)},
        "by_kind": by_kind,
        "thai_words": sum(want.values()),
        "word_recall_oitparse": round(word_recall(want, checklist_texts(checklist)), 4),
        "word_recall_pdfplumber": None,
    }
    if path.suffix == ".pdf":
        row["word_recall_pdfplumber"] = round(word_recall(want, [pdfplumber_text(path)]), 4)
    return row


def _pct(ok: int, total: int) -> str:
    return "—" if total == 0 else f"{100 * ok / total:.1f}"


def markdown(rows: list[dict]) -> str:
    head = ["fixture", "fmt", "items", "fields ok", "all %", "strict %", *(f"{k} %" for k in SHOWN_KINDS),
            "Thai words: pdfplumber %", "Thai words: oitparse %"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        f, k = r["fields"], r["by_kind"]
        pl = r["word_recall_pdfplumber"]
        lines.append("| " + " | ".join([
            r["fixture"], r["format"], f"{r['items']['found']}/{r['items']['truth']}",
            f"{f['ok']}/{f['total']}", _pct(f["ok"], f["total"]),
            _pct(r["fields_strict"]["ok"], r["fields_strict"]["total"]),
            *(_pct(k[kind]["ok"], k[kind]["total"]) for kind in SHOWN_KINDS),
            "—" if pl is None else f"{100 * pl:.1f}", f"{100 * r['word_recall_oitparse']:.1f}",
        ]) + " |")
    for fmt in ("pdf", "docx", "html"):
        sel = [r for r in rows if r["format"] == fmt]
        if not sel:
            continue
        ok, total = sum(r["fields"]["ok"] for r in sel), sum(r["fields"]["total"] for r in sel)
        strict = _pct(sum(r["fields_strict"]["ok"] for r in sel), sum(r["fields_strict"]["total"] for r in sel))
        kinds = [_pct(sum(r["by_kind"][kd]["ok"] for r in sel), sum(r["by_kind"][kd]["total"] for r in sel))
                 for kd in SHOWN_KINDS]
        words = sum(r["thai_words"] for r in sel)
        pl = (f"{100 * sum(r['word_recall_pdfplumber'] * r['thai_words'] for r in sel) / words:.1f}"
              if fmt == "pdf" else "—")
        oit = f"{100 * sum(r['word_recall_oitparse'] * r['thai_words'] for r in sel) / words:.1f}"
        lines.append(f"| **all {fmt.upper()}** | {fmt} | | {ok}/{total} | **{_pct(ok, total)}** | {strict} | "
                     + " | ".join(kinds) + f" | {pl} | {oit} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a markdown table")
    ap.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON result to FILE")
    ap.add_argument("fixtures", nargs="*", help="fixture names to measure (default: all)")
    args = ap.parse_args(argv)
    paths = [p for p in fixture_paths() if not args.fixtures or p.stem in args.fixtures]
    order = {".pdf": 0, ".docx": 1, ".html": 2}
    paths.sort(key=lambda p: (order.get(p.suffix, 3), p.stem))
    rows = [measure(p) for p in paths]
    if args.save:
        args.save.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(rows, ensure_ascii=False, indent=1) if args.json else markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
