"""The lint report a person can act on: findings by section of the notice, the most serious
first, each with an example of what to write, in text, JSON and SARIF (issue 12, item 5)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rekisteri.errors import RekisteriError
from rekisteri.lint import (
    RULES,
    SECTIONS,
    Finding,
    LintReport,
    Severity,
    by_section,
    format_brief,
    format_json,
    format_sarif,
    format_text,
    lint_register,
    reports,
)
from rekisteri.lint.engine import Hit, _rule_ranges, lint_rule, nearest_rule, section_of
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from store_fixtures import FOUR_ERRORS

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = {
    lang: ROOT / "templates" / "locale" / lang / "LC_MESSAGES" / "lint.po" for lang in ("fi", "en")
}

REGISTER = FOUR_ERRORS  # L08, L02, L09 and L07 (store_fixtures)


def _load(tmp_path: Path, text: str = REGISTER) -> Register:
    path = tmp_path / "register.toml"
    path.write_text(text, encoding="utf-8")
    return load_register(path)


def _finding(
    rule: str,
    severity: Severity,
    section: str,
    line: int,
    *,
    suppressed: bool = False,
    example: str = "",
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=f"message of {rule}",
        reference="GDPR 13",
        path=f"{section}.key",
        line=line,
        column=1,
        hint=f"hint of {rule}",
        suppressed=suppressed,
        suppression_reason="It does not apply here." if suppressed else None,
        example=example,
        section=section,
    )


# --- the section a finding concerns ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "section"),
    [
        ("controller", "controller"),
        ("contact", "controller"),
        ("dpo", "controller"),
        ("representative", "controller"),
        ("purposes", "purposes"),
        ("bases", "purposes"),
        ("data_categories", "data"),
        ("recipients", "recipients"),
        ("processors", "recipients"),
        ("staff", "recipients"),
        ("transfers", "transfers"),
        ("retention", "retention"),
        ("rights", "rights"),
        ("sources", "sources"),
        ("automated_decisions", "automated-decisions"),
        ("cookies", "cookies"),
        ("direct_marketing", "direct-marketing"),
        ("security", "security"),
        ("notice", "notice"),
        ("name", "notice"),
        ("description", "notice"),
    ],
)
def test_a_key_path_belongs_to_the_section_of_the_notice_that_says_it(
    key: str, section: str
) -> None:
    assert section_of((key, 0, "anything")) == section
    assert section in SECTIONS


def test_a_finding_about_the_whole_register_is_about_the_notice_itself() -> None:
    assert section_of(()) == "notice"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_section_title_is_in_the_catalog(lang: str) -> None:
    with CATALOGS[lang].open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain="lint")
    for title in SECTIONS.values():
        message = catalog.get(title)
        assert message is not None and message.string and not message.fuzzy, title
        if lang == "fi":
            assert message.string != title, title


def test_findings_carry_their_section(tmp_path: Path) -> None:
    report = lint_register(_load(tmp_path))
    assert {f.rule: f.section for f in report.findings}.items() >= {
        "L08": "notice",
        "L02": "purposes",
        "L09": "data",
        "L07": "rights",
    }.items()


# --- the example of what to write ------------------------------------------------------------

EXAMPLE = '[[purposes]]\nid = "care"\nlegal_basis = "contract"'


@pytest.fixture
def rule_with_example(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A rule registered for one test, with an example; removed from RULES afterwards.

    Its texts are msgids the catalog has (section titles), so it needs no catalog of its own.
    """
    monkeypatch.setitem(RULES, "L98", RULES["L01"])

    def check(register: Register) -> Iterable[Hit]:
        yield Hit(("purposes", 0, "legal_basis"), "Purposes and legal bases", "Retention")

    lint_rule("L98", Severity.WARNING, "Security", "Cookies", example=EXAMPLE)(check)
    yield "L98"


def test_a_rule_without_an_example_still_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every existing call of lint_rule, without the keyword, keeps working.
    monkeypatch.setitem(RULES, "L97", RULES["L01"])

    def check(register: Register) -> Iterable[Hit]:
        return ()

    assert lint_rule("L97", Severity.INFO, "Security", "Cookies")(check) is check
    assert RULES["L97"].check is check and RULES["L97"].example == ""


def test_the_rules_example_reaches_the_finding(tmp_path: Path, rule_with_example: str) -> None:
    assert RULES[rule_with_example].example == EXAMPLE
    report = lint_register(_load(tmp_path))
    (finding,) = [f for f in report.findings if f.rule == rule_with_example]
    assert finding.example == EXAMPLE
    assert finding.section == "purposes"
    assert all(f.example == RULES[f.rule].example for f in report.findings)


def test_text_shows_the_example_indented_under_the_finding(
    tmp_path: Path, rule_with_example: str
) -> None:
    text = format_text(lint_register(_load(tmp_path)))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {rule_with_example} warning: " in line)
    assert lines[start + 1] == "    hint: Retention"
    assert lines[start + 2] == "    write, for example:"
    assert lines[start + 3 : start + 6] == [
        "        [[purposes]]",
        '        id = "care"',
        '        legal_basis = "contract"',
    ]
    fi = format_text(lint_register(_load(tmp_path), "fi"))
    assert "    kirjoita esimerkiksi:\n        [[purposes]]\n" in fi


def test_a_suppressed_finding_shows_its_reason_not_an_example() -> None:
    report = LintReport(
        [_finding("L09", Severity.ERROR, "data", 3, suppressed=True, example="hetu = false")],
        "register.toml",
    )
    text = format_text(report)
    assert "suppressed: It does not apply here." in text
    assert "write, for example" not in text and "hetu = false" not in text


# --- grouped by section, the most serious first ----------------------------------------------

MIXED = LintReport(
    [
        _finding("L06", Severity.INFO, "retention", 2),
        _finding("L02", Severity.WARNING, "purposes", 9),
        _finding("L03", Severity.ERROR, "purposes", 12),
        _finding("L05", Severity.WARNING, "purposes", 5),
        _finding("L04", Severity.ERROR, "purposes", 30, suppressed=True),
        _finding("L07", Severity.ERROR, "rights", 40),
        _finding("L01", Severity.WARNING, "controller", 1),
        _finding("L20", Severity.ERROR, "security", 50, suppressed=True),
    ],
    "register.toml",
)


def test_sections_come_most_serious_first_then_in_the_notices_order() -> None:
    groups = by_section(MIXED)
    # Errors in purposes and rights (purposes comes first in the notice), then a warning,
    # then info, then a section whose only finding is suppressed.
    assert [g.section for g in groups] == [
        "purposes",
        "rights",
        "controller",
        "retention",
        "security",
    ]
    assert [g.title for g in groups][:2] == [
        "Purposes and legal bases",
        "Rights of the data subject",
    ]


def test_within_a_section_errors_then_warnings_each_by_line_and_suppressed_last() -> None:
    purposes = by_section(MIXED)[0]
    assert [(f.rule, f.line) for f in purposes.findings] == [
        ("L03", 12),
        ("L05", 5),
        ("L02", 9),
        ("L04", 30),
    ]


def test_text_is_grouped_under_section_headings(tmp_path: Path) -> None:
    report = lint_register(_load(tmp_path))
    text = format_text(report)
    headings = [line for line in text.splitlines() if line.startswith("== ")]
    # The four sections with an error, in the notice's order; any others after them.
    assert headings[:4] == [
        "== The notice itself ==",
        "== Purposes and legal bases ==",
        "== Personal data ==",
        "== Rights of the data subject ==",
    ]
    # Each finding keeps the line an editor jumps to.
    assert f"{report.file}:27:1: L09 error: data_categories[0].hetu: " in text
    assert f"\n{report.file}: errors: 4, warnings: " in text
    fi = format_text(report, "fi")
    assert "== Käsittelyn tarkoitukset ja oikeusperusteet ==" in fi
    assert "== Rekisteröidyn oikeudet ==" in fi


def test_brief_lines_are_one_a_finding_most_serious_first() -> None:
    lines = format_brief(MIXED)
    assert len(lines) == len(MIXED.findings)
    assert lines[0] == "register.toml:12:1: L03: purposes.key: message of L03 [GDPR 13]"
    assert [line.split(": ")[1] for line in lines] == [
        "L03",
        "L05",
        "L02",
        "L04",
        "L07",
        "L01",
        "L06",
        "L20",
    ]


# --- JSON --------------------------------------------------------------------------------------


def test_json_names_each_findings_section_and_example(
    tmp_path: Path, rule_with_example: str
) -> None:
    report = lint_register(_load(tmp_path))
    document = json.loads(format_json(report))
    findings = document["findings"]
    # Fields added, none renamed: what a script read before is still there.
    for finding in findings:
        assert {
            "rule",
            "severity",
            "message",
            "reference",
            "path",
            "line",
            "column",
            "hint",
        } <= set(finding)
        assert finding["section"] in SECTIONS
    assert [f["rule"] for f in findings] == [
        f.rule for group in by_section(report) for f in group.findings
    ]
    (added,) = [f for f in findings if f["rule"] == rule_with_example]
    assert added["example"] == EXAMPLE and added["section"] == "purposes"
    assert document["sections"][0] == {
        "id": "notice",
        "title": "The notice itself",
        "error": 1,
        "warning": 0,
        "info": 0,
        "suppressed": 0,
    }
    assert [s["id"] for s in document["sections"]][:4] == ["notice", "purposes", "data", "rights"]
    summary = document["summary"]
    assert (summary["error"], summary["suppressed"]) == (4, 0) and summary["warning"] >= 1
    assert sum(s["warning"] for s in document["sections"]) == summary["warning"]


def test_json_section_titles_are_in_the_reports_language(tmp_path: Path) -> None:
    document = json.loads(format_json(lint_register(_load(tmp_path), "fi")))
    assert [s["title"] for s in document["sections"]][:2] == [
        "Selosteen perustiedot",
        "Käsittelyn tarkoitukset ja oikeusperusteet",
    ]


def test_a_clean_json_report_has_no_sections() -> None:
    document = json.loads(format_json(LintReport([], "register.toml", "sv")))
    assert document["findings"] == [] and document["sections"] == []


# --- SARIF -------------------------------------------------------------------------------------


def _sarif(report: LintReport) -> dict:
    return json.loads(format_sarif(report))


def test_sarif_results_name_their_section_and_example(
    tmp_path: Path, rule_with_example: str
) -> None:
    report = lint_register(_load(tmp_path))
    (run,) = _sarif(report)["runs"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        f.rule for group in by_section(report) for f in group.findings
    ]
    for result in results:
        properties = result["properties"]
        assert properties["section"] in SECTIONS
        assert properties["sectionTitle"] == SECTIONS[properties["section"]]
        assert properties["example"] == RULES[result["ruleId"]].example
        # Not a SARIF fix: a fix replaces a region of the file, which the snippet is not.
        assert "fixes" not in result
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_rule_with_an_example_carries_it_in_its_sarif_help(
    tmp_path: Path, rule_with_example: str
) -> None:
    rules = _sarif(lint_register(_load(tmp_path), "fi"))["runs"][0]["tool"]["driver"]["rules"]
    descriptor = next(r for r in rules if r["id"] == rule_with_example)
    # SARIF 2.1.0 §3.12 multiformatMessageString: "text" is required, "markdown" optional.
    help_ = descriptor["help"]
    assert set(help_) == {"text", "markdown"}
    assert help_["text"].startswith("Evästeet\n\n")
    assert "\n\nkirjoita esimerkiksi:\n    [[purposes]]\n" in help_["text"]
    assert help_["markdown"].endswith(f"```toml\n{EXAMPLE}\n```")
    # A rule with no example still has its help: its title and legal reference, never empty.
    for rule in rules:
        assert rule["help"]["text"].strip()
        assert ("```toml" in rule["help"]["markdown"]) == bool(RULES[rule["id"]].example)


def test_sarif_properties_are_a_valid_property_bag(tmp_path: Path) -> None:
    # SARIF 2.1.0 §3.8: a property bag is an object; its "tags", when present, unique strings.
    sarif = _sarif(lint_register(_load(tmp_path)))
    for result in sarif["runs"][0]["results"]:
        properties = result["properties"]
        assert all(isinstance(key, str) for key in properties)
        assert "tags" not in properties or len(set(properties["tags"])) == len(properties["tags"])


# --- a suppression naming no rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("L90", "L09"), ("L9", "L09"), ("L009", "L09"), ("L100", "L10"), ("L1", "L01")],
)
def test_a_mistyped_rule_id_is_matched_to_the_rule_it_most_likely_means(
    typed: str, meant: str
) -> None:
    assert nearest_rule(typed) == meant


def test_a_suppression_of_a_rule_that_does_not_exist_names_the_nearest(tmp_path: Path) -> None:
    text = REGISTER + '\n[lint]\nignore = [{ rule = "L90", reason = "typo for L09" }]\n'
    with pytest.raises(RekisteriError) as caught:
        lint_register(_load(tmp_path, text))
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.path) == (REGISTER.count("\n") + 3, "lint.ignore[0].rule")
    assert diagnostic.message == "there is no lint rule 'L90'"
    assert diagnostic.hint.startswith(f"did you mean 'L09' ({RULES['L09'].title})? rules are L01–L")


def test_the_rules_are_named_as_runs_of_ids() -> None:
    assert _rule_ranges(["L10", "L01", "L02", "L03", "L05", "L07", "L08"]) == (
        "L01–L03, L05, L07–L08, L10"
    )


def test_every_sarif_rule_is_described_as_code_scanning_services_require(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub's ingestion rules: each rule has a short and a full description and a help text
    (plain and Markdown, with its legal reference); artifact URIs are relative to a named base,
    and the run says what produced it (issue 16)."""
    register = _load(tmp_path)
    monkeypatch.chdir(tmp_path)
    (run,) = _sarif(lint_register(register))["runs"]
    for rule in run["tool"]["driver"]["rules"]:
        reference = RULES[rule["id"]].reference
        assert rule["shortDescription"]["text"]
        assert reference in rule["fullDescription"]["text"]
        assert rule["fullDescription"]["text"] != rule["shortDescription"]["text"]
        assert reference in rule["help"]["text"] and reference in rule["help"]["markdown"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "register.toml", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["automationDetails"]["id"].startswith("rekisteri/lint/")


def test_sarif_links_each_rule_to_its_page_only_once_the_project_has_a_docs_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """helpUri and informationUri point into the documentation site ([project.urls]
    Documentation); while the project names none, the report names no URL rather than a
    made-up one (issue 16). Each rule's anchor is a heading of the generated page."""
    register = _load(tmp_path)
    monkeypatch.chdir(tmp_path)
    without = _sarif(lint_register(register))["runs"][0]["tool"]["driver"]
    assert "informationUri" not in without
    assert not any("helpUri" in rule for rule in without["rules"])

    monkeypatch.setattr(reports, "project_url", lambda label: "https://docs.example.org/rk")
    driver = _sarif(lint_register(register))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://docs.example.org/rk"
    page = (Path(__file__).resolve().parents[2] / "docs/reference/lint-rules.md").read_text(
        encoding="utf-8"
    )
    for rule in driver["rules"]:
        anchor = rule["id"].lower()
        assert rule["helpUri"] == f"https://docs.example.org/rk/reference/lint-rules.html#{anchor}"
        assert f"## {rule['id']}: " in page and f"{{#{anchor}}}" in page, rule["id"]


def test_the_project_url_is_read_from_the_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from rekisteri import resources

    class Metadata:
        def get_all(self, name: str) -> list[str]:
            assert name == "Project-URL"
            return ["Source, https://example.org/src", "Documentation, https://docs.example.org/"]

    resources.project_url.cache_clear()
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: Metadata())
    try:
        assert resources.project_url("Documentation") == "https://docs.example.org"
        assert resources.project_url("documentation") == "https://docs.example.org"
        assert resources.project_url("Issues") is None
    finally:
        resources.project_url.cache_clear()
