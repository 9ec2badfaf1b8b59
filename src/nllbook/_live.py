"""The live ipywidgets view of an explorer, for a running kernel."""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING, Any

from ._player import figure_label

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
        text.value = t
        figure.value = (
            '<figure class="nllbook-figure" style="margin:0">'
            + svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
            + f"<figcaption>{html.escape(explorer.caption)}</figcaption></figure>"
        )

    for c in controls:
        c.observe(refresh, names="value")
    refresh()
    # The site loads nllbook.css on every page; a notebook does not, so the
    # live view brings the same styles along.
    title = w.HTML(f"<style>{package_css()}</style><b>{html.escape(explorer.title)}</b>")
    box = w.VBox([title, *controls, figure, text])
    box.add_class("nllbook-live")
    return box
