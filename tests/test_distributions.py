"""The small distributions (one-hot rows, a coin, the uniform) and the expected
Brier score, against torch, scikit-learn and exact rational arithmetic."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss

import nllbook

torch = pytest.importorskip("torch")


@given(st.integers(1, 40), st.data())
@settings(max_examples=60, deadline=None)
def test_one_hot_is_torch_one_hot(k: int, data: st.DataObject) -> None:
    index = data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=6))
    want = torch.nn.functional.one_hot(torch.tensor(index), k).numpy().astype(np.float64)
    got = nllbook.one_hot(index, k)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, want)


def test_one_hot_of_a_scalar_is_one_row() -> None:
    row = nllbook.one_hot(3, 5)
    assert row.shape == (5,)
    assert row.tolist() == [0.0, 0.0, 0.0, 1.0, 0.0]


@given(st.floats(0.0, 1.0))
def test_binary_distribution_is_p_then_its_complement(p: float) -> None:
    two = nllbook.binary_distribution(p)
    assert two.tolist() == [p, 1.0 - p]
    # The entropy of the two stored entries, at 50 digits (torch's BCE, which
    # clamps its logs at −100, is no reference for tiny p). Their float sum is
    # 1 exactly: 1 − p rounds, and the row means what it stores.
    assert float(two.sum()) == 1.0
    with mpmath.workdps(50):
        want = -mpmath.fsum([mpmath.mpf(float(x)) * mpmath.log(float(x)) for x in two if x > 0])
    assert nllbook.entropy(two) == pytest.approx(float(want), rel=1e-12, abs=1e-300)


@given(st.integers(1, 10_000))
def test_uniform_distribution_scores_ln_k(k: int) -> None:
    q = nllbook.uniform_distribution(k)
    assert q.shape == (k,)
    assert float(q.sum()) == pytest.approx(1.0, rel=1e-12)
    assert float(nllbook.nll(q, k - 1)) == pytest.approx(np.log(k), rel=1e-12, abs=1e-300)


def _exact_expected_brier(p: list[Fraction], q: list[Fraction]) -> Fraction:
    """Σ_y p_y Σ_k (q_k − [k = y])², in exact rationals."""
    return sum(
        (py * sum((qk - (1 if k == y else 0)) ** 2 for k, qk in enumerate(q)))
        for y, py in enumerate(p)
    ) or Fraction(0)


def _distribution(data: st.DataObject, k: int) -> list[Fraction]:
    weights = data.draw(st.lists(st.integers(0, 50), min_size=k, max_size=k))
    if sum(weights) == 0:
        weights[0] = 1
    return [Fraction(w, sum(weights)) for w in weights]


@given(st.integers(2, 6), st.data())
@settings(max_examples=80, deadline=None)
def test_expected_brier_score_is_exact(k: int, data: st.DataObject) -> None:
    p, q = _distribution(data, k), _distribution(data, k)
    got = nllbook.expected_brier_score([float(x) for x in p], [float(x) for x in q])
    assert float(got) == pytest.approx(float(_exact_expected_brier(p, q)), rel=1e-12, abs=1e-15)


@given(st.integers(2, 5), st.data())
@settings(max_examples=40, deadline=None)
def test_expected_brier_score_is_sklearns_weighted_brier(k: int, data: st.DataObject) -> None:
    """The outcomes 0 .. K−1, each weighted by p, all forecast with q."""
    p = np.array([float(x) for x in _distribution(data, k)])
    q = np.array([float(x) for x in _distribution(data, k)])
    want = brier_score_loss(
        np.arange(k),
        np.tile(q, (k, 1)),
        sample_weight=p,
        labels=np.arange(k),
        scale_by_half=False,
    )
    assert float(nllbook.expected_brier_score(p, q)) == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_expected_brier_score_is_lowest_at_the_truth() -> None:
    """Strictly proper: any forecast but p itself scores worse."""
    p = np.array([0.7, 0.2, 0.1])
    best = float(nllbook.expected_brier_score(p, p))
    assert best == pytest.approx(1 - float(p @ p), rel=1e-15)
    for q in ([0.6, 0.3, 0.1], [0.8, 0.1, 0.1], [1 / 3] * 3, [1.0, 0.0, 0.0]):
        assert float(nllbook.expected_brier_score(p, q)) > best


def test_expected_brier_score_broadcasts_rows() -> None:
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    q = np.array([0.5, 0.5])
    want = [float(nllbook.expected_brier_score(row, q)) for row in p]
    np.testing.assert_allclose(nllbook.expected_brier_score(p, q), want, rtol=1e-15)


@given(
    st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False),
    st.sampled_from([2.0, 10.0, 0.5, 3.7, 1e-300, 1e300]),
)
def test_in_base_is_division_by_ln_base(nats: float, base: float) -> None:
    with mpmath.workdps(50):
        want = mpmath.mpf(nats) / mpmath.log(base)
    assert float(nllbook.in_base(nats, base)) == pytest.approx(float(want), rel=4e-16, abs=1e-300)


def test_in_base_keeps_infinity_and_float32() -> None:
    assert nllbook.in_base(np.inf, 2) == np.inf
    assert nllbook.in_base(np.float32(1.0), 2).dtype == np.float32
    # The loss of a 10-class guess, ln 10 nats, is 1 hartley.
    assert float(nllbook.in_base(np.log(10), 10)) == pytest.approx(1.0, rel=1e-15)
