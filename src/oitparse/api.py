"""The public entry points: :func:`parse` a document, :func:`validate` a Checklist."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path
from typing import IO, Union

from .errors import LimitExceeded, NotAChecklist, ParseError
from .limits import DEFAULT_LIMITS, Limits, item_limit, time_limit
from .models import Checklist, Source
from .schema import Schema, SchemaLike, available_schemas, load_schema, resolve_schema

SourceLike = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]


def _read_capped(fh: IO[bytes], cap: int | None, limits: Limits, name: str | None) -> bytes:
    """Read a stream in chunks, refusing it as soon as it passes the size limit."""
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = fh.read(1 << 20)
        except UnicodeDecodeError:  # a text-mode file of a binary document (a PDF opened with "r")
            raise ParseError("the file object is in text mode; open it with 'rb'", source=name) from None
        if isinstance(chunk, str):
            raise ParseError("the file object is in text mode; open it with 'rb'", source=name)
        if not chunk:
            return b"".join(chunks)
        chunks.append(bytes(chunk))
        total += len(chunk)
        if cap and total >= cap:
            raise LimitExceeded(
                f"the stream holds more than the max_file_bytes limit of {limits.max_file_bytes:,} bytes", source=name
            )


def _read_source(source: SourceLike, limits: Limits) -> tuple[bytes, str | None]:
    """Bytes and a display name of a path, bytes or binary file, reading no more than the size limit."""
    cap = None if limits.max_file_bytes is None else limits.max_file_bytes + 1
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as fh:
                # A regular file's size comes from the file system (read(cap) would reserve
                # cap bytes up front); pipes and devices are read in bounded chunks.
                info = os.fstat(fh.fileno())
                if stat.S_ISREG(info.st_mode):
                    size = info.st_size
                    if cap and size >= cap:
                        raise LimitExceeded(
                            f"file is {size:,} bytes, over the max_file_bytes limit of {limits.max_file_bytes:,}",
                            source=path.name,
                        )
                    return fh.read(), path.name
                return _read_capped(fh, cap, limits, path.name), path.name
        except IsADirectoryError:
            raise ParseError("is a folder, not a file", source=str(path)) from None
        except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
            raise ParseError(f"cannot open: {getattr(exc, 'strerror', None) or exc}", source=str(path)) from None
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = Path(name).name if isinstance(name, str) else None
        return _read_capped(source, cap, limits, name), name
    raise TypeError(f"parse() takes a path, bytes or a binary file, not {type(source).__name__}")


def _is_web_address(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse(
    source: SourceLike,
    *,
    schema: SchemaLike | None = None,
    year: int | None = None,
    limits: Limits | None = None,
    base_url: str | None = None,
) -> Checklist:
    """Parse an OIT checklist (PDF, DOCX, HTML or text) into a :class:`~oitparse.models.Checklist`.

    ``source`` is a path, bytes or a binary file; the format is found from the
    content. ``schema`` is the form to read it against: a bundled form's name
    ("ita2566"), the path of a schema file, or a :class:`~oitparse.schema.Schema`; by
    default the bundled form that fits the document best is found
    (``Checklist.form`` says which and why), and a document no bundled form fits is read
    without one (``schema_name`` None). ``year`` (Buddhist era) overrides the assessment year the document
    names. ``base_url`` is the address relative evidence links are resolved against
    when the document gives none (a web page's ``<base href>``, canonical link or
    ``og:url`` come first); unresolved relative links get a ``relative-link`` warning. Raises a :class:`~oitparse.errors.ParseError` subclass when the input
    cannot be read or holds no OIT item.
    """
    from .readers import read_document

    if year is not None and not 2400 <= year <= 2700:
        raise ValueError(f"year must be a Buddhist-era year such as 2565, not {year!r}")
    if base_url is not None and not _is_web_address(base_url):
        raise ValueError(f"base_url must be an http(s) address such as https://www.example.go.th/ita/, not {base_url!r}")
    limits = limits or DEFAULT_LIMITS
    sch, schema_file = resolve_schema(schema) if schema is not None else (None, None)
    data, name = _read_source(source, limits)
    try:
        with time_limit(limits.timeout_seconds), item_limit(limits.max_items):
            doc = read_document(data, name=name, limits=limits)
            src = Source(name=name, format=doc.format, pages=doc.pages, sha256=hashlib.sha256(data).hexdigest())
            checklist = read_with_form(doc, sch, year=year, base_url=base_url, source=src)
    except ParseError as exc:
        exc.source = exc.source or name
        raise
    if not checklist.items:
        count = f"{sch.code_for(1)}..{sch.code_for(len(sch.items))}" if sch is not None else "o1..o43, MOIT 1.."
        raise NotAChecklist(f"no OIT item ({count}) found in this {doc.format.upper()} document", source=name)
    return _keep_schema(checklist, sch, schema_file)


def read_with_form(doc, schema: Schema | None, *, year: int | None, base_url: str | None, source: Source) -> Checklist:
    """Assemble a Document against ``schema``, or against the bundled form that fits it best
    (None); the Checklist's ``form`` says how the form was chosen."""
    from . import forms
    from .assemble import assemble_document, assemble_without_form

    free = assemble_without_form(doc, year=year, base_url=base_url, source=source)
    if not free.checklist.items and schema is None:
        return free.checklist
    if schema is None:
        found = forms.detect(free.checklist, free.form_year)
        if found.schema is None:
            checklist = free.checklist
        else:
            checklist = assemble_document(doc, found.schema, year=year, base_url=base_url, source=source).checklist
            checklist._schema = found.schema
        return checklist.model_copy(update={"form": found.match})
    match = forms.given(free.checklist, schema, free.form_year) if free.checklist.items else None
    checklist = assemble_document(doc, schema, year=year, base_url=base_url, source=source).checklist
    return checklist.model_copy(update={"form": match})


def _keep_schema(checklist: Checklist, schema: Schema | None, schema_file: str | None) -> Checklist:
    """The Checklist names its form so that validate() finds it again, even from JSON: a bundled
    form by name, a file by its path, any other Schema object embedded."""
    if schema is None:
        schema = checklist._schema if isinstance(checklist._schema, Schema) else None
    if schema is None:
        return checklist
    update: dict = {}
    if schema_file is not None:
        update["schema_file"] = schema_file
    elif not _is_bundled(schema):
        update["schema_data"] = schema.model_dump(mode="json")
    out = checklist.model_copy(update=update) if update else checklist
    out._schema = schema
    return out


def _is_bundled(schema: Schema) -> bool:
    if schema.name not in available_schemas():
        return False
    return load_schema(schema.name) == schema
