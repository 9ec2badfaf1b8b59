"""An explorer with its renderings: markup for the site, a live widget in JupyterLab.

:class:`ExplorerSpec` is the data; this class adds what a reader sees of it.
Rendering lives here, above the spec, so the spec never imports its views.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ._html import explorer_html
from ._spec import ExplorerSpec

#: Set to "1" in the kernels of a site build: explorers then render their
#: markup and spec for the static site instead of a widget.
SITE_BUILD_ENV = "NLLBOOK_SITE_BUILD"


@dataclass
class Explorer(ExplorerSpec):
    """An explorer a page shows; see :class:`ExplorerSpec` for its parameters."""

    _widget: Any = field(default=None, init=False, repr=False)

    def html(self, *, with_spec: bool = True) -> str:
        """The explorer's markup, numbers of the default state filled in by nllbook."""
        return explorer_html(self, with_spec=with_spec)

    def widget(self) -> Any:
        """The JupyterLab view (an anywidget), made once per explorer."""
        if self._widget is None:
            from ._widget import ExplorerWidget  # anywidget is needed only in a kernel

            self._widget = ExplorerWidget(self)
        return self._widget

    def values(self) -> dict[str, Any]:
        """The numbers of the state shown in JupyterLab now (the defaults before any display)."""
        state = self._widget.state if self._widget is not None else self.defaults
        return self.numbers(**state)

    def set(self, **values: float) -> None:
        """Move the JupyterLab view to a state: ``ex.set(p=0.3)``."""
        state = self.checked({**(self._widget.state if self._widget else {}), **values})
        self.widget().state = state

    def __getattr__(self, name: str) -> Any:
        # ex.p reads a control's value in the live view.
        if name.startswith("_") or name not in {c.name for c in self.__dict__.get("controls", ())}:
            raise AttributeError(name)
        state = self._widget.state if self._widget is not None else self.defaults
        return state[name]

    def __setattr__(self, name: str, value: Any) -> None:
        # ex.p = 0.3 moves the live view.
        if "controls" in self.__dict__ and name in {c.name for c in self.controls}:
            self.set(**{name: value})
        else:
            object.__setattr__(self, name, value)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": f"<Explorer {self.key}>"}
        if os.environ.get(SITE_BUILD_ENV) == "1":
            bundle["text/html"] = self.html()
            return bundle
        bundle["text/html"] = self.html(with_spec=False)
        try:
            live = self.widget()._repr_mimebundle_(include=include, exclude=exclude)
        except Exception:  # no anywidget, or no kernel to talk to: the markup still reads
            return bundle
        # anywidget returns (data, metadata); the live view's own plain text
        # names a Python object, so the explorer's is kept.
        data = live[0] if isinstance(live, tuple) else live
        bundle.update({k: v for k, v in (data or {}).items() if k != "text/plain"})
        return bundle
