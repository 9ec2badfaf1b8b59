"""Differential tests: every explorer's browser model, run in node from the
shipped bundle (src/nllbook_pages/static/nllbook-explorer.js), equals
nllbook at thousands of random states and at the edges; and the browser's
number formatting equals Python's.

Each explorer's ``compute`` calls nllbook; the model is the formulas the
browser evaluates. Every value of the model is compared: numbers within a
relative 1e-12 (or both within 1e-15 of 0), infinities by sign, booleans
exactly, arrays elementwise.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nllbook_pages import all_explorers
from nllbook_pages.explorer import PRIMITIVES, Control, Explorer, fmt_number

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "src" / "nllbook_pages" / "static" / "nllbook-explorer.js"
RUNNER = REPO / "tests" / "js" / "run_models.mjs"
RANDOM_STATES = 1000
REL = 1e-12
ZERO = 1e-15

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def _encode(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return str(v).replace("inf", "Infinity").replace("nan", "NaN")
    return v


def run_node(job: dict[str, Any]) -> dict[str, Any]:
    job = {"bundle": str(BUNDLE), **job}
    done = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps(job, allow_nan=False),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _decode(v: Any) -> Any:
    if isinstance(v, str) and v in ("Infinity", "-Infinity", "NaN"):
        return float(v.replace("Infinity", "inf").replace("NaN", "nan"))
    if isinstance(v, list):
        return [_decode(x) for x in v]
    return v


def random_value(c: Control, rng: random.Random) -> float:
    if c.snap:
        return c.value_at(rng.randint(0, c.steps))
    if c.integer:
        return float(rng.randint(int(c.min), int(c.max)))
    if c.scale == "log":
        return math.exp(rng.uniform(math.log(c.min), math.log(c.max)))
    return rng.uniform(c.min, c.max)


def edge_values(c: Control) -> list[float]:
    """The ends, the default, and the slider's first and last steps."""
    out = [c.min, c.max, c.default]
    if not c.integer:
        step = (c.max - c.min) / c.steps
        if c.scale == "linear":
            out += [c.min + step, c.max - step]
    return out


def states_of(
    ex: Explorer, seed: int = 0, random_states: int = RANDOM_STATES
) -> list[dict[str, float]]:
    rng = random.Random(seed)
    states = [
        dict(zip([c.name for c in ex.controls], combo, strict=True))
        for combo in itertools.product(*(edge_values(c) for c in ex.controls))
    ]
    states += [ex.checked(s) for s in ex.print_states]
    if ex.predict is not None:
        states.append(ex.checked(ex.predict.at))
    states += [{c.name: random_value(c, rng) for c in ex.controls} for _ in range(random_states)]
    return states


def mismatch(name: str, want: Any, got: Any) -> str | None:
    """Why ``got`` (the browser) differs from ``want`` (nllbook), or None."""
    if isinstance(want, str):
        return None if want == got else f"{name}: {want!r} != {got!r}"
    if isinstance(want, (bool, np.bool_)):
        return None if bool(want) == got and isinstance(got, bool) else f"{name}: {want} != {got}"
    w = np.asarray(want, dtype=float)
    g = np.asarray(got, dtype=float)
    if w.shape != g.shape:
        return f"{name}: shape {w.shape} != {g.shape}"
    with np.errstate(invalid="ignore"):
        both_inf = np.isinf(w) & np.isinf(g) & (np.sign(w) == np.sign(g))
        close = np.abs(w - g) <= REL * np.maximum(np.abs(w), np.abs(g))
        tiny = (np.abs(w) <= ZERO) & (np.abs(g) <= ZERO)
        ok = both_inf | close | tiny
    if not np.all(ok):
        return f"{name}: nllbook {want!r}, browser {got!r}"
    return None


@cache
def browser_values(key: str) -> tuple[list[dict[str, float]], list[dict[str, Any]]]:
    ex = all_explorers()[key]()
    states = states_of(ex)
    out = run_node({"models": [{"spec": ex.spec(), "states": states}]})
    return states, [{k: _decode(v) for k, v in row.items()} for row in out["models"][0]]


KEYS = list(all_explorers())


@pytest.mark.parametrize("key", KEYS)
def test_browser_model_equals_nllbook(key: str) -> None:
    ex = all_explorers()[key]()
    states, rows = browser_values(key)
    assert len(states) >= RANDOM_STATES
    problems = []
    for state, got in zip(states, rows, strict=True):
        want = ex.numbers(**state)
        missing = set(want) ^ set(got)
        assert not missing, f"{key}: values only on one side: {sorted(missing)}"
        for name in want:
            why = mismatch(name, want[name], got[name])
            if why:
                problems.append(f"{state}: {why}")
    assert not problems, f"{key}: {len(problems)} differences, e.g.\n" + "\n".join(problems[:5])


@pytest.mark.parametrize("key", KEYS)
def test_every_shown_number_reads_as_in_python(key: str) -> None:
    """Readouts, words and the announcement format each value as Python does."""
    from nllbook_pages.explorer._text import slots

    ex = all_explorers()[key]()
    states, _ = browser_values(key)
    shown = [*((r.name, r.fmt) for r in ex.readouts), *slots(ex.words), *slots(ex.announce)]
    shown += [(c.name, c.fmt) for c in ex.controls]
    jobs = []
    for state in states[:200]:
        want = ex.numbers(**state)
        for name, fmt in shown:
            if isinstance(want[name], str):
                continue
            jobs.append((float(want[name]), fmt, fmt_number(float(want[name]), fmt)))
    out = run_node({"formats": [[_encode(x), fmt] for x, fmt, _ in jobs]})["formats"]
    bad = [
        (x, fmt, want, got) for (x, fmt, want), got in zip(jobs, out, strict=True) if want != got
    ]
    assert not bad, f"{key}: browser formats differ, e.g. {bad[:5]}"


FORMATS = (".0f", ".1f", ".2f", ".3f", ".4f", ".6f", ".2e", ".3e", ".1e", "g", ".3g", ".10g", ".1%")
TIES = (0.5, 1.5, 2.5, -0.5, 0.125, 0.375, -0.125, 2.675, 1.005, 0.0625)


def test_formatter_equals_python_format() -> None:
    rng = random.Random(1)
    xs = [*TIES, 0.0, -0.0, 1e-5, -1e-5, 1e16, 123456.789, 1e-300, 5e-324]
    xs += [rng.uniform(-10, 10) for _ in range(300)]
    xs += [10 ** rng.uniform(-12, 12) * rng.choice((-1, 1)) for _ in range(300)]
    xs += [math.inf, -math.inf]
    jobs = [(x, f) for x in xs for f in FORMATS]
    out = run_node({"formats": [[_encode(x), f] for x, f in jobs]})["formats"]
    bad = [(x, f, fmt_number(x, f), got) for (x, f), got in zip(jobs, out, strict=True)]
    bad = [b for b in bad if b[2] != b[3]]
    assert not bad, f"{len(bad)} of {len(jobs)} differ, e.g. {bad[:8]}"


def test_primitives_are_the_bundle_exports_of_math() -> None:
    src = (REPO / "js" / "explorer" / "math.js").read_text(encoding="utf-8")
    import re

    names = set(re.findall(r"^export (?:const|function) (\w+)", src, re.M))
    assert names == set(PRIMITIVES)


def expected_marks(ex: Explorer) -> list[tuple[str, str]]:
    """Every expression the figure evaluates, and the kind of value it must give:
    a number where a position is read, a list of numbers for a path, bars or a
    curve (``numbers N``, N read from the spec; any N for a path or scatter,
    whose two lists must then be as long as each other, null being a gap),
    text for a label, and finite control values for a drag or a handle."""
    out: list[tuple[str, str]] = []
    for i, panel in enumerate(ex.spec()["panels"]):
        where = f"panel {i}"
        if panel.get("drag"):
            out.append((f"{where} drag", "setting"))
        for m in panel["marks"]:
            name = f"{m['type']} {m.get('name') or ''}".strip()
            if m["type"] == "curve":
                out.append((f"{where} {name} y", "numbers 2"))
            elif m["type"] in ("path", "dots"):
                out += [(f"{where} {name} xs", "numbers *"), (f"{where} {name} ys", "numbers *")]
            elif m["type"] == "rule":
                out.append((f"{where} {name} {'x' if 'x' in m else 'y'}", "number"))
            elif m["type"] == "dot":
                out += [(f"{where} {name} x", "number"), (f"{where} {name} y", "number")]
                if m.get("handle"):
                    out.append((f"{where} {name} handle", "setting"))
            elif m["type"] == "bars":
                groups = len(panel["x"]["labels"]) if panel["x"].get("labels") else len(m["at"])
                out += [
                    (f"{where} bars {s['name']} values", f"numbers {groups}") for s in m["series"]
                ]
                if "highlight" in m:
                    out.append((f"{where} {name} highlight", "number"))
            elif m["type"] == "text":
                out += [(f"{where} {name} x", "number"), (f"{where} {name} y", "number")]
                out.append((f"{where} {name} text", "string"))
            else:
                out.append((f"{where} {name}", f"a known mark type, not {m['type']!r}"))
    return out


@pytest.mark.parametrize("key", KEYS)
def test_every_mark_reads_names_the_explorer_has(key: str) -> None:
    """Each mark, handle and drag of the figure, compiled as the browser compiles
    it, gives a value of the right kind at the edges, the printed states and 100
    random states: a mark that names a quantity, table or control the explorer
    lacks (or a misspelt one) throws in the browser and draws nothing."""
    ex = all_explorers()[key]()
    states = states_of(ex, random_states=100)
    want = expected_marks(ex)
    assert want, f"{key}: a figure with no marks"
    got = run_node({"marks": [{"spec": ex.spec(), "states": states}]})["marks"][0]
    problems = []
    for state, row in zip(states, got, strict=True):
        assert [w for w, _ in row] == [w for w, _ in want], f"{key}: marks {row} != {want}"
        kinds = dict(row)
        for where, kind in want:
            gave = kinds[where]
            ok = gave.startswith("numbers ") if kind == "numbers *" else gave == kind
            if not ok:
                problems.append(f"{state}: {where} gave {kinds[where]!r}, not {kind}")
        for xs, ys in [(w, w.removesuffix("xs") + "ys") for w, _ in want if w.endswith(" xs")]:
            if kinds[xs] != kinds[ys]:
                problems.append(f"{state}: {xs} and {ys} differ: {kinds[xs]} against {kinds[ys]}")
    assert not problems, f"{key}: {len(problems)} problems, e.g.\n" + "\n".join(problems[:5])
