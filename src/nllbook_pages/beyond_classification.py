"""The page "Beyond classification": a normal density over measurements, and
a smoothed bigram model of the book's own prose."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
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
    curve,
    dot,
    dots,
    note,
    path,
    rule,
    text,
)

__all__ = [
    "ALPHA_MAX",
    "ALPHA_MIN",
    "ALPHA_STEPS",
    "bigram_explorer",
    "gauss_explorer",
    "smoothing_strengths",
]

#: The range of the Gaussian explorer's mean μ and standard deviation σ (m).
MU_RANGE = (1.65, 1.95)
SIGMA_RANGE = (0.02, 0.2)
#: The lengths the density is drawn over (m).
LENGTHS = (1.55, 2.05)

#: The bigram explorer's smoothing strengths: a log scale from ALPHA_MIN to
#: ALPHA_MAX in ALPHA_STEPS steps; α = 0 is a switch of its own.
ALPHA_MIN = 0.001
ALPHA_MAX = 100.0
ALPHA_STEPS = 1000


def _sequential_sum(values: Iterable[float]) -> float:
    """A sum added left to right, as the browser's ``sum`` adds."""
    total = 0.0
    for v in values:
        total += float(v)
    return total


def gauss_explorer() -> Explorer:
    """A normal density N(μ, σ) over twelve measurements: the mean NLL, term by
    term, and how it drops below zero once the density is narrow and well placed."""
    x = book_data.MEASUREMENTS
    n = int(x.size)
    half_ln_2pi = float(nllbook.gaussian_nll(0.0, 0.0, 1.0))  # ½ ln 2π: −ln N(0 | 0, 1)

    def average_nll(mu: float, sigma: float) -> float:
        # nllbook's per-measurement NLL, averaged left to right as the browser does
        # (the mean crosses 0, where a different order of additions would show).
        return _sequential_sum(nllbook.gaussian_nll(x, mu, sigma, reduction="none")) / n

    def compute(mu: float, sigma: float) -> dict[str, Any]:
        terms = nllbook.gaussian_nll(x, mu, sigma, reduction="none")
        d = x - mu
        mse = _sequential_sum(d * d) / n
        best_sigma = math.sqrt(mse)
        nll = average_nll(mu, sigma)
        return {
            "terms": [float(t) for t in terms],
            "density": [float(v) for v in np.exp(-terms)],
            "mean_nll": nll,
            "log_sigma": float(np.log(sigma)),
            "half_ln_2pi": half_ln_2pi,
            "mse": mse,
            "fit": mse / (2 * sigma * sigma),
            "best_sigma": best_sigma,
            "best_nll": average_nll(mu, best_sigma),
            "negative": nll < 0,
        }

    # The handle on the curve's width sits at μ + σ, or at μ − σ when that is off the axis.
    width_x = f"(mu + sigma <= {LENGTHS[1]} ? mu + sigma : mu - sigma)"
    return Explorer(
        key="gauss",
        title="A normal density and twelve measurements",
        controls=[
            Control("mu", "Mean μ (m)", *MU_RANGE, 1.80, fmt=".3f", unit="m"),
            Control(
                "sigma",
                "Standard deviation σ (m)",
                *SIGMA_RANGE,
                0.1,
                fmt=".3f",
                unit="m",
                scale="log",
            ),
        ],
        consts={"MEASUREMENTS": x, "HALF_LN_2PI": half_ln_2pi, "N": n},
        model=[
            (
                "terms",
                "MEASUREMENTS.map((v) => { const z = (v - mu) / sigma; "
                "return ln(sigma) + HALF_LN_2PI + 0.5 * z * z; })",
            ),
            ("density", "terms.map((t) => exp(-t))"),
            ("mean_nll", "sum(terms) / N"),
            ("log_sigma", "ln(sigma)"),
            ("half_ln_2pi", "HALF_LN_2PI"),
            ("mse", "sum(MEASUREMENTS.map((v) => (v - mu) * (v - mu))) / N"),
            ("fit", "mse / (2 * sigma * sigma)"),
            ("best_sigma", "sqrt(mse)"),
            (
                "best_nll",
                "sum(MEASUREMENTS.map((v) => { const z = (v - mu) / best_sigma; "
                "return ln(best_sigma) + HALF_LN_2PI + 0.5 * z * z; })) / N",
            ),
            ("negative", "mean_nll < 0"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis("length (m)", LENGTHS, ticks=[1.6, 1.7, 1.8, 1.9, 2.0]),
                y=Axis("density (per m)", (0.0, 22.0)),
                marks=[
                    rule(y="1"),
                    text(f"{LENGTHS[0] + 0.005}", "1.6", "density 1", color="muted"),
                    curve("normalPdf(x, mu, sigma)", n=300, name="density"),
                    dots("MEASUREMENTS", "MEASUREMENTS.map(() => 0)", r=3, name="rug"),
                    dots("MEASUREMENTS", "density", r=4, name="measurements"),
                    dot(
                        width_x,
                        f"normalPdf({width_x}, mu, sigma)",
                        handle={"sigma": "abs(x - mu)"},
                        on="density",
                        color="main",
                        name="width",
                    ),
                    dot(
                        "mu",
                        "normalPdf(mu, mu, sigma)",
                        handle={"mu": "x"},
                        on="density",
                        color="main",
                        name="peak",
                    ),
                ],
                height=200,
                drag={"mu": "x"},
            ),
            Panel(
                x=Axis("σ (m), log scale", SIGMA_RANGE, scale="log", ticks=[0.02, 0.05, 0.1, 0.2]),
                y=Axis("mean NLL (nats)", (-2.0, 3.0)),
                marks=[
                    rule(y="0"),
                    curve("ln(x) + HALF_LN_2PI + mse / (2 * x * x)", color="other", name="nll"),
                    dot("best_sigma", "best_nll", on="nll", color="good", name="best"),
                    dot(
                        "sigma",
                        "mean_nll",
                        handle={"sigma": "x"},
                        on="nll",
                        color="other",
                        name="now",
                    ),
                ],
                height=180,
                drag={"sigma": "x"},
            ),
        ],
        legend=[
            {"label": "density", "color": "main", "kind": "line"},
            {"label": "measurements", "color": "accent", "kind": "dot"},
            {"label": "mean NLL", "color": "other", "kind": "line"},
        ],
        readouts=[
            Readout("mean_nll", "mean NLL", ".3f", "nats"),
            Readout("best_sigma", "best σ", ".3f", "m"),
        ],
        words=(
            "<p>Model N(μ = {mu:.3f}, σ = {sigma:.3f}) for the twelve measurements.</p><ul>"
            "<li>ln σ: {log_sigma:.3f}</li>"
            "<li>½ ln 2π: {half_ln_2pi:.3f}</li>"
            "<li>mean squared error / (2σ²): {fit:.3f}</li>"
            "<li><b>mean NLL</b>, the sum of the three: {mean_nll:.3f} nats</li>"
            "<li>best σ for this μ, √MSE: {best_sigma:.3f}, mean NLL {best_nll:.3f} "
            "(the green dot)</li></ul>"
        )
        + note(
            "negative",
            "The mean NLL is negative: the densities at the measurements have a geometric "
            "mean above 1. A density is not a probability, so nothing is wrong.",
        ),
        alt="Top: a bell curve over a length axis with twelve measurements marked on it and a "
        "dashed line at density 1. Bottom: the mean NLL against σ on a log scale for the "
        "chosen μ, a valley whose lowest point is marked, with a dot at the chosen σ.",
        caption="Each measurement's loss is minus the log of the height of the curve above "
        "it. Where the curve is above the dashed line (density 1) that loss is negative.",
        hint="Drag the curve's peak to move μ, the dot on its side to change σ, or the dot "
        "below along the NLL curve.",
        announce="μ = {mu:.3f} m, σ = {sigma:.3f} m, mean NLL {mean_nll:.2f} nats",
        print_states=[
            {"mu": 1.8, "sigma": 0.1},
            {"mu": 1.8, "sigma": 0.02},
            {"mu": 1.74, "sigma": 0.1},
            {"mu": 1.8, "sigma": 0.2},
        ],
        predict=Prediction(
            "what will the mean NLL be with σ = 0.02 m? (Mind the sign.)",
            at={"sigma": 0.02},
            number="mean_nll",
            where="σ = 0.020 m",
            unit="nats",
            ghost_panel=1,
            ghost_x="0.02",
        ),
    )


# -- Language model: a character bigram model of this book ----------------------------------


def _alpha_control() -> Control:
    return Control(
        "alpha",
        "Smoothing α (when on)",
        ALPHA_MIN,
        ALPHA_MAX,
        0.1,
        fmt=".3g",
        scale="log",
        steps=ALPHA_STEPS,
    )


def smoothing_strengths() -> list[float]:
    """Every α > 0 the bigram explorer's slider stops at, in order."""
    return _alpha_control().nodes()


@cache
def _bigram_data() -> tuple[str, str, str, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    train, held_out = book_data.book_prose()
    abc = book_data.ALPHABET
    counts = nllbook.bigram_counts(train, abc)
    held_pairs = nllbook.bigram_counts(held_out, abc)
    return train, held_out, abc, counts, counts, held_pairs


def bigram_explorer() -> Explorer:
    """A character bigram model of the book's prose: additive smoothing α trades
    fit to the training text against the held-out text's pairs it never saw."""
    train, held_out, abc, counts, train_pairs, held_pairs = _bigram_data()
    k = len(abc)

    def mean_nll(text_: str, alpha: float) -> float:
        return float(nllbook.bigram_nll(text_, nllbook.bigram_probabilities(counts, alpha), abc))

    curve_alpha = np.geomspace(ALPHA_MIN, ALPHA_MAX, 121)
    held_curve = [float(nllbook.perplexity(mean_nll(held_out, a))) for a in curve_alpha]
    train_curve = [float(nllbook.perplexity(mean_nll(train, a))) for a in curve_alpha]
    uniform = float(nllbook.perplexity(nllbook.entropy(np.full(k, 1 / k))))

    def compute(alpha: float, smoothed: float) -> dict[str, Any]:
        used = alpha if smoothed else 0.0
        train_nll = mean_nll(train, used)
        held_nll = mean_nll(held_out, used)
        return {
            "alpha_used": used,
            "train_nll": train_nll,
            "train_ppl": float(nllbook.perplexity(train_nll)),
            "held_nll": held_nll,
            "held_bits": float(nllbook.bits_per_symbol(held_nll)),
            "held_ppl": float(nllbook.perplexity(held_nll)),
            "uniform": uniform,
            "infinite": math.isinf(held_nll),
        }

    # Mean NLL of a text from its pair counts P under the counts C smoothed by a:
    # −Σ P[i][j] ln q(j | i) / Σ P, with q = (C + a) / (row total + K a) and a row
    # never seen in training all zeros when a = 0 (as nllbook.bigram_probabilities).
    def text_nll(pairs: str) -> str:
        return (
            f"(() => {{ let s = 0; let m = 0; for (let i = 0; i < K; i++) {{ "
            f"let tot = 0; for (let j = 0; j < K; j++) tot += COUNTS[i][j] + alpha_used; "
            f"for (let j = 0; j < K; j++) {{ const c = {pairs}[i][j]; if (c === 0) continue; "
            f"const q = tot > 0 ? (COUNTS[i][j] + alpha_used) / tot : 0; "
            f"s -= c * ln(q); m += c; }} }} return s / m; }})()"
        )

    # Left of the α values, a zone of the axis stands for α = 0 (no smoothing).
    off_edge, off_x, axis_from = ALPHA_MIN / 2, ALPHA_MIN / 4, ALPHA_MIN / 8
    at_x = f"(smoothed ? alpha : {off_x})"
    sets = {"alpha": "x", "smoothed": f"x < {off_edge} ? 0 : 1"}
    return Explorer(
        key="bigram",
        title="Smoothing a bigram model of this book",
        controls=[
            _alpha_control(),
            Control(
                "smoothed", "Smoothing on (1) or off, α = 0 (0)", 0, 1, 1, fmt=".0f", integer=True
            ),
        ],
        consts={
            "K": k,
            "COUNTS": counts,
            "TRAIN_PAIRS": train_pairs,
            "HELD_PAIRS": held_pairs,
            "CURVE_ALPHA": curve_alpha,
            "HELD_CURVE": held_curve,
            "TRAIN_CURVE": train_curve,
            "UNIFORM": uniform,
        },
        model=[
            ("alpha_used", "smoothed ? alpha : 0"),
            ("train_nll", text_nll("TRAIN_PAIRS")),
            ("train_ppl", "exp(train_nll)"),
            ("held_nll", text_nll("HELD_PAIRS")),
            ("held_bits", "held_nll / LN2"),
            ("held_ppl", "exp(held_nll)"),
            ("uniform", "UNIFORM"),
            ("infinite", "!isFinite(held_nll)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=Axis(
                    "smoothing α (log scale; far left: α = 0)",
                    (axis_from, ALPHA_MAX),
                    scale="log",
                    ticks=[0.001, 0.01, 0.1, 1, 10, 100],
                ),
                y=Axis("perplexity", (9.0, 14.0)),
                marks=[
                    rule(x=f"{off_edge}", dash=True),
                    text(f"{off_x}", "11.3", "α = 0", anchor="middle", color="muted"),
                    path("CURVE_ALPHA", "TRAIN_CURVE", color="good", name="training"),
                    path("CURVE_ALPHA", "HELD_CURVE", name="held_out"),
                    dot(at_x, "train_ppl", handle=sets, color="good", name="train"),
                    dot(at_x, "held_ppl", handle=sets, on="held_out", color="main", name="held"),
                ],
                height=210,
                drag=sets,
            )
        ],
        legend=[
            {"label": "training", "color": "good", "kind": "line"},
            {"label": "held out", "color": "main", "kind": "line"},
        ],
        readouts=[
            Readout("held_ppl", "held-out perplexity", ".2f"),
            Readout("train_ppl", "training", ".2f"),
        ],
        words=(
            "<p>Smoothing α = {alpha_used:.3g}: every pair gets α extra counts.</p><ul>"
            "<li>training perplexity: {train_ppl:.2f}</li>"
            "<li>held-out mean NLL: {held_nll:.3f} nats per character, {held_bits:.3f} bits</li>"
            "<li>held-out perplexity: {held_ppl:.2f} (a uniform guess over 27 symbols: "
            "{uniform:.0f})</li></ul>"
        )
        + note(
            "infinite",
            "Without smoothing, a pair of letters that the training text never shows has "
            "probability 0, and the held-out text contains such pairs: its loss is infinite.",
        ),
        alt="Perplexity against smoothing strength on a log axis: the training curve rises "
        "steadily, the held-out curve dips to a shallow minimum and rises again. At the far "
        "left, α = 0.",
        caption="More smoothing always fits the training text worse. The held-out text is "
        "best served in between: too little smoothing leaves its unseen pairs nearly "
        "impossible, too much flattens the model toward a uniform guess (perplexity 27, "
        "off the top of this scale).",
        hint="Drag along the curves; drag to the far left, or set the switch to 0, for no "
        "smoothing at all.",
        announce="α = {alpha_used:.3g}, held-out perplexity {held_ppl:.2f}",
        print_states=[
            {"smoothed": 0},
            {"alpha": 0.1},
            {"alpha": 1.0},
            {"alpha": 100.0},
        ],
        predict=Prediction(
            "what will the held-out perplexity be with α = 1?",
            at={"alpha": 1.0, "smoothed": 1},
            number="held_ppl",
            where="α = 1",
            digits=2,
            ghost_x="1",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"gauss": gauss_explorer, "bigram": bigram_explorer}
