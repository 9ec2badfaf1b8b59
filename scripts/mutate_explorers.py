"""Mutation run over the explorer engine and specs: do the tests catch plausible bugs?

    .venv/bin/python scripts/mutate_explorers.py [--only SUBSTRING]

Each mutation changes one line of the engine (js/explorer/, then rebundled
into src/nllbook_pages/static/) or of a page's spec (src/nllbook_pages/), the
way a slip would: swapped arguments, a wrong logarithm base, an off-by-one,
"nats" and "bits" swapped in the words, a mark drawn at the wrong value,
a missing abs(). It then runs the tests that should see it: the unit and
differential tests always, and the browser tests of the one explorer
concerned against a site where the change is live (the bundle is copied
into _build/html for engine changes; the book is rebuilt for spec changes,
which the site embeds). Every file is restored afterwards, whatever happens.

Prints one line per mutation, caught or MISSED, and the total. Needs a
built book (bash scripts/build-book) and takes about a minute per mutation.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
BUNDLE = ROOT / "src" / "nllbook_pages" / "static" / "nllbook-explorer.js"
FAST = [
    "tests/test_explorer_models.py",
    "tests/test_explorer_spec.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_page_*.py")),
]


@dataclass(frozen=True)
class Mutation:
    what: str
    path: str
    old: str
    new: str
    #: The explorer whose browser tests run (None: only the fast tests).
    key: str | None = None

    @property
    def engine(self) -> bool:
        return self.path.startswith("js/")


MUTATIONS = [
    Mutation(
        "formatter rounds ties away from zero",
        "js/explorer/format.js",
        "if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;",
        "if (r2 >= den) return q + 1n;",
    ),
    Mutation(
        "entropy in bits instead of nats",
        "js/explorer/math.js",
        "for (const x of p) h -= xlogy(x, x);",
        "for (const x of p) h -= x === 0 ? 0 : x * Math.log2(x);",
    ),
    Mutation(
        "KL divergence with its arguments swapped",
        "js/explorer/math.js",
        "export function kl(p, q) {",
        "export function kl(q, p) {",
    ),
    Mutation(
        "slider position off by one",
        "js/explorer/index.js",
        "const t = pos / c.steps;",
        "const t = (pos + 1) / c.steps;",
        key="nll",
    ),
    Mutation(
        "dot drawn at its x value for y",
        "js/explorer/figure.js",
        "const y0 = fy(values);",
        "const y0 = fx(values);",
        key="coin",
    ),
    Mutation(
        "readouts ignore their format",
        "js/explorer/index.js",
        'fmtNumber(v, node.dataset.fmt || "g")',
        'fmtNumber(v, "g")',
        key="dice",
    ),
    Mutation(
        "notes shown the wrong way round",
        "js/explorer/index.js",
        'node.classList.toggle("nbx-reserved", !on);',
        'node.classList.toggle("nbx-reserved", on);',
        key="nll",
    ),
    Mutation(
        "prediction's 'off by' without abs()",
        "js/explorer/index.js",
        "Math.abs(guess - truth)",
        "guess - truth",
        key="nll",
    ),
    Mutation(
        "curve sampled on the other kind of axis (a flipped condition)",
        "js/explorer/figure.js",
        'const log = panel.p.x.scale === "log";',
        'const log = panel.p.x.scale !== "log";',
        key="kl",
    ),
    Mutation(
        "nats and bits swapped in the words",
        "src/nllbook_pages/log.py",
        '= {nats:.3f} nats "\n        "(natural log) = {bits_direct:.3f} bits',
        '= {nats:.3f} bits "\n        "(natural log) = {bits_direct:.3f} nats',
    ),
    Mutation(
        "KL curve drawn with its arguments swapped",
        "src/nllbook_pages/cross_entropy.py",
        'curve("kl(coin(p), coin(x))", name="forward")',
        'curve("kl(coin(x), coin(p))", name="forward")',
        key="kl",
    ),
    Mutation(
        "loss in base 2 in the browser's model",
        "src/nllbook_pages/negative.py",
        '("negative", "-ln(p)")',
        '("negative", "-logb(p, 2)")',
    ),
    Mutation(
        "temperature multiplies the logits",
        "src/nllbook_pages/in_practice.py",
        '("scaled", "logits.map((v) => v / T)")',
        '("scaled", "logits.map((v) => v * T)")',
    ),
    Mutation(
        "bits panel's dot at the nats value",
        "src/nllbook_pages/log.py",
        'dot("p", "bits_direct", handle=set_p, on="bits-curve", name="bits-dot")',
        'dot("p", "nats", handle=set_p, on="bits-curve", name="bits-dot")',
        key="logbase",
    ),
]


def run(cmd: list[str]) -> bool:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True).returncode == 0


def rebundle() -> None:
    subprocess.run(
        ["npm", "run", "-s", "build:explorer"], cwd=ROOT, check=True, capture_output=True
    )
    shutil.copy(BUNDLE, ROOT / "_build" / "html" / "_static" / BUNDLE.name)


def rebuild_book() -> None:
    subprocess.run(["bash", "scripts/build-book"], cwd=ROOT, check=True, capture_output=True)


def caught(m: Mutation) -> tuple[bool, str]:
    fast = [PY, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *FAST]
    if not run(fast):
        return True, "unit/differential tests"
    if m.key is None:
        return False, ""
    browser = [
        PY, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
        "tests/browser/test_explorers.py", "-k", f"[{m.key}] or back_and_forward",
    ]  # fmt: skip
    if not run(browser):
        return True, "browser tests"
    return False, ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    chosen = [m for m in MUTATIONS if args.only in m.what]
    results = []
    for m in chosen:
        path = ROOT / m.path
        original = path.read_text(encoding="utf-8")
        if original.count(m.old) != 1:
            sys.exit(f"{m.what}: the line to change is not found once in {m.path}")
        try:
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            if m.engine:
                rebundle()
            elif m.key is not None:
                rebuild_book()
            hit, by = caught(m)
        finally:
            path.write_text(original, encoding="utf-8")
            if m.engine:
                rebundle()
        results.append(hit)
        print(f"{'caught' if hit else 'MISSED'}  {m.what} ({m.path})" + (f": {by}" if hit else ""))
    if any(not m.engine and m.key for m in chosen):
        rebuild_book()
    print(f"\n{sum(results)} of {len(results)} mutations caught")


if __name__ == "__main__":
    main()
