"""The explorer machinery, part by part: sliders, text helpers, SVG output,
diffing and factorising, the player's data and the display hook."""

from __future__ import annotations

import itertools
import json
import math
import re

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from nllbook._explorer import Explorer
from nllbook._player import payload, player_html, text_parts
from nllbook._slider import Slider
from nllbook._style import INK, RC, render_svg
from nllbook._svgdiff import dynamic_elements, factorize, prefix_ids
from nllbook._text import fmt_number, note, quantity

# -- factorize --------------------------------------------------------------------------


def test_factorize_keeps_only_the_sliders_a_value_depends_on():
    shape = (3, 4)
    grid = list(itertools.product(range(3), range(4)))
    only_second = [f"b{j}" for _, j in grid]
    deps, table = factorize(only_second, shape)
    assert deps == [1] and table == ["b0", "b1", "b2", "b3"]
    both = [f"{i}{j}" for i, j in grid]
    deps, table = factorize(both, shape)
    assert deps == [0, 1] and table == both
    deps, table = factorize(["same"] * 12, shape)
    assert deps == [] and table == ["same"]


@pytest.mark.parametrize("shape", [(2,), (3, 2), (2, 3, 4)])
def test_factorize_reads_back_every_state(shape):
    """Any function of a subset of the sliders is stored once per combination
    of that subset, and every state reads back its own value."""
    rng = np.random.default_rng(0)
    for subset in itertools.chain.from_iterable(
        itertools.combinations(range(len(shape)), r) for r in range(len(shape) + 1)
    ):
        lookup = {key: str(rng.integers(1000)) for key in itertools.product(*map(range, shape))}
        states = list(itertools.product(*map(range, shape)))
        values = [
            lookup[tuple(s[a] if a in subset else 0 for a in range(len(shape)))] for s in states
        ]
        deps, table = factorize(values, shape)
        assert set(deps) <= set(subset)
        assert len(table) == math.prod(shape[a] for a in deps)
        for s, want in zip(states, values, strict=True):
            cell = 0
            for a in deps:
                cell = cell * shape[a] + s[a]
            assert table[cell] == want


def test_factorize_rejects_a_wrong_length():
    with pytest.raises(ValueError, match="values"):
        factorize(["a", "b"], (3,))


# -- text pieces ----------------------------------------------------------------------------


def test_text_parts_store_unchanging_words_once():
    texts = [f"<p>Fixed words <b>{i}</b> and more fixed words.</p>" for i in range(5)]
    runs = text_parts(texts, (5,))
    constant = [table for deps, table in runs if not deps]
    assert any("Fixed words" in t[0] for t in constant)
    for k, text in enumerate(texts):
        assert "".join(table[k] if deps else table[0] for deps, table in runs) == text


def test_text_parts_fall_back_to_whole_texts():
    texts = ["<p>a</p>", "<p><b>b</b></p>"]
    assert text_parts(texts, (2,)) == [([0], texts)]


# -- SVG --------------------------------------------------------------------------------


def _figure(x: float) -> Figure:
    # Drawn under the book's settings, as Explorer.render_figure does.
    with mpl.rc_context(RC):
        fig = Figure(figsize=(3, 2))
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], gid="line")
        ax.plot([x], [x], "o", gid="dot")
        ax.set_xlabel("x")
    return fig


def test_render_svg_is_transparent_themable_and_short():
    svg = render_svg(_figure(0.5))
    assert svg.startswith("<svg")
    assert "currentColor" in svg and INK not in svg
    assert "#ffffff" not in svg.lower()
    assert "<metadata" not in svg
    assert not re.search(r'\bd="[^"]*\d\.\d\d', svg), "coordinates keep one decimal"
    assert svg.count("<defs") == 1


def test_dynamic_elements_are_the_outermost_that_change():
    svgs = [render_svg(_figure(x)) for x in (0.2, 0.5, 0.8)]
    ids, fragments = dynamic_elements(svgs, 1)
    assert ids == ["dot"]
    assert len({f[0] for f in fragments}) == 3


def test_prefix_ids_rewrites_references():
    svg = '<svg><clipPath id="c"/><g id="a" clip-path="url(#c)"/><use xlink:href="#a"/></svg>'
    out = prefix_ids(svg, "p")
    assert 'id="p-c"' in out and "url(#p-c)" in out and 'href="#p-a"' in out


# -- text helpers ---------------------------------------------------------------------------


def test_text_helpers():
    assert fmt_number(-0.0001, ".2f") == "0.00"
    assert fmt_number(-1.5, ".1f") == "−1.5"
    assert fmt_number(math.inf) == "∞"
    assert 'data-value="0.25"' in quantity("x", 0.25)
    assert "nllbook-reserved" in note("n", False) and "aria-hidden" in note("n", False)
    assert "nllbook-reserved" not in note("n", True)


# -- a two-slider explorer built here ---------------------------------------------------


def _explorer() -> Explorer:
    def compute(a: float, b: float) -> dict[str, float]:
        return {"sum": a + b}

    def describe(v, n) -> str:
        return f"<p>a = {v['a']:.1f}, sum {quantity('sum', n['sum'])}</p>"

    def draw(fig: Figure, v, n) -> None:
        ax = fig.add_subplot()
        ax.axvline(v["a"], gid="a_line")
        ax.axhline(v["b"], gid="b_line")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)

    return Explorer(
        key="t",
        title="test",
        sliders=[Slider("a", "a", (0.0, 0.5, 1.0), 0.5), Slider("b", "b", (0.0, 1.0), 0.0)],
        compute=compute,
        describe=describe,
        draw=draw,
        alt="two lines",
        caption="c",
    )


def test_each_element_is_stored_once_per_value_of_its_slider():
    ex = _explorer()
    data, base = payload(ex)
    assert base == 2  # row-major: a at index 1, b at index 0
    parts = {target: (deps, table) for target, deps, table in data["parts"]}
    assert parts["nb-t-a_line"][0] == [0] and len(parts["nb-t-a_line"][1]) == 3
    assert parts["nb-t-b_line"][0] == [1] and len(parts["nb-t-b_line"][1]) == 2
    assert parts["live"][0] == [0, 1]


def test_public_methods_and_player_html():
    ex = _explorer()
    assert next(iter(ex.grid())) == {"a": 0.0, "b": 0.0}
    assert ex.numbers(a=1.0, b=1.0) == {"sum": 2.0}
    assert "2.000" in ex.text(a=1.0, b=1.0)
    assert ex.svg(a=1.0) == ex.svg(a=1.0, b=0.0)
    assert ex.announcement(a=1.0) == "a = 1.00, b = 0.00"
    html = player_html(ex)
    data = json.loads(re.search(r'"nllbook-states">(.*?)</script>', html).group(1))
    assert len(data["sliders"]) == 2
    snapshot = player_html(_explorer(), interactive=False)
    assert "nllbook-states" not in snapshot and " disabled" in snapshot


def test_display_hook_renders_states_only_for_the_site(monkeypatch):
    monkeypatch.delenv("NLLBOOK_SITE_BUILD", raising=False)
    ex = _explorer()
    bundle = ex._repr_mimebundle_()
    assert "nllbook-states" not in bundle["text/html"]
    assert len(ex._svg_cache) == 1
    monkeypatch.setenv("NLLBOOK_SITE_BUILD", "1")
    ex = _explorer()
    bundle = ex._repr_mimebundle_()
    assert "nllbook-states" in bundle["text/html"]
    assert len(ex._svg_cache) == 6


def test_site_build_renders_each_player_once_per_build(tmp_path, monkeypatch):
    """With a player cache (set by the build), a second display of the same
    explorer reads the rendered player back instead of rendering it again."""
    from nllbook import widgets

    monkeypatch.setenv("NLLBOOK_SITE_BUILD", "1")
    monkeypatch.setenv("NLLBOOK_PLAYER_CACHE", str(tmp_path))
    first = widgets.classifier_explorer()
    html = first._repr_mimebundle_()["text/html"]
    assert (tmp_path / "classifier.html").read_text(encoding="utf-8") == html

    second = widgets.classifier_explorer()
    calls = []
    monkeypatch.setattr(type(second), "player_html", lambda self, **kw: calls.append(1) or "")
    assert second._repr_mimebundle_()["text/html"] == html
    assert calls == []


# -- figures drawn on reused axes -------------------------------------------------------


@pytest.mark.parametrize("key", sorted(__import__("nllbook.widgets").widgets.all_explorers()))
def test_reused_axes_draw_exactly_what_new_axes_draw(key):
    # The player draws every state on the axes of the previous one (tick
    # artists kept): in any order, each state must be the same SVG, byte for
    # byte, as on a new figure. Six states in a shuffled order per explorer.
    from nllbook import widgets

    explorer = widgets.all_explorers()[key]()
    grid = list(explorer.grid())
    rng = np.random.default_rng(len(key))
    picks = rng.choice(len(grid), size=min(6, len(grid)), replace=False)
    for i in [0, *picks.tolist()]:
        values = grid[i]
        assert explorer.render_figure(values) == explorer.render_figure(values, reuse=False), (
            key,
            values,
        )


# -- click or drag on the figure --------------------------------------------------------


DRAGGABLE = sorted(
    k for k, f in __import__("nllbook.widgets").widgets.all_explorers().items() if f().drag
)


def test_most_players_can_be_dragged():
    # Every explorer whose figure has the slider's quantity on an x-axis.
    assert len(DRAGGABLE) >= 12, DRAGGABLE


@pytest.mark.parametrize("key", DRAGGABLE)
def test_drag_geometry_is_the_same_in_every_state(key):
    # The player maps a pointer to a value with one geometry: the dragged
    # axes must sit at the same place with the same x-limits in all states,
    # and every value of the slider must lie inside those limits.
    from nllbook import widgets

    explorer = widgets.all_explorers()[key]()
    grid = list(explorer.grid())
    base = explorer.drag_geometry()
    assert base is not None
    for values in (grid[0], grid[-1], grid[len(grid) // 3]):
        assert explorer.drag_geometry(**values) == base, values
    lo, hi = sorted(base["lim"])
    # On a log axis, 0 has no place: the player gives it the left end.
    inside = [v for v in base["values"] if not (base["log"] and v == 0)]
    assert all(lo <= v <= hi for v in inside), (base["lim"], base["values"])
    left, top, right, bottom = base["box"]
    width, height = (72 * x for x in explorer.figsize)
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
