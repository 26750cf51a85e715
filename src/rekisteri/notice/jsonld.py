"""The notice as JSON-LD in the W3C Data Privacy Vocabulary (DPV 2.1).

The register is one ``dpv:Process``; each purpose is a nested process with its legal bases
(the GDPR extension's ``eu-gdpr:A6-1-a`` … and ``eu-gdpr:A9-2-a`` …), the categories of data and
the people it concerns; each transfer outside the EU/EEA is a nested ``dpv:Transfer`` process
with the third country and its grounds. Things that several parts refer to (data categories,
groups of people, sources, retention rules) are described once at the top and referred to by a
blank-node id.

Only terms that exist in DPV 2.1 and its ``pd``, ``loc`` and ``legal/eu/gdpr`` extensions are
used, plus the SKOS, Dublin Core and RDF terms DPV's own examples use for labels, versions and
values; ``tests/notice/test_jsonld.py`` keeps the list, each term with the file it was checked in,
and ``tests/notice/dpv_pd_terms.csv`` the ``pd`` taxonomy. A mapping to a more specific concept (a
transfer safeguard) is made only where it is certain; otherwise the general concept stands with
the register's own words.

Each data category is ``dpv:PersonalData`` (``dpv:SpecialCategoryPersonalData`` when it is
special) and, beside it, its ``pd`` terms (``pd:EmailAddress``, ``pd:Health``): the ones its
``dpv`` key declares, or the ones the register's explicit facts give it (the special category,
criminal data, the store mapping's name, email, phone and birth-date columns), as
:mod:`rekisteri.register.dpv_terms` sets out. The context is inline, so a JSON-LD processor
expands the document without fetching anything.

A fact the register does not state has no property here, and neither has a statement of "none"
(DPV has no way to say that a process has no recipients or no transfers): the JSON-LD says only
what the register states. Places are ``loc:`` countries by their ISO 3166-1 code; a region
(``EU``, ``worldwide``, ``unspecified``) has no ``loc:`` concept checked here and is left out.
"""

from __future__ import annotations

import json
from typing import Any

from rekisteri.documents import i18n
from rekisteri.documents.phrases import LegalPhrases, tel_uri
from rekisteri.register.base import Name
from rekisteri.register.dpv_terms import personal_data_terms
from rekisteri.register.model import (
    Address,
    Art9Condition,
    BasisUse,
    ContactPerson,
    DataCategory,
    Derogation,
    JointController,
    LegalBasis,
    Provision,
    Register,
    Representative,
    RetentionRule,
    Safeguard,
    SourceKind,
    Text,
    Transfer,
)
from rekisteri.register.places import REGIONS, is_inside_eea

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
    # A name or an address that differs between languages (Helsinki / Helsingfors) is a
    # language map too; one the same in every language stays a plain string.
    "dpv:hasName": {"@id": "dpv:hasName", "@container": "@language"},
    "dpv:hasAddress": {"@id": "dpv:hasAddress", "@container": "@language"},
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

# Legal basis of a transfer (Art. 45, 46) and the instrument it rests on. The EU–US Data Privacy
# Framework is an adequacy decision under Art. 45(3). An Art. 49 derogation is its point where the
# register names it, else the general concept. Privacy Shield and the clauses of 2010 are no
# ground any more: a register that still names them (an old notice) gets no legal basis here,
# rather than one that no longer holds.
TRANSFER_BASIS = {
    Safeguard.ADEQUACY_DECISION: "eu-gdpr:A45-3",
    Safeguard.DATA_PRIVACY_FRAMEWORK: "eu-gdpr:A45-3",
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES: "eu-gdpr:A46-2-c",
    Safeguard.BINDING_CORPORATE_RULES: "eu-gdpr:A46-2-b",
    Safeguard.DEROGATION: "dpv:DataTransferLegalBasis",
}
# DPV names the compelling legitimate interests of Art. 49(1), second subparagraph, "A49-2".
DEROGATION_BASIS = {
    **{
        derogation: f"eu-gdpr:A49-1-{point}"
        for derogation, point in zip(list(Derogation)[:7], "abcdefg", strict=True)
    },
    Derogation.COMPELLING_LEGITIMATE_INTERESTS: "eu-gdpr:A49-2",
}
TRANSFER_MEASURE = {
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES: "eu-gdpr:SCCByCommission",
    Safeguard.BINDING_CORPORATE_RULES: "eu-gdpr:BindingCorporateRules",
}

NECESSITY = {Provision.REQUIRED: "dpv:Required", Provision.VOLUNTARY: "dpv:Optional"}

# Where the data comes from; a source whose kind the register does not state is a plain source.
SOURCE_KIND = {
    SourceKind.DATA_SUBJECT: "dpv:DataSubjectDataSource",
    SourceKind.CONTROLLER: "dpv:DataControllerDataSource",
    SourceKind.THIRD_PARTY: "dpv:ThirdPartyDataSource",
    SourceKind.PUBLIC: "dpv:PublicDataSource",
}


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


def _country(place: str | None) -> str | None:
    """The ``loc:`` concept of a country; None for a region or no place."""
    if place is None or place in REGIONS:
        return None
    return f"loc:{place}"


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

    def address(self, address: Address) -> str | dict[str, str]:
        # An address is one string in DPV, in each language where its street or town differs.
        def line(lang: str) -> str:
            text = f"{address.street.get(lang)}, {address.postal_code} {address.city.get(lang)}"
            return f"{text}, {address.country}" if address.country else text

        return self.localized({lang: line(lang) for lang in self.languages})

    def name(self, name: str, names: Name | None) -> str | dict[str, str]:
        if names is None:
            return name
        return self.localized({lang: names.get(lang) for lang in self.languages})

    def localized(self, values: dict[str, str]) -> str | dict[str, str]:
        """A language map where the languages differ, else the one string."""
        if len(set(values.values())) > 1:
            return values
        return values[self.register.default_language]

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
        used_rules = {r for c in register.data_categories for r in c.retention_ids}
        rules = [self.retention(r) for r in register.retention if r.id in used_rules]
        if rules:
            root["dpv:hasStorageCondition"] = rules
        # Bases the register states for itself as a whole, not for one purpose.
        wide = [use for use in register.bases if not use.purposes]
        if wide:
            root["dpv:hasLegalBasis"] = [_ref(b) for b in dict.fromkeys(self.bases(wide))]
            notes = self.basis_notes(wide)
            if notes is not None:
                root["skos:scopeNote"] = notes
        processes = [self.purpose(p.id) for p in register.purposes]
        processes += [self.transfer(t) for t in register.transfer_list]
        root["dpv:hasProcess"] = processes
        if register.recipient_list:
            root["dpv:hasRecipient"] = [self.recipient(r.id) for r in register.recipient_list]
        if register.processor_list:
            root["dpv:hasDataProcessor"] = [self.processor(p.id) for p in register.processor_list]
        if register.joint_controllers:
            root["dpv:hasJointDataControllers"] = self.joint_controllers()
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
        node: Node = {
            "@id": "_:controller",
            "@type": "dpv:DataController",
            "dpv:hasName": self.name(controller.name, controller.names),
        }
        if controller.business_id:
            node["dpv:hasIdentifier"] = controller.business_id
        if controller.address is not None:
            node["dpv:hasAddress"] = self.address(controller.address)
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
        # A DPO may be given by role or contact only: then the role is its label, not a name.
        node: Node = {"dpv:hasName": person.name} if person.name is not None else {}
        if kind is not None:
            node["@type"] = kind
        title = person.title if isinstance(person, ContactPerson) else None
        if title is not None:
            node["skos:prefLabel"] = self.text(title)
        if person.address is not None:
            node["dpv:hasAddress"] = self.address(person.address)
        contacts = _contacts(person.email, person.phone)
        if contacts:
            node["dpv:hasContact"] = [_ref(c) for c in contacts]
        return node

    def joint_controllers(self) -> Node:
        """The controller and its joint controllers (Art. 26) as one group."""
        return {
            "@type": "dpv:JointDataControllers",
            "dpv:hasDataController": [
                _ref("_:controller"),
                *(self.joint_controller(j) for j in self.register.joint_controllers),
            ],
        }

    def joint_controller(self, joint: JointController) -> Node:
        node: Node = {
            "@type": "dpv:DataController",
            "dpv:hasName": self.name(joint.name, joint.names),
        }
        country = _country(joint.country)
        if country is not None:
            node["dpv:hasCountry"] = _ref(country)
        if joint.essence is not None:
            node["skos:scopeNote"] = self.text(joint.essence)
        return node

    def recipient(self, recipient_id: str) -> Node:
        recipient = next(r for r in self.register.recipient_list if r.id == recipient_id)
        node = self.labelled(
            {"@id": f"_:recipient-{recipient.id}", "@type": "dpv:Recipient"},
            recipient.name,
            recipient.description,
        )
        country = _country(recipient.country)
        if country is not None:
            node["dpv:hasCountry"] = _ref(country)
        if recipient.data_categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c}") for c in recipient.data_categories]
        if recipient.basis is not None:
            node["skos:scopeNote"] = self.text(recipient.basis)
        return node

    def processor(self, processor_id: str) -> Node:
        processor = next(p for p in self.register.processor_list if p.id == processor_id)
        # A processor described only by its role has no name, and one whose place the register
        # does not give has no country: never a default one.
        node: Node = {"@id": f"_:processor-{processor.id}", "@type": "dpv:DataProcessor"}
        if processor.name is not None:
            node["dpv:hasName"] = processor.name
        node["skos:definition"] = self.text(processor.role)
        country = _country(processor.country)
        if country is not None:
            node["dpv:hasCountry"] = _ref(country)
        if processor.data_categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c}") for c in processor.data_categories]
        return node

    # -- data ----------------------------------------------------------------------------------

    def category(self, category: DataCategory) -> Node:
        # The general class first, so that a reader without the pd: taxonomy still knows the
        # node is personal data (and special), then the specific terms, sorted.
        general = "dpv:SpecialCategoryPersonalData" if category.special else "dpv:PersonalData"
        types = [general, *personal_data_terms(self.register, category)]
        node = self.labelled(
            {"@id": f"_:data-{category.id}", "@type": types}, category.name, category.description
        )
        if category.sources:
            node["dpv:hasDataSource"] = [_ref(f"_:source-{s}") for s in category.sources]
        if category.provision is not None:
            node["dpv:hasNecessity"] = _ref(NECESSITY[category.provision])
        # One rule or a list of them, as the register writes it.
        rules = [_ref(f"_:retention-{rule}") for rule in category.retention_ids]
        if rules:
            node["dpv:hasStorageCondition"] = (
                rules if isinstance(category.retention, list) else rules[0]
            )
        return node

    def source(self, source_id: str) -> Node:
        source = next(s for s in self.register.sources if s.id == source_id)
        kind = SOURCE_KIND[source.kind] if source.kind is not None else "dpv:DataSource"
        return self.labelled(
            {"@id": f"_:source-{source.id}", "@type": kind}, source.name, source.description
        )

    def retention(self, rule: RetentionRule) -> Node:
        node: Node = {"@id": f"_:retention-{rule.id}", "@type": "dpv:StorageDuration"}
        # One period is the duration; several terms, an upper limit ("at most") or an end date
        # are said in the rule's sentences only, since one duration value would say more.
        [term, *others] = rule.all_terms
        if not others and term.period is not None and not term.at_most:
            node["dpv:hasDuration"] = {
                "@type": "dpv:TemporalDuration",
                "rdf:value": {"@value": term.period, "@type": "xsd:duration"},
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
        uses = [*purpose.all_bases, *(u for u in register.bases if purpose.id in u.purposes)]
        bases = self.bases(uses)
        # Special categories used for this purpose need their Art. 9(2) condition as well.
        bases += [
            ART9_CONDITION[c.special.condition]
            for c in categories
            if c.special is not None and c.special.condition is not None
        ]
        if bases:
            node["dpv:hasLegalBasis"] = [_ref(b) for b in dict.fromkeys(bases)]
        notes = self.basis_notes(uses)
        if notes is not None:
            node["skos:scopeNote"] = notes
        if categories:
            node["dpv:hasPersonalData"] = [_ref(f"_:data-{c.id}") for c in categories]
        subjects = list(dict.fromkeys(s for c in categories for s in c.subjects))
        if subjects:
            node["dpv:hasDataSubject"] = [_ref(f"_:subject-{s}") for s in subjects]
        return node

    def bases(self, uses: list[BasisUse]) -> list[str]:
        return [LEGAL_BASIS[use.basis] for use in uses]

    def basis_notes(self, uses: list[BasisUse]) -> dict[str, list[str]] | None:
        """What the register says of its bases: the phase, the law or contract, the interest."""
        return self.texts(*(t for use in uses for t in (use.while_, use.details, use.interest)))

    def transfer(self, transfer: Transfer) -> Node:
        node: Node = {"@type": "dpv:Process", "dpv:hasProcessing": _ref("dpv:Transfer")}
        # The model admits only places outside the EU/EEA as destinations; a region there
        # ("worldwide", "unspecified") names no country.
        country = _country(transfer.country)
        if country is not None and not is_inside_eea(transfer.country):
            node["dpv:hasThirdCountry"] = {"@id": country, "@type": "dpv:ThirdCountry"}
        if transfer.processor is not None:
            node["dpv:hasRecipient"] = _ref(f"_:processor-{transfer.processor}")
        elif transfer.recipient is not None:
            node["dpv:hasRecipient"] = {
                "@type": "dpv:DataImporter",
                "dpv:hasName": transfer.recipient,
            }
        grounds = [
            DEROGATION_BASIS[transfer.derogation]
            if s is Safeguard.DEROGATION and transfer.derogation is not None
            else TRANSFER_BASIS[s]
            for s in transfer.safeguards
            if s in TRANSFER_BASIS
        ]
        if grounds:
            node["dpv:hasLegalBasis"] = [_ref(g) for g in dict.fromkeys(grounds)]
        measures = [TRANSFER_MEASURE[s] for s in transfer.safeguards if s in TRANSFER_MEASURE]
        if measures:
            node["dpv:hasOrganisationalMeasure"] = [_ref(m) for m in dict.fromkeys(measures)]
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
    return LegalPhrases(
        register, lang, i18n.translations(lang, templates=register.templates)
    ).retention_sentences(rule)
