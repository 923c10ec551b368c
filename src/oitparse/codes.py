"""Item codes as agencies write them: the one pattern every stage uses.

The OIT form numbers its items ``o1`` .. ``o43``; agencies type them as ``o1``, ``O1``,
``O 1``, ``o.1``, ``OIT 1``, ``OIT1``, with Thai digits (``o๑``), with a Cyrillic or Greek
look-alike of the letter, and in a code column with a digit zero for the letter
(``01``, ``010``). Readers (to tell item rows from header and topic rows), the assembler
(to split items) and the segmenter (to keep a code whole) all ask this module.

>>> [match_code(t).number for t in ("o1", "O 12 รายงาน", "OIT 7", "oit10", "o.3", "O๑๒", "о5")]
[1, 12, 7, 10, 3, 12, 5]
>>> match_code("O แสดงแผนผัง") is None, match_code("Photo1") is None, match_code("o1.2") is None
(True, True, True)
>>> match_code("010") is None, match_code("010", cell=True).number
(True, 10)

A form whose codes carry another prefix (the Ministry of Public Health's ``MOIT 1``) names
it: ``match_code(text, prefix="MOIT")``; the default prefix is the ITA's ``o``/``OIT``.

>>> match_code("MOIT 1") is None, match_code("MOIT 12 หน่วยงานมี", prefix="MOIT").number
(True, 12)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["CODE", "CodeMatch", "match_code", "starts_with_code", "code_number", "join_wrapped", "find_prefix", "SUB_CRITERION"]

_DIGITS = "0-9๐-๙"
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# The letter: Latin o/O and its Cyrillic (о О) and Greek (ο Ο) look-alikes, or "OIT".
# A space, NBSP, "." or "-" may stand between the letter and the number ("O 1", "o.1",
# "OIT-1"), never more than one of each.
_PREFIX = r"(?:(?i:oit)|[oOоОοΟ])[ \u00a0]?[.\-]?[ \u00a0]?"
_NUMBER = rf"(?P<num>[{_DIGITS}]{{1,2}})(?![{_DIGITS}])(?![./][{_DIGITS}])"

#: An item code anywhere in text, not inside a Latin word ("Photo1", "MOIT1") or a longer
#: number; group ``num`` holds the digits. Used to keep codes whole when segmenting.
CODE = regex.compile(rf"(?<![A-Za-z0-9_]){_PREFIX}{_NUMBER}")

# At the start of a line or cell, a code ends at a space or a separator (".", ":", ")",
# "-", as in "O1 : โครงสร้าง"), at the end, or runs straight into Thai ("O1โครงสร้าง"
# when the space was lost). The separator and the spaces around it are not the title's.
_TAIL = r"\s*[.:)\]\-–]\s*|\s+|$|(?=[\u0e01-\u0e4e])"
_AT_START = regex.compile(rf"^\s*(?P<code>{_PREFIX}{_NUMBER})(?P<tail>{_TAIL})")
# In a code cell only: the digit zero typed for the letter ("01", "010", "023").
_ZERO_AT_START = regex.compile(rf"^\s*(?P<code>0(?P<num>[0-9]{{1,2}})(?![0-9])(?![./][0-9]))(?P<tail>{_TAIL})")


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """An item code found at the start of a text."""

    number: int  #: 1 for "o1"
    end: int  #: offset just after the code and the space or punctuation after it
    written: str  #: the code as written ("OIT 1")

    @property
    def code(self) -> str:
        """The normalized code, "o1"."""
        return f"o{self.number}"


#: The prefixes the default pattern reads (the ITA's "o" and "OIT"); any other prefix is a
#: form of its own (``prefix="MOIT"``).
DEFAULT_PREFIXES = frozenset({"o", "oit"})


@lru_cache(maxsize=32)
def _at_start(prefix: str | None) -> regex.Pattern[str]:
    """The start-of-text pattern for a form's code prefix (None or "o": the default one)."""
    if prefix is None or prefix.strip().lower() in DEFAULT_PREFIXES:
        return _AT_START
    letters = regex.escape(prefix.strip())
    return regex.compile(rf"^\s*(?P<code>(?i:{letters})[ \u00a0]?[.\-]?[ \u00a0]?{_NUMBER})(?P<tail>{_TAIL})")


def code_number(digits: str) -> int:
    """Arabic or Thai digits as an int.

    >>> code_number("๑๒")
    12
    """
    return int(digits.translate(_TO_ARABIC))


def match_code(text: str, *, cell: bool = False, prefix: str | None = None) -> CodeMatch | None:
    """The item code at the start of ``text``, or None.

    ``cell`` says the text is a table cell of the code column, where a leading digit
    zero is the letter ("010" is o10); elsewhere "01" is a number, not a code.
    ``prefix`` is the letters of a form whose codes are not the ITA's ("MOIT").
    """
    if not isinstance(text, str):
        return None
    m = _at_start(prefix).match(text)
    if m is None and cell:
        m = _ZERO_AT_START.match(text)
    if m is None:
        return None
    number = code_number(m.group("num"))
    if not 1 <= number <= 99:
        return None
    return CodeMatch(number, m.end(), m.group("code"))


# Letters ending in "OIT" and a number opening a text: the code of an OIT form of an agency
# family with a prefix of its own ("MOIT 1", the Ministry of Public Health's).
_FAMILY_CODE = regex.compile(rf"^\s*(?P<letters>[A-Za-z]{{1,4}}(?i:oit))[ \u00a0]?[.\-]?[ \u00a0]?[{_DIGITS}]")


def find_prefix(texts: Iterable[str], *, min_items: int = 3) -> str | None:
    """The code prefix of a document whose codes are not the ITA's: the letters before "OIT"
    ("MOIT") that open texts as codes of at least ``min_items`` different item numbers (the
    most of them when several do), spelled as most of those texts spell them; None when
    there is none.

    >>> find_prefix(["MOIT 1 หน่วยงานมี", "1.1 มีบันทึก", "MOIT 2 ข้อมูล", "MOIT3", "ต.ค. 67"])
    'MOIT'
    >>> find_prefix(["o1 โครงสร้าง", "OIT 2 ข้อมูลผู้บริหาร", "O 3 อำนาจหน้าที่"]) is None
    True
    """
    numbers: dict[str, set[int]] = {}
    spelled: dict[str, Counter[str]] = {}
    for text in texts:
        m = _FAMILY_CODE.match(text) if isinstance(text, str) else None
        if m is None:
            continue
        letters = m.group("letters")
        key = letters.upper()
        if key.lower() in DEFAULT_PREFIXES:
            continue
        code = match_code(text, prefix=letters)
        if code is None:
            continue
        numbers.setdefault(key, set()).add(code.number)
        spelled.setdefault(key, Counter())[letters] += 1
    best = max(numbers, key=lambda k: (len(numbers[k]), k), default=None)
    if best is None or len(numbers[best]) < min_items:
        return None
    return spelled[best].most_common(1)[0][0]


_ONE_OR_TWO = rf"[{_DIGITS}]{{1,2}}"

#: The "9.1" numbering shape, as a pattern to embed: one or two digits, a dot, one or two
#: digits, no digit after. It numbers the ITA form's sub-indicator headings ("9.1 การเปิดเผย
#: ข้อมูล") and a family form's sub-criteria (``SUB_CRITERION``).
DECIMAL_NUMBERING = rf"{_ONE_OR_TWO}\.{_ONE_OR_TWO}(?![{_DIGITS}])"

#: A numbered sub-criterion opening a text ("1.2 มีคำสั่ง...", the MOIT forms'): group ``code``
#: is its numbering ("1.2"), ``item`` the number of the item it belongs to ("1").
SUB_CRITERION = regex.compile(rf"^\s*(?P<code>(?P<item>{_ONE_OR_TWO})\.{_ONE_OR_TWO})(?![{_DIGITS}])[.)]?\s*")


def starts_with_code(text: str, *, cell: bool = False, prefix: str | None = None) -> bool:
    """Whether ``text`` opens with an item code (see :func:`match_code`)."""
    return match_code(text, cell=cell, prefix=prefix) is not None


# Two characters a wrap inside a code falls between: the letters and digits of "OIT 10".
_WRAP_INSIDE = regex.compile(r"[A-Za-z0-9๐-๙.\-][0-9๐-๙A-Za-z]")


def wrap_separator(left: str, right: str) -> str:
    """What stands between two wrapped lines of a code cell: nothing inside a code ("O1" /
    "0", "OI" / "T", "OIT" / "๑๐"), a space elsewhere.

    >>> join_wrapped(["O1", "0"]), join_wrapped(["OI", "T", "๒๒"]), join_wrapped(["o1", "โครงสร้าง"])
    ('O10', 'OIT๒๒', 'o1 โครงสร้าง')

    A code that has its digits is whole: a Latin title or a number after it is not more of
    it (a code has at most two digits).

    >>> join_wrapped(["OIT 17", "E-Service"]), join_wrapped(["O2", "2565"]), join_wrapped(["0", "21"])
    ('OIT 17 E-Service', 'O2 2565', '021')
    """
    if not (left and right and _WRAP_INSIDE.match(left[-1] + right[0])):
        return " "
    have = _code_digits(left)
    more = len(_LEADING_DIGITS.match(right).group())
    if have and not more:
        return " "  # "OIT 17" / "E-Service": the code is whole, its title follows
    return "" if have + more <= 2 else " "


_TRAILING_DIGITS = regex.compile(r"[0-9๐-๙]+$")
_LEADING_DIGITS = regex.compile(r"[0-9๐-๙]*")


def _code_digits(text: str) -> int:
    """How many digits the code being written at the end of ``text`` has so far: "O1" 1,
    "OIT " 0; a leading digit zero typed for the letter is not one ("0" 0, "01" 1)."""
    m = _TRAILING_DIGITS.search(text)
    if m is None:
        return 0
    run = m.group()
    if run[0] == "0" and (m.start() == 0 or not text[m.start() - 1].isalnum()):
        return len(run) - 1
    return len(run)


def join_wrapped(lines: list[str]) -> str:
    """The text of a code cell whose lines wrapped (see :func:`wrap_separator`)."""
    text = ""
    for line in lines:
        line = line.strip()
        if line:
            text = text + wrap_separator(text, line) + line if text else line
    return text

