"""The one error type people see, and the diagnostics it carries.

Library code raises :class:`RekisteriError` (or a subclass naming the outcome); only a front end
turns it into an exit code or a page. A diagnostic names the file, the line and column, the key path
inside the register and a hint, because the person reading it has to find and fix the spot in their
TOML file. A message that names a value the caller gave (a received date, a subject's key) marks it
as an :class:`Input`, so each front end can name it the way its user gave it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

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


@dataclass(frozen=True)
class Input:
    """A value given to a library call, where a message names it.

    ``parameter`` is the call's own name for the value (``received``, ``subject_id``) and ``words``
    say it in the message ("the received date"). The library knows nothing of how a person typed
    the value in: the CLI names it by its option, a web form by its field.
    """

    parameter: str
    words: str
    placeholder: str = ""
    """How the value is written, where the message shows its form (``PATH``)."""

    def __str__(self) -> str:
        return self.words


Part = str | Input


def phrase(parts: Iterable[Part], name: Callable[[Input], str] = str) -> str:
    """The text of a message in parts, each :class:`Input` named by ``name`` (its words)."""
    return "".join(part if isinstance(part, str) else name(part) for part in parts)


class Phrased(str):
    """A text in words (a warning, say) that names values the caller gave, kept in ``parts`` so
    a front end can name them its own way (:meth:`named`)."""

    parts: tuple[Part, ...]

    def __new__(cls, *parts: Part) -> Phrased:
        text = super().__new__(cls, phrase(parts))
        text.parts = parts
        return text

    def named(self, name: Callable[[Input], str]) -> str:
        return phrase(self.parts, name)


def named(text: str, name: Callable[[Input], str]) -> str:
    """``text`` with the values it names named by ``name``, if it names any."""
    return text.named(name) if isinstance(text, Phrased) else text


@dataclass
class RekisteriError(Exception):
    """A problem a person can act on: bad input, a refused path, an unwritable folder.

    What the outcome means to a caller (stop, or ask the person to choose) is the exception's
    type, never a number: the CLI's error wrapper maps types to exit codes.
    """

    message: str
    diagnostics: Sequence[Diagnostic] = field(default_factory=tuple)
    parts: tuple[Part, ...] = ()
    """The message in parts, when it names values the caller gave (see :meth:`naming`)."""

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.diagnostics:
            return self.message
        return "\n".join(str(d) for d in self.diagnostics)

    @classmethod
    def naming(cls, *parts: Part) -> Self:
        """An error whose message names values the caller gave, as :class:`Input` parts."""
        return cls(phrase(parts), parts=parts)

    def phrased(self, name: Callable[[Input], str]) -> str:
        """The message with each named value named by ``name``, as a front end words it."""
        return phrase(self.parts, name) if self.parts else str(self)

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
    ) -> Self:
        """An error with a single located diagnostic."""
        diagnostic = Diagnostic(
            message=message, file=str(file), line=line, column=column, path=path, hint=hint
        )
        return cls(str(diagnostic), (diagnostic,))
