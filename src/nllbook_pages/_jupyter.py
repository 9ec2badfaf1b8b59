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
reaches the chapter. ``pip install nllbook[book]`` enables the extension
(``jupyter-config/`` in the source tree).
"""

from __future__ import annotations

import inspect
from typing import Any


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


def _load_jupyter_server_extension(serverapp: Any) -> None:
    manager = serverapp.contents_manager
    get = manager.get
    if inspect.iscoroutinefunction(get):

        async def get_filled(*args: Any, **kwargs: Any) -> Any:
            return fill_language_info(await get(*args, **kwargs))

        manager.get = get_filled
    else:

        def get_filled_sync(*args: Any, **kwargs: Any) -> Any:
            return fill_language_info(get(*args, **kwargs))

        manager.get = get_filled_sync


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "nllbook_pages._jupyter"}]
