"""The words of an explorer: numbers formatted for prose, tagged quantities,
the word-by-word steps and notes that keep their place."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence


def fmt_number(x: float, fmt: str = ".3f") -> str:
    """Format a number for prose: '∞' for infinities, a true minus sign."""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if math.isnan(x):  # never expected: explorers must not produce NaN
        raise ValueError("x: NaN reached the display layer")
    text = format(x, fmt)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


def quantity(name: str, value: float, fmt: str = ".3f") -> str:
    """A number inside explorer text, tagged so tests can find and check it."""
    # data-value carries the full-precision number and data-fmt its display
    # format, so that a test can check the text against nllbook directly.
    return (
        f'<span class="nllbook-q" data-q="{name}" data-value="{float(value)!r}" '
        f'data-fmt="{fmt}">{fmt_number(value, fmt)}</span>'
    )


def word_steps(phrase: Sequence[str], steps: Sequence[tuple[int, str, str]]) -> str:
    """Render a phrase once per step, highlighting the word that step applies.

    Parameters
    ----------
    phrase : sequence of str
        The words, e.g. ``("Negative", "Log", "Likelihood")``.
    steps : sequence of (word index, formula HTML, result HTML)
        In the order they are applied (for NLL: Likelihood, Log, Negative).
    """
    rows = []
    for index, formula, result in steps:
        words = " ".join(
            f'<mark class="nllbook-word">{html.escape(w)}</mark>'
            if i == index
            else f'<span class="nllbook-dim">{html.escape(w)}</span>'
            for i, w in enumerate(phrase)
        )
        rows.append(
            f'<li><span class="nllbook-phrase">{words}</span>'
            f'<span class="nllbook-formula">{formula}</span>'
            f'<span class="nllbook-result">= {result}</span></li>'
        )
    return f'<ol class="nllbook-steps">{"".join(rows)}</ol>'


def note(text: str, shown: bool) -> str:
    """A note that appears in some settings only, with its space always kept.

    When it does not apply it is still in the text, invisible and hidden from
    screen readers, so that nothing below it moves while a slider is dragged.
    """
    if shown:
        return f'<p class="nllbook-note">{text}</p>'
    return f'<p class="nllbook-note nllbook-reserved" aria-hidden="true">{text}</p>'
