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

The export files are only ever read, each once per command, and nothing is written beside them.
The database they read into is kept beside the register (:func:`cached_exports`) and served
again while the files' bytes are the same.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from rekisteri.errors import RekisteriError, nearest
from rekisteri.output import PRIVATE_DIR, PRIVATE_FILE

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

    A CSV table keeps its text and reads its rows again on each pass (:meth:`records`), so a
    million rows are never all in memory at once; a workbook's sheet comes as a whole.
    """

    name: str
    file: Path
    columns: list[str]
    sheet: str | None = None
    cells: list[tuple[int, list[Any]]] = field(default_factory=list)
    """A sheet's rows with the row number each has in the sheet."""
    text: str | None = None
    dialect: Any = None

    def records(self) -> Iterator[tuple[int, list[Any]]]:
        """(line or row number, values) of each row that is not blank, in the file's order."""
        if self.text is None:
            yield from self.cells
            return
        reader = csv.reader(io.StringIO(self.text, newline=""), self.dialect)
        try:
            next(reader)
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(self.columns):
                    raise RekisteriError.at(
                        self.file,
                        f"the row has {len(row)} fields but the header names "
                        f"{len(self.columns)} columns",
                        line=reader.line_num,
                        hint="a value with a delimiter or a line break in it needs quotes; "
                        "check the export settings of the system that wrote the file",
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise RekisteriError.at(
                self.file, f"the file cannot be read as CSV: {exc}", line=reader.line_num
            ) from None

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
    text = decode_export(file.read_bytes() if data is None else data, file)
    if not text.strip():
        raise RekisteriError.at(
            file, "the file is empty", hint="an export starts with a row of column names"
        )
    dialect = _dialect(text[:_SNIFF_BYTES], file)
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise RekisteriError.at(file, f"the file cannot be read as CSV: {exc}", line=1) from None
    return [ExportTable(file.stem, file, _columns(header, file, 1), text=text, dialect=dialect)]


def decode_export(data: bytes, file: Path) -> str:
    """The text of an export: UTF-8 (a byte-order mark dropped), else Windows-1252, else what
    charset-normalizer finds; a file none of them reads is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # charset-normalizer is loaded only for a file the common encodings cannot read.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise RekisteriError.at(
            file,
            "the file is not text in any encoding rekisteri recognises",
            hint="export the list as CSV in UTF-8, or as an Excel or ODS workbook",
        )
    return str(best)


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

    try:
        workbook = (
            python_calamine.CalamineWorkbook.from_path(str(file))
            if data is None
            else python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        )
    except python_calamine.PasswordError:
        raise RekisteriError.at(
            file,
            "the workbook is protected by a password",
            hint="save a copy without the password; rekisteri never asks for or stores one",
        ) from None
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

# The types a mapping may declare for an export column (store.columns).
COLUMN_TYPES = ("text", "integer", "decimal", "date", "datetime")


@dataclass(frozen=True)
class ColumnType:
    """How one export column is read: ``text``, ``integer``, ``decimal`` (a comma or a point),
    ``date`` or ``datetime``, the last two with an optional strftime pattern ("%d.%m.%Y")."""

    kind: str
    pattern: str | None = None
    scale: int = 0
    """For ``decimal``: the most digits any value has after its decimal sign (95,00 → 2)."""

    @classmethod
    def parse(cls, value: str) -> ColumnType:
        kind, _, pattern = value.partition(":")
        return cls(kind.strip(), pattern.strip() or None)

    @property
    def sql(self) -> str:
        if self.kind == "decimal":
            # The scale keeps 95,00 as 95.00: SQLAlchemy gives the Decimal its digits back.
            return f"NUMERIC(18, {self.scale})"
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
        moment = datetime.strptime(text, column.pattern)
        return moment.date().isoformat() if column.kind == "date" else moment.isoformat(sep=" ")
    if column.kind == "date":
        return _date(text).isoformat()
    return _datetime(text)


def _date(text: str) -> date:
    if _ISO_DATE.match(text):
        return date.fromisoformat(text)
    match = _FI_DATE.match(text)
    if match is None:
        raise ValueError("not a date (write 25.4.2023 or 2023-04-25)")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def _datetime(text: str) -> str:
    if _ISO_DATETIME.match(text):
        return text.replace("T", " ", 1)
    match = _FI_DATETIME.match(text)
    if match is None:
        if _FI_DATE.match(text) or _ISO_DATE.match(text):
            return _date(text).isoformat()
        raise ValueError("not a date and time (write 25.4.2023 13.39 or 2023-04-25 13:39)")
    day, month, year, hour, minute, second = match.groups()
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    return moment.isoformat(sep=" ", timespec="minutes" if second is None else "seconds")


def infer(values: Iterable[Any]) -> ColumnType:
    """The type every non-blank value of a column reads as, else text."""
    guess = _Guess()
    for value in values:
        guess.see(value)
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
                return ColumnType(kind, scale=self.scale if kind == "decimal" else 0)
        return ColumnType("text")


def _scale(value: Any) -> int:
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
        return isinstance(value, float) or (
            isinstance(value, str) and bool(_DECIMAL.match(value.strip()))
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
    return isinstance(value, str) and bool(
        _FI_DATETIME.match(value.strip()) or _ISO_DATETIME.match(value.strip())
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
    for table in tables:
        types = _types(table, declared)
        columns = ", ".join(
            f"{_quote(c)} {t.sql}" for c, t in zip(table.columns, types, strict=True)
        )
        connection.execute(f"CREATE TABLE {_quote(table.name)} ({columns})")
        marks = ", ".join("?" for _ in table.columns)
        connection.executemany(
            f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
            _converted(table, types),
        )
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


def _types(table: ExportTable, declared: dict[str, str]) -> list[ColumnType]:
    """Each column's type: as declared in store.columns, else guessed in one pass."""
    guesses = [_Guess() for _ in table.columns]
    for _line, row in table.records():
        for guess, value in zip(guesses, row, strict=True):
            guess.see(value)
    types = []
    for column, guess in zip(table.columns, guesses, strict=True):
        written = declared.get(f"{table.name}.{column}")
        if written is None:
            types.append(guess.type)
            continue
        kind = ColumnType.parse(written)
        if kind.kind == "decimal":
            kind = replace(kind, scale=guess.scale if guess.seen else 2)
        types.append(kind)
    return types


def _converter(column: ColumnType) -> Callable[[Any], Any]:
    """:func:`convert` for one column, the common cases short: a text value is kept as it is,
    and the dates and times an export repeats on many rows are read once each."""
    if column.kind == "text":
        return lambda value: (
            (value.strip() or None) if isinstance(value, str) else convert(value, column)
        )
    if column.kind in ("date", "datetime"):
        return lru_cache(maxsize=65536)(lambda value: convert(value, column))
    return lambda value: convert(value, column)


def _converted(table: ExportTable, types: list[ColumnType]) -> Iterator[list[Any]]:
    converters = [_converter(kind) for kind in types]
    for line, row in table.records():
        converted = []
        for column, kind, to_value, value in zip(
            table.columns, types, converters, row, strict=True
        ):
            try:
                converted.append(to_value(value))
            except ValueError as exc:
                raise RekisteriError.at(
                    table.file,
                    (f"sheet '{table.sheet}', row {line}: " if table.sheet else "")
                    + f"column '{column}': {value!r} is {exc}",
                    line=None if table.sheet else line,
                    hint=(
                        "declare the column's format in store.columns, e.g. "
                        f'"{table.name}.{column}" = "{kind.kind}:%d.%m.%Y"'
                        if kind.kind in ("date", "datetime")
                        else f'declare its type in store.columns: "{table.name}.{column}" = "text"'
                    ),
                ) from None
        yield converted


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
        kind = ColumnType.parse(value)
        if kind.kind not in COLUMN_TYPES:
            raise RekisteriError.at(
                path,
                f"store.columns: '{key}' = '{value}': the type is one of "
                + ", ".join(COLUMN_TYPES),
            )


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
