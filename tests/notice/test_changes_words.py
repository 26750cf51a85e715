"""`rekisteri diff` in words: each change a sentence that names the thing as the notice does.

The change sentences (rekisteri.notice.changes) name an item by its name in the reader's language,
a field by a catalog label, a value in words (a legal basis, a country, a period through Babel);
no identifier, key of the register file or raw JSON reaches any output format of `rekisteri diff`
(text, JSON, HTML). Finnish and English verbs agree with their subject ("perusteet muuttuivat",
"the criteria were removed"). Art. 13(3) and 14(4) are cited for a new purpose only: "Where the
controller intends to further process the personal data for a purpose other than that for which
the personal data were collected, the controller shall provide the data subject prior to that
further processing with information on that other purpose" (GDPR Art. 13(3), 14(4), EUR-Lex
32016R0679).
"""

from __future__ import annotations

import json
import os
import re
import typing
from collections.abc import Iterator
from enum import Enum
from html.parser import HTMLParser
from pathlib import Path
from textwrap import dedent

import pytest
from pydantic import BaseModel

from rekisteri.documents.phrases import (
    ART9_CONDITION,
    DEROGATION,
    HETU_GROUND,
    MEDIUM,
    PROVISION,
    RIGHT_TITLE,
    SAFEGUARD,
    SPECIAL_CATEGORY,
)
from rekisteri.notice import changes as words
from rekisteri.notice.changes import described, format_html, format_json, format_text
from rekisteri.register import diff
from rekisteri.register import model as m
from rekisteri.register.diff import diff_registers
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.register.vocabulary import MarketingChannel

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "terhi-kallio"
GOLDEN = Path(__file__).parent / "golden"

# A small register the pairs below edit: one purpose, one category, one recipient, one transfer.
BASE = dedent(
    """\
    schema_version = 2
    name = { fi = "Asiakasrekisteri", en = "Client register" }

    [notice]
    languages = ["fi", "en"]
    version = "1"
    updated = 2024-01-15

    [controller]
    name = "Tmi Testi"
    address = { street = "Siltakatu 1", postal_code = "05900", city = "Hyvinkää" }
    email = "info@testi.example"

    [[data_subjects]]
    id = "clients"
    name = { fi = "Asiakkaat", en = "Clients" }

    [[purposes]]
    id = "client-care"
    name = { fi = "Asiakkaan hoito", en = "Client care" }
    description = { fi = "Ajanvaraukset.", en = "Appointments." }
    legal_basis = "contract"

    [[data_categories]]
    id = "contact-details"
    name = { fi = "Yhteystiedot", en = "Contact details" }
    subjects = ["clients"]
    purposes = ["client-care"]
    retention = "client-relationship"

    [[recipients]]
    id = "tax-office"
    name = { fi = "Verohallinto", en = "Tax Administration" }

    [[transfers.destinations]]
    country = "US"
    recipient = "Cloud Inc."
    safeguards = ["data_privacy_framework"]

    [[retention]]
    id = "client-relationship"
    period = "P3Y"
    counted_from.fi = "asiakassuhteen päättymisestä"
    counted_from.en = "the end of the client relationship"
    criteria = { fi = "Reklamaatiot.", en = "Complaints." }

    [direct_marketing]
    channels = ["email", "sms"]

    [notes]
    purposes = { fi = "Huomautus.", en = "A note." }
    """
)

NEW_PURPOSE = (
    "[[data_categories]]",
    dedent(
        """\
        [[purposes]]
        id = "newsletter"
        name = { fi = "Uutiskirje", en = "Newsletter" }
        legal_basis = "consent"

        [[data_categories]]"""
    ),
)


def _write(tmp_path: Path, name: str, text: str) -> Register:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_register(path)


def _pair(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Register, Register]:
    """The base register and the base with ``edits`` (text replacements) made."""
    text = BASE
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after, 1)
    return _write(tmp_path, "old.toml", BASE), _write(tmp_path, "new.toml", text)


def _messages(old: Register, new: Register, lang: str) -> list[str]:
    return [change.message for change in described(old, new, lang)]


# --- the changes the issue names ------------------------------------------------------------


def test_a_shorter_retention_period_says_it_shortened_in_words(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, ('period = "P3Y"', 'period = "P2Y"'))
    assert _messages(old, new, "fi") == [
        "Säilytysaika (laskettuna asiakassuhteen päättymisestä) lyheni: aiemmin 3 vuotta, "
        "nyt 2 vuotta."
    ]
    assert _messages(old, new, "en") == [
        "The retention period counted from the end of the client relationship was shortened "
        "from 3 years to 2 years."
    ]


def test_a_longer_retention_period_says_it_lengthened(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, ('period = "P3Y"', 'period = "P3Y6M"'))
    assert _messages(old, new, "fi") == [
        "Säilytysaika (laskettuna asiakassuhteen päättymisestä) piteni: aiemmin 3 vuotta, "
        "nyt 3 vuotta ja 6 kuukautta."
    ]
    assert _messages(old, new, "en") == [
        "The retention period counted from the end of the client relationship was lengthened "
        "from 3 years to 3 years and 6 months."
    ]
    # The same length written otherwise is neither longer nor shorter.
    same_old, same_new = _pair(tmp_path, ('period = "P3Y"', 'period = "P36M"'))
    assert _messages(same_old, same_new, "en") == [
        "The retention period counted from the end of the client relationship changed from "
        "3 years to 36 months."
    ]


def test_a_new_purpose_cites_13_3_and_a_removed_one_does_not(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, NEW_PURPOSE)
    [change] = diff_registers(old, new)
    assert (change.kind, change.inform, change.consent) == ("added", True, True)
    text = format_text(described(old, new, "fi"), "fi")
    assert text == (
        "- Käsittelyn tarkoitus ”Uutiskirje” lisättiin.\n"
        "  Kerro rekisteröidyille uudesta käsittelyn tarkoituksesta ennen kuin käsittely alkaa "
        "(tietosuoja-asetuksen 13 artiklan 3 kohta ja 14 artiklan 4 kohta).\n"
        "  Pyydä suostumus ennen kuin käsittely alkaa.\n"
        "\n"
        "1 muutos.\n"
        "Niistä 1 koskee uutta käsittelyn tarkoitusta, josta on kerrottava rekisteröidyille "
        "ennen käsittelyn alkamista.\n"
        "Niistä 1 edellyttää suostumusta ennen käsittelyn alkamista.\n"
    )
    english = format_text(described(old, new, "en"), "en")
    assert (
        "  Tell the data subjects before the processing for the new purpose starts (GDPR "
        in english
    )
    assert "Art. 13(3) and 14(4)).\n  Ask for consent before the processing starts.\n" in english

    [removed] = diff_registers(new, old)
    assert (removed.kind, removed.inform, removed.consent) == ("removed", False, False)
    back = format_text(described(new, old, "en"), "en")
    assert back == "- Purpose “Newsletter” was removed.\n\n1 change.\n"
    assert "13(3)" not in format_text(described(new, old, "fi"), "fi") + back


def test_data_used_for_a_purpose_it_was_not_collected_for_cites_13_3(tmp_path: Path) -> None:
    # The newsletter exists in both versions; only the contact details are new to it.
    _pair(tmp_path, NEW_PURPOSE)
    text = (tmp_path / "new.toml").read_text(encoding="utf-8")
    new = _write(
        tmp_path,
        "reused.toml",
        text.replace('purposes = ["client-care"]', 'purposes = ["client-care", "newsletter"]'),
    )
    old = _write(tmp_path, "with-newsletter.toml", text)
    [change] = diff_registers(old, new)
    assert change.inform is True
    assert _messages(old, new, "fi") == [
        "Tietoryhmän ”Yhteystiedot” käyttötarkoitukset muuttuivat: lisättiin ”Uutiskirje”."
    ]


def test_a_reworded_field_is_named_in_words(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, ('"Ajanvaraukset."', '"Ajanvaraukset ja muistutukset."'))
    assert _messages(old, new, "fi") == [
        "Käsittelyn tarkoituksen ”Asiakkaan hoito” kuvaus muuttui."
    ]
    assert _messages(old, new, "en") == ["The description of purpose “Client care” changed."]
    renamed_old, renamed_new = _pair(tmp_path, ('"Asiakkaan hoito"', '"Hoito"'))
    assert _messages(renamed_old, renamed_new, "fi") == [
        "Käsittelyn tarkoitus ”Asiakkaan hoito” on nyt nimeltään ”Hoito”."
    ]
    # Renamed in English only: a Finnish reader reads no rename to the same name.
    assert _messages(renamed_old, renamed_new, "en") == [
        "The name of purpose “Client care” changed."
    ]


def test_a_new_recipient_is_named_and_needs_no_prior_information(tmp_path: Path) -> None:
    recipient = dedent(
        """\
        [[recipients]]
        id = "collection-agency"
        name = { fi = "Perintätoimisto Oy", en = "Collection Agency Ltd" }

        [[transfers.destinations]]"""
    )
    old, new = _pair(tmp_path, ("[[transfers.destinations]]", recipient))
    [change] = diff_registers(old, new)
    assert (change.kind, change.inform) == ("added", False)
    assert _messages(old, new, "fi") == ["Vastaanottaja ”Perintätoimisto Oy” lisättiin."]
    assert _messages(old, new, "en") == ["Recipient “Collection Agency Ltd” was added."]
    assert "13" not in format_text(described(old, new, "fi"), "fi")


def test_a_transfer_that_moved_names_both_destinations(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, ('country = "US"', 'country = "IN"'))
    assert _messages(old, new, "fi") == [
        "EU:n ja ETA:n ulkopuolelle tehtävän siirron kohde muuttui: aiemmin Yhdysvallat "
        "(Cloud Inc.), nyt Intia (Cloud Inc.)."
    ]
    assert _messages(old, new, "en") == [
        "The destination of a transfer outside the EU and the EEA changed from United States "
        "(Cloud Inc.) to India (Cloud Inc.)."
    ]
    swiss = '\n[[transfers.destinations]]\ncountry = "CH"\nrecipient = "Swiss AG"\n'
    added_old, added_new = _pair(
        tmp_path, ('safeguards = ["data_privacy_framework"]\n', f"{SAFEGUARDS}{swiss}")
    )
    assert _messages(added_old, added_new, "fi") == [
        "Siirto EU:n ja ETA:n ulkopuolelle lisättiin: Sveitsi (Swiss AG)."
    ]


SAFEGUARDS = 'safeguards = ["data_privacy_framework"]\n'


def test_the_channels_of_direct_marketing_are_named(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, ('channels = ["email", "sms"]', 'channels = ["email", "post"]'))
    assert _messages(old, new, "fi") == [
        "Suoramarkkinoinnin kanavat muuttuivat: lisättiin kirje; poistettiin tekstiviesti."
    ]
    assert _messages(old, new, "en") == [
        "The channels of direct marketing changed: added post; removed text message."
    ]


def test_declared_dpv_terms_are_said_as_the_json_ld_writes_them(tmp_path: Path) -> None:
    category = 'retention = "client-relationship"\n\n[[recipients]]'
    declared = 'retention = "client-relationship"\ndpv = [%s]\n\n[[recipients]]'
    _base, old = _pair(tmp_path, (category, declared % '"pd:EmailAddress", "pd:TelephoneNumber"'))
    _base, new = _pair(tmp_path, (category, declared % '"pd:EmailAddress", "pd:PhysicalAddress"'))
    assert _messages(old, new, "fi") == [
        "Tietoryhmän ”Yhteystiedot” DPV-henkilötietotermit muuttuivat: lisättiin "
        "pd:PhysicalAddress; poistettiin pd:TelephoneNumber."
    ]
    assert _messages(old, new, "en") == [
        "The DPV personal-data terms of data category “Contact details” changed: added "
        "pd:PhysicalAddress; removed pd:TelephoneNumber."
    ]


def test_the_version_and_its_date_are_shown(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path,
        (
            'version = "1"\nupdated = 2024-01-15',
            'version = "2"\nupdated = 2024-06-01\neffective = 2024-07-01',
        ),
        ('period = "P3Y"', 'period = "P2Y"'),
    )
    fi, en = described(old, new, "fi"), described(old, new, "en")
    assert fi.version == "Versio 1 → 2, päivitetty 1.6.2024, voimassa 1.7.2024 alkaen"
    assert en.version == "Version 1 → 2, updated 1 June 2024, in force from 1 July 2024"
    assert format_text(fi, "fi").startswith(f"{fi.version}\n\n- Säilytysaika")
    assert json.loads(format_json(en))["version"] == en.version
    assert f">{en.version}</p>" in format_html(en, "en")


# --- agreement --------------------------------------------------------------------------------


def test_the_verb_agrees_with_a_plural_or_singular_field(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path,
        ('criteria = { fi = "Reklamaatiot.", en = "Complaints." }', ""),
        (
            'purposes = { fi = "Huomautus.", en = "A note." }',
            'purposes = { fi = "Uusi.", en = "New." }',
        ),
    )
    assert _messages(old, new, "fi") == [
        "Säilytysajan (laskettuna asiakassuhteen päättymisestä) perusteet poistettiin.",
        "Käsittelyn tarkoituksia koskeva huomautus muuttui.",
    ]
    assert _messages(old, new, "en") == [
        "The criteria of the retention period counted from the end of the client relationship "
        "were removed.",
        "The note on the purposes changed.",
    ]
    plural_old, plural_new = _pair(
        tmp_path,
        (
            'criteria = { fi = "Reklamaatiot.", en = "Complaints." }',
            'criteria = { fi = "Kyselyt.", en = "Questions." }',
        ),
        (
            'legal_basis = "contract"',
            'legal_basis = "contract"\nconsequences = { fi = "Ei hoitoa.", en = "No care." }',
        ),
    )
    assert _messages(plural_old, plural_new, "fi") == [
        "Käsittelyn tarkoituksen ”Asiakkaan hoito” tietojen antamatta jättämisen seuraukset "
        "lisättiin.",
        "Säilytysajan (laskettuna asiakassuhteen päättymisestä) perusteet muuttuivat.",
    ]
    assert _messages(plural_old, plural_new, "en")[0] == (
        "The consequences of not giving the data of purpose “Client care” were added."
    )


def _fields() -> Iterator[tuple[str, str, words._Field]]:
    for section, fields in words._FIELDS.items():
        for path, field in fields.items():
            yield section, path, field
    for path, field in words._TRANSFER_FIELDS.items():
        yield "transfers.destinations", path, field


# A Finnish noun in the nominative plural ends in -t ("perusteet", "tiedot"), the subject of
# "muuttuivat"; the translation keeps the number of the English label, so the verb agrees.
FINNISH_PLURAL = re.compile(r"\w+t(?!\w)")


@pytest.mark.parametrize(
    ("section", "path", "field"),
    [f for f in _fields() if f[2].kind != "bool"],
    ids=[f"{f[0]}.{f[1]}" for f in _fields() if f[2].kind != "bool"],
)
def test_a_plural_label_is_plural_in_finnish_and_english(
    section: str, path: str, field: words._Field
) -> None:
    from rekisteri.documents.i18n import translations

    fi = translations("fi", "diff").gettext(field.label)
    head = re.split(r" (?:of|on|for|behind|with|outside|by) ", field.label)[0].split()[-1]
    if field.plural:
        assert FINNISH_PLURAL.search(fi), fi
        assert head.endswith("s") or head == "criteria", field.label
    else:
        assert not head.endswith("s") or head in ("address", "basis"), field.label


# "Huomautukset muuttui": a plural subject with the singular verb. A quoted name or a
# parenthesis stands between a name and the verb, so the word before it is the subject's head.
DISAGREEING = re.compile(r"(?<![”\w])\w+(?:et|at|ät|ot|öt|ut|yt|it) muuttui\b")


# --- nothing internal reaches the reader ----------------------------------------------------

BROAD_OLD = dedent(
    """\
    schema_version = 2
    name = { fi = "Kauneushoitolan asiakasrekisteri", en = "Beauty salon client register" }
    description = { fi = "Kerromme, miten käsittelemme tietoja.", en = "How we process data." }

    [notice]
    languages = ["fi", "en"]
    default_language = "fi"
    version = "2023-1"
    updated = 2023-03-01

    [controller]
    name = "Kauneus Oy"
    business_id = "0112038-9"
    address = { street = "Katu 1", postal_code = "00100", city = "Helsinki" }
    phone = "040 123 4567"
    email = "info@kauneus.example"
    website = "https://kauneus.example"
    more_contacts = [{ label = { fi = "Vaihde", en = "Switchboard" }, phone = "09 123 4567" }]
    group = { fi = "Kauneus-konserni", en = "Kauneus group" }

    [contact]
    name = "Maija Mallikas"
    title = { fi = "Toimitusjohtaja", en = "Managing director" }
    email = "maija@kauneus.example"

    [dpo]
    name = "Pekka Suojanen"
    email = "dpo@kauneus.example"

    [representative]
    name = "EU Rep Ltd"
    email = "rep@example.eu"

    [[joint_controllers]]
    name = "Somepalvelu Ltd"
    essence = { fi = "Sivun tilastot.", en = "Page statistics." }
    country = "IE"
    purposes = ["p-care"]

    [[acting_as_processor]]
    controller = { fi = "Kylpylä Oy", en = "Spa Ltd" }

    [[data_subjects]]
    id = "g-clients"
    name = { fi = "Asiakkaat", en = "Clients" }

    [[data_subjects]]
    id = "g-kids"
    name = { fi = "Lapsiasiakkaat", en = "Child clients" }

    [[purposes]]
    id = "p-care"
    name = { fi = "Hoidot", en = "Treatments" }
    description = { fi = "Hoitojen varaus.", en = "Booking treatments." }
    legal_basis = "contract"
    requirement = "contract_prerequisite"
    consequences = { fi = "Ei hoitoa.", en = "No treatment." }

    [[purposes]]
    id = "p-news"
    name = { fi = "Uutiskirje", en = "Newsletter" }
    legal_basis = "consent"
    direct_marketing = true
    online_service = true
    child_consent.from_age = 13
    child_consent.guardian_below = true
    child_consent.how_checked = { fi = "Kysymme iän.", en = "We ask the age." }

    [[purposes]]
    id = "p-old"
    name = { fi = "Arvonta", en = "Prize draw" }
    legal_basis = "legitimate_interests"
    legitimate_interest = { fi = "Asiakassuhteen hoito.", en = "Client relations." }

    [[bases]]
    basis = "legal_obligation"
    details = { fi = "Kirjanpitolaki", en = "Accounting Act" }
    purposes = ["p-care"]

    [[data_categories]]
    id = "c-contact"
    name = { fi = "Yhteystiedot", en = "Contact details" }
    subjects = ["g-clients"]
    purposes = ["p-care"]
    sources = ["s-self"]
    retention = "r-relation"
    provision = "required"
    hetu = true
    hetu_ground = "consent"

    [[data_categories]]
    id = "c-allergy"
    name = { fi = "Allergiat", en = "Allergies" }
    subjects = ["g-clients"]
    purposes = ["p-care"]
    sources = ["s-self"]
    retention = "r-relation"
    special = { category = "health", condition = "explicit_consent" }

    [[sources]]
    id = "s-self"
    name = { fi = "Asiakas itse", en = "The client" }
    kind = "data-subject"
    group = "g-clients"

    [[sources]]
    id = "s-partner"
    name = { fi = "Yhteistyökumppani", en = "A partner" }
    kind = "third-party"

    [[recipients]]
    id = "x-authority"
    name = { fi = "Verohallinto", en = "Tax Administration" }
    data_categories = ["c-contact"]
    country = "FI"

    [[processors]]
    id = "q-booking"
    name = "Varaus Oy"
    role = { fi = "Ajanvaraus", en = "Booking" }
    country = "FI"
    agreement = true
    data_categories = ["c-contact"]

    [[staff]]
    role = { fi = "Vastaanotto", en = "Reception" }
    data_categories = ["c-contact"]

    [transfers]
    statement = { fi = "Siirrämme tietoja.", en = "We transfer data." }
    destinations = [
      { country = "US", recipient = "Cloud Inc.", safeguards = ["standard_contractual_clauses"] },
      { country = "GB", processor = "q-booking", safeguards = ["adequacy_decision"] },
    ]

    [[retention]]
    id = "r-relation"
    period = "P3Y"
    counted_from.fi = "asiakassuhteen päättymisestä"
    counted_from.en = "the end of the client relationship"
    criteria = { fi = "Reklamaatiot.", en = "Complaints." }

    [[retention]]
    id = "r-books"
    period = "P6Y"
    counted_from = { fi = "tilikauden päättymisestä", en = "the end of the financial period" }
    statute = { act = "1336/1997", section = "2 luku 10 §" }

    [automated_decisions]
    used = false
    profiling = false

    [security]
    access_control = { fi = "Tunnukset.", en = "Accounts." }
    general = { fi = "Periaatteet.", en = "Principles." }

    [rights]
    stated = ["access", "rectification"]
    complaint = "fi-ombudsman"
    how_to_exercise = { fi = "Sähköpostilla.", en = "By email." }

    [direct_marketing]
    channels = ["email", "sms"]
    consent_model = "prior_consent"
    opt_out = { fi = "Vastaa viestiin.", en = "Reply to the message." }

    [[cookies]]
    name = "_ga"
    provider = "Google"
    purpose = { fi = "Tilastot", en = "Statistics" }
    lifetime = "P2Y"
    necessary = false
    country = "US"

    [notes]
    purposes = { fi = "Huomautus.", en = "A note." }

    [[sections]]
    id = "z-extra"
    heading = { fi = "Lisätietoa", en = "More" }
    text = { fi = "Tekstiä.", en = "Text." }
    """
)

BROAD_NEW = dedent(
    """\
    schema_version = 2
    name.fi = "Kauneushoitolan asiakas- ja markkinointirekisteri"
    name.en = "Beauty salon client and marketing register"
    description.fi = "Tässä kerromme, miten käsittelemme tietoja."
    description.en = "How we process personal data."

    [notice]
    languages = ["fi", "en"]
    default_language = "fi"
    version = "2024-2"
    updated = 2024-06-01
    effective = 2024-07-01

    [controller]
    name = "Kauneus ja Hyvinvointi Oy"
    names = { fi = "Kauneus ja Hyvinvointi Oy", en = "Beauty and Wellbeing Ltd" }
    business_id = "0201256-6"
    address = { street = "Katu 2", postal_code = "00100", city = "Helsinki" }
    visiting_address = { street = "Torikatu 3", postal_code = "00100", city = "Helsinki" }
    phone = "040 765 4321"
    email = "tietosuoja@kauneus.example"
    website = "https://kauneushyvinvointi.example"
    more_contacts = [
      { label = { fi = "Asiakaspalvelu", en = "Customer service" }, email = "asiakas@example.fi" },
    ]
    group = { fi = "Hyvinvointikonserni", en = "Wellbeing group" }
    health_care_provider = true
    voice = "we"

    [contact]
    name = "Maija Meikäläinen"
    title = { fi = "Yrittäjä", en = "Owner" }
    phone = "040 111 2222"
    address = { street = "Katu 2", postal_code = "00100", city = "Helsinki" }

    [dpo]
    name = "Pekka Suojanen"
    email = "tietosuojavastaava@kauneus.example"
    phone = "040 333 4444"

    [representative]
    name = "EU Representative GmbH"
    email = "rep@example.eu"
    phone = "+49 30 1234567"
    address = { street = "Hauptstraße 1", postal_code = "10115", city = "Berlin", country = "DE" }

    [[joint_controllers]]
    name = "Somepalvelu Ltd"
    essence = { fi = "Sivun tilastot ja mainonta.", en = "Page statistics and ads." }
    country = "US"
    contact = { fi = "Lomake.", en = "A form." }
    website = "https://some.example"
    purposes = ["p-care", "p-news"]

    [[joint_controllers]]
    name = "Kumppani Oy"

    [[acting_as_processor]]
    controller = { fi = "Kylpylä Oy", en = "Spa Ltd" }
    description = { fi = "Kylpylän hoidot.", en = "Spa treatments." }

    [[acting_as_processor]]
    controller = { fi = "Salonki Oy", en = "Salon Ltd" }

    [[data_subjects]]
    id = "g-clients"
    name = { fi = "Nykyiset ja entiset asiakkaat", en = "Current and former clients" }
    description = { fi = "Kaikki asiakkaat.", en = "All clients." }

    [[data_subjects]]
    id = "g-kids"
    name = { fi = "Lapsiasiakkaat", en = "Child clients" }
    children = true

    [[purposes]]
    id = "p-care"
    name = { fi = "Hoitojen toteuttaminen", en = "Providing treatments" }
    description = { fi = "Hoitojen varaus ja toteutus.", en = "Booking and giving treatments." }
    bases = [
      { basis = "contract", while = { fi = "asiakassuhteen aikana", en = "while a client" } },
      { basis = "consent", while = { fi = "sen jälkeen", en = "after it" } },
    ]
    requirement = "contractual"
    consequences = { fi = "Hoitoa ei voi antaa.", en = "No treatment can be given." }
    consent_required_for_service = true
    basis_details = { fi = "Palvelusopimus", en = "Service contract" }

    [[purposes]]
    id = "p-news"
    name = { fi = "Uutiskirje", en = "Newsletter" }
    legal_basis = "consent"
    child_consent.from_age = 15
    child_consent.how_checked = { fi = "Kysymme iän ja huoltajan.", en = "We ask the guardian." }

    [[purposes]]
    id = "p-profile"
    name = { fi = "Asiakasprofilointi", en = "Client profiling" }
    legal_basis = "legitimate_interests"
    legitimate_interest = { fi = "Tarjousten kohdentaminen.", en = "Targeting offers." }

    [[bases]]
    basis = "legal_obligation"
    details = { fi = "Kirjanpitolaki ja verolait", en = "Accounting Act and tax laws" }
    purposes = ["p-care"]

    [[bases]]
    basis = "vital_interests"
    purposes = ["p-care"]

    [[data_categories]]
    id = "c-contact"
    name = { fi = "Yhteystiedot", en = "Contact details" }
    description = { fi = "Nimi ja puhelin.", en = "Name and phone." }
    subjects = ["g-clients", "g-kids"]
    purposes = ["p-care", "p-news"]
    sources = ["s-self", "s-partner"]
    retention = ["r-relation", "r-books"]
    provision = "voluntary"
    hetu_ground = "health_and_social_care"
    hetu = true
    criminal = true
    third_party = true
    observed = true
    medium = "paper"
    review = true

    [[data_categories]]
    id = "c-allergy"
    name = { fi = "Allergiat", en = "Allergies" }
    subjects = ["g-clients"]
    purposes = ["p-care"]
    sources = ["s-self"]
    retention = "r-relation"
    special.category = "health"
    special.condition = "health_or_social_care"
    special.national_ground = { fi = "Tietosuojalain 6 §", en = "Data Protection Act, section 6" }

    [[data_categories]]
    id = "c-profile"
    name = { fi = "Profiilitiedot", en = "Profile data" }
    subjects = ["g-clients"]
    purposes = ["p-profile"]
    sources = ["s-self"]
    retention = "r-relation"
    special = { category = "biometric", condition = "explicit_consent" }

    [[sources]]
    id = "s-self"
    name = { fi = "Asiakas", en = "The client" }
    description = { fi = "Asiakas kertoo itse.", en = "The client tells us." }
    kind = "data-subject"
    group = "g-kids"

    [[sources]]
    id = "s-partner"
    name = { fi = "Yhteistyökumppani", en = "A partner" }
    kind = "public"

    [[recipients]]
    id = "x-authority"
    name = { fi = "Verohallinto", en = "Finnish Tax Administration" }
    description = { fi = "Lakisääteiset ilmoitukset.", en = "Statutory reports." }
    data_categories = ["c-contact", "c-allergy"]
    country = "SE"
    basis = { fi = "Verolait", en = "Tax laws" }

    [[recipients]]
    id = "x-collection"
    name = { fi = "Perintätoimisto Oy", en = "Collection Agency Ltd" }
    data_categories = ["c-contact"]

    [[processors]]
    id = "q-booking"
    name = "Varausjärjestelmä Oy"
    role = { fi = "Ajanvaraus ja kassa", en = "Booking and till" }
    country = "SE"
    agreement = false
    recipient = false
    data_categories = ["c-contact", "c-allergy"]

    [[processors]]
    id = "q-mail"
    role = { fi = "Postitus", en = "Mailing" }

    [[staff]]
    role = { fi = "Vastaanotto", en = "Reception" }
    description = { fi = "Näkee varaukset.", en = "Sees bookings." }
    data_categories = ["c-contact"]

    [[staff]]
    role = { fi = "Kirjanpitäjä", en = "Bookkeeper" }

    [transfers]
    statement = { fi = "Siirrämme tietoja EU:n ulkopuolelle.", en = "We transfer data." }

    [[transfers.destinations]]
    country = "IN"
    recipient = "Cloud Inc."
    safeguards = ["standard_contractual_clauses"]

    [[transfers.destinations]]
    country = "GB"
    processor = "q-booking"
    safeguards = ["adequacy_decision", "binding_corporate_rules"]
    details = { fi = "Lisätietoja.", en = "More." }
    obtain_copy = { fi = "Pyydä meiltä.", en = "Ask us." }

    [[transfers.destinations]]
    country = "CH"
    recipient = "Swiss AG"
    derogation = "explicit_consent"
    safeguards = ["derogation"]

    [[retention]]
    id = "r-relation"
    period = "P2Y"
    at_most = true
    counted_from = { fi = "viimeisestä käynnistä", en = "the last visit" }
    criteria = { fi = "Reklamaatiot ja kyselyt.", en = "Complaints and questions." }
    medium = "electronic"
    subjects = ["g-clients"]
    statutory_basis = { fi = "Kuluttajansuojalaki", en = "Consumer Protection Act" }

    [[retention]]
    id = "r-books"
    combine = "later"
    statute = [{ act = "1336/1997", section = "2 luku 10 §" }, { act = "1501/2001" }]

    [[retention.terms]]
    period = "P10Y"
    counted_from = { fi = "tilikauden päättymisestä", en = "the end of the financial period" }
    medium = "electronic"

    [[retention.terms]]
    period = "P6M"
    medium = "paper"

    [[retention]]
    id = "r-until"
    until = 2030-12-31

    [automated_decisions]
    used = true
    profiling = true
    logic = { fi = "Pisteytys.", en = "Scoring." }
    significance = { fi = "Tarjoukset.", en = "Offers." }
    consequences = { fi = "Eri tarjoukset.", en = "Different offers." }

    [security]
    access_control = { fi = "Henkilökohtaiset tunnukset.", en = "Personal accounts." }
    logging = { fi = "Lokit.", en = "Logs." }
    manual = { fi = "Lukittu kaappi.", en = "A locked cabinet." }

    [health_care]
    kanta = true
    patient_ombudsman = { name = "Liisa Asiamies", phone = "09 555 1234" }

    [rights]
    stated = [
      "access",
      "erasure",
      { right = "objection", how = { fi = "Kirjeellä.", en = "By letter." } },
      "withdraw_consent",
    ]
    complaint.name = { fi = "Ruotsin tietosuojaviranomainen", en = "Swedish Privacy Authority" }
    complaint.email = "imy@imy.example"
    extra = { fi = "Lisää oikeuksista.", en = "More on rights." }
    restrictions = { fi = "Potilasasiakirjoja ei poisteta.", en = "Records are kept." }

    [direct_marketing]
    channels = ["email", "post"]
    consent_model = "soft_opt_in"
    description = { fi = "Tarjoukset.", en = "Offers." }

    [[cookies]]
    name = "_ga"
    provider = "Google Ireland"
    purpose = { fi = "Kävijätilastot", en = "Visitor statistics" }
    lifetime = "session"
    necessary = true
    country = "IE"

    [[cookies]]
    name = "sessionid"
    provider = "Kauneus"
    purpose = { fi = "Kirjautuminen", en = "Signing in" }
    necessary = true

    [notes]
    purposes = { fi = "Uusi huomautus.", en = "A new note." }
    retention = { fi = "Säilytys.", en = "Retention." }

    [[sections]]
    id = "z-extra"
    after = "purposes"
    heading = { fi = "Lisää tietoa", en = "More information" }
    text = { fi = "Uutta tekstiä.", en = "New text." }
    """
)


def _model_keys() -> set[str]:
    """Every key of the register file and every enumerated value (legal bases, conditions, …)."""
    found: set[str] = set()

    def walk(model: type[BaseModel]) -> None:
        for name, info in model.model_fields.items():
            found.add(info.alias or name)
            for inner in _models(info.annotation):
                walk(inner)

    walk(Register)
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, Enum) and value is not Enum:
            found.update(str(member.value) for member in value)
    found.update(str(channel.value) for channel in MarketingChannel)
    return found


def _models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [inner for arg in typing.get_args(annotation) for inner in _models(arg)]


def _ids(register: Register) -> set[str]:
    sections = ("data_subjects", "purposes", "data_categories", "sources", "recipients")
    found = {
        item.id
        for section in (*sections, "processors", "retention", "sections")
        for item in m.listed(getattr(register, section))
    }
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _outputs(old: Register, new: Register, lang: str) -> dict[str, str]:
    """What a reader gets in each format of `rekisteri diff`: the text, the HTML box's text and
    the JSON's words."""
    changes = described(old, new, lang)
    html = _Text()
    html.feed(format_html(changes, lang))
    payload = json.loads(format_json(changes))
    said = [
        payload["version"] or "",
        *(c[k] for c in payload["changes"] for k in ("message", "section", "kind")),
    ]
    return {
        "text": format_text(changes, lang),
        "html": "".join(html.parts),
        "json": "\n".join(said),
    }


def _pairs(tmp_path: Path) -> list[tuple[str, Register, Register]]:
    broad_old = _write(tmp_path, "broad-old.toml", BROAD_OLD)
    broad_new = _write(tmp_path, "broad-new.toml", BROAD_NEW)
    legacy = load_register(EXAMPLES / "rekisteriseloste-2018.toml")
    modern = load_register(EXAMPLES / "register.toml")
    return [
        ("broad", broad_old, broad_new),
        ("broad back", broad_new, broad_old),
        ("example", legacy, modern),
        ("example back", modern, legacy),
    ]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_output_shows_json_ids_or_keys_of_the_file(tmp_path: Path, lang: str) -> None:
    keys = {key for key in _model_keys() if re.search(r"[_-]", key)}
    for name, old, new in _pairs(tmp_path):
        # An id that is an English word ("health") may be said; one like "client-care" never.
        forbidden = keys | {i for i in _ids(old) | _ids(new) if re.search(r"[_-]", i)}
        assert len(diff_registers(old, new)) > 90, name
        for form, output in _outputs(old, new, lang).items():
            where = f"{name}, {lang} {form}"
            assert "{" not in output and "[" not in output, where
            assert not re.search(r"\b(?:True|False|None|null|P\d+[YMWD])\b", output), where
            found = {
                key
                for key in forbidden
                if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", output)
            }
            assert found == set(), where
            if lang == "fi":
                assert DISAGREEING.findall(output) == [], where


def test_the_broad_pair_touches_every_section_a_diff_compares(tmp_path: Path) -> None:
    # So that the assertions above see a sentence of every kind.
    [(_, old, new), *_rest] = _pairs(tmp_path)
    touched = {change.section for change in diff_registers(old, new)}
    compared = set(Register.model_fields) - diff._IGNORED
    assert compared - touched == set()
    kinds = {
        field.kind
        for section, path, field in _fields()
        for change in diff_registers(old, new)
        if change.section == section and (change.field or "") == path
    }
    assert {
        "bool",
        "enum",
        "ids",
        "rules",
        "terms",
        "statutes",
        "address",
        "rights",
        "authority",
    } <= kinds


# --- every field and value has words --------------------------------------------------------


def _leaf_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """The key paths a change can have inside an item or table of ``model``: a nested table
    (not a list, not an address) is compared key by key, anything else whole."""
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        yield key
        nested = [
            inner
            for inner in _models(info.annotation)
            if typing.get_origin(info.annotation) is not list
        ]
        lists = any(
            typing.get_origin(arg) is list
            for arg in (info.annotation, *typing.get_args(info.annotation))
        )
        if nested and not lists and (info.alias or name) not in diff._ATOMIC:
            yield from _leaf_paths(nested[0], f"{key}.")


def _section_paths() -> Iterator[tuple[str, str]]:
    for section, info in Register.model_fields.items():
        if section in diff._IGNORED:
            continue
        tables = _models(info.annotation)
        if section in diff.ITEM_KEYS:
            key = diff.ITEM_KEYS[section]
            for path in _leaf_paths(tables[0]):
                if path != key:
                    yield section, path
        elif tables and typing.get_origin(info.annotation) is not list:
            yield from ((section, path) for path in _leaf_paths(tables[0]))
        else:
            yield section, ""


def test_every_field_of_the_model_has_a_label() -> None:
    missing = [
        f"{section}.{path}" if path else section
        for section, path in _section_paths()
        if path not in words._FIELDS.get(section, {})
    ]
    assert missing == []
    transfer = [path for path in _leaf_paths(m.Transfer) if path != "country"]
    assert sorted(set(transfer) - set(words._TRANSFER_FIELDS)) == []


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        (words._LEGAL_BASIS, m.LegalBasis),
        (words._REQUIREMENT, m.Requirement),
        (words._SOURCE_KIND, m.SourceKind),
        (words._COMBINE, m.Combine),
        (words._CONSENT_MODEL, m.ConsentModel),
        (words._CHANNEL, MarketingChannel),
        (words._VOICE, m.Voice),
        (SPECIAL_CATEGORY, m.SpecialCategory),
        (ART9_CONDITION, m.Art9Condition),
        (HETU_GROUND, m.HetuGround),
        (PROVISION, m.Provision),
        (SAFEGUARD, m.Safeguard),
        (DEROGATION, m.Derogation),
        (MEDIUM, m.Medium),
        ({**RIGHT_TITLE, m.Right.WITHDRAW_CONSENT: words._WITHDRAW_CONSENT}, m.Right),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_every_value_has_a_label(table: dict[object, object], enum: type[Enum]) -> None:
    assert set(table) == set(enum)


# --- the example pair, word for word ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_example_pair_reads_as_committed(lang: str) -> None:
    legacy = load_register(EXAMPLES / "rekisteriseloste-2018.toml")
    modern = load_register(EXAMPLES / "register.toml")
    text = format_text(described(legacy, modern, lang), lang)
    golden = GOLDEN / f"diff-rekisteriseloste-2018-register.{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        f"the diff of the example pair differs from {golden.name}; if the change is intended "
        "run UPDATE_GOLDEN=1 pytest tests/notice/test_changes_words.py and review the diff"
    )
