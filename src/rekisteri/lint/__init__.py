"""The legal-completeness lint: the engine, the rules (each citing its article) and the reports.

Importing the package registers every rule (:mod:`rekisteri.lint.rules`), so
:func:`lint_register` always runs them all, whichever module a caller imported first.
"""

from rekisteri.lint import context as context
from rekisteri.lint import rules as rules
from rekisteri.lint.engine import (
    RULES,
    SECTIONS,
    Finding,
    LintReport,
    Rule,
    Severity,
    lint_register,
)
from rekisteri.lint.reports import (
    SectionFindings,
    by_section,
    format_brief,
    format_json,
    format_sarif,
    format_text,
)

__all__ = [
    "RULES",
    "SECTIONS",
    "Finding",
    "LintReport",
    "Rule",
    "SectionFindings",
    "Severity",
    "by_section",
    "format_brief",
    "format_json",
    "format_sarif",
    "format_text",
    "lint_register",
]
