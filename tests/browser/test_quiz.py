"""Check-yourself questions and prediction prompts, answered in Chromium.

For every question of every page: the right answer is accepted, and each
wrong value that a misconception predicts gets that misconception's own
feedback, with a link to a section that exists. Before any answer, neither
the answers nor the feedback are in the page's text. Progress survives a
reload and "Reset my answers" forgets it. Several explorers ask for a
prediction first; the prompt never holds the explorer back, and can be
skipped. (The guess drawn on the figure and compared with nllbook's answer
is test_explorers.py's.)

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_quiz.py
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from nllbook_pages import all_explorers, quiz, quiz_bank

from .conftest import AXE_JS, REPO, Guard, site_dir, site_pages
from .test_explorers import explorer, open_explorer
from .test_site import load, url_of
from .visits import Visits


def quiz_pages() -> list[str]:
    site = site_dir()
    return [
        p for p in site_pages(site) if "data-nllbook-quiz" in (site / p).read_text("utf-8")
    ] or ["<site not built>"]


QUIZ_PAGES = quiz_pages()


def quiz_of(page_path: str) -> quiz.Quiz:
    doc = page_path.rsplit("/", 1)[-1].removesuffix(".html")
    return quiz_bank.review() if doc == "review" else quiz_bank.chapter(doc)


def typed(x: float) -> str:
    return format(x, ".6f")


def answer(page: Any, qz: quiz.Quiz, q: quiz.Question, response: float | int | str) -> str:
    """Give one answer and press Check; returns the feedback's HTML."""
    ident = qz.ident(q)
    form = page.locator(f"#{ident}")
    if isinstance(q, quiz.Numeric):
        text = response if isinstance(response, str) else typed(float(response))
        form.locator("input[name=answer]").fill(text)
    else:
        form.locator(f'input[name=answer][value="{int(response)}"]').check()
    form.locator("button[type=submit]").click()
    return form.locator(".nllbook-quiz-feedback").inner_html()


def test_every_chapter_and_the_review_have_questions() -> None:
    pages = {p.rsplit("/", 1)[-1] for p in QUIZ_PAGES}
    assert {f"{doc}.html" for doc in quiz_bank.CHAPTERS} | {"review.html"} <= pages


@pytest.mark.parametrize("page_path", QUIZ_PAGES)
def test_answers_are_not_in_the_text_before_answering(visits: Visits, page_path: str) -> None:
    seen = visits(page_path)
    qz = quiz_of(page_path)
    source = (site_dir() / page_path).read_text("utf-8")
    visible = seen.text["body"]
    for q in qz.questions:
        box, feedback = seen.text["questions"][qz.ident(q)]
        if isinstance(q, quiz.Numeric):
            assert q.answer_text() not in box, f"{q.key}: answer shown in the question"
        assert feedback == "", f"{q.key}: feedback before any answer: {feedback!r}"
        for m in q.misconceptions:
            assert m.explain not in visible and html.escape(m.explain) not in source
        if q.why:
            assert html.escape(q.why) not in source, f"{q.key}: explanation in the page source"
    assert not seen.problems, f"{page_path}: {seen.problems}"


@pytest.mark.parametrize("page_path", QUIZ_PAGES)
def test_right_answers_pass_and_each_slip_gets_its_own_feedback(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    page, g = guarded
    load(page, url_of(site_url, page_path))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_of(page_path)
    for q in qz.questions:
        form = page.locator(f"#{qz.ident(q)}")
        for m in q.misconceptions:
            got = answer(page, qz, q, m.value)
            assert form.get_attribute("data-status") == "misconception", (q.key, m.name)
            assert form.get_attribute("data-misconception") == m.name
            assert m.name in form.locator(".nllbook-quiz-feedback").inner_text()
            if m.section is not None:
                assert f'href="{m.section.href}"' in got, f"{q.key}: no link for {m.name}"
        got = answer(page, qz, q, q.answer)
        assert form.get_attribute("data-status") == "right", f"{page_path} {q.key}: {got}"
        assert got.startswith("<strong>Right.</strong>")
    n = len(qz.questions)
    progress = page.locator(".nllbook-quiz-progress").inner_text()
    assert progress.startswith(f"{n} of {n} answered right")
    g.assert_clean(page_path)


def test_feedback_links_lead_to_existing_sections() -> None:
    site = site_dir()
    for doc, q in quiz_bank.all_questions():
        for m in q.misconceptions:
            if m.section is None:
                continue
            target, anchor = m.section.href.split("#")
            markup = (site / "book" / target).read_text("utf-8")
            assert f'id="{anchor}"' in markup, f"{doc} {q.key}: no section #{anchor} in {target}"


def test_other_wrong_answers_get_a_hint_then_the_answer(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    page, g = guarded
    load(page, url_of(site_url, "book/negative.html"))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_bank.chapter("negative")
    q = next(q for q in qz.questions if isinstance(q, quiz.Numeric))
    form = page.locator(f"#{qz.ident(q)}")
    answer(page, qz, q, "abc")
    assert form.get_attribute("data-status") == "invalid"
    answer(page, qz, q, q.answer + 40)
    assert form.get_attribute("data-status") == "retry"
    assert html.escape(q.hint) in form.locator(".nllbook-quiz-feedback").inner_html()
    got = answer(page, qz, q, q.answer + 41)
    assert form.get_attribute("data-status") == "reveal" and q.answer_text() in got
    g.assert_clean("hint")


def test_keyboard_only_with_a_polite_announcement(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    page, g = guarded
    load(page, url_of(site_url, "book/start.html"))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_bank.chapter("start")
    numeric = next(q for q in qz.questions if isinstance(q, quiz.Numeric))
    choice = next(q for q in qz.questions if isinstance(q, quiz.Choice))
    field = page.locator(f"#{qz.ident(numeric)} input[name=answer]")
    # Labelled: the input's accessible name says what to type.
    assert "Your answer" in (page.locator(f'label[for="{qz.ident(numeric)}-in"]').inner_text())
    field.focus()
    page.keyboard.type(numeric.answer_text())
    page.keyboard.press("Enter")
    feedback = page.locator(f"#{qz.ident(numeric)} .nllbook-quiz-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    assert feedback.inner_text().startswith("Right.")
    # Radios: focus the group, arrow to the right option, Enter checks.
    first = page.locator(f"#{qz.ident(choice)} input[name=answer]").first
    first.focus()
    page.keyboard.press("Space")
    for _ in range(choice.answer):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator(f"#{qz.ident(choice)}").get_attribute("data-status") == "right"
    legend = page.locator(f"#{qz.ident(choice)} legend").inner_text()
    assert legend.startswith("Question") and choice.prompt in legend
    g.assert_clean("keyboard")


def test_progress_persists_and_resets(chromium: Any, site_url: str) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        path = "book/entropy.html"
        load(page, url_of(site_url, path))
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        qz = quiz_bank.chapter("entropy")
        done = qz.questions[:2]
        for q in done:
            answer(page, qz, q, q.answer)
        page.reload(wait_until="load")
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        for q in qz.questions:
            status = page.locator(f"#{qz.ident(q)}").get_attribute("data-status")
            assert status == ("right" if q in done else None), q.key
        progress = page.locator(".nllbook-quiz-progress").inner_text()
        assert progress.startswith(f"2 of {len(qz.questions)}")
        # Another page keeps its own record.
        load(page, url_of(site_url, "book/cross_entropy.html"))
        assert page.locator(".nllbook-quiz-progress").inner_text().startswith("0 of")
        load(page, url_of(site_url, path))
        page.locator(".nllbook-quiz-reset").click()
        assert page.locator(".nllbook-quiz-q[data-status]").count() == 0
        assert "reset" in page.locator(".nllbook-quiz-progress").inner_text()
        page.reload(wait_until="load")
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        assert page.locator(".nllbook-quiz-q[data-status]").count() == 0
        field = page.locator(f"#{qz.ident(qz.questions[0])} input[name=answer]")
        if field.get_attribute("type") == "text":
            assert field.input_value() == ""
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quiz_passes_axe_in_both_modes(chromium: Any, site_url: str, scheme: str) -> None:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS}); run `npm ci` in {REPO}", pytrace=False)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        load(page, url_of(site_url, "book/negative.html"))
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        qz = quiz_bank.chapter("negative")
        for q in qz.questions[:3]:
            answer(page, qz, q, q.misconceptions[0].value if q.misconceptions else q.answer)
        # An explorer's prediction prompt, with a guess committed so that its
        # result line speaks.
        prompt = page.locator("form.nbx-predict").first
        prompt.locator("input[name=guess]").fill("1")
        prompt.locator("button[type=submit]").click()
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            "async () => (await axe.run({include: ['.nllbook-quiz', '.nbx-predict', "
            "'.nbx-predict-result']}, {resultTypes: ['violations']})).violations"
        )
        report = [
            f"{v['id']}: {', '.join(map(str, n['target']))}" for v in violations for n in v["nodes"]
        ]
        assert not report, f"axe ({scheme}):\n" + "\n".join(report)
    finally:
        context.close()


# -- predict first ----------------------------------------------------------------------------

ASKING = [key for key in all_explorers() if explorer(key).predict is not None]


def test_several_explorers_ask_for_a_prediction() -> None:
    """By their specs, and on the site: each of them shows its prompt."""
    assert len(ASKING) >= 6, f"only {ASKING} ask for a prediction"
    site = site_dir()
    markup = "".join((site / p).read_text("utf-8") for p in site_pages(site))
    for key in ASKING:
        root = markup.split(f'data-explorer="{key}"', 1)[-1].split("data-explorer=", 1)[0]
        assert 'class="nbx-predict"' in root, f"{key}: no prediction prompt on the site"


def test_prediction_never_holds_the_explorer_back(
    guarded: tuple[Any, Guard], site_url: str
) -> None:
    """The controls move before any guess, and nothing is said; a committed guess
    is confirmed, politely, with where to go to compare."""
    page, g = guarded
    key = ASKING[0]
    p = explorer(key).predict
    assert p is not None
    root = open_explorer(page, site_url, key)
    result = root.locator(".nbx-predict-result")
    c = explorer(key).controls[0]
    before = root.evaluate("root => root.nbx.state()")
    slider = root.locator("input[type=range]").first
    slider.focus()
    # Somewhere else than the prediction's setting, where a guess is revealed at once.
    for away in ("End", "Home", "ArrowRight", "ArrowLeft"):
        page.keyboard.press(away)
        moved = root.evaluate("root => root.nbx.state()")
        if moved != before and moved.get(c.name) != p.at.get(c.name):
            break
    assert moved != before, f"{key}: the control did not move before a guess"
    assert result.inner_text() == ""
    assert root.get_attribute("data-predict") is None
    root.locator("input[name=guess]").fill("0,5")
    root.locator("form.nbx-predict button[type=submit]").click()
    assert root.get_attribute("data-predict") == "committed"
    said = result.inner_text()
    assert said.startswith("Your guess: 0.5") and p.where in said, said
    assert result.get_attribute("aria-live") == "polite"
    assert root.locator("input[name=guess]").is_disabled()
    slider.focus()
    page.keyboard.press("Home" if moved[c.name] > c.min else "End")
    assert root.evaluate("root => root.nbx.state()") != moved, f"{key}: a guess holds it back"
    g.assert_clean(f"{key}: predicting")


def test_prediction_can_be_skipped(guarded: tuple[Any, Guard], site_url: str) -> None:
    """Skipped, the prompt closes and stays silent, even at its setting; the
    controls work as before."""
    page, g = guarded
    key = ASKING[-1]
    p = explorer(key).predict
    assert p is not None
    root = open_explorer(page, site_url, key)
    result = root.locator(".nbx-predict-result")
    root.locator(".nbx-predict-skip").click()
    assert root.get_attribute("data-predict") == "skipped"
    assert result.inner_text() == "Prediction skipped."
    assert root.locator("input[name=guess]").is_disabled()
    assert root.locator("form.nbx-predict button[type=submit]").is_disabled()
    root.evaluate("(root, s) => root.nbx.set(s)", dict(p.at))
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    assert root.get_attribute("data-predict") == "skipped"
    assert result.inner_text() == "Prediction skipped."
    assert root.locator('svg.nbx-svg [data-mark="guess"]').count() == 0
    root.locator("input[type=range]").first.focus()
    page.keyboard.press("Home")
    low = root.evaluate("root => root.nbx.state()")
    page.keyboard.press("End")
    assert root.evaluate("root => root.nbx.state()") != low, f"{key}: the control is stuck"
    g.assert_clean(f"{key}: skipped")
