"""The worked examples: values recomputed without nllbook, and the status logic.

Each example's value is recomputed from the example's own data arrays with
``scipy.stats.entropy`` or plain ``math``, never with the nllbook function it
names, and never from a copied number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

import numpy as np
import pytest
import scipy.stats

from nllbook import examples as ex
from nllbook.examples import WorkedExample


def _cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    # H(p, q) = H(p) + KL(p || q), both from scipy.
    return float(scipy.stats.entropy(p) + scipy.stats.entropy(p, q))


def _bernoulli(y: np.ndarray, y_hat: np.ndarray) -> float:
    return math.prod(float(h) if t == 1 else 1.0 - float(h) for t, h in zip(y, y_hat, strict=True))


INDEPENDENT: dict[str, Callable[[], float]] = {
    "likelihood_fourth": lambda: float(ex.FOUR_CLASS_PROBS[ex.FOURTH_CLASS]),
    "nll_fourth": lambda: -math.log(ex.FOUR_CLASS_PROBS[ex.FOURTH_CLASS]),
    "likelihood_third": lambda: float(ex.FOUR_CLASS_PROBS[ex.THIRD_CLASS]),
    "nll_third": lambda: -math.log(ex.FOUR_CLASS_PROBS[ex.THIRD_CLASS]),
    "log_1e_minus_100": lambda: -100 * math.log(10),
    "bernoulli_likelihood": lambda: _bernoulli(ex.BERNOULLI_Y, ex.BERNOULLI_Y_HAT),
    "entropy_fair_die": lambda: float(scipy.stats.entropy(ex.FAIR_DIE)),
    "entropy_biased_die": lambda: float(scipy.stats.entropy(ex.BIASED_DIE)),
    "entropy_very_biased_die": lambda: float(scipy.stats.entropy(ex.VERY_BIASED_DIE)),
    "cross_entropy_fair_belief": lambda: _cross_entropy(ex.FAIR_DIE, ex.OBSERVED_DIE),
    "cross_entropy_biased_belief": lambda: _cross_entropy(ex.BIASED_DIE, ex.OBSERVED_DIE),
    "cross_entropy_observed_vs_fair": lambda: _cross_entropy(ex.OBSERVED_DIE, ex.FAIR_DIE),
    "cross_entropy_observed_vs_biased": lambda: _cross_entropy(ex.OBSERVED_DIE, ex.BIASED_DIE),
}


def _status_by_decimal(value: float, printed: str | None) -> str:
    """The status rule, restated with decimal arithmetic on the value's repr."""
    if printed is None:
        return "not printed"
    quantum = Decimal(1).scaleb(int(Decimal(printed).as_tuple().exponent))
    v = Decimal(repr(value))
    if v.quantize(quantum, rounding=ROUND_HALF_EVEN) == Decimal(printed):
        return "agrees"
    if v.quantize(quantum, rounding=ROUND_DOWN) == Decimal(printed):
        return "truncated"
    return "differs"


def test_every_example_has_an_independent_recomputation() -> None:
    assert sorted(INDEPENDENT) == sorted(e.key for e in ex.ALL)


@pytest.mark.parametrize("example", ex.ALL, ids=lambda e: e.key)
def test_value_matches_independent_computation(example: WorkedExample) -> None:
    value = example.value
    assert isinstance(value, float)
    assert value == pytest.approx(INDEPENDENT[example.key](), rel=1e-13)


@pytest.mark.parametrize("example", ex.ALL, ids=lambda e: e.key)
def test_the_call_shown_gives_the_number(example: WorkedExample) -> None:
    """The call the errata shows beside each number ("nll([0.1, 0.3, 0.5, 0.1], 3)"),
    run as written with nllbook's functions and the examples' data, gives the
    independently recomputed value: the words cannot name one class while the
    number is another's."""
    import nllbook

    names: dict[str, object] = {n: getattr(nllbook, n) for n in nllbook.__all__}
    names |= {n: getattr(ex, n) for n in dir(ex) if n.isupper()}
    names["numpy"] = np
    shown = float(eval(example.expression, {"__builtins__": {}}, names))
    assert shown == pytest.approx(INDEPENDENT[example.key](), rel=1e-13), example.expression


@pytest.mark.parametrize("example", ex.ALL, ids=lambda e: e.key)
def test_status_matches_independent_rule(example: WorkedExample) -> None:
    assert example.status == _status_by_decimal(INDEPENDENT[example.key](), example.printed)
    assert example.agrees == (example.status == "agrees")


@pytest.mark.parametrize("example", ex.ALL, ids=lambda e: e.key)
def test_example_metadata(example: WorkedExample) -> None:
    assert example.article in ex.ARTICLES
    assert example.title
    assert example.expression
    if example.printed is not None:
        assert example.article_value == float(example.printed)
        assert example.decimals == len(example.printed.partition(".")[2])
    else:
        assert example.article_value is None
        assert example.decimals == 0


def test_keys_are_unique_and_by_key_finds_each() -> None:
    keys = [e.key for e in ex.ALL]
    assert len(keys) == len(set(keys))
    for e in ex.ALL:
        assert ex.by_key(e.key) is e


@pytest.mark.parametrize("key", ["", "nope", "ENTROPY_FAIR_DIE", "entropy_fair_die "])
def test_by_key_rejects_unknown_keys(key: str) -> None:
    with pytest.raises(ValueError, match=r"^key"):
        ex.by_key(key)


def test_errata_named_in_notes_hold() -> None:
    # ln 6 = 1.79176: the tutorial's 1.791 drops a digit instead of rounding.
    assert ex.ENTROPY_FAIR_DIE.status == "truncated"
    assert round(math.log(6), 3) == 1.792
    # The biased die: its own terms add up to 1.498, not the printed 1.289.
    five_tenths = -5 * 0.1 * math.log(0.1) - 0.5 * math.log(0.5)
    assert round(five_tenths, 3) == 1.498
    assert ex.ENTROPY_BIASED_DIE.status == "differs"
    # The fair die has more entropy than the biased one, which has more than the very biased.
    assert ex.ENTROPY_FAIR_DIE.value > ex.ENTROPY_BIASED_DIE.value
    assert ex.ENTROPY_BIASED_DIE.value > ex.ENTROPY_VERY_BIASED_DIE.value
    # In the ML orientation (data as p), cross-entropy equals the mean NLL of the data.
    assert ex.CROSS_ENTROPY_OBSERVED_VS_FAIR.value == pytest.approx(math.log(6))
    for art, text in ex.TEXT_ERRATA:
        assert art in ex.ARTICLES
        assert text


def test_data_arrays_are_distributions() -> None:
    for arr in (
        ex.FOUR_CLASS_PROBS,
        ex.FAIR_DIE,
        ex.BIASED_DIE,
        ex.VERY_BIASED_DIE,
        ex.OBSERVED_DIE,
    ):
        assert math.isclose(math.fsum(arr), 1.0, abs_tol=1e-12)
        assert np.all(arr >= 0)


# -- the status rule on constructed examples -------------------------------------------------


def _example(value: float, printed: str | None) -> WorkedExample:
    return WorkedExample(
        key="constructed",
        title="A constructed example",
        article="ce-nll-notes",
        expression="-",
        compute=lambda: value,
        printed=printed,
    )


@pytest.mark.parametrize(
    ("value", "printed", "status"),
    [
        (1.7918, "1.792", "agrees"),
        (1.7918, "1.79", "agrees"),
        (1.7918, "1.8", "agrees"),
        (1.7918, "2", "agrees"),
        (1.7918, "1.791", "truncated"),
        (1.7918, "1.7", "truncated"),
        (1.7918, "1", "truncated"),
        (1.7918, "1.790", "differs"),
        (1.7918, "1.7918", "agrees"),
        (1.7918, "1.79180", "agrees"),
        (1.7918, "1.289", "differs"),
        (-2.36, "-2.4", "agrees"),
        (-2.36, "-2.3", "truncated"),  # truncation is toward zero
        (-2.36, "-2.5", "differs"),
        (-230.2585, "-230", "agrees"),
        (0.1, "0.1", "agrees"),
        (2.0, "2.00", "agrees"),
        (0.125, "0.12", "agrees"),  # 0.125 is exact: round half to even
        (1.7918, None, "not printed"),
    ],
)
def test_status_on_constructed_examples(value: float, printed: str | None, status: str) -> None:
    e = _example(value, printed)
    assert e.status == status
    assert e.status == _status_by_decimal(value, printed)
    assert e.agrees is (status == "agrees")


def test_decimals_and_article_value() -> None:
    assert _example(1.0, "0.279").decimals == 3
    assert _example(1.0, "-230").decimals == 0
    assert _example(1.0, "1.50").decimals == 2
    assert _example(1.0, None).decimals == 0
    assert _example(1.0, "-230").article_value == -230.0
    assert _example(1.0, None).article_value is None


# -- the seed of the simulated rolls ---------------------------------------------------------


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 6, 9])
@pytest.mark.parametrize("x", [0.0, 0.5, 3.0, 11.0705, 40.0])
def test_chi_square_sf_matches_scipy(x: float, df: int) -> None:
    assert ex.chi_square_sf(x, df) == pytest.approx(scipy.stats.chi2.sf(x, df), rel=1e-10)


def test_chi_square_fit_matches_scipy() -> None:
    counts = np.bincount(ex.simulated_rolls(ex.TYPICAL_ROLLS), minlength=6)
    stat, pvalue = ex.chi_square_fit(counts, ex.OBSERVED_DIE)
    want = scipy.stats.chisquare(counts, counts.sum() * ex.OBSERVED_DIE)
    assert stat == pytest.approx(want.statistic, rel=1e-12)
    assert pvalue == pytest.approx(want.pvalue, rel=1e-10)


def test_rolls_seed_is_the_first_typical_seed() -> None:
    seed = ex.first_typical_seed()
    assert seed == ex.ROLLS_SEED
    for earlier in range(seed):
        counts = np.bincount(ex.simulated_rolls(ex.TYPICAL_ROLLS, earlier), minlength=6)
        assert ex.chi_square_fit(counts, ex.OBSERVED_DIE)[1] < ex.TYPICAL_LEVEL
    counts = np.bincount(ex.simulated_rolls(ex.TYPICAL_ROLLS), minlength=6)
    assert ex.chi_square_fit(counts, ex.OBSERVED_DIE)[1] >= ex.TYPICAL_LEVEL


@pytest.mark.parametrize("bad", [0, -1, 2.5])
def test_chi_square_sf_rejects_bad_df(bad: float) -> None:
    with pytest.raises(ValueError, match=r"^df"):
        ex.chi_square_sf(1.0, bad)  # type: ignore[arg-type]


def test_chi_square_sf_rejects_negative_x() -> None:
    with pytest.raises(ValueError, match=r"^x"):
        ex.chi_square_sf(-1.0, 3)
