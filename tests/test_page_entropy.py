"""The explorer of "Entropy" against scipy and formulas written out."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from nllbook import examples as ex
from nllbook_pages import entropy

TS = (0.0, 0.123, 0.4, 0.94, 0.999, 1.0)


def die(t: float) -> np.ndarray:
    q = np.full(6, (1 - t) / 6)
    q[5] += t
    return q


@pytest.mark.parametrize("t", TS)
def test_dice(t: float) -> None:
    n = entropy.dice_explorer().numbers(t=t)
    p = die(t)
    np.testing.assert_allclose(n["probs"], p, rtol=1e-14, atol=1e-16)
    assert sum(n["shares"]) == pytest.approx(n["h_nats"], rel=1e-12, abs=1e-15)
    assert n["h_nats"] == pytest.approx(scipy_entropy(p), rel=1e-12, abs=1e-15)
    assert n["h_bits"] == pytest.approx(scipy_entropy(p, base=2), rel=1e-12, abs=1e-15)
    assert n["h_max"] == pytest.approx(math.log(6))
    assert n["surprise_six"] == pytest.approx(-math.log(p[5]))
    assert n["certain"] == (t == 1.0)


def test_dice_named_dice() -> None:
    ex_ = entropy.dice_explorer()
    for t, d in ((0.0, ex.FAIR_DIE), (0.4, ex.BIASED_DIE), (0.94, ex.VERY_BIASED_DIE)):
        np.testing.assert_allclose(ex_.numbers(t=t)["probs"], d, rtol=1e-12)
