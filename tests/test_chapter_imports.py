"""A learner who installs ``nllbook[book]`` can run every chapter.

The chapters import only the standard library, nllbook, and packages that
nllbook's own requirements (with its ``book`` extra) bring, directly or
through their requirements: no build tool such as myst-nb.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import jupytext
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [p for p in sorted((ROOT / "book").glob("*.md")) if "jupytext:" in p.read_text()[:400]]


def code(path: Path) -> str:
    """The chapter's code cells, read as JupyterLab reads them (jupytext)."""
    nb = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(code(path))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def brought_by(dist: str, extras: tuple[str, ...] = ()) -> set[str]:
    """The distributions that installing ``dist[extras]`` installs."""
    seen: set[str] = set()
    todo = [(dist, extras)]
    while todo:
        name, wanted = todo.pop()
        key = canonicalize_name(name)
        if key in seen and not wanted:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # not installed here: its own requirements are unknown
        for line in requires:
            req = Requirement(line)
            envs = [{"extra": e} for e in wanted] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, tuple(req.extras)))
    return seen


def test_the_book_extra_brings_jupyterlab_and_the_prose_renderer():
    brought = brought_by("nllbook", ("book",))
    assert {"jupyterlab", "jupyterlab-myst", "jupytext", "ipykernel"} <= brought
    assert "myst-nb" not in brought_by("nllbook")


@functools.cache
def module_owners() -> dict[str, frozenset[str]]:
    """Which installed distributions provide each top-level module.

    ``metadata.packages_distributions()`` on Python 3.10 reads only a
    distribution's top_level.txt, which wheels built without setuptools (numpy's,
    for one) do not have; so the files each distribution installed count too,
    as Python 3.11 counts them.
    """
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for dist in metadata.distributions():
        declared = (dist.read_text("top_level.txt") or "").split()
        found = {
            f.parts[0] if len(f.parts) > 1 else inspect.getmodulename(f.name) or f.name
            for f in dist.files or []
        }
        for module in {*declared, *found}:
            if "." not in module:
                owners[module].add(canonicalize_name(dist.metadata["Name"]))
    return {module: frozenset(dists) for module, dists in owners.items()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_imports_come_with_nllbook_book(path):
    brought = brought_by("nllbook", ("book",))
    owners = module_owners()
    for module in sorted(imported_modules(path)):
        if module in sys.stdlib_module_names or module == "nllbook":
            continue
        dists = owners.get(module, frozenset())
        assert dists, f"{path.name} imports {module}, which no installed package provides"
        assert dists & brought, f"{path.name} imports {module} ({dists}), not in nllbook[book]"
