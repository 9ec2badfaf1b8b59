"""The check-yourself questions of NLL is cross-entropy, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import examples as ex

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import BACK, IN_CODE, REGROUP, _bits, _logit_question, _loss, _sum, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    rolls = ex.simulated_rolls(6)
    model = ex.BIASED_DIE
    probs = np.tile(model, (rolls.size, 1))
    mean = float(nllbook.nll(probs, rolls))
    total = float(nllbook.nll(probs, rolls, reduction="sum"))
    emp = nllbook.empirical_distribution(rolls, 6)
    twice = np.concatenate([rolls, rolls])
    faces = ", ".join(str(int(r) + 1) for r in rolls)
    fair_mean = float(nllbook.nll(np.tile(ex.FAIR_DIE, (rolls.size, 1)), rolls))
    ln6 = _loss(ex.FAIR_DIE, 0)
    return [
        Numeric(
            "rolls",
            f"Six rolls show the faces {faces}. A model says {_vec(model)}. What is the mean "
            "NLL of the rolls, in nats?",
            answer=mean,
            tolerance=0.01,
            misconceptions=[
                _sum(total),
                _bits(float(nllbook.cross_entropy(emp, model, base=2)), REGROUP),
            ],
            why="Mean NLL = H(p̂, q): the same number, regrouped by face.",
        ),
        Numeric(
            "twice",
            f"Six rolls show the faces {faces}, and are recorded twice (twelve rolls). A "
            f"model says {_vec(model)}. What is the mean NLL of the twelve rolls, in nats?",
            answer=float(nllbook.nll(np.tile(model, (twice.size, 1)), twice)),
            tolerance=0.01,
            misconceptions=[
                _sum(float(nllbook.nll(np.tile(model, (twice.size, 1)), twice, "sum")))
            ],
            why="The frequencies p̂ do not change, so neither does H(p̂, q).",
        ),
        Choice(
            "best-model",
            f"Six rolls show the faces {faces}. Among all dice, which model gives these "
            "rolls the lowest mean NLL?",
            options=[
                "A fair die",
                "The frequencies of the rolls themselves",
                "A die biased to six",
            ],
            answer=1,
            misconceptions=[
                Misconception(
                    "the fair die taken as the safe best",
                    "The mean NLL is H(p̂, q) ≥ H(p̂), reached only at q = p̂: maximum "
                    "likelihood picks the observed frequencies.",
                    0,
                    BACK,
                )
            ],
            why="Maximum likelihood returns the empirical distribution.",
        ),
        Compare(
            "fair-ln6",
            f"Six rolls show the faces {faces}. Compare the mean NLL of a fair-die model "
            "on them with ln 6.",
            ("The fair die's mean NLL", fair_mean),
            ("ln 6", ln6),
            misconceptions={
                "left": (
                    "the data taken to move a uniform model's loss",
                    "Every face costs −ln(1/6) under the fair die, whatever was rolled.",
                    REGROUP,
                ),
                "right": (
                    "the data taken to move a uniform model's loss",
                    "Every face costs −ln(1/6) under the fair die, whatever was rolled.",
                    REGROUP,
                ),
            },
            tolerance=1e-9,
            why="A uniform model scores ln K on any data.",
        ),
        *_logit_question("logits", IN_CODE),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    from scipy.special import log_softmax, softmax

    # The six rolls the questions show: the first draws of the book's fixed
    # sequence of rolls of the observed die (faces 0..5 in code).
    rng = np.random.default_rng(ex.ROLLS_SEED)
    rolls = rng.choice(6, size=ex.MAX_ROLLS, p=ex.OBSERVED_DIE)[:6]
    model = ex.BIASED_DIE
    losses = -np.log(model[rolls])
    twelve = -np.log(model[np.concatenate([rolls, rolls])])
    frequencies = np.bincount(rolls, minlength=6) / rolls.size
    # Options: 0 a fair die, 1 the rolls' own frequencies, 2 a die biased to six.
    candidates = [np.full(6, 1 / 6), frequencies, model]
    mean_nll = [float(np.mean(-np.log(c[rolls]))) for c in candidates]
    fair_mean = float(np.mean(-np.log(np.full(6, 1 / 6)[rolls])))
    moved = "the data taken to move a uniform model's loss"

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
    return {
        "rolls": Oracle(
            losses.mean(),
            {
                "a sum where a mean was asked": losses.sum(),
                "bits instead of nats": np.mean(-np.log2(model[rolls])),
            },
        ),
        "twice": Oracle(twelve.mean(), {"a sum where a mean was asked": twelve.sum()}),
        "best-model": Oracle(int(np.argmin(mean_nll)), {"the fair die taken as the safe best": 0}),
        "fair-ln6": Oracle(Oracle.larger(fair_mean, np.log(6)), {moved: ("left", "right")}),
        "logits": logits,
    }
