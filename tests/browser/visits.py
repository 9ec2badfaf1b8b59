"""One load of a page in a desktop browser per colour scheme, read by several tests.

Several checks only read a page as it arrives: what it loads and whether it
errs (test_site.py), its weight and its formulas (test_pages.py), axe-core's
findings once its explorers are live (test_site.py, and its contrast rule in
dark mode in test_explorer_pages.py), the colours its figures are drawn in
(test_explorer_pages.py) and how its static figures look in dark mode
(test_site.py). Each used to load the page itself; a :class:`Visit` loads it
once per scheme, in a fresh context (a cold cache, as a reader arriving from a
search engine has), and keeps what those checks read. The tests stay one per
check and page, so that a failure names both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conftest import AXE_JS, EXPLORERS_LIVE_JS, FONTS_JS, FRAMES, READ_JS, guard

IMAGES_JS = "() => Array.from(document.images, i => i.currentSrc || i.src)"

MATH_JS = """() => {
  const main = document.querySelector('main article') || document.querySelector('main');
  const katex = Array.from(main.querySelectorAll('.katex'));
  const stray = [];
  const skip = 'pre, code, script, style, textarea, .katex, .nllbook-states';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && n.parentElement.closest(skip)) continue;
    if (/\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\sum|\\\\ln|\\\\theta|\\\\begin/.test(n.data)) {
      stray.push(n.data.trim().slice(0, 80));
    }
  }
  const focusable = 'a, button, input, select, textarea, [tabindex]';
  return {
    count: katex.length,
    withMathml: katex.filter(k => k.querySelector('math')).length,
    errors: Array.from(document.querySelectorAll('.katex-error, .nllbook-math-error'))
      .map(e => e.textContent.slice(0, 80)),
    focusable: Array.from(document.querySelectorAll('.katex'))
      .filter(k => k.matches(focusable) || k.querySelector(focusable)).length,
    stray: stray,
    scripts: Array.from(document.scripts).map(s => s.src)
      .filter(s => /mathjax|katex/i.test(s)),
    shifted: Array.from(document.querySelectorAll('mjx-container')).length,
  };
}"""


# The colours of each explorer's figure as drawn: its marks (lines, rules,
# dots, bars, legend keys) and its text, and the page's ink and background.
COLOURS_JS = """() => {
  const cs = (el) => getComputedStyle(el);
  const shown = (el) => cs(el).display !== 'none' && cs(el).visibility !== 'hidden'
    && !el.closest('[display="none"]');
  const bg = [document.body, document.documentElement].map((e) => cs(e).backgroundColor)
    .find((c) => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent');
  return {
    ink: cs(document.body).color,
    background: bg,
    figures: Array.from(document.querySelectorAll('[data-explorer] svg.nbx-svg'), (svg) => {
      const marks = [];
      for (const el of svg.querySelectorAll('.nbx-line, .nbx-rule')) {
        if (shown(el)) marks.push({cls: el.getAttribute('class'), color: cs(el).stroke});
      }
      const filled = svg.querySelectorAll(
        '.nbx-dot circle:not(.nbx-hit), circle.nbx-dot, .nbx-bars rect, rect.nbx-bars');
      for (const el of filled) {
        if (!shown(el) || el.getAttribute('height') === '0') continue;
        const owner = el.closest('.nbx-dot, .nbx-bars') || el;
        const cls = (el.getAttribute('class') || '') + ' ' + owner.getAttribute('class');
        marks.push({cls, color: cs(el).fill});
      }
      return {
        key: svg.closest('[data-explorer]').dataset.explorer,
        marks,
        texts: Array.from(svg.querySelectorAll('text'))
          .filter((t) => t.textContent.trim() && shown(t))
          .map((t) => ({text: t.textContent.trim(), cls: t.getAttribute('class') || '',
                        color: cs(t).fill})),
        white: Array.from(svg.querySelectorAll('*'))
          .filter((e) => cs(e).fill === 'rgb(255, 255, 255)').length,
      };
    }),
  };
}"""

# Every explorer of the page read through its DOM contract (READ_JS), by key.
EXPLORERS_JS = (
    "() => Object.fromEntries([...document.querySelectorAll('[data-explorer]')]"
    f".map(root => [root.dataset.explorer, ({READ_JS})(root)]))"
)

# The chapters' static figures (matplotlib's output cells) as styled.
STATIC_FIGURES_JS = """() => Array.from(
  document.querySelectorAll('div.cell_output img'), (img) => ({
  path: new URL(img.src).pathname,
  filter: getComputedStyle(img).filter,
  background: getComputedStyle(img).backgroundColor,
}))"""


# Which wording each medium shows: the screen's and the paper's, and the
# explorers' hints (screen only).
WORDINGS_JS = """() => {
  const visible = (el) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0;
  };
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  const read = (sel) => all(sel).map((el) => [el.textContent, visible(el)]);
  return {
    screen: read("article .nllbook-screen:not(.nbx-hint)"),
    print: read("article .nllbook-print"),
    hints: read("article .nbx-hint"),
    explorers: all("[data-explorer]").length,
  };
}"""

# The page's text as shown, and each question's text and feedback, before any
# answer (the questions' script has run).
TEXT_JS = """async () => {
  const quizzes = document.querySelectorAll("[data-nllbook-quiz]");
  while ([...quizzes].some((q) => q.dataset.ready !== "1")) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    body: document.body.innerText,
    questions: Object.fromEntries(Array.from(document.querySelectorAll("form.nllbook-quiz-q"),
      (q) => [q.id, [q.innerText, q.querySelector(".nllbook-quiz-feedback").innerText]])),
  };
}"""


@dataclass
class Visit:
    """What one desktop load of a page in one colour scheme showed."""

    page_path: str
    scheme: str
    #: Every local file that answered 200 from the first byte until axe had
    #: run, and every image of the page (lazy ones below the fold included).
    urls: set[str] = field(default_factory=set)
    #: Non-local requests, console errors and failed local requests, from the
    #: first byte until axe had run (after a scroll to the bottom).
    problems: list[str] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    #: The page's theme once its explorers were live, and axe-core's violations
    #: then: every rule in light mode, the colour-contrast rule in dark mode.
    theme: str = ""
    axe: list[dict[str, Any]] = field(default_factory=list)
    #: The page's ink and background, and each explorer figure's colours (COLOURS_JS).
    colours: dict[str, Any] = field(default_factory=dict)
    #: Each static figure of the page: its file's path and its computed style.
    static_figures: list[dict[str, str]] = field(default_factory=list)
    #: The page's text as shown before any answer, and each question's text
    #: and feedback (TEXT_JS).
    text: dict[str, Any] = field(default_factory=dict)
    #: Each explorer as the page arrived, read through its DOM contract (READ_JS), by key.
    explorers: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The same once the page had been scrolled through and back, before
    #: anything moved an explorer (what its live regions said then, say).
    explorers_after_scroll: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Which wordings show on screen and, the same page then printed, on paper.
    on_screen: dict[str, Any] = field(default_factory=dict)
    on_paper: dict[str, Any] = field(default_factory=dict)


def visit(chromium: Any, site_url: str, page_path: str, scheme: str) -> Visit:
    """Load ``page_path`` once in ``scheme`` with the network guard on, and read it."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    g = guard(context)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(site_url + page_path, wait_until="load")
        page.evaluate(FONTS_JS)
        out = Visit(page_path, scheme)
        out.math = page.evaluate(MATH_JS)
        page.wait_for_function(EXPLORERS_LIVE_JS)
        out.theme = page.evaluate("() => document.documentElement.dataset.theme")
        out.explorers = page.evaluate(EXPLORERS_JS)
        page.evaluate(FRAMES)
        out.colours = page.evaluate(COLOURS_JS)
        out.static_figures = page.evaluate(STATIC_FIGURES_JS)
        out.text = page.evaluate(TEXT_JS)
        out.on_screen = page.evaluate(WORDINGS_JS)
        # Scroll through the page, in case anything loads lazily.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.evaluate(FRAMES)
        page.evaluate("window.scrollTo(0, 0)")
        page.evaluate(FRAMES)
        out.explorers_after_scroll = page.evaluate(EXPLORERS_JS)
        page.add_script_tag(path=str(AXE_JS))
        # In dark mode only the contrast rule: nothing else axe checks changes
        # with the colours.
        rules = "" if scheme == "light" else "runOnly: ['color-contrast'], "
        out.axe = page.evaluate(
            f"async () => (await axe.run(document, {{{rules}resultTypes: ['violations']}}))"
            ".violations"
        )
        # What the page loaded, a second or more after it loaded (axe takes
        # that long): every request sent by then, once answered.
        g.wait_until_answered(page)
        out.urls = {r.url.split("#")[0] for r in g.responses if r.status == 200}
        out.urls |= set(page.evaluate(IMAGES_JS))
        page.emulate_media(media="print")
        out.on_paper = page.evaluate(WORDINGS_JS)
        if not g.responses:
            out.problems.append("nothing was loaded")
        out.problems += g.problems()
        return out
    finally:
        context.close()


class Visits:
    """Each page's :class:`Visit` per scheme, made on first use (one per pytest worker)."""

    def __init__(self, chromium: Any, site_url: str) -> None:
        self._chromium, self._site_url = chromium, site_url
        self._seen: dict[tuple[str, str], Visit] = {}

    def __call__(self, page_path: str, scheme: str = "light") -> Visit:
        if (page_path, scheme) not in self._seen:
            self._seen[page_path, scheme] = visit(self._chromium, self._site_url, page_path, scheme)
        return self._seen[page_path, scheme]
