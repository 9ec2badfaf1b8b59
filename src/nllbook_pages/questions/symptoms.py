"""The check-yourself questions of Symptoms, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import binary_distribution, one_hot
from nllbook import conventions as cv

from ..quiz import Choice, Misconception, Numeric, Oracle, Question, Section
from ._common import _bits, _log10, _loss, _sign, _vec

__all__ = ["oracles", "questions"]


NEGATIVE_LOSS = Section("symptoms", "My loss is negative")
NAN_INF = Section("symptoms", "My loss is NaN or inf")
STUCK = Section("symptoms", "My loss is stuck at ln 2, or at ln K")
FIRST_LOSS = Section("symptoms", "My first loss is far from ln K")
ABOVE_ZERO = Section("symptoms", "My loss never gets near 0")
KERAS_ACCURACY = Section("symptoms", "Keras reports a high accuracy with binary cross-entropy")
KL_NEGATIVE = Section("symptoms", "KLDivLoss is negative")
FLOAT16 = Section("symptoms", "My loss breaks in float16")


def questions() -> list[Question]:
    q3 = np.array([0.7, 0.2, 0.1])
    nll_probs = float(cv.torch_nll_loss(q3[None, :], [0]))
    nll_right = float(cv.torch_nll_loss(np.log(q3)[None, :], [0]))
    shares = binary_distribution(0.8)
    stuck = float(nllbook.entropy(shares))
    k100 = np.full(100, 0.01)
    soft = binary_distribution(0.7)
    k5, uniform5 = 5, np.full((3, 5), 0.2)
    onehot5 = one_hot([1, 3, 4], k5)
    binary_acc = float(cv.keras_binary_accuracy(onehot5, uniform5))
    routes = ("naive", "softmax_then_log", "log_softmax")
    fp16 = [
        float(nllbook.cross_entropy_in_dtype([[0.0, -20.0]], [1], np.float16, r)[0]) for r in routes
    ]
    finite = [i for i, v in enumerate(fp16) if np.isfinite(v)]
    assert len(finite) == 1  # the question has one right option
    kl_calls = (
        "KLDivLoss(reduction='batchmean')(probs, target)",
        "KLDivLoss(reduction='batchmean')(probs.log(), target)",
        "KLDivLoss()(probs.log(), target)",
    )
    p_kl, q_kl = np.array([[0.0, 1.0, 0.0]]), np.array([[0.7, 0.2, 0.1]])
    kl_values = (
        float(cv.torch_kl_div_loss(q_kl, p_kl, reduction="batchmean")),
        float(cv.torch_kl_div_loss(np.log(q_kl), p_kl, reduction="batchmean")),
        float(cv.torch_kl_div_loss(np.log(q_kl), p_kl)),
    )
    negative = [i for i, v in enumerate(kl_values) if v < 0]
    assert negative == [0]  # the question's right option
    return [
        Numeric(
            "nll-probs",
            f"A model outputs the probabilities {_vec(q3)} and the true class is the first "
            "(index 0). They are passed to PyTorch's NLLLoss as they are, without a log. What "
            "does NLLLoss return?",
            answer=nll_probs,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the loss that was meant",
                    f"{nll_right:.3f} is −ln 0.7, what NLLLoss returns given log-probabilities. "
                    "NLLLoss takes no log: it returns minus whatever it is given.",
                    nll_right,
                    NEGATIVE_LOSS,
                ),
                _sign(-nll_probs, NEGATIVE_LOSS),
            ],
            why="NLLLoss returns −input[true class] = −0.7: a negative loss is the sign of "
            "probabilities where log-probabilities belong.",
        ),
        Numeric(
            "stuck-prior",
            "A binary classifier is trained on data with 80 % of the examples in one class. "
            "Its loss stops falling at the value a model reaches when it ignores the input and "
            "predicts the class shares. What value is that, in nats?",
            answer=stuck,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "ln 2, the loss of a uniform guess",
                    "ln 2 is where a model that says 0.5 for everything stays. Predicting the "
                    "shares 0.8 and 0.2 does better: the loss is their entropy.",
                    _loss(binary_distribution(0.5), 0),
                    STUCK,
                ),
                _bits(float(nllbook.entropy(shares, base=2)), STUCK),
                Misconception(
                    "the loss of the commonest class alone",
                    "−ln 0.8 is the loss on the examples of the commonest class; the mean over "
                    "all examples also counts the 20 % that cost −ln 0.2 each.",
                    _loss(shares, 0),
                    STUCK,
                ),
            ],
            why="H(0.8, 0.2) = −(0.8 ln 0.8 + 0.2 ln 0.2): the entropy of the class shares.",
        ),
        Numeric(
            "first-loss",
            "A freshly initialised classifier with 100 classes gives every class about the same "
            "probability. About what mean loss should its first batch show, in nats?",
            answer=_loss(k100, 0),
            tolerance=0.01,
            misconceptions=[
                _bits(_loss(k100, 0, base=2), FIRST_LOSS),
                _log10(_loss(k100, 0, base=10)),
                Misconception(
                    "the probability instead of the loss",
                    "0.01 is the probability of each class; the loss is its negative log.",
                    0.01,
                    FIRST_LOSS,
                ),
            ],
            why="−ln(1/100) = ln 100. A first loss far above it means the initial logits are "
            "too large.",
        ),
        Numeric(
            "floor",
            "Every target of a binary task is soft: 0.7 for one class and 0.3 for the other. "
            "What is the lowest mean cross-entropy any model can reach, in nats?",
            answer=float(nllbook.entropy(soft)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "a loss that can reach 0",
                    "Only a certain target lets the loss reach 0. Against a soft target the "
                    "best model predicts the target itself and still pays its entropy.",
                    0.0,
                    ABOVE_ZERO,
                ),
                _bits(float(nllbook.entropy(soft, base=2)), ABOVE_ZERO),
            ],
            why="The floor is H(p) = −(0.7 ln 0.7 + 0.3 ln 0.3), reached at q = p.",
        ),
        Numeric(
            "binary-accuracy",
            f"A model with {k5} classes and one-hot targets outputs 0.2 for every class of every "
            "example, a pure guess. What does Keras's binary accuracy (threshold 0.5) report?",
            answer=binary_acc,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "one right answer in K",
                    f"1/{k5} is what a guess scores on average when each example counts once. "
                    "Binary accuracy counts each of the K outputs: every 0 target is matched "
                    "by a prediction below 0.5.",
                    1 / k5,
                    KERAS_ACCURACY,
                ),
                Misconception(
                    "no right answer at all",
                    "The model never names the true class, but binary accuracy does not ask "
                    "for that: it counts the K − 1 outputs that are rightly below 0.5.",
                    0.0,
                    KERAS_ACCURACY,
                ),
            ],
            why=f"(K − 1)/K = {k5 - 1}/{k5}: each example has {k5 - 1} zeros rightly predicted.",
        ),
        Choice(
            "kl-negative",
            "The model's probabilities are probs = [0.7, 0.2, 0.1] and the target is the one-hot "
            "row [0, 1, 0]. Which of these PyTorch calls returns a negative number?",
            options=list(kl_calls),
            answer=negative[0],
            misconceptions=[
                Misconception(
                    "the reduction taken for the cause",
                    "'mean' divides by every element instead of the batch size: it changes the "
                    "scale, never the sign. The sign goes wrong when the input is not "
                    "log-probabilities.",
                    2,
                    KL_NEGATIVE,
                ),
            ],
            why="KLDivLoss expects log-probabilities as its input; given probabilities, it "
            "subtracts them where it should subtract their logs.",
        ),
        Choice(
            "float16",
            "Logits [0, −20], the true class is the second (index 1), and every step is "
            "computed in float16. Which way of computing the loss gives a finite number?",
            options=[
                "exp(z) / sum(exp(z)), then −log",
                "softmax(z), then −log",
                "log_softmax(z), as CrossEntropyLoss does",
            ],
            answer=finite[0],
            misconceptions=[
                Misconception(
                    "a stable softmax taken to be enough",
                    "Subtracting the largest logit stops the overflow, but the probability "
                    "e^−20 ≈ 2e−9 is still below float16's smallest number, 6e−8, and rounds "
                    "to 0 before the log.",
                    1,
                    FLOAT16,
                ),
            ],
            why="log_softmax never forms the tiny probability: it gives −(−20 − ln(1 + e^−20)).",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    from scipy.special import xlogy
    from scipy.stats import entropy

    probs = np.array([0.7, 0.2, 0.1])
    # Keras' binary accuracy: each of the 5 outputs of 3 one-hot examples counts,
    # right when (prediction > 0.5) equals the target.
    targets = np.eye(5)[[1, 3, 4]]
    binary_accuracy = np.mean((np.full((3, 5), 0.2) > 0.5) == targets)

    # KLDivLoss(input, target) = Σ target · (ln target − input), with 0 · ln 0 = 0;
    # 'batchmean' divides by the batch size (1 here), the default 'mean' by all elements.
    target = np.array([0.0, 1.0, 0.0])

    def kl_div(inputs: np.ndarray, by: int) -> float:
        return float(np.sum(xlogy(target, target) - target * inputs) / by)

    kl_calls = [kl_div(probs, 1), kl_div(np.log(probs), 1), kl_div(np.log(probs), 3)]
    # float16, logits [0, −20], true class 1: each route in float16.
    logits = np.array([0.0, -20.0], dtype=np.float16)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        naive = np.exp(logits) / np.exp(logits).sum()
        shifted = np.exp(logits - logits.max())
        stable = shifted / shifted.sum()
        log_probs = logits - logits.max() - np.log(shifted.sum())
        routes = [-np.log(naive[1]), -np.log(stable[1]), -log_probs[1]]
    assert all(np.asarray(r).dtype == np.float16 for r in routes)
    # Exactly one call is negative, and exactly one route finite (else the unpacking fails).
    (negative,) = [i for i, v in enumerate(kl_calls) if v < 0]
    (finite,) = [i for i, v in enumerate(routes) if np.isfinite(v)]
    return {
        "nll-probs": Oracle(
            -probs[0],
            {"the loss that was meant": -np.log(probs[0]), "a missing minus sign": probs[0]},
        ),
        "stuck-prior": Oracle(
            -(0.8 * np.log(0.8) + 0.2 * np.log(0.2)),
            {
                "ln 2, the loss of a uniform guess": np.log(2),
                "bits instead of nats": entropy([0.8, 0.2], base=2),
                "the loss of the commonest class alone": -np.log(0.8),
            },
        ),
        "first-loss": Oracle(
            -np.log(1 / 100),
            {
                "bits instead of nats": np.log2(100),
                "log10 instead of ln": np.log10(100),
                "the probability instead of the loss": 0.01,
            },
        ),
        "floor": Oracle(
            entropy([0.7, 0.3]),
            {"a loss that can reach 0": 0.0, "bits instead of nats": entropy([0.7, 0.3], base=2)},
        ),
        "binary-accuracy": Oracle(
            binary_accuracy, {"one right answer in K": 1 / 5, "no right answer at all": 0.0}
        ),
        # Options: the three calls; the slip blames the reduction of the third.
        "kl-negative": Oracle(
            negative,
            {"the reduction taken for the cause": 2},
        ),
        # Options: 0 exp / sum, 1 softmax then log, 2 log_softmax.
        "float16": Oracle(
            finite,
            {"a stable softmax taken to be enough": 1},
        ),
    }
