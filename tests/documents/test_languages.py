"""Languages: the three rekisteri ships, and a fourth added with catalogs alone (``--templates``).

A declared language is checked when the register is loaded: one without catalogs, or whose
catalogs leave a message untranslated, is a schema error at ``notice.languages``, so no later
command (``validate`` included) fails on a catalog. With complete catalogs in a user's folder,
every document renders in the new language through the README's commands.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader
from typer.testing import CliRunner

from rekisteri import load_register
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.resources import catalog_domains

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio"
ENGLISH = ROOT / "templates" / "locale" / "en" / "LC_MESSAGES"
MARK = "[de] "

runner = CliRunner()


def german_catalogs(templates: Path, *, leave_out: str | None = None) -> Path:
    """A "German" translation of every domain, made from the English catalogs and marked so
    that its use can be seen; ``leave_out`` drops that msgid from the lint catalog."""
    folder = templates / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for source in sorted(ENGLISH.glob("*.po")):
        with source.open("rb") as handle:
            english = read_po(handle, locale="en", domain=source.stem)
        german = Catalog(locale="de", domain=source.stem)
        for message in english:
            if not message.id or (source.stem == "lint" and message.id == leave_out):
                continue
            string = message.string
            marked = (
                tuple(MARK + s for s in string)
                if isinstance(string, (tuple, list))
                else MARK + string
            )
            german.add(message.id, marked, flags=message.flags, context=message.context)
        with (folder / source.name).open("wb") as handle:
            write_po(handle, german)
    return templates


def with_german(text: str) -> str:
    """The register with German beside English: every English text copied as the German one."""
    text = re.sub(r'\ben = ("(?:[^"\\]|\\.)*")', r"en = \1, de = \1", text)
    return text.replace('languages = ["fi", "en"]', 'languages = ["fi", "en", "de"]')


@pytest.fixture
def german(tmp_path: Path, demo_store_file: Path) -> tuple[Path, Path, Path]:
    """(the modern register, the 2018 register, the templates) with German declared."""
    folder = tmp_path / "register"
    folder.mkdir()
    modern, legacy = folder / "register.toml", folder / "rekisteriseloste-2018.toml"
    for source, target in ((EXAMPLE / "register.toml", modern), (EXAMPLE / legacy.name, legacy)):
        target.write_text(with_german(source.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copyfile(demo_store_file, folder / "asiakkaat.sqlite")
    return modern, legacy, german_catalogs(tmp_path / "templates")


def run(*argv: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in argv])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_english_catalogs_name_every_domain() -> None:
    assert set(catalog_domains()) == {p.stem for p in ENGLISH.glob("*.po")}
    assert {"messages", "lint", "access", "record", "diff", "review", "running"} <= set(
        catalog_domains()
    )


def test_a_language_without_catalogs_is_a_schema_error_naming_how_to_add_it(
    german: tuple[Path, Path, Path],
) -> None:
    modern, _, templates = german
    code, output = run("validate", modern)
    assert code == 1
    assert "notice.languages[2]: no catalogs for 'de' (German) among rekisteri's own" in output
    assert "rekisteri ships fi, en and sv" in output
    assert "--templates DIR" in output
    # Nothing else is asked of the German texts while German itself cannot be written.
    assert "text is missing" not in output
    code, output = run("validate", modern, "--templates", templates)
    assert (code, "kielet fi, en, de" in output) == (0, True), output


def test_a_catalog_with_a_gap_is_refused_at_load(tmp_path: Path) -> None:
    register = tmp_path / "register.toml"
    register.write_text(
        with_german((EXAMPLE / "register.toml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    templates = german_catalogs(tmp_path / "templates", leave_out="error")
    with pytest.raises(RekisteriError) as raised:
        load_register(register, templates=templates)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.path == "notice.languages[2]"
    assert diagnostic.message == (
        f"the catalog {templates}/locale/de/LC_MESSAGES/lint.po has no 'de' translation "
        "for 1 message: 'error'"
    )
    assert diagnostic.line == 12


def test_a_code_that_is_no_language_is_refused(tmp_path: Path) -> None:
    register = tmp_path / "register.toml"
    text = (EXAMPLE / "register.toml").read_text(encoding="utf-8")
    register.write_text(text.replace('languages = ["fi", "en"]', 'languages = ["fi", "zz"]'))
    code, output = run("validate", register)
    assert code == 1
    assert "notice.languages[1]: 'zz' is not a language code (ISO 639)" in output
    register.write_text(text.replace('languages = ["fi", "en"]', 'languages = ["fi", "Svenska"]'))
    code, output = run("validate", register)
    assert (code, "notice.languages[1]" in output) == (1, True), output


def test_every_document_renders_in_a_fourth_language(
    german: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    modern, legacy, templates = german
    options = ("--templates", templates)
    layouts = (
        (modern, "tietosuojaseloste", "15. Januar 2024"),
        (legacy, "rekisteriseloste-2018", "24. Mai 2018"),
    )
    for register, slug, updated in layouts:
        out = tmp_path / slug
        code, output = run("render", register, "-o", out, "--lang", "de", *options)
        assert code == 0, output
        page = (out / f"{slug}.de.html").read_text(encoding="utf-8")
        assert '<html lang="de">' in page
        assert updated in page  # Babel's German dates come with the code "de"
        assert MARK in page
        assert PdfReader(out / f"{slug}.de.pdf").trailer["/Root"]["/Lang"] == "de"

    code, output = run("lint", modern, "--lang", "de", *options)
    assert MARK in output, output

    code, output = run("diff", legacy, modern, "--lang", "de", *options)
    assert (code, MARK in output) == (0, True), output

    record = tmp_path / "record"
    code, output = run("record", modern, "-o", record, "--lang", "de", *options)
    assert code == 0, output
    assert MARK in (record / "seloste-kasittelytoimista.de.html").read_text(encoding="utf-8")

    bundle = tmp_path / "bundle"
    client = _first_client(modern.with_name("asiakkaat.sqlite"))
    code, output = run(
        "access",
        modern,
        "--id",
        client,
        "-o",
        bundle,
        "--lang",
        "de",
        "--format",
        "html",
        "--release",
        "health",
        *options,
    )
    assert code == 0, output
    [report] = bundle.glob("*.de.html")
    assert '<html lang="de">' in report.read_text(encoding="utf-8")
    assert MARK in report.read_text(encoding="utf-8")

    # The running commands load the register with the same catalogs.
    code, output = run("store", "check", modern, "--lang", "de", *options)
    assert MARK in output, output
    code, output = run("retention", modern, "--as-of", "2030-01-01", "--lang", "de", *options)
    assert (code, MARK in output) == (0, True), output
    code, output = run("marketing", modern, "--channel", "email", *options)
    assert code == 0, output


def _first_client(store: Path) -> str:
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        (client,) = connection.execute("SELECT MIN(id) FROM clients").fetchone()
    finally:
        connection.close()
    return str(client)
