"""A chapter's prose as JupyterLab shows it: citations and references that read.

The site (Sphinx) resolves what the chapters' Markdown cells point to: a
citation (``{cite}`shannon1948```) becomes its label and a link into the
bibliography, a reference to a section (``{ref}`products-underflow```) the
section's title, and the landing page's ``{{ chapter_count }}`` the count.
JupyterLab renders the same cells with jupyterlab-myst, which sees one
notebook alone: it would show the bibliography key, the label, the braces.

:func:`lab_markdown` rewrites a Markdown cell into plain MyST that reads in
JupyterLab, from the same sources the site uses:

* a citation becomes author and year (the title, for the book's undated,
  unsigned source articles), read from the ``.bib`` file beside the chapter,
  each linking to the page that prints the bibliography;
* ``{ref}`` and ``{doc}`` become links to the chapter and section, with the
  section's heading (the text after its ``(label)=``) or the chapter's
  title as their text, unless the role gives its own;
* the ``{bibliography}`` directive becomes the list of the ``.bib`` file's
  entries;
* ``{{ name }}`` becomes the landing page's value
  (:mod:`nllbook_pages.book_facts`, as the site build computes it);
* a sentence's screen and print wordings (``_ext/nllbook_print.py``) become
  the screen wording alone: a JupyterLab reader has live explorers.

Each rewrite is kept as a pair (what the file says, what JupyterLab shows),
so that :func:`file_markdown` turns the shown text back into the file's, even
after the reader edited the cell elsewhere: saving a chapter writes back
what it read (:mod:`nllbook_pages._jupyter`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .book_facts import book_facts

#: The page of the book that prints the bibliography, and its section.
_BIBLIOGRAPHY = re.compile(r"^```\{bibliography\}[^\n]*\n```[ \t]*$", re.M)
_LABEL = re.compile(r"^\(([\w.:-]+)\)=[ \t]*\n(?:[ \t]*\n)*(#{1,6})[ \t]+(.+?)[ \t]*$", re.M)
_TITLE = re.compile(r"^# (.+?)[ \t]*$", re.M)
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)

# One pattern for every construct, so that the pairs come in the text's order.
_CONSTRUCT = re.compile(
    # a screen wording as a block, then (maybe) its print wording
    r"(?P<sblock>^(?P<sfence>:{3,})\{screen\}[ \t]*\n(?P<sbody>.*?)^(?P=sfence)[ \t]*$"
    r"(?:\n(?:[ \t]*\n)*(?P<pfence>:{3,})\{print\}[ \t]*\n.*?^(?P=pfence)[ \t]*$)?)"
    r"|(?P<pblock>^(?P<pfence2>:{3,})\{print\}[ \t]*\n.*?^(?P=pfence2)[ \t]*(?:\n|$))"
    r"|(?P<bib>^```\{bibliography\}[^\n]*\n```[ \t]*$)"
    r"|\{screen\}`(?P<screen>[^`]*)`(?:\{print\}`[^`]*`)?"
    r"|(?P<print>\{print\}`[^`]*`)"
    r"|\{cite(?::[a-z]+)?\}`(?P<cite>[^`]+)`"
    r"|\{ref\}`(?P<ref>[^`]+)`"
    r"|\{doc\}`(?P<doc>[^`]+)`"
    r"|\{\{\s*(?P<sub>\w+)\s*\}\}",
    re.M | re.S,
)


@dataclass(frozen=True)
class Entry:
    """A bibliography entry: how a citation names it, and its full line."""

    short: str
    full: str


@dataclass
class Book:
    """What a chapter's references point to, read from its folder."""

    entries: dict[str, Entry] = field(default_factory=dict)
    #: label -> (chapter file name, section heading)
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: chapter name (no suffix) -> its title
    titles: dict[str, str] = field(default_factory=dict)
    substitutions: dict[str, str] = field(default_factory=dict)
    #: the chapter that prints the bibliography, and the anchor of its section
    bibliography: str = ""


def _plain(text: str) -> str:
    """A BibTeX field as text: its LaTeX read (braces, accents, dashes), one line."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return " ".join(Text.from_latex(text).render(Backend()).split())


def _names(persons: Sequence[object]) -> str:
    last = [_plain(" ".join(p.last_names)) for p in persons]  # type: ignore[attr-defined]
    if len(last) >= 3:
        return f"{last[0]} et al."
    return " and ".join(last)


def read_bibliography(path: Path) -> dict[str, Entry]:
    """The entries of a ``.bib`` file: author and year, or the title in
    quotes when the entry has no author (the book's source articles)."""
    from pybtex.database import parse_file

    out = {}
    for key, e in parse_file(str(path), bib_format="bibtex").entries.items():
        persons = e.persons.get("author") or e.persons.get("editor") or []
        title = _plain(e.fields.get("title", key))
        year = _plain(e.fields.get("year", ""))
        who = _names(persons)
        short = f"{who} {year}".strip() if who else f"“{title}”"
        venue = next(
            (
                _plain(e.fields[f])
                for f in ("journal", "publisher", "howpublished")
                if f in e.fields
            ),
            "",
        )
        full = ", ".join(x for x in (who, f"*{title}*", venue, year) if x)
        out[key] = Entry(short=short, full=full + ".")
    return out


def read_book(folder: Path) -> Book:
    """The references of the chapters in ``folder``: its ``.bib`` files, the
    labelled headings and titles of its chapters, and the landing page's
    values (when the folder's parent holds the book's ``_toc.yml``). Read
    again only when one of those files changed."""
    files = [*folder.glob("*.bib"), *folder.glob("*.md"), folder.parent / "_toc.yml"]
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in sorted(files) if f.is_file())
    return _read_book(folder, stamp)


@functools.lru_cache(maxsize=8)
def _read_book(folder: Path, stamp: tuple[tuple[str, int], ...]) -> Book:
    book = Book()
    for bib in sorted(folder.glob("*.bib")):
        book.entries.update(read_bibliography(bib))
    for md in sorted(folder.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        for label, _level, heading in _LABEL.findall(text):
            book.sections[label] = (md.name, heading)
        if title := _TITLE.search(text):
            book.titles[md.stem] = title.group(1)
        if not book.bibliography and _BIBLIOGRAPHY.search(text):
            book.bibliography = f"{md.name}#references"
    root = folder.parent
    if (root / "_toc.yml").is_file():
        book.substitutions = book_facts(root).substitutions()
    return book


def _link(text: str, target: str, here: str) -> str:
    page, _, anchor = target.partition("#")
    if page == here:
        target = f"#{anchor}" if anchor else page
    return f"[{text}]({target})"


def _cite(keys: str, book: Book, here: str) -> str | None:
    entries = [book.entries.get(k.strip()) for k in keys.split(",")]
    if not all(entries):
        return None
    where = book.bibliography or ""
    links = [_link(e.short, where, here) if where else e.short for e in entries if e]
    return "(" + "; ".join(links) + ")"


def _ref(content: str, book: Book, here: str) -> str | None:
    explicit = _EXPLICIT.match(content)
    text, label = (explicit.group(1), explicit.group(2)) if explicit else ("", content)
    if label in book.sections:
        page, heading = book.sections[label]
        return _link(text or heading, f"{page}#{label}", here)
    return text or None  # a label of the site alone (the index): its words


def _doc(content: str, book: Book, here: str) -> str | None:
    explicit = _EXPLICIT.match(content)
    text, target = (explicit.group(1), explicit.group(2)) if explicit else ("", content)
    name = Path(target).name.removesuffix(".md")
    if name not in book.titles:
        return text or None
    return _link(text or book.titles[name], f"{name}.md", here)


def _bibliography(book: Book) -> str:
    return "\n".join(f"- {e.full}" for e in sorted(book.entries.values(), key=lambda e: e.short))


def lab_markdown(source: str, book: Book, here: str = "") -> tuple[str, list[list[str]]]:
    """A Markdown cell as JupyterLab shows it, and the pairs (the file's text,
    the shown text) of each rewrite, in order. ``here`` is the chapter's file
    name: links inside it need no file name. What the book does not know
    (a key missing from the ``.bib`` file, say) is left as it is."""
    pairs: list[list[str]] = []

    def shown(m: re.Match[str]) -> str:
        kind = m.lastgroup
        new: str | None
        if m.group("sblock") is not None:
            new = lab_markdown(m.group("sbody"), book, here)[0].rstrip("\n")
        elif m.group("pblock") is not None or m.group("print") is not None:
            new = ""
        elif m.group("bib") is not None:
            new = _bibliography(book) if book.entries else None
        elif m.group("screen") is not None:
            new = lab_markdown(m.group("screen"), book, here)[0]
        elif kind == "cite":
            new = _cite(m.group("cite"), book, here)
        elif kind == "ref":
            new = _ref(m.group("ref"), book, here)
        elif kind == "doc":
            new = _doc(m.group("doc"), book, here)
        else:
            new = book.substitutions.get(m.group("sub"))
        if new is None:
            return m.group(0)
        pairs.append([m.group(0), new])
        return new

    return _CONSTRUCT.sub(shown, source), pairs


def file_markdown(text: str, pairs: Sequence[Sequence[str]]) -> str:
    """The file's text of a cell JupyterLab showed: each shown piece, found
    in order, turned back into what the file says. A piece the reader
    changed stays as the reader left it."""
    out, at = [], 0
    for original, new in pairs:
        found = text.find(new, at) if new else at
        if found < 0:
            continue
        out.append(text[at:found])
        out.append(original)
        at = found + len(new)
    out.append(text[at:])
    return "".join(out)
