"""The questions of "Imbalance and masking", each key recomputed from its prompt with torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.stats

from nllbook_pages import quiz_bank
from nllbook_pages.quiz import Choice, Numeric, check

torch = pytest.importorskip("torch")
nn = torch.nn

QUESTIONS = {q.key: q for q in quiz_bank.chapter("imbalance").questions}


def numeric(key: str) -> Numeric:
    q = QUESTIONS[key]
    assert isinstance(q, Numeric)
    return q


def choice(key: str) -> Choice:
    q = QUESTIONS[key]
    assert isinstance(q, Choice)
    return q


def test_the_chapter_shows_every_question() -> None:
    assert set(QUESTIONS) == {
        "weighted-mean",
        "pos-weight-best",
        "prior-baseline",
        "focal",
        "padding",
    }


def test_weighted_mean_is_torchs() -> None:
    q = numeric("weighted-mean")
    assert "0.8, 0.8 and 0.2" in q.prompt and "[1.0, 4.0]" in q.prompt
    log_q = torch.tensor([[0.8, 0.2]] * 3, dtype=torch.float64).log()
    y = torch.tensor([0, 0, 1])
    w = torch.tensor([1.0, 4.0], dtype=torch.float64)
    got = nn.NLLLoss(weight=w)(log_q, y).item()
    assert q.answer == pytest.approx(got, rel=1e-12)
    total = nn.NLLLoss(weight=w, reduction="sum")(log_q, y).item()
    for slip in (total / 3, total, nn.NLLLoss()(log_q, y).item()):
        assert check(q, slip).status == "misconception"
    assert check(q, got).status == "right"


def test_pos_weight_best_constant_is_what_torch_learns() -> None:
    q = numeric("pos-weight-best")
    assert "20 %" in q.prompt and "4.0" in q.prompt
    y = torch.tensor([1.0] * 20 + [0.0] * 80, dtype=torch.float64)
    loss = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(4.0, dtype=torch.float64))

    def f(b: float) -> float:
        return float(loss(torch.full((100,), b, dtype=torch.float64), y).item())

    bias = scipy.optimize.minimize_scalar(f, bracket=(-3.0, 3.0), tol=1e-12).x
    assert q.answer == pytest.approx(1 / (1 + math.exp(-bias)), abs=1e-6)
    for slip in (0.2, 0.8):
        assert check(q, slip).status == "misconception"


def test_prior_baseline_is_the_entropy_of_the_shares() -> None:
    q = numeric("prior-baseline")
    assert "70 %, 20 % and 10 %" in q.prompt
    shares = torch.tensor([0.7, 0.2, 0.1], dtype=torch.float64)
    y = torch.tensor([0] * 70 + [1] * 20 + [2] * 10)
    got = nn.CrossEntropyLoss()(shares.log().expand(100, 3), y).item()
    assert q.answer == pytest.approx(got, rel=1e-12)
    assert q.answer == pytest.approx(scipy.stats.entropy([0.7, 0.2, 0.1]), rel=1e-12)
    for slip in (math.log(3), scipy.stats.entropy([0.7, 0.2, 0.1], base=2), -math.log(0.7)):
        assert check(q, slip).status == "misconception"


def test_focal_loss_is_the_formula_of_the_paper() -> None:
    q = numeric("focal")
    assert "p_t = 0.6" in q.prompt and "γ = 2" in q.prompt
    p_t = torch.tensor(0.6, dtype=torch.float64)
    ce = nn.functional.binary_cross_entropy_with_logits(
        torch.logit(p_t), torch.tensor(1.0, dtype=torch.float64)
    )
    got = ((1 - p_t) ** 2 * ce).item()
    assert q.answer == pytest.approx(got, rel=1e-12)
    for slip in (ce.item(), 0.4 * ce.item(), 0.36 * ce.item()):
        assert check(q, slip).status == "misconception"


def test_padding_only_the_default_mean_is_per_token() -> None:
    q = choice("padding")
    logits = torch.tensor(
        [[2.0, 0.0, 0.0, -1.0], [0.0, 1.0, 0.5, 0.0], [0.3, 0.2, 0.1, 0.0], [1.0, 1.0, 0.0, 0.0]],
        dtype=torch.float64,
    )
    target = torch.tensor([0, 2, -100, -100])
    real = target != -100
    per_token = -torch.log_softmax(logits[real], dim=1)[torch.arange(2), target[real]].mean()
    values = [eval(call, {"nn": nn, "logits": logits, "target": target}) for call in q.options]
    right = [i for i, v in enumerate(values) if np.isclose(v.item(), per_token.item(), rtol=1e-12)]
    assert right == [q.answer]
