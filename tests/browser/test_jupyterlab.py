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
  JupyterLab's kernel), no raw markup is left, solutions are folded, the
  code the site hides is folded, and no static figure doubles an explorer;
- each live explorer's sliders, moved by keyboard, show nllbook's numbers
  for the new value: in ``book/04_negative.md`` every slider of every
  explorer makes four moves, in the others the first explorer's first
  slider goes to both ends, and two-slider explorers visit every corner;
- saving then leaves the file byte for byte as it was.

After each chapter its kernel is shut down, so that no more than one runs.

Run with ``pytest -m jupyterlab tests/browser/test_jupyterlab.py``.
"""

from __future__ import annotations

import ast
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from nllbook._explorer import Explorer, fmt_number
from nllbook.widgets import all_explorers

from .conftest import REPO, Guard, guard

pytestmark = pytest.mark.jupyterlab

DEFAULT_CHAPTER = "book/04_negative.md"
STARTUP_TIMEOUT = 90  # seconds for the server to answer
KERNEL_TIMEOUT = int(
    os.environ.get("NLLBOOK_KERNEL_TIMEOUT", 120_000)
)  # ms for Run All to produce the widgets
UPDATE_TIMEOUT = 20  # seconds for the kernel to answer a slider move

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


def shows_explorer(path: Path) -> bool:
    """Whether a chapter's code cells display an explorer."""
    text = path.read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S)
    return any(re.search(r"\b\w+_explorer\(\)", c) for c in cells)


def lab_chapters() -> list[Path]:
    """The chapters of _toc.yml (and the landing page) that display an explorer."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"], *(e["file"] for e in toc.get("chapters", []))]
    return [p for f in files if (p := REPO / f"{f}.md").is_file() and shows_explorer(p)]


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


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab server on 127.0.0.1, with the chapter copied into its root."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root, cfg = base / "root", base / "config"
    for d in (root, cfg / "labconfig", base / "data", base / "runtime", base / "workspaces"):
        d.mkdir(parents=True)
    (cfg / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(SETTING_OVERRIDES), encoding="utf-8"
    )
    for chapter in LAB_CHAPTERS:
        shutil.copy(chapter, root / chapter.name)

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


def explorer_by_title(title: str) -> Explorer:
    matches = [ex for ex in (f() for f in all_explorers().values()) if ex.title == title]
    assert len(matches) == 1, f"live widget titled {title!r}: {len(matches)} explorers match"
    return matches[0]


READ_BOX_JS = """box => {
  const handles = Array.from(box.querySelectorAll('.noUi-handle'));
  const html = Array.from(box.querySelectorAll('.widget-html-content'));
  const text = html.find(h => h.querySelector('.nllbook-q'));
  const fig = html.find(h => h.querySelector('svg'));
  return {
    positions: handles.map(h => h.getAttribute('aria-valuenow')),
    readouts: Array.from(box.querySelectorAll('.widget-readout')).map(r => r.textContent.trim()),
    spans: text ? Array.from(text.querySelectorAll('.nllbook-q')).map(s => ({
      q: s.dataset.q, value: s.dataset.value, fmt: s.dataset.fmt, text: s.textContent,
    })) : [],
    text: text ? text.innerHTML : '',
    figure: fig ? fig.innerHTML : '',
  };
}"""


def same_number(shown: float, want: float) -> bool:
    if math.isinf(shown) or math.isinf(want):
        return shown == want
    return math.isclose(shown, want, rel_tol=1e-12, abs_tol=0.0)


def mismatches(got: dict[str, Any], ex: Explorer, index: list[int]) -> list[str]:
    """What differs between the widget and nllbook at these slider positions."""
    vals = {s.name: s.values[i] for s, i in zip(ex.sliders, index, strict=True)}
    numbers = ex.numbers(**vals)
    out = []
    want_pos = [f"{float(i):.1f}" for i in index]
    if [f"{float(p):.1f}" for p in got["positions"]] != want_pos:
        out.append(f"handle positions {got['positions']}, expected {want_pos}")
    labels = [s.label_of(vals[s.name]) for s in ex.sliders]
    if got["readouts"] != labels:
        out.append(f"readouts {got['readouts']}, expected {labels}")
    if not got["spans"]:
        out.append("no .nllbook-q number in the widget's text")
    for span in got["spans"]:
        name = span["q"]
        if name not in numbers:
            out.append(f"{name!r} is not one of nllbook's numbers {sorted(numbers)}")
        elif not same_number(float(span["value"]), numbers[name]):
            out.append(f"{name} = {span['value']}, nllbook gives {numbers[name]!r}")
        elif span["text"] != fmt_number(numbers[name], span["fmt"]):
            out.append(
                f"{name} shows {span['text']!r}, "
                f"expected {fmt_number(numbers[name], span['fmt'])!r}"
            )
    return out


def shut_down_kernels(lab: Lab) -> None:
    """Stop every kernel of the server (one chapter's kernel at a time runs)."""
    with urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}", timeout=10) as r:
        kernels = json.load(r)
    for k in kernels:
        req = urllib.request.Request(
            f"{lab.url}/api/kernels/{k['id']}?token={lab.token}", method="DELETE"
        )
        urllib.request.urlopen(req, timeout=30).close()


FOUR_KEYS = ("Home", "ArrowRight", "End", "ArrowLeft")


def corner_and_centre_keys(sizes: list[int]) -> list[tuple[int, str]]:
    """(slider, key) presses that visit every corner of a grid, then its centre."""
    corners = [
        [(n - 1) * ((c >> i) & 1) for i, n in enumerate(sizes)] for c in range(2 ** len(sizes))
    ]
    out: list[tuple[int, str]] = []
    for setting in [*corners, [(n - 1) // 2 for n in sizes]]:
        for i, target in enumerate(setting):
            if target == sizes[i] - 1:
                out.append((i, "End"))
            else:
                out += [(i, "Home")] + [(i, "ArrowRight")] * target
    return out


def press_and_check(
    page: Any,
    box: Any,
    ex: Explorer,
    index: list[int],
    got: dict[str, Any],
    i: int,
    key: str,
    where: str,
) -> dict[str, Any]:
    """Press ``key`` on slider ``i`` of a live box; the box must then show the
    setting ``index`` (updated in place). Returns what the box shows."""
    n = len(ex.sliders[i].values)
    before = got
    box.locator(".noUi-handle").nth(i).focus()
    page.keyboard.press(key)
    index[i] = {"Home": 0, "End": n - 1}.get(key, index[i])
    if key == "ArrowRight":
        index[i] = min(n - 1, index[i] + 1)
    elif key == "ArrowLeft":
        index[i] = max(0, index[i] - 1)
    deadline = time.monotonic() + UPDATE_TIMEOUT
    while True:
        got = box.evaluate(READ_BOX_JS)
        problems = mismatches(got, ex, index)
        # Two settings can share their numbers (class 1 and class 4 of the
        # start): wait for the text as well.
        moved = before["positions"] != got["positions"]
        settled = not moved or got["text"] != before["text"]
        if (not problems and settled) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert not problems, f"{where}: {problems}"
    if before["positions"] != got["positions"]:
        assert got["text"] != before["text"], f"{where}: the text did not change"
        assert got["figure"] != before["figure"], f"{where}: the figure did not change"
    return got


# What the prose looks like in JupyterLab: the text of every rendered
# markdown cell, the inline code left in it, its folded solutions, the
# folded code cells, and for each live explorer what its cell and the cell
# above it show.
READ_NOTEBOOK_JS = """() => {
  const md = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-MarkdownCell'));
  const rendered = md.map(c => c.querySelector('.myst')).filter(Boolean);
  const live = Array.from(document.querySelectorAll('.jp-NotebookPanel .nllbook-live'));
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
    explorers: live.map(box => {
      const cell = box.closest('.jp-Cell');
      const above = cell.previousElementSibling;
      return {
        ownImages: cell.querySelectorAll('.jp-OutputArea img, .nllbook-player').length,
        aboveIsCode: !!above && above.classList.contains('jp-CodeCell'),
        aboveImages: above ? above.querySelectorAll('.jp-OutputArea img').length : 0,
      };
    }),
  };
}"""
RAW_MARKUP = ("{glue", "{eval}", "{doc}", "{cite}", "{ref}", ":::", "```")
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")


def build_evaluations(chapter: Path) -> dict[str, Any]:
    """What the site build's kernel gave for each {eval} of the chapter."""
    build = Path(os.environ.get("NLLBOOK_BUILD", REPO / "_build"))
    path = build / ".nllbook-evals" / f"book__{chapter.stem}.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book first (bash scripts/build-book)")
    return dict(json.loads(path.read_text(encoding="utf-8"))["expressions"])


def check_the_chapter_reads_well(page: Any, chapter: Path) -> None:
    """Numbers as numbers, no raw markup, solutions and setup code folded,
    no static copy of an explorer's figure."""
    import jupytext

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
    dropdowns = len(re.findall(r"^:class: dropdown$", source, flags=re.M))
    assert len(got["details"]) == dropdowns, f"{name}: {got['details']} vs {dropdowns}"
    assert not [d for d in got["details"] if d["open"]], f"{name}: a solution is open"
    assert got["folded"] == want_folded, f"{name}: folded code cells {got['folded']}"
    assert want_folded[0], f"{name}: the setup cell is not folded"
    for i, ex in enumerate(got["explorers"]):
        assert not ex["ownImages"], f"{name}: explorer {i} also shows a static figure"
        assert not (ex["aboveIsCode"] and ex["aboveImages"]), (
            f"{name}: a figure right above explorer {i} (a static twin?)"
        )


@pytest.mark.parametrize("chapter", [p.name for p in LAB_CHAPTERS])
def test_chapter_widgets_follow_the_keyboard(chromium: Any, lab: Lab, chapter: str) -> None:
    thorough = chapter == Path(DEFAULT_CHAPTER).name
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    g: Guard = guard(context)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        # A workspace of its own per chapter: the default workspace would
        # reopen the previous chapter, whose kernel has been shut down.
        workspace = Path(chapter).stem.replace("_", "-")
        page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{chapter}?token={lab.token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        # The Jupytext viewer, not the Markdown editor, opened the chapter.
        assert page.locator(".jp-NotebookPanel").count() == 1, (
            "the chapter did not open as a notebook"
        )
        # Run All acts on the notebook that has focus. While the new kernel
        # is still connecting, the command can be accepted and yet run
        # nothing; so it is repeated until a cell shows an execution count.
        page.wait_for_selector(
            ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
            timeout=KERNEL_TIMEOUT,
        )
        # Opening the chapter and connecting its kernel changed nothing.
        page.wait_for_timeout(500)
        dirty = page.locator(".lm-TabBar-tab.jp-mod-dirty").count()
        assert dirty == 0, f"{chapter} is marked modified as soon as it opens"
        for attempt in range(4):
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
        page.wait_for_selector(".nllbook-live .noUi-handle", timeout=KERNEL_TIMEOUT)
        page.wait_for_selector(".nllbook-live .nllbook-q", timeout=KERNEL_TIMEOUT)
        # Let Run All finish, so that no cell is still executing.
        page.wait_for_function(
            "() => !Array.from(document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt'))"
            ".some(p => p.textContent.includes('*'))",
            timeout=KERNEL_TIMEOUT,
        )
        if chapter != "index.md":  # the site's front page, with a sphinx-design button
            check_the_chapter_reads_well(page, REPO / "book" / chapter)
        boxes = page.locator(".nllbook-live")
        assert boxes.count() >= 1
        moves = 0
        two_sliders: list[str] = []
        for b in range(boxes.count()):
            box = boxes.nth(b)
            box.scroll_into_view_if_needed()
            # The widgets' HTML fills in after the kernel is idle: wait for the title.
            first = box.locator(".widget-html-content").first
            first.element_handle().wait_for_element_state("visible")
            page.wait_for_function(
                "e => e.innerText.trim() !== ''",
                arg=first.element_handle(),
                timeout=UPDATE_TIMEOUT * 1000,
            )
            title = first.inner_text().strip()
            ex = explorer_by_title(title)
            index = [s.default_index for s in ex.sliders]
            got = box.evaluate(READ_BOX_JS)
            assert not mismatches(got, ex, index), f"{title}, as run: {mismatches(got, ex, index)}"

            keys: list[tuple[int, str]] = []
            if thorough:
                # Keys chosen so that every press moves the slider.
                keys += [(i, k) for i in range(len(ex.sliders)) for k in FOUR_KEYS]
            elif b == 0:
                keys += [(0, "Home"), (0, "End")]
            if len(ex.sliders) >= 2:
                # Every corner of the grid, then its centre, as in the site.
                keys += corner_and_centre_keys([len(sl.values) for sl in ex.sliders])
                two_sliders.append(ex.key)
            for i, key in keys:
                where = f"{chapter}, {title!r}, slider {ex.sliders[i].name!r} after {key}"
                got = press_and_check(page, box, ex, index, got, i, key, where)
                moves += 1
        assert moves, "no slider was moved"
        # Saving after Run All and the slider moves leaves the file as it was.
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", timeout=20_000
        )
        saved = (lab.root / chapter).read_bytes()
        assert saved == (REPO / "book" / chapter).read_bytes(), f"saving changed {chapter}"
        if chapter in ("06_cross_entropy.md", "10_beyond_classification.md"):
            assert two_sliders, f"{chapter}: no two-slider explorer was checked"
        assert not g.blocked, f"non-local requests from JupyterLab: {g.blocked}"
        uncaught = [e for e in g.console_errors if e.startswith("uncaught")]
        assert not uncaught, f"uncaught errors in JupyterLab: {uncaught}"
        if g.console_errors:
            print("JupyterLab console errors:\n  " + "\n  ".join(g.console_errors))
    except BaseException:
        # What the learner would have seen, and what the server said.
        shot = Path(os.environ.get("NLLBOOK_LAB_SHOT", "/tmp/nllbook-jupyterlab-failure.png"))
        try:
            context.pages[0].screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        except Exception as exc:  # the page may be gone
            print(f"no screenshot: {exc}")
        print("console errors:\n  " + "\n  ".join(g.console_errors))
        raise
    finally:
        context.close()
        shut_down_kernels(lab)
