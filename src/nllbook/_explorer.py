"""Machinery behind :mod:`nllbook.widgets`: one explorer, two renderings.

An :class:`Explorer` ties sliders to a pure computation (numbers from
nllbook), a text (the word-by-word explanation) and a matplotlib figure. It
renders itself in two ways from the same functions:

- live, as ipywidgets, in a running kernel (JupyterLab picks this view);
- static, as an HTML "player" that carries every slider state precomputed, so
  the built site responds to the sliders with no kernel and no network.

The player sends the figure once as SVG, then for each state only the SVG
elements that differ from the first state (matched by their ``id``), and the
state's text. A small script shipped with the book (``nllbook-player.js``)
swaps them in when a slider moves.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure, SubplotParams

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

#: Matplotlib settings for every figure of the book: text stays text (light
#: and selectable), ids are reproducible, and no date is stamped in.
RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "nllbook",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "figure.dpi": 100,
}

# Colours chosen for contrast on white and for colour-blind readers (Okabe-Ito).
COLORS = {
    "main": "#0072B2",
    "accent": "#D55E00",
    "good": "#009E73",
    "muted": "#999999",
    "other": "#CC79A7",
    "warn": "#E69F00",
}

DEFAULT_MARGINS = {"left": 0.12, "right": 0.97, "bottom": 0.2, "top": 0.9, "wspace": 0.34}

Values = Mapping[str, float]
Numbers = Mapping[str, float]


@dataclass(frozen=True)
class Slider:
    """One slider: a name, a visible label and the grid of values it can take.

    The grid is explicit so that the live widget, the static player and the
    tests all visit exactly the same settings.
    """

    name: str
    label: str
    values: tuple[float, ...]
    default: float
    fmt: str = ".2f"

    def __post_init__(self) -> None:
        if len(self.values) < 2:
            raise ValueError(f"values: slider {self.name!r} needs at least two values")
        if self.default not in self.values:
            raise ValueError(f"default: {self.default!r} is not on the grid of {self.name!r}")

    @classmethod
    def linspace(
        cls,
        name: str,
        label: str,
        start: float,
        stop: float,
        num: int,
        default: float,
        fmt: str = ".2f",
    ) -> Slider:
        """A slider over ``num`` evenly spaced values, rounded to ``fmt``."""
        step = (stop - start) / (num - 1)
        values = tuple(float(format(start + i * step, fmt)) for i in range(num))
        return cls(name, label, values, float(format(default, fmt)), fmt)

    def label_of(self, value: float) -> str:
        """The readout shown beside the slider."""
        return format(value, self.fmt)

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)

    @property
    def min(self) -> float:
        return self.values[0]

    @property
    def max(self) -> float:
        return self.values[-1]


def fmt_number(x: float, fmt: str = ".3f") -> str:
    """Format a number for prose: '∞' for infinities, a true minus sign."""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if math.isnan(x):  # never expected: explorers must not produce NaN
        raise ValueError("x: NaN reached the display layer")
    text = format(x, fmt)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


def quantity(name: str, value: float, fmt: str = ".3f") -> str:
    """A number inside explorer text, tagged so tests can find and check it."""
    # data-value carries the full-precision number and data-fmt its display
    # format, so that a test can check the text against nllbook directly.
    return (
        f'<span class="nllbook-q" data-q="{name}" data-value="{float(value)!r}" '
        f'data-fmt="{fmt}">{fmt_number(value, fmt)}</span>'
    )


def word_steps(phrase: Sequence[str], steps: Sequence[tuple[int, str, str]]) -> str:
    """Render a phrase once per step, highlighting the word that step applies.

    Parameters
    ----------
    phrase : sequence of str
        The words, e.g. ``("Negative", "Log", "Likelihood")``.
    steps : sequence of (word index, formula HTML, result HTML)
        In the order they are applied (for NLL: Likelihood, Log, Negative).
    """
    rows = []
    for index, formula, result in steps:
        words = " ".join(
            f'<mark class="nllbook-word">{html.escape(w)}</mark>'
            if i == index
            else f'<span class="nllbook-dim">{html.escape(w)}</span>'
            for i, w in enumerate(phrase)
        )
        rows.append(
            f'<li><span class="nllbook-phrase">{words}</span>'
            f'<span class="nllbook-formula">{formula}</span>'
            f'<span class="nllbook-result">= {result}</span></li>'
        )
    return f'<ol class="nllbook-steps">{"".join(rows)}</ol>'


def render_svg(fig: Figure) -> str:
    """Serialise a figure as SVG text, without the XML prologue."""
    buf = io.StringIO()
    with mpl.rc_context(RC):
        FigureCanvasSVG(fig).print_svg(  # type: ignore[no-untyped-call]
            buf, metadata={"Date": None, "Creator": None}
        )
    text = buf.getvalue()
    return text[text.index("<svg") :]


_ID_RE = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make every id (and reference to it) unique to one player on the page."""
    ids = set(_ID_RE.findall(svg))
    if not ids:
        return svg

    def sub_id(m: re.Match[str]) -> str:
        return f'id="{prefix}-{m.group(1)}"'

    def sub_ref(m: re.Match[str]) -> str:
        ident = m.group(2)
        return f"{m.group(1)}#{prefix}-{ident}" if ident in ids else m.group(0)

    svg = _ID_RE.sub(sub_id, svg)
    return re.sub(r'(url\(|href=")#([^")]+)', sub_ref, svg)


def _elements_by_id(svg: str) -> tuple[dict[str, str], dict[str, str | None], dict[str, str]]:
    """Map each element id to its XML, to its parent's id, and to its own part.

    The "own part" is the element serialised with every descendant that has
    an id of its own replaced by a placeholder: it changes only when the
    element itself (not something inside it) changes.
    """
    root = ET.fromstring(svg)
    xml_of: dict[str, str] = {}
    parent_of: dict[str, str | None] = {}
    own_of: dict[str, str] = {}

    def shallow(el: ET.Element) -> ET.Element:
        copy = ET.Element(el.tag, el.attrib)
        copy.text, copy.tail = el.text, None
        for child in el:
            if child.get("id") is not None:
                stub = ET.SubElement(copy, "ref", {"id": child.get("id", "")})
                stub.tail = child.tail
            else:
                sub = shallow(child)
                sub.tail = child.tail
                copy.append(sub)
        return copy

    def walk(el: ET.Element, parent: str | None) -> None:
        ident = el.get("id")
        if ident is not None:
            xml_of[ident] = ET.tostring(el, encoding="unicode")
            own_of[ident] = ET.tostring(shallow(el), encoding="unicode")
            parent_of[ident] = parent
            parent = ident
        for child in el:
            walk(child, parent)

    walk(root, None)
    return xml_of, parent_of, own_of


def _strip_ns(xml: str) -> str:
    # ElementTree writes the default namespace on each fragment; inside an
    # <svg> element of an HTML page it is implied.
    return xml.replace(' xmlns="http://www.w3.org/2000/svg"', "").replace(
        ' xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )


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
    """

    key: str
    title: str
    sliders: Sequence[Slider]
    compute: Callable[..., Numbers]
    describe: Callable[[Values, Numbers], str]
    draw: Callable[[Figure, Values, Numbers], None]
    alt: str
    caption: str
    figsize: tuple[float, float] = (6.4, 3.2)
    margins: Mapping[str, float] = field(default_factory=dict)
    _fig: Figure | None = field(default=None, init=False, repr=False)
    _svg_cache: dict[tuple[float, ...], str] = field(default_factory=dict, init=False, repr=False)

    # -- pure part ---------------------------------------------------------
    @property
    def defaults(self) -> dict[str, float]:
        return {s.name: s.default for s in self.sliders}

    def grid(self) -> Iterator[dict[str, float]]:
        """Every setting, in row-major order over the sliders."""
        for combo in itertools.product(*(s.values for s in self.sliders)):
            yield dict(zip((s.name for s in self.sliders), combo, strict=True))

    def numbers(self, **values: float) -> dict[str, float]:
        """The numbers for one setting (validated against the grid)."""
        return dict(self.compute(**self._checked(values)))

    def text(self, **values: float) -> str:
        vals = self._checked(values)
        return self.describe(vals, self.compute(**vals))

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

    def render_figure(self, vals: Values) -> str:
        """Draw and render the figure for one setting, with no cache."""
        fig = self._figure()
        fig.clear()
        # Figure.clear() resets the subplot parameters to the rc defaults.
        fig.subplots_adjust(**{**DEFAULT_MARGINS, **self.margins})
        with mpl.rc_context(RC):
            self.draw(fig, vals, self.compute(**vals))
        return render_svg(fig)

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

    def _figure(self) -> Figure:
        if self._fig is None:
            with mpl.rc_context(RC):
                # Fixed margins rather than a layout engine: the layout engine
                # would cost most of each slider update.
                pars = {**DEFAULT_MARGINS, **self.margins}
                self._fig = Figure(figsize=self.figsize, subplotpars=SubplotParams(**pars))
        return self._fig

    # -- static player -----------------------------------------------------
    def player_html(self) -> str:
        """A self-contained HTML player holding every precomputed state."""
        prefix = f"nb-{self.key}"
        settings = list(self.grid())
        texts: list[str] = []
        svgs: list[str] = []
        for vals in settings:
            t, s = self.update(**vals)
            texts.append(t)
            svgs.append(_prefix_ids(s, prefix))
        base_index = settings.index(self.defaults)
        parsed = [_elements_by_id(s) for s in svgs]
        per_state = [xml_of for xml_of, _, _ in parsed]
        base_xml, parents, base_own = parsed[base_index]
        # An element is swapped when its own part differs from the first
        # state's. An element that exists only in some states is covered by
        # its nearest ancestor that exists in all of them.
        common = set(base_xml).intersection(*per_state)
        changed: set[str] = set()

        def stable_ancestor(ident: str, parent_of: Mapping[str, str | None]) -> str:
            anc = parent_of[ident]
            while anc is not None and anc not in common:
                anc = parent_of[anc]
            if anc is None:
                raise RuntimeError(f"explorer {self.key!r}: no stable element to update")
            return anc

        for xml_of, parent_of, own_of in parsed:
            for ident in xml_of:
                if ident not in common:
                    changed.add(stable_ancestor(ident, parent_of))
                elif own_of[ident] != base_own[ident]:
                    changed.add(ident)
        for ident in set(base_xml) - common:
            changed.add(stable_ancestor(ident, parents))

        # Keep only the outermost changed elements: replacing them covers
        # everything inside.
        def outermost(ident: str) -> bool:
            parent = parents[ident]
            while parent is not None:
                if parent in changed:
                    return False
                parent = parents[parent]
            return True

        dynamic = sorted(i for i in changed if outermost(i))
        pool: list[str] = []
        pool_index: dict[str, int] = {}

        def intern(s: str) -> int:
            if s not in pool_index:
                pool_index[s] = len(pool)
                pool.append(s)
            return pool_index[s]

        states = [
            [intern(texts[k])] + [intern(_strip_ns(per_state[k][i])) for i in dynamic]
            for k in range(len(settings))
        ]
        data = {
            "ids": dynamic,
            "sliders": [[s.label_of(v) for v in s.values] for s in self.sliders],
            "pool": pool,
            "states": states,
        }
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        payload = payload.replace("</", "<\\/")  # keep the JSON inside its <script>
        controls = "".join(
            f'<div class="nllbook-control">'
            f'<label for="{prefix}-s{i}">{html.escape(s.label)}</label>'
            f'<input type="range" id="{prefix}-s{i}" data-slider="{s.name}" min="0" '
            f'max="{len(s.values) - 1}" step="1" value="{s.default_index}" '
            f'aria-valuetext="{html.escape(s.label_of(s.default))}">'
            f'<output for="{prefix}-s{i}" aria-hidden="true">{s.label_of(s.default)}</output>'
            f"</div>"
            for i, s in enumerate(self.sliders)
        )
        figure_svg = svgs[base_index].replace(
            "<svg ", f'<svg role="img" aria-label="{html.escape(self.alt)}" ', 1
        )
        return (
            f'<div class="nllbook-player" data-nllbook-player="{self.key}" '
            f'data-state="{base_index}">'
            f'<p class="nllbook-title">{html.escape(self.title)}</p>'
            f'<div class="nllbook-controls">{controls}</div>'
            f'<div class="nllbook-text" aria-live="polite">{texts[base_index]}</div>'
            f'<figure class="nllbook-figure">{figure_svg}'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
            f'<script type="application/json" class="nllbook-states">{payload}</script>'
            f"</div>"
        )

    # -- live widget -------------------------------------------------------
    def widget(self) -> Any:
        """The live ipywidgets view: sliders, text and figure, for a kernel."""
        import ipywidgets as w

        controls = []
        for s in self.sliders:
            controls.append(
                w.SelectionSlider(
                    options=[(s.label_of(v), v) for v in s.values],
                    value=s.default,
                    description=s.label,
                    continuous_update=True,
                    style={"description_width": "initial"},
                    layout=w.Layout(width="100%", max_width="640px"),
                )
            )
        text = w.HTML()
        figure = w.HTML()

        def refresh(_change: object = None) -> None:
            values = {s.name: c.value for s, c in zip(self.sliders, controls, strict=True)}
            t, svg = self.update(**values)
            text.value = t
            figure.value = (
                '<figure style="margin:0">'
                + svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(self.alt)}" ', 1)
                + f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
            )

        for c in controls:
            c.observe(refresh, names="value")
        refresh()
        # The site loads nllbook.css on every page; a notebook does not, so the
        # live view brings the same styles along.
        title = w.HTML(f"<style>{package_css()}</style><b>{html.escape(self.title)}</b>")
        box = w.VBox([title, *controls, text, figure])
        box.add_class("nllbook-live")
        return box

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": f"<Explorer {self.key}>"}
        try:
            live = self.widget()
            bundle.update(live._repr_mimebundle_(include=include, exclude=exclude) or {})
        except Exception:  # no comm (plain Python): the static view still works
            pass
        bundle["text/html"] = self.player_html()
        return bundle


@cache
def package_css() -> str:
    """The explorers' stylesheet, as shipped in the package."""
    from importlib.resources import files

    return (files("nllbook") / "_static" / "nllbook.css").read_text(encoding="utf-8")
