"""The words a reader sees in the explorers and the questions follow the
chapters' own style: acronyms in capitals, names capitalised, no word with a
capital inside it, sentences that start with a capital.

Nothing is listed by hand: the acronyms, the names and the words with inner
capitals are those the chapters' prose writes (``book/*.md``, outside code
cells, code spans and maths); the texts are every visible field of every
explorer, question and quiz. Code (``<code>``, backticks) is left out of
every check.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from nllbook_pages import all_explorers, quiz_bank
from nllbook_pages.explorer import Explorer
from nllbook_pages.explorer._text import SLOT
from nllbook_pages.quiz import Choice, Question, payload, question_html

BOOK = Path(__file__).resolve().parents[1] / "book"

#: A word: letters and digits (``q_y`` is two words, ``log-likelihood`` two).
WORD = re.compile(r"[^\W_]+")
#: Directives whose body is prose; every other fenced block is code, maths or markup.
PROSE_DIRECTIVES = {"admonition", "dropdown", "glossary", "grid", "grid-item-card", "note", "tip"}
FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})\{?([\w-]*)\}?[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def chapter_prose(text: str) -> str:
    """A chapter's prose: no front matter, code, maths, roles, link targets or tags."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = FENCE.sub(lambda m: m.group(0) if m.group(2) in PROSE_DIRECTIVES else "\n", text)
    text = re.sub(r"^(?:`{3,}|:{3,}).*$", " ", text, flags=re.M)  # a prose block's fences
    text = re.sub(r"^:[\w-]+:.*$", " ", text, flags=re.M)  # directive options (:link: nll_...)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.S)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"^\([^)\s]+\)=\s*$", " ", text, flags=re.M)
    return re.sub(r"<[^>]+>", " ", text)


@cache
def chapters() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(BOOK.glob("*.md"))}


@cache
def chapter_words() -> Counter[str]:
    return Counter(w for t in chapters().values() for w in WORD.findall(chapter_prose(t)))


def is_capitals(word: str) -> bool:
    """Two capital letters or more and no small one, a plural "s" aside (APIs)."""
    stem = word[:-1] if word.endswith("s") else word
    return sum(c.isalpha() for c in stem) >= 2 and stem == stem.upper()


def mixes_case(word: str) -> bool:
    """A capital after a small letter (PyTorch), or a small letter after two capitals
    (KLDivLoss); a plural "s" after capitals (APIs) is no mix."""
    return bool(re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", re.sub(r"(?<=[A-Z])s$", "", word)))


@cache
def acronyms() -> frozenset[str]:
    """The words the chapters write in capitals: NLL, KL, MSE..."""
    return frozenset(w for w in chapter_words() if is_capitals(w))


@cache
def lower_case_words() -> frozenset[str]:
    return frozenset(w for w in chapter_words() if w.islower())


@cache
def inner_capitals() -> frozenset[str]:
    """Words with a capital after a small letter that the chapters write, in prose or
    in code spans: JupyterLab, PyTorch, CrossEntropyLoss..."""
    texts = [chapter_prose(t) for t in chapters().values()]
    texts += [" ".join(INLINE_CODE.findall(t)) for t in chapters().values()]
    return frozenset(w for t in texts for w in WORD.findall(t) if mixes_case(w))


@cache
def proper_names() -> frozenset[str]:
    """Names as the chapters write them, never in lower case there: words capitalised
    in the middle of a sentence (after a small letter or a comma: Gaussian, Shannon,
    Brier) and words with a capital inside (SciPy, PyTorch)."""
    prose = [chapter_prose(t) for t in chapters().values()]
    names = {m.group(1) for t in prose for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)\b", t)}
    names |= {w for t in prose for w in WORD.findall(t) if mixes_case(w)}
    return frozenset(w for w in names if w.lower() not in lower_case_words())


# -- the visible texts --------------------------------------------------------------------

CODE = re.compile(r"<code>.*?</code>|`[^`]*`", re.S)
#: Names in code written out in plain text (pos_weight, scipy.stats.entropy, a constant).
CODE_NAME = re.compile(r"\w*_\w*|\w+(?:\.\w+)+")
#: Tags that end a block of text: a sentence does not run across them.
BLOCK = re.compile(r"</?(?:p|li|ul|ol|div|tr|td|th|table|br)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")

#: Fields written as sentences or titles: they start with a capital.
SENTENCES = {
    "title",
    "alt",
    "caption",
    "hint",
    "paragraph",
    "control label",
    "prompt",
    "why",
    "explain",
    "feedback",
    "section",
}


def visible(text: str, *, template: bool = False) -> list[str]:
    """The blocks of text a reader sees: code dropped, a slot read as a number."""
    text = CODE.sub(" ", text)
    if template:
        text = SLOT.sub(" 0 ", text)
    return [
        " ".join(html.unescape(TAG.sub(" ", b)).split())
        for b in BLOCK.split(text)
        if TAG.sub("", b).strip()
    ]


def words_texts(words: str) -> list[tuple[str, str]]:
    """An explorer's words: each paragraph is a sentence, list items and cells need not be."""
    out = []
    for part in re.split(r"(?=<p\b)|(?<=</p>)", words):
        kind = "paragraph" if part.startswith("<p") else "words"
        out += [(kind, b) for b in visible(part, template=True)]
    return out


def states(ex: Explorer) -> list[dict[str, float]]:
    """The defaults, the printed states and every value of a whole-number control."""
    out = [ex.defaults, *(ex.checked(s) for s in ex.print_states)]
    for c in ex.controls:
        if c.integer:
            out += [ex.checked({c.name: c.min + i}) for i in range(c.steps + 1)]
    return out


def explorer_texts(ex: Explorer) -> list[tuple[str, str]]:
    """Every string of an explorer that a reader sees, by field."""
    fields: list[tuple[str, str, bool]] = [
        ("title", ex.title, False),
        ("alt", ex.alt, False),
        ("caption", ex.caption, False),
        ("hint", ex.hint, False),
        ("announce", ex.announce, True),
    ]
    for c in ex.controls:
        fields += [("control label", c.label, False), ("unit", c.unit, False)]
        fields += [("control words", s, False) for s in c.shown or ()]
    for r in ex.readouts:
        fields += [("readout label", r.label, False), ("unit", r.unit, False)]
    for panel in ex.panels:
        for axis in (panel.x, panel.y):
            fields.append(("axis label", axis.label, False))
            fields += [("category", s, False) for s in axis.labels or ()]
        fields += [("figure text", m["text"], True) for m in panel.marks if m["type"] == "text"]
    fields += [("legend", str(item.get("label", "")), False) for item in ex.legend]
    if ex.predict is not None:
        p = ex.predict
        fields += [("prediction", p.prompt, False), ("where", p.where, False)]
        fields.append(("unit", p.unit, False))
    out = [(kind, b) for kind, t, slots in fields for b in visible(t, template=slots)]
    out += words_texts(ex.words)
    # Words the state picks (the errata's titles and notes); those set as code are left out.
    coded = set(re.findall(r"<code>\{(\w+)", ex.words))
    for state in states(ex):
        values = ex.numbers(**state)
        out += [
            ("state words", b)
            for name, v in values.items()
            if isinstance(v, str) and name not in coded
            for b in visible(v)
        ]
    return list(dict.fromkeys(out))


def question_texts(q: Question) -> list[tuple[str, str]]:
    """Every string of a question that a reader sees, by field, feedback as rendered."""
    fields = [("prompt", q.prompt), ("why", q.why), ("hint", q.hint)]
    if isinstance(q, Choice):
        fields += [("option", o) for o in q.options]
    for m in q.misconceptions:
        fields += [("slip", m.name), ("explain", m.explain)]
        if m.section is not None:
            fields.append(("section", m.section.title))
    data = payload(q)
    messages = [data["right"], data["retry"], data["reveal"], *(s[1] for s in data["slips"])]
    fields += [("feedback", m) for m in messages]
    fields += [("form", t) for t in visible(question_html(q, "q", 1))]
    return [(kind, b) for kind, t in fields for b in visible(t)]


def quiz_texts(doc: str) -> list[tuple[str, str]]:
    quiz = quiz_bank.review() if doc == "review" else quiz_bank.chapter(doc)
    page = re.sub(r"<form\b.*?</form>", " ", quiz.html(), flags=re.S)  # the questions: above
    return [("title", quiz.title)] + [("quiz", b) for b in visible(page)]


QUESTIONS = {f"{doc}-{q.key}": q for doc, q in quiz_bank.all_questions()}
CHOICES = [k for k, q in QUESTIONS.items() if isinstance(q, Choice)]
QUIZZES = [*quiz_bank.CHAPTERS, "review"]

#: Whose texts are checked: every explorer, question and quiz of the book. The
#: texts themselves are gathered when a test first asks (some explorers'
#: states take a while), not while the tests are collected.
OWNERS = [
    *(f"explorer {k}" for k in all_explorers()),
    *(f"question {k}" for k in QUESTIONS),
    *(f"quiz {doc}" for doc in QUIZZES),
]


@cache
def texts_of(owner: str) -> list[tuple[str, str]]:
    """Every visible text of one explorer, question or quiz, by field."""
    kind, name = owner.split(" ", 1)
    if kind == "explorer":
        return explorer_texts(all_explorers()[name]())
    if kind == "question":
        return question_texts(QUESTIONS[name])
    return quiz_texts(name)


def texts() -> dict[str, list[tuple[str, str]]]:
    """Every visible text of the book's explorers, questions and quizzes, by owner."""
    return {owner: texts_of(owner) for owner in OWNERS}


def words(text: str) -> list[str]:
    """The words of a text, names in code left out."""
    return WORD.findall(CODE_NAME.sub(" ", text))


# -- the rules ---------------------------------------------------------------------------


def test_the_chapters_give_the_rules_something_to_check() -> None:
    """The style read from the chapters is the book's, not an empty set."""
    assert {"NLL", "KL", "MSE"} <= acronyms()
    assert {"Gaussian", "Shannon", "Bernoulli", "SciPy"} <= proper_names()
    assert {"PyTorch", "JupyterLab"} <= inner_capitals()
    assert all(texts().values()), [o for o, t in texts().items() if not t]


@pytest.mark.parametrize("owner", OWNERS)
def test_capitals_only_for_the_books_acronyms(owner: str) -> None:
    """A word in capitals is an acronym the chapters write (NLL, KL), not shouting."""
    bad = [
        (kind, w)
        for kind, t in texts_of(owner)
        for w in words(t)
        if is_capitals(w) and w not in acronyms()
    ]
    assert not bad, f"{owner}: {bad}"


@pytest.mark.parametrize("owner", OWNERS)
def test_acronyms_never_in_lower_case(owner: str) -> None:
    """An acronym is never written in lower case ("mean nll", "kl(q‖p)"), unless the
    chapters use that word in lower case too ("map")."""
    lowered = {a.lower(): a for a in acronyms()}
    bad = [
        (kind, w, lowered[w])
        for kind, t in texts_of(owner)
        for w in words(t)
        if w in lowered and w not in lower_case_words()
    ]
    assert not bad, f"{owner}: {bad}"


@pytest.mark.parametrize("owner", OWNERS)
def test_no_word_mixes_case_inside(owner: str) -> None:
    """No word mixes capitals and small letters inside it ("bitsXX", "XXTop"), except
    names the chapters write so (PyTorch, KLDivLoss)."""
    bad = [
        (kind, w)
        for kind, t in texts_of(owner)
        for w in words(t)
        if mixes_case(w) and w not in inner_capitals()
    ]
    assert not bad, f"{owner}: {bad}"


@pytest.mark.parametrize("owner", OWNERS)
def test_names_keep_their_capital(owner: str) -> None:
    """A name the chapters always capitalise (Gaussian, Shannon, Brier) is never
    written in lower case."""
    lowered = {n.lower(): n for n in proper_names()}
    bad = [(kind, w, lowered[w]) for kind, t in texts_of(owner) for w in words(t) if w in lowered]
    assert not bad, f"{owner}: {bad}"


#: Functions a formula may start with, written before their argument as on the
#: notation page (ln 2, exp(z)).
FUNCTIONS = ("ln", "log", "exp")
QUOTES = "\"'“‘"


def is_symbol(text: str) -> bool:
    """The text starts with a symbol, which keeps its own case: a formula (e², σ(z),
    q*, ln 6), a variable (t = 0, γ), code (pos_weight) or a quoted term ('mean')."""
    if text[:1] in QUOTES:
        return True
    first = text.split(maxsplit=1)[0].rstrip(",.;:?!") if text.strip() else ""
    return (
        any(not (c.isalpha() or c in "'’-") for c in first)
        or any("GREEK" in unicodedata.name(c, "") for c in first)
        or (len(first) == 1 and first != "a")
        or first in FUNCTIONS
    )


def starts_a_sentence(text: str) -> bool:
    """The text starts with a capital, a digit or sign, or a symbol."""
    text = text.lstrip(" ([")
    return not text[:1].islower() or is_symbol(text)


#: Abbreviations after whose full stop a sentence goes on.
ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|i\.i\.d|vs|cf|etc)\.$")


def sentence_starts(text: str) -> list[str]:
    """The text after each full stop, question or exclamation mark inside it."""
    return [
        text[m.end() :]
        for m in re.finditer(r"[.?!]\s+", text)
        if not ABBREVIATIONS.search(text[: m.start() + 1])
    ]


@pytest.mark.parametrize("owner", OWNERS)
def test_sentences_start_with_a_capital(owner: str) -> None:
    """Titles, captions, prompts, feedback and labels of controls start with a capital,
    and so does every sentence after a full stop in any text."""
    bad = []
    for kind, t in texts_of(owner):
        starts = sentence_starts(t) + ([t] if kind in SENTENCES else [])
        bad += [(kind, s[:40]) for s in starts if not starts_a_sentence(s)]
    assert not bad, f"{owner}: {bad}"


@pytest.mark.parametrize("key", CHOICES)
def test_options_of_a_question_start_alike(key: str) -> None:
    """A question's options are parallel: all start with a capital or all in lower case
    (options that start with a number, a symbol or code aside)."""
    q = QUESTIONS[key]
    assert isinstance(q, Choice)
    cases = {o[0].isupper() for o in q.options if o[:1].isalpha() and not is_symbol(o)}
    assert len(cases) <= 1, f"{key}: {list(q.options)}"


if __name__ == "__main__":  # pragma: no cover
    for owner, items in texts().items():
        for kind, t in items:
            print(f"{owner:45} {kind:14} {t[:100]!r}")
