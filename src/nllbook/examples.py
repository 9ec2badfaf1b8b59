"""Every worked example of the source articles, recomputed.

Each :class:`WorkedExample` names its data, says where it comes from, computes
its own value with nllbook, and records the value the article printed (as
printed, with its number of decimals) so that the book can show an erratum
wherever the two differ.

The articles (see ``shared/articles/README.md`` of the project):

- ``nll-word-by-word``: "Negative log likelihood explained" (files 000 and
  001, two copies of one text).
- ``ce-nll-notes``: "Notes on Cross-Entropy and Negative-Log-Likelihood"
  (file 002).
- ``ce-nll-tutorial``: "Tutorial: cross entropy and negative log likelihood"
  (file 003).

Examples
--------
>>> from nllbook import examples
>>> ex = examples.ENTROPY_FAIR_DIE
>>> round(ex.value, 3), ex.printed, ex.status
(1.792, '1.791', 'truncated')
>>> examples.ENTROPY_BIASED_DIE.status
'differs'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, SupportsFloat

import numpy as np
from numpy.typing import NDArray

from . import _book_examples

# The chi-square test of the simulated rolls, re-exported: its home is _chisquare.
from ._book_examples import *  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)  # noqa: F403  (the book's own data, listed in its __all__)
from ._chisquare import MAX_DF as MAX_DF
from ._chisquare import chi_square_fit as chi_square_fit
from ._chisquare import chi_square_sf as chi_square_sf
from ._information import cross_entropy, entropy
from ._likelihood import bernoulli_likelihood, likelihood, nll
from ._validation import real_number, whole_number

__all__ = [
    "ALL", "ARTICLES", "BERNOULLI_LIKELIHOOD", "BERNOULLI_Y", "BERNOULLI_Y_HAT", "BIASED_DIE",
    "COIN_FLIPS", "CROSS_ENTROPY_BIASED_BELIEF", "CROSS_ENTROPY_FAIR_BELIEF",
    "CROSS_ENTROPY_OBSERVED_VS_BIASED", "CROSS_ENTROPY_OBSERVED_VS_FAIR", "ENTROPY_BIASED_DIE",
    "ENTROPY_FAIR_DIE", "ENTROPY_VERY_BIASED_DIE", "FAIR_DIE", "FOURTH_CLASS",
    "FOUR_CLASS_PROBS", "LIKELIHOOD_FOURTH", "LIKELIHOOD_THIRD", "LOG_1E_MINUS_100", "MAX_DF",
    "MAX_ROLLS", "NLL_FOURTH", "NLL_THIRD", "OBSERVED_DIE", "PRACTICE_LOGITS",
    "PRACTICE_TARGET", "ROLLS_SEED", "TEXT_ERRATA", "THIRD_CLASS", "TYPICAL_LEVEL",
    "TYPICAL_ROLLS", "VERY_BIASED_DIE", "Status", "WorkedExample", "by_key", "chi_square_fit",
    "chi_square_sf", "first_typical_seed", "simulated_rolls",
    *_book_examples.__all__,
]  # fmt: skip

Status = Literal["agrees", "truncated", "differs", "not printed"]

ARTICLES: dict[str, str] = {
    "nll-word-by-word": "Negative log likelihood explained (word by word)",
    "ce-nll-notes": "Notes on Cross-Entropy and Negative-Log-Likelihood",
    "ce-nll-tutorial": "Tutorial: Cross Entropy and Negative Log Likelihood",
}

#: The classifier output of the first article: four classes.
FOUR_CLASS_PROBS: NDArray[np.float64] = np.array([0.1, 0.3, 0.5, 0.1])
#: Index (0-based) of the fourth class, the first true class of the article.
FOURTH_CLASS = 3
#: Index (0-based) of the third class, the second true class of the article.
THIRD_CLASS = 2

#: A fair six-sided die.
FAIR_DIE: NDArray[np.float64] = np.full(6, 1 / 6)
#: A die biased towards six.
BIASED_DIE: NDArray[np.float64] = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.5])
#: A die very heavily biased towards six.
VERY_BIASED_DIE: NDArray[np.float64] = np.array([0.01, 0.01, 0.01, 0.01, 0.01, 0.95])
#: Relative frequencies of the faces 1..6 observed in the tutorial's data set.
OBSERVED_DIE: NDArray[np.float64] = np.array([0.18, 0.18, 0.15, 0.17, 0.17, 0.15])

#: Hard labels and predicted probabilities for a small Bernoulli likelihood.
#: The notes article gives the formula but no numbers; these four samples
#: are the book's own, chosen to show each switch position twice.
BERNOULLI_Y: NDArray[np.float64] = np.array([1.0, 0.0, 1.0, 1.0])
BERNOULLI_Y_HAT: NDArray[np.float64] = np.array([0.9, 0.2, 0.7, 0.6])

#: Ten coin flips (1 = heads) with seven heads: the data of the likelihood chapter.
COIN_FLIPS: NDArray[np.float64] = np.array([1, 1, 0, 1, 1, 1, 0, 1, 0, 1], dtype=float)

#: Logits of one 4-class example of the "In practice" chapter.
PRACTICE_LOGITS: NDArray[np.float64] = np.array([2.0, 1.0, 0.1, -1.0])
#: Index (0-based) of its true class.
PRACTICE_TARGET = 0

#: How many rolls :func:`simulated_rolls` draws before taking the first ``m``.
MAX_ROLLS = 6000

#: The seed of :func:`simulated_rolls`, fixed by a rule stated in advance: the first
#: seed, counting from 0, whose first :data:`TYPICAL_ROLLS` rolls pass Pearson's
#: chi-square goodness-of-fit test against :data:`OBSERVED_DIE` at level
#: :data:`TYPICAL_LEVEL` (see :func:`first_typical_seed`).
ROLLS_SEED = 0
#: How many rolls the seed rule checks: the sample worked through in the book.
TYPICAL_ROLLS = 60
#: The significance level of the seed rule's goodness-of-fit test.
TYPICAL_LEVEL = 0.05


def simulated_rolls(m: int, seed: int = ROLLS_SEED) -> NDArray[np.int64]:
    """The first ``m`` of a fixed sequence of rolls of :data:`OBSERVED_DIE` (faces 0..5).

    The sequence is always the same :data:`MAX_ROLLS` draws, so that the
    first 60 rolls are also the first 60 of 600. The default seed is
    :data:`ROLLS_SEED`, chosen by the rule of :func:`first_typical_seed`.

    Raises
    ------
    ValueError
        If ``m`` is not an integer in ``[0, MAX_ROLLS]`` (a float with an
        integer value, such as 60.0, is accepted) or ``seed`` is not a
        non-negative integer.

    Examples
    --------
    >>> from nllbook import examples
    >>> bool((examples.simulated_rolls(600)[:60] == examples.simulated_rolls(60)).all())
    True
    """
    try:
        k = real_number(m, "m")
    except ValueError:
        raise ValueError(f"m: must be an integer in [0, {MAX_ROLLS}], got {m!r}") from None
    if not (0 <= k <= MAX_ROLLS and k == int(k)):
        raise ValueError(f"m: must be an integer in [0, {MAX_ROLLS}], got {m!r}")
    rng = np.random.default_rng(whole_number(seed, "seed", 0))
    rolls: NDArray[np.int64] = rng.choice(6, size=MAX_ROLLS, p=OBSERVED_DIE)[: int(k)]
    return rolls


def first_typical_seed(
    m: int = TYPICAL_ROLLS, level: float = TYPICAL_LEVEL, max_seed: int = 1000
) -> int:
    """The first seed, from 0, whose first ``m`` rolls pass the chi-square test at ``level``.

    A sample picked this way is not chosen for any number the book shows;
    it only has to look like a sample from :data:`OBSERVED_DIE`.

    Raises
    ------
    ValueError
        If ``m`` is not an integer in [1, :data:`MAX_ROLLS`], ``level`` is
        not a number in (0, 1), ``max_seed`` is not a positive integer, or
        no seed below ``max_seed`` passes.

    Examples
    --------
    >>> first_typical_seed() == ROLLS_SEED
    True
    """
    rolls = whole_number(m, "m", 1, MAX_ROLLS)
    alpha = real_number(level, "level")
    if not 0 < alpha < 1:
        raise ValueError(f"level: must be a number in (0, 1), got {level!r}")
    seeds = whole_number(max_seed, "max_seed", 1)
    for seed in range(seeds):
        counts = np.bincount(simulated_rolls(rolls, seed), minlength=6)
        if chi_square_fit(counts, OBSERVED_DIE)[1] >= alpha:
            return seed
    raise ValueError(f"max_seed: no seed below {max_seed} passes at level {level}")


@dataclass(frozen=True)
class WorkedExample:
    """One worked example: its data, its computation and the article's figure.

    Attributes
    ----------
    key : str
        Short identifier, also used as the glue name in the book.
    title : str
        What the number is, in a few words.
    article : str
        Key of :data:`ARTICLES` the example comes from.
    expression : str
        The computation, written with nllbook calls.
    compute : callable
        Returns the value; called by :attr:`value`.
    printed : str or None
        The number exactly as the article printed it, or None if it printed
        none.
    note : str
        What the book should tell the reader about this example.
    """

    key: str
    title: str
    article: str
    expression: str
    compute: Callable[[], SupportsFloat] = field(repr=False)
    printed: str | None
    note: str = ""

    @property
    def value(self) -> float:
        """The value computed by nllbook, as a Python float."""
        return float(self.compute())

    @property
    def article_value(self) -> float | None:
        """The printed value as a number, or None."""
        return None if self.printed is None else float(self.printed)

    @property
    def decimals(self) -> int:
        """How many decimals the article printed (0 when none)."""
        if self.printed is None or "." not in self.printed:
            return 0
        return len(self.printed.split(".")[1])

    @property
    def status(self) -> Status:
        """How the printed value compares with the computed one.

        ``"agrees"`` when the computed value rounds to the printed one at the
        printed precision, ``"truncated"`` when it only matches after
        dropping digits instead of rounding, ``"differs"`` otherwise, and
        ``"not printed"`` when the article gives no number.
        """
        if self.article_value is None:
            return "not printed"
        d = self.decimals
        scale = 10.0**d
        if round(self.value, d) == self.article_value:
            return "agrees"
        if math.trunc(self.value * scale) / scale == self.article_value:
            return "truncated"
        return "differs"

    @property
    def agrees(self) -> bool:
        """True only when the article's figure is the correctly rounded value."""
        return self.status == "agrees"


LIKELIHOOD_FOURTH = WorkedExample(
    key="likelihood_fourth",
    title="Likelihood when the true class is the 4th",
    article="nll-word-by-word",
    expression="likelihood([0.1, 0.3, 0.5, 0.1], [0, 0, 0, 1])",
    compute=lambda: likelihood(FOUR_CLASS_PROBS, np.eye(4)[FOURTH_CLASS]),
    printed="0.1",
    note=(
        "The article writes the dot product with the probabilities 0.3 and 0.1 "
        "in swapped places (0*0.3 + 0*0.1 + ...); the sum is the same, but the "
        "terms should pair each one-hot entry with the probability in its position."
    ),
)
NLL_FOURTH = WorkedExample(
    key="nll_fourth",
    title="NLL when the true class is the 4th",
    article="nll-word-by-word",
    expression="nll([0.1, 0.3, 0.5, 0.1], 3)",
    compute=lambda: nll(FOUR_CLASS_PROBS, FOURTH_CLASS),
    printed="2.3",
)
LIKELIHOOD_THIRD = WorkedExample(
    key="likelihood_third",
    title="Likelihood when the true class is the 3rd",
    article="nll-word-by-word",
    expression="likelihood([0.1, 0.3, 0.5, 0.1], [0, 0, 1, 0])",
    compute=lambda: likelihood(FOUR_CLASS_PROBS, np.eye(4)[THIRD_CLASS]),
    printed="0.5",
)
NLL_THIRD = WorkedExample(
    key="nll_third",
    title="NLL when the true class is the 3rd",
    article="nll-word-by-word",
    expression="nll([0.1, 0.3, 0.5, 0.1], 2)",
    compute=lambda: nll(FOUR_CLASS_PROBS, THIRD_CLASS),
    printed="0.69",
)
LOG_1E_MINUS_100 = WorkedExample(
    key="log_1e_minus_100",
    title="Natural log of 1e-100",
    article="nll-word-by-word",
    expression="numpy.log(1e-100)",
    compute=lambda: float(np.log(1e-100)),
    printed="-230",
    note="The article says 'close to -230'; the exact value is -100 ln 10.",
)
ENTROPY_FAIR_DIE = WorkedExample(
    key="entropy_fair_die",
    title="Entropy of a fair die",
    article="ce-nll-tutorial",
    expression="entropy(FAIR_DIE)",
    compute=lambda: entropy(FAIR_DIE),
    printed="1.791",
    note=(
        f"ln 6 = {math.log(6):.5f}...; the article drops the last digit instead of "
        f"rounding ({math.log(6):.3f})."
    ),
)
ENTROPY_BIASED_DIE = WorkedExample(
    key="entropy_biased_die",
    title="Entropy of a die biased towards six",
    article="ce-nll-tutorial",
    expression="entropy(BIASED_DIE)",
    compute=lambda: entropy(BIASED_DIE),
    printed="1.289",
    note=(
        "The article's own sum of terms, five times -0.1 ln 0.1 plus -0.5 ln 0.5, "
        f"is {entropy(BIASED_DIE):.3f}, not 1.289. Its conclusion (less random than the "
        "fair die, more than the very biased one) still holds."
    ),
)
ENTROPY_VERY_BIASED_DIE = WorkedExample(
    key="entropy_very_biased_die",
    title="Entropy of a die very heavily biased towards six",
    article="ce-nll-tutorial",
    expression="entropy(VERY_BIASED_DIE)",
    compute=lambda: entropy(VERY_BIASED_DIE),
    printed="0.279",
)
CROSS_ENTROPY_FAIR_BELIEF = WorkedExample(
    key="cross_entropy_fair_belief",
    title="Cross-entropy, fair-die belief as p, observed frequencies as q",
    article="ce-nll-tutorial",
    expression="cross_entropy(FAIR_DIE, OBSERVED_DIE)",
    compute=lambda: cross_entropy(FAIR_DIE, OBSERVED_DIE),
    printed="1.7946",
    note=(
        "The article weights by the belief and takes the log of the observed "
        "frequencies. In the usual machine-learning reading the data are p and "
        "the model (the belief) is q; see CROSS_ENTROPY_OBSERVED_VS_FAIR."
    ),
)
CROSS_ENTROPY_BIASED_BELIEF = WorkedExample(
    key="cross_entropy_biased_belief",
    title="Cross-entropy, biased-die belief as p, observed frequencies as q",
    article="ce-nll-tutorial",
    expression="cross_entropy(BIASED_DIE, OBSERVED_DIE)",
    compute=lambda: cross_entropy(BIASED_DIE, OBSERVED_DIE),
    printed="1.8356",
    note="Same orientation as CROSS_ENTROPY_FAIR_BELIEF.",
)
CROSS_ENTROPY_OBSERVED_VS_FAIR = WorkedExample(
    key="cross_entropy_observed_vs_fair",
    title="Cross-entropy, observed frequencies as p, fair-die model as q",
    article="ce-nll-tutorial",
    expression="cross_entropy(OBSERVED_DIE, FAIR_DIE)",
    compute=lambda: cross_entropy(OBSERVED_DIE, FAIR_DIE),
    printed=None,
    note="The orientation in which cross-entropy equals the mean NLL of the rolls.",
)
CROSS_ENTROPY_OBSERVED_VS_BIASED = WorkedExample(
    key="cross_entropy_observed_vs_biased",
    title="Cross-entropy, observed frequencies as p, biased-die model as q",
    article="ce-nll-tutorial",
    expression="cross_entropy(OBSERVED_DIE, BIASED_DIE)",
    compute=lambda: cross_entropy(OBSERVED_DIE, BIASED_DIE),
    printed=None,
    note="The orientation in which cross-entropy equals the mean NLL of the rolls.",
)
BERNOULLI_LIKELIHOOD = WorkedExample(
    key="bernoulli_likelihood",
    title="Bernoulli likelihood of four i.i.d. labelled samples",
    article="ce-nll-notes",
    expression="bernoulli_likelihood(BERNOULLI_Y, BERNOULLI_Y_HAT)",
    compute=lambda: bernoulli_likelihood(BERNOULLI_Y, BERNOULLI_Y_HAT),
    printed=None,
    note="The article states the formula only; the numbers are the book's.",
)

#: All worked examples, in the order the book meets them.
ALL: tuple[WorkedExample, ...] = (
    LIKELIHOOD_FOURTH,
    NLL_FOURTH,
    LIKELIHOOD_THIRD,
    NLL_THIRD,
    LOG_1E_MINUS_100,
    BERNOULLI_LIKELIHOOD,
    ENTROPY_FAIR_DIE,
    ENTROPY_BIASED_DIE,
    ENTROPY_VERY_BIASED_DIE,
    CROSS_ENTROPY_FAIR_BELIEF,
    CROSS_ENTROPY_BIASED_BELIEF,
    CROSS_ENTROPY_OBSERVED_VS_FAIR,
    CROSS_ENTROPY_OBSERVED_VS_BIASED,
)

#: Points in the articles that are not a single number but still need a note.
TEXT_ERRATA: tuple[tuple[str, str], ...] = (
    (
        "ce-nll-notes",
        "The likelihood's product runs from i = 1 to n but the log-likelihood's sum "
        "from i = 0 to n: both should run over the same n samples.",
    ),
    (
        "ce-nll-notes",
        "Adding up the log-probabilities of the true classes gives the log-likelihood "
        "of the data set; it is not the entropy of the model's distribution, nor an "
        "information gain (a KL divergence, never negative, while this sum is never positive).",
    ),
    (
        "ce-nll-notes",
        "The likelihood of one sample is the probability of the true class, the one the "
        "label names; 'probability of the the class' leaves out which class.",
    ),
    (
        "ce-nll-notes",
        "The title spells cross-entropy as 'Cross-Entory'.",
    ),
    (
        "ce-nll-tutorial",
        "It calls p 'true' and q 'estimated (observed)', then uses the dice beliefs as "
        "p and the observed frequencies as q. In model fitting, the observed data "
        "play p and the model plays q.",
    ),
    (
        "ce-nll-tutorial",
        "NLL is written 'NNL' in two places.",
    ),
    (
        "nll-word-by-word",
        "In the one-hot dot product the probabilities 0.1 and 0.3 are written in "
        "swapped positions; the result is unaffected.",
    ),
    (
        "ce-nll-notes",
        "The two terms of the log-likelihood are labelled probabilities of the first and "
        "second class; they are log-probabilities, each switched on by its label.",
    ),
    (
        "ce-nll-notes",
        "The exponents are the labels, not the probabilities: a higher probability is "
        "not raised to a higher power.",
    ),
    (
        "ce-nll-notes",
        "The product needs independence of the labels given the inputs; the likelihood "
        "is the probability of the labels given the inputs, as a function of the parameters.",
    ),
    (
        "ce-nll-notes",
        "The likelihood is largest for y_hat = 1 only where y = 1; where y = 0 it needs y_hat = 0.",
    ),
    (
        "ce-nll-notes",
        "Only the true class counts for hard labels; soft labels weight every class, and a "
        "softmax ties the other probabilities to the true one.",
    ),
    (
        "ce-nll-notes",
        "The log-likelihood is maximised in training; its negative is minimised.",
    ),
    (
        "ce-nll-tutorial",
        "NLL and cross-entropy agree for the mean NLL and the data's frequencies as p; the "
        "tutorial's own dice cross-entropies are not NLLs, and code takes different inputs.",
    ),
    (
        "ce-nll-tutorial",
        "'Estimated (observed)' joins the model's estimate and the observed data, which "
        "play different roles.",
    ),
    (
        "ce-nll-tutorial",
        "'log' is never named; every printed value is a natural logarithm, in nats.",
    ),
    (
        "ce-nll-tutorial",
        "Cross-entropies with different weighting distributions include different "
        "entropies; similarity is the KL divergence.",
    ),
    (
        "ce-nll-tutorial",
        "A probability can equal 1, whose log is 0: a log-probability is never positive.",
    ),
    (
        "ce-nll-tutorial",
        "An outcome of probability p carries -log2 p bits; one of x equally likely "
        "alternatives takes log2 x bits.",
    ),
    (
        "ce-nll-tutorial",
        "Numerical stability and information are both reasons for the log, and the log "
        "never changes the best parameters.",
    ),
    (
        "ce-nll-tutorial",
        "Likelihood is not the probability of the parameters given the data; that "
        "posterior needs a prior.",
    ),
    (
        "ce-nll-tutorial",
        "The factor 1/m makes the mean NLL; the mean NLL, not the NLL, equals the cross-entropy.",
    ),
    (
        "ce-nll-tutorial",
        "The parameters are the model's probabilities; they equal the observed "
        "frequencies only for the maximum-likelihood model.",
    ),
    (
        "ce-nll-tutorial",
        "Typing slips: 'defined on between', 'the is distribution', 'a unfair dice', 'the the'.",
    ),
    (
        "nll-word-by-word",
        "The model gives a probability to the label of a given input; it does not "
        "produce the input.",
    ),
    (
        "nll-word-by-word",
        "The minus sign multiplies the log-likelihood; the result is the loss.",
    ),
    (
        "nll-word-by-word",
        "Many numbers are stored exactly; the problem is the limited range, where a long "
        "product of probabilities becomes 0.",
    ),
    (
        "nll-word-by-word",
        "NLL is not only for classification: regression, densities and language models use it.",
    ),
    (
        "nll-word-by-word",
        "Multi-label classification needs one Bernoulli NLL per label, not the categorical NLL.",
    ),
    (
        "nll-word-by-word",
        "NLL and cross-entropy are one number, but library functions with the two names "
        "expect different inputs.",
    ),
    (
        "nll-word-by-word",
        "A likelihood can only be too low for floating point, never too high: every factor "
        "is a probability, at most 1.",
    ),
    (
        "nll-word-by-word",
        "The product the log is needed for is never shown: each example scores one "
        "prediction, one probability; the product runs over independent examples.",
    ),
    (
        "nll-word-by-word",
        "1e-100 is an ordinary float64; only a product of several such factors underflows.",
    ),
    (
        "nll-word-by-word",
        "Typing slips: 'forth' for fourth, 'it's own' for its own, 'how does it relates'.",
    ),
)


def by_key(key: str) -> WorkedExample:
    """Return the worked example called ``key``.

    Raises
    ------
    ValueError
        If ``key`` is not a string or no example has that key.
    """
    if not isinstance(key, str):
        raise ValueError(f"key: must be a string, got {type(key).__name__}")
    for ex in ALL:
        if ex.key == key:
            return ex
    raise ValueError(f"key: no worked example called {key!r}")
