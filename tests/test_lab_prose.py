"""Citations, references and the landing page's numbers as a JupyterLab reader
sees them (``nllbook_pages._lab_prose``, applied by the Jupyter server
extension ``nllbook_pages._jupyter``).

What each must read is worked out here from the sources on their own: the
.bib file's author and year fields (read with a regular expression, not
pybtex), the headings under each ``(label)=``, the chapters of ``_toc.yml``.
No bibliography key and no label may be what a reader sees, and saving a
chapter after reading it, edited or not, writes back the file's own text.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jupytext
import pytest
import yaml

from nllbook_pages._lab_prose import file_markdown, lab_markdown, read_book

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHAPTERS = [p for p in sorted(BOOK.glob("*.md")) if "jupytext:" in p.read_text()[:400]]
#: Link targets: "(page.md#label)" may name a label, the text may not.
TARGETS = re.compile(r"\]\([^)\s]*\)")
TARGET_LINE = re.compile(r"^\([^)\s]+\)=[ \t]*$", re.M)
ROLES = re.compile(r"\{[\w:-]+\}`[^`]*`")


def markdown_cells(path: Path) -> list[str]:
    nb = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def bib_fields() -> dict[str, dict[str, str]]:
    """Each entry's fields, by key, read from the .bib file's text."""
    text = (BOOK / "references.bib").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^@\w+\{([^,]+),(.*?)^\}", text, re.M | re.S):
        fields = dict(re.findall(r"^\s*(\w+)\s*=\s*\{(.*?)\},?\s*$", m.group(2), re.M | re.S))
        fields = {k: v.replace('{\\"u}', "ü") for k, v in fields.items()}
        out[m.group(1)] = {
            k: " ".join(v.replace("{", "").replace("}", "").split()) for k, v in fields.items()
        }
    return out


def labelled_headings() -> dict[str, tuple[str, str]]:
    """label -> (chapter file, the heading right under the label)."""
    out = {}
    for path in BOOK.glob("*.md"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if m := re.fullmatch(r"\((.+)\)=", line.strip()):
                heading = next(ln for ln in lines[i + 1 :] if ln.strip())
                if heading.startswith("#"):
                    out[m.group(1)] = (path.name, heading.lstrip("#").strip())
    return out


@pytest.fixture(scope="module")
def book() -> Any:
    return read_book(BOOK)


def test_every_citation_reads_as_author_and_year_linking_to_the_references(book: Any) -> None:
    bib = bib_fields()
    cited = 0
    for path in CHAPTERS:
        for source in markdown_cells(path):
            shown, _ = lab_markdown(source, book, path.name)
            for keys in re.findall(r"\{cite\}`([^`]+)`", source):
                for key in keys.split(","):
                    fields = bib[key.strip()]
                    if "author" in fields:
                        first = fields["author"].split(" and ")[0].split(",")[0].strip()
                        want = re.escape(first) + r"[^\]]* " + fields["year"]
                    else:
                        want = re.escape(f"“{fields['title']}”")
                    link = rf"\[{want}\]\((?:errata\.md)?#references\)"
                    assert re.search(link, shown), f"{path.name}: {key} does not read {want}"
                    cited += 1
    assert cited >= 50, f"only {cited} citations found"


def test_every_reference_reads_as_its_sections_heading(book: Any) -> None:
    headings = labelled_headings()
    found = 0
    for path in CHAPTERS:
        for source in markdown_cells(path):
            shown, _ = lab_markdown(source, book, path.name)
            for label in re.findall(r"\{ref\}`([^`<>]+)`", source):
                page, heading = headings[label]
                target = f"#{label}" if page == path.name else f"{page}#{label}"
                assert f"[{heading}]({target})" in shown, f"{path.name}: {label}"
                found += 1
    assert found >= 25


def test_no_key_label_or_markup_is_what_jupyterlab_shows(book: Any) -> None:
    """In the text a reader sees (link targets aside): no bibliography key,
    no label, no role, no substitution, no print wording."""
    keys = set(bib_fields())
    labels = set(labelled_headings())
    problems = []
    for path in CHAPTERS:
        for source in markdown_cells(path):
            shown, _ = lab_markdown(source, book, path.name)
            # A "(label)=" line is a target, which shows nothing; a label that
            # is also a word of the prose ("multi-label") may stay a word.
            text = TARGETS.sub("]", TARGET_LINE.sub("", shown))
            prose = ROLES.sub("", TARGET_LINE.sub("", source))
            words = set(re.findall(r"[\w-]+", text)) - set(re.findall(r"[\w-]+", prose))
            raw = [m for m in ("{cite", "{ref}", "{doc}", "{{", "{screen}", "{print}") if m in text]
            problems += [f"{path.name}: {x}" for x in sorted((keys | labels) & words) + raw]
            for wording in re.findall(r"\{print\}`([^`]{12,})`", source):
                if wording in shown:
                    problems.append(f"{path.name}: print wording {wording!r}")
    assert not problems, problems


def test_the_landing_page_shows_its_chapter_count(book: Any) -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [
        e["file"]
        for e in toc["chapters"]
        if re.search(r"^## Exercises", (ROOT / f"{e['file']}.md").read_text(), re.M)
    ]
    shown = "\n".join(lab_markdown(s, book)[0] for s in markdown_cells(BOOK / "index.md"))
    assert f"**{len(chapters)} chapters**" in shown
    assert "{{" not in shown


def test_the_references_page_lists_the_bibliography(book: Any) -> None:
    shown = "\n".join(
        lab_markdown(s, book, "errata.md")[0] for s in markdown_cells(BOOK / "errata.md")
    )
    for fields in bib_fields().values():
        assert fields["title"] in shown


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_files_text_comes_back_edited_or_not(path: Path, book: Any) -> None:
    for source in markdown_cells(path):
        shown, pairs = lab_markdown(source, book, path.name)
        assert file_markdown(shown, pairs) == source
        # A reader's sentence, before and after, stays; the roles come back.
        edited = "A note of mine. " + shown + "\nAnd another."
        assert file_markdown(edited, pairs) == "A note of mine. " + source + "\nAnd another."


def test_a_screen_only_block_reads_like_the_prose_around_it(book: Any) -> None:
    """A citation and a reference inside a ``{screen}`` block read as they do
    outside it, and the file's text comes back."""
    key, label = next(iter(bib_fields())), next(iter(labelled_headings()))
    inner = f"See {{cite}}`{key}` and {{ref}}`{label}`."
    alone, _ = lab_markdown(inner, book, "start.md")
    assert alone != inner
    source = f"Before.\n\n:::{{screen}}\n{inner}\n:::\n\nAfter."
    shown, pairs = lab_markdown(source, book, "start.md")
    assert shown == f"Before.\n\n{alone}\n\nAfter."
    assert file_markdown(shown, pairs) == source


def test_unknown_keys_and_labels_are_left_as_they_are(book: Any) -> None:
    source = "See {cite}`no_such_key` and {ref}`no-such-label`."
    assert lab_markdown(source, book) == (source, [])


# -- the server extension, on a copy of the book -------------------------------------------


def test_the_server_shows_the_prose_and_saves_the_file_unchanged(tmp_path: Path) -> None:
    """Through jupytext's contents manager with the extension loaded: a
    chapter reads with author and year, and saving what was read, unedited
    or with a sentence added, writes the file's own text back."""
    from jupytext.async_contentsmanager import AsyncTextFileContentsManager

    from nllbook_pages import _jupyter

    shutil.copytree(BOOK, tmp_path / "book")
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    manager = AsyncTextFileContentsManager(root_dir=str(tmp_path))
    _jupyter._load_jupyter_server_extension(SimpleNamespace(contents_manager=manager))
    path = "book/start.md"
    before = (tmp_path / path).read_bytes()

    async def run() -> tuple[Any, bytes, str]:
        model = await manager.get(path=path, content=True, type="notebook")
        await manager.save(copy.deepcopy(model), path)
        unedited = (tmp_path / path).read_bytes()
        edited = copy.deepcopy(model)
        cell = next(
            c
            for c in edited["content"]["cells"]
            if "{cite}" in c["metadata"].get(_jupyter.KEY, {}).get("source", "")
        )
        original = cell["metadata"][_jupyter.KEY]["source"]
        cell["source"] = "My note. " + cell["source"]
        await manager.save(edited, path)
        return model, unedited, original

    # In its own thread: when the browser tests ran first in this process,
    # Playwright's event loop is still running in the main thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        model, unedited, original = pool.submit(asyncio.run, run()).result()
    text = "\n".join(c["source"] for c in model["content"]["cells"])
    assert "[“Negative log likelihood explained”](errata.md#references)" in text
    assert "{cite}" not in text and "nll_word_by_word" not in text
    assert unedited == before, "saving the unedited chapter changed it"
    after = (tmp_path / path).read_text(encoding="utf-8")
    assert after == before.decode().replace(original, "My note. " + original, 1)
    assert _jupyter.KEY not in after
