"""The book's sliders. Each factory returns an :class:`Explorer`.

Displayed in a notebook with a kernel, an explorer is a live ipywidgets view;
in the built site it is a static player holding every slider state, computed
here. Every number comes from an nllbook function; the callbacks only call
nllbook and the plots in :mod:`nllbook.plots`.

Examples
--------
>>> from nllbook import widgets
>>> ex = widgets.nll_explorer()
>>> ex.numbers(p=0.1)["negative"] == -ex.numbers(p=0.1)["log"]
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import book_data, plots
from . import examples as ex
from ._beyond import (
    bigram_counts,
    bigram_nll,
    bigram_probabilities,
    bits_per_symbol,
    gaussian_nll,
    perplexity,
)
from ._binary import binary_cross_entropy_from_logits, sigmoid
from ._calibration import (
    TopLabel,
    brier_score,
    calibration_curve,
    expected_calibration_error,
    fit_temperature,
    temperature_nll,
    top_label,
)
from ._explorer import Explorer, Numbers, Values
from ._information import cross_entropy, entropy, kl_divergence
from ._likelihood import (
    bernoulli_likelihood_grid,
    bernoulli_nll_grid,
    binary_cross_entropy,
    empirical_distribution,
    likelihood,
    nll,
    nll_steps,
)
from ._logits import cross_entropy_from_logits, log_softmax, smooth_labels, softmax
from ._predict import Prediction
from ._slider import Slider
from ._style import COLORS, NARROW
from ._text import fmt_number, note, quantity, word_steps
from ._underflow import running_log_sum, running_product, underflow_point

__all__ = [
    "Explorer",
    "Slider",
    "all_explorers",
    "bigram_smoothing_explorer",
    "calibration_explorer",
    "classifier_explorer",
    "coin_likelihood_explorer",
    "cross_entropy_explorer",
    "dice_entropy_explorer",
    "errata_explorer",
    "gaussian_explorer",
    "kl_directions_explorer",
    "label_smoothing_explorer",
    "log_base_explorer",
    "nll_explorer",
    "rolls_explorer",
    "scoring_rule_explorer",
    "sigmoid_bce_explorer",
    "soft_label_bce_explorer",
    "temperature_explorer",
    "training_explorer",
    "underflow_explorer",
]

NLL_WORDS = ("Negative", "Log", "Likelihood")

#: Margins of a figure with two panels stacked (phones first; see _style).
TWO_PANELS = {"top": 0.93, "bottom": 0.1, "left": 0.19, "hspace": 0.55}
CE_WORDS = ("Cross", "Entropy")
FACES = ("1", "2", "3", "4", "5", "6")

# The chapters' data live in nllbook.examples; these names stay importable here.
COIN_FLIPS = ex.COIN_FLIPS
PRACTICE_LOGITS = ex.PRACTICE_LOGITS
PRACTICE_TARGET = ex.PRACTICE_TARGET
simulated_rolls = ex.simulated_rolls


def _infinity_note(value: float) -> str:
    return note(
        "The model gave the observed outcome probability 0, "
        "so its log is −∞ and the loss is infinite: no finite penalty is large enough "
        "for calling the truth impossible.",
        bool(np.isinf(value)),
    )


# -- Start: what a classifier outputs ------------------------------------------------------


def classifier_explorer() -> Explorer:
    """Pick the true class of the article's 4-class output; see its likelihood and NLL."""
    probs = ex.FOUR_CLASS_PROBS

    def compute(true_class: float) -> Numbers:
        k = int(true_class) - 1
        onehot = np.eye(probs.size)[k]
        lik = float(likelihood(probs, onehot))
        return {
            "likelihood": lik,
            "log": nll_steps(lik).log_likelihood,
            "nll": float(nll(probs, k)),
        }

    def describe(v: Values, n: Numbers) -> str:
        k = int(v["true_class"]) - 1
        onehot = ", ".join("1" if i == k else "0" for i in range(probs.size))
        terms = " + ".join(f"{1 if i == k else 0}·{q:g}" for i, q in enumerate(probs))
        return f"<p>True class {k + 1} as a one-hot vector: [{onehot}].</p>" + word_steps(
            NLL_WORDS,
            [
                (2, terms, quantity("likelihood", n["likelihood"])),
                (1, "ln(likelihood)", quantity("log", n["log"])),
                (0, "−ln(likelihood)", quantity("nll", n["nll"])),
            ],
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        plots.bar_distribution(
            ax,
            probs,
            labels=["class 1", "class 2", "class 3", "class 4"],
            highlight=int(v["true_class"]) - 1,
            title="Model output; true class in orange",
        )

    return Explorer(
        key="classifier",
        print_states=[{"true_class": c} for c in (1.0, 2.0, 3.0, 4.0)],
        predict=Prediction(
            "what will the loss be if the true class is the first one?",
            at={"true_class": 1.0},
            number="nll",
            unit="nats",
            where="true class 1",
        ),
        title="Which class is the true one?",
        sliders=[Slider("true_class", "True class", (1.0, 2.0, 3.0, 4.0), 4.0, ".0f")],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"true class {v['true_class']:.0f}, loss {fmt_number(n['nll'], '.2f')} nats"
        ),
        alt="Bar chart of the probabilities 0.1, 0.3, 0.5 and 0.1 for four classes, "
        "with the true class drawn in orange.",
        caption="The classifier's output for one input. Only the bar of the true class "
        "enters the likelihood.",
    )


# -- Negative ------------------------------------------------------------------------------


def nll_explorer() -> Explorer:
    """Slide the true-class probability q_y; follow Likelihood → Log → Negative."""

    def compute(p: float) -> Numbers:
        s = nll_steps(p)
        return {
            "likelihood": s.likelihood,
            "log": s.log_likelihood,
            "negative": s.negative_log_likelihood,
        }

    def describe(v: Values, n: Numbers) -> str:
        return word_steps(
            NLL_WORDS,
            [
                (2, "q<sub>y</sub>", quantity("likelihood", n["likelihood"])),
                (1, "ln q<sub>y</sub>", quantity("log", n["log"])),
                (0, "−ln q<sub>y</sub>", quantity("negative", n["negative"])),
            ],
        ) + _infinity_note(n["negative"])

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        plots.neg_log_curve(fig.add_subplot(), p=v["p"])

    return Explorer(
        key="nll",
        drag=("p", 0),
        print_states=[{"p": p} for p in (0.01, 0.1, 0.5, 1.0)],
        predict=Prediction(
            "where will the loss be at q_y = 0.5?",
            at={"p": 0.5},
            number="negative",
            unit="nats",
            where="q_y = 0.50",
        ),
        title="Negative log-likelihood of one prediction",
        sliders=[Slider.linspace("p", "Probability of the true class, q_y", 0.0, 1.0, 101, 0.1)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: f"q_y = {v['p']:.2f}, loss {fmt_number(n['negative'], '.2f')} nats",
        alt="The curve minus ln q_y, falling from very large values near q_y = 0 to zero at "
        "q_y = 1, with a dot at the chosen q_y.",
        caption="The loss −ln q_y. It is 0 only for a certain and correct prediction and grows "
        "without bound as q_y goes to 0.",
    )


# -- Likelihood ----------------------------------------------------------------------------


def coin_likelihood_explorer() -> Explorer:
    """Fixed coin flips, moving parameter θ: the likelihood peaks at the frequency."""
    y = COIN_FLIPS

    def compute(theta: float) -> Numbers:
        lik = float(bernoulli_likelihood_grid(y, theta))
        total = float(bernoulli_nll_grid(y, theta))
        return {
            "likelihood": lik,
            "log": 0.0 - total,
            "negative": total,
            "frequency": float(empirical_distribution(y.astype(int), 2)[1]),
        }

    def describe(v: Values, n: Numbers) -> str:
        heads, tails = int(y.sum()), int(y.size - y.sum())
        t = v["theta"]
        return (
            f"<p>Data (fixed): {heads} heads and {tails} tails. "
            f"Each head contributes a factor θ, each tail 1 − θ.</p>"
            + word_steps(
                NLL_WORDS,
                [
                    (
                        2,
                        f"θ<sup>{heads}</sup>(1 − θ)<sup>{tails}</sup> at θ = {t:.2f}",
                        quantity("likelihood", n["likelihood"], ".3e"),
                    ),
                    (1, "ln L(θ)", quantity("log", n["log"])),
                    (0, "−ln L(θ)", quantity("negative", n["negative"])),
                ],
            )
            + "<p>The maximum is at θ = "
            + quantity("frequency", n["frequency"], ".2f")
            + ", the fraction of heads.</p>"
            + _infinity_note(n["negative"])
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        plots.likelihood_curve(fig.add_subplot(), y, theta=v["theta"])

    return Explorer(
        key="coin",
        drag=("theta", 0),
        print_states=[{"theta": t} for t in (0.2, 0.5, 0.7, 0.96)],
        predict=Prediction(
            "what will the negative log-likelihood of the ten flips be at θ = 0.7?",
            at={"theta": 0.7},
            number="negative",
            unit="nats",
            where="θ = 0.70",
        ),
        title="Likelihood of a coin's parameter, data fixed",
        sliders=[Slider.linspace("theta", "Coin parameter θ", 0.0, 1.0, 51, 0.5)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"θ = {v['theta']:.2f}, likelihood {fmt_number(n['likelihood'], '.2e')}, "
            f"loss {fmt_number(n['negative'], '.2f')} nats"
        ),
        margins={"left": 0.24},
        alt="A hump-shaped likelihood curve over theta from 0 to 1 with its peak at 0.7, a "
        "dashed line at 0.7 and a dot at the chosen theta.",
        caption="The same ten flips scored under every θ. The data never change; only the "
        "parameter does, and the likelihood is largest at the observed frequency.",
    )


# -- Log -----------------------------------------------------------------------------------


def underflow_explorer(p: float = 0.1, n_max: int = 400) -> Explorer:
    """Multiply m probabilities p: the product underflows, the sum of logs does not."""
    ps = np.full(n_max, p)
    f64, f32 = running_product(ps, np.float64), running_product(ps, np.float32)
    logs = running_log_sum(ps)

    def compute(n: float) -> Numbers:
        k = int(n)
        return {
            "product64": float(f64[k - 1]),
            "product32": float(f32[k - 1]),
            "logsum": float(logs[k - 1]),
            "zero64": float(underflow_point(p, np.float64)),
            "zero32": float(underflow_point(p, np.float32)),
        }

    def show_product(name: str, value: float) -> str:
        if value == 0:
            return quantity(name, value, ".0f") + " (underflow: the true value is not 0)"
        return quantity(name, value, ".3e")

    def describe(v: Values, n: Numbers) -> str:
        k = int(v["n"])
        return (
            f"<p>Likelihood of {k} independent samples, each given probability {p:g}:</p>"
            "<ul>"
            f"<li>product in float64: {show_product('product64', n['product64'])}</li>"
            f"<li>product in float32: {show_product('product32', n['product32'])}</li>"
            f"<li>sum of logs: {quantity('logsum', n['logsum'], '.2f')} (always finite)</li>"
            "</ul>"
            f"<p>The float64 product reaches 0 at {quantity('zero64', n['zero64'], '.0f')} "
            f"factors, the float32 one at {quantity('zero32', n['zero32'], '.0f')}.</p>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        plots.underflow_plot(fig.add_subplot(), p, n_max, n=int(v["n"]))

    return Explorer(
        key="underflow",
        predict=Prediction(
            "what will the sum of the logs be at m = 100?",
            at={"n": 100.0},
            number="logsum",
            digits=2,
            where="m = 100",
        ),
        drag=("n", 0),
        print_states=[{"n": n} for n in (10.0, 50.0, 310.0, 330.0)],
        title="Products underflow; sums of logs do not",
        sliders=[
            Slider(
                "n",
                "Number of samples, m",
                tuple(float(k) for k in range(10, n_max + 1, 10)),
                50.0,
                ".0f",
            )
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"m = {v['n']:.0f}, float64 product {fmt_number(n['product64'], '.2e')}, "
            f"float32 product {fmt_number(n['product32'], '.2e')}, "
            f"sum of logs {fmt_number(n['logsum'], '.2f')}"
        ),
        alt="Log-scale likelihood against the number of samples: a straight line for the sum "
        "of logs, and two dashed product lines that stop where float32 and float64 reach zero.",
        caption="The sum of logs is a straight line for ever. The products follow it until "
        "they fall below the smallest number their type can hold, then become exactly 0.",
        figsize=(NARROW, 3.2),
    )


def log_base_explorer() -> Explorer:
    """The same loss in nats and in bits."""

    def compute(p: float) -> Numbers:
        two = [p, 1 - p]
        return {
            "nats": float(nll(two, 0)),
            "bits": float(nll(two, 0)) / float(np.log(2)),
            "bits_direct": float(cross_entropy([1.0, 0.0], two, base=2)),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>The loss for q<sub>y</sub> = {v['p']:.2f}: −ln q<sub>y</sub> = "
            f"{quantity('nats', n['nats'])} nats (natural log) = "
            f"{quantity('bits_direct', n['bits_direct'])} bits (−log<sub>2</sub> q<sub>y</sub>)."
            "</p>"
            "<p>Changing the base only rescales the loss, by ln 2 ≈ 0.693; the best model is "
            "the same in either unit.</p>" + _infinity_note(n["nats"])
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax1, ax2 = fig.subplots(2, 1, sharex=True)
        plots.neg_log_curve(ax1, p=v["p"])
        plots.neg_log_curve(ax2, p=v["p"], base=2, gid_prefix="bits_")

    return Explorer(
        key="logbase",
        drag=("p", 1),
        print_states=[{"p": p} for p in (0.1, 0.5, 1.0)],
        predict=Prediction(
            "how many bits is the loss at q_y = 0.1?",
            at={"p": 0.1},
            number="bits",
            unit="bits",
            where="q_y = 0.10",
        ),
        title="Nats or bits",
        sliders=[Slider.linspace("p", "Probability of the true class, q_y", 0.0, 1.0, 51, 0.5)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"q_y = {v['p']:.2f}, {fmt_number(n['nats'], '.3f')} nats = "
            f"{fmt_number(n['bits_direct'], '.3f')} bits"
        ),
        alt="Two identical-looking curves of the loss against q_y, the upper in nats (minus "
        "ln q_y) and the lower in bits (minus log2 q_y), whose vertical scales differ by a "
        "factor of about 1.44.",
        caption="The same loss in two units. The curves have the same shape; only the scale "
        "of the vertical axis changes.",
        figsize=(NARROW, 5.6),
        margins=TWO_PANELS,
    )


# -- Entropy -------------------------------------------------------------------------------


def _die_towards_six(t: float) -> np.ndarray:
    """A die whose face six has taken a fraction t of the mass from the fair die."""
    return np.asarray((1 - t) * ex.FAIR_DIE + t * np.eye(6)[5], dtype=float)


def dice_entropy_explorer() -> Explorer:
    """Move probability mass to face six and watch the entropy fall."""

    def compute(t: float) -> Numbers:
        p = _die_towards_six(t)
        return {
            "p_six": float(p[5]),
            "p_other": float(p[0]),
            "surprise_six": float(nll(p, 5)),
            "surprise_other": float(nll(p, 0)),
            "entropy": float(entropy(p)),
            "entropy_bits": float(entropy(p, base=2)),
            "max_entropy": float(entropy(ex.FAIR_DIE)),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>P(six) = {quantity('p_six', n['p_six'], '.3f')}, each other face "
            f"{quantity('p_other', n['p_other'], '.3f')}.</p>"
            "<ul>"
            f"<li>Surprise of a six, −ln P(six): {quantity('surprise_six', n['surprise_six'])}"
            "</li>"
            f"<li>Surprise of any other face: "
            f"{quantity('surprise_other', n['surprise_other'])}</li>"
            f"<li><mark class='nllbook-word'>Entropy</mark>, the average surprise: "
            f"{quantity('entropy', n['entropy'])} nats = "
            f"{quantity('entropy_bits', n['entropy_bits'])} bits</li>"
            "</ul>"
            f"<p>The fair die's entropy, ln 6 = {quantity('max_entropy', n['max_entropy'])} "
            "nats, is the largest any six-sided die can have.</p>"
            + note(
                "The other faces now have probability 0: they never "
                "come up, so their surprise (∞) is never paid and they add nothing to the "
                "average (0 · ln 0 = 0). A die that always shows six has entropy 0.",
                bool(np.isinf(n["surprise_other"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        plots.surprise_bars(fig.add_subplot(), _die_towards_six(v["t"]), labels=FACES)

    return Explorer(
        key="dice",
        print_states=[{"t": t} for t in (0.0, 0.4, 0.94, 1.0)],
        predict=Prediction(
            "what is the entropy of the fair die, with no mass moved (t = 0)?",
            at={"t": 0.0},
            number="entropy",
            unit="nats",
        ),
        title="How random is this die?",
        sliders=[Slider.linspace("t", "Mass moved to six, t", 0.0, 1.0, 51, 0.4)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: f"t = {v['t']:.2f}, entropy {fmt_number(n['entropy'], '.3f')} nats",
        alt="Paired bars for faces one to six: the probability of each face and its "
        "contribution to the entropy.",
        caption="Blue: each face's probability. Orange: its share of the entropy, "
        "probability times surprise; the orange bars add up to the entropy. t = 0 is the fair "
        "die, t = 0.4 the biased die and t = 0.94 the very biased die.",
    )


# -- Cross-entropy -------------------------------------------------------------------------


def cross_entropy_explorer() -> Explorer:
    """Observed die frequencies p against a belief q that drifts towards six."""
    p = ex.OBSERVED_DIE
    ts = np.linspace(0, 1, 51)
    beliefs = np.stack([_die_towards_six(t) for t in ts])

    def compute(t: float) -> Numbers:
        q = _die_towards_six(t)
        return {
            "ce": float(cross_entropy(p, q)),
            "h": float(entropy(p)),
            "kl": float(kl_divergence(p, q)),
            "ce_reversed": float(cross_entropy(q, p)),
            "kl_reversed": float(kl_divergence(q, p)),
        }

    def describe(v: Values, n: Numbers) -> str:
        return word_steps(
            CE_WORDS,
            [
                (1, "H(p) = −Σ p ln p, the data's own randomness", quantity("h", n["h"])),
                (
                    0,
                    "H(p, q) = −Σ p ln q, the data scored by the belief q",
                    quantity("ce", n["ce"]),
                ),
            ],
        ) + (
            f"<p>The gap H(p, q) − H(p) is the KL divergence, "
            f"{quantity('kl', n['kl'])} nats, never negative.</p>"
            f"<p>Swapping the roles gives H(q, p) = {quantity('ce_reversed', n['ce_reversed'])}"
            f" and KL(q‖p) = {quantity('kl_reversed', n['kl_reversed'])}: a different "
            "question with a different answer.</p>"
            + note(
                "At t = 1 the belief gives faces 1 to 5 probability 0, "
                "yet the data contain them: each such roll costs −ln 0 = ∞, so H(p, q) and "
                "KL(p‖q) are infinite. The reversed direction stays finite because q puts no "
                "weight on those faces.",
                bool(np.isinf(n["ce"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax1, ax2 = fig.subplots(2, 1)
        plots.compare_bars(
            ax1,
            p,
            _die_towards_six(v["t"]),
            labels=FACES,
            names=("p: observed", "q: belief"),
            ylim=1.05,
        )
        ces = cross_entropy(p, beliefs)
        plots.curve_with_marker(
            ax2,
            ts,
            ces,
            v["t"],
            n["ce"],
            xlabel="belief's mass on six, t",
            ylabel="nats",
            label="H(p, q)",
            ylim=(1.6, 4.0),
            name="H(p, q)",
        )
        ax2.axhline(n["h"], color=COLORS["good"], ls="--", lw=1, label="H(p)")
        # Fixed limits: the marker pinned at t = 1 would otherwise widen them
        # in that one state, and the figure would shift under the pointer.
        ax2.set_xlim(-0.05, 1.05)
        ax2.legend(loc="upper left", fontsize=10, frameon=False)

    return Explorer(
        key="crossentropy",
        drag=("t", 1),
        print_states=[{"t": t} for t in (0.0, 0.4, 1.0)],
        predict=Prediction(
            "what will the cross-entropy be at t = 0.5, halfway to six?",
            at={"t": 0.5},
            number="ce",
            unit="nats",
        ),
        title="Scoring the observed rolls with a belief",
        sliders=[Slider.linspace("t", "Belief's mass moved to six, t", 0.0, 1.0, 51, 0.0)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"t = {v['t']:.2f}, cross-entropy {fmt_number(n['ce'], '.3f')} nats, "
            f"KL {fmt_number(n['kl'], '.3f')} nats"
        ),
        alt="Left: bars of the observed face frequencies beside the belief's probabilities. "
        "Right: cross-entropy against the belief parameter, above a dashed line at the "
        "entropy of the observed frequencies.",
        caption="The cross-entropy is smallest when the belief is closest to the data, and it "
        "never goes below the data's own entropy (dashed).",
        figsize=(NARROW, 5.6),
        margins=TWO_PANELS,
    )


# -- NLL is cross-entropy ------------------------------------------------------------------


def rolls_explorer() -> Explorer:
    """Mean NLL of m simulated rolls equals the cross-entropy of their frequencies."""
    q = ex.BIASED_DIE

    def compute(m: float) -> Numbers:
        rolls = simulated_rolls(int(m))
        p_hat = empirical_distribution(rolls, 6)
        mean_nll = float(nll(q[None, :], rolls))  # (1, K): one model, many rolls
        ce = float(cross_entropy(p_hat, q))
        out = {
            "mean_nll": mean_nll,
            "ce": ce,
            "gap": abs(mean_nll - ce),
            "ce_true": float(cross_entropy(ex.OBSERVED_DIE, q)),
        }
        out.update({f"count{i + 1}": float(c) for i, c in enumerate(p_hat * int(m))})
        return out

    def describe(v: Values, n: Numbers) -> str:
        m = int(v["m"])
        counts = ", ".join(quantity(f"count{i}", n[f"count{i}"], ".0f") for i in range(1, 7))
        return word_steps(
            ("Negative", "Log", "Likelihood", "=", "Cross", "Entropy"),
            [
                (
                    2,
                    f"one −ln q(y<sub>i</sub>) per roll, {m} rolls, averaged",
                    quantity("mean_nll", n["mean_nll"], ".6f"),
                ),
                (
                    4,
                    "regrouped by face: Σ<sub>k</sub> (c<sub>k</sub>/m) · (−ln q<sub>k</sub>)",
                    quantity("ce", n["ce"], ".6f"),
                ),
            ],
        ) + (
            f"<p>Counts of faces 1 to 6: {counts}. The two numbers differ by "
            f"{quantity('gap', n['gap'], '.1e')}, rounding only. As m grows the frequencies "
            f"approach the die's, and both approach H(p, q) = "
            f"{quantity('ce_true', n['ce_true'], '.4f')}.</p>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        p_hat = empirical_distribution(simulated_rolls(int(v["m"])), 6)
        plots.compare_bars(
            fig.add_subplot(),
            p_hat,
            ex.OBSERVED_DIE,
            labels=FACES,
            names=("frequencies in the rolls", "the die's true p"),
            ylim=0.5,
        )

    return Explorer(
        key="rolls",
        predict=Prediction(
            "what will the mean NLL of the rolls be after 6000 of them?",
            at={"m": 6000.0},
            number="mean_nll",
            unit="nats",
            where="6000 rolls",
        ),
        print_states=[{"m": m} for m in (6.0, 60.0, 600.0, 6000.0)],
        title="Mean NLL of rolls = cross-entropy of their frequencies",
        sliders=[
            Slider(
                "m",
                "Number of rolls, m",
                (6.0, 12.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 3000.0, 6000.0),
                60.0,
                ".0f",
            )
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"m = {v['m']:.0f}, mean NLL {fmt_number(n['mean_nll'], '.4f')}, "
            f"cross-entropy {fmt_number(n['ce'], '.4f')} nats"
        ),
        alt="Bars of the face frequencies in the simulated rolls beside the die's true "
        "probabilities.",
        caption="The frequencies of the first m simulated rolls (blue) and the probabilities "
        "they were drawn from (orange). The model q scoring them is the biased die.",
    )


# -- Errata --------------------------------------------------------------------------------


def errata_explorer() -> Explorer:
    """Step through every worked example: computed value against the article's."""
    items = ex.ALL
    longest_note = max((e.note or "" for e in items), key=len)

    def compute(index: float) -> Numbers:
        item = items[int(index) - 1]
        out = {"computed": item.value}
        if item.article_value is not None:
            out["printed"] = item.article_value
            out["difference"] = item.value - item.article_value
        return out

    def describe(v: Values, n: Numbers) -> str:
        item = items[int(v["index"]) - 1]
        printed = item.printed if item.printed is not None else "none"
        return (
            f"<p><b>{item.title}</b> ({ex.ARTICLES[item.article]})</p>"
            f"<p>nllbook: <code>{item.expression}</code> = "
            f"{quantity('computed', n['computed'], '.6f')}<br>"
            f"Printed in the article: {printed} — <b>{item.status}</b></p>"
            + note(item.note or longest_note, bool(item.note))
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        values = [e.value for e in items]
        printed = [e.article_value if e.article_value is not None else np.nan for e in items]
        k = int(v["index"]) - 1
        y = np.arange(len(items))
        ax.barh(
            y,
            np.sign(values) * np.log10(1 + np.abs(values)),
            color=[COLORS["accent"] if i == k else COLORS["main"] for i in y],
        )
        ax.plot(
            np.sign(printed) * np.log10(1 + np.abs(printed)),
            y,
            "|",
            color="black",
            ms=12,
            mew=2,
            label="printed in the article",
        )
        # Numbered as on the slider: names would not fit beside the bars on a phone.
        ax.set_yticks(y, [str(i + 1) for i in y], fontsize=10)
        ax.set_ylabel("worked example")
        ax.invert_yaxis()
        ax.set_xlabel("sign(x)·log10(1 + |x|)")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=10, frameon=False)

    return Explorer(
        key="errata",
        predict=Prediction(
            "how far from the right value is the article's first printed number?",
            at={"index": 1.0},
            number="difference",
            digits=4,
            where="the first value",
        ),
        print_states=[{"index": i} for i in (2.0, 7.0, 8.0, 12.0)],
        title="Every worked example, recomputed",
        sliders=[
            Slider(
                "index",
                "Worked example",
                tuple(float(i) for i in range(1, len(items) + 1)),
                8.0,
                ".0f",
            )
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"example {v['index']:.0f}: {items[int(v['index']) - 1].title}, "
            f"{items[int(v['index']) - 1].status}"
        ),
        alt="Horizontal bars, one per worked example, with black ticks at the values the "
        "articles printed; the chosen example is orange.",
        caption="Bars: values computed by nllbook. Ticks: values printed in the articles, "
        "where they printed one. A tick away from the end of its bar is an erratum.",
        figsize=(NARROW, 4.8),
        margins={"left": 0.2, "bottom": 0.12, "top": 0.92},
    )


# -- In practice ---------------------------------------------------------------------------


def temperature_explorer() -> Explorer:
    """Divide the logits by a temperature T: softmax sharpens or flattens, the loss follows."""
    z, y = PRACTICE_LOGITS, PRACTICE_TARGET
    temps = tuple(float(f"{t:.2f}") for t in np.geomspace(0.1, 10.0, 41))
    curve_t = np.geomspace(0.1, 10.0, 200)

    def compute(T: float) -> Numbers:
        probs = softmax(z / T)
        out = {f"q{i + 1}": float(q) for i, q in enumerate(probs)}
        out["log"] = float(log_softmax(z / T)[y])
        out["loss"] = float(cross_entropy_from_logits(z / T, y))
        out["max_entropy"] = float(np.log(z.size))
        return out

    def describe(v: Values, n: Numbers) -> str:
        probs = ", ".join(quantity(f"q{i}", n[f"q{i}"]) for i in range(1, z.size + 1))
        return (
            f"<p>Logits z = [{', '.join(f'{x:g}' for x in z)}] divided by T = {v['T']:.2f}; "
            f"softmax gives [{probs}].</p>"
            + word_steps(
                NLL_WORDS,
                [
                    (2, "softmax(z/T) of the true class 1", quantity("q1", n["q1"])),
                    (1, "log_softmax(z/T), computed stably", quantity("log", n["log"])),
                    (0, "cross-entropy from logits", quantity("loss", n["loss"])),
                ],
            )
            + "<p>Large T flattens the probabilities towards uniform (loss towards ln 4 = "
            + quantity("max_entropy", n["max_entropy"])
            + "); small T sharpens them towards the largest logit.</p>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax1, ax2 = fig.subplots(2, 1)
        plots.bar_distribution(
            ax1,
            softmax(z / v["T"]),
            labels=["1", "2", "3", "4"],
            highlight=y,
            title="softmax(z / T); true class orange",
        )
        losses = cross_entropy_from_logits(
            z[None, :] / curve_t[:, None], np.full(curve_t.size, y), reduction="none"
        )
        plots.curve_with_marker(
            ax2,
            curve_t,
            losses,
            v["T"],
            n["loss"],
            xlabel="temperature T",
            ylabel="loss (nats)",
            ylim=(0, 1.6),
        )
        ax2.set_xscale("log")
        # Plain labels: clearer than 10^k, and no maths typesetting to start up.
        ax2.set_xticks([0.1, 1.0, 10.0], ["0.1", "1", "10"])

    return Explorer(
        key="temperature",
        predict=Prediction(
            "what probability will the top class keep at T = 10?",
            at={"T": 10.0},
            number="q1",
            where="T = 10",
        ),
        drag=("T", 1),
        print_states=[{"T": t} for t in (0.1, 1.0, 10.0)],
        title="From logits to loss, with a temperature",
        sliders=[Slider("T", "Temperature T", temps, 1.0, ".2f")],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: f"T = {v['T']:.2f}, loss {fmt_number(n['loss'], '.3f')} nats",
        alt="Left: softmax probabilities of four classes at the chosen temperature. Right: "
        "the loss against temperature on a log scale, with a dot at the chosen value.",
        caption="Dividing the logits by T changes how confident the softmax is. Because the "
        "true class has the largest logit here, a sharper softmax lowers the loss.",
        figsize=(NARROW, 5.6),
        margins=TWO_PANELS,
    )


def label_smoothing_explorer() -> Explorer:
    """Smooth the one-hot target; the loss can no longer reach 0: its floor is H(target)."""
    z, y, k = PRACTICE_LOGITS, PRACTICE_TARGET, PRACTICE_LOGITS.size
    eps_curve = np.linspace(0, 1, 101)

    def smoothed(eps: float) -> np.ndarray:
        return np.asarray(smooth_labels(np.eye(k)[y], eps), dtype=float)

    def compute(eps: float) -> Numbers:
        t = smoothed(eps)
        return {
            "target_true": float(t[y]),
            "target_other": float(t[(y + 1) % k]),
            "loss": float(cross_entropy_from_logits(z, y, label_smoothing=eps)),
            "floor": float(entropy(t)),
            "best_loss": float(cross_entropy(t, t)),
            "gap": float(kl_divergence(t, softmax(z))),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>With smoothing ε = {v['eps']:.2f} the target puts "
            f"{quantity('target_true', n['target_true'])} on the true class and "
            f"{quantity('target_other', n['target_other'])} on each other class.</p>"
            "<ul>"
            f"<li>loss of this model (logits z): {quantity('loss', n['loss'])}</li>"
            f"<li>floor, the target's entropy H(t): {quantity('floor', n['floor'])}</li>"
            f"<li>loss of the best possible model, q = t: {quantity('best_loss', n['best_loss'])}"
            "</li>"
            f"<li>what is left to learn, KL(t‖q): {quantity('gap', n['gap'])}</li>"
            "</ul>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax1, ax2 = fig.subplots(2, 1)
        plots.compare_bars(
            ax1,
            smoothed(v["eps"]),
            softmax(z),
            labels=["1", "2", "3", "4"],
            names=("target t", "model q"),
            ylim=1.05,
        )
        floors = entropy(np.stack([smoothed(e) for e in eps_curve]))
        plots.curve_with_marker(
            ax2,
            eps_curve,
            floors,
            v["eps"],
            n["floor"],
            xlabel="label smoothing ε",
            ylabel="nats",
            label="floor H(t)",
            ylim=(0, 1.6),
        )
        ax2.legend(loc="upper left", fontsize=10, frameon=False)

    return Explorer(
        key="smoothing",
        drag=("eps", 1),
        print_states=[{"eps": e} for e in (0.0, 0.1, 0.5, 1.0)],
        predict=Prediction(
            "with no smoothing (ε = 0), what is the lowest loss any model could reach?",
            at={"eps": 0.0},
            number="floor",
            unit="nats",
            where="ε = 0.00",
        ),
        title="Label smoothing and the loss floor",
        sliders=[Slider.linspace("eps", "Label smoothing ε", 0.0, 1.0, 51, 0.1)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"ε = {v['eps']:.2f}, loss {fmt_number(n['loss'], '.3f')} nats, "
            f"floor {fmt_number(n['floor'], '.3f')} nats"
        ),
        alt="Left: bars of the smoothed target beside the model's probabilities. Right: the "
        "lowest reachable loss, the target's entropy, rising with the smoothing.",
        caption="A smoothed target is no longer certain, so even a perfect model pays its "
        "entropy: the floor of the loss rises from 0 at ε = 0 to ln 4 at ε = 1.",
        figsize=(NARROW, 5.6),
        margins=TWO_PANELS,
    )


def sigmoid_bce_explorer() -> Explorer:
    """A confident wrong logit: the probability form overflows to ∞, the logits form does not."""
    xs = tuple(float(x) for x in range(-40, 41, 2))
    label = 0.0
    curve_x = np.linspace(-40, 40, 161)

    def compute(x: float) -> Numbers:
        p32 = sigmoid(np.float32(x))
        return {
            "p64": float(sigmoid(x)),
            "p32": float(p32),
            "one_minus_p32": float(np.float32(1) - p32),
            "naive32": float(binary_cross_entropy(np.float32(label), p32)),
            "from_logits": float(binary_cross_entropy_from_logits(x, label)),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>Label y = 0, logit z = {v['x']:.0f}.</p><ul>"
            f"<li>σ(z) in float64: {quantity('p64', n['p64'], '.10g')}; in float32: "
            f"{quantity('p32', n['p32'], '.10g')}</li>"
            f"<li>1 − σ(z) in float32: {quantity('one_minus_p32', n['one_minus_p32'], '.3g')}</li>"
            f"<li>BCE from the float32 probability, −ln(1 − σ(z)): "
            f"{quantity('naive32', n['naive32'])}</li>"
            f"<li>BCE from the logit, max(z, 0) − z·y + ln(1 + e<sup>−|z|</sup>): "
            f"{quantity('from_logits', n['from_logits'])}</li></ul>"
            + note(
                "σ(z) has rounded to exactly 1 in float32, so the "
                "probability form takes the log of 0 and reports an infinite loss. The true loss "
                "is finite, and the logits form computes it.",
                bool(np.isinf(n["naive32"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        good = binary_cross_entropy_from_logits(curve_x, np.zeros_like(curve_x), "none")
        naive = np.asarray(
            binary_cross_entropy(
                np.zeros(curve_x.size, np.float32), sigmoid(curve_x.astype(np.float32)), "none"
            )
        )
        finite = np.isfinite(naive)
        ax.plot(
            curve_x[finite],
            naive[finite],
            color=COLORS["warn"],
            lw=3,
            label="from σ(z) in float32\n(∞ where the line stops)",
        )
        plots.curve_with_marker(
            ax,
            curve_x,
            good,
            v["x"],
            n["from_logits"],
            xlabel="logit z (label y = 0)",
            ylabel="loss (nats)",
            ylim=(0, 42),
            label="from the logit",
        )
        ax.legend(loc="upper left", fontsize=10, frameon=False)

    return Explorer(
        key="sigmoid",
        drag=("x", 0),
        print_states=[{"x": x} for x in (0.0, 10.0, 20.0, 40.0)],
        predict=Prediction(
            "what probability does the logit x = 0 give?",
            at={"x": 0.0},
            number="p64",
            where="x = 0",
        ),
        title="Why losses take logits: a float32 sigmoid rounds to 1",
        sliders=[Slider("x", "Logit z", xs, 20.0, ".0f")],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"z = {v['x']:.0f}, from the float32 probability "
            f"{fmt_number(n['naive32'], '.3f')} nats, from the logit "
            f"{fmt_number(n['from_logits'], '.3f')} nats"
        ),
        alt="Binary cross-entropy for label 0 against the logit: the logits form rises as a "
        "straight line; the float32 probability form follows it and then stops, where it "
        "becomes infinite.",
        caption="For a wrong, confident logit the loss should grow like z. Computed from a "
        "float32 probability it jumps to infinity once σ(z) rounds to 1.",
    )


# -- Two sliders ---------------------------------------------------------------------------


def _bernoulli(p: np.ndarray | float) -> np.ndarray:
    """Probabilities (p, 1 − p) of a two-outcome distribution, last axis."""
    a = np.asarray(p, dtype=float)
    return np.stack([a, 1 - a], axis=-1)


def soft_label_bce_explorer() -> Explorer:
    """A soft label y and a prediction ŷ: the loss is lowest at ŷ = y, and that
    lowest value is the label's own entropy H(y), not 0."""
    grid = tuple(float(f"{k / 10:.1f}") for k in range(11))
    curve_x = np.linspace(0.0, 1.0, 101)

    def compute(y: float, y_hat: float) -> Numbers:
        return {
            "loss": float(binary_cross_entropy(y, y_hat)),
            "floor": float(entropy(_bernoulli(y))),
            "best": float(binary_cross_entropy(y, y)),
            "gap": float(kl_divergence(_bernoulli(y), _bernoulli(y_hat))),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>Label y = {v['y']:.2f} (the share of class 1 the target asks for), "
            f"prediction ŷ = {v['y_hat']:.2f}.</p><ul>"
            f"<li>loss −[y ln ŷ + (1 − y) ln(1 − ŷ)]: {quantity('loss', n['loss'])}</li>"
            f"<li>the lowest loss over every ŷ, reached at ŷ = y: "
            f"{quantity('best', n['best'])}</li>"
            f"<li>the label's entropy H(y): {quantity('floor', n['floor'])}</li>"
            f"<li>what is left to learn, KL(y‖ŷ): {quantity('gap', n['gap'])}</li></ul>"
            + note(
                "The prediction calls an outcome impossible that the label still wants "
                "(ŷ is 0 or 1 while y is not): the loss is infinite.",
                bool(np.isinf(n["loss"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        y = v["y"]
        losses = binary_cross_entropy(np.full(curve_x.size, y), curve_x, reduction="none")
        ax.axhline(n["floor"], color=COLORS["good"], ls="--", lw=1, label="floor H(y)", gid="floor")
        ax.axvline(y, color=COLORS["muted"], lw=1, gid="at_label")
        plots.curve_with_marker(
            ax,
            curve_x,
            losses,
            v["y_hat"],
            n["loss"],
            xlabel="prediction ŷ",
            ylabel="loss (nats)",
            ylim=(0, 3.0),
            label="loss for this y",
        )
        ax.set_xlim(0, 1)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=10, frameon=False, ncol=2)

    return Explorer(
        key="softbce",
        predict=Prediction(
            "with the label at y = 0.7, what is the lowest loss a prediction can reach?",
            at={"y": 0.7, "y_hat": 0.7},
            number="loss",
            unit="nats",
            where="y = ŷ = 0.7",
        ),
        drag=("y_hat", 0),
        print_states=[{"y": 0.7, "y_hat": 0.3}, {"y": 0.7, "y_hat": 0.7}, {"y": 1.0, "y_hat": 0.9}],
        title="A soft label and a prediction",
        sliders=[
            Slider("y", "Label y", grid, 0.7),
            Slider("y_hat", "Prediction ŷ", grid, 0.3),
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"y = {v['y']:.2f}, ŷ = {v['y_hat']:.2f}, loss {fmt_number(n['loss'], '.3f')} "
            f"nats, floor {fmt_number(n['floor'], '.3f')}"
        ),
        alt="The binary cross-entropy against the prediction for the chosen soft label: a "
        "valley whose lowest point lies on a vertical line at the label, and touches a dashed "
        "line at the label's entropy; a dot marks the chosen prediction.",
        caption="Moving y reshapes the whole curve; moving ŷ only moves the dot. The valley "
        "always bottoms out at ŷ = y, on the dashed floor H(y), which is 0 only for a hard "
        "label.",
        figsize=(NARROW, 3.0),
        margins={"top": 0.86},
    )


def kl_directions_explorer() -> Explorer:
    """Two coins p and q: KL(p‖q) and KL(q‖p) differ, and only one of them is
    infinite when one coin rules out what the other allows."""
    grid = tuple(float(f"{k / 10:.1f}") for k in range(11))
    curve_q = np.linspace(0.0, 1.0, 101)

    def compute(p: float, q: float) -> Numbers:
        bp, bq = _bernoulli(p), _bernoulli(q)
        forward = float(kl_divergence(bp, bq))
        backward = float(kl_divergence(bq, bp))
        out = {"forward": forward, "backward": backward}
        if np.isfinite(forward) and np.isfinite(backward):
            out["difference"] = forward - backward
        return out

    def describe(v: Values, n: Numbers) -> str:
        # The same markup either way, so the player stores only what changes.
        diff = (
            f"The difference: {quantity('difference', n['difference'])}."
            if "difference" in n
            else "The difference: <b>none, as at least one is infinite</b>."
        )
        return (
            f"<p>Coin p gives heads probability {v['p']:.2f}, coin q "
            f"{v['q']:.2f}.</p><ul>"
            f"<li>KL(p‖q), the data p scored by the model q: "
            f"{quantity('forward', n['forward'])} nats</li>"
            f"<li>KL(q‖p), the same coins the other way round: "
            f"{quantity('backward', n['backward'])} nats</li></ul>"
            f"<p>{diff}</p>"
            + note(
                "A coin that rules out heads or tails (probability 0), on the "
                "second side of ‖, against one that allows it gives an infinite divergence; "
                "on the first side, the zero only removes a term.",
                bool(np.isinf(n["forward"]) or np.isinf(n["backward"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        p = v["p"]
        bp = np.broadcast_to(_bernoulli(p), (curve_q.size, 2))
        plots.curve_with_marker(
            ax,
            curve_q,
            kl_divergence(bp, _bernoulli(curve_q)),
            v["q"],
            n["forward"],
            xlabel="coin q",
            ylabel="nats",
            ylim=(0, 2.0),
            label="KL(p‖q)",
            name="KL(p‖q)",
        )
        plots.curve_with_marker(
            ax,
            curve_q,
            kl_divergence(_bernoulli(curve_q), bp),
            v["q"],
            n["backward"],
            xlabel="coin q",
            ylabel="nats",
            ylim=(0, 2.0),
            label="KL(q‖p)",
            name="KL(q‖p)",
            gid_prefix="back_",
            color=COLORS["other"],
            label_row=1,
        )
        ax.axvline(p, color=COLORS["muted"], lw=1, gid="at_p")
        ax.set_xlim(0, 1)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=10, frameon=False, ncol=2)

    return Explorer(
        key="kl",
        drag=("q", 0),
        print_states=[{"p": 0.5, "q": 0.9}, {"p": 0.9, "q": 0.5}, {"p": 0.5, "q": 0.5}],
        predict=Prediction(
            "what is KL(p‖q) when both coins are the same, p = q = 0.5?",
            at={"p": 0.5, "q": 0.5},
            number="forward",
            unit="nats",
        ),
        title="KL divergence, both ways round",
        sliders=[
            Slider("p", "Coin p (the data)", grid, 0.5),
            Slider("q", "Coin q (the model)", grid, 0.9),
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"p = {v['p']:.2f}, q = {v['q']:.2f}, KL(p‖q) {fmt_number(n['forward'], '.3f')}, "
            f"KL(q‖p) {fmt_number(n['backward'], '.3f')} nats"
        ),
        alt="Two curves of the KL divergence against coin q for the chosen coin p, both zero "
        "where q equals p (a vertical line); dots on both curves at the chosen q.",
        caption="Moving p redraws both curves; moving q moves only the dots. Both curves touch "
        "0 at q = p, but away from it they rise at different rates, and only KL(p‖q) shoots "
        "to infinity as q reaches 0 or 1.",
        figsize=(NARROW, 3.0),
        margins={"top": 0.86},
    )


#: Every explorer factory of the book, by key (for tests and benchmarks).
# -- Beyond classification -----------------------------------------------------------------

#: σ values of the Gaussian explorer: finer where the NLL changes fast.
GAUSS_SIGMAS = (0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.14, 0.2)
#: Additive-smoothing strengths of the bigram explorer (0 is no smoothing).
SMOOTHING_STRENGTHS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


def gaussian_explorer() -> Explorer:
    """A normal density N(μ, σ) over twelve measurements: the mean NLL, term by
    term, and how it drops below zero once the density is narrow and well placed."""
    x = book_data.MEASUREMENTS
    mus = (1.74, 1.77, 1.8, 1.83, 1.86)
    grid = np.linspace(1.55, 2.05, 121)

    def compute(mu: float, sigma: float) -> Numbers:
        mse = float(np.mean((x - mu) ** 2))
        return {
            "nll": float(gaussian_nll(x, mu, sigma)),
            "log_sigma": float(np.log(sigma)),
            "const": float(gaussian_nll(0.0, 0.0, 1.0)),  # ½ ln 2π: N(0 | 0, 1)
            "fit": mse / (2 * sigma**2),
            "mse": mse,
            "best_sigma": float(np.sqrt(mse)),
            "best_nll": float(gaussian_nll(x, mu, np.sqrt(mse))),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>Model N(μ = {v['mu']:.2f}, σ = {v['sigma']:.3f}) for the twelve "
            "measurements.</p><ul>"
            f"<li>ln σ: {quantity('log_sigma', n['log_sigma'])}</li>"
            f"<li>½ ln 2π: {quantity('const', n['const'])}</li>"
            f"<li>mean squared error / (2σ²): {quantity('fit', n['fit'])}</li>"
            f"<li><b>mean NLL</b>, the sum of the three: {quantity('nll', n['nll'])} nats</li>"
            f"<li>best σ for this μ, √MSE: {quantity('best_sigma', n['best_sigma'])}, "
            f"mean NLL {quantity('best_nll', n['best_nll'])}</li></ul>"
            + note(
                "The mean NLL is negative: the densities at the measurements have a geometric "
                "mean above 1. A density is not a probability, so nothing is wrong.",
                n["nll"] < 0,
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        dens = np.exp(-gaussian_nll(grid, v["mu"], v["sigma"], reduction="none"))
        at_x = np.exp(-gaussian_nll(x, v["mu"], v["sigma"], reduction="none"))
        ax.axhline(1.0, color=COLORS["muted"], ls="--", lw=1, gid="one")
        ax.plot(grid, dens, color=COLORS["main"], gid="density", label="density")
        ax.plot(x, at_x, "o", color=COLORS["accent"], ms=5, gid="points", label="measurements")
        ax.plot(x, np.zeros_like(x), "|", color=COLORS["accent"], ms=10, gid="rug")
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(0, 22)
        ax.set_xlabel("length (m)")
        ax.set_ylabel("density (per m)")
        ax.legend(loc="upper right", fontsize=10, frameon=False)

    return Explorer(
        key="gauss",
        predict=Prediction(
            "what will the mean NLL be with σ = 0.02 m? (Mind the sign.)",
            at={"sigma": 0.02},
            number="nll",
            unit="nats",
            where="σ = 0.020 m",
        ),
        drag=("mu", 0),
        print_states=[
            {"mu": 1.8, "sigma": 0.1},
            {"mu": 1.8, "sigma": 0.02},
            {"mu": 1.74, "sigma": 0.1},
            {"mu": 1.8, "sigma": 0.2},
        ],
        title="A normal density and twelve measurements",
        sliders=[
            Slider("mu", "Mean μ (m)", mus, 1.80),
            Slider("sigma", "Standard deviation σ (m)", GAUSS_SIGMAS, 0.1, fmt=".3f"),
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"μ = {v['mu']:.2f}, σ = {v['sigma']:.3f}, mean NLL {fmt_number(n['nll'], '.2f')} nats"
        ),
        alt="A bell curve over a length axis with twelve measurements marked on it; a dashed "
        "line at density 1.",
        caption="Each measurement's loss is minus the log of the height of the curve above "
        "it. Where the curve is above the dashed line (density 1) that loss is negative.",
        figsize=(NARROW, 3.0),
        margins={"top": 0.95, "left": 0.16, "bottom": 0.17},
    )


def bigram_smoothing_explorer() -> Explorer:
    """A character bigram model of the book's prose: additive smoothing α trades
    fit to the training text against the held-out text's pairs it never saw."""
    train, held_out = book_data.book_prose()
    abc = book_data.ALPHABET
    counts = bigram_counts(train, abc)
    positive = np.array(SMOOTHING_STRENGTHS[1:])
    curve_k = np.geomspace(positive[0], positive[-1], 61)

    def ppl(text: str, k: float) -> float:
        return float(perplexity(bigram_nll(text, bigram_probabilities(counts, k), abc)))

    held_curve = np.array([ppl(held_out, k) for k in curve_k])
    train_curve = np.array([ppl(train, k) for k in curve_k])

    def compute(k: float) -> Numbers:
        q = bigram_probabilities(counts, k)
        held_nll = float(bigram_nll(held_out, q, abc))
        return {
            "train_ppl": ppl(train, k),
            "held_nll": held_nll,
            "held_bits": float(bits_per_symbol(held_nll)),
            "held_ppl": float(perplexity(held_nll)),
            "unseen": int(np.sum(counts == 0)),
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>Smoothing α = {v['k']:g}: every pair gets α extra counts.</p><ul>"
            f"<li>training perplexity: {quantity('train_ppl', n['train_ppl'], '.2f')}</li>"
            f"<li>held-out mean NLL: {quantity('held_nll', n['held_nll'])} nats per "
            f"character, {quantity('held_bits', n['held_bits'])} bits</li>"
            f"<li>held-out perplexity: {quantity('held_ppl', n['held_ppl'], '.2f')} "
            "(a uniform guess over 27 symbols: 27)</li></ul>"
            + note(
                "Without smoothing, a pair of letters that the training text never shows "
                "has probability 0, and the held-out text contains such pairs: its loss "
                "is infinite.",
                bool(np.isinf(n["held_nll"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        ax.plot(curve_k, train_curve, color=COLORS["good"], gid="train", label="training")
        ax.set_xscale("log")
        # Plain tick labels: the default 10^k labels are typeset as maths,
        # which costs most of each state's rendering.
        ticks = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
        ax.set_xticks(ticks, labels=[f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_xlim(curve_k[0], curve_k[-1])
        x0 = v["k"] if v["k"] > 0 else curve_k[0]
        plots.curve_with_marker(
            ax,
            curve_k,
            held_curve,
            x0,
            n["held_ppl"],
            xlabel="smoothing strength α (log scale)",
            ylabel="perplexity",
            ylim=(8, 15),
            label="held out",
            name="perplexity",
        )
        ax.legend(loc="upper left", fontsize=10, frameon=False)

    return Explorer(
        key="bigram",
        predict=Prediction(
            "what will the held-out perplexity be with α = 1?",
            at={"k": 1.0},
            number="held_ppl",
            digits=2,
            where="α = 1",
        ),
        drag=("k", 0),
        print_states=[{"k": k} for k in (0.0, 0.1, 1.0, 100.0)],
        title="Smoothing a bigram model of this book",
        sliders=[
            Slider("k", "Smoothing α", SMOOTHING_STRENGTHS, 0.1, fmt="g"),
        ],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"α = {v['k']:g}, held-out perplexity {fmt_number(n['held_ppl'], '.2f')}"
        ),
        alt="Perplexity against smoothing strength on a log axis: the training curve rises "
        "steadily, the held-out curve dips to a shallow minimum and rises again.",
        caption="More smoothing always fits the training text worse. The held-out text is "
        "best served in between: too little smoothing leaves its unseen pairs nearly "
        "impossible, too much flattens the model toward a uniform guess (perplexity 27, "
        "off the top of this scale).",
        figsize=(NARROW, 3.0),
        margins={"top": 0.95, "left": 0.16, "bottom": 0.17},
    )


def all_explorers() -> dict[str, Callable[[], Explorer]]:
    """Factories of every explorer in the book, keyed by explorer key."""
    factories: list[Callable[[], Explorer]] = [
        classifier_explorer,
        nll_explorer,
        coin_likelihood_explorer,
        underflow_explorer,
        log_base_explorer,
        dice_entropy_explorer,
        cross_entropy_explorer,
        rolls_explorer,
        temperature_explorer,
        label_smoothing_explorer,
        sigmoid_bce_explorer,
        errata_explorer,
        soft_label_bce_explorer,
        kl_directions_explorer,
        gaussian_explorer,
        bigram_smoothing_explorer,
        training_explorer,
        calibration_explorer,
        scoring_rule_explorer,
    ]
    return {f().key: f for f in factories}


# -- NLL at work ---------------------------------------------------------------------------

#: Bins of the calibration explorer's reliability diagram and calibration error.
CALIBRATION_BINS = 10
#: The training explorer's zoom: from this step on, with these ranges of the
#: validation NLL and accuracy.
ZOOM_FROM = 100
ZOOM_NLL = (0.2, 0.36)
ZOOM_ACC = (0.91, 0.945)
#: The true probability of the scoring-rule explorer's event.
SCORING_TRUTH = 0.7


class _DigitsStory:
    """The trained digits model seen at each recorded step (computed once per process)."""

    def __init__(self) -> None:
        split, fit = book_data.digits_split(), book_data.digits_training()
        self.split, self.fit = split, fit
        self.steps = [int(s) for s in fit.steps]
        self.shown = book_data.digits_shown()
        self.val_logits = [split.x_val @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
        train_logits = [split.x_train @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
        self.val_nll = np.array(
            [float(cross_entropy_from_logits(z, split.y_val)) for z in self.val_logits]
        )
        self.train_nll = np.array(
            [float(cross_entropy_from_logits(z, split.y_train)) for z in train_logits]
        )
        self.val_right = np.stack([z.argmax(axis=1) == split.y_val for z in self.val_logits])
        self.val_acc = self.val_right.mean(axis=1)
        self.train_acc = np.array(
            [np.mean(z.argmax(axis=1) == split.y_train) for z in train_logits]
        )
        self.val_losses = np.stack(
            [cross_entropy_from_logits(z, split.y_val, reduction="none") for z in self.val_logits]
        )
        self.best = int(np.argmin(self.val_nll))


_STORY: list[_DigitsStory] = []


def _digits_story() -> _DigitsStory:
    if not _STORY:
        _STORY.append(_DigitsStory())
    return _STORY[0]


def _step_axis(ax: Axes) -> None:
    """Training steps on a scale that is linear from 0 to 1 and logarithmic after."""
    ax.set_xscale("symlog", linthresh=1.0, linscale=0.4)
    ticks = [0, 1, 10, 100, 1000, 10000]
    # Plain labels: the default 10^k labels are typeset as maths (slow).
    ax.set_xticks(ticks, labels=["0", "1", "10", "100", "1k", "10k"])
    ax.minorticks_off()
    ax.set_xlim(0, book_data.DIGITS_STEPS * 1.05)


def training_explorer() -> Explorer:
    """Gradient descent on 200 handwritten digits: training and validation NLL and
    accuracy step by step, and the probabilities given to three validation digits."""
    story = _digits_story()
    split = story.split
    steps = story.steps
    uniform = float(np.log(10))
    # Every other recorded step (each state costs build time), and always the
    # step of the lowest validation NLL and the last one.
    slider_steps = tuple(
        float(s) for s in sorted({*steps[::2], steps[story.best], steps[-1], ZOOM_FROM})
    )

    def compute(step: float) -> Numbers:
        i = steps.index(int(step))
        right = story.val_right[i]
        losses = story.val_losses[i]
        out = {
            "train_nll": float(story.train_nll[i]),
            "val_nll": float(story.val_nll[i]),
            "train_acc": float(story.train_acc[i]),
            "val_acc": float(story.val_acc[i]),
            "uniform": uniform,
            "best_nll": float(story.val_nll[story.best]),
            "best_step": float(steps[story.best]),
            "wrong": float(np.sum(~right)),
            "wrong_nll": float(np.mean(losses[~right])),
            "right_nll": float(np.mean(losses[right])),
        }
        probs = softmax(story.val_logits[i][list(story.shown)])
        for j, (pos, q) in enumerate(zip(story.shown, probs, strict=True), start=1):
            truth = int(split.y_val[pos])
            out[f"true{j}"] = float(truth)
            out[f"q{j}"] = float(q[truth])
            out[f"loss{j}"] = float(losses[pos])
            out[f"pred{j}"] = float(np.argmax(q))
        return out

    def describe(v: Values, n: Numbers) -> str:
        digits = "".join(
            f"<li>a {quantity(f'true{j}', n[f'true{j}'], '.0f')}: "
            f"q = {quantity(f'q{j}', n[f'q{j}'])}, −ln q = "
            f"{quantity(f'loss{j}', n[f'loss{j}'])}, predicted "
            f"{quantity(f'pred{j}', n[f'pred{j}'], '.0f')}</li>"
            for j in (1, 2, 3)
        )
        return (
            f"<p>After {v['step']:.0f} steps of gradient descent:</p><ul>"
            f"<li>mean NLL: training {quantity('train_nll', n['train_nll'])}, validation "
            f"{quantity('val_nll', n['val_nll'])} (a uniform guess, ln 10: "
            f"{quantity('uniform', n['uniform'])})</li>"
            f"<li>accuracy: training {quantity('train_acc', n['train_acc'])}, validation "
            f"{quantity('val_acc', n['val_acc'])}</li>"
            f"<li>validation digits misclassified: {quantity('wrong', n['wrong'], '.0f')}; "
            f"their mean NLL {quantity('wrong_nll', n['wrong_nll'])}, the others' "
            f"{quantity('right_nll', n['right_nll'])}</li></ul>"
            f"<p>The lowest validation NLL, {quantity('best_nll', n['best_nll'])}, comes at "
            f"step {quantity('best_step', n['best_step'], '.0f')}. "
            f"The three validation digits in the figure, with q the probability of the "
            f"true class:</p><ul>{digits}</ul>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        # Saving as SVG leaves a figure at 72 dpi; drawing every state at that
        # dpi keeps the digit images the same in all of them, the first included.
        fig.set_dpi(72)
        grid = fig.add_gridspec(2, 1, hspace=0.42, bottom=0.36)
        ax_nll, ax_zoom = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        # The digits use the whole width (the panels above leave room for labels).
        ax_digits = fig.add_axes((0.02, 0.0, 0.96, 0.27))
        x = np.array(steps, dtype=float)
        step = v["step"]
        best = steps[story.best]
        # Top: the whole run, from the uniform guess.
        _step_axis(ax_nll)
        ax_nll.axhline(uniform, color=COLORS["muted"], ls="--", lw=1)
        ax_nll.text(1.3, uniform + 0.07, "uniform guess, ln 10", fontsize=10, va="bottom")
        ax_nll.axvline(best, color=COLORS["muted"], ls=":", lw=1)
        ax_nll.axvline(step, color=COLORS["muted"], lw=1, gid="cursor")
        plots.curve_with_marker(
            ax_nll,
            x,
            story.train_nll,
            step,
            n["train_nll"],
            xlabel="",
            ylabel="mean NLL",
            ylim=(0, 2.8),
            label="training",
            color=COLORS["good"],
            gid_prefix="train_",
        )
        plots.curve_with_marker(
            ax_nll,
            x,
            story.val_nll,
            step,
            n["val_nll"],
            xlabel="training step",
            ylabel="mean NLL",
            ylim=(0, 2.8),
            label="validation",
            gid_prefix="val_",
        )
        ax_nll.legend(loc="center right", fontsize=10, frameon=False)
        # Middle: validation only, late steps, NLL (left) and accuracy (right).
        late = x >= ZOOM_FROM
        ax_acc = ax_zoom.twinx()
        for ax in (ax_zoom, ax_acc):
            ax.set_xscale("log")
            ax.set_xticks([100, 1000, 10000], labels=["100", "1k", "10k"])
            ax.minorticks_off()
            ax.set_xlim(ZOOM_FROM, book_data.DIGITS_STEPS * 1.1)
        ax_acc.spines["right"].set_visible(True)
        ax_zoom.axvline(best, color=COLORS["muted"], ls=":", lw=1)
        ax_zoom.axvline(step, color=COLORS["muted"], lw=1, gid="zoom_cursor")
        ax_zoom.plot(x[late], story.val_nll[late], color=COLORS["main"], label="validation NLL")
        ax_acc.plot(
            x[late], story.val_acc[late], color=COLORS["other"], label="validation accuracy"
        )
        # Before ZOOM_FROM the markers sit left of the axes, clipped away.
        at = max(step, 1.0)
        ax_zoom.plot([at], [n["val_nll"]], "o", color=COLORS["main"], ms=6, gid="zoom_nll")
        ax_acc.plot([at], [n["val_acc"]], "o", color=COLORS["other"], ms=6, gid="zoom_acc")
        ax_zoom.set_ylim(*ZOOM_NLL)
        ax_acc.set_ylim(*ZOOM_ACC)
        ax_zoom.set_ylabel("validation NLL", color=COLORS["main"])
        ax_acc.set_ylabel("validation accuracy", color=COLORS["other"])
        ax_zoom.set_xlabel("training step (from 100)")
        # Bottom: three validation digits and the probabilities of this step.
        probs = softmax(story.val_logits[steps.index(int(step))][list(story.shown)])
        plots.digits_with_probabilities(
            ax_digits,
            split.x_val[list(story.shown)],
            probs,
            [int(split.y_val[pos]) for pos in story.shown],
        )

    return Explorer(
        key="training",
        print_states=[{"step": s} for s in (0.0, 100.0, 1389.0, 10000.0)],
        predict=Prediction(
            "what will the validation mean NLL be after 10 000 steps?",
            at={"step": 10000.0},
            number="val_nll",
            unit="nats",
            where="step 10 000",
        ),
        drag=("step", 0),
        title="Training a digit classifier, step by step",
        sliders=[Slider("step", "Training step", slider_steps, 100.0, ".0f")],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"step {v['step']:.0f}, validation NLL {fmt_number(n['val_nll'], '.3f')}, "
            f"accuracy {fmt_number(n['val_acc'], '.3f')}"
        ),
        alt="Top: training and validation mean NLL against the training step, starting at "
        "the dashed line of a uniform guess; a dotted line marks the step of the lowest "
        "validation NLL. Middle: training and validation accuracy. Bottom: three validation "
        "digits as images, each above bars of the probabilities the model gives to the "
        "digits 0 to 9, the true one in orange.",
        caption="Both losses start at ln 10. The training loss falls for ever; the validation "
        "loss bottoms out at the dotted line and then climbs, while the validation accuracy "
        "still creeps up. The bars show where each digit's probability goes.",
        figsize=(NARROW, 6.6),
        margins={"top": 0.98, "bottom": 0.02, "left": 0.17, "right": 0.83},
    )


def calibration_explorer() -> Explorer:
    """Temperature scaling of the trained digit classifier: the validation NLL
    against T, its minimum, and the reliability diagram at each T."""
    story = _digits_story()
    logits, y = story.val_logits[-1], story.split.y_val
    t_best = fit_temperature(logits, y)
    # Ten temperatures from 0.5 to 4 on a log scale, 1 (the model as trained)
    # and the fitted one, to two decimals.
    grid = sorted(
        {round(float(t), 2) for t in np.geomspace(0.5, 4.0, 10)} | {1.0, round(t_best, 2)}
    )
    curve_t = np.geomspace(0.5, 4.0, 120)
    curve = temperature_nll(logits, y, curve_t)
    nll_best = float(temperature_nll(logits, y, t_best))

    def calibrated(T: float) -> tuple[np.ndarray, TopLabel]:
        probs = softmax(logits / T)
        return probs, top_label(probs, y)

    def compute(T: float) -> Numbers:
        probs, top = calibrated(T)
        return {
            "nll": float(temperature_nll(logits, y, T)),
            "ece": expected_calibration_error(top.correct, top.confidence, CALIBRATION_BINS),
            "confidence": float(np.mean(top.confidence)),
            "accuracy": float(np.mean(top.correct)),
            "brier": float(brier_score(probs, y)),
            "t_best": t_best,
            "nll_best": nll_best,
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>The logits of the trained model divided by T = {v['T']:.2f}, on the "
            f"{y.size} validation digits:</p><ul>"
            f"<li>mean NLL: {quantity('nll', n['nll'])} (the lowest, "
            f"{quantity('nll_best', n['nll_best'])}, at T = "
            f"{quantity('t_best', n['t_best'], '.3f')})</li>"
            f"<li>mean confidence {quantity('confidence', n['confidence'])}, accuracy "
            f"{quantity('accuracy', n['accuracy'])} (the same at every T)</li>"
            f"<li>expected calibration error: {quantity('ece', n['ece'])}</li>"
            f"<li>Brier score: {quantity('brier', n['brier'])}</li></ul>"
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax1, ax2 = fig.subplots(2, 1)
        ax1.axvline(1.0, color=COLORS["muted"], ls="--", lw=1)
        ax1.plot([t_best], [nll_best], "D", color=COLORS["good"], ms=6, label="minimum")
        plots.curve_with_marker(
            ax1,
            curve_t,
            curve,
            v["T"],
            n["nll"],
            xlabel="temperature T",
            ylabel="validation NLL",
            ylim=(0.2, 0.32),
        )
        ax1.set_xscale("log")
        ax1.set_xticks([0.5, 1.0, 2.0, 4.0], ["0.5", "1", "2", "4"])
        ax1.minorticks_off()
        ax1.set_xlim(curve_t[0], curve_t[-1])
        ax1.legend(loc="lower left", fontsize=10, frameon=False)
        _, top = calibrated(v["T"])
        c = calibration_curve(top.correct, top.confidence, CALIBRATION_BINS)
        plots.reliability_diagram(
            ax2, c.fraction_positive, c.mean_predicted, c.bins, CALIBRATION_BINS
        )
        ax2.legend(loc="upper left", fontsize=10, frameon=False)

    return Explorer(
        key="calibration",
        print_states=[{"T": t} for t in (0.5, 1.0, 1.42, 4.0)],
        predict=Prediction(
            "what will the validation NLL be at T = 2?",
            at={"T": 2.0},
            number="nll",
            unit="nats",
            where="T = 2",
        ),
        drag=("T", 0),
        title="Temperature scaling the digit classifier",
        sliders=[Slider("T", "Temperature T", tuple(grid), 1.0, ".2f")],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"T = {v['T']:.2f}, validation NLL {fmt_number(n['nll'], '.4f')}, "
            f"calibration error {fmt_number(n['ece'], '.3f')}"
        ),
        alt="Top: the validation NLL against the temperature on a log scale, a valley with "
        "its lowest point marked by a diamond, a dashed line at T = 1 and a dot at the chosen "
        "T. Bottom: a reliability diagram, bars of the accuracy in ten bins of confidence "
        "beside a dashed diagonal, with dots at each bin's mean confidence.",
        caption="T = 1 is the model as trained. Raising T softens every prediction; the NLL "
        "is lowest at the diamond. Below, a bar lower than its dot means the model was more "
        "confident than right in that bin.",
        figsize=(NARROW, 5.8),
        margins=TWO_PANELS,
    )


def scoring_rule_explorer() -> Explorer:
    """An event with probability 0.7, reported as r: the expected NLL and the
    expected Brier score are both lowest at r = 0.7 (strictly proper rules)."""
    p = SCORING_TRUTH
    truth = np.array([p, 1 - p])
    grid = tuple(float(f"{k / 10:.1f}") for k in range(11))
    curve_r = np.linspace(0.0, 1.0, 201)

    def report(r: float | np.ndarray) -> np.ndarray:
        a = np.asarray(r, dtype=float)
        return np.stack([a, 1 - a], axis=-1)

    def expected_brier(r: float | np.ndarray) -> np.ndarray:
        q = report(r)
        return np.asarray(
            p * brier_score(q, 0, reduction="none") + (1 - p) * brier_score(q, 1, reduction="none")
        )

    def compute(r: float) -> Numbers:
        nll_r = float(cross_entropy(truth, report(r)))
        best_nll = float(entropy(truth))
        brier_r = float(expected_brier(r))
        best_brier = float(expected_brier(p))
        return {
            "nll": nll_r,
            "brier": brier_r,
            "best_nll": best_nll,
            "best_brier": best_brier,
            "nll_excess": float(kl_divergence(truth, report(r))),
            "brier_excess": brier_r - best_brier,
        }

    def describe(v: Values, n: Numbers) -> str:
        return (
            f"<p>The event happens with probability {p:.2f}; the forecast says "
            f"{v['r']:.2f}.</p><ul>"
            f"<li>expected NLL: {quantity('nll', n['nll'])}, the best "
            f"{quantity('best_nll', n['best_nll'])} (at {p:.2f}), so "
            f"{quantity('nll_excess', n['nll_excess'])} more: KL(truth‖forecast)</li>"
            f"<li>expected Brier score: {quantity('brier', n['brier'])}, the best "
            f"{quantity('best_brier', n['best_brier'])} (at {p:.2f}), so "
            f"{quantity('brier_excess', n['brier_excess'])} more</li></ul>"
            + note(
                "A forecast of 0 or 1 calls one outcome impossible, and that outcome "
                "does happen sometimes: the expected NLL is infinite. The Brier score, a "
                "squared distance, stays finite.",
                bool(np.isinf(n["nll"])),
            )
        )

    def draw(fig: Figure, v: Values, n: Numbers) -> None:
        ax = fig.add_subplot()
        ax.axvline(p, color=COLORS["muted"], lw=1, ls="--")
        with np.errstate(divide="ignore"):
            nll_curve = cross_entropy(np.broadcast_to(truth, (curve_r.size, 2)), report(curve_r))
        plots.curve_with_marker(
            ax,
            curve_r,
            nll_curve,
            v["r"],
            n["nll"],
            xlabel="forecast probability r",
            ylabel="expected score",
            ylim=(0, 2.0),
            label="NLL",
            name="NLL",
        )
        plots.curve_with_marker(
            ax,
            curve_r,
            expected_brier(curve_r),
            v["r"],
            n["brier"],
            xlabel="forecast probability r",
            ylabel="expected score",
            ylim=(0, 2.0),
            label="Brier",
            name="Brier",
            gid_prefix="brier_",
            color=COLORS["other"],
            label_row=1,
        )
        ax.set_xlim(0, 1)
        ax.legend(loc="upper center", fontsize=10, frameon=False, ncol=2)

    return Explorer(
        key="scoring",
        print_states=[{"r": r} for r in (0.3, 0.7, 1.0)],
        predict=Prediction(
            "what is the expected NLL of the honest forecast, r = 0.7?",
            at={"r": 0.7},
            number="nll",
            unit="nats",
            where="r = 0.7",
        ),
        drag=("r", 0),
        title="Two strictly proper scoring rules",
        sliders=[Slider("r", "Forecast probability r", grid, 0.3)],
        compute=compute,
        describe=describe,
        draw=draw,
        announce=lambda v, n: (
            f"r = {v['r']:.2f}, expected NLL {fmt_number(n['nll'], '.3f')}, "
            f"expected Brier {fmt_number(n['brier'], '.3f')}"
        ),
        alt="Two valley-shaped curves of the expected score against the forecast "
        "probability, NLL and Brier, both lowest at a dashed vertical line at 0.7, with dots "
        "at the chosen forecast.",
        caption="The event's true probability is 0.7 (dashed). Whatever forecast you pick, "
        "both expected scores are higher than at 0.7: neither rule rewards a forecast that "
        "is bolder or more timid than the truth.",
        figsize=(NARROW, 3.0),
        margins={"top": 0.9, "left": 0.16, "bottom": 0.17},
    )
