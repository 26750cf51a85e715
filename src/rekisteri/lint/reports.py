"""The lint's reports: text for a terminal, JSON, and SARIF for code-scanning tools.

Each report is one a person can act on: the findings grouped by the section of the notice they
concern, the most serious first, each with an example of what to write in the TOML file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rekisteri import __version__
from rekisteri.documents.i18n import N_
from rekisteri.lint.engine import (
    RULES,
    SECTIONS,
    Finding,
    LintReport,
    Severity,
    language_of,
)
from rekisteri.resources import LINT_RULES_PAGE, project_url

_SEVERITY_LABELS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}

# SARIF has no "info" level; "note" is its name for the same thing.
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


# Most serious first; a suppressed finding, whatever its severity, after every active one.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_SUPPRESSED_RANK = len(_RANK)
_SECTION_ORDER = {section: i for i, section in enumerate(SECTIONS)}


# --- grouping --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionFindings:
    """The findings about one section of the notice, the most serious first."""

    section: str
    """The section's id, a key of :data:`~rekisteri.lint.engine.SECTIONS`."""
    title: str
    """The section's title (a msgid of the ``lint`` catalog)."""
    findings: list[Finding]


def _rank(finding: Finding) -> int:
    return _SUPPRESSED_RANK if finding.suppressed else _RANK[finding.severity]


def by_section(report: LintReport) -> list[SectionFindings]:
    """The report's findings grouped by the notice section they concern.

    The section with the most serious finding comes first (sections of equal weight in the
    notice's order); within a section errors come before warnings and warnings before info,
    each by line, and suppressed findings last.
    """
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.section, []).append(finding)
    for findings in groups.values():
        findings.sort(key=lambda f: (_rank(f), f.line or 0, f.column or 0, f.rule, f.path))
    ordered = sorted(
        groups.items(),
        key=lambda item: (_rank(item[1][0]), _SECTION_ORDER.get(item[0], len(_SECTION_ORDER))),
    )
    return [
        SectionFindings(section, SECTIONS.get(section, SECTIONS["notice"]), findings)
        for section, findings in ordered
    ]


def _ordered(report: LintReport) -> list[Finding]:
    return [finding for group in by_section(report) for finding in group.findings]


# --- output ----------------------------------------------------------------------------------


def _where(report: LintReport, finding: Finding) -> str:
    where = report.file
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    return where


def _indented(snippet: str, indent: str) -> list[str]:
    return [f"{indent}{line}" if line else "" for line in snippet.splitlines()]


def format_text(report: LintReport, lang: str | None = None) -> str:
    """The findings by section of the notice, each as a line like ``register.toml:12:1: L09
    error: path: message [reference]`` followed by its hint and an example of what to write."""
    gettext = language_of(lang or report.lang, templates=report.templates).gettext
    hint_label, suppressed_label = gettext(N_("hint")), gettext(N_("suppressed"))
    example_label = gettext(N_("write, for example"))
    lines: list[str] = []
    for group in by_section(report):
        if lines:
            lines.append("")
        lines.append(f"== {gettext(group.title)} ==")
        for finding in group.findings:
            label = gettext(_SEVERITY_LABELS[finding.severity])
            path = f"{finding.path}: " if finding.path else ""
            lines.append(
                f"{_where(report, finding)}: {finding.rule} {label}: {path}{finding.message} "
                f"[{finding.reference}]"
            )
            lines.append(f"    {hint_label}: {finding.hint}")
            if finding.suppressed:
                lines.append(f"    {suppressed_label}: {finding.suppression_reason}")
            elif finding.example:
                lines.append(f"    {example_label}:")
                lines.extend(_indented(finding.example, " " * 8))
    if lines:
        lines.append("")
    counts = {
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
        "suppressed": len(report.findings) - len(report.active),
    }
    summary = N_(
        "errors: %(errors)d, warnings: %(warnings)d, info: %(infos)d, suppressed: %(suppressed)d"
    )
    if not report.findings:
        summary = N_("no findings")
    lines.append(f"{report.file}: {gettext(summary) % counts}")
    return "\n".join(lines) + "\n"


def format_brief(report: LintReport) -> list[str]:
    """One line a finding, ``register.toml:12:1: L09: path: message [reference]``, the most
    serious first: for a command that mentions the lint's findings beside its own work."""
    return [
        f"{_where(report, finding)}: {finding.rule}: "
        f"{finding.path + ': ' if finding.path else ''}{finding.message} [{finding.reference}]"
        for finding in _ordered(report)
    ]


def format_json(report: LintReport) -> str:
    """The report as one JSON document, for editors and scripts: the findings in the order of
    :func:`by_section`, each naming its ``section``, and the sections with their titles."""
    groups = by_section(report)
    # A clean report names no section, so it needs no catalog.
    gettext: Callable[[str], str] = (
        language_of(report.lang, templates=report.templates).gettext if groups else str
    )
    document = {
        "file": report.file,
        "lang": report.lang,
        "findings": [finding.to_dict() for group in groups for finding in group.findings],
        "sections": [
            {"id": group.section, "title": gettext(group.title), **_counts(group.findings)}
            for group in groups
        ],
        "summary": _counts(report.findings),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _counts(findings: list[Finding]) -> dict[str, int]:
    active = [f for f in findings if not f.suppressed]
    return {
        "error": sum(1 for f in active if f.severity is Severity.ERROR),
        "warning": sum(1 for f in active if f.severity is Severity.WARNING),
        "info": sum(1 for f in active if f.severity is Severity.INFO),
        "suppressed": len(findings) - len(active),
    }


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


# The base a SARIF file's paths are relative to: the folder the check ran in, as a code
# scanning service's checkout root is.
SOURCE_ROOT = "%SRCROOT%"


def _artifact_location(file: str) -> dict[str, str]:
    """The register's location in SARIF: relative to :data:`SOURCE_ROOT` where it is under the
    working folder (so that a service can map it into its repository), else absolute."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SOURCE_ROOT}


def _sarif_help(
    title: str, reference: str, example: str, gettext: Callable[[str], str]
) -> dict[str, str]:
    """A rule's ``help`` (SARIF 2.1.0 §3.49.13): its title, its legal reference and, where it
    has one, the example of what to write.

    The example is not a SARIF ``fix``: a fix replaces a region of the file, and the snippet
    shows what to write somewhere in a table, not at the finding's line, so a tool applying it
    would break the TOML.
    """
    if not example:
        return {"text": f"{title}\n\n{reference}", "markdown": f"**{title}**\n\n{reference}"}
    label = gettext(N_("write, for example"))
    return {
        "text": "\n".join([title, "", reference, "", f"{label}:", *_indented(example, "    ")]),
        "markdown": f"**{title}**\n\n{reference}\n\n{label}:\n\n```toml\n{example}\n```",
    }


def format_sarif(report: LintReport) -> str:
    """The report as SARIF 2.1.0, the format code-scanning tools read: each result names its
    notice section and the example of what to write in its ``properties``, and each rule with
    an example carries it in its ``help``."""
    gettext = language_of(report.lang, templates=report.templates).gettext
    rule_ids = list(RULES)
    # Each rule's page on the documentation site, once the project has published one.
    docs = project_url("Documentation")
    rules = []
    for rule in RULES.values():
        title, reference = gettext(rule.title), gettext(rule.reference)
        descriptor: dict[str, Any] = {
            "id": rule.id,
            "name": rule.check.__name__.strip("_"),
            "shortDescription": {"text": title},
            "fullDescription": {"text": f"{title} ({reference})"},
            "help": _sarif_help(title, reference, rule.example, gettext),
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            "properties": {"reference": reference},
        }
        if docs is not None:
            descriptor["helpUri"] = f"{docs}/{LINT_RULES_PAGE}#{rule.id.lower()}"
        rules.append(descriptor)
    artifact = _artifact_location(report.file)
    results = []
    for finding in _ordered(report):
        location: dict[str, Any] = {"artifactLocation": dict(artifact)}
        if finding.line is not None:
            region = {"startLine": finding.line}
            if finding.column is not None:
                region["startColumn"] = finding.column
            location["region"] = region
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_ids.index(finding.rule),
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": f"{finding.message} [{finding.reference}]"},
            "locations": [
                {
                    "physicalLocation": location,
                    "logicalLocations": [{"fullyQualifiedName": finding.path, "kind": "member"}],
                }
            ],
            "properties": {
                "reference": finding.reference,
                "hint": finding.hint,
                "section": finding.section,
                "sectionTitle": gettext(SECTIONS.get(finding.section, SECTIONS["notice"])),
                "example": finding.example,
            },
        }
        if finding.suppressed:
            result["suppressions"] = [
                {"kind": "inSource", "justification": finding.suppression_reason or ""}
            ]
        results.append(result)
    run_bases = (
        {"originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().as_uri() + "/"}}}
        if "uriBaseId" in artifact
        else {}
    )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rekisteri",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": docs} if docs is not None else {}),
                        "rules": rules,
                    }
                },
                **run_bases,
                "automationDetails": {"id": f"rekisteri/lint/{Path(report.file).stem}/"},
                "language": report.lang,
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
