"""The lint's reports: text for a terminal, JSON, and SARIF for code-scanning tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rekisteri import __version__
from rekisteri.documents.i18n import N_
from rekisteri.lint.engine import (
    RULES,
    LintReport,
    Severity,
    language_of,
)

_SEVERITY_LABELS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}

# SARIF has no "info" level; "note" is its name for the same thing.
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


# --- output ----------------------------------------------------------------------------------


def format_text(report: LintReport, lang: str | None = None) -> str:
    """The findings as lines like ``register.toml:12:1: L09 error: path: message [reference]``."""
    gettext = language_of(lang or report.lang).gettext
    hint_label, suppressed_label = gettext(N_("hint")), gettext(N_("suppressed"))
    lines = []
    for finding in report.findings:
        where = report.file
        if finding.line is not None:
            where += f":{finding.line}"
            if finding.column is not None:
                where += f":{finding.column}"
        label = gettext(_SEVERITY_LABELS[finding.severity])
        path = f"{finding.path}: " if finding.path else ""
        lines.append(
            f"{where}: {finding.rule} {label}: {path}{finding.message} [{finding.reference}]"
        )
        lines.append(f"    {hint_label}: {finding.hint}")
        if finding.suppressed:
            lines.append(f"    {suppressed_label}: {finding.suppression_reason}")
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


def format_json(report: LintReport) -> str:
    """The report as one JSON document, for editors and scripts."""
    document = {
        "file": report.file,
        "lang": report.lang,
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": {
            "error": report.count(Severity.ERROR),
            "warning": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "suppressed": len(report.findings) - len(report.active),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def _artifact_uri(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def format_sarif(report: LintReport) -> str:
    """The report as SARIF 2.1.0, the format code-scanning tools read."""
    gettext = language_of(report.lang).gettext
    rule_ids = list(RULES)
    rules = [
        {
            "id": rule.id,
            "name": rule.check.__name__.strip("_"),
            "shortDescription": {"text": gettext(rule.title)},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            "properties": {"reference": gettext(rule.reference)},
        }
        for rule in RULES.values()
    ]
    uri = _artifact_uri(report.file)
    results = []
    for finding in report.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
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
            "properties": {"reference": finding.reference, "hint": finding.hint},
        }
        if finding.suppressed:
            result["suppressions"] = [
                {"kind": "inSource", "justification": finding.suppression_reason or ""}
            ]
        results.append(result)
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
                        "rules": rules,
                    }
                },
                "language": report.lang,
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
