"""The check-yourself questions of Errata, computed by nllbook, and their oracles."""

from __future__ import annotations

import nllbook
from nllbook import examples as ex

from ..quiz import Compare, Misconception, Numeric, Oracle, Question
from ._common import ORIENTATIONS, Q4, RECOMPUTED, _bits, _log10, _loss, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    biased = ex.ENTROPY_BIASED_DIE
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    k4 = ex.FOURTH_CLASS
    return [
        Numeric(
            "biased-entropy",
            f"Recompute the entropy of the die {_vec(ex.BIASED_DIE)}, in nats.",
            answer=float(biased.value),
            tolerance=0.01,
            misconceptions=[
                _bits(float(nllbook.entropy(ex.BIASED_DIE, base=2))),
                _log10(float(nllbook.entropy(ex.BIASED_DIE, base=10))),
                Misconception(
                    "the tutorial's printed figure",
                    f"{biased.printed} is what the tutorial prints, but its own terms, five "
                    "times −0.1 ln 0.1 and once −0.5 ln 0.5, add up to more.",
                    float(biased.article_value or 0.0),
                    RECOMPUTED,
                ),
            ],
            why="−Σ p ln p over the six faces.",
        ),
        Numeric(
            "tutorial-order",
            f"The tutorial scores its biased belief {_vec(q)} against the observed "
            f"frequencies {_vec(p)}, weighting by the belief. In the machine-learning "
            "orientation, with the observed frequencies as p and the belief as q, what is "
            "the cross-entropy H(p, q), in nats?",
            answer=float(nllbook.cross_entropy(p, q)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "p and q swapped",
                    "That is H(q, p), the tutorial's order; a loss weights the model's logs "
                    "by the data.",
                    float(nllbook.cross_entropy(q, p)),
                    ORIENTATIONS,
                )
            ],
            why="Data first, model second.",
        ),
        Numeric(
            "fourth-nll",
            f"The first article's loss for the fourth class of {_vec(Q4)}, in nats?",
            answer=float(ex.NLL_FOURTH.value),
            tolerance=0.01,
            misconceptions=[_log10(_loss(Q4, k4, 10)), _bits(_loss(Q4, k4, 2))],
            why="−ln 0.1.",
        ),
        Compare(
            "printed",
            f"The first article's classifier says {_vec(Q4)} and the truth is the fourth "
            "class. Compare the likelihood with the loss.",
            ("The likelihood", float(ex.LIKELIHOOD_FOURTH.value)),
            ("The negative log-likelihood", float(ex.NLL_FOURTH.value)),
            misconceptions={
                "left": (
                    "the likelihood taken for the loss",
                    "The likelihood is the probability, at most 1; the loss is its negative log.",
                    RECOMPUTED,
                )
            },
            why="0.1 against −ln 0.1 ≈ 2.30.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy from its wording."""
    import numpy as np

    die = ex.BIASED_DIE
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    fourth = Q4[3]
    return {
        "biased-entropy": Oracle(
            -np.sum(die * np.log(die)),
            {
                "bits instead of nats": -np.sum(die * np.log2(die)),
                "log10 instead of ln": -np.sum(die * np.log10(die)),
                # The figure as the tutorial printed it (data, not a computation).
                "the tutorial's printed figure": float(ex.ENTROPY_BIASED_DIE.printed or "nan"),
            },
        ),
        "tutorial-order": Oracle(
            -np.sum(p * np.log(q)), {"p and q swapped": -np.sum(q * np.log(p))}
        ),
        "fourth-nll": Oracle(
            -np.log(fourth),
            {"log10 instead of ln": -np.log10(fourth), "bits instead of nats": -np.log2(fourth)},
        ),
        "printed": Oracle(
            Oracle.larger(fourth, -np.log(fourth)), {"the likelihood taken for the loss": "left"}
        ),
    }
