"""Swedish, Finland's second national language, in every document: the bilingual club example.

- Golden files (the text a reader sees) of the Swedish notice in both layouts and of a member's
  Swedish access report, so that a change to a Swedish sentence is reviewed as a diff.
- No English from the English catalogs appears in any Swedish (or Finnish) output: notice,
  short notice, access report, letter, record, diff and lint text.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader
from typer.testing import CliRunner

from page_text import visible_text
from rekisteri.cli import app
from rekisteri.lint import format_text, lint_register
from rekisteri.notice.changes import described
from rekisteri.notice.changes import format_text as diff_text
from rekisteri.notice.group_notice import group_register
from rekisteri.notice.publish import publish
from rekisteri.notice.render import render_html, render_pdf
from rekisteri.register.loading import load_register, parse_register
from rekisteri.register.model import Layout, Register
from store_fixtures import copy_club

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "sv"
LOCALE = ROOT / "templates" / "locale"
MEMBER = "elsa.holmstrom@example.com"

runner = CliRunner()


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The club's register with its member store built beside it, in a temporary folder."""
    return copy_club(tmp_path_factory.mktemp("club"))


@pytest.fixture(scope="module")
def register(club: Path) -> Register:
    return load_register(club)


def legacy(register: Register) -> Register:
    """The club's register drawn up in the 2018 layout (registerbeskrivning)."""
    notice = register.notice.model_copy(update={"layout": Layout.REKISTERISELOSTE})
    return register.model_copy(update={"notice": notice})


@pytest.fixture(scope="module")
def bundle(club: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "access"
    result = runner.invoke(
        app,
        [*("access", str(club), "--email", MEMBER, "-o", str(out)), "--ref", "GIF-2026-7"],
        env={"SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def letter(club: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The letter to someone the store holds nothing about."""
    out = tmp_path_factory.mktemp("letter") / "access"
    result = runner.invoke(
        app,
        ["access", str(club), "--email", "nobody@example.org", "-o", str(out), "--format", "html"],
    )
    assert result.exit_code == 0, result.output
    return out


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if intended run UPDATE_GOLDEN=1 pytest {__file__}"
    )


# --- golden files -------------------------------------------------------------------------


def test_the_swedish_notice_reads_as_committed(register: Register) -> None:
    text = visible_text(render_html(register, "sv"))
    assert text.splitlines()[:6] == [
        "Hoppa till innehållet",
        "Grankulla Idrottsförening rf",
        "svenska",
        "suomi",
        "English",
        "Dataskyddsbeskrivning",
    ]
    # The Ombudsman as on its own Swedish page (tietosuoja.fi/sv/kontaktuppgifter).
    assert "Dataombudsmannens byrå" in text
    assert "Fågelviksgränden 4, 00530 Helsingfors" in text
    assert "PB 800, 00531 Helsingfors" in text
    assert "029 566 6700" in text
    # The club's own address in Swedish; the Finnish page has the Finnish one.
    assert "Stationsvägen 5, 02700 Grankulla" in text
    assert "Asematie 5, 02700 Kauniainen" in visible_text(render_html(register, "fi"))
    check_golden("dataskyddsbeskrivning.sv.txt", text)


def test_the_swedish_register_description_reads_as_committed(register: Register) -> None:
    text = visible_text(render_html(legacy(register), "sv"))
    assert "Registerbeskrivning" in text
    assert "Personuppgiftsansvarig" in text
    check_golden("registerbeskrivning.sv.txt", text)


def test_the_swedish_access_report_reads_as_committed(bundle: Path) -> None:
    [report] = [p for p in bundle.glob("*.sv.html") if "letter" not in p.name]
    text = visible_text(report.read_text(encoding="utf-8"))
    assert "Elsa Holmström" in text
    # A club has members and guardians: the report's own notes speak of no client or relative.
    assert not re.search(r"\b(kund|anhörig)", text), re.findall(r".*\b(?:kund|anhörig).*", text)
    check_golden("access-report.sv.txt", text)
    # The PDFs say which language they are in, for screen readers (PDF/UA).
    languages = {pdf.name: PdfReader(pdf).trailer["/Root"]["/Lang"] for pdf in bundle.glob("*.pdf")}
    assert languages and all(lang == pdf.split(".")[-2] for pdf, lang in languages.items())
    assert "sv" in languages.values()


def test_the_swedish_notice_pdf_says_it_is_swedish(register: Register) -> None:
    pdf = render_pdf(register, "sv")
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "sv"


def test_the_swedish_dates_are_written_as_in_finland(register: Register) -> None:
    text = visible_text(render_html(register, "sv"))
    updated = register.notice.updated
    assert updated is not None
    months = "januari februari mars april maj juni juli augusti september oktober november december"
    assert f"{updated.day} {months.split()[updated.month - 1]} {updated.year}" in text


# --- no English in a Swedish or Finnish document ---------------------------------------------


@cache
def english_phrases() -> frozenset[str]:
    """Every run of three or more words in the English catalogs that is not also written, word
    for word, in the Swedish and Finnish ones (a name such as "MyData" may be)."""
    other = " ".join(_catalog_strings("sv") + _catalog_strings("fi"))
    found = set()
    for text in _catalog_strings("en"):
        for piece in re.split(r"%\(\w+\)[sdif]|<[^>]+>|[“”\"'‘’(),;:.!?]", text):
            words = piece.split()
            if len(words) >= 3 and " ".join(words) not in other:
                found.add(" ".join(words))
    return frozenset(found)


def _catalog_strings(lang: str) -> list[str]:
    strings: list[str] = []
    for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=path.stem)
        for message in catalog:
            if message.id:
                value = message.string
                strings += list(value) if isinstance(value, (tuple, list)) else [str(value)]
    return strings


def test_the_english_phrases_are_many_and_found_in_english_text(register: Register) -> None:
    # The check below could pass by finding nothing to look for.
    assert len(english_phrases()) > 500
    english = visible_text(render_html(register, "en"))
    assert any(phrase in english for phrase in english_phrases())


WEAK = """\
schema_version = 2
name = { sv = "Kundregister", fi = "Asiakasrekisteri", en = "Client register" }

[notice]
languages = ["sv", "fi", "en"]

[controller]
name = "Ab Test"
email = "test@example.fi"

[[purposes]]
id = "care"
name = { sv = "Vård", fi = "Hoito", en = "Care" }

[[data_categories]]
id = "contact"
name = { sv = "Kontaktuppgifter", fi = "Yhteystiedot", en = "Contact details" }
purposes = ["care"]
"""


def outputs(
    register: Register, bundle: Path, letter: Path, record: Path, lang: str
) -> Iterator[tuple[str, str]]:
    yield "notice", visible_text(render_html(register, lang))
    yield "register description", visible_text(render_html(legacy(register), lang))
    for group in register.data_subjects:
        yield (
            f"{group.id} notice",
            visible_text(render_html(group_register(register, group.id), lang)),
        )
    for page in sorted([*bundle.glob(f"*.{lang}.html"), *letter.glob(f"*.{lang}.html")]):
        yield page.name, visible_text(page.read_text(encoding="utf-8"))
    for page in sorted(record.glob(f"*.{lang}.html")):
        yield page.name, visible_text(page.read_text(encoding="utf-8"))
    weak = parse_register(WEAK)
    yield "lint", format_text(lint_register(weak, lang))
    yield "diff", diff_text(described(weak, register, lang), lang)


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_no_english_text_appears_in_a_swedish_or_finnish_document(
    register: Register, bundle: Path, letter: Path, tmp_path: Path, lang: str
) -> None:
    record = tmp_path / "record"
    result = runner.invoke(
        app, ["record", str(register.source_path), "-o", str(record), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    seen = {name: text for name, text in outputs(register, bundle, letter, record, lang)}
    assert {"notice", "lint", "diff"} <= set(seen) and len(seen) >= 8, sorted(seen)
    english = {
        name: sorted(phrase for phrase in english_phrases() if phrase in text)
        for name, text in seen.items()
    }
    assert {name: found for name, found in english.items() if found} == {}


# --- every command that prints text speaks Swedish; a language the notice lacks is refused ---


def test_every_command_that_prints_text_speaks_swedish(club: Path, tmp_path: Path) -> None:
    register = tmp_path / "register.toml"
    shutil.copyfile(club, register)
    shutil.copyfile(club.with_name("medlemmar.sqlite"), tmp_path / "medlemmar.sqlite")
    commands = [
        ["validate", register],
        ["lint", register],
        ["requests", "add", register, "--type", "access", "--subject", MEMBER],
        ["requests", "add", register, "--type", "erasure", "--subject", "Ola"],
        ["requests", "list", register],
        ["requests", "verify", register],
        ["retention", register],
    ]
    printed = {}
    for argv in commands:
        received = ["--received", "2026-11-20"] if argv[:2] == ["requests", "add"] else []
        result = runner.invoke(app, [*map(str, argv), *received, "--lang", "sv"])
        assert result.exit_code == 0, (argv, result.output)
        printed[" ".join(map(str, argv[:2]))] = result.output
    found = {
        command: sorted(phrase for phrase in english_phrases() if phrase in text)
        for command, text in printed.items()
    }
    assert {command: phrases for command, phrases in found.items() if phrases} == {}


SWEDISH_ONLY = re.sub(r", fi = \"[^\"]*\", en = \"[^\"]*\"", "", WEAK).replace(
    'languages = ["sv", "fi", "en"]', 'languages = ["sv"]'
)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["lint"],
        ["render", "-o", "{out}"],
        ["record", "-o", "{out}"],
        ["requests", "list"],
    ],
    ids=lambda argv: argv[0] if argv[0] != "requests" else "requests list",
)
def test_a_swedish_only_register_asked_for_finnish_is_a_located_error(
    tmp_path: Path, argv: list[str]
) -> None:
    register = tmp_path / "register.toml"
    register.write_text(SWEDISH_ONLY, encoding="utf-8")
    out = tmp_path / "out"
    words = [w.replace("{out}", str(out)) for w in argv]
    at = 2 if words[0] == "requests" else 1
    result = runner.invoke(app, [*words[:at], str(register), *words[at:], "--lang", "fi"])
    assert result.exit_code == 1, result.output
    assert f"{register}:5:1: notice.languages: the notice is written in sv, not in 'fi'" in (
        result.output
    )
    assert not out.exists()


def test_each_document_names_the_controller_in_its_own_language(
    register: Register, bundle: Path, tmp_path: Path
) -> None:
    finnish, swedish = "Kauniaisten Urheiluseura ry", "Grankulla Idrottsförening rf"
    [report] = [p for p in bundle.glob("*.fi.html") if "letter" not in p.name]
    page = report.read_text(encoding="utf-8")
    assert f"<title>Jäljennös henkilötiedoistasi – {finnish}</title>" in page
    assert swedish not in visible_text(page)

    site = tmp_path / "site"
    publish(register, site, pdf=False)
    assert swedish not in visible_text((site / "versions.fi.html").read_text(encoding="utf-8"))
    assert finnish in visible_text((site / "versions.fi.html").read_text(encoding="utf-8"))


def test_init_fi_sv_writes_a_register_that_validates_and_renders(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    result = runner.invoke(
        app,
        [
            *("init", str(path), "--no-input", "--controller", "Ab Exempel Oy"),
            *("--contact", "Anna Lind", "--email", "anna@example.fi", "--languages", "fi,sv"),
        ],
    )
    assert result.exit_code == 0, result.output
    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 0, validated.output
    out = tmp_path / "out"
    rendered = runner.invoke(app, ["render", str(path), "-o", str(out), "--format", "html"])
    assert rendered.exit_code == 0, rendered.output
    page = visible_text((out / "register.sv.html").read_text(encoding="utf-8"))
    assert "Dataskyddsbeskrivning" in page and "Ab Exempel Oy kundregister" in page


def test_swedish_numbers_and_money_are_written_as_in_finland() -> None:
    from decimal import Decimal

    from rekisteri.documents.i18n import NBSP, format_money, format_number

    # sv_FI: a space groups the thousands, a comma separates the decimals, € after the sum.
    assert format_money(Decimal("1234.5"), "sv") == f"1{NBSP}234,50{NBSP}€"
    assert format_number(Decimal("1234.5"), "sv") == f"1{NBSP}234,5"
