"""The legal phrases every document shares, for one register in one language.

The notice's own sections are put together in :mod:`rekisteri.notice.sections` from these
phrases, so the Art. 30 record, the JSON-LD export and access reports word a legal basis, a
retention period or a right exactly as the notice does.

Nothing is said that the register does not say (docs/register-v2.md, "Three states"): a
conditional section the register does not state gives no blocks at all, one stated ``"none"``
gives its negative sentence (the register's own ``statement`` when it has one), and no default
fills a fact in (no country, no authority, no right that is neither listed nor derived).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

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
from rekisteri.register.base import Name, e164, parse_phone
from rekisteri.register.model import (
    Address,
    Art9Condition,
    BasisUse,
    Combine,
    ContactPerson,
    DataCategory,
    Derogation,
    HetuGround,
    LegalBasis,
    Medium,
    Provision,
    Purpose,
    Register,
    RetentionRule,
    RetentionTerm,
    Right,
    Safeguard,
    SpecialCategory,
    StatedRight,
    SupervisoryAuthority,
    Text,
    Transfer,
)
from rekisteri.register.model import State as SectionState
from rekisteri.register.places import is_inside_eea, place_name
from rekisteri.register.rights import applicable_rights, portable_categories

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

ListStyle = Literal["standard", "or"]


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
    # Named as the old notice names them; that they no longer hold is the lint's finding.
    Safeguard.PRIVACY_SHIELD: N_("EU–US Privacy Shield"),
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES_2010: N_(
        "Standard contractual clauses adopted by the European Commission before 2021 (Art. 46)"
    ),
}

DEROGATION = {
    Derogation.EXPLICIT_CONSENT: N_("Your explicit consent (Art. 49(1)(a))"),
    Derogation.CONTRACT_WITH_SUBJECT: N_("Performance of a contract with you (Art. 49(1)(b))"),
    Derogation.CONTRACT_IN_SUBJECTS_INTEREST: N_(
        "A contract concluded in your interest (Art. 49(1)(c))"
    ),
    Derogation.PUBLIC_INTEREST: N_("Important reasons of public interest (Art. 49(1)(d))"),
    Derogation.LEGAL_CLAIMS: N_(
        "Establishing, exercising or defending legal claims (Art. 49(1)(e))"
    ),
    Derogation.VITAL_INTERESTS: N_("Protection of vital interests (Art. 49(1)(f))"),
    Derogation.PUBLIC_REGISTER: N_("Transfer from a public register (Art. 49(1)(g))"),
    Derogation.COMPELLING_LEGITIMATE_INTERESTS: N_(
        "Compelling legitimate interests (Art. 49(1), second subparagraph)"
    ),
}

MEDIUM = {
    Medium.PAPER: N_("paper documents"),
    Medium.ELECTRONIC: N_("electronic data"),
}

# The title and article of each right a notice can list. Withdrawing consent (Art. 7(3)) has a
# section of its own in the modern layout and a subheading in the legacy one, never a list entry.
RIGHT_TITLE = {
    Right.ACCESS: (N_("Right of access"), "15"),
    Right.RECTIFICATION: (N_("Right to rectification"), "16"),
    Right.ERASURE: (N_("Right to erasure"), "17"),
    Right.RESTRICTION: (N_("Right to restriction of processing"), "18"),
    Right.PORTABILITY: (N_("Right to data portability"), "20"),
    Right.OBJECTION: (N_("Right to object"), "21"),
    Right.AUTOMATED_DECISIONS: (N_("Right not to be subject to automated decision-making"), "22"),
}

# What each right is, as the GDPR gives it: shown for a right the register lists without its
# own wording. Nothing here depends on the register's other facts.
RIGHT_TEXT = {
    Right.ACCESS: N_(
        "You have the right to know whether your personal data is processed and to receive a "
        "copy of the data."
    ),
    Right.RECTIFICATION: N_(
        "You have the right to have inaccurate data corrected and incomplete data completed."
    ),
    Right.ERASURE: N_(
        "You have the right to have your data erased, for example when it is no longer needed "
        "for the purposes for which it was collected, unless the law requires it to be kept."
    ),
    Right.RESTRICTION: N_(
        "You have the right to have the processing of your data restricted, for example while "
        "the accuracy of the data is being checked."
    ),
    Right.PORTABILITY: N_(
        "You have the right to receive the data you have provided yourself in a structured, "
        "commonly used and machine-readable format and to have it transmitted to another "
        "controller."
    ),
    Right.OBJECTION: N_("You have the right to object to the processing of your personal data."),
    Right.AUTOMATED_DECISIONS: N_(
        "You have the right not to be subject to a decision based solely on automated "
        "processing, to obtain human intervention, to express your point of view and to "
        "contest the decision."
    ),
    Right.WITHDRAW_CONSENT: N_(
        "You may withdraw your consent at any time. Withdrawing consent does not affect the "
        "lawfulness of processing based on consent before its withdrawal."
    ),
}

# Bases for which Art. 21(1) gives a right to object; direct marketing adds Art. 21(2).
_OBJECTION_BASES = {LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS}
_TASK = frozenset({LegalBasis.PUBLIC_TASK})
_INTERESTS = frozenset({LegalBasis.LEGITIMATE_INTERESTS})
_BOTH = _TASK | _INTERESTS

# Art. 21(1), naming only the bases the register states: with the purposes that rest on them
# listed after it, or (a register-wide basis naming no purpose) the basis alone.
OBJECTION_FOR_PURPOSES = {
    _INTERESTS: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data for the following purposes, which "
        "are based on legitimate interests:"
    ),
    _TASK: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data for the following purposes, which "
        "are based on a task carried out in the public interest:"
    ),
    _BOTH: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data for the following purposes, which "
        "are based on legitimate interests or on a task carried out in the public interest:"
    ),
}
OBJECTION_TO_BASES = {
    _INTERESTS: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data based on legitimate interests."
    ),
    _TASK: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data based on a task carried out in the "
        "public interest."
    ),
    _BOTH: N_(
        "You have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your personal data based on legitimate interests or on "
        "a task carried out in the public interest."
    ),
}
OBJECTION_SUMMARY = {
    _INTERESTS: N_("You have the right to object to processing based on legitimate interests."),
    _TASK: N_("You have the right to object to processing based on a task in the public interest."),
    _BOTH: N_(
        "You have the right to object to processing based on legitimate interests or on a task "
        "in the public interest."
    ),
}
# Art. 21(1), second sentence: the burden is the controller's, to demonstrate the grounds.
COMPELLING_GROUNDS = N_(
    "The controller must then stop the processing you object to, unless it demonstrates "
    "compelling legitimate grounds for the processing which override your interests, rights and "
    "freedoms, or the processing is needed for the establishment, exercise or defence of legal "
    "claims."
)
# Art. 21(2)-(3): no grounds to give, no balancing, and the processing stops.
MARKETING_OBJECTION = N_(
    "You have the right to object at any time, free of charge, to the processing of your "
    "personal data for direct marketing. The objection takes effect at once and needs no "
    "reasons: your data is then no longer used for direct marketing."
)
MARKETING_PROFILING = N_("This includes profiling related to direct marketing.")
# Art. 7(3), last sentence, and the end of processing on consent when it is withdrawn.
WITHDRAWAL_AT_ONCE = N_(
    "Withdrawing consent is as easy as giving it, and the withdrawal takes effect at once: from "
    "then on, your data is no longer processed on the basis of your consent."
)
# Art. 12(3) and 12(5).
REPLY_PERIOD = N_(
    "Using your rights is free of charge. You will receive an answer without undue delay and at "
    "the latest within one month of receiving your request."
)
REPLY_EXTENSION = N_(
    "Where necessary, taking into account the complexity and number of requests, the period may "
    "be extended by two further months. You will then be told of the extension and the reasons "
    "for it within one month of receiving your request."
)

# The measures of Security in the order an Art. 30(1)(g) record lists them: the structured
# ones first, the legacy headings of a rekisteriseloste after them.
SECURITY_MEASURES = (
    ("access_control", N_("Access control")),
    ("logging", N_("Logging")),
    ("backups", N_("Backups")),
    ("encryption", N_("Encryption")),
    ("physical", N_("Physical security")),
    ("manual", N_("Manual material")),
    ("electronic", N_("Electronically processed data")),
    ("general", N_("Other security measures")),
)

# The Act on the Processing of Client Data in Healthcare and Social Welfare, which sets the
# retention of patient records (its annex) and the patient's right to the log data (section 11).
CLIENT_DATA_ACT = "703/2023"


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


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def tel_uri(phone: str) -> str | None:
    """``tel:+358…`` for a number the register accepts (:func:`parse_phone`), else None."""
    number = parse_phone(phone)
    return None if number is None else "tel:" + e164(number)


class LegalPhrases:
    """The legal phrases and shared blocks for one register in one language.

    The notice, the Art. 30 record, the JSON-LD export and access reports all phrase through
    this class, so a legal basis, a retention period or a right is worded the same everywhere.
    A method for a conditional section returns nothing (an empty list, None) when the register
    does not state that section.
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

    def list_of(self, items: Iterable[str], style: ListStyle = "standard") -> str:
        """``items`` joined as the language lists them: "a, b ja c"; style "or": "a, b tai c"."""
        # babel's locale data is loaded only when a list is actually joined.
        from babel.lists import format_list

        return str(format_list(list(items), style=style, locale=i18n.locale(self.lang)))

    def multi(self, label: str, values: Sequence[str]) -> Fact | None:
        if not values:
            return None
        if len(values) == 1:
            return Fact(label, values[0])
        return Fact(label, items=tuple(values))

    def place(self, place: str) -> str:
        """A country or region named in the reader's language: SE → Ruotsi, EEA → …"""
        return place_name(place, self.lang, self.gettext)

    def country_fact(self, place: str | None) -> Fact | None:
        """The "Country" fact of a party; none when the register names no place."""
        return Fact(self._("Country"), self.place(place)) if place is not None else None

    def address(self, address: Address) -> str:
        line = (
            f"{address.street.get(self.lang)}, {address.postal_code} {address.city.get(self.lang)}"
        )
        if address.country and address.country != "FI":
            line += f", {self.place(address.country)}"
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
            # A phone number never wraps inside itself on a narrow screen or in a PDF column.
            facts.append(Fact(self._("Phone"), i18n.format_phone(phone), href=tel_uri(phone)))
        if email:
            facts.append(Fact(self._("Email"), email, href=f"mailto:{email}"))
        if website:
            facts.append(Fact(self._("Website"), website, href=website))
        return facts

    def group_names(self, ids: Iterable[str]) -> list[str]:
        """The data-subject groups with these ids, in the register's order."""
        wanted = set(ids)
        return [g.name.get(self.lang) for g in self.register.data_subjects if g.id in wanted]

    def category_names(self, ids: Iterable[str]) -> list[str]:
        """The data categories with these ids, in the register's order."""
        wanted = set(ids)
        return [c.name.get(self.lang) for c in self.register.data_categories if c.id in wanted]

    def purpose_names(self, ids: Iterable[str]) -> list[str]:
        wanted = set(ids)
        return [p.name.get(self.lang) for p in self.register.purposes if p.id in wanted]

    # -- legal bases --------------------------------------------------------------------------

    def basis_use(self, use: BasisUse) -> str:
        """ "Oikeutettu etu (6 artiklan 1 kohdan f alakohta), kaksi vuotta asiakassuhteen
        päättymisen jälkeen"."""
        article = i18n.gdpr_point(use.basis.article, self.gettext)
        named = f"{self._(LEGAL_BASIS[use.basis])} ({article})"
        phase = self.text(use.while_)
        if phase is None:
            return named
        return self._("%(basis)s, %(while)s") % {"basis": named, "while": phase}

    def basis(self, purpose: Purpose) -> str | None:
        """Every basis of the purpose with its phase, or None when it states none."""
        uses = purpose.all_bases
        if not uses:
            return None
        return "; ".join(self.basis_use(use) for use in uses)

    def basis_facts(self, use: BasisUse, *, with_purposes: bool = False) -> list[Fact]:
        """One basis and everything the register says about it: its phase, scope, the law or
        contract it rests on and the legitimate interest."""
        _ = self._
        facts: list[Fact | None] = [
            Fact(_("Legal basis"), self.basis_use(use)),
            self.multi(_("Purposes"), self.purpose_names(use.purposes)) if with_purposes else None,
            self.multi(_("Applies to"), self.category_names(use.categories)),
            self.multi(_("Whose data"), self.group_names(use.subjects)),
        ]
        if use.details is not None:
            facts.append(Fact(_("Law or contract"), use.details.get(self.lang)))
        if use.interest is not None:
            facts.append(Fact(_("Legitimate interest"), use.interest.get(self.lang)))
        return [f for f in facts if f is not None]

    def bases_for(self, purpose: Purpose) -> list[BasisUse]:
        """The purpose's own bases and the register-wide ones that name it."""
        wide = [use for use in self.register.bases if purpose.id in use.purposes]
        return [*purpose.all_bases, *wide]

    def covered(self, bases: set[LegalBasis]) -> tuple[bool, list[Purpose]]:
        """Whether the register states any of ``bases``, and the purposes that rest on one.

        A register-wide basis that names no purpose applies without a purpose to list."""
        register = self.register
        purposes = [
            p for p in register.purposes if any(u.basis in bases for u in self.bases_for(p))
        ]
        wide = any(use.basis in bases for use in register.bases)
        return bool(purposes) or wide, purposes

    # -- retention ----------------------------------------------------------------------------

    def term_summary(self, term: RetentionTerm) -> str | None:
        """ "12 vuotta potilaan kuolemasta", "enintään 6 kuukautta", "31.12.2019 asti"."""
        _ = self._
        if term.until is not None:
            return _("until %(date)s") % {"date": i18n.format_date(term.until, self.lang)}
        if term.period is None:
            return None
        period = i18n.format_duration(term.period, self.lang)
        if term.at_most:
            period = _("at most %(period)s") % {"period": period}
        event = self.text(term.counted_from)
        if event is None:
            return period
        return _("%(period)s from %(event)s") % {"period": period, "event": event}

    def retention_summary(self, rule: RetentionRule) -> str | None:
        """The period (or end date) of a rule written as one term, e.g. "12 years from the
        patient's death"; None for criteria only and for a rule of several terms."""
        return self.term_summary(rule) if not rule.terms else None

    def term_criteria(self, term: RetentionTerm) -> str | None:
        """The criteria of a term; with the event they count from when no period does."""
        criteria = self.text(term.criteria)
        if criteria is None:
            return None
        event = self.text(term.counted_from)
        if event is None or term.period is not None:
            return criteria
        return self._("%(criteria)s (counted from %(event)s)") % {
            "criteria": criteria.strip().rstrip("."),
            "event": event,
        }

    def term_scope(self, term: RetentionTerm) -> str | None:
        """Whom and what the term is for: "Asiakkaat, paperiasiakirjat"."""
        parts = self.group_names(term.subjects)
        if term.medium is not None:
            parts.append(self._(MEDIUM[term.medium]))
        return capitalized(", ".join(parts)) if parts else None

    def scoped(self, scope: str | None, text: str) -> str:
        return capitalized(text) if scope is None else f"{scope}: {text}"

    def term_sentences(self, term: RetentionTerm) -> list[str]:
        scope = self.term_scope(term)
        summary = self.term_summary(term)
        criteria = self.term_criteria(term)
        sentences = []
        if summary is not None:
            sentences.append(sentence(self.scoped(scope, summary)))
            scope = None
        if criteria is not None:
            sentences.append(sentence(criteria if scope is None else f"{scope}: {criteria}"))
        return sentences

    def combined_terms(self, rule: RetentionRule) -> str | None:
        """Alternatives of which the later (or earlier) decides, as one phrase:
        "6 vuotta … tai 3 vuotta … sen mukaan, kumpi on myöhäisempi"."""
        if rule.combine is None or len(rule.terms) < 2:
            return None
        _ = self._
        alternatives = []
        for term in rule.terms:
            said = self.term_summary(term) or self.term_criteria(term)
            if said is None:
                continue
            scope = self.term_scope(term)
            alternatives.append(f"{said} ({scope.lower()})" if scope else said)
        joined = self.list_of(alternatives, style="or")
        if len(alternatives) == 2:
            decides = (
                _("%(terms)s, whichever is later")
                if rule.combine is Combine.LATER
                else _("%(terms)s, whichever is earlier")
            )
        else:
            decides = (
                _("%(terms)s, whichever is the latest")
                if rule.combine is Combine.LATER
                else _("%(terms)s, whichever is the earliest")
            )
        return capitalized(decides % {"terms": joined})

    def retention_law(self, rule: RetentionRule) -> str | None:
        """The law that sets the period: the register's text, and each structured provision
        the text does not already cite."""
        texts = [t for t in (self.text(rule.statutory_basis),) if t]
        for statute in rule.statutes:
            if any(statute.act in t for t in texts):
                continue
            texts.append(f"{statute.act} {statute.section}" if statute.section else statute.act)
        return self.list_of(texts) if texts else None

    def retention_sentences(self, rule: RetentionRule) -> list[str]:
        combined = self.combined_terms(rule)
        if combined is not None:
            sentences = [sentence(combined)]
            sentences += [
                sentence(c)
                for term in rule.terms
                if term.period is not None or term.until is not None
                for c in [self.text(term.criteria)]
                if c
            ]
        else:
            sentences = [s for term in rule.all_terms for s in self.term_sentences(term)]
        law = self.retention_law(rule)
        if law is not None:
            sentences.append(self._("Basis: %(law)s.") % {"law": law})
        return sentences

    def rules_of(self, category: DataCategory) -> list[RetentionRule]:
        return [self.register.retention_rule(rule_id) for rule_id in category.retention_ids]

    # -- rights -------------------------------------------------------------------------------

    def objectable_purposes(self) -> list[Purpose]:
        return self.covered(_OBJECTION_BASES)[1]

    def objection_bases(self) -> frozenset[LegalBasis]:
        """The Art. 21(1) bases the register states: a public task, legitimate interests."""
        return frozenset(self.register.legal_bases & _OBJECTION_BASES)

    def direct_marketing(self) -> bool:
        register = self.register
        return register.marketing is not None or any(p.direct_marketing for p in register.purposes)

    def profiling(self) -> bool:
        """Whether the register says that there is profiling; not stated is not profiling."""
        decisions = self.register.decisions
        return decisions is not None and decisions.profiling is True

    def objection_summary(self) -> str | None:
        _ = self._
        bases, marketing = self.objection_bases(), self.direct_marketing()
        if bases and marketing:
            return " ".join(
                (
                    _(OBJECTION_SUMMARY[bases]),
                    _("You can also object to direct marketing at any time."),
                )
            )
        if bases:
            return _(OBJECTION_SUMMARY[bases])
        if marketing:
            return _("You have the right to object to direct marketing at any time.")
        return None

    def how_to_exercise(self) -> str | None:
        rights = self.register.rights
        return self.text(rights.how_to_exercise) if rights is not None else None

    def rights_derived(self) -> bool:
        rights = self.register.rights
        return rights is not None and rights.derived

    def stated_right(self, right: Right) -> StatedRight | None:
        """The register's own entry for ``right`` when it lists the rights, else None."""
        rights = self.register.rights
        if rights is None:
            return None
        return next((r for r in rights.entries() if r.right is right), None)

    def authority(self) -> SupervisoryAuthority | None:
        """The complaint authority the register names; None when the route is not stated."""
        rights = self.register.rights
        return rights.authority if rights is not None else None

    # -- parties ----------------------------------------------------------------------------

    def name_of(self, names: Name | None, name: str) -> str:
        return names.get(self.lang) if names is not None else name

    def controller_name(self) -> str:
        return self.register.controller.name_in(self.lang)

    def controller_party(self, role: str | None = None) -> Party:
        _ = self._
        controller = self.register.controller
        facts = []
        if controller.group is not None:
            facts.append(Fact(_("Group of companies"), controller.group.get(self.lang)))
        if controller.business_id:
            facts.append(Fact(_("Business ID"), controller.business_id))
        if controller.visiting_address is not None:
            facts.append(Fact(_("Visiting address"), self.address(controller.visiting_address)))
            if controller.address is not None:
                facts.append(Fact(_("Postal address"), self.address(controller.address)))
            facts += self.contact_facts(
                phone=controller.phone, email=controller.email, website=controller.website
            )
        else:
            facts += self.contact_facts(
                address=controller.address,
                phone=controller.phone,
                email=controller.email,
                website=controller.website,
            )
        for channel in controller.more_contacts:
            label = channel.label.get(self.lang)
            if channel.phone:
                phone = i18n.format_phone(channel.phone)
                facts.append(Fact(label, phone, href=tel_uri(channel.phone)))
            elif channel.email:
                facts.append(Fact(label, channel.email, href=f"mailto:{channel.email}"))
            elif channel.website:
                facts.append(Fact(label, channel.website, href=channel.website))
        return Party(name=self.controller_name(), role=role, facts=tuple(facts))

    def person_party(self, person: ContactPerson, role: str | None = None) -> Party:
        """A contact person or DPO: by name, or by role (title) only, or by contact only."""
        facts = self.contact_facts(address=person.address, phone=person.phone, email=person.email)
        title = self.text(person.title)
        if person.name is None:
            # Known by role only: the title names the party, unless the role already says it.
            name = title if title is not None and title != role else ""
            return Party(name=name, role=role, facts=tuple(facts))
        return Party(name=person.name, role=role, title=title, facts=tuple(facts))

    def authority_party(self) -> Party | None:
        """The complaint authority with its contacts; None when the register names none."""
        authority = self.authority()
        if authority is None:
            return None
        facts: list[Fact] = []
        if authority.visiting_address is not None:
            facts.append(Fact(self._("Visiting address"), self.address(authority.visiting_address)))
        if authority.postal_address is not None:
            facts.append(Fact(self._("Postal address"), self.address(authority.postal_address)))
        facts += self.contact_facts(
            phone=authority.phone, email=authority.email, website=authority.website
        )
        return Party(name=authority.name.get(self.lang), facts=tuple(facts))

    def processor_name(self, processor_id: str) -> str | None:
        processor = next((p for p in self.register.processor_list if p.id == processor_id), None)
        if processor is None:
            return None
        return processor.name or processor.role.get(self.lang)

    # -- blocks shared by both layouts -------------------------------------------------------

    def transfer_entry(self, transfer: Transfer) -> Entry:
        _ = self._
        name = (
            transfer.recipient
            or (self.processor_name(transfer.processor) if transfer.processor else None)
            or self.place(transfer.country)
        )
        facts: list[Fact | None] = [Fact(_("Country"), self.place(transfer.country))]
        safeguards = [_(SAFEGUARD[s]) for s in transfer.safeguards]
        if len(safeguards) == 1:
            facts.append(Fact(_("Safeguard"), safeguards[0]))
        elif safeguards:
            facts.append(Fact(_("Safeguards (one of the following)"), items=tuple(safeguards)))
        if transfer.derogation is not None:
            facts.append(Fact(_("Derogation"), _(DEROGATION[transfer.derogation])))
        if transfer.details is not None:
            facts.append(Fact(_("Details"), transfer.details.get(self.lang)))
        if transfer.obtain_copy is not None:
            facts.append(Fact(_("How to get a copy"), transfer.obtain_copy.get(self.lang)))
        return Entry(name, facts=tuple(f for f in facts if f is not None))

    def transfer_blocks(self) -> list[Block]:
        """Transfers outside the EU/EEA: the destinations, the negative sentence when stated
        none, nothing when not stated (the register's own statement is said in any case)."""
        register = self.register
        transfers = register.transfers
        statement = self.text(getattr(transfers, "statement", None))
        state = register.transfers_state
        if state is SectionState.STATED:
            intro = statement or self._(
                "Data is transferred outside the EU and the European Economic Area (EEA) as "
                "follows."
            )
            entries = tuple(self.transfer_entry(t) for t in register.transfer_list)
            return [Paragraph(intro), EntryList(entries)]
        if state is SectionState.NONE:
            return [
                Paragraph(
                    statement
                    or self._(
                        "The data is not transferred outside the EU or the European Economic "
                        "Area (EEA)."
                    )
                )
            ]
        return [Paragraph(statement)] if statement else []

    def parties_abroad(self) -> list[tuple[str, str]]:
        """Recipients and processors the register places outside the EU/EEA (a country, or
        "worldwide" / "unspecified"), with their names; a party with no place is not here."""
        register = self.register
        found = [
            (r.name.get(self.lang), r.country)
            for r in register.recipient_list
            if r.country is not None and not is_inside_eea(r.country)
        ]
        found += [
            (p.name or p.role.get(self.lang), p.country)
            for p in register.processor_list
            if p.country is not None and not is_inside_eea(p.country)
        ]
        return found

    def automated_blocks(self) -> list[Block]:
        """What the register says about automated decisions and profiling, and only that: the
        register's own statement, or a sentence for each of ``used`` and ``profiling`` it
        states, then the logic, significance and consequences it gives."""
        _ = self._
        decisions = self.register.decisions
        if decisions is None:
            return []
        statement = self.text(decisions.statement)
        blocks: list[Block] = []
        if statement:
            blocks.append(Paragraph(statement))
        elif decisions.used is False and decisions.profiling is False:
            blocks.append(
                Paragraph(
                    _(
                        "No decisions based solely on automated processing, including "
                        "profiling, that have legal or similarly significant effects on you "
                        "are made."
                    )
                )
            )
        else:
            if decisions.used is True:
                blocks.append(
                    Paragraph(
                        _(
                            "Decisions based solely on automated processing that have legal or "
                            "similarly significant effects on you are made."
                        )
                    )
                )
            elif decisions.used is False:
                blocks.append(
                    Paragraph(
                        _(
                            "No decisions based solely on automated processing that have legal "
                            "or similarly significant effects on you are made."
                        )
                    )
                )
            if decisions.profiling is True:
                blocks.append(Paragraph(_("Your personal data is used for profiling.")))
            elif decisions.profiling is False:
                blocks.append(Paragraph(_("Your personal data is not used for profiling.")))
        facts = [
            Fact(label, value.get(self.lang))
            for label, value in (
                (_("Logic involved"), decisions.logic),
                (_("Significance"), decisions.significance),
                (_("Envisaged consequences for you"), decisions.consequences),
            )
            if value is not None
        ]
        if facts:
            blocks.append(FactList(tuple(facts)))
        return blocks

    def right_entry(
        self,
        right: Right,
        text: str,
        *,
        how: str | None = None,
        anchor: bool = False,
        facts: tuple[Fact, ...] = (),
    ) -> Entry:
        title, article = RIGHT_TITLE[right]
        reference = self._("Art. %(article)s") % {"article": article}
        if how:
            facts += (Fact(self._("How to use this right"), how),)
        return Entry(
            f"{self._(title)} ({reference})",
            paragraphs=(text,),
            facts=facts,
            href="#objection" if anchor else None,
            link_text=self._("Read more about the right to object") if anchor else None,
        )

    def derived_rights(self, *, objection_anchor: bool) -> list[Entry]:
        """The rights that apply, derived from the legal bases of the purposes."""
        _ = self._
        entries = [
            self.right_entry(right, _(RIGHT_TEXT[right]))
            for right in (Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION)
        ]
        if Right.PORTABILITY in applicable_rights(self.register):
            entries.append(self.portability_entry())
        objection = self.objection_summary()
        if objection is not None:
            entries.append(self.right_entry(Right.OBJECTION, objection, anchor=objection_anchor))
        decisions = self.register.decisions
        if decisions is not None and decisions.used:
            entries.append(
                self.right_entry(
                    Right.AUTOMATED_DECISIONS, _(RIGHT_TEXT[Right.AUTOMATED_DECISIONS])
                )
            )
        return entries

    def portable_category_names(self) -> list[str]:
        """The categories the right to data portability covers, decided per category (Art.
        20(1), (4)): provided or observed, on consent or a contract, by automated means, and
        not about someone else."""
        return [c.name.get(self.lang) for c in portable_categories(self.register)]

    def portability_entry(self) -> Entry:
        """The right to data portability with the categories it covers, as a list: never the
        purposes, whose basis alone does not make their data portable."""
        names = self.portable_category_names()
        facts = (Fact(self._("Applies to"), items=tuple(names)),) if names else ()
        return self.right_entry(
            Right.PORTABILITY, self._(RIGHT_TEXT[Right.PORTABILITY]), facts=facts
        )

    def portability_blocks(self) -> list[Block]:
        """Which data the right to data portability covers; [] when no category is portable."""
        names = self.portable_category_names()
        if not names:
            return []
        return [
            Paragraph(self._("The right to data portability covers the following data:")),
            ItemList(tuple(names)),
        ]

    def reply_period_blocks(self) -> list[Block]:
        """That using the rights is free (Art. 12(5)), the month to answer in and its possible
        extension by two months, told with the reasons within the first month (12(3))."""
        _ = self._
        return [Paragraph(f"{_(REPLY_PERIOD)} {_(REPLY_EXTENSION)}")]

    def rights_entries(self, *, objection_anchor: bool) -> list[Entry]:
        """The rights the notice lists: derived, or exactly the ones the register lists."""
        rights = self.register.rights
        if rights is None:
            return []
        if rights.derived:
            return self.derived_rights(objection_anchor=objection_anchor)
        return [
            self.right_entry(
                stated.right,
                self.text(stated.text) or self._(RIGHT_TEXT[stated.right]),
                how=self.text(stated.how),
                anchor=objection_anchor and stated.right is Right.OBJECTION,
            )
            for stated in rights.entries()
            if stated.right is not Right.WITHDRAW_CONSENT
        ]

    # -- sections the notice, the record and access reports share ---------------------------

    def objection_section(self) -> Section | None:
        """The right to object, set apart from the other information (Art. 21(4))."""
        blocks = self.objection_blocks()
        if not blocks:
            return None
        return Section("objection", self._("Your right to object"), tuple(blocks), prominent=True)

    def objection_blocks(self) -> list[Block]:
        """The right to object when the rights are derived, or when the register lists it."""
        stated = self.stated_right(Right.OBJECTION)
        if stated is not None:
            blocks: list[Block] = [
                Paragraph(self.text(stated.text) or self._(RIGHT_TEXT[Right.OBJECTION]))
            ]
            how = self.text(stated.how) or self.how_to_exercise()
            return blocks + ([Paragraph(how)] if how else [])
        if not self.rights_derived():
            return []
        return self.derived_objection_blocks()

    def derived_objection_blocks(self) -> list[Block]:
        """The right to object on the register's own facts: Art. 21(1) for the bases it states,
        then direct marketing (21(2)-(3)) when it does any; [] when there is neither."""
        return self.particular_objection_blocks() + self.marketing_objection_blocks()

    def particular_objection_blocks(self) -> list[Block]:
        """Art. 21(1): objecting on grounds relating to one's particular situation to processing
        on a public task or legitimate interests (naming only those stated, profiling only when
        the register says there is profiling), and the controller's burden to demonstrate
        compelling grounds. Such a request is answered like any other, so how to make one
        follows."""
        _ = self._
        bases = self.objection_bases()
        if not bases:
            return []
        purposes = self.objectable_purposes()
        blocks: list[Block]
        if purposes:
            blocks = [
                Paragraph(_(OBJECTION_FOR_PURPOSES[bases])),
                ItemList(tuple(p.name.get(self.lang) for p in purposes)),
            ]
        else:
            blocks = [Paragraph(_(OBJECTION_TO_BASES[bases]))]
        if self.profiling():
            blocks.append(Paragraph(_("This includes profiling based on these grounds.")))
        blocks.append(Paragraph(_(COMPELLING_GROUNDS)))
        how = self.how_to_exercise()
        if how:
            blocks.append(FactList((Fact(_("How to object"), how),)))
        return blocks

    def marketing_objection_blocks(self) -> list[Block]:
        """Art. 21(2)-(3): objecting to direct marketing, which takes effect at once. The
        register's way to stop marketing follows, never its general way to make a request, which
        speaks of a reply to wait for."""
        if not self.direct_marketing():
            return []
        _ = self._
        blocks: list[Block] = [Paragraph(_(MARKETING_OBJECTION))]
        if self.profiling():
            blocks.append(Paragraph(_(MARKETING_PROFILING)))
        marketing = self.register.marketing
        if marketing is not None and marketing.opt_out is not None:
            blocks.append(
                FactList((Fact(_("How to stop marketing"), marketing.opt_out.get(self.lang)),))
            )
        return blocks

    def consent_items(self) -> list[str]:
        """What rests on consent: purposes (Art. 6(1)(a)) and categories (Art. 9(2)(a))."""
        items = [p.name.get(self.lang) for p in self.covered({LegalBasis.CONSENT})[1]]
        items += [
            c.name.get(self.lang)
            for c in self.register.data_categories
            if c.special is not None and c.special.condition is Art9Condition.EXPLICIT_CONSENT
        ]
        return items

    def withdrawal_blocks(self) -> list[Block]:
        """Withdrawing consent (Art. 7(3)): derived where consent is a basis, or as listed."""
        _ = self._
        stated = self.stated_right(Right.WITHDRAW_CONSENT)
        items = self.consent_items()
        consent = self.covered({LegalBasis.CONSENT})[0] or bool(items)
        if stated is None and not (self.rights_derived() and consent):
            return []
        own = self.text(stated.text) if stated is not None else None
        blocks: list[Block]
        if own is not None:
            blocks = [Paragraph(own)]
        elif items:
            blocks = [
                Paragraph(
                    _(
                        "Where processing is based on your consent, you may withdraw your "
                        "consent at any time. Withdrawing consent does not affect the "
                        "lawfulness of processing based on consent before its withdrawal. This "
                        "applies to:"
                    )
                ),
                ItemList(tuple(items)),
                Paragraph(_(WITHDRAWAL_AT_ONCE)),
            ]
        else:
            blocks = [
                Paragraph(_(RIGHT_TEXT[Right.WITHDRAW_CONSENT])),
                Paragraph(_(WITHDRAWAL_AT_ONCE)),
            ]
        # Only the register's own way to withdraw: its general how_to_exercise speaks of a
        # request and a reply to wait for, and a withdrawal waits for nothing (Art. 7(3)).
        how = self.text(stated.how) if stated is not None else None
        if how:
            blocks.append(Paragraph(how))
        return blocks

    def complaint_blocks(self) -> list[Block]:
        """The complaint route (Art. 13(2)(d)) when the register names the authority."""
        party = self.authority_party()
        if party is None:
            return []
        return [
            Paragraph(
                self._(
                    "If you consider that the processing of your personal data infringes data "
                    "protection law, you have the right to lodge a complaint with the "
                    "supervisory authority."
                )
            ),
            PartyCard(party),
        ]

    def category_entry(self, category: DataCategory) -> Entry:
        _ = self._
        register = self.register
        purposes = [register.purpose(p) for p in category.purposes]
        uses = [
            use
            for purpose in purposes
            for use in self.bases_for(purpose)
            if (not use.categories or category.id in use.categories)
            and (not use.subjects or set(use.subjects) & set(category.subjects))
        ]
        bases = list(dict.fromkeys(self.basis_use(use) for use in uses))
        facts: list[Fact | None] = [
            self.multi(_("Whose data"), self.group_names(category.subjects)),
            self.multi(_("Purposes"), [p.name.get(self.lang) for p in purposes]),
            self.multi(_("Legal basis"), bases),
            self.multi(
                _("Sources"), [register.source(s).name.get(self.lang) for s in category.sources]
            ),
            self.multi(
                _("Retention"),
                [" ".join(self.retention_sentences(rule)) for rule in self.rules_of(category)],
            ),
        ]
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
        """The rights as the register states them; in the legacy layout, which has no section
        of its own for them, withdrawing consent and the right to object follow the list
        under their own subheadings, still apart from the rest."""
        _ = self._
        rights = self.register.rights
        if rights is None:
            return []
        blocks: list[Block] = []
        entries = self.rights_entries(objection_anchor=not legacy)
        if rights.derived:
            # Derived rights are the GDPR's; a listed right is said as the register says it,
            # which may be under another law (an old notice under the Personal Data Act).
            blocks.append(
                Paragraph(
                    _("You have the following rights under the General Data Protection Regulation.")
                )
            )
        if entries:
            blocks.append(EntryList(tuple(entries)))
        how = self.how_to_exercise()
        if rights.derived:
            blocks += [
                Subheading(_("How to use your rights")),
                Paragraph(
                    how or _("Contact the controller using the contact details in this notice.")
                ),
                *self.reply_period_blocks(),
            ]
        elif how:
            blocks += [Subheading(_("How to use your rights")), Paragraph(how)]
        if rights.restrictions is not None:
            blocks += [
                Subheading(_("Restrictions of rights")),
                Paragraph(rights.restrictions.get(self.lang)),
            ]
        if rights.extra is not None:
            blocks.append(Paragraph(rights.extra.get(self.lang)))
        if legacy:
            withdrawal = self.withdrawal_blocks()
            if withdrawal:
                blocks += [Subheading(_("Withdrawing consent")), *withdrawal]
            # A right to object the register lists is already in the list above.
            objection = self.derived_objection_blocks() if rights.derived else []
            if objection:
                blocks += [Subheading(_("Your right to object")), *objection]
        return blocks

    def security_facts(self, *, include_electronic: bool) -> tuple[Fact, ...]:
        """Each security measure the register describes, labelled: access control, logging,
        backups, encryption and physical security, then the legacy headings; a measure it does
        not describe is left out, not printed empty."""
        security = self.register.security
        if security is None:
            return ()
        facts = []
        for field, label in SECURITY_MEASURES:
            value: Text | None = getattr(security, field)
            if value is None or (field == "electronic" and not include_electronic):
                continue
            facts.append(Fact(self._(label), value.get(self.lang)))
        return tuple(facts)

    # -- health care --------------------------------------------------------------------------

    def health_care_blocks(self) -> list[Block]:
        """What a health-care provider's notice says of patient records beyond the GDPR; []
        unless the controller is one. The retention under Act 703/2023 unless a retention rule
        already cites it, the right to the log data, corrections that keep the original entry
        readable; the Kanta services and the patient ombudsperson only as the register
        declares them."""
        register = self.register
        if not register.controller.health_care_provider:
            return []
        _ = self._
        blocks: list[Block] = []
        if not self.cites_client_data_act():
            blocks += [
                Subheading(_("How long patient records are kept")),
                Paragraph(
                    _(
                        "Patient records are kept for the periods laid down in the Act on the "
                        "Processing of Client Data in Healthcare and Social Welfare (703/2023): as "
                        "a rule 12 years from the patient's death or, if the date of death is not "
                        "known, 120 years from the patient's birth."
                    )
                ),
            ]
        blocks += [
            Subheading(_("Who has used your patient data")),
            Paragraph(
                _(
                    "You have the right to know, free of charge, who has used your client or "
                    "patient data or to whom it has been disclosed, and on what ground. The "
                    "information is given from the log data, as a rule for the past two years; "
                    "for an earlier period you need to give a special reason. The right is laid "
                    "down in section 11 of the Act on the Processing of Client Data in Healthcare "
                    "and Social Welfare (703/2023)."
                )
            ),
            Subheading(_("Correcting patient records")),
            Paragraph(
                _(
                    "An entry in the patient records is corrected so that both the original and "
                    "the corrected entry remain readable, and the person who corrected it, the "
                    "date and the reason are recorded, as the Decree of the Ministry of Social "
                    "Affairs and Health on Patient Records (94/2022) requires."
                )
            ),
            Paragraph(
                _(
                    "A health-care professional's justified conclusions about your care are not "
                    "changed even if you disagree with them, but you can ask for your own view to "
                    "be added to the records."
                )
            ),
        ]
        care = register.health_care
        if care is not None and care.kanta:
            blocks += [
                Subheading(_("Kanta services")),
                Paragraph(
                    _(
                        "Patient records are stored in the Patient Data Repository of the "
                        "national Kanta services. You can see your own records in MyKanta "
                        "(kanta.fi). Other health-care providers can see them only if you give "
                        "your consent to the sharing of your data, in MyKanta or at a place of "
                        "care."
                    )
                ),
            ]
        if care is not None and care.patient_ombudsman is not None:
            blocks += [
                Subheading(_("Patient ombudsperson")),
                Paragraph(
                    _(
                        "If you are dissatisfied with your care or how you were treated, you can "
                        "contact the patient ombudsperson, who advises patients on their rights "
                        "free of charge and helps, where needed, in making a formal complaint "
                        "about the care. In private health care too, the service is provided by "
                        "the wellbeing services county, in Helsinki by the city (Act on Patient "
                        "Ombudspersons and Social Services Ombudspersons 739/2023)."
                    )
                ),
                PartyCard(self.person_party(care.patient_ombudsman)),
            ]
        return blocks

    def cites_client_data_act(self) -> bool:
        """Whether a retention rule already names Act 703/2023 as the law that sets it."""
        for rule in self.register.retention:
            basis = self.text(rule.statutory_basis) or ""
            if CLIENT_DATA_ACT in basis or any(s.act == CLIENT_DATA_ACT for s in rule.statutes):
                return True
        return False
