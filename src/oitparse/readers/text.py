"""Plain-text reader: a checklist pasted or extracted as text, one visual line per line.

Text has no columns and no links, so every Line has ``column=None`` and the
assembler uses the schema to tell title, requirements and evidence apart.
"""

from __future__ import annotations

from collections import Counter

from ..errors import EmptyDocument, LimitExceeded, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, Limits, check_time
from .base import Document, Line


def decode_text(data: bytes, name: str | None = None) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or TIS-620/cp874 (older Thai systems).

    >>> decode_text("ข้อมูล".encode("cp874"))
    'ข้อมูล'
    >>> decode_text(b"\\xef\\xbb\\xbfo1")
    'o1'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnsupportedFormat(f"broken UTF-16 text: {exc.reason}", source=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp874 is TIS-620 plus a few Windows punctuation marks; undefined bytes fail here.
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise UnsupportedFormat("text in an unknown encoding (not UTF-8, UTF-16 or TIS-620/cp874)", source=name) from None


def read_text(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a text file into Lines, Thai-normalized, with 1-based line numbers."""
    from ..thai import explain

    text = decode_text(data, name)
    raw_lines = text.splitlines()
    if limits.max_lines is not None and len(raw_lines) > limits.max_lines:
        raise LimitExceeded(f"{len(raw_lines):,} lines, over the max_lines limit of {limits.max_lines:,}", source=name)
    repairs: Counter[str] = Counter()
    lines: list[Line] = []
    for no, raw in enumerate(raw_lines, start=1):
        if no % 1024 == 0:
            check_time()
        fixed, applied = explain(raw)
        repairs.update(applied)
        fixed = fixed.strip()
        if fixed:
            lines.append(Line(text=fixed, line_no=no))
    if not lines:
        raise EmptyDocument("the text holds no readable line", source=name)
    return Document(lines=lines, format="text", name=name, repairs=repairs)
