"""The book's own data sets, for the chapter on NLL beyond classification.

Unlike :mod:`nllbook.examples`, which recomputes the source articles'
examples, these are made by the book itself:

- :data:`MEASUREMENTS`, twelve repeated measurements of one length, for
  Gaussian regression;
- :func:`book_prose`, the running text of the book's own chapters, reduced to
  27 symbols, for a character-level language model.

Examples
--------
>>> from nllbook import book_data
>>> book_data.MEASUREMENTS.size, len(book_data.ALPHABET)
(12, 27)
>>> train, held_out = book_data.book_prose()
>>> set(train + held_out) <= set(book_data.ALPHABET)
True
"""

from __future__ import annotations

import re
import string
from functools import cache
from importlib.resources import files

import numpy as np

__all__ = ["ALPHABET", "MEASUREMENTS", "book_prose", "prose_text"]

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


def prose_text(markdown: str) -> str:
    """The running prose of a MyST Markdown chapter, in :data:`ALPHABET`.

    Front matter, code cells, directive fences and options, roles, inline
    code and maths are dropped; the rest is lower-cased, every character
    outside a–z becomes a space, and runs of spaces become one.

    Examples
    --------
    >>> from nllbook.book_data import prose_text
    >>> prose_text("# Log\\n\\nTake $\\\\ln p$, e.g. `nll`: *twice*!")
    'log take e g twice'
    """
    text = _FRONT_MATTER.sub("", markdown)
    text = _CODE_BLOCK.sub(" ", text)
    for pattern in (_FENCED, _OPTION, _ROLE, _MATH, _CODE):
        text = pattern.sub(" ", text)
    text = re.sub(r"[^a-z]+", " ", text.lower())
    return text.strip()


@cache
def book_prose() -> tuple[str, str]:
    """The book's prose as (training text, held-out text).

    The prose of chapters 1 to 8 (stored with the package in
    ``_data/book_prose.txt``, one chapter per line, made by
    :func:`prose_text`), split by chapter: chapters 1 to 6 train, chapters 7
    and 8 are held out, so the held-out text is on topics the model has not
    read.
    """
    lines = (files("nllbook") / "_data" / "book_prose.txt").read_text(encoding="utf-8")
    chapters = [line for line in lines.splitlines() if line]
    if len(chapters) != 8:
        raise ValueError(f"book_prose.txt: expected 8 chapters, found {len(chapters)}")
    return " ".join(chapters[:6]), " ".join(chapters[6:])
