"""The questions of "Why cross-entropy", each key recomputed from its prompt without nllbook."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special

from nllbook_pages import quiz_bank
from nllbook_pages.quiz import Choice, Numeric, check

QUESTIONS = {q.key: q for q in quiz_bank.chapter("why_cross_entropy").questions}


def numeric(key: str) -> Numeric:
    q = QUESTIONS[key]
    assert isinstance(q, Numeric)
    return q


def test_the_chapter_shows_every_question() -> None:
    assert set(QUESTIONS) == {
        "bce-grad-right",
        "mse-grad-wrong",
        "log-odds",
        "softmax-grad",
        "convex",
    }


def test_bce_gradient_of_a_right_prediction_by_autograd() -> None:
    torch = pytest.importorskip("torch")
    q = numeric("bce-grad-right")
    assert "0.8" in q.prompt and "label is 1" in q.prompt
    z = torch.tensor(math.log(0.8 / 0.2), dtype=torch.float64, requires_grad=True)
    loss = torch.nn.BCEWithLogitsLoss()(z, torch.tensor(1.0, dtype=torch.float64))
    loss.backward()
    assert z.grad is not None
    assert q.answer == pytest.approx(z.grad.item(), abs=1e-12)
    for slip in (0.0, -1 / 0.8):
        assert check(q, slip).status == "misconception"


def test_mse_gradient_of_a_wrong_prediction_by_autograd() -> None:
    torch = pytest.importorskip("torch")
    q = numeric("mse-grad-wrong")
    assert "z = -4" in q.prompt and "label is 1" in q.prompt
    z = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.MSELoss()(torch.sigmoid(z), torch.tensor(1.0, dtype=torch.float64))
    loss.backward()
    assert z.grad is not None
    assert q.answer == pytest.approx(z.grad.item(), rel=1e-12)
    assert check(q, scipy.special.expit(-4.0) - 1).status == "misconception"


def test_log_odds_is_scipy_logit() -> None:
    q = numeric("log-odds")
    assert "0.8" in q.prompt
    assert q.answer == pytest.approx(scipy.special.logit(0.8))
    assert q.answer == pytest.approx(math.log(4))
    for slip in (4.0, math.log(0.8), math.log10(4)):
        assert check(q, slip).status == "misconception"


def test_softmax_gradient_at_another_class_by_autograd() -> None:
    torch = pytest.importorskip("torch")
    q = numeric("softmax-grad")
    assert "[1, 2, 0]" in q.prompt and "index 1" in q.prompt and "index 0" in q.prompt
    z = torch.tensor([[1.0, 2.0, 0.0]], dtype=torch.float64, requires_grad=True)
    torch.nn.CrossEntropyLoss()(z, torch.tensor([1])).backward()
    assert z.grad is not None
    assert q.answer == pytest.approx(z.grad[0, 0].item(), rel=1e-12)
    assert q.answer == pytest.approx(scipy.special.softmax([1.0, 2.0, 0.0])[0])


def test_only_cross_entropy_is_convex_in_the_logit() -> None:
    """The second derivatives by central differences of the losses written out."""
    q = QUESTIONS["convex"]
    assert isinstance(q, Choice)
    z, h = np.linspace(-8, 8, 801), 1e-4

    def second(f: object) -> np.ndarray:
        assert callable(f)
        return (f(z + h) - 2 * f(z) + f(z - h)) / h**2  # type: ignore[no-any-return]

    convex = []
    for loss in (
        lambda y: (
            lambda t: (
                -(y * np.log(scipy.special.expit(t)) + (1 - y) * np.log(scipy.special.expit(-t)))
            )
        ),
        lambda y: lambda t: (scipy.special.expit(t) - y) ** 2,
    ):
        convex.append(all(second(loss(y)).min() > -1e-6 for y in (0.0, 1.0)))
    assert convex == [True, False]
    assert q.options[q.answer].startswith("binary cross-entropy")
