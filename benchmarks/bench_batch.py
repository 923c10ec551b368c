"""How `oitparse batch` scales with worker processes.

Builds a folder of N checklists (default 120) by cycling through the committed fixtures
(PDF, DOCX, HTML and the seed text), then times `run_batch` end to end (workers started,
every file parsed, validated and written, summary.csv, report.xlsx and report.html) with
-j 1 and with -j J (default: the number of CPUs), alternating the two, and prints the
median wall times, files/s and the speed-up.

    python benchmarks/bench_batch.py                  # 120 files, -j 1 against -j <cpus>, 3 runs each
    python benchmarks/bench_batch.py --files 200 --runs 5 --jobs 2
    python benchmarks/bench_batch.py --json

Wall times move with the machine's load: run it idle. The script prints the load average
before and after and the process CPU time of the workers (from the children's rusage), so a
busy machine shows as wall time well above CPU time / jobs. It also measures what the
machine itself gives at that moment: the same pure-Python CPU loop in 1 and in J spawned
processes, interleaved with the batch runs ("machine speed-up"). On an idle 2-CPU machine
that is about 2.0; on a shared one it can be 1.0 (the other CPU busy). "efficiency" is the
batch speed-up divided by the machine speed-up: how much of the parallelism the machine
offered the batch turns into speed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

FIXTURES = ROOT / "tests" / "fixtures"


def make_corpus(folder: Path, n: int) -> dict[str, int]:
    sources = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "docx").glob("*.docx")) \
        + sorted((FIXTURES / "html").glob("*.html")) + [FIXTURES / "seed_pathumthani_2565.txt"]
    kinds: dict[str, int] = {}
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copy(src, folder / f"f{i:04d}_{src.name}")
        kinds[src.suffix] = kinds.get(src.suffix, 0) + 1
    return kinds


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _spin(n: int) -> float:
    x = 0
    for i in range(n):
        x += i * i
    return float(x % 7)


def machine_run(jobs: int, work: int = 6_000_000, tasks: int = 4) -> float:
    """Wall time of ``tasks`` equal CPU loops in a pool of ``jobs`` spawned processes (started before timing)."""
    from multiprocessing import get_context

    with get_context("spawn").Pool(jobs) as pool:
        pool.map(_spin, [1000] * jobs)  # the processes are up
        t0 = time.perf_counter()
        pool.map(_spin, [work] * tasks)
        return time.perf_counter() - t0


PHASES: dict[int, list[dict]] = {}


def one_run(folder: Path, jobs: int) -> tuple[float, float]:
    from oitparse.batch import run_batch

    with tempfile.TemporaryDirectory() as out:
        cpu0 = children_cpu()
        t0 = time.perf_counter()
        result = run_batch([str(folder)], out, jobs=jobs, timeout=120, progress=open(os.devnull, "w"))
        wall = time.perf_counter() - t0
        cpu = children_cpu() - cpu0
    if result.failed:
        raise SystemExit(f"{result.failed} files failed: {[r.error for r in result.rows if r.error][:3]}")
    PHASES.setdefault(jobs, []).append(result.timings)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=120)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kinds = make_corpus(folder, args.files)
        load_before = os.getloadavg()
        times: dict[int, list[tuple[float, float]]] = {1: [], args.jobs: []}
        machine: dict[int, list[float]] = {1: [], args.jobs: []}
        one_run(folder, args.jobs)  # warm-up: file cache, .pyc
        for _ in range(args.runs):
            for jobs in (1, args.jobs):  # alternate, so a load change hits both
                machine[jobs].append(machine_run(jobs))
                times[jobs].append(one_run(folder, jobs))
        load_after = os.getloadavg()

    med = {j: statistics.median(w for w, _ in t) for j, t in times.items()}
    # Amdahl from the -j 1 runs' own phases: start-up (imports, before the first file) and the
    # summary and reports after the last are serial; the files in between divide among workers.
    one = PHASES[1][1:]  # the warm-up run was at -j J
    startup = statistics.median(p["ready"] for p in one)
    files = statistics.median(p["converted"] - p["ready"] for p in one)
    after = statistics.median(p["reports"] - p["converted"] for p in one)
    ideal = (startup + files + after) / (startup + files / args.jobs + after)
    cpu = {j: statistics.median(c for _, c in t) for j, t in times.items()}
    result = {
        "files": args.files, "kinds": kinds, "runs": args.runs, "jobs": args.jobs, "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "wall_s": {str(j): round(v, 2) for j, v in med.items()},
        "worker_cpu_s": {str(j): round(v, 2) for j, v in cpu.items()},
        "all_wall_s": {str(j): [round(w, 2) for w, _ in t] for j, t in times.items()},
        "files_per_s": {str(j): round(args.files / v, 1) for j, v in med.items()},
        "speedup": round(med[1] / med[args.jobs], 2),
        "phases_j1_s": {"startup": round(startup, 2), "files": round(files, 2), "summary_and_reports": round(after, 2)},
        "ideal_speedup": round(ideal, 2),
        "machine_speedup": round(statistics.median(machine[1]) / statistics.median(machine[args.jobs]), 2),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{args.files} files ({', '.join(f'{n} {k}' for k, n in kinds.items())}), median of {args.runs} runs, "
          f"{os.cpu_count()} CPUs, load {result['load_before']} -> {result['load_after']}")
    print("| -j | wall s | files/s | worker CPU s | runs (wall s) |")
    print("|---|---|---|---|---|")
    for j in (1, args.jobs):
        print(f"| {j} | {med[j]:.2f} | {args.files / med[j]:.1f} | {cpu[j]:.2f} | {result['all_wall_s'][str(j)]} |")
    print(f"-j 1 phases: start-up {startup:.2f} s, files {files:.2f} s, summary and reports {after:.2f} s: "
          f"with {args.jobs} free CPUs at most {ideal:.2f}x")
    print(f"speed-up -j {args.jobs} / -j 1: {result['speedup']:.2f}x; the machine's own speed-up for a pure CPU "
          f"loop in {args.jobs} processes meanwhile: {result['machine_speedup']:.2f}x; efficiency "
          f"{result['speedup'] / result['machine_speedup']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
