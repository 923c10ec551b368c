"""The public entry points: :func:`parse` a document, :func:`validate` a Checklist."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import IO, Union

from .errors import LimitExceeded, NotAChecklist, ParseError
from .limits import DEFAULT_LIMITS, Limits, time_limit
from .models import Checklist, Source
from .schema import Schema, load_schema

SourceLike = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]


def _read_source(source: SourceLike, limits: Limits) -> tuple[bytes, str | None]:
    """Bytes and a display name of a path, bytes or binary file, reading no more than the size limit."""
    cap = None if limits.max_file_bytes is None else limits.max_file_bytes + 1
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as fh:
                # Ask the file system for the size: read(cap) would reserve cap bytes up front.
                size = os.fstat(fh.fileno()).st_size
                if cap and size >= cap:
                    raise LimitExceeded(
                        f"file is {size:,} bytes, over the max_file_bytes limit of {limits.max_file_bytes:,}",
                        source=path.name,
                    )
                return fh.read(), path.name
        except IsADirectoryError:
            raise ParseError("is a folder, not a file", source=str(path)) from None
        except OSError as exc:
            raise ParseError(f"cannot open: {exc.strerror or exc}", source=str(path)) from None
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        data = source.read(cap) if cap else source.read()
        if isinstance(data, str):
            raise ParseError("the file object is in text mode; open it with 'rb'")
        name = getattr(source, "name", None)
        return bytes(data), Path(name).name if isinstance(name, str) else None
    raise TypeError(f"parse() takes a path, bytes or a binary file, not {type(source).__name__}")


def parse(
    source: SourceLike,
    *,
    schema: str | Schema = "ita2565",
    year: int | None = None,
    limits: Limits | None = None,
) -> Checklist:
    """Parse an OIT checklist (PDF, DOCX, HTML or text) into a :class:`~oitparse.models.Checklist`.

    ``source`` is a path, bytes or a binary file; the format is found from the
    content. ``year`` (Buddhist era) overrides the assessment year the document
    names. Raises a :class:`~oitparse.errors.ParseError` subclass when the input
    cannot be read or holds no OIT item.
    """
    from .assemble import assemble
    from .readers import read_document

    limits = limits or DEFAULT_LIMITS
    sch = load_schema(schema) if isinstance(schema, str) else schema
    data, name = _read_source(source, limits)
    try:
        with time_limit(limits.timeout_seconds):
            doc = read_document(data, name=name, limits=limits)
            checklist = assemble(
                doc,
                sch,
                year=year,
                source=Source(name=name, format=doc.format, pages=doc.pages, sha256=hashlib.sha256(data).hexdigest()),
            )
    except ParseError as exc:
        exc.source = exc.source or name
        raise
    if not checklist.items:
        raise NotAChecklist(
            f"no OIT item (o1..o{len(sch.items)}) found in this {doc.format.upper()} document", source=name
        )
    return checklist
