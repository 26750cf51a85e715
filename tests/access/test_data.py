"""The CSV files of a bundle (headers, dialects), the order of a person's rows, and the column
naming the recipient of each row's data."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from rekisteri.access.bundle import BundleOptions, build_bundle, write_all_bundles
from rekisteri.access.collect import Collector, identify
from rekisteri.access.data import csv_dialect
from rekisteri.access.review import ReviewDecision
from rekisteri.access.store import check_store, open_store
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from store_fixtures import build_sqlite

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Rows inserted out of date order, two people's interleaved, one tie and one undated row.
NOTES_SQL = """
CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);
INSERT INTO people VALUES (1, 'a@example.com'), (2, 'b@example.com');
CREATE TABLE notes (
    id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people (id),
    body TEXT, written DATE, at TIMESTAMP, amount NUMERIC(10, 2), agency TEXT
);
INSERT INTO notes VALUES
    (1, 1, 'a-march', '2024-03-01', '2024-05-01T10:00:00+00:00', -5.5, 'Perintä Oy'),
    (2, 2, 'b-january', '2024-01-01', NULL, 1234.5, 'Perintä Oy'),
    (3, 1, 'a-december', '2023-12-24', '2024-05-01 10:00:00', 95, ''),
    (4, 1, 'a-undated', NULL, NULL, NULL, 'Toinen Perintä Oy'),
    (5, 1, '=HYPERLINK("http://example.com")', '2024-03-01', NULL, 0.1, 'Perintä Oy'),
    (6, 2, 'b-may', '2023-05-05', NULL, NULL, NULL);
"""

NOTES_MAPPING = """\
[store]
url = "store.sqlite"
CSV_DIALECT

[store.subject]
table = "people"
email = "email"

[[store.sources]]
category = "notes"
table = "notes"
columns = ["body", "written", "at", "amount", "agency"]
subject_column = "person_id"
recipient = "agency"
ORDER
labels.body = { fi = "Teksti", en = "Text" }
labels.written = { fi = "Päivä", en = "Date" }
labels.at = { fi = "Päivä", en = "Day" }
labels.agency = { fi = "Perijä", en = "Collection agency" }
"""


@pytest.fixture
def notes_store(make_register: Callable[[str], Path]) -> Callable[..., Register]:
    def make(order: str = "", dialect: str = "") -> Register:
        mapping = NOTES_MAPPING.replace("ORDER", order).replace("CSV_DIALECT", dialect)
        path = make_register(mapping)
        (path.parent / "store.sqlite").unlink(missing_ok=True)
        build_sqlite(path.parent / "store.sqlite", NOTES_SQL)
        return load_register(path)

    return make


def _bodies(register: Register) -> dict[int, list[str]]:
    with open_store(register) as store:
        people = Collector(store).collect([1, 2])
    return {
        person.key: [row[0] for source in person.categories["notes"] for row in source.rows]
        for person in people
    }


def _csv(register: Register, key: str = "1", **options: Any) -> bytes:
    files = build_bundle(
        register,
        identify(subject_id=key),
        BundleOptions(formats=["csv"], generated=WHEN, reference="R", **options),
    )
    return files["csv/notes.csv"]


def _rows(raw: bytes, delimiter: str = ",") -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


# --- the order of a person's rows ---------------------------------------------------------


def test_rows_are_sorted_by_their_date_oldest_first_and_never_mixed(
    notes_store: Callable[..., Register],
) -> None:
    register = notes_store()
    # By the first date column shown (written); a tie by the primary key; undated rows last.
    assert _bodies(register) == {
        1: ["a-december", "a-march", '=HYPERLINK("http://example.com")', "a-undated"],
        2: ["b-may", "b-january"],
    }


def test_order_by_a_column_newest_first(notes_store: Callable[..., Register]) -> None:
    register = notes_store('order_by = "-written"')
    assert _bodies(register)[1] == [
        "a-march",
        '=HYPERLINK("http://example.com")',  # the tie keeps the key order
        "a-december",
        "a-undated",  # undated last in either direction
    ]
    assert _bodies(register)[2] == ["b-january", "b-may"]
    register = notes_store('order_by = ["amount", "-body"]')
    assert _bodies(register)[1] == [
        "a-march",
        '=HYPERLINK("http://example.com")',
        "a-december",
        "a-undated",
    ]


def test_a_query_keeps_its_own_order(demo_register: Register) -> None:
    # The example's notes query sorts newest first.
    with open_store(demo_register) as store:
        person = Collector(store).collect([9])[0]
    (notes,) = person.categories["other"]
    dates = [row[0] for row in notes.rows]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)


def test_order_by_is_checked(make_register: Callable[[str], Path]) -> None:
    for order, message in (
        ('order_by = "-"', "'-' without a column name"),
        ('order_by = ["written", "-written"]', "listed twice in 'order_by'"),
    ):
        path = make_register(NOTES_MAPPING.replace("ORDER", order).replace("CSV_DIALECT", ""))
        with pytest.raises(RekisteriError) as caught:
            load_register(path)
        assert message in str(caught.value), order
    path = make_register(
        NOTES_MAPPING.replace("ORDER", 'order_by = "-writen"').replace("CSV_DIALECT", "")
    )
    build_sqlite(path.parent / "store.sqlite", NOTES_SQL)
    report = check_store(load_register(path))
    problems = [f"{d.path}: {d.message} ({d.hint})" for d in report.missing]
    assert any(
        p.startswith("store.sources[0].order_by[0]: table 'notes' has no column 'writen'")
        and "did you mean 'written'?" in p
        for p in problems
    ), problems


# --- the recipient of each row's data -----------------------------------------------------


def test_the_recipients_of_a_persons_rows(notes_store: Callable[..., Register]) -> None:
    register = notes_store()
    with open_store(register) as store:
        first, second = Collector(store).collect([1, 2])
    # Each once, in the rows' order; empty values are no recipient.
    assert first.categories["notes"][0].recipients == ["Perintä Oy", "Toinen Perintä Oy"]
    assert second.categories["notes"][0].recipients == ["Perintä Oy"]


def test_the_example_names_the_collection_agency(demo_register: Register) -> None:
    assert demo_register.store is not None
    (cases,) = [s for s in demo_register.store.sources if s.table == "collection_cases"]
    assert cases.recipient == "agency"
    with open_store(demo_register) as store:
        person = Collector(store).collect([6])[0]
    collection = [s for s in person.categories["billing"] if s.source.table == "collection_cases"]
    assert collection[0].recipients == ["Perintä Uusimaa Oy"]


def test_a_recipient_column_must_be_shown(make_register: Callable[[str], Path]) -> None:
    path = make_register(
        NOTES_MAPPING.replace("ORDER", "")
        .replace("CSV_DIALECT", "")
        .replace('"amount", "agency"]', '"amount"]')
        .replace('labels.agency = { fi = "Perijä", en = "Collection agency" }\n', "")
    )
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    (problem,) = caught.value.diagnostics
    assert problem.path == "store.sources[0]"
    assert "recipient names 'agency', which is not in 'columns'" in problem.message


def test_a_query_must_return_its_recipient_column(make_register: Callable[[str], Path]) -> None:
    path = make_register(
        """\
        [store]
        url = "store.sqlite"

        [store.subject]
        table = "people"
        email = "email"

        [[store.sources]]
        category = "notes"
        query = "SELECT body, agency AS party FROM notes WHERE person_id = :subject"
        covers = ["notes"]
        recipient = "agencyy"
        """
    )
    build_sqlite(path.parent / "store.sqlite", NOTES_SQL)
    report = check_store(load_register(path))
    problems = [(d.path, d.message, d.hint) for d in report.missing]
    assert (
        "store.sources[0].recipient",
        "the query returns no column 'agencyy'",
        "columns it returns: body, party",
    ) in problems


# --- CSV ----------------------------------------------------------------------------------


def test_csv_headers_are_the_labels_in_the_default_language(
    notes_store: Callable[..., Register],
) -> None:
    rows = _rows(_csv(notes_store()))
    # Two columns labelled alike are told apart; a column without a label keeps its name.
    assert rows[0] == ["Teksti", "Päivä", "Päivä (at)", "amount", "Perijä"]
    assert rows[1] == ["a-december", "2023-12-24", "2024-05-01T10:00:00", "95.00", ""]
    assert rows[2][2:4] == ["2024-05-01T10:00:00+00:00", "-5.50"]


def test_excel_fi_writes_semicolons_decimal_commas_and_local_times(
    notes_store: Callable[..., Register],
) -> None:
    raw = _csv(notes_store(), csv_dialect="excel-fi")
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 5
    rows = _rows(raw, delimiter=";")
    assert rows[0] == ["Teksti", "Päivä", "Päivä (at)", "amount", "Perijä"]
    assert rows[1] == ["a-december", "2023-12-24", "2024-05-01 10:00:00", "95,00", ""]
    # A time with an offset is written in the store's time zone (Helsinki: UTC+3 in May).
    assert rows[2] == ["a-march", "2024-03-01", "2024-05-01 13:00:00", "-5,50", "Perintä Oy"]
    # A formula stays text; a negative number stays a number.
    assert rows[3][0] == '\'=HYPERLINK("http://example.com")' and rows[3][3] == "0,10"
    assert rows[4][:2] == ["a-undated", ""]
    standard = _rows(_csv(notes_store(), key="2"))
    assert [row[3] for row in standard[1:]] == ["", "1234.50"]
    fi = _rows(_csv(notes_store(), key="2", csv_dialect="excel-fi"), delimiter=";")
    assert [row[3] for row in fi[1:]] == ["", "1234,50"]


def test_the_mapping_sets_the_default_dialect_and_the_options_override_it(
    notes_store: Callable[..., Register],
) -> None:
    register = notes_store(dialect='csv_dialect = "excel-fi"')
    assert _rows(_csv(register), delimiter=";")[1][3] == "95,00"
    assert _rows(_csv(register, csv_dialect="standard"))[1][3] == "95.00"
    assert _rows(_csv(notes_store()))[1][3] == "95.00"


def test_an_unknown_dialect_names_those_that_exist(
    make_register: Callable[[str], Path],
) -> None:
    with pytest.raises(RekisteriError) as caught:
        BundleOptions(csv_dialect="excel")
    message = str(caught.value)
    assert "the CSV dialect 'excel' does not exist: choose standard or excel-fi" in message
    assert "did you mean 'excel-fi'?" in message
    assert csv_dialect(" Excel-FI ").name == "excel-fi"
    path = make_register(
        NOTES_MAPPING.replace("ORDER", "").replace("CSV_DIALECT", 'csv_dialect = "excel_fi"')
    )
    with pytest.raises(RekisteriError) as loading:
        load_register(path)
    (problem,) = loading.value.diagnostics
    line = path.read_text(encoding="utf-8").splitlines().index('csv_dialect = "excel_fi"') + 1
    assert problem.path == "store.csv_dialect" and problem.line == line
    assert "did you mean 'excel-fi'?" in problem.hint


def test_a_category_from_several_places_names_each_rows_place(demo_register: Register) -> None:
    files = build_bundle(
        demo_register,
        identify(subject_id="6"),
        BundleOptions(formats=["csv"], generated=WHEN, reference="R", csv_dialect="excel-fi"),
    )
    rows = _rows(files["csv/billing.csv"], delimiter=";")
    assert rows[0] == [
        "Taulukko",
        "Laskun numero",
        "Päiväys",
        "Eräpäivä",
        "Summa",
        "Maksettu",
        "Aloitettu",
        "Perijä",
        "Vaihe",
    ]
    assert [row[0] for row in rows[1:]] == ["Laskut", "Perintä"]
    assert rows[1][4] == "110,00" and rows[2][6:] == [
        "2023-08-07",
        "Perintä Uusimaa Oy",
        "maksumuistutus",
    ]


def _edited(demo_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    data = tomllib.loads(demo_path.read_text(encoding="utf-8"))
    edit(data)
    demo_path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return demo_path


def test_a_bulk_run_does_not_resume_in_another_dialect(demo_path: Path, tmp_path: Path) -> None:
    register = load_register(demo_path)
    out = tmp_path / "all"
    # Every subject's bundle: the therapy notes held for review are released for all.
    released = (ReviewDecision("health", release=True),)
    options = BundleOptions(
        formats=["csv"], generated=WHEN, csv_dialect="excel-fi", decisions=released
    )
    assert write_all_bundles(register, out, options).written == 20
    identity = (out / "6" / "csv" / "identity.csv").read_bytes().decode("utf-8-sig")
    assert identity.startswith("Etunimi;Sukunimi;")
    with pytest.raises(RekisteriError, match="CSV dialect excel-fi, not standard"):
        write_all_bundles(
            register, out, BundleOptions(formats=["csv"], generated=WHEN, decisions=released)
        )


# --- the command line ---------------------------------------------------------------------


def _run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def test_a_dialect_that_does_not_exist_exits_1_and_writes_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "b"
    for extra in ([], ["--all"]):
        person = [] if extra else ["--id", "6"]
        code, output = _run(
            "access", demo_path, *person, *extra, "-o", out, "--format", "csv",
            "--csv-dialect", "excel_fi",
        )  # fmt: skip
        assert code == 1, output
        assert "--csv-dialect 'excel_fi' does not exist: choose standard or excel-fi" in output
        assert "did you mean 'excel-fi'?" in output
        assert "Traceback" not in output
        assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
            "asiakkaat.sqlite",
            "register.toml",
        ]


def test_the_cli_writes_excel_fi(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    code, output = _run(
        "access", demo_path, "--id", "6", "-o", out, "--format", "json,csv",
        "--csv-dialect", "excel-fi",
    )  # fmt: skip
    assert code == 0, output
    rows = _rows((out / "csv" / "billing.csv").read_bytes(), delimiter=";")
    assert rows[1][4] == "110,00"
    listed = [f["path"] for f in json.loads((out / "manifest.json").read_bytes())["files"]]
    assert "portable.json" in listed and "csv/billing.csv" in listed
