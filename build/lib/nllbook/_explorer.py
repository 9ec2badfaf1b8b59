"""Machinery behind :mod:`nllbook.widgets`: one explorer, two renderings.

An :class:`Explorer` ties sliders to a pure computation (numbers from
nllbook), a text (the word-by-word explanation) and a matplotlib figure. It
renders itself in two ways from the same functions:

- live, as ipywidgets, in a running kernel (:mod:`nllbook._live`);
- static, as an HTML "player" that carries every slider state precomputed, so
  the built site responds to the sliders with no kernel and no network
  (:mod:`nllbook._player`, which finds what changes with
  :mod:`nllbook._svgdiff`).

This module holds the definition, the figure cache and the display hook.
The site's states are rendered only when the site is built: the build sets
``NLLBOOK_SITE_BUILD=1`` for its kernels. In a live kernel, displaying an
explorer draws one figure, not all of them.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure, SubplotParams

from ._live import package_css, widget
from ._player import player_html
from ._predict import Prediction
from ._recycle import RecyclingFigure
from ._slider import Slider
from ._style import COLORS, DEFAULT_MARGINS, NARROW, RC, render_svg
from ._svgdiff import prefix_ids as _prefix_ids
from ._text import fmt_number, note, quantity, word_steps

__all__ = [
    "COLORS",
    "DEFAULT_MARGINS",
    "NARROW",
    "RC",
    "SITE_BUILD_ENV",
    "Explorer",
    "Numbers",
    "Prediction",
    "Slider",
    "Values",
    "_prefix_ids",
    "fmt_number",
    "note",
    "package_css",
    "quantity",
    "render_svg",
    "word_steps",
]

Values = Mapping[str, float]
Numbers = Mapping[str, float]

#: Set to "1" in the kernels of a site build: only then does displaying an
#: explorer render every state for the static player.
SITE_BUILD_ENV = "NLLBOOK_SITE_BUILD"
#: A folder where one site build keeps each explorer's rendered player, so
#: that a page showing an explorer another page already rendered (the
#: landing page shows chapter 4's) reuses it. Set by the build for its
#: kernels, inside ``_build``; the build script empties it whenever the
#: nllbook package changes.
PLAYER_CACHE_ENV = "NLLBOOK_PLAYER_CACHE"


@dataclass
class Explorer:
    """Sliders wired to nllbook, shown as a live widget or a static player.

    Parameters
    ----------
    key : str
        Short name; also prefixes the ids inside the player.
    title : str
        Heading shown above the controls.
    sliders : sequence of Slider
    compute : callable
        ``compute(**values) -> dict`` of the numbers for a setting. It must
        only call nllbook.
    describe : callable
        ``describe(values, numbers) -> str``: the HTML text for a setting,
        with each number wrapped by :func:`quantity`.
    draw : callable
        ``draw(fig, values, numbers)``: draws the whole figure for a setting
        (the figure is cleared first).
    alt : str
        Alternative text of the figure, for screen readers.
    caption : str
        Caption shown under the figure.
    figsize : (float, float)
    announce : callable, optional
        ``announce(values, numbers) -> str``: the key result in a few words,
        read out by screen readers when a slider moves (plain text).
    drag : (str, int), optional
        ``(slider name, axes index)`` when the x-axis of ``fig.axes[index]``
        shows that slider's value: a click or a drag on those axes in the
        player then sets the slider (the x-limits must not change with the
        sliders; tests check it).
    print_states : sequence of mapping, optional
        Three or four telling settings (slider name to value; a slider left
        out keeps its default), shown side by side with their numbers where
        the player cannot move: on paper and in the book's PDF. Without
        them, the first, default and last value of the first slider.
    predict : Prediction, optional
        A guess the reader is invited to commit before moving the sliders,
        shown next to the truth once the sliders reach its setting.
    """

    key: str
    title: str
    sliders: Sequence[Slider]
    compute: Callable[..., Numbers]
    describe: Callable[[Values, Numbers], str]
    draw: Callable[[Figure, Values, Numbers], None]
    alt: str
    caption: str
    figsize: tuple[float, float] = (NARROW, 2.8)
    margins: Mapping[str, float] = field(default_factory=dict)
    announce: Callable[[Values, Numbers], str] | None = None
    drag: tuple[str, int] | None = None
    print_states: Sequence[Values] = ()
    predict: Prediction | None = None
    _fig: RecyclingFigure | None = field(default=None, init=False, repr=False)
    _svg_cache: dict[tuple[float, ...], str] = field(default_factory=dict, init=False, repr=False)

    # -- pure part ---------------------------------------------------------
    @property
    def defaults(self) -> dict[str, float]:
        return {s.name: s.default for s in self.sliders}

    def grid(self) -> Iterator[dict[str, float]]:
        """Every setting, in row-major order over the sliders."""
        for combo in itertools.product(*(s.values for s in self.sliders)):
            yield dict(zip((s.name for s in self.sliders), combo, strict=True))

    def strip_states(self) -> list[dict[str, float]]:
        """The settings shown side by side in print (see ``print_states``)."""
        if self.print_states:
            return [self._checked(v) for v in self.print_states]
        first = self.sliders[0]
        picks = dict.fromkeys((first.min, first.default, first.max))
        return [self._checked({first.name: v}) for v in picks]

    def state_index(self, values: Values) -> int:
        """The row-major index of a setting in :meth:`grid`."""
        vals = self._checked(values)
        index = 0
        for s in self.sliders:
            if vals[s.name] not in s.values:
                raise ValueError(f"{s.name}: {vals[s.name]!r} is not on the slider's grid")
            index = index * len(s.values) + s.values.index(vals[s.name])
        return index

    def numbers(self, **values: float) -> dict[str, float]:
        """The numbers for one setting (validated against the grid)."""
        return dict(self.compute(**self._checked(values)))

    def text(self, **values: float) -> str:
        vals = self._checked(values)
        return self.describe(vals, self.compute(**vals))

    def announcement(self, **values: float) -> str:
        """The key result of one setting, in a few words of plain text."""
        vals = self._checked(values)
        if self.announce is not None:
            return self.announce(vals, self.compute(**vals))
        return ", ".join(f"{s.name} = {s.label_of(vals[s.name])}" for s in self.sliders)

    def prediction_target(self) -> tuple[int, float, str]:
        """Where the prediction is revealed: (state index, true number, setting's name).

        The state index is row-major over the sliders, as the player counts.
        """
        pred = self.predict
        if pred is None:
            raise ValueError(f"predict: explorer {self.key!r} has no prediction")
        vals = self._checked(pred.at)
        index = 0
        for s in self.sliders:
            if vals[s.name] not in s.values:
                raise ValueError(f"predict: {s.name} = {vals[s.name]!r} is not on its grid")
            index = index * len(s.values) + s.values.index(vals[s.name])
        numbers = self.compute(**vals)
        if pred.number not in numbers:
            raise ValueError(f"predict: {pred.number!r} is not a number of {self.key!r}")
        where = pred.where or ", ".join(
            f"{s.name} = {s.label_of(vals[s.name])}" for s in self.sliders if s.name in pred.at
        )
        return index, float(numbers[pred.number]), where

    def svg(self, **values: float) -> str:
        """The figure for one setting, as SVG text.

        Settings already rendered (for the static player, or by an earlier
        slider move) come from a cache; the rest are drawn and rendered.
        """
        vals = self._checked(values)
        key = tuple(vals[s.name] for s in self.sliders)
        if key not in self._svg_cache:
            self._svg_cache[key] = self.render_figure(vals)
        return self._svg_cache[key]

    def render_figure(self, vals: Values, *, reuse: bool = True) -> str:
        """Draw and render the figure for one setting, with no cache.

        The figure is drawn on the axes of the previous setting
        (:class:`~nllbook._recycle.RecyclingFigure`), or with ``reuse=False``
        on a new matplotlib Figure: the same SVG, more slowly.
        """
        pars = {**DEFAULT_MARGINS, **self.margins}
        fig: Figure
        if reuse:
            fig = recycled = self._figure()
            recycled.recycle()
        else:
            with mpl.rc_context(RC):
                fig = Figure(figsize=self.figsize, subplotpars=SubplotParams(**pars))
        # Figure.clear() resets the subplot parameters to the rc defaults.
        fig.subplots_adjust(**pars)
        with mpl.rc_context(RC):
            self.draw(fig, vals, self.compute(**vals))
        return render_svg(fig)

    def drag_geometry(self, **values: float) -> dict[str, Any] | None:
        """Where the dragged slider's axes sit in the SVG, and their x-limits.

        ``box`` is ``[left, top, right, bottom]`` in the SVG's own units
        (points, y downwards); ``lim`` the x-limits in data units; ``log``
        whether the x-axis is logarithmic. ``None`` without :attr:`drag`.
        """
        if self.drag is None:
            return None
        name, index = self.drag
        slider = next(i for i, s in enumerate(self.sliders) if s.name == name)
        fig = self._figure()
        self.render_figure(self._checked(values))
        ax = fig.axes[index]
        box = ax.get_position()
        width, height = (72.0 * x for x in fig.get_size_inches())
        return {
            "slider": slider,
            "values": [float(v) for v in self.sliders[slider].values],
            "box": [
                float(round(box.x0 * width, 2)),
                float(round((1 - box.y1) * height, 2)),
                float(round(box.x1 * width, 2)),
                float(round((1 - box.y0) * height, 2)),
            ],
            "lim": [float(x) for x in ax.get_xlim()],
            "log": ax.get_xscale() == "log",
        }

    def update(self, **values: float) -> tuple[str, str]:
        """What one slider move produces: (text HTML, figure SVG)."""
        return self.text(**values), self.svg(**values)

    def _checked(self, values: Mapping[str, float]) -> dict[str, float]:
        out = self.defaults
        for name, value in values.items():
            slider = next((s for s in self.sliders if s.name == name), None)
            if slider is None:
                raise ValueError(f"{name}: not a slider of explorer {self.key!r}")
            out[name] = float(value)
        return out

    def _figure(self) -> RecyclingFigure:
        if self._fig is None:
            with mpl.rc_context(RC):
                # Fixed margins rather than a layout engine: the layout engine
                # would cost most of each slider update.
                pars = {**DEFAULT_MARGINS, **self.margins}
                self._fig = RecyclingFigure(figsize=self.figsize, subplotpars=SubplotParams(**pars))
        return self._fig

    # -- renderings ----------------------------------------------------------
    def player_html(self, *, interactive: bool = True) -> str:
        """The static HTML player; see :func:`nllbook._player.player_html`."""
        return player_html(self, interactive=interactive)

    def _cached_player_html(self) -> str:
        folder = os.environ.get(PLAYER_CACHE_ENV)
        if not folder:
            return self.player_html()
        path = Path(folder) / f"{self.key}.html"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        html = self.player_html()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed: a kernel running at the
        # same time never reads half a file.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
        return html

    def widget(self) -> Any:
        """The live ipywidgets view; see :func:`nllbook._live.widget`."""
        return widget(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": f"<Explorer {self.key}>"}
        if os.environ.get(SITE_BUILD_ENV) == "1":
            # The site shows the static player, with every state. No live
            # view: its widget state would be saved into the page for nothing.
            bundle["text/html"] = self._cached_player_html()
            return bundle
        try:
            live = self.widget()
            bundle.update(live._repr_mimebundle_(include=include, exclude=exclude) or {})
        except Exception:  # no comm (plain Python): the snapshot below still shows
            pass
        # In a live kernel the widget is what shows; front ends without
        # widgets get a one-state snapshot, drawn from the same figure.
        bundle["text/html"] = self.player_html(interactive=False)
        return bundle
