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
    ("validation loss increasing", ("nll_at_work", "symptoms")),
    ("validation loss goes up while accuracy improves", ("nll_at_work", "symptoms")),
    ("initial loss", ("nll_at_work", "symptoms")),
    ("loss before training ln 10", ("nll_at_work", "symptoms")),
    ("0.693", ("log", "entropy", "symptoms")),
    ("ln 2", ("log", "entropy", "symptoms")),
    ("negative loss", ("in_practice", "beyond_classification", "symptoms")),
    ("negative log likelihood of a density", ("beyond_classification",)),
    ("overconfident model", ("nll_at_work",)),
    ("minimize", ("negative",)),
    ("why log", ("log",)),
    ("why the minus sign", ("negative",)),
    ("sum or mean of the loss", ("negative", "imbalance")),  # which mean: weights, tokens
    ("loss is infinite", ("log", "symptoms")),
    ("underflow", ("log",)),
    # Answered by the Symptoms page.
    ("nan loss", ("symptoms",)),
    ("loss stuck at 0.693", ("symptoms",)),
    ("float16 loss", ("symptoms",)),
    ("negative KLDivLoss", ("symptoms",)),
    ("BCELoss between 0 and 1", ("symptoms",)),
    # Answered by the page "Why cross-entropy".
    ("why not optimize accuracy", ("why_cross_entropy",)),
    ("mse sigmoid non-convex", ("why_cross_entropy",)),
    ("logit log-odds", ("why_cross_entropy",)),
    ("vanishing gradient", ("why_cross_entropy",)),
    # Names of the frameworks' functions.
    ("sparse categorical crossentropy", ("in_practice",)),
    ("SparseCategoricalCrossentropy", ("in_practice",)),
    ("from_logits", ("in_practice",)),
    ("BCEWithLogitsLoss", ("in_practice", "symptoms")),
    ("NLLLoss", ("in_practice", "nll_is_cross_entropy", "symptoms")),
    ("log_softmax", ("in_practice", "symptoms")),
    ("log sum exp overflow", ("in_practice",)),
    # Abbreviations.
    ("BCE", ("in_practice",)),
    ("KL", ("cross_entropy",)),
    ("ECE", ("nll_at_work",)),
    ("NLL vs CE", ("nll_is_cross_entropy",)),
    # Ideas.
    ("multilabel", ("in_practice",)),
    ("label smoothing", ("in_practice", "cross_entropy")),
    ("softmax gradient", ("in_practice", "why_cross_entropy")),
    ("temperature scaling", ("nll_at_work",)),
    ("calibration", ("nll_at_work",)),
    ("Brier score", ("nll_at_work",)),
    ("KL divergence asymmetric", ("cross_entropy",)),
    ("perplexity", ("beyond_classification",)),
    ("bits per character", ("beyond_classification",)),
    ("nats or bits", ("log",)),
    ("likelihood vs probability", ("likelihood",)),
    ("entropy of a fair die", ("entropy",)),
    ("is nll the same as cross entropy", ("nll_is_cross_entropy",)),
    ("regression mse", ("beyond_classification",)),
    ("maximum likelihood coin", ("likelihood", "negative")),
    ("maximize the likelihood", ("negative",)),
    ("errata", ("errata",)),
    # Answered by Imbalance and masking.
    ("focal loss", ("imbalance",)),
    ("class weights", ("imbalance",)),
    ("pos_weight", ("imbalance",)),
    ("ignore_index padding", ("imbalance",)),
    ("unbalanced classes", ("imbalance",)),
    ("weighted cross entropy", ("imbalance",)),
    ("loss per token or per sequence", ("imbalance",)),
    # Answered by "Priors, distillation and KL's direction", and beside it.
    ("bits per byte", ("beyond_classification",)),
    ("distillation temperature", ("related_losses",)),
    ("forward and reverse KL", ("related_losses",)),
    ("weight decay gaussian prior", ("related_losses",)),
    ("entropy of a prediction uncertainty", ("entropy",)),
    ("laplace smoothing dirichlet", ("related_losses",)),
]

# What learners ask that the book does not answer yet: not asserted, listed so
# that the chapters that answer them can move them up.
NOT_YET: list[str] = []

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


def typed_results(page: Any, query: str) -> list[str]:
    """The pages listed once ``query`` is typed into the search page already open
    in ``page`` (one page load for many queries): its status names the query
    when its results are shown."""
    page.locator("#nllbook-search-input").fill(query)
    page.wait_for_function(
        "q => document.getElementById('nllbook-search-status').textContent.includes(q)",
        arg=f"\u201c{query}\u201d",
    )
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
