"""The command line: a Typer app over the library (``rekisteri = "rekisteri.cli:main"``).

``app`` is imported from :mod:`rekisteri.cli.commands` on first use, so that ``main`` can
answer ``rekisteri --version`` before Typer and the commands are loaded.
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
    # The commands, and Typer with them, load only for a command.
    from rekisteri.cli.commands import main as run_commands

    run_commands()


def __getattr__(name: str) -> Any:
    if name == "app":
        # Loaded on first use: see the module's docstring.
        from rekisteri.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
