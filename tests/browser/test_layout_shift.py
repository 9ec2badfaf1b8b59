"""Nothing moves as a page loads: its cumulative layout shift on a phone.

Each page is opened as Lighthouse's mobile run opens it (412 x 823 CSS px,
device scale 1.75, touch) in light and in dark mode, and the browser's own
layout-shift entries are added up until the page has settled: loaded, its
fonts ready, every explorer live, and nothing changed for half a second.
Lighthouse's target is a CLS of at most 0.02.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import CHROMIUM, require_site, site_pages

CLS_MAX = 0.02
MOBILE = {"width": 412, "height": 823}

# Adds up the layout shifts, and notes when the page last changed: a shift,
# or any change to the document (the theme's scripts still adjust the page a
# few hundred milliseconds after it has loaded).
OBSERVE = """
window.__shifts = [];
window.__changed = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput) window.__shifts.push(e.value);
    window.__changed = performance.now();
  }
}).observe({ type: "layout-shift", buffered: true });
new MutationObserver(() => { window.__changed = performance.now(); }).observe(document, {
  subtree: true, childList: true, attributes: true, characterData: true,
});
"""

#: The page has settled when nothing has changed for this long (ms), once it
#: has loaded, its fonts are ready and every explorer is live.
QUIET_MS = 500

SETTLED = """async (quiet) => {
  await document.fonts.ready;
  const explorers = document.querySelectorAll("[data-explorer]").length;
  while (document.querySelectorAll("[data-explorer][data-ready]").length < explorers) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Two frames after the last change, so that its shift is reported; then
  // until nothing has changed for a while.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  while (performance.now() - window.__changed < quiet) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return window.__shifts.reduce((a, b) => a + b, 0);
}"""


@pytest.fixture(scope="session")
def plain_chromium(chromium: Any) -> Iterator[Any]:
    """Chromium itself, the browser readers (and Lighthouse) run, with only
    the flags this machine needs. The session's browser is its headless shell
    with background work switched off: either changes the timing of the first
    paint, and could hide a shift readers see. It is launched by the session's
    Playwright (a second one cannot run beside it)."""
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", site_pages() or ["<site not built>"])
def test_no_page_shifts_as_it_loads(
    plain_chromium: Any, site_url: str, rel: str, scheme: str
) -> None:
    require_site()
    # A fresh context per page: a cold cache, as a reader arriving from a
    # search engine has, and as Lighthouse measures.
    context = plain_chromium.new_context(
        viewport=MOBILE,
        device_scale_factor=1.75,
        is_mobile=True,
        has_touch=True,
        color_scheme=scheme,
    )
    # No request routing here (other tests guard the requests): routing
    # delays every file and would hide a shift that readers see.
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(site_url + rel, wait_until="load")
        shift = page.evaluate(SETTLED, QUIET_MS)
    finally:
        context.close()
    assert shift <= CLS_MAX, f"{rel}: layout shift {shift:.4f} above {CLS_MAX} ({scheme} mode)"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_is_resolved_before_the_first_paint(
    plain_chromium: Any, site_url: str, scheme: str
) -> None:
    """The theme's colours, code boxes and borders exist for "light" and
    "dark" only. Its own script resolves "auto" late (deferred), so when it
    lost the race with the first paint, text wrapped around inline code moved
    (CLS 0.04 on Symptoms). The page's head resolves it: with the theme's
    script blocked, the page still says light or dark, as the reader's
    system does."""
    require_site()
    context = plain_chromium.new_context(viewport=MOBILE, color_scheme=scheme)
    try:
        context.route("**/pydata-sphinx-theme.js*", lambda route: route.abort())
        page = context.new_page()
        page.goto(site_url + "book/symptoms.html", wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
    finally:
        context.close()
