"""The classifier explorer of "Start" against the formula, written out with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from nllbook import examples as ex
from nllbook_pages import start

Q = np.array([0.1, 0.3, 0.5, 0.1])


def test_the_example_is_the_articles_vector() -> None:
    assert np.array_equal(ex.FOUR_CLASS_PROBS, Q)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_each_true_class_picks_its_bar(k: int) -> None:
    n = start.classifier_explorer().numbers(true_class=k)
    assert n["likelihood"] == Q[k - 1]
    assert n["log"] == pytest.approx(np.log(Q[k - 1]), rel=1e-15)
    assert n["negative"] == pytest.approx(-np.log(Q[k - 1]), rel=1e-15)
    assert n["onehot_text"] == str([int(i == k - 1) for i in range(4)])


def test_the_bars_stand_at_their_class_with_its_height() -> None:
    spec = start.classifier_explorer().spec()
    for panel, (const, heights) in zip(
        spec["panels"], (("probs", Q), ("losses", -np.log(Q))), strict=True
    ):
        bars = next(m for m in panel["marks"] if m["type"] == "bars")
        assert bars["series"][0]["values"] == const
        assert bars["at"] == [1.0, 2.0, 3.0, 4.0]
        assert bars["highlight"] == "true_class - 1"
        np.testing.assert_allclose(spec["consts"][const], heights, rtol=1e-15)


def test_a_drag_on_either_chart_chooses_a_class() -> None:
    ex_ = start.classifier_explorer()
    for panel in ex_.panels:
        assert panel.drag == {"true_class": "x"}
        assert panel.x.labels is None  # numeric axis: the pointer's x is a class number
        assert panel.x.domain == (0.5, 4.5)
    assert ex_.predict is not None and ex_.predict.ghost_panel == 1
