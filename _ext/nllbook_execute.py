"""Execute the chapters in parallel before Sphinx reads them, and evaluate
the inline ``{eval}`` expressions of their prose.

Execution
    myst-nb (``execute_notebooks: cache``) executes each chapter when Sphinx
    reads it, one after another, and keeps the outputs in a jupyter-cache
    keyed on the chapter's code. On a machine with several cores most of a
    clean build is spent waiting for one kernel at a time. Before the read
    phase, this extension reads every chapter exactly as myst-nb will (same
    reader, same configuration), looks each one up in that same cache, and
    executes the ones that are missing side by side, one kernel per core. It
    stores each result in the cache under the key myst-nb computes, so
    myst-nb then finds every chapter there and executes nothing.

Numbers in the prose
    Every number the prose quotes is an inline expression,
    ``{eval}`f"{v.min_nll:.4f}"```, evaluated by the chapter's own kernel.
    In JupyterLab the ``jupyterlab-myst`` extension evaluates them when a
    markdown cell runs, after the code above it. This extension does the
    same during the execution above: before each markdown cell it sends
    that cell's expressions to the kernel as ``user_expressions`` of an
    empty, silent request, and keeps each result's ``text/plain``. (myst-nb's
    own ``{eval}`` needs its inline execution mode, which has neither the
    cache nor the parallel runs.) The :class:`EvalRole` here replaces
    myst-nb's: it writes the kept text, with the quotes of a string removed
    as JupyterLab does, and fails the build on an expression that raised,
    that was never evaluated, or that gives different text at two places of
    one chapter.

A chapter that fails here is left out of the cache: myst-nb then runs it
again in the usual way and reports the error with its own message.

Chapters that read the book
    A chapter whose code calls ``book_data.book_prose`` reads the prose of
    other chapters when it runs (the bigram model of "Beyond
    classification" is trained on the book's own text). Its outputs depend
    on those chapters, not only on its own code, so its cached outputs are
    kept only while that prose is unchanged: a hash of the prose is kept
    with its expressions, and when the prose has changed the chapter runs
    again and Sphinx reads it again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

# An inline expression in MyST: {eval}`...` (no backtick inside).
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
EVALS_DIR = ".nllbook-evals"


def _chapters(app: Sphinx) -> list[Path]:
    # The chapters are the MyST notebooks of book/ (text files with a
    # jupytext header); other sources never run code.
    found = []
    for path in sorted(Path(app.srcdir, "book").glob("*.md")):
        head = path.read_text(encoding="utf-8")[:400]
        if head.startswith("---") and "jupytext:" in head:
            found.append(path)
    return found


def expressions(nb: Any) -> dict[int, list[str]]:
    """The ``{eval}`` expressions of each markdown cell, by cell index."""
    found: dict[int, list[str]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            exprs = list(dict.fromkeys(EVAL_ROLE.findall(cell.source)))
            if exprs:
                found[index] = exprs
    return found


# A chapter that reads the prose of other chapters when it runs.
READS_THE_BOOK = re.compile(r"\bbook_prose\(")
# The chapters executed by prefill_cache in this build, which Sphinx must read again.
_EXECUTED: set[str] = set()


def _book_prose_stamp(app: Sphinx) -> str:
    """A hash of the book's prose as ``book_data.book_prose`` reads it now."""
    from nllbook_pages import book_data

    train, held_out = book_data.book_prose(Path(app.srcdir, "book"))
    return hashlib.sha256(f"{train}\n{held_out}".encode()).hexdigest()


def _evals_path(app: Sphinx, docname: str) -> Path:
    return Path(app.srcdir, "_build", EVALS_DIR, docname.replace("/", "__") + ".json")


def _make_client(nb: Any, cwd: Path, timeout: int, todo: dict[int, list[str]]) -> Any:
    from nbclient import NotebookClient
    from nbclient.util import ensure_async

    class EvaluatingClient(NotebookClient):
        """Runs the code cells and, at each markdown cell, its expressions."""

        evaluations: list[tuple[int, str, dict[str, Any]]]

        async def async_execute_cell(
            self, cell: Any, cell_index: int, execution_count: Any = None, store_history: Any = True
        ) -> Any:
            exprs = todo.get(cell_index)
            if exprs:
                # The kernel client exists once the notebook is running; its
                # blocking and async flavours are typed apart, used alike here.
                assert self.kc is not None
                kc: Any = self.kc
                msg_id = await ensure_async(
                    kc.execute(
                        "",
                        silent=True,
                        store_history=False,
                        user_expressions={str(i): e for i, e in enumerate(exprs)},
                    )
                )
                reply = await self.async_wait_for_reply(msg_id)
                assert reply is not None  # a reply, or nbclient raises on timeout
                # Wait until the kernel is idle again, as for a code cell: the
                # interrupt that precedes a kernel's shutdown would otherwise
                # find it busy after the last prose cell, and it says so.
                while True:
                    msg = await ensure_async(kc.get_iopub_msg(timeout=self.timeout))
                    if (
                        msg["parent_header"].get("msg_id") == msg_id
                        and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"
                    ):
                        break
                results = reply["content"].get("user_expressions", {})
                for i, expr in enumerate(exprs):
                    self.evaluations.append((cell_index, expr, results.get(str(i), {})))
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )

    client = EvaluatingClient(
        nb,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,  # as jupyter-cache runs it: timings would change the hash
        resources={"metadata": {"path": str(cwd)}},
    )
    client.evaluations = []
    return client


def _execute(
    nb: Any, cwd: Path, timeout: int, todo: dict[int, list[str]]
) -> tuple[Any, float, Any, BaseException | None]:
    if "execution" in nb.metadata:  # as jupyter-cache honours it
        timeout = nb.metadata.execution.get("timeout", timeout)
    client = _make_client(nb, cwd, timeout, todo)
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as err:  # reported by myst-nb when it runs the chapter again
        return nb, time.perf_counter() - start, client.evaluations, err
    return nb, time.perf_counter() - start, client.evaluations, None


def _record(evaluations: list[tuple[int, str, dict[str, Any]]]) -> dict[str, Any]:
    """Expression -> result; an expression must read the same everywhere."""
    record: dict[str, Any] = {}
    for cell, expr, result in evaluations:
        if result.get("status") == "ok":
            text = result.get("data", {}).get("text/plain", "")
            entry = {"status": "ok", "text": text, "cell": cell}
        else:
            entry = {
                "status": "error",
                "error": f"{result.get('ename', 'no result')}: {result.get('evalue', '')}",
                "cell": cell,
            }
        before = record.get(expr)
        if before is not None and before.get("text") != entry.get("text"):
            entry = {
                "status": "error",
                "cell": cell,
                "error": f"gives {before.get('text')} in cell {before['cell']} "
                f"but {entry.get('text')} in cell {cell}; quote a value under one name only",
            }
        record[expr] = entry
    return record


def prefill_cache(app: Sphinx) -> None:
    nb_config: Any = getattr(app.env, "mystnb_config", None)
    md_config: Any = getattr(app.env, "myst_config", None)
    if nb_config is None or md_config is None or nb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(nb_config.execution_cache_path)
    todo = []
    prose_stamp: str | None = None
    for path in _chapters(app):
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), md_config, nb_config, text)
        if reader is None:
            continue
        nb = reader.read(text)
        docname = app.env.path2doc(str(path)) or path.stem
        exprs = expressions(nb)
        wanted = {e for cell in exprs.values() for e in cell}
        stamp = None
        if READS_THE_BOOK.search(text):
            prose_stamp = prose_stamp or _book_prose_stamp(app)
            stamp = prose_stamp
        try:
            hashkey = cache.match_cache_notebook(nb).hashkey
            saved = json.loads(_evals_path(app, docname).read_text(encoding="utf-8"))
            if (
                saved["hashkey"] == hashkey
                and wanted <= set(saved["expressions"])
                and saved.get("book_prose") == stamp
            ):
                continue  # outputs and expressions are both up to date
        except (KeyError, OSError, ValueError):
            pass
        todo.append((path, docname, nb, exprs, stamp))
    if not todo:
        return
    # Longest first, so that no long chapter starts last; the source size
    # (code, prose and the explorers it builds) stands in for its run time.
    todo.sort(key=lambda item: item[0].stat().st_size, reverse=True)
    # One kernel more than cores: while one starts up or waits, the others run.
    workers = min(len(todo), (os.cpu_count() or 1) + 1)
    logger.info(f"executing {len(todo)} chapters, {workers} at a time")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = {
            (path, docname, stamp): pool.submit(
                _execute, nb, path.parent, nb_config.execution_timeout, exprs
            )
            for path, docname, nb, exprs, stamp in todo
        }
        for (path, docname, stamp), run in runs.items():
            nb, seconds, evaluations, err = run.result()
            _EXECUTED.add(docname)
            if err is not None:
                logger.info(f"{path.name}: failed here; myst-nb will run it again")
                try:  # outputs cached for older prose must not be used instead
                    cache.remove_cache(cache.match_cache_notebook(nb).pk)
                except KeyError:
                    pass
                continue
            record = cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            out = _evals_path(app, docname)
            out.parent.mkdir(parents=True, exist_ok=True)
            saved = {"hashkey": record.hashkey, "expressions": _record(evaluations)}
            if stamp is not None:
                saved["book_prose"] = stamp
            out.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    logger.info(f"executed {len(todo)} chapters in {time.perf_counter() - start:.1f} s")


def plain_text(text: str) -> str:
    """A result's ``text/plain`` as prose: a string loses its quotes."""
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return text
    return str(value)


class EvalRole(SphinxRole):
    """``{eval}`expression``: the text of an expression the chapter's kernel
    evaluated at this place (see the module docstring)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path = _evals_path(self.env.app, self.env.docname)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))["expressions"]
        except (OSError, ValueError, KeyError):
            saved = {}
        result = saved.get(self.text)
        if result is None:
            problem = "was not evaluated (did the chapter run?)"
        elif result["status"] != "ok":
            problem = result["error"]
        else:
            text = plain_text(result["text"])
            node = nodes.inline(text, text, classes=["pasted-text"])
            self.set_source_info(node)
            return [node], []
        logger.warning(
            f"{{eval}}`{self.text}` {problem}",
            location=self.get_location(),
            type="nllbook",
            subtype="eval",
        )
        return [nodes.problematic(self.rawtext, self.rawtext)], []


def executed_chapters(app: Sphinx, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    """Chapters executed before this read (a chapter that reads the book may
    have run only because other chapters changed): Sphinx reads them again."""
    return sorted(_EXECUTED - set(removed))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", prefill_cache)
    app.connect("env-get-outdated", executed_chapters)
    app.add_role("eval", EvalRole(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
