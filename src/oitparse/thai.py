"""Thai text tools: repair extracted text, join wrapped lines, find years, compare titles.

Text pulled out of Thai government PDFs and Word files carries a handful of
well-known defects (legacy font glyphs in the Private Use Area, SARA AM split
in two, marks out of order, spaces wedged before combining marks). Each defect
has one small ``fix_*`` function below, in the style of ftfy's ``fixes.py``;
:func:`normalize` applies them all and :func:`explain` also says which ones fired.

Everything here is pure and never raises on any ``str``. Only :func:`segment`
and :func:`similarity` import PyThaiNLP, lazily, because it is slow to import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from .codes import CODE, match_code
from .urls import URL_CHARS, typed_urls

__all__ = [
    "normalize",
    "explain",
    "fix_odd_spaces",
    "fix_zero_width",
    "fix_control_chars",
    "fix_pua_glyphs",
    "fix_space_before_mark",
    "fix_split_sara_am",
    "fix_mark_order",
    "fix_doubled_marks",
    "fix_space_runs",
    "thai_valid",
    "thai_invalid_count",
    "separator",
    "join_pair",
    "join_lines",
    "YearMention",
    "find_years",
    "years_in",
    "segment",
    "similarity",
    "compact",
    "ITEM_CODE",
    "parse_item_code",
    "CLICK_MARKER",
    "thai_digits_to_arabic",
]

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

#: Thai consonants (ก..ฮ), the only letters a combining mark may sit on.
CONSONANTS = "\u0e01-\u0e2e"
#: Vowels written above the base (MAI HAN-AKAT, SARA I..UEE, MAITAIKHU).
UPPER_VOWELS = "\u0e31\u0e34-\u0e37\u0e47"
#: Vowels written below the base (SARA U, SARA UU, PHINTHU).
LOWER_VOWELS = "\u0e38-\u0e3a"
#: The four tone marks (MAI EK, MAI THO, MAI TRI, MAI CHATTAWA).
TONES = "\u0e48-\u0e4b"
#: Every Thai combining mark (vowels, tones, THANTHAKHAT, NIKHAHIT, YAMAKKAN).
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC_DIGITS = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")


def thai_digits_to_arabic(s: str) -> str:
    """Replace Thai digits by ASCII digits, one for one (offsets are kept).

    >>> thai_digits_to_arabic("พ.ศ. ๒๕๖๕")
    'พ.ศ. 2565'
    """
    return s.translate(_TO_ARABIC)


# --------------------------------------------------------------------------
# Repairs: one function per defect. Each ``_x`` returns (text, count).
# --------------------------------------------------------------------------

# Plain character-class scans use the stdlib ``re``: 2-4x faster than ``regex`` here.

# Spaces other than U+0020 that Word/PDF put in text: NBSP, figure space,
# narrow NBSP, en/em spaces, ideographic space. Tabs and newlines are kept.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible format characters: zero-width space/joiners, word joiner, BOM,
# soft hyphen, bidi marks. They split words for matching and carry no text.
_ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# C0/C1 controls except TAB and LF; CR is dropped because lines are split upstream.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _odd_spaces(text: str) -> tuple[str, int]:
    return _ODD_SPACES.subn(" ", text)


def fix_odd_spaces(text: str) -> str:
    """NBSP (U+00A0), figure/narrow spaces etc. -> plain space.

    Word uses NBSP after bullets and in "พ.ศ. 2565"; PDF extractors keep it.

    >>> fix_odd_spaces("พ.ศ.\\u00a02565\\u202fx")
    'พ.ศ. 2565 x'
    """
    return _odd_spaces(text)[0]


def _zero_width(text: str) -> tuple[str, int]:
    return _ZERO_WIDTH.subn("", text)


def fix_zero_width(text: str) -> str:
    """Remove zero-width and other invisible format characters.

    Thai typists put U+200B between words to help line breaking; web pages
    and DOCX carry BOMs and joiners. They would defeat exact matching.

    >>> fix_zero_width("ข้อมูล\\u200bพื้นฐาน\\ufeff")
    'ข้อมูลพื้นฐาน'
    """
    return _zero_width(text)[0]


def _control_chars(text: str) -> tuple[str, int]:
    return _CONTROL.subn("", text)


def fix_control_chars(text: str) -> str:
    """Remove control characters except tab and newline (form feeds, CR, NUL from PDFs).

    >>> fix_control_chars("o1\\x0cโครงสร้าง\\r\\n")
    'o1โครงสร้าง\\n'
    """
    return _control_chars(text)[0]


def _pua_table() -> dict[int, str]:
    """Invert HarfBuzz's Thai PUA fallback tables (hb-ot-shaper-thai.cc).

    Legacy Thai fonts (TH SarabunPSK, Angsana, Cordia on Windows; the Mac
    system fonts) draw shifted/descender-less variants of marks and letters
    from PUA code points; PDFs made with them often map the glyph back to the
    PUA code point instead of the Thai letter. Columns: letter, Windows, Mac.
    """
    rows = [
        # shift down (tone over a short consonant with no upper vowel)
        (0x0E48, 0xF70A, 0xF88B), (0x0E49, 0xF70B, 0xF88E), (0x0E4A, 0xF70C, 0xF891),
        (0x0E4B, 0xF70D, 0xF894), (0x0E4C, 0xF70E, 0xF897),
        (0x0E38, 0xF718, 0xF89B), (0x0E39, 0xF719, 0xF89C), (0x0E3A, 0xF71A, 0xF89D),
        # shift down-left (tone over a tall consonant ป ฝ ฟ)
        (0x0E48, 0xF705, 0xF88C), (0x0E49, 0xF706, 0xF88F), (0x0E4A, 0xF707, 0xF892),
        (0x0E4B, 0xF708, 0xF895), (0x0E4C, 0xF709, 0xF898),
        # shift left (marks over a tall consonant)
        (0x0E48, 0xF713, 0xF88A), (0x0E49, 0xF714, 0xF88D), (0x0E4A, 0xF715, 0xF890),
        (0x0E4B, 0xF716, 0xF893), (0x0E4C, 0xF717, 0xF896), (0x0E31, 0xF710, 0xF884),
        (0x0E34, 0xF701, 0xF885), (0x0E35, 0xF702, 0xF886), (0x0E36, 0xF703, 0xF887),
        (0x0E37, 0xF704, 0xF888), (0x0E47, 0xF712, 0xF889), (0x0E4D, 0xF711, 0xF899),
        # consonants without descender (ญ ฐ above a lower vowel)
        (0x0E0D, 0xF70F, 0xF89A), (0x0E10, 0xF700, 0xF89E),
    ]
    table: dict[int, str] = {}
    for letter, win, mac in rows:
        table[win] = chr(letter)
        table[mac] = chr(letter)
    return table


_PUA = _pua_table()
_PUA_RE = re.compile("[" + "".join(chr(c) for c in sorted(_PUA)) + "]")


def _pua_glyphs(text: str) -> tuple[str, int]:
    return _PUA_RE.subn(lambda m: _PUA[ord(m.group())], text)


def fix_pua_glyphs(text: str) -> str:
    """Map legacy-font Private Use Area glyphs back to Thai letters.

    >>> fix_pua_glyphs("ที\\uf70a")  # tone drawn shifted down -> MAI EK
    'ที่'
    >>> fix_pua_glyphs("\\uf700าน")  # THO THAN without descender
    'ฐาน'
    """
    return _pua_glyphs(text)[0]


# A space (or run of them) just before a Thai combining mark or SARA AM:
# extraction breaks at glyph boundaries ("ทงั้ น ี้"), and no word starts with a mark.
# (The lookbehind starts matches only at a run's first space: no quadratic rescans.)
_SPACE_BEFORE_MARK = regex.compile(f"(?<![ \t])[ \t]+(?=[{MARKS}\u0e33])")


def _space_before_mark(text: str) -> tuple[str, int]:
    return _SPACE_BEFORE_MARK.subn("", text)


def fix_space_before_mark(text: str) -> str:
    """Drop spaces that PDF extraction puts before a combining mark.

    >>> fix_space_before_mark("ทั้ง น ี้")
    'ทั้ง นี้'
    """
    return _space_before_mark(text)[0]


# NIKHAHIT (+ optional tone) + SARA AA: SARA AM decomposed, as shapers do it
# (HarfBuzz moves the NIKHAHIT before the tone) and PDFs keep it.
_NIKHAHIT_AA = re.compile(f"\u0e4d([{TONES}]?)\u0e32")
# SARA AM followed by a stray SARA AA: the glyph's ToUnicode gives "ำ" and
# the AA part of the drawing is extracted again.
_AM_AA = re.compile("\u0e33\u0e32+")


def _split_sara_am(text: str) -> tuple[str, int]:
    if "\u0e4d" not in text and "\u0e33" not in text:
        return text, 0
    text, n1 = _NIKHAHIT_AA.subn("\\1\u0e33", text)
    text, n2 = _AM_AA.subn("\u0e33", text)
    return text, n1 + n2


def fix_split_sara_am(text: str) -> str:
    """Rejoin SARA AM that extraction split into NIKHAHIT + SARA AA, or doubled.

    >>> fix_split_sara_am("ประจําปี")
    'ประจำปี'
    >>> fix_split_sara_am("ประจำาปี")
    'ประจำปี'
    >>> fix_split_sara_am("น\\u0e4d\\u0e49\\u0e32")  # NIKHAHIT, MAI THO, SARA AA
    'น้ำ'
    """
    return _split_sara_am(text)[0]


# A run of Thai combining marks on one base.
_MARK_RUN = regex.compile(f"[{MARKS}]{{2,}}")
_TONE_CHARS = frozenset(chr(c) for c in range(0x0E48, 0x0E4C))
_VOWEL_CHARS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47")
_TONE_BEFORE_VOWEL = regex.compile(f"[{TONES}][{UPPER_VOWELS}{LOWER_VOWELS}]")


def _reorder_run(run: str) -> str:
    # Move tones after the vowels of their segment; THANTHAKHAT/NIKHAHIT/
    # YAMAKKAN stay put as segment boundaries so no mark crosses them.
    out: list[str] = []
    vowels: list[str] = []
    tones: list[str] = []
    for ch in run:
        if ch in _TONE_CHARS:
            tones.append(ch)
        elif ch in _VOWEL_CHARS:
            vowels.append(ch)
        else:
            out += vowels + tones + [ch]
            vowels, tones = [], []
    out += vowels + tones
    return "".join(out)


def _mark_order(text: str) -> tuple[str, int]:
    if not _TONE_BEFORE_VOWEL.search(text):
        return text, 0
    count = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal count
        fixed = _reorder_run(m.group())
        if fixed != m.group():
            count += 1
        return fixed

    return _MARK_RUN.sub(fix, text), count


def fix_mark_order(text: str) -> str:
    """Put a tone mark after the upper/lower vowel of the same base.

    Typists (and some extractors) enter the tone first; Unicode's typing
    order is base, vowel, tone. Identical renderings, different strings.

    >>> fix_mark_order("ที\\u0e48") == fix_mark_order("ท\\u0e48\\u0e35")
    True
    >>> fix_mark_order("ท\\u0e48\\u0e35") == "ที่"
    True
    """
    return _mark_order(text)[0]


_DOUBLED_MARK = re.compile(f"([{MARKS}])\\1+")


def _doubled_marks(text: str) -> tuple[str, int]:
    return _DOUBLED_MARK.subn("\\1", text)


def fix_doubled_marks(text: str) -> str:
    """Collapse a combining mark repeated on one base ("่่" -> "่").

    Overlaid text (bold faked by drawing twice) and double key presses.

    >>> fix_doubled_marks("ที่\\u0e48")
    'ที่'
    """
    return _doubled_marks(text)[0]


_SPACE_RUN = re.compile(" {2,}")


def _space_runs(text: str) -> tuple[str, int]:
    return _SPACE_RUN.subn(" ", text)


def fix_space_runs(text: str) -> str:
    """Collapse runs of spaces (justified PDF text); newlines and tabs are kept.

    >>> fix_space_runs("ข้อมูล   พื้นฐาน\\n  o1")
    'ข้อมูล พื้นฐาน\\n o1'
    """
    return _space_runs(text)[0]


def _nfc(text: str) -> tuple[str, int]:
    if text.isascii():
        return text, 0
    fixed = unicodedata.normalize("NFC", text)
    return fixed, int(fixed != text)


#: The repairs in the order they run; names are the keys of :func:`explain`.
_REPAIRS: list[tuple[str, Callable[[str], tuple[str, int]]]] = [
    ("control_chars", _control_chars),
    ("zero_width", _zero_width),
    ("odd_spaces", _odd_spaces),
    ("pua_glyphs", _pua_glyphs),
    ("nfc", _nfc),
    ("space_before_mark", _space_before_mark),
    ("split_sara_am", _split_sara_am),
    ("mark_order", _mark_order),
    ("doubled_marks", _doubled_marks),
    ("space_runs", _space_runs),
]
# Repairs can enable each other (a removed space joins two marks); rerun until
# nothing changes. Each pass only shortens or sorts, so this ends quickly.
_MAX_PASSES = 6


def explain(text: str) -> tuple[str, Counter[str]]:
    """Normalize *text* and count the repairs applied, by name.

    >>> explain("ประจําปี\\u00a0พ.ศ.\\u00a02565")
    ('ประจำปี พ.ศ. 2565', Counter({'odd_spaces': 2, 'split_sara_am': 1}))
    """
    counts: Counter[str] = Counter()
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    for _ in range(_MAX_PASSES):
        changed = False
        for name, repair in _REPAIRS:
            text, n = repair(text)
            if n:
                counts[name] += n
                changed = True
        if not changed:
            break
    return text, counts


def normalize(text: str) -> str:
    """Apply every repair; idempotent and never raises.

    >>> normalize("ทงั้ น ี้  ประจําปี  พ.ศ.\\u00a0๒๕๖๕")
    'ทงั้ นี้ ประจำปี พ.ศ. ๒๕๖๕'
    """
    return explain(text)[0]


# --------------------------------------------------------------------------
# Validity: used to choose between two extractions of the same glyphs
# --------------------------------------------------------------------------

_CONS_SET = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
_UPPER_SET = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
_LOWER_SET = frozenset("\u0e38\u0e39\u0e3a")
_MARK_SET = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_SUSPECT = frozenset([*map(chr, _PUA), "\ufffd"])


def thai_invalid_count(text: str) -> int:
    """Count impossible Thai sequences (higher = worse extraction).

    Counted: a combining mark or SARA AM with no consonant base; a second
    tone mark or second upper/lower vowel on one base; a lower vowel after an
    upper vowel; a tone before a vowel (non-canonical order); leftover PUA
    glyphs and U+FFFD.

    >>> thai_invalid_count("ที่นี่")
    0
    >>> thai_invalid_count("ท ี่ ่ํา")  # four marks with no consonant under them
    4
    """
    if not isinstance(text, str):
        return 0
    if _VALID_THAI.fullmatch(text):
        return 0  # the usual case, decided at C speed
    return _count_invalid(text)


def _count_invalid(text: str) -> int:
    """thai_invalid_count's count, one character at a time."""
    bad = 0
    has_base = False
    tones = uppers = lowers = 0
    for ch in text:
        if ch in _MARK_SET:
            if not has_base:
                bad += 1
                continue
            if ch in _TONE_CHARS:
                tones += 1
                if tones > 1:
                    bad += 1
            elif ch in _UPPER_SET:
                uppers += 1
                if uppers > 1 or tones:
                    bad += 1
            elif ch in _LOWER_SET:
                lowers += 1
                if ch != "\u0e3a" and (lowers > 1 or uppers or tones):
                    bad += 1
        elif ch == "\u0e33":
            if not has_base:
                bad += 1
            has_base = False
        else:
            if ch in _SUSPECT:
                bad += 1
            has_base = ch in _CONS_SET
            tones = uppers = lowers = 0
    return bad


def _valid_thai_pattern() -> re.Pattern[str]:
    """Text in which :func:`_count_invalid` finds nothing, as one pattern.

    A base is a consonant with its marks in an order the count accepts, and maybe SARA AM
    after them, or any other character that is neither a mark, SARA AM, PUA nor U+FFFD.
    After a consonant: at most one lower vowel (U+0E38/0E39) and first of the lower-vowel
    set (PHINTHU U+0E3A counts in it), then at most one upper vowel, then at most one tone;
    PHINTHU and the marks U+0E4C..0E4E anywhere after those.
    """
    free = "\u0e4c-\u0e4e"  # thanthakhat, nikhahit, yamakkan: no counter
    mark = free + "\u0e3a"
    marks = f"[{free}]*+[\u0e38\u0e39]?+[{mark}]*+(?:[\u0e31\u0e34-\u0e37\u0e47][{mark}]*+)?+(?:[\u0e48-\u0e4b][{mark}]*+)?+"
    other = "".join(sorted(_MARK_SET | _SUSPECT | {"\u0e33"}))
    return re.compile(f"(?:[\u0e01-\u0e2e]{marks}\u0e33?+|[^{re.escape(other)}])*+")


_VALID_THAI = _valid_thai_pattern()


def thai_valid(text: str) -> bool:
    """True when :func:`thai_invalid_count` finds nothing.

    >>> thai_valid("ประจำปี"), thai_valid("ประจำปี\\u0e48\\u0e48")
    (True, False)
    """
    return thai_invalid_count(text) == 0


# --------------------------------------------------------------------------
# Joining wrapped lines
# --------------------------------------------------------------------------

# Thai letters and marks, not Thai digits/punctuation (numbers get a space).
_THAI_CHAR = regex.compile("[\u0e01-\u0e4e]")
# A line starting with a Thai abbreviation ("พ.ศ.", "ต.ค.", "ป.ป.ช.") is a new word.
_THAI_ABBR_START = regex.compile("[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e30-\u0e4e]?\\.[\u0e01-\u0e2e]")
_URL_START = regex.compile(r"(?i)(?:https?://|ftp://|www\.)\S+$")
# One letter (with its vowel) and a dot, as the parts of "ต.ค.", "พ.ศ.", "มี.ค." are written.
_ABBR_PART_END = regex.compile("(?:^|[^\u0e01-\u0e4e])[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e30-\u0e4e]?\\.$")
_ABBR_PART = regex.compile("[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e30-\u0e4e]?\\.")
_URL_PUNCT = "/-_.?=&#%~+:"
_CLOSING = ")]}.,;:!?%”’»"
_OPENING_JOINERS = "-/"  # a word broken at a hyphen or slash continues without space


# A numbered line ("1.2 มีคำสั่ง", "3) ..."): a new line of a list, never the rest of a URL.
LIST_NUMBER = regex.compile(r"[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)]?\s")


_DIGITS_END = regex.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{1,3}$")
_DIGITS_START = regex.compile(r"^[0-9๐-๙]{1,3}(?![0-9๐-๙])")


def _broken_year(left: str, right: str) -> bool:
    """Whether a wrap falls inside a four-digit Buddhist-era year (2400-2700): a narrow cell
    breaks between Thai digits as between Thai letters ("๒๕๖" / "๔-๒๕๖๕").

    >>> _broken_year("พ.ศ. ๒๕๖", "๔-๒๕๖๕"), _broken_year("ปี 25", "65"), _broken_year("ข้อ 12", "34 รายการ")
    (True, True, False)
    """
    a, b = _DIGITS_END.search(left), _DIGITS_START.match(right)
    if a is None or b is None or len(a.group()) + len(b.group()) != 4:
        return False
    return 2400 <= int((a.group() + b.group()).translate(_TO_ARABIC_DIGITS)) <= 2700


def separator(left: str, right: str) -> str:
    """The text to put between *left* and *right* wrapped lines: "" or " ".

    Thai writes no spaces between words, so a Thai-Thai break joins with
    nothing; Latin words and numbers need a space; a URL broken inside its
    path rejoins with nothing.

    >>> separator("ได้มี", "ส่วนร่วม"), separator("Social", "Network"), separator("ข้อมูล", "(คลิ๊ก)")
    ('', ' ', ' ')
    >>> separator("ดูที่ https://www.example.go.th/abc/", "def.pdf"), separator("https://a.go.th/x.pdf", "1.2 มีคำสั่ง")
    ('', ' ')
    >>> separator("แผนพัฒนาจังหวัด พ.ศ. 2566–", "2570"), separator("(ต.ค. 64 -", "มี.ค. 65)")
    ('', ' ')
    >>> separator("ประกาศ (ต.", "ค. 64)"), separator("ข่าวประชาสัมพันธ์", "พ.ศ. 2565")
    ('', ' ')
    """
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return ""
    a, b = left[-1], right[0]
    first_token = right.split(None, 1)[0]
    last_token = left.rsplit(None, 1)[-1]
    in_url = bool(_URL_START.match(last_token))
    if in_url and URL_CHARS.fullmatch(first_token) and not LIST_NUMBER.match(right):
        starts_new = first_token.lower().startswith(("http", "www.")) or first_token[0] in "([{"
        if not starts_new and (a in _URL_PUNCT or any(c in _URL_PUNCT for c in first_token)):
            return ""
    if a in "-–—" and left[-2:-1].isspace():
        return " "  # a spaced dash ("ต.ค. 64 -" / "มี.ค. 65") keeps its space after
    if _ABBR_PART_END.search(left) and _ABBR_PART.match(right):
        return ""  # a wrap inside a Thai abbreviation: "ต." / "ค. 64", "พ." / "ศ. 2565"
    if _broken_year(left, right):
        return ""  # a wrap inside a Buddhist-era year: "พ.ศ. ๒๕๖" / "๔-๒๕๖๕"
    if b in _CLOSING:
        return ""
    if a in "-–—/" and (b.isdigit() or b in _THAI_DIGITS):
        return ""  # a range or date broken after its dash: "2566–" / "2570"
    if (a in _OPENING_JOINERS and not in_url) or a in "([{":
        return ""
    if _THAI_CHAR.match(a) and _THAI_CHAR.match(b) and not _THAI_ABBR_START.match(right):
        return ""
    return " "


_URL_TAIL = regex.compile(r"(?i)(?:https?://|ftp://|www\.)[^\s<>\"'\u0e00-\u0e7f]*$")


def url_continues(left: str, right: str) -> bool:
    """Whether ``right`` goes on with the URL that ``left`` ends in (a URL typed in a narrow
    cell wraps anywhere, even between two letters); a new URL is not a continuation.

    >>> url_continues("ดูที่ https://www.ban", "gphlap.go.th/")
    True
    >>> url_continues("https://a.go.th/x.pdf", "https://b.go.th/"), url_continues("https://", "www.a.go.th/")
    (False, True)
    >>> url_continues("https://a.go.th/x.pdf", "(คลิก)"), url_continues("https://a.go.th/x.pdf ", "y")
    (False, False)
    >>> url_continues("https://a.go.th/x.pdf", "1.2 มีคำสั่ง"), url_continues("https://a.go.th/x_", "2565.pdf")
    (False, True)
    """
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    if not _URL_TAIL.search(left):
        return False
    if URL_CHARS.match(right) is None or LIST_NUMBER.match(right):
        return False  # not URL characters, or a numbered line ("1.2 มีคำสั่ง...")
    # A new URL starts on the right, unless the left holds only a scheme ("https://" / "www.a.go.th").
    return not regex.match(r"(?i)https?://|ftp://|www\.", right) or bool(regex.search(r"(?i)(?:https?|ftp)://$", left))


def join_pair(left: str, right: str) -> str:
    """``left + separator(left, right) + right``.

    >>> join_pair("รายงานการกำกับติดตาม", "การดำเนินงานประจำปี")
    'รายงานการกำกับติดตามการดำเนินงานประจำปี'
    """
    return left + separator(left, right) + right


def join_lines(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one cell/paragraph (each line is stripped first).

    >>> join_lines(["แผนการใช้จ่ายงบประมาณประจำปี ", "พ.ศ. 2565 (คลิ๊ก)"])
    'แผนการใช้จ่ายงบประมาณประจำปี พ.ศ. 2565 (คลิ๊ก)'
    >>> join_lines(["ได้มี", "", "ส่วนร่วม"])
    'ได้มีส่วนร่วม'
    """
    text = ""
    for line in lines:
        line = line.strip() if isinstance(line, str) else ""
        if line:
            text = join_pair(text, line) if text else line
    return text


# --------------------------------------------------------------------------
# Years
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearMention:
    """A year or year range found in text; ``first``/``last`` are Buddhist Era years."""

    start: int
    end: int
    first: int
    last: int
    raw: str


#: A range longer than this is not expanded (it is probably two unrelated numbers).
MAX_RANGE_YEARS = 30

_MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
_MONTHS_FULL = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]


def _abbr_pattern(abbr: str) -> str:
    # "ต.ค." also written "ต.ค", "ต. ค."
    parts = abbr.rstrip(".").split(".")
    return r"\s?\.\s?".join(regex.escape(p) for p in parts) + r"\.?"


_MONTH = "(?:" + "|".join([*_MONTHS_FULL, *sorted(map(_abbr_pattern, _MONTHS_ABBR), key=len, reverse=True)]) + ")"
# "[ ]" not " ": these are used in VERBOSE patterns, where spaces are ignored.
_BE = r"พ[ ]?\.[ ]?ศ[ ]?\.?"
_CE = r"ค[ ]?\.[ ]?ศ[ ]?\.?"
# Words after a number that make it a quantity, not a year ("2500 ปี", "2565 บาท").
# Thai has no word boundaries, so each unit excludes the words it starts
# ("ปีงบประมาณ", "วันที่", "ครั้งที่").
_UNITS = r"(?:ปี(?!งบ|การ|ที่|ละ)|เดือน|วัน(?!ที่)|คน|บาท|ครั้ง(?!ที่)|ชั่วโมง|ชม\.|นาที|ล้าน|แสน|หมื่น|%|เปอร์เซ็นต์)"
# Whitespace inside one line: a year expression never spans a line break.
_S = r"[^\S\n]"
_RANGE_SEP = rf"{_S}*(?:-|–|—|ถึง|จนถึง){_S}*(?:ปี{_S}*)?(?:{_BE}{_S}*)?"
_NUM_END = r"(?![0-9])(?![.,][0-9])"

_PREFIXED = regex.compile(
    rf"""(?P<pfx>
            (?:ปีงบประมาณ|ปีงบ|ปี){_S}*(?:{_BE}{_S}*)?
          | (?P<month>{_MONTH}){_S}*(?:{_BE}{_S}*)?
          | {_BE}{_S}*
          | (?P<ce>{_CE}){_S}*
        )
        (?P<y1>[0-9]{{4}}|[0-9]{{2}}){_NUM_END}
        (?:{_RANGE_SEP}(?P<y2>[0-9]{{4}}|[0-9]{{2}}){_NUM_END}
          | (?<=(?<![0-9])[0-9]{{2}})(?!{_S}*{_UNITS})   # "ปี 12 เดือน" is a duration
          | (?<=[0-9]{{4}})
        )""",
    regex.VERBOSE,
)
_BARE = regex.compile(
    rf"""(?<![0-9])(?<![0-9][.,])
        (?P<y1>[0-9]{{4}}){_NUM_END}
        (?:{_RANGE_SEP}(?P<y2>[0-9]{{4}}|[0-9]{{2}}){_NUM_END})?
        (?!{_S}*{_UNITS})""",
    regex.VERBOSE,
)
# Thai phone numbers: "0 2581 6666", "02-581-6666", "081-234-5678", "+66 2 581 6666".
_PHONE = regex.compile(r"(?<![0-9])(?:\+66[\s-]?|0[\s-]?)[0-9]{1,2}[\s-]?[0-9]{3,4}[\s-]?[0-9]{3,4}(?![0-9])")


def _two_digit(nn: int, assessment_year: int | None, ce: bool) -> int:
    if ce:
        return 2000 + nn + 543
    if assessment_year is None:
        return 2500 + nn
    base = assessment_year // 100 * 100 + nn
    return min((base - 100, base, base + 100), key=lambda y: abs(y - assessment_year))


def _four_digit(n: int, ce: bool) -> int | None:
    if ce and 1900 <= n <= 2200:
        return n + 543
    if 2400 <= n <= 2700:
        return n
    if 1990 <= n <= 2100:
        return n + 543
    return None


def _mention(m: regex.Match[str], text: str, assessment_year: int | None, prefixed: bool) -> YearMention | None:
    ce = prefixed and m.group("ce") is not None
    y1s = m.group("y1")
    if len(y1s) == 2:
        first: int | None = _two_digit(int(y1s), assessment_year, ce)
    else:
        first = _four_digit(int(y1s), ce)
    if first is None:
        return None
    end = m.end("y1")
    last = first
    y2s = m.group("y2")
    if y2s is not None:
        if len(y2s) == 2:
            # "2566-70": same century as the start, rolling over if needed.
            last_ce = (first - 543) if ce else first
            cand = last_ce // 100 * 100 + int(y2s)
            if cand < last_ce:
                cand += 100
            second: int | None = cand + 543 if ce else cand
            if cand - last_ce > MAX_RANGE_YEARS:
                second = None  # "2564 - 31 มีนาคม": a day, not "2564-2631"
        else:
            second = _four_digit(int(y2s), ce)
        if second is not None:
            last = second
            end = m.end("y2")
    return YearMention(m.start(), end, first, last, text[m.start() : end])


def find_years(text: str, *, assessment_year: int | None = None) -> list[YearMention]:
    """Every year or year range mentioned in *text*, in order (Thai digits allowed).

    Two-digit years ("ปี 65", "ต.ค. 64") need a keyword before them and
    become 25nn, or the nearest such year to *assessment_year* when given.
    Bare four-digit numbers count when they are BE 2400..2700 or CE
    1990..2100, not part of a longer number, a phone number or a quantity
    ("2500 ปี", "2565 บาท").

    >>> [(y.first, y.last, y.raw) for y in find_years("แผน (พ.ศ.2566-2570) ปี 65 และ https://x.go.th/2022/a.pdf")]
    [(2566, 2570, 'พ.ศ.2566-2570'), (2565, 2565, 'ปี 65'), (2565, 2565, '2022')]
    """
    if not isinstance(text, str) or not text:
        return []
    digits = thai_digits_to_arabic(text)
    if not any(c.isdigit() for c in digits):
        return []
    # Characters inside phone numbers, as a mask: O(1) overlap test per candidate.
    in_phone = bytearray(len(digits) + 1)
    for m in _PHONE.finditer(digits):
        in_phone[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    candidates: list[YearMention] = []
    for pattern, prefixed in ((_PREFIXED, True), (_BARE, False)):
        for m in pattern.finditer(digits, overlapped=True):
            mention = _mention(m, text, assessment_year, prefixed)
            if mention is None:
                continue
            if 1 in in_phone[mention.start : mention.end]:
                continue
            candidates.append(mention)
    # Prefer the earliest, then the longest; drop whatever overlaps a chosen one.
    candidates.sort(key=lambda y: (y.start, -(y.end - y.start)))
    chosen: list[YearMention] = []
    for c in candidates:
        if chosen and c.start < chosen[-1].end:
            continue
        chosen.append(c)
    return chosen


def years_in(text: str, *, assessment_year: int | None = None) -> list[int]:
    """Sorted unique BE years in *text*, ranges expanded (at most 30 years).

    >>> years_in("แผนพัฒนา พ.ศ. 2566 - 2570 ข้อมูลปี ๒๕๖๕")
    [2565, 2566, 2567, 2568, 2569, 2570]
    """
    years: set[int] = set()
    for y in find_years(text, assessment_year=assessment_year):
        if 0 <= y.last - y.first <= MAX_RANGE_YEARS:
            years.update(range(y.first, y.last + 1))
        else:
            years.update((y.first, y.last))
    return sorted(years)


# --------------------------------------------------------------------------
# Item codes, click markers, bullets
# --------------------------------------------------------------------------

#: An OIT item code anywhere in text (one pattern for the whole package: :data:`oitparse.codes.CODE`).
ITEM_CODE = CODE


def parse_item_code(s: str) -> int | None:
    """The item number when *s* starts with an item code, else None.

    >>> parse_item_code("o12 รายงานผล"), parse_item_code(" O๓๖"), parse_item_code("Photo1")
    (12, 36, None)
    >>> parse_item_code("O แสดงแผนผัง")  # a requirement bullet, not a code
    """
    if not isinstance(s, str):
        return None
    m = match_code(s)
    return m.number if m else None


#: "(คลิก)", "(คลิ๊ก)", "( คลิก )", "คลิกที่นี่", "(Click)", "click here", "[คลิก]".
CLICK_MARKER = regex.compile(
    r"""(?ix)
    [(\[]\s*(?:คลิ[\u0e47-\u0e4b]?ก|click|กด)(?:\s*(?:ที่นี่|here|เพื่อดู\S*))?\s*[)\]]
  | คลิ[\u0e47-\u0e4b]?ก\s*(?:ที่นี่|เพื่อดู\S*|ดู)
  | click\s+here
    """
)



# --------------------------------------------------------------------------
# Segmentation and fuzzy comparison
# --------------------------------------------------------------------------

_SKIP_TOKEN = regex.compile(r"[\s\p{P}\p{S}]+")


@lru_cache(maxsize=4096)
def _segment_cached(text: str) -> tuple[str, ...]:
    import os

    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from pythainlp.tokenize import word_tokenize

    tokens: list[str] = []
    pos = 0
    for start, end in _protected_spans(text):
        if start > pos:
            tokens += word_tokenize(text[pos:start], engine="newmm", keep_whitespace=False)
        tokens.append(text[start:end])
        pos = end
    if pos < len(text):
        tokens += word_tokenize(text[pos:], engine="newmm", keep_whitespace=False)
    return tuple(t for t in tokens if t.strip())


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Typed URLs (as :func:`oitparse.urls.typed_urls` trims them) and item codes outside
    them, left to right: tokens segmentation keeps whole."""
    spans = [(start, end) for start, end, _ in typed_urls(text)]
    for m in ITEM_CODE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            spans.append(m.span())
    return sorted(spans)


def segment(text: str) -> list[str]:
    """Thai word segmentation (PyThaiNLP newmm) keeping item codes and URLs whole.

    >>> segment("o12 รายงาน https://www.example.go.th/a_b.pdf")
    ['o12', 'รายงาน', 'https://www.example.go.th/a_b.pdf']
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return list(_segment_cached(text))


_SPACE_BETWEEN_THAI = regex.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


@lru_cache(maxsize=4096)
def _comparable_tokens(text: str) -> tuple[str, ...]:
    text = CLICK_MARKER.sub(" ", normalize(text)).lower()
    # Thai spacing is phrase-level and inconsistent between documents.
    text = _SPACE_BETWEEN_THAI.sub("", text)
    return tuple(t for t in _segment_cached(text) if not _SKIP_TOKEN.fullmatch(t)) if text.strip() else ()


def _best_ratio(token: str, others: tuple[str, ...]) -> float:
    if token in others:
        return 1.0
    best = 0.0
    for o in others:
        r = difflib.SequenceMatcher(None, token, o, autojunk=False).ratio()
        best = max(best, r)
    return best if best >= 0.6 else 0.0


#: :func:`similarity` compares at most this many leading characters of each text.
SIMILARITY_MAX_CHARS = 600


def similarity(a: str, b: str) -> float:
    """Similarity of two titles in [0, 1], tolerant of typos and spacing.

    Token-level, each token weighted by its length and credited with its best
    fuzzy match in the other title; click markers, spaces and punctuation are
    ignored. Also compares the compact strings, since a typo can change the
    segmentation; it can only raise the token score, by half the difference.

    >>> similarity("ข้อมูลผู้บริหาร (คลิก)", "ข้อมูล ผู้บริหาร")
    1.0
    >>> similarity("ข้อมูลผู้บริหาร", "แผนการจัดซื้อจัดจ้าง") < 0.5
    True
    """
    # Titles are short; the cap keeps pathological inputs from taking seconds.
    ta = _comparable_tokens((a or "")[:SIMILARITY_MAX_CHARS])
    tb = _comparable_tokens((b or "")[:SIMILARITY_MAX_CHARS])
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    wa = sum(len(t) for t in ta)
    wb = sum(len(t) for t in tb)
    got = sum(len(t) * _best_ratio(t, tb) for t in ta) + sum(len(t) * _best_ratio(t, ta) for t in tb)
    token_score = got / (wa + wb)
    char_score = difflib.SequenceMatcher(None, "".join(ta), "".join(tb), autojunk=False).ratio()
    # The character score only half counts: alone it rates titles that share
    # long words ("รายงานผล..." vs "รายงานการ...") too close.
    score = (token_score + max(token_score, char_score)) / 2
    return round(max(0.0, min(1.0, score)), 4)


def compact(text: str) -> str:
    """Normalized text without any whitespace, Latin lowercased: a cheap matching key.

    >>> compact("ข้อมูล ผู้บริหาร\\u200b (Q&A)")
    'ข้อมูลผู้บริหาร(q&a)'
    """
    if not isinstance(text, str):
        return ""
    return "".join(normalize(text).split()).lower()
