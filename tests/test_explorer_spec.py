"""The explorers' Python side: specs that say what they mean, markup that keeps
its contract, a prediction that asks about a state to move to, and a widget
the kernel can drive. (The browser side is tested in node by
test_explorer_models.py and in Chromium by tests/browser/test_explorers.py.)
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pytest

from nllbook_pages import PAGES, all_explorers
from nllbook_pages.explorer import (
    Axis,
    Control,
    Explorer,
    Panel,
    Prediction,
    Readout,
    dot,
    fmt_number,
)
from nllbook_pages.explorer import curve as curve_mark

KEYS = list(all_explorers())
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def explorers() -> dict[str, Explorer]:
    return {k: f() for k, f in all_explorers().items()}


def _toc_files() -> list[str]:
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    return [Path(c["file"]).name for c in toc["chapters"]]


def test_pages_with_explorers_in_reading_order() -> None:
    """PAGES follows _toc.yml, and every explorer key is unique."""
    toc = _toc_files()
    assert all(page in toc for page in PAGES), [p for p in PAGES if p not in toc]
    assert list(PAGES) == sorted(PAGES, key=toc.index)
    assert len(set(KEYS)) == len(KEYS) >= 20


@pytest.mark.parametrize("page", PAGES)
def test_each_page_shows_its_explorers_once_in_order(page: str) -> None:
    """Each factory of a page's EXPLORERS is called by the chapter, once, in the
    order EXPLORERS lists (the order the page shows them in)."""
    from importlib import import_module

    factories = [f.__name__ for f in import_module(f"nllbook_pages.{page}").EXPLORERS.values()]
    text = (REPO / "book" / f"{page}.md").read_text(encoding="utf-8")
    shown = re.findall(rf"^{page}\.(\w+)\(\)\s*$", text, re.M)
    assert shown == factories


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_explorers_has_its_oracle_tests(page: str) -> None:
    """A page with explorers has test_page_<page>.py, which checks them against
    independent formulas (each explorer's numbers are nllbook's, and the browser's
    model is checked against them for every explorer by test_explorer_models.py)."""
    from importlib import import_module

    keys = list(import_module(f"nllbook_pages.{page}").EXPLORERS)
    if not keys:
        pytest.skip(f"{page} shows no explorer")
    test = REPO / "tests" / f"test_page_{page}.py"
    assert test.is_file(), f"no {test.name} for the explorers {keys}"


@pytest.mark.parametrize("key", KEYS)
def test_controls_offer_a_hundred_positions_or_one_per_value(
    explorers: dict[str, Explorer], key: str
) -> None:
    for c in explorers[key].controls:
        if c.integer:
            assert c.steps == c.max - c.min
        else:
            assert c.steps >= 100, f"{key}: {c.name} has {c.steps + 1} positions"


@pytest.mark.parametrize("key", KEYS)
def test_print_states_are_three_or_four_distinct_settings(
    explorers: dict[str, Explorer], key: str
) -> None:
    ex = explorers[key]
    states = [ex.checked(s) for s in ex.print_states]
    assert 3 <= len(states) <= 4, f"{key}: {len(states)} print states"
    assert len({tuple(sorted(s.items())) for s in states}) == len(states)


@pytest.mark.parametrize("key", KEYS)
def test_markup_keeps_the_contract_with_nllbook_numbers(
    explorers: dict[str, Explorer], key: str
) -> None:
    ex = explorers[key]
    markup = ex.html()
    assert f'data-explorer="{key}"' in markup
    assert markup.count('type="range"') == len(ex.controls)
    for c in ex.controls:
        assert f'data-control="{c.name}"' in markup
        text = c.text(c.default)
        assert f'aria-valuetext="{text}"' in markup
    numbers = ex.numbers()
    for name, fmt, shown in re.findall(r'data-readout="(\w+)" data-fmt="([^"]*)">([^<]*)<', markup):
        want = numbers[name]
        text = want if isinstance(want, str) else fmt_number(float(want), fmt)
        assert shown == html.escape(text)
    assert re.search(r'<svg class="nbx-svg" role="img" aria-label="[^"]+ Now: ', markup)
    spec = re.search(r'<script type="application/json" class="nbx-spec">(.*?)</script>', markup)
    assert spec is not None and json.loads(spec.group(1).replace("<\\/", "</"))["key"] == key
    assert "nbx-spec" not in ex.html(with_spec=False)


PREDICTING = [k for k in KEYS if all_explorers()[k]().predict is not None]


def test_most_explorers_ask_for_a_prediction() -> None:
    assert len(PREDICTING) >= 12


@pytest.mark.parametrize("key", PREDICTING)
def test_prediction_asks_about_a_state_to_move_to(explorers: dict[str, Explorer], key: str) -> None:
    ex = explorers[key]
    p = ex.predict
    assert p is not None
    target = ex.checked(p.at)
    assert target != ex.defaults, "the prediction must ask about a state to move to"
    truth = ex.numbers(**target)[p.number]
    assert isinstance(truth, float | int) and not isinstance(truth, bool)
    # The answer is not printed in the words the reader sees before moving.
    shown = re.sub(r"<[^>]+>", " ", ex.html(with_spec=False))
    if math.isfinite(truth):
        assert fmt_number(float(truth), f".{p.digits}f") not in shown.split("Predict first")[1]


def test_spec_errors_name_the_argument() -> None:
    good = dict(
        key="t",
        title="T",
        controls=[Control("p", "p", 0.0, 1.0, 0.5)],
        model=[("loss", "-ln(p)")],
        compute=lambda p: {"loss": -math.log(p)},
        panels=[Panel(Axis(), Axis(), [curve_mark("-ln(x)", name="c"), dot("p", "loss", on="c")])],
        readouts=[Readout("loss", "loss")],
        words="{loss:.3f}",
        alt="a",
        caption="c",
        announce="{loss:.2f}",
    )
    Explorer(**good)  # type: ignore[arg-type]
    bad = {
        "model": [("ln", "p")],
        "readouts": [Readout("nope", "x")],
        "words": "{nope}",
        "announce": "{loss:.2q}",
        "print_states": [{"p": 2.0}],
        "predict": Prediction("?", at={"p": 0.2}, number="nope", where="p"),
        "panels": [Panel(Axis(), Axis(), [dot("p", "loss", on="missing")])],
    }
    for field, value in bad.items():
        with pytest.raises(ValueError, match=r"^\w+: "):
            Explorer(**{**good, field: value})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^name: "):
        Control("x", "x", 0, 1, 0.5)
    with pytest.raises(ValueError, match=r"^default: "):
        Control("p", "p", 0, 1, 2)
    with pytest.raises(ValueError, match=r"^min: "):
        Control("t", "t", 0, 1, 0.5, scale="log")


def test_kernel_reads_and_sets_the_state() -> None:
    pytest.importorskip("anywidget")
    from nllbook_pages.negative import nll_explorer

    ex = nll_explorer()
    assert ex.p == 0.1
    ex.p = 0.5
    assert ex.widget().state == {"p": 0.5}
    assert ex.values()["negative"] == pytest.approx(math.log(2), rel=1e-15)
    with pytest.raises(ValueError, match=r"^p: "):
        ex.p = 1.5
    assert ex.p == 0.5
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "<Explorer nll>"
    assert "nbx-spec" not in bundle["text/html"]


def test_site_build_writes_markup_and_spec_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from nllbook_pages.negative import nll_explorer

    monkeypatch.setenv("NLLBOOK_SITE_BUILD", "1")
    bundle = nll_explorer()._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert 'class="nbx-spec"' in bundle["text/html"]


UNIT = re.compile(r"\{(\w+)(?::[^}]*)?\}(?:\s|</?\w+[^>]*>)*(nats|bits)\b")


@pytest.mark.parametrize("key", KEYS)
def test_units_in_the_words_match_the_names(explorers: dict[str, Explorer], key: str) -> None:
    """A number said in bits is a value named for bits, and a value named for bits is never
    said in nats; readouts agree with the words."""
    ex = explorers[key]
    said = UNIT.findall(ex.words) + UNIT.findall(ex.announce)
    said += [(r.name, r.unit) for r in ex.readouts if r.unit in ("nats", "bits")]
    wrong = [(name, unit) for name, unit in said if ("bits" in name) != (unit == "bits")]
    assert not wrong, f"{key}: {wrong}"


@pytest.mark.parametrize("name", ["values", "html", "widget", "set", "spec", "numbers"])
def test_a_control_cannot_take_a_name_of_the_explorer(name: str) -> None:
    # ex.p = 0.3 sets a control: one named like a method would hide it.
    import dataclasses

    ex = all_explorers()["nll"]()
    control = dataclasses.replace(ex.controls[0], name=name)
    fields = {f.name: getattr(ex, f.name) for f in dataclasses.fields(Explorer) if f.init}
    empty = {"model": [], "readouts": [], "words": "", "announce": "", "panels": []}
    with pytest.raises(ValueError, match=rf"^controls: '{name}' is a name of the explorer"):
        Explorer(**{**fields, **empty, "controls": [control], "print_states": (), "predict": None})


FORMAT_SPEC = re.compile(r"^[.,]?\d*[efg%d]?$")
#: Words: at least one letter (of any script).
A_LETTER = re.compile(r"[^\W\d_]")


@pytest.mark.parametrize("key", KEYS)
def test_every_readout_and_control_is_labelled_in_words(
    explorers: dict[str, Explorer], key: str
) -> None:
    """A label is words (a letter at least), never a format spec or a number that
    slid into its place, and each format formats a number as Python does. (A
    readout labelled "=" says its neighbour again in another unit: "0.693 nats
    = 1.000 bits".)"""
    from nllbook_pages.explorer import fmt_number

    ex = explorers[key]
    for i, what in enumerate((*ex.readouts, *ex.controls)):
        label = what.label.strip()
        if label == "=" and 0 < i < len(ex.readouts):
            continue
        assert A_LETTER.search(label) and not FORMAT_SPEC.match(label), (
            f"{key}: {what.name} is labelled {what.label!r}"
        )
        assert fmt_number(1.25, what.fmt) == format(1.25, what.fmt), f"{key}: {what.fmt!r}"


LEGEND_KINDS = {"line": ("curve", "path", "rule"), "dot": ("dot", "dots"), "bar": ("bars",)}


def drawn(ex: Explorer) -> set[tuple[str, str]]:
    """(kind of legend key, colour) of every mark the figure draws."""
    out = set()
    for panel in ex.spec()["panels"]:
        for m in panel["marks"]:
            if m["type"] == "bars":
                out |= {("bar", s.get("color", "main")) for s in m["series"]}
                if "highlight" in m:  # the highlighted group is drawn in the accent colour
                    out.add(("bar", "accent"))
                continue
            for kind, types in LEGEND_KINDS.items():
                if m["type"] in types:
                    out.add((kind, m.get("color", "main")))
    return out


@pytest.mark.parametrize("key", KEYS)
def test_every_legend_key_names_a_mark_the_figure_draws(
    explorers: dict[str, Explorer], key: str
) -> None:
    """A legend entry is a label in words, a kind of key (line, dot or bar) and a
    colour; some mark of the figure is drawn with that kind and colour."""
    ex = explorers[key]
    marks = drawn(ex)
    for item in ex.legend:
        assert set(item) <= {"label", "color", "kind", "dash"}, f"{key}: legend entry {item}"
        assert A_LETTER.search(str(item.get("label", ""))), f"{key}: legend entry {item}"
        assert item.get("kind") in LEGEND_KINDS, f"{key}: legend entry {item}"
        assert (item["kind"], item.get("color", "main")) in marks, (
            f"{key}: the legend shows a {item.get('color', 'main')} {item['kind']} "
            f"({item['label']!r}), and the figure draws none"
        )


@pytest.mark.parametrize("key", KEYS)
def test_curves_and_ticks_lie_on_their_axes(explorers: dict[str, Explorer], key: str) -> None:
    """A curve drawn over part of its panel's x axis stays inside the axis, and
    every tick is a value of its axis."""
    for i, panel in enumerate(explorers[key].spec()["panels"]):
        for axis in ("x", "y"):
            lo, hi = sorted(panel[axis]["domain"])
            ticks = panel[axis].get("ticks") or []
            outside = [t for t in ticks if not lo <= t <= hi]
            assert not outside, f"{key}, panel {i}: {axis} ticks {outside} off [{lo}, {hi}]"
        lo, hi = sorted(panel["x"]["domain"])
        for m in panel["marks"]:
            if m["type"] == "curve" and m.get("x"):
                a, b = m["x"]
                assert lo <= a < b <= hi, f"{key}, panel {i}: curve over {m['x']} off [{lo}, {hi}]"


#: Marks the browser finds by name: a dot and the curve or path it lies on
#: (``on``), and the dots the browser tests follow.
NAMED = ("curve", "path", "dot", "dots")
MARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def default_names() -> set[str]:
    """The names a mark gets when its page gives none (the functions' defaults)."""
    import inspect

    from nllbook_pages.explorer import _spec

    return {inspect.signature(getattr(_spec, t)).parameters["name"].default for t in NAMED}


@pytest.mark.parametrize("key", KEYS)
def test_marks_found_by_name_have_names_of_their_own(
    explorers: dict[str, Explorer], key: str
) -> None:
    """Each curve, path, dot and scatter is named by the page (a name, not a default
    that any other unnamed mark would share), once per panel: the browser finds a
    dot's curve by name, and so do the tests that check the dot stays on it."""
    defaults = default_names()
    for i, panel in enumerate(explorers[key].spec()["panels"]):
        names = [m.get("name") for m in panel["marks"] if m["type"] in NAMED]
        for name in names:
            assert isinstance(name, str) and MARK_NAME.match(name), f"{key}, panel {i}: {name!r}"
            assert name not in defaults, f"{key}, panel {i}: a mark left with the name {name!r}"
        assert len(set(names)) == len(names), f"{key}, panel {i}: names repeat in {names}"


#: The formulas of each kind of mark, and of an axis, its label: each is written out.
FORMULAS = {
    "curve": ("y",),
    "path": ("xs", "ys"),
    "dot": ("x", "y"),
    "dots": ("xs", "ys"),
    "text": ("x", "y", "text"),
}


@pytest.mark.parametrize("key", KEYS)
def test_every_mark_and_axis_says_what_it_draws_in_text(
    explorers: dict[str, Explorer], key: str
) -> None:
    """A mark's formulas and an axis's label are text (a formula left out, or a range
    passed where the label goes, would draw nothing or the wrong thing), and each
    group of bars on a numeric axis with ticks has a tick under it, so that the
    reader can tell which bar is which."""
    for i, panel in enumerate(explorers[key].spec()["panels"]):
        for axis in ("x", "y"):
            label = panel[axis]["label"]
            assert isinstance(label, str), f"{key}, panel {i}: {axis} label {label!r}"
        for m in panel["marks"]:
            for field in FORMULAS.get(m["type"], ()):
                assert isinstance(m[field], str) and m[field].strip(), (
                    f"{key}, panel {i}: {m['type']} {m.get('name')} has {field} {m[field]!r}"
                )
            if m["type"] == "rule":
                (formula,) = (m[a] for a in ("x", "y") if a in m)
                assert isinstance(formula, str) and formula.strip(), f"{key}, panel {i}: {m}"
            if m["type"] == "bars" and "at" in m and panel["x"].get("ticks") is not None:
                missing = set(m["at"]) - set(panel["x"]["ticks"])
                assert not missing, f"{key}, panel {i}: bars at {sorted(missing)} have no tick"


STYLESHEET = REPO / "src" / "nllbook_pages" / "static" / "nllbook-explorer.css"
#: The SVG element class that draws each kind of mark, and each kind of legend key.
ELEMENT = {"curve": "line", "path": "line", "rule": "rule", "dot": "dot", "dots": "dot"}
LEGEND_ELEMENT = {"line": "line", "dot": "dot", "bar": "bars"}


def coloured(ex: Explorer) -> list[tuple[str, str, str]]:
    """(what, SVG element class, colour) for every mark, bar series and legend key."""
    out = []
    for i, panel in enumerate(ex.spec()["panels"]):
        for m in panel["marks"]:
            what = f"panel {i}: {m['type']} {m.get('name', '')}".rstrip()
            if m["type"] == "bars":
                out += [(what, "bars", s.get("color", "main")) for s in m["series"]]
            elif m["type"] == "text":
                out.append((what, "note", m.get("color", "ink")))
            else:
                out.append((what, ELEMENT[m["type"]], m.get("color", "main")))
    for item in ex.legend:
        out.append(
            (
                f"legend {item.get('label')!r}",
                LEGEND_ELEMENT.get(item.get("kind"), "?"),
                item.get("color", "main"),
            )
        )
    return out


@pytest.mark.parametrize("key", KEYS)
def test_every_colour_is_one_the_stylesheet_draws(explorers: dict[str, Explorer], key: str) -> None:
    """Each line, rule, dot, bar and legend key is drawn in a colour of the palette
    that the explorer's stylesheet gives that element (a colour it does not know
    leaves the mark black, or invisible); a label's colour is a colour of the palette."""
    css = STYLESHEET.read_text(encoding="utf-8")
    styled = set(re.findall(r"\.nbx-(\w+)\.nbx-(\w+)", css))
    palette = set(re.findall(r"--nbx-c-([\w-]+)\s*:", css)) | {"ink"}  # ink: the text colour
    for what, element, colour in coloured(explorers[key]):
        if element == "note":
            assert colour in palette, f"{key}, {what}: colour {colour!r} is not in {palette}"
        else:
            assert (element, colour) in styled, f"{key}, {what}: no {colour!r} {element} style"


@pytest.mark.parametrize("key", PREDICTING)
def test_a_prediction_gives_its_answer_in_the_unit_the_page_uses(
    explorers: dict[str, Explorer], key: str
) -> None:
    """When the words or a readout say the predicted number in nats or bits, the
    prediction reveals it in that unit too."""
    ex = explorers[key]
    p = ex.predict
    assert p is not None
    said = UNIT.findall(ex.words) + UNIT.findall(ex.announce)
    said += [(r.name, r.unit) for r in ex.readouts if r.unit]
    units = {unit for name, unit in said if name == p.number}
    assert len(units) <= 1, f"{key}: {p.number} is said in {units}"
    if units:
        assert p.unit == units.pop(), f"{key}: the prediction of {p.number} says {p.unit!r}"


#: Spec fields whose keys are the page's own names (controls, tables), not the format.
NAMED_BY_THE_PAGE = {"consts", "defaults", "print", "at", "drag", "handle"}
#: Fields the engine does not read because it reads the same value elsewhere; the
#: test checks that it does.
REPEATED = {"key", "default"}


def spec_keys(value: object, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            if k not in NAMED_BY_THE_PAGE:
                spec_keys(v, out)
    elif isinstance(value, list):
        for v in value:
            spec_keys(v, out)
    return out


def test_every_field_of_the_spec_is_one_the_engine_reads() -> None:
    """Every key the Python spec writes is read by the browser's engine
    (js/explorer/*.js) under that name: a key renamed on one side only is a setting
    the browser silently ignores."""
    js = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "js" / "explorer").glob("*.js"))
    )
    read = set(re.findall(r"\.\s*([A-Za-z_]\w*)", js))
    read |= set(re.findall(r"\[\s*[\"']([A-Za-z_]\w*)[\"']\s*\]", js))
    for m in re.finditer(r"(?:const|let|var)\s*\{([^}]*)\}\s*=", js):  # const { a, b } = x
        read |= set(re.findall(r"([A-Za-z_]\w*)\s*(?=[:,=]|$)", m.group(1).strip()))
    written: set[str] = set()
    for factory in all_explorers().values():
        ex = factory()
        spec = ex.spec()
        spec_keys(spec, written)
        assert all(c["default"] == spec["defaults"][c["name"]] for c in spec["controls"])
        assert f'data-explorer="{spec["key"]}"' in ex.html(with_spec=False)
    unread = written - read - REPEATED
    assert not unread, f"the engine reads no {sorted(unread)}"
    assert REPEATED <= written


def test_a_state_naming_no_control_is_refused_by_name(explorers: dict[str, Explorer]) -> None:
    """Setting a control the explorer lacks (a typo in ``ex.set(...)`` or a print
    state) is refused, and the message names the unknown control and the explorer."""
    ex = explorers["nll"]
    with pytest.raises(ValueError, match=r"^nope: not a control of explorer 'nll'"):
        ex.checked({"nope": 0.5})
    with pytest.raises(ValueError, match=r"^nope: "):
        ex.numbers(nope=0.5)


def test_the_live_view_starts_where_the_page_does() -> None:
    """The JupyterLab view starts at the explorer's defaults, the state its markup
    shows, and its markup carries no second copy of the spec (the spec is a trait)."""
    pytest.importorskip("anywidget")
    from nllbook_pages.explorer._widget import ExplorerWidget

    for key in ("nll", "stuck"):
        ex = all_explorers()[key]()
        view = ExplorerWidget(ex)
        assert view.state == ex.defaults
        assert view.spec == ex.spec()
        assert "nbx-spec" not in view.html
        assert view.html == ex.html(with_spec=False)
