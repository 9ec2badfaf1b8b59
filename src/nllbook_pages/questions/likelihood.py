"""The check-yourself questions of Likelihood, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import examples as ex
from nllbook import one_hot

from ..quiz import Choice, Misconception, Numeric, Oracle, Question
from ._common import DATA_FIXED, MULTIPLY, ONE_HOT, PROB_OR_LIK, Q4, SWITCHES, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    k4, k3 = ex.FOURTH_CLASS, ex.THIRD_CLASS
    pair = np.stack([Q4, Q4])
    truths = np.array([k4, k3])
    lik_pair = float(np.prod(nllbook.likelihood(pair, truths)))
    y, y_hat = ex.BERNOULLI_Y, ex.BERNOULLI_Y_HAT
    thetas = np.linspace(0.0, 1.0, 101)
    flips = ex.COIN_FLIPS
    best = float(thetas[np.argmax(nllbook.bernoulli_likelihood_grid(flips, thetas))])
    heads = int(flips.sum())
    return [
        Numeric(
            "one-hot",
            f"The output is {_vec(Q4)} and the one-hot target is {_vec(one_hot(k3, 4))}. "
            "What is the likelihood (the dot product of the two)?",
            answer=float(nllbook.likelihood(Q4, k3)),
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "every class summed",
                    "Adding all the probabilities always gives 1. The one-hot target keeps "
                    "only the true class's probability.",
                    float(Q4.sum()),
                    ONE_HOT,
                )
            ],
            why="The one-hot vector picks the true class's probability.",
        ),
        Numeric(
            "two-samples",
            f"Two independent inputs both get the output {_vec(Q4)}; the true class of the "
            "first is the fourth class, that of the second the third. What is the likelihood "
            "of both?",
            answer=lik_pair,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "added instead of multiplied",
                    "Independent events have the probability of both as a product, not a sum.",
                    float(np.sum(nllbook.likelihood(pair, truths))),
                    MULTIPLY,
                ),
                Misconception(
                    "averaged instead of multiplied",
                    "The likelihood of a data set multiplies the samples' probabilities.",
                    float(np.mean(nllbook.likelihood(pair, truths))),
                    MULTIPLY,
                ),
            ],
            why="0.1 × 0.5: independent samples multiply.",
        ),
        Numeric(
            "bernoulli",
            f"Labels y = {[int(v) for v in y]}, predicted probabilities of 1: "
            f"{_vec(y_hat)}. What is the Bernoulli likelihood of the labels?",
            answer=float(nllbook.bernoulli_likelihood(y, y_hat)),
            tolerance=0.002,
            misconceptions=[
                Misconception(
                    "the exponent switch ignored",
                    "For a label 0 the factor is 1 − ŷ, the probability of 0, not ŷ.",
                    float(np.prod(y_hat)),
                    SWITCHES,
                )
            ],
            why="Each factor is ŷ for a 1 and 1 − ŷ for a 0.",
        ),
        Choice(
            "best-theta",
            f"Ten coin flips show {heads} heads. On a grid of θ, which probability of heads "
            "gives them the largest likelihood?",
            options=[f"θ = {best:.1f}", "θ = 0.5", f"θ = {1 - best:.1f}"],
            answer=0,
            misconceptions=[
                Misconception(
                    "the fair coin taken as the most likely",
                    "The data are fixed and θ moves: the likelihood peaks at the observed "
                    "share of heads, not at the fair coin.",
                    1,
                    DATA_FIXED,
                ),
                Misconception(
                    "the probability of tails",
                    f"θ is the probability of heads; {1 - best:.1f} is the share of tails.",
                    2,
                    DATA_FIXED,
                ),
            ],
            why="The maximum is at the share of heads observed.",
        ),
        Choice(
            "area",
            f"Ten coin flips show {heads} heads. Does their likelihood L(θ), as a function of "
            "the probability of heads θ from 0 to 1, have area 1 under its curve?",
            options=["Yes, as any probability distribution", "No"],
            answer=1,
            misconceptions=[
                Misconception(
                    "likelihood read as a probability distribution over θ",
                    "L(θ) is a probability of the data, seen as a function of θ; nothing "
                    "makes it integrate to 1 over θ.",
                    0,
                    PROB_OR_LIK,
                )
            ],
            why="A likelihood is not a distribution over the parameter.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    import scipy.integrate
    import scipy.special

    q = Q4
    target = np.eye(4)[2]  # the one-hot target of the third class
    both = [q[3], q[2]]  # fourth class for the first input, third for the second
    y, y_hat = ex.BERNOULLI_Y, ex.BERNOULLI_Y_HAT
    heads = int(ex.COIN_FLIPS.sum())
    n = ex.COIN_FLIPS.size

    def lik(theta: float) -> float:
        return float(theta**heads * (1 - theta) ** (n - heads))

    thetas = np.linspace(0.0, 1.0, 101)
    best = thetas[np.argmax([lik(t) for t in thetas])]
    # Options as worded: the grid's best θ, the fair coin, and one minus the best.
    offered = [best, 0.5, 1 - best]
    area = scipy.integrate.quad(lik, 0.0, 1.0)[0]
    assert np.isclose(area, scipy.special.beta(heads + 1, n - heads + 1))
    return {
        "one-hot": Oracle(float(q @ target), {"every class summed": 1.0}),
        "two-samples": Oracle(
            both[0] * both[1],
            {
                "added instead of multiplied": both[0] + both[1],
                "averaged instead of multiplied": (both[0] + both[1]) / 2,
            },
        ),
        "bernoulli": Oracle(
            float(np.prod(np.where(y == 1, y_hat, 1 - y_hat))),
            {"the exponent switch ignored": float(np.prod(y_hat))},
        ),
        "best-theta": Oracle(
            int(np.argmax([lik(t) for t in offered])),
            {
                "the fair coin taken as the most likely": offered.index(0.5),
                "the probability of tails": 2,
            },
        ),
        # Options: 0 "Yes", 1 "No".
        "area": Oracle(
            0 if np.isclose(area, 1.0) else 1,
            {"likelihood read as a probability distribution over θ": 0},
        ),
    }
