"""The errata explorer against the worked examples recomputed with math and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from nllbook import examples as ex
from nllbook_pages.errata import errata_explorer

#: Each worked example recomputed without nllbook, by key.
WORKED: dict[str, float] = {
    "likelihood_fourth": 0.1,
    "nll_fourth": -math.log(0.1),
    "likelihood_third": 0.5,
    "nll_third": -math.log(0.5),
    "log_1e_minus_100": -100 * math.log(10),
    "bernoulli_likelihood": 0.9 * 0.8 * 0.7 * 0.6,
    "entropy_fair_die": math.log(6),
    "entropy_biased_die": float(scipy.stats.entropy(ex.BIASED_DIE)),
    "entropy_very_biased_die": float(scipy.stats.entropy(ex.VERY_BIASED_DIE)),
    "cross_entropy_fair_belief": float(-np.sum(ex.FAIR_DIE * np.log(ex.OBSERVED_DIE))),
    "cross_entropy_biased_belief": float(-np.sum(ex.BIASED_DIE * np.log(ex.OBSERVED_DIE))),
    "cross_entropy_observed_vs_fair": math.log(6),
    "cross_entropy_observed_vs_biased": float(-np.sum(ex.OBSERVED_DIE * np.log(ex.BIASED_DIE))),
}


def test_every_worked_example_has_an_oracle() -> None:
    assert {e.key for e in ex.ALL} == set(WORKED)
    assert errata_explorer().controls[0].max == len(ex.ALL)


@pytest.mark.parametrize("index", range(1, len(ex.ALL) + 1))
def test_errata_explorer_matches_the_oracle(index: int) -> None:
    item = ex.ALL[index - 1]
    got = errata_explorer().numbers(index=float(index))
    value = WORKED[item.key]
    assert math.isclose(got["computed"], value, rel_tol=1e-12)
    assert got["title"] == item.title
    assert got["has_printed"] == (item.printed is not None)
    if item.printed is None:
        assert got["printed"] == "none"
    else:
        assert got["printed"] == item.printed
        assert math.isclose(got["difference"], value - float(item.printed), abs_tol=1e-12)
        rounded = round(value, len(item.printed.split(".")[1]) if "." in item.printed else 0)
        assert (got["status"] == "agrees") == (rounded == float(item.printed))
