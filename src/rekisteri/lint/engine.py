"""The lint's engine: rules, hits, findings, the register's suppressions, and running it all.

A rule is a generator over the :class:`~rekisteri.register.model.Register` that yields located
hits (:mod:`rekisteri.lint.rules` holds them); :func:`lint_register` turns them into
:class:`Finding` objects in the reader's language, places them on a line of the TOML file and
applies the register's own suppressions.

Messages are English msgids marked with :func:`N_` and translated from the ``lint`` gettext
catalog only when a report is made, so the rules stay free of language concerns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from rekisteri.documents.i18n import FIRST_PERSON, N_, format_duration, translations
from rekisteri.errors import Diagnostic, Loc, RekisteriError, format_loc, nearest
from rekisteri.register.model import Register
from rekisteri.register.tomlpos import position_of


class Severity(StrEnum):
    """How much a finding matters: an error fails the lint (see :meth:`LintReport.fails`)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Term:
    """A parameter that is itself a catalog message, such as the name of a law."""

    msgid: str


@dataclass(frozen=True)
class Period:
    """A parameter that is an ISO 8601 period, written out in the reader's language."""

    iso: str


Params = Mapping[str, str | Term | Period]


@dataclass(frozen=True)
class Hit:
    """What a rule found, before translation and placement in the file."""

    loc: Loc
    message: str
    """Msgid of the message; it may use the named ``params``."""
    hint: str
    """Msgid of how to fix it; it may use the same ``params``."""
    params: Params = field(default_factory=dict)
    severity: Severity | None = None
    """Overrides the rule's default, for rules whose cases differ in weight."""
    reference: str | None = None
    """Overrides the rule's default legal reference (a msgid)."""
    example: str | None = None
    """Overrides the rule's example, for rules whose cases are fixed in different places."""


@dataclass(frozen=True)
class _Language:
    """What turning a hit into text needs: the catalog and the language for periods."""

    lang: str
    gettext: Callable[[str], str]

    def render(self, msgid: str, params: Params) -> str:
        text = self.gettext(msgid)
        return (
            text % {name: self.param(value) for name, value in params.items()} if params else text
        )

    def param(self, value: str | Term | Period) -> str:
        if isinstance(value, Term):
            return self.gettext(value.msgid)
        if isinstance(value, Period):
            return format_duration(value.iso, self.lang)
        return value


Check = Callable[[Register], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One lint rule: its id, default severity, legal reference and short title (msgids), and
    an example of what to write to fix a finding."""

    id: str
    severity: Severity
    reference: str
    title: str
    check: Check
    example: str = ""
    """A TOML snippet showing what to write; TOML is code, so it is not translated."""
    example_i: str = ""
    """The snippet as a sole trader writes it ("I"), where its wording speaks for the
    controller; empty when the example reads the same in either voice."""

    def example_for(self, voice: str | None) -> str:
        """The example in the register's voice: an "I" register is shown "I" wording."""
        return self.example_i if voice == FIRST_PERSON and self.example_i else self.example


RULES: dict[str, Rule] = {}


# --- the sections of the notice a finding concerns -------------------------------------------

# Section id → its title (a msgid), in the order a reader meets them in the notice; the ids are
# the notice's own section ids where it has one (rekisteri.notice.sections).
SECTIONS: dict[str, str] = {
    "notice": N_("The notice itself"),
    "controller": N_("Controller"),
    "purposes": N_("Purposes and legal bases"),
    "data": N_("Personal data"),
    "recipients": N_("Recipients and processors"),
    "transfers": N_("Transfers outside the EU/EEA"),
    "retention": N_("Retention"),
    "rights": N_("Rights of the data subject"),
    "sources": N_("Sources of data"),
    "automated-decisions": N_("Automated decisions and profiling"),
    "cookies": N_("Cookies"),
    "direct-marketing": N_("Direct marketing"),
    "security": N_("Security"),
}

# A register's top-level key → the section of the notice that says it. Keys not listed (name,
# description, notice, notes, sections, lint) are about the notice itself.
_SECTION_OF_KEY = {
    "controller": "controller",
    "contact": "controller",
    "dpo": "controller",
    "representative": "controller",
    "joint_controllers": "controller",
    "acting_as_processor": "controller",
    "purposes": "purposes",
    "bases": "purposes",
    "data_categories": "data",
    "data_subjects": "data",
    "recipients": "recipients",
    "processors": "recipients",
    "staff": "recipients",
    "transfers": "transfers",
    "retention": "retention",
    "rights": "rights",
    "sources": "sources",
    "automated_decisions": "automated-decisions",
    "cookies": "cookies",
    "direct_marketing": "direct-marketing",
    "security": "security",
}


def section_of(loc: Loc) -> str:
    """The id of the notice section (a key of :data:`SECTIONS`) that the key path ``loc``
    concerns."""
    return _SECTION_OF_KEY.get(str(loc[0]), "notice") if loc else "notice"


def lint_rule(
    rule_id: str,
    severity: Severity,
    reference: str,
    title: str,
    *,
    example: str = "",
    example_i: str = "",
) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``rule_id`` in :data:`RULES`; ``example`` is a TOML
    snippet showing what to write to fix its findings, ``example_i`` the same snippet in the
    first person singular where its wording speaks for the controller."""

    def add(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, severity, reference, title, check, example, example_i)
        return check

    return add


@dataclass(frozen=True)
class Finding:
    """One located, translated finding of the lint."""

    rule: str
    severity: Severity
    message: str
    reference: str
    path: str
    line: int | None
    column: int | None
    hint: str
    suppressed: bool = False
    suppression_reason: str | None = None
    example: str = ""
    """The rule's TOML snippet of what to write (see :func:`lint_rule`)."""
    section: str = "notice"
    """The notice section the finding concerns, a key of :data:`SECTIONS`."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


@dataclass
class LintReport:
    """The findings for one register file, in the language they were written in."""

    findings: list[Finding]
    file: str
    lang: str = "en"
    templates: Path | None = None
    """The user's template folder whose catalogs the register's languages came from."""

    @property
    def active(self) -> list[Finding]:
        """The findings that are not suppressed."""
        return [f for f in self.findings if not f.suppressed]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity is severity)

    def fails(self, strict: bool = False) -> bool:
        """Whether the register fails the lint: an unsuppressed error remains, or with
        ``strict`` any unsuppressed finding. What a failure means to a caller (an exit code, a
        red badge) is the caller's."""
        if strict:
            return bool(self.active)
        return self.count(Severity.ERROR) > 0


# --- running the lint ------------------------------------------------------------------------


def language_of(lang: str, voice: str | None = None, templates: Path | None = None) -> _Language:
    """The ``lint`` catalog in ``lang``, for findings and reports; with ``voice`` "i" a hint
    that suggests wording for the notice suggests it in the first person singular (the
    message's ``msgctxt "i"`` entry); ``templates`` is a user's folder searched first."""
    return _Language(lang, translations(lang, "lint", voice=voice, templates=templates).gettext)


def nearest_rule(rule_id: str) -> str | None:
    """The existing rule a mistyped ``rule_id`` most likely means: the same number written
    differently ('L9', 'L009'), its digits swapped ('L90' for 'L09'), else the closest spelling."""
    digits = rule_id[1:]
    if digits.isdigit():
        swapped = [digits[::-1]] if len(digits) == 2 else []
        for number in (digits, *swapped):
            candidate = f"L{int(number):02d}"
            if candidate in RULES:
                return candidate
    return nearest(rule_id, RULES)


def _rule_ranges(rule_ids: Iterable[str]) -> str:
    """The rule ids as runs, ``L01–L29, L40–L50``: forty ids read as two facts."""
    numbers = sorted(int(rule_id[1:]) for rule_id in rule_ids)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"L{run[0]:02d}" if len(run) == 1 else f"L{run[0]:02d}–L{run[-1]:02d}" for run in runs
    )


def _suppressions(
    register: Register, file: str, positions: Mapping[Loc, tuple[int, int]] | None
) -> dict[str, str]:
    """Rule id → reason, refusing ids that name no rule (a typo would silently suppress nothing)."""
    reasons: dict[str, str] = {}
    if register.lint is None:
        return reasons
    diagnostics = []
    for i, suppression in enumerate(register.lint.ignore):
        if suppression.rule not in RULES:
            loc: Loc = ("lint", "ignore", i, "rule")
            line, column = position_of(positions, loc)
            guess = nearest_rule(suppression.rule)
            hint = f"did you mean '{guess}' ({RULES[guess].title})? " if guess else ""
            diagnostics.append(
                Diagnostic(
                    message=f"there is no lint rule '{suppression.rule}'",
                    file=file,
                    line=line,
                    column=column,
                    path=format_loc(loc),
                    hint=hint + f"rules are {_rule_ranges(RULES)}",
                )
            )
        reasons.setdefault(suppression.rule, suppression.reason)
    if diagnostics:
        raise RekisteriError(f"{file}: unknown rule in [lint] ignore", tuple(diagnostics))
    return reasons


def lint_register(register: Register, lang: str = "en") -> LintReport:
    """Check ``register`` against every rule; messages and hints are in ``lang``.

    Raises :class:`RekisteriError` when a suppression names a rule that does not exist.
    """
    file = str(register.source_path) if register.source_path is not None else "<register>"
    hits = [(rule, hit) for rule in RULES.values() for hit in rule.check(register)]
    if not hits and register.lint is None:
        # A clean register needs no catalog: keep `validate` and `lint` of a good register fast.
        return LintReport(findings=[], file=file, lang=lang, templates=register.templates)
    voice = register.controller.voice.value
    language = language_of(lang, voice, register.templates)
    positions = register.source_map
    reasons = _suppressions(register, file, positions)
    findings = []
    for rule, hit in hits:
        line, column = position_of(positions, hit.loc)
        reason = reasons.get(rule.id)
        findings.append(
            Finding(
                rule=rule.id,
                severity=hit.severity or rule.severity,
                message=language.render(hit.message, hit.params),
                reference=language.gettext(hit.reference or rule.reference),
                path=format_loc(hit.loc),
                line=line,
                column=column,
                hint=language.render(hit.hint, hit.params),
                suppressed=reason is not None,
                suppression_reason=reason,
                example=hit.example if hit.example is not None else rule.example_for(voice),
                section=section_of(hit.loc),
            )
        )
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule, f.path, f.message))
    return LintReport(findings=findings, file=file, lang=lang, templates=register.templates)
