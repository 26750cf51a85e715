"""How the Art. 30 record words what a register states (issue 13, item 12, and items 6, 9).

"None" where the register states none, "Not applicable" where an item does not apply and "Not
stated" only where the register says nothing; the security measures of Art. 30(1)(g) as a
labelled list; no file name of a register anywhere; the register's voice; Finnish citations in
the genitive; and golden files of the example record in fi and en.

Regenerate the goldens after an intended change with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/record/test_record_wording.py`` and read the diff.
"""

from __future__ import annotations

import csv
import io
import os
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from test_record import parse

from rekisteri.documents import i18n
from rekisteri.record.record import (
    DOMAIN,
    ProcessingRecord,
    build_record,
    record_csv,
    record_html,
)
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"
GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ("fi", "en")

# The register states an answer for everything the record asks: "none" where there is none.
ANSWERED = """\
schema_version = 2
name = { fi = "Jäsenrekisteri", en = "Member register" }
recipients = "none"
processors = "none"
transfers = "none"
automated_decisions = "none"

[notice]
languages = ["fi", "en"]

[controller]
name = "Yhdistys ry"
address = { street = "Katu 1", postal_code = "00100", city = "Helsinki" }
email = "hallitus@yhdistys.example"
%(voice)s

[[data_subjects]]
id = "members"
name = { fi = "Jäsenet", en = "Members" }

[[purposes]]
id = "members"
name = { fi = "Jäsenyyden hoitaminen", en = "Managing membership" }
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
subjects = ["members"]
purposes = ["members"]
retention = "membership"

[[retention]]
id = "membership"
period = "P2Y"
counted_from = { fi = "jäsenyyden päättymisestä", en = "the end of the membership" }

[security]
%(security)s
"""

SECURITY = """\
access_control.fi = "Vain hallitus pääsee tietoihin omilla tunnuksillaan."
access_control.en = "Only the board reaches the data, with personal accounts."
backups.fi = "Tiedot varmuuskopioidaan viikoittain."
backups.en = "The data is backed up weekly."
general.fi = "Hallituksen jäseniä sitoo vaitiolovelvollisuus."
general.en = "Board members are bound by confidentiality."
"""


def phrase(message: str, lang: str) -> str:
    return i18n.translations(lang, DOMAIN).gettext(message)


@pytest.fixture
def answered(write_register: Callable[..., Path]) -> Callable[..., Register]:
    def make(voice: str = "", security: str = SECURITY, name: str = "jasenet.toml") -> Register:
        text = ANSWERED % {"voice": voice, "security": security}
        return load_register(write_register(text, name))

    return make


def activity_text(register: Register, lang: str, templates: Path | None = None) -> str:
    """Everything the record says of its one activity, as a reader sees it."""
    record = build_record([register])
    [activity] = record.activities
    return parse(record_html(record, lang, templates)).text(activity.id)


# --- none, not applicable, not stated -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_register_that_answers_everything_has_no_gap_in_its_record(
    answered: Callable[..., Register], lang: str
) -> None:
    register = answered()
    text = activity_text(register, lang)
    # "Ei ilmoitettu" was also the Finnish of "None declared" (joint controllers).
    assert "Ei ilmoitettu" not in text
    assert phrase("Not stated", lang) not in text
    none, not_applicable = phrase("None", lang), phrase("Not applicable", lang)
    # (a) no joint controllers, no DPO designated, and no representative for a controller
    # established in the EU (GDPR Art. 27(1) concerns controllers not established in the Union).
    assert f"{phrase('Joint controllers', lang)} {none}" in text
    assert f"{phrase('Data protection officer', lang)} {phrase('None designated', lang)}" in text
    assert f"{phrase('Representative in the EU', lang)} {not_applicable}" in text
    # (c) no special categories, no criminal data
    assert f"{phrase('Special categories of personal data (GDPR Art. 9)', lang)} {none}" in text
    criminal = phrase(
        "Personal data relating to criminal convictions and offences (GDPR Art. 10)", lang
    )
    assert f"{criminal} {none}" in text
    # (d) no one receives the data
    assert phrase("The personal data is not disclosed to recipients.", lang) in text
    assert f"{phrase('Recipients in third countries', lang)} {none}" in text
    # (e) no transfers, so no safeguards to document
    assert f"{phrase('Transfers to third countries', lang)} {none}" in text
    assert f"{phrase('Safeguards', lang)} {not_applicable}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_of_an_answering_register_says_none(
    answered: Callable[..., Register], lang: str
) -> None:
    [row] = list(csv.DictReader(io.StringIO(record_csv(build_record([answered()]), lang))))
    none = phrase("None", lang)
    assert row[phrase("Special category", lang)] == none
    assert row[phrase("Recipients", lang)] == none
    assert row[phrase("Transfers to third countries", lang)] == none
    assert phrase("Not stated", lang) not in row.values()


@pytest.mark.parametrize("lang", LANGS)
def test_a_controller_outside_the_eu_without_a_representative_is_a_gap(
    write_register: Callable[..., Path], lang: str
) -> None:
    text = ANSWERED % {"voice": "", "security": SECURITY}
    text = text.replace('city = "Helsinki" }', 'city = "Boston", country = "US" }')
    register = load_register(write_register(text, "us.toml"))
    assert f"{phrase('Representative in the EU', lang)} {phrase('Not stated', lang)}" in (
        activity_text(register, lang)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_recipient_not_placed_is_no_gap_when_no_data_leaves_the_eea(
    write_register: Callable[..., Path], lang: str
) -> None:
    text = (ANSWERED % {"voice": "", "security": SECURITY}).replace(
        'recipients = "none"\n', ""
    ) + textwrap.dedent(
        """
        [[recipients]]
        id = "tax"
        name = { fi = "Verohallinto", en = "The Tax Administration" }
        """
    )
    register = load_register(write_register(text, "verot.toml"))
    said = activity_text(register, lang)
    # Where the authority is, the register does not say; that no one is in a third country it
    # does (transfers = "none"), and that is what Art. 30(1)(d) asks.
    assert phrase("Not stated", lang) not in said
    assert phrase("Country", lang) not in said
    assert f"{phrase('Recipients in third countries', lang)} {phrase('None', lang)}" in said


# --- (g) security measures ------------------------------------------------------------------------


SECURITY_LABELS = {
    "access_control": "Access control",
    "logging": "Logging",
    "backups": "Backups",
    "encryption": "Encryption",
    "physical": "Physical security",
    "manual": "Manual material",
    "electronic": "Electronically processed data",
    "general": "Other security measures",
}


class _Definitions:
    """The (term, definition) pairs of the ``<dl>`` lists inside one element."""

    def __init__(self, html: str, element_id: str) -> None:
        start = html.index(f'id="{element_id}"')
        end = html.index("</section>", start)
        part = html[start:end]
        self.pairs = [
            (self.clean(dt), self.clean(dd))
            for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", part, re.S)
        ]

    @staticmethod
    def clean(markup: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.mark.parametrize("lang", LANGS)
def test_security_measures_are_a_labelled_list_without_the_absent_ones(
    answered: Callable[..., Register], lang: str
) -> None:
    register = answered()
    html = record_html(build_record([register]), lang)
    security = register.security
    assert security is not None
    pairs = _Definitions(html, "jasenrekisteri-item-g").pairs
    stated = {
        field: getattr(security, field) for field in SECURITY_LABELS if getattr(security, field)
    }
    # One term per measure the register describes, in the order of the model; the others are
    # left out, not printed empty.
    assert pairs == [
        (phrase(SECURITY_LABELS[field], lang), text.get(lang)) for field, text in stated.items()
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_security_field_has_its_label(answered: Callable[..., Register], lang: str) -> None:
    everything = "\n".join(
        f'{field} = {{ fi = "{field} fi", en = "{field} en" }}' for field in SECURITY_LABELS
    )
    html = record_html(build_record([answered(security=everything)]), lang)
    assert _Definitions(html, "jasenrekisteri-item-g").pairs == [
        (phrase(label, lang), f"{field} {lang}") for field, label in SECURITY_LABELS.items()
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_lists_each_security_measure_on_its_own_line(
    answered: Callable[..., Register], lang: str
) -> None:
    register = answered()
    [row] = list(csv.DictReader(io.StringIO(record_csv(build_record([register]), lang))))
    security = register.security
    assert security is not None and security.access_control and security.backups
    assert security.general is not None
    assert row[phrase("Security measures", lang)].split("\n") == [
        f"{phrase('Access control', lang)}: {security.access_control.get(lang)}",
        f"{phrase('Backups', lang)}: {security.backups.get(lang)}",
        f"{phrase('Other security measures', lang)}: {security.general.get(lang)}",
    ]


# --- no file names --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_record_never_names_a_register_file(
    answered: Callable[..., Register], lang: str
) -> None:
    # No notice slug: the anchor is made from the register's name, not from its file.
    register = answered(name="sisainen-tiedosto-v3.toml")
    record = build_record([register])
    html, table = record_html(record, lang), record_csv(record, lang)
    for output in (html, table):
        assert "sisainen" not in output
        assert ".toml" not in output
    assert [a.id for a in record.activities] == ["jasenrekisteri"]
    assert '<h2 id="jasenrekisteri-title" class="record-activity-title">' in html
    assert register.name.get(lang) in parse(html).text("jasenrekisteri-title")


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_record_names_no_file(record: ProcessingRecord, lang: str) -> None:
    for output in (record_html(record, lang), record_csv(record, lang)):
        assert ".toml" not in output
        assert "register.toml" not in output


@pytest.fixture(scope="module")
def record() -> ProcessingRecord:
    return build_record(
        [
            load_register(EXAMPLES / "register.toml"),
            load_register(EXAMPLES / "rekisteriseloste-2018.toml"),
        ]
    )


# --- voice ----------------------------------------------------------------------------------------

INTRO = (
    "This record describes our processing activities as required by Art. 30(1) of the "
    "General Data Protection Regulation (EU) 2016/679. Each processing activity is one of our "
    "registers."
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_record_speaks_in_the_registers_voice(
    answered: Callable[..., Register], lang: str
) -> None:
    we = parse(record_html(build_record([answered()]), lang)).text("record-main")
    i = parse(record_html(build_record([answered(voice='voice = "i"')]), lang)).text("record-main")
    plural = i18n.translations(lang, DOMAIN).gettext(INTRO)
    singular = i18n.translations(lang, DOMAIN, voice="i").gettext(INTRO)
    assert plural != singular
    assert plural in we and singular not in we
    assert singular in i and plural not in i


def test_the_legal_phrases_of_the_record_follow_the_voice_too(
    answered: Callable[..., Register], tmp_path: Path
) -> None:
    # A first-person form of a notice phrase the record uses: the record asks the notice's
    # catalog in the register's voice.
    catalog = tmp_path / "templates" / "locale" / "en" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        textwrap.dedent(
            """\
            msgid ""
            msgstr ""
            "Language: en\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgctxt "i"
            msgid "Legal basis"
            msgstr "The ground on which I process"
            """
        ),
        encoding="utf-8",
    )
    templates = tmp_path / "templates"
    assert "The ground on which I process" in activity_text(
        answered(voice='voice = "i"'), "en", templates
    )
    assert "The ground on which I process" not in activity_text(answered(), "en", templates)


def test_the_example_record_is_in_the_first_person(record: ProcessingRecord) -> None:
    text = parse(record_html(record, "fi")).text("record-main")
    assert "Tässä selosteessa kuvaan käsittelytoimeni" in text


# --- Finnish --------------------------------------------------------------------------------------


def test_finnish_citations_are_in_the_genitive(
    write_register: Callable[..., Path],
) -> None:
    text = ANSWERED % {"voice": "", "security": SECURITY}
    with_hetu = text.replace(
        'retention = "membership"\n',
        'retention = "membership"\nhetu = true\nhetu_ground = "consent"\n',
        1,
    )
    without_ground = text.replace(
        'retention = "membership"\n', 'retention = "membership"\nhetu = true\n', 1
    )
    stated = activity_text(load_register(write_register(with_hetu, "a.toml")), "fi")
    missing = activity_text(load_register(write_register(without_ground, "b.toml")), "fi")
    for said in (stated, missing):
        assert "tietosuojalain (1050/2018) 29 §" in said
        assert "tietosuojalaki 1050/2018" not in said.casefold()
    assert "tietosuoja-asetuksen 30 artiklan 1 kohdan a alakohta" in stated.casefold()


def test_dates_are_written_in_finnish_style(record: ProcessingRecord) -> None:
    text = parse(record_html(record, "fi")).text("record-main")
    assert "Päivitetty 15.1.2024" in text
    assert "2024-01-15" not in text.replace('datetime="2024-01-15"', "")


# --- golden files ---------------------------------------------------------------------------------

STYLE = re.compile(r"<style>\n(.*?)</style>", re.S)
STYLE_PLACEHOLDER = "<style>/* templates/record/record.css */</style>"


def without_style(html: str) -> str:
    assert len(STYLE.findall(html)) == 1, "the record has exactly one <style> element"
    return STYLE.sub(lambda _: STYLE_PLACEHOLDER, html)


@pytest.mark.parametrize("fmt", ["html", "csv"])
@pytest.mark.parametrize("lang", LANGS)
def test_golden(record: ProcessingRecord, lang: str, fmt: str) -> None:
    made = without_style(record_html(record, lang)) if fmt == "html" else record_csv(record, lang)
    golden = GOLDEN / f"seloste-kasittelytoimista.{lang}.{fmt}"
    data = made.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert data == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended run "
        f"UPDATE_GOLDEN=1 pytest {__file__} and review the diff"
    )
