"""Whole-process time of `rekisteri validate`: register model version 2 beside version 1.

Goals (issue 11): the median on the example no more than 10 % above version 1's, measured in the
same run (v1 is run from git, see baseline.py); a generated register ten times the example's size
validates in at most twice the example's time. And, as before (issue 2), ≤ 0.25 s on the example.
Run: `.venv/bin/python benchmarks/bench_validate.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import command, scaled, v1_checkout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "terhi-kallio" / "register.toml"
RUNS = 21
GOAL = 0.25


def median_seconds(cmd: tuple[list[str], dict[str, str]]) -> float:
    line, env = cmd
    subprocess.run(line, check=True, capture_output=True, env=env)  # warm the caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(line, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    # An installed package has its bytecode compiled; measure that, not compilation.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    baseline = median_seconds(([sys.executable, "-c", "pass"], {}))
    with v1_checkout() as v1, tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(v1 / "src")], check=True)
        old = median_seconds(command(v1, "validate", str(v1 / EXAMPLE)))
        new = median_seconds(command(None, "validate", str(ROOT / EXAMPLE)))
        big = scaled(ROOT / EXAMPLE, 10, Path(tmp) / "big.toml")
        large = median_seconds(command(None, "validate", str(big)))
    print(f"python -c pass                       median {baseline:.3f} s  ({RUNS} runs)")
    print(f"v1 rekisteri validate example        median {old:.3f} s")
    print(f"v2 rekisteri validate example        median {new:.3f} s  ratio v2/v1 {new / old:.2f}")
    print(f"v2 validate, 10× the size            median {large:.3f} s  ratio {large / new:.2f}")
    verdicts = [
        ("v2 ≤ 1.10 × v1", new <= 1.10 * old),
        ("10× size ≤ 2 × example", large <= 2 * new),
        (f"example ≤ {GOAL:.2f} s", new <= GOAL),
    ]
    for name, ok in verdicts:
        print(f"goal {name}: {'PASS' if ok else 'MISS'}")


if __name__ == "__main__":
    main()
