"""Catalogs, locale formats and the completeness of the notice phrases in every shipped language.

The completeness test extracts every message the notice templates and the notice code use (Babel's
extractors, the same ones ``pybabel extract`` runs) and fails on any message that a shipped catalog
lacks, leaves empty or marks fuzzy, and on catalog entries nothing uses any more.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import textwrap
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from command_probe import example_register, loaded
from rekisteri.documents import i18n
from rekisteri.errors import RekisteriError
from rekisteri.resources import catalog_domains, templates_dir

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("fi", "en")
# Code whose _()/N_()/gettext() phrases belong to the "messages" domain.
PYTHON_SOURCES = (
    "src/rekisteri/documents/phrases.py",
    "src/rekisteri/notice/render.py",
    "src/rekisteri/notice/sections.py",
    "src/rekisteri/notice/publish.py",
    "src/rekisteri/notice/group_notice.py",
    "src/rekisteri/register/places.py",
    "src/rekisteri/documents/i18n.py",
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


DOMAINS = catalog_domains()


def test_a_missing_catalog_names_the_file_to_create() -> None:
    with pytest.raises(RekisteriError) as caught:
        i18n.translations("de")
    expected = templates_dir() / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    assert str(expected) in str(caught.value)
    assert "create this file" in str(caught.value)


def test_a_missing_catalog_in_another_domain_names_that_domain(tmp_path: Path) -> None:
    with pytest.raises(RekisteriError, match=r"locale/fi/LC_MESSAGES/nosuchdomain\.po"):
        i18n.translations("fi", "nosuchdomain", templates=tmp_path)


def test_available_languages() -> None:
    assert i18n.available_languages() == ["en", "fi", "sv"]
    assert all(i18n.available_languages(domain) == ["en", "fi", "sv"] for domain in DOMAINS)


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
    write_po(i18n.catalog_file(tmp_path, "de"), {"Privacy notice": "Datenschutzerklärung"})
    assert i18n.available_languages(templates=tmp_path) == ["de", "en", "fi", "sv"]
    assert i18n.translations("de", templates=tmp_path).gettext("Privacy notice") == (
        "Datenschutzerklärung"
    )


def test_a_user_catalog_overrides_single_phrases(tmp_path: Path) -> None:
    write_po(i18n.catalog_file(tmp_path, "fi"), {"Privacy notice": "Tietosuojailmoitus"})
    catalog = i18n.translations("fi", templates=tmp_path)
    assert catalog.gettext("Privacy notice") == "Tietosuojailmoitus"
    # Everything the user did not translate comes from the built-in catalog.
    assert catalog.gettext("Right of access") == "Oikeus saada pääsy tietoihin"


def test_empty_and_fuzzy_translations_are_missing(tmp_path: Path) -> None:
    write_po(
        i18n.catalog_file(tmp_path, "de"),
        {"Privacy notice": "", "Contents": "Inhalt", "Version": "Version"},
        fuzzy=("Contents",),
    )
    catalog = i18n.translations("de", templates=tmp_path)
    assert catalog.gettext("Version") == "Version"
    for msgid in ("Privacy notice", "Contents"):
        with pytest.raises(RekisteriError, match="no de translation"):
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


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_day_is_written_as_babel_writes_it(lang: str) -> None:
    from babel.dates import format_date

    style = "medium" if lang == "fi" else "long"
    for day in (date(2024, 1, 1), date(2024, 2, 29), date(2024, 12, 31), date(2027, 1, 4)):
        assert i18n.format_date(day, lang) == format_date(day, style, locale=i18n.locale(lang))


def test_the_days_of_a_year_are_kept_by_language_and_installed_babel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: `requests add` writes three dates; Babel and its locale data take longer to
    load than the rest of the command, so each year's days are kept between runs; another Babel
    (or a damaged copy) is asked afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    i18n._days_of_year.cache_clear()
    assert i18n.format_date(date(2031, 3, 9), "fi") == "9.3.2031"
    (kept,) = (tmp_path / "rekisteri" / "dates").glob("*.json")
    days = json.loads(kept.read_text(encoding="utf-8"))
    assert len(days) == 365 and days[0] == "1.1.2031" and days[-1] == "31.12.2031"
    kept.write_text(json.dumps(["kept"] * 365), encoding="utf-8")
    i18n._days_of_year.cache_clear()
    assert i18n.format_date(date(2031, 3, 9), "fi") == "kept"  # read back, not asked
    kept.write_text("[damaged", encoding="utf-8")
    i18n._days_of_year.cache_clear()
    assert i18n.format_date(date(2031, 3, 9), "fi") == "9.3.2031"
    monkeypatch.setattr(i18n.derived, "installed_state", lambda *_: "another version")
    i18n._days_of_year.cache_clear()
    assert i18n.format_date(date(2031, 3, 9), "sv") == "9 mars 2031"
    assert len(list((tmp_path / "rekisteri" / "dates").glob("*.json"))) == 2
    i18n._days_of_year.cache_clear()


def test_a_request_written_once_its_year_is_known_loads_no_babel(tmp_path: Path) -> None:
    register = example_register(tmp_path)
    add = ["requests", "add", "--type", "access", "--subject", "A", "--received", "2021-05-03"]
    runs = [loaded([*add, str(register)], ["babel"], tmp_path / "cache") for _ in range(2)]
    assert runs == [(0, 1), (0, 0)]


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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "25.4.2023 klo\u00a013.39"),
        ("en", "25 April 2023 at\u00a013:39"),
        ("sv", "25 april 2023 kl.\u00a013.39"),
    ],
)
def test_format_datetime(lang: str, expected: str) -> None:
    assert i18n.format_datetime(datetime(2023, 4, 25, 13, 39), lang) == expected


def test_a_datetime_never_breaks_between_the_time_word_and_the_time() -> None:
    shown = i18n.format_datetime(datetime(2023, 4, 25, 9, 5), "fi")
    assert shown == "25.4.2023 klo" + i18n.NBSP + "9.05"
    assert shown.replace(i18n.NBSP, " ") == "25.4.2023 klo 9.05"


def test_an_aware_datetime_is_shown_as_its_wall_clock_time() -> None:
    helsinki = timezone(timedelta(hours=3))
    assert i18n.format_datetime(datetime(2023, 4, 25, 13, 39, tzinfo=helsinki), "fi") == (
        "25.4.2023 klo\u00a013.39"
    )


@pytest.mark.parametrize(("lang", "expected"), [("fi", "13.39"), ("sv", "13.39"), ("en", "13:39")])
def test_format_time(lang: str, expected: str) -> None:
    assert i18n.format_time(time(13, 39), lang) == expected


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        (Decimal("95"), "fi", "95,00\u00a0€"),
        (95, "fi", "95,00\u00a0€"),
        (Decimal("1234.5"), "fi", "1\u00a0234,50\u00a0€"),
        # English as written in Finland (CLDR en_FI): the sign after the sum, a decimal comma.
        (Decimal("95"), "en", "95,00\u00a0€"),
        (Decimal("95"), "sv", "95,00\u00a0€"),
    ],
)
def test_format_money(amount: Decimal | int, lang: str, expected: str) -> None:
    assert i18n.format_money(amount, lang) == expected


def test_format_money_in_another_currency() -> None:
    assert i18n.format_money(Decimal("10"), "fi", "SEK") == "10,00\u00a0SEK"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("1234.5"), "fi", "1\u00a0234,5"),
        (Decimal("0.125"), "fi", "0,125"),
        (12, "en", "12"),
    ],
)
def test_format_number_keeps_its_decimals(value: Decimal | int, lang: str, expected: str) -> None:
    assert i18n.format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("040 123 4567", "040\u00a0123\u00a04567"),
        ("+358 40  123 4567", "+358\u00a040\u00a0123\u00a04567"),
        (" 029 566 6700 ", "029\u00a0566\u00a06700"),
        ("0401234567", "0401234567"),
    ],
)
def test_format_phone_does_not_wrap(number: str, expected: str) -> None:
    assert i18n.format_phone(number) == expected


def test_the_environment_formats_times_money_and_phones() -> None:
    from rekisteri.documents.templating import environment

    template = environment("fi").from_string(
        "{{ t|format_datetime }} | {{ m|format_money }} | {{ n|format_number }} | "
        "{{ p|format_phone }}"
    )
    rendered = template.render(
        t=datetime(2023, 4, 25, 13, 39), m=Decimal("95"), n=Decimal("1.5"), p="040 123 4567"
    )
    nbsp = i18n.NBSP
    assert rendered == (f"25.4.2023 klo{nbsp}13.39 | 95,00{nbsp}€ | 1,5 | 040{nbsp}123{nbsp}4567")


# -- the voice ---------------------------------------------------------------------------------

VOICED = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "We reply within a month."
msgstr "Vastaamme kuukauden kuluessa."

msgctxt "i"
msgid "We reply within a month."
msgstr "Vastaan kuukauden kuluessa."

msgid "Version"
msgstr "Versio"

#, python-format
msgid "%(count)d request"
msgid_plural "%(count)d requests"
msgstr[0] "%(count)d pyyntömme"
msgstr[1] "%(count)d pyyntöämme"

msgctxt "i"
msgid "%(count)d request"
msgid_plural "%(count)d requests"
msgstr[0] "%(count)d pyyntöni"
msgstr[1] "%(count)d pyyntöäni"

msgctxt "button"
msgid "Version"
msgstr "Versionumero"
"""


def voiced(tmp_path: Path) -> Path:
    po = i18n.catalog_file(tmp_path, "fi", "voiced")
    po.parent.mkdir(parents=True)
    po.write_text(VOICED, encoding="utf-8")
    return tmp_path


def test_the_i_voice_takes_the_first_person_entry(tmp_path: Path) -> None:
    catalog = i18n.translations("fi", "voiced", templates=voiced(tmp_path), voice="i")
    assert catalog.gettext("We reply within a month.") == "Vastaan kuukauden kuluessa."
    assert catalog.ngettext("%(count)d request", "%(count)d requests", 1) == "%(count)d pyyntöni"
    assert catalog.ngettext("%(count)d request", "%(count)d requests", 3) == "%(count)d pyyntöäni"


def test_the_i_voice_falls_back_to_the_entry_without_context(tmp_path: Path) -> None:
    catalog = i18n.translations("fi", "voiced", templates=voiced(tmp_path), voice="i")
    assert catalog.gettext("Version") == "Versio"
    # An explicit context is looked up as asked, not as the voice.
    assert catalog.pgettext("button", "Version") == "Versionumero"


@pytest.mark.parametrize("voice", ["we", None])
def test_the_we_voice_and_no_voice_take_the_entry_as_written(
    tmp_path: Path, voice: str | None
) -> None:
    catalog = i18n.translations("fi", "voiced", templates=voiced(tmp_path), voice=voice)
    assert catalog.gettext("We reply within a month.") == "Vastaamme kuukauden kuluessa."
    assert catalog.ngettext("%(count)d request", "%(count)d requests", 3) == "%(count)d pyyntöämme"


def test_the_i_voice_falls_back_to_the_built_in_catalog(tmp_path: Path) -> None:
    # A user's catalog comes first; what it lacks comes from the built-in one, in either voice.
    write_po(i18n.catalog_file(tmp_path, "fi"), {"Version": "Laitos"})
    catalog = i18n.translations("fi", templates=tmp_path, voice="i")
    assert catalog.gettext("Version") == "Laitos"
    assert catalog.gettext("Privacy notice") == "Tietosuojaseloste"


def test_the_i_voice_keeps_a_missing_message_an_error(tmp_path: Path) -> None:
    catalog = i18n.translations("fi", "voiced", templates=voiced(tmp_path), voice="i")
    with pytest.raises(RekisteriError, match="no fi translation"):
        catalog.gettext("No such phrase anywhere")


def test_the_voiced_catalog_is_cached_and_the_we_catalog_untouched(tmp_path: Path) -> None:
    templates = voiced(tmp_path)
    first = i18n.translations("fi", "voiced", templates=templates, voice="i")
    assert first is i18n.translations("fi", "voiced", templates=templates, voice="i")
    we = i18n.translations("fi", "voiced", templates=templates)
    assert we is not first
    assert we.gettext("We reply within a month.") == "Vastaamme kuukauden kuluessa."


def test_the_environment_speaks_in_the_voice_given(tmp_path: Path) -> None:
    from rekisteri.documents.templating import environment

    templates = voiced(tmp_path)
    source = "{{ _('We reply within a month.') }}"
    env_i = environment("fi", templates, domain="voiced", voice="i")
    env_we = environment("fi", templates, domain="voiced")
    assert env_i.from_string(source).render() == "Vastaan kuukauden kuluessa."
    assert env_we.from_string(source).render() == "Vastaamme kuukauden kuluessa."


# -- citing a point of the GDPR ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        ("GDPR 6(1)(c)", "fi", "tietosuoja-asetuksen 6 artiklan 1 kohdan c alakohta"),
        ("GDPR 9(2)(h)", "fi", "tietosuoja-asetuksen 9 artiklan 2 kohdan h alakohta"),
        ("GDPR 6(1)(f)", "en", "GDPR Art. 6(1)(f)"),
    ],
)
def test_a_gdpr_point_is_cited_in_the_reader_language(code: str, lang: str, expected: str) -> None:
    # A Finnish notice never says "GDPR 6(1)(c)": the points are spelled out, with the
    # regulation in the genitive, so that a basis names the law it rests on.
    assert i18n.gdpr_point(code, i18n.translations(lang).gettext) == expected


def test_a_code_that_is_not_a_gdpr_point_is_kept() -> None:
    assert i18n.gdpr_point("GDPR 49(1), second subparagraph", str) == (
        "GDPR 49(1), second subparagraph"
    )


def test_the_record_catalog_cites_gdpr_points_too() -> None:
    record = i18n.translations("fi", "record").gettext
    assert i18n.gdpr_point("GDPR 9(2)(a)", record) == (
        "tietosuoja-asetuksen 9 artiklan 2 kohdan a alakohta"
    )


# --- compiled catalogs kept between runs (issue 17) -----------------------------------------

CATALOG = 'msgid ""\nmsgstr ""\n"Language: fi\\n"\n\nmsgid "Hello"\nmsgstr "{text}"\n'


def _catalog_file(folder: Path, text: str) -> tuple[Path, bytes]:
    file = folder / "greeting.po"
    source = CATALOG.format(text=text).encode("utf-8")
    file.write_bytes(source)
    return file, source


def test_a_compiled_catalog_is_kept_and_an_edited_one_compiled_afresh(tmp_path: Path) -> None:
    cache = i18n._CompiledCatalogs(tmp_path / "cache")
    file, source = _catalog_file(tmp_path, "Hei")
    assert cache.catalog(file, source, "fi", "greeting").gettext("Hello") == "Hei"
    [kept] = (tmp_path / "cache").glob("*.mo")
    assert cache.get(source, "fi", "greeting") == kept.read_bytes()
    # The same text in another language or domain is another catalog.
    assert cache.get(source, "sv", "greeting") is None
    assert cache.get(source, "fi", "other") is None
    file, edited = _catalog_file(tmp_path, "Moi")
    assert cache.catalog(file, edited, "fi", "greeting").gettext("Hello") == "Moi"
    assert len(list((tmp_path / "cache").glob("*.mo"))) == 2
    assert not list((tmp_path / "cache").glob("*.part"))


def test_a_damaged_cached_catalog_is_compiled_again(tmp_path: Path) -> None:
    cache = i18n._CompiledCatalogs(tmp_path / "cache")
    file, source = _catalog_file(tmp_path, "Hei")
    cache.catalog(file, source, "fi", "greeting")
    [kept] = (tmp_path / "cache").glob("*.mo")
    kept.write_bytes(b"not a catalog")
    assert cache.catalog(file, source, "fi", "greeting").gettext("Hello") == "Hei"
    assert kept.read_bytes() != b"not a catalog"


def test_a_cache_that_cannot_be_written_is_passed_over(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = i18n._CompiledCatalogs(blocker / "cache")
    file, source = _catalog_file(tmp_path, "Hei")
    assert cache.catalog(file, source, "fi", "greeting").gettext("Hello") == "Hei"
    assert (
        i18n._CompiledCatalogs(None).catalog(file, source, "fi", "greeting").gettext("Hello")
        == "Hei"
    )
