"""The chapters in JupyterLab, as the README tells learners to use them.

JupyterLab runs on 127.0.0.1 with a random token and private config, data,
runtime and workspace directories. Each chapter (a copy, so that nothing is
written back into the repository) opens with the Jupytext Notebook viewer,
set as the default viewer for Markdown through
``labconfig/default_setting_overrides.json``, the same as "Open With →
Jupytext Notebook".

For every chapter of _toc.yml that displays an explorer, one server for all:

- opening it, and its kernel connecting, does not mark it modified;
- after Run All (from the Run menu) the prose reads as on the site: every
  {eval} number shows the text the site build computed (here computed by
  JupyterLab's kernel), no raw markup is left, solutions are folded, and the
  code the site hides is folded;
- every explorer the chapter displays comes to life as the anywidget view
  (``[data-explorer][data-ready="1"]``, with ``root.nbx``), in the chapter's
  order, once per cell and with no static figure or text/html copy beside it;
- each shows nllbook's numbers at the state the kernel gave it (the
  defaults), checked through the DOM contract by
  :func:`tests.browser.test_explorers.check_state`, and again after Home,
  ArrowRight, End and ArrowLeft (in ``DEFAULT_CHAPTER`` also ArrowDown and
  ArrowUp) on each of its range inputs, each key taking the value to its end
  or at least one step on; the figure's label follows, and the state stays
  put once the kernel has answered;
- saving then leaves the file byte for byte as it was;
- no request leaves 127.0.0.1 and no error goes uncaught.

Then the kernel side, on a scratch notebook with the explorer of
``DEFAULT_CHAPTER``: a learner's code sets the view's state (``ex.p = 0.5``)
and the view shows nllbook's numbers for it; the slider moved by keyboard,
``ex.p`` and ``ex.values()`` in the kernel follow it.

The chapters are opened one after another from the file browser of one
JupyterLab window, as a learner does; after each its tabs are closed and its
kernel is shut down, so that no more than one runs.

Run with ``pytest -m jupyterlab tests/browser/test_jupyterlab.py``.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jupytext
import pytest
import yaml

from nllbook_pages.explorer import Control, Explorer

from .conftest import REPO, Guard, guard
from .test_explorers import check_state

pytestmark = pytest.mark.jupyterlab

DEFAULT_CHAPTER = "book/negative.md"
STARTUP_TIMEOUT = 90  # seconds for the server to answer
KERNEL_TIMEOUT = int(
    os.environ.get("NLLBOOK_KERNEL_TIMEOUT", 120_000)
)  # ms for Run All to produce the widgets
UPDATE_TIMEOUT = 20  # seconds for a view to follow a key press or the kernel
#: Keys pressed on every range input of every explorer, each moving it; in
#: DEFAULT_CHAPTER the vertical arrows too (a range input takes all four).
KEYS = ("Home", "ArrowRight", "End", "ArrowLeft")
THOROUGH_KEYS = (*KEYS, "ArrowDown", "ArrowUp")

# Settings every test server starts with: the Jupytext viewer for Markdown,
# no autosave (the copy is never written back anyway), no news or update
# checks (they would reach the internet).
SETTING_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook"},
        "autosave": False,
    },
    # Every cell drawn, not only those near the viewport, so that a widget
    # far down a chapter is there to be read.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


# True once some code cell is running or has run. A folded cell shows no
# input prompt, so output prompts count too.
RAN_JS = """() => Array.from(document.querySelectorAll(
    '.jp-CodeCell .jp-InputPrompt, .jp-CodeCell .jp-OutputPrompt'))
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
# True once no cell is queued or running.
IDLE_JS = """() => !Array.from(document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt'))
  .some(p => p.textContent.includes('*'))"""

#: A code cell whose last line displays an explorer: ``module.name_explorer()``.
DISPLAYED = re.compile(r"^(\w+)\.(\w+_explorer)\(\)$")


def displayed_explorers(path: Path) -> list[tuple[str, str]]:
    """(page module, factory) of each explorer the chapter's code cells display, in order."""
    nb = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
    out = []
    for cell in nb.cells:
        lines = [ln.strip() for ln in cell.source.splitlines() if ln.strip()]
        if cell.cell_type == "code" and lines and (m := DISPLAYED.match(lines[-1])):
            out.append((m.group(1), m.group(2)))
    return out


def make_explorer(module: str, factory: str) -> Explorer:
    ex = getattr(importlib.import_module(f"nllbook_pages.{module}"), factory)()
    assert isinstance(ex, Explorer), f"nllbook_pages.{module}.{factory}() is not an Explorer"
    return ex


def lab_chapters() -> list[Path]:
    """The chapters of _toc.yml (and the landing page) that display an explorer."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"], *(e["file"] for e in toc.get("chapters", []))]
    return [p for f in files if (p := REPO / f"{f}.md").is_file() and displayed_explorers(p)]


LAB_CHAPTERS = lab_chapters()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Lab:
    url: str
    token: str
    root: Path


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab server on 127.0.0.1, with the chapter copied into its root."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root, cfg = base / "root", base / "config"
    for d in (root, cfg / "labconfig", base / "data", base / "runtime", base / "workspaces"):
        d.mkdir(parents=True)
    (cfg / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(SETTING_OVERRIDES), encoding="utf-8"
    )
    # The chapters in a folder as in the book, with its bibliography: what
    # their citations and references name is read from there.
    for source in [*(REPO / "book").glob("*.md"), REPO / "book" / "references.bib"]:
        shutil.copy(source, root / source.name)

    port, token = free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(cfg),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "MPLCONFIGDIR": str(base / "matplotlib"),
    }
    jupyter = Path(sys.executable).with_name("jupyter")
    log = (base / "server.log").open("wb")
    cmd = [
        str(jupyter), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabServerApp.workspaces_dir={base / 'workspaces'}",
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited:\n{(base / 'server.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start in {STARTUP_TIMEOUT} s")
                time.sleep(0.3)
        yield Lab(url, token, root)
    finally:
        # SIGTERM lets the server shut its kernels down; then make sure that
        # nothing of the process group we started is left.
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()


def shut_down_kernels(lab: Lab) -> None:
    """Stop every kernel of the server (one notebook's kernel at a time runs)."""
    with urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}", timeout=10) as r:
        kernels = json.load(r)
    for k in kernels:
        req = urllib.request.Request(
            f"{lab.url}/api/kernels/{k['id']}?token={lab.token}", method="DELETE"
        )
        urllib.request.urlopen(req, timeout=30).close()


def open_notebook(context: Any, lab: Lab, name: str) -> Any:
    """Open ``name`` (in the server's root) as a notebook; wait for its kernel."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    # A workspace of its own per notebook: the default workspace would
    # reopen the previous one, whose kernel has been shut down.
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?token={lab.token}")
    wait_until_open(page, name)
    return page


def wait_until_open(page: Any, name: str) -> None:
    """Wait until ``name`` shows its cells as a notebook and its kernel is idle."""
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    # The file's cells, not the one empty cell a notebook shows until its
    # content has arrived (its model is marked modified until then).
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length > 1"
    )
    # The Jupytext viewer, not the Markdown editor, opened a chapter.
    assert page.locator(".jp-NotebookPanel").count() == 1, f"{name} did not open as a notebook"
    page.wait_for_selector(
        ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
        timeout=KERNEL_TIMEOUT,
    )


class LabWindow:
    """One JupyterLab window in which the chapters are opened one after another
    from the file browser, as a learner does (loading JupyterLab itself takes
    longer than opening a chapter). After a failure the window is closed and
    the next chapter gets a new one."""

    def __init__(self, chromium: Any, lab: Lab) -> None:
        self._chromium, self._lab = chromium, lab
        self.context: Any = None

    def open(self, name: str) -> tuple[Any, Guard]:
        """Open chapter ``name``: the window's page and its guard."""
        if self.context is None:
            self.context = self._chromium.new_context(viewport={"width": 1400, "height": 1000})
            self.guard = guard(self.context)
            self.page = self.context.new_page()
            self.page.set_default_timeout(60_000)
            lab = self._lab
            self.page.goto(f"{lab.url}/lab/workspaces/chapters?reset&token={lab.token}")
        listed = self.page.locator(".jp-DirListing-content .jp-DirListing-item").filter(
            has=self.page.locator(
                ".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$")
            )
        )
        listed.dblclick()
        wait_until_open(self.page, name)
        return self.page, self.guard

    def close_tabs(self) -> None:
        """Close every tab (the chapter was saved, so nothing asks)."""
        self.page.get_by_role("menuitem", name="File", exact=True).click()
        self.page.get_by_role("menuitem", name="Close All Tabs", exact=True).click()
        self.page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')")

    def discard(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture(scope="session")
def lab_window(chromium: Any, lab: Lab) -> Iterator[LabWindow]:
    window = LabWindow(chromium, lab)
    try:
        yield window
    finally:
        window.discard()


def run_all(page: Any, g: Guard) -> None:
    """Run All from the Run menu, then wait until no cell is queued or running."""
    # Run All acts on the notebook that has focus. While the new kernel is
    # still connecting, the command can be accepted and yet run nothing; so
    # it is repeated until a cell shows an execution count.
    for attempt in range(4):
        # A Run All sent before the kernel connected can leave JupyterLab
        # asking which kernel to start; a learner keeps the one it offers.
        choose = page.locator(".jp-Dialog", has_text="Select Kernel")
        if choose.count():
            choose.get_by_role("button", name="Select", exact=True).click()
            choose.wait_for(state="detached")
            page.wait_for_selector(
                ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
                timeout=KERNEL_TIMEOUT,
            )
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(RAN_JS, timeout=15_000)
            # A Run All issued while the kernel was still connecting makes
            # jupyterlab-myst report, for the prose cells it met, that the
            # session had no kernel yet; the retry then runs them.
            early = [e for e in g.console_errors if "Session has no kernel" in e]
            for e in early if attempt else []:
                g.console_errors.remove(e)
            break
        except Exception:
            if attempt == 3:
                raise
            print(f"Run All ran no cell (attempt {attempt + 1}); trying again")
    page.wait_for_function(IDLE_JS, timeout=KERNEL_TIMEOUT)


def check_clean(g: Guard, since: int = 0) -> None:
    """No request left 127.0.0.1, and no error went uncaught (since console error ``since``)."""
    assert not g.blocked, f"non-local requests from JupyterLab: {g.blocked}"
    errors = g.console_errors[since:]
    uncaught = [e for e in errors if e.startswith("uncaught")]
    assert not uncaught, f"uncaught errors in JupyterLab: {uncaught}"
    if errors:
        print("JupyterLab console errors:\n  " + "\n  ".join(errors))


def report_failure(context: Any, g: Guard) -> None:
    """What the learner would have seen, and what the browser said."""
    shot = Path(os.environ.get("NLLBOOK_LAB_SHOT", "/tmp/nllbook-jupyterlab-failure.png"))
    try:
        context.pages[0].screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
    except Exception as exc:  # the page may be gone
        print(f"no screenshot: {exc}")
    print("console errors:\n  " + "\n  ".join(g.console_errors))


# What the prose looks like in JupyterLab: the text of every rendered
# markdown cell, the inline code left in it, its folded solutions, the
# folded code cells, and for each explorer's markup what shows it and what
# its cell and the cell above it show.
READ_NOTEBOOK_JS = """() => {
  const md = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-MarkdownCell'));
  const rendered = md.map(c => c.querySelector('.myst')).filter(Boolean);
  const roots = Array.from(document.querySelectorAll('.jp-NotebookPanel [data-explorer]'));
  return {
    markdownCells: md.length,
    renderedCells: rendered.length,
    text: rendered.map(r => r.textContent).join(' '),
    code: rendered.flatMap(r => Array.from(r.querySelectorAll('code')).map(c => c.textContent)),
    details: rendered.flatMap(r => Array.from(r.querySelectorAll('details')).map(d => ({
      open: d.open, summary: (d.querySelector('summary') || {}).textContent || '',
    }))),
    folded: Array.from(document.querySelectorAll(
      '.jp-NotebookPanel .jp-CodeCell')).map(c => !!c.querySelector('.jp-InputPlaceholder')),
    explorers: roots.map(root => {
      const cell = root.closest('.jp-Cell');
      const above = cell.previousElementSibling;
      const output = root.closest('.jp-OutputArea-output');
      return {
        key: root.dataset.explorer,
        ready: root.dataset.ready === '1',
        live: !!root.nbx,
        // The text/html fallback is rendered by JupyterLab's HTML renderer,
        // which names its MIME type; the widget view does not.
        html: !!root.closest('.jp-RenderedHTMLCommon, [data-mime-type]'),
        inOutput: !!output,
        spec: !!root.querySelector('script.nbx-spec'),
        inCell: cell.querySelectorAll('[data-explorer]').length,
        outputs: cell.querySelectorAll('.jp-OutputArea-output').length,
        ownImages: cell.querySelectorAll(
          '.jp-OutputArea-output img, .jp-OutputArea-output svg:not(.nbx-svg)').length,
        aboveIsCode: !!above && above.classList.contains('jp-CodeCell'),
        aboveImages: above ? above.querySelectorAll('.jp-OutputArea img').length : 0,
      };
    }),
  };
}"""


RAW_MARKUP = ("{glue", "{eval}", "{doc}", "{cite}", "{ref}", "{screen}", "{print}", ":::", "```")


def keys_and_labels() -> set[str]:
    """The bibliography's keys and the book's labels: what a citation or a
    reference would show if nothing resolved it."""
    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.M))
    labels = {
        m
        for p in (REPO / "book").glob("*.md")
        for m in re.findall(r"^\(([^)\s]+)\)=\s*$", p.read_text(encoding="utf-8"), re.M)
    }
    return keys | labels


EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")


def build_evaluations(chapter: Path) -> dict[str, Any]:
    """What the site build's kernel gave for each {eval} of the chapter."""
    build = Path(os.environ.get("NLLBOOK_BUILD", REPO / "_build"))
    path = build / ".nllbook-evals" / f"book__{chapter.stem}.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book first (bash scripts/build-book)")
    return dict(json.loads(path.read_text(encoding="utf-8"))["expressions"])


def check_the_chapter_reads_well(page: Any, chapter: Path) -> None:
    """Numbers as numbers, no raw markup, solutions and setup code folded."""
    source = chapter.read_text(encoding="utf-8")
    nb = jupytext.reads(source, fmt="md:myst")
    want_folded = [
        bool(c.metadata.get("jupyter", {}).get("source_hidden"))
        for c in nb.cells
        if c.cell_type == "code"
    ]
    # The prose's numbers, as text: the site build computed the same ones.
    expected = {
        expr: str(ast.literal_eval(r["text"]) if r["text"][:1] in "'\"" else r["text"])
        for expr, r in build_evaluations(chapter).items()
        if expr in EVAL_ROLE.findall(source)
    }
    deadline = time.monotonic() + UPDATE_TIMEOUT
    while True:
        got = page.evaluate(READ_NOTEBOOK_JS)
        missing = [e for e, text in expected.items() if text not in got["text"]]
        if not missing or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    name = chapter.name
    assert got["renderedCells"] == got["markdownCells"], f"{name}: markdown cells not rendered"
    assert not missing, f"{name}: {len(missing)} numbers not shown, e.g. {missing[:3]}"
    unevaluated = sorted(set(got["code"]) & set(expected))
    assert not unevaluated, f"{name}: expressions shown as code: {unevaluated[:3]}"
    raw = [m for m in RAW_MARKUP if m in got["text"]]
    assert not raw, f"{name}: raw markup {raw} in the rendered prose"
    # Citations read as author and year, references as their section's title:
    # no key or label is shown (but a label that is a word of the prose).
    prose = re.sub(r"\{\w+\}`[^`]*`|^\([^)\s]+\)=\s*$", "", source, flags=re.M)
    shown = set(re.findall(r"[\w-]+", got["text"])) - set(re.findall(r"[\w-]+", prose))
    leaked = sorted(keys_and_labels() & shown)
    assert not leaked, f"{name}: keys or labels shown in the rendered prose: {leaked}"
    dropdowns = len(re.findall(r"^:class: dropdown$", source, flags=re.M))
    assert len(got["details"]) == dropdowns, f"{name}: {got['details']} vs {dropdowns}"
    assert not [d for d in got["details"] if d["open"]], f"{name}: a solution is open"
    assert got["folded"] == want_folded, f"{name}: folded code cells {got['folded']}"
    assert want_folded[0], f"{name}: the setup cell is not folded"


def same_number(shown: float, want: float) -> bool:
    if math.isinf(shown) or math.isinf(want):
        return shown == want
    return math.isclose(shown, want, rel_tol=1e-12, abs_tol=0.0)


def check_explorers_are_live(page: Any, name: str, want: list[str]) -> None:
    """Every explorer the notebook displays comes to life, in order, as the
    anywidget view: not its text/html fallback (markup without a spec, which
    nothing brings to life), and with no static copy beside it."""
    try:
        page.wait_for_function(
            "n => document.querySelectorAll("
            "'.jp-NotebookPanel [data-explorer][data-ready=\"1\"]').length >= n",
            arg=len(want),
            timeout=KERNEL_TIMEOUT,
        )
    except Exception:
        pass  # what is missing is said below
    got = page.evaluate(READ_NOTEBOOK_JS)["explorers"]
    keys = [e["key"] for e in got]
    assert keys == want, f"{name}: explorers {keys} in the notebook, expected {want}"
    for i, e in enumerate(got):
        where = f"{name}, explorer {i} ({e['key']!r})"
        assert e["ready"] and e["live"], f"{where} did not come to life: {e}"
        assert e["inOutput"] and not e["html"], f"{where} is not shown as the widget view: {e}"
        assert not e["spec"], f"{where} carries the site's spec"
        assert e["inCell"] == 1 and e["outputs"] == 1, (
            f"{where}: {e['inCell']} explorers in {e['outputs']} outputs of its cell"
        )
        assert not e["ownImages"], f"{where} also shows a static figure"
        assert not (e["aboveIsCode"] and e["aboveImages"]), (
            f"{where}: a figure right above it (a static twin?)"
        )


STATE_JS = "root => root.nbx.state()"
LABEL_JS = "root => root.querySelector('svg.nbx-svg').getAttribute('aria-label')"
FOCUS_JS = """root => {
  const a = document.activeElement;
  const what = a ? [a.tagName.toLowerCase(), ...a.classList].join('.') : 'nothing';
  return root.contains(a) ? `${what} in the explorer` : `${what}, outside the explorer`;
}"""


def settle(
    page: Any, root: Any, ex: Explorer, ok: Callable[[dict[str, float]], bool], where: str
) -> dict[str, float]:
    """Wait until the view's state passes ``ok`` and everything the view shows
    agrees with nllbook at that state (check_state); return the state."""
    deadline = time.monotonic() + UPDATE_TIMEOUT
    while True:
        state = {k: float(v) for k, v in root.evaluate(STATE_JS).items()}
        if ok(state):
            try:
                return check_state(root, ex, where)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
        elif time.monotonic() > deadline:
            focus = root.evaluate(FOCUS_JS)
            pytest.fail(f"{where}: the view stays at {state}; the keyboard focus is on {focus}")
        page.wait_for_timeout(50)


def moved_by(c: Control, key: str, before: dict[str, float]) -> Callable[[dict[str, float]], bool]:
    """Whether a state is where ``key`` on the range input of ``c`` leads from
    ``before``: an end for Home and End, a larger or smaller value for the
    arrows (the same value at that end already), every other control as it was."""

    def ok(after: dict[str, float]) -> bool:
        if any(after[k] != v for k, v in before.items() if k != c.name):
            return False
        was, now = before[c.name], after[c.name]
        if key == "Home":
            return now == c.min
        if key == "End":
            return now == c.max
        if key in ("ArrowRight", "ArrowUp"):
            return now > was if was < c.max else now == was
        return now < was if was > c.min else now == was

    return ok


def follow_the_keyboard(
    page: Any, root: Any, ex: Explorer, where: str, keys: tuple[str, ...] = KEYS
) -> int:
    """nllbook's numbers as run, then after each of ``keys`` on each range input."""
    state = settle(page, root, ex, lambda s: s == ex.defaults, f"{where} as run (the defaults)")
    labels = {root.evaluate(LABEL_JS)}
    moves = 0
    inputs = root.locator("input[type=range]")
    assert inputs.count() == len(ex.controls), f"{where}: {inputs.count()} range inputs"
    for i, c in enumerate(ex.controls):
        for key in keys:
            before = state
            inputs.nth(i).focus()
            page.keyboard.press(key)
            state = settle(
                page,
                root,
                ex,
                moved_by(c, key, before),
                f"{where}: {c.name} = {before[c.name]}, {key}",
            )
            labels.add(root.evaluate(LABEL_JS))
            moves += 1
    # The kernel has heard every move by now; its answers leave the view be.
    page.wait_for_timeout(500)
    last = state
    settle(page, root, ex, lambda s: s == last, f"{where}, once the kernel answered")
    assert len(labels) > 1, f"{where}: the figure's label never changed: {labels}"
    return moves


@pytest.mark.parametrize("chapter", [p.name for p in LAB_CHAPTERS])
def test_chapter_reads_well_and_explorers_follow_the_keyboard(
    lab_window: LabWindow, lab: Lab, chapter: str
) -> None:
    source = next(p for p in LAB_CHAPTERS if p.name == chapter)
    thorough = chapter == Path(DEFAULT_CHAPTER).name
    explorers = [make_explorer(m, f) for m, f in displayed_explorers(source)]
    try:
        page, g = lab_window.open(chapter)
        since = len(g.console_errors)
        # Opening the chapter and connecting its kernel changed nothing. While
        # a chapter loads, its tab can show the modified mark for a moment (on
        # a busy machine, for a second or more) and then clear it: wait for
        # that, and fail only on a mark that stays.
        page.wait_for_timeout(500)
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", timeout=5_000
            )
        dirty = page.locator(".lm-TabBar-tab.jp-mod-dirty").count()
        assert dirty == 0, f"{chapter} is marked modified as soon as it opens"
        run_all(page, g)
        if chapter != "index.md":  # the site's front page, with a sphinx-design button
            check_the_chapter_reads_well(page, source)
        check_explorers_are_live(page, chapter, [ex.key for ex in explorers])
        roots = page.locator(".jp-NotebookPanel [data-explorer]")
        moves = 0
        for k, ex in enumerate(explorers):
            root = roots.nth(k)
            root.scroll_into_view_if_needed()
            where = f"{chapter}, explorer {ex.key!r}"
            moves += follow_the_keyboard(page, root, ex, where, THOROUGH_KEYS if thorough else KEYS)
        assert moves, "no slider was moved"
        # Saving after Run All and the slider moves leaves the file as it was.
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", timeout=20_000
        )
        saved = (lab.root / chapter).read_bytes()
        assert saved == source.read_bytes(), f"saving changed {chapter}"
        check_clean(g, since)
        lab_window.close_tabs()
    except BaseException:
        if lab_window.context is not None:
            report_failure(lab_window.context, lab_window.guard)
        lab_window.discard()
        raise
    finally:
        shut_down_kernels(lab)


# -- the kernel side -------------------------------------------------------------------------

SCRATCH = "kernel-side.ipynb"


def run_cell(page: Any, k: int) -> None:
    """Run code cell ``k`` by Ctrl+Enter in its editor; wait for its new execution count."""
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell").nth(k)
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "([p, before]) => /\\[\\d+\\]/.test(p.textContent) && p.textContent !== before",
        arg=[prompt.element_handle(), before],
        timeout=UPDATE_TIMEOUT * 1000,
    )


def printed(page: Any, k: int) -> dict[str, Any]:
    """The JSON line code cell ``k`` printed."""
    text = page.locator(".jp-NotebookPanel .jp-CodeCell").nth(k).locator(".jp-OutputArea")
    lines = [ln for ln in text.inner_text().splitlines() if ln.startswith("{")]
    assert lines, f"cell {k} printed no JSON: {text.inner_text()!r}"
    return dict(json.loads(lines[-1]))


def check_printed(got: dict[str, Any], ex: Explorer, state: dict[str, float], where: str) -> None:
    """What the kernel printed is the page's state and nllbook's numbers there."""
    name = ex.controls[0].name
    assert got[name] == state[name], (
        f"{where}: the kernel says ex.{name} = {got[name]!r}, the page shows {state[name]!r}"
    )
    numbers = ex.numbers(**state)
    for r in ex.readouts:
        shown, want = got["values"][r.name], numbers[r.name]
        ok = shown == want if isinstance(want, str) else same_number(float(shown), float(want))
        assert ok, f"{where}: ex.values()[{r.name!r}] = {shown!r}, nllbook {want!r}"


def test_kernel_sets_and_reads_the_explorer(chromium: Any, lab: Lab) -> None:
    """In a learner's own notebook: ``ex.p = 0.5`` moves the view to nllbook's
    numbers for 0.5; after keyboard moves, ``ex.p`` and ``ex.values()`` in
    the kernel are what the view shows."""
    import nbformat

    module, factory = displayed_explorers(REPO / DEFAULT_CHAPTER)[0]
    ex = make_explorer(module, factory)
    c = ex.controls[0]
    target = c.value_at(round(c.steps / 2))  # 0.5 for the nll explorer's p
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"from nllbook_pages import {module}\n\nex = {module}.{factory}()\nex"
        ),
        nbformat.v4.new_code_cell(f"ex.{c.name} = {target!r}"),
        nbformat.v4.new_code_cell(
            "import json\n\n"
            f"print(json.dumps({{{c.name!r}: ex.{c.name}, 'values': ex.values()}}, default=repr))"
        ),
    ]
    nbformat.write(nb, str(lab.root / SCRATCH))
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    g: Guard = guard(context)
    try:
        page = open_notebook(context, lab, SCRATCH)
        run_all(page, g)
        check_explorers_are_live(page, SCRATCH, [ex.key])
        root = page.locator(".jp-NotebookPanel [data-explorer]").first
        want = {**ex.defaults, c.name: target}
        where = f"{SCRATCH}: after ex.{c.name} = {target!r}"
        state = settle(page, root, ex, lambda s: s == want, where)
        check_printed(printed(page, 2), ex, state, where)

        # Keys pressed in a row, each move sent to the kernel without waiting.
        root.locator("input[type=range]").first.focus()
        for key in ("End", "ArrowLeft", "ArrowLeft"):
            page.keyboard.press(key)
        moved = {**want, c.name: c.value_at(c.steps - 2)}
        where = f"{SCRATCH}: after End, ArrowLeft, ArrowLeft"
        state = settle(page, root, ex, lambda s: s == moved, where)
        page.wait_for_timeout(500)
        state = settle(page, root, ex, lambda s: s == moved, f"{where}, once the kernel answered")
        run_cell(page, 2)
        check_printed(printed(page, 2), ex, state, f"{where}, printed by the kernel")
        check_clean(g)
    except BaseException:
        report_failure(context, g)
        raise
    finally:
        context.close()
        shut_down_kernels(lab)
