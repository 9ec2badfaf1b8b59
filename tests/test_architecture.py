"""The layers, checked: the contracts of pyproject.toml, no import cycle, short modules.

The contracts (``[tool.importlinter]`` in pyproject.toml) say that the library
never imports the book's machinery, that the maths never imports the
presentation (plots, questions, book data, matplotlib, scikit-learn), and that
the explorer engine's spec never imports its views. Imports inside functions
and under ``TYPE_CHECKING`` count: grimp, which import-linter builds on, reads
them all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp")

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("nllbook", "nllbook_pages")
#: Modules still over the limit, to be split (the question bank, by page).
MAX_LINES = 600


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def cycles(graph: object) -> list[tuple[str, ...]]:
    """Every import that closes a loop, with the way back."""
    found = []
    for module in sorted(graph.modules):  # type: ignore[attr-defined]
        for imported in sorted(graph.find_modules_directly_imported_by(module)):  # type: ignore[attr-defined]
            if imported not in graph.modules:  # type: ignore[attr-defined]
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)  # type: ignore[attr-defined]
            if back:
                found.append((module, *back))
    return found


def test_no_import_cycle_anywhere() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert len(graph.modules) > 30  # both packages were read
    assert cycles(graph) == []


def test_the_cycle_check_sees_imports_inside_functions(tmp_path: Path, monkeypatch) -> None:
    # A lazy import back into a module that imports you is still a cycle.
    pkg = tmp_path / "loopy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n    return a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loopy", cache_dir=None)
    assert cycles(graph)


def test_no_module_is_over_600_lines() -> None:
    long = {}
    for package in PACKAGES:
        for path in sorted((REPO / "src" / package).rglob("*.py")):
            name = path.relative_to(REPO).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                long[name] = lines
    assert long == {}
