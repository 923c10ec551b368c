"""Random realistic OIT checklist layouts: description, DOCX writer and truth.

A :class:`Layout` is drawn from a seeded ``random.Random`` (:func:`draw_layout`), so a
seed names a layout for good; :func:`layouts` is the same draw as a hypothesis strategy.
:func:`build_docx` writes the layout as a Word file (python-docx plus the helpers of
``scripts/make_fixtures.py``: fonts, hyperlink runs in the ``Hyperlink`` character style,
deterministic zip) and :func:`layout_truth` writes down what a person reading that
document sees, in the shape of ``tests/fixtures/docx/*.truth.json``. The truth is
written from the description, never read back from a parse.

What varies (see :func:`draw_layout`):

* columns: ``ข้อ | ข้อมูล | องค์ประกอบด้านข้อมูล | URL`` with or without the
  requirements column, a remarks column (``หมายเหตุ``), a sub-indicator column
  (``ตัวชี้วัดย่อย``, one vertically merged cell per sub-indicator), code and title in
  one cell (``o1 โครงสร้าง``); 4 to 6 columns; header words from the synonyms agencies use;
* widths (code column from 1.0 cm, so ``O10`` or ``OIT 10`` wraps in its cell),
  portrait or landscape A4, margins, TLWG fonts at 12-16 pt;
* codes ``o1 O1 O 1 o.1 OIT 1 OIT1 01/010`` (digit zero), Thai digits (``o๑``);
* evidence as labelled hyperlinks (Thai labels with Buddhist-era years and click
  markers) or typed URLs (long CMS query strings, several per cell: one paragraph
  each, space-separated, or line breaks), or both;
* the header row repeated on every page (``w:tblHeader``) or not, or no header row;
* topic rows (one merged cell), sub-indicator rows, one table per sub-indicator section
  (a heading paragraph + its own table, only the first with a header row);
* which items appear (most layouts 8-20 items, some the full 43), one rarely repeated.

Truth rules (what a reader sees):

* ``code`` is ``o<n>`` (``OIT 10``, ``010``, ``O๑๐`` → ``o10``), ``code_as_written`` as printed;
* ``topic`` is the text of the topic row the item stands under, None without topic rows
  (sub-indicator rows, headings and the sub-indicator column only come with topic rows);
* requirements are the schema's, bullet (``O`` + NBSP) removed; none without a
  requirements column;
* a labelled link is ``{label: the visible text, url: the link target}``; a typed URL is
  ``{label: the URL as typed, url: the URL}`` (``www.`` typed → ``http://`` prefixed);
* a repeated item is the same row written twice: both truth entries are equal, so
  ``tests.test_accuracy.compare`` (first parsed occurrence per code) is consistent.
"""

from __future__ import annotations

import importlib.util
import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "oitparse" / "schemas" / "ita2565.json"

NBSP = "\u00a0"
BULLET = "O" + NBSP
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def make_fixtures():
    """``scripts/make_fixtures.py`` as a module (its DOCX helpers, PDF determinism, LibreOffice)."""
    mod = sys.modules.get("make_fixtures")
    if mod is None:
        spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules["make_fixtures"] = mod
        spec.loader.exec_module(mod)
    return mod


_SCHEMA: dict | None = None


def schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return _SCHEMA


def _sub_indicators() -> dict[str, tuple[str, str, str]]:
    """topic -> (indicator number, sub-indicator number, sub-indicator name): 9/9.1 .. 10/10.2 as in ITA 2565."""
    out = {}
    for i, ind in enumerate(schema()["indicators"], start=9):
        for j, sub in enumerate(ind["sub_indicators"], start=1):
            for topic in sub["topics"]:
                out[topic] = (str(i), f"{i}.{j}", sub["name"], ind["name"])
    return out


# --------------------------------------------------------------------------- vocabulary

AGENCIES = [
    ("จังหวัดปทุมธานี", "www.pathumthani.go.th"),
    ("องค์การบริหารส่วนตำบลบางกะดี", "www.bangkadee.go.th"),
    ("เทศบาลนครรังสิต", "www.rangsitcity.go.th"),
    ("เทศบาลตำบลคลองหลวง", "www.klongluang.go.th"),
    ("องค์การบริหารส่วนจังหวัดเชียงใหม่", "www.pao-cm.go.th"),
    ("สำนักงานสาธารณสุขจังหวัดนนทบุรี", "nbo.moph.go.th"),
    ("กรมส่งเสริมการปกครองท้องถิ่น", "www.dla.go.th"),
    ("องค์การบริหารส่วนตำบลหนองปรือ", "www.nongprue.go.th"),
    ("เทศบาลเมืองบ้านสวน", "www.bansuan.go.th"),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาขอนแก่น เขต 1", "www.kkn1.go.th"),
    ("โรงพยาบาลสมเด็จพระยุพราชสระแก้ว", "www.sakaeohospital.go.th"),
    ("กรมการปกครอง", "www.dopa.go.th"),
]
FONTS = ["Laksaman", "Garuda", "Loma", "Norasi", "Kinnari", "Sawasdee", "Umpush", "Waree", "Tlwg Typo", "Purisa"]
SIZES = [12, 13, 14, 14, 14, 15, 16, 16]
HEADER_WORDS = {
    "code": ["ข้อ", "ข้อ", "ลำดับ", "รหัส"],
    "title": ["ข้อมูล", "ข้อมูล", "หัวข้อ"],
    "codetitle": ["ข้อมูล", "ข้อ/ข้อมูล", "หัวข้อ"],
    "requirements": ["องค์ประกอบด้านข้อมูล", "องค์ประกอบด้านข้อมูล", "รายละเอียด"],
    "evidence": ["URL", "Link", "ลิงก์", "แหล่งข้อมูล", "ที่อยู่เว็บไซต์"],
    "remarks": ["หมายเหตุ"],
    "subindicator": ["ตัวชี้วัดย่อย"],
}
#: Code styles as printed ("{n}" is the number): o1 O1 "O 1" o.1 "OIT 1" OIT1 and 01/010 (digit zero).
CODE_STYLES = ["o{n}", "O{n}", "O {n}", "o.{n}", "OIT {n}", "OIT{n}", "0{n}"]
CODE_STYLE_WEIGHTS = [0.25, 0.2, 0.1, 0.1, 0.12, 0.08, 0.15]
CLICKS = ["", "", " (คลิก)", " (คลิ๊ก)", " คลิก", " [คลิก]", " (คลิกที่นี่)"]
LABEL_PREFIXES = ["", "", "ประกาศ", "รายงาน", "เอกสาร", "ข้อมูล", "คำสั่ง"]
YEAR_PHRASES = ["", "พ.ศ. 2565", "ประจำปีงบประมาณ พ.ศ. 2565", "ปี 2564", "ปีงบประมาณ 2565",
                "(ต.ค. 64 - มี.ค. 65)", "พ.ศ. 2564-2565"]
REMARKS = ["", "", "-", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ปรับปรุงข้อมูล 15 มี.ค. 2565",
           "เผยแพร่เมื่อ 1 ต.ค. 2564", "กองยุทธศาสตร์และงบประมาณ"]


def _url_path(rng: random.Random, n: int, k: int) -> str:
    """A path and query string of the kinds agency CMSs publish."""
    kind = rng.randrange(9)
    if kind == 0:
        return f"/ita2565/o{n:02d}-{k}.html"
    if kind == 1:
        return (f"/index.php?option=com_content&view=article&id={rng.randrange(100, 99999)}"
                f"&Itemid={rng.randrange(100, 999)}")
    if kind == 2:
        return f"/news/detail/{rng.randrange(10000, 999999)}"
    if kind == 3:
        return f"/wp-content/uploads/2022/{rng.randrange(1, 13):02d}/oit-o{n}-{rng.randrange(1000, 9999)}.pdf"
    if kind == 4:
        return (f"/index.php?option=com_sppagebuilder&view=page&id={rng.randrange(10, 999)}"
                f"&Itemid={rng.randrange(100, 999)}&lang=th")
    if kind == 5:
        return f"/public/list/data/detail/id/{rng.randrange(1000, 99999)}/menu/{rng.randrange(100, 9999)}/page/1"
    if kind == 6:
        return f"/datacenter/doc_download/a_{rng.randrange(10**5, 10**6)}_{rng.randrange(10**9, 10**10)}.pdf"
    if kind == 7:
        return f"/oit/2565/o{n}" + (f"-{k}" if k > 1 else "")
    return f"/index.php/2021-11-03-03-34-{rng.randrange(10, 99)}/item/{rng.randrange(100, 9999)}-oit{n}"


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _url(rng: random.Random, host: str, n: int, k: int) -> str:
    if rng.random() < 0.06:
        return f"https://drive.google.com/file/d/1{''.join(rng.choice(_B64) for _ in range(32))}/view?usp=sharing"
    scheme = "https" if rng.random() < 0.75 else "http"
    return f"{scheme}://{host}{_url_path(rng, n, k)}"


# --------------------------------------------------------------------------- the description


@dataclass
class Layout:
    """Everything the generator decided for one document (JSON-ready with :func:`dataclasses.asdict`)."""

    id: str
    seed: int
    agency: str
    host: str
    agency_line: str  # "หน่วยงาน: {}", "หน่วยงาน {}", "{}"
    title_lines: int  # the form title on 1 or 2 lines
    orientation: str  # portrait | landscape
    margin_cm: float
    font: str
    size_pt: float
    columns: list[str]  # roles: subindicator code title codetitle requirements evidence remarks
    header: list[str]
    widths_cm: list[float]
    code_style: str
    thai_digits: bool
    evidence_style: str  # link | typed | mixed
    typed_join: str  # para | space | br: several typed URLs in one cell
    header_row: bool
    repeat_header: bool
    topic_rows: bool
    subindicator_rows: bool
    tables: str  # one | per-section
    code_align: str  # center | left
    rows: list[dict] = field(default_factory=list)

    def features(self) -> dict[str, object]:
        """The layout's features as short strings, for grouping results (benchmark, reports)."""
        items = [r for r in self.rows if r["kind"] == "item"]
        codes = [r["code"] for r in items]
        typed = sum(1 for r in items for e in r["evidence"] if e["typed"])
        return {
            "columns": "|".join(self.columns),
            "ncols": len(self.columns),
            "requirements_col": "requirements" in self.columns,
            "remarks_col": "remarks" in self.columns,
            "subindicator_col": "subindicator" in self.columns,
            "codetitle": "codetitle" in self.columns,
            "code_width": "narrow<1.3cm" if self._code_width() < 1.3 else "wide",
            "orientation": self.orientation,
            "font": self.font,
            "size_pt": self.size_pt,
            "code_style": self.code_style.replace("{n}", "N") + ("+thai" if self.thai_digits else ""),
            "evidence_style": self.evidence_style,
            "typed_urls": "none" if not typed else (
                f"typed-{self.typed_join}" if self.evidence_style == "typed" else "typed-para"),
            "header": "none" if not self.header_row else ("repeated" if self.repeat_header else "first-page"),
            "topic_rows": self.topic_rows,
            "subindicator_rows": self.subindicator_rows,
            "tables": self.tables,
            "items": "full" if len(set(codes)) == 43 else ("few" if len(items) <= 20 else "many"),
            "repeated_item": len(codes) != len(set(codes)),
        }

    def _code_width(self) -> float:
        for role, w in zip(self.columns, self.widths_cm):
            if role in ("code", "codetitle"):
                return w if role == "code" else 99.0
        return 99.0


def _digits(text: str, thai: bool) -> str:
    return text.translate(THAI_DIGITS) if thai else text


def _code_written(style: str, n: int, thai: bool) -> str:
    code = style.format(n=n)
    return _digits(code, thai) if thai else code


def _weighted(rng: random.Random, pairs: list[tuple[object, float]]):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def _columns(rng: random.Random) -> list[str]:
    """A column set of 4 to 6 columns, in the order agencies use."""
    while True:
        sub = rng.random() < 0.2
        codetitle = rng.random() < 0.2
        reqs = rng.random() < 0.75
        cols = (["subindicator"] if sub else []) + (["codetitle"] if codetitle else ["code", "title"])
        cols += (["requirements"] if reqs else []) + ["evidence"]
        # a remarks column in a third of the forms, in most of those that would be too narrow without it
        if rng.random() < (0.85 if len(cols) < 4 else 0.3):
            cols.append("remarks")
        if 4 <= len(cols) <= 6:
            return cols


def _widths(rng: random.Random, columns: list[str], usable: float) -> list[float]:
    want = {
        "code": round(rng.choice([1.0, 1.0, 1.1, 1.2, rng.uniform(1.0, 2.0)]), 1),
        "title": rng.uniform(2.8, 6.0),
        "codetitle": rng.uniform(4.0, 7.5),
        "evidence": rng.uniform(3.2, 8.0),
        "remarks": rng.uniform(1.8, 3.0),
        "subindicator": rng.uniform(2.0, 3.5),
    }
    fixed = [c for c in columns if c not in ("code", "requirements")]
    code = want["code"] if "code" in columns else 0.0
    if "requirements" in columns:
        rest = usable - code - sum(want[c] for c in fixed)
        min_req = 0.3 * usable
        if rest < min_req:  # too wide: shrink the others, keep the code column
            scale = (usable - code - min_req) / sum(want[c] for c in fixed)
            for c in fixed:
                want[c] *= scale
            rest = min_req
        want["requirements"] = rest
    else:
        scale = (usable - code) / sum(want[c] for c in fixed)
        for c in fixed:
            want[c] *= scale
    widths = [round(want[c], 2) for c in columns]
    widths[-1] = round(usable - sum(widths[:-1]), 2)
    return widths


def _label(rng: random.Random, title: str, thai: bool) -> str:
    if rng.random() < 0.05:
        return "คลิกที่นี่"
    prefix = rng.choice(LABEL_PREFIXES)
    year = rng.choice(YEAR_PHRASES)
    text = f"{prefix} {title}" if prefix and title[0].isascii() else f"{prefix}{title}"
    if year:
        text += " " + year
    text += rng.choice(CLICKS)
    return _digits(text, thai)


def _evidence(rng: random.Random, lay: Layout, n: int, title: str) -> list[dict]:
    count = _weighted(rng, [(0, 0.03), (1, 0.45), (2, 0.32), (3, 0.15), (4, 0.05)])
    out = []
    seen: set[str] = set()
    for k in range(1, count + 1):
        url = _url(rng, lay.host, n, k)
        while url in seen:  # two entries of a cell never share a target (a wrapped label would look the same)
            url = _url(rng, lay.host, n, k)
        seen.add(url)
        typed = lay.evidence_style == "typed" or (lay.evidence_style == "mixed" and rng.random() < 0.5)
        if typed:
            shown = url
            if rng.random() < 0.2 and url.startswith(("http://www.", "https://www.")):
                shown = url.split("://", 1)[1]
                url = "http://" + shown
            out.append({"label": shown, "url": url, "typed": True})
        else:
            label = url if rng.random() < 0.1 else _label(rng, title, lay.thai_digits)
            out.append({"label": label, "url": url, "typed": False})
    return out


def draw_layout(seed: int, lid: str | None = None) -> Layout:
    """The layout of one seed: every choice from ``random.Random(seed)``, so equal seeds give equal layouts."""
    rng = random.Random(seed)
    agency, host = rng.choice(AGENCIES)
    orientation = "landscape" if rng.random() < 0.6 else "portrait"
    margin = round(rng.uniform(1.0, 2.5), 1)
    usable = (29.7 if orientation == "landscape" else 21.0) - 2 * margin
    columns = _columns(rng)
    header = [rng.choice(HEADER_WORDS[c]) for c in columns]
    thai = rng.random() < 0.15
    code_style = _weighted(rng, list(zip(CODE_STYLES, CODE_STYLE_WEIGHTS)))
    if code_style == "0{n}":
        thai = False  # "0๑" is not a way anyone writes a code
    tables = "per-section" if rng.random() < 0.15 and "subindicator" not in columns else "one"
    sub_rows = tables == "one" and "subindicator" not in columns and rng.random() < 0.25
    topic_rows = True if (tables == "per-section" or sub_rows or "subindicator" in columns) else rng.random() < 0.75
    header_row = rng.random() < 0.95 or tables == "per-section"
    lay = Layout(
        id=lid or f"S{seed}",
        seed=seed,
        agency=agency,
        host=host,
        agency_line=rng.choice(["หน่วยงาน: {}", "หน่วยงาน: {}", "หน่วยงาน {}", "{}"]),
        title_lines=rng.choice([1, 2]),
        orientation=orientation,
        margin_cm=margin,
        font=rng.choice(FONTS),
        size_pt=rng.choice(SIZES),
        columns=columns,
        header=header,
        widths_cm=_widths(rng, columns, usable),
        code_style=code_style,
        thai_digits=thai,
        evidence_style=_weighted(rng, [("link", 0.5), ("typed", 0.25), ("mixed", 0.25)]),
        typed_join=_weighted(rng, [("para", 0.6), ("space", 0.25), ("br", 0.15)]),
        header_row=header_row,
        repeat_header=header_row and rng.random() < 0.5,
        topic_rows=topic_rows,
        subindicator_rows=sub_rows,
        tables=tables,
        code_align=rng.choice(["center", "left"]),
    )

    items = schema()["items"]
    count = _weighted(rng, [("full", 0.1), ("few", 0.8), ("many", 0.1)])
    n_items = {"full": 43, "few": rng.randint(8, 20), "many": rng.randint(21, 30)}[count]
    chosen = sorted(rng.sample(range(len(items)), n_items))
    repeat = rng.choice(chosen) if rng.random() < 0.1 else None

    subs = _sub_indicators()
    rows: list[dict] = []
    topic = sub = ind = None
    with_indicator = False
    for idx in chosen:
        it = items[idx]
        n = int(it["code"][1:])
        ind_no, sub_no, sub_name, ind_name = subs[it["topic"]]
        sub_text = rng.choice([f"ตัวชี้วัดย่อยที่ {sub_no} {sub_name}", f"{sub_no} {sub_name}", sub_name])
        if sub_name != sub:
            if lay.tables == "per-section":
                rows.append({"kind": "section", "text": _digits(sub_text, thai)})
            elif lay.subindicator_rows:
                if ind_no != ind and (with_indicator if rows else rng.random() < 0.4):
                    with_indicator = True
                    rows.append({"kind": "sub", "text": _digits(f"ตัวชี้วัดที่ {ind_no} {ind_name}", thai)})
                rows.append({"kind": "sub", "text": _digits(sub_text, thai)})
            sub, ind = sub_name, ind_no
            sub_cell = _digits(rng.choice([sub_name, f"{sub_no} {sub_name}", f"ตัวชี้วัดย่อยที่ {sub_no} {sub_name}"]), thai)
        if it["topic"] != topic:
            topic = it["topic"]
            if lay.topic_rows:
                rows.append({"kind": "topic", "text": topic, "subindicator": sub_cell})
        reqs = ([{"text": r["text"], "elements": list(r["elements"])} for r in it["requirements"]]
                if "requirements" in columns else [])
        row = {
            "kind": "item",
            "code": f"o{n}",
            "code_as_written": _code_written(code_style, n, thai),
            "title": it["title"],
            "topic": topic if lay.topic_rows else None,
            "requirements": reqs,
            "evidence": _evidence(rng, lay, n, it["title"]),
            "remark": _digits(rng.choice(REMARKS), thai) if "remarks" in columns else "",
            "subindicator": sub_cell,
        }
        rows.append(row)
        if idx == repeat:
            rows.append(json.loads(json.dumps(row)))
    lay.rows = rows
    return lay


def layouts():
    """Hypothesis strategy of :class:`Layout` (drawn by seed: a failing example prints its seed)."""
    from hypothesis import strategies as st

    return st.integers(min_value=0, max_value=2**31 - 1).map(draw_layout)


# --------------------------------------------------------------------------- truth


def heading_lines(lay: Layout) -> list[str]:
    title = ["แบบวัดการเปิดเผยข้อมูลสาธารณะ", "(Open Data Integrity and Transparency Assessment : OIT)"]
    lines = title if lay.title_lines == 2 else [" ".join(title)]
    return lines + [lay.agency_line.format(lay.agency), _digits("ประจำปีงบประมาณ พ.ศ. 2565", lay.thai_digits)]


def layout_truth(lay: Layout) -> dict:
    """What the document shows, in the shape of ``tests/fixtures/docx/*.truth.json``."""
    items = []
    for r in lay.rows:
        if r["kind"] != "item":
            continue
        items.append({
            "code": r["code"],
            "code_as_written": r["code_as_written"],
            "topic": r["topic"],
            "title": r["title"],
            "requirements": r["requirements"],
            "evidence": [{"label": e["label"], "url": e["url"]} for e in r["evidence"]],
        })
    return {
        "variant": lay.id,
        "seed": lay.seed,
        "features": lay.features(),
        "font": lay.font,
        "agency": lay.agency,
        "assessment_year": 2565,
        "header": lay.header if lay.header_row else None,
        "items": items,
    }


# --------------------------------------------------------------------------- DOCX


def build_docx(lay: Layout) -> bytes:
    """The layout as a Word document (deterministic bytes)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt, RGBColor

    mf = make_fixtures()
    v = mf.Variant(lay.id, font=lay.font, size_pt=lay.size_pt, note=f"generated layout, seed {lay.seed}")
    doc = docx.Document()
    mf._fix_core_properties(doc, {"agency": lay.agency, "assessment_year": 2565}, v)
    sec = doc.sections[0]
    if lay.orientation == "landscape":
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(lay.margin_cm))
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    mf._set_rpr_font(normal.element.get_or_add_rPr(), lay.font, lay.size_pt)
    mf._set_doc_defaults_font(doc, lay.font, lay.size_pt)
    link_style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link_style.base_style = doc.styles["Default Paragraph Font"]
    link_style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link_style.font.underline = True

    for i, line in enumerate(heading_lines(lay)):
        p = doc.add_paragraph()
        if i < lay.title_lines:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mf._add_run(p, line, v, bold=i < lay.title_lines)

    cols = lay.columns
    ncols = len(cols)
    sub_col = "subindicator" in cols
    state = {"table": None, "tables": 0, "sub_tc": None}

    def new_table():
        table = doc.add_table(rows=0, cols=ncols)
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        mf._fixed_layout(table)
        for col, width in zip(table.columns, lay.widths_cm):
            col.width = Cm(width)
        state["table"] = table
        state["sub_tc"] = None
        state["tables"] += 1
        if lay.header_row and state["tables"] == 1:
            hrow = new_row()
            if lay.repeat_header:
                mf._repeat_header(hrow)
            for cell, label in zip(hrow.cells, lay.header):
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                mf._add_run(p, label, v, bold=True)
        return table

    def new_row():
        row = state["table"].add_row()
        for cell, width in zip(row.cells, lay.widths_cm):
            cell.width = Cm(width)
        return row

    def sub_cell(cell, text: str) -> None:
        """The sub-indicator column: one vertically merged cell per sub-indicator."""
        if state["sub_tc"] != text:
            cell._tc.vMerge = "restart"
            mf._add_run(cell.paragraphs[0], text, v)
            state["sub_tc"] = text
        else:
            cell._tc.vMerge = "continue"

    def paragraphs(cell):
        yield cell.paragraphs[0]
        while True:
            yield cell.add_paragraph()

    for r in lay.rows:
        kind = r["kind"]
        if kind == "section":
            p = doc.add_paragraph()
            mf._add_run(p, r["text"], v, bold=True)
            new_table()
            continue
        if state["table"] is None:
            new_table()
        row = new_row()
        cells = row.cells
        if kind in ("topic", "sub"):
            first = 0
            if sub_col:
                sub_cell(cells[0], r["subindicator"])
                first = 1
            cell = cells[first].merge(cells[ncols - 1]) if ncols - first > 1 else cells[first]
            mf._shade(cell, "D9E2F3" if kind == "topic" else "FBE4D5")
            mf._add_run(cell.paragraphs[0], r["text"], v, bold=True)
            continue
        for role, cell in zip(cols, cells):
            p = cell.paragraphs[0]
            if role == "subindicator":
                sub_cell(cell, r["subindicator"])
            elif role == "code":
                if lay.code_align == "center":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                mf._add_run(p, r["code_as_written"], v)
            elif role == "title":
                mf._add_run(p, r["title"], v)
            elif role == "codetitle":
                mf._add_run(p, f"{r['code_as_written']} {r['title']}", v)
            elif role == "requirements":
                ps = paragraphs(cell)
                for req in r["requirements"]:
                    mf._add_run(next(ps), BULLET + req["text"], v)
                    for element in req["elements"]:
                        q = next(ps)
                        q.paragraph_format.left_indent = Cm(0.6)
                        mf._add_run(q, BULLET + element, v)
            elif role == "evidence":
                ps = paragraphs(cell)
                typed = [e for e in r["evidence"] if e["typed"]]
                if lay.evidence_style == "typed" and len(typed) > 1 and lay.typed_join != "para":
                    q = next(ps)
                    for k, e in enumerate(typed):
                        if k:
                            if lay.typed_join == "space":
                                mf._add_run(q, " ", v)
                            else:
                                br_run = OxmlElement("w:r")
                                br_run.append(OxmlElement("w:br"))
                                q._p.append(br_run)
                        mf._add_run(q, e["label"], v)
                    continue
                for e in r["evidence"]:
                    q = next(ps)
                    if e["typed"]:
                        mf._add_run(q, e["label"], v)
                    else:
                        mf._add_hyperlink(q, e["label"], e["url"], v)
            elif role == "remarks":
                if r["remark"]:
                    mf._add_run(p, r["remark"], v)
    buf = io.BytesIO()
    doc.save(buf)
    return mf._deterministic_zip(buf.getvalue())


def layout_json(lay: Layout) -> dict:
    return asdict(lay)
