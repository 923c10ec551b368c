#!/usr/bin/env python3
"""Fuzz oitparse with structure-aware mutations of each format; every case in a child
process with a wall-clock and a memory cap; a table of outcomes at the end.

    python fuzz/run.py --cases 300 --seed 1          # a few minutes
    python fuzz/run.py --cases 5000 --seed 7 --keep fuzz/found   # a long run; odd cases kept

Outcomes: ``checklist``, ``ParseError:<kind>`` (expected), and the ones that are bugs:
``crash`` (the child died), ``timeout`` (past --wall seconds), ``memory`` (past --mem-mb),
``exception:<type>`` (anything outside the ParseError family). Cases that end in a bug are
written to --keep; add them to tests/fixtures/fuzz/ as regressions.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

_CHILD = r"""
import json, resource, sys
mem = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
sys.path.insert(0, sys.argv[3])
import oitparse
from oitparse.errors import ParseError, LimitExceeded
from oitparse.limits import Limits
data = open(sys.argv[1], "rb").read()
try:
    c = oitparse.parse(data, limits=Limits(timeout_seconds=float(sys.argv[4])))
    oitparse.validate(c)
    print(json.dumps({"outcome": "checklist", "items": len(c.items)}))
except ParseError as exc:
    assert str(exc) and "\n" not in str(exc)
    print(json.dumps({"outcome": "ParseError:" + type(exc).__name__}))
except MemoryError:
    print(json.dumps({"outcome": "memory"}))
except BaseException as exc:
    print(json.dumps({"outcome": "exception:" + type(exc).__name__, "message": str(exc)[:300]}))
"""


# --------------------------------------------------------------------------- generators


def _bytes_mutation(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op, at = rng.randrange(4), rng.randrange(max(len(b), 1))
        if op == 0:
            b[at:at + 1] = bytes([rng.randrange(256)])
        elif op == 1:
            del b[at:at + rng.randint(1, 64)]
        elif op == 2:
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        else:
            chunk = b[at:at + rng.randint(1, 256)]
            b[at:at] = chunk * rng.randint(1, 20)
    return bytes(b)


def _docx_surgery(rng: random.Random, data: bytes) -> bytes:
    """Element surgery on word/document.xml: huge spans, vMerge lies, nesting, duplicated rows."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename == "word/document.xml":
                xml = part.decode("utf-8")
                choice = rng.randrange(5)
                if choice == 0:
                    xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{rng.choice([0, 999, 99999999, -3])}"/>', rng.randint(1, 50))
                elif choice == 1:
                    xml = xml.replace("<w:tcPr>", "<w:tcPr><w:vMerge/>", rng.randint(1, 200))
                elif choice == 2:
                    rows = re.findall(r"<w:tr[ >].*?</w:tr>", xml, flags=re.S)
                    if rows:
                        row = rng.choice(rows)
                        xml = xml.replace(row, row * rng.randint(2, 400), 1)
                elif choice == 3:
                    xml = xml.replace("<w:tc>", "<w:tc><w:tbl><w:tr><w:tc>", 30).replace("</w:tc>", "</w:tc></w:tr></w:tbl></w:tc>", 30)
                else:
                    xml = xml.replace("w:t>", "w:t >", rng.randint(1, 30))
                part = xml.encode("utf-8")
            zout.writestr(info, part)
    return out.getvalue()


def _html_surgery(rng: random.Random, data: bytes) -> bytes:
    html = data.decode("utf-8", errors="replace")
    choice = rng.randrange(5)
    if choice == 0:
        html = html.replace("<td", f'<td rowspan="{rng.choice([0, 65534, 10**9])}"', rng.randint(1, 500))
    elif choice == 1:
        html = html.replace("<td", f'<td colspan="{rng.choice([0, 1000, 10**9])}"', rng.randint(1, 500))
    elif choice == 2:
        html = "<div>" * rng.randint(100, 3000) + html
    elif choice == 3:
        html = html.replace("utf-8", rng.choice(["tis-620", "utf-16", "x-nonsense", "cp874"]), 1)
    else:
        rows = re.findall(r"<tr[ >].*?</tr>", html, flags=re.S)
        if rows:
            html = html.replace(rows[-1], rows[-1] * rng.randint(2, 2000), 1)
    return html.encode("utf-8", errors="replace")


def _pdf_surgery(rng: random.Random, data: bytes) -> bytes:
    """Object surgery: flip bytes inside streams, break xref offsets, repeat objects."""
    b = bytearray(data)
    streams = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(3)
        if choice == 0 and streams:
            at = rng.choice(streams) + rng.randrange(64)
            if at < len(b):
                b[at] = rng.randrange(256)
        elif choice == 1:
            m = re.search(rb"startxref\s+(\d+)", b)
            if m:
                b[m.start(1):m.end(1)] = str(rng.randrange(len(b))).encode()
        else:
            objs = list(re.finditer(rb"\d+ 0 obj.*?endobj", bytes(b), flags=re.S))
            if objs:
                o = rng.choice(objs)
                b[o.end():o.end()] = b[o.start():o.end()] * rng.randint(1, 5)
    return bytes(b)


def cases(n: int, seed: int):
    rng = random.Random(seed)
    sources = {
        "pdf": sorted((FIXTURES / "pdf").glob("*.pdf"))[:4] + sorted((FIXTURES / "layouts").glob("L00*.pdf"))[:3],
        "docx": sorted((FIXTURES / "docx").glob("*.docx"))[:4] + sorted((FIXTURES / "layouts").glob("L00*.docx"))[:3],
        "html": sorted((FIXTURES / "webpages").glob("W00*.html")) + sorted((FIXTURES / "html").glob("*.html"))[:3],
        "text": [FIXTURES / "seed_pathumthani_2565.txt"],
    }
    surgery = {"pdf": _pdf_surgery, "docx": _docx_surgery, "html": _html_surgery, "text": _bytes_mutation}
    for k in range(n):
        fmt = rng.choice(sorted(sources))
        src = rng.choice(sources[fmt])
        data = src.read_bytes()
        how = "bytes" if rng.random() < 0.4 else "structure"
        try:
            mutated = _bytes_mutation(rng, data) if how == "bytes" else surgery[fmt](rng, data)
        except zipfile.BadZipFile:
            mutated = _bytes_mutation(rng, data)
        yield k, f"{fmt}/{how}", src.name, mutated


def run_case(data: bytes, *, wall: float, mem_mb: int, tmp: Path) -> dict:
    path = tmp / "case.bin"
    path.write_bytes(data)
    env = dict(os.environ, PYTHAINLP_READ_ONLY="1")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(mem_mb), str(ROOT / "src"), str(wall)],
            capture_output=True, text=True, timeout=wall + 10, env=env,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout"}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"outcome": "crash", "message": proc.stderr[-300:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


BUGS = ("crash", "timeout", "memory", "exception:")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wall", type=float, default=20.0, help="seconds a case may take (default 20)")
    ap.add_argument("--mem-mb", type=int, default=1500, help="address space of a case (default 1500 MB)")
    ap.add_argument("--keep", type=Path, help="write the cases that end in a bug here")
    args = ap.parse_args(argv)
    import tempfile

    table: Counter[tuple[str, str]] = Counter()
    bugs = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, kind, name, data in cases(args.cases, args.seed):
            result = run_case(data, wall=args.wall, mem_mb=args.mem_mb, tmp=Path(tmp))
            table[(kind, result["outcome"])] += 1
            if result["outcome"].startswith(BUGS):
                bugs.append((k, kind, name, result))
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"case{k}-{kind.replace('/', '-')}-{name}.bin").write_bytes(data)
    print(f"| case kind | outcome | count |\n|---|---|---|")
    for (kind, outcome), count in sorted(table.items()):
        print(f"| {kind} | {outcome} | {count} |")
    print(f"\n{args.cases} cases, seed {args.seed}: {len(bugs)} ended in a bug")
    for k, kind, name, result in bugs:
        print(f"  case {k} ({kind} of {name}): {result}")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
