"""The page "Symptoms": the stuck explorer against scipy and the formula written out."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from nllbook_pages.symptoms import stuck_explorer


@pytest.mark.parametrize("k", [2, 3, 5, 10])
@pytest.mark.parametrize("share", [0.0, 0.05, 0.1, 0.5, 0.9, 1.0])
def test_stuck_loss_is_the_entropy_of_the_class_shares(k: int, share: float) -> None:
    n = stuck_explorer().numbers(k=float(k), share=share)
    shares = np.array([share] + [(1 - share) / (k - 1)] * (k - 1))
    assert n["stuck"] == pytest.approx(scipy.stats.entropy(shares), rel=1e-12, abs=1e-15)
    assert n["lnk"] == pytest.approx(math.log(k), rel=1e-14)
    assert n["top_share"] == pytest.approx(shares.max())


@pytest.mark.parametrize("k", [2, 4, 10])
def test_balanced_classes_are_stuck_at_ln_k(k: int) -> None:
    n = stuck_explorer().numbers(k=float(k), share=1 / k)
    assert n["stuck"] == pytest.approx(math.log(k), rel=1e-12)


def test_the_best_constant_prediction_is_the_class_shares() -> None:
    """No constant q scores better on the data than the shares themselves (Gibbs)."""
    rng = np.random.default_rng(0)
    n = stuck_explorer().numbers(k=4.0, share=0.7)
    p = np.array(n["prior"])
    for q in rng.dirichlet(np.ones(4), size=200):
        assert -np.sum(p * np.log(q)) >= n["stuck"] - 1e-12


def test_ninety_ten_is_stuck_well_below_ln_2() -> None:
    n = stuck_explorer().numbers(k=2.0, share=0.9)
    want = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert n["stuck"] == pytest.approx(want, rel=1e-12)
    assert n["stuck"] < math.log(2) / 2
