"""The chapters as a learner's JupyterLab reads and saves them.

JupyterLab opens a chapter through jupytext and, on save, writes it back
with jupytext. Saving a chapter that nobody edited must leave the file as
it was, byte for byte, whatever jupytext version the learner has, and
after Run All too (the results of the prose's {eval} expressions are cell
metadata, which must not be written into the file).
"""

from __future__ import annotations

import copy
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [p for p in sorted((ROOT / "book").glob("*.md")) if "jupytext:" in p.read_text()[:400]]
# Code the site does not show starts folded in JupyterLab.
HIDDEN_ON_SITE = {"remove-cell", "remove-input"}


def read(path: Path) -> jupytext.jupytext.NotebookNode:
    return jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saving_an_unedited_chapter_changes_no_byte(path):
    text = path.read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt="md:myst") == text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saving_after_run_all_changes_no_byte(path):
    """What a run adds (eval results, kernel info, outputs) stays out of the file."""
    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="md:myst")
    ran = copy.deepcopy(nb)
    ran.metadata["language_info"] = {"name": "python", "version": "3.11.0"}
    ran.metadata["jupytext"]["text_representation"]["jupytext_version"] = "9.9.9"
    for cell in ran.cells:
        if cell.cell_type == "markdown" and "{eval}" in cell.source:
            cell.metadata["user_expressions"] = [
                {"expression": "prose.x", "result": {"status": "ok", "data": {}}}
            ]
        if cell.cell_type == "code":
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "x"}]
            cell.execution_count = 1
    assert jupytext.writes(ran, fmt="md:myst") == text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_hidden_on_the_site_starts_folded(path):
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "code":
            continue
        hidden = bool(HIDDEN_ON_SITE & set(cell.metadata.get("tags", [])))
        folded = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert folded == hidden, f"{path.name}, cell {i}: folded={folded}, tags={cell.metadata}"


def test_server_extension_gives_chapters_their_kernels_language_info():
    """JupyterLab marks a notebook modified when the kernel's language_info
    differs from the file's; the extension supplies it as the file is read."""
    from ipykernel.ipkernel import IPythonKernel

    from nllbook_pages._jupyter import fill_language_info

    nb = read(NOTEBOOKS[0])
    model = {"type": "notebook", "content": copy.deepcopy(nb)}
    assert fill_language_info(model)["content"]["metadata"]["language_info"] == (
        IPythonKernel.language_info
    )
    # Left alone: a notebook of another kernel, one that has its own, a plain file.
    other = copy.deepcopy(nb)
    other.metadata["kernelspec"]["name"] = "ir"
    assert (
        "language_info"
        not in fill_language_info({"type": "notebook", "content": other})["content"]["metadata"]
    )
    own = copy.deepcopy(nb)
    own.metadata["language_info"] = {"name": "python", "version": "0"}
    kept = fill_language_info({"type": "notebook", "content": own})
    assert kept["content"]["metadata"]["language_info"]["version"] == "0"
    assert fill_language_info({"type": "file", "content": "x"}) == {"type": "file", "content": "x"}
