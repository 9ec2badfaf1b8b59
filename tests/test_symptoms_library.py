"""The functions the chapter "Symptoms" added, against independent references.

float16 losses against PyTorch's half precision, Keras's accuracy metrics
against scikit-learn and numpy written out, and BCEWithLogitsLoss on
unchecked targets against PyTorch.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
from sklearn.metrics import accuracy_score

import nllbook
from nllbook import conventions as cv

TORCH_REASON = "PyTorch is an optional test extra (.ci/run installs constraints/torch.txt)"


def _logits(seed: int, scale: float = 8.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=scale, size=(64, 5))
    z[0] = [12.0, 0.0, -20.0, 1.0, 2.0]  # exp(12) overflows float16; e^-32 underflows
    y = rng.integers(0, 5, size=64)
    y[0] = 2
    return z, y


# -- cross_entropy_in_dtype ----------------------------------------------------------------------


@pytest.mark.parametrize("route", ["log_softmax", "softmax_then_log", "naive"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_route_is_the_loss_where_nothing_overflows(route: str, dtype: type) -> None:
    rng = np.random.default_rng(1)
    z = rng.normal(size=(50, 4))
    y = rng.integers(0, 4, size=50)
    want = -scipy.special.log_softmax(z, axis=1)[np.arange(50), y]
    got = nllbook.cross_entropy_in_dtype(z, y, dtype, route)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, want, rtol=1e-5 if dtype is np.float32 else 1e-12)


def test_float16_breaks_where_its_range_ends() -> None:
    big = nllbook.cross_entropy_in_dtype([[12.0, 0.0]], [0], np.float16, "naive")
    assert np.isnan(big[0])  # e^12 > 65504: inf / inf
    assert np.exp(np.float64(12.0)) > np.finfo(np.float16).max
    tiny = nllbook.cross_entropy_in_dtype([[0.0, -20.0]], [1], np.float16, "softmax_then_log")
    assert np.isinf(tiny[0])  # e^-20 is below float16's smallest subnormal
    assert np.exp(-20.0) < float(np.finfo(np.float16).smallest_subnormal) / 2
    fused = nllbook.cross_entropy_in_dtype([[0.0, -20.0]], [1], np.float16)
    assert fused[0] == pytest.approx(20.0, rel=1e-3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_float16_routes_match_torch_half(seed: int) -> None:
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    z, y = _logits(seed)
    zh, yt = torch.as_tensor(z).half(), torch.as_tensor(y)
    fused = torch.nn.functional.cross_entropy(zh, yt, reduction="none").double().numpy()
    soft = -torch.softmax(zh, dim=1).log()[torch.arange(64), yt].double().numpy()
    e = zh.exp()
    naive = -(e / e.sum(dim=1, keepdim=True)).log()[torch.arange(64), yt].double().numpy()
    true = -scipy.special.log_softmax(z, axis=1)[np.arange(64), y]
    # Probabilities above float16's smallest normal number (6.1e-5) keep 11 bits;
    # below it they are subnormal, and rounding once or per step differs.
    normal = true < -np.log(float(np.finfo(np.float16).tiny))
    gone = true > -np.log(float(np.finfo(np.float16).smallest_subnormal) / 4)
    for route, want in (("log_softmax", fused), ("softmax_then_log", soft), ("naive", naive)):
        got = nllbook.cross_entropy_in_dtype(z, y, np.float16, route).astype(np.float64)
        if route == "softmax_then_log":
            assert np.isinf(got[gone]).all() and np.isinf(want[gone]).all()
            assert np.isfinite(got[normal]).all() and np.isfinite(want[normal]).all()
            ok = normal
        else:
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=route)
            np.testing.assert_array_equal(np.isinf(got), np.isinf(want), err_msg=route)
            ok = np.isfinite(want) & (normal | (route == "log_softmax"))
        # torch rounds once per kernel, numpy once per step: a few float16 ulps apart.
        np.testing.assert_allclose(got[ok], want[ok], rtol=4e-3, atol=4e-3, err_msg=route)
        assert ok.sum() > 10


# -- Keras's accuracies --------------------------------------------------------------------------


def _probs(seed: int, n: int = 40, k: int = 6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    q = scipy.special.softmax(rng.normal(scale=2.0, size=(n, k)), axis=1)
    labels = rng.integers(0, k, size=n)
    return np.eye(k)[labels], q, labels


@pytest.mark.parametrize("seed", range(4))
def test_binary_accuracy_counts_every_output(seed: int) -> None:
    onehot, q, _ = _probs(seed)
    want = accuracy_score(onehot.ravel().astype(int), (q.ravel() > 0.5).astype(int))
    assert cv.keras_binary_accuracy(onehot, q) == pytest.approx(want)


@pytest.mark.parametrize("seed", range(4))
def test_categorical_accuracy_is_the_top_class(seed: int) -> None:
    onehot, q, labels = _probs(seed)
    assert cv.keras_categorical_accuracy(onehot, q) == pytest.approx(
        accuracy_score(labels, q.argmax(axis=1))
    )


def test_a_model_that_says_no_to_every_class() -> None:
    k = 10
    onehot = np.eye(k)[[3, 7, 1]]
    q = np.full((3, k), 1 / k)
    assert cv.keras_binary_accuracy(onehot, q) == pytest.approx((k - 1) / k)
    name, value = cv.keras_accuracy(onehot, q, "binary_crossentropy", rule="loss")
    assert (name, value) == ("binary_accuracy", pytest.approx(0.9))
    name, value = cv.keras_accuracy(onehot, q, "binary_crossentropy", rule="shapes")
    assert name == "categorical_accuracy"
    assert value == pytest.approx(np.mean(np.argmax(q, axis=1) == [3, 7, 1]))


@pytest.mark.parametrize("seed", range(2))
def test_accuracy_by_default_is_categorical_for_one_hot_rows(seed: int) -> None:
    """With no loss named (categorical cross-entropy) and the rule of current
    Keras (the shapes decide), one-hot rows get categorical accuracy."""
    onehot, q, labels = _probs(seed)
    name, value = cv.keras_accuracy(onehot, q)
    assert name == "categorical_accuracy"
    assert value == pytest.approx(accuracy_score(labels, q.argmax(axis=1)))


@pytest.mark.parametrize(
    ("shape_true", "shape_pred", "loss", "rule", "name"),
    [
        ((4, 1), (4, 1), "binary_crossentropy", "shapes", "binary_accuracy"),
        ((4,), (4, 3), "sparse_categorical_crossentropy", "shapes", "sparse_categorical_accuracy"),
        ((4, 1), (4, 3), "categorical_crossentropy", "shapes", "sparse_categorical_accuracy"),
        ((4, 3), (4, 3), "categorical_crossentropy", "shapes", "categorical_accuracy"),
        ((4, 3), (4, 3), "binary_crossentropy", "shapes", "categorical_accuracy"),
        ((4, 3), (4, 3), "binary_crossentropy", "loss", "binary_accuracy"),
        ((4,), (4, 3), "sparse_categorical_crossentropy", "loss", "sparse_categorical_accuracy"),
        ((4, 3), (4, 3), "categorical_crossentropy", "loss", "categorical_accuracy"),
    ],
)
def test_the_rules_that_pick_the_metric(shape_true, shape_pred, loss, rule, name) -> None:
    """Keras 3's compile_utils.get_metric (shapes) and Keras 2.3's (loss), written out."""
    rng = np.random.default_rng(0)
    k = shape_pred[-1]
    labels = rng.integers(0, k, size=4) if k > 1 else rng.integers(0, 2, size=4)
    if len(shape_true) == 1:
        y_true = labels
    elif shape_true[-1] == 1:
        y_true = labels[:, None].astype(float)
    else:
        y_true = np.eye(k)[labels]
    q = scipy.special.softmax(rng.normal(size=shape_pred), axis=1) if k > 1 else rng.random((4, 1))
    got_name, got = cv.keras_accuracy(y_true, q, loss, rule)  # type: ignore[arg-type]
    assert got_name == name
    if name == "binary_accuracy":
        want = np.mean((q > 0.5) == (np.asarray(y_true).reshape(q.shape) > 0.5))
    else:
        want = np.mean(q.argmax(axis=1) == labels)
    assert got == pytest.approx(want)


# -- BCEWithLogitsLoss on targets it does not check ----------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_unchecked_bce_with_logits_matches_torch(reduction: str) -> None:
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    rng = np.random.default_rng(3)
    z = rng.normal(scale=3.0, size=(8, 3))
    y = rng.choice([-1.0, 0.0, 0.5, 1.0, 2.0], size=(8, 3))
    want = torch.nn.BCEWithLogitsLoss(reduction=reduction)(torch.as_tensor(z), torch.as_tensor(y))
    got = cv.torch_bce_with_logits_loss_unchecked(z, y, reduction=reduction)
    np.testing.assert_allclose(got, want.numpy(), rtol=1e-12)


def test_unchecked_bce_with_logits_written_out() -> None:
    z = np.array([-3.0, 2.0, 1.0])
    y = np.array([-1.0, 1.0, 3.0])
    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))], with scipy's stable log-sigmoid.
    want = -(y * scipy.special.log_expit(z) + (1 - y) * scipy.special.log_expit(-z))
    got = cv.torch_bce_with_logits_loss_unchecked(z, y, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert got[0] < 0 and got[2] < 0
