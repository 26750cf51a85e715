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
    Address,
    Art9Condition,
    BasisUse,
    ConsentModel,
    Cookie,
    DataCategory,
    Layout,
    LegalBasis,
    MarketingChannel,
    Purpose,
    Register,
    Requirement,
    RetentionRule,
    Right,
    Rights,
    Safeguard,
    SourceKind,
    SpecialCategory,
    State,
    SupervisoryAuthority,
    Text,
    iter_texts,
    parse_period,
)
from rekisteri.register.places import is_inside_eea, is_known_third_country
from rekisteri.register.rights import (
    OBJECTION_BASES,
    PORTABILITY_BASES,
    applicable_rights,
    does_direct_marketing,
    purpose_bases,
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
    return " ".join([*_variants(address.street), address.postal_code, *_variants(address.city)])


def _purpose_categories(register: Register, purpose_id: str) -> list[DataCategory]:
    return [c for c in register.data_categories if purpose_id in c.purposes]


def _basis_uses(register: Register) -> Iterator[tuple[Loc, Purpose | None, BasisUse]]:
    """Every stated Art. 6(1) basis with the key that states it and its purpose (None for a
    register-wide basis)."""
    for i, purpose in enumerate(register.purposes):
        if purpose.legal_basis is not None:
            yield ("purposes", i, "legal_basis"), purpose, purpose.all_bases[0]
        for j, use in enumerate(purpose.bases):
            yield ("purposes", i, "bases", j, "basis"), purpose, use
    for j, use in enumerate(register.bases):
        yield ("bases", j, "basis"), None, use


def _stated_rights(register: Register) -> set[Right]:
    """The rights the notice states: its list, or under "derive" every right that applies."""
    rights = register.rights
    if rights is None:
        return set()
    if rights.derived:
        return set(applicable_rights(register))
    return {entry.right for entry in rights.entries()}


def _bases_known(register: Register) -> bool:
    """Whether every purpose states a basis: only then can the lint say a right does not apply."""
    return all(purpose_bases(register, p) for p in register.purposes)


def _outside_eea(place: str | None) -> bool:
    """Whether data at ``place`` is known to be outside the EU/EEA: a third country, or
    anywhere ("worldwide"). A place not stated, or "unspecified", is not known to be."""
    if place is None or is_inside_eea(place):
        return False
    return place == "worldwide" or is_known_third_country(place)


# The grounds for a processor's regular transfers; an Art. 49 derogation covers occasional ones
# only (EDPB Guidelines 2/2018), and the lapsed ones nothing.
_SAFE_GROUNDS = {
    Safeguard.ADEQUACY_DECISION,
    Safeguard.DATA_PRIVACY_FRAMEWORK,
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES,
    Safeguard.BINDING_CORPORATE_RULES,
}


def _covered(safeguards: list[Safeguard]) -> bool:
    """Whether one of a transfer's safeguards (alternatives) is a ground for regular transfers."""
    return bool(_SAFE_GROUNDS.intersection(safeguards))


def _terms_loc(rule: RetentionRule, i: int, j: int) -> Loc:
    """Where a rule's ``j``th term is: the rule itself when it is written inline."""
    return ("retention", i, "terms", j) if rule.terms else ("retention", i)


def _states_a_law(rule: RetentionRule) -> bool:
    return rule.statutory_basis is not None or bool(rule.statutes)


def _law_texts(rule: RetentionRule) -> list[str]:
    """The rule's law as text, free or structured, for the patterns that recognise an act."""
    structured = [f"{s.act} {s.section or ''}".strip() for s in rule.statutes]
    return [*_variants(rule.statutory_basis), *structured]


def _cites(pattern: re.Pattern[str], rule: RetentionRule) -> bool:
    return any(pattern.search(text) for text in _law_texts(rule))


# --- the rules -------------------------------------------------------------------------------


@lint_rule("L01", Severity.ERROR, N_("GDPR 13(1)(a), 14(1)(a)"), N_("Controller contact missing"))
def _controller_contact(register: Register) -> Iterator[Hit]:
    controller = register.controller
    params = {"name": controller.name}
    if controller.address is None and controller.visiting_address is None:
        yield Hit(
            ("controller", "address"),
            N_("The controller '%(name)s' has no postal address"),
            N_('Add address = { street = "…", postal_code = "…", city = "…" } to [controller]'),
            params,
        )
    # A contact person's email or phone reaches the controller just as well: heading 2 of the
    # old rekisteriseloste was exactly that.
    contact = register.contact
    reachable = bool(controller.email or controller.phone) or any(
        channel.email or channel.phone for channel in controller.more_contacts
    )
    if contact is not None:
        reachable = reachable or bool(contact.email or contact.phone)
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
        bases = purpose_bases(register, purpose)
        if not bases:
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
        needs = bool(bases & _BOUND_BASES) or purpose.requirement in _OBLIGATORY
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
    # A faithful transcription of a notice that names the basis without the interest loads;
    # the notice still owes the reader the interest.
    for loc, purpose, use in _basis_uses(register):
        if use.basis is not LegalBasis.LEGITIMATE_INTERESTS or use.interest is not None:
            continue
        hint = (
            N_("Add legitimate_interest: the interest pursued, in every notice language")
            if purpose is not None and purpose.legal_basis is not None
            else N_("Add interest to the basis: the interest pursued, in every notice language")
        )
        if purpose is None:
            yield Hit(
                loc, N_("The register rests on legitimate interests but does not say which"), hint
            )
        else:
            yield Hit(
                loc,
                N_("Purpose '%(purpose)s' rests on legitimate interests but does not say which"),
                hint,
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
    if Right.WITHDRAW_CONSENT in _stated_rights(register):
        return
    marketing = register.marketing
    opt_out = marketing is not None and marketing.opt_out is not None
    hint = N_(
        'Add "withdraw_consent" to stated in [rights] (or stated = "derive"), and how_to_exercise'
    )
    reported: set[str] = set()
    for loc, purpose, use in _basis_uses(register):
        if use.basis is not LegalBasis.CONSENT:
            continue
        if purpose is None:
            yield Hit(
                loc, N_("The register rests on consent but no text tells how to withdraw it"), hint
            )
        elif purpose.id not in reported and not (purpose.direct_marketing and opt_out):
            reported.add(purpose.id)
            yield Hit(
                loc,
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
_PATIENT_RECORD_PERIOD = (12, 0, 0, 0, 0, 0)


@lint_rule(
    "L06",
    Severity.ERROR,
    N_("GDPR 13(2)(a), 5(1)(e)"),
    N_("Retention missing, vague or not the statutory one"),
)
def _retention(register: Register) -> Iterator[Hit]:
    for i, category in enumerate(register.data_categories):
        if not category.retention_ids:
            yield Hit(
                ("data_categories", i, "retention"),
                N_("Data category '%(category)s' has no retention period"),
                N_('Add retention = "…" naming a [[retention]] rule with a period or criteria'),
                {"category": category.id},
            )
    for i, rule in enumerate(register.retention):
        timed = any(t.period is not None or t.until is not None for t in rule.all_terms)
        if not timed and not _states_a_law(rule):
            yield Hit(
                ("retention", i, "terms" if rule.terms else "criteria"),
                N_("Retention rule '%(rule)s' gives only criteria, neither a period nor a law"),
                N_('Add period (e.g. "P2Y") and counted_from, or the statutory_basis'),
                {"rule": rule.id},
                severity=Severity.WARNING,
            )
    if register.controller.health_care_provider:
        yield from _patient_record_retention(register)


def _is_patient_record_rule(rule: RetentionRule) -> bool:
    periods = [parse_period(t.period) for t in rule.all_terms if t.period is not None]
    return _PATIENT_RECORD_PERIOD in periods and _cites(_PATIENT_RECORD_LAW, rule)


def _patient_record_retention(register: Register) -> Iterator[Hit]:
    rules = {rule.id: rule for rule in register.retention}
    for i, category in enumerate(register.data_categories):
        special = category.special
        own = [rules[r] for r in category.retention_ids if r in rules]
        if special is None or special.category is not SpecialCategory.HEALTH or not own:
            continue
        if any(_is_patient_record_rule(rule) for rule in own):
            continue
        yield Hit(
            ("data_categories", i, "retention"),
            N_(
                "Health data in '%(category)s' are patient records, kept 12 years from the "
                "patient's death under Act 703/2023, but retention rule '%(rule)s' says otherwise"
            ),
            N_('Use period = "P12Y" from the patient\'s death and cite Act 703/2023'),
            {"category": category.id, "rule": ", ".join(rule.id for rule in own)},
            reference=N_("GDPR 5(1)(e); Act 703/2023"),
        )


_OLD_OMBUDSMAN = re.compile(
    r"PL\s*315|P\.?\s?O\.?\s*Box\s*315|00181|Albertinkatu\s*25|Ratapihantie\s*9", re.IGNORECASE
)


# In the order of the regulation, as a notice lists them.
_RIGHT_NAMES = {
    Right.WITHDRAW_CONSENT: N_("the right to withdraw consent (Art. 7(3))"),
    Right.ACCESS: N_("the right of access (Art. 15)"),
    Right.RECTIFICATION: N_("the right to rectification (Art. 16)"),
    Right.ERASURE: N_("the right to erasure (Art. 17)"),
    Right.RESTRICTION: N_("the right to restriction of processing (Art. 18)"),
    Right.PORTABILITY: N_("the right to data portability (Art. 20)"),
    Right.OBJECTION: N_("the right to object (Art. 21)"),
    Right.AUTOMATED_DECISIONS: N_(
        "the right not to be subject to automated decision-making (Art. 22)"
    ),
}
_RIGHTS_REFERENCE = N_("GDPR 13(2)(b), 14(2)(c)")


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
            N_(
                'Add a [rights] section with stated = "derive" (or the rights the notice '
                'lists), how_to_exercise and complaint = "fi-ombudsman"'
            ),
        )
        return
    if rights.stated is None:
        yield Hit(
            ("rights", "stated"),
            N_("The notice does not list the rights of the data subject"),
            N_('Add stated = "derive" to [rights], or the list of the rights the notice states'),
            reference=_RIGHTS_REFERENCE,
        )
    elif not rights.derived:
        # Withdrawal of consent is L05's: it has its own article and its own exceptions.
        missing = applicable_rights(register) - _stated_rights(register) - {Right.WITHDRAW_CONSENT}
        for right in _RIGHT_NAMES:
            if right in missing:
                yield Hit(
                    ("rights", "stated"),
                    N_("The rights listed leave out %(right)s, which applies to this register"),
                    N_('Add "%(code)s" to stated in [rights]'),
                    {"right": Term(_RIGHT_NAMES[right]), "code": right.value},
                    reference=_RIGHTS_REFERENCE,
                )
    if rights.complaint is None:
        yield Hit(
            ("rights", "complaint"),
            N_("The notice does not tell how to complain to the supervisory authority"),
            N_('Add complaint = "fi-ombudsman" to [rights], or a table naming the authority'),
            reference=N_("GDPR 13(2)(d), 14(2)(e), 77"),
        )
    yield from _old_ombudsman(rights)


def _old_ombudsman(rights: Rights) -> Iterator[Hit]:
    fields: list[tuple[Loc, str]] = []
    authority = rights.complaint
    if isinstance(authority, SupervisoryAuthority):
        at: Loc = ("rights", "complaint")
        fields += [
            ((*at, "visiting_address"), _address_text(authority.visiting_address)),
            ((*at, "postal_address"), _address_text(authority.postal_address)),
            ((*at, "phone"), authority.phone or ""),
            ((*at, "email"), authority.email or ""),
        ]
    addresses = {loc for loc, _ in fields}
    for loc, text in iter_texts(rights, ("rights",)):
        if loc[:3] not in addresses:  # an address's lines are read above, as one text
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
                    'Write complaint = "fi-ombudsman" to use the current details (Lintulahdenkuja '
                    "4, 00530 Helsinki; PL 800, 00531 Helsinki; tietosuoja@om.fi)"
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


_PRIVACY_SHIELD = _law(
    r"privacy[- ]shield",
    N_("the EU–US Privacy Shield, invalidated by the Court of Justice in C-311/18"),
    N_("the EU–US Data Privacy Framework or standard contractual clauses"),
    N_("CJEU C-311/18 (Schrems II)"),
)
# The clauses of decisions 2001/497/EC, 2004/915/EC and 2010/87/EU; contracts made under them
# were covered until 27.12.2022.
_OLD_CLAUSES = _law(
    r"(?<!\d)(?:2001/497|2004/915|2010/87)(?!\d)",
    N_("the standard contractual clauses of 2001, 2004 or 2010, repealed by Decision 2021/914"),
    N_("the standard contractual clauses of Commission Decision (EU) 2021/914"),
    N_("Commission Implementing Decision (EU) 2021/914, Article 4"),
)
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
    _PRIVACY_SHIELD,
    _OLD_CLAUSES,
    _law(
        r"safe[- ]harbou?r",
        N_("the Safe Harbour arrangement, invalidated by the Court of Justice in C-362/14"),
        N_("the EU–US Data Privacy Framework or standard contractual clauses"),
        N_("CJEU C-362/14 (Schrems I)"),
    ),
)


# One search a text instead of one a law: L08 reads every text of the register.
_ANY_REPEALED = re.compile(
    "|".join(f"(?:{law.pattern.pattern})" for law in _REPEALED), re.IGNORECASE
)

# The safeguards an old notice may name that no longer hold, as the law that ended them.
_LAPSED = {
    Safeguard.PRIVACY_SHIELD: _PRIVACY_SHIELD,
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES_2010: _OLD_CLAUSES,
}


@lint_rule(
    "L08",
    Severity.ERROR,
    N_("Data Protection Act 1050/2018, section 38"),
    N_("Reference to a repealed or invalidated law"),
)
def _repealed_law(register: Register) -> Iterator[Hit]:
    for loc, text in iter_texts(register):
        if not _matches(_ANY_REPEALED, text):
            continue
        for law in _REPEALED:
            if _matches(law.pattern, text):
                yield Hit(
                    loc,
                    N_("The text refers to %(law)s, which is no longer in force"),
                    N_("Refer to %(replacement)s instead"),
                    {"law": Term(law.name), "replacement": Term(law.replacement)},
                    reference=law.reference,
                )
    for i, transfer in enumerate(register.transfer_list):
        for k, safeguard in enumerate(transfer.safeguards):
            if safeguard.lapsed:
                lapsed = _LAPSED[safeguard]
                yield Hit(
                    ("transfers", "destinations", i, "safeguards", k),
                    N_("A transfer rests on %(law)s, which is no longer a ground for transfers"),
                    N_("Rest the transfer on %(replacement)s, and say so in the notice"),
                    {"law": Term(lapsed.name), "replacement": Term(lapsed.replacement)},
                    reference=lapsed.reference,
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


@lint_rule(
    "L10",
    Severity.ERROR,
    N_("GDPR 44–46, 13(1)(f)"),
    N_("Processor outside the EEA without transfer safeguards"),
)
def _third_country_processor(register: Register) -> Iterator[Hit]:
    transfers = list(enumerate(register.transfer_list))
    for i, processor in enumerate(register.processor_list):
        country = processor.country
        own = [
            (k, t)
            for k, t in transfers
            if t.processor == processor.id
            or (t.processor is None and country is not None and t.country == country)
        ]
        if any(_covered(t.safeguards) for _, t in own):
            continue
        # Only a transfer named for the processor is its own: another one to the same
        # country may well be occasional.
        derogations = [
            k
            for k, t in own
            if t.processor == processor.id and Safeguard.DEROGATION in t.safeguards
        ]
        params = {"processor": processor.id, "country": country or ""}
        if derogations:
            # A processor works on the data every day: an Art. 49 derogation is for a transfer
            # that is occasional and not repetitive (EDPB Guidelines 2/2018).
            yield Hit(
                ("transfers", "destinations", derogations[0], "safeguards"),
                N_(
                    "Processor '%(processor)s' transfers data under an Art. 49 derogation, which "
                    "covers only occasional transfers, not a processor's regular work"
                ),
                N_(
                    "Rest the processor's transfer on an adequacy decision, the Data Privacy "
                    "Framework, standard contractual clauses or binding corporate rules"
                ),
                params,
                severity=Severity.WARNING,
                reference=N_("GDPR 49(1); EDPB Guidelines 2/2018"),
            )
        elif _outside_eea(country):
            yield Hit(
                ("processors", i, "country"),
                N_(
                    "Processor '%(processor)s' works worldwide, also outside the EEA, but no "
                    "transfer with an adequacy decision, the Data Privacy Framework, standard "
                    "contractual clauses or binding corporate rules is listed for it"
                )
                if country == "worldwide"
                else N_(
                    "Processor '%(processor)s' works in %(country)s, outside the EEA, but no "
                    "transfer with an adequacy decision, the Data Privacy Framework, standard "
                    "contractual clauses or binding corporate rules is listed for it"
                ),
                N_(
                    'Add [[transfers.destinations]] with processor = "%(processor)s" and its '
                    "safeguards"
                ),
                params,
            )


@lint_rule(
    "L11",
    Severity.WARNING,
    N_("GDPR 13(1)(e); WP260 rev.01"),
    N_("Processor not listed among recipients"),
)
def _processor_recipient(register: Register) -> Iterator[Hit]:
    for i, processor in enumerate(register.processor_list):
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
    marketing = register.marketing
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


def _indirect(kind: SourceKind | None) -> bool:
    """Whether Art. 14 may apply to data from a source of this kind. A source whose kind is not
    stated may be anyone, so it is asked about as one that is not the person."""
    return kind is not SourceKind.DATA_SUBJECT and kind is not SourceKind.CONTROLLER


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
        indirect = [s for s in category.sources if s in sources and _indirect(sources[s].kind)]
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
                N_('Add a description and, if it applies, kind = "public"'),
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
        if LegalBasis.CONSENT not in purpose_bases(register, purpose) or not purpose.online_service:
            continue
        consent = purpose.child_consent
        if consent is not None and consent.how_checked is not None:
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
                N_(
                    "Add [purposes.child_consent] with how_checked: how a parent or guardian "
                    "gives or authorises consent for under-13s"
                ),
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


@lint_rule("L16", Severity.WARNING, N_("GDPR 21(4)"), N_("Right to object not shown separately"))
def _objection(register: Register) -> Iterator[Hit]:
    if register.notice.layout is not Layout.REKISTERISELOSTE:
        return
    if does_direct_marketing(register) or register.legal_bases & OBJECTION_BASES:
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
        "retention": {r for c in categories for r in c.retention_ids},
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


@lint_rule(
    "L18",
    Severity.INFO,
    N_("GDPR 20(1)(a)"),
    N_("Portability offered without consent or contract"),
)
def _portability(register: Register) -> Iterator[Hit]:
    rights = register.rights
    if rights is None or register.legal_bases & PORTABILITY_BASES:
        return
    listed = [k for k, e in enumerate(rights.entries()) if e.right is Right.PORTABILITY]
    if listed and _bases_known(register):
        yield Hit(
            ("rights", "stated", listed[0]),
            N_(
                "The rights listed include data portability, but no purpose rests on consent or "
                "a contract, the only bases it applies to"
            ),
            N_('Remove "portability" from stated, or check the legal bases'),
        )
        return
    for loc, text in iter_texts(rights, ("rights",)):
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
    years, months, days, hours, _, _ = parse_period(period)
    return years * 12 + months + (days + hours / 24) / 30.4


@lint_rule(
    "L19",
    Severity.WARNING,
    N_("GDPR 5(1)(e)"),
    N_("Retention longer than the statutory period cited"),
)
def _longer_than_statute(register: Register) -> Iterator[Hit]:
    for i, rule in enumerate(register.retention):
        statute = next((s for s in _STATUTORY_PERIODS if _cites(s.law, rule)), None)
        if statute is None:
            continue
        for j, term in enumerate(rule.all_terms):
            if term.period is not None and _months(term.period) > statute.years * 12:
                yield Hit(
                    (*_terms_loc(rule, i, j), "period"),
                    N_(
                        "Retention rule '%(rule)s' keeps data for %(period)s, longer than the law "
                        "it cites requires: %(statutory)s"
                    ),
                    N_("Shorten the period, or explain in criteria why the data is kept longer"),
                    {
                        "rule": rule.id,
                        "period": Period(term.period),
                        "statutory": Term(statute.name),
                    },
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
    # "none" stated is still worth the question: a system's provider is a processor that a
    # small business easily forgets.
    if register.processor_list:
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
    if notice.updated is None and notice.effective is None and notice.drawn_up is None:
        yield Hit(
            ("notice",),
            N_("The notice shows no date, so a reader cannot tell which version they read"),
            N_("Add updated = YYYY-MM-DD (and version) to [notice]"),
        )


# A right stated that the facts show does not apply, and the article that limits it.
_INAPPLICABLE = {
    Right.OBJECTION: (
        N_(
            "The rights listed include the right to object, but no purpose rests on legitimate "
            "interests or a public task, and the register states no direct marketing"
        ),
        N_("GDPR 21(1), 21(2)"),
    ),
    Right.WITHDRAW_CONSENT: (
        N_(
            "The rights listed include withdrawing consent, but no processing rests on consent, "
            "so a reader may think that consent is the basis"
        ),
        N_("GDPR 7(3), 13(1)(c)"),
    ),
    Right.AUTOMATED_DECISIONS: (
        N_(
            "The rights listed include the right not to be subject to automated decision-making, "
            "but the register says that no such decisions are made"
        ),
        N_("GDPR 22(1)"),
    ),
}


@lint_rule("L22", Severity.INFO, N_("GDPR 12(1), 13(2)(b)"), N_("Right stated that does not apply"))
def _inapplicable_rights(register: Register) -> Iterator[Hit]:
    # Portability is L18's. Without a basis for every purpose the lint cannot tell what applies.
    rights = register.rights
    if rights is None or not isinstance(rights.stated, list) or not _bases_known(register):
        return
    applicable = applicable_rights(register)
    decisions = register.decisions
    for k, entry in enumerate(rights.entries()):
        right = entry.right
        if right not in _INAPPLICABLE or right in applicable:
            continue
        if right is Right.AUTOMATED_DECISIONS and (decisions is None or decisions.used is None):
            continue  # not stated whether decisions are made: it may apply
        message, reference = _INAPPLICABLE[right]
        yield Hit(
            ("rights", "stated", k),
            message,
            N_('Remove "%(code)s" from stated in [rights], or check the facts it depends on'),
            {"code": right.value},
            reference=reference,
        )


@lint_rule(
    "L23",
    Severity.WARNING,
    N_("GDPR 13(1)(e), 13(1)(f), 13(2)(f)"),
    N_("Information the law requires not stated"),
)
def _not_stated(register: Register) -> Iterator[Hit]:
    # A section left out says nothing: the notice shows nothing, so the reader cannot tell
    # "none" from "not told". Writing "none" is an answer.
    if register.recipients is None:
        shown = any(p.recipient for p in register.processor_list)
        yield Hit(
            ("recipients",),
            N_("The notice does not say to whom the data is disclosed"),
            N_('List the [[recipients]], or write recipients = "none" if no one receives the data'),
            # Processors shown among the recipients answer part of the question.
            severity=Severity.INFO if shown else None,
            reference=N_("GDPR 13(1)(e), 14(1)(e)"),
        )
    if register.transfers_state is State.NOT_STATED:
        yield Hit(
            ("transfers",),
            N_("The notice does not say whether data is transferred outside the EU/EEA"),
            N_('List the [[transfers.destinations]], or write transfers = "none"'),
            reference=N_("GDPR 13(1)(f), 14(1)(f)"),
        )
    decisions = register.decisions
    if decisions is None or decisions.used is None:
        yield Hit(
            ("automated_decisions",),
            N_("The notice does not say whether decisions are made by automated means alone"),
            N_('Write automated_decisions = "none", or describe them in [automated_decisions]'),
            severity=Severity.INFO,
            reference=N_("GDPR 13(2)(f), 14(2)(g)"),
        )


@lint_rule(
    "L24",
    Severity.INFO,
    N_("GDPR 13(1)(e), 15(1)(c); CJEU C-154/21"),
    N_("Processor not named or not located"),
)
def _processor_identity(register: Register) -> Iterator[Hit]:
    for i, processor in enumerate(register.processor_list):
        params = {"processor": processor.id}
        if processor.name is None:
            yield Hit(
                ("processors", i, "role"),
                N_("Processor '%(processor)s' is described only by what it does, not by name"),
                N_(
                    "Add name: a person asking for access is owed the recipients' identities, "
                    "not only their kind"
                ),
                params,
            )
        if processor.country is None or processor.country == "unspecified":
            yield Hit(
                ("processors", i, "country"),
                N_("The notice does not say where processor '%(processor)s' processes the data"),
                N_('Add country, e.g. "FI", so that a transfer outside the EU/EEA can be seen'),
                params,
                reference=N_("GDPR 13(1)(f), 28"),
            )


def _cookie_label(register: Register, cookie: Cookie) -> str:
    """How a finding names a cookie: its name, or what it is for when the notice names none."""
    return cookie.name or cookie.purpose.get(register.default_language)


@lint_rule(
    "L25",
    Severity.WARNING,
    N_("Information Society Code 917/2014, section 205"),
    N_("Non-essential cookie without consent"),
)
def _cookie_consent(register: Register) -> Iterator[Hit]:
    if LegalBasis.CONSENT in register.legal_bases:
        return
    for i, cookie in enumerate(register.cookie_list):
        params = {"cookie": _cookie_label(register, cookie)}
        if cookie.necessary is False:
            yield Hit(
                ("cookies", i, "necessary"),
                N_(
                    "Cookie '%(cookie)s' is not strictly necessary, so it may be stored only with "
                    "the visitor's consent, but no purpose rests on consent"
                ),
                N_('Add the purpose the cookie serves with legal_basis = "consent", or remove it'),
                params,
            )
        elif cookie.necessary is None:
            yield Hit(
                ("cookies", i),
                N_(
                    "The notice does not say whether cookie '%(cookie)s' is strictly necessary; "
                    "if it is not, it needs the visitor's consent, and no purpose rests on consent"
                ),
                N_("Add necessary = true or false to the cookie"),
                params,
                severity=Severity.INFO,
            )


@lint_rule(
    "L26",
    Severity.WARNING,
    N_("GDPR 44, 13(1)(f)"),
    N_("Cookie provider outside the EEA"),
)
def _cookie_provider_abroad(register: Register) -> Iterator[Hit]:
    for i, cookie in enumerate(register.cookie_list):
        country = cookie.country
        if country is None or not _outside_eea(country):
            continue
        if any(t.country == country and _covered(t.safeguards) for t in register.transfer_list):
            continue
        params = {"cookie": _cookie_label(register, cookie), "country": country}
        if cookie.provider is None:
            yield Hit(
                ("cookies", i, "country"),
                N_(
                    "Cookie '%(cookie)s' is set from outside the EU/EEA (%(country)s), but no "
                    "transfer there with a safeguard is listed"
                ),
                N_(
                    "Add [[transfers.destinations]] for the cookie's provider with its "
                    "safeguards, or use a provider inside the EU/EEA"
                ),
                params,
            )
            continue
        yield Hit(
            ("cookies", i, "country"),
            N_(
                "Cookie '%(cookie)s' is set by %(provider)s outside the EU/EEA (%(country)s), but "
                "no transfer there with a safeguard is listed"
            ),
            N_(
                "Add [[transfers.destinations]] for %(provider)s with its safeguards, or use a "
                "provider inside the EU/EEA"
            ),
            {**params, "provider": cookie.provider},
        )


@lint_rule("L27", Severity.WARNING, N_("GDPR 7(4)"), N_("Consent made a condition of the service"))
def _conditional_consent(register: Register) -> Iterator[Hit]:
    for i, purpose in enumerate(register.purposes):
        if purpose.consent_required_for_service:
            yield Hit(
                ("purposes", i, "consent_required_for_service"),
                N_(
                    "Purpose '%(purpose)s' makes consent a condition of the service, so the "
                    "consent is unlikely to be freely given"
                ),
                N_(
                    "Rest what the service needs on the contract, and ask consent only for what "
                    "the service can do without"
                ),
                {"purpose": purpose.id},
            )
