"""Check-yourself questions and prediction prompts, answered in Chromium.

For every question of every page: the right answer is accepted, and each
wrong value that a misconception predicts gets that misconception's own
feedback, with a link to a section that exists. Before any answer, neither
the answers nor the feedback are in the page's text. Progress survives a
reload and "Reset my answers" forgets it. Players with a prediction prompt
record a guess and show it next to nllbook's number once the slider gets
there, and never hold the slider back.

Run (after building the book)::

    .venv/bin/python -m pytest tests/browser/test_quiz.py
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from nllbook import quiz, quiz_bank

from .conftest import AXE_JS, REPO, Guard, site_dir, site_pages
from .test_site import load, url_of


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
def test_answers_are_not_in_the_text_before_answering(
    guarded: tuple[Any, Guard], site_url: str, page_path: str
) -> None:
    page, g = guarded
    load(page, url_of(site_url, page_path))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_of(page_path)
    source = (site_dir() / page_path).read_text("utf-8")
    visible = page.locator("body").inner_text()
    for q in qz.questions:
        box = page.locator(f"#{qz.ident(q)}").inner_text()
        if isinstance(q, quiz.Numeric):
            assert q.answer_text() not in box, f"{q.key}: answer shown in the question"
        assert page.locator(f"#{qz.ident(q)} .nllbook-quiz-feedback").inner_text() == ""
        for m in q.misconceptions:
            assert m.explain not in visible and html.escape(m.explain) not in source
        if q.why:
            assert html.escape(q.why) not in source, f"{q.key}: explanation in the page source"
    g.assert_clean(page_path)


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
    load(page, url_of(site_url, "book/04_negative.html"))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_bank.chapter("04_negative")
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
    load(page, url_of(site_url, "book/01_start.html"))
    page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
    qz = quiz_bank.chapter("01_start")
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
        path = "book/05_entropy.html"
        load(page, url_of(site_url, path))
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        qz = quiz_bank.chapter("05_entropy")
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
        load(page, url_of(site_url, "book/06_cross_entropy.html"))
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
        load(page, url_of(site_url, "book/04_negative.html"))
        page.wait_for_selector("[data-nllbook-quiz][data-ready='1']")
        qz = quiz_bank.chapter("04_negative")
        for q in qz.questions[:3]:
            answer(page, qz, q, q.misconceptions[0].value if q.misconceptions else q.answer)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            "async () => (await axe.run({include: ['.nllbook-quiz', '.nllbook-predict', "
            "'.nllbook-predict-result']}, {resultTypes: ['violations']})).violations"
        )
        report = [
            f"{v['id']}: {', '.join(map(str, n['target']))}" for v in violations for n in v["nodes"]
        ]
        assert not report, f"axe ({scheme}):\n" + "\n".join(report)
    finally:
        context.close()


# -- predict, then reveal ---------------------------------------------------------------------


def prediction_players() -> list[tuple[str, str]]:
    site = site_dir()
    found = []
    for p in site_pages(site):
        markup = (site / p).read_text("utf-8")
        for block in markup.split("data-nllbook-player=")[1:]:
            if 'class="nllbook-predict"' in block:
                found.append((p, block.split('"')[1]))
    return found or [("<site not built>", "")]


PREDICTIONS = prediction_players()


def set_slider_state(root: Any, state: int) -> None:
    root.evaluate(
        """(r, state) => {
          const inputs = Array.from(r.querySelectorAll('input[type=range]'));
          const sizes = inputs.map(i => Number(i.max) + 1);
          for (let i = inputs.length - 1; i >= 0; i--) {
            inputs[i].value = String(state % sizes[i]);
            state = Math.floor(state / sizes[i]);
            inputs[i].dispatchEvent(new Event('input', {bubbles: true}));
          }
        }""",
        state,
    )


def test_several_players_ask_for_a_prediction() -> None:
    assert len({key for _, key in PREDICTIONS}) >= 6


@pytest.mark.parametrize(("page_path", "key"), PREDICTIONS)
def test_prediction_records_the_guess_and_compares(
    guarded: tuple[Any, Guard], site_url: str, page_path: str, key: str
) -> None:
    from .test_site import explorer

    page, g = guarded
    load(page, url_of(site_url, page_path))
    root = page.locator(f'[data-nllbook-player="{key}"]').first
    page.wait_for_selector(f'[data-nllbook-player="{key}"][data-ready="1"]')
    ex = explorer(key)
    target, truth, where = ex.prediction_target()
    result = root.locator(".nllbook-predict-result")
    # Never blocks: the slider moves before any guess, and nothing is said.
    set_slider_state(root, (target + 1) % len(list(ex.grid())))
    assert root.get_attribute("data-state") == str((target + 1) % len(list(ex.grid())))
    assert result.inner_text() == ""
    guess = truth + 1.25
    root.locator("input[name=guess]").fill(format(guess, "g"))
    root.locator(".nllbook-predict button[type=submit]").click()
    assert root.get_attribute("data-predict") == "committed"
    assert result.inner_text().startswith("Your guess:") and where in result.inner_text()
    assert root.locator("input[name=guess]").is_disabled()
    set_slider_state(root, target)
    assert root.get_attribute("data-predict") == "revealed"
    want = quiz_free_reveal(guess, truth, where, ex)
    assert result.inner_text() == want
    assert result.get_attribute("aria-live") == "polite"
    g.assert_clean(f"{page_path} {key}")


def quiz_free_reveal(guess: float, truth: float, where: str, ex: Any) -> str:
    from nllbook._predict import reveal_text

    return reveal_text(guess, truth, where, ex.predict.unit, ex.predict.digits)


def test_prediction_can_be_skipped(guarded: tuple[Any, Guard], site_url: str) -> None:
    page, g = guarded
    page_path, key = PREDICTIONS[0]
    load(page, url_of(site_url, page_path))
    page.wait_for_selector(f'[data-nllbook-player="{key}"][data-ready="1"]')
    root = page.locator(f'[data-nllbook-player="{key}"]').first
    root.locator(".nllbook-predict-skip").click()
    assert root.get_attribute("data-predict") == "skipped"
    assert root.locator(".nllbook-predict-result").inner_text() == "Prediction skipped."
    set_slider_state(root, 0)
    assert root.get_attribute("data-state") == "0"
    g.assert_clean("skip")
