r"""Why cross-entropy: the gradients and curvatures of two binary losses, and log-odds.

A binary model outputs a logit :math:`z` and the probability
:math:`\sigma(z)` of the label 1. Two losses can score it against a label
:math:`y`: binary cross-entropy and the squared error of the probability.
Their derivatives in :math:`z` are what gradient descent sees:

.. math::

    \frac{\partial}{\partial z}\,\mathrm{BCE} = \sigma(z) - y, \qquad
    \frac{\partial}{\partial z}\,(\sigma(z) - y)^2
        = 2\,(\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z)).

The factor :math:`\sigma(z)(1 - \sigma(z))` makes the second vanish when the
model is confidently wrong. Every function here computes
:math:`1 - \sigma(z)` as :math:`\sigma(-z)` and :math:`\sigma(z) - y` as
:math:`(1 - y)\,\sigma(z) - y\,\sigma(-z)`, so that nothing cancels for a
label 0 or 1, however large :math:`|z|`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _validation as v
from ._binary import _logits


def _sigmoids(z: v.FloatArray) -> tuple[v.FloatArray, v.FloatArray]:
    """σ(z) and σ(−z) = 1 − σ(z), each computed without overflow or cancellation."""
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    r = np.where(z >= 0, e / (1 + e), 1 / (1 + e))
    return s, r


def _pair(
    logits: ArrayLike, y: ArrayLike
) -> tuple[v.FloatArray, v.FloatArray, v.FloatArray, np.dtype[Any]]:
    """Checked logits and labels of one shape: σ(z), σ(−z), σ(z) − y, and their type."""
    z = _logits(logits, "logits")
    labels = v.probabilities(y, "y", rows_sum_to_one=False)
    if z.shape != labels.shape:
        raise ValueError(f"logits and y: shapes {z.shape} and {labels.shape} differ")
    dtype = v.result_dtype(z, labels)
    z, labels = z.astype(dtype), labels.astype(dtype)
    s, r = _sigmoids(z)
    return s, r, (1 - labels) * s - labels * r, dtype


def log_odds(p: ArrayLike) -> v.FloatResult:
    r"""The log-odds (logit) of a probability, the inverse of the sigmoid, elementwise.

    .. math:: \operatorname{logit}(p) = \ln \frac{p}{1 - p}, \qquad
              \sigma(z) = p \iff z = \ln \frac{p}{1 - p}

    A logit of 0 is the probability 1/2 (even odds); each unit of logit
    multiplies the odds :math:`p / (1 - p)` by :math:`e`. Computed as
    :math:`\ln p - \ln(1 - p)` with ``log1p``. Edge cases: ``p = 0`` gives
    :math:`-\infty` and ``p = 1`` gives :math:`+\infty`, as
    ``scipy.special.logit`` does.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], any shape.

    Returns
    -------
    float or ndarray
        The same shape as ``p``.

    Raises
    ------
    ValueError
        If ``p`` is not finite numbers in [0, 1].

    Examples
    --------
    The sigmoid undoes it, and a probability and its complement have opposite log-odds:

    >>> import numpy as np, nllbook
    >>> p = np.array([0.1, 0.5, 0.8])
    >>> bool(np.allclose(nllbook.sigmoid(nllbook.log_odds(p)), p))
    True
    >>> bool(np.allclose(nllbook.log_odds(1 - p), -nllbook.log_odds(p)))
    True
    >>> float(nllbook.log_odds(0.0)), float(nllbook.log_odds(1.0))
    (-inf, inf)
    """
    arr = v.probabilities(p, "p", rows_sum_to_one=False)
    with np.errstate(divide="ignore"):
        out = (np.log(arr) - np.log1p(-arr)).astype(arr.dtype)
    return v.scalar_or_array(out)


def binary_cross_entropy_gradient(logits: ArrayLike, y: ArrayLike) -> v.FloatResult:
    r"""Derivative of the binary cross-entropy with respect to its logit, elementwise.

    .. math:: \frac{\partial}{\partial z}
              \Bigl(-y \ln \sigma(z) - (1 - y) \ln (1 - \sigma(z))\Bigr) = \sigma(z) - y

    the predicted probability minus the label: the binary case of softmax
    minus one-hot. It is never 0 while the prediction is short of the label
    (:math:`\sigma(z)` is strictly between 0 and 1), so an example that is
    already classified right still gets a push towards more confidence,
    and one that is wrong gets a push of nearly :math:`\pm 1` however
    confident it is. Computed as :math:`(1 - y)\,\sigma(z) - y\,\sigma(-z)`:
    for labels 0 and 1 nothing cancels. This is the gradient PyTorch's
    ``BCEWithLogitsLoss(reduction="sum")`` gives each logit.

    Parameters
    ----------
    logits : array_like
        Finite logits z, any shape.
    y : array_like
        Labels in [0, 1] (soft labels allowed), same shape.

    Returns
    -------
    float or ndarray
        The same shape; each value in [-1, 1].

    Raises
    ------
    ValueError
        If ``logits`` is not finite, ``y`` is outside [0, 1], or their shapes differ.

    Examples
    --------
    It matches a central finite difference of the loss:

    >>> import numpy as np, nllbook
    >>> z, y, h = np.array([-3.0, 0.5, 2.0]), np.array([1.0, 0.0, 0.3]), 1e-6
    >>> loss = lambda z: nllbook.binary_cross_entropy_from_logits(z, y, "none")
    >>> bool(np.allclose(nllbook.binary_cross_entropy_gradient(z, y),
    ...                  (loss(z + h) - loss(z - h)) / (2 * h), atol=1e-8))
    True
    """
    _, _, diff, dtype = _pair(logits, y)
    return v.scalar_or_array(np.asarray(diff, dtype=dtype))


def binary_cross_entropy_second_derivative(logits: ArrayLike) -> v.FloatResult:
    r"""Second derivative of the binary cross-entropy in its logit, elementwise.

    .. math:: \frac{\partial^2}{\partial z^2}\,\mathrm{BCE}
              = \sigma(z)\,(1 - \sigma(z)) = \sigma(z)\,\sigma(-z)

    It does not depend on the label, and it is positive for every finite
    z (at most 1/4, at z = 0): the loss is convex in the logit, so gradient
    descent on a logistic regression has no local minimum to get stuck in.
    For large :math:`|z|` it is about :math:`e^{-|z|}`, never rounded to 0
    before :math:`e^{-|z|}` itself underflows.

    Parameters
    ----------
    logits : array_like
        Finite logits z, any shape.

    Returns
    -------
    float or ndarray
        The same shape; each value in (0, 1/4].

    Raises
    ------
    ValueError
        If ``logits`` is not finite.

    Examples
    --------
    It is the derivative of :func:`binary_cross_entropy_gradient`, whatever the label:

    >>> import numpy as np, nllbook
    >>> z, h = np.array([-4.0, 0.0, 1.5]), 1e-6
    >>> for y in (np.zeros(3), np.ones(3)):
    ...     g = lambda z: nllbook.binary_cross_entropy_gradient(z, y)
    ...     print(bool(np.allclose(nllbook.binary_cross_entropy_second_derivative(z),
    ...                            (g(z + h) - g(z - h)) / (2 * h), atol=1e-8)))
    True
    True
    """
    z = _logits(logits, "logits")
    s, r = _sigmoids(z)
    return v.scalar_or_array(np.asarray(s * r, dtype=z.dtype))


def sigmoid_squared_error(
    logits: ArrayLike, y: ArrayLike, reduction: v.Reduction = "mean"
) -> v.FloatResult:
    r"""Squared error of the probability :math:`\sigma(z)` against the label: MSE after a sigmoid.

    .. math:: \ell = (\sigma(z) - y)^2

    what ``MSELoss()(torch.sigmoid(z), y)`` computes. Unlike the binary
    cross-entropy it is bounded: a prediction that is completely wrong costs
    at most 1, however confident, so the loss flattens out exactly where the
    model most needs to move. It is not a log-likelihood of a Bernoulli
    label (it is that of a normal one, with the wrong support).

    Parameters
    ----------
    logits : array_like
        Finite logits z, any shape.
    y : array_like
        Labels in [0, 1], same shape.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float or ndarray
        Each value in [0, 1].

    Raises
    ------
    ValueError
        If ``logits`` is not finite, ``y`` is outside [0, 1], their shapes
        differ, or ``reduction`` is not one of the three.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z, y = np.array([-3.0, 0.5, 2.0]), np.array([1.0, 0.0, 1.0])
    >>> bool(np.allclose(nllbook.sigmoid_squared_error(z, y, "none"),
    ...                  (nllbook.sigmoid(z) - y) ** 2))
    True
    """
    how = v.reduction(reduction)
    _, _, diff, dtype = _pair(logits, y)
    return v.reduce(np.asarray(diff * diff, dtype=dtype), how)


def sigmoid_squared_error_gradient(logits: ArrayLike, y: ArrayLike) -> v.FloatResult:
    r"""Derivative of :func:`sigmoid_squared_error` (per element) with respect to the logit.

    .. math:: \frac{\partial}{\partial z}(\sigma(z) - y)^2
              = 2\,(\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z))

    The chain rule through the sigmoid brings in its slope
    :math:`\sigma(z)(1 - \sigma(z))`, which goes to 0 at both ends. So when
    the model is confidently *wrong* (z far below 0 for the label 1) the
    gradient vanishes, about :math:`-2 e^{z}`, while the cross-entropy's
    :math:`\sigma(z) - y` stays near :math:`-1`: the vanishing gradient of
    MSE after a sigmoid.

    Parameters
    ----------
    logits : array_like
        Finite logits z, any shape.
    y : array_like
        Labels in [0, 1], same shape.

    Returns
    -------
    float or ndarray
        The same shape.

    Raises
    ------
    ValueError
        If ``logits`` is not finite, ``y`` is outside [0, 1], or their shapes differ.

    Examples
    --------
    It is the cross-entropy's gradient times 2 σ(z)(1 − σ(z)):

    >>> import numpy as np, nllbook
    >>> z, y = np.array([-6.0, 0.0, 3.0]), np.ones(3)
    >>> s = nllbook.sigmoid(z)
    >>> bool(np.allclose(nllbook.sigmoid_squared_error_gradient(z, y),
    ...                  2 * s * (1 - s) * nllbook.binary_cross_entropy_gradient(z, y)))
    True
    """
    s, r, diff, dtype = _pair(logits, y)
    return v.scalar_or_array(np.asarray(2 * diff * s * r, dtype=dtype))


def sigmoid_squared_error_second_derivative(logits: ArrayLike, y: ArrayLike) -> v.FloatResult:
    r"""Second derivative of :func:`sigmoid_squared_error` (per element) in the logit.

    .. math:: \frac{\partial^2}{\partial z^2}(\sigma(z) - y)^2
              = 2\,\sigma(z)(1 - \sigma(z))
                \bigl[\sigma(z)(1 - \sigma(z)) + (\sigma(z) - y)(1 - 2\sigma(z))\bigr]

    Unlike the cross-entropy's, it changes sign: for the label 1 it is
    :math:`2\sigma(1 - \sigma)^2 (3\sigma - 1)`, negative wherever
    :math:`\sigma(z) < 1/3` (:math:`z < -\ln 2`), and for the label 0 it is
    negative wherever :math:`\sigma(z) > 2/3` (:math:`z > \ln 2`). So the
    squared error after a sigmoid is not convex in the logit, and with it
    the loss of a model is not convex in its weights.

    Parameters
    ----------
    logits : array_like
        Finite logits z, any shape.
    y : array_like
        Labels in [0, 1], same shape.

    Returns
    -------
    float or ndarray
        The same shape.

    Raises
    ------
    ValueError
        If ``logits`` is not finite, ``y`` is outside [0, 1], or their shapes differ.

    Examples
    --------
    It is the derivative of :func:`sigmoid_squared_error_gradient`, and for the
    label 1 it is 0 where σ(z) = 1/3:

    >>> import numpy as np, nllbook
    >>> z, y, h = np.array([-3.0, 0.2, 2.5]), np.array([1.0, 0.0, 0.6]), 1e-6
    >>> g = lambda z: nllbook.sigmoid_squared_error_gradient(z, y)
    >>> bool(np.allclose(nllbook.sigmoid_squared_error_second_derivative(z, y),
    ...                  (g(z + h) - g(z - h)) / (2 * h), atol=1e-8))
    True
    >>> bool(np.isclose(nllbook.sigmoid_squared_error_second_derivative(-np.log(2), 1.0), 0.0))
    True
    """
    s, r, diff, dtype = _pair(logits, y)
    slope = s * r
    return v.scalar_or_array(np.asarray(2 * slope * (slope + diff * (r - s)), dtype=dtype))
