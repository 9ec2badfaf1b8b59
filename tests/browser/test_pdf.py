"""The take-away edition: the whole-book PDF and the print view of a chapter.

The PDF is ``_build/html/nllbook.pdf``, printed by ``scripts/build-pdf`` from
the built site; it is read with Debian's poppler-utils (``pdfinfo``,
``pdftotext``, ``pdffonts``). What it must contain is read from the book's
sources and computed by nllbook, never copied from the PDF itself: each
explorer is printed as a strip of its ``print_states``, each cell captioned
with the explorer's ``announce`` text filled with nllbook's numbers for that
state, at a size that reads on paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import pytest
import repo_sources
import yaml

from nllbook import examples as ex
from nllbook_pages import all_explorers, quiz_bank
from nllbook_pages.explorer import fill
from nllbook_pages.quiz import Choice, Numeric, Question

from .conftest import EXPLORERS_LIVE_JS, REPO, Guard, guard, require_site, site_dir, site_pages
from .shared_pages import Opened
from .visits import Visits

# A page count outside this range means pages went missing or the layout
# broke (a figure per paper page, say). Per page of the site: its text, its
# explorers kept whole (the ends of paper pages left blank where one moved on
# to the next), and its share of the two appendices.
MIN_PAGES_PER_PAGE, MAX_PAGES_PER_PAGE = 2, 10
CHAPTER = "book/start.html"
#: The smallest text of a strip's figures on paper, in points.
MIN_STRIP_PT = 8.0


def build_pdf() -> ModuleType:
    """scripts/build_pdf.py, for its paper size, margins and stylesheet."""
    return repo_sources.load("scripts/build_pdf.py")


@cache
def captions() -> dict[str, list[str]]:
    """Each explorer's print captions: its announcement at each print state, by nllbook."""
    out = {}
    for key, factory in all_explorers().items():
        explorer = factory()
        out[key] = [
            fill(explorer.announce, explorer.numbers(**state)) for state in explorer.print_states
        ]
    return out


def explorer_pages() -> list[str]:
    site = site_dir()
    return [p for p in site_pages(site) if "data-explorer=" in (site / p).read_text("utf-8")] or [
        "<site not built>"
    ]


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
    (also right after a hyphen, which then joins the two halves); ligatures
    such as "fi" are read as their letters."""
    text = unicodedata.normalize("NFKC", text)
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
    site = len(site_pages())
    assert MIN_PAGES_PER_PAGE * site <= count <= MAX_PAGES_PER_PAGE * site, (count, site)
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


def test_every_explorer_printed_as_its_strip_of_print_states() -> None:
    """Each explorer's title, then its three or four print states in order, each
    captioned with the numbers nllbook gives it."""
    text = flat("\n".join(pages("-raw")))
    for key, factory in all_explorers().items():
        explorer = factory()
        assert 3 <= len(explorer.print_states) <= 4, f"{key}: {len(explorer.print_states)} states"
        at = text.find(flat(explorer.title))
        assert at >= 0, f"{key}: its title {explorer.title!r} is not in the PDF"
        for wanted in map(flat, captions()[key]):
            found = text.find(wanted, at)
            assert found >= 0, f"{key}: the caption {wanted!r} is not in the PDF after its title"
            at = found + len(wanted)


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


def printed_questions() -> list[tuple[str, int, Question]]:
    """The check-yourself questions the book's pages show, in reading order,
    read from the sources (each page's ``quiz_bank.chapter(...)`` and
    ``quiz_bank.review()``) and the bank: (page, number on the page, question)."""
    out = []
    for file in toc_files():
        source = (REPO / f"{file}.md").read_text(encoding="utf-8")
        # A cell that shows questions ends with the call on a line of its own;
        # a page may also read a question in its code (Corrections does).
        shown = r'^quiz_bank\.(?:chapter\("([^"]+)"\)|review\(\))[ \t]*$'
        for call in re.finditer(shown, source, re.M):
            quiz = quiz_bank.chapter(call.group(1)) if call.group(1) else quiz_bank.review()
            out += [(file, n, q) for n, q in enumerate(quiz.questions, start=1)]
    return out


def answer_words(question: Question) -> str:
    """The right answer as the appendix must give it: the number to the
    question's digits, or the option's words."""
    if isinstance(question, Numeric):
        return f"{question.answer:.{question.digits}f}"
    assert isinstance(question, Choice)
    return flat(question.options[question.answer]).rstrip(".")


def test_answers_appendix_has_one_answer_per_question() -> None:
    """The appendix "Answers to the questions" has one entry per question the
    chapters print, in their order, each with nllbook's answer; each question
    links to the page of its answer, and each answer back to the page of its
    question (which shows that question's prompt)."""
    text = pages()
    start = next(i for i, p in enumerate(text) if flat(p).startswith("Answers to the questions"))
    end = next(i for i, p in enumerate(text) if flat(p).startswith("Solutions to the exercises"))
    assert start < end
    expected = printed_questions()
    assert len(expected) >= 50, "the sources show fewer questions than the book has"
    chapters = flat("\n".join(text[2:start]))
    forth = [int(n) for n in re.findall(r"Answer in the appendix, page (\d+)", chapters)]
    assert len(forth) == len(expected), f"{len(forth)} questions point to an answer"
    entries = []  # (page of the entry, its number, the page it links back to, its text)
    for i in range(start, end):
        page = flat(text[i])
        found = list(re.finditer(r"Question (\d+), page (\d+): ", page))
        for k, m in enumerate(found):
            stop = found[k + 1].start() if k + 1 < len(found) else len(page)
            entries.append((i + 1, int(m.group(1)), int(m.group(2)), page[m.end() : stop]))
    assert len(entries) == len(expected), f"{len(entries)} answers for {len(expected)} questions"
    for (file, number, question), to, (at, shown, back, entry) in zip(
        expected, forth, entries, strict=True
    ):
        where = f"{file}, question {number} ({question.key})"
        assert shown == number, f"{where}: the appendix numbers it {shown}"
        assert to == at, f"{where}: points to page {to}, its answer is on page {at}"
        want = answer_words(question)
        shown_answer = entry.lstrip("\u201c").replace("\u2212", "-")
        assert shown_answer.startswith(want), f"{where}: {entry[:80]!r}, not {want!r}"
        assert flat(question.why)[:40] in entry, f"{where}: the reason is missing"
        prompt = flat(question.prompt)[:50]
        assert prompt in flat(text[back - 1]), f"{where}: page {back} does not show it"


@dataclass(frozen=True)
class Word:
    """A word of the PDF and its box, in points from the page's top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    line: int


@cache
def boxed_pages() -> list[list[Word]]:
    """Every word of every page with its box, from ``pdftotext -bbox-layout``."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    root = ElementTree.fromstring(poppler("pdftotext", "-bbox-layout", str(pdf()), "-"))
    out, n = [], 0
    for page in root.iter(xhtml + "page"):
        words = []
        for line in page.iter(xhtml + "line"):
            n += 1
            for w in line.iter(xhtml + "word"):
                box = (float(w.get(k, "nan")) for k in ("xMin", "yMin", "xMax", "yMax"))
                words.append(Word(unicodedata.normalize("NFKC", w.text or ""), *box, line=n))
        out.append(words)
    return out


@cache
def text_font_extent() -> float:
    """How many times its font size a word's box is tall: poppler draws it from
    the font's ascent to its descent (Ascent - Descent of its FontDescriptor,
    in thousandths). The largest of the PDF's text fonts (the maths fonts
    aside), so that a size read from it is never too large."""
    extents = []
    for d in re.findall(rb"<<[^<>]*?/Type /FontDescriptor[^<>]*?>>", pdf().read_bytes()):
        name = re.search(rb"/FontName /([^\s/>]+)", d)
        ascent = re.search(rb"/Ascent (-?[\d.]+)", d)
        descent = re.search(rb"/Descent (-?[\d.]+)", d)
        if name and ascent and descent and b"KaTeX" not in name.group(1):
            extents.append((float(ascent.group(1)) - float(descent.group(1))) / 1000)
    assert extents, "no font descriptors found in the PDF"
    return max(extents)


def point_size(word: Word, line: list[Word]) -> float:
    """A word's font size in points, from its box. Turned text (an axis
    title) has its size across the box: a line of words stacked one above
    the other, or a word of three or more letters taller than it is wide. A
    word of one or two characters that is taller than wide is upright (no
    glyph is wider than the font is tall)."""
    stacked = len(line) > 1 and len({round(w.x0) for w in line}) == 1
    turned = stacked or (word.y1 - word.y0 > word.x1 - word.x0 and len(word.text) >= 3)
    across = word.x1 - word.x0 if turned else word.y1 - word.y0
    return across / text_font_extent()


def lines_of(words: list[Word]) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for w in words:
        out.setdefault(w.line, []).append(w)
    return out


def line_text(line: list[Word]) -> str:
    return flat(" ".join(w.text for w in line))


def explorer_on_one_page(key: str) -> tuple[int, list[Word], list[Word]]:
    """Where an explorer is printed: the page (from 1) where its title and,
    below it, the first line of its caption (the last thing of its box) are;
    the words of its strip (below the title, down to the last line of its
    cells' captions); and those of the whole box (down to its caption)."""
    explorer = all_explorers()[key]()
    title, caption = flat(explorer.title), flat(explorer.caption)
    cells = [flat(c) for c in captions()[key]]
    for number, words in enumerate(boxed_pages(), start=1):
        lines = lines_of(words).values()
        ends = [ln for ln in lines if len(ln) >= 4 and caption.startswith(line_text(ln))]
        for top in (ln for ln in lines if line_text(ln) == title):
            below = [e[0].y0 for e in ends if e[0].y0 > top[0].y1]
            if not below:
                continue
            box = [w for w in words if top[0].y1 - 0.5 <= w.y0 and w.y1 <= min(below) + 0.5]
            in_cells = [
                ln
                for ln in lines_of(box).values()
                if len(ln) >= 2 and any(line_text(ln) in c for c in cells)
            ]
            bottom = max((ln[0].y1 for ln in in_cells), default=top[0].y1)
            # A caption's last line may hold a single word, right below.
            for ln in sorted(lines_of(box).values(), key=lambda ln: ln[0].y0):
                if bottom < ln[0].y0 <= bottom + 8 and any(line_text(ln) in c for c in cells):
                    bottom = ln[0].y1
            return number, [w for w in box if w.y1 <= bottom + 0.5], box
    return 0, [], []


def test_every_explorer_on_one_page_with_strip_text_of_8_pt_or_more() -> None:
    """Each explorer's box, from its title to its caption, is on one page with
    its whole strip (every cell's caption) in between; every word of the
    strip (its figures' labels and ticks, its captions) is 8 pt or larger on
    paper, as poppler reads the PDF."""
    problems, smallest = [], (99.0, "", "")
    for key in all_explorers():
        number, strip, _box = explorer_on_one_page(key)
        if not number:
            problems.append(f"{key}: its title and its caption are not on one page")
            continue
        in_strip = line_text(strip).split()
        for caption in captions()[key]:
            if not all(token in in_strip for token in flat(caption).split()):
                problems.append(f"{key}: the strip's caption {caption!r} is not on page {number}")
        if len(strip) < 10:
            problems.append(f"{key}: only {len(strip)} words found in its strip")
        lines = lines_of(strip)
        for w in strip:
            size = point_size(w, lines[w.line])
            smallest = min(smallest, (size, key, w.text))
            if size < MIN_STRIP_PT:
                problems.append(f"{key}, page {number}: {w.text!r} is {size:.1f} pt")
    print(f"smallest text of a strip: {smallest[0]:.2f} pt ({smallest[1]}: {smallest[2]!r})")
    assert not problems, "\n  ".join(["", *problems])


class _Tables(HTMLParser):
    """The tables of a page's article, each a list of rows, each a list of its
    cells' plain text (``None`` for a cell with a formula, whose text reads
    differently in the PDF, or with code, which may wrap inside a word)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str | None]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.maths = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell, self.maths = [], False
        elif self.cell is not None and (
            tag == "code" or "katex" in (dict(attrs).get("class") or "")
        ):
            self.maths = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            text = flat("".join(self.cell))
            self.tables[-1][-1].append(None if self.maths or not text else text)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables_of(file: str) -> list[list[list[str | None]]]:
    markup = (site_dir() / f"{file}.html").read_text(encoding="utf-8")
    start = re.search(r'<article class="bd-article"[^>]*>', markup)
    assert start, f"{file}: no article"
    article = markup[start.start() :]
    article = re.sub(
        r'<div class="nbx[ "].*?<script class="nbx-spec".*?</script>', "", article, flags=re.S
    )
    parser = _Tables()
    parser.feed(article)
    return [t for t in parser.tables if len(t) >= 2]


def needle(row: list[str | None]) -> str:
    """The longest word (letters, or a decimal number) of a row's plain cells:
    a cell's text may wrap, code at any punctuation, and its lines then mix
    with those of the cells beside it."""
    words = [w for cell in row if cell for w in re.findall(r"[^\W\d_]{4,}|\d+\.\d+", cell)]
    return max(words, key=len, default="")


def test_no_table_breaks_across_pages() -> None:
    """Each table of the book is on one page of the PDF: where its rows are
    found, in order (each by its longest word), the first and the last are
    on the same page."""
    flats = [flat(p).replace("\u2212", "-") for p in pages("-raw")]
    starts = [0]
    for p in flats:
        starts.append(starts[-1] + len(p) + 1)
    whole = " ".join(flats)

    def page_at(offset: int) -> int:
        return next(i for i in range(len(flats)) if starts[i + 1] > offset) + 1

    checked, problems = 0, []
    text = whole[starts[2] :]  # the book after its contents
    for file in toc_files():
        for table in tables_of(file):
            rows = [w for w in map(needle, table) if len(w) >= 4]
            if len(rows) < 2:
                continue
            # Each row's word in order, from each place the first row's word
            # is found (a table may have moved to an appendix with its
            # solution); the tightest such run is the table.
            runs = []
            for m in re.finditer(re.escape(rows[0]), text):
                at = [m.start()]
                for word in rows[1:]:
                    nxt = text.find(word, at[-1] + 1)
                    if nxt < 0:
                        break
                    at.append(nxt)
                else:
                    runs.append((at[-1] - at[0], at[0], at[-1]))
            if not runs:
                problems.append(f"{file}: the table of {rows} is not in the PDF")
                continue
            _, a, b = min(runs)
            checked += 1
            first, end = page_at(starts[2] + a), page_at(starts[2] + b)
            if first != end:
                problems.append(
                    f"{file}: the table {rows[0]!r}... starts on page {first}, ends on {end}"
                )
    assert checked >= 15, f"only {checked} tables checked: {problems}"
    assert not problems, "\n  ".join(["", *problems])


def test_no_interactive_leftovers() -> None:
    text = flat("\n".join(pages()))
    leftovers = ["Click to show", "Show code cell", "Print page", "Start reading", "¶"]
    # An explorer's prediction and controls are for the screen.
    leftovers += ["Predict first:", "Commit my guess", "Prediction skipped"]
    for leftover in leftovers:
        assert leftover not in text


#: What asks for a pointer, a finger or a key, or names a control that paper
#: does not have. (Not "touch", which the prose says of curves, nor "Press",
#: a publisher's name.)
SCREEN_ONLY = re.compile(
    r"\b(?:drag\w*|(?:right-|double-)?click\w*|tap(?:s|ped|ping)?|hover\w*|swip\w+|mouse"
    r"|scroll\w*|press(?:es|ing)? (?:the|a|an|any|Home|End|Tab|Enter|Escape)"
    r"|slid(?:e|es|ing) (?:the|right|left|slowly|past|to|along|back)|sliders?)\b",
    re.I,
)
#: A wording of one medium in a chapter's source (_ext/nllbook_print.py).
ROLE = r"\{%s\}`([^`]*)`"
BLOCK = r"^(:{3,})\{%s\}[ \t]*\n(.*?)^\1[ \t]*$"


def wordings(medium: str) -> list[tuple[str, str]]:
    """(chapter, wording) of every role and block of one medium in the book."""
    out = []
    for file in [*toc_files(), "book/index"]:
        source = (REPO / f"{file}.md").read_text(encoding="utf-8")
        out += [(file, m) for m in re.findall(ROLE % medium, source)]
        out += [(file, m[1]) for m in re.findall(BLOCK % medium, source, re.M | re.S)]
    return out


def plain_pieces(markdown: str) -> list[str]:
    """The runs of plain words of a wording, as the PDF's text has them:
    split at maths, code, emphasis and list marks; runs of three words or more."""
    pieces = re.split(r"\$[^$]*\$|`[^`]*`|\*\*|\n\s*- |\{eval\}`[^`]*`", markdown)
    return [flat(p).strip(" ,.:;") for p in pieces if len(flat(p).split()) >= 3]


def test_paper_says_nothing_only_a_screen_can_do() -> None:
    """No sentence of the PDF asks the reader to drag, click, tap, hover,
    press a key or move a slider, but the one note on the web edition, on
    the cover; every print wording of the sources is printed, and their
    screen wordings and the explorers' hints are not."""
    text = flat("\n".join(pages())).replace("\u2019", "'")  # Sphinx curls apostrophes
    note = flat(build_pdf().WEB_EDITION_NOTE)
    assert text.count(note) == 1, "the note on the web edition is not printed once"
    assert note in flat(pages()[0]), "the note on the web edition is not on the cover"
    rest = text.replace(note, " ")
    found = [rest[max(0, m.start() - 50) : m.end() + 30] for m in SCREEN_ONLY.finditer(rest)]
    assert not found, "screen-only wording on paper:\n  " + "\n  ".join(found)
    printed = wordings("print")
    assert len(printed) >= 20, f"only {len(printed)} print wordings in the sources"
    missing = [
        (file, piece)
        for file, wording in printed
        if file != "book/index"  # the landing page gives the PDF its cover's lead only
        for piece in plain_pieces(wording)
        if piece not in text
    ]
    assert not missing, f"print wordings not in the PDF: {missing}"
    screen = [(f, p) for f, w in wordings("screen") for p in plain_pieces(w) if p in text]
    assert not screen, f"screen wordings in the PDF: {screen}"
    for key, factory in all_explorers().items():
        explorer = factory()
        assert explorer.hint, f"{key}: no hint (how a pointer moves it) for the screen"
        assert flat(explorer.hint) not in text, f"{key}: its hint is printed"
    # The cover's lead, the landing page's first paragraph, in its print wording.
    assert "figures of the telling cases" in flat(pages()[0])


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
    assert b"/URI (http://127.0.0.1" not in data, "a link points to the server that printed it"


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
    strip of three or four states per explorer, every solution open, and dark
    text on a light page."""
    page, g = guarded
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + CHAPTER, wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-explorer][data-ready]')")
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
            screenOnly: all(".nbx-stage, .nbx-predict, .nbx-predict-result")
              .filter(visible).length,
            explorers: all("[data-explorer]").length,
            strips: all(".nbx-strip").filter(visible).map(
              (s) => s.querySelectorAll(".nbx-strip-cell svg").length),
            words: all("[data-explorer] .nbx-words").filter(visible).length,
            theme: document.documentElement.dataset.theme,
            ink: getComputedStyle(document.body).color,
            captionInk: all(".nbx-strip-cell figcaption").map((c) => getComputedStyle(c).color),
            solutions: all(".admonition.dropdown").map((a) =>
              Array.from(a.children).filter((c) => !c.classList.contains("admonition-title"))
                .every(visible)),
          };
        }"""
    )
    assert shown["sliders"] == 0
    assert shown["buttons"] == 0
    assert shown["screenOnly"] == 0, "the stage or the prediction shows on paper"
    assert shown["explorers"] >= 1
    assert len(shown["strips"]) == shown["explorers"]
    assert all(3 <= n <= 4 for n in shown["strips"])
    assert shown["words"] == shown["explorers"], "an explorer's words are missing on paper"
    assert shown["solutions"] and all(shown["solutions"])
    assert shown["theme"] == "light"
    for ink in [shown["ink"], *shown["captionInk"]]:
        red, green, blue = map(int, re.findall(r"\d+", ink)[:3])
        assert max(red, green, blue) < 100, f"text colour {ink} is not dark"
    g.assert_clean(CHAPTER)


# The page as build_pdf puts it in the book: its article alone in the
# document, with the PDF's stylesheet.
AS_IN_THE_PDF_JS = """css => {
  window.nllbookExplorerStrips();
  const section = document.createElement("section");
  section.className = "pdf-chapter";
  section.appendChild(document.querySelector("article.bd-article"));
  document.body.replaceChildren(section);
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
}"""


class PrintedPages:
    """Each page laid out as build_pdf prints it (print media, the PDF's
    stylesheet, the paper's width, the explorers as strips), one page at a time:
    the strip test and the 8 pt test read the same layout of a page, so it is
    made once for both (they run one after the other, see conftest)."""

    def __init__(self, chromium: Any, site_url: str) -> None:
        self._chromium, self._site_url = chromium, site_url
        self._open: Opened | None = None

    def __call__(self, page_path: str) -> tuple[Any, Guard, int]:
        """The page as printed, its guard, and the paper's width in CSS px."""
        pdf_module = build_pdf()
        margins = sum(float(pdf_module.MARGIN[s].removesuffix("mm")) for s in ("left", "right"))
        width = round((pdf_module.PAPER_WIDTH_MM - margins) / 25.4 * 96)
        if self._open is None or self._open.page_path != page_path:
            self.close()
            context = self._chromium.new_context(viewport={"width": width, "height": 1200})
            g = guard(context)
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.emulate_media(media="print", color_scheme="light")
            page.goto(self._site_url + page_path, wait_until="load")
            page.wait_for_function(EXPLORERS_LIVE_JS)
            # A page without an explorer has no strips to draw.
            as_printed = AS_IN_THE_PDF_JS.replace(
                "window.nllbookExplorerStrips();",
                "if (window.nllbookExplorerStrips) window.nllbookExplorerStrips();",
            )
            page.evaluate(as_printed, pdf_module.PDF_CSS)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            self._open = Opened(page_path, context, page, g)
        return self._open.page, self._open.guard, width

    def close(self) -> None:
        if self._open is not None:
            self._open.context.close()
            self._open = None


@pytest.fixture(scope="session")
def printed(chromium: Any, site_url: str) -> Iterator[PrintedPages]:
    pages = PrintedPages(chromium, site_url)
    try:
        yield pages
    finally:
        pages.close()


STRIPS_JS = """() => Array.from(document.querySelectorAll("[data-explorer]"), (root) => {
  const strip = root.querySelector(".nbx-strip");
  const cells = strip ? Array.from(strip.querySelectorAll(".nbx-strip-cell")) : [];
  const sizes = Array.from(root.querySelectorAll(".nbx-strip-cell svg text"))
    .filter((t) => t.textContent.trim())
    .map((t) => {
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      return { text: t.textContent.trim(), pt: px * 0.75 };
    });
  const smallest = sizes.reduce((a, b) => (b.pt < a.pt ? b : a), { text: "", pt: Infinity });
  return {
    key: root.dataset.explorer,
    className: strip ? strip.className : "",
    captions: cells.map((c) => c.querySelector("figcaption").textContent),
    labels: cells.map((c) => c.querySelector("svg").getAttribute("aria-label")),
    drawn: cells.map((c) => c.querySelectorAll("svg path[d], svg rect, svg circle").length),
    smallest,
  };
})"""


@pytest.mark.parametrize("page_path", explorer_pages())
def test_strips_say_nllbooks_numbers_in_type_that_reads_on_paper(
    printed: PrintedPages, page_path: str
) -> None:
    """Laid out at the PDF's paper width: each explorer's strip has a cell per
    print state, in order, captioned with nllbook's numbers for it, and the
    smallest text of its figures is 8 pt or more on paper."""
    require_site()
    page, g, width = printed(page_path)
    problems = []
    for strip in page.evaluate(STRIPS_JS):
        key = strip["key"]
        want = captions()[key]
        if strip["className"] != f"nbx-strip nbx-strip-{len(want)}":
            problems.append(f"{key}: strip {strip['className']!r} for {len(want)} print states")
        if strip["captions"] != want:
            problems.append(f"{key}: captions {strip['captions']}, nllbook says {want}")
        for label, caption in zip(strip["labels"], want, strict=False):
            if caption not in (label or ""):
                problems.append(f"{key}: a cell's figure is labelled {label!r}")
        if not all(n > 3 for n in strip["drawn"]):
            problems.append(f"{key}: cells with nothing drawn: {strip['drawn']}")
        smallest = strip["smallest"]
        if smallest["pt"] < MIN_STRIP_PT:
            problems.append(
                f"{key}: figure text {smallest['text']!r} is {smallest['pt']:.1f} pt on paper"
            )
    assert not problems, f"{page_path} at {width} px:\n  " + "\n  ".join(problems)
    g.assert_clean(page_path)


def wording_pages() -> list[str]:
    """The pages of the built site with a print wording or an explorer's hint."""
    site = site_dir()
    return [
        p
        for p in site_pages(site)
        if re.search(r"nllbook-print|nbx-hint", (site / p).read_text("utf-8"))
    ] or ["<site not built>"]


@pytest.mark.parametrize("page_path", wording_pages())
def test_the_screen_shows_the_screen_wording_and_paper_the_print_wording(
    visits: Visits, page_path: str
) -> None:
    """On screen, every screen wording of the page's source and every
    explorer's hint show, and no print wording; printed, the other way round."""
    seen = visits(page_path)
    file = page_path.removesuffix(".html")
    want_screen, want_print = (
        [w for f, w in wordings(medium) if f == file] for medium in ("screen", "print")
    )
    on_screen, on_paper = seen.on_screen, seen.on_paper
    where = page_path
    assert len(on_screen["screen"]) == len(want_screen), f"{where}: {on_screen['screen']}"
    assert len(on_screen["print"]) == len(want_print), f"{where}: {on_screen['print']}"
    assert len(on_screen["hints"]) == on_screen["explorers"], f"{where}: {on_screen['hints']}"
    for kind in ("screen", "hints"):
        hidden = [t for t, shown in on_screen[kind] if not shown]
        assert not hidden, f"{where}: on screen, {kind} wording hidden: {hidden}"
        printed = [t for t, shown in on_paper[kind] if shown]
        assert not printed, f"{where}: on paper, {kind} wording shown: {printed}"
    assert not [t for t, shown in on_screen["print"] if shown], f"{where}: print wording on screen"
    assert all(shown for _, shown in on_paper["print"]), f"{where}: print wording hidden on paper"
    # What the screen shows is the source's screen wording (its plain words).
    screen_text = flat(" ".join(t for t, _ in on_screen["screen"])).replace("\u2019", "'")
    for wording in want_screen:
        for piece in plain_pieces(wording):
            assert piece in screen_text, f"{where}: {piece!r} is not in a screen wording"
    assert not seen.problems, f"{page_path}: {seen.problems}"


#: The smallest text of the PDF outside the strips (which the tests above
#: measure) and the page numbers: subscripts and superscripts included.
MIN_TEXT_PT = 8.0

# The font size, in points on paper, of every piece of text of the article
# that is printed: in the prose, in formulas (KaTeX's HTML, not its MathML
# copy for screen readers), in tables, code and explorers' words; not inside
# the figures (their SVG text is measured by the strip tests). Its smallest.
SMALLEST_TEXT_JS = """() => {
  const article = document.querySelector("article.bd-article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let smallest = { pt: Infinity, text: "", where: "" };
  let count = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/[\\s\u200b]/g, "");
    const el = n.parentElement;
    if (!text || el.closest(".katex-mathml, svg, .nbx-strip")) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    const pt = parseFloat(getComputedStyle(el).fontSize) * 0.75;
    count += 1;
    if (pt < smallest.pt) {
      const box = el.closest("p, li, td, th, .katex-display, div");
      smallest = { pt, text, where: box ? box.textContent.slice(0, 80) : "" };
    }
  }
  return { smallest, count };
}"""


@pytest.mark.parametrize(
    # The PDF prints the landing page's first paragraph only, on its cover.
    "page_path",
    [p for p in site_pages() if p != "book/index.html"] or ["<site not built>"],
)
def test_every_printed_character_is_8_pt_or_more(printed: PrintedPages, page_path: str) -> None:
    """As build_pdf prints it (print media, the PDF's stylesheet, A4 width):
    no text of the page, subscripts and superscripts of the prose and of its
    formulas included, is smaller than 8 pt. (The page is a CSS page: 1 px
    prints as 0.75 pt.)"""
    require_site()
    page, g, _ = printed(page_path)
    got = page.evaluate(SMALLEST_TEXT_JS)
    smallest = got["smallest"]
    assert got["count"] > 20, f"{page_path}: only {got['count']} pieces of text"
    assert smallest["pt"] >= MIN_TEXT_PT - 0.01, (
        f"{page_path}: {smallest['text']!r} is {smallest['pt']:.1f} pt in {smallest['where']!r}"
    )
    g.assert_clean(page_path)
