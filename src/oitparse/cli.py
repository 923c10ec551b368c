"""The ``oitparse`` command: parse, validate, batch-convert, show the schema.

Exit codes: 0 success (no error-level finding); 1 error-level findings (validate)
or some files failed (batch); 2 a file could not be read or the usage is wrong;
130 a batch interrupted by Ctrl-C / SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import unicodedata
from dataclasses import replace
from typing import Sequence, TextIO

from .limits import DEFAULT_LIMITS, Limits

PROG = "oitparse"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_SEVERITY_LABELS = {
    "en": {"error": "error", "warning": "warning", "info": "info"},
    "th": {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อสังเกต"},
}
_TOTALS = {
    "en": {"error": "errors", "warning": "warnings", "info": "infos"},
    "th": _SEVERITY_LABELS["th"],
}
#: Where the assessment year came from (Checklist.year_source), as the header shows it.
_YEAR_SOURCES = {
    "en": {"document": "from the document", "user": "given with --year", "schema": "the form's default"},
    "th": {"document": "จากเอกสาร", "user": "ผู้ใช้ระบุ", "schema": "ค่าเริ่มต้นของแบบฟอร์ม"},
}
_HEADINGS = {
    "en": ("file", "agency", "year", "items", "severity", "item", "code", "message", "no findings"),
    "th": ("ไฟล์", "หน่วยงาน", "ปี", "จำนวนข้อ", "ระดับ", "ข้อ", "รหัส", "ข้อความ", "ไม่พบข้อบกพร่อง"),
}


# --------------------------------------------------------------------------- terminal width


def display_width(text: str) -> int:
    """Columns a string takes in a terminal.

    Thai above/below marks (tone marks, sara i/u ...) are combining (category Mn)
    and take no column; wide East Asian characters take two.

    >>> display_width("ผู้ใช้"), len("ผู้ใช้")
    (3, 6)
    """
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch in "\u200b\u200c\u200d":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))


def format_table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table; the last column is not padded (messages can be long)."""
    widths = [max(display_width(r[c]) for r in [header, *rows]) for c in range(len(header) - 1)]
    lines = []
    for r in [header, *rows]:
        cells = [pad(cell, w) for cell, w in zip(r, widths)] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# --------------------------------------------------------------------------- helpers


def _base_url(value: str) -> str:
    """--base-url: an http(s) address."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a web address such as https://www.example.go.th/ita/")
    return value


def _year(value: str) -> int:
    """--year: a Buddhist-era year (Thai digits accepted)."""
    digits = value.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not digits.isdigit() or not 2400 <= int(digits) <= 2700:
        raise argparse.ArgumentTypeError(f"{value!r} is not a Buddhist-era year such as 2565")
    return int(digits)


def _codes(value: str) -> list[str]:
    """--select/--ignore: comma-separated rule codes (checked later against the rule table)."""
    return [c.strip().lower() for c in value.split(",") if c.strip()]


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError("the time limit cannot be negative")
    return seconds


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of workers")
    return int(value)


def _fail(path: str, message: str, stderr: TextIO) -> None:
    """The one line a failed file gets: never a traceback."""
    print(f"{PROG}: {path}: {message}", file=stderr)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not (number > 0 and math.isfinite(number)):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number")
    return number


def _limits(args) -> Limits:
    """The Limits the command-line options ask for (the defaults where none is given)."""
    limits = Limits()
    if args.max_file_mb is not None:
        limits = replace(limits, max_file_bytes=int(args.max_file_mb * 2**20))
    if args.max_pages is not None:
        limits = replace(limits, max_pages=args.max_pages)
    if getattr(args, "timeout", None) is not None:
        limits = replace(limits, timeout_seconds=args.timeout or None)  # 0: no limit
    return limits


def _parse_file(path: str, *, year: int | None, schema: str, limits: Limits | None = None, base_url: str | None = None):
    """Parse one file (a seam the tests replace)."""
    from .api import parse

    return parse(path, schema=schema, year=year, limits=limits, base_url=base_url)


def _summary(checklist, expected: int) -> dict:
    """The parts of a Checklist a validate report shows besides its findings."""
    from .rules import items_found

    return {
        "schema_name": checklist.schema_name,
        "agency": checklist.agency,
        "assessment_year": checklist.assessment_year,
        "year_source": checklist.year_source,
        "document_year": checklist.document_year,
        "source": checklist.source.model_dump(mode="json"),
        "items_found": items_found(checklist),
        "items_expected": expected,
    }


# --------------------------------------------------------------------------- commands


def cmd_parse(args, stdout: TextIO, stderr: TextIO) -> int:
    status = EXIT_OK
    several = len(args.files) > 1
    for path in args.files:
        try:
            checklist = _parse_file(path, year=args.year, schema=args.schema, limits=_limits(args), base_url=args.base_url)
        except _read_errors() as exc:
            _fail(path, _message(exc), stderr)
            status = EXIT_USAGE
            continue
        data = checklist.model_dump(mode="json")
        if several:  # JSON Lines: one checklist per line
            stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return status


def cmd_validate(args, stdout: TextIO, stderr: TextIO) -> int:
    from .schema import load_schema
    from .rules import validate

    expected = len(load_schema(args.schema).items)
    results = []
    status = EXIT_OK
    for path in args.files:
        try:
            checklist = _parse_file(path, year=args.year, schema=args.schema, limits=_limits(args), base_url=args.base_url)
        except _read_errors() as exc:
            _fail(path, _message(exc), stderr)
            results.append({"file": path, "error": _message(exc)})
            status = EXIT_USAGE
            continue
        report = validate(checklist, schema=args.schema, select=args.select, ignore=args.ignore, lang=args.lang)
        if not report.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
        results.append({"file": path, "checklist": _summary(checklist, expected), "report": report})
        if args.format == "text":
            stdout.write(_text_report(path, checklist, report, expected, args.lang) + "\n")
    if args.format == "json":
        out = [
            {**r, "report": r["report"].model_dump(mode="json")} if "report" in r else r for r in results
        ]
        stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return status


def _text_report(path: str, checklist, report, expected: int, lang: str) -> str:
    h = _HEADINGS[lang]
    year = checklist.assessment_year if checklist.assessment_year is not None else "?"
    source = f" ({_YEAR_SOURCES[lang].get(checklist.year_source, checklist.year_source)})" if checklist.year_source else ""
    found = len({i.code for i in checklist.items})
    lines = [
        f"{h[0]}: {path}",
        f"{h[1]}: {checklist.agency or '?'}   {h[2]}: {year}{source}   {h[3]}: {found}/{expected}",
    ]
    if not report.findings:
        lines.append(h[8])
    else:
        labels = _SEVERITY_LABELS[lang]
        rows = [[labels[f.severity], f.item or "-", f.code, f.message] for f in report.findings]
        lines.append(format_table(rows, list(h[4:8])))
    counts = report.counts()
    lines.append(", ".join(f"{_TOTALS[lang][s]}: {counts[s]}" for s in ("error", "warning", "info")))
    return "\n".join(lines) + "\n"


def cmd_batch(args, stdout: TextIO, stderr: TextIO) -> int:
    from .batch import run_batch

    try:
        result = run_batch(
            args.inputs,
            args.out,
            jobs=args.jobs,
            resume=args.resume,
            timeout=args.timeout,
            year=args.year,
            schema=args.schema,
            limits=_limits(args),
            base_url=args.base_url,
        )
    except OSError as exc:  # e.g. the output folder cannot be created
        print(f"{PROG}: {exc.filename or args.out}: {exc.strerror or exc}", file=stderr)
        return EXIT_USAGE
    except RuntimeError as exc:  # a worker process could not start
        print(f"{PROG}: {exc}", file=stderr)
        return EXIT_USAGE
    if not result.rows and not result.interrupted:
        print(f"{PROG}: no input files found", file=stderr)
        return EXIT_USAGE
    for row in result.rows:
        if row.error:
            _fail(row.file, row.error, stderr)
    skipped = f", {result.skipped} unchanged (--resume)" if result.skipped else ""
    print(
        f"{len(result.rows)} files: {result.converted} converted{skipped}, {result.failed} failed; "
        f"summary in {os.path.join(args.out, 'summary.csv')}",
        file=stderr,
    )
    if result.interrupted:
        print(f"{PROG}: interrupted; the summary lists the files finished so far", file=stderr)
        return EXIT_INTERRUPTED
    return EXIT_FINDINGS if result.failed else EXIT_OK


def cmd_schema(args, stdout: TextIO, stderr: TextIO) -> int:
    if args.json_schema:
        from .models import Checklist

        stdout.write(json.dumps(Checklist.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from .schema import load_schema

    schema = load_schema(args.name)
    stdout.write(f"{schema.name}: {schema.title}\n")
    rows = [[i.code, i.topic, i.year_rule, i.title] for i in schema.items]
    stdout.write(format_table(rows, ["code", "topic", "year rule", "title"]) + "\n")
    return EXIT_OK


def _read_errors() -> tuple[type[BaseException], ...]:
    from .errors import ParseError, SchemaError

    return (ParseError, SchemaError, OSError)


def _message(exc: BaseException) -> str:
    """The reason without the file name (the caller prints that once)."""
    message = getattr(exc, "message", None)
    if message:
        return message
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


# --------------------------------------------------------------------------- parser


_MAIN_EPILOG = """\
examples:
  oitparse parse form.pdf > form.json
  oitparse validate form.docx --lang th
  oitparse batch forms/ --out out/ -j 4 --resume
  oitparse schema
"""

_PARSE_EPILOG = """\
examples:
  oitparse parse form.pdf                      # one JSON document
  oitparse parse a.pdf b.docx c.html > all.jsonl   # several files: JSON Lines
  oitparse parse form.txt --year 2565          # assessment year given by the user
"""

_VALIDATE_EPILOG = """\
examples:
  oitparse validate form.pdf
  oitparse validate form.pdf --lang th --ignore shared-url,year-unknown
  oitparse validate *.docx --format json --select missing-item,no-evidence

exit status: 0 no error-level finding, 1 some error-level finding, 2 a file
could not be read or the usage is wrong.
rule codes: see `oitparse validate --list-rules` or docs/rules.md.
"""

_BATCH_EPILOG = """\
examples:
  oitparse batch forms/ --out out/                   # every .pdf .docx .html .htm .txt below forms/
  oitparse batch "2565/**/*.pdf" extra.docx --out out/ -j 8
  oitparse batch forms/ --out out/ --resume --timeout 60

writes out/<relative path>.json per input (e.g. out/sub/a.pdf.json), then
out/summary.jsonl and out/summary.csv. exit status: 0 every file converted,
1 some files failed, 2 usage error, 130 interrupted.
"""

_SCHEMA_EPILOG = """\
examples:
  oitparse schema                  # the items of the default form ita2565
  oitparse schema --json-schema    # JSON Schema of `oitparse parse` output
"""


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read Thai government OIT (ITA) checklists from PDF, DOCX, HTML or text and validate them.",
        epilog=_MAIN_EPILOG,
        formatter_class=fmt,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    defaults = Limits()

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--year", type=_year, metavar="Y", help="assessment year (Buddhist era), overriding the document's")
        p.add_argument("--schema", default="ita2565", metavar="NAME", help="canonical form (default: %(default)s)")
        p.add_argument("--base-url", type=_base_url, metavar="URL",
                       help="address relative links are resolved against when a web page gives none "
                            "(its <base href>, canonical link or og:url come first)")
        p.add_argument("--max-file-mb", type=_positive, metavar="MB",
                       help=f"largest input file read (default: {defaults.max_file_bytes / 2**20:g} MB)")
        p.add_argument("--max-pages", type=_count, metavar="N",
                       help=f"most PDF pages read (default: {defaults.max_pages})")

    p = sub.add_parser("parse", help="print a checklist as JSON", epilog=_PARSE_EPILOG, formatter_class=fmt,
                       description="Parse checklists and print them as JSON (JSON Lines for several files).")
    p.add_argument("files", nargs="+", metavar="FILE")
    common(p)
    p.set_defaults(run=cmd_parse)

    p = sub.add_parser("validate", help="check checklists against the form", epilog=_VALIDATE_EPILOG,
                       formatter_class=fmt, description="Parse checklists and report what is missing or wrong.")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: %(default)s)")
    common(p)
    p.add_argument("--select", type=_codes, action="extend", metavar="CODES",
                   help="run only these rules (comma-separated codes)")
    p.add_argument("--ignore", type=_codes, action="extend", metavar="CODES",
                   help="skip these rules (comma-separated codes)")
    p.add_argument("--lang", choices=("en", "th"), default="en", help="language of the messages (default: %(default)s)")
    p.add_argument("--list-rules", action="store_true", help="list the rule codes and severities, then exit")
    p.set_defaults(run=cmd_validate, subparser=p)

    p = sub.add_parser("batch", help="convert many files to JSON in parallel", epilog=_BATCH_EPILOG,
                       formatter_class=fmt, description="Convert files, folders and globs to one JSON each, plus a summary.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders (searched recursively) or globs")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: number of CPUs)")
    p.add_argument("--resume", action="store_true", help="skip inputs whose JSON is newer than the input")
    p.add_argument("--timeout", type=_timeout, default=None, metavar="SECONDS",
                   help=f"time limit per file; 0 = none (default: {DEFAULT_LIMITS.timeout_seconds or 0:g})")
    common(p)
    p.set_defaults(run=cmd_batch)

    p = sub.add_parser("schema", help="show a canonical form", epilog=_SCHEMA_EPILOG, formatter_class=fmt,
                       description="List the items of a canonical form, or print the JSON Schema of the output.")
    p.add_argument("name", nargs="?", default="ita2565", metavar="NAME", help="schema name (default: %(default)s)")
    p.add_argument("--json-schema", action="store_true", help="print the JSON Schema of a parsed Checklist")
    p.set_defaults(run=cmd_schema)
    return parser


def _list_rules(stdout: TextIO) -> int:
    from .rules import RULES

    rows = [[r.code, r.severity, r.summary] for r in RULES.values()]
    stdout.write(format_table(rows, ["code", "severity", "triggered when"]) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (argparse exits 2 itself on bad usage)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    for stream in (stdout, stderr):
        # Thai must not crash a console or a redirect in a legacy code page: escape what it cannot show.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    parser = build_parser()
    args = parser.parse_args(argv)

    if args.command == "validate":
        if args.list_rules:
            return _list_rules(stdout)
        if not args.files:
            args.subparser.error("at least one FILE is required")
        from .rules import resolve_codes

        try:
            resolve_codes(args.select, args.ignore)
        except ValueError as exc:
            args.subparser.error(str(exc))
    if args.command == "batch" and args.timeout is None:
        args.timeout = DEFAULT_LIMITS.timeout_seconds
    if getattr(args, "schema", None) or getattr(args, "name", None):
        from .errors import SchemaError
        from .schema import load_schema

        try:
            load_schema(getattr(args, "schema", None) or args.name)
        except SchemaError as exc:
            print(f"{PROG}: {exc}", file=stderr)
            return EXIT_USAGE
    try:
        return args.run(args, stdout, stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `oitparse parse ... | head`
        return EXIT_OK
