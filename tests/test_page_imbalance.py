"""The page "Imbalance and masking": its explorers against torch and the formulas written out."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize

from nllbook_pages.imbalance import focal_explorer, pos_weight_explorer

torch = pytest.importorskip("torch")


def weighted_loss(q: float, share: float, w: float) -> float:
    """−[w π ln q + (1 − π) ln(1 − q)], written out."""
    return -(w * share * math.log(q) + (1 - share) * math.log(1 - q))


@pytest.mark.parametrize("share", [0.01, 0.1, 0.5, 0.9])
@pytest.mark.parametrize("w", [0.1, 1.0, 3.0, 9.0, 20.0])
def test_best_prediction_minimises_the_weighted_loss(share: float, w: float) -> None:
    n = pos_weight_explorer().numbers(share=share, w=w)
    best = scipy.optimize.minimize_scalar(
        weighted_loss,
        bounds=(1e-9, 1 - 1e-9),
        args=(share, w),
        method="bounded",
        options={"xatol": 1e-12},
    ).x
    assert n["best"] == pytest.approx(best, abs=1e-7)
    assert n["best_loss"] == pytest.approx(weighted_loss(n["best"], share, w), rel=1e-12)
    assert n["share_loss"] == pytest.approx(weighted_loss(share, share, w), rel=1e-12)
    assert n["best_loss"] <= n["share_loss"] + 1e-15
    assert n["shift"] == pytest.approx(math.log(w), rel=1e-14, abs=1e-15)
    assert n["baseline"] == pytest.approx(weighted_loss(share, share, 1.0), rel=1e-12)


def test_the_explorers_loss_is_torchs_mean_over_a_data_set() -> None:
    """100 examples, 10 positives: BCEWithLogitsLoss(pos_weight) of the constant logit."""
    n = pos_weight_explorer().numbers(share=0.1, w=3.0)
    y = torch.tensor([1.0] * 10 + [0.0] * 90, dtype=torch.float64)
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0, dtype=torch.float64))
    for q, key in ((n["best"], "best_loss"), (0.1, "share_loss")):
        z = torch.full((100,), math.log(q / (1 - q)), dtype=torch.float64)
        assert loss(z, y).item() == pytest.approx(n[key], rel=1e-12)
    assert n["best"] == pytest.approx(0.25, rel=1e-12)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("pt", [0.01, 0.2, 0.5, 0.9, 0.99])
def test_focal_explorer_is_the_formula_of_the_paper(gamma: float, pt: float) -> None:
    n = focal_explorer().numbers(gamma=gamma, pt=pt)
    assert n["ce"] == pytest.approx(-math.log(pt), rel=1e-12)
    assert n["factor"] == pytest.approx((1 - pt) ** gamma, rel=1e-12)
    assert n["focal"] == pytest.approx(-((1 - pt) ** gamma) * math.log(pt), rel=1e-12)
    if gamma == 0.0:
        assert n["focal"] == pytest.approx(n["ce"], rel=1e-15)


def test_focal_explorer_matches_torch() -> None:
    pt = torch.tensor([0.2, 0.9], dtype=torch.float64)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.logit(pt), torch.ones(2, dtype=torch.float64), reduction="none"
    )
    for i, p in enumerate(pt.tolist()):
        n = focal_explorer().numbers(gamma=2.0, pt=p)
        assert n["focal"] == pytest.approx(((1 - pt[i]) ** 2 * ce[i]).item(), rel=1e-12)
    assert np.isclose(focal_explorer().numbers(gamma=2.0, pt=0.9)["factor"], 0.01)
