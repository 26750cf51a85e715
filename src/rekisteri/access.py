"""Finding the person a request is about, and collecting every row the store holds about them.

A request names the person by email, phone, identity code, name and birth date, or the store's
key. Each is normalised the way people write it (an email in any case with stray spaces; a
phone as 045 127 0888 or +358451270888; a hetu in lower case) and compared with the subject
table. More than one match is never guessed at: the candidates are listed and the operator
chooses with ``--id``.

Rows are collected per data category from the mapping's sources. Several subjects are collected
with one statement per source (``WHERE link IN (…)``), so a bulk export costs a few statements per
batch, and the cost of one subject follows the size of their own data, not of the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from rekisteri.errors import RekisteriError
from rekisteri.store import Store, source_chain, subject_column, subject_link, verify_mapping
from rekisteri.storemap import StoreMapping, StoreSource

# SQLite allows 32766 bound values, PostgreSQL 65535, MySQL more: a batch stays well below.
BATCH = 500

# --- identifying the person ----------------------------------------------------------------


@dataclass(frozen=True)
class Identifier:
    """How a request names its subject, already normalised."""

    kind: str
    value: str
    birth_date: date | None = None

    def describe(self) -> str:
        if self.kind == "name":
            born = f", born {self.birth_date.isoformat()}" if self.birth_date else ""
            return f"name '{self.value}'{born}"
        label = {"hetu": "identity code", "id": "id"}.get(self.kind, self.kind)
        return f"{label} '{mask(self.kind, self.value)}'"


def normalise_email(value: str) -> str:
    email = value.strip().lower()
    if email.count("@") != 1 or email.startswith("@") or email.endswith("@") or " " in email:
        raise RekisteriError(f"'{value}' is not an email address like name@example.fi")
    return email


def normalise_phone(value: str) -> str:
    """The number in E.164 form; a number without a country code is taken as Finnish."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise RekisteriError(
            f"'{value}' is not a phone number; write e.g. 045 127 0888 or +358 45 127 0888"
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _phone_or_none(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalise_phone(value)
    except RekisteriError:
        return None


def normalise_hetu(value: str) -> str:
    """The identity code in its compact upper-case form, after checking its checksum.

    Temporary codes (individual numbers 900–999, given e.g. by hospitals) are accepted: a
    store may well hold them.
    """
    from stdnum.exceptions import ValidationError
    from stdnum.fi import hetu

    try:
        return str(hetu.validate(value, allow_temporary=True))
    except ValidationError as exc:
        reason = str(exc).rstrip(".").lower()
        raise RekisteriError(
            f"'{mask('hetu', value.strip())}' is not a valid Finnish personal identity code: "
            f"{reason}"
        ) from None


def normalise_name(value: str) -> str:
    text = unicodedata.normalize("NFC", value).casefold()
    return " ".join(text.split())


def identify(
    *,
    email: str | None = None,
    phone: str | None = None,
    hetu: str | None = None,
    subject_id: str | None = None,
    name: str | None = None,
    birth_date: date | str | None = None,
) -> Identifier:
    """The one identifier a request gives, normalised; a bad value is a :class:`RekisteriError`."""
    given = {
        key: value
        for key, value in (
            ("email", email),
            ("phone", phone),
            ("hetu", hetu),
            ("id", subject_id),
            ("name", name),
        )
        if value is not None
    }
    if len(given) != 1:
        raise RekisteriError(
            "name the person with exactly one of --email, --phone, --hetu, --id, "
            "or --name with --birth-date"
            + (f" (got {', '.join('--' + k for k in given)})" if given else "")
        )
    kind, raw = next(iter(given.items()))
    if not raw.strip():
        raise RekisteriError(f"--{kind} is empty")
    if kind == "email":
        return Identifier("email", normalise_email(raw))
    if kind == "phone":
        return Identifier("phone", normalise_phone(raw))
    if kind == "hetu":
        return Identifier("hetu", normalise_hetu(raw))
    if kind == "id":
        return Identifier("id", raw.strip())
    if birth_date is None:
        raise RekisteriError(
            "a name alone does not identify a person; give --birth-date YYYY-MM-DD with --name"
        )
    if isinstance(birth_date, str):
        try:
            birth_date = date.fromisoformat(birth_date.strip())
        except ValueError:
            raise RekisteriError(
                f"'{birth_date}' is not a date; write the birth date as YYYY-MM-DD"
            ) from None
    return Identifier("name", normalise_name(raw), birth_date)


def mask(kind: str, value: str) -> str:
    """A contact shown in a list of candidates: enough to tell people apart, not to read it."""
    value = value.strip()
    if kind == "email" and "@" in value:
        local, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{local[:1]}***@{host[:1]}***{dot}{tld}" if host else f"{local[:1]}***@{domain}"
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return f"…{digits[-3:]}" if len(digits) > 3 else "…"
    if kind == "hetu":
        return f"{value[:6]}****" if len(value) >= 6 else "****"
    return value


@dataclass(frozen=True)
class Candidate:
    """One subject a request matched: what tells them apart, with contacts masked."""

    key: Any
    name: str
    contact: str

    def __str__(self) -> str:
        parts = [f"--id {self.key}", self.name or "(no name)"]
        if self.contact:
            parts.append(self.contact)
        return "  ".join(parts)


@dataclass
class AmbiguousSubject(RekisteriError):
    """Several subjects match; the operator chooses one with ``--id``."""

    candidates: tuple[Candidate, ...] = ()


def find_subjects(store: Store, identifier: Identifier) -> list[Candidate]:
    """Every subject the identifier matches, in key order."""
    subject = store.mapping.subject
    columns = _columns_for(subject, identifier)
    needed = [subject.key, *subject.name, *subject.email, *subject.phone, *subject.hetu]
    if subject.birth_date:
        needed.append(subject.birth_date)
    table = sa.table(subject.table, *(sa.column(c) for c in dict.fromkeys(needed)))
    key = table.c[subject.key]
    statement = sa.select(*(table.c[c] for c in dict.fromkeys(needed))).order_by(key)
    python_check: Any = None
    if identifier.kind == "id":
        statement = statement.where(key == coerce_key(store, identifier.value))
    elif identifier.kind == "email":
        statement = statement.where(
            sa.or_(*(sa.func.lower(sa.func.trim(table.c[c])) == identifier.value for c in columns))
        )
    elif identifier.kind == "hetu":
        statement = statement.where(
            sa.or_(*(sa.func.upper(sa.func.trim(table.c[c])) == identifier.value for c in columns))
        )
    elif identifier.kind == "phone":
        # Stores write numbers in every format, so SQL narrows the rows down to those ending in
        # the national number's digits and phonenumbers decides.
        national = _national_digits(identifier.value)
        statement = statement.where(
            sa.or_(*(_digits_only(table.c[c]).like(f"%{national}") for c in columns))
        )

        def python_check(row: dict[str, Any]) -> bool:
            return any(_phone_or_none(row[c]) == identifier.value for c in columns)

    else:
        assert subject.birth_date is not None and identifier.birth_date is not None
        birth = table.c[subject.birth_date]
        statement = statement.where(birth == _birth_date_value(store, identifier.birth_date))

        def python_check(row: dict[str, Any]) -> bool:
            return normalise_name(_full_name(row, subject.name)) == identifier.value

    found = []
    names, rows = store.fetch(statement)
    for values in rows:
        row = dict(zip(names, values, strict=True))
        if python_check is not None and not python_check(row):
            continue
        found.append(_candidate(row, store.mapping))
    return found


def _columns_for(subject: Any, identifier: Identifier) -> list[str]:
    if identifier.kind == "id":
        return [subject.key]
    if identifier.kind == "name":
        if not subject.name or not subject.birth_date:
            raise RekisteriError(
                "the store mapping does not say which columns hold the name and birth date"
                '\n    hint: add name = [...] and birth_date = "<column>" to [store.subject]'
            )
        return list(subject.name)
    columns: list[str] = list(getattr(subject, identifier.kind))
    if not columns:
        raise RekisteriError(
            f"the store mapping names no {identifier.kind} column in [store.subject], so a "
            f"request cannot be matched by {identifier.kind}\n    hint: add "
            f'{identifier.kind} = "<column>" to [store.subject], or use --id'
        )
    return columns


def _birth_date_value(store: Store, born: date) -> Any:
    """The birth date as the store compares it: SQLite keeps dates as ISO text."""
    subject = store.mapping.subject
    assert subject.birth_date is not None
    if store.dialect == "sqlite":
        return born.isoformat()
    kind = store.column_types(subject.table).get(subject.birth_date)
    try:
        is_date = kind is not None and kind.python_type is date
    except NotImplementedError:
        is_date = False
    return born if is_date else born.isoformat()


def _national_digits(e164: str) -> str:
    import phonenumbers

    number = phonenumbers.parse(e164)
    return str(phonenumbers.national_significant_number(number))


def _digits_only(column: Any) -> Any:
    expression = column
    for char in (" ", "-", "(", ")", ".", "/"):
        expression = sa.func.replace(expression, char, "")
    return expression


def _full_name(row: dict[str, Any], columns: Sequence[str]) -> str:
    return " ".join(str(row[c]).strip() for c in columns if row.get(c) not in (None, ""))


def _candidate(row: dict[str, Any], mapping: StoreMapping) -> Candidate:
    subject = mapping.subject
    contacts = []
    for kind in ("email", "phone"):
        for column in getattr(subject, kind):
            value = row.get(column)
            if isinstance(value, str) and value.strip():
                contacts.append(mask(kind, value))
    return Candidate(
        key=row[subject.key], name=_full_name(row, subject.name), contact=", ".join(contacts)
    )


def coerce_key(store: Store, value: str) -> Any:
    """The key as the store types it: ``--id 17`` against an integer column is the number 17."""
    subject = store.mapping.subject
    kind = store.column_types(subject.table).get(subject.key)
    try:
        python_type = kind.python_type if kind is not None else str
    except NotImplementedError:
        python_type = str
    if python_type is int:
        try:
            return int(value)
        except ValueError:
            raise RekisteriError(
                f"--id {value!r}: the store's key '{subject.table}.{subject.key}' is a number"
            ) from None
    return value


def resolve_subject(store: Store, identifier: Identifier) -> Candidate | None:
    """The one subject the identifier names; None when no one matches.

    Raises :class:`AmbiguousSubject` (exit code 3) listing the candidates when several match.
    """
    found = find_subjects(store, identifier)
    if len(found) > 1:
        listing = "\n".join(f"  {candidate}" for candidate in found)
        raise AmbiguousSubject(
            f"{len(found)} subjects match {identifier.describe()}:\n{listing}\n"
            "    hint: run the command again with --id and the right one",
            exit_code=3,
            candidates=tuple(found),
        )
    return found[0] if found else None


# --- collecting the rows -------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRows:
    """The rows one source holds about one subject."""

    source: StoreSource
    index: int
    """Position of the source in ``[[store.sources]]``."""
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass
class SubjectData:
    """Everything the store holds about one subject, by data category."""

    key: Any
    name: str
    categories: dict[str, list[SourceRows]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(s.rows for sources in self.categories.values() for s in sources)


@dataclass(frozen=True)
class _Plan:
    source: StoreSource
    index: int
    columns: tuple[str, ...]
    statement: Any
    batched: bool
    converters: tuple[Callable[[Any], Any] | None, ...] = ()

    def convert(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not any(self.converters):
            return row
        return tuple(
            value if convert is None or value is None else convert(value)
            for convert, value in zip(self.converters, row, strict=True)
        )


def _converter(sql_type: Any, dialect: str) -> Callable[[Any], Any] | None:
    """How to read a value the driver leaves untyped, so every store gives the same values.

    SQLite keeps booleans as 0/1 and dates as text; PostgreSQL's driver already returns bool,
    date and Decimal. A value that does not parse is kept as it is: the person sees what the
    store holds, never an error.
    """
    if isinstance(sql_type, sa.Boolean):
        return lambda value: bool(value) if isinstance(value, int) and value in (0, 1) else value
    if dialect != "sqlite":
        return None
    if isinstance(sql_type, sa.DateTime):
        return _parse(datetime.fromisoformat)
    if isinstance(sql_type, sa.Date):
        return _parse(date.fromisoformat)
    if isinstance(sql_type, sa.Numeric) and not isinstance(sql_type, sa.Float):
        scale = sql_type.scale
        if scale is not None:
            return lambda value: (
                Decimal(f"{value:.{scale}f}") if isinstance(value, int | float) else value
            )
    return None


def _parse(parser: Callable[[str], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return parser(value)
        except ValueError:
            return value

    return convert


class Collector:
    """Collects subjects' rows; prepared once per store, used for one subject or thousands."""

    def __init__(self, store: Store) -> None:
        verify_mapping(store)
        self.store = store
        self.mapping = store.mapping
        self.plans = [self._plan(i, source) for i, source in enumerate(self.mapping.sources)]
        subject = self.mapping.subject
        self._names = sa.table(
            subject.table, *(sa.column(c) for c in dict.fromkeys([subject.key, *subject.name]))
        )

    def _plan(self, index: int, source: StoreSource) -> _Plan:
        if source.query is not None:
            return _Plan(source, index, (), sa.text(source.query), batched=False)
        assert source.table is not None
        order = list(source.order_by) or self.store.primary_key(source.table)
        joined, first, link = source_chain(
            source, self.mapping, [*source.columns, *order], store=self.store
        )
        subject = self.mapping.subject
        if source.tables == [subject.table] and subject_column(source, self.mapping) == subject.key:
            key = link  # the subject table's own rows: its key is the link
        else:
            # The rows are joined to the subject table by the database, and the key that comes
            # back is the subject table's own value: never a link value of another type that
            # Python would have to match to it.
            people = sa.table(subject.table, sa.column(subject.key)).alias("subject")
            key = people.c[subject.key]
            joined = joined.join(people, subject_link(self.store, source, link, key))
        statement = (
            sa.select(*(first.c[c] for c in source.columns), key)
            .select_from(joined)
            .where(key.in_(sa.bindparam("keys", expanding=True)))
            .order_by(*(first.c[c] for c in (order or source.columns)))
        )
        types = self.store.column_types(source.table)
        converters = tuple(_converter(types.get(c), self.store.dialect) for c in source.columns)
        return _Plan(
            source, index, tuple(source.columns), statement, batched=True, converters=converters
        )

    def names(self, keys: Sequence[Any]) -> dict[Any, str]:
        subject = self.mapping.subject
        table = self._names
        statement = sa.select(*(table.c[c] for c in [subject.key, *subject.name])).where(
            table.c[subject.key].in_(sa.bindparam("keys", expanding=True))
        )
        found: dict[Any, str] = {}
        names, rows = self.store.fetch(statement, {"keys": list(keys)})
        for values in rows:
            row = dict(zip(names, values, strict=True))
            found[row[subject.key]] = _full_name(row, subject.name)
        return found

    def collect(self, keys: Sequence[Any]) -> list[SubjectData]:
        """The data of each subject in ``keys``, in that order.

        ``keys`` are the subject table's own values (from :func:`find_subjects` or
        :meth:`iter_keys`). A key the table does not hold, or a row that comes back under a
        key not asked for, stops the collection: a bundle is never built from a guess.
        """
        names = self.names(keys) if keys else {}
        unknown = [key for key in keys if key not in names]
        if unknown:
            raise RekisteriError(
                f"no subject in '{self.mapping.subject.table}' has the key {unknown[0]!r} "
                f"({type(unknown[0]).__name__}); nothing was collected"
            )
        data = {key: SubjectData(key=key, name=names[key]) for key in keys}
        for plan in self.plans:
            category = plan.source.category
            if plan.batched:
                grouped: dict[Any, list[tuple[Any, ...]]] = {key: [] for key in keys}
                _names, rows = self.store.fetch(plan.statement, {"keys": list(keys)})
                for values in rows:
                    bucket = grouped.get(values[-1])
                    if bucket is None:
                        raise RekisteriError(
                            f"the store returned a row of '{plan.source.describe()}' for a "
                            "subject that was not asked for; nothing was collected"
                        )
                    bucket.append(plan.convert(values[:-1]))
                for key in keys:
                    data[key].categories.setdefault(category, []).append(
                        SourceRows(plan.source, plan.index, plan.columns, grouped[key])
                    )
            else:
                for key in keys:
                    result_names, rows = self.store.fetch(plan.statement, {"subject": key})
                    columns = tuple(str(c) for c in result_names)
                    data[key].categories.setdefault(category, []).append(
                        SourceRows(plan.source, plan.index, columns, rows)
                    )
        return [data[key] for key in keys]

    def iter_keys(self, batch: int = BATCH) -> Iterator[list[Any]]:
        """Every subject's key in key order, a batch at a time, in constant memory.

        Keyset pagination (``WHERE key > last``) rather than one long cursor: each batch is a
        short statement, and no driver has to hold the whole result.
        """
        subject = self.mapping.subject
        table = sa.table(subject.table, sa.column(subject.key))
        key = table.c[subject.key]
        last: Any = None
        while True:
            statement = sa.select(key).order_by(key).limit(batch)
            if last is not None:
                statement = statement.where(key > last)
            keys = [row[0] for row in self.store.fetch(statement)[1]]
            if not keys:
                return
            yield keys
            last = keys[-1]


def collect_subject(store: Store, key: Any) -> SubjectData:
    """Everything the store holds about the subject with ``key``."""
    return Collector(store).collect([key])[0]


__all__ = [
    "BATCH",
    "AmbiguousSubject",
    "Candidate",
    "Collector",
    "Identifier",
    "SourceRows",
    "SubjectData",
    "collect_subject",
    "find_subjects",
    "identify",
    "mask",
    "normalise_email",
    "normalise_hetu",
    "normalise_phone",
    "resolve_subject",
    "subject_column",
]
