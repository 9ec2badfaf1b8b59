"""What the site's search (Pagefind) indexes, and the words it also knows a page by.

``scripts/build-book`` runs Pagefind over ``_build/html`` after the book is
built; it indexes only the elements marked ``data-pagefind-body``, and skips
those marked ``data-pagefind-ignore``. :func:`mark_for_search`, called on
every page's final HTML by ``nllbook_site.tidy_page``:

* marks the article of each book page ``data-pagefind-body``, so that the
  sidebars, the navigation, the footer and the pages that are not the book's
  (search, general index) are not indexed;
* marks each explorer ``data-pagefind-ignore``: its spec, its axis ticks and
  its live numbers are not prose, and would fill the excerpts;
* marks KaTeX's visual copy of each formula ``data-pagefind-ignore``: the
  MathML beside it holds the same symbols once (``ln 2`` is found through it);
  and the headings' "#" permalinks, which would show in the excerpts;
* moves each section's id onto its heading, below the page's title
  (``<section id="x"><h2>`` becomes ``<section><h2 id="x">``): Pagefind
  splits a page into the sections it links to at headings that have an id,
  and the same links keep working;
* gives each result the page's title in the table of contents, which says
  what the page answers ("Negative: why the minus sign"), rather than its
  one-word heading;
* adds a hidden block of other names for the words the page uses
  (:data:`EQUIVALENTS`), so that "minimize" finds a page that writes
  "minimise", and "BCE" a page that writes "binary cross-entropy". A page
  gets the other names of a group only when its own text uses one of the
  group's names: no page is found by a word it does not stand for.

Pagefind stems words, matches prefixes ("0.693" finds "0.6931") and the
parts of compound names ("logits" finds ``BCEWithLogitsLoss``); the table
holds only what it cannot know: spellings, abbreviations and plain synonyms.
"""

from __future__ import annotations

import html
import re

# Groups of names for one thing. Each group is reviewed by hand: its names
# must mean the same in this book (not merely be related), and be words a
# learner would type. Matching ignores case and hyphens ("log-likelihood"
# is found by "log likelihood" without help).
EQUIVALENTS: tuple[tuple[str, ...], ...] = (
    # UK and US spellings (the book writes the UK ones).
    ("minimise", "minimize"),
    ("minimised", "minimized"),
    ("minimises", "minimizes"),
    ("minimising", "minimizing"),
    ("maximise", "maximize"),
    ("maximised", "maximized"),
    ("maximises", "maximizes"),
    ("maximising", "maximizing"),
    ("normalise", "normalize"),
    ("normalised", "normalized"),
    ("normalises", "normalizes"),
    ("normalising", "normalizing"),
    ("normalisation", "normalization"),
    ("optimise", "optimize"),
    ("optimiser", "optimizer"),
    ("optimisation", "optimization"),
    ("initialise", "initialize"),
    ("initialisation", "initialization"),
    ("regularisation", "regularization"),
    ("generalise", "generalize"),
    ("generalisation", "generalization"),
    ("penalise", "penalize"),
    ("penalises", "penalizes"),
    ("behaviour", "behavior"),
    ("favour", "favor"),
    ("centre", "center"),
    # Names and abbreviations of the book's quantities.
    ("cross-entropy", "crossentropy", "CE"),
    ("binary cross-entropy", "BCE"),
    ("negative log-likelihood", "NLL"),
    ("KL divergence", "Kullback-Leibler", "relative entropy", "KL"),
    ("expected calibration error", "ECE"),
    ("NaN", "not a number"),
    ("multi-label", "multilabel"),
    ("multi-class", "multiclass"),
    ("perplexity", "PPL"),
    ("bits per byte", "BPB"),
    ("log-odds", "log odds"),
    ("add-one smoothing", "Laplace smoothing"),
    ("imbalanced", "unbalanced"),
    ("ln 2", "log 2"),
    # Plain synonyms a learner types for what the book describes.
    ("before any training", "initial loss", "loss at initialisation"),
    ("asymmetry", "asymmetric", "not symmetric"),
    ("rises", "increases", "goes up"),
    ("rising", "increasing", "going up"),
)

_ARTICLE = '<article class="bd-article">'
_EXPLORER = re.compile(r'<div class="nbx" data-explorer=')
_KATEX_HTML = '<span class="katex-html" aria-hidden="true">'
_TOC_TITLE = re.compile(r'<a class="current reference internal" href="#">([^<]+)</a>')
_HEADERLINK = '<a class="headerlink" '
_SECTION_HEADING = re.compile(r'<section((?: class="[^"]*")?) id="([^"]+)">(\s*)<h([2-6])>')
_TAG = re.compile(r"<[^>]+>")
_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.S)

# Pages of the site that are not the book's own: they are not indexed.
NOT_INDEXED = {"search", "genindex", "py-modindex"}


def _pattern(name: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in re.split(r"[\s-]+", name)]
    return re.compile(r"(?<![\w-])" + r"[\s-]*".join(parts) + r"(?![\w-])", re.I)


_PATTERNS = [[(name, _pattern(name)) for name in group] for group in EQUIVALENTS]


def page_text(article: str) -> str:
    """The words of an article's HTML, as a reader sees them."""
    text = _TAG.sub(" ", _DROP.sub(" ", article))
    # KaTeX's MathML puts an invisible "function application" between ln and 2.
    return re.sub(r"[\s\u2061]+", " ", html.unescape(text))


def other_names(text: str) -> list[str]:
    """The names, from :data:`EQUIVALENTS`, for things the text names another way."""
    out: list[str] = []
    for group in _PATTERNS:
        used = {name for name, pattern in group if pattern.search(text)}
        if used:
            out += [name for name, _ in group if name not in used]
    return out


def mark_for_search(page: str, pagename: str) -> str:
    """The page's HTML with what Pagefind should index, and skip, marked."""
    if pagename in NOT_INDEXED or _ARTICLE not in page:
        return page
    start = page.index(_ARTICLE)
    end = page.find("</article>", start)
    if end < 0:
        return page
    article = page[start:end]
    names = other_names(page_text(article))
    article = article.replace(_ARTICLE, '<article class="bd-article" data-pagefind-body>', 1)
    article = _EXPLORER.sub(r'<div class="nbx" data-pagefind-ignore data-explorer=', article)
    article = article.replace(
        _KATEX_HTML, '<span class="katex-html" aria-hidden="true" data-pagefind-ignore>'
    )
    article = article.replace(_HEADERLINK, '<a class="headerlink" data-pagefind-ignore ')
    article = _SECTION_HEADING.sub(r'<section\1>\3<h\4 id="\2">', article)
    toc_title = _TOC_TITLE.search(page)
    if toc_title:
        article += (
            '<span hidden data-pagefind-ignore data-pagefind-meta="title">'
            f"{toc_title.group(1)}</span>\n"
        )
    if names:
        block = html.escape(" · ".join(names))
        article += (
            '<div class="nllbook-search-terms" hidden data-pagefind-weight="0.5">'
            f"Also: {block}</div>\n"
        )
    return page[:start] + article + page[end:]
