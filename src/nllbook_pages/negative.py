"""The page "Negative": the loss −ln q_y of one prediction."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import nllbook

from .explorer import (
    INFINITE_LOSS,
    NLL_WORDS,
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    curve,
    dot,
    note,
    word_steps,
)

__all__ = ["nll_explorer"]


def nll_explorer() -> Explorer:
    """Drag the probability of the true class, q_y; follow Likelihood → Log → Negative."""

    def compute(p: float) -> dict[str, Any]:
        s = nllbook.nll_steps(p)
        return {
            "likelihood": s.likelihood,
            "log": s.log_likelihood,
            "negative": s.negative_log_likelihood,
            "infinite": math.isinf(s.negative_log_likelihood),
        }

    return Explorer(
        key="nll",
        title="Negative log-likelihood of one prediction",
        controls=[Control("p", "Probability of the true class, q_y", 0.0, 1.0, 0.1)],
        model=[
            ("likelihood", "p"),
            ("log", "ln(p)"),
            ("negative", "-ln(p)"),
            ("infinite", "!isFinite(negative)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("probability given to the true class, q_y", (0.0, 1.0)),
                y=Axis("−ln q_y (nats)", (0.0, 5.0)),
                marks=[
                    curve("-ln(x)", x=(0.001, 1.0), name="loss"),
                    dot("p", "negative", handle={"p": "x"}, on="loss", name="prediction"),
                ],
                height=210,
                drag={"p": "x"},
            )
        ],
        readouts=[
            Readout("log", "ln q_y", ".3f"),
            Readout("negative", "loss", ".3f", "nats"),
        ],
        words=word_steps(
            NLL_WORDS,
            [
                (2, "q<sub>y</sub>", "{likelihood:.4f}"),
                (1, "ln q<sub>y</sub>", "{log:.4f}"),
                (0, "−ln q<sub>y</sub>", "{negative:.4f}"),
            ],
        )
        + note("infinite", INFINITE_LOSS),
        alt="The curve minus ln q_y, falling from very large values near q_y = 0 to zero at "
        "q_y = 1, with a dot at the chosen q_y.",
        caption="The loss −ln q_y. It is 0 only for a certain and correct prediction and grows "
        "without bound as q_y goes to 0.",
        hint="Drag the dot, or anywhere on the curve's width.",
        announce="q_y = {p:.2f}, loss {negative:.2f} nats",
        print_states=[{"p": p} for p in (0.01, 0.1, 0.5, 1.0)],
        predict=Prediction(
            "where will the loss be at q_y = 0.5?",
            at={"p": 0.5},
            number="negative",
            where="q_y = 0.50",
            unit="nats",
            ghost_x="0.5",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"nll": nll_explorer}
