"""The notice as JSON-LD in the W3C Data Privacy Vocabulary (DPV 2.1).

The register is one ``dpv:Process``; each purpose is a nested process with its legal bases
(the GDPR extension's ``eu-gdpr:A6-1-a`` … and ``eu-gdpr:A9-2-a`` …), the categories of data and
the people it concerns; each transfer outside the EU/EEA is a nested ``dpv:Transfer`` process
with the third country and its ground. Things that several parts refer to (data categories,
groups of people, sources, retention rules) are described once at the top and referred to by a
blank-node id.

Only terms that exist in DPV 2.1 and its ``pd``, ``loc`` and ``legal/eu/gdpr`` extensions are
used, plus the SKOS, Dublin Core and RDF terms DPV's own examples use for labels, versions and
values; ``tests/notice/test_jsonld.py`` keeps the list, each term with the file it was checked in. A
mapping to a more specific concept (``pd:Health`` for health data, a transfer safeguard) is made
only where it is certain; otherwise the general concept stands with the register's own words.
"""

from __future__ import annotations

import json
from typing import Any

from rekisteri.documents import i18n
from rekisteri.documents.phrases import LegalPhrases, tel_uri
from rekisteri.register.model import (
    EEA_COUNTRIES,
    Address,
    Art9Condition,
    ContactPerson,
    DataCategory,
    LegalBasis,
    Provision,
    Register,
    Representative,
    RetentionRule,
    Safeguard,
    SpecialCategory,
    Text,
    Transfer,
)

Node = dict[str, Any]

CONTEXT: Node = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "pd": "https://w3id.org/dpv/pd#",
    "loc": "https://w3id.org/dpv/loc#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    # Localized texts are language maps: { "fi": "…", "en": "…" }.
    "skos:prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "skos:definition": {"@id": "skos:definition", "@container": "@language"},
    "skos:scopeNote": {"@id": "skos:scopeNote", "@container": "@language"},
}

LEGAL_BASIS = {
    LegalBasis.CONSENT: "eu-gdpr:A6-1-a",
    LegalBasis.CONTRACT: "eu-gdpr:A6-1-b",
    LegalBasis.LEGAL_OBLIGATION: "eu-gdpr:A6-1-c",
    LegalBasis.VITAL_INTERESTS: "eu-gdpr:A6-1-d",
    LegalBasis.PUBLIC_TASK: "eu-gdpr:A6-1-e",
    LegalBasis.LEGITIMATE_INTERESTS: "eu-gdpr:A6-1-f",
}

ART9_CONDITION = {
    condition: f"eu-gdpr:A9-2-{point}"
    for condition, point in zip(Art9Condition, "abcdefghij", strict=True)
}

# The pd: concept each Art. 9(1) category falls under. Where the GDPR names two things in one
# category ("racial or ethnic origin", "religious or philosophical beliefs") the concept is the
# common parent in pd:, which DPV itself places both under.
SPECIAL_CATEGORY = {
    SpecialCategory.RACIAL_OR_ETHNIC_ORIGIN: "pd:Ethnicity",
    SpecialCategory.POLITICAL_OPINIONS: "pd:PoliticalOpinion",
    SpecialCategory.RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS: "pd:KnowledgeBelief",
    SpecialCategory.TRADE_UNION_MEMBERSHIP: "pd:TradeUnionMembership",
    SpecialCategory.GENETIC: "pd:Genetic",
    SpecialCategory.BIOMETRIC: "pd:Biometric",
    SpecialCategory.HEALTH: "pd:Health",
    SpecialCategory.SEX_LIFE_OR_ORIENTATION: "pd:Sexual",
}

# Legal basis of a transfer (Art. 45, 46) and the instrument it rests on. The EU–US Data Privacy
# Framework is an adequacy decision under Art. 45(3). An Art. 49 derogation has several points;
# which one applies is only in the register's words, so the general concept is used.
TRANSFER_BASIS = {
    Safeguard.ADEQUACY_DECISION: "eu-gdpr:A45-3",
    Safeguard.DATA_PRIVACY_FRAMEWORK: "eu-gdpr:A45-3",
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES: "eu-gdpr:A46-2-c",
    Safeguard.BINDING_CORPORATE_RULES: "eu-gdpr:A46-2-b",
    Safeguard.DEROGATION: "dpv:DataTransferLegalBasis",
}
TRANSFER_MEASURE = {
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES: "eu-gdpr:SCCByCommission",
    Safeguard.BINDING_CORPORATE_RULES: "eu-gdpr:BindingCorporateRules",
}

NECESSITY = {Provision.REQUIRED: "dpv:Required", Provision.VOLUNTARY: "dpv:Optional"}


def export_jsonld(register: Register) -> Node:
    """The register's notice as a JSON-LD document (a ``dict`` ready for ``json.dumps``)."""
    return _Exporter(register).document()


def jsonld_text(register: Register) -> str:
    """:func:`export_jsonld` as text: sorted keys, non-ASCII kept, the same bytes every time."""
    return json.dumps(export_jsonld(register), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def jsonld_script(register: Register) -> str:
    """The JSON-LD for a ``<script type="application/ld+json">`` element in an HTML page.

    ``<``, ``>`` and ``&`` are escaped as JSON unicode escapes, so no text in the register can
    close the script element; the JSON means the same.
    """
    text = json.dumps(export_jsonld(register), ensure_ascii=False, sort_keys=True, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _ref(node_id: str) -> Node:
    return {"@id": node_id}


class _Exporter:
    def __init__(self, register: Register) -> None:
        self.register = register
        self.languages = register.languages

    def text(self, value: Text) -> dict[str, str]:
        return {lang: value.get(lang) for lang in self.languages}

    def texts(self, *values: Text | None) -> dict[str, list[str]] | None:
        """Several texts as one language map, each language listing them in order."""
        present = [v for v in values if v is not None]
        if not present:
            return None
        return {lang: [v.get(lang) for v in present] for lang in self.languages}

    def labelled(self, node: Node, name: Text | None, description: Text | None = None) -> Node:
        if name is not None:
            node["skos:prefLabel"] = self.text(name)
        if description is not None:
            node["skos:definition"] = self.text(description)
        return node

    # -- the document --------------------------------------------------------------------------

    def document(self) -> Node:
        register = self.register
        root: Node = {"@context": CONTEXT, "@type": "dpv:Process"}
        self.labelled(root, register.name, register.description)
        root["dpv:hasNotice"] = self.notice()
        root["dpv:hasDataController"] = self.controller()
        if register.data_subjects:
            root["dpv:hasDataSubject"] = [
                self.labelled(
                    {"@id": f"_:subject-{g.id}", "@type": "dpv:DataSubject"}, g.name, g.description
                )
                for g in register.data_subjects
            ]
        root["dpv:hasPersonalData"] = [self.category(c) for c in register.data_categories]
        if register.sources:
            root["dpv:hasDataSource"] = [self.source(s.id) for s in register.sources]
        used_rules = {c.retention for c in register.data_categories if c.retention}
        rules = [self.retention(r) for r in register.retention if r.id in used_rules]
        if rules:
            root["dpv:hasStorageCondition"] = rules
        processes = [self.purpose(p.id) for p in register.purposes]
        transfers = register.transfers
        if transfers is not None and transfers.outside_eea:
            processes += [self.transfer(t) for t in transfers.destinations]
        root["dpv:hasProcess"] = processes
        if register.recipients:
            root["dpv:hasRecipient"] = [self.recipient(r.id) for r in register.recipients]
        if register.processors:
            root["dpv:hasDataProcessor"] = [self.processor(p.id) for p in register.processors]
        measures = self.security()
        if measures:
            root["dpv:hasTechnicalOrganisationalMeasure"] = measures
        return root

    def notice(self) -> Node:
        notice = self.register.notice
        node: Node = {"@type": "dpv:PrivacyNotice"}
        if notice.title is not None:
            node["skos:prefLabel"] = self.text(notice.title)
        if notice.version:
            node["dct:hasVersion"] = notice.version
        if notice.updated is not None:
            node["dct:modified"] = {"@value": notice.updated.isoformat(), "@type": "xsd:date"}
        return node

    # -- parties -------------------------------------------------------------------------------

    def controller(self) -> Node:
        register = self.register
        controller = register.controller
        node: Node = {"@type": "dpv:DataController", "dpv:hasName": controller.name}
        if controller.business_id:
            node["dpv:hasIdentifier"] = controller.business_id
        if controller.address is not None:
            node["dpv:hasAddress"] = _address(controller.address)
        # The contact person for register matters is reached on the controller's behalf.
        contact = register.contact
        contacts = _contacts(controller.email, controller.phone)
        if contact is not None:
            contacts += _contacts(contact.email, contact.phone)
        if controller.website:
            contacts.append(controller.website)
        if contacts:
            node["dpv:hasContact"] = [_ref(c) for c in dict.fromkeys(contacts)]
        if register.dpo is not None:
            node["dpv:hasDataProtectionOfficer"] = self.person(
                register.dpo, "dpv:DataProtectionOfficer"
            )
        if register.representative is not None:
            node["dpv:hasRepresentative"] = self.person(register.representative, None)
        return node

    def person(self, person: ContactPerson | Representative, kind: str | None) -> Node:
        node: Node = {"dpv:hasName": person.name}
        if kind is not None:
            node["@type"] = kind
        if person.address is not None:
            node["dpv:hasAddress"] = _address(person.address)
        contacts = _contacts(person.email, person.phone)
        if contacts:
            node["dpv:hasContact"] = [_ref(c) for c in contacts]
        return node

    def recipient(self, recipient_id: str) -> Node:
        recipient = next(r for r in self.register.recipients if r.id == recipient_id)
        node = self.labelled(
            {"@id": f"_:recipient-{recipient.id}", "@type": "dpv:Recipient"},
            recipient.name,
            recipient.description,
        )
        if recipient.country:
            node["dpv:hasCountry"] = _ref(f"loc:{recipient.country}")
        if recipient.data_categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c}") for c in recipient.data_categories]
        if recipient.basis is not None:
            node["skos:scopeNote"] = self.text(recipient.basis)
        return node

    def processor(self, processor_id: str) -> Node:
        processor = next(p for p in self.register.processors if p.id == processor_id)
        node: Node = {
            "@id": f"_:processor-{processor.id}",
            "@type": "dpv:DataProcessor",
            "dpv:hasName": processor.name,
            "skos:definition": self.text(processor.role),
            "dpv:hasCountry": _ref(f"loc:{processor.country}"),
        }
        if processor.data_categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c}") for c in processor.data_categories]
        return node

    # -- data ----------------------------------------------------------------------------------

    def category(self, category: DataCategory) -> Node:
        types = ["dpv:PersonalData"]
        if category.special is not None:
            types = ["dpv:SpecialCategoryPersonalData", SPECIAL_CATEGORY[category.special.category]]
        if category.criminal:
            types.append("pd:Criminal")
        node = self.labelled(
            {"@id": f"_:data-{category.id}", "@type": types}, category.name, category.description
        )
        if category.sources:
            node["dpv:hasDataSource"] = [_ref(f"_:source-{s}") for s in category.sources]
        if category.provision is not None:
            node["dpv:hasNecessity"] = _ref(NECESSITY[category.provision])
        if category.retention:
            node["dpv:hasStorageCondition"] = _ref(f"_:retention-{category.retention}")
        return node

    def source(self, source_id: str) -> Node:
        source = next(s for s in self.register.sources if s.id == source_id)
        types = ["dpv:DataSubjectDataSource" if source.data_subject else "dpv:ThirdPartyDataSource"]
        if source.publicly_accessible:
            types.append("dpv:PublicDataSource")
        return self.labelled(
            {"@id": f"_:source-{source.id}", "@type": types}, source.name, source.description
        )

    def retention(self, rule: RetentionRule) -> Node:
        node: Node = {"@id": f"_:retention-{rule.id}", "@type": "dpv:StorageDuration"}
        if rule.period is not None:
            node["dpv:hasDuration"] = {
                "@type": "dpv:TemporalDuration",
                "rdf:value": {"@value": rule.period, "@type": "xsd:duration"},
            }
        definition = {
            lang: " ".join(_retention_sentences(self.register, rule, lang))
            for lang in self.languages
        }
        if all(definition.values()):
            node["skos:definition"] = definition
        return node

    # -- processes -----------------------------------------------------------------------------

    def purpose(self, purpose_id: str) -> Node:
        register = self.register
        purpose = register.purpose(purpose_id)
        categories = [c for c in register.data_categories if purpose.id in c.purposes]
        purpose_types = (
            ["dpv:Purpose", "dpv:DirectMarketing"] if purpose.direct_marketing else ["dpv:Purpose"]
        )
        node: Node = {
            "@type": "dpv:Process",
            "dpv:hasPurpose": self.labelled(
                {"@id": f"_:purpose-{purpose.id}", "@type": purpose_types},
                purpose.name,
                purpose.description,
            ),
        }
        bases = [LEGAL_BASIS[purpose.legal_basis]] if purpose.legal_basis is not None else []
        # Special categories used for this purpose need their Art. 9(2) condition as well.
        bases += [
            ART9_CONDITION[c.special.condition]
            for c in categories
            if c.special is not None and c.special.condition is not None
        ]
        if bases:
            node["dpv:hasLegalBasis"] = [_ref(b) for b in dict.fromkeys(bases)]
        notes = self.texts(purpose.basis_details, purpose.legitimate_interest)
        if notes is not None:
            node["skos:scopeNote"] = notes
        if categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c.id}") for c in categories]
        subjects = list(dict.fromkeys(s for c in categories for s in c.subjects))
        if subjects:
            node["dpv:hasDataSubject"] = [_ref(f"_:subject-{s}") for s in subjects]
        return node

    def transfer(self, transfer: Transfer) -> Node:
        country: Node = {"@id": f"loc:{transfer.country}"}
        node: Node = {"@type": "dpv:Process", "dpv:hasProcessing": _ref("dpv:Transfer")}
        if transfer.country in EEA_COUNTRIES:
            node["dpv:hasCountry"] = country
        else:
            country["@type"] = "dpv:ThirdCountry"
            node["dpv:hasThirdCountry"] = country
        if transfer.processor is not None:
            node["dpv:hasRecipient"] = _ref(f"_:processor-{transfer.processor}")
        else:
            node["dpv:hasRecipient"] = {
                "@type": "dpv:DataImporter",
                "dpv:hasName": transfer.recipient,
            }
        node["dpv:hasLegalBasis"] = _ref(TRANSFER_BASIS[transfer.safeguard])
        measure = TRANSFER_MEASURE.get(transfer.safeguard)
        if measure is not None:
            node["dpv:hasOrganisationalMeasure"] = _ref(measure)
        notes = self.texts(transfer.details, transfer.obtain_copy)
        if notes is not None:
            node["skos:scopeNote"] = notes
        return node

    def security(self) -> list[Node]:
        security = self.register.security
        if security is None:
            return []
        measures = (
            ("dpv:PhysicalMeasure", security.manual),
            ("dpv:TechnicalMeasure", security.electronic),
            ("dpv:OrganisationalMeasure", security.general),
        )
        return [
            {"@type": kind, "skos:definition": self.text(text)}
            for kind, text in measures
            if text is not None
        ]


def _address(address: Address) -> str:
    line = f"{address.street}, {address.postal_code} {address.city}"
    return f"{line}, {address.country}" if address.country else line


def _contacts(email: str | None, phone: str | None) -> list[str]:
    found = []
    if email:
        found.append(f"mailto:{email}")
    if phone:
        tel = tel_uri(phone)
        if tel:
            found.append(tel)
    return found


def _retention_sentences(register: Register, rule: RetentionRule, lang: str) -> list[str]:
    """The notice's own sentences about a retention rule, in ``lang``."""
    return LegalPhrases(register, lang, i18n.translations(lang)).retention_sentences(rule)
