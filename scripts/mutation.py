"""Mutation testing of the library or of the book's package: how many mutants the tests catch.

    .venv/bin/python scripts/mutation.py library|book [--sample N] [--seed S]
                                         [--names FILE] [--workers N] [--out FILE]

mutmut 3 mutates the ``source_paths`` of pyproject's ``[tool.mutmut]``, which
names the library. For either package, this script copies the repository's
tracked files to ``build/mutation/<package>/`` with ``source_paths`` set to
that package (the other one copied beside it), and there:

1. lists every mutant (mutmut's own generation), and picks a uniform random
   sample of them (``--sample N --seed S``), or the names of ``--names FILE``,
   or all of them;
2. runs ``mutmut run`` on those: each mutant against the tests mutmut saw
   calling the mutated function;
3. runs every mutant that mutmut left alive once more, with its mutation
   switched on (``MUTANT_UNDER_TEST``, mutmut's own switch), against the tests
   of its page. mutmut records which tests call a function while they run,
   but the question bank and the explorers are built while pytest collects
   the tests they parametrize, so mutmut never picks those tests for them.

It prints caught / total per module and in all, and writes every mutant's
outcome to ``--out`` (JSON). The tests that need the built site, the browser or
the repository's own files do not run in the copy (pyproject's test selection).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PACKAGES = {"library": "src/nllbook/", "book": "src/nllbook_pages/"}
#: mutmut's exit codes of a mutant's test run that mean "caught".
CAUGHT = {"killed", "timeout", "caught by type check"}
#: Tests that read the whole book package: a mutant of a shared module (the
#: explorer engine, the quiz, plots, data) is run against all of them.
NON_BROWSER = [
    "tests/",
    "--ignore=tests/browser",
    "--ignore=tests/test_architecture.py",
    "--ignore=tests/test_book.py",
    "--ignore=tests/test_links.py",
    "--ignore=tests/test_notebook_files.py",
    "--ignore=tests/test_workflow.py",
    "--ignore=tests/test_tools.py",
    "--ignore=tests/test_bundle.py",
]


def copy_repository(package: str) -> Path:
    """The tracked files in build/mutation/<package>, mutmut set to mutate ``package``."""
    work = REPO / "build" / "mutation" / package
    if work.exists():
        shutil.rmtree(work)
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file():
            target = work / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (work / "node_modules").symlink_to(REPO / "node_modules")
    pyproject = work / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    mutated, other = PACKAGES[package], next(p for k, p in PACKAGES.items() if k != package)
    text = re.sub(r"^source_paths = \[.*\]$", f'source_paths = ["{mutated}"]', text, flags=re.M)
    text = text.replace(f'also_copy = ["{mutated}", ', "also_copy = [", 1)
    text = text.replace("also_copy = [", f'also_copy = ["{other}", ', 1)
    pyproject.write_text(text, encoding="utf-8")
    return work


GENERATE = """
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths
from mutmut.mutation.trampoline import set_mutant_under_test
set_mutant_under_test("mutant_generation")
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants({workers})
"""


def all_mutants(work: Path, workers: int) -> list[str]:
    """Every mutant's name, as mutmut generates them (its .meta files list them)."""
    subprocess.run([PYTHON, "-c", GENERATE.format(workers=workers)], cwd=work, check=True)
    return sorted(name for meta in (work / "mutants").rglob("*.meta") for name in outcomes(meta))


def outcomes(meta: Path) -> dict[str, int | None]:
    data: dict[str, dict[str, int | None]] = json.loads(meta.read_text(encoding="utf-8"))
    return data["exit_code_by_key"]


def status_of(work: Path) -> dict[str, str]:
    """mutmut's status of every mutant it has run."""
    from mutmut.stats import status_by_exit_code

    return {
        name: status_by_exit_code[code]
        for meta in (work / "mutants").rglob("*.meta")
        for name, code in outcomes(meta).items()
        if code is not None
    }


def tests_for(name: str) -> list[str]:
    """The tests of the page a mutant's module belongs to (or all of them)."""
    module = name.split(".x")[0].split(".")  # nllbook_pages.questions.log.x_questions__mutmut_3
    if module[0] == "nllbook" or module[1] in ("explorer", "quiz", "quiz_bank", "book_data"):
        return NON_BROWSER
    page = module[-1]
    if page == "_lab_prose":
        return ["tests/test_lab_prose.py"]
    if page == "plots":
        return ["tests/test_plots.py", "src/nllbook_pages/plots.py"]
    if page in ("book_facts", "_jupyter", "_style"):
        return NON_BROWSER
    own = [f"tests/test_page_{page}.py", f"tests/test_quiz_{page}.py"]
    shared = ["tests/test_quiz_oracles.py", "tests/test_quiz.py", "tests/test_prose_style.py"]
    if module[1] != "questions":
        shared += ["tests/test_explorer_spec.py", "tests/test_explorer_models.py"]
    return [t for t in own if (REPO / t).exists()] + shared


def rerun(work: Path, name: str) -> str:
    """Run ``name``'s page tests with the mutant switched on: "killed" or "survived"."""
    env = dict(
        os.environ,
        MUTANT_UNDER_TEST=name,
        PYTHONPATH=str(work / "mutants" / "src"),
        NLLBOOK_HYPOTHESIS_PROFILE="mutation",
    )
    try:
        pytest = [PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        run = subprocess.run(
            [*pytest, *tests_for(name)],
            cwd=work / "mutants",
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    # 1: tests failed; 2: an error while collecting (the mutant broke an import).
    return "killed" if run.returncode in (1, 2) else "survived"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", choices=sorted(PACKAGES))
    parser.add_argument("--sample", type=int, help="a uniform random sample of N mutants")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--names", type=Path, help="a file of mutant names, one per line")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, help="every mutant's outcome, as JSON")
    args = parser.parse_args()

    work = copy_repository(args.package)
    names = all_mutants(work, args.workers)
    print(f"{len(names)} mutants of {PACKAGES[args.package]}")
    if args.names:
        wanted = set(args.names.read_text(encoding="utf-8").split())
        missing = wanted - set(names)
        if missing:
            raise SystemExit(f"--names: no such mutant: {sorted(missing)[:5]}")
        names = sorted(wanted)
    elif args.sample:
        names = sorted(random.Random(args.seed).sample(names, args.sample))
    env = dict(os.environ, NLLBOOK_HYPOTHESIS_PROFILE="mutation")
    mutmut = Path(PYTHON).with_name("mutmut")
    subprocess.run(
        [str(mutmut), "run", "--max-children", str(args.workers), *names], cwd=work, env=env
    )
    status = status_of(work)
    outcome = {n: status.get(n, "not checked") for n in names}
    again = [n for n in names if outcome[n] not in CAUGHT]
    with ThreadPoolExecutor(args.workers) as pool:
        for name, result in zip(again, pool.map(lambda n: rerun(work, n), again), strict=True):
            outcome[name] = f"{result} (page tests)"
    for name in names:
        print(f"{name}: {outcome[name]}")
    if args.out:
        args.out.write_text(json.dumps(outcome, indent=1), encoding="utf-8")
    caught = {n for n, s in outcome.items() if s.split(" ")[0] in CAUGHT}
    by_module: Counter[str] = Counter(n.split(".x")[0] for n in names)
    caught_by_module: Counter[str] = Counter(n.split(".x")[0] for n in caught)
    for module, total in sorted(by_module.items()):
        print(f"  {module}: {caught_by_module[module]}/{total}")
    share = len(caught) / len(names) if names else 0.0
    print(f"caught {len(caught)} of {len(names)} mutants ({share:.1%})")


if __name__ == "__main__":
    main()
