"""The chapter "Symptoms" against PyTorch: each of its snippets, run.

Every ``{code-block} python`` of ``book/symptoms.md`` named ``torch-...`` is
executed with the installed PyTorch, and the values it computes are compared
with the numbers the chapter quotes, which nllbook computed (the chapter's
code cells are run here to get them). So the page's claims about what
PyTorch returns are PyTorch's own output. The Keras snippet cannot run
without Keras; its numbers are checked in ``test_symptoms_library.py``.
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
from chapter_snippets import same  # noqa: E402

PAGE = "symptoms"


def snippets() -> dict[str, str]:
    return chapter_snippets.snippets(PAGE)


@pytest.fixture(scope="module")
def prose() -> Any:
    """The chapter's numbers, from its own code cells, as the build computes them."""
    return chapter_snippets.chapter_prose(PAGE)


def run(name: str) -> dict[str, Any]:
    return chapter_snippets.run_snippet(PAGE, name)


def test_every_snippet_is_checked_here() -> None:
    names = set(snippets())
    assert {n for n in names if not n.startswith("torch-")} == {"keras-accuracy"}
    assert {n for n in names if n.startswith("torch-")} == set(CHECKS)


def _negative(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["from_probs"], p.neg_probs) and ns["from_probs"] < 0
    assert same(ns["from_logits"], p.neg_logits) and ns["from_logits"] < 0
    assert same(ns["right"], p.neg_right) and same(ns["also_right"], p.neg_right)
    assert same(ns["svm_labels"], p.neg_target) and ns["svm_labels"] < 0
    assert same(ns["density"], p.neg_density) and ns["density"] < 0


def _nan_inf(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["zero"][0], p.inf_log0)
    assert same(ns["by_hand"][0, 0], p.nan_overflow)
    assert same(ns["by_hand"][0, 1], p.inf_overflow)
    assert same(ns["stable"][0, 1], p.fine_overflow)
    assert same(ns["empty"], p.nan_empty)


def _stuck(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["uniform"], p.stuck_zero_logits) and same(ns["uniform"], p.ln10)
    assert same(ns["prior"], p.stuck90_bias) and same(ns["prior"], p.stuck90)
    assert same(ns["blind"], p.stuck90_zero) and same(ns["blind"], p.ln2)


def _first_loss(ns: dict[str, Any], p: Any) -> None:
    assert abs(ns["first"] - p.ln10) < 0.25  # close to ln 10: logits of std about 0.6
    assert ns["too_large"] > p.ln10 + 5  # far above, as the chapter's scale 10


def _loss_up(ns: dict[str, Any], p: Any) -> None:
    (early_loss, early_acc), (late_loss, late_acc) = ns["early"], ns["late"]
    assert same(early_loss, p.early_loss, 1e-12) and same(early_acc, p.early_acc, 1e-12)
    assert same(late_loss, p.late_loss, 1e-12) and same(late_acc, p.late_acc, 1e-12)
    assert late_acc > early_acc and late_loss > early_loss


def _floor(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["best"], p.floor_best) and same(ns["best"], p.floor)
    assert same(ns["certain"], p.floor_sure) and ns["certain"] > ns["best"]


def _bce_range(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["fused"], p.bce_logits) and same(ns["same"], p.bce_probs)
    assert same(ns["twice"], p.bce_twice)
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        torch.nn.BCELoss()(ns["logits"], ns["labels"])


def _kl_div(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["wrong"], p.kl_wrong) and ns["wrong"] < 0
    assert same(ns["right"], p.kl_right) and same(ns["also_right"], p.kl_right)
    assert math.isnan(ns["log_target"].item())


def _float16(ns: dict[str, Any], p: Any) -> None:
    for i in range(3):
        assert same(ns["by_hand"][i], getattr(p, f"h_naive_{i}"))
        assert same(ns["softmax_then_log"][i], getattr(p, f"h_softmax_then_log_{i}"), 2e-3)
        assert same(ns["fused"][i], getattr(p, f"h_log_softmax_{i}"), 2e-3)
    assert same(ns["in_float32"][2], p.h_exact_2)
    assert all(ns["fused"].isfinite())


CHECKS = {
    "torch-negative-loss": _negative,
    "torch-nan-inf": _nan_inf,
    "torch-stuck": _stuck,
    "torch-first-loss": _first_loss,
    "torch-loss-up": _loss_up,
    "torch-floor": _floor,
    "torch-bce-range": _bce_range,
    "torch-kl-div": _kl_div,
    "torch-float16": _float16,
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_snippet_gives_the_chapters_numbers(name: str, prose: Any) -> None:
    CHECKS[name](run(name), prose)


def test_the_float16_table_is_what_torch_half_gives(prose: Any) -> None:
    """The claims of the prose: overflow, underflow, and the stable route."""
    ns = run("torch-float16")
    assert np.isnan(ns["by_hand"][0].item()) and np.isinf(ns["softmax_then_log"][2].item())
    assert math.exp(12) > float(torch.finfo(torch.float16).max)
    assert math.exp(-32) < float(torch.finfo(torch.float16).smallest_normal) * 2**-10
