"""`rekisteri access` and `rekisteri store check` as a person types them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from rekisteri.cli import app
from store_fixtures import RELEASE_CLI, file_digest

LIGHT = ["--format", "html,json,csv"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.output


def test_access_by_email_writes_a_bundle(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "aino"
    code, output = run(
        "access", demo_path, "--email", "Aino.Virtanen@example.com", "-o", out, *LIGHT,
        *RELEASE_CLI,
    )  # fmt: skip
    assert code == 0, output
    assert f"kirjoitettu: {out}" in output  # the example writes Finnish first
    assert json.loads((out / "data.json").read_text(encoding="utf-8"))["subject"]["key"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_the_status_lines_speak_the_language_lang_names_first(
    demo_path: Path, tmp_path: Path
) -> None:
    """As the README says: what a command reports of its own work is in the register's default
    language unless --lang names another of its languages."""
    email = ["--email", "aino.virtanen@example.com"]
    code, output = run("access", demo_path, *email, "-o", tmp_path / "en", "--lang", "en", *LIGHT,
                       *RELEASE_CLI)  # fmt: skip
    assert code == 0, output
    assert f"wrote {tmp_path / 'en'} (bundle;" in output
    assert "released after review: health" in output
    assert "kirjoitettu" not in output
    code, output = run("access", demo_path, *email, "-o", tmp_path / "fi", "--lang", "fi,en",
                       *LIGHT, *RELEASE_CLI)  # fmt: skip
    assert code == 0, output
    assert f"kirjoitettu: {tmp_path / 'fi'}" in output


def test_several_matches_exit_3_and_list_the_candidates(demo_path: Path, tmp_path: Path) -> None:
    code, output = run("access", demo_path, "--phone", "019 456 7788", "-o", tmp_path / "b")
    assert code == 3
    assert "--id 3" in output and "--id 4" in output
    assert "Traceback" not in output
    assert not (tmp_path / "b").exists()
    code, output = run("access", demo_path, "--id", "4", "-o", tmp_path / "b", *LIGHT, *RELEASE_CLI)
    assert code == 0, output


def test_no_match_exits_0_with_the_letter(demo_path: Path, tmp_path: Path) -> None:
    code, output = run(
        "access", demo_path, "--hetu", "010101-123N", "-o", tmp_path / "letter", *LIGHT
    )
    assert code == 0, output
    assert "henkilöstä ei löytynyt henkilötietoja" in output
    assert (tmp_path / "letter" / "report.fi.html").is_file()


def test_languages_formats_zip_and_reference(demo_path: Path, tmp_path: Path) -> None:
    code, output = run(
        "access", demo_path, "--name", "Päivi Karjalainen", "--birth-date", "1983-04-02",
        "-o", tmp_path / "p", "--lang", "en", "--format", "json,html", "--zip", "--ref", "R-9",
        *RELEASE_CLI,
    )  # fmt: skip
    assert code == 0, output
    assert (tmp_path / "p.zip").is_file() and not (tmp_path / "p").exists()
    import zipfile

    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert sorted(archive.namelist()) == [
            "p/SHA256SUMS",
            "p/data.json",
            "p/manifest.json",
            "p/portable.json",
            "p/report.en.html",
        ]
        assert json.loads(archive.read("p/manifest.json"))["request_reference"] == "R-9"


def test_encrypt_reads_the_passphrase_from_the_environment_only(
    demo_path: Path, tmp_path: Path
) -> None:
    code, output = run(
        "access", demo_path, "--id", "2", "-o", tmp_path / "x", "--format", "json", "--zip",
        "--passphrase", "secret-secret",
    )  # fmt: skip
    assert code == 2  # no such option: a passphrase never goes on the command line
    env = {**os.environ, "REKISTERI_PASSPHRASE": ""}
    code, output = run(
        "access", demo_path, "--id", "2", "-o", tmp_path / "x", "--format", "json", "--zip",
        "--encrypt", env=env,
    )  # fmt: skip
    assert code == 1 and "REKISTERI_PASSPHRASE" in output
    env["REKISTERI_PASSPHRASE"] = "correct horse battery"
    code, output = run(
        "access", demo_path, "--id", "2", "-o", tmp_path / "x", "--format", "json", "--zip",
        "--encrypt", *RELEASE_CLI, env=env,
    )  # fmt: skip
    assert code == 0, output
    import pyzipper

    with pyzipper.AESZipFile(tmp_path / "x.zip") as archive:
        archive.setpassword(b"correct horse battery")
        assert json.loads(archive.read("x/data.json"))["subject"]["key"] == 2


def test_all_writes_every_bundle_and_resumes(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    code, output = run("access", demo_path, "--all", "-o", out, "--format", "json", *RELEASE_CLI)
    assert code == 0, output
    assert "kirjoitettu 20 pakettia" in output
    code, output = run("access", demo_path, "--all", "-o", out, "--format", "json", *RELEASE_CLI)
    assert code == 0 and "ohitettu 20" in output


def test_bad_input_is_a_message_not_a_traceback(demo_path: Path, tmp_path: Path) -> None:
    for args, exit_code in (
        (["--email", "a@example.com", "--phone", "0451234567"], 2),  # a usage error
        (["--hetu", "131052-308X"], 1),
        (["--id", "1", "--format", "docx"], 2),  # a usage error
        (["--id", "1", "--lang", "sv"], 1),
    ):
        code, output = run("access", demo_path, *args, "-o", tmp_path / "b")
        assert code == exit_code, (args, output)
        assert "Traceback" not in output
    (tmp_path / "exists").mkdir()
    code, output = run("access", demo_path, "--id", "1", "-o", tmp_path / "exists", *LIGHT)
    assert code == 1 and "never overwrites" in output


def test_store_check_exit_codes(demo_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    before = file_digest(database)
    code, output = run("store", "check", demo_path)
    assert code == 0, output
    assert "kunnossa: tietovarasto vastaa rekisterin tietoryhmiä" in output
    code, output = run("store", "check", demo_path, "--format", "json")
    assert code == 0 and json.loads(output)["drift"] is False
    import sqlite3

    connection = sqlite3.connect(database)
    connection.execute("ALTER TABLE clients ADD COLUMN allergies TEXT")
    connection.commit()
    connection.close()
    code, output = run("store", "check", demo_path)
    assert code == 1
    assert "clients.allergies" in output
    assert file_digest(database) != before  # the test changed it; the command did not


def test_commands_leave_the_store_untouched(demo_path: Path, tmp_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    before = file_digest(database)
    run("access", demo_path, "--id", "5", "-o", tmp_path / "a", *LIGHT, *RELEASE_CLI)
    run("access", demo_path, "--phone", "019 456 7788", "-o", tmp_path / "b")
    run("access", demo_path, "--all", "-o", tmp_path / "c", "--format", "json", *RELEASE_CLI)
    run("store", "check", demo_path)
    assert file_digest(database) == before


def test_help_documents_every_flag() -> None:
    code, output = run("access", "--help")
    assert code == 0
    for flag in (
        "--email", "--phone", "--hetu", "--id", "--name", "--birth-date", "--all", "--lang",
        "--format", "--zip", "--encrypt", "--ref", "--templates", "REKISTERI_PASSPHRASE",
        "--review", "--release", "--withhold", "--reason", "--ground",
    ):  # fmt: skip
        assert flag in output, flag


def test_a_store_that_would_mix_people_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    from test_store import MIXING, MIXING_TABLES

    from store_fixtures import MINIMAL, build_sqlite

    register = tmp_path / "register.toml"
    register.write_text(MINIMAL + "\n" + MIXING, encoding="utf-8")
    build_sqlite(tmp_path / "store.sqlite", MIXING_TABLES)
    for args in (["--email", "anna@example.com"], ["--all"]):
        out = tmp_path / "out"
        code, output = run("access", register, *args, "-o", out, *LIGHT)
        assert code == 1, output
        assert "Traceback" not in output
        assert "store.subject.key" in output and "not unique" in output
        assert not out.exists() or not any(out.iterdir())
    code, output = run("store", "check", register)
    assert code == 1
    assert "fans out" in output and "ok:" not in output


def test_a_next_of_kin_gets_a_bundle_not_the_no_data_letter(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "raija"
    code, output = run("access", demo_path, "--phone", "044 515 6061", "-o", out, *LIGHT)
    assert code == 0, output
    assert "henkilöstä ei löytynyt henkilötietoja" not in output
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert data["subject"]["group"] == "next-of-kin"
    assert "Ville" not in (out / "report.fi.html").read_text(encoding="utf-8")


def test_a_phone_two_groups_share_exits_3_until_a_group_is_chosen(
    demo_path: Path, tmp_path: Path
) -> None:
    code, output = run("access", demo_path, "--phone", "019 432 1100", "-o", tmp_path / "a")
    assert code == 3
    assert "--id 11" in output and "--group next-of-kin --id 4" in output
    assert not (tmp_path / "a").exists()
    code, output = run(
        "access", demo_path, "--phone", "019 432 1100", "--group", "next-of-kin",
        "-o", tmp_path / "a", *LIGHT,
    )  # fmt: skip
    assert code == 0, output
    code, output = run("access", demo_path, "--id", "1", "--group", "kin", "-o", tmp_path / "b")
    assert code == 1 and "no data-subject group 'kin'" in output and "next-of-kin" in output
