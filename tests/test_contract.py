"""The contract: every bad argument gets a ValueError that names it.

Never another exception, never a warning (``filterwarnings = error``), never
a silent value. Each public function is called with good arguments, then
with each argument in turn replaced by each value of :data:`BAD`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import nllbook
from nllbook import conventions as cv
from nllbook import examples as ex

P, Q = [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]
Z, Y, B, B2 = [[1.0, 2.0, 3.0]], [2], [0.2, 0.9], [0.3, 0.6]
X, W = [[0.1, 0.5], [0.9, 0.2]], [[0.1, 0.0, -0.1], [0.2, 0.3, 0.0]]

#: function, good keyword arguments, arguments for which a bool or an infinity is valid.
CALLS: dict[str, tuple[Callable[..., Any], dict[str, Any], set[str]]] = {
    "entropy": (nllbook.entropy, {"p": P, "base": 2}, {"p"}),
    "cross_entropy": (nllbook.cross_entropy, {"p": P, "q": Q, "base": 2}, {"p", "q"}),
    "kl_divergence": (nllbook.kl_divergence, {"p": P, "q": Q, "base": 2}, {"p", "q"}),
    "xlogy": (nllbook.xlogy, {"x": P, "y": Q}, {"x", "y"}),
    "likelihood": (nllbook.likelihood, {"probs": Q, "target": 2}, {"probs"}),
    "nll": (nllbook.nll, {"probs": Q, "target": 2, "reduction": "sum"}, {"probs"}),
    "binary_cross_entropy": (
        nllbook.binary_cross_entropy,
        {"y": B, "y_hat": B2, "reduction": "sum"},
        {"y", "y_hat"},
    ),
    "bernoulli_likelihood": (nllbook.bernoulli_likelihood, {"y": B, "y_hat": B2}, {"y", "y_hat"}),
    "bernoulli_likelihood_grid": (
        nllbook.bernoulli_likelihood_grid,
        {"y": B, "theta": [0.1, 0.5]},
        {"y", "theta"},
    ),
    "bernoulli_nll_grid": (nllbook.bernoulli_nll_grid, {"y": B, "theta": 0.5}, {"y", "theta"}),
    "softmax_cross_entropy_gradient": (
        nllbook.softmax_cross_entropy_gradient,
        {"logits": Z, "target": Y, "label_smoothing": 0.1},
        {"logits"},
    ),
    "information_unit": (nllbook.information_unit, {"base": 2}, set()),
    "in_base": (nllbook.in_base, {"nats": [1.0, 2.0], "base": 2}, {"nats"}),
    "empirical_distribution": (
        nllbook.empirical_distribution,
        {"samples": [0, 1], "num_classes": 3},
        set(),
    ),
    "nll_steps": (nllbook.nll_steps, {"p": 0.5}, {"p"}),
    "softmax": (nllbook.softmax, {"logits": Z}, {"logits"}),
    "log_softmax": (nllbook.log_softmax, {"logits": Z}, {"logits"}),
    "logsumexp": (nllbook.logsumexp, {"x": Z, "axis": -1}, {"x"}),
    "smooth_labels": (nllbook.smooth_labels, {"target": P, "label_smoothing": 0.1}, {"target"}),
    "cross_entropy_from_logits": (
        nllbook.cross_entropy_from_logits,
        {"logits": Z, "target": Y, "label_smoothing": 0.1, "reduction": "sum"},
        {"logits"},
    ),
    "cross_entropy_from_logits_unfused": (
        nllbook.cross_entropy_from_logits_unfused,
        {"logits": Z, "target": Y, "reduction": "sum"},
        {"logits"},
    ),
    "sigmoid": (nllbook.sigmoid, {"x": [0.5]}, {"x"}),
    "log_sigmoid": (nllbook.log_sigmoid, {"x": [0.5]}, {"x"}),
    "binary_cross_entropy_from_logits": (
        nllbook.binary_cross_entropy_from_logits,
        {"logits": [0.5, 1.0], "y": B, "reduction": "sum"},
        {"logits", "y"},
    ),
    "log_odds": (nllbook.log_odds, {"p": B}, set()),
    "binary_cross_entropy_gradient": (
        nllbook.binary_cross_entropy_gradient,
        {"logits": [0.5, -1.0], "y": B},
        set(),
    ),
    "binary_cross_entropy_second_derivative": (
        nllbook.binary_cross_entropy_second_derivative,
        {"logits": [0.5, -1.0]},
        set(),
    ),
    "sigmoid_squared_error": (
        nllbook.sigmoid_squared_error,
        {"logits": [0.5, -1.0], "y": B, "reduction": "sum"},
        set(),
    ),
    "sigmoid_squared_error_gradient": (
        nllbook.sigmoid_squared_error_gradient,
        {"logits": [0.5, -1.0], "y": B},
        set(),
    ),
    "sigmoid_squared_error_second_derivative": (
        nllbook.sigmoid_squared_error_second_derivative,
        {"logits": [0.5, -1.0], "y": B},
        set(),
    ),
    "product_of_probabilities": (
        nllbook.product_of_probabilities,
        {"ps": B, "dtype": np.float32},
        {"ps"},
    ),
    "running_product": (nllbook.running_product, {"ps": B, "dtype": np.float32}, {"ps"}),
    "running_log_sum": (nllbook.running_log_sum, {"ps": B}, {"ps"}),
    "sum_of_log_probabilities": (nllbook.sum_of_log_probabilities, {"ps": B}, {"ps"}),
    "underflow_point": (nllbook.underflow_point, {"p": 0.5, "dtype": np.float32}, set()),
    "gaussian_nll": (
        nllbook.gaussian_nll,
        {"x": B, "loc": 0.5, "scale": 0.2, "reduction": "sum"},
        set(),
    ),
    "gaussian_bin_nll": (
        nllbook.gaussian_bin_nll,
        {"x": B, "loc": 0.5, "scale": 0.2, "width": 0.01, "reduction": "sum"},
        set(),
    ),
    "perplexity": (nllbook.perplexity, {"mean_nll": 1.0, "base": 2}, {"mean_nll"}),
    "bits_per_symbol": (nllbook.bits_per_symbol, {"mean_nll": 1.0}, {"mean_nll"}),
    "l2_prior_variance": (nllbook.l2_prior_variance, {"l2": 0.1, "n_samples": 4}, set()),
    "dirichlet_estimate": (
        nllbook.dirichlet_estimate,
        {"counts": [[0, 2, 5]], "alpha": 1.5, "estimate": "map"},
        set(),
    ),
    "normal_on_grid": (
        nllbook.normal_on_grid,
        {"grid": [-1.0, 0.0, 1.0], "loc": 0.2, "scale": 0.7},
        set(),
    ),
    "distillation_loss": (
        nllbook.distillation_loss,
        {
            "teacher_logits": Z,
            "student_logits": [[0.5, 0.1, 2.0]],
            "temperature": 2.0,
            "scaled": True,
        },
        set(),
    ),
    "distillation_gradient": (
        nllbook.distillation_gradient,
        {
            "teacher_logits": Z,
            "student_logits": [[0.5, 0.1, 2.0]],
            "temperature": 2.0,
            "scaled": False,
        },
        set(),
    ),
    "bits_per_byte": (nllbook.bits_per_byte, {"total_nll": 3.0, "data": "héllo"}, {"total_nll"}),
    "bigram_counts": (nllbook.bigram_counts, {"text": "abab", "alphabet": "ab"}, set()),
    "bigram_probabilities": (
        nllbook.bigram_probabilities,
        {"counts": [[1, 2], [0, 1]], "smoothing": 1.0},
        set(),
    ),
    "bigram_nll": (
        nllbook.bigram_nll,
        {"text": "abab", "probabilities": [[0.5, 0.5], [0.5, 0.5]], "alphabet": "ab"},
        set(),
    ),
    "brier_score": (nllbook.brier_score, {"probs": Q, "target": 2, "reduction": "sum"}, {"probs"}),
    "expected_brier_score": (nllbook.expected_brier_score, {"p": P, "q": Q}, {"p", "q"}),
    "one_hot": (nllbook.one_hot, {"index": [0, 2], "k": 3}, set()),
    "binary_distribution": (nllbook.binary_distribution, {"p": B}, {"p"}),
    "uniform_distribution": (nllbook.uniform_distribution, {"k": 3}, set()),
    "top_label": (nllbook.top_label, {"probs": [Q, P], "target": [2, 0]}, {"probs"}),
    "calibration_curve": (
        nllbook.calibration_curve,
        {"y_true": [0, 1, 1], "y_prob": Q, "n_bins": 5},
        {"y_prob"},
    ),
    "expected_calibration_error": (
        nllbook.expected_calibration_error,
        {"y_true": [0, 1, 1], "y_prob": Q, "n_bins": 5},
        {"y_prob"},
    ),
    "fit_temperature": (
        nllbook.fit_temperature,
        {"logits": [[1.0, 2.0, 3.0], [2.0, 0.5, 0.0]], "target": [2, 1], "t_min": 0.1, "t_max": 10},
        set(),
    ),
    "temperature_nll": (
        nllbook.temperature_nll,
        {"logits": Z, "target": Y, "temperature": [0.5, 2.0]},
        set(),
    ),
    "softmax_regression_loss": (
        nllbook.softmax_regression_loss,
        {"x": X, "target": [0, 2], "weights": W, "bias": [0.0, 0.1, 0.0], "l2": 0.1},
        set(),
    ),
    "softmax_regression_gradient": (
        nllbook.softmax_regression_gradient,
        {"x": X, "target": [0, 2], "weights": W, "bias": [0.0, 0.1, 0.0], "l2": 0.1},
        set(),
    ),
    "fit_softmax_regression": (
        nllbook.fit_softmax_regression,
        {
            "x": X,
            "target": [0, 2],
            "num_classes": 3,
            "learning_rate": 0.5,
            "steps": 3,
            "l2": 0.1,
            "record": [0, 3],
        },
        set(),
    ),
    "torch_nll_loss": (
        cv.torch_nll_loss,
        {
            "input": Z,
            "target": Y,
            "reduction": "sum",
            "ignore_index": -100,
            "weight": [1.0, 2.0, 0.5],
        },
        {"input"},
    ),
    "torch_cross_entropy_loss": (
        cv.torch_cross_entropy_loss,
        {
            "input": Z,
            "target": Y,
            "label_smoothing": 0.1,
            "reduction": "sum",
            "weight": [1.0, 2.0, 0.5],
        },
        {"input"},
    ),
    "torch_bce_loss": (cv.torch_bce_loss, {"input": B, "target": B2, "reduction": "sum"}, set()),
    "torch_bce_with_logits_loss": (
        cv.torch_bce_with_logits_loss,
        {"input": B, "target": B2, "reduction": "sum", "pos_weight": 3.0},
        set(),
    ),
    "focal_loss": (
        nllbook.focal_loss,
        {"logits": B, "y": B2, "gamma": 2.0, "alpha": 0.25, "reduction": "sum"},
        set(),
    ),
    "reweighted_prior": (nllbook.reweighted_prior, {"p": P, "weight": [1.0, 2.0, 0.5]}, set()),
    "torch_kl_div_loss": (
        cv.torch_kl_div_loss,
        {"input": [[-1.0, -0.5]], "target": [[0.4, 0.6]], "reduction": "sum", "log_target": False},
        {"input"},
    ),
    "keras_categorical_crossentropy": (
        cv.keras_categorical_crossentropy,
        {
            "y_true": [[0.0, 1.0]],
            "y_pred": [[0.3, 0.7]],
            "from_logits": False,
            "label_smoothing": 0.1,
            "reduction": "sum",
        },
        {"y_pred"},
    ),
    "keras_sparse_categorical_crossentropy": (
        cv.keras_sparse_categorical_crossentropy,
        {"y_true": [1], "y_pred": [[0.3, 0.7]], "from_logits": True, "reduction": "sum"},
        {"y_pred"},
    ),
    "sklearn_log_loss": (
        cv.sklearn_log_loss,
        {"y_true": [1], "y_proba": [[0.3, 0.7]], "normalize": False},
        set(),
    ),
    "scipy_entropy": (cv.scipy_entropy, {"pk": P, "qk": Q, "base": 2, "axis": 0}, set()),
    "classic_mistakes": (
        cv.classic_mistakes,
        {"logits": Z, "target": Y, "label_smoothing": 0.1},
        {"logits"},
    ),
    "chi_square_sf": (ex.chi_square_sf, {"x": 3.0, "df": 4}, {"x"}),
    "chi_square_fit": (ex.chi_square_fit, {"counts": [10, 5, 7], "probs": P}, set()),
    "simulated_rolls": (ex.simulated_rolls, {"m": 6, "seed": 3}, set()),
    "first_typical_seed": (
        ex.first_typical_seed,
        {"m": 60, "level": 0.05, "max_seed": 5},
        set(),
    ),
    "by_key": (ex.by_key, {"key": "entropy_fair_die"}, set()),
    "cross_entropy_in_dtype": (
        nllbook.cross_entropy_in_dtype,
        {"logits": Z, "target": Y, "dtype": np.float16, "route": "naive"},
        {"logits"},
    ),
    "keras_binary_accuracy": (
        cv.keras_binary_accuracy,
        {"y_true": [[0.0, 1.0]], "y_pred": [B], "threshold": 0.5},
        {"y_true", "y_pred"},
    ),
    "keras_categorical_accuracy": (
        cv.keras_categorical_accuracy,
        {"y_true": [[0.0, 1.0]], "y_pred": [B]},
        {"y_true", "y_pred"},
    ),
    "keras_accuracy": (
        cv.keras_accuracy,
        {"y_true": [[0.0, 1.0]], "y_pred": [B], "loss": "binary_crossentropy", "rule": "loss"},
        {"y_true", "y_pred"},
    ),
    "torch_bce_with_logits_loss_unchecked": (
        cv.torch_bce_with_logits_loss_unchecked,
        {"input": [0.5, -1.0], "target": [1.0, -1.0], "reduction": "sum"},
        {"input", "target"},
    ),
}

#: Values that are wrong for every argument above (a few are valid for some, see CALLS).
BAD: dict[str, Any] = {
    "None": None,
    "string": "0.5",
    "bytes": b"1",
    "object": object(),
    "dict": {"a": 1},
    "set": {1.0},
    "complex": 0.5j,
    "nan": float("nan"),
    "empty": [],
    "ragged": [[1.0], [1.0, 2.0]],
    "strings": ["a", "b"],
    "none-inside": [None, 1.0],
    "datetime": np.datetime64("2026-01-01"),
    "huge-int": 10**400,
    "inf": float("inf"),
    "bool": True,
    "bool-array": np.array([True, False]),
    "array-as-scalar": np.array([0.5, 0.5]),
}
#: Valid where CALLS says so (sigmoid(inf), a -inf logit, chi_square_sf(inf)).
#: Booleans never are: a boolean is not a number (see nllbook._validation).
LENIENT = {"inf"}
#: Other (argument, value) pairs that are valid: base=None means nats, and any
#: integer may be declared the ignored class or be a seed.
#: A string of distinct characters ("0.5") is an alphabet.
#: The flags take booleans, and nothing else.
VALID = {
    ("base", "None"),
    ("weight", "None"),  # no class weights
    ("pos_weight", "None"),
    ("alpha", "None"),  # the focal loss without its class weight
    ("pos_weight", "array-as-scalar"),  # one per output
    ("ignore_index", "huge-int"),
    ("alphabet", "string"),
    ("num_classes", "None"),
    ("record", "None"),
    ("qk", "None"),
    ("axis", "None"),
    ("seed", "huge-int"),
    ("max_seed", "huge-int"),
    ("from_logits", "bool"),
    ("log_target", "bool"),
    ("normalize", "bool"),
    # Arrays where the contract expects arrays: only the scalar arguments must refuse them.
    *((arg, "array-as-scalar") for arg in (
        "p", "q", "x", "y", "probs", "target", "y_hat", "theta", "logits", "ps", "mean_nll",
        "input", "y_pred", "y_true", "y_prob", "pk", "qk", "counts", "loc", "scale",
        "temperature", "samples", "record", "nats", "index", "grid", "total_nll",
    )),
    ("data", "string"),  # any text has bytes to count
    ("data", "bytes"),
    ("scaled", "bool"),
    ("loss", "string"),  # Keras accepts any loss name; it only looks for a few
}  # fmt: skip

CASES = [
    (fname, arg, bad)
    for fname, (_f, kwargs, lenient) in CALLS.items()
    for arg in kwargs
    for bad in BAD
    if not (bad in LENIENT and arg in lenient)
    and (arg, bad) not in VALID
    and not (bad == "None" and arg == "reduction" and fname.startswith("keras"))  # Keras' None
]


@pytest.mark.parametrize("fname", CALLS)
def test_good_arguments_work(fname: str) -> None:
    f, kwargs, _ = CALLS[fname]
    f(**kwargs)


@pytest.mark.parametrize(("fname", "arg", "bad"), CASES, ids=[f"{f}-{a}-{b}" for f, a, b in CASES])
def test_bad_argument_raises_value_error_naming_it(fname: str, arg: str, bad: str) -> None:
    f, kwargs, _ = CALLS[fname]
    with pytest.raises(ValueError) as info:
        f(**{**kwargs, arg: BAD[bad]})
    head = str(info.value).split(":")[0]
    assert arg in head.replace(",", " ").split(), f"{fname}: {info.value} does not name {arg}"


def test_every_public_function_is_in_the_contract() -> None:
    public = {
        name
        for name in nllbook.__all__
        if callable(getattr(nllbook, name)) and not isinstance(getattr(nllbook, name), type)
    }
    # The naive versions exist to show nan and inf; they only check their dtype.
    unchecked = {"naive_softmax", "naive_log_softmax"}
    assert public - unchecked <= set(CALLS), sorted(public - unchecked - set(CALLS))


def test_every_convention_and_example_function_is_in_the_contract() -> None:
    functions = {
        name
        for module in (cv, ex)
        for name in getattr(module, "__all__", dir(module))
        if not name.startswith("_")
        and callable(getattr(module, name))
        and not isinstance(getattr(module, name), type)
        and getattr(getattr(module, name), "__module__", "") == module.__name__
    }
    assert functions <= set(CALLS), sorted(functions - set(CALLS))


def test_index_target_of_shape_n_by_1_is_refused() -> None:
    probs = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match=r"^target: shape \(3, 1\)"):
        nllbook.nll(probs, np.zeros((3, 1), dtype=int))
    with pytest.raises(ValueError, match=r"^target"):
        nllbook.cross_entropy_from_logits(np.zeros((3, 2)), np.zeros((3, 1), dtype=int))
    # One distribution scoring many samples still broadcasts.
    assert nllbook.nll(np.array([[0.5, 0.5]]), [0, 1, 1], reduction="none").shape == (3,)


def test_distributions_that_would_both_grow_are_refused() -> None:
    with pytest.raises(ValueError, match=r"^p and q: .*larger than both"):
        nllbook.cross_entropy(np.full((3, 1, 2), 0.5), np.full((1, 4, 2), 0.5))


@pytest.mark.parametrize("name", ["examples", "conventions"])
def test_submodules_load_on_attribute_access(name: str) -> None:
    code = f"import nllbook, sys; m = nllbook.{name}; assert sys.modules['nllbook.{name}'] is m"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_nllbook_does_not_load_matplotlib() -> None:
    code = "import nllbook, sys; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = nllbook.nope  # type: ignore[attr-defined]
    assert {"examples", "conventions"} <= set(dir(nllbook))


# -- ignore_index, as PyTorch -----------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_torch_ignore_index_leaves_samples_out(reduction: str) -> None:
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 4))
    y = np.array([0, -100, 3, 2, -100, 1])
    keep = y != -100
    log_q = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    per = np.where(keep, -log_q[np.arange(6), np.where(keep, y, 0)], 0.0)
    want = {"mean": per.sum() / keep.sum(), "sum": per.sum(), "none": per}[reduction]
    np.testing.assert_allclose(cv.torch_cross_entropy_loss(z, y, reduction=reduction), want)
    np.testing.assert_allclose(cv.torch_nll_loss(log_q, y, reduction=reduction), want)
    assert np.isnan(cv.torch_nll_loss(log_q, np.full(6, -100)))  # 0 / 0, as torch


def test_torch_ignore_index_matches_torch() -> None:
    torch = pytest.importorskip(
        "torch", reason="PyTorch is an optional test extra (.ci/run installs constraints/torch.txt)"
    )
    rng = np.random.default_rng(6)
    z = rng.normal(size=(6, 4))
    y = np.array([0, -100, 3, 2, -100, 1])
    for eps in (0.0, 0.2):
        want = torch.nn.CrossEntropyLoss(label_smoothing=eps)(
            torch.as_tensor(z), torch.as_tensor(y)
        ).item()
        assert np.isclose(cv.torch_cross_entropy_loss(z, y, label_smoothing=eps), want)
