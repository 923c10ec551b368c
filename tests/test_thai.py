"""Tests for oitparse.thai: text repairs, validity, line joining, years, segmentation."""

from __future__ import annotations

import doctest
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from oitparse import thai  # noqa: E402
from oitparse.thai import (  # noqa: E402
    CLICK_MARKER,
    ITEM_CODE,
    YearMention,
    compact,
    explain,
    find_years,
    fix_mark_order,
    join_lines,
    join_pair,
    normalize,
    parse_item_code,
    segment,
    separator,
    similarity,
    thai_digits_to_arabic,
    thai_invalid_count,
    thai_valid,
    years_in,
)

SEED = Path(__file__).parent / "fixtures" / "seed_pathumthani_2565.txt"

# Text that looks like extracted Thai: the Thai block, the PUA glyph sets,
# spaces of all kinds, zero-width chars, ASCII and Thai digits.
thaiish = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
        st.characters(min_codepoint=0xF700, max_codepoint=0xF71F),
        st.characters(min_codepoint=0xF880, max_codepoint=0xF89F),
        st.sampled_from(list(" \n\t\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff\x0c\r")),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    ),
    max_size=60,
)


def test_module_doctests() -> None:
    result = doctest.testmod(thai, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 20
    assert result.failed == 0


# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "fixed", "repair"),
    [
        ("ประจําปี", "ประจำปี", "split_sara_am"),
        ("ประจำาปี", "ประจำปี", "split_sara_am"),
        ("น\u0e4d\u0e49\u0e32", "น้ำ", "split_sara_am"),
        ("ก\u0e49\u0e4d\u0e32", "ก้ำ", "split_sara_am"),
        ("ที\uf70a", "ที่", "pua_glyphs"),
        ("ป\uf713", "ป่", "pua_glyphs"),
        ("ที\uf88b", "ที่", "pua_glyphs"),
        ("\uf700าน", "ฐาน", "pua_glyphs"),
        ("ท\u0e48\u0e35", "ที่", "mark_order"),
        ("ก\u0e49\u0e38", "กุ้", "nfc"),  # NFC already orders lower vowel (ccc 103) before tone (107)
        ("ทั้ง น ี้", "ทั้ง นี้", "space_before_mark"),
        ("ที่\u0e48", "ที่", "doubled_marks"),
        ("ข้อมูล\u200bพื้นฐาน", "ข้อมูลพื้นฐาน", "zero_width"),
        ("พ.ศ.\u00a02565", "พ.ศ. 2565", "odd_spaces"),
        ("o1\x0cโครงสร้าง", "o1โครงสร้าง", "control_chars"),
        ("ข้อมูล    พื้นฐาน", "ข้อมูล พื้นฐาน", "space_runs"),
    ],
)
def test_each_repair(raw: str, fixed: str, repair: str) -> None:
    text, counts = explain(raw)
    assert text == fixed
    assert counts[repair] >= 1
    assert normalize(raw) == fixed


def test_normalize_keeps_clean_text_and_newlines() -> None:
    clean = "o1 โครงสร้าง\nO แสดงแผนผัง\tพ.ศ. 2565"
    assert normalize(clean) == clean
    assert explain(clean)[1] == {}


def test_pua_text_becomes_valid_thai() -> None:
    # "ผู้ใหญ่" as a legacy font draws it: tone over ผ shifted down, ญ without descender.
    pua = "ผ\u0e39\uf70bให\uf70a"
    assert normalize(pua) == "ผู้ให่"
    assert thai_invalid_count(pua) > thai_invalid_count(normalize(pua))


def test_seed_file_normalizes_fast() -> None:
    text = SEED.read_text(encoding="utf-8")
    normalize(text)
    start = time.perf_counter()
    for _ in range(10):
        out = normalize(text)
    per_call = (time.perf_counter() - start) / 10
    assert per_call < 0.05  # measured ~2 ms; generous bound for slow CI
    assert normalize(out) == out
    assert "ประจำปี" in out and "\u00a0" not in out


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_normalize_idempotent_any_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=1000, deadline=None)
@given(thaiish)
def test_normalize_idempotent_thai_text(text: str) -> None:
    once, _ = explain(text)
    assert normalize(once) == once
    assert explain(once)[1] == {}


@settings(max_examples=300, deadline=None)
@given(thaiish)
def test_never_raises(text: str) -> None:
    assert 0 <= thai_invalid_count(text) <= len(text)
    joined = join_lines(text.splitlines())
    assert "\n" not in joined and "".join(joined.split()) == "".join(text.split())  # only spaces move
    assert all(2400 <= y <= 2700 for y in years_in(text)) and years_in(text) == sorted(set(years_in(text)))
    assert not any(ch.isspace() for ch in compact(text))
    code = parse_item_code(text)
    assert code is None or (1 <= code <= 99 and code == parse_item_code(text.lstrip()))


@settings(max_examples=300, deadline=None)
@given(thaiish)
def test_normalize_leaves_no_marks_to_repair(text: str) -> None:
    out = normalize(text)
    assert not any(ch in out for ch in "\u00a0\u200b\ufeff\x0c\r")
    assert "  " not in out
    assert "\u0e4d\u0e32" not in out and "\u0e33\u0e32" not in out


def test_odd_inputs_do_not_raise() -> None:
    weird = "ก\ud800\u0e48 o12 https://a.go.th/\ud800"  # lone surrogate
    assert normalize(weird) == normalize(normalize(weird))
    assert segment(weird)[-1] == "https://a.go.th/\ud800"
    assert normalize(None) == "" and segment(None) == [] and find_years(None) == []  # type: ignore[arg-type]
    assert thai_invalid_count(None) == 0 and compact(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [" " * 100_000, "1" * 100_000, "2565-" * 20_000, "0 2581 6666 " * 10_000, "\u0e48" * 100_000,
     "ก\u0e48\u0e34\u0e4d\u0e32 \u0e49" * 15_000, "https://a.go.th/" + "a/" * 50_000],
)
def test_large_adversarial_inputs_stay_fast(text: str) -> None:
    start = time.perf_counter()
    out = normalize(text)
    years_in(text)
    thai_invalid_count(text)
    separator(text, text)
    similarity(text, text[::-1])
    assert normalize(out) == out
    assert time.perf_counter() - start < 5.0  # each is well under 1 s when measured


# ---------------------------------------------------------------- validity


def test_validity() -> None:
    assert thai_valid("รายงานผลการดำเนินงานประจำปี")
    assert thai_invalid_count("\u0e48ก") == 1  # tone with no base
    assert thai_invalid_count("ก\u0e48\u0e49") == 1  # two tones
    assert thai_invalid_count("ก\u0e34\u0e35") == 1  # two upper vowels
    assert thai_invalid_count("ก\u0e34\u0e38") == 1  # lower vowel after upper
    assert thai_invalid_count("เ\u0e48") == 1  # leading vowel is not a base
    assert thai_invalid_count("ที\uf70a") == 1  # leftover PUA glyph
    assert thai_invalid_count("ทงั้ น ี้") == 2


def test_validity_picks_better_extraction() -> None:
    good = "ทั้งนี้ ประจำปี"
    bad = "ท ั ้งน ี ้ ประจ ําปี"
    assert thai_invalid_count(good) < thai_invalid_count(bad)


# ---------------------------------------------------------------- joining


@pytest.mark.parametrize(
    ("left", "right", "sep"),
    [
        ("ได้มี", "ส่วนร่วม", ""),
        ("Social", "Network", " "),
        ("2565", "2566", " "),
        ("ข้อมูล", "E-mail", " "),
        ("E-mail", "ข้อมูล", " "),
        ("แผนการใช้จ่ายงบประมาณประจำปี", "พ.ศ. 2565", " "),
        ("ข้อมูล", "(คลิ๊ก)", " "),
        ("ข้อมูล", ")", ""),
        ("ชื่อ-", "นามสกุล", ""),
        ("https://www.example.go.th/abc/", "def.pdf", ""),
        ("ดู https://www.example.go.th/index.php?id=", "12&lang=th", ""),
        ("https://www.example.go.th/abc", "/def", ""),
        ("https://www.example.go.th/abc/", "ข้อมูล", " "),
        ("https://www.example.go.th/a/", "https://b.go.th", " "),
        ("https://www.example.go.th", "(Click)", " "),
        ("ข้อมูล ", "x", ""),
        ("", "x", ""),
        ("ดู ที่ https://www.example.go.th/abc", "def.pdf", ""),  # the URL is the line's last word
        ("https://a.go.th/x.pdf", "(2565)", " "),  # "(" opens something new after a URL
        ("https://a.go.th/x.pdf", "(x.pdf)", " "),
        ("รหัส AX", "12", " "),  # a Latin letter before a number keeps its space
        ("แบบฟอร์ม X", "ใหม่", " "),  # ... and before Thai
        ("ขนาด X", ")", ""),  # a closing bracket joins even after a spaced letter
        ("ข้อ 12", "รายการ", " "),  # digits then Thai: no year broken in two
        # a Buddhist-era year (2400..2700) broken between its digits rejoins
        ("พ.ศ. ๒๕๖", "๔-๒๕๖๕", ""),
        ("ปี 24", "00", ""),
        ("ปี 27", "00", ""),
        ("ปี 27", "01", " "),
        ("ปี 23", "99", " "),
        # a URL broken inside its path rejoins; a new URL or token after it does not
        ("https://a.go.th/", "Xyz.pdf", ""),
        ("https://a.go.th/abc/", "def.pdf ดาวน์โหลด ที่นี่", ""),
        ("ดู ที่ https://www.example.go.th/abc/", "def.pdf", ""),
        ("https://a.go.th/x/", "www.b.go.th", " "),
        ("https://a.go.th/x/", "(2).pdf", " "),
        ("ดูที่ https://a.go.th/ab", "cd", " "),  # between two letters: not known to be one URL
    ],
)
def test_separator(left: str, right: str, sep: str) -> None:
    assert separator(left, right) == sep
    assert join_pair(left, right) == left + sep + right


def test_join_lines_seed_cells() -> None:
    assert (
        join_lines(["รายงานการกำกับติดตาม", "การดำเนินงานประจำปี พ.ศ.2565", "รอบ 6 เดือน (คลิ๊ก)"])
        == "รายงานการกำกับติดตามการดำเนินงานประจำปี พ.ศ.2565 รอบ 6 เดือน (คลิ๊ก)"
    )
    assert join_lines(["o34 นโยบายไม่รับของขวัญ", "(No Gift Policy)"]) == "o34 นโยบายไม่รับของขวัญ (No Gift Policy)"
    assert join_lines(["https://www.pathumthani.go.th/", "main/ita/o1.pdf"]) == "https://www.pathumthani.go.th/main/ita/o1.pdf"
    assert join_lines([]) == ""


# ---------------------------------------------------------------- years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("พ.ศ. 2565", [2565]),
        ("พ.ศ.2565", [2565]),
        ("พ.ศ 2565", [2565]),
        ("๒๕๖๕", [2565]),
        ("ปีงบประมาณ 2565", [2565]),
        ("ปีงบประมาณ พ.ศ. 2565", [2565]),
        ("ปี 65", [2565]),
        ("ปี พ.ศ. 65", [2565]),
        ("ต.ค. 64 – มี.ค. 65", [2564, 2565]),
        ("1 ตุลาคม 2564 - 31 มีนาคม 2565", [2564, 2565]),
        ("2566–2570", [2566, 2567, 2568, 2569, 2570]),
        ("พ.ศ. 2566 - 2570", [2566, 2567, 2568, 2569, 2570]),
        ("(พ.ศ.2566-2570)", [2566, 2567, 2568, 2569, 2570]),
        ("2566 ถึง 2570", [2566, 2567, 2568, 2569, 2570]),
        ("2566-70", [2566, 2567, 2568, 2569, 2570]),
        ("2022", [2565]),
        ("ค.ศ. 2022", [2565]),
        ("https://x.go.th/2565/o1_2565.pdf", [2565]),
        ("https://x.go.th/ita2564/", [2564]),
        ("https://x.go.th/2022/a.pdf", [2565]),
        ("พระราชบัญญัติการจัดซื้อจัดจ้าง พ.ศ. 2560", [2560]),
        ("2570-2566", [2566, 2570]),
        ("2500-2700", [2500, 2700]),
        ("ระยะมากกว่า 1 ปี", []),
        ("ราย 6 เดือน", []),
        ("ปี 12 เดือน", []),
        ("อายุ 2500 ปี", []),
        ("ราคา 2565 บาท", []),
        ("โทร 0 2581 6666", []),
        ("โทร 02-581-6666", []),
        ("เลขที่ 256512", []),
        ("2565.50", []),
        ("1234", []),
    ],
)
def test_years_in(text: str, years: list[int]) -> None:
    assert years_in(text) == years


def test_find_years_offsets_and_raw() -> None:
    text = "แผนพัฒนาจังหวัด (พ.ศ.2566-2570) ข้อมูลปี ๖๕"
    found = find_years(text)
    assert found == [
        YearMention(text.index("พ.ศ."), text.index(")"), 2566, 2570, "พ.ศ.2566-2570"),
        YearMention(text.index("ปี ๖๕"), len(text), 2565, 2565, "ปี ๖๕"),
    ]
    for y in found:
        assert text[y.start : y.end] == y.raw


def test_two_digit_years_follow_assessment_year() -> None:
    assert years_in("ปี 65") == [2565]
    assert years_in("ปี 01", assessment_year=2599) == [2601]
    assert years_in("ปี 99", assessment_year=2601) == [2599]


def test_seed_years() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert years_in(text) == [2560, 2564, 2565]
    assert all(text[y.start : y.end] == y.raw for y in find_years(text))


_ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 3000).map(str),
            st.sampled_from(["พ.ศ. ", "ปี ", "ปีงบประมาณ ", "ต.ค. ", "-", " ถึง ", " ", "/", "ค.ศ.", "บาท", "ปี", "x"]),
        ),
        max_size=8,
    ).map("".join)
)
def test_thai_and_arabic_digits_give_same_years(text: str) -> None:
    thai_text = text.translate(_ARABIC_TO_THAI)
    assert thai_digits_to_arabic(thai_text) == text
    arabic = [(y.start, y.end, y.first, y.last) for y in find_years(text)]
    thai_found = [(y.start, y.end, y.first, y.last) for y in find_years(thai_text)]
    assert arabic == thai_found
    assert years_in(text) == years_in(thai_text)


@settings(max_examples=300, deadline=None)
@given(st.integers(2400, 2700), st.sampled_from(["พ.ศ. {}", "ปีงบประมาณ {}", "({})", "/{}/", "ita{}.pdf", "ปี พ.ศ.{} (คลิ๊ก)"]))
def test_any_be_year_is_found(year: int, template: str) -> None:
    assert years_in(template.format(year)) == [year]


# ---------------------------------------------------------------- codes, markers, bullets


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("o1", 1),
        ("o12 รายงาน", 12),
        ("O36", 36),
        ("o 1 โครงสร้าง", 1),
        ("o๑๒", 12),
        ("  o43", 43),
        ("Photo1", None),
        ("01", None),
        ("0 1", None),
        ("O แสดงแผนผัง", None),
        ("o123", None),
        ("", None),
    ],
)
def test_parse_item_code(text: str, code: int | None) -> None:
    assert parse_item_code(text) == code


def test_item_code_search_in_text() -> None:
    text = "ตามแผนในข้อ o10 และข้อ O36 ดูที่ Photo1"
    assert [m.group("num") for m in ITEM_CODE.finditer(text)] == ["10", "36"]


@pytest.mark.parametrize(
    "marker", ["(คลิก)", "(คลิ๊ก)", "( คลิก )", "คลิกที่นี่", "(Click)", "click here", "(CLICK)", "[คลิก]"]
)
def test_click_marker(marker: str) -> None:
    assert CLICK_MARKER.search(f"ข้อมูลผู้บริหาร {marker}")
    assert CLICK_MARKER.sub("", f"ข่าวประชาสัมพันธ์{marker}").strip() == "ข่าวประชาสัมพันธ์"


def test_click_marker_ignores_plain_text() -> None:
    assert not CLICK_MARKER.search("ข้อมูลการติดต่อ (Q&A)")


# ---------------------------------------------------------------- segmentation, similarity


def test_segment_keeps_codes_and_urls() -> None:
    tokens = segment("o12 รายงานผลการดำเนินงาน ดู https://www.example.go.th/o12.pdf")
    assert tokens[0] == "o12"
    assert "https://www.example.go.th/o12.pdf" in tokens
    assert "".join(tokens) == "o12รายงานผลการดำเนินงานดูhttps://www.example.go.th/o12.pdf"
    assert segment("   ") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Web broad กล่องข้อความถาม-ตอบ", "Web board กล่องข้อความถาม-ตอบ"),
        ("ข้อมูลผู้บริหาร (คลิ๊ก)", "ข้อมูลผู้บริหาร (คลิก)"),
        ("ข้อมูล ผู้บริหาร", "ข้อมูลผู้บริหาร"),
        ("แผนการใช้จ่ายงบประมาณประจำปี", "แผนการใช้จ่ายงบประมาณประจําปี"),
        ("การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี", "การประเมินความเสี่ยงการทุจรืตและประพฤติมิชอบประจำปี"),
        ("นโยบายไม่รับของขวัญ (No Gift Policy)", "นโยบายไม่รับของขวัญ (No Gift Polcy)"),
    ],
)
def test_similarity_tolerates_typos(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.85
    assert similarity(b, a) == pytest.approx(similarity(a, b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ข้อมูลผู้บริหาร", "แผนการจัดซื้อจัดจ้าง"),
        ("ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "ช่องทางการรับฟังความคิดเห็น"),
        ("รายงานผลการดำเนินงานประจำปี", "รายงานการกำกับติดตามการดำเนินงานประจำปี"),
        ("Q&A", "Social Network"),
    ],
)
def test_similarity_separates_different_titles(a: str, b: str) -> None:
    assert similarity(a, b) < 0.75


def test_similarity_bounds() -> None:
    assert similarity("", "") == 1.0
    assert similarity("ข้อมูล", "") == 0.0
    assert similarity("E-Service", "E-Service (คลิ๊ก)") == 1.0


def test_compact() -> None:
    assert compact(" ข้อมูล\u00a0ผู้บริหาร\u200b (Q&A) ") == "ข้อมูลผู้บริหาร(q&a)"
    assert compact("ประจําปี") == compact("ประจำปี")


# --------------------------------------------------------------------------- gaps found by mutation testing
# (docs/testing.md, "Mutation testing": each test below fails under mutants of thai.py that the
# tests above let through)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("ค.ศ. 2022", [2565]),  # a Christian-era year, four digits or two
        ("ค.ศ. 22", [2565]),
        ("ค.ศ. 2021-23", [2564, 2565, 2566]),  # a CE range with a two-digit end
        ("ค.ศ. 2099-01", [2642, 2643, 2644]),  # ... rolling over the century
        ("พ.ศ. 2599-02", [2599, 2600, 2601, 2602]),
        ("ค.ศ. 1900", [2443]),  # the CE window is 1900..2200
        ("ค.ศ. 2200", [2743]),
        ("ค.ศ. 2201", []),
        ("พ.ศ. 2400", [2400]),  # the BE window is 2400..2700
        ("พ.ศ. 2700", [2700]),
        ("พ.ศ. 2701", []),
        ("รายงานปี 1990", [2533]),  # a bare CE year counts from 1990 to 2100
        ("รายงานปี 1989", []),
        ("รายงาน 1950", []),
    ],
)
def test_years_at_the_edges_of_their_windows(text: str, years: list[int]) -> None:
    assert years_in(text) == years


def test_a_typo_that_changes_the_segmentation_is_still_the_same_title() -> None:
    from oitparse.rules import TITLE_SIMILARITY_THRESHOLD

    # "อำนาจห้าที่" (a dropped letter) shares no word with "อำนาจหน้าที่": the characters carry it
    assert similarity("อำนาจหน้าที่", "อำนาจห้าที่") >= TITLE_SIMILARITY_THRESHOLD
    assert similarity("อำนาจหน้าที่", "อำนาจห้าที่") > similarity("อำนาจหน้าที่", "แผนการจัดซื้อจัดจ้าง")
    # a swapped pair of letters in one word: the word is still credited as a near match
    assert similarity("โครงสร้าง", "โครสงร้าง") >= 0.7


def test_url_continues_needs_text_on_both_sides() -> None:
    assert not thai.url_continues("https://a.go.th/x.pdf", "")
    assert not thai.url_continues("", "gphlap.go.th/")
    assert not thai.url_continues("https://a.go.th/x", " y")
    assert not thai.url_continues("ดูที่เว็บไซต์", "gphlap.go.th/")  # no URL on the left to go on with
    assert thai.url_continues("https://a.go.th/x", "y")


def test_join_lines_skips_what_is_not_text() -> None:
    assert join_lines(["ข้อมูล", None, "ผู้บริหาร"]) == join_lines(["ข้อมูล", "ผู้บริหาร"])
    assert join_lines([None, "ผู้บริหาร"]) == "ผู้บริหาร"


def test_segment_keeps_codes_and_urls_whole_in_text_not_seen_before() -> None:
    # fresh text: segment() caches, and a cached answer would not run the code under test
    text = f"ข้อ o7 ข่าว{time.monotonic_ns()}ที่ https://www.test.go.th/o7_news.pdf"
    tokens = segment(text)
    assert tokens[1] == "o7" and tokens[-1] == "https://www.test.go.th/o7_news.pdf"
    assert "".join(tokens) == text.replace(" ", "")


# ---------------------------------------------------------------- what a mutation run of thai.py left unpinned


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("่่ก่่่", 4),  # two tones with no base, then a second and a third tone on one base
        ("่กิีึ", 3),  # a mark with no base, then a second and a third upper vowel
        ("่กุุุ", 3),  # ... a second and a third lower vowel
        ("่ำำ", 3),  # ... SARA AM twice with no consonant before it
        ("่\ufffd\ufffd", 3),  # ... two unmapped glyphs
    ],
)
def test_invalid_count_adds_every_defect(text: str, count: int) -> None:
    # the count chooses between two extractions of the same glyphs: every defect must add
    assert thai_invalid_count(text) == count


@pytest.mark.parametrize(
    ("text", "first", "last", "raw"),
    [
        ("ค.ศ. 2021-51", 2564, 2594, "ค.ศ. 2021-51"),  # a two-digit end 30 years on: still a range
        ("2566-66", 2566, 2566, "2566-66"),  # the same year twice is one mention, not "2566-2666"
        ("2520-10", 2520, 2520, "2520"),  # an end before the start is a day or a number, not 2610
        ("ค.ศ. 1980-1985", 2523, 2528, "ค.ศ. 1980-1985"),  # CE years before 1990 count after ค.ศ.
    ],
)
def test_year_range_ends(text: str, first: int, last: int, raw: str) -> None:
    [y] = find_years(text)
    assert (y.first, y.last, y.raw) == (first, last, raw)


def test_year_range_beyond_thirty_years_is_not_a_range() -> None:
    assert [(y.first, y.last) for y in find_years("ค.ศ. 2021-52")] == [(2564, 2564)]
    assert years_in("พ.ศ. 2540-2570") == list(range(2540, 2571))  # exactly 30 years: expanded


def test_bare_ce_years_end_at_2100() -> None:
    assert years_in("ปีปฏิทิน 2100") == [2643]
    assert years_in("รหัส 2101") == []


def test_years_after_a_phone_number_are_found() -> None:
    # the phone's digits are masked, and only they: a year after it in the same text counts
    assert [y.first for y in find_years("โทร 02-565-2565 เอกสาร 2566")] == [2566]


def test_a_year_inside_a_rejected_longer_match_is_found() -> None:
    # "1234-2565" is no range (1234 is no year); its second half is still a year
    assert [(y.first, y.raw) for y in find_years("เลขที่ 1234-2565")] == [(2565, "2565")]


def test_find_years_of_a_non_string_is_empty() -> None:
    assert find_years(2565) == [] and years_in(None) == []  # type: ignore[arg-type]


def test_token_credit_starts_at_a_ratio_of_six_tenths() -> None:
    from oitparse.thai import _best_ratio

    assert _best_ratio("abcde", ("abcXY",)) == 0.6  # 2*3/10: credited
    assert _best_ratio("abcde", ("aXYZW",)) == 0.0  # 2*1/10: no credit at all


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("แผนการจัดซื้อจัดจ้าง", "แผนการจัดชื้อจัดจ้าง", 0.8),  # a typo splits the word: the characters lift it
        ("การเปิดโอกาสให้เกิดการมีส่วนร่วม", "การเปิดโอกาศให้เกิดการมีส่วนรวม", 0.8614),
        ("ข้อมูลผู้บริหาร", "ข้อมูลผู้บริหารสูงสุด", 0.8333),  # rounded to four places
    ],
)
def test_similarity_exact_values(a: str, b: str, score: float) -> None:
    assert similarity(a, b) == score
    assert similarity(b, a) == score


def test_explain_repeats_passes_and_adds_their_counts() -> None:
    # the doubled tone goes in pass one; only then is "ํ่า" a split SARA AM (pass two)
    assert explain("ทํา ทํ่่า") == ("ทำ ท่ำ", Counter({"split_sara_am": 2, "doubled_marks": 1}))
    assert explain("ท\u0e48\u0e35 น\u0e48\u0e35") == ("ที่ นี่", Counter({"mark_order": 2}))


def test_explain_of_a_non_string_is_its_text() -> None:
    assert explain(2565) == ("2565", Counter())  # type: ignore[arg-type]


def test_mark_order_keeps_the_marks_around_a_thanthakhat() -> None:
    # THANTHAKHAT is a segment boundary: marks move within their segment, none is lost
    assert fix_mark_order("ก์่ิ") == "ก์ิ่"
    assert fix_mark_order("ก์่ิ์") == "ก์ิ่์"


def test_years_glued_to_each_other_are_both_found() -> None:
    assert [y.raw for y in find_years("พ.ศ.2565พ.ศ.2566")] == ["พ.ศ.2565", "พ.ศ.2566"]


# (letter, Windows PUA, Mac PUA) as HarfBuzz's thai_pua_shape lists them (hb-ot-shaper-thai.cc),
# transcribed from it by shaping action: a typo in thai's table maps a glyph to the wrong letter.
_HARFBUZZ_THAI_PUA = {
    "SD (shift down)": [
        (0x0E48, 0xF70A, 0xF88B), (0x0E49, 0xF70B, 0xF88E), (0x0E4A, 0xF70C, 0xF891), (0x0E4B, 0xF70D, 0xF894),
        (0x0E4C, 0xF70E, 0xF897), (0x0E38, 0xF718, 0xF89B), (0x0E39, 0xF719, 0xF89C), (0x0E3A, 0xF71A, 0xF89D),
    ],
    "SDL (shift down-left)": [
        (0x0E48, 0xF705, 0xF88C), (0x0E49, 0xF706, 0xF88F), (0x0E4A, 0xF707, 0xF892), (0x0E4B, 0xF708, 0xF895),
        (0x0E4C, 0xF709, 0xF898),
    ],
    "SL (shift left)": [
        (0x0E48, 0xF713, 0xF88A), (0x0E49, 0xF714, 0xF88D), (0x0E4A, 0xF715, 0xF890), (0x0E4B, 0xF716, 0xF893),
        (0x0E4C, 0xF717, 0xF896), (0x0E31, 0xF710, 0xF884), (0x0E34, 0xF701, 0xF885), (0x0E35, 0xF702, 0xF886),
        (0x0E36, 0xF703, 0xF887), (0x0E37, 0xF704, 0xF888), (0x0E47, 0xF712, 0xF889), (0x0E4D, 0xF711, 0xF899),
    ],
    "RD (remove descender)": [(0x0E0D, 0xF70F, 0xF89A), (0x0E10, 0xF700, 0xF89E)],
}


@pytest.mark.parametrize("action", sorted(_HARFBUZZ_THAI_PUA))
def test_pua_glyphs_map_to_harfbuzz_letters(action: str) -> None:
    from oitparse.thai import fix_pua_glyphs

    for letter, win, mac in _HARFBUZZ_THAI_PUA[action]:
        assert fix_pua_glyphs("ก" + chr(win)) == "ก" + chr(letter), hex(win)
        assert fix_pua_glyphs("ก" + chr(mac)) == "ก" + chr(letter), hex(mac)


def test_pua_glyphs_are_only_harfbuzz_ones() -> None:
    from oitparse.thai import fix_pua_glyphs

    known = {c for rows in _HARFBUZZ_THAI_PUA.values() for _, win, mac in rows for c in (win, mac)}
    assert len(known) == 54  # the Windows block U+F700..F71A and the Mac block U+F884..F89E
    others = [c for c in [*range(0xF6F0, 0xF720), *range(0xF880, 0xF8A0)] if c not in known]
    assert all(fix_pua_glyphs(chr(c)) == chr(c) for c in others)


def test_month_abbreviations_with_spaces_or_without_their_last_dot() -> None:
    # typed "ต. ค." and "มี.ค" are still months: the two-digit years after them count
    assert [(y.first, y.raw) for y in find_years("ต. ค. 64 – มี.ค 65")] == [(2564, "ต. ค. 64"), (2565, "มี.ค 65")]
