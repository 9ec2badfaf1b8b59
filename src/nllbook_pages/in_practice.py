"""The page "In practice": temperature, label smoothing, and why losses take logits."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

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
    curve,
    dot,
    note,
    rule,
    text,
    word_steps,
)

__all__ = ["sigmoid_explorer", "smoothing_explorer", "temperature_explorer"]

CLASSES = ("1", "2", "3", "4")


def temperature_explorer() -> Explorer:
    """Divide the logits by a temperature T: softmax sharpens or flattens, the loss follows."""
    z, y = ex.PRACTICE_LOGITS, ex.PRACTICE_TARGET

    def compute(T: float) -> dict[str, Any]:
        scaled = z / T
        probs = nllbook.softmax(scaled)
        out: dict[str, Any] = {
            "scaled": scaled.tolist(),
            "probs": probs.tolist(),
            "q_true": float(probs[y]),
            "log": float(nllbook.log_softmax(scaled)[y]),
            "loss": float(nllbook.cross_entropy_from_logits(scaled, y)),
            "max_entropy": float(nllbook.entropy(np.full(z.size, 1 / z.size))),
        }
        out.update({f"q{i + 1}": float(q) for i, q in enumerate(probs)})
        return out

    shown_logits = ", ".join(f"{v:g}" for v in z).replace("-", "−")
    return Explorer(
        key="temperature",
        title="From logits to loss, with a temperature",
        controls=[Control("T", "Temperature T", 0.1, 10.0, 1.0, ".2f", scale="log")],
        model=[
            ("scaled", "logits.map((v) => v / T)"),
            ("probs", "softmax(scaled)"),
            ("q_true", "probs[true_class]"),
            # log-softmax of the logits shifted by their maximum, as nllbook computes it
            ("log", "logSoftmax(scaled.map((v) => v - max(...scaled)))[true_class]"),
            ("loss", "-log"),
            ("max_entropy", "entropy(logits.map(() => 1 / logits.length))"),
            *[(f"q{i + 1}", f"probs[{i}]") for i in range(z.size)],
        ],
        consts={"logits": z.tolist(), "true_class": y},
        compute=compute,
        panels=[
            Panel(
                x=Axis("class (the first is true, orange)", labels=CLASSES),
                y=Axis("softmax(z / T)", (0.0, 1.0)),
                marks=[bars([("probs", "probs", "main")], highlight="true_class", annotate=".2f")],
                height=180,
            ),
            Panel(
                x=Axis("temperature T", (0.1, 10.0), scale="log", ticks=[0.1, 1, 10]),
                y=Axis("loss (nats)", (0.0, 1.6)),
                marks=[
                    rule(y="max_entropy"),
                    text("0.12", "max_entropy + 0.07", "uniform: ln 4", color="muted"),
                    curve("ceLogits(logits.map((v) => v / x), true_class)", name="loss"),
                    dot("T", "loss", handle={"T": "x"}, on="loss", name="temperature"),
                ],
                height=180,
                drag={"T": "x"},
            ),
        ],
        readouts=[
            Readout("q_true", "q of the true class", ".3f"),
            Readout("loss", "loss", ".3f", "nats"),
        ],
        words=f"<p>Logits z = [{shown_logits}] divided by T; softmax gives "
        "[{q1:.3f}, {q2:.3f}, {q3:.3f}, {q4:.3f}].</p>"
        + word_steps(
            NLL_WORDS,
            [
                (2, "softmax(z / T)[0], the true class", "{q_true:.3f}"),
                (1, "log_softmax(z / T)[0]", "{log:.3f}"),
                (0, "cross-entropy from logits", "{loss:.3f}"),
            ],
        )
        + "<p>Large T flattens the probabilities towards uniform (loss towards ln 4 = "
        "{max_entropy:.3f}); small T sharpens them towards the largest logit.</p>",
        alt="Top: softmax probabilities of four classes at the chosen temperature. Bottom: "
        "the loss against temperature on a log scale, with a dot at the chosen value.",
        caption="Dividing the logits by T changes how confident the softmax is. Because the "
        "true class has the largest logit here, a sharper softmax lowers the loss.",
        hint="Drag the dot, or along the lower plot, to set T.",
        announce="T = {T:.2f}, loss {loss:.3f} nats",
        print_states=[{"T": t} for t in (0.1, 1.0, 10.0)],
        predict=Prediction(
            "what probability will the top class keep at T = 10?",
            at={"T": 10.0},
            number="q_true",
            where="T = 10",
            ghost_panel=0,
        ),
    )


def smoothing_explorer() -> Explorer:
    """Smooth the one-hot target; the loss can no longer reach 0: its floor is H(target)."""
    z, y = ex.PRACTICE_LOGITS, ex.PRACTICE_TARGET
    k = z.size
    q = nllbook.softmax(z)
    onehot = nllbook.one_hot(y, k)

    def compute(eps: float) -> dict[str, Any]:
        t = nllbook.smooth_labels(onehot, eps)
        return {
            "target": t.tolist(),
            "target_true": float(t[y]),
            "target_other": float(t[(y + 1) % k]),
            "loss": float(nllbook.cross_entropy_from_logits(z, y, label_smoothing=eps)),
            "loss_floor": float(nllbook.entropy(t)),
            "best_loss": float(nllbook.cross_entropy(t, t)),
            "gap": float(nllbook.kl_divergence(t, q)),
        }

    return Explorer(
        key="smoothing",
        title="Label smoothing and the loss floor",
        controls=[Control("eps", "Label smoothing ε", 0.0, 1.0, 0.1, ".2f")],
        model=[
            ("target", "smoothLabels(onehot(true_class, logits.length), eps)"),
            ("target_true", "target[true_class]"),
            ("target_other", "target[(true_class + 1) % logits.length]"),
            ("loss", "ceLogits(logits, true_class, eps)"),
            ("loss_floor", "entropy(target)"),
            ("best_loss", "crossEntropy(target, target)"),
            ("gap", "kl(target, model_q)"),
        ],
        consts={"logits": z.tolist(), "true_class": y, "model_q": q.tolist()},
        compute=compute,
        panels=[
            Panel(
                x=Axis("class (the first is true)", labels=CLASSES),
                y=Axis("probability", (0.0, 1.0)),
                marks=[bars([("target", "target", "main"), ("model", "model_q", "accent")])],
                height=180,
            ),
            Panel(
                x=Axis("label smoothing ε", (0.0, 1.0)),
                y=Axis("nats", (0.0, 2.0)),
                marks=[
                    curve("ceLogits(logits, true_class, x)", name="loss", color="accent"),
                    curve(
                        "entropy(smoothLabels(onehot(true_class, logits.length), x))",
                        name="floor",
                        color="good",
                    ),
                    text("0.03", "1.6", "loss of the model, H(t, q)", color="accent"),
                    text("0.98", "1.0", "floor H(p)", anchor="end"),
                    dot("eps", "loss", color="accent", on="loss", name="at_loss"),
                    dot(
                        "eps",
                        "loss_floor",
                        handle={"eps": "x"},
                        color="good",
                        on="floor",
                        name="at_floor",
                    ),
                ],
                height=180,
                drag={"eps": "x"},
            ),
        ],
        legend=[
            {"label": "target t", "color": "main", "kind": "bar"},
            {"label": "model q", "color": "accent", "kind": "bar"},
        ],
        readouts=[
            Readout("loss", "loss", ".3f"),
            Readout("loss_floor", "floor", ".3f", "nats"),
        ],
        words="<p>With smoothing ε the target p puts {target_true:.3f} on the true class and "
        "{target_other:.3f} on each other class.</p><ul>"
        "<li>loss of this model (logits z): {loss:.4f}</li>"
        "<li>floor, the target's entropy H(p): {loss_floor:.4f}</li>"
        "<li>loss of the best possible model, q = p: {best_loss:.4f}</li>"
        "<li>what is left to learn, KL(p‖q): {gap:.4f}</li></ul>",
        alt="Top: bars of the smoothed target beside the model's probabilities. Bottom: the "
        "model's loss and the lowest reachable loss, the target's entropy, rising with the "
        "smoothing.",
        caption="A smoothed target is no longer certain, so even a perfect model pays its "
        "entropy: the floor of the loss rises from 0 at ε = 0 to ln 4 at ε = 1. The gap "
        "between the two curves is what is left to learn.",
        hint="Drag the green dot, or along the lower plot, to set ε.",
        announce="ε = {eps:.2f}, loss {loss:.3f} nats, floor {loss_floor:.3f} nats",
        print_states=[{"eps": e} for e in (0.0, 0.1, 0.5, 1.0)],
        predict=Prediction(
            "with no smoothing (ε = 0), what is the lowest loss any model could reach?",
            at={"eps": 0.0},
            number="loss_floor",
            where="ε = 0.00",
            unit="nats",
            ghost_x="0",
            ghost_panel=1,
        ),
    )


def sigmoid_explorer() -> Explorer:
    """A confident wrong logit: the float32 probability form reaches ∞, the logits form does not.

    The float32 path is defined exactly: σ(z) computed in float64 by nllbook and
    rounded once to float32 (what a float32 pipeline stores), 1 − σ(z) in
    float32, then the loss −ln(1 − σ(z)) of that float32 number. The label is 0.
    """
    label = 0.0

    def compute(z: float) -> dict[str, Any]:
        p32 = np.float32(nllbook.sigmoid(z))
        one_minus_p32 = np.float32(1) - p32
        naive = nllbook.nll_steps(float(one_minus_p32)).negative_log_likelihood
        return {
            "p64": float(nllbook.sigmoid(z)),
            "one_minus_p64": float(nllbook.sigmoid(-z)),
            "p32": float(p32),
            "one_minus_p32": float(one_minus_p32),
            "naive32": naive,
            "from_logits": float(nllbook.binary_cross_entropy_from_logits(z, label)),
            "infinite": math.isinf(naive),
        }

    return Explorer(
        key="sigmoid",
        title="Why losses take logits: a float32 sigmoid rounds to 1",
        controls=[Control("z", "Logit z", -40.0, 40.0, 20.0, ".2f")],
        model=[
            ("p64", "sigmoid(z)"),
            ("one_minus_p64", "sigmoid(-z)"),
            ("p32", "f32(sigmoid(z))"),
            ("one_minus_p32", "f32(1 - p32)"),
            ("naive32", "-ln(one_minus_p32)"),
            ("from_logits", "bceLogits(z, 0)"),
            ("infinite", "!isFinite(naive32)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("logit z (label y = 0)", (-40.0, 40.0)),
                y=Axis("loss (nats)", (0.0, 42.0)),
                marks=[
                    curve("bceLogits(x, 0)", name="logits"),
                    curve("-ln(f32(1 - f32(sigmoid(x))))", name="naive", color="accent"),
                    dot("z", "naive32", color="accent", on="naive", name="at_naive"),
                    dot(
                        "z",
                        "from_logits",
                        handle={"z": "x"},
                        color="main",
                        on="logits",
                        name="at_logits",
                    ),
                ],
                height=190,
                drag={"z": "x"},
            ),
            Panel(
                x=Axis("logit z", (-40.0, 40.0)),
                y=Axis(
                    "",
                    (1e-18, 1.0),
                    scale="log",
                    ticks=[1e-16, 1e-12, 1e-8, 1e-4],
                    tick_format=".0e",
                ),
                marks=[
                    curve("sigmoid(x)", n=320, name="sigma"),
                    # 0 has no place on a log axis: the line stops where 1 − σ(z) is 0.
                    curve("f32(1 - f32(sigmoid(x))) || INF", n=320, name="rest32", color="accent"),
                    text("-38", "1e-11", "σ(z)", color="main"),
                    text("-38", "1e-3", "1 − σ(z), float32", color="accent"),
                    dot("z", "p64", color="main", on="sigma", name="at_sigma"),
                    dot("z", "one_minus_p32 || 1e-30", color="accent", on="rest32", name="at_rest"),
                ],
                height=170,
                drag={"z": "x"},
            ),
        ],
        legend=[
            {"label": "logit", "color": "main", "kind": "line"},
            {"label": "float32 σ(z)", "color": "accent", "kind": "line"},
        ],
        readouts=[
            Readout("naive32", "float32", ".2f"),
            Readout("from_logits", "logit", ".2f", "nats"),
        ],
        words="<p>Label y = 0; the loss is −ln(1 − σ(z)).</p>"
        '<table style="table-layout:fixed;width:100%">'
        '<col style="width:58%"><col style="width:42%">'
        "<tr><td>σ(z) in float64</td><td>{p64:.10f}</td></tr>"
        "<tr><td>σ(z) rounded to float32</td><td>{p32:.10f}</td></tr>"
        "<tr><td>1 − σ(z) in float64</td><td>{one_minus_p64:.3e}</td></tr>"
        "<tr><td>1 − σ(z) in float32</td><td>{one_minus_p32:.3e}</td></tr>"
        "<tr><td>loss from the float32 probability, −ln(1 − σ(z))</td>"
        "<td>{naive32:.4f}</td></tr>"
        "<tr><td>loss from the logit, max(z, 0) − z·y + ln(1 + e<sup>−|z|</sup>)</td>"
        "<td>{from_logits:.4f}</td></tr></table>"
        + note(
            "infinite",
            "σ(z) has rounded to exactly 1 in float32, so the probability form takes the log "
            "of 0 and reports an infinite loss. The true loss is finite, and the logits form "
            "computes it.",
        ),
        alt="Top: binary cross-entropy for label 0 against the logit: the logits form rises "
        "as a straight line; the float32 probability form follows it and then stops, where "
        "it becomes infinite. Bottom: σ(z) and 1 − σ(z) in float32 on a log scale; the "
        "second drops to 0 where the first rounds to 1.",
        caption="For a wrong, confident logit the loss should grow like z. Computed from a "
        "float32 probability it jumps to infinity once σ(z) rounds to 1.",
        hint="Drag a dot, or along either plot, to set z.",
        announce="z = {z:.2f}, from the float32 probability {naive32:.3f} nats, from the "
        "logit {from_logits:.3f} nats",
        print_states=[{"z": v} for v in (0.0, 10.0, 20.0, 40.0)],
        predict=Prediction(
            "what probability does the logit z = 0 give?",
            at={"z": 0.0},
            number="p64",
            where="z = 0",
            ghost_x="0",
            ghost_panel=1,
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "temperature": temperature_explorer,
    "sigmoid": sigmoid_explorer,
    "smoothing": smoothing_explorer,
}
