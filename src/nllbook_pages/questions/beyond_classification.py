"""The check-yourself questions of Beyond classification, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import binary_distribution

from ..quiz import Choice, Misconception, Numeric, Oracle, Question
from ._common import DENSITIES, PERPLEXITY, REGRESSION, UNITS, _log10, _loss

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    std = float(nllbook.gaussian_nll(0.0, 0.0, 1.0))
    narrow = float(nllbook.gaussian_nll(0.0, 0.0, 0.1))
    k = 50
    ppl_uniform = float(nllbook.perplexity(_loss(np.full(k, 1 / k), 0)))
    return [
        Numeric(
            "gaussian",
            "A normal model with mean 0 and standard deviation 1 sees the value 0. Its NLL, "
            "in nats?",
            answer=std,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the normalising constant dropped",
                    "At the mean the squared error is 0, but the density's constant "
                    "½ ln(2πσ²) still counts.",
                    0.0,
                    REGRESSION,
                ),
                _log10(float(nllbook.gaussian_nll(0.0, 0.0, 1.0)) / float(np.log(10))),
            ],
            why="½ ln(2π) ≈ 0.919.",
        ),
        Choice(
            "negative",
            "Can a Gaussian NLL be negative?",
            options=["No: a loss is never below 0", "Yes, when the density exceeds 1"],
            answer=int(narrow < 0),
            misconceptions=[
                Misconception(
                    "a density read as a probability",
                    "A density can exceed 1, and −ln of it is then negative: with σ = 0.1, at "
                    f"the mean, the NLL is {narrow:.3f}.",
                    int(not narrow < 0),
                    DENSITIES,
                )
            ],
            why="Densities are not probabilities: only probabilities stay below 1.",
        ),
        Numeric(
            "ppl-uniform",
            f"A language model spreads its guess evenly over {k} tokens. Its perplexity?",
            answer=ppl_uniform,
            tolerance=0.1,
            misconceptions=[
                Misconception(
                    "the cross-entropy, not its exponential",
                    f"ln {k} is the mean NLL; perplexity is e to that power.",
                    _loss(np.full(k, 1 / k), 0),
                    PERPLEXITY,
                )
            ],
            why="A uniform guess over K has perplexity K.",
        ),
        Numeric(
            "ppl",
            "A model's mean NLL is 2 nats per token. Its perplexity?",
            answer=float(nllbook.perplexity(2.0)),
            tolerance=0.05,
            misconceptions=[
                Misconception(
                    "bits instead of nats",
                    "2 to the power 2 reads the NLL as bits; in nats, perplexity is e².",
                    float(nllbook.perplexity(2.0, base=2)),
                    PERPLEXITY,
                ),
                Misconception(
                    "log10 instead of ln",
                    "10² reads the NLL as a base-10 log; in nats, perplexity is e².",
                    float(nllbook.perplexity(2.0, base=10)),
                    PERPLEXITY,
                ),
            ],
            why="e² ≈ 7.39.",
        ),
        Numeric(
            "bpc",
            "A language model's mean NLL is 2 nats per character. How many bits per "
            "character is that?",
            answer=float(nllbook.bits_per_symbol(2.0)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "multiplied by ln 2 instead of divided",
                    "A nat is more than a bit: nats / ln 2 gives bits.",
                    2.0 * float(_loss(binary_distribution(0.5), 0)),
                    UNITS,
                )
            ],
            why="2 / ln 2 ≈ 2.885.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with scipy.stats.norm and plain numpy."""
    from scipy.stats import norm

    narrow = -norm.logpdf(0.0, loc=0.0, scale=0.1)
    return {
        "gaussian": Oracle(
            -norm.logpdf(0.0, loc=0.0, scale=1.0),
            {
                "the normalising constant dropped": 0.0,
                "log10 instead of ln": -np.log10(norm.pdf(0.0)),
            },
        ),
        # Options: 0 "No", 1 "Yes, when the density exceeds 1".
        "negative": Oracle(1 if narrow < 0 else 0, {"a density read as a probability": 0}),
        "ppl-uniform": Oracle(
            np.exp(-np.log(1 / 50)),
            {"the cross-entropy, not its exponential": np.log(50)},
        ),
        "ppl": Oracle(
            np.exp(2.0), {"bits instead of nats": 2.0**2, "log10 instead of ln": 10.0**2}
        ),
        "bpc": Oracle(2.0 / np.log(2), {"multiplied by ln 2 instead of divided": 2.0 * np.log(2)}),
    }
