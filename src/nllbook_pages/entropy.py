"""The page "Entropy": how random a die is, as probability moves to one face."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook
from nllbook import examples as ex

from .explorer import (
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    bars,
    curve,
    dot,
    note,
    rule,
    text,
)

__all__ = ["dice_explorer", "die_towards_six", "faces"]

#: The browser's die at t: the fair die with a fraction t of its mass moved to
#: the last face, six (the same operations as :func:`die_towards_six`).
DIE_JS = "mix(FAIR, onehot(FAIR.length - 1, FAIR.length), {t})"


def die_towards_six(t: float) -> np.ndarray:
    """A die whose face six has taken a fraction t of the mass from the fair die.

    t = 0 is :data:`nllbook.examples.FAIR_DIE`, t = 0.4 the biased die and
    t = 0.94 the very biased one.
    """
    fair = ex.FAIR_DIE
    six = nllbook.one_hot(fair.size - 1, fair.size)
    return np.asarray((1 - t) * fair + t * six, dtype=float)


def faces() -> list[str]:
    """The faces' names, "1" to "6"."""
    return [str(k + 1) for k in range(ex.FAIR_DIE.size)]


def dice_explorer() -> Explorer:
    """Move probability mass to face six and watch the entropy fall."""
    six = ex.FAIR_DIE.size - 1

    def compute(t: float) -> dict[str, Any]:
        p = die_towards_six(t)
        surprise_other = float(nllbook.nll(p, 0))
        return {
            "probs": p,
            "shares": 0.0 - np.asarray(nllbook.xlogy(p, p)),
            "p_six": float(p[six]),
            "p_other": float(p[0]),
            "surprise_six": float(nllbook.nll(p, six)),
            "surprise_other": surprise_other,
            "h_nats": float(nllbook.entropy(p)),
            "h_bits": float(nllbook.entropy(p, base=2)),
            "h_max": float(nllbook.entropy(ex.FAIR_DIE)),
            "certain": math.isinf(surprise_other),
        }

    words = (
        "<p>P(six) = {p_six:.3f}, each other face {p_other:.3f}.</p>"
        "<ul>"
        "<li>Surprise of a six, −ln P(six): {surprise_six:.3f}</li>"
        "<li>Surprise of any other face: {surprise_other:.3f}</li>"
        '<li><mark class="nbx-word">Entropy</mark>, the average surprise: '
        "{h_nats:.3f} nats = {h_bits:.3f} bits</li>"
        "</ul>"
        "<p>The fair die's entropy, ln 6 = {h_max:.3f} nats, is the largest any six-sided "
        "die can have.</p>"
        + note(
            "certain",
            "The other faces now have probability 0: they never come up, so their surprise "
            "(∞) is never paid and they add nothing to the average (0 · ln 0 = 0). A die that "
            "always shows six has entropy 0.",
        )
    )
    return Explorer(
        key="dice",
        title="How random is this die?",
        controls=[Control("t", "Mass moved to six, t", 0.0, 1.0, 0.4)],
        consts={"FAIR": ex.FAIR_DIE},
        model=[
            ("probs", DIE_JS.format(t="t")),
            ("shares", "probs.map((v) => 0 - xlogy(v, v))"),
            ("p_six", "probs[probs.length - 1]"),
            ("p_other", "probs[0]"),
            ("surprise_six", "nll(probs, probs.length - 1)"),
            ("surprise_other", "nll(probs, 0)"),
            ("h_nats", "entropy(probs)"),
            ("h_bits", "entropy(probs, 2)"),
            ("h_max", "entropy(FAIR)"),
            ("certain", "!isFinite(surprise_other)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("face", labels=faces()),
                y=Axis("", (0.0, 1.05)),
                marks=[
                    bars(
                        [
                            ("probability", "probs", "main"),
                            ("share", "shares", "accent"),
                        ]
                    )
                ],
                height=180,
            ),
            Panel(
                x=Axis("mass moved to six, t", (0.0, 1.0)),
                y=Axis("entropy (nats)", (0.0, 2.0)),
                marks=[
                    rule(y="h_max", color="muted"),
                    text("0.98", "h_max + 0.06", "fair die: ln 6", anchor="end"),
                    curve(f"entropy({DIE_JS.format(t='x')})", x=(0.0, 1.0), name="entropy"),
                    dot("t", "h_nats", handle={"t": "x"}, on="entropy", name="die"),
                ],
                height=180,
                drag={"t": "x"},
            ),
        ],
        legend=[
            {"label": "probability p_k", "color": "main", "kind": "bar"},
            {"label": "p_k · surprise", "color": "accent", "kind": "bar"},
        ],
        readouts=[
            Readout("p_six", "P(six)", ".3f"),
            Readout("h_nats", "entropy", ".3f", "nats"),
        ],
        words=words,
        alt="Top: paired bars for faces one to six, the probability of each face and its "
        "contribution to the entropy. Bottom: the entropy against the mass moved to six, "
        "falling from ln 6 to 0, with a dot at the chosen t.",
        caption="Blue: each face's probability. Orange: its share of the entropy, probability "
        "times surprise; the orange bars add up to the entropy, drawn below for every t. "
        "t = 0 is the fair die, t = 0.4 the biased die and t = 0.94 the very biased die.",
        hint="Drag the dot, or anywhere along the lower panel.",
        announce="t = {t:.2f}, entropy {h_nats:.3f} nats",
        print_states=[{"t": t} for t in (0.0, 0.4, 0.94, 1.0)],
        predict=Prediction(
            "what is the entropy of the very biased die, t = 0.94?",
            at={"t": 0.94},
            number="h_nats",
            where="t = 0.94",
            unit="nats",
            ghost_x="0.94",
            ghost_panel=1,
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"dice": dice_explorer}
