"""A form's document (the NACC's blank form of a year, or any filled copy) -> a schema.

``oitparse schema infer FORM --name NAME`` reads the document without a form and writes
down what it shows: items with their codes and titles, the headings above them
(indicator "ตัวชี้วัดที่ 9 ...", sub-indicator "9.1 ..." or "ตัวชี้วัดย่อยที่ 9.1 ...", topic),
requirement texts with their elements, and each item's year rule read from its
requirements (:func:`oitparse.schema.year_rule_of`: "เป็นรายงานผลของปี พ.ศ. 2564" in a
2565 form is the year before). Evidence in a filled copy is ignored.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .codes import DECIMAL_NUMBERING, SUB_CRITERION
from .errors import SchemaError
from .schema import Indicator, Schema, SchemaItem, SchemaRequirement, SubCriterion, SubIndicator, year_rule_of

_INDICATOR = re.compile(r"^\s*(?:ตัวชี้วัดที่\s*[0-9๐-๙]+(?![.0-9๐-๙])|[0-9๐-๙]{1,2}[.)]?\s+(?=[\u0e01-\u0e4e]))")
_SUB_INDICATOR = re.compile(rf"^\s*(?:ตัวชี้วัดย่อย|{DECIMAL_NUMBERING})")
_NUMBERING = re.compile(r"^\s*(?:ตัวชี้วัด(?:ย่อย)?(?:ที่)?\s*)?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]?\s*")
_FORM_TITLE = re.compile(r"แบบวัด|OIT|Open Data|ITA", re.IGNORECASE)

#: The indicator of headings no indicator heading stands above.
DEFAULT_INDICATOR = "การเปิดเผยข้อมูล"


def _name(text: str) -> str:
    name = _NUMBERING.sub("", text).strip()
    return " ".join((name or text).split())


def _kind(text: str) -> str:
    if _SUB_INDICATOR.match(text):
        return "sub"
    if _INDICATOR.match(text):
        return "indicator"
    return "topic"


def infer_schema(path: "str | os.PathLike[str]", *, name: str, year: int | None = None) -> Schema:
    """A Schema read from a form's document (DOCX, PDF, HTML or text).

    ``year`` is the form's assessment year (Buddhist era) when the document names none.
    Raises ParseError when the document cannot be read, SchemaError when it holds no item
    or names no year.
    """
    from .assemble import assemble_without_form
    from .models import Source
    from .readers import read_document

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
        raise SchemaError(f"the form's name must be letters, digits and _ (e.g. ita2570), not {name!r}")
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SchemaError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from None
    doc = read_document(data, name=p.name)
    source = Source(name=p.name, format=doc.format, pages=doc.pages, sha256=hashlib.sha256(data).hexdigest())
    done = assemble_without_form(doc, source=source)
    checklist = done.checklist
    if not checklist.items:
        raise SchemaError(f"no item (o1, O 1, OIT 1, MOIT 1 ...) found in {p.name}: not an OIT form")
    form_year = year or done.form_year or checklist.document_year
    if form_year is None:
        raise SchemaError(f"{p.name} names no assessment year: give it with --year")

    indicators: list[tuple[str, list[tuple[str, list[str]]]]] = []  # (indicator, [(sub, [topics])])
    items: list[SchemaItem] = []
    indicator = sub = topic = None
    seen: set[int] = set()
    for item, headings in zip(checklist.items, done.headings):
        for text in headings:
            kind = _kind(text)
            if kind == "indicator":
                indicator, sub, topic = _name(text), None, None
            elif kind == "sub":
                sub, topic = _name(text), None
            else:
                topic = _name(text)
        if item.number in seen:
            continue  # a repeated row of a filled copy
        seen.add(item.number)
        ind_name = indicator or DEFAULT_INDICATOR
        sub_name = sub or topic or ind_name
        topic_name = topic or sub_name
        if not indicators or indicators[-1][0] != ind_name:
            indicators.append((ind_name, []))
        subs = indicators[-1][1]
        if not subs or subs[-1][0] != sub_name:
            subs.append((sub_name, []))
        if topic_name not in subs[-1][1]:
            subs[-1][1].append(topic_name)
        # A family form's numbered criteria ("1.1 มีบันทึกข้อความ..." under "MOIT 1") are its sub-criteria.
        numbered = [(SUB_CRITERION.match(r.text) if done.code_prefix else None, r) for r in item.requirements]
        sub_criteria = [SubCriterion(code=m.group("code"), text=r.text[m.end():].strip()) for m, r in numbered if m]
        requirements = [SchemaRequirement(text=r.text, elements=list(r.elements)) for m, r in numbered if not m]
        texts = [r.text for r in requirements] + [e for r in requirements for e in r.elements]
        items.append(
            SchemaItem(
                code=item.code,
                title=item.title.strip() or item.code,
                topic=topic_name,
                requirements=requirements,
                sub_criteria=sub_criteria,
                year_rule=year_rule_of(texts + [c.text for c in sub_criteria], form_year),
            )
        )
    title = next((" ".join(t.split()) for t in done.preamble if _FORM_TITLE.search(t)), "") or (
        f"แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {form_year}"
    )
    return Schema(
        name=name,
        title=title[:300],
        assessment_year=form_year,
        years=[form_year],
        family="inferred",
        source=(
            f"Inferred by `oitparse schema infer` from {p.name} ({doc.format.upper()}, sha256 "
            f"{source.sha256[:12]}): {len(items)} items; headings, titles and requirement texts as the "
            "document writes them; year rules read from the requirement wording."
        ),
        code_prefix=done.code_prefix or "o",
        indicators=[
            Indicator(name=ind, sub_indicators=[SubIndicator(name=s, topics=t) for s, t in subs])
            for ind, subs in indicators
        ],
        items=items,
    )


__all__ = ["infer_schema"]
