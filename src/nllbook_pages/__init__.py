"""The book's machinery, apart from the library: its explorers, one module per page.

``nllbook`` computes; this package presents. It imports nllbook, never the
other way round. Each page of the book that has explorers has a module here
named after it, whose ``EXPLORERS`` maps each explorer's key to its factory.

>>> from nllbook_pages import all_explorers
>>> all_explorers()["nll"]().numbers(p=0.5)["negative"]  # −ln 0.5
0.6931471805599453
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .explorer import Explorer

__all__ = ["PAGES", "all_explorers"]

#: The modules of the pages with explorers, in reading order.
PAGES = (
    "start",
    "likelihood",
    "log",
    "negative",
    "entropy",
    "cross_entropy",
    "nll_is_cross_entropy",
    "nll_at_work",
    "in_practice",
    "why_cross_entropy",
    "symptoms",
    "imbalance",
    "beyond_classification",
    "related_losses",
    "errata",
)


def all_explorers() -> dict[str, Callable[[], Explorer]]:
    """Every explorer factory of the engine, by key, in reading order."""
    out: dict[str, Callable[[], Explorer]] = {}
    for page in PAGES:
        out.update(importlib.import_module(f"{__name__}.{page}").EXPLORERS)
    return out
