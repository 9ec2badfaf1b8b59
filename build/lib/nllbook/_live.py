"""The live ipywidgets view of an explorer, for a running kernel."""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING, Any

from ._player import figure_label
from ._predict import reveal_text, waiting_text

if TYPE_CHECKING:
    from ._explorer import Explorer


@cache
def package_css() -> str:
    """The explorers' stylesheet, as shipped in the package."""
    from importlib.resources import files

    return (files("nllbook") / "_static" / "nllbook.css").read_text(encoding="utf-8")


def widget(explorer: Explorer) -> Any:
    """Sliders, then the figure, then the text: the same order as the site's player."""
    import ipywidgets as w

    controls = [
        w.SelectionSlider(
            options=[(s.label_of(v), v) for v in s.values],
            value=s.default,
            description=s.label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="640px"),
        )
        for s in explorer.sliders
    ]
    text = w.HTML()
    figure = w.HTML()

    def refresh(_change: object = None) -> None:
        values = {s.name: c.value for s, c in zip(explorer.sliders, controls, strict=True)}
        t, svg = explorer.update(**values)
        label = figure_label(explorer.alt, explorer.announcement(**values))
        # The figure first: by the time the words change, what they describe
        # is drawn.
        figure.value = (
            '<figure class="nllbook-figure" style="margin:0">'
            + svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
            + f"<figcaption>{html.escape(explorer.caption)}</figcaption></figure>"
        )
        text.value = t

    predict = PredictionState(explorer) if explorer.predict is not None else None
    ask: list[Any] = []
    result = w.HTML()
    if predict is not None:
        assert explorer.predict is not None
        guess = w.Text(description="Your guess", style={"description_width": "initial"})
        commit = w.Button(description="Commit my guess")
        skip = w.Button(description="Skip")

        def on_commit(_: object = None) -> None:
            result.value = html.escape(predict.commit(guess.value, current()))
            if predict.guess is not None:
                guess.disabled = commit.disabled = skip.disabled = True

        def on_skip(_: object = None) -> None:
            result.value = html.escape(predict.skip())
            guess.disabled = commit.disabled = skip.disabled = True

        commit.on_click(on_commit)
        skip.on_click(on_skip)
        prompt = w.HTML(f"Predict first: {html.escape(explorer.predict.prompt)}")
        ask = [w.VBox([prompt, w.HBox([guess, commit, skip])])]

    def current() -> dict[str, float]:
        return {s.name: c.value for s, c in zip(explorer.sliders, controls, strict=True)}

    def on_move(change: object = None) -> None:
        refresh(change)
        if predict is not None:
            message = predict.moved(current())
            if message:
                result.value = html.escape(message)

    for c in controls:
        c.observe(on_move, names="value")
    refresh()
    # The site loads nllbook.css on every page; a notebook does not, so the
    # live view brings the same styles along.
    title = w.HTML(f"<style>{package_css()}</style><b>{html.escape(explorer.title)}</b>")
    box = w.VBox([title, *ask, *controls, figure, text, result])
    box.add_class("nllbook-live")
    return box


class PredictionState:
    """The live widget's prediction logic, free of any widget.

    ``commit(text, values)`` records a guess (the reply says what happens
    next, or reveals at once if the sliders already sit at the setting),
    ``moved(values)`` returns the comparison the first time the sliders
    reach the setting, ``skip()`` gives up the prompt. The words are those of
    the static player.
    """

    def __init__(self, explorer: Explorer) -> None:
        from .quiz import parse_number

        pred = explorer.predict
        if pred is None:
            raise ValueError(f"explorer: {explorer.key!r} has no prediction")
        self._parse = parse_number
        self.unit, self.digits = pred.unit, pred.digits
        _, self.truth, self.where = explorer.prediction_target()
        self.target = {**explorer.defaults, **{k: float(v) for k, v in pred.at.items()}}
        self.guess: float | None = None
        self.skipped = False
        self.revealed = False

    def commit(self, text: str, values: dict[str, float]) -> str:
        if self.guess is not None or self.skipped:
            return ""
        guess = self._parse(text)
        if guess is None:
            return "Type a number as your guess, or skip."
        self.guess = guess
        return self.moved(values) or waiting_text(guess, self.where, self.unit)

    def skip(self) -> str:
        self.skipped = True
        return "Prediction skipped."

    def moved(self, values: dict[str, float]) -> str:
        if self.guess is None or self.revealed or dict(values) != self.target:
            return ""
        self.revealed = True
        return reveal_text(self.guess, self.truth, self.where, self.unit, self.digits)
