"""The explorer engine: declarative specs in Python, one ES module in the browser.

An :class:`Explorer` lists its controls, a model of short formulas that the
browser evaluates, the figure's panels and marks, the readouts and the words,
and ``compute``, the same numbers from nllbook. On the site it is static
markup plus its spec, brought to life by ``nllbook-explorer.js``; in
JupyterLab the same module is the front end of an anywidget
(:class:`~nllbook_pages.explorer._widget.ExplorerWidget`).

Layers, each importing only those above it: ``_text`` (numbers and words as
the browser writes them), ``_spec`` (the data), ``_html`` (the markup),
``_widget`` (the live view), ``_explorer`` (the explorer a page shows).
"""

from ._explorer import SITE_BUILD_ENV, Explorer
from ._spec import (
    PRIMITIVES,
    Axis,
    Control,
    ExplorerSpec,
    Panel,
    Prediction,
    Readout,
    bars,
    curve,
    dot,
    dots,
    path,
    rule,
    text,
)
from ._text import CE_WORDS, INFINITE_LOSS, NLL_WORDS, fill, fmt_number, note, word_steps

__all__ = [
    "CE_WORDS",
    "INFINITE_LOSS",
    "NLL_WORDS",
    "PRIMITIVES",
    "SITE_BUILD_ENV",
    "Axis",
    "Control",
    "Explorer",
    "ExplorerSpec",
    "Panel",
    "Prediction",
    "Readout",
    "bars",
    "curve",
    "dot",
    "dots",
    "fill",
    "fmt_number",
    "note",
    "path",
    "rule",
    "text",
    "word_steps",
]
