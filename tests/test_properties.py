"""Hypothesis properties of the functions added since the first round.

Calibration, temperature scaling, softmax regression, densities, language
models and the worked examples' statistics, each against an independent
implementation (SciPy, scikit-learn, mpmath, exact fractions, a plain loop)
or an identity. Example counts stay small so that the file runs in seconds.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.calibration
import sklearn.metrics
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import nllbook
from nllbook import examples as ex

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
unit = st.floats(0, 1, allow_nan=False, allow_infinity=False)


@st.composite
def prob_rows(draw: Any, k_max: int = 5) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 12))
    k = draw(st.integers(2, k_max))
    raw = np.array(draw(st.lists(st.floats(0.01, 10), min_size=n * k, max_size=n * k)))
    q = raw.reshape(n, k)
    q /= q.sum(axis=1, keepdims=True)
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return q, y


@st.composite
def logits_and_labels(draw: Any) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 10))
    k = draw(st.integers(2, 5))
    z = np.array(draw(st.lists(finite, min_size=n * k, max_size=n * k))).reshape(n, k)
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return z, y


# -- calibration -----------------------------------------------------------------------------


@FEW
@given(st.lists(st.tuples(st.integers(0, 1), unit), min_size=1, max_size=30))
def test_two_class_brier_is_twice_sklearns(pairs: list[tuple[int, float]]) -> None:
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    q = np.stack([1 - p, p], axis=1)
    # pos_label names class 1 the positive one even when y holds one class only
    # (labels=[0, 1] says the same, but only since scikit-learn 1.7).
    want = sklearn.metrics.brier_score_loss(y, p, pos_label=1)
    assert float(nllbook.brier_score(q, y)) == pytest.approx(2 * want, rel=1e-12, abs=1e-15)


@FEW
@given(prob_rows())
def test_top_label_is_argmax(data: tuple[np.ndarray, np.ndarray]) -> None:
    q, y = data
    top = nllbook.top_label(q, y)
    np.testing.assert_array_equal(top.confidence, q.max(axis=1))
    np.testing.assert_array_equal(top.correct, q.argmax(axis=1) == y)


@FEW
@given(st.lists(st.tuples(st.booleans(), unit), min_size=2, max_size=40), st.integers(1, 12))
def test_calibration_curve_and_ece_match_sklearn(
    pairs: list[tuple[bool, float]], n_bins: int
) -> None:
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    assume(0 < y.sum() < y.size)  # scikit-learn needs both outcomes
    curve = nllbook.calibration_curve(y, p, n_bins)
    frac, mean = sklearn.calibration.calibration_curve(y, p, n_bins=n_bins)
    np.testing.assert_allclose(curve.fraction_positive, frac, rtol=1e-12)
    np.testing.assert_allclose(curve.mean_predicted, mean, rtol=1e-12)
    # ECE = (1/n) Σ_b |Σ_{i in b} (y_i - p_i)|, bins as scikit-learn's.
    ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p)
    gaps = np.bincount(ids, weights=y - p, minlength=n_bins)
    want = float(np.abs(gaps).sum() / y.size)
    assert nllbook.expected_calibration_error(y, p, n_bins) == pytest.approx(want, abs=1e-12)


@FEW
@given(logits_and_labels(), st.floats(0.05, 20))
def test_temperature_nll_matches_scipy(data: tuple[np.ndarray, np.ndarray], t: float) -> None:
    z, y = data
    want = np.mean(scipy.special.logsumexp(z / t, axis=1) - z[np.arange(len(y)), y] / t)
    assert nllbook.temperature_nll(z, y, t) == pytest.approx(want, rel=1e-12, abs=1e-12)


@FEW
@given(logits_and_labels())
def test_fitted_temperature_is_a_minimum(data: tuple[np.ndarray, np.ndarray]) -> None:
    z, y = data
    t = nllbook.fit_temperature(z, y)
    loss = float(nllbook.temperature_nll(z, y, t))
    for nearby in (t * 0.99, t * 1.01):
        if 0.01 <= nearby <= 100:
            assert loss <= float(nllbook.temperature_nll(z, y, nearby)) + 1e-12


# -- softmax regression -----------------------------------------------------------------------


@st.composite
def regression_problem(draw: Any) -> tuple[np.ndarray, ...]:
    n, d, k = draw(st.integers(2, 8)), draw(st.integers(1, 3)), draw(st.integers(2, 4))
    small = st.floats(-2, 2, allow_nan=False)
    x = np.array(draw(st.lists(small, min_size=n * d, max_size=n * d))).reshape(n, d)
    w = np.array(draw(st.lists(small, min_size=d * k, max_size=d * k))).reshape(d, k)
    b = np.array(draw(st.lists(small, min_size=k, max_size=k)))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return x, y, w, b


@FEW
@given(regression_problem(), st.floats(0, 1))
def test_softmax_regression_loss_is_sklearn_log_loss_plus_penalty(
    prob: tuple[np.ndarray, ...], l2: float
) -> None:
    x, y, w, b = prob
    q = scipy.special.softmax(x @ w + b, axis=1)
    want = sklearn.metrics.log_loss(y, q, labels=range(w.shape[1])) + 0.5 * l2 * np.sum(w * w)
    got = nllbook.softmax_regression_loss(x, y, w, b, l2=l2)
    assert got == pytest.approx(want, rel=1e-9)


@FEW
@given(regression_problem(), st.floats(0, 1))
def test_softmax_regression_gradient_is_a_finite_difference(
    prob: tuple[np.ndarray, ...], l2: float
) -> None:
    x, y, w, b = prob
    gw, gb = nllbook.softmax_regression_gradient(x, y, w, b, l2=l2)
    h = 1e-6
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            e = np.zeros_like(w)
            e[i, j] = h
            fd = (
                nllbook.softmax_regression_loss(x, y, w + e, b, l2)
                - nllbook.softmax_regression_loss(x, y, w - e, b, l2)
            ) / (2 * h)
            assert gw[i, j] == pytest.approx(fd, abs=1e-7)
    assert abs(gb.sum()) < 1e-12


@FEW
@given(regression_problem(), st.integers(0, 20))
def test_recorded_losses_are_the_losses_of_the_recorded_parameters(
    prob: tuple[np.ndarray, ...], steps: int
) -> None:
    x, y, w, _ = prob
    k = w.shape[1]
    fit = nllbook.fit_softmax_regression(
        x, y, num_classes=k, learning_rate=0.3, steps=steps, record=[0, steps]
    )
    assert fit.loss[0] == pytest.approx(math.log(k), rel=1e-14)
    for wi, bi, li in zip(fit.weights, fit.bias, fit.loss, strict=True):
        assert nllbook.softmax_regression_loss(x, y, wi, bi) == pytest.approx(li, rel=1e-14)


# -- densities ----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.floats(-60, 60, allow_nan=False),
    st.floats(-5, 5, allow_nan=False),
    st.floats(0.01, 10),
    st.sampled_from([1e-15, 1e-9, 1e-4, 1e-2, 0.3, 2.0, 50.0]),
)
def test_gaussian_bin_nll_matches_mpmath(x: float, mu: float, sigma: float, w: float) -> None:
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 80
    fw = Fraction(w)
    k = math.floor(Fraction(x) / fw)
    assume((Fraction(x) - k * fw) < fw - 8 * Fraction(math.ulp(x)))  # not on an edge
    za = (mp.mpf(k) * mp.mpf(fw.numerator) / fw.denominator - mu) / sigma
    zb = za + mp.mpf(fw.numerator) / fw.denominator / sigma
    s2 = mp.sqrt(2)
    if za >= 0:
        prob = (mp.erfc(za / s2) - mp.erfc(zb / s2)) / 2
    elif zb <= 0:
        prob = (mp.erfc(-zb / s2) - mp.erfc(-za / s2)) / 2
    else:
        prob = mp.ncdf(zb) - mp.ncdf(za)
    want = float(-mp.log(prob))
    got = float(nllbook.gaussian_bin_nll(x, mu, sigma, width=w))
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert got >= 0


@FEW
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=8), st.floats(0.05, 3))
def test_two_half_bins_make_the_whole(xs: list[float], sigma: float) -> None:
    """P([2k w, 2k w + 2w)) = P([2k w, 2k w + w)) + P([2k w + w, 2k w + 2w))."""
    w = 0.25  # exact in binary, so the edges are exact
    starts = np.floor(np.array(xs) / (2 * w)) * 2 * w
    whole = np.exp(-nllbook.gaussian_bin_nll(starts, 0.1, sigma, width=2 * w, reduction="none"))
    first = np.exp(-nllbook.gaussian_bin_nll(starts, 0.1, sigma, width=w, reduction="none"))
    second = np.exp(-nllbook.gaussian_bin_nll(starts + w, 0.1, sigma, width=w, reduction="none"))
    np.testing.assert_allclose(first + second, whole, rtol=1e-13)


# -- language models ----------------------------------------------------------------------------


texts = st.text(alphabet="abc", min_size=2, max_size=40)


@FEW
@given(texts, st.floats(0.01, 5))
def test_bigram_nll_is_a_loop_over_pairs(text: str, k: float) -> None:
    counts = nllbook.bigram_counts(text, "abc")
    q = nllbook.bigram_probabilities(counts, k)
    pairs = list(itertools.pairwise(text))
    idx = {c: i for i, c in enumerate("abc")}
    # Exact smoothed probabilities, from fractions.
    want = []
    for a, b in pairs:
        row = [Fraction(int(c)) + Fraction(k) for c in counts[idx[a]]]
        want.append(-math.log(row[idx[b]] / sum(row)))
    assert nllbook.bigram_nll(text, q, "abc") == pytest.approx(sum(want) / len(want), rel=1e-13)
    np.testing.assert_allclose(nllbook.bigram_nll(text, q, "abc", reduction="none"), want,
                               rtol=1e-13)  # fmt: skip


@FEW
@given(st.floats(0, 50), st.sampled_from([None, 2, 10, 3.5]))
def test_perplexity_is_a_correctly_rounded_power(nll: float, base: float | None) -> None:
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 50
    want = float(mp.exp(mp.mpf(nll)) if base is None else mp.power(mp.mpf(base), mp.mpf(nll)))
    got = nllbook.perplexity(nll, base=base)
    assert abs(got - want) <= math.ulp(want)
    bits = nllbook.bits_per_symbol(nll)
    assert nllbook.perplexity(bits, base=2) == pytest.approx(nllbook.perplexity(nll), rel=1e-13)


# -- the worked examples' statistics ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1e4), st.integers(1, 3000))
def test_chi_square_sf_matches_scipy(x: float, df: int) -> None:
    want = scipy.stats.chi2.sf(x, df)
    got = ex.chi_square_sf(x, df)
    assert 0.0 <= got <= 1.0
    if want > 1e-290:
        assert got == pytest.approx(want, rel=1e-10)
    else:
        assert got < 1e-280


@FEW
@given(st.lists(st.integers(0, 50), min_size=2, max_size=8))
def test_chi_square_fit_matches_scipy(counts: list[int]) -> None:
    c = np.array(counts)
    assume(c.sum() > 0)
    p = np.arange(1, c.size + 1, dtype=float)
    p /= p.sum()
    stat, pvalue = ex.chi_square_fit(c, p)
    want = scipy.stats.chisquare(c, c.sum() * p)
    assert stat == pytest.approx(want.statistic, rel=1e-12, abs=1e-12)
    assert pvalue == pytest.approx(want.pvalue, rel=1e-10, abs=1e-300)


@FEW
@given(st.integers(0, ex.MAX_ROLLS), st.integers(0, 2**32))
def test_simulated_rolls_are_prefixes(m: int, seed: int) -> None:
    rolls = ex.simulated_rolls(m, seed)
    assert rolls.shape == (m,)
    np.testing.assert_array_equal(rolls, ex.simulated_rolls(ex.MAX_ROLLS, seed)[:m])
