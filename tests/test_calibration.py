"""Brier score, reliability diagrams, calibration error and temperature scaling,
against scikit-learn, scipy and plain loops."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.special
from sklearn.calibration import calibration_curve as sk_calibration_curve
from sklearn.metrics import brier_score_loss

import nllbook


def _probs(rng: np.random.Generator, n: int, k: int, sharp: float = 3.0) -> np.ndarray:
    return scipy.special.softmax(sharp * rng.normal(size=(n, k)), axis=-1)


# -- Brier score ---------------------------------------------------------------------------


def test_brier_two_classes_is_twice_sklearns_binary_score(rng: np.random.Generator) -> None:
    p = rng.uniform(size=300)
    y = (rng.uniform(size=300) < p).astype(int)
    two = np.stack([1 - p, p], axis=-1)
    assert math.isclose(
        float(nllbook.brier_score(two, y)), 2 * brier_score_loss(y, p), rel_tol=1e-12
    )


def test_brier_multiclass_matches_sklearn(rng: np.random.Generator) -> None:
    q = _probs(rng, 200, 5)
    y = rng.integers(0, 5, size=200)
    try:  # multiclass input arrived in scikit-learn 1.7
        want = brier_score_loss(y, q, labels=np.arange(5), scale_by_half=False)
    except (TypeError, ValueError):
        onehot = np.eye(5)[y]
        want = float(np.mean(np.sum((q - onehot) ** 2, axis=1)))
    assert math.isclose(float(nllbook.brier_score(q, y)), want, rel_tol=1e-12)


def test_brier_index_and_one_hot_targets_agree(rng: np.random.Generator) -> None:
    q = _probs(rng, 50, 4)
    y = rng.integers(0, 4, size=50)
    np.testing.assert_allclose(
        nllbook.brier_score(q, y, reduction="none"),
        nllbook.brier_score(q, np.eye(4)[y], reduction="none"),
        rtol=0,
        atol=1e-15,
    )
    assert float(nllbook.brier_score(q, y, reduction="sum")) == pytest.approx(
        50 * float(nllbook.brier_score(q, y))
    )


def test_brier_bounds_and_finite_where_nll_is_not() -> None:
    assert float(nllbook.brier_score([1.0, 0.0, 0.0], 0)) == 0.0
    assert float(nllbook.brier_score([0.0, 1.0, 0.0], 0)) == 2.0
    assert math.isinf(float(nllbook.nll([0.0, 1.0, 0.0], 0)))


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.7, 0.95])
def test_nll_and_brier_are_strictly_proper(p: float) -> None:
    """The expected score under the truth p is lowest at the forecast r = p."""
    r = np.linspace(0.001, 0.999, 999)
    forecasts = np.stack([1 - r, r], axis=-1)
    exp_brier = p * np.asarray(nllbook.brier_score(forecasts, 1, reduction="none")) + (
        1 - p
    ) * np.asarray(nllbook.brier_score(forecasts, 0, reduction="none"))
    exp_nll = np.asarray(nllbook.cross_entropy([1 - p, p], forecasts))
    for curve in (exp_brier, exp_nll):
        assert abs(r[int(np.argmin(curve))] - p) <= 0.001


# -- top label, reliability diagram, ECE ---------------------------------------------------


def test_top_label_is_argmax_and_its_probability(rng: np.random.Generator) -> None:
    q = _probs(rng, 100, 6)
    y = rng.integers(0, 6, size=100)
    top = nllbook.top_label(q, y)
    np.testing.assert_array_equal(top.confidence, q.max(axis=1))
    np.testing.assert_array_equal(top.correct, q.argmax(axis=1) == y)


@pytest.mark.parametrize("n_bins", [1, 3, 5, 10, 15])
def test_calibration_curve_matches_sklearn(rng: np.random.Generator, n_bins: int) -> None:
    p = rng.beta(0.7, 0.7, size=400)
    y = (rng.uniform(size=400) < p**1.3).astype(int)
    got = nllbook.calibration_curve(y, p, n_bins=n_bins)
    want_true, want_pred = sk_calibration_curve(y, p, n_bins=n_bins)
    np.testing.assert_allclose(got.fraction_positive, want_true, rtol=1e-12)
    np.testing.assert_allclose(got.mean_predicted, want_pred, rtol=1e-12)
    assert int(got.counts.sum()) == 400
    assert np.all(np.diff(got.bins) > 0)


def test_calibration_curve_bin_edges() -> None:
    """Bins are (lower, upper]: a probability on an edge belongs to the lower bin,
    0 to the first and 1 to the last."""
    c = nllbook.calibration_curve([1, 0, 1, 1], [0.0, 0.5, 0.50001, 1.0], n_bins=2)
    assert c.bins.tolist() == [0, 1] and c.counts.tolist() == [2, 2]
    assert c.fraction_positive.tolist() == [0.5, 1.0]


def _ece_by_loop(y: np.ndarray, p: np.ndarray, n_bins: int) -> float:
    total = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        inside = (p > lo) & (p <= hi) if b > 0 else (p >= lo) & (p <= hi)
        if inside.any():
            total += inside.sum() * abs(y[inside].mean() - p[inside].mean())
    return total / p.size


@pytest.mark.parametrize("n_bins", [2, 10, 20])
def test_ece_matches_a_loop_over_bins(rng: np.random.Generator, n_bins: int) -> None:
    q = _probs(rng, 500, 10, sharp=2.0)
    y = rng.integers(0, 10, size=500)
    top = nllbook.top_label(q, y)
    want = _ece_by_loop(top.correct.astype(float), top.confidence, n_bins)
    got = nllbook.expected_calibration_error(top.correct, top.confidence, n_bins)
    assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-15)


def test_ece_is_zero_for_the_base_rate_and_large_for_a_bold_forecast() -> None:
    y = np.array([1] * 30 + [0] * 70)
    assert nllbook.expected_calibration_error(y, np.full(100, 0.3)) == pytest.approx(0, abs=1e-15)
    assert nllbook.expected_calibration_error(y, np.full(100, 0.9)) == pytest.approx(0.6)


# -- temperature scaling -------------------------------------------------------------------


def _nll_at(z: np.ndarray, y: np.ndarray, t: float) -> float:
    log_q = scipy.special.log_softmax(z / t, axis=-1)
    return float(-np.mean(log_q[np.arange(y.size), y]))


def test_fit_temperature_matches_scipy_and_a_fine_grid(rng: np.random.Generator) -> None:
    y = rng.integers(0, 5, size=300)
    # Overconfident logits: right most of the time, and scaled up.
    z = rng.normal(size=(300, 5)) + 2.0 * np.eye(5)[y]
    z[:40] = rng.normal(size=(40, 5))
    z *= 4.0
    t = nllbook.fit_temperature(z, y)
    res = scipy.optimize.minimize_scalar(
        lambda s: _nll_at(z, y, math.exp(s)),
        bounds=(math.log(0.01), math.log(100.0)),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert t == pytest.approx(math.exp(res.x), rel=1e-6)
    grid = np.geomspace(t / 1.01, t * 1.01, 201)
    assert abs(grid[int(np.argmin([_nll_at(z, y, g) for g in grid]))] / t - 1) < 1e-4
    assert t > 1  # overconfident logits need softening
    assert nllbook.temperature_nll(z, y, t) == pytest.approx(_nll_at(z, y, t), rel=1e-12)


def test_fit_temperature_edge_cases() -> None:
    y = np.array([0, 1, 2])
    right = 3.0 * np.eye(3)
    assert nllbook.fit_temperature(right, y, t_min=0.05) == 0.05  # sharper is always better
    assert nllbook.fit_temperature(-right, y, t_max=50.0) == 50.0  # logits point the wrong way
    assert nllbook.fit_temperature(np.ones((3, 3)), y) == 1.0  # the loss ignores T


def test_temperature_nll_matches_scipy(rng: np.random.Generator) -> None:
    z = rng.normal(size=(40, 4)) * 3
    y = rng.integers(0, 4, size=40)
    temps = np.array([[0.3, 1.0], [2.0, 7.5]])
    got = nllbook.temperature_nll(z, y, temps)
    assert got.shape == (2, 2)
    for t, g in zip(temps.ravel(), got.ravel(), strict=True):
        assert g == pytest.approx(_nll_at(z, y, float(t)), rel=1e-12)
