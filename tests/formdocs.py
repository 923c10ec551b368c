"""Checklists of any form, built for the tests: text, HTML and DOCX, in a few layouts.

:func:`build` writes the items of a :class:`~oitparse.schema.Schema` (all, or some, in form
order; one may be pasted twice) as an agency would: a heading naming the agency and the
year, topic rows, codes in a chosen style (``o1``, ``O 1``, ``OIT 1``, ``o.1``), the
requirements as ``O`` bullets, one or two labelled pieces of evidence per item dated as the
item's year rule asks. Layouts:

* ``text`` — the run-together text a PDF or a pasted page gives;
* ``html`` — the form's 4-column table on a web page (topic rows one spanning cell);
* ``html3`` — no requirements column (code | title | links), code and title in one cell;
* ``docx`` — the 4-column table as a Word file with ``w:hyperlink`` evidence.
"""

from __future__ import annotations

import io
import zipfile
from html import escape
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

LAYOUTS = ("text", "html", "html3", "docx")
CODE_STYLES = ("o{n}", "O{n}", "O {n}", "OIT {n}", "o.{n}")
NBSP = "\u00a0"


def _years_for(rule: str, y: int) -> str:
    return {
        "none": "",
        "current": f" ปี พ.ศ. {y}",
        "previous": f" ปี พ.ศ. {y - 1}",
        "first_half": f" (ต.ค. {str(y - 1)[-2:]} - มี.ค. {str(y)[-2:]}) พ.ศ. {y}",
        "plan_covers": f" พ.ศ. {y - 2}-{y + 1}",
        "in_force": f" พ.ศ. {y}",
    }[rule]


def plan_of(schema, *, drop=(), repeat=None) -> list:
    """The schema's items in form order, without ``drop`` (numbers), ``repeat`` (a number) twice."""
    out = []
    for item in schema.items:
        if item.number in drop:
            continue
        out.append(item)
        if item.number == repeat:
            out.append(item)
    return out


def _evidence(item, year: int, host: str) -> list[tuple[str, str]]:
    label = f"{item.title}{_years_for(item.year_rule, year)} (คลิก)"
    out = [(label, f"https://{host}/ita{year}/{item.number}/1.pdf")]
    if item.number % 3 == 0:
        out.append((f"เอกสารเพิ่มเติม {item.title}{_years_for(item.year_rule, year)}", f"https://{host}/ita{year}/{item.number}/2.pdf"))
    return out


def _heading(year: int, agency: str) -> list[str]:
    return [
        f"แบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT) ประจำปีงบประมาณ พ.ศ. {year}",
        agency,
    ]


def build(schema, layout: str, *, year: int, agency: str, host: str = "www.agency.go.th", code_style: str = "o{n}",
          drop=(), repeat=None, titles: dict | None = None) -> tuple[str, bytes]:
    """(file suffix, bytes) of a checklist of ``schema`` in ``layout``. ``titles`` replaces the
    titles of some items (number -> title as the agency wrote it)."""
    items = plan_of(schema, drop=drop, repeat=repeat)
    titles = titles or {}

    def title(item) -> str:
        return titles.get(item.number, item.title)

    def code(item) -> str:
        return code_style.format(n=item.number)

    def reqs(item) -> list[str]:
        out = []
        for r in item.requirements:
            out.append(r.text.replace("{y}", str(year)))
            out.extend(r.elements)
        return out

    if layout == "text":
        lines = _heading(year, agency)
        topic = None
        for item in items:
            if item.topic != topic:
                lines.append(item.topic)
                topic = item.topic
            lines.append(f"{code(item)} {title(item)}")
            lines.extend(f"O{NBSP}{t}" for t in reqs(item))
            lines.extend(f"{label} {url}" for label, url in _evidence(item, year, host))
        return ".txt", ("\n".join(lines) + "\n").encode("utf-8")

    if layout in ("html", "html3"):
        four = layout == "html"
        head = "<tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr>" if four else (
            "<tr><th>ข้อมูล</th><th>ที่อยู่เว็บไซต์</th></tr>"
        )
        rows = [head]
        topic = None
        for item in items:
            if item.topic != topic:
                rows.append(f'<tr><td colspan="{4 if four else 2}">{escape(item.topic)}</td></tr>')
                topic = item.topic
            links = "".join(f'<p><a href="{escape(url)}">{escape(label)}</a></p>' for label, url in _evidence(item, year, host))
            if four:
                req_html = "".join(f"<p>O{NBSP}{escape(t)}</p>" for t in reqs(item))
                rows.append(f"<tr><td>{escape(code(item))}</td><td>{escape(title(item))}</td><td>{req_html}</td><td>{links}</td></tr>")
            else:
                rows.append(f"<tr><td>{escape(code(item))} {escape(title(item))}</td><td>{links}</td></tr>")
        h1, h2 = _heading(year, agency)
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>ITA</title></head><body>'
            f"<h1>{escape(h1)}</h1><h2>{escape(h2)}</h2><table border=\"1\">{''.join(rows)}</table></body></html>"
        )
        return ".html", page.encode("utf-8")

    if layout == "docx":
        return ".docx", _docx(items, year, agency, host, title, code, reqs)
    raise ValueError(layout)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _docx(items, year, agency, host, title, code, reqs) -> bytes:
    rels: list[str] = []

    def para(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'

    def cell(body: str, span: int = 1) -> str:
        pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
        return f"<w:tc>{pr}{body or para('')}</w:tc>"

    rows = ["<w:tr>" + "".join(cell(para(h)) for h in ("ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link")) + "</w:tr>"]
    topic = None
    for item in items:
        if item.topic != topic:
            rows.append("<w:tr>" + cell(para(item.topic), span=4) + "</w:tr>")
            topic = item.topic
        links = ""
        for label, url in _evidence(item, year, host):
            rels.append(url)
            links += (f'<w:p><w:hyperlink r:id="rIdL{len(rels)}"><w:r><w:t xml:space="preserve">{xml_escape(label)}'
                      "</w:t></w:r></w:hyperlink></w:p>")
        req = "".join(para(f"O{NBSP}{t}") for t in reqs(item))
        rows.append("<w:tr>" + cell(para(code(item))) + cell(para(title(item))) + cell(req) + cell(links) + "</w:tr>")
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in (900, 2600, 4200, 2600)) + "</w:tblGrid>"
    heading = "".join(para(t) for t in _heading(year, agency))
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
        f'{heading}<w:tbl>{grid}{"".join(rows)}</w:tbl><w:sectPr/></w:body></w:document>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rIdL{n}" Type="{_HYPERLINK}" Target={quoteattr(u)} TargetMode="External"/>'
                  for n, u in enumerate(rels, start=1))
        + "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
    return out.getvalue()
