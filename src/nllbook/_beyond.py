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
        In nats; ``inf`` (without a warning) where :math:`(x - \mu)^2 / 2\sigma^2`
        exceeds the largest float, as the exact value does.

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
    with np.errstate(over="ignore"):  # (x - μ)² / σ² past the largest float: inf
        z = (xs - mu) / sd
        out = np.log(sd) + _HALF_LN_2PI + 0.5 * z * z
    return v.reduce(np.broadcast_to(out, shape).astype(float), how)


_SQRT2 = math.sqrt(2.0)
#: From here on, log Φc(z) comes from the Mills ratio instead of erfc (whose
#: value, about 1e-138 at 25, underflows past z ≈ 37.5).
_MILLS_FROM = 25.0
#: Bins with h (|c| + 1) up to this (half-width h and centre c in units of
#: σ) are integrated by their Taylor series around the centre.
_SERIES_UP_TO = 0.05
_SERIES_TERMS = 10

_erfc = np.vectorize(math.erfc, otypes=[float])


def _log_normal_sf(z: v.FloatArray) -> tuple[v.FloatArray, v.FloatArray]:
    r"""``log Φc(z) = log P(Z > z)`` for a standard normal Z and ``z >= 0``, without underflow.

    Below :data:`_MILLS_FROM` it is ``log(erfc(z / √2) / 2)``; above, it is
    :math:`-z^2/2 - \ln\sqrt{2\pi} - \ln t(z)`, where
    :math:`1 / t(z) = \Phi_c(z) / \varphi(z)` is the Mills ratio, from its
    continued fraction :math:`t = z + 1 / (z + 2 / (z + 3 / \cdots))`,
    which converges in a few terms there. ``inf`` gives ``-inf``. Returns
    the log and ``t`` (meaningful from :data:`_MILLS_FROM` on).
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        near = np.log(0.5 * _erfc(np.minimum(z, _MILLS_FROM) / _SQRT2))
        big = np.maximum(z, _MILLS_FROM)
        t = big.copy()
        for n in range(40, 0, -1):
            t = big + n / t
        far = -0.5 * big * big - _HALF_LN_2PI - np.log(t)
        far = np.where(np.isinf(z), -np.inf, far)
    out: v.FloatArray = np.where(z < _MILLS_FROM, near, far)
    return out, t


def _log_tail_difference(
    za: v.FloatArray, zb: v.FloatArray, c: v.FloatArray, h: v.FloatArray
) -> v.FloatArray:
    r"""``log(Φc(za) - Φc(zb))`` for ``0 <= za <= zb``, centre ``c`` and half-width ``h``.

    :math:`\log\Phi_c(z_a) + \log(-\operatorname{expm1}(\delta))` with
    :math:`\delta = \log\Phi_c(z_b) - \log\Phi_c(z_a)`. Far out (both
    ends past :data:`_MILLS_FROM`) δ is
    :math:`-(z_b^2 - z_a^2)/2 - \ln(t_b / t_a) = -2hc - \ln(t_b / t_a)`,
    so it does not depend on ``za`` and ``zb`` rounding apart.
    """
    la, ta = _log_normal_sf(za)
    lb, tb = _log_normal_sf(zb)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        far = -2.0 * h * c - (np.log(tb) - np.log(ta))
        delta = np.where(za >= _MILLS_FROM, far, lb - la)
        out: v.FloatArray = np.where(np.isneginf(la), -np.inf, la + np.log(-np.expm1(delta)))
    return out


def _log_bin_probability(
    d: v.FloatArray, r: v.FloatArray, w: float, sd: v.FloatArray
) -> v.FloatArray:
    r"""``log(Φ(zb) - Φ(za))`` for the bin ``[x - r, x - r + w)``, with ``d = x - μ``.

    Four forms, each free of cancellation where it is used:

    * narrow bins, :math:`h(|c| + 1) \le 0.05` with centre
      :math:`c = (d - r + w/2)/σ` and half-width :math:`h = w / 2σ`: the
      Taylor series of the integral around the centre,
      :math:`\varphi(c)\, 2h \sum_n \mathrm{He}_{2n}(c)\, h^{2n} / (2n+1)!`
      (probabilist's Hermite polynomials), in logs, so that a bin far
      narrower than the spacing of floats near ``x`` still has width ``w``;
    * a bin above the mean, :math:`z_a > 0`: :func:`_log_tail_difference`;
    * below the mean, the same on :math:`(-z_b, -z_a)`;
    * a wide bin holding the mean: :math:`\operatorname{log1p}(-\Phi(z_a) - \Phi_c(z_b))`.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        lo = d - r
        za, zb = lo / sd, (lo + w) / sd
        h = 0.5 * w / sd
        c = (lo + 0.5 * w) / sd
        # Narrow: log φ(c) + log(w / σ) + log1p(Σ_{j≥1} He_2j(c) h^2j / (2j+1)!),
        # with g_m = He_m(c) h^m from g_{m+1} = (c h) g_m - m h² g_{m-1}: no
        # overflow, since c h and h are small here.
        ch, h2 = c * h, h * h
        g_prev, g = np.ones_like(c), ch
        rest = np.zeros_like(c)
        fact = 1.0
        for m in range(1, 2 * _SERIES_TERMS):
            g_prev, g = g, ch * g - m * h2 * g_prev
            if m % 2 == 1:  # g is now g_{m+1}, of even order 2j
                j = (m + 1) // 2
                fact *= (2 * j) * (2 * j + 1)
                rest = rest + g / fact
        narrow = -0.5 * c * c - _HALF_LN_2PI + (math.log(w) - np.log(sd)) + np.log1p(rest)
        upper = _log_tail_difference(np.maximum(za, 0.0), np.maximum(zb, 0.0), c, h)
        lower = _log_tail_difference(np.maximum(-zb, 0.0), np.maximum(-za, 0.0), -c, h)
        tails = 0.5 * _erfc(np.maximum(-za, 0.0) / _SQRT2) + 0.5 * _erfc(
            np.maximum(zb, 0.0) / _SQRT2
        )
        middle = np.log1p(-tails)
        out: v.FloatArray = np.where(
            h * (np.abs(c) + 1.0) <= _SERIES_UP_TO,
            narrow,
            np.where(za > 0, upper, np.where(zb < 0, lower, middle)),
        )
    return out


def _bin_offset(xs: v.FloatArray, w: float) -> v.FloatArray:
    """How far each reading lies above the left edge of its bin ``[k w, (k + 1) w)``.

    ``np.fmod`` gives ``x - k w`` exactly (no rounding), for the ``k`` of
    ``x / w`` truncated towards 0; a negative remainder moves to the bin
    below. A reading within 4 ulps below an edge is taken to lie on it: a
    reading of 1.785 with ``w = 0.001`` is the float just below
    1785 × 0.001 in exact arithmetic, but it was meant as the edge of the
    bin [1.785, 1.786). So the offset lies in ``[-4 ulp(x), w)``.
    """
    r = np.fmod(xs, w)
    # Distance to the next edge above: exact for a negative remainder.
    gap = np.where(r < 0, -r, w - r)
    tol = 4.0 * np.spacing(np.abs(xs))
    on_edge = (gap <= tol) & (w > 2.0 * tol)
    inside = np.minimum(np.where(r < 0, r + w, r), np.nextafter(w, 0.0))
    out: v.FloatArray = np.where(on_edge, -gap, inside)
    return out


def gaussian_bin_nll(
    x: ArrayLike,
    loc: ArrayLike = 0.0,
    scale: ArrayLike = 1.0,
    *,
    width: float,
    reduction: str = "mean",
) -> Any:
    r"""NLL of binned observations: each ``x`` reported only as its bin.

    The bins are ``[k w, (k + 1) w)`` for the bin width ``w``, and each
    reading lies in its bin: a reading on an edge (such as 1.785 with
    ``w = 0.001``, even though the float 1.785 is a hair below
    1785 × 0.001) starts the bin above it. The probability of the bin
    :math:`[a, b)` holding ``x`` under a normal density is a difference of
    its distribution function Φ:

    .. math:: -\lnigl(\Phi(	frac{b - \mu}{\sigma}) - \Phi(	frac{a - \mu}{\sigma})igr)

    A probability, so this NLL is never negative. For narrow bins the
    probability is close to density × width, so this is close to
    ``gaussian_nll(x, loc, scale) - ln(width)``: measuring in finer units
    adds the same constant to every model's loss.

    The difference is computed without cancellation (see Notes), so the
    result keeps its digits for bins far in a tail (``x = 40.00005``,
    ``width = 1e-4``: 810.13), and for bins far narrower than the float
    spacing near ``x`` (``width = 1e-17``: about ``-ln(1e-17)`` plus the
    density's NLL). It is ``inf`` only when even the log of the
    probability overflows (a bin some 1e154 standard deviations out).

    Parameters
    ----------
    x : array_like
        Readings.
    loc, scale : array_like
        Mean and standard deviation, broadcast against ``x``; ``scale > 0``.
    width : float
        The bin width ``w > 0``, finite.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float or ndarray
        In nats (float64).

    Raises
    ------
    ValueError
        As :func:`gaussian_nll`, or for a width that is not one finite
        number > 0.

    Notes
    -----
    Narrow bins are integrated by the Taylor series of the density around
    the bin's centre; others as a difference of two tail probabilities of
    the side of the mean the bin lies on, in log space
    (:math:`\log\Phi_c(z_a) + \log(-\operatorname{expm1}(\log\Phi_c(z_b) - \log\Phi_c(z_a)))`),
    or, for a bin holding the mean, as ``log1p`` of minus its two tails.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> x = np.array([1.79, 1.83, 1.76])
    >>> fine = nllbook.gaussian_bin_nll(x, 1.8, 0.05, width=1e-4)
    >>> bool(np.isclose(fine, nllbook.gaussian_nll(x, 1.8, 0.05) - np.log(1e-4), atol=1e-3))
    True

    The bins [0, 1) and [1, 2) make up the bin [0, 2):

    >>> halves = np.exp(-nllbook.gaussian_bin_nll([0.0, 1.0], width=1.0, reduction="none"))
    >>> whole = np.exp(-nllbook.gaussian_bin_nll(0.0, width=2.0))
    >>> bool(np.isclose(halves.sum(), whole))
    True
    """
    how = v.reduction(reduction)
    w = v.real_number(width, "width")
    if not (math.isfinite(w) and w > 0):
        raise ValueError(f"width: must be one finite number > 0, got {width!r}")
    xs, mu, sd, shape = _normal_args(x, loc, scale)
    xs, mu, sd = (np.asarray(a, dtype=np.float64) for a in (xs, mu, sd))
    r = _bin_offset(xs, w)
    with np.errstate(over="ignore"):
        d = xs - mu
    out = 0.0 - _log_bin_probability(d, r, w, sd)
    return v.reduce(np.broadcast_to(out, shape).astype(np.float64), how)


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
        :math:`b^{\overline{\mathrm{NLL}}}` from one correctly rounded power
        (``perplexity(3, base=10)`` is exactly 1000); ``inf`` when it exceeds
        the largest float.

    Raises
    ------
    ValueError
        On NaN, a negative NLL, or a base that is not a number above 1
        (below 1, every NLL would be negative).

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
    arr = _mean_nll(mean_nll, "mean_nll").astype(np.float64)
    with np.errstate(over="ignore"):
        if base is None:
            out = np.exp(arr)
        else:
            v.log_base(base)
            b = v.real_number(base, "base")
            if not b > 1:
                raise ValueError(f"base: must be a number above 1, got {base!r}")
            # The base itself, not exp(log(base)), which is 10.000000000000002 for 10.
            out = np.power(b, arr)
    return out.item() if out.ndim == 0 else out


def bits_per_symbol(mean_nll: ArrayLike) -> Any:
    r"""A mean NLL in nats, converted to bits per symbol: NLL / ln 2.

    Language models report it per character (bits per character, bpc) or per
    token. Perplexity is 2 to the power of it. A float32 NLL whose value in
    bits exceeds float32's largest number gives ``inf``, without a warning.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> print(float(nllbook.bits_per_symbol(np.log(8))))
    3.0
    """
    arr = _mean_nll(mean_nll, "mean_nll")
    with np.errstate(over="ignore"):  # float32 above 2.4e38 nats: inf bits
        out = arr / math.log(2.0)
    return out.item() if out.ndim == 0 else out


def _symbols(text: str, alphabet: str, name: str) -> NDArray[np.intp]:
    if not isinstance(text, str):
        raise ValueError(f"{name}: must be a string, got {type(text).__name__}")
    # Code points through a sorted lookup table: a book's worth of text in
    # milliseconds, where a Python loop over characters takes a second.
    # "surrogatepass" lets a lone surrogate through, to be reported as a
    # character outside the alphabet.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
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
    c = v.float_array(counts, "counts").astype(np.float64)
    if c.ndim != 2 or c.shape[0] != c.shape[1] or c.shape[0] < 2:
        raise ValueError(f"counts: must be a square (K, K) array with K >= 2, got {c.shape}")
    if not np.all(np.isfinite(c)) or np.any(c < 0) or np.any(c != np.round(c)):
        raise ValueError("counts: must be non-negative whole numbers")
    k = v.real_number(smoothing, "smoothing")
    if not (math.isfinite(k) and k >= 0):
        raise ValueError(f"smoothing: must be a finite number >= 0, got {smoothing!r}")
    with np.errstate(over="ignore"):
        smoothed = c + k
        totals = smoothed.sum(axis=1, keepdims=True)
    if not np.isfinite(smoothed).all() or not np.isfinite(totals).all():
        # Counts near 1e308: divide each row by its largest entry (counts and
        # k alike) first, so that its total cannot overflow.
        scale = np.maximum(c.max(axis=1, keepdims=True), k)
        safe = np.where(scale > 0, scale, 1.0)
        with np.errstate(under="ignore"):
            smoothed = c / safe + k / safe
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
        ``q[a, b]``, as from :func:`bigram_probabilities`: each row sums to 1
        within the tolerance of :data:`nllbook.SUM_ATOL`, or is all zeros
        (a character the unsmoothed model never saw followed: any pair
        starting with it costs ``inf``).
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
    raw = v.any_array(probabilities, "probabilities")
    q = v.probabilities(raw, "probabilities", rows_sum_to_one=False)
    k = len(alphabet)
    if q.shape != (k, k):
        raise ValueError(f"probabilities: shape {q.shape}, expected ({k}, {k}) for the alphabet")
    full = q.any(axis=1)
    if full.any():
        v.probabilities(raw[full], "probabilities")  # rows that are not all zeros sum to 1
    ids = _symbols(text, alphabet, "text")
    if ids.size < 2:
        raise ValueError("text: needs at least two characters to hold a pair")
    picked = q[ids[:-1], ids[1:]]
    with np.errstate(divide="ignore"):
        losses = -np.log(picked)
    return v.reduce(losses, how)
