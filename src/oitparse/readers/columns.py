"""Map a table's header cells to column roles (code, title, requirements, evidence).

Agencies label the OIT table's columns in many ways ("ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล",
"รายละเอียด", "Link", "URL", "ลิงก์", "หมายเหตุ" ...); table readers call :func:`column_roles`
on a candidate header row and use the result to tag each cell's lines.
"""

from __future__ import annotations

import unicodedata

from .base import Column

# Checked in order: the first role whose words occur in the header cell wins, so the
# more specific words come first ("องค์ประกอบด้านข้อมูล" holds "ข้อมูล").
_ROLE_WORDS: list[tuple[Column, tuple[str, ...]]] = [
    ("evidence", ("link", "url", "ลิงก์", "ลิ้งก์", "ลิงค์", "ลิ้งค์", "ที่อยู่เว็บ", "แหล่งข้อมูล", "หลักฐาน", "เอกสาร")),
    ("requirements", ("องค์ประกอบ", "รายละเอียด", "เกณฑ์", "คำอธิบาย", "requirement")),
    ("note", ("หมายเหตุ", "note", "สถานะ")),
    ("title", ("ข้อมูล", "หัวข้อ", "ประเด็น", "ชื่อ", "title", "item")),
    ("code", ("ข้อ", "ลำดับ", "no.", "รหัส", "code")),
]


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).lower().split())


def header_role(cell: str) -> Column | None:
    """The role a header cell names, or None when it names none.

    >>> header_role("องค์ประกอบด้านข้อมูล"), header_role("ข้อ"), header_role(" Link ")
    ('requirements', 'code', 'evidence')
    """
    key = _key(cell)
    if not key or len(key) > 40:  # a header cell is short; long text is content
        return None
    if key in ("ข้อ", "ข้อที่"):
        return "code"
    for role, words in _ROLE_WORDS:
        if any(w in key for w in words):
            return role
    return None


def column_roles(cells: list[str]) -> list[Column | None] | None:
    """Roles of a header row's cells, or None when the row is not an OIT table header.

    A header must name at least the title or requirements column and one more role.
    A cell holding both code and title ("ข้อ/ข้อมูล") counts as the title column.

    >>> column_roles(["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"])
    ['code', 'title', 'requirements', 'evidence']
    >>> column_roles(["ข้อมูล", "รายละเอียด", "URL"])
    ['title', 'requirements', 'evidence']
    >>> column_roles(["o1", "โครงสร้าง", "แสดงแผนผัง"]) is None
    True
    """
    roles = [header_role(c) for c in cells]
    found = [r for r in roles if r]
    if len(found) < 2 or not ({"title", "requirements"} & set(found)):
        return None
    seen: set[str] = set()
    out: list[Column | None] = []
    for r in roles:  # a repeated role keeps its first column; later ones are notes
        out.append(r if r and r not in seen else ("note" if r else None))
        if r:
            seen.add(r)
    return out
