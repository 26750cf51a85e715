"""The notice as JSON-LD in the W3C Data Privacy Vocabulary: valid JSON, only terms that exist.

Every term the export may use is in :data:`VERIFIED_TERMS` with the file of the w3c/dpv
repository (DPV 2.1) where it was checked, or, for the personal-data taxonomy (``pd:``), in
``dpv_pd_terms.csv`` beside this file, the rows of DPV 2.1's ``pd/pd.csv`` as copied (its header
names the commit); the tests fail on any other term, so a typo such as
``dpv:hasStorageConditions`` or an invented ``dpv:AdequacyDecision`` cannot slip in. The
examples' JSON-LD is read by two JSON-LD processors, rdflib and pyld, with the network refused:
both must find the same triples, and every DPV IRI among them must be a listed term.
"""

from __future__ import annotations

import csv
import json
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from rekisteri.errors import RekisteriError
from rekisteri.notice.jsonld import CONTEXT, export_jsonld, jsonld_script, jsonld_text
from rekisteri.register import dpv
from rekisteri.register.dpv_terms import inferred_terms
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register, SpecialCategory
from rekisteri.register.store_mapping import MatchTable

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"

DPV = "2.1/dpv/dpv.csv"
PERSONAL_DATA = "2.1/dpv/modules/personal_data.csv"
CONTEXT_MODULE = "2.1/dpv/modules/processing_context.csv"
LEGAL_ROLE = "2.1/dpv/modules/entities_legalrole.csv"
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
    # The personal-data categories (pd:) are the rows of dpv_pd_terms.csv: PD_TERMS below.
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

# The pd: taxonomy as copied from DPV 2.1 (see the file's header): the source of truth that
# rekisteri.register.dpv is held to.
PD_SNAPSHOT = Path(__file__).with_name("dpv_pd_terms.csv")


def _snapshot_rows() -> list[dict[str, str]]:
    lines = PD_SNAPSHOT.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


PD_ROWS = _snapshot_rows()
PD_TERMS = frozenset(f"pd:{row['term']}" for row in PD_ROWS)


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


def known(term: str) -> bool:
    return term in VERIFIED_TERMS or term in PD_TERMS or bool(COUNTRY.match(term))


def unverified(document: dict[str, Any]) -> set[str]:
    return {t for t in terms(document) if not known(t)}


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
    # Declared in the example: the patient records beside the health data `special` gives.
    assert types(health) == ["dpv:SpecialCategoryPersonalData", "pd:Health", "pd:HealthRecord"]
    assert health["skos:prefLabel"] == {
        "fi": "Terapia- ja terveystiedot",
        "en": "Therapy and health data",
    }
    assert refs(health["dpv:hasNecessity"]) == ["dpv:Required"]
    # Inferred from the store: the subject table's name and birth-date columns.
    assert types(by_id(document, "_:data-identity")) == [
        "dpv:PersonalData",
        "pd:BirthDate",
        "pd:Name",
    ]
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
        "pd:Criminal",
        "pd:KnowledgeBelief",
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


# --- the personal-data terms (pd:) ------------------------------------------------------------


def test_the_snapshot_names_its_dpv_version_source_and_commit() -> None:
    header = [
        line for line in PD_SNAPSHOT.read_text(encoding="utf-8").splitlines() if line[:1] == "#"
    ]
    text = "\n".join(header)
    assert f"DPV {dpv.DPV_VERSION}" in text
    assert f"{dpv.DPV_VERSION}/pd/pd.csv" in text
    assert "https://github.com/w3c/dpv/blob/0f32ebe1eea5a21e9c21d4a9c0be0043904b005a/" in text
    assert dpv.PD_NAMESPACE in text
    names = [row["term"] for row in PD_ROWS]
    # The source lists each term once, in code-point order; the copy keeps that order.
    assert len(names) == len(set(names)) == 221
    assert names == sorted(names)
    # Every broader concept of a copied row is itself copied (or a dpv: class): no row is lost.
    for row in PD_ROWS:
        for broader in row["hasbroader"].split(";"):
            assert broader in PD_TERMS or broader in VERIFIED_TERMS, (row["term"], broader)


def test_the_package_terms_are_the_snapshot() -> None:
    assert dpv.PD_TERMS == PD_TERMS
    special = {
        f"pd:{r['term']}" for r in PD_ROWS if "dpv:SpecialCategoryPersonalData" in r["dpvtype"]
    }
    assert special == dpv.SPECIAL_TERMS
    criminal = {f"pd:{r['term']}" for r in PD_ROWS if "pd:Criminal" in r["hasbroader"].split(";")}
    assert criminal | {dpv.CRIMINAL_TERM} == dpv.CRIMINAL_TERMS
    assert set(dpv.SPECIAL_CATEGORY_TERMS) == {c.value for c in SpecialCategory}
    assert set(dpv.SPECIAL_CATEGORY_TERMS.values()) <= PD_TERMS
    assert set(dpv.STORE_ROLE_TERMS.values()) <= PD_TERMS
    assert set(dpv.STORE_ROLE_TERMS) <= set(MatchTable.model_fields)
    assert CONTEXT["pd"] == dpv.PD_NAMESPACE


# Every register the project ships in version 2: the examples and the corpus of real notices.
REGISTERS = sorted(ROOT.glob("examples/*/*.toml")) + [
    path
    for path in sorted((ROOT / "tests" / "corpus").glob("*.toml"))
    if path.name != "expectations.toml" and "schema_version = 2" in path.read_text(encoding="utf-8")
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A processor that tried to fetch a remote context would fail here, not go online."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a JSON-LD processor tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def refusing_loader(url: str, options: object = None) -> dict[str, Any]:
    raise AssertionError(f"pyld tried to load {url}: the context must be inline")


def expanded(term: str) -> str:
    prefix, _, local = term.partition(":")
    return f"{CONTEXT[prefix]}{local}"


# The namespaces of DPV and its extensions, each with the terms checked for it.
DPV_NAMESPACES = {CONTEXT[p]: p for p in ("dpv", "pd", "eu-gdpr", "loc")}


def dpv_iris(graph: Graph) -> set[str]:
    return {
        str(node)
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(tuple(DPV_NAMESPACES))
    }


def compact(iri: str) -> str:
    for namespace, prefix in DPV_NAMESPACES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    raise AssertionError(iri)


@pytest.mark.parametrize("path", REGISTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.usefixtures("no_network")
# rdflib's own parser still builds the graph class it deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdflib_and_pyld_read_the_same_triples_of_known_terms(path: Path) -> None:
    text = jsonld_text(load_register(path))
    by_rdflib = Graph().parse(data=text, format="json-ld")
    options = {"format": "application/n-quads", "documentLoader": refusing_loader}
    by_pyld = Graph().parse(data=jsonld.to_rdf(json.loads(text), options), format="nt")
    assert len(by_rdflib) > 20
    assert isomorphic(by_rdflib, by_pyld)
    # Read back from RDF, not from the JSON: an IRI a context mistake made is caught too.
    used = {compact(iri) for iri in dpv_iris(by_rdflib)}
    assert {term for term in used if not known(term)} == set()
    assert {iri for iri in dpv_iris(by_pyld)} == dpv_iris(by_rdflib)


@pytest.mark.usefixtures("no_network")
def test_the_context_is_inline_and_expands_without_a_loader(wide: Register) -> None:
    document = export_jsonld(wide)
    assert isinstance(document["@context"], dict)
    [root] = jsonld.expand(document, {"documentLoader": refusing_loader})
    categories = root[expanded("dpv:hasPersonalData")]
    beliefs = next(c for c in categories if c["@id"] == "_:data-beliefs")
    assert beliefs["@type"] == [
        expanded("dpv:SpecialCategoryPersonalData"),
        expanded("pd:Criminal"),
        expanded("pd:KnowledgeBelief"),
    ]


def category_types(register: Register) -> dict[str, list[str]]:
    document = export_jsonld(register)
    return {
        node["@id"].removeprefix("_:data-"): types(node) for node in document["dpv:hasPersonalData"]
    }


# What the register's own facts give each example category, before any `dpv` it declares.
INFERRED = {
    "terhi-kallio/register.toml": {
        "identity": {"pd:Name", "pd:BirthDate"},
        "contact-details": {"pd:EmailAddress", "pd:TelephoneNumber"},
        "next-of-kin": {"pd:Name", "pd:TelephoneNumber"},
        "appointments": set(),
        "health": {"pd:Health"},
        "billing": set(),
        "feedback": set(),
        "marketing-choices": set(),
        "other": set(),
    },
    # No store mapping and nothing special: every category is generic personal data.
    "terhi-kallio/rekisteriseloste-2018.toml": {
        category: set()
        for category in (
            *("identity", "contact-details", "next-of-kin", "client-history"),
            *("feedback", "marketing-choices", "other"),
        )
    },
    "grankulla-idrottsforening/register.toml": {
        "identity": {"pd:Name", "pd:BirthDate"},
        "contact-details": {"pd:EmailAddress", "pd:TelephoneNumber"},
        "membership-details": set(),
        "fees": set(),
        "sports": set(),
        "guardian-details": {"pd:Name", "pd:EmailAddress", "pd:TelephoneNumber"},
        "consents": set(),
        "guardian-consents": {"pd:Name"},
        "photos": set(),
    },
    "kampaamo-helmi/register.toml": {
        "identity": {"pd:Name", "pd:BirthDate"},
        "contact-details": {"pd:EmailAddress", "pd:TelephoneNumber"},
        "bookings": set(),
        "reminders": set(),
        "client-card": set(),
        "allergies": {"pd:Health"},
        "marketing-choices": set(),
        "billing": set(),
    },
}
# What the examples declare, replacing the inference (each with its reason in the file).
DECLARED = {
    "terhi-kallio/register.toml": {
        "contact-details": {"pd:EmailAddress", "pd:PhysicalAddress", "pd:TelephoneNumber"},
        "health": {"pd:Health", "pd:HealthRecord"},
    },
    "grankulla-idrottsforening/register.toml": {
        "contact-details": {"pd:EmailAddress", "pd:PhysicalAddress", "pd:TelephoneNumber"},
        "guardian-consents": set(),
        "photos": {"pd:Picture"},
    },
    "kampaamo-helmi/register.toml": {
        "contact-details": {"pd:EmailAddress", "pd:PhysicalAddress", "pd:TelephoneNumber"},
    },
}


@pytest.mark.parametrize("example", sorted(INFERRED))
def test_the_examples_carry_the_terms_their_facts_give_or_declare(example: str) -> None:
    register = load_register(ROOT / "examples" / example)
    inferred = {c.id: set(inferred_terms(register, c)) for c in register.data_categories}
    assert inferred == INFERRED[example]
    declared = {c.id: set(c.dpv) for c in register.data_categories if c.dpv is not None}
    assert declared == DECLARED.get(example, {})
    expected = {**INFERRED[example], **DECLARED.get(example, {})}
    special = {c.id for c in register.data_categories if c.special is not None}
    assert category_types(register) == {
        category: [
            "dpv:SpecialCategoryPersonalData" if category in special else "dpv:PersonalData",
            *sorted(found),
        ]
        for category, found in expected.items()
    }


STORE = """\
schema_version = 2
name = { fi = "Rekisteri", en = "Register" }

[notice]
languages = ["fi", "en"]

[controller]
name = "Testi Oy"

[[data_subjects]]
id = "clients"
name = { fi = "Asiakkaat", en = "Clients" }

[[purposes]]
id = "service"
name = { fi = "Palvelu", en = "Service" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["service"]
%(contact)s

[[data_categories]]
id = "health"
name = { fi = "Terveys", en = "Health" }
purposes = ["service"]
special = { category = "health", condition = "explicit_consent" }
%(health)s

[[data_categories]]
id = "email-log"
name = { fi = "Sähköpostit", en = "Emails" }
purposes = ["service"]

[[data_categories]]
id = "identity"
name = { fi = "Henkilötunnus", en = "Identity code" }
purposes = ["service"]
hetu = true
hetu_ground = "consent"

[store]
url = "store.sqlite"

[store.subject]
group = "clients"
table = "clients"
email = "email"
phone = "phone"
hetu = "hetu"

[[store.sources]]
category = "contact"
table = "clients"
columns = ["email", "phone", "street"]

[[store.sources]]
category = "health"
table = "clients"
columns = ["allergies"]

# A column called email in another table is not the person's email: names are not read.
[[store.sources]]
category = "email-log"
table = "messages"
columns = ["email", "sent_at"]
subject_column = "client_id"

# A query names no columns, though it reads the email.
[[store.sources]]
category = "email-log"
query = "SELECT email FROM clients WHERE id = :subject"

[[store.sources]]
category = "identity"
table = "clients"
columns = ["hetu"]
"""


def store_register(
    write_register: Callable[..., Path], contact: str = "", health: str = ""
) -> Register:
    return load_register(write_register(STORE % {"contact": contact, "health": health}))


def test_terms_are_inferred_from_the_store_roles_only(write_register: Callable[..., Path]) -> None:
    assert category_types(store_register(write_register)) == {
        "contact": ["dpv:PersonalData", "pd:EmailAddress", "pd:TelephoneNumber"],
        "health": ["dpv:SpecialCategoryPersonalData", "pd:Health"],
        "email-log": ["dpv:PersonalData"],
        # pd: has no term for a national identity number: the code gives none.
        "identity": ["dpv:PersonalData"],
    }


def test_declared_terms_replace_the_inferred_ones(write_register: Callable[..., Path]) -> None:
    register = store_register(
        write_register,
        contact='dpv = ["pd:TelephoneNumber", "pd:EmailAddressWork", "pd:TelephoneNumber"]',
        health='dpv = ["pd:MentalHealth"]',
    )
    found = category_types(register)
    # Sorted and each once, whatever the order written; the inferred email address is gone.
    assert found["contact"] == ["dpv:PersonalData", "pd:EmailAddressWork", "pd:TelephoneNumber"]
    # The declared term replaces pd:Health; the category stays special (its `special` says so).
    assert found["health"] == ["dpv:SpecialCategoryPersonalData", "pd:MentalHealth"]
    assert unverified(export_jsonld(register)) == set()


def test_an_empty_list_states_no_specific_term(write_register: Callable[..., Path]) -> None:
    found = category_types(store_register(write_register, contact="dpv = []", health="dpv = []"))
    assert found["contact"] == ["dpv:PersonalData"]
    assert found["health"] == ["dpv:SpecialCategoryPersonalData"]


def refused(write_register: Callable[..., Path], **declared: str) -> list[str]:
    with pytest.raises(RekisteriError) as raised:
        store_register(write_register, **declared)
    # The diagnostics without the folder of the file, which pytest chose.
    return [Path(d.file).name + str(d).removeprefix(d.file) for d in raised.value.diagnostics]


def test_a_misspelt_term_is_refused_at_its_line_with_the_nearest_term(
    write_register: Callable[..., Path],
) -> None:
    line = STORE.splitlines().index("%(contact)s") + 1
    [problem] = refused(write_register, contact='dpv = ["pd:TelephoneNumber", "pd:EmailAdress"]')
    assert problem == (
        f"register.toml:{line}:30: data_categories[0].dpv[1]: 'pd:EmailAdress' is not a term "
        "of the DPV 2.1 personal-data taxonomy\n"
        "    hint: did you mean 'pd:EmailAddress'? the terms are listed at "
        "https://w3c.github.io/dpv/2.1/pd/"
    )
    # A term without its prefix is named with it.
    [problem] = refused(write_register, contact='dpv = ["EmailAddress"]')
    assert "'EmailAddress' is not a term" in problem
    assert "did you mean 'pd:EmailAddress'?" in problem


def test_a_special_or_criminal_term_needs_the_fact_in_the_register(
    write_register: Callable[..., Path],
) -> None:
    line = STORE.splitlines().index("%(contact)s") + 1
    problems = refused(write_register, contact='dpv = ["pd:HealthRecord", "pd:CriminalConviction"]')
    assert problems == [
        f"register.toml:{line}:8: data_categories[0].dpv[0]: 'pd:HealthRecord' is a special "
        "category of personal data (GDPR Art. 9(1)), but data category 'contact' is not marked "
        "special\n"
        "    hint: add special = { category = …, condition = … } to the category, or choose a "
        "term that is not a special category",
        f"register.toml:{line}:27: data_categories[0].dpv[1]: 'pd:CriminalConviction' is data "
        "on criminal convictions or offences (GDPR Art. 10), but data category 'contact' does "
        "not say it holds such data\n"
        "    hint: add criminal = true to the category, or choose another term",
    ]
    # Where the register says it, the term is the register's own word.
    register = store_register(write_register, health='dpv = ["pd:HealthRecord"]')
    assert category_types(register)["health"] == [
        "dpv:SpecialCategoryPersonalData",
        "pd:HealthRecord",
    ]
