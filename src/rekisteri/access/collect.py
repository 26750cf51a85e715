"""Finding the person a request is about, and collecting every row the store holds about them.

A request names the person by email, phone, identity code, name and birth date, or the store's
key. Each is normalised the way people write it (an email in any case with stray spaces; a
phone as 045 127 0888 or +358451270888; a hetu in lower case) and compared with the subject
table. More than one match is never guessed at: the candidates are listed and the operator
chooses one by its key.

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
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from rekisteri.access.store import (
    Store,
    linked,
    open_store,
    source_chain,
    subject_column,
    subject_link,
    verify_mapping,
)
from rekisteri.errors import Input, Part, RekisteriError
from rekisteri.register.base import e164, parse_phone, trim_edges
from rekisteri.register.store_mapping import GroupTable, MatchTable, StoreMapping, StoreSource

if TYPE_CHECKING:
    from rekisteri.register.model import Register

# SQLite allows 32766 bound values, PostgreSQL 65535, MySQL more: a batch stays well below.
BATCH = 500

# --- identifying the person ----------------------------------------------------------------


@dataclass(frozen=True)
class Identifier:
    """How a request names its subject, already normalised."""

    kind: str
    value: str
    birth_date: date | None = None
    group: str | None = None
    """The one data-subject group to search; None searches every group the mapping names."""

    def describe(self) -> str:
        if self.kind == "name":
            born = f", born {self.birth_date.isoformat()}" if self.birth_date else ""
            return f"name '{self.value}'{born}"
        label = {"hetu": "identity code", "id": "id"}.get(self.kind, self.kind)
        return f"{label} '{mask(self.kind, self.value)}'"


def _caseless(value: str) -> str:
    """Canonical caseless form (Unicode §3.13): fold the decomposed text, then compose (NFC)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", value).casefold())


def fold_email(value: str) -> str:
    """An email as matching compares it, a stored one and a requested one alike."""
    return _caseless(trim_edges(value))


def fold_hetu(value: str) -> str:
    return trim_edges(value).upper()


def fold_name(value: str) -> str:
    return " ".join(_caseless(value).split()).strip("\u200b\u200c\u200d\u2060\ufeff")


def fold_phone(value: str) -> str | None:
    """The number in E.164 form, or None: the register's one phone parser decides
    (:func:`~rekisteri.register.base.parse_phone`), so a number a request may name is one the
    register itself could hold."""
    number = parse_phone(value)
    return None if number is None else e164(number)


def normalise_email(value: str) -> str:
    email = fold_email(value)
    local, at, domain = email.partition("@")
    if not (local and at and domain) or "@" in domain or any(c.isspace() for c in email):
        raise RekisteriError(f"'{value}' is not an email address like name@example.fi")
    return email


def normalise_phone(value: str) -> str:
    """The number in E.164 form; a number without a country code is taken as Finnish."""
    number = fold_phone(value)
    if number is None:
        raise RekisteriError(
            f"'{value}' is not a phone number; write e.g. 045 127 0888 or +358 45 127 0888"
        )
    return number


def normalise_hetu(value: str) -> str:
    """The identity code in its compact upper-case form, after checking its checksum.

    Temporary codes (individual numbers 900–999, given e.g. by hospitals) are accepted: a
    store may well hold them.
    """
    # stdnum is loaded only when a store search needs an identity code checked.
    from stdnum.exceptions import ValidationError
    from stdnum.fi import hetu

    try:
        return fold_hetu(str(hetu.validate(trim_edges(value), allow_temporary=True)))
    except ValidationError as exc:
        reason = str(exc).rstrip(".").lower()
        raise RekisteriError(
            f"'{mask('hetu', trim_edges(value))}' is not a valid Finnish personal identity code: "
            f"{reason}"
        ) from None


def normalise_name(value: str) -> str:
    return fold_name(value)


def identify(
    *,
    email: str | None = None,
    phone: str | None = None,
    hetu: str | None = None,
    subject_id: str | None = None,
    name: str | None = None,
    birth_date: date | str | None = None,
    group: str | None = None,
) -> Identifier:
    """The one identifier a request gives, normalised; a bad value is a :class:`RekisteriError`.

    ``group`` limits the search to one data-subject group (an id of ``data_subjects``).
    """
    found = _identify(email, phone, hetu, subject_id, name, birth_date)
    if group is None:
        return found
    return Identifier(found.kind, found.value, found.birth_date, group=group.strip())


# The values a request can identify a person by, as :func:`identify` calls them.
IDENTIFIED_BY = {
    "email": Input("email", "an email address"),
    "phone": Input("phone", "a phone number"),
    "hetu": Input("hetu", "a personal identity code"),
    "id": Input("subject_id", "the subject's key"),
    "name": Input("name", "the name"),
}
BIRTH_DATE = Input("birth_date", "a birth date")
SUBJECT_KEY = IDENTIFIED_BY["id"]


def _listed(inputs: Sequence[Input]) -> list[Part]:
    parts: list[Part] = []
    for item in inputs:
        parts += [", ", item] if parts else [item]
    return parts


def _identify(
    email: str | None,
    phone: str | None,
    hetu: str | None,
    subject_id: str | None,
    name: str | None,
    birth_date: date | str | None,
) -> Identifier:
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
        got: list[Part] = []
        for kind in given:
            got += [", " if got else " (got ", IDENTIFIED_BY[kind]]
        raise RekisteriError.naming(
            "name the person with exactly one of ",
            *_listed([IDENTIFIED_BY[k] for k in ("email", "phone", "hetu", "id")]),
            ", or ",
            IDENTIFIED_BY["name"],
            " with ",
            BIRTH_DATE,
            *got,
            ")" if got else "",
        )
    kind, raw = next(iter(given.items()))
    if not raw.strip():
        raise RekisteriError.naming(IDENTIFIED_BY[kind], " is empty")
    if kind == "email":
        return Identifier("email", normalise_email(raw))
    if kind == "phone":
        return Identifier("phone", normalise_phone(raw))
    if kind == "hetu":
        return Identifier("hetu", normalise_hetu(raw))
    if kind == "id":
        return Identifier("id", raw.strip())
    if birth_date is None:
        raise RekisteriError.naming(
            "a name alone does not identify a person; give ",
            BIRTH_DATE,
            " YYYY-MM-DD with ",
            IDENTIFIED_BY["name"],
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
class Group:
    """One data-subject group as the mapping places it in the store."""

    table: MatchTable
    """Where its people are and the columns a request is matched on."""
    mapping: GroupTable | None = None
    """The ``[[store.groups]]`` entry; None for ``[store.subject]``, the primary group."""
    index: int = -1
    """Position in ``[[store.groups]]``; -1 for the primary group."""

    @property
    def id(self) -> str | None:
        return self.mapping.group if self.mapping is not None else self.table_group

    @property
    def table_group(self) -> str | None:
        return getattr(self.table, "group", None)

    @property
    def primary(self) -> bool:
        return self.mapping is None


def groups_of(mapping: StoreMapping) -> list[Group]:
    """Every group a request is searched in: ``[store.subject]`` first, then each of
    ``[[store.groups]]``."""
    return [Group(mapping.subject)] + [
        Group(group, group, index) for index, group in enumerate(mapping.groups)
    ]


@dataclass(frozen=True)
class Candidate:
    """One subject a request matched: what tells them apart, with contacts masked."""

    key: Any
    name: str
    contact: str
    group: str | None = None
    """The data-subject group the match is in (None: ``[store.subject]`` names none)."""
    primary: bool = True
    """Whether the match is in ``[store.subject]`` (else in ``[[store.groups]]``)."""

    def __str__(self) -> str:
        return self.listed(
            f"key {self.key}" if self.primary else f"group {self.group} key {self.key}"
        )

    def listed(self, choose: str) -> str:
        """The line of a list of candidates, ``choose`` saying how to choose this one."""
        parts = [choose, self.name or "(no name)"]
        if self.contact:
            parts.append(self.contact)
        if self.group and not self.primary:
            parts.append(f"[{self.group}]")
        return "  ".join(parts)


@dataclass
class AmbiguousSubject(RekisteriError):
    """Several subjects match; the operator chooses one by its key (and group)."""

    candidates: tuple[Candidate, ...] = ()
    matched: str = ""
    """What the request gave, as :meth:`Identifier.describe` says it."""
    across_groups: bool = False
    """Whether the matches are in different data-subject groups, with different names."""

    def listing(self, choose: Callable[[Candidate], str]) -> str:
        """The message, each candidate's line starting with ``choose(candidate)``; it ends with
        a hint line the caller adds."""
        why = (
            " in different data-subject groups, with different names: they may be different people"
            if self.across_groups
            else ""
        )
        lines = "\n".join(f"  {c.listed(choose(c))}" for c in self.candidates)
        return f"{len(self.candidates)} subjects match {self.matched}{why}:\n{lines}\n"


def find_subjects(
    store: Store, identifier: Identifier, group: Group | None = None
) -> list[Candidate]:
    """Every subject of ``group`` (the primary group by default) the identifier matches.

    Every value, in the store and in the request, is compared in one form per kind
    (:func:`fold_email`, :func:`fold_hetu`, :func:`fold_phone`, :func:`fold_name`), decided
    in Python. SQL only narrows the rows to a superset of the matches, where that is safe:
    a value of printable ASCII folds in SQL exactly as in Python, and every other value is
    passed to Python (SQLite: a deterministic function; the servers: the row itself).
    """
    group = group or Group(store.mapping.subject)
    spec = group.table
    columns = _columns_for(spec, identifier, group)
    needed = [spec.key, *spec.name, *spec.email, *spec.phone, *spec.hetu]
    if spec.birth_date:
        needed.append(spec.birth_date)
    table = sa.table(spec.table, *(sa.column(c) for c in dict.fromkeys(needed)))
    key = table.c[spec.key]
    statement = sa.select(*(table.c[c] for c in dict.fromkeys(needed))).order_by(key)
    decide: Callable[[dict[str, Any]], bool] | None = None
    if identifier.kind == "id":
        statement = statement.where(key == coerce_key(store, identifier.value, spec))
    elif identifier.kind in ("email", "hetu", "phone"):
        statement = statement.where(
            sa.or_(*(_narrow(store, spec.table, table.c[c], identifier) for c in columns))
        )
        fold = _FOLDS[identifier.kind]

        def decide(row: dict[str, Any]) -> bool:
            return any(_folded(fold, row[c]) == identifier.value for c in columns)

    else:
        assert spec.birth_date is not None and identifier.birth_date is not None
        birth = table.c[spec.birth_date]
        statement = statement.where(birth == _birth_date_value(store, spec, identifier.birth_date))

        def decide(row: dict[str, Any]) -> bool:
            return fold_name(_full_name(row, spec.name)) == identifier.value

    found = []
    names, rows = store.fetch(statement)
    for values in rows:
        row = dict(zip(names, values, strict=True))
        if decide is not None and not decide(row):
            continue
        found.append(_candidate(row, group))
    return found


_FOLDS: dict[str, Callable[[str], str | None]] = {
    "email": fold_email,
    "hetu": fold_hetu,
    "phone": fold_phone,
}


def _folded(fold: Callable[[str], str | None], value: Any) -> str | None:
    text = _stored_text(value)
    return fold(text) if text is not None else None


def _stored_text(value: Any) -> str | None:
    """A stored value as text for matching: bytes that are not UTF-8 are read with U+FFFD."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _narrow(store: Store, table: str, column: Any, identifier: Identifier) -> Any:
    """A condition true for every row whose ``column`` folds to the identifier, and few more."""
    text = column if store.family(table, column.name) == "text" else sa.cast(column, sa.Text)
    if identifier.kind == "phone":
        # Whatever separates them, the national number's digits appear in this order.
        plain = text.like("%" + "%".join(_national_digits(identifier.value)) + "%")
    else:
        plain = _ascii_fold(store, text, upper=identifier.kind == "hetu") == identifier.value
    dialect = store.dialect
    if dialect == "sqlite":
        _register_folds(store)
        # As bytes, so that a value that is not UTF-8 reaches Python instead of failing the
        # whole statement. More bytes than characters: the value is not ASCII. (A GLOB for
        # "any character outside ' '..'~'" would say the same at three times the cost.)
        as_bytes = sa.cast(column, sa.LargeBinary)
        not_ascii = sa.func.length(as_bytes) != sa.func.length(text)
        folded = sa.func.rekisteri_fold(identifier.kind, as_bytes)
        return sa.or_(plain, sa.and_(not_ascii, folded == identifier.value))
    operator = "~" if dialect == "postgresql" else "REGEXP"
    return sa.or_(plain, text.op(operator)("[^ -~]"))


_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The whitespace ``str.strip`` removes that is ASCII; the rest of it is not ASCII.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _ascii_fold(store: Store, text: Any, *, upper: bool) -> Any:
    """Whitespace trimmed and ASCII letters in one case, as Python folds an ASCII value.

    On SQLite this is exact for every ASCII value, so only the others go to Python. The
    servers' branch for the others (a regular expression) takes control characters too, so
    there the spaces alone are trimmed. PostgreSQL's lower() follows the database's locale
    (in a Turkish one 'I' is not 'i'), so it is spelled out there with translate().
    """
    if store.dialect == "postgresql":
        trimmed = sa.func.btrim(text)
        lower = _ASCII_UPPER.lower()
        source, target = (lower, _ASCII_UPPER) if upper else (_ASCII_UPPER, lower)
        return sa.func.translate(trimmed, source, target)
    trimmed = sa.func.trim(text, _ASCII_SPACE) if store.dialect == "sqlite" else sa.func.trim(text)
    return sa.func.upper(trimmed) if upper else sa.func.lower(trimmed)


def _register_folds(store: Store) -> None:
    """The Python folds as a deterministic SQLite function ``rekisteri_fold(kind, bytes)``."""
    raw = store.conn.connection.dbapi_connection
    if raw is None or "rekisteri_fold" in store.functions:
        return

    def fold(kind: str, value: bytes | None) -> str | None:
        # Not guarded: should a fold ever raise, the statement fails, and the request with
        # it, rather than a match being missed.
        return _folded(_FOLDS[kind], value)

    raw.create_function("rekisteri_fold", 2, fold, deterministic=True)
    store.functions.add("rekisteri_fold")


def _columns_for(spec: MatchTable, identifier: Identifier, group: Group) -> list[str]:
    where = "[store.subject]" if group.primary else f"[[store.groups]] '{group.id}'"
    if identifier.kind == "id":
        return [spec.key]
    if identifier.kind == "name":
        if not spec.name or not spec.birth_date:
            raise NoColumns(
                f"the store mapping does not say which columns of {where} hold the name and "
                'birth date\n    hint: add name = [...] and birth_date = "<column>" to it'
            )
        return list(spec.name)
    columns: list[str] = list(getattr(spec, identifier.kind))
    if not columns:
        raise NoColumns.naming(
            f"the store mapping names no {identifier.kind} column in {where}, so a "
            f"request cannot be matched by {identifier.kind}\n    hint: add "
            f'{identifier.kind} = "<column>" to it, or use ',
            SUBJECT_KEY,
        )
    return columns


class NoColumns(RekisteriError):
    """A group has no column for the kind of identifier a request gives."""


def _birth_date_value(store: Store, spec: MatchTable, born: date) -> Any:
    """The birth date as the store compares it: SQLite keeps dates as ISO text."""
    assert spec.birth_date is not None
    if store.dialect == "sqlite":
        return born.isoformat()
    kind = store.column_types(spec.table).get(spec.birth_date)
    try:
        is_date = kind is not None and kind.python_type is date
    except NotImplementedError:
        is_date = False
    return born if is_date else born.isoformat()


def _national_digits(e164: str) -> str:
    # phonenumbers' metadata is loaded only when a phone number is actually matched.
    import phonenumbers

    number = phonenumbers.parse(e164)
    return str(phonenumbers.national_significant_number(number))


def _full_name(row: dict[str, Any], columns: Sequence[str]) -> str:
    parts = (trim_edges(str(row[c])) for c in columns if row.get(c) is not None)
    return " ".join(part for part in parts if part)


def _candidate(row: dict[str, Any], group: Group) -> Candidate:
    spec = group.table
    contacts = []
    for kind in ("email", "phone"):
        for column in getattr(spec, kind):
            value = row.get(column)
            if isinstance(value, str) and value.strip():
                contacts.append(mask(kind, value))
    return Candidate(
        key=row[spec.key],
        name=_full_name(row, spec.name),
        contact=", ".join(contacts),
        group=group.id,
        primary=group.primary,
    )


def coerce_key(store: Store, value: str, spec: MatchTable | None = None) -> Any:
    """The key as the store types it: a key ``17`` against an integer column is the number 17."""
    spec = spec or store.mapping.subject
    kind = store.column_types(spec.table).get(spec.key)
    try:
        python_type = kind.python_type if kind is not None else str
    except NotImplementedError:
        python_type = str
    if python_type is int:
        try:
            return int(value)
        except ValueError:
            raise RekisteriError.naming(
                SUBJECT_KEY, f" {value!r}: the store's key '{spec.table}.{spec.key}' is a number"
            ) from None
    return value


def resolve_subject(store: Store, identifier: Identifier) -> Candidate | None:
    """The one subject of ``[store.subject]`` the identifier names; None when no one matches.

    Raises :class:`AmbiguousSubject` listing the candidates when several match.
    """
    found = find_subjects(store, identifier)
    if len(found) > 1:
        raise _ambiguous(identifier, found)
    return found[0] if found else None


def resolve_parts(store: Store, identifier: Identifier) -> list[Candidate]:
    """The person's record in each group they are found in, ``[store.subject]`` first.

    Several clients that match are never guessed at (:class:`AmbiguousSubject`). Nor are
    several rows of another group, or matches in several groups, taken for one person unless
    they agree: the same identity code, or the same name. Two people sharing a landline, a
    client and her husband named as someone's next of kin, are listed for the operator to
    choose from.
    An empty list means the register holds nothing about the person.
    """
    groups = groups_of(store.mapping)
    if identifier.group is not None:
        groups = [g for g in groups if g.id == identifier.group]
        if not groups:
            known = [g.id for g in groups_of(store.mapping) if g.id]
            raise RekisteriError(
                f"the store mapping has no data-subject group '{identifier.group}'"
                + (f"; it maps {', '.join(known)}" if known else "")
            )
    elif identifier.kind == "id":
        groups = groups[:1]  # a key names a row of one table: [store.subject] unless chosen
    found: list[list[Candidate]] = []
    unmapped: list[NoColumns] = []
    for group in groups:
        try:
            found.append(find_subjects(store, identifier, group))
        except NoColumns as exc:
            unmapped.append(exc)
    if len(unmapped) == len(groups):
        raise unmapped[0]
    matched = [candidates for candidates in found if candidates]
    everyone = [candidate for candidates in matched for candidate in candidates]
    # A client's row is the whole person, so two that match are two people. A row of another
    # group records one link (a next of kin named by two clients has two rows): rows that
    # agree on the name or identity code are one person's, and all of them are theirs.
    if any(
        len(candidates) > 1 and (candidates[0].primary or not _one_person(identifier, candidates))
        for candidates in matched
    ):
        raise _ambiguous(identifier, everyone)
    if len(everyone) > 1 and not _one_person(identifier, everyone):
        raise _ambiguous(identifier, everyone, across_groups=True)
    return everyone


@dataclass(frozen=True)
class PersonSearch:
    """Whom a request's identifier names in the store (:func:`find_person`)."""

    candidates: tuple[Candidate, ...]
    """The person's record in each group they are found in; or, when ``ambiguous``, the
    subjects to choose from. Empty: no one in the store matches."""
    ambiguous: bool = False
    across_groups: bool = False
    """Whether the ambiguous matches are in different data-subject groups."""


def find_person(register: Register, identifier: Identifier) -> PersonSearch:
    """Search the register's store for the person ``identifier`` names, as an access bundle
    would find them (:func:`resolve_parts`), reading only the subject tables.

    Several subjects that match are returned to choose from rather than raised, for a front
    end that lets the operator pick one (then named by its key and group: an ``id``
    identifier). An unreachable store is a :class:`RekisteriError`.
    """
    with open_store(register) as store:
        try:
            return PersonSearch(tuple(resolve_parts(store, identifier)))
        except AmbiguousSubject as exc:
            return PersonSearch(exc.candidates, ambiguous=True, across_groups=exc.across_groups)


def _one_person(identifier: Identifier, parts: Sequence[Candidate]) -> bool:
    if identifier.kind == "hetu":
        return True  # an identity code is one person's
    names = {fold_name(part.name) for part in parts}
    return len(names) == 1 and "" not in names


def _ambiguous(
    identifier: Identifier, found: Sequence[Candidate], *, across_groups: bool = False
) -> AmbiguousSubject:
    ambiguous = AmbiguousSubject(
        "",
        candidates=tuple(found),
        matched=identifier.describe(),
        across_groups=across_groups,
    )
    ambiguous.message = (
        ambiguous.listing(str) + "    hint: ask again with the key (and group) of the right one"
    )
    return ambiguous


# --- collecting the rows -------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRows:
    """The rows one source holds about one subject."""

    source: StoreSource
    index: int
    """Position of the source in ``[[store.sources]]``."""
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    @property
    def recipients(self) -> list[Any]:
        """The parties these rows' data went to (the source's ``recipient`` column): each
        value once, in the rows' order, empty values left out."""
        column = self.source.recipient
        if column is None or column not in self.columns:
            return []
        at = self.columns.index(column)
        found: dict[Any, None] = {}
        for row in self.rows:
            value = row[at]
            if value is not None and not (isinstance(value, str) and not value.strip()):
                found.setdefault(value.strip() if isinstance(value, str) else value)
        return list(found)


@dataclass
class SubjectData:
    """Everything the store holds about one subject, by data category.

    A person found in several data-subject groups (a client who is also someone's next of
    kin) has one part per group: the first, and the others in ``also``.
    """

    key: Any
    name: str
    categories: dict[str, list[SourceRows]] = field(default_factory=dict)
    group: str | None = None
    """The data-subject group of this part (None: ``[store.subject]`` names none)."""
    primary: bool = True
    """Whether this part is the subject's record in ``[store.subject]``."""
    links: int = 0
    """For a part of another group: how many subjects its record is linked to (never named)."""
    also: list[SubjectData] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(s.rows for sources in self.categories.values() for s in sources)

    @property
    def parts(self) -> list[SubjectData]:
        return [self, *self.also]


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


def _order_terms(table: Any, ordering: Sequence[tuple[str, bool]]) -> list[Any]:
    """ORDER BY terms: rows without a date after the dated ones, in either direction.

    Spelled as a CASE rather than NULLS LAST, which MySQL lacks, so every store sorts alike.
    """
    terms: list[Any] = []
    for name, newest_first in ordering:
        column = table.c[name]
        terms += [
            sa.case((column.is_(None), 1), else_=0),
            column.desc() if newest_first else column.asc(),
        ]
    return terms


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
        self.groups = {group.id: group for group in groups_of(self.mapping) if not group.primary}
        subject = self.mapping.subject
        self._names = sa.table(
            subject.table, *(sa.column(c) for c in dict.fromkeys([subject.key, *subject.name]))
        )

    def _plan(self, index: int, source: StoreSource) -> _Plan:
        if source.query is not None:
            return _Plan(source, index, (), sa.text(source.query), batched=False)
        assert source.table is not None
        ordering = self._ordering(source)
        order = [column for column, _newest_first in ordering]
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
            .order_by(*_order_terms(first, ordering))
        )
        types = self.store.column_types(source.table)
        converters = tuple(_converter(types.get(c), self.store.dialect) for c in source.columns)
        return _Plan(
            source, index, tuple(source.columns), statement, batched=True, converters=converters
        )

    def _ordering(self, source: StoreSource) -> list[tuple[str, bool]]:
        """What a table source's rows are sorted by, as (column, newest first) pairs.

        The mapping's ``order_by``, else the first shown column the store types as a date or a
        timestamp; then the primary key (without one, every column shown), so that rows which tie
        come out in the same order in every bundle.
        """
        assert source.table is not None
        chosen = source.ordering or [(column, False) for column in self._date_columns(source)[:1]]
        named = {column for column, _newest_first in chosen}
        tie_breakers = self.store.primary_key(source.table) or list(source.columns)
        return chosen + [(column, False) for column in tie_breakers if column not in named]

    def _date_columns(self, source: StoreSource) -> list[str]:
        assert source.table is not None
        types = self.store.column_types(source.table)
        return [c for c in source.columns if isinstance(types.get(c), sa.Date | sa.DateTime)]

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
        subject_table = self.mapping.subject.table
        for plan in self.plans:
            category = plan.source.category
            # A source on the subject's own row (a booking system's "allergies" columns of the
            # client card): where each of its fields is empty, the person has no such data.
            own_row = plan.source.table == subject_table and not plan.source.via
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
                    converted = plan.convert(values[:-1])
                    if own_row and all(v is None or v == "" for v in converted):
                        continue
                    bucket.append(converted)
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

    def collect_parts(self, parts: Sequence[Candidate]) -> SubjectData | None:
        """One person's data from each group they were found in (:func:`resolve_parts`)."""
        collected = []
        for part in parts:
            if part.primary:
                data = self.collect([part.key])[0]
                data.group = part.group
            else:
                data = self.collect_group(self.groups[part.group], part.key)
            collected.append(data)
        if not collected:
            return None
        first, *rest = collected
        first.also = rest
        return first

    def collect_group(self, group: Group, key: Any) -> SubjectData:
        """A person of another group: their own record, and how many subjects it links to.

        The linked subject (e.g. the client who named them) is counted, never read.
        """
        spec = group.mapping
        assert spec is not None
        wanted = [*spec.columns, *spec.name]
        record = sa.table(spec.table, *(sa.column(c) for c in dict.fromkeys([spec.key, *wanted])))
        own = record.c[spec.key]
        statement = sa.select(own, *(record.c[c] for c in dict.fromkeys(wanted) if c != spec.key))
        names, rows = self.store.fetch(statement.where(own == key))
        if len(rows) != 1 or rows[0][0] != key:
            raise RekisteriError(
                f"'{spec.table}' holds {len(rows)} rows with the key {key!r}; nothing was collected"
            )
        row = dict(zip(names, rows[0], strict=True))
        types = self.store.column_types(spec.table)
        converters = tuple(_converter(types.get(c), self.store.dialect) for c in spec.columns)
        plan = _Plan(spec.as_source(), -1 - group.index, tuple(spec.columns), None, True,
                     converters)  # fmt: skip
        values = plan.convert(tuple(row[c] for c in spec.columns))
        rows_of = SourceRows(plan.source, plan.index, plan.columns, [values])
        return SubjectData(
            key=key,
            name=_full_name(row, spec.name),
            categories={spec.category: [rows_of]},
            group=spec.group,
            primary=False,
            links=self._links(spec, key),
        )

    def _links(self, spec: GroupTable, key: Any) -> int:
        if spec.links_to is None:
            return 0
        subject = self.mapping.subject
        record = sa.table(spec.table, sa.column(spec.key), sa.column(spec.links_to))
        people = sa.table(subject.table, sa.column(subject.key))
        as_text = self.store.compared_as_text(spec.table, spec.links_to, subject.table, subject.key)
        condition = linked(record.c[spec.links_to], people.c[subject.key], as_text)
        statement = (
            sa.select(sa.func.count())
            .select_from(record.join(people, condition))
            .where(record.c[spec.key] == key)
        )
        return int(self.store.execute(statement).scalar_one())

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
    "Group",
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
    "resolve_parts",
    "resolve_subject",
    "subject_column",
]
