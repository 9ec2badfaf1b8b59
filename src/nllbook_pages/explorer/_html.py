"""The markup of an explorer, one function for the site and for JupyterLab.

Laid out for one phone screen: the title, the changing numbers, the figure
(its height reserved, so that nothing moves when the script draws it), the
controls and the prediction; then the words. The numbers of the default
state are filled in here by nllbook, so the page reads before any script
runs; ``nllbook-explorer.js`` then draws the figure and follows the reader.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from ._text import SLOT, WHEN, fill, fmt_number

if TYPE_CHECKING:
    from ._spec import ExplorerSpec

#: Height of the legend row above the panels, in CSS px (figure.js: LEGEND_HEIGHT).
LEGEND_HEIGHT = 20


def figure_height(explorer: ExplorerSpec) -> int:
    """The figure's height in CSS px, as the script draws it."""
    legend = LEGEND_HEIGHT if explorer.legend else 0
    return legend + sum(p.height for p in explorer.panels)


def _readout(name: str, fmt: str, value: Any) -> str:
    shown = value if isinstance(value, str) else fmt_number(float(value), fmt)
    # Words picked by the state (a title, say) read as words, numbers stand out.
    kind = "nbx-q nbx-s" if isinstance(value, str) else "nbx-q"
    return (
        f'<span class="{kind}" data-readout="{name}" data-fmt="{html.escape(fmt)}">'
        f"{html.escape(shown)}</span>"
    )


def words_html(template: str, values: dict[str, Any]) -> str:
    """The words with each slot a live number (``data-readout``), and conditional notes resolved."""
    text = SLOT.sub(lambda m: _readout(m.group(1), m.group(2) or "g", values[m.group(1)]), template)
    return text


def _when_attrs(text: str, values: dict[str, Any]) -> str:
    # A note shows while the value named by its data-when holds (the browser
    # follows it); it starts as nllbook says for the default state.
    def one(m: re.Match[str]) -> str:
        shown = bool(values[m.group(1)])
        state = (
            ' class="nbx-note"' if shown else ' class="nbx-note nbx-reserved" aria-hidden="true"'
        )
        return f'data-when="{m.group(1)}"{state}'

    return WHEN.sub(one, text)


def explorer_html(explorer: ExplorerSpec, *, with_spec: bool = True) -> str:
    key = explorer.key
    prefix = f"nbx-{key}"
    values = explorer.numbers()
    readouts = "".join(
        f'<span class="nbx-ro"><span class="nbx-ro-label">{html.escape(r.label)}</span> '
        f"{_readout(r.name, r.fmt, values[r.name])}"
        + (f' <span class="nbx-ro-unit">{html.escape(r.unit)}</span>' if r.unit else "")
        + "</span>"
        for r in explorer.readouts
    )
    controls = []
    for c in explorer.controls:
        pos = round(c.position(c.default))
        valuetext = c.text(c.default)
        controls.append(
            f'<div class="nbx-control">'
            f'<label for="{prefix}-{c.name}">{html.escape(c.label)}</label>'
            f'<input type="range" id="{prefix}-{c.name}" data-control="{c.name}" min="0" '
            # JupyterLab's notebook would take the arrow keys for its own
            # shortcuts; the slider keeps them.
            f'max="{c.steps}" step="1" value="{pos}" data-lm-suppress-shortcuts="true" '
            f'aria-label="{html.escape(c.label)}" '
            f'aria-valuetext="{html.escape(valuetext)}">'
            f'<output for="{prefix}-{c.name}" aria-hidden="true">'
            + (
                f'<span class="nbx-q" data-control-text="{c.name}">'
                f"{html.escape(c.shown[round(c.default - c.min)])}</span>"
                if c.shown is not None
                else _readout(c.name, c.fmt, c.default)
            )
            + "</output></div>"
        )
    ask = result = ""
    if explorer.predict is not None:
        p = explorer.predict
        ask = (
            f'<form class="nbx-predict"><label for="{prefix}-guess">Predict first: '
            f"{html.escape(p.prompt)}</label>"
            f'<span class="nbx-predict-row"><input type="text" id="{prefix}-guess" name="guess" '
            f'inputmode="decimal" autocomplete="off" spellcheck="false">'
            f'<button type="submit">Commit my guess</button>'
            f'<button type="button" class="nbx-predict-skip">Skip</button></span></form>'
        )
        result = '<p class="nbx-predict-result" aria-live="polite"></p>'
    label = f"{explorer.alt} Now: {fill(explorer.announce, values)}"
    # Screen only (nllbook-site.css, _ext/nllbook_print.py): paper has no pointer.
    hint = (
        f' <span class="nbx-hint nllbook-screen">{html.escape(explorer.hint)}</span>'
        if explorer.hint
        else ""
    )
    height = figure_height(explorer)
    words = _when_attrs(words_html(explorer.words, values), values)
    spec = ""
    if with_spec:
        text = json.dumps(
            explorer.spec(), separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
        text = text.replace("</", "<\\/")  # the JSON stays inside its <script>
        spec = f'<script type="application/json" class="nbx-spec">{text}</script>'
    return (
        f'<div class="nbx" data-explorer="{key}">'
        f'<p class="nbx-title">{html.escape(explorer.title)}</p>'
        f'<div class="nbx-body"><div class="nbx-stage">'
        f'<div class="nbx-readouts">{readouts}</div>'
        f'<div class="nbx-figure" style="height:{height}px">'
        f'<svg class="nbx-svg" role="img" aria-label="{html.escape(label)}" '
        f'height="{height}" width="100%"></svg></div>'
        f'<div class="nbx-controls">{"".join(controls)}</div>'
        f"{ask}{result}</div>"
        f'<div class="nbx-words">{words}</div>'
        f'<p class="nbx-caption">{html.escape(explorer.caption)}{hint}</p></div>'
        f'<p class="nbx-announce" aria-live="polite" aria-atomic="true"></p>'
        f"{spec}</div>"
    )
