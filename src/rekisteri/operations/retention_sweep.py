"""The retention sweep: which rows of the live store have outlived their retention period.

For each data category, the register's retention rule says how long (``period``) from what
event (``counted_from``); ``[store.retention.<rule>]`` says where the store keeps that event's
date:

* ``latest_of``: a date per person, the latest of some columns (the end of the client
  relationship taken as the last appointment, contact or order). When it has passed, all the
  person's rows in the rule's categories are due.
* ``row_date``: each row's own date (when the feedback was given, the invoice date). Rows are
  due one by one; the SQL filters them, so a store of a million rows is not read into Python.

A period is added as the calendar does it (P2Y from 29 February is 28 February) and has passed
the day after it ends.

The sweep computes only what the register states as one period in whole days. A category under
several rules, a rule of several terms (by medium, by group, alternatives), an end date, an
upper limit ("at most"), criteria without a period or a period with a time part (``PT10M``) is
not swept: it is listed with the reason, and no date is guessed for it.

Dates are read as the store declares them: a column of the database's own date type as such,
text as ISO 8601 (or the strftime ``format`` the clock declares), a time with a UTC offset as
the day it is in the mapping's time zone. A value that is none of these is never taken for a
date: it is reported (table, column, rows, an example), and the person or row it belongs to is
not judged, so nobody is listed as past retention because a date could not be read.

The sweep reports; it never deletes, and it opens the store read-only like every other reader
of the store. Deleting is a decision a person makes, e.g. after
checking that no statutory period of another category keeps the same row.
"""

from __future__ import annotations

import functools
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, KeysView, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from rekisteri.access.store import (
    Store,
    mapping_error,
    open_store,
    register_file,
    source_chain,
    subject_column,
    verify_mapping,
)
from rekisteri.documents.i18n import format_date, format_duration, translations
from rekisteri.errors import Loc, RekisteriError
from rekisteri.operations.requests import today
from rekisteri.output import csv_text
from rekisteri.redact import printable, spreadsheet_cell
from rekisteri.register.model import parse_duration
from rekisteri.register.periods import DateReader, add_months, expires_on, uncomputable
from rekisteri.register.periods import add_period as add_period
from rekisteri.register.store_mapping import ISO_DATES, RetentionClock, StoreMapping, StoreSource

if TYPE_CHECKING:
    from rekisteri.register.model import Register

_T = TypeVar("_T")

BATCH = 500
"""Keys bound in one ``IN (…)``: well below every database's limit."""
FEW = 5000
"""Up to this many people past retention, their dates are read by key; beyond it, one
grouped scan per column is cheaper."""

# --- periods -----------------------------------------------------------------------------------


def latest_expired_start(as_of: date, period: str, *, end_of_year: bool = False) -> date:
    """The latest date whose retention period has passed by ``as_of``.

    A later start never expires earlier, so every date up to this one has passed and none
    after it: one comparison decides for each row.
    """
    years, months, days = parse_duration(period)
    guess = add_months(as_of - timedelta(days=days), -(years * 12 + months))
    while expires_on(guess, period, end_of_year=end_of_year) >= as_of:
        guess -= timedelta(days=1)
    while expires_on(guess + timedelta(days=1), period, end_of_year=end_of_year) < as_of:
        guess += timedelta(days=1)
    return guess


def mapping_zone(mapping: StoreMapping) -> tzinfo:
    """The zone the store's times without an offset are in (``[store] time_zone``)."""
    return ZoneInfo(mapping.time_zone)


# --- the report --------------------------------------------------------------------------------


class SubjectDue(NamedTuple):
    """One person whose rows of a category are past retention.

    A tuple rather than a dataclass: a first sweep of an old store makes hundreds of thousands.
    """

    key: Any
    rows: int
    counted_from: date
    """The person's date; for per-row dates, the earliest among the rows past retention."""
    expired_on: date
    """The last day of the period counted from ``counted_from``."""


@dataclass(frozen=True)
class SourceCount:
    source: str
    rows: int


@dataclass
class CategorySweep:
    """What is past retention in one data category."""

    category: str
    rule: str
    period: str
    clock: str
    """'person' (``latest_of``) or 'row' (``row_date``)."""
    end_of_year: bool
    due: list[SubjectDue] = field(default_factory=list)
    sources: list[SourceCount] = field(default_factory=list)
    undated: int = 0
    """Rows (per-row dates) or people (per-person dates) with no date: never reported as due,
    so worth a look."""
    undecided: int = 0
    """Rows or people whose date the store holds as something that is not a date (see
    :attr:`RetentionReport.unreadable`): not judged, never reported as due."""

    @property
    def rows(self) -> int:
        return sum(subject.rows for subject in self.due)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "rule": self.rule,
            "period": self.period,
            "clock": self.clock,
            "end_of_year": self.end_of_year,
            "subjects": len(self.due),
            "rows": self.rows,
            "undated": self.undated,
            "undecided": self.undecided,
            "sources": [{"source": s.source, "rows": s.rows} for s in self.sources],
            "due": [
                {
                    "subject": _json_key(s.key),
                    "rows": s.rows,
                    "counted_from": s.counted_from.isoformat(),
                    "expired_on": s.expired_on.isoformat(),
                }
                for s in self.due
            ],
        }


@dataclass(frozen=True)
class Skipped:
    """A data category the sweep could not judge, and why."""

    category: str
    rule: str | None
    reason: str
    """Why: 'no_rule', 'no_clock' (no [store.retention.<rule>]), 'no_source', or a rule the
    sweep cannot compute (see :data:`NOT_COMPUTABLE`)."""


NOT_COMPUTABLE = (
    "several_rules",
    "several_terms",
    "until",
    "at_most",
    "criteria_only",
    "no_period",
    "time_part",
)
"""Reasons a category's retention is not swept although a rule and a clock are given."""


@dataclass(frozen=True)
class UnreadableDates:
    """Values of one date column that are not dates, where they kept a decision from being made:
    a row's own date, or a date of a person who would otherwise be past retention."""

    table: str
    column: str
    rows: int
    example: str
    """One of the values as Python writes it (``'31.13.2020'``, ``20200101``), escaped."""
    format: str
    """What the column's values were read as: 'ISO 8601' or the declared pattern."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "column": self.column,
            "rows": self.rows,
            "example": self.example,
            "format": self.format,
        }


@dataclass
class RetentionReport:
    """The sweep's findings as of one day."""

    as_of: date
    store: str
    categories: list[CategorySweep] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unreadable: list[UnreadableDates] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(category.rows for category in self.categories)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "store": self.store,
            "rows": self.rows,
            "categories": [category.to_dict() for category in self.categories],
            "skipped": [
                {"category": s.category, "rule": s.rule, "reason": s.reason} for s in self.skipped
            ],
            "unreadable": [u.to_dict() for u in self.unreadable],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """One row per category and person: the rows past retention and since when.

        A text key that a spreadsheet would run as a formula is written as text.
        """
        # A first sweep writes hundreds of thousands of rows, on few days.
        day = functools.cache(date.isoformat)
        rows = (
            [
                category.category,
                category.rule,
                _csv_key(subject.key),
                subject.rows,
                day(subject.counted_from),
                day(subject.expired_on),
            ]
            for category in self.categories
            for subject in category.due
        )
        header = ["category", "rule", "subject", "rows", "counted_from", "expired_on"]
        return csv_text(itertools.chain([header], rows))


def _json_key(key: Any) -> Any:
    return key if isinstance(key, int | str) else str(key)


def _csv_key(key: Any) -> Any:
    return spreadsheet_cell(key) if isinstance(key, str) else key


# --- the sweep ---------------------------------------------------------------------------------


def sweep(register: Register, *, as_of: date | None = None) -> RetentionReport:
    """List, per data category, the people and rows whose retention has passed by ``as_of``."""
    day = as_of or today()
    with open_store(register) as store:
        verify_mapping(store)
        _verify_clocks(store)
        return _Sweep(register, store, day).run()


PersonDates = tuple[dict[Any, date], dict[Any, list[Any]]]
"""Per person, from one column: the latest date, and the values that are not dates."""
Column = tuple[str, str | None]
"""A date column as ``table.column`` and the strftime pattern declared for it (None: ISO)."""


class _Pending(NamedTuple):
    people: set[Any]
    """Everyone without a date after the last expired start."""
    dates: dict[Any, date]
    """The latest date of those who have one."""
    undecided: set[Any]
    """Those with a value that is not a date and no later date that decides for them."""


class _Sweep:
    def __init__(self, register: Register, store: Store, as_of: date) -> None:
        self.register = register
        self.store = store
        self.mapping: StoreMapping = store.mapping
        self.as_of = as_of
        self.zone = mapping_zone(self.mapping)
        self._readers: dict[str | None, DateReader] = {}
        self._person_dates: dict[Column, PersonDates] = {}
        self._active_cache: dict[tuple[Column, date], set[Any]] = {}
        self._active_union: dict[tuple[tuple[Column, ...], date], set[Any]] = {}
        self._pending_cache: dict[tuple[tuple[Column, ...], date], _Pending] = {}
        self._rows_by_subject: dict[int, dict[Any, int]] = {}
        self._subjects: dict[Any, Any] | None = None
        self._unreadable: dict[Column, dict[Any, list[Any]]] = {}

    def run(self) -> RetentionReport:
        report = RetentionReport(as_of=self.as_of, store=self.store.location.display)
        rules = {rule.id: rule for rule in self.register.retention}
        for category in self.register.data_categories:
            rule_ids = category.retention_ids
            if not rule_ids:
                report.skipped.append(Skipped(category.id, None, "no_rule"))
                continue
            if len(rule_ids) > 1:
                # Which rule ends the retention of a row is not for the sweep to guess.
                report.skipped.append(Skipped(category.id, ", ".join(rule_ids), "several_rules"))
                continue
            [rule_id] = rule_ids
            clock = self.mapping.retention.get(rule_id)
            if clock is None:
                report.skipped.append(Skipped(category.id, rule_id, "no_clock"))
                continue
            rule = rules[rule_id]
            period = clock.period or rule.period
            reason = uncomputable(rule, period)
            if reason is not None or period is None:
                report.skipped.append(Skipped(category.id, rule_id, reason or "no_period"))
                continue
            sources = self.mapping.sources_of(category.id)
            if not sources:
                report.skipped.append(Skipped(category.id, rule_id, "no_source"))
                continue
            found = CategorySweep(
                category=category.id,
                rule=rule_id,
                period=period,
                clock="person" if clock.latest_of else "row",
                end_of_year=clock.end_of_year,
            )
            if clock.latest_of:
                self._by_person(found, clock, sources)
            else:
                self._by_row(found, clock, sources)
            report.categories.append(found)
        report.unreadable = self._unreadable_report()
        return report

    def _reader(self, pattern: str | None) -> DateReader:
        if pattern not in self._readers:
            self._readers[pattern] = DateReader(pattern, self.zone)
        return self._readers[pattern]

    def _trusted(self, table: str, column: str, value: Any, pattern: str | None) -> Any:
        """When SQL may compare the column's values as dates: True, False, or a condition that
        holds for the values it may.

        SQLite keeps dates as text, which compares in date order only in the one ISO form; a
        value in any other form is read in Python. A server database's date types compare as
        dates; its text columns and declared formats are read value by value.
        """
        if pattern is not None:
            return False
        if self.store.dialect == "sqlite":
            return _canonical_iso(value)
        return _is_date_type(self.store.column_types(table).get(column))

    def _note_unreadable(self, column: Column, found: dict[Any, list[Any]]) -> None:
        # A column read for two rules holds the same values for a person; count them once.
        known = self._unreadable.setdefault(column, {})
        for key, values in found.items():
            if len(values) > len(known.get(key, ())):
                known[key] = values

    def _unreadable_report(self) -> list[UnreadableDates]:
        report = []
        for (reference, pattern), by_key in sorted(
            self._unreadable.items(), key=lambda item: (item[0][0], item[0][1] or "")
        ):
            values = [value for found in by_key.values() for value in found]
            if not values:
                continue
            table, _, column = reference.partition(".")
            example = min(printable(repr(value)) for value in values)
            described = self._reader(pattern).describe()
            report.append(UnreadableDates(table, column, len(values), example, described))
        return report

    # -- a date per person ---------------------------------------------------------------------

    def _by_person(
        self, found: CategorySweep, clock: RetentionClock, sources: Sequence[StoreSource]
    ) -> None:
        last_start = latest_expired_start(self.as_of, found.period, end_of_year=clock.end_of_year)
        columns = tuple(
            (reference, _declared_pattern(clock, reference)) for reference in clock.latest_of
        )
        # Two steps, so a sweep costs one scan per date column and then work for the people
        # past retention only: first those with any date after the last expired start (still
        # within retention), then the latest date and the rows of everyone else.
        pending = self._pending(columns, last_start)
        expired = {
            key: day
            for key, day in pending.dates.items()
            if day <= last_start and key not in pending.undecided
        }
        undated = pending.people - set(pending.dates) - pending.undecided
        rows: dict[Any, int] = {}
        holders_undated: set[Any] = set()
        holders_undecided: set[Any] = set()
        for source in sources:
            if source.query is not None:
                counts = self._query_rows(source, expired)
            else:
                every = self._rows_of(source, pending.people)
                # Set operations on the keys, not loops: a first sweep has 100,000s of people.
                holders_undated |= every.keys() & undated
                holders_undecided |= every.keys() & pending.undecided
                counts = {key: every[key] for key in every.keys() & expired.keys()}
            for key, count in counts.items():
                rows[key] = rows.get(key, 0) + count
            found.sources.append(SourceCount(_describe(source), sum(counts.values())))
        found.undated = len(holders_undated)
        found.undecided = len(holders_undecided)
        found.due = [
            SubjectDue(
                key,
                count,
                expired[key],
                expires_on(expired[key], found.period, end_of_year=clock.end_of_year),
            )
            for key, count in sorted(rows.items(), key=lambda item: _sort_key(item[0]))
            if count
        ]

    def _pending(self, columns: tuple[Column, ...], last_start: date) -> _Pending:
        """The people with no date after ``last_start``, and the latest date of those who have
        one; shared by the categories of one rule."""
        cache_key = (columns, last_start)
        if cache_key not in self._pending_cache:
            active = self._active(columns, last_start + timedelta(days=1))
            people = self._all_subjects() - active
            dates, unreadable = self._latest(columns, people)
            # A value that is not a date might be later than every date the person has: it
            # leaves them undecided, unless a date already keeps them within retention.
            undecided = {
                key
                for found in unreadable.values()
                for key in found
                if not (key in dates and dates[key] > last_start)
            }
            for column, found in unreadable.items():
                self._note_unreadable(
                    column, {key: values for key, values in found.items() if key in undecided}
                )
            self._pending_cache[cache_key] = _Pending(people, dates, undecided)
        return self._pending_cache[cache_key]

    def _active(self, columns: tuple[Column, ...], bound: date) -> set[Any]:
        """People with a date on or after ``bound`` in any of ``columns`` that SQL can tell."""
        union_key = (columns, bound)
        if union_key in self._active_union:
            return self._active_union[union_key]
        active: set[Any] = set()
        for column_key in columns:
            cache_key = (column_key, bound)
            if cache_key not in self._active_cache:
                self._active_cache[cache_key] = self._active_in(column_key, bound)
            active |= self._active_cache[cache_key]
        self._active_union[union_key] = active
        return active

    def _active_in(self, column_key: Column, bound: date) -> set[Any]:
        reference, pattern = column_key
        table_name, _, column = reference.partition(".")
        link = _link_column(self.mapping, table_name)
        assert link is not None  # _verify_clocks made sure
        table = sa.table(table_name, *(sa.column(c) for c in dict.fromkeys([link, column])))
        value = table.c[column]
        trusted = self._trusted(table_name, column, value, pattern)
        if trusted is False:
            return set()  # every value is read and judged with the pending people's
        condition = value >= self._bound(table_name, column, bound)
        if trusted is not True:
            condition = sa.and_(condition, trusted)
        # Plain rows, no DISTINCT: a database would walk the link's index to make them
        # distinct and read the table row by row; a set does it cheaper.
        statement = sa.select(self._as_key(table_name, link, table.c[link])).where(condition)
        return _fold(self.store, statement, lambda rows: set(map(itemgetter(0), rows)))

    def _all_subjects(self) -> KeysView[Any]:
        return self._keys().keys()

    def _keys(self) -> dict[Any, Any]:
        """Every subject's key, mapped to itself: the rows of other tables give each person's
        key as a new object, and what the sweep keeps of them (dates, counts, the report)
        holds the one object instead, which is a tenth of a first sweep's memory."""
        if self._subjects is None:
            subject = self.mapping.subject
            table = sa.table(subject.table, sa.column(subject.key))
            statement = sa.select(table.c[subject.key])
            self._subjects = _fold(self.store, statement, lambda rows: {k: k for (k,) in rows})
        return self._subjects

    def _latest(
        self, columns: Sequence[Column], keys: set[Any]
    ) -> tuple[dict[Any, date], dict[Column, dict[Any, list[Any]]]]:
        """The latest date among ``columns`` of each person in ``keys`` who has one, and per
        column the values of theirs that are not dates."""
        latest: dict[Any, date] = {}
        unreadable: dict[Column, dict[Any, list[Any]]] = {}
        if not keys:
            return latest, unreadable
        for column_key in columns:
            if len(keys) > FEW or column_key in self._person_dates:
                found, odd = self._dates(column_key)
                # Walk the smaller side: often everyone is pending, sometimes a handful.
                if len(found) <= len(keys):
                    pairs: Iterable[tuple[Any, date]] = (
                        (key, day) for key, day in found.items() if key in keys
                    )
                else:
                    pairs = ((key, found[key]) for key in keys if key in found)
                odd = {key: values for key, values in odd.items() if key in keys}
            else:
                found, odd = self._dates_of(column_key, keys)
                pairs = found.items()
            for key, day in pairs:
                before = latest.get(key)
                if before is None or day > before:
                    latest[key] = day
            if odd:
                unreadable[column_key] = odd
        return latest, unreadable

    def _dates(self, column_key: Column) -> PersonDates:
        """Every person's latest date in one column (for a sweep where many are past).

        The rows are read in one scan and the latest found here: a database grouping them by
        person walks the link's index and reads the table row by row, several times slower.
        """
        if column_key not in self._person_dates:
            reference, pattern = column_key
            table, link = self._dated_table(reference)
            value = table.c[reference.partition(".")[2]]
            statement = sa.select(link, value).where(value.is_not(None))
            reader = self._reader(pattern)
            self._person_dates[column_key] = _fold(
                self.store, statement, lambda rows: _latest_per_key(rows, reader, self._keys())
            )
        return self._person_dates[column_key]

    def _dates_of(self, column_key: Column, keys: set[Any]) -> PersonDates:
        """Every date in one column of a few people, by the link's index."""
        reference, pattern = column_key
        table, link = self._dated_table(reference)
        value = table.c[reference.partition(".")[2]]
        statement = sa.select(link, value).where(
            value.is_not(None), link.in_(sa.bindparam("keys", expanding=True))
        )
        rows: list[Any] = []
        ordered = sorted(keys, key=_sort_key)
        for start in range(0, len(ordered), BATCH):
            rows += _rows(self.store, statement, {"keys": ordered[start : start + BATCH]})
        return _latest_per_key(rows, self._reader(pattern))

    def _dated_table(self, reference: str) -> tuple[Any, Any]:
        table_name, _, column = reference.partition(".")
        link = _link_column(self.mapping, table_name)
        assert link is not None  # _verify_clocks made sure
        table = sa.table(table_name, *(sa.column(c) for c in dict.fromkeys([link, column])))
        return table, self._as_key(table_name, link, table.c[link])

    def _as_key(self, table: str, column: str, link: Any) -> Any:
        """The link column as a value of the subject's key, as the statements select it.

        People are told apart in Python by their key, so a link of another type than the key
        (a booking system's text '13' for the client 13) must come back as the key itself, or
        that person's dates and rows are missed and they look expired. The store's integrity
        check has verified that every link value is, as text, exactly one key's text: the
        cast below is then exact. Links of the key's own type stay bare, for their index.
        """
        subject = self.mapping.subject
        same = self.store.compared_as_text(table, column, subject.table, subject.key)
        if same == (False, False):
            return link
        key_type = self.store.column_types(subject.table)[subject.key]
        return sa.cast(sa.cast(link, sa.Text), key_type)

    def _chain(
        self, source: StoreSource, first_columns: Sequence[str] = ()
    ) -> tuple[Any, Any, Any]:
        """A source's joined tables and its link, selected as the subject's key."""
        joined, first, link = source_chain(source, self.mapping, first_columns, store=self.store)
        last = source.tables[-1]
        return joined, first, self._as_key(last, subject_column(source, self.mapping), link)

    def _rows_of(self, source: StoreSource, keys: set[Any]) -> dict[Any, int]:
        """How many rows ``source`` holds about each person in ``keys`` who has any."""
        if source.table == self.mapping.subject.table and not source.via:
            # The subject table holds one row per person: nothing to count.
            return {key: 1 for key in keys}
        if len(keys) > FEW:
            cached = self._rows_by_subject.get(id(source))
            if cached is None:
                joined, _first, link = self._chain(source)
                statement = sa.select(link, sa.func.count()).select_from(joined).group_by(link)
                one = self._keys().get
                cached = _fold(
                    self.store,
                    statement,
                    lambda rows: {one(key, key): int(n) for key, n in rows if key is not None},
                )
                self._rows_by_subject[id(source)] = cached
            return {key: cached[key] for key in cached.keys() & keys}
        joined, _first, link = self._chain(source)
        statement = (
            sa.select(link, sa.func.count())
            .select_from(joined)
            .where(link.in_(sa.bindparam("keys", expanding=True)))
            .group_by(link)
        )
        counts: dict[Any, int] = {}
        ordered = sorted(keys, key=_sort_key)
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start : start + BATCH]
            counts.update((key, int(n)) for key, n in _rows(self.store, statement, {"keys": batch}))
        return counts

    def _query_rows(self, source: StoreSource, expired: dict[Any, date]) -> dict[Any, int]:
        # A query source is written for one subject (:subject), so it runs once per person past
        # retention; only those, not the whole store.
        assert source.query is not None
        counts: dict[Any, int] = {}
        keys = sorted(expired, key=_sort_key)
        raw = (
            self.store.conn.connection.dbapi_connection if self.store.dialect == "sqlite" else None
        )
        if raw is not None:
            # SQLite's own driver understands the :subject bind as written; compiling the
            # statement once per person through SQLAlchemy would cost more than running it.
            try:
                for key in keys:
                    count = len(raw.execute(source.query, {"subject": key}).fetchall())
                    if count:
                        counts[key] = count
                return counts
            except sqlite3.Error:
                counts.clear()  # the store's own reading below explains what is wrong
        statement = sa.text(source.query)
        for key in keys:
            rows = self.store.fetch(statement, {"subject": key})[1]
            if rows:
                counts[key] = len(rows)
        return counts

    # -- a date per row ------------------------------------------------------------------------

    def _by_row(
        self, found: CategorySweep, clock: RetentionClock, sources: Sequence[StoreSource]
    ) -> None:
        last_start = latest_expired_start(self.as_of, found.period, end_of_year=clock.end_of_year)
        per_subject: dict[Any, tuple[int, date]] = {}
        for source in sources:
            column = _row_date_column(clock, source)
            assert source.table is not None and column is not None  # _verify_clocks made sure
            pattern = _declared_pattern(clock, f"{source.table}.{column}")
            joined, first, link = self._chain(source, [column])
            day = first.c[column]
            statement = sa.select(link, day).select_from(joined)
            trusted = self._trusted(source.table, column, day, pattern)
            if trusted is not False:
                bound = self._bound(source.table, column, last_start + timedelta(days=1))
                # Rows, not GROUP BY: grouping makes SQLite walk the link's index and read the
                # table row by row, while a filtered scan reads it once. Rows without a date,
                # and values SQL cannot compare as dates, come along in the same scan.
                keep = [day < bound, day.is_(None)]
                if trusted is not True:
                    keep.append(sa.not_(trusted))
                statement = statement.where(sa.or_(*keep))
            scanned = _fold(
                self.store,
                statement,
                functools.partial(_row_starts, self._reader(pattern), last_start),
            )
            found.undated += scanned.undated
            unreadable = scanned.unreadable
            total = sum(count for count, _start in scanned.due.values())
            if not per_subject:
                per_subject = scanned.due
            else:
                for key, (count, start) in scanned.due.items():
                    before = per_subject.get(key)
                    per_subject[key] = (
                        (count, start)
                        if before is None
                        else (before[0] + count, min(before[1], start))
                    )
            found.undecided += sum(map(len, unreadable.values()))
            self._note_unreadable((f"{source.table}.{column}", pattern), unreadable)
            found.sources.append(SourceCount(_describe(source), total))
        found.due = [
            SubjectDue(
                key,
                count,
                start,
                expires_on(start, found.period, end_of_year=clock.end_of_year),
            )
            for key, (count, start) in sorted(per_subject.items(), key=lambda i: _sort_key(i[0]))
        ]

    def _bound(self, table: str, column: str, day: date) -> Any:
        """``day`` as the column compares with it: SQLite keeps dates as ISO text; a time with
        a zone compares with the day's first moment in the mapping's zone."""
        if self.store.dialect == "sqlite":
            return day.isoformat()
        kind = self.store.column_types(table).get(column)
        if isinstance(kind, sa.DateTime) and kind.timezone:
            return datetime.combine(day, time(), self.zone)
        return day if _is_date_type(kind) else day.isoformat()


def _rows(store: Store, statement: Any, params: dict[str, Any] | None = None) -> list[Any]:
    """The rows of a statement that reads keys, counts and dates, as a list."""
    return _fold(store, statement, list, params)


def _fold(
    store: Store,
    statement: Any,
    fold: Callable[[Iterable[Any]], _T],
    params: dict[str, Any] | None = None,
) -> _T:
    """``fold`` of the rows of a statement that reads keys, counts and dates.

    On SQLite the rows stream from the driver's own cursor, which is several times faster
    than SQLAlchemy's row objects over the million rows a sweep may scan, and holds one row at
    a time instead of all of them; the connection is the store's read-only one either way.
    Other databases go through :meth:`Store.fetch`. ``fold`` starts afresh on every call: a
    cursor that fails midway is folded again from the store's own reading.
    """
    if store.dialect != "sqlite":
        return fold(store.fetch(statement, params)[1])
    compiled = statement.compile(dialect=store.conn.dialect)
    expanded = compiled.construct_expanded_state(params)
    raw = store.conn.connection.dbapi_connection
    assert raw is not None
    try:
        return fold(raw.execute(expanded.statement, expanded.positional_parameters))
    except sqlite3.OperationalError:
        # Text that is not UTF-8, a locked file: the store's own reading explains and copes.
        return fold(store.fetch(statement, params)[1])


class _RowStarts(NamedTuple):
    due: dict[Any, tuple[int, date]]
    """Per person, how many rows are past retention and the earliest date among them."""
    undated: int
    unreadable: dict[Any, list[Any]]


def _row_starts(reader: DateReader, last_start: date, rows: Iterable[Sequence[Any]]) -> _RowStarts:
    """The rows (key, date) whose date is on or before ``last_start``, counted per person."""
    read = reader.read
    due: dict[Any, tuple[int, date]] = {}
    undated = 0
    unreadable: dict[Any, list[Any]] = {}
    for key, value in rows:
        if key is None:
            continue
        try:
            start = read(value)
        except ValueError:
            unreadable.setdefault(key, []).append(value)
            continue
        if start is None:
            undated += 1
            continue
        if start > last_start:
            continue
        before = due.get(key)
        if before is None:
            due[key] = (1, start)
        else:
            due[key] = (before[0] + 1, min(before[1], start))
    return _RowStarts(due, undated, unreadable)


def _latest_per_key(
    rows: Iterable[Sequence[Any]], reader: DateReader, keys: dict[Any, Any] | None = None
) -> PersonDates:
    """Per person, the latest date of ``rows`` (key, value) and the values that are not dates;
    each key as the one object ``keys`` maps it to (see _Sweep._keys)."""
    read = reader.read
    latest: dict[Any, date] = {}
    unreadable: dict[Any, list[Any]] = {}
    one = keys.get if keys is not None else None
    for key, value in rows:
        if key is None:
            continue
        if one is not None:
            key = one(key, key)
        try:
            day = read(value)
        except ValueError:
            unreadable.setdefault(key, []).append(value)
            continue
        if day is not None:
            before = latest.get(key)
            if before is None or day > before:
                latest[key] = day
    return latest, unreadable


def _canonical_iso(value: Any) -> Any:
    """SQL that holds for the text values SQLite compares in date order: a valid
    ``YYYY-MM-DD``, or one followed by `` HH:MM:SS`` (or ``T``), without an offset. It is
    never NULL for a value, so ``NOT`` of it picks every other value, to be read in Python.

    The day is taken to its Julian number and back, which refuses 30 February and 24:00 as
    well as ``'31.13.2020'``; the cheap tests come first, as SQLite evaluates them in order.
    """
    size = sa.func.length(value)
    return sa.and_(
        size.in_([10, 19]),
        sa.or_(size == 10, sa.func.substr(value, 17, 1) == ":"),
        sa.func.date(sa.func.julianday(value)).is_not_distinct_from(sa.func.substr(value, 1, 10)),
    )


def _is_date_type(kind: Any) -> bool:
    try:
        return kind is not None and kind.python_type in (date, datetime)
    except NotImplementedError:
        return False


def _declared_pattern(clock: RetentionClock, reference: str) -> str | None:
    declared = clock.format
    if isinstance(declared, dict):
        declared = declared.get(reference)
    return None if declared is None or declared == ISO_DATES else declared


def _sort_key(key: Any) -> tuple[int, Any]:
    return (0, key) if isinstance(key, int | float) else (1, str(key))


def _describe(source: StoreSource) -> str:
    if source.table is not None:
        return source.table
    return "query (" + ", ".join(source.covers) + ")" if source.covers else "query"


def _link_column(mapping: StoreMapping, table: str) -> str | None:
    """The column of ``table`` holding the subject's key, when the mapping tells it."""
    if table == mapping.subject.table:
        return mapping.subject.key
    for source in mapping.sources:
        if source.table == table and not source.via:
            return subject_column(source, mapping)
    return None


def _row_date_column(clock: RetentionClock, source: StoreSource) -> str | None:
    if isinstance(clock.row_date, str):
        return clock.row_date
    if clock.row_date is None or source.table is None:
        return None
    return clock.row_date.get(source.table)


def _verify_clocks(store: Store) -> None:
    """Fail, naming each key of ``[store.retention]``, when it names what the store lacks."""
    mapping = store.mapping
    register = store.register
    problems: list[tuple[Loc, str, str]] = []
    tables = store.table_names
    categories = {c.id: c for c in register.data_categories}
    for rule_id, clock in mapping.retention.items():
        base: Loc = ("store", "retention", rule_id)
        for i, reference in enumerate(clock.latest_of):
            table, _, column = reference.partition(".")
            loc: Loc = (*base, "latest_of", i)
            if table not in tables:
                problems.append((loc, f"the store has no table '{table}'", ""))
            elif _link_column(mapping, table) is None:
                problems.append(
                    (
                        loc,
                        f"rekisteri cannot tell which column of '{table}' holds the subject's key",
                        f"use the subject table '{mapping.subject.table}' or a table that a "
                        "[[store.sources]] entry reads directly (without via)",
                    )
                )
            elif column not in store.columns(table):
                problems.append((loc, f"table '{table}' has no column '{column}'", ""))
        if clock.row_date is None:
            continue
        ruled = [c for c in categories.values() if rule_id in c.retention_ids]
        read = {
            f"{source.table}.{_row_date_column(clock, source)}"
            for category in ruled
            for source in mapping.sources_of(category.id)
            if source.table is not None
        }
        for key in clock.format if isinstance(clock.format, dict) else ():
            if key not in read:
                problems.append(
                    (
                        (*base, "format", key),
                        f"'{key}' is not a column this rule reads",
                        "name a source table of the rule's data categories and its row_date "
                        f"column: {', '.join(sorted(read)) or '(none)'}",
                    )
                )
        for category in ruled:
            for source in mapping.sources_of(category.id):
                if source.query is not None or source.table is None:
                    problems.append(
                        (
                            (*base, "row_date"),
                            f"data category '{category.id}' has a query source, which has no "
                            "row dates to read",
                            "use latest_of for this rule, or map the category with a table",
                        )
                    )
                    continue
                date_column = _row_date_column(clock, source)
                if date_column is None:
                    problems.append(
                        (
                            (*base, "row_date"),
                            f"no row_date is given for table '{source.table}' (data category "
                            f"'{category.id}')",
                            f'add {source.table} = "<date column>" to row_date',
                        )
                    )
                elif date_column not in store.columns(source.table):
                    problems.append(
                        (
                            (*base, "row_date"),
                            f"table '{source.table}' has no column '{date_column}'",
                            "",
                        )
                    )
    if problems:
        raise mapping_error(
            register,
            problems,
            summary=f"{register_file(register)}: [store.retention] does not match the store "
            f"{store.location.display}",
        )


# --- text for people ---------------------------------------------------------------------------


def format_text(report: RetentionReport, register: Register, lang: str, limit: int = 20) -> str:
    """The sweep as sentences, per category, with the first people's keys."""
    catalog = translations(lang, "running", templates=register.templates)
    _, ngettext = catalog.gettext, catalog.ngettext
    rules = {rule.id: rule for rule in register.retention}
    lines = [
        _("Retention as of %(date)s in %(store)s. This report deletes nothing.")
        % {"date": format_date(report.as_of, lang), "store": report.store}
    ]
    for category in report.categories:
        name = register.data_category(category.category).name.get(lang)
        counted = rules[category.rule].counted_from
        period = format_duration(category.period, lang)
        if counted is not None and category.period == rules[category.rule].period:
            rule = _("%(period)s from %(event)s") % {"period": period, "event": counted.get(lang)}
        else:
            rule = period
        lines.append("")
        lines.append(f"{name} ({category.category}): {rule}")
        if category.due:
            rows = ngettext("%(count)d row", "%(count)d rows", category.rows) % {
                "count": category.rows
            }
            lines.append(
                "  "
                + ngettext(
                    "%(rows)s of %(count)d person past retention",
                    "%(rows)s of %(count)d people past retention",
                    len(category.due),
                )
                % {"rows": rows, "count": len(category.due)}
            )
            keys = ", ".join(str(subject.key) for subject in category.due[:limit])
            more = len(category.due) - limit
            if more > 0:
                keys += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {
                    "count": more
                }
            lines.append("  " + _("People (store keys): %(keys)s") % {"keys": keys})
        else:
            lines.append("  " + _("Nothing past retention."))
        if category.undated:
            lines.append(
                "  "
                + ngettext(
                    "%(count)d without a date to count from: check by hand",
                    "%(count)d without a date to count from: check by hand",
                    category.undated,
                )
                % {"count": category.undated}
            )
        if category.undecided:
            lines.append(
                "  "
                + ngettext(
                    "%(count)d without a readable date: not judged, check by hand",
                    "%(count)d without a readable date: not judged, check by hand",
                    category.undecided,
                )
                % {"count": category.undecided}
            )
    if report.unreadable:
        lines.append("")
        lines.append(_("Values that are not dates (their people and rows were not judged):"))
        for unreadable in report.unreadable:
            if unreadable.format == "ISO 8601":
                expected = _("expected ISO 8601 (YYYY-MM-DD)")
            else:
                expected = _("expected the declared format %(format)s") % {
                    "format": unreadable.format
                }
            rows = ngettext(
                "%(count)d row holds a value that is not a date",
                "%(count)d rows hold a value that is not a date",
                unreadable.rows,
            ) % {"count": unreadable.rows}
            lines.append(
                f"  {unreadable.table}.{unreadable.column}: "
                + _("%(rows)s (e.g. %(example)s); %(expected)s")
                % {"rows": rows, "example": unreadable.example, "expected": expected}
            )
        lines.append(
            "  "
            + _(
                "Correct the values in the store, or declare how the store writes these dates "
                "with format in [store.retention.<rule>]."
            )
        )
    if report.skipped:
        lines.append("")
        lines.append(_("Not swept:"))
        reasons = {
            "no_rule": _("no retention rule"),
            "no_clock": _("no [store.retention.%(rule)s] table"),
            "no_period": _("the rule has no period"),
            "no_source": _("no source in the store"),
            "several_rules": _("several retention rules (%(rule)s): not computed"),
            "several_terms": _("the rule has several terms: not computed"),
            "until": _("the rule gives an end date, not a period: not computed"),
            "at_most": _("the rule gives an upper limit only: not computed"),
            "criteria_only": _("the rule gives criteria, not a period: not computed"),
            "time_part": _("the period has a time part (hours, minutes): not computed"),
        }
        for skipped in report.skipped:
            name = register.data_category(skipped.category).name.get(lang)
            reason = reasons[skipped.reason] % {"rule": skipped.rule}
            lines.append(f"  {name} ({skipped.category}): {reason}")
    return "\n".join(lines) + "\n"


def refuse_without_store(register: Register) -> None:
    if register.store is None:
        raise RekisteriError(
            f"{register_file(register)}: the register has no [store] table, so there is no "
            "store to sweep"
        )
