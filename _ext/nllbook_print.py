"""Screen wording and print wording: one sentence for each medium.

A sentence that asks the reader to drag, click or move a slider makes no
sense on paper. The chapter then carries both wordings, side by side:

* inline, ``{screen}`Drag to the far right.``{print}`At the far right.``;
* as blocks, a ``{screen}`` and a ``{print}`` directive, whose bodies are
  MyST (numbers through ``{eval}``, maths, lists).

The site writes both, each in an element of its class: ``nllbook-screen``
(a ``<span>`` or a ``<div>``) shows on screen only, ``nllbook-print`` on
paper only (``nllbook-site.css``), so that the web page reads the screen
wording and the whole-book PDF (``scripts/build_pdf.py``, printed with print
media) and a printed page read the print wording. Pagefind leaves the print
wording out of the search (``scripts/build-book``). In JupyterLab the
reader has live explorers: the Jupyter server extension
(``nllbook_pages._jupyter``) shows the screen wording alone.

Explorers do the same with their captions: an explorer's ``hint`` (how a
pointer moves its figure) is written with the ``nllbook-screen`` class
(``nllbook_pages.explorer``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

#: The class of each medium's wording, by the name of its role and directive.
MEDIA = {"screen": "nllbook-screen", "print": "nllbook-print"}


def _role(medium: str) -> Any:
    def role(
        name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Any,
        options: dict[str, Any] | None = None,
        content: list[str] | None = None,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        span = nodes.inline(rawtext, "", classes=[MEDIA[medium]])
        # The wording is MyST: maths and emphasis read as in the prose.
        children, messages = inliner.parse(text, lineno, inliner, span)
        span += children
        return [span], messages

    return role


class _Wording(SphinxDirective):
    """A block of one medium's wording (its body is MyST)."""

    has_content = True
    medium = ""

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=[MEDIA[self.medium]])
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class ScreenWording(_Wording):
    medium = "screen"


class PrintWording(_Wording):
    medium = "print"


def setup(app: Sphinx) -> dict[str, Any]:
    for medium in MEDIA:
        app.add_role(medium, _role(medium))
    app.add_directive("screen", ScreenWording)
    app.add_directive("print", PrintWording)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
