"""Which rights of the data subject apply to a register, computed from its stated facts.

The notice's ``stated = "derive"`` states exactly these rights, and the lint compares a notice's own
list with them (GDPR 13(2)(b), 14(2)(c)). The computation reads only the register model, so any
layer may call it.
"""

from __future__ import annotations

from rekisteri.register.model import Art9Condition, LegalBasis, Purpose, Register, Right

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

    Portability needs consent or a contract (Art. 20(1)(a)); objection a public task or
    legitimate interests (21(1)) or direct marketing (21(2)); withdrawal a consent (7(3));
    the Art. 22 right automated decisions that the register says are made.
    """
    bases = register.legal_bases
    rights = set(ALWAYS)
    if bases & PORTABILITY_BASES:
        rights.add(Right.PORTABILITY)
    if bases & OBJECTION_BASES or does_direct_marketing(register):
        rights.add(Right.OBJECTION)
    if rests_on_consent(register):
        rights.add(Right.WITHDRAW_CONSENT)
    decisions = register.decisions
    if decisions is not None and decisions.used:
        rights.add(Right.AUTOMATED_DECISIONS)
    return frozenset(rights)
