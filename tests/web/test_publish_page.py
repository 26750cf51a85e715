"""Publishing from the app (issue 18, item 4): the folder, what changed since the published
version with the changes the data subjects must be told of first, and publishing through the
same function as `rekisteri publish`, with its refusals."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from web_client import Answer, Browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"

NEW_PURPOSE = """
[[purposes]]
id = "newsletter"
name = { fi = "Uutiskirje", en = "Newsletter" }
legal_basis = "consent"
requirement = "voluntary"
consequences = { fi = "Et saa uutiskirjettä.", en = "You receive no newsletter." }
"""


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def browser(register: Path) -> Browser:
    return Browser(register)


def publish(browser: Browser) -> Answer:
    return browser.request("POST", "/publish", form={"csrf": browser.session.csrf})


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_first_publication_writes_what_rekisteri_publish_writes(
    browser: Browser, register: Path, tmp_path: Path
) -> None:
    page = browser.request("GET", "/publish")
    assert page.status == 200
    assert str(register.parent / "site") in page.text
    assert "Nothing has been published into this folder yet" in page.text
    answer = publish(browser)
    assert answer.status == 303 and answer.headers["location"].startswith("/publish?written=")
    by_app = files(register.parent / "site")
    assert "tietosuojaseloste.fi.html" in by_app and "tietosuojaseloste.en.pdf" in by_app
    cli = CliRunner().invoke(app, ["publish", str(register), "-o", str(tmp_path / "cli")])
    assert cli.exit_code == 0, cli.output
    assert by_app == files(tmp_path / "cli")
    done = browser.request("GET", answer.headers["location"].split("#")[0])
    assert f"Published: {len(by_app)} files written." in done.text
    # Publishing again writes nothing, and says so.
    again = publish(browser)
    assert again.headers["location"] == "/publish?written=0#status"
    assert "nothing was written" in browser.request("GET", "/publish?written=0").text
    assert files(register.parent / "site") == by_app


def test_the_changes_since_the_published_version_are_said_with_what_to_tell_first(
    browser: Browser, register: Path
) -> None:
    assert publish(browser).status == 303
    text = register.read_text(encoding="utf-8").replace('version = "2024-1"', 'version = "2025-1"')
    register.write_text(text + NEW_PURPOSE, encoding="utf-8")
    page = browser.request("GET", "/publish").text
    assert "What changed since the published version" in page
    assert "1 change must be told to the data subjects before it takes effect" in page
    # The sentences are in the register's language nearest the interface's (en here).
    assert "Newsletter" in page


def test_a_changed_notice_under_the_published_version_is_refused_and_nothing_written(
    browser: Browser, register: Path
) -> None:
    assert publish(browser).status == 303
    site = register.parent / "site"
    before = files(site)
    data = tomllib.loads(register.read_text(encoding="utf-8"))
    assert data["notice"]["version"] == "2024-1"
    register.write_text(register.read_text(encoding="utf-8") + NEW_PURPOSE, encoding="utf-8")
    answer = publish(browser)
    assert answer.status == 400
    assert "Nothing was published." in answer.text
    assert "2024-1" in answer.text
    assert files(site) == before


def test_a_register_that_cannot_be_read_is_not_offered_for_publishing(
    browser: Browser, register: Path
) -> None:
    register.write_text("[controller\n", encoding="utf-8")
    page = browser.request("GET", "/publish")
    assert "cannot be published" in page.text
    assert 'action="/publish"' not in page.text
    assert publish(browser).status == 400
    assert not (register.parent / "site").exists()
