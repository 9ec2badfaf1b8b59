"""Maths typeset when the book is built, not in the reader's browser.

Every formula (``$…$``, ``$$…$$``, ``{math}``, amsmath environments) is
rendered by KaTeX, run once per build in a Node process
(``_ext/katex-render.cjs``, with the npm package ``katex`` from
``node_modules``). Each page then carries:

* the formula drawn with HTML and KaTeX's fonts (hidden from assistive
  technology), and
* the same formula as MathML, which screen readers read;

and no maths JavaScript at all. Nothing is typeset after load, so no raw TeX
is ever on screen, the layout does not shift, and formulas are not tab stops.

A formula KaTeX cannot render is a build warning (and so fails the ``-W``
build); the page then shows the TeX in a marked span. KaTeX's stylesheet and
the woff2 fonts it needs are copied into ``_static/katex`` and linked only
from pages that have maths.
"""

from __future__ import annotations

import atexit
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "nllbook_katex"
STATIC_DIR = "katex"
# The fonts nearly every formula uses, fetched early on pages with maths.
PRELOAD_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
# The theme lays out display maths as a reversed flex row (made for
# MathJax's equation numbers), which pushes KaTeX's centred block to the
# right. A wide formula scrolls inside its own box rather than the page.
PAGE_CSS = """
div.math{display:block;overflow-x:auto;overflow-y:hidden;max-width:100%}
div.math>.eqno{float:right}
"""
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)


class KatexProcess:
    """One Node process rendering TeX with KaTeX, one JSON line each way."""

    def __init__(self, repo: Path) -> None:
        script = Path(__file__).with_name("katex-render.cjs")
        if not (repo / "node_modules" / "katex").is_dir():
            raise ExtensionError(
                "KaTeX is missing: run `npm ci` at the top of the repository "
                "(scripts/build-book does this for you)"
            )
        node = shutil.which("node")
        if node is None:
            raise ExtensionError("Node.js is needed to typeset the maths: install `node`")
        self._proc = subprocess.Popen(
            [node, str(script), str(repo)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._cache: dict[tuple[str, bool], tuple[str | None, str | None]] = {}
        atexit.register(self.close)

    def render(self, tex: str, display: bool) -> tuple[str | None, str | None]:
        """``(html, None)`` for a formula KaTeX renders, ``(None, error)`` otherwise."""
        key = (tex, display)
        if key not in self._cache:
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._proc.stdin.flush()
            answer = json.loads(self._proc.stdout.readline())
            out = answer.get("html")
            if out is not None:
                # The TeX source is not needed by readers or screen readers,
                # and it would surface as raw TeX in search-result snippets.
                out = _ANNOTATION.sub("", out)
            self._cache[key] = (out, answer.get("error"))
        return self._cache[key]

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(timeout=10)


_katex: KatexProcess | None = None


def _render(self: Any, node: nodes.Element, tex: str, display: bool) -> str:
    global _katex
    if _katex is None:
        _katex = KatexProcess(Path(self.builder.srcdir))
    out, error = _katex.render(tex, display)
    if out is None:
        logger.warning("KaTeX cannot render %r: %s", tex, error, location=node)
        return f'<span class="nllbook-math-error">{html.escape(tex)}</span>'
    return out


def visit_math(self: Any, node: nodes.math) -> None:
    self.body.append(_render(self, node, node.astext(), display=False))
    raise nodes.SkipNode


def visit_displaymath(self: Any, node: nodes.math_block) -> None:
    tex = node.astext()
    if not node["nowrap"]:
        # As sphinx.ext.mathjax does: blank-line separated equations are
        # aligned together; a part with line breaks becomes a split.
        parts = [p for p in tex.split("\n\n") if p.strip()]
        parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
        joined = r"\\".join(parts)
        tex = rf"\begin{{aligned}}{joined}\end{{aligned}}" if len(parts) > 1 else parts[0]
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    self.body.append(_render(self, node, tex, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _has_maths(app: Sphinx, pagename: str) -> bool:
    # MathDomain.has_equations() also counts the pages a toctree includes,
    # which would send KaTeX's assets to the landing page: read the page's
    # own entry.
    domain: Any = app.env.get_domain("math")
    return bool(domain.data["has_equations"].get(pagename, False))


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or not _has_maths(app, pagename):
        return
    app.add_css_file(f"{STATIC_DIR}/katex.css")
    root = context.get("pathto", lambda p, r=1: p)(f"_static/{STATIC_DIR}", 1)
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="preload" href="{root}/fonts/{font}" as="font" type="font/woff2" crossorigin>'
        for font in PRELOAD_FONTS
    )


def _copy_assets(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    dist = Path(app.srcdir) / "node_modules" / "katex" / "dist"
    target = Path(app.outdir) / "_static" / STATIC_DIR
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = (dist / "katex.min.css").read_text(encoding="utf-8")
    # Browsers that run this site all read woff2: drop the woff and ttf
    # fallbacks, so that only woff2 files need to ship.
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    (target / "katex.css").write_text(css + PAGE_CSS, encoding="utf-8")
    for font in (dist / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("html-page-context", _page_assets)
    # Before nllbook_site's CSS purge (priority 500), which trims katex.css too.
    app.connect("build-finished", _copy_assets, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
