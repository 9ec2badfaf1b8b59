"""Pieces of an explorer's words: the word-by-word steps and notes."""

from __future__ import annotations

import html
from collections.abc import Sequence

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
