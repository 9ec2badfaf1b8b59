"""The page "Cross-entropy": its explorers."""

from __future__ import annotations

from collections.abc import Callable

from .explorer import Explorer

#: This page's explorers, by key, in the order the page shows them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {}
