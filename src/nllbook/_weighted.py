r"""Imbalanced classes: class weights, ``pos_weight`` and the focal loss.

A weighted loss counts the examples of some classes more than others. Two
things follow that readers often miss, and both are computed here:

- PyTorch's weighted mean divides by the **sum of the weights** of the
  samples' classes, not by the number of samples (the conventions
  ``torch_nll_loss`` and ``torch_cross_entropy_loss`` of
  :mod:`nllbook.conventions` take ``weight=``, and
  ``torch_bce_with_logits_loss`` takes ``pos_weight=``; their helpers live
  here);
- the best constant prediction under a weighted loss is no longer the
  class shares but the shares reweighted, :func:`reweighted_prior`, so the
  model's probabilities are no longer calibrated.

:func:`focal_loss` is the loss of Lin et al. (2017), which down-weights the
examples the model already gets right.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._binary import _bce_from_logits, _logits
from ._logits import _fused_index_loss, _smooth, log_softmax

__all__ = ["focal_loss", "reweighted_prior"]


# -- Checks ------------------------------------------------------------------------------------


def _nonnegative(x: ArrayLike, name: str, what: str) -> v.FloatArray:
    """Finite, non-negative real numbers (booleans refused)."""
    arr = v.float_array(x, name)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: contains NaN or an infinite value")
    if (arr < 0).any():
        raise ValueError(f"{name}: contains a negative {what} (min {arr.min():g})")
    return arr


def class_weights(weight: ArrayLike, k: int) -> v.FloatArray:
    """One finite, non-negative weight per class, not all 0: shape ``(k,)``."""
    w = _nonnegative(weight, "weight", "weight")
    if w.shape != (k,):
        raise ValueError(f"weight: expected one weight per class, shape ({k},), got {w.shape}")
    if not (w > 0).any():
        raise ValueError("weight: the weights sum to 0, so no sample would count")
    return w


def pos_weights(pos_weight: ArrayLike, shape: tuple[int, ...]) -> v.FloatArray:
    """Finite, non-negative weights of the positive term that broadcast to ``shape``."""
    pw = _nonnegative(pos_weight, "pos_weight", "weight")
    try:
        out = np.broadcast_shapes(pw.shape, shape)
    except ValueError:
        out = None
    if out != shape:
        raise ValueError(
            f"pos_weight: shape {pw.shape} does not broadcast to the input's shape {shape} "
            "(give one weight, or one per output along the last axis)"
        )
    return pw


# -- The weighted conventions of PyTorch (called by nllbook.conventions) -------------------------


def _weighted_reduce(losses: v.FloatArray, counts: v.FloatArray, how: v.Reduction) -> v.FloatResult:
    """torch's reductions of weighted losses: ``"mean"`` divides by ``counts.sum()``.

    ``counts`` is what each sample adds to the denominator: its class's
    weight for index targets (0 for an ignored sample), 1 for probability
    targets. A denominator of 0 gives ``nan``, as in torch.
    """
    if how == "none":
        return v.scalar_or_array(losses)
    wide = np.result_type(losses.dtype, np.float64)
    total = losses.sum(dtype=wide)
    if how == "sum":
        out: np.floating[Any] = total.astype(losses.dtype)
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: np.floating[Any] = (total / counts.sum(dtype=wide)).astype(losses.dtype)
    return mean


def weighted_nll(
    x: v.FloatArray,
    idx: NDArray[np.intp],
    keep: NDArray[np.bool_],
    weight: ArrayLike,
    how: v.Reduction,
) -> v.FloatResult:
    r"""``NLLLoss(weight=w)``: :math:`\ell_n = -w_{y_n} x_{n, y_n}`, mean over the weights.

    The mean divides by :math:`\sum_n w_{y_n}`; ignored samples (``keep`` false) count 0.
    """
    w = class_weights(weight, x.shape[1])
    dtype = v.result_dtype(x, w)
    w_n = np.where(keep, w[idx], 0.0).astype(dtype)
    picked = x[np.arange(x.shape[0]), idx].astype(dtype)
    # An ignored sample counts 0 even when its input is -inf (no 0 * inf).
    losses = np.where(keep, w_n * (0.0 - picked), 0.0).astype(dtype)
    return _weighted_reduce(losses, w_n, how)


def weighted_cross_entropy(
    x: v.FloatArray,
    idx: NDArray[np.intp] | None,
    keep: NDArray[np.bool_] | None,
    rows: v.FloatArray | None,
    eps: float,
    weight: ArrayLike,
    how: v.Reduction,
) -> v.FloatResult:
    r"""``CrossEntropyLoss(weight=w)``: :math:`\ell_n = -\sum_k w_k \tilde p_{n,k} \ln q_{n,k}`.

    Index targets (``idx``, ``keep``): the mean divides by the weights of
    the samples' classes, :math:`\sum_n w_{y_n}`, ignored samples left out.
    Probability rows (``rows``): the mean divides by N.
    """
    w = class_weights(weight, x.shape[1])
    dtype = v.result_dtype(x, w)
    n = x.shape[0]
    if rows is None:
        assert idx is not None and keep is not None
        w_n = np.where(keep, w[idx], 0.0).astype(dtype)
        if eps == 0.0:
            per = np.asarray(_fused_index_loss(x, idx), dtype=dtype)
            losses = np.where(keep, w_n * per, 0.0).astype(dtype)
            return _weighted_reduce(losses, w_n, how)
        target = np.zeros(x.shape, dtype=dtype)
        target[np.arange(n), idx] = 1.0
        counts = w_n
    else:
        target, counts = rows.astype(dtype), np.ones(n, dtype=dtype)
        keep = np.ones(n, dtype=bool)
    weighted = _smooth(target, eps, dtype) * w
    logq = log_softmax(x).astype(dtype)
    # As in torch, the terms are multiplied out: a weighted target of 0
    # against a -inf logit is 0 * (-inf) = nan there (without a warning here).
    with np.errstate(invalid="ignore"):
        terms = weighted * logq
    losses = np.where(keep, 0.0 - terms.sum(axis=-1), 0.0).astype(dtype)
    return _weighted_reduce(losses, counts, how)


def bce_with_logits_pos_weight(
    input: ArrayLike, target: ArrayLike, pos_weight: ArrayLike, how: v.Reduction
) -> v.FloatResult:
    r"""``BCEWithLogitsLoss(pos_weight=w)``: the positive term multiplied by ``w``.

    .. math:: \ell = -[\,w\, y \ln \sigma(z) + (1 - y) \ln(1 - \sigma(z))\,]
              = (1 - y)\, z + (1 + (w - 1)\, y)\, \ln(1 + e^{-z})

    The mean is over all elements, as without ``pos_weight``.
    """
    z = _logits(input, "input")
    y = v.probabilities(target, "target", rows_sum_to_one=False)
    if z.shape != y.shape:
        raise ValueError(f"input and target: shapes {z.shape} and {y.shape} differ")
    pw = pos_weights(pos_weight, z.shape)
    dtype = v.result_dtype(z, y, pw)
    z, y = z.astype(dtype), y.astype(dtype)
    # The loss at label 0 and at label 1 are -ln(1 - σ(z)) and -ln σ(z), each
    # from nllbook's stable binary cross-entropy; the label mixes them.
    neg = np.asarray(_bce_from_logits(z, np.zeros_like(z), "none", "input", "target"))
    pos = np.asarray(_bce_from_logits(z, np.ones_like(z), "none", "input", "target"))
    losses = (1 - y) * neg + (pw * y) * pos
    return v.reduce(np.asarray(losses, dtype=dtype), how)


# -- The maths: the optimum of a weighted loss, and the focal loss ---------------------------------


def reweighted_prior(p: ArrayLike, weight: ArrayLike) -> v.FloatArray:
    r"""The best constant prediction under a class-weighted cross-entropy.

    A model that predicts the same distribution :math:`q` for every input,
    on data whose classes have shares :math:`p`, has the weighted loss
    :math:`-\sum_k w_k p_k \ln q_k` per sample. Its minimiser over all
    distributions is the prior reweighted,

    .. math:: q^*_k = \frac{w_k\, p_k}{\sum_j w_j\, p_j} ,

    (Gibbs' inequality applied to the distribution :math:`w p / \sum w p`).
    Equal weights give :math:`q^* = p`, the calibrated answer; any other
    weights move :math:`q^*` away from the class shares, so a model trained
    with class weights reports probabilities that are not calibrated. In
    logits, the weights add :math:`\ln w_k` to each class's best logit. For
    two classes with ``pos_weight`` :math:`w` this is
    :math:`q^* = w\pi / (w\pi + 1 - \pi)`.

    Parameters
    ----------
    p : array_like, shape (..., K)
        Class shares, rows summing to 1.
    weight : array_like, shape (K,)
        Non-negative class weights, not all 0.

    Returns
    -------
    ndarray, shape of ``p``
        The minimiser. A class with share or weight 0 gets 0.

    Raises
    ------
    ValueError
        If a row of ``p`` puts all its mass on classes of weight 0 (the
        weighted loss is then 0 for every prediction and has no minimiser).

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p = np.array([0.9, 0.1])
    >>> bool(np.allclose(nllbook.reweighted_prior(p, [1.0, 1.0]), p))
    True
    >>> q = nllbook.reweighted_prior(p, [1.0, 9.0])  # the weights undo the imbalance
    >>> bool(np.allclose(q, [0.5, 0.5]))
    True
    """
    shares = v.probabilities(p, "p")
    w = class_weights(weight, shares.shape[-1])
    dtype = v.result_dtype(shares, w)
    mass = (shares * w).astype(dtype)
    total = mass.sum(axis=-1, keepdims=True)
    if (total == 0).any():
        raise ValueError("weight: every class of a row of p has weight 0, so nothing is minimised")
    out: v.FloatArray = (mass / total).astype(dtype)
    return out


def _gamma(gamma: object) -> float:
    try:
        g = v.real_number(gamma, "gamma")
    except ValueError:
        raise ValueError(f"gamma: must be a non-negative number, got {gamma!r}") from None
    if not (np.isfinite(g) and g >= 0):
        raise ValueError(f"gamma: must be a non-negative number, got {gamma!r}")
    return g


def _alpha(alpha: object) -> float | None:
    if alpha is None:
        return None
    try:
        a = v.real_number(alpha, "alpha")
    except ValueError:
        raise ValueError(f"alpha: must be None or a number in [0, 1], got {alpha!r}") from None
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"alpha: must be None or a number in [0, 1], got {alpha!r}")
    return a


def focal_loss(
    logits: ArrayLike,
    y: ArrayLike,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: v.Reduction = "mean",
) -> v.FloatResult:
    r"""The focal loss of Lin et al. (2017), from logits: binary cross-entropy, damped.

    .. math:: \mathrm{FL} = -\alpha_t\, (1 - p_t)^{\gamma} \ln p_t ,
              \qquad p_t = y\,\sigma(z) + (1 - y)\,(1 - \sigma(z)),
              \qquad \alpha_t = \alpha y + (1 - \alpha)(1 - y)

    :math:`p_t` is the probability the model gives the true label. The
    factor :math:`(1 - p_t)^\gamma` is near 0 for examples the model already
    gets right (:math:`p_t` near 1) and near 1 for those it gets wrong, so
    the many easy examples of an imbalanced data set stop dominating the
    sum. :math:`\gamma = 0` with ``alpha=None`` is the binary
    cross-entropy, :func:`nllbook.binary_cross_entropy_from_logits`;
    ``alpha`` weighs the positive term by :math:`\alpha` and the negative
    by :math:`1 - \alpha`, like class weights.

    This is ``torchvision.ops.sigmoid_focal_loss(logits, y, alpha, gamma)``
    (whose defaults are ``alpha=0.25``, ``gamma=2`` and ``reduction="none"``;
    its ``alpha=-1`` is ``alpha=None`` here). :math:`\ln p_t` is the stable
    binary cross-entropy from logits, and :math:`1 - p_t` is computed as
    :math:`y\,\sigma(-z) + (1 - y)\,\sigma(z)`, which keeps its precision
    where :math:`p_t` rounds to 1 (torchvision subtracts :math:`1 - p_t`).

    Parameters
    ----------
    logits : array_like
        Logits :math:`z` (finite).
    y : array_like, same shape
        Labels in [0, 1] (0 or 1 for the loss of the paper).
    gamma : float, default 2
        The focusing exponent, :math:`\gamma \ge 0`; :math:`0^0 = 1`.
    alpha : float in [0, 1] or None, default None
        The weight of the positive class; None weighs both by 1.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z, y = np.array([3.0, -0.5, 1.0]), np.array([1.0, 1.0, 0.0])
    >>> bce = nllbook.binary_cross_entropy_from_logits(z, y, reduction="none")
    >>> bool(np.allclose(nllbook.focal_loss(z, y, gamma=0.0, reduction="none"), bce))
    True
    >>> p_t = np.exp(-bce)
    >>> bool(np.allclose(nllbook.focal_loss(z, y, reduction="none"), (1 - p_t) ** 2 * bce))
    True
    """
    how = v.reduction(reduction)
    g = _gamma(gamma)
    a = _alpha(alpha)
    ce = np.asarray(_bce_from_logits(logits, y, "none"))
    z = v.float_array(logits, "logits").astype(ce.dtype)
    t = v.float_array(y, "y").astype(ce.dtype)
    e = np.exp(-np.abs(z))
    sig = np.where(z >= 0, 1 / (1 + e), e / (1 + e))  # σ(z)
    sig_neg = np.where(z >= 0, e / (1 + e), 1 / (1 + e))  # σ(-z) = 1 - σ(z), without cancelling
    miss = t * sig_neg + (1 - t) * sig  # 1 - p_t
    losses = np.power(miss, g) * ce
    if a is not None:
        losses = (a * t + (1 - a) * (1 - t)) * losses
    return v.reduce(np.asarray(losses, dtype=ce.dtype), how)
