"""Every link of the built site leads somewhere.

Reads ``_build/html`` (``bash scripts/build-book``) without a browser: each
internal ``href`` and ``src`` of every HTML page must name a file of the
site, and each ``#anchor`` must be the ``id`` (or, in old markup, the
``name``) of an element of the page it points to. A chapter that links to a
heading label that no longer exists fails here. External links are listed
(``test_external_links_are_listed`` prints them with ``-s``), never fetched:
the tests run offline.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("NLLBOOK_BUILD", ROOT / "_build")) / "html"
#: The whole-book PDF, printed into the site after the build by scripts/build-pdf.
PDF = "nllbook.pdf"
#: Whether this run printed it: the lowest versions' job does not (it has no
#: Chromium) and says so with NLLBOOK_NO_PDF=1 (scripts/test --lowest).
PDF_BUILT = os.environ.get("NLLBOOK_NO_PDF") != "1"

# Attributes that hold one URL, and the one that holds several (srcset).
URL_ATTRS = {"href", "src", "poster", "data"}
# Schemes that are not files of the site: checked for nothing, listed if web.
OTHER_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}
# Not pages: the source copies (_sources), and the theme's Jinja macro
# files that Sphinx copies into _static with the rest of its static files.
SKIPPED_DIRS = ("_sources/", "_static/")


@dataclass(frozen=True)
class Link:
    page: str  # the page that links, relative to the site
    tag: str
    attr: str
    url: str


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif tag == "base" and name == "href":
                self.base = value
            elif name in URL_ATTRS and not (tag == "object" and name != "data"):
                # <link rel="preconnect"> and friends hold no file to check,
                # but they are links all the same.
                self.links.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((tag, name, candidate.split()[0]))

    handle_startendtag = handle_starttag


@cache
def parsed(rel: str) -> _Page:
    parser = _Page()
    parser.feed((SITE / rel).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def pages() -> list[str]:
    if not SITE.is_dir():
        return []
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not p.relative_to(SITE).as_posix().startswith(SKIPPED_DIRS)
    )


def require_site() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"No built site in {SITE}: run  bash scripts/build-book", pytrace=False)


def links() -> Iterator[Link]:
    for rel in pages():
        for tag, attr, url in parsed(rel).links:
            yield Link(rel, tag, attr, html.unescape(url).strip())


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) and parts.scheme not in ("file",)


def target_of(link: Link) -> tuple[str, str] | None:
    """The site file an internal link names (relative to the site) and its
    fragment; ``None`` for an external link or one that names no file."""
    parts = urlsplit(link.url)
    if parts.scheme in OTHER_SCHEMES or is_external(link.url):
        return None
    base = parsed(link.page).base
    if parts.path:
        start = PurePosixPath(link.page).parent
        if base:
            start = PurePosixPath(link.page).parent / base
        joined = start / unquote(parts.path)
        rel = os.path.normpath(joined.as_posix())
        if parts.path.endswith("/"):
            rel = f"{rel}/index.html"
    else:
        rel = link.page  # "#anchor": this page
    return rel, unquote(parts.fragment)


def problems_of(link: Link) -> list[str]:
    target = target_of(link)
    if target is None:
        return []
    rel, fragment = target
    where = f"{link.page}: <{link.tag} {link.attr}={link.url!r}>"
    if rel.startswith("../") or rel == "..":
        return [f"{where} leaves the site"]
    path = SITE / rel
    if path.is_dir():
        path = path / "index.html"
        rel = f"{rel}/index.html"
    if rel == PDF and not path.is_file() and not PDF_BUILT:
        # Only the link's path is checked; tests/browser/test_pdf.py reads the
        # file there whenever it is printed.
        return []
    if not path.is_file():
        hint = " (print it: bash scripts/build-pdf)" if rel.endswith(".pdf") else ""
        return [f"{where}: no file {rel}{hint}"]
    if fragment and path.suffix == ".html" and fragment not in parsed(rel).ids:
        return [f"{where}: {rel} has no id {fragment!r}"]
    return []


def test_site_has_pages_and_links() -> None:
    require_site()
    assert len(pages()) >= 10
    # Every book page links somewhere else in the book: an empty list would
    # mean the parser saw nothing and the test below checked nothing.
    internal = [link for link in links() if target_of(link) is not None]
    assert len(internal) > 100


def test_every_internal_link_and_anchor_resolves() -> None:
    require_site()
    problems = [p for link in links() for p in problems_of(link)]
    shown = "\n  ".join(problems[:40])
    assert not problems, f"{len(problems)} broken links:\n  {shown}"


def test_external_links_are_listed() -> None:
    """External links, by page: listed, not fetched (the tests run offline).
    The book's own pages link out only with https."""
    require_site()
    by_url: dict[str, set[str]] = defaultdict(set)
    for link in links():
        if is_external(link.url) and urlsplit(link.url).scheme not in OTHER_SCHEMES:
            by_url[link.url].add(link.page)
    for url, where in sorted(by_url.items()):
        print(f"{url}  ({len(where)} pages, e.g. {sorted(where)[0]})")
    plain = sorted(u for u in by_url if urlsplit(u).scheme == "http")
    assert not plain, f"links over plain http: {plain}"


def test_a_link_to_a_missing_heading_label_is_caught() -> None:
    """The check itself: a link to an id that no page has is reported."""
    require_site()
    link = Link("book/start.html", "a", "href", "likelihood.html#no-such-heading")
    assert problems_of(link) == [
        "book/start.html: <a href='likelihood.html#no-such-heading'>: "
        "book/likelihood.html has no id 'no-such-heading'"
    ]
    assert problems_of(Link("book/start.html", "img", "src", "../_images/missing.svg"))
    assert not problems_of(Link("book/start.html", "a", "href", "likelihood.html"))
    assert not problems_of(Link("book/start.html", "a", "href", "https://example.org/#x"))
