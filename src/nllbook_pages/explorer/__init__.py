"""The explorer engine: declarative specs in Python, one ES module in the browser.

An :class:`Explorer` lists its controls, a model of short formulas that the
browser evaluates, the figure's panels and marks, the readouts and the words,
and ``compute``, the same numbers from nllbook. On the site it is static
markup plus its spec, brought to life by ``nllbook-explorer.js``; in
JupyterLab the same module is the front end of an anywidget
(:class:`~nllbook_pages.explorer._widget.ExplorerWidget`).
"""

from ._spec import (
    PRIMITIVES,
    SITE_BUILD_ENV,
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    bars,
    curve,
    dot,
    dots,
    fill,
    fmt_number,
    path,
    rule,
    text,
)

__all__ = [
    "PRIMITIVES",
    "SITE_BUILD_ENV",
    "Axis",
    "Control",
    "Explorer",
    "Panel",
    "Prediction",
    "Readout",
    "bars",
    "curve",
    "dot",
    "dots",
    "fill",
    "fmt_number",
    "path",
    "rule",
    "text",
]
