"""Entropy, cross-entropy and KL divergence of discrete distributions."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validation as v


def _xlogy(x: v.FloatArray, y: v.FloatArray) -> v.FloatArray:
    """``x * log(y)`` with ``0 * log(y) = 0``, for checked arrays of one float type."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: v.FloatArray = np.where(x == 0, 0.0, x * np.log(y)).astype(x.dtype)
    return out


def _xlog1py(x: v.FloatArray, y: v.FloatArray) -> v.FloatArray:
    """``x * log(1 + y)`` with ``0 * log(1 + y) = 0``, like ``scipy.special.xlog1py``.

    ``log1p(-p)`` keeps the digits of a small ``p`` that ``log(1 - p)``
    loses when ``1 - p`` is rounded (it is exactly 0 once ``p`` is below
    half the machine epsilon).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        out: v.FloatArray = np.where(x == 0, 0.0, x * np.log1p(y)).astype(x.dtype)
    return out


def xlogy(x: ArrayLike, y: ArrayLike) -> v.FloatResult:
    r"""Compute ``x * log(y)`` elementwise, with ``0 * log(y) = 0`` for every ``y``.

    This is the convention that makes :math:`0 \log 0 = 0`, as in
    ``scipy.special.xlogy``. Where ``x > 0`` and ``y = 0`` the result is
    ``-inf``; no RuntimeWarning is raised.

    Parameters
    ----------
    x, y : array_like
        Real arrays that broadcast together; ``y >= 0`` and no NaN.

    Returns
    -------
    ndarray or scalar
        ``x * log(y)`` where ``x != 0``, else 0; float32 when both inputs
        are float32, longdouble when either is, float64 otherwise.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not real numbers, is empty or holds NaN, if
        ``y`` is negative (its log is not real), or if the shapes do not
        broadcast.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> float(nllbook.xlogy(0.0, 0.0))
    0.0
    >>> bool(nllbook.xlogy(2.0, 3.0) == 2.0 * np.log(3.0))
    True
    """
    x_arr, y_arr = v.float_array(x, "x"), v.float_array(y, "y")
    for name, arr in (("x", x_arr), ("y", y_arr)):
        if np.isnan(arr).any():
            raise ValueError(f"{name}: contains NaN")
    if (y_arr < 0).any():
        raise ValueError(f"y: contains a negative value (min {y_arr.min():g}); its log is not real")
    try:
        np.broadcast_shapes(x_arr.shape, y_arr.shape)
    except ValueError:
        raise ValueError(
            f"x and y: shapes {x_arr.shape} and {y_arr.shape} do not broadcast"
        ) from None
    dtype = v.result_dtype(x_arr, y_arr)
    out = _xlogy(x_arr.astype(dtype, copy=False), y_arr.astype(dtype, copy=False))
    return v.scalar_or_array(out)


def information_unit(base: float | None = None) -> str:
    """Name of the unit of information in logarithm base ``base``.

    ``None`` and e give "nats", 2 "bits", 10 "hartleys"; any other valid base
    is named "log base b units", with b to 15 significant digits (so a base
    near 2 is not shown as 2).

    Raises
    ------
    ValueError
        If ``base`` is not a positive number other than 1.

    Examples
    --------
    >>> import nllbook
    >>> [nllbook.information_unit(b) for b in (None, 2, 10)]
    ['nats', 'bits', 'hartleys']
    """
    v.log_base(base)
    if base is None or float(base) == float(np.e):
        return "nats"
    names = {2.0: "bits", 10.0: "hartleys"}
    # Up to 15 significant digits: base 2.0000001 is not bits, and says so.
    return names.get(float(base), f"log base {float(base):.15g} units")


def in_base(nats: ArrayLike, base: float) -> v.FloatResult:
    r"""A quantity in nats (natural logs), written in log base ``base``.

    .. math:: x_b = \frac{x}{\ln b}

    Entropies, cross-entropies, losses and log-probabilities all change
    unit this way: one nat is :math:`1/\ln 2 \approx 1.44` bits, and a
    natural log divided by :math:`\ln 10` is a common (base-10) log.
    Infinities stay infinite; the sign is kept.

    Parameters
    ----------
    nats : float or array_like
        The quantity in nats.
    base : float
        The new base of the logarithm: positive and not 1 (2 gives bits, 10
        hartleys).

    Returns
    -------
    numpy scalar or ndarray, in the float type of ``nats``

    Raises
    ------
    ValueError
        If ``nats`` is not real or holds NaN, or ``base`` is not a positive
        number other than 1.

    Examples
    --------
    The cross-entropy in bits is the one in nats, changed:

    >>> import numpy as np, nllbook
    >>> p, q = [0.5, 0.5], [0.9, 0.1]
    >>> bits = nllbook.cross_entropy(p, q, base=2)
    >>> bool(np.isclose(nllbook.in_base(nllbook.cross_entropy(p, q), 2), bits))
    True
    """
    lb = v.log_base(base)
    arr = v.float_array(nats, "nats")
    if np.isnan(arr).any():
        raise ValueError("nats: contains NaN")
    return v.scalar_or_array(np.asarray(arr / arr.dtype.type(lb), dtype=arr.dtype))


def entropy(p: ArrayLike, base: float | None = None) -> v.FloatResult:
    r"""Shannon entropy of the distribution ``p``: the average surprise.

    .. math:: H(p) = -\sum_k p_k \log p_k

    Parameters
    ----------
    p : array_like
        Probabilities along the last axis (each row sums to 1, within
        :data:`nllbook.SUM_ATOL`, and is divided by its sum as in
        ``scipy.stats.entropy``); leading axes are a batch.
    base : float, optional
        Base of the logarithm. ``None`` (default) gives nats, ``2`` gives bits.

    Returns
    -------
    numpy scalar or ndarray
        Shape ``p.shape[:-1]``; float32 when ``p`` is float32, else float64.

    Notes
    -----
    Outcomes with probability 0 contribute nothing (:math:`0 \log 0 = 0`), so
    the entropy is always finite and lies in :math:`[0, \log K]` for :math:`K` outcomes; the maximum
    is reached by the uniform distribution.

    Raises
    ------
    ValueError
        If ``p`` is empty, has negative, NaN or infinite entries, or rows that
        do not sum to 1; if ``base`` is not a positive number other than 1.

    Examples
    --------
    Cross-entropy is entropy plus KL divergence:

    >>> import numpy as np, nllbook
    >>> p, q = [0.5, 0.25, 0.25], [0.25, 0.5, 0.25]
    >>> bool(np.isclose(nllbook.cross_entropy(p, q),
    ...                 nllbook.entropy(p) + nllbook.kl_divergence(p, q)))
    True
    >>> float(nllbook.entropy([0.5, 0.5], base=2))
    1.0
    """
    lb = v.log_base(base)
    arr = v.probabilities(p, "p", renormalise=True)
    # 0.0 - x rather than -x, so that a certain outcome shows 0, not -0.
    out = 0.0 - np.sum(_xlogy(arr, arr), axis=-1)
    out = (out / lb).astype(arr.dtype)
    return v.scalar_or_array(out)


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float | None = None) -> v.FloatResult:
    r"""Cross-entropy of the model distribution ``q`` relative to the true ``p``.

    .. math:: H(p, q) = -\sum_k p_k \log q_k

    It is the average surprise of outcomes drawn from ``p`` when they are
    scored by ``q``.

    Parameters
    ----------
    p : array_like
        True (target) distribution, along the last axis.
    q : array_like
        Model distribution, same number of classes; leading axes broadcast
        with ``p``.
    base : float, optional
        Base of the logarithm; ``None`` gives nats, ``2`` gives bits.

    Returns
    -------
    numpy scalar or ndarray
        Shape of the broadcast leading axes.

    Notes
    -----
    Both rows are divided by their sums first, as in :func:`entropy`, so
    :math:`H(p, q) = H(p) + D_{KL}(p \,\|\, q)` holds for every accepted
    input. Terms with :math:`p_k = 0` are 0 whatever :math:`q_k` is. A term with
    :math:`p_k > 0` and :math:`q_k = 0` makes the result ``inf`` (without a
    RuntimeWarning). :math:`H(p, q) \ge H(p)`, with equality only when
    :math:`q = p`. The arguments are not interchangeable.

    Raises
    ------
    ValueError
        On an invalid distribution (see :func:`entropy`) or when the shapes
        differ in the last axis or do not broadcast.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p, q = [0.7, 0.2, 0.1], [0.5, 0.3, 0.2]
    >>> h, kl = nllbook.entropy(p), nllbook.kl_divergence(p, q)
    >>> bool(np.isclose(nllbook.cross_entropy(p, q), h + kl))
    True
    """
    lb = v.log_base(base)
    p_arr = v.probabilities(p, "p", renormalise=True)
    q_arr = v.probabilities(q, "q", renormalise=True)
    v.same_last_axis(p_arr, q_arr, "p", "q")
    dtype = v.result_dtype(p_arr, q_arr)
    p_arr, q_arr = np.broadcast_arrays(p_arr.astype(dtype), q_arr.astype(dtype))
    out = 0.0 - np.sum(_xlogy(p_arr, q_arr), axis=-1)
    out = (out / lb).astype(dtype)
    return v.scalar_or_array(out)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None) -> v.FloatResult:
    r"""Kullback-Leibler divergence of ``q`` from ``p``, as ``scipy.stats.entropy(p, q)``.

    .. math:: D_{KL}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k} = H(p, q) - H(p)

    Parameters
    ----------
    p : array_like
        True distribution, along the last axis.
    q : array_like
        Model distribution; leading axes broadcast with ``p``.
    base : float, optional
        Base of the logarithm; ``None`` gives nats, ``2`` gives bits.

    Returns
    -------
    numpy scalar or ndarray
        Non-negative in any base above 1 (non-positive for a base in (0, 1),
        as in scipy); 0 exactly when ``p == q``.

    Notes
    -----
    Terms with :math:`p_k = 0` are 0; :math:`p_k > 0` with :math:`q_k = 0`
    gives ``inf``. Each term is computed as
    :math:`p_k \log(p_k / q_k) - p_k + q_k` (the form of
    ``scipy.special.kl_div``; the added :math:`q_k - p_k` sum to 0 over a
    row) rather than as a difference of two entropies. These terms are
    never negative, so nothing cancels when ``p`` and ``q`` are close: the
    KL, of order :math:`(p - q)^2` there, keeps its digits, where the terms
    :math:`p_k \log(p_k / q_k)`, of order :math:`p - q`, would cancel.
    Close to :math:`p_k = q_k` a term is
    :math:`p_k(\operatorname{log1p}(d_k) - d_k) + (p_k - q_k) d_k`, with
    :math:`d_k = (p_k - q_k)/q_k`.

    Raises
    ------
    ValueError
        As :func:`cross_entropy`.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> p, q = [0.18, 0.18, 0.15, 0.17, 0.17, 0.15], np.full(6, 1 / 6)
    >>> d = nllbook.kl_divergence(p, q)
    >>> bool(np.isclose(d, nllbook.cross_entropy(p, q) - nllbook.entropy(p)))
    True
    >>> float(nllbook.kl_divergence(p, p))
    0.0
    """
    lb = v.log_base(base)
    p_arr = v.probabilities(p, "p", renormalise=True)
    q_arr = v.probabilities(q, "q", renormalise=True)
    v.same_last_axis(p_arr, q_arr, "p", "q")
    dtype = v.result_dtype(p_arr, q_arr)
    p_arr, q_arr = np.broadcast_arrays(p_arr.astype(dtype), q_arr.astype(dtype))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # q = -0.0 is a probability of 0 too: p / q is +inf, not -inf.
        ratio = np.where(q_arr == 0, np.inf, p_arr / q_arr)
        # p / q overflows when q is subnormal (p = 0.5, q = 5e-324); there,
        # log p - log q is exact enough and finite.
        overflowed = np.isinf(ratio) & (q_arr > 0)
        log_ratio = np.where(overflowed, np.log(p_arr) - np.log(q_arr), np.log(ratio))
        # Each term as p log(p/q) - (p - q), which is never negative: the
        # added p - q sum to 0 over a row (both rows are distributions), and
        # without them the terms, of order p - q, would cancel in the sum
        # down to a KL of order (p - q)^2, losing its digits when p and q are
        # close. There, with d = (p - q)/q and p - q exact, the term is
        # p (log1p(d) - d) + (p - q) d, with no cancellation at all.
        far = p_arr * log_ratio - (p_arr - q_arr)
        d = (p_arr - q_arr) / q_arr
        close = (d > -0.5) & (d < 1.0)
        near = p_arr * _log1p_minus(d) + (p_arr - q_arr) * d
        terms = np.where(p_arr == 0, q_arr, np.where(close, near, far))
    # Rounding can leave a tiny negative sum where p == q in value: clamp in
    # nats, before the change of base (whose log is negative for a base < 1).
    out = (np.maximum(np.sum(terms, axis=-1), 0) / lb).astype(dtype)
    return v.scalar_or_array(out)


def _log1p_minus(d: v.FloatArray) -> v.FloatArray:
    """``log1p(d) - d`` without cancellation: its series for ``|d| < 0.1``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        direct = np.log1p(d) - d
    # -d^2/2 + d^3/3 - ... = d^2 * sum_k (-1)^(k+1) d^(k-2) / k, by Horner.
    series = np.zeros_like(d)
    for k in range(18, 1, -1):
        series = series * d + (1.0 if k % 2 else -1.0) / k
    out: v.FloatArray = np.where(np.abs(d) < 0.1, series * d * d, direct)
    return out
