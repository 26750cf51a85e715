"""The notice's sections, in its two layouts: the modern privacy notice and the legacy register
description (rekisteriseloste) in the seed's numbered order.

They are built from the shared :class:`~rekisteri.documents.phrases.LegalPhrases`, so the
notice words each legal fact as the record and access reports do.
"""

from __future__ import annotations

from collections.abc import Iterable

from rekisteri.documents import i18n
from rekisteri.documents.blocks import (
    Block,
    Entry,
    EntryList,
    Fact,
    FactList,
    ItemList,
    Paragraph,
    Party,
    PartyCard,
    Section,
    Subheading,
)
from rekisteri.documents.i18n import N_
from rekisteri.documents.phrases import ART9_CONDITION, SPECIAL_CATEGORY, LegalPhrases, sentence
from rekisteri.register.model import (
    Art9Condition,
    ConsentModel,
    DataCategory,
    LegalBasis,
    MarketingChannel,
    Requirement,
    Text,
)

REQUIREMENT = {
    Requirement.STATUTORY: N_("A statutory requirement"),
    Requirement.CONTRACTUAL: N_("A contractual requirement"),
    Requirement.CONTRACT_PREREQUISITE: N_("A requirement for entering into a contract"),
    Requirement.VOLUNTARY: N_("Voluntary"),
}

CHANNEL = {
    MarketingChannel.EMAIL: N_("email"),
    MarketingChannel.SMS: N_("text message"),
    MarketingChannel.POST: N_("post"),
    MarketingChannel.PHONE: N_("phone"),
}

CONSENT_MODEL = {
    ConsentModel.PRIOR_CONSENT: N_("Marketing is sent only with your prior consent."),
    ConsentModel.SOFT_OPT_IN: N_(
        "Clients receive marketing of similar products and services unless they refuse it; "
        "they can refuse it free of charge when giving their contact details and in every "
        "message."
    ),
}

# The seed's numbered headings, in its order (Henkilötietolaki 523/1999 10 § practice).
LEGACY_HEADINGS = (
    ("controller", N_("Controller")),
    ("contact", N_("Contact person for register matters")),
    ("register-name", N_("Name of the register")),
    ("purposes", N_("Purpose of processing personal data / purpose of the register")),
    ("data-content", N_("Data content of the register")),
    ("sources", N_("Regular sources of data")),
    ("disclosures", N_("Regular disclosures of data")),
    ("duration", N_("Duration of processing")),
    ("processors", N_("Processors of personal data")),
    ("transfers", N_("Transfer of data outside the EU or the European Economic Area")),
    ("automated-decisions", N_("Automated decision-making and profiling")),
)


class NoticeSections(LegalPhrases):
    """The notice's sections for one register in one language."""

    # -- small helpers ----------------------------------------------------------------------

    def categories_named(self, ids: Iterable[str]) -> list[str]:
        wanted = set(ids)
        return [c.name.get(self.lang) for c in self.register.data_categories if c.id in wanted]

    def note(self, name: str) -> list[Block]:
        notes = self.register.notes
        value = getattr(notes, name) if notes is not None else None
        return [Paragraph(value.get(self.lang))] if value is not None else []

    def consent_items(self) -> list[str]:
        """What rests on consent: purposes (Art. 6(1)(a)) and categories (Art. 9(2)(a))."""
        register = self.register
        items = [
            p.name.get(self.lang) for p in register.purposes if p.legal_basis is LegalBasis.CONSENT
        ]
        items += [
            c.name.get(self.lang)
            for c in register.data_categories
            if c.special is not None and c.special.condition is Art9Condition.EXPLICIT_CONSENT
        ]
        return items

    # -- the modern notice ------------------------------------------------------------------

    def modern_sections(self) -> list[Section]:
        register = self.register
        _ = self._
        sections: list[Section] = []
        objection = self.objection_section()
        if objection is not None:
            sections.append(objection)
        numbered: list[tuple[str, str, list[Block]]] = []
        controller_blocks: list[Block] = [PartyCard(self.controller_party())]
        if register.contact is not None:
            controller_blocks.append(
                PartyCard(self.person_party(register.contact, _("Contact person")))
            )
        numbered.append(("controller", _("Controller and contact details"), controller_blocks))
        if register.representative is not None:
            rep = register.representative
            party = Party(
                name=rep.name,
                facts=tuple(
                    self.contact_facts(address=rep.address, phone=rep.phone, email=rep.email)
                ),
            )
            numbered.append(("representative", _("Representative in the EU"), [PartyCard(party)]))
        if register.dpo is not None:
            numbered.append(
                ("dpo", _("Data protection officer"), [PartyCard(self.person_party(register.dpo))])
            )
        numbered.append(
            ("purposes", _("Purposes and legal bases of processing"), self.purpose_blocks())
        )
        numbered.append(("data", _("Personal data processed"), self.category_blocks()))
        numbered.append(("recipients", _("Recipients of the data"), self.recipient_blocks()))
        numbered.append(
            ("transfers", _("Transfers outside the EU and the EEA"), self.transfer_blocks())
        )
        retention = self.retention_blocks()
        if retention:
            numbered.append(("retention", _("How long the data is kept"), retention))
        numbered.append(("rights", _("Your rights"), self.rights_blocks()))
        consent = self.consent_items()
        if consent:
            numbered.append(
                (
                    "withdraw-consent",
                    _("Withdrawing consent"),
                    self.withdrawal_blocks(consent),
                )
            )
        numbered.append(
            (
                "complaint",
                _("Right to lodge a complaint with the supervisory authority"),
                [
                    Paragraph(
                        _(
                            "If you consider that the processing of your personal data "
                            "infringes data protection law, you have the right to lodge a "
                            "complaint with the supervisory authority."
                        )
                    ),
                    PartyCard(self.authority_party()),
                ],
            )
        )
        requirement = self.requirement_blocks()
        if requirement:
            numbered.append(("requirement", _("Whether you must provide the data"), requirement))
        sources = self.source_blocks()
        if sources:
            numbered.append(("sources", _("Where the data comes from"), sources))
        numbered.append(
            (
                "automated-decisions",
                _("Automated decision-making and profiling"),
                self.automated_blocks(),
            )
        )
        security = self.security_facts(include_electronic=True)
        if security:
            numbered.append(("security", _("How the data is protected"), [FactList(security)]))
        for number, (section_id, title, blocks) in enumerate(numbered, start=1):
            sections.append(Section(section_id, title, tuple(blocks), number=number))
        return sections

    def purpose_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        entries = []
        for purpose in register.purposes:
            facts: list[Fact] = []
            basis = self.basis(purpose)
            if basis:
                facts.append(Fact(_("Legal basis"), basis))
            if purpose.basis_details is not None:
                facts.append(Fact(_("Law or contract"), purpose.basis_details.get(self.lang)))
            if purpose.legitimate_interest is not None:
                facts.append(
                    Fact(_("Legitimate interest"), purpose.legitimate_interest.get(self.lang))
                )
            paragraphs = (purpose.description.get(self.lang),) if purpose.description else ()
            entries.append(
                Entry(purpose.name.get(self.lang), paragraphs=paragraphs, facts=tuple(facts))
            )
        blocks: list[Block] = [EntryList(tuple(entries))]
        special = [c for c in register.data_categories if c.special is not None]
        if special:
            blocks += [
                Subheading(_("Special categories of personal data")),
                Paragraph(
                    _(
                        "Special categories of personal data are processed only on the "
                        "following grounds."
                    )
                ),
                EntryList(tuple(self.special_entry(c) for c in special), depth=1),
            ]
        marketing = register.direct_marketing
        if marketing is not None:
            blocks.append(Subheading(_("Direct marketing")))
            if marketing.description is not None:
                blocks.append(Paragraph(marketing.description.get(self.lang)))
            facts = [Fact(_("Channels"), self.list_of(_(CHANNEL[c]) for c in marketing.channels))]
            if marketing.consent_model is not None:
                facts.append(Fact(_("Consent"), _(CONSENT_MODEL[marketing.consent_model])))
            if marketing.opt_out is not None:
                facts.append(Fact(_("How to stop marketing"), marketing.opt_out.get(self.lang)))
            blocks.append(FactList(tuple(facts)))
        return blocks + self.note("purposes")

    def special_entry(self, category: DataCategory) -> Entry:
        _ = self._
        special = category.special
        assert special is not None
        facts = [Fact(_("Special category"), _(SPECIAL_CATEGORY[special.category]))]
        if special.condition is not None:
            facts.append(
                Fact(
                    _("Ground for processing"),
                    f"{_(ART9_CONDITION[special.condition])} ({special.condition.article})",
                )
            )
        if special.national_ground is not None:
            facts.append(Fact(_("National law"), special.national_ground.get(self.lang)))
        return Entry(category.name.get(self.lang), facts=tuple(facts))

    def category_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        blocks: list[Block] = []
        if register.data_subjects:
            blocks.append(Paragraph(_("Personal data of the following people is processed:")))
            blocks.append(
                ItemList(
                    tuple(
                        f"{g.name.get(self.lang)}: {g.description.get(self.lang)}"
                        if g.description
                        else g.name.get(self.lang)
                        for g in register.data_subjects
                    )
                )
            )
        entries = [self.category_entry(c) for c in register.data_categories]
        blocks.append(EntryList(tuple(entries)))
        return blocks + self.note("data_categories")

    def recipient_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        blocks: list[Block] = []
        if register.recipients:
            entries = []
            for recipient in register.recipients:
                facts: list[Fact | None] = [
                    self.multi(
                        _("Data disclosed"), self.categories_named(recipient.data_categories)
                    ),
                    Fact(_("Country"), i18n.country_name(recipient.country, self.lang))
                    if recipient.country
                    else None,
                    Fact(_("Ground"), recipient.basis.get(self.lang)) if recipient.basis else None,
                ]
                paragraphs = (
                    (recipient.description.get(self.lang),) if recipient.description else ()
                )
                entries.append(
                    Entry(
                        recipient.name.get(self.lang),
                        paragraphs=paragraphs,
                        facts=tuple(f for f in facts if f is not None),
                    )
                )
            blocks.append(EntryList(tuple(entries)))
        blocks += self.note("recipients")
        processors = [p for p in register.processors if p.recipient]
        if processors:
            blocks += [
                Subheading(_("Processors")),
                Paragraph(
                    _(
                        "The following service providers process personal data on the "
                        "controller's behalf, under a data processing agreement and only on "
                        "the controller's instructions."
                    )
                ),
                EntryList(
                    tuple(
                        Entry(
                            p.name,
                            paragraphs=(p.role.get(self.lang),),
                            facts=tuple(
                                f
                                for f in (
                                    Fact(_("Country"), i18n.country_name(p.country, self.lang)),
                                    self.multi(
                                        _("Data processed"),
                                        self.categories_named(p.data_categories),
                                    ),
                                )
                                if f is not None
                            ),
                        )
                        for p in processors
                    ),
                    depth=1,
                ),
            ]
        blocks += self.note("processors")
        if not blocks:
            blocks.append(
                Paragraph(
                    _(
                        "The data is not disclosed to anyone, and no one else processes it on "
                        "the controller's behalf."
                    )
                )
            )
        return blocks

    def retention_blocks(self) -> list[Block]:
        """Each retention rule: a period from an event as a heading, or its criteria as text.

        A rule no category refers to is shown too: the register states it, so the notice does.
        """
        _ = self._
        register = self.register
        blocks: list[Block] = []
        for rule in register.retention:
            applies = self.categories_named(
                c.id for c in register.data_categories if c.retention == rule.id
            )
            facts: list[Fact | None] = [self.multi(_("Applies to"), applies)]
            if rule.statutory_basis is not None:
                facts.append(Fact(_("Basis"), rule.statutory_basis.get(self.lang)))
            kept = tuple(f for f in facts if f is not None)
            criteria = (rule.criteria.get(self.lang),) if rule.criteria is not None else ()
            summary = self.retention_summary(rule)
            if summary:
                name = summary[:1].upper() + summary[1:]
                blocks.append(EntryList((Entry(name, paragraphs=criteria, facts=kept),)))
            else:
                blocks += [Paragraph(text) for text in criteria]
                if kept:
                    blocks.append(FactList(kept))
        return blocks + self.note("retention")

    def withdrawal_blocks(self, consent: list[str]) -> list[Block]:
        _ = self._
        blocks: list[Block] = [
            Paragraph(
                _(
                    "Where processing is based on your consent, you may withdraw your consent "
                    "at any time. Withdrawing consent does not affect the lawfulness of "
                    "processing based on consent before its withdrawal. This applies to:"
                )
            ),
            ItemList(tuple(consent)),
        ]
        how = self.how_to_exercise()
        if how:
            blocks.append(Paragraph(how))
        return blocks

    def requirement_blocks(self) -> list[Block]:
        _ = self._
        entries = []
        for purpose in self.register.purposes:
            if purpose.requirement is None and purpose.consequences is None:
                continue
            facts = (
                (Fact(_("Providing the data"), _(REQUIREMENT[purpose.requirement])),)
                if purpose.requirement is not None
                else ()
            )
            paragraphs = (purpose.consequences.get(self.lang),) if purpose.consequences else ()
            entries.append(Entry(purpose.name.get(self.lang), paragraphs=paragraphs, facts=facts))
        if not entries:
            return []
        return [
            Paragraph(
                _(
                    "Whether you must provide your personal data, and what follows if you do "
                    "not, depends on the purpose:"
                )
            ),
            EntryList(tuple(entries)),
        ]

    def source_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        entries = []
        for source in register.sources:
            facts: list[Fact | None] = [
                self.multi(
                    _("Data received"),
                    [
                        c.name.get(self.lang)
                        for c in register.data_categories
                        if source.id in c.sources
                    ],
                )
            ]
            if source.data_subject:
                facts.append(Fact(_("Given by"), _("You yourself")))
            else:
                facts.append(
                    Fact(
                        _("Publicly accessible source"),
                        _("Yes") if source.publicly_accessible else _("No"),
                    )
                )
            paragraphs = (source.description.get(self.lang),) if source.description else ()
            entries.append(
                Entry(
                    source.name.get(self.lang),
                    paragraphs=paragraphs,
                    facts=tuple(f for f in facts if f is not None),
                )
            )
        blocks: list[Block] = [EntryList(tuple(entries))] if entries else []
        return blocks + self.note("sources")

    # -- the legacy register description ----------------------------------------------------

    def legacy_sections(self) -> list[Section]:
        register = self.register
        _ = self._
        contact_blocks: list[Block] = []
        if register.contact is not None:
            contact_blocks.append(PartyCard(self.person_party(register.contact)))
        if register.dpo is not None:
            contact_blocks.append(
                PartyCard(self.person_party(register.dpo, _("Data protection officer")))
            )
        content: dict[str, list[Block]] = {
            "controller": [PartyCard(self.controller_party())],
            "contact": contact_blocks,
            "register-name": [Paragraph(register.name.get(self.lang))],
            "purposes": self.legacy_purposes(),
            "data-content": self.legacy_content(),
            "sources": [Paragraph(self.joined(s.name, s.description)) for s in register.sources]
            + self.note("sources"),
            "disclosures": self.legacy_disclosures(),
            "duration": self.legacy_duration(),
            "processors": self.legacy_processors(),
            "transfers": self.transfer_blocks(),
            "automated-decisions": self.automated_blocks(),
        }
        sections = [
            Section(section_id, _(title), tuple(content[section_id]), number=number)
            for number, (section_id, title) in enumerate(LEGACY_HEADINGS, start=1)
        ]
        # Facts the 2018 headings had no place for follow the numbered sections, when present.
        extra: list[tuple[str, str, list[Block]]] = []
        security = self.security_facts(include_electronic=False)
        if security:
            extra.append(
                ("security", _("Principles of protecting the register"), [FactList(security)])
            )
        if register.rights is not None:
            extra.append(
                (
                    "rights",
                    _("Rights of the data subject"),
                    [
                        *self.rights_blocks(legacy=True),
                        Subheading(_("Right to lodge a complaint with the supervisory authority")),
                        PartyCard(self.authority_party()),
                    ],
                )
            )
        for offset, (section_id, title, blocks) in enumerate(extra, start=len(sections) + 1):
            sections.append(Section(section_id, title, tuple(blocks), number=offset))
        return sections

    def joined(self, name: Text, description: Text | None) -> str:
        if description is None:
            return sentence(name.get(self.lang))
        return f"{sentence(name.get(self.lang))} {sentence(description.get(self.lang))}"

    def legacy_purposes(self) -> list[Block]:
        _ = self._
        register = self.register
        blocks: list[Block] = []
        for purpose in register.purposes:
            blocks.append(
                Paragraph(
                    self.joined(purpose.name, None)
                    if purpose.description is None
                    else purpose.description.get(self.lang)
                )
            )
            basis = self.basis(purpose)
            if basis:
                blocks.append(FactList((Fact(_("Legal basis"), basis),)))
        marketing = register.direct_marketing
        if marketing is not None:
            channels = self.list_of(_(CHANNEL[c]) for c in marketing.channels)
            said = _("Direct marketing channels: %(channels)s.") % {"channels": channels}
            if marketing.consent_model is not None:
                said += " " + _(CONSENT_MODEL[marketing.consent_model])
            if marketing.description is not None:
                said = f"{sentence(marketing.description.get(self.lang))} {said}"
            blocks.append(Paragraph(said))
        return blocks + self.note("purposes")

    def legacy_content(self) -> list[Block]:
        _ = self._
        register = self.register
        blocks: list[Block] = []
        if register.data_subjects:
            groups = self.list_of(g.name.get(self.lang) for g in register.data_subjects)
            blocks.append(Paragraph(_("Data subjects: %(groups)s.") % {"groups": groups}))
        blocks.append(
            ItemList(
                tuple(
                    f"{c.name.get(self.lang)}: {c.description.get(self.lang)}"
                    if c.description
                    else c.name.get(self.lang)
                    for c in register.data_categories
                )
            )
        )
        # As in the 2018 original, the closing paragraph of the data content says where the
        # data is kept and who can reach it.
        closing = [
            text
            for text in (
                self.text(register.notes.data_categories) if register.notes else None,
                self.text(register.security.electronic) if register.security else None,
            )
            if text
        ]
        if closing:
            blocks.append(Paragraph(" ".join(sentence(t) for t in closing)))
        return blocks

    def legacy_disclosures(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = [
            Paragraph(self.joined(r.name, r.description)) for r in register.recipients
        ]
        blocks += self.note("recipients")
        return blocks or [Paragraph(self._("The data is not regularly disclosed."))]

    def legacy_duration(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = [
            Paragraph(" ".join(self.retention_sentences(rule))) for rule in register.retention
        ]
        blocks += self.note("retention")
        marketing = register.direct_marketing
        if marketing is not None and marketing.opt_out is not None:
            blocks.append(Paragraph(marketing.opt_out.get(self.lang)))
        return blocks

    def legacy_processors(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = []
        for processor in register.processors:
            text = f"{processor.name}: {processor.role.get(self.lang)}"
            if processor.country != "FI":
                text += f" ({i18n.country_name(processor.country, self.lang)})"
            blocks.append(Paragraph(sentence(text)))
        blocks += self.note("processors")
        return blocks or [
            Paragraph(self._("No one else processes the data on the controller's behalf."))
        ]
