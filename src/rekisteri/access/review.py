"""Reviewing categories before an access copy is released (Tietosuojalaki 1050/2018 § 34).

A category marked ``review = true`` (therapy notes, say) is held until the practitioner has
decided, for this request, to release it or to withhold it with a reason and a legal ground.
The copy is not written while a held category is undecided: personal data fails closed.

Section 34(1)(2) lets the controller refuse access where giving the data could seriously
endanger the person's health or care, or the rights of the person or of someone else; the
person is then told of the refusal and its reasons (§ 34, GDPR Art. 12(4)) and of the right to
complain. A withheld category is therefore left out of every file of the bundle, and the report
says what was withheld, why, and where to complain.

:func:`check_decisions` checks what can be checked before the store is read (the categories
exist and are held, each withholding has its reason and ground); :func:`settle` then matches
the decisions with what the store holds about the person, and :func:`without_withheld` takes
the withheld categories out of the person's data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rekisteri.errors import Input, RekisteriError, nearest
from rekisteri.register.model import WithholdGround

if TYPE_CHECKING:
    from rekisteri.access.collect import SubjectData
    from rekisteri.register.model import DataCategory, Register

SECTION = "section 34 of the Data Protection Act (1050/2018)"
MAX_REASON = 2000

GROUNDS = tuple(ground.value for ground in WithholdGround)

# Where a message names the values a decision is given in.
RELEASE = Input("release", "the release")
WITHHOLD = Input("withhold", "the withholding")
REASON = Input("reason", "a reason", placeholder="TEXT")
GROUND = Input("ground", "a ground")


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

    def to_dict(self) -> dict[str, Any]:
        """The decision as the request log's trail records it."""
        return {
            "category": self.category,
            "released": self.release,
            "reason": self.reason,
            "ground": self.ground.value if self.ground is not None else None,
        }


@dataclass
class ReviewNeeded(RekisteriError):
    """Categories held for review hold data about the person, and not every one is decided.

    ``held`` are their ids; the message says what to do in domain terms, a front end adds how
    its user gives the decisions."""

    held: tuple[str, ...] = ()
    every_subject: bool = False
    """Raised for every subject's bundles, where only a release can be given."""


@dataclass
class ReviewOutdated(RekisteriError):
    """The held data changed after its review copy was written: decisions made on the copy
    are refused until the data has been reviewed again."""

    path: Path | None = None


@dataclass(frozen=True)
class Held:
    """One held category and how much of the person's data it holds."""

    category: DataCategory
    rows: int


@dataclass(frozen=True)
class Settled:
    """The decisions that apply to one person's bundle, in the notice's order."""

    decisions: tuple[ReviewDecision, ...] = ()
    held: tuple[Held, ...] = field(default=(), compare=False)

    @property
    def withheld(self) -> tuple[ReviewDecision, ...]:
        return tuple(d for d in self.decisions if d.withheld)


def parse_ground(value: str | WithholdGround | None) -> WithholdGround | None:
    """The § 34 ground named by ``value`` (None stays None: :func:`check_decisions` asks for
    one where it is needed)."""
    if value is None or isinstance(value, WithholdGround):
        return value
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return WithholdGround(text)
    except ValueError:
        # A ground's first word ("health") is matched too: a typo of it is as likely.
        spellings = {ground: ground for ground in GROUNDS}
        spellings.update({ground.split("-")[0]: ground for ground in GROUNDS})
        close = nearest(text, spellings)
        hint = f"; did you mean '{spellings[close]}'?" if close else ""
        raise RekisteriError.naming(
            GROUND,
            f" '{value}' is not a ground of {SECTION}; choose {_grounds_explained()}{hint}",
        ) from None


def _grounds_explained() -> str:
    return (
        "health-or-care (giving the data could seriously endanger the person's health or care) "
        "or rights-of-others (it could seriously endanger the rights of the person or of "
        "someone else)"
    )


def held_categories(register: Register) -> list[DataCategory]:
    """The categories the register holds for review before release, in the notice's order."""
    return [category for category in register.data_categories if category.review]


def check_decisions(register: Register, decisions: Sequence[ReviewDecision]) -> None:
    """Refuse decisions that are wrong whatever the store holds: an unknown category or one
    not held for review, two decisions on one category, a withholding without its reason or
    ground, a release with a ground."""
    known = {category.id: category for category in register.data_categories}
    held = [category.id for category in held_categories(register)]
    seen: set[str] = set()
    for decision in decisions:
        given = RELEASE if decision.release else WITHHOLD
        category = known.get(decision.category)
        if category is None:
            close = nearest(decision.category, held or list(known))
            raise RekisteriError.naming(
                given,
                f" names '{decision.category}', which is not a data category of the register "
                f"({_held_listing(held)})" + (f"; did you mean '{close}'?" if close else ""),
            )
        if not category.review:
            raise RekisteriError.naming(
                given,
                f" names '{decision.category}', which is not held for review: every copy "
                f"gives it without a decision ({_held_listing(held)})",
            )
        if decision.category in seen:
            raise RekisteriError(
                f"'{decision.category}' is decided twice; give one decision for each held category"
            )
        seen.add(decision.category)
        if decision.release:
            if decision.ground is not None:
                raise RekisteriError.naming(
                    f"'{decision.category}' is released, so it takes no ",
                    GROUND,
                    f"; a ground of {SECTION} is for a category withheld",
                )
        else:
            _check_withholding(decision)


def _check_withholding(decision: ReviewDecision) -> None:
    reason = " ".join((decision.reason or "").split())
    if not reason:
        raise RekisteriError.naming(
            f"withholding '{decision.category}' needs ",
            REASON,
            ": the person is told why their data is withheld (GDPR Art. 12(4)); nothing was "
            "released",
        )
    if len(reason) > MAX_REASON:
        raise RekisteriError(
            f"the reason for withholding '{decision.category}' is longer than {MAX_REASON} "
            "characters"
        )
    if decision.ground is None:
        raise RekisteriError.naming(
            f"withholding '{decision.category}' needs ",
            GROUND,
            f", the ground of {SECTION} it rests on: {_grounds_explained()}; nothing was released",
        )


def _held_listing(held: Sequence[str]) -> str:
    if not held:
        return "the register holds no category for review"
    return f"held for review: {', '.join(held)}"


def normalised(decisions: Iterable[ReviewDecision]) -> tuple[ReviewDecision, ...]:
    """The decisions with their reasons' white space collapsed, as they are recorded."""
    return tuple(
        replace(d, reason=" ".join(d.reason.split()) if d.reason is not None else None)
        for d in decisions
    )


def held_for(register: Register, data: SubjectData | None) -> tuple[Held, ...]:
    """The held categories holding rows about the person, in any of their parts."""
    if data is None:
        return ()
    found = []
    for category in held_categories(register):
        rows = sum(
            len(source.rows)
            for part in data.parts
            for source in part.categories.get(category.id, [])
        )
        if rows:
            found.append(Held(category, rows))
    return tuple(found)


def settle(
    register: Register,
    data: SubjectData | None,
    decisions: Sequence[ReviewDecision],
    *,
    every_subject: bool = False,
) -> Settled:
    """The decisions for this person's bundle: every held category that holds data about the
    person must be decided, else :class:`ReviewNeeded`.

    A release of a held category that holds nothing about the person releases nothing and is
    left out. For one request, withholding such a category is refused: the report would state
    a restriction of data that is not there (the store may have changed since the review).
    With ``every_subject`` (one set of decisions for every person's bundle) a decision simply
    does not apply to a person without such data.
    """
    held = held_for(register, data)
    decided = {d.category: d for d in decisions}
    undecided = [h.category for h in held if h.category.id not in decided]
    if undecided:
        lang = register.default_language
        names = ", ".join(f"{c.id} ({c.name.get(lang)})" for c in undecided)
        raise ReviewNeeded(
            f"held for review before release ({SECTION}): {names} "
            f"hold{'s' if len(undecided) == 1 else ''} data about the person; nothing was "
            "written. Review that data, then release each held category or withhold it with "
            "a reason and a ground",
            held=tuple(c.id for c in undecided),
        )
    holding = {h.category.id for h in held}
    if not every_subject:
        stray = [d.category for d in decisions if d.withheld and d.category not in holding]
        if stray:
            raise RekisteriError(
                f"{', '.join(stray)}: held for review, but holding no data about this person, "
                "so there is nothing to withhold; leave out the decision"
                + (f" (held here: {', '.join(sorted(holding))})" if holding else "")
                + ". Nothing was written"
            )
    order = [h.category.id for h in held]
    return Settled(
        decisions=tuple(decided[c] for c in order),
        held=held,
    )


def without_withheld(data: SubjectData | None, settled: Settled) -> SubjectData | None:
    """The person's data with the withheld categories taken out of every part."""
    withheld = {d.category for d in settled.withheld}
    if data is None or not withheld:
        return data

    def kept(part: SubjectData) -> SubjectData:
        categories = {k: v for k, v in part.categories.items() if k not in withheld}
        return replace(part, categories=categories, also=[kept(p) for p in part.also])

    return kept(data)


def held_digest(data: SubjectData | None, held: Sequence[Held]) -> str:
    """A SHA-256 of the held rows: the review copy carries it, so that a decision is checked
    against the data that was reviewed."""
    # data.py formats store values for JSON; loaded here, as the review needs it only now.
    from rekisteri.access.data import json_value

    digest = hashlib.sha256()
    ids = {h.category.id for h in held}
    for part in data.parts if data is not None else []:
        for category_id in sorted(ids & set(part.categories)):
            for source in part.categories[category_id]:
                record: list[Any] = [part.group, category_id, source.index, list(source.columns)]
                record.append([[json_value(v) for v in row] for row in source.rows])
                digest.update(json.dumps(record, ensure_ascii=False, default=str).encode())
                digest.update(b"\n")
    return digest.hexdigest()
