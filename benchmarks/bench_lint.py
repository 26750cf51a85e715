"""Whole-process time of `rekisteri lint`: register model version 2 beside version 1.

Goal (issue 11): the median on the example no more than 10 % above version 1's, measured in the
same run (v1 is run from git, see baseline.py); and, as before (issue 5), ≤ 0.3 s. A whole
process, start-up included, because that is what a person (or a pre-commit hook) waits for.
Figures, not a test: a shared machine varies too much to fail on.
Run: `.venv/bin/python benchmarks/bench_lint.py`.

Python is allowed to cache bytecode here (in a temporary folder, so the checkout stays clean)
even when the environment sets PYTHONDONTWRITEBYTECODE: an installed rekisteri always has its
bytecode compiled, and compiling the sources on every run is not what a user waits for.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import command, v1_checkout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "terhi-kallio" / "register.toml"
RUNS = 21
GOAL = 0.3


def median_seconds(cmd: tuple[list[str], dict[str, str]], cache: str) -> float:
    line, env = cmd
    env = {**env, "PYTHONPYCACHEPREFIX": cache}
    # The first run warms the file cache and writes the bytecode; it is not counted. Lint exits
    # 1 when it finds an error, which is an answer, not a failure of the run.
    first = subprocess.run(line, capture_output=True, env=env)
    if first.returncode not in (0, 1) or b"Traceback" in first.stderr:
        raise SystemExit(f"{' '.join(line)} failed:\n{first.stderr.decode()}")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(line, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rekisteri-bench-") as cache, v1_checkout() as v1:
        baseline = median_seconds(([sys.executable, "-c", "pass"], {}), cache)
        old = median_seconds(command(v1, "lint", str(v1 / EXAMPLE)), cache)
        new = median_seconds(command(None, "lint", str(ROOT / EXAMPLE)), cache)
        old_fi = median_seconds(
            command(v1, "lint", str(v1 / EXAMPLE), "--lang", "fi", "--format", "sarif"), cache
        )
        new_fi = median_seconds(
            command(None, "lint", str(ROOT / EXAMPLE), "--lang", "fi", "--format", "sarif"), cache
        )
    print(f"python -c pass                        median {baseline:.3f} s  ({RUNS} runs)")
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
