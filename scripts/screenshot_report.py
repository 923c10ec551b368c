"""Open a batch's report.html in headless Chromium: a screenshot to look at, and a check that
the grid sorts (by agency, by number of errors) in a real browser.

    python scripts/screenshot_report.py out/report.html --png /tmp/report.png
    python scripts/screenshot_report.py out/report.html --sort errors-desc --png /tmp/by_errors.png

Needs Debian's ``chromium`` (``apt-get install -y chromium``); the tests do not. No network:
the page is self-contained, and Chromium runs with networking features off.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("chromium not found: apt-get install -y chromium")


def run(url: str, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=120)
    return proc.stdout


def grid_order(dom: str) -> list[tuple[str, int]]:
    """(agency, errors) of the grid's rows, in the order the browser shows them."""
    body = dom.split('<table id="grid"', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr data-status[^>]*>(.*?)</tr>", body, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append((cells[0], int(cells[3])))
    return rows


def _grouped(rows: list[tuple[str, int]]) -> bool:
    """Sorted by agency (in the browser's Thai collation): each agency's rows stand together."""
    runs = [a for n, (a, _) in enumerate(rows) if n == 0 or rows[n - 1][0] != a]
    return len(runs) == len(set(runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path)
    ap.add_argument("--png", type=Path, help="write a screenshot here")
    ap.add_argument("--sort", default="", help="open sorted by a grid column, e.g. agency, errors-desc")
    ap.add_argument("--size", default="1600,1000")
    args = ap.parse_args()
    url = args.report.resolve().as_uri() + (f"#grid={args.sort}" if args.sort else "")
    if args.png:
        run(url, f"--window-size={args.size}", f"--screenshot={args.png}")
        print(f"screenshot: {args.png}")
    # The browser's own view of the page after its script ran: check the sorting.
    for key, check in (("errors-desc", lambda r: [e for _, e in r] == sorted((e for _, e in r), reverse=True)),
                       ("agency", _grouped)):
        order = grid_order(run(args.report.resolve().as_uri() + f"#grid={key}", "--dump-dom"))
        print(f"sorted by {key}: {[e for _, e in order][:12]} ... {len(order)} rows; "
              f"first agencies {[a for a, _ in order][:3]}")
        if not order or not check(order):
            print(f"NOT sorted by {key}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
