"""Priors, distillation and bits per byte, against torch, scipy, mpmath and identities."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nllbook

logit = st.floats(-20.0, 20.0, allow_nan=False)
temperature = st.floats(0.1, 50.0)


def logit_pairs(k_min: int = 2, k_max: int = 6):
    return st.integers(k_min, k_max).flatmap(
        lambda k: st.tuples(
            arrays(np.float64, (2, k), elements=logit), arrays(np.float64, (2, k), elements=logit)
        )
    )


# -- L2 as a Gaussian prior -----------------------------------------------------------


def test_l2_fit_is_the_map_estimate_of_a_normal_prior():
    """Fitting with l2 = λ maximises likelihood × N(0, 1/(nλ)) prior, found by scipy."""
    scipy_optimize = pytest.importorskip("scipy.optimize")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(12, 2))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int)
    lam = 0.2
    fit = nllbook.fit_softmax_regression(x, y, l2=lam, steps=4000, learning_rate=0.5)
    sd = math.sqrt(nllbook.l2_prior_variance(lam, len(y)))

    def neg_log_posterior(theta: np.ndarray) -> float:
        w, b = theta[:4].reshape(2, 2), theta[4:]
        z = x @ w + b
        log_lik = float(np.sum(scipy.special.log_softmax(z, axis=1)[np.arange(len(y)), y]))
        log_prior = float(np.sum(scipy.stats.norm.logpdf(w, 0.0, sd)))
        return -(log_lik + log_prior)

    best = scipy_optimize.minimize(
        neg_log_posterior, np.zeros(6), method="BFGS", options={"gtol": 1e-10}
    )
    assert np.allclose(fit.weights[-1].ravel(), best.x[:4], atol=1e-5)
    assert np.allclose(fit.bias[-1], best.x[4:], atol=1e-5)


@given(st.floats(1e-6, 1e3), st.integers(1, 10**6))
def test_prior_variance_is_one_over_n_lambda(lam, n):
    assert math.isclose(nllbook.l2_prior_variance(lam, n) * n * lam, 1.0, rel_tol=1e-12)


def test_no_penalty_is_a_flat_prior():
    assert nllbook.l2_prior_variance(0.0, 10) == math.inf


# -- Dirichlet smoothing --------------------------------------------------------------

count_rows = st.integers(2, 8).flatmap(
    lambda k: arrays(np.int64, (3, k), elements=st.integers(0, 50))
)


@given(count_rows, st.floats(0.01, 20.0))
def test_dirichlet_mean_is_scipy_posterior_mean(counts, alpha):
    got = nllbook.dirichlet_estimate(counts, alpha)
    for row, est in zip(counts, got, strict=True):
        want = scipy.stats.dirichlet.mean(row + alpha)
        assert np.allclose(est, want, rtol=1e-12, atol=1e-15)


@given(count_rows, st.floats(1.0, 20.0))
def test_dirichlet_map_is_the_posterior_mode(counts, alpha):
    """The mode maximises scipy's posterior log-density: no nearby point does better."""
    counts = counts + 1  # an interior mode, where the log-density is finite
    got = nllbook.dirichlet_estimate(counts, alpha, estimate="map")
    rng = np.random.default_rng(0)
    for row, mode in zip(counts, got, strict=True):
        post = scipy.stats.dirichlet(row + alpha)
        top = post.logpdf(mode)
        for _ in range(5):
            step = rng.normal(size=mode.size) * 1e-3
            step -= step.mean()
            other = mode + step
            if np.all(other > 0):
                assert post.logpdf(other / other.sum()) <= top + 1e-9


@given(count_rows, st.floats(0.0, 20.0))
def test_mean_with_alpha_is_map_with_alpha_plus_one_and_the_bigram_smoothing(counts, alpha):
    mean = nllbook.dirichlet_estimate(counts, alpha) if alpha > 0 else None
    mode = nllbook.dirichlet_estimate(counts + 1, alpha + 1.0, estimate="map")
    assert np.allclose(mode.sum(axis=-1), 1.0)
    if mean is not None:
        assert np.allclose(mean, nllbook.dirichlet_estimate(counts, alpha + 1.0, estimate="map"))
        k = counts.shape[1]
        square = np.vstack([counts[0]] * k)
        assert np.allclose(mean[0], nllbook.bigram_probabilities(square, alpha)[0])


def test_smoothing_makes_an_unseen_outcome_finite():
    counts = np.array([5, 3, 0])
    assert math.isinf(
        float(nllbook.nll(nllbook.dirichlet_estimate(counts, 1.0, estimate="map"), 2))
    )
    smoothed = nllbook.dirichlet_estimate(counts, 1.0)
    assert float(nllbook.nll(smoothed, 2)) == pytest.approx(math.log((8 + 3) / 1))


def test_dirichlet_refuses_a_mode_below_one_and_an_empty_row():
    with pytest.raises(ValueError, match="^alpha"):
        nllbook.dirichlet_estimate([1, 2], 0.5, estimate="map")
    with pytest.raises(ValueError, match="^counts"):
        nllbook.dirichlet_estimate([0, 0], 1.0, estimate="map")
    with pytest.raises(ValueError, match="^estimate"):
        nllbook.dirichlet_estimate([0, 1], 1.0, estimate="median")


def test_dirichlet_survives_huge_counts():
    got = nllbook.dirichlet_estimate([1e308, 1e308, 0], 1.0)
    assert np.allclose(got, [0.5, 0.5, 0.0])


# -- A normal curve on a grid ----------------------------------------------------------


@given(st.floats(-3.0, 3.0), st.floats(0.2, 5.0))
def test_normal_on_grid_is_the_normalised_scipy_density(mu, sd):
    grid = np.linspace(-5.0, 5.0, 41)
    dens = scipy.stats.norm.pdf(grid, mu, sd)
    assert np.allclose(
        nllbook.normal_on_grid(grid, mu, sd), dens / dens.sum(), rtol=1e-10, atol=1e-300
    )


# -- Distillation ------------------------------------------------------------------------


def _torch_distillation(t: np.ndarray, s: np.ndarray, temp: float, scaled: bool):
    torch = pytest.importorskip("torch")
    ts = torch.tensor(t, dtype=torch.float64)
    ss = torch.tensor(s, dtype=torch.float64, requires_grad=True)
    kl = torch.nn.KLDivLoss(reduction="batchmean")(
        torch.log_softmax(ss / temp, dim=-1), torch.softmax(ts / temp, dim=-1)
    )
    loss = kl * temp**2 if scaled else kl
    loss.backward()
    return float(loss.detach()), ss.grad.numpy()


@settings(deadline=None)
@given(logit_pairs(), temperature, st.booleans())
def test_distillation_loss_and_gradient_match_torch(pair, temp, scaled):
    t, s = pair
    want_loss, want_grad = _torch_distillation(t, s, temp, scaled)
    got = nllbook.distillation_loss(t, s, temp, scaled=scaled)
    assert got == pytest.approx(want_loss, rel=1e-9, abs=1e-12)
    grad = nllbook.distillation_gradient(t, s, temp, scaled=scaled)
    assert np.allclose(grad, want_grad, rtol=1e-8, atol=1e-14)


def test_distillation_loss_matches_mpmath():
    t, s, temp = [4.0, -1.0, 0.5, 2.0], [0.0, 3.0, 1.0, -2.0], 3.0
    mpmath.mp.dps = 40

    def soft(z):
        e = [mpmath.exp(mpmath.mpf(v) / temp) for v in z]
        total = mpmath.fsum(e)
        return [x / total for x in e]

    p, q = soft(t), soft(s)
    want = temp**2 * mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))
    assert nllbook.distillation_loss(t, s, temp) == pytest.approx(float(want), rel=1e-13)


def test_unscaled_gradient_falls_as_one_over_t_squared_and_scaled_stays():
    t, s = np.array([2.0, -1.0, 0.5]), np.array([0.0, 1.0, -0.5])
    temps = np.array([5.0, 50.0, 500.0])
    raw = np.array(
        [np.abs(nllbook.distillation_gradient(t, s, T, scaled=False)).sum() for T in temps]
    )
    scaled = np.array([np.abs(nllbook.distillation_gradient(t, s, T)).sum() for T in temps])
    assert np.allclose(raw * temps**2, scaled)
    d = (s - t) - (s - t).mean()
    limit = np.abs(d / s.size).sum()
    assert scaled[-1] == pytest.approx(limit, rel=1e-3)
    assert raw[-1] * temps[-1] ** 2 == pytest.approx(limit, rel=1e-3)


@given(logit_pairs(), temperature, st.floats(-5.0, 5.0))
def test_distillation_is_zero_for_shifted_logits_and_never_negative(pair, temp, shift):
    t, s = pair
    assert nllbook.distillation_loss(t, t + shift, temp) == pytest.approx(0.0, abs=1e-9 * temp**2)
    assert nllbook.distillation_loss(t, s, temp) >= 0.0


def test_distillation_with_a_vanishing_student_probability_stays_finite():
    loss = nllbook.distillation_loss([0.0, 0.0], [0.0, -2000.0], 1.0)
    assert loss == pytest.approx(2000.0 / 2 - math.log(2) + 0.0, rel=1e-6)


# -- Bits per byte ---------------------------------------------------------------------------


def test_bits_per_byte_counts_utf8_bytes():
    text = "naïve café"
    n = len(text.encode("utf-8"))
    assert n > len(text)
    assert nllbook.bits_per_byte(n * math.log(2.0), text) == pytest.approx(1.0)
    assert nllbook.bits_per_byte(n * math.log(2.0), text.encode()) == pytest.approx(1.0)


@given(st.text(min_size=1, max_size=30), st.floats(0.0, 1e6))
def test_bits_per_byte_is_bits_per_symbol_over_bytes(text, total):
    n = len(text.encode("utf-8", "surrogatepass"))
    want = nllbook.bits_per_symbol(total) / n
    assert nllbook.bits_per_byte(total, text) == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_bits_per_byte_is_the_same_for_two_tokenisations_of_one_model():
    """A model of characters, read as a model of character pairs, pays the same per byte."""
    text = "abracadabra!"
    q = nllbook.empirical_distribution([ord(c) % 7 for c in text], 7)
    ids = [ord(c) % 7 for c in text]
    per_char = float(nllbook.nll(q, ids, reduction="sum"))
    pairs = [(ids[i], ids[i + 1]) for i in range(0, len(ids), 2)]
    pair_probs = np.array([q[a] * q[b] for a, b in pairs])
    per_pair = float(-np.log(pair_probs).sum())
    assert per_pair / len(pairs) > per_char / len(ids)  # per token: not comparable
    assert nllbook.bits_per_byte(per_pair, text) == pytest.approx(
        nllbook.bits_per_byte(per_char, text)
    )


def test_bits_per_byte_refuses_negative_and_empty():
    with pytest.raises(ValueError, match="^total_nll"):
        nllbook.bits_per_byte(-1.0, "a")
    with pytest.raises(ValueError, match="^data"):
        nllbook.bits_per_byte(1.0, "")
    assert nllbook.bits_per_byte(math.inf, "a") == math.inf
