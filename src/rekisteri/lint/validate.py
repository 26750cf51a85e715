"""Validating a register: load it, say what a valid register should still fix, and lint it.

One call answers "is this register usable, and what does it lack?": a register that does not
load raises :class:`~rekisteri.errors.RekisteriError`; one that loads is valid, whatever its
warnings and findings, so a faithful old notice still validates.

And one call answers "may this notice be published?" (:func:`check_publication`), for every
front end that renders or publishes one, so a notice with an invalid transfer mechanism or
without a complaint route is never published silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rekisteri.documents.i18n import translations
from rekisteri.errors import Diagnostic, RekisteriError
from rekisteri.lint.engine import LintReport, Severity, lint_register
from rekisteri.lint.reports import by_section
from rekisteri.register.languages import LanguageNotInRegister as LanguageNotInRegister
from rekisteri.register.languages import require_language
from rekisteri.register.loading import load_register, register_warnings
from rekisteri.register.model import Register


@dataclass(frozen=True)
class Validation:
    """A valid register, what it should still fix, and what the lint found in it."""

    register: Register
    warnings: list[Diagnostic]
    lint: LintReport


@dataclass
class PublicationRefused(RekisteriError):
    """The notice was not rendered or published: the lint finds an error in it and the caller
    asked to refuse such a notice. ``report`` holds those errors, one diagnostic each."""

    report: LintReport = field(default_factory=lambda: LintReport(findings=[], file=""))


def report_language(register: Register, lang: str | None) -> str:
    """The language a report on ``register`` speaks: ``lang``, which must be one of the
    languages of its notice, or the register's own default language.

    Raises :class:`LanguageNotInRegister` naming the notice's languages.
    """
    if lang is None:
        return register.default_language
    return require_language(register, lang)


def validate(path: Path, lang: str | None = None, templates: Path | None = None) -> Validation:
    """Load the register at ``path`` and check it; the lint speaks ``lang`` (the register's own
    default language unless given; see :func:`report_language`). ``templates`` is a user's
    template folder, whose catalogs add languages rekisteri does not ship."""
    register = load_register(path, templates=templates)
    language = report_language(register, lang)
    warnings = register_warnings(
        register, translations(language, "status", templates=templates).gettext
    )
    return Validation(register, warnings, lint_register(register, language))


def check_publication(
    register: Register, *, strict: bool = False, lang: str | None = None
) -> LintReport:
    """The lint's errors in ``register``'s notice, for a front end to show before it renders or
    publishes the notice (in ``lang``; see :func:`report_language`).

    Only unsuppressed errors are returned: warnings and info are the lint's own report. With
    ``strict`` a remaining error raises :class:`PublicationRefused` instead, before anything is
    written; a suppression naming no rule raises :class:`RekisteriError` either way.
    """
    report = lint_register(register, report_language(register, lang))
    errors = LintReport(
        findings=[f for f in report.active if f.severity is Severity.ERROR],
        file=report.file,
        lang=report.lang,
        templates=report.templates,
    )
    if strict and errors.findings:
        count = len(errors.findings)
        raise PublicationRefused(
            f"{errors.file}: the notice is not written while the lint finds "
            f"{count} error{'s' if count > 1 else ''} in it",
            tuple(
                Diagnostic(
                    message=f"{f.rule}: {f.message} [{f.reference}]",
                    file=errors.file,
                    line=f.line,
                    column=f.column,
                    path=f.path,
                    hint=f.hint,
                )
                for group in by_section(errors)
                for f in group.findings
            ),
            report=errors,
        )
    return errors
