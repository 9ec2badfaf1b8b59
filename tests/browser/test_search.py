"""The site's search (Pagefind): learners' questions find the page that answers them.

Run (after ``bash scripts/build-book``, which indexes the site)::

    .venv/bin/python -m pytest -q tests/browser/test_search.py

Every query of :data:`search_queries.QUERIES` goes through the built site's
search page, ``search.html?q=...``, as a shared link would, and the page
that answers it must be among the first three results. The same queries
against any built site, with their ranks: ``python -m tests.browser.search_queries``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import AXE_JS, PHONE, REPO, Guard, guard, require_site, site_dir, site_pages
from .search_queries import NOT_YET, QUERIES, TOP, rank, typed_results

BOOK_PAGES = [p for p in site_pages() if p.startswith("book/")]


def test_at_least_thirty_queries() -> None:
    assert len(QUERIES) >= 30
    assert not {q for q, _ in QUERIES} & set(NOT_YET)
    chapters = {p.stem for p in (REPO / "book").glob("*.md")}
    for query, expected in QUERIES:
        assert set(expected) <= chapters, f"{query!r}: no such page {expected}"


@pytest.fixture(scope="module")
def search_page(chromium: Any, site_url: str) -> Iterator[tuple[Any, Guard]]:
    """The search page, opened once: each query is typed into its field, as a
    reader refining a search does (a shared link is tested below)."""
    require_site()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    g = guard(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(site_url + "search.html", wait_until="load")
    try:
        yield page, g
    finally:
        context.close()


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_page(
    search_page: tuple[Any, Guard], query: str, expected: tuple[str, ...]
) -> None:
    page, g = search_page
    since = g.checkpoint()
    pages = typed_results(page, query)
    r = rank(pages, expected)
    assert r is not None and r <= TOP, (
        f"{query!r}: {' or '.join(expected)} is at rank {r}; the search lists {pages[:6]}"
    )
    g.assert_clean(f"search.html, {query!r} typed", since)


# -- the search page -----------------------------------------------------------------------


def _wait_for_results(page: Any) -> None:
    page.wait_for_function(
        "document.getElementById('nllbook-search-status').textContent.trim() !== ''"
    )


def test_shared_link_opens_with_its_results(guarded: tuple[Any, Guard], site_url: str) -> None:
    """search.html?q=WORDS fills the field and lists the results; typing keeps the
    address in step, so that it is always a link to what is shown."""
    require_site()
    page, g = guarded
    page.goto(site_url + "search.html?q=label%20smoothing", wait_until="load")
    _wait_for_results(page)
    field = page.locator("#nllbook-search-input")
    assert field.input_value() == "label smoothing"
    assert page.locator("#search-results > li").count() >= 2
    assert "label smoothing" in page.title()
    field.fill("perplexity")
    page.wait_for_function(
        "document.getElementById('nllbook-search-status').textContent.includes('perplexity')"
    )
    assert parse_qs(urlsplit(page.url).query) == {"q": ["perplexity"]}
    first = page.locator("#search-results > li a").first.get_attribute("href") or ""
    assert first.endswith("beyond_classification.html"), first
    # Excerpts mark the words found, and show no raw TeX.
    excerpts = page.locator("#search-results .context").all_text_contents()
    assert page.locator("#search-results .context mark").count() >= 1
    assert not [e for e in excerpts if re.search(r"\\[a-zA-Z]+|\$", e)], excerpts
    g.assert_clean("search.html")


def test_words_that_no_page_has_together(guarded: tuple[Any, Guard], site_url: str) -> None:
    """When no page has every word, the pages with most of them are listed, and
    the status says so rather than showing nothing."""
    require_site()
    page, g = guarded
    # Calibration is taught on the digits, bigrams on the book's prose: no
    # page has both words, and the calibration chapter has most of the rest.
    query = "calibration of a bigram model"
    page.goto(site_url + "search.html?q=" + query.replace(" ", "%20"), wait_until="load")
    _wait_for_results(page)
    status = page.locator("#nllbook-search-status").text_content() or ""
    assert "No page has every word" in status, status
    first = page.locator("#search-results > li a").first.get_attribute("href") or ""
    assert first.endswith("nll_at_work.html"), first
    g.assert_clean("search.html")


def test_search_from_any_page_with_the_keyboard(guarded: tuple[Any, Guard], site_url: str) -> None:
    """Ctrl+K on a chapter opens the theme's search field; Enter shows Pagefind's
    results; Tab reaches them, and each result is a link that Enter follows."""
    require_site()
    page, g = guarded
    page.goto(site_url + "book/negative.html", wait_until="load")
    page.keyboard.press("Control+k")
    dialog_field = page.locator("#pst-search-dialog input[name=q]")
    dialog_field.wait_for(state="visible")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("temperature scaling")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=temperature"))
    _wait_for_results(page)
    # From the field, Tab walks to the first result's link.
    page.locator("#nllbook-search-input").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#search-results')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    first = page.locator("#search-results > li a").first.get_attribute("href")
    assert focused and focused == first, (focused, first)
    page.keyboard.press("Enter")
    target = focused.split("#")[0].rsplit("/", 1)[-1]
    page.wait_for_url(re.compile(re.escape(target)))
    g.assert_clean("search from a chapter")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_search_page_is_accessible(chromium: Any, site_url: str, color_scheme: str) -> None:
    """axe-core finds no serious or critical violation on the search page with results."""
    require_site()
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    context = chromium.new_context(viewport=PHONE, color_scheme=color_scheme)
    g = guard(context)
    try:
        page = context.new_page()
        page.goto(site_url + "search.html?q=softmax%20gradient", wait_until="load")
        _wait_for_results(page)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        bad = [
            f"{v['id']}: {[n['html'][:120] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, bad
        g.assert_clean("search.html")
    finally:
        context.close()


# -- what is indexed -----------------------------------------------------------------------


@pytest.mark.parametrize("page_path", BOOK_PAGES or ["<site not built>"])
def test_only_the_article_is_indexed(page_path: str) -> None:
    """Each book page marks its article for the index, once; the navigation and
    sidebars are outside it, and the explorers are left out of it."""
    site = require_site()
    markup = (site / page_path).read_text(encoding="utf-8")
    assert markup.count("data-pagefind-body") == 1, page_path
    body = re.search(r"<article[^>]*data-pagefind-body[^>]*>(.*?)</article>", markup, re.S)
    assert body, f"{page_path}: the article is not what is indexed"
    assert "bd-sidebar" not in body.group(1) and "<nav" not in body.group(1)
    explorers = re.findall(r'<div class="nbx"[^>]*>', markup)
    assert all("data-pagefind-ignore" in e for e in explorers), page_path


def test_pages_that_are_not_the_books_are_not_indexed() -> None:
    site = require_site()
    for name in ("search.html", "genindex.html"):
        assert "data-pagefind-body" not in (site / name).read_text(encoding="utf-8"), name
    assert (site / "pagefind" / "pagefind.js").is_file(), "the site was not indexed"
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    # Only the search API ships: none of Pagefind's ready-made interfaces.
    assert not list((site / "pagefind").glob("pagefind-*ui*")), "unused Pagefind UI files"


def test_the_index_page_lists_the_glossary_terms() -> None:
    site = require_site()
    index = (site / "genindex.html").read_text(encoding="utf-8")
    for term in ("perplexity", "KL divergence", "label smoothing", "softmax", "Brier score"):
        assert re.search(rf">\s*{re.escape(term)}", index, re.I), f"{term} is not in the index"


def test_no_sphinx_search_index_is_loaded() -> None:
    """The search page runs Pagefind, not Sphinx's search scripts."""
    site = site_dir()
    require_site()
    markup = (site / "search.html").read_text(encoding="utf-8")
    assert "nllbook-search.js" in markup
    for name in ("searchtools.js", "searchindex.js", "language_data.js"):
        assert name not in markup, name
