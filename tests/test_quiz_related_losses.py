"""The questions of "Priors, distillation and KL's direction", keys recomputed without nllbook."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats

from nllbook_pages import quiz_bank
from nllbook_pages.quiz import Choice, Misconception, Numeric, check

QUESTIONS = {q.key: q for q in quiz_bank.chapter("related_losses").questions}


def numeric(key: str) -> Numeric:
    q = QUESTIONS[key]
    assert isinstance(q, Numeric)
    return q


def test_the_chapter_shows_every_question() -> None:
    assert set(QUESTIONS) == {
        "prior-variance",
        "laplace-unseen",
        "kl-direction",
        "distill-loss",
        "distill-shrink",
    }


def test_prior_variance_from_the_map_objective() -> None:
    """Times n, the penalty differs from −ln N(w | 0, σ²) by a constant only if σ² is the answer."""
    q = numeric("prior-variance")
    assert "n = 500" in q.prompt and "λ = 0.01" in q.prompt
    n, lam, var = 500, 0.01, q.answer
    w1, w2 = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    pen = [n * lam / 2 * np.sum(w**2) for w in (w1, w2)]
    neg_log_prior = [-np.sum(scipy.stats.norm.logpdf(w, 0, math.sqrt(var))) for w in (w1, w2)]
    assert pen[0] - pen[1] == pytest.approx(neg_log_prior[0] - neg_log_prior[1], rel=1e-9)
    for slip in (1 / lam, math.sqrt(1 / (n * lam)), lam):
        assert check(q, slip).status == "misconception"


def test_laplace_unseen_face() -> None:
    q = numeric("laplace-unseen")
    assert "4, 3, 5, 2, 6, 0" in q.prompt and "20 times" in q.prompt
    posterior = scipy.stats.dirichlet.mean(np.array([4, 3, 5, 2, 6, 0]) + 1.0)
    assert q.answer == pytest.approx(-math.log(posterior[5]), rel=1e-12)
    assert q.answer == pytest.approx(math.log(26))
    for slip in (math.log(21), math.log(6), math.log2(26)):
        assert check(q, slip).status == "misconception"


def _normal(grid: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    d = scipy.stats.norm.pdf(grid, mu, sigma)
    return d / d.sum()


def test_kl_direction_narrow_fit_is_reverse() -> None:
    q = QUESTIONS["kl-direction"]
    assert isinstance(q, Choice)
    assert "KL(q‖p)" in q.options[q.answer] and "KL(p‖q)" not in q.options[q.answer]
    grid = np.linspace(-6, 6, 241)
    p = 0.5 * _normal(grid, -3, 0.5) + 0.5 * _normal(grid, 3, 0.5)

    def fit(direction: str, start: float) -> float:
        def loss(theta: np.ndarray) -> float:
            qq = _normal(grid, theta[0], math.exp(theta[1]))
            return float(
                scipy.stats.entropy(p, qq) if direction == "f" else scipy.stats.entropy(qq, p)
            )

        return math.exp(scipy.optimize.minimize(loss, [start, 0.0], method="Nelder-Mead").x[1])

    assert fit("r", -3.0) < 0.7 < 2.0 < fit("f", 0.0)


def _kl_soft(t: np.ndarray, s: np.ndarray, temp: float) -> float:
    p, q = scipy.special.softmax(t / temp), scipy.special.softmax(s / temp)
    return float(np.sum(scipy.special.rel_entr(p, q)))


def test_distillation_loss_key() -> None:
    q = numeric("distill-loss")
    t, s = np.array([3.0, 1.0, 0.2]), np.array([1.0, 2.0, 0.5])
    assert "[3, 1, 0.2]" in q.prompt and "[1, 2, 0.5]" in q.prompt and "T = 4" in q.prompt
    assert q.answer == pytest.approx(16 * _kl_soft(t, s, 4.0), rel=1e-12)
    for slip in (_kl_soft(t, s, 4.0), 16 * _kl_soft(s, t, 4.0), _kl_soft(t, s, 1.0)):
        assert check(q, slip).status == "misconception"


def test_distillation_shrink_key_against_torch() -> None:
    torch = pytest.importorskip("torch")
    q = numeric("distill-shrink")
    t = torch.tensor([3.0, 1.0, 0.2], dtype=torch.float64)

    def grad_size(temp: float, scale: float) -> float:
        s = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64, requires_grad=True)
        kl = torch.nn.functional.kl_div(
            torch.log_softmax(s / temp, -1), torch.softmax(t / temp, -1), reduction="sum"
        )
        (scale * kl).backward()
        return float(s.grad.abs().sum())

    assert q.answer == pytest.approx(grad_size(2.0, 1.0) / grad_size(8.0, 1.0), rel=1e-9)
    assert check(q, 4.0).status == "misconception"
    assert check(q, grad_size(2.0, 4.0) / grad_size(8.0, 64.0)).status == "misconception"


def slip(q: Numeric, name: str) -> Misconception:
    return next(m for m in q.misconceptions if m.name == name)


def test_feedback_works_out_its_numbers_from_the_question() -> None:
    """The numbers a feedback text computes follow from the data the question states:
    the slip's formula gives the value the slip predicts, and the why's ratio is the
    ratio of the question's temperatures."""
    q = numeric("laplace-unseen")
    rolls = int(re.search(r"rolled (\d+) times", q.prompt)[1])
    one = slip(q, "one pseudo-count in all, not one per face")
    totals = [int(t) for t in re.findall(r"−ln\(1/(\d+)\)", one.explain)]
    assert totals == [rolls + 1, rolls + 6]  # one pseudo-count, then one per face
    assert one.value == pytest.approx(-math.log(1 / totals[0]), rel=1e-12)

    q = numeric("distill-shrink")
    low, high = (float(t) for t in re.search(r"from T = (\S+) to T = (\S+?)\.", q.prompt).groups())
    first = slip(q, "1/T, not 1/T²")
    assert float(first.explain.split()[0]) == pytest.approx(high / low) == first.value
    said = float(re.search(r"\(T₂/T₁\)² = ([\d.]+)", q.why)[1])
    assert said == pytest.approx((high / low) ** 2)
