"""The committed explorer bundle is what `npm run build:explorer` makes of js/explorer/.

The package ships src/nllbook_pages/static/nllbook-explorer.js (a learner
who installs nllbook[book] has no npm), so the bundle is committed; this
test rebuilds it with the pinned esbuild and compares the bytes.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "src" / "nllbook_pages" / "static" / "nllbook-explorer.js"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"
#: The engine's JavaScript budget, gzip-compressed.
BUDGET = 30_000


@pytest.mark.skipif(not ESBUILD.exists(), reason="needs `npm ci` (esbuild)")
def test_bundle_is_built_from_the_sources(tmp_path: Path) -> None:
    script = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["scripts"]
    command = script["build:explorer"].replace(
        "--outfile=src/nllbook_pages/static/nllbook-explorer.js",
        f"--outfile={tmp_path / 'bundle.js'}",
    )
    assert command != script["build:explorer"]
    subprocess.run([str(ESBUILD), *command.split()[1:]], cwd=REPO, check=True, capture_output=True)
    assert (tmp_path / "bundle.js").read_bytes() == BUNDLE.read_bytes(), (
        "the committed bundle is stale: run `npm run build:explorer`"
    )


def test_engine_fits_its_budget() -> None:
    size = len(gzip.compress(BUNDLE.read_bytes(), compresslevel=9))
    assert size <= BUDGET, f"nllbook-explorer.js is {size} bytes gzip"
