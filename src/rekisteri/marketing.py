"""Who may be sent direct marketing on a channel now, and who must not.

Electronic direct marketing to a person needs their prior consent (Act 917/2014 § 200;
GDPR Art. 6(1)(a)), a consent can be withdrawn at any time (Art. 7(3)), and a marketing ban is
absolute (Art. 21(2)-(3)). The store keeps these as events (``[store.marketing]``); for each
person and channel:

* the latest event decides: a consent given after a ban lifts the ban, a withdrawal after a
  consent ends it;
* a ban or a withdrawal wins over a consent recorded at the same moment, and over one whose
  time cannot be read: when in doubt, no message is sent;
* an event on no particular channel (or on one of ``every_channel``) applies to every channel;
* with no event at all, the person has not consented, unless the register declares the soft
  opt-in of § 200(2) for its own customers (then they may be contacted until they object).

A choice value the mapping does not name is an error, never a guess. The store is only read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from rekisteri.errors import RekisteriError
from rekisteri.store import Store, mapping_error, open_store, register_file, table_problems
from rekisteri.storemap import MarketingChannelName, MarketingMapping

if TYPE_CHECKING:
    from rekisteri.model import Register

CHANNELS = ("email", "sms", "post", "phone")


class Verdict(StrEnum):
    MAY_CONTACT = "may_contact"
    MUST_NOT_CONTACT = "must_not_contact"
    UNREACHABLE = "unreachable"
    """Allowed, but the store has no address usable on the channel (e.g. no mobile number)."""


class Reason(StrEnum):
    CONSENT = "consent"
    SOFT_OPT_IN = "soft_opt_in"
    WITHDRAWN = "withdrawn"
    BAN = "ban"


_RANK = {Reason.CONSENT: 0, Reason.WITHDRAWN: 1, Reason.BAN: 1}
"""At the same moment, the higher rank decides: a refusal beats a consent."""


@dataclass(frozen=True)
class Decision:
    """What the store says about one person on one channel."""

    key: Any
    name: str
    address: str
    verdict: Verdict
    reason: Reason
    decided_at: datetime | None
    """When the deciding event was recorded; None for the soft opt-in or an unreadable time."""


@dataclass
class MarketingList:
    """The people of the store on one channel, as of one moment."""

    channel: str
    as_of: datetime
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for decision in self.decisions if decision.verdict is verdict)

    def to_csv(self) -> str:
        """Those who may be contacted first, then those who must not, then the unreachable."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["subject", "name", "address", "status", "reason", "decided_at"])
        order = list(Verdict)
        for decision in sorted(
            self.decisions, key=lambda d: (order.index(d.verdict), _sort_key(d.key))
        ):
            writer.writerow(
                [
                    decision.key,
                    decision.name,
                    decision.address,
                    decision.verdict.value,
                    decision.reason.value,
                    decision.decided_at.isoformat(sep=" ") if decision.decided_at else "",
                ]
            )
        return buffer.getvalue()

    def summary(self) -> str:
        return (
            f"{self.channel}: {self.count(Verdict.MAY_CONTACT)} may be contacted, "
            f"{self.count(Verdict.MUST_NOT_CONTACT)} must not, "
            f"{self.count(Verdict.UNREACHABLE)} have no usable address"
        )


def _sort_key(key: Any) -> tuple[int, Any]:
    return (0, key) if isinstance(key, int | float) else (1, str(key))


def as_moment(value: Any) -> datetime | None:
    """A stored time as a naive datetime; a bare date is its midnight; None if unreadable."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return moment
    return None


def parse_moment(value: str | None) -> datetime | None:
    """``--as-of``: a date means the end of that day; a time, that moment."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max)
        return datetime.fromisoformat(text)
    except ValueError:
        raise RekisteriError(
            f"--as-of '{value}' is not a date or a time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None


def _comparable(moment: datetime) -> datetime:
    # Stores mix naive local times and aware ones; compare aware ones by their wall clock.
    return moment.replace(tzinfo=None)


def marketing_list(
    register: Register, channel: str, *, as_of: datetime | None = None
) -> MarketingList:
    """Who may be contacted on ``channel`` (email, sms, post, phone) at ``as_of`` (now)."""
    mapping = _mapping(register)
    channel = channel.strip().lower()
    if channel not in CHANNELS:
        raise RekisteriError(f"--channel '{channel}' is not one of {', '.join(CHANNELS)}")
    declared = register.direct_marketing
    if declared is None or channel not in [c.value for c in declared.channels]:
        raise RekisteriError(
            f"{register_file(register)}: the register does not declare direct marketing by "
            f"{channel}, so the privacy notice does not tell anyone about it",
            exit_code=1,
        )
    if channel not in mapping.channels:
        raise mapping_error(
            register,
            [
                (
                    ("store", "marketing", "channels"),
                    f"no store value is given for the channel '{channel}'",
                    f'add {channel} = "<value of {mapping.channel}>" to channels',
                )
            ],
        )
    moment = as_of or datetime.now()
    result = MarketingList(channel=channel, as_of=moment)
    with open_store(register) as store:
        _verify(store, mapping)
        events = _events(store, mapping, channel)
        soft_opt_in = declared.consent_model is not None and (
            declared.consent_model.value == "soft_opt_in" and channel in ("email", "sms")
        )
        decided = _decide(events, _comparable(moment), result.warnings)
        people = _people(store, channel, None if soft_opt_in else set(decided))
    for key, (name, address) in people.items():
        reason, when = decided.get(key, (Reason.SOFT_OPT_IN if soft_opt_in else None, None))
        if reason is None:
            continue
        if reason in (Reason.BAN, Reason.WITHDRAWN):
            verdict = Verdict.MUST_NOT_CONTACT
        elif address:
            verdict = Verdict.MAY_CONTACT
        else:
            verdict = Verdict.UNREACHABLE
        result.decisions.append(Decision(key, name, address, verdict, reason, when))
    missing = sorted(set(decided) - set(people), key=_sort_key)
    if missing:
        result.warnings.append(
            f"{len(missing)} marketing choice(s) belong to no one in "
            f"'{store.mapping.subject.table}' (keys {', '.join(map(str, missing[:10]))})"
        )
    return result


def _mapping(register: Register) -> MarketingMapping:
    if register.store is None or register.store.marketing is None:
        raise RekisteriError.at(
            register_file(register),
            "the register has no [store.marketing] table, so rekisteri does not know where "
            "the consents and bans are",
            hint="add [store.marketing] with table, subject_column, recorded_at, channel, "
            "choice, channels, consent and ban; see examples/terhi-kallio/register.toml",
        )
    return register.store.marketing


def _verify(store: Store, mapping: MarketingMapping) -> None:
    names = ("subject_column", "recorded_at", "channel", "choice")
    problems = table_problems(
        store,
        ("store", "marketing"),
        mapping.table,
        {name: getattr(mapping, name) for name in names},
    )
    if problems:
        raise mapping_error(store.register, problems)


def _events(
    store: Store, mapping: MarketingMapping, channel: MarketingChannelName
) -> list[tuple[Any, Any, Reason]]:
    """(subject, time, choice) of every event that applies to ``channel``."""
    table = sa.table(
        mapping.table,
        *(
            sa.column(c)
            for c in dict.fromkeys(
                [mapping.subject_column, mapping.recorded_at, mapping.channel, mapping.choice]
            )
        ),
    )
    on_channel = table.c[mapping.channel]
    wanted = [*mapping.channels[channel], *mapping.every_channel]
    statement = sa.select(
        table.c[mapping.subject_column], table.c[mapping.recorded_at], table.c[mapping.choice]
    ).where(sa.or_(on_channel.in_(wanted), on_channel.is_(None), sa.func.trim(on_channel) == ""))
    _names, rows = store.fetch(statement)
    kinds = {value: kind for kind in ("consent", "withdrawal", "ban") for value in
             getattr(mapping, kind)}  # fmt: skip
    unknown = sorted({str(choice) for _key, _at, choice in rows if choice not in kinds})
    if unknown:
        raise mapping_error(
            store.register,
            [
                (
                    ("store", "marketing", "choice"),
                    f"'{mapping.table}.{mapping.choice}' holds "
                    f"{', '.join(repr(v) for v in unknown)}, which the mapping does not name",
                    "add each to consent, withdrawal or ban; rekisteri never guesses what a "
                    "choice means",
                )
            ],
        )
    reasons = {"consent": Reason.CONSENT, "withdrawal": Reason.WITHDRAWN, "ban": Reason.BAN}
    return [(key, at, reasons[kinds[choice]]) for key, at, choice in rows]


def _decide(
    events: Sequence[tuple[Any, Any, Reason]], as_of: datetime, warnings: list[str]
) -> dict[Any, tuple[Reason, datetime | None]]:
    """Each person's deciding event: the latest, a refusal winning a tie."""
    latest: dict[Any, tuple[tuple[int, datetime, int], Reason, datetime | None]] = {}
    unreadable = 0
    for key, raw, reason in events:
        if key is None:
            continue
        moment = as_moment(raw)
        if moment is None:
            unreadable += 1
            if reason is Reason.CONSENT:
                continue  # a consent we cannot date proves nothing
            # A refusal whose time is unknown wins over everything: in doubt, do not send.
            order = (1, datetime.max, _RANK[reason])
        else:
            moment = _comparable(moment)
            if moment > as_of:
                continue
            order = (0, moment, _RANK[reason])
        current = latest.get(key)
        if current is None or order > current[0]:
            latest[key] = (order, reason, moment)
    if unreadable:
        warnings.append(
            f"{unreadable} marketing choice(s) have no readable time: consents among them are "
            "ignored, bans and withdrawals apply"
        )
    return {key: (reason, moment) for key, (_order, reason, moment) in latest.items()}


def _people(store: Store, channel: str, keys: set[Any] | None) -> dict[Any, tuple[str, str]]:
    """Name and usable address of each person (of ``keys``, or everyone)."""
    subject = store.mapping.subject
    if channel == "email":
        contact = list(subject.email)
    elif channel in ("sms", "phone"):
        contact = list(subject.phone)
    else:
        contact = []
    columns = list(dict.fromkeys([subject.key, *subject.name, *contact]))
    table = sa.table(subject.table, *(sa.column(c) for c in columns))
    statement = sa.select(*(table.c[c] for c in columns)).order_by(table.c[subject.key])
    names, rows = store.fetch(statement)
    people: dict[Any, tuple[str, str]] = {}
    for values in rows:
        row = dict(zip(names, values, strict=True))
        key = row[subject.key]
        if keys is not None and key not in keys:
            continue
        name = " ".join(str(row[c]).strip() for c in subject.name if row.get(c))
        address = ""
        for column in contact:
            address = _usable(row.get(column), channel)
            if address:
                break
        people[key] = (name, address)
    return people


def _usable(value: Any, channel: str) -> str:
    """The address in a form a mailing tool takes, or '' when it cannot carry the channel."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if channel == "email":
        email = value.strip().lower()
        return email if email.count("@") == 1 and " " not in email else ""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    kind = phonenumbers.number_type(number)
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if channel == "sms" and kind not in mobile:
        return ""
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
