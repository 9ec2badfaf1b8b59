r"""The conventions of common loss APIs, reproduced in numpy.

Each function here computes what one framework's loss returns for the same
inputs, following that framework's documentation, so that the book can run
one worked example through every API without depending on any of them. Each
docstring names its source and says how the convention differs from the
textbook formula

.. math:: \mathrm{CE}(p, q) = -\sum_k p_k \ln q_k ,

with ``p`` the target distribution and ``q`` the model's.

Sources
-------
- PyTorch 2.13 documentation: ``torch.nn.NLLLoss``, ``torch.nn.CrossEntropyLoss``,
  ``torch.nn.BCELoss``, ``torch.nn.BCEWithLogitsLoss``, ``torch.nn.KLDivLoss``.
- Keras 3 documentation: ``keras.losses.CategoricalCrossentropy``
  (and the backend function ``keras.ops.categorical_crossentropy``);
  ``keras.config.epsilon()`` is 1e-7.
- scikit-learn 1.9 documentation: ``sklearn.metrics.log_loss``.
- SciPy 1.17 documentation: ``scipy.stats.entropy``.

Batches are 2-D: ``(N, K)`` scores or probabilities and ``(N,)`` class
indices, as in the frameworks' most common use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from . import _weighted
from ._binary import _bce_from_logits, binary_cross_entropy_from_logits
from ._information import cross_entropy, entropy, kl_divergence
from ._logits import _check_smoothing, _loss_from_logits, _smooth, log_softmax, smooth_labels

__all__ = [
    "CONVENTIONS",
    "KERAS_EPSILON",
    "TORCH_IGNORE_INDEX",
    "Convention",
    "Mistake",
    "classic_mistakes",
    "keras_categorical_crossentropy",
    "keras_sparse_categorical_crossentropy",
    "scipy_entropy",
    "sklearn_log_loss",
    "torch_bce_loss",
    "torch_bce_with_logits_loss",
    "torch_cross_entropy_loss",
    "torch_kl_div_loss",
    "torch_nll_loss",
]

#: ``keras.config.epsilon()``, the clipping constant of Keras' losses.
KERAS_EPSILON = 1e-7

#: ``torch.nn.BCELoss`` clamps each log at this value.
_TORCH_BCE_LOG_FLOOR = -100.0

KLReduction = Literal["mean", "batchmean", "sum", "none"]
KerasReduction = Literal["sum_over_batch_size", "mean", "sum", "none"]


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


def keras_categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    reduction: str | None = "sum_over_batch_size",
) -> v.FloatResult:
    r"""``keras.losses.CategoricalCrossentropy``: one-hot/probability targets.

    With ``from_logits=False``:

    .. math:: \ell_n = -\sum_k \tilde y_{n,k}
              \ln \operatorname{clip}\!\Big(\frac{q_{n,k}}{\sum_j q_{n,j}},
              \epsilon, 1 - \epsilon\Big), \quad \epsilon = 10^{-7}

    and with ``from_logits=True`` the log-softmax of ``y_pred``. Label
    smoothing uses :math:`\tilde y = (1 - \varepsilon)\, y + \varepsilon / K`.

    Source: Keras 3, ``keras.losses.CategoricalCrossentropy`` and the backend's
    ``categorical_crossentropy``. **What differs from the textbook:** the
    argument order is (truth, prediction), as in scipy; predictions are
    rescaled to sum to 1 and clipped to [1e-7, 1 - 1e-7], so the loss never
    exceeds :math:`-\ln 10^{-7}` per sample; the default reduction
    ``"sum_over_batch_size"`` is the mean. Passing logits without
    ``from_logits=True`` silently rescales and clips the logits as if they
    were probabilities (a classic mistake). As in Keras, the terms are
    multiplied out without :math:`0 \ln 0 = 0`: a zero target against a
    ``-inf`` logit (``from_logits=True``) gives NaN.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> y, q = np.array([[0.0, 0.0, 1.0, 0.0]]), np.array([[0.1, 0.3, 0.5, 0.1]])
    >>> bool(np.isclose(keras_categorical_crossentropy(y, q), nllbook.cross_entropy(y, q)[0]))
    True
    """
    how = _keras_reduction(reduction)
    logits = v.flag(from_logits, "from_logits")
    eps = _check_smoothing(label_smoothing)
    pred = _batch(y_pred, "y_pred")
    truth = v.probabilities(y_true, "y_true", rows_sum_to_one=False)
    if truth.shape != pred.shape:
        raise ValueError(f"y_true and y_pred: shapes {truth.shape} and {pred.shape} differ")
    return _keras_loss(truth, pred, logits, eps, how)


def _keras_reduction(reduction: object) -> v.Reduction:
    """Keras' reductions as nllbook's: ``"sum_over_batch_size"`` is the mean, None is none."""
    if reduction is None:
        return "none"
    allowed = ("sum_over_batch_size", "mean", "sum", "none")
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(f"reduction: must be one of {(*allowed, None)}, got {reduction!r}")
    return "mean" if reduction == "sum_over_batch_size" else reduction  # type: ignore[return-value]


def _keras_loss(
    truth: NDArray[np.floating[Any]],
    pred: NDArray[np.floating[Any]],
    from_logits: bool,
    eps: float,
    how: v.Reduction,
) -> v.FloatResult:
    # Keras does not require y_true rows to sum to 1, so the unchecked form.
    smoothed = _smooth(truth, eps)
    if from_logits:
        log_prob = log_softmax(pred)
    else:
        # No check that these are probabilities: Keras rescales and clips
        # whatever it is given, and the classic mistake depends on that.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            scaled = pred / pred.sum(axis=-1, keepdims=True)
        scaled = np.clip(scaled, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
        log_prob = np.log(scaled)
    # A zero target against a -inf log-probability is 0 * (-inf) = NaN, as
    # in Keras (which multiplies the same way); without a warning here.
    with np.errstate(invalid="ignore"):
        per_sample = -(smoothed * log_prob).sum(axis=-1)
    if how == "mean":
        mean: np.floating[Any] = per_sample.mean()
        return mean
    return v.reduce(per_sample, how)


def keras_sparse_categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    reduction: str | None = "sum_over_batch_size",
) -> v.FloatResult:
    r"""``keras.losses.SparseCategoricalCrossentropy``: class-index targets.

    Source: Keras 3, ``keras.losses.SparseCategoricalCrossentropy`` and the
    numpy and JAX backends' ``sparse_categorical_crossentropy``: the indices
    are one-hot encoded and the result is :func:`keras_categorical_crossentropy`,
    with the same rescaling and clipping to [1e-7, 1 - 1e-7] unless
    ``from_logits=True``, the same (truth, prediction) order and the same
    default reduction. **What differs from the textbook:** the clipping, and
    there is no ``label_smoothing`` argument. (The TensorFlow backend clips
    before it rescales; the two orders agree unless a probability is below
    1e-7 or above 1 - 1e-7.) Labels of shape ``(N, 1)`` are squeezed to
    ``(N,)``, as Keras does when ``y_true`` has as many axes as ``y_pred``
    and a last axis of 1.

    Examples
    --------
    >>> import numpy as np
    >>> q = np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]])
    >>> bool(np.isclose(keras_sparse_categorical_crossentropy([1, 0], q),
    ...                 keras_categorical_crossentropy(np.eye(3)[[1, 0]], q)))
    True
    """
    how = _keras_reduction(reduction)
    logits = v.flag(from_logits, "from_logits")
    pred = _batch(y_pred, "y_pred")
    labels = v.any_array(y_true, "y_true")
    if labels.ndim == 2 and labels.shape[-1] == 1:
        labels = labels[:, 0]  # Keras squeezes labels of shape (N, 1)
    idx = _indices(labels, pred.shape[0], pred.shape[1], name="y_true")
    onehot = np.zeros(pred.shape, dtype=pred.dtype)
    onehot[np.arange(pred.shape[0]), idx] = 1.0
    return _keras_loss(onehot, pred, logits, 0.0, how)


def sklearn_log_loss(
    y_true: ArrayLike, y_proba: ArrayLike, normalize: bool = True
) -> v.FloatResult:
    r"""``sklearn.metrics.log_loss``: NLL of class indices, probabilities clipped.

    .. math:: \ell_n = -\ln \operatorname{clip}(q_{n, y_n}, \epsilon, 1 - \epsilon),
              \quad \epsilon = \text{machine epsilon of the dtype}

    Source: scikit-learn 1.9, ``sklearn.metrics.log_loss`` (whose second argument
    was named ``y_pred`` before 1.9). **What differs
    from the textbook:** probabilities are clipped to
    :math:`[\epsilon, 1 - \epsilon]` with ``np.finfo(dtype).eps`` of the
    dtype of ``y_proba`` (about 2.2e-16 in float64, 1.2e-7 in float32 and
    9.8e-4 in float16, where the clipping happens in that type, as in
    scikit-learn), so a zero costs about 36 nats in float64, not infinity;
    ``normalize=True`` (default) gives the mean, ``False`` the sum. Rows of
    ``y_proba`` must sum to 1. Labels here are indices ``0 .. K-1``;
    scikit-learn itself needs ``labels=range(K)`` when ``y_true`` does not
    contain every class, as with a single example.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> q = np.array([[0.1, 0.3, 0.5, 0.1], [0.1, 0.3, 0.5, 0.1]])
    >>> bool(np.isclose(sklearn_log_loss([3, 2], q), nllbook.nll(q, [3, 2])))
    True
    """
    mean = v.flag(normalize, "normalize")
    raw = v.any_array(y_proba, "y_proba")
    q = v.probabilities(raw, "y_proba")
    if q.ndim != 2:
        raise ValueError(f"y_proba: expected a 2-D batch of shape (N, K), got shape {q.shape}")
    idx = _indices(y_true, q.shape[0], q.shape[1], name="y_true")
    # scikit-learn computes in the dtype of y_proba: float16 input is clipped
    # with float16's eps, and its logs and mean are float16 too.
    dtype = raw.dtype if raw.dtype.kind == "f" else q.dtype
    eps = np.finfo(dtype).eps
    picked = np.clip(q[np.arange(q.shape[0]), idx].astype(dtype), eps, 1 - eps)
    losses = 0.0 - np.log(picked)
    out: np.floating[Any] = losses.mean() if mean else losses.sum()
    return out


def scipy_entropy(
    pk: ArrayLike, qk: ArrayLike | None = None, base: float | None = None, axis: int | None = 0
) -> v.FloatResult:
    r"""``scipy.stats.entropy``: entropy of ``pk``, or KL(pk ‖ qk), after normalising.

    .. math:: H(p) = -\sum_k p_k \ln p_k, \qquad
              \mathrm{KL}(p \,\|\, q) = \sum_k p_k \ln \frac{p_k}{q_k}

    Source: SciPy 1.17, ``scipy.stats.entropy`` (documentation and source).
    **What differs from the textbook:**

    - with a second argument the result is the **KL divergence, not the
      cross-entropy**; the cross-entropy is ``entropy(p) + entropy(p, q)``;
    - both arguments are first divided by their sums along ``axis``, so
      counts or any non-negative weights are accepted;
    - the default ``axis`` is **0**, not the last axis: for a batch of rows
      of shape ``(N, K)`` pass ``axis=1`` (or ``-1``), or the "distributions"
      are the columns.

    Parameters
    ----------
    pk : array_like
        Non-negative weights of the reference distribution ``p``.
    qk : array_like, optional
        Non-negative weights of ``q``, same shape.
    base : float, optional
        Base of the logarithm; ``None`` gives nats.
    axis : int or None
        Axis along which each distribution lies (default 0, as in SciPy);
        ``None`` flattens the input into one distribution, as SciPy does.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    >>> bool(np.isclose(scipy_entropy(p) + scipy_entropy(p, q), nllbook.cross_entropy(p, q)))
    True
    >>> bool(np.isclose(scipy_entropy([7, 2, 1]), nllbook.entropy([0.7, 0.2, 0.1])))
    True
    """
    v.log_base(base)
    if axis is not None and (
        isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer))
    ):
        raise ValueError(f"axis: must be an integer or None, got {axis!r}")
    p = _normalised(pk, "pk", axis)
    if qk is None:
        return entropy(p, base=base)
    q = _normalised(qk, "qk", axis)
    if q.shape != p.shape:
        raise ValueError(f"pk and qk: shapes {p.shape} and {q.shape} differ")
    return kl_divergence(p, q, base=base)


def _normalised(x: ArrayLike, name: str, axis: int | None) -> NDArray[np.floating[Any]]:
    """Weights along ``axis`` (all of them for None), moved to the last axis, divided by their sums.

    Each distribution is first divided by its largest weight, so that its
    sum cannot overflow (``[1e308, 1e308]`` is the fair coin).
    """
    arr = v.float_array(x, name)
    if arr.ndim == 0:
        raise ValueError(f"{name}: expected at least one axis of weights, got a scalar")
    if axis is None:
        arr = arr.reshape(-1)
        axis = 0
    ax = v.whole_axis(axis, arr.ndim, name, arr.shape)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: contains NaN or an infinite value")
    if (arr < 0).any():
        raise ValueError(f"{name}: contains a negative weight (min {arr.min():g})")
    rows = np.moveaxis(arr, ax, -1)
    top = rows.max(axis=-1, keepdims=True)
    if (top == 0).any():
        raise ValueError(f"{name}: a distribution sums to 0 and cannot be normalised")
    with np.errstate(under="ignore"):
        scaled = rows / top
    return v.probabilities(scaled / scaled.sum(axis=-1, keepdims=True), name)


@dataclass(frozen=True)
class Convention:
    """How one API expects its inputs, and the function that reproduces it."""

    framework: str
    api: str
    takes: str
    target: str
    order: str
    reduction: str
    clipping: str
    label_smoothing: str
    function: Callable[..., Any]


CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "PyTorch 2.13", "nn.NLLLoss", "log-probabilities", "class indices",
        "(input, target): model first", "mean over the batch", "none",
        "none", torch_nll_loss,
    ),
    Convention(
        "PyTorch 2.13", "nn.CrossEntropyLoss", "logits", "class indices or probability rows",
        "(input, target): model first", "mean over the batch", "none (stable log-softmax)",
        "(1 − ε)·target + ε/K", torch_cross_entropy_loss,
    ),
    Convention(
        "PyTorch 2.13", "nn.BCELoss", "probabilities", "labels in [0, 1], same shape",
        "(input, target): model first", "mean over all elements", "each log clamped at −100",
        "none", torch_bce_loss,
    ),
    Convention(
        "PyTorch 2.13", "nn.BCEWithLogitsLoss", "logits", "labels in [0, 1], same shape",
        "(input, target): model first", "mean over all elements", "none (fused, stable)",
        "none", torch_bce_with_logits_loss,
    ),
    Convention(
        "PyTorch 2.13", "nn.KLDivLoss", "log-probabilities", "probabilities (log_target: log)",
        "(input, target): model first", "mean over all N·K elements; 'batchmean' is the KL",
        "none", "none", torch_kl_div_loss,
    ),
    Convention(
        "Keras 3", "losses.CategoricalCrossentropy", "probabilities (logits with from_logits=True)",
        "one-hot or probability rows", "(y_true, y_pred): truth first",
        "mean over the batch", "rescaled to sum 1, clipped to [1e-7, 1 − 1e-7]",
        "(1 − ε)·y_true + ε/K", keras_categorical_crossentropy,
    ),
    Convention(
        "Keras 3", "losses.SparseCategoricalCrossentropy",
        "probabilities (logits with from_logits=True)", "class indices",
        "(y_true, y_pred): truth first", "mean over the batch",
        "rescaled to sum 1, clipped to [1e-7, 1 − 1e-7]", "none",
        keras_sparse_categorical_crossentropy,
    ),
    Convention(
        "scikit-learn 1.9", "metrics.log_loss", "probabilities", "class labels",
        "(y_true, y_proba): truth first", "mean (normalize=True)",
        "clipped to [eps, 1 − eps], eps = machine epsilon", "none", sklearn_log_loss,
    ),
    Convention(
        "SciPy 1.17", "stats.entropy", "probabilities or counts (normalised)",
        "p, the reference distribution; entropy(p, q) is KL(p ‖ q), not cross-entropy",
        "(pk, qk): truth first", "none: one value per distribution, along axis 0 by default",
        "none", "none", scipy_entropy,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Mistake:
    """A classic mix-up: the number it returns beside the number that was meant."""

    title: str
    call: str
    wrong: float
    right: float
    why: str


def classic_mistakes(
    logits: ArrayLike, target: ArrayLike, label_smoothing: float = 0.1
) -> tuple[Mistake, ...]:
    """The usual mix-ups on one batch, each with its wrong and its intended value.

    Every one of them runs without an error:

    1. probabilities passed to ``NLLLoss``: it takes no log, so it returns
       minus the mean true-class probability, a negative "loss";
    2. probabilities passed to ``CrossEntropyLoss``: softmax applied twice;
    3. logits passed to Keras' ``CategoricalCrossentropy`` without
       ``from_logits=True``: they are divided by their sum and clipped to
       [1e-7, 1 - 1e-7];
    4. ``scipy.stats.entropy(p, q)`` read as the cross-entropy: it is the KL
       divergence. With a one-hot ``p`` the two coincide, so the target here
       is label-smoothed with ``label_smoothing``;
    5. ``KLDivLoss`` left on its default ``"mean"``, which also divides by
       the number of classes.

    Parameters
    ----------
    logits : array_like, shape (N, K)
    target : array_like of int, shape (N,)
    label_smoothing : float in (0, 1]
        Smoothing of the soft target of mistake 4.

    Examples
    --------
    >>> import numpy as np
    >>> m = classic_mistakes(np.array([[2.0, 1.0, 0.1, -1.0]]), [0])
    >>> import nllbook
    >>> bool(np.isclose(m[0].wrong, -nllbook.softmax([2.0, 1.0, 0.1, -1.0])[0])), m[0].right > 0
    (True, True)
    """
    z = _batch(logits, "logits")
    n, k = z.shape
    idx = _indices(target, n, k)
    eps = _check_smoothing(label_smoothing)
    if not 0.0 < eps <= 1.0:
        raise ValueError(f"label_smoothing: must be in (0, 1], got {label_smoothing!r}")
    log_q = log_softmax(z)
    q = np.exp(log_q)
    onehot = np.zeros(z.shape)
    onehot[np.arange(n), idx] = 1.0
    soft = smooth_labels(onehot, eps)
    return (
        Mistake(
            "probabilities passed to NLLLoss",
            "NLLLoss()(softmax(z), y)",
            float(torch_nll_loss(q, idx)),
            float(torch_nll_loss(log_q, idx)),
            "NLLLoss takes no log: it returns minus the true-class probability, a negative loss.",
        ),
        Mistake(
            "probabilities passed to CrossEntropyLoss",
            "CrossEntropyLoss()(softmax(z), y)",
            float(torch_cross_entropy_loss(q, idx)),
            float(torch_cross_entropy_loss(z, idx)),
            "A second softmax flattens the probabilities towards uniform.",
        ),
        Mistake(
            "logits passed to Keras without from_logits=True",
            "CategoricalCrossentropy()(one_hot(y), z)",
            float(keras_categorical_crossentropy(onehot, z)),
            float(keras_categorical_crossentropy(onehot, z, from_logits=True)),
            "The logits are divided by their sum and clipped to [1e-7, 1 − 1e-7] "
            "as if they were probabilities.",
        ),
        Mistake(
            "scipy.stats.entropy(p, q) taken for cross-entropy",
            f"entropy(smoothed(y, ε={eps:g}), softmax(z), axis=1)",
            float(np.mean(scipy_entropy(soft, q, axis=1))),
            float(np.mean(cross_entropy(soft, q))),
            "With two arguments SciPy returns KL(p‖q) = H(p, q) − H(p).",
        ),
        Mistake(
            "KLDivLoss with its default reduction",
            "KLDivLoss()(log_softmax(z), one_hot(y))",
            float(torch_kl_div_loss(log_q, onehot)),
            float(torch_kl_div_loss(log_q, onehot, reduction="batchmean")),
            f"'mean' divides by all N·K elements, here K = {k} times too many; "
            "'batchmean' is the KL.",
        ),
    )


# -- Symptoms: what a framework does with inputs it does not check ---------------------------------

__all__ += [
    "keras_accuracy",
    "keras_binary_accuracy",
    "keras_categorical_accuracy",
    "torch_bce_with_logits_loss_unchecked",
]

AccuracyRule = Literal["shapes", "loss"]


def _keras_pair(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[v.FloatArray, v.FloatArray]:
    """Targets and predictions of the same shape, with at least one axis."""
    truth = v.probabilities(y_true, "y_true", rows_sum_to_one=False)
    pred = v.logits_array(y_pred, "y_pred")
    if truth.shape != pred.shape:
        raise ValueError(f"y_true and y_pred: shapes {truth.shape} and {pred.shape} differ")
    return truth, pred


def keras_binary_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike, threshold: float = 0.5
) -> np.floating[Any]:
    r"""``keras.metrics.binary_accuracy``: the share of *outputs* on the right side.

    .. math:: \mathrm{acc} = \frac{1}{N K} \sum_{n, k} [\,[q_{n,k} > t] = y_{n,k}\,]

    Source: Keras 3, ``keras.metrics.binary_accuracy`` and ``BinaryAccuracy``
    (each sample's mean over its last axis, then the mean over the batch,
    which is the mean over all N·K outputs). **What differs from accuracy as
    a reader means it:** every one of the K outputs of a sample counts as its
    own yes/no answer. On one-hot targets a model that says "no" to every
    class is right on K - 1 of the K outputs, so it scores (K - 1) / K
    without ever naming the true class.

    Parameters
    ----------
    y_true : array_like
        Labels, 0 or 1 (any values in [0, 1] are compared as they are).
    y_pred : array_like, same shape
        Probabilities (or any real scores compared with ``threshold``).
    threshold : float
        Default 0.5; a prediction counts as 1 when it is strictly above.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.eye(4)[[0, 2]]
    >>> q = np.full((2, 4), 0.25)  # says "no" to every class
    >>> bool(keras_binary_accuracy(y, q) == 1 - 1 / 4), float(keras_categorical_accuracy(y, q))
    (True, 0.5)
    """
    try:
        t = v.real_number(threshold, "threshold")
    except ValueError:
        raise ValueError(f"threshold: must be a real number, got {threshold!r}") from None
    if not np.isfinite(t):
        raise ValueError(f"threshold: must be finite, got {threshold!r}")
    truth, pred = _keras_pair(y_true, y_pred)
    hits = ((pred > t).astype(truth.dtype) == truth).astype(np.float64)
    out: np.floating[Any] = hits.mean(axis=-1).mean()
    return out


def keras_categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> np.floating[Any]:
    r"""``keras.metrics.categorical_accuracy``: the share of samples whose top class is true.

    .. math:: \mathrm{acc} = \frac{1}{N} \sum_n [\,\arg\max_k q_{n,k} = \arg\max_k y_{n,k}\,]

    Source: Keras 3, ``keras.metrics.categorical_accuracy``. Ties go to the
    first class, as ``argmax`` does. This is accuracy as a reader means it.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.eye(3)[[0, 1]]
    >>> float(keras_categorical_accuracy(y, [[0.5, 0.3, 0.2], [0.6, 0.3, 0.1]]))
    0.5
    """
    truth, pred = _keras_pair(y_true, y_pred)
    if truth.ndim < 1:
        raise ValueError("y_true: expected one row of K classes per sample, got a scalar")
    hits = (truth.argmax(axis=-1) == pred.argmax(axis=-1)).astype(np.float64)
    out: np.floating[Any] = hits.mean()
    return out


def keras_accuracy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    loss: str = "categorical_crossentropy",
    rule: AccuracyRule = "shapes",
) -> tuple[str, np.floating[Any]]:
    r"""What ``model.compile(loss=loss, metrics=["accuracy"])`` reports: the metric and its value.

    Keras turns the word ``"accuracy"`` into one of three metrics:

    - ``rule="shapes"``, Keras 3 (``get_metric`` in ``keras/src/trainers/
      compile_utils.py``): binary accuracy when the model has one output
      (last axis 1), sparse categorical accuracy when the targets are
      class indices, categorical accuracy otherwise. The loss plays no part.
    - ``rule="loss"``, Keras 2.3 and earlier (``_get_metrics_info`` and
      ``get_metric_function``): binary accuracy when the model has one
      output **or the loss is** ``"binary_crossentropy"``, sparse
      categorical accuracy when the loss is
      ``"sparse_categorical_crossentropy"``, categorical accuracy otherwise.
      With binary cross-entropy on one-hot targets, "accuracy" was
      therefore :func:`keras_binary_accuracy`, counted over all K outputs.

    Parameters
    ----------
    y_true : array_like, shape (N, K) or (N,)
        One-hot rows, or class indices (sparse targets).
    y_pred : array_like, shape (N, K)
        Probabilities.
    loss : str
        The loss's name as given to ``compile``.
    rule : {"shapes", "loss"}

    Returns
    -------
    (str, numpy float)
        The metric's name (``"binary_accuracy"``, ``"categorical_accuracy"``
        or ``"sparse_categorical_accuracy"``) and its value.

    Examples
    --------
    >>> import numpy as np
    >>> y, q = np.eye(4)[[0, 2]], np.full((2, 4), 0.25)
    >>> keras_accuracy(y, q, "binary_crossentropy", rule="loss")[0]
    'binary_accuracy'
    >>> keras_accuracy(y, q, "binary_crossentropy")[0]
    'categorical_accuracy'
    """
    if not isinstance(loss, str) or not loss:
        raise ValueError(f"loss: must be the name of a loss, got {loss!r}")
    if not isinstance(rule, str) or rule not in ("shapes", "loss"):
        raise ValueError(f"rule: must be 'shapes' or 'loss', got {rule!r}")
    pred = _batch(y_pred, "y_pred")
    raw = v.any_array(y_true, "y_true")
    sparse_shape = raw.ndim < pred.ndim or (raw.shape[-1:] == (1,) and pred.shape[-1] > 1)
    binary = pred.shape[-1] == 1 or (rule == "loss" and loss == "binary_crossentropy")
    sparse = sparse_shape if rule == "shapes" else loss == "sparse_categorical_crossentropy"
    if binary:
        return "binary_accuracy", keras_binary_accuracy(raw, pred)
    if sparse:
        flat = raw.reshape(-1)
        if flat.dtype.kind == "f" and np.isfinite(flat).all() and (flat == np.round(flat)).all():
            flat = flat.astype(np.intp)  # Keras accepts whole numbers stored as floats
        idx = _indices(flat, *pred.shape)
        hits = (pred.argmax(axis=-1) == idx).astype(np.float64)
        out: np.floating[Any] = hits.mean()
        return "sparse_categorical_accuracy", out
    return "categorical_accuracy", keras_categorical_accuracy(raw, pred)


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
