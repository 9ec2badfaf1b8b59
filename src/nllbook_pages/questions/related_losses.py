"""The check-yourself questions of "Priors, distillation and KL's direction", by nllbook."""

from __future__ import annotations

import math

import numpy as np

import nllbook

from ..quiz import Choice, Misconception, Numeric, Oracle, Question, Section
from ..related_losses import best_fits
from ._common import ORDER, _bits, _vec

__all__ = ["oracles", "questions"]

L2_PRIOR = Section("related_losses", "Weight decay is a Gaussian prior")
DIRICHLET = Section("related_losses", "Additive smoothing is a Dirichlet prior")
KL_DIRECTION = Section("related_losses", "Forward and reverse KL: covering or seeking")
DISTILLATION = Section("related_losses", "Distillation: the temperature and the T² factor")

#: The die of the smoothing question: 20 rolls, and face six never came up.
DIE_COUNTS = np.array([4, 3, 5, 2, 6, 0])
#: The logits of the distillation questions.
TEACHER, STUDENT = np.array([3.0, 1.0, 0.2]), np.array([1.0, 2.0, 0.5])


def _grad_size(temperature: float, *, scaled: bool) -> float:
    g = nllbook.distillation_gradient(TEACHER, STUDENT, temperature, scaled=scaled)
    return float(np.abs(g).sum())


def questions() -> list[Question]:
    n, lam = 500, 0.01
    variance = nllbook.l2_prior_variance(lam, n)

    rolls = int(DIE_COUNTS.sum())
    six = DIE_COUNTS.size - 1
    laplace = float(nllbook.nll(nllbook.dirichlet_estimate(DIE_COUNTS, 1.0), six))
    no_k = -math.log(1 / (rolls + 1))  # 1 added to the total only, not once per face
    uniform = float(nllbook.entropy(np.full(DIE_COUNTS.size, 1 / DIE_COUNTS.size)))

    fits = best_fits()
    options = [
        "minimising KL(p‖q), as maximum likelihood does",
        "minimising KL(q‖p)",
        "neither: both directions give the same q",
    ]
    narrow = 1 if fits.reverse_sigma < fits.forward_sigma else 0
    assert narrow == 1  # the question's right option

    temp = 4.0
    loss = nllbook.distillation_loss(TEACHER, STUDENT, temp)
    unscaled = nllbook.distillation_loss(TEACHER, STUDENT, temp, scaled=False)
    swapped = nllbook.distillation_loss(STUDENT, TEACHER, temp)
    at_one = nllbook.distillation_loss(TEACHER, STUDENT, 1.0)

    low, high = 2.0, 8.0
    shrink = _grad_size(low, scaled=False) / _grad_size(high, scaled=False)
    scaled_ratio = _grad_size(low, scaled=True) / _grad_size(high, scaled=True)
    return [
        Numeric(
            "prior-variance",
            f"A classifier is trained on n = {n} examples by minimising the mean NLL plus "
            f"(λ/2)‖w‖², with λ = {lam:g}. The result is the most probable w under a normal "
            "prior N(0, σ²) on each weight. What is σ²?",
            answer=variance,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the mean taken for the sum",
                    f"{1 / lam:g} = 1/λ is the variance for a penalty on the total NLL. The mean "
                    "divides the likelihood's term by n, not the penalty: times n, the penalty "
                    "is (nλ/2)‖w‖², so σ² = 1/(nλ).",
                    1 / lam,
                    L2_PRIOR,
                ),
                Misconception(
                    "the standard deviation instead of the variance",
                    f"{math.sqrt(variance):.3f} is σ; the question asks for σ².",
                    math.sqrt(variance),
                    L2_PRIOR,
                ),
                Misconception(
                    "the strength taken for the variance",
                    "A stronger penalty is a narrower prior: the variance falls as λ grows.",
                    lam,
                    L2_PRIOR,
                ),
            ],
            why="n·[mean NLL + (λ/2)‖w‖²] = total NLL + ‖w‖²/(2σ²) with σ² = 1/(nλ), and "
            "‖w‖²/(2σ²) is −ln of the normal prior up to a constant.",
        ),
        Numeric(
            "laplace-unseen",
            f"A die is rolled {rolls} times; the faces one to six come up "
            f"{', '.join(str(c) for c in DIE_COUNTS)} times. With add-one (Laplace) "
            "smoothing, what NLL does the model give the next roll if it is a six, in nats?",
            answer=laplace,
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "one pseudo-count in all, not one per face",
                    f"−ln(1/{rolls + 1}) adds 1 to the total only. Each of the K = 6 faces "
                    f"gets a pseudo-count, so the total grows by 6: −ln(1/{rolls + 6}).",
                    no_k,
                    DIRICHLET,
                ),
                Misconception(
                    "a uniform guess",
                    "ln 6 ignores the counts; smoothing adds to them, it does not replace them.",
                    uniform,
                    DIRICHLET,
                ),
                _bits(float(laplace / math.log(2)), DIRICHLET),
            ],
            why=f"q(six) = (0 + 1)/({rolls} + 6): the posterior mean under a uniform "
            "Dirichlet(1) prior. Without smoothing it is 0, and the loss infinite.",
        ),
        Choice(
            "kl-direction",
            "A single normal q is fitted to data p with two well-separated modes. Which "
            "objective gives a narrow q that sits on one mode and ignores the other?",
            options=options,
            answer=narrow,
            misconceptions=[
                Misconception(
                    "maximum likelihood taken to seek a mode",
                    "KL(p‖q) charges −ln q wherever p has mass: a q that ignores a mode pays "
                    "an enormous price there, so the fit stretches over both.",
                    0,
                    KL_DIRECTION,
                ),
                Misconception(
                    "KL taken to be symmetric",
                    "KL(p‖q) and KL(q‖p) are different numbers with different minimisers.",
                    2,
                    ORDER,
                ),
            ],
            why="KL(q‖p) only counts where q has mass: a q inside one mode pays little, one "
            "spread over the empty valley pays −ln p there.",
        ),
        Numeric(
            "distill-loss",
            f"A teacher's logits are {_vec(TEACHER)} and a student's {_vec(STUDENT)}. What "
            f"is the distillation loss T²·KL(softmax(t/T)‖softmax(s/T)) at T = {temp:g}, "
            "in nats?",
            answer=loss,
            tolerance=0.001,
            digits=4,
            misconceptions=[
                Misconception(
                    "the T² factor left out",
                    f"{unscaled:.4f} is the KL divergence alone; the loss multiplies it by "
                    f"T² = {temp**2:g}.",
                    unscaled,
                    DISTILLATION,
                ),
                Misconception(
                    "teacher and student swapped",
                    "The teacher's softened distribution is the target, the first argument: "
                    "KL(teacher‖student).",
                    swapped,
                    KL_DIRECTION,
                ),
                Misconception(
                    "the logits not divided by T",
                    f"{at_one:.4f} is the divergence of the plain softmaxes; both sets of logits "
                    "are divided by T first.",
                    at_one,
                    DISTILLATION,
                ),
            ],
            why="Soften both with T, take KL(teacher‖student), multiply by T².",
        ),
        Numeric(
            "distill-shrink",
            f"With the same logits, the temperature goes from T = {low:g} to T = {high:g}. By "
            "what factor does the gradient of the KL term alone (without T²) with respect to "
            "the student's logits shrink? (Compare the sums of the absolute gradients.)",
            answer=shrink,
            tolerance=0.3,
            digits=2,
            misconceptions=[
                Misconception(
                    "1/T, not 1/T²",
                    f"{high / low:g} would hold if only the 1/T of the chain rule counted. The "
                    "softened distributions also move closer together, by another 1/T.",
                    high / low,
                    DISTILLATION,
                ),
                Misconception(
                    "the scaled gradient",
                    "With the T² factor the gradient stays about the same size; without it, "
                    "it shrinks.",
                    scaled_ratio,
                    DISTILLATION,
                ),
            ],
            why=f"About (T₂/T₁)² = {(high / low) ** 2:g}: the gradient is (q − p)/T, and q − p "
            "itself shrinks like 1/T.",
        ),
    ]


def oracles() -> dict[str, Oracle]:
    """Each question's key, recomputed with plain numpy and scipy from its wording."""
    from scipy.special import rel_entr
    from scipy.special import softmax as soft
    from scipy.stats import norm

    n, lam = 500, 0.01
    counts = np.array([4, 3, 5, 2, 6, 0])
    # Add-one smoothing: (0 + 1) / (20 + 6) for the six.
    laplace = -np.log((counts[5] + 1) / (counts.sum() + counts.size))

    # A normal q fitted to two well-separated modes on a grid, both ways, by a scan.
    grid = np.linspace(-6.0, 6.0, 121)

    def bump(mu: float, sd: float) -> np.ndarray:
        d: np.ndarray = norm.pdf(grid, mu, sd)
        out: np.ndarray = d / d.sum()
        return out

    p = 0.5 * bump(-3.0, 0.5) + 0.5 * bump(3.0, 0.5)
    width = {"forward": 0.0, "reverse": 0.0}
    for side in width:
        best = math.inf
        for mu in np.linspace(-4.0, 4.0, 81):
            for sd in np.geomspace(0.3, 5.0, 41):
                q = bump(mu, sd)
                kl = np.sum(rel_entr(p, q) if side == "forward" else rel_entr(q, p))
                if kl < best:
                    best, width[side] = kl, sd
    narrow = 1 if width["reverse"] < width["forward"] else 0

    t, s, temp = np.array([3.0, 1.0, 0.2]), np.array([1.0, 2.0, 0.5]), 4.0

    def kl_soft(a: np.ndarray, b: np.ndarray, at: float) -> float:
        return float(np.sum(rel_entr(soft(a / at), soft(b / at))))

    def grad_size(at: float, factor: float) -> float:
        # d/ds of factor · KL(softmax(t/T) ‖ softmax(s/T)) is factor · (q − p) / T.
        return float(np.abs(factor * (soft(s / at) - soft(t / at)) / at).sum())

    return {
        "prior-variance": Oracle(
            1 / (n * lam),
            {
                "the mean taken for the sum": 1 / lam,
                "the standard deviation instead of the variance": math.sqrt(1 / (n * lam)),
                "the strength taken for the variance": lam,
            },
        ),
        "laplace-unseen": Oracle(
            laplace,
            {
                "one pseudo-count in all, not one per face": -np.log(1 / (counts.sum() + 1)),
                "a uniform guess": np.log(6),
                "bits instead of nats": laplace / np.log(2),
            },
        ),
        "kl-direction": Oracle(
            narrow,
            {"maximum likelihood taken to seek a mode": 0, "KL taken to be symmetric": 2},
        ),
        "distill-loss": Oracle(
            temp**2 * kl_soft(t, s, temp),
            {
                "the T² factor left out": kl_soft(t, s, temp),
                "teacher and student swapped": temp**2 * kl_soft(s, t, temp),
                "the logits not divided by T": kl_soft(t, s, 1.0),
            },
        ),
        "distill-shrink": Oracle(
            grad_size(2.0, 1.0) / grad_size(8.0, 1.0),
            {
                "1/T, not 1/T²": 8.0 / 2.0,
                "the scaled gradient": grad_size(2.0, 4.0) / grad_size(8.0, 64.0),
            },
        ),
    }
