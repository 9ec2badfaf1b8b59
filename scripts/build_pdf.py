"""Print the built site as one PDF: ``_build/html/nllbook.pdf``.

Run by ``scripts/build-pdf`` after ``scripts/build-book``. Every chapter page
of ``_build/html`` is opened in Debian's chromium (through Playwright), its
article taken out of the site's frame and made fit for paper:

* each player becomes a strip of its telling states, each with its numbers
  (drawn by the player's own script from the states the page already
  carries), and the sliders, the states' data and every button go;
* each solution moves to an appendix, and the exercise points to it;
* ids are made unique across the book and links between pages become links
  inside the document, so that they still work in the PDF.

The chapters, a cover, a table of contents and the appendix make one HTML
document, printed at once (links inside one document survive printing). It
is printed twice: the first print tells on which page each link target is
(``pdfinfo -dests``, from Debian's poppler-utils), and the second prints
those page numbers in the table of contents and beside the links between
exercises and solutions.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

# Runs in each chapter page: returns its title, its article ready for paper,
# and its solutions. Ids get the page's name as a prefix, and links to pages
# of the book become links to those prefixed ids.
EXTRACT = r"""
([page, pages]) => {
  if (window.nllbookPrintStrips) window.nllbookPrintStrips();
  const article = document.querySelector("article.bd-article").cloneNode(true);
  const drop = [
    "script", "button", "input", "form", ".headerlink", ".toggle-button",
    ".nllbook-controls", ".nllbook-text", ".nllbook-announce", ".nllbook-states",
    ".nllbook-start", "[role=search]",
  ];
  // Check-yourself questions go on paper as questions: the prompt, the
  // options of a multiple choice, the tolerance of a number; no form, and
  // no progress line. The answers stay with the web edition.
  article.querySelectorAll("section.nllbook-quiz").forEach((quiz) => {
    const paper = document.createElement("div");
    paper.className = "nllbook-quiz-paper";
    const note = document.createElement("p");
    note.className = "nllbook-quiz-intro";
    note.textContent = "On paper: the web edition checks each answer and explains the usual slips.";
    paper.appendChild(note);
    const list = document.createElement("ol");
    quiz.querySelectorAll("form.nllbook-quiz-q").forEach((form) => {
      const item = document.createElement("li");
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
    });
    paper.appendChild(list);
    quiz.replaceWith(paper);
  });
  // A player's strip stands for its figure, whose caption stays.
  article.querySelectorAll(".nllbook-player:has(.nllbook-strip) .nllbook-figure > svg")
    .forEach((el) => el.remove());
  article.querySelectorAll(drop.join(",")).forEach((el) => el.remove());
  const local = (href) => {
    const url = new URL(href, document.baseURI);
    if (url.protocol !== "file:") return null;
    const name = url.pathname.split("/").pop().replace(/\.html$/, "");
    return pages.includes(name) ? [name, url.hash.slice(1)] : ["", ""];
  };
  // Ids inside a figure keep their names: the figure refers to them, and a
  // player's ids are its own already.
  article.querySelectorAll("[id]").forEach((el) => {
    if (!el.closest("svg")) el.id = page + "--" + el.id;
  });
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
  const h1 = article.querySelector("h1");
  const title = h1 ? h1.textContent.replace(/[#¶]\s*$/, "").trim() : page;
  const styles = Array.from(document.querySelectorAll("link[rel=stylesheet]"), (l) => l.href);
  return { title: title, html: article.innerHTML, solutions: solutions, styles: styles };
}
"""

PDF_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
html, body { background: #fff; }
html { font-size: 10pt; }
body { margin: 0; }
.pdf-cover-picture svg { width: 110mm; height: auto; color: #000; margin: 6mm 0; }
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
.pdf-solution-pointer { font-style: italic; }
.pdf-appendix h3 { font-size: 12pt; margin-top: 6mm; }
.pdf-appendix .pdf-back { font-size: 9pt; }
article.bd-article { max-width: none; padding: 0; }
h1, h2, h3, h4 { break-after: avoid; }
"""

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
# between each exercise and its solution.
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


def document(head: str, parts: list[dict[str, Any]], cover: dict[str, str]) -> str:
    toc = "".join(
        f'<li><a href="#{p["page"]}">{html.escape(p["title"])}</a>'
        f'<span class="pdf-dots"></span><span class="pdf-page" data-for="{p["page"]}"></span></li>'
        for p in parts
    )
    toc += (
        '<li><a href="#pdf-solutions">Solutions to the exercises</a>'
        '<span class="pdf-dots"></span><span class="pdf-page" data-for="pdf-solutions"></span></li>'
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
        f'<div class="pdf-cover-picture">{cover["picture"]}</div>'
        "<p>This printed edition shows each explorer as a strip of a few of its "
        "states, with their numbers, and gathers the solutions to the exercises "
        "at the end. The website has the sliders.</p>"
        f'<p class="pdf-meta">{html.escape(cover["meta"])}</p></section>'
        f'<section class="pdf-contents"><h1>Contents</h1><ol>{toc}</ol></section>'
        f"{body}"
        f'<section class="pdf-appendix" id="pdf-solutions"><article class="bd-article">'
        f"<h1>Solutions to the exercises</h1>{solutions}</article></section>"
        "</body></html>"
    )


def print_pdf(page: Page, out: Path) -> None:
    page.pdf(
        path=str(out),
        format="A4",
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        margin={"top": "18mm", "bottom": "20mm", "left": "17mm", "right": "17mm"},
        outline=True,
        tagged=True,
    )


def build(site: Path, out: Path) -> None:
    root, names = table_of_contents()
    stems = [Path(n).name for n in names]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.emulate_media(media="print", color_scheme="light")
        parts = []
        for name, stem in zip(names, stems, strict=True):
            page.goto((site / f"{name}.html").as_uri(), wait_until="load")
            part = page.evaluate(EXTRACT, [stem, stems])
            part["page"] = stem
            parts.append(part)
        page.goto((site / f"{root}.html").as_uri(), wait_until="load")
        lead = page.evaluate(
            "() => { const p = document.querySelector('article.bd-article h1 ~ p');"
            " return p ? p.innerHTML : ''; }"
        )
        page.evaluate("() => window.nllbookPrintStrips && window.nllbookPrintStrips()")
        picture = page.evaluate(
            "() => { const s = document.querySelector('.nllbook-strip-cell svg');"
            " return s ? s.outerHTML : ''; }"
        )
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
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "nllbook.html"
            source.write_text(document(head, parts, cover), encoding="utf-8")
            page.goto(source.as_uri(), wait_until="load")
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
