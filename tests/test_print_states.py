"""The telling states each explorer shows on paper (``print_states``)."""

from __future__ import annotations

import re

import pytest

from nllbook.widgets import Explorer, all_explorers, classifier_explorer, nll_explorer

EXPLORERS = sorted(all_explorers())


@pytest.mark.parametrize("key", EXPLORERS)
def test_three_or_four_distinct_states_on_the_grid(key: str) -> None:
    explorer: Explorer = all_explorers()[key]()
    assert explorer.print_states, "every explorer of the book chooses its own states"
    states = explorer.strip_states()
    assert 3 <= len(states) <= 4
    grid = list(explorer.grid())
    indices = [explorer.state_index(v) for v in states]
    assert len(set(indices)) == len(indices), "a state is shown twice"
    for values, index in zip(states, indices, strict=True):
        assert grid[index] == values


def test_state_index_refuses_a_value_off_the_grid() -> None:
    explorer = nll_explorer()
    with pytest.raises(ValueError, match="grid"):
        explorer.state_index({"p": 0.005})


def test_default_strip_is_first_default_last() -> None:
    explorer = nll_explorer()
    explorer.print_states = ()
    slider = explorer.sliders[0]
    assert [v["p"] for v in explorer.strip_states()] == [slider.min, slider.default, slider.max]


def test_player_names_its_print_states() -> None:
    explorer = classifier_explorer()
    html = explorer.player_html()
    found = re.search(r'data-print-states="([\d,]+)"', html)
    assert found is not None
    want = [explorer.state_index(v) for v in explorer.strip_states()]
    assert [int(i) for i in found.group(1).split(",")] == want
    # A one-state snapshot for a live kernel has nothing to print beside it.
    assert "data-print-states" not in explorer.player_html(interactive=False)
