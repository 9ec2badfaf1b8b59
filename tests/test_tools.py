"""The tools agree: one version of each checker, one torch pin, one mypy target."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line.strip())
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def test_pre_commit_runs_the_gates_versions() -> None:
    dev = pins(REPO / "requirements-dev.txt")
    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    revs = dict(re.findall(r"repo: https://github.com/[\w-]+/([\w-]+)\s+rev: v([\w.]+)", config))
    assert revs == {"ruff-pre-commit": dev["ruff"], "codespell": dev["codespell"]}


def test_torch_is_pinned_in_one_place() -> None:
    torch = pins(REPO / "constraints" / "torch.txt")["torch"]
    written = []
    for path in [REPO / ".ci" / "run", *REPO.glob(".github/workflows/*.yml"), *REPO.glob("*.txt")]:
        text = path.read_text(encoding="utf-8")
        written += [path.name for _ in re.finditer(r"torch==", text)]
        if path.name == "run" or path.suffix == ".yml":
            assert "constraints/torch.txt" in text, path
    assert written == [], f"torch=={torch} is written again in {written}"


def test_mypy_checks_the_oldest_python_we_support() -> None:
    # Read as text: tomllib is new in Python 3.11, and the lowest job runs 3.10.
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    floor = re.search(r'^requires-python = ">=(\d+\.\d+)"', project, re.M)
    mypy = project.split("[tool.mypy]", 1)[1].split("\n[", 1)[0]
    assert floor is not None
    assert f'python_version = "{floor.group(1)}"' in mypy
    assert "strict = true" in mypy
    gate = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert ".venv/bin/mypy src _ext scripts" in gate


def requirements(path: Path) -> list[str]:
    """The requirement lines of a requirements file, its ``-r`` includes followed."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            out += requirements(path.parent / line[3:].strip())
        elif line and not line.startswith("-"):
            out.append(line)
    return out


def test_the_lock_pins_every_requirement_within_its_range() -> None:
    # The lock is what the build and the tests install: a requirement added
    # without regenerating it would be installed at whatever version is newest.
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    locked: dict[str, list[str]] = {}
    lock = (REPO / "constraints" / "lock.txt").read_text(encoding="utf-8")
    for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", lock, re.M):
        locked.setdefault(canonicalize_name(name), []).append(version)
    wanted = requirements(REPO / "requirements-dev.txt")
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"^dependencies = \[(.*?)\]", project, re.M | re.S)
    book = re.search(r"^book = \[(.*?)\]", project, re.M | re.S)
    assert deps is not None and book is not None
    wanted += re.findall(r'"([^"]+)"', deps.group(1) + book.group(1))
    missing, outside = [], []
    for line in wanted:
        req = Requirement(line)
        versions = locked.get(canonicalize_name(req.name))
        if not versions:
            missing.append(req.name)
        elif not all(req.specifier.contains(v, prereleases=True) for v in versions):
            outside.append(f"{line}: locked {versions}")
    assert missing == [] and outside == []


def test_the_wheel_needs_numpy_alone_and_enables_no_server_extension(tmp_path: Path) -> None:
    """A plain install of the library brings numpy and nothing else, and turns on
    no Jupyter server extension: the book's environment does that itself."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("nllbook-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert not [n for n in names if "etc/jupyter" in n or "jupyter_server_config" in n]
    always = [
        line.split(":", 1)[1].strip()
        for line in meta.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert always == ["numpy>=2.0"]
