"""The book's static figures (nllbook_pages.plots): what each draws, read back
from its matplotlib artists and compared with numbers computed here from the
definitions (numpy, scipy), not with nllbook.

A figure whose curve, bars or marker sat at the wrong values would show the
reader a wrong picture while every number in the prose stayed right.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402

from nllbook_pages import plots  # noqa: E402


def axes():  # type: ignore[no-untyped-def]
    return Figure().add_subplot()


def xy(line):  # type: ignore[no-untyped-def]
    x, y = line.get_data()
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def heights(bars):  # type: ignore[no-untyped-def]
    return np.array([b.get_height() for b in bars])


@pytest.mark.parametrize(("base", "log"), [(None, np.log), (2, np.log2), (10, np.log10)])
@pytest.mark.parametrize("p", [0.1, 0.5, 1.0])
def test_neg_log_curve_is_minus_log_p_with_its_marker_on_it(base, log, p) -> None:  # type: ignore[no-untyped-def]
    ax = axes()
    art = plots.neg_log_curve(ax, p=p, base=base)
    x, y = xy(art["curve"])
    assert x.min() > 0 and x.max() == 1.0
    np.testing.assert_allclose(y, -log(x), rtol=1e-12, atol=1e-15)
    mx, my = xy(art["marker"])
    np.testing.assert_allclose([mx[0], my[0]], [p, -log(p)], rtol=1e-12, atol=1e-15)
    assert art["marker"].get_marker() == "o"
    assert art["label"].get_text().strip() == ""
    unit = {None: "nats", 2: "bits", 10: "hartleys"}[base]
    assert unit in ax.get_ylabel()


def test_neg_log_curve_pins_an_infinite_loss_to_the_top() -> None:
    ax = axes()
    art = plots.neg_log_curve(ax, p=0.0)
    mx, my = xy(art["marker"])
    assert mx[0] == 0.0 and my[0] == ax.get_ylim()[1]
    assert art["marker"].get_marker() == "^"
    assert "∞" in art["label"].get_text()


def test_likelihood_curve_is_the_binomial_product_with_its_maximum_marked() -> None:
    flips = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
    k, n = sum(flips), len(flips)
    art = plots.likelihood_curve(axes(), flips, theta=0.3)
    t, lik = xy(art["curve"])
    # The likelihood of one sequence: the binomial pmf without its coefficient.
    want = stats.binom.pmf(k, n, t) / stats.binom.pmf(k, n, 0.5) * 0.5**n
    np.testing.assert_allclose(lik, want, rtol=1e-9, atol=1e-300)
    bx, _ = xy(art["best"])
    assert bx[0] == pytest.approx(k / n) and t[np.argmax(lik)] == pytest.approx(k / n)
    mx, my = xy(art["marker"])
    assert (mx[0], my[0]) == pytest.approx((0.3, 0.3**k * 0.7 ** (n - k)), rel=1e-12)


def test_underflow_plot_stops_each_product_where_it_reaches_zero() -> None:
    p, n_max = 0.1, 400
    art = plots.underflow_plot(axes(), p, n_max, n=50)
    m, sums = xy(art["sum"])
    np.testing.assert_array_equal(m, np.arange(1, n_max + 1))
    np.testing.assert_allclose(sums, m * np.log10(p), rtol=1e-12)
    for key, dtype in (("f64", np.float64), ("f32", np.float32)):
        # The running product as the hardware computes it, factor by factor.
        prod, first_zero = dtype(1), None
        for i in range(1, n_max + 1):
            prod = dtype(prod * dtype(p))
            if prod == 0 and first_zero is None:
                first_zero = i
        assert first_zero is not None, dtype
        _, logs = xy(art[key])
        assert np.isnan(logs[first_zero - 1]) and np.isfinite(logs[first_zero - 2])
        zx, _ = xy(art[key + "_zero"])
        assert zx[0] == first_zero
    cx, _ = xy(art["cursor"])
    assert cx[0] == 50
    # A count of samples: the axis shows no negative count, and every sample.
    lo, hi = art["sum"].axes.get_xlim()
    assert 0 <= lo <= 1 and hi >= n_max


def test_surprise_bars_add_up_to_the_entropy() -> None:
    p = np.array([0.5, 0.25, 0.125, 0.125, 0.0, 0.0])
    art = plots.surprise_bars(axes(), p)
    np.testing.assert_array_equal(heights(art["probs"]), p)
    weighted = heights(art["weighted"])
    assert weighted.sum() == pytest.approx(stats.entropy(p), rel=1e-12)
    np.testing.assert_allclose(weighted[:4], -p[:4] * np.log(p[:4]), rtol=1e-12)
    assert weighted[4] == weighted[5] == 0.0


def test_bar_distribution_and_compare_bars_draw_their_probabilities() -> None:
    q = np.array([0.1, 0.6, 0.3])
    art = plots.bar_distribution(axes(), q, highlight=1)
    np.testing.assert_array_equal(heights(art["bars"]), q)
    colours = [b.get_facecolor() for b in art["bars"]]
    assert colours[1] != colours[0] == colours[2]
    assert [t.get_text() for t in art["texts"]] == ["0.10", "0.60", "0.30"]
    p = np.array([0.2, 0.2, 0.6])
    both = plots.compare_bars(axes(), p, q)
    np.testing.assert_array_equal(heights(both["p"]), p)
    np.testing.assert_array_equal(heights(both["q"]), q)
    # p left of each tick, q right of it.
    assert all(a.get_x() < b.get_x() for a, b in zip(both["p"], both["q"], strict=True))
    # Each pair of bars is labelled with its outcome, under the middle of the pair.
    labels = ["a", "b", "c"]
    ax = axes()
    both = plots.compare_bars(ax, p, q, labels=labels)
    middles = [
        (a.get_x() + b.get_x() + b.get_width()) / 2
        for a, b in zip(both["p"], both["q"], strict=True)
    ]
    np.testing.assert_allclose(ax.get_xticks(), middles, atol=1e-12)
    assert [t.get_text() for t in ax.get_xticklabels()] == labels


def test_curve_with_marker_pins_a_value_off_the_scale() -> None:
    x = np.linspace(1, 10, 10)
    y = 1 / x
    art = plots.curve_with_marker(axes(), x, y, 4.0, 0.25, xlabel="m", ylabel="loss")
    assert xy(art["marker"])[1][0] == 0.25 and art["marker"].get_marker() == "o"
    # On the scale, the marker sits on the curve and needs no label.
    assert art["label"].get_text().strip() == ""
    ax = axes()
    art = plots.curve_with_marker(ax, x, y, 4.0, np.inf, xlabel="m", ylabel="loss", ylim=(0, 1))
    assert xy(art["marker"])[1][0] == 1 and art["marker"].get_marker() == "^"
    assert art["label"].get_text() == "loss = ∞ ↑"


def test_reliability_diagram_puts_each_bin_where_it_belongs() -> None:
    art = plots.reliability_diagram(axes(), [0.2, 0.9], [0.15, 0.85], [1, 8], 10)
    h = heights(art["bars"])
    assert h[1] == 0.2 and h[8] == 0.9 and h.sum() == pytest.approx(1.1)
    centres = [b.get_x() + b.get_width() / 2 for b in art["bars"]]
    np.testing.assert_allclose(centres, (np.arange(10) + 0.5) / 10)
    dx, dy = xy(art["dots"])
    assert (dx[1], dy[1], dx[8], dy[8]) == (0.15, 0.15, 0.85, 0.85)
    assert dy[0] < 0  # an empty bin's dot is off the axes


def test_digits_chart_labels_its_scale_and_its_classes_where_they_are() -> None:
    """Every label of the digits chart lies inside the chart; the labels of the
    probability scale say the height they sit at, and each class number sits
    under the bar of that class."""
    k, digits = 10, 2
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(k), size=digits)
    ax = axes()
    art = plots.digits_with_probabilities(ax, rng.random((digits, 64)), probs, [3, 7])
    (xlo, xhi), (ylo, yhi) = ax.get_xlim(), ax.get_ylim()
    for t in ax.texts:
        x, y = t.get_position()
        assert xlo <= x <= xhi and ylo <= y <= yhi, (t.get_text(), x, y)
    scale = [t for t in ax.texts if t.get_ha() == "right"]
    assert {float(t.get_text()) for t in scale} == {0.0, 1.0}
    assert all(float(t.get_text()) == t.get_position()[1] for t in scale)
    classes = [t for t in ax.texts if t.get_ha() == "center"]
    centres = [b.get_x() + b.get_width() / 2 for bars in art["bars"] for b in bars]
    assert len(classes) == len(centres) == digits * k
    for t, c in zip(classes, centres, strict=True):
        assert t.get_position()[0] == pytest.approx(c)
    assert [t.get_text() for t in classes] == [str(c) for c in range(k)] * digits
