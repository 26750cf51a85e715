"""The record of processing activities (GDPR Art. 30(1)): items (a)–(g) in HTML, CSV and PDF.

The record of the two examples is checked by what a reader finds under each item's heading, in
Finnish and English; the CSV by what the csv module reads back; the PDF by its extracted text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from rekisteri.documents import i18n
from rekisteri.documents.phrases import SPECIAL_CATEGORY
from rekisteri.errors import RekisteriError
from rekisteri.record.record import (
    CSV_COLUMNS,
    DOMAIN,
    ITEMS,
    ProcessingRecord,
    build_record,
    record_csv,
    record_html,
    record_pdf,
    write_record,
)
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register, Transfers
from rekisteri.resources import templates_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"
LANGS = ("fi", "en")
LETTERS = [letter for letter, _ in ITEMS]

OTHER_CONTROLLER = """\
schema_version = 2
name = { fi = "Jäsenrekisteri", en = "Member register" }

[notice]
languages = ["fi", "en"]

[controller]
name = "%(controller)s"
%(business_id)s

[[purposes]]
id = "members"
name = { fi = "Jäsenyyden hoitaminen", en = "Managing membership" }
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["members"]
"""


def member_register(
    write: Callable[..., Path],
    controller: str,
    business_id: str | None = None,
    name: str = "m.toml",
) -> Register:
    line = f'business_id = "{business_id}"' if business_id else ""
    path = write(OTHER_CONTROLLER % {"controller": controller, "business_id": line}, name)
    return load_register(path)


@pytest.fixture(scope="module")
def registers() -> list[Register]:
    return [
        load_register(EXAMPLES / "register.toml"),
        load_register(EXAMPLES / "rekisteriseloste-2018.toml"),
    ]


@pytest.fixture(scope="module")
def record(registers: list[Register]) -> ProcessingRecord:
    return build_record(registers)


class _Sections(HTMLParser):
    """The text under every element that has an id, and the ``lang`` of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.texts: dict[str, list[str]] = {}
        self.lang: str | None = None
        self.headings: dict[str, str] = {}
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in {"br", "meta", "link", "img"}:
            return
        element_id = attributes.get("id")
        self.stack.append(element_id)
        if element_id is not None:
            self.texts.setdefault(element_id, [])
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = element_id

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "meta", "link", "img"}:
            return
        if self.stack:
            self.stack.pop()
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = None

    def handle_data(self, data: str) -> None:
        for element_id in self.stack:
            if element_id is not None:
                self.texts[element_id].append(data)
        if self._heading is not None:
            self.headings[self._heading] = self.headings.get(self._heading, "") + data

    def text(self, element_id: str) -> str:
        return " ".join(" ".join(self.texts[element_id]).split())


def parse(html: str) -> _Sections:
    parser = _Sections()
    parser.feed(html)
    return parser


def record_phrase(message: str, lang: str) -> str:
    return i18n.translations(lang, DOMAIN).gettext(message)


def notice_phrase(message: str, lang: str) -> str:
    return i18n.translations(lang).gettext(message)


def cited(code: str, lang: str) -> str:
    """A point of the GDPR as the record cites it in ``lang``: "GDPR 6(1)(a)" → "Art. 6(1)(a)",
    "6 artiklan 1 kohdan a alakohta"."""
    return i18n.gdpr_point(code, i18n.translations(lang, DOMAIN).gettext)


# --- the record of the two examples ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_html_has_every_item_of_article_30_for_every_register(
    record: ProcessingRecord, registers: list[Register], lang: str
) -> None:
    page = parse(record_html(record, lang))
    assert page.lang == lang
    assert record_phrase("Record of processing activities", lang) in page.text("record-title")
    assert [a.id for a in record.activities] == ["tietosuojaseloste", "rekisteriseloste-2018"]
    for activity, register in zip(record.activities, registers, strict=True):
        assert register.name.get(lang) in page.text(f"{activity.id}-title")
        for letter in LETTERS:
            item = f"{activity.id}-item-{letter}"
            assert item in page.texts, f"{item} missing"
            heading = page.headings[f"{item}-title"]
            assert re.match(rf"\(?{letter}\) ", heading), heading
            article = record_phrase("GDPR Art. 30(1)(%(letter)s)", lang) % {"letter": letter}
            assert article in page.text(item)


@pytest.mark.parametrize("lang", LANGS)
def test_html_items_state_the_facts_of_the_modern_register(
    record: ProcessingRecord, registers: list[Register], lang: str
) -> None:
    register = registers[0]
    page = parse(record_html(record, lang))

    def item(letter: str) -> str:
        return page.text(f"tietosuojaseloste-item-{letter}")

    # (a) the controller with its contact details, the contact person, the absent parties
    assert "Tmi Terhi Kallio" in item("a")
    assert "terhi.kallio@outlook.com" in item("a")
    assert record_phrase("Data protection officer", lang) in item("a")
    assert record_phrase("Joint controllers", lang) in item("a")
    # (b) each purpose with its legal basis
    for purpose in register.purposes:
        assert purpose.name.get(lang) in item("b")
    for article in ("GDPR 6(1)(a)", "GDPR 6(1)(b)", "GDPR 6(1)(c)", "GDPR 6(1)(f)"):
        assert cited(article, lang) in item("b")
    # (c) the groups of people, every category, the special category marked with its condition
    for group in register.data_subjects:
        assert group.name.get(lang) in item("c")
    for category in register.data_categories:
        assert category.name.get(lang) in item("c")
    assert record_phrase("Special category (GDPR Art. 9)", lang) in item("c")
    special = register.data_category("health").special
    assert special is not None
    assert notice_phrase(SPECIAL_CATEGORY[special.category], lang) in item("c")
    assert cited("GDPR 9(2)(h)", lang) in item("c")
    # (d) recipients and processors, and that none is in a third country
    for name in ("Ajanvaraus Oy", "Tilitoimisto Hyvinkää Oy"):
        assert name in item("d")
    assert register.recipient_list[0].name.get(lang) in item("d")
    # No data leaves the EU/EEA ("none"), so no recipient is in a third country.
    third = record_phrase("Recipients in third countries", lang)
    assert f"{third} {record_phrase('None', lang)}" in item("d")
    # (e) the register's own statement that nothing leaves the EEA
    assert isinstance(register.transfers, Transfers) and register.transfers.statement is not None
    assert register.transfers.statement.get(lang) in item("e")
    # (f) a time limit for every category, in words
    for category in register.data_categories:
        assert category.name.get(lang) in item("f")
    assert i18n.format_duration("P12Y", lang) in item("f")
    assert i18n.format_duration("P6Y", lang) in item("f")
    assert "703/2023" in item("f")
    # (g) the security measures, each under its name
    security = register.security
    assert security is not None
    assert security.access_control is not None and security.general is not None
    assert f"{record_phrase('Access control', lang)} {security.access_control.get(lang)}" in (
        item("g")
    )
    assert f"{record_phrase('Other security measures', lang)} {security.general.get(lang)}" in (
        item("g")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_html_states_the_gaps_of_the_2018_register(
    record: ProcessingRecord, registers: list[Register], lang: str
) -> None:
    register = registers[1]
    page = parse(record_html(record, lang))

    def item(letter: str) -> str:
        return page.text(f"rekisteriseloste-2018-item-{letter}")

    # The 2018 file gives no email for the controller; the record takes it from the other one.
    assert "terhi.kallio@outlook.com" in item("a")
    not_stated = record_phrase("Not stated", lang)
    assert not_stated in item("b")
    # The 2018 text names no recipients or processors: a gap, not "nobody receives the data".
    assert f"{record_phrase('Recipients of disclosures', lang)} {not_stated}" in item("d")
    assert f"{record_phrase('Processors', lang)} {not_stated}" in item("d")
    assert record_phrase("The personal data is not disclosed to recipients.", lang) not in item("d")
    assert register.notes is not None and register.notes.processors is not None
    assert register.notes.processors.get(lang) in item("d")
    assert isinstance(register.transfers, Transfers) and register.transfers.statement is not None
    assert register.transfers.statement.get(lang) in item("e")
    assert not_stated in item("f")
    marketing = register.retention_rule("marketing").criteria
    assert marketing is not None and marketing.get(lang) in item("f")
    assert register.security is not None and register.security.electronic is not None
    assert register.security.electronic.get(lang) in item("g")


def test_outputs_are_deterministic(registers: list[Register]) -> None:
    first, second = build_record(registers), build_record(registers)
    for lang in LANGS:
        assert record_html(first, lang) == record_html(second, lang)
        assert record_csv(first, lang) == record_csv(second, lang)


# --- version 2 facts: parties, several bases, states, safeguards ---------------------------------

STATED = """\
schema_version = 2
name = { fi = "Verkkokaupan asiakasrekisteri", en = "Web shop customer register" }
recipients = "none"

[notice]
languages = ["fi", "en"]
slug = "kauppa"

[controller]
name = "Kauppa Oy"
names = { fi = "Kauppa Oy", en = "Shop Ltd" }
address = { street = { fi = "PL 52", en = "PO Box 52" }, postal_code = "02701", city = "Espoo" }
group = { fi = "Esimerkki-konsernin yhtiöt", en = "The companies of the Esimerkki group" }

[[joint_controllers]]
name = "Meta Platforms Ireland Ltd"
essence = { fi = "Vastaamme yhdessä tilastoista.", en = "We are jointly responsible for insights." }
country = "IE"
purposes = ["orders"]

[[purposes]]
id = "orders"
name = { fi = "Tilaukset", en = "Orders" }

[[purposes.bases]]
basis = "contract"
while = { fi = "asiakassuhteen aikana", en = "during the client relationship" }

[[purposes.bases]]
basis = "legitimate_interests"
while = { fi = "kaksi vuotta sen päättymisen jälkeen", en = "for two years after it ends" }
interest = { fi = "Reklamaatioiden käsittely", en = "Handling complaints" }
categories = ["contact"]

[[purposes]]
id = "analytics"
name = { fi = "Kävijätilastot", en = "Visitor statistics" }

[[bases]]
basis = "legal_obligation"
details = { fi = "Kirjanpitolaki 1336/1997", en = "Accounting Act 1336/1997" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["orders"]
retention = ["bookkeeping", "marketing"]

[[data_categories]]
id = "logs"
name = { fi = "Lokitiedot", en = "Log data" }
purposes = ["analytics"]

[[processors]]
id = "hosting"
role = { fi = "Pilvipalvelu", en = "Cloud service" }

[[processors]]
id = "mail"
name = "Mailer Inc."
role = { fi = "Uutiskirjeet", en = "Newsletters" }
country = "US"
data_categories = ["contact"]

[[transfers.destinations]]
processor = "mail"
country = "US"
safeguards = ["data_privacy_framework", "privacy_shield"]
obtain_copy = { fi = "Pyydä sähköpostilla.", en = "Ask by email." }

[[staff]]
role = { fi = "Asiakaspalvelu", en = "Customer service" }
data_categories = ["contact"]

[[retention]]
id = "bookkeeping"
terms = [{ period = "P6Y", medium = "electronic" }, { period = "P6M", medium = "paper" }]

[[retention]]
id = "marketing"
period = "P2Y"
"""


@pytest.fixture
def stated(write_register: Callable[..., Path]) -> Register:
    return load_register(write_register(STATED, "kauppa.toml"))


def items(register: Register, lang: str) -> Callable[[str], str]:
    page = parse(record_html(build_record([register]), lang))
    return lambda letter: page.text(f"kauppa-item-{letter}")


@pytest.mark.parametrize("lang", LANGS)
def test_joint_controllers_and_the_group_are_in_item_a(stated: Register, lang: str) -> None:
    item = items(stated, lang)
    assert stated.controller.names is not None
    assert stated.controller.names.get(lang) in item("a")
    assert stated.controller.group is not None and stated.controller.group.get(lang) in item("a")
    [joint] = stated.joint_controllers
    assert joint.name in item("a")
    assert record_phrase("Essence of the arrangement (GDPR Art. 26(2))", lang) in item("a")
    assert joint.essence is not None and joint.essence.get(lang) in item("a")
    none = f"{record_phrase('Joint controllers', lang)} {record_phrase('None', lang)}"
    assert none not in item("a")
    # No DPO is named: none is designated. Whether one must be (Art. 37) is not for the record
    # to guess, and most small controllers need none, so it is not written as a gap.
    dpo = record_phrase("Data protection officer", lang)
    assert f"{dpo} {record_phrase('None designated', lang)}" in item("a")


@pytest.mark.parametrize("lang", LANGS)
def test_each_basis_of_a_purpose_is_stated_with_its_scope(stated: Register, lang: str) -> None:
    item = items(stated, lang)
    orders, _ = stated.purposes
    contract, interests = orders.bases
    assert contract.while_ is not None and interests.while_ is not None
    assert f"({cited('GDPR 6(1)(b)', lang)}), {contract.while_.get(lang)}" in item("b")
    assert f"({cited('GDPR 6(1)(f)', lang)}), {interests.while_.get(lang)}" in item("b")
    assert stated.data_category("contact").name.get(lang) in item("b")
    assert interests.interest is not None and interests.interest.get(lang) in item("b")
    # The purpose without a basis of its own points to the register's bases, which follow.
    assert record_phrase(
        "Not stated for this purpose; see the legal bases of the whole register", lang
    ) in item("b")
    assert record_phrase("Legal bases of the whole register", lang) in item("b")
    assert cited("GDPR 6(1)(c)", lang) in item("b")


@pytest.mark.parametrize("lang", LANGS)
def test_recipients_say_only_what_the_register_states(stated: Register, lang: str) -> None:
    item = items(stated, lang)
    not_stated = record_phrase("Not stated", lang)
    # The processor described only by its role is named by it; its country is not stated and
    # is never taken to be Finland.
    assert "Cloud service" in item("d") or "Pilvipalvelu" in item("d")
    assert f"{record_phrase('Country', lang)} {not_stated}" in item("d")
    assert i18n.country_name("FI", lang) not in item("d")
    assert f"{record_phrase('Recipients of disclosures', lang)} {record_phrase('None', lang)}" in (
        item("d")
    )
    us = i18n.country_name("US", lang)
    third = record_phrase("%(country)s (third country)", lang) % {"country": us}
    assert f"{record_phrase('Country', lang)} {third}" in item("d")
    assert f"{record_phrase('Recipients in third countries', lang)} Mailer Inc. ({us})" in (
        item("d")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_transfers_list_every_safeguard_and_flag_the_lapsed_one(
    stated: Register, lang: str
) -> None:
    item = items(stated, lang)
    assert "Mailer Inc." in item("e")
    assert i18n.country_name("US", lang) in item("e")
    # Two safeguards are alternatives, as the register means them.
    assert record_phrase("Safeguards (one of the following)", lang) in item("e")
    lapsed = record_phrase("%(safeguard)s – no longer a valid ground", lang).split("%(safeguard)s")
    assert lapsed[1] in item("e")
    assert item("e").count(lapsed[1]) == 1
    assert "Ask by email." in item("e") or "Pyydä sähköpostilla." in item("e")


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_of_a_category_and_the_staff_roles(stated: Register, lang: str) -> None:
    item = items(stated, lang)
    for period in ("P6Y", "P6M", "P2Y"):
        assert i18n.format_duration(period, lang) in item("f")
    assert f"{stated.data_category('logs').name.get(lang)} {record_phrase('Not stated', lang)}" in (
        item("f")
    )
    assert record_phrase("Roles with access to the data", lang) in item("g")
    assert stated.staff[0].role.get(lang) in item("g")
    assert record_phrase("No security measures are described.", lang) in item("g")


@pytest.mark.parametrize("lang", LANGS)
def test_absent_sections_are_gaps_not_negative_statements(
    write_register: Callable[..., Path], lang: str
) -> None:
    register = member_register(write_register, "Yhdistys ry", name="jasenet.toml")
    page = parse(record_html(build_record([register]), lang))
    not_stated = record_phrase("Not stated", lang)
    d, e = page.text("jasenrekisteri-item-d"), page.text("jasenrekisteri-item-e")
    for label in ("Recipients of disclosures", "Processors", "Recipients in third countries"):
        assert f"{record_phrase(label, lang)} {not_stated}" in d
    assert record_phrase("The personal data is not disclosed to recipients.", lang) not in d
    assert f"{record_phrase('Transfers to third countries', lang)} {not_stated}" in e
    assert record_phrase("None", lang) not in e
    assert record_phrase("Not applicable", lang) not in e
    [row] = list(csv.DictReader(io.StringIO(record_csv(build_record([register]), lang))))
    assert row[record_phrase("Recipients", lang)] == not_stated
    assert row[record_phrase("Transfers to third countries", lang)] == not_stated


def test_csv_scopes_bases_and_transfers_to_each_category(stated: Register) -> None:
    rows = {
        row["Category of personal data"]: row
        for row in csv.DictReader(io.StringIO(record_csv(build_record([stated]), "en")))
    }
    contact, logs = rows["Contact details"], rows["Log data"]
    assert "Art. 6(1)(f)" in contact["Legal bases"] and "Art. 6(1)(c)" in contact["Legal bases"]
    # The legitimate interest covers the contact details only.
    assert "Art. 6(1)(f)" not in logs["Legal bases"]
    assert contact["Transfers to third countries"].startswith("United States: Mailer Inc. (")
    assert logs["Transfers to third countries"] == "None"
    assert logs["Recipients"] == "Cloud service"


# --- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_csv_has_a_row_per_category_per_register(
    record: ProcessingRecord, registers: list[Register], lang: str
) -> None:
    rows = list(csv.reader(io.StringIO(record_csv(record, lang))))
    header, body = rows[0], rows[1:]
    assert header == [record_phrase(column, lang) for column in CSV_COLUMNS]
    expected = [(r.name.get(lang), c.name.get(lang)) for r in registers for c in r.data_categories]
    assert [(row[0], row[4]) for row in body] == expected
    assert all(len(row) == len(CSV_COLUMNS) for row in body)
    by_category = {(row[0], row[4]): dict(zip(header, row, strict=True)) for row in body}
    modern = registers[0]
    health = by_category[(modern.name.get(lang), modern.data_category("health").name.get(lang))]
    special = record_phrase("Special category", lang)
    assert health[special] == notice_phrase(SPECIAL_CATEGORY["health"], lang)  # type: ignore[index]
    assert cited("GDPR 9(2)(h)", lang) in health[record_phrase("Legal bases", lang)]
    assert (
        i18n.format_duration("P12Y", lang) in health[record_phrase("Time limit for erasure", lang)]
    )
    assert "Ajanvaraus Oy" in health[record_phrase("Recipients", lang)]
    contact = by_category[
        (modern.name.get(lang), modern.data_category("contact-details").name.get(lang))
    ]
    assert contact[special] == record_phrase("None", lang)


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_text_has_every_item(record: ProcessingRecord, registers: list[Register]) -> None:
    import pypdf

    data = record_pdf(record, "fi")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert reader.metadata is not None
    assert reader.metadata.title == "Seloste käsittelytoimista – Tmi Terhi Kallio"
    for register in registers:
        assert register.name.get("fi") in text
    for letter, title in ITEMS:
        heading = record_phrase("(%(letter)s) %(title)s", "fi") % {
            "letter": letter,
            "title": record_phrase(title, "fi"),
        }
        assert text.count(heading) >= 2, heading
    assert "Ajanvaraus Oy" in text
    assert "12 vuotta" in text


# --- bad input -----------------------------------------------------------------------------------


def test_registers_of_different_controllers_are_refused(
    registers: list[Register], write_register: Callable[..., Path]
) -> None:
    other = member_register(write_register, "Yhdistys ry")
    with pytest.raises(RekisteriError) as caught:
        build_record([registers[0], other])
    message = str(caught.value)
    assert "Tmi Terhi Kallio" in message and "Yhdistys ry" in message
    assert "register.toml" in message and "m.toml" in message


def test_controller_names_differing_in_spacing_and_case_are_one_controller(
    registers: list[Register], write_register: Callable[..., Path]
) -> None:
    same = member_register(write_register, "tmi  TERHI kallio")
    record = build_record([registers[0], same])
    assert record.controller.name == "Tmi Terhi Kallio"
    assert len(record.activities) == 2


def test_business_id_decides_when_both_registers_give_one(
    write_register: Callable[..., Path],
) -> None:
    first = member_register(write_register, "Yhdistys ry", "1234567-1", "a.toml")
    renamed = member_register(write_register, "Yhdistys r.y.", "1234567-1", "b.toml")
    assert len(build_record([first, renamed]).activities) == 2
    other = member_register(write_register, "Yhdistys ry", "7654321-2", "c.toml")
    with pytest.raises(RekisteriError, match=r"c\.toml"):
        build_record([first, other])


def test_no_registers_is_an_error() -> None:
    with pytest.raises(RekisteriError, match="no registers"):
        build_record([])


def test_activities_get_distinct_anchors(
    write_register: Callable[..., Path],
) -> None:
    one = member_register(write_register, "Yhdistys ry", name="jasenet.toml")
    two = member_register(write_register, "Yhdistys ry", name="jasenet.toml")
    assert [a.id for a in build_record([one, two]).activities] == [
        "jasenrekisteri",
        "jasenrekisteri-2",
    ]


# --- writing files -------------------------------------------------------------------------------


def test_write_record_writes_each_language_and_refuses_to_overwrite(
    registers: list[Register], tmp_path: Path
) -> None:
    written = write_record(registers, tmp_path, formats=("html", "csv"))
    assert sorted(p.name for p in written) == [
        "seloste-kasittelytoimista.en.csv",
        "seloste-kasittelytoimista.en.html",
        "seloste-kasittelytoimista.fi.csv",
        "seloste-kasittelytoimista.fi.html",
    ]
    before = (tmp_path / "seloste-kasittelytoimista.fi.csv").read_bytes()
    with pytest.raises(RekisteriError, match="already exists"):
        write_record(registers, tmp_path, formats=("csv",))
    assert write_record(registers, tmp_path, langs=["fi"], formats=("csv",), force=True) == [
        tmp_path / "seloste-kasittelytoimista.fi.csv"
    ]
    assert (tmp_path / "seloste-kasittelytoimista.fi.csv").read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_record_refuses_unknown_format_and_language(
    registers: list[Register], tmp_path: Path
) -> None:
    with pytest.raises(RekisteriError, match="unknown output format docx"):
        write_record(registers, tmp_path, formats=("docx",))
    with pytest.raises(RekisteriError, match=r"notice\.languages: the notice is written in fi, en"):
        write_record(registers, tmp_path, langs=["sv"])
    assert list(tmp_path.iterdir()) == []


# --- the catalog ---------------------------------------------------------------------------------


def used_messages() -> set[str]:
    """Every msgid record.py and the record templates translate in the ``record`` domain."""
    found = {
        message
        for _, message, _, _ in extract_from_file(
            "python",
            str(ROOT / "src" / "rekisteri" / "record" / "record.py"),
            keywords=DEFAULT_KEYWORDS,
        )
    }
    for template in sorted((templates_dir() / "record").glob("*.j2")):
        found |= {
            message
            for _, message, _, _ in extract_from_file(
                "jinja2.ext:babel_extract",
                str(template),
                keywords=DEFAULT_KEYWORDS,
                options={"extensions": "jinja2.ext.i18n", "trim_blocks": "True"},
            )
        }
    return {m for m in found if isinstance(m, str)}


@pytest.mark.parametrize("lang", LANGS)
def test_record_catalog_translates_every_message(lang: str) -> None:
    used = used_messages()
    assert "(%(letter)s) %(title)s" in used and "Contents" in used
    with i18n.catalog_file(templates_dir(), lang, DOMAIN).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for message in sorted(used):
        entry = catalog.get(message)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(message)
            continue
        placeholders = set(re.findall(r"%\(\w+\)s", message))
        assert placeholders == set(re.findall(r"%\(\w+\)s", str(entry.string))), message
    assert missing == []
