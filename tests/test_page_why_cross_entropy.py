"""The page "Why cross-entropy": the explorer against scipy, torch and the formulas written out."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit

from nllbook_pages.why_cross_entropy import mse_explorer

Z = [-6.0, -5.0, -2.0, -math.log(2), -0.3, 0.0, 0.7, math.log(2), 3.0, 6.0]


@pytest.mark.parametrize("label", [0.0, 1.0])
@pytest.mark.parametrize("z", Z)
def test_losses_gradients_and_curvatures_written_out(z: float, label: float) -> None:
    n = mse_explorer().numbers(z=z, label=label)
    s = expit(z)
    assert n["q"] == pytest.approx(s, rel=1e-14)
    assert n["loss_bce"] == pytest.approx(-(label * math.log(s) + (1 - label) * math.log(1 - s)))
    assert n["loss_mse"] == pytest.approx((s - label) ** 2)
    assert n["g_bce"] == pytest.approx(s - label)
    assert n["g_mse"] == pytest.approx(2 * (s - label) * s * (1 - s))
    assert n["c_bce"] == pytest.approx(s * (1 - s))
    # The second derivative, written out for the labels 1 and 0.
    want = 2 * s * (1 - s) ** 2 * (3 * s - 1) if label == 1 else 2 * s**2 * (1 - s) * (2 - 3 * s)
    assert n["c_mse"] == pytest.approx(want, abs=1e-15)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_against_torch_autograd(label: float) -> None:
    torch = pytest.importorskip("torch")
    for z in Z:
        n = mse_explorer().numbers(z=z, label=label)
        t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        y = torch.tensor(label, dtype=torch.float64)
        bce = torch.nn.functional.binary_cross_entropy_with_logits(t, y)
        (g,) = torch.autograd.grad(bce, t, create_graph=True)
        (c,) = torch.autograd.grad(g, t)
        assert n["loss_bce"] == pytest.approx(bce.item(), rel=1e-12)
        assert n["g_bce"] == pytest.approx(g.item(), rel=1e-12, abs=1e-15)
        assert n["c_bce"] == pytest.approx(c.item(), rel=1e-10)
        t2 = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        mse = torch.nn.functional.mse_loss(torch.sigmoid(t2), y)
        (g2,) = torch.autograd.grad(mse, t2, create_graph=True)
        (c2,) = torch.autograd.grad(g2, t2)
        assert n["loss_mse"] == pytest.approx(mse.item(), rel=1e-12)
        assert n["g_mse"] == pytest.approx(g2.item(), rel=1e-9, abs=1e-15)
        assert n["c_mse"] == pytest.approx(c2.item(), rel=1e-8, abs=1e-14)


def test_the_notes_say_what_the_numbers_show() -> None:
    ex = mse_explorer()
    wrong = ex.numbers(z=-5.0, label=1.0)
    assert wrong["sure_wrong"] and wrong["concave"]
    assert abs(wrong["g_mse"]) < abs(wrong["g_bce"]) / 50
    right = ex.numbers(z=3.0, label=1.0)
    assert not right["sure_wrong"] and not right["concave"]
    assert ex.numbers(z=4.0, label=0.0)["concave"] and ex.numbers(z=4.0, label=0.0)["sure_wrong"]


def test_bce_never_curves_down_and_mse_does() -> None:
    ex = mse_explorer()
    zs = np.linspace(-6, 6, 241)
    for label in (0.0, 1.0):
        c_bce = [ex.numbers(z=float(z), label=label)["c_bce"] for z in zs]
        c_mse = [ex.numbers(z=float(z), label=label)["c_mse"] for z in zs]
        assert min(c_bce) > 0
        assert min(c_mse) < 0 < max(c_mse)
