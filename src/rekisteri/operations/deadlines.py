"""The time limits of GDPR Art. 12(3), counted the way EU law counts periods.

A request by a data subject is answered "without undue delay and in any event within one month
of receipt"; the period "may be extended by two further months where necessary", and the person
is told of the extension, with the reasons, within the first month.

How a month is counted is not in the GDPR but in Regulation (EEC, Euratom) No 1182/71
determining the rules applicable to periods, dates and time limits, which applies to the acts
of the EU institutions, the GDPR among them:

* Art. 3(1): the day of receipt is not counted; the period starts the next day.
* Art. 3(2)(c): a period in months ends on the day of the last month that has the same date as
  the day of receipt; when that date does not exist in the last month (31 January plus one
  month), the period ends on the last day of that month (28 or 29 February).
* Art. 3(4): when the last day is a public holiday, a Saturday or a Sunday, the period ends on
  the following working day.
* Art. 2(2): the holidays are those of the Member State where the act is done; here Finland's,
  from the ``holidays`` package. They include Midsummer Eve and Christmas Eve, which Finnish law
  also treats as closed days for time limits (Act 150/1930 on calculating statutory periods).

The two further months of an extension run from the end of the first month as the calendar
gives it (before any move to a working day), so moving the first deadline off a weekend never
lengthens the extension; the result is again moved to a working day.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

# Calendar months live with the other pure period arithmetic; imported here for Art. 12(3).
from rekisteri import derived
from rekisteri.register.periods import add_months as add_months

if TYPE_CHECKING:
    from holidays import HolidayBase

RESPONSE_MONTHS = 1
"""Art. 12(3): one month from receipt."""
MAX_EXTENSION_MONTHS = 2
"""Art. 12(3): at most two further months."""

# The holiday names of the `holidays` package in the languages rekisteri speaks.
_HOLIDAY_LANGUAGES = {"fi": "fi", "en": "en_US", "sv": "sv_FI"}


@cache
def _finnish_holidays(lang: str = "fi") -> HolidayBase:
    # Imported here: the package builds its tables on import, which `requests list` (reading
    # stored deadlines) does not need.
    import holidays

    return holidays.country_holidays("FI", language=_HOLIDAY_LANGUAGES.get(lang, "en_US"))


def holiday_name(day: date, lang: str = "en") -> str | None:
    """The Finnish public holiday on ``day`` in ``lang`` (fi, en, sv), if it is one."""
    name = _finnish_holidays(lang).get(day)
    return str(name) if name else None


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday (Art. 2(2) of Regulation 1182/71):
    the ``holidays`` package's own rule, with Finland's weekend (tested on 2020–2035)."""
    return day.toordinal() not in _closed_days(day.year)


# The files of the holidays package that say which days Finland closes.
_HOLIDAY_FILES = (
    "__init__.py",
    "version.py",
    "holiday_base.py",
    "observed_holiday_base.py",
    "groups/christian.py",
    "groups/international.py",
    "countries/finland.py",
)


@cache
def _closed_days(year: int) -> frozenset[int]:
    """The days of ``year`` that are not working days, as the ``holidays`` package says.

    Kept in the cache (rekisteri.derived) by the year and the installed package's state:
    loading the package builds the tables of every country it knows, which takes longer than
    the rest of `requests add`.
    """
    path = derived.cache_folder("holidays")
    if path is not None:
        name = derived.key(
            "FI closed days", str(year), derived.installed_state("holidays", _HOLIDAY_FILES)
        )
        path = os.path.join(path, f"{name}.json")
    kept = derived.read(path)
    if kept is not None:
        try:
            days = json.loads(kept)
            if isinstance(days, list) and all(isinstance(d, int) for d in days):
                return frozenset(days)
        except ValueError:
            pass  # damaged: asked again below, and replaced
    finland = _finnish_holidays()
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    closed = [d for d in range(first, last + 1) if not finland.is_working_day(date.fromordinal(d))]
    derived.write(path, json.dumps(closed).encode())
    return frozenset(closed)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Deadline:
    """When an answer is due: the calendar date of the period, and the working day it ends on."""

    nominal: date
    """The end of the period by the calendar (Art. 3(2)(c))."""
    due: date
    """The day the answer is due: ``nominal``, or the next working day (Art. 3(4))."""

    @property
    def moved(self) -> bool:
        return self.due != self.nominal


def response_deadline(received: date) -> Deadline:
    """The Art. 12(3) deadline of a request received on ``received``: one month."""
    nominal = add_months(received, RESPONSE_MONTHS)
    return Deadline(nominal=nominal, due=next_working_day(nominal))


def extended_deadline(received: date, months: int = MAX_EXTENSION_MONTHS) -> Deadline:
    """The deadline after extending by ``months`` further months (one or two).

    The further months run from the calendar end of the first month, as the module docstring
    explains: received 31 January 2025, first month ends 28 February, two more end 28 April.
    """
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is one or two months, not {months}")
    first = add_months(received, RESPONSE_MONTHS)
    nominal = add_months(first, months)
    return Deadline(nominal=nominal, due=next_working_day(nominal))
