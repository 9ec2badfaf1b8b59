"""The check-yourself questions of every chapter, computed by nllbook.

:func:`chapter` gives a chapter's :class:`~nllbook_pages.quiz.Quiz`, :func:`review`
a short set mixing questions from every chapter. Each answer, and each wrong
value that a misconception predicts, is computed here with nllbook's
functions when the questions are made; the feedback points to the section
that clears the misconception up.

Examples
--------
>>> from nllbook_pages import quiz_bank
>>> sorted(quiz_bank.CHAPTERS)[:3]
['01_start', '02_likelihood', '03_log']
>>> len(quiz_bank.chapter("04_negative").questions) >= 4
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import nllbook
from nllbook import conventions as cv
from nllbook import examples as ex

from .quiz import Choice, Compare, Misconception, Numeric, Question, Quiz, Section

__all__ = ["CHAPTERS", "all_questions", "chapter", "review"]

Q4 = ex.FOUR_CLASS_PROBS


def _onehot(k: int, n: int) -> np.ndarray:
    t = np.zeros(n)
    t[k] = 1.0
    return t


def _loss(probs: np.ndarray, k: int, base: float | None = None) -> float:
    """NLL of class ``k`` in any unit: the cross-entropy of a one-hot target."""
    return float(nllbook.cross_entropy(_onehot(k, len(probs)), probs, base=base))


def _vec(x: np.ndarray) -> str:
    """A vector as a reader writes it: [0.1, 0.3, 0.5, 0.1]."""
    return "[" + ", ".join(f"{float(v):g}" for v in x) + "]"


def _p(p: float) -> np.ndarray:
    return np.array([p, 1.0 - p])


#: Classes named by their place, as a reader counts them (code counts from 0).
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth")


# Sections that clear up the misconceptions, as headed in the chapters.
GOOD = Section("01_start", "Is the answer any good?")
THREE_WORDS = Section("01_start", "Three words, read from the right")
PROB_OR_LIK = Section("02_likelihood", "Probability or likelihood?")
ONE_HOT = Section("02_likelihood", "One prediction: the one-hot dot product")
MULTIPLY = Section("02_likelihood", "Independent samples multiply")
SWITCHES = Section("02_likelihood", "Two classes: exponents as switches")
DATA_FIXED = Section("02_likelihood", "The data are fixed, the parameter moves")
SUMS = Section("03_log", "Products become sums")
IMPOSSIBLE = Section("03_log", 'When the model says "impossible"')
UNITS = Section("03_log", "The base and its units: nats and bits")
UNDERFLOW = Section("03_log", "Products underflow, sums of logs do not")
FLIP = Section("04_negative", "Why flip the sign")
OPTIMUM = Section("04_negative", "The same optimum")
SUM_MEAN = Section("04_negative", "Many samples: sum or mean")
SURPRISE = Section("05_entropy", "Surprise, and its average")
MOST_RANDOM = Section("05_entropy", "The fair die is the most random")
ORIENTATIONS = Section("06_cross_entropy", "Two orientations")
ORDER = Section("06_cross_entropy", "Why the order matters")
KL_GAP = Section("06_cross_entropy", "Entropy plus a gap: the KL divergence")
SOFT = Section("06_cross_entropy", "Hard and soft targets")
REGROUP = Section("07_nll_is_cross_entropy", "Regrouping the sum")
BACK = Section("07_nll_is_cross_entropy", "From likelihood back to probability")
IN_CODE = Section("07_nll_is_cross_entropy", "Where the names part ways in code")
LOGITS = Section("08_in_practice", "From logits to probabilities")
BINARY = Section("08_in_practice", "Binary classification: sigmoid and BCE")
FLOOR = Section("08_in_practice", "Soft labels and label smoothing: the floor")
GRADIENT = Section("08_in_practice", "The gradient: softmax minus one-hot")
MISTAKES = Section("08_in_practice", "Classic mistakes")
RECOMPUTED = Section("09_errata", "Every worked example, recomputed")
REGRESSION = Section("10_beyond_classification", "Regression: a normal density, word by word")
DENSITIES = Section("10_beyond_classification", "Densities are not probabilities")
PERPLEXITY = Section("10_beyond_classification", "Language models: perplexity")
BASELINE = Section("11_nll_at_work", "Before any training: ln 10")
LOSS_UP = Section("11_nll_at_work", "Loss up, accuracy up")
CALIBRATED = Section("11_nll_at_work", "Calibrated probabilities")
PROPER = Section("11_nll_at_work", "Proper scoring rules: NLL and Brier")
NOT_CALIBRATION = Section("11_nll_at_work", "A lower Brier score is not better calibration")


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


# -- 01_start --------------------------------------------------------------------------------------
def _start() -> list[Question]:
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


# -- 02_likelihood ---------------------------------------------------------------------------------
def _likelihood() -> list[Question]:
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
            f"The output is {_vec(Q4)} and the one-hot target is {_vec(_onehot(k3, 4))}. "
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


# -- 03_log ----------------------------------------------------------------------------------------
def _log() -> list[Question]:
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
                _log10(-(_loss(_p(0.5), 0, 10) + _loss(_p(0.1), 0, 10))),
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


# -- 04_negative -----------------------------------------------------------------------------------
def _negative() -> list[Question]:
    k4, k3 = ex.FOURTH_CLASS, ex.THIRD_CLASS
    batch = np.stack([Q4, Q4])
    truths = np.array([k4, k3])
    mean = float(nllbook.nll(batch, truths, reduction="mean"))
    total = float(nllbook.nll(batch, truths, reduction="sum"))
    half = _loss(_p(0.5), 0)
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
                _bits(_loss(_p(0.5), 0, 2)),
                _log10(_loss(_p(0.5), 0, 10)),
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
            answer=_loss(_p(0.05), 0) - _loss(_p(0.1), 0),
            tolerance=0.01,
            misconceptions=[
                _bits(_loss(_p(0.05), 0, 2) - _loss(_p(0.1), 0, 2)),
                _log10(_loss(_p(0.05), 0, 10) - _loss(_p(0.1), 0, 10)),
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


# -- 05_entropy ------------------------------------------------------------------------------------
def _entropy() -> list[Question]:
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
            answer=0 if float(nllbook.entropy(_onehot(5, 6))) == 0.0 else 2,
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


# -- 06_cross_entropy ------------------------------------------------------------------------------
def _cross_entropy() -> list[Question]:
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    ce = float(nllbook.cross_entropy(p, q))
    kl = float(nllbook.kl_divergence(p, q))
    smooth = nllbook.smooth_labels(_onehot(0, 6), 0.1)
    return [
        Numeric(
            "ce",
            f"Observed face frequencies p = {_vec(p)}; a model believes q = {_vec(q)}. "
            "What is the cross-entropy H(p, q), in nats?",
            answer=ce,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "p and q swapped",
                    "H(q, p) weights the logs of the observed frequencies by the model. The "
                    "data weight the model's logs: H(p, q) = −Σ p ln q.",
                    float(nllbook.cross_entropy(q, p)),
                    ORIENTATIONS,
                ),
                Misconception(
                    "the KL divergence, as scipy.stats.entropy(p, q) returns",
                    "With two arguments scipy returns D_KL(p‖q) = H(p, q) − H(p), not the "
                    "cross-entropy.",
                    kl,
                    KL_GAP,
                ),
                _bits(float(nllbook.cross_entropy(p, q, base=2))),
            ],
            why="−Σ p ln q: the data's frequencies weight the model's surprises.",
        ),
        Compare(
            "kl-order",
            f"Observed face frequencies p = {_vec(p)}; a model believes q = {_vec(q)}. "
            "Which is larger?",
            ("D_KL(p‖q)", kl),
            ("D_KL(q‖p)", float(nllbook.kl_divergence(q, p))),
            misconceptions={
                "equal": (
                    "KL taken as symmetric",
                    "The divergence is not a distance: swapping p and q changes its value.",
                    ORDER,
                )
            },
            why="The two orders give different numbers.",
            tolerance=1e-6,
        ),
        Numeric(
            "uniform-model",
            f"Observed face frequencies p = {_vec(p)}; a model says 1/6 for each face. What "
            "is the cross-entropy H(p, q) of the model q with the data p, in nats, to three "
            "decimals?",
            answer=float(nllbook.cross_entropy(p, ex.FAIR_DIE)),
            tolerance=0.001,
            misconceptions=[
                Misconception(
                    "p and q swapped",
                    "That is H(q, p), the tutorial's orientation: the model's 1/6 weights the "
                    "logs of the observed frequencies. The data weight the model's logs: "
                    "H(p, q) = −Σ p ln q.",
                    float(nllbook.cross_entropy(ex.FAIR_DIE, p)),
                    ORIENTATIONS,
                ),
                Misconception(
                    "the entropy of the data, not the cross-entropy",
                    "That is H(p), the data's own entropy, the floor no model goes below; the "
                    "cross-entropy adds the KL divergence of the model.",
                    float(nllbook.entropy(p)),
                    KL_GAP,
                ),
                _log10(float(nllbook.cross_entropy(p, ex.FAIR_DIE, base=10))),
                _bits(float(nllbook.cross_entropy(p, ex.FAIR_DIE, base=2))),
            ],
            why="ln 6: every face costs −ln(1/6).",
        ),
        Choice(
            "scipy",
            "What does scipy.stats.entropy(p, q) return?",
            options=[
                "The cross-entropy H(p, q)",
                "The KL divergence D_KL(p‖q)",
                "The entropy H(p)",
            ],
            answer=1,
            misconceptions=[
                Misconception(
                    "scipy.stats.entropy(p, q) read as the cross-entropy",
                    "With a second argument it returns the KL divergence. With a one-hot p "
                    "the two coincide, which hides the slip.",
                    0,
                    MISTAKES,
                )
            ],
            why=f"For the observed frequencies p = {_vec(p)} and the model q = {_vec(q)} it "
            f"gives {float(cv.scipy_entropy(p, q)):.3f}, the KL divergence.",
        ),
        Numeric(
            "floor",
            "A one-hot target over six classes, smoothed with ε = 0.1. What is the lowest "
            "cross-entropy any model can reach on it, in nats?",
            answer=float(nllbook.entropy(smooth)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "a floor of 0 for soft targets",
                    "Only a one-hot target allows a loss of 0. With a soft target the best "
                    "model matches it and still pays its entropy.",
                    0.0,
                    SOFT,
                )
            ],
            why="H(p, q) ≥ H(p), with equality at q = p.",
        ),
    ]


# -- 07_nll_is_cross_entropy -----------------------------------------------------------------------
def _nll_is_ce() -> list[Question]:
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


# -- 08_in_practice --------------------------------------------------------------------------------
def _in_practice() -> list[Question]:
    z = ex.PRACTICE_LOGITS
    k = ex.PRACTICE_TARGET
    grad = nllbook.softmax_cross_entropy_gradient(z[None, :], [k])[0]
    q = nllbook.softmax(z)
    smooth = nllbook.smooth_labels(_onehot(k, z.size), 0.1)
    soft_ce = float(nllbook.cross_entropy(smooth, q))
    mistakes = {m.title: m for m in cv.classic_mistakes(z[None, :], [k])}
    kl_mean = next(m for m in mistakes.values() if "KLDivLoss" in m.title)
    bce0 = float(nllbook.binary_cross_entropy_from_logits([0.0], [1.0]))
    return [
        *_logit_question("logits", MISTAKES),
        Numeric(
            "gradient",
            f"Logits {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            "code). What is the gradient of the cross-entropy loss with respect to the true "
            "class's logit?",
            answer=float(grad[k]),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the sign of the gradient flipped",
                    "The gradient is softmax − one-hot: negative for the true class, so "
                    "gradient descent raises its logit.",
                    float(-grad[k]),
                    GRADIENT,
                ),
                Misconception(
                    "the one-hot term left out",
                    "That is the softmax probability alone; subtract the one-hot target.",
                    float(q[k]),
                    GRADIENT,
                ),
                Misconception(
                    "the class counted from 1 in code",
                    f"That is the gradient for index {k + 1}, the {_ORDINAL[k + 1]} class; code "
                    f"counts classes from 0, so the {_ORDINAL[k]} class is index {k}.",
                    float(q[k + 1] - 1.0),
                    LOGITS,
                ),
            ],
            why="q_true − 1.",
        ),
        Numeric(
            "soft-target",
            f"Logits z = {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            f"code). Its one-hot target is smoothed with ε = 0.1 over the {z.size} classes. "
            "What is the cross-entropy of this soft target with softmax(z), in nats?",
            answer=soft_ce,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "scipy.stats.entropy(p, q) read as the cross-entropy",
                    "scipy with two arguments gives D_KL(p‖q) = H(p, q) − H(p). With a soft "
                    "target H(p) > 0, so the two differ.",
                    float(cv.scipy_entropy(smooth, q)),
                    MISTAKES,
                ),
                Misconception(
                    "the smoothing forgotten",
                    "That is the loss of the hard target.",
                    float(nllbook.cross_entropy_from_logits(z[None, :], [k])),
                    FLOOR,
                ),
            ],
            why="H(p, q) = −Σ p ln q, with the smoothed target as p and softmax(z) as q.",
        ),
        Numeric(
            "kl-div",
            f"Logits z = {_vec(z)}; the true class is the {_ORDINAL[k]} one (index {k} in "
            "code). PyTorch's KLDivLoss is given log_softmax(z) and the one-hot target of the "
            "true class: what is the KL divergence per example (reduction='batchmean'), in "
            "nats?",
            answer=kl_mean.right,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "KLDivLoss left on reduction='mean'",
                    "'mean' divides by every element, the classes too; 'batchmean' divides "
                    "by the batch size only.",
                    kl_mean.wrong,
                    MISTAKES,
                )
            ],
            why="Only 'batchmean' gives the KL divergence per example.",
        ),
        Numeric(
            "bce-zero",
            "A binary classifier outputs the logit 0 and the label is 1. Its BCE loss, in nats?",
            answer=bce0,
            tolerance=0.01,
            misconceptions=[
                _sign(-bce0, BINARY),
                _bits(_loss(_p(0.5), 0, 2), BINARY),
                Misconception(
                    "a logit of 0 taken for a loss of 0",
                    "The logit is a score, not the loss: it gives class 1 the probability "
                    "sigmoid(0) = 0.5, and the loss is −ln 0.5.",
                    0.0,
                    BINARY,
                ),
            ],
            why="sigmoid(0) = 0.5, and −ln 0.5 = ln 2.",
        ),
    ]


# -- 09_errata -------------------------------------------------------------------------------------
def _errata() -> list[Question]:
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


# -- 10_beyond_classification ----------------------------------------------------------------------
def _beyond() -> list[Question]:
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
                    2.0 * float(_loss(_p(0.5), 0)),
                    UNITS,
                )
            ],
            why="2 / ln 2 ≈ 2.885.",
        ),
    ]


# -- NLL at work -----------------------------------------------------------------------------------
def _at_work() -> list[Question]:
    uniform = np.full(10, 0.1)
    ln10 = _loss(uniform, 0)
    confident = np.array([0.001, 0.999])
    z = np.array([2.0, 1.0, 0.0])
    temperature = 2.0
    # A forecast r for an event of probability 0.3: the expected NLL of each r.
    truth = 0.3
    options = (0.0, 0.3, 0.5, 1.0)
    expected = [float(nllbook.cross_entropy(_p(truth), _p(r))) for r in options]
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


#: Each chapter's questions, made on demand.
CHAPTERS: dict[str, Callable[[], list[Question]]] = {
    "01_start": _start,
    "02_likelihood": _likelihood,
    "03_log": _log,
    "04_negative": _negative,
    "05_entropy": _entropy,
    "06_cross_entropy": _cross_entropy,
    "07_nll_is_cross_entropy": _nll_is_ce,
    "08_in_practice": _in_practice,
    "09_errata": _errata,
    "10_beyond_classification": _beyond,
    "11_nll_at_work": _at_work,
}

#: The questions of the review set: (chapter, question key), spread over the book.
REVIEW: tuple[tuple[str, str], ...] = (
    ("01_start", "baseline"),
    ("02_likelihood", "two-samples"),
    ("03_log", "bits"),
    ("04_negative", "batch-mean"),
    ("05_entropy", "fair-or-biased"),
    ("06_cross_entropy", "ce"),
    ("07_nll_is_cross_entropy", "best-model"),
    ("08_in_practice", "logits"),
    ("09_errata", "printed"),
    ("10_beyond_classification", "ppl"),
    ("11_nll_at_work", "brier-calibration"),
)


def chapter(doc: str) -> Quiz:
    """The check-yourself questions of one chapter (its file name, e.g. ``"04_negative"``)."""
    if doc not in CHAPTERS:
        raise ValueError(f"doc: no questions for {doc!r}; known: {sorted(CHAPTERS)}")
    return Quiz(doc[:2], CHAPTERS[doc]())


def review() -> Quiz:
    """A short review set, one question from each chapter in turn."""
    picked: list[Question] = []
    for doc, key in REVIEW:
        q = next(q for q in CHAPTERS[doc]() if q.key == key)
        q.key = f"{doc[:2]}-{key}"
        picked.append(q)
    return Quiz("review", picked, title="Review")


def all_questions() -> list[tuple[str, Question]]:
    """Every question of every chapter, with its chapter."""
    return [(doc, q) for doc, make in CHAPTERS.items() for q in make()]


# -- symptoms --------------------------------------------------------------------------------------
NEGATIVE_LOSS = Section("symptoms", "My loss is negative")
NAN_INF = Section("symptoms", "My loss is NaN or inf")
STUCK = Section("symptoms", "My loss is stuck at ln 2, or at ln K")
FIRST_LOSS = Section("symptoms", "My first loss is far from ln K")
ABOVE_ZERO = Section("symptoms", "My loss never gets near 0")
KERAS_ACCURACY = Section("symptoms", "Keras reports a high accuracy with binary cross-entropy")
KL_NEGATIVE = Section("symptoms", "KLDivLoss is negative")
FLOAT16 = Section("symptoms", "My loss breaks in float16")


def _symptoms() -> list[Question]:
    q3 = np.array([0.7, 0.2, 0.1])
    nll_probs = float(cv.torch_nll_loss(q3[None, :], [0]))
    nll_right = float(cv.torch_nll_loss(np.log(q3)[None, :], [0]))
    shares = _p(0.8)
    stuck = float(nllbook.entropy(shares))
    k100 = np.full(100, 0.01)
    soft = _p(0.7)
    k5, uniform5 = 5, np.full((3, 5), 0.2)
    onehot5 = np.eye(k5)[[1, 3, 4]]
    binary_acc = float(cv.keras_binary_accuracy(onehot5, uniform5))
    routes = ("naive", "softmax_then_log", "log_softmax")
    fp16 = [
        float(nllbook.cross_entropy_in_dtype([[0.0, -20.0]], [1], np.float16, r)[0]) for r in routes
    ]
    finite = [i for i, v in enumerate(fp16) if np.isfinite(v)]
    assert len(finite) == 1  # the question has one right option
    kl_calls = (
        "KLDivLoss(reduction='batchmean')(probs, target)",
        "KLDivLoss(reduction='batchmean')(probs.log(), target)",
        "KLDivLoss()(probs.log(), target)",
    )
    p_kl, q_kl = np.array([[0.0, 1.0, 0.0]]), np.array([[0.7, 0.2, 0.1]])
    kl_values = (
        float(cv.torch_kl_div_loss(q_kl, p_kl, reduction="batchmean")),
        float(cv.torch_kl_div_loss(np.log(q_kl), p_kl, reduction="batchmean")),
        float(cv.torch_kl_div_loss(np.log(q_kl), p_kl)),
    )
    negative = [i for i, v in enumerate(kl_values) if v < 0]
    assert negative == [0]  # the question's right option
    return [
        Numeric(
            "nll-probs",
            f"A model outputs the probabilities {_vec(q3)} and the true class is the first "
            "(index 0). They are passed to PyTorch's NLLLoss as they are, without a log. What "
            "does NLLLoss return?",
            answer=nll_probs,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the loss that was meant",
                    f"{nll_right:.3f} is −ln 0.7, what NLLLoss returns given log-probabilities. "
                    "NLLLoss takes no log: it returns minus whatever it is given.",
                    nll_right,
                    NEGATIVE_LOSS,
                ),
                _sign(-nll_probs, NEGATIVE_LOSS),
            ],
            why="NLLLoss returns −input[true class] = −0.7: a negative loss is the sign of "
            "probabilities where log-probabilities belong.",
        ),
        Numeric(
            "stuck-prior",
            "A binary classifier is trained on data with 80 % of the examples in one class. "
            "Its loss stops falling at the value a model reaches when it ignores the input and "
            "predicts the class shares. What value is that, in nats?",
            answer=stuck,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "ln 2, the loss of a uniform guess",
                    "ln 2 is where a model that says 0.5 for everything stays. Predicting the "
                    "shares 0.8 and 0.2 does better: the loss is their entropy.",
                    _loss(_p(0.5), 0),
                    STUCK,
                ),
                _bits(float(nllbook.entropy(shares, base=2)), STUCK),
                Misconception(
                    "the loss of the commonest class alone",
                    "−ln 0.8 is the loss on the examples of the commonest class; the mean over "
                    "all examples also counts the 20 % that cost −ln 0.2 each.",
                    _loss(shares, 0),
                    STUCK,
                ),
            ],
            why="H(0.8, 0.2) = −(0.8 ln 0.8 + 0.2 ln 0.2): the entropy of the class shares.",
        ),
        Numeric(
            "first-loss",
            "A freshly initialised classifier with 100 classes gives every class about the same "
            "probability. About what mean loss should its first batch show, in nats?",
            answer=_loss(k100, 0),
            tolerance=0.01,
            misconceptions=[
                _bits(_loss(k100, 0, base=2), FIRST_LOSS),
                _log10(_loss(k100, 0, base=10)),
                Misconception(
                    "the probability instead of the loss",
                    "0.01 is the probability of each class; the loss is its negative log.",
                    0.01,
                    FIRST_LOSS,
                ),
            ],
            why="−ln(1/100) = ln 100. A first loss far above it means the initial logits are "
            "too large.",
        ),
        Numeric(
            "floor",
            "Every target of a binary task is soft: 0.7 for one class and 0.3 for the other. "
            "What is the lowest mean cross-entropy any model can reach, in nats?",
            answer=float(nllbook.entropy(soft)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "a loss that can reach 0",
                    "Only a certain target lets the loss reach 0. Against a soft target the "
                    "best model predicts the target itself and still pays its entropy.",
                    0.0,
                    ABOVE_ZERO,
                ),
                _bits(float(nllbook.entropy(soft, base=2)), ABOVE_ZERO),
            ],
            why="The floor is H(p) = −(0.7 ln 0.7 + 0.3 ln 0.3), reached at q = p.",
        ),
        Numeric(
            "binary-accuracy",
            f"A model with {k5} classes and one-hot targets outputs 0.2 for every class of every "
            "example, a pure guess. What does Keras's binary accuracy (threshold 0.5) report?",
            answer=binary_acc,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "one right answer in K",
                    f"1/{k5} is what a guess scores on average when each example counts once. "
                    "Binary accuracy counts each of the K outputs: every 0 target is matched "
                    "by a prediction below 0.5.",
                    1 / k5,
                    KERAS_ACCURACY,
                ),
                Misconception(
                    "no right answer at all",
                    "The model never names the true class, but binary accuracy does not ask "
                    "for that: it counts the K − 1 outputs that are rightly below 0.5.",
                    0.0,
                    KERAS_ACCURACY,
                ),
            ],
            why=f"(K − 1)/K = {k5 - 1}/{k5}: each example has {k5 - 1} zeros rightly predicted.",
        ),
        Choice(
            "kl-negative",
            "The model's probabilities are probs = [0.7, 0.2, 0.1] and the target is the one-hot "
            "row [0, 1, 0]. Which of these PyTorch calls returns a negative number?",
            options=list(kl_calls),
            answer=negative[0],
            misconceptions=[
                Misconception(
                    "the reduction taken for the cause",
                    "'mean' divides by every element instead of the batch size: it changes the "
                    "scale, never the sign. The sign goes wrong when the input is not "
                    "log-probabilities.",
                    2,
                    KL_NEGATIVE,
                ),
            ],
            why="KLDivLoss expects log-probabilities as its input; given probabilities, it "
            "subtracts them where it should subtract their logs.",
        ),
        Choice(
            "float16",
            "Logits [0, −20], the true class is the second (index 1), and every step is "
            "computed in float16. Which way of computing the loss gives a finite number?",
            options=[
                "exp(z) / sum(exp(z)), then −log",
                "softmax(z), then −log",
                "log_softmax(z), as CrossEntropyLoss does",
            ],
            answer=finite[0],
            misconceptions=[
                Misconception(
                    "a stable softmax taken to be enough",
                    "Subtracting the largest logit stops the overflow, but the probability "
                    "e^−20 ≈ 2e−9 is still below float16's smallest number, 6e−8, and rounds "
                    "to 0 before the log.",
                    1,
                    FLOAT16,
                ),
            ],
            why="log_softmax never forms the tiny probability: it gives −(−20 − ln(1 + e^−20)).",
        ),
    ]


CHAPTERS["symptoms"] = _symptoms
REVIEW = (*REVIEW, ("symptoms", "stuck-prior"))
