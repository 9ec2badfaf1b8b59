"""Predict, then reveal: a guess the reader commits before moving an explorer.

An explorer may carry one :class:`Prediction`: a question about one of its
settings ("where will the loss be at p = 0.5?"). The reader types a guess
or skips; nothing waits for it, the sliders always move. Once the sliders
reach that setting, the guess is shown next to the truth, which the
explorer's own computation gives (so nllbook, never a typed number).

The static player (``nllbook-player.js``) and the live widget word the
comparison the same way, with :func:`reveal_text`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prediction:
    """A prediction prompt for an explorer.

    Parameters
    ----------
    prompt : str
        The question, e.g. ``"Where will the loss be at p = 0.5?"``.
    at : mapping of slider name to value
        The setting whose number answers it (sliders not named keep their
        default). Each value must be on its slider's grid.
    number : str
        Which number of the explorer's ``compute`` answers it.
    unit : str
        Unit shown after the numbers (``"nats"``), or ``""``.
    digits : int
        Decimals shown for the truth.
    where : str
        How to name the setting (``"p = 0.50"``); by default each named
        slider as ``name = value``.
    """

    prompt: str
    at: Mapping[str, float] = field(default_factory=dict)
    number: str = ""
    unit: str = ""
    digits: int = 3
    where: str = ""


def _num(x: float, digits: int) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}f}".replace("-", "−")


def reveal_text(guess: float, truth: float, where: str, unit: str, digits: int) -> str:
    """The comparison shown once the sliders reach the predicted setting.

    >>> reveal_text(1.0, 0.6931, "p = 0.50", "nats", 3)
    'At p = 0.50 the answer is 0.693 nats. Your guess: 1 nats (off by 0.307).'
    """
    u = f" {unit}" if unit else ""
    shown = f"{guess:g}".replace("-", "−")
    off = abs(guess - truth) if math.isfinite(truth) else math.inf
    return (
        f"At {where} the answer is {_num(truth, digits)}{u}. "
        f"Your guess: {shown}{u} (off by {_num(off, digits)})."
    )


def waiting_text(guess: float, where: str, unit: str) -> str:
    """What the reader sees after committing a guess, before reaching the setting."""
    u = f" {unit}" if unit else ""
    shown = f"{guess:g}".replace("-", "−")
    return f"Your guess: {shown}{u}. Move the slider to {where} to compare."
