"""Round 2 of the edges: each defect of issue 25 against an independent reference.

References are mpmath at high precision (skipped when mpmath is missing; it
comes with PyTorch's sympy), SciPy, scikit-learn and PyTorch (skipped when
not installed), or an exact rule written out here with ``fractions`` and
``decimal``; never a number taken from nllbook's own output.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics

import nllbook
from nllbook import _beyond
from nllbook import conventions as cv
from nllbook import examples as ex


def _mp() -> Any:
    mpmath = pytest.importorskip("mpmath", reason="mpmath is the high-precision reference")
    mpmath.mp.dps = 80
    return mpmath


def _torch() -> Any:
    return pytest.importorskip(
        "torch", reason="PyTorch is an optional test extra (.ci/run installs torch==2.13.0)"
    )


def _close(got: float, want: Any, rtol: float) -> None:
    """``got`` within ``rtol`` of the high-precision ``want`` (equal when both are inf)."""
    w = float(want)
    if math.isinf(w):
        assert got == w
    else:
        assert abs(got - w) <= rtol * abs(w), (got, w)


# -- gaussian_bin_nll: tails, narrow bins, readings on edges --------------------------------


def _mp_bin_nll(mp: Any, lo: Fraction, w: Fraction, mu: float, sigma: float) -> Any:
    """-ln(Φ(b) - Φ(a)) for the exact bin [lo, lo + w), from erfc of the side it lies on.

    The working precision grows with the digits the difference cancels.
    """
    with mp.workdps(60 + max(0, int(-math.log10(float(w))))):
        return _mp_bin_nll_at(mp, lo, w, mu, sigma)


def _mp_bin_nll_at(mp: Any, lo: Fraction, w: Fraction, mu: float, sigma: float) -> Any:
    s2 = mp.sqrt(2)
    za = (mp.mpf(lo.numerator) / lo.denominator - mu) / sigma
    zb = (mp.mpf((lo + w).numerator) / (lo + w).denominator - mu) / sigma
    if za >= 0:
        prob = (mp.erfc(za / s2) - mp.erfc(zb / s2)) / 2
    elif zb <= 0:
        prob = (mp.erfc(-zb / s2) - mp.erfc(-za / s2)) / 2
    else:
        prob = mp.ncdf(zb) - mp.ncdf(za)
    return -mp.log(prob)


def _exact_bin(x: float, w: float) -> Fraction:
    """Left edge k w of the bin holding the float x, in exact arithmetic.

    The rule stated by gaussian_bin_nll: a reading within 4 ulps below an
    edge lies on it (60.0 is the float just below 60000 × 0.001).
    """
    fw = Fraction(w)
    k = math.floor(Fraction(x) / fw)
    ulp = Fraction(math.ulp(x))
    if (k + 1) * fw - Fraction(x) <= 4 * ulp and fw > 8 * ulp:
        k += 1
    return k * fw


@pytest.mark.parametrize(
    ("x", "width"),
    [
        (40.00005, 1e-4),  # issue: inf beyond about 38σ; should be 810.1313
        (-40.00005, 1e-4),
        (38.5, 0.25),
        (60.0, 1e-3),
        (1e3, 1.0),
        (1e5, 0.5),
        (0.0, 1e-17),  # issue: inf for tiny bins; about 40.06
        (0.3, 1e-17),
        (-2.5, 1e-12),
        (7.0, 1e-9),
        (1.785, 1e-300),
        (0.2, 0.05),
        (-0.1, 0.3),
        (0.5, 4.0),
        (-30.0, 100.0),
    ],
)
def test_gaussian_bin_nll_matches_mpmath_in_tails_and_narrow_bins(x: float, width: float) -> None:
    mp = _mp()
    want = _mp_bin_nll(mp, _exact_bin(x, width), Fraction(width), 0.0, 1.0)
    got = float(nllbook.gaussian_bin_nll(x, width=width))
    _close(got, want, 1e-13)


def test_gaussian_bin_nll_issue_values() -> None:
    assert round(float(nllbook.gaussian_bin_nll(40.00005, width=1e-4)), 4) == 810.1313
    tiny = float(nllbook.gaussian_bin_nll(0.0, width=1e-17))
    # density × width: ½ ln 2π − ln 1e-17, to far more digits than the issue's 40.06.
    assert tiny == pytest.approx(0.5 * math.log(2 * math.pi) - math.log(1e-17), rel=1e-15)


@pytest.mark.parametrize("width_text", ["0.001", "0.01", "0.1", "0.25", "1e-6"])
def test_decimal_readings_lie_in_their_own_bin(width_text: str) -> None:
    """1.785 read to the millimetre is the bin [1.785, 1.786), not the one below."""
    mp = _mp()
    w = float(width_text)
    readings = ["1.785", "1.76", "1.812", "-1.785", "0.3", "2.5", "-0.7", "1000.001"]
    for text in readings:
        step = Decimal(width_text)
        k = math.floor(Decimal(text) / step)
        if Decimal(text) != k * step:
            continue  # only readings on the grid of the width
        x = float(text)
        lo = Fraction(k) * Fraction(w)  # the bin [k w, (k + 1) w) of the float width
        offset = float(_beyond._bin_offset(np.array([x]), w)[0])
        assert -4 * math.ulp(x) <= offset < w  # the reading lies in its bin (to 4 ulps)
        assert abs(Fraction(x) - Fraction(offset) - lo) <= 8 * Fraction(math.ulp(x))
        want = _mp_bin_nll(mp, lo, Fraction(w), 1.8, 0.05)
        _close(float(nllbook.gaussian_bin_nll(x, 1.8, 0.05, width=w)), want, 1e-12)


def test_every_reading_lies_inside_its_bin() -> None:
    rng = np.random.default_rng(25)
    for w in (1e-3, 0.01, 0.37, 2.0, 1e-7):
        x = np.round(rng.normal(0, 3, size=2000), 3)
        r = _beyond._bin_offset(x, w)
        assert np.all(r < w)
        assert np.all(r >= -4 * np.spacing(np.abs(x)))
        for xi, ri in zip(x[:200], r[:200], strict=True):
            # x - r is k w for a whole k, up to the rounding of r + w.
            k = (Fraction(float(xi)) - Fraction(float(ri))) / Fraction(w)
            assert abs(k - round(k)) * Fraction(w) <= 4 * Fraction(math.ulp(w) + math.ulp(xi))


def test_gaussian_bin_nll_far_out_is_finite_and_never_negative() -> None:
    got = nllbook.gaussian_bin_nll([1e100, -1e150, 1e-300, 5e153], width=1e-3, reduction="none")
    assert np.all(np.isfinite(got)) and np.all(got >= 0)
    assert float(nllbook.gaussian_bin_nll(1e200, width=1.0)) == np.inf  # ln P overflows


# -- logsumexp and the losses built on it ---------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [[0.0, -40.0], [0.0, -20.0], [5.0, -700.0, 5.0 - 37.0], [-1e3, -1e3 - 36.5], [1.0, 1.0]],
)
def test_logsumexp_matches_scipy_and_mpmath(row: list[float]) -> None:
    want = scipy.special.logsumexp(row)
    got = float(nllbook.logsumexp(row))
    assert got == pytest.approx(want, rel=4e-16, abs=0)
    mp = _mp()
    _close(got, mp.log(mp.fsum(mp.exp(mp.mpf(v)) for v in row)), 4e-16)


def test_logsumexp_of_0_and_minus_40_is_not_0() -> None:
    want = 4.248354255291589e-18  # log1p(exp(-40)), scipy.special.logsumexp([0, -40])
    assert float(nllbook.logsumexp([0.0, -40.0])) == pytest.approx(want, rel=1e-15, abs=0)
    assert float(scipy.special.logsumexp([0.0, -40.0])) == pytest.approx(want, rel=1e-15, abs=0)


def test_log_softmax_keeps_the_digits_of_a_confident_row() -> None:
    # scipy.special.log_softmax rounds the first entries to 0 (and loses
    # digits on [0, -20]); mpmath is the reference.
    mp = _mp()
    z = np.array([[40.0, 0.0], [0.0, -20.0], [3.0, -50.0]])
    got = nllbook.log_softmax(z)
    for row, g in zip(z, got, strict=True):
        lse = mp.log(mp.fsum(mp.exp(mp.mpf(v)) for v in row))
        for v, gv in zip(row, g, strict=True):
            _close(float(gv), mp.mpf(v) - lse, 1e-15)


@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_from_logits_of_a_confident_row_matches_mpmath(smoothing: float) -> None:
    mp = _mp()
    z = np.array([[40.0, 0.0], [0.0, -20.0], [38.0, 1.0]])
    y = np.array([0, 0, 0])
    got = nllbook.cross_entropy_from_logits(z, y, label_smoothing=smoothing, reduction="none")
    soft = nllbook.cross_entropy_from_logits(z, np.eye(2)[y], smoothing, reduction="none")
    for row, yi, g, s in zip(z, y, got, soft, strict=True):
        lse = mp.log(mp.fsum(mp.exp(mp.mpf(v)) for v in row))
        t = [(1 - smoothing) * (k == yi) + smoothing / 2 for k in range(2)]
        want = mp.fsum(tk * (lse - mp.mpf(v)) for tk, v in zip(t, row, strict=True))
        _close(float(g), want, 1e-14)
        _close(float(s), want, 1e-14)
    unfused = nllbook.cross_entropy_from_logits_unfused(z, y, reduction="none")
    np.testing.assert_allclose(unfused, got if smoothing == 0 else unfused, rtol=1e-15)


def test_fused_loss_keeps_tiny_losses_across_blocks() -> None:
    from nllbook import _logits

    n = _logits._BLOCK_ROWS + 5
    z = np.zeros((n, 3))
    z[:, 0] = np.linspace(30.0, 45.0, n)
    got = nllbook.cross_entropy_from_logits(z, np.zeros(n, dtype=int), reduction="none")
    # LSE([a, 0, 0]) - a = log1p(2 e^-a), written out with numpy's own log1p and exp.
    want = np.log1p(2 * np.exp(-z[:, 0]))
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


# -- binary cross-entropy from logits: soft labels near 1 ------------------------------------


@pytest.mark.parametrize(
    ("z", "y"),
    [(20.0, 1 - 1e-12), (30.0, 1 - 1e-15), (-20.0, 1e-12), (5.0, 0.999), (-35.0, 1e-300)],
)
def test_bce_from_logits_soft_labels_match_mpmath(z: float, y: float) -> None:
    mp = _mp()
    zz, yy = mp.mpf(z), mp.mpf(y)
    log_sig = -mp.log1p(mp.exp(-zz))
    log_one_minus = -mp.log1p(mp.exp(zz))
    want = -(yy * log_sig + (1 - yy) * log_one_minus)
    _close(float(nllbook.binary_cross_entropy_from_logits([z], [y])), want, 1e-14)


def test_bce_from_logits_soft_labels_match_torch() -> None:
    torch = _torch()
    # (Not z = -20, y = 1e-12, where torch itself loses digits: mpmath agrees with nllbook.)
    z, y = np.array([20.0, 30.0, 3.0, -2.0]), np.array([1 - 1e-12, 1 - 1e-15, 0.4, 0.25])
    want = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.as_tensor(z), torch.as_tensor(y), reduction="none"
    ).numpy()
    got = nllbook.binary_cross_entropy_from_logits(z, y, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-13)


# -- perplexity ------------------------------------------------------------------------------


def test_perplexity_takes_the_base_itself() -> None:
    assert nllbook.perplexity(3, base=10) == 1000.0
    assert nllbook.perplexity(10, base=2) == 1024.0
    mp = _mp()
    for nll, base in ((0.7, 10), (3.3, 2), (1.25, 7)):
        want = mp.power(mp.mpf(base), mp.mpf(nll))
        assert abs(nllbook.perplexity(nll, base=base) - float(want)) <= math.ulp(float(want))


@pytest.mark.parametrize("base", [0.5, 1.0, True, "2"])
def test_perplexity_needs_a_base_above_1(base: Any) -> None:
    with pytest.raises(ValueError, match=r"^base"):
        nllbook.perplexity(1.0, base=base)


# -- chi-square survival function ------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "df"),
    [(1490.0, 1500), (2000.0, 400), (400.0, 2000), (1e4, 9999), (3.0, 2000), (0.01, 1),
     (700.0, 3), (1500.0, 1), (1e5, 100), (50.0, 49), (1e-8, 7)],
)  # fmt: skip
def test_chi_square_sf_matches_mpmath_for_large_df_and_x(x: float, df: int) -> None:
    mp = _mp()
    want = mp.gammainc(mp.mpf(df) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)
    _close(ex.chi_square_sf(x, df), want, 1e-12)


def test_chi_square_sf_issue_values() -> None:
    assert ex.chi_square_sf(1490, 1500) == pytest.approx(scipy.stats.chi2.sf(1490, 1500), rel=1e-12)
    assert ex.chi_square_sf(2000, 400) == pytest.approx(scipy.stats.chi2.sf(2000, 400), rel=1e-11)
    assert 1e-211 < ex.chi_square_sf(2000, 400) < 1e-209


@pytest.mark.parametrize("bad", [None, True, np.True_, 2.5, "3", 0, [3]])
def test_chi_square_sf_refuses_bad_df(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^df"):
        ex.chi_square_sf(1.0, bad)


@pytest.mark.parametrize("bad", [None, True, "1", np.nan, -0.5, [1.0]])
def test_chi_square_sf_refuses_bad_x(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^x"):
        ex.chi_square_sf(bad, 3)


def test_chi_square_sf_at_the_ends() -> None:
    assert ex.chi_square_sf(0.0, 5) == 1.0
    assert ex.chi_square_sf(math.inf, 5) == 0.0


@pytest.mark.parametrize(
    ("counts", "probs", "name"),
    [
        ([10, 5], [1.0, 0.0], "probs"),  # an expected count of 0
        ([10, -5], [0.5, 0.5], "counts"),
        ([10.5, 5], [0.5, 0.5], "counts"),
        ([0, 0], [0.5, 0.5], "counts"),
        ([10, 5, 1], [0.5, 0.5], "counts and probs"),
        ([True, False], [0.5, 0.5], "counts"),
        ([10, 5], [0.7, 0.7], "probs"),
    ],
)
def test_chi_square_fit_refuses_bad_input(counts: Any, probs: Any, name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name}:"):
        ex.chi_square_fit(counts, probs)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"seed": None}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": True}, "seed"),
     ({"m": True}, "m"), ({"m": 2.5}, "m"), ({"m": "6"}, "m")],
)  # fmt: skip
def test_simulated_rolls_refuses_bad_input(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name}:"):
        ex.simulated_rolls(**{"m": 6, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"m": 0}, "m"), ({"level": 1.5}, "level"), ({"level": True}, "level"),
     ({"max_seed": 0}, "max_seed"), ({"max_seed": None}, "max_seed")],
)  # fmt: skip
def test_first_typical_seed_refuses_bad_input(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name}:"):
        ex.first_typical_seed(**kwargs)


# -- temperature: huge logits, tiny temperatures ---------------------------------------------


def _mp_mean_loss(mp: Any, z: np.ndarray, y: np.ndarray, t: float) -> Any:
    total = mp.mpf(0)
    for row, yi in zip(z, y, strict=True):
        scaled = [mp.mpf(v) / mp.mpf(t) for v in row]
        top = max(scaled)
        lse = top + mp.log(mp.fsum(mp.exp(s - top) for s in scaled))
        total += lse - scaled[yi]
    return total / len(z)


@pytest.mark.parametrize(
    ("scale", "t"),
    [(1e308, 1.0), (1e308, 0.5), (1e306, 0.01), (1.0, 1e-308), (1.0, 1e-310), (1e300, 1e-10),
     (1e-300, 1e-300), (3.0, 1e300)],
)  # fmt: skip
def test_temperature_nll_of_huge_logits_or_tiny_temperatures(scale: float, t: float) -> None:
    mp = _mp()
    z = np.array([[1.0, 0.5, -0.25], [0.2, 0.1, 0.0 + 1e-3], [-1.0, 1.0, 0.5]]) * scale
    y = np.array([0, 1, 2])
    got = nllbook.temperature_nll(z, y, t)
    want = _mp_mean_loss(mp, z, y, t)
    _close(got, want, 1e-12)


def test_fit_temperature_of_huge_logits_scales_with_them() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(size=(40, 4)) * 2
    y = np.where(rng.random(40) < 0.7, z.argmax(axis=1), rng.integers(0, 4, 40))
    res = scipy.optimize.minimize_scalar(
        lambda lt: float(np.mean(
            scipy.special.logsumexp(z / np.exp(lt), axis=1) - z[np.arange(40), y] / np.exp(lt)
        )),
        bounds=(-3, 3), method="bounded", options={"xatol": 1e-10},
    )  # fmt: skip
    t_ref = math.exp(res.x)
    assert nllbook.fit_temperature(z, y) == pytest.approx(t_ref, rel=1e-6)
    for c in (1e300, 1e304):
        got = nllbook.fit_temperature(z * c, y, t_min=1e-3 * c, t_max=1e3 * c)
        assert got == pytest.approx(t_ref * c, rel=1e-6)
    # Tiny temperature bounds on ordinary logits.
    got = nllbook.fit_temperature(z * 1e-300, y, t_min=1e-305, t_max=1e-295)
    assert got == pytest.approx(t_ref * 1e-300, rel=1e-6)


# -- conventions -----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sklearn_log_loss_clips_with_the_eps_of_the_input_dtype(dtype: Any) -> None:
    q = np.array([[1.0, 0.0], [0.25, 0.75], [0.0, 1.0]], dtype=dtype)
    y = [1, 1, 1]
    rel = 10 * float(np.finfo(dtype).eps)  # scikit-learn computes in the dtype
    want = sklearn.metrics.log_loss(y, q, labels=[0, 1])
    assert float(cv.sklearn_log_loss(y, q)) == pytest.approx(float(want), rel=rel)
    want_sum = sklearn.metrics.log_loss(y, q, labels=[0, 1], normalize=False)
    assert float(cv.sklearn_log_loss(y, q, normalize=False)) == pytest.approx(want_sum, rel=rel)
    # The clipping constant is the eps of the input's dtype: 1 - eps for the certain row.
    eps = float(np.finfo(dtype).eps)
    assert -math.log(1 - eps) < float(cv.sklearn_log_loss([0], q[:1])) * 1.01


def test_keras_sparse_squeezes_labels_of_shape_n_by_1() -> None:
    q = np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]])
    flat = cv.keras_sparse_categorical_crossentropy([1, 0], q)
    assert cv.keras_sparse_categorical_crossentropy([[1], [0]], q) == flat
    # The formula written out: -ln of the true-class probability, clipped, averaged.
    assert float(flat) == pytest.approx(-(math.log(0.6) + math.log(0.5)) / 2, rel=1e-15)
    with pytest.raises(ValueError, match=r"^y_true"):
        cv.keras_sparse_categorical_crossentropy([[1, 0]], q)


def test_keras_on_huge_logits_without_from_logits_does_not_warn() -> None:
    z = np.array([[1e308, 1e308, 0.0]])
    got = float(cv.keras_categorical_crossentropy([[1.0, 0.0, 0.0]], z))
    # Keras: the sum overflows to inf, each share rounds to 0, clipped to 1e-7.
    assert got == pytest.approx(-math.log(1e-7), rel=1e-12)


def test_torch_kl_div_zero_target_against_minus_inf_is_nan_as_in_torch() -> None:
    x = np.array([[-np.inf, 0.0], [-1.0, -0.5]])
    p = np.array([[0.0, 1.0], [0.4, 0.6]])
    got = cv.torch_kl_div_loss(x, p, reduction="none")
    assert np.isnan(got[0, 0]) and got[0, 1] == 0.0
    assert got[1, 0] == pytest.approx(0.4 * (math.log(0.4) + 1.0), rel=1e-15)
    torch = pytest.importorskip("torch")
    want = torch.nn.KLDivLoss(reduction="none")(torch.as_tensor(x), torch.as_tensor(p)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-15, equal_nan=True)


def test_torch_cross_entropy_soft_target_with_minus_inf_logit_is_nan_as_in_torch() -> None:
    x = np.array([[-np.inf, 1.0, 0.0], [0.5, 1.0, 0.0]])
    t = np.array([[0.0, 0.5, 0.5], [0.2, 0.3, 0.5]])
    got = cv.torch_cross_entropy_loss(x, t, reduction="none")
    assert np.isnan(got[0]) and np.isfinite(got[1])
    # nllbook's own loss keeps 0 log 0 = 0.
    assert np.isfinite(nllbook.cross_entropy_from_logits(x, t, reduction="none")[0])
    torch = pytest.importorskip("torch")
    for eps in (0.0, 0.1):
        want = torch.nn.CrossEntropyLoss(reduction="none", label_smoothing=eps)(
            torch.as_tensor(x), torch.as_tensor(t)
        ).numpy()
        got = cv.torch_cross_entropy_loss(x, t, label_smoothing=eps, reduction="none")
        np.testing.assert_allclose(got, want, rtol=1e-14, equal_nan=True)


def test_scipy_entropy_axis_none_flattens_as_scipy() -> None:
    p = np.array([[1.0, 2.0], [3.0, 4.0]])
    q = np.array([[2.0, 2.0], [1.0, 5.0]])
    assert float(cv.scipy_entropy(p, axis=None)) == pytest.approx(
        scipy.stats.entropy(p, axis=None), rel=1e-15
    )
    assert float(cv.scipy_entropy(p, q, axis=None)) == pytest.approx(
        scipy.stats.entropy(p, q, axis=None), rel=1e-14
    )


@pytest.mark.parametrize("axis", [0.5, "0", True, [0], 5])
def test_scipy_entropy_refuses_bad_axes(axis: Any) -> None:
    with pytest.raises(ValueError, match=r"^axis"):
        cv.scipy_entropy([0.5, 0.5], axis=axis)


def test_scipy_entropy_of_huge_weights() -> None:
    assert float(cv.scipy_entropy([1e308, 1e308])) == pytest.approx(math.log(2), rel=1e-15)
    want = scipy.stats.entropy([3.0, 1.0, 0.5])
    assert float(cv.scipy_entropy([3e307, 1e307, 5e306])) == pytest.approx(want, rel=1e-14)


SMOOTHED_CALLS = {
    "cross_entropy_from_logits": lambda e: nllbook.cross_entropy_from_logits([[1.0, 2.0]], [0], e),
    "smooth_labels": lambda e: nllbook.smooth_labels([0.5, 0.5], e),
    "gradient": lambda e: nllbook.softmax_cross_entropy_gradient([1.0, 2.0], 0, e),
    "torch": lambda e: cv.torch_cross_entropy_loss([[1.0, 2.0]], [0], label_smoothing=e),
    "keras": lambda e: cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.3, 0.7]],
                                                         label_smoothing=e),
    "mistakes": lambda e: cv.classic_mistakes([[1.0, 2.0]], [0], label_smoothing=e),
}  # fmt: skip


@pytest.mark.parametrize("call", SMOOTHED_CALLS.values(), ids=SMOOTHED_CALLS.keys())
@pytest.mark.parametrize("bad", [None, [0.1], "0.1", True, np.True_, 1.5, np.nan, 10**400])
def test_label_smoothing_is_checked_everywhere(call: Any, bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^label_smoothing"):
        call(bad)


REDUCED_CALLS = {
    "nll": lambda r: nllbook.nll([0.5, 0.5], 0, reduction=r),
    "ce_logits": lambda r: nllbook.cross_entropy_from_logits([[1.0, 2.0]], [0], reduction=r),
    "gaussian": lambda r: nllbook.gaussian_nll([1.0], reduction=r),
    "bigram": lambda r: nllbook.bigram_nll("ab", [[0.5, 0.5], [0.5, 0.5]], "ab", reduction=r),
    "torch_kl": lambda r: cv.torch_kl_div_loss([[-1.0, -0.5]], [[0.4, 0.6]], reduction=r),
    "torch_bce": lambda r: cv.torch_bce_with_logits_loss([1.0], [1.0], reduction=r),
    "keras": lambda r: cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.3, 0.7]], reduction=r),
    "keras_sparse": lambda r: cv.keras_sparse_categorical_crossentropy([0], [[0.3, 0.7]],
                                                                       reduction=r),
}  # fmt: skip


@pytest.mark.parametrize("call", REDUCED_CALLS.values(), ids=REDUCED_CALLS.keys())
@pytest.mark.parametrize("bad", [np.array(["mean", "sum"]), np.array("mean"), ["mean"], 1, "max"])
def test_reduction_given_as_an_array_is_a_value_error(call: Any, bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^reduction"):
        call(bad)


CONVENTION_NAMES = {
    "keras_sparse y_true": (lambda: cv.keras_sparse_categorical_crossentropy([5], [[0.3, 0.7]]),
                            "y_true"),
    "sklearn y_true": (lambda: cv.sklearn_log_loss([5], [[0.3, 0.7]]), "y_true"),
    "bce_with_logits input": (lambda: cv.torch_bce_with_logits_loss([np.nan], [1.0]), "input"),
    "bce_with_logits target": (lambda: cv.torch_bce_with_logits_loss([1.0], [2.0]), "target"),
    "bce_with_logits shapes": (lambda: cv.torch_bce_with_logits_loss([1.0], [1.0, 0.0]),
                               "input and target"),
    "cross_entropy soft input": (lambda: cv.torch_cross_entropy_loss([[np.nan, 1.0]],
                                                                     [[0.5, 0.5]]), "input"),
    "cross_entropy soft target": (lambda: cv.torch_cross_entropy_loss([[0.0, 1.0]],
                                                                      [[0.7, 0.7]]), "target"),
    "from_logits": (lambda: cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.3, 0.7]],
                                                              from_logits="False"), "from_logits"),
    "log_target": (lambda: cv.torch_kl_div_loss([[-1.0, -0.5]], [[0.4, 0.6]], log_target=1),
                   "log_target"),
    "normalize": (lambda: cv.sklearn_log_loss([0], [[0.3, 0.7]], normalize=None), "normalize"),
}  # fmt: skip


@pytest.mark.parametrize("case", CONVENTION_NAMES.values(), ids=CONVENTION_NAMES.keys())
def test_conventions_name_their_own_arguments(case: Any) -> None:
    call, name = case
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(f"{name}:"), str(info.value)


# -- language models -------------------------------------------------------------------------


def test_lone_surrogate_is_a_character_outside_the_alphabet() -> None:
    with pytest.raises(ValueError, match=r"^text: characters not in the alphabet"):
        nllbook.bigram_counts("ab\ud800a", "ab")
    with pytest.raises(ValueError, match=r"^text"):
        nllbook.bigram_nll("a\udfffb", [[0.5, 0.5], [0.5, 0.5]], "ab")


def test_bigram_nll_refuses_rows_that_do_not_sum_to_1() -> None:
    with pytest.raises(ValueError, match=r"^probabilities: rows must sum to 1"):
        nllbook.bigram_nll("abab", np.ones((2, 2)), "ab")
    with pytest.raises(ValueError, match=r"^probabilities: rows must sum to 1"):
        nllbook.bigram_nll("abab", [[0.5, 0.5], [0.2, 0.2]], "ab")
    # A row of zeros is the unsmoothed model's "never seen followed": allowed.
    q = nllbook.bigram_probabilities(nllbook.bigram_counts("aab", "abc"))
    assert q[2].sum() == 0
    assert float(nllbook.bigram_nll("aab", q, "abc")) == pytest.approx(
        -(math.log(0.5) + math.log(0.5)) / 2, rel=1e-15
    )


def test_bigram_probabilities_of_huge_counts_are_not_zeros() -> None:
    c = np.array([[1e308, 1e308], [3e307, 1e307]])
    got = nllbook.bigram_probabilities(c)
    np.testing.assert_allclose(got, [[0.5, 0.5], [0.75, 0.25]], rtol=1e-15)
    got = nllbook.bigram_probabilities(c, smoothing=1e308)
    # (c + k) / sum(c + k), in exact arithmetic.
    for row_c, row_g in zip(c, got, strict=True):
        total = sum(Fraction(v) + Fraction(1e308) for v in row_c)
        for v, g in zip(row_c, row_g, strict=True):
            assert g == pytest.approx(float((Fraction(v) + Fraction(1e308)) / total), rel=1e-15)


# -- gaussian_nll overflow ---------------------------------------------------------------------


def test_gaussian_nll_overflowing_square_is_inf_without_warning() -> None:
    # (x - μ)² / 2σ² = 5e399 here: above the largest float.
    assert float(nllbook.gaussian_nll(1e200, 0.0, 1e-200)) == np.inf
    assert float(nllbook.gaussian_nll(1e308, -1e308, 1.0)) == np.inf
    want = -scipy.stats.norm.logpdf(1e150, scale=1.0)
    assert float(nllbook.gaussian_nll(1e150)) == pytest.approx(want, rel=1e-15)


# -- found in the library's own adversarial pass --------------------------------------------


def test_kl_divergence_against_a_negative_zero_is_inf_as_scipy() -> None:
    p, q = [0.5, 0.5], [-0.0, 1.0]
    assert float(nllbook.kl_divergence(p, q)) == scipy.stats.entropy(p, q) == np.inf
    assert float(cv.scipy_entropy([0.2, 0.3, 0.5], [-0.0, 0.5, 0.5])) == np.inf


def test_bits_per_symbol_past_the_largest_float32_is_inf_without_warning() -> None:
    big = np.float32(3.4e38)
    assert float(big) / math.log(2) > float(np.finfo(np.float32).max)
    assert nllbook.bits_per_symbol(big) == np.inf


def test_keras_zero_target_against_minus_inf_logit_is_nan_without_warning() -> None:
    z = np.array([[-np.inf, 1.0, 0.0]])
    y = np.array([[0.0, 1.0, 0.0]])
    assert np.isnan(cv.keras_categorical_crossentropy(y, z, from_logits=True))
    assert np.isnan(cv.keras_sparse_categorical_crossentropy([1], z, from_logits=True))


def test_chi_square_fit_of_huge_counts_is_an_infinite_statistic() -> None:
    counts, probs = [1e308, 5.0, 7.0], [0.2, 0.3, 0.5]
    total = sum(Fraction(c) for c in counts)
    exact = sum(
        (Fraction(c) - total * Fraction(p)) ** 2 / (total * Fraction(p))
        for c, p in zip(counts, probs, strict=True)
    )
    assert exact > Fraction(float(np.finfo(np.float64).max))
    assert ex.chi_square_fit(counts, probs) == (np.inf, 0.0)


def test_information_unit_does_not_round_the_base_to_a_name() -> None:
    assert nllbook.information_unit(2.0000001) == "log base 2.0000001 units"
    assert nllbook.information_unit(3) == "log base 3 units"
    assert nllbook.information_unit(2.0) == "bits"


def test_sum_atol_is_listed_by_dir() -> None:
    assert "SUM_ATOL" in dir(nllbook)
    assert "SUM_ATOL" in nllbook.__all__


@pytest.mark.parametrize("shift", [2.0**-20, 2.0**-33, 2.0**-45, 2.0**-52])
def test_kl_divergence_of_close_distributions_matches_mpmath(shift: float) -> None:
    mp = _mp()
    # Entries exact in binary, so both rows sum to exactly 1.
    p = [0.5, 0.25, 0.125, 0.125]
    q = [0.5 + shift, 0.25 - shift, 0.125 + shift / 2, 0.125 - shift / 2]
    want = mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b)) for a, b in zip(p, q, strict=True))
    _close(float(nllbook.kl_divergence(p, q)), want, 1e-13)
    assert float(cv.scipy_entropy(p, q)) == pytest.approx(float(want), rel=1e-13)


@pytest.mark.parametrize(("x", "df"), [(8505.46456089557, 4824), (8786.4, 4490), (1e-3, 4000)])
def test_chi_square_sf_far_tail_keeps_its_digits(x: float, df: int) -> None:
    mp = _mp()
    want = mp.gammainc(mp.mpf(df) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)
    _close(ex.chi_square_sf(x, df), want, 1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_kl_divergence_of_close_rounded_distributions_matches_mpmath(seed: int) -> None:
    """Rows that only sum to 1 within rounding: the KL of the exactly normalised rows."""
    mp = _mp()
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(6))
    q = p * (1 + rng.normal(size=6) * 10.0 ** rng.uniform(-5, -2))
    q /= q.sum()
    sp = mp.fsum(mp.mpf(float(a)) for a in p)
    sq = mp.fsum(mp.mpf(float(b)) for b in q)
    want = mp.fsum(
        (mp.mpf(float(a)) / sp) * mp.log((mp.mpf(float(a)) / sp) / (mp.mpf(float(b)) / sq))
        for a, b in zip(p, q, strict=True)
    )
    _close(float(nllbook.kl_divergence(p, q)), want, 1e-9)
    # scipy's rel_entr terms cancel down to about eps absolute.
    assert abs(float(scipy.stats.entropy(p, q)) - float(want)) < 1e-15


@pytest.mark.parametrize("row", [[40.0, 0.0], [30.0, -5.0, 2.0], [700.0, 0.0, 0.0], [3.0, 1.0]])
def test_gradient_of_a_confident_correct_row_matches_mpmath(row: list[float]) -> None:
    mp = _mp()
    g = nllbook.softmax_cross_entropy_gradient(row, 0)
    with mp.workdps(400):  # q_0 - 1 is about e^-700 for the third row
        total = mp.fsum(mp.exp(mp.mpf(v)) for v in row)
        for k, gk in enumerate(g):
            want = mp.exp(mp.mpf(row[k])) / total - (1 if k == 0 else 0)
            _close(float(gk), want, 1e-15)
    # ... and softmax regression's gradient, whose logits are x W + b = row.
    gw, gb = nllbook.softmax_regression_gradient([[1.0]], [0], [row], np.zeros(len(row)))
    np.testing.assert_array_equal(gb, g)
    np.testing.assert_array_equal(gw[0], g)
