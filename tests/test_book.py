"""The built book: every chapter executed, every quoted number on its page.

These tests read the site that ``jupyter-book build .`` wrote into
``_build/html`` (the test command builds it first).
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("NLLBOOK_BUILD", ROOT / "_build"))
SITE = BUILD / "html"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CHAPTERS = [entry["file"] for entry in TOC["chapters"]]
# Chapters that teach (notebooks); plain pages such as "Run it yourself" do not.
NOTEBOOKS = [c for c in CHAPTERS if "jupytext:" in (ROOT / f"{c}.md").read_text()[:300]]
# The review page is a notebook of questions only, and the corrections page a
# list of the book's own corrections: no explorer, no exercises.
TEACHING = [c for c in NOTEBOOKS if c not in ("book/review", "book/corrections")]
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
EVALS = BUILD / ".nllbook-evals"


def page(chapter: str) -> str:
    path = SITE / f"{chapter}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book first (bash scripts/build-book)")
    return path.read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    markup = re.sub(r"<script.*?</script>", " ", markup, flags=re.S)
    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def evaluations(chapter: str) -> dict[str, dict[str, object]]:
    """What the build's kernel gave for each {eval} expression of a chapter."""
    path = EVALS / f"{chapter.replace('/', '__')}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["expressions"]


def test_most_chapters_are_notebooks():
    assert len(NOTEBOOKS) >= 9 and "book/run" not in NOTEBOOKS


def test_toc_lists_every_chapter_file():
    on_disk = sorted(
        p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "book").glob("*.md")
    )
    assert sorted([TOC["root"], *CHAPTERS]) == on_disk


def test_notation_page_follows_the_start():
    assert CHAPTERS[CHAPTERS.index("book/start") + 1] == "book/notation"


@pytest.mark.parametrize("chapter", NOTEBOOKS)
def test_chapter_links_to_notation(chapter):
    """Every teaching chapter points its reader to the one page of symbols."""
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    assert re.search(r"\]\(notation\.md\)", source), f"{chapter} does not link to the notation page"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_no_error_output(chapter):
    markup = page(chapter)
    assert "Traceback" not in markup
    assert 'class="output stderr"' not in markup
    assert 'class="output traceback"' not in markup
    classes = re.findall(r'class="output [^"]*"', markup)
    assert not [c for c in classes if "error" in c.lower()], classes


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quoted_numbers_appear_in_the_page(chapter):
    """Every {eval} expression ran in the chapter's kernel and its text is on the page."""
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    saved = evaluations(chapter)
    text = visible_text(page(chapter))
    for expr in EVAL_ROLE.findall(source):
        assert expr in saved, f"{chapter}: {{eval}}`{expr}` was never evaluated"
        result = saved[expr]
        assert result["status"] == "ok", f"{chapter}: {{eval}}`{expr}`: {result}"
        shown = str(result["text"])
        # A string's repr loses its quotes in the page, as in JupyterLab.
        value = ast.literal_eval(shown) if shown[:1] in "'\"" else shown
        assert str(value) in text, f"{chapter}: {expr} = {value!r} is not on the page"


@pytest.mark.parametrize("chapter", NOTEBOOKS)
def test_chapters_quote_numbers_through_eval_only(chapter):
    """No glue: its roles show as raw markup in JupyterLab, and it needs myst-nb."""
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    assert "{glue" not in source
    assert not re.search(r"^\s*(from|import) myst_nb", source, flags=re.M)


@pytest.mark.parametrize("chapter", TEACHING)
def test_chapter_is_interactive_and_has_exercises(chapter):
    markup = page(chapter)
    assert "data-explorer=" in markup, f"{chapter} has no explorer"
    assert re.search(r"<h2[^>]*>\s*Exercises", markup), f"{chapter} has no Exercises section"
    assert "dropdown" in markup, f"{chapter}: solutions are not collapsed"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_figures_have_alt_text_and_captions(chapter):
    markup = page(chapter)
    for img in re.findall(r"<img[^>]*>", markup):
        assert re.search(r'alt="[^"]+"', img), f"{chapter}: image without alt text: {img[:120]}"
    figures = re.findall(r"<figure.*?</figure>", markup, flags=re.S)
    for fig in figures:
        assert "<figcaption" in fig, f"{chapter}: figure without caption"
    for svg in re.findall(r"<svg[^>]*>", markup):
        if 'role="img"' in svg:
            assert "aria-label=" in svg


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_hand_typed_results_in_prose(chapter):
    """Numbers with three or more decimals are computed ({eval}), not typed."""
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", source, flags=re.S)  # code cells and directives
    prose = re.sub(r"\$\$.*?\$\$", "", prose, flags=re.S)  # display definitions
    prose = re.sub(r":::.*?\n", "", prose)
    hits = re.findall(r"(?<![\w.`])\d+\.\d{3,}", prose)
    assert not hits, f"{chapter}: typed numbers {hits}; compute them with nllbook"


def test_site_makes_no_network_references():
    for path in SITE.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?://[^\"]+\"", markup):
            pytest.fail(f"{path.relative_to(SITE)} loads {tag}")


# -- corrections of 2026-12-07, checked on the built pages -------------------------------------


def _shown(chapter: str, expr: str) -> str:
    saved = evaluations(chapter)
    assert expr in saved, f"{chapter}: {{eval}}`{expr}` was not evaluated"
    shown = str(saved[expr]["text"])
    return str(ast.literal_eval(shown)) if shown[:1] in "'\"" else shown


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c != "book/corrections"])
def test_prose_names_chapters_instead_of_numbering_them(chapter):
    """No page carries a number, so "chapter 5" cannot be found by counting.
    (The corrections page quotes the old wording.)"""
    text = visible_text(page(chapter))
    text = text.replace("chapter 2 of Cover and Thomas", "")  # a chapter of a textbook
    assert not re.search(r"\bchapters? \d", text, flags=re.I), chapter


def test_in_practice_opening_and_true_class_are_right():
    text = visible_text(page("book/in_practice"))
    assert "Every chapter so far computed the loss from probabilities" not in text
    assert "true class is the first one" in text and "index 0 in code" in text
    assert "class is class 1" not in text


def test_run_page_gives_scipys_default_axes():
    import scipy.special
    import scipy.stats

    # The facts the page states, checked against the installed SciPy.
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    assert np.allclose(scipy.stats.entropy(p), scipy.stats.entropy(p.T, axis=-1))
    assert np.isclose(scipy.special.softmax(p).sum(), 1.0)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page("book/run"))).split())
    assert "follow SciPy's conventions" not in text
    assert "sums along axis 0" in text and "whole array" in text


def test_errata_notes_entry_and_the_1e100_remark():
    text = visible_text(page("book/errata"))
    assert "its log and cross-entropy as formulas" not in text
    assert np.float64(1e-100) > np.finfo(np.float64).tiny
    assert np.float32(1e-100) == 0
    assert "ordinary float64" in text


def test_corrections_page_is_dated_and_listed():
    assert CHAPTERS.index("book/corrections") == CHAPTERS.index("book/errata") + 1
    text = visible_text(page("book/corrections"))
    assert "2026-12-07" in text


def test_bigram_text_is_the_current_chapters():
    """The counts quoted by the chapter are those of the chapter files as they
    are now, not of a stored copy of an earlier draft."""
    from nllbook_pages import book_data

    train, held_out = book_data.book_prose(ROOT / "book")
    chapter = "book/beyond_classification"
    assert _shown(chapter, "prose.train_chars") == str(len(train))
    assert _shown(chapter, "prose.held_chars") == str(len(held_out))


def test_nll_at_work_fits_on_validation_and_reports_on_test():
    """Early stopping and the temperature are chosen on the validation digits;
    the numbers reported for temperature scaling are those of the test digits.
    Recomputed from the trained weights with SciPy."""
    import scipy.optimize
    import scipy.special

    from nllbook_pages import book_data

    split, fit = book_data.digits_split(), book_data.digits_training()

    def mean_nll(x, y, w, b, t=1.0):
        logq = scipy.special.log_softmax((x @ w + b) / t, axis=1)
        return float(-logq[np.arange(y.size), y].mean())

    val = [
        mean_nll(split.x_val, split.y_val, w, b) for w, b in zip(fit.weights, fit.bias, strict=True)
    ]
    best = int(np.argmin(val))
    chapter = "book/nll_at_work"
    assert _shown(chapter, "prose.best_step") == str(int(fit.steps[best]))
    w, b = fit.weights[-1], fit.bias[-1]
    res = scipy.optimize.minimize_scalar(
        lambda lt: mean_nll(split.x_val, split.y_val, w, b, np.exp(lt)),
        bounds=(-3, 3),
        method="bounded",
        options={"xatol": 1e-10},
    )
    t = float(np.exp(res.x))
    assert _shown(chapter, 'f"{prose.t_best:.3f}"') == f"{t:.3f}"
    before = mean_nll(split.x_test, split.y_test, w, b)
    after = mean_nll(split.x_test, split.y_test, w, b, t)
    assert _shown(chapter, 'f"{prose.nll_before:.4f}"') == f"{before:.4f}"
    assert _shown(chapter, 'f"{prose.nll_after:.4f}"') == f"{after:.4f}"
    assert _shown(chapter, "prose.n_test") == str(split.y_test.size)
    text = visible_text(page(chapter))
    assert "reported on the test digits" in text


def test_footer_gives_the_configured_copyright_year():
    # The kernels fix the date matplotlib stamps into figures; the site itself
    # must keep its own year (Sphinx reads SOURCE_DATE_EPOCH too).
    year = str(yaml.safe_load((ROOT / "_config.yml").read_text())["copyright"])
    for chapter in ("book/index", "book/start"):
        footer = visible_text(page(chapter).split('class="bd-footer', 1)[-1])
        assert f"Copyright {year}" in " ".join(footer.split()), chapter


def test_figures_carry_no_build_date():
    # Reproducible SVG figures: matplotlib stamps the kernels' fixed epoch, not
    # the day of the build.
    svgs = sorted((SITE / "_images").glob("*.svg"))
    assert svgs
    for path in svgs:
        dates = re.findall(r"<dc:date>([^<]*)", path.read_text(encoding="utf-8"))
        assert set(dates) <= {"1970-01-01T00:00:00+00:00"}, path.name
