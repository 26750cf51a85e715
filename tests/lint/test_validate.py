"""Validating a register is one library call: load, warnings and lint findings together."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekisteri.errors import RekisteriError
from rekisteri.lint.validate import validate

LEGACY = Path(__file__).parents[2] / "examples" / "terhi-kallio" / "rekisteriseloste-2018.toml"


def test_a_valid_register_comes_with_its_warnings_and_findings(demo_path: Path) -> None:
    validation = validate(demo_path)
    assert validation.register.source_path == demo_path
    assert validation.warnings == []
    assert validation.lint.findings == []


def test_an_old_notice_validates_and_its_lint_speaks_the_language_asked() -> None:
    finnish, english = validate(LEGACY), validate(LEGACY, "en")
    assert finnish.lint.findings, "the 2018 notice lacks what today's law asks"
    assert [f.rule for f in finnish.lint.findings] == [f.rule for f in english.lint.findings]
    assert finnish.lint.findings[0].message != english.lint.findings[0].message


def test_a_register_that_does_not_load_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "register.toml"
    broken.write_text("name = ", encoding="utf-8")
    with pytest.raises(RekisteriError):
        validate(broken)
