"""The legal phrases the notice, the record, the JSON-LD export and access reports share.

The record, JSON-LD and access reports call these methods by name; each is tested here in the
states the register can be in, so that a caller knows what "not stated" gives it: an empty list,
an empty tuple or None, never an invented sentence.
"""

from __future__ import annotations

import textwrap

import pytest

from rekisteri.documents import i18n
from rekisteri.documents.blocks import EntryList, ItemList, Paragraph, Party, Section
from rekisteri.documents.phrases import LegalPhrases
from rekisteri.register.loading import parse_register
from rekisteri.register.model import Register

BASE = """\
schema_version = 2
name = { fi = "Rekisteri", en = "Register" }
TOP

[notice]
languages = ["fi", "en"]

[controller]
name = "Tmi Testi"
names = { fi = "Tmi Testi", en = "Testi Ltd" }
business_id = "1234567-1"
address = { street = { fi = "PL 1", en = "PO Box 1" }, postal_code = "00100", city = "Helsinki" }
phone = "045 127 0888"

[[data_subjects]]
id = "clients"
name = { fi = "Asiakkaat", en = "Clients" }

[[purposes]]
id = "care"
name = { fi = "Hoito", en = "Care" }
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
subjects = ["clients"]
purposes = ["care"]
"""


def register(tables: str = "", top: str = "") -> Register:
    text = BASE.replace("TOP", textwrap.dedent(top)) + textwrap.dedent(tables)
    return parse_register(text, "phrases.toml")


def phrases(reg: Register, lang: str = "fi") -> LegalPhrases:
    return LegalPhrases(reg, lang, i18n.translations(lang))


def test_not_stated_gives_nothing_to_every_caller() -> None:
    said = phrases(register())
    assert said.transfer_blocks() == []
    assert said.automated_blocks() == []
    assert said.rights_blocks() == []
    assert said.objection_section() is None
    assert said.authority_party() is None
    assert said.complaint_blocks() == []
    assert said.withdrawal_blocks() == []
    assert said.security_facts(include_electronic=True) == ()
    assert said.portability_blocks() == []
    assert said.health_care_blocks() == []
    assert said.particular_objection_blocks() == []
    assert said.marketing_objection_blocks() == []
    assert said.parties_abroad() == []


def test_stated_none_gives_the_negative_sentence() -> None:
    said = phrases(register(top='transfers = "none"\nautomated_decisions = "none"'), "en")
    assert said.transfer_blocks() == [
        Paragraph("The data is not transferred outside the EU or the European Economic Area (EEA).")
    ]
    (decisions,) = said.automated_blocks()
    assert isinstance(decisions, Paragraph)
    assert decisions.text.startswith("No decisions based solely on automated processing")


def test_the_controller_party_in_the_readers_language() -> None:
    party = phrases(register(), "en").controller_party("Controller")
    assert party == Party(
        name="Testi Ltd",
        role="Controller",
        facts=party.facts,
    )
    assert [(f.label, f.value) for f in party.facts] == [
        ("Business ID", "1234567-1"),
        ("Address", "PO Box 1, 00100 Helsinki"),
        ("Phone", "045\u00a0127\u00a00888"),
    ]
    assert phrases(register(), "fi").controller_party().name == "Tmi Testi"


def test_a_contact_known_by_role_or_by_email_only() -> None:
    reg = register(
        """
        [dpo]
        title = { fi = "Tietosuojavastaava", en = "Data protection officer" }
        email = "dpo@example.fi"

        [contact]
        email = "info@example.fi"
        """
    )
    said = phrases(reg, "en")
    assert reg.dpo is not None and reg.contact is not None
    dpo = said.person_party(reg.dpo)
    assert (dpo.name, dpo.title) == ("Data protection officer", None)
    assert said.person_party(reg.dpo, "Data protection officer").name == ""
    contact = said.person_party(reg.contact, "Contact person")
    assert contact.name == "" and contact.role == "Contact person"
    assert [f.value for f in contact.facts] == ["info@example.fi"]


def test_basis_names_every_basis_with_its_phase() -> None:
    text = BASE.replace("TOP", "").replace(
        'legal_basis = "contract"\n',
        textwrap.dedent(
            """
            [[purposes.bases]]
            basis = "contract"
            while = { fi = "asiakassuhteen aikana", en = "during the client relationship" }

            [[purposes.bases]]
            basis = "legitimate_interests"
            while = { fi = "kaksi vuotta sen jälkeen", en = "for two years after it" }
            """
        ),
    )
    reg = parse_register(text, "phrases.toml")
    assert phrases(reg, "fi").basis(reg.purposes[0]) == (
        "Sopimuksen täytäntöönpano (tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta), "
        "asiakassuhteen aikana; "
        "Oikeutettu etu (tietosuoja-asetuksen 6 artiklan 1 kohdan f alakohta), "
        "kaksi vuotta sen jälkeen"
    )
    assert phrases(register(), "en").basis(register().purposes[0]) == (
        "Performance of a contract (GDPR Art. 6(1)(b))"
    )


@pytest.mark.parametrize(
    ("rule", "lang", "expected"),
    [
        (
            'period = "P6Y"\ncounted_from = { fi = "tilikauden päättymisestä", en = "year end" }',
            "fi",
            ["6 vuotta tilikauden päättymisestä."],
        ),
        ('period = "PT10M"', "en", ["10 minutes."]),
        ('period = "P6M"\nat_most = true', "fi", ["Enintään 6 kuukautta."]),
        ("until = 2019-12-31", "fi", ["31.12.2019 asti."]),
        ('period = "P6M"\nmedium = "paper"', "fi", ["Paperiasiakirjat: 6 kuukautta."]),
        (
            'period = "P6Y"\nstatutory_basis = { fi = "Kirjanpitolaki 1336/1997", en = "Act" }\n'
            'statute = { act = "1336/1997", section = "2 luku 10 §" }',
            "fi",
            ["6 vuotta.", "Peruste: Kirjanpitolaki 1336/1997."],
        ),
        (
            'terms = [{ period = "P2Y" }, { period = "P3Y" }]\ncombine = "later"',
            "fi",
            ["2 vuotta tai 3 vuotta sen mukaan, kumpi on myöhäisempi."],
        ),
        (
            'terms = [{ period = "P2Y" }, { period = "P3Y" }]\ncombine = "earlier"',
            "en",
            ["2 years or 3 years, whichever is earlier."],
        ),
    ],
)
def test_retention_sentences(rule: str, lang: str, expected: list[str]) -> None:
    reg = register(f'\n[[retention]]\nid = "rule"\n{rule}\n')
    assert phrases(reg, lang).retention_sentences(reg.retention[0]) == expected


def test_parties_abroad_are_those_the_register_places_outside_the_eea() -> None:
    reg = register(
        """
        [[recipients]]
        id = "partner"
        name = { fi = "Kumppani", en = "Partner" }
        country = "SE"

        [[processors]]
        id = "cloud"
        role = { fi = "Pilvi", en = "Cloud" }
        country = "worldwide"

        [[processors]]
        id = "mail"
        name = "Mail Inc."
        role = { fi = "Posti", en = "Mail" }
        country = "US"

        [[processors]]
        id = "local"
        name = "Paikallinen Oy"
        role = { fi = "Varmuuskopiot", en = "Backups" }
        """
    )
    assert phrases(reg, "en").parties_abroad() == [("Cloud", "worldwide"), ("Mail Inc.", "US")]


def test_the_category_entry_and_the_rights_for_access_reports() -> None:
    reg = register(
        """
        [rights]
        stated = "derive"
        complaint = "fi-ombudsman"
        """
    )
    said = phrases(reg, "en")
    entry = said.category_entry(reg.data_categories[0])
    assert [(f.label, f.value) for f in entry.facts] == [
        ("Whose data", "Clients"),
        ("Purposes", "Care"),
        ("Legal basis", "Performance of a contract (GDPR Art. 6(1)(b))"),
    ]
    blocks = said.rights_blocks()
    assert isinstance(blocks[1], EntryList)
    # The category's source is not stated, so it is not taken as provided: no portability.
    assert [e.name for e in blocks[1].entries][-1] == "Right to restriction of processing (Art. 18)"
    assert said.portability_blocks() == []
    authority = said.authority_party()
    assert authority is not None and authority.name == "Office of the Data Protection Ombudsman"
    assert said.objection_section() is None  # no basis or marketing to object to
    assert isinstance(said.complaint_blocks()[0], Paragraph)


def test_security_facts_and_the_objection_section() -> None:
    reg = register(
        """
        [security]
        manual = { fi = "Lukittu kaappi", en = "A locked cabinet" }
        electronic = { fi = "Salattu", en = "Encrypted" }

        [rights]
        stated = ["objection"]
        """
    )
    said = phrases(reg, "en")
    assert [f.label for f in said.security_facts(include_electronic=False)] == ["Manual material"]
    assert [f.value for f in said.security_facts(include_electronic=True)] == [
        "A locked cabinet",
        "Encrypted",
    ]
    section = said.objection_section()
    assert isinstance(section, Section) and section.prominent
    assert section.blocks == (
        Paragraph("You have the right to object to the processing of your personal data."),
    )


def test_a_register_wide_basis_brings_its_rights_without_a_purpose_to_list() -> None:
    reg = register(
        """
        [[bases]]
        basis = "legitimate_interests"
        interest = { fi = "Turvallisuus", en = "Safety" }

        [rights]
        stated = "derive"
        """
    )
    said = phrases(reg, "en")
    section = said.objection_section()
    assert section is not None
    first = section.blocks[0]
    assert isinstance(first, Paragraph)
    # Only the basis the register states is named: no public task.
    assert first.text == (
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data based on legitimate interests."
    )
    names = [e.name for e in said.derived_rights(objection_anchor=False)]
    assert names[-1] == "Right to object (Art. 21)"
    assert said.withdrawal_blocks() == []  # no consent anywhere


def test_a_register_wide_basis_names_the_purposes_it_covers() -> None:
    reg = register(
        """
        [[bases]]
        basis = "consent"
        purposes = ["care"]

        [rights]
        stated = "derive"
        """
    )
    said = phrases(reg, "en")
    assert said.consent_items() == ["Care"]
    (intro, items, at_once) = said.withdrawal_blocks()
    assert isinstance(intro, Paragraph) and intro.text.endswith("This applies to:")
    assert items == ItemList(("Care",))
    assert at_once == Paragraph(
        "Withdrawing consent is as easy as giving it, and the withdrawal takes effect at once: "
        "from then on, your data is no longer processed on the basis of your consent."
    )
    assert said.basis(reg.purposes[0]) == "Performance of a contract (GDPR Art. 6(1)(b))"
    assert [u.basis.value for u in said.bases_for(reg.purposes[0])] == ["contract", "consent"]


def test_the_structured_security_measures_come_first_and_each_is_labelled() -> None:
    reg = register(
        """
        [security]
        general = { fi = "Vaitiolo", en = "Secrecy" }
        electronic = { fi = "Salattu levy", en = "Encrypted disk" }
        backups = { fi = "Päivittäin", en = "Daily" }
        access_control = { fi = "Omat tunnukset", en = "Personal accounts" }
        """
    )
    said = phrases(reg, "en")
    assert [(f.label, f.value) for f in said.security_facts(include_electronic=True)] == [
        ("Access control", "Personal accounts"),
        ("Backups", "Daily"),
        ("Electronically processed data", "Encrypted disk"),
        ("Other security measures", "Secrecy"),
    ]
    assert [f.label for f in phrases(reg, "fi").security_facts(include_electronic=False)] == [
        "Pääsynhallinta",
        "Varmuuskopiot",
        "Muut turvatoimet",
    ]


def test_the_reply_period_blocks_name_the_month_and_its_extension() -> None:
    (period,) = phrases(register(), "en").reply_period_blocks()
    assert period == Paragraph(
        "Using your rights is free of charge. You will receive an answer without undue delay and "
        "at the latest within one month of receiving your request. Where necessary, taking into "
        "account the complexity and number of requests, the period may be extended by two "
        "further months. You will then be told of the extension and the reasons for it within "
        "one month of receiving your request."
    )


def test_the_objection_summary_names_only_what_exists() -> None:
    survey = register(
        """
        [[purposes]]
        id = "survey"
        name = { fi = "Kysely", en = "Survey" }
        legal_basis = "legitimate_interests"
        legitimate_interest = { fi = "Laatu", en = "Quality" }
        direct_marketing = true
        """
    )
    assert phrases(survey, "en").objection_summary() == (
        "You have the right to object to processing based on legitimate interests. "
        "You can also object to direct marketing at any time."
    )
    assert phrases(survey, "fi").objection_summary() == (
        "Sinulla on oikeus vastustaa oikeutettuun etuun perustuvaa käsittelyä. "
        "Voit myös vastustaa suoramarkkinointia milloin tahansa."
    )
    assert phrases(register(), "en").objection_summary() is None
