"""A Jupyter server extension: a chapter opens in JupyterLab unmodified.

When a notebook's kernel connects, JupyterLab records the kernel's
``language_info`` in the notebook's metadata. A chapter is a text file
(MyST Markdown, read through jupytext) and keeps no ``language_info``, so
JupyterLab marked every chapter as modified as soon as it opened, before
the reader had touched anything.

This extension gives each text notebook of the ``python3`` kernel, as the
server reads it, the ``language_info`` that this environment's IPython
kernel reports, so JupyterLab finds nothing to change. jupytext leaves
``language_info`` out of the text file when it saves, so nothing of it
reaches the chapter.

It also gives a chapter's Markdown cells, as the server reads them, the
text that reads in JupyterLab (:mod:`nllbook_pages._lab_prose`): citations
as author and year, references to other chapters' sections with their
headings, the landing page's numbers, the screen wording of a sentence. Each
rewritten cell keeps, in its metadata (``nllbook_lab``), the file's text and
the pairs (file's text, shown text); when the notebook is saved, the cell's
text becomes the file's again and the metadata goes, so that the chapter on
disk never changes by being opened, run and saved.

Installing the package does not enable it: the book's users do, in the
environment that runs the chapters, with ``jupyter server extension enable
--sys-prefix nllbook_pages._jupyter`` (``scripts/build-book`` does it for
``.venv``), so that no other notebook server loads it unasked.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from ._lab_prose import file_markdown, lab_markdown, read_book

#: The cell metadata that carries a rewritten cell's file text back to the file.
KEY = "nllbook_lab"


def language_info() -> dict[str, Any]:
    """What ipykernel's kernel running on this Python reports."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def fill_language_info(model: Any) -> Any:
    """Add ``language_info`` to a jupytext notebook model of the python3 kernel."""
    if not isinstance(model, dict) or model.get("type") != "notebook":
        return model
    metadata = (model.get("content") or {}).get("metadata")
    if (
        isinstance(metadata, dict)
        and "jupytext" in metadata
        and metadata.get("kernelspec", {}).get("name") == "python3"
        and "language_info" not in metadata
    ):
        metadata["language_info"] = language_info()
    return model


def _text_notebook(model: Any) -> dict[str, Any] | None:
    """The content of a jupytext notebook's model, or None."""
    if not isinstance(model, dict) or model.get("type") != "notebook":
        return None
    content = model.get("content")
    if not isinstance(content, dict) or "jupytext" not in (content.get("metadata") or {}):
        return None
    return content


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def show_prose(model: Any, folder: Path) -> Any:
    """Rewrite the Markdown cells of a jupytext notebook model (a chapter in
    ``folder``) as JupyterLab is to show them; see :func:`keep_prose`."""
    content = _text_notebook(model)
    if content is None:
        return model
    book = read_book(folder)
    here = Path(str(model.get("path", ""))).name
    for cell in content.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = _source(cell)
        shown, pairs = lab_markdown(source, book, here)
        if pairs:
            cell["source"] = shown
            lab = {"source": source, "shown": shown, "pairs": pairs}
            cell.setdefault("metadata", {})[KEY] = lab
    return model


def keep_prose(model: Any) -> Any:
    """The model to save: each rewritten cell's text as the file has it (the
    reader's edits kept, see :func:`nllbook_pages._lab_prose.file_markdown`),
    without the metadata that carried it."""
    content = _text_notebook(model)
    if content is None:
        return model
    for cell in content.get("cells", []):
        lab = (cell.get("metadata") or {}).pop(KEY, None)
        if not isinstance(lab, dict):
            continue
        text = _source(cell)
        if text == lab.get("shown"):
            cell["source"] = lab.get("source", text)
        else:
            cell["source"] = file_markdown(text, lab.get("pairs", []))
    return model


def _folder(manager: Any, path: str) -> Path:
    return (Path(manager.root_dir) / path.strip("/")).parent


def _path(args: tuple[Any, ...], kwargs: dict[str, Any], at: int) -> str:
    """The ``path`` argument, by position or by name (the server's handlers name it)."""
    return str(kwargs["path"] if "path" in kwargs else args[at] if len(args) > at else "")


def _load_jupyter_server_extension(serverapp: Any) -> None:
    manager = serverapp.contents_manager
    get, save = manager.get, manager.save
    # The first chapter opened should not wait for the .bib reader to import.
    import pybtex.database  # noqa: F401

    def shown(model: Any, path: str) -> Any:
        return show_prose(fill_language_info(model), _folder(manager, path))

    def kept(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        if "model" in kwargs:
            kwargs["model"] = keep_prose(kwargs["model"])
            return args
        return (keep_prose(args[0]), *args[1:]) if args else args

    if inspect.iscoroutinefunction(get):

        async def get_filled(*args: Any, **kwargs: Any) -> Any:
            return shown(await get(*args, **kwargs), _path(args, kwargs, 0))

        async def save_kept(*args: Any, **kwargs: Any) -> Any:
            args = kept(args, kwargs)
            return shown(await save(*args, **kwargs), _path(args, kwargs, 1))

        manager.get, manager.save = get_filled, save_kept
    else:

        def get_filled_sync(*args: Any, **kwargs: Any) -> Any:
            return shown(get(*args, **kwargs), _path(args, kwargs, 0))

        def save_kept_sync(*args: Any, **kwargs: Any) -> Any:
            args = kept(args, kwargs)
            return shown(save(*args, **kwargs), _path(args, kwargs, 1))

        manager.get, manager.save = get_filled_sync, save_kept_sync


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "nllbook_pages._jupyter"}]
