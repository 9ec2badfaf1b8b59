"""Cold-load weight of every page of the built site: bytes and requests.

Loads each page once with an empty cache, exactly as the budget test does
(``tests/browser/test_pages.py``, which reads the page's visit,
``tests/browser/visits.py``): every local file the page fetched, plus every
image of the page, each file once.
Prints the bytes uncompressed and gzip-compressed (level 6 per file; fonts
and images as they are) and the request count, next to the budgets (chapters
<= 1.0 MB raw and <= 300 kB gzip, the landing page <= 150 kB gzip).

    .venv/bin/python benchmarks/bench_page_weight.py
    .venv/bin/python benchmarks/bench_page_weight.py --site /path/to/other/html

The sizes are deterministic for a given build; the budget test checks them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="built html directory (default: _build/html)")
    args = parser.parse_args()
    if args.site:
        # The test helpers read the site's directory from the environment.
        os.environ["NLLBOOK_SITE"] = str(args.site.resolve())
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import (
        CHROMIUM_ARGS,
        _QuietHandler,
        serve,
        session_browser,
        site_dir,
        site_pages,
    )
    from tests.browser.test_pages import CHAPTER_GZIP, CHAPTER_RAW, LANDING, LANDING_GZIP, weight
    from tests.browser.visits import visit

    site = site_dir()
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: run `bash scripts/build-book` first")
    server = serve(site, _QuietHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"Site: {site}; cold load, every asset counted (kB = 1000 bytes)")
    print(f"{'page':36}{'raw kB':>9}{'gzip kB':>9}{'requests':>10}  budget")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=session_browser(), args=CHROMIUM_ARGS)
            for rel in site_pages(site):
                seen = visit(browser, base, rel, "light")
                w = weight(seen.urls)
                if seen.problems:
                    raise SystemExit(f"{rel}: {seen.problems}")
                if rel == LANDING:
                    ok = w["gzip"] <= LANDING_GZIP
                else:
                    ok = w["raw"] <= CHAPTER_RAW and w["gzip"] <= CHAPTER_GZIP
                print(
                    f"{rel:36}{w['raw'] / 1e3:9.1f}{w['gzip'] / 1e3:9.1f}{w['requests']:10d}"
                    f"  {'PASS' if ok else 'FAIL'}"
                )
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
