"""The legal phrases every document shares, for one register in one language.

The notice's sections are built here too, so that the Art. 30 record, the JSON-LD export and
access reports word a legal basis, a retention period or a right exactly as the notice does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

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
from rekisteri.register.base import e164, parse_phone
from rekisteri.register.model import (
    EEA_COUNTRIES,
    Address,
    Art9Condition,
    ConsentModel,
    ContactPerson,
    DataCategory,
    HetuGround,
    LegalBasis,
    MarketingChannel,
    Provision,
    Purpose,
    Register,
    Requirement,
    RetentionRule,
    Safeguard,
    SpecialCategory,
    SupervisoryAuthority,
    Text,
    ombudsman,
)

if TYPE_CHECKING:
    from babel.support import Translations


# --- phrases -----------------------------------------------------------------------------------

LEGAL_BASIS = {
    LegalBasis.CONSENT: N_("Consent"),
    LegalBasis.CONTRACT: N_("Performance of a contract"),
    LegalBasis.LEGAL_OBLIGATION: N_("Compliance with a legal obligation"),
    LegalBasis.VITAL_INTERESTS: N_("Protection of vital interests"),
    LegalBasis.PUBLIC_TASK: N_(
        "Task carried out in the public interest or in the exercise of official authority"
    ),
    LegalBasis.LEGITIMATE_INTERESTS: N_("Legitimate interests"),
}

SPECIAL_CATEGORY = {
    SpecialCategory.RACIAL_OR_ETHNIC_ORIGIN: N_("Racial or ethnic origin"),
    SpecialCategory.POLITICAL_OPINIONS: N_("Political opinions"),
    SpecialCategory.RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS: N_("Religious or philosophical beliefs"),
    SpecialCategory.TRADE_UNION_MEMBERSHIP: N_("Trade union membership"),
    SpecialCategory.GENETIC: N_("Genetic data"),
    SpecialCategory.BIOMETRIC: N_("Biometric data for identifying a person"),
    SpecialCategory.HEALTH: N_("Health data"),
    SpecialCategory.SEX_LIFE_OR_ORIENTATION: N_("Sex life or sexual orientation"),
}

ART9_CONDITION = {
    Art9Condition.EXPLICIT_CONSENT: N_("Explicit consent"),
    Art9Condition.EMPLOYMENT_AND_SOCIAL_SECURITY: N_(
        "Obligations in employment, social security and social protection law"
    ),
    Art9Condition.VITAL_INTERESTS: N_("Protection of vital interests when consent cannot be given"),
    Art9Condition.NOT_FOR_PROFIT_BODY: N_("Activities of a not-for-profit body with its members"),
    Art9Condition.MADE_PUBLIC: N_("Data the person has made public"),
    Art9Condition.LEGAL_CLAIMS: N_("Establishing, exercising or defending legal claims"),
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST: N_("Substantial public interest laid down by law"),
    Art9Condition.HEALTH_OR_SOCIAL_CARE: N_("Health care, social care and medical diagnosis"),
    Art9Condition.PUBLIC_HEALTH: N_("Public health"),
    Art9Condition.ARCHIVING_OR_RESEARCH: N_(
        "Archiving in the public interest, scientific or historical research or statistics"
    ),
}

HETU_GROUND = {
    HetuGround.CONSENT: N_("your consent"),
    HetuGround.LAW: N_("a provision of law"),
    HetuGround.STATUTORY_TASK: N_("carrying out a statutory task"),
    HetuGround.RIGHTS_AND_OBLIGATIONS: N_(
        "securing the rights and obligations of the person or the controller"
    ),
    HetuGround.RESEARCH_OR_STATISTICS: N_("historical or scientific research or statistics"),
    HetuGround.CREDIT_OR_DEBT_COLLECTION: N_("granting credit or collecting debts"),
    HetuGround.INSURANCE: N_("insurance"),
    HetuGround.RENTAL_OR_LENDING: N_("rental or lending"),
    HetuGround.CREDIT_INFORMATION: N_("credit information"),
    HetuGround.HEALTH_AND_SOCIAL_CARE: N_("health care and social care"),
    HetuGround.EMPLOYMENT: N_("employment"),
}

REQUIREMENT = {
    Requirement.STATUTORY: N_("A statutory requirement"),
    Requirement.CONTRACTUAL: N_("A contractual requirement"),
    Requirement.CONTRACT_PREREQUISITE: N_("A requirement for entering into a contract"),
    Requirement.VOLUNTARY: N_("Voluntary"),
}

PROVISION = {
    Provision.REQUIRED: N_("Required"),
    Provision.VOLUNTARY: N_("Voluntary"),
}

SAFEGUARD = {
    Safeguard.ADEQUACY_DECISION: N_("Adequacy decision of the European Commission (Art. 45)"),
    Safeguard.DATA_PRIVACY_FRAMEWORK: N_(
        "EU–US Data Privacy Framework, an adequacy decision of the European Commission (Art. 45)"
    ),
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES: N_(
        "Standard contractual clauses adopted by the European Commission (Art. 46)"
    ),
    Safeguard.BINDING_CORPORATE_RULES: N_("Binding corporate rules (Art. 47)"),
    Safeguard.DEROGATION: N_("Derogation for a specific situation (Art. 49)"),
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

# Bases for which Art. 21(1) gives a right to object; direct marketing adds Art. 21(2).
_OBJECTION_BASES = {LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS}
# Art. 20(1)(a): portability covers processing based on consent or on a contract.
_PORTABILITY_BASES = {LegalBasis.CONSENT, LegalBasis.CONTRACT}


def notice_slug(register: Register) -> str:
    """The file-name stem of the rendered notice: notice.slug, or the register file's stem.

    The record names its files after it too."""
    if register.notice.slug:
        return register.notice.slug
    if register.source_path is not None:
        return register.source_path.stem
    return "notice"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that is also safe inside an HTML ``<style>`` element."""
    out = []
    for char in text:
        if char in "\"\\<>&'" or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def page_counter_css(pattern: str) -> Markup:
    """A translated "Page %(page)s of %(pages)s" as CSS ``content`` with page counters."""
    parts: list[str] = []
    rest = pattern
    while rest:
        positions = [(rest.find(key), key) for key in ("%(page)s", "%(pages)s") if key in rest]
        if not positions:
            parts.append(css_string(rest))
            break
        index, key = min(positions)
        if index:
            parts.append(css_string(rest[:index]))
        parts.append("counter(pages)" if key == "%(pages)s" else "counter(page)")
        rest = rest[index + len(key) :]
    return Markup(" ".join(parts))


# --- building the sections ---------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")", "…", ":")) else f"{text}."


def tel_uri(phone: str) -> str | None:
    """``tel:+358…`` for a number the register accepts (:func:`parse_phone`), else None."""
    number = parse_phone(phone)
    return None if number is None else "tel:" + e164(number)


class NoticePhrases:
    """The notice's sections and legal phrases for one register in one language.

    The Art. 30 record, the JSON-LD export and access reports reuse these phrases, so a legal
    basis, a retention period or a right is worded the same everywhere.
    """

    def __init__(self, register: Register, lang: str, catalog: Translations) -> None:
        self.register = register
        self.lang = lang
        self.gettext: Callable[[str], str] = catalog.gettext

    # -- small helpers ----------------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.gettext(message)

    def text(self, value: Text | None) -> str | None:
        return value.get(self.lang) if value is not None else None

    def list_of(self, items: Iterable[str]) -> str:
        # babel's locale data is loaded only when a list is actually joined.
        from babel.lists import format_list

        return str(format_list(list(items), locale=i18n.locale(self.lang)))

    def multi(self, label: str, values: Sequence[str]) -> Fact | None:
        if not values:
            return None
        if len(values) == 1:
            return Fact(label, values[0])
        return Fact(label, items=tuple(values))

    def address(self, address: Address) -> str:
        line = f"{address.street}, {address.postal_code} {address.city}"
        if address.country and address.country != "FI":
            line += f", {i18n.country_name(address.country, self.lang)}"
        return line

    def contact_facts(
        self,
        *,
        address: Address | None = None,
        phone: str | None = None,
        email: str | None = None,
        website: str | None = None,
    ) -> list[Fact]:
        facts: list[Fact] = []
        if address is not None:
            facts.append(Fact(self._("Address"), self.address(address)))
        if phone:
            facts.append(Fact(self._("Phone"), phone, href=tel_uri(phone)))
        if email:
            facts.append(Fact(self._("Email"), email, href=f"mailto:{email}"))
        if website:
            facts.append(Fact(self._("Website"), website, href=website))
        return facts

    def basis(self, purpose: Purpose) -> str | None:
        if purpose.legal_basis is None:
            return None
        return f"{self._(LEGAL_BASIS[purpose.legal_basis])} ({purpose.legal_basis.article})"

    def categories_named(self, ids: Iterable[str]) -> list[str]:
        wanted = set(ids)
        return [c.name.get(self.lang) for c in self.register.data_categories if c.id in wanted]

    def retention_summary(self, rule: RetentionRule) -> str | None:
        """ "12 vuotta potilaan kuolemasta" / "12 years from the patient's death"."""
        if rule.period is None:
            return None
        period = i18n.format_duration(rule.period, self.lang)
        event = self.text(rule.counted_from)
        if event is None:
            return period
        return self._("%(period)s from %(event)s") % {"period": period, "event": event}

    def retention_sentences(self, rule: RetentionRule) -> list[str]:
        sentences = []
        summary = self.retention_summary(rule)
        if summary:
            sentences.append(_sentence(summary[:1].upper() + summary[1:]))
        if rule.criteria is not None:
            sentences.append(_sentence(rule.criteria.get(self.lang)))
        if rule.statutory_basis is not None:
            sentences.append(
                self._("Basis: %(law)s.") % {"law": rule.statutory_basis.get(self.lang)}
            )
        return sentences

    def note(self, name: str) -> list[Block]:
        notes = self.register.notes
        value = getattr(notes, name) if notes is not None else None
        return [Paragraph(value.get(self.lang))] if value is not None else []

    def objectable_purposes(self) -> list[Purpose]:
        return [p for p in self.register.purposes if p.legal_basis in _OBJECTION_BASES]

    def direct_marketing(self) -> bool:
        register = self.register
        return register.direct_marketing is not None or any(
            p.direct_marketing for p in register.purposes
        )

    def objection_summary(self) -> str | None:
        interests, marketing = bool(self.objectable_purposes()), self.direct_marketing()
        if interests and marketing:
            return self._(
                "You have the right to object to processing based on legitimate interests or on "
                "a task in the public interest, and to direct marketing."
            )
        if interests:
            return self._(
                "You have the right to object to processing based on legitimate interests or on "
                "a task in the public interest."
            )
        if marketing:
            return self._("You have the right to object to direct marketing at any time.")
        return None

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

    def how_to_exercise(self) -> str | None:
        rights = self.register.rights
        return self.text(rights.how_to_exercise) if rights is not None else None

    def authority(self) -> SupervisoryAuthority:
        rights = self.register.rights
        return rights.authority if rights is not None else ombudsman()

    # -- parties ----------------------------------------------------------------------------

    def controller_party(self, role: str | None = None) -> Party:
        controller = self.register.controller
        facts = []
        if controller.business_id:
            facts.append(Fact(self._("Business ID"), controller.business_id))
        facts += self.contact_facts(
            address=controller.address,
            phone=controller.phone,
            email=controller.email,
            website=controller.website,
        )
        return Party(name=controller.name, role=role, facts=tuple(facts))

    def person_party(self, person: ContactPerson, role: str | None = None) -> Party:
        facts = self.contact_facts(address=person.address, phone=person.phone, email=person.email)
        return Party(name=person.name, role=role, title=self.text(person.title), facts=tuple(facts))

    def authority_party(self) -> Party:
        authority = self.authority()
        facts: list[Fact] = []
        if authority.visiting_address is not None:
            facts.append(Fact(self._("Visiting address"), self.address(authority.visiting_address)))
        if authority.postal_address is not None:
            facts.append(Fact(self._("Postal address"), self.address(authority.postal_address)))
        facts += self.contact_facts(
            phone=authority.phone, email=authority.email, website=authority.website
        )
        return Party(name=authority.name.get(self.lang), facts=tuple(facts))

    # -- blocks shared by both layouts -------------------------------------------------------

    def transfer_blocks(self) -> list[Block]:
        register = self.register
        transfers = register.transfers
        statement = self.text(transfers.statement) if transfers is not None else None
        if transfers is not None and transfers.outside_eea:
            entries = []
            for transfer in transfers.destinations:
                facts = [
                    Fact(self._("Country"), i18n.country_name(transfer.country, self.lang)),
                    Fact(self._("Safeguard"), self._(SAFEGUARD[transfer.safeguard])),
                ]
                if transfer.details is not None:
                    facts.append(Fact(self._("Details"), transfer.details.get(self.lang)))
                if transfer.obtain_copy is not None:
                    facts.append(
                        Fact(self._("How to get a copy"), transfer.obtain_copy.get(self.lang))
                    )
                entries.append(Entry(transfer.recipient, facts=tuple(facts)))
            intro = statement or self._(
                "Data is transferred outside the EU and the European Economic Area (EEA) as "
                "follows."
            )
            return [Paragraph(intro), EntryList(tuple(entries))]
        if transfers is None:
            # Nothing declared: the notice can only say "no transfers" when no listed party is
            # abroad; otherwise it names the countries and the lint asks for the safeguards.
            abroad = [
                Entry(
                    name,
                    facts=(Fact(self._("Country"), i18n.country_name(country, self.lang)),),
                )
                for name, country in self.parties_abroad()
            ]
            if abroad:
                return [
                    Paragraph(
                        self._(
                            "Data is transferred outside the EU and the European Economic "
                            "Area (EEA) to the following recipients."
                        )
                    ),
                    EntryList(tuple(abroad)),
                ]
        return [
            Paragraph(
                statement
                or self._(
                    "The data is not transferred outside the EU or the European Economic Area "
                    "(EEA)."
                )
            )
        ]

    def parties_abroad(self) -> list[tuple[str, str]]:
        register = self.register
        found = [
            (r.name.get(self.lang), r.country)
            for r in register.recipients
            if r.country and r.country not in EEA_COUNTRIES
        ]
        found += [
            (p.name, p.country) for p in register.processors if p.country not in EEA_COUNTRIES
        ]
        return found

    def automated_blocks(self) -> list[Block]:
        decisions = self.register.automated_decisions
        statement = self.text(decisions.statement) if decisions is not None else None
        if decisions is not None and (decisions.used or decisions.profiling):
            blocks: list[Block] = []
            if statement:
                blocks.append(Paragraph(statement))
            facts = [
                Fact(label, value.get(self.lang))
                for label, value in (
                    (self._("Logic involved"), decisions.logic),
                    (self._("Significance"), decisions.significance),
                    (self._("Envisaged consequences for you"), decisions.consequences),
                )
                if value is not None
            ]
            if facts:
                blocks.append(FactList(tuple(facts)))
            return blocks
        return [
            Paragraph(
                statement
                or self._(
                    "No decisions based solely on automated processing, including profiling, "
                    "that have legal or similarly significant effects on you are made."
                )
            )
        ]

    def rights_entries(self, *, objection_anchor: bool) -> list[Entry]:
        """The rights that apply, derived from the legal bases of the purposes."""
        register = self.register

        def right(
            title: str, article: str, text: str, href: str | None = None, link: str | None = None
        ) -> Entry:
            reference = self._("Art. %(article)s") % {"article": article}
            name = f"{title} ({reference})"
            return Entry(name, paragraphs=(text,), href=href, link_text=link)

        entries = [
            right(
                self._("Right of access"),
                "15",
                self._(
                    "You have the right to know whether your personal data is processed and "
                    "to receive a copy of the data."
                ),
            ),
            right(
                self._("Right to rectification"),
                "16",
                self._(
                    "You have the right to have inaccurate data corrected and incomplete data "
                    "completed."
                ),
            ),
            right(
                self._("Right to erasure"),
                "17",
                self._(
                    "You have the right to have your data erased, for example when it is no "
                    "longer needed for the purposes for which it was collected, unless the law "
                    "requires it to be kept."
                ),
            ),
            right(
                self._("Right to restriction of processing"),
                "18",
                self._(
                    "You have the right to have the processing of your data restricted, for "
                    "example while the accuracy of the data is being checked."
                ),
            ),
        ]
        portable = [
            p.name.get(self.lang) for p in register.purposes if p.legal_basis in _PORTABILITY_BASES
        ]
        if portable:
            entries.append(
                right(
                    self._("Right to data portability"),
                    "20",
                    self._(
                        "You have the right to receive the data you have provided yourself in a "
                        "structured, commonly used and machine-readable format and to have it "
                        "transmitted to another controller. This applies to data processed for: "
                        "%(purposes)s."
                    )
                    % {"purposes": self.list_of(portable)},
                )
            )
        objection = self.objection_summary()
        if objection is not None:
            entries.append(
                right(
                    self._("Right to object"),
                    "21",
                    objection,
                    href="#objection" if objection_anchor else None,
                    link=self._("Read more about the right to object")
                    if objection_anchor
                    else None,
                )
            )
        decisions = register.automated_decisions
        if decisions is not None and decisions.used:
            entries.append(
                right(
                    self._("Right not to be subject to automated decision-making"),
                    "22",
                    self._(
                        "You have the right not to be subject to a decision based solely on "
                        "automated processing, to obtain human intervention, to express your "
                        "point of view and to contest the decision."
                    ),
                )
            )
        return entries

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

    def objection_section(self) -> Section | None:
        """The right to object, set apart from the other information (Art. 21(4))."""
        blocks = self.objection_blocks()
        if not blocks:
            return None
        return Section("objection", self._("Your right to object"), tuple(blocks), prominent=True)

    def objection_blocks(self) -> list[Block]:
        _ = self._
        blocks: list[Block] = []
        purposes = self.objectable_purposes()
        if purposes:
            blocks += [
                Paragraph(
                    _(
                        "You have the right to object at any time, on grounds relating to your "
                        "particular situation, to the processing of your personal data for the "
                        "following purposes, which are based on legitimate interests or on a "
                        "task carried out in the public interest:"
                    )
                ),
                ItemList(tuple(p.name.get(self.lang) for p in purposes)),
                Paragraph(
                    _(
                        "Your data will then no longer be processed for these purposes unless "
                        "there are compelling legitimate grounds for the processing which "
                        "override your interests, rights and freedoms, or the processing is "
                        "needed to establish, exercise or defend legal claims."
                    )
                ),
            ]
        if self.direct_marketing():
            blocks.append(
                Paragraph(
                    _(
                        "You have the right to object at any time, free of charge, to the "
                        "processing of your personal data for direct marketing, including "
                        "profiling related to it. Your data will then no longer be used for "
                        "direct marketing."
                    )
                )
            )
            marketing = self.register.direct_marketing
            if marketing is not None and marketing.opt_out is not None:
                blocks.append(Paragraph(marketing.opt_out.get(self.lang)))
        if not blocks:
            return []
        how = self.how_to_exercise()
        if how:
            blocks.append(Paragraph(how))
        return blocks

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

    def category_entry(self, category: DataCategory) -> Entry:
        _ = self._
        register = self.register
        purposes = [register.purpose(p) for p in category.purposes]
        bases = list(dict.fromkeys(b for b in (self.basis(p) for p in purposes) if b))
        facts: list[Fact | None] = [
            self.multi(
                _("Whose data"),
                [
                    g.name.get(self.lang)
                    for g in register.data_subjects
                    if g.id in category.subjects
                ],
            ),
            self.multi(_("Purposes"), [p.name.get(self.lang) for p in purposes]),
            self.multi(_("Legal basis"), bases),
            self.multi(
                _("Sources"), [register.source(s).name.get(self.lang) for s in category.sources]
            ),
        ]
        if category.retention is not None:
            rule = register.retention_rule(category.retention)
            facts.append(Fact(_("Retention"), " ".join(self.retention_sentences(rule))))
        if category.provision is not None:
            facts.append(Fact(_("Providing the data"), _(PROVISION[category.provision])))
        if category.special is not None:
            facts.append(
                Fact(_("Special category"), _(SPECIAL_CATEGORY[category.special.category]))
            )
        if category.hetu:
            law = _("Data Protection Act 1050/2018, section 29")
            if category.hetu_ground is not None:
                value = _("Processed on the ground of %(ground)s (%(law)s).") % {
                    "ground": _(HETU_GROUND[category.hetu_ground]),
                    "law": law,
                }
            else:
                value = _("Processed; the ground (%(law)s) is not stated.") % {"law": law}
            facts.append(Fact(_("Personal identity code"), value))
        if category.criminal:
            facts.append(
                Fact(_("Criminal convictions and offences"), _("Processed (GDPR Art. 10)."))
            )
        paragraphs = (category.description.get(self.lang),) if category.description else ()
        return Entry(
            category.name.get(self.lang),
            paragraphs=paragraphs,
            facts=tuple(f for f in facts if f is not None),
        )

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

    def rights_blocks(self, *, legacy: bool = False) -> list[Block]:
        """The rights; in the legacy layout, which has no section of its own for it, the right
        to object follows the list under its own subheading, still apart from the rest."""
        _ = self._
        register = self.register
        blocks: list[Block] = [
            Paragraph(
                _("You have the following rights under the General Data Protection Regulation.")
            ),
            EntryList(tuple(self.rights_entries(objection_anchor=not legacy))),
            Subheading(_("How to use your rights")),
            Paragraph(
                self.how_to_exercise()
                or _("Contact the controller using the contact details in this notice.")
            ),
            Paragraph(
                _(
                    "Using your rights is free of charge. You will receive an answer without "
                    "undue delay and at the latest within one month."
                )
            ),
        ]
        rights = register.rights
        if rights is not None and rights.restrictions is not None:
            blocks += [
                Subheading(_("Restrictions of rights")),
                Paragraph(rights.restrictions.get(self.lang)),
            ]
        if rights is not None and rights.extra is not None:
            blocks.append(Paragraph(rights.extra.get(self.lang)))
        objection = self.objection_blocks() if legacy else []
        if objection:
            blocks += [Subheading(_("Your right to object")), *objection]
        return blocks

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

    def security_facts(self, *, include_electronic: bool) -> tuple[Fact, ...]:
        _ = self._
        security = self.register.security
        if security is None:
            return ()
        pairs = [
            (_("Manual material"), security.manual),
            (
                _("Electronically processed data"),
                security.electronic if include_electronic else None,
            ),
            (_("Other measures"), security.general),
        ]
        return tuple(Fact(label, value.get(self.lang)) for label, value in pairs if value)

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
            return _sentence(name.get(self.lang))
        return f"{_sentence(name.get(self.lang))} {_sentence(description.get(self.lang))}"

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
            sentence = _("Direct marketing channels: %(channels)s.") % {"channels": channels}
            if marketing.consent_model is not None:
                sentence += " " + _(CONSENT_MODEL[marketing.consent_model])
            if marketing.description is not None:
                sentence = f"{_sentence(marketing.description.get(self.lang))} {sentence}"
            blocks.append(Paragraph(sentence))
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
            blocks.append(Paragraph(" ".join(_sentence(t) for t in closing)))
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
            blocks.append(Paragraph(_sentence(text)))
        blocks += self.note("processors")
        return blocks or [
            Paragraph(self._("No one else processes the data on the controller's behalf."))
        ]
