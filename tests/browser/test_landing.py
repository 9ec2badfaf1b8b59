"""The landing page's first screen on a phone, and every page's description.

On a 390 x 844 phone, before any scrolling, the landing page (the root of
``_toc.yml``) says what the book is for, who it is for and how long it takes,
and shows its explorer's figure whole. The chapter count and the reading
times it shows are the ones ``_ext/nllbook_landing.py`` computes from the
sources when the book is built (the chapters of ``_toc.yml``, the pages
with exercises, and the words of their prose); ``tests/test_landing_facts.py``
checks that computation.
"""

from __future__ import annotations

import html
import re
from types import ModuleType
from typing import Any

import repo_sources
import yaml

from .conftest import PHONE, REPO, guard, require_site, site_pages


def landing_module() -> ModuleType:
    return repo_sources.load("_ext/nllbook_landing.py")


def landing_page() -> str:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    return f"{toc['root']}.html"


FIRST_SCREEN_JS = """() => {
  const h = window.innerHeight, w = window.innerWidth;
  const seen = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), w - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), h - 1);
    const top = document.elementFromPoint(x, y);
    return {
      text: el.textContent.replace(/\\s+/g, " ").trim(),
      top: r.top, bottom: r.bottom, left: r.left, right: r.right,
      uncovered: !!top && (el === top || el.contains(top)),
    };
  };
  const article = document.querySelector("article.bd-article");
  const paragraphs = Array.from(article.querySelectorAll("p"));
  const figure = article.querySelector("[data-explorer][data-ready] svg.nbx-svg");
  return {
    height: h,
    width: w,
    scrollWidth: document.documentElement.scrollWidth,
    scrollY: window.scrollY,
    title: seen(article.querySelector("h1")),
    paragraphs: paragraphs.map(seen),
    figure: seen(figure),
    figureMarks: figure ? figure.querySelectorAll("path[d], circle, line").length : 0,
  };
}"""


def in_view(box: dict[str, Any] | None, height: int) -> bool:
    return bool(box) and box["top"] >= 0 and box["bottom"] <= height and box["uncovered"]  # type: ignore[index]


def test_first_screen_on_a_phone_says_what_who_how_long_and_shows_the_explorer(
    chromium: Any, site_url: str
) -> None:
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    g = guard(context)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(site_url + landing_page(), wait_until="load")
        page.wait_for_function("() => document.querySelector('[data-explorer][data-ready]')")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        shown = page.evaluate(FIRST_SCREEN_JS)
        g.assert_clean(landing_page())
    finally:
        context.close()
    height = shown["height"]
    assert shown["scrollY"] == 0
    assert shown["scrollWidth"] <= shown["width"], "the landing page scrolls sideways"
    assert in_view(shown["title"], height), "the book's title is not on the first screen"
    visible = " ".join(p["text"] for p in shown["paragraphs"] if in_view(p, height))
    # What the book is for, and who it is for.
    assert "negative log-likelihood" in visible and "cross-entropy" in visible, visible
    assert "people learning machine learning" in visible, visible
    # How long it takes: computed from the sources, as the build does.
    facts = landing_module().book_facts(REPO).substitutions()
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    # A chapter teaches, so it ends with exercises (CONTRIBUTING).
    teaching = [
        e
        for e in toc["chapters"]
        if "\n## Exercises\n" in (REPO / f"{e['file']}.md").read_text(encoding="utf-8")
    ]
    assert facts["chapter_count"] == str(len(teaching))
    how_long = (
        f"{facts['chapter_count']} chapters of {facts['chapter_minutes']} minutes’ "
        f"reading each: about {facts['reading_hours']} in all."
    )
    assert how_long in visible, f"{how_long!r} is not on the first screen: {visible!r}"
    # One picture: the explorer's figure, whole, drawn.
    assert in_view(shown["figure"], height), (
        f"the explorer's figure is not whole: {shown['figure']}"
    )
    assert shown["figureMarks"] >= 3


def test_every_page_has_a_description() -> None:
    """Every page of the book carries a ``<meta name="description">`` for
    search engines and link previews: its first paragraph, or, for the
    landing page, what the book is for and who it is for."""
    site = require_site()
    problems = []
    for rel in site_pages(site):
        text = (site / rel).read_text(encoding="utf-8")
        found = re.findall(r'<meta name="description" content="([^"]*)"', text)
        if len(found) != 1:
            problems.append(f"{rel}: {len(found)} descriptions")
            continue
        description = html.unescape(found[0])
        if not 50 <= len(description) <= 160 or "{{" in description or "<" in description:
            problems.append(f"{rel}: {description!r}")
    assert not problems, "\n  ".join(["", *problems])
    landing = (site / landing_page()).read_text(encoding="utf-8")
    description = html.unescape(
        re.findall(r'<meta name="description" content="([^"]*)"', landing)[0]
    )
    assert "people learning machine learning" in description
    assert "negative log-likelihood" in description
