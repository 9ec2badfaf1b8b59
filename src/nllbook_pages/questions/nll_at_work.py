"""The check-yourself questions of NLL at work, computed by nllbook, and their oracles."""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import binary_distribution
from nllbook import examples as ex

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import (
    BASELINE,
    CALIBRATED,
    LOSS_UP,
    NOT_CALIBRATION,
    PROPER,
    _bits,
    _log10,
    _loss,
    _sign,
    _vec,
)

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    uniform = np.full(10, 0.1)
    ln10 = _loss(uniform, 0)
    confident = np.array([0.001, 0.999])
    z = np.array([2.0, 1.0, 0.0])
    temperature = 2.0
    # A forecast r for an event of probability 0.3: the expected NLL of each r.
    truth = 0.3
    options = (0.0, 0.3, 0.5, 1.0)
    expected = [
        float(nllbook.cross_entropy(binary_distribution(truth), binary_distribution(r)))
        for r in options
    ]
    # Two forecasters over 100 days (the chapter's example): 50 days with
    # rain on 40, 50 days with rain on 10; one always says 0.5, the other
    # 0.95 and 0.05.
    rain = np.array([1] * 40 + [0] * 10 + [1] * 10 + [0] * 40)
    flat = np.full(100, 0.5)
    bold = np.where(np.arange(100) < 50, 0.95, 0.05)
    ece_flat = nllbook.expected_calibration_error(rain, flat)
    ece_bold = nllbook.expected_calibration_error(rain, bold)
    return [
        Numeric(
            "uniform",
            "Before any training, a digit classifier gives each of the 10 digits the same "
            "probability. What is its mean NLL, in nats?",
            answer=ln10,
            tolerance=0.01,
            misconceptions=[
                _bits(_loss(uniform, 0, base=2), BASELINE),
                _log10(_loss(uniform, 0, base=10)),
                Misconception(
                    "the probability instead of the loss",
                    "0.1 is the probability of the true digit; the loss is its negative log.",
                    0.1,
                    BASELINE,
                ),
            ],
            why="−ln(1/10) = ln 10: the baseline any trained model must beat.",
        ),
        Numeric(
            "confident-mistake",
            "A trained model gives the true digit a probability of 0.001. What is the NLL of "
            "that one digit, in nats?",
            answer=_loss(confident, 0),
            tolerance=0.01,
            misconceptions=[
                _log10(_loss(confident, 0, base=10)),
                _bits(_loss(confident, 0, base=2), BASELINE),
                _sign(-_loss(confident, 0), BASELINE),
            ],
            why="−ln 0.001 ≈ 6.9: one confident mistake costs as much as dozens of good answers.",
        ),
        Choice(
            "loss-up",
            "After many steps, the validation NLL rises while the validation accuracy still "
            "rises. What does that say?",
            options=[
                "The loss is computed wrongly: the two must move together",
                "The model grows more confident: the few digits it gets wrong cost more "
                "and more, while more digits come out right",
                "The validation set changed between the two measurements",
            ],
            answer=1,
            misconceptions=[
                Misconception(
                    "loss and accuracy taken to measure the same thing",
                    "Accuracy only asks whether the largest probability is on the right "
                    "digit; the NLL also asks how much probability, and punishes confident "
                    "mistakes without bound.",
                    0,
                    LOSS_UP,
                )
            ],
            why="Accuracy counts; the NLL weighs how sure the model was.",
        ),
        Numeric(
            "temperature",
            f"The logits {_vec(z)} are divided by a temperature T = {temperature:g} before the "
            "softmax. What probability does the first class get?",
            answer=float(nllbook.softmax(z / temperature)[0]),
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the temperature left out",
                    "That is the softmax of the logits themselves, at T = 1.",
                    float(nllbook.softmax(z)[0]),
                    CALIBRATED,
                ),
                Misconception(
                    "the logits multiplied by T",
                    "Dividing by T > 1 flattens the probabilities; multiplying sharpens them.",
                    float(nllbook.softmax(z * temperature)[0]),
                    CALIBRATED,
                ),
            ],
            why="softmax(z / T): a larger T moves the probabilities towards uniform.",
        ),
        Choice(
            "proper",
            f"An event happens with probability {truth:g}. Which forecast gives the lowest "
            "expected NLL?",
            options=[f"{r:g}" for r in options],
            answer=int(np.argmin(expected)),
            misconceptions=[
                Misconception(
                    "the likelier outcome forecast with certainty",
                    "Forecasting 0 for an event that does happen 30 % of the time costs "
                    "an infinite loss on those days. NLL is a proper scoring rule: the "
                    "honest probability scores best.",
                    0,
                    PROPER,
                ),
            ],
            why="For a proper scoring rule the expected score is best at the true probability.",
        ),
        Compare(
            "brier-calibration",
            "Over 100 days with rain on 50, one forecaster always says 0.5; the other says 0.95 "
            "on the 50 days of one kind (rain on 40 of them) and 0.05 on the others (rain on "
            "10). The second has the lower Brier score. Compare their expected calibration "
            "errors.",
            ("The first forecaster's ECE", ece_flat),
            ("The second forecaster's ECE", ece_bold),
            misconceptions={
                "left": (
                    "a lower Brier score taken to mean better calibration",
                    "The Brier score mixes calibration with sharpness. The first forecaster's "
                    "0.5 is right on average, so its ECE is 0; the second is sharper but "
                    "overconfident: 0.95 where it rains 80 % of the time.",
                    NOT_CALIBRATION,
                ),
            },
            why="A better Brier score can come with worse calibration.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    from scipy.special import softmax

    z, temperature = np.array([2.0, 1.0, 0.0]), 2.0
    # "loss-up": the chapter's two validation snapshots, the true class's probability
    # on ten examples: accuracy and mean NLL both rise from the early to the late one.
    early, late = ex.EARLY_TRUE_PROBS, ex.LATE_TRUE_PROBS
    accuracy_rises = (late > 0.5).mean() > (early > 0.5).mean()
    loss_rises = -np.log(late).mean() > -np.log(early).mean()
    # "proper": the expected NLL of each offered forecast for an event of probability 0.3.
    offered = [0.0, 0.3, 0.5, 1.0]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [-(0.3 * np.log(r) + 0.7 * np.log(1 - r)) for r in offered]
    # "brier-calibration": 50 days said 0.95 with rain on 40, 50 days said 0.05 with rain on 10.
    rained = np.r_[np.ones(40), np.zeros(10), np.ones(10), np.zeros(40)]
    flat, bold = np.full(100, 0.5), np.r_[np.full(50, 0.95), np.full(50, 0.05)]

    def ece(forecast: np.ndarray) -> float:
        """Expected calibration error, grouping the days by the forecast made."""
        return float(
            sum(
                np.mean(forecast == f) * abs(f - rained[forecast == f].mean())
                for f in np.unique(forecast)
            )
        )

    def brier(forecast: np.ndarray) -> float:
        return float(np.mean((forecast - rained) ** 2))

    assert rained.sum() == 50 and brier(bold) < brier(flat)  # as the question says
    return {
        "uniform": Oracle(
            -np.log(1 / 10),
            {
                "bits instead of nats": -np.log2(1 / 10),
                "log10 instead of ln": -np.log10(1 / 10),
                "the probability instead of the loss": 0.1,
            },
        ),
        "confident-mistake": Oracle(
            -np.log(0.001),
            {
                "log10 instead of ln": -np.log10(0.001),
                "bits instead of nats": -np.log2(0.001),
                "a missing minus sign": np.log(0.001),
            },
        ),
        # Options: 0 "computed wrongly", 1 "more confident", 2 "the set changed".
        "loss-up": Oracle(
            1 if accuracy_rises and loss_rises else 0,
            {"loss and accuracy taken to measure the same thing": 0},
        ),
        "temperature": Oracle(
            softmax(z / temperature)[0],
            {
                "the temperature left out": softmax(z)[0],
                "the logits multiplied by T": softmax(z * temperature)[0],
            },
        ),
        "proper": Oracle(
            int(np.argmin(expected)),
            {"the likelier outcome forecast with certainty": offered.index(0.0)},
        ),
        "brier-calibration": Oracle(
            Oracle.larger(ece(flat), ece(bold)),
            {"a lower Brier score taken to mean better calibration": "left"},
        ),
    }
