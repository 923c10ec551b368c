#!/usr/bin/env python3
"""Generate agency-web-page-shaped OIT checklists (HTML) and their truth.

Agencies publish their OIT checklist as a page of their own web site, inside the
site's CMS: menus, breadcrumbs, a sidebar, a footer, scripts. The table is often cut
into one accordion panel per sub-indicator ("9.1 ข้อมูลพื้นฐาน" ...), only the first
panel's table has a header row, the codes are written "OIT 1", the link column is
headed "รายละเอียด", and the links are relative to a page address the file does not
carry. This script writes such pages from the canonical form
(``src/oitparse/schemas/ita2565.json``), with the truth of each: what a person
reading the page sees, in the shape of ``tests/fixtures/docx/*.truth.json``.

    python scripts/make_webpages.py --out /tmp/pages --count 50 --seed 7
    python scripts/make_webpages.py --corpus      # tests/fixtures/webpages/W000.html ...

What varies from page to page (every choice drawn from ``random.Random(seed)``;
``--corpus`` cycles through every value of every feature, so each one occurs):

* CMS chrome: WordPress-like, Joomla-like, plain (old-style, ``<font>``, layout table);
* layout: jQuery-UI accordion (``<div class="accordion"><h3><button>``), Bootstrap
  accordion (``<div class="card">``), ``<details><summary>``, a heading per table,
  one single table, or no table at all (``<h4>OIT 1 โครงสร้าง</h4><ul><li><a>``);
* header row in the first table only / in every table / in none; header words;
* columns: code | title | links, "code title" in one cell | links,
  code | title | description (the requirements) | links;
* code style: OIT 1, OIT1, O1, o1, O.1, O01, 01 (a digit zero), O๑ (Thai digits);
* evidence: ``<ul><li><a>``, ``<a>``s separated by ``<br>``, an ``<a>`` around a
  "คลิก" button image with alt text, links whose label is the URL itself;
* hrefs: absolute, root-relative, relative, ``../``, query-only (``?page_id=``),
  Google Drive; the page's address from ``<base href>``, ``<link rel="canonical">``,
  ``<meta property="og:url">``, several of them, or none;
* topic rows (one cell spanning the table) with the form's topics or the
  sub-indicators; some items missing; the year in Thai digits in some headings.

Truth: ``url`` is the href resolved (``urllib.parse.urljoin``) against ``<base href>``,
else the canonical link, else og:url; with none of them it is the href as written, the
truth records ``"base_url_needed": true`` (when some href is relative) and
``"with_base_url"`` holds the items expected from ``oitparse.parse(path,
base_url=BASE_URL)``. ``topic`` is the topic row above the item; with no topic rows the
sub-indicator heading (accordion, heading or spanning row) without its number; with
neither, None.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "src" / "oitparse" / "schemas" / "ita2565.json"
CORPUS_DIR = ROOT / "tests" / "fixtures" / "webpages"
CORPUS_SEED = 2565
CORPUS_COUNT = 24
#: The base_url the second expectation of a page without an address is parsed with.
BASE_URL = "https://www.example.go.th/ita/"

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
NBSP = "\u00a0"

# --------------------------------------------------------------------------- the form


def load_form() -> tuple[list[dict], list[dict]]:
    """(sub-indicators, items) of the canonical form: sub-indicators numbered 9.1 .. 10.2."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    subs = []
    for i, indicator in enumerate(schema["indicators"]):
        for j, sub in enumerate(indicator["sub_indicators"]):
            subs.append({"number": f"{9 + i}.{j + 1}", "indicator_number": 9 + i, "indicator": indicator["name"],
                         "name": sub["name"], "topics": list(sub["topics"])})
    topic_sub = {t: k for k, s in enumerate(subs) for t in s["topics"]}
    items = []
    for it in schema["items"]:
        items.append({"code": it["code"], "number": int(it["code"][1:]), "title": it["title"],
                      "topic": it["topic"], "sub": topic_sub[it["topic"]],
                      "requirements": [{"text": r["text"], "elements": list(r["elements"])}
                                       for r in it["requirements"]]})
    return subs, items


# --------------------------------------------------------------------------- agencies

AGENCIES = [
    # (name, domain, address line after the name)
    ("สถาบันวิจัยระบบสาธารณสุข", "www.hsri-example.or.th", "อาคารสุขภาพแห่งชาติ ชั้น 4 ถนนติวานนท์ ตำบลตลาดขวัญ อำเภอเมืองนนทบุรี จังหวัดนนทบุรี 11000"),
    ("สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี", "www.ipst-example.ac.th", "924 ถนนสุขุมวิท แขวงพระโขนง เขตคลองเตย กรุงเทพมหานคร 10110"),
    ("สถาบันการพลศึกษา วิทยาเขตชลบุรี", "chonburi.tnsu-example.ac.th", "111 หมู่ 3 ตำบลหนองไม้แดง อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000"),
    ("องค์การบริหารส่วนตำบลบางกะดี", "www.bangkadi.go.th", "99 หมู่ 2 ตำบลบางกะดี อำเภอเมืองปทุมธานี จังหวัดปทุมธานี 12000"),
    ("องค์การบริหารส่วนตำบลหนองสาหร่าย", "www.nongsarai.go.th", "1 หมู่ 5 ตำบลหนองสาหร่าย อำเภอปากช่อง จังหวัดนครราชสีมา 30130"),
    ("องค์การบริหารส่วนตำบลท่าข้าม", "www.thakham-sao.go.th", "45 หมู่ 1 ตำบลท่าข้าม อำเภอบางปะกง จังหวัดฉะเชิงเทรา 24130"),
    ("เทศบาลตำบลบ้านสวน", "www.bansuan.go.th", "189 ถนนพระยาสัจจา ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000"),
    ("เทศบาลตำบลคลองหลวง", "www.klongluang-tambon.go.th", "77 หมู่ 4 ตำบลคลองหนึ่ง อำเภอคลองหลวง จังหวัดปทุมธานี 12120"),
    ("เทศบาลตำบลท่าโขลง", "www.thakhlong.go.th", "8 หมู่ 9 ตำบลท่าโขลง อำเภอคลองหลวง จังหวัดปทุมธานี 12120"),
    ("โรงเรียนบ้านหนองบัว", "www.nongbua-school.ac.th", "หมู่ 6 ตำบลหนองบัว อำเภอเมืองอุดรธานี จังหวัดอุดรธานี 41000"),
    ("โรงเรียนวัดโพธิ์ศรี", "www.watphosri.ac.th", "12 หมู่ 3 ตำบลบางพูน อำเภอเมืองปทุมธานี จังหวัดปทุมธานี 12000"),
    ("โรงเรียนอนุบาลลำลูกกา", "www.anubanlamlukka.ac.th", "ถนนลำลูกกา ตำบลลาดสวาย อำเภอลำลูกกา จังหวัดปทุมธานี 12150"),
]

NEWS = [
    "ประกาศผู้ชนะการเสนอราคา จ้างเหมาซ่อมแซมถนนคอนกรีตเสริมเหล็ก",
    "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี 2565",
    "กิจกรรมวันเด็กแห่งชาติ ประจำปี 2565",
    "ประกาศรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานจ้าง",
    "รายงานผลการดำเนินงานไตรมาสที่ 2",
    "โครงการอบรมคุณธรรมจริยธรรมสำหรับบุคลากร",
]

# --------------------------------------------------------------------------- page choices

CHROMES = ["wordpress", "joomla", "plain"]
#: Weighted: the real page's accordion most often, the table-less list once per 12 pages.
LAYOUTS = ["accordion"] * 3 + ["bootstrap", "details", "headings", "single"] * 2 + ["list"]
HEADERS = ["first", "every", "none"]
COLUMNS = ["code_title_links", "codetitle_links", "code_title_desc_links"]
CODE_STYLES = ["OIT 1", "OIT1", "O1", "o1", "O.1", "O01", "01", "O๑"]
EVIDENCE_STYLES = ["ul", "br", "img", "urllabel"]
HREF_STYLES = ["absolute", "root", "relative", "dotdot", "query", "gdrive"]
ADDRESSES = ["none", "base", "canonical", "og", "canonical+og", "base+canonical"]
TOPIC_ROWS = ["no", "topics", "subs"]

CODE_WORDS = ["ข้อ", "ลำดับ", "รหัส"]
TITLE_WORDS = ["ข้อมูล", "หัวข้อ", "ชื่อข้อมูล"]
LINK_WORDS = ["รายละเอียด", "Link", "URL", "ลิงก์", "หลักฐาน"]
DESC_WORDS = ["คำอธิบาย", "องค์ประกอบด้านข้อมูล"]
CODETITLE_WORDS = ["ข้อมูล", "หัวข้อ", "ข้อ/ข้อมูล"]


class Cycle:
    """Values of one feature: shuffled rounds of all values, so every value occurs in len(values) draws."""

    def __init__(self, rng: random.Random, values: list) -> None:
        self.rng, self.values, self.pool = rng, list(values), []

    def __call__(self):
        if not self.pool:
            self.pool = list(self.values)
            self.rng.shuffle(self.pool)
        return self.pool.pop()


@dataclass
class Spec:
    chrome: str
    layout: str
    header: str
    columns: str
    code_style: str
    evidence_styles: list[str]
    href_styles: list[str]
    address: str
    topic_rows: str
    missing: list[int]
    agency: tuple[str, str, str]
    heading_style: int
    thai_year: bool
    header_words: dict[str, str] = field(default_factory=dict)
    sub_heading_style: int = 0
    sep: str = " "
    desc_style: str = "ul"


def draw_specs(rng: random.Random, count: int, *, reference_first: bool) -> list[Spec]:
    cyc = {name: Cycle(rng, values) for name, values in [
        ("chrome", CHROMES), ("layout", LAYOUTS), ("header", HEADERS), ("columns", COLUMNS),
        ("code", CODE_STYLES), ("address", ADDRESSES), ("topic", TOPIC_ROWS), ("agency", AGENCIES),
        ("ev", EVIDENCE_STYLES), ("href", HREF_STYLES), ("link_word", LINK_WORDS),
    ]}
    specs = []
    for n in range(count):
        ev = sorted({cyc["ev"](), *rng.sample(EVIDENCE_STYLES, rng.choice([0, 1, 2]))})
        hrefs = sorted({cyc["href"](), *rng.sample(HREF_STYLES, rng.choice([0, 1, 2, 3]))})
        missing = sorted(rng.sample(range(1, 44), rng.choice([0, 0, 1, 2, 4])))
        spec = Spec(
            chrome=cyc["chrome"](), layout=cyc["layout"](), header=cyc["header"](), columns=cyc["columns"](),
            code_style=cyc["code"](), evidence_styles=ev, href_styles=hrefs, address=cyc["address"](),
            topic_rows=cyc["topic"](), missing=missing, agency=cyc["agency"](),
            heading_style=rng.randrange(3), thai_year=rng.random() < 0.2,
            header_words={"code": rng.choice(CODE_WORDS), "title": rng.choice(TITLE_WORDS),
                          "link": cyc["link_word"](), "desc": rng.choice(DESC_WORDS),
                          "codetitle": rng.choice(CODETITLE_WORDS)},
            sub_heading_style=rng.randrange(3), sep=rng.choice([" ", " ", " : "]),
            desc_style=rng.choice(["ul", "p"]),
        )
        if spec.layout == "list":
            spec.header, spec.columns = "none", "codetitle_links"
            if spec.topic_rows == "subs":
                spec.topic_rows = "no"  # the list's own sub-indicator headings
        elif spec.layout == "single":
            if spec.header == "every":
                spec.header = "first"
        elif spec.topic_rows == "subs":
            spec.topic_rows = rng.choice(["no", "topics"])  # the panels already name the sub-indicators
        specs.append(spec)
    if reference_first and specs:
        # W000: the real institute page this corpus is modelled on.
        specs[0] = Spec(
            chrome="joomla", layout="accordion", header="first", columns="code_title_links", code_style="OIT 1",
            evidence_styles=["ul"], href_styles=["dotdot", "relative", "root"], address="none", topic_rows="no",
            missing=[], agency=AGENCIES[0], heading_style=0, thai_year=False,
            header_words={"code": "ข้อ", "title": "ข้อมูล", "link": "รายละเอียด", "desc": "คำอธิบาย",
                          "codetitle": "ข้อมูล"},
            sub_heading_style=0, sep=" ", desc_style="ul",
        )
    return specs


# --------------------------------------------------------------------------- writing helpers


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def code_as_written(style: str, n: int) -> str:
    return {
        "OIT 1": f"OIT {n}", "OIT1": f"OIT{n}", "O1": f"O{n}", "o1": f"o{n}", "O.1": f"O.{n}",
        "O01": f"O{n:02d}", "01": f"0{n}", "O๑": "O" + str(n).translate(THAI_DIGITS),
    }[style]


def is_relative(url: str) -> bool:
    return not urlsplit(url).scheme


class Page:
    """One page being written: its spec, a private RNG, its evidence and truth."""

    def __init__(self, spec: Spec, rng: random.Random, subs: list[dict], items: list[dict]) -> None:
        self.spec, self.rng, self.subs = spec, rng, subs
        self.items = [it for it in items if it["number"] not in spec.missing]
        self.name, self.domain, self.address_line = spec.agency
        self.site = f"https://{self.domain}"
        self.page_path = {
            "wordpress": "/ita-2565/", "joomla": "/index.php/ita/ita-2565", "plain": "/ita2565/index.html",
        }[spec.chrome]
        self.base = self._base()
        self.truth_items: list[dict] = []

    # -- the page's own address
    def _base(self) -> str | None:
        a = self.spec.address
        if a == "none":
            return None
        if a.startswith("base"):
            return f"{self.site}/ita/2565/"
        return self.site + self.page_path  # canonical / og:url: the page's own address

    def head_links(self) -> str:
        a, out = self.spec.address, []
        if a.startswith("base"):
            out.append(f'<base href="{self.base}">')
        if "canonical" in a:
            # with <base> also present, the canonical is another address (the base must win)
            out.append(f'<link rel="canonical" href="{self.site}{self.page_path}">')
        if "og" in a:
            out.append(f'<meta property="og:url" content="{self.site}{self.page_path}">')
        if a == "canonical+og":  # og:url differs (http, no www): the canonical must win
            out[-1] = f'<meta property="og:url" content="http://{self.domain.removeprefix("www.")}/?p=2565">'
        return "\n".join(out)

    # -- evidence
    def href(self, n: int, k: int) -> str:
        style = self.rng.choice(self.spec.href_styles)
        ext = self.rng.choice(["pdf", "pdf", "html", "docx"])
        return {
            "absolute": f"{self.site}/ita/2565/o{n}-{k}.{ext}",
            "root": self.rng.choice([f"/ita/2565/o{n}-{k}.{ext}", {
                "wordpress": f"/wp-content/uploads/2022/04/O{n}-{k}.{ext}",
                "joomla": f"/images/ita2565/O{n:02d}_{k}.{ext}",
                "plain": f"/ita2565/files/O{n}_{k}.{ext}"}[self.spec.chrome]]),
            "relative": self.rng.choice([f"files/o{n}-{k}.{ext}", f"o{n}-{k}.html", f"uploads/O{n}_{k}.{ext}"]),
            "dotdot": f"../docs/o{n}-{k}.{ext}",
            "query": self.rng.choice([f"?page_id={1000 + 10 * n + k}",
                                      f"index.php?option=com_content&view=article&id={300 + 10 * n + k}"]),
            "gdrive": f"https://drive.google.com/file/d/1{n:02d}{k}AbCdEfGhIjKlMnOpQrStUvWxYz{n * 7 + k}/view?usp=sharing",
        }[style]

    def resolve(self, href: str, base: str | None) -> str:
        return urljoin(base, href) if base else href

    def label(self, title: str, k: int) -> str:
        return self.rng.choice([
            title, f"{title} ประจำปีงบประมาณ พ.ศ. 2565", "คลิกที่นี่", "ดาวน์โหลดเอกสาร", f"{title} (คลิก)",
            f"เอกสารประกอบที่ {k}", "รายละเอียดเพิ่มเติม", f"ประกาศ{title}",
        ])

    def evidence(self, it: dict) -> tuple[str, list[tuple[str, str]]]:
        """HTML of an item's links and [(label, href as written)]."""
        style = self.rng.choice(self.spec.evidence_styles)
        count = self.rng.choice([1, 1, 2, 2, 3])
        entries = []
        for k in range(1, count + 1):
            href = self.href(it["number"], k)
            if style == "urllabel" and is_relative(href):
                href = f"{self.site}/ita/2565/o{it['number']}-{k}.pdf"
            if style == "urllabel":
                label = href
            elif style == "img":
                label = self.rng.choice(["คลิก", "คลิกที่นี่", "ดาวน์โหลด"])
            else:
                label = self.label(it["title"], k)
            entries.append((label, href))
        target = self.rng.choice(["", ' target="_blank"', ' target="_blank" rel="noopener"'])

        def a(label: str, href: str) -> str:
            if style == "img":
                img = self.rng.choice(["/images/click.png", "/images/icon/btn-click.gif"])
                return f'<a href="{esc(href)}"{target}><img src="{img}" alt="{esc(label)}" width="60" height="24"></a>'
            return f'<a href="{esc(href)}"{target}>{esc(label)}</a>'

        if style in ("ul", "img") and (style == "ul" or self.rng.random() < 0.5):
            body = "<ul>" + "".join(f"<li>{a(lb, h)}</li>" for lb, h in entries) + "</ul>"
        else:
            body = "<br>\n".join(a(lb, h) for lb, h in entries)
        return body, entries

    def description(self, it: dict) -> str:
        """The requirements as a description cell: nested lists, or 'O' paragraphs as in the form."""
        if self.spec.desc_style == "ul":
            lis = []
            for r in it["requirements"]:
                sub = "".join(f"<li>{esc(e)}</li>" for e in r["elements"])
                lis.append(f"<li>{esc(r['text'])}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
            return "<ul>" + "".join(lis) + "</ul>"
        out = []
        for r in it["requirements"]:
            out.append(f"<p>O&nbsp;{esc(r['text'])}</p>")
            out += [f'<p style="margin-left:24px">O&nbsp;{esc(e)}</p>' for e in r["elements"]]
        return "".join(out)

    # -- truth
    def record(self, it: dict, topic: str | None, written: str, entries: list[tuple[str, str]],
               with_requirements: bool) -> None:
        self.truth_items.append({
            "code": it["code"], "code_as_written": written, "topic": topic, "title": it["title"],
            "requirements": [dict(r) for r in it["requirements"]] if with_requirements else [],
            "evidence": [{"label": lb, "url": self.resolve(h, self.base), "href": h} for lb, h in entries],
        })

    # -- the checklist itself
    def sub_heading(self, sub: dict) -> str:
        number, name = sub["number"], sub["name"]
        return [f"{number} {name}", f"ตัวชี้วัดย่อยที่ {number} {name}",
                f"{number.translate(THAI_DIGITS)} {name}"][self.spec.sub_heading_style]

    def groups(self) -> list[tuple[dict, list[dict]]]:
        out = []
        for k, sub in enumerate(self.subs):
            members = [it for it in self.items if it["sub"] == k]
            out.append((sub, members))
        return out

    def header_row(self) -> str:
        w, c = self.spec.header_words, self.spec.columns
        if c == "code_title_links":
            cells = [w["code"], w["title"], w["link"]]
        elif c == "codetitle_links":
            cells = [w["codetitle"], w["link"]]
        else:
            cells = [w["code"], w["title"], w["desc"], w["link"]]
        widths = {2: ["70%", "30%"], 3: ["10%", "55%", "35%"], 4: ["8%", "30%", "37%", "25%"]}[len(cells)]
        ths = "".join(f'<th style="width:{wd}">{esc(t)}</th>' for t, wd in zip(cells, widths))
        return f'<thead><tr style="background-color:#1e5aa0;color:#fff">{ths}</tr></thead>'

    def width(self) -> int:
        return {"code_title_links": 3, "codetitle_links": 2, "code_title_desc_links": 4}[self.spec.columns]

    def topic_row(self, text: str) -> str:
        inner = self.rng.choice([f"<strong>{esc(text)}</strong>", esc(text), f"<b><u>{esc(text)}</u></b>"])
        return f'<tr><td colspan="{self.width()}" style="background-color:#d9e7f5">{inner}</td></tr>'

    def item_row(self, it: dict, topic: str | None) -> str:
        written = code_as_written(self.spec.code_style, it["number"])
        ev_html, entries = self.evidence(it)
        c = self.spec.columns
        center = ' style="text-align:center"'
        if c == "code_title_links":
            cells = [f"<td{center}>{esc(written)}</td>", f"<td>{esc(it['title'])}</td>", f"<td>{ev_html}</td>"]
        elif c == "codetitle_links":
            cells = [f"<td>{esc(written + self.spec.sep + it['title'])}</td>", f"<td>{ev_html}</td>"]
        else:
            cells = [f"<td{center}>{esc(written)}</td>", f"<td>{esc(it['title'])}</td>",
                     f"<td>{self.description(it)}</td>", f"<td>{ev_html}</td>"]
        self.record(it, topic, written, entries, c == "code_title_desc_links")
        return "<tr>" + "".join(cells) + "</tr>"

    def rows(self, members: list[dict], sub: dict | None, sub_row: bool) -> list[str]:
        """Rows of the items of one sub-indicator (or all of them: sub None), topic rows included."""
        rows = []
        if sub_row and sub is not None:
            rows.append(self.topic_row(self.sub_heading(sub)))
        shown_topic = None
        for it in members:
            if self.spec.topic_rows == "topics" and it["topic"] != shown_topic:
                shown_topic = it["topic"]
                rows.append(self.topic_row(shown_topic))
            if self.spec.topic_rows == "topics":
                topic = shown_topic
            else:
                topic = sub["name"] if sub is not None else None
            rows.append(self.item_row(it, topic))
        return rows

    def table(self, rows: list[str], header: bool) -> str:
        cls = {"wordpress": ' class="wp-block-table is-style-stripes"', "joomla": ' class="table table-bordered"',
               "plain": ' border="1" cellpadding="4" cellspacing="0" width="100%"'}[self.spec.chrome]
        head = self.header_row() if header else ""
        return f"<table{cls}>{head}\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"

    def checklist(self) -> str:
        s = self.spec
        groups = [(sub, m) for sub, m in self.groups() if m]
        if s.layout == "list":
            return self.list_layout(groups)
        if s.layout == "single":
            if s.topic_rows == "subs":  # one table, a spanning row per sub-indicator
                rows = [r for sub, m in groups for r in self.rows(m, sub, sub_row=True)]
            else:
                rows = self.rows([it for _, m in groups for it in m], None, sub_row=False)
            return self.table(rows, header=s.header != "none")
        parts = []
        for k, (sub, m) in enumerate(groups):
            header = s.header == "every" or (s.header == "first" and k == 0)
            table = self.table(self.rows(m, sub, sub_row=False), header=header)
            title = esc(self.sub_heading(sub))
            if s.layout == "accordion":
                parts.append(f'<div class="accordion"><h3><button class="accordion-btn" type="button">{title}</button></h3>'
                             f'\n<div class="panel">{table}</div></div>')
            elif s.layout == "bootstrap":
                parts.append(
                    f'<div class="card"><div class="card-header" id="heading{k}"><h5 class="mb-0">'
                    f'<button class="btn btn-link" data-toggle="collapse" data-target="#collapse{k}" '
                    f'aria-expanded="{"true" if k == 0 else "false"}">{title}</button></h5></div>\n'
                    f'<div id="collapse{k}" class="collapse{" show" if k == 0 else ""}" data-parent="#ita">'
                    f'<div class="card-body">{table}</div></div></div>')
            elif s.layout == "details":
                parts.append(f"<details{' open' if k == 0 else ''}><summary>{title}</summary>\n{table}</details>")
            else:  # headings
                parts.append(f"<h3>{title}</h3>\n{table}")
        joined = "\n".join(parts)
        if s.layout == "bootstrap":
            return f'<div class="accordion" id="ita">\n{joined}\n</div>'
        return joined

    def list_layout(self, groups) -> str:
        out = []
        tag = self.rng.choice(["h4", "h5"])
        for sub, m in groups:
            if self.spec.topic_rows == "no":
                out.append(f"<h3>{esc(self.sub_heading(sub))}</h3>")
            shown = None
            for it in m:
                if self.spec.topic_rows == "topics" and it["topic"] != shown:
                    shown = it["topic"]
                    out.append(f"<h3>{esc(shown)}</h3>")
                written = code_as_written(self.spec.code_style, it["number"])
                ev_html, entries = self.evidence(it)
                if not ev_html.startswith("<ul>"):
                    ev_html = f"<p>{ev_html}</p>"
                out.append(f"<{tag}>{esc(written + self.spec.sep + it['title'])}</{tag}>\n{ev_html}")
                self.record(it, shown if self.spec.topic_rows == "topics" else sub["name"], written, entries, False)
        return "\n".join(out)

    # -- the CMS around it
    def heading(self) -> str:
        year = "2565".translate(THAI_DIGITS) if self.spec.thai_year else "2565"
        fiscal = f"ประจำปีงบประมาณ พ.ศ. {year}"
        name = esc(self.name)
        return [
            f"<h1>ITA {fiscal}</h1>\n<p>{name}</p>",
            f"<h1>การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) {fiscal}</h1>\n<h2>{name}</h2>",
            f"<h2>การเปิดเผยข้อมูลสาธารณะ (OIT) {name} {fiscal}</h2>",
        ][self.spec.heading_style]

    def menu(self) -> str:
        def li(text: str, href: str, sub: list[tuple[str, str]] | None = None) -> str:
            inner = "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in sub or [])
            subs = f'<ul class="sub-menu">{inner}</ul>' if sub else ""
            return f'<li class="menu-item"><a href="{href}">{esc(text)}</a>{subs}</li>'

        return ('<ul class="menu nav">'
                + li("หน้าหลัก", "/")
                + li("ข้อมูลพื้นฐาน", "#", [("ประวัติความเป็นมา", "/history"), ("วิสัยทัศน์ พันธกิจ", "/vision"),
                                           ("โครงสร้างองค์กร", "/structure"), ("ผู้บริหาร", "/executives"),
                                           ("อำนาจหน้าที่", "/authority")])
                + li("ข่าวสาร", "#", [("ข่าวประชาสัมพันธ์", "/news"), ("ประกาศจัดซื้อจัดจ้าง", "/procurement")])
                + li("ITA", "#", [("ITA 2564", "/ita-2564/"), ("ITA 2565", self.page_path)])
                + li("ติดต่อเรา", "/contact")
                + "</ul>")

    def sidebar(self) -> str:
        news = self.rng.sample(NEWS, 4)
        items = "".join(f'<li><a href="/news/{100 + i}">{esc(t)}</a> <span class="date">1{i} มี.ค. 2565</span></li>'
                        for i, t in enumerate(news))
        return (f'<aside id="secondary" class="sidebar widget-area"><section class="widget"><h2 class="widget-title">ข่าวล่าสุด</h2>'
                f"<ul>{items}</ul></section>"
                '<section class="widget"><h2 class="widget-title">ลิงก์หน่วยงาน</h2><ul>'
                '<li><a href="https://www.nacc.go.th/">สำนักงาน ป.ป.ช.</a></li>'
                '<li><a href="https://itas.nacc.go.th/">ระบบ ITAS</a></li>'
                '<li><a href="https://www.dla.go.th/">กรมส่งเสริมการปกครองท้องถิ่น</a></li></ul></section>'
                '<section class="widget"><h2 class="widget-title">สถิติผู้เข้าชม</h2><p>วันนี้ 125 | ทั้งหมด 48,213</p></section>'
                "</aside>")

    def footer(self) -> str:
        mail = f"saraban@{self.domain.removeprefix('www.')}"
        return (f'<footer id="colophon" class="site-footer"><div class="footer-contact"><h4>{esc(self.name)}</h4>'
                f"<p>{esc(self.address_line)}<br>โทรศัพท์ 0-2581-{self.rng.randrange(1000, 9999)} "
                f'โทรสาร 0-2581-{self.rng.randrange(1000, 9999)}<br>อีเมล: <a href="mailto:{mail}">{mail}</a></p></div>'
                '<div class="social"><a href="https://www.facebook.com/" class="fb"><i class="fa fa-facebook"></i></a> '
                '<a href="https://www.youtube.com/" class="yt"><i class="fa fa-youtube"></i></a> '
                '<a href="https://line.me/" class="line">LINE</a></div>'
                f'<p class="copyright">Copyright © 2022 {esc(self.name)} สงวนลิขสิทธิ์</p></footer>')

    def search_box(self) -> str:
        return ('<form role="search" method="get" class="search-form" action="/"><label>'
                '<span class="screen-reader-text">ค้นหา:</span><input type="search" class="search-field" '
                'placeholder="ค้นหา …" name="s"></label><button type="submit">ค้นหา</button></form>')

    def breadcrumbs(self) -> str:
        return ('<ol class="breadcrumb"><li><a href="/">หน้าหลัก</a></li><li><a href="#">ITA</a></li>'
                "<li class=\"active\">ITA 2565</li></ol>")

    def render(self) -> str:
        s = self.spec
        title = f"ITA 2565 – {esc(self.name)}"
        scripts = ('<script>document.querySelectorAll(".accordion-btn").forEach(function(b){b.addEventListener("click",'
                   'function(){this.parentNode.nextElementSibling.classList.toggle("open");});});</script>')
        style = ("<style>.panel{display:none}.panel.open{display:block}table{border-collapse:collapse}"
                 "td,th{border:1px solid #ccc;padding:4px}</style>")
        head = (f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{title}</title>\n{self.head_links()}\n")
        content = f"{self.heading()}\n{self.checklist()}\n"
        if s.chrome == "wordpress":
            return (
                f'<!DOCTYPE html>\n<html lang="th">\n<head>\n{head}'
                "<link rel='stylesheet' id='theme-css' href='/wp-content/themes/govtheme/style.css?ver=1.2' media='all'>\n"
                "<script src='/wp-includes/js/jquery/jquery.min.js?ver=3.6.0' id='jquery-core-js'></script>\n"
                f"{style}\n</head>\n<body class=\"page-template-default page\">\n"
                '<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">ข้ามไปยังเนื้อหา</a>\n'
                f'<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title">'
                f'<a href="/" rel="home">{esc(self.name)}</a></p></div>\n'
                f'<nav id="site-navigation" class="main-navigation">{self.menu()}</nav>\n{self.search_box()}</header>\n'
                '<div id="content" class="site-content"><main id="main" class="site-main">'
                f'<article id="post-2565" class="page type-page"><div class="entry-content">\n{content}</div></article></main>\n'
                f"{self.sidebar()}</div>\n{self.footer()}</div>\n{scripts}\n</body>\n</html>\n"
            )
        if s.chrome == "joomla":
            return (
                f'<!DOCTYPE html>\n<html lang="th-th" dir="ltr">\n<head>\n{head}'
                '<meta name="generator" content="Joomla! - Open Source Content Management">\n'
                '<link href="/templates/t3_bs3_blank/css/template.css" rel="stylesheet">\n'
                '<script src="/media/jui/js/jquery.min.js?5e9b1a"></script>\n'
                f"{style}\n</head>\n<body>\n<div class=\"t3-wrapper\">\n"
                f'<header id="t3-header" class="container t3-header"><div class="logo"><a href="/" title="{esc(self.name)}">'
                f'<img src="/images/logo.png" alt="{esc(self.name)}"><span>{esc(self.name)}</span></a></div>'
                f'<div class="head-search">{self.search_box()}</div></header>\n'
                f'<nav id="t3-mainnav" class="wrap navbar navbar-default t3-mainnav">{self.menu()}</nav>\n'
                f'<div id="t3-mainbody" class="container t3-mainbody"><div class="row">'
                f'<div class="col-xs-12 col-sm-8">{self.breadcrumbs()}\n'
                f'<div class="item-page" itemscope itemtype="https://schema.org/Article"><div itemprop="articleBody">\n'
                f"{content}</div></div></div>\n<div class=\"col-xs-12 col-sm-4\">{self.sidebar()}</div></div></div>\n"
                f"{self.footer()}</div>\n{scripts}\n</body>\n</html>\n"
            )
        # plain: an old hand-made page, a layout table around everything
        return (
            f'<html>\n<head>\n{head}<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n{style}\n</head>\n'
            '<body bgcolor="#ffffff">\n<center>\n<table width="960" border="0" cellpadding="0" cellspacing="0">\n'
            f'<tr><td colspan="2"><img src="/images/banner.jpg" alt="{esc(self.name)}" width="960"></td></tr>\n'
            f'<tr><td width="200" valign="top"><font size="2">{self.menu()}</font></td>\n'
            f'<td valign="top"><font face="Tahoma" size="2">\n{content}</font></td></tr>\n'
            f'<tr><td colspan="2" align="center">{self.footer()}</td></tr>\n</table>\n</center>\n</body>\n</html>\n'
        )


def build(spec: Spec, seed: int, page_id: str) -> tuple[str, dict]:
    subs, items = load_form()
    page = Page(spec, random.Random(f"{seed}:{page_id}"), subs, items)
    text = page.render()
    needs_base = page.base is None and any(is_relative(e["href"]) for it in page.truth_items for e in it["evidence"])
    truth = {
        "variant": page_id,
        "note": describe_spec(spec),
        "html": f"webpages/{page_id}.html",
        "page": {"chrome": spec.chrome, "layout": spec.layout, "header": spec.header, "columns": spec.columns,
                 "code_style": spec.code_style, "evidence_styles": spec.evidence_styles,
                 "href_styles": spec.href_styles, "address": spec.address, "page_base": page.base,
                 "topic_rows": spec.topic_rows, "missing": [f"o{n}" for n in spec.missing],
                 "header_words": spec.header_words, "thai_year": spec.thai_year},
        "agency": page.name,
        "assessment_year": 2565,
        "base_url_needed": needs_base,
        "items": page.truth_items,
    }
    if needs_base:
        truth["with_base_url"] = {
            "base_url": BASE_URL,
            "items": [{**it, "evidence": [{**e, "url": urljoin(BASE_URL, e["href"])} for e in it["evidence"]]}
                      for it in page.truth_items],
        }
    return text, truth


def describe_spec(spec: Spec) -> str:
    header = {"first": "header row in the first table only", "every": "header row in every table",
              "none": "no header row"}[spec.header]
    return (f"{spec.chrome} page, {spec.layout} layout, {header}, columns {spec.columns}, codes '{spec.code_style}', "
            f"evidence {'/'.join(spec.evidence_styles)}, hrefs {'/'.join(spec.href_styles)}, address {spec.address}, "
            f"topic rows {spec.topic_rows}" + (f", missing {len(spec.missing)} items" if spec.missing else ""))


def write(out: Path, count: int, seed: int, *, reference_first: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    specs = draw_specs(random.Random(seed), count, reference_first=reference_first)
    written = []
    for k, spec in enumerate(specs):
        page_id = f"W{k:03d}"
        text, truth = build(spec, seed, page_id)
        (out / f"{page_id}.html").write_text(text, encoding="utf-8")
        (out / f"{page_id}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
        written.append(out / f"{page_id}.html")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="folder to write W000.html + W000.truth.json ... into")
    ap.add_argument("--count", type=int, default=CORPUS_COUNT, help="number of pages")
    ap.add_argument("--seed", type=int, default=CORPUS_SEED, help="random seed")
    ap.add_argument("--corpus", action="store_true",
                    help=f"write the committed corpus ({CORPUS_COUNT} pages, seed {CORPUS_SEED}) into {CORPUS_DIR.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if args.corpus:
        for old in list(CORPUS_DIR.glob("W*.html")) + list(CORPUS_DIR.glob("W*.truth.json")):
            old.unlink()
        paths = write(CORPUS_DIR, CORPUS_COUNT, CORPUS_SEED, reference_first=True)
    elif args.out:
        paths = write(args.out, args.count, args.seed)
    else:
        ap.error("give --out DIR or --corpus")
    print(f"wrote {len(paths)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
