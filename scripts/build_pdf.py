"""Print the built site as one PDF: ``_build/html/nllbook.pdf``.

Run by ``scripts/build-pdf`` after ``scripts/build-book``. ``_build/html`` is
served on 127.0.0.1 (the explorers are ES modules, which a browser does not
run from ``file:`` URLs, nor does it load fonts from them), and every chapter
page is opened in Debian's chromium (through Playwright), its article taken
out of the site's frame and made fit for paper:

* each explorer becomes a strip of its print states, each a small figure
  captioned with its numbers (drawn by the explorer's own module,
  ``nllbook-explorer.js``, from the spec the page carries); its title, words
  and caption stay, and what only a screen needs goes: the stage (numbers,
  figure, controls), the prediction, the live region, the spec, every
  button and input;
* each check-yourself question is printed as its prompt (and options) and
  points to its entry in the appendix "Answers to the questions", which
  points back: the answer and why, and the wrong answers that known slips
  give, each with the section that clears it up, all written from
  ``nllbook_pages.quiz_bank`` (the same questions, computed by nllbook);
* each solution moves to an appendix, and the exercise points to it;
* nothing that reads as one piece breaks across pages: an explorer (its
  strip's plots are drawn shorter than on screen so that it fits on a
  page, its text as large), a table, an equation, a figure, a question;
* ids are made unique across the book and links between pages become links
  inside the document, so that they still work in the PDF.

The chapters, a cover, a table of contents and the appendix make one HTML
document, served beside the site and printed at once (links inside one
document survive printing). It
is printed twice: the first print tells on which page each link target is
(``pdfinfo -dests``, from Debian's poppler-utils), and the second prints
those page numbers in the table of contents and beside the links between
questions and answers, exercises and solutions, and slips and sections.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# The question bank of this checkout, whichever nllbook the environment has.
sys.path.insert(0, str(ROOT / "src"))

from nllbook_pages import quiz_bank  # noqa: E402
from nllbook_pages.quiz import Choice, Numeric, Question, Section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

# Gives every id inside ``root`` the prefix ``prefix--``, and the references
# to them inside figures too: each page numbers its explorers' figures from
# one (their clip paths are "nbx1p0-clip0" on every page), and in one
# document a reference would find the first page's.
UNIQUE = r"""
  const unique = (root, prefix) => {
    const renamed = new Set();
    root.querySelectorAll("[id]").forEach((el) => {
      renamed.add(el.id);
      el.id = prefix + "--" + el.id;
    });
    root.querySelectorAll("svg, svg *").forEach((el) => {
      for (const attr of Array.from(el.attributes)) {
        attr.value = attr.value.replace(/url\(#([^)]+)\)/g, (whole, id) =>
          renamed.has(id) ? "url(#" + prefix + "--" + id + ")" : whole);
        if (/(^|:)href$/.test(attr.name) && renamed.has(attr.value.slice(1))) {
          attr.value = "#" + prefix + "--" + attr.value.slice(1);
        }
      }
    });
  };
"""

# Runs in each chapter page: returns its title, its article ready for paper,
# and its solutions. Ids get the page's name as a prefix, and links to pages
# of the book become links to those prefixed ids.
EXTRACT = (
    r"""
([page, pages]) => {"""
    + UNIQUE
    + r"""
  if (window.nllbookExplorerStrips) window.nllbookExplorerStrips();
  const article = document.querySelector("article.bd-article").cloneNode(true);
  // An explorer's strip (.nbx-strip) stands for its stage: the live numbers,
  // the figure and the controls. Its title, words and caption stay.
  const drop = [
    "script", "button", "input", "form", ".headerlink", ".toggle-button",
    ".nbx:has(.nbx-strip) .nbx-stage", ".nbx-controls", ".nbx-predict",
    ".nbx-predict-result", ".nbx-announce", ".nllbook-start", "[role=search]",
    // The screen wording of a sentence; its print wording stays.
    ".nllbook-screen",
  ];
  // Check-yourself questions go on paper as questions: the prompt, the
  // options of a multiple choice, the tolerance of a number; no form, and
  // no progress line. Each points to its answer in the appendix (written
  // from the question bank by build_pdf.py), which points back.
  const questions = [];
  article.querySelectorAll("section.nllbook-quiz").forEach((quiz) => {
    const paper = document.createElement("div");
    paper.className = "nllbook-quiz-paper";
    const note = document.createElement("p");
    note.className = "nllbook-quiz-intro";
    note.textContent = "The answers, each with its reason and the usual slips, are in the "
      + "appendix \u201cAnswers to the questions\u201d.";
    paper.appendChild(note);
    const list = document.createElement("ol");
    quiz.querySelectorAll("form.nllbook-quiz-q").forEach((form, n) => {
      const item = document.createElement("li");
      item.id = form.id;
      const legend = form.querySelector("legend");
      const prompt = document.createElement("p");
      prompt.textContent = (legend ? legend.textContent : "").replace(/^Question \d+\.\s*/, "");
      const tol = form.querySelector(".nllbook-quiz-tol");
      if (tol) prompt.textContent += " " + tol.textContent.trim();
      item.appendChild(prompt);
      const options = form.querySelectorAll(".nllbook-quiz-option");
      if (options.length) {
        const ul = document.createElement("ul");
        options.forEach((o) => {
          const li = document.createElement("li");
          li.textContent = o.textContent.trim();
          ul.appendChild(li);
        });
        item.appendChild(ul);
      }
      list.appendChild(item);
      questions.push({ ident: form.id, number: n + 1, item: item });
    });
    paper.appendChild(list);
    quiz.replaceWith(paper);
  });
  article.querySelectorAll(drop.join(",")).forEach((el) => el.remove());
  const local = (href) => {
    const url = new URL(href, document.baseURI);
    if (url.origin !== location.origin) return null;
    const name = url.pathname.split("/").pop().replace(/\.html$/, "");
    return pages.includes(name) ? [name, url.hash.slice(1)] : ["", ""];
  };
  unique(article, page);
  article.querySelectorAll("a[href]").forEach((a) => {
    const target = local(a.getAttribute("href"));
    if (target === null) return;
    const [name, hash] = target;
    if (!name) {
      a.replaceWith(...a.childNodes);
    } else {
      a.setAttribute("href", "#" + (hash ? name + "--" + hash : name));
    }
  });
  article.querySelectorAll("img[src]").forEach((img) => img.setAttribute("src", img.src));
  const solutions = [];
  article.querySelectorAll(".admonition.dropdown").forEach((box, k) => {
    const title = box.querySelector(".admonition-title");
    if (!title || !/^Solution/.test(title.textContent.trim())) return;
    let exercise = box.previousElementSibling;
    while (exercise && exercise.tagName !== "P") exercise = exercise.previousElementSibling;
    const strong = exercise && exercise.querySelector("strong");
    const name = strong ? strong.textContent.trim() : "Exercise";
    const id = page + "--solution-" + (k + 1);
    const back = id + "-exercise";
    box.classList.remove("dropdown", "toggle", "toggle-hidden");
    box.querySelectorAll(".toggle-hidden").forEach((el) => el.classList.remove("toggle-hidden"));
    title.remove();
    solutions.push({ id: id, back: back, name: name, html: box.innerHTML });
    const pointer = document.createElement("p");
    pointer.className = "pdf-solution-pointer";
    pointer.id = back;
    pointer.innerHTML = '<a href="#' + id + '" data-page-of="' + id
      + '" data-label="Solution in the appendix">Solution in the appendix</a>';
    box.replaceWith(pointer);
  });
  // After unique(): each question's id now carries the page's prefix.
  const answers = questions.map((q) => {
    const id = page + "--answer-" + q.ident;
    const pointer = document.createElement("p");
    pointer.className = "pdf-answer-pointer";
    pointer.innerHTML = '<a href="#' + id + '" data-page-of="' + id
      + '" data-label="Answer in the appendix">Answer in the appendix</a>';
    q.item.appendChild(pointer);
    return { ident: q.ident, number: q.number, id: id, back: q.item.id };
  });
  const h1 = article.querySelector("h1");
  const title = h1 ? h1.textContent.replace(/[#¶]\s*$/, "").trim() : page;
  const styles = Array.from(document.querySelectorAll("link[rel=stylesheet]"), (l) => l.href);
  return {
    title: title, html: article.innerHTML, solutions: solutions, answers: answers, styles: styles,
    explorers: document.querySelectorAll("[data-explorer]").length,
    strips: article.querySelectorAll("[data-explorer] .nbx-strip").length,
  };
}
"""
)


# The cover's picture: the landing page's explorer as the page opens (its
# figure at full height: a strip's plots are drawn shorter), its ids its own.
COVER_PICTURE = (
    "() => {"
    + UNIQUE
    + """
  const cell = document.querySelector("[data-explorer][data-ready] svg.nbx-svg");
  if (!cell) return "";
  const holder = document.createElement("div");
  holder.appendChild(cell.cloneNode(true));
  unique(holder, "cover");
  return holder.innerHTML;
}"""
)

PDF_CSS = """
@page { size: A4; margin: 15mm 17mm 17mm 17mm; }
html, body { background: #fff; }
html { font-size: 10pt; }
body { margin: 0; }
.pdf-cover-picture .nbx { border: 0; padding: 0; margin: 6mm 0; }
.pdf-cover-picture svg { display: block; width: 110mm; height: auto; color: #000; font-size: 12px; }
.pdf-cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.pdf-cover h1 { font-size: 34pt; margin: 0 0 8mm; }
.pdf-cover p { font-size: 13pt; max-width: 140mm; }
.pdf-cover .pdf-meta { margin-top: 20mm; font-size: 10pt; color: #555; }
.pdf-contents, .pdf-chapter, .pdf-appendix { break-before: page; }
.pdf-contents ol { list-style: none; padding: 0; }
.pdf-contents li { display: flex; gap: 2mm; margin: 2.5mm 0; font-size: 12pt; }
.pdf-contents li .pdf-dots { flex: 1; border-bottom: 1px dotted #888; margin-bottom: 1.2mm; }
.pdf-contents li .pdf-page { min-width: 10mm; text-align: right; }
.pdf-contents a { color: inherit; text-decoration: none; }
.pdf-solution-pointer, .pdf-answer-pointer { font-style: italic; }
.nllbook-quiz-paper li > p { margin: 0.2rem 0; }
.pdf-answer-pointer { font-size: 9pt; }
.pdf-answer { break-inside: avoid; margin: 0 0 2.5mm; }
.pdf-answer p { margin: 0.5mm 0; }
.pdf-slips { margin-left: 5mm !important; font-size: 9pt; }
.pdf-appendix h3 { font-size: 12pt; margin-top: 6mm; }
.pdf-appendix h2 { font-size: 14pt; margin: 6mm 0 2mm; }
.pdf-appendix .pdf-back { font-size: 9pt; }
article.bd-article { max-width: none; padding: 0; }
h1, h2, h3, h4 { break-after: avoid; }
/* Nothing that reads as one piece breaks across pages: an explorer (see
   nllbook-explorer.css), a table, an equation, a figure (nllbook-site.css),
   a question and its options. */
.nllbook-quiz-paper > ol > li { break-inside: avoid; }
"""

#: The printed edition's one note on the web edition, on its cover: every
#: sentence of the chapters that asks for a pointer or a key is printed in
#: its print wording (``_ext/nllbook_print.py``, explorers' hints).
WEB_EDITION_NOTE = (
    "This printed edition shows each explorer as a strip of a few of its states, with "
    "their numbers, and gathers the answers to the questions and the solutions to the "
    "exercises at the end. The web edition has the explorers live: there you drag "
    "their sliders, or press the arrow keys, and every number follows."
)

#: The paper, its width and its margins (the tests lay the explorers' strips
#: out at the width left between the margins).
PAPER, PAPER_WIDTH_MM = "A4", 210
MARGIN = {"top": "15mm", "bottom": "17mm", "left": "17mm", "right": "17mm"}

#: The window the landing page is opened in for the cover's picture.
COVER_VIEWPORT: ViewportSize = {"width": 420, "height": 900}

FOOTER = (
    '<div style="width: 100%; font-size: 8pt; text-align: center; color: #555;">'
    '<span class="pageNumber"></span></div>'
)


def table_of_contents() -> tuple[str, list[str]]:
    """The landing page, and the book's other pages in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return toc["root"], [entry["file"] for entry in toc["chapters"]]


def run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def destination_pages(pdf: Path) -> dict[str, int]:
    """The page of every link target of the PDF (its named destinations)."""
    pages = {}
    for line in run(["pdfinfo", "-dests", str(pdf)]).splitlines()[1:]:
        number, _, name = line.strip().partition(" ")
        if name.endswith('"') and '"' in name[:-1]:
            pages[name[name.index('"') + 1 : -1]] = int(number)
    return pages


# Writes the page numbers into the document: the contents, and the links
# that carry data-page-of (question and answer, exercise and solution, a
# slip and its section).
NUMBER_PAGES = r"""
(pages) => {
  document.querySelectorAll(".pdf-page[data-for]").forEach((el) => {
    el.textContent = pages[el.dataset.for] || "";
  });
  document.querySelectorAll("a[data-page-of]").forEach((a) => {
    const n = pages[a.dataset.pageOf];
    a.textContent = a.dataset.label + (n ? ", page " + n : "");
  });
}
"""


def question_bank() -> dict[str, Question]:
    """Every check-yourself question a page can show, by the id of its form
    (``nbq-<set>-<question>``): each chapter's set and the review's."""
    quizzes = [quiz_bank.chapter(doc) for doc in quiz_bank.CHAPTERS] + [quiz_bank.review()]
    return {quiz.ident(q): q for quiz in quizzes for q in quiz.questions}


def _value_text(question: Question, value: float) -> str:
    """An answer, right or wrong, as the reader would give it: a number to the
    question's digits, or the option's words in quotes."""
    if isinstance(question, Numeric):
        return f"{value:.{question.digits}f}".replace("-", "\u2212")
    assert isinstance(question, Choice)
    return f"\u201c{question.options[int(value)].rstrip('.')}\u201d"


def _section_link(section: Section, stems: list[str]) -> str:
    """A link to the section of the book that clears up a slip, inside the
    PDF, with the page it is on."""
    if section.doc not in stems:
        raise RuntimeError(f"a slip points to {section.doc!r}, which is not in the book")
    target = f"{section.doc}--{section.href.partition('#')[2]}"
    title = html.escape(section.title)
    return f'<a href="#{target}" data-page-of="{target}" data-label="{title}">{title}</a>'


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def answer_html(question: Question, entry: dict[str, Any], stems: list[str]) -> str:
    """One question's entry in the appendix: a link back to the question, its
    answer and why, then each slip the web edition recognises: the wrong
    answer it gives, its name, and the section that clears it up."""
    answer = f"<strong>{html.escape(_value_text(question, question.answer))}</strong>"  # type: ignore[attr-defined]
    if isinstance(question, Numeric):
        answer += f" (within \u00b1 {question.tolerance:g})"
    slips = "; ".join(
        f"{html.escape(_value_text(question, m.value))}, {html.escape(m.name)}"
        + (f" (see {_section_link(m.section, stems)})" if m.section else "")
        for m in question.misconceptions
    )
    if slips:
        slips = f'<p class="pdf-slips">Usual slips: {slips}.</p>'
    back = entry["back"]
    label = f"Question {entry['number']}"
    return (
        f'<div class="pdf-answer" id="{entry["id"]}"><p class="pdf-answer-key">'
        f'<a class="pdf-back" href="#{back}" data-page-of="{back}" data-label="{label}">{label}</a>'
        f": {answer}. {html.escape(_sentence(question.why))}</p>{slips}</div>"
    )


def answers_appendix(parts: list[dict[str, Any]], bank: dict[str, Question]) -> str:
    """The appendix "Answers to the questions", from the question bank: every
    question printed in the chapters, in their order, under its page's title."""
    stems = [p["page"] for p in parts]
    out = ""
    for p in parts:
        if not p["answers"]:
            continue
        out += f"<h2>{html.escape(p['title'])}</h2>"
        for entry in p["answers"]:
            if entry["ident"] not in bank:
                raise RuntimeError(
                    f"{p['page']}: question {entry['ident']!r} is not in nllbook_pages.quiz_bank"
                )
            out += answer_html(bank[entry["ident"]], entry, stems)
    return out


APPENDICES = (
    ("pdf-answers", "Answers to the questions"),
    ("pdf-solutions", "Solutions to the exercises"),
)


def document(
    head: str, parts: list[dict[str, Any]], cover: dict[str, str], answers: str = ""
) -> str:
    toc = "".join(
        f'<li><a href="#{p["page"]}">{html.escape(p["title"])}</a>'
        f'<span class="pdf-dots"></span><span class="pdf-page" data-for="{p["page"]}"></span></li>'
        for p in parts
    )
    toc += "".join(
        f'<li><a href="#{anchor}">{title}</a>'
        f'<span class="pdf-dots"></span><span class="pdf-page" data-for="{anchor}"></span></li>'
        for anchor, title in APPENDICES
    )
    body = "".join(
        f'<section class="pdf-chapter" id="{p["page"]}"><article class="bd-article">'
        f"{p['html']}</article></section>"
        for p in parts
    )
    solutions = ""
    for p in parts:
        if not p["solutions"]:
            continue
        solutions += f"<h2>{html.escape(p['title'])}</h2>"
        for s in p["solutions"]:
            solutions += (
                f'<h3 id="{s["id"]}">{html.escape(s["name"])}</h3>{s["html"]}'
                f'<p class="pdf-back"><a href="#{s["back"]}" data-page-of="{s["back"]}" '
                'data-label="Back to the exercise">Back to the exercise</a></p>'
            )
    return (
        '<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head>'
        f'<meta charset="utf-8"><title>{html.escape(cover["title"])}</title>{head}'
        f"<style>{PDF_CSS}</style></head><body>"
        f'<section class="pdf-cover"><h1>{html.escape(cover["title"])}</h1>'
        f"<p>{cover['lead']}</p>"
        # The explorers' colours are set on .nbx.
        f'<div class="pdf-cover-picture"><div class="nbx">{cover["picture"]}</div></div>'
        f'<p class="pdf-web-edition">{WEB_EDITION_NOTE}</p>'
        f'<p class="pdf-meta">{html.escape(cover["meta"])}</p></section>'
        f'<section class="pdf-contents"><h1>Contents</h1><ol>{toc}</ol></section>'
        f"{body}"
        f'<section class="pdf-appendix" id="pdf-answers"><article class="bd-article">'
        "<h1>Answers to the questions</h1>"
        '<p class="pdf-appendix-intro">Every check-yourself question of the book, in its '
        "order: the answer and why, then the wrong answers that known slips give, each "
        "with the section that clears it up. Every answer and every wrong value is "
        f"computed by nllbook.</p>{answers}</article></section>"
        f'<section class="pdf-appendix" id="pdf-solutions"><article class="bd-article">'
        f"<h1>Solutions to the exercises</h1>{solutions}</article></section>"
        "</body></html>"
    )


def print_pdf(page: Page, out: Path) -> None:
    page.pdf(
        path=str(out),
        format=PAPER,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        margin={
            "top": MARGIN["top"],
            "bottom": MARGIN["bottom"],
            "left": MARGIN["left"],
            "right": MARGIN["right"],
        },
        outline=True,
        tagged=True,
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1 (a free port), from a thread; yields its URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build(site: Path, out: Path) -> None:
    with served(site) as base:
        build_from(base, out)


def build_from(base: str, out: Path) -> None:
    root, names = table_of_contents()
    stems = [Path(n).name for n in names]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.emulate_media(media="print", color_scheme="light")
        parts = []
        for name, stem in zip(names, stems, strict=True):
            page.goto(f"{base}{name}.html", wait_until="load")
            part = page.evaluate(EXTRACT, [stem, stems])
            if part["strips"] != part["explorers"]:
                raise RuntimeError(
                    f"{name}: {part['strips']} print strips for {part['explorers']} explorers "
                    "(did nllbook-explorer.js run?)"
                )
            part["page"] = stem
            parts.append(part)
        # The landing page at a phone's width, where its explorer's figure is
        # drawn about as wide as the cover shows it: its text stays large.
        landing = browser.new_page(viewport=COVER_VIEWPORT)
        landing.emulate_media(media="print", color_scheme="light")
        landing.goto(f"{base}{root}.html", wait_until="load")
        landing.wait_for_function("() => document.querySelector('[data-explorer][data-ready]')")
        lead = landing.evaluate(
            "() => { const p = document.querySelector('article.bd-article h1 ~ p');"
            " return p ? p.innerHTML : ''; }"
        )
        picture = landing.evaluate(COVER_PICTURE)
        landing.close()
        styles = dict.fromkeys(href for p in parts for href in p["styles"])
        head = "".join(f'<link rel="stylesheet" href="{html.escape(h)}">' for h in styles)
        commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).strip()
        cover = {
            "title": str(config["title"]),
            "lead": lead,
            "picture": picture,
            "meta": f"{config['author']}, {config['copyright']}. Printed from the book's "
            f"website, built from commit {commit}.",
        }
        # The book as one document, beside the site's pages so that their
        # styles, images and fonts load from where they were.
        whole = document(head, parts, cover, answers_appendix(parts, question_bank()))
        url = f"{base}_nllbook-pdf.html"
        page.route(url, lambda route: route.fulfill(body=whole, content_type="text/html"))
        with tempfile.TemporaryDirectory() as tmp:
            page.goto(url, wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            first = Path(tmp) / "first.pdf"
            print_pdf(page, first)
            numbers = destination_pages(first)
            for _ in range(3):
                page.evaluate(NUMBER_PAGES, numbers)
                print_pdf(page, out)
                again = destination_pages(out)
                if again == numbers:
                    break
                numbers = again
            else:
                raise RuntimeError("the page numbers in the PDF do not settle")
            missing = [p["page"] for p in parts if p["page"] not in numbers]
            if missing:
                raise RuntimeError(f"no page for the chapters {missing}")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    site: Path = args.site
    out: Path = args.out or site / "nllbook.pdf"
    if not (site / "index.html").is_file():
        print(f"{site} has no built site: run scripts/build-book first", file=sys.stderr)
        return 1
    if shutil.which("pdftotext") is None:
        print("pdftotext is missing: apt-get install -y poppler-utils", file=sys.stderr)
        return 1
    start = time.perf_counter()
    build(site, out)
    pages = run(["pdfinfo", str(out)])
    count = next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))
    size = out.stat().st_size
    print(f"{out}: {count} pages, {size / 1e6:.2f} MB, in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
