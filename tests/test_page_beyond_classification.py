"""The explorers of "Beyond classification" against independent implementations:
scipy's normal density, and a bigram model counted with plain Python."""

from __future__ import annotations

import itertools
import math
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import scipy.stats

from nllbook_pages import beyond_classification as page
from nllbook_pages import book_data


@pytest.mark.parametrize(("mu", "sigma"), [(1.8, 0.1), (1.8, 0.02), (1.74, 0.2), (1.93, 0.035)])
def test_gauss_numbers_are_scipys(mu: float, sigma: float) -> None:
    x = book_data.MEASUREMENTS
    n = page.gauss_explorer().numbers(mu=mu, sigma=sigma)
    logpdf = scipy.stats.norm.logpdf(x, loc=mu, scale=sigma)
    assert math.isclose(n["mean_nll"], -np.mean(logpdf), rel_tol=1e-12, abs_tol=1e-14)
    np.testing.assert_allclose(n["density"], np.exp(logpdf), rtol=1e-12)
    # The three terms add up to the mean NLL.
    total = n["log_sigma"] + n["half_ln_2pi"] + n["fit"]
    assert math.isclose(total, n["mean_nll"], rel_tol=1e-12, abs_tol=1e-14)
    # The best σ for this μ is the root mean squared error, and nothing beats it.
    best = math.sqrt(np.mean((x - mu) ** 2))
    assert math.isclose(n["best_sigma"], best, rel_tol=1e-12)
    grid = np.geomspace(0.01, 1.0, 2001)
    scanned = [-np.mean(scipy.stats.norm.logpdf(x, mu, s)) for s in grid]
    assert n["best_nll"] <= min(scanned) + 1e-12
    assert n["negative"] == (n["mean_nll"] < 0)


def _pairs(text: str) -> Counter[tuple[str, str]]:
    return Counter(itertools.pairwise(text))


def _perplexity(train: str, text: str, alpha: float) -> float:
    abc = book_data.ALPHABET
    counts = _pairs(train)
    total = 0.0
    pairs = _pairs(text)
    for (a, b), c in pairs.items():
        row = sum(counts[(a, z)] for z in abc)
        q = (counts[(a, b)] + alpha) / (row + len(abc) * alpha)
        if q == 0:
            return math.inf
        total -= c * math.log(q)
    return math.exp(total / sum(pairs.values()))


@pytest.mark.parametrize("alpha", [0.001, 0.1, 1.0, 100.0])
def test_bigram_perplexities_by_counting(alpha: float) -> None:
    train, held_out = book_data.book_prose()
    n = page.bigram_explorer().numbers(alpha=alpha, smoothed=1)
    assert math.isclose(n["held_ppl"], _perplexity(train, held_out, alpha), rel_tol=1e-9)
    assert math.isclose(n["train_ppl"], _perplexity(train, train, alpha), rel_tol=1e-9)
    assert math.isclose(n["held_bits"], n["held_nll"] / math.log(2), rel_tol=1e-12)


def test_bigram_without_smoothing_is_infinite_on_held_out() -> None:
    train, _ = book_data.book_prose()
    n = page.bigram_explorer().numbers(alpha=0.1, smoothed=0)
    assert n["alpha_used"] == 0 and n["infinite"] and math.isinf(n["held_ppl"])
    assert math.isclose(n["train_ppl"], _perplexity(train, train, 0.0), rel_tol=1e-9)


def test_smoothing_strengths_are_the_slider_positions() -> None:
    ks = page.smoothing_strengths()
    np.testing.assert_allclose(ks, np.geomspace(page.ALPHA_MIN, page.ALPHA_MAX, 1001), rtol=1e-12)
    assert ks[0] == page.ALPHA_MIN and ks[-1] == page.ALPHA_MAX


def test_book_prose_reads_the_chapter_files_as_they_are_now(tmp_path: Path) -> None:
    """The language model's text is the chapters' prose at the time of the call:
    a sentence added to a chapter appears in it, and no stored copy is read."""
    folder = book_data.book_dir()
    for name in (*book_data.TRAIN_CHAPTERS, *book_data.HELD_OUT_CHAPTERS):
        shutil.copy(folder / f"{name}.md", tmp_path)
    train, held_out = book_data.book_prose(tmp_path)
    assert (train, held_out) == book_data.book_prose()
    assert "zebras quietly juxtapose" not in train
    with open(tmp_path / f"{book_data.TRAIN_CHAPTERS[0]}.md", "a", encoding="utf-8") as fh:
        fh.write("\nZebras quietly juxtapose!\n")
    changed, same = book_data.book_prose(tmp_path)
    assert "zebras quietly juxtapose" in changed and same == held_out
    assert not list(Path(book_data.__file__).parent.glob("_data/book_prose*"))
    (tmp_path / f"{book_data.HELD_OUT_CHAPTERS[-1]}.md").unlink()
    with pytest.raises(ValueError, match="^folder"):
        book_data.book_prose(tmp_path)
