"""A booking system's exports (CSV, XLSX, ODS) as a read-only store (issue 15).

Each reader on the dialects, encodings and oddities real exports have; the types a Finnish
export writes (d.m.yyyy dates, decimal commas, keys as whole numbers); and the same pipeline as
the SQL stores: one client's bundle from the exports is the bundle from the database the exports
were taken from, and the export files are never changed.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from test_isolation import (
    Shape,
    _assert_only_their_own,
    _build,
    _texts_of,
    collect_everyone,
    shapes,
)
from typer.testing import CliRunner

from rekisteri.access.exports import ColumnType as Type
from rekisteri.access.exports import (
    convert,
    infer,
    load_exports,
    password_protected,
    read_csv,
    read_exports,
)
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from store_fixtures import EXAMPLE, STORE_SQL

runner = CliRunner()
ROWS = [
    ["id", "Etunimi", "Sukunimi", "Syntymäaika", "Hinta"],
    ["1", "Äijä", "Öhman", "5.3.1990", "95,00"],
]


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An OpenDocument spreadsheet, written by the salon example's own export script."""
    spec = importlib.util.spec_from_file_location(
        "make_exports", EXAMPLE.parent / "kampaamo-helmi" / "make_exports.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    path.write_bytes(script.ods_bytes(sheets))
    return path


def table_rows(connection: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return list(connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'))


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_csv_in_each_dialect_and_encoding_reads_alike(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    path = write_csv(tmp_path / "asiakkaat.csv", ROWS, delimiter=delimiter, encoding=encoding)
    [table] = read_csv(path)
    assert table.name == "asiakkaat"
    assert table.columns == ROWS[0]  # no byte-order mark glued to the first name
    assert table.rows == [ROWS[1]]
    assert table.lines == [2]


def test_an_encoding_neither_utf8_nor_windows_1252_is_found_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "asiakkaat.csv"
    # Windows-1252 leaves 0x81 undefined: a file with it is no cp1252, and no UTF-8.
    path.write_bytes("nimi\nÄijä\n".encode("cp1252") + b"\x81\x8d\x8f\x90\x9d" * 40 + b"\n")
    try:
        tables = read_csv(path)
    except RekisteriError as exc:
        assert "encoding" in str(exc)
    else:
        assert tables[0].columns == ["nimi"]


def test_quoted_line_breaks_and_delimiters_stay_in_their_field(tmp_path: Path) -> None:
    path = tmp_path / "muistiinpanot.csv"
    path.write_text('id;teksti\n1;"rivi yksi\nrivi kaksi; ja puolipiste"\n2;toinen\n', "utf-8")
    [table] = read_csv(path)
    assert table.rows == [["1", "rivi yksi\nrivi kaksi; ja puolipiste"], ["2", "toinen"]]
    assert table.lines == [3, 4]  # the line each row ends on


def test_a_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    [table] = read_csv(write_csv(tmp_path / "varaukset.csv", [["id", "asiakas"]]))
    assert (table.columns, table.rows) == (["id", "asiakas"], [])


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tyhja.csv").write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(RekisteriError, match="the file is empty") as raised:
        read_csv(tmp_path / "tyhja.csv")
    assert raised.value.diagnostics[0].file == str(tmp_path / "tyhja.csv")


def test_duplicate_column_names_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "asiakkaat.csv", [["id", "nimi", "nimi"], ["1", "a", "b"]])
    with pytest.raises(RekisteriError, match="two columns are named 'nimi'") as raised:
        read_csv(path)
    assert raised.value.diagnostics[0].line == 1


def test_a_ragged_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "asiakkaat.csv"
    path.write_text("id;nimi\n1;Aino\n2;Ville;ylimääräinen\n", "utf-8")
    [table] = read_csv(path)  # the rows are read when they are needed, on each pass
    with pytest.raises(RekisteriError, match="the row has 3 fields but the header names 2") as e:
        assert table.rows
    assert e.value.diagnostics[0].line == 3
    with pytest.raises(RekisteriError, match="the row has 3 fields"):
        load_exports(tmp_path)


# --- workbooks ------------------------------------------------------------------------------------


def test_each_sheet_of_a_workbook_is_a_table(tmp_path: Path) -> None:
    write_xlsx(
        tmp_path / "kassa.xlsx",
        {"Asiakkaat": [["id", "nimi"], [1, "Aino"]], "Varaukset": [["id", "asiakas"], [7, 1]]},
    )
    write_xlsx(tmp_path / "laskut.xlsx", {"Taulukko1": [["id", "summa"], [3, 95.5]]})
    tables = {t.name: t for t in read_exports(tmp_path)}
    # Several sheets: a table each, by the sheet's name; one sheet: the file's name.
    assert sorted(tables) == ["Asiakkaat", "Varaukset", "laskut"]
    assert tables["Varaukset"].rows == [[7.0, 1.0]]
    assert tables["Varaukset"].where(2) == f"{tmp_path / 'kassa.xlsx'} (sheet 'Varaukset'):2"


def test_an_ods_workbook_reads_as_an_xlsx_does(tmp_path: Path) -> None:
    write_ods(tmp_path / "asiakkaat.ods", {"Asiakkaat": [["id", "nimi"], [1, "Öljy"]]})
    connection = load_exports(tmp_path)
    assert table_rows(connection, "asiakkaat") == [(1, "Öljy")]


def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path: Path) -> None:
    (tmp_path / "asiakkaat.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(RekisteriError, match="not a workbook rekisteri can read") as raised:
        read_exports(tmp_path)
    assert "saved as .xlsx, .xls or .ods" in raised.value.diagnostics[0].hint


def test_a_workbook_with_a_password_is_refused_as_one(tmp_path: Path) -> None:
    """A LibreOffice workbook saved with a password: its manifest lists the encryption, and
    its content is ciphertext."""
    plain = write_ods(tmp_path / "plain.ods", {"Asiakkaat": [["id"], [1]]})
    encrypted = tmp_path / "asiakkaat.ods"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(encrypted, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(
                    b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                    b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                    b'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name='
                    b'"Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
                    b"</manifest:encryption-data></manifest:file-entry>",
                )
                assert b"encryption-data" in body
            elif info.filename == "content.xml":
                body = bytes(range(256)) * 8
            target.writestr(info, body)
    plain.unlink()
    with pytest.raises(RekisteriError, match="protected by a password") as raised:
        read_exports(tmp_path)
    assert raised.value.diagnostics[0].file == str(encrypted)
    assert "never asks for or stores one" in raised.value.diagnostics[0].hint
    # An .xlsx saved with a password is an OLE compound file holding an EncryptedPackage.
    office = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    )
    assert password_protected(office)
    assert not password_protected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert not password_protected(write_ods(tmp_path / "b.ods", {"A": [["id"], [1]]}).read_bytes())


# --- types ----------------------------------------------------------------------------------------


def test_values_are_read_without_the_spaces_around_them(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "asiakkaat.csv",
        [
            ["id", "nimi", "syntynyt", "hinta"],
            [" 1", " Aino ", "5.3.1990 ", "95,00"],
            ["2 ", "Ville\u00a0", " 31.12.2000", " 12,5 "],
            ["  ", " ", "", ""],  # a row of blanks is no row
            ["3", "Eeva", "1.1.2001", "7"],
        ],
    )
    assert table_rows(load_exports(tmp_path), "asiakkaat") == [
        (1, "Aino", "1990-03-05", 95),
        (2, "Ville", "2000-12-31", 12.5),
        (3, "Eeva", "2001-01-01", 7),
    ]


def test_a_column_is_its_type_only_if_every_value_is(tmp_path: Path) -> None:
    rows = [["postinumero", "varaus", "alkaa", "summa"]]
    rows += [[str(10000 + n), str(n), f"{n % 28 + 1}.1.2024", f"{n},50"] for n in range(1, 5000)]
    # Far down the file: a postal code with a leading zero, an all-day booking, a whole sum.
    rows.append(["00100", "5000", "1.2.2024", "80"])
    rows.append(["33100", "ei tiedossa", "2.2.2024 9.30", "95,00"])
    write_csv(tmp_path / "varaukset.csv", rows)
    connection = load_exports(tmp_path)
    types = {c[1]: c[2] for c in connection.execute("PRAGMA table_info(varaukset)")}
    assert types == {
        "postinumero": "TEXT",
        "varaus": "TEXT",
        "alkaa": "DATETIME",
        "summa": "NUMERIC(18, 2)",
    }
    last = table_rows(connection, "varaukset")[-2:]
    assert last == [
        ("00100", "5000", "2024-02-01", 80),
        ("33100", "ei tiedossa", "2024-02-02 09:30", 95),
    ]
    assert table_rows(connection, "varaukset")[0][:2] == ("10001", "1")  # as written


def test_a_value_no_calendar_has_is_refused_with_its_line(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [["id", "syntynyt"], ["1", "5.3.1990"], ["2", "31.2.1990"]])
    with pytest.raises(RekisteriError, match="no such day") as raised:
        load_exports(tmp_path)
    assert raised.value.diagnostics[0].line == 3
    write_csv(
        tmp_path / "a.csv", [["id", "alkaa"], ["1", "2023-04-25 13:39"], ["2", "2023-13-01 08:00"]]
    )
    with pytest.raises(RekisteriError, match="'2023-13-01 08:00' is not a date"):
        load_exports(tmp_path)


def test_the_hint_for_a_wrong_date_is_one_that_helps(tmp_path: Path) -> None:
    """A day no calendar has is fixed in the data, not by declaring a format; a value not in
    the declared format is not told to declare that same format."""
    write_csv(tmp_path / "a.csv", [["id", "syntynyt"], ["1", "5.3.1990"], ["2", "31.2.1990"]])
    with pytest.raises(RekisteriError) as raised:
        load_exports(tmp_path)
    hint = raised.value.diagnostics[0].hint
    assert "store.columns" not in hint and "correct" in hint
    write_csv(tmp_path / "a.csv", [["id", "syntynyt"], ["1", "5.3.1990"], ["2", "1990/03/05"]])
    with pytest.raises(RekisteriError) as raised:
        load_exports(tmp_path, {"a.syntynyt": "date:%d.%m.%Y"})
    hint = raised.value.diagnostics[0].hint
    assert '"date:%d.%m.%Y"' in hint and "change" in hint, hint


def test_declared_decimals_keep_the_declared_places(tmp_path: Path) -> None:
    write_csv(tmp_path / "laskut.csv", [["id", "summa"], ["1", "180"], ["2", "95,5"]])
    connection = load_exports(tmp_path, {"laskut.summa": "decimal:2"})
    assert [c[2] for c in connection.execute("PRAGMA table_info(laskut)")] == [
        "INTEGER",
        "NUMERIC(18, 2)",
    ]
    write_csv(tmp_path / "laskut.csv", [["id", "summa"], ["1", "180"], ["2", "95,555"]])
    with pytest.raises(RekisteriError, match="more digits after the decimal sign") as raised:
        load_exports(tmp_path, {"laskut.summa": "decimal:2"})
    assert raised.value.diagnostics[0].line == 3


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("datum", "'datum' is no column type: write one of text, integer, decimal"),
        ("decimal:kaksi", "after 'decimal:' comes the number of digits"),
        ("date:%d.%m.%y", "two-digit year"),
        ("text:%d", "a text column takes nothing after ':'"),
    ],
)
def test_a_column_type_the_mapping_cannot_mean_is_refused_at_load(
    tmp_path: Path, declared: str, message: str
) -> None:
    text = (EXAMPLE.parent / "kampaamo-helmi" / "register.toml").read_text(encoding="utf-8")
    register = tmp_path / "register.toml"
    register.write_text(
        text.replace('"Laskut.Summa" = "decimal:2"', f'"Laskut.Summa" = "{declared}"'), "utf-8"
    )
    result = runner.invoke(app, ["validate", str(register)])
    assert result.exit_code == 1
    assert "store.columns" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_the_database_sorts_in_memory_only(tmp_path: Path) -> None:
    # DISTINCT, the staging tables and the indexes would otherwise spill personal data into a
    # temporary file.
    connection = load_exports(write_csv(tmp_path / "a.csv", [["id"], ["1"]]).parent)
    assert connection.execute("PRAGMA temp_store").fetchone() == (2,)
    # and the staging tables are gone once the exports are read
    assert connection.execute("SELECT name FROM temp.sqlite_master").fetchall() == []


def test_the_types_a_finnish_export_writes_are_read_as_what_they_are(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "asiakkaat.csv",
        [
            ["id", "puhelin", "postinumero", "syntynyt", "varattu", "hinta", "nimi"],
            ["1", "0401234567", "02700", "5.3.1990", "25.4.2023 13.39", "95,00", "Aino"],
            ["12", "0451270888", "00100", "2000-12-31", "1.1.2024 8.05", "1 234,50", "Ville"],
        ],
    )
    rows = table_rows(load_exports(tmp_path), "asiakkaat")
    assert rows == [
        (1, "0401234567", "02700", "1990-03-05", "2023-04-25 13:39", 95, "Aino"),
        (12, "0451270888", "00100", "2000-12-31", "2024-01-01 08:05", 1234.5, "Ville"),
    ]


def test_inference_keeps_text_that_only_looks_like_a_number() -> None:
    assert infer(["1", "2", "30"]) == Type("integer")
    assert infer(["040", "2"]) == Type("text")  # a leading zero: a code, not a number
    assert infer(["95,00", "12,5"]) == Type("decimal", scale=2)
    assert infer(["5.3.1990", ""]) == Type("date")
    assert infer(["", None]) == Type("text")
    assert convert("12,50", Type("decimal", scale=2)) == "12.50"
    assert Decimal(convert("12,50", Type("decimal", scale=2))) == Decimal("12.50")


def test_a_declared_type_reads_exactly_and_a_value_that_does_not_is_refused(
    tmp_path: Path,
) -> None:
    write_csv(tmp_path / "varaukset.csv", [["id", "alkaa"], ["1", "05/03/1990"], ["2", "1990"]])
    with pytest.raises(RekisteriError) as raised:
        load_exports(tmp_path, {"varaukset.alkaa": "date:%d/%m/%Y"})
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.file, diagnostic.line) == (str(tmp_path / "varaukset.csv"), 3)
    assert "column 'alkaa': '1990' is" in diagnostic.message
    with pytest.raises(RekisteriError, match=r"'varaukset\.alka' is not a column") as raised:
        load_exports(tmp_path, {"varaukset.alka": "date"})
    assert raised.value.diagnostics[0].hint == "did you mean 'varaukset.alkaa'?"


def test_the_database_refuses_every_write(tmp_path: Path) -> None:
    connection = load_exports(write_csv(tmp_path / "a.csv", [["id"], ["1"]]).parent)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM a")


# --- the same pipeline as a database -------------------------------------------------------------


def _finnish(value: Any, declared: str) -> str:
    """A value as a Finnish booking system exports it: sums with a decimal comma."""
    if value is None:
        return ""
    if declared.upper().startswith(("NUMERIC", "DECIMAL")):
        return f"{Decimal(str(value)):.2f}".replace(".", ",")
    return str(value)


def export_the_example_store(folder: Path) -> Path:
    """The example's store written out as a booking system would: a CSV file per table in a
    Finnish spreadsheet's dialect, two of the tables in one workbook."""
    database = sqlite3.connect(":memory:")
    database.executescript(STORE_SQL.read_text(encoding="utf-8"))
    exports = folder / "exports"
    exports.mkdir()
    sheets: dict[str, list[list[Any]]] = {}
    names = [n for (n,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        cursor = database.execute(f'SELECT * FROM "{name}"')
        header = [d[0] for d in cursor.description]
        rows = [list(row) for row in cursor]
        types = [str(c[2]) for c in database.execute(f'PRAGMA table_info("{name}")')]
        if name in ("invoices", "collection_cases"):
            # A spreadsheet holds sums as numbers, and the rest as the database gave them.
            sheets[name] = [
                header,
                *(
                    [
                        float(v) if t.upper().startswith("NUMERIC") and v is not None else v
                        for v, t in zip(row, types, strict=True)
                    ]
                    for row in rows
                ),
            ]
        else:
            body = [[_finnish(v, t) for v, t in zip(row, types, strict=True)] for row in rows]
            write_csv(exports / f"{name}.csv", [header, *body])
    write_xlsx(exports / "laskutus.xlsx", sheets)
    return exports


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """(the example register reading the exports, the same register reading the database)."""
    export_the_example_store(tmp_path)
    text = (EXAMPLE / "register.toml").read_text(encoding="utf-8")
    on_exports = tmp_path / "register.toml"
    # A whole sum in a spreadsheet is a number like an id: the mapping says which is money.
    on_exports.write_text(
        text.replace(
            'url = "asiakkaat.sqlite"',
            'url = "exports"\ncolumns = { "invoices.amount" = "decimal:2" }',
        ),
        "utf-8",
    )
    on_database = tmp_path / "db" / "register.toml"
    on_database.parent.mkdir()
    on_database.write_text(text, "utf-8")
    database = sqlite3.connect(on_database.with_name("asiakkaat.sqlite"))
    database.executescript(STORE_SQL.read_text(encoding="utf-8"))
    database.commit()
    database.close()
    return on_exports, on_database


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def bundle_data(
    register: Path,
    out: Path,
    email: str = "aino.virtanen@example.com",
    release: tuple[str, ...] = ("health",),
) -> dict[str, Any]:
    released = [word for category in release for word in ("--release", category)]
    result = runner.invoke(
        app,
        [
            *("access", str(register), "--email", email, "-o", str(out), *released),
            *("--format", "json", "--ref", "R-1"),
        ],
        env={"SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((out / "data.json").read_text(encoding="utf-8"))
    return data


def test_a_bundle_from_the_exports_is_the_bundle_from_the_database(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    on_exports, on_database = exported
    before = digests(on_exports.with_name("exports"))
    from_exports = bundle_data(on_exports, tmp_path / "a")
    from_database = bundle_data(on_database, tmp_path / "b")
    assert from_exports["subject"] == from_database["subject"]
    assert from_exports["categories"] == from_database["categories"]
    # Only ever read: every export file has the bytes it had.
    assert digests(on_exports.with_name("exports")) == before
    # Beside the register, the cache of the database the exports read into (and nothing else).
    assert sorted(p.name for p in on_exports.parent.iterdir()) == [
        ".rekisteri", "a", "b", "db", "exports", "register.toml",
    ]  # fmt: skip


def test_store_check_reads_the_exports_as_a_database(exported: tuple[Path, Path]) -> None:
    on_exports, _ = exported
    result = runner.invoke(app, ["store", "check", str(on_exports), "--lang", "en"])
    lines = result.output.splitlines()
    assert lines[0] == f"store {on_exports.with_name('exports')}: 12 tables, 20 subjects"
    # A database keeps its row ids as primary keys; an export's id column is a column like
    # any other, so the owner lists it as technical or maps it.
    assert "drift: appointments.id: not mapped to any data category" in lines
    assert not [line for line in lines if "has no index" in line]
    text = on_exports.read_text(encoding="utf-8").replace(
        'ignore = ["schema_migrations"', 'ignore = ["*.id", "schema_migrations"'
    )
    on_exports.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["store", "check", str(on_exports), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "ok: the store matches the register's data categories"


# --- isolation: the property of every store, on exports too ---------------------------------------


def _as_exports(folder: Path) -> None:
    """The store built by test_isolation, exported as a booking system would (CSV files), and
    the register pointed at the exports instead of the database."""
    database = sqlite3.connect(folder / "store.sqlite")
    exports = folder / "exports"
    exports.mkdir()
    for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        cursor = database.execute(f'SELECT * FROM "{name}"')
        header = [d[0] for d in cursor.description]
        body = [["" if v is None else str(v) for v in row] for row in cursor]
        write_csv(exports / f"{name}.csv", [header, *body])
    database.close()
    (folder / "store.sqlite").unlink()
    register = folder / "register.toml"
    text = register.read_text(encoding="utf-8").replace('url = "store.sqlite"', 'url = "exports"')
    register.write_text(text, encoding="utf-8")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shape=shapes())
def test_no_subject_gets_anyone_elses_rows_from_exports(shape: Shape) -> None:
    # Exports carry no declared types or keys, so a store the database kept apart by its
    # types may read differently here; what must hold is the same: a person's data holds no
    # one else's identifier or rows, or the command refuses before writing anything.
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _build(folder, shape)
        _as_exports(folder)
        collected = collect_everyone(load_register(folder / "register.toml"), shape)
        if collected is None:
            return
        for person in shape.people:
            if person.index in collected:
                _assert_only_their_own(person, shape, "\n".join(_texts_of(collected[person.index])))


def test_a_million_row_export_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "varaukset.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Varausnumero;Alkaa\n")
        handle.writelines(f"{n};{n % 28 + 1}.{n % 12 + 1}.2024\n" for n in range(1, 1_000_001))
    connection = load_exports(tmp_path, indexes=[("varaukset", "Varausnumero")])
    assert connection.execute("SELECT COUNT(*), MAX(Varausnumero) FROM varaukset").fetchone() == (
        1_000_000,
        1_000_000,
    )
    assert connection.execute(
        "SELECT Alkaa FROM varaukset WHERE Varausnumero = 500000"
    ).fetchone() == ("2024-09-05",)  # day 500000 % 28 + 1, month 500000 % 12 + 1


def test_a_missing_export_is_named_with_the_files_it_could_be(exported: tuple[Path, Path]) -> None:
    on_exports, _ = exported
    exports = on_exports.with_name("exports")
    (exports / "clients.csv").rename(exports / "asiakkaat.csv")
    result = runner.invoke(app, ["store", "check", str(on_exports), "--lang", "en"])
    assert result.exit_code == 1
    assert (
        f"store.subject.table: the exports in {exports} have no table 'clients': no file "
        "clients.csv, clients.xlsx or clients.ods, and no sheet 'clients'"
    ) in result.output


SALON = EXAMPLE.parent / "kampaamo-helmi"


def test_the_salons_exports_answer_a_request_and_stay_as_they_were(tmp_path: Path) -> None:
    register = tmp_path / "register.toml"
    register.write_text((SALON / "register.toml").read_text(encoding="utf-8"), encoding="utf-8")
    script = SALON / "make_exports.py"
    subprocess.run([sys.executable, str(script), str(tmp_path / "exports")], check=True)
    before = digests(tmp_path / "exports")
    # The script writes the same bytes each time: nothing in git, the same exports everywhere.
    subprocess.run([sys.executable, str(script), str(tmp_path / "again")], check=True)
    assert digests(tmp_path / "again") == before
    assert sorted(before) == [
        "asiakaskortit.ods",
        "asiakkaat.csv",
        "suostumukset.csv",
        "varaukset.csv",
    ]
    for argv in (
        ["validate", register],
        ["lint", register, "--strict"],
        ["store", "check", register],
    ):
        result = runner.invoke(app, [str(word) for word in argv])
        assert result.exit_code == 0, (argv, result.output)
    data = bundle_data(
        register, tmp_path / "bundle", email="laura.koskinen@example.com", release=()
    )
    assert data["subject"]
    assert digests(tmp_path / "exports") == before


def test_empty_fields_of_a_clients_own_row_are_no_data_about_them(tmp_path: Path) -> None:
    # The booking system keeps "Allergiat ja herkkyydet" as columns of the client's row: for a
    # client without any, the report must not show a health category with empty cells.
    register = tmp_path / "register.toml"
    register.write_text((SALON / "register.toml").read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(SALON / "make_exports.py"), str(tmp_path / "exports")], check=True
    )
    data = bundle_data(register, tmp_path / "aino", email="aino.virtanen@example.com", release=())
    # A category with nothing about the person is not in their data.
    assert "allergies" not in [c["id"] for c in data["categories"]]
    assert "client-card" in [c["id"] for c in data["categories"]]
    laura = bundle_data(
        register, tmp_path / "laura", email="laura.koskinen@example.com", release=()
    )
    allergies = next(c for c in laura["categories"] if c["id"] == "allergies")
    assert [len(source["rows"]) for source in allergies["sources"]] == [1]


# --- the cache --------------------------------------------------------------------------------


def test_the_cache_is_served_while_the_exports_are_unchanged(
    exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_exports, _ = exported
    first = bundle_data(on_exports, tmp_path / "first")
    cache = on_exports.parent / ".rekisteri" / "exports-cache"
    [cached] = cache.glob("*.sqlite")
    # Personal data: the folder and the file are the owner's only.
    assert (cache.stat().st_mode & 0o777, cached.stat().st_mode & 0o777) == (0o700, 0o600)
    written = cached.stat().st_mtime_ns

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the exports were read again although they had not changed")

    monkeypatch.setattr("rekisteri.access.exports.load_exports", no_reading)
    assert bundle_data(on_exports, tmp_path / "second") == first
    assert cached.stat().st_mtime_ns == written


def test_a_changed_export_is_never_served_from_the_cache(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    on_exports, _ = exported
    bundle_data(on_exports, tmp_path / "before")
    cache = on_exports.parent / ".rekisteri" / "exports-cache"
    [old] = cache.glob("*.sqlite")
    clients = on_exports.with_name("exports") / "clients.csv"
    clients.write_text(
        clients.read_text(encoding="utf-8-sig").replace("Aino;", "Aina;", 1), encoding="utf-8-sig"
    )
    after = bundle_data(on_exports, tmp_path / "after")
    assert "Aina" in json.dumps(after, ensure_ascii=False)
    # The database of the old exports is gone: one copy of the data, the current one.
    [new] = cache.glob("*.sqlite")
    assert new != old and not old.exists()
