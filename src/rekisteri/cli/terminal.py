"""Terminal presentation for the CLI, drawn with rich: the colours of the request list and the
progress bar of a bulk export."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rekisteri.redact import printable

if TYPE_CHECKING:
    from rekisteri.operations.requests import Line


def render_lines(lines: Sequence[Line], *, colour: bool) -> str:
    """Plain text, or with ANSI colours for a terminal: overdue red, due soon yellow.

    Control characters in the lines (a subject typed with an escape sequence) are shown as
    escapes, before the colours are added, so only the colours reach the terminal.
    """
    if not colour:
        return "\n".join(printable(line.text) for line in lines) + "\n"
    # rich is imported here, not at the top: only a coloured request list needs it.
    from rich.console import Console
    from rich.text import Text

    styles = {"overdue": "bold red", "soon": "yellow", "heading": "bold"}
    console = Console(file=io.StringIO(), force_terminal=True, width=10_000, highlight=False)
    for line in lines:
        text = Text(printable(line.text), style=styles.get(line.style or "", ""))
        console.print(text, soft_wrap=True)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)


def colour_wanted() -> bool:
    """Whether standard output takes colours, as rich decides it: a terminal, and neither
    NO_COLOR nor TERM=dumb; FORCE_COLOR forces them. rich loads only when it could say yes."""
    if os.environ.get("NO_COLOR") or (
        not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR")
    ):
        return False
    # rich is imported here, not at the top: only output that could be coloured asks it.
    from rich.console import Console

    return Console(file=sys.stdout).color_system is not None


@contextmanager
def bundle_progress(label: str, shown: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error, labelled ``label``, and the ``progress(done, total)``
    callback moving it; with ``shown`` false (--no-progress, --quiet) a callback that draws
    nothing."""
    if not shown:
        yield lambda done, total: None
        return
    # rich is imported here, not at the top: only a bulk export draws a bar.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(label, markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        task = bar.add_task("bundles", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
