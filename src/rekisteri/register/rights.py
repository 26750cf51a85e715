"""Which rights of the data subject apply to a register, computed from its stated facts.

The notice's ``stated = "derive"`` states exactly these rights, and the lint compares a notice's own
list with them (GDPR 13(2)(b), 14(2)(c)). The computation reads only the register model, so any
layer may call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rekisteri.register.model import (
    Art9Condition,
    DataCategory,
    LegalBasis,
    Medium,
    Purpose,
    Register,
    Right,
    Source,
    SourceKind,
)

# Art. 15–18 apply whatever the basis; their exceptions (17(3), say) limit a request, not the
# duty to tell that the right exists.
ALWAYS = frozenset({Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION})
PORTABILITY_BASES = frozenset({LegalBasis.CONSENT, LegalBasis.CONTRACT})  # Art. 20(1)(a)
OBJECTION_BASES = frozenset({LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS})  # 21(1)


def purpose_bases(register: Register, purpose: Purpose) -> set[LegalBasis]:
    """The bases a purpose rests on: its own and the register-wide ones that cover it.

    A register-wide basis that names no purposes is stated for the whole register.
    """
    wide = {b.basis for b in register.bases if not b.purposes or purpose.id in b.purposes}
    return set(purpose.legal_bases) | wide


def does_direct_marketing(register: Register) -> bool:
    """Whether the register states direct marketing, as a section or as a purpose (Art. 21(2))."""
    return register.marketing is not None or any(p.direct_marketing for p in register.purposes)


def rests_on_consent(register: Register) -> bool:
    """Whether any processing rests on consent: Art. 6(1)(a), or 9(2)(a) for a special category."""
    return LegalBasis.CONSENT in register.legal_bases or any(
        c.special is not None and c.special.condition is Art9Condition.EXPLICIT_CONSENT
        for c in register.data_categories
    )


def applicable_rights(register: Register) -> frozenset[Right]:
    """The rights that apply to the register's processing, from its legal bases and facts.

    Portability needs a portable category (see :func:`portability`); objection a public task or
    legitimate interests (21(1)) or direct marketing (21(2)); withdrawal a consent (7(3));
    the Art. 22 right automated decisions that the register says are made.
    """
    bases = register.legal_bases
    rights = set(ALWAYS)
    if any(
        portability(register, c, stated_bases_only=False).portable for c in register.data_categories
    ):
        rights.add(Right.PORTABILITY)
    if bases & OBJECTION_BASES or does_direct_marketing(register):
        rights.add(Right.OBJECTION)
    if rests_on_consent(register):
        rights.add(Right.WITHDRAW_CONSENT)
    decisions = register.decisions
    if decisions is not None and decisions.used:
        rights.add(Right.AUTOMATED_DECISIONS)
    return frozenset(rights)


class NotPortable(StrEnum):
    """Why a data category falls outside the right to data portability (GDPR Art. 20)."""

    ABOUT_SOMEONE_ELSE = "about-someone-else"
    """Data about another person, e.g. a next of kin the client named (20(4))."""
    NOT_PROVIDED = "not-provided"
    """Not provided by the person nor observed from their use of the service (20(1))."""
    BASIS = "basis"
    """Processed on neither consent nor a contract, e.g. under a legal obligation (20(1)(a))."""
    PAPER = "paper"
    """Kept only on paper, not processed by automated means (20(1)(b))."""


@dataclass(frozen=True)
class Portability:
    """Whether one data category is portable, and if not, every reason why not."""

    category: DataCategory
    reasons: tuple[NotPortable, ...]

    @property
    def portable(self) -> bool:
        return not self.reasons


def category_bases(register: Register, category: DataCategory) -> set[LegalBasis]:
    """The Art. 6 bases a category is processed on: those of its purposes, or the register-wide
    bases scoped to it."""
    bases = {b.basis for b in register.bases if category.id in b.categories}
    for purpose in register.purposes:
        if purpose.id in category.purposes:
            bases |= purpose_bases(register, purpose)
    return bases


def portability(
    register: Register, category: DataCategory, *, stated_bases_only: bool = True
) -> Portability:
    """Art. 20(1) and (4) for one category, from what the register states of it.

    Portable is the data the person provided (a source of kind data-subject of the person's own
    group) or that is observed from their use of the service, processed on consent (6(1)(a) or
    9(2)(a)) or a contract (6(1)(b)) by automated means, and not about someone else. A category
    whose sources are not stated is not taken as provided: nothing is offered that the register
    does not support.

    A category that names no purposes has no stated basis; ``stated_bases_only=False`` takes
    the register's bases for it instead, to tell whether the right can apply at all (the
    notice must then mention it), not which data a copy may port.
    """
    reasons = []
    if category.third_party:
        reasons.append(NotPortable.ABOUT_SOMEONE_ELSE)
    provided = category.observed or any(
        _given_by_the_person(register.source(source_id), category)
        for source_id in category.sources
        if any(s.id == source_id for s in register.sources)
    )
    if not provided:
        reasons.append(NotPortable.NOT_PROVIDED)
    explicit_consent = (
        category.special is not None
        and category.special.condition is Art9Condition.EXPLICIT_CONSENT
    )
    bases = category_bases(register, category)
    if not category.purposes and not stated_bases_only:
        bases |= register.legal_bases
    if not (bases & PORTABILITY_BASES or explicit_consent):
        reasons.append(NotPortable.BASIS)
    if category.medium is Medium.PAPER:
        reasons.append(NotPortable.PAPER)
    return Portability(category, tuple(reasons))


def portable_categories(register: Register) -> list[DataCategory]:
    """The register's portable categories, in the notice's order."""
    return [c for c in register.data_categories if portability(register, c).portable]


def _given_by_the_person(source: Source, category: DataCategory) -> bool:
    if source.kind is not SourceKind.DATA_SUBJECT:
        return False
    # A client's own source gives a next of kin's data from the next of kin's point of view
    # from a third party.
    return source.group is None or not category.subjects or source.group in category.subjects


def source_kind_for(source: Source, group: str | None) -> SourceKind | None:
    """The kind of a source as a member of ``group`` reads it.

    A data-subject source of another group (the client who named a next of kin) is a third
    party to them; any other source reads as it is declared.
    """
    if (
        source.kind is SourceKind.DATA_SUBJECT
        and source.group is not None
        and group is not None
        and source.group != group
    ):
        return SourceKind.THIRD_PARTY
    return source.kind
