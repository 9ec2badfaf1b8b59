"""Differential tests: nllbook against scipy and scikit-learn on generated inputs.

Hypothesis draws shapes, dtypes, memory orders and values (including the
edges: zeros, subnormals, huge and -inf logits), and each function is
compared with an independent implementation. The tolerances are stated in
units of the result type's machine epsilon.
"""

from __future__ import annotations

import math
import os
import warnings
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from packaging.version import Version

import nllbook

#: Examples per property; NLLBOOK_DIFF_EXAMPLES raises it for a longer hunt.
DIFF = settings(max_examples=int(os.environ.get("NLLBOOK_DIFF_EXAMPLES", "300")))

FLOATS = st.sampled_from([np.float32, np.float64])


@st.composite
def logit_arrays(draw: Any, min_k: int = 1, max_k: int = 12) -> np.ndarray:
    """2-D or 3-D logits, C or Fortran order, with huge, tiny and -inf entries."""
    dtype = draw(FLOATS)
    k = draw(st.integers(min_k, max_k))
    lead = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2))
    shape = (*lead, k)
    width = 32 if dtype == np.float32 else 64
    big = float(np.finfo(dtype).max) / 4
    elems = st.one_of(
        st.floats(-30, 30, width=32),
        st.floats(-big, big, width=width),
        st.just(-np.inf),
    )
    x = draw(hnp.arrays(dtype, shape, elements=elems))
    # Every row needs one finite entry (a row of -inf has no distribution).
    x[..., draw(st.integers(0, k - 1))] = draw(st.floats(-5, 5, width=32))
    if draw(st.booleans()):
        x = np.asfortranarray(x)
    return x


@st.composite
def distributions(draw: Any, k: int | None = None) -> np.ndarray:
    """Rows of probabilities, possibly with zeros and subnormal entries, C or F order."""
    k = draw(st.integers(1, 10)) if k is None else k
    n = draw(st.integers(1, 4))
    raw = draw(
        hnp.arrays(
            np.float64,
            (n, k),
            elements=st.one_of(st.floats(0, 1), st.just(0.0), st.floats(1e-320, 1e-300)),
        )
    )
    raw[:, draw(st.integers(0, k - 1))] += draw(st.floats(0.01, 1))
    p = raw / raw.sum(axis=-1, keepdims=True)
    return np.asfortranarray(p) if draw(st.booleans()) else p


def ulps(got: Any, want: Any, dtype: Any) -> float:
    """Largest error of ``got`` in units of eps * max(1, |want|)."""
    got64, want64 = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got64.size == 0:
        return 0.0
    both_inf = np.isinf(got64) & (got64 == want64)
    err = np.where(both_inf, 0.0, np.abs(got64 - want64) / np.maximum(1.0, np.abs(want64)))
    return float(np.max(err) / np.finfo(dtype).eps)


# -- logits ----------------------------------------------------------------------------------


@DIFF
@given(logit_arrays())
def test_logsumexp_softmax_log_softmax_match_scipy(x: np.ndarray) -> None:
    x64 = np.ascontiguousarray(x, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy may warn where nllbook must not
        lse = scipy.special.logsumexp(x64, axis=-1)
        sm = scipy.special.softmax(x64, axis=-1)
        lsm = scipy.special.log_softmax(x64, axis=-1)
    tol = 8  # a few roundings of the result type
    assert ulps(nllbook.logsumexp(x), lse, x.dtype) <= tol
    got_sm = nllbook.softmax(x)
    assert got_sm.dtype == x.dtype
    # exp(z - m) inherits the rounding of z - m in the input type: a relative
    # error of |z - m| * eps/2, which no implementation in that type avoids.
    with np.errstate(invalid="ignore"):
        cond = np.nan_to_num(np.abs(x64 - x64.max(axis=-1, keepdims=True)), posinf=0.0)
    rtol = (tol + cond) * np.finfo(x.dtype).eps
    tiny = np.finfo(x.dtype).smallest_normal
    assert (np.abs(got_sm - sm) <= rtol * sm + tiny).all()
    finite = np.isfinite(lsm)
    got_lsm = nllbook.log_softmax(x)
    assert ulps(got_lsm[finite], lsm[finite], x.dtype) <= tol
    assert np.array_equal(np.isneginf(got_lsm), np.isneginf(lsm))


@DIFF
@given(logit_arrays(), st.data())
def test_fused_loss_matches_unfused_and_scipy(x: np.ndarray, data: Any) -> None:
    idx = data.draw(hnp.arrays(np.int64, x.shape[:-1], elements=st.integers(0, x.shape[-1] - 1)))
    fused = nllbook.cross_entropy_from_logits(x, idx, reduction="none")
    unfused = nllbook.cross_entropy_from_logits_unfused(x, idx, reduction="none")
    assert fused.dtype == unfused.dtype == x.dtype
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = -np.take_along_axis(
            scipy.special.log_softmax(x.astype(np.float64), axis=-1), idx[..., None], axis=-1
        )[..., 0]
    finite = np.isfinite(ref)
    assert np.array_equal(np.isinf(fused), ~finite)
    assert ulps(fused[finite], ref[finite], x.dtype) <= 8
    assert ulps(fused[finite], unfused[finite], x.dtype) <= 8


@DIFF
@given(
    hnp.arrays(
        st.sampled_from([np.float32, np.float64]),
        hnp.array_shapes(max_dims=2, max_side=6),
        elements=st.floats(-1e4, 1e4, width=32) | st.sampled_from([np.inf, -np.inf]),
    )
)
def test_sigmoid_and_log_sigmoid_match_scipy(x: np.ndarray) -> None:
    with np.errstate(all="ignore"):
        want = scipy.special.expit(x.astype(np.float64))
        want_log = scipy.special.log_expit(x.astype(np.float64))
    assert ulps(nllbook.sigmoid(x), want, x.dtype) <= 2
    got_log = nllbook.log_sigmoid(x)
    assert np.array_equal(np.isneginf(got_log), np.isneginf(want_log))
    fin = np.isfinite(want_log)
    assert ulps(np.asarray(got_log)[fin], want_log[fin], x.dtype) <= 4


# -- probabilities ---------------------------------------------------------------------------


@DIFF
@given(distributions(), st.sampled_from([None, 2, 10, 0.5]))
def test_entropy_matches_scipy(p: np.ndarray, base: Any) -> None:
    want = scipy.stats.entropy(p, base=base, axis=-1)
    assert ulps(nllbook.entropy(p, base=base), want, np.float64) <= 16


@DIFF
@given(st.integers(1, 8).flatmap(lambda k: st.tuples(distributions(k), distributions(k))))
def test_kl_and_cross_entropy_match_scipy(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    n = min(len(p), len(q))
    p, q = p[:n], q[:n]
    with np.errstate(all="ignore"):
        kl = scipy.stats.entropy(p, q, axis=-1)
        h = scipy.stats.entropy(p, axis=-1)
    got_kl = nllbook.kl_divergence(p, q)
    got_ce = nllbook.cross_entropy(p, q)
    assert np.array_equal(np.isinf(got_kl), np.isinf(kl))
    fin = np.isfinite(kl)
    # KL of nearly equal rows is a difference of large terms: absolute tolerance.
    np.testing.assert_allclose(got_kl[fin], kl[fin], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got_ce[fin], (h + kl)[fin], rtol=1e-12, atol=1e-13)
    assert (got_ce[fin] >= nllbook.entropy(p)[fin] - 1e-13).all()


@DIFF
@given(
    hnp.arrays(
        st.sampled_from([np.float32, np.float64]),
        st.integers(1, 20),
        elements=st.floats(0, 1, width=32) | st.floats(2.0**-100, 2.0**-10, width=32),
    ),
    st.data(),
)
def test_binary_cross_entropy_matches_scipy_xlog1py(y_hat: np.ndarray, data: Any) -> None:
    y = data.draw(hnp.arrays(y_hat.dtype, y_hat.shape, elements=st.floats(0, 1, width=32)))
    with np.errstate(divide="ignore"):
        want = -(
            scipy.special.xlogy(y.astype(np.float64), y_hat.astype(np.float64))
            + scipy.special.xlog1py(1 - y.astype(np.float64), -y_hat.astype(np.float64))
        )
    got = nllbook.binary_cross_entropy(y, y_hat, reduction="none")
    assert np.array_equal(np.isinf(got), np.isinf(want))
    fin = np.isfinite(want)
    np.testing.assert_allclose(got[fin], want[fin], rtol=4 * np.finfo(y.dtype).eps, atol=0)


@DIFF
@given(distributions(), st.data())
def test_nll_matches_sklearn_log_loss(q: np.ndarray, data: Any) -> None:
    import sklearn
    from sklearn.metrics import log_loss

    k = q.shape[-1]
    y = data.draw(hnp.arrays(np.int64, q.shape[:1], elements=st.integers(0, k - 1)))
    # log_loss clips the probabilities at eps (a documented difference); before
    # scikit-learn 1.5 it then renormalised each row, so that a clipped entry
    # anywhere in a row changed that row's loss, not only a clipped true class.
    renormalises = Version(sklearn.__version__) < Version("1.5")
    clipped = q < 1e-15 if renormalises else q[np.arange(len(y)), y] < 1e-15
    if k < 2 or clipped.any():
        return  # log_loss needs two classes, and differs where it clips
    want = log_loss(y, q, labels=np.arange(k))
    assert math.isclose(float(nllbook.nll(q, y)), want, rel_tol=1e-12, abs_tol=1e-15)


# -- the edge cases of issue 11, each with its reference value -------------------------------


def test_bce_keeps_small_probabilities() -> None:
    y_hat32 = np.float32(1e-8)
    want = -scipy.special.xlog1py(1.0, -1e-8)  # 1.0000000050000000e-08
    got = nllbook.binary_cross_entropy(np.float32(0.0), y_hat32)
    assert got.dtype == np.float32 and ulps(got, want, np.float32) <= 1
    got5 = nllbook.binary_cross_entropy(np.float32(0.0), np.float32(1e-5))
    assert ulps(got5, -math.log1p(-float(np.float32(1e-5))), np.float32) <= 1
    assert nllbook.binary_cross_entropy(0.0, 1e-20) == 1e-20


def test_kl_with_a_base_below_one_is_negative_like_scipy() -> None:
    want = scipy.stats.entropy([1, 0], [0.5, 0.5], base=0.5)
    assert want == pytest.approx(-1.0)
    assert nllbook.kl_divergence([1, 0], [0.5, 0.5], base=0.5) == pytest.approx(want)


@pytest.mark.parametrize("name", ["logsumexp", "softmax", "log_softmax"])
def test_fortran_order_is_as_accurate_as_c_order(name: str) -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(size=(3, 200_001)).astype(np.float32)
    x[:, 0] = 12.0  # one large term, many small ones
    f = getattr(nllbook, name)
    c_order, f_order = f(x), f(np.asfortranarray(x))
    np.testing.assert_array_equal(f_order, c_order)
    ref = getattr(scipy.special, name)(x.astype(np.float64), axis=-1)
    assert ulps(c_order, ref, np.float32) <= 8


def test_entropy_in_fortran_order() -> None:
    rng = np.random.default_rng(3)
    p = rng.random((2, 500_000)) ** 8
    p /= p.sum(axis=-1, keepdims=True)
    want = scipy.stats.entropy(p, axis=-1)
    got = nllbook.entropy(np.asfortranarray(p))
    np.testing.assert_array_equal(got, nllbook.entropy(p))
    assert ulps(got, want, np.float64) <= 16


@pytest.mark.parametrize("gap", [16.0, 20.0, 23.0, 25.5])
def test_fused_float32_with_many_tiny_classes_matches_unfused(gap: float) -> None:
    # exp(-25.5) is below half an ulp of 1 in float32: a float32 running sum
    # drops all 10,000 terms and the loss of class 0 comes out as exactly 0.
    z = np.full((4, 10_001), -gap, dtype=np.float32)
    z[:, 0] = 0.0
    y = np.array([0, 1, 5000, 10_000])
    ref = -scipy.special.log_softmax(z.astype(np.float64), axis=-1)[np.arange(4), y]
    fused = nllbook.cross_entropy_from_logits(z, y, reduction="none")
    unfused = nllbook.cross_entropy_from_logits_unfused(z, y, reduction="none")
    assert ulps(fused, ref, np.float32) <= 2
    assert ulps(unfused, ref, np.float32) <= 2


def test_rows_accepted_within_tolerance_keep_cross_entropy_above_entropy() -> None:
    p = np.array([0.5, 0.3, 0.2])
    q = p * (1 + 5e-7)  # sums to 1 + 5e-7: accepted
    h, ce, kl = nllbook.entropy(p), nllbook.cross_entropy(p, q), nllbook.kl_divergence(p, q)
    assert ce >= h
    assert ce == pytest.approx(h + kl, abs=1e-15)
    assert kl == pytest.approx(scipy.stats.entropy(p, q), abs=1e-15)


def test_longdouble_is_kept() -> None:
    p = np.array([0.25, 0.75], dtype=np.longdouble)
    assert nllbook.entropy(p).dtype == np.longdouble
    assert nllbook.softmax(p).dtype == np.longdouble
    assert nllbook.logsumexp(p).dtype == np.longdouble
    assert nllbook.cross_entropy_from_logits(p[None], [1]).dtype == np.longdouble
    assert nllbook.entropy(p) == pytest.approx(scipy.stats.entropy([0.25, 0.75]), rel=1e-15)


def test_logsumexp_overflowing_difference_is_silent() -> None:
    with np.errstate(over="ignore"):  # scipy itself warns here
        want = scipy.special.logsumexp([1e308, -8e307])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nllbook.logsumexp([1e308, -8e307]) == want == 1e308
        assert nllbook.log_softmax([1e308, -8e307])[0] == 0.0
        assert nllbook.softmax([1e308, -8e307]).tolist() == [1.0, 0.0]


def test_sigmoid_of_infinity_is_expit() -> None:
    assert nllbook.sigmoid(np.inf) == scipy.special.expit(np.inf) == 1.0
    assert nllbook.sigmoid(-np.inf) == scipy.special.expit(-np.inf) == 0.0
    assert nllbook.log_sigmoid(-np.inf) == scipy.special.log_expit(-np.inf)


def test_float16_probabilities_use_a_float16_tolerance() -> None:
    p = np.array([0.1, 0.2, 0.7], dtype=np.float16)  # sums to 1 - 2.4e-4 after rounding
    assert abs(float(p.astype(np.float64).sum()) - 1) > nllbook.SUM_ATOL
    want = scipy.stats.entropy(p.astype(np.float64))
    assert nllbook.entropy(p) == pytest.approx(want, rel=1e-12)
    with pytest.raises(ValueError, match="^p: rows must sum to 1"):
        nllbook.entropy(np.array([0.1, 0.2, 0.6], dtype=np.float16))


# -- the formulas that have one home ---------------------------------------------------------


@DIFF
@given(
    hnp.arrays(np.float64, st.integers(1, 12), elements=st.sampled_from([0.0, 1.0])),
    hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(0, 1)),
)
def test_bernoulli_grids_match_the_closed_form(y: np.ndarray, theta: np.ndarray) -> None:
    n, heads = y.size, int(y.sum())
    want = theta**heads * (1 - theta) ** (n - heads)  # the closed form, 0**0 = 1
    got_lik = nllbook.bernoulli_likelihood_grid(y, theta)
    np.testing.assert_allclose(got_lik, want, rtol=1e-12, atol=1e-290)  # subnormal products
    with np.errstate(divide="ignore"):
        want_nll = -(scipy.special.xlogy(heads, theta) + scipy.special.xlog1py(n - heads, -theta))
    got = nllbook.bernoulli_nll_grid(y, theta)
    assert np.array_equal(np.isinf(got), np.isinf(want_nll))
    fin = np.isfinite(want_nll)
    np.testing.assert_allclose(got[fin], want_nll[fin], rtol=1e-12, atol=1e-300)


@DIFF
@given(
    hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-20, 20)),
    st.data(),
    st.floats(0, 1),
)
def test_gradient_is_softmax_minus_target(z: np.ndarray, data: Any, eps: float) -> None:
    k = z.size
    y = data.draw(st.integers(0, k - 1))
    t = (1 - eps) * np.eye(k)[y] + eps / k
    want = scipy.special.softmax(z) - t
    got = nllbook.softmax_cross_entropy_gradient(z, y, label_smoothing=eps)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    # and the derivative of the loss, by central differences of scipy's log_softmax
    h = 1e-6
    loss = lambda v: -(t * scipy.special.log_softmax(v)).sum()  # noqa: E731
    fd = np.array([(loss(z + h * e) - loss(z - h * e)) / (2 * h) for e in np.eye(k)])
    np.testing.assert_allclose(got, fd, atol=1e-6)


@pytest.mark.parametrize(
    ("base", "unit"), [(None, "nats"), (math.e, "nats"), (2, "bits"), (10, "hartleys")]
)
def test_information_unit(base: Any, unit: str) -> None:
    assert nllbook.information_unit(base) == unit


# -- what mutation testing found unguarded ---------------------------------------------------


def test_both_rows_are_renormalised() -> None:
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.3, 0.5])
    for sp, sq in ((1 + 6e-7, 1.0), (1.0, 1 - 6e-7), (1 - 6e-7, 1 + 6e-7)):
        got_h = nllbook.entropy(p * sp)
        got_ce = nllbook.cross_entropy(p * sp, q * sq)
        got_kl = nllbook.kl_divergence(p * sp, q * sq)
        assert got_h == pytest.approx(scipy.stats.entropy(p * sp), rel=1e-14)
        assert got_kl == pytest.approx(scipy.stats.entropy(p * sp, q * sq), rel=1e-14)
        assert got_ce == pytest.approx(got_h + got_kl, rel=1e-14)


MIXED = [(np.float32, np.float32, np.float32), (np.float32, np.float64, np.float64)]


@pytest.mark.parametrize(("a", "b", "out"), MIXED)
def test_result_types_follow_the_inputs(a: Any, b: Any, out: Any) -> None:
    p, q = np.array([0.25, 0.75], dtype=a), np.array([0.5, 0.5], dtype=b)
    assert nllbook.xlogy(p, q).dtype == out
    assert nllbook.cross_entropy(p, q).dtype == out
    assert nllbook.kl_divergence(p, q).dtype == out
    z = np.array([-2.0, 3.0], dtype=a)
    assert nllbook.binary_cross_entropy_from_logits(z, q, "none").dtype == out
    assert nllbook.binary_cross_entropy_from_logits(z, q).dtype == out
    assert nllbook.sigmoid(z).dtype == a
    assert nllbook.log_sigmoid(z).dtype == a


def test_xlogy_refuses_what_has_no_real_log() -> None:
    with pytest.raises(ValueError, match=r"^y: contains a negative value"):
        nllbook.xlogy(1.0, -0.5)
    with pytest.raises(ValueError, match=r"^x and y: shapes \(2,\) and \(3,\)"):
        nllbook.xlogy([1.0, 2.0], [1.0, 2.0, 3.0])


def test_information_unit_of_other_bases() -> None:
    assert nllbook.information_unit(3) == "log base 3 units"
    with pytest.raises(ValueError, match="^base"):
        nllbook.information_unit(1)
