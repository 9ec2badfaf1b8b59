"""Negative log-likelihood beyond classification: densities and sequences.

* :func:`gaussian_nll`: the NLL of real-valued data under a normal density,
  the loss of regression;
* :func:`perplexity` and :func:`bits_per_symbol`: how language models report
  a mean NLL;
* :func:`bigram_counts`, :func:`bigram_probabilities` and :func:`bigram_nll`:
  a character-level bigram language model, counted and smoothed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v

_HALF_LN_2PI = 0.5 * math.log(2.0 * math.pi)


def _finite(x: ArrayLike, name: str) -> v.FloatArray:
    if isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype == bool):
        raise ValueError(f"{name}: booleans are not measurements")
    arr = v.float_array(x, name)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: values must be finite (no NaN or infinity)")
    return arr


def _normal_args(
    x: ArrayLike, loc: ArrayLike, scale: ArrayLike
) -> tuple[v.FloatArray, v.FloatArray, v.FloatArray, tuple[int, ...]]:
    """Observations, mean and standard deviation checked, and their broadcast shape."""
    xs = _finite(x, "x")
    mu = _finite(loc, "loc")
    sd = _finite(scale, "scale")
    if np.any(sd <= 0):
        raise ValueError("scale: the standard deviation must be > 0")
    try:
        shape = np.broadcast_shapes(xs.shape, mu.shape, sd.shape)
    except ValueError:
        raise ValueError(
            f"x, loc and scale: shapes {xs.shape}, {mu.shape} and {sd.shape} do not broadcast"
        ) from None
    if math.prod(shape) == 0:
        raise ValueError("x: no observations (empty array)")
    return xs, mu, sd, shape


def gaussian_nll(
    x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0, *, reduction: str = "mean"
) -> Any:
    r"""Negative log-likelihood of observations under a normal density.

    .. math::

        -\ln \mathcal N(x \mid \mu, \sigma)
        = \ln \sigma + \tfrac12 \ln(2\pi) + \frac{(x - \mu)^2}{2\sigma^2}

    with ``loc`` = μ and ``scale`` = σ, as in ``scipy.stats.norm``. A density
    is not a probability: it exceeds 1 when σ is small, and then this NLL is
    negative. With σ fixed, the mean NLL is the mean squared error divided
    by 2σ², plus the constant ln σ + ½ ln 2π, so both have the same minimiser.
    PyTorch's ``GaussianNLLLoss`` takes the variance σ² and, by default
    (``full=False``), leaves out the constant ½ ln 2π.

    Parameters
    ----------
    x : array_like
        Observations.
    loc, scale : array_like
        Mean and standard deviation, broadcast against ``x``; ``scale > 0``.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float or ndarray
        In nats.

    Raises
    ------
    ValueError
        On empty input, NaN or infinite values, a scale that is not positive,
        or shapes that do not broadcast.

    Examples
    --------
    Fixed σ: the mean NLL is MSE / (2σ²) plus a constant.

    >>> import numpy as np, nllbook
    >>> x, mu, sigma = np.array([0.5, 1.5, 2.0]), 1.0, 0.5
    >>> mse = np.mean((x - mu) ** 2)
    >>> const = np.log(sigma) + 0.5 * np.log(2 * np.pi)
    >>> bool(np.isclose(nllbook.gaussian_nll(x, mu, sigma), mse / (2 * sigma**2) + const))
    True
    """
    how = v.reduction(reduction)
    xs, mu, sd, shape = _normal_args(x, loc, scale)
    z = (xs - mu) / sd
    out = np.log(sd) + _HALF_LN_2PI + 0.5 * z * z
    return v.reduce(np.broadcast_to(out, shape).astype(float), how)


def gaussian_bin_nll(
    x: ArrayLike,
    loc: ArrayLike = 0.0,
    scale: ArrayLike = 1.0,
    *,
    width: float,
    reduction: str = "mean",
) -> Any:
    r"""NLL of binned observations: each ``x`` reported only as its bin.

    The bins are ``[k w, (k + 1) w)`` for the bin width ``w``; the probability
    of the bin holding ``x`` under a normal density is a difference of its
    distribution function Φ:

    .. math:: -\ln\bigl(\Phi(\tfrac{b - \mu}{\sigma}) - \Phi(\tfrac{a - \mu}{\sigma})\bigr)

    A probability, so this NLL is never negative. For narrow bins the
    probability is close to density × width, so this is close to
    ``gaussian_nll(x, loc, scale) - ln(width)``: measuring in finer units
    adds the same constant to every model's loss.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> x = np.array([1.79, 1.83, 1.76])
    >>> fine = nllbook.gaussian_bin_nll(x, 1.8, 0.05, width=1e-4)
    >>> bool(np.isclose(fine, nllbook.gaussian_nll(x, 1.8, 0.05) - np.log(1e-4), atol=1e-3))
    True
    """
    how = v.reduction(reduction)
    if isinstance(width, (bool, np.bool_)):
        raise ValueError("width: booleans are not lengths")
    w = v.float_array(width, "width")
    if w.ndim != 0 or not (np.isfinite(w) and w > 0):
        raise ValueError("width: must be one finite number > 0")
    xs, mu, sd, _shape = _normal_args(x, loc, scale)
    lo = np.floor(xs / w) * w
    erfc = np.vectorize(math.erfc, otypes=[float])
    # Φ(b) − Φ(a) from the tail the bin lies in, as a difference of erfc:
    # far from the mean both Φ values are near 0 or near 1, and subtracting
    # them directly would cancel every digit.
    za = (lo - mu) / (sd * math.sqrt(2.0))
    zb = (lo + w - mu) / (sd * math.sqrt(2.0))
    upper = 0.5 * (erfc(za) - erfc(zb))  # = Φ(b) − Φ(a), exact when za > 0
    lower = 0.5 * (erfc(-zb) - erfc(-za))  # the same, exact when zb < 0
    middle = 1.0 - 0.5 * (erfc(-za) + erfc(zb))  # the bin holds the mean
    prob = np.where(za > 0, upper, np.where(zb < 0, lower, middle))
    with np.errstate(divide="ignore"):
        out = -np.log(prob)
    return v.reduce(np.asarray(out, dtype=float), how)


def _mean_nll(mean_nll: ArrayLike, name: str) -> v.FloatArray:
    arr = v.float_array(mean_nll, name)
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name}: NaN")
    if np.any(arr < 0):
        raise ValueError(
            f"{name}: a mean NLL of discrete outcomes cannot be negative "
            "(each probability is at most 1)"
        )
    return arr


def perplexity(mean_nll: ArrayLike, *, base: float | None = None) -> Any:
    r"""Perplexity: the exponential of a mean negative log-likelihood.

    .. math:: \mathrm{PPL} = b^{\,\overline{\mathrm{NLL}}}

    where the mean NLL is in nats (b = e) or, with ``base``, in that unit
    (``base=2`` for bits). A model with perplexity k is as uncertain, on
    average, as a fair choice among k outcomes: a uniform guess over K
    symbols has perplexity exactly K. An infinite NLL (a symbol called
    impossible) gives an infinite perplexity.

    Parameters
    ----------
    mean_nll : array_like
        Mean NLL per symbol, ≥ 0 (discrete outcomes).
    base : float, optional
        The logarithm base the NLL was measured in; natural by default.

    Returns
    -------
    float or ndarray

    Raises
    ------
    ValueError
        On NaN, a negative NLL or an invalid base.

    Examples
    --------
    A uniform guess over 27 symbols has perplexity 27, in nats or in bits:

    >>> import numpy as np, nllbook
    >>> print(round(float(nllbook.perplexity(np.log(27))), 9))
    27.0
    >>> bits = nllbook.bits_per_symbol(np.log(27))
    >>> bool(np.isclose(nllbook.perplexity(bits, base=2), 27))
    True
    """
    arr = _mean_nll(mean_nll, "mean_nll")
    b = math.e if base is None else math.exp(v.log_base(base))
    with np.errstate(over="ignore"):
        out = np.power(b, arr)
    return out.item() if out.ndim == 0 else out


def bits_per_symbol(mean_nll: ArrayLike) -> Any:
    r"""A mean NLL in nats, converted to bits per symbol: NLL / ln 2.

    Language models report it per character (bits per character, bpc) or per
    token. Perplexity is 2 to the power of it.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> print(float(nllbook.bits_per_symbol(np.log(8))))
    3.0
    """
    arr = _mean_nll(mean_nll, "mean_nll")
    out = arr / math.log(2.0)
    return out.item() if out.ndim == 0 else out


def _symbols(text: str, alphabet: str, name: str) -> NDArray[np.intp]:
    if not isinstance(text, str):
        raise ValueError(f"{name}: must be a string, got {type(text).__name__}")
    # Code points through a sorted lookup table: a book's worth of text in
    # milliseconds, where a Python loop over characters takes a second.
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    keys = np.array(sorted(ord(c) for c in alphabet), dtype="<u4")
    index_of = np.array([alphabet.index(chr(k)) for k in keys], dtype=np.intp)
    pos = np.minimum(np.searchsorted(keys, codes), keys.size - 1)
    known = keys[pos] == codes
    if not np.all(known):
        missing = sorted({chr(c) for c in codes[~known]})
        raise ValueError(f"{name}: characters not in the alphabet: {missing[:10]!r}")
    return index_of[pos]


def _alphabet(alphabet: str) -> str:
    if not isinstance(alphabet, str) or len(alphabet) < 2:
        raise ValueError("alphabet: must be a string of at least two characters")
    if len(set(alphabet)) != len(alphabet):
        raise ValueError("alphabet: characters must be distinct")
    return alphabet


def bigram_counts(text: str, alphabet: str) -> NDArray[np.int64]:
    """How often each character follows each other one in ``text``.

    Returns a ``(K, K)`` integer array over the ``K`` characters of
    ``alphabet``: entry ``[a, b]`` counts the positions where character
    ``b`` directly follows character ``a``. A text of n characters has
    n − 1 such pairs.

    Raises
    ------
    ValueError
        If the text has fewer than two characters or one outside the alphabet.

    Examples
    --------
    >>> import nllbook
    >>> c = nllbook.bigram_counts("abab", "ab")
    >>> c.tolist(), int(c.sum())
    ([[0, 2], [1, 0]], 3)
    """
    alphabet = _alphabet(alphabet)
    ids = _symbols(text, alphabet, "text")
    if ids.size < 2:
        raise ValueError("text: needs at least two characters to hold a pair")
    k = len(alphabet)
    flat = np.bincount(ids[:-1] * k + ids[1:], minlength=k * k)
    return flat.reshape(k, k).astype(np.int64)


def bigram_probabilities(counts: ArrayLike, smoothing: float = 0.0) -> v.FloatArray:
    r"""The bigram model's next-character probabilities, with additive smoothing.

    .. math:: q(b \mid a) = \frac{c(a, b) + k}{\sum_{b'} c(a, b') + kK}

    With ``k = 0`` these are the counts' relative frequencies (the maximum-
    likelihood estimate): a pair never seen gets probability 0, and a
    character never seen in front of another gets a row of zeros, which is
    no distribution at all. Any ``k > 0`` gives every pair a positive
    probability and every row a distribution (add-one or Laplace smoothing
    is ``k = 1``).

    Parameters
    ----------
    counts : array_like of int, shape (K, K)
    smoothing : float ≥ 0
        The pseudo-count k added to every pair.

    Returns
    -------
    ndarray, shape (K, K)

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> q = nllbook.bigram_probabilities([[0, 2], [1, 0]], smoothing=1.0)
    >>> q.round(4).tolist(), bool(np.allclose(q.sum(axis=1), 1))
    ([[0.25, 0.75], [0.6667, 0.3333]], True)
    """
    c = v.float_array(counts, "counts")
    if c.ndim != 2 or c.shape[0] != c.shape[1] or c.shape[0] < 2:
        raise ValueError(f"counts: must be a square (K, K) array with K >= 2, got {c.shape}")
    if not np.all(np.isfinite(c)) or np.any(c < 0) or np.any(c != np.round(c)):
        raise ValueError("counts: must be non-negative whole numbers")
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float, np.number)):
        raise ValueError(f"smoothing: must be a number, got {type(smoothing).__name__}")
    try:
        k = float(smoothing)
    except OverflowError:
        k = math.inf
    if not (math.isfinite(k) and k >= 0):
        raise ValueError("smoothing: must be a finite number >= 0")
    smoothed = c + k
    totals = smoothed.sum(axis=1, keepdims=True)
    out = np.zeros_like(smoothed)
    np.divide(smoothed, totals, out=out, where=totals > 0)
    return out


def bigram_nll(
    text: str,
    probabilities: ArrayLike,
    alphabet: str,
    *,
    reduction: str = "mean",
) -> Any:
    r"""Negative log-likelihood of a text under a bigram model.

    .. math:: \frac{1}{n-1} \sum_{t=2}^{n} -\ln q(x_t \mid x_{t-1})

    for ``reduction="mean"``: the first character is given, and each later
    one is scored by the probability the model gave it after the one before.
    A pair the model calls impossible costs an infinite loss, like any
    zero-probability truth.

    Parameters
    ----------
    text : str
    probabilities : array_like, shape (K, K)
        ``q[a, b]``, as from :func:`bigram_probabilities`.
    alphabet : str
        The K characters, in the order of the rows and columns.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float or ndarray
        In nats; :func:`bits_per_symbol` and :func:`perplexity` convert it.

    Examples
    --------
    The maximum-likelihood model scores its own training text with the
    entropy of the next character given the one before:

    >>> import numpy as np, nllbook
    >>> text, abc = "abaabbba", "ab"
    >>> c = nllbook.bigram_counts(text, abc)
    >>> q = nllbook.bigram_probabilities(c)
    >>> h = sum(c[a].sum() / c.sum() * nllbook.entropy(q[a]) for a in range(2))
    >>> bool(np.isclose(nllbook.bigram_nll(text, q, abc), h))
    True
    """
    how = v.reduction(reduction)
    alphabet = _alphabet(alphabet)
    q = v.float_array(probabilities, "probabilities")
    k = len(alphabet)
    if q.shape != (k, k):
        raise ValueError(f"probabilities: shape {q.shape}, expected ({k}, {k}) for the alphabet")
    if not np.all(np.isfinite(q)) or np.any(q < 0) or np.any(q > 1):
        raise ValueError("probabilities: values must lie in [0, 1]")
    ids = _symbols(text, alphabet, "text")
    if ids.size < 2:
        raise ValueError("text: needs at least two characters to hold a pair")
    picked = q[ids[:-1], ids[1:]]
    with np.errstate(divide="ignore"):
        losses = -np.log(picked)
    return v.reduce(losses, how)
