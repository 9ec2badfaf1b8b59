"""Products of probabilities underflow; sums of their logs do not.

``underflow_point`` is checked against a plain Python loop over numpy scalars
(one rounding per factor, nothing vectorised) and against the definition:
after n - 1 factors the product is still positive, after n it is 0.
"""

from __future__ import annotations

import functools
import math
import operator
from typing import Any

import numpy as np
import pytest

import nllbook

DTYPES = [np.float64, np.float32]
P_VALUES = [0.5, 0.45, 0.3, 0.1, 0.01, 1e-5, 1e-30, 1e-100, 1e-200]


def _loop_underflow_point(p: float, dtype: Any, limit: int = 100_000) -> int | None:
    """First n at which p * p * ... (n factors, rounded to dtype each time) is 0.

    None when the product stalls: one more factor leaves it unchanged.
    """
    f = dtype(p)
    x = dtype(1.0)
    for n in range(1, limit + 1):
        nxt = x * f
        assert type(nxt) is dtype  # one rounding to dtype per step
        if nxt == 0:
            return n
        if nxt == x:
            return None
        x = nxt
    raise AssertionError("no underflow and no stall within the limit")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", P_VALUES)
def test_underflow_point_matches_a_python_loop(p: float, dtype: Any) -> None:
    assert nllbook.underflow_point(p, dtype) == _loop_underflow_point(p, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", P_VALUES)
def test_underflow_point_definition(p: float, dtype: Any) -> None:
    n = nllbook.underflow_point(p, dtype)
    assert n >= 1
    assert nllbook.product_of_probabilities(np.full(n, p), dtype) == 0
    if n > 1:
        assert nllbook.product_of_probabilities(np.full(n - 1, p), dtype) > 0
    # Theory: the exact product p**n falls below half the smallest subnormal
    # number around n = log(tiny / 2) / log(p); per-step rounding moves the
    # answer by at most a factor or two.
    smallest = float(np.finfo(dtype).smallest_subnormal)
    if dtype(p) != 0:
        assert abs(n - (math.log(smallest) - math.log(2)) / math.log(p)) <= 2


@pytest.mark.parametrize(("dtype", "n"), [(np.float64, 1075), (np.float32, 150)])
def test_halving_reaches_zero_one_step_after_the_smallest_subnormal(dtype: Any, n: int) -> None:
    # 2**-(n-1) is the smallest subnormal; half of it is a tie, rounded to even: 0.
    assert float(np.finfo(dtype).smallest_subnormal) == 2.0 ** -(n - 1)
    assert nllbook.underflow_point(0.5, dtype) == n


def test_1e_minus_100_is_nonzero_in_float64_and_zero_in_float32() -> None:
    assert np.float64(1e-100) != 0
    assert np.float32(1e-100) == 0
    assert nllbook.product_of_probabilities([1e-100]) == 1e-100
    assert nllbook.product_of_probabilities([1e-100], np.float32) == 0
    assert nllbook.underflow_point(1e-100, np.float32) == 1
    # float64: 1e-100, 1e-200, 1e-300 survive; the fourth factor gives 0.
    assert nllbook.underflow_point(1e-100, np.float64) == 4
    assert nllbook.product_of_probabilities([1e-100] * 3) > 0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.5000001, 0.51, 0.9, 0.999])
def test_factors_above_one_half_stall_instead_of_reaching_zero(p: float, dtype: Any) -> None:
    # Round-to-nearest: at the smallest subnormals x * p rounds back to x.
    assert _loop_underflow_point(p, dtype, limit=2_000_000) is None
    with pytest.raises(ValueError, match=r"^p: .*never reaches 0"):
        nllbook.underflow_point(p, dtype)
    ps = np.full(2_000_000, p)  # p**n is below 1e-800 for every p here
    stalled = nllbook.product_of_probabilities(ps, dtype)
    assert 0 < stalled < 1000 * float(np.finfo(dtype).smallest_subnormal)
    # The sum of logs keeps the real value.
    assert nllbook.sum_of_log_probabilities(ps) == pytest.approx(ps.size * math.log(p))


# -- products vs sums of logs ----------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 50, 200])
def test_product_and_sum_of_logs_agree_while_nothing_underflows(
    rng: np.random.Generator, n: int
) -> None:
    ps = rng.uniform(0.05, 1.0, size=n)
    prod = nllbook.product_of_probabilities(ps)
    assert prod > 0
    total = nllbook.sum_of_log_probabilities(ps)
    assert total == pytest.approx(math.fsum(math.log(p) for p in ps), rel=1e-12)
    assert math.log(prod) == pytest.approx(total, rel=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_product_is_sequential_in_dtype(rng: np.random.Generator, dtype: Any) -> None:
    ps = rng.uniform(0.1, 0.9, size=60)
    want = functools.reduce(operator.mul, (dtype(p) for p in ps), dtype(1.0))
    got = nllbook.product_of_probabilities(ps, dtype)
    assert type(got) is dtype
    assert got == want


def test_long_products_underflow_but_sums_do_not() -> None:
    ps = np.full(1000, 0.1)
    assert nllbook.product_of_probabilities(ps) == 0.0
    assert nllbook.product_of_probabilities(ps[:46], np.float32) == 0.0
    assert nllbook.product_of_probabilities(ps[:300]) > 0.0
    total = nllbook.sum_of_log_probabilities(ps)
    assert np.isfinite(total)
    assert total == pytest.approx(1000 * math.log(0.1), rel=1e-12)


def test_zero_probability() -> None:
    assert nllbook.product_of_probabilities([0.5, 0.0, 0.5]) == 0.0
    assert nllbook.sum_of_log_probabilities([0.5, 0.0, 0.5]) == -np.inf  # no warning


def test_running_product_and_log_sum(rng: np.random.Generator) -> None:
    ps = rng.uniform(0.01, 0.5, size=400)
    for dtype in DTYPES:
        prods = nllbook.running_product(ps, dtype)
        assert prods.dtype == dtype
        for n in (1, 7, 40, 200, 400):
            assert prods[n - 1] == nllbook.product_of_probabilities(ps[:n], dtype)
    sums = nllbook.running_log_sum(ps)
    np.testing.assert_allclose(sums, np.cumsum(np.log(ps)), rtol=1e-13)
    assert sums[-1] == pytest.approx(nllbook.sum_of_log_probabilities(ps), rel=1e-13)
