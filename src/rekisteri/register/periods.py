"""Calendar periods as the register's retention rules write them (ISO 8601: P2Y, P6M, P30D).

Pure date arithmetic, shared by the retention sweep (which rows have outlived their period), the
access report (until when one person's data is kept) and the GDPR deadlines: a month is counted
as the calendar has it, so 31 January plus one month is 28 February (29 in a leap year), as
Art. 3(2)(c) of Regulation (EEC, Euratom) No 1182/71 counts it; a period has passed the day after
its last day. :class:`DateReader` reads a store's date values as days, never guessing one.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rekisteri.register.iso import ISO_DATES, parse_duration

if TYPE_CHECKING:
    from rekisteri.register.model import RetentionRule


def add_months(start: date, months: int) -> date:
    """The same date ``months`` later, or the last day of that month when the date is missing.

    This is Art. 3(2)(c) of Regulation 1182/71: 31 January + 1 month = 28 February (29 in a
    leap year); 30 November + 3 months = 28 or 29 February.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_period(start: date, period: str) -> date:
    """``start`` plus an ISO 8601 period, months counted as the calendar has them."""
    years, months, days = parse_duration(period)
    return add_months(start, years * 12 + months) + timedelta(days=days)


@lru_cache(maxsize=8192)
def expires_on(counted_from: date, period: str, *, end_of_year: bool = False) -> date:
    """The last day of the retention period that counts from ``counted_from``.

    ``end_of_year``: the period counts from the end of that date's year (bookkeeping: "the end
    of the year in which the financial period ended").
    """
    start = date(counted_from.year, 12, 31) if end_of_year else counted_from
    return add_period(start, period)


def uncomputable(rule: RetentionRule, period: str | None) -> str | None:
    """Why the end of ``rule`` cannot be dated (with ``period`` from the store's clock or the
    rule), or None when it can: one term, one period of whole days.

    A rule of several terms, an end date, an upper limit ("at most"), criteria without a
    period or a period with a time part (``PT10M``) is not dated: no date is guessed for it.
    """
    if len(rule.all_terms) > 1:
        return "several_terms"
    if rule.until is not None:
        return "until"
    if rule.at_most:
        return "at_most"
    if rule.period is None:
        return "criteria_only" if rule.criteria is not None else "no_period"
    if period is None:
        return "no_period"
    # The store keeps days: a rule counted in hours or minutes is not measured by them, even
    # where the store's clock gives a period of its own.
    for given in (rule.period, period):
        try:
            parse_duration(given)
        except ValueError:
            return "time_part"
    return None


class DateReader:
    """How the values of one date column become days.

    ``pattern`` is the strftime pattern the mapping declares, or None for ISO 8601 text. Values
    of the database's own date types are days whatever the pattern. A time with a UTC offset
    is the day it is in ``zone``; a time without one is already a time there. Anything else
    raises ``ValueError``: a number, ``'31.13.2020'``, ``'eilen'`` or ``''`` is not a date.
    """

    __slots__ = ("_days", "_times", "pattern", "zone")

    def __init__(self, pattern: str | None, zone: tzinfo) -> None:
        self.pattern = None if pattern == ISO_DATES else pattern
        self.zone = zone
        # 'YYYY-MM-DD HH:MM:SS' is valid exactly when its day and its time are: each part seen
        # in a value that parsed is remembered, so a column of a million moments on a few
        # thousand days at a few hundred times is parsed a few thousand times.
        self._days: dict[str, date] = {}
        self._times: set[str] = set()

    def __call__(self, value: Any) -> date | None:
        return self.read(value)

    def read(self, value: Any) -> date | None:
        if type(value) is str:  # the common case first: SQLite keeps dates as text
            if self.pattern is not None:
                return self._declared(value)
            # A sweep reads millions of these: 'YYYY-MM-DD HH:MM:SS' without another call.
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                # One date object per day, not per row: a sweep keeps hundreds of thousands.
                day = self._days.get(value)
                if day is None:
                    self._days[value] = day = date.fromisoformat(value)
                return day
            if len(value) == 19 and value[10] == " " and value[4] == "-" and value[7] == "-":
                day = self._days.get(value[:10])
                if day is not None and value[10:] in self._times:
                    return day
                try:
                    moment = datetime.fromisoformat(value)
                except ValueError:
                    moment = None
                if moment is not None and moment.tzinfo is None:
                    self._days[value[:10]] = day = moment.date()
                    self._times.add(value[10:])
                    return day
            return self._iso(value)
        if isinstance(value, datetime):
            return self._day(value)
        if isinstance(value, date):
            return value
        if value is None:
            return None
        raise ValueError(f"{value!r} is not a date")

    def _iso(self, text: str) -> date:
        # The extended calendar form only: week dates and the basic form (20230406) are ISO
        # too, but a store holding them holds numbers as often, and text of one form compares
        # in order in SQL.
        size = len(text)
        if size == 10 and text[4] == "-" and text[7] == "-":
            return date.fromisoformat(text)
        if size > 10 and text[4] == "-" and text[7] == "-" and text[10] in " T":
            try:
                return self._day(datetime.fromisoformat(text))
            except ValueError:
                pass
        stripped = text.strip()
        if stripped and stripped != text:
            return self._iso(stripped)
        raise ValueError(f"{text!r} is not an ISO 8601 date")

    def _declared(self, text: str) -> date:
        assert self.pattern is not None
        return self._day(datetime.strptime(text.strip(), self.pattern))

    def _day(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            return moment.date()
        try:
            return moment.astimezone(self.zone).date()
        except OverflowError:  # a moment near year 1 or 9999 that the zone moves past it
            raise ValueError(f"{moment} is not a date the calendar holds") from None

    def describe(self) -> str:
        return "ISO 8601" if self.pattern is None else self.pattern
