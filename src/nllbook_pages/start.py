"""The page "Start: what a classifier outputs": which class is the true one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    dot,
    fmt_number,
    path,
    text,
)
from .explorer._spec import Mark
from .explorer._words import NLL_WORDS, word_steps

__all__ = ["classifier_explorer"]

#: Half the width of a bar, in class units (bars stand at 1, 2, 3, 4).
_HALF = 0.3
#: Distance between the strokes that fill a bar, in class units: under the
#: 2.25 px stroke on any screen up to ~1800 px wide.
_STROKE = 0.005


def bar_fill(centre: float, height: float) -> tuple[list[float], list[float]]:
    """A filled bar drawn as one line: up and down strokes close together.

    The engine's bars need a band axis, on which a drag cannot tell which
    bar it is over; this bar stands on a numeric axis, where it can.
    """
    n = round(2 * _HALF / _STROKE) + 1
    xs: list[float] = []
    ys: list[float] = []
    for i, x in enumerate(np.linspace(centre - _HALF, centre + _HALF, n)):
        ends = (0.0, height) if i % 2 == 0 else (height, 0.0)
        xs += [float(x), float(x)]
        ys += list(ends)
    return xs, ys


def bar_chart(name: str, heights: Sequence[float], color: str) -> tuple[dict[str, Any], list[Mark]]:
    """Bars at 1, 2, ...: their consts (``NAME_xs``, ``NAME_ys``, one line per bar)
    and their marks, with the bar of the true class drawn over in the accent colour."""
    one = [bar_fill(k + 1, h) for k, h in enumerate(heights)]
    consts = {f"{name}_xs": [b[0] for b in one], f"{name}_ys": [b[1] for b in one]}
    marks = [
        path(f"{name}_xs[{k}]", f"{name}_ys[{k}]", color=color, name=f"{name}{k + 1}")
        for k in range(len(heights))
    ]
    marks.append(
        path(
            f"{name}_xs[true_class - 1]", f"{name}_ys[true_class - 1]", color="accent", name="true"
        )
    )
    return consts, marks


def classifier_explorer() -> Explorer:
    """Pick the true class of the article's 4-class output; see its likelihood and NLL."""
    probs = ex.FOUR_CLASS_PROBS
    k_max = int(probs.size)
    # The loss each class would give if it were the true one.
    losses = [float(nllbook.nll(probs, k)) for k in range(k_max)]
    q_text = [fmt_number(float(q), "g") for q in probs]
    prob_consts, prob_marks = bar_chart("prob", [float(q) for q in probs], "main")
    loss_consts, loss_marks = bar_chart("loss", losses, "muted")

    def compute(true_class: float) -> dict[str, Any]:
        k = int(true_class) - 1
        target = np.eye(k_max)[k]
        lik = float(nllbook.likelihood(probs, target))
        return {
            "onehot_text": "[" + ", ".join("1" if i == k else "0" for i in range(k_max)) + "]",
            "terms": " + ".join(f"{int(target[i])}·{q_text[i]}" for i in range(k_max)),
            "likelihood": lik,
            "log": nllbook.nll_steps(lik).log_likelihood,
            "negative": float(nllbook.nll(probs, k)),
        }

    k_ticks = [float(k) for k in range(1, k_max + 1)]
    class_axis = Axis("class", (0.5, k_max + 0.5), ticks=k_ticks)

    def labels(values: Sequence[float], fmt: str, lift: float) -> list[dict[str, Any]]:
        return [
            text(str(k + 1), repr(v + lift), fmt_number(v, fmt), anchor="middle")
            for k, v in enumerate(values)
        ]

    pick = {"true_class": "x"}
    return Explorer(
        key="classifier",
        title="Which class is the true one?",
        # It starts at class 3: class 4 has the same probability as class 1, so
        # its loss would answer the prediction before the reader moves.
        controls=[Control("true_class", "True class", 1, k_max, 3, fmt=".0f", integer=True)],
        consts={
            "probs": probs,
            "q_text": q_text,
            **prob_consts,
            **loss_consts,
        },
        model=[
            ("onehot_text", f'"[" + onehot(true_class - 1, {k_max}).join(", ") + "]"'),
            (
                "terms",
                f'onehot(true_class - 1, {k_max}).map((t, i) => t + "·" + q_text[i]).join(" + ")',
            ),
            ("likelihood", f"sum(onehot(true_class - 1, {k_max}).map((t, i) => t * probs[i]))"),
            ("log", "ln(likelihood)"),
            ("negative", "nll(probs, true_class - 1)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=class_axis,
                y=Axis("probability", (0.0, 1.3 * max(float(q) for q in probs))),
                marks=[
                    *prob_marks,
                    *labels([float(q) for q in probs], ".2f", 0.13 * max(float(q) for q in probs)),
                    dot("true_class", "likelihood", handle=pick, on="true", name="truth"),
                ],
                height=180,
                drag=pick,
            ),
            Panel(
                x=class_axis,
                y=Axis("−ln q (nats)", (0.0, 1.3 * max(losses))),
                marks=[
                    # Heights only, no numbers: the numbers would answer the prediction.
                    *loss_marks,
                    dot("true_class", "negative", handle=pick, on="true", name="loss-dot"),
                ],
                height=170,
                drag=pick,
            ),
        ],
        legend=[
            {"label": "model's probability", "color": "main", "kind": "bar"},
            {"label": "true class", "color": "accent", "kind": "bar"},
        ],
        readouts=[
            Readout("likelihood", "q_y", ".3g"),
            Readout("negative", "loss", ".4f", "nats"),
        ],
        words="<p>True class {true_class:.0f} as a one-hot vector: {onehot_text}.</p>"
        + word_steps(
            NLL_WORDS,
            [
                (2, "{terms}", "{likelihood:.3f}"),
                (1, "ln(likelihood)", "{log:.3f}"),
                (0, "−ln(likelihood)", "{negative:.3f}"),
            ],
        )
        + "<p>The lower chart is the loss each class would give if it were the true one: "
        "the less probability the model gave a class, the taller its loss.</p>",
        alt="Bar chart of the probabilities 0.1, 0.3, 0.5 and 0.1 for four classes, "
        "with the true class drawn in orange; below it, the loss −ln q of each class, "
        "with the true class's loss in orange.",
        caption="The classifier's output for one input. Only the bar of the true class "
        "enters the likelihood. Tap or drag across either chart to choose the true class.",
        announce="true class {true_class:.0f}, loss {negative:.2f} nats",
        print_states=[{"true_class": float(c)} for c in range(1, k_max + 1)],
        predict=Prediction(
            "what will the loss be if the true class is the first one?",
            at={"true_class": 1.0},
            number="negative",
            where="true class 1",
            unit="nats",
            ghost_panel=1,
            ghost_x="1",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"classifier": classifier_explorer}
