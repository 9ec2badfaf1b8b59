"""Matplotlib figures of the book. Each function draws on an ``ax`` it is given
and returns the artists it made; every number it plots comes from nllbook.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from nllbook_pages import plots
>>> ax = Figure().add_subplot()
>>> art = plots.neg_log_curve(ax, p=0.1)
>>> sorted(art)
['curve', 'label', 'marker']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from nllbook import (
    bernoulli_likelihood,
    binary_distribution,
    cross_entropy,
    information_unit,
    running_log_sum,
    running_product,
    xlogy,
)

from ._style import COLORS

Artists = dict[str, Any]

#: Probabilities on which the -log p curve is drawn (0 itself is at infinity).
_P_GRID = np.linspace(0.005, 1.0, 400)


def bar_distribution(
    ax: Axes,
    probs: ArrayLike,
    *,
    labels: Sequence[str] | None = None,
    highlight: int | None = None,
    color: str = COLORS["main"],
    title: str | None = None,
    annotate: bool = True,
) -> Artists:
    """Bars of a discrete distribution, optionally highlighting one class.

    Returns ``{"bars": BarContainer, "texts": [Text, ...]}``.
    """
    p = np.asarray(probs, dtype=float)
    x = np.arange(p.size)
    names = list(labels) if labels is not None else [str(i + 1) for i in x]
    colors = [COLORS["accent"] if i == highlight else color for i in x]
    bars = ax.bar(x, p, color=colors)
    # One id per bar: SVG ids must be unique, and the site's player swaps
    # the elements that change by id.
    for i, bar in enumerate(bars):
        bar.set_gid(f"bar{i}")
    texts = []
    if annotate:
        for i, v in enumerate(p):
            texts.append(ax.text(i, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=10))
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("probability")
    if title:
        ax.set_title(title)
    return {"bars": bars, "texts": texts}


def _pinned_marker(ax: Axes, x0: float, y0: float, top: float, gid_prefix: str) -> tuple[Any, bool]:
    """The marker at (x0, y0): a dot, or an upward triangle pinned to ``top``
    when y0 is infinite or off the scale. Returns it and whether y0 shows."""
    finite = bool(np.isfinite(y0) and y0 <= top)
    (marker,) = ax.plot(
        [x0],
        [y0 if finite else top],
        "o" if finite else "^",
        color=COLORS["accent"],
        ms=8,
        clip_on=False,
        gid=f"{gid_prefix}marker",
    )
    return marker, finite


def neg_log_curve(
    ax: Axes, p: float | None = None, base: float | None = None, gid_prefix: str = ""
) -> Artists:
    r"""The curve :math:`-\log p` on (0, 1], with a marker at ``p``.

    ``gid_prefix`` keeps the SVG ids of the artists unique when one figure
    draws the curve on several axes.

    The curve is the loss of a true-class probability ``p`` in logarithm
    base ``base`` (nats by default), the cross-entropy of the one-hot target
    with ``[p, 1 - p]`` computed by :func:`nllbook.cross_entropy`, and the
    axis is labelled with :func:`nllbook.information_unit`. At ``p = 0`` the
    loss is infinite: the marker is then drawn at the top edge with an
    upward arrow.
    """
    unit = information_unit(base)
    two_class = np.stack([_P_GRID, 1 - _P_GRID], axis=-1)
    losses = cross_entropy([1.0, 0.0], two_class, base=base)
    (curve,) = ax.plot(_P_GRID, losses, color=COLORS["main"], gid=f"{gid_prefix}curve")
    top = float(np.asarray(losses)[0])
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, top)
    ax.set_xlabel("probability given to the true class, q_y")
    log = "ln" if unit == "nats" else ("log₂" if unit == "bits" else "log")
    ax.set_ylabel(f"−{log} q_y ({unit})")
    art: Artists = {"curve": curve}
    if p is not None:
        loss = float(cross_entropy([1.0, 0.0], binary_distribution(p), base=base))
        # The same two artists exist for every p, so that a slider only
        # changes their attributes: an infinite loss is pinned to the top
        # edge and labelled with the infinity sign.
        art["marker"], finite = _pinned_marker(ax, p, loss, top, gid_prefix)
        # p + 0.03 is 0.03 where the label shows (p = 0): a fixed place, so
        # the blank label of a finite loss never changes.
        art["label"] = ax.text(
            0.03,
            top * 0.93,
            " " if finite else "loss = ∞",
            color=COLORS["accent"],
            gid=f"{gid_prefix}marker_label",
        )
    return art


def likelihood_curve(ax: Axes, y: ArrayLike, theta: float | None = None) -> Artists:
    r"""Likelihood of fixed coin flips ``y`` as a function of the parameter θ.

    :math:`L(\theta) = \prod_i \theta^{y_i} (1-\theta)^{1-y_i}`, from
    :func:`nllbook.bernoulli_likelihood`; a dashed line marks the empirical
    frequency, where the maximum is.
    """
    flips = np.asarray(y, dtype=float)
    thetas = np.linspace(0, 1, 201)
    grid = np.broadcast_to(thetas[:, None], (thetas.size, flips.size))
    lik = bernoulli_likelihood(np.broadcast_to(flips, grid.shape), grid)
    (curve,) = ax.plot(thetas, lik, color=COLORS["main"], gid="curve")
    freq = float(flips.mean())
    best = ax.axvline(freq, color=COLORS["good"], ls="--", lw=1, gid="best")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, float(lik.max()) * 1.15)
    ax.set_xlabel("parameter θ (probability of heads)")
    ax.set_ylabel("likelihood L(θ)")
    art: Artists = {"curve": curve, "best": best}
    if theta is not None:
        value = float(bernoulli_likelihood(flips, np.full(flips.size, theta)))
        (marker,) = ax.plot([theta], [value], "o", color=COLORS["accent"], ms=8, gid="marker")
        art["marker"] = marker
    return art


def underflow_plot(ax: Axes, p: float, n_max: int, n: int | None = None) -> Artists:
    """log10 of a running product of ``p`` in float64 and float32, against the
    sum of logs, for 1..``n_max`` factors.

    A product that has underflowed to 0 has no logarithm: its line stops, and
    a cross marks where it hit 0.
    """
    ns = np.arange(1, n_max + 1)
    log10 = np.log(10.0)
    sums = running_log_sum(np.full(n_max, p)) / log10
    art: Artists = {}
    (art["sum"],) = ax.plot(ns, sums, color=COLORS["main"], lw=2, label="sum of logs (÷ ln 10)")
    for dtype, color, key in (
        (np.float64, COLORS["accent"], "f64"),
        (np.float32, COLORS["good"], "f32"),
    ):
        prods = running_product(np.full(n_max, p), dtype).astype(np.float64)
        ok = prods > 0
        with np.errstate(divide="ignore"):
            logs = np.where(ok, np.log10(np.where(ok, prods, 1.0)), np.nan)
        name = np.dtype(dtype).name
        (art[key],) = ax.plot(ns, logs, color=color, ls="--", label=f"log10 of product, {name}")
        if not ok.all():
            first_zero = int(ns[~ok][0])
            art[key + "_zero"] = ax.plot(
                [first_zero], [sums[first_zero - 1]], "x", color=color, ms=9, mew=2
            )[0]
    ax.set_xlim(0, n_max)
    ax.set_ylim(float(sums[-1]) * 1.05, 0)
    ax.set_xlabel("number of samples m, each given the same probability")
    ax.set_ylabel("log10 of the likelihood")
    ax.legend(loc="lower left", fontsize=10, frameon=False)
    if n is not None:
        art["cursor"] = ax.axvline(n, color=COLORS["muted"], lw=1, gid="cursor")
    return art


def surprise_bars(ax: Axes, p: ArrayLike, labels: Sequence[str] | None = None) -> Artists:
    r"""Bars of :math:`p_k` and of each outcome's weighted surprise :math:`-p_k \ln p_k`.

    The heights of the second set add up to the entropy.
    """
    probs = np.asarray(p, dtype=float)
    x = np.arange(probs.size)
    weighted = 0.0 - np.asarray(xlogy(probs, probs))  # p_k * surprise_k, 0 when p_k = 0
    w = 0.4
    a = ax.bar(x - w / 2, probs, w, color=COLORS["main"], label="probability p_k")
    b = ax.bar(x + w / 2, weighted, w, color=COLORS["accent"], label="p_k · surprise (nats)")
    ax.set_xticks(x, list(labels) if labels else [str(i + 1) for i in x])
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left", fontsize=10, frameon=False)
    return {"probs": a, "weighted": b}


def compare_bars(
    ax: Axes,
    p: ArrayLike,
    q: ArrayLike,
    *,
    labels: Sequence[str] | None = None,
    names: tuple[str, str] = ("p (data)", "q (model)"),
    ylim: float = 0.6,
) -> Artists:
    """Two distributions side by side, ``p`` left and ``q`` right of each tick."""
    pa, qa = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    x = np.arange(pa.size)
    w = 0.4
    a = ax.bar(x - w / 2, pa, w, color=COLORS["main"], label=names[0])
    b = ax.bar(x + w / 2, qa, w, color=COLORS["accent"], label=names[1])
    ax.set_xticks(x, list(labels) if labels else [str(i + 1) for i in x])
    ax.set_ylim(0, ylim)
    ax.set_ylabel("probability")
    # Pinned above the axes, in one row: the bars can never run into it, and
    # it never moves while a slider does.
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=2,
        fontsize=10,
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.0,
        columnspacing=1.0,
    )
    return {"p": a, "q": b}


def curve_with_marker(
    ax: Axes,
    x: ArrayLike,
    y: ArrayLike,
    x0: float,
    y0: float,
    *,
    xlabel: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    label: str | None = None,
    name: str = "loss",
    gid_prefix: str = "",
    color: str = COLORS["main"],
    label_row: int = 0,
) -> Artists:
    """A precomputed curve with a marker at the current setting.

    A value above the top of the axes, or infinite, keeps its marker: an
    upward triangle on the top edge, labelled with the value (``name = ∞``),
    the same treatment as :func:`neg_log_curve`. The marker and its label
    exist in every setting, so that a slider only changes their attributes.
    """
    (curve,) = ax.plot(x, y, color=color, label=label, gid=f"{gid_prefix}curve")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    top = float(ax.get_ylim()[1])
    marker, finite = _pinned_marker(ax, x0, y0, top, gid_prefix)
    # A blank label of a finite value stays at one place, so that it is the
    # same element in every such setting.
    at = x0 if not finite else float(np.asarray(x, dtype=float)[0])
    frac = float(ax.transAxes.inverted().transform(ax.transData.transform((at, top)))[0])
    right = frac > 0.6
    text = " " if finite else f"{name} = {'∞' if np.isinf(y0) else format(y0, '.2f')} ↑"
    # Beside the marker, towards the middle of the axes.
    mark_label = ax.annotate(
        text,
        (at, top),
        xytext=(-8 if right else 8, -1 - 13 * label_row),
        textcoords="offset points",
        color=COLORS["accent"],
        ha="right" if right else "left",
        va="top",
        fontsize=10,
        gid=f"{gid_prefix}marker_label",
    )
    return {"curve": curve, "marker": marker, "label": mark_label}


def reliability_diagram(
    ax: Axes,
    fraction_positive: ArrayLike,
    mean_predicted: ArrayLike,
    bins: ArrayLike,
    n_bins: int,
    *,
    gid_prefix: str = "",
) -> Artists:
    """Bars of the observed frequency in each of ``n_bins`` equal bins, against the diagonal.

    Takes the fields of a :class:`nllbook.CalibrationCurve`. Every bin gets
    a bar (height 0 when the bin is empty) and a dot at its mean predicted
    probability, so that the same artists exist whatever the data: a bar
    below the diagonal is an overconfident bin.
    """
    freq = np.zeros(n_bins)
    conf = np.full(n_bins, np.nan)
    idx = np.asarray(bins, dtype=int)
    freq[idx] = np.asarray(fraction_positive, dtype=float)
    conf[idx] = np.asarray(mean_predicted, dtype=float)
    width = 1.0 / n_bins
    centres = (np.arange(n_bins) + 0.5) * width
    ax.plot([0, 1], [0, 1], color=COLORS["muted"], ls="--", lw=1, gid=f"{gid_prefix}diagonal")
    bars = ax.bar(centres, freq, width=0.9 * width, color=COLORS["main"], label="accuracy")
    for k, bar in enumerate(bars):
        bar.set_gid(f"{gid_prefix}bin{k}")
    (dots,) = ax.plot(
        np.where(np.isnan(conf), centres, conf),
        np.where(np.isnan(conf), -1.0, conf),
        "o",
        color=COLORS["accent"],
        ms=4,
        label="confidence",
        gid=f"{gid_prefix}confidence",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence of the top class")
    ax.set_ylabel("accuracy")
    return {"bars": bars, "dots": dots}


def digits_with_probabilities(
    ax: Axes, images: ArrayLike, probs: ArrayLike, true_classes: Sequence[int]
) -> Artists:
    """A few 8 x 8 digits side by side, each above bars of the probabilities
    a classifier gives to the classes 0 to 9 (the true class in orange).

    Everything is drawn on one axes, without its frame: one axes per digit
    and per chart would cost most of a slider state's rendering. Bar ``k``
    of digit ``j`` has the id ``d{j}bar{k}``.
    """
    imgs = np.asarray(images, dtype=float).reshape(-1, 8, 8)
    p = np.asarray(probs, dtype=float)
    k = p.shape[-1]
    gap = k + 2.0  # one group of bars per digit, two bar widths apart
    xlim, ylim, bottom, top = (-1.6, len(imgs) * gap - 2.0), (-0.3, 2.5), 1.15, 2.45
    # Square pixels: the image's width in data units that matches its height
    # on the page, from the shape of the axes.
    box = ax.get_window_extent()
    tall = (top - bottom) / (ylim[1] - ylim[0]) * box.height
    wide = tall / box.width * (xlim[1] - xlim[0])
    ax.set_axis_off()
    # Each image keeps its own id: composited into one, it would get a new
    # id in every figure, and a player would store it once per state.
    ax.figure.suppressComposite = True
    art: Artists = {"images": [], "bars": []}
    for j, (img, row, truth) in enumerate(zip(imgs, p, true_classes, strict=True)):
        left = j * gap
        mid = left + (k - 1) / 2
        art["images"].append(
            ax.imshow(
                img,
                cmap="Greys",
                vmin=0.0,
                vmax=1.0,
                interpolation="nearest",
                extent=(mid - wide / 2, mid + wide / 2, bottom, top),
                gid=f"img{j}",
            )
        )
        colors = [COLORS["accent"] if c == truth else COLORS["main"] for c in range(k)]
        bars = ax.bar(left + np.arange(k), row, width=0.8, color=colors)
        for c, bar in enumerate(bars):
            bar.set_gid(f"d{j}bar{c}")
        art["bars"].append(bars)
        ax.plot([left - 0.5, left + k - 0.5], [0, 0], color=COLORS["ink"], lw=0.8)
        ax.plot([left - 0.5, left + k - 0.5], [1, 1], color=COLORS["muted"], lw=0.6, ls=":")
        for c in range(k):
            ax.text(left + c, -0.04, str(c), ha="center", va="top", fontsize=10)
    ax.text(-0.9, 1.0, "1", ha="right", va="center", fontsize=10)
    ax.text(-0.9, 0.0, "0", ha="right", va="center", fontsize=10)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("auto")
    return art
