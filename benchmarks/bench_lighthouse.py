"""Lighthouse scores of every page of the built site, served with gzip.

Runs Lighthouse 12 (npm package ``lighthouse``, fetched by ``npm exec`` into
npm's cache on first use) with its mobile defaults (simulated slow 4G and a
4x slower CPU) in Debian's chromium, against the site served with gzip from
127.0.0.1, one page at a time, and prints performance, accessibility and
best-practices scores with LCP, TBT and CLS.

    .venv/bin/python benchmarks/bench_lighthouse.py            # every page
    .venv/bin/python benchmarks/bench_lighthouse.py book/negative.html
    .venv/bin/python benchmarks/bench_lighthouse.py --site /path/to/other/html

Targets: performance >= 0.95, accessibility 1.0, best practices 1.0,
CLS <= 0.02, TBT <= 100 ms. Lighthouse's own timings vary from run to run on
a shared machine; ``--runs N`` reports the median of N runs per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser.conftest import CHROMIUM, GzipHandler, serve, site_dir, site_pages  # noqa: E402

LIGHTHOUSE = "lighthouse@12"
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}
CLS_MAX, TBT_MAX = 0.02, 100.0


def lighthouse(url: str, out: Path) -> dict[str, float]:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    cmd = [
        "npm", "exec", "--yes", f"--package={LIGHTHOUSE}", "--", "lighthouse", url,
        "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={flags}",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(cmd, check=True, env=env, cwd=tempfile.gettempdir(), capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    cats, audits = report["categories"], report["audits"]
    return {
        "performance": cats["performance"]["score"],
        "accessibility": cats["accessibility"]["score"],
        "best-practices": cats["best-practices"]["score"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages relative to the site root")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median)")
    parser.add_argument("--site", type=Path, help="built html directory (default: _build/html)")
    args = parser.parse_args()
    site = args.site.resolve() if args.site else site_dir()
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: run `bash scripts/build-book` first")
    pages = args.pages or site_pages(site)
    server = serve(site, GzipHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    keys = ["performance", "accessibility", "best-practices", "lcp_ms", "tbt_ms", "cls"]
    print(f"Site: {site}")
    print(f"Lighthouse 12, mobile defaults, gzip, median of {args.runs} run(s) per page")
    print(f"{'page':36}{'perf':>6}{'a11y':>6}{'bp':>6}{'LCP ms':>9}{'TBT ms':>8}{'CLS':>7}  ok")
    failures = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for rel in pages:
                runs = [lighthouse(f"{base}/{rel}", Path(tmp) / "r.json") for _ in range(args.runs)]
                m = {k: statistics.median(r[k] for r in runs) for k in keys}
                ok = (
                    all(m[k] >= v for k, v in TARGETS.items())
                    and m["cls"] <= CLS_MAX
                    and m["tbt_ms"] <= TBT_MAX
                )
                failures += not ok
                print(
                    f"{rel:36}{m['performance']:6.2f}{m['accessibility']:6.2f}"
                    f"{m['best-practices']:6.2f}{m['lcp_ms']:9.0f}{m['tbt_ms']:8.0f}"
                    f"{m['cls']:7.3f}  {'PASS' if ok else 'FAIL'}"
                )
    finally:
        server.shutdown()
    print(f"{len(pages) - failures} of {len(pages)} pages meet every target")


if __name__ == "__main__":
    main()
