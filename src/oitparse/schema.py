"""Canonical OIT schemas, loaded from data files in ``oitparse/schemas/``.

A schema names the items of one assessment year's form, their topic headings,
indicators, requirement texts and the year rule each item's evidence must meet.
A new assessment year is one more JSON file, not code.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import SchemaError

#: The JSON Schema version of schema files this oitparse writes and reads.
FORMAT_VERSION = 1

#: How the years of an item's evidence relate to the assessment year Y.
YearRule = Literal[
    "none",  # no year asked for (structure, contacts, laws ...)
    "current",  # data/actions of year Y (news, procurement plans, actions in Y)
    "previous",  # a report of the past year Y-1
    "first_half",  # progress covering the first six months of fiscal year Y
    "plan_covers",  # a multi-year plan whose span covers Y
    "in_force",  # a policy/rule still in force in Y (may be older)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SchemaRequirement(_Model):
    """A requirement as the canonical form words it."""

    text: str
    elements: list[str] = Field(default_factory=list)


class SubCriterion(_Model):
    """A numbered criterion under an item (MOIT's "1.1 มีบันทึกข้อความ ...")."""

    code: str = Field(description='The criterion as the form numbers it, e.g. "1.1".')
    text: str


_TRAILING_NUMBER = re.compile(r"([0-9]+)\s*$")


def code_key(code: str) -> str:
    """A code compared without case, spaces or dots: "MOIT 1", "moit1" and "MOIT.1" are one.

    >>> code_key("MOIT 1"), code_key("O1")
    ('moit1', 'o1')
    """
    return re.sub(r"[\s.\-\u00a0]+", "", code).lower()


class SchemaItem(_Model):
    """One canonical item."""

    code: str = Field(description='The code as the form writes it, normalized: "o1", "MOIT 1".')
    title: str
    topic: str
    requirements: list[SchemaRequirement] = Field(default_factory=list)
    year_rule: YearRule = "none"
    #: Other titles agencies use for this item (older forms, abbreviations, and the accepted
    #: alternatives where sources disagree on the form's wording).
    aliases: list[str] = Field(default_factory=list)
    #: Numbered criteria under the item (MOIT); none in the ITA forms.
    sub_criteria: list[SubCriterion] = Field(default_factory=list)
    #: How sure the title is: "solid" (sources agree), "disputed" (aliases hold the other wordings).
    confidence: Literal["solid", "partial", "disputed"] = "solid"

    @model_validator(mode="after")
    def _numbered(self) -> "SchemaItem":
        if not _TRAILING_NUMBER.search(self.code):
            raise ValueError(f"item code {self.code!r} does not end in its number")
        return self

    @property
    def number(self) -> int:
        """The item's number: the digits its code ends in (12 for "o12" and "MOIT 12")."""
        return int(_TRAILING_NUMBER.search(self.code).group(1))  # type: ignore[union-attr]


class SubIndicator(_Model):
    name: str
    topics: list[str]


class Indicator(_Model):
    name: str
    sub_indicators: list[SubIndicator]


class Schema(_Model):
    """A canonical form: indicators -> sub-indicators -> topics -> items."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description='The form\'s name, e.g. "ita2565".')
    title: str
    assessment_year: int = Field(ge=2400, le=2700, description="The Buddhist-era year the form is for.")
    #: Every assessment year the form is used in (detection prefers it for documents naming one).
    years: list[int] = Field(default_factory=list)
    #: The agencies the form is for ("general", "ovec colleges", "MOPH units").
    family: str = "general"
    #: Where the item list comes from (sources, what is solid, what was inferred).
    source: str = ""
    #: The letters of the codes ("o" for the ITA's o1/OIT 1; "MOIT" for MOIT 1).
    code_prefix: str = "o"
    indicators: list[Indicator]
    items: list[SchemaItem]

    @model_validator(mode="after")
    def _consistent(self) -> "Schema":
        codes = [code_key(i.code) for i in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate item codes")
        numbers = [i.number for i in self.items]
        if len(set(numbers)) != len(numbers):
            raise ValueError("two items share a number")
        topics = [t for ind in self.indicators for s in ind.sub_indicators for t in s.topics]
        unknown = {i.topic for i in self.items} - set(topics)
        if unknown:
            raise ValueError(f"items under topics no sub-indicator lists: {sorted(unknown)}")
        return self

    @property
    def all_years(self) -> list[int]:
        """The assessment years the form is used in (at least its own)."""
        return sorted({self.assessment_year, *self.years})

    def code_for(self, number: int) -> str:
        """The form's code of item ``number`` ("o5", "MOIT 5"); written the form's way for a
        number it does not have."""
        for item in self.items:
            if item.number == number:
                return item.code
        model = self.items[0].code if self.items else self.code_prefix + "1"
        return _TRAILING_NUMBER.sub(str(number), model)

    @property
    def topics(self) -> list[str]:
        """Topic headings in form order."""
        return [t for ind in self.indicators for s in ind.sub_indicators for t in s.topics]

    def item(self, code: str) -> SchemaItem | None:
        """The item of this code ("o5", "O5", "MOIT 5", "moit5"), or None."""
        key = code_key(code)
        return next((i for i in self.items if code_key(i.code) == key), None)

    def item_by_number(self, number: int) -> SchemaItem | None:
        return next((i for i in self.items if i.number == number), None)

    def sub_indicator_of(self, topic: str) -> str | None:
        for ind in self.indicators:
            for s in ind.sub_indicators:
                if topic in s.topics:
                    return s.name
        return None


#: The form a Checklist with no record of its form is read against (Checklists built by hand).
DEFAULT_SCHEMA = "ita2565"


def available_schemas() -> list[str]:
    """Names of the schemas shipped with oitparse."""
    files = resources.files("oitparse") / "schemas"
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".json"))


@lru_cache(maxsize=None)
def load_schema(name: str = DEFAULT_SCHEMA) -> Schema:
    """Load a canonical schema by name (e.g. ``"ita2565"``; the path of a schema file is read too).

    Raises SchemaError for an unknown name or an invalid data file.
    """
    if isinstance(name, str) and looks_like_path(name) and name and Path(name).is_file():
        return load_schema_file(name)  # a schema file's path where a name was expected (--schema FILE)
    path = resources.files("oitparse") / "schemas" / f"{name}.json"
    if not name.isidentifier() or not path.is_file():
        raise SchemaError(f"unknown schema {name!r}; available: {', '.join(available_schemas())}")
    try:
        return Schema.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, json.JSONDecodeError) as exc:
        raise SchemaError(f"schema {name!r} is invalid: {exc}") from exc


def load_schema_file(path: "str | os.PathLike[str]") -> Schema:
    """Load a schema data file (the output of ``oitparse schema infer``, or one written by hand).

    Raises SchemaError when the file cannot be read or is not a valid schema.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError(f"cannot read schema file {str(p)!r}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SchemaError(f"schema file {str(p)!r} is not JSON: {exc}") from None
    try:
        return Schema.model_validate(data)
    except ValidationError as exc:
        raise SchemaError(f"schema file {str(p)!r} is invalid: {exc}") from None


SchemaLike = Union[str, "os.PathLike[str]", Schema]


def looks_like_path(value: str) -> bool:
    """Whether a --schema value names a file rather than a bundled form."""
    return value.endswith(".json") or os.sep in value or "/" in value or not value.isidentifier()


def resolve_schema(schema: SchemaLike) -> tuple[Schema, str | None]:
    """A Schema and the file it came from (None when bundled or given as an object), for a
    bundled name ("ita2566"), a path to a schema file, or a Schema.

    Raises SchemaError for an unknown name, a missing or invalid file.
    """
    if isinstance(schema, Schema):
        return schema, None
    if isinstance(schema, os.PathLike) or (isinstance(schema, str) and looks_like_path(schema)):
        path = os.fspath(schema)
        if not Path(path).is_file() and isinstance(schema, str) and schema.isidentifier():
            return load_schema(schema), None
        return load_schema_file(path), str(Path(path).resolve())
    if isinstance(schema, str):
        return load_schema(schema), None
    raise TypeError(f"schema must be a form name, a path or a Schema, not {type(schema).__name__}")


def bundled_schemas() -> list[Schema]:
    """Every bundled form, loaded."""
    return [load_schema(name) for name in available_schemas()]


def schema_file_json_schema() -> dict:
    """The JSON Schema of schema data files (published as docs/schema-file.schema.json)."""
    js = Schema.model_json_schema()
    js["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    js["$id"] = "https://oitparse.invalid/schema-file.schema.json"
    js["description"] = (
        "A form of the OIT checklist as oitparse reads it: indicators -> sub-indicators -> topics -> items. "
        f"Format version {FORMAT_VERSION}."
    )
    return js


# ----------------------------------------------------------------- year rules from wording

_FIRST_HALF = re.compile(r"6\s*เดือนแรก|หกเดือนแรก")
_IN_FORCE = re.compile(r"ยังใช้บังคับ|ยังคงใช้บังคับ|ที่ยังมีผลบังคับ")
_COVERS = re.compile(r"ครอบคลุม")
_REPORT_OF = re.compile(r"รายงานผล")


def year_rule_of(texts: list[str], year: int) -> YearRule:
    """The year rule a form's requirement wording asks for, for assessment year ``year``
    (Buddhist era): the readings the ITA 2565 form's rules follow.

    >>> year_rule_of(["เป็นรายงานผลของปี พ.ศ. 2564"], 2565), year_rule_of(["เป็นข้อมูลข่าวสารที่เกิดขึ้นในปี พ.ศ. 2565"], 2565)
    ('previous', 'current')
    >>> year_rule_of(["เป็นแผนที่มีระยะเวลาบังคับใช้ครอบคลุมปี พ.ศ. 2565"], 2565), year_rule_of(["ครอบคลุมในระยะเวลา 6 เดือนแรกของปี พ.ศ. 2565"], 2565)
    ('plan_covers', 'first_half')
    >>> year_rule_of(["หลักเกณฑ์ที่ยังใช้บังคับในหน่วยงานในปี พ.ศ. 2565"], 2565), year_rule_of(["แสดงโครงสร้าง"], 2565)
    ('in_force', 'none')
    """
    from .thai import normalize, years_in

    text = normalize(" ".join(texts))
    named = set(years_in(text))
    if _FIRST_HALF.search(text) and (year in named or not named):
        return "first_half"
    if year in named:
        if _IN_FORCE.search(text):
            return "in_force"
        if _COVERS.search(text):
            return "plan_covers"
        return "current"
    if year - 1 in named:
        return "previous"
    return "none"
