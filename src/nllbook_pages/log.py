"""The page "Log": products underflow, sums of logs do not; nats and bits."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook

from .explorer import (
    INFINITE_LOSS,
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    curve,
    dot,
    fmt_number,
    note,
    path,
    text,
)

__all__ = ["logbase_explorer", "underflow_explorer"]


def underflow_explorer(p: float = 0.1, m_max: int = 400) -> Explorer:
    """Multiply m probabilities p: the product underflows, the sum of logs does not."""
    ps = np.full(m_max, p)
    prod64 = nllbook.running_product(ps, np.float64)
    prod32 = nllbook.running_product(ps, np.float32)
    logsums = nllbook.running_log_sum(ps)
    zero64 = nllbook.underflow_point(p, np.float64)
    zero32 = nllbook.underflow_point(p, np.float32)

    def compute(m: float) -> dict[str, Any]:
        k = int(m) - 1
        return {
            "product64": float(prod64[k]),
            "product32": float(prod32[k]),
            "logsum": float(logsums[k]),
            "zero64": float(zero64),
            "zero32": float(zero32),
            "gone32": bool(prod32[k] == 0),
        }

    set_m = {"m": "x"}
    return Explorer(
        key="underflow",
        title="Products underflow; sums of logs do not",
        controls=[Control("m", "Number of samples, m", 1, m_max, 50, fmt=".0f", integer=True)],
        consts={
            "ms": list(range(1, m_max + 1)),
            "prod64_table": prod64,
            "prod32_table": prod32,
            "logsum_table": logsums,
            "zero64_at": zero64,
            "zero32_at": zero32,
        },
        model=[
            ("product64", "prod64_table[m - 1]"),
            ("product32", "prod32_table[m - 1]"),
            ("logsum", "logsum_table[m - 1]"),
            ("zero64", "zero64_at"),
            ("zero32", "zero32_at"),
            ("gone32", "product32 === 0"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis(f"samples m, each given {p:g}", (0.0, float(m_max))),
                # The y axis is named inside the plot: its ticks (−800) leave no room beside it.
                y=Axis("", (1.05 * float(logsums[-1]), 0.0)),
                marks=[
                    path("ms", "logsum_table", color="main", name="sum"),
                    path("ms", "prod64_table.map(ln)", color="accent", dash=True, name="f64"),
                    path("ms", "prod32_table.map(ln)", color="good", dash=True, name="f32"),
                    dot(
                        "zero64",
                        "logsum_table[zero64 - 1]",
                        color="accent",
                        on="sum",
                        name="zero64",
                    ),
                    dot(
                        "zero32", "logsum_table[zero32 - 1]", color="good", on="sum", name="zero32"
                    ),
                    text(
                        str(m_max),
                        repr(0.06 * float(logsums[-1])),
                        "y: ln of the likelihood",
                        anchor="end",
                    ),
                    dot("m", "logsum", handle=set_m, color="main", on="sum", name="m"),
                ],
                height=220,
                drag=set_m,
            )
        ],
        legend=[
            {"label": "sum of logs", "color": "main", "kind": "line"},
            {"label": "float64", "color": "accent", "kind": "line", "dash": True},
            {"label": "float32", "color": "good", "kind": "line", "dash": True},
        ],
        readouts=[
            Readout("product64", "float64", ".3g"),
            Readout("product32", "float32", ".3g"),
            Readout("logsum", "Σ ln", ".2f"),
        ],
        words=f"<p>Likelihood of {{m:.0f}} independent samples, each given probability {p:g}:</p>"
        "<ul>"
        "<li>product in float64: {product64:.4g}</li>"
        "<li>product in float32: {product32:.4g}</li>"
        "<li>sum of logs: {logsum:.2f} (always finite)</li>"
        "</ul>"
        "<p>The float64 product reaches 0 at {zero64:.0f} factors, the float32 one at "
        "{zero32:.0f}: there each dashed line ends in a dot, on the sum of logs.</p>"
        + note(
            "gone32",
            f"A product shown as 0 has underflowed: its true value, {p:g}<sup>{{m:.0f}}</sup>, "
            "is not 0.",
        ),
        alt="The natural log of the likelihood against the number of samples: a straight "
        "line for the sum of logs, and two dashed product lines that stop where float32 and "
        "float64 reach zero.",
        caption="The sum of logs is a straight line for ever. The products follow it until "
        "they fall below the smallest number their type can hold, then become exactly 0.",
        hint="Drag the dot, or anywhere across the chart, to choose m.",
        announce="m = {m:.0f}, float64 product {product64:.2e}, "
        "float32 product {product32:.2e}, sum of logs {logsum:.2f}",
        print_states=[{"m": float(n)} for n in (10, 50, 310, 330)],
        predict=Prediction(
            "what will the sum of the logs be at m = 100?",
            at={"m": 100.0},
            number="logsum",
            where="m = 100",
            digits=2,
            ghost_x="100",
        ),
    )


def logbase_explorer() -> Explorer:
    """The same loss in nats and in bits."""

    def compute(p: float) -> dict[str, Any]:
        two = nllbook.binary_distribution(p)
        nats = float(nllbook.nll(two, 0))
        return {
            "nats": nats,
            "bits": float(nllbook.in_base(nats, 2)),
            "bits_direct": float(nllbook.cross_entropy([1.0, 0.0], two, base=2)),
            "infinite": math.isinf(nats),
        }

    top = 5.0  # nats; the bits panel shows the same height, 5 / ln 2 bits
    ln2 = float(np.log(2))
    bits_per_nat = 1 / ln2
    set_p = {"p": "x"}
    q_axis = Axis("probability given to the true class, q_y", (0.0, 1.0))
    return Explorer(
        key="logbase",
        title="Nats or bits",
        controls=[Control("p", "Probability of the true class, q_y", 0.0, 1.0, 0.5)],
        model=[
            ("nats", "nll(coin(p), 0)"),
            ("bits", "nats / LN2"),
            ("bits_direct", "crossEntropy([1, 0], coin(p), 2)"),
            ("infinite", "!isFinite(nats)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=q_axis,
                y=Axis("−ln q_y (nats)", (0.0, top)),
                marks=[
                    curve("crossEntropy([1, 0], coin(x))", x=(0.001, 1.0), name="nats-curve"),
                    dot("p", "nats", handle=set_p, on="nats-curve", name="nats-dot"),
                ],
                height=180,
                drag=set_p,
            ),
            Panel(
                x=q_axis,
                y=Axis("−log₂ q_y (bits)", (0.0, top * bits_per_nat)),
                marks=[
                    curve("crossEntropy([1, 0], coin(x), 2)", x=(0.001, 1.0), name="bits-curve"),
                    dot("p", "bits_direct", handle=set_p, on="bits-curve", name="bits-dot"),
                ],
                height=180,
                drag=set_p,
            ),
        ],
        readouts=[
            Readout("nats", "loss", ".3f", "nats"),
            Readout("bits_direct", "=", ".3f", "bits"),
        ],
        words="<p>The loss for q<sub>y</sub> = {p:.2f}: −ln q<sub>y</sub> = {nats:.3f} nats "
        "(natural log) = {bits_direct:.3f} bits (−log<sub>2</sub> q<sub>y</sub>).</p>"
        f"<p>Changing the base only rescales the loss, by ln 2 ≈ {fmt_number(ln2, '.3f')}; "
        "the best model is "
        "the same in either unit.</p>" + note("infinite", INFINITE_LOSS),
        alt="Two identical-looking curves of the loss against q_y, the upper in nats (minus "
        "ln q_y) and the lower in bits (minus log2 q_y), whose vertical scales differ by a "
        f"factor of about {fmt_number(1 / ln2, '.2f')}.",
        caption="The same loss in two units. The curves have the same shape; only the scale "
        "of the vertical axis changes.",
        hint="Drag either dot, or anywhere across either chart.",
        announce="q_y = {p:.2f}, {nats:.3f} nats = {bits_direct:.3f} bits",
        print_states=[{"p": p} for p in (0.1, 0.5, 1.0)],
        predict=Prediction(
            # Not 0.1: the prose above converts that loss already.
            "how many bits is the loss at q_y = 0.3?",
            at={"p": 0.3},
            number="bits",
            where="q_y = 0.30",
            unit="bits",
            ghost_panel=1,
            ghost_x="0.3",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "underflow": underflow_explorer,
    "logbase": logbase_explorer,
}
