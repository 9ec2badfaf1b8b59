"""Binary and multi-label classification from logits: sigmoid and its loss."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validation as v


def _logits(x: ArrayLike, name: str, *, infinite: bool = False) -> v.FloatArray:
    arr = v.float_array(x, name)
    if np.isnan(arr).any():
        raise ValueError(f"{name}: contains NaN")
    if not infinite and np.isinf(arr).any():
        raise ValueError(f"{name}: contains an infinite value")
    return arr


def sigmoid(x: ArrayLike) -> v.FloatResult:
    r"""Logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Computed as :math:`e^{x} / (1 + e^{x})` for negative ``x`` so that no
    exponential overflows. In float32, :math:`\sigma(30)` rounds to exactly
    1 (the gap to 1, about 9.4e-14, is below float32's resolution), which is
    why losses are computed from logits. :math:`\sigma(\pm\infty)` is 1 and
    0, as ``scipy.special.expit`` gives; NaN is refused.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> x = np.array([-3.0, 0.0, 2.5])
    >>> bool(np.allclose(nllbook.sigmoid(x) + nllbook.sigmoid(-x), 1.0))
    True
    >>> float(nllbook.sigmoid(np.float32(30.0)))
    1.0
    >>> float(nllbook.sigmoid(np.inf)), float(nllbook.sigmoid(-np.inf))
    (1.0, 0.0)
    """
    arr = _logits(x, "x", infinite=True)
    e = np.exp(-np.abs(arr))
    out = np.where(arr >= 0, 1 / (1 + e), e / (1 + e)).astype(arr.dtype)
    return v.scalar_or_array(out)


def log_sigmoid(x: ArrayLike) -> v.FloatResult:
    r"""Stable :math:`\log \sigma(x) = -\log(1 + e^{-x}) = \min(x, 0) - \log(1 + e^{-|x|})`.

    :math:`\log \sigma(\infty) = 0` and :math:`\log \sigma(-\infty) = -\infty`,
    as ``scipy.special.log_expit`` gives; NaN is refused.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> bool(np.isclose(nllbook.log_sigmoid(-800.0), -800.0))
    True
    >>> bool(np.isclose(nllbook.log_sigmoid(1.5), np.log(nllbook.sigmoid(1.5))))
    True
    """
    arr = _logits(x, "x", infinite=True)
    out = (np.minimum(arr, 0) - np.log1p(np.exp(-np.abs(arr)))).astype(arr.dtype)
    return v.scalar_or_array(out)


def binary_cross_entropy_from_logits(
    logits: ArrayLike, y: ArrayLike, reduction: v.Reduction = "mean"
) -> v.FloatResult:
    r"""Binary cross-entropy of labels ``y`` given ``logits`` z, without forming σ(z).

    .. math:: \ell = -[y \ln \sigma(z) + (1 - y) \ln(1 - \sigma(z))]
              = \max(z, 0) - z y + \ln(1 + e^{-|z|})

    The right-hand form never takes the log of a probability that has rounded
    to 0 or 1, so it stays finite and accurate for any finite logit. Its
    first two terms are computed as :math:`z (1 - y)` for :math:`z \ge 0`
    and :math:`-z y` for :math:`z < 0`: both are never negative, so nothing
    cancels, and a soft label near 1 keeps its digits
    (:math:`z = 20,\ y = 1 - 10^{-12}` gives
    :math:`2 \times 10^{-11} + \ln(1 + e^{-20})`, not a difference of two
    numbers near 20). Each
    element is an independent Bernoulli NLL, which is also the loss for
    multi-label classification (one sigmoid per label).

    Parameters
    ----------
    logits : array_like
        Real scores, any shape.
    y : array_like
        Labels in [0, 1] (soft labels allowed), same shape.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z, y = np.array([2.0, -1.0, 0.3]), np.array([1.0, 0.0, 0.4])
    >>> bool(np.allclose(nllbook.binary_cross_entropy_from_logits(z, y, "none"),
    ...                  nllbook.binary_cross_entropy(y, nllbook.sigmoid(z), "none")))
    True
    """
    how = v.reduction(reduction)
    return _bce_from_logits(logits, y, how)


def _bce_from_logits(
    logits: ArrayLike,
    y: ArrayLike,
    how: v.Reduction,
    logits_name: str = "logits",
    y_name: str = "y",
) -> v.FloatResult:
    """:func:`binary_cross_entropy_from_logits` with the caller's argument names."""
    x = _logits(logits, logits_name)
    labels = v.probabilities(y, y_name, rows_sum_to_one=False)
    if x.shape != labels.shape:
        raise ValueError(f"{logits_name} and {y_name}: shapes {x.shape} and {labels.shape} differ")
    dtype = v.result_dtype(x, labels)
    x, labels = x.astype(dtype), labels.astype(dtype)
    # max(z, 0) - z y as a product of two non-negative numbers: z (1 - y) or
    # -z y. 1 - y is exact for y in [1/2, 1].
    linear = np.where(x >= 0, x * (1 - labels), (0.0 - x) * labels)
    losses = linear + np.log1p(np.exp(-np.abs(x)))
    return v.reduce(np.asarray(losses, dtype=dtype), how)
