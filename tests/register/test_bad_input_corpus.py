"""The held-in bad-input corpus, refused exactly as before: every message and exit code.

``rekisteri validate`` runs on each invalid register of test_loading.CASES and on the files that
cannot be read as a register at all; what it prints and the code it exits with are compared with
``tests/golden/bad-input.txt`` as a whole, so a refactoring that rewords, relocates or drops any
refusal shows as a diff. test_loading asserts what each message must say; this asserts that
nothing else moved. After an intended change to a message, regenerate the file and review the
diff:

    UPDATE_GOLDEN=1 pytest tests/register/test_bad_input_corpus.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_loading import BASE, CASES
from typer.testing import CliRunner

from rekisteri.cli import app

EXPECTED = Path(__file__).resolve().parents[1] / "golden" / "bad-input.txt"

# Files that are not a register at all, refused before any validation.
UNREADABLE: list[tuple[str, bytes]] = [
    ("empty file", b""),
    ("TOML syntax error", BASE.replace('id = "care"', 'id = "care', 1).encode("utf-8")),
    ("not UTF-8", BASE.encode("utf-8").replace(b"Yhteystiedot", b"Yhteystied\xf6t")),
    ("NUL byte", BASE.encode("utf-8").replace(b"[controller]", b"[contr\x00oller]")),
]


# Registers that load but whose lint settings are refused: validate lints, so it refuses them.
LINT_SETTINGS: list[tuple[str, bytes]] = [
    (name, (BASE + "\n[lint]\nignore = [" + suppression + "]\n").encode("utf-8"))
    for name, suppression in [
        ("suppression of a rule that does not exist", '{ rule = "L99", reason = "no such data" }'),
        ("suppression without a reason", '{ rule = "L09" }'),
    ]
]


def refusal(folder: Path, name: str, content: bytes) -> str:
    """What ``rekisteri validate`` prints for ``content`` and the code it exits with."""
    (folder / "register.toml").write_bytes(content)
    # The register is named relative to the working folder, so the text holds no tmp path.
    result = CliRunner().invoke(app, ["validate", "register.toml"])
    return f"== {name}\nexit {result.exit_code}\n{result.stdout}{result.stderr}"


def corpus(folder: Path) -> str:
    cases = [(case.id, case.text.encode("utf-8")) for case in CASES] + LINT_SETTINGS + UNREADABLE
    return "\n".join(refusal(folder, name, content) for name, content in cases)


def test_every_refusal_is_the_one_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = corpus(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(outputs, encoding="utf-8")
    assert outputs == EXPECTED.read_text(encoding="utf-8"), (
        f"a refusal differs from {EXPECTED.name}; if the change is intended run "
        "UPDATE_GOLDEN=1 pytest tests/register/test_bad_input_corpus.py and review the diff"
    )
    # Every input was run, and each is refused as an invalid register, none by a crash.
    exits = [line for line in outputs.splitlines() if line.startswith("exit ")]
    assert exits == ["exit 1"] * (len(CASES) + len(LINT_SETTINGS) + len(UNREADABLE))
    assert "Traceback" not in outputs
