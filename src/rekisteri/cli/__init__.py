"""The command line: a Typer app over the library (``rekisteri = "rekisteri.cli:main"``).

``app`` is imported from :mod:`rekisteri.cli.commands` on first use, so that ``main`` can
answer ``rekisteri --version`` before Typer and the commands are loaded, and replay a
read-only command's remembered answer (:mod:`rekisteri.cli.memo`) without loading them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rekisteri.cli.commands import app as app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        # What Typer's eager --version option prints, without loading Typer: a script or an
        # editor asking which rekisteri is installed waits for nothing else.
        from rekisteri import __version__

        print(f"rekisteri {__version__}")
        return
    if read_only(sys.argv[1:]):
        # Only here: the other commands (and `--version`) never replay an answer.
        from rekisteri.cli import memo

        memo.run(sys.argv[1:], _run_commands)
    else:
        _run_commands()


# Every other command may write, connect or ask, and is never remembered.
_READ_ONLY = frozenset({"validate", "lint"})


def read_only(argv: list[str]) -> bool:
    """Whether ``argv`` asks for a command that only reads: ``validate``, ``lint``, ``--help``
    (their answers may be replayed, rekisteri.cli.memo)."""
    return bool(argv) and (argv[0] in _READ_ONLY or argv in (["--help"], ["-h"]))


def _run_commands() -> None:
    # The commands, and Typer with them, load only for a command.
    from rekisteri.cli.commands import main as run_commands

    run_commands()


def __getattr__(name: str) -> Any:
    if name == "app":
        # Loaded on first use: see the module's docstring.
        from rekisteri.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
