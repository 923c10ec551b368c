"""Hostile and broken input: every bad file gives one ParseError subclass naming the problem.

The corpus is made by the tests in tmp_path (nothing is downloaded): empty
files, truncated and garbled PDFs, encrypted PDFs, scans, zips that are not
DOCX, zip bombs, XML entity attacks, absurdly nested HTML, binary junk, and
text in legacy Thai encodings. Each parse runs with a time bound (a thread, or
a subprocess for the memory-hungry cases, which also get an address-space limit),
so a hang or a blow-up fails the test instead of stalling the suite.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import pytest

import oitparse
from oitparse.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    LimitExceeded,
    NoTextLayer,
    NotAChecklist,
    ParseError,
    UnsupportedFormat,
)
from oitparse.limits import Limits

from .conftest import FIXTURES, ROOT, SEED

TIMEOUT = 20.0  # seconds; generous: every case here takes well under a second when it works
MEMORY = 1536 * 1024 * 1024  # address-space limit of the isolated parses (1.5 GB)
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin", "daemon:")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


# ----------------------------------------------------------------------------- running parses


def parse_bounded(source, *, limits: Limits | None = None, timeout: float = TIMEOUT):
    """parse() in a thread: the Checklist, or the exception it raised; fails the test on a hang."""
    box: dict = {}

    def run():
        try:
            box["result"] = oitparse.parse(source, limits=limits)
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever came out
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"parse({source!r}) did not finish within {timeout:.0f} s")
    return box.get("result", box.get("error"))


_ISOLATED = textwrap.dedent(
    """
    import json, resource, sys, traceback
    args = json.loads(sys.argv[1])
    if args["memory"]:
        resource.setrlimit(resource.RLIMIT_AS, (args["memory"], args["memory"]))
    import oitparse
    from oitparse.limits import Limits
    try:
        c = oitparse.parse(args["path"], limits=Limits(**args["limits"]))
        out = {"ok": True, "codes": [i.code for i in c.items], "json": c.model_dump_json()}
    except oitparse.ParseError as exc:
        out = {"ok": False, "error": type(exc).__name__, "message": str(exc), "parse_error": True}
    except BaseException as exc:
        out = {"ok": False, "error": type(exc).__name__, "message": str(exc), "parse_error": False,
               "traceback": traceback.format_exc()}
    print(json.dumps(out))
    """
)


def parse_isolated(path: Path, *, limits: dict | None = None, memory: int | None = MEMORY, timeout: float = TIMEOUT):
    """parse() in a subprocess under an address-space limit; returns its JSON outcome and stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHAINLP_READ_ONLY="1")
    args = json.dumps({"path": str(path), "limits": limits or {}, "memory": memory})
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _ISOLATED, args], capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"parsing {path.name} did not finish within {timeout:.0f} s")
    assert proc.returncode == 0 and proc.stdout.strip(), (
        f"parsing {path.name} killed the process (rc={proc.returncode}): {proc.stderr[-2000:]}"
    )
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def assert_error(outcome, cls: type[ParseError] | tuple[type[ParseError], ...], keyword: str) -> ParseError:
    """The outcome is a ParseError of ``cls`` whose one-line message matches ``keyword`` (a regex)."""
    if isinstance(outcome, oitparse.Checklist):
        pytest.fail(f"expected {cls}, but parsing succeeded with {[i.code for i in outcome.items]}")
    assert isinstance(outcome, ParseError), f"not a ParseError: {type(outcome).__name__}: {outcome}"
    assert isinstance(outcome, cls), f"expected {cls}, got {type(outcome).__name__}: {outcome}"
    message = str(outcome)
    assert message and "\n" not in message, f"message is not one line: {message!r}"
    assert re.search(keyword, message, re.IGNORECASE), f"{keyword!r} not in message {message!r}"
    return outcome


def assert_isolated_error(outcome: dict, names: set[str], keyword: str) -> None:
    assert not outcome["ok"], f"expected {names}, but parsing succeeded with {outcome['codes']}"
    assert outcome["parse_error"], (
        f"not a ParseError: {outcome['error']}: {outcome['message']}\n{outcome.get('traceback')}"
    )
    assert outcome["error"] in names, f"expected {names}, got {outcome['error']}: {outcome['message']}"
    assert "\n" not in outcome["message"]
    assert re.search(keyword, outcome["message"], re.IGNORECASE), f"{keyword!r} not in {outcome['message']!r}"


# ----------------------------------------------------------------------------- building the corpus


def _pdf_with_text(pages: int = 1) -> bytes:
    """A small PDF with a text layer (standard Helvetica, Latin text), made with pypdfium2."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for n in range(pages):
        page = pdf.new_page(595, 842)
        obj = raw.FPDFPageObj_NewTextObj(pdf, b"Helvetica", ctypes.c_float(12))
        text = f"o{n + 1} E-Service O page {n + 1}\0".encode("utf-16-le")
        buf = ctypes.create_string_buffer(text)
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 760)
        raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def real_pdf() -> bytes:
    """A real multi-page checklist PDF (LibreOffice export) when the fixtures hold one, else a made one."""
    for name in ("seed_laksaman.pdf", "seed_garuda.pdf"):
        path = FIXTURES / "pdf" / name
        if path.is_file():
            return path.read_bytes()
    return _pdf_with_text(pages=3)


def _docx(document_xml: bytes | str, *, extra: dict[str, bytes | str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _document_xml(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- empty and junk


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt", ".html"])
def test_zero_byte_file(tmp_path, suffix):
    path = _write(tmp_path, "empty" + suffix, b"")
    assert_error(parse_bounded(path), EmptyDocument, r"empty|0 bytes")


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_whitespace_only_file(tmp_path, suffix):
    path = _write(tmp_path, "blank" + suffix, b" \r\n\t\n   \n")
    assert_error(parse_bounded(path), EmptyDocument, r"empty|no .*(text|line|content)")


def test_binary_junk_named_txt(tmp_path):
    junk = random.Random(5).randbytes(4096)
    path = _write(tmp_path, "junk.txt", junk)
    assert_error(parse_bounded(path), UnsupportedFormat, r"binary")


def test_old_word_binary(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path = _write(tmp_path, "form.doc", ole)
    assert_error(parse_bounded(path), UnsupportedFormat, r"\.doc|word")


def test_png_is_not_a_document(tmp_path):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, "PNG")
    path = _write(tmp_path, "scan.png", out.getvalue())
    assert_error(parse_bounded(path), UnsupportedFormat, r"binary|not .*(pdf|docx)")


def test_folder_and_missing_path(tmp_path):
    assert_error(parse_bounded(tmp_path), ParseError, r"folder")
    assert_error(parse_bounded(tmp_path / "nope.pdf"), ParseError, r"cannot open|no such")


def test_file_objects(tmp_path):
    path = _write(tmp_path, "seed.txt", SEED.read_bytes())
    with path.open("rb") as fh:
        assert len(parse_bounded(fh).items) == 43
    with path.open("r", encoding="utf-8") as fh:  # text mode: a caller's mistake, said plainly
        assert_error(parse_bounded(fh), ParseError, r"text mode|'rb'")
    with path.open("rb") as fh:
        assert_error(parse_bounded(fh, limits=Limits(max_file_bytes=100)), LimitExceeded, r"max_file_bytes")


def test_plain_text_without_items(tmp_path):
    path = _write(tmp_path, "letter.txt", "เรียน ผู้อำนวยการ\nขอส่งรายงานประจำปี\n".encode())
    assert_error(parse_bounded(path), NotAChecklist, r"no OIT item")


# ----------------------------------------------------------------------------- text encodings


@pytest.fixture(scope="module")
def seed_parse():
    return oitparse.parse(SEED)


def _titles(checklist) -> list[tuple[str, str]]:
    return [(i.code, i.title) for i in checklist.items]


@pytest.mark.parametrize(
    "encoding",
    ["cp874", "tis-620", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "crlf", "cp874-crlf"],
)
def test_seed_in_other_encodings_reads_the_same(tmp_path, seed_parse, encoding):
    text = SEED.read_text(encoding="utf-8")
    if encoding == "crlf":
        data = text.replace("\n", "\r\n").encode()
    elif encoding == "cp874-crlf":
        data = text.replace("\n", "\r\n").encode("cp874")
    elif encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    elif encoding == "tis-620":
        data = text.replace("\xa0", " ").encode(encoding)  # strict TIS-620 has no NBSP
    else:
        data = text.encode(encoding)
    assert data != text.encode()
    got = parse_bounded(_write(tmp_path, "seed.txt", data))
    assert isinstance(got, oitparse.Checklist), f"{type(got).__name__}: {got}"
    assert _titles(got) == _titles(seed_parse)
    # (For strict TIS-620 the NBSPs were replaced above, so there are fewer space repairs.)
    skip = {"source", "repairs"} if encoding == "tis-620" else {"source"}
    assert got.model_dump(exclude=skip) == seed_parse.model_dump(exclude=skip)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp874-meta", "tis-620-meta", "cp874-undeclared"])
def test_html_in_other_encodings_reads_the_same(tmp_path, encoding):
    from .synthetic import ItemStyle, render_form_html

    schema = oitparse.load_schema("ita2565")
    plan = [(i.code, ItemStyle(labels=((i.title, " ", None),))) for i in schema.items[:8]]
    page = render_form_html(schema, plan)
    utf8 = oitparse.parse(page.encode())
    if encoding.endswith("-meta"):
        charset = "windows-874" if encoding.startswith("cp874") else "TIS-620"
        data = page.replace('<meta charset="utf-8">', f'<meta charset="{charset}">').encode("cp874")
    elif encoding == "cp874-undeclared":
        data = page.replace('<meta charset="utf-8">', "").encode("cp874")
    else:
        data = page.encode(encoding)
    got = parse_bounded(_write(tmp_path, "form.html", data))
    assert isinstance(got, oitparse.Checklist), f"{type(got).__name__}: {got}"
    assert got.source.format == "html"
    assert got.model_dump(exclude={"source"}) == utf8.model_dump(exclude={"source"})


def test_truncated_docx_given_as_bytes(tmp_path):
    # No file name to go by: a damaged zip is still a damaged document, not "not a DOCX".
    data = (FIXTURES / "docx" / "seed_laksaman.docx").read_bytes()
    assert_error(parse_bounded(data[: len(data) // 2]), CorruptDocument, r"zip|damag|corrupt|broken")


def test_text_in_an_unknown_encoding(tmp_path):
    # Bytes undefined in UTF-8 and in cp874 (0xDB-0xDE, 0xFC-0xFF): no guess is right.
    data = "o1 โครงสร้าง\n".encode("cp874") + bytes([0xDB, 0xDC, 0xFC, 0xFD]) + b"\n"
    assert_error(parse_bounded(_write(tmp_path, "odd.txt", data)), UnsupportedFormat, r"encoding")


def test_broken_utf16(tmp_path):
    data = b"\xff\xfe" + "o1 โครงสร้าง".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate at the end
    outcome = parse_bounded(_write(tmp_path, "broken16.txt", data))
    assert_error(outcome, UnsupportedFormat, r"UTF-16")


# ----------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_pdf(tmp_path, real_pdf, fraction):
    data = real_pdf[: int(len(real_pdf) * fraction)]
    outcome = parse_bounded(_write(tmp_path, f"cut{int(fraction * 100)}.pdf", data))
    assert_error(outcome, CorruptDocument, r"truncat|damag|corrupt|broken|cannot read")


def test_pdf_header_then_garbage(tmp_path):
    data = b"%PDF-1.7\n" + random.Random(7).randbytes(2000)
    assert_error(parse_bounded(_write(tmp_path, "garbage.pdf", data)), CorruptDocument, r"damag|corrupt|broken|cannot")


def _garble_startxref(data: bytes) -> bytes:
    at = data.rindex(b"startxref")
    m = re.compile(rb"startxref\s+(\d+)").match(data, at)
    assert m
    return data[: m.start(1)] + b"9" * len(m.group(1)) + data[m.end(1) :]


def _garble_xref_table(data: bytes) -> bytes:
    # Every "nnnnnnnnnn ggggg n" entry points 1 byte off: objects are not where the table says.
    return re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 1, m.group(2)), data)


@pytest.mark.parametrize("garble", [_garble_startxref, _garble_xref_table], ids=["startxref", "xref-table"])
def test_pdf_with_broken_xref(tmp_path, real_pdf, garble):
    broken = garble(real_pdf)
    assert broken != real_pdf
    outcome = parse_bounded(_write(tmp_path, "xref.pdf", broken))
    if isinstance(outcome, oitparse.Checklist):
        # PDFium rebuilds a broken cross-reference from the objects themselves: acceptable only
        # when nothing is lost (the same checklist as the intact file).
        intact = oitparse.parse(real_pdf)
        assert outcome.model_dump(exclude={"source"}) == intact.model_dump(exclude={"source"})
    else:
        assert_error(outcome, CorruptDocument, r"damag|corrupt|broken|xref|cannot read")


def test_zero_page_pdf(tmp_path):
    import pypdfium2 as pdfium

    out = io.BytesIO()
    pdfium.PdfDocument.new().save(out)
    outcome = parse_bounded(_write(tmp_path, "nopages.pdf", out.getvalue()))
    assert_error(outcome, (EmptyDocument, CorruptDocument), r"no page|0 pages|zero pages|empty")


def test_image_only_pdf_has_no_text_layer(tmp_path):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for y in range(100, 1600, 40):  # table rules, like a scanned form
        draw.line((80, y, 1160, y), fill="black", width=2)
    out = io.BytesIO()
    img.save(out, "PDF", resolution=150)
    outcome = parse_bounded(_write(tmp_path, "scan.pdf", out.getvalue()))
    assert_error(outcome, NoTextLayer, r"text layer|OCR|scan")


ENCRYPTED_DIR = FIXTURES / "pdf" / "broken"  # made once with qpdf (see its README): qpdf is not needed here


def _pikepdf_encrypted(base: bytes, *, user: str, owner: str, revision: int) -> bytes:
    """``base`` encrypted with pikepdf (standard security handler revision 3: RC4-128, 4: AES-128, 6: AES-256)."""
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf makes the extra encrypted variants")
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(base)) as pdf:
        encryption = pikepdf.Encryption(user=user, owner=owner, R=revision, aes=revision >= 4, metadata=revision >= 4)
        pdf.save(out, encryption=encryption)
    return out.getvalue()


@pytest.mark.parametrize(
    "variant",
    ["encrypted_user_password.pdf", "encrypted_rc4_user_password.pdf", "pikepdf-R3", "pikepdf-R4", "pikepdf-R6"],
)
def test_pdf_with_user_password(tmp_path, real_pdf, variant):
    if variant.startswith("pikepdf"):
        data = _pikepdf_encrypted(real_pdf, user="secret", owner="owner-secret", revision=int(variant[-1]))
    else:
        data = (ENCRYPTED_DIR / variant).read_bytes()
    outcome = parse_bounded(_write(tmp_path, "locked.pdf", data))
    assert_error(outcome, EncryptedDocument, r"password|encrypt")


def test_pdf_with_owner_password_only_opens(tmp_path):
    outcome = parse_bounded(ENCRYPTED_DIR / "encrypted_owner_only.pdf")
    assert isinstance(outcome, oitparse.Checklist), f"{type(outcome).__name__}: {outcome}"
    assert [i.code for i in outcome.items] == ["o1"]


@pytest.mark.parametrize("revision", [3, 4, 6])
def test_real_pdf_with_owner_password_only_reads_the_same(tmp_path, real_pdf, revision):
    data = _pikepdf_encrypted(real_pdf, user="", owner="owner-secret", revision=revision)
    outcome = parse_bounded(_write(tmp_path, "owner.pdf", data))
    assert isinstance(outcome, oitparse.Checklist), f"{type(outcome).__name__}: {outcome}"
    intact = oitparse.parse(real_pdf)
    assert outcome.model_dump(exclude={"source"}) == intact.model_dump(exclude={"source"})


def test_pdf_over_max_pages(tmp_path, real_pdf):
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(real_pdf))
    assert pages >= 2
    path = _write(tmp_path, "long.pdf", real_pdf)
    outcome = parse_bounded(path, limits=Limits(max_pages=pages - 1))
    assert_error(outcome, LimitExceeded, r"max_pages")
    # At the limit the same file reads, as it does with no page limit.
    at_limit = parse_bounded(path, limits=Limits(max_pages=pages))
    assert isinstance(at_limit, oitparse.Checklist) and at_limit.items
    assert at_limit.model_dump(exclude={"source"}) == oitparse.parse(real_pdf).model_dump(exclude={"source"})


# ----------------------------------------------------------------------------- DOCX


def test_docx_that_is_not_a_zip(tmp_path):
    path = _write(tmp_path, "random.docx", random.Random(3).randbytes(3000))
    assert_error(parse_bounded(path), (CorruptDocument, UnsupportedFormat), r"zip|binary|not a")


def test_docx_with_a_broken_zip(tmp_path):
    # Starts like a zip (local file header) but the rest is junk: it claims to be a DOCX and is damaged.
    data = b"PK\x03\x04" + random.Random(4).randbytes(3000)
    assert_error(parse_bounded(_write(tmp_path, "broken.docx", data)), CorruptDocument, r"zip")


def test_truncated_docx(tmp_path):
    data = (FIXTURES / "docx" / "seed_laksaman.docx").read_bytes()
    path = _write(tmp_path, "cut.docx", data[: len(data) // 2])
    assert_error(parse_bounded(path), CorruptDocument, r"zip|damag|corrupt|broken")


def test_zip_that_is_not_a_docx(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "o1 โครงสร้าง")
        z.writestr("xl/workbook.xml", "<workbook/>")
    path = _write(tmp_path, "form.docx", out.getvalue())
    assert_error(parse_bounded(path), UnsupportedFormat, r"not a DOCX|zip")


def test_docx_with_malformed_xml(tmp_path):
    data = _docx(_document_xml(_paragraph("o1 โครงสร้าง")).replace("</w:body>", "<w:p>"))
    assert_error(parse_bounded(_write(tmp_path, "bad.docx", data)), CorruptDocument, r"well-formed|XML")


def _zip_bomb(path: Path, uncompressed: int, *, lie: bool = False) -> None:
    """A DOCX whose document.xml is ``uncompressed`` bytes of spaces (deflated ~1000:1), written
    from a generator so neither the test nor the file is large. ``lie``: the zip directory
    then claims the member is 1000 bytes."""
    head = _document_xml("<w:p><w:r><w:t>").split("<w:p>")[0].encode() + b"<w:p><w:r><w:t>"
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        with z.open("word/document.xml", "w") as f:
            f.write(head)
            chunk = b" " * (1 << 20)
            left = uncompressed - len(head) - len(tail)
            while left > 0:
                f.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            f.write(tail)
    if lie:
        data = bytearray(path.read_bytes())
        name = b"word/document.xml"
        # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
        for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = 0
            while (at := data.find(sig, at)) != -1:
                name_at = at + (30 if sig == b"PK\x03\x04" else 46)
                if data[name_at : name_at + len(name)] == name:
                    data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
                at += 4
        path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    _zip_bomb(path, 300 * 1024 * 1024)
    return path


def test_zip_bomb_is_small_on_disk(zip_bomb):
    # The premise of the next tests: a file far under every size limit.
    assert zip_bomb.stat().st_size < 1024 * 1024
    with zipfile.ZipFile(zip_bomb) as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size / info.compress_size > 500


def test_zip_bomb_default_limits(zip_bomb):
    outcome, _ = parse_isolated(zip_bomb)
    assert_isolated_error(outcome, {"LimitExceeded"}, r"zip bomb|expands|uncompressed")


def test_zip_bomb_ratio_guard_off_still_bounded(zip_bomb):
    # Without the ratio guard the total-size guard still refuses it.
    outcome, _ = parse_isolated(zip_bomb, limits={"max_compression_ratio": None})
    assert_isolated_error(outcome, {"LimitExceeded"}, r"max_uncompressed_bytes")


def test_zip_bomb_that_lies_about_its_size(tmp_path):
    path = tmp_path / "liar.docx"
    _zip_bomb(path, 300 * 1024 * 1024, lie=True)
    outcome, _ = parse_isolated(path)
    assert_isolated_error(outcome, {"LimitExceeded", "CorruptDocument"}, r"zip|expands|CRC|declared")


def test_docx_over_max_uncompressed_bytes(tmp_path):
    path = FIXTURES / "docx" / "seed_laksaman.docx"
    outcome = parse_bounded(path, limits=Limits(max_uncompressed_bytes=10_000))
    assert_error(outcome, LimitExceeded, r"max_uncompressed_bytes")
    assert isinstance(parse_bounded(path), oitparse.Checklist)


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]>"
)


def test_docx_billion_laughs(tmp_path):
    xml = _document_xml(_paragraph("o1 &lol9;"), prolog=BILLION_LAUGHS)
    path = _write(tmp_path, "laughs.docx", _docx(xml))
    outcome, _ = parse_isolated(path)
    assert_isolated_error(outcome, {"CorruptDocument", "LimitExceeded"}, r"DOCTYPE|ENTITY|entit")


def test_docx_billion_laughs_in_utf16(tmp_path):
    # The byte-level DOCTYPE check cannot see UTF-16; the parsed DTD must still be refused.
    xml = _document_xml(_paragraph("o1 &lol9;"), prolog=BILLION_LAUGHS).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = _write(tmp_path, "laughs16.docx", _docx(xml.encode("utf-16")))
    outcome, _ = parse_isolated(path)
    assert_isolated_error(outcome, {"CorruptDocument", "LimitExceeded"}, r"DOCTYPE|ENTITY|entit")


class _Listener:
    """A local TCP port that records whether anything connected (an external entity fetch)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0

    def poll(self) -> int:
        try:
            while True:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
        except (socket.timeout, OSError):
            pass
        return self.connections

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener():
    lis = _Listener()
    yield lis
    lis.close()


def _no_passwd(*texts: str) -> None:
    for text in texts:
        for marker in PASSWD_MARKERS:
            assert marker not in text, f"/etc/passwd content leaked: {marker!r}"


@pytest.mark.parametrize("part", ["word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"])
def test_docx_external_entities(tmp_path, listener, part):
    prolog = (
        '<!DOCTYPE x [<!ENTITY passwd SYSTEM "file:///etc/passwd">'
        f'<!ENTITY net SYSTEM "http://127.0.0.1:{listener.port}/xxe">]>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://example.go.th/&passwd;&net;" TargetMode="External"/></Relationships>'
    )
    document = _document_xml(_paragraph("o1 โครงสร้าง &passwd; &net;") + _paragraph("O แสดงแผนผัง"))
    parts = {
        "word/document.xml": document,
        "word/_rels/document.xml.rels": rels,
        "[Content_Types].xml": CONTENT_TYPES,
    }
    name, xml = part, parts[part]
    parts[name] = xml.replace("?>", "?>" + prolog, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", parts["[Content_Types].xml"])
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", parts["word/document.xml"])
        z.writestr("word/_rels/document.xml.rels", parts["word/_rels/document.xml.rels"])
    path = _write(tmp_path, "xxe.docx", out.getvalue())
    outcome, stderr = parse_isolated(path)
    _no_passwd(json.dumps(outcome, ensure_ascii=False), stderr)
    assert listener.poll() == 0, "the parser fetched an external entity over the network"
    if not outcome["ok"]:
        assert_isolated_error(outcome, {"CorruptDocument", "UnsupportedFormat"}, r"DOCTYPE|ENTITY|entit|XML")


# ----------------------------------------------------------------------------- HTML


def test_deeply_nested_html(tmp_path):
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "o1 โครงสร้าง" + "</div>" * depth + "</body></html>"
    path = _write(tmp_path, "deep.html", html.encode())
    outcome, _ = parse_isolated(path)
    assert_isolated_error(outcome, {"LimitExceeded"}, r"nest|deep|depth")


def test_html_over_max_html_depth(tmp_path):
    html = "<html><body>" + "<div>" * 60 + "o1 โครงสร้าง O แสดงแผนผัง" + "</div>" * 60 + "</body></html>"
    path = _write(tmp_path, "deep60.html", html.encode())
    assert_error(parse_bounded(path, limits=Limits(max_html_depth=50)), LimitExceeded, r"max_html_depth")
    assert isinstance(parse_bounded(path, limits=Limits(max_html_depth=100)), oitparse.Checklist)


def test_html_billion_laughs(tmp_path):
    html = BILLION_LAUGHS.replace("lolz", "html") + "<html><body><p>o1 โครงสร้าง &lol9;</p></body></html>"
    outcome, _ = parse_isolated(_write(tmp_path, "laughs.html", html.encode()))
    if outcome["ok"]:
        assert "lollollol" not in outcome["json"], "entities were expanded"
    else:
        assert_isolated_error(outcome, {"CorruptDocument", "LimitExceeded", "NotAChecklist"}, r"entit|DOCTYPE|no OIT item|limit")


def test_html_external_entities(tmp_path, listener):
    html = (
        '<!DOCTYPE html [<!ENTITY passwd SYSTEM "file:///etc/passwd">'
        f'<!ENTITY net SYSTEM "http://127.0.0.1:{listener.port}/xxe">]>'
        "<html><body><p>o1 โครงสร้าง &passwd; &net;</p><p>O แสดงแผนผัง</p>"
        f'<p><a href="http://127.0.0.1:{listener.port}/evidence">หลักฐาน (คลิ๊ก)</a></p></body></html>'
    )
    outcome, stderr = parse_isolated(_write(tmp_path, "xxe.html", html.encode()))
    _no_passwd(json.dumps(outcome, ensure_ascii=False), stderr)
    assert listener.poll() == 0, "the parser touched the network (entity or link)"


# ----------------------------------------------------------------------------- limits


def test_file_over_max_file_bytes(tmp_path):
    path = _write(tmp_path, "seed.txt", SEED.read_bytes())
    size = path.stat().st_size
    assert_error(parse_bounded(path, limits=Limits(max_file_bytes=size - 1)), LimitExceeded, r"max_file_bytes")
    assert_error(parse_bounded(path.read_bytes(), limits=Limits(max_file_bytes=1000)), LimitExceeded, r"max_file_bytes")
    assert isinstance(parse_bounded(path, limits=Limits(max_file_bytes=size)), oitparse.Checklist)


def test_text_over_max_lines(tmp_path):
    path = _write(tmp_path, "seed.txt", SEED.read_bytes())
    assert_error(parse_bounded(path, limits=Limits(max_lines=50)), LimitExceeded, r"max_lines")


def test_huge_single_line_text_is_bounded(tmp_path):
    # 20 MB on one line, no item in it: refused quickly, not scanned quadratically.
    path = tmp_path / "oneline.txt"
    path.write_bytes(("โครงสร้าง O แสดง (คลิ๊ก) " * 700_000).encode())
    outcome = parse_bounded(path, timeout=60)
    assert_error(outcome, NotAChecklist, r"no OIT item")


def test_long_unclosed_evidence_is_not_quadratic(tmp_path):
    # 30 000 label lines with no click marker make one evidence entry of 30 000 pieces (330 KB,
    # far under every limit). Linear work takes a few seconds; per-line rescans of the entry took minutes.
    text = "o1 โครงสร้าง O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน\n" + "หลักฐานยาว\n" * 30_000
    path = _write(tmp_path, "long_label.txt", text.encode())
    outcome, _ = parse_isolated(path, timeout=20)
    assert outcome["ok"] and outcome["codes"] == ["o1"]


def test_absurd_html_spans_are_bounded(tmp_path):
    html = (
        '<html><body><table><tr><td>ข้อ</td><td>ข้อมูล</td><td>องค์ประกอบด้านข้อมูล</td><td>Link</td></tr>'
        '<tr><td rowspan="2000000000">o1</td><td colspan="2000000000">โครงสร้าง</td>'
        '<td>O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน</td>'
        '<td><a href="https://example.go.th/o1">โครงสร้าง (คลิ๊ก)</a></td></tr></table></body></html>'
    )
    outcome, _ = parse_isolated(_write(tmp_path, "spans.html", html.encode()))
    if outcome["ok"]:  # spans clamped: the row still reads
        assert outcome["codes"] == ["o1"]
    else:
        assert_isolated_error(outcome, {"LimitExceeded", "CorruptDocument"}, r"span|limit|table")


def test_absurd_docx_grid_spans_are_bounded(tmp_path):
    cell = "<w:tc><w:tcPr>{}</w:tcPr>" + _paragraph("{}") + "</w:tc>"
    header = "".join(cell.format("", t) for t in ("ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "Link"))
    row = (
        cell.format('<w:vMerge w:val="restart"/>', "o1")
        + cell.format('<w:gridSpan w:val="2000000000"/>', "โครงสร้าง")
        + cell.format("", "O แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน")
        + cell.format("", "โครงสร้าง (คลิ๊ก)")
    )
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * 4 + "</w:tblGrid>"
    body = f"<w:tbl>{grid}<w:tr>{header}</w:tr>" + f"<w:tr>{row}</w:tr>" * 50 + "</w:tbl>"
    outcome, _ = parse_isolated(_write(tmp_path, "spans.docx", _docx(_document_xml(body))))
    if outcome["ok"]:  # spans clamped: every row still reads
        assert outcome["codes"] == ["o1"] * 50
    else:
        assert_isolated_error(outcome, {"LimitExceeded", "CorruptDocument"}, r"span|limit|table")


def test_zip_with_a_huge_directory(tmp_path):
    # 60 000 empty members: a tiny-per-entry "directory bomb" must not take long or crash.
    path = tmp_path / "members.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", _document_xml(_paragraph("o1 โครงสร้าง")))
        for n in range(60_000):
            z.writestr(f"customXml/item{n}.xml", "")
    outcome, _ = parse_isolated(path)
    assert outcome["ok"], outcome  # the document holds o1: 60 000 empty members must not stop it
    assert '"o1"' in outcome["json"]


def test_pdf_with_many_blank_pages_default_limit(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(250):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    assert len(out.getvalue()) < 200_000
    assert_error(parse_bounded(_write(tmp_path, "many.pdf", out.getvalue())), LimitExceeded, r"max_pages")


# ----------------------------------------------------------------------------- CLI


def _cli(*args: str, cwd: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHAINLP_READ_ONLY="1")
    return subprocess.run(
        [sys.executable, "-m", "oitparse", *args], capture_output=True, text=True, timeout=60, env=env, cwd=cwd
    )


@pytest.mark.parametrize(
    "name,data",
    [
        ("bad.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8),
        ("empty.docx", b""),
        ("junk.txt", bytes(range(256)) * 4),
        ("notzip.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_cli_on_broken_file_prints_one_line(tmp_path, name, data):
    _write(tmp_path, name, data)
    proc = _cli("parse", name, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert name in lines[0]
    assert proc.stdout == ""


def test_cli_on_several_files_reports_each_broken_one(tmp_path):
    _write(tmp_path, "empty.pdf", b"")
    _write(tmp_path, "junk.txt", bytes(range(256)) * 4)
    _write(tmp_path, "form.txt", SEED.read_bytes())
    proc = _cli("parse", "empty.pdf", "form.txt", "junk.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and "empty.pdf" in lines[0] and "junk.txt" in lines[1], proc.stderr
    # The good file between them is still converted (JSON Lines: one checklist).
    (record,) = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(record["items"]) == 43


# ----------------------------------------------------------------------------- docs


def test_errors_doc_covers_every_error_and_limit():
    # docs/errors.md is the user's reference: it must not fall behind errors.py and limits.py.
    import dataclasses
    import inspect

    import oitparse.errors as errors

    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    classes = [n for n, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    assert {"ParseError", "LimitExceeded", "SchemaError"} <= set(classes)
    for name in classes:
        assert re.search(rf"^\| `{name}` \|", doc, re.M), f"docs/errors.md has no row for {name}"
    for f in dataclasses.fields(Limits):
        row = re.search(rf"^\| `{f.name}` \| ([^|]+) \|", doc, re.M)
        assert row, f"docs/errors.md has no row for the limit {f.name}"
        default = f.default
        shown = f"{default:,}" if isinstance(default, int) else f"{default:g}"
        assert shown in row.group(1), f"{f.name}: default {shown} not in {row.group(1)!r}"


def test_stacked_rowspans_are_linear_and_a_huge_table_meets_max_lines():
    # 5,000 rows of rowspan=0 took 10 s when every row rebuilt the list of spans above it;
    # the grid is now clamped to the table model's columns. The line limit counts table lines
    # too (they are held apart until the table is tagged).
    from oitparse.errors import LimitExceeded
    from oitparse.limits import Limits
    from oitparse.readers.html import read_html

    rows = "<tr><td rowspan=0>o1</td><td rowspan=65534 colspan=1000>x</td></tr>" * 5000
    doc = read_html(f"<table>{rows}</table>".encode())
    assert len(doc.lines) == 10000 and max(ln.row for ln in doc.lines) == 4999
    with pytest.raises(LimitExceeded, match="max_lines"):
        read_html(f"<table>{rows}</table>".encode(), limits=Limits(max_lines=3000))
