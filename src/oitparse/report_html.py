"""``report.html`` of a batch: one self-contained page (no network, no CDN, no external file).

The page shows the totals, the grid (one row per file, its agency first; one column per
item of the form; each cell the item's worst finding as a mark and a colour, its findings
in the cell's tooltip) and every finding. Both tables sort by clicking a column heading
(agency, errors, ... ; a second click reverses), with a few lines of inline JavaScript.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .results import GRID_KINDS, GRID_LEGEND, grid_row

if TYPE_CHECKING:
    from .batch import Row

TEXT = {
    "en": {
        "title": "OIT checklists: batch report",
        "files": "files", "ok": "ok", "failed": "with errors", "error": "unreadable",
        "grid": "Items by agency", "findings": "Findings", "legend": "Legend",
        "sort": "click a column heading to sort",
        "grid_head": ["agency", "file", "status", "errors", "warnings"],
        "findings_head": ["file", "agency", "item", "code", "severity", "message"],
        "none": "no findings",
    },
    "th": {
        "title": "แบบตรวจ OIT: รายงานการตรวจหลายไฟล์",
        "files": "ไฟล์", "ok": "ผ่าน", "failed": "มีข้อผิดพลาด", "error": "อ่านไม่ได้",
        "grid": "รายการข้อตามหน่วยงาน", "findings": "ข้อบกพร่องที่พบ", "legend": "คำอธิบายสัญลักษณ์",
        "sort": "คลิกหัวคอลัมน์เพื่อเรียงลำดับ",
        "grid_head": ["หน่วยงาน", "ไฟล์", "สถานะ", "ข้อผิดพลาด", "คำเตือน"],
        "findings_head": ["ไฟล์", "หน่วยงาน", "ข้อ", "รหัส", "ระดับ", "ข้อความ"],
        "none": "ไม่พบข้อบกพร่อง",
    },
}

_CSS = """
body { font-family: "Noto Sans Thai", "Sarabun", Tahoma, "Segoe UI", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.totals span { display: inline-block; margin-right: 1.2em; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 2px 5px; }
th { background: #f2f2f2; position: sticky; top: 0; cursor: pointer; white-space: nowrap; }
th.sorted-asc::after { content: " \\25B2"; } th.sorted-desc::after { content: " \\25BC"; }
td.mark { text-align: center; min-width: 1.4em; }
td.num { text-align: right; } td.status, #grid td:first-child { white-space: nowrap; }
.k-ok { background: #%(ok)s; } .k-warning { background: #%(warning)s; }
.k-error { background: #%(error)s; } .k-missing { background: #%(missing)s; }
.s-ok { background: #%(ok)s; } .s-failed { background: #%(error)s; } .s-error { background: #a6a6a6; }
.legend span { display: inline-block; margin-right: 1em; padding: 1px 6px; border: 1px solid #ccc; }
.scroll { overflow-x: auto; }
.note { color: #666; font-size: 0.85em; }
""" % {k: v[1] for k, v in GRID_KINDS.items()}

# Sort a table by the clicked column: numbers by value (data-sort), text in Thai collation.
_JS = r"""
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var asc = !th.classList.contains("sorted-asc");
      table.querySelectorAll("thead th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
      th.classList.add(asc ? "sorted-asc" : "sorted-desc");
      var key = function (row) { var c = row.cells[col]; return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent; };
      var numeric = rows.every(function (r) { var k = key(r); return k === "" || !isNaN(Number(k)); });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = numeric ? Number(x) - Number(y) : x.localeCompare(y, "th");
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
// report.html#grid=errors-desc (or #findings=item, ...) opens the page sorted by that column.
(function () {
  var m = /^#(\w+)=([\w-]+?)(-desc)?$/.exec(location.hash);
  var th = m && document.querySelector("table#" + m[1] + " thead th[data-key='" + m[2] + "']");
  if (th) { th.click(); if (m[3]) { th.click(); } }
})();
"""


#: A status sorts from best to worst.
_STATUS_ORDER = {"ok": 0, "failed": 1, "error": 2}
_GRID_KEYS = ("agency", "file", "status", "errors", "warnings")
_FINDING_KEYS = ("file", "agency", "item", "code", "severity", "message")


def _cell(text: object, cls: str = "", sort: object = None, title: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    if sort is not None:
        attrs += f' data-sort="{escape(str(sort))}"'
    if title:
        attrs += f' title="{escape(title)}"'
    return f"<td{attrs}>{escape('' if text is None else str(text))}</td>"


def render_html(rows: list[Row], codes: list[str], *, lang: str = "en") -> str:
    """The report page of a batch, as one HTML string."""
    t = TEXT.get(lang, TEXT["en"])
    legend = GRID_LEGEND.get(lang, GRID_LEGEND["en"])
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("ok", "failed", "error")}
    status_text = {"ok": t["ok"], "failed": t["failed"], "error": t["error"]}

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(t['title'])}</h1>",
        '<p class="totals">'
        + f"<span>{len(rows)} {escape(t['files'])}</span>"
        + "".join(f'<span class="s-{s}">&nbsp;{counts[s]} {escape(status_text[s])}&nbsp;</span>' for s in counts)
        + "</p>",
        f'<p class="legend">{escape(t["legend"])}: '
        + "".join(f'<span class="k-{k}">{escape(mark)} {escape(legend[k])}</span>' for k, (mark, _) in GRID_KINDS.items())
        + "</p>",
        f"<h2>{escape(t['grid'])}</h2>",
        f'<p class="note">{escape(t["sort"])}</p>',
        '<div class="scroll"><table id="grid" class="sortable"><thead><tr>'
        + "".join(f'<th data-key="{k}">{escape(h)}</th>' for k, h in zip(_GRID_KEYS, t["grid_head"]))
        + "".join(f'<th data-key="{escape(c)}">{escape(c)}</th>' for c in codes)
        + "</tr></thead><tbody>",
    ]
    for r in rows:
        by_item: dict[str, list[str]] = {}
        for item, code, severity, message in r.findings:
            by_item.setdefault(item, []).append(f"{severity} {code}: {message}")
        kinds = grid_row(((i, c, s) for i, c, s, _ in r.findings), codes) if r.status != "error" else {}
        cells = [
            _cell(r.agency or Path(r.file).name, sort=r.agency or Path(r.file).name),
            _cell(r.file),
            _cell(status_text[r.status], f"status s-{r.status}", sort=_STATUS_ORDER[r.status], title=r.error),
            _cell(r.errors, "num", sort=r.errors),
            _cell(r.warnings, "num", sort=r.warnings),
        ]
        for code in codes:
            if code in kinds:
                mark = GRID_KINDS[kinds[code]][0]
                cells.append(_cell(mark, f"mark k-{kinds[code]}", title="\n".join(by_item.get(code, [])) or code))
            else:
                cells.append(_cell("", "mark"))
        out.append(f'<tr data-status="{escape(r.status)}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")

    out.append(f"<h2>{escape(t['findings'])}</h2>")
    out.append('<table id="findings" class="sortable"><thead><tr>'
               + "".join(f'<th data-key="{k}">{escape(h)}</th>' for k, h in zip(_FINDING_KEYS, t["findings_head"]))
               + "</tr></thead><tbody>")
    any_finding = False
    for r in rows:
        if r.status == "error":
            any_finding = True
            out.append("<tr>" + _cell(r.file) + _cell(r.agency) + _cell("") + _cell("unreadable")
                       + _cell("error", "s-error") + _cell(r.error) + "</tr>")
        for item, code, severity, message in r.findings:
            any_finding = True
            kind = "missing" if code == "missing-item" else {"error": "error", "warning": "warning"}.get(severity, "ok")
            number = int(item[1:]) if item and item[1:].isdigit() else -1
            out.append("<tr>" + _cell(r.file) + _cell(r.agency) + _cell(item, sort=number) + _cell(code)
                       + _cell(severity, f"k-{kind}") + _cell(message) + "</tr>")
    if not any_finding:
        out.append(f'<tr><td colspan="6">{escape(t["none"])}</td></tr>')
    out.append("</tbody></table>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"
