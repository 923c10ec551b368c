"""Item codes as agencies write them (oitparse.codes): the one pattern every stage uses."""

from __future__ import annotations

import pytest

from oitparse import codes


@pytest.mark.parametrize(
    ("text", "number", "written"),
    [
        ("o1", 1, "o1"),
        ("O1 โครงสร้าง", 1, "O1"),
        ("O 12 รายงาน", 12, "O 12"),
        ("o.7", 7, "o.7"),
        ("O.1 : โครงสร้าง", 1, "O.1"),
        ("OIT 1", 1, "OIT 1"),
        ("OIT1", 1, "OIT1"),
        ("oit 43", 43, "oit 43"),
        ("OIT-5", 5, "OIT-5"),
        ("o๑๒", 12, "o๑๒"),
        ("O๒๒ ข้อมูล", 22, "O๒๒"),
        ("\u043e5", 5, "\u043e5"),  # Cyrillic о
        ("\u039f9", 9, "\u039f9"),  # Greek Ο
        ("O1โครงสร้าง", 1, "O1"),  # the space lost before the title
        ("  o43", 43, "o43"),
    ],
)
def test_codes_as_agencies_write_them(text: str, number: int, written: str) -> None:
    m = codes.match_code(text)
    assert m is not None and (m.number, m.written, m.code) == (number, written, f"o{number}")


@pytest.mark.parametrize(
    "text",
    ["O แสดงแผนผัง", "Photo1", "MOIT 1", "o1.2", "o123", "01", "010", "0 1", "9.1 ข้อมูลพื้นฐาน", "", "o0", "ข้อ 1"],
)
def test_not_codes(text: str) -> None:
    assert codes.match_code(text) is None


def test_digit_zero_is_a_code_only_in_a_code_cell() -> None:
    assert codes.match_code("010") is None
    assert codes.match_code("010", cell=True).number == 10
    assert codes.match_code("01 : โครงสร้าง", cell=True).number == 1
    assert codes.match_code("023", cell=True).number == 23
    assert codes.match_code("0.5", cell=True) is None  # a number, not a code
    assert codes.match_code("00", cell=True) is None


def test_separator_after_the_code_is_not_the_title() -> None:
    for text in ("O1 : โครงสร้าง", "o1. โครงสร้าง", "o1) โครงสร้าง", "OIT 1 - โครงสร้าง", "o1 โครงสร้าง"):
        m = codes.match_code(text)
        assert text[m.end :] == "โครงสร้าง", text


@pytest.mark.parametrize(
    ("lines", "joined"),
    [(["O1", "0"], "O10"), (["OI", "T", "๒๒"], "OIT๒๒"), (["OIT", "10"], "OIT10"), (["o.", "23"], "o.23"),
     (["0", "21"], "021"), (["o1", "โครงสร้าง"], "o1 โครงสร้าง"), (["", "O5", " "], "O5"),
     # a code with its digits is whole: what follows is its title or a number
     (["OIT 17", "E-Service"], "OIT 17 E-Service"), (["O2", "2565"], "O2 2565"), (["O", "1", "0"], "O10"),
     (["01", "0"], "010"), (["o12", "3"], "o12 3")],
)
def test_a_wrapped_code_cell_is_joined_inside_the_code(lines: list[str], joined: str) -> None:
    assert codes.join_wrapped(lines) == joined


def test_thai_item_code_is_the_same_pattern() -> None:
    from oitparse import thai

    assert thai.ITEM_CODE is codes.CODE
    assert thai.parse_item_code("OIT 7 ข้อมูล") == 7
    assert [m.group("num") for m in codes.CODE.finditer("ตามข้อ o10 และ OIT 36 ดู Photo1")] == ["10", "36"]


def test_code_numbers_run_from_1_to_99_and_defaults_are_not_a_code_cell():
    assert codes.match_code("o99").number == 99 and codes.match_code("o0") is None
    assert codes.starts_with_code("o5") and not codes.starts_with_code("010")  # outside a code cell
    assert codes.starts_with_code("010", cell=True)
    assert codes.join_wrapped([]) == "" and codes.join_wrapped(["", " "]) == ""
