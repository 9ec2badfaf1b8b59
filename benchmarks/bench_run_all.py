"""Run All time of every chapter, as a learner's JupyterLab runs it.

Each chapter is read with jupytext (as JupyterLab's Jupytext viewer reads
it) and executed in a fresh python3 kernel, live rather than for the site
(``NLLBOOK_SITE_BUILD`` unset, so each explorer shows its live widget), with
the ``{eval}`` expressions of each markdown cell evaluated when that cell is
reached, as jupyterlab-myst does. The time runs from the first code cell to
the end of the last cell: kernel start-up is not part of Run All.

    .venv/bin/python benchmarks/bench_run_all.py             # every chapter
    .venv/bin/python benchmarks/bench_run_all.py --runs 3 --rev cb02774

``--rev REV`` also times the chapters as they were at git revision REV, in
the same process, alternating with the working tree's, so that the two
columns share the machine's load. Target: at most 5 s per chapter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))
TARGET_S = 5.0


def chapters() -> list[str]:
    found = []
    for path in sorted((REPO / "book").glob("*.md")):
        if "jupytext:" in path.read_text(encoding="utf-8")[:400]:
            found.append(path.name)
    return found


def source(name: str, rev: str | None) -> str | None:
    if rev is None:
        return (REPO / "book" / name).read_text(encoding="utf-8")
    shown = subprocess.run(
        ["git", "show", f"{rev}:book/{name}"], cwd=REPO, capture_output=True, text=True
    )
    return shown.stdout if shown.returncode == 0 else None


def run_all(text: str) -> float:
    """Seconds from the first code cell to the end of the last cell."""
    import jupytext
    import nbformat
    from nllbook_execute import _make_client, expressions

    nb = nbformat.from_dict(jupytext.reads(text, fmt="md:myst"))
    client = _make_client(nb, REPO / "book", 600, expressions(nb))
    starts: list[float] = []
    ends: list[float] = []

    def started(**_: Any) -> None:
        starts.append(time.perf_counter())

    # The end of each cell (prose cells too: their expressions run there),
    # taken before the kernel shuts down, which is not part of Run All.
    execute_cell = client.async_execute_cell

    async def timed(*args: Any, **kwargs: Any) -> Any:
        out = await execute_cell(*args, **kwargs)
        ends.append(time.perf_counter())
        return out

    client.on_cell_execute = started
    client.async_execute_cell = timed
    client.execute()
    return ends[-1] - starts[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--rev", help="also time the chapters of this git revision")
    parser.add_argument("chapters", nargs="*", help="file names in book/ (default: all)")
    args = parser.parse_args()
    os.environ.pop("NLLBOOK_SITE_BUILD", None)  # a learner's kernel, not the site's
    os.environ.pop("NLLBOOK_PLAYER_CACHE", None)

    names = args.chapters or chapters()
    columns = ["now"] + ([args.rev] if args.rev else [])
    print(f"Run All, median of {args.runs} run(s), seconds (target <= {TARGET_S:.0f} s)")
    print(f"{'chapter':34}" + "".join(f"{c:>12}" for c in columns))
    for name in names:
        times: dict[str, list[float]] = {c: [] for c in columns}
        texts = {c: source(name, None if c == "now" else c) for c in columns}
        for _ in range(args.runs):
            for c in columns:
                if texts[c] is not None:
                    times[c].append(run_all(texts[c]))
        cells = [
            f"{statistics.median(times[c]):12.2f}" if times[c] else f"{'-':>12}" for c in columns
        ]
        flag = "" if not times["now"] or statistics.median(times["now"]) <= TARGET_S else "  over"
        print(f"{name:34}" + "".join(cells) + flag, flush=True)


if __name__ == "__main__":
    main()
