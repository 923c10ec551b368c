"""HTML reader: a web page (or a DOCX saved as HTML) -> :class:`~oitparse.readers.base.Document`.

Block elements, ``<br>`` and table cells end lines; tables are tagged with column
roles exactly like the DOCX reader's (same header detection, same continuation of a
form split over several tables), so the assembler sees one kind of stream.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

from ..errors import EmptyDocument, LimitExceeded
from ..limits import DEFAULT_LIMITS, Limits, check_time
from .base import Document, Line, check_size, heading_of, one_line, reading
from .docx import LineBuilder, LinkTarget, Where, link_kind
from ..codes import starts_with_code
from .tables import MAX_COLUMNS, Cell, Row, Table, Tagger, clamp_span

# Elements whose start and end break the line.
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre section article header footer nav aside main "
    "figure figcaption form fieldset legend address center hr caption tr td th thead tbody tfoot details "
    "summary body html option menu dir".split()
)
# Elements whose content is never shown as text.
_SKIP = frozenset("head script style noscript template iframe object embed svg math select textarea".split())

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Thai single-byte encodings: cp874 is a superset of TIS-620 / ISO-8859-11.
_THAI_LABELS = {"tis-620", "tis620", "tis_620", "iso-8859-11", "iso8859-11", "windows-874", "x-windows-874", "cp874"}


def decode_html(data: bytes) -> str:
    """Text of an HTML file: BOM, else ``<meta charset>``, else UTF-8, else cp874 (TIS-620)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    m = _META_CHARSET.search(data[:8192])
    if m:
        label = m.group(1).decode("ascii").lower()
        enc = "cp874" if label in _THAI_LABELS else label
        try:
            codecs.lookup(enc)
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess as if there were none
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")


class _HtmlWalker:
    def __init__(self, base: str | None, limits: Limits) -> None:
        self.base = base
        self.limits = limits
        self.lines: list[Line] = []
        self.repairs: Counter[str] = Counter()
        self.tagger = Tagger()
        self.made = 0  # lines made so far (the max_lines limit)
        self.builder = LineBuilder()
        self.where = Where()
        self.line_no: int | None = None
        #: Nesting of the <li> the line being built starts in (0: an outer list), or None.
        self.list_level: int | None = None
        #: Nesting of the innermost <li> being walked, or None outside lists.
        self.li_level: int | None = None

    # -- lines ---------------------------------------------------------------
    def flush(self) -> None:
        check_time()
        if not self.builder.empty:
            line = self.builder.finish(self.repairs, line_no=self.line_no, list_level=self.list_level)
            if line is not None:
                self.lines.append(line)
                self.made += 1  # lines of a table being read are held apart until it is tagged: count them all
                if self.limits.max_lines is not None and self.made > self.limits.max_lines:
                    raise LimitExceeded(f"more than {self.limits.max_lines:,} lines (the max_lines limit)")
        self.line_no = None
        self.list_level = None

    def add(self, text: str | None, link: LinkTarget | None, line_no: int | None, pre: bool) -> None:
        if not text:
            return
        pieces = text.split("\n") if pre else [text]
        for i, piece in enumerate(pieces):
            if i:
                self.flush()
            self._start(line_no)
            self.builder.add(piece, link)

    def _start(self, line_no: int | None) -> None:
        """A line starts here (when none is being built): its source line and list nesting."""
        if self.builder.empty:
            self.line_no = line_no
            self.list_level = self.li_level

    def href(self, a) -> LinkTarget | None:
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "data:")):
            return None
        if self.base and not href.startswith("#"):
            href = urljoin(self.base, href)
        return href, link_kind(href)

    # -- elements ------------------------------------------------------------
    def walk(self, el, where: Where, link: LinkTarget | None, pre: bool) -> None:
        """Emit the text of ``el`` (not its tail) into lines."""
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el, where)
            return
        if _is_chrome(el, tag):
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        outer_li = self.li_level
        if tag == "li":
            # kept for the whole item: its text may sit in a <p> or <div> inside it
            self.li_level = sum(1 for a in el.iterancestors() if isinstance(a.tag, str) and a.tag.lower() == "li")
        self.where = where
        if tag == "a":
            link = self.href(el) or link
        elif tag == "img" and link is not None:
            # a linked image (a "click here" button): its alt text, if any, is the label
            self.add(el.get("alt") or "", link, el.sourceline, False)
            self._start(el.sourceline)
            self.builder.add("", link)
        pre = pre or tag == "pre"
        self.add(el.text, link, el.sourceline, pre)
        for child in el:
            self.walk(child, where, link, pre)
            self.where = where
            self.add(child.tail, link, child.sourceline, pre)
        if block:
            self.flush()
        self.li_level = outer_li

    # -- tables --------------------------------------------------------------
    def _rows(self, table) -> list:
        rows = []
        for child in table:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "tr":
                rows.append(child)
            elif tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child if isinstance(c.tag, str) and c.tag.lower() == "tr")
        return rows

    def _grid(self, rows: list) -> tuple[list[list[tuple[object, int, int]]], list[frozenset[int]]]:
        """Per row ``(cell, grid start, colspan)``, and the grid columns rowspans from above cover.

        Spans are clamped to the table: a rowspan past the last row (or ``rowspan=0``, "to
        the end") ends there. ``covered`` maps a grid column to the last row a rowspan holds
        it, so each row costs its own cells plus the columns it skips.
        """
        grid, carried = [], []
        covered: dict[int, int] = {}
        last = len(rows) - 1
        for r, tr in enumerate(rows):
            check_time()
            carried.append(frozenset(g for g, end in covered.items() if end >= r))
            cells = []
            pos = 0
            for cell in tr:
                tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
                if tag not in ("td", "th"):
                    continue
                while pos < MAX_COLUMNS and covered.get(pos, -1) >= r:  # skip slots rowspans from above hold
                    pos += 1
                pos = min(pos, MAX_COLUMNS)
                colspan = clamp_span(cell.get("colspan"), MAX_COLUMNS + 1 - pos)
                rowspan = clamp_span(cell.get("rowspan"), last - r + 1, zero=last - r + 1)
                cells.append((cell, pos, colspan))
                if rowspan > 1:
                    for g in range(pos, pos + colspan):
                        covered[g] = r + rowspan - 1
                pos += colspan
            if len(covered) > 64:  # forget spans that ended
                covered = {g: end for g, end in covered.items() if end > r}
            grid.append(cells)
        return grid, carried

    def _layout_table(self, grid, where: Where) -> None:
        """Read a layout table's cells as page text; its nested tables are read as tables."""
        index = self.tagger.tables
        self.tagger.tables += 1
        for r, row in enumerate(grid):
            for cell, _, _ in row:
                mark = len(self.lines)
                self.walk(cell, where, None, False)
                self.flush()
                for line in self.lines[mark:]:
                    if line.table is None:
                        line.table, line.row = index, r
        self.where = where

    def table(self, table, where: Where) -> None:
        rows = self._rows(table)
        cap = self.limits.max_lines
        if cap is not None and len(rows) > cap - self.made:
            # every row with text gives a line at least: a table past the limit is refused
            # before its cells are read (500,000 rows took 33 s to reach the limit one by one)
            filled = 0
            for tr in rows:
                filled += bool(tr.text_content().strip())
                if self.made + filled > cap:
                    raise LimitExceeded(f"more than {cap:,} lines (the max_lines limit)")
        grid, carried = self._grid(rows)
        if where.cell:  # nested in a cell: part of that cell's text
            for row in grid:
                for cell, _, _ in row:
                    self.walk(cell, where, None, False)
            self.where = where
            return

        for caption in table.findall("caption"):  # a caption is text outside the grid
            self.walk(caption, where, None, False)
        self.flush()
        if _is_layout_table(grid):
            self._layout_table(grid, where)
            return
        width = max((s + n for row in grid for _, s, n in row), default=0)
        rows = []
        for r, cells in enumerate(grid):
            row = Row([], carried=carried[r])
            for cell, start, span in cells:
                mark = len(self.lines)
                self.walk(cell, Where(cell=True), None, False)
                self.flush()
                row.cells.append(Cell(self.lines[mark:], start, span))
                del self.lines[mark:]
            rows.append(row)
        self.lines.extend(self.tagger.tag(Table(rows, width)))
        self.where = where


# Site chrome around the form: navigation, sidebars, footers (by element, ARIA role or the
# class/id words CMS themes use). Their menus name other years ("ITA 2564") and other
# agencies, and after the form they would run into its last item.
_CHROME_TAGS = frozenset({"nav", "aside", "footer"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search"})
_CHROME_WORDS = frozenset(
    "nav navbar navigation menu menubar submenu sidebar widget footer breadcrumb breadcrumbs social share "
    "cookie cookies skip".split()
)
_WORD_SPLIT = re.compile(r"[\s_\-]+")


def _is_chrome(el, tag: str) -> bool:
    """Whether an element is site chrome; one that holds a table is kept (a theme may put
    the page body in a "sidebar" column)."""
    if tag in _CHROME_TAGS or (el.get("role") or "").strip().lower() in _CHROME_ROLES:
        pass
    else:
        words = _WORD_SPLIT.split(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
        if not _CHROME_WORDS.intersection(words):
            return False
    return el.find(".//table") is None


def _is_layout_table(grid: list[list[tuple[object, int, int]]]) -> bool:
    """A table that only lays out the page: some cell holds a table, and no cell's own text
    (nested tables left out) opens an item. Its nested tables are tables of their own."""
    cells = [cell for row in grid for cell, _, _ in row]
    if not any(cell.find(".//table") is not None for cell in cells):
        return False
    return not any(starts_with_code(_own_text(cell)) for cell in cells)


def _own_text(el) -> str:
    """Text of an element without the text of tables nested in it."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() != "table":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def page_address(root) -> str | None:
    """The address relative links on the page are resolved against: ``<base href>``, else
    the page's own address as it states it (``<link rel=canonical>``, then ``og:url``); a
    relative ``<base href>`` is resolved against that address. None when the page gives none.
    """
    def absolute(url: str | None) -> str | None:
        url = (url or "").strip()
        return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None

    own = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            own = absolute(link.get("href"))
            if own:
                break
    if own is None:
        for meta in root.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
                own = absolute(meta.get("content"))
                if own:
                    break
    base_el = root.find(".//base[@href]")
    href = (base_el.get("href") or "").strip() if base_el is not None else ""
    if href:
        return urljoin(own, href) if own and not absolute(href) else href
    return own


def _check_depth(root, max_depth: int | None) -> None:
    """Raise LimitExceeded when elements nest deeper than ``max_depth`` (iteratively: no recursion)."""
    if max_depth is None:
        return
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > max_depth:
            raise LimitExceeded(f"HTML nests deeper than {max_depth} elements (the max_html_depth limit)")
        stack.extend((child, depth + 1) for child in el)


def read_html(data: bytes, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read an HTML page into a Document (tables tagged with column roles, links from ``<a href>``).

    Raises EmptyDocument, CorruptDocument or LimitExceeded; never another exception.
    """
    with reading("HTML", name):
        return _read(data, name, limits)


def _read(data: bytes, name: str | None, limits: Limits) -> Document:
    import lxml.html  # noqa: PLC0415
    from lxml import etree  # noqa: PLC0415

    check_size(data, limits, name)
    if not data.strip():
        raise EmptyDocument("the file is empty (only whitespace)")
    text = decode_html(data)
    # Re-encoded as UTF-8 and told so: a str with an XML declaration is refused by lxml,
    # and the bytes' own <meta charset> must not be applied a second time.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except etree.ParserError as e:
        raise EmptyDocument(f"no HTML content ({one_line(e)})") from None
    # libxml2 stops at 256 levels (without huge_tree) and keeps what it read: say so.
    if any("Excessive depth" in err.message for err in parser.error_log):
        raise LimitExceeded("HTML nests deeper than the HTML parser's limit of 256 elements")
    _check_depth(root, limits.max_html_depth)

    base = page_address(root)
    walker = _HtmlWalker(base, limits)
    body = root.find("body")
    walker.walk(body if body is not None else root, Where(), None, False)
    walker.flush()
    if not any(line.text for line in walker.lines):
        raise EmptyDocument("the HTML page holds no text")
    title = " ".join((root.findtext(".//title") or "").split())[:500]
    # The page's <title> names the agency more often than the lines before the form do.
    heading = "\n".join(part for part in (title, heading_of(walker.lines)) if part) or None
    return Document(lines=walker.lines, format="html", name=name, repairs=walker.repairs, heading=heading)
