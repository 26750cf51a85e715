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
from rekisteri.lint.context import named_service
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
    Processor,
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
    Transfer,
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


@lint_rule(
    "L01",
    Severity.ERROR,
    N_("GDPR 13(1)(a), 14(1)(a)"),
    N_("Controller contact missing"),
    example=(
        "[controller]\n"
        'name = "Tmi Example"\n'
        'address = { street = "Siltakatu 12", postal_code = "05900", city = "Hyvinkää" }\n'
        'email = "info@example.fi"'
    ),
)
def _controller_contact(register: Register) -> Iterator[Hit]:
    controller = register.controller
    params = {"name": controller.name}
    # A contact person's email or phone reaches the controller just as well: heading 2 of the
    # old rekisteriseloste was exactly that.
    contact = register.contact
    reachable = bool(controller.email or controller.phone) or any(
        channel.email or channel.phone for channel in controller.more_contacts
    )
    if contact is not None:
        reachable = reachable or bool(contact.email or contact.phone)
    if controller.address is None and controller.visiting_address is None:
        # Art. 13(1)(a) asks for "contact details", which an email or phone already is; the
        # transparency guidelines advise offering several channels, a postal address among them.
        yield Hit(
            ("controller", "address"),
            N_("The controller '%(name)s' has no postal address"),
            N_('Add address = { street = "…", postal_code = "…", city = "…" } to [controller]'),
            params,
            severity=Severity.WARNING if reachable else None,
            reference=N_("GDPR 13(1)(a); WP260 rev.01") if reachable else None,
        )
    if not reachable:
        yield Hit(
            ("controller",),
            N_("Neither the controller '%(name)s' nor a contact person has an email or phone"),
            N_("Add email or phone to [controller] or to [contact]"),
            params,
        )


_BOUND_BASES = {LegalBasis.CONTRACT, LegalBasis.LEGAL_OBLIGATION}
_OBLIGATORY = {Requirement.STATUTORY, Requirement.CONTRACTUAL, Requirement.CONTRACT_PREREQUISITE}


def _from_others_only(register: Register, purpose: Purpose) -> bool:
    """Whether every data category of ``purpose`` is known to come from someone other than the
    person: then Art. 13(2)(e) has nothing to ask (Art. 14 has no such item). A category without
    sources, or a source whose kind is not stated, may be the person."""
    kinds = {s.id: s.kind for s in register.sources}
    categories = _purpose_categories(register, purpose.id)
    return bool(categories) and all(
        category.sources
        and all(kinds.get(s) not in (None, SourceKind.DATA_SUBJECT) for s in category.sources)
        for category in categories
    )


_REQUIREMENT_HINT = N_(
    "Add requirement (statutory, contractual, contract_prerequisite or voluntary) and consequences"
)


@lint_rule(
    "L02",
    Severity.ERROR,
    N_("GDPR 6(1), 13(1)(c)"),
    N_("Purpose without a legal basis"),
    example=(
        "[[purposes]]\n"
        'id = "client-care"\n'
        'name = "Providing the services"\n'
        'legal_basis = "contract"\n'
        'requirement = "contract_prerequisite"\n'
        'consequences = "Without your contact details we cannot book an appointment."'
    ),
    example_i=(
        "[[purposes]]\n"
        'id = "client-care"\n'
        'name = "Providing the services"\n'
        'legal_basis = "contract"\n'
        'requirement = "contract_prerequisite"\n'
        'consequences = "Without your contact details I cannot book an appointment."'
    ),
)
def _legal_basis(register: Register) -> Iterator[Hit]:
    # Purposes bound to a contract or a law only by a basis stated for the whole register: the
    # notice states the basis apart from its purposes, so it is asked about once, for them all.
    only_register_wide: list[str] = []
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
        stated = purpose.requirement is not None or purpose.consequences is not None
        own = bool(set(purpose.legal_bases) & _BOUND_BASES) or purpose.requirement in _OBLIGATORY
        needs = own or bool(bases & _BOUND_BASES)
        if not needs or (purpose.requirement is not None and purpose.consequences is not None):
            continue
        if _from_others_only(register, purpose):
            continue
        if not own and not stated:
            only_register_wide.append(purpose.id)
            continue
        missing = "requirement" if purpose.requirement is None else "consequences"
        yield Hit(
            ("purposes", i, missing),
            N_(
                "Purpose '%(purpose)s' rests on a contract or a law but does not say whether "
                "the data must be given and what follows if it is not"
            ),
            _REQUIREMENT_HINT,
            params,
            severity=Severity.WARNING,
            reference=N_("GDPR 13(2)(e)"),
        )
    if only_register_wide:
        yield Hit(
            ("purposes",),
            N_(
                "The register rests on a contract or a law but does not say whether the data "
                "must be given and what follows if it is not (purposes %(purposes)s)"
            ),
            _REQUIREMENT_HINT,
            {"purposes": ", ".join(only_register_wide)},
            severity=Severity.WARNING,
            reference=N_("GDPR 13(2)(e)"),
        )


@lint_rule(
    "L03",
    Severity.ERROR,
    N_("GDPR 6(1)(f), 13(1)(d)"),
    N_("Legitimate interest not described"),
    example=(
        "[[purposes]]\n"
        'id = "surveys"\n'
        'name = "Client surveys"\n'
        'legal_basis = "legitimate_interests"\n'
        'legitimate_interest = "Improving the service through clients\' feedback."'
    ),
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
    example=(
        "[[data_categories]]\n"
        'id = "allergies"\n'
        'name = "Allergies"\n'
        'special = { category = "health", condition = "explicit_consent" }'
    ),
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
        params = {"category": category.id, "point": ""}
        if special.condition is None:
            yield Hit(
                ("data_categories", i, "special"),
                N_("Data category '%(category)s' holds special-category data without a condition"),
                N_('Add condition to special, e.g. "explicit_consent" or "health_or_social_care"'),
                params,
            )
            continue
        params["point"] = special.condition.point
        if special.condition in _NEEDS_NATIONAL_GROUND and special.national_ground is None:
            yield Hit(
                ("data_categories", i, "special", "condition"),
                N_(
                    "Data category '%(category)s' relies on Art. 9(2)(%(point)s), which needs a "
                    "national law, but names none"
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
    "L05",
    Severity.ERROR,
    N_("GDPR 7(3), 13(2)(c)"),
    N_("Consent without a withdrawal route"),
    example=(
        "[rights]\n"
        'stated = ["access", { right = "withdraw_consent", how = "Reply STOP to any message, '
        'or email info@example.fi." }]'
    ),
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
_ACCOUNTING_ACT = re.compile(
    r"(?<!\d)1336/1997(?!\d)|kirjanpitola[ki]|accounting act|bokföringslag", re.IGNORECASE
)


@dataclass(frozen=True)
class _StatutoryPeriod:
    law: re.Pattern[str]
    years: int
    name: str
    minimum: bool
    """Whether the law sets the least time to keep the data, so that a shorter rule breaks it."""
    alternative: int | None = None
    """Years of a second statutory period the law sets beside the first."""


# The periods small businesses most often cite, the first match winning. The Accounting Act keeps
# the books and financial statements 10 years (chapter 2, section 10(1)) but vouchers such as
# customer invoices 6 years (10(2)); client data is voucher material unless the rule says books.
# Act 703/2023 sets many periods (social-welfare documents 2 years from death, say), so only a
# health-care provider's health data is compared with its 12 years, in L06.
_STATUTORY_PERIODS = (
    _StatutoryPeriod(
        re.compile(r"tilinpäätö|kirjanpitokirj|financial statement|\bbooks\b|bokslut", re.I),
        10,
        N_("10 years for the books and financial statements (Accounting Act 1336/1997)"),
        minimum=True,
    ),
    _StatutoryPeriod(
        _ACCOUNTING_ACT,
        6,
        N_("6 years for vouchers such as invoices (Accounting Act 1336/1997)"),
        minimum=True,
    ),
    _StatutoryPeriod(
        re.compile(r"(?<!\d)444/2017(?!\d)|rahanpesu|money laundering|penningtvätt", re.I),
        5,
        N_("5 years after the customer relationship (Anti-Money Laundering Act 444/2017)"),
        minimum=False,
    ),
    _StatutoryPeriod(
        _PATIENT_RECORD_LAW,
        12,
        N_("12 years from the patient's death (Act 703/2023)"),
        minimum=False,
        alternative=120,  # from the patient's birth, when the date of death is not known
    ),
)


def _statute_of(rule: RetentionRule) -> _StatutoryPeriod | None:
    return next((s for s in _STATUTORY_PERIODS if _cites(s.law, rule)), None)


def _months(period: str) -> float:
    years, months, days, hours, _, _ = parse_period(period)
    return years * 12 + months + (days + hours / 24) / 30.4


# Hedges that stand in for a fact where Art. 13(2)(a) asks for the period or the criteria that
# set it: whole words or phrases, in any case, in the notice's languages (fi, sv, en). "As long as
# necessary" restates the principle of Art. 5(1)(e) instead of saying how long; "kunnes jäsenyys
# päättyy" or "while the account is open" are criteria and stay quiet.
_VAGUE_RETENTION = re.compile(
    r"\b(?:"
    r"muun muassa|mahdollisesti|pääsääntöisesti|tarvittaessa|toistaiseksi|esimerkiksi|"
    r"rajoitetun ajan|"
    r"(?:niin kauan|sen ajan|pidempään)\s*,?\s+kuin(?:\s+[^\s.,;:]+){0,3}?\s+"
    r"(?:tarpeen|tarpeellis\w*|asianmukais\w*|välttämätön\w*|perustel\w*)|"
    r"bland annat|eventuellt|i regel|vid behov|tills vidare|till exempel|begränsad tid|"
    r"så länge(?:\s+[^\s.,;:]+){0,3}?\s+(?:nödvändigt|behövs|erforderligt)|"
    r"for example|possibly|as a rule|where necessary|if necessary|until further notice|"
    r"a limited (?:time|period)|"
    r"(?:as long as|longer than)(?:\s+[^\s.,;:]+){0,3}?\s+"
    r"(?:necessary|needed|required|appropriate)"
    r")\b",
    re.IGNORECASE,
)


def _vague_words(text: Text | None) -> str:
    """The hedges in every language version of ``text``, each once, in the order found."""
    found: dict[str, None] = {}
    for value in _variants(text):
        for match in _VAGUE_RETENTION.finditer(value):
            found.setdefault(" ".join(match.group().split()), None)
    return ", ".join(f"'{word}'" for word in found)


def _retention_texts(register: Register) -> Iterator[tuple[Loc, str, Text]]:
    """Every text that says how long data is kept, with its key and the rule it belongs to."""
    for i, rule in enumerate(register.retention):
        for j, term in enumerate(rule.all_terms):
            for key in ("criteria", "counted_from"):
                text = getattr(term, key)
                if text is not None:
                    yield (*_terms_loc(rule, i, j), key), rule.id, text
    notes = register.notes
    if notes is not None and notes.retention is not None:
        yield ("notes", "retention"), "", notes.retention


def _bookkeeping(register: Register, purpose: Purpose) -> bool:
    """Whether ``purpose`` is plainly the bookkeeping the Accounting Act requires: a legal
    obligation whose details name the act."""
    uses = [*purpose.all_bases, *(u for u in register.bases if purpose.id in u.purposes)]
    return any(
        use.basis is LegalBasis.LEGAL_OBLIGATION and _matches(_ACCOUNTING_ACT, use.details)
        for use in uses
    )


@lint_rule(
    "L06",
    Severity.ERROR,
    N_("GDPR 13(2)(a), 5(1)(e)"),
    N_("Retention missing, vague or not the statutory one"),
    example=(
        "[[retention]]\n"
        'id = "client-relationship"\n'
        'period = "P2Y"\n'
        'counted_from = "the end of the client relationship"'
    ),
)
def _retention(register: Register) -> Iterator[Hit]:
    if not register.retention:
        # One finding for the notice, not one per data category: none of them has a period.
        yield Hit(
            ("retention",),
            N_("The notice does not say how long any of the data is kept"),
            N_(
                'Add [[retention]] rules with a period or criteria, and retention = "…" in each '
                "data category"
            ),
        )
    else:
        for i, category in enumerate(register.data_categories):
            if not category.retention_ids:
                yield Hit(
                    ("data_categories", i, "retention"),
                    N_("Data category '%(category)s' has no retention period"),
                    N_('Add retention = "…" naming a [[retention]] rule with a period or criteria'),
                    {"category": category.id},
                )
    # A rule that gives no period, end date or criteria does not load (register.checks).
    for i, rule in enumerate(register.retention):
        yield from _shorter_than_statute(rule, i)
    yield from _vague_retention(register)
    yield from _bookkeeping_without_law(register)
    if register.controller.health_care_provider:
        yield from _patient_record_retention(register)


def _vague_retention(register: Register) -> Iterator[Hit]:
    for loc, rule_id, text in _retention_texts(register):
        words = _vague_words(text)
        if not words:
            continue
        hint = N_(
            "Say how long: a period and what it counts from, or a criterion that ends it (the "
            "end of the membership, the withdrawal of consent)"
        )
        if rule_id:
            yield Hit(
                loc,
                N_(
                    "Retention rule '%(rule)s' says %(words)s where the notice must say how long "
                    "the data is kept"
                ),
                hint,
                {"rule": rule_id, "words": words},
                severity=Severity.WARNING,
            )
        else:
            yield Hit(
                loc,
                N_(
                    "The retention text says %(words)s where the notice must say how long the "
                    "data is kept"
                ),
                hint,
                {"words": words},
                severity=Severity.WARNING,
            )


def _shorter_than_statute(rule: RetentionRule, i: int) -> Iterator[Hit]:
    statute = _statute_of(rule)
    if statute is None or not statute.minimum:
        return
    for j, term in enumerate(rule.all_terms):
        if term.period is not None and _months(term.period) < statute.years * 12:
            yield Hit(
                (*_terms_loc(rule, i, j), "period"),
                N_(
                    "Retention rule '%(rule)s' keeps data for %(period)s, less than the law it "
                    "cites requires: %(statutory)s"
                ),
                N_("Keep the data for the statutory period, or cite the law that applies"),
                {"rule": rule.id, "period": Period(term.period), "statutory": Term(statute.name)},
                reference=N_(
                    "GDPR 5(1)(e), 6(1)(c); Accounting Act 1336/1997, chapter 2, section 10"
                ),
            )


def _bookkeeping_without_law(register: Register) -> Iterator[Hit]:
    rules = {rule.id: rule for rule in register.retention}
    purposes = {p.id: p for p in register.purposes}
    for i, category in enumerate(register.data_categories):
        own = [rules[r] for r in category.retention_ids if r in rules]
        serves = [purposes[p] for p in category.purposes if p in purposes]
        if not own or not serves or any(_states_a_law(rule) for rule in own):
            continue
        if all(_bookkeeping(register, purpose) for purpose in serves):
            yield Hit(
                ("data_categories", i, "retention"),
                N_(
                    "Data category '%(category)s' is kept for bookkeeping under the Accounting "
                    "Act, but its retention rule '%(rule)s' cites no law"
                ),
                N_(
                    'Add statute = { act = "1336/1997", section = "2 luku 10 §" } to the rule, '
                    "with the period the act sets"
                ),
                {"category": category.id, "rule": ", ".join(rule.id for rule in own)},
                severity=Severity.WARNING,
                reference=N_("GDPR 13(2)(a); Accounting Act 1336/1997, chapter 2, section 10"),
            )


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


# The Ombudsman's former addresses: Albertinkatu 25 (PL 315, 00181), then Ratapihantie 9 with
# PL 800, 00521; today Lintulahdenkuja 4 and PL 800, 00531 (tietosuoja.fi/yhteystiedot).
_OLD_OMBUDSMAN = re.compile(
    r"(?:PL|PB|P\.?\s?O\.?\s*Box)\s*315|00181|Albertinkatu\s*25|Ratapihantie\s*9|"
    r"(?:PL|PB|P\.?\s?O\.?\s*Box)\s*800\s*,?\s*00521",
    re.IGNORECASE,
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
    example='[rights]\nstated = "derive"\ncomplaint = "fi-ombudsman"',
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
class _Stale:
    """A law, decision or authority a notice may still name, and what replaced it (msgids)."""

    pattern: re.Pattern[str]
    name: str
    replacement: str
    reference: str
    needles: tuple[str, ...]
    """Lower-case fragments one of which every match contains: a text without any of them is
    not searched (L08 reads every text of the register, and most name no law at all)."""
    acts: tuple[str, ...] = ()
    """Its Finlex numbers, for a retention rule's structured statute."""
    authority: bool = False
    """An authority that no longer exists, rather than a law no longer in force."""

    def named_in(self, values: list[tuple[str, str]]) -> bool:
        """Whether one of a text's language versions, each with its lower case, names it."""
        return any(
            any(needle in low for needle in self.needles) and self.pattern.search(value)
            for value, low in values
        )


def _stale(
    pattern: str,
    name: str,
    replacement: str,
    reference: str,
    needles: tuple[str, ...],
    acts: tuple[str, ...] = (),
    *,
    authority: bool = False,
) -> _Stale:
    compiled = re.compile(pattern, re.IGNORECASE)
    return _Stale(compiled, name, replacement, reference, needles, acts, authority)


_PRIVACY_SHIELD = _stale(
    r"privacy[- ]shield",
    N_("the EU–US Privacy Shield, invalidated by the Court of Justice in C-311/18"),
    N_("the EU–US Data Privacy Framework or standard contractual clauses"),
    N_("CJEU C-311/18 (Schrems II)"),
    ("shield",),
)
# The clauses of decisions 2001/497/EC, 2004/915/EC and 2010/87/EU; contracts made under them
# were covered until 27.12.2022.
_OLD_CLAUSES = _stale(
    r"(?<!\d)(?:2001/497|2004/915|2010/87)(?!\d)",
    N_("the standard contractual clauses of 2001, 2004 or 2010, repealed by Decision 2021/914"),
    N_("the standard contractual clauses of Commission Decision (EU) 2021/914"),
    N_("Commission Implementing Decision (EU) 2021/914, Article 4"),
    ("2001/497", "2004/915", "2010/87"),
)
# Valvira and the six regional state administrative agencies ended on 31.12.2025; their
# supervision of health and social care is the Finnish Supervisory Agency's since 1.1.2026.
_REFORM_2026 = N_("Regional state administration reform, in force 1.1.2026 (HaVM 15/2025 vp)")
_SUPERVISORY_AGENCY = N_(
    "the Finnish Supervisory Agency (Lupa- ja valvontavirasto), which took over its tasks on "
    "1.1.2026"
)
_STALE = (
    _stale(
        r"henkilötietola[ki]|personuppgiftslag|personal data act|(?<!\d)523/(?:19)?99(?!\d)",
        N_("the Personal Data Act 523/1999 (henkilötietolaki)"),
        N_("the GDPR and the Data Protection Act 1050/2018"),
        N_("Data Protection Act 1050/2018, section 38"),
        ("henkilötietola", "personuppgiftslag", "personal data act", "523/"),
        ("523/1999",),
    ),
    _stale(
        r"(?<!\d)516/2004(?!\d)|sähköisen viestinnän tietosuojala[ki]",
        N_("the Act on Data Protection in Electronic Communications 516/2004"),
        N_("the Information Society Code 917/2014"),
        N_("Information Society Code 917/2014"),
        ("516/2004", "sähköisen viestinnän tietosuojala"),
        ("516/2004",),
    ),
    # Both acts bore the same name; 784/2021 replaced 159/2007 and was itself repealed by
    # 703/2023, whose name drops "electronic".
    _stale(
        r"(?<!\d)(?:159/2007|784/2021)(?!\d)|asiakastietojen sähköisestä käsittelystä|"
        r"electronic processing of client data|elektronisk behandling av kunduppgifter",
        N_(
            "the Act on the Electronic Processing of Client Data in Social and Health Care "
            "(159/2007, later 784/2021)"
        ),
        N_("the Act on the Processing of Client Data in Healthcare and Social Welfare 703/2023"),
        N_("Act 703/2023"),
        (
            "159/2007",
            "784/2021",
            "asiakastietojen sähköisestä",
            "electronic processing of client",
            "elektronisk behandling av kund",
        ),
        ("159/2007", "784/2021"),
    ),
    _stale(
        r"(?<!\d)298/2009(?!\d)",
        N_("the Decree of the Ministry of Social Affairs and Health on patient documents 298/2009"),
        N_("the Decree of the Ministry of Social Affairs and Health on patient records 94/2022"),
        N_("Decree of the Ministry of Social Affairs and Health 94/2022"),
        ("298/2009",),
        ("298/2009",),
    ),
    _stale(
        r"tietosuojalautakun|data protection board|datasekretessnämnd",
        N_("the Data Protection Board (tietosuojalautakunta), abolished in 2019"),
        N_("the Data Protection Ombudsman"),
        N_("Data Protection Act 1050/2018"),
        ("tietosuojalautakun", "data protection board", "datasekretessnämnd"),
    ),
    _PRIVACY_SHIELD,
    _OLD_CLAUSES,
    _stale(
        r"safe[- ]harbou?r",
        N_("the Safe Harbour arrangement, invalidated by the Court of Justice in C-362/14"),
        N_("the EU–US Data Privacy Framework or standard contractual clauses"),
        N_("CJEU C-362/14 (Schrems I)"),
        ("harbo",),
    ),
    _stale(
        r"\bvalvir\w*|sosiaali- ja terveysalan lupa- ja valvontavira\w*|"
        r"national supervisory authority for welfare and health|"
        r"tillstånds- och tillsynsverket för social- och hälsovården",
        N_(
            "Valvira, the National Supervisory Authority for Welfare and Health, which ended "
            "on 31.12.2025"
        ),
        _SUPERVISORY_AGENCY,
        _REFORM_2026,
        ("valvir", "valvontavira", "welfare and health", "för social- och hälsovården"),
        authority=True,
    ),
    _stale(
        r"aluehallintovira\w*|(?-i:\bAVI\b)|regionförvaltningsverk\w*|"
        r"regional state administrative agenc\w*",
        N_("the regional state administrative agencies (AVI), which ended on 31.12.2025"),
        N_(
            "the Finnish Supervisory Agency (Lupa- ja valvontavirasto), which took over most of "
            "their tasks on 1.1.2026"
        ),
        _REFORM_2026,
        ("aluehallintovira", "avi", "regionförvaltningsverk", "regional state administrative"),
        authority=True,
    ),
)

_STALE_ACTS = {act: law for law in _STALE for act in law.acts}


def _stale_hit(loc: Loc, law: _Stale) -> Hit:
    params = {"law": Term(law.name), "replacement": Term(law.replacement)}
    if law.authority:
        return Hit(
            loc,
            N_("The text names %(law)s"),
            N_("Instead, name %(replacement)s"),
            params,
            reference=law.reference,
        )
    return Hit(
        loc,
        N_("The text refers to %(law)s, which is no longer in force"),
        N_("Refer to %(replacement)s instead"),
        params,
        reference=law.reference,
    )


@lint_rule(
    "L08",
    Severity.ERROR,
    N_("Data Protection Act 1050/2018, section 38"),
    N_("Reference to a repealed law or a former authority"),
    example='[notice]\nlegal_reference = "GDPR (EU) 2016/679 and Data Protection Act 1050/2018"',
)
def _repealed_law(register: Register) -> Iterator[Hit]:
    for loc, text in iter_texts(register):
        values = [(value, value.lower()) for value in _variants(text)]
        for law in _STALE:
            if law.named_in(values):
                yield _stale_hit(loc, law)
    for i, rule in enumerate(register.retention):
        at: Loc = ("retention", i, "statute")
        for k, statute in enumerate(rule.statutes):
            if statute.act in _STALE_ACTS:
                where = (*at, k) if isinstance(rule.statute, list) else at
                yield _stale_hit(where, _STALE_ACTS[statute.act])


# The safeguards an old notice may name that no longer hold, as the law that ended them.
_LAPSED = {
    Safeguard.PRIVACY_SHIELD: _PRIVACY_SHIELD,
    Safeguard.STANDARD_CONTRACTUAL_CLAUSES_2010: _OLD_CLAUSES,
}
_TRANSFER_EXAMPLE = (
    "[[transfers.destinations]]\n"
    'country = "US"\n'
    'recipient = "Mailer Inc"\n'
    'processor = "mailer"\n'
    'safeguards = ["data_privacy_framework", "standard_contractual_clauses"]'
)


def _processor_of(register: Register, transfer: Transfer) -> Processor | None:
    """The processor a transfer is for: named by id, or by the same name as its recipient."""
    for processor in register.processor_list:
        if transfer.processor == processor.id or (
            transfer.processor is None
            and transfer.recipient is not None
            and transfer.recipient == processor.name
        ):
            return processor
    return None


@lint_rule(
    "L09",
    Severity.ERROR,
    N_("Data Protection Act 1050/2018, section 29"),
    N_("Personal identity code without a section 29 ground"),
    example=(
        "[[data_categories]]\n"
        'id = "identity"\n'
        'name = "Name and personal identity code"\n'
        "hetu = true\n"
        'hetu_ground = "health_and_social_care"'
    ),
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
    example=_TRANSFER_EXAMPLE,
)
def _third_country_processor(register: Register) -> Iterator[Hit]:
    for i, processor in enumerate(register.processor_list):
        country = processor.country
        named, unnamed = [], []
        for transfer in register.transfer_list:
            owner = _processor_of(register, transfer)
            if owner is not None and owner.id == processor.id:
                named.append(transfer)
            elif owner is None and country is not None and transfer.country == country:
                unnamed.append(transfer)
        if any(_covered(t.safeguards) for t in (*named, *unnamed)):
            continue
        # A transfer named for the processor on a derogation is L29's, on a lapsed mechanism
        # L28's: they say what is wrong with the ground the notice gives.
        if any(
            Safeguard.DEROGATION in t.safeguards or any(s.lapsed for s in t.safeguards)
            for t in named
        ):
            continue
        params = {"processor": processor.id, "country": country or ""}
        hint = N_(
            'Add [[transfers.destinations]] with processor = "%(processor)s" and its safeguards'
        )
        if _outside_eea(country):
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
                hint,
                params,
            )
        elif country == "unspecified" and register.transfers_state is not State.NONE:
            # The notice says it does not know where: that may be outside the EEA, and it does
            # not say that nothing leaves it.
            yield Hit(
                ("processors", i, "country"),
                N_(
                    "The notice does not say where processor '%(processor)s' works nor that no "
                    "data leaves the EU/EEA, and lists no transfer ground for it"
                ),
                N_(
                    "Give the processor's country, or add [[transfers.destinations]] with "
                    'processor = "%(processor)s" and its safeguards'
                ),
                params,
                severity=Severity.WARNING,
            )


@lint_rule(
    "L11",
    Severity.WARNING,
    N_("GDPR 13(1)(e); WP260 rev.01"),
    N_("Processor not listed among recipients"),
    example=(
        "[[processors]]\n"
        'id = "booking-system"\n'
        'name = "Booking Ltd"\n'
        'role = "Booking system"\n'
        'country = "FI"'
    ),
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
    example=(
        "[direct_marketing]\n"
        'channels = ["email"]\n'
        'consent_model = "prior_consent"\n'
        'opt_out = "Reply STOP or use the link in every message."'
    ),
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


@lint_rule(
    "L13",
    Severity.WARNING,
    N_("GDPR 14(1)(d), 14(2)(f)"),
    N_("Data from others without its source or its data"),
    example=(
        "[[sources]]\n"
        'id = "relative"\n'
        'kind = "third-party"\n'
        'name = "The client\'s relative"\n'
        'description = "A relative may give their own contact details."'
    ),
)
def _indirect_collection(register: Register) -> Iterator[Hit]:
    # Art. 14 asks for the source of data not obtained from the person and whether it is public;
    # the person themselves and what the controller records itself need neither. A category's
    # name already is the category of personal data Art. 14(1)(d) asks for.
    used = {s for category in register.data_categories for s in category.sources}
    for i, source in enumerate(register.sources):
        params = {"source": source.id}
        if source.indirect and source.id not in used:
            yield Hit(
                ("sources", i, "id"),
                N_(
                    "Data comes from source '%(source)s', someone other than the person, but no "
                    "data category says which data"
                ),
                N_('Add "%(source)s" to the sources of the data categories that come from it'),
                params,
                reference=N_("GDPR 14(1)(d)"),
            )
        elif source.kind is None and source.id in used:
            yield Hit(
                ("sources", i, "kind"),
                N_(
                    "The notice does not say whether source '%(source)s' is the person, the "
                    "controller, another party or a public source"
                ),
                N_('Add kind = "data-subject", "controller", "third-party" or "public"'),
                params,
                # A description may say it in words; without one the reader cannot tell.
                severity=Severity.INFO if source.description is not None else None,
                reference=N_("GDPR 14(2)(f)"),
            )
    for i, category in enumerate(register.data_categories):
        # Data about someone else (next of kin) never comes from that person.
        if category.third_party and not category.sources:
            yield Hit(
                ("data_categories", i, "sources"),
                N_(
                    "Data category '%(category)s' is about someone other than the person the "
                    "register is about, but the notice does not say where it comes from"
                ),
                N_('Add sources = ["…"] naming the [[sources]] the data comes from'),
                {"category": category.id},
                reference=N_("GDPR 14(2)(f)"),
            )


@lint_rule(
    "L14",
    Severity.WARNING,
    N_("GDPR 8(1); Data Protection Act 1050/2018, section 5"),
    N_("Children's consent to an online service"),
    example=(
        "[purposes.child_consent]\n"
        "from_age = 13\n"
        "guardian_below = true\n"
        'how_checked = "A guardian confirms the consent by email."'
    ),
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


@lint_rule(
    "L15",
    Severity.INFO,
    N_("GDPR 30(1), 30(5)"),
    N_("Art. 30 record needed"),
    example=(
        "[security]\n"
        'access_control = "Only I can open the client system, with a personal password and '
        'two-factor authentication."'
    ),
)
def _record_needed(register: Register) -> Iterator[Hit]:
    # With special-category or criminal data the Art. 30(5) exemption never applies. rekisteri
    # writes the record from this same file, so the lint speaks up only when
    # the file lacks what the record needs beyond the notice: the security measures, item (g).
    security = register.security
    if security is not None and any(value is not None for _, value in security):
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


@lint_rule(
    "L16",
    Severity.WARNING,
    N_("GDPR 21(4)"),
    N_("Right to object not shown separately"),
    example='[notice]\nlayout = "tietosuojaseloste"',
)
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
# When no data category refers to any item of a list, the notice lists both without linking
# them (as many old notices do): one finding says so, instead of one for every item.
_UNLINKED_MESSAGES = {
    "purposes": N_("The notice does not say which data is used for which purpose"),
    "sources": N_("The notice does not say which data comes from which source"),
    "data_subjects": N_("The notice does not say whose data each data category holds"),
    "retention": N_("The notice does not say which retention rule applies to which data"),
}
_CATEGORY_KEYS = {
    "purposes": "purposes",
    "sources": "sources",
    "data_subjects": "subjects",
    "retention": "retention",
}


@lint_rule(
    "L17",
    Severity.WARNING,
    N_("GDPR 5(1)(a), 12(1)"),
    N_("Declared item that nothing uses"),
    example=(
        "[[data_categories]]\n"
        'id = "contact-details"\n'
        'name = "Contact details"\n'
        'subjects = ["clients"]\n'
        'purposes = ["client-care"]\n'
        'sources = ["client"]\n'
        'retention = "client-relationship"'
    ),
)
def _unused(register: Register) -> Iterator[Hit]:
    categories = register.data_categories
    used = {
        "purposes": {p for c in categories for p in c.purposes},
        "sources": {s for c in categories for s in c.sources},
        "data_subjects": {s for c in categories for s in c.subjects},
        "retention": {r for c in categories for r in c.retention_ids},
    }
    linked = {
        "purposes": all(c.purposes for c in categories),
        "sources": all(c.sources for c in categories),
        "data_subjects": all(c.subjects for c in categories),
        "retention": all(c.retention_ids for c in categories),
    }
    for list_name, ids in used.items():
        items = getattr(register, list_name)
        if not linked[list_name]:
            # A category that names none may be the one that uses the item: only when every
            # category names its items is an item that none names known to be unused.
            if items and not ids:
                yield Hit(
                    ("data_categories", 0, _CATEGORY_KEYS[list_name]),
                    _UNLINKED_MESSAGES[list_name],
                    N_('Add %(key)s = ["…"] to each data category, naming the ids it refers to'),
                    {"key": _CATEGORY_KEYS[list_name]},
                    severity=Severity.INFO,
                )
            continue
        for i, item in enumerate(items):
            # A source of others' data that no category names is L13's (Art. 14(1)(d)).
            if item.id in ids or (list_name == "sources" and item.indirect):
                continue
            yield Hit(
                (list_name, i, "id"),
                _UNUSED_MESSAGES[list_name],
                N_("Refer to it from a data category, or remove it"),
                {"id": item.id},
            )
    if not used["purposes"]:
        return
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
    example='[rights]\nstated = "derive"',
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


@lint_rule(
    "L19",
    Severity.WARNING,
    N_("GDPR 5(1)(e)"),
    N_("Retention longer than the statutory period cited"),
    example=(
        "[[retention]]\n"
        'id = "bookkeeping"\n'
        'period = "P6Y"\n'
        'counted_from = "the end of the financial period"\n'
        'statute = { act = "1336/1997", section = "2 luku 10 §" }'
    ),
)
def _longer_than_statute(register: Register) -> Iterator[Hit]:
    for i, rule in enumerate(register.retention):
        statute = _statute_of(rule)
        if statute is None:
            continue
        for j, term in enumerate(rule.all_terms):
            if term.period is None or _months(term.period) <= statute.years * 12:
                continue
            if statute.alternative and _months(term.period) == statute.alternative * 12:
                continue
            yield Hit(
                (*_terms_loc(rule, i, j), "period"),
                N_(
                    "Retention rule '%(rule)s' keeps data for %(period)s, longer than the law "
                    "it cites requires: %(statutory)s"
                ),
                N_("Shorten the period, or explain in criteria why the data is kept longer"),
                {"rule": rule.id, "period": Period(term.period), "statutory": Term(statute.name)},
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
    example=(
        "[[processors]]\n"
        'id = "booking-system"\n'
        'name = "Booking Ltd"\n'
        'role = "Booking and client information system"\n'
        'country = "FI"'
    ),
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
            # A service L50 names is L50's to report, with the severity of the data it holds.
            if _matches(_SYSTEM, text) and named_service(text) is None:
                yield Hit(
                    loc,
                    N_(
                        "The data is kept in a booking or customer information system, but no "
                        "processor is listed; the system's provider usually is one"
                    ),
                    N_("Add [[processors]] for the system's provider, with its country"),
                )
                return


@lint_rule(
    "L21",
    Severity.INFO,
    N_("GDPR 12(1); WP260 rev.01"),
    N_("Notice without a date"),
    example='[notice]\nversion = "2024-1"\nupdated = 2024-01-15',
)
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


@lint_rule(
    "L22",
    Severity.INFO,
    N_("GDPR 12(1), 13(2)(b)"),
    N_("Right stated that does not apply"),
    example='[rights]\nstated = "derive"',
)
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
    example='recipients = "none"\ntransfers = "none"\nautomated_decisions = "none"',
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
            example='recipients = "none"',
        )
    if register.transfers_state is State.NOT_STATED:
        yield Hit(
            ("transfers",),
            N_("The notice does not say whether data is transferred outside the EU/EEA"),
            N_('List the [[transfers.destinations]], or write transfers = "none"'),
            reference=N_("GDPR 13(1)(f), 14(1)(f)"),
            example='transfers = "none"',
        )
    decisions = register.decisions
    if decisions is None or decisions.used is None:
        yield Hit(
            ("automated_decisions",),
            N_("The notice does not say whether decisions are made by automated means alone"),
            N_('Write automated_decisions = "none", or describe them in [automated_decisions]'),
            severity=Severity.INFO,
            reference=N_("GDPR 13(2)(f), 14(2)(g)"),
            example='automated_decisions = "none"',
        )
    if not register.sources:
        # Data the person gives needs no source named (Art. 13); data from anyone else does.
        yield Hit(
            ("sources",),
            N_("The notice does not say where the data comes from"),
            N_('Add [[sources]] with their kind, e.g. kind = "data-subject" for the person'),
            severity=Severity.INFO,
            reference=N_("GDPR 14(2)(f), 15(1)(g)"),
            example=(
                '[[sources]]\nid = "client"\nkind = "data-subject"\n'
                'name = { fi = "Asiakas itse", en = "The client themselves" }'
            ),
        )


@lint_rule(
    "L24",
    Severity.INFO,
    N_("GDPR 13(1)(e), 15(1)(c); CJEU C-154/21"),
    N_("Processor not named or not located"),
    example=(
        '[[processors]]\nid = "cloud"\nname = "Cloud Ltd"\nrole = "Cloud storage"\ncountry = "FI"'
    ),
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
    example=(
        "[[purposes]]\n"
        'id = "statistics"\n'
        'name = "Visitor statistics"\n'
        'legal_basis = "consent"\n'
        "\n"
        "[[cookies]]\n"
        'name = "_pk_id"\n'
        'provider = "Matomo (own server)"\n'
        'purpose = "Visitor statistics"\n'
        "necessary = false"
    ),
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
    example=(
        "[[transfers.destinations]]\n"
        'country = "US"\n'
        'recipient = "Google LLC"\n'
        'safeguards = ["data_privacy_framework"]'
    ),
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


@lint_rule(
    "L27",
    Severity.WARNING,
    N_("GDPR 7(4)"),
    N_("Consent made a condition of the service"),
    example=(
        "[[purposes]]\n"
        'id = "newsletter"\n'
        'name = "Newsletter"\n'
        'legal_basis = "consent"\n'
        'requirement = "voluntary"'
    ),
)
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


@lint_rule(
    "L28",
    Severity.ERROR,
    N_("GDPR 44, 46(2)(c); CJEU C-311/18"),
    N_("Transfer resting on an invalid mechanism"),
    example=_TRANSFER_EXAMPLE,
)
def _lapsed_safeguard(register: Register) -> Iterator[Hit]:
    for i, transfer in enumerate(register.transfer_list):
        valid = [s for s in transfer.safeguards if not s.lapsed]
        for k, safeguard in enumerate(transfer.safeguards):
            if not safeguard.lapsed:
                continue
            lapsed = _LAPSED[safeguard]
            params = {"law": Term(lapsed.name), "replacement": Term(lapsed.replacement)}
            loc: Loc = ("transfers", "destinations", i, "safeguards", k)
            if valid:
                # A valid alternative may carry the transfer, but the notice still tells the
                # reader of a ground that does not exist.
                yield Hit(
                    loc,
                    N_(
                        "A transfer names %(law)s beside a valid ground; it is no longer a ground "
                        "for transfers"
                    ),
                    N_("Remove it from safeguards and from the notice's text"),
                    params,
                    severity=Severity.WARNING,
                    reference=lapsed.reference,
                )
            else:
                yield Hit(
                    loc,
                    N_("A transfer rests on %(law)s, which is no longer a ground for transfers"),
                    N_("Rest the transfer on %(replacement)s, and say so in the notice"),
                    params,
                    reference=lapsed.reference,
                )


@lint_rule(
    "L29",
    Severity.WARNING,
    N_("GDPR 49(1); EDPB Guidelines 2/2018"),
    N_("Art. 49 derogation used for regular transfers"),
    example=_TRANSFER_EXAMPLE,
)
def _systematic_derogation(register: Register) -> Iterator[Hit]:
    # A processor works on the data every day: an Art. 49 derogation is for a transfer that is
    # occasional and not repetitive (EDPB Guidelines 2/2018), never a processor's regular work.
    for i, transfer in enumerate(register.transfer_list):
        if Safeguard.DEROGATION not in transfer.safeguards or _covered(transfer.safeguards):
            continue
        processor = _processor_of(register, transfer)
        if processor is None:
            continue
        yield Hit(
            ("transfers", "destinations", i, "safeguards"),
            N_(
                "Processor '%(processor)s' transfers data under an Art. 49 derogation, which "
                "covers only occasional transfers, not a processor's regular work"
            ),
            N_(
                "Rest the processor's transfer on an adequacy decision, the Data Privacy "
                "Framework, standard contractual clauses or binding corporate rules"
            ),
            {"processor": processor.id},
        )
