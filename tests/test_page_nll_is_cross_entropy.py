"""The explorer of "NLL is cross-entropy" against an oracle written from the formulas.

The oracle counts the simulated rolls with numpy and takes logs with numpy,
never calling nllbook: the rolls themselves are data, read from
:mod:`nllbook.examples`.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

from nllbook import examples as ex
from nllbook_pages.nll_is_cross_entropy import rolls_explorer


def oracle(m: float) -> dict[str, Any]:
    k = int(m)
    faces = ex.simulated_rolls(k)
    q = ex.BIASED_DIE
    counts = np.bincount(faces, minlength=6).astype(float)
    out: dict[str, Any] = {
        "counts": counts,
        "freqs": counts / k,
        "mean_nll": -float(np.mean(np.log(q[faces]))),
        "ce": -float(np.sum(counts / k * np.log(q))),
        "ce_true": -float(np.sum(ex.OBSERVED_DIE * np.log(q))),
        "missing": float(np.sum(counts == 0)),
    }
    out["missing_any"] = out["missing"] > 0
    out.update({f"count{i + 1}": c for i, c in enumerate(counts)})
    return out


STATES = [6.0, 7.0, 60.0, 599.0, 6000.0] + [
    float(random.Random(0).randint(6, 6000)) for _ in range(40)
]


@pytest.mark.parametrize("m", STATES)
def test_rolls_explorer_matches_the_oracle(m: float) -> None:
    got = rolls_explorer().numbers(m=m)
    want = oracle(m)
    assert set(want) <= set(got)
    for name, w in want.items():
        if isinstance(w, bool):
            assert got[name] is w or got[name] == w, name
        else:
            assert np.allclose(got[name], w, rtol=1e-12, atol=0), (name, got[name], w)


def test_the_two_sums_agree_at_every_state() -> None:
    ex_ = rolls_explorer()
    for m in range(6, 6001, 97):
        n = ex_.numbers(m=float(m))
        assert math.isclose(n["mean_nll"], n["ce"], rel_tol=1e-13)
