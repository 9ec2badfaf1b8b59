"""Why cross-entropy: the binary losses' derivatives in the logit, and log-odds.

Checked against PyTorch's autograd, mpmath at 50 digits, scipy, and the
identities that the page "Why cross-entropy" states (convexity of BCE, the
sign change of MSE after a sigmoid at σ = 1/3 and 2/3).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st

import nllbook

mpmath.mp.dps = 50

logit = st.floats(-30.0, 30.0, allow_nan=False)
label = st.floats(0.0, 1.0, allow_nan=False)
hard = st.sampled_from([0.0, 1.0])


def _mp_sigmoid(z: float) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def _mp_bce(z: mpmath.mpf, y: float) -> mpmath.mpf:
    s = 1 / (1 + mpmath.exp(-z))
    return -(y * mpmath.log(s) + (1 - y) * mpmath.log(1 - s))


def _mp_mse(z: mpmath.mpf, y: float) -> mpmath.mpf:
    return (1 / (1 + mpmath.exp(-z)) - y) ** 2


# -- against mpmath's derivatives, to about the last digit ------------------------------------


@given(logit, hard)
def test_bce_gradient_matches_mpmath(z: float, y: float) -> None:
    want = float(mpmath.diff(lambda t: _mp_bce(t, y), mpmath.mpf(z)))
    assert nllbook.binary_cross_entropy_gradient(z, y) == pytest.approx(want, rel=1e-13)


@given(logit)
def test_bce_second_derivative_matches_mpmath(z: float) -> None:
    for y in (0.0, 1.0):
        want = float(mpmath.diff(lambda t, y=y: _mp_bce(t, y), mpmath.mpf(z), 2))
        assert nllbook.binary_cross_entropy_second_derivative(z) == pytest.approx(want, rel=1e-12)


@given(logit, hard)
def test_mse_gradient_matches_mpmath(z: float, y: float) -> None:
    want = float(mpmath.diff(lambda t: _mp_mse(t, y), mpmath.mpf(z)))
    assert nllbook.sigmoid_squared_error_gradient(z, y) == pytest.approx(want, rel=1e-12)


@given(logit, hard)
def test_mse_second_derivative_matches_mpmath(z: float, y: float) -> None:
    want = float(mpmath.diff(lambda t: _mp_mse(t, y), mpmath.mpf(z), 2))
    got = nllbook.sigmoid_squared_error_second_derivative(z, y)
    assert got == pytest.approx(want, rel=1e-10, abs=1e-300)


@given(logit, label)
def test_mse_matches_mpmath_for_soft_labels(z: float, y: float) -> None:
    want = float(_mp_mse(mpmath.mpf(z), y))
    assert nllbook.sigmoid_squared_error(z, y) == pytest.approx(want, rel=1e-9, abs=1e-30)


# -- against PyTorch's autograd -----------------------------------------------------------------


def test_gradients_match_torch_autograd() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    z = rng.uniform(-12, 12, size=200)
    y = rng.choice([0.0, 1.0], size=200)
    y[:40] = rng.uniform(0, 1, size=40)  # soft labels too
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    yt = torch.tensor(y, dtype=torch.float64)
    torch.nn.BCEWithLogitsLoss(reduction="sum")(zt, yt).backward()
    assert zt.grad is not None
    np.testing.assert_allclose(
        nllbook.binary_cross_entropy_gradient(z, y), zt.grad.numpy(), rtol=1e-10, atol=1e-15
    )
    zt2 = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    mse = torch.nn.MSELoss(reduction="sum")(torch.sigmoid(zt2), yt)
    (g,) = torch.autograd.grad(mse, zt2, create_graph=True)
    np.testing.assert_allclose(
        nllbook.sigmoid_squared_error_gradient(z, y), g.detach().numpy(), rtol=1e-9, atol=1e-15
    )
    np.testing.assert_allclose(nllbook.sigmoid_squared_error(z, y, "sum"), mse.item(), rtol=1e-12)
    # Second derivatives: the gradient of each element's gradient (elements are independent).
    (h,) = torch.autograd.grad(g.sum(), zt2)
    np.testing.assert_allclose(
        nllbook.sigmoid_squared_error_second_derivative(z, y), h.numpy(), rtol=1e-8, atol=1e-15
    )
    zt3 = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(zt3, yt, reduction="sum")
    (g3,) = torch.autograd.grad(bce, zt3, create_graph=True)
    (h3,) = torch.autograd.grad(g3.sum(), zt3)
    np.testing.assert_allclose(
        nllbook.binary_cross_entropy_second_derivative(z), h3.numpy(), rtol=1e-9, atol=1e-15
    )


def test_softmax_minus_one_hot_is_torch_autograd() -> None:
    """The page's derivation: ∂/∂z_j of −z_y + ln Σ e^{z_k} is softmax(z)_j − [j = y]."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    for k in (2, 4, 10):
        z = rng.normal(scale=3.0, size=k)
        for y in range(k):
            zt = torch.tensor(z, requires_grad=True, dtype=torch.float64)
            loss = -zt[y] + torch.logsumexp(zt, dim=0)
            loss.backward()
            assert zt.grad is not None
            np.testing.assert_allclose(
                nllbook.softmax_cross_entropy_gradient(z, y), zt.grad.numpy(), atol=1e-14
            )
            want = scipy.special.softmax(z) - np.eye(k)[y]
            np.testing.assert_allclose(nllbook.softmax_cross_entropy_gradient(z, y), want,
                                       atol=1e-14)  # fmt: skip


# -- the identities the page states ----------------------------------------------------------


@given(logit, label)
def test_mse_gradient_is_bce_gradient_times_twice_the_sigmoid_slope(z: float, y: float) -> None:
    slope = scipy.special.expit(z) * scipy.special.expit(-z)  # σ(1 − σ), without cancelling
    want = 2 * slope * nllbook.binary_cross_entropy_gradient(z, y)
    assert nllbook.sigmoid_squared_error_gradient(z, y) == pytest.approx(want, rel=1e-9, abs=1e-300)


@given(logit)
def test_bce_is_convex_in_the_logit(z: float) -> None:
    c = nllbook.binary_cross_entropy_second_derivative(z)
    assert 0 < c <= 0.25


def test_the_sigmoid_is_a_two_class_softmax() -> None:
    z = np.linspace(-20, 20, 81)
    two = nllbook.softmax(np.stack([z, np.zeros_like(z)], axis=-1))[:, 0]
    np.testing.assert_allclose(two, nllbook.sigmoid(z), rtol=1e-14)
    np.testing.assert_allclose(
        nllbook.binary_cross_entropy_gradient(z, np.ones_like(z)),
        nllbook.softmax_cross_entropy_gradient(np.stack([z, np.zeros_like(z)], -1), [0] * 81)[:, 0],
        rtol=1e-12,
        atol=1e-300,
    )


@pytest.mark.parametrize(("y", "root"), [(1.0, -math.log(2)), (0.0, math.log(2))])
def test_mse_changes_its_curvature_at_ln_2(y: float, root: float) -> None:
    """For the label 1 the curvature is negative below z = −ln 2 (σ = 1/3), for 0 above ln 2."""
    assert nllbook.sigmoid_squared_error_second_derivative(root, y) == pytest.approx(0, abs=1e-16)
    below = nllbook.sigmoid_squared_error_second_derivative(root - 0.5, y)
    above = nllbook.sigmoid_squared_error_second_derivative(root + 0.5, y)
    assert (below < 0 < above) if y == 1.0 else (above < 0 < below)


def test_confidently_wrong_mse_gradient_vanishes_and_bce_does_not() -> None:
    z = np.array([-30.0, -20.0, -5.0])
    y = np.ones(3)
    mse = nllbook.sigmoid_squared_error_gradient(z, y)
    np.testing.assert_allclose(mse[:2], -2 * np.exp(z[:2]), rtol=1e-8)  # about −2 e^z
    assert abs(mse[2]) < 0.02
    bce = nllbook.binary_cross_entropy_gradient(z, y)
    np.testing.assert_allclose(bce, -1.0, atol=1e-2)


@given(logit, hard)
def test_labels_0_and_1_never_cancel(z: float, y: float) -> None:
    """σ(z) − 1 is −σ(−z) exactly: its tiny values keep their digits."""
    got = nllbook.binary_cross_entropy_gradient(z, y)
    want = float(_mp_sigmoid(z) - y)
    assert got == pytest.approx(want, rel=1e-14)


# -- log-odds ----------------------------------------------------------------------------------


@given(st.floats(0.0, 1.0))
def test_log_odds_is_scipy_logit(p: float) -> None:
    with np.errstate(divide="ignore"):
        want = scipy.special.logit(p)
    got = nllbook.log_odds(p)
    if math.isinf(want):
        assert got == want
    else:
        assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


@given(st.floats(1e-12, 1 - 1e-12))
def test_log_odds_inverts_the_sigmoid(p: float) -> None:
    assert nllbook.sigmoid(nllbook.log_odds(p)) == pytest.approx(p, rel=1e-9)
    assert nllbook.log_odds(1 - p) == pytest.approx(-nllbook.log_odds(p), rel=1e-6, abs=1e-12)


def test_dtypes_and_shapes() -> None:
    z = np.array([[0.5, -2.0]], dtype=np.float32)
    y = np.array([[1.0, 0.0]], dtype=np.float32)
    for f in (
        nllbook.binary_cross_entropy_gradient,
        nllbook.sigmoid_squared_error_gradient,
        nllbook.sigmoid_squared_error_second_derivative,
    ):
        out = f(z, y)
        assert out.dtype == np.float32 and out.shape == (1, 2)
    assert nllbook.binary_cross_entropy_second_derivative(z).dtype == np.float32
    assert nllbook.log_odds(np.float32(0.25)).dtype == np.float32
    assert np.ndim(nllbook.sigmoid_squared_error(z, y)) == 0
    with pytest.raises(ValueError, match="^logits and y"):
        nllbook.sigmoid_squared_error_gradient([0.0, 1.0], [1.0])


@pytest.mark.parametrize(("y", "at"), [(1.0, -math.log(2)), (0.0, math.log(2))])
def test_mse_gradient_is_largest_where_its_curvature_changes_sign(y: float, at: float) -> None:
    """The page: the squared error pushes hardest at σ(z) = 1/3 (label 1), less beyond."""
    z = np.linspace(-6.0, 6.0, 120001)
    g = np.abs(nllbook.sigmoid_squared_error_gradient(z, np.full_like(z, y)))
    assert z[np.argmax(g)] == pytest.approx(at, abs=1e-3)
