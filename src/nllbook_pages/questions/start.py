"""The check-yourself questions of Start, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import examples as ex

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import GOOD, Q4, THREE_WORDS, _bits, _log10, _loss, _sign, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    k4, k3 = ex.FOURTH_CLASS, ex.THIRD_CLASS
    ln_k = _loss(np.full(4, 0.25), 0)
    judged = _loss(Q4, 1)
    return [
        Numeric(
            "fourth",
            f"The classifier says {_vec(Q4)} for four classes, and the truth is the fourth "
            "class. What is its negative log-likelihood, in nats?",
            answer=_loss(Q4, k4),
            tolerance=0.01,
            misconceptions=[
                _bits(_loss(Q4, k4, 2)),
                _log10(_loss(Q4, k4, 10)),
                _sign(-_loss(Q4, k4), THREE_WORDS),
            ],
            why="−ln 0.1: only the probability of the true class counts.",
        ),
        Numeric(
            "third",
            f"The classifier says {_vec(Q4)} for four classes, and the truth is the third "
            "class. What is its negative log-likelihood, in nats?",
            answer=_loss(Q4, k3),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the probability, not the loss",
                    "That is the likelihood q of the true class. The loss is −ln q.",
                    float(nllbook.likelihood(Q4, k3)),
                    THREE_WORDS,
                ),
                _bits(_loss(Q4, k3, 2)),
                _log10(_loss(Q4, k3, 10)),
            ],
            why="−ln 0.5 = ln 2.",
        ),
        Compare(
            "which-class",
            f"The classifier says {_vec(Q4)} for four classes. Which loss is larger?",
            ("The loss when the truth is the fourth class", _loss(Q4, k4)),
            ("The loss when the truth is the third class", _loss(Q4, k3)),
            misconceptions={
                "right": (
                    "a larger probability read as a larger loss",
                    "The loss falls as the true class's probability rises: the third class "
                    "has 0.5, the fourth only 0.1.",
                    GOOD,
                )
            },
            why="The fourth class got 0.1, the third 0.5: the less probable truth costs more.",
        ),
        Numeric(
            "uniform",
            "A classifier that knows nothing says 1/4 for each of four classes. What is its "
            "loss, in nats, whatever the true class?",
            answer=ln_k,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the probability, not the loss",
                    "0.25 is the probability; the loss is −ln 0.25 = ln 4.",
                    0.25,
                    THREE_WORDS,
                ),
                _bits(_loss(np.full(4, 0.25), 0, 2)),
                _log10(_loss(np.full(4, 0.25), 0, 10)),
            ],
            why="ln K for K classes: the baseline any useful model must beat.",
        ),
        Choice(
            "baseline",
            f"On a four-class problem a model's loss is {judged:.2f} nats. What can you say?",
            options=[
                "It is bad: a loss above 1 means the model is mostly wrong.",
                f"It beats a uniform guess, whose loss is ln 4 ≈ {ln_k:.2f}, but not by much.",
                "It is excellent: the loss is small.",
            ],
            answer=1 if judged < ln_k else 0,
            misconceptions=[
                Misconception(
                    "a loss judged without the ln K baseline",
                    "A loss has no absolute scale: compare it with ln K, the loss of a "
                    "uniform guess over K classes.",
                    0,
                    GOOD,
                )
            ],
            why=f"{judged:.2f} < ln 4 ≈ {ln_k:.2f}: better than knowing nothing, not by much.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy from its wording."""
    q = Q4  # the four probabilities the questions show
    fourth, third = q[3], q[2]  # the fourth and third classes, counted from 1
    uniform_loss = -np.log(0.25)
    judged = -np.log(q[1])  # the loss the "baseline" question shows: −ln 0.3
    return {
        "fourth": Oracle(
            -np.log(fourth),
            {
                "bits instead of nats": -np.log2(fourth),
                "log10 instead of ln": -np.log10(fourth),
                "a missing minus sign": np.log(fourth),
            },
        ),
        "third": Oracle(
            -np.log(third),
            {
                "the probability, not the loss": third,
                "bits instead of nats": -np.log2(third),
                "log10 instead of ln": -np.log10(third),
            },
        ),
        "which-class": Oracle(
            Oracle.larger(-np.log(fourth), -np.log(third)),
            {"a larger probability read as a larger loss": "right"},
        ),
        "uniform": Oracle(
            uniform_loss,
            {
                "the probability, not the loss": 0.25,
                "bits instead of nats": np.log2(4),
                "log10 instead of ln": np.log10(4),
            },
        ),
        # Options: 0 "bad: above 1", 1 "beats the uniform guess, not by much", 2 "excellent".
        "baseline": Oracle(
            1 if judged < uniform_loss and uniform_loss - judged < 0.5 else 0,
            {"a loss judged without the ln K baseline": 0},
        ),
    }
