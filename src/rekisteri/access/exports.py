"""A booking system's exports as a read-only store: CSV files and XLSX/XLS/ODS workbooks.

A small business rarely has a database it can point a URL at; what it has is what its booking or
membership system exports, a file per list, often in a Finnish locale (semicolons, decimal
commas, ``25.4.2023`` dates, Windows-1252 or UTF-8 with a byte-order mark). ``store.url`` names
the folder of exports (or one file), and :func:`load_exports` reads every export in it into an
SQLite database in memory, which then serves every command as any other store does, with the
same checks: the mapping's keys and joins are verified, the reader is read-only.

- A CSV file (``.csv``, ``.tsv``, ``.txt``) is one table, named by the file's stem
  (``asiakkaat.csv`` → ``asiakkaat``). Its encoding is UTF-8 (with or without a byte-order
  mark) or Windows-1252, else what charset-normalizer finds; its delimiter (``;``, ``,`` or a
  tab) is sniffed from the header.
- A workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) with one sheet is one table named by its
  stem; with several, each sheet is a table named by the sheet.
- The first row names the columns. A value is stored as written, except where every value of
  the column reads as one type: whole numbers without a leading zero become integers, Finnish
  or ISO dates and times become ISO text (``2023-04-25``, ``2023-04-25 13:39``), numbers with a
  decimal comma become numbers. ``store.columns`` declares a column's type where the guess
  would be wrong or a format must be read exactly.

How: the rows go into a staging table as text, as fast as ``csv`` reads them (many rows to an
INSERT); SQLite then finds each column's type, by GLOB patterns and casts that stop at the
first value that does not fit, and over the column's distinct values (each read once in
Python) where a pattern cannot say; one INSERT … SELECT writes the typed table. Python never
touches a value one cell at a time after the file is parsed, which is what made the first
version ten times slower than ``sqlite3``'s own import (``benchmarks/bench_exports.py``).

The export files are only ever read, each once per command, and nothing is written beside them.
The database they read into is kept beside the register (:func:`cached_exports`) and served
again while the files' bytes are the same.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
import os
import re
import sqlite3
import urllib.parse
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rekisteri.errors import RekisteriError, nearest
from rekisteri.output import PRIVATE_DIR, PRIVATE_FILE
from rekisteri.register.store_mapping import export_column_type_problem

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
EXPORT_SUFFIXES = CSV_SUFFIXES | WORKBOOK_SUFFIXES

# How much of a CSV file the dialect is sniffed from: the header and a few rows.
_SNIFF_BYTES = 64 * 1024


def is_exports(path: Path) -> bool:
    """Whether ``path`` names exports rather than an SQLite file: a folder, or an export file."""
    return path.is_dir() or path.suffix.lower() in EXPORT_SUFFIXES


@dataclass
class ExportTable:
    """One exported list: its columns, and where its rows are read from.

    A CSV table keeps the file's bytes and decodes its rows again on each pass, so a million
    rows are never all in memory as Python objects; a workbook's sheet comes as a whole.
    """

    name: str
    file: Path
    columns: list[str]
    sheet: str | None = None
    cells: list[tuple[int, list[Any]]] = field(default_factory=list)
    """A sheet's rows with the row number each has in the sheet."""
    data: bytes | None = None
    """A CSV file's bytes, read as ``encoding`` in ``dialect``."""
    encoding: str = "utf-8"
    dialect: Any = None

    def _reader(self) -> Any:
        assert self.data is not None
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        return csv.reader(text, self.dialect)

    def records(self) -> Iterator[tuple[int, list[Any]]]:
        """(line or row number, values) of each row that is not blank, in the file's order."""
        if self.data is None:
            yield from self.cells
            return
        reader = self._reader()
        try:
            next(reader)
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(self.columns):
                    raise self._ragged(row, reader.line_num)
                yield reader.line_num, row
        except csv.Error as exc:
            raise self._unreadable(exc, reader.line_num) from None

    def texts(self) -> Iterator[list[str]]:
        """Each row's values as text, as fast as the file reads: what is loaded into SQLite.

        Unlike :meth:`records`, a row of blank values of the full width is kept (the loader
        leaves it out), and no line numbers are counted."""
        if self.data is None:
            for _, cells in self.cells:
                yield [_cell_text(cell) for cell in cells]
            return
        width = len(self.columns)
        reader = self._reader()
        try:
            next(reader)
            for row in reader:
                if len(row) == width:
                    yield row
                elif any(cell.strip() for cell in row):
                    raise self._ragged(row, reader.line_num)
        except csv.Error as exc:
            raise self._unreadable(exc, reader.line_num) from None

    def _ragged(self, row: list[str], line: int) -> RekisteriError:
        return RekisteriError.at(
            self.file,
            f"the row has {len(row)} fields but the header names {len(self.columns)} columns",
            line=line,
            hint="a value with a delimiter or a line break in it needs quotes; "
            "check the export settings of the system that wrote the file",
        )

    def _unreadable(self, exc: csv.Error, line: int) -> RekisteriError:
        return RekisteriError.at(self.file, f"the file cannot be read as CSV: {exc}", line=line)

    @property
    def rows(self) -> list[list[Any]]:
        return [row for _, row in self.records()]

    @property
    def lines(self) -> list[int]:
        return [line for line, _ in self.records()]

    def where(self, line: int | None = None) -> str:
        """How a message names the table, or its row on ``line``: "asiakkaat.csv:12"."""
        place = f"{self.file}" + (f" (sheet '{self.sheet}')" if self.sheet else "")
        return place if line is None else f"{place}:{line}"


def _cell_text(cell: Any) -> str:
    """A workbook cell as the text a CSV export would hold, for the same reading of types."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


# --- reading -----------------------------------------------------------------------------------


def export_files(path: Path) -> list[Path]:
    """The export files of the folder ``path`` in file-name order, or ``path`` itself."""
    if not path.exists():
        raise RekisteriError.at(
            path,
            "no such folder or file",
            hint="store.url names the folder of the exports, relative to the register",
        )
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES)


def read_exports(path: Path, contents: dict[Path, bytes] | None = None) -> list[ExportTable]:
    """Every export in the folder ``path`` (or the one file), in file-name order; ``contents``
    are the files' bytes when the caller has read them already (the cache's key)."""
    contents = contents if contents is not None else read_contents(path)
    tables: list[ExportTable] = []
    for file, data in contents.items():
        tables += (
            read_csv(file, data)
            if file.suffix.lower() in CSV_SUFFIXES
            else read_workbook(file, data)
        )
    seen: dict[str, ExportTable] = {}
    for table in tables:
        if table.name in seen:
            raise RekisteriError.at(
                path,
                f"two exports are both the table '{table.name}': "
                f"{seen[table.name].where()} and {table.where()}",
                hint="rename one of the files or sheets",
            )
        seen[table.name] = table
    return tables


def read_contents(path: Path) -> dict[Path, bytes]:
    """Each export file's bytes, read once: what is hashed is what is parsed."""
    return {file: file.read_bytes() for file in export_files(path)}


def read_csv(file: Path, data: bytes | None = None) -> list[ExportTable]:
    """The CSV export ``file`` (its bytes ``data``, else read) as one table; its rows are read
    when they are needed."""
    data = file.read_bytes() if data is None else data
    encoding = export_encoding(data, file)
    if not data.removeprefix(_BOM).strip():
        raise RekisteriError.at(
            file, "the file is empty", hint="an export starts with a row of column names"
        )
    sample = data[:_SNIFF_BYTES].decode(encoding, errors="ignore")
    table = ExportTable(
        file.stem, file, [], data=data, encoding=encoding, dialect=_dialect(sample, file)
    )
    try:
        header = next(table._reader())
    except csv.Error as exc:
        raise table._unreadable(exc, 1) from None
    table.columns = _columns(header, file, 1)
    return [table]


_BOM = b"\xef\xbb\xbf"
# How much of a file is decoded at a time to learn whether it is UTF-8 or Windows-1252.
_CHUNK = 1 << 20


def export_encoding(data: bytes, file: Path) -> str:
    """The encoding of an export: UTF-8 (``utf-8-sig`` with a byte-order mark), else
    Windows-1252, else what charset-normalizer finds; a file none of them reads is refused."""
    if data.startswith(_BOM):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        # Chunk by chunk: a big export is checked without a second copy of it in memory.
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    # charset-normalizer is loaded only for a file the common encodings cannot read.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise RekisteriError.at(
            file,
            "the file is not text in any encoding rekisteri recognises",
            hint="export the list as CSV in UTF-8, or as an Excel or ODS workbook",
        )
    return str(best.encoding)


def _dialect(sample: str, file: Path) -> type[csv.Dialect] | csv.Dialect:
    header = sample.splitlines()[0] if sample.splitlines() else ""
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        # One column, or a sample the sniffer cannot decide: the header's own delimiter decides.
        counts = {d: header.count(d) for d in ";,\t"}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","

        class _Found(csv.excel):
            pass

        _Found.delimiter = delimiter
        return _Found


def _columns(header: Sequence[Any], file: Path, line: int) -> list[str]:
    columns = [str(cell).strip() if cell is not None else "" for cell in header]
    for index, column in enumerate(columns, start=1):
        if not column:
            raise RekisteriError.at(
                file,
                f"column {index} of the header has no name",
                line=line,
                hint="every column of the first row needs a name",
            )
        if "." in column:
            raise RekisteriError.at(
                file,
                f"the column name '{column}' has a '.', which the mapping cannot name "
                "(table.column)",
                line=line,
                hint="rename the column in the export",
            )
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise RekisteriError.at(
                file,
                f"two columns are named '{column}'",
                line=line,
                hint="give every column of the export its own name",
            )
        seen.add(column)
    return columns


def read_workbook(file: Path, data: bytes | None = None) -> list[ExportTable]:
    """The sheets of the workbook ``file`` (its bytes ``data``, else read), a table each."""
    # python-calamine loads only for a store of workbooks.
    import python_calamine

    data = file.read_bytes() if data is None else data
    protected = RekisteriError.at(
        file,
        "the workbook is protected by a password",
        hint="save a copy without the password; rekisteri never asks for or stores one",
    )
    # Read from bytes, calamine tells a workbook's format by trying each, and an encrypted
    # one then reads as no format at all: the encryption is looked for first.
    if password_protected(data):
        raise protected
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise protected from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise RekisteriError.at(
            file,
            f"the file is not a workbook rekisteri can read ({exc})",
            hint="check that the file is the export itself, saved as .xlsx, .xls or .ods",
        ) from None
    names = list(workbook.sheet_names)
    tables = []
    for sheet_name in names:
        try:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except python_calamine.CalamineError as exc:
            raise RekisteriError.at(
                file, f"the sheet '{sheet_name}' cannot be read ({exc})"
            ) from None
        rows = [row for row in rows if any(_blank(cell) is False for cell in row)]
        if not rows:
            continue
        name = file.stem if len(names) == 1 else sheet_name
        table = ExportTable(name, file, _columns(rows[0], file, 1), sheet=sheet_name)
        for number, row in enumerate(rows[1:], start=2):
            cells = list(row) + [""] * (len(table.columns) - len(row))
            if any(not _blank(cell) for cell in cells[len(table.columns) :]):
                raise RekisteriError.at(
                    file,
                    f"sheet '{sheet_name}', row {number}: a value stands outside the named columns",
                    hint="give the column a name in the first row, or delete the value",
                )
            table.cells.append((number, cells[: len(table.columns)]))
        tables.append(table)
    if not tables:
        raise RekisteriError.at(file, "the workbook has no sheet with a row of column names")
    return tables


# An OLE compound file: an .xls workbook, or an .xlsx encrypted with a password, which Office
# wraps in one with an "EncryptedPackage" stream (MS-OFFCRYPTO 2.3.4).
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def password_protected(data: bytes) -> bool:
    """Whether the workbook ``data`` is encrypted with a password: an Office file wrapped in
    a compound file, or an OpenDocument file whose manifest lists encryption data (ODF 1.2
    part 3, 3.8)."""
    if data.startswith(_COMPOUND_FILE):
        return _ENCRYPTED_PACKAGE in data
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "META-INF/manifest.xml" not in archive.namelist():
                return False
            return b"encryption-data" in archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # calamine says what is wrong with it


def _blank(cell: Any) -> bool:
    if isinstance(cell, str):
        return not cell or cell.isspace()
    return cell is None


# --- types -------------------------------------------------------------------------------------

_INTEGER = re.compile(r"^(0|-?[1-9]\d{0,17})$")
# 95,00 · 1 234,50 (a space or a no-break space between thousands) · 12.5
_DECIMAL = re.compile(r"^-?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,15})[,.](\d{1,6})$")
_FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_FI_DATETIME = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(?:klo\s+)?(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$"
)


@dataclass(frozen=True)
class ColumnType:
    """How one export column is read: ``text``, ``integer``, ``decimal`` (a comma or a point),
    ``date`` or ``datetime``, the last two with an optional strftime pattern ("%d.%m.%Y")."""

    kind: str
    pattern: str | None = None
    scale: int | None = None
    """For ``decimal``: the digits after the decimal sign, as declared (``decimal:2``) or the
    most any value has (95,00 → 2); None until the values are read."""

    @classmethod
    def parse(cls, value: str) -> ColumnType:
        """A type as store.columns writes it (checked by the mapping's own validation)."""
        kind, _, detail = (part.strip() for part in value.partition(":"))
        if kind == "decimal":
            return cls(kind, scale=int(detail)) if detail else cls(kind)
        return cls(kind, detail or None)

    @property
    def sql(self) -> str:
        if self.kind == "decimal":
            # The scale keeps 95,00 as 95.00: SQLAlchemy gives the Decimal its digits back.
            return f"NUMERIC(18, {self.scale or 0})"
        return {"integer": "INTEGER", "date": "DATE", "datetime": "DATETIME"}.get(self.kind, "TEXT")


def convert(value: Any, column: ColumnType) -> Any:
    """``value`` read as ``column`` says; raises ValueError when it does not read so."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if column.kind != "date" else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and column.kind in ("integer", "text") and value.is_integer():
        value = int(value)
    if column.kind == "text":
        return str(value).strip() if isinstance(value, str) else str(value)
    text = str(value).strip()
    if column.kind == "integer":
        if isinstance(value, int) or _INTEGER.match(text):
            return int(text)
        raise ValueError("not a whole number")
    if column.kind == "decimal":
        try:
            digits = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
            number = Decimal(digits)
        except InvalidOperation:
            raise ValueError("not a number") from None
        # Text, so that SQLite keeps every digit; the column's scale gives the Decimal back.
        return str(number)
    if column.pattern is not None:
        try:
            moment = datetime.strptime(text, column.pattern)
        except ValueError:
            raise ValueError(
                f"not in the form {column.pattern} that store.columns declares"
            ) from None
        return moment.date().isoformat() if column.kind == "date" else moment.isoformat(sep=" ")
    if column.kind == "date":
        return _date(text).isoformat()
    return _datetime(text)


_NO_SUCH_DAY = "not a date: the calendar has no such day"


def _date(text: str) -> date:
    match = _FI_DATE.match(text)
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        if match is not None:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(_NO_SUCH_DAY) from None
    raise ValueError("not a date (write 25.4.2023 or 2023-04-25)")


def _datetime(text: str) -> str:
    if _ISO_DATETIME.match(text):
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(_NO_SUCH_DAY + " or the clock no such time") from None
        return text.replace("T", " ", 1)
    match = _FI_DATETIME.match(text)
    if match is None:
        if _FI_DATE.match(text) or _ISO_DATE.match(text):
            return _date(text).isoformat()
        raise ValueError("not a date and time (write 25.4.2023 13.39 or 2023-04-25 13:39)")
    day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValueError(_NO_SUCH_DAY + " or the clock no such time") from None
    return moment.isoformat(sep=" ", timespec="minutes" if match[6] is None else "seconds")


def infer(values: Iterable[Any]) -> ColumnType:
    """The type every non-blank value of a column reads as, else text."""
    guess = _Guess()
    for value in values:
        guess.see(value)
        if not guess.possible:
            break
    return guess.type


class _Guess:
    """A column's type, narrowed value by value: each pass over a big export sees every
    value once and keeps only this."""

    ORDER = ("integer", "decimal", "date", "datetime")

    def __init__(self) -> None:
        self.possible = set(self.ORDER)
        self.scale = 0
        self.seen = False

    def see(self, value: Any) -> None:
        if not self.possible or _blank(value):
            return
        self.seen = True
        if len(self.possible) == 1:
            # One type left (the common case after the first rows): check just that one.
            (kind,) = self.possible
            if not _reads_as(value, kind):
                self.possible = set()
        else:
            self.possible = {kind for kind in self.possible if _reads_as(value, kind)}
        if "decimal" in self.possible:
            self.scale = max(self.scale, _scale(value))

    @property
    def type(self) -> ColumnType:
        if not self.seen:
            return ColumnType("text")
        for kind in self.ORDER:
            if kind in self.possible:
                return ColumnType(kind, scale=self.scale if kind == "decimal" else None)
        return ColumnType("text")


def _scale(value: Any) -> int:
    if isinstance(value, int) or (isinstance(value, str) and _INTEGER.match(value.strip())):
        return 0
    match = _DECIMAL.match(value.strip()) if isinstance(value, str) else None
    return len(match.group(1)) if match else 2


def _reads_as(value: Any, kind: str) -> bool:
    if kind == "integer":
        return (
            isinstance(value, int)
            or (isinstance(value, float) and value.is_integer())
            or (isinstance(value, str) and bool(_INTEGER.match(value.strip())))
        )
    if kind == "decimal":
        # A whole sum among sums with cents (95 beside 12,50) is a decimal too.
        return (
            _reads_as(value, "integer")
            or isinstance(value, float)
            or (isinstance(value, str) and bool(_DECIMAL.match(value.strip())))
        )
    if kind == "date":
        if isinstance(value, datetime):
            return value.time() == time()
        if isinstance(value, date):
            return True
        return isinstance(value, str) and bool(
            _FI_DATE.match(value.strip()) or _ISO_DATE.match(value.strip())
        )
    if isinstance(value, datetime):
        return True
    # A day without a time among times (an all-day booking) is a datetime too.
    return _reads_as(value, "date") or (
        isinstance(value, str)
        and bool(_FI_DATETIME.match(value.strip()) or _ISO_DATETIME.match(value.strip()))
    )


# --- loading -----------------------------------------------------------------------------------


def load_exports(
    path: Path,
    declared: dict[str, str] | None = None,
    *,
    indexes: Iterable[tuple[str, str]] = (),
    contents: dict[Path, bytes] | None = None,
) -> sqlite3.Connection:
    """The exports at ``path`` in an SQLite database in memory, which refuses every write.

    ``declared`` gives column types (``"table.column" = "date:%d.%m.%Y"``); a value that does not
    read as its column's type is refused with its file, line and column. ``indexes`` are the
    (table, column) pairs rows are looked up by: each gets an index, as a database would have.
    """
    tables = read_exports(path, contents)
    declared = declared or {}
    _check_declared(declared, tables, path)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    # Sorting, DISTINCT and the staging tables stay in memory: personal data never reaches a
    # temporary file.
    connection.execute("PRAGMA temp_store = MEMORY")
    for table in tables:
        _load_table(connection, table, declared)
    names = {t.name: set(t.columns) for t in tables}
    for number, (table_name, column) in enumerate(sorted(indexes)):
        if column in names.get(table_name, set()):
            connection.execute(
                f"CREATE INDEX {_quote(f'rekisteri_{number}')} "
                f"ON {_quote(table_name)} ({_quote(column)})"
            )
    connection.commit()
    # The exports are read, never written: the database refuses every write from here on.
    connection.execute("PRAGMA query_only = ON")
    return connection


# What Python's str.strip() takes off a value, as far as exports hold it: spaces, tabs, line
# breaks, the no-break spaces of a Finnish spreadsheet.
_SPACE = " \t\n\v\f\r\u00a0\u202f"
_TRIM = "char(" + ", ".join(str(ord(c)) for c in _SPACE) + ")"
# A whole number as _INTEGER reads it (no leading zero, no sign but a minus, at most 18
# digits), tested by SQLite without calling Python: it casts to an integer and back unchanged.
_INTEGER_SQL = "(CAST({v} AS INTEGER) || '' = {v} AND length({v}) <= 18 + ({v} GLOB '-*'))"
# d.m.yyyy with one or two digits for the day and the month, and yyyy-mm-dd (_FI_DATE, _ISO_DATE)
_DATE_SQL = (
    "("
    + " OR ".join(
        f"{{v}} GLOB '{day}.{month}.[0-9][0-9][0-9][0-9]'"
        for day in ("[0-9]", "[0-9][0-9]")
        for month in ("[0-9]", "[0-9][0-9]")
    )
    + " OR {v} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
)
# Rows per INSERT: one statement for many rows costs SQLite far less than a statement a row.
_BATCH_ROWS = 200


@dataclass
class _Column:
    """One column of the staging table: the SQL of its value (trimmed only where some value
    needs it), its type, and how it is read: kept as text, cast to an integer by SQLite, or
    looked up in ``temp.m<index>``, a table of its distinct values converted once each."""

    index: int
    value: str
    """The value as the checks read it: the staging column, trimmed where a value needs it."""
    type: ColumnType = field(default_factory=lambda: ColumnType("text"))
    how: str = "text"

    @property
    def raw(self) -> str:
        return f"staging.c{self.index}"

    def first(self, connection: sqlite3.Connection, condition: str = "1") -> str | None:
        """The first non-blank value for which ``condition`` holds, in the file's order."""
        found = connection.execute(
            f"SELECT {self.value} FROM temp.staging WHERE {self.value} <> '' "
            f"AND {condition.format(v=self.value)} LIMIT 1"
        ).fetchone()
        return None if found is None else str(found[0])

    @property
    def selected(self) -> str:
        if self.how == "cast":
            return f"CAST(NULLIF({self.value}, '') AS INTEGER)"
        if self.how == "mapped":
            return f"m{self.index}.value"
        return f"NULLIF(trim({self.raw}, {_TRIM}), '')"


def _load_table(
    connection: sqlite3.Connection, table: ExportTable, declared: dict[str, str]
) -> None:
    """One export into the table of its name. Its rows go into SQLite as text as fast as they
    read; each column's type is found there (by GLOB patterns, stopping at the first value
    that does not fit, else over the column's distinct values), and one INSERT … SELECT
    converts them."""
    width = len(table.columns)
    connection.execute(f"CREATE TEMP TABLE staging ({', '.join(f'c{i}' for i in range(width))})")
    _insert_rows(connection, width, table.texts())
    columns = [_column(connection, table, declared, index) for index in range(width)]
    definitions = ", ".join(
        f"{_quote(name)} {column.type.sql}"
        for name, column in zip(table.columns, columns, strict=True)
    )
    connection.execute(f"CREATE TABLE {_quote(table.name)} ({definitions})")
    joins = " ".join(
        f"LEFT JOIN temp.m{c.index} ON m{c.index}.raw = {c.raw}"
        for c in columns
        if c.how == "mapped"
    )
    connection.execute(
        f"INSERT INTO {_quote(table.name)} "
        f"SELECT {', '.join(c.selected for c in columns)} FROM temp.staging {joins} "
        # A row whose every value is blank is no row, as in records().
        # The rows keep the file's order: the staging table is the outer loop of the joins.
        f"WHERE {' OR '.join(f'trim({c.raw}, {_TRIM}) <> {chr(39) * 2}' for c in columns)}"
    )
    connection.execute("DROP TABLE temp.staging")
    for column in columns:
        if column.how == "mapped":
            connection.execute(f"DROP TABLE temp.m{column.index}")


def _insert_rows(connection: sqlite3.Connection, width: int, rows: Iterator[list[str]]) -> None:
    # As many rows per statement as SQLite takes parameters for.
    per_statement = max(
        1, min(_BATCH_ROWS, connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    )
    marks = "(" + ", ".join("?" * width) + ")"
    many = "INSERT INTO temp.staging VALUES " + ", ".join([marks] * per_statement)
    flat = itertools.chain.from_iterable
    while True:
        batch = list(itertools.islice(rows, per_statement))
        if len(batch) < per_statement:
            connection.executemany(f"INSERT INTO temp.staging VALUES {marks}", batch)
            return
        connection.execute(many, list(flat(batch)))


def _column(
    connection: sqlite3.Connection,
    table: ExportTable,
    declared: dict[str, str],
    index: int,
) -> _Column:
    """How the column ``index`` is read: as declared in store.columns, else as found.

    The checks read the values as they are, which costs SQLite least; only a column whose
    first value that fails a check has a space around it is checked again trimmed."""
    column = _Column(index, f"staging.c{index}")
    other = column.first(connection, f"NOT {_INTEGER_SQL}")
    if other is not None and other != other.strip(_SPACE):
        column = _Column(index, f"trim({column.raw}, {_TRIM})")
        other = column.first(connection, f"NOT {_INTEGER_SQL}")
    written = declared.get(f"{table.name}.{table.columns[index]}")
    if written is not None:
        kind = ColumnType.parse(written)
        if kind.kind == "text":
            return column
        if kind.kind == "integer" and other is None:
            return replace(column, type=kind, how="cast")
        return _mapped(connection, table, column, kind)
    if other is None:
        if column.first(connection) is None:
            return column  # every value blank
        return replace(column, type=ColumnType("integer"), how="cast")
    # The first value that is no whole number says which types are left to look for.
    if not any(_reads_as(other, kind) for kind in _Guess.ORDER):
        return column
    if _reads_as(other, "date") and column.first(connection, f"NOT {_DATE_SQL}") is None:
        return _mapped(connection, table, column, ColumnType("date"))
    return _mapped(connection, table, column, None)


def _mapped(
    connection: sqlite3.Connection,
    table: ExportTable,
    column: _Column,
    kind: ColumnType | None,
) -> _Column:
    """The column read through ``temp.m<index>``, its distinct values each converted once as
    ``kind`` (None: as the type they all read as, else the column is text). A value that does
    not read as ``kind`` is refused with the line it stands on."""
    index = column.index
    connection.execute(f"CREATE TEMP TABLE m{index} (raw TEXT PRIMARY KEY, value) WITHOUT ROWID")
    # Keyed by the value as the file has it (the join needs no trim); read stripped.
    connection.execute(
        f"INSERT INTO temp.m{index} (raw) SELECT DISTINCT {column.raw} FROM temp.staging "
        f"WHERE {column.raw} <> ''"
    )
    cursor = connection.execute(f"SELECT raw FROM temp.m{index}")
    values = (str(raw) for (raw,) in cursor)
    if kind is None:
        kind = infer(values)
    elif kind.kind == "decimal" and kind.scale is None:
        kind = replace(kind, scale=max(map(_scale, values), default=0))
    # The inference may stop at the first value that is text; SQLite takes no new function
    # while a statement is still running.
    cursor.close()
    if kind.kind == "text":
        connection.execute(f"DROP TABLE temp.m{index}")
        return column
    failed: list[tuple[str, ValueError]] = []

    def value_of(text: str, kind: ColumnType = kind) -> Any:
        try:
            if kind.kind == "decimal" and _scale(text) > (kind.scale or 0):
                raise ValueError(
                    f"a number with more digits after the decimal sign than the {kind.scale} "
                    "store.columns declares"
                )
            return convert(text, kind)
        except ValueError as exc:
            failed.append((text, exc))
            raise

    connection.create_function("rekisteri_value", 1, value_of, deterministic=True)
    try:
        connection.execute(f"UPDATE temp.m{index} SET value = rekisteri_value(raw)")
    except sqlite3.OperationalError:
        if not failed:
            raise
        text, exc = failed[0]
        raise _unreadable_value(table, index, text, kind, exc) from None
    return replace(column, type=kind, how="mapped")


def _unreadable_value(
    table: ExportTable, index: int, text: str, kind: ColumnType, exc: ValueError
) -> RekisteriError:
    column = table.columns[index]
    # Where the value stands is looked for only now that it is known to be wrong.
    line = next(
        (n for n, row in table.records() if _cell_text(row[index]).strip() == text.strip()), None
    )
    return RekisteriError.at(
        table.file,
        (f"sheet '{table.sheet}', row {line}: " if table.sheet else "")
        + f"column '{column}': {text!r} is {exc}",
        line=None if table.sheet else line,
        hint=_unreadable_hint(f"{table.name}.{column}", kind, str(exc)),
    )


def _unreadable_hint(key: str, kind: ColumnType, problem: str) -> str:
    if problem.startswith(_NO_SUCH_DAY):
        # No declared format reads a day that does not exist: the data itself is wrong.
        return "correct the value in the booking system and export the file again"
    if kind.pattern is not None:
        return (
            f'correct the value, or change the format store.columns declares: "{key}" = '
            f'"{kind.kind}:{kind.pattern}" now'
        )
    if kind.kind in ("date", "datetime"):
        return (
            f'declare the column\'s format in store.columns, e.g. "{key}" = "{kind.kind}:%d.%m.%Y"'
        )
    return f'declare its type in store.columns: "{key}" = "text"'


def _check_declared(declared: dict[str, str], tables: list[ExportTable], path: Path) -> None:
    columns = {f"{t.name}.{c}" for t in tables for c in t.columns}
    for key, value in declared.items():
        if key not in columns:
            guess = nearest(key, sorted(columns))
            raise RekisteriError.at(
                path,
                f"store.columns: '{key}' is not a column of the exports",
                hint=f"did you mean '{guess}'?" if guess else "name a column as table.column",
            )
        problem = export_column_type_problem(value)
        if problem is not None:
            raise RekisteriError.at(path, f"store.columns: '{key}': {problem}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- the cache ----------------------------------------------------------------------------------

# Where a register keeps the database its exports were read into, beside the register file.
CACHE_FOLDER = Path(".rekisteri") / "exports-cache"
# Part of every cache key: a cache written by another way of reading is never served.
_CACHE_FORMAT = "rekisteri-exports-1"


def cache_key(
    contents: dict[Path, bytes], declared: dict[str, str], indexes: Iterable[tuple[str, str]]
) -> str:
    """The key of the database the exports read into: the SHA-256 of every export file's name
    and bytes (:func:`read_contents`), the declared types and the indexes. A file changed in
    any byte, added or removed gives another key, so a cache is never served for changed
    exports."""
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    for file, data in contents.items():
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    digest.update(json.dumps(sorted(declared.items())).encode("utf-8"))
    digest.update(json.dumps(sorted(indexes)).encode("utf-8"))
    return digest.hexdigest()


def cached_exports(
    path: Path,
    cache: Path,
    declared: dict[str, str] | None = None,
    *,
    indexes: Iterable[tuple[str, str]] = (),
) -> sqlite3.Connection:
    """The exports at ``path`` read into SQLite, from the cache folder ``cache`` while they are
    unchanged: the cache holds one database per exports folder, 0600 in a 0700 folder, and the
    one of an older version of the exports is deleted when the new one is written."""
    declared = declared or {}
    indexes = sorted(indexes)
    # Read once: the bytes the key is made of are the bytes a new database is read from.
    contents = read_contents(path)
    key = cache_key(contents, declared, indexes)
    folder_id = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    target = cache / f"{folder_id}-{key[:32]}.sqlite"
    if target.is_file():
        connection = sqlite3.connect(
            f"file:{urllib.parse.quote(str(target))}?mode=ro", uri=True, check_same_thread=False
        )
        connection.execute("PRAGMA query_only = ON")
        return connection
    connection = load_exports(path, declared, indexes=indexes, contents=contents)
    _write_cache(connection, cache, target, folder_id)
    return connection


def _write_cache(connection: sqlite3.Connection, cache: Path, target: Path, folder_id: str) -> None:
    try:
        cache.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        os.chmod(cache, PRIVATE_DIR)
        temporary = cache / f".{target.name}.{os.getpid()}.tmp"
        # Created 0600 before SQLite writes a byte of personal data into it.
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        copy = sqlite3.connect(temporary)
        try:
            connection.backup(copy)
        finally:
            copy.close()
        os.replace(temporary, target)
    except OSError:
        # A cache that cannot be written costs time, never correctness: read the exports again
        # next time.
        return
    for old in cache.glob(f"{folder_id}-*.sqlite"):
        if old != target:
            old.unlink(missing_ok=True)
