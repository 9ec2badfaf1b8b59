"""Benchmark: cross-entropy from logits, nllbook's fused loss against a scipy reference.

Times ``nllbook.cross_entropy_from_logits`` (fused, block by block), the
readable ``cross_entropy_from_logits_unfused`` and a scipy reference
(``scipy.special.log_softmax`` over the whole array, then the true-class
entries, negated and averaged) on the same seeded float64 logits with integer
targets. The contenders run interleaved, in a rotating order, and the median
of the repeats is reported. Peak extra memory is measured separately with
``tracemalloc`` (numpy reports its buffers to it), as bytes and as a multiple
of the size of the logits.

Target: nllbook at most 0.8 x the scipy time, and at most 2 input-sized
temporaries (peak extra memory <= 2 x input).

Run::

    .venv/bin/python benchmarks/bench_cross_entropy.py            # 1,000,000 x 10
    .venv/bin/python benchmarks/bench_cross_entropy.py --quick    # 100,000 x 10, smoke run
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy
import scipy.special

import nllbook

TIME_TARGET = 0.8  # nllbook time / scipy time
MEMORY_TARGET = 2.0  # peak extra memory / input size


def scipy_reference(z: np.ndarray, y: np.ndarray) -> Any:
    log_q = scipy.special.log_softmax(z, axis=-1)
    return -np.take_along_axis(log_q, y[:, None], axis=-1).mean()


def peak_extra_bytes(fn: Callable[[], Any]) -> int:
    """Peak memory allocated during ``fn()`` beyond what was live before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - before


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="100,000 rows, 5 repeats")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeats = 100_000, 5

    rng = np.random.default_rng(args.seed)
    z = rng.normal(0.0, 3.0, size=(args.rows, args.classes))
    y = rng.integers(0, args.classes, size=args.rows)
    input_bytes = z.nbytes

    contenders: dict[str, Callable[[], Any]] = {
        "nllbook.cross_entropy_from_logits": lambda: nllbook.cross_entropy_from_logits(z, y),
        "nllbook ..._unfused (reference)": lambda: nllbook.cross_entropy_from_logits_unfused(z, y),
        "scipy log_softmax + pick": lambda: scipy_reference(z, y),
    }
    names = list(contenders)

    # Same answer first, and a warm-up call for each.
    values = {name: float(fn()) for name, fn in contenders.items()}
    spread = max(values.values()) - min(values.values())
    assert spread <= 1e-12 * abs(values[names[0]]), values

    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.repeats):
        order = names[r % len(names) :] + names[: r % len(names)]  # rotate who goes first
        for name in order:
            gc.collect()
            t0 = time.perf_counter()
            contenders[name]()
            times[name].append(time.perf_counter() - t0)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    peaks = {name: peak_extra_bytes(fn) for name, fn in contenders.items()}

    ref = "scipy log_softmax + pick"
    print(
        f"cross-entropy from logits: {args.rows:,} x {args.classes} float64 "
        f"({input_bytes / 1e6:.1f} MB), integer targets, seed {args.seed}"
    )
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}, "
        f"python {platform.python_version()}, {platform.machine()}; "
        f"median of {args.repeats} interleaved repeats"
    )
    print()
    header = f"{'contender':<36} {'median s':>9} {'vs scipy':>9} {'peak extra':>14} {'x input':>8}"
    print(header)
    print("-" * len(header))
    for name in names:
        print(
            f"{name:<36} {medians[name]:>9.4f} {medians[name] / medians[ref]:>8.2f}x "
            f"{peaks[name]:>12,d} B {peaks[name] / input_bytes:>7.2f}x"
        )
    print()
    main_name = names[0]
    ratio = medians[main_name] / medians[ref]
    mem = peaks[main_name] / input_bytes
    print(
        f"target time   <= {TIME_TARGET}x scipy:        "
        f"{'PASS' if ratio <= TIME_TARGET else 'MISS'} ({ratio:.2f}x)"
    )
    print(
        f"target memory <= {MEMORY_TARGET:g} x input size:   "
        f"{'PASS' if mem <= MEMORY_TARGET else 'MISS'} ({mem:.2f}x)"
    )
    print(f"loss value: {values[main_name]:.12f} (all contenders agree within {spread:.1e})")


if __name__ == "__main__":
    main()
