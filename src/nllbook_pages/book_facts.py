"""How many chapters the book has and how long they take to read, from its
sources: the landing page's ``{{ chapter_count }}``, ``{{ chapter_minutes }}``
and ``{{ reading_hours }}``, which the site build sets
(``_ext/nllbook_landing.py``) and JupyterLab shows (``_lab_prose``).

* The chapters are the entries of ``_toc.yml`` that teach: each has an
  ``## Exercises`` section, as CONTRIBUTING.md asks of a chapter (the
  notation, glossary, review, corrections and "run it" pages have none).
* A chapter's reading time is the words of its prose (its Markdown without
  the front matter and the code cells) at :data:`WORDS_PER_MINUTE`; the
  shortest and longest chapters are rounded to 5 minutes, the whole to half
  an hour.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

#: Reading speed for technical prose with formulas, in words per minute
#: (readers of explanatory text manage about 200-250; formulas slow them).
WORDS_PER_MINUTE = 200

_EXERCISES = re.compile(r"^## Exercises[ \t]*$", re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.S | re.M)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_][\w'’.-]*")


def chapter_files(root: Path) -> list[Path]:
    """The chapters (the pages with exercises), in the order of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [root / f"{entry['file']}.md" for entry in toc.get("chapters", [])]
    return [f for f in files if _EXERCISES.search(f.read_text(encoding="utf-8"))]


def prose_words(markdown: str) -> int:
    """The words a reader reads in a MyST notebook: no front matter, no code."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _CODE_CELL.sub("", text)
    return len(_WORD.findall(_TAG.sub(" ", text)))


def _round_to(value: float, step: float) -> float:
    return max(step, math.floor(value / step + 0.5) * step)


@dataclass(frozen=True)
class BookFacts:
    chapters: int
    shortest_minutes: int
    longest_minutes: int
    hours: float

    def substitutions(self) -> dict[str, str]:
        whole, half = int(self.hours), self.hours % 1 == 0.5
        hours = (str(whole) if whole else "") + ("½" if half else "")
        unit = "hour" if self.hours <= 1 else "hours"
        return {
            "chapter_count": str(self.chapters),
            "chapter_minutes": f"{self.shortest_minutes} to {self.longest_minutes}",
            "reading_hours": f"{hours} {unit}",
        }


def book_facts(root: Path) -> BookFacts:
    words = [prose_words(f.read_text(encoding="utf-8")) for f in chapter_files(root)]
    if not words:
        raise ValueError(f"_toc.yml in {root} lists no chapter (a page with '## Exercises')")
    minutes = [w / WORDS_PER_MINUTE for w in words]
    return BookFacts(
        chapters=len(words),
        shortest_minutes=int(_round_to(min(minutes), 5)),
        longest_minutes=int(_round_to(max(minutes), 5)),
        hours=_round_to(sum(minutes) / 60, 0.5),
    )
