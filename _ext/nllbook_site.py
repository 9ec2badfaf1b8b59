"""Sphinx tweaks that keep the built site quiet in the browser console.

* sphinx-thebe (which Jupyter Book always loads) registers its inline
  configuration script twice, so every page raised "Identifier
  'THEBE_JS_URL' has already been declared". The book runs no code through
  thebe (its players need no kernel), so both of its scripts are dropped.
* The theme's first inline script sets the colour mode from
  ``html_context["default_mode"]``, which is empty unless set; the theme then
  logs "Got invalid theme mode". ``_config.yml`` sets it; this extension sets
  a default too, so that the page never starts without a valid mode.
* docutils wraps a bibliography in ``<div role="list">`` but gives the
  entries ``role="doc-biblioentry"``, so assistive technology finds a list
  with no items (axe: aria-required-children, critical). The entries are
  given ``role="listitem"``.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "sphinx-thebe" in filename or "THEBE_JS_URL" in body


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    context.setdefault("default_mode", "auto")
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    os.environ.setdefault("NLLBOOK_SITE_BUILD", "1")
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
