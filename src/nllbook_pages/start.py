"""The page "Start: what a classifier outputs": which class is the true one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import nllbook
from nllbook import examples as ex

from .explorer import (
    NLL_WORDS,
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    bars,
    dot,
    fmt_number,
    word_steps,
)

__all__ = ["classifier_explorer"]


def classifier_explorer() -> Explorer:
    """Pick the true class of the article's 4-class output; see its likelihood and NLL."""
    probs = ex.FOUR_CLASS_PROBS
    k_max = int(probs.size)
    # The loss each class would give if it were the true one.
    losses = [float(nllbook.nll(probs, k)) for k in range(k_max)]
    q_text = [fmt_number(float(q), "g") for q in probs]

    def compute(true_class: float) -> dict[str, Any]:
        k = int(true_class) - 1
        target = nllbook.one_hot(k, k_max)
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

    pick = {"true_class": "x"}
    return Explorer(
        key="classifier",
        title="Which class is the true one?",
        # It starts at class 3: class 4 has the same probability as class 1, so
        # its loss would answer the prediction before the reader moves.
        controls=[Control("true_class", "True class", 1, k_max, 3, fmt=".0f", integer=True)],
        consts={"probs": probs, "q_text": q_text, "losses": losses},
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
                    bars(
                        [("probability", "probs", "main")],
                        highlight="true_class - 1",
                        annotate=".2f",
                        at=k_ticks,
                    ),
                    dot("true_class", "likelihood", handle=pick, name="truth"),
                ],
                height=180,
                drag=pick,
            ),
            Panel(
                x=class_axis,
                y=Axis("−ln q (nats)", (0.0, 1.3 * max(losses))),
                marks=[
                    # Heights only, no numbers: the numbers would answer the prediction.
                    bars([("loss", "losses", "muted")], highlight="true_class - 1", at=k_ticks),
                    dot("true_class", "negative", handle=pick, name="loss-dot"),
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
        "enters the likelihood.",
        hint="Tap or drag across either chart to choose the true class.",
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
