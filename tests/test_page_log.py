"""The explorers of "Log" against a plain loop and plain logarithms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nllbook_pages import log


def loop_products(p: float, n: int, dtype: type) -> list[float]:
    out, running = [], dtype(1.0)
    for _ in range(n):
        running = dtype(running * dtype(p))
        out.append(float(running))
    return out


def test_underflow_against_a_loop() -> None:
    ex_ = log.underflow_explorer()
    f64, f32 = loop_products(0.1, 400, np.float64), loop_products(0.1, 400, np.float32)
    zero64, zero32 = f64.index(0.0) + 1, f32.index(0.0) + 1
    for m in (1, 10, 45, 46, 50, 100, 323, 324, 400):
        n = ex_.numbers(m=m)
        assert n["product64"] == f64[m - 1]
        assert n["product32"] == f32[m - 1]
        assert n["logsum"] == pytest.approx(m * math.log(0.1), rel=1e-12)
        assert n["zero64"] == zero64 and n["zero32"] == zero32
        assert n["gone32"] == (f32[m - 1] == 0)
    assert (zero32, zero64) == (46, 324)


@pytest.mark.parametrize("p", [0.0, 0.001, 0.1, 0.5, 0.9, 1.0])
def test_nats_and_bits(p: float) -> None:
    n = log.logbase_explorer().numbers(p=p)
    with np.errstate(divide="ignore"):
        nats, bits = -np.log(p), -np.log2(p)
    assert n["nats"] == pytest.approx(nats, rel=1e-15)
    assert n["bits_direct"] == pytest.approx(bits, rel=1e-15)
    assert n["bits"] == pytest.approx(bits, rel=1e-15)
    assert n["infinite"] == (p == 0)
