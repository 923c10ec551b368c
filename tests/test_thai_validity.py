"""thai_invalid_count decides the common case with one pattern (``_VALID_THAI``): it must
accept exactly the texts in which the character-by-character count finds nothing."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from oitparse import thai

MARKS = [chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))] + ["\u0e33"]
OTHERS = (
    [chr(c) for c in range(0x0E01, 0x0E5C)]  # the Thai block: consonants, vowels, digits
    + [chr(c) for c in sorted(thai._PUA)[:16]]  # legacy-font PUA glyphs: always invalid
    + ["\ufffd", "\uf700", "\uf70f", "\uf8ff", "a", " ", "1", "-", "]", "\\", "^"]
)
# half marks: the orders and repeats the count judges, not only plain text
TEXTS = st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(OTHERS)), max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_pattern_agrees_with_the_count(text: str) -> None:
    assert bool(thai._VALID_THAI.fullmatch(text)) == (thai._count_invalid(text) == 0)
    assert (thai.thai_invalid_count(text) == 0) == (thai._count_invalid(text) == 0)


def test_pattern_agrees_on_every_mark_pair_after_a_consonant() -> None:
    # exhaustive over consonant + up to three marks (17**3 orders): each counter rule
    for a in MARKS + [""]:
        for b in MARKS + [""]:
            for c in MARKS + [""]:
                text = "ก" + a + b + c
                assert bool(thai._VALID_THAI.fullmatch(text)) == (thai._count_invalid(text) == 0), text


def test_known_texts() -> None:
    assert thai.thai_invalid_count("ประจำปีงบประมาณ พ.ศ. 2565 (คลิ๊ก) o12") == 0
    assert thai.thai_invalid_count("กุ้") == 0  # lower vowel, then tone
    assert thai.thai_invalid_count("กุ้") == 1  # a lower vowel after the tone
    assert thai.thai_invalid_count("ก่่") == 1  # two tones
    assert thai.thai_invalid_count("ำ") == 1  # sara am with no consonant
    assert thai.thai_invalid_count("น้ำ") == 0
    assert thai.thai_invalid_count("ก\uf70a") == 1  # a PUA tone glyph left over


def test_random_long_texts_agree() -> None:
    rng = random.Random(2565)
    for _ in range(2000):
        text = "".join(rng.choice(MARKS if rng.random() < 0.3 else OTHERS) for _ in range(rng.randint(20, 80)))
        assert bool(thai._VALID_THAI.fullmatch(text)) == (thai._count_invalid(text) == 0)
