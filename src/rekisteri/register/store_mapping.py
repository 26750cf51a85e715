"""The store mapping: where each data category of the register lives in the live customer store.

The subject-access feature reads it; the notice never shows it. A mapping names the subject
table (whose rows are the people a bundle is about, and the columns a request is matched on)
and, for each data category, one or more sources: a table with the columns to show and the
column that links its rows to the subject, following at most three joins, or a parameterized
``SELECT`` with a ``:subject`` bind for what the declarative form cannot express.

This module is imported by the model, so it stays light: no SQLAlchemy here, and nothing from
the model or the checks. The checks that need the whole register (a source naming an undeclared
category, the warnings about unmapped categories) live in :mod:`rekisteri.register.checks`.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from rekisteri.register.base import Id, Model, Text
from rekisteri.register.currencies import CURRENCIES
from rekisteri.register.iso import ISO_DATES as ISO_DATES

Label = Text
"""A heading a reader sees: a plain string (the register's default language) or a table of
languages like ``{ fi = "Puhelin", en = "Phone" }``."""

# A table or column name as the store spells it. SQLAlchemy quotes it, so any character is
# safe; a dot is refused because ``references = "table.column"`` splits on it.
StoreName = Annotated[
    str,
    Field(min_length=1, max_length=128, pattern=r"^[^.\x00]+$"),
]

# The most joins a declarative source may follow from its table to the subject. Deeper links
# are rare in a small business's store and belong in a `query`, where a reader sees the SQL.
MAX_JOINS = 3

# `order_by = "-opened_at"`: newest first, as in Django's and many APIs' sort parameters.
DESCENDING = "-"

_SUBJECT_BIND = re.compile(r"(?<![:\w]):subject\b")
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


def _as_list(value: object) -> object:
    """Let a single column be written as a string: ``email = "email"``."""
    return [value] if isinstance(value, str) else value


_COLUMN_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 128, "pattern": r"^[^.\x00]+$"}


def _currency(code: str) -> str:
    if code not in CURRENCIES:
        raise ValueError(f"'{code}' is not an ISO 4217 currency code such as EUR or SEK")
    return code


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_currency)]

ColumnList = Annotated[
    list[StoreName],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [_COLUMN_SCHEMA, {"type": "array", "items": _COLUMN_SCHEMA}]}),
]


def label_text(label: Label | None, lang: str, default_language: str) -> str | None:
    """The label in ``lang``; a plain string is in the register's default language."""
    if label is None:
        return None
    return label.get(lang) if label.has(lang) or lang == default_language else None


class Hop(Model):
    """One join from a table to the table its rows belong to, e.g. a collection case to its
    invoice: ``{ column = "invoice_id", references = "invoices.id" }``."""

    column: StoreName = Field(
        description="Column of the current table that holds the key of the next one."
    )
    references: str = Field(
        description="The next table and its key column, written ``table.column``."
    )

    @field_validator("references")
    @classmethod
    def _table_dot_column(cls, value: str) -> str:
        table, dot, column = value.partition(".")
        if not (table and dot and column) or "." in column or "\x00" in value:
            raise ValueError(
                f"write references as 'table.column', e.g. 'invoices.id', not '{value}'"
            )
        return value

    @property
    def table(self) -> str:
        return self.references.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.references.split(".", 1)[1]


class MatchTable(Model):
    """A table with one row per person of a group, and the columns a request is matched on."""

    table: StoreName = Field(description="Table with one row per data subject, e.g. 'clients'.")
    key: StoreName = Field(
        default="id",
        description="Its key column: a request that gives the subject's key matches it, and "
        "sources link to it.",
    )
    name: ColumnList = Field(
        default=[],
        description=(
            "Columns that make up the person's name, joined by a space (e.g. first and last name)."
        ),
    )
    email: ColumnList = Field(
        default=[],
        description=(
            "Email columns; matched in any case and Unicode form (NFC, case folded), with "
            "whitespace around them (tabs, non-breaking spaces) trimmed."
        ),
    )
    phone: ColumnList = Field(
        default=[],
        description=(
            "Phone columns; matched after normalising the number (045 127 0888 = +358451270888)."
        ),
    )
    hetu: ColumnList = Field(
        default=[],
        description=(
            "Personal identity code (henkilötunnus) columns; matched trimmed and upper-cased "
            "against the validated code."
        ),
    )
    birth_date: StoreName | None = Field(
        default=None,
        description=(
            "Birth-date column; with `name` it allows matching on name and birth date together."
        ),
    )

    @property
    def match_columns(self) -> list[str]:
        extra = [self.birth_date] if self.birth_date else []
        return [*self.email, *self.phone, *self.hetu, *self.name, *extra]


class SubjectTable(MatchTable):
    """The table with one row per person, and the columns a request is matched on."""

    group: Id | None = Field(
        default=None,
        description=(
            "Id of the data-subject group (`data_subjects`) these people are, e.g. 'clients'."
        ),
    )


class GroupTable(MatchTable):
    """Another group of data subjects the register declares, e.g. clients' next of kin.

    A request is searched in every group. A person found here gets their own record (the
    `columns`), as rows of the data category `category`; the subject it links to (e.g. the
    client who named them) is third-party context: it is never named or shown.
    """

    group: Id = Field(
        description="Id of the data-subject group (`data_subjects`), e.g. 'next-of-kin'."
    )
    columns: ColumnList = Field(
        description="Columns of the person's own record shown to them, in this order."
    )
    category: Id = Field(
        description="Id of the data category their record belongs to, e.g. 'next-of-kin'."
    )
    title: Label | None = Field(
        default=None, description="Heading of their record's table in the report."
    )
    labels: dict[str, Label] = Field(
        default={},
        description=(
            'Readable column headings, e.g. `labels.phone = { fi = "Puhelin", en = "Phone" }`.'
        ),
    )
    links_to: StoreName | None = Field(
        default=None,
        description=(
            "Column holding the key of the subject (of `[store.subject]`) the record belongs "
            "to, e.g. the client who named this next of kin; never shown."
        ),
    )

    @model_validator(mode="after")
    def _own_columns(self) -> GroupTable:
        if not self.columns:
            raise ValueError(f"list the columns of '{self.table}' to show, e.g. columns = [...]")
        if len(set(self.columns)) != len(self.columns):
            raise ValueError("a column is listed twice in 'columns'")
        if self.links_to is not None and self.links_to in self.columns:
            raise ValueError(
                f"'{self.links_to}' is the link to another person (links_to): it is never shown, "
                "so leave it out of 'columns'"
            )
        unknown_labels = [c for c in self.labels if c not in self.columns]
        if unknown_labels:
            raise ValueError(
                f"labels are given for {', '.join(unknown_labels)}, which is not in 'columns'"
            )
        return self

    def as_source(self) -> StoreSource:
        """The person's own record as a source of rows, for the report and data.json."""
        return StoreSource(
            category=self.category,
            title=self.title,
            table=self.table,
            columns=list(self.columns),
            labels=dict(self.labels),
        )


class StoreSource(Model):
    """Where one data category's rows are: a table and its columns, or a query."""

    category: Id = Field(description="Id of the data category these rows belong to.")
    title: Label | None = Field(
        default=None,
        description=(
            "Heading of this source's table in the report, when a category has several sources."
        ),
    )
    table: StoreName | None = Field(default=None, description="Table the rows come from.")
    columns: ColumnList = Field(
        default=[], description="Columns shown to the person, in this order."
    )
    subject_column: StoreName | None = Field(
        default=None,
        description=(
            "Column (of the last table joined, or of `table`) holding the "
            "subject's key; defaults to the subject key when `table` is the "
            "subject table."
        ),
    )
    via: list[Hop] = Field(
        default=[],
        max_length=MAX_JOINS,
        description="Joins from `table` towards the subject, at most three.",
    )
    order_by: ColumnList = Field(
        default=[],
        description=(
            "Columns of `table` the rows are sorted by, oldest (smallest) first; a '-' before "
            'a name sorts that column newest first, e.g. `order_by = ["-opened_at", "stage"]`. '
            "By default the rows are sorted by the first of `columns` whose type in the store "
            "is a date or a timestamp, oldest first; rows that tie are then sorted by the table's "
            "primary key (or, without one, by the columns shown), so that every bundle lists "
            "them in one order."
        ),
    )
    recipient: StoreName | None = Field(
        default=None,
        description=(
            "Column naming the party each row's data was disclosed to, e.g. the collection "
            "agency of a debt-collection case; one of `columns` (for a query: of its result). "
            "The access report lists its values as the recipients of this person's data."
        ),
    )
    query: str | None = Field(
        default=None,
        description=(
            "A read-only `SELECT` with a `:subject` bind, instead of `table` and `columns`."
        ),
    )
    covers: list[str] = Field(
        default=[],
        description=(
            "For a query: the `table` or `table.column` names it reads, so "
            "`store check` counts them as declared."
        ),
    )
    labels: dict[str, Label] = Field(
        default={},
        description=(
            'Readable column headings, e.g. `labels.phone = { fi = "Puhelin", en = "Phone" }`.'
        ),
    )
    third_party: ColumnList = Field(
        default=[],
        description=(
            "Columns holding data about someone else (e.g. a next of kin's "
            "phone), marked so in the report (GDPR 15(4))."
        ),
    )
    money: dict[str, Currency] = Field(
        default={},
        description=(
            "Columns holding sums of money, with their ISO 4217 currency, e.g. "
            '`money = { amount = "EUR" }`: the report shows them as 95,00 €.'
        ),
    )

    @model_validator(mode="after")
    def _one_form(self) -> StoreSource:
        if self.query is not None:
            declarative = [
                name
                for name in ("table", "columns", "subject_column", "via", "order_by")
                if getattr(self, name)
            ]
            if declarative:
                raise ValueError(
                    f"give either 'query' or 'table' with 'columns', not both "
                    f"(this source also sets {', '.join(declarative)})"
                )
            _check_query(self.query)
            return self
        if self.table is None:
            raise ValueError(
                "a source needs 'table' and 'columns', or a 'query' with a :subject bind"
            )
        if not self.columns:
            raise ValueError(f"list the columns of '{self.table}' to show, e.g. columns = [...]")
        if len(set(self.columns)) != len(self.columns):
            raise ValueError("a column is listed twice in 'columns'")
        if self.covers:
            raise ValueError("'covers' is for query sources; a table source covers its columns")
        if self.via and self.subject_column is None:
            raise ValueError(
                f"name the column of '{self.via[-1].table}' that holds the subject's key: "
                "subject_column = ..."
            )
        unknown = [c for c in self.third_party if c not in self.columns]
        if unknown:
            raise ValueError(f"third_party names {', '.join(unknown)}, which is not in 'columns'")
        unknown = [c for c in self.money if c not in self.columns]
        if unknown:
            raise ValueError(f"money names {', '.join(unknown)}, which is not in 'columns'")
        if self.recipient is not None and self.recipient not in self.columns:
            raise ValueError(
                f"recipient names '{self.recipient}', which is not in 'columns': the person "
                "sees to whom their data went, so list it there too"
            )
        self._check_order()
        unknown_labels = [c for c in self.labels if c not in self.columns]
        if unknown_labels:
            raise ValueError(
                f"labels are given for {', '.join(unknown_labels)}, which is not in 'columns'"
            )
        return self

    def _check_order(self) -> None:
        names = [column for column, _newest_first in self.ordering]
        if any(not name for name in names):
            raise ValueError("order_by has a '-' without a column name after it")
        if len(set(names)) != len(names):
            raise ValueError("a column is listed twice in 'order_by'")

    @property
    def ordering(self) -> list[tuple[str, bool]]:
        """``order_by`` as (column, newest first) pairs."""
        return [
            (name[1:], True) if name.startswith(DESCENDING) else (name, False)
            for name in self.order_by
        ]

    @property
    def order_columns(self) -> list[str]:
        """The columns ``order_by`` names, without their direction."""
        return [column for column, _newest_first in self.ordering]

    @property
    def tables(self) -> list[str]:
        """Every table this source reads: its own and the ones it joins."""
        if self.table is None:
            return []
        return [self.table, *(hop.table for hop in self.via)]

    def describe(self) -> str:
        return self.table or "query"


def _check_query(query: str) -> None:
    body = _LEADING_COMMENTS.sub("", query)
    first = body.split(None, 1)[0].lower() if body.strip() else ""
    if first not in ("select", "with"):
        raise ValueError("a query must be a SELECT (or WITH … SELECT); rekisteri only reads")
    if ";" in body.strip().rstrip(";"):
        raise ValueError("a query must be one statement; remove the ';' inside it")
    if not _SUBJECT_BIND.search(body):
        raise ValueError(
            "the query must use the bind :subject for the subject's key, "
            "e.g. WHERE client_id = :subject"
        )


# ISO 8601 period, as the register's retention rules write it (model.Duration, which this
# module cannot import: the model imports it).
_PERIOD = r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$"

TableColumn = Annotated[
    str,
    Field(min_length=3, max_length=257, pattern=r"^[^.\x00]+\.[^.\x00]+$"),
]
"""A column written ``table.column``."""

DateFormat = Annotated[str, Field(min_length=1, max_length=100)]
"""``iso`` or a strftime pattern, e.g. ``%d.%m.%Y``."""


# The types store.columns may give an export's column (rekisteri.access.exports reads them).
EXPORT_COLUMN_TYPES = ("text", "integer", "decimal", "date", "datetime")


def export_column_type_problem(value: str) -> str | None:
    """Why ``value`` is no type of an export column (``"date:%d.%m.%Y"``, ``"decimal:2"``),
    or None when it is one."""
    kind, colon, detail = (part.strip() for part in value.partition(":"))
    if kind not in EXPORT_COLUMN_TYPES:
        return f"'{value}' is no column type: write one of " + ", ".join(EXPORT_COLUMN_TYPES)
    if kind in ("date", "datetime") and detail:
        return date_format_problem(detail)
    if kind == "decimal" and colon and not (detail.isdigit() and int(detail) <= 10):
        return (
            f"'{value}': after 'decimal:' comes the number of digits after the decimal sign, "
            "0 to 10, e.g. decimal:2 for euros and cents"
        )
    if kind in ("text", "integer") and colon:
        return f"'{value}': a {kind} column takes nothing after ':'; write \"{kind}\""
    return None


def date_format_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot read a store's dates without guessing, or None when it can."""
    if pattern == ISO_DATES:
        return None
    if "%y" in pattern.replace("%%", ""):
        return (
            f"'{pattern}' has a two-digit year (%y), which leaves the century to a guess; "
            "use %Y for the four-digit year"
        )
    sample = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
    try:
        names_the_day = datetime.strptime(sample.strftime(pattern), pattern).date() == sample.date()
    except ValueError:
        names_the_day = False
    if "%" not in pattern or not names_the_day:
        return (
            f"'{pattern}' is not a date format that names the day: write a strftime pattern "
            "with the year, month and day, e.g. %d.%m.%Y or %Y-%m-%d %H:%M, or iso"
        )
    return None


def _clock_columns(
    latest_of: list[str], row_date: str | dict[str, str] | None
) -> Callable[[str], bool]:
    if latest_of:
        return set(latest_of).__contains__
    if isinstance(row_date, dict):
        return {f"{table}.{column}" for table, column in row_date.items()}.__contains__
    return lambda key: key.partition(".")[2] == row_date


class RetentionClock(Model):
    """Where the store keeps the date a retention rule's period counts from.

    `rekisteri retention` reads it to list the rows whose retention has passed. A person's date
    (`latest_of`) applies to all their rows of the rule's data categories; a row's own date
    (`row_date`) to that row alone.
    """

    latest_of: list[TableColumn] = Field(
        default=[],
        description=(
            "Columns, as `table.column`, holding dates about a person; the "
            "latest of them is the person's date. Each table is the subject "
            "table or the table of a source linked directly to it. E.g. the "
            "end of the client relationship taken as the last appointment or "
            "order."
        ),
    )
    row_date: StoreName | dict[str, StoreName] | None = Field(
        default=None,
        description=(
            "Each row's own date: a column name found in every source table "
            "of the rule's data categories, or a table of `source table = "
            "column`."
        ),
    )
    end_of_year: bool = Field(
        default=False,
        description=(
            "Count from the end of the year of the date (e.g. bookkeeping: "
            "'the end of the year in which the financial period ended')."
        ),
    )
    period: str | None = Field(
        default=None,
        json_schema_extra={"pattern": _PERIOD},
        description=(
            "A period to use instead of the rule's, e.g. when the store lacks "
            "the date the rule counts from and its fallback applies (120 "
            "years from birth when the death is not known)."
        ),
    )

    format: DateFormat | dict[TableColumn, DateFormat] | None = Field(
        default=None,
        description=(
            "How the store writes these dates when a column holds them as text that is not "
            "ISO 8601: a strftime pattern such as `%d.%m.%Y`, or `iso`; one for all the "
            'rule\'s columns or a table of `"table.column" = pattern`. Without it, text must '
            "be ISO 8601 (YYYY-MM-DD, optionally with a time and a UTC offset); a column of the "
            "database's own date type is read as such. A value that fits neither is reported "
            "and its person or row is not judged: the sweep never guesses a date."
        ),
    )

    @field_validator("period")
    @classmethod
    def _iso_period(cls, value: str | None) -> str | None:
        if value is not None and not re.match(_PERIOD, value):
            raise ValueError(
                f"'{value}' is not an ISO 8601 period in years, months, weeks or days, "
                "e.g. P120Y, P6M"
            )
        return value

    @field_validator("format")
    @classmethod
    def _date_format(
        cls, value: str | dict[str, str] | None, info: ValidationInfo
    ) -> str | dict[str, str] | None:
        patterns = value.values() if isinstance(value, dict) else [value] if value else []
        for pattern in patterns:
            problem = date_format_problem(pattern)
            if problem:
                raise ValueError(problem)
        if isinstance(value, dict):
            read = _clock_columns(info.data.get("latest_of") or [], info.data.get("row_date"))
            for key in value:
                if not read(key):
                    raise ValueError(
                        f"'{key}' is not a column this rule reads; name one of its latest_of "
                        "columns or its row_date column as table.column"
                    )
        return value

    @model_validator(mode="after")
    def _one_clock(self) -> RetentionClock:
        if bool(self.latest_of) == (self.row_date is not None):
            raise ValueError(
                "give either latest_of (a date per person) or row_date (a date per row)"
            )
        if len(set(self.latest_of)) != len(self.latest_of):
            raise ValueError("a column is listed twice in 'latest_of'")
        return self


MarketingChannelName = Literal["email", "sms", "post", "phone"]

CsvDialectName = Literal["standard", "excel-fi"]
"""The ways an access bundle can write its CSV files (see :mod:`rekisteri.access.data`)."""
CSV_DIALECTS: tuple[str, ...] = typing.get_args(CsvDialectName)


def _values(value: object) -> object:
    return [value] if isinstance(value, str) else value


StoreValues = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_values),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ]
        }
    ),
]


class MarketingMapping(Model):
    """The table of direct-marketing consents and bans, one row per event.

    `rekisteri marketing` reads it: on each channel the latest event of a person decides, and
    a ban or a withdrawal wins over a consent recorded at the same moment.

    Values of `channel` and `choice` are compared without regard to case, Unicode form and
    spaces, so 'SÄHKÖPOSTI ' is 'sähköposti'. Nothing else is guessed: a value that is not
    listed here (in whatever language the store writes it) is an error.
    """

    table: StoreName = Field(
        description=("Table of consent, withdrawal and ban events, e.g. 'marketing_events'.")
    )
    subject_column: StoreName = Field(description="Its column holding the subject's key.")
    recorded_at: StoreName = Field(
        description=(
            "Its column holding when the choice was made; a time without an offset is read "
            "in the store's `time_zone`."
        )
    )
    channel: StoreName = Field(description="Its column naming the channel.")
    choice: StoreName = Field(description="Its column holding the choice.")
    channels: dict[MarketingChannelName, StoreValues] = Field(
        description=(
            "The store's values of `channel` for each channel, in every spelling and language "
            'the store uses, e.g. `channels = { email = ["sähköposti", "e-post"], sms = '
            '["tekstiviesti", "SMS"] }`. Case, Unicode form and spaces do not count.'
        )
    )
    every_channel: StoreValues = Field(
        default=[],
        description=(
            "Values of `channel` meaning every channel at once, e.g. a general marketing "
            "ban. A ban or a withdrawal whose channel is empty or NULL applies to every "
            "channel too; a consent whose channel is empty or NULL gives no consent at all."
        ),
    )
    consent: StoreValues = Field(description="Values of `choice` that give consent.")
    withdrawal: StoreValues = Field(
        default=[], description="Values of `choice` that withdraw a consent."
    )
    ban: StoreValues = Field(
        default=[],
        description=("Values of `choice` that forbid marketing (kielto, GDPR Art. 21(2)-(3))."),
    )

    @staticmethod
    def spelling(value: str) -> str:
        """``value`` as comparisons see it: NFC, case folded, whitespace trimmed and collapsed."""
        # Canonical caseless matching (Unicode §3.13): fold the decomposed form, then compose.
        folded = unicodedata.normalize("NFD", value).casefold()
        return " ".join(unicodedata.normalize("NFC", folded).split())

    def channel_values(self) -> dict[str, tuple[str, MarketingChannelName | None]]:
        """By spelling: the value as the mapping writes it and its channel (None: every one)."""
        table: dict[str, tuple[str, MarketingChannelName | None]] = {}
        for channel, values in self.channels.items():
            table.update((self.spelling(v), (v, channel)) for v in values)
        table.update((self.spelling(v), (v, None)) for v in self.every_channel)
        return table

    def choice_values(self) -> dict[str, tuple[str, Literal["consent", "withdrawal", "ban"]]]:
        """By spelling: the value as the mapping writes it and the kind of choice it is."""
        kinds: tuple[Literal["consent", "withdrawal", "ban"], ...] = (
            "consent",
            "withdrawal",
            "ban",
        )
        return {self.spelling(v): (v, kind) for kind in kinds for v in getattr(self, kind)}

    @model_validator(mode="after")
    def _one_meaning_per_value(self) -> MarketingMapping:
        channels = [(f"channels.{name}", values) for name, values in self.channels.items()]
        choices = [(kind, getattr(self, kind)) for kind in ("consent", "withdrawal", "ban")]
        for groups in ([*channels, ("every_channel", self.every_channel)], choices):
            problem = self._listed_twice(groups)
            if problem:
                raise PydanticCustomError("marketing_value", "{problem}", {"problem": problem})
        return self

    @classmethod
    def _listed_twice(cls, groups: list[tuple[str, list[str]]]) -> str:
        """A value listed under two keys, in any spelling, or ''."""
        seen: dict[str, tuple[str, str]] = {}
        for key, values in groups:
            for value in values:
                first_key, first = seen.setdefault(cls.spelling(value), (key, value))
                if first_key != key:
                    written = f" (as '{first}')" if first != value else ""
                    return f"'{value}' is listed both in {first_key}{written} and in {key}"
        return ""


class FeedbackMapping(Model):
    """Where the client feedback is, for `rekisteri feedback` (the homepage snippet)."""

    table: StoreName = Field(description="Table with one row per piece of feedback.")
    text: StoreName = Field(description="Its column with the free text.")
    publishable: StoreName = Field(
        description=("Its column telling whether the person allowed publishing (true/false).")
    )
    subject_column: StoreName | None = Field(
        default=None,
        description=(
            "Its column holding the subject's key, so the person's own name, "
            "email, phone and identity code are removed from the text too."
        ),
    )
    rating: StoreName | None = Field(
        default=None, description="Its column with a numeric rating, shown with the text."
    )
    scale: int = Field(default=5, ge=2, le=100, description="The highest rating.")
    order_by: StoreName | None = Field(
        default=None,
        description=("Column that orders the feedback, newest first (e.g. the date it was given)."),
    )
    also_remove: ColumnList = Field(
        default=[],
        description=(
            "Further columns of the subject table whose values are removed "
            "from the text, e.g. the street address."
        ),
    )
    min_words: int = Field(
        default=3,
        ge=1,
        le=50,
        description=(
            "Feedback with fewer words left after removing identifiers is not "
            "published: a very short answer identifies its writer more easily "
            "than it tells anything."
        ),
    )


class StoreMapping(Model):
    """Where the live customer data is kept; the subject-access feature maps categories to it."""

    url: str = Field(
        min_length=1,
        description=(
            "SQLAlchemy URL or a SQLite file path relative to the register "
            "file; REKISTERI_STORE_URL overrides it."
        ),
    )
    timeout: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="Seconds to wait for a store that another program has locked.",
    )
    time_zone: str = Field(
        default="Europe/Helsinki",
        description=(
            "IANA time zone that store times without an offset are read in (TEXT like "
            "'2024-05-01 10:00', SQLite DATETIME, PostgreSQL timestamp without time zone), "
            "e.g. 'Europe/Helsinki'; times with an offset keep it. A store that writes "
            "SQLite's CURRENT_TIMESTAMP keeps UTC: write 'UTC' then."
        ),
    )
    subject: SubjectTable = Field(
        description=("The table of data subjects and the columns a request is matched on.")
    )
    groups: list[GroupTable] = Field(
        default=[],
        description=(
            "Other groups of data subjects (`data_subjects`) and where they are, e.g. next of "
            "kin: a request is searched in `subject` and in each of these."
        ),
    )
    sources: list[StoreSource] = Field(
        default=[], description="Where each data category's rows are."
    )
    columns: dict[TableColumn, str] = Field(
        default={},
        description=(
            "For a store of exports (CSV, XLSX, ODS): the type of a column where guessing "
            'would be wrong, as `"table.column" = "text"`, `"integer"`, `"decimal"` (with '
            'the digits after the decimal sign: `"decimal:2"`), `"date"` or `"datetime"`, '
            'the last two with a strftime pattern such as `"date:%d.%m.%Y"`.'
        ),
    )
    ignore: list[str] = Field(
        default=[],
        description=(
            "Technical tables or columns that hold no personal data, as "
            "`table`, `table.column` or patterns like `*.updated_at`; `store "
            "check` does not report them."
        ),
    )
    retention: dict[str, RetentionClock] = Field(
        default={},
        description=(
            "For `rekisteri retention`: by retention rule id, the date its period counts from."
        ),
    )
    marketing: MarketingMapping | None = Field(
        default=None, description="For `rekisteri marketing`: the consent and ban events."
    )
    feedback: FeedbackMapping | None = Field(
        default=None,
        description=("For `rekisteri feedback`: the feedback and whether it may be published."),
    )
    csv_dialect: CsvDialectName = Field(
        default="standard",
        description=(
            "How an access bundle writes its CSV files. 'standard': comma-separated, a decimal "
            "point, dates and times in ISO 8601. 'excel-fi': as a spreadsheet set to Finnish "
            "reads them, semicolon-separated with a decimal comma, dates as 2023-04-25 and "
            "times as 2023-04-25 13:39:00 in `time_zone`. Both are UTF-8 with a byte-order "
            "mark, and head each column with its label in the register's default language."
        ),
    )

    @field_validator("columns")
    @classmethod
    def _export_column_types(cls, value: dict[str, str]) -> dict[str, str]:
        for column, kind in value.items():
            problem = export_column_type_problem(kind)
            if problem is not None:
                raise PydanticCustomError(
                    "column_type", "{column}: {problem}", {"column": column, "problem": problem}
                )
        return value

    @field_validator("time_zone")
    @classmethod
    def _iana_time_zone(cls, value: str) -> str:
        # These are links to the machine's own setting, or folders only some systems have: the
        # same register would read the same store differently on another computer.
        if value in ("localtime", "posixrules"):
            raise PydanticCustomError(
                "time_zone",
                "'{value}' is this machine's own setting, which differs from one machine to "
                "another; name the zone itself, e.g. 'Europe/Helsinki'",
                {"value": value},
            )
        if value.startswith(("posix/", "right/")):
            raise PydanticCustomError(
                "time_zone",
                "'{value}' exists only on some machines; write '{bare}'",
                {"value": value, "bare": value.split("/", 1)[1]},
            )
        try:
            zoneinfo.ZoneInfo(value)
            return value
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
        names = {
            name.casefold(): name
            for name in zoneinfo.available_timezones()
            if name not in ("localtime", "posixrules")
        }
        guess = difflib.get_close_matches(value.casefold(), names, n=1, cutoff=0)
        raise PydanticCustomError(
            "time_zone",
            "'{value}' is not an IANA time zone name; did you mean '{guess}'?",
            {"value": value, "guess": names[guess[0]] if guess else "Europe/Helsinki"},
        )

    def sources_of(self, category_id: str) -> list[StoreSource]:
        return [source for source in self.sources if source.category == category_id]
