"""Bad input: every public function raises ValueError naming the argument.

``match`` is anchored at the start (``^name``): the message must begin with
the argument's name. Also checks that functions are pure: inputs are never
modified, read-only inputs work, and a failing call changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import nllbook
from nllbook import conventions as cv

NAN, INF = float("nan"), float("inf")
GOOD = [0.2, 0.3, 0.5]

BAD_DISTRIBUTIONS = {
    "negative": [-0.1, 0.6, 0.5],
    "nan": [NAN, 0.5, 0.5],
    "inf": [INF, 0.0, 0.0],
    "minus-inf": [-INF, 0.5, 0.5],
    "above-one": [1.5, -0.25, -0.25],
    "sum-below-one": [0.2, 0.3, 0.4],
    "sum-above-one": [0.5, 0.5, 0.5],
    "one-bad-row": [[0.5, 0.5, 0.0], [0.5, 0.6, 0.0]],
    "empty": [],
    "empty-2d": np.zeros((0, 3)),
    "scalar": 0.5,
    "strings": ["a", "b"],
    "complex": np.array([0.5 + 0j, 0.5]),
    "ragged": [[0.5, 0.5], [1.0]],
}


@pytest.mark.parametrize("bad", BAD_DISTRIBUTIONS.values(), ids=BAD_DISTRIBUTIONS.keys())
def test_bad_distributions(bad: Any) -> None:
    good_like = GOOD
    with pytest.raises(ValueError, match=r"^p\b"):
        nllbook.entropy(bad)
    for f in (nllbook.cross_entropy, nllbook.kl_divergence):
        with pytest.raises(ValueError, match=r"^p\b"):
            f(bad, good_like)
        with pytest.raises(ValueError, match=r"^q\b"):
            f(good_like, bad)
    with pytest.raises(ValueError, match=r"^probs\b"):
        nllbook.nll(bad, 0)
    with pytest.raises(ValueError, match=r"^probs\b"):
        nllbook.likelihood(bad, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: nllbook.entropy(x),
        lambda x: nllbook.cross_entropy(x, x),
        lambda x: nllbook.nll(x, 0),
    ],
    ids=["entropy", "cross_entropy", "nll"],
)
def test_sum_tolerance_boundary(call: Callable[[Any], Any]) -> None:
    assert nllbook.SUM_ATOL == 1e-6
    # float64: SUM_ATOL exactly.
    for delta in (0.9e-6, -0.9e-6):
        call(np.array([0.25, 0.25, 0.5 + delta]))  # just inside: accepted
    for delta in (1.1e-6, -1.1e-6):
        with pytest.raises(ValueError, match=r"^\w+: rows must sum to 1"):
            call(np.array([0.25, 0.25, 0.5 + delta]))  # just outside
    # float32: SUM_ATOL + 3 eps = 1.36e-6, so rows rounded to float32 pass.
    call(np.array([0.25, 0.25, 0.5 + 1.2e-6], dtype=np.float32))
    with pytest.raises(ValueError, match=r"^\w+: rows must sum to 1"):
        call(np.array([0.25, 0.25, 0.5 + 1.6e-6], dtype=np.float32))


def test_shapes_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match=r"^p and q"):
        nllbook.cross_entropy([0.5, 0.5], GOOD)  # different K
    with pytest.raises(ValueError, match=r"^p and q"):
        nllbook.kl_divergence(np.full((2, 3), 1 / 3), np.full((4, 3), 1 / 3))  # no broadcast
    with pytest.raises(ValueError, match=r"^target"):
        nllbook.nll(np.full((2, 3), 1 / 3), [0, 1, 2])  # 3 labels for 2 rows
    with pytest.raises(ValueError, match=r"^y and y_hat"):
        nllbook.binary_cross_entropy([0.0, 1.0], [0.5])
    with pytest.raises(ValueError, match=r"^y and y_hat"):
        nllbook.bernoulli_likelihood([0.0, 1.0], [[0.5, 0.5]])
    with pytest.raises(ValueError, match=r"^target"):
        nllbook.cross_entropy_from_logits(np.zeros((2, 3)), [0, 1, 2])
    with pytest.raises(ValueError, match=r"^target"):
        nllbook.cross_entropy_from_logits(np.zeros((2, 3)), np.full((2, 4), 0.25))
    with pytest.raises(ValueError, match=r"^target"):
        nllbook.cross_entropy_from_logits_unfused(np.zeros((2, 3)), [0])


BAD_LABELS = {
    "negative": [-1, 0],
    "too-large": [0, 3],
    "float": [0.0, 1.0],
    "bool": [True, False],
    "string": ["a", "b"],
    "empty": np.array([], dtype=int),
}


@pytest.mark.parametrize("bad", BAD_LABELS.values(), ids=BAD_LABELS.keys())
def test_bad_class_labels(bad: Any) -> None:
    probs = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"^target\b"):
        nllbook.nll(probs, bad)
    with pytest.raises(ValueError, match=r"^target\b"):
        nllbook.likelihood(probs, bad)
    logits = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"^target\b"):
        nllbook.cross_entropy_from_logits(logits, bad)
    with pytest.raises(ValueError, match=r"^target\b"):
        nllbook.cross_entropy_from_logits_unfused(logits, bad)
    with pytest.raises(ValueError, match=r"^samples\b"):
        nllbook.empirical_distribution(bad, 3)


@pytest.mark.parametrize(
    "rows",
    [
        [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]],  # not 0/1
        [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]],  # two ones
        [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]],  # no one
        [[2.0, 0.0, 0.0], [1.0, 0.0, 0.0]],
    ],
)
def test_one_hot_rows_that_are_not_one_hot(rows: Any) -> None:
    probs = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"^target: .*one-hot"):
        nllbook.nll(probs, rows)
    with pytest.raises(ValueError, match=r"^target: .*one-hot"):
        nllbook.likelihood(probs, np.array(rows))


@pytest.mark.parametrize("smoothing", [-0.1, 1.1, NAN, INF, "x", None])
def test_label_smoothing_outside_unit_interval(smoothing: Any) -> None:
    with pytest.raises(ValueError, match=r"^label_smoothing"):
        nllbook.cross_entropy_from_logits(np.zeros((2, 3)), [0, 1], label_smoothing=smoothing)


@pytest.mark.parametrize("reduction", ["avg", "MEAN", "", None, "none "])
def test_unknown_reduction(reduction: Any) -> None:
    probs, z = np.full((2, 3), 1 / 3), np.zeros((2, 3))
    calls = [
        lambda: nllbook.nll(probs, [0, 1], reduction=reduction),
        lambda: nllbook.binary_cross_entropy([0.0, 1.0], [0.5, 0.5], reduction=reduction),
        lambda: nllbook.cross_entropy_from_logits(z, [0, 1], reduction=reduction),
        lambda: nllbook.cross_entropy_from_logits_unfused(z, [0, 1], reduction=reduction),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"^reduction"):
            call()


@pytest.mark.parametrize("base", [0, -2, 1, 1.0, INF, NAN, "two", [2]])
def test_bad_base(base: Any) -> None:
    with pytest.raises(ValueError, match=r"^base"):
        nllbook.entropy(GOOD, base=base)
    with pytest.raises(ValueError, match=r"^base"):
        nllbook.cross_entropy(GOOD, GOOD, base=base)
    with pytest.raises(ValueError, match=r"^base"):
        nllbook.kl_divergence(GOOD, GOOD, base=base)


BAD_LOGITS = {
    "nan": [[0.0, NAN], [0.0, 1.0]],
    "plus-inf": [[0.0, INF], [0.0, 1.0]],
    "all-minus-inf-row": [[-INF, -INF], [0.0, 1.0]],
    "empty": np.zeros((0, 2)),
    "scalar": 1.0,
    "strings": [["a", "b"]],
}


@pytest.mark.parametrize("bad", BAD_LOGITS.values(), ids=BAD_LOGITS.keys())
def test_bad_logits(bad: Any) -> None:
    for f in (nllbook.softmax, nllbook.log_softmax):
        with pytest.raises(ValueError, match=r"^logits\b"):
            f(bad)
    for g in (nllbook.cross_entropy_from_logits, nllbook.cross_entropy_from_logits_unfused):
        with pytest.raises(ValueError, match=r"^logits\b"):
            g(bad, [0, 1])


@pytest.mark.parametrize("bad", [[0.0, NAN], [0.0, INF], [], ["a"]])
def test_bad_logsumexp_input(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^x\b"):
        nllbook.logsumexp(bad)


@pytest.mark.parametrize("bad", [[1.5], [-0.1], [NAN], [INF], []])
def test_bad_binary_inputs(bad: Any) -> None:
    ok = [0.5] * max(1, len(bad))
    for f in (nllbook.binary_cross_entropy, nllbook.bernoulli_likelihood):
        with pytest.raises(ValueError, match=r"^y\b"):
            f(bad, ok)
        with pytest.raises(ValueError, match=r"^y_hat\b"):
            f(ok, bad)


@pytest.mark.parametrize("num_classes", [0, -1, 2.5, True, "3", None])
def test_bad_num_classes(num_classes: Any) -> None:
    with pytest.raises(ValueError, match=r"^num_classes"):
        nllbook.empirical_distribution([0, 1], num_classes)


@pytest.mark.parametrize("p", [-0.1, 1.5, NAN, [0.5, 0.5]])
def test_bad_nll_steps(p: Any) -> None:
    with pytest.raises(ValueError, match=r"^p\b"):
        nllbook.nll_steps(p)


@pytest.mark.parametrize("ps", [[0.5, -0.5], [1.5], [NAN], [INF], []])
def test_bad_underflow_inputs(ps: Any) -> None:
    for f in (
        nllbook.product_of_probabilities,
        nllbook.sum_of_log_probabilities,
        nllbook.running_product,
        nllbook.running_log_sum,
    ):
        with pytest.raises(ValueError, match=r"^ps\b"):
            f(ps)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.5, 2.0, NAN])
def test_bad_underflow_point(p: float) -> None:
    with pytest.raises(ValueError, match=r"^p\b"):
        nllbook.underflow_point(p)


@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.complex128, "U3"])
def test_bad_dtype(dtype: Any) -> None:
    with pytest.raises(ValueError, match=r"^dtype"):
        nllbook.underflow_point(0.1, dtype)
    with pytest.raises(ValueError, match=r"^dtype"):
        nllbook.product_of_probabilities([0.5], dtype)


# -- purity: nothing half-done ---------------------------------------------------------------


def _inputs(rng: np.random.Generator, dtype: Any) -> dict[str, np.ndarray]:
    p = rng.dirichlet(np.ones(5), size=4).astype(dtype)
    q = rng.dirichlet(np.ones(5), size=4).astype(dtype)
    z = (rng.normal(size=(4, 5)) * 50).astype(dtype)
    z[0, 1] = -np.inf
    y = rng.integers(0, 5, size=4)
    y[0] = 0
    b = rng.random(6).astype(dtype)
    return {"p": p, "q": q, "z": z, "y": y, "b": b, "b2": rng.random(6).astype(dtype)}


CALLS: dict[str, Callable[[dict[str, np.ndarray]], Any]] = {
    "entropy": lambda a: nllbook.entropy(a["p"]),
    "cross_entropy": lambda a: nllbook.cross_entropy(a["p"], a["q"]),
    "kl_divergence": lambda a: nllbook.kl_divergence(a["p"], a["q"]),
    "xlogy": lambda a: nllbook.xlogy(a["p"], a["q"]),
    "likelihood": lambda a: nllbook.likelihood(a["q"], a["y"]),
    "nll": lambda a: nllbook.nll(a["q"], a["y"], reduction="none"),
    "nll_one_hot": lambda a: nllbook.nll(a["q"], np.eye(5)[a["y"]], reduction="none"),
    "bce": lambda a: nllbook.binary_cross_entropy(a["b"], a["b2"], reduction="none"),
    "bernoulli": lambda a: nllbook.bernoulli_likelihood(a["b"], a["b2"]),
    "empirical": lambda a: nllbook.empirical_distribution(a["y"], 5),
    "softmax": lambda a: nllbook.softmax(a["z"]),
    "log_softmax": lambda a: nllbook.log_softmax(a["z"]),
    "logsumexp": lambda a: nllbook.logsumexp(a["z"]),
    "naive_softmax": lambda a: nllbook.naive_softmax(a["z"]),
    "ce_logits": lambda a: nllbook.cross_entropy_from_logits(a["z"], a["y"], reduction="none"),
    "ce_logits_smooth": lambda a: nllbook.cross_entropy_from_logits(
        a["z"], a["y"], label_smoothing=0.2, reduction="none"
    ),
    "ce_logits_soft": lambda a: nllbook.cross_entropy_from_logits(a["z"], a["p"], reduction="none"),
    "ce_unfused": lambda a: nllbook.cross_entropy_from_logits_unfused(
        a["z"], a["y"], reduction="none"
    ),
    "product": lambda a: nllbook.product_of_probabilities(a["b"]),
    "sum_of_logs": lambda a: nllbook.sum_of_log_probabilities(a["b"]),
    "running_product": lambda a: nllbook.running_product(a["b"]),
    "running_log_sum": lambda a: nllbook.running_log_sum(a["b"]),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", CALLS)
def test_inputs_are_not_modified_and_outputs_do_not_alias_them(
    rng: np.random.Generator, name: str, dtype: Any
) -> None:
    args = _inputs(rng, dtype)
    copies = {k: v.copy() for k, v in args.items()}
    out = CALLS[name](args)
    first = np.array(out, copy=True)
    for k in args:
        np.testing.assert_array_equal(args[k], copies[k], err_msg=f"{name} modified {k}")
    for v in args.values():
        assert not np.shares_memory(np.asarray(out), v), f"{name} returned a view of its input"
    # Same inputs, same answer: no hidden state.
    np.testing.assert_array_equal(CALLS[name](args), first)


@pytest.mark.parametrize("name", CALLS)
def test_read_only_inputs_work(rng: np.random.Generator, name: str) -> None:
    args = _inputs(rng, np.float64)
    want = CALLS[name](args)
    for v in args.values():
        v.flags.writeable = False
    np.testing.assert_array_equal(CALLS[name](args), want)


def test_a_failing_call_changes_nothing(rng: np.random.Generator) -> None:
    p = rng.dirichlet(np.ones(4), size=3)
    bad_q = p.copy()
    bad_q[2, 0] = -0.5  # the second argument is bad, after the first was read
    p_copy, q_copy = p.copy(), bad_q.copy()
    with pytest.raises(ValueError, match=r"^q\b"):
        nllbook.kl_divergence(p, bad_q)
    np.testing.assert_array_equal(p, p_copy)
    np.testing.assert_array_equal(bad_q, q_copy)
    z = rng.normal(size=(3, 4))
    z_copy = z.copy()
    with pytest.raises(ValueError, match=r"^target\b"):
        nllbook.cross_entropy_from_logits(z, [0, 1, 9])
    np.testing.assert_array_equal(z, z_copy)


# -- booleans and the tolerance ---------------------------------------------------------------


BOOLEAN_CALLS = {
    "entropy": lambda b: nllbook.entropy(b),
    "nll probs": lambda b: nllbook.nll(b, 0),
    "nll target rows": lambda b: nllbook.nll([[0.5, 0.5]], b),
    "xlogy": lambda b: nllbook.xlogy(b, 0.5),
    "binary_cross_entropy": lambda b: nllbook.binary_cross_entropy(b, [0.5, 0.5]),
    "bce_from_logits": lambda b: nllbook.binary_cross_entropy_from_logits([0.5, 0.5], b),
    "sigmoid": lambda b: nllbook.sigmoid(b),
    "logsumexp": lambda b: nllbook.logsumexp(b),
    "softmax": lambda b: nllbook.softmax(b),
    "product": lambda b: nllbook.product_of_probabilities(b),
    "perplexity": lambda b: nllbook.perplexity(b),
    "gaussian_nll": lambda b: nllbook.gaussian_nll(b),
    "bigram_probabilities": lambda b: nllbook.bigram_probabilities(b),
    "temperature_nll": lambda b: nllbook.temperature_nll([[1.0, 0.0]], [0], b),
    "brier": lambda b: nllbook.brier_score(b, [0]),
    "torch_bce": lambda b: cv.torch_bce_loss(b, [1.0, 0.0]),
    "scipy_entropy": lambda b: cv.scipy_entropy(b),
    "torch_nll_loss target": lambda b: cv.torch_nll_loss([[-0.5, -1.0]], b),
    "fit_softmax_regression target": lambda b: nllbook.fit_softmax_regression([[0.0]], b),
    "fit_softmax_regression record": lambda b: nllbook.fit_softmax_regression(
        [[0.0], [1.0]], [0, 1], steps=1, record=b
    ),
    "cross_entropy_from_logits target": lambda b: nllbook.cross_entropy_from_logits([1.0, 0.0], b),
}


@pytest.mark.parametrize("call", BOOLEAN_CALLS.values(), ids=BOOLEAN_CALLS.keys())
@pytest.mark.parametrize("value", [True, np.True_, [True, False], np.array([[True, False]])])
def test_booleans_are_not_numbers(call: Any, value: Any) -> None:
    with pytest.raises(ValueError, match=r"^\w+: booleans are not numbers"):
        call(value)


def test_booleans_are_outcomes_in_calibration() -> None:
    y, p = np.array([True, False, True, True]), np.array([0.9, 0.2, 0.6, 0.7])
    got = nllbook.expected_calibration_error(y, p, 2)
    assert got == nllbook.expected_calibration_error(y.astype(int), p, 2)


def test_row_tolerance_is_sum_atol_plus_k_eps_of_the_type() -> None:
    k3 = 3
    for dtype in (np.float16, np.float32, np.float64):
        tol = nllbook.SUM_ATOL + k3 * float(np.finfo(dtype).eps)
        eps = float(np.finfo(dtype).eps)
        # Entries exactly representable in the type, so the sum is what we set.
        inside = np.array([0.25, 0.25, 0.5 + (tol - 2 * eps) * 0.999], dtype=np.float64)
        outside = np.array([0.25, 0.25, 0.5 + tol * 1.001 + eps], dtype=np.float64)
        for row, ok in ((inside, True), (outside, False)):
            arr = row.astype(dtype)
            dev = abs(float(arr.astype(np.float64).sum()) - 1)
            if (dev <= tol) != ok:
                continue  # rounding to the type moved the row across; nothing to check
            if ok:
                nllbook.entropy(arr)
            else:
                with pytest.raises(ValueError, match=r"^p: rows must sum to 1"):
                    nllbook.entropy(arr)
    # float16 rows rounded from a decimal distribution pass.
    nllbook.entropy(np.array([0.1, 0.2, 0.7], dtype=np.float16))
    # float32 rows far off, which the old 1000 eps tolerance let through, do not.
    with pytest.raises(ValueError, match=r"^p: rows must sum to 1"):
        nllbook.entropy(np.array([0.25, 0.25, 0.5 + 1e-4], dtype=np.float32))


def test_sum_atol_can_be_set_and_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    row = np.array([0.25, 0.25, 0.5 + 1e-4])
    with pytest.raises(ValueError, match=r"^p: rows must sum to 1"):
        nllbook.entropy(row)
    monkeypatch.setattr(nllbook, "SUM_ATOL", 1e-3)
    assert nllbook.SUM_ATOL == 1e-3
    nllbook.entropy(row)
    monkeypatch.setattr(nllbook, "SUM_ATOL", 0.0)
    with pytest.raises(ValueError, match=r"^p: rows must sum to 1"):
        nllbook.entropy(np.array([0.25, 0.25, 0.5 + 1e-9]))


@pytest.mark.parametrize("bad", [-1e-6, 1.0, np.nan, "1e-6", None, True])
def test_sum_atol_refuses_bad_values(bad: Any) -> None:
    before = nllbook.SUM_ATOL
    with pytest.raises(ValueError, match=r"^SUM_ATOL"):
        nllbook.SUM_ATOL = bad
    assert nllbook.SUM_ATOL == before
