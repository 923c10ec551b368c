"""The PDF reader: cells and columns, rows across pages, links, Thai text, errors.

Two kinds of input: the committed LibreOffice fixtures (tests/fixtures/pdf/*.pdf, truth in
tests/fixtures/docx/*.truth.json), and small PDFs written by hand below (Helvetica, Latin
text) where the test controls every ruling line, glyph position and link rectangle.
"""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

from oitparse import thai
from oitparse.errors import CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded, NoTextLayer, ParseError
from oitparse.limits import Limits
from oitparse.readers.base import Document, Line
from oitparse.readers.pdf import read_pdf

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
BROKEN = FIXTURES / "pdf" / "broken"


def _ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- fixtures


def _truth(pdf: Path) -> dict | None:
    path = FIXTURES / "docx" / f"{pdf.stem}.truth.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


_cache: dict[Path, Document] = {}


def _read(pdf: Path) -> Document:
    if pdf not in _cache:
        _cache[pdf] = read_pdf(pdf.read_bytes(), name=pdf.name)
    return _cache[pdf]


def _rows(doc: Document) -> dict[tuple[int, int], list[Line]]:
    rows: dict[tuple[int, int], list[Line]] = {}
    for line in doc.lines:
        if line.table is not None:
            rows.setdefault((line.table, line.row), []).append(line)
    return rows


def _item_rows(doc: Document) -> dict[str, tuple[int, int]]:
    """Item code -> (table, row) of the row whose code cell (or code+title cell) holds it."""
    out: dict[str, tuple[int, int]] = {}
    for line in doc.lines:
        if line.column in ("code", "title") and line.text.split():
            number = thai.parse_item_code(line.text.split()[0])
            if number and (line.column == "code" or line.text.split()[0] != line.text):
                out.setdefault(f"o{number}", (line.table, line.row))
    return out


with_truth = [p for p in PDFS if _truth(p) is not None]


@pytest.mark.skipif(not with_truth, reason="no PDF fixtures yet")
@pytest.mark.parametrize("pdf", with_truth, ids=lambda p: p.stem)
def test_fixture_rows_titles_links(pdf: Path) -> None:
    truth = _truth(pdf)
    doc = _read(pdf)
    rows = _rows(doc)
    by_code = _item_rows(doc)
    assert doc.format == "pdf" and doc.pages and doc.pages >= 1
    for item in truth["items"]:
        key = by_code.get(item["code"])
        assert key is not None, f"{item['code']} not found in a code cell"
        row = rows[key]
        has_code_column = any(line.column == "code" for line in row)
        title = thai.join_lines([line.text for line in row if line.column == "title"])
        expected = item["title"] if has_code_column else f"{item['code_as_written']} {item['title']}"
        assert _ws(title) == _ws(expected), item["code"]
        evidence_urls = {link.url for line in row if line.column == "evidence" for link in line.links}
        if truth.get("pdf_links", True):
            for ev in item["evidence"]:
                assert ev["url"] in evidence_urls, (item["code"], ev["url"])
        labels = _ws("".join(line.text for line in row if line.column == "evidence"))
        assert labels == _ws("".join(ev["label"] for ev in item["evidence"])), item["code"]
        requirements = _ws("".join(line.text for line in row if line.column == "requirements"))
        for req in item["requirements"]:
            assert _ws(req["text"]) in requirements, (item["code"], req["text"])
            for element in req["elements"]:
                assert _ws(element) in requirements


@pytest.mark.skipif(not with_truth, reason="no PDF fixtures yet")
@pytest.mark.parametrize("pdf", with_truth, ids=lambda p: p.stem)
def test_fixture_one_table_topics_header_once(pdf: Path) -> None:
    truth = _truth(pdf)
    doc = _read(pdf)
    assert {line.table for line in doc.lines if line.table is not None} == {0}
    topics = [line.text for line in doc.lines if line.column == "topic"]
    for topic in {item["topic"] for item in truth["items"] if item.get("topic")}:
        assert any(_ws(topic) == _ws(t) for t in topics), topic
    header = truth.get("header") or []
    if header:  # the header row is read once; its repeats on later pages are dropped
        last = header[-1]
        assert sum(line.text == last for line in doc.lines) == 1
    # text above the table is the heading
    assert doc.heading and all(line.table is None for line in doc.lines[: len(doc.heading.splitlines())])


@pytest.mark.skipif(not with_truth, reason="no PDF fixtures yet")
@pytest.mark.parametrize("pdf", with_truth, ids=lambda p: p.stem)
def test_fixture_links_cover_label_text(pdf: Path) -> None:
    doc = _read(pdf)
    labels = {_ws(ev["label"]): ev["url"] for item in _truth(pdf)["items"] for ev in item["evidence"]}
    for line in doc.lines:
        for link in line.links:
            covered = line.text[link.start : link.end]
            assert 0 <= link.start < link.end <= len(line.text)
            assert covered == covered.strip() and covered
            assert any(_ws(covered) in label for label, url in labels.items() if url == link.url), (covered, link.url)


@pytest.mark.skipif(not with_truth, reason="no PDF fixtures yet")
def test_fixture_thai_text_is_valid_everywhere() -> None:
    for pdf in with_truth:
        doc = _read(pdf)
        for line in doc.lines:
            assert thai.thai_invalid_count(line.text) == 0, (pdf.name, line.text)
            assert "ำา" not in line.text and not re.search("[\uf700-\uf71f]", line.text)
            assert "(cid:" not in line.text and "( ค" not in line.text


def test_pua_fixture_is_repaired() -> None:
    pdf = FIXTURES / "pdf" / "pua_word.pdf"
    if not pdf.exists():
        pytest.skip("no pua_word fixture")
    doc = _read(pdf)
    assert doc.repairs["pua_glyphs"] > 0


def test_rows_broken_across_pages_keep_their_row() -> None:
    pdf = FIXTURES / "pdf" / "seed_pagebreaks.pdf"
    if not pdf.exists():
        pytest.skip("no seed_pagebreaks fixture")
    rows = _rows(_read(pdf))
    split = [key for key, lines in rows.items() if len({line.page for line in lines}) > 1]
    assert len(split) >= 5
    for key in split:  # the continued part has no code of its own
        pages = sorted({line.page for line in rows[key]})
        later = [line for line in rows[key] if line.page != pages[0]]
        assert not any(line.column == "code" for line in later)


# --------------------------------------------------------------------------- hand-made PDFs


def _pdf(pages: list[dict], *, catalog_extra: str = "") -> bytes:
    """A minimal PDF. Each page: {"content": str, "annots": [str], "resources": str (extra /Resources
    entries)}; "{pN}" in strings -> page N's ref."""
    objects: list[str] = []
    first_page = 4
    page_numbers = []
    n = first_page
    for page in pages:
        page_numbers.append(n)
        n += 2 + len(page.get("annots", []))

    def refs(text: str) -> str:
        for i, num in enumerate(page_numbers, start=1):
            text = text.replace("{p%d}" % i, f"{num} 0 R")
        return text

    objects.append(f"<< /Type /Catalog /Pages 2 0 R {refs(catalog_extra)} >>")
    kids = " ".join(f"{num} 0 R" for num in page_numbers)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for num, page in zip(page_numbers, pages):
        annots = page.get("annots", [])
        annot_refs = " ".join(f"{num + 2 + k} 0 R" for k in range(len(annots)))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> {page.get('resources', '')} >> "
            f"/Contents {num + 1} 0 R /Annots [{annot_refs}] >>"
        )
        content = page["content"].encode("latin-1")
        objects.append(f"<< /Length {len(content)} >>\nstream\n{page['content']}\nendstream")
        objects.extend(refs(a) for a in annots)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _text(x: float, y: float, text: str, size: float = 10) -> str:
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n"


def _hline(x0: float, x1: float, y: float) -> str:
    return f"{x0} {y} m {x1} {y} l S\n"


def _vline(x: float, y0: float, y1: float) -> str:
    return f"{x} {y0} m {x} {y1} l S\n"


XS = [50, 100, 250, 420, 560]


def _grid(rows: list[tuple[float, float, bool]], *, thin_rects: bool = False) -> str:
    """Ruling for rows (top, bottom, merged): a merged row has no inner verticals."""
    out = ["0.5 w\n"]
    tops = sorted({y for top, bottom, _ in rows for y in (top, bottom)}, reverse=True)
    for y in tops:
        out.append(f"{XS[0]} {y - 0.25} {XS[-1] - XS[0]} 0.5 re f\n" if thin_rects else _hline(XS[0], XS[-1], y))
    for top, bottom, merged in rows:
        for k, x in enumerate(XS):
            if merged and 0 < k < len(XS) - 1:
                continue
            out.append(f"{x - 0.25} {bottom} 0.5 {top - bottom} re f\n" if thin_rects else _vline(x, bottom, top))
    return "".join(out)


def _uri(rect: tuple[float, float, float, float], url: str) -> str:
    return f"<< /Type /Annot /Subtype /Link /Rect [{' '.join(map(str, rect))}] /Border [0 0 0] /A << /S /URI /URI ({url}) >> >>"


HEADER = ["Code", "Title", "Requirement", "Link"]


def _table_pdf(*, thin_rects: bool = False, page2_note: str = "") -> bytes:
    # page 1: heading, header, topic row, o1, o2 (o2 runs on to page 2)
    rows1 = [(760, 740, False), (740, 720, True), (720, 660, False), (660, 600, False)]
    c1 = _grid(rows1, thin_rects=thin_rects)
    c1 += _text(50, 770, "Open Data checklist 2565")
    for x, h in zip(XS, HEADER):
        c1 += _text(x + 3, 746, h)
    c1 += _text(53, 726, "Basic information")
    c1 += _text(53, 706, "o1") + _text(103, 706, "Structure")
    c1 += _text(253, 706, "O Show the chart") + _text(253, 694, "of the agency")
    c1 += _text(423, 706, "Org chart (click)")
    c1 += _hline(470, 500, 704)  # an underline under the link text: not a ruling line
    c1 += _text(53, 646, "o2") + _text(103, 646, "Executives")
    c1 += _text(253, 646, "O Show the heads")
    c1 += _text(423, 646, "Annual report of") + _text(423, 634, "the heads (click)")
    c1 += _text(423, 622, "Mail us")
    annots1 = [
        _uri((468, 700, 502, 716), "https://example.go.th/o1"),
        _uri((420, 642, 520, 656), "https://example.go.th/o2"),  # a wrapped link: one rectangle per line
        _uri((420, 630, 520, 644), "https://example.go.th/o2"),
        _uri((420, 618, 470, 632), "mailto:info@example.go.th"),
    ]
    # page 2: repeated header, the rest of o2 (empty code cell), o3 with an internal link
    d = 100 if page2_note else 0  # a note above the table moves it down, out of the edge zone
    rows2 = [(760 - d, 740 - d, False), (740 - d, 700 - d, False), (700 - d, 640 - d, False)]
    c2 = _grid(rows2, thin_rects=thin_rects)
    for x, h in zip(XS, HEADER):
        c2 += _text(x + 3, 746 - d, h)
    c2 += _text(253, 726 - d, "O with their photos")
    c2 += _text(53, 686 - d, "o3") + _text(103, 686 - d, "Authority") + _text(423, 686 - d, "See page 1")
    c2 += _text(50, 40, "2")  # a page number under the table
    if page2_note:
        c2 += _text(50, 700, page2_note)
    annots2 = [f"<< /Type /Annot /Subtype /Link /Rect [420 {682 - d} 480 {696 - d}] /Border [0 0 0] /Dest [{{p1}} /XYZ 0 792 0] >>"]
    return _pdf([{"content": c1, "annots": annots1}, {"content": c2, "annots": annots2}])


@pytest.mark.parametrize("thin_rects", [False, True], ids=["stroked", "filled-rects"])
def test_ruled_table_columns_rows_links(thin_rects: bool) -> None:
    doc = read_pdf(_table_pdf(thin_rects=thin_rects), name="t.pdf")
    assert doc.pages == 2 and doc.heading == "Open Data checklist 2565"
    got = [(line.page, line.table, line.row, line.column, line.text) for line in doc.lines]
    assert got[0] == (1, None, None, None, "Open Data checklist 2565")
    assert got[1:5] == [(1, 0, 0, "header", h) for h in HEADER]  # the header row: tagged, never content
    assert (1, 0, 1, "topic", "Basic information") in got
    assert (1, 0, 2, "requirements", "of the agency") in got  # an underline does not cut the cell
    # o2 runs on to page 2: the continuation keeps o2's row; the repeated header is dropped
    assert (2, 0, 3, "requirements", "O with their photos") in got
    assert [t for *_, t in got].count("Requirement") == 1
    assert (2, 0, 4, "code", "o3") in got
    assert (2, None, None, None, "2") in got
    by_text = {line.text: line for line in doc.lines}
    org = by_text["Org chart (click)"]
    assert [(lk.start, lk.end, lk.url, lk.kind) for lk in org.links] == [(10, 17, "https://example.go.th/o1", "external")]
    for text in ("Annual report of", "the heads (click)"):  # a wrapped link: a Link on each line
        (link,) = by_text[text].links
        assert (link.start, link.end, link.url) == (0, len(text), "https://example.go.th/o2")
    assert [(lk.url, lk.kind) for lk in by_text["Mail us"].links] == [("mailto:info@example.go.th", "mailto")]
    assert [(lk.url, lk.kind) for lk in by_text["See page 1"].links] == [("#page=1", "internal")]


def test_named_destination_link() -> None:
    content = _text(100, 700, "Go to annex")
    annot = "<< /Type /Annot /Subtype /Link /Rect [95 695 200 712] /Border [0 0 0] /Dest /annex >>"
    data = _pdf([{"content": content, "annots": [annot]}], catalog_extra="/Dests << /annex [{p1} /XYZ 0 792 0] >>")
    (line,) = read_pdf(data).lines
    assert [(lk.start, lk.end, lk.url, lk.kind) for lk in line.links] == [(0, 11, "#annex", "internal")]


def test_phantom_space_over_link_text_is_dropped() -> None:
    # "(" then a space glyph pulled back over "c" (as LibreOffice draws link text), then a real space
    content = "BT /F1 10 Tf 100 700 Td [(Go \\() ( ) 278 (click\\)) ( ) (now)] TJ ET\n"
    (line,) = read_pdf(_pdf([{"content": content}])).lines
    assert line.text == "Go (click) now"
    assert read_pdf(_pdf([{"content": content}])).lines[0].text.count(" ") == 2


def test_word_gaps_without_space_glyphs_become_spaces() -> None:
    content = "BT /F1 10 Tf 100 700 Td [(Annual) -300 (report)] TJ ET\n" + _text(100, 680, "Annual report")
    lines = read_pdf(_pdf([{"content": content}])).lines
    assert [line.text for line in lines] == ["Annual report", "Annual report"]


def test_unruled_form_uses_header_word_positions() -> None:
    cols = [50, 100, 250, 420]
    content = _text(50, 770, "Checklist without ruling lines")
    for x, h in zip(cols, HEADER):
        content += _text(x, 740, h)
    content += _text(50, 720, "General information heading row")
    content += _text(50, 700, "o1") + _text(100, 700, "Structure") + _text(250, 700, "O Show the chart")
    content += _text(420, 700, "Chart (click)") + _text(250, 688, "of the agency")
    content += _text(50, 670, "o2") + _text(100, 670, "Executives") + _text(250, 670, "O Show the heads")
    content += _text(420, 670, "Heads (click)")
    annot = _uri((418, 666, 500, 681), "https://example.go.th/o2")
    doc = read_pdf(_pdf([{"content": content, "annots": [annot]}]))
    got = [(line.table, line.row, line.column, line.text) for line in doc.lines]
    assert got[0] == (None, None, None, "Checklist without ruling lines")
    assert (0, 1, "topic", "General information heading row") in got
    assert [g for g in got if g[1] == 2] == [
        (0, 2, "code", "o1"),
        (0, 2, "title", "Structure"),
        (0, 2, "requirements", "O Show the chart"),
        (0, 2, "requirements", "of the agency"),
        (0, 2, "evidence", "Chart (click)"),
    ]
    heads = next(line for line in doc.lines if line.text == "Heads (click)")
    assert (heads.column, heads.row, [lk.url for lk in heads.links]) == ("evidence", 3, ["https://example.go.th/o2"])


def test_text_without_table_is_lines_in_reading_order() -> None:
    content = _text(50, 700, "first line") + _text(50, 680, "second line") + _text(300, 690, "beside")
    doc = read_pdf(_pdf([{"content": content}]))
    assert [line.text for line in doc.lines] == ["first line", "beside", "second line"]
    assert all(line.column is None and line.table is None for line in doc.lines)


# --------------------------------------------------------------------------- errors


def _image_pdf() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 60), "white").save(buf, "PDF")
    return buf.getvalue()


def test_errors() -> None:
    good = _table_pdf()
    with pytest.raises(EmptyDocument):
        read_pdf(b"")
    with pytest.raises(CorruptDocument, match="not a PDF"):
        read_pdf(b"PK\x03\x04 a zip, not a pdf")
    for broken in (b"%PDF-1.7\n", good[: len(good) // 2], good[:300]):
        with pytest.raises(CorruptDocument):
            read_pdf(broken)
    with pytest.raises(NoTextLayer, match="OCR"):
        read_pdf(_image_pdf(), name="scan.pdf")
    with pytest.raises(EmptyDocument):
        read_pdf(_pdf([]))
    with pytest.raises(LimitExceeded, match="max_pages"):
        read_pdf(good, limits=Limits(max_pages=1))
    with pytest.raises(LimitExceeded, match="max_file_bytes"):
        read_pdf(good, limits=Limits(max_file_bytes=100))
    assert read_pdf(good, limits=Limits(max_pages=2)).pages == 2


def test_error_names_the_source() -> None:
    with pytest.raises(NoTextLayer) as info:
        read_pdf(_image_pdf(), name="scan.pdf")
    assert str(info.value).startswith("scan.pdf: ") and "\n" not in str(info.value)


@pytest.mark.parametrize("name", ["encrypted_user_password.pdf", "encrypted_rc4_user_password.pdf"])
def test_encrypted_with_user_password(name: str) -> None:
    with pytest.raises(EncryptedDocument):
        read_pdf((BROKEN / name).read_bytes(), name=name)


def test_encrypted_with_empty_user_password_opens() -> None:
    doc = read_pdf((BROKEN / "encrypted_owner_only.pdf").read_bytes())
    assert [line.text for line in doc.lines] == ["o1 โครงสร้าง ข้อมูลทดสอบ ประจำปี พ.ศ. 2565"]


def test_damaged_bytes_raise_parse_errors_only() -> None:
    rng = random.Random(2565)
    good = _table_pdf()
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)) :]
        try:
            doc = read_pdf(bytes(data))
        except ParseError as exc:
            assert str(exc) and "\n" not in str(exc)  # one line, for a person
            continue
        # what still reads is a PDF document whose lines hold text and sit on its pages
        assert doc.format == "pdf" and doc.pages >= 1
        assert all(line.text and 1 <= line.page <= doc.pages for line in doc.lines)


def test_table_without_outer_border() -> None:
    # only the inner verticals are drawn; the row rules run from the left to the right edge
    content = "0.5 w\n" + "".join(_hline(XS[0], XS[-1], y) for y in (760, 740, 700))
    content += "".join(_vline(x, 700, 760) for x in XS[1:-1])
    for x, h in zip(XS, HEADER):
        content += _text(x + 3, 746, h)
    content += _text(53, 726, "o1") + _text(103, 726, "Structure") + _text(253, 726, "O Show") + _text(423, 726, "Chart")
    doc = read_pdf(_pdf([{"content": content}]))
    assert [(line.row, line.column, line.text) for line in doc.lines if line.row == 1] == [
        (1, "code", "o1"),
        (1, "title", "Structure"),
        (1, "requirements", "O Show"),
        (1, "evidence", "Chart"),
    ]


def test_thai_invalid_line_is_read_again_with_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line whose PDFium text is Thai-invalid is compared with pdfplumber's chars; the valid one wins."""
    import oitparse.readers.pdf.pdfium as pdfium_stage

    pdf = FIXTURES / "pdf" / "twocol.pdf"
    if not pdf.exists():
        pytest.skip("no twocol fixture")
    clean = read_pdf(pdf.read_bytes())
    target = next(line for line in clean.lines if line.column == "title" and "ข้อมูล" in line.text)
    real = pdfium_stage.glyphs

    def damaged(raw, textpage, repairs):  # two upper vowels on one letter, as a broken extractor gives
        glyphs = real(raw, textpage, repairs)
        for g in glyphs:
            if g.text == "ข้":
                g.text = "ข\u0e31\u0e34\u0e49"
        return glyphs

    monkeypatch.setattr(pdfium_stage, "glyphs", damaged)
    doc = read_pdf(pdf.read_bytes())
    # one repair per damaged line: every line with "ข้" in it
    assert doc.repairs["pdfplumber_text"] == sum("ข้" in line.text for line in clean.lines) >= 1
    # pdfplumber's boxes are advance widths, so a word gap may differ; the letters may not
    assert [_ws(line.text) for line in doc.lines] == [_ws(line.text) for line in clean.lines]
    assert target.text in [line.text for line in doc.lines]


def test_a_line_of_marks_alone_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A narrow header cell wraps the sara am of "ประจำ" onto a line of its own, on each of the
    ten pages the header repeats on: no letters for pdfplumber to order otherwise, so it is not
    asked (it cost 25 times the reading of the file), and the line keeps PDFium's text."""
    from oitparse.readers.pdf.text import Plumber

    asked: list[str] = []
    monkeypatch.setattr(Plumber, "line", lambda self, page_no, glyphs, base, links: asked.append(
        "".join(g.text for g in glyphs)) or None)
    doc = read_pdf((FIXTURES / "layouts" / "L017.pdf").read_bytes())
    assert doc.pages == 10
    assert [line.text for line in doc.lines if thai.thai_invalid_count(line.text)] == ["ำ"]
    assert asked == []


def test_pdfium_is_used_under_the_process_wide_lock(monkeypatch):
    # PDFium is not thread-safe: read_pdf holds readers.pdf.pdfium.LOCK while it calls it
    # (a crash was seen with the link checker's reader thread and another PDFium user)
    from oitparse.readers.pdf import pdfium as access

    held = []
    real_open = access.open_document

    def open_document(data, name):
        held.append(access.LOCK._is_owned())
        return real_open(data, name)

    monkeypatch.setattr(access, "open_document", open_document)
    read_pdf((FIXTURES / "pdf" / "twocol.pdf").read_bytes())
    assert held == [True]
    assert not access.LOCK._is_owned()  # released after


# --- text stage on hand-made glyphs: line_text / link_ids (pinned against mutation testing) ---

from collections import Counter as _Counter  # noqa: E402

from oitparse.readers.pdf.text import Glyph as _Glyph, PdfLink as _PdfLink, line_text as _line_text, link_ids as _link_ids  # noqa: E402


def _glyphs(spec: list[tuple[str, float, float]], em: float = 10.0) -> list[_Glyph]:
    """(text, x0, x1) glyphs on one line from y 0 to 10."""
    return [_Glyph(t, x0, x1, 0.0, 10.0, 2.0, em, t == " ") for t, x0, x1 in spec]


def test_link_ids_holds_a_centre_on_the_widened_edge() -> None:
    # the rectangle widened by half a point: a centre exactly on x = 9.5 is inside
    glyphs = _glyphs([("a", 9.0, 10.0), ("b", 12.0, 14.0), ("c", 30.0, 32.0)])
    one = _PdfLink([(10.0, 0.0, 20.0, 10.0)], "https://a.example", "external")
    assert _link_ids(glyphs, [one]) == [0, 0, None]
    # two rectangles on the line (the second link's far away): the same, glyph by glyph
    two = _PdfLink([(28.0, 0.0, 40.0, 10.0)], "https://b.example", "external")
    assert _link_ids(glyphs, [one, two]) == [0, 0, 1]
    # a link above the line reaches no glyph
    above = _PdfLink([(0.0, 20.0, 40.0, 30.0)], "https://c.example", "external")
    assert _link_ids(glyphs, [above]) == [None, None, None]


def test_line_text_bullet_gap_becomes_a_space_after_the_bullet() -> None:
    # "•" then "AB" 1 pt later: wider than 0.08 em, narrower than a word gap
    glyphs = _glyphs([("•", 0.0, 5.0), ("A", 6.0, 12.0), ("B", 12.0, 18.0)])
    assert _line_text(glyphs, [], _Counter()) == ("• AB", [], False)
    # a bullet-like sign inside a linked line is no bullet: only the first pair is tested
    link = _PdfLink([(0.0, 0.0, 30.0, 10.0)], "https://a.example", "external")
    glyphs = _glyphs([("A", 0.0, 6.0), ("•", 6.0, 11.0), ("B", 12.0, 18.0)])
    text, links, space_after = _line_text(glyphs, [link], _Counter())
    assert text == "A•B" and space_after is False
    assert [(lk.start, lk.end, lk.url) for lk in links] == [(0, 3, "https://a.example")]


def test_line_text_word_gap_after_a_link_stays_outside_it() -> None:
    link = _PdfLink([(0.0, 0.0, 13.0, 10.0)], "https://a.example", "external")
    glyphs = _glyphs([("a", 0.0, 6.0), ("b", 6.0, 12.0), ("c", 20.0, 26.0), ("d", 26.0, 32.0), (" ", 32.0, 35.0)])
    text, links, space_after = _line_text(glyphs, [link], _Counter())
    assert text == "ab cd" and space_after is True
    assert [(lk.start, lk.end) for lk in links] == [(0, 2)]
    # no link: the same gap is a space, the trailing space glyph reported
    assert _line_text(glyphs, [], _Counter()) == ("ab cd", [], True)


# --- PDFium stage on a minimal PDF: glyphs, rules, _page_text (pinned against mutation testing) ---


def test_pdfium_glyphs_carry_size_baseline_and_spaces() -> None:
    import pypdfium2.raw as raw

    from oitparse.readers.pdf import pdfium

    data = _pdf([{"content": _text(100, 700, "Hi yo") + _text(100, 650, "Big", size=20)
                  + _hline(50, 300, 600) + _vline(80, 500, 620)}])
    with pdfium.LOCK:
        doc = pdfium.open_document(data, None)
        try:
            page = doc[0]
            textpage = page.get_textpage()
            repairs: _Counter[str] = _Counter()
            glyphs = pdfium.glyphs(raw, textpage, repairs)
            textpage.close()
            horizontal, vertical = pdfium.rules(raw, page)
        finally:
            doc.close()
    assert [g.text for g in glyphs] == list("Hi yoBig")
    assert [g.space for g in glyphs] == [False, False, True, False, False, False, False, False]
    # Helvetica's loose box is ~1.17 em tall: the font size is PDFium's, not an estimate from the box
    assert [g.em for g in glyphs] == [10.0] * 5 + [20.0] * 3
    assert [g.base for g in glyphs] == [700.0] * 5 + [650.0] * 3
    assert glyphs[0].x0 == 100.0 and all(a.x1 == b.x0 for a, b in zip(glyphs[:4], glyphs[1:5]))
    assert all(g.y0 < g.base < g.y1 for g in glyphs)
    assert not repairs
    assert [(s.coord, s.lo, s.hi) for s in horizontal] == [(600.0, 50.0, 300.0)]
    assert [(s.coord, s.lo, s.hi) for s in vertical] == [(80.0, 500.0, 620.0)]


def test_page_text_falls_back_per_character_on_surrogates() -> None:
    from oitparse.readers.pdf import pdfium

    class FakeRaw:
        """PDFium counts a surrogate pair as two characters: one call's text is then one short."""

        units = [0x61, 0xD83D, 0xDE00, 0x62]
        codes = [0x61, 0x1F600, 0, 0x62]  # 0: no code for the second half

        def FPDFText_GetText(self, textpage, start, count, buf):  # noqa: N802
            for i, u in enumerate(self.units):
                buf[i] = u
            buf[len(self.units)] = 0
            return len(self.units) + 1

        def FPDFText_GetUnicode(self, textpage, i):  # noqa: N802
            return self.codes[i]

    assert pdfium._page_text(FakeRaw(), None, 4) == "a\U0001F600\ufffdb"
    FakeRaw.units = FakeRaw.codes = [0x61, 0x62, 0x63]
    assert pdfium._page_text(FakeRaw(), None, 3) == "abc"


def test_covered_space_needs_more_than_half_its_width() -> None:
    from oitparse.readers.pdf.text import _covered

    space = _glyphs([(" ", 10.0, 12.0)])[0]
    half = _glyphs([("a", 8.0, 11.0)])[0]  # covers exactly 1 of 2 pt
    more = _glyphs([("a", 8.0, 11.5)])[0]
    assert not _covered(space, half, None)
    assert _covered(space, None, more)
    narrow = _glyphs([(" ", 10.0, 11.0)])[0]
    assert not _covered(narrow, None, None)  # no neighbours: nothing covers it


def test_plumber_glyphs_take_the_char_size_else_ten() -> None:
    from oitparse.readers.pdf.text import plumber_glyphs

    chars = [
        {"text": "A", "x0": 0.0, "x1": 6.0, "y0": 0.0, "y1": 12.0, "matrix": (1, 0, 0, 1, 0, 2.0), "size": 12.0},
        {"text": "B", "x0": 6.0, "x1": 12.0, "y0": 0.0, "y1": 12.0, "matrix": (1, 0, 0, 1, 6, 2.0)},
    ]
    assert [(g.text, g.em, g.base) for g in plumber_glyphs(chars)] == [("A", 12.0, 2.0), ("B", 10.0, 2.0)]


def test_pdfium_char_kinds() -> None:
    from oitparse.readers.pdf import pdfium

    assert pdfium._kind("\u0e34") is pdfium._MARK  # Thai sara i
    assert pdfium._kind("\u0e01") is pdfium._BASE
    assert pdfium._kind(" ") is pdfium._SPACE


def test_links_skip_a_dead_annotation_and_keep_the_kind() -> None:
    dead = "<< /Type /Annot /Subtype /Link /Rect [95 695 130 712] /Border [0 0 0] >>"
    goto = "<< /Type /Annot /Subtype /Link /Rect [95 645 200 662] /Border [0 0 0] /A << /S /GoTo /D [{p2} /Fit] >> >>"
    content = _text(100, 700, "See the report") + _text(100, 650, "Go to annex")
    pages = [{"content": content, "annots": [dead, _uri((135, 695, 200, 712), "https://a.example/r"), goto]},
             {"content": _text(100, 700, "Annex")}]
    lines = read_pdf(_pdf(pages)).lines
    got = {line.text: [(lk.start, lk.end, lk.url, lk.kind) for lk in line.links] for line in lines}
    assert got["See the report"] == [(8, 14, "https://a.example/r", "external")]
    assert got["Go to annex"] == [(0, 11, "#page=2", "internal")]


def test_link_to_another_file_is_external() -> None:
    remote = "<< /Type /Annot /Subtype /Link /Rect [95 695 200 712] /Border [0 0 0] /A << /S /GoToR /F (annex.pdf) /D [0 /Fit] >> >>"
    (line,) = read_pdf(_pdf([{"content": _text(100, 700, "Open annex"), "annots": [remote]}])).lines
    assert [(lk.start, lk.end, lk.url, lk.kind) for lk in line.links] == [(0, 10, "annex.pdf", "external")]


def test_word_bounds_start_columns_at_frequent_text_starts() -> None:
    from oitparse.readers.pdf.layout import VLine, _word_bounds

    # header words at 50, 200 and 400; the second column's text starts left of its header word,
    # the third one's right of its start (a centred header): that column keeps the header's left
    def body_line() -> VLine:
        return VLine(_glyphs([("a", 50.0, 56.0), ("b", 56.0, 62.0), ("c", 180.0, 186.0), ("d", 186.0, 192.0),
                              ("e", 410.0, 416.0), ("f", 416.0, 422.0)]))

    spans = [(50.0, 70.0), (200.0, 230.0), (400.0, 430.0)]
    assert _word_bounds(spans, [body_line(), body_line()]) == [(49.0, 179.0), (179.0, 399.0), (399.0, float("inf"))]
    # a start seen once is no column start
    assert _word_bounds(spans, [body_line()]) == [(49.0, 199.0), (199.0, 399.0), (399.0, float("inf"))]


def test_text_above_a_ruled_table_stops_it_continuing_the_last_page() -> None:
    # the same two pages, but a line of text stands above page 2's table: that table is a new
    # one, its first row not the rest of page 1's last row
    doc = read_pdf(_table_pdf(page2_note="Annex table"), name="t.pdf")
    got = [(line.page, line.table, line.row, line.column, line.text) for line in doc.lines]
    assert (2, None, None, None, "Annex table") in got
    (photos,) = [g for g in got if g[-1] == "O with their photos"]
    assert photos[:3] != (2, 0, 3)
    plain = [(line.page, line.table, line.row, line.column, line.text) for line in read_pdf(_table_pdf()).lines]
    assert (2, 0, 3, "requirements", "O with their photos") in plain


def _page_rules(content: str) -> tuple[list, list]:
    from oitparse.readers.pdf import pdfium

    with pdfium.LOCK:
        doc = pdfium.open_document(_pdf([{"content": content}]), None)
        try:
            import pypdfium2.raw as raw

            horizontal, vertical = pdfium.rules(raw, doc[0])
        finally:
            doc.close()
    return [(s.coord, s.lo, s.hi) for s in horizontal], [(s.coord, s.lo, s.hi) for s in vertical]


def test_pdfium_rules_open_path_white_and_clip() -> None:
    # an open L-shaped stroke: its two legs, no closing edge back to the start
    assert _page_rules("100 100 m 200 100 l 200 200 l S\n") == ([(100.0, 100.0, 200.0)], [(200.0, 100.0, 200.0)])
    # a closed rectangle path: all four sides
    hs, vs = _page_rules("100 100 m 200 100 l 200 200 l 100 200 l h S\n")
    assert sorted(hs) == [(100.0, 100.0, 200.0), (200.0, 100.0, 200.0)]
    assert sorted(vs) == [(100.0, 100.0, 200.0), (200.0, 100.0, 200.0)]
    # a white stroke and a clipping path draw no rule; a black stroke beside them does
    white = "1 1 1 RG 50 500 m 300 500 l S\n0 0 0 RG\n"
    clip = "q 50 400 m 300 400 l 300 300 l W n Q\n"
    assert _page_rules(white + clip + "50 600 m 300 600 l S\n") == ([(600.0, 50.0, 300.0)], [])


def test_unruled_form_over_two_pages_with_page_numbers() -> None:
    cols = [50, 100, 250, 420]
    p1 = _text(50, 770, "Checklist without ruling lines")
    p2 = ""
    for x, h in zip(cols, HEADER):
        p1 += _text(x, 740, h)
        p2 += _text(x, 740, h)  # the header repeated on page 2
    p1 += _text(50, 700, "o1") + _text(100, 700, "Structure") + _text(250, 700, "O Show the chart")
    p2 += _text(50, 700, "o2") + _text(100, 700, "Executives") + _text(250, 700, "O Show the heads")
    p1 += _text(300, 20, "1")
    p2 += _text(300, 20, "2")
    doc = read_pdf(_pdf([{"content": p1}, {"content": p2}]))
    got = [(line.page, line.table, line.row, line.column, line.text) for line in doc.lines]
    assert got[5:] == [
        (1, 0, 1, "code", "o1"), (1, 0, 1, "title", "Structure"), (1, 0, 1, "requirements", "O Show the chart"),
        (1, None, None, None, "1"),  # the page number stays out of the table
        (2, 0, 2, "code", "o2"), (2, 0, 2, "title", "Executives"), (2, 0, 2, "requirements", "O Show the heads"),
        (2, None, None, None, "2"),
    ]


def test_unruled_form_with_code_and_title_in_one_column() -> None:
    # no Code column: a row starts where the first column starts with an item code
    content = ""
    for x, h in zip([50, 250, 420], ["Title", "Requirement", "Link"]):
        content += _text(x, 740, h)
    content += _text(50, 700, "o1 Structure") + _text(250, 700, "O Show the chart")
    content += _text(50, 680, "of the agency")
    content += _text(50, 660, "o2 Executives") + _text(250, 660, "O Show the heads")
    got = [(line.row, line.column, line.text) for line in read_pdf(_pdf([{"content": content}])).lines]
    assert got[3:] == [
        (1, "title", "o1 Structure"), (1, "title", "of the agency"), (1, "requirements", "O Show the chart"),
        (2, "title", "o2 Executives"), (2, "requirements", "O Show the heads"),
    ]


def test_character_limits_count_across_pages_and_name_the_page() -> None:
    pages = [{"content": _text(100, 700, "ABCDEFGHIJ")}, {"content": _text(100, 700, "KLMNOPQRST")}]
    data = _pdf(pages)
    assert len(read_pdf(data, limits=Limits(max_chars=20)).lines) == 2
    with pytest.raises(LimitExceeded, match="max_chars limit") as exc:
        read_pdf(data, name="big.pdf", limits=Limits(max_chars=15))  # 10 + 10 characters
    assert exc.value.source == "big.pdf"
    with pytest.raises(LimitExceeded, match=r"^big\.pdf: page 2 holds 10 characters, over the max_chars_per_page limit of 9$"):
        read_pdf(_pdf([{"content": _text(100, 700, "KLMNOPQRS")}, pages[1]]), name="big.pdf",
                 limits=Limits(max_chars_per_page=9))
    with pytest.raises(LimitExceeded, match="max_pages") as exc:
        read_pdf(data, name="big.pdf", limits=Limits(max_pages=1))
    assert exc.value.source == "big.pdf"


def test_pdfium_rules_skip_transparent_strokes() -> None:
    from oitparse.readers.pdf import pdfium

    page = {"content": "/GS0 gs 50 500 m 300 500 l S\n", "resources": "/ExtGState << /GS0 << /CA 0 >> >>"}
    with pdfium.LOCK:
        doc = pdfium.open_document(_pdf([page]), None)
        try:
            import pypdfium2.raw as raw

            assert pdfium.rules(raw, doc[0]) == ([], [])
        finally:
            doc.close()


def test_visual_lines_keep_stream_order_for_glyphs_within_a_tenth_of_a_point() -> None:
    from oitparse.readers.pdf.layout import visual_lines

    # "B" drawn first at x 100.02, "A" over it at 99.98: the same x to 0.1 pt, so written order
    glyphs = _glyphs([("B", 100.02, 106.0), ("A", 99.98, 106.0), ("C", 106.0, 112.0)])
    (line,) = visual_lines(glyphs)
    assert [g.text for g in line.glyphs] == ["B", "A", "C"]
    # apart by more than that: x order
    glyphs = _glyphs([("B", 100.3, 106.0), ("A", 99.98, 106.0), ("C", 106.0, 112.0)])
    (line,) = visual_lines(glyphs)
    assert [g.text for g in line.glyphs] == ["A", "B", "C"]


def test_header_chunks_span_whole_header_words() -> None:
    from oitparse.readers.pdf.layout import VLine, _header_chunks

    spec = []
    for word, x in zip(HEADER, [50.0, 100.0, 250.0, 420.0]):
        spec += [(ch, x + 6 * k, x + 6 * (k + 1)) for k, ch in enumerate(word)]
    roles, spans = _header_chunks(VLine(_glyphs(spec)))
    assert roles == ["code", "title", "requirements", "evidence"]
    assert spans == [(50.0, 74.0), (100.0, 130.0), (250.0, 316.0), (420.0, 444.0)]
