"""URLs in checklists: which are relative, how typed ones are found and trimmed.

Evidence links arrive as hyperlink targets (DOCX relationships, HTML hrefs, PDF link
annotations) or typed as text; both meet the rules here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

__all__ = ["URL_CHARS", "URL_START", "TYPED_URL", "typed_urls", "is_relative_url"]

#: A run of the characters a URL is written with (RFC 3986's unreserved and reserved ones and
#: "%"): where a typed URL wraps, both sides are made of these.
URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")

#: Where a typed URL starts ("https://", "http://", "ftp://", "www."), even with nothing after
#: it yet (a URL typed in a narrow cell wraps right after "https://").
URL_START = re.compile(r"(?i)(?:https?://|ftp://|www\.)")


#: A URL typed as text: its start and the characters up to a space, a Thai letter, a quote or
#: angle bracket. Trailing punctuation is still in the match: :func:`typed_urls` trims it.
TYPED_URL = re.compile(r"""(?i)(?:https?://|ftp://|www\.)[^\s<>"'`{}|\\^\u0e00-\u0e7f]+""")
_TRAILING = ".,;:!?'\")]}>(["


def typed_urls(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, url)`` of each URL typed as plain text (``https://...``, ``www....``).

    Trailing punctuation is left out, and a closing parenthesis only belongs to the URL when
    the URL opened one; a ``www.`` address gets the ``http://`` a browser would give it.

    >>> [u for _, _, u in typed_urls("(ดู https://a.go.th/x_(1)) และ www.b.go.th/o1.pdf.")]
    ['https://a.go.th/x_(1)', 'http://www.b.go.th/o1.pdf']
    >>> list(typed_urls("ดูที่ https:// (คลิก)"))
    []
    """
    for m in TYPED_URL.finditer(text):
        start, end = m.span()
        # running counts of the parentheses in text[start:end] (recounting is quadratic)
        opens, closes = text.count("(", start, end), text.count(")", start, end)
        while end > start and text[end - 1] in _TRAILING:
            ch = text[end - 1]
            if ch == ")":
                if opens >= closes:
                    break
                closes -= 1
            elif ch == "(":
                opens -= 1
            end -= 1
        url = text[start:end]
        if len(url) <= 4 or url.lower() in ("http://", "https://", "ftp://"):
            continue
        if url[:4].lower() == "www.":
            url = "http://" + url  # what a browser does with a typed www. address
        yield start, end, url


def is_relative_url(url: str) -> bool:
    """A link written relative to the page it stood on ("files/o1.pdf", "/ita/o1.pdf",
    "//host/x", "?id=3"): it opens once the page's address is known (``base_url``).

    >>> is_relative_url("/ita/o1.pdf"), is_relative_url("../x.pdf"), is_relative_url("https://a.go.th/x")
    (True, True, False)
    >>> is_relative_url("mailto:a@b.go.th"), is_relative_url("#o1"), is_relative_url("ดูเอกสาร")
    (False, False, False)
    >>> is_relative_url("www.example.go.th/o1.pdf")  # a typo for an absolute address
    False
    """
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # "//[::1": not an address at all
        return False
    if parts.scheme or url[:4].lower() == "www.":
        return False  # absolute, or a web address typed without its scheme: invalid, not relative
    # A path or query of URL characters (no spaces); a bare word with no "/", "." or "?" is not
    # a link. "//host/x" (scheme-relative) is one too.
    return bool(re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u0080-\uffff]+", url)) and any(
        c in url for c in "/.?"
    )
