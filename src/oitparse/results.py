"""One file's result as the assessor reads it: a :class:`~oitparse.models.Summary`,
its row of the grid (each item's worst finding), and error messages in the user's
language and in the words of the command-line flags.

Shared by ``oitparse validate``, ``oitparse batch`` and the batch reports
(``report.xlsx``, ``report.html``), so every output says the same thing.
"""

from __future__ import annotations

import re
from typing import Iterable

from .models import Checklist, Finding, Summary

# --------------------------------------------------------------------------- summaries


def summarize(
    file: str,
    checklist: Checklist,
    *,
    schema: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lang: str = "en",
    options: dict | None = None,
) -> Summary:
    """Validate ``checklist`` and wrap it with its report as one :class:`Summary`."""
    from .rules import validate

    report = validate(checklist, schema=schema, select=select, ignore=ignore, lang=lang)
    known = form_codes(schema or report.schema_name, checklist)
    present = {i.code for i in checklist.items}
    return Summary(
        file=file,
        status="ok" if report.ok else "failed",
        items_found=sum(1 for c in known if c in present) if known is not None else None,
        items_expected=len(known) if known is not None else None,
        missing=[c for c in known if c not in present] if known is not None else [],
        options=dict(options or {}),
        checklist=checklist,
        report=report,
    )


def form_codes(schema: object, checklist: Checklist | None = None) -> list[str] | None:
    """The item codes of a form (a schema name or a Schema), or None when it cannot be had."""
    from .schema import load_schema

    spec = getattr(checklist, "_schema", None) if checklist is not None else None
    if spec is None or (isinstance(schema, str) and getattr(spec, "name", None) != schema):
        spec = schema
    try:
        spec = load_schema(spec) if isinstance(spec, str) else spec
        return [i.code for i in spec.items]
    except Exception:  # noqa: BLE001 - a form given as a file or object the loader cannot name
        return None


def error_summary(file: str, message: str, options: dict | None = None) -> Summary:
    """The Summary of a file that could not be read."""
    return Summary(file=file, status="error", error=message, options=dict(options or {}))


def summary_data(summary: Summary) -> dict:
    """A Summary as JSON data: the ``checklist`` and ``report`` of an unreadable file are left out
    (not written as null), the same in ``validate --format json`` and in batch outputs."""
    data = summary.model_dump(mode="json")
    return {k: v for k, v in data.items() if not (v is None and k in ("checklist", "report", "error"))}


SEVERITIES = ("error", "warning", "info")


def min_severity_filter(findings: list[Finding], minimum: str) -> list[Finding]:
    """The findings at ``minimum`` severity or above ("info" keeps all)."""
    keep = SEVERITIES[: SEVERITIES.index(minimum) + 1]
    return [f for f in findings if f.severity in keep]


# --------------------------------------------------------------------------- the grid

#: Grid cell kinds, best to worst, with their short mark and fill colour (RGB hex).
GRID_KINDS: dict[str, tuple[str, str]] = {
    "ok": ("✓", "C6EFCE"),  # green: no finding, or infos only
    "warning": ("!", "FFEB9C"),  # yellow
    "error": ("✗", "FFC7CE"),  # light red: error-level finding on an item that is there
    "missing": ("—", "BFBFBF"),  # grey: the item is not in the document
}
_RANK = {kind: n for n, kind in enumerate(GRID_KINDS)}

GRID_LEGEND = {
    "en": {"ok": "ok (or infos only)", "warning": "warning", "error": "error", "missing": "missing"},
    "th": {"ok": "ครบถ้วน (หรือมีเพียงข้อสังเกต)", "warning": "คำเตือน", "error": "ข้อผิดพลาด", "missing": "ไม่พบข้อ"},
}


def finding_kind(code: str, severity: str) -> str:
    if code == "missing-item":
        return "missing"
    return {"error": "error", "warning": "warning"}.get(severity, "ok")


def grid_row(findings: Iterable[tuple[str | None, str, str]], codes: list[str]) -> dict[str, str]:
    """Each item code's worst kind (ok / warning / error / missing) from (item, code, severity) triples."""
    row = dict.fromkeys(codes, "ok")
    for item, code, severity in findings:
        if item in row:
            kind = finding_kind(code, severity)
            if _RANK[kind] > _RANK[row[item]]:
                row[item] = kind
    return row


# --------------------------------------------------------------------------- error messages

#: What a read error is, in Thai, by error class (the English detail follows it).
_THAI_ERRORS = {
    "EmptyDocument": "ไฟล์ว่างหรือไม่มีข้อความ",
    "UnsupportedFormat": "ไม่ใช่ไฟล์ PDF, DOCX, HTML หรือไฟล์ข้อความ",
    "CorruptDocument": "ไฟล์เสียหายหรือไม่สมบูรณ์",
    "EncryptedDocument": "ไฟล์ PDF ถูกล็อกด้วยรหัสผ่าน",
    "NoTextLayer": "ไฟล์ PDF ไม่มีชั้นข้อความ (เป็นภาพสแกน) ต้องทำ OCR ก่อน",
    "LimitExceeded": "เกินขีดจำกัด",
    "NotAChecklist": "ไม่พบรายการข้อ OIT ในเอกสาร",
    "ParseError": "เปิดไฟล์ไม่ได้",
    "OSError": "เปิดไฟล์ไม่ได้",
    "internal": "ข้อผิดพลาดภายในโปรแกรม",
    "timeout": "ใช้เวลาเกินกำหนด",
}

MESSAGES = {
    "en": {
        "no_input": "no input files found",
        "no_such_input": "no such file or folder",
        "time_limit": "time limit of {limit:g} s exceeded",
        "worker_exited": "internal error: worker exited (code {code})",
        "internal": "internal error: {kind}: {detail}",
    },
    "th": {
        "no_input": "ไม่พบไฟล์ที่จะตรวจ",
        "no_such_input": "ไม่มีไฟล์หรือโฟลเดอร์นี้",
        "time_limit": "ใช้เวลาเกินกำหนด {limit:g} วินาที (time limit of {limit:g} s exceeded)",
        "worker_exited": "ข้อผิดพลาดภายในโปรแกรม: โปรเซสหยุดทำงาน (internal error: worker exited, code {code})",
        "internal": "ข้อผิดพลาดภายในโปรแกรม (internal error: {kind}: {detail})",
    },
}


def message(key: str, lang: str = "en", **params) -> str:
    return MESSAGES.get(lang, MESSAGES["en"])[key].format(**params)


def error_text(exc: BaseException, lang: str = "en", flags: dict[str, str] | None = None) -> str:
    """The one-line reason a file could not be read, without the file name.

    ``flags`` (limit name -> how the user set it, see :func:`flag_words`) puts limit
    messages in the words of the command-line options; ``lang="th"`` puts the reason
    in Thai, with the English detail after it.
    """
    text = getattr(exc, "message", None)
    if not text:
        text = (exc.strerror if isinstance(exc, OSError) and exc.strerror else None) or str(exc)
    text = in_flag_words(text, flags or {})
    if lang != "th":
        return text
    kind = next((k.__name__ for k in type(exc).__mro__ if k.__name__ in _THAI_ERRORS), "ParseError")
    return f"{_THAI_ERRORS[kind]} ({text})"


def flag_words(*, max_file_mb: str | None = None, max_pages: str | None = None, timeout: str | None = None) -> dict:
    """Limit name -> the command-line option and value that set it, e.g.
    ``{"max_file_bytes": "--max-file-mb limit of 0.01 MB"}``."""
    words = {}
    if max_file_mb is not None:
        words["max_file_bytes"] = f"--max-file-mb limit of {max_file_mb} MB"
    if max_pages is not None:
        words["max_pages"] = f"--max-pages limit of {max_pages}"
    if timeout is not None:
        words["timeout_seconds"] = f"--timeout limit of {timeout} s"
    return words


_LIMIT_PHRASE = re.compile(r"\b(max_file_bytes|max_pages|timeout_seconds) limit of [\d,.]+(?: bytes| s)?")
_FILE_BYTES = re.compile(r"\bfile is ([\d,]+) bytes\b")


def in_flag_words(text: str, flags: dict[str, str]) -> str:
    """Rewrite "the max_file_bytes limit of 10,485" as "the --max-file-mb limit of 0.01 MB".

    >>> in_flag_words("file is 20,480 bytes, over the max_file_bytes limit of 10,485",
    ...               flag_words(max_file_mb="0.01"))
    'file is 0.02 MB (20,480 bytes), over the --max-file-mb limit of 0.01 MB'
    """

    def limit(m: re.Match) -> str:
        return flags.get(m.group(1), m.group(0))

    out = _LIMIT_PHRASE.sub(limit, text)
    if "max_file_bytes" in flags and out != text:
        out = _FILE_BYTES.sub(lambda m: f"file is {int(m.group(1).replace(',', '')) / 2**20:.2g} MB ({m.group(1)} bytes)", out)
    return out
