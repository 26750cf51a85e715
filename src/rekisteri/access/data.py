"""The person's data in an access bundle: ``data.json``, ``portable.json`` and the CSV files.

``data.json`` is the copy of the personal data in electronic form (GDPR Art. 15(3)): every data
category found about the person. ``portable.json`` holds only the categories the register makes
portable (Art. 20, :func:`rekisteri.register.rights.portability`), without the columns marked as
another person's data; a bundle has none when nothing of the person's is portable.

The values are kept as the store holds them; what the report shows of them is
:mod:`rekisteri.access.report`'s business. A CSV file heads its columns with the mapping's
labels in the register's default language and writes its values in one of
:data:`CSV_DIALECTS`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rekisteri.access.collect import SourceRows, SubjectData
from rekisteri.access.schema import (
    FORMAT,
    FORMAT_VERSION,
    PORTABLE_FORMAT,
    PORTABLE_FORMAT_VERSION,
    PORTABLE_SCHEMA_ID,
    SCHEMA_ID,
)
from rekisteri.access.store import InvalidText
from rekisteri.errors import Input, RekisteriError, nearest
from rekisteri.redact import spreadsheet_cell
from rekisteri.register.rights import portability
from rekisteri.register.store_mapping import CSV_DIALECTS, StoreSource, label_text

if TYPE_CHECKING:
    from rekisteri.register.model import DataCategory, Register


def categories_with_data(register: Register, data: SubjectData | None) -> list[DataCategory]:
    """The data categories holding data about the person in any of their parts, in the
    notice's order."""
    if data is None:
        return []
    return [
        category
        for category in register.data_categories
        if any(part_categories(part, [category]) for part in data.parts)
    ]


def part_categories(part: SubjectData, categories: Sequence[DataCategory]) -> list[DataCategory]:
    """Those of ``categories`` that hold rows in this part of the person's data."""
    return [
        category
        for category in categories
        if any(source.rows for source in part.categories.get(category.id, []))
    ]


def portable_in(
    register: Register, categories: Sequence[DataCategory], known: dict[Any, Any] | None = None
) -> list[DataCategory]:
    """Those of ``categories`` the person may port (GDPR Art. 20), in the same order.

    ``known`` keeps each category's answer for the subjects of a bulk run: it is the
    register's, the same for everyone, and asking builds each purpose's bases anew.
    """
    known = {} if known is None else known
    for category in categories:
        if ("portable", category.id) not in known:
            known["portable", category.id] = portability(register, category).portable
    return [c for c in categories if known["portable", c.id]]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# --- values --------------------------------------------------------------------------------


def _binary(raw: bytes) -> dict[str, Any]:
    value: dict[str, Any] = {
        "encoding": "base64",
        "data": base64.b64encode(raw).decode("ascii"),
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    if isinstance(raw, InvalidText):
        value["text"] = raw.lossy()
    return value


def json_value(value: Any) -> Any:
    """A store value in data.json: JSON types as they are, the rest as documented strings."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        # Money must not pass through binary floating point: "95.00" stays exact.
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, memoryview):
        return _binary(value.tobytes())
    if isinstance(value, bytes):
        return _binary(value)
    if isinstance(value, bytearray):
        return _binary(bytes(value))
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, InvalidText):
        # A spreadsheet reader wants the text; the exact bytes are in data.json.
        return value.lossy()
    converted = json_value(value)
    if isinstance(converted, dict) and converted.get("encoding") == "base64":
        return str(converted["data"])
    if isinstance(converted, dict | list):
        return json.dumps(converted, ensure_ascii=False)
    return str(converted)


def _rows_as_objects(source: SourceRows, wanted: Sequence[str]) -> list[dict[str, Any]]:
    columns = source.columns
    keep = set(wanted)
    return [
        {
            column: json_value(value)
            for column, value in zip(columns, row, strict=True)
            if column in keep
        }
        for row in source.rows
    ]


def _label(register: Register, label: Any) -> dict[str, str]:
    if label is None:
        return {}
    found = {}
    for lang in register.languages:
        text = label_text(label, lang, register.default_language)
        if text:
            found[lang] = text
    return found


def third_party_columns(
    category: DataCategory, source: StoreSource, columns: Sequence[str], part: SubjectData
) -> set[str]:
    if not part.primary:
        # Their own record in another group (e.g. a next of kin's): it is about them.
        return set()
    if category.third_party:
        return set(columns)
    return set(source.third_party)


def _subject(part: SubjectData) -> dict[str, Any]:
    found: dict[str, Any] = {"key": json_value(part.key), "group": part.group}
    if not part.primary:
        found["links"] = part.links
    return found


def data_document(
    register: Register,
    data: SubjectData | None,
    categories: Sequence[DataCategory],
    generated: datetime,
    reference: str,
    described: dict[Any, Any] | None = None,
) -> dict[str, Any]:
    """``data.json``, shaped as :class:`rekisteri.access.schema.AccessBundle`: every one of
    ``categories`` that holds data about the person."""
    described = {} if described is None else described
    document: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **_header(register, generated, reference),
        "found": data is not None,
        "subject": _subject(data) if data is not None else None,
        "also": [_subject(part) for part in data.also] if data is not None else [],
        "categories": [],
    }
    if data is None:
        return document
    for part in data.parts:
        document["categories"] += _document_categories(
            register, part, part_categories(part, categories), described, portable=False
        )
    return document


def portable_document(
    register: Register,
    data: SubjectData | None,
    categories: Sequence[DataCategory],
    generated: datetime,
    reference: str,
    described: dict[Any, Any] | None = None,
) -> dict[str, Any] | None:
    """``portable.json``, shaped as :class:`rekisteri.access.schema.PortableData`: those of
    ``categories`` that are portable and hold data about the person, without the columns
    marked as another person's data (20(4)); None when there is none."""
    if data is None:
        return None
    described = {} if described is None else described
    portable = portable_in(register, categories, described)
    found: list[dict[str, Any]] = []
    for part in data.parts:
        found += _document_categories(
            register, part, part_categories(part, portable), described, portable=True
        )
    found = [category for category in found if category["sources"]]
    if not found:
        return None
    return {
        "$schema": PORTABLE_SCHEMA_ID,
        "format": PORTABLE_FORMAT,
        "format_version": PORTABLE_FORMAT_VERSION,
        **_header(register, generated, reference),
        "subject": _subject(data),
        "also": [_subject(part) for part in data.also],
        "categories": found,
    }


def _header(register: Register, generated: datetime, reference: str) -> dict[str, Any]:
    return {
        "generated": iso(generated),
        "request_reference": reference,
        "register": {
            "name": _localized(register, register.name),
            "controller": {
                "name": register.controller.name,
                "business_id": register.controller.business_id,
            },
            "notice_version": register.notice.version,
        },
    }


def _document_categories(
    register: Register,
    part: SubjectData,
    categories: Sequence[DataCategory],
    described: dict[Any, Any],
    *,
    portable: bool,
) -> list[dict[str, Any]]:
    found_categories = []
    for category in categories:
        sources = []
        for found in part.categories[category.id]:
            if not found.rows:
                continue
            title, columns = _described(register, category, found, part, described)
            if portable:
                # Another person's data is never ported (20(4)); data.json marks it instead.
                columns = [column for column in columns if not column["third_party"]]
                if not columns:
                    continue
            sources.append(
                {
                    "table": found.source.table,
                    "title": title,
                    "columns": columns,
                    "rows": _rows_as_objects(found, [column["name"] for column in columns]),
                }
            )
        found_categories.append(
            {
                "id": category.id,
                "name": _localized(register, category.name),
                "third_party": category.third_party and part.primary,
                "group": part.group,
                "sources": sources,
            }
        )
    return found_categories


def _described(
    register: Register,
    category: DataCategory,
    found: SourceRows,
    part: SubjectData,
    described: dict[Any, Any],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A source's title and column descriptions, computed once per source for a bulk run."""
    key = (found.index, found.columns, part.primary, category.third_party)
    if key not in described:
        third = third_party_columns(category, found.source, found.columns, part)
        described[key] = (
            _label(register, found.source.title),
            [
                {
                    "name": column,
                    "label": _label(register, found.source.labels.get(column)),
                    "third_party": column in third,
                }
                for column in found.columns
            ],
        )
    title, columns = described[key]
    return title, columns


def _localized(register: Register, text: Any) -> dict[str, str]:
    return {lang: text.get(lang) for lang in register.languages if text.get(lang)}


# --- CSV ----------------------------------------------------------------------------------

CSV_DIALECT = Input("csv_dialect", "the CSV dialect")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written for the spreadsheet that opens it."""

    name: str
    delimiter: str
    decimal_locale: str | None
    """The locale whose decimal sign numbers are written with; None: a decimal point."""
    local_times: bool
    """Times as the spreadsheet reads them, ``2023-04-25 13:39:00`` in the store's time zone,
    instead of ISO 8601 with a ``T`` and an offset, which spreadsheets keep as text."""

    @property
    def decimal_sign(self) -> str:
        if self.decimal_locale is None:
            return "."
        # Babel is loaded only when a number is written for a locale.
        from babel.numbers import get_decimal_symbol

        # documents.i18n loads Babel's locale data, which only a localized CSV needs.
        from rekisteri.documents.i18n import locale

        return str(get_decimal_symbol(locale(self.decimal_locale)))


STANDARD = CsvDialect("standard", ",", None, local_times=False)
# A spreadsheet set to Finnish separates fields with a semicolon, since the comma is its decimal
# sign. Dates stay ISO 8601 (2023-04-25): Excel and LibreOffice read that as a date in any
# locale, the Finnish one included, while 25.4.2023 is a date only to a Finnish-set one, and a
# date-less text to everyone else.
EXCEL_FI = CsvDialect("excel-fi", ";", "fi", local_times=True)
DIALECTS = {dialect.name: dialect for dialect in (STANDARD, EXCEL_FI)}
assert tuple(DIALECTS) == CSV_DIALECTS


def csv_dialect(name: str) -> CsvDialect:
    """The dialect called ``name``; an unknown name is an error listing those that exist."""
    found = DIALECTS.get(name.strip().lower())
    if found is not None:
        return found
    guess = nearest(name, DIALECTS)
    raise RekisteriError.naming(
        CSV_DIALECT,
        f" '{name}' does not exist: choose {' or '.join(DIALECTS)}",
        f"; did you mean '{guess}'?" if guess else "",
    )


def csv_bytes(
    sources: Sequence[SourceRows],
    dialect: CsvDialect = STANDARD,
    *,
    register: Register | None = None,
    templates: Path | None = None,
) -> bytes:
    """One category as CSV: UTF-8 with a byte-order mark, so that spreadsheets read ä and ö.

    With ``register``, each column is headed by its label in the register's default language
    (its name where the mapping gives no label), and times without an offset are those of the
    store's time zone. When the category's rows come from several places, a first column names
    the place of each row: its title, else its table (or ``query``); the header is the union of
    their columns.

    Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+358…``) gets a
    leading apostrophe, which shows it as the text it is; numbers stay numbers, and data.json
    keeps the value as the store holds it.
    """
    with_rows = [s for s in sources if s.rows]
    several = len(with_rows) > 1
    header: list[str] = list(dict.fromkeys(c for s in with_rows for c in s.columns))
    lang = register.default_language if register is not None else None
    zone = _zone(register) if dialect.local_times else None
    decimal = dialect.decimal_sign
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    names = _headings(with_rows, header, lang)
    if several:
        names = [_source_heading(register, templates), *names]
    writer.writerow([spreadsheet_cell(name) for name in names])
    for source in with_rows:
        described = spreadsheet_cell(_place(source.source, lang))
        for row in source.rows:
            values = dict(zip(source.columns, row, strict=True))
            cells = [_csv_cell(values.get(column), decimal, zone) for column in header]
            writer.writerow([described, *cells] if several else cells)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any, decimal: str, zone: zoneinfo.ZoneInfo | None) -> str:
    if isinstance(value, bool):
        return csv_value(value)
    if isinstance(value, int | float | Decimal):
        return _number(value, decimal)
    if zone is not None and isinstance(value, datetime | time):
        return _local(value, zone)
    return spreadsheet_cell(csv_value(value))


def _number(value: int | float | Decimal, decimal: str) -> str:
    if isinstance(value, int):
        return str(value)
    # A Decimal in plain digits: money is "95.00", never "9.5E+1".
    text = format(value, "f") if isinstance(value, Decimal) and value.is_finite() else None
    text = text or csv_value(value)
    return text.replace(".", decimal) if decimal != "." else text


def _local(value: datetime | time, zone: zoneinfo.ZoneInfo) -> str:
    if isinstance(value, time):
        return value.replace(tzinfo=None).isoformat()
    if value.tzinfo is not None:
        value = value.astimezone(zone).replace(tzinfo=None)
    return value.isoformat(sep=" ")


def _zone(register: Register | None) -> zoneinfo.ZoneInfo:
    store = register.store if register is not None else None
    return zoneinfo.ZoneInfo(store.time_zone if store is not None else "UTC")


def _headings(sources: Sequence[SourceRows], header: Sequence[str], lang: str | None) -> list[str]:
    """Each column's label in ``lang`` (its name without one); a label that two columns share
    is told apart by the column's name."""
    if lang is None:
        return list(header)
    labels: dict[str, str] = {}
    for column in header:
        for source in sources:
            text = label_text(source.source.labels.get(column), lang, lang)
            if text:
                labels[column] = text
                break
    shown: list[str] = []
    for column in header:
        text = labels.get(column, column)
        shown.append(f"{text} ({column})" if text in shown else text)
    return shown


def _place(source: StoreSource, lang: str | None) -> str:
    title = label_text(source.title, lang, lang) if lang is not None else None
    return title or source.describe()


def _source_heading(register: Register | None, templates: Path | None) -> str:
    if register is None:
        return "source"
    # The catalogs are loaded only when a category's rows come from several places.
    from rekisteri.documents import i18n

    catalog = i18n.translations(register.default_language, "access", templates=templates)
    return str(catalog.pgettext("csv", "Table"))
