"""Sphinx tweaks that keep the built site light and quiet in the browser.

Each page leaves the template engine through :func:`tidy_page`, which:

* drops the theme's icon-font script (1.5 MB for about fifteen icons) and
  draws those icons as small inline SVGs instead (:data:`ICONS`);
* drops sphinx-thebe's script and stylesheet: the book runs no code through
  thebe (its explorers need no kernel); its inline configuration was also
  declared twice, an error in the console;
* drops the ipywidgets state that myst-nb embeds: the site's explorers carry
  their own specs and no widget manager is loaded to read it;
* drops Sphinx's search scripts: the site's search is Pagefind's
  (``_ext/nllbook_search.py``, ``_ext/templates/search.html``), and the
  search dialog is a plain form that opens the search page;
* marks what Pagefind indexes (:func:`nllbook_search.mark_for_search`);
* adds the whole-book PDF (``nllbook.pdf`` at the site's root, printed by
  ``scripts/build-pdf``) to the download menu, whose ".pdf" prints only the
  page and is labelled so;
* defers every remaining script but ``documentation_options.js`` (inline
  scripts in the head read the object it defines), so that no script holds
  up the first paint; deferred scripts still run in document order.

After the build, :func:`purge_css` cuts the theme's stylesheets down to the
rules that some page or script of the site can use (PurgeCSS, run by Node
from ``node_modules``): the theme ships 400 kB of CSS for every widget it
supports. The result is cached on its inputs, so a rebuild that changes
nothing does not run it again.

Also:

* The theme's first inline script sets the colour mode from
  ``html_context["default_mode"]``, which is empty unless set; the theme then
  logs "Got invalid theme mode". A default is set here too.
* docutils wraps a bibliography in ``<div role="list">`` but gives the
  entries ``role="doc-biblioentry"``, so assistive technology finds a list
  with no items (axe: aria-required-children, critical). The entries are
  given ``role="listitem"``.
* The kernels that myst-nb starts to execute the chapters inherit
  ``NLLBOOK_SITE_BUILD=1``: the explorers then write their markup and spec
  for the static site instead of a live widget (which needs a kernel).
* Those kernels come from ``_ext/jupyter/kernels/python3``: the standard
  ipykernel command (``python`` is the build's own interpreter) with its log
  level at ERROR (ipykernel otherwise logs a warning about its local TCP
  transport for every chapter, which reads like a problem with the book),
  and static figures saved as SVG: sharp at any size, on phones and on
  paper, and lighter than a PNG of the same figure.
* Their matplotlib reads ``_ext/jupyter/matplotlibrc``: the chapters' static
  figures are saved with a transparent background, so that in dark mode the
  stylesheet can invert their ink (and turn their hues back) instead of the
  theme's light card around a white picture.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from nllbook_search import mark_for_search
from sphinx.application import Sphinx

# Icons drawn on a 24 × 24 grid with the text colour; 1em square like the
# glyphs they replace. Keys are the icon-font classes the theme writes.
_PATHS = {
    "magnifying-glass": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 21 21"/>',
    "bars": '<path d="M3 6h18M3 12h18M3 18h18"/>',
    "list": '<path d="M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01"/>',
    "outdent": '<path d="M11 6h10M11 12h10M11 18h10M3 6h4M3 18h4M7 9l-4 3 4 3"/>',
    "sun": '<circle cx="12" cy="12" r="4.5"/><path d="M12 1.5v3M12 19.5v3M1.5 12h3M19.5 12h3'
    'M4.6 4.6l2.1 2.1M17.3 17.3l2.1 2.1M4.6 19.4l2.1-2.1M17.3 6.7l2.1-2.1"/>',
    "moon": '<path d="M20 14.5A8.5 8.5 0 1 1 9.5 4a7 7 0 0 0 10.5 10.5z"/>',
    "circle-half-stroke": '<circle cx="12" cy="12" r="9"/>'
    '<path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor"/>',
    "expand": '<path d="M3 9V3h6M15 3h6v6M21 15v6h-6M9 21H3v-6"/>',
    "arrow-up": '<path d="M12 20V4M5 11l7-7 7 7"/>',
    "angle-left": '<path d="M15 4 7 12l8 8"/>',
    "angle-right": '<path d="M9 4l8 8-8 8"/>',
    "download": '<path d="M12 3v12M6 10l6 6 6-6M4 20h16"/>',
    "file": '<path d="M6 2.5h8l5 5v14H6z"/><path d="M14 2.5v5h5"/>',
    "file-pdf": '<path d="M6 2.5h8l5 5v14H6z"/><path d="M14 2.5v5h5M9 13h6M9 17h6"/>',
}
ICONS = {
    name: (
        '<svg class="nllbook-icon{extra}" viewBox="0 0 24 24" width="1em" height="1em" '
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
        'stroke-linejoin="round" aria-hidden="true" focusable="false"{attrs}>' + body + "</svg>"
    )
    for name, body in _PATHS.items()
}

_ICON_ELEMENT = re.compile(r'<(i|span) class="([^"]*\bfa-[a-z-]+[^"]*)"([^>]*)>\s*</\1>')
_SCRIPT = re.compile(
    r'<script\b[^>]*\bsrc="[^"]*?(?P<name>[\w.-]+\.js)(?:\?[^"]*)?"[^>]*></script>\n?'
)
_PRELOAD = re.compile(
    r'<link rel="preload" as="script" href="[^"]*?(?P<name>[\w.-]+\.js)[^"]*"\s*/?>\n?'
)
_STYLESHEET = re.compile(
    r'<link rel="stylesheet"[^>]*href="[^"]*?(?P<name>[\w.-]+\.css)[^"]*"[^>]*/?>\n?'
)
_INLINE_THEBE = re.compile(r"<script>\s*const THEBE_JS_URL[^<]*</script>\n?")
_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>\n?', re.S)
_WIDGET_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>\n?', re.S
)

# design-tabs.js serves sphinx-design's tabs, which the book does not use.
_NEVER_SCRIPTS = {"fontawesome.js", "sphinx-thebe.js", "design-tabs.js"}
_SEARCH_SCRIPTS = {"searchtools.js", "language_data.js", "searchindex.js"}
_NEVER_STYLES = {"sphinx-thebe.css"}


def _icon(m: re.Match[str]) -> str:
    classes = m.group(2).split()
    names = [c[3:] for c in classes if c.startswith("fa-") and c[3:] in ICONS]
    if not names:
        return m.group(0)
    keep = [c for c in classes if not c.startswith("fa") and c not in ("fas", "far")]
    size = " nllbook-icon-lg" if "fa-lg" in classes else ""
    extra = "".join(f" {c}" for c in keep) + size
    attrs = re.sub(r'\s*aria-hidden="true"', "", m.group(3))
    return ICONS[names[0]].format(extra=extra, attrs=attrs)


_KEEP_BLOCKING = {"documentation_options.js"}


def _deferred(m: re.Match[str]) -> str:
    tag = m.group(0)
    if m.group("name") in _KEEP_BLOCKING or re.search(r"\s(?:defer|async)\b", tag):
        return tag
    return tag.replace("<script ", "<script defer ", 1)


_PRINT_ITEM = re.compile(
    r'(<li>\s*<button onclick="window\.print\(\)".*?'
    r'<span class="btn__text-container">)\.pdf(</span>\s*</button>\s*</li>)',
    re.S,
)
_BOOK_PDF_ITEM = (
    '\n<li><a href="{href}" class="btn btn-sm btn-download-book-button dropdown-item" '
    'title="The whole book as one PDF">'
    '<span class="btn__icon-container">' + ICONS["file-pdf"].format(extra="", attrs="") + "</span>"
    '<span class="btn__text-container">Book (.pdf)</span></a></li>'
)


def book_pdf_in_menu(page: str, pagename: str) -> str:
    """The download menu with the whole-book PDF, and its print item named as such."""
    href = "../" * pagename.count("/") + "nllbook.pdf"
    return _PRINT_ITEM.sub(
        lambda m: m.group(1) + "Print page" + m.group(2) + _BOOK_PDF_ITEM.format(href=href),
        page,
        count=1,
    )


# The theme's first script reads the reader's choice, "auto" by default, and
# its deferred script later resolves "auto" to light or dark; its colours,
# code boxes and borders are written for the resolved names only. Resolved
# here, in the head, the first paint already has them: text that wraps
# around inline code does not move once the theme's script runs.
_THEME_SET = 'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";'
_THEME_RESOLVED = (
    _THEME_SET
    + '\n    if (document.documentElement.dataset.theme === "auto") {'
    + "\n      document.documentElement.dataset.theme ="
    + '\n        matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";'
    + "\n    }"
)


def tidy_page(page: str, pagename: str) -> str:
    """The final HTML of one page, without what the book does not use."""

    def script(m: re.Match[str]) -> str:
        name = m.group("name")
        if name in _NEVER_SCRIPTS or name in _SEARCH_SCRIPTS:
            return ""
        return _deferred(m)

    page = _SCRIPT.sub(script, page)
    page = _PRELOAD.sub(lambda m: "" if m.group("name") in _NEVER_SCRIPTS else m.group(0), page)
    page = _STYLESHEET.sub(lambda m: "" if m.group("name") in _NEVER_STYLES else m.group(0), page)
    page = _INLINE_THEBE.sub("", page)
    page = _THEBE_CONFIG.sub("", page)
    page = _WIDGET_STATE.sub("", page)
    page = page.replace(_THEME_SET, _THEME_RESOLVED, 1)
    # The landing page's heading is the book's title: "X — X" becomes "X".
    page = re.sub(r"<title>(.+?) (?:—|&#8212;) \1</title>", r"<title>\1</title>", page)
    page = mark_for_search(page, pagename)
    return book_pdf_in_menu(_ICON_ELEMENT.sub(_icon, page), pagename)


# Stylesheets of the theme and of Sphinx extensions; the book's own are
# written for it and left whole.
_PURGED = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "basic.css",
    "togglebutton.css",
    "pygments.css",
    "mystnb.*.css",
    "katex/katex.css",
)
_WORD = re.compile(r"[A-Za-z][\w-]*")


def purge_css(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    targets = sorted({f for pattern in _PURGED for f in static.glob(pattern)})
    caches = Path(app.doctreedir).parent / ".nllbook-css"
    kept = sorted(caches.glob("*/sizes.json"))
    if not _written_pages and len(kept) == 1:
        # No page was written, so the words are those of the last build:
        # restore its purged stylesheets (Sphinx has just copied the
        # originals over them) without reading every page again.
        for i, css in enumerate(targets):
            shutil.copy2(kept[0].parent / f"{i}-{css.name}", css)
        return
    words: set[str] = set()
    for page in itertools.chain(out.rglob("*.html"), static.rglob("*.js")):
        words.update(_WORD.findall(page.read_text(encoding="utf-8", errors="replace")))
    text = " ".join(sorted(words))
    key = hashlib.sha256(text.encode())
    for css in targets:
        key.update(css.name.encode() + css.read_bytes())
    cache = caches / key.hexdigest()
    if not cache.is_dir():
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("Node.js is needed to build the site: install `node`")
        with tempfile.TemporaryDirectory() as tmp:
            words_file = Path(tmp) / "words.txt"
            words_file.write_text(text, encoding="utf-8")
            work = Path(tmp) / "css"
            work.mkdir()
            copies = [work / f"{i}-{css.name}" for i, css in enumerate(targets)]
            for css, copy in zip(targets, copies, strict=True):
                shutil.copy2(css, copy)
            script = Path(__file__).with_name("purge-css.cjs")
            cmd = [node, str(script), str(app.srcdir), str(words_file), *map(str, copies)]
            subprocess.run(cmd, check=True, capture_output=True, text=True)
            if cache.parent.is_dir():
                shutil.rmtree(cache.parent)  # keep one generation only
            shutil.copytree(work, cache)
    for i, css in enumerate(targets):
        shutil.copy2(cache / f"{i}-{css.name}", css)
    sizes = {css.name: css.stat().st_size for css in targets}
    (cache / "sizes.json").write_text(json.dumps(sizes), encoding="utf-8")


_written_pages: list[str] = []


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None:  # a page of the book, not genindex or search
        _written_pages.append(pagename)
    context.setdefault("default_mode", "auto")
    body = context.get("body")
    # The landing page's first screen has its own layout (nllbook-site.css).
    if pagename == app.config.root_doc and isinstance(body, str):
        body = context["body"] = body.replace(
            '<section class="', '<section class="nllbook-landing ', 1
        )
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    # The explorer engine and its styles, on the pages that show an explorer
    # only (added here, they are this page's alone).
    if isinstance(body, str) and "data-explorer=" in body:
        app.add_js_file("nllbook-explorer.js", type="module")
        app.add_css_file("nllbook-explorer.css")


def _wrap_renderer(app: Sphinx) -> None:
    templates: Any = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def tidy_render(template: str, context: dict[str, Any]) -> str:
        return tidy_page(render(template, context), str(context.get("pagename", "")))

    templates.render = tidy_render


def setup(app: Sphinx) -> dict[str, Any]:
    os.environ.setdefault("NLLBOOK_SITE_BUILD", "1")
    kernels = str(Path(__file__).with_name("jupyter"))
    # Transparent static figures, recoloured in dark mode by nllbook-site.css.
    os.environ.setdefault("MATPLOTLIBRC", str(Path(kernels) / "matplotlibrc"))
    # Reproducible SVG figures: the kernels (kernel.json's env) set
    # SOURCE_DATE_EPOCH, so matplotlib stamps no date. Not set here: Sphinx
    # would read it too, and print its year in the copyright line.
    paths = os.environ.get("JUPYTER_PATH", "")
    if kernels not in paths.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (kernels, paths) if p)
    app.connect("builder-inited", _wrap_renderer)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", purge_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
