"""The look of every figure of the book: matplotlib settings, colours, SVG output.

Kept apart from the explorer machinery so that :mod:`nllbook_pages.plots` can use
the colours without importing any widget code.

Figures are drawn for both colour modes of the site: backgrounds are
transparent, and axes, ticks and text are drawn in a placeholder colour
(:data:`INK`) that :func:`render_svg` turns into ``currentColor``, so an
inline SVG takes the text colour of the page (light or dark theme, site or
JupyterLab).
"""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

#: Placeholder colour for "the text colour of the page"; never shown as such.
INK = "#010203"

#: Matplotlib settings for every figure of the book: text stays text (light
#: and selectable), ids are reproducible, no date is stamped in, backgrounds
#: are transparent and lines/text that follow the page use :data:`INK`.
RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "nllbook",
    "font.size": 10,
    # One family named in each SVG text, not matplotlib's list of ten.
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.fontsize": 10,
    "legend.frameon": False,
}

#: Colours chosen for colour-blind readers (Okabe-Ito), and legible as lines
#: and bars on both the light and the dark page background.
COLORS = {
    "main": "#0072B2",
    "accent": "#D55E00",
    "good": "#009E73",
    "muted": "#999999",
    "other": "#CC79A7",
    "warn": "#E69F00",
    "ink": INK,
}

#: Figures are laid out for a phone first: 3.8 inches wide, so that at 390
#: CSS px the smallest text (9 pt) is still 11 px or more; several panels
#: are stacked, not set side by side.
NARROW = 3.8
DEFAULT_MARGINS = {
    "left": 0.19,
    "right": 0.96,
    "bottom": 0.2,
    "top": 0.9,
    "wspace": 0.34,
    "hspace": 0.55,
}

_NUMERIC_ATTR = re.compile(r'\b(d|transform|x|y|points)="([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


def _round_attr(m: re.Match[str]) -> str:
    # One decimal of a point is far below a pixel: smaller pages, same figure.
    value = " ".join(_LONG_DECIMAL.sub(r"\1", m.group(2)).split())
    return f'{m.group(1)}="{value}"'


def render_svg(fig: Figure) -> str:
    """Serialise a figure as SVG text, without the XML prologue.

    Coordinates keep one decimal, and :data:`INK` becomes ``currentColor``.
    """
    buf = io.StringIO()
    with mpl.rc_context(RC):
        FigureCanvasSVG(fig).print_svg(  # type: ignore[no-untyped-call]
            buf, metadata={"Date": None, "Creator": None}
        )
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = _NUMERIC_ATTR.sub(_round_attr, text)
    text = _NO_ROTATION.sub("", _METADATA.sub("", text))
    text = _BETWEEN_TAGS.sub("><", text)
    return _hoist_defs(text.replace(INK, "currentColor"))


_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^)"]*\)"')
_BETWEEN_TAGS = re.compile(r">\s+<")
_DEFS = re.compile(r"<defs>(.*?)</defs>", re.S)
_DEF_ITEM = re.compile(r"<clipPath\b.*?</clipPath>|<style\b.*?</style>|<path\b[^>]*/>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


def _hoist_defs(svg: str) -> str:
    """Gather every ``<defs>`` into one, at the top, each definition once.

    Matplotlib writes a marker's shape inside the group of the line that uses
    it; hoisted, a moving marker is only its ``<use x= y=>``, and the shapes
    are sent once per figure rather than once per slider state.
    """
    items: list[str] = []
    for block in _DEFS.findall(svg):
        for m in _DEF_ITEM.finditer(block):
            if m.group(0) not in items:
                items.append(m.group(0))
    body = _DEFS.sub("", svg)
    head_end = body.index(">", body.index("<svg")) + 1
    return f'{body[:head_end]}<defs id="defs">{"".join(items)}</defs>{body[head_end:]}'
