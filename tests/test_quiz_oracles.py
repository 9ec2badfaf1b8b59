"""Every check-yourself answer, and every misconception's value, against an oracle.

Each page's module in ``nllbook_pages.questions`` has ``oracles()`` next to
``questions()``: for each question, its key and the value of each of its
misconceptions recomputed from the question's wording with plain numpy, scipy
or the standard library. These tests ask that every question has one, that the
two agree, and (reading the source) that no oracle calls nllbook or the
module's own helpers, which would compare the bank with itself.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import math
from collections import defaultdict
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from nllbook import examples as ex
from nllbook_pages import quiz_bank
from nllbook_pages.questions import _common
from nllbook_pages.quiz import Choice, Numeric, Oracle, Question

PAGES = sorted(quiz_bank.CHAPTERS)
SIDES = ("left", "right", "equal")


def _module(page: str) -> ModuleType:
    return importlib.import_module(f"nllbook_pages.questions.{page}")


def _oracles(page: str) -> dict[str, Oracle]:
    """The page's oracles; none when the module has no ``oracles()`` (a test says so)."""
    made: dict[str, Oracle] = getattr(_module(page), "oracles", dict)()
    return made


def _questions_and_oracles() -> Iterator[tuple[str, Question, Oracle]]:
    """Each question that has an oracle, with it (the others fail the completeness test)."""
    for page in PAGES:
        made = _oracles(page)
        for q in quiz_bank.CHAPTERS[page]():
            if q.key in made:
                yield page, q, made[q.key]


def _is_compare(q: Question) -> bool:
    """A Compare is a Choice over "… is larger", "… is larger", "They are equal"."""
    return (
        isinstance(q, Choice)
        and len(q.options) == 3
        and q.options[0].endswith(" is larger")
        and q.options[1].endswith(" is larger")
        and q.options[2] == "They are equal"
    )


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


# -- 1. completeness ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_question_and_misconception_has_an_oracle(page: str) -> None:
    assert hasattr(_module(page), "oracles"), f"questions/{page}.py has no oracles()"
    made = _oracles(page)
    keys = [q.key for q in quiz_bank.CHAPTERS[page]()]
    # The padding question's oracle runs its PyTorch calls (a test extra).
    without = (
        {"padding"} if page == "imbalance" and importlib.util.find_spec("torch") is None else set()
    )
    want = [k for k in keys if k not in without]
    assert sorted(made) == sorted(want), f"{page}: oracles for {sorted(made)}, questions {want}"
    for q in quiz_bank.CHAPTERS[page]():
        names = {m.name for m in q.misconceptions}
        if q.key not in without:
            assert set(made[q.key].misconceptions) == names, f"{page}/{q.key}"
    if without:
        pytest.skip(f"PyTorch is not installed: no oracle for {sorted(without)}")


# -- 2. the oracles agree with the bank ------------------------------------------------------------


def _ids() -> list[str]:
    return [f"{page}/{q.key}" for page, q, _ in _questions_and_oracles()]


@pytest.mark.parametrize(("page", "question", "oracle"), list(_questions_and_oracles()), ids=_ids())
def test_the_oracle_agrees_with_the_bank(page: str, question: Question, oracle: Oracle) -> None:
    bank: dict[str, list[Any]] = defaultdict(list)
    for m in question.misconceptions:
        bank[m.name].append(m.value)
    expected = {
        name: list(v) if isinstance(v, tuple) else [v] for name, v in oracle.misconceptions.items()
    }
    if isinstance(question, Numeric):
        assert isinstance(oracle.answer, (int, float, np.number)) and not isinstance(
            oracle.answer, bool
        )
        assert _close(question.answer, float(oracle.answer)), (question.answer, oracle.answer)
        for name, values in expected.items():
            assert len(bank[name]) == len(values) == 1, name
            assert _close(bank[name][0], float(values[0])), (name, bank[name][0], values[0])
    elif _is_compare(question):
        assert isinstance(question, Choice)
        assert oracle.answer in SIDES, f"a Compare's oracle names a side, got {oracle.answer!r}"
        assert SIDES[question.answer] == oracle.answer
        for name, values in expected.items():
            assert all(v in SIDES for v in values), (name, values)
            assert sorted(SIDES[int(v)] for v in bank[name]) == sorted(values), name
    else:
        assert isinstance(question, Choice)
        assert isinstance(oracle.answer, (int, np.integer)) and not isinstance(oracle.answer, bool)
        assert question.answer == oracle.answer, (question.options, oracle.answer)
        for name, values in expected.items():
            assert sorted(int(v) for v in bank[name]) == sorted(int(v) for v in values), name


def test_a_compare_oracle_tells_the_sides_apart() -> None:
    assert Oracle.larger(1.0, 2.0) == "right"
    assert Oracle.larger(2.0, 1.0) == "left"
    assert Oracle.larger(1.0, 1.0 + 1e-12) == "equal"
    assert Oracle.larger(1.0, 1.1, tolerance=0.2) == "equal"


# -- 3. the oracles are independent of the bank ---------------------------------------------------


def _is_data(obj: object) -> bool:
    """A constant an oracle may read: numbers, strings, arrays, tuples of those."""
    if isinstance(obj, (bool, int, float, str, np.ndarray, np.number)):
        return True
    return isinstance(obj, tuple) and all(_is_data(x) for x in obj)


def _bindings(tree: ast.Module, module: ModuleType | None) -> dict[str, str]:
    """The module-level names an oracle may not use, with why."""
    banned: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nllbook":
                    banned[(alias.asname or alias.name).split(".")[0]] = "nllbook"
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            for alias in node.names:
                name = alias.asname or alias.name
                if node.level == 0 and source.split(".")[0] == "nllbook":
                    if f"{source}.{alias.name}" != "nllbook.examples":
                        banned[name] = f"imported from {source}"
                elif node.level == 1 and source == "_common":
                    if not _is_data(getattr(_common, alias.name)):
                        banned[name] = "a helper of questions._common"
                elif node.level == 2 and source == "quiz" and alias.name != "Oracle":
                    banned[name] = "a question class of nllbook_pages.quiz"
                elif node.level > 0 and source not in ("_common", "quiz"):
                    banned[name] = f"imported from .{source}"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name != "oracles":
                banned[node.name] = "a helper of the question module"
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and module is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and callable(getattr(module, target.id, None)):
                    banned[target.id] = "a callable of the question module"
    return banned


def _examples_names(tree: ast.Module) -> set[str]:
    """The names the module binds to nllbook.examples (``ex``)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "nllbook":
            names |= {a.asname or a.name for a in node.names if a.name == "examples"}
        if isinstance(node, ast.Import):
            names |= {a.asname for a in node.names if a.name == "nllbook.examples" and a.asname}
    return names


def _oracle_violations(source: str, module: ModuleType | None = None) -> list[str]:
    tree = ast.parse(source)
    banned = _bindings(tree, module)
    examples = _examples_names(tree)
    oracle = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "oracles")
    parents = {child: node for node in ast.walk(oracle) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(oracle):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            source_name = node.module if isinstance(node, ast.ImportFrom) else None
            modules = [source_name] if source_name else [a.name for a in node.names]
            level = getattr(node, "level", 0)
            if level or any((m or "").split(".")[0] == "nllbook" for m in modules):
                found.append(f"line {node.lineno}: imports {modules} inside oracles()")
        if not isinstance(node, ast.Name):
            continue
        if node.id in banned:
            found.append(f"line {node.lineno}: uses {node.id} ({banned[node.id]})")
        elif node.id in examples:
            attr = parents.get(node)
            if not isinstance(attr, ast.Attribute):
                found.append(f"line {node.lineno}: uses {node.id} other than to read a constant")
                continue
            value = getattr(ex, attr.attr, None)
            outer = parents.get(attr)
            if _is_data(value) and not (isinstance(outer, ast.Call) and outer.func is attr):
                continue
            # A worked example's printed figure is data; its .value is computed by nllbook.
            if isinstance(value, ex.WorkedExample) and (
                isinstance(outer, ast.Attribute) and outer.attr == "printed"
            ):
                continue
            found.append(f"line {node.lineno}: uses {node.id}.{attr.attr}, not a data constant")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_oracle_reuses_the_bank(page: str) -> None:
    module = _module(page)
    assert _oracle_violations(inspect.getsource(module), module) == []


@pytest.mark.parametrize(
    "line",
    [
        "return {'a': Oracle(_loss(Q4, 3))}",
        "return {'a': Oracle(float(nllbook.entropy(Q4)))}",
        "return {'a': Oracle(ex.ENTROPY_BIASED_DIE.value)}",
        "return {'a': Oracle(ex.simulated_rolls(6)[0])}",
        "return {'a': Oracle(one_hot(3, 4)[0])}",
        "return {'a': Oracle(helper())}",
        "from nllbook import nll\n    return {'a': Oracle(nll(Q4, 3))}",
        "from ._common import _loss as f\n    return {'a': Oracle(f(Q4, 3))}",
    ],
)
def test_the_independence_check_catches_a_reused_computation(line: str) -> None:
    source = (
        "import nllbook\n"
        "from nllbook import examples as ex\n"
        "from nllbook import one_hot\n"
        "from ..quiz import Oracle\n"
        "from ._common import Q4, _loss\n"
        "def helper():\n    return 1.0\n"
        f"def oracles():\n    {line}\n"
    )
    assert _oracle_violations(source)


def test_the_independence_check_lets_data_through() -> None:
    source = (
        "import numpy as np\n"
        "from nllbook import examples as ex\n"
        "from ..quiz import Oracle\n"
        "from ._common import Q4, _ORDINAL\n"
        "def oracles():\n"
        "    from scipy.stats import entropy\n"
        "    return {'a': Oracle(-np.log(Q4[3]) + entropy(ex.BIASED_DIE)"
        " + float(ex.ENTROPY_BIASED_DIE.printed) + len(_ORDINAL))}\n"
    )
    assert _oracle_violations(source) == []
