"""``report.xlsx`` of a batch: sheets "summary", "findings" and "grid" (openpyxl).

* summary: one row per file: file, agency, year, form, status (ok / failed / error) and the
  error's message, items found / expected, the missing codes, counts by severity;
* findings: one row per finding: file, agency, item, code, severity, message (in ``lang``);
* grid: one row per file (its agency first), one column per item of the form; each cell is
  the item's worst finding as a short mark with a fill (see :data:`oitparse.results.GRID_KINDS`).

Every sheet has a frozen header row and filters on. Strings are stored as Unicode
(shared strings), so Thai shows as written in Excel and LibreOffice Calc.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .results import GRID_KINDS, GRID_LEGEND, grid_row

if TYPE_CHECKING:
    from .batch import Row

HEADERS = {
    "en": {
        "summary": ["file", "agency", "year", "form", "status", "error", "items found", "items expected",
                    "missing", "errors", "warnings", "infos"],
        "findings": ["file", "agency", "item", "code", "severity", "message"],
        "grid": ["agency", "file", "status", "errors"],
    },
    "th": {
        "summary": ["ไฟล์", "หน่วยงาน", "ปี", "แบบฟอร์ม", "สถานะ", "สาเหตุที่อ่านไม่ได้", "จำนวนข้อที่พบ", "จำนวนข้อทั้งหมด",
                    "ข้อที่ไม่พบ", "ข้อผิดพลาด", "คำเตือน", "ข้อสังเกต"],
        "findings": ["ไฟล์", "หน่วยงาน", "ข้อ", "รหัส", "ระดับ", "ข้อความ"],
        "grid": ["หน่วยงาน", "ไฟล์", "สถานะ", "ข้อผิดพลาด"],
    },
}
#: Fill of a grid row's status cell.
STATUS_FILLS = {"ok": GRID_KINDS["ok"][1], "failed": GRID_KINDS["error"][1], "error": "A6A6A6"}


def _width(values) -> float:
    from .cli import display_width

    longest = max((display_width(str(v)) for v in values if v is not None), default=4)
    return min(max(longest, 4) + 2, 80)


def render_xlsx(rows: list[Row], codes: list[str], *, lang: str = "en") -> bytes:
    """The workbook of a batch, as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter

    heads = HEADERS.get(lang, HEADERS["en"])
    bold = Font(bold=True)
    center = Alignment(horizontal="center")

    wb = Workbook()
    # Named styles, registered once: giving a cell a style by name is a lookup, where giving it a
    # new fill would hash the fill again for every cell (most of the time of a large workbook).
    for kind, (_, colour) in GRID_KINDS.items():
        wb.add_named_style(NamedStyle(name=f"grid-{kind}", fill=PatternFill("solid", start_color=colour, end_color=colour),
                                      alignment=center))
    for status, colour in STATUS_FILLS.items():
        wb.add_named_style(NamedStyle(name=f"status-{status}", fill=PatternFill("solid", start_color=colour,
                                                                                 end_color=colour)))
    summary = wb.active
    summary.title = "summary"
    summary.append(heads["summary"])
    for r in rows:
        summary.append([r.file, r.agency, r.year, r.form, r.status, r.error or None, r.items_found, r.items_expected,
                        " ".join(r.missing) or None, r.errors, r.warnings, r.infos])
        summary.cell(summary.max_row, 5).style = f"status-{r.status}"

    findings = wb.create_sheet("findings")
    findings.append(heads["findings"])
    for r in rows:
        for item, code, severity, message in r.findings:
            findings.append([r.file, r.agency, item, code, severity, message])

    grid = wb.create_sheet("grid")
    lead = heads["grid"]
    grid.append(lead + codes)
    for r in rows:
        kinds = grid_row(((i, c, s) for i, c, s, _ in r.findings), codes) if r.status != "error" else {}
        grid.append([r.agency or Path(r.file).name, r.file, r.status, r.errors]
                    + [GRID_KINDS[kinds[c]][0] if c in kinds else None for c in codes])
        n = grid.max_row
        grid.cell(n, 3).style = f"status-{r.status}"
        for col, code in enumerate(codes, start=len(lead) + 1):
            if code in kinds:
                grid.cell(n, col).style = f"grid-{kinds[code]}"
        if r.status == "error" and r.error:
            grid.cell(n, 3).comment = Comment(r.error, "oitparse")
    legend = GRID_LEGEND.get(lang, GRID_LEGEND["en"])
    for col, code in enumerate(codes, start=len(lead) + 1):
        grid.column_dimensions[get_column_letter(col)].width = 5
    grid.cell(1, len(lead) + 1).comment = Comment(
        "\n".join(f"{GRID_KINDS[k][0]} {legend[k]}" for k in GRID_KINDS), "oitparse")

    for sheet, freeze in ((summary, "B2"), (findings, "A2"), (grid, "C2")):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = freeze
        sheet.auto_filter.ref = sheet.dimensions
        for col in range(1, (len(lead) if sheet is grid else sheet.max_column) + 1):
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = _width(c.value for c in sheet[letter][:200])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
