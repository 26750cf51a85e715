"""Which modules a rekisteri command loads, run as the console script runs it, in a process of
its own (issue 17: what a command does not need, it does not import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "terhi-kallio" / "register.toml"

_PROBE = (
    "import sys\nfrom rekisteri.cli import main\nmodules = sys.argv[1].split(',')\n"
    "sys.argv = ['rekisteri', *sys.argv[2:]]\n"
    "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code or 0\nelse:\n    code = 0\n"
    "print(code, *(m in sys.modules for m in modules), file=sys.stderr)"
)


def example_register(folder: Path) -> Path:
    """A copy of the example register in ``folder``."""
    register = folder / "register.toml"
    register.write_bytes(EXAMPLE.read_bytes())
    return register


def loaded(argv: list[str], modules: list[str], cache: Path | None = None) -> tuple[int, ...]:
    """The command's exit code, then 1 or 0 for each of ``modules``: loaded or not by its end.
    ``cache`` is the run's $XDG_CACHE_HOME (what rekisteri keeps between runs)."""
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(modules), *argv],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    code, *found = done.stderr.strip().splitlines()[-1].split()
    return (int(code), *(int(value == "True") for value in found))
