"""Page weight and in-browser slider update time of the built site.

Serves ``_build/html`` (or ``$NLLBOOK_SITE``) on 127.0.0.1, loads every page
in Debian's chromium through Playwright with every non-local request blocked,
and prints two tables:

1. Page weight: the bytes each page transfers, split into
   - HTML (the page itself, which carries the players' precomputed states),
   - images under ``_images/``,
   - page-specific scripts (anything else outside ``_static/``),
   - shared assets: everything under ``_static/`` (theme CSS/JS, fonts,
     MathJax, the player script), fetched once and then cached by a reader.
   Target: every chapter page <= 1.5 MB, not counting shared assets.
2. Update time: for each page, ``--moves`` slider moves (default 50), spread
   over all its players and sliders. Each move sets a range input's value and
   dispatches an ``input`` event; the time runs from the dispatch until the
   updated DOM has been laid out (the script reads ``offsetHeight`` so that
   style and layout are included). Median and p95 per page, and overall.
   Target: median <= 16 ms (one frame at 60 Hz).

Build the book first (``bash scripts/build-book``).

Usage: python benchmarks/bench_site.py [--moves N]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
# The benchmark sees the site exactly as the browser tests do: same pages,
# same server, same Chromium, same guard against non-local requests.
sys.path.insert(0, str(REPO))
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _QuietHandler,
    guard,
    site_dir,
    site_pages,
)

SITE = site_dir()
PAGE_LIMIT = 1.5e6  # bytes, shared assets excluded
UPDATE_TARGET_MS = 16.0

# Moves inputs[i] to `value`, waits for the handler and layout, returns ms.
MOVE_JS = """([player, slider, value]) => {
  const root = document.querySelectorAll('[data-nllbook-player]')[player];
  const input = root.querySelectorAll('input[type=range]')[slider];
  const t0 = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  void root.offsetHeight;
  return performance.now() - t0;
}"""

SLIDERS_JS = """() => Array.from(document.querySelectorAll('[data-nllbook-player]')).map(
  root => Array.from(root.querySelectorAll('input[type=range]')).map(i => Number(i.max)))"""


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def kind(url: str, page_url: str) -> str:
    path = urlsplit(url).path
    if url.split("#")[0] == page_url:
        return "html"
    if "/_static/" in path or path.endswith("/searchindex.js"):
        return "shared"
    if "/_images/" in path:
        return "images"
    return "scripts"


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=50)
    args = ap.parse_args()
    if not (SITE / "index.html").is_file():
        raise SystemExit(f"no built site at {SITE}: run `bash scripts/build-book` first")

    from playwright.sync_api import sync_playwright

    server, base = serve(SITE)
    weights: list[tuple[str, dict[str, int]]] = []
    updates: list[tuple[str, int, list[float]]] = []
    shared_total: dict[str, int] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            for rel in site_pages(SITE):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                g = guard(context)
                page = context.new_page()
                page_url = f"{base}/{rel}"
                page.goto(page_url, wait_until="networkidle")
                if g.blocked:
                    raise SystemExit(f"{rel}: non-local requests {g.blocked}")
                sizes = {"html": 0, "images": 0, "scripts": 0, "shared": 0}
                for resp in g.responses:
                    if resp.status != 200:
                        continue
                    # The server sends files as they are (no compression), so
                    # the bytes transferred are the file's size on disk.
                    path = urlsplit(resp.url).path.lstrip("/") or "index.html"
                    n = (SITE / path).stat().st_size
                    k = kind(resp.url, page_url)
                    sizes[k] += n
                    if k == "shared":
                        shared_total[urlsplit(resp.url).path] = n
                weights.append((rel, sizes))

                maxes: list[list[int]] = page.evaluate(SLIDERS_JS)
                sliders = [(i, j, m) for i, ms in enumerate(maxes) for j, m in enumerate(ms)]
                times: list[float] = []
                if sliders:
                    for k in range(args.moves):
                        i, j, m = sliders[k % len(sliders)]
                        # Walk each slider back and forth over its whole range.
                        step = (k // len(sliders)) % (2 * m) if m else 0
                        value = step if step <= m else 2 * m - step
                        if value == 0 and k >= len(sliders):
                            value = m  # never a no-op move
                        times.append(page.evaluate(MOVE_JS, [i, j, value]))
                updates.append((rel, len(maxes), times))
                context.close()
            browser.close()
    finally:
        server.shutdown()

    print(f"Site: {SITE}")
    print("\nPage weight (kB = 1000 bytes; shared = _static/ assets, cached across pages)")
    print(f"{'page':34s} {'HTML':>9s} {'images':>9s} {'scripts':>9s} {'page total':>11s} "
          f"{'shared':>9s}  <= 1.5 MB")  # fmt: skip
    for rel, s in weights:
        own = s["html"] + s["images"] + s["scripts"]
        ok = "PASS" if own <= PAGE_LIMIT else "FAIL"
        print(
            f"{rel:34s} {s['html'] / 1e3:9.1f} {s['images'] / 1e3:9.1f} "
            f"{s['scripts'] / 1e3:9.1f} {own / 1e3:11.1f} {s['shared'] / 1e3:9.1f}  {ok}"
        )
    print(f"shared assets, all pages together: {sum(shared_total.values()) / 1e3:.1f} kB "
          f"in {len(shared_total)} files")  # fmt: skip

    print(f"\nSlider update time in the browser, input event to laid-out DOM ({args.moves} moves "
          "per page; ms)")  # fmt: skip
    print(f"{'page':34s} {'players':>7s} {'median':>8s} {'p95':>8s} {'max':>8s}")
    everything: list[float] = []
    for rel, n_players, times in updates:
        if not times:
            continue
        everything += times
        print(
            f"{rel:34s} {n_players:7d} {statistics.median(times):8.2f} "
            f"{percentile(times, 0.95):8.2f} {max(times):8.2f}"
        )
    if everything:
        med = statistics.median(everything)
        verdict = "PASS" if med <= UPDATE_TARGET_MS else "FAIL"
        print(
            f"{'all pages':34s} {'':>7s} {med:8.2f} {percentile(everything, 0.95):8.2f} "
            f"{max(everything):8.2f}  median <= {UPDATE_TARGET_MS:g} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
