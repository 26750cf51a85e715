"""The notice's sections, in its two layouts: the modern privacy notice and the legacy register
description (rekisteriseloste) in the seed's numbered order.

They are built from the shared :class:`~rekisteri.documents.phrases.LegalPhrases`, so the
notice words each legal fact as the record and access reports do. A conditional section the
register does not state is left out with its heading, in both layouts; the sections that are
present are numbered one after another (the legacy layout too: a transcribed 2018 document
numbered the headings it had, so a gap in the numbers would be a heading the original never
had).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

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
    SummaryItem,
)
from rekisteri.documents.i18n import N_
from rekisteri.documents.phrases import (
    ART9_CONDITION,
    SPECIAL_CATEGORY,
    LegalPhrases,
    capitalized,
    sentence,
)
from rekisteri.errors import nearest
from rekisteri.register.loading import located_error
from rekisteri.register.model import (
    ConsentModel,
    Cookie,
    DataCategory,
    ExtraSection,
    MarketingChannel,
    Purpose,
    Requirement,
    RetentionRule,
    Right,
    Source,
    SourceKind,
    State,
    Text,
    state_of,
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

# The sections of the modern notice, in their order (LEGAL.md table 1, then cookies). An extra
# section's `after` names one of these (docs/register-v2.md, "Text around the facts").
MODERN_SECTION_IDS = (
    "objection",
    "controller",
    "representative",
    "dpo",
    "purposes",
    "data",
    "recipients",
    "transfers",
    "retention",
    "rights",
    "withdraw-consent",
    "complaint",
    "health-care",
    "requirement",
    "sources",
    "automated-decisions",
    "security",
    "cookies",
)

# The legacy layout's sections: the seed's headings, then the facts they had no place for.
LEGACY_SECTION_IDS = (
    *(section_id for section_id, _ in LEGACY_HEADINGS),
    "security",
    "rights",
    "health-care",
    "cookies",
)

# Where a section placed after a modern section goes in the legacy layout: after the legacy
# section that says what the modern one says.
LEGACY_PLACE = {
    "objection": "rights",
    "controller": "controller",
    "representative": "contact",
    "dpo": "contact",
    "purposes": "purposes",
    "data": "data-content",
    "recipients": "disclosures",
    "transfers": "transfers",
    "retention": "duration",
    "rights": "rights",
    "withdraw-consent": "rights",
    "complaint": "rights",
    "health-care": "health-care",
    "requirement": "purposes",
    "sources": "sources",
    "automated-decisions": "automated-decisions",
    "security": "security",
    "cookies": "cookies",
}

# Ids an extra section cannot take: the notice's own sections, and the page's anchors (a
# section's heading is "<id>-title"). A retention rule's anchor is RULE_ANCHOR.
RESERVED_IDS = frozenset(
    {
        *MODERN_SECTION_IDS,
        *LEGACY_SECTION_IDS,
        "toc",
        "notice",
        "notice-main",
        "toc-title",
        "notice-summary",
        "notice-summary-title",
    }
)
RULE_ANCHOR = "retention-{id}"

PLACES = ("start", "end")

# A section before it is numbered: its id, title and blocks.
Draft = tuple[str, str, list[Block]]


class NoticeSections(LegalPhrases):
    """The notice's sections for one register in one language."""

    # -- small helpers ----------------------------------------------------------------------

    def categories_named(self, ids: Iterable[str]) -> list[str]:
        return self.category_names(ids)

    def note(self, name: str) -> list[Block]:
        notes = self.register.notes
        value = getattr(notes, name) if notes is not None else None
        return [Paragraph(value.get(self.lang))] if value is not None else []

    def paragraphs(self, text: Text) -> list[Block]:
        """A text of the register as paragraphs: a blank line starts a new one."""
        parts = [" ".join(p.split()) for p in text.get(self.lang).split("\n\n")]
        return [Paragraph(p) for p in parts if p]

    # -- the modern notice ------------------------------------------------------------------

    def modern_sections(self) -> list[Section]:
        register = self.register
        _ = self._
        sections: list[Section] = []
        objection = self.objection_section()
        if objection is not None:
            sections.append(objection)
        drafts: list[Draft] = [
            ("controller", _("Controller and contact details"), self.modern_controller_blocks())
        ]
        if register.representative is not None:
            drafts.append(
                (
                    "representative",
                    _("Representative in the EU"),
                    [PartyCard(self.representative_party())],
                )
            )
        if register.dpo is not None:
            drafts.append(
                ("dpo", _("Data protection officer"), [PartyCard(self.person_party(register.dpo))])
            )
        drafts += [
            ("purposes", _("Purposes and legal bases of processing"), self.purpose_blocks()),
            ("data", _("Personal data processed"), self.category_blocks()),
            ("recipients", _("Recipients of the data"), self.recipient_blocks()),
            ("transfers", _("Transfers outside the EU and the EEA"), self.transfer_blocks()),
            ("retention", _("How long the data is kept"), self.retention_blocks()),
            ("rights", _("Your rights"), self.rights_blocks() + self.listed_portability()),
            ("withdraw-consent", _("Withdrawing consent"), self.withdrawal_blocks()),
            (
                "complaint",
                _("Right to lodge a complaint with the supervisory authority"),
                self.complaint_blocks(),
            ),
            ("health-care", _("Patient records"), self.health_care_blocks()),
            ("requirement", _("Whether you must provide the data"), self.requirement_blocks()),
            ("sources", _("Where the data comes from"), self.source_blocks()),
            (
                "automated-decisions",
                _("Automated decision-making and profiling"),
                self.automated_blocks(),
            ),
            ("security", _("How the data is protected"), self.security_blocks()),
            ("cookies", _("Cookies and similar technologies"), self.cookie_blocks()),
        ]
        drafts = self.with_extra_sections(
            [d for d in drafts if d[2]], MODERN_SECTION_IDS[1:], self.modern_place
        )
        for number, (section_id, title, blocks) in enumerate(drafts, start=1):
            sections.append(Section(section_id, title, tuple(blocks), number=number))
        return sections

    # -- the summary: the first layer of a layered notice (WP260 rev.01) ---------------------

    def summary_items(self, sections: Sequence[Section]) -> list[SummaryItem]:
        """Who, why, what, for how long, the key rights and how to use them, each answered from
        what the register states and linked to the section that says it in full. An answer
        whose section the notice leaves out is left out too."""
        _ = self._
        register = self.register
        by_id = {section.id: section for section in sections}
        items: list[SummaryItem] = []

        def answer(
            section_id: str, label: str, value: str = "", *, list_: Sequence[str] = ()
        ) -> None:
            if section_id in by_id and (value or list_):
                items.append(SummaryItem(label, f"#{section_id}", value, tuple(list_)))

        answer("controller", _("Who processes your data"), self.controller_name())
        answer(
            "purposes",
            _("Why your data is processed"),
            list_=[purpose.name.get(self.lang) for purpose in register.purposes],
        )
        answer(
            "data",
            _("What data is processed"),
            list_=[category.name.get(self.lang) for category in register.data_categories],
        )
        answer("retention", _("How long the data is kept"), list_=self.retention_briefs())
        answer("rights", _("Your key rights"), list_=self.key_rights(by_id))
        how = self.how_to_exercise()
        if how is None and self.rights_derived():
            how = _("Contact the controller using the contact details in this notice.")
        answer("rights", _("How to use your rights"), how or "")
        return items

    def retention_briefs(self) -> list[str]:
        """Each retention rule in brief, or in its own words when no period says it; each said
        once however many rules share it."""
        briefs = []
        for rule in self.register.retention:
            brief = self.rule_brief(rule)
            if brief is None:
                sentences = self.retention_sentences(rule)
                brief = sentences[0] if sentences else None
            if brief is not None:
                briefs.append(capitalized(brief))
        return list(dict.fromkeys(briefs))

    def key_rights(self, by_id: dict[str, Section]) -> list[str]:
        """The rights the notice lists, by name, with withdrawing consent and the complaint to
        the authority when the notice has their sections."""
        _ = self._
        names = [entry.name for entry in self.rights_entries(objection_anchor=False)]
        if "withdraw-consent" in by_id:
            names.append(_("Right to withdraw consent"))
        if "complaint" in by_id:
            names.append(_("Right to lodge a complaint with the supervisory authority"))
        return names

    def listed_portability(self) -> list[Block]:
        """Which data the right to data portability covers, when the register lists the right
        in its own words; a derived right names the data in its own entry."""
        if self.rights_derived() or self.stated_right(Right.PORTABILITY) is None:
            return []
        return self.portability_blocks()

    @staticmethod
    def modern_place(section_id: str) -> str:
        # The right to object stands apart before the numbered sections: after it is first.
        return "start" if section_id == "objection" else section_id

    def representative_party(self, role: str | None = None) -> Party:
        rep = self.register.representative
        assert rep is not None
        facts = self.contact_facts(address=rep.address, phone=rep.phone, email=rep.email)
        return Party(name=rep.name, role=role, facts=tuple(facts))

    def modern_controller_blocks(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = [PartyCard(self.controller_party())]
        if register.contact is not None:
            blocks.append(PartyCard(self.person_party(register.contact, self._("Contact person"))))
        return blocks + self.joint_controller_blocks() + self.acting_as_processor_blocks()

    def joint_controller_blocks(self) -> list[Block]:
        """Joint controllers and the essence of the arrangement (GDPR Art. 26(2))."""
        _ = self._
        joint = self.register.joint_controllers
        if not joint:
            return []
        entries = []
        for party in joint:
            facts: list[Fact | None] = [
                Fact(_("Essence of the arrangement"), party.essence.get(self.lang))
                if party.essence is not None
                else None,
                self.multi(_("Purposes processed jointly"), self.purpose_names(party.purposes)),
                self.country_fact(party.country),
                Fact(_("Contact"), party.contact.get(self.lang)) if party.contact else None,
                Fact(_("Website"), party.website, href=party.website) if party.website else None,
            ]
            entries.append(
                Entry(
                    self.name_of(party.names, party.name),
                    facts=tuple(f for f in facts if f is not None),
                )
            )
        return [
            Subheading(_("Joint controllers")),
            Paragraph(
                _(
                    "The controller determines the purposes and means of the processing "
                    "jointly with the following controllers (GDPR Art. 26)."
                )
            ),
            EntryList(tuple(entries), depth=1),
        ]

    def acting_as_processor_blocks(self) -> list[Block]:
        """Processing the controller does for someone else, who is its controller (Art. 28)."""
        _ = self._
        acting = self.register.acting_as_processor
        if not acting:
            return []
        blocks: list[Block] = [
            Subheading(_("Processing on behalf of other controllers")),
            Paragraph(
                _(
                    "In the following processing, %(name)s processes personal data on behalf "
                    "of another controller, as a processor (GDPR Art. 28)."
                )
                % {"name": self.controller_name()}
            ),
        ]
        for item in acting:
            facts = [Fact(_("Controller"), item.controller.get(self.lang))]
            if item.description is not None:
                facts.append(Fact(_("Processing"), item.description.get(self.lang)))
            blocks.append(FactList(tuple(facts)))
        return blocks

    def purpose_facts(self, purpose: Purpose) -> list[Fact]:
        """The bases of a purpose with their scopes, and what it says about consent."""
        _ = self._
        facts = [fact for use in purpose.all_bases for fact in self.basis_facts(use)]
        child = purpose.child_consent
        if child is not None:
            said = self.child_consent_sentences(purpose)
            if said:
                facts.append(Fact(_("Consent of children"), " ".join(said)))
            if child.how_checked is not None:
                facts.append(
                    Fact(_("How age and consent are checked"), child.how_checked.get(self.lang))
                )
        return facts

    def child_consent_sentences(self, purpose: Purpose) -> list[str]:
        _ = self._
        child = purpose.child_consent
        assert child is not None
        said = []
        if child.from_age is not None:
            said.append(
                _("A child aged %(age)s or over can give consent alone.") % {"age": child.from_age}
            )
        younger = child.from_age is not None
        if child.guardian_below is True:
            said.append(
                _("For a younger child, a guardian gives consent.")
                if younger
                else _("For a child, a guardian gives consent.")
            )
        elif child.guardian_below is False:
            said.append(
                _("A guardian does not give consent for a younger child.")
                if younger
                else _("A guardian does not give consent for a child.")
            )
        return said

    def purpose_paragraphs(self, purpose: Purpose) -> tuple[str, ...]:
        paragraphs = [purpose.description.get(self.lang)] if purpose.description else []
        if purpose.consent_required_for_service:
            paragraphs.append(self._("Giving consent is a condition of using the service."))
        return tuple(paragraphs)

    def register_bases_entries(self) -> list[Entry]:
        """The bases the register states for itself rather than per purpose."""
        return [
            Entry(self.basis_use(use), facts=tuple(self.basis_facts(use, with_purposes=True)[1:]))
            for use in self.register.bases
        ]

    def purpose_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        entries = [
            Entry(
                purpose.name.get(self.lang),
                paragraphs=self.purpose_paragraphs(purpose),
                facts=tuple(self.purpose_facts(purpose)),
            )
            for purpose in register.purposes
        ]
        blocks: list[Block] = [EntryList(tuple(entries))]
        wide = self.register_bases_entries()
        if wide:
            blocks += [Subheading(_("Legal bases")), EntryList(tuple(wide), depth=1)]
        special = [c for c in register.data_categories if c.special is not None]
        if special:
            blocks.append(Subheading(_("Special categories of personal data")))
            # "Only on these grounds" is a claim the register makes only by naming a ground for
            # every special category it holds.
            if all(c.special is not None and c.special.condition for c in special):
                blocks.append(
                    Paragraph(
                        _(
                            "Special categories of personal data are processed only on the "
                            "following grounds."
                        )
                    )
                )
            blocks.append(EntryList(tuple(self.special_entry(c) for c in special), depth=1))
        marketing = register.marketing
        if marketing is not None:
            blocks.append(Subheading(_("Direct marketing")))
            if marketing.description is not None:
                blocks.append(Paragraph(marketing.description.get(self.lang)))
            facts = []
            if marketing.channels:
                channels = self.list_of(_(CHANNEL[c]) for c in marketing.channels)
                facts.append(Fact(_("Channels"), channels))
            if marketing.consent_model is not None:
                facts.append(Fact(_("Consent"), _(CONSENT_MODEL[marketing.consent_model])))
            if marketing.opt_out is not None:
                facts.append(Fact(_("How to stop marketing"), marketing.opt_out.get(self.lang)))
            blocks.append(FactList(tuple(facts)))
        elif state_of(register.direct_marketing) is State.NONE:
            blocks += [Subheading(_("Direct marketing")), Paragraph(self.no_marketing())]
        return blocks + self.note("purposes")

    def no_marketing(self) -> str:
        return self._("The data is not used for direct marketing.")

    def special_entry(self, category: DataCategory) -> Entry:
        _ = self._
        special = category.special
        assert special is not None
        facts = [Fact(_("Special category"), _(SPECIAL_CATEGORY[special.category]))]
        if special.condition is not None:
            facts.append(
                Fact(
                    _("Ground for processing"),
                    f"{_(ART9_CONDITION[special.condition])} "
                    f"({i18n.gdpr_point(special.condition.article, _)})",
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

    def recipient_entries(self) -> list[Entry]:
        _ = self._
        entries = []
        for recipient in self.register.recipient_list:
            facts: list[Fact | None] = [
                self.multi(_("Data disclosed"), self.category_names(recipient.data_categories)),
                self.country_fact(recipient.country),
                Fact(_("Ground"), recipient.basis.get(self.lang)) if recipient.basis else None,
            ]
            paragraphs = (recipient.description.get(self.lang),) if recipient.description else ()
            entries.append(
                Entry(
                    recipient.name.get(self.lang),
                    paragraphs=paragraphs,
                    facts=tuple(f for f in facts if f is not None),
                )
            )
        return entries

    def processor_entries(self) -> list[Entry]:
        _ = self._
        entries = []
        # A processor the notice does not call a recipient (recipient = false) is still a
        # processor the register states: it is listed here, and the lint asks about the rest.
        for processor in self.register.processor_list:
            facts = [
                f
                for f in (
                    self.country_fact(processor.country),
                    self.multi(_("Data processed"), self.category_names(processor.data_categories)),
                )
                if f is not None
            ]
            role = processor.role.get(self.lang)
            # A processor the notice describes only by what it does is named by that.
            name, paragraphs = (processor.name, (role,)) if processor.name else (role, ())
            entries.append(Entry(name, paragraphs=paragraphs, facts=tuple(facts)))
        return entries

    def recipient_blocks(self) -> list[Block]:
        _ = self._
        register = self.register
        no_recipients = state_of(register.recipients) is State.NONE
        no_processors = state_of(register.processors) is State.NONE
        blocks: list[Block] = []
        if no_recipients and no_processors:
            blocks.append(
                Paragraph(
                    _(
                        "The data is not disclosed to anyone, and no one else processes it on "
                        "the controller's behalf."
                    )
                )
            )
        elif no_recipients:
            blocks.append(Paragraph(_("The data is not disclosed to anyone.")))
        recipients = self.recipient_entries()
        if recipients:
            blocks.append(EntryList(tuple(recipients)))
        blocks += self.note("recipients")
        processors = self.processor_entries()
        if processors:
            # The agreement and the instructions are facts of each processor, said only when the
            # register states them for every one.
            if all(p.agreement for p in register.processor_list):
                intro = _(
                    "The following service providers process personal data on the "
                    "controller's behalf, under a data processing agreement and only on "
                    "the controller's instructions."
                )
            else:
                intro = _(
                    "The following service providers process personal data on the "
                    "controller's behalf."
                )
            blocks += [
                Subheading(_("Processors")),
                Paragraph(intro),
                EntryList(tuple(processors), depth=1),
            ]
        elif no_processors and not no_recipients:
            blocks += [
                Subheading(_("Processors")),
                Paragraph(_("No one else processes the data on the controller's behalf.")),
            ]
        return blocks + self.note("processors")

    def applies_to(self, rule: RetentionRule) -> list[str]:
        register = self.register
        return self.category_names(
            c.id for c in register.data_categories if rule.id in c.retention_ids
        )

    def retention_blocks(self) -> list[Block]:
        """Each retention rule: its period (or end date) as a heading, or its criteria as
        text; a rule of several terms as their list, or as one heading when one of them
        decides.

        A rule no category refers to is shown too: the register states it, so the notice does.
        """
        _ = self._
        blocks: list[Block] = []
        for rule in self.register.retention:
            facts: list[Fact | None] = [self.multi(_("Applies to"), self.applies_to(rule))]
            law = self.retention_law(rule)
            if law is not None:
                facts.append(Fact(_("Basis"), law))
            kept = tuple(f for f in facts if f is not None)
            anchor = self.rule_anchor(rule)
            combined = self.combined_terms(rule)
            if combined is not None:
                criteria = tuple(
                    c
                    for term in rule.terms
                    if term.period is not None or term.until is not None
                    for c in [self.text(term.criteria)]
                    if c
                )
                entry = Entry(combined, paragraphs=criteria, facts=kept, id=anchor)
                blocks.append(EntryList((entry,)))
                continue
            if rule.terms:
                blocks.append(ItemList(tuple(" ".join(self.term_sentences(t)) for t in rule.terms)))
                if kept:
                    blocks.append(FactList(kept))
                continue
            scope = self.term_scope(rule)
            summary = self.term_summary(rule)
            criteria_text = self.term_criteria(rule)
            if summary is not None:
                paragraphs = (criteria_text,) if criteria_text is not None else ()
                name = self.scoped(scope, summary)
                entry = Entry(name, paragraphs=paragraphs, facts=kept, id=anchor)
                blocks.append(EntryList((entry,)))
            else:
                if criteria_text is not None:
                    blocks.append(Paragraph(self.scoped(scope, criteria_text)))
                if kept:
                    blocks.append(FactList(kept))
        return blocks + self.note("retention")

    def rule_anchor(self, rule: RetentionRule) -> str | None:
        """The anchor of the rule's entry in the retention section; None for a rule shown as a
        list of terms or as its criteria, which has no entry of its own."""
        if self.rule_brief(rule) is None:
            return None
        return RULE_ANCHOR.format(id=rule.id)

    def rule_brief(self, rule: RetentionRule) -> str | None:
        """The rule in a few words, as its entry in the retention section is headed: "12 years
        from the patient's death"; None when no period or date says it."""
        combined = self.combined_terms(rule)
        if combined is not None:
            return combined
        if rule.terms:
            return None
        summary = self.term_summary(rule)
        return None if summary is None else self.scoped(self.term_scope(rule), summary)

    def retention_fact(self, category: DataCategory) -> Fact | None:
        """How long the category is kept, in brief: each rule's period linked to the rule, where
        the retention section says the rule in full once for every category it covers."""
        _ = self._
        rules = self.rules_of(category)
        if not rules:
            return None
        see = _('See "%(section)s"') % {"section": _("How long the data is kept")}
        briefs = [self.rule_brief(rule) or see for rule in rules]
        hrefs = ["#" + (self.rule_anchor(rule) or "retention") for rule in rules]
        if len(rules) == 1:
            return Fact(_("Retention"), briefs[0], href=hrefs[0])
        return Fact(_("Retention"), items=tuple(briefs), item_hrefs=tuple(hrefs))

    def category_entry(self, category: DataCategory) -> Entry:
        """The category as the notice lists it: what the shared phrases say of it, but neither
        the legal bases, which the purposes section gives for each purpose (with the categories
        a basis is limited to), nor the sources, which the sources section lists with the data
        each gives, nor the retention rule's full text, which the retention section says once;
        the rule's period stands here in brief, linked to it."""
        _ = self._
        entry = super().category_entry(category)
        said_elsewhere = {_("Legal basis"), _("Sources")}
        retention = _("Retention")
        facts: list[Fact] = []
        for fact in entry.facts:
            if fact.label in said_elsewhere:
                continue
            if fact.label == retention:
                brief = self.retention_fact(category)
                if brief is not None:
                    facts.append(brief)
                continue
            facts.append(fact)
        return Entry(entry.name, paragraphs=entry.paragraphs, facts=tuple(facts))

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

    def source_kind_fact(self, kind: SourceKind | None) -> Fact | None:
        """Where the data of a source comes from, as its kind says; none when not stated."""
        _ = self._
        if kind is SourceKind.DATA_SUBJECT:
            return Fact(_("Given by"), _("You yourself"))
        if kind is SourceKind.CONTROLLER:
            return Fact(_("Origin"), _("Generated or observed by the controller"))
        if kind is SourceKind.THIRD_PARTY:
            return Fact(_("Publicly accessible source"), _("No"))
        if kind is SourceKind.PUBLIC:
            return Fact(_("Publicly accessible source"), _("Yes"))
        return None

    def source_giver_fact(self, source: Source) -> Fact | None:
        """Who gives a source's data. A data-subject source of a group is named by the group:
        "you yourself" would tell a next of kin that they gave what the client told of them."""
        if source.kind is SourceKind.DATA_SUBJECT and source.group is not None:
            group = self.register.subject_group(source.group)
            return Fact(self._("Given by"), group.name.get(self.lang))
        return self.source_kind_fact(source.kind)

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
                ),
                self.source_giver_fact(source),
            ]
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

    def staff_blocks(self) -> list[Block]:
        """The roles whose holders have access to the data."""
        _ = self._
        staff = self.register.staff
        if not staff:
            return []
        entries = []
        for role in staff:
            facts = [
                f
                for f in (
                    self.multi(_("Data processed"), self.category_names(role.data_categories)),
                )
                if f is not None
            ]
            paragraphs = (role.description.get(self.lang),) if role.description else ()
            entries.append(
                Entry(role.role.get(self.lang), paragraphs=paragraphs, facts=tuple(facts))
            )
        return [Subheading(_("Who has access to the data")), EntryList(tuple(entries), depth=1)]

    def security_blocks(self) -> list[Block]:
        security = self.security_facts(include_electronic=True)
        blocks: list[Block] = [FactList(security)] if security else []
        return blocks + self.staff_blocks()

    def cookie_entry(self, cookie: Cookie) -> Entry:
        """A cookie with what the register says of it; a cookie described by kind only (no
        name) is named by its purpose."""
        _ = self._
        facts: list[Fact | None] = [
            Fact(_("Provider"), cookie.provider) if cookie.provider else None,
            self.country_fact(cookie.country),
        ]
        if cookie.lifetime == "session":
            facts.append(Fact(_("Lifetime"), _("Until the browser is closed (session cookie)")))
        elif cookie.lifetime is not None:
            facts.append(Fact(_("Lifetime"), self.duration(cookie.lifetime)))
        if cookie.necessary is not None:
            facts.append(
                Fact(
                    _("Consent"),
                    _("Not asked: the cookie is strictly necessary for the service")
                    if cookie.necessary
                    else _("Set only with your consent"),
                )
            )
        purpose = cookie.purpose.get(self.lang)
        name, paragraphs = (cookie.name, (purpose,)) if cookie.name else (purpose, ())
        return Entry(name, paragraphs=paragraphs, facts=tuple(f for f in facts if f is not None))

    def duration(self, period: str) -> str:
        return i18n.format_duration(period, self.lang)

    def cookie_blocks(self) -> list[Block]:
        """The cookies and trackers (Act 917/2014 § 205): listed, stated none, or nothing."""
        _ = self._
        state = state_of(self.register.cookies)
        if state is State.NONE:
            return [Paragraph(_("No cookies or similar technologies are used."))]
        if state is State.NOT_STATED:
            return []
        return [
            Paragraph(_("The following cookies and similar technologies are used.")),
            EntryList(tuple(self.cookie_entry(c) for c in self.register.cookie_list)),
        ]

    # -- sections of their own ----------------------------------------------------------------

    def with_extra_sections(
        self, drafts: list[Draft], order: Sequence[str], place: Callable[[str], str]
    ) -> list[Draft]:
        """``drafts`` with the register's ``[[sections]]`` each after the section it names.

        ``place`` maps a modern section's id to the one of this layout that says the same. A
        named section this notice leaves out (not stated) is stood in for by the nearest one
        before it; several sections after one place keep the file's order.
        """
        extras = self.register.sections
        if not extras:
            return drafts
        self.check_extra_ids(extras)
        present = {section_id for section_id, _, _ in drafts}
        extra_ids = {extra.id for extra in extras}
        after: dict[str, list[ExtraSection]] = {}
        for index, extra in enumerate(extras):
            anchor = self.anchor(index, extra, extra_ids, order, place, present)
            after.setdefault(anchor, []).append(extra)
        placed: list[Draft] = []
        emitted: set[str] = set()

        def emit(anchor: str) -> None:
            for extra in after.get(anchor, []):
                if extra.id in emitted:
                    continue
                emitted.add(extra.id)
                placed.append(self.extra_draft(extra))
                emit(extra.id)

        emit("start")
        for draft in drafts:
            placed.append(draft)
            emit(draft[0])
        emit("end")
        for index, extra in enumerate(extras):
            if extra.id not in emitted:
                raise located_error(
                    self.register,
                    ("sections", index, "after"),
                    f"section '{extra.id}' is placed after '{extra.after}', which is placed "
                    "after it in turn",
                    hint="place one of these sections after a notice section, 'start' or 'end'",
                )
        return placed

    def check_extra_ids(self, extras: list[ExtraSection]) -> None:
        seen: set[str] = set()
        anchors = {RULE_ANCHOR.format(id=rule.id) for rule in self.register.retention}
        for index, extra in enumerate(extras):
            if extra.id in RESERVED_IDS or extra.id in anchors or extra.id in seen:
                taken = "another of the sections" if extra.id in seen else "the notice"
                raise located_error(
                    self.register,
                    ("sections", index, "id"),
                    f"the id '{extra.id}' is already used by {taken}",
                    hint="give the section an id of its own, e.g. 'more-" + extra.id + "'",
                )
            seen.add(extra.id)

    def anchor(
        self,
        index: int,
        extra: ExtraSection,
        extra_ids: set[str],
        order: Sequence[str],
        place: Callable[[str], str],
        present: set[str],
    ) -> str:
        """What ``extra`` follows in this layout: a section present, another extra section,
        or "start" / "end"."""
        if extra.after in PLACES or extra.after in extra_ids:
            return extra.after
        if extra.after not in MODERN_SECTION_IDS:
            choices = [*MODERN_SECTION_IDS, *PLACES, *sorted(extra_ids)]
            guess = nearest(extra.after, choices)
            raise located_error(
                self.register,
                ("sections", index, "after"),
                f"'{extra.after}' is not a section of the notice"
                + (f"; did you mean '{guess}'?" if guess else ""),
                hint="write one of " + ", ".join(choices),
            )
        target = place(extra.after)
        if target in PLACES:
            return target
        for candidate in reversed(order[: list(order).index(target) + 1]):
            if candidate in present:
                return candidate
        return "start"

    def extra_draft(self, extra: ExtraSection) -> Draft:
        return (extra.id, extra.heading.get(self.lang), self.paragraphs(extra.text))

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
        if register.representative is not None:
            contact_blocks.append(
                PartyCard(self.representative_party(_("Representative in the EU")))
            )
        content: dict[str, list[Block]] = {
            "controller": [
                PartyCard(self.controller_party()),
                *self.joint_controller_blocks(),
                *self.acting_as_processor_blocks(),
            ],
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
        drafts: list[Draft] = [
            (section_id, _(title), content[section_id]) for section_id, title in LEGACY_HEADINGS
        ]
        # Facts the 2018 headings had no place for follow the numbered sections, when present.
        security = self.security_facts(include_electronic=False)
        drafts.append(
            (
                "security",
                _("Principles of protecting the register"),
                ([FactList(security)] if security else []) + self.staff_blocks(),
            )
        )
        rights = self.rights_blocks(legacy=True)
        authority = self.authority_party()
        if authority is not None:
            rights += [
                Subheading(_("Right to lodge a complaint with the supervisory authority")),
                PartyCard(authority),
            ]
        drafts.append(("rights", _("Rights of the data subject"), rights))
        drafts.append(("health-care", _("Patient records"), self.health_care_blocks()))
        drafts.append(("cookies", _("Cookies and similar technologies"), self.cookie_blocks()))
        drafts = self.with_extra_sections(
            [d for d in drafts if d[2]], LEGACY_SECTION_IDS, self.legacy_place
        )
        return [
            Section(section_id, title, tuple(blocks), number=number)
            for number, (section_id, title, blocks) in enumerate(drafts, start=1)
        ]

    @staticmethod
    def legacy_place(section_id: str) -> str:
        return LEGACY_PLACE[section_id]

    def joined(self, name: Text, description: Text | None) -> str:
        if description is None:
            return sentence(name.get(self.lang))
        return f"{sentence(name.get(self.lang))} {sentence(description.get(self.lang))}"

    def legacy_purposes(self) -> list[Block]:
        _ = self._
        register = self.register
        blocks: list[Block] = []
        for purpose in register.purposes:
            text = (
                self.joined(purpose.name, None)
                if purpose.description is None
                else purpose.description.get(self.lang)
            )
            blocks.append(Paragraph(text))
            if purpose.consent_required_for_service:
                blocks.append(Paragraph(_("Giving consent is a condition of using the service.")))
            facts = self.purpose_facts(purpose)
            if facts:
                blocks.append(FactList(tuple(facts)))
        for use in register.bases:
            blocks.append(FactList(tuple(self.basis_facts(use, with_purposes=True))))
        marketing = register.marketing
        if marketing is not None:
            channels = self.list_of(_(CHANNEL[c]) for c in marketing.channels)
            said = _("Direct marketing channels: %(channels)s.") % {"channels": channels}
            if marketing.consent_model is not None:
                said += " " + _(CONSENT_MODEL[marketing.consent_model])
            if marketing.description is not None:
                said = f"{sentence(marketing.description.get(self.lang))} {said}"
            blocks.append(Paragraph(said))
        elif state_of(register.direct_marketing) is State.NONE:
            blocks.append(Paragraph(self.no_marketing()))
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
        blocks: list[Block] = []
        if state_of(register.recipients) is State.NONE:
            blocks.append(Paragraph(self._("The data is not regularly disclosed.")))
        for recipient in register.recipient_list:
            text = self.joined(recipient.name, recipient.description)
            if recipient.basis is not None:
                text += " " + sentence(recipient.basis.get(self.lang))
            blocks.append(Paragraph(text))
        return blocks + self.note("recipients")

    def legacy_duration(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = [
            Paragraph(" ".join(self.retention_sentences(rule))) for rule in register.retention
        ]
        blocks += self.note("retention")
        marketing = register.marketing
        if marketing is not None and marketing.opt_out is not None:
            blocks.append(Paragraph(marketing.opt_out.get(self.lang)))
        return blocks

    def legacy_processors(self) -> list[Block]:
        register = self.register
        blocks: list[Block] = []
        if state_of(register.processors) is State.NONE:
            blocks.append(
                Paragraph(self._("No one else processes the data on the controller's behalf."))
            )
        for processor in register.processor_list:
            role = processor.role.get(self.lang)
            text = f"{processor.name}: {role}" if processor.name else capitalized(role)
            if processor.country is not None and processor.country != "FI":
                text += f" ({self.place(processor.country)})"
            blocks.append(Paragraph(sentence(text)))
        return blocks + self.note("processors")
