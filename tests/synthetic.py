"""Synthetic OIT forms built from the canonical schema, with the perturbations real PDFs show.

A form is rendered as text the way a PDF's extracted text looks (the seed,
tests/fixtures/seed_pathumthani_2565.txt): a topic heading line when the topic
changes, then ``oN <title> O <req1>``, ``O <req2>``..., element bullets
``O <element>`` and evidence lines ``<label> (คลิ๊ก)``. What the form was made
from is kept beside the text (:class:`ExpectedItem`), so a property test can
compare a parse with it.

:func:`render_form` is a plain function of a plan (a list of ``(code, ItemStyle)``:
deterministic, usable without hypothesis); :func:`plans` and :func:`forms` are the
hypothesis strategies that draw them. :func:`render_form_html` and
:func:`render_form_docx` write the same plan as the form's 4-column table in a web
page or a Word file, so one plan checks the text, HTML and DOCX paths alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

NBSP = "\u00a0"
CLICK = "(คลิ๊ก)"
#: Click markers agencies write after an evidence label (thai.CLICK_MARKER reads them all).
CLICK_VARIANTS = ("(คลิ๊ก)", "(คลิก)", "[คลิก]", "(คลิกที่นี่)", "(Click)")
AGENCY = "จังหวัดปทุมธานี"
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PREAMBLE = [
    "แบบวัดการเปิดเผยข้อมูลสาธารณะ",
    "(Open Data Integrity and Transparency Assessment : OIT)",
    "ข้อ ข้อมูล องค์ประกอบด้านข้อมูล Link",
]

# Thai marks that sit on the consonant before them (above/below vowels, tone marks, sara am,
# mai yamok): a line can never start with one, so no wrap goes before them.
_ATTACHED = set("\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | set("\u0e46\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# Leading vowels (เ แ โ ใ ไ) are written before their consonant: a line never ends with one.
_LEADING = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def break_points(text: str, *, min_chars: int = 1) -> list[int]:
    """Offsets where a PDF line could wrap inside ``text``: between two Thai characters,
    leaving at least ``min_chars`` non-space characters on each line.

    >>> break_points("กขค", min_chars=1)
    [1, 2]
    >>> break_points("ที่", min_chars=1)        # only marks after the first consonant
    []
    """
    return [
        i
        for i in range(1, len(text))
        if len("".join(text[:i].split())) >= min_chars
        and len("".join(text[i:].split())) >= min_chars
        and _is_thai_letter(text[i - 1])
        and _is_thai_letter(text[i])
        and text[i] not in _ATTACHED
        and text[i - 1] not in _LEADING
    ]


def wrap(text: str, at: int | None) -> list[str]:
    """``text`` as the lines it is printed on: one, or two when wrapped at offset ``at``."""
    return [text] if at is None else [text[:at], text[at:]]


def squash(text: str) -> str:
    """The comparison key of the property tests: no whitespace, Thai digits as Arabic."""
    return "".join(text.split()).translate(TO_ARABIC_DIGITS)


@dataclass(frozen=True)
class ExpectedItem:
    """What one written item holds, as the schema words it (requirements) or as written (labels)."""

    code: str
    topic: str
    title: str
    #: (requirement text, elements) from the schema.
    requirements: list[tuple[str, list[str]]]
    #: Evidence labels exactly as written (click marker included), wraps undone.
    labels: list[str]


@dataclass(frozen=True)
class ItemStyle:
    """How one item is written: every perturbation the strategy can draw, for one item."""

    thai_code: bool = False  # "o๑๒" instead of "o12"
    code_gap: str = " "  # what separates the code from the title
    bullet: str = "O "  # "O ", "O\u00a0", "O  "
    title_wrap: int | None = None
    #: With a wrapped title: the first requirement goes on the title's last line (else its own line).
    req_after_title: bool = True
    req_wraps: tuple[int | None, ...] = ()
    element_wraps: tuple[tuple[int | None, ...], ...] = ()
    #: (label text without marker, gap before the marker ("\n": marker on its own line), wrap offset)
    labels: tuple[tuple[str, str, int | None], ...] = ()
    thai_years: bool = False
    extra_spaces: bool = False  # doubled spaces inside texts
    dash: str = ""  # what evidence lines start with: "", "- " or "-"
    marker: str = CLICK
    #: The first requirement is written without its "O" bullet (as o5 is in the seed).
    bare_first: bool = False


@dataclass
class SyntheticForm:
    """A rendered form and what it was made from."""

    text: str
    items: list[ExpectedItem] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.items]


def _years(text: str, thai: bool) -> str:
    return text.translate(TO_THAI_DIGITS) if thai else text


def _spaces(text: str, extra: bool) -> str:
    return text.replace(" ", "  ") if extra else text


def render_item(item, style: ItemStyle) -> tuple[list[str], ExpectedItem]:
    """The lines of one item (a schema item) written in ``style``."""
    number = item.code[1:]
    code = "o" + (number.translate(TO_THAI_DIGITS) if style.thai_code else number)
    title_lines = wrap(item.title, style.title_wrap)
    title_lines = [_spaces(t, style.extra_spaces) for t in title_lines]
    lines: list[str] = []
    reqs = item.requirements
    for n, req in enumerate(reqs):
        at = style.req_wraps[n] if n < len(style.req_wraps) else None
        parts = [_spaces(_years(p, style.thai_years), style.extra_spaces) for p in wrap(req.text, at)]
        first = ("" if n == 0 and style.bare_first else style.bullet) + parts[0]
        if n == 0:
            if len(title_lines) == 1 or style.req_after_title:
                lines.extend([*title_lines[:-1], f"{title_lines[-1]} {first}"])
            else:
                lines.extend([*title_lines, first])
        else:
            lines.append(first)
        lines.extend(parts[1:])
        wraps = style.element_wraps[n] if n < len(style.element_wraps) else ()
        for k, element in enumerate(req.elements):
            eat = wraps[k] if k < len(wraps) else None
            eparts = wrap(element, eat)
            lines.append(style.bullet + eparts[0])
            lines.extend(eparts[1:])
    lines[0] = f"{code}{style.code_gap}{lines[0]}"
    labels = []
    for text, gap, at in style.labels:
        written = _years(text, style.thai_years)
        parts = wrap(written, at)
        if gap == "\n":  # the marker alone on the next line (the seed's o1)
            parts.append(style.marker)
            gap = " "
        else:
            parts[-1] = f"{parts[-1]}{gap}{style.marker}"
        parts[0] = style.dash + parts[0]
        lines.extend(parts)
        labels.append(f"{written}{gap}{style.marker}")  # the dash bullet is not part of the label
    expected = ExpectedItem(
        code=item.code,
        topic=item.topic,
        title=item.title,
        requirements=[(r.text, list(r.elements)) for r in reqs],
        labels=labels,
    )
    return lines, expected


def render_form(schema, plan: list[tuple[str, ItemStyle]], *, preamble: bool = True) -> SyntheticForm:
    """Render items ``plan`` = [(code, style), ...] of ``schema`` in that order (repeats allowed)."""
    lines: list[str] = list(PREAMBLE) if preamble else []
    topic = None
    expected: list[ExpectedItem] = []
    for code, style in plan:
        item = schema.item(code)
        if item.topic != topic:
            lines.append(item.topic)
            topic = item.topic
        item_lines, exp = render_item(item, style)
        lines.extend(item_lines)
        expected.append(exp)
    return SyntheticForm(text="\n".join(lines) + "\n", items=expected)


def label_choices(item) -> list[str]:
    """Evidence labels an agency would write for ``item`` (without the click marker)."""
    return [
        item.title,
        f"{item.title}ของ{AGENCY}",
        f"{item.title} ประจำปีงบประมาณ พ.ศ. 2565",
        f"ข้อมูล{item.title}",
    ]


def _maybe_wrap(draw, text: str, enabled: bool) -> int | None:
    points = break_points(text)
    if not enabled or not points or not draw(st.booleans()):
        return None
    return draw(st.sampled_from(points))


#: Perturbations the strategies draw; pass a subset as ``allow`` to rule some out.
PERTURBATIONS = frozenset(
    {
        "wrap_title", "wrap_requirement", "wrap_element", "wrap_label",  # a line break inside the text
        "thai_code", "thai_years", "nbsp", "extra_spaces", "marker_line", "dash", "repeats", "drops",
        "markers", "bare_first",
    }
)


@st.composite
def item_styles(draw, item, *, allow: frozenset[str] = PERTURBATIONS) -> ItemStyle:
    """A hypothesis strategy for the way one schema item is written."""

    def maybe(name: str) -> bool:
        return name in allow and draw(st.booleans())

    gaps = [" ", ""] + (["\n"] if "marker_line" in allow else [])
    labels = []
    n_labels = draw(st.integers(1, 3))
    for text in draw(st.lists(st.sampled_from(label_choices(item)), min_size=n_labels, max_size=n_labels, unique=True)):
        labels.append((text, draw(st.sampled_from(gaps)), _maybe_wrap(draw, text, "wrap_label" in allow)))
    nbsp = "nbsp" in allow
    return ItemStyle(
        thai_code=maybe("thai_code"),
        code_gap=draw(st.sampled_from([" ", "  "] + ([NBSP] if nbsp else []))),
        bullet=draw(st.sampled_from(["O ", "O  "] + (["O" + NBSP] if nbsp else []))),
        title_wrap=_maybe_wrap(draw, item.title, "wrap_title" in allow),
        req_after_title=draw(st.booleans()),
        req_wraps=tuple(_maybe_wrap(draw, r.text, "wrap_requirement" in allow) for r in item.requirements),
        element_wraps=tuple(
            tuple(_maybe_wrap(draw, e, "wrap_element" in allow) for e in r.elements) for r in item.requirements
        ),
        labels=tuple(labels),
        thai_years=maybe("thai_years"),
        extra_spaces=maybe("extra_spaces"),
        dash=draw(st.sampled_from(["- ", "-"])) if maybe("dash") else "",
        marker=draw(st.sampled_from(CLICK_VARIANTS)) if "markers" in allow else CLICK,
        bare_first=maybe("bare_first"),
    )


@st.composite
def forms(draw, schema, *, max_items: int = 12, allow: frozenset[str] = PERTURBATIONS) -> SyntheticForm:
    """A hypothesis strategy: a text form of some of ``schema``'s items (in order, some repeated)."""
    plan = draw(plans(schema, max_items=max_items, allow=allow))
    return render_form(schema, plan, preamble=draw(st.booleans()))


# ----------------------------------------------------------------------------- damage


def mutate(data: bytes, ops) -> bytes:
    """``data`` with each (kind, position, value) applied: 0 set a byte, 1 cut, 2 insert, 3 repeat."""
    b = bytearray(data)
    for kind, pos, val in ops:
        if not b:
            break
        at = pos % len(b)
        if kind == 0:
            b[at] = val
        elif kind == 1:
            del b[at : at + val % 64]
        elif kind == 2:
            b[at:at] = bytes([val]) * (val % 16 + 1)
        else:
            b[at:at] = b[max(0, at - 200) : at]
    return bytes(b)


# ----------------------------------------------------------------------------- HTML


def evidence_url(code: str, n: int) -> str:
    """The URL the HTML rendering links evidence ``n`` of item ``code`` to."""
    return f"https://www.example.go.th/oit2565/{code}/{n + 1}"


def render_form_html(schema, plan: list[tuple[str, ItemStyle]]) -> str:
    """The same plan as an agency web page: the form's 4-column table, one row per item.

    Each "O" bullet is its own paragraph in the requirements cell, each evidence label its
    own link in the Link cell; a wrap becomes a ``<br>`` inside the text it splits.
    Evidence ``n`` of an item links to :func:`evidence_url` ``(code, n)``.
    """
    from html import escape

    def wrapped(text: str, at: int | None) -> str:
        return "<br>".join(escape(p) for p in wrap(text, at))

    rows = ["<tr><th>ข้อ</th><th>ข้อมูล</th><th>องค์ประกอบด้านข้อมูล</th><th>Link</th></tr>"]
    topic = None
    for code, style in plan:
        item = schema.item(code)
        if item.topic != topic:
            rows.append(f'<tr><td colspan="4">{escape(item.topic)}</td></tr>')
            topic = item.topic
        number = code[1:]
        shown = "o" + (number.translate(TO_THAI_DIGITS) if style.thai_code else number)
        reqs = []
        for n, req in enumerate(item.requirements):
            at = style.req_wraps[n] if n < len(style.req_wraps) else None
            bullet = "" if n == 0 and style.bare_first else escape(style.bullet)
            text = _spaces(_years(req.text, style.thai_years), style.extra_spaces)
            reqs.append(f"<p>{bullet}{wrapped(text, at)}</p>")
            ewraps = style.element_wraps[n] if n < len(style.element_wraps) else ()
            for k, element in enumerate(req.elements):
                reqs.append(f"<p>{escape(style.bullet)}{wrapped(element, ewraps[k] if k < len(ewraps) else None)}</p>")
        links = []
        for n, (text, gap, at) in enumerate(style.labels):
            gap_html = "<br>" if gap == "\n" else gap
            label = wrapped(_years(text, style.thai_years), at) + gap_html + escape(style.marker)
            links.append(f'<p>{escape(style.dash)}<a href="{evidence_url(code, n)}">{label}</a></p>')
        title = wrapped(_spaces(item.title, style.extra_spaces), style.title_wrap)
        rows.append(
            f"<tr><td>{shown}</td><td>{title}</td><td>{''.join(reqs)}</td><td>{''.join(links)}</td></tr>"
        )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>OIT</title></head><body>'
        f"<h1>{escape(PREAMBLE[0])}</h1><table border=\"1\">{''.join(rows)}</table></body></html>"
    )


@st.composite
def plans(draw, schema, *, max_items: int = 12, allow: frozenset[str] = PERTURBATIONS) -> list[tuple[str, ItemStyle]]:
    """A hypothesis strategy for a plan: some of ``schema``'s items in order (dropped ones left
    out, some pasted twice: right after themselves or later), each with its drawn style."""
    codes = [i.code for i in schema.items]
    if "drops" in allow:
        chosen = draw(st.sets(st.sampled_from(codes), min_size=1, max_size=max_items))
    else:
        chosen = codes[: draw(st.integers(1, max_items))]
    chosen = sorted(chosen, key=lambda c: int(c[1:]))
    for _ in range(draw(st.integers(0, 2)) if "repeats" in allow else 0):
        code = draw(st.sampled_from(chosen))
        chosen.insert(draw(st.integers(chosen.index(code) + 1, len(chosen))), code)
    return [(code, draw(item_styles(schema.item(code), allow=allow))) for code in chosen]


# ----------------------------------------------------------------------------- DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def render_form_docx(schema, plan: list[tuple[str, ItemStyle]]) -> bytes:
    """The same plan as a Word file: the form's 4-column table, written as raw WordprocessingML.

    Bullets are paragraphs, evidence labels ``w:hyperlink`` runs (to :func:`evidence_url`),
    a wrap is a ``<w:br/>`` inside the run; topic rows are one cell spanning the 4 columns.
    """
    import io
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    rels: list[str] = []

    def runs(text: str, at: int | None) -> str:
        return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in wrap(text, at))

    def para(body: str) -> str:
        return f"<w:p>{body}</w:p>"

    def cell(paragraphs: list[str], span: int = 1) -> str:
        pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
        return f"<w:tc>{pr}{''.join(paragraphs) or para('')}</w:tc>"

    rows = ["<w:tr>" + "".join(cell([para(f"<w:r>{runs(h, None)}</w:r>")]) for h in PREAMBLE[2].split()) + "</w:tr>"]
    topic = None
    for code, style in plan:
        item = schema.item(code)
        if item.topic != topic:
            rows.append("<w:tr>" + cell([para(f"<w:r>{runs(item.topic, None)}</w:r>")], span=4) + "</w:tr>")
            topic = item.topic
        number = code[1:]
        shown = "o" + (number.translate(TO_THAI_DIGITS) if style.thai_code else number)
        reqs = []
        for n, req in enumerate(item.requirements):
            at = style.req_wraps[n] if n < len(style.req_wraps) else None
            bullet = "" if n == 0 and style.bare_first else style.bullet
            text = _spaces(_years(req.text, style.thai_years), style.extra_spaces)
            reqs.append(para(f'<w:r><w:t xml:space="preserve">{escape(bullet)}</w:t>{runs(text, at)}</w:r>'))
            ewraps = style.element_wraps[n] if n < len(style.element_wraps) else ()
            for k, element in enumerate(req.elements):
                eat = ewraps[k] if k < len(ewraps) else None
                bullet_run = f'<w:t xml:space="preserve">{escape(style.bullet)}</w:t>'
                reqs.append(para(f"<w:r>{bullet_run}{runs(element, eat)}</w:r>"))
        links = []
        for n, (text, gap, at) in enumerate(style.labels):
            rels.append(evidence_url(code, n))
            rid = f"rIdLink{len(rels)}"
            marker = ("<w:br/>" if gap == "\n" else f'<w:t xml:space="preserve">{escape(gap)}</w:t>') + (
                f'<w:t xml:space="preserve">{escape(style.marker)}</w:t>'
            )
            dash = f'<w:r><w:t xml:space="preserve">{escape(style.dash)}</w:t></w:r>' if style.dash else ""
            label = runs(_years(text, style.thai_years), at) + marker
            links.append(para(f'{dash}<w:hyperlink r:id="{rid}"><w:r>{label}</w:r></w:hyperlink>'))
        title = _spaces(item.title, style.extra_spaces)
        rows.append(
            "<w:tr>"
            + cell([para(f"<w:r>{runs(shown, None)}</w:r>")])
            + cell([para(f"<w:r>{runs(title, style.title_wrap)}</w:r>")])
            + cell(reqs)
            + cell(links)
            + "</w:tr>"
        )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in (900, 2600, 4200, 2600)) + "</w:tblGrid>"
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
        f'<w:p><w:r><w:t>{escape(PREAMBLE[0])}</w:t></w:r></w:p><w:tbl>{grid}{"".join(rows)}</w:tbl>'
        "<w:sectPr/></w:body></w:document>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rIdLink{n}" Type="{_HYPERLINK}" Target={quoteattr(url)} TargetMode="External"/>'
            for n, url in enumerate(rels, start=1)
        )
        + "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_ROOT_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
    return out.getvalue()
