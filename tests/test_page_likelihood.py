"""The coin explorer of "Likelihood" against θ^h (1 − θ)^t, written out with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import xlog1py, xlogy

from nllbook_pages import likelihood

HEADS, TAILS = 7, 3


@pytest.mark.parametrize("theta", [0.0, 0.02, 0.2, 0.5, 0.7, 0.96, 1.0])
def test_the_coin_against_the_formula(theta: float) -> None:
    n = likelihood.coin_explorer().numbers(theta=theta)
    log_lik = xlogy(HEADS, theta) + xlog1py(TAILS, -theta)
    assert n["likelihood"] == pytest.approx(theta**HEADS * (1 - theta) ** TAILS, rel=1e-13)
    assert n["log"] == pytest.approx(log_lik, rel=1e-13)
    assert n["negative"] == pytest.approx(-log_lik, rel=1e-13)
    assert n["infinite"] == (theta in (0.0, 1.0))
    assert n["frequency"] == HEADS / (HEADS + TAILS)


def test_the_peak_is_at_the_frequency() -> None:
    ex_ = likelihood.coin_explorer()
    thetas = np.linspace(0, 1, 101)
    liks = [ex_.numbers(theta=t)["likelihood"] for t in thetas]
    assert thetas[int(np.argmax(liks))] == pytest.approx(0.7)
