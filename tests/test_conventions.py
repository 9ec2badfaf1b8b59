"""nllbook.conventions against the libraries whose conventions it reproduces.

scikit-learn and SciPy are always installed for the tests. PyTorch is an
optional test extra (CI installs it); its tests are skipped, with the reason
shown, where it is missing. Keras is not installed anywhere: its convention
is checked against an independent transcription of the Keras 3 backend
formula (rescale, clip at 1e-7, log) and against identities.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
from sklearn.metrics import log_loss

import nllbook
from nllbook import conventions as cv


def random_distributions(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Rows (last axis) drawn from a flat Dirichlet: each sums to 1."""
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])


@pytest.fixture
def batch(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logits, their softmax probabilities and index targets for 7 x 5."""
    logits = rng.normal(scale=2.0, size=(7, 5))
    probs = scipy.special.softmax(logits, axis=-1)
    target = rng.integers(0, 5, size=7)
    return logits, probs, target


# -- scikit-learn and SciPy ------------------------------------------------------------------


@pytest.mark.parametrize("normalize", [True, False])
def test_sklearn_log_loss_matches_sklearn(batch, normalize):
    _, probs, target = batch
    got = cv.sklearn_log_loss(target, probs, normalize=normalize)
    want = log_loss(target, probs, labels=range(5), normalize=normalize)
    assert np.isclose(got, want, rtol=1e-12)


def test_sklearn_log_loss_clips_zero_like_sklearn():
    probs = np.array([[0.0, 1.0], [0.5, 0.5]])
    target = np.array([0, 1])
    got = cv.sklearn_log_loss(target, probs)
    assert np.isfinite(got)
    assert np.isclose(got, log_loss(target, probs, labels=[0, 1]), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sklearn_clips_at_the_machine_epsilon_of_the_dtype(dtype):
    probs = np.array([[0.0, 1.0], [0.25, 0.75]], dtype=dtype)
    target = np.array([0, 1])
    want = log_loss(target, probs, labels=[0, 1])
    assert np.isclose(cv.sklearn_log_loss(target, probs), want, rtol=1e-6)
    # The zero costs -ln(eps) of the dtype: about 36 nats in float64, 16 in float32.
    eps = np.finfo(dtype).eps
    assert np.isclose(cv.sklearn_log_loss([0], probs[:1]), -np.log(eps), rtol=1e-6)


def test_scipy_entropy_matches_scipy(rng):
    p = random_distributions(rng, (6,))
    q = random_distributions(rng, (6,))
    counts = np.array([3.0, 1.0, 0.0, 6.0])
    assert np.isclose(cv.scipy_entropy(p), scipy.stats.entropy(p))
    assert np.isclose(cv.scipy_entropy(p, q), scipy.stats.entropy(p, q))
    assert np.isclose(cv.scipy_entropy(p, q, base=2), scipy.stats.entropy(p, q, base=2))
    assert np.isclose(cv.scipy_entropy(counts), scipy.stats.entropy(counts))


def test_scipy_entropy_default_axis_is_zero_like_scipy(rng):
    p = rng.uniform(size=(4, 6))
    q = rng.uniform(size=(4, 6))
    for kwargs in ({}, {"axis": 0}, {"axis": 1}, {"axis": -1}):
        assert np.allclose(cv.scipy_entropy(p, **kwargs), scipy.stats.entropy(p, **kwargs))
        assert np.allclose(cv.scipy_entropy(p, q, **kwargs), scipy.stats.entropy(p, q, **kwargs))
    # The default runs down the columns: a batch of rows needs axis=1.
    assert cv.scipy_entropy(p, q).shape == (6,)
    assert np.allclose(
        cv.scipy_entropy(p, q, axis=1),
        nllbook.kl_divergence(p / p.sum(axis=1, keepdims=True), q / q.sum(axis=1, keepdims=True)),
    )


def test_scipy_entropy_with_two_arguments_is_kl_not_cross_entropy(rng):
    p = random_distributions(rng, (6,))
    q = random_distributions(rng, (6,))
    ce = nllbook.cross_entropy(p, q)
    assert np.isclose(scipy.stats.entropy(p, q), ce - nllbook.entropy(p))
    assert not np.isclose(cv.scipy_entropy(p, q), ce)
    assert np.isclose(cv.scipy_entropy(p) + cv.scipy_entropy(p, q), ce)


# -- Keras (no Keras here: an independent transcription and identities) ------------------------


def keras_reference(y_true, y_pred, from_logits, label_smoothing):
    """Keras 3 backend categorical_crossentropy, transcribed term by term."""
    y_true = np.asarray(y_true, dtype=float)
    k = y_true.shape[-1]
    y_true = y_true * (1.0 - label_smoothing) + label_smoothing / k
    if from_logits:
        log_prob = scipy.special.log_softmax(y_pred, axis=-1)
    else:
        out = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
        out = np.clip(out, 1e-7, 1.0 - 1e-7)
        log_prob = np.log(out)
    return float(np.mean(-np.sum(y_true * log_prob, axis=-1)))


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_keras_matches_its_backend_formula(batch, from_logits, label_smoothing):
    logits, probs, target = batch
    onehot = np.eye(5)[target]
    pred = logits if from_logits else probs
    got = cv.keras_categorical_crossentropy(onehot, pred, from_logits, label_smoothing)
    assert np.isclose(got, keras_reference(onehot, pred, from_logits, label_smoothing))


def test_keras_identities(batch):
    logits, probs, target = batch
    onehot = np.eye(5)[target]
    # From logits it is the textbook cross-entropy of the softmax.
    assert np.isclose(
        cv.keras_categorical_crossentropy(onehot, logits, from_logits=True),
        nllbook.cross_entropy_from_logits(logits, target),
    )
    # Inside [1e-7, 1 - 1e-7] the clip does nothing.
    assert np.isclose(cv.keras_categorical_crossentropy(onehot, probs), nllbook.nll(probs, target))
    # A zero probability costs -ln(1e-7), not infinity.
    zero = cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.0, 1.0]])
    assert np.isclose(zero, -np.log(1e-7))
    # Unnormalised predictions are rescaled first.
    assert np.isclose(
        cv.keras_categorical_crossentropy(onehot, 3.0 * probs),
        cv.keras_categorical_crossentropy(onehot, probs),
    )


@pytest.mark.parametrize("from_logits", [False, True])
def test_keras_sparse_is_the_one_hot_categorical(batch, from_logits):
    logits, probs, target = batch
    pred = logits if from_logits else probs
    # Keras 3's numpy and JAX backends one-hot encode the indices, then apply
    # the categorical formula: transcribed in keras_reference above.
    want = keras_reference(np.eye(5)[target], pred, from_logits, 0.0)
    got = cv.keras_sparse_categorical_crossentropy(target, pred, from_logits=from_logits)
    assert np.isclose(got, want)
    assert np.isclose(got, nllbook.cross_entropy_from_logits(logits, target))


def test_keras_reductions(batch):
    _, probs, target = batch
    onehot = np.eye(5)[target]
    each = cv.keras_categorical_crossentropy(onehot, probs, reduction="none")
    assert np.allclose(each, nllbook.nll(probs, target, reduction="none"))
    assert np.allclose(cv.keras_categorical_crossentropy(onehot, probs, reduction=None), each)
    assert np.isclose(cv.keras_categorical_crossentropy(onehot, probs, reduction="sum"), each.sum())
    for how in ("sum_over_batch_size", "mean"):
        got = cv.keras_sparse_categorical_crossentropy(target, probs, reduction=how)
        assert np.isclose(got, each.mean())


def test_keras_logits_without_from_logits_is_wrong(batch):
    logits, _, target = batch
    onehot = np.eye(5)[target]
    right = cv.keras_categorical_crossentropy(onehot, logits, from_logits=True)
    wrong = cv.keras_categorical_crossentropy(onehot, logits)
    assert np.isclose(wrong, keras_reference(onehot, logits, False, 0.0))
    assert not np.isclose(wrong, right)


# -- PyTorch -----------------------------------------------------------------------------------


@pytest.fixture
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch is an optional test extra (.ci/run installs constraints/torch.txt)"
    )


def t(torch, x):
    return torch.as_tensor(np.asarray(x), dtype=torch.float64)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_torch_nll_loss(torch, batch, reduction):
    logits, probs, target = batch
    log_probs = scipy.special.log_softmax(logits, axis=-1)
    want = torch.nn.NLLLoss(reduction=reduction)(t(torch, log_probs), torch.as_tensor(target))
    got = cv.torch_nll_loss(log_probs, target, reduction=reduction)
    assert np.allclose(got, want.numpy(), rtol=1e-12)
    # The classic mistake: probabilities in place of log-probabilities.
    wrong = torch.nn.NLLLoss()(t(torch, probs), torch.as_tensor(target))
    assert np.isclose(cv.torch_nll_loss(probs, target), wrong.item(), rtol=1e-12)
    assert wrong.item() < 0


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
def test_torch_cross_entropy_loss(torch, batch, reduction, label_smoothing):
    logits, _probs, target = batch
    loss = torch.nn.CrossEntropyLoss(reduction=reduction, label_smoothing=label_smoothing)
    want = loss(t(torch, logits), torch.as_tensor(target))
    got = cv.torch_cross_entropy_loss(logits, target, label_smoothing, reduction)
    assert np.allclose(got, want.numpy(), rtol=1e-12)
    # Probability-row targets.
    soft = random_distributions(np.random.default_rng(3), logits.shape)
    want_soft = loss(t(torch, logits), t(torch, soft))
    got_soft = cv.torch_cross_entropy_loss(logits, soft, label_smoothing, reduction)
    assert np.allclose(got_soft, want_soft.numpy(), rtol=1e-12)


def test_torch_cross_entropy_on_probabilities_applies_softmax_twice(torch, batch):
    _logits, probs, target = batch
    wrong = torch.nn.CrossEntropyLoss()(t(torch, probs), torch.as_tensor(target)).item()
    assert np.isclose(cv.torch_cross_entropy_loss(probs, target), wrong, rtol=1e-12)
    assert not np.isclose(wrong, nllbook.nll(probs, target))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_torch_bce_losses(torch, rng, reduction):
    logits = rng.normal(scale=3.0, size=(4, 3))
    y = rng.uniform(size=(4, 3))
    probs = scipy.special.expit(logits)
    want = torch.nn.BCELoss(reduction=reduction)(t(torch, probs), t(torch, y))
    assert np.allclose(cv.torch_bce_loss(probs, y, reduction), want.numpy(), rtol=1e-12)
    want = torch.nn.BCEWithLogitsLoss(reduction=reduction)(t(torch, logits), t(torch, y))
    got = cv.torch_bce_with_logits_loss(logits, y, reduction)
    assert np.allclose(got, want.numpy(), rtol=1e-12)


def test_torch_bce_clamps_logs_at_minus_100(torch):
    probs, y = np.array([0.0, 1.0, 0.3]), np.array([1.0, 0.0, 1.0])
    want = torch.nn.BCELoss(reduction="none")(t(torch, probs), t(torch, y))
    got = cv.torch_bce_loss(probs, y, reduction="none")
    assert np.allclose(got, want.numpy(), rtol=1e-12)
    assert got[0] == 100.0


@pytest.mark.parametrize("reduction", ["mean", "batchmean", "sum", "none"])
@pytest.mark.parametrize("log_target", [False, True])
def test_torch_kl_div_loss(torch, batch, reduction, log_target):
    logits, _, _ = batch
    log_q = scipy.special.log_softmax(logits, axis=-1)
    p = random_distributions(np.random.default_rng(5), logits.shape)
    p[0, 0] = 0.0  # a zero target entry contributes 0
    p[0] /= p[0].sum()
    with np.errstate(divide="ignore"):
        target = np.log(p) if log_target else p
    loss = torch.nn.KLDivLoss(reduction=reduction, log_target=log_target)
    with warnings.catch_warnings():
        # PyTorch warns that its default "mean" is not the KL; that is the point.
        warnings.simplefilter("ignore", UserWarning)
        want = loss(t(torch, log_q), t(torch, target))
    got = cv.torch_kl_div_loss(log_q, target, reduction=reduction, log_target=log_target)
    # With log_target, the -inf of the zero entry gives NaN in both.
    assert np.allclose(got, want.numpy(), rtol=1e-12, equal_nan=True)
    if not log_target:
        assert np.all(np.isfinite(got))


def test_kl_div_batchmean_is_the_kl_and_mean_divides_by_k(batch):
    logits, probs, _ = batch
    p = random_distributions(np.random.default_rng(6), logits.shape)
    kl = nllbook.kl_divergence(p, probs)
    log_q = np.log(probs)
    assert np.isclose(cv.torch_kl_div_loss(log_q, p, reduction="batchmean"), kl.mean())
    assert np.isclose(cv.torch_kl_div_loss(log_q, p), kl.mean() / logits.shape[1])


def test_classic_mistakes_match_torch_scipy_and_keras(torch, batch):
    logits, probs, target = batch
    y = torch.as_tensor(target)
    onehot = np.eye(5)[target]
    soft = 0.8 * onehot + 0.2 / 5
    by_call = {x.call.split("(")[0]: x for x in cv.classic_mistakes(logits, target, 0.2)}
    assert len(by_call) == 5
    ce = torch.nn.CrossEntropyLoss()(t(torch, logits), y).item()
    # 1. NLLLoss on probabilities: minus the mean true-class probability.
    x = by_call["NLLLoss"]
    assert np.isclose(x.wrong, torch.nn.NLLLoss()(t(torch, probs), y).item(), rtol=1e-12)
    assert np.isclose(x.wrong, -probs[np.arange(7), target].mean())
    assert np.isclose(x.right, ce, rtol=1e-12)
    # 2. CrossEntropyLoss on probabilities: softmax twice.
    x = by_call["CrossEntropyLoss"]
    assert np.isclose(x.wrong, torch.nn.CrossEntropyLoss()(t(torch, probs), y).item(), rtol=1e-12)
    assert np.isclose(x.right, ce, rtol=1e-12)
    # 3. Keras without from_logits: the transcribed backend formula on logits.
    x = by_call["CategoricalCrossentropy"]
    assert np.isclose(x.wrong, keras_reference(onehot, logits, False, 0.0))
    assert np.isclose(x.right, ce, rtol=1e-12)
    # 4. SciPy's entropy(p, q) is the KL; the cross-entropy adds entropy(p).
    x = by_call["entropy"]
    kl = scipy.stats.entropy(soft, probs, axis=1)
    assert np.isclose(x.wrong, kl.mean())
    assert np.isclose(x.right, (kl + scipy.stats.entropy(soft, axis=1)).mean())
    soft_ce = torch.nn.CrossEntropyLoss()(t(torch, logits), t(torch, soft)).item()
    assert np.isclose(x.right, soft_ce, rtol=1e-12)
    # 5. KLDivLoss on its default "mean" against "batchmean".
    x = by_call["KLDivLoss"]
    log_q = t(torch, scipy.special.log_softmax(logits, axis=-1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        mean = torch.nn.KLDivLoss()(log_q, t(torch, onehot)).item()
    batchmean = torch.nn.KLDivLoss(reduction="batchmean")(log_q, t(torch, onehot)).item()
    assert np.isclose(x.wrong, mean, rtol=1e-12)
    assert np.isclose(x.right, batchmean, rtol=1e-12)
    assert np.isclose(x.right, ce, rtol=1e-12)  # one-hot target: KL = cross-entropy


# -- table and bad input -------------------------------------------------------------------


def test_conventions_table_names_a_function_for_each_api():
    apis = [c.api for c in cv.CONVENTIONS]
    assert len(apis) == len(set(apis))
    for c in cv.CONVENTIONS:
        assert callable(c.function)
        assert c.function.__doc__ and c.framework.split()[0] in c.function.__doc__


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: cv.torch_nll_loss([[0.1, 0.9]], [2]), "target: class index out of range"),
        (lambda: cv.torch_nll_loss([0.1, 0.9], [1]), "input: expected a 2-D batch"),
        (lambda: cv.torch_nll_loss([[np.nan, 0.0]], [1]), "input: contains NaN"),
        (lambda: cv.torch_cross_entropy_loss([[1.0, 2.0]], [[1.0]]), "target: expected shape"),
        (lambda: cv.torch_bce_loss([1.2], [1.0]), "input: contains a probability above 1"),
        (lambda: cv.torch_kl_div_loss([[0.0]], [[1.0]], reduction="avg"), "reduction"),
        (lambda: cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.5]]), "y_true and y_pred"),
        (lambda: cv.sklearn_log_loss([0], [[0.5, 0.6]]), "y_proba: rows must sum to 1"),
        (lambda: cv.sklearn_log_loss([], [[0.5, 0.5]]), "y_true: is empty"),
        (lambda: cv.scipy_entropy([0.5, -0.5, 1.0]), "pk: contains a negative"),
        (lambda: cv.scipy_entropy([[0.5, 0.5]], axis=2), "axis: 2 is out of range"),
        (lambda: cv.scipy_entropy([0.0, 0.0]), "pk: a distribution sums to 0"),
        (
            lambda: cv.keras_categorical_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], reduction="avg"),
            "reduction",
        ),
        (lambda: cv.keras_sparse_categorical_crossentropy([3], [[0.5, 0.5]]), "y_true: class"),
        (lambda: cv.classic_mistakes([[1.0, 2.0]], [0], label_smoothing=0.0), "label_smoothing"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
