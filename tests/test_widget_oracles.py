"""Every explorer against an independent oracle, at every slider state.

Each oracle recomputes an explorer's numbers from the slider values with
plain ``math`` and scipy, never with nllbook or the explorer's own
``numbers()``: a slider wired to the wrong formula (a temperature that is
ignored, bits in base 10, a sign flip) fails here. The data the explorers
show (the article's probabilities, the coin flips, the simulated rolls) are
inputs, not numbers to check, and are read from :mod:`nllbook.examples`.

:func:`test_every_explorer_has_an_oracle` fails when an explorer is added
without one.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats

from nllbook import book_data, widgets
from nllbook import examples as ex

Numbers = dict[str, float]


def _log(x: float) -> float:
    return math.log(x) if x > 0 else -math.inf


def _die_towards_six(t: float) -> np.ndarray:
    fair = np.full(6, 1 / 6)
    six = np.array([0, 0, 0, 0, 0, 1.0])
    return (1 - t) * fair + t * six


def classifier(true_class: float) -> Numbers:
    q = float(ex.FOUR_CLASS_PROBS[int(true_class) - 1])
    return {"likelihood": q, "log": math.log(q), "nll": -math.log(q)}


def nll(p: float) -> Numbers:
    return {"likelihood": p, "log": _log(p), "negative": -_log(p)}


def coin(theta: float) -> Numbers:
    flips = ex.COIN_FLIPS
    n, heads = flips.size, int(flips.sum())
    log_lik = float(scipy.special.xlogy(heads, theta) + scipy.special.xlog1py(n - heads, -theta))
    return {
        "likelihood": theta**heads * (1 - theta) ** (n - heads),
        "log": log_lik,
        "negative": -log_lik,
        "frequency": heads / n,
    }


def _loop_product(p: float, n: int, dtype: type) -> float:
    prod, factor = dtype(1.0), dtype(p)
    for _ in range(n):
        prod = dtype(prod * factor)
    return float(prod)


def _first_zero(p: float, dtype: type) -> float:
    prod, factor, k = dtype(1.0), dtype(p), 0
    while prod != 0:
        prod, k = dtype(prod * factor), k + 1
    return float(k)


def underflow(n: float) -> Numbers:
    p, k = 0.1, int(n)
    return {
        "product64": _loop_product(p, k, np.float64),
        "product32": _loop_product(p, k, np.float32),
        "logsum": k * math.log(p),
        "zero64": _first_zero(p, np.float64),
        "zero32": _first_zero(p, np.float32),
    }


def logbase(p: float) -> Numbers:
    bits = -math.log2(p) if p > 0 else math.inf
    return {"nats": -_log(p), "bits": bits, "bits_direct": bits}


def dice(t: float) -> Numbers:
    p = _die_towards_six(t)
    return {
        "p_six": float(p[5]),
        "p_other": float(p[0]),
        "surprise_six": -_log(float(p[5])),
        "surprise_other": -_log(float(p[0])),
        "entropy": float(scipy.stats.entropy(p)),
        "entropy_bits": float(scipy.stats.entropy(p, base=2)),
        "max_entropy": math.log(6),
    }


def crossentropy(t: float) -> Numbers:
    p, q = ex.OBSERVED_DIE, _die_towards_six(t)
    with np.errstate(divide="ignore"):
        return {
            "ce": float(-scipy.special.xlogy(p, q).sum()),
            "h": float(scipy.stats.entropy(p)),
            "kl": float(scipy.special.rel_entr(p, q).sum()),
            "ce_reversed": float(-scipy.special.xlogy(q, p).sum()),
            "kl_reversed": float(scipy.special.rel_entr(q, p).sum()),
        }


def rolls(m: float) -> Numbers:
    k = int(m)
    faces = ex.simulated_rolls(k)
    q = ex.BIASED_DIE
    counts = np.bincount(faces, minlength=6)
    mean_nll = -float(np.mean(np.log(q[faces])))
    ce = -float(np.sum(counts / k * np.log(q)))
    out = {
        "mean_nll": mean_nll,
        "ce": ce,
        "gap": abs(mean_nll - ce),
        "ce_true": -float(np.sum(ex.OBSERVED_DIE * np.log(q))),
    }
    out.update({f"count{i + 1}": float(c) for i, c in enumerate(counts)})
    return out


PRACTICE_LOGITS = np.array([2.0, 1.0, 0.1, -1.0])  # the chapter's logits; true class 0


def temperature(T: float) -> Numbers:
    z = PRACTICE_LOGITS / T
    q = scipy.special.softmax(z)
    log_q = float(scipy.special.log_softmax(z)[0])
    out = {f"q{i + 1}": float(v) for i, v in enumerate(q)}
    out.update({"log": log_q, "loss": -log_q, "max_entropy": math.log(4)})
    return out


def smoothing(eps: float) -> Numbers:
    t = (1 - eps) * np.eye(4)[0] + eps / 4
    log_q = scipy.special.log_softmax(PRACTICE_LOGITS)
    h = float(scipy.stats.entropy(t))
    return {
        "target_true": float(t[0]),
        "target_other": float(t[1]),
        "loss": float(-(t * log_q).sum()),
        "floor": h,
        "best_loss": h,
        "gap": float(scipy.stats.entropy(t, np.exp(log_q))),
    }


def sigmoid(x: float) -> Numbers:
    p32 = scipy.special.expit(np.float32(x))
    assert p32.dtype == np.float32
    with np.errstate(divide="ignore"):
        naive = -np.log1p(-np.float64(p32))  # 1 - p32 is exact in float32 here
    return {
        "p64": float(scipy.special.expit(x)),
        "p32": float(p32),
        "one_minus_p32": float(np.float32(1) - p32),
        "naive32": float(naive),
        "from_logits": float(np.logaddexp(0.0, x)),  # softplus(x): -log(1 - sigma(x))
    }


#: Each worked example recomputed with math and scipy, by key.
WORKED: dict[str, float] = {
    "likelihood_fourth": 0.1,
    "nll_fourth": -math.log(0.1),
    "likelihood_third": 0.5,
    "nll_third": -math.log(0.5),
    "log_1e_minus_100": -100 * math.log(10),
    "bernoulli_likelihood": 0.9 * 0.8 * 0.7 * 0.6,
    "entropy_fair_die": math.log(6),
    "entropy_biased_die": float(scipy.stats.entropy(ex.BIASED_DIE)),
    "entropy_very_biased_die": float(scipy.stats.entropy(ex.VERY_BIASED_DIE)),
    "cross_entropy_fair_belief": float(-np.sum(ex.FAIR_DIE * np.log(ex.OBSERVED_DIE))),
    "cross_entropy_biased_belief": float(-np.sum(ex.BIASED_DIE * np.log(ex.OBSERVED_DIE))),
    "cross_entropy_observed_vs_fair": math.log(6),
    "cross_entropy_observed_vs_biased": float(-np.sum(ex.OBSERVED_DIE * np.log(ex.BIASED_DIE))),
}


def errata(index: float) -> Numbers:
    item = ex.ALL[int(index) - 1]
    value = WORKED[item.key]
    out = {"computed": value}
    if item.printed is not None:
        out["printed"] = float(item.printed)
        out["difference"] = value - float(item.printed)
    return out


def _kl_bernoulli(a: float, b: float) -> float:
    return float(scipy.stats.entropy([a, 1 - a], [b, 1 - b]))


def softbce(y: float, y_hat: float) -> Numbers:
    loss = -(scipy.special.xlogy(y, y_hat) + scipy.special.xlogy(1 - y, 1 - y_hat))
    floor = float(scipy.stats.entropy([y, 1 - y]))
    return {"loss": float(loss), "floor": floor, "best": floor, "gap": _kl_bernoulli(y, y_hat)}


def kldir(p: float, q: float) -> Numbers:
    forward, backward = _kl_bernoulli(p, q), _kl_bernoulli(q, p)
    out = {"forward": forward, "backward": backward}
    if math.isfinite(forward) and math.isfinite(backward):
        out["difference"] = forward - backward
    return out


def gauss(mu: float, sigma: float) -> Numbers:
    x = book_data.MEASUREMENTS
    mse = float(np.mean((x - mu) ** 2))
    best = math.sqrt(mse)
    return {
        "nll": float(-np.mean(scipy.stats.norm.logpdf(x, mu, sigma))),
        "log_sigma": math.log(sigma),
        "const": 0.5 * math.log(2 * math.pi),
        "fit": mse / (2 * sigma**2),
        "mse": mse,
        "best_sigma": best,
        "best_nll": float(-np.mean(scipy.stats.norm.logpdf(x, mu, best))),
    }


@functools.cache
def _bigram_tables() -> tuple[dict[tuple[str, str], int], dict[str, int], str, str]:
    train, held_out = book_data.book_prose()
    pairs: dict[tuple[str, str], int] = {}
    for a, b in itertools.pairwise(train):
        pairs[a, b] = pairs.get((a, b), 0) + 1
    firsts: dict[str, int] = {}
    for a in train[:-1]:
        firsts[a] = firsts.get(a, 0) + 1
    return pairs, firsts, train, held_out


def bigram(k: float) -> Numbers:
    pairs, firsts, train, held_out = _bigram_tables()
    size = len(book_data.ALPHABET)

    def mean_nll(text: str) -> float:
        total = 0.0
        for a, b in itertools.pairwise(text):
            num, den = pairs.get((a, b), 0) + k, firsts.get(a, 0) + k * size
            if num == 0:
                return math.inf
            total -= math.log(num / den)
        return total / (len(text) - 1)

    held = mean_nll(held_out)
    return {
        "train_ppl": math.exp(mean_nll(train)),
        "held_nll": held,
        "held_bits": held / math.log(2),
        "held_ppl": math.exp(held),
        "unseen": float(size * size - len(pairs)),
    }


def _log_softmax(z: np.ndarray) -> np.ndarray:
    return np.asarray(scipy.special.log_softmax(z, axis=-1))


@functools.cache
def _digits_run() -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Validation and training logits at every recorded step, and the validation
    NLL per step (the trained weights are the oracle's input, like the data)."""
    split, fit = book_data.digits_split(), book_data.digits_training()
    val = [split.x_val @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
    train = [split.x_train @ w + b for w, b in zip(fit.weights, fit.bias, strict=True)]
    rows = np.arange(split.y_val.size)
    val_nll = np.array([-np.mean(_log_softmax(z)[rows, split.y_val]) for z in val])
    return val, train, val_nll


def training(step: float) -> Numbers:
    split, fit = book_data.digits_split(), book_data.digits_training()
    val, train, val_nll = _digits_run()
    i = list(fit.steps).index(int(step))
    rows = np.arange(split.y_val.size)
    losses = -_log_softmax(val[i])[rows, split.y_val]
    right = val[i].argmax(axis=1) == split.y_val
    train_losses = -_log_softmax(train[i])[np.arange(split.y_train.size), split.y_train]
    best = int(np.argmin(val_nll))
    out = {
        "train_nll": float(np.mean(train_losses)),
        "val_nll": float(np.mean(losses)),
        "train_acc": float(np.mean(train[i].argmax(axis=1) == split.y_train)),
        "val_acc": float(np.mean(right)),
        "uniform": math.log(10),
        "best_nll": float(val_nll[best]),
        "best_step": float(fit.steps[best]),
        "wrong": float(np.sum(~right)),
        "wrong_nll": float(np.mean(losses[~right])),
        "right_nll": float(np.mean(losses[right])),
    }
    for j, pos in enumerate(book_data.digits_shown(), start=1):
        truth = int(split.y_val[pos])
        q = np.exp(_log_softmax(val[i][pos]))
        out.update(
            {
                f"true{j}": float(truth),
                f"q{j}": float(q[truth]),
                f"loss{j}": float(losses[pos]),
                f"pred{j}": float(np.argmax(q)),
            }
        )
    return out


def _nll_at_temperature(z: np.ndarray, y: np.ndarray, t: float) -> float:
    return float(-np.mean(_log_softmax(z / t)[np.arange(y.size), y]))


@functools.cache
def _best_temperature() -> float:
    val, _, _ = _digits_run()
    y = book_data.digits_split().y_val
    res = scipy.optimize.minimize_scalar(
        lambda s: _nll_at_temperature(val[-1], y, math.exp(s)),
        bounds=(math.log(0.01), math.log(100.0)),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return math.exp(res.x)


def calibration(T: float) -> Numbers:
    val, _, _ = _digits_run()
    y = book_data.digits_split().y_val
    q = np.exp(_log_softmax(val[-1] / T))
    conf, right = q.max(axis=1), q.argmax(axis=1) == y
    ece = 0.0
    for b in range(10):  # ten equal bins, (b/10, (b+1)/10], the first closed at 0
        inside = (conf > b / 10) & (conf <= (b + 1) / 10)
        if inside.any():
            ece += inside.sum() * abs(right[inside].mean() - conf[inside].mean())
    t_best = _best_temperature()
    return {
        "nll": _nll_at_temperature(val[-1], y, T),
        "ece": ece / y.size,
        "confidence": float(conf.mean()),
        "accuracy": float(right.mean()),
        "brier": float(np.mean(np.sum((q - np.eye(10)[y]) ** 2, axis=1))),
        "t_best": t_best,
        "nll_best": _nll_at_temperature(val[-1], y, t_best),
    }


def scoring(r: float) -> Numbers:
    p = 0.7
    with np.errstate(divide="ignore"):
        nll = -float(scipy.special.xlogy(p, r) + scipy.special.xlogy(1 - p, 1 - r))
    brier = p * 2 * (1 - r) ** 2 + (1 - p) * 2 * r**2
    best_brier = 2 * p * (1 - p)
    return {
        "nll": nll,
        "brier": brier,
        "best_nll": float(scipy.stats.entropy([p, 1 - p])),
        "best_brier": best_brier,
        "nll_excess": float(scipy.stats.entropy([p, 1 - p], [r, 1 - r])),
        "brier_excess": brier - best_brier,
    }


ORACLES: dict[str, Callable[..., Numbers]] = {
    "classifier": classifier,
    "nll": nll,
    "coin": coin,
    "underflow": underflow,
    "logbase": logbase,
    "dice": dice,
    "crossentropy": crossentropy,
    "rolls": rolls,
    "temperature": temperature,
    "smoothing": smoothing,
    "sigmoid": sigmoid,
    "errata": errata,
    "softbce": softbce,
    "kl": kldir,
    "gauss": gauss,
    "bigram": bigram,
    "training": training,
    "calibration": calibration,
    "scoring": scoring,
}

#: Relative tolerance per explorer: a few roundings of float64, or of float32 where
#: the explorer shows float32 arithmetic.
#: The calibration explorer's best temperature is found by bisection in nllbook and
#: by scipy's bounded Brent search here: they agree to about 1e-8.
RTOL = {"sigmoid": 4 * float(np.finfo(np.float32).eps), "calibration": 1e-7}
#: Numbers that are differences of nearly equal values, compared absolutely.
ATOL = {
    "gap": 1e-13,
    "difference": 1e-12,
    "kl": 1e-15,
    "kl_reversed": 1e-15,
    "nll_excess": 1e-15,
    "brier_excess": 1e-15,
    # A digit's loss near 0 is log-sum-exp minus the true logit, two nearly
    # equal numbers of a few units: the computations differ by a few ulps of those.
    "loss1": 1e-14,
    "loss2": 1e-14,
    "loss3": 1e-14,
}

FACTORIES = widgets.all_explorers()


def test_every_explorer_has_an_oracle() -> None:
    assert set(ORACLES) == set(FACTORIES), (
        f"explorers without an oracle: {sorted(set(FACTORIES) - set(ORACLES))}; "
        f"oracles without an explorer: {sorted(set(ORACLES) - set(FACTORIES))}"
    )


def test_every_worked_example_has_an_oracle() -> None:
    assert {e.key for e in ex.ALL} == set(WORKED)


@pytest.mark.parametrize("key", sorted(FACTORIES))
def test_explorer_matches_its_oracle_at_every_state(key: str) -> None:
    explorer = FACTORIES[key]()
    oracle = ORACLES[key]
    rtol = RTOL.get(key, 1e-12)
    for values in explorer.grid():
        got, want = explorer.numbers(**values), oracle(**values)
        assert set(got) == set(want), f"{key} {values}: names differ"
        for name, w in want.items():
            g = got[name]
            if math.isinf(w) or math.isinf(g):
                assert g == w, f"{key} {values} {name}: {g} != {w}"
            else:
                assert math.isclose(g, w, rel_tol=rtol, abs_tol=ATOL.get(name, 0.0)), (
                    f"{key} {values} {name}: {g} != {w}"
                )
