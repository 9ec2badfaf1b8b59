"""The chapter "Why cross-entropy" against PyTorch: each of its snippets, run.

Every ``{code-block} python`` of ``book/why_cross_entropy.md`` named
``torch-...`` is executed with the installed PyTorch, and what it computes is
compared with the numbers the chapter quotes, which nllbook computed (the
chapter's code cells are run here to get them).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip(
    "torch", reason="PyTorch is an optional test extra (.ci/run installs constraints/torch.txt)"
)
pytest.importorskip("jupytext")

import chapter_snippets  # noqa: E402

PAGE = "why_cross_entropy"


def snippets() -> dict[str, str]:
    return chapter_snippets.snippets(PAGE)


@pytest.fixture(scope="module")
def prose() -> Any:
    """The chapter's numbers, from its own code cells, as the build computes them."""
    return chapter_snippets.chapter_prose(PAGE)


def run(name: str) -> dict[str, Any]:
    return chapter_snippets.run_snippet(PAGE, name)


def test_every_snippet_is_checked_here() -> None:
    assert set(snippets()) == {
        "torch-accuracy",
        "torch-mse-gradient",
        "torch-softmax-gradient",
        "torch-logits",
    }


def test_accuracy_has_no_gradient_and_the_loss_has_the_quoted_one(prose: Any) -> None:
    ns = run("torch-accuracy")
    assert not ns["accuracy"].requires_grad
    assert ns["accuracy"].item() == pytest.approx(prose.acc)
    assert ns["loss"].item() == pytest.approx(prose.bce, rel=1e-6)
    assert ns["b"].grad.item() == pytest.approx(prose.grad_b, rel=1e-5)
    assert ns["w"].grad.item() == pytest.approx(prose.grad_w, rel=1e-5)
    # The data and the model are those of the chapter.
    from nllbook import examples as ex

    np.testing.assert_array_equal(ns["x"].numpy(), ex.ACCURACY_X)
    np.testing.assert_array_equal(ns["y"].numpy(), ex.ACCURACY_LABELS)
    assert (ns["w"].item(), ns["b"].item()) == pytest.approx((prose.w, prose.b))


def test_mse_gradient_vanishes_where_bce_does_not(prose: Any) -> None:
    ns = run("torch-mse-gradient")
    assert ns["z"].item() == prose.z_wrong
    assert ns["bce_grad"].item() == pytest.approx(prose.g_bce_wrong, rel=1e-5)
    assert ns["mse_grad"].item() == pytest.approx(prose.g_mse_wrong, rel=1e-4)


def test_softmax_minus_one_hot_by_autograd(prose: Any) -> None:
    ns = run("torch-softmax-gradient")
    grad = ns["z"].grad.numpy()
    want = [prose.g1, prose.g2, prose.g3, prose.g4]
    np.testing.assert_allclose(grad, want, rtol=1e-5, atol=1e-7)
    softmax_minus = (torch.softmax(ns["z"].detach(), dim=0) - ns["one_hot"]).numpy()
    np.testing.assert_allclose(grad, softmax_minus, atol=1e-6)
    assert ns["loss"].item() == pytest.approx(prose.loss_p, rel=1e-6)


def test_logits_are_log_odds_and_classes_count_from_0(prose: Any) -> None:
    ns = run("torch-logits")
    assert ns["z9"].item() == pytest.approx(prose.z9, rel=1e-12)
    assert ns["z9"].item() == pytest.approx(math.log(9), rel=1e-12)
    assert ns["two_class"].item() == pytest.approx(prose.two_class, rel=1e-6)
    assert ns["two_class"].item() == pytest.approx(torch.sigmoid(torch.tensor(2.0)).item())
    assert ns["third"].item() == pytest.approx(prose.loss_third, rel=1e-6)
    assert prose.third == 2
