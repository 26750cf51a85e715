"""The one error type people see, and the diagnostics it carries.

Library code raises :class:`RekisteriError`; only the CLI turns it into an exit code. A diagnostic
names the file, the line and column, the key path inside the register and a hint, because the
person reading it has to find and fix the spot in their TOML file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """Render a key path the way a person writes it: ``purposes[1].legal_basis``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The closest allowed spelling of ``word``, if any is close enough to be a typo."""
    # One wrong letter in a two-letter word ("em" for "en") scores 0.5: still a typo.
    cutoff = 0.5 if len(str(word)) <= 3 else 0.6
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a register, located in its source file."""

    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file or "<register>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RekisteriError(Exception):
    """A problem a person can act on: bad input, a refused path, an unwritable folder.

    ``exit_code`` follows the CLI's convention: 1 for bad input, 3 when the user must choose.
    """

    message: str
    diagnostics: Sequence[Diagnostic] = field(default_factory=tuple)
    exit_code: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.diagnostics:
            return self.message
        return "\n".join(str(d) for d in self.diagnostics)

    @classmethod
    def at(
        cls,
        file: Path | str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        path: str = "",
        hint: str = "",
    ) -> RekisteriError:
        """An error with a single located diagnostic."""
        diagnostic = Diagnostic(
            message=message, file=str(file), line=line, column=column, path=path, hint=hint
        )
        return cls(str(diagnostic), (diagnostic,))
