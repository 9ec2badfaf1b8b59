"""The page "Priors, distillation and KL's direction": KL(p‖q) against KL(q‖p)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

import numpy as np

import nllbook
from nllbook import examples as ex

from .explorer import (
    Axis,
    Control,
    Explorer,
    Panel,
    Readout,
    curve,
    dot,
    note,
    path,
    rule,
)

__all__ = ["KLFits", "best_fits", "bimodal", "kl_direction_explorer"]

#: The range of q's centre μ and width σ, in the explorer and in :func:`best_fits`.
MU_RANGE = (-4.0, 4.0)
SIGMA_RANGE = (0.4, 4.0)
#: The divergences' axis: a log scale, from well below the best fit to the worst q.
KL_RANGE = (0.3, 100.0)
KL_TICKS = (0.5, 1, 2, 5, 10, 20, 50)

#: q in the browser: a normal curve of centre ``{mu}`` and width ``{sigma}`` on the grid,
#: made a distribution (nllbook.normal_on_grid).
_Q_JS = "softmax(GRID.map((g) => -((g - {mu}) ** 2) / (2 * {sigma} * {sigma})))"


def bimodal() -> np.ndarray:
    """The data p: two normal bumps on :data:`nllbook.examples.KL_GRID`, mixed."""
    grid = ex.KL_GRID
    bumps = [nllbook.normal_on_grid(grid, m, ex.KL_MODE_SCALE) for m in ex.KL_MODES]
    out: np.ndarray = ex.KL_MODE_WEIGHTS[0] * bumps[0] + ex.KL_MODE_WEIGHTS[1] * bumps[1]
    return out


class KLFits(NamedTuple):
    """The best normal q under each direction of KL, found on a grid of (μ, σ)."""

    forward_mu: float
    forward_sigma: float
    forward_kl: float
    reverse_mu: float
    reverse_sigma: float
    reverse_kl: float


@cache
def best_fits(n_mu: int = 161, n_sigma: int = 121) -> KLFits:
    """Scan μ and σ over the explorer's ranges (σ evenly on a log scale) for each direction."""
    p = bimodal()
    mus = np.linspace(*MU_RANGE, n_mu)
    sigmas = np.geomspace(*SIGMA_RANGE, n_sigma)
    fwd = np.empty((n_sigma, n_mu))
    rev = np.empty((n_sigma, n_mu))
    for i, s in enumerate(sigmas):
        q = np.array([nllbook.normal_on_grid(ex.KL_GRID, m, s) for m in mus])
        fwd[i] = nllbook.kl_divergence(p, q)
        rev[i] = nllbook.kl_divergence(q, p)
    fi, fj = np.unravel_index(int(np.argmin(fwd)), fwd.shape)
    ri, rj = np.unravel_index(int(np.argmin(rev)), rev.shape)
    return KLFits(
        float(mus[fj]),
        float(sigmas[fi]),
        float(fwd[fi, fj]),
        float(mus[rj]),
        float(sigmas[ri]),
        float(rev[ri, rj]),
    )


def kl_direction_explorer() -> Explorer:
    """A bimodal p and a normal q: move q and read KL(p‖q) and KL(q‖p)."""
    grid, p = ex.KL_GRID, bimodal()
    between = np.abs(grid) <= 1.0  # the valley between the two modes

    def compute(mu: float, sigma: float) -> dict[str, Any]:
        q = nllbook.normal_on_grid(grid, mu, sigma)
        forward = float(nllbook.kl_divergence(p, q))
        reverse = float(nllbook.kl_divergence(q, p))
        return {
            "q": q,
            "forward": forward,
            "reverse": reverse,
            "valley_q": float(np.sum(q[between])),
            "covers": forward < reverse,
        }

    q_js = _Q_JS.format(mu="mu", sigma="sigma")
    words = (
        "<p>q: a normal curve, μ = {mu:.2f}, σ = {sigma:.2f}.</p><ul>"
        "<li>KL(p‖q), the data p scored by q: {forward:.3f} nats</li>"
        "<li>KL(q‖p), q scored by the data: {reverse:.3f} nats</li>"
        "<li>probability in the valley between the modes, −1 ≤ x ≤ 1: {valley_q:.3f} "
        "under q, {valley_p:.3f} under p</li></ul>"
        + note(
            "covers",
            "Here KL(p‖q) is the smaller: q is wide enough to give both of p's modes "
            "some probability.",
        )
    )
    return Explorer(
        key="kldirection",
        title="Fitting one bump to two: KL(p‖q) or KL(q‖p)",
        controls=[
            Control("mu", "Centre of q, μ", *MU_RANGE, -2.0, ".2f"),
            Control("sigma", "Width of q, σ", *SIGMA_RANGE, 0.5, ".2f", scale="log"),
        ],
        consts={"GRID": grid, "P": p, "VALLEY_P": float(np.sum(p[between]))},
        model=[
            ("q", q_js),
            ("forward", "kl(P, q)"),
            ("reverse", "kl(q, P)"),
            ("valley_q", "sum(q.filter((v, i) => abs(GRID[i]) <= 1))"),
            ("covers", "forward < reverse"),
            ("valley_p", "VALLEY_P"),
        ],
        compute=lambda mu, sigma: {
            **compute(mu, sigma),
            "valley_p": float(np.sum(p[between])),
        },
        panels=[
            Panel(
                x=Axis("x", (-5.0, 5.0)),
                y=Axis("probability", (0.0, 0.09)),
                marks=[
                    path("GRID", "P", color="main", name="p"),
                    path("GRID", "q", color="accent", name="q"),
                    rule(x="mu", color="accent", name="centre"),
                    dot("mu", "0.085", handle={"mu": "x"}, name="mu"),
                ],
                height=140,
                drag={"mu": "x"},
            ),
            Panel(
                x=Axis("centre of q, μ", MU_RANGE),
                y=Axis("nats", KL_RANGE, scale="log", ticks=KL_TICKS),
                marks=[
                    curve(f"kl(P, {_Q_JS.format(mu='x', sigma='sigma')})", name="forward_mu"),
                    curve(
                        f"kl({_Q_JS.format(mu='x', sigma='sigma')}, P)",
                        color="other",
                        name="reverse_mu",
                    ),
                    dot(
                        "mu",
                        "forward",
                        handle={"mu": "x"},
                        on="forward_mu",
                        color="main",
                        name="forward_at_mu",
                    ),
                    dot(
                        "mu",
                        "reverse",
                        handle={"mu": "x"},
                        on="reverse_mu",
                        color="other",
                        name="reverse_at_mu",
                    ),
                ],
                height=140,
                drag={"mu": "x"},
            ),
            Panel(
                x=Axis("width of q, σ", SIGMA_RANGE, scale="log", ticks=(0.5, 1, 2, 4)),
                y=Axis("nats", KL_RANGE, scale="log", ticks=KL_TICKS),
                marks=[
                    curve(f"kl(P, {_Q_JS.format(mu='mu', sigma='x')})", name="forward_sigma"),
                    curve(
                        f"kl({_Q_JS.format(mu='mu', sigma='x')}, P)",
                        color="other",
                        name="reverse_sigma",
                    ),
                    dot(
                        "sigma",
                        "forward",
                        handle={"sigma": "x"},
                        on="forward_sigma",
                        color="main",
                        name="forward_at_sigma",
                    ),
                    dot(
                        "sigma",
                        "reverse",
                        handle={"sigma": "x"},
                        on="reverse_sigma",
                        color="other",
                        name="reverse_at_sigma",
                    ),
                ],
                height=140,
                drag={"sigma": "x"},
            ),
        ],
        legend=[
            {"label": "p", "color": "main", "kind": "line"},
            {"label": "q", "color": "accent", "kind": "line"},
            {"label": "KL(p‖q)", "color": "main", "kind": "dot"},
            {"label": "KL(q‖p)", "color": "other", "kind": "dot"},
        ],
        readouts=[
            Readout("forward", "KL(p‖q)", ".3f"),
            Readout("reverse", "KL(q‖p)", ".3f", "nats"),
        ],
        words=words,
        alt="Top: a two-humped distribution p and a single normal bump q with a handle at its "
        "centre. Middle: KL(p‖q) and KL(q‖p) against q's centre for its current width. "
        "Bottom: the same two divergences against q's width for its current centre. Dots "
        "mark the current q on each curve.",
        caption="KL(p‖q) is lowest for a wide q between the two modes, KL(q‖p) for a narrow q "
        "sitting on one of them.",
        hint="Drag q's centre (top or middle panel) and its width (bottom panel).",
        announce="μ = {mu:.2f}, σ = {sigma:.2f}, KL(p‖q) {forward:.3f}, KL(q‖p) {reverse:.3f} nats",
        print_states=[
            {"mu": -2.0, "sigma": 0.5},
            {"mu": -0.4, "sigma": 2.0},
            {"mu": 0.0, "sigma": 0.5},
        ],
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"kldirection": kl_direction_explorer}
