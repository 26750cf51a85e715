"""The notice as JSON-LD in the W3C Data Privacy Vocabulary: valid JSON, only terms that exist.

Every term the export may use is in :data:`VERIFIED_TERMS` with the file of the w3c/dpv
repository (DPV 2.1) where it was checked; the tests fail on any other term, so a typo such as
``dpv:hasStorageConditions`` or an invented ``dpv:AdequacyDecision`` cannot slip in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rekisteri.notice.jsonld import CONTEXT, export_jsonld, jsonld_script, jsonld_text
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"

DPV = "2.1/dpv/dpv.csv"
PERSONAL_DATA = "2.1/dpv/modules/personal_data.csv"
CONTEXT_MODULE = "2.1/dpv/modules/processing_context.csv"
LEGAL_ROLE = "2.1/dpv/modules/entities_legalrole.csv"
PD = "2.1/pd/pd.csv"
GDPR_BASIS = "2.1/legal/eu/gdpr/modules/legal_basis.csv"
GDPR_SPECIAL = "2.1/legal/eu/gdpr/modules/legal_basis_special.csv"
GDPR_TRANSFER_BASIS = "2.1/legal/eu/gdpr/modules/legal_basis_data_transfer.csv"
GDPR_TRANSFER_TOOLS = "2.1/legal/eu/gdpr/modules/data_transfers.csv"

# Term -> the file of https://github.com/w3c/dpv (DPV 2.1) it was verified in. Not in DPV and
# deliberately absent: dpv:StandardContractualClauses and dpv:AdequacyDecision (they are
# eu-gdpr: concepts), pd:NationalIdentificationNumber (no such concept; the personal identity
# code is therefore not mapped), dpv:PersonalDataHandling (DPV 2 uses dpv:Process).
VERIFIED_TERMS: dict[str, str] = {
    # classes
    "dpv:Process": DPV,
    "dpv:PrivacyNotice": DPV,
    "dpv:DataController": DPV,
    "dpv:DataProtectionOfficer": DPV,
    "dpv:DataSubject": DPV,
    "dpv:Purpose": DPV,
    "dpv:DirectMarketing": DPV,
    "dpv:PersonalData": PERSONAL_DATA,
    "dpv:SpecialCategoryPersonalData": PERSONAL_DATA,
    "dpv:DataSource": CONTEXT_MODULE,
    "dpv:DataSubjectDataSource": CONTEXT_MODULE,
    "dpv:DataControllerDataSource": CONTEXT_MODULE,
    "dpv:ThirdPartyDataSource": CONTEXT_MODULE,
    "dpv:PublicDataSource": CONTEXT_MODULE,
    "dpv:Required": DPV,
    "dpv:Optional": DPV,
    "dpv:StorageDuration": CONTEXT_MODULE,
    "dpv:TemporalDuration": DPV,
    "dpv:Recipient": DPV,
    "dpv:DataProcessor": DPV,
    "dpv:DataImporter": DPV,
    "dpv:JointDataControllers": LEGAL_ROLE,
    "dpv:ThirdCountry": DPV,
    "dpv:Transfer": DPV,
    "dpv:DataTransferLegalBasis": DPV,
    "dpv:PhysicalMeasure": DPV,
    "dpv:TechnicalMeasure": DPV,
    "dpv:OrganisationalMeasure": DPV,
    # properties
    "dpv:hasNotice": DPV,
    "dpv:hasDataController": DPV,
    "dpv:hasJointDataControllers": LEGAL_ROLE,
    "dpv:hasName": DPV,
    "dpv:hasIdentifier": DPV,
    "dpv:hasAddress": DPV,
    "dpv:hasContact": DPV,
    "dpv:hasDataProtectionOfficer": DPV,
    "dpv:hasRepresentative": DPV,
    "dpv:hasDataSubject": DPV,
    "dpv:hasProcess": DPV,
    "dpv:hasPurpose": DPV,
    "dpv:hasLegalBasis": DPV,
    "dpv:hasPersonalData": PERSONAL_DATA,
    "dpv:hasDataSource": CONTEXT_MODULE,
    "dpv:hasNecessity": DPV,
    "dpv:hasStorageCondition": DPV,
    "dpv:hasDuration": DPV,
    "dpv:hasRecipient": DPV,
    "dpv:hasDataProcessor": DPV,
    "dpv:hasCountry": DPV,
    "dpv:hasThirdCountry": DPV,
    "dpv:hasProcessing": DPV,
    "dpv:hasOrganisationalMeasure": DPV,
    "dpv:hasTechnicalOrganisationalMeasure": DPV,
    # personal data categories (pd: extension)
    "pd:Ethnicity": PD,
    "pd:PoliticalOpinion": PD,
    "pd:KnowledgeBelief": PD,
    "pd:TradeUnionMembership": PD,
    "pd:Genetic": PD,
    "pd:Biometric": PD,
    "pd:Health": PD,
    "pd:Sexual": PD,
    "pd:Criminal": PD,
    # GDPR legal bases and transfer instruments (legal/eu/gdpr extension)
    "eu-gdpr:A6-1-a": GDPR_BASIS,
    "eu-gdpr:A6-1-b": GDPR_BASIS,
    "eu-gdpr:A6-1-c": GDPR_BASIS,
    "eu-gdpr:A6-1-d": GDPR_BASIS,
    "eu-gdpr:A6-1-e": GDPR_BASIS,
    "eu-gdpr:A6-1-f": GDPR_BASIS,
    **{f"eu-gdpr:A9-2-{point}": GDPR_SPECIAL for point in "abcdefghij"},
    "eu-gdpr:A45-3": GDPR_TRANSFER_BASIS,
    "eu-gdpr:A46-2-b": GDPR_TRANSFER_BASIS,
    "eu-gdpr:A46-2-c": GDPR_TRANSFER_BASIS,
    **{f"eu-gdpr:A49-1-{point}": GDPR_TRANSFER_BASIS for point in "abcdefg"},
    "eu-gdpr:A49-2": GDPR_TRANSFER_BASIS,
    "eu-gdpr:SCCByCommission": GDPR_TRANSFER_TOOLS,
    "eu-gdpr:BindingCorporateRules": GDPR_TRANSFER_TOOLS,
    # Terms of other vocabularies that DPV's own examples use on DPV instances.
    "skos:prefLabel": "examples/E0007.ttl, examples/E0020.ttl (label of a dpv:Purpose, a measure)",
    "skos:definition": "examples/E0020.ttl (description of a dpv:TechnicalMeasure)",
    "skos:scopeNote": "examples/E0020.ttl (details of a dpv:TechnicalMeasure)",
    "dct:hasVersion": "examples/E0019.ttl (version of a record)",
    "dct:modified": "2.1/dpv/dpv.csv column 'modified' (dct:modified on every DPV concept)",
    "rdf:value": "RDF 1.1 Schema; the DPV ISO/IEC TS 27560 consent-record guide gives a "
    "dpv:TemporalDuration its ISO 8601 period as rdf:value",
    "xsd:duration": "XML Schema 1.1 Part 2 (datatype of an ISO 8601 period)",
    "xsd:date": "XML Schema 1.1 Part 2",
}
# Countries are loc:<ISO 3166-1 alpha-2>: 2.1/loc/loc.csv defines one concept per code
# (loc:AD, loc:AE, … loc:FI …), and the register model only accepts two-letter codes.
COUNTRY = re.compile(r"^loc:[A-Z]{2}$")
PREFIXES = ("dpv:", "pd:", "eu-gdpr:", "loc:", "skos:", "dct:", "rdf:", "xsd:")


def terms(node: Any) -> Iterator[str]:
    """Every vocabulary term a JSON-LD document uses: keys, types and concept references."""
    if isinstance(node, list):
        for item in node:
            yield from terms(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@context":
            continue
        if key == "@type":
            yield from [value] if isinstance(value, str) else value
        elif key == "@id":
            if isinstance(value, str) and value.startswith(PREFIXES):
                yield value
        elif key.startswith("@"):
            yield from terms(value)
        else:
            yield key
            # Language maps hold texts, not nodes.
            if key not in {"skos:prefLabel", "skos:definition", "skos:scopeNote"}:
                yield from terms(value)


def unverified(document: dict[str, Any]) -> set[str]:
    return {t for t in terms(document) if t not in VERIFIED_TERMS and not COUNTRY.match(t)}


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from nodes(item)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key != "@context":
                yield from nodes(value)


def by_id(document: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in nodes(document) if n.get("@id") == node_id and len(n) > 1)


def types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else list(value)


def refs(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item["@id"] for item in items]


@pytest.fixture(scope="module")
def modern() -> Register:
    return load_register(EXAMPLES / "register.toml")


@pytest.fixture(scope="module")
def legacy() -> Register:
    return load_register(EXAMPLES / "rekisteriseloste-2018.toml")


WIDE = """\
schema_version = 2
name = { fi = "Verkkokaupan asiakasrekisteri", en = "Web shop customer register" }

[notice]
languages = ["fi", "en"]
version = "3"
updated = 2025-03-01

[controller]
name = "Kauppa <Oy>"
business_id = "1234567-1"
email = "tietosuoja@kauppa.fi"
website = "https://kauppa.fi"

[dpo]
title = { fi = "Tietosuojavastaava", en = "Data protection officer" }
email = "dpo@kauppa.fi"

[[joint_controllers]]
name = "Meta Platforms Ireland Ltd"
country = "IE"
essence = { fi = "Vastaamme yhdessä tilastoista.", en = "We are jointly responsible for insights." }

[representative]
name = "EU Rep GmbH"
email = "rep@example.de"

[[data_subjects]]
id = "customers"
name = { fi = "Asiakkaat", en = "Customers" }

[[purposes]]
id = "orders"
name = { fi = "Tilaukset", en = "Orders" }
legal_basis = "contract"

[[purposes]]
id = "newsletter"
name = { fi = "Uutiskirje", en = "Newsletter" }
legal_basis = "consent"
direct_marketing = true

[[purposes]]
id = "security"
name = { fi = "Tietoturva", en = "Security" }
legal_basis = "legitimate_interests"
legitimate_interest = { fi = "Palvelun suojaaminen", en = "Protecting the service" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
subjects = ["customers"]
purposes = ["orders", "newsletter"]
sources = ["customer"]
retention = "two-years"
provision = "required"

[[data_categories]]
id = "allergies"
name = { fi = "Allergiat", en = "Allergies" }
subjects = ["customers"]
purposes = ["orders"]
sources = ["register", "notes", "unknown"]
provision = "voluntary"
special = { category = "health", condition = "explicit_consent" }

[[data_categories]]
id = "beliefs"
name = { fi = "Vakaumus", en = "Beliefs" }
subjects = ["customers"]
purposes = ["security"]
special = { category = "religious_or_philosophical_beliefs", condition = "made_public" }
criminal = true

[[sources]]
id = "customer"
kind = "data-subject"
name = { fi = "Asiakas", en = "The customer" }

[[sources]]
id = "register"
kind = "public"
name = { fi = "Julkinen rekisteri", en = "A public register" }

[[sources]]
id = "notes"
kind = "controller"
name = { fi = "Omat merkinnät", en = "Our own notes" }

[[sources]]
id = "unknown"
name = { fi = "Muut lähteet", en = "Other sources" }

[[recipients]]
id = "couriers"
name = { fi = "Kuljetusyhtiöt", en = "Couriers" }
data_categories = ["contact"]
country = "NO"

[[processors]]
id = "mail"
name = "Mailer Inc."
role = { fi = "Uutiskirjeet", en = "Newsletters" }
country = "US"
data_categories = ["contact"]

[[processors]]
id = "cloud"
name = "Cloud AB"
role = { fi = "Palvelin", en = "Hosting" }
country = "SE"

[[processors]]
id = "backups"
role = { fi = "Varmuuskopiot", en = "Backups" }

[[transfers.destinations]]
country = "US"
recipient = "Mailer Inc."
processor = "mail"
safeguards = ["standard_contractual_clauses"]
obtain_copy = { fi = "Pyydä sähköpostilla.", en = "Ask by email." }

[[transfers.destinations]]
country = "US"
recipient = "Analytics LLC"
safeguards = ["data_privacy_framework", "privacy_shield"]

[[transfers.destinations]]
country = "IN"
recipient = "Support Pvt Ltd"
safeguards = ["derogation"]
derogation = "explicit_consent"
details = { fi = "Nimenomainen suostumus (49 art. 1 a).", en = "Explicit consent (Art. 49(1)(a))." }

[[transfers.destinations]]
country = "unspecified"
safeguards = ["standard_contractual_clauses_2010"]

[[retention]]
id = "two-years"
period = "P2Y"
counted_from = { fi = "viimeisestä tilauksesta", en = "the last order" }

[security]
manual = { fi = "Ei paperiaineistoa.", en = "No paper material." }
electronic = { fi = "Salattu tietokanta.", en = "An encrypted database." }
"""


@pytest.fixture
def wide(write_register: Callable[..., Path]) -> Register:
    return load_register(write_register(WIDE))


# --- the examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("example", ["register.toml", "rekisteriseloste-2018.toml"])
def test_examples_export_as_json_with_the_dpv_context(example: str) -> None:
    register = load_register(EXAMPLES / example)
    document = json.loads(jsonld_text(register))
    context = document["@context"]
    assert context["dpv"] == "https://w3id.org/dpv#"
    assert context["eu-gdpr"] == "https://w3id.org/dpv/legal/eu/gdpr#"
    assert context["pd"] == "https://w3id.org/dpv/pd#"
    assert context["loc"] == "https://w3id.org/dpv/loc#"
    assert document["@type"] == "dpv:Process"
    assert document["dpv:hasDataController"]["dpv:hasName"] == "Tmi Terhi Kallio"
    assert unverified(document) == set()


def test_every_prefix_used_is_declared_in_the_context(modern: Register, wide: Register) -> None:
    for register in (modern, wide):
        for term in terms(export_jsonld(register)):
            assert term.split(":", 1)[0] in CONTEXT, term


def test_purposes_carry_their_gdpr_legal_bases(modern: Register) -> None:
    document = export_jsonld(modern)
    processes = {
        p["dpv:hasPurpose"]["@id"]: p for p in document["dpv:hasProcess"] if "dpv:hasPurpose" in p
    }
    assert list(processes) == [f"_:purpose-{p.id}" for p in modern.purposes]
    assert refs(processes["_:purpose-client-care"]["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-b"]
    # Health data is kept for the patient records: Art. 6(1)(c) and the Art. 9(2)(h) condition.
    records = processes["_:purpose-patient-records"]
    assert refs(records["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-c", "eu-gdpr:A9-2-h"]
    assert "_:data-health" in refs(records["dpv:hasPersonalData"])
    assert refs(processes["_:purpose-offers"]["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-a"]
    assert types(processes["_:purpose-offers"]["dpv:hasPurpose"]) == [
        "dpv:Purpose",
        "dpv:DirectMarketing",
    ]
    assert refs(processes["_:purpose-surveys"]["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-f"]


def test_categories_sources_and_storage(modern: Register) -> None:
    document = export_jsonld(modern)
    health = by_id(document, "_:data-health")
    assert types(health) == ["dpv:SpecialCategoryPersonalData", "pd:Health"]
    assert health["skos:prefLabel"] == {
        "fi": "Terapia- ja terveystiedot",
        "en": "Therapy and health data",
    }
    assert refs(health["dpv:hasNecessity"]) == ["dpv:Required"]
    assert types(by_id(document, "_:data-identity")) == ["dpv:PersonalData"]
    assert types(by_id(document, "_:source-client")) == ["dpv:DataSubjectDataSource"]
    # The next of kin gives their own details (kind data-subject, of the group next-of-kin).
    assert types(by_id(document, "_:source-relative")) == ["dpv:DataSubjectDataSource"]
    assert types(by_id(document, "_:source-care-professionals")) == ["dpv:ThirdPartyDataSource"]
    retention = by_id(document, health["dpv:hasStorageCondition"]["@id"])
    assert types(retention) == ["dpv:StorageDuration"]
    assert retention["dpv:hasDuration"] == {
        "@type": "dpv:TemporalDuration",
        "rdf:value": {"@value": "P12Y", "@type": "xsd:duration"},
    }
    assert retention["skos:definition"]["fi"].startswith("12 vuotta potilaan kuolemasta.")
    assert retention["skos:definition"]["en"].startswith("12 years from the patient's death.")


def test_localized_texts_are_language_maps_of_the_notice_languages(modern: Register) -> None:
    for node in nodes(export_jsonld(modern)):
        for key in ("skos:prefLabel", "skos:definition", "skos:scopeNote"):
            if key in node:
                assert set(node[key]) == {"fi", "en"}, node


def test_a_name_or_address_that_differs_by_language_is_a_language_map(tmp_path: Path) -> None:
    text = (EXAMPLES / "register.toml").read_text(encoding="utf-8")
    path = tmp_path / "register.toml"
    path.write_text(
        text.replace(
            'address = { street = "Siltakatu 12-14", postal_code = "05900", city = "Hyvinkää" }',
            'names = { fi = "Tmi Terhi Kallio", en = "Terhi Kallio, sole trader" }\n'
            'address = { street = { fi = "Siltakatu 12-14", en = "Siltakatu 12–14" }, '
            'postal_code = "05900", city = { fi = "Hyvinkää", en = "Hyvinge" } }',
        ),
        encoding="utf-8",
    )
    document = json.loads(jsonld_text(load_register(path)))
    controller = document["dpv:hasDataController"]
    assert controller["dpv:hasName"] == {
        "fi": "Tmi Terhi Kallio",
        "en": "Terhi Kallio, sole trader",
    }
    assert controller["dpv:hasAddress"] == {
        "fi": "Siltakatu 12-14, 05900 Hyvinkää",
        "en": "Siltakatu 12–14, 05900 Hyvinge",
    }
    # A JSON-LD processor reads the maps as language-tagged strings.
    assert CONTEXT["dpv:hasName"]["@container"] == "@language"
    assert CONTEXT["dpv:hasAddress"]["@container"] == "@language"
    # One the same in every language stays one plain string, as in the example.
    plain = json.loads(jsonld_text(load_register(EXAMPLES / "register.toml")))
    assert plain["dpv:hasDataController"]["dpv:hasAddress"] == "Siltakatu 12-14, 05900 Hyvinkää"


def test_export_is_deterministic(modern: Register, legacy: Register) -> None:
    for register in (modern, legacy):
        assert jsonld_text(register) == jsonld_text(register)
        assert jsonld_text(register) == jsonld_text(load_register(register.source_path))  # type: ignore[arg-type]


# --- parties, transfers, special categories -------------------------------------------------------


def test_wide_register_uses_only_verified_terms(wide: Register) -> None:
    assert unverified(export_jsonld(wide)) == set()


def test_transfers_name_the_third_country_and_the_safeguard(wide: Register) -> None:
    document = export_jsonld(wide)
    transfers = [p for p in document["dpv:hasProcess"] if "dpv:hasProcessing" in p]
    assert [refs(t["dpv:hasProcessing"]) for t in transfers] == [["dpv:Transfer"]] * 4
    scc, dpf, derogation, lapsed = transfers
    assert scc["dpv:hasThirdCountry"] == {"@id": "loc:US", "@type": "dpv:ThirdCountry"}
    assert refs(scc["dpv:hasLegalBasis"]) == ["eu-gdpr:A46-2-c"]
    assert refs(scc["dpv:hasOrganisationalMeasure"]) == ["eu-gdpr:SCCByCommission"]
    assert refs(scc["dpv:hasRecipient"]) == ["_:processor-mail"]
    assert scc["skos:scopeNote"] == {"fi": ["Pyydä sähköpostilla."], "en": ["Ask by email."]}
    # Privacy Shield no longer holds: only the framework that replaced it is a legal basis.
    assert refs(dpf["dpv:hasLegalBasis"]) == ["eu-gdpr:A45-3"]
    assert dpf["dpv:hasRecipient"] == {"@type": "dpv:DataImporter", "dpv:hasName": "Analytics LLC"}
    assert refs(derogation["dpv:hasLegalBasis"]) == ["eu-gdpr:A49-1-a"]
    assert derogation["dpv:hasThirdCountry"]["@id"] == "loc:IN"
    # A destination the register does not name and a ground that lapsed say nothing.
    assert lapsed == {"@type": "dpv:Process", "dpv:hasProcessing": {"@id": "dpv:Transfer"}}


def test_special_categories_and_their_conditions(wide: Register) -> None:
    document = export_jsonld(wide)
    assert types(by_id(document, "_:data-allergies")) == [
        "dpv:SpecialCategoryPersonalData",
        "pd:Health",
    ]
    assert types(by_id(document, "_:data-beliefs")) == [
        "dpv:SpecialCategoryPersonalData",
        "pd:KnowledgeBelief",
        "pd:Criminal",
    ]
    assert refs(by_id(document, "_:data-allergies")["dpv:hasNecessity"]) == ["dpv:Optional"]
    assert types(by_id(document, "_:source-customer")) == ["dpv:DataSubjectDataSource"]
    assert types(by_id(document, "_:source-register")) == ["dpv:PublicDataSource"]
    assert types(by_id(document, "_:source-notes")) == ["dpv:DataControllerDataSource"]
    # A source whose kind is not stated is neither the person nor a third party.
    assert types(by_id(document, "_:source-unknown")) == ["dpv:DataSource"]
    processes = {
        p["dpv:hasPurpose"]["@id"]: p for p in document["dpv:hasProcess"] if "dpv:hasPurpose" in p
    }
    assert refs(processes["_:purpose-orders"]["dpv:hasLegalBasis"]) == [
        "eu-gdpr:A6-1-b",
        "eu-gdpr:A9-2-a",
    ]
    security = processes["_:purpose-security"]
    assert refs(security["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-f", "eu-gdpr:A9-2-e"]
    assert security["skos:scopeNote"] == {
        "fi": ["Palvelun suojaaminen"],
        "en": ["Protecting the service"],
    }


def test_controller_dpo_representative_and_measures(wide: Register) -> None:
    document = export_jsonld(wide)
    controller = document["dpv:hasDataController"]
    assert controller["dpv:hasIdentifier"] == wide.controller.business_id
    assert refs(controller["dpv:hasContact"]) == [
        "mailto:tietosuoja@kauppa.fi",
        "https://kauppa.fi",
    ]
    # A DPO given by role only: its role is its label, and it has no name.
    assert controller["dpv:hasDataProtectionOfficer"] == {
        "@type": "dpv:DataProtectionOfficer",
        "skos:prefLabel": {"fi": "Tietosuojavastaava", "en": "Data protection officer"},
        "dpv:hasContact": [{"@id": "mailto:dpo@kauppa.fi"}],
    }
    assert controller["dpv:hasRepresentative"]["dpv:hasName"] == "EU Rep GmbH"
    assert [types(m) for m in document["dpv:hasTechnicalOrganisationalMeasure"]] == [
        ["dpv:PhysicalMeasure"],
        ["dpv:TechnicalMeasure"],
    ]
    notice = document["dpv:hasNotice"]
    assert notice == {
        "@type": "dpv:PrivacyNotice",
        "dct:hasVersion": "3",
        "dct:modified": {"@value": "2025-03-01", "@type": "xsd:date"},
    }


def test_script_text_cannot_close_the_script_element(wide: Register) -> None:
    script = jsonld_script(wide)
    assert "<" not in script and ">" not in script
    assert json.loads(script) == export_jsonld(wide)
    assert json.loads(script)["dpv:hasDataController"]["dpv:hasName"] == "Kauppa <Oy>"


def test_joint_controllers_are_one_group_with_the_controller(wide: Register) -> None:
    document = export_jsonld(wide)
    group = document["dpv:hasJointDataControllers"]
    assert types(group) == ["dpv:JointDataControllers"]
    ours, meta = group["dpv:hasDataController"]
    assert ours == {"@id": "_:controller"}
    assert document["dpv:hasDataController"]["@id"] == "_:controller"
    assert meta["dpv:hasName"] == "Meta Platforms Ireland Ltd"
    assert meta["dpv:hasCountry"] == {"@id": "loc:IE"}
    assert meta["skos:scopeNote"]["en"] == "We are jointly responsible for insights."


def test_a_processor_is_only_what_the_register_says(wide: Register) -> None:
    backups = by_id(export_jsonld(wide), "_:processor-backups")
    # No name (described by its role) and no country: never a default one.
    assert backups == {
        "@id": "_:processor-backups",
        "@type": "dpv:DataProcessor",
        "skos:definition": {"fi": "Varmuuskopiot", "en": "Backups"},
    }


MINIMAL = """\
schema_version = 2
name = { fi = "Rekisteri", en = "Register" }
%(sections)s

[notice]
languages = ["fi", "en"]

[controller]
name = "Testi Oy"

[[purposes]]
id = "service"
name = { fi = "Palvelu", en = "Service" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["service"]
"""


@pytest.mark.parametrize(
    "sections",
    ["", 'recipients = "none"\nprocessors = "none"\ntransfers = "none"'],
    ids=["not stated", "stated none"],
)
def test_absent_and_none_sections_have_no_property(
    write_register: Callable[..., Path], sections: str
) -> None:
    document = export_jsonld(load_register(write_register(MINIMAL % {"sections": sections})))
    for key in ("dpv:hasRecipient", "dpv:hasDataProcessor", "dpv:hasLegalBasis"):
        assert key not in document
    assert [p for p in document["dpv:hasProcess"] if "dpv:hasProcessing" in p] == []
    [purpose] = document["dpv:hasProcess"]
    # The purpose states no legal basis, so the JSON-LD gives none.
    assert "dpv:hasLegalBasis" not in purpose
    assert unverified(document) == set()


BASES = """\
[[purposes.bases]]
basis = "contract"
while = { fi = "asiakassuhteen aikana", en = "during the client relationship" }

[[purposes.bases]]
basis = "legitimate_interests"
interest = { fi = "Reklamaatiot", en = "Complaints" }

[[bases]]
basis = "legal_obligation"
details = { fi = "Kirjanpitolaki", en = "Accounting Act" }

[[data_categories]]
id = "billing"
name = { fi = "Laskut", en = "Invoices" }
purposes = ["service"]
retention = ["bookkeeping", "limit"]

[[retention]]
id = "bookkeeping"
terms = [{ period = "P6Y", medium = "electronic" }, { period = "P6M", medium = "paper" }]

[[retention]]
id = "limit"
period = "P1Y"
at_most = true
"""


def test_several_bases_register_bases_and_retention_terms(
    write_register: Callable[..., Path],
) -> None:
    register = load_register(write_register(MINIMAL % {"sections": ""} + BASES))
    document = export_jsonld(register)
    [purpose] = document["dpv:hasProcess"]
    assert refs(purpose["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-b", "eu-gdpr:A6-1-f"]
    assert purpose["skos:scopeNote"]["en"] == ["during the client relationship", "Complaints"]
    assert refs(document["dpv:hasLegalBasis"]) == ["eu-gdpr:A6-1-c"]
    billing = by_id(document, "_:data-billing")
    assert refs(billing["dpv:hasStorageCondition"]) == [
        "_:retention-bookkeeping",
        "_:retention-limit",
    ]
    # Neither two terms nor an upper limit is one duration: said in words only.
    for rule in ("bookkeeping", "limit"):
        node = by_id(document, f"_:retention-{rule}")
        assert "dpv:hasDuration" not in node
        assert node["skos:definition"]["en"]
    assert unverified(document) == set()
