"""The check-yourself questions of Log, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import binary_distribution
from nllbook import examples as ex

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import IMPOSSIBLE, Q4, SUMS, UNITS, _log10, _loss, _nats, _sign, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    k4 = ex.FOURTH_CLASS
    pair = np.array([0.5, 0.1])
    log_sum = float(nllbook.sum_of_log_probabilities(pair))
    eighth = np.full(8, 1 / 8)
    return [
        Numeric(
            "sum-of-logs",
            "Two independent samples get probabilities 0.5 and 0.1. What is the log of "
            "their likelihood (natural log)?",
            answer=log_sum,
            tolerance=0.01,
            misconceptions=[
                _sign(-log_sum, SUMS),
                _log10(
                    -(
                        _loss(binary_distribution(0.5), 0, 10)
                        + _loss(binary_distribution(0.1), 0, 10)
                    )
                ),
            ],
            why="ln 0.5 + ln 0.1: the log turns the product into a sum, and it is negative.",
        ),
        Numeric(
            "bits",
            f"The truth is the fourth class of {_vec(Q4)}. Its loss in bits?",
            answer=_loss(Q4, k4, 2),
            tolerance=0.01,
            misconceptions=[_nats(_loss(Q4, k4)), _log10(_loss(Q4, k4, 10))],
            why="−log₂ 0.1 = ln 10 / ln 2.",
        ),
        Numeric(
            "surprise",
            "An outcome has probability 1/8. How surprising is it, in bits?",
            answer=_loss(eighth, 0, 2),
            tolerance=0.01,
            misconceptions=[_nats(_loss(eighth, 0)), _log10(_loss(eighth, 0, 10))],
            why="Three fair coin tosses' worth: 1/8 = (1/2)³.",
        ),
        Compare(
            "units",
            f"The truth is the fourth class of {_vec(Q4)}. Its loss is computed in bits and "
            "in nats. Which number is larger?",
            ("The loss in bits", _loss(Q4, k4, 2)),
            ("The loss in nats", _loss(Q4, k4)),
            misconceptions={
                "equal": (
                    "the unit taken as a label only",
                    "Changing the base rescales the number: bits = nats / ln 2.",
                    UNITS,
                ),
                "right": (
                    "the factor ln 2 the wrong way round",
                    "A bit is a smaller unit than a nat: the same loss is more bits.",
                    UNITS,
                ),
            },
            why="1 nat = 1/ln 2 ≈ 1.44 bits.",
        ),
        Choice(
            "impossible",
            "A model gives probability 0 to the class that turns out to be true. Its loss?",
            options=["0", "A large but finite number", "Infinite"],
            answer=2,
            misconceptions=[
                Misconception(
                    "0 · ln 0 = 0 applied to the true class",
                    "That convention is for terms weighted by a zero probability. Here the "
                    "weight is 1 and −ln 0 = ∞.",
                    0,
                    IMPOSSIBLE,
                )
            ],
            why="−ln 0 = +∞. numpy.log(0) returns −inf with a RuntimeWarning (divide by "
            "zero), which is easy to miss in a training log; libraries that clip return a "
            "large finite number instead.",
        ),
        Numeric(
            "underflow",
            "In float64, after how many factors of 0.1 does a running product become 0?",
            answer=float(nllbook.underflow_point(0.1)),
            tolerance=0.5,
            digits=0,
            misconceptions=[],
            hint="Think of the smallest positive float64 (subnormals included), about 5e-324.",
            why="Past the subnormals the product rounds to 0; the sum of logs never does.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and a float64 loop."""
    fourth = Q4[3]
    log_lik = np.log(0.5) + np.log(0.1)
    with np.errstate(divide="ignore"):
        zero_loss = -np.log(0.0)
    product, factors = 1.0, 0
    while product != 0.0:
        product *= 0.1
        factors += 1
    return {
        "sum-of-logs": Oracle(
            log_lik,
            {
                "a missing minus sign": -log_lik,
                "log10 instead of ln": np.log10(0.5) + np.log10(0.1),
            },
        ),
        "bits": Oracle(
            -np.log2(fourth),
            {"nats instead of bits": -np.log(fourth), "log10 instead of ln": -np.log10(fourth)},
        ),
        "surprise": Oracle(
            -np.log2(1 / 8),
            {"nats instead of bits": -np.log(1 / 8), "log10 instead of ln": -np.log10(1 / 8)},
        ),
        "units": Oracle(
            Oracle.larger(-np.log2(fourth), -np.log(fourth)),
            {
                "the unit taken as a label only": "equal",
                "the factor ln 2 the wrong way round": "right",
            },
        ),
        # Options: 0 "0", 1 "A large but finite number", 2 "Infinite".
        "impossible": Oracle(
            2 if np.isposinf(zero_loss) else 1,
            {"0 · ln 0 = 0 applied to the true class": 0},
        ),
        "underflow": Oracle(factors),
    }
