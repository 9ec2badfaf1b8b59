"""Keras' losses and accuracies, reproduced in numpy. Public through
:mod:`nllbook.conventions`."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._logits import _check_smoothing, _smooth, log_softmax
from ._torch_losses import _batch, _indices

#: ``keras.config.epsilon()``, the clipping constant of Keras' losses.
KERAS_EPSILON = 1e-7

KerasReduction = Literal["sum_over_batch_size", "mean", "sum", "none"]


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
