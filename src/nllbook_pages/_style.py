"""The colours of the book's static figures.

Kept apart from the explorer machinery so that :mod:`nllbook_pages.plots` can use
them without importing any widget code. The figures' backgrounds are
transparent (the build's matplotlibrc); in dark mode the site's stylesheet
inverts their ink.
"""

from __future__ import annotations

#: The text colour of a light page: axes, ticks and text of a figure.
INK = "#010203"

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
