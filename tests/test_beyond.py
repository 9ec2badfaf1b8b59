"""NLL beyond classification: Gaussian densities, perplexity, bigram models.

Checked against SciPy (and PyTorch's GaussianNLLLoss when installed), plain
Python counting, and identities (MSE, perplexity, smoothing).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import nllbook
from nllbook import _beyond

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 1e3, allow_nan=False, allow_infinity=False)


# -- gaussian_nll ------------------------------------------------------------------------


@given(st.lists(finite, min_size=1, max_size=20), finite, positive)
def test_gaussian_nll_is_minus_scipy_logpdf(xs, mu, sigma):
    x = np.array(xs)
    want = -scipy.stats.norm.logpdf(x, loc=mu, scale=sigma)
    got = nllbook.gaussian_nll(x, mu, sigma, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    assert math.isclose(
        nllbook.gaussian_nll(x, mu, sigma), want.mean(), rel_tol=1e-12, abs_tol=1e-12
    )
    assert math.isclose(
        nllbook.gaussian_nll(x, mu, sigma, reduction="sum"), want.sum(), rel_tol=1e-12, abs_tol=1e-9
    )


@given(st.lists(finite, min_size=1, max_size=20), finite, positive)
def test_fixed_sigma_nll_is_mse_up_to_constants(xs, mu, sigma):
    """Property: mean NLL = MSE / (2σ²) + ln σ + ½ ln 2π, the same minimiser as MSE."""
    x = np.array(xs)
    mse = float(np.mean((x - mu) ** 2))
    const = math.log(sigma) + 0.5 * math.log(2 * math.pi)
    got = nllbook.gaussian_nll(x, mu, sigma)
    assert math.isclose(got, mse / (2 * sigma**2) + const, rel_tol=1e-10, abs_tol=1e-10)


def test_gaussian_nll_is_negative_for_a_narrow_density():
    # The density at its mean is 1 / (σ √(2π)), above 1 when σ is small.
    sigma = 0.1
    assert scipy.stats.norm.pdf(0.0, 0.0, sigma) > 1
    assert nllbook.gaussian_nll(0.0, 0.0, sigma) < 0


def test_gaussian_nll_broadcasts_a_learned_scale():
    x = np.array([0.0, 1.0, 3.0])
    mu = np.array([0.1, 0.9, 2.0])
    sigma = np.array([0.5, 1.0, 2.0])
    want = -scipy.stats.norm.logpdf(x, mu, sigma)
    np.testing.assert_allclose(nllbook.gaussian_nll(x, mu, sigma, reduction="none"), want)


def test_gaussian_nll_matches_torch():
    torch = pytest.importorskip("torch", reason="PyTorch is an optional test extra")
    rng = np.random.default_rng(3)
    x, mu = rng.normal(size=50), rng.normal(size=50)
    var = rng.uniform(0.1, 3.0, size=50)
    loss = torch.nn.GaussianNLLLoss(full=True, eps=1e-12)
    want = float(loss(torch.tensor(mu), torch.tensor(x), torch.tensor(var)))
    assert math.isclose(nllbook.gaussian_nll(x, mu, np.sqrt(var)), want, rel_tol=1e-12)
    # Its default leaves out the constant ½ ln 2π.
    short = float(torch.nn.GaussianNLLLoss()(torch.tensor(mu), torch.tensor(x), torch.tensor(var)))
    assert math.isclose(want - short, 0.5 * math.log(2 * math.pi), rel_tol=1e-9)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([1.0], 0.0, 0.0), "scale: the standard deviation must be > 0"),
        (([1.0], 0.0, -1.0), "scale: the standard deviation must be > 0"),
        (([np.nan], 0.0, 1.0), "x: values must be finite"),
        (([1.0], np.inf, 1.0), "loc: values must be finite"),
        (([], 0.0, 1.0), "x:.*empty"),
        (([1.0, 2.0], [0.0, 1.0, 2.0], 1.0), "do not broadcast"),
    ],
)
def test_gaussian_nll_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        nllbook.gaussian_nll(*args)


# -- perplexity ------------------------------------------------------------------------------


@given(st.floats(0, 50, allow_nan=False))
def test_perplexity_is_exp_nll_and_two_to_the_bits(nll):
    assert math.isclose(nllbook.perplexity(nll), math.exp(nll), rel_tol=1e-12)
    bits = nllbook.bits_per_symbol(nll)
    assert math.isclose(bits, nll / math.log(2), rel_tol=1e-12)
    assert math.isclose(nllbook.perplexity(bits, base=2), math.exp(nll), rel_tol=1e-9)


@pytest.mark.parametrize("k", [2, 6, 27, 1000])
def test_uniform_guess_has_perplexity_k(k):
    q = np.full(k, 1.0 / k)
    assert math.isclose(nllbook.perplexity(nllbook.entropy(q)), k, rel_tol=1e-12)


def test_perplexity_of_an_impossible_symbol_is_infinite():
    assert nllbook.perplexity(math.inf) == math.inf


@pytest.mark.parametrize("bad", [-0.1, np.nan, "1"])
def test_perplexity_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="mean_nll"):
        nllbook.perplexity(bad)


# -- bigram model ----------------------------------------------------------------------------

texts = st.text(alphabet="abc ", min_size=2, max_size=60)


@given(texts)
def test_bigram_counts_match_a_counter(text):
    abc = "abc "
    counts = nllbook.bigram_counts(text, abc)
    pairs = Counter(itertools.pairwise(text))
    for (a, b), n in pairs.items():
        assert counts[abc.index(a), abc.index(b)] == n
    assert counts.sum() == len(text) - 1


@given(texts, st.floats(1e-6, 100))
def test_smoothing_makes_every_held_out_loss_finite(train, k):
    q = nllbook.bigram_probabilities(nllbook.bigram_counts(train, "abc "), k)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)
    held_out = "cab a bc ca"  # pairs the training text may never contain
    assert math.isfinite(nllbook.bigram_nll(held_out, q, "abc "))


def test_unseen_pair_costs_infinity_without_smoothing():
    q = nllbook.bigram_probabilities(nllbook.bigram_counts("abab", "ab"))
    assert nllbook.bigram_nll("aa", q, "ab") == math.inf


@given(texts)
@settings(max_examples=50)
def test_mle_bigram_nll_on_training_text_is_conditional_entropy(text):
    """Mean NLL = H(next | previous) of the text's own pair frequencies, by Counter."""
    abc = "abc "
    q = nllbook.bigram_probabilities(nllbook.bigram_counts(text, abc))
    pairs = Counter(itertools.pairwise(text))
    firsts = Counter(text[:-1])
    n = len(text) - 1
    h = -sum(c / n * math.log(c / firsts[a]) for (a, _b), c in pairs.items())
    assert math.isclose(nllbook.bigram_nll(text, q, abc), h, rel_tol=1e-9, abs_tol=1e-12)


def test_bigram_nll_is_mean_of_picked_logs():
    rng = np.random.default_rng(0)
    q = rng.dirichlet(np.ones(3), size=3)
    text = "abcacb"
    want = np.mean(
        [-math.log(q["abc".index(a), "abc".index(b)]) for a, b in itertools.pairwise(text)]
    )
    assert math.isclose(nllbook.bigram_nll(text, q, "abc"), want, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: nllbook.bigram_counts("abz", "ab"), "text: characters not in the alphabet"),
        (lambda: nllbook.bigram_counts("a", "ab"), "text: needs at least two"),
        (lambda: nllbook.bigram_counts("ab", "aa"), "alphabet: characters must be distinct"),
        (lambda: nllbook.bigram_probabilities([[1, 2]], 1.0), "counts: must be a square"),
        (lambda: nllbook.bigram_probabilities([[1, -2], [0, 1]]), "counts: must be non-negative"),
        (lambda: nllbook.bigram_probabilities([[1, 2], [0, 1]], -1.0), "smoothing"),
        (lambda: nllbook.bigram_probabilities([[1, 2], [0, 1]], "1"), "smoothing"),
        (lambda: nllbook.bigram_nll("ab", [[0.5, 0.5]], "ab"), "probabilities: shape"),
        (lambda: nllbook.bigram_nll(["a", "b"], np.eye(2), "ab"), "text: must be a string"),
    ],
)
def test_bigram_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@given(st.lists(finite, min_size=1, max_size=10), finite, positive, st.floats(1e-3, 10))
def test_gaussian_bin_nll_is_minus_log_of_a_cdf_difference(xs, mu, sigma, width):
    x = np.array(xs)
    # The bin's left edge: x less its offset (readings within 4 ulps below an
    # edge lie on it; test_edges checks that rule against exact arithmetic).
    lo = x - _beyond._bin_offset(x, width)
    norm = scipy.stats.norm(mu, sigma)
    # scipy's own tails (sf above the mean, cdf below) keep the digits.
    prob = np.where(lo > mu, norm.sf(lo) - norm.sf(lo + width), norm.cdf(lo + width) - norm.cdf(lo))
    got = nllbook.gaussian_bin_nll(x, mu, sigma, width=width, reduction="none")
    ok = prob > 1e-300  # where scipy's difference has not cancelled to 0
    np.testing.assert_allclose(got[ok], -np.log(prob[ok]), rtol=1e-7, atol=1e-9)
    assert np.all(got >= 0)


def test_narrow_bins_shift_the_density_nll_by_minus_log_width():
    x = np.array([1.79, 1.83, 1.76, 1.81])
    for width in (1e-2, 1e-3, 1e-4):
        shift = nllbook.gaussian_bin_nll(x, 1.8, 0.05, width=width) - nllbook.gaussian_nll(
            x, 1.8, 0.05
        )
        assert abs(shift + math.log(width)) < 50 * width / 0.05


@pytest.mark.parametrize("width", [0.0, -1.0, np.nan, [0.1, 0.2]])
def test_gaussian_bin_nll_rejects_bad_width(width):
    with pytest.raises(ValueError, match="width"):
        nllbook.gaussian_bin_nll([1.0], 0.0, 1.0, width=width)


def test_gaussian_bin_nll_names_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="x, loc and scale: shapes"):
        nllbook.gaussian_bin_nll([1.0, 2.0], [0.0, 1.0, 2.0], 1.0, width=0.1)
