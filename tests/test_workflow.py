"""The GitHub workflow publishes the tested site, with its PDF, from main only.

Reads ``.github/workflows/ci.yml`` as YAML: the test job builds and tests the
site and the PDF (``.ci/run`` runs ``scripts/test``, which prints the PDF
into ``_build/html`` before pytest), then uploads that very directory as the
Pages artifact; a deploy job that needs the test job publishes it, on a push
to main and on nothing else. The site is built once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
MAIN_PUSH = {"github.ref == 'refs/heads/main'", "github.event_name == 'push'"}


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key "on" as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def conditions(expr: str | None) -> set[str]:
    """The terms of an ``if:`` that joins them with ``&&`` (and nothing else)."""
    if expr is None:
        return set()
    expr = re.sub(r"^\$\{\{\s*|\s*\}\}$", "", expr.strip())
    assert "||" not in expr and "!" not in expr.replace("!=", ""), f"unexpected condition {expr!r}"
    return {" ".join(term.split()) for term in expr.split("&&")}


def step_using(job: dict[str, Any], action: str) -> tuple[int, dict[str, Any]]:
    found = [
        (i, s) for i, s in enumerate(job["steps"]) if str(s.get("uses", "")).startswith(action)
    ]
    assert len(found) == 1, f"{len(found)} steps use {action}"
    return found[0]


def test_workflow_runs_on_push() -> None:
    assert "push" in workflow()["on"]


def test_deploy_job_needs_the_test_job_and_runs_on_push_to_main_only() -> None:
    jobs = workflow()["jobs"]
    assert "deploy" in jobs
    deploy = jobs["deploy"]
    needs = deploy["needs"]
    assert "test" in ([needs] if isinstance(needs, str) else needs)
    assert conditions(deploy.get("if")) == MAIN_PUSH


def test_deploy_job_may_publish_to_pages_and_nothing_else() -> None:
    data = workflow()
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # Every other job keeps the workflow's read-only default.
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        if name != "deploy":
            assert "permissions" not in job, f"{name} sets its own permissions"
    environment = deploy["environment"]
    assert environment["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in environment["url"]
    assert deploy["concurrency"]["group"]
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_deploy_publishes_the_artifact_it_is_given_without_building() -> None:
    deploy = workflow()["jobs"]["deploy"]
    _, step = step_using(deploy, "actions/deploy-pages@")
    assert step["id"] == "deployment"
    # No checkout, no build: it publishes what the test job uploaded.
    assert [s.get("uses", s.get("run")) for s in deploy["steps"]] == [step["uses"]]


def test_test_job_uploads_the_tested_site_with_its_pdf() -> None:
    test = workflow()["jobs"]["test"]
    runs = [i for i, s in enumerate(test["steps"]) if s.get("run") == "bash .ci/run"]
    assert runs, "the test job does not run .ci/run"
    at, upload = step_using(test, "actions/upload-pages-artifact@")
    assert at > runs[0], "the site is uploaded before it is tested"
    assert upload["with"]["path"] == "_build/html"
    assert conditions(upload.get("if")) == MAIN_PUSH
    check = [s for s in test["steps"][runs[0] : at] if "nllbook.pdf" in str(s.get("run", ""))]
    assert check and conditions(check[0].get("if")) == MAIN_PUSH, "no check that the PDF is there"
    # .ci/run prints the PDF into the site before the tests read it.
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert script.index("bash scripts/build-book") < script.index("bash scripts/build-pdf")
    assert script.index("bash scripts/build-pdf") < script.rindex(".venv/bin/pytest")
    out = re.search(r'site / "(\w+\.pdf)"', (ROOT / "scripts" / "build_pdf.py").read_text())
    assert out and out.group(1) == "nllbook.pdf"


def test_jobs_run_the_repositorys_task_scripts_and_nothing_of_their_own() -> None:
    """One set of task definitions: the test job runs ``.ci/run`` (which runs
    ``scripts/test``: see the test above) and the lowest job ``scripts/test
    --lowest``; no step calls pytest, ruff, mypy or the book build itself,
    where it could drift."""
    jobs = workflow()["jobs"]
    runs = {name: [str(s["run"]) for s in job["steps"] if "run" in s] for name, job in jobs.items()}
    assert "bash .ci/run" in runs["test"]
    assert runs["lowest"] == ["bash scripts/test --lowest"]
    for name, commands in runs.items():
        for command in commands:
            for tool in ("pytest", "ruff", "mypy", "codespell", "jupyter-book", "build-book"):
                assert tool not in command, f"job {name} runs {tool} itself: {command!r}"
