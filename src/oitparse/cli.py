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


class _ChristianEraYear(int):
    """A --year given in the Christian era, already turned into the Buddhist era (``given`` keeps the input)."""

    given: int


def _year(value: str) -> int:
    """--year: a Buddhist-era year (Thai digits accepted); a Christian-era year (1900-2199) is read
    as the Buddhist-era year it is (2023 -> 2566), and main() prints a note."""
    digits = value.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if digits.isdigit() and 1900 <= int(digits) <= 2199:
        year = _ChristianEraYear(int(digits) + 543)
        year.given = int(digits)
        return year
    if not digits.isdigit() or not 2400 <= int(digits) <= 2700:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year such as 2565 (Buddhist era) or 2022")
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


def _flags(args) -> dict:
    """How the user set each limit, in the command line's words, for limit messages."""
    from .results import flag_words

    typed = {}
    if getattr(args, "max_file_mb", None) is not None:
        typed["max_file_mb"] = f"{args.max_file_mb:g}"
    else:
        typed["max_file_mb"] = f"{DEFAULT_LIMITS.max_file_bytes / 2**20:g}"
    typed["max_pages"] = str(args.max_pages if getattr(args, "max_pages", None) is not None else DEFAULT_LIMITS.max_pages)
    if getattr(args, "timeout", None):
        typed["timeout"] = f"{args.timeout:g}"
    return flag_words(**typed)


def _add_severity_options(p: argparse.ArgumentParser, what: str) -> None:
    """--min-severity and -q/--quiet (validate and batch): what they leave out of the output,
    never of the exit status."""
    p.add_argument("--min-severity", choices=("info", "warning", "error"), default="info",
                   help=what + " (default: %(default)s: all)")
    p.add_argument("-q", "--quiet", dest="min_severity", action="store_const", const="warning",
                   help="hide infos (the same as --min-severity warning)")


def _add_link_options(p: argparse.ArgumentParser) -> None:
    """--check-links and its --link-* options (validate and batch); docs/links.md."""
    g = p.add_argument_group("link checks (docs/links.md)")
    g.add_argument("--check-links", action="store_true",
                   help="open every evidence link once: dead-link, link-timeout, login-required, offsite-link")
    g.add_argument("--check-content", action="store_true",
                   help="also read the linked documents of items with a year rule (content-year-mismatch); "
                        "implies --check-links")
    g.add_argument("--link-timeout", type=_positive, default=10.0, metavar="SECONDS",
                   help="time limit of one request (default: %(default)g)")
    g.add_argument("--link-concurrency", type=_count, default=8, metavar="N",
                   help="requests in flight at once, in all (default: %(default)s)")
    g.add_argument("--link-per-host", type=_count, default=4, metavar="N",
                   help="requests in flight at once to one host (default: %(default)s)")
    g.add_argument("--link-interval", type=_timeout, default=0.0, metavar="SECONDS",
                   help="pause between two requests to one host (default: %(default)g)")
    g.add_argument("--link-retries", type=_timeout, default=2, metavar="N",
                   help="further tries after a 429 or 503 answer (default: %(default)g)")
    g.add_argument("--link-accept", type=_status_codes, default=frozenset(), metavar="CODES",
                   help="HTTP statuses that count as working besides 2xx, e.g. 403,999")
    g.add_argument("--link-cache", metavar="DIR", help="keep results in DIR and reuse them on the next run")
    g.add_argument("--link-cache-max-age", type=_age, default=86400.0, metavar="AGE",
                   help="how long a cached result is used: seconds, or 30m, 12h, 2d (default: 1d)")
    g.add_argument("--allow-private-links", action="store_true",
                   help="open links to loopback, link-local and private addresses too (refused by default)")


def _status_codes(value: str) -> frozenset[int]:
    """--link-accept: "403", "403,999", "400..403"."""
    codes: set[int] = set()
    for part in value.split(","):
        part = part.strip()
        low, _, high = part.partition("..")
        if not low.isdigit() or (high and not high.isdigit()):
            raise argparse.ArgumentTypeError(f"{part!r} is not an HTTP status or a range such as 400..403")
        codes.update(range(int(low), int(high or low) + 1))
    return frozenset(codes)


def _age(value: str) -> float:
    """--link-cache-max-age: seconds, or a number with s, m, h or d."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = value.strip().lower()
    scale = units.get(text[-1:], None)
    number = text[:-1] if scale else text
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an age such as 3600, 30m, 12h or 2d") from None
    if not (seconds >= 0 and math.isfinite(seconds)):
        raise argparse.ArgumentTypeError(f"{value!r} is not an age such as 3600, 30m, 12h or 2d")
    return seconds


def _link_options(args):
    """The LinkOptions of --check-links/--check-content, or None when links are not to be opened."""
    if not (getattr(args, "check_links", False) or getattr(args, "check_content", False)):
        return None
    from .links import LinkOptions

    return LinkOptions(
        timeout=args.link_timeout, concurrency=args.link_concurrency, per_host=args.link_per_host,
        host_interval=args.link_interval, retries=int(args.link_retries), accept=args.link_accept,
        cache_dir=args.link_cache, cache_max_age=args.link_cache_max_age,
        allow_private=args.allow_private_links, check_content=args.check_content,
    )


def _parse_file(path: str, *, year: int | None, schema: str | None, limits: Limits | None = None, base_url: str | None = None):
    """Parse one file (a seam the tests replace); "-" reads standard input."""
    from .api import parse

    source = sys.stdin.buffer if path == "-" else path
    return parse(source, schema=schema, year=year, limits=limits, base_url=base_url)


# --------------------------------------------------------------------------- commands


def cmd_parse(args, stdout: TextIO, stderr: TextIO) -> int:
    status = EXIT_OK
    several = len(args.files) > 1
    for path in args.files:
        try:
            checklist = _parse_file(path, year=args.year, schema=args.schema, limits=_limits(args), base_url=args.base_url)
        except _read_errors() as exc:
            _fail(path, _message(exc, args), stderr)
            status = EXIT_USAGE
            continue
        data = checklist.model_dump(mode="json")
        if several:  # JSON Lines: one checklist per line
            stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return status


def cmd_validate(args, stdout: TextIO, stderr: TextIO) -> int:
    from .results import error_summary, min_severity_filter, summarize, summary_data

    options = {"schema": args.schema, "year": args.year, "base_url": args.base_url, "lang": args.lang,
               "select": args.select, "ignore": args.ignore, "min_severity": args.min_severity}
    summaries = []
    status = EXIT_OK
    link_options = _link_options(args)
    if link_options is not None:
        from .links import LinkMemo

        links = LinkMemo(link_options, progress=stderr)
    else:
        links = None
    for path in args.files:
        try:
            checklist = _parse_file(path, year=args.year, schema=args.schema, limits=_limits(args), base_url=args.base_url)
        except _read_errors() as exc:
            _fail(path, _message(exc, args), stderr)
            summaries.append(error_summary(path, _message(exc, args), options))
            status = EXIT_USAGE
            continue
        summary = summarize(path, checklist, schema=args.schema, select=args.select, ignore=args.ignore,
                            lang=args.lang, options=options)
        if links is not None:  # --check-links: each URL opened once in the run, whatever file uses it
            from .links import merge_link_findings

            merge_link_findings(summary.report, checklist, links.check(checklist), schema=args.schema,
                                select=args.select, ignore=args.ignore, lang=args.lang)
            summary.status = "ok" if summary.report.ok else "failed"
        if not summary.report.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
        counts = summary.report.counts()  # the totals line counts hidden findings too
        # --min-severity / --quiet hide findings from the output; the exit status still counts every error.
        summary.report.findings = min_severity_filter(summary.report.findings, args.min_severity)
        summaries.append(summary)
        if args.format == "text":
            if len(summaries) > 1:
                stdout.write("\n")  # a blank line between two files' reports, none after the last
            stdout.write(_text_report(path, checklist, summary, args.lang, counts))
    if args.format == "json":
        stdout.write(json.dumps([summary_data(s) for s in summaries], ensure_ascii=False, indent=2) + "\n")
    return status


def _text_report(path: str, checklist, summary, lang: str, counts: dict[str, int] | None = None) -> str:
    report = summary.report
    h = _HEADINGS[lang]
    year = checklist.assessment_year if checklist.assessment_year is not None else "?"
    source = f" ({_YEAR_SOURCES[lang].get(checklist.year_source, checklist.year_source)})" if checklist.year_source else ""
    found = summary.items_found if summary.items_found is not None else len({i.code for i in checklist.items})
    expected = summary.items_expected if summary.items_expected is not None else "?"
    lines = [
        f"{h[0]}: {path}",
        f"{h[1]}: {checklist.agency or '?'}   {h[2]}: {year}{source}   {h[3]}: {found}/{expected}",
    ]
    if not report.findings:
        hidden = sum((counts or {}).values())
        lines.append(h[8] if not hidden else h[8] + (f" ({hidden} hidden by --min-severity)" if lang == "en"
                                                      else f" (ซ่อนไว้ {hidden} รายการตาม --min-severity)"))
    else:
        labels = _SEVERITY_LABELS[lang]
        rows = [[labels[f.severity], f.item or "-", f.code, f.message] for f in report.findings]
        lines.append(format_table(rows, list(h[4:8])))
    counts = counts or report.counts()
    lines.append(", ".join(f"{_TOTALS[lang][s]}: {counts[s]}" for s in ("error", "warning", "info")))
    return "\n".join(lines) + "\n"


_BATCH_TEXT = {
    "en": {"files": ("{n} file", "{n} files"), "count": "{files}: {converted} converted{skipped}, {failed} failed; "
           "summary in {summary}, report in {report}", "skipped": ", {n} unchanged (--resume)",
           "interrupted": "interrupted; the summary lists the files finished so far"},
    "th": {"files": ("{n} ไฟล์", "{n} ไฟล์"), "count": "{files}: แปลงแล้ว {converted}{skipped}, อ่านไม่ได้ {failed}; "
           "สรุปใน {summary}, รายงานใน {report}", "skipped": ", ไม่เปลี่ยนแปลง {n} (--resume)",
           "interrupted": "ถูกขัดจังหวะ; ไฟล์สรุปมีเฉพาะไฟล์ที่เสร็จแล้ว"},
}


def cmd_batch(args, stdout: TextIO, stderr: TextIO) -> int:
    from .batch import find_inputs, run_batch
    from .results import message

    lang = args.lang
    missing = [given for given in args.inputs if not os.path.exists(given) and not _has_glob(given)]
    for given in missing:
        _fail(given, message("no_such_input", lang), stderr)
    if missing:
        return EXIT_USAGE
    if not find_inputs(args.inputs):
        print(f"{PROG}: {message('no_input', lang)}", file=stderr)
        return EXIT_USAGE
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
            lang=lang,
            select=args.select,
            ignore=args.ignore,
            flags=_flags(args),
            links=_link_options(args),
            min_severity=args.min_severity,
        )
    except OSError as exc:  # e.g. the output folder cannot be created
        print(f"{PROG}: {exc.filename or args.out}: {exc.strerror or exc}", file=stderr)
        return EXIT_USAGE
    except RuntimeError as exc:  # a worker process could not start
        print(f"{PROG}: {exc}", file=stderr)
        return EXIT_USAGE
    if not result.rows and not result.interrupted:
        print(f"{PROG}: {message('no_input', lang)}", file=stderr)
        return EXIT_USAGE
    for row in result.rows:
        if row.error:
            _fail(row.file, row.error, stderr)
    t = _BATCH_TEXT[lang]
    n = len(result.rows)
    print(
        t["count"].format(
            files=t["files"][n != 1].format(n=n),
            converted=result.converted,
            skipped=t["skipped"].format(n=result.skipped) if result.skipped else "",
            failed=result.failed,
            summary=os.path.join(args.out, "summary.csv"),
            report=os.path.join(args.out, "report.xlsx"),
        ),
        file=stderr,
    )
    if result.interrupted:
        print(f"{PROG}: {t['interrupted']}", file=stderr)
        return EXIT_INTERRUPTED
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _has_glob(given: str) -> bool:
    import glob

    return glob.has_magic(given)


def cmd_schema(args, stdout: TextIO, stderr: TextIO) -> int:
    if args.json_schema:
        from .models import Checklist

        stdout.write(json.dumps(Checklist.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.file_json_schema:
        from .schema import schema_file_json_schema

        stdout.write(json.dumps(schema_file_json_schema(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.name == "list":
        from .schema import bundled_schemas

        rows = [[s.name, str(len(s.items)), " ".join(map(str, s.all_years)), s.family, s.title] for s in bundled_schemas()]
        stdout.write(format_table(rows, ["name", "items", "years", "for", "title"]) + "\n")
        return EXIT_OK
    if args.name == "infer":
        return _cmd_schema_infer(args, stdout, stderr)
    if args.form is not None:
        print(f"{PROG} schema: one NAME or FILE (or: list, infer FORM)", file=stderr)
        return EXIT_USAGE
    from .schema import resolve_schema

    schema, _ = resolve_schema(args.name or "ita2565")
    stdout.write(f"{schema.name}: {schema.title}\n")
    rows = [[i.code, i.topic, i.year_rule, i.title] for i in schema.items]
    stdout.write(format_table(rows, ["code", "topic", "year rule", "title"]) + "\n")
    return EXIT_OK


def _cmd_schema_infer(args, stdout: TextIO, stderr: TextIO) -> int:
    """`oitparse schema infer FORM --name NAME [-o FILE]`: a form's document -> a schema file."""
    from .errors import SchemaError
    from .infer import infer_schema

    if args.form is None or not args.infer_name:
        print(f"{PROG} schema infer: give the form's document and --name NAME", file=stderr)
        return EXIT_USAGE
    try:
        schema = infer_schema(args.form, name=args.infer_name, year=args.year)
    except _read_errors() + (SchemaError, ValueError) as exc:
        _fail(args.form, getattr(exc, "message", None) or str(exc), stderr)
        return EXIT_USAGE
    text = json.dumps(schema.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(args.output, exc.strerror or str(exc), stderr)
            return EXIT_USAGE
        print(f"{schema.name}: {len(schema.items)} items, assessment year {schema.assessment_year}; "
              f"written to {args.output}", file=stderr)
    else:
        stdout.write(text)
    return EXIT_OK


def _read_errors() -> tuple[type[BaseException], ...]:
    from .errors import ParseError, SchemaError

    return (ParseError, SchemaError, OSError)


def _message(exc: BaseException, args=None) -> str:
    """The reason without the file name (the caller prints that once): limits in the words of
    their options (``--max-file-mb``), in Thai with ``--lang th``."""
    from .results import error_text

    return error_text(exc, getattr(args, "lang", "en"), _flags(args) if args is not None else None)


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
  oitparse validate form.pdf --quiet               # no infos (--min-severity warning)
  oitparse validate form.pdf --check-links         # open every evidence link (docs/links.md)
  oitparse validate form.pdf --check-content --link-cache ~/.cache/oitparse-links

exit status: 0 no error-level finding, 1 some error-level finding, 2 a file
could not be read or the usage is wrong.
rule codes: see `oitparse validate --list-rules` or docs/rules.md.
"""

_BATCH_EPILOG = """\
examples:
  oitparse batch forms/ --out out/                   # every .pdf .docx .html .htm .txt below forms/
  oitparse batch "2565/**/*.pdf" extra.docx --out out/ -j 8
  oitparse batch forms/ --out out/ --resume --timeout 60
  oitparse batch forms/ --out out/ --lang th --ignore year-unknown
  oitparse batch forms/ --out out/ --quiet           # no infos in the JSON and the reports

writes out/<relative path>.json per input (e.g. out/sub/a.pdf.json: the checklist
and its findings, the shape of `validate --format json`), then out/summary.jsonl,
out/summary.csv (UTF-8 with BOM, for Excel), out/report.xlsx (sheets summary,
findings, grid) and out/report.html (the grid and the findings, sortable).
exit status: 0 every file converted, 1 some files failed, 2 usage error (also: no
input found, an input that does not exist), 130 interrupted.
"""

_SCHEMA_EPILOG = """\
examples:
  oitparse schema                  # the items of the default form ita2565
  oitparse schema ita2566          # the items of a bundled form (or a schema file)
  oitparse schema list             # the bundled forms
  oitparse schema infer blank-form-2570.docx --name ita2570 -o ita2570.json
  oitparse validate form.pdf --schema ita2570.json
  oitparse schema --json-schema    # JSON Schema of `oitparse parse` output
  oitparse schema --file-json-schema   # JSON Schema of schema files
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
        p.add_argument("--schema", default=None, metavar="NAME|FILE",
                       help="the form to read against: a bundled form (see `oitparse schema list`) or a schema "
                            "file (`oitparse schema infer`); default: the bundled form that fits each document best")
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
    _add_severity_options(p, "show only findings of this severity or above")
    _add_link_options(p)
    p.set_defaults(run=cmd_validate, subparser=p)

    p = sub.add_parser("batch", help="convert many files to JSON in parallel", epilog=_BATCH_EPILOG,
                       formatter_class=fmt, description="Convert files, folders and globs to one JSON each, plus a summary.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders (searched recursively) or globs")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: number of CPUs)")
    p.add_argument("--resume", action="store_true",
                   help="skip inputs whose JSON is newer than the input and was made with the same options "
                        "(--year, --schema, --lang, --select, --ignore, --base-url, --min-severity)")
    p.add_argument("--timeout", type=_timeout, default=None, metavar="SECONDS",
                   help=f"time limit per file; 0 = none (default: {DEFAULT_LIMITS.timeout_seconds or 0:g})")
    common(p)
    p.add_argument("--select", type=_codes, action="extend", metavar="CODES",
                   help="run only these rules (comma-separated codes)")
    p.add_argument("--ignore", type=_codes, action="extend", metavar="CODES",
                   help="skip these rules (comma-separated codes)")
    p.add_argument("--lang", choices=("en", "th"), default="en",
                   help="language of the findings, the reports and the error reasons (default: %(default)s)")
    _add_severity_options(p, "write only findings of this severity or above to the JSON and the reports")
    _add_link_options(p)
    p.set_defaults(run=cmd_batch, subparser=p)

    p = sub.add_parser("schema", help="show a canonical form", epilog=_SCHEMA_EPILOG, formatter_class=fmt,
                       description="List the items of a canonical form, or print the JSON Schema of the output.")
    p.add_argument("name", nargs="?", default=None, metavar="NAME|FILE|list|infer",
                   help="a form to show (default: ita2565), `list` for the bundled forms, "
                        "or `infer FORM` to turn a form's document into a schema file")
    p.add_argument("form", nargs="?", default=None, metavar="FORM", help="with `infer`: the form's document")
    p.add_argument("--name", dest="infer_name", metavar="NAME", help="with `infer`: the new form's name, e.g. ita2570")
    p.add_argument("-o", "--output", metavar="FILE", help="with `infer`: write the schema file here (default: stdout)")
    p.add_argument("--year", type=_year, metavar="Y", help="with `infer`: the form's assessment year, when it names none")
    p.add_argument("--json-schema", action="store_true", help="print the JSON Schema of a parsed Checklist")
    p.add_argument("--file-json-schema", action="store_true", help="print the JSON Schema of schema files")
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
    if args.command in ("validate", "batch"):
        from .rules import resolve_codes

        try:
            chosen = resolve_codes(args.select, args.ignore)
        except ValueError as exc:
            args.subparser.error(str(exc))
        if not chosen:
            print(f"{PROG}: warning: --ignore leaves no rule of --select to run; no finding will be reported",
                  file=stderr)
    given = getattr(args, "year", None)
    if isinstance(given, _ChristianEraYear):
        print(f"{PROG}: note: --year {given.given} read as the Christian era: Buddhist-era year {int(given)}",
              file=stderr)
    if args.command == "batch" and args.timeout is None:
        args.timeout = DEFAULT_LIMITS.timeout_seconds
    wanted = getattr(args, "schema", None)
    if wanted is None and args.command == "schema" and args.name not in (None, "list", "infer"):
        wanted = args.name
    if wanted:
        from .errors import SchemaError
        from .schema import resolve_schema

        try:
            resolve_schema(wanted)
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
