"""A chapter's PyTorch snippets and the numbers its prose quotes, for the snippet tests.

A chapter shows framework code as ``{code-block} python`` blocks with a ``:name:``;
its numbers come from its own code cells, which bind ``prose``. The snippet tests
run both and compare them, so a page's claim about what PyTorch returns is
PyTorch's own output.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

BOOK = Path(__file__).resolve().parents[1] / "book"
SNIPPET = re.compile(r"```\{code-block\} python\n:name: ([\w-]+)\n\n(.*?)```", re.S)


def snippets(page: str) -> dict[str, str]:
    """The named code blocks of ``book/<page>.md``, by name."""
    return dict(SNIPPET.findall((BOOK / f"{page}.md").read_text(encoding="utf-8")))


@cache
def chapter_prose(page: str) -> Any:
    """The chapter's ``prose`` namespace, from its code cells as the build runs them.

    The cell that renders the page's questions is skipped: it draws widgets only.
    """
    import jupytext

    ns: dict[str, Any] = {}
    for cell in jupytext.read(BOOK / f"{page}.md").cells:
        if cell.cell_type == "code" and "quiz_bank" not in cell.source:
            exec(cell.source, ns)
    return ns["prose"]


def run_snippet(page: str, name: str) -> dict[str, Any]:
    """Run one snippet; its printing is swallowed and its framework's notes ignored
    (KLDivLoss warns about its 'mean', for one)."""
    ns: dict[str, Any] = {}
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(snippets(page)[name], ns)
    return ns


def same(got: Any, want: float, rtol: float = 1e-5) -> bool:
    """Equal as floats to ``rtol`` (absolute near zero), nan to nan and inf to inf."""
    g = float(got.item() if hasattr(got, "item") else got)
    if math.isnan(want) or math.isnan(g):
        return math.isnan(want) and math.isnan(g)
    if math.isinf(want) or math.isinf(g):
        return g == want
    return math.isclose(g, want, rel_tol=rtol, abs_tol=rtol)
