"""The typed result of parsing: Checklist -> Item -> Requirement / Evidence.

All models are pydantic v2: ``model_dump(mode="json")`` gives JSON-ready data
and ``Checklist.model_json_schema()`` the JSON Schema of oitparse's output.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from pydantic import PrivateAttr

Format = Literal["pdf", "docx", "html", "text"]
Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Location(_Model):
    """Where something was found in the source document."""

    page: int | None = Field(None, description="1-based PDF page.")
    line: int | None = Field(None, description="1-based line of a text/HTML source.")
    table: int | None = Field(None, description="0-based table index (DOCX/PDF/HTML tables).")
    row: int | None = Field(None, description="0-based row within that table.")


class Requirement(_Model):
    """One required element of an item (a bullet marked ``O`` in the form)."""

    text: str = Field(description="The requirement as written, wrapped lines joined.")
    elements: list[str] = Field(
        default_factory=list,
        description="Sub-elements given as bullets after 'อย่างน้อยประกอบด้วย' (as in o5, o27).",
    )
    years: list[int] = Field(default_factory=list, description="Buddhist-era years named in the text.")


class Evidence(_Model):
    """One piece of evidence the agency links to for an item."""

    label: str = Field(description="The visible text, e.g. 'แผนดำเนินงานประจำปี พ.ศ. 2565 (คลิ๊ก)'.")
    url: str | None = Field(None, description="Link target; None where the source carries no link (text).")
    link_kind: Literal["external", "internal", "mailto"] | None = Field(
        None, description="external (http/https...), internal (a bookmark/GoTo), mailto."
    )
    years: list[int] = Field(default_factory=list, description="Buddhist-era years named in label or URL.")
    location: Location | None = None


class Item(_Model):
    """One OIT item (o1..o43): its title, requirements and evidence."""

    code: str = Field(description="Normalized item code as the form writes it: 'o1'..'o43', 'MOIT 1'.")
    number: int = Field(description="The item's number (1 for o1).")
    title: str = Field(description="The item title as written in the document.")
    category: str | None = Field(None, description="Topic heading the item stands under, e.g. 'ข้อมูลพื้นฐาน'.")
    requirements: list[Requirement] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    location: Location | None = Field(None, description="Where the item's row/line starts.")


class Source(_Model):
    """The document a Checklist was read from."""

    name: str | None = Field(None, description="File name, when parsed from a path.")
    format: Format
    pages: int | None = Field(None, description="Page count (PDF).")
    sha256: str | None = Field(None, description="SHA-256 of the input bytes.")


class FormMatch(_Model):
    """Which form a Checklist was read against, and why."""

    method: Literal["detected", "given", "none"] = Field(
        description="detected: the best-fitting bundled form; given: forced with schema=/--schema; "
        "none: no bundled form fits, the document was read without one."
    )
    score: float | None = Field(None, description="How well the chosen form fits the document, 0..1.")
    reason: str = Field("", description="A short reason, e.g. 'titles 0.97, codes 43/43, year 2566'.")
    best: str | None = Field(None, description="The bundled form that fits the document best.")
    scores: dict[str, float] = Field(default_factory=dict, description="Fit of every bundled form.")


class Checklist(_Model):
    """A parsed OIT checklist of one agency."""

    schema_name: str | None = Field(
        description="The form the document was read against, e.g. 'ita2565'; None when read without one."
    )
    schema_file: str | None = Field(None, description="The schema file the form came from (--schema FILE).")
    schema_data: dict | None = Field(
        None, description="The form itself, when given as an object that is neither bundled nor a file."
    )
    form: FormMatch | None = Field(None, description="How the form was chosen (detection score and reason).")
    agency: str | None = Field(None, description="Agency name found in the document, e.g. 'จังหวัดปทุมธานี'.")
    assessment_year: int | None = Field(None, description="Assessment (fiscal) year, Buddhist era.")
    year_source: Literal["document", "user", "schema"] | None = Field(
        None, description="Where assessment_year came from."
    )
    document_year: int | None = Field(None, description="The year the document itself names, if any.")
    source: Source
    items: list[Item] = Field(default_factory=list, description="Items in document order.")
    repairs: dict[str, int] = Field(
        default_factory=dict, description="Thai text repairs applied while reading, by kind, with counts."
    )

    #: The Schema object the checklist was parsed with (kept so validate() uses it, not a reload).
    _schema: object = PrivateAttr(default=None)

    def item(self, code: str) -> Item | None:
        """The first item with this code ('o5' or 'O5', 'MOIT 5'), or None."""
        key = "".join(code.split()).lower()
        return next((i for i in self.items if "".join(i.code.split()).lower() == key), None)


class Finding(_Model):
    """One result of a validation rule."""

    code: str = Field(description="Stable rule code, e.g. 'missing-item'.")
    severity: Severity
    item: str | None = Field(None, description="Item code the finding is about, if any.")
    message: str


class Report(_Model):
    """The findings of :func:`oitparse.validate` on one Checklist."""

    schema_name: str | None = Field(description="The form checked against; None when read without one.")
    assessment_year: int | None = None
    findings: list[Finding] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _computed_ok(cls, data):
        """``ok`` is computed from the findings: a report's own JSON reads back (its ``ok`` is ignored)."""
        if isinstance(data, dict) and "ok" in data:
            data = {k: v for k, v in data.items() if k != "ok"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity == "error" for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings by severity."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out


FileStatus = Literal["ok", "failed", "error"]


class Summary(_Model):
    """One file checked: its checklist and report, or why it could not be read.

    The one shape of ``oitparse validate --format json`` (a list of these) and of every
    ``<name>.json`` that ``oitparse batch`` writes.
    """

    file: str = Field(description="The input as given (a path).")
    status: FileStatus = Field(
        description="ok: no error-level finding; failed: some error-level finding; error: the file could not be read."
    )
    error: str | None = Field(None, description="Why the file could not be read (status 'error').")
    items_found: int | None = Field(None, description="How many of the form's items the document has.")
    items_expected: int | None = Field(None, description="How many items the form has.")
    missing: list[str] = Field(default_factory=list, description="Codes of the form's items the document lacks.")
    options: dict[str, object] = Field(
        default_factory=dict,
        description="The options that shaped this result (schema, year, lang, select, ignore, base_url ...).",
    )
    checklist: Checklist | None = None
    report: Report | None = None
