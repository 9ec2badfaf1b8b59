"""Sigmoid, log-sigmoid and binary cross-entropy from logits."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import log_loss

import nllbook

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 5)])
def test_sigmoid_and_log_sigmoid_match_scipy(shape):
    x = RNG.normal(scale=30, size=shape)
    x.flat[0] = 1000.0
    x.flat[-1] = -1000.0
    np.testing.assert_allclose(nllbook.sigmoid(x), scipy.special.expit(x), rtol=1e-15, atol=0)
    np.testing.assert_allclose(nllbook.log_sigmoid(x), scipy.special.log_expit(x), rtol=1e-13)


def test_float32_sigmoid_of_30_rounds_to_one():
    assert nllbook.sigmoid(np.float32(30.0)) == np.float32(1.0)
    assert nllbook.sigmoid(np.float32(30.0)).dtype == np.float32
    assert nllbook.sigmoid(30.0) < 1.0


def test_bce_from_logits_matches_sklearn_and_probability_form():
    x = RNG.normal(scale=3, size=200)
    y = RNG.integers(0, 2, size=200).astype(float)
    want = log_loss(y, scipy.special.expit(x), labels=[0, 1])
    assert nllbook.binary_cross_entropy_from_logits(x, y) == pytest.approx(want, rel=1e-12)
    soft = RNG.uniform(size=200)
    np.testing.assert_allclose(
        nllbook.binary_cross_entropy_from_logits(x, soft, "none"),
        nllbook.binary_cross_entropy(soft, scipy.special.expit(x), "none"),
        rtol=1e-10,
    )


def test_bce_from_logits_stays_finite_where_probabilities_round():
    x = np.array([40.0, -40.0], dtype=np.float32)
    y = np.array([0.0, 1.0], dtype=np.float32)
    naive = nllbook.binary_cross_entropy(y, nllbook.sigmoid(x), "none")
    # sigma(40) rounds to 1 in float32, so 1 - sigma is 0; sigma(-40) ~ 4e-18 does not round.
    assert np.isinf(naive[0]) and naive[1] == pytest.approx(40.0, rel=1e-6)
    stable = nllbook.binary_cross_entropy_from_logits(x, y, "none")
    np.testing.assert_allclose(stable, [40.0, 40.0], rtol=1e-6)
    assert stable.dtype == np.float32


@given(st.floats(-500, 500), st.floats(0, 1))
def test_bce_from_logits_is_nonnegative_and_matches_log_sigmoid(x, y):
    loss = nllbook.binary_cross_entropy_from_logits(x, y)
    assert loss >= 0
    want = -(y * nllbook.log_sigmoid(x) + (1 - y) * nllbook.log_sigmoid(-x))
    assert loss == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("logits", "y", "match"),
    [
        ([np.nan], [1.0], "^logits"),
        ([np.inf], [1.0], "^logits"),
        ([], [], "^logits"),
        ([1.0, 2.0], [1.0], "^logits and y"),
        ([1.0], [1.5], "^y"),
        ([1.0], [-0.1], "^y"),
    ],
)
def test_bce_from_logits_bad_input(logits, y, match):
    with pytest.raises(ValueError, match=match):
        nllbook.binary_cross_entropy_from_logits(logits, y)


def test_bce_from_logits_unknown_reduction():
    with pytest.raises(ValueError, match="^reduction"):
        nllbook.binary_cross_entropy_from_logits([1.0], [1.0], reduction="avg")
    with pytest.raises(ValueError, match="^x"):
        nllbook.sigmoid([np.nan])
