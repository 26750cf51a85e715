"""Validating a register: load it, say what a valid register should still fix, and lint it.

One call answers "is this register usable, and what does it lack?": a register that does not
load raises :class:`~rekisteri.errors.RekisteriError`; one that loads is valid, whatever its
warnings and findings, so a faithful old notice still validates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rekisteri.errors import Diagnostic
from rekisteri.lint.engine import LintReport, lint_register
from rekisteri.register.loading import load_register, register_warnings
from rekisteri.register.model import Register


@dataclass(frozen=True)
class Validation:
    """A valid register, what it should still fix, and what the lint found in it."""

    register: Register
    warnings: list[Diagnostic]
    lint: LintReport


def validate(path: Path, lang: str | None = None) -> Validation:
    """Load the register at ``path`` and check it; the lint speaks ``lang`` (the register's own
    default language unless given)."""
    register = load_register(path)
    warnings = register_warnings(register)
    return Validation(
        register, warnings, lint_register(register, lang or register.default_language)
    )
