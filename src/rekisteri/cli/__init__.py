"""The command line: a Typer app over the library (``rekisteri = "rekisteri.cli:main"``)."""

from rekisteri.cli.commands import app, main

__all__ = ["app", "main"]
