"""Catalogs, locale formats and the completeness of the notice phrases in every shipped language.

The completeness test extracts every message the notice templates and the notice code use (Babel's
extractors, the same ones ``pybabel extract`` runs) and fails on any message that a shipped catalog
lacks, leaves empty or marks fuzzy, and on catalog entries nothing uses any more.
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from rekisteri.documents import i18n
from rekisteri.errors import RekisteriError
from rekisteri.resources import templates_dir

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("fi", "en")
# Code whose _()/N_()/gettext() phrases belong to the "messages" domain.
PYTHON_SOURCES = (
    "src/rekisteri/documents/phrases.py",
    "src/rekisteri/notice/render.py",
    "src/rekisteri/notice/sections.py",
    "src/rekisteri/notice/publish.py",
    "src/rekisteri/register/places.py",
)


def used_messages() -> dict[str, str]:
    """Every msgid the notice templates and code use, with where it is used."""
    found: dict[str, str] = {}
    notice_templates = templates_dir() / "notice"
    for filename, line, message, _comments, _context in extract_from_dir(
        str(notice_templates),
        method_map=[("**.j2", "jinja2.ext:babel_extract")],
        options_map={"**.j2": {"newstyle_gettext": "true"}},
    ):
        found.setdefault(str(message), f"templates/notice/{filename}:{line}")
    for source in PYTHON_SOURCES:
        for line, message, _comments, _context in extract_from_file("python", str(ROOT / source)):
            found.setdefault(str(message), f"{source}:{line}")
    return found


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, abort_invalid=True)


def untranslated(catalog: Catalog, msgids: dict[str, str]) -> list[str]:
    """Messages the catalog does not translate: absent, empty or fuzzy."""
    problems = []
    for msgid, where in msgids.items():
        message = catalog.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r} (used at {where})")
        elif not message.string:
            problems.append(f"empty: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    return problems


# -- completeness ------------------------------------------------------------------------------


def test_the_extraction_finds_the_phrases_of_templates_and_code() -> None:
    messages = used_messages()
    assert "Skip to content" in messages  # a template
    assert "Right of access" in messages  # notice.py via _()
    assert "Consent" in messages  # notice.py via N_()
    assert "Choose a language:" in messages  # the publish index
    assert len(messages) > 150


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_used_message_is_translated(lang: str) -> None:
    catalog = read_catalog(i18n.catalog_file(templates_dir(), lang), lang)
    problems = untranslated(catalog, used_messages())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalogs_hold_no_unused_messages(lang: str) -> None:
    catalog = read_catalog(i18n.catalog_file(templates_dir(), lang), lang)
    used = used_messages()
    unused = [m.id for m in catalog if m.id and m.id not in used]
    assert not unused, f"remove from the {lang} catalog: {unused}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_match_between_msgid_and_msgstr(lang: str) -> None:
    catalog = read_catalog(i18n.catalog_file(templates_dir(), lang), lang)
    errors = [f"{message.id!r}: {errs}" for message, errs in catalog.check()]
    assert not errors, "\n".join(errors)


def test_the_completeness_check_catches_missing_empty_and_fuzzy_messages() -> None:
    catalog = read_po(
        io.BytesIO(
            textwrap.dedent(
                """\
                msgid ""
                msgstr ""
                "Content-Type: text/plain; charset=utf-8\\n"

                msgid "Empty"
                msgstr ""

                #, fuzzy
                msgid "Fuzzy"
                msgstr "Sumea"

                msgid "Fine"
                msgstr "Hyvä"
                """
            ).encode()
        ),
        locale="fi",
    )
    wanted = {"Empty": "t", "Fuzzy": "t", "Fine": "t", "Absent": "t"}
    assert untranslated(catalog, wanted) == [
        "empty: 'Empty'",
        "fuzzy: 'Fuzzy'",
        "missing: 'Absent' (used at t)",
    ]


# -- catalogs at runtime -----------------------------------------------------------------------


def test_translations_translate() -> None:
    assert i18n.translations("fi").gettext("Privacy notice") == "Tietosuojaseloste"
    assert i18n.translations("en").gettext("Privacy notice") == "Privacy notice"


def test_translations_are_cached() -> None:
    assert i18n.translations("fi") is i18n.translations("fi")


def test_an_unknown_message_is_an_error_not_the_english_text() -> None:
    with pytest.raises(RekisteriError) as caught:
        i18n.translations("fi").gettext("No such phrase anywhere")
    message = str(caught.value)
    assert "No such phrase anywhere" in message
    assert "messages.po" in message


def test_a_missing_catalog_names_the_file_to_create() -> None:
    with pytest.raises(RekisteriError) as caught:
        i18n.translations("sv")
    expected = templates_dir() / "locale" / "sv" / "LC_MESSAGES" / "messages.po"
    assert str(expected) in str(caught.value)
    assert "create this file" in str(caught.value)


def test_a_missing_catalog_in_another_domain_names_that_domain(tmp_path: Path) -> None:
    with pytest.raises(RekisteriError, match=r"locale/fi/LC_MESSAGES/nosuchdomain\.po"):
        i18n.translations("fi", "nosuchdomain", templates=tmp_path)


def test_available_languages() -> None:
    assert i18n.available_languages() == ["en", "fi"]


def write_po(path: Path, entries: dict[str, str], *, fuzzy: tuple[str, ...] = ()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for msgid, msgstr in entries.items():
        if msgid in fuzzy:
            lines.append("#, fuzzy")
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_user_catalog_adds_a_language(tmp_path: Path) -> None:
    write_po(i18n.catalog_file(tmp_path, "sv"), {"Privacy notice": "Dataskyddsbeskrivning"})
    assert i18n.available_languages(templates=tmp_path) == ["en", "fi", "sv"]
    assert i18n.translations("sv", templates=tmp_path).gettext("Privacy notice") == (
        "Dataskyddsbeskrivning"
    )


def test_a_user_catalog_overrides_single_phrases(tmp_path: Path) -> None:
    write_po(i18n.catalog_file(tmp_path, "fi"), {"Privacy notice": "Tietosuojailmoitus"})
    catalog = i18n.translations("fi", templates=tmp_path)
    assert catalog.gettext("Privacy notice") == "Tietosuojailmoitus"
    # Everything the user did not translate comes from the built-in catalog.
    assert catalog.gettext("Right of access") == "Oikeus saada pääsy tietoihin"


def test_empty_and_fuzzy_translations_are_missing(tmp_path: Path) -> None:
    write_po(
        i18n.catalog_file(tmp_path, "sv"),
        {"Privacy notice": "", "Contents": "Innehåll", "Version": "Version"},
        fuzzy=("Contents",),
    )
    catalog = i18n.translations("sv", templates=tmp_path)
    assert catalog.gettext("Version") == "Version"
    for msgid in ("Privacy notice", "Contents"):
        with pytest.raises(RekisteriError, match="no sv translation"):
            catalog.gettext(msgid)


def test_an_edited_catalog_is_read_again(tmp_path: Path) -> None:
    po = write_po(i18n.catalog_file(tmp_path, "sv"), {"Version": "Version"})
    assert i18n.translations("sv", templates=tmp_path).gettext("Version") == "Version"
    write_po(po, {"Version": "Utgåva"})
    stat = po.stat()
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert i18n.translations("sv", templates=tmp_path).gettext("Version") == "Utgåva"


def test_a_broken_catalog_is_a_located_error(tmp_path: Path) -> None:
    po = i18n.catalog_file(tmp_path, "sv")
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "b"\nmsgid "unterminated\n', encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        i18n.translations("sv", templates=tmp_path)
    assert str(po) in str(caught.value)


def test_the_shipped_english_catalog_can_seed_a_new_language(tmp_path: Path) -> None:
    target = i18n.catalog_file(tmp_path, "sv")
    target.parent.mkdir(parents=True)
    shutil.copy(i18n.catalog_file(templates_dir(), "en"), target)
    assert i18n.translations("sv", templates=tmp_path).gettext("Right to erasure") == (
        "Right to erasure"
    )


# -- locale formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "24.5.2018"), ("en", "24 May 2018"), ("sv", "24 maj 2018")]
)
def test_format_date(lang: str, expected: str) -> None:
    assert i18n.format_date(date(2018, 5, 24), lang) == expected


@pytest.mark.parametrize(
    ("iso", "lang", "expected"),
    [
        ("P12Y", "fi", "12 vuotta"),
        ("P12Y", "en", "12 years"),
        ("P1Y6M", "fi", "1 vuosi ja 6 kuukautta"),
        ("P1Y6M", "en", "1 year and 6 months"),
        ("P1Y", "en", "1 year"),
        ("P3M", "fi", "3 kuukautta"),
        ("P2W", "en", "14 days"),
        ("P1Y2M3D", "en", "1 year, 2 months and 3 days"),
        ("PT10M", "fi", "10 minuuttia"),
        ("PT10M", "en", "10 minutes"),
        ("PT1H", "fi", "1 tunti"),
        ("P1DT12H", "fi", "1 päivä ja 12 tuntia"),
        ("P1DT12H", "en", "1 day and 12 hours"),
        ("PT1H30M15S", "en", "1 hour, 30 minutes and 15 seconds"),
    ],
)
def test_format_duration(iso: str, lang: str, expected: str) -> None:
    assert i18n.format_duration(iso, lang) == expected


def test_format_duration_refuses_what_is_not_a_period() -> None:
    with pytest.raises(RekisteriError, match="P6Y"):
        i18n.format_duration("six years", "en")


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        ("SE", "fi", "Ruotsi"),
        ("SE", "en", "Sweden"),
        ("US", "fi", "Yhdysvallat"),
        ("GB", "fi", "Iso-Britannia"),
        ("EEA", "fi", "Euroopan talousalue"),
        ("EU", "en", "European Union"),
        ("worldwide", "fi", "maailmanlaajuisesti"),
        ("unspecified", "en", "not stated"),
    ],
)
def test_country_name(code: str, lang: str, expected: str) -> None:
    assert i18n.country_name(code, lang) == expected


def test_a_region_is_named_by_the_catalog_given() -> None:
    assert i18n.country_name("EEA", "en", lambda message: f"<{message}>") == (
        "<European Economic Area>"
    )


def test_language_names_are_autonyms() -> None:
    assert [i18n.language_name(lang) for lang in ("fi", "en", "sv")] == [
        "suomi",
        "English",
        "svenska",
    ]


# -- the template environment other documents reuse --------------------------------------------


def test_environment_formats_translates_and_escapes_for_its_language() -> None:
    from rekisteri.documents.templating import environment

    template = environment("fi").from_string(
        "{{ d|format_date }} | {{ 'P1Y6M'|format_duration }} | {{ 'SE'|country_name }} | "
        "{{ _('Version') }} | {{ text }}"
    )
    rendered = template.render(d=date(2018, 5, 24), text="<b>&</b>")
    assert (
        rendered
        == "24.5.2018 | 1 vuosi ja 6 kuukautta | Ruotsi | Versio | &lt;b&gt;&amp;&lt;/b&gt;"
    )


def test_environment_for_another_domain_needs_its_catalog(tmp_path: Path) -> None:
    from rekisteri.documents.templating import environment

    write_po(i18n.catalog_file(tmp_path, "en", "access"), {"Your data": "Your data"})
    env = environment("en", tmp_path, domain="access")
    assert env.from_string("{{ _('Your data') }}").render() == "Your data"
