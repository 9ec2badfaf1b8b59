r"""Losses related to the NLL: priors, distillation, and losses compared across tokenizers.

* :func:`l2_prior_variance`: the variance of the normal prior that an L2
  penalty on a mean NLL stands for (the penalised fit is a MAP estimate);
* :func:`dirichlet_estimate`: additive smoothing as the posterior mean, or
  the posterior mode, under a symmetric Dirichlet prior;
* :func:`normal_on_grid`: a normal curve on a grid of points, made a
  distribution, for comparing KL(p‖q) with KL(q‖p);
* :func:`distillation_loss` and :func:`distillation_gradient`: the soft-target
  loss of knowledge distillation, with its temperature and its T² factor;
* :func:`bits_per_byte`: a total NLL per byte of text, comparable across
  tokenizers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _validation as v
from ._logits import log_softmax, softmax


def _positive(x: object, name: str, *, allow_zero: bool = False) -> float:
    value = v.real_number(x, name)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: must be a finite number {bound}, got {x!r}")
    return value


def l2_prior_variance(l2: float, n_samples: int) -> float:
    r"""Variance of the normal prior on each weight that an L2 penalty stands for.

    Minimising the mean NLL of :math:`n` samples plus an L2 penalty,

    .. math:: J(w) = \frac1n \sum_{i=1}^{n} -\ln q_w(y_i \mid x_i)
              + \frac{\lambda}{2} \lVert w \rVert^2 ,

    is minimising :math:`n J(w)`, the total NLL plus
    :math:`\frac{n\lambda}{2} \lVert w \rVert^2`. That is minus the log of the
    likelihood times a prior :math:`w_j \sim \mathcal N(0, \sigma^2)`, up to a
    constant, when

    .. math:: \sigma^2 = \frac{1}{n \lambda} ,

    so the penalised fit is the maximum a posteriori (MAP) estimate under that
    prior. The penalty of :func:`nllbook.softmax_regression_loss` and
    :func:`nllbook.fit_softmax_regression` (``l2``) is of this form. A penalty
    on a *total* NLL, :math:`\frac{\lambda}{2}\lVert w\rVert^2`, stands for
    :math:`\sigma^2 = 1/\lambda`: pass ``n_samples=1``.

    Parameters
    ----------
    l2 : float
        :math:`\lambda \ge 0`; 0 (no penalty) is a flat prior, variance ``inf``.
    n_samples : int
        :math:`n \ge 1`, the number of samples the NLL is averaged over.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``l2`` is negative, infinite or not a number, or ``n_samples`` is
        not a whole number ≥ 1.

    Examples
    --------
    The penalised objective, times n, is the total NLL minus the log of the
    normal prior, plus a constant that the weights do not change:

    >>> import numpy as np, nllbook
    >>> x, y = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.3]]), np.array([0, 2, 1])
    >>> w, b, lam = np.array([[0.1, -0.2, 0.3], [0.0, 0.4, -0.1]]), np.zeros(3), 0.1
    >>> sd = np.sqrt(nllbook.l2_prior_variance(lam, len(y)))
    >>> def map_objective(w):
    ...     nll = len(y) * nllbook.softmax_regression_loss(x, y, w, b)
    ...     return nll + nllbook.gaussian_nll(w, 0.0, sd, reduction="sum")
    >>> penalised = lambda w: len(y) * nllbook.softmax_regression_loss(x, y, w, b, l2=lam)
    >>> bool(np.isclose(map_objective(w) - penalised(w), map_objective(2 * w) - penalised(2 * w)))
    True
    """
    lam = _positive(l2, "l2", allow_zero=True)
    n = v.whole_number(n_samples, "n_samples", 1, 2**63 - 1)
    if lam == 0:
        return math.inf
    return 1.0 / (float(n) * lam)


def dirichlet_estimate(counts: ArrayLike, alpha: float, *, estimate: str = "mean") -> v.FloatArray:
    r"""Probabilities from counts under a symmetric Dirichlet(α) prior: additive smoothing.

    With counts :math:`c_k` of :math:`K` outcomes (:math:`N = \sum_k c_k`)
    and the prior :math:`\mathrm{Dirichlet}(\alpha, \dots, \alpha)`, the
    posterior is :math:`\mathrm{Dirichlet}(c_1 + \alpha, \dots, c_K + \alpha)`.
    Its mean (``estimate="mean"``) and its mode (``estimate="map"``) are

    .. math:: \frac{c_k + \alpha}{N + K\alpha} , \qquad
              \frac{c_k + \alpha - 1}{N + K(\alpha - 1)} .

    The mean with :math:`\alpha` is additive smoothing with pseudo-count
    :math:`\alpha` (:func:`nllbook.bigram_probabilities`); :math:`\alpha = 1`
    is add-one (Laplace) smoothing. The mode with :math:`\alpha + 1` is the
    same numbers, and the mode with :math:`\alpha = 1` (a flat prior) is the
    maximum-likelihood estimate :math:`c_k / N`, which gives an outcome never
    counted probability 0.

    Parameters
    ----------
    counts : array_like, shape (..., K)
        Non-negative whole numbers, one row of K counts per distribution.
    alpha : float
        The prior's concentration: ``> 0`` for the mean, ``>= 1`` for the
        mode (below 1 the posterior density is unbounded at the edge of the
        simplex where a count is 0, and has no interior mode).
    estimate : {"mean", "map"}

    Returns
    -------
    ndarray, shape (..., K)
        Each row sums to 1.

    Raises
    ------
    ValueError
        On counts that are not non-negative whole numbers, fewer than two
        outcomes, an ``alpha`` out of range, or (the mode with
        :math:`\alpha = 1`) a row with no counts at all.

    Examples
    --------
    The posterior mean with α is the posterior mode with α + 1, and both are
    the bigram model's additive smoothing:

    >>> import numpy as np, nllbook
    >>> c = np.array([[0, 2, 5], [3, 0, 0]])
    >>> mean = nllbook.dirichlet_estimate(c, 0.5)
    >>> bool(np.allclose(mean, nllbook.dirichlet_estimate(c, 1.5, estimate="map")))
    True
    >>> square = np.vstack([c[0], c[0], c[0]])  # the first row's counts after each of 3 symbols
    >>> bool(np.allclose(mean[0], nllbook.bigram_probabilities(square, 0.5)[0]))
    True
    """
    c = v.float_array(counts, "counts").astype(np.float64)
    if c.ndim == 0 or c.shape[-1] < 2:
        raise ValueError(f"counts: expected K >= 2 counts along the last axis, got shape {c.shape}")
    if not np.all(np.isfinite(c)) or np.any(c < 0) or np.any(c != np.round(c)):
        raise ValueError("counts: must be non-negative whole numbers")
    if not isinstance(estimate, str) or estimate not in ("mean", "map"):
        raise ValueError(f"estimate: must be 'mean' or 'map', got {estimate!r}")
    a = _positive(alpha, "alpha")
    if estimate == "map":
        if a < 1:
            raise ValueError(f"alpha: the mode needs alpha >= 1, got {alpha!r}")
        a -= 1.0
    if a == 0 and np.any(c.sum(axis=-1) == 0):
        raise ValueError("counts: a row has no counts, and alpha = 1 adds none (the mode)")
    # Each row divided by its largest entry (counts and alpha alike) first, so
    # that counts near the largest float cannot overflow the total.
    scale = np.maximum(c.max(axis=-1, keepdims=True), a)
    with np.errstate(under="ignore"):
        smoothed = c / scale + a / scale
    out: v.FloatArray = smoothed / smoothed.sum(axis=-1, keepdims=True)
    return out


def normal_on_grid(grid: ArrayLike, loc: float, scale: float) -> v.FloatArray:
    r"""A normal curve on a grid of points, made a distribution over the points.

    .. math:: q_i = \frac{e^{-(x_i - \mu)^2 / 2\sigma^2}}{\sum_j e^{-(x_j - \mu)^2 / 2\sigma^2}}
              = \operatorname{softmax}\!\Bigl(-\frac{(x - \mu)^2}{2\sigma^2}\Bigr)_i

    with ``loc`` = μ and ``scale`` = σ: a one-parameter family (for fixed σ)
    of discrete distributions to fit to another one with KL(p‖q) or KL(q‖p).
    The softmax keeps it finite: points far out get tiny, or exactly zero,
    probabilities, never NaN.

    Parameters
    ----------
    grid : array_like, shape (n,)
        The points :math:`x_i`, finite, at least two.
    loc : float
        μ, finite.
    scale : float
        σ > 0, finite.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If the grid is not a finite 1-D array of at least two points, or
        ``loc`` or ``scale`` is out of range.

    Examples
    --------
    On an evenly spaced grid centred on μ the mean is μ:

    >>> import numpy as np, nllbook
    >>> grid = np.linspace(-3.0, 5.0, 81)
    >>> q = nllbook.normal_on_grid(grid, 1.0, 0.7)
    >>> bool(np.isclose(q.sum(), 1.0)), bool(np.isclose(q @ grid, 1.0))
    (True, True)
    """
    x = v.float_array(grid, "grid").astype(np.float64)
    if x.ndim != 1 or x.size < 2 or not np.all(np.isfinite(x)):
        raise ValueError(f"grid: expected a finite 1-D array of at least 2 points, got {x.shape}")
    mu = v.real_number(loc, "loc")
    if not math.isfinite(mu):
        raise ValueError(f"loc: must be finite, got {loc!r}")
    sd = _positive(scale, "scale")
    with np.errstate(over="ignore"):
        z = -((x - mu) ** 2) / (2.0 * sd * sd)
    return softmax(np.maximum(z, -np.finfo(np.float64).max))


def _distillation_args(
    teacher_logits: ArrayLike, student_logits: ArrayLike, temperature: float, scaled: object
) -> tuple[v.FloatArray, v.FloatArray, float, bool]:
    t = v.float_array(teacher_logits, "teacher_logits").astype(np.float64)
    s = v.float_array(student_logits, "student_logits").astype(np.float64)
    for name, arr in (("teacher_logits", t), ("student_logits", s)):
        if arr.ndim == 0:
            raise ValueError(f"{name}: expected logits along the last axis, got a scalar")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name}: must be finite (no NaN or infinity)")
    if t.shape != s.shape:
        raise ValueError(
            f"teacher_logits and student_logits: shapes {t.shape} and {s.shape} differ"
        )
    if t.shape[-1] < 2:
        raise ValueError(f"teacher_logits: need at least two classes, got {t.shape[-1]}")
    temp = _positive(temperature, "temperature")
    return t, s, temp, v.flag(scaled, "scaled")


def distillation_loss(
    teacher_logits: ArrayLike,
    student_logits: ArrayLike,
    temperature: float,
    *,
    scaled: bool = True,
) -> float:
    r"""The soft-target loss of knowledge distillation, with its T² factor.

    With the teacher's and the student's logits :math:`t` and :math:`s`
    softened by a temperature :math:`T`, :math:`p^T = \operatorname{softmax}(t/T)`
    and :math:`q^T = \operatorname{softmax}(s/T)`,

    .. math:: L = T^2 \, \mathrm{KL}\bigl(p^T \,\Vert\, q^T\bigr)

    averaged over the rows (PyTorch's ``KLDivLoss(reduction="batchmean")``
    on ``log_softmax(s / T)`` and ``softmax(t / T)``, times ``T**2``). The
    gradient of the KL term with respect to the student's logits is
    :math:`(q^T - p^T) / T`, which for large :math:`T` shrinks like
    :math:`1/T^2`; the factor :math:`T^2` keeps the soft targets' gradient
    the same size whatever the temperature (see
    :func:`distillation_gradient`). ``scaled=False`` leaves the factor out.

    The KL divergence is computed from log-softmaxes, so that a student that
    gives a class a probability that rounds to 0 still has a finite loss.

    Parameters
    ----------
    teacher_logits, student_logits : array_like, shape (..., K)
        Finite logits of the same shape.
    temperature : float
        :math:`T > 0`; 1 is the plain softmax.
    scaled : bool
        Multiply by :math:`T^2` (the default, as Hinton et al. do).

    Returns
    -------
    float
        In nats, ≥ 0; 0 when the two rows differ by a constant.

    Raises
    ------
    ValueError
        On logits that are not finite or differ in shape, fewer than two
        classes, a temperature that is not a finite number > 0, or a
        ``scaled`` that is not True or False.

    Examples
    --------
    It is T² times the KL divergence of the softened distributions:

    >>> import numpy as np, nllbook
    >>> t, s, T = np.array([3.0, 1.0, 0.2]), np.array([1.0, 2.0, 0.5]), 4.0
    >>> kl = nllbook.kl_divergence(nllbook.softmax(t / T), nllbook.softmax(s / T))
    >>> bool(np.isclose(nllbook.distillation_loss(t, s, T), T**2 * kl))
    True
    """
    t, s, temp, scale = _distillation_args(teacher_logits, student_logits, temperature, scaled)
    log_p = log_softmax(t / temp)
    log_q = log_softmax(s / temp)
    p = np.exp(log_p)
    # p ln p - p ln q, with 0 ln 0 = 0 for a teacher's probability that underflows.
    terms = np.where(p > 0, p * (log_p - log_q), 0.0)
    rows = np.maximum(terms.sum(axis=-1), 0.0)
    factor = temp * temp if scale else 1.0
    return float(factor * rows.mean())


def distillation_gradient(
    teacher_logits: ArrayLike,
    student_logits: ArrayLike,
    temperature: float,
    *,
    scaled: bool = True,
) -> v.FloatArray:
    r"""Gradient of :func:`distillation_loss` with respect to the student's logits.

    .. math:: \frac{\partial L}{\partial s} = \frac{c}{m}\,\frac{q^T - p^T}{T} ,
              \qquad c = T^2 \text{ (scaled) or } 1 ,

    for each of the :math:`m` rows (the loss is their mean). For large
    :math:`T`, :math:`q^T - p^T \approx (s - t - \overline{s - t}) / (K T)`,
    so the unscaled gradient falls like :math:`1/T^2` and the scaled one
    tends to :math:`(s - t - \overline{s - t}) / (K m)`, the gradient of a
    squared error between the centred logits.

    Parameters
    ----------
    teacher_logits, student_logits, temperature, scaled
        As :func:`distillation_loss`.

    Returns
    -------
    ndarray, shape of ``student_logits``
        Each row sums to 0.

    Raises
    ------
    ValueError
        As :func:`distillation_loss`.

    Examples
    --------
    It matches a central finite difference of the loss:

    >>> import numpy as np, nllbook
    >>> t, s, T, h = np.array([3.0, 1.0, 0.2]), np.array([1.0, 2.0, 0.5]), 4.0, 1e-6
    >>> g = nllbook.distillation_gradient(t, s, T)
    >>> e = np.array([0.0, h, 0.0])
    >>> loss = lambda s: nllbook.distillation_loss(t, s, T)
    >>> bool(np.isclose(g[1], (loss(s + e) - loss(s - e)) / (2 * h), atol=1e-8))
    True
    """
    t, s, temp, scale = _distillation_args(teacher_logits, student_logits, temperature, scaled)
    m = 1 if s.ndim == 1 else math.prod(s.shape[:-1])
    factor = temp if scale else 1.0 / temp
    out: v.FloatArray = factor * (softmax(s / temp) - softmax(t / temp)) / m
    return out


def bits_per_byte(total_nll: ArrayLike, data: str | bytes) -> Any:
    r"""A text's total NLL, in bits per byte of the text.

    .. math:: \mathrm{bpb} = \frac{\sum_t -\ln q(x_t \mid x_{<t})}{B \ln 2}

    with :math:`B` the number of bytes of the text (of its UTF-8 encoding,
    for a ``str``). A loss per token depends on the tokenizer: a tokenizer
    with longer tokens has fewer of them, each harder to predict. The total
    NLL of the whole text does not, as long as each model gives a
    probability to the text itself, so dividing it by a count fixed by the
    text alone, its bytes, gives numbers that compare across tokenizers.

    Parameters
    ----------
    total_nll : float or array_like
        The NLL of the whole text, summed over its tokens, in nats; ``>= 0``
        (``inf`` for a text the model calls impossible).
    data : str or bytes
        The text, not empty.

    Returns
    -------
    float or ndarray

    Raises
    ------
    ValueError
        If ``total_nll`` is negative or NaN, or ``data`` is not a non-empty
        ``str`` or ``bytes``.

    Examples
    --------
    A model that spreads its probability evenly over the 256 byte values
    pays 8 bits a byte, however the text is split into tokens:

    >>> import numpy as np, nllbook
    >>> text = "héllo"  # 5 characters, 6 bytes
    >>> float(nllbook.bits_per_byte(6 * np.log(256), text))
    8.0
    """
    arr = v.float_array(total_nll, "total_nll").astype(np.float64)
    if np.any(np.isnan(arr)) or np.any(arr < 0):
        raise ValueError("total_nll: must be a number >= 0 (a sum of negative log-probabilities)")
    if isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass"))
    elif isinstance(data, bytes):
        size = len(data)
    else:
        raise ValueError(f"data: must be a str or bytes, got {type(data).__name__}")
    if size == 0:
        raise ValueError("data: is empty")
    out = arr / (size * math.log(2.0))
    return out.item() if out.ndim == 0 else out
