"""The explorers as readers meet them on the built site.

Every explorer of ``nllbook_pages.all_explorers()`` is found on its page and
checked through its documented DOM contract (``data-explorer``, range inputs
with ``aria-label`` and ``aria-valuetext``, ``data-readout`` numbers, an
``svg[role=img]`` whose label follows the state, ``root.nbx``):

- every shown number equals nllbook at random states, by keyboard and by drag;
- a dot drawn on a curve lies on it, and moves with the state;
- on a 390 × 844 phone the numbers, the figure and the controls fit on one
  screen, with figure text of 11 px or more, and the explorer's height does
  not change as values change;
- a vertical swipe over a figure scrolls the page and changes nothing; a
  sideways drag, or a drag from a handle, does;
- Back and Forward keep the controls, numbers and figure in step;
- a committed guess is drawn on the figure, then compared with nllbook's answer.

Run after building the book::

    .venv/bin/python -m pytest tests/browser/test_explorers.py
"""

from __future__ import annotations

import math
import random
from functools import cache
from typing import Any

import pytest

from nllbook_pages import all_explorers
from nllbook_pages.explorer import Explorer, fmt_number

from .conftest import PHONE, READ_JS, Guard, pages_of_explorers, site_dir, site_pages
from .test_site import load, url_of
from .visits import Visits

#: The site's header bar on a phone, above the part of the screen a reader sees.
HEADER_PX = 60
MIN_FIGURE_TEXT_PX = 11.0
KEYS = list(all_explorers())


@cache
def explorer(key: str) -> Explorer:
    return all_explorers()[key]()


def open_explorer(page: Any, site_url: str, key: str) -> Any:
    where = pages_of_explorers().get(key)
    assert where, f"explorer {key!r} is on no page of the built site"
    load(page, url_of(site_url, where))
    root = page.locator(f'[data-explorer="{key}"]').first
    page.wait_for_selector(f'[data-explorer="{key}"][data-ready="1"]')
    root.scroll_into_view_if_needed()
    return root


def open_shared(shared: Any, key: str, screen: str) -> tuple[Any, Any, Guard, tuple[int, int]]:
    """Explorer ``key`` at its defaults on a page shared by several tests
    (shared_pages.py): the page, the explorer's root, the page's guard and its
    checkpoint for this test."""
    where = pages_of_explorers().get(key)
    assert where, f"explorer {key!r} is on no page of the built site"
    page, g, since = shared.open(where, screen)
    root = page.locator(f'[data-explorer="{key}"]').first
    root.scroll_into_view_if_needed()
    return page, root, g, since


#: For each dot that names its curve: the distance in px from its centre to that curve.
ON_CURVE_JS = """([root, spec]) => {
  const out = [];
  spec.panels.forEach((panel, i) => panel.marks.forEach(m => {
    if (m.type !== 'dot' || !m.on) return;
    const g = root.querySelector(`g.nbx-panel[data-panel="${i}"] g.nbx-dot[data-mark="${m.name}"]`);
    const path = root.querySelector(`g.nbx-panel[data-panel="${i}"] path[data-mark="${m.on}"]`);
    if (g.dataset.pinned !== 'no') return;
    const t = /translate\\(([-\\d.e]+),([-\\d.e]+)\\)/.exec(g.getAttribute('transform'));
    const cx = Number(t[1]), cy = Number(t[2]);
    const len = path.getTotalLength();
    let best = Infinity;
    for (let s = 0; s <= len; s += 0.5) {
      const p = path.getPointAtLength(s);
      best = Math.min(best, Math.hypot(p.x - cx, p.y - cy));
    }
    out.push({dot: m.name, curve: m.on, distance: best});
  }));
  return out;
}"""


def check_state(root: Any, ex: Explorer, where: str) -> dict[str, float]:
    """Every readout, control and note of the explorer agrees with nllbook."""
    return check_read(root.evaluate(READ_JS), ex, where)


def check_read(got: dict[str, Any], ex: Explorer, where: str) -> dict[str, float]:
    """What READ_JS read of an explorer agrees with nllbook; returns its state."""
    state = {k: float(v) for k, v in got["state"].items()}
    numbers = ex.numbers(**state)
    problems = []
    for r in got["readouts"]:
        want = numbers[r["name"]]
        text = want if isinstance(want, str) else fmt_number(float(want), r["fmt"])
        if r["text"] != text:
            problems.append(f"{r['name']} shows {r['text']!r}, nllbook {text!r}")
    for i, c in zip(got["inputs"], ex.controls, strict=True):
        if i["name"] != c.name or not i["label"]:
            problems.append(f"control {c.name}: name {i['name']!r}, aria-label {i['label']!r}")
        text = c.text(state[c.name])
        if i["valuetext"] != text:
            problems.append(f"{c.name}: aria-valuetext {i['valuetext']!r}, expected {text!r}")
        if abs(int(i["value"]) - c.position(state[c.name])) > 0.5 + 1e-9:
            problems.append(f"{c.name}: slider at {i['value']}, value {state[c.name]}")
    for h in got["hidden"]:
        if h["hidden"] == bool(numbers[h["name"]]):
            problems.append(
                f"note {h['name']!r} hidden={h['hidden']} while nllbook says {numbers[h['name']]}"
            )
    if got["role"] != "img" or "Now: " not in (got["label"] or ""):
        problems.append(f"figure role {got['role']!r}, label {got['label']!r}")
    assert not problems, f"{where}, state {state}:\n  " + "\n  ".join(problems)
    return state


def check_on_curves(page: Any, root: Any, ex: Explorer, where: str) -> None:
    far = [
        d
        for d in page.evaluate(ON_CURVE_JS, [root.element_handle(), ex.spec()])
        if d["distance"] > 2.0
    ]
    assert not far, f"{where}: dots off their curves: {far}"


# -- numbers, marks and the DOM contract ------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_numbers_and_marks_follow_nllbook(visits: Visits, shared: Any, key: str) -> None:
    """As the page arrives (read by its visit), at the defaults, after keyboard
    moves, and at random states set through ``root.nbx``."""
    ex = explorer(key)
    check_read(visits(pages_of_explorers()[key]).explorers[key], ex, f"{key} as loaded")
    page, root, g, loaded = open_shared(shared, key, "desktop")
    check_state(root, ex, f"{key} at its defaults")
    check_on_curves(page, root, ex, f"{key} at its defaults")
    labels = []
    for i, c in enumerate(ex.controls):
        handle = root.locator("input[type=range]").nth(i)
        handle.focus()
        for key_name in ("Home", "ArrowRight", "End", "ArrowLeft", "PageDown"):
            page.keyboard.press(key_name)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            state = check_state(root, ex, f"{key}: {c.name} by keyboard {key_name}")
            check_on_curves(page, root, ex, f"{key}: {c.name} by keyboard {key_name}")
            labels.append(root.locator("svg.nbx-svg").get_attribute("aria-label"))
            # Every press moves the value: Home and End to the ends, an arrow one step.
            want = {"Home": c.min, "End": c.max}.get(key_name)
            if want is not None:
                assert state[c.name] == want, f"{key}: {key_name} left {c.name} at {state}"
            elif key_name == "ArrowRight":
                assert state[c.name] > c.min, f"{key}: ArrowRight did not move {c.name} from min"
                if not c.integer:
                    # One step, to the value of the slider's second position.
                    assert math.isclose(state[c.name], c.value_at(1), rel_tol=1e-12), (
                        f"{key}: ArrowRight from {c.min} gave {c.name} = {state[c.name]}, "
                        f"not {c.value_at(1)}"
                    )
        assert state[c.name] < c.max, f"{key}: {c.name} did not move back from its maximum"
    assert len(set(labels)) > 1, f"{key}: the figure's label never changed: {labels[0]!r}"
    rng = random.Random(key)
    for _ in range(6):
        target = {}
        for c in ex.controls:
            v = c.value_at(rng.uniform(0, c.steps))
            target[c.name] = c.value_at(round(c.position(v))) if c.snap else v
        root.evaluate("(root, s) => root.nbx.set(s)", target)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        check_state(root, ex, f"{key} at {target}")
        check_on_curves(page, root, ex, f"{key} at {target}")
    g.assert_clean(f"{key}, while moving", since=loaded)


# -- one phone screen ----------------------------------------------------------------------------


HEIGHTS_JS = """root => {
  const box = n => n.getBoundingClientRect();
  const stage = box(root.querySelector('.nbx-stage'));
  const readouts = box(root.querySelector('.nbx-readouts'));
  const controls = box(root.querySelector('.nbx-controls'));
  const sizes = [...root.querySelectorAll('svg.nbx-svg text')]
    .filter(t => t.textContent.trim() && t.getBBox().width > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  return {
    together: controls.bottom - readouts.top,
    root: box(root).height,
    minFont: Math.min(...sizes),
    sideways: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


@pytest.mark.parametrize("key", KEYS)
def test_one_phone_screen_steady_and_legible(shared: Any, key: str) -> None:
    page, root, _, _ = open_shared(shared, key, "phone")
    ex = explorer(key)
    first = root.evaluate(HEIGHTS_JS)
    assert first["together"] <= PHONE["height"] - HEADER_PX, (
        f"{key}: numbers, figure and controls span {first['together']:.0f} px on a phone"
    )
    assert first["minFont"] >= MIN_FIGURE_TEXT_PX, f"{key}: figure text {first['minFont']} px"
    assert first["sideways"] <= 0, f"{key}: the page scrolls sideways by {first['sideways']} px"
    heights = [first["root"]]
    rng = random.Random(1)
    states = [{c.name: c.min for c in ex.controls}, {c.name: c.max for c in ex.controls}]
    states += [{c.name: c.value_at(rng.randint(0, c.steps)) for c in ex.controls} for _ in range(6)]
    states += [dict(s) for s in ex.print_states]
    for s in states:
        root.evaluate("(root, s) => root.nbx.set(s)", s)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        heights.append(root.evaluate(HEIGHTS_JS)["root"])
    assert max(heights) - min(heights) <= 2, f"{key}: heights vary {min(heights)}–{max(heights)} px"


def touch_drag(page: Any, start: dict[str, float], dx: float, dy: float) -> None:
    """A finger put down at ``start`` and moved by (dx, dy) in 8 steps, through CDP."""
    cdp = page.context.new_cdp_session(page)
    x, y = start["x"], start["y"]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for k in range(1, 9):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x + dx * k / 8, "y": y + dy * k / 8}]},
        )
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(100)
    cdp.detach()


HANDLES_JS = """root => [...root.querySelectorAll('svg.nbx-svg .nbx-hit')].map(c => {
  const r = c.getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2, r: r.width / 2};
})"""


def away_from_handles(root: Any, box: dict[str, float]) -> dict[str, float]:
    """A point inside the panel's plot as far as possible from every handle (a finger
    that lands on a handle drags it, in any direction)."""
    handles = root.evaluate(HANDLES_JS)
    best, far = {"x": 0.0, "y": 0.0}, -1.0
    for fx in (0.25, 0.35, 0.45, 0.55, 0.65, 0.75):
        for fy in (0.25, 0.4, 0.55):
            p = {"x": box["x"] + box["width"] * fx, "y": box["y"] + box["height"] * fy}
            d = min(
                (math.hypot(p["x"] - h["x"], p["y"] - h["y"]) - h["r"] for h in handles),
                default=1e9,
            )
            if d > far:
                best, far = p, d
    return best


#: Resolves once the page has not scrolled for 6 frames in a row (a fling has
#: ended), or after 2 s.
AT_REST_JS = """() => new Promise(done => {
  let last = window.scrollY, still = 0;
  const end = performance.now() + 2000;
  const tick = () => {
    still = window.scrollY === last ? still + 1 : 0;
    last = window.scrollY;
    if (still >= 6 || performance.now() > end) done(); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""


DRAGGABLE = [k for k in KEYS if any(p.drag for p in explorer(k).panels)]


@pytest.mark.parametrize("key", DRAGGABLE)
def test_vertical_swipe_scrolls_and_sideways_drag_sets(shared: Any, key: str) -> None:
    page, root, _, _ = open_shared(shared, key, "phone")
    root.locator("svg.nbx-svg").evaluate("svg => svg.scrollIntoView({block: 'center'})")
    panel = next(i for i, p in enumerate(explorer(key).panels) if p.drag)
    box = root.locator(
        f'svg.nbx-svg g.nbx-panel[data-panel="{panel}"] rect.nbx-plot'
    ).bounding_box()
    assert box
    start = away_from_handles(root, box)
    before = root.evaluate("root => root.nbx.state()")
    scroll = page.evaluate("window.scrollY")
    touch_drag(page, start, 0, -160)
    after = root.evaluate("root => root.nbx.state()")
    assert after == before, f"{key}: a vertical swipe changed the state {before} -> {after}"
    assert page.evaluate("window.scrollY") != scroll, f"{key}: a vertical swipe did not scroll"
    page.evaluate(AT_REST_JS)  # the fling comes to rest; a touch would only stop it
    root.locator("svg.nbx-svg").evaluate("svg => svg.scrollIntoView({block: 'center'})")
    box = root.locator(
        f'svg.nbx-svg g.nbx-panel[data-panel="{panel}"] rect.nbx-plot'
    ).bounding_box()
    assert box
    start = away_from_handles(root, box)
    dx = box["width"] * (0.35 if start["x"] < box["x"] + box["width"] / 2 else -0.35)
    root.evaluate(
        "root => { root.seen = []; root.nbx.model.on('change:state',"
        " () => root.seen.push(root.nbx.state())); }"
    )
    touch_drag(page, start, dx, 4)
    seen = root.evaluate("root => root.seen")
    assert any(s != before for s in seen), f"{key}: a sideways drag did not change the state"


# -- Back / Forward ----------------------------------------------------------------------------


def test_back_and_forward_keep_explorers_in_step(guarded: tuple[Any, Guard], site_url: str) -> None:
    page, g = guarded
    key = KEYS[0]
    ex = explorer(key)
    root = open_explorer(page, site_url, key)
    handle = root.locator("input[type=range]").first
    handle.focus()
    c = ex.controls[0]
    page.keyboard.press("End" if c.default != c.max else "Home")
    here = page.url
    other = next(p for p in site_pages() if p != pages_of_explorers()[key])
    page.goto(url_of(site_url, other), wait_until="load")
    page.go_back(wait_until="load")
    assert page.url == here
    page.wait_for_selector(f'[data-explorer="{key}"][data-ready="1"]')
    root = page.locator(f'[data-explorer="{key}"]').first
    state = check_state(root, ex, f"{key} after Back")
    assert state[c.name] != c.default, f"{key}: Back lost the moved control"
    g.assert_clean(f"{key} after Back")


# -- predict, then reveal ------------------------------------------------------------------------

PREDICTING = [k for k in KEYS if explorer(k).predict is not None]


@pytest.mark.parametrize("key", PREDICTING)
def test_guess_is_drawn_then_compared_with_nllbook(
    guarded: tuple[Any, Guard], site_url: str, key: str
) -> None:
    page, g = guarded
    ex = explorer(key)
    p = ex.predict
    assert p is not None
    root = open_explorer(page, site_url, key)
    truth = float(ex.numbers(**p.at)[p.number])
    # Below the truth: an "off by" that forgot its absolute value shows up.
    guess = 0.5 if not math.isfinite(truth) else round(truth * 0.7 - 0.2, 3)
    root.locator("input[name=guess]").fill(str(guess))
    root.locator("form.nbx-predict button[type=submit]").click()
    assert root.get_attribute("data-predict") in ("committed", "revealed")
    assert root.locator('svg.nbx-svg [data-mark="guess"]').count() == 1, f"{key}: guess not drawn"
    root.evaluate("(root, s) => root.nbx.set(s)", dict(p.at))
    page.wait_for_function(
        f"() => document.querySelector('[data-explorer=\"{key}\"]').dataset.predict === 'revealed'"
    )
    text = root.locator(".nbx-predict-result").inner_text()
    want = fmt_number(truth, f".{p.digits}f")
    assert f"the answer is {want}" in text, f"{key}: {text!r} lacks nllbook's {want}"
    off = fmt_number(abs(guess - truth), f".{p.digits}f")
    assert f"off by {off}" in text, f"{key}: {text!r} lacks 'off by {off}'"
    g.assert_clean(f"{key}: predicting")


@pytest.mark.parametrize("key", PREDICTING)
def test_prose_above_does_not_answer_the_prediction(key: str) -> None:
    """The section's text before an explorer never prints the answer it asks the reader to
    guess (at the prediction's digits, or to 2, 3 or 4 decimals)."""
    import re

    ex = explorer(key)
    p = ex.predict
    assert p is not None
    truth = float(ex.numbers(**p.at)[p.number])
    if not math.isfinite(truth):
        pytest.skip("an infinite answer")
    html = (site_dir() / pages_of_explorers()[key]).read_text(encoding="utf-8")
    at = html.index(f'data-explorer="{key}"')
    start = max(html.rfind("<h2", 0, at), html.rfind("<h3", 0, at), 0)
    above = re.sub(r"<[^>]+>", " ", html[start:at]).replace("\u2212", "-")
    for digits in {p.digits, 2, 3, 4}:
        shown = f"{truth:.{digits}f}"
        assert not re.search(rf"(?<![\d.]){re.escape(shown)}(?!\d)", above), (
            f"{key}: the text above the explorer prints the answer {shown}"
        )
