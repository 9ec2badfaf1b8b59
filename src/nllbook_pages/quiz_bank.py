"""The check-yourself questions of every page, computed by nllbook.

Each page's questions live in a module of :mod:`nllbook_pages.questions` named
like the page (``questions/negative.py`` for ``book/negative.md``), whose
``questions()`` makes them. Each answer, and each wrong value that a
misconception predicts, is computed there with nllbook's functions when the
questions are made; the feedback points to the section that clears the
misconception up. The same module's ``oracles()`` recomputes them without
nllbook, for the tests.

:func:`chapter` gives a page's :class:`~nllbook_pages.quiz.Quiz`, :func:`review`
a short set mixing questions from every chapter.

Examples
--------
>>> from nllbook_pages import quiz_bank
>>> sorted(quiz_bank.CHAPTERS)[:3]
['beyond_classification', 'cross_entropy', 'entropy']
>>> len(quiz_bank.chapter("negative").questions) >= 4
True
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from . import questions as _questions
from .quiz import Question, Quiz

__all__ = ["CHAPTERS", "REVIEW", "all_questions", "chapter", "review"]


def _pages() -> dict[str, Callable[[], list[Question]]]:
    """Every page with questions: a module of ``questions`` that is not private."""
    out: dict[str, Callable[[], list[Question]]] = {}
    for info in sorted(pkgutil.iter_modules(_questions.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{_questions.__name__}.{info.name}")
            out[info.name] = module.questions
    return out


#: Each page's questions, made on demand, by the page's name (its file's stem).
CHAPTERS: dict[str, Callable[[], list[Question]]] = _pages()

#: The questions of the review set: (page, question key), spread over the book.
REVIEW: tuple[tuple[str, str], ...] = (
    ("start", "baseline"),
    ("likelihood", "two-samples"),
    ("log", "bits"),
    ("negative", "batch-mean"),
    ("entropy", "fair-or-biased"),
    ("cross_entropy", "ce"),
    ("nll_is_cross_entropy", "best-model"),
    ("in_practice", "logits"),
    ("why_cross_entropy", "mse-grad-wrong"),
    ("errata", "printed"),
    ("beyond_classification", "ppl"),
    ("nll_at_work", "brier-calibration"),
    ("symptoms", "stuck-prior"),
    ("imbalance", "weighted-mean"),
    ("related_losses", "kl-direction"),
)


def chapter(doc: str) -> Quiz:
    """The check-yourself questions of one page (its file's stem, e.g. ``"negative"``)."""
    if doc not in CHAPTERS:
        raise ValueError(f"doc: no questions for {doc!r}; known: {sorted(CHAPTERS)}")
    return Quiz(doc, CHAPTERS[doc]())


def review() -> Quiz:
    """A short review set, one question from each chapter in turn."""
    picked: list[Question] = []
    for doc, key in REVIEW:
        q = next(q for q in CHAPTERS[doc]() if q.key == key)
        q.key = f"{doc}-{key}"
        picked.append(q)
    return Quiz("review", picked, title="Review")


def all_questions() -> list[tuple[str, Question]]:
    """Every question of every chapter, with its chapter."""
    return [(doc, q) for doc, make in CHAPTERS.items() for q in make()]
