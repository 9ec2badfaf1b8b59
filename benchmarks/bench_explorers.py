"""Explorers: time from an input event to the painted frame, page weights,
and the phone height of each explorer's numbers, figure and controls.

Usage::

    .venv/bin/python benchmarks/bench_explorers.py [--site DIR] [--before DIR] [--moves N]

``--site`` is the built site to measure (default ``_build/html``). With
``--before``, a second built site (an earlier revision, say) is measured in
the same run, side by side: its old precomputed players
(``[data-nllbook-player]``) and any explorers it has.

Update time: for each explorer, scrolled into view, ``--moves`` slider
moves (default 60) over its controls. Each sets a range input and dispatches an ``input`` event; the
time runs from the dispatch to the first task after the next frame has been
painted (a ``requestAnimationFrame`` callback, then a message posted from
it). Chromium runs with ``--disable-frame-rate-limit`` and
``--disable-gpu-vsync``, so that frames are drawn as soon as they are ready
and the figure is the work, not the wait for a display's refresh. Median and
p90 per explorer. Target: median <= 8 ms.

Page weight: each page's cold-load bytes, gzip-compressed as a web server
sends them (the same count as benchmarks/bench_page_weight.py).

Phone height: at 390 x 844, the height from the top of the readouts to the
bottom of the controls (new explorers), or from the controls to the bottom of
the figure and words (old players).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    guard,
    serve,
    site_dir,
    site_pages,
)

ARGS = [*CHROMIUM_ARGS, "--disable-frame-rate-limit", "--disable-gpu-vsync"]
TARGET_MS = 8.0

ROOTS_JS = """() => [...document.querySelectorAll('[data-explorer], [data-nllbook-player]')]
  .map(r => ({key: r.dataset.explorer || r.dataset.nllbookPlayer,
              kind: r.dataset.explorer ? 'new' : 'old',
              maxes: [...r.querySelectorAll('input[type=range]')].map(i => Number(i.max))}))"""

MOVE_JS = """([index, slider, value]) => new Promise(done => {
  const root = document.querySelectorAll('[data-explorer], [data-nllbook-player]')[index];
  const input = root.querySelectorAll('input[type=range]')[slider];
  const channel = new MessageChannel();
  let t0 = 0;
  channel.port1.onmessage = () => done(performance.now() - t0);
  t0 = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  requestAnimationFrame(() => channel.port2.postMessage(0));
})"""

SCROLL_JS = """(index) => document.querySelectorAll('[data-explorer], [data-nllbook-player]')[index]
  .scrollIntoView({block: 'center'})"""

PHONE_HEIGHT_JS = """root => {
  const box = n => n ? n.getBoundingClientRect() : null;
  if (root.dataset.explorer) {
    return box(root.querySelector('.nbx-controls')).bottom
      - box(root.querySelector('.nbx-readouts')).top;
  }
  const parts = ['.nllbook-controls', '.nllbook-figure', '.nllbook-text']
    .map(s => box(root.querySelector(s)));
  return Math.max(...parts.map(b => b.bottom)) - Math.min(...parts.map(b => b.top));
}"""


def cold_bytes(site: Path, urls: list[str]) -> int:
    total = 0
    for url in urls:
        path = site / urlsplit(url).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            data = path.read_bytes()
            compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".txt")
            total += len(gzip.compress(data, 6, mtime=0)) if compressible else len(data)
    return total


def measure(browser: object, site: Path, moves: int) -> dict[str, object]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    times: dict[str, list[float]] = {}
    weights: dict[str, int] = {}
    heights: dict[str, float] = {}
    try:
        for rel in site_pages(site):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
            g = guard(context)
            page = context.new_page()
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            weights[rel] = cold_bytes(site, [r.url for r in g.responses if r.status == 200])
            page.wait_for_timeout(300)
            for index, root in enumerate(page.evaluate(ROOTS_JS)):
                name = f"{root['key']} ({root['kind']})"
                if name in times or not root["maxes"]:
                    continue
                samples: list[float] = []
                # As a reader meets it: on screen.
                page.evaluate(SCROLL_JS, index)
                page.wait_for_timeout(100)
                sliders = [(j, m) for j, m in enumerate(root["maxes"]) if m > 0]
                for k in range(moves):
                    j, m = sliders[k % len(sliders)]
                    # Walk each slider back and forth over its range, 8 stops a sweep
                    # (or every position of a slider with fewer): every move changes it.
                    stops = min(8, m)
                    t = (k // len(sliders)) % (2 * stops)
                    value = round(m * (t if t <= stops else 2 * stops - t) / stops)
                    samples.append(page.evaluate(MOVE_JS, [index, j, value]))
                times[name] = samples
            context.close()
            phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)  # type: ignore[attr-defined]
            page = phone.new_page()
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            page.wait_for_timeout(200)
            roots = page.locator("[data-explorer], [data-nllbook-player]")
            for k in range(roots.count()):
                root = roots.nth(k)
                key = root.get_attribute("data-explorer") or root.get_attribute(
                    "data-nllbook-player"
                )
                kind = "new" if root.get_attribute("data-explorer") else "old"
                heights.setdefault(f"{key} ({kind})", root.evaluate(PHONE_HEIGHT_JS))
            phone.close()
    finally:
        server.shutdown()
    return {"times": times, "weights": weights, "heights": heights}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, default=site_dir())
    ap.add_argument("--before", type=Path)
    ap.add_argument("--moves", type=int, default=60)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    runs: dict[str, dict[str, object]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        if args.before:
            runs["before"] = measure(browser, args.before.resolve(), args.moves)
        runs["after"] = measure(browser, args.site.resolve(), args.moves)
        browser.close()

    print(
        f"Input event to painted frame, {args.moves} moves each "
        f"(median / p90 ms; target median <= {TARGET_MS})"
    )
    for label, run in runs.items():
        times = run["times"]
        assert isinstance(times, dict)
        heights = run["heights"]
        assert isinstance(heights, dict)
        print(f"\n  {label}:")
        print(f"  {'explorer':28} {'median':>8} {'p90':>8} {'phone px':>9}")
        for name, xs in sorted(times.items()):
            xs = sorted(xs)
            p90 = xs[int(0.9 * (len(xs) - 1))]
            print(
                f"  {name:28} {statistics.median(xs):8.2f} {p90:8.2f} {heights.get(name, 0):9.0f}"
            )
    print("\nPage weight, cold load, gzip (kB)")
    pages = sorted(set().union(*(r["weights"] for r in runs.values())))  # type: ignore[arg-type]
    print(f"  {'page':40} " + " ".join(f"{label:>9}" for label in runs))
    for rel in pages:
        cells = []
        for run in runs.values():
            w = run["weights"]
            assert isinstance(w, dict)
            cells.append(f"{w[rel] / 1000:9.1f}" if rel in w else f"{'-':>9}")
        print(f"  {rel:40} " + " ".join(cells))


if __name__ == "__main__":
    main()
