"""Softmax regression trained by plain gradient descent on the mean NLL.

The model is the simplest classifier with a softmax output: logits
:math:`z = x W + b`, probabilities :math:`\\operatorname{softmax}(z)`. Its
loss is :func:`nllbook.cross_entropy_from_logits`, and the gradient with
respect to the logits is :func:`nllbook.softmax_cross_entropy_gradient`,
softmax minus one-hot; the chain rule through :math:`z = x W + b` does the
rest.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._logits import _fused_index_loss, _softmax_minus

#: Gradient descent longer than this is a mistake here (and would run for hours).
MAX_STEPS = 10**8


def _features(x: ArrayLike) -> v.FloatArray:
    arr = v.float_array(x, "x")
    if arr.ndim != 2:
        raise ValueError(f"x: expected a 2-D array (samples, features), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("x: features must be finite (no NaN or infinity)")
    return arr.astype(np.float64, copy=False)


def _labels(target: ArrayLike, n: int, num_classes: int) -> NDArray[np.intp]:
    arr = v.any_array(target, "target")
    if arr.shape != (n,):
        raise ValueError(f"target: expected {n} class indices (shape ({n},)), got {arr.shape}")
    return v.class_indices(arr, "target", num_classes)


def _nonnegative(x: object, name: str, *, positive: bool = False) -> float:
    try:
        value = v.real_number(x, name)
    except ValueError:
        raise ValueError(f"{name}: must be a finite number, got {x!r}") from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise ValueError(f"{name}: must be a finite number {'>' if positive else '>='} 0")
    return value


def _parameters(
    weights: ArrayLike, bias: ArrayLike, n_features: int
) -> tuple[v.FloatArray, v.FloatArray]:
    w = v.float_array(weights, "weights")
    if w.ndim != 2 or w.shape[0] != n_features or w.shape[1] < 2:
        raise ValueError(
            f"weights: expected shape ({n_features}, K) with K >= 2 classes, got {w.shape}"
        )
    b = v.float_array(bias, "bias")
    if b.shape != (w.shape[1],):
        raise ValueError(f"bias: expected shape ({w.shape[1]},), got {b.shape}")
    for name, arr in (("weights", w), ("bias", b)):
        if not np.isfinite(arr).all():
            raise ValueError(f"{name}: must be finite (no NaN or infinity)")
    return w.astype(np.float64, copy=False), b.astype(np.float64, copy=False)


def _logits(x: v.FloatArray, w: v.FloatArray, b: v.FloatArray) -> v.FloatArray:
    """``x W + b``, refused (naming the arguments) when it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        z: v.FloatArray = x @ w + b
    if not np.isfinite(z).all():
        raise ValueError(
            "x, weights and bias: the logits x W + b overflow; scale the features or "
            "the parameters down"
        )
    return z


def _loss(
    x: v.FloatArray, y: NDArray[np.intp], w: v.FloatArray, b: v.FloatArray, l2: float
) -> float:
    with np.errstate(over="ignore"):  # a penalty past the largest float is inf
        penalty = 0.5 * l2 * float(np.sum(w * w))
    return float(_fused_index_loss(_logits(x, w, b), y).mean()) + penalty


def _one_hot(y: NDArray[np.intp], k: int) -> v.FloatArray:
    rows: v.FloatArray = np.eye(k)[y]
    return rows


def _gradient(
    x: v.FloatArray, onehot: v.FloatArray, w: v.FloatArray, b: v.FloatArray, l2: float
) -> tuple[v.FloatArray, v.FloatArray]:
    # Per sample, d loss / d logits = softmax(z) - onehot(y), as
    # softmax_cross_entropy_gradient computes; averaged over the n samples
    # and carried back through z = x W + b. The one-hot rows are built once
    # per fit rather than once per step.
    g = _softmax_minus(_logits(x, w, b), onehot) / x.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):  # l2 W past the largest float
        return x.T @ g + l2 * w, g.sum(axis=0)


def softmax_regression_loss(
    x: ArrayLike, target: ArrayLike, weights: ArrayLike, bias: ArrayLike, l2: float = 0.0
) -> float:
    r"""Training objective of softmax regression: mean NLL plus an L2 penalty.

    .. math:: J(W, b) = \frac1n \sum_{i=1}^{n}
              -\log \operatorname{softmax}(x_i W + b)_{y_i}
              + \frac{\lambda}{2} \lVert W \rVert^2

    with :math:`\lambda` = ``l2``; the bias is not penalised. This is the
    objective of ``sklearn.linear_model.LogisticRegression`` (multinomial,
    L2 penalty, ``fit_intercept=True``) divided by :math:`C n`, so the two
    have the same minimiser when :math:`\lambda = 1 / (C n)`.

    Parameters
    ----------
    x : array_like, shape (n, D)
        Features of n samples.
    target : array_like of int, shape (n,)
        True classes in ``[0, K)``.
    weights : array_like, shape (D, K)
    bias : array_like, shape (K,)
    l2 : float
        Strength :math:`\lambda \ge 0` of the penalty.

    Returns
    -------
    float
        In nats. With ``l2 = 0`` and all parameters 0 it is :math:`\ln K`,
        the loss of a uniform guess.

    Raises
    ------
    ValueError
        On features or parameters that are not finite, shapes that do not
        fit, class indices out of range, or a negative or infinite ``l2``.

    Examples
    --------
    Untrained (all zeros), the model guesses uniformly and pays ln K:

    >>> import numpy as np, nllbook
    >>> x, y = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.3]]), np.array([0, 2, 1])
    >>> loss = nllbook.softmax_regression_loss(x, y, np.zeros((2, 3)), np.zeros(3))
    >>> bool(np.isclose(loss, np.log(3)))
    True
    """
    xs = _features(x)
    w, b = _parameters(weights, bias, xs.shape[1])
    y = _labels(target, xs.shape[0], w.shape[1])
    return _loss(xs, y, w, b, _nonnegative(l2, "l2"))


def softmax_regression_gradient(
    x: ArrayLike, target: ArrayLike, weights: ArrayLike, bias: ArrayLike, l2: float = 0.0
) -> tuple[v.FloatArray, v.FloatArray]:
    r"""Gradient of :func:`softmax_regression_loss` with respect to the weights and the bias.

    With :math:`G = \frac1n \bigl(\operatorname{softmax}(X W + b) - Y\bigr)`,
    the model's probabilities minus the one-hot rows :math:`Y` of the true
    classes (what :func:`nllbook.softmax_cross_entropy_gradient` gives per
    sample, averaged),

    .. math:: \frac{\partial J}{\partial W} = X^\top G + \lambda W, \qquad
              \frac{\partial J}{\partial b} = \sum_i G_i .

    Each row of :math:`G` sums to 0, so the bias gradient does too: the
    loss does not change when the same number is added to every logit.

    Parameters
    ----------
    x, target, weights, bias, l2
        As :func:`softmax_regression_loss`.

    Returns
    -------
    (ndarray of shape (D, K), ndarray of shape (K,))

    Raises
    ------
    ValueError
        As :func:`softmax_regression_loss`.

    Examples
    --------
    It matches a central finite difference of the loss:

    >>> import numpy as np, nllbook
    >>> x, y = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.3]]), np.array([0, 2, 1])
    >>> w, b, h = np.array([[0.1, -0.2, 0.3], [0.0, 0.4, -0.1]]), np.zeros(3), 1e-6
    >>> gw, gb = nllbook.softmax_regression_gradient(x, y, w, b, l2=0.1)
    >>> e = np.zeros_like(w); e[1, 2] = h
    >>> loss = lambda w: nllbook.softmax_regression_loss(x, y, w, b, l2=0.1)
    >>> bool(np.isclose(gw[1, 2], (loss(w + e) - loss(w - e)) / (2 * h), atol=1e-8))
    True
    """
    xs = _features(x)
    w, b = _parameters(weights, bias, xs.shape[1])
    y = _labels(target, xs.shape[0], w.shape[1])
    return _gradient(xs, _one_hot(y, w.shape[1]), w, b, _nonnegative(l2, "l2"))


class SoftmaxRegressionFit(NamedTuple):
    """A run of gradient descent: the parameters and the loss at the recorded steps."""

    #: The recorded steps, increasing (step 0 is before any update).
    steps: NDArray[np.int64]
    #: The weights after each recorded step, shape (len(steps), D, K).
    weights: v.FloatArray
    #: The biases after each recorded step, shape (len(steps), K).
    bias: v.FloatArray
    #: The training objective at each recorded step.
    loss: v.FloatArray


def _record(record: ArrayLike | None, steps: int) -> NDArray[np.int64]:
    if record is None:
        return np.array([steps], dtype=np.int64)
    arr = v.any_array(record, "record")
    if arr.dtype.kind not in "iu":
        raise ValueError(f"record: steps to record must be integers, got dtype {arr.dtype}")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"record: expected a non-empty 1-D list of steps, got shape {arr.shape}")
    if arr.min() < 0 or arr.max() > steps:
        raise ValueError(f"record: steps must lie in [0, {steps}] (the steps run)")
    return np.unique(arr).astype(np.int64)


def fit_softmax_regression(
    x: ArrayLike,
    target: ArrayLike,
    *,
    num_classes: int | None = None,
    learning_rate: float = 1.0,
    steps: int = 1000,
    l2: float = 0.0,
    record: ArrayLike | None = None,
) -> SoftmaxRegressionFit:
    r"""Fit softmax regression by full-batch gradient descent, from all-zero parameters.

    Each step moves the parameters against the gradient of
    :func:`softmax_regression_loss`:

    .. math:: W \leftarrow W - \eta\,\frac{\partial J}{\partial W}, \qquad
              b \leftarrow b - \eta\,\frac{\partial J}{\partial b}

    with the learning rate :math:`\eta` (``learning_rate``). There is no
    randomness: the same data give the same numbers. Without a penalty
    (``l2 = 0``) on data that a linear model separates, the loss keeps
    falling towards 0 and the weights keep growing: the model becomes ever
    more confident.

    Parameters
    ----------
    x : array_like, shape (n, D)
        Features; scale them to a few units at most (pixels in [0, 1], say),
        or a learning rate of about 1 diverges.
    target : array_like of int, shape (n,)
        True classes.
    num_classes : int, optional
        K; by default one more than the largest class in ``target``.
    learning_rate : float
        :math:`\eta > 0`.
    steps : int
        Number of updates, ``>= 0``.
    l2 : float
        Strength of the L2 penalty on the weights, ``>= 0``.
    record : array_like of int, optional
        The steps after which to keep the parameters and the loss, each in
        ``[0, steps]`` (0 is the starting point); sorted, repeats dropped.
        By default only the last.

    Returns
    -------
    SoftmaxRegressionFit
        ``steps``, ``weights``, ``bias`` and ``loss`` at the recorded steps;
        ``weights[-1]`` and ``bias[-1]`` are the parameters after the last
        recorded step.

    Raises
    ------
    ValueError
        On features that are not finite, class indices out of range or not
        of shape (n,), fewer than two classes, a learning rate that is not
        a finite number > 0, a negative ``l2``, a number of steps that is
        not an integer in [0, :data:`MAX_STEPS`], or recorded steps outside
        ``[0, steps]``; and if the loss becomes infinite or NaN (the
        learning rate is too large for the features).

    Examples
    --------
    The loss falls from ln K, and the final parameters score the training
    set with the recorded loss:

    >>> import numpy as np, nllbook
    >>> x = np.array([[0.0, 0.2], [0.1, 0.9], [1.0, 0.1], [0.9, 1.0]])
    >>> y = np.array([0, 1, 2, 1])
    >>> fit = nllbook.fit_softmax_regression(x, y, steps=200, record=[0, 100, 200])
    >>> bool(np.isclose(fit.loss[0], np.log(3))), bool(np.all(np.diff(fit.loss) < 0))
    (True, True)
    >>> final = nllbook.softmax_regression_loss(x, y, fit.weights[-1], fit.bias[-1])
    >>> bool(np.isclose(final, fit.loss[-1]))
    True
    """
    xs = _features(x)
    n, d = xs.shape
    raw = v.any_array(target, "target")
    if num_classes is None:
        if raw.dtype.kind not in "iu" or raw.size == 0:
            raise ValueError(f"target: class indices must be integers, got dtype {raw.dtype}")
        k = int(raw.max()) + 1
    else:
        k = v.whole_number(num_classes, "num_classes", 2, 2**31)
    y = _labels(raw, n, k)
    if k < 2:
        raise ValueError(f"target: need at least two classes, got {k}")
    eta = _nonnegative(learning_rate, "learning_rate", positive=True)
    total = v.whole_number(steps, "steps", 0, MAX_STEPS)
    lam = _nonnegative(l2, "l2")
    marks = _record(record, total)

    w, b = np.zeros((d, k)), np.zeros(k)
    onehot = _one_hot(y, k)
    kept_w = np.empty((marks.size, d, k))
    kept_b = np.empty((marks.size, k))
    kept_loss = np.empty(marks.size)
    slot = 0
    for step in range(total + 1):
        if step == marks[slot]:
            kept_w[slot], kept_b[slot] = w, b
            try:
                kept_loss[slot] = _loss(xs, y, w, b, lam)
            except ValueError:  # the logits overflowed
                kept_loss[slot] = math.inf
            if not math.isfinite(kept_loss[slot]):
                raise ValueError(
                    f"learning_rate: gradient descent diverged by step {step}; take a smaller one"
                )
            slot += 1
            if slot == marks.size:
                break
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                grad_w, grad_b = _gradient(xs, onehot, w, b, lam)
            except ValueError:  # the logits overflowed to inf or NaN
                raise ValueError(
                    f"learning_rate: gradient descent diverged by step {step}; take a smaller one"
                ) from None
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - eta * grad_w
            b = b - eta * grad_b
    return SoftmaxRegressionFit(marks, kept_w, kept_b, kept_loss)
