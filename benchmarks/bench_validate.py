"""Whole-process time of `rekisteri validate`: register model version 2 beside version 1.

Goals (issue 11): the median on the example no more than 10 % above version 1's, measured in the
same run (v1 is run from git, see baseline.py; the commands take turns); a generated register ten
times the example's size validates in at most twice the example's time. And, as before (issue 2),
≤ 0.25 s on the example. Figures, not a test: a shared machine varies too much to fail on.
Run: `.venv/bin/python benchmarks/bench_validate.py`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from baseline import V1_REVISION, command, medians, scaled, v1_checkout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "terhi-kallio" / "register.toml"
RUNS = 21
# What to compare with: version 1 of the model by default, or a revision given as argument
# (e.g. the commit before a lint change).
REVISION = sys.argv[1] if len(sys.argv) > 1 else V1_REVISION
GOAL = 0.25


def main() -> None:
    with v1_checkout(REVISION) as v1, tempfile.TemporaryDirectory() as tmp:
        # An installed package has its bytecode compiled; measure that, not compilation.
        for src in (ROOT / "src", v1 / "src"):
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
        big = scaled(ROOT / EXAMPLE, 10, Path(tmp) / "big.toml")
        baseline, old, new, large = medians(
            [
                ([sys.executable, "-c", "pass"], {}),
                command(v1, "validate", str(v1 / EXAMPLE)),
                command(None, "validate", str(ROOT / EXAMPLE)),
                command(None, "validate", str(big)),
            ],
            RUNS,
        )
    print(f"baseline ('v1'): revision {REVISION}; v2: this checkout")
    print(f"python -c pass                       median {baseline:.3f} s  ({RUNS} runs each)")
    print(f"v1 rekisteri validate example        median {old:.3f} s")
    print(f"v2 rekisteri validate example        median {new:.3f} s  ratio v2/v1 {new / old:.2f}")
    print(f"v2 validate, 10× the size            median {large:.3f} s  ratio {large / new:.2f}")
    for name, ok in (
        ("v2 ≤ 1.10 × v1", new <= 1.10 * old),
        ("10× size ≤ 2 × example", large <= 2 * new),
        (f"example ≤ {GOAL:.2f} s", new <= GOAL),
    ):
        print(f"goal {name}: {'PASS' if ok else 'MISS'}")


if __name__ == "__main__":
    main()
