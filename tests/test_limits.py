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
