"""The page "Why cross-entropy": BCE and MSE after a sigmoid, side by side in the logit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    note,
    rule,
)

__all__ = ["mse_explorer"]

#: σ(x) − y in the browser, for the curves: nllbook's form, which never cancels for y = 0 or 1.
_DIFF = "((1 - label) * sigmoid(x) - label * sigmoid(-x))"
#: The sigmoid's slope σ(x)(1 − σ(x)), as σ(x) σ(−x).
_SLOPE = "(sigmoid(x) * sigmoid(-x))"

#: How confident a wrong prediction must be for the page to call it "confidently wrong".
SURE = 0.1


def mse_explorer() -> Explorer:
    """Move the logit and the label; see both losses, both gradients and both curvatures."""

    def compute(z: float, label: float) -> dict[str, Any]:
        q = float(nllbook.sigmoid(z))
        return {
            "q": q,
            "diff": float(nllbook.binary_cross_entropy_gradient(z, label)),  # σ(z) − y
            "loss_bce": float(nllbook.binary_cross_entropy_from_logits(z, label)),
            "loss_mse": float(nllbook.sigmoid_squared_error(z, label)),
            "g_bce": float(nllbook.binary_cross_entropy_gradient(z, label)),
            "g_mse": float(nllbook.sigmoid_squared_error_gradient(z, label)),
            "c_bce": float(nllbook.binary_cross_entropy_second_derivative(z)),
            "c_mse": float(nllbook.sigmoid_squared_error_second_derivative(z, label)),
            "concave": bool(nllbook.sigmoid_squared_error_second_derivative(z, label) < 0),
            "sure_wrong": bool(q < SURE if label == 1 else q > 1 - SURE),
        }

    drag = {"z": "x"}
    z_axis = (-6.0, 6.0)
    return Explorer(
        key="mse_vs_ce",
        title="Cross-entropy or MSE after a sigmoid: the loss, its slope and its curvature",
        controls=[
            Control("z", "Logit z", z_axis[0], z_axis[1], -4.0, ".2f"),
            Control("label", "Label y", 0, 1, 1, ".0f", integer=True),
        ],
        model=[
            ("q", "sigmoid(z)"),
            ("diff", "(1 - label) * q - label * sigmoid(-z)"),
            ("loss_bce", "bceLogits(z, label)"),
            ("loss_mse", "diff * diff"),
            ("g_bce", "diff"),
            ("g_mse", "2 * diff * q * sigmoid(-z)"),
            ("c_bce", "q * sigmoid(-z)"),
            ("c_mse", "2 * c_bce * (c_bce + diff * (sigmoid(-z) - q))"),
            ("concave", "c_mse < 0"),
            ("sure_wrong", f"label == 1 ? q < {SURE} : q > 1 - {SURE}"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("logit z", z_axis),
                y=Axis("loss (nats)", (0.0, 6.2)),
                marks=[
                    curve("bceLogits(x, label)", name="bce"),
                    curve(f"{_DIFF} * {_DIFF}", name="mse", color="accent"),
                    dot("z", "loss_bce", handle=drag, on="bce", color="main", name="at_bce"),
                    dot("z", "loss_mse", color="accent", on="mse", name="at_mse"),
                ],
                height=130,
                drag=drag,
            ),
            Panel(
                x=Axis("logit z", z_axis),
                y=Axis("gradient", (-1.05, 1.05)),
                marks=[
                    rule(y="0"),
                    curve(_DIFF, name="g_bce"),
                    curve(f"2 * {_DIFF} * {_SLOPE}", name="g_mse", color="accent"),
                    dot("z", "g_bce", handle=drag, on="g_bce", color="main", name="at_g_bce"),
                    dot("z", "g_mse", color="accent", on="g_mse", name="at_g_mse"),
                ],
                height=105,
                drag=drag,
            ),
            Panel(
                x=Axis("logit z", z_axis),
                y=Axis("curvature", (-0.15, 0.28)),
                marks=[
                    rule(y="0"),
                    curve(_SLOPE, name="c_bce"),
                    curve(
                        f"2 * {_SLOPE} * ({_SLOPE} + {_DIFF} * (sigmoid(-x) - sigmoid(x)))",
                        name="c_mse",
                        color="accent",
                    ),
                    dot("z", "c_bce", handle=drag, on="c_bce", color="main", name="at_c_bce"),
                    dot("z", "c_mse", color="accent", on="c_mse", name="at_c_mse"),
                ],
                height=105,
                drag=drag,
            ),
        ],
        legend=[
            {"label": "cross-entropy", "color": "main", "kind": "line"},
            {"label": "MSE", "color": "accent", "kind": "line"},
        ],
        readouts=[
            Readout("g_bce", "BCE gradient", ".3f"),
            Readout("g_mse", "MSE gradient", ".3f"),
        ],
        words='<table style="table-layout:fixed;width:100%">'
        '<col style="width:40%"><col style="width:30%"><col style="width:30%">'
        "<tr><th>y = {label:.0f}, σ(z) = {q:.4f}</th><th>cross-entropy</th><th>MSE</th></tr>"
        "<tr><td>loss</td><td>{loss_bce:.4f}</td><td>{loss_mse:.4f}</td></tr>"
        "<tr><td>gradient in z</td><td>{g_bce:.4f}</td><td>{g_mse:.4f}</td></tr>"
        "<tr><td>second derivative</td><td>{c_bce:.4f}</td><td>{c_mse:.4f}</td></tr></table>"
        + note(
            "sure_wrong",
            "Confidently wrong: cross-entropy still pushes with {g_bce:.3f}, while the squared "
            "error's push, multiplied by σ(z)(1 − σ(z)), has almost vanished: {g_mse:.4f}.",
        )
        + note(
            "concave",
            "Here the squared error curves downwards ({c_mse:.4f} < 0): it is not convex in z. "
            "The cross-entropy's second derivative is never negative.",
        ),
        alt="Three plots against the logit z, for the chosen label. Top: the cross-entropy "
        "grows without bound on the wrong side while the squared error levels off below 1. "
        "Middle: the cross-entropy's gradient tends to ±1 on the wrong side; the squared "
        "error's returns to 0. Bottom: the cross-entropy's second derivative is a positive "
        "bump; the squared error's dips below 0 on the wrong side.",
        caption="Binary cross-entropy and the squared error of σ(z), with their first and "
        "second derivatives in the logit.",
        hint="Drag a dot, or along any plot, to move z; set the label with the slider.",
        announce="label {label:.0f}, z = {z:.2f}: cross-entropy gradient {g_bce:.3f}, "
        "squared-error gradient {g_mse:.4f}",
        print_states=[
            {"z": -5.0, "label": 1.0},
            {"z": -1.0, "label": 1.0},
            {"z": 1.5, "label": 1.0},
            {"z": 4.0, "label": 0.0},
        ],
        predict=Prediction(
            "the label is 1 and the logit z = −5, so the model gives the true class "
            "σ(−5), under 1 %. How large is the gradient of MSE after a sigmoid there?",
            at={"z": -5.0, "label": 1.0},
            number="g_mse",
            where="y = 1, z = −5",
            digits=4,
            ghost_panel=1,
            ghost_x="-5",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"mse_vs_ce": mse_explorer}
