"""The check-yourself questions of Entropy, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import examples as ex
from nllbook import one_hot

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import MOST_RANDOM, SURPRISE, _bits, _log10, _nats, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    fair, biased = ex.FAIR_DIE, ex.BIASED_DIE
    coin = np.array([0.5, 0.5])
    return [
        Numeric(
            "fair-die",
            "What is the entropy of a fair six-sided die, in nats?",
            answer=float(nllbook.entropy(fair)),
            tolerance=0.01,
            misconceptions=[
                _bits(float(nllbook.entropy(fair, base=2)), SURPRISE),
                _log10(float(nllbook.entropy(fair, base=10))),
            ],
            why="ln 6: every face is equally surprising.",
        ),
        Numeric(
            "biased-die-bits",
            f"A die shows faces 1–6 with probabilities {_vec(biased)}. Its entropy in bits?",
            answer=float(nllbook.entropy(biased, base=2)),
            tolerance=0.01,
            misconceptions=[
                _nats(float(nllbook.entropy(biased))),
                _log10(float(nllbook.entropy(biased, base=10))),
            ],
            why="The average surprise, −Σ p log₂ p.",
        ),
        Compare(
            "fair-or-biased",
            f"A fair six-sided die, and a biased one with the probabilities {_vec(biased)} "
            "for the faces 1–6. Which has the larger entropy?",
            ("The fair die's entropy", float(nllbook.entropy(fair))),
            ("The biased die's entropy", float(nllbook.entropy(biased))),
            misconceptions={
                "right": (
                    "a lopsided die taken as more random",
                    "Entropy measures how hard the outcome is to guess: the biased die is "
                    "easier (bet on six), so its entropy is lower.",
                    MOST_RANDOM,
                )
            },
            why="The uniform distribution has the largest entropy, ln 6.",
        ),
        Choice(
            "always-six",
            "A die always shows six. Its entropy?",
            options=["0", "Infinite", "Undefined (0 · ln 0)"],
            answer=0 if float(nllbook.entropy(one_hot(5, 6))) == 0.0 else 2,
            misconceptions=[
                Misconception(
                    "the surprise of an impossible face counted",
                    "The faces that never show carry weight 0: 0 · ln 0 = 0.",
                    1,
                    SURPRISE,
                ),
                Misconception(
                    "0 · ln 0 left undefined",
                    "By continuity, p ln p → 0 as p → 0, so the term is 0.",
                    2,
                    SURPRISE,
                ),
            ],
            why="No surprise at all: the outcome is certain.",
        ),
        Numeric(
            "coin-bits",
            "The entropy of a fair coin, in bits?",
            answer=float(nllbook.entropy(coin, base=2)),
            tolerance=0.01,
            misconceptions=[
                _nats(float(nllbook.entropy(coin))),
                _log10(float(nllbook.entropy(coin, 10))),
            ],
            why="One bit: one fair yes/no question.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with scipy.stats.entropy and plain numpy."""
    from scipy.stats import entropy

    biased = ex.BIASED_DIE
    always_six = entropy([0, 0, 0, 0, 0, 1])
    return {
        "fair-die": Oracle(
            np.log(6),
            {"bits instead of nats": np.log2(6), "log10 instead of ln": np.log10(6)},
        ),
        "biased-die-bits": Oracle(
            entropy(biased, base=2),
            {
                "nats instead of bits": -np.sum(biased * np.log(biased)),
                "log10 instead of ln": entropy(biased, base=10),
            },
        ),
        "fair-or-biased": Oracle(
            Oracle.larger(entropy(np.full(6, 1 / 6)), entropy(biased)),
            {"a lopsided die taken as more random": "right"},
        ),
        # Options: 0 "0", 1 "Infinite", 2 "Undefined (0 · ln 0)".
        "always-six": Oracle(
            0 if always_six == 0 else 2,
            {"the surprise of an impossible face counted": 1, "0 · ln 0 left undefined": 2},
        ),
        "coin-bits": Oracle(
            entropy([0.5, 0.5], base=2),
            {"nats instead of bits": np.log(2), "log10 instead of ln": np.log10(2)},
        ),
    }
