"""The site's players as a reader meets them: always in step with their
sliders, steady while dragged, legible on a phone, readable in dark mode.

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_players.py

The numbers and figures themselves are checked against nllbook in
test_site.py; here the same checker reads a player after Back navigation,
after a slider moved before the player's script arrived, and so on.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AXE_JS, REPO, Guard, site_pages
from .test_site import PlayerChecker, load, url_of

PAGES = site_pages() or ["<site not built>"]
PHONE = {"width": 390, "height": 844}
MIN_FIGURE_TEXT_PX = 11.0
MIN_TOUCH_PX = 44.0


def player_pages() -> list[str]:
    """The pages that hold at least one player (read from the built HTML)."""
    from .conftest import site_dir

    site = site_dir()
    return [
        p for p in site_pages(site) if "data-nllbook-player" in (site / p).read_text("utf-8")
    ] or ["<site not built>"]


PLAYER_PAGES = player_pages()


def check_in_step(page: Any, where: str) -> int:
    """Every player on the page shows the state of its sliders' positions."""
    players = page.locator("[data-nllbook-player]")
    for k in range(players.count()):
        root = players.nth(k)
        checker = PlayerChecker(page, root, where)
        values = root.locator("input[type=range]").evaluate_all(
            "els => els.map(e => Number(e.value))"
        )
        checker.index = list(values)
        checker.check("in step with the slider positions")
        assert not checker.problems, "\n".join(checker.problems)
    return players.count()


# -- always in step -------------------------------------------------------------------------


def test_in_step_after_back_navigation(guarded: tuple[Any, Guard], site_url: str) -> None:
    """Move sliders, leave the page, come Back: thumb, readout, text and figure agree."""
    page, g = guarded
    page_path = PLAYER_PAGES[0]
    load(page, url_of(site_url, page_path))
    inputs = page.locator("[data-nllbook-player] input[type=range]")
    for i in range(inputs.count()):
        inputs.nth(i).focus()
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
    elsewhere = next(p for p in PAGES if p != page_path)
    page.goto(url_of(site_url, elsewhere), wait_until="load")
    page.go_back(wait_until="load")
    page.wait_for_selector("[data-nllbook-player][data-ready='1']")
    assert check_in_step(page, f"{page_path} after Back") > 0
    g.assert_clean(page_path)


def test_in_step_on_pageshow_with_restored_values(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    """A browser that restores a slider's position (Back, back/forward cache)
    without an input event: the player redraws on pageshow."""
    page, g = guarded
    for page_path in PLAYER_PAGES:
        load(page, url_of(site_url, page_path))
        page.evaluate(
            """() => {
              for (const input of document.querySelectorAll('[data-nllbook-player] input')) {
                input.value = String(Math.floor(Number(input.max) / 3));
              }
              window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
            }"""
        )
        check_in_step(page, f"{page_path} after pageshow")
    g.assert_clean("pageshow")


@pytest.mark.parametrize("page_path", PLAYER_PAGES)
def test_in_step_when_moved_before_the_script_ran(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """The player script is held back; the reader moves the sliders; then the
    script arrives and draws what the sliders say."""
    page, g = guarded
    held: list[Any] = []
    page.route("**/nllbook-player.js*", lambda route: held.append(route))
    page.goto(url_of(site_url, page_path), wait_until="domcontentloaded")
    page.wait_for_function("() => document.readyState !== 'loading'")
    moved = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-nllbook-player]')).map(root => {
          const ready = root.dataset.ready || '';
          for (const input of root.querySelectorAll('input[type=range]')) {
            input.value = String(Number(input.max));
            input.dispatchEvent(new Event('input', {bubbles: true}));
          }
          return ready;
        })"""
    )
    assert moved and not any(moved), f"{page_path}: a player was ready before its script"
    assert held, f"{page_path}: the player script was never requested"
    for route in held:
        route.continue_()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-nllbook-player]'))"
        ".every(r => r.dataset.ready === '1')"
    )
    check_in_step(page, f"{page_path}, sliders moved before the script ran")
    g.assert_clean(page_path)


# -- steady ---------------------------------------------------------------------------------

SWEEP_JS = """root => {
  const box = () => {
    const r = root.querySelector('figure.nllbook-figure svg').getBoundingClientRect();
    return [r.left, r.top, r.width, r.height].map(v => Math.round(v * 10) / 10).join(',');
  };
  const first = box();
  const moved = [];
  const inputs = Array.from(root.querySelectorAll('input[type=range]'));
  inputs.forEach((input, i) => {
    const start = input.value;
    for (let v = 0; v <= Number(input.max); v++) {
      input.value = String(v);
      input.dispatchEvent(new Event('input', {bubbles: true}));
      const now = box();
      if (now !== first) moved.push(`slider ${i} at ${v}: ${now} (was ${first})`);
    }
    input.value = start;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
  return moved;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", PLAYER_PAGES)
def test_figure_never_moves_while_sliding(
    chromium: Any, site_url: str, page_path: str, width: int
) -> None:
    """Sweeping every slider through all its values never moves or resizes the figure."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        load(page, url_of(site_url, page_path))
        players = page.locator("[data-nllbook-player]")
        problems = []
        for k in range(players.count()):
            root = players.nth(k)
            root.scroll_into_view_if_needed()
            moved = root.evaluate(SWEEP_JS)
            if moved:
                key = root.get_attribute("data-nllbook-player")
                problems.append(f"{key}: {len(moved)} moves, first {moved[:3]}")
        assert not problems, f"{page_path} at {width} px:\n" + "\n".join(problems)
    finally:
        context.close()


# -- phones ---------------------------------------------------------------------------------

PHONE_JS = """() => {
  const doc = document.documentElement;
  const small = [];
  const targets = [];
  for (const svg of document.querySelectorAll('[data-nllbook-player] figure svg')) {
    const key = svg.closest('[data-nllbook-player]').dataset.nllbookPlayer;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const m = t.getScreenCTM();
      const scale = Math.hypot(m.a, m.b);
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < MIN) small.push(`${key}: "${t.textContent.trim()}" ${px.toFixed(1)} px`);
    }
  }
  for (const input of document.querySelectorAll('[data-nllbook-player] input[type=range]')) {
    const r = input.getBoundingClientRect();
    targets.push(r.height);
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, small, targets};
}"""


@pytest.mark.parametrize("page_path", PAGES)
def test_phone_no_sideways_scroll_and_legible_figures(
    chromium: Any, site_url: str, page_path: str
) -> None:
    """At 390 x 844: no sideways scroll, figure text >= 11 px, sliders >= 44 px high."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    try:
        page = context.new_page()
        load(page, url_of(site_url, page_path))
        got = page.evaluate(PHONE_JS.replace("MIN", str(MIN_FIGURE_TEXT_PX)))
        assert got["scrollWidth"] <= got["clientWidth"], (
            f"{page_path}: the page is {got['scrollWidth']} px wide at {PHONE['width']} px"
        )
        assert not got["small"], f"{page_path}: figure text under 11 px: {got['small'][:8]}"
        assert all(h >= MIN_TOUCH_PX for h in got["targets"]), (
            f"{page_path}: slider touch targets {got['targets']} px high"
        )
    finally:
        context.close()


def test_wide_table_says_it_scrolls(chromium: Any, site_url: str) -> None:
    """A table wider than a phone scrolls inside the page and shows a hint."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        found = 0
        for page_path in PAGES:
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


# -- dark mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_contrast_in_both_modes(
    chromium: Any, site_url: str, page_path: str, scheme: str
) -> None:
    """axe-core finds no colour-contrast violation, in the light and the dark theme."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        load(page, url_of(site_url, page_path))
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == scheme, f"{page_path}: the theme is {theme!r} under {scheme} mode"
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['color-contrast'], "
            "resultTypes: ['violations']})).violations"
        )
        report = [
            f"{', '.join(map(str, n['target']))}: {n['failureSummary'][:160]}"
            for v in violations
            for n in v["nodes"]
        ]
        assert not report, f"{page_path} ({scheme}): contrast violations:\n" + "\n".join(report)
    finally:
        context.close()


@pytest.mark.parametrize("page_path", PLAYER_PAGES)
def test_figures_follow_the_theme(chromium: Any, site_url: str, page_path: str) -> None:
    """In dark mode the players' figures are transparent and drawn in the page's text colour."""
    context = chromium.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        load(page, url_of(site_url, page_path))
        got = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-nllbook-player] svg')).map(svg => {
              const fills = Array.from(svg.querySelectorAll('path'))
                .map(p => getComputedStyle(p).fill)
                .filter(f => f === 'rgb(255, 255, 255)');
              const label = svg.querySelector('text');
              return {white: fills.length, text: label ? getComputedStyle(label).fill : '',
                      page: getComputedStyle(document.body).color};
            })"""
        )
        assert got
        for fig in got:
            assert fig["white"] == 0, f"{page_path}: white backgrounds in a dark figure"
            assert fig["text"] == fig["page"], f"{page_path}: figure text {fig}"
    finally:
        context.close()


# -- screen readers -------------------------------------------------------------------------


def test_live_region_announces_only_the_result(guarded: tuple[Any, Guard], site_url: str) -> None:
    """Only a short live region speaks; the figure's label follows the state."""
    page, g = guarded
    for page_path in PLAYER_PAGES:
        load(page, url_of(site_url, page_path))
        players = page.locator("[data-nllbook-player]")
        for k in range(players.count()):
            root = players.nth(k)
            key = root.get_attribute("data-nllbook-player") or ""
            checker = PlayerChecker(page, root, page_path)
            live_regions = root.evaluate(
                "r => Array.from(r.querySelectorAll('[aria-live]')).map(e => e.className)"
            )
            # A player with a prediction prompt has one more region, which
            # speaks only when the reader commits a guess or reaches its setting.
            assert live_regions in (
                ["nllbook-announce"],
                ["nllbook-predict-result", "nllbook-announce"],
            ), f"{key}: live regions {live_regions}"
            label_before = root.locator("figure svg").get_attribute("aria-label")
            checker.set_value(0, 0)
            vals = checker.setting()
            want = checker.ex.announcement(**vals)
            got = root.locator(".nllbook-announce").text_content()
            assert got == want, f"{key}: announced {got!r}, expected {want!r}"
            assert len(got.split()) <= 20, f"{key}: announcement too long: {got!r}"
            if root.locator(".nllbook-predict-result").count():
                silent = root.locator(".nllbook-predict-result").text_content()
                assert silent == "", f"{key}: the prediction line spoke unasked: {silent!r}"
            label = root.locator("figure svg").get_attribute("aria-label") or ""
            assert want in label, f"{key}: figure label {label!r} lacks the state"
            if vals != checker.ex.defaults:
                assert label != label_before, f"{key}: the figure label did not change"
    g.assert_clean("live regions")


# -- several sliders ------------------------------------------------------------------------


def test_two_slider_players_match_nllbook_at_corners_and_centre(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    """Each player with two or more sliders, at every corner of its grid and at
    its centre, shows nllbook's numbers and figure for that setting."""
    page, g = guarded
    seen = []
    for page_path in PLAYER_PAGES:
        load(page, url_of(site_url, page_path))
        players = page.locator("[data-nllbook-player]")
        for k in range(players.count()):
            root = players.nth(k)
            if root.locator("input[type=range]").count() < 2:
                continue
            root.scroll_into_view_if_needed()
            checker = PlayerChecker(page, root, page_path)
            sizes = [len(s.values) for s in checker.ex.sliders]
            corners = [
                [(n - 1) * ((c >> i) & 1) for i, n in enumerate(sizes)]
                for c in range(2 ** len(sizes))
            ]
            for setting in [*corners, [(n - 1) // 2 for n in sizes]]:
                for i, index in enumerate(setting):
                    checker.set_value(i, index)
            assert not checker.problems, "\n".join(checker.problems)
            seen.append(checker.key)
    assert len(seen) >= 2, f"expected at least two players with two sliders, found {seen}"
    g.assert_clean("two-slider players")


# -- click or drag on the figure ------------------------------------------------------------

POINT_JS = """([root, x, y]) => {
  const svg = root.querySelector('figure svg');
  const pt = svg.createSVGPoint();
  pt.x = x; pt.y = y;
  const c = pt.matrixTransform(svg.getScreenCTM());
  return [c.x, c.y];
}"""


def _x_of(drag: dict[str, Any], value: float) -> float:
    """Where ``value`` sits on the dragged axes, in the SVG's units."""
    import math

    def f(v: float) -> float:
        return math.log(v) if drag["log"] else v

    a, b = (f(v) for v in drag["lim"])
    left, _, right, _ = drag["box"]
    return left + (f(value) - a) / (b - a) * (right - left)


@pytest.mark.parametrize("page_path", PLAYER_PAGES)
def test_click_and_drag_on_the_figure_set_the_slider(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """A click on the axes sets the slider to the value under the pointer; a
    drag follows the pointer; text and figure stay in step."""
    import json

    page, g = guarded
    load(page, url_of(site_url, page_path))
    players = page.locator("[data-nllbook-player]")
    dragged = 0
    for k in range(players.count()):
        root = players.nth(k)
        data = json.loads(root.locator("script.nllbook-states").text_content() or "{}")
        drag = data.get("drag")
        if not drag:
            continue
        dragged += 1
        values = drag["values"]
        slider = root.locator("input[type=range]").nth(drag["slider"])
        y = (drag["box"][1] + drag["box"][3]) / 2
        usable = [i for i, v in enumerate(values) if not (drag["log"] and v <= 0)]
        first, second = usable[len(usable) // 4], usable[(3 * len(usable)) // 4]
        root.scroll_into_view_if_needed()
        # A click.
        cx, cy = root.evaluate(f"r => ({POINT_JS})([r, {_x_of(drag, values[first])}, {y}])")
        page.mouse.click(cx, cy)
        assert slider.evaluate("e => Number(e.value)") == first, (page_path, k, "click")
        assert check_in_step(page, f"{page_path} after a click on the figure") > 0
        # A drag, from the first value to the second.
        tx, ty = root.evaluate(f"r => ({POINT_JS})([r, {_x_of(drag, values[second])}, {y}])")
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(tx, ty, steps=8)
        page.mouse.up()
        assert slider.evaluate("e => Number(e.value)") == second, (page_path, k, "drag")
        assert check_in_step(page, f"{page_path} after a drag on the figure") > 0
    g.assert_clean(page_path)
    if page_path.endswith(("04_negative.html", "index.html")):
        assert dragged, "the NLL curve can be dragged"
