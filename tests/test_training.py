"""Softmax regression by gradient descent, and the digit classifier of the chapter
"NLL at work": the gradient, the fit against scikit-learn, reproducibility, and
the claims the chapter makes about its training run."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

import nllbook
from nllbook_pages import book_data


def _mean_nll(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> float:
    log_q = scipy.special.log_softmax(x @ w + b, axis=-1)
    return float(-np.mean(log_q[np.arange(y.size), y]))


@pytest.fixture
def small(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    x = rng.normal(size=(30, 4))
    y = rng.integers(0, 3, size=30)
    w = rng.normal(scale=0.5, size=(4, 3))
    b = rng.normal(size=3)
    return x, y, w, b


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_central_differences(small: tuple[np.ndarray, ...], l2: float) -> None:
    x, y, w, b = small
    gw, gb = nllbook.softmax_regression_gradient(x, y, w, b, l2=l2)
    h = 1e-6

    def loss(w_: np.ndarray, b_: np.ndarray) -> float:
        return _mean_nll(x, y, w_, b_) + 0.5 * l2 * float(np.sum(w_**2))

    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = h
        assert gw[idx] == pytest.approx((loss(w + e, b) - loss(w - e, b)) / (2 * h), abs=1e-8)
    for k in range(b.size):
        e = np.zeros_like(b)
        e[k] = h
        assert gb[k] == pytest.approx((loss(w, b + e) - loss(w, b - e)) / (2 * h), abs=1e-8)
    assert abs(float(gb.sum())) < 1e-12  # softmax minus one-hot: rows sum to 0


def test_gradient_is_softmax_minus_one_hot_carried_back(small: tuple[np.ndarray, ...]) -> None:
    x, y, w, b = small
    per_sample = nllbook.softmax_cross_entropy_gradient(x @ w + b, y)
    gw, gb = nllbook.softmax_regression_gradient(x, y, w, b, l2=0.2)
    np.testing.assert_allclose(gw, x.T @ per_sample / y.size + 0.2 * w, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(gb, per_sample.mean(axis=0), rtol=1e-12, atol=1e-15)


def test_loss_matches_scipy_and_starts_at_ln_k(small: tuple[np.ndarray, ...]) -> None:
    x, y, w, b = small
    want = _mean_nll(x, y, w, b) + 0.5 * 0.1 * float(np.sum(w**2))
    assert nllbook.softmax_regression_loss(x, y, w, b, l2=0.1) == pytest.approx(want, rel=1e-12)
    zero = nllbook.softmax_regression_loss(x, y, np.zeros((4, 3)), np.zeros(3))
    assert zero == pytest.approx(math.log(3), rel=1e-15)


def test_fit_reaches_sklearns_loss_with_the_same_penalty() -> None:
    """L2-penalised softmax regression has one minimum; gradient descent and
    scikit-learn's L-BFGS must both find it. LogisticRegression minimises
    C * sum of NLL + |W|^2 / 2, that is C n times our objective when
    l2 = 1 / (C n). Tolerance: 1e-9 on the loss, 1e-5 on every weight."""
    split = book_data.digits_split()
    x, y = split.x_train, split.y_train
    l2 = 0.1
    fit = nllbook.fit_softmax_regression(x, y, num_classes=10, l2=l2, steps=1500)
    sk = LogisticRegression(C=1 / (l2 * y.size), tol=1e-12, max_iter=10_000).fit(x, y)
    theirs = nllbook.softmax_regression_loss(x, y, sk.coef_.T, sk.intercept_, l2=l2)
    assert abs(float(fit.loss[-1]) - theirs) < 1e-9
    # Both weight matrices have rows summing to 0 (the penalty picks that
    # one of the equivalent solutions); the biases only up to a constant.
    np.testing.assert_allclose(fit.weights[-1], sk.coef_.T, atol=1e-5)
    q_ours = scipy.special.softmax(split.x_val @ fit.weights[-1] + fit.bias[-1], axis=-1)
    np.testing.assert_allclose(q_ours, sk.predict_proba(split.x_val), atol=1e-5)


def test_fit_records_the_loss_and_parameters(small: tuple[np.ndarray, ...]) -> None:
    x, y, _, _ = small
    fit = nllbook.fit_softmax_regression(x, y, learning_rate=0.3, steps=50, record=[50, 0, 10, 10])
    assert fit.steps.tolist() == [0, 10, 50]
    assert np.all(fit.weights[0] == 0) and fit.loss[0] == pytest.approx(math.log(3))
    assert np.all(np.diff(fit.loss) < 0)
    for s, w, b, loss in zip(fit.steps, fit.weights, fit.bias, fit.loss, strict=True):
        assert loss == pytest.approx(_mean_nll(x, y, w, b), rel=1e-12), s
    # One step by hand: W1 = -lr * gradient at zero.
    one = nllbook.fit_softmax_regression(x, y, learning_rate=0.3, steps=1)
    gw, gb = nllbook.softmax_regression_gradient(x, y, np.zeros((4, 3)), np.zeros(3))
    np.testing.assert_allclose(one.weights[-1], -0.3 * gw, rtol=1e-15)
    np.testing.assert_allclose(one.bias[-1], -0.3 * gb, rtol=1e-15)


def test_a_learning_rate_that_diverges_is_named(small: tuple[np.ndarray, ...]) -> None:
    x, y, _, _ = small
    with pytest.raises(ValueError, match="^learning_rate: gradient descent diverged"):
        nllbook.fit_softmax_regression(1e150 * x, y, learning_rate=1e150, steps=5)


# -- the chapter's data and run ------------------------------------------------------------


def test_digits_are_sklearns_load_digits() -> None:
    bunch = load_digits()
    d = book_data.digits()
    np.testing.assert_array_equal(d.x, bunch.data / 16.0)
    np.testing.assert_array_equal(d.y, bunch.target)
    assert not d.x.flags.writeable


def test_split_and_trajectory_are_reproducible() -> None:
    a, b = book_data.digits_split(), book_data.digits_split()
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    parts = (a.train_index, a.val_index, a.test_index)
    every = np.sort(np.concatenate(parts))
    np.testing.assert_array_equal(every, np.arange(book_data.digits().y.size))
    assert [p.size for p in parts[:2]] == [book_data.DIGITS_TRAIN, book_data.DIGITS_VAL]
    assert a.test_index.size > 0
    # The same seed again, from scratch: the same numbers, bit for bit.
    fresh = nllbook.fit_softmax_regression(
        a.x_train,
        a.y_train,
        num_classes=10,
        learning_rate=book_data.DIGITS_LEARNING_RATE,
        steps=book_data.DIGITS_STEPS,
        record=book_data.DIGITS_RECORD,
    )
    cached = book_data.digits_training()
    for u, v in zip(fresh, cached, strict=True):
        np.testing.assert_array_equal(u, v)
    other = book_data.digits_split(seed=book_data.DIGITS_SEED + 1)
    assert not np.array_equal(other.train_index, a.train_index)


def _validation_curves() -> tuple[np.ndarray, np.ndarray]:
    split, fit = book_data.digits_split(), book_data.digits_training()
    nll, acc = [], []
    for w, b in zip(fit.weights, fit.bias, strict=True):
        z = split.x_val @ w + b
        nll.append(_mean_nll(split.x_val, split.y_val, w, b))
        acc.append(float(np.mean(z.argmax(axis=1) == split.y_val)))
    return np.array(nll), np.array(acc)


def test_validation_nll_turns_up_while_accuracy_still_rises() -> None:
    """The chapter's claim, on its own run: after the lowest validation NLL
    the NLL rises to the last step, and the accuracy ends higher than it was
    at the lowest NLL."""
    nll, acc = _validation_curves()
    best = int(np.argmin(nll))
    assert 0 < best < nll.size - 1
    assert nll[-1] > nll[best] + 0.01
    assert np.all(np.diff(nll[best:]) > 0)  # it keeps rising
    assert acc[-1] > acc[best]
    assert int(np.argmax(acc)) > best
    assert nll[0] == pytest.approx(math.log(10), rel=1e-15)


def test_the_three_digits_shown_have_the_stated_roles() -> None:
    split, fit = book_data.digits_split(), book_data.digits_training()
    early, late, grows = book_data.digits_shown()
    nll, _ = _validation_curves()
    best = int(np.argmin(nll))

    def right(pos: int, i: int) -> bool:
        z = split.x_val[pos] @ fit.weights[i] + fit.bias[i]
        return bool(z.argmax() == split.y_val[pos])

    assert right(early, -1)
    assert not right(late, best) and right(late, -1)
    assert not right(grows, -1)
    assert len({int(split.y_val[p]) for p in (early, late, grows)}) == 3


def test_split_follows_one_permutation_and_refuses_no_test_digits() -> None:
    """Training, validation and test digits are consecutive runs of one random
    order, so the three never share a digit; a split that leaves no test digit
    is refused."""
    n = book_data.digits().y.size
    order = np.random.default_rng(book_data.DIGITS_SEED).permutation(n)
    s = book_data.digits_split()
    t, v = book_data.DIGITS_TRAIN, book_data.DIGITS_VAL
    np.testing.assert_array_equal(s.train_index, np.sort(order[:t]))
    np.testing.assert_array_equal(s.val_index, np.sort(order[t : t + v]))
    np.testing.assert_array_equal(s.test_index, np.sort(order[t + v :]))
    np.testing.assert_array_equal(s.y_test, load_digits().target[s.test_index])
    with pytest.raises(ValueError, match="^n_val"):
        book_data.digits_split(n_val=n - t)
    with pytest.raises(ValueError, match="^n_val"):
        book_data.digits_split(n_val=0)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"record": [-1]}, "record"),
        ({"record": [0, 6]}, "record"),
        ({"record": [-1, 3]}, "record"),
    ],
)
def test_a_step_of_zero_and_steps_outside_the_run_are_refused(
    small: tuple[np.ndarray, ...], kwargs: dict[str, object], named: str
) -> None:
    """A zero learning rate never moves; steps to record lie in [0, steps]."""
    x, y = small[0], small[1]
    with pytest.raises(ValueError, match=rf"^{named}: "):
        nllbook.fit_softmax_regression(x, y, steps=5, **kwargs)  # type: ignore[arg-type]
