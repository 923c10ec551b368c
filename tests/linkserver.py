"""A local web server for the link checks (tests and benchmarks/bench_links.py).

It listens on 127.0.0.1 only, on a free port, in a thread per request, and
counts what a polite checker must respect: the requests per (method, path) and
the most requests in flight at once. Its routes are the cases of issue 11:

=====================  ==========================================================
``/ok/<anything>``      200, an HTML page (``?delay=S`` answers after S seconds)
``/missing``            404
``/chain/<n>``          301 to ``/chain/<n-1>``, ``/chain/0`` is 200
``/loop/a``, ``/b``     301 to each other, for ever
``/nohead``             405 to HEAD, 200 to GET
``/busy``               429 with ``Retry-After: 1`` the first time, then 200
``/slow``               answers after ``slow`` seconds (2 by default)
``/private``            302 to ``/accounts/ServiceLogin?continue=...``, a page with a password field
``/docs/<name>.pdf``    a PDF whose first page says "Annual report B.E. <year>" (``pdf_years`` by name)
``/to-file``            302 to ``file:///etc/passwd`` (never to be followed)
``/cookie/set``         sets a cookie and redirects to ``/cookie/check`` (200 only with the cookie)
=====================  ==========================================================
"""

from __future__ import annotations

import ctypes
import io
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def pdf_naming(text: str) -> bytes:
    """A one-page PDF whose text layer says ``text`` (standard Helvetica, Latin), made with pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from oitparse.readers.pdf.pdfium import LOCK

    with LOCK:  # this runs in the server's request threads, beside the checker's reader
        return _pdf_naming(pdfium, raw, text)


def _pdf_naming(pdfium, raw, text: str) -> bytes:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    obj = raw.FPDFPageObj_NewTextObj(pdf, b"Helvetica", ctypes.c_float(12))
    buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 760)
    raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


class LinkServer:
    """``with LinkServer() as server: server.url("/ok/1")``."""

    def __init__(self, *, slow: float = 2.0, delay: float = 0.0, pdf_years: dict[str, int] | None = None) -> None:
        self.slow = slow
        self.delay = delay  # every /ok answer waits this long (to make requests overlap)
        self.pdf_years = pdf_years or {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.user_agents: set[str] = set()
        self.cookies_seen: list[str] = []
        self.hosts_seen: list[str] = []  # the Host header of every request
        self._lock = threading.Lock()
        self._pdfs: dict[str, bytes] = {}
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_HEAD(self) -> None:
                server._serve(self, "HEAD")

            def do_GET(self) -> None:
                server._serve(self, "GET")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "LinkServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        """Requests (any method) for a path (query included)."""
        return sum(n for (_, p), n in self.hits.items() if p == path)

    # ------------------------------------------------------------------ routes

    def _serve(self, h: BaseHTTPRequestHandler, method: str) -> None:
        with self._lock:
            self.hits[(method, h.path)] += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.user_agents.add(h.headers.get("User-Agent", ""))
            self.hosts_seen.append(h.headers.get("Host", ""))
            if h.headers.get("Cookie"):
                self.cookies_seen.append(h.headers["Cookie"])
            first = self.hits[(method, h.path)] == 1 and sum(
                n for (_, p), n in self.hits.items() if p == h.path) == 1
        h.in_flight = True
        try:
            self._route(h, method, first)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._leave(h)

    def _leave(self, h) -> None:
        """The request is over for the count once its answer starts: the client may send the next one
        as soon as it has read it, before this thread has unwound."""
        with self._lock:
            if getattr(h, "in_flight", False):
                h.in_flight = False
                self.in_flight -= 1

    def _send(self, h, method: str, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self._leave(h)
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if method == "GET":
            h.wfile.write(body)

    def _route(self, h, method: str, first: bool) -> None:
        parts = urlsplit(h.path)
        path, query = parts.path, parse_qs(parts.query)
        page = b"<html><head><title>ok</title></head><body><p>report</p></body></html>"
        if path.startswith("/ok/"):
            wait = float(query.get("delay", [self.delay])[0])
            if wait:
                self._stop.wait(wait)
            return self._send(h, method, 200, page)
        if path == "/missing":
            return self._send(h, method, 404, b"not found")
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                return self._send(h, method, 200, page)
            return self._send(h, method, 301, headers={"Location": f"/chain/{n - 1}"})
        if path in ("/loop/a", "/loop/b"):
            return self._send(h, method, 301, headers={"Location": "/loop/b" if path == "/loop/a" else "/loop/a"})
        if path == "/nohead":
            return self._send(h, method, 405 if method == "HEAD" else 200, page, headers={"Allow": "GET"})
        if path == "/busy":
            if first:
                return self._send(h, method, 429, b"slow down", headers={"Retry-After": "1"})
            return self._send(h, method, 200, page)
        if path == "/slow":
            self._stop.wait(self.slow)
            return self._send(h, method, 200, page)
        if path == "/private":
            return self._send(h, method, 302, headers={"Location": "/accounts/ServiceLogin?continue=/private"})
        if path == "/accounts/ServiceLogin":
            form = b'<html><body><form method="post"><input type="email" name="u"><input type="password" name="p"></form></body></html>'
            return self._send(h, method, 200, form)
        if path == "/to-file":
            return self._send(h, method, 302, headers={"Location": "file:///etc/passwd"})
        if path == "/cookie/set":
            return self._send(h, method, 302, headers={"Location": "/cookie/check", "Set-Cookie": "session=abc; Path=/"})
        if path == "/cookie/check":
            ok = "session=abc" in (h.headers.get("Cookie") or "")
            return self._send(h, method, 200 if ok else 403, page)
        if path.startswith("/docs/") and path.endswith(".pdf"):
            name = path.rsplit("/", 1)[1]
            year = self.pdf_years.get(name)
            if year is None:
                return self._send(h, method, 404, b"no such document")
            if name not in self._pdfs:
                self._pdfs[name] = pdf_naming(f"Annual report of the agency, B.E. {year}")
            return self._send(h, method, 200, self._pdfs[name], ctype="application/pdf")
        return self._send(h, method, 404, b"unknown route")


if __name__ == "__main__":  # a manual check: python tests/linkserver.py
    with LinkServer() as s:
        print("serving on", s.url("/"))
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
