"""Scoring and calibrating probabilities: the Brier score, reliability
diagrams, the expected calibration error and temperature scaling."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v
from ._likelihood import _one_hot_rows, _target_kind
from ._logits import _fused_index_loss

#: More bins than this is a mistake (a reliability diagram with a million
#: bins has almost one sample per bin), and far more would not fit in memory.
MAX_BINS = 1_000_000


def brier_score(
    probs: ArrayLike, target: ArrayLike, reduction: v.Reduction = "mean"
) -> v.FloatResult:
    r"""Brier score: the squared distance from the predicted probabilities to the truth.

    .. math:: \mathrm{BS} = \sum_{k=1}^{K} (q_k - t_k)^2

    per sample, where :math:`t` is the one-hot row of the true class
    (Brier's original, multiclass definition), averaged (``"mean"``), added
    up (``"sum"``) or kept per sample (``"none"``).

    It runs from 0 (all probability on the true class) to 2 (all probability
    on one wrong class), and, unlike the NLL, it stays finite when the true
    class gets probability 0. Both are strictly proper scoring rules: the
    expected score under a true distribution is smallest when the reported
    probabilities are that distribution.

    Parameters
    ----------
    probs : array_like, shape (..., K)
        The model's probabilities; each row sums to 1.
    target : array_like
        Class indices of shape ``probs.shape[:-1]`` (or broadcasting against
        it), or one-hot rows of exactly the shape of ``probs``, as in
        :func:`nllbook.nll`.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    numpy scalar or ndarray

    Notes
    -----
    With two classes and the probability :math:`p` of class 1, the score is
    :math:`2\,(y - p)^2`: twice the binary Brier score
    :math:`(y - p)^2` that ``sklearn.metrics.brier_score_loss`` reports (it
    halves two-class scores by default, ``scale_by_half="auto"``).

    Raises
    ------
    ValueError
        As :func:`nllbook.nll`.

    Examples
    --------
    It is :math:`1 - 2 q_y + \sum_k q_k^2`, and twice the binary score for two classes:

    >>> import numpy as np, nllbook
    >>> q, y = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]]), np.array([0, 2])
    >>> by_hand = 1 - 2 * q[[0, 1], y] + (q**2).sum(axis=1)
    >>> bool(np.allclose(nllbook.brier_score(q, y, reduction="none"), by_hand))
    True
    >>> p, label = 0.8, 1
    >>> bool(np.isclose(nllbook.brier_score([1 - p, p], label), 2 * (label - p) ** 2))
    True
    """
    how = v.reduction(reduction)
    p_arr = v.probabilities(probs, "probs")
    t_arr = v.any_array(target, "target")
    if _target_kind(t_arr, p_arr) == "onehot":
        rows = _one_hot_rows(t_arr, "target").astype(p_arr.dtype)
    else:
        idx = v.class_indices(t_arr, "target", p_arr.shape[-1])
        try:
            shape = v.broadcast_one_way(p_arr.shape[:-1], idx.shape, "probs", "target")
        except ValueError:
            raise ValueError(
                f"target: shape {idx.shape} does not fit probs of shape {p_arr.shape} "
                f"(expected {p_arr.shape[:-1]} for indices or {p_arr.shape} for one-hot rows)"
            ) from None
        rows = np.zeros((*shape, p_arr.shape[-1]), dtype=p_arr.dtype)
        np.put_along_axis(rows, np.broadcast_to(idx, shape)[..., None], 1.0, axis=-1)
    diff = p_arr - rows
    return v.reduce(np.sum(diff * diff, axis=-1), how)


def _class_targets(target: ArrayLike, shape: tuple[int, ...], against: str) -> NDArray[np.intp]:
    """Class indices, one per row of an array of ``shape`` named ``against``."""
    t_arr = v.any_array(target, "target")
    if t_arr.shape != shape[:-1]:
        raise ValueError(
            f"target: shape {t_arr.shape} does not fit {against} of shape {shape} "
            f"(expected class indices of shape {shape[:-1]})"
        )
    return v.class_indices(t_arr, "target", shape[-1])


class TopLabel(NamedTuple):
    """Each sample's top prediction: how confident, and whether it is right."""

    confidence: v.FloatArray
    correct: NDArray[np.bool_]


def top_label(probs: ArrayLike, target: ArrayLike) -> TopLabel:
    r"""The confidence of each sample's predicted class, and whether that class is the true one.

    .. math:: \hat y = \arg\max_k q_k, \qquad
              \text{confidence} = q_{\hat y}, \qquad
              \text{correct} = [\hat y = y]

    These two arrays turn a multiclass classifier into the binary question
    that :func:`calibration_curve` and :func:`expected_calibration_error`
    score: when the model is 80 % sure of its answer, is it right 80 % of
    the time? A tie goes to the first of the tied classes, as ``np.argmax``
    does.

    Parameters
    ----------
    probs : array_like, shape (..., K)
        Probability rows.
    target : array_like of int, shape ``probs.shape[:-1]``
        True class indices.

    Returns
    -------
    TopLabel
        ``confidence`` (floats in [1/K, 1]) and ``correct`` (booleans), both
        of shape ``probs.shape[:-1]``.

    Raises
    ------
    ValueError
        If ``probs`` is not probability rows or ``target`` is not class
        indices of the matching shape.

    Examples
    --------
    The mean of ``correct`` is the accuracy:

    >>> import numpy as np, nllbook
    >>> q, y = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.1, 0.6, 0.3]]), [0, 1, 1]
    >>> top = nllbook.top_label(q, y)
    >>> top.confidence.tolist(), top.correct.tolist()
    ([0.7, 0.4, 0.6], [True, False, True])
    >>> bool(top.correct.mean() == np.mean(q.argmax(axis=1) == y))
    True
    """
    p_arr = v.probabilities(probs, "probs")
    idx = _class_targets(target, p_arr.shape, "probs")
    predicted = np.argmax(p_arr, axis=-1)
    confidence = np.take_along_axis(p_arr, predicted[..., None], axis=-1)[..., 0]
    return TopLabel(confidence, predicted == idx)


def _binary_outcomes(y_true: ArrayLike, y_prob: ArrayLike) -> tuple[v.FloatArray, v.FloatArray]:
    """Outcomes (0 or 1) and predicted probabilities, as two 1-D float arrays."""
    arr = v.any_array(y_true, "y_true", booleans=True)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.float64)
    outcomes = v.float_array(arr, "y_true")
    if outcomes.ndim != 1:
        raise ValueError(f"y_true: expected a 1-D array of outcomes, got shape {outcomes.shape}")
    if not np.isin(outcomes, (0.0, 1.0)).all():
        raise ValueError("y_true: outcomes must be 0 or 1 (or booleans)")
    prob = v.probabilities(y_prob, "y_prob", rows_sum_to_one=False)
    if prob.shape != outcomes.shape:
        raise ValueError(f"y_true and y_prob: shapes {outcomes.shape} and {prob.shape} differ")
    return outcomes.astype(np.float64), prob.astype(np.float64)


class CalibrationCurve(NamedTuple):
    """The non-empty bins of a reliability diagram, in increasing order of probability."""

    #: Fraction of the bin's samples whose outcome is 1 (the observed frequency).
    fraction_positive: NDArray[np.float64]
    #: Mean predicted probability of the bin's samples.
    mean_predicted: NDArray[np.float64]
    #: Number of samples in the bin.
    counts: NDArray[np.int64]
    #: Index of the bin among the ``n_bins`` equal bins of [0, 1].
    bins: NDArray[np.int64]


def _bin_sums(
    outcomes: v.FloatArray, prob: v.FloatArray, n_bins: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    # Equal bins (b/n, (b+1)/n], the first closed at 0: a probability on an
    # edge goes to the lower bin, as in sklearn.calibration.calibration_curve.
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], prob)
    total = np.bincount(ids, minlength=n_bins)
    return (
        np.bincount(ids, weights=outcomes, minlength=n_bins).astype(np.float64),
        np.bincount(ids, weights=prob, minlength=n_bins).astype(np.float64),
        total.astype(np.int64),
    )


def expected_brier_score(p: ArrayLike, q: ArrayLike) -> v.FloatResult:
    r"""The Brier score of the forecast ``q`` expected when the outcome follows ``p``.

    .. math::
        \mathbb{E}_{y \sim p}\,\mathrm{BS}(q, y)
        = \sum_y p_y \sum_k (q_k - [k = y])^2
        = \lVert q - p \rVert^2 + \left(1 - \lVert p \rVert^2\right)

    The second form splits it into a gap that only a forecast equal to
    ``p`` closes, and the score of the best forecast, :math:`1 - \lVert p
    \rVert^2`, which no forecast beats: the Brier score is strictly proper,
    as the NLL is (its expected value is the cross-entropy :math:`H(p, q)`,
    :math:`H(p)` plus a gap :math:`D_{KL}(p \| q)`).

    Parameters
    ----------
    p : array_like
        The distribution of the outcome, along the last axis.
    q : array_like
        The forecast; leading axes broadcast with ``p``.

    Returns
    -------
    numpy scalar or ndarray
        Between 0 and 2; 0 only for a certain outcome forecast with certainty.

    Raises
    ------
    ValueError
        If a row of ``p`` or ``q`` is not a probability distribution, or
        their last axes differ.

    Examples
    --------
    It is the average of :func:`brier_score` over the outcomes, weighted by ``p``:

    >>> import numpy as np, nllbook
    >>> p, q = np.array([0.7, 0.3]), np.array([0.4, 0.6])
    >>> by_outcome = p[0] * nllbook.brier_score(q, 0) + p[1] * nllbook.brier_score(q, 1)
    >>> bool(np.isclose(nllbook.expected_brier_score(p, q), by_outcome))
    True
    """
    p_arr = v.probabilities(p, "p")
    q_arr = v.probabilities(q, "q")
    v.same_last_axis(p_arr, q_arr, "p", "q")
    dtype = v.result_dtype(p_arr, q_arr)
    p_arr, q_arr = np.broadcast_arrays(p_arr.astype(dtype), q_arr.astype(dtype))
    gap = np.sum((q_arr - p_arr) ** 2, axis=-1)
    best = 1.0 - np.sum(p_arr * p_arr, axis=-1)
    return v.scalar_or_array(np.asarray(gap + best, dtype=dtype))


def calibration_curve(y_true: ArrayLike, y_prob: ArrayLike, n_bins: int = 10) -> CalibrationCurve:
    r"""Reliability diagram: observed frequency against predicted probability, bin by bin.

    The predictions are sorted into ``n_bins`` equal bins of [0, 1]; for each
    bin :math:`B_b` that holds any, with :math:`n_b` samples,

    .. math:: \mathrm{freq}_b = \frac{1}{n_b} \sum_{i \in B_b} y_i, \qquad
              \mathrm{conf}_b = \frac{1}{n_b} \sum_{i \in B_b} p_i .

    A calibrated model has :math:`\mathrm{freq}_b \approx \mathrm{conf}_b`:
    its points lie on the diagonal. Points below it are overconfident (the
    event happens less often than predicted).

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Outcomes, 0 or 1 (booleans allowed). For a multiclass model, pass
        ``top_label(probs, target).correct``.
    y_prob : array_like, shape (n,)
        Predicted probabilities of outcome 1, in [0, 1]; for a multiclass
        model, ``top_label(probs, target).confidence``.
    n_bins : int
        Number of equal bins of [0, 1]. Bin ``b`` holds the probabilities in
        ``(b / n_bins, (b + 1) / n_bins]``, and the first one also 0.

    Returns
    -------
    CalibrationCurve
        ``fraction_positive``, ``mean_predicted``, ``counts`` and ``bins`` for
        the non-empty bins only (empty bins have no frequency); the first
        two are what ``sklearn.calibration.calibration_curve`` returns.

    Raises
    ------
    ValueError
        If the outcomes are not 0 or 1, a probability is outside [0, 1] or
        NaN, the shapes differ, or ``n_bins`` is not an integer in
        [1, :data:`MAX_BINS`].

    Examples
    --------
    The counts add up to the samples, and the count-weighted mean of
    ``mean_predicted`` is the mean prediction:

    >>> import numpy as np, nllbook
    >>> y, p = np.array([0, 1, 1, 0, 1]), np.array([0.1, 0.35, 0.8, 0.3, 0.9])
    >>> c = nllbook.calibration_curve(y, p, n_bins=4)
    >>> c.bins.tolist(), c.counts.tolist(), c.fraction_positive.tolist()
    ([0, 1, 3], [1, 2, 2], [0.0, 0.5, 1.0])
    >>> bool(np.isclose(np.sum(c.counts * c.mean_predicted) / c.counts.sum(), p.mean()))
    True
    """
    outcomes, prob = _binary_outcomes(y_true, y_prob)
    bins = v.whole_number(n_bins, "n_bins", 1, MAX_BINS)
    hits, sums, total = _bin_sums(outcomes, prob, bins)
    full = np.flatnonzero(total)
    return CalibrationCurve(
        hits[full] / total[full], sums[full] / total[full], total[full], full.astype(np.int64)
    )


def expected_calibration_error(y_true: ArrayLike, y_prob: ArrayLike, n_bins: int = 10) -> float:
    r"""Expected calibration error: the mean gap of the reliability diagram.

    .. math:: \mathrm{ECE} = \sum_{b} \frac{n_b}{n}\,
              \bigl|\mathrm{freq}_b - \mathrm{conf}_b\bigr|

    over the non-empty bins of :func:`calibration_curve`, each weighted by
    its share of the samples. It is 0 for a model whose frequencies match
    its probabilities in every bin, and at most 1.

    It is a measure of calibration only: a model that always predicts the
    base rate of the outcome has an ECE of 0 and tells nothing about any
    one sample. And it depends on the bins: with fewer samples than bins
    most bins are nearly empty and the ECE is noisy.

    Parameters
    ----------
    y_true, y_prob, n_bins
        As :func:`calibration_curve`; for the usual multiclass ECE pass the
        two arrays of :func:`top_label`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`calibration_curve`.

    Examples
    --------
    Predicting the base rate is perfectly calibrated; the ECE is the
    count-weighted mean of the diagram's gaps:

    >>> import numpy as np, nllbook
    >>> y = np.array([1, 0, 1, 1, 0, 1, 0, 1])
    >>> float(nllbook.expected_calibration_error(y, np.full(8, y.mean())))
    0.0
    >>> p = np.array([0.9, 0.2, 0.6, 0.95, 0.4, 0.7, 0.1, 0.55])
    >>> c = nllbook.calibration_curve(y, p, n_bins=5)
    >>> gaps = np.abs(c.fraction_positive - c.mean_predicted)
    >>> bool(np.isclose(nllbook.expected_calibration_error(y, p, 5), np.sum(c.counts * gaps) / 8))
    True
    """
    curve = calibration_curve(y_true, y_prob, n_bins)
    gaps = np.abs(curve.fraction_positive - curve.mean_predicted)
    return float(np.sum(curve.counts * gaps) / np.sum(curve.counts))


def _temperature_bound(x: object, name: str) -> float:
    try:
        t = v.real_number(x, name)
    except ValueError:
        raise ValueError(f"{name}: must be a positive number, got {x!r}") from None
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"{name}: must be a finite number > 0, got {x!r}")
    return t


#: exp of this is below the largest float64: β is capped there.
_LOG_BETA_MAX = 709.0


def _slope(unit: v.FloatArray, idx: NDArray[np.intp], log_beta: float) -> float:
    """d/dβ of the mean NLL of softmax(β z), divided by ``s``: mean of E_q[z/s] − z_true/s.

    ``unit`` is ``z / s``, with ``s`` the largest ``|z|`` folded into
    ``log_beta`` (the log of β s): both sides stay far from overflow even
    for logits near 1e308 or a temperature of 1e-308. Never decreasing in β;
    only its sign is used.
    """
    beta = math.exp(min(log_beta, _LOG_BETA_MAX))
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp((unit - unit.max(axis=-1, keepdims=True)) * beta)
    q = e / e.sum(axis=-1, keepdims=True)
    expected = np.sum(q * unit, axis=-1)
    true = np.take_along_axis(unit, idx[..., None], axis=-1)[..., 0]
    return float(np.mean(expected - true))


def _mean_loss_at(z: v.FloatArray, idx: NDArray[np.intp], t: float) -> float:
    """Mean NLL of softmax(z / t), from ``(z - max z) / t``, which cannot overflow upwards.

    A difference ``z - max z`` below the most negative float, or its
    quotient by a tiny ``t``, becomes ``-inf``: a probability of exactly 0,
    as it should be, and an infinite loss only if it is the true class.
    """
    with np.errstate(over="ignore", under="ignore"):
        shifted = (z - z.max(axis=-1, keepdims=True)) / t
    return float(np.mean(_fused_index_loss(shifted, idx)))


def fit_temperature(
    logits: ArrayLike, target: ArrayLike, t_min: float = 0.01, t_max: float = 100.0
) -> float:
    r"""Temperature scaling: the T that minimises the mean NLL of ``softmax(logits / T)``.

    .. math:: T^\ast = \arg\min_{T > 0} \frac1n \sum_{i=1}^{n}
              -\log \operatorname{softmax}(z_i / T)_{y_i}

    Fitted on held-out data (a validation set), it is the usual way to
    calibrate a trained classifier after the fact: one number, which
    changes no prediction (dividing every logit of a row by the same T keeps
    their order) and only makes the probabilities more (T < 1) or less
    (T > 1) confident.

    Written with :math:`\beta = 1/T`, the loss
    :math:`\operatorname{LSE}(\beta z) - \beta z_y` is convex in β, with
    derivative :math:`\mathrm{E}_{q}[z] - z_y` (:math:`q` the softmax of
    :math:`\beta z`), which never decreases. The minimum is where the mean
    derivative changes sign; it is found by bisection on :math:`\log\beta`
    to full float64 precision.

    Parameters
    ----------
    logits : array_like, shape (n, K) or (..., K)
        Finite raw scores of held-out samples.
    target : array_like of int, shape ``logits.shape[:-1]``
        Their true classes.
    t_min, t_max : float
        The interval searched, ``0 < t_min < t_max``.

    Returns
    -------
    float
        The fitted temperature. When the loss still falls at an end of the
        interval, that end: ``t_min`` when every sample is classified
        correctly with a margin (sharpening without limit then lowers the
        loss for ever), ``t_max`` when the logits point the wrong way on
        average. When the loss does not depend on T at all (every row's
        logits equal), 1 clipped to the interval.

    Raises
    ------
    ValueError
        If ``logits`` is empty, not finite or has fewer than two classes,
        ``target`` is not class indices of shape ``logits.shape[:-1]``, or
        the bounds are not finite numbers with ``0 < t_min < t_max``.

    Examples
    --------
    At the fitted T the loss is lower than at its neighbours, and at T = 1:

    >>> import numpy as np, nllbook
    >>> z = np.array([[4.0, 1.0, 0.0], [3.0, 2.5, 0.0], [0.0, 5.0, 1.0], [2.0, 0.0, 3.5]])
    >>> y = np.array([0, 1, 1, 0])
    >>> t = nllbook.fit_temperature(z, y)
    >>> loss = lambda T: float(nllbook.cross_entropy_from_logits(z / T, y))
    >>> bool(loss(t) < min(loss(0.99 * t), loss(1.01 * t), loss(1.0)))
    True
    """
    arr = v.logits_array(logits, "logits")
    if not np.isfinite(arr).all():
        raise ValueError("logits: must be finite to be divided by a temperature")
    if arr.shape[-1] < 2:
        raise ValueError(f"logits: need at least two classes, got shape {arr.shape}")
    idx = _class_targets(target, arr.shape, "logits")
    lo_t, hi_t = _temperature_bound(t_min, "t_min"), _temperature_bound(t_max, "t_max")
    if not lo_t < hi_t:
        raise ValueError(f"t_min and t_max: need t_min < t_max, got {t_min!r} and {t_max!r}")
    z = arr.astype(np.float64)
    # The logits divided by their largest magnitude s, with s moved into β.
    s = float(np.max(np.abs(z)))
    unit = z / s if s > 0 else z
    log_s = math.log(s) if s > 0 else 0.0
    # β = 1/T runs from 1/t_max (flat) to 1/t_min (sharp).
    lo, hi = -math.log(hi_t), -math.log(lo_t)
    slope_lo, slope_hi = _slope(unit, idx, lo + log_s), _slope(unit, idx, hi + log_s)
    if slope_lo >= 0 and slope_hi <= 0:  # flat: the loss does not depend on T
        return min(max(1.0, lo_t), hi_t)
    if slope_hi <= 0:
        return lo_t
    if slope_lo >= 0:
        return hi_t
    while hi - lo > 1e-14 * max(1.0, abs(lo), abs(hi)):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if _slope(unit, idx, mid + log_s) < 0:
            lo = mid
        else:
            hi = mid
    return min(max(math.exp(-0.5 * (lo + hi)), lo_t), hi_t)


def temperature_nll(logits: ArrayLike, target: ArrayLike, temperature: ArrayLike) -> Any:
    r"""Mean NLL of ``softmax(logits / T)`` for one temperature or many.

    .. math:: \mathrm{NLL}(T) = \frac1n \sum_{i=1}^{n} -\log \operatorname{softmax}(z_i / T)_{y_i}

    The curve that :func:`fit_temperature` minimises. T = 1 is the model as
    trained; T → ∞ flattens every row to the uniform distribution, whose NLL
    is :math:`\ln K`.

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Finite raw scores.
    target : array_like of int, shape ``logits.shape[:-1]``
    temperature : float or array_like
        Temperatures > 0 (finite), any shape.

    Returns
    -------
    float or ndarray
        One mean NLL per temperature, in the shape of ``temperature``.

    Raises
    ------
    ValueError
        As :func:`fit_temperature`, or for a temperature that is not a
        finite number > 0.

    Examples
    --------
    T = 1 is the plain loss, and a huge T gives a uniform guess's ln K:

    >>> import numpy as np, nllbook
    >>> z, y = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0]]), np.array([0, 2])
    >>> curve = nllbook.temperature_nll(z, y, [1.0, 1e9])
    >>> bool(np.isclose(curve[0], nllbook.cross_entropy_from_logits(z, y)))
    True
    >>> bool(np.isclose(curve[1], np.log(3)))
    True
    """
    arr = v.logits_array(logits, "logits")
    if not np.isfinite(arr).all():
        raise ValueError("logits: must be finite to be divided by a temperature")
    idx = _class_targets(target, arr.shape, "logits")
    temps = v.float_array(temperature, "temperature")
    if not (np.isfinite(temps).all() and (temps > 0).all()):
        raise ValueError("temperature: must be finite numbers > 0")
    z = arr.astype(np.float64)
    out = np.array([_mean_loss_at(z, idx, float(t)) for t in temps.ravel()]).reshape(temps.shape)
    return float(out) if out.ndim == 0 else out
