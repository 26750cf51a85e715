"""Reviewing categories before an access copy is released (Tietosuojalaki 1050/2018 § 34).

A category marked ``review = true`` (therapy notes, say) is held until the practitioner has
decided, for this request, to release it or to withhold it with a reason and a legal ground.
The copy is not written while a held category is undecided: personal data fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rekisteri.register.model import WithholdGround


@dataclass(frozen=True)
class ReviewDecision:
    """The practitioner's decision on one held category for one request."""

    category: str
    """The data category's id."""
    release: bool
    reason: str | None = None
    """Why it is withheld, in the practitioner's words; required when withheld."""
    ground: WithholdGround | None = None
    """The § 34 ground a withheld category rests on; required when withheld."""

    @property
    def withheld(self) -> bool:
        return not self.release
