"""The legal phrases every document shares, for one register in one language.

The notice's own sections are put together in :mod:`rekisteri.notice.sections` from these
phrases, so the Art. 30 record, the JSON-LD export and access reports word a legal basis, a
retention period or a right exactly as the notice does.
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
    Section,
    Subheading,
)
from rekisteri.documents.i18n import N_
from rekisteri.register.base import e164, parse_phone
from rekisteri.register.model import (
    EEA_COUNTRIES,
    Address,
    Art9Condition,
    ContactPerson,
    DataCategory,
    HetuGround,
    LegalBasis,
    Provision,
    Purpose,
    Register,
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


def sentence(text: str) -> str:
    """``text`` ending as a sentence does: with a full stop unless it has its own ending."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")", "…", ":")) else f"{text}."


def tel_uri(phone: str) -> str | None:
    """``tel:+358…`` for a number the register accepts (:func:`parse_phone`), else None."""
    number = parse_phone(phone)
    return None if number is None else "tel:" + e164(number)


class LegalPhrases:
    """The legal phrases and shared blocks for one register in one language.

    The notice, the Art. 30 record, the JSON-LD export and access reports all phrase through
    this class, so a legal basis, a retention period or a right is worded the same everywhere.
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
            sentences.append(sentence(summary[:1].upper() + summary[1:]))
        if rule.criteria is not None:
            sentences.append(sentence(rule.criteria.get(self.lang)))
        if rule.statutory_basis is not None:
            sentences.append(
                self._("Basis: %(law)s.") % {"law": rule.statutory_basis.get(self.lang)}
            )
        return sentences

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

    # -- sections the notice, the record and access reports share ---------------------------

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
