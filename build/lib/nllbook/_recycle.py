"""A matplotlib figure that reuses its axes from one slider state to the next.

Rendering a player draws the same figure once per slider state. Most of that
time goes into building axes and their tick artists, which are the same in
every state. :class:`RecyclingFigure` keeps the axes of the previous state
and, when a draw function asks for axes of the same layout again, clears and
returns them with their tick artists, instead of building new ones. The
result is byte-for-byte the SVG of a fresh figure (``tests/test_explorer.py``
checks every state of every explorer), in about half the time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

_Key = tuple[Any, ...]


def _keep_ticks() -> None:
    pass


def _clear(ax: Axes) -> None:
    """Clear ``ax`` as ``Axes.clear`` does, but keep its tick artists."""
    axes = list(ax._axis_map.values())
    for axis in axes:
        # Axis.clear() drops the tick lists and at once builds a first tick
        # of each again: the existing lists serve instead.
        axis.reset_ticks = _keep_ticks  # type: ignore[method-assign]
    try:
        ax.clear()
    finally:
        for axis in axes:
            del axis.reset_ticks


class RecyclingFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` whose :meth:`recycle` keeps the axes.

    After :meth:`recycle`, the figure is empty; a call to :meth:`add_subplot`
    with no arguments, or to :meth:`subplots`, with the same arguments as in
    the previous drawing gets the previous drawing's axes back, cleared.
    Any other call builds new axes as usual.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made: list[tuple[_Key, Any]] = []
        self._spare: list[tuple[_Key, Any]] = []

    def recycle(self) -> None:
        """Empty the figure, keeping its axes for the next drawing."""
        for ax in tuple(self.axes):
            self.delaxes(ax)
        self.clear()
        self._spare, self._made = self._made, []

    def _take(self, key: _Key) -> Any:
        if self._spare and self._spare[0][0] == key:
            return self._spare.pop(0)[1]
        self._spare = []
        return None

    def add_subplot(self, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return super().add_subplot(*args, **kwargs)
        key: _Key = ("add_subplot",)
        ax = self._take(key)
        if ax is None:
            ax = super().add_subplot()
        else:
            _clear(ax)
            super().add_subplot(ax)
        self._made.append((key, ax))
        return ax

    def subplots(self, nrows: int = 1, ncols: int = 1, **kwargs: Any) -> Any:
        key: _Key = ("subplots", nrows, ncols, tuple(sorted(kwargs.items())))
        axes = self._take(key)
        if axes is None:
            axes = super().subplots(nrows, ncols, **kwargs)
        else:
            flat = np.atleast_1d(axes).ravel()
            for ax in flat:
                _clear(ax)
                super().add_subplot(ax)
            # As Figure.subplots does for shared axes: inner tick labels off.
            if kwargs.get("sharex") in (True, "all", "col"):
                for ax in flat:
                    ax._label_outer_xaxis(skip_non_rectangular_axes=True)
            if kwargs.get("sharey") in (True, "all", "row"):
                for ax in flat:
                    ax._label_outer_yaxis(skip_non_rectangular_axes=True)
        self._made.append((key, axes))
        return axes
