"""Which form a document is: the bundled form that fits it best.

A document is read once without a form (:func:`oitparse.assemble.assemble_document` with
``schema=None``); each bundled form is then scored on what that reading gives:

* **titles** — each item's title against the title (or an accepted alternative) of the
  form's item of the same number; a title read without a form may run on into its
  requirement, so a title that starts with the form's wording fits;
* **codes and count** — an item number the form does not have fits nothing (o30 against
  a 23-item form); among forms that fit the titles equally, the one whose items the
  document covers most (a 37-item form's document has most of its 37);
* **the year the document's heading names** ("ประจำปีงบประมาณ พ.ศ. 2564") — it decides
  between forms that fit the titles equally (ITA 2564 and 2565 differ in six titles only);
  a document naming no year that holds only titles both share is read as ITA 2565.

The fit is the mean title fit over the document's items (unknown numbers count 0); forms
within :data:`TIE_MARGIN` of the best are tied, and a tie goes to the form whose years
hold the document's year, then to :data:`~oitparse.schema.DEFAULT_SCHEMA`, then to the
form the document covers most. Below :data:`MIN_FIT` no bundled form fits: the
document is read without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from . import thai
from .models import Checklist, FormMatch
from .schema import DEFAULT_SCHEMA, Schema, bundled_schemas

#: Below this fit no bundled form is the document's (measured in tests/test_forms.py: documents
#: of a bundled form fit it >= 0.85, an invented form's documents fit the nearest bundled one < 0.5).
MIN_FIT = 0.6
#: Forms whose fits differ by less than this are tied: they fit the document's titles equally
#: (a document holding only titles ITA 2564 and 2565 share); any title that tells them apart
#: weighs more, however little.
TIE_MARGIN = 1e-9
#: A forced form fitting this much worse than the best bundled one gets ``form-mismatch``.
MISMATCH_MARGIN = 0.02


@dataclass
class Fit:
    """How one form fits a document."""

    schema: Schema
    score: float
    titles: float
    coverage: float  #: the share of the form's items the document has
    known: int  #: document items (distinct numbers) the form has
    total: int  #: distinct item numbers in the document
    year_match: bool
    reasons: list[str] = field(default_factory=list)

    def reason(self, year: int | None) -> str:
        parts = [f"titles {self.titles:.2f}", f"codes {self.known}/{self.total} of {len(self.schema.items)}"]
        if year is not None:
            parts.append(f"year {year}" + ("" if self.year_match else f" (form {self.schema.assessment_year})"))
        return ", ".join(parts)


def title_fit(found: str, titles: "list[str] | tuple[str, ...]") -> float:
    """How well a title read from a document fits one of the form's wordings, 0..1.

    >>> title_fit("โครงสร้าง", ["โครงสร้าง"]), round(title_fit("โครงสร้าง แสดงแผนผัง", ["โครงสร้าง"]), 2)
    (1.0, 0.95)
    """
    return _title_fit(thai.compact(found)[:_MAX_KEY], tuple(thai.compact(t) for t in titles))


#: A title read without a form may hold its whole item's text: only its head is compared.
_MAX_KEY = 160


@lru_cache(maxsize=4096)
def _title_fit(key: str, targets: tuple[str, ...]) -> float:
    if not key:
        return 0.0
    best = 0.0
    for target in targets:
        if not target:
            continue
        if key == target:
            return 1.0
        if key.startswith(target):
            # a title read without a form can run on into its requirement; the longest form
            # title it starts with fits best (2565's "...การทุจริตและประพฤติมิชอบ" over 2564's
            # "...การทุจริต")
            best = max(best, 0.9 + 0.1 * len(target) / len(key))
            continue
        # a title read without a form can run on into its requirement: compare its head
        found = key[: len(target) + 4]
        # character similarity (a lost mark splits a token), then token similarity (typos,
        # spacing) where the characters leave doubt
        score = SequenceMatcher(None, found, target, autojunk=False).ratio()
        if 0.3 < score < 0.95:
            score = max(score, thai.similarity(found, target))
        best = max(best, score)
    return best


def fit(checklist: Checklist, schema: Schema, year: int | None) -> Fit:
    """How well ``schema`` fits a checklist read without a form."""
    seen: dict[int, tuple[str, str]] = {}
    for item in checklist.items:
        # Read without a form, a title wrapped in text mode may end early ("อำ" / "นาจหน้าที่")
        # and its rest go to the requirements: the item's text from its title on counts too.
        rest = " ".join([item.title, *(r.text for r in item.requirements[:2])])
        if not item.requirements and item.evidence:
            rest = " ".join([item.title, item.evidence[0].label])
        seen.setdefault(item.number, (item.title, rest))
    per: list[float] = []
    known = 0
    for number, (title, text) in seen.items():
        spec = schema.item_by_number(number)
        if spec is None:
            per.append(0.0)
            continue
        known += 1
        wordings = [spec.title, *spec.aliases]
        score = title_fit(title, wordings) if title.strip() else 0.5
        if score < 1.0 and text != title:
            score = max(score, title_fit(text, wordings))
        per.append(score)
    titles = sum(per) / len(per) if per else 0.0
    coverage = known / len(schema.items) if schema.items else 0.0
    return Fit(
        schema=schema,
        score=titles,
        titles=titles,
        coverage=coverage,
        known=known,
        total=len(seen),
        year_match=year is not None and year in schema.all_years,
    )


def rank(fits: list[Fit]) -> list[Fit]:
    """Fits best first: score, ties broken by the year, then by the default form."""
    if not fits:
        return []
    top = max(f.score for f in fits)

    def key(f: Fit) -> tuple:
        tied = f.score >= top - TIE_MARGIN
        return (tied, tied and f.year_match, tied and f.schema.name == DEFAULT_SCHEMA, tied and f.coverage, f.score)

    return sorted(fits, key=key, reverse=True)


@dataclass
class Detection:
    """The form chosen for a document, or None when no bundled form fits."""

    schema: Schema | None
    match: FormMatch
    fits: list[Fit]


def detect(checklist: Checklist, year: int | None, forms: list[Schema] | None = None) -> Detection:
    """The bundled form (of ``forms``, default all) that fits a checklist read without a form."""
    fits = rank([fit(checklist, s, year) for s in (forms if forms is not None else bundled_schemas())])
    scores = {f.schema.name: round(f.score, 4) for f in sorted(fits, key=lambda f: -f.score)}
    best = fits[0] if fits else None
    if best is None or best.score < MIN_FIT:
        reason = "no bundled form fits" + (f" (best {best.schema.name}: {best.reason(year)})" if best else "")
        return Detection(None, FormMatch(method="none", score=round(best.score, 4) if best else None, reason=reason,
                                         best=best.schema.name if best else None, scores=scores), fits)
    return Detection(
        best.schema,
        FormMatch(method="detected", score=round(best.score, 4), reason=best.reason(year), best=best.schema.name,
                  scores=scores),
        fits,
    )


def given(checklist: Checklist, schema: Schema, year: int | None, forms: list[Schema] | None = None) -> FormMatch:
    """The record of a forced form: its fit, and the bundled form that fits best when that is
    another one (the ``form-mismatch`` rule reads ``best``)."""
    own = fit(checklist, schema, year)
    bundled = [s for s in (forms if forms is not None else bundled_schemas()) if s.name != schema.name or s != schema]
    fits = rank([own, *[fit(checklist, s, year) for s in bundled]])
    scores = {f.schema.name: round(f.score, 4) for f in sorted(fits, key=lambda f: -f.score)}
    best = fits[0]
    other = best is not own and best.score >= MIN_FIT and (
        best.score > own.score + MISMATCH_MARGIN or (best.year_match and not own.year_match and best.score >= own.score - TIE_MARGIN)
    )
    reason = own.reason(year)
    if other:
        reason = f"{schema.name}: {reason}; {best.schema.name}: {best.reason(year)}"
    return FormMatch(method="given", score=round(own.score, 4), reason=reason,
                     best=best.schema.name if other else schema.name, scores=scores)


__all__ = ["detect", "given", "fit", "title_fit", "Detection", "Fit", "MIN_FIT", "TIE_MARGIN", "MISMATCH_MARGIN"]
