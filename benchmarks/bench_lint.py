"""Whole-process time of `rekisteri lint`: register model version 2 beside version 1.

Goal (issue 11): the median on the example no more than 10 % above version 1's, measured in the
same run (v1 is run from git, see baseline.py; the commands take turns); and, as before
(issue 5), ≤ 0.3 s. A whole process, start-up included, because that is what a person (or a
pre-commit hook) waits for. Figures, not a test: a shared machine varies too much to fail on.
Run: `.venv/bin/python benchmarks/bench_lint.py`.

Python is allowed to cache bytecode here (in a temporary folder, so the checkout stays clean)
even when the environment sets PYTHONDONTWRITEBYTECODE: an installed rekisteri always has its
bytecode compiled, and compiling the sources on every run is not what a user waits for.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from baseline import V1_REVISION, Command, command, medians, v1_checkout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "terhi-kallio" / "register.toml"
RUNS = 21
# What to compare with: version 1 of the model by default, or a revision given as argument
# (e.g. the commit before a lint change).
REVISION = sys.argv[1] if len(sys.argv) > 1 else V1_REVISION
GOAL = 0.3
SARIF = ("--lang", "fi", "--format", "sarif")


def cached(cmd: Command, cache: str) -> Command:
    line, env = cmd
    return line, {**env, "PYTHONPYCACHEPREFIX": cache}


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="rekisteri-bench-") as cache,
        v1_checkout(REVISION) as v1,
    ):
        baseline, old, new, old_fi, new_fi = medians(
            [
                cached(([sys.executable, "-c", "pass"], {}), cache),
                cached(command(v1, "lint", str(v1 / EXAMPLE)), cache),
                cached(command(None, "lint", str(ROOT / EXAMPLE)), cache),
                cached(command(v1, "lint", str(v1 / EXAMPLE), *SARIF), cache),
                cached(command(None, "lint", str(ROOT / EXAMPLE), *SARIF), cache),
            ],
            RUNS,
        )
    print(f"baseline ('v1'): revision {REVISION}; v2: this checkout")
    print(f"python -c pass                        median {baseline:.3f} s  ({RUNS} runs each)")
    print(f"v1 rekisteri lint example             median {old:.3f} s")
    print(f"v2 rekisteri lint example             median {new:.3f} s  ratio v2/v1 {new / old:.2f}")
    print(f"v1 lint --lang fi --format sarif      median {old_fi:.3f} s")
    print(
        f"v2 lint --lang fi --format sarif      median {new_fi:.3f} s  "
        f"ratio v2/v1 {new_fi / old_fi:.2f}"
    )
    for name, ok in (
        ("v2 ≤ 1.10 × v1", max(new / old, new_fi / old_fi) <= 1.10),
        (f"≤ {GOAL:.2f} s", max(new, new_fi) <= GOAL),
    ):
        print(f"goal {name}: {'PASS' if ok else 'MISS'}")


if __name__ == "__main__":
    main()
