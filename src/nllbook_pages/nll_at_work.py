"""The page "NLL at work": training a digit classifier, temperature scaling it,
and two strictly proper scoring rules.

The training run and the temperatures rerun a model on 1597 digits, which
the browser should not: their explorers read tables that nllbook computes
when the page is built, one row per position of their control.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

import nllbook

from . import book_data
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
    dots,
    note,
    path,
    rule,
    text,
)

__all__ = [
    "CALIBRATION_BINS",
    "SCORING_TRUTH",
    "T_RANGE",
    "T_STEPS",
    "calibration_explorer",
    "digits_story",
    "scoring_explorer",
    "training_explorer",
]

#: Bins of the calibration explorer's reliability diagram and calibration error.
CALIBRATION_BINS = 10
#: The calibration explorer's temperatures: a log scale over T_RANGE in T_STEPS steps.
T_RANGE = (0.5, 4.0)
T_STEPS = 150
#: The true probability of the scoring-rule explorer's event.
SCORING_TRUTH = 0.7
#: Where the training explorer draws step 0 on its log axis of steps (labelled "0").
STEP_ZERO_AT = 0.5


class DigitsStory:
    """The chapter's trained digits model seen at each recorded step, computed by nllbook."""

    def __init__(self) -> None:
        split, fit = book_data.digits_split(), book_data.digits_training()
        self.split, self.fit = split, fit
        self.steps = [int(s) for s in fit.steps]
        self.shown = list(book_data.digits_shown())
        self.val_logits = [split.x_val @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
        train_logits = [split.x_train @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
        self.val_nll = [
            float(nllbook.cross_entropy_from_logits(z, split.y_val)) for z in self.val_logits
        ]
        self.train_nll = [
            float(nllbook.cross_entropy_from_logits(z, split.y_train)) for z in train_logits
        ]
        self.val_right = [z.argmax(axis=1) == split.y_val for z in self.val_logits]
        self.val_acc = [float(np.mean(r)) for r in self.val_right]
        self.train_acc = [float(np.mean(z.argmax(axis=1) == split.y_train)) for z in train_logits]
        self.val_losses: list[NDArray[np.float64]] = [
            np.asarray(nllbook.cross_entropy_from_logits(z, split.y_val, reduction="none"))
            for z in self.val_logits
        ]
        self.best = int(np.argmin(self.val_nll))
        self.shown_true = [int(split.y_val[pos]) for pos in self.shown]

    def row(self, i: int) -> dict[str, Any]:
        """Every number of the training explorer at recorded step number ``i``."""
        right = self.val_right[i]
        losses = self.val_losses[i]
        probs = nllbook.softmax(self.val_logits[i][self.shown])
        others = [
            float(np.max(np.delete(q, truth)))
            for q, truth in zip(probs, self.shown_true, strict=True)
        ]
        return {
            "step": float(self.steps[i]),
            "train_nll": self.train_nll[i],
            "val_nll": self.val_nll[i],
            "train_acc": self.train_acc[i],
            "val_acc": self.val_acc[i],
            "wrong": float(np.sum(~right)),
            "wrong_nll": float(np.mean(losses[~right])),
            "right_nll": float(np.mean(losses[right])),
            "q_true": [float(q[t]) for q, t in zip(probs, self.shown_true, strict=True)],
            "q_other": others,
            "loss": [float(losses[pos]) for pos in self.shown],
            "pred": [float(np.argmax(q)) for q in probs],
        }


@cache
def digits_story() -> DigitsStory:
    """The story of the training run, computed once per process."""
    return DigitsStory()


def _at(step: int) -> float:
    """Where a step is drawn on the log axis of steps."""
    return float(step) if step > 0 else STEP_ZERO_AT


def training_explorer() -> Explorer:
    """Gradient descent on 200 handwritten digits: training and validation NLL and
    accuracy step by step, and the probabilities given to three validation digits."""
    story = digits_story()
    steps = story.steps
    rows = [story.row(i) for i in range(len(steps))]
    uniform = float(nllbook.entropy(np.full(10, 0.1)))  # ln 10
    at = [_at(s) for s in steps]
    labels = [f"a {t}" for t in story.shown_true]
    if len(set(labels)) < len(labels):
        labels = [f"#{j} (a {t})" for j, t in enumerate(story.shown_true, start=1)]
    per_row = (
        "train_nll", "val_nll", "train_acc", "val_acc", "wrong", "wrong_nll", "right_nll",
        "q_true", "q_other", "loss", "pred",
    )  # fmt: skip
    table = {f"T_{name.upper()}": [r[name] for r in rows] for name in per_row}

    def compute(checkpoint: float) -> dict[str, Any]:
        i = int(checkpoint)
        r = story.row(i)
        out = {
            **r,
            "step_at": _at(steps[i]),
            "uniform": uniform,
            "best_nll": story.val_nll[story.best],
            "best_step": float(steps[story.best]),
        }
        for j in range(3):
            out[f"true{j + 1}"] = float(story.shown_true[j])
            out[f"q{j + 1}"] = r["q_true"][j]
            out[f"loss{j + 1}"] = r["loss"][j]
            out[f"pred{j + 1}"] = r["pred"][j]
        return out

    model = [
        ("step", "STEPS[checkpoint]"),
        ("step_at", "STEP_AT[checkpoint]"),
        *[(name, f"T_{name.upper()}[checkpoint]") for name in per_row],
        ("uniform", "UNIFORM"),
        ("best_nll", "T_VAL_NLL[BEST]"),
        ("best_step", "STEPS[BEST]"),
    ]
    for j in range(3):
        model += [
            (f"true{j + 1}", f"SHOWN_TRUE[{j}]"),
            (f"q{j + 1}", f"q_true[{j}]"),
            (f"loss{j + 1}", f"loss[{j}]"),
            (f"pred{j + 1}", f"pred[{j}]"),
        ]
    # A drag picks the recorded step nearest the pointer on the log axis.
    pick = {"checkpoint": "round(interp(ln(x), LOG_AT, range(LOG_AT.length)))"}
    last = len(steps) - 1
    default = int(np.argmin([abs(s - 100) for s in steps]))
    digits = "".join(
        f"<li>a {{true{j}:.0f}}: q = {{q{j}:.3f}}, −ln q = {{loss{j}:.3f}}, "
        f"predicted {{pred{j}:.0f}}</li>"
        for j in (1, 2, 3)
    )
    return Explorer(
        key="training",
        title="Training a digit classifier, step by step",
        controls=[
            Control(
                "checkpoint",
                "Training step (each recorded step in turn)",
                0,
                last,
                default,
                fmt=".0f",
                integer=True,
                shown=tuple(f"{s:,}".replace(",", "\u202f") for s in steps),
            )
        ],
        consts={
            "STEPS": [float(s) for s in steps],
            "STEP_AT": at,
            "LOG_AT": [math.log(a) for a in at],
            "UNIFORM": uniform,
            "BEST": story.best,
            "SHOWN_TRUE": [float(t) for t in story.shown_true],
            **table,
        },
        model=model,
        compute=compute,
        panels=[
            Panel(
                x=Axis(
                    "training step (log scale)",
                    (STEP_ZERO_AT * 0.8, steps[-1] * 1.4),
                    scale="log",
                    ticks=[STEP_ZERO_AT, 1, 10, 100, 1000, 10000],
                    tick_format=".0f",
                ),
                y=Axis("mean NLL", (0.0, 2.8)),
                marks=[
                    rule(y="UNIFORM"),
                    text("1.3", "UNIFORM + 0.1", "uniform guess, ln 10", color="muted"),
                    rule(x="STEP_AT[BEST]", color="main"),
                    text("STEP_AT[BEST] * 1.15", "2.0", "lowest", color="muted"),
                    rule(x="step_at", dash=False),
                    path("STEP_AT", "T_TRAIN_NLL", color="good", name="training"),
                    path("STEP_AT", "T_VAL_NLL", color="main", name="validation"),
                    dot(
                        "step_at",
                        "train_nll",
                        handle=pick,
                        on="training",
                        color="good",
                        name="train",
                    ),
                    dot(
                        "step_at", "val_nll", handle=pick, on="validation", color="main", name="val"
                    ),
                ],
                height=200,
                drag=pick,
            ),
            Panel(
                x=Axis("orange: true digit · grey: likeliest other", labels=labels),
                y=Axis("probability", (0.0, 1.0), ticks=[0, 0.5, 1]),
                marks=[
                    bars(
                        [
                            ("true digit", "q_true", "accent"),
                            ("likeliest other", "q_other", "muted"),
                        ],
                        annotate=".2f",
                    )
                ],
                height=170,
            ),
        ],
        legend=[
            {"label": "training", "color": "good", "kind": "line"},
            {"label": "validation", "color": "main", "kind": "line"},
        ],
        readouts=[
            Readout("step", "step", ".0f"),
            Readout("val_nll", "validation NLL", ".3f"),
            Readout("val_acc", "accuracy", ".3f"),
        ],
        words=(
            "<p>After {step:.0f} steps of gradient descent:</p><ul>"
            "<li>mean NLL: training {train_nll:.3f}, validation {val_nll:.3f} "
            "(a uniform guess, ln 10: {uniform:.3f})</li>"
            "<li>accuracy: training {train_acc:.3f}, validation {val_acc:.3f}</li>"
            "<li>validation digits misclassified: {wrong:.0f}; their mean NLL {wrong_nll:.3f}, "
            "the others' {right_nll:.3f}</li></ul>"
            "<p>Of the recorded steps, the validation NLL is lowest, {best_nll:.3f}, at step "
            "{best_step:.0f} (the blue dashed line). The three validation digits in the "
            f"figure, with q the probability of the true class:</p><ul>{digits}</ul>"
        ),
        alt="Top: training and validation mean NLL against the training step on a log scale, "
        "starting at the dashed line of a uniform guess; a vertical dashed line marks the step "
        "of the lowest validation NLL, a solid one the chosen step. Bottom: for three "
        "validation digits, a bar of the probability the model gives the true digit (orange) "
        "beside one for the likeliest other digit (grey).",
        caption="Both losses start at ln 10. The training loss falls for ever; the validation "
        "loss bottoms out at the blue dashed line and then climbs, while the validation "
        "accuracy still creeps up. The bars show where each digit's probability goes.",
        hint="Drag along the curves to move through the recorded steps of the run.",
        announce="step {step:.0f}, validation NLL {val_nll:.3f}, accuracy {val_acc:.3f}",
        print_states=[{"checkpoint": i} for i in (0, default, story.best, last)],
        predict=Prediction(
            "what will the validation mean NLL be after 10 000 steps?",
            at={"checkpoint": last},
            number="val_nll",
            where=f"step {steps[last]:,}".replace(",", " "),
            unit="nats",
            ghost_x="STEP_AT[STEP_AT.length - 1]",
        ),
    )


# -- Temperature scaling ------------------------------------------------------------------


def _temperature_control() -> Control:
    probe = Control("T", "Temperature T", *T_RANGE, 1.0, scale="log", steps=T_STEPS, snap=True)
    # The default is the slider's own position nearest T = 1, exactly.
    one = probe.value_at(round(probe.position(1.0)))
    return Control(
        "T", "Temperature T", *T_RANGE, one, fmt=".2f", scale="log", steps=T_STEPS, snap=True
    )


@cache
def _final_logits() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    story = digits_story()
    return story.val_logits[-1], story.split.y_val


def _calibration_at(temperature: float) -> dict[str, Any]:
    """The trained model's logits divided by ``temperature``, scored on the validation digits."""
    logits, y = _final_logits()
    probs = nllbook.softmax(logits / temperature)
    top = nllbook.top_label(probs, y)
    c = nllbook.calibration_curve(top.correct, top.confidence, CALIBRATION_BINS)
    return {
        "val_nll": float(nllbook.temperature_nll(logits, y, temperature)),
        "ece": float(
            nllbook.expected_calibration_error(top.correct, top.confidence, CALIBRATION_BINS)
        ),
        "confidence": float(np.mean(top.confidence)),
        "accuracy": float(np.mean(top.correct)),
        "brier": float(nllbook.brier_score(probs, y)),
        "bin_conf": [float(v) for v in c.mean_predicted],
        "bin_acc": [float(v) for v in c.fraction_positive],
    }


def calibration_explorer() -> Explorer:
    """Temperature scaling of the trained digit classifier: the validation NLL
    against T, its minimum, and the reliability diagram at each T."""
    control = _temperature_control()
    temps = control.nodes()
    rows = [_calibration_at(t) for t in temps]
    logits, y = _final_logits()
    t_best = float(nllbook.fit_temperature(logits, y))
    nll_best = float(nllbook.temperature_nll(logits, y, t_best))
    per_row = ("val_nll", "ece", "confidence", "accuracy", "brier", "bin_conf", "bin_acc")
    table = {f"T_{name.upper()}": [r[name] for r in rows] for name in per_row}

    def row_of(temperature: float) -> int:
        return round(control.position(temperature))

    def compute(T: float) -> dict[str, Any]:
        i = row_of(T)
        return {
            "row": float(i),
            **_calibration_at(control.value_at(i)),
            "t_best": t_best,
            "nll_best": nll_best,
        }

    def nearest(t: float) -> float:
        return control.value_at(row_of(t))

    return Explorer(
        key="calibration",
        title="Temperature scaling the digit classifier",
        controls=[control],
        consts={
            "T_MIN": T_RANGE[0],
            "T_MAX": T_RANGE[1],
            "T_STEPS": T_STEPS,
            "TEMPS": temps,
            "T_BEST": t_best,
            "NLL_BEST": nll_best,
            **table,
        },
        model=[
            ("row", "round(ln(T / T_MIN) / ln(T_MAX / T_MIN) * T_STEPS)"),
            *[(name, f"T_{name.upper()}[row]") for name in per_row],
            ("t_best", "T_BEST"),
            ("nll_best", "NLL_BEST"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("temperature T (log scale)", T_RANGE, scale="log", ticks=[0.5, 1, 2, 4]),
                y=Axis("validation NLL", (0.2, 0.45), ticks=[0.2, 0.3, 0.4]),
                marks=[
                    rule(x="1"),
                    path("TEMPS", "T_VAL_NLL", name="nll"),
                    dot("T_BEST", "NLL_BEST", on="nll", color="good", name="minimum"),
                    dot("T", "val_nll", handle={"T": "x"}, on="nll", color="accent", name="now"),
                ],
                height=180,
                drag={"T": "x"},
            ),
            Panel(
                x=Axis("confidence of the top class", (0.0, 1.0)),
                y=Axis("accuracy", (0.0, 1.0)),
                marks=[
                    curve("x", x=(0.0, 1.0), n=2, color="muted", dash=True, name="diagonal"),
                    # From the diagonal to each bin's accuracy: the bin's gap.
                    path(
                        "bin_conf.flatMap((c) => [c, c, c])",
                        "bin_conf.flatMap((c, i) => [c, bin_acc[i], INF])",
                        color="muted",
                        name="gaps",
                    ),
                    dots("bin_conf", "bin_acc", color="main", r=4.5, name="bins"),
                ],
                height=190,
            ),
        ],
        legend=[
            {"label": "minimum", "color": "good", "kind": "dot"},
            {"label": "chosen T", "color": "accent", "kind": "dot"},
            {"label": "a bin of digits", "color": "main", "kind": "dot"},
        ],
        readouts=[
            Readout("val_nll", "validation NLL", ".4f"),
            Readout("ece", "calibration error", ".3f"),
        ],
        words=(
            f"<p>The logits of the trained model divided by T = {{T:.2f}}, on the {y.size} "
            "validation digits, on which T is fitted:</p><ul>"
            "<li>mean NLL: {val_nll:.3f} (the lowest, {nll_best:.3f}, at T = {t_best:.3f})</li>"
            "<li>mean confidence {confidence:.3f}, accuracy {accuracy:.3f} (the same at every "
            "T)</li>"
            "<li>expected calibration error: {ece:.3f}</li>"
            "<li>Brier score: {brier:.3f}</li></ul>"
        ),
        alt="Top: the validation NLL against the temperature on a log scale, a valley with its "
        "lowest point marked by a green dot, a dashed line at T = 1 and a dot at the chosen T. "
        "Bottom: a reliability diagram, a dot for each bin of confidence at its mean "
        "confidence and its accuracy, joined by a line to a dashed diagonal.",
        caption="T = 1 is the model as trained. Raising T softens every prediction; the NLL "
        "is lowest at the green dot. Below, a dot under the diagonal means the model was more "
        "confident than right in that bin.",
        hint="Drag along the valley to change T; the slider stops at 151 temperatures, each "
        "computed when the page was built.",
        announce="T = {T:.2f}, validation NLL {val_nll:.4f}, calibration error {ece:.3f}",
        print_states=[{"T": nearest(t)} for t in (0.5, 1.0, t_best, 4.0)],
        predict=Prediction(
            "what will the validation NLL be at T = 2?",
            at={"T": nearest(2.0)},
            number="val_nll",
            where="T = 2",
            unit="nats",
            ghost_x="2",
        ),
    )


# -- Proper scoring rules -----------------------------------------------------------------


def scoring_explorer() -> Explorer:
    """An event with probability 0.7, reported as r: the expected NLL and the
    expected Brier score are both lowest at r = 0.7 (strictly proper rules)."""
    p = SCORING_TRUTH
    truth = nllbook.binary_distribution(p)
    report = nllbook.binary_distribution

    def expected_brier(r: float) -> float:
        return float(nllbook.expected_brier_score(truth, report(r)))

    best_brier = expected_brier(p)

    def compute(r: float) -> dict[str, Any]:
        with np.errstate(divide="ignore"):
            nll_r = float(nllbook.cross_entropy(truth, report(r)))
        brier_r = expected_brier(r)
        return {
            "expected_nll": nll_r,
            "expected_brier": brier_r,
            "best_nll": float(nllbook.entropy(truth)),
            "best_brier": best_brier,
            "nll_excess": float(nllbook.kl_divergence(truth, report(r))),
            "brier_excess": brier_r - best_brier,
            "infinite": math.isinf(nll_r),
        }

    return Explorer(
        key="scoring",
        title="Two strictly proper scoring rules",
        controls=[Control("r", "Forecast probability r", 0.0, 1.0, 0.3)],
        consts={"P": p},
        model=[
            ("expected_nll", "crossEntropy(coin(P), coin(r))"),
            ("expected_brier", "expectedBrier(coin(P), coin(r))"),
            ("best_nll", "entropy(coin(P))"),
            ("best_brier", "expectedBrier(coin(P), coin(P))"),
            ("nll_excess", "kl(coin(P), coin(r))"),
            ("brier_excess", "expected_brier - best_brier"),
            ("infinite", "!isFinite(expected_nll)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("forecast probability r", (0.0, 1.0)),
                y=Axis("expected score", (0.0, 2.0)),
                marks=[
                    rule(x="P"),
                    text("P + 0.02", "1.85", "truth, 0.7", color="muted"),
                    curve("crossEntropy(coin(P), coin(x))", n=401, name="NLL"),
                    curve("expectedBrier(coin(P), coin(x))", color="other", name="Brier"),
                    dot("r", "expected_nll", handle={"r": "x"}, on="NLL", color="main", name="nll"),
                    dot(
                        "r",
                        "expected_brier",
                        handle={"r": "x"},
                        on="Brier",
                        color="other",
                        name="brier",
                    ),
                ],
                height=210,
                drag={"r": "x"},
            )
        ],
        legend=[
            {"label": "expected NLL", "color": "main", "kind": "line"},
            {"label": "expected Brier", "color": "other", "kind": "line"},
        ],
        readouts=[
            Readout("expected_nll", "expected NLL", ".3f"),
            Readout("expected_brier", "Brier", ".3f"),
        ],
        words=(
            f"<p>The event happens with probability {p:.2f}; the forecast says {{r:.2f}}.</p>"
            "<ul><li>expected NLL: {expected_nll:.3f}</li>"
            f"<li>its best, at {p:.2f}: {{best_nll:.3f}}</li>"
            "<li>the excess, KL(truth‖forecast): {nll_excess:.3f}</li></ul>"
            "<ul><li>expected Brier score: {expected_brier:.3f}</li>"
            f"<li>its best, at {p:.2f}: {{best_brier:.3f}}</li>"
            "<li>the excess: {brier_excess:.3f}</li></ul>"
        )
        + note(
            "infinite",
            "A forecast of 0 or 1 calls one outcome impossible, and that outcome does happen "
            "sometimes: the expected NLL is infinite. The Brier score, a squared distance, "
            "stays finite.",
        ),
        alt="Two valley-shaped curves of the expected score against the forecast probability, "
        "NLL and Brier, both lowest at a dashed vertical line at 0.7, with dots at the chosen "
        "forecast.",
        caption="The event's true probability is 0.7 (dashed). Whatever forecast you pick, "
        "both expected scores are higher than at 0.7: neither rule rewards a forecast that is "
        "bolder or more timid than the truth.",
        hint="Drag along the curves to change the forecast.",
        announce="r = {r:.2f}, expected NLL {expected_nll:.3f}, expected Brier "
        "{expected_brier:.3f}",
        print_states=[{"r": r} for r in (0.3, 0.7, 1.0)],
        predict=Prediction(
            "what is the expected NLL of the bolder forecast r = 0.9?",
            at={"r": 0.9},
            number="expected_nll",
            where="r = 0.9",
            unit="nats",
            ghost_x="0.9",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "training": training_explorer,
    "calibration": calibration_explorer,
    "scoring": scoring_explorer,
}
