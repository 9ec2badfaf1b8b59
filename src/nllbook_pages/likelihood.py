"""The page "Likelihood": fixed coin flips scored under a moving parameter θ."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import nllbook
from nllbook import examples as ex

from .explorer import (
    INFINITE_LOSS,
    NLL_WORDS,
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
    word_steps,
)

__all__ = ["coin_explorer"]


def coin_explorer() -> Explorer:
    """Fixed coin flips, moving parameter θ: the likelihood peaks at the frequency."""
    flips = ex.COIN_FLIPS
    heads = int(flips.sum())
    tails = int(flips.size) - heads
    thetas = np.linspace(0.0, 1.0, 1001)
    peak = float(np.max(nllbook.bernoulli_likelihood_grid(flips, thetas)))
    lowest = float(np.min(nllbook.bernoulli_nll_grid(flips, thetas)))
    # The likelihood is drawn in thousandths, so that its ticks stay short.
    per = 1000.0

    def compute(theta: float) -> dict[str, Any]:
        lik = float(nllbook.bernoulli_likelihood_grid(flips, theta))
        total = float(nllbook.bernoulli_nll_grid(flips, theta))
        return {
            "likelihood": lik,
            "log": 0.0 - total,
            "negative": total,
            "frequency": float(nllbook.empirical_distribution(flips.astype(int), 2)[1]),
            "infinite": math.isinf(total),
        }

    # L(θ) = Π θ^y (1 − θ)^(1 − y), and −ln L(θ) = Σ bce(y, θ), over the fixed flips.
    lik_of = "flips.reduce((acc, f) => acc * (f === 1 ? {t} : 1 - {t}), 1)"
    nll_of = "sum(flips.map((f) => bce(f, {t})))"
    theta_axis = Axis("parameter θ (probability of heads)", (0.0, 1.0))
    set_theta = {"theta": "x"}
    return Explorer(
        key="coin",
        title="Likelihood of a coin's parameter, data fixed",
        controls=[Control("theta", "Coin parameter θ", 0.0, 1.0, 0.5)],
        consts={"flips": flips},
        model=[
            ("likelihood", lik_of.format(t="theta")),
            ("negative", nll_of.format(t="theta")),
            ("log", "0 - negative"),
            ("frequency", "sum(flips) / flips.length"),
            ("infinite", "!isFinite(negative)"),
        ],
        compute=compute,
        panels=[
            Panel(
                x=theta_axis,
                y=Axis("L(θ) × 1000", (0.0, 1.15 * per * peak)),
                marks=[
                    curve(f"{per} * " + lik_of.format(t="x"), name="likelihood"),
                    rule(x="frequency", color="good", name="best"),
                    dot(
                        "theta",
                        f"{per} * likelihood",
                        handle=set_theta,
                        on="likelihood",
                        name="theta",
                    ),
                ],
                height=180,
                drag=set_theta,
            ),
            Panel(
                x=theta_axis,
                y=Axis("−ln L(θ) (nats)", (0.0, 3.0 * lowest)),
                marks=[
                    curve(nll_of.format(t="x"), name="loss"),
                    rule(x="frequency", color="good", name="best-loss"),
                    dot("theta", "negative", handle=set_theta, on="loss", name="theta-loss"),
                ],
                height=170,
                drag=set_theta,
            ),
        ],
        legend=[
            {"label": "fraction of heads", "color": "good", "kind": "line", "dash": True},
        ],
        readouts=[
            Readout("likelihood", "L(θ)", ".3e"),
            Readout("negative", "loss", ".2f", "nats"),
        ],
        words=f"<p>Data (fixed): {heads} heads and {tails} tails. "
        "Each head contributes a factor θ, each tail 1 − θ.</p>"
        + word_steps(
            NLL_WORDS,
            [
                (
                    2,
                    f"θ<sup>{heads}</sup>(1 − θ)<sup>{tails}</sup> at θ = {{theta:.2f}}",
                    "{likelihood:.3e}",
                ),
                (1, "ln L(θ)", "{log:.3f}"),
                (0, "−ln L(θ)", "{negative:.3f}"),
            ],
        )
        + "<p>The maximum is at θ = {frequency:.2f}, the fraction of heads.</p>"
        + note("infinite", INFINITE_LOSS),
        alt="A hump-shaped likelihood curve over theta from 0 to 1 with its peak at 0.7, a "
        "dashed line at 0.7 and a dot at the chosen theta; below it the loss, minus the log "
        "of the likelihood, a valley with its lowest point at the same 0.7.",
        caption="The same ten flips scored under every θ. The data never change; only the "
        "parameter does, and the likelihood is largest, and the loss smallest, at the "
        "observed frequency.",
        hint="Drag a dot, or anywhere across either chart.",
        announce="θ = {theta:.2f}, likelihood {likelihood:.2e}, loss {negative:.2f} nats",
        print_states=[{"theta": t} for t in (0.2, 0.5, 0.7, 0.96)],
        predict=Prediction(
            "what will the negative log-likelihood of the ten flips be at θ = 0.7?",
            at={"theta": 0.7},
            number="negative",
            where="θ = 0.70",
            unit="nats",
            ghost_panel=1,
            ghost_x="0.7",
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"coin": coin_explorer}
