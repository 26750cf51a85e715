"""The compliance lint: what a Finnish privacy lawyer would point out in a register description.

The schema accepts a faithful old notice (a 2018 rekisteriseloste without legal bases loads); the
lint says what it lacks under the GDPR and the Finnish Data Protection Act, citing the article.
Each rule is a generator over the :class:`~rekisteri.register.model.Register` that yields located
hits and is registered in :data:`~rekisteri.lint.engine.RULES` by its decorator;
:mod:`rekisteri.lint.engine` runs them.

Messages are English msgids marked with :func:`N_` and translated from the ``lint`` gettext
catalog only when a report is made, so the rules stay free of language concerns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rekisteri.documents.i18n import N_
from rekisteri.errors import Loc
from rekisteri.lint.engine import (
    Hit,
    Period,
    Severity,
    Term,
    lint_rule,
)
from rekisteri.register.model import (
    EEA_COUNTRIES,
    Address,
    Art9Condition,
    ConsentModel,
    DataCategory,
    Layout,
    LegalBasis,
    MarketingChannel,
    Register,
    Requirement,
    Safeguard,
    SpecialCategory,
    Text,
    iter_texts,
    parse_duration,
)

# --- helpers for the rules -------------------------------------------------------------------


def _variants(text: Text | None) -> list[str]:
    """Every language version of a text, for heuristics that must not depend on the language."""
    if text is None:
        return []
    return list(text.values.values()) or ([text.plain] if text.plain else [])


def _matches(pattern: re.Pattern[str], text: Text | None) -> bool:
    return any(pattern.search(value) for value in _variants(text))


def _address_text(address: Address | None) -> str:
    if address is None:
        return ""
    return f"{address.street}, {address.postal_code} {address.city}"


def _purpose_categories(register: Register, purpose_id: str) -> list[DataCategory]:
    return [c for c in register.data_categories if purpose_id in c.purposes]


# --- the rules -------------------------------------------------------------------------------


@lint_rule("L01", Severity.ERROR, N_("GDPR 13(1)(a), 14(1)(a)"), N_("Controller contact missing"))
def _controller_contact(register: Register) -> Iterator[Hit]:
    controller = register.controller
    params = {"name": controller.name}
    if controller.address is None:
        yield Hit(
            ("controller", "address"),
            N_("The controller '%(name)s' has no postal address"),
            N_('Add address = { street = "…", postal_code = "…", city = "…" } to [controller]'),
            params,
        )
    # A contact person's email or phone reaches the controller just as well: heading 2 of the
    # old rekisteriseloste was exactly that.
    contact = register.contact
    reachable = controller.email or controller.phone
    if contact is not None:
        reachable = reachable or contact.email or contact.phone
    if not reachable:
        yield Hit(
            ("controller",),
            N_("Neither the controller '%(name)s' nor a contact person has an email or phone"),
            N_("Add email or phone to [controller] or to [contact]"),
            params,
        )


_BOUND_BASES = {LegalBasis.CONTRACT, LegalBasis.LEGAL_OBLIGATION}
_OBLIGATORY = {Requirement.STATUTORY, Requirement.CONTRACTUAL, Requirement.CONTRACT_PREREQUISITE}


@lint_rule("L02", Severity.ERROR, N_("GDPR 6(1), 13(1)(c)"), N_("Purpose without a legal basis"))
def _legal_basis(register: Register) -> Iterator[Hit]:
    for i, purpose in enumerate(register.purposes):
        params = {"purpose": purpose.id}
        if purpose.legal_basis is None:
            yield Hit(
                ("purposes", i, "legal_basis"),
                N_("Purpose '%(purpose)s' has no legal basis"),
                N_(
                    "Add legal_basis: consent, contract, legal_obligation, vital_interests, "
                    "public_task or legitimate_interests"
                ),
                params,
            )
            continue
        needs = purpose.legal_basis in _BOUND_BASES or purpose.requirement in _OBLIGATORY
        if needs and (purpose.requirement is None or purpose.consequences is None):
            missing = "requirement" if purpose.requirement is None else "consequences"
            yield Hit(
                ("purposes", i, missing),
                N_(
                    "Purpose '%(purpose)s' rests on a contract or a law but does not say whether "
                    "the data must be given and what follows if it is not"
                ),
                N_(
                    "Add requirement (statutory, contractual, contract_prerequisite or "
                    "voluntary) and consequences"
                ),
                params,
                severity=Severity.WARNING,
                reference=N_("GDPR 13(2)(e)"),
            )


@lint_rule(
    "L03",
    Severity.ERROR,
    N_("GDPR 6(1)(f), 13(1)(d)"),
    N_("Legitimate interest not described"),
)
def _legitimate_interest(register: Register) -> Iterator[Hit]:
    # Loading refuses this already; the rule keeps the lint complete for registers built in code.
    for i, purpose in enumerate(register.purposes):
        basis = purpose.legal_basis
        if basis is LegalBasis.LEGITIMATE_INTERESTS and not purpose.legitimate_interest:
            yield Hit(
                ("purposes", i, "legal_basis"),
                N_("Purpose '%(purpose)s' rests on legitimate interests but does not say which"),
                N_("Add legitimate_interest: the interest pursued, in every notice language"),
                {"purpose": purpose.id},
            )


# Art. 9(2)(b), (g), (h), (i) and (j) only permit processing "on the basis of Union or Member
# State law", so the notice must name that law.
_NEEDS_NATIONAL_GROUND = {
    Art9Condition.EMPLOYMENT_AND_SOCIAL_SECURITY,
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST,
    Art9Condition.HEALTH_OR_SOCIAL_CARE,
    Art9Condition.PUBLIC_HEALTH,
    Art9Condition.ARCHIVING_OR_RESEARCH,
}

# Data that health-care or social-welfare staff pass on is health data whatever the category is
# called. The patterns are specific ("social care", not "social") so that a source such as
# "social media" does not count.
_CARE_SOURCE = re.compile(
    r"terveydenhuol|sosiaali(?:huol|puol|toim|palvel|työ)|health|"
    r"social[- ](?:care|services?|welfare|work)|hälso|socialvård|socialtjänst",
    re.IGNORECASE,
)


@lint_rule(
    "L04",
    Severity.ERROR,
    N_("GDPR 9(2); Data Protection Act 1050/2018, section 6"),
    N_("Special-category data without a valid Art. 9(2) condition"),
)
def _special_categories(register: Register) -> Iterator[Hit]:
    sources = {s.id: s for s in register.sources}
    for i, category in enumerate(register.data_categories):
        special = category.special
        if special is None:
            care = [
                (j, s)
                for j, s in enumerate(category.sources)
                if s in sources and _matches(_CARE_SOURCE, sources[s].name)
            ]
            if care:
                j, source_id = care[0]
                yield Hit(
                    ("data_categories", i, "sources", j),
                    N_(
                        "Data category '%(category)s' comes from health-care or social-welfare "
                        "staff (source '%(source)s') but is not marked as special-category data"
                    ),
                    N_(
                        'Add special = { category = "health", condition = "…" } with the '
                        "Art. 9(2) condition, and national_ground where the condition needs one"
                    ),
                    {"category": category.id, "source": source_id},
                )
            continue
        params = {"category": category.id, "article": ""}
        if special.condition is None:
            yield Hit(
                ("data_categories", i, "special"),
                N_("Data category '%(category)s' holds special-category data without a condition"),
                N_('Add condition to special, e.g. "explicit_consent" or "health_or_social_care"'),
                params,
            )
            continue
        params["article"] = special.condition.article
        if special.condition in _NEEDS_NATIONAL_GROUND and special.national_ground is None:
            yield Hit(
                ("data_categories", i, "special", "condition"),
                N_(
                    "Data category '%(category)s' relies on %(article)s, which needs a national "
                    "law, but names none"
                ),
                N_("Add national_ground to special: the section of law relied on"),
                params,
            )
        if (
            special.condition is Art9Condition.HEALTH_OR_SOCIAL_CARE
            and not register.controller.health_care_provider
        ):
            yield Hit(
                ("data_categories", i, "special", "condition"),
                N_(
                    "Data category '%(category)s' relies on the exception for health and social "
                    "care, but the controller is not a health-care or social-welfare provider"
                ),
                N_(
                    'Use condition = "explicit_consent" (a hairdresser\'s allergy notes, say), '
                    "or set health_care_provider = true in [controller] if it is a provider"
                ),
                params,
            )


@lint_rule(
    "L05", Severity.ERROR, N_("GDPR 7(3), 13(2)(c)"), N_("Consent without a withdrawal route")
)
def _consent_withdrawal(register: Register) -> Iterator[Hit]:
    if register.rights is not None:
        # The rights section always states the right to withdraw consent.
        return
    marketing = register.direct_marketing
    opt_out = marketing is not None and marketing.opt_out is not None
    hint = N_("Add a [rights] section with how_to_exercise")
    for i, purpose in enumerate(register.purposes):
        if purpose.legal_basis is LegalBasis.CONSENT and not (purpose.direct_marketing and opt_out):
            yield Hit(
                ("purposes", i, "legal_basis"),
                N_("Purpose '%(purpose)s' rests on consent but no text tells how to withdraw it"),
                hint,
                {"purpose": purpose.id},
            )
    for i, category in enumerate(register.data_categories):
        if category.special and category.special.condition is Art9Condition.EXPLICIT_CONSENT:
            yield Hit(
                ("data_categories", i, "special", "condition"),
                N_(
                    "Data category '%(category)s' rests on explicit consent but no text tells how "
                    "to withdraw it"
                ),
                hint,
                {"category": category.id},
            )


# Act 703/2023 (annex): patient records are kept 12 years from the patient's death.
_PATIENT_RECORD_LAW = re.compile(r"(?<!\d)703/2023(?!\d)")
_PATIENT_RECORD_PERIOD = (12, 0, 0)


@lint_rule(
    "L06",
    Severity.ERROR,
    N_("GDPR 13(2)(a), 5(1)(e)"),
    N_("Retention missing, vague or not the statutory one"),
)
def _retention(register: Register) -> Iterator[Hit]:
    for i, category in enumerate(register.data_categories):
        if category.retention is None:
            yield Hit(
                ("data_categories", i, "retention"),
                N_("Data category '%(category)s' has no retention period"),
                N_('Add retention = "…" naming a [[retention]] rule with a period or criteria'),
                {"category": category.id},
            )
    for i, rule in enumerate(register.retention):
        if rule.period is None and rule.statutory_basis is None:
            yield Hit(
                ("retention", i, "criteria"),
                N_("Retention rule '%(rule)s' gives only criteria, neither a period nor a law"),
                N_('Add period (e.g. "P2Y") and counted_from, or the statutory_basis'),
                {"rule": rule.id},
                severity=Severity.WARNING,
            )
    if register.controller.health_care_provider:
        yield from _patient_record_retention(register)


def _patient_record_retention(register: Register) -> Iterator[Hit]:
    rules = {rule.id: rule for rule in register.retention}
    for i, category in enumerate(register.data_categories):
        special = category.special
        rule = rules.get(category.retention or "")
        if special is None or special.category is not SpecialCategory.HEALTH or rule is None:
            continue
        period_ok = rule.period is not None and parse_duration(rule.period) == (
            _PATIENT_RECORD_PERIOD
        )
        if period_ok and _matches(_PATIENT_RECORD_LAW, rule.statutory_basis):
            continue
        yield Hit(
            ("data_categories", i, "retention"),
            N_(
                "Health data in '%(category)s' are patient records, kept 12 years from the "
                "patient's death under Act 703/2023, but retention rule '%(rule)s' says otherwise"
            ),
            N_('Use period = "P12Y" from the patient\'s death and cite Act 703/2023'),
            {"category": category.id, "rule": rule.id},
            reference=N_("GDPR 5(1)(e); Act 703/2023"),
        )


_OLD_OMBUDSMAN = re.compile(
    r"PL\s*315|P\.?\s?O\.?\s*Box\s*315|00181|Albertinkatu\s*25|Ratapihantie\s*9", re.IGNORECASE
)


@lint_rule(
    "L07",
    Severity.ERROR,
    N_("GDPR 13(2)(b), 13(2)(d), 77"),
    N_("Rights or complaint route missing or outdated"),
)
def _rights(register: Register) -> Iterator[Hit]:
    rights = register.rights
    if rights is None:
        yield Hit(
            ("rights",),
            N_("The notice neither lists the rights nor tells how to complain to the authority"),
            N_("Add a [rights] section with how_to_exercise; the Ombudsman is added by default"),
        )
        return
    authority = rights.authority
    fields: list[tuple[Loc, str]] = [
        (("rights", "authority", "visiting_address"), _address_text(authority.visiting_address)),
        (("rights", "authority", "postal_address"), _address_text(authority.postal_address)),
        (("rights", "authority", "phone"), authority.phone or ""),
        (("rights", "authority", "email"), authority.email or ""),
    ]
    for loc, text in iter_texts(rights, ("rights",)):
        fields += [(loc, value) for value in _variants(text)]
    reported: set[Loc] = set()
    for loc, value in fields:
        match = _OLD_OMBUDSMAN.search(value)
        if match and loc not in reported:
            reported.add(loc)
            yield Hit(
                loc,
                N_("'%(old)s' is an old contact detail of the Data Protection Ombudsman"),
                N_(
                    "Remove the authority table to use the current details (Lintulahdenkuja 4, "
                    "00530 Helsinki; PL 800, 00531 Helsinki; tietosuoja@om.fi)"
                ),
                {"old": match.group()},
            )


@dataclass(frozen=True)
class _RepealedLaw:
    pattern: re.Pattern[str]
    name: str
    replacement: str
    reference: str


def _law(pattern: str, name: str, replacement: str, reference: str) -> _RepealedLaw:
    return _RepealedLaw(re.compile(pattern, re.IGNORECASE), name, replacement, reference)


_REPEALED = (
    _law(
        r"henkilötietola[ki]|personuppgiftslag|personal data act|(?<!\d)523/(?:19)?99(?!\d)",
        N_("the Personal Data Act 523/1999 (henkilötietolaki)"),
        N_("the GDPR and the Data Protection Act 1050/2018"),
        N_("Data Protection Act 1050/2018, section 38"),
    ),
    _law(
        r"(?<!\d)516/2004(?!\d)|sähköisen viestinnän tietosuojala[ki]",
        N_("the Act on Data Protection in Electronic Communications 516/2004"),
        N_("the Information Society Code 917/2014"),
        N_("Information Society Code 917/2014"),
    ),
    _law(
        r"(?<!\d)159/2007(?!\d)",
        N_(
            "the Act on the Electronic Processing of Client Data in Social and Health Care 159/2007"
        ),
        N_("the Act on the Processing of Client Data in Healthcare and Social Welfare 703/2023"),
        N_("Act 703/2023"),
    ),
    _law(
        r"tietosuojalautakun|data protection board",
        N_("the Data Protection Board (tietosuojalautakunta), abolished in 2019"),
        N_("the Data Protection Ombudsman"),
        N_("Data Protection Act 1050/2018"),
    ),
    _law(
        r"privacy[- ]shield",
        N_("the EU–US Privacy Shield, invalidated by the Court of Justice in C-311/18"),
        N_("the EU–US Data Privacy Framework or standard contractual clauses"),
        N_("CJEU C-311/18 (Schrems II)"),
    ),
    _law(
        r"safe[- ]harbou?r",
        N_("the Safe Harbour arrangement, invalidated by the Court of Justice in C-362/14"),
        N_("the EU–US Data Privacy Framework or standard contractual clauses"),
        N_("CJEU C-362/14 (Schrems I)"),
    ),
)


@lint_rule(
    "L08",
    Severity.ERROR,
    N_("Data Protection Act 1050/2018, section 38"),
    N_("Reference to a repealed or invalidated law"),
)
def _repealed_law(register: Register) -> Iterator[Hit]:
    for loc, text in iter_texts(register):
        for law in _REPEALED:
            if _matches(law.pattern, text):
                yield Hit(
                    loc,
                    N_("The text refers to %(law)s, which is no longer in force"),
                    N_("Refer to %(replacement)s instead"),
                    {"law": Term(law.name), "replacement": Term(law.replacement)},
                    reference=law.reference,
                )


@lint_rule(
    "L09",
    Severity.ERROR,
    N_("Data Protection Act 1050/2018, section 29"),
    N_("Personal identity code without a section 29 ground"),
)
def _hetu(register: Register) -> Iterator[Hit]:
    for i, category in enumerate(register.data_categories):
        if category.hetu and category.hetu_ground is None:
            yield Hit(
                ("data_categories", i, "hetu"),
                N_(
                    "Data category '%(category)s' holds the personal identity code without a "
                    "ground under section 29 of the Data Protection Act"
                ),
                N_(
                    "Add hetu_ground (e.g. consent, health_and_social_care or "
                    "credit_or_debt_collection), or stop collecting the identity code"
                ),
                {"category": category.id},
            )


_SAFE_GROUNDS = {
    Safeguard.ADEQUACY_DECISION,
    Safeguard.DATA_PRIVACY_FRAMEWORK,
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES,
    Safeguard.BINDING_CORPORATE_RULES,
}


@lint_rule(
    "L10",
    Severity.ERROR,
    N_("GDPR 44–46, 13(1)(f)"),
    N_("Processor outside the EEA without transfer safeguards"),
)
def _third_country_processor(register: Register) -> Iterator[Hit]:
    destinations = register.transfers.destinations if register.transfers else []
    for i, processor in enumerate(register.processors):
        if processor.country in EEA_COUNTRIES:
            continue
        # An Art. 49 derogation covers occasional transfers, never a processor's daily work.
        covered = any(
            t.safeguard in _SAFE_GROUNDS
            and (
                t.processor == processor.id
                or (t.processor is None and t.country == processor.country)
            )
            for t in destinations
        )
        if not covered:
            yield Hit(
                ("processors", i, "country"),
                N_(
                    "Processor '%(processor)s' works in %(country)s, outside the EEA, but no "
                    "transfer with an adequacy decision, the Data Privacy Framework, standard "
                    "contractual clauses or binding corporate rules is listed for it"
                ),
                N_(
                    'Add [[transfers.destinations]] with processor = "%(processor)s" and its '
                    "safeguard, and set transfers.outside_eea = true"
                ),
                {"processor": processor.id, "country": processor.country},
            )


@lint_rule(
    "L11",
    Severity.WARNING,
    N_("GDPR 13(1)(e); WP260 rev.01"),
    N_("Processor not listed among recipients"),
)
def _processor_recipient(register: Register) -> Iterator[Hit]:
    for i, processor in enumerate(register.processors):
        if not processor.recipient:
            yield Hit(
                ("processors", i, "recipient"),
                N_("Processor '%(processor)s' is not shown among the recipients of the data"),
                N_(
                    "Remove recipient = false: the transparency guidelines advise naming processors"
                ),
                {"processor": processor.id},
            )


_ELECTRONIC = {MarketingChannel.EMAIL, MarketingChannel.SMS}


@lint_rule(
    "L12",
    Severity.ERROR,
    N_("Information Society Code 917/2014, section 200; GDPR 21(2)"),
    N_("Electronic direct marketing without consent or opt-out"),
)
def _electronic_marketing(register: Register) -> Iterator[Hit]:
    marketing = register.direct_marketing
    if marketing is None or not _ELECTRONIC.intersection(marketing.channels):
        return
    if marketing.consent_model is None:
        yield Hit(
            ("direct_marketing", "consent_model"),
            N_(
                "Direct marketing by email or text message does not say whether it rests on "
                "prior consent or on the soft opt-in for own customers"
            ),
            N_('Add consent_model = "prior_consent" or "soft_opt_in"'),
        )
    if marketing.opt_out is None:
        # The soft opt-in is lawful only when the opt-out is offered from the start.
        soft = marketing.consent_model is ConsentModel.SOFT_OPT_IN
        yield Hit(
            ("direct_marketing", "opt_out"),
            N_("Direct marketing does not tell how to stop it free of charge"),
            N_("Add opt_out: how to refuse marketing at any time, free of charge"),
            severity=Severity.ERROR if soft else Severity.WARNING,
        )


@lint_rule(
    "L13",
    Severity.WARNING,
    N_("GDPR 14(1)(d), 14(2)(f)"),
    N_("Data from others without source or category description"),
)
def _indirect_collection(register: Register) -> Iterator[Hit]:
    sources = {s.id: s for s in register.sources}
    indirect_sources: set[str] = set()
    for i, category in enumerate(register.data_categories):
        indirect = [s for s in category.sources if s in sources and not sources[s].data_subject]
        indirect_sources.update(indirect)
        # Data about someone else (next of kin) never comes from that person, whatever the source.
        if (indirect or category.third_party) and category.description is None:
            yield Hit(
                ("data_categories", i, "description"),
                N_(
                    "Data category '%(category)s' is collected from someone other than the "
                    "person it is about, but the notice does not describe what it holds"
                ),
                N_("Add a description listing the kinds of data the category holds"),
                {"category": category.id},
            )
    for i, source in enumerate(register.sources):
        if source.id in indirect_sources and source.description is None:
            yield Hit(
                ("sources", i, "description"),
                N_("Source '%(source)s' is not described: what comes from it, is it public"),
                N_("Add a description and, if it applies, publicly_accessible = true"),
                {"source": source.id},
            )


@lint_rule(
    "L14",
    Severity.WARNING,
    N_("GDPR 8(1); Data Protection Act 1050/2018, section 5"),
    N_("Children's consent to an online service"),
)
def _children_consent(register: Register) -> Iterator[Hit]:
    groups = {g.id: g for g in register.data_subjects}
    for i, purpose in enumerate(register.purposes):
        if purpose.legal_basis is not LegalBasis.CONSENT or not purpose.online_service:
            continue
        subjects = {s for c in _purpose_categories(register, purpose.id) for s in c.subjects}
        # Categories that name no subjects may be about anyone the register holds.
        children = [g for g in sorted(subjects or groups) if g in groups and groups[g].children]
        if children:
            yield Hit(
                ("purposes", i, "online_service"),
                N_(
                    "Purpose '%(purpose)s' asks consent for an online service from '%(group)s', "
                    "which includes children under 13"
                ),
                N_("Describe how a parent or guardian gives or authorises consent for under-13s"),
                {"purpose": purpose.id, "group": children[0]},
            )


@lint_rule("L15", Severity.INFO, N_("GDPR 30(1), 30(5)"), N_("Art. 30 record needed"))
def _record_needed(register: Register) -> Iterator[Hit]:
    # With special-category or criminal data the Art. 30(5) exemption never applies. rekisteri
    # writes the record from this same file, so the lint speaks up only when
    # the file lacks what the record needs beyond the notice: the security measures, item (g).
    security = register.security
    if security is not None and (security.manual or security.electronic or security.general):
        return
    for i, category in enumerate(register.data_categories):
        if category.special is not None or category.criminal:
            yield Hit(
                ("data_categories", i, "special" if category.special else "criminal"),
                N_(
                    "Data category '%(category)s' holds special-category or criminal data, so an "
                    "Art. 30 record is required, but its security measures are not described"
                ),
                N_("Add a [security] section; the Art. 30 record is then written from this file"),
                {"category": category.id},
            )
            return


_OBJECTABLE = {LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS}


@lint_rule("L16", Severity.WARNING, N_("GDPR 21(4)"), N_("Right to object not shown separately"))
def _objection(register: Register) -> Iterator[Hit]:
    if register.notice.layout is not Layout.REKISTERISELOSTE:
        return
    if register.direct_marketing is not None or any(
        p.direct_marketing or p.legal_basis in _OBJECTABLE for p in register.purposes
    ):
        yield Hit(
            ("notice", "layout"),
            N_(
                "People may object to direct marketing or to processing for a public task or "
                "legitimate interests, but the rekisteriseloste layout does not show the right "
                "to object separately"
            ),
            N_('Use layout = "tietosuojaseloste"'),
        )


_UNUSED_MESSAGES = {
    "purposes": N_("Purpose '%(id)s' is declared but no data category is used for it"),
    "sources": N_("Source '%(id)s' is declared but no data category comes from it"),
    "data_subjects": N_("Data-subject group '%(id)s' is declared but no data category is about it"),
    "retention": N_("Retention rule '%(id)s' is declared but no data category uses it"),
}


@lint_rule(
    "L17", Severity.WARNING, N_("GDPR 5(1)(a), 12(1)"), N_("Declared item that nothing uses")
)
def _unused(register: Register) -> Iterator[Hit]:
    categories = register.data_categories
    used = {
        "purposes": {p for c in categories for p in c.purposes},
        "sources": {s for c in categories for s in c.sources},
        "data_subjects": {s for c in categories for s in c.subjects},
        "retention": {c.retention for c in categories if c.retention},
    }
    for list_name, ids in used.items():
        for i, item in enumerate(getattr(register, list_name)):
            if item.id not in ids:
                yield Hit(
                    (list_name, i, "id"),
                    _UNUSED_MESSAGES[list_name],
                    N_("Refer to it from a data category, or remove it"),
                    {"id": item.id},
                )
    for i, category in enumerate(categories):
        if not category.purposes:
            yield Hit(
                ("data_categories", i, "purposes"),
                N_("Data category '%(id)s' is not used for any purpose"),
                N_("List the purposes it serves, or remove it: data without a purpose is not kept"),
                {"id": category.id},
                reference=N_("GDPR 5(1)(b), 5(1)(c)"),
            )


_PORTABILITY = re.compile(
    r"siirrettävyy|siirto-oikeu|siirtää (?:tieto|ne)|portab|dataportabilitet|flytta", re.IGNORECASE
)
_PORTABLE_BASES = {LegalBasis.CONSENT, LegalBasis.CONTRACT}


@lint_rule(
    "L18",
    Severity.INFO,
    N_("GDPR 20(1)(a)"),
    N_("Portability offered without consent or contract"),
)
def _portability(register: Register) -> Iterator[Hit]:
    if register.rights is None or register.legal_bases & _PORTABLE_BASES:
        return
    for loc, text in iter_texts(register.rights, ("rights",)):
        if _matches(_PORTABILITY, text):
            yield Hit(
                loc,
                N_(
                    "The rights text offers data portability, but no purpose rests on consent or "
                    "a contract, the only bases it applies to"
                ),
                N_("Remove the promise of portability, or check the legal bases"),
            )
            return


@dataclass(frozen=True)
class _StatutoryPeriod:
    law: re.Pattern[str]
    years: int
    name: str


# The periods small businesses most often cite, the first match winning. The Accounting Act keeps
# the books and financial statements 10 years (chapter 2, section 10(1)) but vouchers such as
# customer invoices 6 years (10(2)); client data is voucher material unless the rule says books.
_STATUTORY_PERIODS = (
    _StatutoryPeriod(
        re.compile(r"tilinpäätö|kirjanpitokirj|financial statement|\bbooks\b|bokslut", re.I),
        10,
        N_("10 years for the books and financial statements (Accounting Act 1336/1997)"),
    ),
    _StatutoryPeriod(
        re.compile(r"(?<!\d)1336/1997(?!\d)|kirjanpitola[ki]|accounting act|bokföringslag", re.I),
        6,
        N_("6 years for vouchers such as invoices (Accounting Act 1336/1997)"),
    ),
    _StatutoryPeriod(
        re.compile(r"(?<!\d)444/2017(?!\d)|rahanpesu|money laundering|penningtvätt", re.I),
        5,
        N_("5 years after the customer relationship (Anti-Money Laundering Act 444/2017)"),
    ),
    _StatutoryPeriod(
        _PATIENT_RECORD_LAW, 12, N_("12 years from the patient's death (Act 703/2023)")
    ),
)


def _months(period: str) -> float:
    years, months, days = parse_duration(period)
    return years * 12 + months + days / 30.4


@lint_rule(
    "L19",
    Severity.WARNING,
    N_("GDPR 5(1)(e)"),
    N_("Retention longer than the statutory period cited"),
)
def _longer_than_statute(register: Register) -> Iterator[Hit]:
    for i, rule in enumerate(register.retention):
        if rule.period is None or rule.statutory_basis is None:
            continue
        basis = rule.statutory_basis
        statute = next((s for s in _STATUTORY_PERIODS if _matches(s.law, basis)), None)
        if statute is not None and _months(rule.period) > statute.years * 12:
            yield Hit(
                ("retention", i, "period"),
                N_(
                    "Retention rule '%(rule)s' keeps data for %(period)s, longer than the law it "
                    "cites requires: %(statutory)s"
                ),
                N_("Shorten the period, or explain in criteria why the data is kept longer"),
                {"rule": rule.id, "period": Period(rule.period), "statutory": Term(statute.name)},
            )


_SYSTEM = re.compile(
    r"ajanvaraus\w*järjestelm|ajanvaraus-\s*ja|asiakastieto\w*järjestelm|asiakasjärjestelm|"
    r"asiakasrekisteriohjelm|booking(?: and [\w ]+)? system|(?:client|customer)(?: information)? "
    r"system|\bCRM\b|bokningssystem|kundsystem|kunddatasystem",
    re.IGNORECASE,
)


@lint_rule(
    "L20",
    Severity.INFO,
    N_("GDPR 28, 13(1)(e)"),
    N_("Data kept in a system without a processor listed"),
)
def _system_without_processor(register: Register) -> Iterator[Hit]:
    if register.processors:
        return
    for section in ("security", "notes"):
        model = getattr(register, section)
        if model is None:
            continue
        for loc, text in iter_texts(model, (section,)):
            if _matches(_SYSTEM, text):
                yield Hit(
                    loc,
                    N_(
                        "The data is kept in a booking or customer information system, but no "
                        "processor is listed; the system's provider usually is one"
                    ),
                    N_("Add [[processors]] for the system's provider, with its country"),
                )
                return


@lint_rule("L21", Severity.INFO, N_("GDPR 12(1); WP260 rev.01"), N_("Notice without a date"))
def _undated(register: Register) -> Iterator[Hit]:
    notice = register.notice
    if notice.updated is None and notice.effective is None:
        yield Hit(
            ("notice",),
            N_("The notice shows no date, so a reader cannot tell which version they read"),
            N_("Add updated = YYYY-MM-DD (and version) to [notice]"),
        )
