"""The page "Errata and references": every worked example, recomputed."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from nllbook import examples as ex

from .explorer import (
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    bars,
    dot,
    dots,
    path,
    rule,
    text,
)

__all__ = ["errata_explorer"]

#: Half the width of a printed value's tick, in examples.
HALF_TICK = 0.42


def shrink(v: float) -> float:
    """sign(v) · log10(1 + |v|): the bars' scale, on which 0.1 and −230 both show."""
    return math.copysign(math.log10(1 + abs(v)), v)


def errata_explorer() -> Explorer:
    """Step through every worked example: computed value against the article's."""
    items = ex.ALL
    n = len(items)
    values = [e.value for e in items]
    tops = [shrink(v) for v in values]
    tick_xs: list[float] = []
    tick_ys: list[float | None] = []
    diff_xs: list[float] = []
    diff_ys: list[float] = []
    for i, e in enumerate(items):
        if e.article_value is None:
            continue
        t = shrink(e.article_value)
        tick_xs += [i + 1 - HALF_TICK, i + 1 + HALF_TICK, i + 1]
        tick_ys += [t, t, None]
        diff_xs.append(i + 1.0)
        diff_ys.append(e.value - e.article_value)

    def compute(index: float) -> dict[str, Any]:
        item = items[int(index) - 1]
        printed = item.article_value
        return {
            "title": item.title,
            "article": ex.ARTICLES[item.article],
            "status": item.status,
            "expression": item.expression,
            "note_text": item.note,
            "has_note": bool(item.note),
            "computed": item.value,
            "printed": item.printed if item.printed is not None else "none",
            "has_printed": printed is not None,
            # Nothing printed, nothing to differ: 0, and the words do not show it.
            "difference": item.value - printed if printed is not None else 0.0,
        }

    k = "index - 1"
    # The engine keeps the words at the height of their longest state, so the
    # page does not jump as the reader steps through the examples.
    block = 'style="margin:0 0 0.6em"'
    words = (
        f"<div {block}><b>{{title}}</b><br>{{article}}</div>"
        f"<div {block}>nllbook: <code>{{expression}}</code> = {{computed:.6f}}"
        "<br>Printed in the article: {printed} — <b>{status}</b></div>"
        f'<div {block}><span data-when="has_printed">'
        "Computed minus printed: {difference:.4f}</span></div>"
        f'<div {block}><div data-when="has_note">{{note_text}}</div></div>'
    )
    return Explorer(
        key="errata",
        title="Every worked example, recomputed",
        controls=[Control("index", "Worked example", 1, n, 8, ".0f", integer=True)],
        model=[
            ("title", f"titles[{k}]"),
            ("article", f"articles[{k}]"),
            ("status", f"statuses[{k}]"),
            ("expression", f"expressions[{k}]"),
            ("note_text", f"notes[{k}]"),
            ("has_note", "note_text !== ''"),
            ("computed", f"values[{k}]"),
            ("printed", f"printed_texts[{k}]"),
            ("has_printed", f"printed_values[{k}] !== null"),
            ("difference", f"has_printed ? computed - printed_values[{k}] : 0"),
        ],
        consts={
            "titles": [e.title for e in items],
            "articles": [ex.ARTICLES[e.article] for e in items],
            "statuses": [e.status for e in items],
            "expressions": [e.expression for e in items],
            "notes": [e.note for e in items],
            "values": values,
            "printed_texts": [e.printed if e.printed is not None else "none" for e in items],
            "printed_values": [e.article_value for e in items],
            "tops": tops,
            "tick_xs": tick_xs,
            "tick_ys": tick_ys,
            "diff_xs": diff_xs,
            "diff_ys": diff_ys,
        },
        compute=compute,
        panels=[
            Panel(
                x=Axis("worked example", (0.5, n + 0.5), ticks=list(range(1, n + 1))),
                y=Axis("sign(v)·log10(1 + |v|)", (-2.5, 0.8), ticks=[-2, -1, 0]),
                marks=[
                    rule(y="0", dash=False),
                    bars(
                        [("nllbook", "tops", "main")],
                        highlight=k,
                        at=[float(i) for i in range(1, n + 1)],
                    ),
                    path("tick_xs", "tick_ys", color="ink", name="printed"),
                    dot("index", "0.66", handle={"index": "x"}, name="pick"),
                ],
                height=200,
                drag={"index": "x"},
            ),
            Panel(
                x=Axis("worked example", (0.5, n + 0.5), ticks=list(range(1, n + 1))),
                y=Axis("", (-0.3, 0.3), ticks=[-0.2, 0, 0.2]),
                marks=[
                    rule(y="0", dash=False),
                    text("0.6", "0.24", "computed − printed", color="muted"),
                    dots("diff_xs", "diff_ys", color="main", name="differences"),
                    dots(
                        "has_printed ? [index] : []",
                        "has_printed ? [difference] : []",
                        r=6,
                        name="chosen_difference",
                    ),
                ],
                height=170,
                drag={"index": "x"},
            ),
        ],
        legend=[
            {"label": "nllbook", "color": "main", "kind": "bar"},
            {"label": "printed in the article", "color": "ink", "kind": "line"},
        ],
        readouts=[
            Readout("computed", "nllbook", ".4f"),
            Readout("printed", "article"),
        ],
        words=words,
        alt="Vertical bars, one per worked example, with black ticks at the values the "
        "articles printed; the chosen example is orange. Below, a dot for each printed value "
        "at its difference from the computed one.",
        caption="Bars: values computed by nllbook. Ticks: values printed in the articles, "
        "where they printed one. A tick away from the end of its bar is an erratum.",
        hint="Click or tap a bar, or drag across the plots, to pick an example.",
        announce="example {index:.0f}: {title}, {status}",
        print_states=[{"index": i} for i in (2.0, 7.0, 8.0, 12.0)],
        predict=Prediction(
            "how far from the right value is the article's first printed number?",
            at={"index": 1.0},
            number="difference",
            where="the first value",
            digits=4,
            ghost_x="1",
            ghost_panel=1,
        ),
    )


#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {"errata": errata_explorer}
