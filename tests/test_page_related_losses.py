"""The page "Priors, distillation and KL's direction": the KL explorer against scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize
import scipy.stats

from nllbook import examples as ex
from nllbook_pages.related_losses import best_fits, bimodal, kl_direction_explorer


def _normal(mu: float, sigma: float) -> np.ndarray:
    d = scipy.stats.norm.pdf(ex.KL_GRID, mu, sigma)
    return d / d.sum()


def _p() -> np.ndarray:
    w = ex.KL_MODE_WEIGHTS
    return w[0] * _normal(ex.KL_MODES[0], ex.KL_MODE_SCALE) + w[1] * _normal(
        ex.KL_MODES[1], ex.KL_MODE_SCALE
    )


def test_p_is_the_mixture_of_two_normal_bumps() -> None:
    assert np.allclose(bimodal(), _p(), rtol=1e-12, atol=1e-300)
    assert bimodal().sum() == pytest.approx(1.0)


@pytest.mark.parametrize("mu", [-4.0, -2.0, -0.4, 0.0, 1.3, 4.0])
@pytest.mark.parametrize("sigma", [0.4, 0.5, 1.0, 2.0, 4.0])
def test_both_directions_are_scipy_relative_entropies(mu: float, sigma: float) -> None:
    n = kl_direction_explorer().numbers(mu=mu, sigma=sigma)
    q, p = _normal(mu, sigma), _p()
    assert np.allclose(n["q"], q, rtol=1e-10, atol=1e-300)
    assert n["forward"] == pytest.approx(scipy.stats.entropy(p, q), rel=1e-9)
    assert n["reverse"] == pytest.approx(scipy.stats.entropy(q, p), rel=1e-9)
    assert n["valley_q"] == pytest.approx(q[np.abs(ex.KL_GRID) <= 1.0].sum(), rel=1e-12)


def _fit(direction: str, start: tuple[float, float]) -> scipy.optimize.OptimizeResult:
    p = _p()

    def loss(theta: np.ndarray) -> float:
        q = _normal(theta[0], np.exp(theta[1]))
        return float(
            scipy.stats.entropy(p, q) if direction == "forward" else scipy.stats.entropy(q, p)
        )

    return scipy.optimize.minimize(
        loss,
        [start[0], np.log(start[1])],
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000},
    )


def test_the_forward_fit_covers_both_modes_and_matches_their_moments() -> None:
    fits = best_fits()
    best = _fit("forward", (0.0, 1.0))
    mu, sigma = best.x[0], np.exp(best.x[1])
    assert fits.forward_mu == pytest.approx(mu, abs=0.05)
    assert fits.forward_sigma == pytest.approx(sigma, rel=0.02)
    assert fits.forward_kl == pytest.approx(best.fun, abs=1e-3)
    # Moment matching: the best q in KL(p‖q) has p's mean and variance on the grid.
    q, p, x = _normal(mu, sigma), _p(), ex.KL_GRID
    assert q @ x == pytest.approx(p @ x, abs=1e-5)
    assert q @ x**2 == pytest.approx(p @ x**2, abs=1e-4)
    assert sigma > 2 * ex.KL_MODE_SCALE


def test_the_reverse_fit_seeks_the_heavier_mode() -> None:
    fits = best_fits()
    best = min((_fit("reverse", (m, 0.5)) for m in ex.KL_MODES), key=lambda r: r.fun)
    assert fits.reverse_mu == pytest.approx(best.x[0], abs=0.05)
    assert fits.reverse_sigma == pytest.approx(np.exp(best.x[1]), rel=0.02)
    assert fits.reverse_kl == pytest.approx(best.fun, abs=1e-3)
    assert fits.reverse_mu == pytest.approx(ex.KL_MODES[0], abs=0.1)
    # Reverse KL of the fit is about -ln 0.6: q ignores the other mode's 40 %.
    assert fits.reverse_kl == pytest.approx(-np.log(ex.KL_MODE_WEIGHTS[0]), abs=0.01)


def test_the_distillation_snippet_is_torch_and_matches_nllbook() -> None:
    """The page's PyTorch snippet, run: its loss and gradient are nllbook's, and the
    gradient's size is the last column of the page's table at T = 4."""
    import re
    from pathlib import Path

    import nllbook

    torch = pytest.importorskip("torch")
    page = Path(__file__).resolve().parents[1] / "book" / "related_losses.md"
    blocks = dict(
        re.findall(
            r"```\{code-block\} python\n:name: ([\w-]+)\n\n(.*?)```",
            page.read_text(encoding="utf-8"),
            re.S,
        )
    )
    ns: dict[str, object] = {}
    exec(blocks["torch-distillation"], ns)
    assert isinstance(ns["loss"], torch.Tensor)
    teacher, student, temp = ex.PRACTICE_LOGITS, ex.DISTILL_STUDENT_LOGITS, ns["T"]
    assert np.allclose(ns["teacher"].numpy(), teacher) and temp in ex.DISTILL_TEMPERATURES
    assert np.allclose(ns["student"].detach().numpy(), student)
    want = nllbook.distillation_loss(teacher, student, temp)
    assert float(ns["loss"].detach()) == pytest.approx(want, rel=1e-5)  # float32
    grad = ns["student"].grad.numpy()[0]
    assert np.allclose(grad, nllbook.distillation_gradient(teacher, student, temp), atol=1e-6)
