"""Check-yourself questions: the checking rule, the encoding, the bank.

The answers of the bank are compared with independent computations (scipy,
plain numpy written out here); the predicted wrong values must never fall
within the tolerance of the right answer.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.stats
from docutils.nodes import make_id

from nllbook import examples as ex
from nllbook import quiz, quiz_bank
from nllbook.quiz import Choice, Compare, Misconception, Numeric, Question, QuestionState, check

ROOT = Path(__file__).resolve().parents[1]
ALL = quiz_bank.all_questions()
IDS = [f"{doc}-{q.key}" for doc, q in ALL]


def by_key(doc: str, key: str) -> quiz.Question:
    return next(q for d, q in ALL if d == doc and q.key == key)


# -- every chapter, every misconception ---------------------------------------------------------


def test_every_chapter_has_four_to_eight_questions() -> None:
    for doc in quiz_bank.CHAPTERS:
        n = len(quiz_bank.chapter(doc).questions)
        assert 4 <= n <= 8, f"{doc}: {n} questions"
        assert (ROOT / "book" / f"{doc}.md").is_file()
        source = (ROOT / "book" / f"{doc}.md").read_text(encoding="utf-8")
        assert f'quiz_bank.chapter("{doc}")' in source, f"{doc} does not show its questions"


@pytest.mark.parametrize(("doc", "question"), ALL, ids=IDS)
def test_predicted_wrong_values_lie_outside_the_tolerance(doc: str, question: Question) -> None:
    if isinstance(question, Numeric):
        for m in question.misconceptions:
            assert abs(m.value - question.answer) > question.tolerance, (doc, m.name)
            # The windows do not overlap either: no answer is both right and a slip.
            assert abs(m.value - question.answer) > 2 * question.tolerance, (doc, m.name)
            assert check(question, m.value).status == "misconception"
    else:
        assert isinstance(question, Choice)
        for m in question.misconceptions:
            assert int(m.value) != question.answer
            assert 0 <= int(m.value) < len(question.options)


@pytest.mark.parametrize(("doc", "question"), ALL, ids=IDS)
def test_right_answer_and_each_slip_get_their_own_verdict(doc: str, question: Question) -> None:
    if isinstance(question, Numeric):
        assert check(question, question.answer_text()).status == "right"
        assert check(question, question.answer + 0.9 * question.tolerance).status == "right"
    else:
        assert check(question, question.answer).status == "right"
    for m in question.misconceptions:
        verdict = check(question, m.value)
        assert verdict.status == "misconception"
        assert verdict.misconception == m.name
        assert html.escape(m.name) in verdict.message
        if m.section is not None:
            assert m.section.href in verdict.message


@pytest.mark.parametrize(("doc", "question"), ALL, ids=IDS)
def test_the_linked_sections_exist(doc: str, question: Question) -> None:
    for m in question.misconceptions:
        if m.section is None:
            continue
        source = (ROOT / "book" / f"{m.section.doc}.md").read_text(encoding="utf-8")
        headings = re.findall(r"^#{2,3} (.+)$", source, flags=re.M)
        assert m.section.title in headings, f"{m.section.doc} has no section {m.section.title!r}"


@pytest.mark.parametrize(
    "title",
    ["Is the answer any good?", 'When the model says "impossible"', "Many samples: sum or mean"],
)
def test_anchors_are_those_of_docutils(title: str) -> None:
    assert quiz.Section("x", title).href == f"x.html#{make_id(title)}"


# -- the bank against independent computations ---------------------------------------------------


def test_bank_answers_match_scipy_and_plain_numpy() -> None:
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    ce = by_key("06_cross_entropy", "ce")
    assert ce.answer == pytest.approx(-np.sum(p * np.log(q)))
    kl = scipy.stats.entropy(p, q)
    assert {m.name: m.value for m in ce.misconceptions}[
        "the KL divergence, as scipy.stats.entropy(p, q) returns"
    ] == pytest.approx(kl)
    assert by_key("05_entropy", "fair-die").answer == pytest.approx(np.log(6))
    assert by_key("05_entropy", "biased-die-bits").answer == pytest.approx(
        scipy.stats.entropy(ex.BIASED_DIE, base=2)
    )
    assert by_key("01_start", "fourth").answer == pytest.approx(-np.log(0.1))
    assert by_key("02_likelihood", "bernoulli").answer == pytest.approx(0.9 * 0.8 * 0.7 * 0.6)
    assert by_key("04_negative", "batch-mean").answer == pytest.approx(
        -(np.log(0.1) + np.log(0.5)) / 2
    )
    z = ex.PRACTICE_LOGITS
    assert by_key("08_in_practice", "logits").answer == pytest.approx(
        -scipy.special.log_softmax(z)[ex.PRACTICE_TARGET]
    )
    twice = scipy.special.softmax(scipy.special.softmax(z))
    logits = by_key("08_in_practice", "logits")
    assert {m.name: m.value for m in logits.misconceptions}["softmax applied twice"] == (
        pytest.approx(-np.log(twice[ex.PRACTICE_TARGET]))
    )
    assert by_key("10_beyond_classification", "ppl").answer == pytest.approx(np.exp(2.0))
    assert by_key("10_beyond_classification", "gaussian").answer == pytest.approx(
        -scipy.stats.norm.logpdf(0.0)
    )
    assert by_key("03_log", "underflow").answer == _underflow_by_loop(0.1)


def _underflow_by_loop(p: float) -> int:
    x, n = 1.0, 0
    while x != 0.0:
        x *= p
        n += 1
    return n


# -- the rule --------------------------------------------------------------------------------------


def _numeric() -> Numeric:
    return Numeric(
        "t",
        "ln 2?",
        answer=float(np.log(2)),
        tolerance=0.01,
        misconceptions=[Misconception("bits instead of nats", "base 2", 1.0)],
        hint="Use ln.",
    )


def test_unexplained_wrong_answer_gets_a_hint_then_the_answer() -> None:
    q = _numeric()
    assert check(q, "5", tries=1).status == "retry"
    assert "Use ln." in check(q, "5", tries=1).message
    last = check(q, "5", tries=quiz.TRIES)
    assert last.status == "reveal" and q.answer_text() in last.message


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.69", 0.69), ("0,69", 0.69), ("−0.5", -0.5), (" 1e-3 ", 0.001), (".5", 0.5), ("2", 2.0)],
)
def test_numbers_as_readers_type_them(text: str, value: float) -> None:
    assert quiz.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,000.5x", "inf", "nan", "--1"])
def test_not_numbers(text: str) -> None:
    assert quiz.parse_number(text) is None
    assert check(_numeric(), text).status == "invalid"


def test_bad_questions_are_refused_naming_the_argument() -> None:
    with pytest.raises(ValueError, match="^misconceptions: t:"):
        Numeric("t", "?", answer=1.0, tolerance=0.1, misconceptions=[Misconception("m", "", 1.1)])
    with pytest.raises(ValueError, match="^tolerance"):
        Numeric("t", "?", answer=1.0, tolerance=0.0)
    with pytest.raises(ValueError, match="^answer"):
        Numeric("t", "?", answer=float("nan"))
    with pytest.raises(ValueError, match="^answer"):
        Choice("t", "?", options=["a", "b"], answer=2)
    with pytest.raises(ValueError, match="^misconceptions"):
        Choice("t", "?", options=["a", "b"], answer=0, misconceptions=[Misconception("m", "", 0)])
    with pytest.raises(ValueError, match="^left"):
        Compare("t", "?", ("a", float("inf")), ("b", 1.0))
    with pytest.raises(ValueError, match="^doc"):
        quiz_bank.chapter("99_nothing")
    with pytest.raises(ValueError, match="^questions"):
        quiz.Quiz("x", [_numeric(), _numeric()])


def test_compare_picks_the_larger_from_the_values() -> None:
    assert Compare("c", "?", ("a", 2.0), ("b", 1.0)).answer == 0
    assert Compare("c", "?", ("a", 1.0), ("b", 2.0)).answer == 1
    assert Compare("c", "?", ("a", 1.0), ("b", 1.0 + 1e-12)).answer == 2


# -- the page: encoded answers ---------------------------------------------------------------------


def test_encoding_round_trips_and_hides_the_feedback() -> None:
    data = quiz.payload(_numeric())
    text, key = quiz.encode(data, "nbq-x")
    assert quiz.decode(text, key) == data
    assert "bits" not in text and "0.693" not in text


@pytest.mark.parametrize("doc", list(quiz_bank.CHAPTERS))
def test_static_html_shows_no_answer_or_feedback(doc: str) -> None:
    qz = quiz_bank.chapter(doc)
    markup = qz.html()
    visible = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    for q in qz.questions:
        assert "Right." not in visible
        for m in q.misconceptions:
            assert m.explain not in visible and m.explain not in markup
        if isinstance(q, Numeric):
            assert q.answer_text() not in visible, (doc, q.key)
        form = re.search(rf'<form[^>]*id="{qz.ident(q)}"[^>]*>', markup)
        assert form is not None
        attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', form.group(0)))
        assert quiz.decode(attrs["payload"], attrs["key"]) == quiz.payload(q)


def test_review_mixes_every_chapter_with_unique_ids() -> None:
    review = quiz_bank.review()
    chapters = {q.key[:2] for q in review.questions}
    assert chapters == {doc[:2] for doc in quiz_bank.CHAPTERS}
    ids = re.findall(r'<form[^>]*\bid="([^"]+)"', review.html())
    assert len(ids) == len(set(ids)) == len(review.questions)


# -- the live version's checking logic, without JupyterLab -----------------------------------------


def test_live_question_state_counts_tries_and_remembers_a_right_answer() -> None:
    state = QuestionState(_numeric())
    assert state.submit("").status == "invalid" and state.tries == 0
    assert state.submit("1").status == "misconception"
    assert state.submit("7").status == "reveal"  # the second try reveals
    assert not state.solved
    assert state.submit("0.693").status == "right" and state.solved


def test_live_widget_checks_with_the_same_feedback() -> None:
    w = pytest.importorskip("ipywidgets")
    qz = quiz.Quiz("t", [_numeric(), Choice("c", "?", options=["a", "b"], answer=1)])
    box = qz.widget()
    assert isinstance(box, w.VBox)
    numeric_box, choice_box = box.children[1], box.children[2]
    _, entry, button, feedback = numeric_box.children
    entry.value = "1"
    button.click()
    assert "bits instead of nats" in feedback.value
    entry.value = "0,693"
    button.click()
    assert feedback.value == check(qz.questions[0], "0.693").message
    _, radios, button, feedback = choice_box.children
    radios.value = 1
    button.click()
    assert feedback.value.startswith("<strong>Right.")
