"""Likelihood, NLL, binary cross-entropy and the empirical distribution.

Checked against ``sklearn.metrics.log_loss`` (an independent implementation;
it clips probabilities to ``[eps, 1 - eps]``, which the tests either avoid or
reproduce explicitly) and against the identities that link NLL to
cross-entropy.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import log_loss

import nllbook

EPS64 = float(np.finfo(np.float64).eps)


def _away_from_clipping(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """Rows of probabilities all in [1e-6, 1 - 1e-6], where log_loss does not clip."""
    raw = rng.dirichlet(np.ones(k), size=n)
    p = np.clip(raw, 1e-6, None)
    return p / p.sum(axis=-1, keepdims=True)


# -- against scikit-learn --------------------------------------------------------------------


@pytest.mark.parametrize(("n", "k"), [(1, 2), (10, 3), (200, 7), (500, 50)])
def test_nll_matches_sklearn_log_loss_multiclass(rng: np.random.Generator, n: int, k: int) -> None:
    probs = _away_from_clipping(rng, n, k)
    # Only the first few classes occur, so labels= is needed for the columns.
    y = rng.integers(0, max(1, k // 2), size=n)
    want = log_loss(y, probs, labels=list(range(k)))
    assert nllbook.nll(probs, y) == pytest.approx(want, rel=1e-12)
    n_sum = log_loss(y, probs, labels=list(range(k)), normalize=False)
    assert nllbook.nll(probs, y, reduction="sum") == pytest.approx(n_sum, rel=1e-12)


def test_nll_matches_sklearn_once_its_clipping_is_reproduced() -> None:
    # sklearn clips to [eps, 1 - eps]: a true-class probability of 1e-20 costs
    # -log(eps) ~ 36 there, and a certain correct prediction costs eps, not 0.
    probs = np.array([[1e-20, 1.0 - 1e-20, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5]])
    y = np.array([0, 2, 1])
    exact = nllbook.nll(probs, y, reduction="none")
    np.testing.assert_allclose(exact, [20 * math.log(10), 0.0, -math.log(0.3)], rtol=1e-14)
    clipped = np.clip(probs, EPS64, 1 - EPS64)  # rows still sum to 1 within SUM_ATOL
    want = log_loss(y, clipped, labels=[0, 1, 2])
    assert log_loss(y, probs, labels=[0, 1, 2]) == pytest.approx(want, rel=1e-12)
    assert nllbook.nll(clipped, y) == pytest.approx(want, rel=1e-12)
    assert nllbook.nll(probs, y) > want  # the exact loss is larger than the clipped one


@pytest.mark.parametrize("n", [1, 5, 300])
def test_binary_cross_entropy_matches_sklearn(rng: np.random.Generator, n: int) -> None:
    y = rng.integers(0, 2, size=n)
    if n > 1:
        y[:2] = [0, 1]  # both classes present
    y_hat = rng.uniform(1e-6, 1 - 1e-6, size=n)
    want = log_loss(y, y_hat, labels=[0, 1])
    assert nllbook.binary_cross_entropy(y, y_hat) == pytest.approx(want, rel=1e-12)
    # ... and as the two-class NLL.
    two_class = np.stack([1 - y_hat, y_hat], axis=-1)
    assert nllbook.nll(two_class, y) == pytest.approx(want, rel=1e-12)


# -- likelihood and NLL ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(3,), (5, 3), (4, 6, 10), (2, 3, 4, 50)])
def test_index_and_one_hot_targets_agree(rng: np.random.Generator, shape: Any) -> None:
    k = shape[-1]
    probs = rng.dirichlet(np.ones(k), size=shape[:-1])
    y = rng.integers(0, k, size=shape[:-1])
    one_hot = np.eye(k)[y]
    lik = nllbook.likelihood(probs, y)
    want = np.take_along_axis(probs, np.asarray(y)[..., None], axis=-1)[..., 0]
    np.testing.assert_array_equal(lik, want)
    np.testing.assert_array_equal(nllbook.likelihood(probs, one_hot), want)
    np.testing.assert_array_equal(
        nllbook.nll(probs, y, reduction="none"), nllbook.nll(probs, one_hot, reduction="none")
    )


@pytest.mark.parametrize("shape", [(4,), (5, 3), (4, 6, 10)])
def test_nll_is_minus_log_likelihood(rng: np.random.Generator, shape: Any) -> None:
    k = shape[-1]
    probs = rng.dirichlet(np.ones(k), size=shape[:-1])
    y = rng.integers(0, k, size=shape[:-1])
    lik = nllbook.likelihood(probs, y)
    per = nllbook.nll(probs, y, reduction="none")
    assert np.shape(per) == shape[:-1]
    np.testing.assert_array_equal(per, -np.log(lik))
    n = max(1, int(np.prod(shape[:-1])))
    assert nllbook.nll(probs, y, reduction="sum") == pytest.approx(np.sum(-np.log(lik)))
    assert nllbook.nll(probs, y) == pytest.approx(np.sum(-np.log(lik)) / n)
    assert nllbook.nll(probs, y, reduction="mean") == nllbook.nll(probs, y)


def test_one_distribution_scores_many_samples() -> None:
    q = np.array([[0.2, 0.5, 0.3]])  # shape (1, K): broadcast over the samples
    samples = np.array([0, 1, 1, 2, 1])
    np.testing.assert_array_equal(nllbook.likelihood(q, samples), [0.2, 0.5, 0.5, 0.3, 0.5])
    # A 1-D q with a scalar index is one sample.
    assert nllbook.likelihood(q[0], 2) == 0.3
    assert nllbook.nll(q[0], 2) == -math.log(0.3)


def test_target_with_the_shape_of_probs_is_read_as_one_hot() -> None:
    q = [0.1, 0.3, 0.5, 0.1]
    assert nllbook.likelihood(q, [0, 0, 1, 0]) == 0.5
    with pytest.raises(ValueError, match=r"^target: one-hot"):
        nllbook.likelihood(q, [0, 2, 2, 1])  # four indices, but K = 4 too
    np.testing.assert_array_equal(nllbook.likelihood([q], [0, 2, 2, 1]), [0.1, 0.5, 0.5, 0.3])


@pytest.mark.parametrize("k", [2, 3, 6, 20])
def test_mean_nll_of_samples_is_cross_entropy_of_empirical_distribution(
    rng: np.random.Generator, k: int
) -> None:
    q = rng.dirichlet(np.ones(k))
    samples = rng.integers(0, k, size=137)
    p_hat = nllbook.empirical_distribution(samples, k)
    mean_nll = nllbook.nll(q[None, :], samples)
    assert mean_nll == pytest.approx(nllbook.cross_entropy(p_hat, q), rel=1e-12)
    # Written out with plain Python, no nllbook at all.
    by_hand = -sum(math.log(q[s]) for s in samples) / samples.size
    assert mean_nll == pytest.approx(by_hand, rel=1e-12)


def test_empirical_distribution_counts(rng: np.random.Generator) -> None:
    samples = rng.integers(0, 5, size=(7, 11))
    p_hat = nllbook.empirical_distribution(samples, 8)
    counts = Counter(samples.ravel().tolist())
    want = [counts.get(i, 0) / samples.size for i in range(8)]
    np.testing.assert_array_equal(p_hat, want)
    assert p_hat.dtype == np.float64
    assert p_hat.sum() == pytest.approx(1.0)
    assert p_hat[5:].tolist() == [0.0, 0.0, 0.0]  # never observed


def test_impossible_true_class_gives_inf_without_warning() -> None:
    # filterwarnings = error: a RuntimeWarning from log(0) would fail this test.
    probs = np.array([[0.0, 1.0], [0.5, 0.5]])
    per = nllbook.nll(probs, [0, 1], reduction="none")
    assert per[0] == np.inf
    assert per[1] == pytest.approx(math.log(2))
    assert nllbook.nll(probs, [0, 1]) == np.inf
    steps = nllbook.nll_steps(0.0)
    assert steps == (0.0, -np.inf, np.inf)


def test_perfect_prediction_costs_exactly_zero() -> None:
    out = nllbook.nll([0.0, 1.0, 0.0], 1)
    assert out == 0.0
    assert not np.signbit(out)
    assert nllbook.binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_nll_steps() -> None:
    s = nllbook.nll_steps(0.25)
    assert s.likelihood == 0.25
    assert s.log_likelihood == math.log(0.25)
    assert s.negative_log_likelihood == -math.log(0.25)
    assert all(isinstance(x, float) for x in s)


# -- binary cross-entropy and Bernoulli likelihood -------------------------------------------


@pytest.mark.parametrize("shape", [(1,), (9,), (4, 5), (2, 3, 4)])
def test_bce_is_two_class_cross_entropy(rng: np.random.Generator, shape: Any) -> None:
    y = rng.random(shape)  # soft labels
    y[..., 0] = 1.0
    y_hat = rng.random(shape)
    y_hat[..., 0] = 0.0 if shape[-1] == 1 else 1.0
    bce = nllbook.binary_cross_entropy(y, y_hat, reduction="none")
    ce = nllbook.cross_entropy(np.stack([1 - y, y], -1), np.stack([1 - y_hat, y_hat], -1))
    assert bce.shape == shape
    np.testing.assert_allclose(bce, ce, rtol=1e-13)
    assert nllbook.binary_cross_entropy(y, y_hat, "sum") == pytest.approx(np.sum(ce))


def test_bce_conventions() -> None:
    assert nllbook.binary_cross_entropy([1.0], [0.0]) == np.inf  # confident and wrong
    assert nllbook.binary_cross_entropy([0.0], [1.0]) == np.inf
    # Soft label 0.5 against 0.5: ln 2, the entropy of a fair coin.
    assert nllbook.binary_cross_entropy([0.5], [0.5]) == pytest.approx(math.log(2))
    # A soft label's loss is minimised (= its entropy) at y_hat = y.
    ys = np.arange(1, 100) / 100
    losses = nllbook.binary_cross_entropy(np.full(ys.size, 0.3), ys, "none")
    assert ys[np.argmin(losses)] == 0.3
    assert losses.min() == pytest.approx(nllbook.entropy([0.7, 0.3]), rel=1e-14)


def test_bernoulli_likelihood() -> None:
    y, y_hat = [1, 0, 1, 1], [0.9, 0.2, 0.7, 0.6]
    lik = nllbook.bernoulli_likelihood(y, y_hat)
    assert lik == pytest.approx(0.9 * 0.8 * 0.7 * 0.6, rel=1e-15)
    assert -math.log(lik) == pytest.approx(nllbook.binary_cross_entropy(y, y_hat, "sum"))
    # 0 ** 0 = 1: a prediction of exactly 0 for a label 0 is certain, not impossible.
    assert nllbook.bernoulli_likelihood([0.0, 1.0], [0.0, 1.0]) == 1.0
    assert nllbook.bernoulli_likelihood([1.0], [0.0]) == 0.0
    # Batches: one product per leading index.
    batch = nllbook.bernoulli_likelihood([[1, 0], [0, 0]], [[0.5, 0.5], [0.25, 0.5]])
    np.testing.assert_allclose(batch, [0.25, 0.375])


# -- dtypes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_float32_stays_float32(rng: np.random.Generator, reduction: str) -> None:
    probs = rng.dirichlet(np.ones(4), size=6).astype(np.float32)
    y = rng.integers(0, 4, size=6)
    assert nllbook.likelihood(probs, y).dtype == np.float32
    out = nllbook.nll(probs, y, reduction=reduction)
    assert out.dtype == np.float32
    want = nllbook.nll(probs.astype(np.float64), y, reduction=reduction)
    np.testing.assert_allclose(out, want, rtol=1e-6)
    y01 = (y % 2).astype(np.float32)
    bce = nllbook.binary_cross_entropy(y01, probs[:, 0], reduction=reduction)
    assert bce.dtype == np.float32


def test_lists_and_ints_give_float64() -> None:
    assert nllbook.nll([0.5, 0.5], 0).dtype == np.float64
    assert nllbook.likelihood([[1, 0], [0, 1]], [0, 1]).dtype == np.float64
    assert nllbook.binary_cross_entropy([1, 0], [1, 0]).dtype == np.float64
    assert nllbook.bernoulli_likelihood([1, 0], [1, 0]).dtype == np.float64


# -- property tests --------------------------------------------------------------------------


@st.composite
def probs_and_labels(draw: Any) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 20))
    k = draw(st.integers(2, 10))
    raw = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(1e-3, 1.0)))
    y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return raw / raw.sum(axis=-1, keepdims=True), y


@given(probs_and_labels())
def test_property_nll_nonnegative_and_equals_empirical_cross_entropy(
    py: tuple[np.ndarray, np.ndarray],
) -> None:
    probs, y = py
    per = nllbook.nll(probs, y, reduction="none")
    assert np.all(per >= 0)
    # With one shared distribution, mean NLL = CE(empirical, q).
    q = probs[:1]
    p_hat = nllbook.empirical_distribution(y, probs.shape[-1])
    np.testing.assert_allclose(nllbook.nll(q, y), nllbook.cross_entropy(p_hat, q[0]), rtol=1e-12)


@given(
    hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(0.0, 1.0)),
    hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(0.0, 1.0)),
)
def test_property_bce_nonnegative(y: np.ndarray, y_hat: np.ndarray) -> None:
    n = min(y.size, y_hat.size)
    y, y_hat = y[:n], y_hat[:n]
    bce = nllbook.binary_cross_entropy(y, y_hat, reduction="none")
    assert np.all(bce >= 0)
    # Never below the entropy of the soft label itself (Gibbs' inequality).
    h = nllbook.entropy(np.stack([1 - y, y], -1))
    assert np.all(bce >= h - 1e-12)
