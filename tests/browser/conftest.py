"""Fixtures for the browser tests: the built site, a local server, one Chromium.

The site is read from ``$NLLBOOK_SITE`` (default ``<repo>/_build/html``); build
it first with ``jupyter-book build .``. Chromium is the system one: its headless
shell (``$NLLBOOK_HEADLESS_SHELL``, default ``/usr/bin/chromium-headless-shell``,
Debian's ``chromium-headless-shell``) when it is there, else the browser itself
(``$NLLBOOK_CHROMIUM``, default ``/usr/bin/chromium``); Playwright's own browser
download is not used. Every page opened through :func:`guard` may only talk to
127.0.0.1; any other request is aborted and recorded so the test can fail on it.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("NLLBOOK_CHROMIUM", "/usr/bin/chromium")
#: Chromium's headless shell: the same engine and version as the browser,
#: without the browser's windows, tabs and profile machinery, as Playwright
#: runs headless tests by default. A page loads in about half the time and
#: half the processor time (benchmarks/bench_browser_tests.py).
HEADLESS_SHELL = os.environ.get("NLLBOOK_HEADLESS_SHELL", "/usr/bin/chromium-headless-shell")


def session_browser() -> str:
    """The browser the tests drive: the headless shell, unless only
    ``$NLLBOOK_CHROMIUM`` was given or the shell is not installed."""
    if "NLLBOOK_CHROMIUM" in os.environ and "NLLBOOK_HEADLESS_SHELL" not in os.environ:
        return CHROMIUM
    return HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else CHROMIUM


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: The phone every browser test emulates, in CSS px.
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1"}
#: A URL that leaves this machine: not http(s) to a local host (with at most a
#: port after it: "http://127.0.0.1:1@example.com/" names example.com), nor
#: data:, blob: or about:. (WebSockets are not routed at all; the site opens none.)
NOT_LOCAL = re.compile(
    r"^(?!(?:https?://(?:"
    + "|".join(re.escape(h) for h in sorted(LOCAL_HOSTS))
    + r")(?::\d+)?(?:[/?#]|$)|data:|blob:|about:))"
)

# Pages of the built site that are not book pages: Sphinx's generated index,
# search page and module index, and the theme's template fragments.
NON_BOOK_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "jupyterlab: starts a JupyterLab server and drives it in Chromium (slow)"
    )
    config.addinivalue_line(
        "markers", "browser: drives Debian's chromium through Playwright against the built site"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test in this folder needs the built site and Chromium: mark them
    # all, so that `pytest -m "not browser"` runs the rest in seconds.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
    # The tests that read a page's shared visit, or use a shared page in turn,
    # run page after page, so that a worker (which takes a run of neighbouring
    # tests) loads each page once.
    sharing = {"visits", "shared", "printed"}
    slots = [i for i, item in enumerate(items) if sharing & set(getattr(item, "fixturenames", ()))]
    pages: dict[str, int] = {}
    for i in slots:
        pages.setdefault(_page_of(items[i]), len(pages))
    ordered = sorted((items[i] for i in slots), key=lambda item: pages[_page_of(item)])
    for i, item in zip(slots, ordered, strict=True):
        items[i] = item


def _page_of(item: pytest.Item) -> str:
    """The page a test reads: its ``page_path``, or the page of its explorer ``key``."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "page_path" in params:
        return str(params["page_path"])
    return pages_of_explorers().get(str(params.get("key", "")), "")


@functools.cache
def pages_of_explorers() -> dict[str, str]:
    """The first page of the built site that shows each explorer, by key."""
    out: dict[str, str] = {}
    site = site_dir()
    for page_path in site_pages(site):
        html = (site / page_path).read_text(encoding="utf-8")
        for key in re.findall(r'data-explorer="([^"]+)"', html):
            out.setdefault(key, page_path)
    return out


#: A test's call failed (set by pytest_runtest_makereport, read by the fixture ``shared``).
FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    if outcome.get_result().failed:  # type: ignore[attr-defined]
        item.stash[FAILED] = True


#: Once the web fonts are ready (maths is typeset at build time: nothing else
#: needs waiting for once a page has loaded).
FONTS_JS = "async () => { if (document.fonts) await document.fonts.ready; }"

#: Two frames: the explorer draws on the next animation frame after a change.
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"

#: For ``page.wait_for_function``: every explorer of the page is live (its
#: script has run and drawn it).
EXPLORERS_LIVE_JS = (
    "() => [...document.querySelectorAll('[data-explorer]')].every(r => r.dataset.ready)"
)


#: What the tests read of an explorer (``root`` its ``[data-explorer]``) through
#: its DOM contract: state, readouts, range inputs, the figure's role and label,
#: and which notes are hidden. See test_explorers.check_read.
READ_JS = """root => {
  const svg = root.querySelector('svg.nbx-svg');
  const dots = [...root.querySelectorAll('svg.nbx-svg g.nbx-dot[data-mark]')]
    .filter(g => g.querySelector('circle:not(.nbx-hit)'));
  return {
    state: root.nbx.state(),
    readouts: [...root.querySelectorAll('[data-readout]')].map(n => ({
      name: n.dataset.readout, fmt: n.dataset.fmt, text: n.textContent})),
    inputs: [...root.querySelectorAll('input[type=range]')].map(i => ({
      name: i.dataset.control, value: i.value, label: i.getAttribute('aria-label'),
      valuetext: i.getAttribute('aria-valuetext')})),
    role: svg.getAttribute('role'),
    label: svg.getAttribute('aria-label'),
    hidden: [...root.querySelectorAll('[data-when]')].map(n => ({
      name: n.dataset.when, hidden: n.classList.contains('nbx-reserved')})),
    live: [...root.querySelectorAll('[aria-live]')].map(e => [e.className, e.textContent]),
  };
}"""


# -- the built site ------------------------------------------------------------------------


def site_dir() -> Path:
    """The built site's directory (it may not exist: see :func:`require_site`)."""
    return Path(os.environ.get("NLLBOOK_SITE", REPO / "_build" / "html")).resolve()


def require_site() -> Path:
    site = site_dir()
    if not (site / "index.html").is_file():
        pytest.fail(
            f"The book has not been built: no index.html in {site}. Build it first with\n"
            f"    cd {REPO} && .venv/bin/jupyter-book build . --keep-going\n"
            "or point NLLBOOK_SITE at a built html directory.",
            pytrace=False,
        )
    return site


def is_redirect(path: Path) -> bool:
    """Sphinx/Jupyter Book writes a bare meta-refresh page at the site root."""
    head = path.read_text(encoding="utf-8", errors="replace")[:500].lower()
    return 'http-equiv="refresh"' in head and "<body" not in head


def site_pages(site: Path | None = None) -> list[str]:
    """Every book page of the built site, as paths relative to the site root."""
    site = site or site_dir()
    if not site.is_dir():
        return []
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")) or rel in NON_BOOK_PAGES:
            continue
        if is_redirect(path):
            continue
        pages.append(rel)
    return pages


@pytest.fixture(scope="session")
def site() -> Path:
    return require_site()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Always revalidate: a rebuilt site must never be served from cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class GzipHandler(_QuietHandler):
    """Serves text files gzip-compressed when the client accepts it, as any
    real web server would; the compressed bytes are cached per file."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")
    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def end_headers(self) -> None:
        # Revalidate rather than "no-store", which would also keep pages out
        # of the back/forward cache that a real server lets them use.
        self.send_header("Cache-Control", "no-cache")
        http.server.SimpleHTTPRequestHandler.end_headers(self)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.COMPRESSIBLE):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Any:
    """Serve ``root`` on 127.0.0.1 (a free port) from a thread; returns the server."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 by a threaded http.server on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One Chromium for the whole session (system binary, no Playwright download):
    the headless shell if installed, else the browser."""
    executable = session_browser()
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable} (set NLLBOOK_CHROMIUM)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Guard:
    """What a guarded browser context saw: blocked requests and errors."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)
    #: Requests sent and not yet answered in full, nor failed.
    in_flight: set[Any] = field(default_factory=set, repr=False)

    def wait_until_answered(self, page: Any, timeout_ms: float = 20_000) -> None:
        """Wait until every request sent so far has been answered in full or has failed."""
        waited = 0
        while self.in_flight:
            if waited > timeout_ms:
                still = sorted(r.url for r in self.in_flight)
                raise AssertionError(f"requests unanswered after {timeout_ms} ms: {still}")
            # Playwright delivers the context's events while the page waits.
            page.wait_for_timeout(20)
            waited += 20

    def checkpoint(self) -> tuple[int, int]:
        """Mark a moment: :meth:`assert_clean` can then look only at what came after."""
        return len(self.console_errors), len(self.failed)

    def problems(self, since: tuple[int, int] = (0, 0)) -> list[str]:
        # Blocked requests are always reported, whenever they happened.
        out = [f"non-local request blocked: {u}" for u in self.blocked]
        out += [f"console error: {e}" for e in self.console_errors[since[0] :]]
        out += [f"local request failed: {f}" for f in self.failed[since[1] :]]
        return out

    def assert_clean(self, where: str, since: tuple[int, int] = (0, 0)) -> None:
        problems = self.problems(since)
        assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def guard(context: Any) -> Guard:
    """Block every request that is not to 127.0.0.1; record console errors.

    Routes are set on the context, so every page, frame and worker of it is
    covered, and every page opened in it afterwards reports its console. Call
    before opening pages.
    """
    g = Guard()

    def block(r: Any) -> None:
        g.blocked.append(r.request.url)
        r.abort("blockedbyclient")

    # Playwright matches a regular expression in its driver, so only the
    # requests to block come to Python: a glob for every URL would send each
    # request of the page here and back (a tenth of a page load).
    context.route(NOT_LOCAL, block)

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            g.console_errors.append(f"{msg.text} ({where})")

    def on_response(resp: Any) -> None:
        g.responses.append(resp)
        if resp.status >= 400 and urlsplit(resp.url).hostname in LOCAL_HOSTS:
            g.failed.append(f"{resp.status} {resp.url}")

    def on_failed(req: Any) -> None:
        g.in_flight.discard(req)
        # A request cut short because the page navigated away (the favicon,
        # say) is not a failure; a missing file shows up as a 404 above.
        if req.failure == "net::ERR_ABORTED":
            return
        if urlsplit(req.url).hostname in LOCAL_HOSTS:
            g.failed.append(f"{req.failure} {req.url}")

    def watch(p: Any) -> None:
        p.on("console", on_console)
        p.on("pageerror", lambda exc: g.console_errors.append(f"uncaught: {exc}"))

    context.on("page", watch)
    context.on("request", lambda req: g.in_flight.add(req))
    context.on("requestfinished", lambda req: g.in_flight.discard(req))
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    return g


@pytest.fixture(scope="session")
def visits(chromium: Any, site_url: str) -> Any:
    """Each page loaded once in a light-mode desktop browser, for the tests that
    only read it (see visits.py)."""
    from .visits import Visits

    return Visits(chromium, site_url)


@pytest.fixture(scope="session")
def shared_pages(chromium: Any, site_url: str) -> Iterator[Any]:
    """One open page per kind of screen, lent to one test after another (see
    shared_pages.py)."""
    from .shared_pages import SharedPages

    pages = SharedPages(chromium, site_url)
    try:
        yield pages
    finally:
        pages.close()


@pytest.fixture
def shared(shared_pages: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The shared pages, for one test; closed if the test fails."""
    yield shared_pages
    if request.node.stash.get(FAILED, False):
        shared_pages.close()


@pytest.fixture
def guarded(chromium: Any) -> Iterator[tuple[Any, Guard]]:
    """A fresh context and page, with the network guard and error recording on."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    g = guard(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page, g
    finally:
        context.close()
