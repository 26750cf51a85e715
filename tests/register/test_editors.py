"""The register's JSON Schema as the editors and checkers people use read it (issue 16).

Taplo is the TOML language server behind Even Better TOML; check-jsonschema is what a
pre-commit hook or a CI job runs. Each validates every example, and a mistake in a field names
the values that field allows, instead of "not valid under any of the schemas listed in anyOf".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas" / "register.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*/register.toml"))
BIN = Path(sys.executable).parent

# (what is changed in the example, what the editor must say about it)
MISTAKES = [
    (
        ('legal_basis = "contract"', 'legal_basis = "contrct"'),
        '"contrct" is not one of ["consent","contract","legal_obligation",',
    ),
    (
        ('layout = "tietosuojaseloste"', 'layout = "tietosuoja"'),
        '"tietosuoja" is not one of [',
    ),
]


def taplo(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "taplo"), "check", *map(str, arguments)],
        capture_output=True,
        text=True,
        env={"RUST_LOG": "error", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_taplo_finds_every_example_valid_through_its_schema_comment(example: Path) -> None:
    # The example's own `#:schema ../../schemas/register.schema.json` line finds the schema.
    assert example.read_text(encoding="utf-8").startswith("#:schema ")
    checked = taplo(example)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(("change", "said"), MISTAKES, ids=["legal_basis", "layout"])
def test_an_editor_names_the_allowed_values_of_a_misspelt_field(
    tmp_path: Path, change: tuple[str, str], said: str
) -> None:
    text = (ROOT / "examples" / "terhi-kallio" / "register.toml").read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "register.toml"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    checked = taplo("--schema", SCHEMA.as_uri(), broken)
    assert checked.returncode == 1
    assert said in checked.stdout + checked.stderr
    assert "anyOf" not in checked.stdout + checked.stderr

    plain = said.replace('","', "', '").replace('["', "['").replace('"', "'")
    checked = subprocess.run(
        [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), str(broken)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 1
    assert plain.split(" is not one of")[0] in checked.stdout
    assert "is not one of" in checked.stdout, checked.stdout
