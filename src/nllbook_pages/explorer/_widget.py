"""The JupyterLab view of an explorer: an anywidget whose front end is the
site's own module (``nllbook-explorer.js``), so the two never differ.

The kernel and the page share one trait, ``state`` (control name to value):
moving a control in the page sets it in the kernel, and ``ex.p = 0.3`` in
the kernel moves the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from ._html import explorer_html

if TYPE_CHECKING:
    from ._spec import ExplorerSpec

STATIC = Path(__file__).resolve().parent.parent / "static"


class ExplorerWidget(anywidget.AnyWidget):
    """One explorer in a live kernel."""

    _esm = STATIC / "nllbook-explorer.js"
    _css = STATIC / "nllbook-explorer.css"
    spec = traitlets.Dict().tag(sync=True)
    html = traitlets.Unicode().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, explorer: ExplorerSpec, **kwargs: Any) -> None:
        super().__init__(
            spec=explorer.spec(),
            html=explorer_html(explorer, with_spec=False),
            state=explorer.defaults,
            **kwargs,
        )
        self._explorer = explorer

    @traitlets.validate("state")
    def _valid_state(self, proposal: Any) -> dict[str, float]:
        return (
            self._explorer.checked(proposal["value"])
            if hasattr(self, "_explorer")
            else dict(proposal["value"])
        )

    def values(self) -> dict[str, Any]:
        """The numbers of the state shown now, computed by nllbook."""
        return self._explorer.numbers(**self.state)
