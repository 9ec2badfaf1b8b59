"""The landing page's chapter count and reading times, computed from the
sources by ``_ext/nllbook_landing.py``; and the page descriptions it writes."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import repo_sources

REPO = Path(__file__).resolve().parents[1]

FRONT = "---\njupytext:\n  formats: md:myst\nkernelspec:\n  name: python3\n---\n"


def landing() -> ModuleType:
    return repo_sources.load("_ext/nllbook_landing.py")


def chapter(words: int, code_words: int = 0, exercises: bool = True) -> str:
    code = "```{code-cell} ipython3\n" + "x = 1 " * code_words + "\n```\n"
    # A chapter teaches, so it has exercises; its heading is 2 of its words.
    tail = "\n## Exercises\n" if exercises else "\nmore words\n"
    return FRONT + "# Title\n\n" + code + "word " * (words - 3) + tail


def book(tmp_path: Path, pages: dict[str, str]) -> Path:
    entries = "".join(f"  - file: book/{name}\n" for name in pages if name != "index")
    (tmp_path / "_toc.yml").write_text(f"format: jb-book\nroot: book/index\nchapters:\n{entries}")
    (tmp_path / "book").mkdir()
    for name, text in pages.items():
        (tmp_path / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_prose_words_leave_out_front_matter_code_and_markup() -> None:
    text = FRONT + "# A title\n\n<a href='x.html'>two words</a> and `code` here.\n"
    text += "```{code-cell} ipython3\nimport numpy as np\nnp.log(2)\n```\n"
    assert landing().prose_words(text) == len("A title two words and code here".split())


def test_facts_count_the_chapters_with_exercises_and_their_reading_time(tmp_path: Path) -> None:
    wpm = landing().WORDS_PER_MINUTE
    root = book(
        tmp_path,
        {
            "index": chapter(5000),
            "01_short": chapter(5 * wpm, code_words=50 * wpm),
            "notation": chapter(100 * wpm, exercises=False),  # a page, not a chapter
            "02_long": chapter(16 * wpm),
            "03_middle": chapter(9 * wpm),
        },
    )
    facts = landing().book_facts(root)
    assert facts.chapters == 3
    assert (facts.shortest_minutes, facts.longest_minutes) == (5, 15)
    assert facts.hours == 0.5  # 30 minutes
    assert facts.substitutions() == {
        "chapter_count": "3",
        "chapter_minutes": "5 to 15",
        "reading_hours": "½ hour",
    }


def test_hours_round_to_the_half_hour(tmp_path: Path) -> None:
    wpm = landing().WORDS_PER_MINUTE
    root = book(tmp_path, {f"{k:02d}_c": chapter(20 * wpm) for k in range(1, 6)})
    facts = landing().book_facts(root)  # 100 minutes
    assert facts.hours == 1.5
    assert facts.substitutions()["reading_hours"] == "1½ hours"


def test_a_book_without_chapters_fails(tmp_path: Path) -> None:
    root = book(tmp_path, {"notation": chapter(100, exercises=False)})
    with pytest.raises(ValueError, match="no chapter"):
        landing().book_facts(root)


def test_the_real_book() -> None:
    facts = landing().book_facts(REPO)
    assert facts.chapters >= 10
    assert 1 <= facts.hours <= 10
    assert facts.shortest_minutes <= facts.longest_minutes


def test_first_paragraph_reads_formulas_once_and_descriptions_are_cut_at_a_word() -> None:
    body = (
        '<section><h1>T</h1><p class="x"></p><p>The loss <span class="katex">'
        '<span class="katex-mathml"><math><mi>q</mi></math></span>'
        '<span class="katex-html" aria-hidden="true"><span>q</span></span></span>'
        " is small &amp; fine.</p><p>Second.</p></section>"
    )
    assert landing().first_paragraph(body) == "The loss q is small & fine."
    long = "word " * 60
    cut = landing().description(long.strip(), limit=40)
    assert cut.endswith("…") and len(cut) <= 40 and not cut[:-1].endswith(" ")
