"""An explorer as data: controls, a model, the figure's marks and the words.

The spec is written in Python and read by the browser (``nllbook-explorer.js``,
built from ``js/explorer/``), which evaluates the model's formulas as the
reader moves a control. The same explorer carries ``compute``: the numbers
of one state computed by nllbook itself. The differential tests run the
browser's model in node for thousands of states and compare it with
``compute``; the markup's first numbers come from ``compute`` too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ._text import FORMAT, WHEN, fmt_number, slots

#: Names the model's formulas may call (js/explorer/math.js exports exactly
#: these; a test checks it).
PRIMITIVES = (
    "INF",
    "LN2",
    "PI",
    "abs",
    "bce",
    "bceLogits",
    "ceLogits",
    "coin",
    "crossEntropy",
    "entropy",
    "exp",
    "expectedBrier",
    "expm1",
    "f32",
    "floor",
    "gaussNll",
    "interp",
    "isFinite",
    "kl",
    "linspace",
    "ln",
    "logSoftmax",
    "log1p",
    "logb",
    "logsumexp",
    "max",
    "mean",
    "min",
    "mix",
    "nll",
    "normalPdf",
    "onehot",
    "range",
    "round",
    "sigmoid",
    "sigmoid32",
    "smoothLabels",
    "softmax",
    "sqrt",
    "sum",
    "xlogy",
)
#: Names a value may not take: the pointer's coordinates in a handle's formula.
RESERVED = ("x", "y")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Control:
    """One control of an explorer: a range the reader sets by slider or by dragging the figure.

    Parameters
    ----------
    name : str
        The name the model's formulas use.
    label : str
        The visible label, also the slider's ``aria-label``.
    min, max, default : float
    fmt : str
        How the value is shown (a Python format spec, e.g. ``".2f"``).
    unit : str
        Unit said after the value (the slider's ``aria-valuetext``).
    scale : {"linear", "log"}
        How slider positions are spaced.
    steps : int
        Slider positions minus one (1000: the slider has 1001 positions).
        A drag on the figure is not rounded to them.
    integer : bool
        Whole numbers only; the slider then has one position per number.
    snap : bool
        The value stops at the slider's positions only, also when dragged:
        for a control over a table that nllbook computed at those values.
    shown : sequence of str, optional
        For a whole-number control over a list (of recorded steps, say): the
        words shown for each value, ``shown[value - min]``, beside the slider
        and in its ``aria-valuetext``, in place of the number.
    """

    name: str
    label: str
    min: float
    max: float
    default: float
    fmt: str = ".2f"
    unit: str = ""
    scale: Literal["linear", "log"] = "linear"
    steps: int = 1000
    integer: bool = False
    snap: bool = False
    shown: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name) or self.name in RESERVED or self.name in PRIMITIVES:
            raise ValueError(f"name: {self.name!r} cannot name a control")
        if not self.min < self.max:
            raise ValueError(f"min: control {self.name!r} needs min < max")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default: {self.default!r} is outside [{self.min}, {self.max}]")
        if self.scale == "log" and self.min <= 0:
            raise ValueError(f"min: a log-scale control ({self.name!r}) must start above 0")
        if self.integer:
            object.__setattr__(self, "steps", int(self.max - self.min))
        if self.steps < 1:
            raise ValueError(f"steps: control {self.name!r} needs at least one step")
        if self.shown is not None and (not self.integer or len(self.shown) != self.steps + 1):
            raise ValueError(
                f"shown: control {self.name!r} needs one text per whole number "
                f"from {self.min} to {self.max}"
            )

    def text(self, value: float) -> str:
        """The value as the slider says it (its ``aria-valuetext``), with the unit."""
        if self.shown is not None:
            words = self.shown[round(value - self.min)]
        else:
            words = fmt_number(value, self.fmt)
        return words + (f" {self.unit}" if self.unit else "")

    def position(self, value: float) -> float:
        """The slider position of a value (not rounded), as the browser computes it."""
        if self.scale == "log":
            t = math.log(value / self.min) / math.log(self.max / self.min)
        else:
            t = (value - self.min) / (self.max - self.min)
        return t * self.steps

    def value_at(self, position: float) -> float:
        """The value at a slider position, as the browser computes it (js: fromPos)."""
        if position <= 0:
            return self.min
        if position >= self.steps:
            return self.max
        t = position / self.steps
        if self.scale == "log":
            v = self.min * (self.max / self.min) ** t
        else:
            v = self.min + t * (self.max - self.min)
        return float(round(v)) if self.integer else v

    def nodes(self) -> list[float]:
        """Every value a snapping control can take, in order."""
        return [self.value_at(k) for k in range(self.steps + 1)]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "min": self.min,
            "max": self.max,
            "default": self.default,
            "fmt": self.fmt,
            "unit": self.unit,
            "scale": self.scale,
            "steps": self.steps,
            "integer": self.integer,
            "snap": self.snap,
            **({"shown": list(self.shown)} if self.shown is not None else {}),
        }


@dataclass(frozen=True)
class Axis:
    """One axis of a panel: a numeric range, or the labels of a bar chart's categories."""

    label: str = ""
    domain: tuple[float, float] = (0.0, 1.0)
    scale: Literal["linear", "log"] = "linear"
    ticks: Sequence[float] | None = None
    tick_format: str | None = None
    labels: Sequence[str] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "domain": list(self.domain),
            "scale": self.scale,
        }
        if self.ticks is not None:
            out["ticks"] = list(self.ticks)
        if self.tick_format is not None:
            out["tickFormat"] = self.tick_format
        if self.labels is not None:
            out["labels"] = list(self.labels)
        return out


Mark = dict[str, Any]


def curve(
    y: str,
    *,
    x: tuple[float, float] | None = None,
    n: int = 240,
    color: str = "main",
    dash: bool = False,
    name: str = "curve",
) -> Mark:
    """The graph of a formula in ``x`` (and the state), sampled at ``n`` points.

    Points where the formula is not finite are left out (a gap).
    """
    out: Mark = {"type": "curve", "y": y, "n": n, "color": color, "dash": dash, "name": name}
    if x is not None:
        out["x"] = list(x)
    return out


def path(xs: str, ys: str, *, color: str = "main", dash: bool = False, name: str = "path") -> Mark:
    """A polyline through two arrays of the model (a table, say)."""
    return {"type": "path", "xs": xs, "ys": ys, "color": color, "dash": dash, "name": name}


def dot(
    x: str,
    y: str,
    *,
    handle: Mapping[str, str] | None = None,
    on: str | None = None,
    color: str = "accent",
    name: str = "dot",
) -> Mark:
    """A dot at (x, y), pinned to the top edge with ∞ when y is infinite.

    ``handle`` makes it draggable: control name to a formula in the pointer's
    data coordinates ``x`` and ``y`` (``{"p": "x"}``). ``on`` names the curve
    of the same panel that the dot lies on: the browser tests check that it
    does, in every state they visit.
    """
    out: Mark = {"type": "dot", "x": x, "y": y, "color": color, "name": name}
    if handle:
        out["handle"] = dict(handle)
    if on:
        out["on"] = on
    return out


def rule(
    *,
    x: str | None = None,
    y: str | None = None,
    color: str = "muted",
    dash: bool = True,
    name: str = "rule",
) -> Mark:
    """A vertical line at ``x`` or a horizontal one at ``y``."""
    if (x is None) == (y is None):
        raise ValueError("x: give exactly one of x and y")
    out: Mark = {"type": "rule", "color": color, "dash": dash, "name": name}
    out["x" if x is not None else "y"] = x if x is not None else y
    return out


def bars(
    series: Sequence[tuple[str, str, str]],
    *,
    highlight: str | None = None,
    annotate: str | None = None,
    at: Sequence[float] | None = None,
    width: float = 0.6,
) -> Mark:
    """Grouped bars: ``series`` is ``(name, formula of an array, colour)``.

    On an axis of labels, one group per label. On a numeric axis, one group
    centred at each value of ``at``, ``width`` wide in the axis's units: a
    drag on the panel then reads the value under the pointer (a class, say).
    ``highlight`` is the index of the group drawn in the accent colour.
    """
    out: Mark = {
        "type": "bars",
        "series": [{"name": n, "values": v, "color": c} for n, v, c in series],
    }
    if at is not None:
        out["at"] = [float(a) for a in at]
        out["width"] = float(width)
    if highlight is not None:
        out["highlight"] = highlight
    if annotate is not None:
        out["annotate"] = annotate
    return out


def dots(xs: str, ys: str, *, color: str = "accent", r: float = 4, name: str = "dots") -> Mark:
    """Points at two arrays of the model (measurements, say)."""
    return {"type": "dots", "xs": xs, "ys": ys, "color": color, "r": r, "name": name}


def text(x: str, y: str, template: str, *, anchor: str = "start", color: str = "ink") -> Mark:
    """A label at (x, y) whose words may hold numbers (``{name:fmt}``)."""
    return {"type": "text", "x": x, "y": y, "text": template, "anchor": anchor, "color": color}


@dataclass(frozen=True)
class Panel:
    """One plot of the figure; panels stack vertically.

    ``drag`` lets a drag anywhere on the panel set controls: control name to
    a formula in the pointer's data coordinates ``x`` and ``y``; on an axis of
    labels (bars), the coordinate is the index of the bar under the pointer.
    On a phone only a sideways drag does; a vertical swipe scrolls the page.
    ``margin`` overrides the space around the plot, in px (``left``, ``right``,
    ``top``, ``bottom``; defaults 46, 14, 14, 38).
    """

    x: Axis
    y: Axis
    marks: Sequence[Mark]
    height: int = 200
    drag: Mapping[str, str] | None = None
    margin: Mapping[str, int] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "x": self.x.as_json(),
            "y": self.y.as_json(),
            "marks": list(self.marks),
            "height": self.height,
        }
        if self.drag:
            out["drag"] = dict(self.drag)
        if self.margin:
            out["margin"] = dict(self.margin)
        return out


@dataclass(frozen=True)
class Readout:
    """A number shown beside the figure, live: ``label`` ``value`` ``unit``."""

    name: str
    label: str
    fmt: str = ".3f"
    unit: str = ""


@dataclass(frozen=True)
class Prediction:
    """Predict, then reveal: a guess the reader commits before moving the explorer.

    The guess is drawn on the figure (panel ``ghost_panel``: a hollow dot at
    ``ghost_x``, or with no ``ghost_x`` a dashed line at the guess). Once the
    controls reach ``at`` (within half a slider position), the truth, the
    model's ``number`` at ``at``, is shown beside the guess.
    """

    prompt: str
    at: Mapping[str, float]
    number: str
    where: str
    unit: str = ""
    digits: int = 3
    ghost_panel: int = 0
    ghost_x: str | None = None


@dataclass
class ExplorerSpec:
    """An explorer as data; see the module's docstring. :class:`Explorer` renders it.

    Parameters
    ----------
    key : str
        Short name (``data-explorer`` on the page).
    title, alt, caption : str
        Heading; the figure's accessible description; the words under it.
    hint : str, optional
        How a pointer moves the figure ("Drag the dot..."), after the
        caption on screen; paper, which has no pointer, leaves it out.
    controls : sequence of Control
    model : sequence of (name, formula)
        The browser's model: each formula (JavaScript syntax over
        :data:`PRIMITIVES`, the constants, the controls and the names before
        it) gives one value.
    compute : callable
        ``compute(**controls) -> dict``: the same values computed by nllbook.
        Every name of ``model`` must be there; tests compare them.
    panels : sequence of Panel
    readouts : sequence of Readout
        The changing numbers, shown beside the figure.
    words : str
        HTML with slots ``{name:fmt}``; an element with ``data-when="formula"``
        shows only when the formula holds (it keeps its space when hidden).
    announce : str
        The state in a few words, with slots: the figure's label, what screen
        readers hear after a move, and each print cell's caption.
    consts : mapping
        Arrays and numbers computed by nllbook when the page is built, which
        the formulas read by name.
    legend : sequence of mapping
        ``{"label", "color", "kind": "line" | "dot" | "bar", "dash"}``.
    print_states : sequence of mapping
        Three or four telling states, drawn side by side on paper.
    predict : Prediction, optional
    """

    key: str
    title: str
    controls: Sequence[Control]
    model: Sequence[tuple[str, str]]
    compute: Callable[..., Mapping[str, Any]]
    panels: Sequence[Panel]
    readouts: Sequence[Readout]
    words: str
    alt: str
    caption: str
    announce: str
    consts: Mapping[str, Any] = field(default_factory=dict)
    legend: Sequence[Mapping[str, Any]] = ()
    print_states: Sequence[Mapping[str, float]] = ()
    predict: Prediction | None = None
    hint: str = ""

    def __post_init__(self) -> None:
        controls = [c.name for c in self.controls]
        names = list(controls)
        for name, formula in self.model:
            if not _NAME.match(name) or name in RESERVED or name in PRIMITIVES:
                raise ValueError(f"model: {name!r} cannot name a value")
            if name in names:
                raise ValueError(f"model: {name!r} is defined twice")
            if not formula.strip():
                raise ValueError(f"model: {name!r} has no formula")
            names.append(name)
        for name in self.consts:
            if name in names or name in PRIMITIVES or name in RESERVED:
                raise ValueError(f"consts: {name!r} clashes with another name")
        known = set(names)
        for r in self.readouts:
            if r.name not in known:
                raise ValueError(f"readouts: {r.name!r} is not a value of {self.key!r}")
        for template, what in ((self.words, "words"), (self.announce, "announce")):
            for name, fmt in slots(template):
                if name not in known:
                    raise ValueError(f"{what}: no value named {name!r}")
                if not FORMAT.match(fmt):
                    raise ValueError(f"{what}: format {fmt!r} of {name!r} is not supported")
        for name in WHEN.findall(self.words):
            if name not in known:
                raise ValueError(f"words: data-when={name!r} is not a value")
        # A control is read and set as an attribute (ex.p = 0.3): it cannot
        # take a name of the class that is built, renderings included.
        for c in controls:
            if hasattr(type(self), c):
                raise ValueError(f"controls: {c!r} is a name of the explorer itself")
        for state in self.print_states:
            self.checked(state)
        if self.predict is not None:
            self.checked(self.predict.at)
            if self.predict.number not in known:
                raise ValueError(f"predict: {self.predict.number!r} is not a value")
        for panel in self.panels:
            curves = {m.get("name") for m in panel.marks if m["type"] in ("curve", "path")}
            for m in panel.marks:
                if m.get("on") and m["on"] not in curves:
                    raise ValueError(f"panels: dot {m['name']!r} is on no curve {m['on']!r}")
            for setter in [panel.drag or {}] + [m.get("handle", {}) for m in panel.marks]:
                for name in setter:
                    if name not in controls:
                        raise ValueError(f"panels: a drag sets {name!r}, not a control")

    # -- state ---------------------------------------------------------------------------
    @property
    def defaults(self) -> dict[str, float]:
        return {c.name: c.default for c in self.controls}

    def checked(self, values: Mapping[str, float]) -> dict[str, float]:
        """The defaults updated with ``values``, each checked against its control."""
        out = self.defaults
        by_name = {c.name: c for c in self.controls}
        for name, value in values.items():
            c = by_name.get(name)
            if c is None:
                raise ValueError(f"{name}: not a control of explorer {self.key!r}")
            v = float(value)
            if not c.min <= v <= c.max:
                raise ValueError(f"{name}: {v!r} is outside [{c.min}, {c.max}]")
            if c.integer and v != round(v):
                raise ValueError(f"{name}: {v!r} is not a whole number")
            if c.snap and not math.isclose(
                c.position(v), round(c.position(v)), rel_tol=0, abs_tol=1e-9
            ):
                raise ValueError(f"{name}: {v!r} is not one of the control's values")
            out[name] = v
        return out

    def numbers(self, **values: float) -> dict[str, Any]:
        """Every value of the model at one state, computed by nllbook."""
        state = self.checked(values)
        out = dict(self.compute(**state))
        return {**state, **out}

    # -- the browser's spec ----------------------------------------------------------------------
    def spec(self) -> dict[str, Any]:
        """The spec the browser reads (JSON-ready)."""
        out: dict[str, Any] = {
            "key": self.key,
            "alt": self.alt,
            "announce": self.announce,
            "controls": [c.as_json() for c in self.controls],
            "defaults": self.defaults,
            "model": [list(m) for m in self.model],
            "consts": {k: _jsonable(v) for k, v in self.consts.items()},
            "panels": [p.as_json() for p in self.panels],
            "legend": [dict(item) for item in self.legend],
            "print": [dict(s) for s in self.print_states],
        }
        if self.predict is not None:
            p = self.predict
            out["predict"] = {
                "at": {k: float(v) for k, v in p.at.items()},
                "number": p.number,
                "where": p.where,
                "unit": p.unit,
                "digits": p.digits,
                "ghost": {"panel": p.ghost_panel, "x": p.ghost_x},
            }
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v
