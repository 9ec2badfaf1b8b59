"""Likelihood of labelled data under a classifier, and its negative log."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._information import _xlog1py, _xlogy


def _target_kind(target: NDArray[Any], probs: v.FloatArray) -> str:
    """'onehot' when target has the shape of probs, else 'index'."""
    if target.ndim >= 1 and target.shape == probs.shape:
        return "onehot"
    return "index"


_ONE_HOT_HINT = (
    " (a target with the shape of probs is read as one-hot rows; to score class indices "
    "under a single distribution of shape (K,), pass probs with shape (1, K))"
)


def _one_hot_rows(target: NDArray[Any], name: str) -> v.FloatArray:
    arr = v.float_array(target, name)
    if not np.isin(arr, (0.0, 1.0)).all():
        raise ValueError(f"{name}: one-hot rows must hold only 0 and 1" + _ONE_HOT_HINT)
    if not (arr.sum(axis=-1) == 1).all():
        raise ValueError(f"{name}: each one-hot row must contain exactly one 1")
    return arr


def likelihood(probs: ArrayLike, target: ArrayLike) -> v.FloatResult:
    r"""Probability that the model gives to the true class.

    For one-hot targets :math:`y` this is the dot product
    :math:`\sum_k y_k \, q_k`, which picks out :math:`q_y`; for
    class indices it indexes the last axis directly.

    Parameters
    ----------
    probs : array_like, shape (..., K)
        The model's probabilities; each row sums to 1.
    target : array_like of int, shape (...), or one-hot rows of shape (..., K)
        True classes. Index targets broadcast against ``probs.shape[:-1]``,
        so one distribution can score many samples. A target with exactly
        the shape of ``probs`` is always read as one-hot rows.

    Returns
    -------
    numpy scalar or ndarray
        One probability per sample, in the dtype of ``probs``.

    Raises
    ------
    ValueError
        If ``probs`` is not a valid distribution, an index is out of range or
        not an integer, a one-hot row is not one-hot, or shapes do not fit.

    Examples
    --------
    The two ways of writing the target agree, and NLL is its negative log:

    >>> import numpy as np, nllbook
    >>> q = [0.1, 0.3, 0.5, 0.1]
    >>> float(nllbook.likelihood(q, 2)) == float(nllbook.likelihood(q, [0, 0, 1, 0]))
    True
    >>> bool(np.isclose(nllbook.nll(q, 2), -np.log(nllbook.likelihood(q, 2))))
    True
    """
    p_arr = v.probabilities(probs, "probs")
    if p_arr.ndim == 0:
        raise ValueError("probs: expected a distribution along the last axis, got a scalar")
    t_arr = v.any_array(target, "target")
    if _target_kind(t_arr, p_arr) == "onehot":
        onehot = _one_hot_rows(t_arr, "target")
        # Exact: every other term is 0 * q, so the sum is the true-class entry.
        out = np.sum(onehot.astype(p_arr.dtype) * p_arr, axis=-1)
    else:
        idx = v.class_indices(t_arr, "target", p_arr.shape[-1])
        try:
            shape = v.broadcast_one_way(p_arr.shape[:-1], idx.shape, "probs", "target")
        except ValueError:
            raise ValueError(
                f"target: shape {idx.shape} does not fit probs of shape {p_arr.shape} "
                f"(expected {p_arr.shape[:-1]} for indices or {p_arr.shape} for one-hot rows; "
                "an index target of shape (N, 1) is refused, as in torch)"
            ) from None
        p_b = np.broadcast_to(p_arr, (*shape, p_arr.shape[-1]))
        idx_b = np.broadcast_to(idx, shape)
        out = np.take_along_axis(p_b, idx_b[..., None], axis=-1)[..., 0]
    return v.scalar_or_array(out)


def nll(probs: ArrayLike, target: ArrayLike, reduction: v.Reduction = "mean") -> v.FloatResult:
    r"""Negative log-likelihood of the true classes.

    .. math:: \mathrm{NLL} = -\ln q_y

    averaged (``"mean"``), added up (``"sum"``) or kept per sample
    (``"none"``).

    Parameters
    ----------
    probs : array_like, shape (..., K)
        The model's probabilities (not log-probabilities, not logits).
    target : array_like
        Class indices or one-hot rows, as in :func:`likelihood`.
    reduction : {"mean", "sum", "none"}
        How to combine the per-sample losses.

    Returns
    -------
    numpy scalar or ndarray

    Notes
    -----
    A true-class probability of 0 gives ``inf`` (no RuntimeWarning): the
    model called the observed outcome impossible.

    Raises
    ------
    ValueError
        As :func:`likelihood`, or for an unknown ``reduction``.

    Examples
    --------
    The mean NLL of samples is the cross-entropy of their empirical
    distribution with the model:

    >>> import numpy as np, nllbook
    >>> q = np.array([0.2, 0.5, 0.3])
    >>> samples = np.array([0, 1, 1, 2, 1])
    >>> p_hat = nllbook.empirical_distribution(samples, 3)
    >>> bool(np.isclose(nllbook.nll(q, samples), nllbook.cross_entropy(p_hat, q)))
    True
    """
    how = v.reduction(reduction)
    lik = np.asarray(likelihood(probs, target))
    with np.errstate(divide="ignore"):
        # 0.0 - x rather than -x, so that a perfect prediction shows 0, not -0.
        losses = 0.0 - np.log(lik)
    return v.reduce(losses, how)


def binary_cross_entropy(
    y: ArrayLike, y_hat: ArrayLike, reduction: v.Reduction = "mean"
) -> v.FloatResult:
    r"""Binary cross-entropy (Bernoulli negative log-likelihood), per element.

    .. math:: \ell_i = -\left[y_i \ln \hat y_i + (1 - y_i) \ln(1 - \hat y_i)\right]

    Parameters
    ----------
    y : array_like
        Labels in [0, 1]; soft labels (e.g. 0.9) are allowed.
    y_hat : array_like
        Predicted probabilities of the positive class, in [0, 1], same shape.
    reduction : {"mean", "sum", "none"}

    Notes
    -----
    :math:`\ln(1 - \hat y)` is computed as ``log1p(-y_hat)``, which keeps
    the digits of a small :math:`\hat y` (for :math:`\hat y = 10^{-20}` the
    loss of label 0 is :math:`10^{-20}`, not 0). Terms with a zero weight
    vanish (:math:`0 \ln 0 = 0`), so a confident
    and correct prediction (:math:`\hat y = y \in \{0, 1\}`) costs exactly 0,
    while a confident wrong one costs ``inf``. It equals the two-class
    :func:`cross_entropy` of ``[1 - y, y]`` and ``[1 - y_hat, y_hat]``.

    Raises
    ------
    ValueError
        On values outside [0, 1], NaN, empty input, shape mismatch, or an
        unknown ``reduction``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> y, y_hat = np.array([1.0, 0.0, 0.8]), np.array([0.9, 0.2, 0.6])
    >>> two_class = nllbook.cross_entropy(np.stack([1 - y, y], -1),
    ...                                   np.stack([1 - y_hat, y_hat], -1))
    >>> bool(np.allclose(nllbook.binary_cross_entropy(y, y_hat, "none"), two_class))
    True
    """
    how = v.reduction(reduction)
    y_arr = v.probabilities(y, "y", rows_sum_to_one=False)
    p_arr = v.probabilities(y_hat, "y_hat", rows_sum_to_one=False)
    if y_arr.shape != p_arr.shape:
        raise ValueError(f"y and y_hat: shapes {y_arr.shape} and {p_arr.shape} differ")
    dtype = v.result_dtype(y_arr, p_arr)
    y_arr, p_arr = y_arr.astype(dtype), p_arr.astype(dtype)
    losses = 0.0 - (_xlogy(y_arr, p_arr) + _xlog1py(1 - y_arr, 0.0 - p_arr))
    return v.reduce(np.asarray(losses, dtype=dtype), how)


def bernoulli_likelihood(y: ArrayLike, y_hat: ArrayLike) -> v.FloatResult:
    r"""Likelihood of i.i.d. Bernoulli samples: the product over the last axis.

    .. math:: P(\mathcal{D} \mid \theta) = \prod_i \hat y_i^{\,y_i} (1 - \hat y_i)^{1 - y_i}

    With hard labels the exponents act as switches: each factor is
    :math:`\hat y_i` when :math:`y_i = 1` and :math:`1 - \hat y_i` when
    :math:`y_i = 0`.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1] along the last axis (the samples).
    y_hat : array_like
        Predicted probabilities of the positive class, same shape.

    Returns
    -------
    numpy scalar or ndarray
        One likelihood per leading index.

    Notes
    -----
    :math:`0^0 = 1`, so a factor whose exponent is 0 is 1 even when its base
    is 0. Long products underflow to 0; see
    :func:`sum_of_log_probabilities`.

    Examples
    --------
    The log of the likelihood is minus the summed binary cross-entropy:

    >>> import numpy as np, nllbook
    >>> y, y_hat = [1, 0, 1, 1], [0.9, 0.2, 0.7, 0.6]
    >>> lik = nllbook.bernoulli_likelihood(y, y_hat)
    >>> bool(np.isclose(-np.log(lik), nllbook.binary_cross_entropy(y, y_hat, "sum")))
    True
    """
    y_arr = v.probabilities(y, "y", rows_sum_to_one=False)
    p_arr = v.probabilities(y_hat, "y_hat", rows_sum_to_one=False)
    if y_arr.shape != p_arr.shape:
        raise ValueError(f"y and y_hat: shapes {y_arr.shape} and {p_arr.shape} differ")
    dtype = v.result_dtype(y_arr, p_arr)
    y_arr, p_arr = y_arr.astype(dtype), p_arr.astype(dtype)
    factors = np.power(p_arr, y_arr) * np.power(1 - p_arr, 1 - y_arr)
    out = np.prod(np.atleast_1d(factors), axis=-1).astype(dtype)
    return v.scalar_or_array(out)


def _theta_grid(y: ArrayLike, theta: ArrayLike) -> tuple[v.FloatArray, v.FloatArray]:
    """Samples ``y`` (1-D) and parameters ``theta`` broadcast to ``theta.shape + y.shape``."""
    y_arr = v.probabilities(y, "y", rows_sum_to_one=False)
    if y_arr.ndim != 1:
        raise ValueError(f"y: expected a 1-D array of samples, got shape {y_arr.shape}")
    t_arr = v.probabilities(theta, "theta", rows_sum_to_one=False)
    dtype = v.result_dtype(y_arr, t_arr)
    shape = (*t_arr.shape, y_arr.size)
    grid = np.broadcast_to(t_arr.astype(dtype)[..., None], shape)
    return np.broadcast_to(y_arr.astype(dtype), shape), grid


def bernoulli_likelihood_grid(y: ArrayLike, theta: ArrayLike) -> v.FloatResult:
    r"""Likelihood of fixed Bernoulli samples under each parameter value θ.

    .. math:: L(\theta) = \prod_i \theta^{\,y_i} (1 - \theta)^{1 - y_i}
              = \theta^{h} (1 - \theta)^{m - h}

    for :math:`h` heads in :math:`m` samples (hard labels). This is
    :func:`bernoulli_likelihood` with every prediction equal to θ: the data
    stay fixed and the parameter moves.

    Parameters
    ----------
    y : array_like, shape (n,)
        The samples, labels in [0, 1].
    theta : float or array_like
        Parameter values in [0, 1], any shape.

    Returns
    -------
    numpy scalar or ndarray
        Shape of ``theta``. :math:`0^0 = 1`, so :math:`L(0) = 1` when no
        sample is 1.

    Examples
    --------
    The likelihood is largest at the observed frequency:

    >>> import numpy as np, nllbook
    >>> flips, thetas = np.array([1.0, 1, 0, 1]), np.linspace(0, 1, 101)
    >>> float(thetas[np.argmax(nllbook.bernoulli_likelihood_grid(flips, thetas))])
    0.75
    >>> bool(np.isclose(nllbook.bernoulli_likelihood_grid(flips, 0.3), 0.3**3 * 0.7))
    True
    """
    y_b, grid = _theta_grid(y, theta)
    return bernoulli_likelihood(y_b, grid)


def bernoulli_nll_grid(y: ArrayLike, theta: ArrayLike) -> v.FloatResult:
    r"""Negative log-likelihood of fixed Bernoulli samples under each θ.

    .. math:: -\ln L(\theta) = -\sum_i \left[y_i \ln\theta
              + (1 - y_i) \ln(1 - \theta)\right]

    the summed :func:`binary_cross_entropy` with every prediction equal to θ.
    It stays finite where :func:`bernoulli_likelihood_grid` underflows, and
    is ``inf`` where the likelihood is exactly 0.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> flips, thetas = np.array([1.0, 1, 0, 1]), np.linspace(0.01, 0.99, 99)
    >>> bool(np.allclose(nllbook.bernoulli_nll_grid(flips, thetas),
    ...                  -np.log(nllbook.bernoulli_likelihood_grid(flips, thetas))))
    True
    """
    y_b, grid = _theta_grid(y, theta)
    out = np.sum(binary_cross_entropy(y_b, grid, reduction="none"), axis=-1)
    return v.scalar_or_array(out)


def empirical_distribution(samples: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    r"""Relative frequency of each class among ``samples``.

    .. math:: \hat p_k = \frac{1}{m} \sum_{i=1}^{m} [y_i = k]

    Parameters
    ----------
    samples : array_like of int
        Observed classes in ``[0, num_classes)``, any shape (flattened).
    num_classes : int
        Number of classes K (classes never observed get 0).

    Returns
    -------
    ndarray, shape (K,)

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p_hat = nllbook.empirical_distribution([0, 2, 2, 1], 4)
    >>> p_hat.tolist()
    [0.25, 0.25, 0.5, 0.0]
    >>> q = np.array([[0.1, 0.3, 0.5, 0.1]])  # one distribution, shape (1, K)
    >>> bool(np.isclose(nllbook.nll(q, [0, 2, 2, 1]), nllbook.cross_entropy(p_hat, q)))
    True
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise ValueError(f"num_classes: must be an integer, got {num_classes!r}")
    if num_classes < 1:
        raise ValueError(f"num_classes: must be at least 1, got {num_classes}")
    if num_classes > np.iinfo(np.intp).max:
        raise ValueError(f"num_classes: {num_classes} is too large for an array index")
    idx = v.class_indices(samples, "samples", int(num_classes)).ravel()
    try:
        counts = np.bincount(idx, minlength=int(num_classes))
    except MemoryError:
        raise ValueError(f"num_classes: {num_classes} classes do not fit in memory") from None
    out: NDArray[np.float64] = counts / idx.size
    return out


class NLLSteps(NamedTuple):
    """The three words of NLL applied in turn to one probability."""

    likelihood: float
    log_likelihood: float
    negative_log_likelihood: float


def nll_steps(p: float) -> NLLSteps:
    r"""Likelihood :math:`q_y` → Log :math:`\ln q_y` → Negative :math:`-\ln q_y` (``p`` is q_y).

    Parameters
    ----------
    p : float
        Probability given to the true class, in [0, 1].

    Returns
    -------
    NLLSteps
        ``log_likelihood`` is ``-inf`` and the loss ``inf`` when ``p == 0``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> s = nllbook.nll_steps(0.1)
    >>> bool(s.negative_log_likelihood == -s.log_likelihood == -np.log(0.1))
    True
    """
    arr = v.probabilities(p, "p", rows_sum_to_one=False)
    if arr.ndim != 0:
        raise ValueError(f"p: expected a single probability, got shape {arr.shape}")
    with np.errstate(divide="ignore"):
        log_p = float(np.log(arr))
    return NLLSteps(float(arr), log_p, 0.0 - log_p)
