"""The words of an explorer: numbers written as the browser writes them, slots,
and the pieces the pages build their words from (word-by-word steps, notes).

``fmt_number`` and ``fill`` have twins in ``js/explorer/format.js``; a test
compares the two on many values, so the markup's first numbers and the live
ones never differ.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")
FORMAT = re.compile(r"^(\.\d+)?[efg%d]?$")
#: A note of the words: ``<p data-when="name">``, shown while that value holds.
WHEN = re.compile(r'data-when="([^"]*)"')


def fmt_number(x: float, fmt: str = ".3f") -> str:
    """A number for prose: ``∞`` for infinities, no ``−0``, a true minus sign.

    The browser's ``fmtNumber`` (js/explorer/format.js) writes the same text;
    a test compares the two on many values.

    >>> fmt_number(-0.0001, ".2f"), fmt_number(float("-inf")), fmt_number(1e-5, "g")
    ('0.00', '−∞', '1e−05')
    """
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if math.isnan(x):
        raise ValueError("x: NaN reached the display layer")
    text = format(x, fmt)
    if text.startswith("-") and float(text.rstrip("%")) == 0:
        text = text[1:]
    return text.replace("-", "−")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """A template's slots ``{name}`` or ``{name:fmt}`` filled with numbers, as the browser does."""

    def one(m: re.Match[str]) -> str:
        name, fmt = m.group(1), m.group(2) or "g"
        if name not in values:
            raise ValueError(f"template: no value named {name!r}")
        v = values[name]
        return v if isinstance(v, str) else fmt_number(float(v), fmt)

    return SLOT.sub(one, template)


def slots(template: str) -> list[tuple[str, str]]:
    """The ``(name, fmt)`` of every slot of a template."""
    return [(m.group(1), m.group(2) or "g") for m in SLOT.finditer(template)]


NLL_WORDS = ("Negative", "Log", "Likelihood")
CE_WORDS = ("Cross", "Entropy")


def word_steps(phrase: Sequence[str], steps: Sequence[tuple[int, str, str]]) -> str:
    """The phrase once per step, with the word that step applies highlighted.

    ``steps`` are ``(word index, formula HTML, result)`` in the order applied;
    a result is usually a slot such as ``"{negative:.4f}"``.
    """
    rows = []
    for index, formula, result in steps:
        words = " ".join(
            f'<mark class="nbx-word">{html.escape(w)}</mark>'
            if i == index
            else f'<span class="nbx-dim">{html.escape(w)}</span>'
            for i, w in enumerate(phrase)
        )
        rows.append(
            f'<li><span class="nbx-phrase">{words}</span>'
            f'<span class="nbx-formula">{formula}</span>'
            f'<span class="nbx-result">= {result}</span></li>'
        )
    return f'<ol class="nbx-steps">{"".join(rows)}</ol>'


def note(when: str, text: str) -> str:
    """A note shown while the value ``when`` holds; hidden, it keeps its space."""
    return f'<p data-when="{when}">{text}</p>'


INFINITE_LOSS = (
    "The model gave the observed outcome probability 0, so its log is −∞ and the loss "
    "is infinite: no finite penalty is large enough for calling the truth impossible."
)
