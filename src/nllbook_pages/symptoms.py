"""The page "Symptoms": the loss a model that learned nothing gets stuck at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook

from .explorer import (
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    curve,
    dot,
    rule,
    text,
)

__all__ = ["stuck_explorer"]

#: The class shares of the data, in the browser: the first class has ``share``,
#: the other K - 1 split the rest equally.
_PRIOR_JS = "range(k).map(i => i == 0 ? {s} : (1 - {s}) / (k - 1))"


def class_shares(k: int, share: float) -> np.ndarray:
    """The first class has ``share`` of the examples; the other ``k - 1`` split the rest."""
    return np.array([share] + [(1.0 - share) / (k - 1)] * (k - 1))


def stuck_explorer() -> Explorer:
    """Set K and the share of the first class; see where a blind model's loss stays."""

    def compute(k: float, share: float) -> dict[str, Any]:
        n = int(k)
        prior = class_shares(n, share)
        return {
            "prior": prior.tolist(),
            "stuck": float(nllbook.entropy(prior)),
            "lnk": float(nllbook.entropy(np.full(n, 1.0 / n))),
            "top_share": float(prior.max()),
        }

    drag = {"share": "x"}
    return Explorer(
        key="stuck",
        title="The loss of a model that ignores its input",
        controls=[
            Control("k", "Number of classes, K", 2, 10, 2, fmt=".0f", integer=True),
            Control("share", "Share of the examples in the first class", 0.0, 1.0, 0.5, ".2f"),
        ],
        model=[
            ("prior", _PRIOR_JS.format(s="share")),
            ("stuck", "entropy(prior)"),
            ("lnk", "ln(k)"),
            ("top_share", "max(...prior)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("share of the examples in the first class", (0.0, 1.0)),
                y=Axis("loss (nats)", (0.0, 2.5)),
                marks=[
                    curve(f"entropy({_PRIOR_JS.format(s='x')})", x=(0.0, 1.0), name="stuck"),
                    rule(y="lnk", name="ln-k"),
                    text("0.02", "lnk + 0.08", "ln K = {lnk:.3f}", color="muted"),
                    dot("share", "stuck", handle=drag, on="stuck", name="blind-model"),
                ],
                height=210,
                drag=drag,
            )
        ],
        readouts=[
            Readout("stuck", "stuck at", ".3f", "nats"),
            Readout("lnk", "ln K", ".3f", "nats"),
            Readout("top_share", "accuracy", ".2f"),
        ],
        words="<p>A model that ignores its input can do no better than predict the share of "
        "each class in the data, the same q for every example. Its loss is then the entropy "
        "of those shares, H(p) = {stuck:.3f} nats, and there it stays.</p><ul>"
        "<li>With K = {k:.0f} equal classes the shares are all 1/K and the loss is "
        "ln K = {lnk:.3f}.</li>"
        "<li>Always naming the commonest class is right on a share {top_share:.2f} of the "
        "examples: an accuracy that can look good while the model has learned nothing.</li>"
        "</ul>",
        alt="A curve of the entropy of the class shares against the share of the first class, "
        "highest where all classes are equally common, with a dashed horizontal line at ln K "
        "and a dot at the chosen share.",
        caption="Where a loss gets stuck when the model learns nothing from its inputs: the "
        "entropy of the class shares. It equals ln K only for balanced classes, and is lower "
        "when one class dominates.",
        hint="Set K with the slider; drag the dot, or along the curve's width, to set the "
        "share of the first class.",
        announce="K = {k:.0f}, first class {share:.2f} of the examples, stuck at {stuck:.3f} nats",
        print_states=[
            {"k": 2.0, "share": 0.5},
            {"k": 2.0, "share": 0.9},
            {"k": 10.0, "share": 0.1},
            {"k": 10.0, "share": 0.5},
        ],
        predict=Prediction(
            "with two classes and 90 % of the examples in the first, where does the loss of a "
            "model that ignores its input get stuck?",
            at={"k": 2.0, "share": 0.9},
            number="stuck",
            where="K = 2, share 0.90",
            unit="nats",
            ghost_x="0.9",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"stuck": stuck_explorer}
