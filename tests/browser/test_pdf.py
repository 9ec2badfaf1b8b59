"""The take-away edition: the whole-book PDF and the print view of a chapter.

The PDF is ``_build/html/nllbook.pdf``, printed by ``scripts/build-pdf`` from
the built site; it is read with Debian's poppler-utils (``pdfinfo``,
``pdftotext``, ``pdffonts``). What it must contain is read from the book's
sources and computed by nllbook, never copied from the PDF itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from nllbook import examples as ex
from nllbook.widgets import all_explorers

from .conftest import REPO, Guard, require_site, site_dir

# A page count outside this range means chapters went missing or the layout
# broke (a figure per page, say): 11 chapters, a cover, contents, appendix.
MIN_PAGES, MAX_PAGES = 30, 120
CHAPTER = "book/01_start.html"


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install -y poppler-utils", pytrace=False)
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


@cache
def pdf() -> Path:
    require_site()
    path = site_dir() / "nllbook.pdf"
    if not path.is_file():
        pytest.fail(f"No {path}: print it with  bash scripts/build-pdf", pytrace=False)
    return path


@cache
def pages(mode: str = "-layout") -> list[str]:
    """The text of each page of the PDF: laid out as on the page, or with
    ``-raw`` in the order it was drawn (a caption stays in one piece even
    when it sits beside another)."""
    return poppler("pdftotext", mode, str(pdf()), "-").split("\f")


def flat(text: str) -> str:
    """Text with every run of white space made one space: lines break anywhere
    (also right after a hyphen, which then joins the two halves)."""
    return " ".join(re.sub(r"-\n\s*", "-", text).split())


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    return [entry["file"] for entry in toc["chapters"]]


def source_title(file: str) -> str:
    """The first level-one heading of a chapter's MyST source, as plain text."""
    text = (REPO / f"{file}.md").read_text(encoding="utf-8")
    heading = next(line[2:] for line in text.splitlines() if line.startswith("# "))
    return re.sub(r"[*_`]", "", heading).strip()


def test_page_count_in_range() -> None:
    info = poppler("pdfinfo", str(pdf()))
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert MIN_PAGES <= count <= MAX_PAGES
    assert count == len(pages()) - (pages()[-1].strip() == "")


def test_every_chapter_title_and_its_page_in_the_contents() -> None:
    """Each chapter's title is in the contents with a page number, and that
    page starts with the title; no chapter is left out."""
    text = pages()
    contents = next(i for i, p in enumerate(text) if flat(p).startswith("Contents"))
    lines = [flat(line) for line in text[contents].splitlines()]
    for file in toc_files():
        title = source_title(file)
        entry = [ln for ln in lines if re.fullmatch(re.escape(title) + r" \d+", ln)]
        assert entry, f"{title!r} is not in the contents with a page number"
        number = int(entry[0].rsplit(" ", 1)[1])
        assert flat(text[number - 1]).startswith(title), (
            f"the contents send {title!r} to page {number}, which does not start with it"
        )


def test_every_player_printed_as_its_telling_states() -> None:
    """Each explorer's print states appear with the numbers nllbook gives them."""
    text = flat("\n".join(pages("-raw")))
    for key, factory in all_explorers().items():
        explorer = factory()
        for values in explorer.strip_states():
            wanted = flat(explorer.announcement(**values))
            assert wanted in text, f"{key}: {wanted!r} is not in the PDF"


def test_key_numbers_of_the_errata_table() -> None:
    """Every worked example's value, as nllbook computes it, to four decimals."""
    text = flat("\n".join(pages())).replace("−", "-")
    for e in ex.ALL:
        assert f"{e.value:.4f}" in text, f"{e.key}: {e.value:.4f} is not in the PDF"


def test_every_solution_in_the_appendix() -> None:
    text = pages()
    appendix = next(
        i for i, p in enumerate(text) if flat(p).startswith("Solutions to the exercises")
    )
    in_sources = sum(
        (REPO / f"{file}.md").read_text(encoding="utf-8").count(":::{admonition} Solution")
        for file in toc_files()
    )
    body = flat("\n".join(text[2:appendix]))
    forth = [int(n) for n in re.findall(r"Solution in the appendix, page (\d+)", body)]
    back = re.findall(r"Back to the exercise, page (\d+)", flat("\n".join(text[appendix:])))
    assert len(forth) == len(back) == in_sources
    # Each link's page number is where its target is.
    assert all(n > appendix for n in forth)
    for n in map(int, back):
        assert "Solution in the appendix" in flat(text[n - 1])


def test_no_interactive_leftovers() -> None:
    text = flat("\n".join(pages()))
    for leftover in ("Click to show", "Show code cell", "Print page", "Start reading", "¶"):
        assert leftover not in text


def test_every_font_embedded() -> None:
    rows = poppler("pdffonts", str(pdf())).splitlines()[2:]
    assert rows, "the PDF lists no fonts"
    for row in rows:
        # name, type, encoding, emb, sub, uni, object, generation: emb is the
        # fourth field from the end once the object id is split off.
        fields = row.split()
        assert fields[-5] == "yes", f"font not embedded: {row}"


def test_internal_links_land_on_named_destinations() -> None:
    data = pdf().read_bytes()
    targets = set(re.findall(rb"/Dest /([^\s/>\]]+)", data))
    dests = poppler("pdfinfo", "-dests", str(pdf()))
    named = set(re.findall(r'"([^"]+)"\s*$', dests, re.M))
    stems = {Path(f).name for f in toc_files()}
    assert stems <= {t.decode() for t in targets}, "the contents do not link every chapter"
    missing = {t.decode() for t in targets} - named
    assert not missing, f"links to no destination: {sorted(missing)[:5]}"
    assert b"/URI (file:" not in data, "a link points into the local file system"


def test_site_links_the_pdf() -> None:
    site = require_site()
    for page in ("book/index.html", CHAPTER):
        html = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*nllbook\.pdf)"', html)
        assert links, f"{page} does not link the PDF"
        for href in links:
            assert ((site / page).parent / href).resolve() == pdf().resolve()


# -- one chapter, printed from the browser ------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printed_chapter_shows_strips_and_solutions(
    guarded: tuple[Any, Guard], site_url: str, scheme: str
) -> None:
    """Printed in either colour mode, a chapter has no slider or button, a
    strip of three or four states per player, every solution open, and dark
    text on a light page."""
    page, g = guarded
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + CHAPTER, wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-nllbook-player][data-ready]')")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    shown = page.evaluate(
        """() => {
          const visible = (el) => {
            const s = getComputedStyle(el), r = el.getBoundingClientRect();
            return s.display !== "none" && s.visibility !== "hidden"
              && r.width > 0 && r.height > 0;
          };
          const all = (sel) => Array.from(document.querySelectorAll(sel));
          return {
            sliders: all("input[type=range]").filter(visible).length,
            buttons: all("button").filter(visible).length,
            players: all("[data-nllbook-player]").length,
            strips: all(".nllbook-strip").filter(visible).map(
              (s) => s.querySelectorAll(".nllbook-strip-cell svg").length),
            theme: document.documentElement.dataset.theme,
            ink: getComputedStyle(document.body).color,
            solutions: all(".admonition.dropdown").map((a) =>
              Array.from(a.children).filter((c) => !c.classList.contains("admonition-title"))
                .every(visible)),
          };
        }"""
    )
    assert shown["sliders"] == 0
    assert shown["buttons"] == 0
    assert shown["players"] >= 1
    assert len(shown["strips"]) == shown["players"]
    assert all(3 <= n <= 4 for n in shown["strips"])
    assert shown["solutions"] and all(shown["solutions"])
    assert shown["theme"] == "light"
    red, green, blue = map(int, re.findall(r"\d+", shown["ink"])[:3])
    assert max(red, green, blue) < 100, f"text colour {shown['ink']} is not dark"
    g.assert_clean(CHAPTER)
