"""The sliders: every callback shows nllbook's values, at every extreme."""

from __future__ import annotations

import json
import math
import re

import matplotlib
import numpy as np
import pytest
import scipy.stats

import nllbook
from nllbook import examples as ex
from nllbook import widgets
from nllbook._explorer import fmt_number

matplotlib.use("Agg")

FACTORIES = widgets.all_explorers()
SPAN = re.compile(
    r'<span class="nllbook-q" data-q="([^"]+)" data-value="([^"]+)" '
    r'data-fmt="([^"]+)">([^<]*)</span>'
)


def settings(explorer: widgets.Explorer) -> list[dict[str, float]]:
    """Minimum, default and maximum of each slider, the others at their default."""
    out = []
    for s in explorer.sliders:
        for v in (s.min, s.default, s.max):
            out.append({**explorer.defaults, s.name: v})
    return out


def spans(html: str) -> dict[str, tuple[float, str, str]]:
    return {m[0]: (float(m[1]), m[2], m[3]) for m in SPAN.findall(html)}


CASES = [(key, vals) for key, f in FACTORIES.items() for vals in settings(f())]


@pytest.fixture(scope="module")
def explorers() -> dict[str, widgets.Explorer]:
    return {key: f() for key, f in FACTORIES.items()}


@pytest.mark.parametrize(("key", "values"), CASES, ids=[f"{k}-{v}" for k, v in CASES])
def test_live_callback_shows_nllbook_numbers(explorers, key, values):
    explorer = explorers[key]
    box = explorer.widget()
    controls = [c for c in box.children if hasattr(c, "options")]
    assert len(controls) == len(explorer.sliders)
    for s, c in zip(explorer.sliders, controls, strict=True):
        assert c.description == s.label  # labelled
        c.value = values[s.name]  # fires the callback, as a reader's move does
    # Title (and a prediction prompt), sliders, then the figure right under
    # them, then the text.
    last = list(box.children).index(controls[-1])
    figure_html = box.children[last + 1].value
    text_html = box.children[last + 2].value
    expected = explorer.numbers(**values)
    shown = spans(text_html)
    assert shown, "the text shows no numbers"
    for name, (value, fmt, text) in shown.items():
        assert not math.isnan(value), f"{name} is NaN"
        assert value == expected[name], name
        assert text == fmt_number(expected[name], fmt)
    assert "<svg" in figure_html and "aria-label" in figure_html and "<figcaption>" in figure_html


@pytest.mark.parametrize("key", list(FACTORIES))
def test_player_carries_every_state(explorers, key):
    explorer = explorers[key]
    html = explorer.player_html()
    payload = re.search(r'class="nllbook-states">(.*?)</script>', html, re.S)
    assert payload
    data = json.loads(payload.group(1).replace("<\\/", "</"))
    sizes = [len(s.values) for s in explorer.sliders]
    text_parts = [p for p in data["parts"] if p[0].startswith("text:")]
    assert [p[0] for p in text_parts] == [f"text:{i}" for i in range(len(text_parts))]
    assert sum(p[0] == "live" for p in data["parts"]) == 1
    # Each part is stored once per combination of the sliders it depends on,
    # and every setting of the grid reads back its own text.
    for _target, deps, table in data["parts"]:
        assert len(table) == math.prod(sizes[i] for i in deps)
        assert all(0 <= k < len(data["pool"]) for k in table)
    for index, values in enumerate(explorer.grid()):
        pos = []
        for size in reversed(sizes):
            pos.insert(0, index % size)
            index //= size
        pieces = []
        for _target, deps, table in text_parts:
            cell = 0
            for i in deps:
                cell = cell * sizes[i] + pos[i]
            pieces.append(data["pool"][table[cell]])
        assert "".join(pieces) == explorer.text(**values)
    # The default state's text is what the page shows before any move.
    assert explorer.text(**explorer.defaults) in html
    # Keyboard-operable, labelled native range inputs.
    assert html.count('type="range"') == len(explorer.sliders)
    # One label per slider, and one for the guess of a prediction prompt.
    assert html.count("<label for=") == len(explorer.sliders) + (explorer.predict is not None)
    # Light pages: the whole player stays well under a megabyte.
    assert len(html.encode()) < 1_000_000


@pytest.mark.parametrize("key", list(FACTORIES))
def test_every_state_is_finite_or_explained(explorers, key):
    explorer = explorers[key]
    for values in explorer.grid():
        nums = explorer.numbers(**values)
        assert not any(math.isnan(v) for v in nums.values())
        if any(math.isinf(v) for v in nums.values()):
            # fmt_number prints ∞ for any infinity, so look for the explanation itself.
            assert "nllbook-note" in explorer.text(**values), values


# -- each explorer against an independent computation ------------------------


def test_nll_explorer_matches_log():
    e = widgets.nll_explorer()
    for p in (0.0, 0.1, 0.37, 1.0):
        n = e.numbers(p=p)
        with np.errstate(divide="ignore"):
            assert (
                n["negative"] == pytest.approx(-np.log(p)) if p > 0 else math.isinf(n["negative"])
            )
        assert n["likelihood"] == p


def test_coin_explorer_peaks_at_frequency():
    e = widgets.coin_likelihood_explorer()
    grid = e.sliders[0].values
    liks = [e.numbers(theta=t)["likelihood"] for t in grid]
    heads = widgets.COIN_FLIPS.sum()
    assert grid[int(np.argmax(liks))] == pytest.approx(heads / widgets.COIN_FLIPS.size)
    t = 0.3
    assert e.numbers(theta=t)["likelihood"] == pytest.approx(
        scipy.stats.binom.pmf(heads, widgets.COIN_FLIPS.size, t)
        / math.comb(widgets.COIN_FLIPS.size, int(heads))
    )


def test_dice_explorer_matches_scipy_and_articles():
    e = widgets.dice_entropy_explorer()
    assert e.numbers(t=0.0)["entropy"] == pytest.approx(scipy.stats.entropy(ex.FAIR_DIE))
    assert e.numbers(t=0.4)["entropy"] == pytest.approx(scipy.stats.entropy(ex.BIASED_DIE))
    assert e.numbers(t=0.94)["entropy"] == pytest.approx(scipy.stats.entropy(ex.VERY_BIASED_DIE))
    assert e.numbers(t=0.4)["entropy_bits"] == pytest.approx(
        scipy.stats.entropy(ex.BIASED_DIE, base=2)
    )


def test_cross_entropy_explorer_matches_scipy():
    e = widgets.cross_entropy_explorer()
    n = e.numbers(t=0.4)
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    assert n["kl"] == pytest.approx(scipy.stats.entropy(p, q))
    assert n["ce"] == pytest.approx(scipy.stats.entropy(p) + scipy.stats.entropy(p, q))
    assert n["kl_reversed"] == pytest.approx(scipy.stats.entropy(q, p))


def test_rolls_explorer_mean_nll_equals_cross_entropy():
    e = widgets.rolls_explorer()
    for m in e.sliders[0].values:
        n = e.numbers(m=m)
        rolls = widgets.simulated_rolls(int(m))
        assert n["mean_nll"] == pytest.approx(-np.mean(np.log(ex.BIASED_DIE[rolls])), rel=1e-12)
        assert n["ce"] == pytest.approx(n["mean_nll"], rel=1e-12)
        assert sum(n[f"count{i}"] for i in range(1, 7)) == m


def test_underflow_explorer_matches_plain_loops():
    e = widgets.underflow_explorer()
    n = e.numbers(n=50.0)
    prod32 = np.float32(1.0)
    for _ in range(50):
        prod32 = np.float32(prod32 * np.float32(0.1))
    assert n["product32"] == float(prod32) == 0.0
    assert n["product64"] == pytest.approx(1e-50)
    assert n["logsum"] == pytest.approx(50 * math.log(0.1))


def test_classifier_and_errata_explorers():
    e = widgets.classifier_explorer()
    for k in (1, 2, 3, 4):
        n = e.numbers(true_class=float(k))
        assert n["likelihood"] == ex.FOUR_CLASS_PROBS[k - 1]
        assert n["nll"] == pytest.approx(-math.log(ex.FOUR_CLASS_PROBS[k - 1]))
    err = widgets.errata_explorer()
    for i, item in enumerate(ex.ALL, start=1):
        assert err.numbers(index=float(i))["computed"] == item.value
        assert item.status in err.text(index=float(i))


def test_unknown_slider_is_rejected():
    with pytest.raises(ValueError, match="^nope"):
        widgets.nll_explorer().numbers(nope=1.0)


def test_static_player_in_mimebundle(monkeypatch):
    """A site build gets every state; a live kernel only a one-state snapshot."""
    monkeypatch.setenv("NLLBOOK_SITE_BUILD", "1")
    bundle = widgets.nll_explorer()._repr_mimebundle_()
    assert "text/html" in bundle and "data-nllbook-player" in bundle["text/html"]
    assert 'class="nllbook-states"' in bundle["text/html"]
    # No live view in the site: its widget state would be saved into the page.
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    monkeypatch.delenv("NLLBOOK_SITE_BUILD")
    explorer = widgets.nll_explorer()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "data-nllbook-player" in bundle["text/html"]
    assert 'class="nllbook-states"' not in bundle["text/html"]
    # Only the default figure was drawn, not one per slider value.
    assert len(explorer._svg_cache) == 1


def test_nllbook_public_names_resolve():
    for name in nllbook.__all__:
        assert hasattr(nllbook, name)


@pytest.mark.parametrize("key", sorted(widgets.all_explorers()))
def test_figure_ids_are_unique(key):
    """The site's player swaps figure elements by id, so ids must not repeat."""
    explorer = widgets.all_explorers()[key]()
    ids = re.findall(r'\bid="([^"]+)"', explorer.svg(**explorer.defaults))
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, f"{key}: repeated SVG ids {repeated}"
