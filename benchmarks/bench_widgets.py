"""Slider update latency of every explorer, driven through its live callback.

Each explorer's ipywidgets view is built with the Agg backend and its sliders
are moved programmatically, which runs the same callback a reader's move runs
in a kernel: compute the numbers with nllbook, write the text, draw and
serialise the figure. Two figures per explorer:

- cold: every setting drawn for the first time (nothing cached);
- warm: settings already rendered once, as after a site build has rendered
  every state for the static player (in a live kernel, displaying an
  explorer draws only its default figure).

Target: p95 <= 50 ms per update in a live kernel.

Usage: python benchmarks/bench_widgets.py [--moves N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np

from nllbook import widgets


def drive(explorer: widgets.Explorer, moves: int) -> list[float]:
    """Move each slider through up to ``moves`` settings; return seconds per move."""
    box = explorer.widget()
    controls = [c for c in box.children if hasattr(c, "options")]
    times = []
    for s, c in zip(explorer.sliders, controls, strict=True):
        idx = np.linspace(0, len(s.values) - 1, min(moves, len(s.values))).round().astype(int)
        for i in idx[::-1] if c.value == s.values[idx[0]] else idx:
            t0 = time.perf_counter()
            c.value = s.values[i]
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=25)
    args = ap.parse_args()
    print(
        f"{'explorer':14s} {'moves':>5s} {'cold p50':>9s} {'cold p95':>9s} "
        f"{'warm p50':>9s} {'warm p95':>9s}  (ms)"
    )
    worst = 0.0
    for key, factory in widgets.all_explorers().items():
        explorer = factory()
        cold = drive(explorer, args.moves)
        explorer.player_html()  # what a site build does: every state rendered once
        warm = drive(explorer, args.moves)
        c50, c95 = statistics.median(cold) * 1e3, float(np.percentile(cold, 95)) * 1e3
        w50, w95 = statistics.median(warm) * 1e3, float(np.percentile(warm, 95)) * 1e3
        worst = max(worst, w95)
        print(f"{key:14s} {len(cold):5d} {c50:9.1f} {c95:9.1f} {w50:9.1f} {w95:9.1f}")
    print(f"worst warm p95: {worst:.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
