"""The lint on the corpus of real notices, held to what a privacy lawyer says about each of them.

``lawyer.toml`` lists, per notice, what a Finnish privacy lawyer would say the original notice
lacks or gets wrong (``says``, each with the rule that reports it), what is right in it
(``fine``), findings that are right but minor (``also``) and findings the lawyer calls wrong
(``false_positives``). A lost finding, a new false positive and a new rule firing all fail here;
what no rule reports yet is counted by a ratchet so that the gaps can only shrink.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from rekisteri.documents.i18n import catalog_files
from rekisteri.lint import RULES, LintReport, lint_register
from rekisteri.register.loading import load_register

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "terhi-kallio" / "register.toml"
LAWYER: dict[str, dict[str, Any]] = tomllib.loads(
    (HERE / "lawyer.toml").read_text(encoding="utf-8")
)
NOT_NOTICES = {"expectations.toml", "lawyer.toml"}
SLUGS = sorted(p.stem for p in HERE.glob("*.toml") if p.name not in NOT_NOTICES)

# What no rule reports yet, and what the lint reports that the lawyer calls wrong. Lower these
# when a rule learns a finding or stops a false alarm; they must never grow.
GAPS = 32
FALSE_POSITIVES = 10


def under(path: str, prefix: str) -> bool:
    """Whether key path ``path`` is ``prefix`` or lies inside it ("rights" holds
    "rights.complaint", "purposes[1]" holds "purposes[1].bases[0]" but not "purposes[10]")."""
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def lint_language(lang: str) -> str:
    """The notice's own language when the lint speaks it, else English."""
    return lang if catalog_files(lang, "lint") else "en"


@cache
def report(slug: str) -> LintReport:
    register = load_register(HERE / f"{slug}.toml")
    return lint_register(register, lint_language(register.default_language))


def entries(slug: str, kind: str) -> list[dict[str, str]]:
    return list(LAWYER[slug].get(kind, []))


def reported_at(slug: str, rule: str, path: str) -> bool:
    return any(f.rule == rule and under(f.path, path) for f in report(slug).active)


def test_every_notice_has_a_lawyers_list() -> None:
    assert sorted(LAWYER) == SLUGS
    for slug in SLUGS:
        assert entries(slug, "says"), slug
        assert LAWYER[slug].get("fine"), slug


def test_the_lists_name_only_rules_that_exist() -> None:
    named = {
        (slug, e["rule"])
        for slug in SLUGS
        for kind in ("says", "also", "false_positives")
        for e in entries(slug, kind)
        if e["rule"]
    }
    assert {(slug, rule) for slug, rule in named if rule not in RULES} == set()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_lawyers_findings_are_reported(slug: str) -> None:
    missing = [
        f"{e['rule']} at {e['path']}: {e['finding']}"
        for e in entries(slug, "says")
        if e["rule"] and not reported_at(slug, e["rule"], e["path"])
    ]
    assert missing == []


@pytest.mark.parametrize("slug", SLUGS)
def test_the_minor_findings_and_false_alarms_listed_are_still_reported(slug: str) -> None:
    # A listed false alarm that the lint no longer gives is an improvement: remove it from
    # lawyer.toml and lower FALSE_POSITIVES.
    stale = [
        f"{kind}: {e['rule']} at {e['path']}"
        for kind in ("also", "false_positives")
        for e in entries(slug, kind)
        if not reported_at(slug, e["rule"], e["path"])
    ]
    assert stale == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_rule_reported_is_accounted_for(slug: str) -> None:
    expected = {
        e["rule"] for kind in ("says", "also", "false_positives") for e in entries(slug, kind)
    }
    reported = {f.rule for f in report(slug).active}
    assert reported == expected - {""}, (
        f"new: {sorted(reported - expected)}; lost: {sorted(expected - reported - {''})}"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_every_finding_is_one_the_lawyers_list_accounts_for(slug: str) -> None:
    # Finer than the rule ids: a listed rule that starts firing somewhere new is a new finding.
    listed = [
        (e["rule"], e["path"])
        for kind in ("says", "also", "false_positives")
        for e in entries(slug, kind)
        if e["rule"]
    ]
    unlisted = [
        f"{f.rule} at {f.path}: {f.message}"
        for f in report(slug).active
        if not any(f.rule == rule and under(f.path, path) for rule, path in listed)
    ]
    assert unlisted == []


def test_the_gaps_do_not_grow() -> None:
    gaps = [
        f"{slug} {e['path']}: {e['finding']}"
        for slug in SLUGS
        for e in entries(slug, "says")
        if not e["rule"]
    ]
    assert len(gaps) <= GAPS, "\n".join(gaps)


def test_the_false_alarms_do_not_grow() -> None:
    alarms = [
        f"{slug} {e['rule']} at {e['path']}: {e['why']}"
        for slug in SLUGS
        for e in entries(slug, "false_positives")
    ]
    assert len(alarms) <= FALSE_POSITIVES, "\n".join(alarms)


def test_the_swedish_notice_is_linted_in_swedish() -> None:
    swedish = report("asub-befolkningsregistret")
    assert swedish.lang == lint_language("sv")
    english = lint_register(load_register(HERE / "asub-befolkningsregistret.toml"), "en")
    if swedish.lang == "sv":
        assert [f.message for f in swedish.active] != [f.message for f in english.active]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_modern_example_lints_clean_under_strict(lang: str) -> None:
    # `--strict` fails on any finding that is not suppressed.
    example = lint_register(load_register(EXAMPLE), lang)
    assert [(f.rule, f.path, f.message) for f in example.active] == []
    assert not example.fails(strict=True)
