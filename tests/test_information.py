"""Entropy, cross-entropy, KL divergence and xlogy.

Checked against scipy (an independent implementation), against plain
``math`` arithmetic where scipy itself is not exact, and through the
identities that tie the three measures together.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nllbook

SHAPES = [(2,), (7,), (50,), (5, 3), (4, 6, 50), (2, 3, 4, 10)]
KINDS = ["dirichlet", "sparse", "tiny", "peaked"]


# -- against scipy ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("base", [None, 2, 10, math.e])
def test_entropy_matches_scipy(
    make_dist: Any, shape: tuple[int, ...], kind: str, base: Any
) -> None:
    p = make_dist(shape, kind)
    got = nllbook.entropy(p, base=base)
    want = scipy.stats.entropy(p, base=base, axis=-1)
    assert np.shape(got) == shape[:-1]
    # atol: near-certain rows (p close to 1) carry ~1 ulp of 1 in absolute error.
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("base", [None, 2])
def test_kl_matches_scipy(make_dist: Any, shape: tuple[int, ...], kind: str, base: Any) -> None:
    p, q = make_dist(shape, kind), make_dist(shape, kind)
    got = nllbook.kl_divergence(p, q, base=base)
    want = scipy.stats.entropy(p, q, base=base, axis=-1)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_cross_entropy_matches_scipy(make_dist: Any, shape: tuple[int, ...], kind: str) -> None:
    p, q = make_dist(shape, kind), make_dist(shape, kind)
    got = nllbook.cross_entropy(p, q)
    np.testing.assert_allclose(got, -scipy.special.xlogy(p, q).sum(axis=-1), rtol=1e-12)
    # H(p, q) = H(p) + KL(p || q), both halves from scipy.
    via_scipy = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(p, q, axis=-1)
    np.testing.assert_allclose(got, via_scipy, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(nllbook.cross_entropy(p, q, base=2), got / math.log(2), rtol=1e-12)


def test_cross_entropy_with_zero_model_probability_is_inf_like_scipy() -> None:
    p, q = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
    assert nllbook.cross_entropy(p, q) == -scipy.special.xlogy(p, q).sum() == np.inf
    assert nllbook.kl_divergence(p, q) == scipy.stats.entropy(p, q) == np.inf


@pytest.mark.parametrize(
    ("x_shape", "y_shape"), [((), ()), ((6,), (6,)), ((3, 1), (1, 4)), ((2, 3, 5), (5,))]
)
def test_xlogy_matches_scipy(rng: np.random.Generator, x_shape: Any, y_shape: Any) -> None:
    x = np.where(rng.random(x_shape) < 0.3, 0.0, rng.uniform(-3, 3, x_shape))
    y = np.where(rng.random(y_shape) < 0.3, 0.0, rng.uniform(0, 5, y_shape))
    got = nllbook.xlogy(x, y)
    want = scipy.special.xlogy(x, y)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_array_equal(got, want)


def test_xlogy_scalars_and_lists_are_float64() -> None:
    # Python floats must not be squeezed into float32.
    assert nllbook.xlogy(2.0, 3.0) == 2.0 * math.log(3.0)
    out = nllbook.xlogy([0.0, 0.5, 1.0], [0.0, 0.2, 0.0])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [0.0, 0.5 * math.log(0.2), -np.inf])
    f32 = nllbook.xlogy(np.float32([0.5]), np.float32([0.25]))
    assert f32.dtype == np.float32


# -- tiny and subnormal probabilities, checked with math.log ---------------------------------


def _kl_by_hand(p: list[float], q: list[float]) -> float:
    return sum(pi * (math.log(pi) - math.log(qi)) for pi, qi in zip(p, q, strict=True) if pi > 0)


def test_entropy_of_near_certain_distribution() -> None:
    p = [1e-300, 1.0 - 1e-300]
    want = -(1e-300 * math.log(1e-300))  # the other term is 0 in float64: log(1.0) = 0
    assert nllbook.entropy(p) == pytest.approx(want, rel=1e-14)
    assert nllbook.entropy(p) > 0


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([0.5, 0.5], [1.0, 5e-324]),  # q subnormal: p / q overflows float64
        ([0.5, 0.25, 0.25], [1e-300, 1e-310, 1.0]),
        ([1e-300, 1.0], [0.5, 0.5]),
        ([1e-310, 1.0], [1e-305, 1.0]),
    ],
)
def test_kl_with_tiny_probabilities_matches_math(p: list[float], q: list[float]) -> None:
    got = nllbook.kl_divergence(p, q)
    assert np.isfinite(got)
    assert got == pytest.approx(_kl_by_hand(p, q), rel=1e-12, abs=1e-300)
    ce = nllbook.cross_entropy(p, q)
    assert ce == pytest.approx(nllbook.entropy(p) + got, rel=1e-12)


def test_kl_float32_with_subnormal_q_is_finite() -> None:
    p, q = np.float32([0.5, 0.5]), np.float32([1.0, 1e-44])
    got = nllbook.kl_divergence(p, q)
    assert got.dtype == np.float32
    want = 0.5 * (math.log(0.5) - math.log(1.0)) + 0.5 * (math.log(0.5) - math.log(float(q[1])))
    assert float(got) == pytest.approx(want, rel=1e-5)


# -- identities ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_cross_entropy_is_entropy_plus_kl(
    make_dist: Any, shape: tuple[int, ...], kind: str
) -> None:
    p, q = make_dist(shape, kind), make_dist(shape, kind)
    h, kl, ce = nllbook.entropy(p), nllbook.kl_divergence(p, q), nllbook.cross_entropy(p, q)
    np.testing.assert_allclose(ce, h + kl, rtol=1e-10, atol=1e-12)
    assert np.all(kl >= 0)
    assert np.all(ce >= h - 1e-12)


@pytest.mark.parametrize("kind", KINDS)
def test_kl_of_a_distribution_with_itself_is_exactly_zero(make_dist: Any, kind: str) -> None:
    p = make_dist((6, 9), kind)
    kl = nllbook.kl_divergence(p, p)
    np.testing.assert_array_equal(kl, np.zeros(6))
    np.testing.assert_allclose(nllbook.cross_entropy(p, p), nllbook.entropy(p), rtol=1e-14)


@pytest.mark.parametrize("k", [1, 2, 3, 6, 50])
def test_uniform_has_maximal_entropy_log_k(make_dist: Any, k: int) -> None:
    u = np.full(k, 1.0 / k)
    assert nllbook.entropy(u) == pytest.approx(math.log(k), abs=1e-14)
    assert nllbook.entropy(u, base=2) == pytest.approx(math.log2(k), abs=1e-14)
    if k > 1:
        others = make_dist((20, k))
        assert np.all(nllbook.entropy(others) <= math.log(k) + 1e-12)


def test_base_two_is_bits(make_dist: Any) -> None:
    p, q = make_dist((4, 5)), make_dist((4, 5))
    for f in (nllbook.cross_entropy, nllbook.kl_divergence):
        np.testing.assert_allclose(f(p, q, base=2), f(p, q) / math.log(2), rtol=1e-14)
    np.testing.assert_allclose(nllbook.entropy(p, base=2), nllbook.entropy(p) / math.log(2))
    assert nllbook.entropy([0.5, 0.5], base=2) == 1.0
    assert nllbook.entropy([0.25] * 4, base=2) == 2.0
    np.testing.assert_allclose(nllbook.entropy(p, base=math.e), nllbook.entropy(p), rtol=1e-15)


def test_kl_is_not_symmetric() -> None:
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert nllbook.kl_divergence(p, q) != pytest.approx(nllbook.kl_divergence(q, p))


def test_broadcasting_one_p_against_a_batch_of_q(make_dist: Any) -> None:
    p, qs = make_dist((5,)), make_dist((3, 4, 5))
    got = nllbook.cross_entropy(p, qs)
    assert got.shape == (3, 4)
    want = [[nllbook.cross_entropy(p, qs[i, j]) for j in range(4)] for i in range(3)]
    np.testing.assert_allclose(got, want, rtol=1e-15)
    kl = nllbook.kl_divergence(qs, p)
    np.testing.assert_allclose(kl, scipy.stats.entropy(qs, np.broadcast_to(p, qs.shape), axis=-1))


# -- conventions -----------------------------------------------------------------------------


def test_zero_log_zero_is_zero() -> None:
    h = nllbook.entropy([1.0, 0.0])
    assert h == 0.0
    assert not np.signbit(h)  # prints as 0, not -0
    assert nllbook.entropy([0.0, 0.0, 1.0, 0.0]) == 0.0
    # p_i = 0 and q_i = 0: the term vanishes and the result is finite.
    assert nllbook.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert nllbook.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(math.log(2))
    assert nllbook.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.75, 0.0]) == pytest.approx(
        0.5 * math.log(2) + 0.5 * math.log(0.5 / 0.75)
    )
    assert nllbook.xlogy(0.0, 0.0) == 0.0


def test_impossible_outcome_gives_inf_without_warning() -> None:
    # pytest turns warnings into errors (filterwarnings = error in pyproject).
    assert nllbook.cross_entropy([0.0, 1.0], [1.0, 0.0]) == np.inf
    assert nllbook.kl_divergence([0.0, 1.0], [1.0, 0.0]) == np.inf
    assert nllbook.xlogy(1.0, 0.0) == -np.inf


@pytest.mark.parametrize(
    "call",
    [
        lambda p, q: nllbook.entropy(p),
        lambda p, q: nllbook.entropy(p, base=2),
        nllbook.cross_entropy,
        nllbook.kl_divergence,
    ],
    ids=["entropy", "entropy_bits", "cross_entropy", "kl_divergence"],
)
def test_dtypes(make_dist: Any, call: Any) -> None:
    p64, q64 = make_dist((3, 4)), make_dist((3, 4))
    p32, q32 = p64.astype(np.float32), q64.astype(np.float32)
    out32 = call(p32, q32)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, call(p64, q64), rtol=1e-5, atol=1e-6)
    assert call(p64, q64).dtype == np.float64
    if call in (nllbook.cross_entropy, nllbook.kl_divergence):
        assert call(p32, q64).dtype == np.float64  # float32 only when both are float32
        assert call(p64, q32).dtype == np.float64
    assert call(p32[0], q32[0]).dtype == np.float32  # scalars too
    # Lists, ints and float16 become float64.
    assert call([1, 0], [1, 0]).dtype == np.float64
    assert call([0.5, 0.5], [0.25, 0.75]).dtype == np.float64
    assert call(np.float16([0.5, 0.5]), np.float16([0.5, 0.5])).dtype == np.float64


def test_scalar_results_are_numpy_scalars_not_0d_arrays() -> None:
    out = nllbook.entropy([0.5, 0.5])
    assert isinstance(out, np.floating)
    assert isinstance(nllbook.cross_entropy([0.5, 0.5], [0.5, 0.5]), np.floating)


# -- property tests --------------------------------------------------------------------------


def _normalise(raw: np.ndarray) -> np.ndarray:
    raw = np.where(raw.sum(axis=-1, keepdims=True) > 0, raw, 1.0)  # no all-zero rows
    return raw / raw.sum(axis=-1, keepdims=True)


@st.composite
def dist_pairs(draw: Any, min_k: int = 1, max_k: int = 12) -> tuple[np.ndarray, np.ndarray]:
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4))
    k = draw(st.integers(min_k, max_k))
    elements = st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False)
    p = draw(hnp.arrays(np.float64, (*batch, k), elements=elements))
    q = draw(hnp.arrays(np.float64, (*batch, k), elements=elements))
    return _normalise(p), _normalise(q)


@given(dist_pairs())
def test_property_entropy_bounds(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, _ = pq
    h = nllbook.entropy(p)
    assert np.all(h >= 0)
    assert np.all(h <= math.log(p.shape[-1]) + 1e-12)


@given(dist_pairs())
def test_property_kl_nonnegative_and_ce_decomposes(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    kl = nllbook.kl_divergence(p, q)
    assert np.all(kl >= 0)
    h, ce = nllbook.entropy(p), nllbook.cross_entropy(p, q)
    finite = np.isfinite(ce)
    np.testing.assert_array_equal(finite, np.isfinite(kl))
    np.testing.assert_allclose(np.where(finite, ce, 0), np.where(finite, h + kl, 0), atol=1e-9)
    assert np.all(ce >= h - 1e-12)
    assert np.all(nllbook.kl_divergence(p, p) == 0)


@given(dist_pairs(min_k=2))
def test_property_matches_scipy(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    np.testing.assert_allclose(nllbook.entropy(p), scipy.stats.entropy(p, axis=-1), atol=1e-12)
    want = -scipy.special.xlogy(p, q).sum(axis=-1)
    np.testing.assert_allclose(nllbook.cross_entropy(p, q), want, rtol=1e-12, atol=1e-12)
