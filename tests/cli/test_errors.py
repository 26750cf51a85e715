"""The CLI's error wrapper: library errors in the command line's words, and their exit codes.

The library names the values it was given in domain terms; these tests hold the CLI's texts to
what they were when the library still spelled the options itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rekisteri.access.bundle import AccessResult, read_passphrase
from rekisteri.access.collect import AmbiguousSubject, Candidate, identify
from rekisteri.access.store import StoreReport
from rekisteri.cli.errors import as_shown, exit_code, option
from rekisteri.documents.templating import TemplatesNotFound
from rekisteri.errors import Input, Phrased, RekisteriError
from rekisteri.operations import requests as rq
from rekisteri.output import OutputExists, refuse_existing
from rekisteri.register.loading import EmptyRegister, load_register
from rekisteri.register.starter import AnswerRejected, RegisterExists, StarterAnswers, write_starter


def _shown(error: RekisteriError) -> str:
    return str(as_shown(error))


def test_an_input_is_named_by_its_option() -> None:
    assert option(Input("subject_id", "the key")) == "--id"
    assert option(Input("told_on", "the day told")) == "--told-on"
    assert option(Input("zip_", "a zip")) == "--zip"
    assert option(Input("passphrase", "encrypting")) == "--encrypt"
    assert option(Input("log", "the log's path", placeholder="PATH")) == "--log PATH"


def test_library_errors_read_as_before_on_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(RekisteriError) as caught:
        identify(email="a@example.com", phone="0451234567")
    assert "--" not in str(caught.value)
    assert _shown(caught.value) == (
        "name the person with exactly one of --email, --phone, --hetu, --id, "
        "or --name with --birth-date (got --email, --phone)"
    )
    with pytest.raises(RekisteriError) as caught:
        identify(name="Aino")
    assert _shown(caught.value) == (
        "a name alone does not identify a person; give --birth-date YYYY-MM-DD with --name"
    )
    with pytest.raises(RekisteriError) as caught:
        rq.add_request(tmp_path / "log", type="access", subject="A", received="2999-01-01")
    assert str(caught.value).startswith("the day received 2999-01-01 is in the future")
    assert _shown(caught.value).startswith("--received 2999-01-01 is in the future (today is ")
    with pytest.raises(RekisteriError) as caught:
        rq.log_path(tmp_path / "nope.toml")
    assert _shown(caught.value) == (
        f"{tmp_path / 'nope.toml'}: no such register file; the request log is kept beside the "
        "register (or give --log PATH)"
    )
    with pytest.raises(RekisteriError) as caught:
        read_passphrase(None)
    assert _shown(caught.value).startswith("--encrypt needs a passphrase: set REKISTERI_PASSPHRASE")


def test_typed_outcomes_are_worded_by_the_cli(tmp_path: Path) -> None:
    existing = tmp_path / "a.html"
    existing.write_text("")
    with pytest.raises(OutputExists) as caught:
        refuse_existing([existing], force=False)
    assert str(caught.value) == f"{existing}: already exists; replace it explicitly"
    assert _shown(caught.value) == f"{existing}: already exists; use --force to replace"
    log = tmp_path / "other.sqlite"
    assert _shown(rq.NotARequestLog("", path=log)) == (
        f"{log}: this SQLite file is not a rekisteri request log; it is left untouched\n"
        "    hint: give another file with --log, or move this one away"
    )
    missing = TemplatesNotFound.at(tmp_path, "the templates folder does not exist", hint="x")
    assert (
        _shown(missing)
        == f"{tmp_path}: the templates folder does not exist\n    hint: check --templates"
    )


def test_init_and_empty_file_messages_name_the_command_only_through_the_cli(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.toml"
    path.write_text("# mine\n", encoding="utf-8")
    answers = StarterAnswers(controller="Tmi A", contact="A", email="a@example.fi")
    with pytest.raises(RegisterExists) as caught:
        write_starter(path, answers)
    assert "rekisteri" not in str(caught.value)
    assert (
        _shown(caught.value)
        == f"{path}: already exists; rekisteri init never overwrites a register"
    )
    answers.email = "a.example.fi"
    with pytest.raises(AnswerRejected) as rejected:
        write_starter(tmp_path / "new.toml", answers)
    assert all("rekisteri" not in d.hint for d in rejected.value.diagnostics)
    assert _shown(rejected.value).endswith(
        "hint: nothing was written; correct the answer and run rekisteri init again"
    )
    path.write_text("", encoding="utf-8")
    with pytest.raises(EmptyRegister) as empty:
        load_register(path)
    assert _shown(empty.value) == (
        f"{path}: the file is empty\n    hint: run 'rekisteri init' to write a starter register"
    )


def test_several_matches_exit_3_and_everything_else_1() -> None:
    ambiguous = AmbiguousSubject(
        "",
        candidates=(
            Candidate(11, "Marja", "…100", group="clients"),
            Candidate(4, "Seppo", "…100", group="next-of-kin", primary=False),
        ),
        matched="phone '…100'",
    )
    assert exit_code(ambiguous) == 3
    assert exit_code(RekisteriError("bad input")) == 1
    assert _shown(ambiguous) == (
        "2 subjects match phone '…100':\n"
        "  --id 11  Marja  …100\n"
        "  --group next-of-kin --id 4  Seppo  …100  [next-of-kin]\n"
        "    hint: run the command again with the --id (and --group) of the right one"
    )


def test_warnings_and_reports_name_options_only_through_the_cli(tmp_path: Path) -> None:
    warning = Phrased("Use ", Input("zip_", "a zip"), " with ", Input("passphrase", "encryption"))
    result = AccessResult(path=tmp_path, found=True, warnings=[warning])
    assert result.summary().endswith("warning: Use a zip with encryption")
    assert result.summary(option).endswith("warning: Use --zip with --encrypt")
    report = StoreReport(store="s", tables=1, subjects=2, unreachable_subjects=2)
    assert "only their key can find them" in report.format_text()
    assert "only --id can find them" in report.format_text(option)
