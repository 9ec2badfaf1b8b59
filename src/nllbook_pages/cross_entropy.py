"""The page "Cross-entropy": two distributions crossed, the KL gap, soft labels."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook
from nllbook import examples as ex

from .entropy import DIE_JS, die_towards_six, faces
from .explorer import (
    CE_WORDS,
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
    word_steps,
)

__all__ = ["ce_explorer", "kl_explorer", "softbce_explorer"]


def coin(p: float) -> np.ndarray:
    """The two-outcome distribution (p, 1 − p) (the browser's ``coin``)."""
    return nllbook.binary_distribution(p)


def ce_explorer() -> Explorer:
    """Observed die frequencies p against a belief q that drifts towards six."""
    observed = ex.OBSERVED_DIE

    def compute(t: float) -> dict[str, Any]:
        q = die_towards_six(t)
        ce = float(nllbook.cross_entropy(observed, q))
        return {
            "belief": q,
            "ce": ce,
            "h": float(nllbook.entropy(observed)),
            "gap": float(nllbook.kl_divergence(observed, q)),
            "ce_reversed": float(nllbook.cross_entropy(q, observed)),
            "kl_reversed": float(nllbook.kl_divergence(q, observed)),
            "infinite": math.isinf(ce),
        }

    words = (
        word_steps(
            CE_WORDS,
            [
                (1, "H(p) = −Σ p ln p, the data's own randomness", "{h:.3f}"),
                (0, "H(p, q) = −Σ p ln q, the data scored by the belief q", "{ce:.3f}"),
            ],
        )
        + "<p>The gap H(p, q) − H(p) is the KL divergence, {gap:.3f} nats, never negative.</p>"
        "<p>Swapping the roles gives H(q, p) = {ce_reversed:.3f} and KL(q‖p) = "
        "{kl_reversed:.3f}: a different question with a different answer.</p>"
        + note(
            "infinite",
            "At t = 1 the belief gives faces 1 to 5 probability 0, yet the data contain them: "
            "each such roll costs −ln 0 = ∞, so H(p, q) and KL(p‖q) are infinite. The reversed "
            "direction stays finite because q puts no weight on those faces.",
        )
    )
    return Explorer(
        key="crossentropy",
        title="Scoring the observed rolls with a belief",
        controls=[Control("t", "Belief's mass moved to six, t", 0.0, 1.0, 0.0)],
        consts={"FAIR": ex.FAIR_DIE, "OBSERVED": observed},
        model=[
            ("belief", DIE_JS.format(t="t")),
            ("ce", "crossEntropy(OBSERVED, belief)"),
            ("h", "entropy(OBSERVED)"),
            ("gap", "kl(OBSERVED, belief)"),
            ("ce_reversed", "crossEntropy(belief, OBSERVED)"),
            ("kl_reversed", "kl(belief, OBSERVED)"),
            ("infinite", "!isFinite(ce)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("face", labels=faces()),
                y=Axis("probability", (0.0, 1.05)),
                marks=[bars([("observed", "OBSERVED", "main"), ("belief", "belief", "accent")])],
                height=170,
            ),
            Panel(
                x=Axis("belief's mass on six, t", (0.0, 1.0)),
                y=Axis("H(p, q), nats", (1.6, 4.0)),
                marks=[
                    rule(y="h", color="good"),
                    text("0.98", "h + 0.07", "floor H(p) = {h:.3f}", anchor="end"),
                    curve(
                        f"crossEntropy(OBSERVED, {DIE_JS.format(t='x')})", x=(0.0, 1.0), name="ce"
                    ),
                    dot("t", "ce", handle={"t": "x"}, on="ce", name="belief"),
                ],
                height=190,
                drag={"t": "x"},
            ),
        ],
        legend=[
            {"label": "p: observed", "color": "main", "kind": "bar"},
            {"label": "q: belief", "color": "accent", "kind": "bar"},
        ],
        readouts=[
            Readout("ce", "H(p, q)", ".3f", "nats"),
            Readout("gap", "KL(p‖q)", ".3f"),
        ],
        words=words,
        alt="Top: bars of the observed face frequencies beside the belief's probabilities. "
        "Bottom: the cross-entropy against the belief parameter, above a dashed line at the "
        "entropy of the observed frequencies, with a dot at the chosen t.",
        caption="The cross-entropy is smallest when the belief is closest to the data, and it "
        "never goes below the data's own entropy (dashed).",
        hint="Drag the dot, or anywhere along the lower panel.",
        announce="t = {t:.2f}, cross-entropy {ce:.3f} nats, KL {gap:.3f} nats",
        print_states=[{"t": t} for t in (0.0, 0.4, 1.0)],
        predict=Prediction(
            "what will the cross-entropy be at t = 0.5, halfway to six?",
            at={"t": 0.5},
            number="ce",
            where="t = 0.50",
            unit="nats",
            ghost_x="0.5",
            ghost_panel=1,
        ),
    )


def kl_explorer() -> Explorer:
    """Two coins p and q: KL(p‖q) and KL(q‖p) differ, and only one of them is
    infinite when one coin rules out what the other allows."""

    def compute(p: float, q: float) -> dict[str, Any]:
        forward = float(nllbook.kl_divergence(coin(p), coin(q)))
        backward = float(nllbook.kl_divergence(coin(q), coin(p)))
        both_finite = math.isfinite(forward) and math.isfinite(backward)
        return {
            "forward": forward,
            "backward": backward,
            "both_finite": both_finite,
            # To a billionth of a nat: the two divergences agree to a few
            # units in their last place in the browser, and their difference
            # cancels those away near p = q (shown only while both are finite).
            "difference": round((forward - backward) * 1e9) / 1e9 if both_finite else 0.0,
            "one_infinite": not both_finite,
        }

    words = (
        "<p>Coin p gives heads probability {p:.2f}, coin q {q:.2f}.</p><ul>"
        "<li>KL(p‖q), the data p scored by the model q: {forward:.3f} nats</li>"
        "<li>KL(q‖p), the same coins the other way round: {backward:.3f} nats</li></ul>"
        + note("both_finite", "The difference: {difference:.3f} nats.")
        + note(
            "one_infinite",
            "No difference, as at least one is infinite. A coin that rules out heads or tails "
            "(probability 0), on the second side of ‖, against one that allows it gives an "
            "infinite divergence; on the first side, the zero only removes a term.",
        )
    )
    return Explorer(
        key="kl",
        title="KL divergence, both ways round",
        controls=[
            Control("p", "Coin p (the data)", 0.0, 1.0, 0.5),
            Control("q", "Coin q (the model)", 0.0, 1.0, 0.9),
        ],
        model=[
            ("forward", "kl(coin(p), coin(q))"),
            ("backward", "kl(coin(q), coin(p))"),
            ("both_finite", "isFinite(forward) && isFinite(backward)"),
            ("difference", "both_finite ? round((forward - backward) * 1e9) / 1e9 : 0"),
            ("one_infinite", "!both_finite"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("coin q (and coin p, the line)", (0.0, 1.0)),
                y=Axis("nats", (0.0, 2.0)),
                marks=[
                    rule(x="p", color="good", dash=False, name="at_p"),
                    curve("kl(coin(p), coin(x))", name="forward"),
                    curve("kl(coin(x), coin(p))", color="other", name="backward"),
                    # p's handle at the top of its line: the dots of q meet the
                    # line at its foot whenever q = p.
                    dot("p", "2.0", handle={"p": "x"}, color="good", name="p"),
                    dot(
                        "q",
                        "backward",
                        handle={"q": "x"},
                        on="backward",
                        color="other",
                        name="q_backward",
                    ),
                    dot(
                        "q",
                        "forward",
                        handle={"q": "x"},
                        on="forward",
                        color="main",
                        name="q_forward",
                    ),
                ],
                height=220,
                drag={"q": "x"},
            )
        ],
        legend=[
            {"label": "KL(p‖q)", "color": "main", "kind": "line"},
            {"label": "KL(q‖p)", "color": "other", "kind": "line"},
            {"label": "coin p", "color": "good", "kind": "dot"},
        ],
        readouts=[
            Readout("forward", "KL(p‖q)", ".3f"),
            Readout("backward", "KL(q‖p)", ".3f", "nats"),
        ],
        words=words,
        alt="Two curves of the KL divergence against coin q for the chosen coin p, both zero "
        "where q equals p (a vertical line with a handle at its top); dots on both curves at "
        "the chosen q.",
        caption="Moving p redraws both curves; moving q moves only the dots. Both curves "
        "touch 0 at q = p, but away from it they rise at different rates, and only KL(p‖q) "
        "shoots to infinity as q reaches 0 or 1.",
        hint="Drag the handle atop p's line to move p; drag either dot, or anywhere across "
        "the plot, to move q.",
        announce="p = {p:.2f}, q = {q:.2f}, KL(p‖q) {forward:.3f}, KL(q‖p) {backward:.3f} nats",
        print_states=[{"p": 0.5, "q": 0.9}, {"p": 0.9, "q": 0.5}, {"p": 0.5, "q": 0.5}],
        predict=Prediction(
            "what is KL(p‖q) when both coins are the same, p = q = 0.5?",
            at={"p": 0.5, "q": 0.5},
            number="forward",
            where="p = q = 0.50",
            unit="nats",
            ghost_x="0.5",
        ),
    )


def softbce_explorer() -> Explorer:
    """A soft label y and a prediction ŷ: the loss is lowest at ŷ = y, and that
    lowest value is the label's own entropy H(y), not 0."""

    def compute(label: float, y_hat: float) -> dict[str, Any]:
        loss = float(nllbook.binary_cross_entropy(label, y_hat))
        return {
            "loss": loss,
            "h_label": float(nllbook.entropy(coin(label))),
            "best": float(nllbook.binary_cross_entropy(label, label)),
            "gap": float(nllbook.kl_divergence(coin(label), coin(y_hat))),
            "infinite": math.isinf(loss),
        }

    words = (
        "<p>Label y = {label:.2f} (the share of class 1 the target asks for), "
        "prediction ŷ = {y_hat:.2f}.</p><ul>"
        "<li>loss −[y ln ŷ + (1 − y) ln(1 − ŷ)]: {loss:.3f}</li>"
        "<li>the lowest loss over every ŷ, reached at ŷ = y: {best:.3f}</li>"
        "<li>the label's entropy H(y): {h_label:.3f}</li>"
        "<li>what is left to learn, KL(y‖ŷ): {gap:.3f}</li></ul>"
        + note(
            "infinite",
            "The prediction calls an outcome impossible that the label still wants "
            "(ŷ is 0 or 1 while y is not): the loss is infinite.",
        )
    )
    return Explorer(
        key="softbce",
        title="A soft label and a prediction",
        controls=[
            Control("label", "Label y", 0.0, 1.0, 0.7),
            Control("y_hat", "Prediction ŷ", 0.0, 1.0, 0.3),
        ],
        model=[
            ("loss", "bce(label, y_hat)"),
            ("h_label", "entropy(coin(label))"),
            ("best", "bce(label, label)"),
            ("gap", "kl(coin(label), coin(y_hat))"),
            ("infinite", "!isFinite(loss)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("prediction ŷ (and label y, the line)", (0.0, 1.0)),
                y=Axis("loss (nats)", (0.0, 3.0)),
                marks=[
                    rule(y="h_label", color="good", name="floor"),
                    rule(x="label", color="other", dash=False, name="at_label"),
                    curve("bce(label, x)", name="loss"),
                    # y's handle at the top of its line, clear of the valley.
                    dot("label", "3.0", handle={"label": "x"}, color="other", name="label"),
                    dot("y_hat", "loss", handle={"y_hat": "x"}, on="loss", name="prediction"),
                ],
                height=220,
                drag={"y_hat": "x"},
            )
        ],
        legend=[
            {"label": "loss", "color": "main", "kind": "line"},
            {"label": "floor H(y)", "color": "good", "kind": "line", "dash": True},
            {"label": "label y", "color": "other", "kind": "dot"},
        ],
        readouts=[
            Readout("loss", "loss", ".3f", "nats"),
            Readout("h_label", "floor H(y)", ".3f"),
        ],
        words=words,
        alt="The binary cross-entropy against the prediction for the chosen soft label: a "
        "valley whose lowest point lies on a vertical line at the label, and touches a dashed "
        "line at the label's entropy; a dot marks the chosen prediction.",
        caption="Moving y reshapes the whole curve; moving ŷ only moves the dot. The valley "
        "always bottoms out at ŷ = y, on the dashed floor H(y), which is 0 only for a hard "
        "label.",
        hint="Drag the handle atop y's line to move y; drag the dot, or anywhere across the "
        "plot, to move ŷ.",
        announce="y = {label:.2f}, ŷ = {y_hat:.2f}, loss {loss:.3f} nats, floor {h_label:.3f}",
        print_states=[
            {"label": 0.7, "y_hat": 0.3},
            {"label": 0.7, "y_hat": 0.7},
            {"label": 1.0, "y_hat": 0.9},
        ],
        predict=Prediction(
            "with the label at y = 0.7, what loss does the prediction ŷ = 0.9 get?",
            at={"label": 0.7, "y_hat": 0.9},
            number="loss",
            where="y = 0.7, ŷ = 0.9",
            unit="nats",
            ghost_x="0.9",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "kl": kl_explorer,
    "crossentropy": ce_explorer,
    "softbce": softbce_explorer,
}
