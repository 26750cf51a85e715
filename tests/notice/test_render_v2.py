"""The notice on the version-2 register model: it says exactly what the register says.

Each conditional section is rendered in its three states (stated, stated "none", not stated) in
both layouts; rights are rendered as declared or derived; bases with their scope; retention in
every form of version 2; places by name; the parties, sources, cookies and the register's own
sections. A property test removes any set of conditional sections from the example and checks
that none of the sentences those sections say when "none" is left on any page.
"""

from __future__ import annotations

import copy
import os
import re
import textwrap
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_notice import LEGACY, MODERN, ROOT, Page, normalize, section, text_of

from rekisteri import load_register
from rekisteri.documents.blocks import EntryList
from rekisteri.errors import RekisteriError
from rekisteri.notice.render import build_context, render_html
from rekisteri.register.loading import parse_register
from rekisteri.register.model import NONE_SECTIONS, Register

LANGS = ("fi", "en")
LAYOUTS = ("tietosuojaseloste", "rekisteriseloste")
EXAMPLE: dict[str, Any] = tomllib.loads(MODERN.read_text(encoding="utf-8"))
SEED_EXAMPLE: dict[str, Any] = tomllib.loads(LEGACY.read_text(encoding="utf-8"))


# -- building registers ------------------------------------------------------------------------


def variant(
    changes: dict[str, Any] | None = None,
    remove: Iterable[str] = (),
    base: dict[str, Any] = EXAMPLE,
) -> Register:
    """The example with top-level keys replaced (``changes``) or removed (not stated)."""
    data = copy.deepcopy(base)
    for key in remove:
        data.pop(key, None)
    data.update(copy.deepcopy(changes or {}))
    return parse_register(tomli_w.dumps(data), "variant.toml")


SMALL = """\
schema_version = 2
name = { fi = "Asiakasrekisteri", en = "Client register" }

[notice]
languages = ["fi", "en"]
slug = "seloste"
NOTICE

[controller]
name = "Tmi Testi"
email = "testi@example.fi"
address = { street = "Katu 1", postal_code = "00100", city = "Helsinki" }

[[data_subjects]]
id = "clients"
name = { fi = "Asiakkaat", en = "Clients" }

[[data_subjects]]
id = "staff"
name = { fi = "Henkilökunta", en = "Staff" }

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


def small(tables: str = "", *, notice: str = "", purposes: str = "") -> Register:
    """A small register with ``notice`` keys and ``tables`` at the end; ``purposes`` replaces
    its one purpose. (Top-level keys such as ``recipients = "none"`` go through variant().)"""
    return parse_register(small_text(tables, notice=notice, purposes=purposes), "small")


def small_text(tables: str = "", *, notice: str = "", purposes: str = "") -> str:
    text = SMALL.replace("NOTICE", textwrap.dedent(notice))
    if purposes:
        start = text.index("[[purposes]]")
        end = text.index("[[data_categories]]")
        text = text[:start] + textwrap.dedent(purposes).lstrip() + "\n" + text[end:]
    return text + textwrap.dedent(tables)


def page(register: Register, lang: str = "en", layout: str | None = None) -> Page:
    return Page(render_html(register, lang, layout=layout))


def ids(register: Register, lang: str = "en", layout: str | None = None) -> list[str]:
    return [s.id for s in build_context(register, lang, layout=layout).sections]


def sentences(html: str) -> set[str]:
    """The sentences a reader sees on a page: each text of an element, split at full stops."""
    parsed = Page(html)
    found = set()
    for part in parsed.text_parts:
        for piece in re.split(r"(?<=[.!?])\s+", normalize(part)):
            if len(piece) > 3:
                found.add(piece)
    return found


def all_sentences(register: Register) -> set[str]:
    return {
        s
        for layout in LAYOUTS
        for lang in LANGS
        for s in sentences(render_html(register, lang, layout=layout))
    }


# -- three states, section by section ----------------------------------------------------------

EXPLAINED = {
    "logic": {"fi": "Pisteytys", "en": "Scoring"},
    "significance": {"fi": "Kohdentaminen", "en": "Targeting"},
    "consequences": {"fi": "Eri tarjoukset", "en": "Other offers"},
}

NEGATIVE = {
    "recipients": "The data is not disclosed to anyone.",
    "legacy-recipients": "The data is not regularly disclosed.",
    # The example speaks as "I" (controller.voice = "i").
    "processors": "No one else processes the data on my behalf.",
    "both": "The data is not disclosed to anyone, and no one else processes it on my behalf.",
    "transfers": "The data is not transferred outside the EU or the European Economic Area (EEA).",
    "automated": "No decisions based solely on automated processing, including profiling, that "
    "have legal or similarly significant effects on you are made.",
    "marketing": "The data is not used for direct marketing.",
    "cookies": "No cookies or similar technologies are used.",
}


def test_recipients_stated_none_and_not_stated() -> None:
    stated = page(variant())
    assert "Authorities where the law requires it" in stated.section("recipients")
    assert NEGATIVE["recipients"] not in stated.text

    none = variant({"recipients": "none"})
    assert NEGATIVE["recipients"] in page(none).section("recipients")
    assert "Authorities where the law requires it" not in page(none).text
    assert NEGATIVE["legacy-recipients"] in page(none, layout="rekisteriseloste").section(
        "disclosures"
    )

    unsaid = variant(remove=["recipients"])
    for layout in LAYOUTS:
        text = page(unsaid, layout=layout).text
        assert NEGATIVE["recipients"] not in text
        assert NEGATIVE["legacy-recipients"] not in text
        assert "Authorities where the law requires it" not in text
    # The processors and the register's note still stand in the section.
    assert "Ajanvaraus Oy" in page(unsaid).section("recipients")


def test_processors_stated_none_and_not_stated() -> None:
    none = variant({"processors": "none"})
    assert NEGATIVE["processors"] in page(none).section("recipients")
    assert NEGATIVE["processors"] in page(none, layout="rekisteriseloste").section("processors")
    assert "Ajanvaraus Oy" not in page(none).text

    unsaid = variant(remove=["processors"])
    for layout in LAYOUTS:
        assert NEGATIVE["processors"] not in page(unsaid, layout=layout).text
        assert "Ajanvaraus Oy" not in page(unsaid, layout=layout).text
    assert "processors" not in ids(unsaid, layout="rekisteriseloste")

    both = variant({"recipients": "none", "processors": "none"})
    assert (
        page(both)
        .section("recipients")
        .endswith(
            NEGATIVE["both"]
            + " "
            + "No data is disclosed outside the business for marketing purposes."
        )
    )


def test_nothing_about_recipients_or_processors_leaves_the_section_out() -> None:
    register = variant(remove=["recipients", "processors", "notes"])
    assert "recipients" not in ids(register)
    legacy = ids(register, layout="rekisteriseloste")
    assert "disclosures" not in legacy and "processors" not in legacy


def test_a_processor_named_by_role_with_no_country_says_no_country() -> None:
    register = small(
        """
        [[processors]]
        id = "cloud"
        role = { fi = "Pilvipalvelu", en = "Cloud service" }
        """
    )
    entries = section(build_context(register, "en").sections, "recipients").blocks[-1]
    (entry,) = entries.entries  # type: ignore[union-attr]
    assert entry.name == "Cloud service"
    assert entry.paragraphs == ()
    assert [f.label for f in entry.facts] == []
    legacy = page(register, layout="rekisteriseloste").section("processors")
    assert legacy.endswith("Cloud service.")
    assert "Finland" not in page(register).text


def test_the_processing_agreement_is_said_only_when_every_processor_has_one() -> None:
    agreed = "under a data processing agreement and only on my instructions"  # voice "i"
    assert agreed in page(variant({})).section("recipients")
    data = copy.deepcopy(EXAMPLE)
    processors = copy.deepcopy(data["processors"])
    del processors[1]["agreement"]
    unsaid = page(variant({"processors": processors})).section("recipients")
    assert agreed not in unsaid
    assert "The following service providers process personal data on my behalf." in unsaid


def test_special_categories_are_not_said_to_rest_only_on_grounds_not_given() -> None:
    only = "Special categories of personal data are processed only on the following grounds."
    assert only in page(variant({})).section("purposes")
    data = copy.deepcopy(EXAMPLE)
    categories = copy.deepcopy(data["data_categories"])
    for category in categories:
        if "special" in category:
            del category["special"]["condition"]
    assert only not in page(variant({"data_categories": categories})).text


def test_transfers_stated_none_and_not_stated() -> None:
    statement = "No data is transferred outside the EU or the European Economic Area."
    for layout in LAYOUTS:
        assert statement in page(variant(), layout=layout).section("transfers")
        none = page(variant({"transfers": "none"}), layout=layout)
        assert NEGATIVE["transfers"] in none.section("transfers")
        unsaid = variant(remove=["transfers"])
        assert "transfers" not in ids(unsaid, layout=layout)
        assert statement not in page(unsaid, layout=layout).text
        assert NEGATIVE["transfers"] not in page(unsaid, layout=layout).text
    stated = variant(
        {
            "transfers": {
                "destinations": [
                    {
                        "country": "worldwide",
                        "recipient": "Cloud Inc.",
                        "safeguards": ["privacy_shield"],
                    }
                ]
            }
        }
    )
    text = page(stated, "fi").section("transfers")
    assert (
        "Tietoja siirretään EU:n ja Euroopan talousalueen (ETA) ulkopuolelle seuraavasti." in text
    )
    assert "Maa maailmanlaajuisesti" in text
    assert "EU:n ja Yhdysvaltojen välinen Privacy Shield -järjestely" in text
    assert "ei siirretä" not in text


def test_a_transfer_statement_without_destinations_is_the_registers_own_sentence() -> None:
    register = small(
        """
        [transfers]
        statement = { fi = "Tiedot ovat Suomessa.", en = "The data stays in Finland." }
        """
    )
    assert page(register).section("transfers").endswith("The data stays in Finland.")
    assert NEGATIVE["transfers"] not in page(register).text


def test_transfer_alternatives_and_derogation() -> None:
    register = small(
        """
        [[processors]]
        id = "mail"
        name = "Mailgun Technologies Inc."
        role = { fi = "Sähköposti", en = "Email" }
        country = "US"

        [[transfers.destinations]]
        processor = "mail"
        country = "US"
        safeguards = ["data_privacy_framework", "standard_contractual_clauses"]

        [[transfers.destinations]]
        recipient = "Hotel abroad"
        country = "GB"
        safeguards = ["derogation"]
        derogation = "contract_with_subject"
        """
    )
    entries = section(build_context(register, "en").sections, "transfers").blocks[1].entries  # type: ignore[union-attr]
    assert [e.name for e in entries] == ["Mailgun Technologies Inc.", "Hotel abroad"]
    safeguards = entries[0].facts[1]
    assert safeguards.label == "Safeguards (one of the following)"
    assert safeguards.items == (
        "EU–US Data Privacy Framework, an adequacy decision of the European Commission (Art. 45)",
        "Standard contractual clauses adopted by the European Commission (Art. 46)",
    )
    facts = {f.label: f.value for f in entries[1].facts}
    assert facts["Country"] == "United Kingdom"
    assert facts["Derogation"] == "Performance of a contract with you (Art. 49(1)(b))"
    fi = page(register, "fi").section("transfers")
    assert "Kanssasi tehdyn sopimuksen täytäntöönpano (49 artiklan 1 kohdan b alakohta)" in fi
    assert "Iso-Britannia" in fi


@pytest.mark.parametrize(
    ("decisions", "said", "unsaid"),
    [
        ("none", [NEGATIVE["automated"]], []),
        ({"used": False, "profiling": False}, [NEGATIVE["automated"]], []),
        (
            {"used": False},
            [
                "No decisions based solely on automated processing that have legal or similarly "
                "significant effects on you are made."
            ],
            ["profiling."],
        ),
        ({"profiling": False}, ["Your personal data is not used for profiling."], ["decisions"]),
        (
            {
                "used": False,
                "profiling": True,
                **EXPLAINED,
            },
            [
                "No decisions based solely on automated processing that have legal",
                "Your personal data is used for profiling.",
                "Logic involved Scoring",
            ],
            [NEGATIVE["automated"]],
        ),
        (
            {
                "used": True,
                **EXPLAINED,
            },
            ["Decisions based solely on automated processing that have legal or similarly"],
            ["profiling."],
        ),
        ({"statement": {"fi": "Ei.", "en": "We say no more."}}, ["We say no more."], ["decisions"]),
    ],
)
def test_automated_decisions_say_only_what_is_stated(
    decisions: Any, said: list[str], unsaid: list[str]
) -> None:
    register = variant({"automated_decisions": decisions})
    for layout in LAYOUTS:
        text = page(register, layout=layout).section("automated-decisions")
        for phrase in said:
            assert phrase in text
        for phrase in unsaid:
            assert phrase not in text


def test_automated_decisions_not_stated_leave_no_section() -> None:
    register = variant(remove=["automated_decisions"])
    for layout in LAYOUTS:
        assert "automated-decisions" not in ids(register, layout=layout)
        assert (
            "automated decision"
            not in page(register, layout=layout)
            .text.replace("Right not to be subject to automated decision-making", "")
            .lower()
        )


def test_direct_marketing_stated_none_and_not_stated() -> None:
    stated = page(variant()).section("purposes")
    assert "Channels text message and email" in stated
    for layout in LAYOUTS:
        none = variant({"direct_marketing": "none"})
        text = page(none, layout=layout).section("purposes")
        assert NEGATIVE["marketing"] in text
        assert "Channels" not in text
        unsaid = page(variant(remove=["direct_marketing"]), layout=layout).text
        assert NEGATIVE["marketing"] not in unsaid
        assert "You can stop marketing at any time free of charge" not in unsaid


def test_cookies_stated_none_and_not_stated() -> None:
    cookies = [
        {
            "name": "_pk_id",
            "provider": "Matomo (own server)",
            "purpose": {"fi": "Kävijätilastot", "en": "Visitor statistics"},
            "lifetime": "P13M",
            "necessary": False,
        },
        {
            "name": "sid",
            "provider": "Tmi Terhi Kallio",
            "purpose": {"fi": "Kirjautuminen", "en": "Signing in"},
            "lifetime": "session",
            "necessary": True,
            "country": "FI",
        },
    ]
    stated = variant({"cookies": cookies})
    assert ids(stated)[-1] == "cookies"
    entries = section(build_context(stated, "fi").sections, "cookies").blocks[1].entries  # type: ignore[union-attr]
    assert [e.name for e in entries] == ["_pk_id", "sid"]
    assert [(f.label, f.value) for f in entries[0].facts] == [
        ("Tarjoaja", "Matomo (own server)"),
        ("Voimassaoloaika", "13 kuukautta"),
        ("Suostumus", "Asetetaan vain suostumuksellasi"),
    ]
    assert [(f.label, f.value) for f in entries[1].facts] == [
        ("Tarjoaja", "Tmi Terhi Kallio"),
        ("Maa", "Suomi"),
        ("Voimassaoloaika", "Selaimen sulkemiseen asti (istuntoeväste)"),
        ("Suostumus", "Ei kysytä: eväste on välttämätön palvelun toiminnalle"),
    ]
    assert "Visitor statistics" in page(stated, layout="rekisteriseloste").section("cookies")
    by_kind = variant({"cookies": [{"purpose": {"fi": "Analytiikka", "en": "Analytics"}}]})
    (entry,) = section(build_context(by_kind, "en").sections, "cookies").blocks[1].entries  # type: ignore[union-attr]
    assert (entry.name, entry.paragraphs, entry.facts) == ("Analytics", (), ())
    for layout in LAYOUTS:
        assert NEGATIVE["cookies"] in page(variant({"cookies": "none"}), layout=layout).section(
            "cookies"
        )
        assert "cookies" not in ids(variant(), layout=layout)
        assert NEGATIVE["cookies"] not in page(variant(), layout=layout).text


def test_sources_security_and_retention_not_stated_leave_their_sections_out() -> None:
    data = copy.deepcopy(EXAMPLE)
    for category in data["data_categories"]:
        category.pop("sources", None)
        category.pop("retention", None)
    data.pop("sources")
    data.pop("security")
    data.pop("retention")
    data.pop("store")  # its retention settings name the rules
    register = parse_register(tomli_w.dumps(data), "variant.toml")
    modern = ids(register)
    for absent in ("sources", "security", "retention"):
        assert absent not in modern
    legacy = ids(register, layout="rekisteriseloste")
    for absent in ("sources", "security"):
        assert absent not in legacy
    assert "Retention" not in page(register).section("data")
    # In 2018 style the marketing opt-out stands under the duration, which says nothing else.
    duration = page(register, layout="rekisteriseloste").section("duration")
    assert duration.endswith(
        "Duration of processing You can stop marketing at any time free of charge by replying "
        "to a message, by email or by text message."
    )


def test_legacy_sections_are_numbered_one_after_another() -> None:
    register = variant(remove=["transfers", "processors", "recipients", "notes"])
    sections = build_context(register, "fi", layout="rekisteriseloste").sections
    assert [s.number for s in sections] == list(range(1, len(sections) + 1))
    assert [s.id for s in sections][6:9] == ["duration", "automated-decisions", "security"]
    assert sections[7].heading == "8. Automaattinen päätöksenteko ja profilointi"


# -- the property: a removed section says nothing ------------------------------------------------


# A stated value for each section, with nothing of the example's negative statements in it.
STATED: dict[str, Any] = {
    "recipients": [{"id": "tax", "name": {"fi": "Verohallinto", "en": "Tax administration"}}],
    "processors": [{"id": "mail", "role": {"fi": "Sähköposti", "en": "Email"}}],
    "transfers": {"destinations": [{"country": "US", "recipient": "Cloud Inc."}]},
    "automated_decisions": {
        "used": True,
        "profiling": True,
        **EXPLAINED,
    },
    "direct_marketing": {"channels": ["post"]},
    "cookies": [
        {"name": "sid", "provider": "P", "purpose": {"fi": "K", "en": "K"}, "necessary": True}
    ],
    "rights": {"stated": [], "how_to_exercise": EXAMPLE["rights"]["how_to_exercise"]},
}


@cache
def produced(section_name: str) -> frozenset[str]:
    """The sentences ``section_name`` says in its "none" state that it does not say when
    stated: its negative sentences. The example's own "none" statements count too. For the
    rights, the sentences of the derived rights and the complaint route."""
    stated = all_sentences(variant({section_name: STATED[section_name]}))
    if section_name == "rights":
        said = all_sentences(variant())
    else:
        said = all_sentences(variant({section_name: "none"}))
        if EXAMPLE.get(section_name) is not None and section_name in (
            "transfers",
            "automated_decisions",
        ):
            said |= all_sentences(variant())
    return frozenset(said - stated)


def test_every_none_section_says_something_to_remove() -> None:
    for name in (*NONE_SECTIONS, "rights"):
        assert produced(name), name
    assert NEGATIVE["transfers"] in produced("transfers")
    assert "No data is transferred outside the EU or the European Economic Area." in produced(
        "transfers"
    )
    assert NEGATIVE["cookies"] in produced("cookies")
    assert any("free of charge" in s for s in produced("rights"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(removed=st.sets(st.sampled_from((*NONE_SECTIONS, "rights")), min_size=1))
def test_a_removed_section_leaves_none_of_its_sentences(removed: set[str]) -> None:
    register = variant(remove=removed)
    forbidden = set().union(*(produced(name) for name in removed))
    for layout in LAYOUTS:
        for lang in LANGS:
            left = sentences(render_html(register, lang, layout=layout)) & forbidden
            assert not left, (sorted(removed), layout, lang, left)


# -- rights -----------------------------------------------------------------------------------


def rights_names(register: Register, lang: str = "en") -> list[str]:
    blocks = section(build_context(register, lang).sections, "rights").blocks
    entries = next(b for b in blocks if isinstance(b, EntryList))
    return [e.name for e in entries.entries]


def test_listed_rights_are_exactly_those_with_their_own_words() -> None:
    register = small(
        """
        [rights]
        stated = [
          "access",
          { right = "erasure", text = { fi = "P", en = "Ask." }, how = { fi = "S", en = "Call." } },
        ]
        """,
        purposes="""
        [[purposes]]
        id = "care"
        name = { fi = "Hoito", en = "Care" }
        legal_basis = "consent"
        """,
    )
    assert rights_names(register) == ["Right of access (Art. 15)", "Right to erasure (Art. 17)"]
    rights = text_of(section(build_context(register, "en").sections, "rights"))
    assert "Ask. How to use this right Call." in rights
    assert "You have the right to know whether your personal data is processed" in rights
    assert "free of charge" not in rights
    assert "within one month" not in rights
    assert "General Data Protection Regulation" not in rights  # the register names no law
    assert "Contact the controller" not in rights
    # Consent is a basis, but withdrawal is neither listed nor derived; nor is the objection.
    present = ids(register)
    for absent in ("withdraw-consent", "objection", "complaint"):
        assert absent not in present


def test_derived_rights_keep_todays_sentences() -> None:
    register = small(
        """
        [rights]
        stated = "derive"
        """
    )
    rights = text_of(section(build_context(register, "en").sections, "rights"))
    assert "Using your rights is free of charge." in rights
    assert "Contact the controller using the contact details in this notice." in rights
    # The category states no source, so it is not taken as given by the person: no portability
    # (GDPR 20(1)) until the register says where the data comes from.
    assert rights_names(register)[-1] == "Right to restriction of processing (Art. 18)"
    assert "complaint" not in ids(register)  # derive says nothing of the complaint route
    given = with_own_source(small_text('[rights]\nstated = "derive"\n'))
    assert rights_names(given)[-1] == "Right to data portability (Art. 20)"


def with_own_source(text: str) -> Register:
    """The register of ``text`` with its contact details given by the clients themselves."""
    text = text.replace('purposes = ["care"]\n', 'purposes = ["care"]\nsources = ["self"]\n', 1)
    text += (
        '\n[[sources]]\nid = "self"\nkind = "data-subject"\n'
        'name = { fi = "Asiakas", en = "The client" }\n'
    )
    return parse_register(text, "small")


def test_listed_objection_and_withdrawal_get_their_sections() -> None:
    register = small(
        """
        [rights]
        stated = ["objection", { right = "withdraw_consent", how = { fi = "S", en = "Call us." } }]
        how_to_exercise = { fi = "Kirjoita meille.", en = "Write to us." }
        """
    )
    sections = build_context(register, "en").sections
    assert sections[0].id == "objection" and sections[0].prominent
    assert page(register).section("objection") == (
        "Your right to object "
        "You have the right to object to the processing of your personal data. Write to us."
    )
    withdrawal = text_of(section(sections, "withdraw-consent"))
    assert "You may withdraw your consent at any time." in withdrawal
    assert withdrawal.endswith("Call us.")
    assert rights_names(register) == ["Right to object (Art. 21)"]
    legacy = page(register, layout="rekisteriseloste").section("rights")
    assert "Withdrawing consent You may withdraw your consent at any time." in legacy
    assert legacy.count("You have the right to object to the processing") == 1


def test_without_a_list_of_rights_only_the_complaint_route_is_said() -> None:
    register = small(
        """
        [rights]
        complaint = "fi-ombudsman"
        """
    )
    present = ids(register)
    assert "rights" not in present
    assert "complaint" in present
    assert "Right of access" not in page(register).text
    assert "tietosuoja@om.fi" in page(register, "fi").section("complaint")
    legacy = page(register, layout="rekisteriseloste").section("rights")
    assert "Office of the Data Protection Ombudsman" in legacy
    assert "Right of access" not in legacy


def test_a_named_authority_is_the_complaint_route() -> None:
    register = small(
        """
        [rights]
        stated = ["access"]

        [rights.complaint]
        name.fi = "Integritetsskyddsmyndigheten"
        name.en = "Swedish Authority for Privacy Protection"
        email = "imy@imy.se"
        """
    )
    text = page(register).section("complaint")
    assert "Swedish Authority for Privacy Protection" in text
    assert "imy@imy.se" in text
    assert "Ombudsman" not in page(register).text


# -- legal bases -------------------------------------------------------------------------------

SCOPED = """
[[purposes]]
id = "care"
name = { fi = "Hoito", en = "Care" }

[[purposes.bases]]
basis = "contract"
while = { fi = "asiakassuhteen aikana", en = "during the client relationship" }

[[purposes.bases]]
basis = "legitimate_interests"
while.fi = "kaksi vuotta asiakassuhteen päättymisen jälkeen"
while.en = "for two years after it ends"
interest = { fi = "Riitojen selvittäminen.", en = "Settling disputes." }
categories = ["contact"]
subjects = ["clients"]

[[purposes.bases]]
basis = "consent"
categories = ["photos"]
"""


def test_scoped_bases_are_said_with_their_phase_and_scope() -> None:
    register = small(
        PHOTOS
        + """
        [[bases]]
        basis = "legal_obligation"
        details = { fi = "Kirjanpitolaki 1336/1997", en = "Accounting Act 1336/1997" }
        purposes = ["care"]
        """,
        purposes=SCOPED,
    )
    sections = build_context(register, "fi").sections
    care = section(sections, "purposes").blocks[0].entries[0]  # type: ignore[union-attr]
    assert [(f.label, f.value or f.items) for f in care.facts] == [
        (
            "Oikeusperuste",
            "Sopimuksen täytäntöönpano (tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta), "
            "asiakassuhteen aikana",
        ),
        (
            "Oikeusperuste",
            "Oikeutettu etu (tietosuoja-asetuksen 6 artiklan 1 kohdan f alakohta), kaksi vuotta "
            "asiakassuhteen päättymisen jälkeen",
        ),
        ("Koskee tietoja", "Yhteystiedot"),
        ("Kenen tietoja", "Asiakkaat"),
        ("Oikeutettu etu", "Riitojen selvittäminen."),
        ("Oikeusperuste", "Suostumus (tietosuoja-asetuksen 6 artiklan 1 kohdan a alakohta)"),
        ("Koskee tietoja", "Valokuvat"),
    ]
    purposes = page(register, "fi").section("purposes")
    assert (
        "Oikeusperusteet Lakisääteisen velvoitteen noudattaminen "
        "(tietosuoja-asetuksen 6 artiklan 1 kohdan c alakohta) " in purposes
    )
    assert "Käyttötarkoitukset Hoito Laki tai sopimus Kirjanpitolaki 1336/1997" in purposes
    # The bases are said once, under the purposes, each with the data it is limited to; a data
    # category does not repeat them.
    data = section(sections, "data").blocks[-1].entries  # type: ignore[union-attr]
    assert [f for e in data for f in e.facts if f.label == "Oikeusperuste"] == []
    legacy = page(register, "fi", layout="rekisteriseloste").section("purposes")
    assert (
        "Oikeusperuste Oikeutettu etu (tietosuoja-asetuksen 6 artiklan 1 kohdan f alakohta), "
        "kaksi vuotta" in legacy
    )
    assert (
        "Lakisääteisen velvoitteen noudattaminen "
        "(tietosuoja-asetuksen 6 artiklan 1 kohdan c alakohta)" in legacy
    )


PHOTOS = """
[[data_categories]]
id = "photos"
name = { fi = "Valokuvat", en = "Photos" }
purposes = ["care"]
"""


def test_scoped_bases_drive_the_derived_rights() -> None:
    register = with_own_source(
        small_text(PHOTOS + '[rights]\nstated = "derive"\n', purposes=SCOPED)
    )
    sections = build_context(register, "en").sections
    assert sections[0].id == "objection"  # the legitimate interest of one phase
    assert "Care" in text_of(sections[0])
    assert "withdraw-consent" in [s.id for s in sections]
    assert "Right to data portability (Art. 20)" in rights_names(register)


def test_a_transcribed_interest_basis_without_its_interest_renders() -> None:
    register = small(
        purposes="""
        [[purposes]]
        id = "care"
        name = { fi = "Hoito", en = "Care" }
        legal_basis = "legitimate_interests"
        """
    )
    care = section(build_context(register, "en").sections, "purposes").blocks[0].entries[0]  # type: ignore[union-attr]
    assert [f.label for f in care.facts] == ["Legal basis"]


def test_consent_as_a_condition_and_childrens_consent() -> None:
    register = small(
        purposes="""
        [[purposes]]
        id = "care"
        name = { fi = "Hoito", en = "Care" }
        legal_basis = "consent"
        consent_required_for_service = true

        [purposes.child_consent]
        from_age = 13
        guardian_below = true
        how_checked = { fi = "Kysymme iän.", en = "We ask your age." }
        """
    )
    fi = page(register, "fi").section("purposes")
    assert "Suostumuksen antaminen on palvelun käyttämisen edellytys." in fi
    assert (
        "Lasten suostumus Lapsi voi antaa suostumuksen itse, kun hän on täyttänyt 13 vuotta. "
        "Nuoremman lapsen puolesta suostumuksen antaa huoltaja."
    ) in fi
    assert "Iän ja suostumuksen tarkistaminen Kysymme iän." in fi
    en = page(register, "en", layout="rekisteriseloste").section("purposes")
    assert "Giving consent is a condition of using the service." in en
    assert "A child aged 13 or over can give consent alone." in en


# -- retention ---------------------------------------------------------------------------------


def retention(rules: str, lang: str = "fi") -> tuple[str, str]:
    """The retention section's text and the legacy duration's, for ``rules``."""
    register = small(
        textwrap.dedent(rules)
        + '\n[[data_subjects]]\nid = "applicants"\nname = { fi = "Hakijat", en = "Applicants" }\n'
    )
    return (
        page(register, lang).section("retention"),
        page(register, lang, layout="rekisteriseloste").section("duration"),
    )


@pytest.mark.parametrize(
    ("rule", "fi", "en"),
    [
        ('period = "PT10M"', "10 minuuttia", "10 minutes"),
        ('period = "P1DT12H"', "1 päivä ja 12 tuntia", "1 day and 12 hours"),
        ('period = "P6M"\nat_most = true', "Enintään 6 kuukautta", "At most 6 months"),
        (
            'period = "P6M"\nat_most = true\n'
            'counted_from = { fi = "tilauksesta", en = "the order" }',
            "Enintään 6 kuukautta tilauksesta",
            "At most 6 months from the order",
        ),
        ("until = 2019-12-31", "31.12.2019 asti", "Until 31 December 2019"),
        (
            'period = "P6M"\nmedium = "paper"',
            "Paperiasiakirjat: 6 kuukautta",
            "Paper documents: 6 months",
        ),
        (
            'period = "P2Y"\nsubjects = ["applicants"]\nmedium = "electronic"',
            "Hakijat, sähköiset tiedot: 2 vuotta",
            "Applicants, electronic data: 2 years",
        ),
        (
            'criteria.fi = "Kunnes vanhentumisaika on kulunut."\n'
            'criteria.en = "Until the limitation period has run."\n'
            'counted_from = { fi = "sopimuksen päättymisestä", en = "the end of the contract" }',
            "Kunnes vanhentumisaika on kulunut (laskettuna sopimuksen päättymisestä)",
            "Until the limitation period has run (counted from the end of the contract)",
        ),
    ],
)
def test_retention_terms_in_words(rule: str, fi: str, en: str) -> None:
    for lang, expected in (("fi", fi), ("en", en)):
        modern, legacy = retention(f'[[retention]]\nid = "rule"\n{rule}\n', lang)
        assert expected in modern
        assert expected in legacy


def test_terms_combined_by_whichever_decides() -> None:
    rules = """
    [[retention]]
    id = "later"
    terms = [
      { period = "P2Y", counted_from = { fi = "sopimuksen lopusta", en = "the contract's end" } },
      { period = "P3Y", counted_from = { fi = "viimeisestä ostosta", en = "the last purchase" } },
    ]
    combine = "later"

    [[retention]]
    id = "earliest"
    terms = [{ period = "P1Y" }, { period = "P2Y" }, { until = 2030-01-01 }]
    combine = "earlier"
    """
    modern, legacy = retention(rules, "fi")
    later = (
        "2 vuotta sopimuksen lopusta tai 3 vuotta viimeisestä ostosta sen mukaan, kumpi on "
        "myöhäisempi"
    )
    assert later in modern and later + "." in legacy
    earliest = "1 vuosi, 2 vuotta tai 1.1.2030 asti sen mukaan, mikä niistä on aikaisin"
    assert earliest in modern and earliest in legacy
    modern, _ = retention(rules, "en")
    assert (
        "2 years from the contract's end or 3 years from the last purchase, whichever is later"
    ) in modern
    assert "1 year, 2 years or until 1 January 2030, whichever is the earliest" in modern


def test_terms_by_medium_without_combine_are_each_said() -> None:
    modern, legacy = retention(
        """
        [[retention]]
        id = "records"
        terms = [{ period = "P6Y", medium = "electronic" }, { period = "P6M", medium = "paper" }]
        """
    )
    assert "Sähköiset tiedot: 6 vuotta. Paperiasiakirjat: 6 kuukautta." in modern
    assert "Sähköiset tiedot: 6 vuotta. Paperiasiakirjat: 6 kuukautta." in legacy


def test_statutes_are_cited_once() -> None:
    modern, legacy = retention(
        """
        [[retention]]
        id = "bookkeeping"
        period = "P6Y"
        statute = { act = "1336/1997", section = "2 luku 10 §" }

        [[retention]]
        id = "cited"
        period = "P10Y"
        statutory_basis = { fi = "Kirjanpitolaki 1336/1997", en = "Accounting Act 1336/1997" }
        statute = [{ act = "1336/1997" }, { act = "703/2023", section = "20 §" }]
        """
    )
    assert "Peruste 1336/1997 2 luku 10 §" in modern
    assert "Peruste Kirjanpitolaki 1336/1997 ja 703/2023 20 §" in modern
    assert "6 vuotta. Peruste: 1336/1997 2 luku 10 §." in legacy
    assert legacy.count("1336/1997") == 2


def test_a_category_under_several_rules_names_each() -> None:
    register = small(
        """
        [[retention]]
        id = "short"
        period = "P1M"

        [[retention]]
        id = "long"
        until = 2030-12-31
        """
    ).model_copy()
    register.data_categories[0].retention = ["short", "long"]
    data = section(build_context(register, "fi").sections, "data").blocks[-1].entries[0]  # type: ignore[union-attr]
    kept = next(f for f in data.facts if f.label == "Säilytysaika")
    # Each rule in brief, linked to where the retention section says it in full.
    assert kept.items == ("1 kuukausi", "31.12.2030 asti")
    assert kept.item_hrefs == ("#retention-short", "#retention-long")
    applies = text_of(section(build_context(register, "fi").sections, "retention"))
    assert applies.count("Koskee tietoja Yhteystiedot") == 2


# -- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "fi", "en"),
    [
        ("SE", "Ruotsi", "Sweden"),
        ("GB", "Iso-Britannia", "United Kingdom"),
        ("EEA", "Euroopan talousalue", "European Economic Area"),
        ("EU", "Euroopan unioni", "European Union"),
        ("worldwide", "maailmanlaajuisesti", "worldwide"),
        ("unspecified", "ei ilmoitettu", "not stated"),
    ],
)
def test_every_place_is_named_in_the_readers_language(place: str, fi: str, en: str) -> None:
    register = small(
        f"""
        [[recipients]]
        id = "partner"
        name = {{ fi = "Kumppani", en = "Partner" }}
        country = "{place}"

        [[processors]]
        id = "host"
        name = "Host Ltd"
        role = {{ fi = "Palvelin", en = "Server" }}
        country = "{place}"
        """
    )
    for lang, name in (("fi", fi), ("en", en)):
        text = page(register, lang).section("recipients")
        assert text.count(name) == 2, text
    legacy = page(register, "en", layout="rekisteriseloste").section("processors")
    assert legacy.endswith(f"Host Ltd: Server ({en})")


# -- parties -----------------------------------------------------------------------------------


def test_the_controller_in_its_own_words() -> None:
    register = small(
        notice="""
        subtitle = { fi = "Jäsenpalvelut", en = "Member services" }
        drawn_up = 2019-03-01
        updated = 2024-02-01
        """,
        tables="""
        [dpo]
        title = { fi = "Tietosuojavastaava", en = "Data protection officer" }
        email = "tietosuoja@example.fi"

        [[joint_controllers]]
        name = "Meta Platforms Ireland Ltd"
        essence = { fi = "Jaamme sivun tilastot.", en = "We share the page statistics." }
        country = "IE"
        purposes = ["care"]

        [[acting_as_processor]]
        controller = { fi = "asiakasyrityksemme", en = "our customer companies" }
        description = { fi = "Palkanlaskenta", en = "Payroll" }

        [[staff]]
        role = { fi = "Vastaanotto", en = "Reception" }
        data_categories = ["contact"]

        [representative]
        name = "EU Rep Ltd"
        email = "rep@example.fi"
        """,
    )
    text = page(register, "en").text
    controller = page(register, "en").section("controller")
    assert "Joint controllers" in controller
    assert (
        "Meta Platforms Ireland Ltd Essence of the arrangement We share the page statistics."
        in controller
    )
    assert "Purposes processed jointly Care Country Ireland" in controller
    assert "In the following processing, Tmi Testi processes personal data on behalf" in controller
    assert "Controller our customer companies Processing Payroll" in controller
    assert (
        page(register, "en")
        .section("dpo")
        .endswith("Data protection officer Email tietosuoja@example.fi")
    )
    assert "Who has access to the data Reception Data processed Contact details" in page(
        register, "en"
    ).section("security")
    assert "Member services" in text
    html = render_html(register, "fi")
    assert '<p class="notice-subtitle">Jäsenpalvelut</p>' in html
    assert '<dt>Laadittu</dt><dd><time datetime="2019-03-01">1.3.2019</time></dd>' in html
    legacy = page(register, "en", layout="rekisteriseloste")
    assert "EU Rep Ltd" in legacy.section("contact")
    assert "Representative in the EU" in legacy.section("contact")
    assert "Reception" in legacy.section("security")


def test_localized_names_addresses_and_more_contacts() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["controller"].update(
        {
            "names": {"fi": "Kauniaisten kaupunki", "en": "City of Kauniainen"},
            "address": {
                "street": {"fi": "PL 52", "en": "PO Box 52"},
                "postal_code": "02701",
                "city": "Kauniainen",
            },
            "visiting_address": {
                "street": "Kauppalantie 10",
                "postal_code": "02700",
                "city": "Kauniainen",
            },
            "more_contacts": [
                {"label": {"fi": "Vaihde", "en": "Switchboard"}, "phone": "09 505 6230"}
            ],
            "group": {"fi": "Esimerkki-konserni", "en": "The Esimerkki group"},
        }
    )
    register = parse_register(tomli_w.dumps(data), "variant.toml")
    party = section(build_context(register, "en").sections, "controller").blocks[0].party  # type: ignore[union-attr]
    assert party.name == "City of Kauniainen"
    assert [(f.label, f.value) for f in party.facts] == [
        ("Group of companies", "The Esimerkki group"),
        ("Visiting address", "Kauppalantie 10, 02700 Kauniainen"),
        ("Postal address", "PO Box 52, 02701 Kauniainen"),
        ("Phone", "045\u00a0127\u00a00888"),
        ("Email", "terhi.kallio@outlook.com"),
        ("Switchboard", "09\u00a0505\u00a06230"),
    ]
    assert build_context(register, "fi").head.controller_name == "Kauniaisten kaupunki"
    assert "PL 52, 02701 Kauniainen" in page(register, "fi").section("controller")


@pytest.mark.parametrize(
    ("kind", "fact"),
    [
        ("data-subject", "Given by You"),
        ("controller", "Origin Generated or observed by the controller"),
        ("third-party", "Publicly accessible source No"),
        ("public", "Publicly accessible source Yes"),
    ],
)
def test_sources_by_kind(kind: str, fact: str) -> None:
    register = small(
        f"""
        [[sources]]
        id = "notes"
        kind = "{kind}"
        name = {{ fi = "Lähde", en = "The source" }}
        """
    )
    assert (
        page(register).section("sources").endswith(f"Where the data comes from The source {fact}")
    )


def test_a_source_of_no_stated_kind_says_no_kind() -> None:
    register = small(
        """
        [[sources]]
        id = "notes"
        name = { fi = "Lähde", en = "The source" }
        """
    )
    text = page(register).section("sources")
    assert text.endswith("Where the data comes from The source")


# -- the register's own sections ---------------------------------------------------------------

EXTRA = """
[[sections]]
id = "cctv"
after = "sources"
heading = { fi = "Kameravalvonta", en = "Camera surveillance" }
text.fi = "Kylteistä näkee.\\n\\nKamerat ovat ovilla."
text.en = "Signs tell of it.\\n\\nThe cameras are at the doors."

[[sections]]
id = "general"
after = "start"
heading = { fi = "Yleistä", en = "General" }
text = { fi = "Tämä on seloste.", en = "This is the notice." }

[[sections]]
id = "more-cctv"
after = "cctv"
heading = { fi = "Lisää", en = "More" }
text = { fi = "Lisää tietoa.", en = "More facts." }

[[sections]]
id = "about-transfers"
after = "transfers"
heading = { fi = "Siirroista", en = "On transfers" }
text = { fi = "Siirroista.", en = "On transfers." }

[[sections]]
id = "last"
heading = { fi = "Lopuksi", en = "Finally" }
text = { fi = "Loppu.", en = "The end." }
"""


def test_extra_sections_stand_where_they_say_in_both_layouts() -> None:
    register = small(
        EXTRA
        + """
        [[sources]]
        id = "client"
        kind = "data-subject"
        name = { fi = "Asiakas", en = "The client" }
        """
    )
    modern = ids(register)
    assert modern[0] == "general"
    assert modern[-1] == "last"
    assert modern[modern.index("sources") + 1 : modern.index("sources") + 3] == [
        "cctv",
        "more-cctv",
    ]
    # Transfers are not stated: the section follows the nearest one before them.
    assert modern[modern.index("data") + 1] == "about-transfers"
    legacy = ids(register, layout="rekisteriseloste")
    assert legacy[0] == "general"
    assert legacy[legacy.index("sources") + 1 : legacy.index("sources") + 3] == [
        "cctv",
        "more-cctv",
    ]
    assert legacy[-1] == "last"
    sections = build_context(register, "en").sections
    cctv = section(sections, "cctv")
    assert cctv.number is not None and cctv.title == "Camera surveillance"
    assert [b.text for b in cctv.blocks] == ["Signs tell of it.", "The cameras are at the doors."]  # type: ignore[union-attr]
    assert [s.number for s in sections] == list(range(1, len(sections) + 1))


def test_an_extra_section_after_the_objection_opens_the_numbered_sections() -> None:
    register = small(
        """
        [rights]
        stated = ["objection"]

        [[sections]]
        id = "note"
        after = "objection"
        heading = { fi = "Huom", en = "Note" }
        text = { fi = "Teksti", en = "Text" }
        """
    )
    assert ids(register)[:2] == ["objection", "note"]
    assert ids(register, layout="rekisteriseloste")[-1] == "note"


@pytest.mark.parametrize(
    ("section_toml", "message"),
    [
        (
            'id = "x"\nafter = "sorces"',
            r"sections\[0\]\.after: 'sorces' is not a section of the notice; "
            r"did you mean 'sources'\?",
        ),
        ('id = "rights"', r"sections\[0\]\.id: the id 'rights' is already used by the notice"),
        ('id = "toc"', r"sections\[0\]\.id: the id 'toc' is already used by the notice"),
    ],
)
def test_a_misplaced_extra_section_is_a_located_error(
    section_toml: str, message: str, tmp_path: Path
) -> None:
    text = small_text(
        f"[[sections]]\n{section_toml}\nheading = {{ fi = 'H', en = 'H' }}\n"
        "text = { fi = 'T', en = 'T' }\n"
    )
    path = tmp_path / "register.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError, match=message) as caught:
        render_html(load_register(path), "fi")
    assert f"{path}:" in str(caught.value)  # the file and the line of the key


def test_sections_placed_after_each_other_in_a_circle_are_an_error() -> None:
    register = small(
        """
        [[sections]]
        id = "a"
        after = "b"
        heading = { fi = "A", en = "A" }
        text = { fi = "A", en = "A" }

        [[sections]]
        id = "b"
        after = "a"
        heading = { fi = "B", en = "B" }
        text = { fi = "B", en = "B" }
        """
    )
    with pytest.raises(
        RekisteriError, match=r"sections\[0\]\.after: section 'a' is placed after 'b'"
    ):
        build_context(register, "en")


# -- the examples --------------------------------------------------------------------------------


def test_the_seed_transcription_no_longer_promises_prior_consent() -> None:
    for lang, phrase in (
        ("fi", "Markkinointia lähetetään vain etukäteen antamallasi suostumuksella."),
        ("en", "Marketing is sent only with your prior consent."),
    ):
        seed = page(variant(base=SEED_EXAMPLE), lang)
        assert phrase not in seed.text
        # The modern example states its consent model, so it still says so.
        assert phrase in page(variant(), lang).text


@pytest.fixture(scope="module")
def seed_text() -> str:
    given = os.environ.get("REKISTERI_SEED", "").strip()
    seed = Path(given) if given else ROOT.parent / "shared" / "seed" / "rekisteriseloste-2018.txt"
    if not seed.is_file():
        pytest.skip(
            f"the seed document {seed} is missing: put ../shared beside the checkout or "
            "set REKISTERI_SEED"
        )
    return normalize(seed.read_text(encoding="utf-8"))


# What the rendered 2018 notice says that is not the seed's words: the page's furniture (the
# contents, the language switcher, labels, the footer's date), and the seed's facts in the
# layout's or the transcription's words.
LAYOUT_WORDS = {
    *("Siirry sisältöön", "Sisällys", "suomi", "English", "Osoite", "Puhelin"),
    *("Päivitetty", "Versio", "24.5.2018", "2018-05-24"),
    # The channels of "tekstiviestillä tai sähköpostitse" (its section 4).
    "Suoramarkkinoinnin kanavat: tekstiviesti ja sähköposti.",
    # "asiakkaiden hoidon …" (4) and "Lähiomainen tarvittaessa" (5).
    "Rekisteröidyt: Asiakkaat ja Asiakkaiden lähiomaiset.",
    # The seed's parenthesis in section 6, as a sentence of its own.
    "Näitä tietoja voidaan tarvita, jos toimin psykoterapeuttina sosiaalipuolella tai "
    "terveydenhuollossa.",
    # Section 8 with the seed's typo ("rittää") corrected by the transcription.
    "Jos asiakas ei halua tietoja tarjouksista tai ajankohtaisista palveluista, niin ilmoituksella "
    "markkinointi voidaan lopettaa (riittää sähköposti, tekstiviesti).",
}


def words(text: str) -> str:
    """``text`` without the punctuation a layout adds or drops (commas between address lines,
    the full stop after a heading's number or at the end of a sentence)."""
    return normalize(re.sub(r"[,.:;]", " ", text))


def test_every_sentence_of_the_2018_notice_is_in_the_seed(seed_text: str) -> None:
    html = render_html(variant(base=SEED_EXAMPLE), "fi")
    body = html[html.index("<body") :]
    seed = words(seed_text)
    for said in sentences(body):
        if said in LAYOUT_WORDS:
            continue
        assert words(said) in seed, said
