"""The check-yourself questions of In practice, computed by nllbook, and their oracles."""

from __future__ import annotations

import nllbook
from nllbook import binary_distribution, one_hot
from nllbook import conventions as cv
from nllbook import examples as ex

from ..quiz import Misconception, Numeric, Oracle, Question
from ._common import (
    _ORDINAL,
    BINARY,
    FLOOR,
    GRADIENT,
    LOGITS,
    MISTAKES,
    _bits,
    _logit_question,
    _loss,
    _sign,
    _vec,
)

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    z = ex.PRACTICE_LOGITS
    k = ex.PRACTICE_TARGET
    grad = nllbook.softmax_cross_entropy_gradient(z[None, :], [k])[0]
    q = nllbook.softmax(z)
    smooth = nllbook.smooth_labels(one_hot(k, z.size), 0.1)
    soft_ce = float(nllbook.cross_entropy(smooth, q))
    mistakes = {m.title: m for m in cv.classic_mistakes(z[None, :], [k])}
    kl_mean = next(m for m in mistakes.values() if "KLDivLoss" in m.title)
    bce0 = float(nllbook.binary_cross_entropy_from_logits([0.0], [1.0]))
    return [
        *_logit_question("logits", MISTAKES),
        Numeric(
            "gradient",
            f"Logits {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            "code). What is the gradient of the cross-entropy loss with respect to the true "
            "class's logit?",
            answer=float(grad[k]),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the sign of the gradient flipped",
                    "The gradient is softmax − one-hot: negative for the true class, so "
                    "gradient descent raises its logit.",
                    float(-grad[k]),
                    GRADIENT,
                ),
                Misconception(
                    "the one-hot term left out",
                    "That is the softmax probability alone; subtract the one-hot target.",
                    float(q[k]),
                    GRADIENT,
                ),
                Misconception(
                    "the class counted from 1 in code",
                    f"That is the gradient for index {k + 1}, the {_ORDINAL[k + 1]} class; code "
                    f"counts classes from 0, so the {_ORDINAL[k]} class is index {k}.",
                    float(q[k + 1] - 1.0),
                    LOGITS,
                ),
            ],
            why="q_true − 1.",
        ),
        Numeric(
            "soft-target",
            f"Logits z = {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            f"code). Its one-hot target is smoothed with ε = 0.1 over the {z.size} classes. "
            "What is the cross-entropy of this soft target with softmax(z), in nats?",
            answer=soft_ce,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "scipy.stats.entropy(p, q) read as the cross-entropy",
                    "SciPy with two arguments gives D_KL(p‖q) = H(p, q) − H(p). With a soft "
                    "target H(p) > 0, so the two differ.",
                    float(cv.scipy_entropy(smooth, q)),
                    MISTAKES,
                ),
                Misconception(
                    "the smoothing forgotten",
                    "That is the loss of the hard target.",
                    float(nllbook.cross_entropy_from_logits(z[None, :], [k])),
                    FLOOR,
                ),
            ],
            why="H(p, q) = −Σ p ln q, with the smoothed target as p and softmax(z) as q.",
        ),
        Numeric(
            "kl-div",
            f"Logits z = {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            "code). PyTorch's KLDivLoss is given log_softmax(z) and the one-hot target of the "
            "true class: what is the KL divergence per example (reduction='batchmean'), in "
            "nats?",
            answer=kl_mean.right,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "KLDivLoss left on reduction='mean'",
                    "'mean' divides by every element, the classes too; 'batchmean' divides "
                    "by the batch size only.",
                    kl_mean.wrong,
                    MISTAKES,
                )
            ],
            why="Only 'batchmean' gives the KL divergence per example.",
        ),
        Numeric(
            "bce-zero",
            "A binary classifier outputs the logit 0 and the label is 1. Its BCE loss, in nats?",
            answer=bce0,
            tolerance=0.01,
            misconceptions=[
                _sign(-bce0, BINARY),
                _bits(_loss(binary_distribution(0.5), 0, 2), BINARY),
                Misconception(
                    "a logit of 0 taken for a loss of 0",
                    "The logit is a score, not the loss: it gives class 1 the probability "
                    "sigmoid(0) = 0.5, and the loss is −ln 0.5.",
                    0.0,
                    BINARY,
                ),
            ],
            why="sigmoid(0) = 0.5, and −ln 0.5 = ln 2.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    import numpy as np
    from scipy.special import expit, log_softmax, softmax, xlogy
    from scipy.stats import entropy

    # The logits question: a cross-entropy loss on the logits, and its slips.
    z, t = ex.PRACTICE_LOGITS, ex.PRACTICE_TARGET
    log_q = log_softmax(z)
    keras_probs = np.clip(z / z.sum(), 1e-7, 1 - 1e-7)  # Keras without from_logits
    logits = Oracle(
        -log_q[t],
        {
            "the class counted from 1 in code": -log_q[t + 1],
            "softmax applied twice": -log_softmax(softmax(z))[t],
            "probabilities passed where log-probabilities were expected": -softmax(z)[t],
            "logits read as probabilities": -np.log(keras_probs[t]),
        },
    )
    q = softmax(z)
    smooth = 0.9 * np.eye(z.size)[t] + 0.1 / z.size
    # KLDivLoss(input, target) sums target · (ln target − input), with 0 · ln 0 = 0;
    # 'batchmean' divides by the batch size (1), 'mean' by every element.
    onehot = np.eye(z.size)[t]
    pointwise = xlogy(onehot, onehot) - onehot * log_q
    bce = -np.log(expit(0.0))
    return {
        "logits": logits,
        "gradient": Oracle(
            q[t] - 1,
            {
                "the sign of the gradient flipped": 1 - q[t],
                "the one-hot term left out": q[t],
                "the class counted from 1 in code": q[t + 1] - 1,
            },
        ),
        "soft-target": Oracle(
            -np.sum(smooth * log_q),
            {
                "scipy.stats.entropy(p, q) read as the cross-entropy": entropy(smooth, q),
                "the smoothing forgotten": -log_q[t],
            },
        ),
        "kl-div": Oracle(
            pointwise.sum() / 1,
            {"KLDivLoss left on reduction='mean'": pointwise.sum() / pointwise.size},
        ),
        "bce-zero": Oracle(
            bce,
            {
                "a missing minus sign": -bce,
                "bits instead of nats": -np.log2(expit(0.0)),
                "a logit of 0 taken for a loss of 0": 0.0,
            },
        ),
    }
