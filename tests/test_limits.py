"""The time limit of one parse (Limits.timeout_seconds), checked cooperatively."""

from __future__ import annotations

import pytest

import oitparse
from oitparse import LimitExceeded, Limits
from oitparse.limits import check_time, time_limit

from .conftest import FIXTURES, SEED

DOCS = [SEED, FIXTURES / "pdf" / "seed_laksaman.pdf", FIXTURES / "docx" / "seed_laksaman.docx",
        FIXTURES / "html" / "seed_laksaman.html"]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.suffix[1:])
def test_an_exhausted_time_limit_stops_every_format_with_its_name(path):
    with pytest.raises(LimitExceeded, match=r"timeout_seconds limit of 1e-09 s") as info:
        oitparse.parse(path, limits=Limits(timeout_seconds=1e-9))
    assert info.value.source == path.name


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.suffix[1:])
def test_no_limit_and_a_generous_limit_parse_the_same(path):
    free = oitparse.parse(path, limits=Limits(timeout_seconds=None))
    assert oitparse.parse(path, limits=Limits(timeout_seconds=60)) == free


def test_the_limit_ends_with_its_parse():
    with time_limit(1e-9):
        with pytest.raises(LimitExceeded):
            check_time()
    check_time()  # outside: no limit applies any more


def test_streams_are_read_in_bounded_chunks():
    import io
    import os
    import threading

    big = io.BytesIO(b"o1 x\n" * 1000)
    with pytest.raises(LimitExceeded, match="more than the max_file_bytes limit of 100 bytes"):
        oitparse.parse(big, limits=Limits(max_file_bytes=100))
    # A pipe has no size to ask the file system for: it is read no further than the limit.
    read_end, write_end = os.pipe()

    def write() -> None:
        try:
            os.write(write_end, b"o1 " * 60_000)
        except OSError:  # the reader gave up at the limit and closed its end
            pass
        finally:
            os.close(write_end)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(LimitExceeded):
            oitparse.parse(f"/dev/fd/{read_end}", limits=Limits(max_file_bytes=1000))
    finally:
        os.close(read_end)
        writer.join()


def test_bad_paths_and_years_are_refused_cleanly():
    with pytest.raises(oitparse.ParseError, match="cannot open"):
        oitparse.parse("a\x00b.pdf")
    with pytest.raises(ValueError, match="Buddhist-era"):
        oitparse.parse(SEED, year=0)


def test_pdf_character_limits_stop_before_the_text_is_read():
    # An amplifying ToUnicode map makes PDFium report thousands of characters per code: the
    # count is checked before any character is read (the seed's first page holds 1,341).
    import oitparse
    from oitparse.errors import LimitExceeded
    from oitparse.limits import Limits

    from .conftest import FIXTURES

    pdf = FIXTURES / "pdf" / "seed_laksaman.pdf"
    with pytest.raises(LimitExceeded, match=r"page 1 holds 1,341 characters.*max_chars_per_page"):
        oitparse.parse(pdf, limits=Limits(max_chars_per_page=1340))
    with pytest.raises(LimitExceeded, match=r"max_chars limit"):
        oitparse.parse(pdf, limits=Limits(max_chars=5000))
    assert len(oitparse.parse(pdf, limits=Limits(max_chars_per_page=5000)).items) == 43


def test_a_flood_of_item_lines_meets_max_items():
    import oitparse
    from oitparse.errors import LimitExceeded
    from oitparse.limits import Limits

    text = "o1 โครงสร้าง\n" * 1500
    with pytest.raises(LimitExceeded, match=r"more than 1,000 items.*max_items"):
        oitparse.parse(text.encode())
    assert len(oitparse.parse(text.encode(), limits=Limits(max_items=None)).items) == 1500


def _amplified_pdf(codes: int, per_code: int = 2000, repeats: int = 50) -> bytes:
    """One page in a font whose ToUnicode map turns each of ``codes`` one-byte codes into
    ``per_code`` Thai letters (issue 12: four codes took 22 s and 1.26 GB)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    chars = [0x21 + k for k in range(codes)]
    entries = [f"<{c:02X}> <{'0E01' * per_code}>" for c in chars]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Amp def "
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        + "".join(f"{len(entries[i:i + 100])} beginbfchar\n" + "\n".join(entries[i:i + 100]) + "\nendbfchar\n"
                  for i in range(0, len(entries), 100))
        + "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              ToUnicode=pdf.make_stream(cmap))
    text = bytes(chars).decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "".join(f"BT /F1 10 Tf 20 {780 - (k % 70) * 11} Td ({text}) Tj ET\n" for k in range(repeats))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(content.encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _isolated(data: bytes, tmp_path):
    """Parse in a child under 20 s of wall time and 1 GiB of memory (the fuzz harness's runner)."""
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("oitparse_fuzz", ROOT / "fuzz" / "run.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    return harness.run_case(data, wall=20, mem_mb=1024, tmp=tmp_path)


def test_issue_12_inputs_at_ten_times_their_size_end_quickly_and_small(tmp_path):
    # A font mapping 40 codes (10x the four of the report) to 2,000 letters each: refused when
    # PDFium counts the page's characters, under 1 GiB and 20 s.
    outcome = _isolated(_amplified_pdf(40), tmp_path)
    assert outcome["outcome"] == "ParseError:LimitExceeded", outcome
    # 500,000 rows of rowspan=0 (10x the 50,000 that ran past 300 s): refused at max_lines.
    html = ("<table>" + "<tr><td rowspan=0>o1</td></tr>" * 500_000 + "</table>").encode()
    outcome = _isolated(html, tmp_path)
    assert outcome["outcome"] == "ParseError:LimitExceeded", outcome
