"""Recompute numbers the built book prints, without nllbook, and compare.

An independent check of the chapters whose numbers come from simulated or
trained data: NLL is cross-entropy (the simulated rolls, recounted with
numpy's generator and tested with scipy's chi-square), Beyond classification
(the measurements with scipy's normal distribution, the bins in decimal
arithmetic) and NLL at work (the digits of scikit-learn, split and trained
again here by gradient descent written out with scipy's softmax, the
temperature fitted with scipy's scalar minimiser). Each value is formatted
as the chapter formats it and compared with the text its kernel gave, read
from ``_build/.nllbook-evals``. Build the book first; then

    .venv/bin/python scripts/audit_numbers.py

prints how many values were recomputed and every one that differs, and exits
with status 1 if any does. It imports numpy, scipy and scikit-learn only.
"""

from __future__ import annotations

import json
import math
import re
import sys
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, special, stats
from sklearn.datasets import load_digits

EVALS = Path(__file__).resolve().parents[1] / "_build" / ".nllbook-evals"
FORMAT = re.compile(r'f"\{prose\.\w+:(.*)\}"')

OBSERVED = np.array([0.18, 0.18, 0.15, 0.17, 0.17, 0.15])
BIASED = np.array([0.1] * 5 + [0.5])


class Audit:
    """The values recomputed so far and those that differ from the page."""

    def __init__(self) -> None:
        self.count = 0
        self.differ: list[tuple[str, str, str, str]] = []
        self._shown: dict[str, dict[str, str]] = {}

    def shown(self, chapter: str) -> dict[str, str]:
        if chapter not in self._shown:
            path = EVALS / f"book__{chapter}.json"
            saved = json.loads(path.read_text(encoding="utf-8"))["expressions"]
            self._shown[chapter] = {
                k: v["text"][1:-1] if v["text"][:1] in "'\"" else v["text"]
                for k, v in saved.items()
            }
        return self._shown[chapter]

    def check(self, chapter: str, expr: str, value: float | np.floating[Any]) -> None:
        self.count += 1
        got = self.shown(chapter).get(expr, "(not on the page)")
        m = FORMAT.match(expr)
        want = format(value, m.group(1)) if m else str(value)
        if got != want:
            self.differ.append((chapter, expr, got, want))


def cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    return float(stats.entropy(p) + stats.entropy(p, q))


def rolls(m: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).choice(6, size=6000, p=OBSERVED)[:m]


def audit_rolls(a: Audit) -> None:
    ch = "nll_is_cross_entropy"
    seed = 0
    while True:
        test = stats.chisquare(np.bincount(rolls(60, seed), minlength=6), 60 * OBSERVED)
        if test.pvalue >= 0.05:
            break
        seed += 1
    r = rolls(60, seed)
    counts = np.bincount(r, minlength=6)
    p_hat = counts / r.size
    losses = -np.log(BIASED[r])
    a.check(ch, "prose.seed", seed)
    a.check(ch, 'f"{prose.chi2:.2f}"', test.statistic)
    a.check(ch, 'f"{prose.chi2_p:.2f}"', test.pvalue)
    a.check(ch, 'f"{prose.mean_nll:.6f}"', losses.mean())
    a.check(ch, 'f"{prose.sum_nll:.4f}"', losses.sum())
    a.check(ch, 'f"{prose.ce_hat:.6f}"', cross_entropy(p_hat, BIASED))
    a.check(ch, "prose.count_two", int(counts[1]))
    a.check(ch, "prose.first_face", int(r[0]) + 1)
    a.check(ch, 'f"{prose.first_loss:.4f}"', losses[0])
    a.check(ch, 'f"{prose.mean_nll_big:.4f}"', -np.log(BIASED[rolls(6000, seed)]).mean())
    a.check(ch, 'f"{prose.ce_true:.4f}"', cross_entropy(OBSERVED, BIASED))
    a.check(ch, "prose.few_missing", int(np.sum(np.bincount(rolls(6, seed), minlength=6) == 0)))
    a.check(ch, 'f"{prose.best:.4f}"', -np.log(p_hat[r]).mean())
    a.check(ch, 'f"{prose.best_h:.4f}"', stats.entropy(p_hat))
    a.check(ch, 'f"{prose.true_model:.4f}"', -np.log(OBSERVED[r]).mean())
    a.check(ch, 'f"{prose.fair_model:.4f}"', math.log(6))
    z = np.array([[2.0, 1.0, 0.1, -1.0], [0.5, 2.5, -1.0, 0.0], [1.0, 1.0, 1.0, 3.0]])
    y = np.array([0, 1, 3])
    rows = np.arange(3)
    a.check(ch, 'f"{prose.via_logits:.6f}"', -special.log_softmax(z, axis=1)[rows, y].mean())
    twice = special.log_softmax(special.softmax(z, axis=1), axis=1)
    a.check(ch, 'f"{prose.double_softmax:.4f}"', -twice[rows, y].mean())
    six = np.array([5, 5, 0, 2, 5, 1])
    p_six = np.bincount(six, minlength=6) / six.size
    a.check(ch, 'f"{prose.ex1_nll:.4f}"', -np.log(BIASED[six]).mean())
    a.check(ch, 'f"{prose.ex1_ce:.4f}"', cross_entropy(p_six, BIASED))
    a.check(ch, 'f"{prose.ex3_best:.4f}"', stats.entropy(p_six))
    a.check(ch, 'f"{prose.ex2_sum:.4f}"', 2 * losses.sum())


def audit_measurements(a: Audit) -> float:
    """Beyond classification; returns the exact binned NLL at millimetre bins."""
    ch = "beyond_classification"
    x = np.round(1.80 + 0.05 * np.random.default_rng(2026).standard_normal(12), 3)
    mu = float(x.mean())
    sigma = math.sqrt(float(np.mean((x - mu) ** 2)))

    def nll(xs: np.ndarray, m: float, s: float) -> float:
        return float(-stats.norm.logpdf(xs, m, s).mean())

    def binned(w: float) -> float:
        total = 0.0
        for xi in x:
            k = Decimal(repr(float(xi))) / Decimal(repr(w))
            k0 = int(k.to_integral_value(rounding=ROUND_FLOOR))
            total -= math.log(
                stats.norm.cdf((k0 + 1) * w, mu, sigma) - stats.norm.cdf(k0 * w, mu, sigma)
            )
        return total / x.size

    a.check(ch, 'f"{prose.x_min:.3f}"', x.min())
    a.check(ch, 'f"{prose.x_max:.3f}"', x.max())
    a.check(ch, 'f"{prose.mu_hat:.4f}"', mu)
    a.check(ch, 'f"{prose.const:.4f}"', 0.5 * math.log(2 * math.pi))
    a.check(ch, 'f"{prose.mse_best:.6f}"', np.mean((x - mu) ** 2))
    a.check(ch, 'f"{prose.nll_best:.4f}"', nll(x, mu, 0.1))
    a.check(ch, 'f"{prose.mse_off:.6f}"', np.mean((x - 1.75) ** 2))
    a.check(ch, 'f"{prose.nll_off:.4f}"', nll(x, 1.75, 0.1))
    a.check(ch, 'f"{prose.sigma_hat:.4f}"', sigma)
    a.check(ch, 'f"{prose.min_nll:.4f}"', nll(x, mu, sigma))
    a.check(ch, 'f"{prose.peak_density:.2f}"', stats.norm.pdf(mu, mu, sigma))
    h1, h2 = x[:6], x[6:]
    s1 = math.sqrt(float(np.mean((h1 - mu) ** 2)))
    s2 = math.sqrt(float(np.mean((h2 - mu) ** 2)))
    a.check(ch, 'f"{prose.sigma_first:.4f}"', s1)
    a.check(ch, 'f"{prose.sigma_second:.4f}"', s2)
    a.check(ch, 'f"{prose.nll_own:.4f}"', (nll(h1, mu, s1) + nll(h2, mu, s2)) / 2)
    a.check(ch, 'f"{prose.bin_nll_cm:.4f}"', binned(0.01))
    a.check(ch, 'f"{prose.density_plus_shift_mm:.4f}"', nll(x, mu, sigma) - math.log(0.001))
    a.check(ch, 'f"{prose.ex1_nll:.4f}"', nll(x, mu, 0.05))
    a.check(ch, 'f"{prose.ex3_bin:.4f}"', binned(1e-6))
    return binned(0.001)


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top class, bins (k/10, (k+1)/10]."""
    conf = probs.max(axis=1)
    right = probs.argmax(axis=1) == y
    which = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    total = 0.0
    for k in range(bins):
        m = which == k
        if m.any():
            total += m.mean() * abs(conf[m].mean() - right[m].mean())
    return float(total)


def brier(probs: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.sum((probs - np.eye(probs.shape[1])[y]) ** 2, axis=1)))


def audit_digits(a: Audit) -> None:
    ch = "nll_at_work"
    d = load_digits()
    x, y = d.data / 16.0, d.target
    order = np.random.default_rng(3).permutation(y.size)
    tr, va, test = np.sort(order[:200]), np.sort(order[200:1000]), np.sort(order[1000:])
    record = sorted({0, *{int(s) for s in np.round(np.geomspace(1, 10_000, 200))}})
    w, b = np.zeros((64, 10)), np.zeros(10)
    onehot = np.eye(10)[y[tr]]
    snaps = {}
    for step in range(10_001):
        if step in record:
            snaps[step] = (w.copy(), b.copy())
        if step == 10_000:
            break
        g = (special.softmax(x[tr] @ w + b, axis=1) - onehot) / tr.size
        w, b = w - x[tr].T @ g, b - g.sum(axis=0)

    def nll(idx: np.ndarray, step: int, t: float = 1.0) -> float:
        ws, bs = snaps[step]
        logq = special.log_softmax((x[idx] @ ws + bs) / t, axis=1)
        return float(-logq[np.arange(idx.size), y[idx]].mean())

    def acc(idx: np.ndarray, step: int) -> float:
        ws, bs = snaps[step]
        return float(np.mean((x[idx] @ ws + bs).argmax(axis=1) == y[idx]))

    val = np.array([nll(va, s) for s in record])
    best = record[int(val.argmin())]
    a.check(ch, "prose.best_step", best)
    a.check(ch, 'f"{prose.best_nll:.4f}"', val.min())
    a.check(ch, 'f"{prose.final_nll:.4f}"', val[-1])
    a.check(ch, 'f"{prose.best_acc:.4f}"', acc(va, best))
    a.check(ch, 'f"{prose.final_acc:.4f}"', acc(va, 10_000))
    perfect = np.array([acc(tr, s) == 1.0 for s in record])
    first = len(record) - int(np.argmin(perfect[::-1]))
    a.check(ch, "prose.train_perfect_step", record[first])
    a.check(ch, "prose.train_perfect_before", record[first - 1])
    a.check(ch, 'f"{prose.final_train_nll:.4f}"', nll(tr, 10_000))
    for name, step in (("best", best), ("final", 10_000)):
        a.check(ch, f'f"{{prose.test_{name}_nll:.4f}}"', nll(test, step))
        a.check(ch, f'f"{{prose.test_{name}_acc:.4f}}"', acc(test, step))
        a.check(ch, f'f"{{prose.{name}_weight_norm:.2f}}"', np.linalg.norm(snaps[step][0]))
    fit = optimize.minimize_scalar(
        lambda lt: nll(va, 10_000, math.exp(lt)),
        bounds=(-3, 3),
        method="bounded",
        options={"xatol": 1e-12},
    )
    t = math.exp(fit.x)
    a.check(ch, 'f"{prose.t_best:.3f}"', t)
    a.check(ch, 'f"{prose.val_nll_after:.4f}"', nll(va, 10_000, t))
    a.check(ch, 'f"{prose.nll_before:.4f}"', nll(test, 10_000))
    a.check(ch, 'f"{prose.nll_after:.4f}"', nll(test, 10_000, t))
    wf, bf = snaps[10_000]
    before = special.softmax(x[test] @ wf + bf, axis=1)
    after = special.softmax((x[test] @ wf + bf) / t, axis=1)
    a.check(ch, 'f"{prose.ece_before:.4f}"', ece(before, y[test]))
    a.check(ch, 'f"{prose.ece_after:.4f}"', ece(after, y[test]))
    a.check(ch, 'f"{prose.conf_before:.4f}"', before.max(axis=1).mean())
    a.check(ch, 'f"{prose.conf_after:.4f}"', after.max(axis=1).mean())
    a.check(ch, 'f"{prose.brier_before:.4f}"', brier(before, y[test]))
    a.check(ch, 'f"{prose.brier_after:.4f}"', brier(after, y[test]))
    a.check(ch, 'f"{prose.uniform_brier:.4f}"', brier(np.full((test.size, 10), 0.1), y[test]))
    losses = -special.log_softmax(x[va] @ wf + bf, axis=1)[np.arange(va.size), y[va]]
    top = np.argsort(losses)[::-1]
    worst = math.ceil(0.01 * va.size)
    a.check(ch, 'f"{prose.s1_nll:.2f}"', losses[top[0]])
    a.check(ch, 'f"{prose.top4_share:.1%}"', losses[top[:4]].sum() / losses.sum())
    a.check(ch, 'f"{prose.worst_share:.1%}"', losses[top[:worst]].sum() / losses.sum())
    a.check(ch, 'f"{prose.ex3_contrib:.4f}"', losses[top[0]] / va.size)
    rain = np.array([1] * 40 + [0] * 10 + [1] * 10 + [0] * 40)
    first_kind = np.arange(100) < 50
    for name, f in (
        ("flat", np.full(100, 0.5)),
        ("bold", np.where(first_kind, 0.95, 0.05)),
        ("fair", np.where(first_kind, 0.8, 0.2)),
    ):
        two = np.stack([1 - f, f], axis=-1)
        a.check(ch, f'f"{{prose.{name}_brier:.4f}}"', brier(two, rain))
        a.check(ch, f'f"{{prose.{name}_nll:.4f}}"', -np.log(two[np.arange(100), rain]).mean())


def main() -> int:
    if not EVALS.is_dir():
        print(f"{EVALS} is missing: build the book first (bash scripts/build-book)")
        return 2
    a = Audit()
    audit_rolls(a)
    exact_mm = audit_measurements(a)
    audit_digits(a)
    shown = a.shown("beyond_classification")['f"{prose.bin_nll_mm:.4f}"']
    print(f"{a.count} values recomputed, {len(a.differ)} differ")
    for chapter, expr, got, want in a.differ:
        print(f"  {chapter}: {expr} shows {got}, recomputed {want}")
    print(f"gaussian_bin_nll at millimetre bins: the page shows {shown}, exact {exact_mm:.4f}")
    return 1 if a.differ else 0


if __name__ == "__main__":
    sys.exit(main())
