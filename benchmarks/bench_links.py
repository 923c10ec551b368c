#!/usr/bin/env python3
"""Time to check N links with concurrency C, against a local server (tests/linkserver.py).

The server answers each request after ``--delay`` seconds (a stand-in for a remote host's
latency), so the ideal time of N links at concurrency C is about N x delay / C. For each C
the table gives the wall time (median of ``--runs``), links per second, the speed-up over
C = 1 and the ratio of the wall time to that ideal (1.00 = no overhead). All links are on
one host, so ``per_host`` is set to C as well (the default of 4 per host would cap it).
A second table: the same N links with no delay (the checker's own cost per link) and a
re-run from the disk cache (no request at all).

    python benchmarks/bench_links.py                  # N=200, delay 0.05 s, C = 1 2 4 8 16
    python benchmarks/bench_links.py -n 400 --delay 0.02 -c 4 8 32 --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from oitparse.links import check_urls  # noqa: E402
from tests.linkserver import LinkServer  # noqa: E402


def timed(urls: list[str], **options) -> tuple[float, list]:
    t0 = time.perf_counter()
    results = check_urls(urls, allow_private=True, **options)
    return time.perf_counter() - t0, results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="links (default: %(default)s)")
    ap.add_argument("--delay", type=float, default=0.05, help="server latency per request, s (default: %(default)s)")
    ap.add_argument("-c", "--concurrency", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    rows = []
    with LinkServer(delay=args.delay) as server:
        for c in args.concurrency:
            times = []
            for run in range(args.runs):
                urls = [server.url(f"/ok/{c}-{run}-{i}") for i in range(args.n)]  # fresh URLs: no cache, no reuse
                wall, results = timed(urls, concurrency=c, per_host=c, timeout=30)
                assert all(r.outcome == "ok" for r in results), [r for r in results if r.outcome != "ok"][:1]
                times.append(wall)
            rows.append({"concurrency": c, "wall_s": statistics.median(times), "max_in_flight": server.max_in_flight})
            server.max_in_flight = 0
    base = rows[0]["wall_s"] if rows and rows[0]["concurrency"] == 1 else None
    for r in rows:
        ideal = args.n * args.delay / r["concurrency"]
        r["links_per_s"] = args.n / r["wall_s"]
        r["ideal_s"] = ideal
        r["ratio_to_ideal"] = r["wall_s"] / ideal
        r["speedup_vs_c1"] = base / r["wall_s"] if base else None

    with LinkServer(delay=0.0) as server, tempfile.TemporaryDirectory() as cache:
        urls = [server.url(f"/ok/{i}") for i in range(args.n)]
        cold, _ = timed(urls, concurrency=8, per_host=8, cache_dir=cache)
        hits = sum(server.hits.values())
        warm, again = timed(urls, concurrency=8, per_host=8, cache_dir=cache)
        assert all(r.from_cache for r in again) and sum(server.hits.values()) == hits
    overhead = {"links": args.n, "no_delay_s": cold, "ms_per_link": 1000 * cold / args.n,
                "cached_rerun_s": warm, "requests_on_rerun": 0}

    if args.json:
        print(json.dumps({"n": args.n, "delay_s": args.delay, "runs": args.runs, "rows": rows,
                          "overhead": overhead}, indent=2))
        return 0
    print(f"{args.n} links, server latency {args.delay * 1000:g} ms, median of {args.runs} runs\n")
    print("| concurrency | wall (s) | links/s | ideal (s) | wall / ideal | speed-up vs C=1 | most in flight |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        speed = f"{r['speedup_vs_c1']:.2f}x" if r["speedup_vs_c1"] else "-"
        print(f"| {r['concurrency']} | {r['wall_s']:.2f} | {r['links_per_s']:.0f} | {r['ideal_s']:.2f} | "
              f"{r['ratio_to_ideal']:.2f} | {speed} | {r['max_in_flight']} |")
    print(f"\nno latency, C=8: {overhead['no_delay_s']:.2f} s for {args.n} links "
          f"({overhead['ms_per_link']:.1f} ms per link); re-run from the disk cache: "
          f"{overhead['cached_rerun_s']:.3f} s, 0 requests")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
