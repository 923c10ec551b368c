#!/usr/bin/env python3
"""Generate random realistic OIT checklist layouts (DOCX + LibreOffice PDF/HTML + truth).

Each layout is drawn from ``random.Random(seed)`` by ``tests/layouts.py`` (which
also offers it as the hypothesis strategy ``layouts()``); its truth is written from
the layout description (what the generator wrote), not read back from a parse.
LibreOffice renders the DOCX files to PDF and XHTML, many files per invocation.

    python scripts/make_layouts.py --out /tmp/lay --count 50 --seed 7      # 50 fresh layouts
    python scripts/make_layouts.py --out /tmp/lay --count 5 --no-render    # DOCX + truth only
    python scripts/make_layouts.py --corpus                                # tests/fixtures/layouts/

Files per layout ``<id>``: ``<id>.docx``, ``<id>.pdf``, ``<id>.html``, ``<id>.truth.json``
(the truth also records the seed and the layout's features). The layout of index
``i`` under seed ``S`` has seed ``S * 100_003 + i``, so ``--seed S --count N`` are the
first N of an endless sequence. Output is deterministic (fixed zip dates, PDF dates
and /ID patched as in ``scripts/make_fixtures.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from tests.layouts import build_docx, draw_layout, layout_truth, make_fixtures  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "fixtures" / "layouts"
CORPUS_SEED = 2565
CORPUS_COUNT = 64
#: soffice starts slowly: convert this many files per invocation.
BATCH = 40


def layout_seed(seed: int, index: int) -> int:
    return seed * 100_003 + index


def write_layouts(out: Path, count: int, seed: int, *, prefix: str = "L", start: int = 0) -> list[Path]:
    """Write DOCX + truth of ``count`` layouts; return the DOCX paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        lid = f"{prefix}{i:03d}"
        lay = draw_layout(layout_seed(seed, i), lid)
        path = out / f"{lid}.docx"
        path.write_bytes(build_docx(lay))
        truth = layout_truth(lay)
        (out / f"{lid}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def render(docx_paths: list[Path], out: Path, *, batch: int = BATCH) -> None:
    """PDF and XHTML of each DOCX next to it in ``out`` (LibreOffice, ``batch`` files per run)."""
    mf = make_fixtures()
    for target, ext in (("pdf:writer_pdf_Export", "pdf"), (mf.HTML_FILTER, "html")):
        for k in range(0, len(docx_paths), batch):
            chunk = docx_paths[k:k + batch]
            with tempfile.TemporaryDirectory() as tmp:
                mf.convert_to_pdf(chunk, Path(tmp), target)
                for path in chunk:
                    made = Path(tmp) / f"{path.stem}.{ext}"
                    if not made.exists():
                        print(f"{path.name}: LibreOffice wrote no {ext}", file=sys.stderr)
                        continue
                    dest = out / made.name
                    shutil.move(made, dest)
                    if ext == "pdf":
                        mf.make_pdf_deterministic(dest, path.read_bytes())


def summary(out: Path) -> str:
    """Counts of each feature value over the truths in ``out`` (coverage of the draw)."""
    feats: dict[str, Counter] = {}
    n = 0
    for p in sorted(out.glob("*.truth.json")):
        n += 1
        for k, val in json.loads(p.read_text(encoding="utf-8"))["features"].items():
            feats.setdefault(k, Counter())[str(val)] += 1
    lines = [f"{n} layouts"]
    for k, c in feats.items():
        if k == "columns":
            continue
        lines.append(f"  {k}: " + ", ".join(f"{v} {cnt}" for v, cnt in sorted(c.items())))
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    lines.append(f"  bytes: {size}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="output directory")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--prefix", default="L", help="layout id prefix (ids are PREFIX000, PREFIX001, ...)")
    ap.add_argument("--no-render", action="store_true", help="DOCX + truth only (no LibreOffice)")
    ap.add_argument("--corpus", action="store_true",
                    help=f"write the committed corpus ({CORPUS_COUNT} layouts, seed {CORPUS_SEED}) to {CORPUS_DIR.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if args.corpus:
        out, count, seed = CORPUS_DIR, CORPUS_COUNT, CORPUS_SEED
        if out.exists():
            for p in out.glob("L*.*"):
                p.unlink()
    elif args.out:
        out, count, seed = args.out, args.count, args.seed
    else:
        ap.error("give --out DIR or --corpus")
    paths = write_layouts(out, count, seed, prefix=args.prefix)
    if not args.no_render:
        render(paths, out)
    print(summary(out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
