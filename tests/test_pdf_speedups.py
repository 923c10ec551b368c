"""The PDF reader's compiled loops (``readers/pdf/_speedups.c``) against their Python specification.

``pdfium.glyphs`` and ``pdfium.strokes_of`` run the compiled loops when the helper was built and
the Python loops (``_glyphs_python``, ``_strokes_python``) otherwise. Both must give the same
glyphs (text, box, baseline, size, space flag), the same unmapped-glyph count and the same
strokes in the same order, float for float: on every page of every committed PDF (LibreOffice
and Word exports in four Thai fonts, PUA glyphs, Thai digits, the 64 generated layouts, the
regression documents) and on hand-made pages that reach the branches those do not (form
XObjects inside form XObjects, curves, clipping and white paths, mirrored and scaled text).
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from oitparse.readers.pdf import _compiled, pdfium

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "broken" not in p.parts)

needs_helper = pytest.mark.skipif(_compiled.helper is None, reason="the compiled helper was not built (no C compiler at install)")


def _both(data: bytes) -> list[tuple]:
    """Per page: (Python glyphs, repairs, strokes, budget) and the compiled ones."""
    import pypdfium2.raw as raw

    out = []
    with pdfium.LOCK:
        doc = pdfium.open_document(data, None)
        try:
            for index in range(len(doc)):
                page = doc[index]
                textpage = page.get_textpage()
                try:
                    n = raw.FPDFText_CountChars(textpage)
                    text = pdfium._page_text(raw, textpage, n) if n > 0 else ""
                    slow_repairs: Counter[str] = Counter()
                    slow = pdfium._glyphs_python(raw, textpage, text, text.translate(pdfium._KINDS), slow_repairs)
                    fast_repairs: Counter[str] = Counter()
                    fast = pdfium.glyphs(raw, textpage, fast_repairs)
                finally:
                    textpage.close()
                count = raw.FPDFPage_CountObjects(page)
                slow_strokes = pdfium._strokes_python(raw, page, count)
                fast_strokes = pdfium.strokes_of(raw, page)
                page.close()
                out.append(((slow, slow_repairs, slow_strokes), (fast, fast_repairs, fast_strokes)))
        finally:
            doc.close()
    return out


def _assert_same(data: bytes) -> int:
    """Assert the two loops agree on every page; the number of glyphs compared."""
    compared = 0
    for page_no, (slow, fast) in enumerate(_both(data), start=1):
        assert fast[0] == slow[0], f"glyphs differ on page {page_no}"
        assert fast[1] == slow[1], f"repairs differ on page {page_no}"
        assert fast[2] == slow[2], f"strokes differ on page {page_no}"
        compared += len(slow[0])
    return compared


def test_the_helper_is_built_where_a_c_compiler_is() -> None:
    import shutil
    import sysconfig

    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if not shutil.which(compiler) or not Path(sysconfig.get_paths()["include"], "Python.h").exists():
        pytest.skip("no C compiler or Python headers here: the Python loops run")
    # the tests import oitparse from src/ (conftest.py): an install in place (pip install -e)
    # builds the helper there, a plain one builds it into site-packages only
    assert _compiled.helper is not None, "no compiled helper in src/: install with pip install -e . to build it"


@needs_helper
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_compiled_loops_match_python_on_every_committed_pdf(pdf: Path) -> None:
    assert _assert_same(pdf.read_bytes()) > 0


def _page(content: bytes, *, forms: dict[str, tuple[bytes, list[float]]] | None = None) -> bytes:
    """One page in Helvetica; forms: name -> (content, matrix) as Form XObjects, which may draw
    each other (a form's resources are the page's)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary())
    for name, (body, matrix) in (forms or {}).items():
        xobject = pikepdf.Stream(pdf, body)
        xobject.Type, xobject.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        xobject.BBox, xobject.Matrix, xobject.Resources = [0, 0, 612, 792], matrix, resources
        resources.XObject[name] = pdf.make_indirect(xobject)
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Resources=resources,
                                           Contents=pdf.make_stream(content)))
    pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@needs_helper
def test_compiled_loops_match_python_on_forms_curves_and_odd_text() -> None:
    rule = b"0.5 w 60 100 m 300 100 l S 60 100 m 60 300 l S "
    forms = {
        # a rule in a scaled, moved form, which draws a rotated form in turn
        "/Outer": (rule + b"/Inner Do", [1.5, 0, 0, 0.75, 20, 30]),
        "/Inner": (b"q 0 1 -1 0 400 0 cm " + rule + b"Q", [1, 0, 0, 1, 0, 0]),
    }
    content = (
        b"/Outer Do\n"
        b"q 2 0 0 2 10 10 cm /Outer Do Q\n"
        b"100 500 m 150 550 200 550 250 500 c S\n"  # a curve: no stroke of it is a rule
        b"100 400 m 300 400 l 300 450 l 100 450 l h S\n"  # closed: the closing side too
        b"1 1 1 RG 50 380 m 300 380 l S 0 0 0 RG\n"  # white
        b"1 1 0.4 RG 50 370 m 300 370 l S 0 0 0 RG\n"  # light yellow: drawn, unlike white
        b"q 50 360 m 300 360 l W n Q\n"  # clip only
        b"50 340 200 0.5 re f\n"  # a thin filled rectangle
        b"BT /F1 10 Tf 100 700 Td (Plain text) Tj ET\n"
        b"BT /F1 10 Tf -1 0 0 1 400 680 Tm (Mirrored) Tj ET\n"
        b"BT /F1 10 Tf 1 0 0 -1 100 560 Tm (Upside down) Tj ET\n"
        b"BT /F1 1 Tf 12 0 0 12 100 660 Tm (Scaled by the matrix) Tj ET\n"
        b"BT /F1 10 Tf 100 640 Td (Word) Tj 40 0 Td (gaps) Tj 0 -12 Td (next line) Tj ET\n"
    )
    data = _page(content, forms=forms)
    assert _assert_same(data) > 30
    (((_, _, (strokes, _)), _),) = _both(data)
    assert ((100.0, 450.0), (100.0, 400.0)) in strokes  # the closing side


@needs_helper
def test_compiled_walk_spends_the_same_segment_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # a budget run out part way: both walks stop at the same object, and rules() gives up
    content = b"".join(b"%d 100 m %d 300 l S\n" % (x, x) for x in range(50, 550, 10))
    data = _page(content)
    for budget in (1, 2, 7, 60, 101):
        monkeypatch.setattr(pdfium, "MAX_SEGMENTS", budget)
        (((_, _, slow), (_, _, fast)),) = _both(data)
        assert fast == slow
        assert (fast[1] <= 0) == (budget <= 100)


def test_the_python_loops_run_where_the_helper_is_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    from oitparse.readers.pdf import read_pdf

    data = (FIXTURES / "pdf" / "twocol.pdf").read_bytes()
    built = read_pdf(data)
    monkeypatch.setattr(_compiled, "helper", None)
    pure = read_pdf(data)
    assert pure == built
    assert len(pure.lines) > 20


def _python_loops() -> dict:
    """Each compiled function of the layout and text stages: (its Python loop, taking the same
    arguments; what to compare of a result)."""
    from oitparse.readers.pdf import layout, text

    same = lambda result: result  # noqa: E731
    return {
        "line_groups": (layout._line_groups_python, lambda lines: [[id(g) for g in line] for line in lines]),
        "phantom_spaces": (text._phantom_python, same),
        "link_ids": (text._link_ids_python, same),
        "line_runs": (lambda glyphs, ids, bullet_gap: text._runs_python(glyphs, ids), same),
    }


class _Checking:
    """The compiled helper, each call of the layout and text loops checked against the Python loop."""

    def __init__(self, helper) -> None:
        self.helper, self.loops, self.calls = helper, _python_loops(), Counter()

    def __getattr__(self, name: str):
        fast = getattr(self.helper, name)
        if name not in self.loops:
            return fast
        slow, key = self.loops[name]

        def checked(*args):
            result = fast(*args)
            assert key(result) == key(slow(*args)), name
            self.calls[name] += 1
            return result

        return checked

    def assign_cells(self, glyphs, grids, outside):
        from oitparse.readers.pdf import layout

        homes = [outside] + [cell.glyphs for grid in grids for cell in grid.cells]
        before = [list(home) for home in homes]
        self.helper.assign_cells(glyphs, grids, outside)
        fast = [[id(g) for g in home] for home in homes]
        for home, was in zip(homes, before):
            home[:] = was
        layout._assign_python(glyphs, grids, outside)
        assert fast == [[id(g) for g in home] for home in homes]
        self.calls["assign_cells"] += 1


@needs_helper
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_compiled_cells_lines_and_link_ids_match_python_on_every_page(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from oitparse.readers.pdf import read_pdf

    checking = _Checking(_compiled.helper)
    monkeypatch.setattr(_compiled, "helper", checking)
    read_pdf(pdf.read_bytes())
    assert set(checking.calls) == {"assign_cells", *_python_loops()}  # every loop checked at least once


def _g(text: str, x0: float, base: float = 100.0, em: float = 10.0, *, x1: float | None = None):
    """A glyph 5 pt wide (or to ``x1``) on ``base``, 10 pt tall; a space when ``text`` is one."""
    from oitparse.readers.pdf.text import Glyph

    return Glyph(text, x0, x0 + 5 if x1 is None else x1, base - 2, base + 8, base, em, text == " ")


@needs_helper
def test_compiled_line_groups_on_ties_close_glyphs_and_odd_numbers() -> None:
    from oitparse.readers.pdf import layout

    cases = [
        # stream order breaks ties of baseline and x; a baseline 0.4 em away starts a new line
        [_g("a", 10, 100), _g("b", 10, 100), _g("c", 5, 100), _g("d", 5, 104.0), _g("e", 5, 104.01)],
        # neighbours within 0.2 pt: the x rounded to 0.1 pt decides, then stream order
        [_g("x", 10.04, 50), _g("y", 10.0, 50), _g("z", 10.16, 50), _g("w", 10.26, 50)],
        [_g("p", 0.05, 50), _g("q", 0.15, 50), _g("r", 0.25, 50), _g("s", -0.05, 50)],  # halves: round() to even
        [_g("i", 3, 7, em=1), _g("j", 1, 7, em=1), _g("k", 2, 6, em=1)],  # int coordinates
        [_g("-", -0.0, 0.0), _g("+", 0.0, -0.0)],
        [_g("a", 1, 10)],
    ]
    for glyphs in cases:
        assert _compiled.helper.line_groups(glyphs) == layout._line_groups_python(glyphs)
    assert [[g.text for g in line] for line in _compiled.helper.line_groups(cases[0])] == [["d", "e"], ["c", "a", "b"]]
    # NaN and infinity sort differently in Python: the compiled loop hands them back
    assert _compiled.helper.line_groups([_g("a", float("nan"), 10), _g("b", 1, 10)]) is None
    assert _compiled.helper.line_groups([_g("a", 1, float("inf"))]) is None
    assert layout.visual_lines([_g("a", float("nan"), 10), _g("b", 1, 10)])  # and the Python loop reads them


@needs_helper
def test_compiled_link_ids_on_overlapping_and_distant_links() -> None:
    from oitparse.readers.pdf import text
    from oitparse.readers.pdf.text import PdfLink

    line = [_g(ch, 10 + 6 * k, 100) for k, ch in enumerate("open the report here")]
    cases = [
        [],
        [PdfLink([(500, 500, 600, 510)], "https://far.example/", "external")],  # not at the line's height
        [PdfLink([(40, 98, 70, 110)], "https://one.example/", "external")],  # one rectangle
        # two links over one word: the first holds it; a link's rectangle beside the line
        # comes with the one that reaches it; a centre on the widened edge counts
        [PdfLink([(40, 98, 70, 110), (0, 0, 5, 5)], "https://a.example/", "external"),
         PdfLink([(60, 98, 100, 110)], "https://b.example/", "external"),
         PdfLink([(105.0, 98, 112.5, 110)], "https://c.example/", "external")],
        [PdfLink([[40, 98, 70, 110]], "https://list.example/", "external")],  # a rectangle as a list
    ]
    # glyph centres just inside and just outside the half point a rectangle is widened by
    edges = [_g(ch, x0, 100) for ch, x0 in (("l", 37.05), ("L", 36.95), ("r", 68.95), ("R", 69.05))]  # centres 39.55, 39.45, 71.45, 71.55
    cases.append([PdfLink([(40, 98, 71, 110)], "https://edge.example/", "external")])
    for k, top in enumerate((102.5, 102.6, 103.4)):  # the rectangle's top against the centres' 103
        cases.append([PdfLink([(0, 90, 20, top)], "https://top.example/", "external"),
                      PdfLink([(36, 90, 72, top - 0.1 * k)], "https://other.example/", "external")])
    for links in cases:
        assert _compiled.helper.link_ids(line, links) == text._link_ids_python(line, links)
        assert _compiled.helper.link_ids(edges, links) == text._link_ids_python(edges, links)
    assert _compiled.helper.link_ids(edges, cases[-4]) == [0, None, 0, None]
    assert _compiled.helper.link_ids(line, cases[3])[4:17] == [None, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, None, 2]
    assert _compiled.helper.link_ids([], cases[2]) == []
    bad = PdfLink([(40, 98, 70, 110)], "https://bad.example/", "external")
    bad.rects = [(40, 98, 70)]
    with pytest.raises(ValueError):
        _compiled.helper.link_ids(line, [bad])


@needs_helper
def test_compiled_phantom_spaces_alone_in_runs_and_at_the_ends() -> None:
    from oitparse.readers.pdf import text

    def g(t: str, x0: float, x1: float):
        return _g(t, x0, x1=x1)

    cases = [
        [g("a", 0, 5), g("b", 5, 10)],  # no space
        [g("(", 0, 3), g(" ", 2.5, 5.5), g("ค", 3, 9)],  # covered by the letter after: dropped
        [g("a", 0, 5), g(" ", 5, 8), g("b", 8, 13)],  # a typed space: kept
        [g(" ", 0, 3), g("a", 0.5, 6), g(" ", 5, 8)],  # spaces at both ends
        [g("a", 0, 5), g(" ", 4, 7), g(" ", 7, 10), g("b", 9.5, 14), g(" ", 14, 14)],  # a run of two; a zero-width one
        [g(" ", 0, 3), g(" ", 1, 4)],  # spaces only
        [g("a", 0, 5), g(" ", 4.9, 4.95), g("b", 5, 9)],  # narrower than 0.1 pt
    ]
    for glyphs in cases:
        assert _compiled.helper.phantom_spaces(glyphs) == text._phantom_python(glyphs)
    assert _compiled.helper.phantom_spaces(cases[1]) == [1]
    assert _compiled.helper.phantom_spaces(cases[2]) == []


@needs_helper
def test_compiled_line_runs_on_links_gaps_and_bullets() -> None:
    from oitparse.readers.pdf import text
    from oitparse.readers.pdf.text import Glyph

    def line(spec: str, step: float = 6.0) -> list[Glyph]:
        # "|" widens the gap before the next glyph by 4 pt: a word gap without a space glyph
        out, x = [], 10.0
        for ch in spec:
            if ch == "|":
                x += 4.0
                continue
            out.append(_g(ch, x))
            x += step
        return out

    words = line("ab|cd ef|gh")
    bullet = line("O|แสดง")
    digit_after_bullet = line("O|1")
    cases = [
        (words, [None] * len(words)),
        (words, [0, 0, 0, 0, None, 1, 1, 1, 1]),  # a gap inside link 0, one between a space and link 1
        (words, [0, 0, 1, 1, 1, 1, None, None, 0]),  # a gap between two links: a run of no link
        (bullet, [None] * len(bullet)),
        (bullet, [None, 0, 0, 0, 0]),
        (digit_after_bullet, [None, None]),
        ([], []),
        (line(" a"), [None, None]),
        (line("a  b", step=2.0), [None, None, None, None]),  # overlapping boxes: no gap, spaces stay
    ]
    # two space glyphs, 2 and 4 pt wide: the word gap is 0.8 of the upper median (3.2 pt), so
    # a 2.5 pt gap between letters is no word gap
    spaced = [_g("a", 10), _g(" ", 15, x1=17), _g("b", 17), _g("c", 24.5), _g(" ", 29.5, x1=33.5), _g("d", 33.5)]
    cases.append((spaced, [None] * 6))
    assert _compiled.helper.line_runs(spaced, [None] * 6, text.bullet_gap) == [(None, "a bc d")]
    # no space glyph on the line: a gap is a word gap past a quarter em (2.5 pt at 10 pt)
    for gap in (2.4, 2.5, 2.6, 2.9, 3.1):
        glyphs = [_g("a", 10), _g("b", 15 + gap), _g("c", 20 + gap)]
        cases.append((glyphs, [None, None, None]))
        cases.append((glyphs, [0, 0, None]))
    for glyphs, ids in cases:
        assert _compiled.helper.line_runs(glyphs, ids, text.bullet_gap) == text._runs_python(glyphs, ids)
    assert _compiled.helper.line_runs(words, cases[2][1], text.bullet_gap) == [
        (0, "ab"), (None, " "), (1, "cd e"), (None, "f g"), (0, "h")]
    assert _compiled.helper.line_runs([], [], text.bullet_gap) == [(None, "")]
    with pytest.raises(ValueError):
        _compiled.helper.line_runs(words, [None], text.bullet_gap)


@needs_helper
def test_compiled_cell_assignment_keeps_a_space_with_the_letter_before_it() -> None:
    from oitparse.readers.pdf import layout
    from oitparse.readers.pdf.geometry import Cell, Grid

    def grid() -> Grid:
        cells = [Cell(0, 50, 100, 80, (0, 0)), Cell(50, 100, 100, 80, (0, 0))]
        return Grid(0, 100, 100, 80, [0, 50, 100], [100, 80], {(0, 0): 0, (0, 1): 1}, cells)

    def g(t: str, x0: float, base: float):
        return _g(t, x0, base, x1=x0 + 3)

    for drop in (0.0, 0.35, 0.45):  # the space's baseline this many ems below the letter's
        glyphs = [g("a", 44, 90), g(" ", 51, 90 - 10 * drop), g("b", 60, 90), g("z", 200, 90)]
        homes = []
        for assign in (_compiled.helper.assign_cells, layout._assign_python):
            grids, outside = [grid()], []
            assign(glyphs, grids, outside)
            homes.append([[x.text for x in c.glyphs] for c in grids[0].cells] + [[x.text for x in outside]])
        assert homes[0] == homes[1]
        assert homes[0][0] == (["a", " "] if drop < 0.4 else ["a"]) and homes[0][2] == ["z"]
