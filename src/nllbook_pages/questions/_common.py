"""What the pages' questions share: the sections they point to, and the misconceptions
every chapter meets (a unit, a sign, a sum for a mean).

A section belongs to the page that heads it; a misconception points to the
section that clears it up, which is often on another page.
"""

from __future__ import annotations

import numpy as np

import nllbook
from nllbook import conventions as cv
from nllbook import examples as ex
from nllbook import one_hot

from ..quiz import Misconception, Numeric, Question, Section

Q4 = ex.FOUR_CLASS_PROBS


def _loss(probs: np.ndarray, k: int, base: float | None = None) -> float:
    """NLL of class ``k`` in any unit: the cross-entropy of a one-hot target."""
    return float(nllbook.cross_entropy(one_hot(k, len(probs)), probs, base=base))


def _vec(x: np.ndarray) -> str:
    """A vector as a reader writes it: [0.1, 0.3, 0.5, 0.1]."""
    return "[" + ", ".join(f"{float(v):g}" for v in x) + "]"


#: Classes named by their place, as a reader counts them (code counts from 0).
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth")


# Sections that clear up the misconceptions, as headed in the chapters.
GOOD = Section("start", "Is the answer any good?")
THREE_WORDS = Section("start", "Three words, read from the right")
PROB_OR_LIK = Section("likelihood", "Probability or likelihood?")
ONE_HOT = Section("likelihood", "One prediction: the one-hot dot product")
MULTIPLY = Section("likelihood", "Independent samples multiply")
SWITCHES = Section("likelihood", "Two classes: exponents as switches")
DATA_FIXED = Section("likelihood", "The data are fixed, the parameter moves")
SUMS = Section("log", "Products become sums")
IMPOSSIBLE = Section("log", 'When the model says "impossible"')
UNITS = Section("log", "The base and its units: nats and bits")
UNDERFLOW = Section("log", "Products underflow, sums of logs do not")
FLIP = Section("negative", "Why flip the sign")
OPTIMUM = Section("negative", "The same optimum")
SUM_MEAN = Section("negative", "Many samples: sum or mean")
SURPRISE = Section("entropy", "Surprise, and its average")
MOST_RANDOM = Section("entropy", "The fair die is the most random")
ORIENTATIONS = Section("cross_entropy", "Two orientations")
ORDER = Section("cross_entropy", "Why the order matters")
KL_GAP = Section("cross_entropy", "Entropy plus a gap: the KL divergence")
SOFT = Section("cross_entropy", "Hard and soft targets")
REGROUP = Section("nll_is_cross_entropy", "Regrouping the sum")
BACK = Section("nll_is_cross_entropy", "From likelihood back to probability")
IN_CODE = Section("nll_is_cross_entropy", "Where the names part ways in code")
LOGITS = Section("in_practice", "From logits to probabilities")
BINARY = Section("in_practice", "Binary classification: sigmoid and BCE")
FLOOR = Section("in_practice", "Soft labels and label smoothing: the floor")
GRADIENT = Section("in_practice", "The gradient: softmax minus one-hot")
MISTAKES = Section("in_practice", "Classic mistakes")
RECOMPUTED = Section("errata", "Every worked example, recomputed")
REGRESSION = Section("beyond_classification", "Regression: a normal density, word by word")
DENSITIES = Section("beyond_classification", "Densities are not probabilities")
PERPLEXITY = Section("beyond_classification", "Language models: perplexity")
BASELINE = Section("nll_at_work", "Before any training: ln 10")
LOSS_UP = Section("nll_at_work", "Loss up, accuracy up")
CALIBRATED = Section("nll_at_work", "Calibrated probabilities")
PROPER = Section("nll_at_work", "Proper scoring rules: NLL and Brier")
NOT_CALIBRATION = Section("nll_at_work", "A lower Brier score is not better calibration")


def _bits(value: float, section: Section = UNITS) -> Misconception:
    return Misconception(
        "bits instead of nats",
        f"{value:.3f} is the same quantity with log base 2. The book's unit is "
        "the nat (natural log); bits are larger by a factor 1/ln 2.",
        value,
        section,
    )


def _nats(value: float) -> Misconception:
    return Misconception(
        "nats instead of bits",
        f"{value:.3f} is the natural log (nats). Bits use log base 2: divide by ln 2.",
        value,
        UNITS,
    )


def _log10(value: float) -> Misconception:
    return Misconception(
        "log10 instead of ln",
        f"{value:.3f} is what the common logarithm (base 10) gives. The loss uses "
        "the natural logarithm, as every framework does.",
        value,
        UNITS,
    )


def _sign(value: float, section: Section = FLIP) -> Misconception:
    return Misconception(
        "a missing minus sign",
        "The log of a probability is never positive; the loss is its negative, so that "
        "smaller is better and the loss is never below 0.",
        value,
        section,
    )


def _sum(value: float) -> Misconception:
    return Misconception(
        "a sum where a mean was asked",
        "That is the total over the samples. The mean divides it by their number, "
        "and is what frameworks report by default.",
        value,
        SUM_MEAN,
    )


def _mean(value: float) -> Misconception:
    return Misconception(
        "a mean where a sum was asked",
        "That is the average per sample; the question asks for the total.",
        value,
        SUM_MEAN,
    )


def _logit_question(key: str, section: Section) -> list[Question]:
    z = ex.PRACTICE_LOGITS[None, :]
    y = np.array([ex.PRACTICE_TARGET])
    mistakes = {m.title: m for m in cv.classic_mistakes(z, y)}
    right = float(nllbook.cross_entropy_from_logits(z, y))
    twice = mistakes["probabilities passed to CrossEntropyLoss"]
    no_log = mistakes["probabilities passed to NLLLoss"]
    keras = mistakes["logits passed to Keras without from_logits=True"]
    t = ex.PRACTICE_TARGET
    return [
        Numeric(
            key,
            f"Logits {_vec(ex.PRACTICE_LOGITS)}; the true class is the {_ORDINAL[t]} one, "
            f"the class of the logit {ex.PRACTICE_LOGITS[t]:g} (index {t} in code). What "
            "does a cross-entropy loss on the logits give, in nats?",
            answer=right,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the class counted from 1 in code",
                    f"Index {t + 1} in code is the {_ORDINAL[t + 1]} class, the logit "
                    f"{ex.PRACTICE_LOGITS[t + 1]:g}; code counts classes from 0, so the "
                    f"{_ORDINAL[t]} class is index {t}.",
                    float(-nllbook.log_softmax(ex.PRACTICE_LOGITS)[t + 1]),
                    LOGITS,
                ),
                Misconception(
                    "softmax applied twice",
                    "Cross-entropy losses take logits and apply softmax themselves. Passing "
                    "probabilities squashes them a second time.",
                    twice.wrong,
                    MISTAKES,
                ),
                Misconception(
                    "probabilities passed where log-probabilities were expected",
                    "NLLLoss takes log-probabilities and does not take the log: fed "
                    "probabilities, it returns minus the true class's probability.",
                    no_log.wrong,
                    section,
                ),
                Misconception(
                    "logits read as probabilities",
                    "Keras' CategoricalCrossentropy without from_logits=True divides the "
                    "logits by their sum and clips them, as if they were probabilities.",
                    keras.wrong,
                    MISTAKES,
                ),
            ],
            why="−log_softmax(z)[true class] = logsumexp(z) − z[true class].",
        )
    ]
