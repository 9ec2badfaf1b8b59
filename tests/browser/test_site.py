"""The built site in a real browser: offline, error-free, accessible, and
every explorer on it one that ``nllbook_pages.all_explorers()`` knows.

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_site.py

Each test is parametrized by page, so a failure names the page. The site is
served from 127.0.0.1 and every other host is blocked (see conftest.guard).
The explorers themselves, their numbers against nllbook's included, are
checked in test_explorers.py and test_explorer_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from nllbook_pages import all_explorers

from .conftest import AXE_JS, FONTS_JS, REPO, require_site, site_pages
from .visits import Visits

# If the site is missing, collect one placeholder so the run fails (in
# require_site) with a message saying how to build it, instead of skipping.
PAGES = site_pages() or ["<site not built>"]


def url_of(site_url: str, page: str) -> str:
    require_site()
    return site_url + page


def load(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.evaluate(FONTS_JS)


# -- 1 + 2: offline, no console errors -----------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_page_is_offline_and_error_free(visits: Visits, page_path: str) -> None:
    """The page and everything it loads come from 127.0.0.1, with no errors,
    from its first byte until it has been scrolled through and its explorers
    are live."""
    require_site()
    seen = visits(page_path)
    assert not seen.problems, f"{page_path}:\n  " + "\n  ".join(seen.problems)


# -- 3: every explorer is a known one, and every known one is shown --------------------


def test_explorer_markup_matches_all_explorers() -> None:
    """Every ``data-explorer`` of the built HTML names an explorer of
    ``nllbook_pages.all_explorers()``, and each of those is on some page
    (checked without a browser)."""
    site = require_site()
    known = set(all_explorers())
    unknown = []
    shown: set[str] = set()
    for page_path in site_pages(site):
        html = (site / page_path).read_text(encoding="utf-8")
        for key in re.findall(r'data-explorer="([^"]*)"', html):
            shown.add(key)
            if key not in known:
                unknown.append(f"{page_path}: {key!r}")
    assert not unknown, f"explorers on the site that all_explorers() does not know: {unknown}"
    missing = sorted(known - shown)
    assert not missing, f"explorers of all_explorers() on no page of the site: {missing}"


# -- 4: accessibility (axe-core) ----------------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_no_serious_violations(visits: Visits, page_path: str) -> None:
    """axe-core finds no 'serious' or 'critical' violation, once every explorer is
    live, in the light theme. Colour contrast, a 'serious' rule, is among them:
    test_explorer_pages.py checks it in the dark theme."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    require_site()
    seen = visits(page_path)
    assert seen.theme == "light", (
        f"{page_path}: the theme is {seen.theme!r} in a light-mode browser"
    )
    report = []
    for v in seen.axe:
        report.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            report.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
    if report:
        print(f"axe violations on {page_path}:\n" + "\n".join(report))
    bad = [v["id"] for v in seen.axe if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page_path}: serious/critical axe violations {bad}:\n" + "\n".join(report)


# Maths (typeset at build time), page weight and assets: see test_pages.py.


# -- the table of contents ----------------------------------------------------------------


def _toc_files(entries: list[dict[str, Any]]) -> list[str]:
    out = []
    for entry in entries:
        if "file" in entry:
            out.append(entry["file"])
        for key in ("chapters", "sections", "parts"):
            out += _toc_files(entry.get(key, []))
    return out


def test_every_toc_page_was_built() -> None:
    """Each file of _toc.yml has its page in the site, so none escapes the tests above."""
    site = require_site()
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"], *_toc_files(toc.get("chapters", []) + toc.get("parts", []))]
    pages = set(site_pages(site))
    missing = [f for f in files if f"{Path(f).with_suffix('').as_posix()}.html" not in pages]
    assert not missing, f"no built page for {missing} in {site}"


@pytest.mark.parametrize("page_path", PAGES)
def test_static_figures_follow_dark_mode(visits: Visits, site: Path, page_path: str) -> None:
    """The chapters' static figures are transparent SVGs (or PNGs) (the build's
    matplotlibrc); in dark mode the stylesheet inverts their ink, so no white
    or light card is left around a figure."""
    import matplotlib.image

    seen = visits(page_path, "dark")
    for img in seen.static_figures:
        src = img["path"]
        path = site / src.lstrip("/")
        if path.suffix == ".svg":
            # matplotlib's figure background is the first patch of the drawing.
            text = path.read_text(encoding="utf-8")
            patch = re.search(r'<g id="patch_1">\s*<path [^>]*style="([^"]*)"', text)
            assert patch and "fill: none" in patch.group(1), (src, "background not transparent")
        else:
            pixels = matplotlib.image.imread(path)
            assert pixels.ndim == 3 and pixels.shape[2] == 4, (src, "no alpha channel")
            corners = pixels[[0, 0, -1, -1], [0, -1, 0, -1], 3]
            assert (corners == 0).all(), (src, "background not transparent")
        style = (img["filter"], img["background"])
        assert "invert(1)" in style[0], (src, style)
        assert style[1] in ("rgba(0, 0, 0, 0)", "transparent"), (src, style)
    assert not seen.problems, seen.problems
