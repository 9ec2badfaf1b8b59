"""The explorers of "NLL at work" against independent implementations: scipy's
log-softmax over the recorded weights, calibration binned by hand, and the
closed forms of the two scoring rules."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats

from nllbook_pages import book_data
from nllbook_pages import nll_at_work as page


def _logits(i: int, x: np.ndarray) -> np.ndarray:
    fit = book_data.digits_training()
    return np.asarray(x @ fit.weights[i] + fit.bias[i])


@pytest.mark.parametrize("i", [0, 7, 14, 22, 28])
def test_training_rows_by_scipy(i: int) -> None:
    split, fit = book_data.digits_split(), book_data.digits_training()
    n = page.training_explorer().numbers(checkpoint=i)
    assert n["step"] == fit.steps[i]
    logq = scipy.special.log_softmax(_logits(i, split.x_val), axis=1)
    losses = -logq[np.arange(split.y_val.size), split.y_val]
    assert math.isclose(n["val_nll"], losses.mean(), rel_tol=1e-12)
    logq_train = scipy.special.log_softmax(_logits(i, split.x_train), axis=1)
    train = -logq_train[np.arange(split.y_train.size), split.y_train].mean()
    assert math.isclose(n["train_nll"], train, rel_tol=1e-12)
    right = logq.argmax(axis=1) == split.y_val
    assert n["val_acc"] == right.mean() and n["wrong"] == (~right).sum()
    assert math.isclose(n["wrong_nll"], losses[~right].mean(), rel_tol=1e-12)
    for j, pos in enumerate(book_data.digits_shown()):
        q = np.exp(logq[pos])
        truth = split.y_val[pos]
        assert math.isclose(n["q_true"][j], q[truth], rel_tol=1e-12)
        assert math.isclose(n["q_other"][j], np.delete(q, truth).max(), rel_tol=1e-12)
        assert n["pred"][j] == q.argmax()


def test_training_starts_at_ln10_and_marks_the_lowest_validation_nll() -> None:
    ex = page.training_explorer()
    start = ex.numbers(checkpoint=0)
    assert math.isclose(start["val_nll"], math.log(10), rel_tol=1e-12)
    assert math.isclose(start["uniform"], math.log(10), rel_tol=1e-12)
    rows = [ex.numbers(checkpoint=i)["val_nll"] for i in range(ex.controls[0].steps + 1)]
    assert start["best_nll"] == min(rows)
    assert ex.controls[0].steps + 1 == len(book_data.DIGITS_RECORD)


def _ece(correct: np.ndarray, conf: np.ndarray, bins: int) -> float:
    which = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    return sum(
        abs(correct[which == b].mean() - conf[which == b].mean()) * (which == b).mean()
        for b in range(bins)
        if (which == b).any()
    )


def test_calibration_has_a_fine_grid_of_temperatures() -> None:
    (c,) = page.calibration_explorer().controls
    assert c.snap and c.steps + 1 >= 100
    ts = np.array(c.nodes())
    np.testing.assert_allclose(ts, np.geomspace(*page.T_RANGE, c.steps + 1), rtol=1e-12)


@pytest.mark.parametrize("t", [0.5, 1.0, 2.0, 4.0])
def test_calibration_numbers_by_hand(t: float) -> None:
    ex = page.calibration_explorer()
    (c,) = ex.controls
    node = c.value_at(round(c.position(t)))
    n = ex.numbers(T=node)
    split = book_data.digits_split()
    z = _logits(len(book_data.DIGITS_RECORD) - 1, split.x_val) / node
    y = split.y_val
    logq = scipy.special.log_softmax(z, axis=1)
    q = np.exp(logq)
    assert math.isclose(n["val_nll"], -logq[np.arange(y.size), y].mean(), rel_tol=1e-10)
    correct = q.argmax(axis=1) == y
    conf = q.max(axis=1)
    assert math.isclose(n["accuracy"], correct.mean(), rel_tol=1e-12)
    assert math.isclose(n["confidence"], conf.mean(), rel_tol=1e-12)
    assert math.isclose(n["ece"], _ece(correct, conf, page.CALIBRATION_BINS), rel_tol=1e-9)
    onehot = np.eye(10)[y]
    assert math.isclose(n["brier"], ((q - onehot) ** 2).sum(axis=1).mean(), rel_tol=1e-12)
    # The fitted temperature minimises the validation NLL.
    full = _logits(len(book_data.DIGITS_RECORD) - 1, split.x_val)

    def loss(temp: float) -> float:
        return float(-scipy.special.log_softmax(full / temp, axis=1)[np.arange(y.size), y].mean())

    found = scipy.optimize.minimize_scalar(loss, bounds=(0.5, 4.0), method="bounded").x
    assert math.isclose(n["t_best"], found, rel_tol=1e-4)
    assert n["nll_best"] <= loss(found) + 1e-12


@pytest.mark.parametrize("r", [0.0, 0.05, 0.3, 0.7, 0.95, 1.0])
def test_scoring_closed_forms(r: float) -> None:
    p = page.SCORING_TRUTH
    n = page.scoring_explorer().numbers(r=r)
    with np.errstate(divide="ignore"):
        nll = -(p * np.log(r) + (1 - p) * np.log(1 - r))
    assert n["expected_nll"] == nll or math.isclose(n["expected_nll"], nll, rel_tol=1e-12)
    brier = 2 * p * (1 - r) ** 2 + 2 * (1 - p) * r**2
    assert math.isclose(n["expected_brier"], brier, rel_tol=1e-12)
    assert math.isclose(n["best_brier"], 2 * p * (1 - p), rel_tol=1e-12)
    assert math.isclose(n["best_nll"], scipy.stats.entropy([p, 1 - p]), rel_tol=1e-12)
    kl = scipy.stats.entropy([p, 1 - p], [r, 1 - r])
    assert n["nll_excess"] == kl or math.isclose(n["nll_excess"], kl, rel_tol=1e-9, abs_tol=1e-15)
    assert n["infinite"] == (r in (0.0, 1.0))
