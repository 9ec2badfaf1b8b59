"""The page "Negative": the nll explorer against the formula written out with math."""

from __future__ import annotations

import math

import pytest

from nllbook_pages.negative import nll_explorer


@pytest.mark.parametrize("p", [0.0, 1e-300, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0])
def test_nll_explorer_is_minus_log_of_the_probability(p: float) -> None:
    n = nll_explorer().numbers(p=p)
    want = math.inf if p == 0 else -math.log(p)
    assert n["likelihood"] == p
    assert n["negative"] == pytest.approx(want, rel=1e-15) if p else math.isinf(n["negative"])
    assert n["log"] == -n["negative"]
    assert n["infinite"] is (p == 0)


def test_halving_adds_ln_2_everywhere() -> None:
    ex = nll_explorer()
    for p in (1.0, 0.5, 0.02):
        step = ex.numbers(p=p / 2)["negative"] - ex.numbers(p=p)["negative"]
        assert step == pytest.approx(math.log(2), rel=1e-12)
