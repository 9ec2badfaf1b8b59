"""What the landing page and every page's ``<meta name="description">`` say
about the book, computed when the book is built.

The landing page says how many chapters the book has and how long they take
to read, through MyST substitutions (``{{ chapter_count }}`` in
``book/index.md``) whose values this extension sets from the sources as the
build starts (``nllbook_pages.book_facts``, which JupyterLab's view of the
landing page reads too):

* the chapters are the entries of ``_toc.yml`` that teach: each has an
  ``## Exercises`` section, as CONTRIBUTING.md asks of a chapter (the
  notation, glossary, review, corrections and "run it" pages have none);
* a chapter's reading time is the words of its prose (its Markdown without
  the front matter and the code cells) at :data:`WORDS_PER_MINUTE`; the
  shortest and longest chapters are rounded to 5 minutes, the whole to half
  an hour.

The values are configuration, so when an edit changes them Sphinx reads
every page again (``myst_substitutions`` is an "env" setting): the landing
page never shows a stale count.

Each page gets a description for search engines and link previews: its first
paragraph, cut at a word near :data:`DESCRIPTION_CHARS`. The landing page,
and a page without a paragraph, get the book's: ``nllbook_description`` in
``_config.yml`` (what the book is for and who it is for).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

# The facts live in the package, which JupyterLab's view of the landing page
# reads too; they are named here as well, for the tests.
from nllbook_pages.book_facts import (  # noqa: F401
    WORDS_PER_MINUTE,
    BookFacts,
    book_facts,
    chapter_files,
    prose_words,
)

#: Search engines show about this many characters of a description.
DESCRIPTION_CHARS = 160


class _FirstParagraph(HTMLParser):
    """The text of the first non-empty ``<p>`` of a page's body, without what
    is hidden from readers (KaTeX's HTML copy of a formula is; its MathML
    text is read) and of the print wording of a sentence (a screen shows its
    screen wording: ``_ext/nllbook_print.py``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the first <p>
        self.hidden = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "p" and not self.depth:
            self.depth = 1
            self.parts = []
            return
        if self.depth:
            if tag == "p":
                self.depth += 1
            classes = (dict(attrs).get("class") or "").split()
            if self.hidden or ("aria-hidden", "true") in attrs or "nllbook-print" in classes:
                self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.depth:
            return
        if self.hidden:
            self.hidden -= 1
        if tag == "p":
            self.depth -= 1
            if not self.depth and " ".join("".join(self.parts).split()):
                self.done = True

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden and not self.done:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split()) if self.done else ""


def first_paragraph(body: str) -> str:
    parser = _FirstParagraph()
    parser.feed(body)
    return parser.text()


def description(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut at the last word that ends before ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _set_substitutions(app: Sphinx, config: Config) -> None:
    facts = book_facts(Path(app.srcdir))
    config.myst_substitutions = {**(config.myst_substitutions or {}), **facts.substitutions()}


def _meta_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    text = first_paragraph(body) if isinstance(body, str) else ""
    if pagename == app.config.root_doc:
        text = ""  # the book's own description, written for it
    text = description(text or app.config.nllbook_description)
    if text:
        tag = f'<meta name="description" content="{html.escape(text)}" />\n'
        context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("nllbook_description", "", "html", types=[str])
    # After myst-parser has registered myst_substitutions (its default).
    app.connect("config-inited", _set_substitutions, priority=900)
    app.connect("html-page-context", _meta_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
