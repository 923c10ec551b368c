"""URLs in checklists (oitparse.urls): which links are relative to the page they stood on."""

from __future__ import annotations

import pytest

from oitparse.urls import URL_START, is_relative_url


@pytest.mark.parametrize(
    ("url", "relative"),
    [
        ("files/o1.pdf", True), ("/ita/2565/o1.pdf", True), ("../docs/x.pdf", True), ("?id=3", True),
        ("//cdn.go.th/x.pdf", True), ("index.php?option=com_content&id=3", True), (" o1.pdf ", True),
        ("https://a.go.th/x", False), ("HTTP://A.GO.TH", False), ("mailto:a@b.go.th", False),
        ("javascript:void(0)", False), ("www.example.go.th/o1.pdf", False), ("WWW.a.go.th", False),
        ("#o1", False), ("#/a.pdf", False), ("ดูเอกสาร", False), ("", False), ("   ", False),
        ("files/a b.pdf", False), ("XYZ", False), ("//[::1", False),
    ],
)
def test_relative_urls(url: str, relative: bool) -> None:
    assert is_relative_url(url) is relative


def test_url_start_even_with_nothing_after_it() -> None:
    assert [bool(URL_START.match(t)) for t in ("https://", "http://a", "www.", "ftp://x", "wwwx", "ดู https://")] == [
        True, True, True, True, False, False]
