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
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._information import cross_entropy, entropy, kl_divergence
from ._keras_losses import (
    KERAS_EPSILON,
    keras_accuracy,
    keras_binary_accuracy,
    keras_categorical_accuracy,
    keras_categorical_crossentropy,
    keras_sparse_categorical_crossentropy,
)
from ._logits import _check_smoothing, log_softmax, smooth_labels
from ._torch_losses import (
    TORCH_IGNORE_INDEX,
    _batch,
    _indices,
    torch_bce_loss,
    torch_bce_with_logits_loss,
    torch_bce_with_logits_loss_unchecked,
    torch_cross_entropy_loss,
    torch_kl_div_loss,
    torch_nll_loss,
)

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
__all__ += [
    "keras_accuracy",
    "keras_binary_accuracy",
    "keras_categorical_accuracy",
    "torch_bce_with_logits_loss_unchecked",
]


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
