"""Shared test configuration: a deterministic Hypothesis profile, a seeded RNG,
and the order in which the tests start (the longest first)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

# Deterministic: the same examples on every run and machine, no example
# database, no per-example deadline (the first call of a numpy function can
# be slow), and few enough examples that the suite stays quick.
settings.register_profile(
    "nllbook",
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    print_blob=True,
)
# The mutation run (pyproject's [tool.mutmut]) runs the tests once per mutant:
# fewer examples there, the same ones everywhere else.
settings.register_profile("mutation", parent=settings.get_profile("nllbook"), max_examples=12)
settings.load_profile(os.environ.get("NLLBOOK_HYPOTHESIS_PROFILE", "nllbook"))


#: Test files whose tests each take longest: they start first, so that when the
#: suite runs on several workers (scripts/test: pytest -n) none is left to run
#: alone at the end. The rest keep their order.
SLOWEST_FIRST = ("browser/test_jupyterlab.py", "browser/test_layout_shift.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = Path(str(item.path)).as_posix()
        ranks = (i for i, f in enumerate(SLOWEST_FIRST) if path.endswith(f))
        return next(ranks, len(SLOWEST_FIRST))

    items.sort(key=rank)  # stable: the order within each rank is pytest's


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh generator with a fixed seed for each test."""
    return np.random.default_rng(20240601)


def random_distributions(
    rng: np.random.Generator, shape: tuple[int, ...], kind: str = "dirichlet"
) -> np.ndarray:
    """Rows (last axis) that sum to 1, of a few kinds that stress different code paths.

    ``dirichlet``: spread out; ``sparse``: about a third of the entries exactly
    0 (never a whole row); ``tiny``: about a third of the entries near 1e-300,
    some of them subnormal; ``peaked``: one entry near 1, the others 1e-12 or
    smaller.
    """
    k = shape[-1]
    p = rng.dirichlet(np.ones(k), size=shape[:-1])
    if kind == "dirichlet":
        return p
    mask = rng.random(shape) < 1 / 3
    keep = rng.integers(0, k, size=(*shape[:-1], 1))
    np.put_along_axis(mask, keep, False, axis=-1)
    if kind == "sparse":
        p = np.where(mask, 0.0, p)
    elif kind == "tiny":
        tiny = 10.0 ** rng.uniform(-310, -290, size=shape)
        p = np.where(mask, tiny, p)
    elif kind == "peaked":
        p = 10.0 ** rng.uniform(-300, -12, size=shape)
        np.put_along_axis(p, keep, 1.0, axis=-1)
    else:
        raise ValueError(f"kind: unknown {kind!r}")
    return p / p.sum(axis=-1, keepdims=True)


@pytest.fixture
def make_dist(rng: np.random.Generator):  # type: ignore[no-untyped-def]
    """``make_dist(shape, kind)``: seeded random distributions (see random_distributions)."""

    def make(shape: tuple[int, ...], kind: str = "dirichlet") -> np.ndarray:
        return random_distributions(rng, shape, kind)

    return make
