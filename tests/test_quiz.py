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
from nllbook_pages import quiz, quiz_bank
from nllbook_pages.quiz import (
    Choice,
    Compare,
    Misconception,
    Numeric,
    Question,
    QuestionState,
    check,
)

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
def test_a_tolerance_is_a_tenth_of_the_answer_at_most(doc: str, question: Question) -> None:
    """A slip of more than 10 % is never counted right: the tolerance is at most a
    tenth of the answer's size (0.005 for an answer at 0)."""
    if isinstance(question, Numeric):
        allowed = max(abs(question.answer) / 10, 0.005)
        assert question.tolerance <= allowed, (doc, question.key, question.tolerance)


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
    """Every slip the bank names points the reader to the section that clears it up
    (the feedback links to it), and that section is a heading of its chapter."""
    for m in question.misconceptions:
        assert m.section is not None, f"{doc}-{question.key}: {m.name!r} links to no section"
        assert f'href="{html.escape(m.section.href)}"' in m.feedback()
        source = (ROOT / "book" / f"{m.section.doc}.md").read_text(encoding="utf-8")
        headings = re.findall(r"^#{2,3} (.+)$", source, flags=re.M)
        assert m.section.title in headings, f"{m.section.doc} has no section {m.section.title!r}"


@pytest.mark.parametrize(
    "title",
    [
        "Is the answer any good?",
        'When the model says "impossible"',
        "Many samples: sum or mean",
        "Distillation: the temperature and the T² factor",
        "The loss −ln q, not ln q",
        "Café and naïve",
    ],
)
def test_anchors_are_those_of_docutils(title: str) -> None:
    assert quiz.Section("x", title).href == f"x.html#{make_id(title)}"


# -- the bank against independent computations ---------------------------------------------------


def test_bank_answers_match_scipy_and_plain_numpy() -> None:
    p, q = ex.OBSERVED_DIE, ex.BIASED_DIE
    ce = by_key("cross_entropy", "ce")
    assert ce.answer == pytest.approx(-np.sum(p * np.log(q)))
    kl = scipy.stats.entropy(p, q)
    assert {m.name: m.value for m in ce.misconceptions}[
        "the KL divergence, as scipy.stats.entropy(p, q) returns"
    ] == pytest.approx(kl)
    assert by_key("entropy", "fair-die").answer == pytest.approx(np.log(6))
    assert by_key("entropy", "biased-die-bits").answer == pytest.approx(
        scipy.stats.entropy(ex.BIASED_DIE, base=2)
    )
    assert by_key("start", "fourth").answer == pytest.approx(-np.log(0.1))
    assert by_key("likelihood", "bernoulli").answer == pytest.approx(0.9 * 0.8 * 0.7 * 0.6)
    assert by_key("negative", "batch-mean").answer == pytest.approx(
        -(np.log(0.1) + np.log(0.5)) / 2
    )
    z = ex.PRACTICE_LOGITS
    assert by_key("in_practice", "logits").answer == pytest.approx(
        -scipy.special.log_softmax(z)[ex.PRACTICE_TARGET]
    )
    twice = scipy.special.softmax(scipy.special.softmax(z))
    logits = by_key("in_practice", "logits")
    assert {m.name: m.value for m in logits.misconceptions}["softmax applied twice"] == (
        pytest.approx(-np.log(twice[ex.PRACTICE_TARGET]))
    )
    assert by_key("beyond_classification", "ppl").answer == pytest.approx(np.exp(2.0))
    assert by_key("beyond_classification", "gaussian").answer == pytest.approx(
        -scipy.stats.norm.logpdf(0.0)
    )
    assert by_key("log", "underflow").answer == _underflow_by_loop(0.1)


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


@pytest.mark.parametrize(("doc", "question"), ALL, ids=IDS)
def test_each_question_offers_its_options_or_a_field(doc: str, question: Question) -> None:
    """A choice shows each option as a radio button, labelled with the option and
    numbered as the checking script counts them; a number question shows one field."""
    markup = quiz.question_html(question, "q", 1)
    radios = re.findall(
        r'<label class="nllbook-quiz-option"><input type="radio" name="answer" '
        r'value="(\d+)">\s*([^<]*)</label>',
        markup,
    )
    if isinstance(question, Choice):
        want = [(str(i), html.escape(o)) for i, o in enumerate(question.options)]
        assert [(v, t.strip()) for v, t in radios] == want
    else:
        assert not radios
        assert markup.count('<input type="text"') == 1


def test_review_mixes_every_chapter_with_unique_ids() -> None:
    review = quiz_bank.review()
    chapters = {q.key.partition("-")[0] for q in review.questions}
    assert chapters == set(quiz_bank.CHAPTERS)
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


# -- questions read on their own: the data in the prompt, recomputed with scipy --------------------
#
# Each question below is answered here from the numbers its own prompt states,
# with scipy and plain numpy, so a prompt that leans on another question (the
# Review page shows them one at a time) fails, and so does a key that does not
# follow from the prompt. Each slip the chapters teach must be refused.


def _vectors(text: str) -> list[np.ndarray]:
    return [
        np.array([float(v) for v in m.split(",")]) for m in re.findall(r"\[([-\d., ]+)\]", text)
    ]


def _faces(text: str) -> np.ndarray:
    m = re.search(r"faces (\d+(?:, \d+)*)", text)
    assert m is not None, text
    return np.array([int(v) for v in m.group(1).split(",")]) - 1  # faces 1-6 as indices


def _refused(question: Question, value: float) -> bool:
    return check(question, value).status != "right"


def test_four_class_questions_state_their_output() -> None:
    q4 = ex.FOUR_CLASS_PROBS
    third = by_key("start", "third")
    (probs,) = _vectors(third.prompt)
    assert third.answer == pytest.approx(-np.log(probs[2]))
    pair = by_key("likelihood", "two-samples")
    (probs,) = _vectors(pair.prompt)
    assert "fourth" in pair.prompt and "third" in pair.prompt
    assert pair.answer == pytest.approx(probs[3] * probs[2])
    assert _refused(pair, probs[3] + probs[2]) and _refused(pair, (probs[3] + probs[2]) / 2)
    for key, reduce in (("batch-mean", np.mean), ("batch-sum", np.sum)):
        q = by_key("negative", key)
        (probs,) = _vectors(q.prompt)
        losses = -np.log([probs[3], probs[2]])
        assert q.answer == pytest.approx(reduce(losses))
        other = np.sum if reduce is np.mean else np.mean
        assert _refused(q, other(losses))
    np.testing.assert_allclose(probs, q4)
    printed = by_key("errata", "printed")
    (probs,) = _vectors(printed.prompt)
    assert printed.answer == (0 if probs[3] > -np.log(probs[3]) else 1)
    which = by_key("start", "which-class")
    (probs,) = _vectors(which.prompt)
    assert which.answer == (0 if -np.log(probs[3]) > -np.log(probs[2]) else 1)


def test_uniform_model_tolerance_refuses_both_orientation_slips() -> None:
    """The cross-entropy of the observed die with a uniform model: the swapped
    orientation (the tutorial's) and the data's own entropy lie within 0.003 of
    it, so the tolerance must be tighter than that, and each has its feedback."""
    q = by_key("cross_entropy", "uniform-model")
    (p,) = _vectors(q.prompt)
    uniform = np.full(p.size, 1 / p.size)
    right = scipy.stats.entropy(p) + scipy.stats.entropy(p, uniform)  # H(p) + KL = H(p, q)
    assert q.answer == pytest.approx(right) == pytest.approx(np.log(6))
    swapped = -np.sum(uniform * np.log(p))  # H(q, p)
    own = scipy.stats.entropy(p)  # H(p)
    for slip in (swapped, own):
        assert abs(slip - right) < 0.005  # the slips the old tolerance let through
        verdict = check(q, slip)
        assert verdict.status == "misconception", slip
    assert check(q, round(right, 3)).status == "right"
    assert check(q, f"{right:.4f}").status == "right"


def test_tutorial_order_names_its_belief() -> None:
    q = by_key("errata", "tutorial-order")
    belief, observed = _vectors(q.prompt)
    np.testing.assert_allclose(belief, ex.BIASED_DIE)
    np.testing.assert_allclose(observed, ex.OBSERVED_DIE)
    right = scipy.stats.entropy(observed) + scipy.stats.entropy(observed, belief)
    assert q.answer == pytest.approx(right)
    assert _refused(q, -np.sum(belief * np.log(observed)))  # the tutorial's orientation
    fair = np.full(6, 1 / 6)  # the tutorial's other belief gives another number
    assert _refused(q, scipy.stats.entropy(observed) + scipy.stats.entropy(observed, fair))


@pytest.mark.parametrize(
    ("doc", "key"),
    [
        ("nll_is_cross_entropy", "logits"),
        ("in_practice", "logits"),
        ("in_practice", "gradient"),
        ("in_practice", "soft-target"),
        ("in_practice", "kl-div"),
    ],
)
def test_logit_questions_name_the_true_class_unambiguously(doc: str, key: str) -> None:
    """The class is named by its place and by its 0-based index; the answer
    follows from the prompt, and reading the index as 1-based is refused."""
    q = by_key(doc, key)
    (z,) = _vectors(q.prompt)
    index = int(re.search(r"index (\d)", q.prompt).group(1))  # type: ignore[union-attr]
    place = ("first", "second", "third", "fourth")[index]
    assert f"the {place} one" in q.prompt
    assert "true class 1" not in q.prompt
    logq = scipy.special.log_softmax(z)
    if key == "logits" or key == "kl-div":
        right, shifted = -logq[index], -logq[index + 1]
    elif key == "gradient":
        soft = scipy.special.softmax(z)
        right, shifted = soft[index] - 1, soft[index + 1] - 1
    else:
        target = np.full(z.size, 0.1 / z.size)
        target[index] += 0.9
        right = -np.sum(target * logq)
        wrong_target = np.roll(target, 1)
        shifted = -np.sum(wrong_target * logq)
    assert q.answer == pytest.approx(right)
    assert _refused(q, shifted)
    if key in ("logits", "gradient"):  # the 1-based reading gets its own feedback
        verdict = check(q, shifted)
        assert verdict.status == "misconception"
        assert verdict.misconception == "the class counted from 1 in code"


def test_dice_questions_state_their_rolls() -> None:
    for key in ("rolls", "twice", "best-model", "fair-ln6"):
        q = by_key("nll_is_cross_entropy", key)
        faces = _faces(q.prompt)
        assert faces.size == 6
        if key in ("rolls", "twice"):
            (model,) = _vectors(q.prompt)
            counts = np.bincount(faces, minlength=6)
            p_hat = counts / counts.sum()
            right = scipy.stats.entropy(p_hat) + scipy.stats.entropy(p_hat, model)
            assert q.answer == pytest.approx(right)
            n = faces.size * (2 if key == "twice" else 1)
            assert _refused(q, right * n)  # the sum where the mean is asked


def test_remaining_questions_restate_their_data() -> None:
    """No prompt leans on the question before it."""
    for doc, q in ALL:
        text = q.prompt
        assert not re.match(r"(The )?[Ss]ame\b", text), (doc, q.key, text)
        for phrase in ("those ", " above", "the observed p.", "for the same p and q"):
            assert phrase not in text, (doc, q.key, phrase)
    fair_or_biased = by_key("entropy", "fair-or-biased")
    (biased,) = _vectors(fair_or_biased.prompt)
    fair = scipy.stats.entropy(np.full(6, 1 / 6))
    assert fair_or_biased.answer == (0 if fair > scipy.stats.entropy(biased) else 1)
    kl = by_key("cross_entropy", "kl-order")
    p, q_ = _vectors(kl.prompt)
    forward, backward = scipy.stats.entropy(p, q_), scipy.stats.entropy(q_, p)
    assert kl.answer == (0 if forward > backward else 1)
    bpc = by_key("beyond_classification", "bpc")
    assert bpc.answer == pytest.approx(2 / np.log(2))


def _feedback(q: Question) -> list[str]:
    texts = [q.prompt, q.why, q.hint or ""]
    texts += [m.name for m in q.misconceptions] + [m.explain for m in q.misconceptions]
    texts += [str(o) for o in getattr(q, "options", [])]
    return texts


@pytest.mark.parametrize(("doc", "question"), ALL, ids=IDS)
def test_formulas_write_ln_as_the_notation_page_does(doc: str, question: Question) -> None:
    for text in _feedback(question):
        assert not re.search(r"\blog (?:0|p|q|t̃)\b|[pq] log\b", text), (doc, question.key, text)


def test_feedback_on_log_zero_matches_numpy() -> None:
    """numpy.log(0) warns; the feedback must not say that nothing does."""
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        assert np.log(np.float64(0.0)) == -np.inf
    q = by_key("log", "impossible")
    assert "no warning" not in q.why and "RuntimeWarning" in q.why


def test_biased_entropy_refuses_the_tutorials_figure() -> None:
    q = by_key("errata", "biased-entropy")
    (p,) = _vectors(q.prompt)
    assert q.answer == pytest.approx(scipy.stats.entropy(p))
    verdict = check(q, "1.289")  # the figure the tutorial prints
    assert verdict.status == "misconception"
    assert verdict.misconception == "the tutorial's printed figure"
