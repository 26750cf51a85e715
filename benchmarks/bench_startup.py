"""Start-up and growth (issue 17, items 2 and 7): the commands a person runs by hand, from an
editor or a script, each a whole process, start-up included.

- `rekisteri validate` on the example, beside check-jsonschema validating the same file
  against the committed schema (a peer that checks less: no cross-references, no lint)
- `rekisteri lint`, `--version`, `--help`, `render --format html` of fi+en
- validate, lint and render (html) of registers generated at 3× and 10× the example's size
  (purposes, categories, sources, retention rules, recipients, processors), beside the
  example's own time: the curve of growth

`validate`, `lint` and `--help` are measured twice: as a script or an editor runs them again
on an unchanged register (the answer remembered, rekisteri.cli.memo) and afresh
(`REKISTERI_NO_CACHE=1`), which is also how the growth curve is measured.

Each figure is the median of interleaved runs (benchmarks/baseline.py: the commands take
turns, so that a change in the machine's load shifts them all alike). Bytecode is cached in a
temporary folder, as an installed rekisteri has it. Figures, not a test.
Run: `.venv/bin/python benchmarks/bench_startup.py [RUNS]`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from baseline import Command, command, medians, scaled
from table import Figure, report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"
SCHEMA = ROOT / "schemas" / "register.schema.json"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def cached(cmd: Command, cache: str, remembered: bool = False) -> Command:
    line, env = cmd
    env = {**env, "PYTHONPYCACHEPREFIX": cache, "XDG_CACHE_HOME": str(Path(cache).parent)}
    if remembered:
        del env["REKISTERI_NO_CACHE"]
    return line, env


def main() -> None:
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if checker is None:
        sys.exit("check-jsonschema is missing: pip install -e '.[test]'")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        work = Path(scratch)
        cache = str(work / "pycache")
        sizes = {1: EXAMPLE, 3: scaled(EXAMPLE, 3, work / "x3.toml")}
        sizes[10] = scaled(EXAMPLE, 10, work / "x10.toml")
        # The scaled registers sit in the scratch folder: they name no store, logo or template.
        plain = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        commands: dict[str, Command] = {
            "pass": ([sys.executable, "-c", "pass"], plain),
            "check-jsonschema": (
                [checker, "--schemafile", str(SCHEMA), str(EXAMPLE)],
                {**plain, "PYTHONPYCACHEPREFIX": cache},
            ),
            "version": cached(command(None, "--version"), cache),
            "help": cached(command(None, "--help"), cache, remembered=True),
            "help afresh": cached(command(None, "--help"), cache),
            "validate remembered": cached(
                command(None, "validate", str(EXAMPLE)), cache, remembered=True
            ),
            "lint remembered": cached(command(None, "lint", str(EXAMPLE)), cache, remembered=True),
        }
        for factor, register in sizes.items():
            out = str(work / f"html-{factor}")
            commands[f"validate {factor}"] = cached(command(None, "validate", str(register)), cache)
            commands[f"lint {factor}"] = cached(command(None, "lint", str(register)), cache)
            render = ("render", str(register), "-o", out, "--format", "html", "--force")
            commands[f"render {factor}"] = cached(command(None, *render), cache)
        times = dict(zip(commands, medians(list(commands.values()), RUNS), strict=True))

    # Each read-only command twice: its answer remembered (as run again) and afresh.
    beside_checker: dict[str, Any] = {
        "peer": times["check-jsonschema"],
        "peer_name": "check-jsonschema",
    }
    bare: dict[str, Any] = {"peer": times["pass"], "peer_name": "python -c pass"}
    read_only: list[tuple[str, float, dict[str, Any], str, str]] = [
        ("validate, the example", 0.10, beside_checker, "validate remembered", "validate 1"),
        ("lint, the example", 0.12, {}, "lint remembered", "lint 1"),
        ("--help", 0.05, bare, "help", "help afresh"),
    ]
    figures = [
        Figure(f"{name}, {how}", times[key], goal=goal, **peer)
        for name, goal, peer, remembered, afresh in read_only
        for how, key in (("answer remembered", remembered), ("afresh", afresh))
    ]
    figures += [
        Figure("--version", times["version"], goal=0.05, **bare),
        Figure("render html fi+en, the example", times["render 1"], goal=0.15),
    ]
    for what in ("validate", "lint", "render"):
        for factor in (3, 10):
            figures.append(
                Figure(
                    f"{what}, {factor}× the example",
                    times[f"{what} {factor}"],
                    peer=times[f"{what} 1"],
                    peer_name="the example (1×)",
                    # Issue 17, item 7: ten times the register in at most twice the time.
                    goal=2.0 if factor == 10 else None,
                    of_ratio=True,
                )
            )
    print(f"start-up and growth, median of {RUNS} interleaved runs each")
    report(figures)


if __name__ == "__main__":
    main()
