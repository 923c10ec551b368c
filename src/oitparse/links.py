"""Open every evidence link, politely: dead links, login walls, slow hosts and stale documents.

:func:`check_links` takes one or more parsed checklists and opens each distinct
http(s) evidence URL once (``#fragment`` ignored), with httpx's async client:

* **HEAD first**, and GET when a server refuses HEAD (405, 403, 501, 400); GET directly when the
  document itself is to be read (``check_content``).
* **Redirects** are followed one hop at a time (at most ``max_redirects``, loops stopped), so
  every hop meets the same safety checks: only http/https, and no loopback, link-local or
  private address unless ``allow_private`` (a checklist is untrusted input).
* **Politeness**: at most ``concurrency`` requests in flight in all and ``per_host`` per host,
  an optional pause between two requests to one host (``host_interval``), retries with
  back-off on 429/503 that honour ``Retry-After`` (the whole host waits, not just one URL),
  and a User-Agent naming oitparse.
* **Bounded**: every request has a time limit, bodies are read up to a cap, no cookie is
  kept (a cookie set by a host is sent back only to that host, within one redirect chain).
* **Cache**: results can be kept on disk (``cache_dir``) for ``cache_max_age`` seconds, so
  a re-run does not hit every agency again.
* **Content** (``check_content``): for the evidence of items whose year rule asks for a
  year, the linked PDF/DOCX/HTML is fetched (size-capped), read with oitparse's own readers
  under :class:`~oitparse.limits.Limits`, and the years its first pages name are recorded
  (:attr:`LinkResult.years`), for the ``content-year-mismatch`` rule.

The results feed the link rules of :func:`oitparse.validate` (``links=``): ``dead-link``,
``link-timeout``, ``login-required``, ``offsite-link`` and ``content-year-mismatch``.
docs/links.md describes them.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import ipaddress
import json
import os
import re
import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Literal, Mapping, TextIO
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from .models import Checklist

__all__ = ["LinkOptions", "LinkResult", "check_links", "acheck_links", "check_urls", "link_key", "LINK_RULES"]

#: The rule codes that need link results (``validate(..., links=...)``).
LINK_RULES = ("dead-link", "link-timeout", "login-required", "offsite-link", "content-year-mismatch")

Outcome = Literal["ok", "dead", "timeout", "login", "skipped"]
ErrorKind = Literal[
    "http", "dns", "refused", "tls", "timeout", "loop", "too_many_redirects", "scheme", "private", "protocol", "other"
]

#: Status codes after which a refused HEAD is tried again as GET.
HEAD_REFUSED = frozenset({400, 403, 405, 501})
#: Status codes that are retried (with back-off, honouring Retry-After).
RETRY_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _user_agent() -> str:
    from . import __version__

    return f"oitparse/{__version__} (evidence link checker; +https://pypi.org/project/oitparse/)"


@dataclass(frozen=True)
class LinkOptions:
    """How links are checked. Every field has a default; the CLI's ``--link-*`` options map onto them."""

    #: Seconds one request may take (connect, send, wait, read the capped body); past it: ``link-timeout``.
    timeout: float = 10.0
    #: Requests in flight at once, in all.
    concurrency: int = 8
    #: Requests in flight at once to one host (never more than ``concurrency``).
    per_host: int = 4
    #: Seconds between the starts of two requests to the same host (0: none).
    host_interval: float = 0.0
    #: Further tries after a 429 or 503 answer.
    retries: int = 2
    #: First back-off in seconds when the server gives no Retry-After (doubled each try).
    backoff: float = 0.5
    #: The longest Retry-After honoured; a server asking for more gets no retry.
    max_retry_after: float = 60.0
    #: Redirect hops followed before a link counts as dead.
    max_redirects: int = 10
    #: Open links to loopback, link-local and private addresses (off: a checklist is untrusted input).
    allow_private: bool = False
    #: Status codes counted as working besides 2xx (lychee's ``--accept``), e.g. {403}.
    accept: frozenset[int] = frozenset()
    #: Folder of the on-disk result cache (None: no cache).
    cache_dir: str | None = None
    #: Seconds a cached result stays valid.
    cache_max_age: float = 24 * 3600.0
    #: Fetch and read the linked documents of items with a year rule (the ``content-year-mismatch`` rule).
    check_content: bool = False
    #: Largest document read for its content, in bytes (a larger one is not read).
    max_content_bytes: int = 20 * 2**20
    #: Bytes of a GET body kept when only looking for a sign-in form.
    max_sniff_bytes: int = 256 * 2**10
    #: Pages (PDF) whose years count; other formats: their first ``content_lines`` lines.
    content_pages: int = 3
    content_lines: int = 300
    #: The User-Agent header (names oitparse).
    user_agent: str = field(default_factory=_user_agent)

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("retries and max_redirects cannot be negative")


class LinkResult(BaseModel):
    """What opening one URL gave."""

    url: str = Field(description="The URL as the checklist gives it (the first spelling seen).")
    final_url: str | None = Field(None, description="Where the redirects ended.")
    status: int | None = Field(None, description="HTTP status of the last answer (None: no answer).")
    outcome: Outcome = Field(description="ok, dead, timeout, login (lands on a sign-in page) or skipped (not opened).")
    redirects: int = Field(0, description="Redirect hops followed.")
    content_type: str | None = Field(None, description="Content-Type of the last answer, without parameters.")
    elapsed: float = Field(0.0, description="Seconds spent on this URL, retries and waits included.")
    error: str | None = Field(None, description="Why the link is dead, slow or skipped.")
    error_kind: ErrorKind | None = None
    method: Literal["HEAD", "GET"] | None = Field(None, description="The method of the last request.")
    requests: int = Field(0, description="HTTP requests made for this URL (redirect hops, retries, HEAD then GET).")
    years: list[int] | None = Field(
        None, description="Buddhist-era years the document's first pages name (check_content); None: not read."
    )
    content_error: str | None = Field(None, description="Why the document could not be read for its years.")
    from_cache: bool = False
    checked_at: float = Field(0.0, description="When the URL was opened (Unix time).")


# --------------------------------------------------------------------------- URLs


def link_key(url: str) -> str:
    """The URL as requested: scheme and host lower-cased, no ``#fragment`` (a server never sees it).

    >>> link_key("HTTPS://Www.X.go.th/a/B.pdf#page=2")
    'https://www.x.go.th/a/B.pdf'
    """
    try:
        parts = urlsplit(url.strip())
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
    except ValueError:
        return url.strip()


def checkable(url: str | None) -> bool:
    """An http(s) URL with a host and nothing an assessor could not open (spaces ...)."""
    if not url:
        return False
    from .rules import url_problem

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and url_problem(url) is None


#: Hosts and paths of sign-in pages (Google, Facebook, Microsoft, and the usual /login paths).
_LOGIN_HOSTS = re.compile(r"(?i)^(accounts\.google\.com|login\.microsoftonline\.com|login\.live\.com|signin\.)")
_LOGIN_PATH = re.compile(
    r"(?i)(?:^|/)(?:login|log-in|signin|sign-in|sign_in|logon|servicelogin|auth/login|wp-login\.php|"
    r"checkpoint|accounts/login|users?/sign_in|cas/login|sso)(?:[/.?]|$)"
)
_PASSWORD_FIELD = re.compile(rb"(?i)<input[^>]*type\s*=\s*[\"']?password")


def is_sign_in_url(url: str) -> bool:
    """Whether an address is a sign-in page.

    >>> is_sign_in_url("https://accounts.google.com/ServiceLogin?continue=x"), is_sign_in_url("https://x.go.th/a.pdf")
    (True, False)
    >>> is_sign_in_url("https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fagency")
    True
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(_LOGIN_HOSTS.match(parts.hostname or "") or _LOGIN_PATH.search(unquote(parts.path)))


#: File hosts and social sites: evidence there is off the agency's site, and they are never its site.
THIRD_PARTY_SITES = frozenset({
    "google.com", "goo.gl", "youtube.com", "youtu.be", "facebook.com", "fb.com", "fb.watch", "line.me",
    "bit.ly", "tinyurl.com", "dropbox.com", "1drv.ms", "onedrive.live.com", "live.com", "sharepoint.com",
    "anyflip.com", "fliphtml5.com", "issuu.com", "canva.com", "scribd.com", "wordpress.com", "blogspot.com",
    "github.io", "instagram.com", "twitter.com", "x.com", "tiktok.com",
})

#: Second-level domains under which a registrable name has three labels (x.go.th, x.co.uk).
_SECOND_LEVEL = {"go", "ac", "or", "co", "in", "mi", "net", "com", "gov", "edu", "org"}


def site_of(host: str) -> str:
    """The registrable domain of a host, roughly (no public-suffix list needed for Thai government sites).

    >>> site_of("www.pathumthani.go.th"), site_of("ita.pathumthani.go.th"), site_of("drive.google.com")
    ('pathumthani.go.th', 'pathumthani.go.th', 'google.com')
    """
    host = (host or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --------------------------------------------------------------------------- the cache


class _Cache:
    """One JSON file per URL (named by its hash) in a folder, written atomically."""

    def __init__(self, folder: str | None, max_age: float) -> None:
        self.folder = Path(folder) if folder else None
        self.max_age = max_age
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:40] + ".json")

    def get(self, key: str, want_content: bool) -> LinkResult | None:
        if self.folder is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            result = LinkResult.model_validate(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if time.time() - result.checked_at > self.max_age or result.checked_at > time.time() + 60:
            return None
        if want_content and result.outcome == "ok" and result.years is None and result.content_error is None:
            return None  # checked without its content: open it again
        return result.model_copy(update={"from_cache": True})

    def put(self, key: str, result: LinkResult) -> None:
        if self.folder is None or result.outcome == "skipped":
            return  # a skipped link depends on the options, not on the host
        path = self._path(key)
        text = json.dumps({"key": key, "result": result.model_dump(mode="json")}, ensure_ascii=False)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written is no cache, not a failure


# --------------------------------------------------------------------------- progress


class _Progress:
    """One updating line on a terminal, shown only once the checks have run past ``after`` seconds."""

    def __init__(self, total: int, stream: TextIO | None, after: float = 1.0) -> None:
        self.total, self.stream, self.after = total, stream, after
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(stream is not None and isatty is not None and isatty())
        self.done = self.dead = self.cached = 0
        self.start = time.monotonic()
        self.shown = False

    def line(self) -> str:
        rate = self.done / max(time.monotonic() - self.start, 1e-6)
        cached = f", {self.cached} cached" if self.cached else ""
        return f"\rlinks: {self.done}/{self.total} checked, {self.dead} dead{cached}, {rate:.1f} links/s "

    def show(self) -> None:
        if self.enabled and time.monotonic() - self.start >= self.after and self.done < self.total:
            self.stream.write(self.line())  # type: ignore[union-attr]
            self.stream.flush()  # type: ignore[union-attr]
            self.shown = True

    async def run(self) -> None:
        while True:
            await asyncio.sleep(0.2 if self.after >= 0.2 else max(self.after, 0.01))
            self.show()

    def close(self) -> None:
        if self.shown:
            self.stream.write(self.line() + "\n")  # type: ignore[union-attr]
            self.stream.flush()  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the checker


class _Refused(Exception):
    """A hop that is not opened (scheme, private address, DNS failure)."""

    def __init__(self, kind: ErrorKind, message: str, outcome: Outcome = "dead") -> None:
        super().__init__(message)
        self.kind, self.message, self.outcome = kind, message, outcome


@dataclass
class _Host:
    slots: asyncio.Semaphore
    not_before: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _pinned_transport(limits, pins: dict[str, str]):
    """httpx's transport whose connections go to the pinned address of a host name.

    The pool stays keyed by the URL's host, so TLS sends that name (SNI), verifies the
    certificate against it, and never reuses one host's connection for another host on
    the same address. httpx has no public hook for the network backend: the transport's
    pool is replaced by an equal one (httpcore's public API) with a pinning backend.
    """
    import httpcore
    import httpx

    transport = httpx.AsyncHTTPTransport(limits=limits)
    if isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_pinned_backend_class()(pins),
        )
    return transport


@functools.cache  # one class per process; httpcore is imported only when links are checked
def _pinned_backend_class():
    import httpcore

    class PinnedBackend(httpcore.AsyncNetworkBackend):
        """Connects to ``pins[host]`` instead of looking the host name up again."""

        def __init__(self, pins: dict[str, str]) -> None:
            self.pins = pins
            self.inner = httpcore.AnyIOBackend()

        async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            return await self.inner.connect_tcp(self.pins.get(host.lower(), host), port, timeout=timeout,
                                                local_address=local_address, socket_options=socket_options)

        async def connect_unix_socket(self, path, timeout=None, socket_options=None):
            return await self.inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

        async def sleep(self, seconds: float) -> None:
            await self.inner.sleep(seconds)

    return PinnedBackend


async def _resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to, in the resolver's order (one lookup per host and run)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _classify(exc: BaseException) -> tuple[ErrorKind, str]:
    """The kind and a one-line reason of a failed connection."""
    import httpx

    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 6:
        chain.append(e)
        e = e.__cause__ or e.__context__
    text = " | ".join(str(c) for c in chain if str(c))
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", "no answer in time"
    if any(isinstance(c, socket.gaierror) for c in chain) or re.search(
        r"(?i)name or service not known|nodename nor servname|getaddrinfo failed|no address associated|name resolution",
        text,
    ):
        return "dns", "the host name does not resolve (DNS lookup failed)"
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or "refused" in text.lower():
        return "refused", "the connection was refused"
    if re.search(r"(?i)ssl|certificate|tls", text):
        reason = next((str(c) for c in chain if re.search(r"(?i)ssl|certificate|tls", str(c))), text)
        return "tls", f"TLS error: {reason[:160]}"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.LocalProtocolError, httpx.DecodingError)):
        return "protocol", f"the server broke the HTTP protocol ({(str(exc) or type(exc).__name__)[:120]})"
    return "other", f"{type(exc).__name__}: {(str(exc) or 'connection failed')[:160]}"


class _Checker:
    def __init__(self, options: LinkOptions, progress: _Progress) -> None:
        import httpx
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        self.options = options
        self.progress = progress
        self.slots = asyncio.Semaphore(options.concurrency)
        self.hosts: dict[str, _Host] = {}
        self.addresses: dict[str, asyncio.Future] = {}
        self.cache = _Cache(options.cache_dir, options.cache_max_age)
        self.reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oitparse-content")
        # A jar whose policy accepts no cookie: the client keeps none, for any host.
        jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self.pins: dict[str, str] = {}  # host name -> the address the guard checked
        limits = httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
        self.client = httpx.AsyncClient(
            transport=_pinned_transport(limits, self.pins),
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            headers={"User-Agent": options.user_agent, "Accept": "*/*"},
            cookies=jar,
            limits=limits,
        )

    async def close(self) -> None:
        await self.client.aclose()
        self.reader.shutdown(wait=False)

    def _host(self, host: str) -> _Host:
        if host not in self.hosts:
            self.hosts[host] = _Host(asyncio.Semaphore(min(self.options.per_host, self.options.concurrency)))
        return self.hosts[host]

    # ---------------------------------------------------------------- safety

    async def _guard(self, url: str) -> None:
        """Refuse a hop that is not http(s), or that leads to a non-public address.

        A host name's checked address is pinned: the connection goes to it (see
        :func:`_pinned_transport`). Were the name looked up again to connect, a server could
        answer that second lookup with a private address (DNS rebinding) after the first
        passed the check."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError as exc:
            raise _Refused("scheme", f"malformed address ({exc})") from None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise _Refused("scheme", f"only http and https links are opened, not {parts.scheme or 'a schemeless'}: address")
        if self.options.allow_private:
            return  # any address may be opened: nothing for a second lookup to get round
        try:
            if not _is_public(host):
                raise _Refused("private", f"{host} is a loopback, link-local or private address; not opened "
                                          "(--allow-private-links)", outcome="skipped")
            return
        except ValueError:
            pass  # a host name, not an address literal
        if host.lower() == "localhost" or host.lower().endswith(".localhost"):
            raise _Refused("private", f"{host} is the local machine; not opened (--allow-private-links)", "skipped")
        future = self.addresses.get(host)
        if future is None:
            future = self.addresses[host] = asyncio.get_running_loop().create_future()
            try:
                found = await asyncio.wait_for(
                    _resolve(host, port or (443 if parts.scheme == "https" else 80)), self.options.timeout
                )
                future.set_result(found or OSError("no address"))
            except (OSError, asyncio.TimeoutError) as exc:
                future.set_result(exc)
        addresses = await future
        if isinstance(addresses, BaseException):
            if isinstance(addresses, asyncio.TimeoutError):
                raise _Refused("timeout", "the DNS lookup took too long", outcome="timeout")
            raise _Refused("dns", "the host name does not resolve (DNS lookup failed)")
        private = [a for a in addresses if not _is_public(a)]
        if private:
            raise _Refused("private", f"{host} resolves to a non-public address ({private[0]}); not opened "
                                      "(--allow-private-links)", outcome="skipped")
        self.pins[host.lower()] = addresses[0]

    # ---------------------------------------------------------------- one request

    async def _request(self, method: str, url: str, cap: int, cookies: dict[str, str]):
        """One exchange, with the host's and the global slot held; retried on 429/503.

        Returns (response, body bytes, body truncated?, requests made)."""
        opts = self.options
        host = self._host((urlsplit(url).hostname or "").lower())
        made = 0
        for attempt in range(opts.retries + 1):
            async with host.slots:
                wait = host.not_before - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                async with self.slots:
                    if opts.host_interval:
                        host.not_before = max(host.not_before, time.monotonic() + opts.host_interval)
                    made += 1
                    response, body, truncated = await asyncio.wait_for(
                        self._exchange(method, url, cap, cookies), opts.timeout
                    )
            if response.status_code not in RETRY_STATUSES or attempt == opts.retries:
                break
            asked = _retry_after(response.headers.get("retry-after"))
            if asked is not None and asked > opts.max_retry_after:
                break  # the server wants us gone for longer than we wait
            pause = asked if asked is not None else opts.backoff * 2**attempt
            # The whole host waits: the other URLs on it must not hammer it meanwhile.
            host.not_before = max(host.not_before, time.monotonic() + pause)
        return response, body, truncated, made

    async def _exchange(self, method: str, url: str, cap: int, cookies: dict[str, str]):
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = self.client.build_request(method, url, headers=headers)
        response = await self.client.send(request, stream=True)
        chunks: list[bytes] = []
        size, truncated = 0, False
        try:
            if method == "GET" and cap > 0:
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > cap:
                        truncated = True
                        break
        finally:
            await response.aclose()
        return response, b"".join(chunks)[: cap + 1], truncated

    # ---------------------------------------------------------------- one URL

    async def check(self, url: str, want_content: bool, year: int | None) -> LinkResult:
        key = link_key(url)
        cached = self.cache.get(key, want_content)
        if cached is not None:
            cached = cached.model_copy(update={"url": url})
            self.progress.cached += 1
            self._done(cached)
            return cached
        result = await self._check(url, want_content, year)
        self.cache.put(key, result)
        self._done(result)
        return result

    def _done(self, result: LinkResult) -> None:
        self.progress.done += 1
        self.progress.dead += result.outcome == "dead"

    async def _check(self, url: str, want_content: bool, year: int | None) -> LinkResult:
        opts = self.options
        started, checked_at = time.monotonic(), time.time()
        method = "GET" if want_content else "HEAD"
        current = link_key(url)
        seen = {current}
        redirects = requests = 0
        cookies: dict[str, str] = {}
        cookie_host = None
        response = None
        body, truncated = b"", False

        def result(outcome: Outcome, error: str | None = None, kind: ErrorKind | None = None, **more) -> LinkResult:
            return LinkResult(
                url=url,
                final_url=current,
                status=response.status_code if response is not None else None,
                outcome=outcome,
                redirects=redirects,
                content_type=_content_type(response),
                elapsed=round(time.monotonic() - started, 4),
                error=error,
                error_kind=kind,
                method=method if requests else None,
                requests=requests,
                checked_at=checked_at,
                **more,
            )

        try:
            while True:
                await self._guard(current)
                host = (urlsplit(current).hostname or "").lower()
                if host != cookie_host:  # cookies never travel to another host
                    cookies, cookie_host = {}, host
                cap = opts.max_content_bytes if want_content else opts.max_sniff_bytes
                response, body, truncated, made = await self._request(method, current, cap, cookies)
                requests += made
                if method == "HEAD" and response.status_code in HEAD_REFUSED:
                    method = "GET"
                    response, body, truncated, made = await self._request(method, current, opts.max_sniff_bytes, cookies)
                    requests += made
                cookies.update({c.key: c.value for c in _response_cookies(response)})
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    target = link_key(urljoin(current, location.strip()))
                    if target in seen:
                        redirects += 1
                        current = target
                        return result("dead", f"redirect loop (back to {target} after {redirects} redirects)", "loop")
                    if redirects >= opts.max_redirects:
                        return result("dead", f"more than {opts.max_redirects} redirects", "too_many_redirects")
                    redirects += 1
                    seen.add(target)
                    current = target
                    if response.status_code == 303:
                        method = "GET" if method == "GET" else "HEAD"
                    continue
                break
        except _Refused as refused:
            return result(refused.outcome, refused.message, refused.kind)
        except (asyncio.TimeoutError, TimeoutError):
            return result("timeout", f"no answer within {opts.timeout:g} s", "timeout")
        except Exception as exc:  # noqa: BLE001 - any failure to connect is a finding, never a crash
            kind, reason = _classify(exc)
            if kind == "timeout":
                return result("timeout", f"no answer within {opts.timeout:g} s", "timeout")
            return result("dead", reason, kind)

        status = response.status_code
        ctype = _content_type(response)
        if status in (401, 407) or (redirects and is_sign_in_url(current)) or (
            ctype in (None, "text/html", "application/xhtml+xml") and body and _PASSWORD_FIELD.search(body)
        ):
            return result("login", f"lands on a sign-in page ({current})" if status not in (401, 407)
                          else f"HTTP {status}: the server asks for a sign-in")
        if status >= 400 and status not in opts.accept:
            return result("dead", f"HTTP {status} {response.reason_phrase or ''}".strip(), "http")
        if 300 <= status < 400 and status not in opts.accept:
            return result("dead", f"HTTP {status} without a Location to follow", "http")
        if not want_content:
            return result("ok")
        if truncated:
            return result("ok", content_error=f"larger than {opts.max_content_bytes:,} bytes; not read")
        years, error = await asyncio.get_running_loop().run_in_executor(
            self.reader, _read_years, body, file_name(current), year, opts
        )
        return result("ok", years=years, content_error=error)


def _content_type(response) -> str | None:
    if response is None:
        return None
    value = response.headers.get("content-type")
    return value.split(";", 1)[0].strip().lower() or None if value else None


def _response_cookies(response) -> list:
    from http.cookies import SimpleCookie

    out = []
    for header in response.headers.get_list("set-cookie"):
        try:
            jar = SimpleCookie()
            jar.load(header)
        except Exception:  # noqa: BLE001 - a malformed cookie is dropped
            continue
        out.extend(jar.values())
    return out


def file_name(url: str) -> str | None:
    try:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    except ValueError:
        return None
    return name or None


def _read_years(data: bytes, name: str | None, year: int | None, options: LinkOptions) -> tuple[list[int] | None, str | None]:
    """Years named on the first pages of a fetched document, read with oitparse's readers (runs in a thread)."""
    from . import thai
    from .errors import ParseError
    from .limits import DEFAULT_LIMITS, time_limit
    from .readers import read_document

    limits = replace(DEFAULT_LIMITS, max_file_bytes=options.max_content_bytes, timeout_seconds=30.0)
    try:
        with time_limit(limits.timeout_seconds):
            doc = read_document(data, name=name, limits=limits)
    except ParseError as exc:
        return None, exc.message
    except Exception as exc:  # noqa: BLE001 - a reader bug on a fetched file must not stop the checks
        return None, f"internal error: {type(exc).__name__}: {exc}"
    lines = [ln for ln in doc.lines if ln.page is None or ln.page <= options.content_pages]
    if doc.pages is None:
        lines = lines[: options.content_lines]
    return thai.years_in("\n".join(ln.text for ln in lines), assessment_year=year), None


# --------------------------------------------------------------------------- entry points


def _targets(checklists: Iterable[Checklist]) -> dict[str, tuple[str, bool, int | None]]:
    """key -> (first spelling, wants content?, assessment year) for every checkable evidence URL."""
    from .schema import load_schema

    out: dict[str, tuple[str, bool, int | None]] = {}
    for checklist in checklists:
        try:
            spec = load_schema(checklist.schema_name)
            rules = {i.code: i.year_rule for i in spec.items}
            year = checklist.assessment_year or spec.assessment_year
        except Exception:  # noqa: BLE001 - an unknown schema: no content check
            rules, year = {}, checklist.assessment_year
        for item in checklist.items:
            dated = rules.get(item.code, "none") != "none"
            for ev in item.evidence:
                if ev.link_kind in ("internal", "mailto") or not checkable(ev.url):
                    continue
                key = link_key(ev.url)  # type: ignore[arg-type]
                first, content, y = out.get(key, (ev.url, False, year))
                out[key] = (first, content or dated, y)  # type: ignore[assignment]
    return out


async def _run(
    targets: Mapping[str, tuple[str, bool, int | None]],
    options: LinkOptions,
    progress: TextIO | None,
    progress_after: float,
) -> list[LinkResult]:
    bar = _Progress(len(targets), progress, progress_after)
    checker = _Checker(options, bar)
    ticker = asyncio.ensure_future(bar.run()) if bar.enabled else None
    try:
        jobs = [
            checker.check(url, options.check_content and content, year) for url, content, year in targets.values()
        ]
        return list(await asyncio.gather(*jobs))
    finally:
        if ticker is not None:
            ticker.cancel()
        bar.close()
        await checker.close()


def _options(options: LinkOptions | None, overrides: dict) -> LinkOptions:
    base = options or LinkOptions()
    if overrides:
        if "accept" in overrides:
            overrides["accept"] = frozenset(overrides["accept"])
        base = replace(base, **overrides)
    return base


def _as_list(checklists) -> list:
    from .models import Checklist

    return [checklists] if isinstance(checklists, Checklist) else list(checklists)


async def acheck_links(
    checklists: Checklist | Iterable[Checklist],
    options: LinkOptions | None = None,
    *,
    progress: TextIO | None = None,
    progress_after: float = 1.0,
    **overrides,
) -> list[LinkResult]:
    """:func:`check_links` for code already inside an event loop."""
    opts = _options(options, overrides)
    return await _run(_targets(_as_list(checklists)), opts, progress, progress_after)


def check_links(
    checklists: Checklist | Iterable[Checklist],
    options: LinkOptions | None = None,
    *,
    progress: TextIO | None = None,
    progress_after: float = 1.0,
    **overrides,
) -> list[LinkResult]:
    """Open every distinct http(s) evidence URL of one or more checklists once; one result per URL.

    ``options`` is a :class:`LinkOptions`; its fields can also be given as keywords
    (``check_links(cl, timeout=5, allow_private=True)``). ``progress`` is a stream (stderr)
    for a progress line, shown when it is a terminal and the checks run past
    ``progress_after`` seconds. Pass the results to ``oitparse.validate(checklist, links=...)``
    for the link findings. Results come in the order the URLs first occur.

    >>> import oitparse
    >>> results = oitparse.check_links(oitparse.parse("form.pdf"), timeout=5)  # doctest: +SKIP
    >>> report = oitparse.validate(checklist, links=results)                    # doctest: +SKIP
    """
    return asyncio.run(acheck_links(checklists, options, progress=progress, progress_after=progress_after, **overrides))


def check_urls(
    urls: Iterable[str],
    options: LinkOptions | None = None,
    *,
    progress: TextIO | None = None,
    progress_after: float = 1.0,
    **overrides,
) -> list[LinkResult]:
    """Open bare URLs (no checklist, so no content check); one result per distinct URL."""
    opts = _options(options, overrides)
    targets: dict[str, tuple[str, bool, int | None]] = {}
    for url in urls:
        if checkable(url):
            targets.setdefault(link_key(url), (url, False, None))
    return asyncio.run(_run(targets, opts, progress, progress_after))


class LinkMemo:
    """Results kept across several calls in one run, so that a URL shared by files is opened once."""

    def __init__(self, options: LinkOptions | None = None, progress: TextIO | None = None) -> None:
        self.options = options or LinkOptions()
        self.progress = progress
        self.results: dict[str, LinkResult] = {}

    def check(self, checklists: Checklist | Iterable[Checklist]) -> list[LinkResult]:
        lists = _as_list(checklists)
        targets = _targets(lists)
        todo = {k: v for k, v in targets.items() if k not in self.results or (
            self.options.check_content and v[1] and self.results[k].years is None
            and self.results[k].content_error is None and self.results[k].outcome == "ok")}
        if todo:
            for key, res in zip(todo, asyncio.run(_run(todo, self.options, self.progress, 1.0))):
                self.results[key] = res
        return [self.results[k] for k in targets]


def link_codes(select: Iterable[str] | str | None = None, ignore: Iterable[str] | str | None = None) -> list[str]:
    """The link rule codes among those ``select``/``ignore`` leave running."""
    from .rules import resolve_codes

    return [c for c in resolve_codes(select, ignore) if c in LINK_RULES]


def merge_link_findings(report, checklist: Checklist, results: Iterable[LinkResult], *, schema=None,
                        select=None, ignore=None, lang: str = "en"):
    """Put the link rules' findings on these results into a Report made without them (in place; returned).

    The findings of the link rules already in the report (``content-year-mismatch`` by file
    name runs without the network) are replaced, so nothing is reported twice.
    """
    from .rules import _item_number, validate

    codes = link_codes(select, ignore)
    if not codes:
        return report
    extra = validate(checklist, schema=schema, select=codes, lang=lang, links=list(results))
    findings = [f for f in report.findings if f.code not in LINK_RULES] + list(extra.findings)
    findings.sort(key=lambda f: (_item_number(f.item), f.code))
    report.findings = findings
    return report


# --------------------------------------------------------------------------- batch


def check_batch(
    converted: Iterable[tuple[str, object]],
    out_dir: str | os.PathLike,
    options: LinkOptions,
    *,
    schema=None,
    select=None,
    ignore=None,
    lang: str = "en",
    progress: TextIO | None = None,
) -> list[LinkResult]:
    """The link checks of a whole batch (``batch --check-links``): each distinct URL once over all files.

    ``converted`` holds (JSON output, summary row) of each converted file. The link
    findings are merged into each output's report (rewritten atomically), each row's
    counts and status are brought up to date, and ``out_dir/links.jsonl`` lists one
    result per URL with the files and items that use it.
    """
    from .batch import write_atomic
    from .models import Checklist

    loaded = []
    for output, row in converted:
        try:
            data = json.loads(Path(output).read_text(encoding="utf-8"))
            checklist = Checklist.model_validate(data["checklist"] if "checklist" in data else data)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        loaded.append((output, data, checklist, row))
    results = asyncio.run(_run(_targets(c for _, _, c, _ in loaded), options, progress, 1.0))
    by_key = {link_key(r.url): r for r in results}
    used: dict[str, list[dict]] = {}
    for output, data, checklist, row in loaded:
        _update_output(output, data, checklist, row, results, schema=schema, select=select, ignore=ignore, lang=lang)
        for item in checklist.items:
            for ev in item.evidence:
                if ev.url and link_key(ev.url) in by_key:
                    used.setdefault(link_key(ev.url), []).append(
                        {"file": getattr(row, "file", None), "item": item.code, "label": ev.label}
                    )
    lines = [
        json.dumps({**r.model_dump(mode="json"), "used_by": used.get(link_key(r.url), [])}, ensure_ascii=False) + "\n"
        for r in results
    ]
    write_atomic(Path(out_dir) / "links.jsonl", "".join(lines))
    return results


def _update_output(output, data: dict, checklist: Checklist, row, results, **validate_args) -> None:
    """One batch output and its summary row with the link findings in."""
    from .batch import write_atomic
    from .models import Report

    if "report" in data and isinstance(data["report"], dict):  # a Summary: checklist and report
        report = Report.model_validate(data["report"])
        before = report.counts()
        merge_link_findings(report, checklist, results, **validate_args)
        data["report"] = report.model_dump(mode="json")
        if data.get("status") in ("ok", "failed"):
            data["status"] = "ok" if report.ok else "failed"
        write_atomic(Path(output), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:  # a bare Checklist: the row alone gets the link findings
        from .rules import validate

        codes = link_codes(validate_args.get("select"), validate_args.get("ignore"))
        offline = validate(checklist, schema=validate_args.get("schema"), select=codes) if codes else None
        report = validate(checklist, schema=validate_args.get("schema"), select=codes, links=list(results),
                          lang=validate_args.get("lang", "en")) if codes else None
        before = offline.counts() if offline else {"error": 0, "warning": 0, "info": 0}
        if report is None:
            return
    after = {"error": 0, "warning": 0, "info": 0}
    for f in report.findings:
        after[f.severity] += f.code in LINK_RULES
    link_before = before if "report" not in data else None
    for severity, attr in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        if not hasattr(row, attr):
            continue
        if link_before is None:  # a Summary: the row is the report's counts
            setattr(row, attr, report.counts()[severity])
        else:
            setattr(row, attr, getattr(row, attr) - link_before[severity] + after[severity])
    if getattr(row, "status", None) in ("ok", "failed"):
        row.status = "failed" if getattr(row, "errors", 0) else "ok"  # type: ignore[attr-defined]
    if link_before is None and isinstance(getattr(row, "findings", None), list):
        row.findings = [(f.item, f.code, f.severity, f.message) for f in report.findings]
