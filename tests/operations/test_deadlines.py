"""GDPR Art. 12(3) deadlines counted by Regulation 1182/71 with Finnish public holidays.

Every expected date below was worked out by hand from a calendar and the Finnish holidays of
the year (Easter Sunday 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16; Midsummer
Eve is the Friday between 19 and 25 June; Christmas Eve, Christmas Day and Boxing Day are all
closed), not taken from the code's output.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from command_probe import example_register, loaded
from rekisteri.operations import deadlines
from rekisteri.operations.deadlines import (
    add_months,
    extended_deadline,
    holiday_name,
    is_working_day,
    next_working_day,
    response_deadline,
)

D = date.fromisoformat

# (received, due, why): the one-month deadline.
ONE_MONTH = [
    # Month ends: the same date does not exist, so the month's last day (Art. 3(2)(c)).
    ("2025-01-31", "2025-02-28", "31 Jan → 28 Feb, a Friday"),
    ("2025-01-30", "2025-02-28", "30 Jan → 28 Feb"),
    ("2025-01-29", "2025-02-28", "29 Jan → 28 Feb in a common year"),
    ("2026-01-31", "2026-03-02", "28 Feb 2026 is a Saturday → Monday 2 March"),
    ("2025-03-31", "2025-04-30", "31 Mar → 30 Apr, a Wednesday"),
    ("2025-05-31", "2025-06-30", "31 May → 30 Jun, a Monday"),
    ("2025-08-31", "2025-09-30", "31 Aug → 30 Sep, a Tuesday"),
    ("2025-10-31", "2025-12-01", "30 Nov 2025 is a Sunday → Monday 1 Dec"),
    ("2025-12-31", "2026-02-02", "31 Jan 2026 is a Saturday → Monday 2 Feb"),
    ("2025-07-31", "2025-09-01", "31 Aug 2025 is a Sunday → Monday 1 Sep"),
    ("2024-12-31", "2025-01-31", "31 Dec → 31 Jan across the year"),
    ("2025-02-28", "2025-03-28", "28 Feb → 28 Mar, not the month's end"),
    ("2025-04-30", "2025-05-30", "30 Apr → 30 May, the day after Ascension"),
    # Leap years.
    ("2024-01-31", "2024-02-29", "leap year: 31 Jan → 29 Feb"),
    ("2024-01-29", "2024-02-29", "29 Feb exists in 2024"),
    ("2024-01-30", "2024-02-29", "30 Jan → 29 Feb in a leap year"),
    ("2028-01-31", "2028-02-29", "2028 is a leap year"),
    ("2023-01-31", "2023-02-28", "2023 is not"),
    ("2000-01-31", "2000-02-29", "2000 is a leap year (divisible by 400)"),
    ("2100-01-31", "2100-03-01", "2100 is not (28 Feb is a Sunday → Monday 1 Mar)"),
    ("2024-02-29", "2024-04-02", "29 Mar 2024 is Good Friday, then Easter → Tuesday 2 Apr"),
    # Easter: Good Friday, Easter Sunday and Monday are closed.
    ("2025-03-18", "2025-04-22", "Good Friday 2025 → the Tuesday after Easter"),
    ("2025-03-20", "2025-04-22", "Easter Sunday 2025"),
    ("2025-03-21", "2025-04-22", "Easter Monday 2025"),
    ("2026-03-03", "2026-04-07", "Good Friday 2026"),
    ("2026-03-06", "2026-04-07", "Easter Monday 2026"),
    ("2027-02-26", "2027-03-30", "Good Friday 2027"),
    ("2027-02-28", "2027-03-30", "Easter Sunday 2027"),
    ("2028-03-14", "2028-04-18", "Good Friday 2028"),
    # Midsummer: Eve (Friday) and Day (Saturday).
    ("2024-05-21", "2024-06-24", "Midsummer Eve 2024"),
    ("2025-05-20", "2025-06-23", "Midsummer Eve 2025"),
    ("2025-05-21", "2025-06-23", "Midsummer Day 2025, a Saturday"),
    ("2026-05-19", "2026-06-22", "Midsummer Eve 2026"),
    ("2027-05-25", "2027-06-28", "Midsummer Eve 2027"),
    ("2028-05-23", "2028-06-26", "Midsummer Eve 2028"),
    # Christmas: Eve, Day and Boxing Day.
    ("2024-11-24", "2024-12-27", "Christmas Eve 2024, a Tuesday → Friday 27"),
    ("2025-11-24", "2025-12-29", "Christmas 2025 runs into the weekend → Monday 29"),
    ("2025-11-26", "2025-12-29", "Boxing Day 2025, a Friday"),
    ("2026-11-24", "2026-12-28", "Christmas Eve 2026, a Thursday"),
    ("2027-11-24", "2027-12-27", "Christmas Eve 2027, a Friday"),
    ("2028-11-26", "2028-12-27", "Boxing Day 2028, a Tuesday"),
    ("2029-11-25", "2029-12-27", "Christmas Day 2029, a Tuesday"),
    ("2027-11-30", "2027-12-30", "30 Dec 2027 is an ordinary Thursday"),
    # New Year.
    ("2024-12-01", "2025-01-02", "New Year's Day 2025, a Wednesday"),
    ("2025-12-01", "2026-01-02", "New Year's Day 2026, a Thursday"),
    ("2026-12-01", "2027-01-04", "New Year's Day 2027, a Friday → Monday"),
    ("2027-12-01", "2028-01-03", "New Year's Day 2028, a Saturday → Monday"),
    # The other Finnish holidays.
    ("2024-12-06", "2025-01-07", "Epiphany 2025, a Monday"),
    ("2028-12-06", "2029-01-08", "Epiphany 2029, a Saturday → Monday"),
    ("2025-04-01", "2025-05-02", "May Day 2025, a Thursday"),
    ("2026-04-01", "2026-05-04", "May Day 2026, a Friday → Monday"),
    ("2024-04-09", "2024-05-10", "Ascension Day 2024"),
    ("2025-04-29", "2025-05-30", "Ascension Day 2025"),
    ("2025-05-08", "2025-06-09", "Pentecost 2025 is a Sunday; Whit Monday is a working day"),
    ("2024-11-06", "2024-12-09", "Independence Day 2024, a Friday → Monday"),
    ("2027-11-06", "2027-12-07", "Independence Day 2027, a Monday"),
    ("2025-10-01", "2025-11-03", "All Saints' Day 2025, a Saturday"),
    # Weekends, and receipt on a closed day (the day of receipt is never counted).
    ("2025-03-05", "2025-04-07", "5 Apr 2025 is a Saturday"),
    ("2025-05-15", "2025-06-16", "15 Jun 2025 is a Sunday"),
    ("2025-12-25", "2026-01-26", "received on Christmas Day; 25 Jan 2026 is a Sunday"),
    ("2025-06-21", "2025-07-21", "received on Midsummer Day; 21 Jul 2025 is a Monday"),
]


@pytest.mark.parametrize(("received", "due", "why"), ONE_MONTH, ids=[c[0] for c in ONE_MONTH])
def test_one_month_deadline(received: str, due: str, why: str) -> None:
    assert response_deadline(D(received)).due == D(due), why


# (received, further months, due, why): the extended deadline.
EXTENDED = [
    ("2025-01-31", 2, "2025-04-28", "from the first month's end, 28 Feb, not 31 Jan + 3"),
    ("2024-01-31", 2, "2024-04-29", "leap year: 29 Feb + 2 months"),
    ("2025-12-31", 2, "2026-03-31", "first month ends 31 Jan 2026 (a Saturday, unmoved)"),
    ("2025-10-31", 2, "2026-01-30", "first month ends 30 Nov"),
    ("2025-02-20", 2, "2025-05-20", "an ordinary Tuesday"),
    ("2025-03-20", 2, "2025-06-23", "lands on Midsummer Eve 2025"),
    ("2025-09-24", 2, "2025-12-29", "lands on Christmas Eve 2025"),
    ("2026-10-01", 2, "2027-01-04", "lands on New Year's Day 2027"),
    ("2025-11-30", 2, "2026-03-02", "30 Dec + 2 months = 28 Feb 2026, a Saturday"),
    ("2025-01-31", 1, "2025-03-28", "one further month"),
    ("2026-01-31", 2, "2026-04-28", "the first deadline moved to 2 Mar; the extension does not"),
    ("2025-01-18", 2, "2025-04-22", "lands on Good Friday 2025"),
    ("2023-11-30", 2, "2024-02-29", "30 Dec 2023 + 2 months = 29 Feb 2024"),
    ("2024-02-29", 2, "2024-05-29", "29 Mar + 2 months"),
]


@pytest.mark.parametrize(
    ("received", "months", "due", "why"), EXTENDED, ids=[f"{c[0]}+{c[1]}" for c in EXTENDED]
)
def test_extended_deadline(received: str, months: int, due: str, why: str) -> None:
    assert extended_deadline(D(received), months).due == D(due), why


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_months(months: int) -> None:
    with pytest.raises(ValueError, match="one or two months"):
        extended_deadline(D("2025-01-10"), months)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2025-03-31", -1, "2025-02-28"),
        ("2025-12-15", 1, "2026-01-15"),
    ],
)
def test_add_months_clamps_to_the_last_day(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


def test_the_deadline_says_when_it_was_moved() -> None:
    moved = response_deadline(D("2025-05-20"))
    assert (moved.nominal, moved.due, moved.moved) == (D("2025-06-20"), D("2025-06-23"), True)
    plain = response_deadline(D("2025-02-20"))
    assert plain.nominal == plain.due and not plain.moved


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-06-20", False),  # Midsummer Eve
        ("2025-12-24", False),  # Christmas Eve
        ("2025-06-09", True),  # Whit Monday is not a holiday in Finland
        ("2025-04-19", False),  # Easter Saturday
        ("2025-12-31", True),  # New Year's Eve is a working day
        ("2025-12-06", False),  # Independence Day
        ("2026-06-22", True),
    ],
)
def test_working_days(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


def test_holiday_names_in_finnish_and_english() -> None:
    assert holiday_name(D("2025-06-20"), "fi") == "Juhannusaatto"
    assert holiday_name(D("2025-06-20"), "en") == "Midsummer Eve"
    assert holiday_name(D("2025-06-23"), "fi") is None


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2018, 5, 25), max_value=date(2099, 12, 31)))
def test_every_deadline_is_a_working_day_within_a_week_of_the_calendar_month(
    received: date,
) -> None:
    deadline = response_deadline(received)
    assert is_working_day(deadline.due)
    assert deadline.nominal <= deadline.due < deadline.nominal + timedelta(days=7)
    # The calendar month: the next month, and never past the same date in it.
    assert (deadline.nominal.year * 12 + deadline.nominal.month) - (
        received.year * 12 + received.month
    ) == 1
    assert deadline.nominal.day <= received.day
    assert next_working_day(deadline.due) == deadline.due
    extended = extended_deadline(received)
    assert is_working_day(extended.due) and extended.due > deadline.due


def test_the_holidays_packages_working_days_are_the_regulations_on_2020_to_2035() -> None:
    """rekisteri asks ``holidays`` itself whether a day is a working day (issue 16): on every
    day of 2020–2035 that is Monday to Friday and no Finnish public holiday, as Art. 2(2) of
    Regulation 1182/71 reads."""
    import holidays

    finland = holidays.country_holidays("FI", years=range(2020, 2036))
    day = date(2020, 1, 1)
    while day <= date(2035, 12, 31):
        by_the_rule = day.weekday() < 5 and day not in finland
        assert is_working_day(day) == by_the_rule == finland.is_working_day(day), day
        day += timedelta(days=1)
    # Christmas Eve and Midsummer Eve are public holidays in the package, as in Finnish law's
    # reading of the deadline rules.
    assert not is_working_day(date(2025, 12, 24)) and not is_working_day(date(2025, 6, 20))


def test_the_closed_days_are_kept_by_year_and_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: the days `holidays` closes are kept between runs, so `requests add` need not
    load the package (which builds every country's tables); another installed version, or a
    damaged copy, is asked afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    deadlines._closed_days.cache_clear()
    asked: list[int] = []
    real = deadlines._finnish_holidays

    def counting(lang: str = "fi") -> Any:
        asked.append(1)
        return real(lang)

    monkeypatch.setattr(deadlines, "_finnish_holidays", counting)
    assert not is_working_day(date(2031, 12, 24))
    (kept,) = (tmp_path / "rekisteri" / "holidays").glob("*.json")
    assert date(2031, 12, 24).toordinal() in json.loads(kept.read_text())
    deadlines._closed_days.cache_clear()
    assert is_working_day(date(2031, 12, 22)) and len(asked) == 1  # read back, not asked
    kept.write_text("[damaged", encoding="utf-8")
    deadlines._closed_days.cache_clear()
    assert not is_working_day(date(2031, 12, 25)) and len(asked) == 2
    monkeypatch.setattr(deadlines.derived, "installed_state", lambda *_: "another version")
    deadlines._closed_days.cache_clear()
    assert not is_working_day(date(2031, 6, 20)) and len(asked) == 3
    assert len(list((tmp_path / "rekisteri" / "holidays").glob("*.json"))) == 2
    deadlines._closed_days.cache_clear()


def test_a_request_added_once_the_year_is_known_loads_no_holidays(tmp_path: Path) -> None:
    register = example_register(tmp_path)
    received = str(date.today() - timedelta(days=300))
    add = ["requests", "add", "--type", "access", "--subject", "A", "--received", received]
    runs = [loaded([*add, str(register)], ["holidays"], tmp_path / "cache") for _ in range(2)]
    assert runs == [(0, 1), (0, 0)]
