"""The check-yourself questions of Negative, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import binary_distribution
from nllbook import examples as ex

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import FLIP, MISTAKES, OPTIMUM, Q4, _bits, _log10, _loss, _mean, _sign, _sum, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    k4, k3 = ex.FOURTH_CLASS, ex.THIRD_CLASS
    batch = np.stack([Q4, Q4])
    truths = np.array([k4, k3])
    mean = float(nllbook.nll(batch, truths, reduction="mean"))
    total = float(nllbook.nll(batch, truths, reduction="sum"))
    half = _loss(binary_distribution(0.5), 0)
    flips = ex.COIN_FLIPS
    thetas = np.linspace(0.0, 1.0, 101)
    argmax = float(thetas[np.argmax(nllbook.bernoulli_likelihood_grid(flips, thetas))])
    argmin = float(thetas[np.argmin(nllbook.bernoulli_nll_grid(flips, thetas))])
    return [
        Numeric(
            "half",
            "The model gives the true class probability 0.5. Its loss, in nats?",
            answer=half,
            tolerance=0.01,
            misconceptions=[
                _sign(-half),
                _bits(_loss(binary_distribution(0.5), 0, 2)),
                _log10(_loss(binary_distribution(0.5), 0, 10)),
            ],
            why="−ln 0.5 = ln 2.",
        ),
        Numeric(
            "batch-mean",
            f"A batch of two inputs, both with output {_vec(Q4)}; the true class of the first "
            "is the fourth class, that of the second the third. What is the mean NLL (the "
            "default reduction), in nats?",
            answer=mean,
            tolerance=0.01,
            misconceptions=[_sum(total), _sign(-mean)],
            why="The two losses, −ln 0.1 and −ln 0.5, averaged.",
        ),
        Numeric(
            "batch-sum",
            f"A batch of two inputs, both with output {_vec(Q4)}; the true class of the first "
            "is the fourth class, that of the second the third. What is the NLL with "
            "reduction='sum', in nats?",
            answer=total,
            tolerance=0.01,
            misconceptions=[_mean(mean)],
            why="The total grows with the batch; the mean does not.",
        ),
        Numeric(
            "halving",
            "By how much, in nats, does the loss grow when the true class's probability is "
            "halved, from 0.1 to 0.05?",
            answer=_loss(binary_distribution(0.05), 0) - _loss(binary_distribution(0.1), 0),
            tolerance=0.01,
            misconceptions=[
                _bits(
                    _loss(binary_distribution(0.05), 0, 2) - _loss(binary_distribution(0.1), 0, 2)
                ),
                _log10(
                    _loss(binary_distribution(0.05), 0, 10) - _loss(binary_distribution(0.1), 0, 10)
                ),
            ],
            why="ln 2, whatever the starting probability: the log turns ratios into steps.",
        ),
        Compare(
            "optimum",
            f"Ten coin flips show {int(flips.sum())} heads. On a grid of θ, compare the θ "
            "that maximises the likelihood with the θ that minimises the NLL.",
            ("The likelihood's maximiser", argmax),
            ("The NLL's minimiser", argmin),
            misconceptions={
                "left": (
                    "the minus sign taken to move the optimum",
                    "−ln is decreasing: the highest likelihood is the lowest NLL, at the same θ.",
                    OPTIMUM,
                ),
                "right": (
                    "the minus sign taken to move the optimum",
                    "−ln is decreasing: the highest likelihood is the lowest NLL, at the same θ.",
                    OPTIMUM,
                ),
            },
            why="Both are at the share of heads: the log and the sign keep the optimum.",
        ),
        Choice(
            "negative-loss",
            "A training run prints a negative NLL loss for a classifier. What happened?",
            options=[
                "The model is better than perfect",
                "Probabilities were passed where log-probabilities were expected",
                "Nothing unusual: NLL is often negative",
            ],
            answer=1,
            misconceptions=[
                Misconception(
                    "a negative NLL taken as normal",
                    "For class probabilities −ln q ≥ 0. A negative value is the signature of "
                    "NLLLoss fed probabilities: it returns −q, with no log.",
                    2,
                    MISTAKES,
                ),
                Misconception(
                    "a loss below 0 read as better than perfect",
                    "A perfect prediction, q = 1, costs exactly 0; nothing goes below.",
                    0,
                    FLIP,
                ),
            ],
            why="NLLLoss takes log-probabilities and only picks and negates them.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy from its wording."""
    losses = -np.log([Q4[3], Q4[2]])  # the fourth class, then the third
    mean, total = losses.mean(), losses.sum()
    heads = ex.COIN_FLIPS.sum()
    tails = ex.COIN_FLIPS.size - heads
    thetas = np.linspace(0.0, 1.0, 101)
    with np.errstate(divide="ignore", invalid="ignore"):
        nll = -(heads * np.log(thetas) + tails * np.log(1 - thetas))
    likelihood = thetas**heads * (1 - thetas) ** tails
    # A classifier's NLL is −ln q ≥ 0; NLLLoss fed a probability returns −q < 0.
    fed_probabilities = -Q4[2]
    assert np.all(-np.log(Q4) >= 0) and fed_probabilities < 0
    moved = "the minus sign taken to move the optimum"
    return {
        "half": Oracle(
            -np.log(0.5),
            {
                "a missing minus sign": np.log(0.5),
                "bits instead of nats": -np.log2(0.5),
                "log10 instead of ln": -np.log10(0.5),
            },
        ),
        "batch-mean": Oracle(
            mean, {"a sum where a mean was asked": total, "a missing minus sign": -mean}
        ),
        "batch-sum": Oracle(total, {"a mean where a sum was asked": mean}),
        "halving": Oracle(
            -np.log(0.05) + np.log(0.1),
            {
                "bits instead of nats": -np.log2(0.05) + np.log2(0.1),
                "log10 instead of ln": -np.log10(0.05) + np.log10(0.1),
            },
        ),
        "optimum": Oracle(
            Oracle.larger(thetas[np.argmax(likelihood)], thetas[np.argmin(nll)]),
            {moved: ("left", "right")},
        ),
        # Options: 0 "better than perfect", 1 "probabilities for log-probabilities",
        # 2 "nothing unusual".
        "negative-loss": Oracle(
            1,
            {
                "a negative NLL taken as normal": 2,
                "a loss below 0 read as better than perfect": 0,
            },
        ),
    }
