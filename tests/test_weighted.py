"""Class weights, pos_weight and the focal loss against PyTorch and identities.

The weighted conventions of ``nllbook.conventions`` are compared with
``torch.nn.NLLLoss``, ``CrossEntropyLoss`` and ``BCEWithLogitsLoss`` in
float64 on drawn batches; the focal loss with the formula of
``torchvision.ops.sigmoid_focal_loss`` written out in torch (torchvision is
not a dependency); the best constant prediction under a weighted loss with a
numerical minimiser (scipy) and with torch's autograd.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nllbook
from nllbook import conventions as cv

torch = pytest.importorskip("torch")

REL = 1e-12


def t(x: Any) -> Any:
    return torch.tensor(np.asarray(x), dtype=torch.float64)


@st.composite
def weighted_batches(draw: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logits (N, K), targets with some -100 (never all), class weights (some 0, not all)."""
    n = draw(st.integers(1, 8))
    k = draw(st.integers(2, 6))
    z = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-20, 20)))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    ignored = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    ignored[0] = False
    y = np.where(ignored, -100, y)
    w = draw(hnp.arrays(np.float64, (k,), elements=st.floats(0, 10)))
    w[y[0]] = draw(st.floats(0.1, 10))  # the first sample always counts
    return z, y, w


@given(weighted_batches(), st.sampled_from(["mean", "sum", "none"]), st.sampled_from([0.0, 0.1]))
def test_weighted_cross_entropy_is_torchs(
    batch: tuple[np.ndarray, np.ndarray, np.ndarray], reduction: str, eps: float
) -> None:
    z, y, w = batch
    want = torch.nn.CrossEntropyLoss(weight=t(w), reduction=reduction, label_smoothing=eps)(
        t(z), torch.tensor(y)
    )
    got = cv.torch_cross_entropy_loss(z, y, eps, reduction, weight=w)
    np.testing.assert_allclose(got, want.numpy(), rtol=REL, atol=1e-13)


@given(weighted_batches(), st.sampled_from(["mean", "sum", "none"]))
def test_weighted_nll_is_torchs(
    batch: tuple[np.ndarray, np.ndarray, np.ndarray], reduction: str
) -> None:
    z, y, w = batch
    log_q = torch.log_softmax(t(z), dim=1)
    want = torch.nn.NLLLoss(weight=t(w), reduction=reduction)(log_q, torch.tensor(y))
    got = cv.torch_nll_loss(log_q.numpy(), y, reduction, weight=w)
    np.testing.assert_allclose(got, want.numpy(), rtol=REL, atol=1e-13)


@given(weighted_batches(), st.sampled_from([0.0, 0.2]))
def test_weighted_cross_entropy_with_probability_targets_is_torchs(
    batch: tuple[np.ndarray, np.ndarray, np.ndarray], eps: float
) -> None:
    z, _, w = batch
    rows = nllbook.softmax(z[::-1])  # any distributions
    want = torch.nn.CrossEntropyLoss(weight=t(w), label_smoothing=eps)(t(z), t(rows))
    got = cv.torch_cross_entropy_loss(z, rows, eps, weight=w)
    assert got == pytest.approx(want.item(), rel=REL, abs=1e-13)


@given(weighted_batches())
def test_the_weighted_mean_divides_by_the_sum_of_the_weights(
    batch: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    z, y, w = batch
    kept = y != -100
    total = cv.torch_cross_entropy_loss(z, y, reduction="sum", weight=w)
    mean = cv.torch_cross_entropy_loss(z, y, weight=w)
    assert mean == pytest.approx(total / w[y[kept]].sum(), rel=REL)
    # and equal weights change nothing, whatever their size
    scale = float(w.max())
    same = cv.torch_cross_entropy_loss(z, y, weight=np.full(w.size, scale))
    assert same == pytest.approx(cv.torch_cross_entropy_loss(z, y), rel=1e-12, abs=1e-13)


def test_all_selected_weights_zero_is_nan_as_in_torch() -> None:
    z, y, w = np.zeros((2, 3)), np.array([0, 0]), np.array([0.0, 1.0, 1.0])
    want = torch.nn.CrossEntropyLoss(weight=t(w))(t(z), torch.tensor(y)).item()
    assert math.isnan(want) and math.isnan(cv.torch_cross_entropy_loss(z, y, weight=w))


@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(1, 5), st.integers(1, 4)), elements=st.floats(-30, 30)
    ),
    st.data(),
)
def test_pos_weight_is_torchs(z: np.ndarray, data: Any) -> None:
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(0, 1)))
    per_output = data.draw(st.booleans())
    shape = (z.shape[1],) if per_output else ()
    pw = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 50)))
    for reduction in ("mean", "sum", "none"):
        want = torch.nn.BCEWithLogitsLoss(pos_weight=t(pw), reduction=reduction)(t(z), t(y))
        got = cv.torch_bce_with_logits_loss(z, y, reduction, pos_weight=pw)
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-11, atol=1e-12)


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-30, 30)), st.data())
def test_pos_weight_is_class_weights_one_and_w(z: np.ndarray, data: Any) -> None:
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    w = data.draw(st.floats(0.01, 50))
    two_class = np.stack([np.zeros_like(z), z], axis=1)  # softmax([0, z]) = [1 - σ(z), σ(z)]
    summed = cv.torch_cross_entropy_loss(two_class, y.astype(int), reduction="sum", weight=[1, w])
    got = cv.torch_bce_with_logits_loss(z, y, "sum", pos_weight=w)
    assert got == pytest.approx(summed, rel=1e-10, abs=1e-12)


def test_bad_weights_are_refused_by_name() -> None:
    z, y = np.zeros((2, 3)), [0, 1]
    for bad, words in (
        ([1.0, -1.0, 1.0], "negative"),
        ([0.0, 0.0, 0.0], "sum to 0"),
        ([1.0, 1.0], "shape"),
        ([[1.0, 1.0, 1.0]], "shape"),
        ([1.0, np.inf, 1.0], "infinite"),
    ):
        for f in (cv.torch_cross_entropy_loss, cv.torch_nll_loss):
            with pytest.raises(ValueError, match=f"^weight: .*{words}"):
                f(z, y, weight=bad)
    with pytest.raises(ValueError, match="^pos_weight: .*negative"):
        cv.torch_bce_with_logits_loss([0.0], [1.0], pos_weight=-1.0)
    with pytest.raises(ValueError, match="^pos_weight: shape"):
        cv.torch_bce_with_logits_loss(np.zeros((2, 3)), np.zeros((2, 3)), pos_weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="^weight: every class"):
        nllbook.reweighted_prior([1.0, 0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="^gamma"):
        nllbook.focal_loss([0.0], [1.0], gamma=-1.0)
    with pytest.raises(ValueError, match="^alpha"):
        nllbook.focal_loss([0.0], [1.0], alpha=1.5)


# -- The optimum of a weighted loss ---------------------------------------------------------------


@given(
    hnp.arrays(np.float64, st.integers(2, 5), elements=st.floats(0.05, 1)),
    st.data(),
)
def test_reweighted_prior_minimises_the_weighted_loss(raw: np.ndarray, data: Any) -> None:
    p = raw / raw.sum()
    w = data.draw(hnp.arrays(np.float64, p.shape, elements=st.floats(0.1, 10)))
    q_star = nllbook.reweighted_prior(p, w)

    def loss(z: np.ndarray) -> float:  # the weighted loss of the constant logits z
        log_q = z - np.log(np.exp(z - z.max()).sum()) - z.max()
        return float(-(w * p * log_q).sum())

    best = scipy.optimize.minimize(loss, np.zeros(p.size), method="BFGS", options={"gtol": 1e-10})
    q_num = np.exp(best.x - best.x.max())
    np.testing.assert_allclose(q_star, q_num / q_num.sum(), atol=1e-6)
    assert q_star.sum() == pytest.approx(1.0)


def test_pos_weight_moves_the_best_constant_logit_by_ln_w() -> None:
    """Train a single bias with torch's BCEWithLogitsLoss(pos_weight) and compare."""
    share, w = 0.1, 4.0
    y = torch.tensor([1.0] * 10 + [0.0] * 90, dtype=torch.float64)
    bias = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([bias], tolerance_grad=1e-14, tolerance_change=1e-16, max_iter=200)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(w, dtype=torch.float64))

    def closure() -> Any:
        opt.zero_grad()
        loss = loss_fn(bias.expand(100), y)
        loss.backward()
        return loss

    opt.step(closure)
    q = nllbook.reweighted_prior([1 - share, share], [1.0, w])[1]
    assert torch.sigmoid(bias).item() == pytest.approx(q, rel=1e-7)
    assert bias.item() == pytest.approx(math.log(share / (1 - share)) + math.log(w), rel=1e-7)


# -- The focal loss --------------------------------------------------------------------------------


def torch_focal(z: Any, y: Any, alpha: float, gamma: float) -> Any:
    """torchvision.ops.sigmoid_focal_loss (reduction "none"), as torchvision writes it."""
    p = torch.sigmoid(z)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss


@given(
    hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-5, 5)),
    st.data(),
    st.floats(0, 5),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_focal_loss_is_torchvisions(z: np.ndarray, data: Any, gamma: float, alpha: Any) -> None:
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    want = torch_focal(t(z), t(y), -1.0 if alpha is None else alpha, gamma).numpy()
    got = nllbook.focal_loss(z, y, gamma, alpha, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)
    assert nllbook.focal_loss(z, y, gamma, alpha) == pytest.approx(want.mean(), rel=1e-12)


@given(hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-40, 40)), st.data())
def test_focal_loss_with_gamma_0_is_cross_entropy(z: np.ndarray, data: Any) -> None:
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(0, 1)))
    got = nllbook.focal_loss(z, y, gamma=0.0, reduction="none")
    assert np.array_equal(got, nllbook.binary_cross_entropy_from_logits(z, y, reduction="none"))
    # torch sums exponentials where nllbook uses log1p: a few ulps of 1 apart
    want = torch.nn.functional.binary_cross_entropy_with_logits(t(z), t(y), reduction="none")
    np.testing.assert_allclose(got, want.numpy(), rtol=1e-10, atol=1e-14)


@given(
    hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-40, 40)),
    st.floats(0.1, 5),
)
def test_focal_loss_never_exceeds_cross_entropy_and_spares_easy_examples(
    z: np.ndarray, gamma: float
) -> None:
    y = np.ones_like(z)
    ce = nllbook.binary_cross_entropy_from_logits(z, y, reduction="none")
    fl = nllbook.focal_loss(z, y, gamma, reduction="none")
    assert np.all(fl <= ce)
    # the ratio is (1 - p_t)^γ: smaller the more probable the true label
    ratio = np.divide(fl, ce, out=np.zeros_like(ce), where=ce > 0)
    order = np.argsort(z)
    assert np.all(np.diff(ratio[order][ce[order] > 1e-300]) <= 1e-12)
