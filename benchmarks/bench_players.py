"""CPU time to render every state of every player, on reused axes and on new ones.

A site build draws each explorer's figure once per slider state (the static
player carries them all). ``Explorer.render_figure`` draws each state on the
axes of the previous one (``nllbook._recycle.RecyclingFigure``); the other
column draws the same states on a new matplotlib Figure each time, as the
players did before. Both columns run side by side in one process, alternating,
and the median of ``--repeat`` runs is printed with the ratio.

Usage: python benchmarks/bench_players.py [--repeat N] [--only KEY ...]
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from nllbook import widgets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    factories = widgets.all_explorers()
    keys = args.only or list(factories)
    print(f"{'explorer':14s}{'states':>7s}{'reused (s)':>12s}{'new (s)':>10s}{'ratio':>8s}")
    totals = [0.0, 0.0]
    for key in keys:
        explorer = factories[key]()
        grid = list(explorer.grid())
        reused, new = [], []
        for _ in range(args.repeat):
            t0 = time.process_time()
            for values in grid:
                explorer.render_figure(values)
            t1 = time.process_time()
            for values in grid:
                explorer.render_figure(values, reuse=False)
            t2 = time.process_time()
            reused.append(t1 - t0)
            new.append(t2 - t1)
        a, b = statistics.median(reused), statistics.median(new)
        totals[0] += a
        totals[1] += b
        print(f"{key:14s}{len(grid):7d}{a:12.2f}{b:10.2f}{a / b:8.2f}")
    print(f"{'all':14s}{'':7s}{totals[0]:12.2f}{totals[1]:10.2f}{totals[0] / totals[1]:8.2f}")


if __name__ == "__main__":
    main()
