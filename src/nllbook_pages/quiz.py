"""Check-yourself questions, with feedback aimed at each misconception.

Three kinds of question:

- :class:`Numeric`: a number, accepted within a stated tolerance;
- :class:`Choice`: one of several options;
- :class:`Compare`: which of two quantities is larger (or are they equal).

The right answer is computed by nllbook when the question is made. So is the
wrong value that each known misconception predicts (a :class:`Misconception`:
bits instead of nats, a sum for a mean, p and q swapped, ...): a reader who
gives it is told which slip it was and where the book clears it up. Any
other wrong answer gets a general hint and a second try; after the second,
the answer is shown.

:func:`check` holds the rule, in Python; the site's script
(``_static/nllbook-quiz.js``) applies the same rule in the browser.

A :class:`Quiz` (a list of questions) renders in two ways, like the
explorers: static HTML for the built site, answered with no kernel, and an
ipywidgets form in a live kernel.

Why the answers are encoded
---------------------------
The page is static: whatever the browser checks against is in the page. Put
there as plain text, the answer could be read at a glance, by the eye, the
page's search, a screen reader running ahead, or a text-only copy of the
page, before the reader has tried. Each question therefore carries its answer
and its feedback as JSON, XOR-ed with a key of its own and base64-encoded
(:func:`encode`). This is not secrecy (the key sits next to it, and anyone
who wants the answer can decode it); it only keeps the answer out of the
text until the reader asks for it.

Each page's questions are a module of :mod:`nllbook_pages.questions`, with an
:class:`Oracle` for each in its ``oracles()``.

Examples
--------
>>> import nllbook
>>> q = Numeric(
...     "half",
...     "The loss at p = 0.5, in nats?",
...     answer=float(nllbook.nll([0.5, 0.5], 0)),
...     tolerance=0.01,
...     misconceptions=[Misconception("bits instead of nats", "Bits are log base 2.", 1.0)],
... )
>>> check(q, "0.69").status, check(q, "1").status, check(q, "7").status
('right', 'misconception', 'retry')
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, SupportsFloat

__all__ = [
    "Choice",
    "Compare",
    "Misconception",
    "Numeric",
    "Oracle",
    "Question",
    "Quiz",
    "Section",
    "Verdict",
    "check",
    "decode",
    "encode",
    "parse_number",
    "payload",
]

#: How many wrong tries (that no misconception explains) before the answer is shown.
TRIES = 2


@cache
def package_css() -> str:
    """The questions' stylesheet, as shipped in the package: the site loads it
    on every page, a notebook does not, so the live form brings it along."""
    from importlib.resources import files

    return (files("nllbook_pages") / "static" / "nllbook.css").read_text(encoding="utf-8")


def _slug(title: str) -> str:
    """The anchor Sphinx gives a section heading (as ``docutils.nodes.make_id``)."""
    s = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return re.sub(r"^[^a-z]+", "", s).strip("-")


@dataclass(frozen=True)
class Section:
    """A section of the book, the place that clears up a misconception.

    Parameters
    ----------
    doc : str
        The chapter's file name without extension, e.g. ``"negative"``.
    title : str
        The section heading, exactly as written in the chapter.
    """

    doc: str
    title: str

    @property
    def href(self) -> str:
        """Link from another chapter page (all chapters sit in one folder)."""
        return f"{self.doc}.html#{_slug(self.title)}"

    def link(self) -> str:
        return f'<a href="{html.escape(self.href)}">{html.escape(self.title)}</a>'


@dataclass(frozen=True)
class Misconception:
    """A known slip, the wrong answer it predicts, and what clears it up.

    Parameters
    ----------
    name : str
        Short name of the slip, e.g. ``"bits instead of nats"``.
    explain : str
        Why it gives this value and what was meant (plain text).
    value : float or int
        The answer the slip predicts: a number for :class:`Numeric`, the
        index of an option for :class:`Choice` and :class:`Compare`.
    section : Section, optional
        The section that clears it up.
    """

    name: str
    explain: str
    value: float
    section: Section | None = None

    def feedback(self) -> str:
        see = f" See {self.section.link()}." if self.section else ""
        return (
            f"<strong>Not quite: {html.escape(self.name)}.</strong> "
            f"{html.escape(self.explain)}{see}"
        )


@dataclass
class Question(ABC):
    """What every question has: use :class:`Numeric`, :class:`Choice` or :func:`Compare`."""

    key: str
    prompt: str
    misconceptions: Sequence[Misconception] = ()
    why: str = ""
    hint: str = "Check each step against the chapter and try again."

    kind: Literal["numeric", "choice"] = field(default="numeric", init=False)

    def right_feedback(self) -> str:
        return f"<strong>Right.</strong> {html.escape(self.why)}".rstrip()

    @abstractmethod
    def answer_text(self) -> str:
        """The right answer, written out for the reader."""


@dataclass
class Numeric(Question):
    """A question answered by a number, right within ``tolerance``.

    Parameters
    ----------
    key : str
        Identifier, unique on its page.
    prompt : str
        The question (plain text).
    answer : float
        The right answer, computed by nllbook.
    tolerance : float
        Absolute tolerance, shown to the reader.
    misconceptions : sequence of Misconception
        Each with the value it predicts. Every one must lie more than
        ``2 * tolerance`` from the answer and from each other, so that the
        tolerance windows never overlap.
    why, hint : str
        Shown with a right answer, and with an unexplained wrong one.
    """

    answer: float = math.nan
    tolerance: float = 0.01
    digits: int = 3

    def __post_init__(self) -> None:
        self.kind = "numeric"
        if not math.isfinite(self.answer):
            raise ValueError(f"answer: {self.key}: must be a finite number, got {self.answer!r}")
        if not (self.tolerance > 0 and math.isfinite(self.tolerance)):
            raise ValueError(f"tolerance: {self.key}: must be positive, got {self.tolerance!r}")
        values = [self.answer, *(m.value for m in self.misconceptions)]
        for i, a in enumerate(values):
            for b in values[i + 1 :]:
                if not abs(a - b) > 2 * self.tolerance:
                    raise ValueError(
                        f"misconceptions: {self.key}: {a!r} and {b!r} are within "
                        f"twice the tolerance {self.tolerance} of each other"
                    )

    def answer_text(self) -> str:
        return f"{self.answer:.{self.digits}f}"


@dataclass
class Choice(Question):
    """A question answered by picking one option.

    Parameters
    ----------
    options : sequence of str
    answer : int
        Index of the right option (computed by nllbook where it depends on a number).
    misconceptions : sequence of Misconception
        ``value`` is the index of the option that the slip leads to.
    """

    options: Sequence[str] = ()
    answer: int = 0

    def __post_init__(self) -> None:
        self.kind = "choice"
        n = len(self.options)
        if n < 2:
            raise ValueError(f"options: {self.key}: needs at least two options, got {n}")
        if not 0 <= self.answer < n:
            raise ValueError(f"answer: {self.key}: not an option index, got {self.answer!r}")
        picked = [int(m.value) for m in self.misconceptions]
        if any(not 0 <= i < n or i == self.answer for i in picked) or len(set(picked)) != len(
            picked
        ):
            raise ValueError(
                f"misconceptions: {self.key}: each must point to its own wrong option, got {picked}"
            )

    def answer_text(self) -> str:
        return self.options[self.answer]


def Compare(
    key: str,
    prompt: str,
    left: tuple[str, float],
    right: tuple[str, float],
    *,
    misconceptions: dict[str, tuple[str, str, Section | None]] | None = None,
    why: str = "",
    tolerance: float = 1e-9,
    hint: str = "Compute both, or think about what each one measures.",
) -> Choice:
    """A "which is larger?" question, as a :class:`Choice` over three options.

    Parameters
    ----------
    left, right : (str, float)
        Each quantity's name and its value, computed by nllbook.
    misconceptions : dict
        Maps ``"left"``, ``"right"`` or ``"equal"`` (a wrong option) to
        ``(name, explain, section)``.
    tolerance : float
        Values closer than this count as equal.
    """
    (a_name, a), (b_name, b) = left, right
    for name, x in (("left", a), ("right", b)):
        if not math.isfinite(x):
            raise ValueError(f"{name}: {key}: must be a finite number, got {x!r}")
    answer = 2 if abs(a - b) <= tolerance else (0 if a > b else 1)
    order = {"left": 0, "right": 1, "equal": 2}
    slips = [
        Misconception(name, explain, order[which], section)
        for which, (name, explain, section) in (misconceptions or {}).items()
    ]
    return Choice(
        key,
        prompt,
        misconceptions=slips,
        why=why,
        hint=hint,
        options=[
            f"{a_name} is larger",
            f"{b_name} is larger",
            "They are equal",
        ],
        answer=answer,
    )


@dataclass(frozen=True)
class Oracle:
    """One question's key and misconception values, recomputed without nllbook.

    ``answer`` is a :class:`Numeric`'s number, a :class:`Choice`'s option index
    or a :func:`Compare`'s larger side (``"left"``, ``"right"`` or ``"equal"``,
    see :meth:`larger`); ``misconceptions`` maps each misconception's name to its
    value, in the same form (a tuple when one slip, under one name, points to
    two sides). A page's ``oracles()`` makes them from each question's wording
    with plain numpy, scipy or the standard library, never with nllbook.
    """

    answer: SupportsFloat | str
    misconceptions: dict[str, SupportsFloat | str | tuple[str, ...]] = field(default_factory=dict)

    @staticmethod
    def larger(left: float, right: float, tolerance: float = 1e-9) -> str:
        """The side of a comparison that is larger, or ``"equal"`` within ``tolerance``."""
        return "equal" if abs(left - right) <= tolerance else "left" if left > right else "right"


@dataclass(frozen=True)
class Verdict:
    """What one answer gets: ``status`` is ``"right"``, ``"misconception"``,
    ``"retry"`` (a hint, try again), ``"reveal"`` (the answer, after the
    last try) or ``"invalid"`` (not a number, or no option picked)."""

    status: Literal["right", "misconception", "retry", "reveal", "invalid"]
    message: str
    misconception: str | None = None


_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", " ": "", "\u00a0": ""})


def parse_number(text: str) -> float | None:
    """A number typed by a reader: ``"0.69"``, ``"-2,3"``, ``"1e-3"``, ``"−0.5"``.

    A comma is read as the decimal point when there is no point. Returns
    ``None`` for anything else (the browser's script applies the same rule).

    >>> parse_number("−2,30"), parse_number("abc")
    (-2.3, None)
    """
    s = str(text).strip().translate(_MINUS)
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return None
    return float(s)


def check(question: Question, response: str | int | float, tries: int = 1) -> Verdict:
    """Judge one answer, as the site's script does.

    Parameters
    ----------
    question : Numeric or Choice
    response : str, int or float
        The typed text (or a number) for :class:`Numeric`; the option index
        for :class:`Choice`.
    tries : int
        Which try this is (1 for the first); an unexplained wrong answer on
        the last try (:data:`TRIES`) reveals the answer.
    """
    if isinstance(question, Numeric):
        parsed = response if isinstance(response, (int, float)) else parse_number(response)
        if parsed is None or not math.isfinite(parsed):
            return Verdict("invalid", "Type a number, for example 0.25.")
        number = float(parsed)
        tolerance = question.tolerance

        def hit(v: float) -> bool:
            return abs(number - v) <= tolerance

    elif isinstance(question, Choice):
        try:
            picked = int(response)
        except (TypeError, ValueError):
            return Verdict("invalid", "Pick one of the options.")

        def hit(v: float) -> bool:
            return int(v) == picked

    else:
        raise ValueError(f"question: not a Numeric or Choice, got {type(question).__name__}")
    if hit(question.answer):
        return Verdict("right", question.right_feedback())
    for m in question.misconceptions:
        if hit(m.value):
            return Verdict("misconception", m.feedback(), m.name)
    if tries >= TRIES:
        return Verdict("reveal", reveal_feedback(question))
    return Verdict("retry", f"<strong>Not yet.</strong> {html.escape(question.hint)}")


def reveal_feedback(question: Question) -> str:
    why = f" {html.escape(question.why)}" if question.why else ""
    return f"<strong>The answer is {html.escape(question.answer_text())}.</strong>{why}"


def payload(question: Question) -> dict[str, Any]:
    """Everything the browser needs to judge an answer (encoded in the page)."""
    return {
        "kind": question.kind,
        "answer": question.answer,  # type: ignore[attr-defined]
        "tol": getattr(question, "tolerance", 0),
        "right": question.right_feedback(),
        "slips": [[m.value, m.feedback(), m.name] for m in question.misconceptions],
        "retry": f"<strong>Not yet.</strong> {html.escape(question.hint)}",
        "reveal": reveal_feedback(question),
        "tries": TRIES,
    }


def _key(ident: str) -> bytes:
    return hashlib.sha256(f"nllbook-quiz:{ident}".encode()).digest()[:16]


def encode(data: dict[str, Any], ident: str) -> tuple[str, str]:
    """``data`` as JSON XOR-ed with a key of its own, in base64; returns (text, key hex).

    Not secrecy: it keeps the answer out of the page's text (see the module).

    >>> text, key = encode({"answer": 0.693}, "q1")
    >>> "0.693" in text, decode(text, key)
    (False, {'answer': 0.693})
    """
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    key = _key(ident)
    mixed = bytes(b ^ key[i % len(key)] for i, b in enumerate(raw))
    return base64.b64encode(mixed).decode("ascii"), key.hex()


def decode(text: str, key_hex: str) -> Any:
    """The inverse of :func:`encode`."""
    key = bytes.fromhex(key_hex)
    raw = base64.b64decode(text)
    return json.loads(bytes(b ^ key[i % len(key)] for i, b in enumerate(raw)).decode())


# -- rendering ----------------------------------------------------------------


def question_html(question: Question, ident: str, number: int) -> str:
    """One question as a static form; its answer and feedback are encoded."""
    data, key = encode(payload(question), ident)
    legend = f"Question {number}. {html.escape(question.prompt)}"
    if isinstance(question, Numeric):
        field_html = (
            f'<label for="{ident}-in">Your answer '
            f'<span class="nllbook-quiz-tol">(within ± {question.tolerance:g})</span></label> '
            f'<input type="text" id="{ident}-in" name="answer" inputmode="decimal" '
            f'autocomplete="off" spellcheck="false">'
        )
    else:
        assert isinstance(question, Choice)
        field_html = "".join(
            f'<label class="nllbook-quiz-option"><input type="radio" name="answer" '
            f'value="{i}"> {html.escape(opt)}</label>'
            for i, opt in enumerate(question.options)
        )
    return (
        f'<form class="nllbook-quiz-q" id="{ident}" data-q="{ident}" '
        f'data-kind="{question.kind}" data-key="{key}" data-payload="{data}">'
        f"<fieldset><legend>{legend}</legend>"
        f'<div class="nllbook-quiz-field">{field_html}</div>'
        f'<button type="submit">Check</button>'
        f"</fieldset>"
        f'<p class="nllbook-quiz-feedback" aria-live="polite"></p>'
        f"</form>"
    )


@dataclass
class Quiz:
    """A set of questions shown together, with the reader's progress.

    Parameters
    ----------
    key : str
        Identifier of the set, unique on its page (prefixes every question's id).
    questions : sequence of Numeric or Choice
    title : str
    """

    key: str
    questions: Sequence[Question]
    title: str = "Check yourself"

    def __post_init__(self) -> None:
        keys = [q.key for q in self.questions]
        if not keys:
            raise ValueError(f"questions: quiz {self.key!r} has none")
        if len(set(keys)) != len(keys):
            raise ValueError(f"questions: quiz {self.key!r} repeats a key: {keys}")

    def ident(self, question: Question) -> str:
        return f"nbq-{self.key}-{question.key}"

    def html(self) -> str:
        """The static quiz for the site; ``nllbook-quiz.js`` makes it answerable."""
        items = "".join(
            question_html(q, self.ident(q), i + 1) for i, q in enumerate(self.questions)
        )
        n = len(self.questions)
        return (
            f'<section class="nllbook-quiz" data-nllbook-quiz="{self.key}" '
            f'aria-label="{html.escape(self.title)}">'
            f'<p class="nllbook-quiz-intro">Answer each question, then press Check. '
            f"Numbers may be typed with a point or a comma.</p>{items}"
            f'<div class="nllbook-quiz-bar"><p class="nllbook-quiz-progress" '
            f'aria-live="polite">0 of {n} answered right.</p>'
            f'<button type="button" class="nllbook-quiz-reset">Reset my answers</button></div>'
            f"</section>"
        )

    def widget(self) -> Any:
        """The live ipywidgets form, for a running kernel."""
        import ipywidgets as w

        boxes = [w.HTML(f"<style>{package_css()}</style><b>{html.escape(self.title)}</b>")]
        for i, q in enumerate(self.questions):
            boxes.append(_question_widget(q, i + 1))
        box = w.VBox(boxes)
        # Not "nllbook-live", the class of an explorer's live view.
        box.add_class("nllbook-live-quiz")
        return box

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": f"<Quiz {self.key}: {len(self.questions)}>"}
        if os.environ.get("NLLBOOK_SITE_BUILD") == "1":
            bundle["text/html"] = self.html()
            return bundle
        try:
            bundle.update(self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {})
        except Exception:  # no comm (plain Python): the questions still show
            pass
        bundle["text/html"] = self.html()
        return bundle


class QuestionState:
    """The checking logic of one live question, free of any widget.

    >>> q = Choice("c", "Pick", options=["a", "b"], answer=1)
    >>> s = QuestionState(q)
    >>> s.submit(0).status, s.submit(0).status, s.submit(1).status
    ('retry', 'reveal', 'right')
    """

    def __init__(self, question: Question) -> None:
        self.question = question
        self.tries = 0
        self.solved = False

    def submit(self, response: str | int | float | None) -> Verdict:
        if response is None or response == "":
            kind = (
                "Pick one of the options." if self.question.kind == "choice" else "Type a number."
            )
            return Verdict("invalid", kind)
        verdict = check(self.question, response, self.tries + 1)
        if verdict.status != "invalid":
            self.tries += 1
        if verdict.status == "right":
            self.solved = True
        return verdict


def _question_widget(question: Question, number: int) -> Any:
    import ipywidgets as w

    state = QuestionState(question)
    prompt = w.HTML(f"<b>Question {number}.</b> {html.escape(question.prompt)}")
    entry: Any
    if isinstance(question, Choice):
        entry = w.RadioButtons(
            options=[(o, i) for i, o in enumerate(question.options)],
            value=None,
            layout=w.Layout(width="auto"),
        )
    else:
        entry = w.Text(
            placeholder=f"within ± {getattr(question, 'tolerance', 0):g}",
            description="Answer",
        )
    button = w.Button(description="Check")
    feedback = w.HTML()

    def on_check(_: object = None) -> None:
        feedback.value = state.submit(entry.value).message

    button.on_click(on_check)
    return w.VBox([prompt, entry, button, feedback])
