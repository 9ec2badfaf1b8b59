"""What one page load costs the browser tests, in Chromium and in its headless shell.

Loads pages of the built site as the browser tests do (a fresh context with
the network guard, until the fonts are ready and every explorer is live), in
turns: a round of loads in Debian's ``chromium``, then the same round in
``chromium-headless-shell`` (the same engine, without the browser's windows
and profile machinery), and again, so that both meet the same load of a
shared machine. Prints, per browser, the median wall time of a load and the
processor time all of the browser's processes spent per load, and their
ratios.

    .venv/bin/python benchmarks/bench_browser_tests.py
    .venv/bin/python benchmarks/bench_browser_tests.py --rounds 5 --pages 6
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def browser_cpu_seconds(pids: set[int]) -> float:
    """User and system time of the processes ``pids`` and their descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry)] = fields
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        if pid in stats:
            # utime, stime, and the time of children already waited for.
            total += sum(int(v) for v in stats[pid][11:15]) / tick
        todo += children.get(pid, [])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per browser (default 3)")
    parser.add_argument("--pages", type=int, default=5, help="pages per round (default 5)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import (
        CHROMIUM,
        CHROMIUM_ARGS,
        EXPLORERS_LIVE_JS,
        FONTS_JS,
        HEADLESS_SHELL,
        guard,
        pages_of_explorers,
        serve,
        site_dir,
    )

    site = site_dir()
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: run `bash scripts/build-book` first")
    browsers = {"chromium": CHROMIUM, "headless shell": HEADLESS_SHELL}
    for name, path in browsers.items():
        if not Path(path).exists():
            raise SystemExit(f"{name} not found at {path}")
    pages = sorted(set(pages_of_explorers().values()))[: args.pages]
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    walls: dict[str, list[float]] = {n: [] for n in browsers}
    cpus: dict[str, list[float]] = {n: [] for n in browsers}
    with sync_playwright() as pw:
        for _ in range(args.rounds):
            for name, path in browsers.items():
                browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                # The browser's main process: a descendant of this process
                # running this executable whose parent does not (its own
                # descendants are counted with it). Other runs' browsers on
                # the machine are not ours.
                binary = _binary(os.path.realpath(path)) + " "
                ours = {p for p in _descendants(os.getpid()) if _cmdline(p).startswith(binary)}
                pids = {p for p in ours if _parent(p) not in ours}
                before = browser_cpu_seconds(pids)
                for rel in pages:
                    start = time.perf_counter()
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    guard(context)
                    page = context.new_page()
                    page.goto(base + rel, wait_until="load")
                    page.evaluate(FONTS_JS)
                    page.wait_for_function(EXPLORERS_LIVE_JS)
                    context.close()
                    walls[name].append(time.perf_counter() - start)
                cpus[name].append((browser_cpu_seconds(pids) - before) / len(pages))
                browser.close()
    server.shutdown()
    print(f"{len(pages)} explorer pages, {args.rounds} rounds per browser, taken in turns")
    print(f"{'browser':16}{'median load (s)':>17}{'processor s/load':>18}")
    for name in browsers:
        print(
            f"{name:16}{statistics.median(walls[name]):17.3f}{statistics.median(cpus[name]):18.3f}"
        )
    a, b = browsers
    print(
        f"ratio {b} / {a}: load {statistics.median(walls[b]) / statistics.median(walls[a]):.2f}, "
        f"processor {statistics.median(cpus[b]) / statistics.median(cpus[a]):.2f}"
    )


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` (its children, theirs, and so on), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            children.setdefault(_parent(int(entry)), []).append(int(entry))
    out: set[int] = set()
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out.add(pid)
        todo += children.get(pid, [])
    return out


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _binary(real: str) -> str:
    # Debian's launchers are shell scripts that exec the binary in /usr/lib/chromium.
    if real.endswith(("chromium", "chromium-headless-shell")) and real.startswith("/usr/bin"):
        return "/usr/lib/chromium/" + Path(real).name
    return real


if __name__ == "__main__":
    main()
