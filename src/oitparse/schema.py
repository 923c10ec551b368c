"""Canonical OIT schemas, loaded from data files in ``oitparse/schemas/``.

A schema names the items of one assessment year's form, their topic headings,
indicators, requirement texts and the year rule each item's evidence must meet.
A new assessment year is one more JSON file, not code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import SchemaError

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


class SchemaItem(_Model):
    """One canonical item."""

    code: str
    title: str
    topic: str
    requirements: list[SchemaRequirement]
    year_rule: YearRule = "none"
    #: Other titles agencies use for this item (older forms, abbreviations).
    aliases: list[str] = Field(default_factory=list)

    @property
    def number(self) -> int:
        return int(self.code[1:])


class SubIndicator(_Model):
    name: str
    topics: list[str]


class Indicator(_Model):
    name: str
    sub_indicators: list[SubIndicator]


class Schema(_Model):
    """A canonical form: indicators -> sub-indicators -> topics -> items."""

    name: str
    title: str
    assessment_year: int
    indicators: list[Indicator]
    items: list[SchemaItem]

    @model_validator(mode="after")
    def _consistent(self) -> "Schema":
        codes = [i.code for i in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate item codes")
        topics = [t for ind in self.indicators for s in ind.sub_indicators for t in s.topics]
        unknown = {i.topic for i in self.items} - set(topics)
        if unknown:
            raise ValueError(f"items under topics no sub-indicator lists: {sorted(unknown)}")
        return self

    @property
    def topics(self) -> list[str]:
        """Topic headings in form order."""
        return [t for ind in self.indicators for s in ind.sub_indicators for t in s.topics]

    def item(self, code: str) -> SchemaItem | None:
        return self._by_code().get(code.lower())

    def _by_code(self) -> dict[str, SchemaItem]:
        return {i.code: i for i in self.items}

    def sub_indicator_of(self, topic: str) -> str | None:
        for ind in self.indicators:
            for s in ind.sub_indicators:
                if topic in s.topics:
                    return s.name
        return None


def available_schemas() -> list[str]:
    """Names of the schemas shipped with oitparse."""
    files = resources.files("oitparse") / "schemas"
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".json"))


@lru_cache(maxsize=None)
def load_schema(name: str = "ita2565") -> Schema:
    """Load a canonical schema by name (e.g. ``"ita2565"``).

    Raises SchemaError for an unknown name or an invalid data file.
    """
    path = resources.files("oitparse") / "schemas" / f"{name}.json"
    if not name.isidentifier() or not path.is_file():
        raise SchemaError(f"unknown schema {name!r}; available: {', '.join(available_schemas())}")
    try:
        return Schema.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, json.JSONDecodeError) as exc:
        raise SchemaError(f"schema {name!r} is invalid: {exc}") from exc
