"""The built pages as a reader's browser gets them: maths typeset at build
time, only the assets a page needs, and every page within its weight budget.

Sizes are deterministic (the same build gives the same bytes), so the budgets
are tests; speed figures live in ``benchmarks/``.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from .conftest import REPO, Guard, require_site, site_dir, site_pages
from .visits import Visits

PAGES = site_pages() or ["<site not built>"]
LANDING = "book/index.html"

# Budgets for a cold load (empty cache), every asset counted.
CHAPTER_RAW = 1_000_000
CHAPTER_GZIP = 300_000
LANDING_GZIP = 150_000

# Files that are compressed already: serving them gzipped gains nothing.
PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp")


# -- formulas in the sources ---------------------------------------------------------------

_FENCE = re.compile(
    r"^(?P<f>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=f)[ \t]*$", re.S | re.M
)
_ENVIRONMENT = re.compile(
    r"\\begin\{(align|equation|gather|multline|alignat)\*?\}.*?\\end\{\1\*?\}",  # codespell:ignore
    re.S,
)
# Inline maths may run over a line break, not over a blank line.
_INLINE = re.compile(r"(?<![\\$])\$(?=\S)(?:[^$\n]|\n(?!\n))+?(?<=\S)\$(?!\d)")


_PROSE_DIRECTIVES = {"{glossary}", "{note}", "{tip}", "{warning}", "{admonition}", "{seealso}"}


def count_formulas(markdown: str) -> int:
    """Formulas in MyST Markdown, read with the rules of myst's dollarmath.

    Counted: ``$…$``, ``$$…$$``, top-level amsmath environments, the
    ``{math}`` role and directive. Code (fenced blocks and inline spans) and
    escaped dollars are not maths. This reads the text itself, so it does
    not share a parser (or its mistakes) with the build.
    """
    count = 0

    def fence(m: re.Match[str]) -> str:
        nonlocal count
        info = m.group("info").strip()
        count += info.startswith("{math}")
        # Directives whose body is Markdown (a glossary, an admonition) hold prose.
        if info.split(" ")[0] in _PROSE_DIRECTIVES:
            count += count_formulas(m.group("body"))
        return "\n"

    text = _FENCE.sub(fence, markdown)
    text, roles = re.subn(r"\{math\}`[^`]*`", "", text)
    # The screen and print wordings are prose: each is on the page (one shown).
    text = re.sub(r"\{(?:screen|print)\}`([^`]*)`", r" \1 ", text)
    text = re.sub(r"``.*?``|`[^`\n]*`", "", text, flags=re.S)
    text = text.replace(r"\$", "")
    text, display = re.subn(r"\$\$.+?\$\$", "", text, flags=re.S)
    text, environments = re.subn(_ENVIRONMENT, "", text)
    return count + roles + display + environments + len(_INLINE.findall(text))


@cache
def _executed_outputs(source: str) -> list[dict[str, Any]]:
    from jupyter_cache import get_cache

    cache_dir = REPO / "_build" / ".jupyter_cache"
    if not cache_dir.is_dir():
        return []
    jc = get_cache(str(cache_dir))
    records = [r for r in jc.list_cache_records() if Path(r.uri).resolve() == Path(source)]
    if not records:
        return []
    newest = max(records, key=lambda r: r.created)
    nb = jc.get_cache_bundle(newest.pk).nb
    return [o for cell in nb.cells for o in cell.get("outputs", [])]


@cache
def source_formulas(page_path: str) -> int:
    """Formulas a page's source states: its prose plus its Markdown outputs."""
    stem = page_path.removesuffix(".html")
    source = REPO / f"{stem}.md"
    if not source.is_file():
        return 0
    text = re.sub(r"\A---\n.*?\n---\n", "", source.read_text(encoding="utf-8"), flags=re.S)
    total = count_formulas(text)
    # Tables that code cells print as Markdown are read from the executed
    # notebook in the build's jupyter-cache.
    for output in _executed_outputs(str(source)):
        md = output.get("data", {}).get("text/markdown")
        if md:
            total += count_formulas("".join(md))
    return total


def test_count_formulas_reads_myst_maths() -> None:
    text = (
        "A $p$ and $\\theta = 1$, not \\$5 or `$x$`.\n\n$$\na\n$$\n\n"
        "```{math}\nb\n```\n\n```python\n$c$\n```\n\n\\begin{align}\nd\n\\end{align}\n"
        "{math}`e` costs $3 and $4.\n\n```{glossary}\nterm\n  Defined as $f$.\n```\n"
    )
    assert count_formulas(text) == 7
    assert count_formulas("{screen}`Drag $q$ to`{print}`At $q =$` 1.") == 2


# -- what the browser loads ------------------------------------------------------------------


def _file_of(url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    file = site_dir() / path
    if file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


@cache
def _gzip_size(file: Path) -> int:
    data = file.read_bytes()
    if file.suffix in PRECOMPRESSED:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def weight(urls: set[str]) -> dict[str, int]:
    """Bytes and requests of the files at ``urls`` (each file once)."""
    files = {f for f in map(_file_of, urls) if f is not None}
    return {
        "raw": sum(f.stat().st_size for f in files),
        "gzip": sum(_gzip_size(f) for f in files),
        "requests": len(files),
    }


@pytest.mark.parametrize("page_path", PAGES)
def test_page_weight_within_budget(visits: Visits, page_path: str) -> None:
    """A cold load (an empty cache) of the page, every file it loads and every
    image of it counted, is within the budget."""
    require_site()
    seen = visits(page_path)
    got = weight(seen.urls)
    assert not seen.problems, f"{page_path}: {seen.problems}"
    if page_path == LANDING:
        assert got["gzip"] <= LANDING_GZIP, f"landing page: {got}"
    else:
        assert got["raw"] <= CHAPTER_RAW, f"{page_path}: {got}"
        assert got["gzip"] <= CHAPTER_GZIP, f"{page_path}: {got}"


# -- maths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_every_formula_typeset_at_build_time(visits: Visits, page_path: str) -> None:
    """Each formula of the source is on the page as KaTeX HTML plus MathML, with
    no maths script, no raw TeX in the text and no tab stop inside a formula."""
    require_site()
    info = visits(page_path).math
    assert not info["errors"], f"{page_path}: formulas that did not render: {info['errors']}"
    assert info["count"] == source_formulas(page_path), (
        f"{page_path}: {info['count']} typeset formulas in the page, "
        f"{source_formulas(page_path)} in the source"
    )
    assert info["withMathml"] == info["count"], f"{page_path}: formulas without MathML"
    assert not info["stray"], f"{page_path}: raw TeX in the text: {info['stray']}"
    assert not info["scripts"], f"{page_path}: maths JavaScript loaded: {info['scripts']}"
    assert info["focusable"] == 0, f"{page_path}: formulas in the Tab order"


def test_maths_pages_exist() -> None:
    """The formula test above is not vacuous: the book's sources have maths."""
    pages = [p for p in PAGES if source_formulas(p) > 0]
    assert len(pages) >= 5, pages


# -- only what a page needs ------------------------------------------------------------------

NEVER = ("fontawesome", "mathjax", "thebe", "design-tabs")
SEARCH_ONLY = ("searchtools.js", "searchindex.js", "language_data.js")


@cache
def _html(page_path: str) -> str:
    return (site_dir() / page_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("page_path", [*PAGES, "search.html"])
def test_page_loads_only_what_it_uses(page_path: str) -> None:
    require_site()
    html = _html(page_path)
    sources = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    for name in NEVER:
        assert not [s for s in sources if name in s], f"{page_path}: loads {name}"
    assert "application/vnd.jupyter.widget-state+json" not in html, (
        f"{page_path}: unused ipywidgets state"
    )
    assert "x-thebe-config" not in html
    assert not re.search(r'<i class="[^"]*\bfa-', html), f"{page_path}: icon-font markup left"
    # The search is Pagefind's (test_search.py): Sphinx's search scripts are
    # loaded nowhere, and the search page's own script only there.
    sphinx_search = [s for s in sources if any(name in s for name in SEARCH_ONLY)]
    assert not sphinx_search, f"{page_path}: Sphinx's search scripts: {sphinx_search}"
    search = [s for s in sources if "nllbook-search.js" in s]
    if page_path == "search.html":
        assert search, "the search page lost its search script"
    else:
        assert not search, f"{page_path}: the search script outside the search page"


def test_toc_pages_all_measured() -> None:
    """Every chapter of _toc.yml is one of the pages measured above."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for c in toc.get("chapters", [])]
    assert {f + ".html" for f in files} <= set(PAGES)


SEARCH_JS = """async () => {
  const status = document.getElementById('nllbook-search-status');
  for (let i = 0; i < 100 && !status.textContent.trim(); i++)
    await new Promise(r => setTimeout(r, 100));
  return Array.from(document.querySelectorAll('#search-results > li'), li => li.textContent);
}"""


def test_search_finds_chapters_with_snippets_free_of_tex(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    """The one search field works offline, and its snippets show no raw TeX."""
    require_site()
    page, g = guarded
    page.goto(site_url + "search.html?q=likelihood", wait_until="load")
    results = page.evaluate(SEARCH_JS)
    assert len(results) >= 3, results
    tex = [r for r in results if re.search(r"\\\\[a-zA-Z]+|\\$", r)]
    assert not tex, f"raw TeX in search results: {tex}"
    g.assert_clean("search.html")


# -- sharp static figures ------------------------------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_static_figures_are_vector_or_twice_the_pixels(page_path: str) -> None:
    """A chapter's matplotlib figure is an SVG, or a PNG with at least 2 pixels per CSS pixel,
    so that it stays sharp on a phone's screen and on paper."""
    import struct

    site = require_site()
    for tag in re.findall(r'<img\b[^>]*src="[^"]*_images/[^"]+"[^>]*>', _html(page_path)):
        src = re.search(r'src="([^"]+)"', tag)
        assert src
        path = ((site / page_path).parent / src.group(1)).resolve()
        if path.suffix == ".svg":
            assert path.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
            continue
        assert path.suffix == ".png", f"{page_path}: a figure as {path.suffix}"
        width = re.search(r'\bwidth(?:="|: )(\d+)', tag)
        assert width, f"{page_path}: PNG figure without a display width: {tag[:120]}"
        pixels = struct.unpack(">I", path.read_bytes()[16:20])[0]
        assert pixels >= 2 * int(width.group(1)), (
            f"{page_path}: {path.name} has {pixels} px for {width.group(1)} CSS px"
        )
