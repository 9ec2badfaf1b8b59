"""The repository's own scripts and Sphinx extensions, imported by file for the tests."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


@cache
def load(relative: str) -> ModuleType:
    """The module in the file ``relative`` (to the repository), named by its stem.

    It is registered in ``sys.modules`` first: dataclasses look their module up.
    """
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader, relative
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
