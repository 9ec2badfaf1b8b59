"""PyTorch's losses, reproduced in numpy: NLLLoss, CrossEntropyLoss, BCELoss,
BCEWithLogitsLoss and KLDivLoss. Public through :mod:`nllbook.conventions`."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from . import _weighted
from ._binary import _bce_from_logits, binary_cross_entropy_from_logits
from ._logits import _check_smoothing, _loss_from_logits

#: ``torch.nn.BCELoss`` clamps each log at this value.
_TORCH_BCE_LOG_FLOOR = -100.0

KLReduction = Literal["mean", "batchmean", "sum", "none"]


def _batch(x: ArrayLike, name: str) -> NDArray[np.floating[Any]]:
    arr = v.logits_array(x, name)
    if arr.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D batch of shape (N, K), got shape {arr.shape}")
    return arr


def _indices(target: ArrayLike, n: int, k: int, name: str = "target") -> NDArray[np.intp]:
    idx = v.class_indices(target, name, k)
    if idx.shape != (n,):
        raise ValueError(f"{name}: expected {n} class indices of shape ({n},), got {idx.shape}")
    return idx


#: PyTorch's default ``ignore_index`` of ``NLLLoss`` and ``CrossEntropyLoss``.
TORCH_IGNORE_INDEX = -100


def _kept_indices(
    target: ArrayLike, n: int, k: int, ignore_index: int
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Class indices with ``ignore_index`` entries allowed; returns them and the kept mask.

    Ignored entries are replaced by 0 in the returned indices (they are
    never used).
    """
    if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(
        ignore_index, (int, np.integer)
    ):
        raise ValueError(f"ignore_index: must be an integer, got {ignore_index!r}")
    raw = v.any_array(target, "target")
    if raw.dtype.kind not in "iu":
        raise ValueError(f"target: class indices must be integers, got dtype {raw.dtype}")
    if raw.shape != (n,):
        raise ValueError(f"target: expected {n} class indices of shape ({n},), got {raw.shape}")
    keep = raw != ignore_index
    idx = _indices(np.where(keep, raw, 0), n, k)
    return idx, keep


def _ignoring_reduce(
    losses: NDArray[Any], keep: NDArray[np.bool_], how: v.Reduction
) -> v.FloatResult:
    """torch's reductions with ignored samples: 0 for ``"none"``, left out of sum and mean.

    The mean divides by the number of samples kept; when every sample is
    ignored it is ``0 / 0 = nan``, as in torch (without a RuntimeWarning).
    """
    losses = np.where(keep, losses, 0.0).astype(losses.dtype)
    if how == "none":
        return losses
    total = losses.sum(dtype=np.result_type(losses.dtype, np.float64))
    if how == "sum":
        out: np.floating[Any] = total.astype(losses.dtype)
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: np.floating[Any] = (total / np.count_nonzero(keep)).astype(losses.dtype)
    return mean


def torch_nll_loss(
    input: ArrayLike,
    target: ArrayLike,
    reduction: str = "mean",
    ignore_index: int = TORCH_IGNORE_INDEX,
    weight: ArrayLike | None = None,
) -> v.FloatResult:
    r"""``torch.nn.NLLLoss``: picks ``-input[n, target[n]]``, nothing else.

    .. math:: \ell_n = -w_{y_n} x_{n, y_n}, \qquad
              \text{mean} = \frac{\sum_n \ell_n}{\sum_n w_{y_n}}

    Source: PyTorch 2.13, ``torch.nn.NLLLoss``. Without ``weight`` every
    :math:`w_k` is 1 and the mean divides by the number of samples. With
    class weights ``weight`` (one finite, non-negative number per class, not
    all 0) the mean divides by the **sum of the weights of the samples'
    classes**, not by N, so it is a weighted average of the per-sample
    losses; ``"sum"`` and ``"none"`` give the weighted terms. A batch whose
    samples all have weight 0 gives ``nan``, as in torch. Samples
    whose target is ``ignore_index`` (default -100, as in torch) count 0 and
    are left out of the mean, which divides by the number of samples kept
    (``nan`` when none is kept, as in torch). **What differs from the
    textbook:** the function takes no logarithm. ``input`` must already be
    log-probabilities, usually from ``log_softmax``. Given probabilities
    instead, it returns minus the mean true-class probability, a negative
    "loss" (a classic mistake).

    Parameters
    ----------
    input : array_like, shape (N, K)
        Log-probabilities (any real values are accepted, as in PyTorch).
    target : array_like of int, shape (N,)
        Class indices.
    reduction : {"mean", "sum", "none"}
        Default ``"mean"``, the average over the batch.
    ignore_index : int
        The target value of samples to leave out (default -100).
    weight : array_like, shape (K,), optional
        Class weights.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> q = np.array([[0.1, 0.3, 0.5, 0.1]])
    >>> bool(np.isclose(torch_nll_loss(np.log(q), [3]), nllbook.nll(q, [3])))
    True
    >>> log_q, y, w = np.log(np.full((2, 2), 0.5)), [0, 1], np.array([1.0, 3.0])
    >>> bool(np.isclose(torch_nll_loss(log_q, y, weight=w),
    ...                 torch_nll_loss(log_q, y, weight=w, reduction="sum") / w.sum()))
    True
    """
    how = v.reduction(reduction)
    x = _batch(input, "input")
    idx, keep = _kept_indices(target, x.shape[0], x.shape[1], ignore_index)
    if weight is not None:
        return _weighted.weighted_nll(x, idx, keep, weight, how)
    return _ignoring_reduce(0.0 - x[np.arange(x.shape[0]), idx], keep, how)


def torch_cross_entropy_loss(
    input: ArrayLike,
    target: ArrayLike,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    ignore_index: int = TORCH_IGNORE_INDEX,
    weight: ArrayLike | None = None,
) -> v.FloatResult:
    r"""``torch.nn.CrossEntropyLoss``: log-softmax of logits, then NLL.

    .. math:: \ell_n = -\sum_k \tilde p_{n,k} \log \operatorname{softmax}(x_n)_k,
              \qquad \tilde p = (1 - \varepsilon)\, p + \varepsilon / K

    Source: PyTorch 2.13, ``torch.nn.CrossEntropyLoss``. **What differs from
    the textbook:** ``input`` is *logits*, not probabilities; the softmax is
    part of the loss. ``target`` is class indices or class-probability rows.
    ``label_smoothing`` mixes the target with the uniform distribution, for
    both kinds of target. ``"mean"`` divides by the batch size; with index
    targets, samples whose target is ``ignore_index`` (default -100, as in
    torch) are left out, and the mean divides by the samples kept. Given
    probabilities instead of logits it applies a second softmax and returns a
    wrong, too flat loss (a classic mistake).

    With class weights ``weight`` (shape (K,), finite, non-negative, not all
    0) each term is weighted, :math:`\ell_n = -\sum_k w_k \tilde p_{n,k}
    \log \operatorname{softmax}(x_n)_k`. With index targets the mean then
    divides by the **sum of the weights of the samples' classes**,
    :math:`\sum_n w_{y_n}` (ignored samples left out; ``nan`` when it is 0,
    as in torch), not by N; with probability rows it divides by N.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z = np.array([[2.0, 1.0, 0.1, -1.0]])
    >>> bool(np.isclose(torch_cross_entropy_loss(z, [0]),
    ...                 torch_nll_loss(nllbook.log_softmax(z), [0])))
    True
    >>> w = np.array([2.0, 1.0, 1.0, 1.0])
    >>> bool(np.isclose(torch_cross_entropy_loss(z, [0], weight=w),
    ...                 torch_cross_entropy_loss(z, [0])))  # one sample: w cancels
    True
    """
    how = v.reduction(reduction)
    eps = _check_smoothing(label_smoothing)
    x = _batch(input, "input")
    t = v.any_array(target, "target")
    if t.ndim == 1:
        idx, keep = _kept_indices(t, x.shape[0], x.shape[1], ignore_index)
        if weight is not None:
            return _weighted.weighted_cross_entropy(x, idx, keep, None, eps, weight, how)
        losses = _loss_from_logits(x, idx, eps, "none", "input", "target")
        return _ignoring_reduce(np.asarray(losses), keep, how)
    if t.shape != x.shape:
        raise ValueError(f"target: expected shape ({x.shape[0]},) or {x.shape}, got {t.shape}")
    if weight is not None:
        rows = v.probabilities(t, "target")
        return _weighted.weighted_cross_entropy(x, None, None, rows, eps, weight, how)
    per_sample = np.asarray(_loss_from_logits(x, t, eps, "none", "input", "target"))
    # torch computes sum_k t_k log_softmax_k without the convention 0 log 0 = 0:
    # a zero target entry against a -inf logit is 0 * (-inf) = NaN there.
    if eps == 0.0:
        rows = v.probabilities(t, "target")
        nan_rows = ((rows == 0) & np.isneginf(x)).any(axis=-1)
        per_sample = np.where(nan_rows, np.nan, per_sample).astype(per_sample.dtype)
    return v.reduce(per_sample, how)


def torch_bce_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> v.FloatResult:
    r"""``torch.nn.BCELoss``: binary cross-entropy of probabilities, logs clamped.

    .. math:: \ell = -[\,y \max(\ln x, -100) + (1 - y) \max(\ln(1 - x), -100)\,]

    Source: PyTorch 2.13, ``torch.nn.BCELoss``. **What differs from the
    textbook:** each log is clamped at -100, so a probability of exactly 0 or
    1 on the wrong side costs 100 instead of infinity. ``"mean"`` averages
    over all elements.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> y, p = np.array([1.0, 0.0]), np.array([0.9, 0.2])
    >>> bool(np.isclose(torch_bce_loss(p, y), nllbook.binary_cross_entropy(y, p)))
    True
    >>> float(torch_bce_loss([0.0], [1.0]))
    100.0
    """
    how = v.reduction(reduction)
    x = v.probabilities(input, "input", rows_sum_to_one=False)
    y = v.probabilities(target, "target", rows_sum_to_one=False)
    if x.shape != y.shape:
        raise ValueError(f"input and target: shapes {x.shape} and {y.shape} differ")
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), _TORCH_BCE_LOG_FLOOR)
        log_1mx = np.maximum(np.log1p(-x), _TORCH_BCE_LOG_FLOOR)
    return v.reduce(-(y * log_x + (1 - y) * log_1mx), how)


def torch_bce_with_logits_loss(
    input: ArrayLike,
    target: ArrayLike,
    reduction: str = "mean",
    pos_weight: ArrayLike | None = None,
) -> v.FloatResult:
    r"""``torch.nn.BCEWithLogitsLoss``: sigmoid and BCE fused, from logits.

    .. math:: \ell = \max(z, 0) - z y + \ln(1 + e^{-|z|})

    Source: PyTorch 2.13, ``torch.nn.BCEWithLogitsLoss``.
    **What differs from the textbook:** it takes logits and never forms the
    probability, so it stays accurate where a float32 sigmoid rounds to 1. It is
    :func:`nllbook.binary_cross_entropy_from_logits`.

    ``pos_weight`` :math:`w` (finite, non-negative; one number, or one per
    output along the last axis) multiplies the positive term only,

    .. math:: \ell = -[\,w\, y \ln \sigma(z) + (1 - y) \ln(1 - \sigma(z))\,],

    which is class weights ``[1, w]``; unlike ``CrossEntropyLoss(weight=)``,
    the mean still divides by the number of elements. The best constant
    prediction moves from the share :math:`\pi` of positives to
    :math:`w\pi / (w\pi + 1 - \pi)` (:func:`nllbook.reweighted_prior`).

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> x, y = np.array([2.0, -1.0]), np.array([1.0, 0.0])
    >>> bool(np.isclose(torch_bce_with_logits_loss(x, y),
    ...                 torch_bce_loss(nllbook.sigmoid(x), y)))
    True
    >>> bool(np.isclose(torch_bce_with_logits_loss(x, y, pos_weight=1.0),
    ...                 torch_bce_with_logits_loss(x, y)))
    True
    """
    how = v.reduction(reduction)
    if pos_weight is not None:
        return _weighted.bce_with_logits_pos_weight(input, target, pos_weight, how)
    return _bce_from_logits(input, target, how, "input", "target")


def torch_kl_div_loss(
    input: ArrayLike,
    target: ArrayLike,
    reduction: str = "mean",
    log_target: bool = False,
) -> v.FloatResult:
    r"""``torch.nn.KLDivLoss``: pointwise ``target * (log target - input)``.

    .. math:: \ell_{n,k} = p_{n,k} (\ln p_{n,k} - x_{n,k}), \quad 0 \ln 0 = 0

    Source: PyTorch 2.13, ``torch.nn.KLDivLoss``. **What differs from the
    textbook** :math:`\mathrm{KL}(p \,\|\, q)`:

    - the arguments come in the opposite order to scipy's: ``input`` is the
      model (as log-probabilities :math:`\ln q`), ``target`` the truth ``p``
      (probabilities, or log-probabilities with ``log_target=True``);
    - the default ``"mean"`` averages over *all* N·K elements, which is the
      KL divided by K; ``"batchmean"`` (sum / N) is the true mean KL;
    - each term is ``xlogy(p, p) - p * x``, as in torch, not
      :math:`p (\ln p - x)` with :math:`0 \ln 0 = 0` applied to the whole
      term: a target of 0 against an input of ``-inf`` gives
      :math:`0 - 0 \cdot (-\infty)`, NaN, exactly as torch does (nllbook's
      :func:`nllbook.kl_divergence` counts such a term as 0). With
      ``log_target=True`` the term is :math:`e^{l} (l - x)`, NaN for a target
      log-probability of ``-inf``, as in torch.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
    >>> kl = nllbook.kl_divergence(p, q)[0]
    >>> bool(np.isclose(torch_kl_div_loss(np.log(q), p, reduction="batchmean"), kl))
    True
    >>> bool(np.isclose(torch_kl_div_loss(np.log(q), p), kl / 2))
    True
    """
    v.reduction(reduction, ("mean", "batchmean", "sum", "none"))
    as_log = v.flag(log_target, "log_target")
    x = _batch(input, "input")
    if as_log:
        log_p = _batch(target, "target")
        if log_p.shape != x.shape:
            raise ValueError(f"input and target: shapes {x.shape} and {log_p.shape} differ")
        # As in PyTorch, a target log-probability of -inf gives NaN here
        # (0 · -inf); given as the probability 0 instead, the term is 0
        # (unless the input there is -inf, NaN again, as in PyTorch).
        with np.errstate(invalid="ignore"):
            point = np.exp(log_p) * (log_p - x)
    else:
        p = v.probabilities(target, "target", rows_sum_to_one=False)
        if p.shape != x.shape:
            raise ValueError(f"input and target: shapes {x.shape} and {p.shape} differ")
        # torch: xlogy(p, p) - p * x. xlogy(0, 0) is 0, but p * x is NaN
        # for p = 0 and x = -inf, and torch keeps that NaN.
        safe = np.where(p > 0, p, 1.0)
        with np.errstate(invalid="ignore"):
            point = np.where(p > 0, p * np.log(safe), 0.0) - p * x
    if reduction == "batchmean":
        batchmean: np.floating[Any] = point.sum() / x.shape[0]
        return batchmean
    return v.reduce(point, v.reduction(reduction))


def torch_bce_with_logits_loss_unchecked(
    input: ArrayLike, target: ArrayLike, reduction: str = "mean"
) -> v.FloatResult:
    r"""``torch.nn.BCEWithLogitsLoss`` on targets it never checks: any real numbers.

    .. math:: \ell = \max(z, 0) - z y + \ln(1 + e^{-|z|})

    Source: PyTorch 2.13, ``torch.nn.BCEWithLogitsLoss``, which, unlike
    ``BCELoss``, accepts targets outside [0, 1] without an error. The formula
    is the same as :func:`torch_bce_with_logits_loss`; only the check on
    ``target`` is left out, to show what such targets do. With labels -1 and
    1 (the habit of a support vector machine), a target of -1 makes the
    term :math:`-z y` unbounded below, and the "loss" can be negative.

    Parameters
    ----------
    input : array_like
        Logits.
    target : array_like, same shape
        Any finite real numbers.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> import numpy as np
    >>> z, y = np.array([2.0, -1.0]), np.array([1.0, 0.0])
    >>> bool(np.isclose(torch_bce_with_logits_loss_unchecked(z, y),
    ...                 torch_bce_with_logits_loss(z, y)))
    True
    >>> bool(torch_bce_with_logits_loss_unchecked([-3.0], [-1.0]) < 0)
    True
    """
    how = v.reduction(reduction)
    z = v.logits_array(np.atleast_1d(v.any_array(input, "input")), "input")
    y = v.float_array(target, "target")
    if not np.isfinite(y).all():
        raise ValueError("target: contains NaN or an infinite value")
    y = np.atleast_1d(y)
    if z.shape != y.shape:
        raise ValueError(f"input and target: shapes {z.shape} and {y.shape} differ")
    dtype = v.result_dtype(z, y)
    z, y = z.astype(dtype), y.astype(dtype)
    # The loss is linear in the target: l(z, y) = l(z, 0) - z y, and l(z, 0)
    # has its home in binary_cross_entropy_from_logits.
    at_zero = np.asarray(binary_cross_entropy_from_logits(z, np.zeros_like(z), reduction="none"))
    losses = at_zero - z * y
    return v.reduce(np.asarray(losses, dtype=dtype), how)
