"""Look at explorers outside the book: one standalone page, and screenshots.

    .venv/bin/python scripts/preview_explorers.py [KEY ...]

writes ``_build/explorer-preview/index.html`` with the explorers named (all
of them by default), serves it on 127.0.0.1, and saves a screenshot of each
explorer on a 390 × 844 phone (light) and on a 1100 px desktop (dark) as
``_build/explorer-preview/KEY-phone.png`` and ``KEY-desktop.png``, printing
each explorer's phone height and any console error.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Error, ViewportSize, sync_playwright

from nllbook_pages import all_explorers

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "explorer-preview"
STATIC = ROOT / "src" / "nllbook_pages" / "static"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def page(keys: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("nllbook-explorer.js", "nllbook-explorer.css"):
        shutil.copy(STATIC / name, OUT / name)
    factories = all_explorers()
    body = "".join(f'<section id="s-{k}">{factories[k]().html()}</section>' for k in keys)
    (OUT / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<link rel="stylesheet" href="nllbook-explorer.css">'
        "<style>body{font-family:system-ui,sans-serif;margin:0 16px}"
        "html[data-theme=dark]{background:#121212;color:#ced6dd;"
        "--pst-color-text-base:#ced6dd;--pst-color-text-muted:#9ca4af;--pst-color-border:#48566b;"
        "--pst-color-background:#121212}</style>"
        '<script type="module" src="nllbook-explorer.js"></script></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    keys = sys.argv[1:] or list(all_explorers())
    page(keys)
    handler = functools.partial(Quiet, directory=str(OUT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        views: tuple[tuple[str, ViewportSize, bool], ...] = (
            ("phone", {"width": 390, "height": 844}, False),
            ("desktop", {"width": 1100, "height": 900}, True),
        )
        for label, viewport, dark in views:
            ctx = browser.new_context(
                viewport=viewport,
                has_touch=label == "phone",
                color_scheme="dark" if dark else "light",
            )
            tab = ctx.new_page()
            errors: list[str] = []

            def on_error(e: Error, errors: list[str] = errors) -> None:
                errors.append(str(e))

            def on_console(m: ConsoleMessage, errors: list[str] = errors) -> None:
                if m.type == "error":
                    errors.append(m.text)

            tab.on("pageerror", on_error)
            tab.on("console", on_console)
            tab.goto(url)
            if dark:
                tab.evaluate("document.documentElement.dataset.theme = 'dark'")
            for key in keys:
                root = tab.locator(f'[data-explorer="{key}"]')
                root.locator("xpath=.").wait_for()
                tab.wait_for_selector(f'[data-explorer="{key}"][data-ready="1"]')
                root.screenshot(path=str(OUT / f"{key}-{label}.png"))
                if label == "phone":
                    stage = root.locator(".nbx-stage").bounding_box()
                    height = stage["height"] if stage else 0.0
                    print(f"{key}: stage {height:.0f} px tall on a phone")
            print(label, "console errors:", [e for e in errors if "favicon" not in e])
            ctx.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
