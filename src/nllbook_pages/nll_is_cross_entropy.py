"""The page "NLL is cross-entropy": the mean NLL of rolls is a cross-entropy."""

from __future__ import annotations

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
    dot,
    note,
    path,
    rule,
    text,
    word_steps,
)

__all__ = ["rolls_explorer"]

FACES = ("1", "2", "3", "4", "5", "6")
#: The phrase of the explorer: NLL on one side, cross-entropy on the other.
PHRASE = ("Negative", "Log", "Likelihood", "=", "Cross", "Entropy")
#: Points of the running mean NLL drawn as a line (every m below about 60).
RUN_POINTS = 400


def rolls_explorer() -> Explorer:
    """Mean NLL of m simulated rolls equals the cross-entropy of their frequencies."""
    model_q = ex.BIASED_DIE
    rolls = ex.simulated_rolls(ex.MAX_ROLLS)
    lo, hi = 6, ex.MAX_ROLLS
    run_m = np.unique(np.rint(np.geomspace(lo, hi, RUN_POINTS)).astype(int))
    run_nll = [float(nllbook.nll(model_q[None, :], ex.simulated_rolls(int(m)))) for m in run_m]

    def compute(m: float) -> dict[str, Any]:
        k = int(m)
        first = ex.simulated_rolls(k)
        p_hat = nllbook.empirical_distribution(first, len(FACES))
        counts = np.rint(p_hat * k)
        out: dict[str, Any] = {
            "counts": counts.tolist(),
            "freqs": p_hat.tolist(),
            "mean_nll": float(nllbook.nll(model_q[None, :], first)),  # (1, K): one model
            "ce": float(nllbook.cross_entropy(p_hat, model_q)),
            "ce_true": float(nllbook.cross_entropy(ex.OBSERVED_DIE, model_q)),
            "missing": float(np.sum(counts == 0)),
        }
        out["missing_any"] = out["missing"] > 0
        out.update({f"count{i + 1}": float(c) for i, c in enumerate(counts)})
        return out

    counts_table = (
        '<table style="table-layout:fixed;width:100%;text-align:center">'
        "<tr><th>face</th>"
        + "".join(f"<th>{f}</th>" for f in FACES)
        + "</tr><tr><th>count</th>"
        + "".join(f"<td>{{count{i}:.0f}}</td>" for i in range(1, 7))
        + "</tr></table>"
    )
    return Explorer(
        key="rolls",
        title="Mean NLL of rolls = cross-entropy of their frequencies",
        controls=[
            Control(
                "m",
                "Number of rolls, m",
                lo,
                hi,
                ex.TYPICAL_ROLLS,
                ".0f",
                scale="log",
                integer=True,
            )
        ],
        model=[
            (
                "counts",
                "range(6).map((face) => rolls.slice(0, m).filter((r) => r === face).length)",
            ),
            ("freqs", "counts.map((c) => c / m)"),
            ("mean_nll", "mean(rolls.slice(0, m).map((r) => nll(model_q, r)))"),
            ("ce", "crossEntropy(freqs, model_q)"),
            ("ce_true", "crossEntropy(die_p, model_q)"),
            ("missing", "counts.filter((c) => c === 0).length"),
            ("missing_any", "missing > 0"),
            *[(f"count{i + 1}", f"counts[{i}]") for i in range(6)],
        ],
        consts={
            "rolls": rolls.tolist(),
            "model_q": model_q.tolist(),
            "die_p": ex.OBSERVED_DIE.tolist(),
            "run_m": run_m.tolist(),
            "run_nll": run_nll,
        },
        compute=compute,
        panels=[
            Panel(
                x=Axis("face", labels=FACES),
                y=Axis("probability", (0.0, 0.4)),
                marks=[
                    bars([("freqs", "freqs", "main"), ("die", "die_p", "accent")]),
                ],
                height=180,
            ),
            Panel(
                x=Axis("number of rolls m", (lo, hi), scale="log", ticks=[6, 60, 600, 6000]),
                y=Axis("mean NLL (nats)", (1.9, 2.15), ticks=[1.9, 2.0, 2.1]),
                marks=[
                    rule(y="ce_true"),
                    text("600", "ce_true + 0.01", "H(p, q)", color="muted"),
                    path("run_m", "run_nll", name="running"),
                    dot("m", "mean_nll", handle={"m": "x"}, on="running", name="rolls"),
                ],
                height=180,
                drag={"m": "x"},
            ),
        ],
        legend=[
            {"label": "rolls' frequencies", "color": "main", "kind": "bar"},
            {"label": "die's true p", "color": "accent", "kind": "bar"},
        ],
        readouts=[
            Readout("mean_nll", "mean NLL", ".4f"),
            Readout("ce", "cross-entropy", ".4f", "nats"),
        ],
        words=word_steps(
            PHRASE,
            [
                (
                    2,
                    "one −ln q(y<sub>i</sub>) per roll, averaged over the m rolls",
                    "{mean_nll:.6f}",
                ),
                (
                    4,
                    "regrouped by face: Σ<sub>k</sub> (c<sub>k</sub>/m) · (−ln q<sub>k</sub>)",
                    "{ce:.6f}",
                ),
            ],
        )
        + counts_table
        + "<p>The two numbers are the same sum in a different order, so they can differ "
        "by floating-point rounding only. As m grows the frequencies approach the die's, "
        "and both approach H(p, q) = {ce_true:.4f}.</p>"
        + note(
            "missing_any",
            "{missing:.0f} of the six faces never came up: their frequency is 0, so their "
            "term drops out of the cross-entropy, just as they never enter the sum over rolls.",
        ),
        alt="Bars of the face frequencies in the simulated rolls beside the die's true "
        "probabilities; below, the mean NLL of the first m rolls against m on a log scale, "
        "with a dot at the chosen m and a dashed line at H(p, q).",
        caption="The frequencies of the first m simulated rolls (blue) and the probabilities "
        "they were drawn from (orange). The model q scoring them is the biased die. Below, "
        "the mean NLL of the first m rolls.",
        hint="Drag the dot, or along the axis, to set m.",
        announce="m = {m:.0f}, mean NLL {mean_nll:.4f}, cross-entropy {ce:.4f} nats",
        print_states=[{"m": m} for m in (6.0, 60.0, 600.0, 6000.0)],
        predict=Prediction(
            "what will the mean NLL of the rolls be after 6000 of them?",
            at={"m": 6000.0},
            number="mean_nll",
            where="6000 rolls",
            unit="nats",
            ghost_x="6000",
            ghost_panel=1,
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"rolls": rolls_explorer}
