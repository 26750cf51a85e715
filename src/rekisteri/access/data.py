"""The person's data in an access bundle: ``data.json`` (the Art. 15(3) copy) and the CSV files.

The values are kept as the store holds them; what the report shows of them is
:mod:`rekisteri.access.report`'s business.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rekisteri.access.collect import SubjectData
from rekisteri.access.schema import FORMAT, FORMAT_VERSION, SCHEMA_ID
from rekisteri.access.store import InvalidText
from rekisteri.redact import spreadsheet_cell
from rekisteri.register.store_mapping import StoreSource, label_text

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


def _rows_as_objects(source: Any) -> list[dict[str, Any]]:
    columns = source.columns
    return [
        {column: json_value(value) for column, value in zip(columns, row, strict=True)}
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
    """``data.json``, shaped as :class:`rekisteri.access.schema.AccessBundle`."""
    described = {} if described is None else described
    document: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
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
        "found": data is not None,
        "subject": _subject(data) if data is not None else None,
        "also": [_subject(part) for part in data.also] if data is not None else [],
        "categories": [],
    }
    if data is None:
        return document
    for part in data.parts:
        document["categories"] += _document_categories(
            register, part, part_categories(part, categories), described
        )
    return document


def _document_categories(
    register: Register,
    part: SubjectData,
    categories: Sequence[DataCategory],
    described: dict[Any, Any],
) -> list[dict[str, Any]]:
    found_categories = []
    for category in categories:
        sources = []
        for found in part.categories[category.id]:
            if not found.rows:
                continue
            key = (found.index, found.columns)
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
            sources.append(
                {
                    "table": found.source.table,
                    "title": title,
                    "columns": columns,
                    "rows": _rows_as_objects(found),
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


def _localized(register: Register, text: Any) -> dict[str, str]:
    return {lang: text.get(lang) for lang in register.languages if text.get(lang)}


def csv_bytes(sources: Sequence[Any]) -> bytes:
    """One category as CSV: UTF-8 with a byte-order mark, so that spreadsheets read ä and ö.

    When the category's rows come from several places, a first column ``source`` names the
    table (or ``query``) of each row, and the header is the union of their columns.

    Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+358…``) gets a
    leading apostrophe, which shows it as the text it is; numbers stay numbers, and data.json
    keeps the value as the store holds it.
    """
    with_rows = [s for s in sources if s.rows]
    several = len(with_rows) > 1
    header: list[str] = list(dict.fromkeys(c for s in with_rows for c in s.columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = ["source", *header] if several else header
    writer.writerow([spreadsheet_cell(name) for name in names])
    for source in with_rows:
        for row in source.rows:
            values = dict(zip(source.columns, row, strict=True))
            cells = [
                csv_value(value)
                if isinstance(value, int | float | Decimal)
                else spreadsheet_cell(csv_value(value))
                for value in (values.get(column) for column in header)
            ]
            described = spreadsheet_cell(source.source.describe())
            writer.writerow([described, *cells] if several else cells)
    return buffer.getvalue().encode("utf-8-sig")
