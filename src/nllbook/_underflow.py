"""Why the log: products of probabilities underflow, sums of logs do not."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from . import _validation as v

_CHUNK = 1 << 16
_MAX_FACTORS = 10**9


def product_of_probabilities(ps: ArrayLike, dtype: DTypeLike = np.float64) -> np.floating[Any]:
    r"""Multiply probabilities one after another in ``dtype``: :math:`\prod_i p_i`.

    This is the likelihood of independent samples computed directly, which
    rounds to exactly 0 once it falls below the smallest subnormal number
    of ``dtype`` (about 4.9e-324 for float64, 1.4e-45 for float32) when the
    factors are at most 1/2; with larger factors it stalls at a tiny
    subnormal number instead (see :func:`underflow_point`). Either way the
    true value is lost.

    Parameters
    ----------
    ps : array_like
        Probabilities in [0, 1] (flattened).
    dtype : dtype, optional
        Floating type to compute in; the inputs are first rounded to it.

    Returns
    -------
    numpy scalar of ``dtype``

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> ps = np.full(400, 0.1)
    >>> float(nllbook.product_of_probabilities(ps))
    0.0
    >>> s = nllbook.sum_of_log_probabilities(ps)
    >>> bool(np.isclose(s, 400 * np.log(0.1)))
    True
    """
    dt = v.float_dtype(dtype)
    arr = v.probabilities(ps, "ps", rows_sum_to_one=False).ravel().astype(dt)
    # multiply.accumulate runs strictly left to right, like a loop would.
    last: np.floating[Any] = np.multiply.accumulate(arr)[-1]
    return last


def running_product(ps: ArrayLike, dtype: DTypeLike = np.float64) -> v.FloatArray:
    r"""Every prefix product :math:`\prod_{i \le n} p_i`, computed left to right in ``dtype``.

    Element ``n - 1`` equals ``product_of_probabilities(ps[:n], dtype)``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> ps = np.full(50, 0.1)
    >>> prods = nllbook.running_product(ps, np.float32)
    >>> bool(prods[9] == nllbook.product_of_probabilities(ps[:10], np.float32))
    True
    """
    dt = v.float_dtype(dtype)
    arr = v.probabilities(ps, "ps", rows_sum_to_one=False).ravel().astype(dt)
    return np.multiply.accumulate(arr)


def running_log_sum(ps: ArrayLike) -> NDArray[np.float64]:
    r"""Every prefix sum :math:`\sum_{i \le n} \log p_i`, in float64.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> ps = np.full(5, 0.5)
    >>> bool(np.allclose(nllbook.running_log_sum(ps), np.arange(1, 6) * np.log(0.5)))
    True
    """
    arr = v.probabilities(ps, "ps", rows_sum_to_one=False).ravel().astype(np.float64)
    with np.errstate(divide="ignore"):
        return np.cumsum(np.log(arr))


def sum_of_log_probabilities(ps: ArrayLike) -> np.float64:
    r"""Log-likelihood of independent samples: :math:`\sum_i \log p_i`, in float64.

    Stays finite for any number of non-zero probabilities (each term is at
    least about -745 in float64), where :func:`product_of_probabilities`
    underflows. A zero probability gives ``-inf`` (no warning).

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> ps = [0.5, 0.25, 0.125]
    >>> bool(np.isclose(nllbook.sum_of_log_probabilities(ps),
    ...                 np.log(nllbook.product_of_probabilities(ps))))
    True
    """
    arr = v.probabilities(ps, "ps", rows_sum_to_one=False).astype(np.float64)
    with np.errstate(divide="ignore"):
        total: np.float64 = np.sum(np.log(arr))
    return total


def underflow_point(p: float, dtype: DTypeLike = np.float64) -> int:
    r"""Number of factors of ``p`` after which the running product is 0 in ``dtype``.

    The product :math:`p \cdot p \cdots p` is computed left to right with
    rounding to ``dtype`` at every step, as a loop over samples would; the
    answer is the first ``n`` at which it equals 0. If ``p`` itself rounds
    to 0 in ``dtype`` (1e-100 in float32), the answer is 1.

    Parameters
    ----------
    p : float
        A probability in (0, 1).
    dtype : dtype, optional

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``p`` is not in (0, 1), ``dtype`` is not a floating type, or the
        product never reaches 0 (see Notes).

    Notes
    -----
    With round-to-nearest, the product reaches 0 only when ``p <= 1/2``.
    For a factor above 1/2 it stalls instead: once it is down to the
    smallest subnormal numbers, multiplying by ``p`` rounds back to the same
    number (``5e-324 * 0.9`` is ``5e-324``). Then there is no underflow
    point, and ``ValueError`` is raised as soon as the stall is seen. The
    value it stalls at is still wrong by hundreds of orders of magnitude;
    compare :math:`n \log p`, which a sum of logs represents easily.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> n = nllbook.underflow_point(0.5)
    >>> float(nllbook.product_of_probabilities(np.full(n, 0.5))), n > 1000
    (0.0, True)
    >>> float(nllbook.product_of_probabilities(np.full(n - 1, 0.5))) > 0
    True
    >>> nllbook.underflow_point(1e-100, np.float32)
    1
    """
    dt = v.float_dtype(dtype)
    try:
        pf = v.real_number(p, "p")
    except ValueError:
        raise ValueError(f"p: must be a number strictly between 0 and 1, got {p!r}") from None
    if not (0.0 < pf < 1.0):
        raise ValueError(f"p: must be strictly between 0 and 1, got {p!r}")
    factor = np.asarray(pf, dtype=dt)[()]
    if factor == 0:
        return 1
    chunk = np.full(_CHUNK, factor, dtype=dt)
    running = np.asarray(1.0, dtype=dt)[()]
    done = 0
    while done < _MAX_FACTORS:
        chunk[0] = running * factor
        chunk[1:] = factor
        prods = np.multiply.accumulate(chunk)
        zeros = np.flatnonzero(prods == 0)
        if zeros.size:
            return done + int(zeros[0]) + 1
        running = prods[-1]
        done += _CHUNK
        if running * factor == running:
            # One more factor changes nothing, so no number of them ever will.
            raise ValueError(
                f"p: the running product of {p!r} in {dt} never reaches 0; it stalls at "
                f"{float(running):.3g}, where each further factor rounds back to the same "
                "number (this happens for every p above 1/2)"
            )
    raise ValueError(f"p: {p!r} is too close to 1; the product needs over {_MAX_FACTORS} factors")


#: The ways :func:`cross_entropy_in_dtype` can compute the loss from logits.
ROUTES: tuple[str, ...] = ("log_softmax", "softmax_then_log", "naive")


def cross_entropy_in_dtype(
    logits: ArrayLike, target: ArrayLike, dtype: DTypeLike = np.float16, route: str = "log_softmax"
) -> v.FloatArray:
    r"""The loss :math:`-\ln \operatorname{softmax}(z)_y` of each row, each step in ``dtype``.

    The logits are first rounded to ``dtype``; then each operation (subtract,
    exponentiate, add, divide, log) is rounded to ``dtype`` too, as a model
    run in half precision does. ``route`` chooses the order of the steps:

    - ``"log_softmax"``: :math:`-(z_y - z_{\max} - \ln \sum_j e^{z_j - z_{\max}})`,
      the stable log-softmax that ``CrossEntropyLoss`` uses. No step
      overflows, and no probability is formed, so nothing underflows to 0;
      the result is the true loss rounded to ``dtype``.
    - ``"softmax_then_log"``: the stable softmax :math:`q = e^{z - z_{\max}} /
      \sum_j e^{z_j - z_{\max}}`, then :math:`-\ln q_y`. A probability below
      the smallest number of ``dtype`` (about 6e-8 in float16) rounds to 0,
      and its loss is ``inf``.
    - ``"naive"``: :math:`q = e^{z} / \sum_j e^{z_j}`, then :math:`-\ln q_y`.
      A logit above the log of the largest number of ``dtype`` (about 11.09
      in float16, 88.7 in float32) overflows :math:`e^{z}` to ``inf``, and
      :math:`\infty / \infty` is ``nan``.

    ``inf`` and ``nan`` are results here, not errors, and no warning is
    emitted: they are what the framework would give.

    Parameters
    ----------
    logits : array_like, shape (K,) or (N, K)
        Real scores (NaN and +inf are refused).
    target : int or array_like of int, shape () or (N,)
        Class indices.
    dtype : dtype, optional
        Floating type of every step (default float16).
    route : {"log_softmax", "softmax_then_log", "naive"}

    Returns
    -------
    ndarray of ``dtype``, shape (N,) (or (1,) for one row)

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> z = np.array([[2.0, 1.0, 0.1, -1.0]])
    >>> bool(np.allclose(nllbook.cross_entropy_in_dtype(z, [0], np.float64, "naive"),
    ...                  nllbook.cross_entropy_from_logits(z, [0])))
    True
    >>> bool(np.isnan(nllbook.cross_entropy_in_dtype([[12.0, 0.0]], [0], route="naive")[0]))
    True
    """
    dt = v.float_dtype(dtype)
    if not isinstance(route, str) or route not in ROUTES:
        raise ValueError(f"route: must be one of {ROUTES}, got {route!r}")
    arr = v.logits_array(logits, "logits")
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(f"logits: expected shape (K,) or (N, K), got {arr.shape}")
    idx = v.class_indices(target, "target", arr.shape[1]).reshape(-1)
    if idx.shape != (arr.shape[0],):
        raise ValueError(f"target: expected {arr.shape[0]} class indices, got {idx.size}")
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z = arr.astype(dt)
        rows = np.arange(z.shape[0])
        if route == "naive":
            e = np.exp(z)
            q = e / e.sum(axis=-1, keepdims=True, dtype=dt)
            out = -np.log(q[rows, idx])
        else:
            shifted = z - z.max(axis=-1, keepdims=True)
            e = np.exp(shifted)
            total = e.sum(axis=-1, dtype=dt)
            if route == "softmax_then_log":
                out = -np.log(e[rows, idx] / total)
            else:
                out = -(shifted[rows, idx] - np.log(total))
    # + 0 turns the -0.0 of a certain prediction into 0.0.
    result: v.FloatArray = np.asarray(out, dtype=dt) + dt.type(0)
    return result
