"""The explorers' pages as readers meet them: in step with their controls
whenever the script arrives, steady while dragged, usable on a phone, legible
in light and dark mode, and quiet for screen readers.

test_explorers.py checks each explorer through its DOM contract (numbers
against nllbook, dots on curves, one phone screen, swipe and drag, Back,
predictions); this file checks what is left:

- controls moved before ``nllbook-explorer.js`` ran, or restored by the
  browser without an input event, are what the explorer shows;
- several controls at once: every corner of the controls' ranges and the
  centre show nllbook's numbers;
- a click on a figure sets its control to the value under the pointer, and a
  drag follows the pointer;
- the figure and the controls never move while the reader drags, at a
  desktop's and at a phone's width;
- no page scrolls sideways on a phone, and the controls are big enough for a
  finger; a table wider than a phone says that it scrolls;
- axe-core finds no contrast violation in light or dark mode; the figures'
  text and marks follow the theme, and stand out from the page in both;
- the only live region that speaks is the explorer's short announcement,
  once a move is done, never while a control is dragged.

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_explorer_pages.py
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from nllbook_pages.explorer import Control, Explorer, fill

from .conftest import (
    AXE_JS,
    EXPLORERS_LIVE_JS,
    FRAMES,
    PHONE,
    REPO,
    Guard,
    pages_of_explorers,
    require_site,
    site_dir,
    site_pages,
)
from .test_explorers import (
    KEYS,
    away_from_handles,
    check_state,
    explorer,
    open_shared,
)
from .test_site import load, url_of
from .visits import Visits

PAGES = site_pages() or ["<site not built>"]
MIN_TOUCH_PX = 44.0
#: WCAG 2.2: text (1.4.3) and the parts of a figure needed to read it (1.4.11).
MIN_TEXT_CONTRAST, MIN_MARK_CONTRAST = 4.5, 3.0


def explorer_pages() -> list[str]:
    """The pages that hold at least one explorer (read from the built HTML)."""
    site = site_dir()
    return [p for p in site_pages(site) if "data-explorer=" in (site / p).read_text("utf-8")] or [
        "<site not built>"
    ]


EXPLORER_PAGES = explorer_pages()


def position_away_from(c: Control, state: float) -> int:
    """A slider position a third of the way along, or two thirds if the
    control is there already."""
    pos = int(c.steps) // 3
    return pos if abs(c.position(state) - pos) > 0.5 else (2 * int(c.steps)) // 3


def check_page_follows_its_sliders(page: Any, moved: dict[str, dict[str, int]], where: str) -> None:
    """Every explorer of the page shows the state of the slider positions ``moved``
    (key -> control -> position), and nllbook's numbers for it."""
    roots = page.locator("[data-explorer]")
    for k in range(roots.count()):
        root = roots.nth(k)
        key = root.get_attribute("data-explorer") or ""
        ex = explorer(key)
        state = check_state(root, ex, f"{where}, {key}")
        for c in ex.controls:
            want = c.value_at(moved[key][c.name])
            assert math.isclose(state[c.name], want, rel_tol=1e-9, abs_tol=1e-12), (
                f"{where}, {key}: {c.name} is {state[c.name]}, its slider says {want}"
            )


# Moves every slider of the page to a position a third of the way (two thirds
# if it is there already), with or without an input event; returns the
# positions, and whether each explorer was ready already.
MOVE_SLIDERS_JS = """([event, specs]) => {
  const moved = {}, ready = [];
  for (const root of document.querySelectorAll('[data-explorer]')) {
    const key = root.dataset.explorer;
    moved[key] = {};
    ready.push(root.dataset.ready || '');
    for (const input of root.querySelectorAll('input[type=range]')) {
      const pos = specs[key][input.dataset.control];
      input.value = String(pos);
      if (event) input.dispatchEvent(new Event('input', {bubbles: true}));
      moved[key][input.dataset.control] = pos;
    }
  }
  return {moved, ready};
}"""


def positions(page_path: str) -> dict[str, dict[str, int]]:
    """For each explorer of a page: each control's position away from where it starts."""
    html = (site_dir() / page_path).read_text("utf-8")
    out = {}
    for key in set(re.findall(r'data-explorer="([^"]+)"', html)):
        ex = explorer(key)
        spec = re.search(
            rf'data-explorer="{key}".*?<script type="application/json" class="nbx-spec">(.*?)'
            "</script>",
            html,
            re.S,
        )
        assert spec, f"{page_path}: {key} has no spec"
        defaults = json.loads(spec.group(1).replace("<\\/", "</"))["defaults"]
        out[key] = {c.name: position_away_from(c, defaults[c.name]) for c in ex.controls}
    return out


# -- in step with the sliders, whenever the script arrives ------------------------------------


#: Each explorer's figure box, by key: its height in CSS px.
FIGURE_HEIGHTS_JS = """() => Object.fromEntries([...document.querySelectorAll('[data-explorer]')]
  .map(r => [r.dataset.explorer, r.querySelector('.nbx-figure').getBoundingClientRect().height]))"""


@pytest.mark.parametrize("page_path", EXPLORER_PAGES)
def test_in_step_when_moved_before_the_script_ran(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """The explorers' script is held back; the reader moves the sliders; then the
    script arrives and shows what the sliders say. Each figure's box keeps the
    height the page reserved for it: the drawing moves nothing below it."""
    page, g = guarded
    held: list[Any] = []
    page.route("**/nllbook-explorer.js*", lambda route: held.append(route))
    # A module script runs before DOMContentLoaded: wait for the parser only.
    page.goto(url_of(site_url, page_path), wait_until="commit")
    page.wait_for_function("() => document.readyState !== 'loading'")
    got = page.evaluate(MOVE_SLIDERS_JS, [True, positions(page_path)])
    assert got["ready"] and not any(got["ready"]), f"{page_path}: ready before its script"
    assert held, f"{page_path}: nllbook-explorer.js was never requested"
    reserved = page.evaluate(FIGURE_HEIGHTS_JS)
    for route in held:
        route.continue_()
    page.wait_for_function(EXPLORERS_LIVE_JS)
    page.evaluate(FRAMES)
    drawn = page.evaluate(FIGURE_HEIGHTS_JS)
    grew = {k: (h, drawn[k]) for k, h in reserved.items() if abs(drawn[k] - h) > 0.5}
    assert not grew, f"{page_path}: figures (reserved, drawn) in px: {grew}"
    check_page_follows_its_sliders(page, got["moved"], f"{page_path}, moved before the script")
    g.assert_clean(page_path)


@pytest.mark.parametrize("page_path", EXPLORER_PAGES)
def test_in_step_on_pageshow_with_restored_values(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """A browser that restores the sliders' positions (Back, the back/forward
    cache) without an input event: the explorers follow them on pageshow."""
    page, g = guarded
    load(page, url_of(site_url, page_path))
    page.wait_for_function(EXPLORERS_LIVE_JS)
    got = page.evaluate(MOVE_SLIDERS_JS, [False, positions(page_path)])
    page.evaluate(
        "() => window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"
    )
    page.evaluate(FRAMES)
    check_page_follows_its_sliders(page, got["moved"], f"{page_path} after pageshow")
    g.assert_clean(f"{page_path}, pageshow")


MULTI = [k for k in KEYS if len(explorer(k).controls) >= 2]


@pytest.mark.parametrize("key", MULTI)
def test_several_controls_at_every_corner_and_the_centre(shared: Any, key: str) -> None:
    """With two or more controls, each at an end of its range in every
    combination, and all at the middle: nllbook's numbers, dots on curves."""
    page, root, g, since = open_shared(shared, key, "desktop")
    ex = explorer(key)
    n = len(ex.controls)
    corners = [
        {c.name: (c.max if (bits >> i) & 1 else c.min) for i, c in enumerate(ex.controls)}
        for bits in range(2**n)
    ]
    centre = {c.name: c.value_at(c.steps // 2) for c in ex.controls}
    for state in [*corners, centre]:
        root.evaluate("(root, s) => root.nbx.set(s)", state)
        page.evaluate(FRAMES)
        got = check_state(root, ex, f"{key} at {state}")
        assert got == pytest.approx(state), f"{key}: asked for {state}, shows {got}"
    g.assert_clean(key, since)


# -- a click or a drag on the figure ------------------------------------------------------------


def to_pixel(panel: Any, box: dict[str, float], value: float) -> float:
    """Where ``value`` sits on a panel's horizontal axis, in page pixels."""
    f = math.log if panel.x.scale == "log" else (lambda v: v)
    a, b = (f(v) for v in panel.x.domain)
    return box["x"] + (f(value) - a) / (b - a) * box["width"]


def clear_of_handles(root: Any, box: dict[str, float], x: float) -> dict[str, float]:
    """A point at ``x`` in the plot, as far as possible from every handle."""
    handles = root.evaluate(
        """root => [...root.querySelectorAll('svg.nbx-svg .nbx-hit')].map(c => {
          const r = c.getBoundingClientRect();
          return {x: r.left + r.width / 2, y: r.top + r.height / 2, r: r.width / 2};
        })"""
    )
    best, far = {"x": x, "y": box["y"] + box["height"] / 2}, -1e9
    for fy in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
        p = {"x": x, "y": box["y"] + box["height"] * fy}
        d = min(
            (math.hypot(p["x"] - h["x"], p["y"] - h["y"]) - h["r"] for h in handles),
            default=1e9,
        )
        if d > far:
            best, far = p, d
    return best


def plain_drags(ex: Explorer) -> list[tuple[int, Control]]:
    """Panels on a numeric axis whose drag sets a control to the pointer's x."""
    by_name = {c.name: c for c in ex.controls}
    return [
        (i, by_name[name])
        for i, p in enumerate(ex.panels)
        for name, formula in (p.drag or {}).items()
        if formula.strip() == "x" and p.x.labels is None
    ][:1]


CLICKABLE = [k for k in KEYS if plain_drags(explorer(k))]


@pytest.mark.parametrize("key", CLICKABLE)
def test_click_and_drag_on_the_figure_set_the_value_under_the_pointer(
    shared: Any, key: str
) -> None:
    """A click on a panel sets its control to the value under the pointer; a drag
    ends at the value under the pointer; numbers stay nllbook's."""
    page, root, g, since = open_shared(shared, key, "desktop")
    ex = explorer(key)
    (index, c), *_ = plain_drags(ex)
    panel = ex.panels[index]
    root.locator("svg.nbx-svg").evaluate("svg => svg.scrollIntoView({block: 'center'})")
    plot = root.locator(f'svg.nbx-svg g.nbx-panel[data-panel="{index}"] rect.nbx-plot')
    box = plot.bounding_box()
    assert box
    lo, hi = max(c.min, min(panel.x.domain)), min(c.max, max(panel.x.domain))
    log = panel.x.scale == "log"

    def along(t: float) -> float:
        """The value a fraction ``t`` along the part of the axis the control covers."""
        v = lo * (hi / lo) ** t if log else lo + t * (hi - lo)
        return float(round(v)) if c.integer else v

    def slack(value: float) -> float:
        """What 1.5 px of the axis is worth around ``value`` (none for whole numbers)."""
        if c.integer:
            return 0.0
        a, b = (math.log(v) if log else v for v in panel.x.domain)
        step = 1.5 * (b - a) / box["width"]
        return value * (math.exp(step) - 1) if log else step

    first, second = along(0.3), along(0.7)
    # A click.
    start = clear_of_handles(root, box, to_pixel(panel, box, first))
    page.mouse.click(start["x"], start["y"])
    page.evaluate(FRAMES)
    state = check_state(root, ex, f"{key} after a click on the figure")
    assert state[c.name] == pytest.approx(first, abs=slack(first)), (
        f"{key}: a click at {c.name} = {first} set {state[c.name]}"
    )
    # A drag, from there to the second value.
    end = clear_of_handles(root, box, to_pixel(panel, box, second))
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], start["y"], steps=8)
    page.mouse.up()
    page.evaluate(FRAMES)
    state = check_state(root, ex, f"{key} after a drag on the figure")
    assert state[c.name] == pytest.approx(second, abs=slack(second)), (
        f"{key}: a drag to {c.name} = {second} ended at {state[c.name]}"
    )
    g.assert_clean(key, since)


# -- steady while dragged -----------------------------------------------------------------------

WHERE_JS = """root => {
  const f = root.querySelector('svg.nbx-svg').getBoundingClientRect();
  const c = root.querySelector('.nbx-controls').getBoundingClientRect();
  return [f.left, f.top, f.width, f.height, c.left, c.top, c.width]
    .map(v => Math.round(v * 10) / 10).join(',');
}"""

# Sweeps every slider through 9 positions, its ends among them, as a dragged
# thumb does (input events), and records where the figure and the controls are.
SWEEP_JS = (
    """async root => {
  const where = """
    + WHERE_JS
    + """;
  const frames = """
    + FRAMES
    + """;
  const first = where(root);
  const moved = [];
  for (const input of root.querySelectorAll('input[type=range]')) {
    const start = input.value, max = Number(input.max);
    const at = new Set(Array.from({length: 9}, (_, k) => Math.round((k * max) / 8)));
    for (const v of at) {
      input.value = String(v);
      input.dispatchEvent(new Event('input', {bubbles: true}));
      await frames();
      const now = where(root);
      if (now !== first) moved.push(`${input.dataset.control} at ${v}: ${now} (was ${first})`);
    }
    input.value = start;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await frames();
  }
  return moved;
}"""
)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("key", KEYS)
def test_figure_never_moves_while_dragging(shared: Any, key: str, screen: str) -> None:
    """Sweeping every slider, and dragging across the figure, never moves or
    resizes the figure, nor moves the controls under the reader's finger, on a
    desktop and on a phone."""
    page, root, g, since = open_shared(shared, key, screen)
    root.locator("svg.nbx-svg").evaluate("svg => svg.scrollIntoView({block: 'center'})")
    page.evaluate(FRAMES)
    moved = root.evaluate(SWEEP_JS)
    panel = next((i for i, p in enumerate(explorer(key).panels) if p.drag), None)
    if panel is not None:
        first = root.evaluate(WHERE_JS)
        box = root.locator(
            f'svg.nbx-svg g.nbx-panel[data-panel="{panel}"] rect.nbx-plot'
        ).bounding_box()
        assert box
        start = away_from_handles(root, box)
        page.mouse.move(box["x"] + 2, start["y"])
        page.mouse.down()
        for k in range(1, 7):
            page.mouse.move(box["x"] + box["width"] * k / 6, start["y"])
            page.evaluate(FRAMES)
            now = root.evaluate(WHERE_JS)
            if now != first:
                moved.append(f"dragged to {k}/6 of the plot: {now} (was {first})")
        page.mouse.up()
    assert not moved, f"{key} on a {screen}: {len(moved)} moves, first {moved[:3]}"
    g.assert_clean(f"{key} on a {screen}", since)


# -- phones -----------------------------------------------------------------------------------

PHONE_JS = """() => {
  const doc = document.documentElement;
  const small = [];
  const targets = '[data-explorer] input[type=range], [data-explorer] .nbx-predict button, '
    + '[data-explorer] .nbx-predict input';
  for (const el of document.querySelectorAll(targets)) {
    const r = el.getBoundingClientRect();
    const what = (el.dataset.control || el.name || el.textContent).trim();
    if (r.height < MIN) small.push(`${el.closest('[data-explorer]').dataset.explorer} ${what}: `
      + `${r.height.toFixed(1)} px high`);
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, small};
}"""


@pytest.mark.parametrize("page_path", PAGES)
def test_phone_no_sideways_scroll_and_controls_for_a_finger(shared: Any, page_path: str) -> None:
    """At 390 x 844 with a touch screen: the page does not scroll sideways, and
    each slider and prediction button or field is at least 44 px high."""
    require_site()
    page, _, _ = shared.open(page_path, "phone")
    got = page.evaluate(PHONE_JS.replace("MIN", str(MIN_TOUCH_PX)))
    assert got["scrollWidth"] <= got["clientWidth"], (
        f"{page_path}: the page is {got['scrollWidth']} px wide at {PHONE['width']} px"
    )
    assert not got["small"], f"{page_path}: controls too small for a finger: {got['small']}"


def test_wide_table_says_it_scrolls(chromium: Any, site_url: str) -> None:
    """A table wider than a phone scrolls inside the page and shows a hint."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        found = 0
        # Only the pages with a table: the others have nothing to measure.
        site = site_dir()
        with_tables = [p for p in PAGES if "<table" in (site / p).read_text("utf-8")]
        for page_path in with_tables:
            load(page, url_of(site_url, page_path))
            info = page.evaluate(
                """() => Array.from(document.querySelectorAll('table')).map(t => {
                  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
                  const hint = getComputedStyle(box, '::before').content;
                  return {wide: t.scrollWidth > box.clientWidth + 1, hint,
                          scrolls: getComputedStyle(box).overflowX};
                })"""
            )
            for t in info:
                if t["wide"]:
                    found += 1
                    assert t["scrolls"] in ("auto", "scroll"), f"{page_path}: {t}"
                    assert "scroll" in t["hint"], f"{page_path}: wide table with no hint"
        assert found, "no page has a table wider than a phone: this test checks nothing"
    finally:
        context.close()


# -- light and dark -----------------------------------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_contrast_in_dark_mode(visits: Visits, page_path: str) -> None:
    """axe-core finds no colour-contrast violation in the dark theme; in the light
    theme, test_site.py's full axe run includes the rule."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    seen = visits(page_path, "dark")
    assert seen.theme == "dark", f"{page_path}: the theme is {seen.theme!r} under dark mode"
    report = [
        f"{', '.join(map(str, n['target']))}: {n['failureSummary'][:160]}"
        for v in seen.axe
        for n in v["nodes"]
    ]
    assert not report, f"{page_path} (dark): contrast violations:\n" + "\n".join(report)


#: The marks' colours that the dark theme redefines (js/explorer: nbx-<colour>).
THEMED = ("nbx-main", "nbx-accent", "nbx-other", "nbx-muted", "nbx-ink")


def rgb(colour: str) -> tuple[float, float, float]:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return r, g, b


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        c = [v / 255 for v in rgb(colour)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("page_path", EXPLORER_PAGES)
def test_figures_follow_the_theme(visits: Visits, page_path: str) -> None:
    """In each mode the figures' text is the page's ink, or at least 4.5:1 against
    its background, and their marks 3:1; no white card is left in dark mode; and
    the themed colours of text and marks change with the mode."""
    light = visits(page_path, "light").colours
    dark = visits(page_path, "dark").colours
    problems = []
    for scheme, got in (("light", light), ("dark", dark)):
        assert got["figures"], f"{page_path}: no explorer figure"
        bg = got["background"]
        for fig in got["figures"]:
            where = f"{fig['key']} ({scheme})"
            if scheme == "dark" and fig["white"]:
                problems.append(f"{where}: {fig['white']} white shapes")
            for t in fig["texts"]:
                if not t["cls"] and t["color"] != got["ink"]:
                    problems.append(f"{where}: text {t['text']!r} in {t['color']}, not the ink")
                if contrast(t["color"], bg) < MIN_TEXT_CONTRAST:
                    problems.append(
                        f"{where}: text {t['text']!r} ({t['cls']}) {t['color']} on {bg}: "
                        f"{contrast(t['color'], bg):.2f}:1"
                    )
            for m in fig["marks"]:
                if contrast(m["color"], bg) < MIN_MARK_CONTRAST:
                    problems.append(
                        f"{where}: mark {m['cls']!r} {m['color']} on {bg}: "
                        f"{contrast(m['color'], bg):.2f}:1"
                    )
    assert light["ink"] != dark["ink"], f"{page_path}: the ink is the same in both modes"
    for a, b in zip(light["figures"], dark["figures"], strict=True):
        assert len(a["marks"]) == len(b["marks"]), f"{a['key']}: marks differ between modes"
        for ma, mb in zip(a["marks"], b["marks"], strict=True):
            if any(c in ma["cls"].split() for c in THEMED) and ma["color"] == mb["color"]:
                problems.append(f"{a['key']}: mark {ma['cls']!r} is {ma['color']} in both modes")
    assert not problems, f"{page_path}:\n  " + "\n  ".join(dict.fromkeys(problems))


# -- screen readers -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_live_region_announces_only_the_result(visits: Visits, shared: Any, key: str) -> None:
    """Only a short live region speaks, once a move is done: after a key press,
    after a slider is let go, after a drag on the figure; never while dragging,
    nor as the page arrives. The figure's label follows the state."""
    seen = visits(pages_of_explorers()[key])
    arrived = seen.explorers[key]["live"]
    live = [name for name, _ in arrived]
    assert live in (["nbx-announce"], ["nbx-predict-result", "nbx-announce"]), (
        f"{key}: live regions {live}"
    )
    spoken = [text for _, text in arrived if text]
    assert not spoken, f"{key}: a live region spoke as the page arrived: {spoken}"
    scrolled = [text for _, text in seen.explorers_after_scroll[key]["live"] if text]
    assert not scrolled, f"{key}: a live region spoke when the page was scrolled: {scrolled}"
    page, root, g, since = open_shared(shared, key, "desktop")
    ex = explorer(key)
    announce = root.locator(".nbx-announce")

    def said() -> str:
        return str(announce.text_content() or "")

    # Scrolled to (by open_shared), and not yet moved.
    assert said() == "", f"{key}: the live region spoke before any move: {said()!r}"

    def expected() -> str:
        state = {k: float(v) for k, v in root.evaluate("root => root.nbx.state()").items()}
        return str(fill(ex.announce, ex.numbers(**state)))

    label_before = root.locator("svg.nbx-svg").get_attribute("aria-label")
    # A key press.
    c = ex.controls[0]
    slider = root.locator("input[type=range]").first
    slider.focus()
    state = root.evaluate("root => root.nbx.state()")
    page.keyboard.press("Home" if state[c.name] > c.min else "End")
    page.evaluate(FRAMES)
    want = expected()
    assert said() == want, f"{key}: announced {said()!r}, expected {want!r}"
    assert len(want.split()) <= 20, f"{key}: announcement too long: {want!r}"
    label = root.locator("svg.nbx-svg").get_attribute("aria-label") or ""
    assert want in label, f"{key}: figure label {label!r} lacks the state"
    assert label != label_before, f"{key}: the figure label did not change"
    # A slider dragged: input events while it moves, one change when let go.
    before = said()
    slider.evaluate(
        """input => {
          for (const v of [1, 2, 3].map(k => Math.round(k * Number(input.max) / 4))) {
            input.value = String(v);
            input.dispatchEvent(new Event('input', {bubbles: true}));
          }
        }"""
    )
    page.evaluate(FRAMES)
    assert said() == before, f"{key}: the live region spoke while the slider moved: {said()!r}"
    slider.evaluate("input => input.dispatchEvent(new Event('change', {bubbles: true}))")
    assert said() == expected(), f"{key}: announced {said()!r} when the slider was let go"
    # A drag on the figure.
    panel = next((i for i, p in enumerate(ex.panels) if p.drag), None)
    if panel is not None:
        root.locator("svg.nbx-svg").evaluate("svg => svg.scrollIntoView({block: 'center'})")
        box = root.locator(
            f'svg.nbx-svg g.nbx-panel[data-panel="{panel}"] rect.nbx-plot'
        ).bounding_box()
        assert box
        start = away_from_handles(root, box)
        before = said()
        page.mouse.move(box["x"] + 3, start["y"])
        page.mouse.down()
        for k in range(1, 6):
            page.mouse.move(box["x"] + box["width"] * k / 6, start["y"])
        page.evaluate(FRAMES)
        assert said() == before, f"{key}: the live region spoke during a drag: {said()!r}"
        page.mouse.up()
        assert said() == expected(), f"{key}: announced {said()!r} after a drag"
    if root.locator(".nbx-predict-result").count():
        quiet = root.locator(".nbx-predict-result").text_content()
        assert quiet == "", f"{key}: the prediction line spoke unasked: {quiet!r}"
    g.assert_clean(f"{key}: announcing", since)
