"""Batch conversion: many checklists -> one JSON each (checklist and findings), a summary,
and the assessor's reports (``report.xlsx``, ``report.html``).

Each file is parsed, validated and serialized in a worker process. Workers are
started once, import everything a parse needs before they say "ready", and then
take one file after another, so no import or process start lies on the per-file
path. The parent hands out one file at a time per worker, so it always knows which
file a worker is stuck on: past the time limit that worker is killed, the file gets
an error row and a fresh worker takes its place. The parent writes every output
(atomically), so an interrupt can never leave a partial JSON behind.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, TextIO

from .limits import Limits

#: Extensions picked up when an input is a folder (case-insensitive).
INPUT_EXTENSIONS = (".pdf", ".docx", ".html", ".htm", ".txt")
SUMMARY_FIELDS = (
    "file", "agency", "year", "form", "status", "items_found", "items_expected", "missing",
    "errors", "warnings", "infos", "error",
)


@dataclass
class Row:
    """One line of summary.jsonl / summary.csv (and of the reports' summary sheet)."""

    file: str
    agency: str | None = None
    year: int | None = None
    #: The form (schema name) the file was checked against.
    form: str | None = None
    #: ok: no error-level finding; failed: some error-level finding; error: the file could not be read.
    status: str = "error"
    items_found: int = 0
    items_expected: int = 0
    #: Codes of the form's items the document lacks.
    missing: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    #: The ParseError message (or "internal error: ...", or the time limit) when the file could not be read.
    error: str = ""
    #: (item, code, severity, message) of every finding: for the reports, not a summary column.
    findings: list[tuple] = field(default_factory=list, repr=False)

    def summary(self) -> dict:
        """The summary columns (no findings)."""
        return {f: getattr(self, f) for f in SUMMARY_FIELDS}


@dataclass(frozen=True)
class Task:
    """One input and where its JSON goes; ``resume`` means: only summarize the existing JSON."""

    index: int
    source: str
    output: str
    resume: bool = False


@dataclass(frozen=True)
class ParseOptions:
    """What every file of a batch is parsed with (sent to the worker processes)."""

    year: int | None = None
    #: The form (a bundled name or a schema file's path); None: each file's best-fitting bundled form.
    schema: str | None = None
    limits: Limits | None = None
    #: Address relative evidence links are resolved against (``--base-url``).
    base_url: str | None = None
    #: Language of the findings' messages and of error reasons ("en" or "th").
    lang: str = "en"
    #: Rule codes to run (None: all) and to skip.
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    #: Limit name -> the command-line words that set it (see results.flag_words), for error reasons.
    flags: dict | None = None
    #: The least severity of the findings written ("info": all); the status counts every error.
    min_severity: str = "info"

    def fingerprint(self) -> dict:
        """The options that shape a file's output, as stored in its JSON: ``--resume`` converts
        a file again when they differ. (Limits only decide whether a file is read at all.)"""
        out = {}
        for f in fields(self):
            if f.name in ("limits", "flags"):
                continue
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


#: A converter runs in a worker: (path, options) -> (the file's JSON, as text or data; summary row).
Converter = Callable[[str, ParseOptions], "tuple[str | dict, Row]"]


# ----------------------------------------------------------------------- inputs


def find_inputs(inputs: Iterable[str]) -> list[tuple[Path, Path]]:
    """Expand files, folders (recursively) and globs into (file, base folder) pairs.

    The base is what the output keeps the relative path from. Order is stable
    (the order given, then sorted within a folder or glob) and duplicates are dropped.
    Paths that do not exist and match no glob are kept, so they become error rows.
    """
    found: list[tuple[Path, Path]] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found += [(f, path) for f in _walk(path)]
        elif path.exists() or not glob.has_magic(given):
            found.append((path, path.parent))
        else:
            for match in sorted(glob.glob(given, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    found += [(f, m) for f in _walk(m)]
                elif m.is_file():
                    found.append((m, m.parent))
    seen: set[Path] = set()
    unique = []
    for f, base in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, base))
    return unique


def _walk(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_EXTENSIONS
    )


def output_paths(inputs: list[tuple[Path, Path]], out_dir: Path) -> list[Path]:
    """``out_dir / <path relative to the common base> + ".json"`` for each input.

    The common base of all inputs' bases keeps subfolders, so two ``a.pdf`` in
    different folders do not clash; the full file name is kept ("a.pdf.json") so
    ``a.pdf`` and ``a.docx`` do not clash either.
    """
    if not inputs:
        return []
    bases = [str(base.resolve()) for _, base in inputs]
    try:
        root = Path(os.path.commonpath(bases))
    except ValueError:  # different drives (Windows): keep the whole path
        root = None
    outs = []
    for f, _ in inputs:
        resolved = f.resolve()
        rel = resolved.relative_to(root) if root else Path(*resolved.parts[1:])
        outs.append(out_dir / rel.parent / (rel.name + ".json"))
    return outs


# ----------------------------------------------------------------------- worker side


def convert_file(path: str, options: ParseOptions) -> tuple[str, Row]:
    """Parse, validate and serialize one file (runs in a worker). Raises ParseError on bad input.

    Returns the file's JSON text (a :class:`~oitparse.models.Summary`) and its summary row;
    the JSON is made here, in the worker, so the parent only writes it.
    """
    from .api import parse
    from .results import summary_data

    checklist = parse(path, schema=options.schema, year=options.year, limits=options.limits, base_url=options.base_url)
    summary = _summary(path, checklist, options)
    return json.dumps(summary_data(summary), ensure_ascii=False, indent=2) + "\n", row_from_summary(summary)


def _summary(path: str, checklist, options: ParseOptions):
    """The file's :class:`~oitparse.models.Summary` with ``options``: its status from every
    finding, its findings those at ``options.min_severity`` or above."""
    from .results import min_severity_filter, summarize

    summary = summarize(path, checklist, schema=options.schema, select=options.select, ignore=options.ignore,
                        lang=options.lang, options=options.fingerprint())
    summary.report.findings = min_severity_filter(summary.report.findings, options.min_severity)
    return summary


def row_from_summary(summary) -> Row:
    """The summary row of a :class:`~oitparse.models.Summary`."""
    if summary.report is None or summary.checklist is None:
        return Row(file=summary.file, status="error", error=summary.error or "")
    counts = summary.report.counts()
    return Row(
        file=summary.file,
        agency=summary.checklist.agency,
        year=summary.checklist.assessment_year,
        form=summary.report.schema_name,
        status=summary.status,
        items_found=summary.items_found or 0,
        items_expected=summary.items_expected or 0,
        missing=list(summary.missing),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        findings=[(f.item, f.code, f.severity, f.message) for f in summary.report.findings],
    )


def _row_for(path: str, checklist, options: ParseOptions | None = None) -> Row:
    """The summary row of a checklist validated with ``options`` (default rules, English)."""
    return row_from_summary(_summary(path, checklist, options or ParseOptions(schema=checklist.schema_name)))


def summarize_existing(path: str, output: str, options: ParseOptions | None = None) -> Row | None:
    """The summary row of an input converted by an earlier run (for --resume), or None when
    that run used other output-shaping options (then the file is converted again)."""
    from .models import Summary

    summary = Summary.model_validate_json(Path(output).read_bytes())
    if summary.checklist is None or summary.report is None:
        return None
    if options is not None and summary.options != options.fingerprint():
        return None
    row = row_from_summary(summary)
    row.file = path
    return row


def _run_task(task: Task, convert: Converter, options: ParseOptions) -> tuple[str | dict | None, Row]:
    from .errors import ParseError
    from .results import error_text, message

    try:
        if task.resume:
            try:
                row = summarize_existing(task.source, task.output, options)
                if row is not None:
                    return None, row
            except Exception:  # noqa: BLE001 - an unreadable or older-format output: convert again
                pass
        data, row = convert(task.source, options)
        row.file = task.source
        return data, row
    except (ParseError, OSError) as exc:
        return None, Row(file=task.source, error=error_text(exc, options.lang, options.flags))
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the batch
        return None, Row(file=task.source, error=message("internal", options.lang, kind=type(exc).__name__, detail=exc))


def _warm_up(options: ParseOptions) -> None:
    """Do once per worker, before it says "ready", what the first file would otherwise pay for:
    the imports of every reader and of the rules, the forms, and the Thai word dictionary that
    title matching segments with (building its trie alone takes about a second)."""
    import importlib

    for name in ("api", "rules", "results", "assemble", "readers", "readers.text", "readers.html",
                 "readers.docx", "readers.pdf"):
        try:
            importlib.import_module(f"oitparse.{name}")
        except Exception:  # noqa: BLE001 - a missing optional part fails later, on the file that needs it
            pass
    try:  # a three-item checklist in memory, read and validated as a file would be
        from .api import parse
        from .results import summarize
        from .schema import load_schema

        spec = load_schema(options.schema or "ita2565")
        text = "\n".join(f"{i.code} {i.title}" for i in spec.items[:3]) + "\n"
        checklist = parse(text.encode("utf-8"), schema=options.schema)
        summarize("warm-up", checklist, schema=options.schema, lang=options.lang)
    except Exception:  # noqa: BLE001 - whatever fails here fails again, reported, on a real file
        pass


def _worker(conn, convert: Converter, options: ParseOptions) -> None:
    """Worker loop: receive a Task, send back (index, data, row); None ends it."""
    # The parent decides what an interrupt means; a Ctrl-C reaches the whole
    # process group, so workers ignore it and wait to be told (or killed).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if convert is convert_file:
        _warm_up(options)
    conn.send("ready")  # imports are done: the parent may start the clock
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        data, row = _run_task(task, convert, options)
        try:
            conn.send((task.index, data, row))
        except (BrokenPipeError, OSError):
            return


# ----------------------------------------------------------------------- parent side


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM, turned into an exception so the batch can stop cleanly."""


def _file_mode() -> int:
    """The mode a new file gets under the user's umask (0o666 minus the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Write text (UTF-8) or bytes so that readers see either the old file or the whole new one.

    The file gets the permissions a plain ``open()`` would give it (the user's umask), not the
    0600 of the temporary file it is written to.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _file_mode() if mode is None else mode)
        if isinstance(text, str):
            text = text.encode("utf-8")
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        # Also on KeyboardInterrupt: never leave a temp file or a half file behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_summary(rows: list[Row], out_dir: Path) -> None:
    """summary.jsonl and summary.csv, both written atomically.

    The CSV is UTF-8 with a byte-order mark, so Excel (on Thai Windows too) shows the Thai
    as written; its ``missing`` column names the missing item codes, space-separated.
    """
    mode = _file_mode()
    jsonl = "".join(json.dumps(r.summary(), ensure_ascii=False) + "\n" for r in rows)
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        values = r.summary()
        values["missing"] = " ".join(r.missing)
        writer.writerow({k: ("" if v is None else v) for k, v in values.items()})
    write_atomic(out_dir / "summary.jsonl", jsonl, mode)
    write_atomic(out_dir / "summary.csv", buf.getvalue(), mode)


def _import_reports() -> None:
    try:
        from . import report_html, report_xlsx  # noqa: F401
        import openpyxl  # noqa: F401
    except Exception:  # noqa: BLE001 - write_reports reports it
        pass


def write_reports(rows: list[Row], out_dir: Path, *, schema: str | None = "ita2565", lang: str = "en") -> None:
    """report.xlsx and report.html: the summary, every finding, and the grid of items by agency."""
    from .report_html import render_html
    from .report_xlsx import render_xlsx
    from .results import form_codes

    # The grid's columns: the items of every form the files were checked against, in form order.
    codes: list[str] = []
    for form in dict.fromkeys([schema] + [r.form for r in rows if r.form]):
        for code in (form_codes(form) if form else None) or []:
            if code not in codes:
                codes.append(code)
    mode = _file_mode()
    write_atomic(out_dir / "report.xlsx", render_xlsx(rows, codes, lang=lang), mode)
    write_atomic(out_dir / "report.html", render_html(rows, codes, lang=lang), mode)


class _Progress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.enabled = stream.isatty()
        self.start = time.monotonic()
        self.ok = self.failed = 0

    def update(self, row: Row) -> None:
        if row.error:
            self.failed += 1
        else:
            self.ok += 1
        if self.enabled:
            done = self.ok + self.failed
            rate = done / max(time.monotonic() - self.start, 1e-6)
            self.stream.write(
                f"\r{done}/{self.total} files, {self.ok} ok, {self.failed} failed, {rate:.1f} files/s "
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class BatchResult:
    rows: list[Row]
    converted: int
    skipped: int
    failed: int
    interrupted: bool = False
    #: Seconds from the start of the run: "ready" (every first worker has done its imports),
    #: "converted" (the last file is back), "summary" and "reports" (those files written).
    timings: dict[str, float] = field(default_factory=dict)


class _Slot:
    """One worker process: starting (not ready yet), idle, or busy with a task."""

    def __init__(self, ctx, convert, options: ParseOptions) -> None:
        parent_end, child_end = ctx.Pipe()
        self.conn = parent_end
        self.process = ctx.Process(target=_worker, args=(child_end, convert, options), daemon=True)
        # A spawned worker inherits an ignored SIGINT through exec, so a Ctrl-C during
        # its start-up (imports) cannot print a traceback; the parent handles Ctrl-C.
        changed, previous = True, None
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: leave signals alone
            changed = False
        try:
            self.process.start()
        finally:
            if changed:
                signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
        child_end.close()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        # The clock starts now, after the worker's start-up (imports) is done.
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(2)
        self.kill()


def _work_estimate(task: Task) -> int:
    """Roughly how long a task takes: the input's size (a kept --resume output: nothing)."""
    if task.resume:
        return 0
    try:
        return os.stat(task.source).st_size
    except OSError:
        return 0


def run_batch(
    inputs: Iterable[str],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    resume: bool = False,
    timeout: float | None = None,
    year: int | None = None,
    schema: str | None = None,
    limits: Limits | None = None,
    base_url: str | None = None,
    lang: str = "en",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    flags: dict | None = None,
    reports: bool = True,
    links=None,
    min_severity: str = "info",
    convert: Converter = convert_file,
    progress: TextIO | None = None,
) -> BatchResult:
    """Convert every input to ``out_dir/<relative path>.json`` (its checklist and findings, a
    :class:`~oitparse.models.Summary`) and write the summary and, with ``reports``, report.xlsx
    and report.html.

    ``timeout`` is the per-file limit in seconds (None or 0: no limit). ``lang``,
    ``select`` and ``ignore`` are those of :func:`oitparse.validate`; ``min_severity`` leaves
    the findings below it out of the JSON and the reports (a file's status still counts
    every error). With ``resume``, an
    input whose JSON is newer and was made with the same output-shaping options is not
    converted again. ``convert``
    must be a module-level function (workers are spawned and import it by name).
    On Ctrl-C or SIGTERM, workers are stopped, the summary of finished files is
    written, and the result says ``interrupted``.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    from .results import message as text_of

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pairs = find_inputs(inputs)
    outputs = output_paths(pairs, out)
    tasks: list[Task] = []
    for index, ((src, _), dst) in enumerate(zip(pairs, outputs)):
        done_before = resume and dst.is_file() and src.is_file() and dst.stat().st_mtime > src.stat().st_mtime
        tasks.append(Task(index, str(src), str(dst), resume=done_before))

    rows: dict[int, Row] = {}
    # Largest files first (pop() takes from the end): the last files handed out are the small
    # ones, so no worker is left alone with a big file while the others idle at the end.
    # The summary and the reports keep the input order.
    pending = sorted(reversed(tasks), key=_work_estimate)
    bar = _Progress(len(tasks), progress if progress is not None else sys.stderr)
    limit = timeout if timeout and timeout > 0 else None
    options = ParseOptions(
        year=year, schema=schema, limits=limits, base_url=base_url, lang=lang,
        select=tuple(select) if select is not None else None, ignore=tuple(ignore) if ignore else None, flags=flags,
        min_severity=min_severity,
    )
    # "spawn" everywhere: safe with threads in the parent, the same on Linux, macOS and Windows.
    ctx = multiprocessing.get_context("spawn")
    n_workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    slots: list[_Slot] = []
    interrupted = False

    # Ctrl-C and SIGTERM stop the batch, but never between writing a JSON and
    # recording its summary row: inside such a critical section the stop waits.
    state = {"critical": False, "stop": False}

    def on_stop(signum, frame):
        state["stop"] = True
        if not state["critical"]:
            raise _Interrupted()

    handlers = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:  # only the main thread may set signal handlers
            handlers[sig] = signal.signal(sig, on_stop)
        except ValueError:
            pass

    mode = _file_mode()
    kept: set[int] = set()
    started = time.monotonic()
    timings: dict[str, float] = {}
    last_ready: float | None = None  # when the last worker so far said "ready"

    def finish(task: Task, data: str | dict | None, row: Row) -> None:
        state["critical"] = True
        try:
            if data is not None:
                if not isinstance(data, str):
                    data = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
                write_atomic(Path(task.output), data, mode)
            rows[task.index] = row
            if task.resume and data is None and not row.error:
                kept.add(task.index)  # its earlier JSON was kept (same input, same options)
            bar.update(row)
        finally:
            state["critical"] = False
        if state["stop"]:
            raise _Interrupted()

    if reports and tasks:
        # The report modules (openpyxl) load in the parent while the workers parse, not after them.
        import threading

        threading.Thread(target=_import_reports, daemon=True).start()
    try:
        if tasks:
            slots = [_Slot(ctx, convert, options) for _ in range(n_workers)]
        while True:
            for slot in slots:
                if slot.ready and slot.task is None and pending:
                    slot.give(pending.pop())
            busy = [s for s in slots if s.task]
            starting = [s for s in slots if not s.ready]
            if not busy and (not pending or not starting):
                break
            wait_for = None
            if limit and busy:
                wait_for = max(0.0, min(s.started + limit for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy + starting], timeout=wait_for)
            now = time.monotonic()
            for i, slot in enumerate(slots):
                task = slot.task
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):  # the worker died (a crash in a C library?)
                        slot.process.join(5)  # let it finish dying, to read its exit code
                        slot.kill()
                        code = slot.process.exitcode
                        if task is None:
                            raise RuntimeError(f"a worker process failed to start (exit code {code})")
                        finish(task, None, Row(file=task.source, error=text_of("worker_exited", lang, code=code)))
                        slots[i] = _Slot(ctx, convert, options)
                        continue
                    if message == "ready":
                        slot.ready = True
                        last_ready = time.monotonic() - started
                        if "ready" not in timings and all(s.ready for s in slots):
                            timings["ready"] = last_ready
                    else:
                        slot.task = None
                        finish(task, *message[1:])
                elif task is not None and limit and now - slot.started >= limit:
                    slot.kill()
                    finish(task, None, Row(file=task.source, error=text_of("time_limit", lang, limit=limit)))
                    slots[i] = _Slot(ctx, convert, options)
        if "ready" not in timings and last_ready is not None:
            # a worker still starting when the others had done every file: start-up ended
            # when the last worker that took part was ready
            timings["ready"] = last_ready
        if links is not None and not state["stop"]:  # --check-links (links.LinkOptions): each URL once per batch
            from .links import check_batch

            check_batch([(t.output, rows[t.index]) for t in tasks if t.index in rows and not rows[t.index].error],
                        out, links, schema=schema, select=select, ignore=ignore, lang=lang,
                        progress=progress if progress is not None else sys.stderr)
    except (KeyboardInterrupt, _Interrupted):
        interrupted = True
    finally:
        state["critical"] = True  # a second Ctrl-C must not cut the clean-up short
        for slot in slots:
            if slot.task is not None or interrupted:
                slot.kill()
            else:
                slot.stop()
        bar.close()
        ordered = [rows[t.index] for t in tasks if t.index in rows]
        timings["converted"] = time.monotonic() - started
        write_summary(ordered, out)
        timings["summary"] = time.monotonic() - started
        if reports:
            write_reports(ordered, out, schema=schema, lang=lang)
            timings["reports"] = time.monotonic() - started
        for sig, handler in handlers.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)

    failed = sum(1 for r in ordered if r.error)
    skipped = len(kept)
    return BatchResult(
        rows=ordered,
        converted=len(ordered) - failed - skipped,
        skipped=skipped,
        failed=failed,
        interrupted=interrupted,
        timings={k: round(v, 3) for k, v in timings.items()},
    )
