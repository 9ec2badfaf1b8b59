"""Learners' questions, typed into the site's search, and the page that answers each.

Each expected page was chosen by reading the book, not by running the search:
it is the page whose text answers the question. Where the book answers it in
two places, both are listed, and either one among the first results passes.

Run as a script to print every query's rank against a built site, with the
search page that site has (Sphinx's or Pagefind's)::

    .venv/bin/python -m tests.browser.search_queries [SITE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

# (query, pages that answer it): page names are the chapters' file names.
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # Symptoms and questions from training runs.
    ("validation loss increasing", ("11_nll_at_work", "symptoms")),
    ("validation loss goes up while accuracy improves", ("11_nll_at_work", "symptoms")),
    ("initial loss", ("11_nll_at_work", "symptoms")),
    ("loss before training ln 10", ("11_nll_at_work", "symptoms")),
    ("0.693", ("03_log", "05_entropy", "symptoms")),
    ("ln 2", ("03_log", "05_entropy", "symptoms")),
    ("negative loss", ("08_in_practice", "10_beyond_classification", "symptoms")),
    ("negative log likelihood of a density", ("10_beyond_classification",)),
    ("overconfident model", ("11_nll_at_work",)),
    ("minimize", ("04_negative",)),
    ("why log", ("03_log",)),
    ("why the minus sign", ("04_negative",)),
    ("sum or mean of the loss", ("04_negative",)),
    ("loss is infinite", ("03_log", "symptoms")),
    ("underflow", ("03_log",)),
    # Answered by the Symptoms page.
    ("nan loss", ("symptoms",)),
    ("loss stuck at 0.693", ("symptoms",)),
    ("float16 loss", ("symptoms",)),
    ("negative KLDivLoss", ("symptoms",)),
    ("BCELoss between 0 and 1", ("symptoms",)),
    # Names of the frameworks' functions.
    ("sparse categorical crossentropy", ("08_in_practice",)),
    ("SparseCategoricalCrossentropy", ("08_in_practice",)),
    ("from_logits", ("08_in_practice",)),
    ("BCEWithLogitsLoss", ("08_in_practice", "symptoms")),
    ("NLLLoss", ("08_in_practice", "07_nll_is_cross_entropy", "symptoms")),
    ("log_softmax", ("08_in_practice", "symptoms")),
    ("log sum exp overflow", ("08_in_practice",)),
    # Abbreviations.
    ("BCE", ("08_in_practice",)),
    ("KL", ("06_cross_entropy",)),
    ("ECE", ("11_nll_at_work",)),
    ("NLL vs CE", ("07_nll_is_cross_entropy",)),
    # Ideas.
    ("multilabel", ("08_in_practice",)),
    ("label smoothing", ("08_in_practice", "06_cross_entropy")),
    ("softmax gradient", ("08_in_practice",)),
    ("temperature scaling", ("11_nll_at_work",)),
    ("calibration", ("11_nll_at_work",)),
    ("Brier score", ("11_nll_at_work",)),
    ("KL divergence asymmetric", ("06_cross_entropy",)),
    ("perplexity", ("10_beyond_classification",)),
    ("bits per character", ("10_beyond_classification",)),
    ("nats or bits", ("03_log",)),
    ("likelihood vs probability", ("02_likelihood",)),
    ("entropy of a fair die", ("05_entropy",)),
    ("is nll the same as cross entropy", ("07_nll_is_cross_entropy",)),
    ("regression mse", ("10_beyond_classification",)),
    ("maximum likelihood coin", ("02_likelihood", "04_negative")),
    ("maximize the likelihood", ("04_negative",)),
    ("errata", ("09_errata",)),
]

# What learners ask that the book does not answer yet: not asserted, listed so
# that the chapters that answer them can move them up.
NOT_YET: list[str] = [
    "bits per byte",
    "focal loss",
    "class weights",
    "pos_weight",
    "ignore_index padding",
    "distillation temperature",
    "forward and reverse KL",
    "why not optimize accuracy",
    "weight decay gaussian prior",
    "mse sigmoid non-convex",
    "logit log-odds",
]

TOP = 3

# The pages a search lists, in order: each result's first link, page names
# only (a section link of a page already listed adds nothing). Works with
# Sphinx's search page (its summary appears when the search has finished)
# and with the book's Pagefind page (its status line).
RESULTS_JS = """async () => {
  const summary = () => document.querySelector('#search-results .search-summary, .search-summary');
  for (let i = 0; i < 300; i++) {
    const s = summary();
    if (s && s.textContent.trim() && !/searching|preparing/i.test(s.textContent)) break;
    await new Promise(r => setTimeout(r, 50));
  }
  const pages = [];
  for (const li of document.querySelectorAll('#search-results li')) {
    const a = li.querySelector('a');
    if (!a) continue;
    const name = new URL(a.href).pathname.split('/').pop().replace(/\\.html$/, '') || 'index';
    if (!pages.includes(name)) pages.push(name);
  }
  return pages;
}"""


def results(page: Any, site_url: str, query: str) -> list[str]:
    """The pages that the site's search page lists for ``query``, best first."""
    page.goto(f"{site_url}search.html?q={quote(query)}", wait_until="load")
    pages: list[str] = page.evaluate(RESULTS_JS)
    return pages


def rank(pages: list[str], expected: tuple[str, ...]) -> int | None:
    """The 1-based rank of the first expected page, or None when none is listed."""
    for i, name in enumerate(pages, 1):
        if name in expected:
            return i
    return None


def main(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server = serve(site)
    server.handle_error = lambda *args: None  # a page left mid-download is no error
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        print("| query | expected page | rank | first results |")
        print("|---|---|---|---|")
        for query, expected in QUERIES:
            pages = results(page, url, query)
            r = rank(pages, expected)
            shown = ", ".join(pages[:TOP]) or "(none)"
            print(f"| {query} | {' or '.join(expected)} | {r or '–'} | {shown} |")
        print()
        print("| not in the book yet | first results |")
        print("|---|---|")
        for query in NOT_YET:
            pages = results(page, url, query)
            print(f"| {query} | {', '.join(pages[:TOP]) or '(none)'} |")
        browser.close()
    server.shutdown()
    host = urlsplit(url).netloc
    print(f"\n(served from {site} on {host})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html").resolve())
