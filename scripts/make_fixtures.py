#!/usr/bin/env python3
"""Generate the DOCX/PDF test fixtures of oitparse from form descriptions.

For each variant this writes ``tests/fixtures/docx/<name>.docx``, the
LibreOffice export ``tests/fixtures/pdf/<name>.pdf`` and
``tests/fixtures/docx/<name>.truth.json``. The truth is read back from the
generated DOCX (not copied from the form description), so it describes exactly
what the document holds; it is what the accuracy tests compare parses against.

Needs python-docx, LibreOffice (``soffice``) and fonts-thai-tlwg-ttf; the
outputs are committed, so running the tests does not. Output is deterministic:
fixed core properties, fixed zip timestamps, PDF dates and /ID patched in place.

    python scripts/make_fixtures.py                 # all variants
    python scripts/make_fixtures.py seed_laksaman   # some variants
    python scripts/make_fixtures.py --no-pdf        # DOCX + truth only
    python scripts/make_fixtures.py --measure       # stats of the committed PDFs
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FORMS = FIXTURES / "forms"
DOCX_DIR = FIXTURES / "docx"
PDF_DIR = FIXTURES / "pdf"
HTML_DIR = FIXTURES / "html"

NBSP = "\u00a0"
BULLET = "O" + NBSP
#: Fixed date for core properties and the PDF Info dates (the assessment's fiscal year start).
FIXED_DATE = dt.datetime(2021, 10, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2021, 10, 1, 9, 0, 0)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
CODE_RE = re.compile(r"^\s*([oO])\s*([0-9๐-๙]{1,2})(?![0-9๐-๙])")
CLICK = "(คลิ๊ก)"


# --------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class Variant:
    """How one fixture differs from the plain seed rendering."""

    name: str
    form: str = "pathumthani_2565"
    font: str = "Laksaman"
    size_pt: float = 14
    #: "four": ข้อ | ข้อมูล | องค์ประกอบด้านข้อมูล | Link; "two": code+title in one cell, 3 columns.
    layout: str = "four"
    col_widths_cm: tuple[float, ...] = (1.5, 6.2, 12.0, 7.0)
    margin_cm: float = 1.5
    repeat_header: bool = False
    #: "hyperlink" (w:hyperlink + relationship) or "field" (HYPERLINK field codes).
    links: str = "hyperlink"
    thai_digits: bool = False
    #: Replace Thai marks by Word's Private Use Area glyph variants (U+F700..U+F71A).
    pua: bool = False
    #: Item codes to keep (None = all), in form order.
    items: tuple[str, ...] | None = None
    #: Whether LibreOffice exports this variant's links as PDF link annotations.
    pdf_links: bool = True
    #: Items whose lead requirement (the one with element bullets) has no "O", as o5 in the seed PDF;
    #: used where the form does not say ("bullet" key of a requirement).
    unbulleted: tuple[str, ...] = ("o5",)
    note: str = ""


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("seed_laksaman", note="full form, Laksaman (metric-compatible with TH Sarabun New)"),
        Variant("seed_garuda", font="Garuda", note="full form, Garuda (taller, wider glyphs)"),
        Variant("seed_loma", font="Loma", note="full form, Loma"),
        Variant(
            "seed_pagebreaks",
            size_pt=16,
            col_widths_cm=(1.4, 4.0, 9.0, 5.0),
            margin_cm=2.5,
            repeat_header=True,
            note="large font, narrow columns: rows split across pages; header row repeated (w:tblHeader)",
        ),
        Variant(
            "twocol",
            layout="two",
            col_widths_cm=(7.0, 13.2, 6.5),
            items=("o1", "o2", "o5", "o8", "o10", "o11", "o15", "o19", "o23", "o27", "o30", "o43"),
            note="code and title in one cell; columns ข้อมูล | รายละเอียด | URL",
        ),
        Variant(
            "thaidigits",
            thai_digits=True,
            items=("o1", "o4", "o7", "o10", "o11", "o12", "o15", "o18", "o21", "o25", "o36"),
            note="Thai digits in codes and years; year ranges in evidence labels",
        ),
        Variant(
            "fieldcodes",
            links="field",
            items=("o1", "o2", "o8", "o9", "o26", "o30", "o32", "o39", "o40", "o43"),
            note="links as HYPERLINK complex fields (fldChar/instrText) and one w:fldSimple",
        ),
        Variant(
            "pua_word",
            pua=True,
            note="text in Word's Thai PUA glyph code points (U+F700..U+F71A); truth holds the original text",
        ),
    ]
}


# --------------------------------------------------------------------------- Thai PUA (Word / TH SarabunPSK)

_TALL = set("ปฝฟฬ")  # consonants with an ascender: marks above shift left
_UPPER_VOWEL_LEFT = {"\u0e31": "\uf710", "\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703",
                     "\u0e37": "\uf704", "\u0e47": "\uf712", "\u0e4d": "\uf711"}
_TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
_TONE_LOWLEFT = {t: chr(0xF705 + i) for i, t in enumerate(_TONES)}
_TONE_LOW = {t: chr(0xF70A + i) for i, t in enumerate(_TONES)}
_TONE_LEFT = {t: chr(0xF713 + i) for i, t in enumerate(_TONES)}
_LOWER_VOWEL_LOW = {"\u0e38": "\uf718", "\u0e39": "\uf719", "\u0e3a": "\uf71a"}
_DESCLESS = {"ฐ": "\uf700", "ญ": "\uf70f"}  # lose their descender above a lower vowel

PUA_TO_THAI: dict[str, str] = {}
for _table in (_UPPER_VOWEL_LEFT, _TONE_LOWLEFT, _TONE_LOW, _TONE_LEFT, _LOWER_VOWEL_LOW, _DESCLESS):
    for _plain, _pua in _table.items():
        PUA_TO_THAI[_pua] = _plain
_PUA_TRANS = str.maketrans(PUA_TO_THAI)


def to_word_pua(text: str) -> str:
    """Rewrite Thai text the way Word's shaper picks glyphs for fonts like TH SarabunPSK.

    A tone mark with no upper vowel below it is lowered (and shifted left over
    ป ฝ ฟ ฬ); marks over tall consonants shift left; ุ ู ฺ under ฎ ฏ drop lower;
    ฐ ญ lose their descender above a lower vowel. A tone before ำ stays high.
    """
    out: list[str] = []
    base = ""
    base_at = -1
    upper = False
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if "\u0e01" <= ch <= "\u0e2e":
            base, base_at, upper = ch, len(out), False
            out.append(ch)
        elif ch in _UPPER_VOWEL_LEFT and base:
            upper = True
            out.append(_UPPER_VOWEL_LEFT[ch] if base in _TALL else ch)
        elif ch in _TONE_LOW and base:
            if upper:
                out.append(_TONE_LEFT[ch] if base in _TALL else ch)
            elif nxt == "\u0e33":  # sara am carries a nikhahit: the tone stays high
                out.append(ch)
            else:
                out.append(_TONE_LOWLEFT[ch] if base in _TALL else _TONE_LOW[ch])
        elif ch in _LOWER_VOWEL_LOW and base:
            if base in "ฎฏ":
                out.append(_LOWER_VOWEL_LOW[ch])
            else:
                if base in _DESCLESS and base_at >= 0:
                    out[base_at] = _DESCLESS[base]
                out.append(ch)
        else:
            if not ("\u0e30" <= ch <= "\u0e4e"):
                base, upper = "", False
            out.append(ch)
    return "".join(out)


def from_word_pua(text: str) -> str:
    """Undo :func:`to_word_pua` (every PUA variant back to its Unicode letter)."""
    return text.translate(_PUA_TRANS)


# --------------------------------------------------------------------------- form handling


def load_form(name: str) -> dict:
    """Read ``tests/fixtures/forms/<name>.json``."""
    path = FORMS / f"{name}.json"
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def variant_form(form: dict, v: Variant) -> dict:
    """The form as this variant writes it: item subset, digits, extra evidence."""
    form = json.loads(json.dumps(form))  # deep copy
    rows = form["rows"]
    if v.items is not None:
        keep = set(v.items)
        rows = [r for r in rows if "topic" in r or r.get("code", "").lower() in keep]
        # drop topic rows left without items
        rows = [r for i, r in enumerate(rows)
                if "topic" not in r or (i + 1 < len(rows) and "topic" not in rows[i + 1])]
    if v.thai_digits:
        rows = [_thai_digit_row(r) for r in rows]
        form["heading"] = [h.translate(THAI_DIGITS) for h in _heading_lines(form)]
    form["rows"] = rows
    return form


# Year ranges as agencies write them in evidence labels (the task asks for both digit styles).
_RANGE_EVIDENCE = {
    "o4": {"label": "แผนพัฒนาจังหวัด พ.ศ. 2566–2570 (คลิ๊ก)", "url": "https://www.pathumthani.go.th/oit2565/plan-2566-2570"},
    "o15": {"label": "สถิติการให้บริการ ต.ค. 64 – มี.ค. 65 (คลิ๊ก)", "url": "https://www.pathumthani.go.th/oit2565/stat-oct64-mar65"},
    "o36": {"label": "ผลการประเมินความเสี่ยง พ.ศ. ๒๕๖๔-๒๕๖๕ (คลิ๊ก)", "url": "https://www.pathumthani.go.th/oit2565/risk-2564-2565"},
}


def _thai_digit_row(row: dict) -> dict:
    if "topic" in row:
        return {**row, "topic": row["topic"].translate(THAI_DIGITS)}
    row = dict(row)
    code = row["code"].lower()
    row["code"] = code.translate(THAI_DIGITS)
    row["title"] = row["title"].translate(THAI_DIGITS)
    row["requirements"] = [
        {**r, "text": r["text"].translate(THAI_DIGITS), "elements": [e.translate(THAI_DIGITS) for e in r.get("elements", [])]}
        for r in row.get("requirements", [])
    ]
    evidence = [{**e, "label": e["label"].translate(THAI_DIGITS)} for e in row.get("evidence", [])]
    if code in _RANGE_EVIDENCE:
        evidence.append(dict(_RANGE_EVIDENCE[code]))
    row["evidence"] = evidence
    return row


# --------------------------------------------------------------------------- DOCX writing


def build_docx(form: dict, v: Variant) -> bytes:
    """Render the form as a DOCX table (see the module docstring for the layout)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    text = to_word_pua if v.pua else (lambda s: s)
    doc = docx.Document()
    _fix_core_properties(doc, form, v)

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(v.margin_cm))

    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _set_rpr_font(normal.element.get_or_add_rPr(), v.font, v.size_pt)
    _set_doc_defaults_font(doc, v.font, v.size_pt)

    # LibreOffice exports PDF link annotations only for runs in the "Hyperlink" character style.
    link_style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link_style.base_style = doc.styles["Default Paragraph Font"]
    link_style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link_style.font.underline = True

    for i, line in enumerate(_heading_lines(form)):
        p = doc.add_paragraph()
        title = i == 0 or (i == 1 and line.startswith("("))  # "(Open Data ... : OIT)" belongs to the title
        if title:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(p, text(line), v, bold=title)

    header = ["ข้อมูล", "รายละเอียด", "URL"] if v.layout == "two" else form.get("header") or [
        "ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"]
    ncols = len(header)
    assert len(v.col_widths_cm) == ncols, (v.name, ncols)
    table = doc.add_table(rows=0, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for col, width in zip(table.columns, v.col_widths_cm):
        col.width = Cm(width)

    def new_row():
        row = table.add_row()
        for cell, width in zip(row.cells, v.col_widths_cm):
            cell.width = Cm(width)
        return row

    hrow = new_row()
    if v.repeat_header:
        _repeat_header(hrow)
    for cell, label in zip(hrow.cells, header):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(p, text(label), v, bold=True)

    fldsimple_done = False
    for entry in form["rows"]:
        row = new_row()
        if "topic" in entry:
            cell = row.cells[0].merge(row.cells[ncols - 1])  # one cell, w:gridSpan = ncols
            _shade(cell, "D9E2F3")
            _add_run(cell.paragraphs[0], text(entry["topic"]), v, bold=True)
            continue
        cells = row.cells
        if v.layout == "two":
            _add_run(cells[0].paragraphs[0], text(f"{entry['code']} {entry['title']}"), v)
            req_cell, ev_cell = cells[1], cells[2]
        else:
            cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_run(cells[0].paragraphs[0], text(entry["code"]), v)
            _add_run(cells[1].paragraphs[0], text(entry["title"]), v)
            req_cell, ev_cell = cells[2], cells[3]

        paras = _cell_paragraphs(req_cell)
        for req in entry.get("requirements", []):
            bullet = req.get("bullet", not (req.get("elements") and _code_key(entry["code"]) in v.unbulleted))
            lead = BULLET if bullet else ""
            _add_run(next(paras), text(lead + req["text"]), v)
            for element in req.get("elements", []):
                p = next(paras)
                p.paragraph_format.left_indent = Cm(0.6)  # indentation marks an element bullet
                _add_run(p, text(BULLET + element), v)

        paras = _cell_paragraphs(ev_cell)
        for ev in entry.get("evidence", []):
            p = next(paras)
            label, url = text(ev["label"]), ev.get("url")
            if not url:
                _add_run(p, label, v)
            elif v.links == "field":
                if not fldsimple_done and len(entry.get("evidence", [])) == 1:
                    _add_fld_simple(p, label, url, v)
                    fldsimple_done = True
                else:
                    _add_field_hyperlink(p, label, url, v)
            else:
                _add_hyperlink(p, label, url, v)

    if v.links == "field" and not fldsimple_done:
        raise SystemExit(f"{v.name}: no single-evidence item to carry the w:fldSimple link")
    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic_zip(buf.getvalue())


def _code_key(code: str) -> str:
    return code.lower().translate(ARABIC_DIGITS)


def _heading_lines(form: dict) -> list[str]:
    """The form's heading plus the agency and year lines, unless it has them already."""
    lines = list(form.get("heading", []))
    agency = form.get("agency")
    year = form.get("assessment_year")
    if agency and not any(l.startswith("หน่วยงาน") for l in lines):
        lines.append(f"หน่วยงาน: {agency}")
    if year and not any("ประจำปีงบประมาณ" in l for l in lines):
        lines.append(f"ประจำปีงบประมาณ พ.ศ. {year}")
    return lines


def _cell_paragraphs(cell):
    """Yield the cell's first (empty) paragraph, then new ones."""
    yield cell.paragraphs[0]
    while True:
        yield cell.add_paragraph()


def _fix_core_properties(doc, form: dict, v: Variant) -> None:
    cp = doc.core_properties
    cp.author = "oitparse fixtures"
    cp.last_modified_by = "oitparse fixtures"
    cp.title = f"OIT {form.get('agency', '')} {form.get('assessment_year', '')} ({v.name})".strip()
    cp.created = cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.last_printed = FIXED_DATE.replace(tzinfo=None)
    cp.revision = 1
    cp.comments = v.note


def _rpr(font: str, size_pt: float, *, bold: bool = False, style: str | None = None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = OxmlElement("w:rPr")
    if style:
        rs = OxmlElement("w:rStyle")
        rs.set(qn("w:val"), style)
        rpr.append(rs)
    fonts = OxmlElement("w:rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    half_points = str(int(round(size_pt * 2)))
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), half_points)
        rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)
    return rpr


def _set_rpr_font(rpr, font: str, size_pt: float) -> None:
    for child in list(rpr):
        rpr.remove(child)
    for child in _rpr(font, size_pt):
        rpr.append(child)


def _set_doc_defaults_font(doc, font: str, size_pt: float) -> None:
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr_font(rpr, font, size_pt)


def _run(text: str, v: Variant, *, bold: bool = False, style: str | None = None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    r.append(_rpr(v.font, v.size_pt, bold=bold, style=style))
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _add_run(paragraph, text: str, v: Variant, *, bold: bool = False) -> None:
    paragraph._p.append(_run(text, v, bold=bold))


def _add_hyperlink(paragraph, label: str, url: str, v: Variant) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), r_id)
    h.set(qn("w:history"), "1")
    h.append(_run(label, v, style="Hyperlink"))
    paragraph._p.append(h)


def _split_click(label: str) -> list[str]:
    """Split '... (คลิ๊ก)' into two runs, as Word does after an edit."""
    i = label.rfind("(")
    return [label[:i], label[i:]] if i > 0 else [label]


def _add_field_hyperlink(paragraph, label: str, url: str, v: Variant) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld_char(kind: str):
        r = OxmlElement("w:r")
        r.append(_rpr(v.font, v.size_pt))
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), kind)
        r.append(fc)
        return r

    p = paragraph._p
    p.append(fld_char("begin"))
    r = OxmlElement("w:r")
    r.append(_rpr(v.font, v.size_pt))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f' HYPERLINK "{url}" '
    r.append(instr)
    p.append(r)
    p.append(fld_char("separate"))
    for part in _split_click(label):
        p.append(_run(part, v, style="Hyperlink"))
    p.append(fld_char("end"))


def _add_fld_simple(paragraph, label: str, url: str, v: Variant) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f' HYPERLINK "{url}" ')
    fld.append(_run(label, v, style="Hyperlink"))
    paragraph._p.append(fld)


def _fixed_layout(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- truth (read back from the DOCX)

_HYPERLINK_RE = re.compile(r'HYPERLINK\s+"([^"]+)"')


def _paragraph_text_and_urls(p, rels) -> tuple[str, list[str]]:
    """Visible text of a w:p (field instructions skipped) and the link targets in it."""
    from docx.oxml.ns import qn

    texts: list[str] = []
    urls: list[str] = []
    fields: list[dict] = []  # open complex fields: {"instr": str, "result": bool}

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == qn("w:r"):
                walk(child)
            elif tag == qn("w:t"):
                texts.append(child.text or "")
            elif tag == qn("w:tab"):
                texts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                texts.append("\n")
            elif tag == qn("w:instrText"):
                if fields:
                    fields[-1]["instr"] += child.text or ""
            elif tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    fields.append({"instr": "", "result": False})
                elif kind == "separate" and fields:
                    fields[-1]["result"] = True
                    m = _HYPERLINK_RE.search(fields[-1]["instr"])
                    if m:
                        urls.append(m.group(1))
                elif kind == "end" and fields:
                    fields.pop()
            elif tag == qn("w:hyperlink"):
                r_id = child.get(qn("r:id"))
                if r_id:
                    urls.append(rels[r_id].target_ref)
                walk(child)
            elif tag == qn("w:fldSimple"):
                m = _HYPERLINK_RE.search(child.get(qn("w:instr")) or "")
                if m:
                    urls.append(m.group(1))
                walk(child)
            elif tag in (qn("w:smartTag"), qn("w:ins"), qn("w:sdt"), qn("w:sdtContent")):
                walk(child)

    walk(p)
    return "".join(texts), urls


def _cell_paragraphs_xml(tc) -> list:
    from docx.oxml.ns import qn

    return tc.findall(qn("w:p"))


def _is_indented(p) -> bool:
    from docx.oxml.ns import qn

    ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return ind is not None and int(ind.get(qn("w:left")) or ind.get(qn("w:start")) or 0) > 0


def _norm_code(raw: str) -> tuple[str, str] | None:
    m = CODE_RE.match(raw)
    if not m:
        return None
    return "o" + str(int(m.group(2).translate(ARABIC_DIGITS))), m.group(0).strip()


def read_truth(docx_path: Path, v: Variant) -> dict:
    """Read items, topics, requirements and evidence back from a generated DOCX."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(docx_path))
    rels = doc.part.rels
    plain = from_word_pua if v.pua else (lambda s: s)

    def ptext(p) -> tuple[str, list[str]]:
        t, urls = _paragraph_text_and_urls(p, rels)
        return plain(t), urls

    heading = [plain(p.text) for p in doc.paragraphs]
    agency = next((l.split(":", 1)[1].strip() for l in heading if l.startswith("หน่วยงาน:")), None)
    year = None
    for line in heading:
        m = re.search(r"พ\.ศ\.\s*([0-9๐-๙]{4})", line)
        if m:
            year = int(m.group(1).translate(ARABIC_DIGITS))
    (tbl,) = doc.tables
    trs = tbl._tbl.findall(qn("w:tr"))
    ncols = len(tbl._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    header = [plain("".join(ptext(p)[0] for p in _cell_paragraphs_xml(tc))) for tc in trs[0].findall(qn("w:tc"))]

    items: list[dict] = []
    topic = None
    for tr in trs[1:]:
        tcs = tr.findall(qn("w:tc"))
        if len(tcs) == 1:
            span = tcs[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            assert span is not None and int(span.get(qn("w:val"))) == ncols
            topic = " ".join(ptext(p)[0] for p in _cell_paragraphs_xml(tcs[0])).strip()
            continue
        cell_paras = [_cell_paragraphs_xml(tc) for tc in tcs]
        if v.layout == "two":
            head = " ".join(ptext(p)[0] for p in cell_paras[0]).strip()
            m = CODE_RE.match(head)
            code, written = _norm_code(head)
            title = head[m.end():].strip()
            req_ps, ev_ps = cell_paras[1], cell_paras[2]
        else:
            code, written = _norm_code(" ".join(ptext(p)[0] for p in cell_paras[0]))
            title = " ".join(ptext(p)[0] for p in cell_paras[1]).strip()
            req_ps, ev_ps = cell_paras[2], cell_paras[3]

        requirements: list[dict] = []
        for p in req_ps:
            t, _ = ptext(p)
            if not t.strip():
                continue
            body = t[len(BULLET):] if t.startswith(BULLET) else t
            if _is_indented(p):
                requirements[-1]["elements"].append(body.strip())
            else:
                requirements.append({"text": body.strip(), "elements": []})
        evidence = []
        for p in ev_ps:
            t, urls = ptext(p)
            if not t.strip():
                continue
            assert len(urls) <= 1, (code, urls)
            evidence.append({"label": t.strip(), "url": urls[0] if urls else None})
        items.append({
            "code": code,
            "code_as_written": written,
            "topic": topic,
            "title": title,
            "requirements": requirements,
            "evidence": evidence,
        })
    return {
        "variant": v.name,
        "note": v.note,
        "form": f"forms/{v.form}.json",
        "docx": f"docx/{v.name}.docx",
        "pdf": f"pdf/{v.name}.pdf",
        "pdf_links": v.pdf_links,
        "font": v.font,
        "layout": v.layout,
        "agency": agency,
        "assessment_year": year,
        "header": header,
        "items": items,
    }


# --------------------------------------------------------------------------- PDF (LibreOffice)


def convert_to_pdf(docx_paths: list[Path], outdir: Path, target: str = "pdf:writer_pdf_Export") -> None:
    """Convert DOCX files with LibreOffice headless, in a private profile (safe next to other soffice runs).

    ``target`` is a LibreOffice filter: PDF by default; ``HTML_FILTER`` gives the web-page form.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is not installed; use --no-pdf")
    profile = Path(tempfile.gettempdir()) / "oitparse-fixtures-lo-profile"
    env = {**os.environ, "TZ": "UTC", "SOURCE_DATE_EPOCH": str(int(FIXED_DATE.timestamp()))}
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), *map(str, docx_paths)]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, timeout=600)


#: LibreOffice's XHTML export: the table with its links, as agencies publish forms on the web.
HTML_FILTER = "html:XHTML Writer File:UTF8"


_PDF_DATE_RE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_PDF_CHECKSUM_RE = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")
_PDF_ID_RE = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")


def make_pdf_deterministic(pdf: Path, seed: bytes) -> None:
    """Patch the Info dates and trailer /ID in place (same byte lengths, so xref offsets stay valid)."""
    data = pdf.read_bytes()
    stamp = FIXED_DATE.strftime("%Y%m%d%H%M%S").encode()
    data = _PDF_DATE_RE.sub(lambda m: m.group(1) + stamp, data)

    def fixed_id(m):
        h = hashlib.md5(seed).hexdigest().upper().encode()
        return m.group(1) + h[: len(m.group(2))] + m.group(3) + h[: len(m.group(4))] + m.group(5)

    data = _PDF_ID_RE.sub(fixed_id, data)
    data = _PDF_CHECKSUM_RE.sub(lambda m: m.group(1) + hashlib.md5(seed).hexdigest().upper().encode(), data)
    pdf.write_bytes(data)


# --------------------------------------------------------------------------- measuring


def truth_texts(truth: dict) -> list[str]:
    """Every text of the truth an extractor should recover."""
    out = []
    for item in truth["items"]:
        out += [item["title"], item["topic"] or ""]
        for r in item["requirements"]:
            out += [r["text"], *r["elements"]]
        out += [e["label"] for e in item["evidence"]]
    return [t for t in out if t]


_THAI_RE = re.compile(r"[\u0e01-\u0e5b]")


def thai_tokens(texts: list[str]) -> Counter:
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from pythainlp.tokenize import word_tokenize

    c: Counter = Counter()
    for t in texts:
        c.update(w for w in word_tokenize(t, engine="newmm", keep_whitespace=False) if _THAI_RE.search(w))
    return c


def continued_rows(pdf) -> list[int]:
    """Pages (1-based, after the first) whose table starts with the rest of a row from the page before.

    Such a page's first body line has text in the later columns but none in the
    code column (the code is printed only where the row starts).
    """
    pages = []
    for page in pdf.pages[1:]:
        xs = sorted({round(e["x0"]) for e in page.edges if e["orientation"] == "v"})
        if len(xs) < 3:
            continue
        code_right = xs[1]  # the grid line between the code column and the title column
        words = page.extract_words()
        hdr = [w for w in words if w["text"] in ("Link", "URL")]
        top = max((w["bottom"] for w in hdr), default=0) + 2
        body = [w for w in words if w["top"] > top]
        in_code = [w["top"] for w in body if w["x1"] <= code_right]
        elsewhere = [w["top"] for w in body if w["x0"] >= code_right]
        if elsewhere and (not in_code or min(elsewhere) < min(in_code) - 3):
            pages.append(page.page_number)
    return pages


def measure(name: str) -> dict:
    """Pages, link rectangles and the share of truth Thai words in pdfplumber's plain text."""
    import pdfplumber

    v = VARIANTS[name]
    truth = json.loads((DOCX_DIR / f"{name}.truth.json").read_text(encoding="utf-8"))
    with pdfplumber.open(PDF_DIR / f"{name}.pdf") as pdf:
        links = [h for p in pdf.pages for h in p.hyperlinks]
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        cont = continued_rows(pdf) if v.layout == "four" else None
        pages = len(pdf.pages)
    rects_per_url = Counter(h.get("uri") for h in links)
    want = thai_tokens(truth_texts(truth))
    got = thai_tokens([text])
    found = sum((want & got).values())
    pua = sum(1 for ch in text if "\uf700" <= ch <= "\uf8ff")
    return {
        "pages": pages,
        "link_rects": len(links),
        "link_urls": len(rects_per_url),
        "truth_urls": len({e["url"] for i in truth["items"] for e in i["evidence"] if e["url"]}),
        "wrapped_links": sum(1 for n in rects_per_url.values() if n > 1),
        "thai_words": sum(want.values()),
        "thai_word_recall": round(found / max(1, sum(want.values())), 4),
        "pua_chars": pua,
        "continued_rows": None if cont is None else len(cont),
        "kb": (PDF_DIR / f"{name}.pdf").stat().st_size // 1024,
    }


# --------------------------------------------------------------------------- main


def generate(names: list[str], *, pdf: bool) -> None:
    DOCX_DIR.mkdir(parents=True, exist_ok=True)
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        v = VARIANTS[name]
        form = variant_form(load_form(v.form), v)
        path = DOCX_DIR / f"{name}.docx"
        path.write_bytes(build_docx(form, v))
        truth = read_truth(path, v)
        (DOCX_DIR / f"{name}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
        print(f"{path}: {len(truth['items'])} items", file=sys.stderr)
    if pdf and written:
        with tempfile.TemporaryDirectory() as tmp:
            convert_to_pdf(written, Path(tmp))
            for path in written:
                out = PDF_DIR / f"{path.stem}.pdf"
                shutil.move(Path(tmp) / f"{path.stem}.pdf", out)
                make_pdf_deterministic(out, path.read_bytes())
                print(f"{out}: {out.stat().st_size // 1024} KB", file=sys.stderr)
        HTML_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            convert_to_pdf(written, Path(tmp), HTML_FILTER)
            for path in written:
                out = HTML_DIR / f"{path.stem}.html"
                shutil.move(Path(tmp) / f"{path.stem}.html", out)
                print(f"{out}: {out.stat().st_size // 1024} KB", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("variants", nargs="*", help=f"variants to build (default all): {', '.join(VARIANTS)}")
    ap.add_argument("--form", help="build from this form (tests/fixtures/forms/<FORM>.json) instead of each variant's own")
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    ap.add_argument("--measure", action="store_true", help="print statistics of the PDFs instead of building")
    ap.add_argument("--out", type=Path, help="write to OUT/docx and OUT/pdf instead of tests/fixtures")
    args = ap.parse_args(argv)
    if args.out:
        global DOCX_DIR, PDF_DIR, HTML_DIR
        DOCX_DIR, PDF_DIR, HTML_DIR = args.out / "docx", args.out / "pdf", args.out / "html"
    names = args.variants or list(VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant(s): {', '.join(unknown)}")
    if args.form:
        for n in names:
            VARIANTS[n] = dataclasses.replace(VARIANTS[n], form=args.form)
    if args.measure:
        for n in names:
            print(n, json.dumps(measure(n), ensure_ascii=False))
        return 0
    generate(names, pdf=not args.no_pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
