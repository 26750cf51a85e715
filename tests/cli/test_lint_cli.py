"""The lint on the command line (issue 12): render and publish check the notice and refuse with
--strict, and the bad input of the lint's own settings is refused clearly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from store_fixtures import FOUR_ERRORS

ROOT = Path(__file__).resolve().parents[2]
MODERN_EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"

runner = CliRunner()

REGISTER = FOUR_ERRORS  # L08, L02, L09 and L07 (store_fixtures)
ERRORS = ["L08", "L02", "L09", "L07"]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def _with_lint(path: Path, ignore: str) -> Path:
    path.write_text(REGISTER + f"\n[lint]\nignore = [{ignore}]\n", encoding="utf-8")
    return path


# --- render and publish check the notice ---------------------------------------------------------


def test_render_warns_of_each_lint_error_and_writes_the_notice(
    register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(register), "-o", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / "register.en.html")]
    *lines, summary = result.stderr.splitlines()
    # One line an error, the most serious and then by section: each names the file, the line,
    # the rule and the key path.
    assert [line.split(": ")[2] for line in lines] == ERRORS
    assert lines[2] == (
        f"warning: {register}:27:1: L09: data_categories[0].hetu: Data category 'contact' holds "
        "the personal identity code without a ground under section 29 of the Data Protection "
        "Act [Data Protection Act 1050/2018, section 29]"
    )
    assert summary == (
        f"warning: {register}: the lint finds 4 errors in the notice; run 'rekisteri lint "
        f"{register}' for what to write, or use --strict to refuse writing such a notice"
    )


def test_render_strict_refuses_before_writing_anything(register: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["render", str(register), "-o", str(out), "--format", "html", "--strict"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    *lines, summary = result.stderr.splitlines()
    assert [line.split(": ")[2] for line in lines] == ERRORS
    assert all(line.startswith(f"error: {register}:") for line in lines)
    assert summary == (
        f"error: {register}: nothing was written: the lint finds 4 errors in the notice; "
        f"run 'rekisteri lint {register}' for what to write"
    )
    assert not out.exists()
    assert "Traceback" not in result.output


def test_publish_strict_refuses_before_writing_anything(register: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    result = runner.invoke(app, ["publish", str(register), "-o", str(site), "--strict"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing was written: the lint finds 4 errors" in result.stderr
    assert list(site.iterdir()) == []


def test_publish_warns_of_the_lint_errors_and_publishes(register: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = runner.invoke(app, ["publish", str(register), "-o", str(site)])
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == len(ERRORS) + 1
    assert all(line.startswith("warning: ") for line in warnings)
    assert (site / "register.en.html").is_file()
    assert str(site / "register.en.html") in result.stdout.splitlines()


def test_a_suppressed_error_is_neither_warned_of_nor_refused(
    register: Path, tmp_path: Path
) -> None:
    reasons = ", ".join(
        f'{{ rule = "{rule}", reason = "Checked by our lawyer." }}' for rule in ERRORS
    )
    _with_lint(register, reasons)
    out = tmp_path / "out"
    args = ["render", str(register), "-o", str(out), "--format", "html", "--strict"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (out / "register.en.html").is_file()


def test_a_clean_notice_renders_strictly_without_a_word(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["render", str(MODERN_EXAMPLE), "-o", str(out), "--format", "html", "--strict"]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [str(out / "tietosuojaseloste.en.html")]


# --- the report --------------------------------------------------------------------------------


def test_lint_json_names_sections_and_keeps_its_fields(register: Path) -> None:
    result = runner.invoke(app, ["lint", str(register), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert {"file", "lang", "findings", "summary", "sections"} <= set(document)
    assert [s["id"] for s in document["sections"]][:4] == ["notice", "purposes", "data", "rights"]
    assert [f["rule"] for f in document["findings"]][:4] == ERRORS
    assert all("example" in f and "section" in f for f in document["findings"])


def test_lint_text_is_grouped_by_section(register: Path) -> None:
    result = runner.invoke(app, ["lint", str(register)])
    assert result.exit_code == 1
    headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headings[:4] == [
        "== The notice itself ==",
        "== Purposes and legal bases ==",
        "== Personal data ==",
        "== Rights of the data subject ==",
    ]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_a_language_the_register_lacks_is_a_located_error(command: str) -> None:
    # Not a usage mistake (exit 2): the register's notice.languages decides, so the message
    # points there, as every other refusal of the register does (exit 1).
    result = runner.invoke(app, [command, str(MODERN_EXAMPLE), "--lang", "sv"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        f"{MODERN_EXAMPLE}:12:1: notice.languages: the notice is written in fi, en, not in 'sv'"
    ) in result.stderr


def test_a_mistyped_language_gets_the_nearest() -> None:
    result = runner.invoke(app, ["lint", str(MODERN_EXAMPLE), "--lang", "em"])
    assert result.exit_code == 1
    assert "not in 'em'" in result.stderr
    assert "hint: did you mean 'en'?" in result.stderr


def test_a_language_of_the_register_is_accepted() -> None:
    result = runner.invoke(app, ["lint", str(MODERN_EXAMPLE), "--lang", "en", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": no findings\n")


@pytest.mark.parametrize("command", ["lint", "validate", "render"])
def test_a_suppression_of_a_rule_that_does_not_exist_is_refused(
    command: str, register: Path, tmp_path: Path
) -> None:
    _with_lint(register, '{ rule = "L99", reason = "We keep no such data." }')
    out = tmp_path / "out"
    args = [command, str(register)] + (["-o", str(out)] if command == "render" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    line = REGISTER.count("\n") + 3
    assert (
        f"{register}:{line}:13: lint.ignore[0].rule: there is no lint rule 'L99'" in result.stderr
    )
    assert re.search(r"hint: did you mean 'L\d\d' \(.+\)\? rules are L01–L\d\d", result.stderr)
    assert not out.exists()


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_a_suppression_without_a_reason_is_refused_at_its_line(
    command: str, register: Path
) -> None:
    _with_lint(register, '{ rule = "L09" }')
    result = runner.invoke(app, [command, str(register)])
    assert result.exit_code == 1
    line = REGISTER.count("\n") + 3
    assert (
        f"{register}:{line}:11: lint.ignore[0].reason: missing required key 'reason'"
        in result.stderr
    )
    assert "hint: add reason = … to lint.ignore[0]" in result.stderr


def test_a_suppression_with_too_short_a_reason_is_refused_at_its_line(register: Path) -> None:
    _with_lint(register, '{ rule = "L09", reason = "x" }')
    result = runner.invoke(app, ["lint", str(register)])
    assert result.exit_code == 1
    line = REGISTER.count("\n") + 3
    assert f"{register}:{line}:27: lint.ignore[0].reason: " in result.stderr
