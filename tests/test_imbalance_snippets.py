"""The chapter "Imbalance and masking" against PyTorch: each of its snippets, run.

Every ``{code-block} python`` of ``book/imbalance.md`` named ``torch-...`` is
executed with the installed PyTorch, and the values it computes are compared
with the numbers the chapter quotes, which nllbook computed (the chapter's
code cells are run here to get them).
"""

from __future__ import annotations

from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="PyTorch is an optional test extra (.ci/run installs constraints/torch.txt)"
)
pytest.importorskip("jupytext")

import chapter_snippets  # noqa: E402
from chapter_snippets import same  # noqa: E402

PAGE = "imbalance"


def snippets() -> dict[str, str]:
    return chapter_snippets.snippets(PAGE)


@pytest.fixture(scope="module")
def prose() -> Any:
    """The chapter's numbers, from its own code cells, as the build computes them."""
    return chapter_snippets.chapter_prose(PAGE)


def run(name: str) -> dict[str, Any]:
    return chapter_snippets.run_snippet(PAGE, name)


def _baseline(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["prior"], p.prior_h, 1e-12)
    assert same(ns["uniform"], p.lnk)
    assert ns["prior"] < ns["uniform"]


def _class_weights(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["mean"], p.w_mean) and same(ns["by_hand"], p.w_mean)
    assert same(ns["total"], p.w_sum)
    assert same(ns["w"][ns["y"]].sum(), p.w_denominator, 0)
    assert same(ns["over_n"], p.w_over_n) and not same(ns["over_n"], p.w_mean)
    assert same(ns["plain"], p.unweighted)


def _pos_weight(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["plain"], p.bce_pi) and same(ns["plain"], p.h_pi)
    assert same(ns["at_share"], p.bce_pi_w)
    assert same(ns["at_shifted"], p.bce_mid_w) and ns["at_shifted"] < ns["at_share"]
    assert same(ns["best"], p.q_pw_mid)


def _focal(ns: dict[str, Any], p: Any) -> None:
    for i in range(4):
        assert same(ns["focal"][i], p.f_fl[i], 1e-12)
        assert same(ns["ce"][i], p.f_ce[i], 1e-12)
    assert same(ns["same"], p.f_gamma0, 1e-12) and same(ns["same"], p.f_ce_mean, 1e-12)


def _padding(ns: dict[str, Any], p: Any) -> None:
    assert same(ns["per_token"], p.per_token, 1e-12)
    assert same(ns["also_per_token"], p.per_token, 1e-12)
    assert same(ns["per_sequence"], p.per_sequence, 1e-12)
    assert same(ns["wrong"], p.masked_mean_all, 1e-12)
    assert len({round(p.per_token, 6), round(p.per_sequence, 6), round(p.masked_mean_all, 6)}) == 3


CHECKS = {
    "torch-baseline": _baseline,
    "torch-class-weights": _class_weights,
    "torch-pos-weight": _pos_weight,
    "torch-focal": _focal,
    "torch-padding": _padding,
}


def test_every_snippet_is_checked_here() -> None:
    assert set(snippets()) == set(CHECKS)


@pytest.mark.parametrize("name", list(CHECKS))
def test_snippet_gives_the_chapters_numbers(name: str, prose: Any) -> None:
    CHECKS[name](run(name), prose)


def test_the_padding_snippet_uses_the_chapters_data() -> None:
    from nllbook import examples as ex

    ns = run("torch-padding")
    assert (ns["logits"].numpy() == ex.PADDED_LOGITS).all()
    assert (ns["target"].numpy() == ex.PADDED_TARGETS).all()
