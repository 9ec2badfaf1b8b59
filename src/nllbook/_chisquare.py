"""The chi-square test of a die's counts, in log space: its survival function and fit.

Private: :mod:`nllbook.examples` exports :func:`chi_square_sf` and
:func:`chi_square_fit`, which the book uses to choose a typical seed for its
simulated rolls.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validation import float_array, probabilities, real_number, whole_number

#: The series and the continued fraction of the incomplete gamma function
#: stop after this many terms (they need a few times the square root of
#: df / 2, so far fewer for any df up to MAX_DF).
_GAMMA_TERMS = 1_000_000

#: The largest number of degrees of freedom :func:`chi_square_sf` takes.
MAX_DF = 10**10
_HALF_LN_2PI = 0.5 * math.log(2.0 * math.pi)


def _log_gamma_prefactor(a: float, y: float) -> float:
    r""":math:`\ln(y^a e^{-y} / \Gamma(a))`, without the cancellation of its large terms.

    For :math:`a \ge 15` it is written
    :math:`a \operatorname{log1p}(t) - (y - a) + \tfrac12 \ln a - \ln\sqrt{2\pi} - c(a)`
    with :math:`t = (y - a)/a` (:math:`a \ln(y/a)` for :math:`t \le -1/2`)
    and :math:`c(a)` the Stirling correction
    :math:`\ln\Gamma(a) - (a - \tfrac12)\ln a + a - \ln\sqrt{2\pi}`, so that
    no two terms of size ``a`` are subtracted.
    """
    if a < 15.0:
        return a * math.log(y) - y - math.lgamma(a)
    t = (y - a) / a
    # a ln(y / a) - (y - a), with y - a exact: a log1p(t) keeps ln(y / a) to
    # a relative eps (ln y - ln a would lose a few digits times a); for y
    # below a / 2, ln(y / a) itself is as good, unless y / a underflows.
    if t > -0.5:
        main = a * math.log1p(t) - (y - a)
    elif y / a > 0:
        main = a * math.log(y / a) - (y - a)
    else:
        main = a * (math.log(y) - math.log(a)) - (y - a)
    a2 = a * a
    stirling = (
        1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * a2)) / a2) / a2) / a2
    ) / a
    return main + 0.5 * math.log(a) - _HALF_LN_2PI - stirling


def _log_gamma_q(a: float, y: float) -> float:
    """``ln Q(a, y)``, the regularised upper incomplete gamma function, for ``a, y > 0``.

    A power series for the lower function ``P`` when ``y < a + 1`` (there
    ``Q = 1 - P`` is not small, so the subtraction is harmless), the
    continued fraction of ``Q`` (modified Lentz) otherwise; both times the
    prefactor :func:`_log_gamma_prefactor` stays a logarithm, so that
    neither overflows nor underflows.
    """
    log_pref = _log_gamma_prefactor(a, y)
    if y < a + 1.0:
        term = total = 1.0 / a
        n = 0
        while abs(term) > abs(total) * 1e-17 and n < _GAMMA_TERMS:
            n += 1
            term *= y / (a + n)
            total += term
        lower = math.exp(log_pref + math.log(total))
        return math.log1p(-lower)
    tiny = 1e-300
    b = y + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _GAMMA_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 4e-16:
            break
    return log_pref + math.log(h)


def chi_square_sf(x: float, df: int) -> float:
    r"""Survival function P(X > x) of a chi-square variable with ``df`` degrees of freedom.

    .. math:: P(X > x) = Q\bigl(\tfrac{df}{2}, \tfrac{x}{2}\bigr)
              = \frac{\Gamma(df/2,\, x/2)}{\Gamma(df/2)}

    the regularised upper incomplete gamma function (``scipy.stats.chi2.sf``,
    ``scipy.special.gammaincc``), from its power series or continued
    fraction with the prefactor :math:`y^a e^{-y} / \Gamma(a)` kept as a
    logarithm: no intermediate overflows or underflows, so large ``df`` and
    ``x`` give a probability (``chi_square_sf(1490, 1500)`` is 0.5678), and
    far tails a tiny number rather than 0 (``chi_square_sf(2000, 400)`` is
    about 1.6e-210), until the result itself is below the smallest float.
    Relative error about 1e-13 for ``df`` in the thousands.

    Parameters
    ----------
    x : float
        ``x >= 0``; ``inf`` gives 0.
    df : int
        Degrees of freedom, an integer in [1, :data:`MAX_DF`] (booleans are
        refused).

    Returns
    -------
    float
        In [0, 1]; 1 at ``x = 0``.

    Raises
    ------
    ValueError
        If ``df`` is not an integer in [1, :data:`MAX_DF`] or ``x`` is not a
        number ``>= 0``.

    Examples
    --------
    >>> round(chi_square_sf(11.0705, 5), 4)
    0.05

    With two degrees of freedom the survival function is :math:`e^{-x/2}`:

    >>> import math
    >>> math.isclose(chi_square_sf(3.0, 2), math.exp(-1.5), rel_tol=1e-14)
    True
    """
    k = whole_number(df, "df", 1, MAX_DF)
    x = real_number(x, "x")
    if x < 0:
        raise ValueError(f"x: must be at least 0, got {x!r}")
    if math.isinf(x):
        return 0.0
    y = x / 2.0
    if y == 0:  # x is 0 or the smallest subnormal: P(X <= x) rounds to 0
        return 1.0
    return math.exp(_log_gamma_q(k / 2.0, y))


def chi_square_fit(counts: ArrayLike, probs: ArrayLike) -> tuple[float, float]:
    """Pearson's chi-square goodness-of-fit test of ``counts`` against ``probs``.

    Returns the statistic ``sum((c - m p)**2 / (m p))`` and its p-value on
    ``len(probs) - 1`` degrees of freedom.

    Raises
    ------
    ValueError
        If ``counts`` is not a 1-D array of at least two non-negative whole
        numbers with a positive total, or ``probs`` is not a distribution of
        the same length with every entry above 0.

    Examples
    --------
    >>> stat, pvalue = chi_square_fit(np.array([10, 10, 10]), np.full(3, 1 / 3))
    >>> stat, pvalue
    (0.0, 1.0)
    """
    c = float_array(counts, "counts").astype(np.float64)
    if c.ndim != 1 or c.size < 2:
        raise ValueError(f"counts: expected a 1-D array of at least 2 counts, got shape {c.shape}")
    if not (np.isfinite(c).all() and (c >= 0).all() and (c == np.round(c)).all()):
        raise ValueError("counts: must be non-negative whole numbers")
    total = float(c.sum())
    if not (0 < total < math.inf):
        raise ValueError("counts: the total must be positive and finite")
    p = probabilities(probs, "probs").astype(np.float64)
    if p.shape != c.shape:
        raise ValueError(f"counts and probs: shapes {c.shape} and {p.shape} differ")
    if (p == 0).any():
        raise ValueError("probs: every class needs a probability above 0 (an expected count)")
    expected = total * p
    with np.errstate(over="ignore"):  # a statistic past the largest float: inf, p-value 0
        stat = float(np.sum((c - expected) ** 2 / expected))
    return stat, chi_square_sf(stat, int(c.size) - 1)
