"""An explorer page that several tests use in turn, on a desktop or on a phone.

Loading a page costs a browser more than most checks of its explorers do. The
tests that only move an explorer's controls and read what it shows (its
numbers at many states, a click or a drag on its figure, whether the figure
moves while dragged, whether it fits one phone screen, a swipe over it, what
its live region says) share
one load of each page per kind of screen: between two tests every explorer of
the page goes back to its defaults, the page to its top, the keyboard focus
nowhere. The tests that need a page as it first arrives (a prediction, the
script arriving late, Back) load their own; what the page says as it arrives
is read from its visit (visits.py).

After a test that failed, the page is closed, so that whatever it left
behind cannot make another test fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conftest import EXPLORERS_LIVE_JS, FONTS_JS, FRAMES, PHONE, Guard, guard

#: How each kind of screen is emulated: a desktop window, and a phone with touch.
SCREENS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": PHONE, "has_touch": True, "is_mobile": True},
}

# Every explorer back at its defaults with nothing announced (as the page
# arrives: the visits check that), the page at its top, no focus, and the
# explorers drawn again (two frames).
RESET_JS = (
    """async () => {
  if (document.activeElement) document.activeElement.blur();
  for (const root of document.querySelectorAll('[data-explorer]')) {
    if (root.nbx) root.nbx.set(root.nbx.spec.defaults, false);
    const live = root.querySelector('.nbx-announce');
    if (live) live.textContent = '';
  }
  window.scrollTo(0, 0);
  await ("""
    + FRAMES
    + """)();
}"""
)


@dataclass
class Opened:
    """A page of the site, loaded once and then lent to one test after another."""

    page_path: str
    context: Any
    page: Any
    guard: Guard


class SharedPages:
    """At most one open page per kind of screen (one pytest worker's)."""

    def __init__(self, chromium: Any, site_url: str) -> None:
        self._chromium, self._site_url = chromium, site_url
        self._open: dict[str, Opened] = {}

    def open(self, page_path: str, screen: str) -> tuple[Any, Guard, tuple[int, int]]:
        """The page at ``page_path`` on ``screen``, its explorers at their defaults:
        the page, its network guard, and the guard's checkpoint for this test."""
        now = self._open.get(screen)
        if now is not None and now.page_path == page_path:
            now.page.evaluate(RESET_JS)
        else:
            self.close(screen)
            context = self._chromium.new_context(**SCREENS[screen])
            g = guard(context)
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.goto(self._site_url + page_path, wait_until="load")
            page.evaluate(FONTS_JS)
            page.wait_for_function(EXPLORERS_LIVE_JS)
            now = self._open[screen] = Opened(page_path, context, page, g)
        return now.page, now.guard, now.guard.checkpoint()

    def close(self, screen: str | None = None) -> None:
        """Close the page open on ``screen`` (on every screen if None)."""
        for name in [screen] if screen else list(self._open):
            opened = self._open.pop(name, None)
            if opened is not None:
                opened.context.close()
