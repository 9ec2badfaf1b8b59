"""The questions of "Symptoms", each key recomputed from its prompt without nllbook."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats

from nllbook_pages import quiz_bank
from nllbook_pages.quiz import Choice, Numeric, check

QUESTIONS = {q.key: q for q in quiz_bank.chapter("symptoms").questions}


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
        "nll-probs",
        "stuck-prior",
        "first-loss",
        "floor",
        "binary-accuracy",
        "kl-negative",
        "float16",
    }


def test_nll_loss_on_probabilities_is_minus_the_probability() -> None:
    q = numeric("nll-probs")
    assert "[0.7, 0.2, 0.1]" in q.prompt and "index 0" in q.prompt
    assert q.answer == pytest.approx(-0.7)
    assert check(q, -math.log(0.7)).status == "misconception"


def test_nll_loss_on_probabilities_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    got = torch.nn.NLLLoss()(torch.tensor([[0.7, 0.2, 0.1]]), torch.tensor([0])).item()
    assert numeric("nll-probs").answer == pytest.approx(got, rel=1e-6)


def test_stuck_at_the_entropy_of_the_shares() -> None:
    q = numeric("stuck-prior")
    assert "80 %" in q.prompt
    assert q.answer == pytest.approx(scipy.stats.entropy([0.8, 0.2]))
    for slip in (math.log(2), scipy.stats.entropy([0.8, 0.2], base=2), -math.log(0.8)):
        assert check(q, slip).status == "misconception"


def test_first_loss_is_ln_k() -> None:
    q = numeric("first-loss")
    assert "100 classes" in q.prompt
    assert q.answer == pytest.approx(math.log(100))
    for slip in (math.log2(100), 2.0, 0.01):
        assert check(q, slip).status == "misconception"


def test_floor_is_the_targets_entropy() -> None:
    q = numeric("floor")
    p = np.array([0.7, 0.3])
    assert q.answer == pytest.approx(-np.sum(p * np.log(p)))
    assert check(q, 0.0).status == "misconception"


def test_binary_accuracy_of_a_guess() -> None:
    q = numeric("binary-accuracy")
    k = 5
    assert f"{k} classes" in q.prompt and "0.2" in q.prompt
    y = np.eye(k)[[0, 2, 4, 1]]
    pred = np.full_like(y, 0.2)
    assert q.answer == pytest.approx(np.mean((pred > 0.5) == (y > 0.5)))
    assert check(q, 1 / k).status == "misconception"


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides:UserWarning")
def test_kl_div_loss_is_negative_only_on_probabilities() -> None:
    torch = pytest.importorskip("torch")
    q = choice("kl-negative")
    probs = torch.tensor([[0.7, 0.2, 0.1]])
    target = torch.tensor([[0.0, 1.0, 0.0]])
    values = []
    for call in q.options:  # torch warns that 'mean' will change; the value is what counts
        if "reduction" not in call:
            call = call.replace("KLDivLoss()", "KLDivLoss(reduction='mean')")
        # Each option is a PyTorch expression over probs and target.
        values.append(
            eval(call, {"KLDivLoss": torch.nn.KLDivLoss, "probs": probs, "target": target})
        )
    negative = [i for i, v in enumerate(values) if v.item() < 0]
    assert negative == [q.answer]


def test_float16_only_the_log_softmax_route_is_finite() -> None:
    torch = pytest.importorskip("torch")
    q = choice("float16")
    z = torch.tensor([[0.0, -20.0]]).half()
    e = z.exp()
    naive = -(e / e.sum(dim=1, keepdim=True)).log()[0, 1].item()
    soft = -torch.softmax(z, dim=1).log()[0, 1].item()
    fused = torch.nn.functional.cross_entropy(z, torch.tensor([1])).item()
    finite = [i for i, v in enumerate((naive, soft, fused)) if math.isfinite(v)]
    assert finite == [q.answer]
    assert fused == pytest.approx(-scipy.special.log_softmax([0.0, -20.0])[1], rel=1e-3)
