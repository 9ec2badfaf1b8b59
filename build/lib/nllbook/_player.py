"""The static HTML player of an explorer, for the built site.

The player sends the figure once as SVG. Every part that changes with the
sliders (the explanation, the short announcement for screen readers, and
each SVG element that differs, matched by its ``id``) is stored once per
combination of the sliders it depends on (see :func:`nllbook._svgdiff.factorize`),
as indices into a pool of distinct strings. The script shipped with the book
(``nllbook-player.js``) swaps them in when a slider moves.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._svgdiff import dynamic_elements, factorize, prefix_ids

if TYPE_CHECKING:
    from ._explorer import Explorer


def figure_label(alt: str, announcement: str) -> str:
    """The figure's accessible name in one state: what it shows, then the state."""
    return f"{alt} Now: {announcement}" if announcement else alt


def payload(explorer: Explorer) -> tuple[dict[str, Any], int]:
    """Every state of ``explorer`` as the player's JSON data, and the default state."""
    prefix = f"nb-{explorer.key}"
    settings = list(explorer.grid())
    shape = [len(s.values) for s in explorer.sliders]
    base = settings.index(explorer.defaults)
    texts = [explorer.text(**v) for v in settings]
    lives = [explorer.announcement(**v) for v in settings]
    svgs = [prefix_ids(explorer.svg(**v), prefix) for v in settings]
    ids, fragments = dynamic_elements(svgs, base)

    pool: list[str] = []
    pool_index: dict[str, int] = {}

    def intern(s: str) -> int:
        if s not in pool_index:
            pool_index[s] = len(pool)
            pool.append(s)
        return pool_index[s]

    parts: list[list[Any]] = []
    for j, (deps, table) in enumerate(text_parts(texts, shape)):
        parts.append([f"text:{j}", deps, [intern(s) for s in table]])
    deps, table = factorize(lives, shape)
    parts.append(["live", deps, [intern(s) for s in table]])
    for j, ident in enumerate(ids):
        deps, table = factorize([state[j] for state in fragments], shape)
        parts.append([ident, deps, [intern(s) for s in table]])
    data: dict[str, Any] = {
        "sliders": [[s.label_of(v) for v in s.values] for s in explorer.sliders],
        "alt": explorer.alt,
        "pool": pool,
        "parts": parts,
    }
    drag = explorer.drag_geometry()
    if drag is not None:
        data["drag"] = drag
    return data, base


_TAG = re.compile(r"(<[^>]+>)")


def text_parts(texts: Sequence[str], shape: Sequence[int]) -> list[tuple[list[int], list[str]]]:
    """The explanation of every state, cut into runs that change together.

    When every state's text has the same sequence of tags and text nodes,
    each piece is stored once per combination of the sliders it depends on,
    and neighbouring pieces with the same sliders are joined: the words that
    never change are stored once. Otherwise the whole text is one part.
    """
    pieces = [_TAG.split(t) for t in texts]
    if len({len(p) for p in pieces}) != 1:
        return [factorize(list(texts), shape)]
    runs: list[tuple[list[int], list[str]]] = []
    for i in range(len(pieces[0])):
        deps, table = factorize([p[i] for p in pieces], shape)
        if runs and runs[-1][0] == deps:
            runs[-1] = (deps, [a + b for a, b in zip(runs[-1][1], table, strict=True)])
        else:
            runs.append((deps, table))
    return runs


def stored_values(data: dict[str, Any]) -> int:
    """How many pool references a player stores (for tests and size checks)."""
    return sum(len(table) for _, _, table in data["parts"])


def prediction_html(explorer: Explorer, prefix: str) -> tuple[str, str]:
    """The prediction prompt (above the sliders) and its result line (under the
    text, so that it never moves the figure); empty without a prediction.

    The prompt is a form: a guess, "Commit my guess" and "Skip". The result
    line is a polite live region. The script compares once the sliders reach
    the state ``data-predict-state``.
    """
    pred = explorer.predict
    if pred is None:
        return "", ""
    state, truth, where = explorer.prediction_target()
    attrs = (
        f'data-predict-state="{state}" data-predict-truth="{truth!r}" '
        f'data-predict-where="{html.escape(where)}" data-predict-unit="{html.escape(pred.unit)}" '
        f'data-predict-digits="{pred.digits}"'
    )
    ask = (
        f'<form class="nllbook-predict" {attrs}>'
        f'<label for="{prefix}-guess">Predict first: {html.escape(pred.prompt)}</label>'
        f'<span class="nllbook-predict-row">'
        f'<input type="text" id="{prefix}-guess" name="guess" inputmode="decimal" '
        f'autocomplete="off" spellcheck="false">'
        f'<button type="submit">Commit my guess</button>'
        f'<button type="button" class="nllbook-predict-skip">Skip</button></span>'
        f"</form>"
    )
    result = '<p class="nllbook-predict-result" aria-live="polite"></p>'
    return ask, result


def player_html(explorer: Explorer, *, interactive: bool = True) -> str:
    """The player's HTML. ``interactive=False`` gives the default state only,
    with the sliders disabled and no states: cheap, for a live kernel."""
    prefix = f"nb-{explorer.key}"
    vals = explorer.defaults
    if interactive:
        data, base = payload(explorer)
        json_text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        json_text = json_text.replace("</", "<\\/")  # keep the JSON inside its <script>
        script = f'<script type="application/json" class="nllbook-states">{json_text}</script>'
        strip = ",".join(str(explorer.state_index(v)) for v in explorer.strip_states())
        print_states = f' data-print-states="{strip}"'
    else:
        base = sum(
            s.default_index * math.prod(len(t.values) for t in explorer.sliders[i + 1 :])
            for i, s in enumerate(explorer.sliders)
        )
        script = ""
        print_states = ""
    disabled = "" if interactive else " disabled"
    # A click or a drag on the figure sets the slider (nllbook-player.js).
    drag = " data-drag" if interactive and explorer.drag is not None else ""
    controls = "".join(
        f'<div class="nllbook-control">'
        f'<label for="{prefix}-s{i}">{html.escape(s.label)}</label>'
        f'<input type="range" id="{prefix}-s{i}" data-slider="{s.name}" min="0" '
        f'max="{len(s.values) - 1}" step="1" value="{s.default_index}" '
        f'aria-valuetext="{html.escape(s.label_of(s.default))}"{disabled}>'
        f'<output for="{prefix}-s{i}" aria-hidden="true">{s.label_of(s.default)}</output>'
        f"</div>"
        for i, s in enumerate(explorer.sliders)
    )
    ask, result = prediction_html(explorer, prefix) if interactive else ("", "")
    label = figure_label(explorer.alt, explorer.announcement(**vals))
    figure_svg = prefix_ids(explorer.svg(**vals), prefix).replace(
        "<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1
    )
    return (
        f'<div class="nllbook-player" data-nllbook-player="{explorer.key}" '
        f'data-state="{base}"{drag}{print_states}>'
        f'<p class="nllbook-title">{html.escape(explorer.title)}</p>'
        f"{ask}"
        f'<div class="nllbook-body">'
        f'<div class="nllbook-controls">{controls}</div>'
        f'<figure class="nllbook-figure">{figure_svg}'
        f"<figcaption>{html.escape(explorer.caption)}</figcaption></figure>"
        f'<div class="nllbook-text">{explorer.text(**vals)}</div>'
        f"</div>{result}"
        f'<p class="nllbook-announce" aria-live="polite" aria-atomic="true"></p>'
        f"{script}</div>"
    )
