"""Execute the chapters in parallel before Sphinx reads them.

myst-nb (``execute_notebooks: cache``) executes each chapter when Sphinx
reads it, one after another, and keeps the outputs in a jupyter-cache keyed
on the chapter's code. On a machine with several cores most of a clean
build is spent waiting for one kernel at a time.

Before the read phase, this extension reads every chapter exactly as myst-nb
will (same reader, same configuration), looks each one up in that same
cache, and executes the ones that are missing side by side, one kernel per
core. It stores each result in the cache under the key myst-nb computes, so
myst-nb then finds every chapter there and executes nothing.

A chapter that fails here is simply left out of the cache: myst-nb then runs
it again in the usual way and reports the error with its own message.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _chapters(app: Sphinx) -> list[Path]:
    # The chapters are the MyST notebooks of book/ (text files with a
    # jupytext header); other sources never run code.
    found = []
    for path in sorted(Path(app.srcdir, "book").glob("*.md")):
        head = path.read_text(encoding="utf-8")[:400]
        if head.startswith("---") and "jupytext:" in head:
            found.append(path)
    return found


def _execute(nb: Any, cwd: Path, timeout: int) -> tuple[Any, float, BaseException | None]:
    from jupyter_cache.executors.utils import single_nb_execution

    result = single_nb_execution(
        nb, cwd=str(cwd), allow_errors=False, timeout=timeout, meta_override=True
    )
    return nb, result.time, result.err


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
    for path in _chapters(app):
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), md_config, nb_config, text)
        if reader is None:
            continue
        nb = reader.read(text)
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo.append((path, nb))
    if len(todo) < 2:
        return  # nothing to gain: myst-nb runs the one left as usual
    # Longest first, so that no long chapter starts last; the source size
    # (code, prose and the explorers it builds) stands in for its run time.
    todo.sort(key=lambda item: item[0].stat().st_size, reverse=True)
    # One kernel more than cores: while one starts up or waits, the others run.
    workers = min(len(todo), (os.cpu_count() or 1) + 1)
    logger.info(f"executing {len(todo)} chapters, {workers} at a time")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = {
            path: pool.submit(_execute, nb, path.parent, nb_config.execution_timeout)
            for path, nb in todo
        }
        for path, run in runs.items():
            nb, seconds, err = run.result()
            if err is not None:
                logger.info(f"{path.name}: failed here; myst-nb will run it again")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
    logger.info(f"executed {len(todo)} chapters in {time.perf_counter() - start:.1f} s")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", prefill_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
