"""The store mapping: where each data category of the register lives in the live customer store.

The subject-access feature reads it; the notice never shows it. A mapping names the subject
table (whose rows are the people a bundle is about, and the columns a request is matched on)
and, for each data category, one or more sources: a table with the columns to show and the
column that links its rows to the subject, following at most three joins, or a parameterized
``SELECT`` with a ``:subject`` bind for what the declarative form cannot express.

This module is imported by the model, so it stays light: no SQLAlchemy here, and the checks
that need the whole register import :mod:`rekisteri.checks` inside the functions (the checks
module imports the model, which imports this one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from rekisteri.base import Id, Model, Text

if TYPE_CHECKING:
    from rekisteri.checks import Problem
    from rekisteri.model import Register

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

_SUBJECT_BIND = re.compile(r"(?<![:\w]):subject\b")
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


def _as_list(value: object) -> object:
    """Let a single column be written as a string: ``email = "email"``."""
    return [value] if isinstance(value, str) else value


_COLUMN_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 128, "pattern": r"^[^.\x00]+$"}
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

    column: StoreName
    """Column of the current table that holds the key of the next one."""
    references: str
    """The next table and its key column, written ``table.column``."""

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


class SubjectTable(Model):
    """The table with one row per person, and the columns a request is matched on."""

    table: StoreName
    """Table with one row per data subject, e.g. 'clients'."""
    key: StoreName = "id"
    """Its key column; `--id` matches it and sources link to it."""
    name: ColumnList = []
    """Columns that make up the person's name, joined by a space (e.g. first and last name)."""
    email: ColumnList = []
    """Email columns; matched trimmed and case-insensitively."""
    phone: ColumnList = []
    """Phone columns; matched after normalising the number (045 127 0888 = +358451270888)."""
    hetu: ColumnList = []
    """Personal identity code (henkilötunnus) columns; matched after validating the code."""
    birth_date: StoreName | None = None
    """Birth-date column; with `name` it allows matching on name and birth date together."""

    @property
    def match_columns(self) -> list[str]:
        extra = [self.birth_date] if self.birth_date else []
        return [*self.email, *self.phone, *self.hetu, *self.name, *extra]


class StoreSource(Model):
    """Where one data category's rows are: a table and its columns, or a query."""

    category: Id
    """Id of the data category these rows belong to."""
    title: Label | None = None
    """Heading of this source's table in the report, when a category has several sources."""
    table: StoreName | None = None
    """Table the rows come from."""
    columns: ColumnList = []
    """Columns shown to the person, in this order."""
    subject_column: StoreName | None = None
    """Column (of the last table joined, or of `table`) holding the subject's key; defaults to
    the subject key when `table` is the subject table."""
    via: list[Hop] = Field(default=[], max_length=MAX_JOINS)
    """Joins from `table` towards the subject, at most three."""
    order_by: ColumnList = []
    """Columns of `table` that order the rows; the primary key if omitted."""
    query: str | None = None
    """A read-only `SELECT` with a `:subject` bind, instead of `table` and `columns`."""
    covers: list[str] = []
    """For a query: the `table` or `table.column` names it reads, so `store check` counts
    them as declared."""
    labels: dict[str, Label] = {}
    """Readable column headings, e.g. `labels.phone = { fi = "Puhelin", en = "Phone" }`."""
    third_party: ColumnList = []
    """Columns holding data about someone else (e.g. a next of kin's phone), marked so in the
    report (GDPR 15(4))."""

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
        unknown_labels = [c for c in self.labels if c not in self.columns]
        if unknown_labels:
            raise ValueError(
                f"labels are given for {', '.join(unknown_labels)}, which is not in 'columns'"
            )
        return self

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


class StoreMapping(Model):
    """Where the live customer data is kept; the subject-access feature maps categories to it."""

    url: str = Field(min_length=1)
    """SQLAlchemy URL or a SQLite file path relative to the register file;
    REKISTERI_STORE_URL overrides it."""
    timeout: float = Field(default=5.0, gt=0, le=600)
    """Seconds to wait for a store that another program has locked."""
    subject: SubjectTable
    """The table of data subjects and the columns a request is matched on."""
    sources: list[StoreSource] = []
    """Where each data category's rows are."""
    ignore: list[str] = []
    """Technical tables or columns that hold no personal data, as `table`, `table.column` or
    patterns like `*.updated_at`; `store check` does not report them."""

    def sources_of(self, category_id: str) -> list[StoreSource]:
        return [source for source in self.sources if source.category == category_id]


# --- checks that need the whole register ---------------------------------------------------


def check_store_mapping(register: Register) -> list[Problem]:
    """Errors in the `[store]` table that only the whole register reveals.

    A source naming an undeclared data category makes the access report impossible to write
    as the notice promises. (Headings missing a language are found with every other text.)
    """
    from rekisteri.checks import Problem
    from rekisteri.errors import nearest

    store = register.store
    if store is None:
        return []
    problems: list[Problem] = []
    declared = [category.id for category in register.data_categories]
    for i, source in enumerate(store.sources):
        if source.category not in declared:
            guess = nearest(source.category, declared)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.append(
                Problem(
                    ("store", "sources", i, "category"),
                    f"the store source '{source.describe()}' maps data category "
                    f"'{source.category}', which is not declared",
                    hint=hint + f"declared data categories: {', '.join(declared)}",
                )
            )
    return problems


def store_warnings(register: Register) -> list[Problem]:
    """Data categories the store mapping gives no source: an access bundle cannot show them.

    Only a register that has a `[store]` table is checked; one without it does not answer
    access requests from a store at all.
    """
    from rekisteri.checks import Problem

    store = register.store
    if store is None:
        return []
    mapped = {source.category for source in store.sources}
    return [
        Problem(
            ("data_categories", i, "id"),
            f"data category '{category.id}' has no source in [store]; "
            "access bundles will not show this data",
            hint=f'add a [[store.sources]] table with category = "{category.id}"',
        )
        for i, category in enumerate(register.data_categories)
        if category.id not in mapped
    ]
