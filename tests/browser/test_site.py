"""The built site in a real browser: offline, error-free, accessible, and every
slider showing exactly nllbook's numbers and figure.

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_site.py

Each test is parametrized by page, so a failure names the page. The site is
served from 127.0.0.1 and every other host is blocked (see conftest.guard).
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from nllbook._explorer import Explorer, _prefix_ids, fmt_number
from nllbook.widgets import all_explorers

from .conftest import AXE_JS, REPO, Guard, require_site, site_pages

# If the site is missing, collect one placeholder so the run fails (in
# require_site) with a message saying how to build it, instead of skipping.
PAGES = site_pages() or ["<site not built>"]

# A canonical form of a DOM subtree: elements with sorted attributes, text with
# whitespace collapsed, whitespace-only text dropped. Used to compare what the
# page shows with what nllbook produces, independently of serialisation
# details (attribute order, indentation between SVG elements).
CANON_JS = """
const canon = (node, skipRootAttrs) => {
  if (node.nodeType === 3) {
    const t = node.data.replace(/\\s+/g, ' ').trim();
    return t ? JSON.stringify(t) : '';
  }
  if (node.nodeType !== 1) return '';
  const attrs = Array.from(node.attributes)
    .filter(a => !(skipRootAttrs && skipRootAttrs.includes(a.name)))
    .map(a => a.name + '=' + JSON.stringify(a.value.replace(/\\s+/g, ' ').trim()))
    .sort().join(' ');
  return '<' + node.localName + (attrs ? ' ' + attrs : '') + '>' +
    canonChildren(node) + '</' + node.localName + '>';
};
const canonChildren = node => Array.from(node.childNodes).map(c => canon(c)).join('');
"""

READ_PLAYER_JS = (
    "(root, expected) => {"
    + CANON_JS
    + """
  const inputs = Array.from(root.querySelectorAll('input[type=range]'));
  const text = root.querySelector('.nllbook-text');
  const svg = root.querySelector('figure.nllbook-figure svg');
  const holder = document.createElement('div');
  holder.innerHTML = expected.text;
  const wantText = canonChildren(holder);
  holder.innerHTML = expected.svg;
  const wantSvg = canon(holder.firstElementChild);
  const gotText = canonChildren(text);
  const gotSvg = canon(svg, ['role', 'aria-label']);
  const ids = Array.from(svg.querySelectorAll('[id]')).map(e => e.id);
  return {
    duplicateIds: Array.from(new Set(ids.filter((id, k) => ids.indexOf(id) !== k))),
    ready: root.dataset.ready || '',
    state: root.dataset.state,
    names: inputs.map(i => i.dataset.slider),
    values: inputs.map(i => i.value),
    mins: inputs.map(i => i.min),
    maxs: inputs.map(i => i.max),
    valuetexts: inputs.map(i => i.getAttribute('aria-valuetext')),
    outputs: inputs.map(i => {
      const o = i.parentNode.querySelector('output');
      return o ? o.textContent : null;
    }),
    spans: Array.from(text.querySelectorAll('.nllbook-q')).map(s => ({
      q: s.dataset.q, value: s.dataset.value, fmt: s.dataset.fmt, text: s.textContent,
    })),
    textOk: gotText === wantText,
    gotText: text.innerHTML,
    svgOk: gotSvg === wantSvg,
    svgCanon: gotSvg,
    svgRole: svg.getAttribute('role'),
    svgLabel: svg.getAttribute('aria-label') || '',
  };
}"""
)

SET_VALUE_JS = """(input, value) => {
  input.value = String(value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
}"""

# Maths is typeset at build time; only the web fonts need waiting for.
SETTLE_JS = """async () => {
  if (document.fonts) await document.fonts.ready;
}"""


def url_of(site_url: str, page: str) -> str:
    require_site()
    return site_url + page


def load(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE_JS)


@cache
def explorer(key: str) -> Explorer:
    return all_explorers()[key]()


def same_number(shown: float, want: float) -> bool:
    if math.isinf(shown) or math.isinf(want):
        return shown == want
    return math.isclose(shown, want, rel_tol=1e-12, abs_tol=0.0)


# -- 1 + 2: offline, no console errors -----------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_page_is_offline_and_error_free(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """The page and everything it loads come from 127.0.0.1, with no errors."""
    page, g = guarded
    page.goto(url_of(site_url, page_path), wait_until="networkidle")
    page.evaluate(SETTLE_JS)
    # Scroll through the page, in case anything loads lazily.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    assert g.responses, "nothing was loaded"
    g.assert_clean(page_path)


# -- 3: every slider of every player --------------------------------------------------------


class PlayerChecker:
    """Moves the sliders of one player and checks each state against nllbook."""

    def __init__(self, page: Any, root: Any, where: str) -> None:
        self.page = page
        self.root = root
        self.key = root.get_attribute("data-nllbook-player") or ""
        self.where = f"{where}, player {self.key!r}"
        known = all_explorers()
        assert self.key in known, (
            f"{self.where}: no explorer with this key in nllbook.widgets.all_explorers() "
            f"(known: {sorted(known)}); the player cannot be checked"
        )
        self.ex = explorer(self.key)
        self.inputs = root.locator("input[type=range]")
        self.index = [s.default_index for s in self.ex.sliders]
        self.prev_svg: str | None = None
        self.prev_index: list[int] | None = None
        self.checks = 0
        self.problems: list[str] = []

    def setting(self) -> dict[str, float]:
        return {s.name: s.values[i] for s, i in zip(self.ex.sliders, self.index, strict=True)}

    def check(self, how: str) -> None:
        """Check the player's whole state against nllbook for self.index."""
        vals = self.setting()
        where = f"{self.where}, {how}, setting {vals}"
        expected = {
            "text": self.ex.text(**vals),
            "svg": _prefix_ids(self.ex.svg(**vals), f"nb-{self.key}"),
        }
        got = self.root.evaluate(READ_PLAYER_JS, expected)
        sliders = self.ex.sliders
        assert got["ready"] == "1", f"{where}: nllbook-player.js did not initialise the player"
        assert got["names"] == [s.name for s in sliders], f"{where}: slider names {got['names']}"
        assert got["mins"] == ["0"] * len(sliders), f"{where}: min {got['mins']}"
        assert got["maxs"] == [str(len(s.values) - 1) for s in sliders], (
            f"{where}: max {got['maxs']} for grids of {[len(s.values) for s in sliders]}"
        )
        assert got["values"] == [str(i) for i in self.index], (
            f"{where}: slider positions {got['values']}, expected {self.index}"
        )
        state = 0
        for s, i in zip(sliders, self.index, strict=True):
            state = state * len(s.values) + i
        assert got["state"] == str(state), f"{where}: data-state {got['state']} != {state}"
        labels = [s.label_of(vals[s.name]) for s in sliders]
        assert got["outputs"] == labels, f"{where}: readout {got['outputs']}, expected {labels}"
        assert got["valuetexts"] == labels, (
            f"{where}: aria-valuetext {got['valuetexts']}, expected {labels}"
        )

        numbers = self.ex.numbers(**vals)
        assert got["spans"], f"{where}: no .nllbook-q number in the text"
        for span in got["spans"]:
            name = span["q"]
            assert name in numbers, (
                f"{where}: number {name!r} is not one of nllbook's {sorted(numbers)}"
            )
            shown = float(span["value"])
            assert same_number(shown, numbers[name]), (
                f"{where}: {name} data-value {span['value']} but nllbook gives {numbers[name]!r}"
            )
            want_text = fmt_number(numbers[name], span["fmt"])
            assert span["text"] == want_text, (
                f"{where}: {name} shows {span['text']!r}, expected {want_text!r} "
                f"(fmt {span['fmt']!r})"
            )
        assert got["textOk"], (
            f"{where}: text differs from explorer.text():\n  page:    {got['gotText']}\n"
            f"  nllbook: {expected['text']}"
        )

        # Figure problems are collected rather than raised at once, so that the
        # numbers are still checked at every setting; run() reports them all.
        if not (got["svgRole"] == "img" and got["svgLabel"].strip()):
            self.figure_problem(f"{where}: the figure needs role=img and an aria-label")
        if got["duplicateIds"]:
            self.figure_problem(
                f"{self.where}: the figure has duplicate element ids {got['duplicateIds']}; "
                "the player swaps elements by id, so it updates the wrong ones"
            )
        if not got["svgOk"]:
            self.figure_problem(f"{where}: the figure differs from nllbook's for this setting")
        if self.prev_index is not None and self.prev_index != self.index:
            if got["svgCanon"] == self.prev_svg:
                self.figure_problem(
                    f"{where}: the figure did not change from the previous setting "
                    f"{self.prev_index}"
                )
        self.prev_svg, self.prev_index = got["svgCanon"], list(self.index)
        self.checks += 1

    def figure_problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def press(self, i: int, key: str, times: int = 1) -> None:
        n = len(self.ex.sliders[i].values)
        handle = self.inputs.nth(i)
        handle.focus()
        for _ in range(times):
            self.page.keyboard.press(key)
            if key == "Home":
                self.index[i] = 0
            elif key == "End":
                self.index[i] = n - 1
            elif key in ("ArrowRight", "ArrowUp"):
                self.index[i] = min(n - 1, self.index[i] + 1)
            elif key in ("ArrowLeft", "ArrowDown"):
                self.index[i] = max(0, self.index[i] - 1)
            else:
                raise ValueError(key)
        self.check(f"slider {self.ex.sliders[i].name!r} by keyboard {key}x{times}")

    def set_value(self, i: int, index: int) -> None:
        self.inputs.nth(i).evaluate(SET_VALUE_JS, index)
        self.index[i] = index
        self.check(f"slider {self.ex.sliders[i].name!r} set to index {index}")

    def run(self) -> None:
        assert self.inputs.count() == len(self.ex.sliders), (
            f"{self.where}: {self.inputs.count()} range inputs for {len(self.ex.sliders)} sliders"
        )
        self.check("as loaded")
        for i, s in enumerate(self.ex.sliders):
            n = len(s.values)
            mid = (n - 1) // 2
            # (a) keyboard: minimum, middle, maximum, one step back.
            self.press(i, "Home")
            self.press(i, "ArrowRight", mid)
            self.press(i, "End")
            self.press(i, "ArrowLeft")
            # (b) value + input event: minimum, middle, maximum, back to default,
            # so that the next slider moves while this one stays at its default.
            for index in (0, mid, n - 1, s.default_index):
                self.set_value(i, index)
        assert not self.problems, "\n".join(self.problems)


@pytest.mark.parametrize("page_path", PAGES)
def test_players_show_nllbook_numbers(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """Every slider of every player, at its ends and middle, by keyboard and by value."""
    page, g = guarded
    load(page, url_of(site_url, page_path))
    # Errors while the page loads are test_page_is_offline_and_error_free's;
    # here, no error may happen while the sliders move.
    loaded = g.checkpoint()
    players = page.locator("[data-nllbook-player]")
    failures = []
    for k in range(players.count()):
        root = players.nth(k)
        root.scroll_into_view_if_needed()
        # Check every player even when one fails, and report them all.
        try:
            PlayerChecker(page, root, page_path).run()
        except AssertionError as exc:
            failures.append(str(exc).split("\nassert ")[0])
    assert not failures, f"{len(failures)} of {players.count()} players failed:\n" + "\n".join(
        failures
    )
    g.assert_clean(f"{page_path}, while moving the sliders", since=loaded)


def test_player_markup_matches_all_explorers() -> None:
    """Every player in the built HTML names a known explorer (checked without a browser)."""
    site = require_site()
    known = set(all_explorers())
    unknown = []
    for page_path in site_pages(site):
        html = (site / page_path).read_text(encoding="utf-8")
        for chunk in html.split('data-nllbook-player="')[1:]:
            key = chunk.split('"', 1)[0]
            if key not in known:
                unknown.append(f"{page_path}: {key!r}")
    assert not unknown, f"players with no explorer in all_explorers(): {unknown}"


# -- 4: accessibility (axe-core) ----------------------------------------------------------


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_no_serious_violations(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    """axe-core finds no 'serious' or 'critical' violation."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    page, g = guarded
    load(page, url_of(site_url, page_path))
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    report = []
    for v in violations:
        report.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            report.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
    if report:
        print(f"axe violations on {page_path}:\n" + "\n".join(report))
    bad = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page_path}: serious/critical axe violations {bad}:\n" + "\n".join(report)
    assert not g.blocked, f"{page_path}: non-local requests {g.blocked}"


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
def test_static_figures_follow_dark_mode(
    guarded: tuple[Any, Guard], site_url: str, site: Path, page_path: str
) -> None:
    # The chapters' static figures are transparent PNGs (the build's
    # matplotlibrc); in dark mode the stylesheet inverts their ink, so no
    # white or light card is left around a figure.
    import matplotlib.image

    page, g = guarded
    page.emulate_media(color_scheme="dark")
    page.goto(f"{site_url}/{page_path}")
    images = page.locator("div.cell_output img")
    for i in range(images.count()):
        img = images.nth(i)
        src = img.evaluate("el => new URL(el.src).pathname")
        pixels = matplotlib.image.imread(site / src.lstrip("/"))
        assert pixels.ndim == 3 and pixels.shape[2] == 4, (src, "no alpha channel")
        corners = pixels[[0, 0, -1, -1], [0, -1, 0, -1], 3]
        assert (corners == 0).all(), (src, "background not transparent")
        style = img.evaluate(
            "el => [getComputedStyle(el).filter, getComputedStyle(el).backgroundColor]"
        )
        assert "invert(1)" in style[0], (src, style)
        assert style[1] in ("rgba(0, 0, 0, 0)", "transparent"), (src, style)
    assert not g.problems(), g.problems()
