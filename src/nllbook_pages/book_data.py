"""The book's own data sets, for the chapter on NLL beyond classification.

Unlike :mod:`nllbook.examples`, which recomputes the source articles'
examples, these are made by the book itself:

- :data:`MEASUREMENTS`, twelve repeated measurements of one length, for
  Gaussian regression;
- :func:`book_prose`, the running text of the book's own chapters, read from
  the chapter files as they are now and reduced to 27 symbols, for a
  character-level language model;
- :func:`digits` and :func:`digits_split`, scikit-learn's bundled
  handwritten digits split into training, validation and test digits, and
  :func:`digits_training`, the chapter "NLL at work"'s softmax regression
  trained on them.

Examples
--------
>>> from nllbook_pages import book_data
>>> book_data.MEASUREMENTS.size, len(book_data.ALPHABET)
(12, 27)
>>> train, held_out = book_data.book_prose()
>>> set(train + held_out) <= set(book_data.ALPHABET)
True
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import string
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from nllbook import (
    SoftmaxRegressionFit,
    cross_entropy_from_logits,
    fit_softmax_regression,
    softmax,
)

__all__ = [
    "ALPHABET",
    "DIGITS_LEARNING_RATE",
    "DIGITS_RECORD",
    "DIGITS_SEED",
    "DIGITS_STEPS",
    "DIGITS_TRAIN",
    "DIGITS_VAL",
    "HELD_OUT_CHAPTERS",
    "MEASUREMENTS",
    "TRAIN_CHAPTERS",
    "Digits",
    "DigitsSplit",
    "book_dir",
    "book_prose",
    "digits",
    "digits_shown",
    "digits_split",
    "digits_training",
    "prose_text",
]

#: Twelve measurements of one length, in metres (to the millimetre), drawn
#: once from a normal distribution with mean 1.80 and standard deviation
#: 0.05 (``numpy.random.default_rng(2026)``) and stored as data.
MEASUREMENTS = np.round(1.80 + 0.05 * np.random.default_rng(2026).standard_normal(12), 3)

#: The 27 symbols of the language model: the letters a–z and the space.
ALPHABET = string.ascii_lowercase + " "

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCED = re.compile(r"^(`{3,}|~{3,}|:{3,}).*?$", re.M)
_CODE_BLOCK = re.compile(r"^(`{3,})[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_CODE = re.compile(r"`[^`]*`")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_OPTION = re.compile(r"^:[a-z-]+:.*$", re.M)
# A link's target, [words](log.md): the words are prose, the file name is not.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
# A MyST target line, (label)=, names a section for links; it is not prose.
_TARGET_LINE = re.compile(r"^\([\w-]+\)=[ \t]*$", re.M)


def prose_text(markdown: str) -> str:
    """The running prose of a MyST Markdown chapter, in :data:`ALPHABET`.

    Front matter, code cells, directive fences and options, roles, inline
    code, maths, the targets of links and MyST target lines are dropped; the
    rest is lower-cased, every character outside a–z becomes a space, and
    runs of spaces become one.

    Examples
    --------
    >>> from nllbook_pages.book_data import prose_text
    >>> prose_text("# Log\\n\\nTake $\\\\ln p$, e.g. `nll`: *twice*!")
    'log take e g twice'
    >>> prose_text("(why-the-log)=\\n## Why\\n\\nSee [Log](log.md).")
    'why see log'
    """
    text = _FRONT_MATTER.sub("", markdown)
    text = _CODE_BLOCK.sub(" ", text)
    for pattern in (_FENCED, _OPTION, _TARGET_LINE, _ROLE, _MATH, _CODE):
        text = pattern.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = re.sub(r"[^a-z]+", " ", text.lower())
    return text.strip()


#: The chapters whose prose the language model is trained on, by file name
#: (without ``.md``): the six chapters from "Start" to "Cross-entropy".
TRAIN_CHAPTERS: tuple[str, ...] = (
    "start",
    "likelihood",
    "log",
    "negative",
    "entropy",
    "cross_entropy",
)
#: The chapters whose prose is held out: "NLL is cross-entropy" and "In practice".
HELD_OUT_CHAPTERS: tuple[str, ...] = ("nll_is_cross_entropy", "in_practice")


def book_dir() -> Path:
    """The folder of the book's chapter files.

    The ``book`` folder of the repository this package is run from (the
    package lives in its ``src`` folder), or else the current directory
    when it holds the chapters, as it does for a chapter run in JupyterLab.

    Raises
    ------
    ValueError
        If neither holds the chapter files.
    """
    here = Path(__file__).resolve().parents[2] / "book"
    for folder in (here, Path.cwd()):
        if all((folder / f"{name}.md").is_file() for name in TRAIN_CHAPTERS):
            return folder
    raise ValueError(
        "book_dir: no folder with the chapter files was found; pass the book's folder "
        "to book_prose(folder)"
    )


def book_prose(folder: str | Path | None = None) -> tuple[str, str]:
    """The book's prose as (training text, held-out text), read from the chapters now.

    The running prose (made by :func:`prose_text`) of the chapter files in
    ``folder`` (by default :func:`book_dir`), read when the function is
    called, so that the text is always that of the current chapters: the
    chapters of :data:`TRAIN_CHAPTERS` give the training text and those of
    :data:`HELD_OUT_CHAPTERS` the held-out text, on topics the model has not
    read. Chapters are joined by one space.

    Raises
    ------
    ValueError
        If a chapter file is missing.
    """
    root = book_dir() if folder is None else Path(folder)

    def read(names: tuple[str, ...]) -> str:
        texts = []
        for name in names:
            path = root / f"{name}.md"
            if not path.is_file():
                raise ValueError(f"folder: no chapter {name}.md in {root}")
            texts.append(prose_text(path.read_text(encoding="utf-8")))
        return " ".join(texts)

    return read(TRAIN_CHAPTERS), read(HELD_OUT_CHAPTERS)


# -- Handwritten digits ------------------------------------------------------------------


class Digits(NamedTuple):
    """Images of handwritten digits and their labels."""

    #: One row of 64 pixels (an 8 x 8 image, row by row) per digit, in [0, 1].
    x: NDArray[np.float64]
    #: The digit each image shows, 0 to 9.
    y: NDArray[np.int64]


def _read_only(*arrays: NDArray[np.generic]) -> None:
    # The cached arrays are shared by every caller: none may change them.
    for arr in arrays:
        arr.flags.writeable = False


@cache
def digits() -> Digits:
    """scikit-learn's bundled handwritten digits: 1797 images of 8 x 8 pixels.

    The data of ``sklearn.datasets.load_digits()`` (a copy of the UCI
    "Optical Recognition of Handwritten Digits" test set, shipped inside the
    scikit-learn package, so nothing is downloaded), with the pixel
    intensities 0 to 16 divided by 16. The file is read directly when it is
    where scikit-learn keeps it, which spares the build the second or so
    that importing scikit-learn takes; otherwise through ``load_digits``.
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("digits: scikit-learn is not installed (pip install scikit-learn)")
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets/data/digits.csv.gz"
    if path.is_file():
        with gzip.open(path, "rt", encoding="ascii") as fh:
            table = np.loadtxt(fh, delimiter=",")
        x, y = table[:, :-1], table[:, -1].astype(np.int64)
    else:  # pragma: no cover - a scikit-learn that keeps the file elsewhere
        from sklearn.datasets import load_digits

        bunch = load_digits()
        x, y = np.asarray(bunch.data, dtype=np.float64), np.asarray(bunch.target, np.int64)
    x = x / 16.0
    _read_only(x, y)
    return Digits(x, y)


#: Digits the chapter trains on. Few, so that the model overfits within a few
#: thousand steps.
DIGITS_TRAIN = 200
#: Validation digits, after the training digits in the random order: they
#: choose the step of early stopping and fit the temperature. The remaining
#: 797 digits are the test set, on which the chapter reports the final model
#: and the effect of the temperature, as Guo et al. (2017) do.
DIGITS_VAL = 800
#: Seed of the random split into training, validation and test digits.
DIGITS_SEED = 3
#: Gradient descent of the chapter: its learning rate and number of steps.
DIGITS_LEARNING_RATE = 1.0
DIGITS_STEPS = 10_000
#: The steps at which the chapter looks at the model: 0, then every step
#: that 200 points spaced evenly on a log scale up to :data:`DIGITS_STEPS`
#: round to (155 steps in all, each of 0 to 24 among them): fine enough for
#: the training explorer's slider to have over a hundred positions. Losses
#: "lowest" at a step are the lowest among these recorded steps.
DIGITS_RECORD: tuple[int, ...] = (
    0,
    *sorted({int(s) for s in np.round(np.geomspace(1, DIGITS_STEPS, 200))}),
)


class DigitsSplit(NamedTuple):
    """Training, validation and test digits, and where each came from in :func:`digits`."""

    x_train: NDArray[np.float64]
    y_train: NDArray[np.int64]
    x_val: NDArray[np.float64]
    y_val: NDArray[np.int64]
    x_test: NDArray[np.float64]
    y_test: NDArray[np.int64]
    #: Positions in :func:`digits` of the training, validation and test digits.
    train_index: NDArray[np.int64]
    val_index: NDArray[np.int64]
    test_index: NDArray[np.int64]


def digits_split(
    n_train: int = DIGITS_TRAIN, seed: int = DIGITS_SEED, n_val: int = DIGITS_VAL
) -> DigitsSplit:
    """A random split of :func:`digits` into ``n_train`` training digits, ``n_val``
    validation digits, and the rest as test digits.

    The order comes from ``numpy.random.default_rng(seed).permutation``: the
    first ``n_train`` digits of it train, the next ``n_val`` validate, the
    rest test. The same arguments give the same split.

    Raises
    ------
    ValueError
        If ``n_train`` or ``n_val`` is not a positive integer, or together
        they leave no test digit.

    Examples
    --------
    >>> from nllbook_pages import book_data
    >>> s = book_data.digits_split()
    >>> len(s.y_train), len(s.y_val), len(s.y_test)
    (200, 800, 797)
    >>> bool((book_data.digits().y[s.test_index] == s.y_test).all())
    True
    """
    data = digits()
    n = data.y.size
    for name, value in (("n_train", n_train), ("n_val", n_val)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name}: must be an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"{name}: must be at least 1, got {value}")
    if n_train + n_val >= n:
        raise ValueError(
            f"n_val: n_train + n_val must be below {n}, to leave test digits; "
            f"got {n_train} + {n_val}"
        )
    order = np.random.default_rng(seed).permutation(n)
    train = np.sort(order[:n_train])
    val = np.sort(order[n_train : n_train + n_val])
    test = np.sort(order[n_train + n_val :])
    x, y = data.x, data.y
    return DigitsSplit(x[train], y[train], x[val], y[val], x[test], y[test], train, val, test)


@cache
def digits_training() -> SoftmaxRegressionFit:
    """The chapter's softmax regression, trained on :func:`digits_split` without penalty.

    Full-batch gradient descent from zero, :data:`DIGITS_STEPS` steps with
    learning rate :data:`DIGITS_LEARNING_RATE`, recorded at the steps of
    :data:`DIGITS_RECORD`. Computed once per process and shared by the
    chapter and its explorers.
    """
    split = digits_split()
    fit = fit_softmax_regression(
        split.x_train,
        split.y_train,
        num_classes=10,
        learning_rate=DIGITS_LEARNING_RATE,
        steps=DIGITS_STEPS,
        record=DIGITS_RECORD,
    )
    _read_only(*fit)
    return fit


@cache
def digits_shown() -> tuple[int, int, int]:
    """Three validation digits that the chapter's training explorer follows.

    Positions in the validation set of :func:`digits_split`, chosen by a
    rule from :func:`digits_training`, not by hand:

    1. learned early: the largest probability of the true class at step 10,
       among the digits of another class than the next two;
    2. learned late: wrong at the step of the lowest validation NLL and
       right at the last step, the most confident such one at the end;
    3. a mistake that grows: wrong at the last step, the one whose NLL rose
       most from the step of the lowest validation NLL.
    """
    split, fit = digits_split(), digits_training()
    logits = np.einsum("ij,sjk->sik", split.x_val, fit.weights) + fit.bias[:, None, :]
    rows = np.arange(split.y_val.size)
    q_true = softmax(logits)[:, rows, split.y_val]
    losses = np.stack([cross_entropy_from_logits(z, split.y_val, reduction="none") for z in logits])
    right = logits.argmax(axis=-1) == split.y_val
    best = int(np.argmin(losses.mean(axis=1)))
    late_pool = np.flatnonzero(~right[best] & right[-1])
    late = int(late_pool[np.argmax(q_true[-1, late_pool])])
    wrong_pool = np.flatnonzero(~right[-1])
    grows = int(wrong_pool[np.argmax(losses[-1, wrong_pool] - losses[best, wrong_pool])])
    other = np.flatnonzero(~np.isin(split.y_val, split.y_val[[late, grows]]))
    early = int(other[np.argmax(q_true[list(fit.steps).index(10), other])])
    return early, late, grows
