"""From raw scores (logits) to probabilities and losses, without overflow."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v

# Rows per block in the fused loss: small enough that the one temporary stays
# in cache, large enough that numpy's per-call overhead is negligible. With
# many classes the block is capped at _BLOCK_ELEMENTS entries instead.
_BLOCK_ROWS = 8192
_BLOCK_ELEMENTS = 1 << 17


def _shift(x: v.FloatArray, axis: int) -> v.FloatArray:
    """Row maxima, with non-finite maxima (all -inf rows) replaced by 0."""
    m = np.max(x, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0).astype(x.dtype)


def _wide(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The type sums are accumulated in: float64, or longdouble for longdouble."""
    return np.result_type(dtype, np.float64)


def _shifted(arr: v.FloatArray) -> v.FloatArray:
    """``z - max(z)`` along the last axis.

    A difference below the most negative float (``-8e307 - 1e308``) rounds to
    ``-inf``, whose exponential is exactly the 0 it should be: no warning.
    """
    with np.errstate(over="ignore"):
        out: v.FloatArray = arr - _shift(arr, -1)
    return out


def _log_sum_exp_shifted(shifted: v.FloatArray) -> v.FloatArray:
    """``log(sum(exp(shifted)))`` along the last axis (kept), for rows whose maximum is 0.

    The term of one maximum, exactly 1, is left out of the sum and added by
    ``log1p``: ``log(1 + s)`` with ``s`` rounded after the 1 would lose every
    term below half an ulp of 1 (``log(1 + e^-40)`` would be 0, not 4.2e-18).
    The sum is accumulated in :func:`_wide` (float64 for float32 rows) and
    rounded once, so float32 rows with thousands of tiny terms keep them.
    Rows that are entirely ``-inf`` give ``-inf``.
    """
    e = np.exp(shifted)
    top = np.argmax(shifted, axis=-1)[..., None]
    np.put_along_axis(e, top, 0.0, axis=-1)
    rest = np.sum(e, axis=-1, keepdims=True, dtype=_wide(shifted.dtype))
    with np.errstate(divide="ignore"):
        out: v.FloatArray = np.where(
            np.take_along_axis(shifted, top, axis=-1) == 0, np.log1p(rest), -np.inf
        )
    return out


def logsumexp(x: ArrayLike, axis: int = -1) -> v.FloatResult:
    r"""Stable :math:`\ln \sum_i e^{x_i}` along ``axis``.

    .. math:: \operatorname{LSE}(x) = x_{\max} + \ln \sum_i e^{x_i - x_{\max}},
              \quad x_{\max} = \max_i x_i

    Subtracting the maximum first means the largest exponential is
    :math:`e^0 = 1`: nothing overflows, and at least one term does not
    underflow. That term is then left out of the sum and added back by
    ``log1p``, :math:`x_{\max} + \operatorname{log1p}(\sum_{i \ne \max}
    e^{x_i - x_{\max}})`, so that terms far below the maximum still count
    (``logsumexp([0, -40])`` is :math:`4.2 \times 10^{-18}`, not 0), as in
    ``scipy.special.logsumexp``.

    Parameters
    ----------
    x : array_like
        Real scores; ``-inf`` entries are allowed (they contribute 0).
    axis : int
        Axis to reduce.

    Returns
    -------
    numpy scalar or ndarray
        ``-inf`` for a row that is entirely ``-inf``; ``inf`` when the result
        exceeds the largest float of the type (no warning in either case).

    Raises
    ------
    ValueError
        If ``x`` is empty or contains NaN or ``+inf``, or ``axis`` is not an
        axis of ``x``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> float(nllbook.logsumexp([1000.0, 1000.0])) == 1000.0 + float(np.log(2.0))
    True
    >>> float(nllbook.logsumexp([0.0, -40.0])) == float(np.log1p(np.exp(-40.0)))
    True
    """
    arr = v.float_array(x, "x")
    if np.isnan(arr).any():
        raise ValueError("x: contains NaN")
    if np.isposinf(arr).any():
        raise ValueError("x: contains +inf")
    if arr.ndim == 0:
        arr = arr.reshape(1)  # one score: its own log-sum-exp
    ax = v.whole_axis(axis, arr.ndim, "x", arr.shape)
    # Reduce along a contiguous last axis, where numpy sums pairwise.
    arr = np.moveaxis(arr, ax, -1).copy(order="C")
    m = _shift(arr, -1)
    with np.errstate(divide="ignore", over="ignore"):
        out = (_log_sum_exp_shifted(_shifted(arr)) + m)[..., 0].astype(arr.dtype)
    return v.scalar_or_array(out)


def softmax(logits: ArrayLike) -> v.FloatArray:
    r"""Stable softmax along the last axis: :math:`e^{z_k - z_{\max}} / \sum_j e^{z_j - z_{\max}}`.

    Adding a constant to every logit of a row does not change the result,
    which is why subtracting the row maximum is allowed.

    Parameters
    ----------
    logits : array_like, shape (..., K)

    Returns
    -------
    ndarray
        Probabilities; each row sums to 1.

    Raises
    ------
    ValueError
        If ``logits`` is empty, contains NaN or ``+inf``, or has a row that is
        entirely ``-inf``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z = np.array([1000.0, 1001.0, 1002.0])
    >>> bool(np.allclose(nllbook.softmax(z), nllbook.softmax(z - 1000.0)))
    True
    """
    arr = v.logits_array(logits, "logits")
    e = np.exp(_shifted(arr))
    out: v.FloatArray = (e / e.sum(axis=-1, keepdims=True, dtype=_wide(arr.dtype))).astype(
        arr.dtype
    )
    return out


def log_softmax(logits: ArrayLike) -> v.FloatArray:
    r"""Stable log-softmax along the last axis: :math:`z_i - \operatorname{LSE}(z)`.

    Parameters
    ----------
    logits : array_like, shape (..., K)

    Returns
    -------
    ndarray
        Log-probabilities (all :math:`\le 0`); ``exp`` of a row sums to 1.

    Notes
    -----
    Unlike ``log(softmax(z))``, this never takes the log of an underflowed 0:
    a logit 1000 below the maximum gives about -1000, not ``-inf``.

    Raises
    ------
    ValueError
        As :func:`softmax`.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z = np.array([2.0, 1.0, -1.0])
    >>> bool(np.allclose(nllbook.log_softmax(z), nllbook.log_softmax(z + 50)))
    True
    >>> bool(np.allclose(np.exp(nllbook.log_softmax(z)), nllbook.softmax(z)))
    True
    """
    arr = v.logits_array(logits, "logits")
    shifted = _shifted(arr)
    return (shifted - _log_sum_exp_shifted(shifted)).astype(arr.dtype)


def naive_softmax(logits: ArrayLike) -> v.FloatArray:
    r"""Textbook softmax :math:`e^{z_i} / \sum_j e^{z_j}`, kept to show overflow.

    With logits around 710 or more in float64 (89 in float32), :math:`e^{z}`
    is ``inf`` and the result is ``nan``; very negative logits underflow to
    ``0 / 0``. No warning is emitted: the ``nan`` is the lesson.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> bool(np.isnan(nllbook.naive_softmax([1000.0, 0.0])).any())
    True
    >>> bool(np.allclose(nllbook.naive_softmax([1.0, 2.0]), nllbook.softmax([1.0, 2.0])))
    True
    """
    arr = v.float_array(logits, "logits")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(arr)
        out: v.FloatArray = e / e.sum(axis=-1, keepdims=True)
    return out


def naive_log_softmax(logits: ArrayLike) -> v.FloatArray:
    r"""Textbook :math:`\log(\operatorname{softmax}(z))`, kept to show overflow and underflow.

    Gives ``nan`` when an exponential overflows and ``-inf`` when a
    probability underflows to 0, silently.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> out = nllbook.naive_log_softmax([0.0, -1000.0])
    >>> bool(np.isneginf(out[1])), float(nllbook.log_softmax([0.0, -1000.0])[1]) < -999
    (True, True)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(naive_softmax(logits))


def _target_rows(
    target: NDArray[Any], arr: v.FloatArray, name: str = "target", logits_name: str = "logits"
) -> v.FloatArray:
    rows = v.probabilities(target, name, renormalise=True)
    if rows.shape != arr.shape:
        raise ValueError(
            f"{name}: probability rows of shape {rows.shape} do not match {logits_name} {arr.shape}"
        )
    return rows


def _check_smoothing(label_smoothing: float) -> float:
    try:
        eps = v.real_number(label_smoothing, "label_smoothing")
    except ValueError:
        raise ValueError(
            f"label_smoothing: must be a number in [0, 1], got {label_smoothing!r}"
        ) from None
    if not 0.0 <= eps <= 1.0:
        raise ValueError(f"label_smoothing: must be in [0, 1], got {label_smoothing!r}")
    return eps


def _smooth(rows: v.FloatArray, eps: float, dtype: Any = None) -> v.FloatArray:
    """``(1 - eps) * rows + eps / K`` along the last axis, returned as ``dtype``.

    Computed in the rows' own precision, then cast (by default, to the rows' dtype).
    """
    k = rows.shape[-1]
    out: v.FloatArray = ((1.0 - eps) * rows + eps / k).astype(
        rows.dtype if dtype is None else dtype
    )
    return out


def smooth_labels(target: ArrayLike, label_smoothing: float) -> v.FloatArray:
    r"""Label smoothing: mix each target row with the uniform distribution.

    .. math:: \tilde t = (1 - \varepsilon)\, t + \varepsilon / K

    over the ``K`` classes of the last axis. This is the target that
    :func:`cross_entropy_from_logits` uses with ``label_smoothing=ε``, and
    the convention of PyTorch's ``CrossEntropyLoss`` and Keras' losses.
    ``ε = 0`` returns the rows unchanged; ``ε = 1`` gives the uniform
    distribution. The smoothed target has entropy above 0 whenever
    ``ε > 0``, and no model's cross-entropy can go below it.

    Parameters
    ----------
    target : array_like, shape (..., K)
        Probability rows (one-hot or soft) summing to 1.
    label_smoothing : float in [0, 1]

    Returns
    -------
    ndarray, shape (..., K)
        Rows that still sum to 1; float32 input stays float32.

    Raises
    ------
    ValueError
        On rows that are not distributions or ``label_smoothing`` outside [0, 1].

    Examples
    --------
    The loss with smoothing is the cross-entropy against the smoothed target:

    >>> import numpy as np, nllbook
    >>> z, onehot = np.array([2.0, 1.0, 0.1, -1.0]), np.array([1.0, 0.0, 0.0, 0.0])
    >>> t = nllbook.smooth_labels(onehot, 0.1)
    >>> bool(np.isclose(nllbook.cross_entropy_from_logits(z, onehot, label_smoothing=0.1),
    ...                 nllbook.cross_entropy(t, nllbook.softmax(z))))
    True
    """
    eps = _check_smoothing(label_smoothing)
    return _smooth(v.probabilities(target, "target", renormalise=True), eps)


def softmax_cross_entropy_gradient(
    logits: ArrayLike, target: ArrayLike, label_smoothing: float = 0.0
) -> v.FloatArray:
    r"""Gradient of :func:`cross_entropy_from_logits` (per sample) with respect to the logits.

    .. math:: \frac{\partial \ell}{\partial z_k} = \operatorname{softmax}(z)_k - t_k

    the model's probabilities minus the target row :math:`t` (the one-hot
    row of the true class, a probability row, or its smoothed version
    :math:`(1 - \varepsilon)\, t + \varepsilon / K`). Each row of the
    gradient sums to 0. Where the largest logit's target is 1 its entry is
    computed as :math:`-\sum_{j \ne k} e^{z_j} / \sum_j e^{z_j}`, so a
    confident, correct row keeps its tiny gradient (``[40, 0]`` with class 0 gives
    :math:`\mp 4.2 \times 10^{-18}`, not 0 and :math:`4.2 \times 10^{-18}`).

    Parameters
    ----------
    logits : array_like, shape (..., K)
    target : array_like
        Class indices of shape ``logits.shape[:-1]`` or probability rows of
        shape ``logits.shape``.
    label_smoothing : float in [0, 1]

    Returns
    -------
    ndarray, shape (..., K)

    Examples
    --------
    It matches a central finite difference of the loss:

    >>> import numpy as np, nllbook
    >>> z, y, h = np.array([2.0, 1.0, 0.1, -1.0]), 0, 1e-6
    >>> fd = [(nllbook.cross_entropy_from_logits(z + h * e, y)
    ...        - nllbook.cross_entropy_from_logits(z - h * e, y)) / (2 * h) for e in np.eye(4)]
    >>> bool(np.allclose(nllbook.softmax_cross_entropy_gradient(z, y), fd, atol=1e-8))
    True
    """
    eps = _check_smoothing(label_smoothing)
    arr = v.logits_array(logits, "logits")
    t_arr = v.any_array(target, "target")
    if t_arr.ndim >= 1 and t_arr.shape == arr.shape:
        rows = _target_rows(t_arr, arr)
    else:
        if t_arr.shape != arr.shape[:-1]:
            raise ValueError(
                f"target: shape {t_arr.shape} does not fit logits of shape {arr.shape} "
                f"(expected {arr.shape[:-1]} for indices or {arr.shape} for probability rows)"
            )
        idx = v.class_indices(t_arr, "target", arr.shape[-1])
        rows = np.zeros(arr.shape, dtype=arr.dtype)
        np.put_along_axis(rows, idx[..., None], 1.0, axis=-1)
    return _softmax_minus(arr, _smooth(rows, eps, arr.dtype))


def _softmax_minus(arr: v.FloatArray, target: v.FloatArray) -> v.FloatArray:
    """``softmax(arr) - target`` along the last axis, exact where the top class's target is 1.

    There ``q_k - 1`` would cancel (``softmax([40, 0])[0]`` rounds to 1, and
    the gradient to 0 instead of -4.2e-18); it is computed as
    ``-sum_{j != k} e_j / sum_j e_j`` instead, from the sum of the other
    terms that log-sum-exp uses, so that the row still sums to 0. (For any
    other class ``q_k <= 1/2`` and ``q_k - 1`` does not cancel.)
    """
    shifted = _shifted(arr)
    top = np.argmax(shifted, axis=-1)[..., None]
    e = np.exp(shifted)
    np.put_along_axis(e, top, 0.0, axis=-1)
    rest = e.sum(axis=-1, keepdims=True, dtype=_wide(arr.dtype))
    total = 1.0 + rest
    q = e / total
    np.put_along_axis(q, top, 1.0 / total, axis=-1)
    out: v.FloatArray = (q - target).astype(arr.dtype)
    sure = np.take_along_axis(target, top, axis=-1) == 1.0
    exact = np.where(sure, 0.0 - rest / total, np.take_along_axis(out, top, axis=-1))
    np.put_along_axis(out, top, exact.astype(arr.dtype), axis=-1)
    return out


def _fused_index_loss(arr: v.FloatArray, idx: NDArray[np.intp]) -> v.FloatArray:
    """Per-sample ``LSE(z) - z_true`` in one pass over blocks of rows.

    For each block: the position of each row's maximum ``m``, shifted logits
    ``z - m`` exponentiated in place in one reused buffer, the maximum's own
    term (exactly 1) set to 0, row sums ``s`` as a matrix-vector product,
    then ``log1p(s) + (m - z_true)``: ``log1p`` keeps the terms that a sum
    starting from 1 would round away, so a confident, correct row's small
    loss keeps its digits. Nothing input-sized is allocated: the buffers
    hold one block each, and the output has one entry per row.
    """
    k = arr.shape[-1]
    flat = arr.reshape(-1, k)
    flat_idx = idx.reshape(-1)
    n_rows = flat.shape[0]
    rows = max(1, min(_BLOCK_ROWS, _BLOCK_ELEMENTS // k, n_rows))
    # Shifts and exponentials are in the input's type, as in log_softmax;
    # sums, logs and the output are in the wide type (float64 for float32
    # input), rounded once at the end: a float32 running sum of 10,000 tiny
    # terms next to a 1 drops them all.
    wide = _wide(arr.dtype)
    out = np.empty(n_rows, dtype=wide)
    buf = np.empty((rows, k), dtype=arr.dtype)
    m_buf = np.empty(rows, dtype=arr.dtype)
    d_buf = np.empty(rows, dtype=wide)
    t_buf = np.empty(rows, dtype=arr.dtype)
    pos_buf = np.empty(rows, dtype=np.intp)
    top_buf = np.empty(rows, dtype=np.intp)
    row_starts = np.arange(rows, dtype=np.intp) * k
    ones = np.ones(k, dtype=wide)
    same = arr.dtype == wide
    with np.errstate(over="ignore"):  # z - m below -max rounds to -inf: exp gives 0
        for start in range(0, n_rows, rows):
            block = flat[start : start + rows]
            n = block.shape[0]
            b, m, d, t = buf[:n], m_buf[:n], d_buf[:n], t_buf[:n]
            pos, top = pos_buf[:n], top_buf[:n]
            # Position of each row's (first) maximum, then the maximum
            # itself; finite: logits_array rejects rows that are all -inf.
            np.argmax(block, axis=1, out=top)
            np.add(row_starts[:n], top, out=top)
            np.take(block.reshape(-1), top, out=m)
            # True-class logits by flat position in the block (a view when the
            # input is C-contiguous), then d = m - z_true.
            np.add(row_starts[:n], flat_idx[start : start + n], out=pos)
            np.take(block.reshape(-1), pos, out=t)
            np.subtract(m, t, out=d, dtype=wide)
            np.subtract(block, m[:, None], out=b)
            np.exp(b, out=b)
            b.reshape(-1)[top] = 0.0  # the maximum's term, 1, is added by log1p
            o = out[start : start + n]
            # Row sums of the other terms: a matrix-vector product when no
            # widening is needed, else a widening sum.
            if same:
                np.matmul(b, ones, out=o)
            else:
                np.sum(b, axis=1, dtype=wide, out=o)
            np.log1p(o, out=o)
            # log(1 + sum_{j != max} exp(z_j - m)) + (m - z_true) = LSE(z) - z_true
            o += d
    return out.astype(arr.dtype).reshape(idx.shape)


def cross_entropy_from_logits(
    logits: ArrayLike,
    target: ArrayLike,
    label_smoothing: float = 0.0,
    reduction: v.Reduction = "mean",
) -> v.FloatResult:
    r"""Softmax cross-entropy computed straight from logits, stably.

    .. math:: \ell = -\sum_k t_k \log \operatorname{softmax}(z)_k
              = \operatorname{LSE}(z) - \sum_k t_k z_k

    where :math:`t` is the one-hot row of the true class, a probability row,
    or with label smoothing :math:`\varepsilon` the mixture
    :math:`(1 - \varepsilon)\, t + \varepsilon / K` (the convention of
    PyTorch's ``CrossEntropyLoss``).

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Raw scores; any real values (``-inf`` allowed, NaN and ``+inf`` not).
    target : array_like
        Integer class indices of shape ``logits.shape[:-1]``, or probability
        rows of shape ``logits.shape``.
    label_smoothing : float in [0, 1]
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    numpy scalar or ndarray

    Notes
    -----
    For integer targets without smoothing the loss is computed in one fused
    pass over blocks of rows (max, shift, exp, sum, log, pick), which is
    faster and lighter than building the full log-softmax first;
    :func:`cross_entropy_from_logits_unfused` is the readable version and
    gives the same numbers. With soft targets the loss cannot fall below the
    target's entropy.

    Raises
    ------
    ValueError
        On invalid logits, targets out of range, non-integer indices, target
        rows that are not distributions, shape mismatch, ``label_smoothing``
        outside [0, 1], or an unknown ``reduction``.

    Examples
    --------
    It equals the NLL of the softmax probabilities:

    >>> import numpy as np, nllbook
    >>> z, y = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0]]), np.array([0, 2])
    >>> bool(np.isclose(nllbook.cross_entropy_from_logits(z, y),
    ...                 nllbook.nll(nllbook.softmax(z), y)))
    True
    """
    how = v.reduction(reduction)
    eps = _check_smoothing(label_smoothing)
    return _loss_from_logits(logits, target, eps, how)


def _loss_from_logits(
    logits: ArrayLike,
    target: ArrayLike,
    eps: float,
    how: v.Reduction,
    logits_name: str = "logits",
    target_name: str = "target",
) -> v.FloatResult:
    """:func:`cross_entropy_from_logits` with checked ``eps`` and ``how``, and argument names."""
    arr = v.logits_array(logits, logits_name)
    t_arr = v.any_array(target, target_name)
    if t_arr.ndim >= 1 and t_arr.shape == arr.shape:
        rows = _target_rows(t_arr, arr, target_name, logits_name)
        return v.reduce(_soft_loss(arr, rows, eps), how)
    if t_arr.shape != arr.shape[:-1]:
        raise ValueError(
            f"{target_name}: shape {t_arr.shape} does not fit {logits_name} of shape "
            f"{arr.shape} (expected {arr.shape[:-1]} for indices or {arr.shape} for "
            "probability rows)"
        )
    idx = v.class_indices(t_arr, target_name, arr.shape[-1])
    if eps == 0.0:
        return v.reduce(_fused_index_loss(arr, idx), how)
    rows = np.zeros(arr.shape, dtype=arr.dtype)
    np.put_along_axis(rows, idx[..., None], 1.0, axis=-1)
    return v.reduce(_soft_loss(arr, rows, eps), how)


def _soft_loss(arr: v.FloatArray, rows: v.FloatArray, eps: float) -> v.FloatArray:
    smoothed = _smooth(rows, eps, arr.dtype)
    logq = log_softmax(arr)
    # 0 * (-inf) must count as 0: a class with no target mass costs nothing.
    # Zero the log first, so that 0 * (-inf) is never evaluated (no warning).
    terms = smoothed * np.where(smoothed == 0, 0.0, logq)
    out: v.FloatArray = (0.0 - terms.sum(axis=-1)).astype(arr.dtype)
    return out


def cross_entropy_from_logits_unfused(
    logits: ArrayLike, target: ArrayLike, reduction: v.Reduction = "mean"
) -> v.FloatResult:
    r"""Readable cross-entropy from logits: ``-log_softmax(z)[true class]``.

    Same result as :func:`cross_entropy_from_logits` for integer targets,
    written as the two steps a reader would: log-softmax, then pick the true
    class's entry and negate it.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z, y = np.array([[1000.0, 0.0], [-5.0, 5.0]]), np.array([1, 1])
    >>> bool(np.allclose(nllbook.cross_entropy_from_logits_unfused(z, y),
    ...                  nllbook.cross_entropy_from_logits(z, y)))
    True
    """
    how = v.reduction(reduction)
    arr = v.logits_array(logits, "logits")
    t_arr = v.any_array(target, "target")
    if t_arr.shape != arr.shape[:-1]:
        raise ValueError(
            f"target: shape {t_arr.shape} does not fit logits of shape {arr.shape} "
            f"(expected {arr.shape[:-1]})"
        )
    idx = v.class_indices(t_arr, "target", arr.shape[-1])
    log_q = log_softmax(arr)
    picked = np.take_along_axis(log_q, idx[..., None], axis=-1)[..., 0]
    return v.reduce(0.0 - picked, how)
