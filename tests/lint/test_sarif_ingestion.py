"""The SARIF report as code-scanning services ingest it (issue 16).

Checked with Microsoft's SARIF Multitool (``npm ci`` installs it from package-lock.json), with
the SARIF rules and GitHub's ingestion rules: no errors. The same run is checked against the
SARIF 2.1.0 schema the Multitool ships, with jsonschema.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from rekisteri.lint import format_sarif, lint_register, reports
from rekisteri.register.loading import load_register

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux"
REGISTERS = [
    ROOT / "examples" / "terhi-kallio" / "rekisteriseloste-2018.toml",  # many findings
    ROOT / "examples" / "kampaamo-helmi" / "register.toml",
]


def _multitool() -> Path:
    binary = TOOL / "Sarif.Multitool"
    if not binary.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("the sarif-multitool is missing (CI=true, so it cannot be skipped): npm ci")
        pytest.skip("the sarif-multitool is missing: run npm ci")
    return binary


# Where a project with a documentation site says it is ([project.urls] Documentation).
DOCS = "https://docs.example.org/rekisteri"


@pytest.mark.parametrize("docs", [None, DOCS], ids=["no-docs-url", "docs-url"])
@pytest.mark.parametrize("register", REGISTERS, ids=lambda p: p.name)
def test_the_multitool_finds_no_error_under_the_sarif_and_github_rules(
    register: Path, docs: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = _multitool()
    monkeypatch.chdir(ROOT)  # the repository's root, as a code-scanning checkout's
    monkeypatch.setattr(reports, "project_url", lambda label: docs)
    sarif = tmp_path / "lint.sarif"
    sarif.write_text(format_sarif(lint_register(load_register(register))), encoding="utf-8")
    report = tmp_path / "validation.sarif"
    done = subprocess.run(
        [str(tool), "validate", "--rule-kind", "Gh;Sarif", "-o", str(report), str(sarif)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"]
    errors = [r["message"] for r in results if r.get("level", "warning") == "error"]
    assert errors == []
    # The one warning without a documentation URL: the tool has no informationUri. With one,
    # every rule has its helpUri too, and nothing is left.
    warned = {r["ruleId"] for r in results}
    assert warned <= ({"SARIF2005"} if docs is None else set()), warned


def test_the_report_is_valid_under_the_sarif_2_1_0_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    _multitool()
    schema = json.loads((TOOL / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(ROOT)
    for register in REGISTERS:
        sarif = json.loads(format_sarif(lint_register(load_register(register))))
        errors = [e.message for e in Draft7Validator(schema).iter_errors(sarif)]
        assert errors == [], errors[:5]
