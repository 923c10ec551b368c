"""Bullets: one set of characters, and the patterns the readers and the assembler share."""

from __future__ import annotations

import pytest

from oitparse import bullets
from oitparse.bullets import ANY, DASH, GLYPHS, INLINE, LEADING, REQUIREMENT


@pytest.mark.parametrize(
    ("line", "bullet"),
    [
        ("O แสดงแผนผัง", "O"),
        ("O\u00a0ที่อยู่หน่วยงาน", "O"),
        ("- ข้อมูลผู้ว่าราชการ", "-"),
        ("• ข้อ", "•"),
        ("\uf0b7 ข้อ", "\uf0b7"),
        ("1. ข้อ", "1."),
        ("2) ข้อ", "2)"),
        ("✓ ข้อ", "✓"),
        ("o12 รายงาน", None),
        ("o 12 รายงาน", None),
        ("O 5 ปี", None),
        ("Open Data", None),
        ("-แจ้งเรื่อง", None),
    ],
)
def test_bullet(line: str, bullet: str | None) -> None:
    m = ANY.match(line)
    assert (m.group("bullet") if m else None) == bullet


def test_requirement_bullet_only_o() -> None:
    assert REQUIREMENT.match("O ที่อยู่หน่วยงาน")
    assert not REQUIREMENT.match("- ที่อยู่หน่วยงาน")
    assert not REQUIREMENT.match("o5 ข้อมูลการติดต่อ")
    assert not REQUIREMENT.match("o 5 ข้อมูลการติดต่อ")


@pytest.mark.parametrize("symbol", list(bullets.SYMBOLS))
def test_every_symbol_is_a_bullet_to_every_stage(symbol: str) -> None:
    # one set of characters: the PDF reader's gap rule, the assembler's requirement split and
    # thai's list bullets cannot disagree on what a bullet is
    line = f"{symbol} แผนผังโครงสร้าง"
    assert ANY.match(line).group("bullet") == symbol
    assert LEADING.match(line).end() == 2
    assert symbol in GLYPHS
    assert not REQUIREMENT.match(line)  # only the form's letter is the requirement bullet


@pytest.mark.parametrize("dash", list(bullets.DASHES))
def test_dashes_are_list_bullets_not_requirement_letters(dash: str) -> None:
    line = f"{dash} ข้อมูลผู้บริหาร"
    assert ANY.match(line).group("bullet") == dash
    assert DASH.match(line).end() == 2
    assert not LEADING.match(line)  # a dash is told apart where it opens a requirement
    assert dash in GLYPHS


@pytest.mark.parametrize(
    ("line", "stripped"),
    [
        ("O แสดงแผนผัง", "แสดงแผนผัง"),
        ("Oแสดงแผนผัง", "แสดงแผนผัง"),  # the no-break space after the letter lost
        ("OE-mail", "E-mail"),
        ("\uf06f ที่อยู่", "ที่อยู่"),
        ("  ● ที่อยู่", "ที่อยู่"),
        ("O", ""),
    ],
)
def test_leading_bullet_is_stripped(line: str, stripped: str) -> None:
    m = LEADING.match(line)
    assert m is not None and line[m.end():] == stripped


@pytest.mark.parametrize("line", ["OIT 1 โครงสร้าง", "Open Data", "o1 โครงสร้าง", "ข้อมูล", "*หมายเหตุ", "- ข้อ"])
def test_leading_bullet_leaves_other_lines(line: str) -> None:
    assert LEADING.match(line) is None


def test_inline_requirement_bullet_after_text() -> None:
    line = "o1 โครงสร้าง O แสดงแผนผัง ● ตำแหน่ง"
    assert [line[m.end():m.end() + 4] for m in INLINE.finditer(line)] == ["แสดง", "ตำแห"]
    assert not list(INLINE.finditer("O แสดงแผนผัง"))  # at the line start it is LEADING's
