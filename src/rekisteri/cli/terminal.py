"""Terminal presentation for the CLI: the colours of the request list, drawn with rich."""

from __future__ import annotations

import io
from collections.abc import Sequence
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
    from rich.console import Console
    from rich.text import Text

    styles = {"overdue": "bold red", "soon": "yellow", "heading": "bold"}
    console = Console(file=io.StringIO(), force_terminal=True, width=10_000, highlight=False)
    for line in lines:
        text = Text(printable(line.text), style=styles.get(line.style or "", ""))
        console.print(text, soft_wrap=True)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)
