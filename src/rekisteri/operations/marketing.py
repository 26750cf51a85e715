"""Who may be sent direct marketing on a channel now, and who must not.

Electronic direct marketing to a person needs their prior consent (Act 917/2014 § 200;
GDPR Art. 6(1)(a)), a consent can be withdrawn at any time (Art. 7(3)), and a marketing ban is
absolute (Art. 21(2)-(3)). The store keeps these as events (``[store.marketing]``); for each
person and channel:

* the latest event decides: a consent given after a ban lifts the ban, a withdrawal after a
  consent ends it;
* times are compared as moments: one without an offset is read in the store's ``time_zone``,
  and where a clock change makes a local time mean two moments, a consent is taken at the
  earlier and a ban at the later one;
* a ban or a withdrawal wins over a consent recorded at the same moment;
* an event on one of ``every_channel`` applies to every channel, and so does a ban or a
  withdrawal on no channel at all; a consent on no channel gives no consent;
* with no event at all, the person has not consented, unless the register declares the soft
  opt-in of § 200(2) for its own customers (then they may be contacted until they object).

Values are compared in the mapping's spelling (case, Unicode form and spaces do not count).
A channel or choice the mapping does not name, a time that cannot be read, or a refusal that
names no one is an error, never a guess: when in doubt, no list is made. The store is only read.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from rekisteri.access.store import Store, mapping_error, open_store, register_file
from rekisteri.documents.i18n import translations
from rekisteri.errors import Input, Loc, RekisteriError, nearest
from rekisteri.operations.store_tables import check_columns, mapped_table, subject_rows
from rekisteri.output import csv_text
from rekisteri.redact import spreadsheet_cell
from rekisteri.register.store_mapping import MarketingChannelName, MarketingMapping, SubjectTable
from rekisteri.register.vocabulary import MarketingChannel

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

    from rekisteri.register.model import DirectMarketing, Register

CHANNELS = tuple(channel.value for channel in MarketingChannel)


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

_REASONS = {"consent": Reason.CONSENT, "withdrawal": Reason.WITHDRAWN, "ban": Reason.BAN}

Readings = tuple[datetime, datetime]
"""The earliest and the latest moment (in UTC) a stored time can mean. They differ only for a
local time in the hour a clock change skips or repeats."""


@dataclass(frozen=True)
class Decision:
    """What the store says about one person on one channel."""

    key: Any
    name: str
    address: str
    verdict: Verdict
    reason: Reason
    decided_at: datetime | None
    """When the deciding event was recorded, in the store's time zone; None for the soft opt-in."""


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
        """Those who may be contacted first, then those who must not, then the unreachable.

        Text cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection).
        """
        order = list(Verdict)
        decisions = sorted(self.decisions, key=lambda d: (order.index(d.verdict), _sort_key(d.key)))
        return csv_text(
            [
                ["subject", "name", "address", "status", "reason", "decided_at"],
                *(
                    [
                        _cell(decision.key),
                        _cell(decision.name),
                        _cell(decision.address),
                        decision.verdict.value,
                        decision.reason.value,
                        decision.decided_at.isoformat(sep=" ") if decision.decided_at else "",
                    ]
                    for decision in decisions
                ),
            ]
        )

    def summary(self, words: Translations | None = None) -> str:
        """How many may be contacted, must not be, or cannot be reached, in the language of
        ``words`` (a "status" catalog; English by default)."""
        _ = (words or translations("en", "status")).gettext
        return _(
            "%(channel)s: %(may)d may be contacted, %(must_not)d must not, %(unreachable)d "
            "have no usable address"
        ) % {
            "channel": self.channel,
            "may": self.count(Verdict.MAY_CONTACT),
            "must_not": self.count(Verdict.MUST_NOT_CONTACT),
            "unreachable": self.count(Verdict.UNREACHABLE),
        }


def _cell(value: Any) -> Any:
    return spreadsheet_cell(value) if isinstance(value, str) else value


def _sort_key(key: Any) -> tuple[int, Any]:
    return (0, key) if isinstance(key, int | float) else (1, str(key))


def read_time(value: Any, zone: tzinfo) -> Readings | None:
    """A stored time as the moments it can mean; None if it is not a time.

    A time without an offset (TEXT, SQLite DATETIME, a naive ``datetime``) is read in ``zone``;
    one with an offset keeps it; a bare date is its midnight. A number is not read: it could be
    seconds or days since some epoch, and guessing would move a ban.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if not isinstance(value, datetime):
        return None
    if value.utcoffset() is not None:
        moment = value.astimezone(UTC)
        return moment, moment
    first, second = sorted(value.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1))
    return first, second


def parse_moment(value: str | None) -> datetime | None:
    """The moment of a list: a date means the end of that day; a time, that moment."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max)
        return datetime.fromisoformat(text)
    except ValueError:
        raise RekisteriError.naming(
            Input("as_of", "the moment"),
            f" '{value}' is not a date or a time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        ) from None


def marketing_list(
    register: Register, channel: str, *, as_of: datetime | None = None
) -> MarketingList:
    """Who may be contacted on ``channel`` (email, sms, post, phone) at ``as_of`` (now).

    A naive ``as_of`` is read in the store's time zone.
    """
    mapping = _mapping(register)
    channel = channel.strip().lower()
    if channel not in CHANNELS:
        raise RekisteriError.naming(
            Input("channel", "the channel"), f" '{channel}' is not one of {', '.join(CHANNELS)}"
        )
    declared = _declared_marketing(register, channel)
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
    zone = _zone(register)
    moment = datetime.now(UTC) if as_of is None else as_of
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    result = MarketingList(channel=channel, as_of=moment.astimezone(zone))
    soft_opt_in = declared.consent_model is not None and (
        declared.consent_model.value == "soft_opt_in" and channel in ("email", "sms")
    )
    with open_store(register) as store:
        _verify(store, mapping)
        events = _read_events(store, mapping, zone, result.warnings)
        people = _people(store)
    _check_links(store, mapping, events, people)
    decided = _decide([e for e in events if e.applies_to(channel)], moment.astimezone(UTC))
    for key in people if soft_opt_in else [k for k in people if k in decided]:
        reason, when = decided.get(key, (Reason.SOFT_OPT_IN, None))
        name, address = _contact(store.mapping.subject, people[key], channel)
        at = when.astimezone(zone) if when else None
        result.decisions.append(Decision(key, name, address, _verdict(reason, address), reason, at))
    missing = sorted(set(decided) - set(people), key=_sort_key)
    if missing:
        result.warnings.append(
            f"{len(missing)} marketing choice(s) belong to no one in "
            f"'{store.mapping.subject.table}' (keys {', '.join(map(str, missing[:10]))})"
        )
    return result


def _declared_marketing(register: Register, channel: str) -> DirectMarketing:
    """The direct marketing the register states on ``channel``; refused when it states none,
    none on that channel, or nothing about marketing at all: marketing the notice does not
    tell people about is not done, so nobody is listed for it."""
    declared = register.marketing
    stated = register.direct_marketing
    line, column = register.position_of(("direct_marketing",))
    if declared is not None and channel in [c.value for c in declared.channels]:
        return declared
    if declared is not None:
        channels = ", ".join(c.value for c in declared.channels)
        message = (
            f"the register does not declare direct marketing by {channel} (only by "
            f"{channels}), so the privacy notice does not tell anyone about it"
        )
        hint = f'add "{channel}" to direct_marketing.channels if you market by {channel}'
    elif stated is not None:
        message = (
            'the register states that it does no direct marketing (direct_marketing = "none"), '
            "so nobody may be contacted for it"
        )
        hint = f'replace "none" with a [direct_marketing] table with channels = ["{channel}"]'
    else:
        message = (
            "the register does not state direct marketing, so the privacy notice does not tell "
            "anyone about it and nobody may be contacted for it"
        )
        hint = f'add a [direct_marketing] table with channels = ["{channel}"] and how to opt out'
    raise RekisteriError.at(
        register_file(register),
        message,
        line=line if stated is not None else None,
        column=column if stated is not None else None,
        path="direct_marketing",
        hint=hint,
    )


def _mapping(register: Register) -> MarketingMapping:
    return mapped_table(
        register,
        "marketing",
        register.store.marketing if register.store else None,
        where="the consents and bans are",
        hint="add [store.marketing] with table, subject_column, recorded_at, channel, "
        "choice, channels, consent and ban; see examples/terhi-kallio/register.toml",
    )


def _zone(register: Register) -> ZoneInfo:
    assert register.store is not None  # _mapping found [store.marketing]
    name = register.store.time_zone
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        # The default is not checked when the register loads; a slim system may lack the data.
        raise RekisteriError(
            f"this computer's time zone database has no '{name}', the store's time_zone; "
            "install the Debian package tzdata (or the Python package tzdata)"
        ) from None


def _verify(store: Store, mapping: MarketingMapping) -> None:
    check_columns(
        store, "marketing", mapping, ("subject_column", "recorded_at", "channel", "choice")
    )


# --- reading the events ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    key: Any
    reason: Reason
    channel: MarketingChannelName | None
    """None: every channel (a value of every_channel, or none at all on a refusal)."""
    readings: Readings

    def applies_to(self, channel: str) -> bool:
        return self.channel is None or self.channel == channel


@dataclass
class _Tally:
    """How many rows hold each value that cannot be read, and how one of them was written."""

    rows: Counter[str] = field(default_factory=Counter)
    written: dict[str, Any] = field(default_factory=dict)

    def add(self, spelling: str, raw: Any) -> None:
        self.rows[spelling] += 1
        self.written.setdefault(spelling, raw)


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _read_events(
    store: Store, mapping: MarketingMapping, zone: ZoneInfo, warnings: list[str]
) -> list[_Event]:
    """Every event of the table, or an error naming each value that cannot be understood.

    All of them are checked, not only those on the channel asked: a ban written in a spelling
    nobody mapped may be meant for any channel.
    """
    columns = [mapping.subject_column, mapping.recorded_at, mapping.channel, mapping.choice]
    table = sa.table(mapping.table, *(sa.column(c) for c in dict.fromkeys(columns)))
    _names, rows = store.fetch(sa.select(*(table.c[c] for c in columns)))
    channels, choices = mapping.channel_values(), mapping.choice_values()
    # A few distinct spellings repeat over every row; normalising each once is enough.
    spelling = functools.lru_cache(maxsize=1024)(mapping.spelling)
    tallies = {name: _Tally() for name in ("channel", "choice", "time")}
    events: list[_Event] = []
    blank_consents = anonymous_consents = anonymous_refusals = 0
    for key, at, raw_channel, raw_choice in rows:
        choice = spelling(_text(raw_choice))
        channel = spelling(_text(raw_channel))
        readings = read_time(at, zone)
        if choice not in choices:
            tallies["choice"].add(choice, raw_choice)
        if channel and channel not in channels:
            tallies["channel"].add(channel, raw_channel)
        if readings is None:
            tallies["time"].add("" if not _text(at).strip() else "?", at)
        if choice not in choices or (channel and channel not in channels) or readings is None:
            continue
        reason = _REASONS[choices[choice][1]]
        if reason is Reason.CONSENT and not channel:
            blank_consents += 1
        elif key is None and reason is Reason.CONSENT:
            anonymous_consents += 1
        elif key is None:
            anonymous_refusals += 1
        else:
            events.append(_Event(key, reason, channels[channel][1] if channel else None, readings))
    problems = [
        *_unknown_values(mapping, "channel", tallies["channel"]),
        *_unknown_values(mapping, "choice", tallies["choice"]),
        *_unreadable_times(mapping, zone, tallies["time"]),
    ]
    if anonymous_refusals:
        problems.append(_anonymous(mapping, anonymous_refusals))
    if problems:
        raise mapping_error(
            store.register,
            problems,
            f"{register_file(store.register)}: the marketing choices in '{mapping.table}' "
            "cannot all be read, so no list is made",
        )
    if blank_consents:
        warnings.append(
            f"{blank_consents} consent(s) name no channel and give no consent: a consent on "
            "every channel needs a value listed in every_channel"
        )
    if anonymous_consents:
        warnings.append(
            f"{anonymous_consents} consent(s) name no one ('{mapping.subject_column}' is "
            "empty) and give no consent"
        )
    return events


_MAX_SHOWN = 10
"""Unknown values listed one by one; a store that holds more is counted, not printed."""


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _unknown_values(
    mapping: MarketingMapping, column: str, tally: _Tally
) -> list[tuple[Loc, str, str]]:
    """One problem for each value of ``channel`` or ``choice`` that the mapping does not name."""
    where = f"'{mapping.table}.{getattr(mapping, column)}'"
    loc: Loc = ("store", "marketing", column)
    problems: list[tuple[Loc, str, str]] = []
    values = sorted(tally.rows.items(), key=lambda item: (-item[1], item[0]))
    for spelling, count in values[:_MAX_SHOWN]:
        raw = tally.written[spelling]
        if not spelling:
            problems.append(
                (
                    loc,
                    f"{where} is empty (NULL or blank) in {_rows(count)}",
                    "nobody can tell whether those rows give or refuse consent: record the "
                    "choice in the store or remove the rows",
                )
            )
            continue
        what = "a channel" if column == "channel" else "a choice"
        message = f"{where} holds {raw!r} in {_rows(count)}, {what} the mapping does not name"
        problems.append((loc, message, _how_to_map(mapping, column, spelling, raw)))
    if len(values) > _MAX_SHOWN:
        rest = values[_MAX_SHOWN:]
        problems.append(
            (
                loc,
                f"{where} holds {len(rest)} more values the mapping does not name, in "
                f"{_rows(sum(count for _spelling, count in rest))}",
                "map the values above first; the next run lists the rest",
            )
        )
    return problems


def _how_to_map(mapping: MarketingMapping, column: str, spelling: str, raw: Any) -> str:
    """The values the mapping accepts, the nearest one, and a line that would map ``raw``."""
    known: dict[str, tuple[str, str]]
    lists: dict[str, list[str]]
    if column == "channel":
        known = {s: (v, c or "every_channel") for s, (v, c) in mapping.channel_values().items()}
        lists = {str(c): values for c, values in mapping.channels.items()}
        lists["every_channel"] = mapping.every_channel
        placeholder = "<email, sms, post or phone>"
        accepted = "an empty one on a ban or withdrawal means every channel"
        where = "channels, or to every_channel if it means every channel,"
        rule = "case, Unicode form and spaces do not count, nothing else is guessed"
    else:
        known = {s: (v, str(kind)) for s, (v, kind) in mapping.choice_values().items()}
        lists = {kind: getattr(mapping, kind) for kind in ("consent", "withdrawal", "ban")}
        placeholder = "<consent, withdrawal or ban>"
        accepted = ""
        where = "consent, withdrawal or ban,"
        rule = "rekisteri never guesses what a choice means"
    names = ", ".join(f"'{value}' ({key})" for value, key in known.values())
    accepted = f"the mapping accepts {names}" + (f"; {accepted}" if accepted else "")
    tidy = " ".join(_text(raw).split())
    guess = nearest(spelling, known)
    if guess:
        value, key = known[guess]
        example = f"{key} = [{', '.join(_toml(v) for v in [*lists[key], tidy])}]"
        return (
            f"{accepted}; did you mean '{value}' ({key})? add it to {where} e.g. {example}; {rule}"
        )
    return f"{accepted}; add it to {where} e.g. {placeholder} = [{_toml(tidy)}]; {rule}"


def _unreadable_times(
    mapping: MarketingMapping, zone: ZoneInfo, tally: _Tally
) -> list[tuple[Loc, str, str]]:
    where = f"'{mapping.table}.{mapping.recorded_at}'"
    hint = (
        f"store each time in ISO 8601, e.g. '2024-05-01 10:00' (read in {zone.key}, the "
        "store's time_zone) or '2024-05-01T10:00+03:00'; a choice nobody can date could be "
        "the latest ban, so rekisteri does not guess"
    )
    loc: Loc = ("store", "marketing", "recorded_at")
    problems: list[tuple[Loc, str, str]] = []
    count = tally.rows["?"]
    if count:
        what = "values that are not times" if count != 1 else "value that is not a time"
        example = _example(tally.written["?"])
        problems.append((loc, f"{where} holds {count} {what}, e.g. {example}", hint))
    if tally.rows[""]:
        problems.append((loc, f"{where} is empty in {_rows(tally.rows[''])}", hint))
    return problems


def _example(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"
    return text if len(text) <= 60 else text[:57] + "..."


def _anonymous(mapping: MarketingMapping, count: int) -> tuple[Loc, str, str]:
    one = count == 1
    return (
        ("store", "marketing", "subject_column"),
        f"{count} {'ban or withdrawal' if one else 'bans or withdrawals'} in '{mapping.table}' "
        f"{'names' if one else 'name'} no one ('{mapping.subject_column}' is empty)",
        "nobody can tell whose marketing they forbid: link each row to its person in the "
        "store or remove it",
    )


# --- deciding --------------------------------------------------------------------------------


def _decide(events: Sequence[_Event], as_of: datetime) -> dict[Any, tuple[Reason, datetime]]:
    """Each person's deciding event and when it was: the latest, a refusal winning a tie.

    In doubt a consent counts at its earliest reading and only if even its latest one is not
    after ``as_of``; a refusal at its latest reading if its earliest is not after ``as_of``.
    """
    latest: dict[Any, tuple[tuple[datetime, int], Reason]] = {}
    for event in events:
        earliest, last = event.readings
        if event.reason is Reason.CONSENT:
            if last > as_of:
                continue
            order = (earliest, _RANK[event.reason])
        else:
            if earliest > as_of:
                continue
            order = (last, _RANK[event.reason])
        current = latest.get(event.key)
        if current is None or order > current[0]:
            latest[event.key] = (order, event.reason)
    return {key: (reason, order[0]) for key, (order, reason) in latest.items()}


# --- the people ------------------------------------------------------------------------------


def _people(store: Store) -> dict[Any, dict[str, Any]]:
    """Each person of the subject table by key: the columns naming and reaching them."""
    subject = store.mapping.subject
    rows = subject_rows(store, [*subject.name, *subject.email, *subject.phone])
    return {row[subject.key]: row for row in rows}


def _check_links(
    store: Store,
    mapping: MarketingMapping,
    events: Sequence[_Event],
    people: dict[Any, dict[str, Any]],
) -> None:
    """Refuse choices whose key only looks like a person's: ``'8'`` is not ``8`` to a dict."""
    by_text = {str(key): key for key in people}
    for event in events:
        if event.key in people or str(event.key) not in by_text:
            continue
        subject = store.mapping.subject
        other = by_text[str(event.key)]
        raise mapping_error(
            store.register,
            [
                (
                    ("store", "marketing", "subject_column"),
                    f"'{mapping.table}.{mapping.subject_column}' holds {event.key!r} "
                    f"({_kind(event.key)}) where '{subject.table}.{subject.key}' holds "
                    f"{other!r} ({_kind(other)}), so rekisteri cannot tell whose choices "
                    "those are",
                    "store the key in both columns with the same type, or map a view that "
                    "converts one of them; a ban that links to no one would let its person "
                    "be contacted",
                )
            ],
        )


def _kind(value: Any) -> str:
    kinds = {str: "text", int: "integer", float: "number", bytes: "bytes"}
    return kinds.get(type(value), type(value).__name__)


def _verdict(reason: Reason, address: str) -> Verdict:
    if reason in (Reason.BAN, Reason.WITHDRAWN):
        return Verdict.MUST_NOT_CONTACT
    return Verdict.MAY_CONTACT if address else Verdict.UNREACHABLE


def _contact(subject: SubjectTable, row: dict[str, Any], channel: str) -> tuple[str, str]:
    """A person's name and their first address usable on ``channel``."""
    name = " ".join(str(row[c]).strip() for c in subject.name if row.get(c))
    if channel == "email":
        contact = list(subject.email)
    elif channel in ("sms", "phone"):
        contact = list(subject.phone)
    else:
        contact = []
    for column in contact:
        address = _usable(row.get(column), channel)
        if address:
            return name, address
    return name, ""


def _usable(value: Any, channel: str) -> str:
    """The address in a form a mailing tool takes, or '' when it cannot carry the channel."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if channel == "email":
        email = value.strip().lower()
        return email if email.count("@") == 1 and " " not in email else ""
    # phonenumbers' metadata loads slowly: only a phone channel's list needs it.
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
