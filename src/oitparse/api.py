"""The public entry points: :func:`parse` a document, :func:`validate` a Checklist."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path
from typing import IO, Union

from .errors import LimitExceeded, NotAChecklist, ParseError
from .limits import DEFAULT_LIMITS, Limits, time_limit
from .models import Checklist, Source
from .schema import Schema, load_schema

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
    schema: str | Schema = "ita2565",
    year: int | None = None,
    limits: Limits | None = None,
    base_url: str | None = None,
) -> Checklist:
    """Parse an OIT checklist (PDF, DOCX, HTML or text) into a :class:`~oitparse.models.Checklist`.

    ``source`` is a path, bytes or a binary file; the format is found from the
    content. ``year`` (Buddhist era) overrides the assessment year the document
    names. ``base_url`` is the address relative evidence links are resolved against
    when the document gives none (a web page's ``<base href>``, canonical link or
    ``og:url`` come first); unresolved relative links get a ``relative-link`` warning. Raises a :class:`~oitparse.errors.ParseError` subclass when the input
    cannot be read or holds no OIT item.
    """
    from .assemble import assemble
    from .readers import read_document

    if year is not None and not 2400 <= year <= 2700:
        raise ValueError(f"year must be a Buddhist-era year such as 2565, not {year!r}")
    if base_url is not None and not _is_web_address(base_url):
        raise ValueError(f"base_url must be an http(s) address such as https://www.example.go.th/ita/, not {base_url!r}")
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
                base_url=base_url,
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
