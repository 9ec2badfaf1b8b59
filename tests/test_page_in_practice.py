"""The explorers of "In practice" against oracles written from the formulas with scipy.

None of the oracles calls nllbook: each recomputes what its explorer shows
from the control's value and the chapter's logits.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.special
import scipy.stats

from nllbook import examples as ex
from nllbook_pages import in_practice

Z = ex.PRACTICE_LOGITS
Y = ex.PRACTICE_TARGET


def temperature(T: float) -> dict[str, Any]:
    z = Z / T
    q = scipy.special.softmax(z)
    log_q = float(scipy.special.log_softmax(z)[Y])
    out: dict[str, Any] = {f"q{i + 1}": float(v) for i, v in enumerate(q)}
    out.update(
        scaled=z, probs=q, q_true=float(q[Y]), log=log_q, loss=-log_q, max_entropy=math.log(4)
    )
    return out


def smoothing(eps: float) -> dict[str, Any]:
    t = (1 - eps) * np.eye(4)[Y] + eps / 4
    log_q = scipy.special.log_softmax(Z)
    h = float(scipy.stats.entropy(t))
    return {
        "target": t,
        "target_true": float(t[Y]),
        "target_other": float(t[(Y + 1) % 4]),
        "loss": float(-(t * log_q).sum()),
        "loss_floor": h,
        "best_loss": h,
        "gap": float(scipy.stats.entropy(t, np.exp(log_q))),
    }


def sigmoid(z: float) -> dict[str, Any]:
    # The float32 path as the explorer defines it: σ(z) rounded once to float32,
    # 1 − σ(z) in float32, and the loss −ln of that float32 number.
    p32 = np.float32(scipy.special.expit(z))
    rest32 = np.float32(1) - p32
    naive = -math.log(float(rest32)) if rest32 > 0 else math.inf
    return {
        "p64": float(scipy.special.expit(z)),
        "one_minus_p64": float(scipy.special.expit(-z)),
        "p32": float(p32),
        "one_minus_p32": float(rest32),
        "naive32": naive,
        "from_logits": float(np.logaddexp(0.0, z)),  # softplus: −ln(1 − σ(z))
        "infinite": math.isinf(naive),
    }


def _states(lo: float, hi: float, log: bool, extra: list[float]) -> list[float]:
    rng = random.Random(1)
    pick = (
        (lambda: math.exp(rng.uniform(math.log(lo), math.log(hi))))
        if log
        else (lambda: rng.uniform(lo, hi))
    )
    return [lo, hi, *extra] + [pick() for _ in range(60)]


CASES: list[tuple[str, Callable[[], Any], Callable[..., dict[str, Any]], str, list[float]]] = [
    (
        "temperature",
        in_practice.temperature_explorer,
        temperature,
        "T",
        _states(0.1, 10.0, True, [1.0, 0.5, 2.0]),
    ),
    (
        "smoothing",
        in_practice.smoothing_explorer,
        smoothing,
        "eps",
        _states(0.0, 1.0, False, [0.1, 0.5, 1e-3]),
    ),
    (
        "sigmoid",
        in_practice.sigmoid_explorer,
        sigmoid,
        "z",
        _states(-40.0, 40.0, False, [0.0, 10.0, 17.0, 17.5, 20.0, 30.0]),
    ),
]


@pytest.mark.parametrize(
    ("key", "factory", "oracle", "control", "states"), CASES, ids=[c[0] for c in CASES]
)
def test_explorer_matches_its_oracle(
    key: str,
    factory: Callable[[], Any],
    oracle: Callable[..., dict[str, Any]],
    control: str,
    states: list[float],
) -> None:
    explorer = factory()
    assert explorer.key == key
    for v in states:
        got = explorer.numbers(**{control: v})
        want = oracle(v)
        assert set(got) == set(want) | {control}, key
        for name, w in want.items():
            g = got[name]
            if isinstance(w, bool):
                assert g == w, (key, v, name)
            elif np.ndim(w) == 0 and math.isinf(w):
                assert g == w, (key, v, name, g)
            else:
                # The float32 path is compared exactly: both round the same float64 once.
                rtol = 0.0 if name in ("p32", "one_minus_p32") else 1e-12
                assert np.allclose(g, w, rtol=rtol, atol=1e-15), (key, v, name, g, w)


def test_float32_sigmoid_rounds_to_one_and_the_loss_becomes_infinite() -> None:
    ex_ = in_practice.sigmoid_explorer()
    assert ex_.numbers(z=20.0)["infinite"]
    assert not ex_.numbers(z=10.0)["infinite"]
    assert math.isclose(ex_.numbers(z=20.0)["from_logits"], 20.0, rel_tol=1e-8)
