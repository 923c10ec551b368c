"""List bullets as agencies type them: the one place their characters and patterns live.

The OIT form marks each required element with a letter "O" followed by a no-break space;
agencies retype it as "o", a Wingdings circle (U+F06F), a symbol bullet (•, ●, ▪, ✓ …,
Word's Symbol/Wingdings bullets in the Private Use Area) or a dash. The readers (the PDF
reader, to keep a bullet's narrow gap; the table tagger, to tell a requirement row from a
header row), the assembler (to split requirements) and :mod:`oitparse.thai` all ask this module.

An "O" followed by a number is an item code, never a bullet (see :mod:`oitparse.codes`):

>>> bool(REQUIREMENT.match("O ที่อยู่หน่วยงาน")), bool(REQUIREMENT.match("o5 ข้อมูลการติดต่อ"))
(True, False)
>>> ANY.match("• แผนผังโครงสร้าง").group("bullet"), ANY.match("2) รายงาน").group("bullet")
('•', '2)')
>>> [bool(LEADING.match(t)) for t in ("Oแสดงแผนผัง", "OE-mail", "OIT 1", "- ข้อ")]
[True, True, False, False]
"""

from __future__ import annotations

import regex

__all__ = ["SYMBOLS", "DASHES", "LETTERS", "GLYPHS", "ANY", "REQUIREMENT", "LEADING", "INLINE", "DASH"]

#: Symbol bullets: typed ones and the Symbol/Wingdings glyphs Word leaves in the Private Use
#: Area (U+F0B7 "•", U+F0A7 "▪", U+F076 "❖", U+F0D8 "➢", U+F0FC "✓", U+F0A8 "□").
SYMBOLS = "○◦●•▪■□✓✔❖➢►\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
#: Dashes that open a list line: hyphen-minus, en dash, em dash.
DASHES = "-–—"
#: The form's requirement bullet: the letter O (either case) or the Wingdings circle U+F06F.
LETTERS = "Oo\uf06f"

#: Single glyphs that, alone at a line start and set off by a gap, are a bullet (the PDF
#: reader keeps that gap as a space: PDFium drops the no-break space after "O").
GLYPHS = frozenset(LETTERS + SYMBOLS + DASHES + "*")

_CLASS = regex.escape  # characters inside [...]
# "O" then a space and a one- or two-digit number is the code "O 12", not a bullet.
_NOT_CODE = r"(?![ \t\u00a0]?[0-9๐-๙]{1,2}(?![0-9๐-๙]))"
_GAP = r"[ \t\u00a0]+"

#: A line-leading bullet followed by a space: a requirement letter, a symbol, a dash, "*",
#: or a list number "1." / "1)". Group ``bullet`` holds the marker.
ANY = regex.compile(
    rf"^[ \t]*(?P<bullet>[{LETTERS}]{_NOT_CODE}|[{_CLASS(SYMBOLS + DASHES)}*]|[0-9๐-๙]{{1,2}}[.)]){_GAP}"
)
#: Only the form's requirement bullet (a letter), followed by a space.
REQUIREMENT = regex.compile(rf"^[ \t]*(?P<bullet>[{LETTERS}]){_NOT_CODE}{_GAP}")
#: What the assembler strips as a requirement bullet: a letter or symbol before a space or
#: the end, or a letter glued to its text when the no-break space after it was lost:
#: "Oแสดง", "OE-mail" (but not "OIT").
LEADING = regex.compile(
    rf"^\s*(?:[{LETTERS}{_CLASS(SYMBOLS)}](?=\s|$)|[Oo](?=[\u0e00-\u0e7f])|O(?=[A-Z][a-z-]))\s*"
)
#: A requirement bullet inside a line, after text: "o1 โครงสร้าง O แสดงแผนผัง…".
INLINE = regex.compile(r"(?<=\S)\s+[O○●•](?=\s)\s*")
#: A dash opening a line, with the spaces around it.
DASH = regex.compile(rf"^\s*[{_CLASS(DASHES)}]\s*")
