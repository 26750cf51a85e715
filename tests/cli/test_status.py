"""What commands say about their own work (domain "status") in each language of the register.

The summary of `validate`, what `access` wrote, the store check, the review steps and the
marketing and feedback summaries speak the register's default language (or ``--lang``), as the
lint does; the catalog holds exactly the messages the code uses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from rekisteri.access.review import SECTION
from rekisteri.cli import app
from rekisteri.resources import templates_dir
from store_fixtures import copy_club

ROOT = Path(__file__).resolve().parents[2]
STATUS_SOURCES = (
    "src/rekisteri/cli/commands.py",
    "src/rekisteri/access/bundle.py",
    "src/rekisteri/access/store.py",
    "src/rekisteri/operations/marketing.py",
    "src/rekisteri/operations/feedback.py",
    "src/rekisteri/register/checks.py",
)
runner = CliRunner()


def catalog_ids(lang: str, domain: str) -> set[str]:
    with (templates_dir() / "locale" / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        catalog = read_po(f, locale=lang, domain=domain, abort_invalid=True)
    return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def status_messages() -> set[str]:
    found = {
        message if isinstance(message, str) else message[0]
        for source in STATUS_SOURCES
        for _line, message, _comments, _context in extract_from_file("python", ROOT / source)
    }
    # bundle.py also draws the review copy (domain "review"); the section it cites is a
    # constant passed to the status catalog.
    return (found - catalog_ids("en", "review")) | {SECTION}


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_the_status_catalog_holds_what_the_code_says(lang: str) -> None:
    assert catalog_ids(lang, "status") == status_messages()


@pytest.fixture
def club(tmp_path: Path) -> Path:
    return copy_club(tmp_path)


def run(*argv: object) -> str:
    result = runner.invoke(app, [str(a) for a in argv])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_commands_report_in_the_registers_own_language(club: Path, tmp_path: Path) -> None:
    # The club writes Swedish first: its commands answer in Swedish unless --lang says otherwise.
    assert (
        f"{club}: giltigt register ”Medlemsregister” "
        "(6 ändamål, 9 uppgiftsgrupper; språk sv, fi, en)" in run("validate", club)
    )
    assert "varning: " in run("validate", club)
    assert (
        f"{club}: kelvollinen rekisteri ”Jäsenrekisteri” "
        "(6 käsittelyn tarkoitusta, 9 tietoryhmää; kielet sv, fi, en)"
        in run("validate", club, "--lang", "fi")
    )
    assert "ok: datalagret motsvarar registrets uppgiftsgrupper" in run("store", "check", club)
    assert "kunnossa: tietovarasto vastaa rekisterin tietoryhmiä" in run(
        "store", "check", club, "--lang", "fi"
    )
    out = tmp_path / "bundle"
    written = run("access", club, "--email", "elsa.holmstrom@example.com", "-o", out)
    assert written.startswith(f"skrev {out} (paket; ")


def test_the_finnish_example_reports_in_finnish(demo_path: Path, tmp_path: Path) -> None:
    summary = runner.invoke(app, ["marketing", str(demo_path), "--channel", "email"]).stderr
    assert summary.startswith("email: yhteyttä saa ottaa: "), summary
    out = tmp_path / "bundle"
    written = run("access", demo_path, "--email", "nobody@example.org", "-o", out)
    assert written.startswith(f"kirjoitettu: {out} (kirje: henkilöstä ei löytynyt henkilötietoja; ")
