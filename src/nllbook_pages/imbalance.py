"""The page "Imbalance and masking": pos_weight's best prediction, and the focal loss."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook
from nllbook import conventions as cv

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

__all__ = ["focal_explorer", "pos_weight_explorer"]

#: The expected loss of the constant prediction ``q`` on data with a share ``s``
#: of positives, the positive term weighted by ``w``: a formula of the browser.
_WEIGHTED_JS = "-(w * share * ln({q}) + (1 - share) * ln(1 - {q}))"


def _logit(q: float) -> float:
    """The logit of a probability strictly between 0 and 1."""
    return float(np.log(q) - np.log1p(-q))


def expected_weighted_loss(q: float, share: float, w: float) -> float:
    """The mean ``BCEWithLogitsLoss(pos_weight=w)`` of the constant prediction ``q``.

    With a share ``share`` of positives, the mean over the data is the loss
    of one example whose label is the share itself (the loss is linear in
    the label).
    """
    return float(cv.torch_bce_with_logits_loss([_logit(q)], [share], pos_weight=w))


def pos_weight_explorer() -> Explorer:
    """Set the share of positives and pos_weight; see where the best constant prediction goes."""

    def compute(share: float, w: float) -> dict[str, Any]:
        best = float(nllbook.reweighted_prior([1.0 - share, share], [1.0, w])[1])
        return {
            "best": best,
            "best_loss": expected_weighted_loss(best, share, w),
            "share_loss": expected_weighted_loss(share, share, w),
            "baseline": float(nllbook.entropy([1.0 - share, share])),
            "shift": float(np.log(w)),
        }

    set_w = {"w": "x * (1 - share) / (share * (1 - x))"}
    return Explorer(
        key="pos_weight",
        title="pos_weight moves the best prediction",
        controls=[
            Control("share", "Share of positives in the data, π", 0.01, 0.99, 0.1, ".2f"),
            Control("w", "pos_weight, w", 0.1, 20.0, 3.0, ".2f", scale="log"),
        ],
        model=[
            ("best", "w * share / (w * share + 1 - share)"),
            ("best_loss", _WEIGHTED_JS.format(q="best")),
            ("share_loss", _WEIGHTED_JS.format(q="share")),
            ("baseline", "entropy([1 - share, share])"),
            ("shift", "ln(w)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("the same prediction q for every example", (0.0, 1.0)),
                y=Axis("mean weighted loss (nats)", (0.0, 3.0)),
                marks=[
                    rule(x="share", color="good", dash=False, name="at-share"),
                    text("share + 0.01", "2.75", "π", color="good"),
                    curve(_WEIGHTED_JS.format(q="x"), x=(0.0, 1.0), name="weighted"),
                    dot("share", "3.0", handle={"share": "x"}, color="good", name="share"),
                    dot("share", "share_loss", on="weighted", color="good", name="share-loss"),
                    dot("best", "best_loss", handle=set_w, on="weighted", name="best"),
                ],
                height=220,
                drag=set_w,
            )
        ],
        legend=[
            {"label": "weighted loss", "color": "main", "kind": "line"},
            {"label": "share π", "color": "good", "kind": "dot"},
            {"label": "best q", "color": "accent", "kind": "dot"},
        ],
        readouts=[
            Readout("best", "best q", ".3f"),
            Readout("share", "share π", ".2f"),
            Readout("baseline", "H(π)", ".3f", "nats"),
        ],
        words="<p>With a share π = {share:.2f} of positives and pos_weight w = {w:.2f}, the "
        "same prediction for every example does best at q = {best:.3f}, where the weighted "
        "loss is {best_loss:.3f} nats; at the share itself it is {share_loss:.3f}.</p><ul>"
        "<li>q = wπ / (wπ + 1 − π): only w = 1 leaves the best prediction at the share, "
        "where the probabilities are calibrated.</li>"
        "<li>In logits, the best logit moves by ln w = {shift:.3f}.</li>"
        "<li>Without weights, predicting the share scores H(π) = {baseline:.3f} nats: the "
        "baseline a model must beat.</li></ul>",
        alt="A U-shaped curve of the mean weighted binary cross-entropy against the constant "
        "prediction q, a vertical line at the share of positives with a dot where it meets the "
        "curve, and a dot at the curve's lowest point.",
        caption="The loss of predicting the same q for every example, with the positives' term "
        "weighted by pos_weight. Only w = 1 puts the minimum on the share.",
        hint="Drag the handle atop the line to set the share of positives; drag the lowest dot, "
        "or across the plot, to choose where the best prediction should be, and w follows.",
        announce="share {share:.2f}, pos_weight {w:.2f}, best prediction {best:.3f}",
        print_states=[
            {"share": 0.1, "w": 1.0},
            {"share": 0.1, "w": 3.0},
            {"share": 0.1, "w": 9.0},
        ],
    )


def focal_explorer() -> Explorer:
    """Set γ and the probability of the true label; compare the focal loss with cross-entropy."""

    def compute(gamma: float, pt: float) -> dict[str, Any]:
        z = [_logit(pt)]
        ce = float(nllbook.binary_cross_entropy_from_logits(z, [1.0]))
        focal = float(nllbook.focal_loss(z, [1.0], gamma=gamma))
        return {
            "ce": ce,
            "factor": focal / ce,
            "focal": focal,
        }

    set_pt = {"pt": "x"}
    return Explorer(
        key="focal",
        title="The focal loss against cross-entropy",
        controls=[
            Control("gamma", "Focusing exponent, γ", 0.0, 5.0, 2.0, ".1f"),
            Control("pt", "Probability of the true label, p_t", 0.01, 0.99, 0.5, ".2f"),
        ],
        model=[
            ("ce", "-ln(pt)"),
            ("factor", "(1 - pt) ** gamma"),
            ("focal", "factor * ce"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("probability of the true label, p_t", (0.0, 1.0)),
                y=Axis("loss (nats)", (0.0, 4.0)),
                marks=[
                    curve("-ln(x)", x=(0.0, 1.0), color="muted", dash=True, name="ce"),
                    curve("(1 - x) ** gamma * -ln(x)", x=(0.0, 1.0), name="focal"),
                    dot("pt", "ce", handle=set_pt, on="ce", color="muted", name="ce-dot"),
                    dot("pt", "focal", handle=set_pt, on="focal", name="focal-dot"),
                ],
                height=220,
                drag=set_pt,
            )
        ],
        legend=[
            {"label": "cross-entropy, −ln p_t", "color": "muted", "kind": "line", "dash": True},
            {"label": "focal loss, −(1 − p_t)^γ ln p_t", "color": "main", "kind": "line"},
        ],
        readouts=[
            Readout("ce", "cross-entropy", ".3f", "nats"),
            Readout("focal", "focal loss", ".3f", "nats"),
            Readout("factor", "kept", ".3f"),
        ],
        words="<p>An example whose true label gets p_t = {pt:.2f} costs {ce:.3f} nats of "
        "cross-entropy. With γ = {gamma:.1f} the focal loss keeps a share (1 − p_t)^γ = "
        "{factor:.3f} of it: {focal:.3f} nats.</p><ul>"
        "<li>Easy examples (p_t near 1) keep almost nothing; badly wrong ones (p_t near 0) "
        "keep almost all.</li>"
        "<li>γ = 0 is the cross-entropy; the larger γ, the more the easy examples are "
        "discounted.</li></ul>",
        alt="Two falling curves of the loss against the probability of the true label: the "
        "cross-entropy, dashed, and below it the focal loss, which drops to near zero well "
        "before the probability reaches 1; dots on both at the chosen probability.",
        caption="The focal loss is the cross-entropy multiplied by (1 − p_t)^γ. The gap between "
        "the curves is what the focal loss discounts, most for the examples the model already "
        "gets right.",
        hint="Set γ with the slider; drag either dot, or across the plot, to set p_t.",
        announce="γ = {gamma:.1f}, p_t = {pt:.2f}: cross-entropy {ce:.3f}, focal {focal:.3f} nats",
        print_states=[
            {"gamma": 0.0, "pt": 0.9},
            {"gamma": 2.0, "pt": 0.9},
            {"gamma": 2.0, "pt": 0.2},
            {"gamma": 5.0, "pt": 0.5},
        ],
        predict=Prediction(
            "with γ = 2, what is the focal loss of an example whose true label gets p_t = 0.9?",
            at={"gamma": 2.0, "pt": 0.9},
            number="focal",
            where="γ = 2, p_t = 0.90",
            unit="nats",
            ghost_x="0.9",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "pos_weight": pos_weight_explorer,
    "focal": focal_explorer,
}
