"""The legal-completeness lint: rules (each citing its article), findings and their reports."""

from rekisteri.lint.rules import (
    Finding,
    LintReport,
    format_json,
    format_sarif,
    format_text,
    lint_register,
)

__all__ = ["Finding", "LintReport", "format_json", "format_sarif", "format_text", "lint_register"]
