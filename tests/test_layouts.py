"""Differential tests on generated layouts: DOCX, its PDF and its HTML parse to the truth.

The corpus ``tests/fixtures/layouts/`` is written by ``scripts/make_layouts.py --corpus``:
random realistic layouts (``tests/layouts.py``: column sets and widths, fonts, code
styles, labelled or typed links, repeated header rows, topic and sub-indicator rows,
one table per section ...), each as DOCX, LibreOffice PDF and LibreOffice XHTML, with
the truth written from the layout description. Every rendition must parse to that
truth field by field (``tests.test_accuracy.compare``; PDFs forgive a space between
two Thai characters, lost at wraps), in the same item order. The hypothesis test
draws fresh layouts and checks the DOCX path without LibreOffice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .conftest import FIXTURES
from .layouts import build_docx, draw_layout, layout_truth, layouts
from .test_accuracy import problems as accuracy_problems

LAYOUTS_DIR = FIXTURES / "layouts"
MIN_LAYOUTS = 60


def _names() -> list[str]:
    return sorted(p.name.removesuffix(".truth.json") for p in LAYOUTS_DIR.glob("*.truth.json"))


NAMES = _names()
CASES = [(name, ext) for name in NAMES for ext in ("docx", "pdf", "html")]


def _truth(name: str) -> dict:
    return json.loads((LAYOUTS_DIR / f"{name}.truth.json").read_text(encoding="utf-8"))


def problems(checklist, truth: dict, *, pdf: bool) -> list[str]:
    """Everything the parse gets wrong against the truth (PDFs forgive a space between two Thai characters)."""
    return accuracy_problems(checklist, truth, thai_wrap_spaces=pdf)


def test_corpus_has_enough_layouts_in_all_three_renditions():
    # Guards the parametrization below: a missing file must not silently shrink it.
    assert len(NAMES) >= MIN_LAYOUTS, f"{len(NAMES)} layouts in {LAYOUTS_DIR}"
    for ext in ("docx", "pdf", "html"):
        have = {p.stem for p in LAYOUTS_DIR.glob(f"*.{ext}")}
        assert have == set(NAMES), f"{ext}: missing {sorted(set(NAMES) - have)}, extra {sorted(have - set(NAMES))}"


def test_corpus_truth_is_the_generators():
    # The committed truths are what tests/layouts.py draws for their seeds: the generator
    # and the corpus have not drifted apart (regenerate with scripts/make_layouts.py --corpus).
    for name in NAMES:
        truth = _truth(name)
        assert layout_truth(draw_layout(truth["seed"], name)) == truth, name


@pytest.mark.parametrize("name,ext", CASES, ids=[f"{e}-{n}" for n, e in CASES])
def test_layout_parses_to_truth(name: str, ext: str):
    import oitparse

    truth = _truth(name)
    checklist = oitparse.parse(LAYOUTS_DIR / f"{name}.{ext}")
    found = problems(checklist, truth, pdf=ext == "pdf")
    feats = ", ".join(f"{k}={v}" for k, v in truth["features"].items())
    assert not found, f"layouts/{name}.{ext} ({feats}):\n" + "\n".join(found)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_generated_docx_parses_to_truth(layout):
    import oitparse

    truth = layout_truth(layout)
    checklist = oitparse.parse(build_docx(layout))
    found = problems(checklist, truth, pdf=False)
    assert not found, f"layout seed {layout.seed} ({layout.features()}):\n" + "\n".join(found)


def test_generator_is_deterministic():
    a, b = draw_layout(12345), draw_layout(12345)
    assert a == b and build_docx(a) == build_docx(b)
    assert layout_truth(a) == layout_truth(b)
