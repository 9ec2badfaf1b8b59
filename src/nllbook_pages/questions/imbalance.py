"""The check-yourself questions of Imbalance and masking, computed by nllbook, and their oracles."""

from __future__ import annotations

import importlib.util

import numpy as np

import nllbook
from nllbook import conventions as cv

from ..quiz import Choice, Misconception, Numeric, Oracle, Question, Section
from ._common import _bits

__all__ = ["oracles", "questions"]


BASELINE = Section("imbalance", "The baseline: the entropy of the class shares")
WEIGHTS = Section("imbalance", "Class weights: the mean divides by the sum of the weights")
BEST = Section("imbalance", "What class weights do to the best prediction")
POS_WEIGHT = Section("imbalance", "pos_weight: weighting the positives of a binary loss")
FOCAL = Section("imbalance", "Focal loss: down-weighting the easy examples")
PADDING = Section("imbalance", "Padding: ignore_index and per-token averaging")

#: The padded batch of the padding question: three positions, the last one padding.
PADDING_CALLS = (
    "nn.CrossEntropyLoss(reduction='none')(logits, target).mean()",
    "nn.CrossEntropyLoss(reduction='sum')(logits, target) / len(target)",
    "nn.CrossEntropyLoss()(logits, target)",
)


def _padding_values(logits: np.ndarray, target: np.ndarray) -> tuple[float, float, float]:
    """What each call of :data:`PADDING_CALLS` returns, computed by the conventions."""
    losses = cv.torch_cross_entropy_loss(logits, target, reduction="none")
    total = cv.torch_cross_entropy_loss(logits, target, reduction="sum")
    return (
        float(np.mean(losses)),
        float(total) / target.size,
        float(cv.torch_cross_entropy_loss(logits, target)),
    )


def questions() -> list[Question]:
    # Class weights: three examples, the true class given 0.8, 0.8 and 0.2.
    q_rows = np.array([[0.8, 0.2]] * 3)
    y = np.array([0, 0, 1])
    w = np.array([1.0, 4.0])
    log_q = np.log(q_rows)
    weighted = float(cv.torch_nll_loss(log_q, y, weight=w))
    weighted_sum = float(cv.torch_nll_loss(log_q, y, weight=w, reduction="sum"))
    plain = float(cv.torch_nll_loss(log_q, y))

    # pos_weight: 20 % positives, w = 4.
    share, pw = 0.2, 4.0
    best = float(nllbook.reweighted_prior([1 - share, share], [1.0, pw])[1])

    # The baseline: shares 70 %, 20 %, 10 %.
    shares = np.array([0.7, 0.2, 0.1])
    k = shares.size

    # Focal loss: p_t = 0.6, gamma = 2.
    p_t, gamma = 0.6, 2.0
    z = [float(np.log(p_t / (1 - p_t)))]
    focal = float(nllbook.focal_loss(z, [1.0], gamma=gamma))
    ce = float(nllbook.binary_cross_entropy_from_logits(z, [1.0]))
    focal_gamma1 = float(nllbook.focal_loss(z, [1.0], gamma=1.0))

    # Padding: three positions of a vocabulary of 4, the last one padding.
    pad_logits = np.array([[2.0, 0.0, 0.0, -1.0], [0.0, 1.0, 0.5, 0.0], [0.3, 0.2, 0.1, 0.0]])
    pad_target = np.array([0, 2, cv.TORCH_IGNORE_INDEX])
    values = _padding_values(pad_logits, pad_target)
    kept = pad_target != cv.TORCH_IGNORE_INDEX
    per_token = float(cv.torch_cross_entropy_loss(pad_logits[kept], pad_target[kept]))
    right = [i for i, v in enumerate(values) if np.isclose(v, per_token, rtol=1e-12)]
    assert len(right) == 1  # the question has one right option

    return [
        Numeric(
            "weighted-mean",
            "A two-class model gives the true class the probabilities 0.8, 0.8 and 0.2 on three "
            "examples whose true classes are 0, 0 and 1. The loss is PyTorch's "
            "NLLLoss(weight=torch.tensor([1.0, 4.0])) on the log-probabilities, with its default "
            "reduction. What does it return?",
            answer=weighted,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the weighted sum divided by the number of examples",
                    f"{weighted_sum:.3f} / 3 divides by N. With class weights PyTorch's mean "
                    "divides by the sum of the weights of the examples' classes, 1 + 1 + 4.",
                    weighted_sum / y.size,
                    WEIGHTS,
                ),
                Misconception(
                    "the weights left out",
                    "That is the unweighted mean. The weight 4 multiplies the third example's "
                    "loss, and the mean divides by the weights' sum.",
                    plain,
                    WEIGHTS,
                ),
                Misconception(
                    "the weighted sum, not its mean",
                    "The default reduction is the mean: the weighted sum divided by the sum of "
                    "the weights.",
                    weighted_sum,
                    WEIGHTS,
                ),
            ],
            why="(2 · (−ln 0.8) + 4 · (−ln 0.2)) / (1 + 1 + 4): a weighted average of the "
            "examples' losses.",
        ),
        Numeric(
            "pos-weight-best",
            "A binary task has 20 % positives. A model that ignores its inputs and predicts the "
            "same probability for every example is trained with "
            "BCEWithLogitsLoss(pos_weight=torch.tensor(4.0)). What probability does it learn?",
            answer=best,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the share of positives",
                    "0.2 is the best prediction without pos_weight. Weighting the positives by 4 "
                    "moves the minimum to wπ / (wπ + 1 − π).",
                    share,
                    POS_WEIGHT,
                ),
                Misconception(
                    "the weight times the share, not renormalised",
                    "wπ = 0.8 must be divided by wπ + (1 − π): the weighted shares of both "
                    "classes.",
                    pw * share,
                    BEST,
                ),
            ],
            why="q* = 4 · 0.2 / (4 · 0.2 + 0.8): pos_weight = negatives / positives makes the "
            "two classes look equally common.",
        ),
        Numeric(
            "prior-baseline",
            "Three classes make up 70 %, 20 % and 10 % of the data. What loss, in nats, does a "
            "model reach that predicts these shares for every example, whatever its input?",
            answer=float(nllbook.entropy(shares)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "ln K, the loss of a uniform guess",
                    "ln 3 is the loss of predicting 1/3 for each class. Predicting the shares "
                    "does better: the loss is their entropy.",
                    float(nllbook.entropy(np.full(k, 1.0 / k))),
                    BASELINE,
                ),
                _bits(float(nllbook.entropy(shares, base=2)), BASELINE),
                Misconception(
                    "the loss of the commonest class alone",
                    "−ln 0.7 is the loss on the examples of the commonest class; the mean also "
                    "counts the others, at −ln 0.2 and −ln 0.1.",
                    float(nllbook.nll(shares, 0)),
                    BASELINE,
                ),
            ],
            why="H(p) = −(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1): the number a model must beat.",
        ),
        Numeric(
            "focal",
            "A positive example gets the probability p_t = 0.6 from the model. What is its focal "
            "loss with γ = 2 and no α, in nats?",
            answer=focal,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the cross-entropy",
                    "−ln 0.6 is the loss with γ = 0. The focal loss multiplies it by (1 − p_t)^γ.",
                    ce,
                    FOCAL,
                ),
                Misconception(
                    "γ left out of the factor",
                    "(1 − p_t) · (−ln p_t) is the focal loss with γ = 1; with γ = 2 the factor "
                    "is squared.",
                    focal_gamma1,
                    FOCAL,
                ),
                Misconception(
                    "p_t where 1 − p_t belongs",
                    "The factor is (1 − p_t)^γ, small for examples the model gets right; "
                    "p_t^γ would discount the wrong ones instead.",
                    p_t**gamma * ce,
                    FOCAL,
                ),
            ],
            why="(1 − 0.6)² · (−ln 0.6) = 0.16 · 0.511.",
        ),
        Choice(
            "padding",
            "A flattened batch of tokens has its padding positions marked with -100 in target. "
            "Which of these gives the mean loss per real token?",
            options=list(PADDING_CALLS),
            answer=right[0],
            misconceptions=[
                Misconception(
                    "padding counted in the mean",
                    "With reduction='none' the padding positions are 0, but .mean() still "
                    "divides by every position, padding included.",
                    0,
                    PADDING,
                ),
                Misconception(
                    "the sum divided by every position",
                    "len(target) counts the padding too; the default reduction divides by the "
                    "number of positions that are not ignored.",
                    1,
                    PADDING,
                ),
            ],
            why="With ignore_index=-100 (the default), the mean leaves the padding out of the "
            "sum and out of the count.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed from its wording with numpy, scipy and, for the
    PyTorch calls the padding question lists, torch itself (PyTorch is a test extra:
    without it the padding question has no oracle, and the tests say so)."""
    from scipy.optimize import brentq
    from scipy.stats import entropy

    # NLLLoss(weight=w), default 'mean': Σ w[y_i] · (−ln q_i) / Σ w[y_i].
    losses = -np.log([0.8, 0.8, 0.2])
    weights = np.array([1.0, 4.0])[[0, 0, 1]]
    weighted_sum = float(np.sum(weights * losses))

    # pos_weight = 4 with 20 % positives: the constant q minimises the mean loss
    # −(4 · 0.2 · ln q + 0.8 · ln(1 − q)), where its derivative in q is zero.
    def slope(q: float) -> float:
        return float(-4.0 * 0.2 / q + 0.8 / (1.0 - q))

    best = brentq(slope, 1e-9, 1 - 1e-9, xtol=1e-15, rtol=1e-15)

    # Focal loss of a positive with p_t = 0.6: (1 − p_t)^γ · (−ln p_t), γ = 2.
    ce = -np.log(0.6)

    made = {
        "weighted-mean": Oracle(
            weighted_sum / weights.sum(),
            {
                "the weighted sum divided by the number of examples": weighted_sum / 3,
                "the weights left out": losses.mean(),
                "the weighted sum, not its mean": weighted_sum,
            },
        ),
        "pos-weight-best": Oracle(
            best,
            {"the share of positives": 0.2, "the weight times the share, not renormalised": 0.8},
        ),
        "prior-baseline": Oracle(
            -np.sum(np.array([0.7, 0.2, 0.1]) * np.log([0.7, 0.2, 0.1])),
            {
                "ln K, the loss of a uniform guess": np.log(3),
                "bits instead of nats": entropy([0.7, 0.2, 0.1], base=2),
                "the loss of the commonest class alone": -np.log(0.7),
            },
        ),
        "focal": Oracle(
            (1 - 0.6) ** 2 * ce,
            {
                "the cross-entropy": ce,
                "γ left out of the factor": (1 - 0.6) * ce,
                "p_t where 1 − p_t belongs": 0.6**2 * ce,
            },
        ),
    }

    def padding() -> Oracle:
        """The padding question's key: its three calls evaluated by PyTorch itself."""
        import torch
        from scipy.special import log_softmax

        # Padding: the three calls the question lists, evaluated as written by torch on a batch
        # of five tokens, two of them padding (-100), against the mean over the three real tokens
        # (−ln softmax at the target, by scipy).
        logits = torch.tensor(
            [
                [1.5, -0.5, 0.2, 0.0],
                [0.1, 0.9, -1.2, 0.4],
                [2.0, 1.0, 0.0, -1.0],
                [-0.3, 0.2, 0.7, 1.1],
                [0.5, 0.5, -0.5, 0.0],
            ],
            dtype=torch.float64,
        )
        target = torch.tensor([2, 0, -100, 3, -100])
        real = (target != -100).numpy()
        log_q = log_softmax(logits.numpy(), axis=1)
        token_losses = -log_q[real, target.numpy()[real]]
        per_token = float(token_losses.mean())
        over_all = float(token_losses.sum() / target.numel())
        values = [
            float(eval(call, {"nn": torch.nn, "logits": logits, "target": target}))
            for call in PADDING_CALLS
        ]
        (right,) = [i for i, v in enumerate(values) if np.isclose(v, per_token, rtol=1e-12)]
        padded = [i for i, v in enumerate(values) if np.isclose(v, over_all, rtol=1e-12)]
        (counted,) = [i for i in padded if ".mean()" in PADDING_CALLS[i]]
        (by_len,) = [i for i in padded if "/ len(target)" in PADDING_CALLS[i]]
        return Oracle(
            right,
            {"padding counted in the mean": counted, "the sum divided by every position": by_len},
        )

    if importlib.util.find_spec("torch") is not None:
        made["padding"] = padding()
    return made
