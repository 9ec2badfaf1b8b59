"""Round 2 of the edges: each defect of issue 25 against an independent reference.

References are mpmath at high precision (skipped when mpmath is missing; it
comes with PyTorch's sympy), SciPy, scikit-learn and PyTorch (skipped when
not installed), or an exact rule written out here with ``fractions`` and
``decimal``; never a number taken from nllbook's own output.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats

import nllbook


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
    assert float(nllbook.logsumexp([0.0, -40.0])) == pytest.approx(4.248354255291589e-18, rel=1e-15)


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
    ("scale", "t"), [(1e308, 1.0), (1e306, 0.01), (1.0, 1e-308), (1e-300, 1e-300), (3.0, 1e300)]
)
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
