"""The check-yourself questions of Cross-entropy, computed by nllbook, and their oracles."""

from __future__ import annotations

import nllbook
from nllbook import conventions as cv
from nllbook import examples as ex
from nllbook import one_hot

from ..quiz import Choice, Compare, Misconception, Numeric, Oracle, Question
from ._common import KL_GAP, MISTAKES, ORDER, ORIENTATIONS, SOFT, _bits, _log10, _vec

__all__ = ["oracles", "questions"]


def questions() -> list[Question]:
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    ce = float(nllbook.cross_entropy(p, q))
    kl = float(nllbook.kl_divergence(p, q))
    smooth = nllbook.smooth_labels(one_hot(0, 6), 0.1)
    return [
        Numeric(
            "ce",
            f"Observed face frequencies p = {_vec(p)}; a model believes q = {_vec(q)}. "
            "What is the cross-entropy H(p, q), in nats?",
            answer=ce,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "p and q swapped",
                    "H(q, p) weights the logs of the observed frequencies by the model. The "
                    "data weight the model's logs: H(p, q) = −Σ p ln q.",
                    float(nllbook.cross_entropy(q, p)),
                    ORIENTATIONS,
                ),
                Misconception(
                    "the KL divergence, as scipy.stats.entropy(p, q) returns",
                    "With two arguments SciPy returns D_KL(p‖q) = H(p, q) − H(p), not the "
                    "cross-entropy.",
                    kl,
                    KL_GAP,
                ),
                _bits(float(nllbook.cross_entropy(p, q, base=2))),
            ],
            why="−Σ p ln q: the data's frequencies weight the model's surprises.",
        ),
        Compare(
            "kl-order",
            f"Observed face frequencies p = {_vec(p)}; a model believes q = {_vec(q)}. "
            "Which is larger?",
            ("D_KL(p‖q)", kl),
            ("D_KL(q‖p)", float(nllbook.kl_divergence(q, p))),
            misconceptions={
                "equal": (
                    "KL taken as symmetric",
                    "The divergence is not a distance: swapping p and q changes its value.",
                    ORDER,
                )
            },
            why="The two orders give different numbers.",
            tolerance=1e-6,
        ),
        Numeric(
            "uniform-model",
            f"Observed face frequencies p = {_vec(p)}; a model says 1/6 for each face. What "
            "is the cross-entropy H(p, q) of the model q with the data p, in nats, to three "
            "decimals?",
            answer=float(nllbook.cross_entropy(p, ex.FAIR_DIE)),
            tolerance=0.001,
            misconceptions=[
                Misconception(
                    "p and q swapped",
                    "That is H(q, p), the tutorial's orientation: the model's 1/6 weights the "
                    "logs of the observed frequencies. The data weight the model's logs: "
                    "H(p, q) = −Σ p ln q.",
                    float(nllbook.cross_entropy(ex.FAIR_DIE, p)),
                    ORIENTATIONS,
                ),
                Misconception(
                    "the entropy of the data, not the cross-entropy",
                    "That is H(p), the data's own entropy, the floor no model goes below; the "
                    "cross-entropy adds the KL divergence of the model.",
                    float(nllbook.entropy(p)),
                    KL_GAP,
                ),
                _log10(float(nllbook.cross_entropy(p, ex.FAIR_DIE, base=10))),
                _bits(float(nllbook.cross_entropy(p, ex.FAIR_DIE, base=2))),
            ],
            why="ln 6: every face costs −ln(1/6).",
        ),
        Choice(
            "scipy",
            "What does scipy.stats.entropy(p, q) return?",
            options=[
                "The cross-entropy H(p, q)",
                "The KL divergence D_KL(p‖q)",
                "The entropy H(p)",
            ],
            answer=1,
            misconceptions=[
                Misconception(
                    "scipy.stats.entropy(p, q) read as the cross-entropy",
                    "With a second argument it returns the KL divergence. With a one-hot p "
                    "the two coincide, which hides the slip.",
                    0,
                    MISTAKES,
                )
            ],
            why=f"For the observed frequencies p = {_vec(p)} and the model q = {_vec(q)} it "
            f"gives {float(cv.scipy_entropy(p, q)):.3f}, the KL divergence.",
        ),
        Numeric(
            "floor",
            "A one-hot target over six classes, smoothed with ε = 0.1. What is the lowest "
            "cross-entropy any model can reach on it, in nats?",
            answer=float(nllbook.entropy(smooth)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "a floor of 0 for soft targets",
                    "Only a one-hot target allows a loss of 0. With a soft target the best "
                    "model matches it and still pays its entropy.",
                    0.0,
                    SOFT,
                )
            ],
            why="H(p, q) ≥ H(p), with equality at q = p.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    import numpy as np
    from scipy.stats import entropy

    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    fair = np.full(6, 1 / 6)

    def ce(a: np.ndarray, b: np.ndarray, base: float = np.e) -> float:
        return float(-np.sum(a * np.log(b)) / np.log(base))

    kl = float(np.sum(p * np.log(p / q)))
    # What scipy.stats.entropy(p, q) returns, matched against the options:
    # 0 the cross-entropy, 1 the KL divergence, 2 the entropy of p.
    scipy_value = entropy(p, q)
    candidates = [ce(p, q), kl, -np.sum(p * np.log(p))]
    smooth = 0.9 * np.eye(6)[0] + 0.1 / 6
    return {
        "ce": Oracle(
            ce(p, q),
            {
                "p and q swapped": ce(q, p),
                "the KL divergence, as scipy.stats.entropy(p, q) returns": entropy(p, q),
                "bits instead of nats": ce(p, q, 2),
            },
        ),
        "kl-order": Oracle(
            Oracle.larger(kl, float(np.sum(q * np.log(q / p))), tolerance=1e-6),
            {"KL taken as symmetric": "equal"},
        ),
        "uniform-model": Oracle(
            ce(p, fair),
            {
                "p and q swapped": ce(fair, p),
                "the entropy of the data, not the cross-entropy": entropy(p),
                "log10 instead of ln": ce(p, fair, 10),
                "bits instead of nats": ce(p, fair, 2),
            },
        ),
        "scipy": Oracle(
            int(np.argmin(np.abs(np.subtract(candidates, scipy_value)))),
            {"scipy.stats.entropy(p, q) read as the cross-entropy": 0},
        ),
        "floor": Oracle(entropy(smooth), {"a floor of 0 for soft targets": 0.0}),
    }
