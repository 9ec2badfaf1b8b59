"""Softmax, log-softmax, logsumexp and cross-entropy from logits.

Checked against ``scipy.special`` (an independent implementation), the fused
loss against the readable unfused one and against ``nll(softmax(z), y)``,
and label smoothing against a hand-built mixture target.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nllbook
from nllbook import _logits

SHAPES = [(2,), (10,), (50,), (6, 3), (5, 4, 7), (2, 3, 4, 50)]


def _logits_of(rng: np.random.Generator, shape: tuple[int, ...], scale: str) -> np.ndarray:
    """Seeded logits: ``normal`` (N(0, 3)), ``huge`` (+-1000 mixed in), ``neginf`` (some -inf)."""
    z = rng.normal(0.0, 3.0, size=shape)
    if scale == "huge":
        z = z + rng.choice([-1000.0, 0.0, 1000.0], size=shape)
    elif scale == "neginf":
        mask = rng.random(shape) < 0.3
        np.put_along_axis(mask, rng.integers(0, shape[-1], (*shape[:-1], 1)), False, axis=-1)
        z = np.where(mask, -np.inf, z)
    return z


def _reference_loss(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample -log_softmax(z)[y] with scipy."""
    ls = scipy.special.log_softmax(z, axis=-1)
    return -np.take_along_axis(ls, np.asarray(y)[..., None], axis=-1)[..., 0]


# -- against scipy ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", ["normal", "huge", "neginf"])
@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_family_matches_scipy(rng: np.random.Generator, shape: Any, scale: str) -> None:
    z = _logits_of(rng, shape, scale)
    np.testing.assert_allclose(
        nllbook.softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-13, atol=1e-300
    )
    np.testing.assert_allclose(
        nllbook.log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-13, atol=1e-12
    )
    np.testing.assert_allclose(
        nllbook.logsumexp(z), scipy.special.logsumexp(z, axis=-1), rtol=1e-14, atol=1e-12
    )


@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_logsumexp_along_any_axis_matches_scipy(rng: np.random.Generator, axis: int) -> None:
    z = _logits_of(rng, (4, 5, 6), "huge")
    got = nllbook.logsumexp(z, axis=axis)
    want = scipy.special.logsumexp(z, axis=axis)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-14)


def test_logsumexp_extremes() -> None:
    assert nllbook.logsumexp([1000.0, 1000.0]) == 1000.0 + math.log(2.0)
    assert nllbook.logsumexp([-1000.0, -1000.0]) == pytest.approx(-1000.0 + math.log(2.0))
    assert nllbook.logsumexp([-np.inf, 0.0]) == 0.0
    assert nllbook.logsumexp([-np.inf, -np.inf]) == -np.inf  # log 0, no warning
    assert nllbook.logsumexp(5.0) == 5.0


@pytest.mark.parametrize("scale", ["normal", "huge", "neginf"])
@pytest.mark.parametrize("shape", SHAPES)
def test_cross_entropy_from_logits_matches_scipy(
    rng: np.random.Generator, shape: Any, scale: str
) -> None:
    z = _logits_of(rng, shape, scale)
    y = rng.integers(0, shape[-1], size=shape[:-1])
    want = _reference_loss(z, y)
    fused = nllbook.cross_entropy_from_logits(z, y, reduction="none")
    unfused = nllbook.cross_entropy_from_logits_unfused(z, y, reduction="none")
    assert np.shape(fused) == shape[:-1]
    np.testing.assert_allclose(fused, want, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(unfused, want, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(fused, unfused, rtol=1e-13, atol=1e-13)
    for how, f in (("mean", np.mean), ("sum", np.sum)):
        assert nllbook.cross_entropy_from_logits(z, y, reduction=how) == pytest.approx(
            f(want), rel=1e-12
        )


# -- identities ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_fused_equals_nll_of_softmax(rng: np.random.Generator, shape: Any) -> None:
    # Moderate logits, so that softmax does not underflow and nll(softmax) is exact enough.
    z = _logits_of(rng, shape, "normal")
    y = rng.integers(0, shape[-1], size=shape[:-1])
    via_probs = nllbook.nll(nllbook.softmax(z), y, reduction="none")
    np.testing.assert_allclose(
        nllbook.cross_entropy_from_logits(z, y, reduction="none"), via_probs, rtol=1e-12
    )


def test_nll_of_softmax_fails_where_the_fused_loss_does_not() -> None:
    z, y = np.array([[1000.0, -1000.0]]), np.array([1])
    assert nllbook.nll(nllbook.softmax(z), y) == np.inf  # softmax underflowed to 0
    assert nllbook.cross_entropy_from_logits(z, y) == 2000.0
    assert nllbook.cross_entropy_from_logits_unfused(z, y) == 2000.0


@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_rows_sum_to_one_and_shift_invariance(rng: np.random.Generator, shape: Any) -> None:
    z = _logits_of(rng, shape, "huge")
    s = nllbook.softmax(z)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-14)
    assert np.all(s >= 0)
    ls = nllbook.log_softmax(z)
    assert np.all(ls <= 0)
    np.testing.assert_allclose(np.exp(ls), s, rtol=1e-12, atol=1e-300)
    for c in (-1000.0, -3.7, 0.5, 1000.0):
        np.testing.assert_allclose(nllbook.log_softmax(z + c), ls, rtol=1e-12, atol=1e-10)
        np.testing.assert_allclose(nllbook.softmax(z + c), s, rtol=1e-10, atol=1e-300)
    # Per-row constants too.
    shift = rng.normal(0, 100, size=(*shape[:-1], 1))
    np.testing.assert_allclose(nllbook.log_softmax(z + shift), ls, rtol=1e-12, atol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
def test_logsumexp_bounds(rng: np.random.Generator, shape: Any) -> None:
    z = _logits_of(rng, shape, "huge")
    lse, m = nllbook.logsumexp(z), z.max(axis=-1)
    assert np.all(lse >= m)
    assert np.all(lse <= m + math.log(shape[-1]) + 1e-12)


def test_log_softmax_does_not_underflow_where_naive_does() -> None:
    z = [0.0, -1000.0]
    assert nllbook.log_softmax(z)[1] == -1000.0
    assert nllbook.naive_log_softmax(z)[1] == -np.inf
    assert np.isnan(nllbook.naive_softmax([1000.0, 0.0])).any()
    assert np.isnan(nllbook.naive_log_softmax([1000.0, 0.0])).any()
    small = np.array([1.0, 2.0, -0.5])
    np.testing.assert_allclose(nllbook.naive_softmax(small), nllbook.softmax(small), rtol=1e-15)
    np.testing.assert_allclose(
        nllbook.naive_log_softmax(small), nllbook.log_softmax(small), rtol=1e-15
    )


# -- fused vs unfused, including multi-block inputs ------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("k", [2, 10, 50, 70])
def test_fused_equals_unfused_across_many_blocks(
    rng: np.random.Generator, dtype: Any, k: int
) -> None:
    n = 2 * _logits._BLOCK_ROWS + 123  # more rows than two blocks, ragged tail
    z = (rng.normal(0, 5, size=(n, k)) + rng.choice([-1000.0, 0.0, 1000.0], size=(n, 1))).astype(
        dtype
    )
    y = rng.integers(0, k, size=n)
    fused = nllbook.cross_entropy_from_logits(z, y, reduction="none")
    unfused = nllbook.cross_entropy_from_logits_unfused(z, y, reduction="none")
    assert fused.dtype == unfused.dtype == dtype
    tol = 1e-12 if dtype == np.float64 else 2e-5
    np.testing.assert_allclose(fused, unfused, rtol=tol, atol=tol)
    # And against scipy in float64, so that both cannot be wrong together.
    np.testing.assert_allclose(
        fused, _reference_loss(z.astype(np.float64), y), rtol=tol * 10, atol=tol * 10
    )


@pytest.mark.parametrize(("block_rows", "block_elements"), [(7, 1 << 17), (8192, 64), (1, 1)])
def test_fused_block_settings_do_not_change_the_result(
    rng: np.random.Generator,
    monkeypatch: pytest.MonkeyPatch,
    block_rows: int,
    block_elements: int,
) -> None:
    z = _logits_of(rng, (3, 41, 9), "neginf")
    y = rng.integers(0, 9, size=(3, 41))
    want = _reference_loss(z, y)
    monkeypatch.setattr(_logits, "_BLOCK_ROWS", block_rows)
    monkeypatch.setattr(_logits, "_BLOCK_ELEMENTS", block_elements)
    got = nllbook.cross_entropy_from_logits(z, y, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


def test_fused_handles_non_contiguous_input(rng: np.random.Generator) -> None:
    z = rng.normal(size=(8, 30))
    zt = z.T  # (30, 8), Fortran-ordered view
    y = rng.integers(0, 8, size=30)
    np.testing.assert_allclose(
        nllbook.cross_entropy_from_logits(zt, y, reduction="none"), _reference_loss(zt, y)
    )
    strided = z[:, ::3]
    y2 = rng.integers(0, strided.shape[1], size=8)
    np.testing.assert_allclose(
        nllbook.cross_entropy_from_logits(strided, y2, reduction="none"),
        _reference_loss(strided, y2),
    )


def test_impossible_true_class_gives_inf_without_warning() -> None:
    z = np.array([[0.0, -np.inf, 1.0], [0.0, -np.inf, 1.0]])
    y = np.array([1, 2])
    for f in (nllbook.cross_entropy_from_logits, nllbook.cross_entropy_from_logits_unfused):
        per = f(z, y, reduction="none")
        assert per[0] == np.inf
        # An impossible wrong class is simply absent from the sum.
        assert per[1] == pytest.approx(math.log1p(math.exp(-1.0)))


# -- label smoothing and soft targets --------------------------------------------------------


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("shape", [(5,), (8, 5), (2, 3, 12)])
def test_label_smoothing_matches_mixture_target(
    rng: np.random.Generator, eps: float, shape: Any
) -> None:
    k = shape[-1]
    z = _logits_of(rng, shape, "huge")
    y = rng.integers(0, k, size=shape[:-1])
    target = (1 - eps) * np.eye(k)[y] + eps / k
    want = -(target * scipy.special.log_softmax(z, axis=-1)).sum(axis=-1)
    got = nllbook.cross_entropy_from_logits(z, y, label_smoothing=eps, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # The same smoothing applied to one-hot rows.
    got_rows = nllbook.cross_entropy_from_logits(
        z, np.eye(k)[y], label_smoothing=eps, reduction="none"
    )
    np.testing.assert_allclose(got_rows, want, rtol=1e-12)
    if eps == 1.0:  # uniform target: LSE(z) - mean(z)
        np.testing.assert_allclose(got, scipy.special.logsumexp(z, axis=-1) - z.mean(-1))


@pytest.mark.parametrize("shape", [(4,), (6, 4), (3, 2, 20)])
def test_soft_targets(rng: np.random.Generator, make_dist: Any, shape: Any) -> None:
    z = _logits_of(rng, shape, "normal")
    rows = make_dist(shape, "sparse")
    ce = nllbook.cross_entropy_from_logits(z, rows, reduction="none")
    h = nllbook.entropy(rows)
    assert np.all(ce >= h - 1e-12)
    np.testing.assert_allclose(ce, nllbook.cross_entropy(rows, nllbook.softmax(z)), rtol=1e-12)
    # Equality exactly when the target is the model's own distribution.
    own = nllbook.softmax(z)
    np.testing.assert_allclose(
        nllbook.cross_entropy_from_logits(z, own, reduction="none"), nllbook.entropy(own)
    )


def test_soft_target_with_zero_mass_on_an_impossible_class_is_finite() -> None:
    # 0 * log softmax = 0 * (-inf) must count as 0, with no RuntimeWarning.
    z = np.array([0.0, -np.inf, 0.0])
    assert nllbook.cross_entropy_from_logits(z, np.array([0.5, 0.0, 0.5])) == pytest.approx(
        math.log(2)
    )
    assert nllbook.cross_entropy_from_logits(z, np.array([0.0, 1.0, 0.0])) == np.inf
    # Smoothing puts mass on the impossible class: infinite loss.
    assert nllbook.cross_entropy_from_logits(z, 0, label_smoothing=0.1) == np.inf


# -- dtypes ----------------------------------------------------------------------------------


def test_float32_in_float32_out(rng: np.random.Generator) -> None:
    z = rng.normal(size=(5, 4)).astype(np.float32)
    y = rng.integers(0, 4, size=5)
    assert nllbook.softmax(z).dtype == np.float32
    assert nllbook.log_softmax(z).dtype == np.float32
    assert nllbook.logsumexp(z).dtype == np.float32
    for how in ("mean", "sum", "none"):
        assert nllbook.cross_entropy_from_logits(z, y, reduction=how).dtype == np.float32
        assert nllbook.cross_entropy_from_logits_unfused(z, y, reduction=how).dtype == np.float32
    assert nllbook.cross_entropy_from_logits(z, y, label_smoothing=0.1).dtype == np.float32
    rows = nllbook.softmax(z)
    assert nllbook.cross_entropy_from_logits(z, rows).dtype == np.float32


def test_lists_and_ints_give_float64() -> None:
    assert nllbook.softmax([1, 2, 3]).dtype == np.float64
    assert nllbook.log_softmax([[1, 2], [3, 4]]).dtype == np.float64
    assert nllbook.logsumexp([1, 2]).dtype == np.float64
    assert nllbook.cross_entropy_from_logits([[1, 2], [3, 4]], [0, 1]).dtype == np.float64


def test_scalar_target_with_one_row() -> None:
    out = nllbook.cross_entropy_from_logits([2.0, 0.5, -1.0], 0, reduction="none")
    assert np.ndim(out) == 0
    assert out == pytest.approx(_reference_loss(np.array([2.0, 0.5, -1.0]), np.array(0)))


# -- property tests --------------------------------------------------------------------------


@st.composite
def logits_and_labels(draw: Any) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 12))
    k = draw(st.integers(1, 12))
    z = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-1000.0, 1000.0)))
    y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return z, y


@given(logits_and_labels(), st.floats(-500.0, 500.0))
def test_property_softmax(zy: tuple[np.ndarray, np.ndarray], c: float) -> None:
    z, _ = zy
    s = nllbook.softmax(z)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-13)
    np.testing.assert_allclose(nllbook.log_softmax(z + c), nllbook.log_softmax(z), atol=1e-9)
    lse = nllbook.logsumexp(z)
    assert np.all(lse >= z.max(axis=-1))
    assert np.all(lse <= z.max(axis=-1) + math.log(z.shape[-1]) + 1e-9)


@given(logits_and_labels())
def test_property_fused_equals_unfused(zy: tuple[np.ndarray, np.ndarray]) -> None:
    z, y = zy
    fused = nllbook.cross_entropy_from_logits(z, y, reduction="none")
    assert np.all(fused >= 0)
    np.testing.assert_allclose(
        fused, nllbook.cross_entropy_from_logits_unfused(z, y, reduction="none"), atol=1e-10
    )
    np.testing.assert_allclose(fused, _reference_loss(z, y), atol=1e-10)


# -- smooth_labels -------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5, 1.0])
def test_smooth_labels_is_the_mixture_with_uniform(eps):
    rng = np.random.default_rng(7)
    rows = rng.dirichlet(np.ones(5), size=(3, 2))
    got = nllbook.smooth_labels(rows, eps)
    assert np.allclose(got, (1 - eps) * rows + eps * np.full(5, 1 / 5))
    assert np.allclose(got.sum(axis=-1), 1.0)


def test_smooth_labels_gives_the_target_of_label_smoothed_cross_entropy():
    rng = np.random.default_rng(8)
    logits = rng.normal(size=(6, 4))
    target = rng.integers(0, 4, size=6)
    smoothed = nllbook.smooth_labels(np.eye(4)[target], 0.2)
    want = -(smoothed * scipy.special.log_softmax(logits, axis=-1)).sum(axis=-1).mean()
    assert np.isclose(nllbook.cross_entropy_from_logits(logits, target, label_smoothing=0.2), want)


def test_smooth_labels_keeps_float32_and_rejects_bad_input():
    assert nllbook.smooth_labels(np.eye(3, dtype=np.float32)[0], 0.1).dtype == np.float32
    with pytest.raises(ValueError, match="label_smoothing: must be in"):
        nllbook.smooth_labels([1.0, 0.0], 1.5)
    with pytest.raises(ValueError, match="target: rows must sum to 1"):
        nllbook.smooth_labels([1.0, 1.0], 0.1)
