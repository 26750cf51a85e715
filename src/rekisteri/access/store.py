"""Read-only access to the live customer store through SQLAlchemy 2 Core.

rekisteri never writes to a store, and that is enforced by the database, not by good intentions:
SQLite is opened with the URI ``mode=ro``; PostgreSQL sessions start with
``default_transaction_read_only``; MariaDB/MySQL sessions are set ``TRANSACTION READ ONLY``.
Identifiers are quoted by SQLAlchemy and values are bound, so nothing a client typed or stored
is ever pasted into SQL.

Everything that goes wrong here (a wrong URL, a missing driver, a locked file, a table the
mapping names but the store lacks) ends in a :class:`RekisteriError` located in the register
file, because the person reading it edits the ``[store]`` table to fix it.

:func:`check_store` compares the store with the mapping ("drift"): personal data the notice does
not tell about, mapped columns that do not exist, and rows or people an access request cannot
reach.
"""

from __future__ import annotations

import fnmatch
import os
import re
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from rekisteri.access.exports import CACHE_FOLDER, cached_exports, is_exports, load_exports
from rekisteri.errors import Diagnostic, Input, Loc, RekisteriError, nearest
from rekisteri.redact import hide_secrets, printable
from rekisteri.register.checks import Problem
from rekisteri.register.loading import located_problems
from rekisteri.register.store_mapping import StoreMapping, StoreSource

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

    from rekisteri.register.model import Register

URL_ENV = "REKISTERI_STORE_URL"
SUPPORTED = ("sqlite", "postgresql", "mysql", "mariadb")

_DRIVER_HINTS = {
    "postgresql": "install the PostgreSQL driver: pip install 'psycopg[binary]'",
    "mysql": "install a MariaDB/MySQL driver: pip install pymysql, and use mysql+pymysql://",
    "mariadb": "install a MariaDB/MySQL driver: pip install pymysql, and use mariadb+pymysql://",
}


class InvalidText(bytes):
    """Bytes a text column holds that are not UTF-8: kept exactly, shown with a replacement."""

    def lossy(self) -> str:
        return self.decode("utf-8", errors="replace")


def _tolerant_text(raw: bytes) -> str | InvalidText:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return InvalidText(raw)


# --- where the store is --------------------------------------------------------------------


@dataclass(frozen=True)
class StoreLocation:
    """The store's URL and where it was configured, for messages."""

    url: URL
    origin: str
    """``REKISTERI_STORE_URL`` or ``store.url``."""
    sqlite_file: Path | None = None
    exports: Path | None = None
    """The folder (or file) of a booking system's exports, read into memory (access.exports)."""

    @property
    def display(self) -> str:
        if self.sqlite_file is not None:
            return str(self.sqlite_file)
        if self.exports is not None:
            return str(self.exports)
        return hide_secrets(self.url.render_as_string(hide_password=True))


def register_file(register: Register) -> str:
    return str(register.source_path) if register.source_path else "<register>"


def _mapping(register: Register) -> StoreMapping:
    if register.store is None:
        raise RekisteriError.at(
            register_file(register),
            "the register has no [store] table, so rekisteri does not know where the data is",
            hint="add [store] with url, [store.subject] and [[store.sources]]; "
            "see examples/terhi-kallio/register.toml",
        )
    return register.store


def locate_store(register: Register) -> StoreLocation:
    """The store's URL: ``REKISTERI_STORE_URL`` if set, else ``store.url``.

    A SQLite path (or ``sqlite:///`` URL) in the register file is relative to the file's folder,
    so the register and its demo store move together; one in the environment variable is
    relative to the current folder, where the shell that set it is.
    """
    mapping = _mapping(register)
    from_env = os.environ.get(URL_ENV, "").strip()
    raw, origin = (from_env, URL_ENV) if from_env else (mapping.url, "store.url")
    base = Path.cwd()
    if origin == "store.url" and register.source_path is not None:
        base = register.source_path.resolve().parent
    if "://" not in raw:
        path = base / Path(raw).expanduser()
        if is_exports(path):
            return StoreLocation(
                url=URL.create("sqlite+pysqlite"), origin=origin, exports=path.resolve()
            )
        return _sqlite_location(path, origin)
    try:
        url = make_url(raw)
    except (sa_exc.ArgumentError, ValueError):
        raise _url_error(
            register,
            origin,
            f"'{_mask(raw)}' is not a database URL",
            hint="write e.g. postgresql://user@host/database, or a SQLite file path",
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise _url_error(register, origin, "a SQLite store needs a file path")
        return _sqlite_location(base / Path(url.database).expanduser(), origin)
    if backend not in SUPPORTED:
        raise _url_error(
            register,
            origin,
            f"'{backend}' stores are not supported",
            hint="rekisteri reads SQLite, PostgreSQL and MariaDB/MySQL stores",
        )
    if backend == "postgresql" and url.drivername == "postgresql":
        # psycopg 3 is the PostgreSQL driver rekisteri depends on; SQLAlchemy's default is
        # psycopg2, which is not installed.
        url = url.set(drivername="postgresql+psycopg")
    if backend in ("mysql", "mariadb") and "+" not in url.drivername:
        url = url.set(drivername=f"{backend}+pymysql")
    return StoreLocation(url=url, origin=origin)


def _sqlite_location(path: Path, origin: str) -> StoreLocation:
    path = path.resolve()
    # mode=ro makes SQLite itself refuse every write; uri=true lets the file name carry it.
    url = URL.create(
        "sqlite+pysqlite",
        database="file:" + urllib.parse.quote(str(path)),
        query={"mode": "ro", "uri": "true"},
    )
    return StoreLocation(url=url, origin=origin, sqlite_file=path)


def _mask(raw: str) -> str:
    return hide_secrets(raw)


def _url_error(register: Register, origin: str, message: str, hint: str = "") -> RekisteriError:
    if origin == URL_ENV:
        return RekisteriError(f"{URL_ENV}: {message}" + (f"\n    hint: {hint}" if hint else ""))
    return mapping_error(register, [(("store", "url"), message, hint)])


def mapping_error(
    register: Register, problems: Sequence[tuple[Loc, str, str]], summary: str = ""
) -> RekisteriError:
    """One error carrying every problem of the ``[store]`` table, each at its line."""
    name = register_file(register)
    diagnostics = located_problems(
        register, [Problem(loc, message, hint) for loc, message, hint in problems]
    )
    count = len(diagnostics)
    text = summary or f"{name}: {count} problem{'s' if count != 1 else ''} in [store]"
    return RekisteriError(text, tuple(diagnostics))


def table_problems(
    store: Store, base: Loc, table: str, columns: dict[str, str | None]
) -> list[tuple[Loc, str, str]]:
    """What is wrong with a mapping table that names a store table and some of its columns.

    ``columns`` maps each key of the mapping (under ``base``) to the column it names.
    """
    if table not in store.table_names:
        return [((*base, "table"), f"the store has no table '{table}'", "")]
    present = store.columns(table)
    return [
        ((*base, key), f"table '{table}' has no column '{column}'", "")
        for key, column in columns.items()
        if column is not None and column not in present
    ]


# --- an open store -------------------------------------------------------------------------


@dataclass
class Store:
    """An open, read-only connection to the store, with what reflection found cached."""

    register: Register
    mapping: StoreMapping
    location: StoreLocation
    conn: Connection
    _columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    _primary_keys: dict[str, list[str]] = field(default_factory=dict)
    _tolerant: bool = False
    _families: dict[str, dict[str, str]] = field(default_factory=dict)
    _verified: bool = False
    functions: set[str] = field(default_factory=set)
    """The SQL functions registered on this SQLite connection (``create_function``)."""

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    @cached_property
    def table_names(self) -> list[str]:
        return sorted(self._guard(lambda: sa.inspect(self.conn).get_table_names()))

    def columns(self, table: str) -> list[str]:
        return list(self.column_types(table))

    def column_types(self, table: str) -> dict[str, Any]:
        """The table's columns in order, with the SQL types reflection found."""
        if table not in self._columns:
            found = self._guard(lambda: sa.inspect(self.conn).get_columns(table))
            self._columns[table] = {str(c["name"]): c["type"] for c in found}
        return self._columns[table]

    def primary_key(self, table: str) -> list[str]:
        if table not in self._primary_keys:
            found = self._guard(lambda: sa.inspect(self.conn).get_pk_constraint(table))
            self._primary_keys[table] = [str(c) for c in found.get("constrained_columns") or []]
        return self._primary_keys[table]

    def unique_by_constraint(self, table: str, column: str) -> bool:
        """Whether the store itself keeps ``column`` unique: its primary key or unique index.

        A partial unique index (``… WHERE``) does not count: rows outside it may repeat.
        """
        if self.primary_key(table) == [column]:
            return True
        inspector = sa.inspect(self.conn)
        for index in self._guard(lambda: inspector.get_indexes(table)):
            partial = any(
                k.endswith("_where") and v for k, v in index.get("dialect_options", {}).items()
            )
            if (
                index.get("unique")
                and list(index.get("column_names") or []) == [column]
                and not partial
            ):
                return True
        with suppress(sa_exc.SQLAlchemyError, NotImplementedError):
            for constraint in inspector.get_unique_constraints(table):
                if list(constraint.get("column_names") or []) == [column]:
                    return True
        return False

    def family(self, table: str, column: str) -> str:
        """How the store compares the column's values: 'number', 'text', or another kind.

        SQLite compares by the column's declared affinity (INTEGER, TEXT, …; 'none' for a
        column declared without a type or as BLOB, whose values keep whatever type they were
        stored with); the servers by the column's type.
        """
        if table not in self._families:
            self._families[table] = self._guard(lambda: self._read_families(table))
        return self._families[table].get(column, "none")

    def _read_families(self, table: str) -> dict[str, str]:
        if self.dialect == "sqlite":
            quoted = self.conn.dialect.identifier_preparer.quote_identifier(table)
            rows = self.conn.exec_driver_sql(f"PRAGMA table_info({quoted})").fetchall()
            return {str(row[1]): _sqlite_affinity(str(row[2] or "")) for row in rows}
        families = {}
        for name, kind in self.column_types(table).items():
            if isinstance(kind, sa.Integer | sa.Numeric):
                families[name] = "number"
            elif isinstance(kind, sa.String):
                families[name] = "text"
            else:
                families[name] = type(kind).__name__.lower()
        return families

    def compared_as_text(
        self, table: str, column: str, target_table: str, target_column: str
    ) -> tuple[bool, bool]:
        """Which side of ``table.column = target_table.target_column`` to compare as text.

        Columns of one kind compare as the store compares them. Across kinds, a store's own
        ``=`` is no safe join: MariaDB takes the text '1abc' to equal the number 1, SQLite
        converts only some spellings, PostgreSQL refuses. So the non-text side is cast to text
        and the two compare exactly as written; the link column stays bare when it is the text
        side, so its index still serves the lookup. :func:`integrity_problems` then verifies
        once that every link value finds its key this way.
        """
        left, right = self.family(table, column), self.family(target_table, target_column)
        if left == right and left != "none":
            return (False, False)
        return (left != "text", right != "text")

    def indexed_first_columns(self, table: str) -> set[str]:
        """Columns that lead some index (or the primary key) of ``table``."""
        inspector = sa.inspect(self.conn)
        found = self._guard(lambda: inspector.get_indexes(table))
        leading = {str(ix["column_names"][0]) for ix in found if ix.get("column_names")}
        with suppress(sa_exc.SQLAlchemyError):
            for constraint in inspector.get_unique_constraints(table):
                if constraint.get("column_names"):
                    leading.add(str(constraint["column_names"][0]))
        pk = self.primary_key(table)
        if pk:
            leading.add(pk[0])
        return leading

    def execute(self, statement: Any, params: Any = None) -> sa.CursorResult[Any]:
        """Run a read-only statement, turning store failures into messages for people."""
        try:
            return self.conn.execute(statement, params)
        except sa_exc.DBAPIError as exc:
            raise self.failure(exc) from None

    def fetch(self, statement: Any, params: Any = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a statement and read all its rows: the column names and the rows.

        SQLite decodes text while rows are read, so a column holding bytes that are not UTF-8
        fails here rather than in :meth:`execute`.
        """
        try:
            result = self.conn.execute(statement, params)
            return list(result.keys()), [tuple(row) for row in result]
        except sa_exc.OperationalError as exc:
            undecodable = "decode to UTF-8" in str(exc.orig)
            if self.dialect == "sqlite" and undecodable and not self._tolerant:
                # Old stores hold Latin-1 text now and then. Decoding every value in Python is
                # slower than SQLite's own decoding, so the tolerant decoder is switched on only
                # once a column has proved to need it.
                self._tolerate_invalid_text()
                return self.fetch(statement, params)
            raise self.failure(exc) from None
        except sa_exc.DBAPIError as exc:
            raise self.failure(exc) from None

    def _tolerate_invalid_text(self) -> None:
        raw = self.conn.connection.dbapi_connection
        if raw is not None:
            raw.text_factory = _tolerant_text
        self._tolerant = True

    def _guard(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except sa_exc.DBAPIError as exc:
            raise self.failure(exc) from None

    def failure(self, exc: sa_exc.DBAPIError) -> RekisteriError:
        return store_failure(self.location, exc, self.mapping.timeout)


def _sqlite_affinity(declared: str) -> str:
    """SQLite's column affinity from the declared type, by its own rules (datatype3.html)."""
    name = declared.upper()
    if "INT" in name:
        return "number"
    if any(part in name for part in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not name or "BLOB" in name:
        return "none"
    return "number"  # REAL, FLOA, DOUB and every other name (NUMERIC, DATE, …) compare as numbers


def linked(link: Any, key: Any, as_text: tuple[bool, bool]) -> Any:
    """The join condition ``link = key``, each side cast to text where ``as_text`` says."""
    left = sa.cast(link, sa.Text) if as_text[0] else link
    right = sa.cast(key, sa.Text) if as_text[1] else key
    return left == right


def store_failure(
    location: StoreLocation, exc: sa_exc.DBAPIError, timeout: float
) -> RekisteriError:
    """A database error as a sentence: what failed, in which store, and what to try."""
    detail = hide_secrets(str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc))
    host = location.url.host or ""
    if "@" in host:  # SQLAlchemy ends a password at its first '@': the rest became the host
        detail = detail.replace(host, host.rpartition("@")[2])
    lowered = detail.lower()
    where = f"store {location.display} ({location.origin})"
    if "database is locked" in lowered or "lock wait timeout" in lowered:
        return RekisteriError(
            f"{where}: the store is locked by another program and stayed locked for "
            f"{timeout:g} s\n    hint: try again when it is idle, or raise store.timeout"
        )
    if "not a database" in lowered or "file is encrypted" in lowered:
        return RekisteriError(f"{where}: the file is not an SQLite database")
    if "readonly database" in lowered or "read-only transaction" in lowered:
        return RekisteriError(f"{where}: refused a write; rekisteri only reads the store")
    if isinstance(exc, sa_exc.OperationalError) and (
        "connect" in lowered
        or "password" in lowered
        or "could not translate" in lowered
        or "resolve host" in lowered
    ):
        hint = f"check the host, port, user and password in {location.origin}"
        if "@" in host:
            hint = f"the password in {location.origin} holds an '@': write it as %40"
        return RekisteriError(f"{where}: cannot connect: {detail}\n    hint: {hint}")
    return RekisteriError(f"{where}: {detail}")


def _engine(location: StoreLocation, mapping: StoreMapping, cache: Path | None = None) -> Engine:
    if location.exports is not None:
        # One database in memory, read from the exports once, serves the whole command.
        declared, indexes = dict(mapping.columns), join_columns(mapping)
        connection = (
            cached_exports(location.exports, cache, declared, indexes=indexes)
            if cache is not None
            else load_exports(location.exports, declared, indexes=indexes)
        )
        return sa.create_engine(
            "sqlite+pysqlite://", creator=lambda: connection, poolclass=sa.pool.StaticPool
        )
    backend = location.url.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": mapping.timeout}
        kwargs["poolclass"] = sa.pool.NullPool
    elif backend == "postgresql":
        kwargs["connect_args"] = {
            "options": "-c default_transaction_read_only=on",
            "connect_timeout": max(1, round(mapping.timeout)),
        }
        # One snapshot for the whole bundle: rows of different categories agree.
        kwargs["isolation_level"] = "REPEATABLE READ"
    else:
        kwargs["connect_args"] = {"connect_timeout": max(1, round(mapping.timeout))}
        kwargs["isolation_level"] = "REPEATABLE READ"
    try:
        engine = sa.create_engine(location.url, **kwargs)
    except (ImportError, sa_exc.NoSuchModuleError) as exc:
        hint = _DRIVER_HINTS.get(backend, "")
        raise RekisteriError(
            f"store {location.display}: the database driver is not installed ({exc})"
            + (f"\n    hint: {hint}" if hint else "")
        ) from None
    if backend in ("mysql", "mariadb"):

        @sa.event.listens_for(engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION TRANSACTION READ ONLY")

    return engine


@contextmanager
def open_store(register: Register, *, verify: bool = True) -> Iterator[Store]:
    """Open the register's store read-only; close it however the block ends.

    Before the block reads any personal data, :func:`verify_store_integrity` makes sure that
    the mapping's keys and joins keep people apart (``verify=False`` is for `store check`,
    which reports the same problems instead of stopping at them).

    The one transaction a command reads in always ends in ROLLBACK, never COMMIT: a
    ``query`` source may call a function that writes even in a read-only transaction
    (PostgreSQL's ``lo_from_bytea`` creates a large object), and nothing it did may persist.
    """
    mapping = _mapping(register)
    location = locate_store(register)
    leftovers = None
    if location.sqlite_file is not None:
        _check_sqlite_file(register, location)
        leftovers = _SqliteSideFiles(location.sqlite_file)
    # The database a folder of exports reads into is kept beside the register (access.exports).
    cache = (
        register.source_path.resolve().parent / CACHE_FOLDER
        if register.source_path is not None and location.exports is not None
        else None
    )
    engine = _engine(location, mapping, cache)
    try:
        try:
            conn = engine.connect()
        except sa_exc.DBAPIError as exc:
            raise store_failure(location, exc, mapping.timeout) from None
        try:
            store = Store(register=register, mapping=mapping, location=location, conn=conn)
            transaction = conn.begin()
            try:
                if verify:
                    verify_store_integrity(store)
                yield store
            finally:
                transaction.rollback()
        finally:
            conn.close()
    finally:
        engine.dispose()
        if leftovers is not None:
            leftovers.remove_ours()


class _SqliteSideFiles:
    """The ``-wal`` and ``-shm`` files a read-only reader of a WAL-mode store leaves behind.

    SQLite creates both even for a ``mode=ro`` connection, and only a connection that can
    write deletes them when the last one closes. Reading with ``immutable=1`` instead would
    create nothing, but it also takes no locks: a checkpoint by the store's own program
    during a bulk run would change pages under the reader. So rekisteri reads with SQLite's
    ordinary locking and afterwards does what SQLite's own last connection does (walClose):
    only while holding an exclusive lock on the database file, which no connection can get
    while any other has the store open, and only when the ``-wal`` is empty, does it delete
    the files, and only the ones that did not exist before it opened the store. Open-file-
    description locks are used because they conflict even with SQLite connections of this
    same process, and closing them does not drop that process's own SQLite locks. Where they
    are missing (not Linux) the files are left, as SQLite itself would leave them.
    """

    # SQLite's lock bytes (os_unix.c): a SHARED lock is a read lock on these 510 bytes.
    PENDING_BYTE = 0x40000000
    SHARED_FIRST = PENDING_BYTE + 2
    SHARED_SIZE = 510

    def __init__(self, database: Path) -> None:
        self.database = database
        self.wal = database.with_name(database.name + "-wal")
        self.shm = database.with_name(database.name + "-shm")
        self.ours = [p for p in (self.wal, self.shm) if not p.exists()]

    def remove_ours(self) -> None:
        # POSIX only: imported here so that the store module still loads where fcntl is missing.
        import fcntl
        import struct

        created = [p for p in self.ours if p.exists()]
        lock = getattr(fcntl, "F_OFD_SETLK", None)
        if not created or lock is None:
            return
        try:
            fd = os.open(self.database, os.O_RDWR)
        except OSError:
            return  # no right to lock the store: its owner's program will clean up
        try:
            # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks).
            request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, self.SHARED_FIRST,
                                  self.SHARED_SIZE, 0)  # fmt: skip
            try:
                fcntl.fcntl(fd, lock, request)
            except OSError:
                return  # another connection has the store open; the files are in use
            with suppress(OSError):
                if self.wal in created and self.wal.stat().st_size != 0:
                    return
                for path in created:
                    path.unlink()
        finally:
            os.close(fd)  # releases the lock


def _check_sqlite_file(register: Register, location: StoreLocation) -> None:
    path = location.sqlite_file
    assert path is not None
    if path.is_file():
        if not os.access(path, os.R_OK):
            raise RekisteriError(f"store {path}: permission denied")
        return
    if path.exists():
        raise _url_error(register, location.origin, f"{path} is not a file")
    demo = path.name == "asiakkaat.sqlite"
    raise _url_error(
        register,
        location.origin,
        f"the store file {path} does not exist",
        hint="build the demo store with 'make demo-store'"
        if demo
        else "check the path; a relative path is relative to the register file",
    )


# --- the mapping against the store ---------------------------------------------------------


def verify_mapping(store: Store) -> None:
    """Fail, naming each key in the register, when the mapping names what the store lacks,
    or when its keys and joins would not keep people apart (:func:`verify_store_integrity`)."""
    problems = list(_missing(store))
    if problems:
        raise mapping_error(
            store.register,
            [(loc, message, hint) for loc, message, hint in problems],
            summary=f"{register_file(store.register)}: the [store] mapping does not match "
            f"the store {store.location.display}",
        )
    verify_store_integrity(store)


def verify_store_integrity(store: Store) -> None:
    """Fail before any personal data is read when the mapping could mix or lose people's rows.

    Run once per command (the result is kept on ``store``), not per subject: the checks
    read reflection, and a ``GROUP BY … HAVING`` only where no primary key or unique index
    already guarantees the answer.
    """
    if store._verified:
        return
    problems = list(integrity_problems(store))
    if problems:
        raise mapping_error(
            store.register,
            problems,
            summary=f"{register_file(store.register)}: the store {store.location.display} "
            "cannot be read safely through the [store] mapping: one person's bundle could "
            "hold another's data, or miss their own",
        )
    store._verified = True


def integrity_problems(store: Store) -> Iterator[tuple[Loc, str, str]]:
    """What in the store breaks the promise of one subject, all their rows, nobody else's.

    - the subject key is unique and never NULL;
    - every join target (``via`` references) is unique, so a join cannot fan out;
    - every link column compares correctly with the key it points at (see
      :meth:`Store.compared_as_text`), so no row is silently left out.

    What the mapping names but the store lacks is left to :func:`verify_mapping`.
    """
    mapping = store.mapping
    subject = mapping.subject

    def present(table: str, column: str) -> bool:
        return table in store.table_names and column in store.columns(table)

    subject_ok = present(subject.table, subject.key)
    if subject_ok:
        yield from _key_problems(store, ("store", "subject", "key"), subject.table, subject.key)
    yield from _group_integrity(store, subject_ok)
    for i, source in enumerate(mapping.sources):
        if source.table is None or not present(source.table, source.columns[0]):
            continue
        base: Loc = ("store", "sources", i)
        current = source.table
        chain_ok = True
        for h, hop in enumerate(source.via):
            if not (present(current, hop.column) and present(hop.table, hop.key)):
                chain_ok = False
                break
            loc: Loc = (*base, "via", h, "references")
            yield from _target_problems(store, loc, current, hop.column, hop.table, hop.key)
            yield from _link_problems(
                store, (*base, "via", h, "column"), current, hop.column, hop.table, hop.key
            )
            current = hop.table
        link = subject_column(source, mapping)
        if chain_ok and subject_ok and present(current, link):
            if current == subject.table and link == subject.key:
                continue
            loc = (*base, "subject_column")
            key_as_text = store.compared_as_text(current, link, subject.table, subject.key)[1]
            if key_as_text and store.family(subject.table, subject.key) != "number":
                # The key is unique as the store compares it; compared as text it must be
                # too (a column without a type may hold both 1 and '1').
                yield from _target_problems(store, loc, current, link, subject.table, subject.key)
            yield from _link_problems(store, loc, current, link, subject.table, subject.key)


def _group_integrity(store: Store, subject_ok: bool) -> Iterator[tuple[Loc, str, str]]:
    """Another group's key names one person per row; its link to a subject compares right."""
    subject = store.mapping.subject
    for g, group in enumerate(store.mapping.groups):
        if group.table not in store.table_names:
            continue
        present = store.columns(group.table)
        base: Loc = ("store", "groups", g)
        if group.key in present:
            yield from _key_problems(store, (*base, "key"), group.table, group.key)
        link = group.links_to
        if link is not None and link in present and subject_ok:
            yield from _link_problems(
                store, (*base, "links_to"), group.table, link, subject.table, subject.key
            )


def _key_problems(store: Store, loc: Loc, table: str, key: str) -> Iterator[tuple[Loc, str, str]]:
    """The subject key must name one person per row: unique, never NULL."""
    people = sa.table(table, sa.column(key))
    column = people.c[key]
    pk = store.primary_key(table)
    suggestion = f'key = "{pk[0]}"' if len(pk) == 1 and pk[0] != key else ""
    fix = "choose a key column that is unique and never empty, such as the table's primary key"
    fix += f" ({suggestion})" if suggestion else ""
    empty = int(
        store.execute(
            sa.select(sa.func.count()).select_from(people).where(column.is_(None))
        ).scalar_one()
    )
    if empty:
        yield (
            loc,
            f"the key column '{table}.{key}' is empty (NULL) in {empty} row"
            f"{'s' if empty != 1 else ''}: a person without a key cannot be told apart from "
            "another, nor found by an access request",
            fix,
        )
    if not store.unique_by_constraint(table, key):
        repeated = _repeated(store, table, key, as_text=False)
        if repeated is not None:
            value, count = repeated
            shown = shown_value(store, table, key, value)
            yield (
                loc,
                f"the key column '{table}.{key}' is not unique: {shown} is the key of {count} "
                "rows, so their data would be mixed in one bundle",
                fix,
            )


def _target_problems(
    store: Store, loc: Loc, table: str, column: str, target: str, key: str
) -> Iterator[tuple[Loc, str, str]]:
    """A join target must be unique, or one row joins to several and shows to each of them."""
    as_text = store.compared_as_text(table, column, target, key)[1]
    if not as_text and store.unique_by_constraint(target, key):
        return
    repeated = _repeated(store, target, key, as_text=as_text)
    if repeated is not None:
        value, count = repeated
        yield (
            loc,
            f"'{target}.{key}' is not unique: {shown_value(store, target, key, value)} is in "
            f"{count} rows, so the join from '{table}.{column}' fans out and one row of "
            f"'{table}' could be shown to several people",
            "point references at the table's primary key or at a column with a unique index",
        )


def _link_problems(
    store: Store, loc: Loc, table: str, column: str, target: str, key: str
) -> Iterator[tuple[Loc, str, str]]:
    """Across kinds of column, every link value must find its key as text, or be refused."""
    as_text = store.compared_as_text(table, column, target, key)
    if as_text == (False, False):
        return
    if store.family(table, column) == "number" and not as_text[1]:
        yield from _numeric_twins(store, loc, table, column, target, key)
    link = sa.table(table, sa.column(column)).alias("link").c[column]
    wanted = sa.table(target, sa.column(key)).alias("target").c[key]
    left = sa.cast(link, sa.Text) if as_text[0] else link
    right = sa.cast(wanted, sa.Text) if as_text[1] else wanted
    statement = sa.except_(
        sa.select(left).where(link.is_not(None)), sa.select(right).where(wanted.is_not(None))
    ).limit(1)
    _names, rows = store.fetch(statement)
    if not rows:
        return
    value = rows[0][0]
    kinds = f"{store.family(table, column)} and {store.family(target, key)}"
    yield (
        loc,
        f"'{table}.{column}' links to '{target}.{key}', but the two are of different kinds "
        f"({kinds}), and the value {shown_value(store, table, column, value)} finds no key "
        f"written the same way: its rows would be left out of every bundle",
        f"give both columns the same type in the store, or write each link exactly as "
        f"'{target}.{key}' writes the key (a row whose person was deleted needs an empty "
        "link, NULL)",
    )


def _numeric_twins(
    store: Store, loc: Loc, table: str, column: str, target: str, key: str
) -> Iterator[tuple[Loc, str, str]]:
    """Text keys that read as one number ('01' and '1'), where the link holds numbers.

    Compared as text, the link 1 finds the key '1'; but a store that puts '01' in a number
    column keeps it as 1 (SQLite converts it; an application may have done the same), so
    the link could as well mean '01'. Rather than guess, such a mapping is refused. Only
    stores whose link and key differ in kind pay for this read of the keys.
    """
    column_ = sa.table(target, sa.column(key)).c[key]
    _names, rows = store.fetch(sa.select(column_).where(column_.is_not(None)))
    seen: dict[Decimal, Any] = {}
    for (value,) in rows:
        number = _as_number(value)
        if number is None:
            continue
        twin = seen.setdefault(number, value)
        if twin != value:
            first = shown_value(store, target, key, twin)
            second = shown_value(store, target, key, value)
            yield (
                loc,
                f"'{table}.{column}' holds numbers, and the keys {first} and {second} of "
                f"'{target}.{key}' both read as the number {number}: a link cannot say which "
                "of the two people it means",
                f"give '{table}.{column}' the type of '{target}.{key}' (text), or write the "
                "keys so that no two read as the same number",
            )
            return


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError:
        return None
    return number.normalize() if number.is_finite() else None


def _repeated(store: Store, table: str, column: str, *, as_text: bool) -> tuple[Any, int] | None:
    """One value that ``column`` holds in several rows, with its count; None if unique."""
    bare = sa.table(table, sa.column(column)).c[column]
    value = sa.cast(bare, sa.Text) if as_text else bare
    count = sa.func.count()
    statement = (
        sa.select(value, count).where(bare.is_not(None)).group_by(value).having(count > 1).limit(1)
    )
    _names, rows = store.fetch(statement)
    return (rows[0][0], int(rows[0][1])) if rows else None


_HETU_SHAPE = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$", re.IGNORECASE)
_PHONE_SHAPE = re.compile(r"^\+?[\d\s()./-]{7,}$")


def shown_value(store: Store, table: str, column: str, value: Any) -> str:
    """A store value quoted in a message: masked when it is, or looks like, personal data."""
    # access.collect imports this module at load, so its masking comes in at call time.
    from rekisteri.access.collect import mask

    if isinstance(value, bytes | bytearray | memoryview):
        return f"({len(bytes(value))} bytes)"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).strip()
    subject = store.mapping.subject
    kind = ""
    if table == subject.table:
        kind = next((k for k in ("email", "phone", "hetu") if column in getattr(subject, k)), "")
        if column in subject.name or column == subject.birth_date:
            return "(a name or birth date)"
    if not kind:
        if "@" in text:
            kind = "email"
        elif _HETU_SHAPE.match(text):
            kind = "hetu"
        elif _PHONE_SHAPE.match(text) and sum(c.isdigit() for c in text) >= 7:
            kind = "phone"
    shown = mask(kind, text) if kind else text[:60] + ("…" if len(text) > 60 else "")
    return f"'{printable(shown)}'"


def _missing(store: Store) -> Iterator[tuple[Loc, str, str]]:
    mapping = store.mapping
    tables = store.table_names
    subject = mapping.subject

    def table_problem(loc: Loc, table: str) -> tuple[Loc, str, str] | None:
        if table in tables:
            return None
        guess = nearest(table, tables)
        hint = f"did you mean '{guess}'? " if guess else ""
        exports = store.location.exports
        if exports is not None:
            # In a folder of exports a table is a file (or a sheet): say which one is missing.
            return (
                loc,
                f"the exports in {exports} have no table '{table}': no file {table}.csv, "
                f"{table}.xlsx or {table}.ods, and no sheet '{table}'",
                hint + _listing("tables", tables),
            )
        return (loc, f"the store has no table '{table}'", hint + _listing("tables", tables))

    def column_problem(loc: Loc, table: str, column: str) -> tuple[Loc, str, str] | None:
        columns = store.columns(table)
        if column in columns:
            return None
        guess = nearest(column, columns)
        hint = f"did you mean '{guess}'? " if guess else ""
        return (
            loc,
            f"table '{table}' has no column '{column}'",
            hint + _listing(f"columns of '{table}'", columns),
        )

    found = table_problem(("store", "subject", "table"), subject.table)
    if found:
        yield found
    else:
        named: list[tuple[Loc, str]] = [(("store", "subject", "key"), subject.key)]
        for name in ("name", "email", "phone", "hetu"):
            named += [
                (("store", "subject", name, j), column)
                for j, column in enumerate(getattr(subject, name))
            ]
        if subject.birth_date:
            named.append((("store", "subject", "birth_date"), subject.birth_date))
        for loc, column in named:
            problem = column_problem(loc, subject.table, column)
            if problem:
                yield problem
    for g, group in enumerate(mapping.groups):
        found = table_problem(("store", "groups", g, "table"), group.table)
        if found:
            yield found
            continue
        named = [(("store", "groups", g, "key"), group.key)]
        for name in ("name", "email", "phone", "hetu", "columns"):
            named += [
                (("store", "groups", g, name, j), column)
                for j, column in enumerate(getattr(group, name))
            ]
        for name in ("birth_date", "links_to"):
            if getattr(group, name):
                named.append((("store", "groups", g, name), getattr(group, name)))
        for loc, column in named:
            problem = column_problem(loc, group.table, column)
            if problem:
                yield problem
    for i, source in enumerate(mapping.sources):
        base: Loc = ("store", "sources", i)
        if source.query is not None:
            problem = _probe_query(store, source, (*base, "query"))
            if problem:
                yield problem
            continue
        assert source.table is not None
        found = table_problem((*base, "table"), source.table)
        if found:
            yield found
            continue
        checks: list[tuple[Loc, str, str]] = [
            ((*base, "columns", j), source.table, column) for j, column in enumerate(source.columns)
        ]
        checks += [
            ((*base, "order_by", j), source.table, column)
            for j, column in enumerate(source.order_columns)
        ]
        current = source.table
        broken = False
        for h, hop in enumerate(source.via):
            checks.append(((*base, "via", h, "column"), current, hop.column))
            problem = table_problem((*base, "via", h, "references"), hop.table)
            if problem:
                yield problem
                broken = True
                break
            checks.append(((*base, "via", h, "references"), hop.table, hop.key))
            current = hop.table
        if not broken:
            checks.append(((*base, "subject_column"), current, subject_column(source, mapping)))
        for loc, table, column in checks:
            problem = column_problem(loc, table, column)
            if problem:
                yield problem


def subject_column(source: StoreSource, mapping: StoreMapping) -> str:
    """The column of the source's last table that holds the subject's key."""
    if source.subject_column is not None:
        return source.subject_column
    if source.via:
        return source.via[-1].key
    return mapping.subject.key


def _probe_query(store: Store, source: StoreSource, loc: Loc) -> tuple[Loc, str, str] | None:
    """Run a query source on no rows, so a typo in it is reported before any bundle is made."""
    assert source.query is not None
    query = source.query.strip().rstrip(";")
    probe = sa.text(f"SELECT * FROM ({query}) rekisteri_probe WHERE 1 = 0")
    savepoint = store.conn.begin_nested() if store.dialect != "sqlite" else None
    try:
        returned = list(store.conn.execute(probe, {"subject": None}).keys())
    except sa_exc.DBAPIError as exc:
        if savepoint is not None:
            savepoint.rollback()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return (loc, f"the query fails in the store: {detail}", "run it by hand to see")
    if savepoint is not None:
        savepoint.commit()
    if source.recipient is not None and source.recipient not in returned:
        guess = nearest(source.recipient, returned)
        hint = f"did you mean '{guess}'? " if guess else ""
        return (
            (*loc[:-1], "recipient"),
            f"the query returns no column '{source.recipient}'",
            hint + _listing("columns it returns", returned),
        )
    return None


def _listing(what: str, names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"{what}: {shown}{more}" if names else f"there are no {what}"


# --- drift: the store against the notice ---------------------------------------------------


@dataclass(frozen=True)
class Undeclared:
    """Columns that hold data no data category of the notice tells about."""

    table: str
    columns: tuple[str, ...]
    whole_table: bool


@dataclass(frozen=True)
class Orphans:
    """Rows of a source whose link to a subject is empty or points to no one."""

    category: str
    table: str
    count: int


@dataclass
class StoreReport:
    """What checking the store against its register found; drift is what must be fixed."""

    store: str
    tables: int
    subjects: int
    undeclared: list[Undeclared] = field(default_factory=list)
    missing: list[Diagnostic] = field(default_factory=list)
    unsafe: list[Diagnostic] = field(default_factory=list)
    """Keys and joins that would mix people's rows or lose some (:func:`integrity_problems`)."""
    orphans: list[Orphans] = field(default_factory=list)
    unreachable_subjects: int = 0
    unindexed: list[str] = field(default_factory=list)
    unmapped_categories: list[str] = field(default_factory=list)

    @property
    def drift(self) -> bool:
        return bool(
            self.undeclared
            or self.missing
            or self.unsafe
            or self.orphans
            or self.unreachable_subjects
        )

    def format_text(
        self, name: Callable[[Input], str] = str, words: Translations | None = None
    ) -> str:
        """The report in the language of ``words`` (a "status" catalog; English by default);
        ``name`` names the values a line speaks of (see :class:`Input`)."""
        # Babel compiles the catalog only when the report is printed.
        from rekisteri.documents.i18n import translations

        words = words or translations("en", "status")
        _, ngettext = words.gettext, words.ngettext
        lines = [
            _("store %(store)s: %(tables)s, %(subjects)s")
            % {
                "store": self.store,
                "tables": ngettext("%(count)d table", "%(count)d tables", self.tables)
                % {"count": self.tables},
                "subjects": ngettext("%(count)d subject", "%(count)d subjects", self.subjects)
                % {"count": self.subjects},
            }
        ]
        for diagnostic in [*self.missing, *self.unsafe]:
            lines.append(_("error: %(message)s") % {"message": diagnostic})
        for item in self.undeclared:
            if item.whole_table:
                lines.append(
                    _(
                        "drift: table '%(table)s' (%(columns)s) is not mapped to any data "
                        "category: personal data the notice does not tell about?"
                    )
                    % {"table": item.table, "columns": ", ".join(item.columns)}
                )
            else:
                lines.append(
                    _("drift: %(columns)s: not mapped to any data category")
                    % {"columns": ", ".join(f"{item.table}.{c}" for c in item.columns)}
                )
        for orphan in self.orphans:
            lines.append(
                ngettext(
                    "drift: %(count)d row of '%(table)s' (data category '%(category)s') "
                    "belongs to no subject: an access request cannot reach it",
                    "drift: %(count)d rows of '%(table)s' (data category '%(category)s') "
                    "belong to no subject: an access request cannot reach them",
                    orphan.count,
                )
                % {"count": orphan.count, "table": orphan.table, "category": orphan.category}
            )
        if self.unreachable_subjects:
            lines.append(
                ngettext(
                    "drift: %(count)d subject has no email, phone, identity code or name with "
                    "birth date: only %(key)s can find it",
                    "drift: %(count)d subjects have no email, phone, identity code or name with "
                    "birth date: only %(key)s can find them",
                    self.unreachable_subjects,
                )
                % {
                    "count": self.unreachable_subjects,
                    "key": name(Input("subject_id", _("their key"))),
                }
            )
        for category in self.unmapped_categories:
            lines.append(
                _("warning: data category '%(category)s' has no source in [store]")
                % {"category": category}
            )
        for column in self.unindexed:
            lines.append(
                _("warning: %(column)s has no index: each access request reads the whole table")
                % {"column": column}
            )
        if self.drift:
            lines.append(
                _(
                    "hint: map new columns in [[store.sources]], or list technical ones in "
                    "store.ignore"
                )
            )
        else:
            lines.append(_("ok: the store matches the register's data categories"))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "tables": self.tables,
            "subjects": self.subjects,
            "drift": self.drift,
            "undeclared": [
                {"table": u.table, "columns": list(u.columns), "whole_table": u.whole_table}
                for u in self.undeclared
            ],
            "missing": [d.to_dict() for d in self.missing],
            "unsafe": [d.to_dict() for d in self.unsafe],
            "orphans": [o.__dict__ for o in self.orphans],
            "unreachable_subjects": self.unreachable_subjects,
            "unindexed": self.unindexed,
            "unmapped_categories": self.unmapped_categories,
        }


def check_store(register: Register) -> StoreReport:
    """Reflect the store and compare it with the mapping and the notice's data categories."""
    mapping = _mapping(register)
    with open_store(register, verify=False) as store:
        missing = list(_missing(store))
        report = StoreReport(
            store=store.location.display, tables=len(store.table_names), subjects=0
        )
        if missing:
            error = mapping_error(register, missing)
            report.missing = list(error.diagnostics)
        report.unmapped_categories = [
            c.id for c in register.data_categories if not mapping.sources_of(c.id)
        ]
        report.undeclared = _undeclared(store)
        unsafe = list(integrity_problems(store))
        if unsafe:
            report.unsafe = list(mapping_error(register, unsafe).diagnostics)
        if missing:
            # Counting rows through a mapping that names missing columns would only fail.
            return report
        subject_table = sa.table(mapping.subject.table, sa.column(mapping.subject.key))
        report.subjects = int(
            store.execute(sa.select(sa.func.count()).select_from(subject_table)).scalar_one()
        )
        report.orphans = _orphans(store)
        report.unreachable_subjects = _unreachable(store)
        report.unindexed = _unindexed(store)
    return report


def _declared(store: Store) -> tuple[set[tuple[str, str]], set[str]]:
    """The (table, column) pairs the mapping covers, and the tables covered whole."""
    mapping = store.mapping
    subject = mapping.subject
    pairs = {(subject.table, subject.key)}
    pairs |= {(subject.table, column) for column in subject.match_columns}
    for group in mapping.groups:
        columns = [group.key, *group.match_columns, *group.columns]
        pairs |= {(group.table, column) for column in [*columns, group.links_to] if column}
    whole: set[str] = set()
    for source in mapping.sources:
        if source.query is not None:
            for item in source.covers:
                table, _, column = item.partition(".")
                if column:
                    pairs.add((table, column))
                else:
                    whole.add(table)
            continue
        assert source.table is not None
        pairs |= {(source.table, column) for column in [*source.columns, *source.order_columns]}
        current = source.table
        for hop in source.via:
            pairs |= {(current, hop.column), (hop.table, hop.key)}
            current = hop.table
        pairs.add((current, subject_column(source, mapping)))
    return pairs, whole


def _undeclared(store: Store) -> list[Undeclared]:
    pairs, whole = _declared(store)
    ignore = store.mapping.ignore
    mapped_tables = {table for table, _ in pairs} | whole

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in ignore)

    found: list[Undeclared] = []
    for table in store.table_names:
        if table in whole or ignored(table):
            continue
        columns = store.columns(table)
        # A mapped table's own primary key numbers its rows; it says nothing about a person.
        technical = set(store.primary_key(table)) if table in mapped_tables else set()
        left = tuple(
            column
            for column in columns
            if (table, column) not in pairs
            and column not in technical
            and not ignored(f"{table}.{column}")
        )
        if left:
            found.append(Undeclared(table, left, whole_table=table not in mapped_tables))
    return found


def source_chain(
    source: StoreSource,
    mapping: StoreMapping,
    first_columns: Sequence[str] = (),
    *,
    outer: bool = False,
    store: Store | None = None,
) -> tuple[Any, Any, Any]:
    """The FROM clause joining a source's tables, its first table and the subject link.

    Each table is aliased (t0, t1, …) so that a chain may pass through the same table twice,
    and declared with just the columns the statement uses; SQLAlchemy quotes every name.
    ``outer`` keeps rows whose chain breaks, for counting them. Each join compares as
    :meth:`Store.compared_as_text` says; :func:`subject_link` joins the last table to the
    subject table the same way. Without ``store`` the joins use the store's plain ``=``.
    """
    assert source.table is not None
    names = [source.table, *(hop.table for hop in source.via)]
    needed: list[list[str]] = [list(dict.fromkeys(first_columns))] + [[] for _ in source.via]
    for h, hop in enumerate(source.via):
        needed[h].append(hop.column)
        needed[h + 1].append(hop.key)
    link_name = subject_column(source, mapping)
    needed[-1].append(link_name)
    aliases = [
        sa.table(name, *(sa.column(c) for c in dict.fromkeys(columns))).alias(f"t{i}")
        for i, (name, columns) in enumerate(zip(names, needed, strict=True))
    ]
    joined: Any = aliases[0]
    for h, hop in enumerate(source.via):
        as_text = (
            store.compared_as_text(names[h], hop.column, hop.table, hop.key)
            if store is not None
            else (False, False)
        )
        condition = linked(aliases[h].c[hop.column], aliases[h + 1].c[hop.key], as_text)
        joined = joined.join(aliases[h + 1], condition, isouter=outer)
    return joined, aliases[0], aliases[-1].c[link_name]


def subject_link(store: Store, source: StoreSource, link: Any, key: Any) -> Any:
    """The condition joining a source's last table (its column ``link``) to the subject key."""
    last = source.tables[-1]
    subject = store.mapping.subject
    as_text = store.compared_as_text(
        last, subject_column(source, store.mapping), subject.table, subject.key
    )
    return linked(link, key, as_text)


def _orphans(store: Store) -> list[Orphans]:
    mapping = store.mapping
    subject = sa.table(mapping.subject.table, sa.column(mapping.subject.key)).alias("subject")
    key = subject.c[mapping.subject.key]
    found = []
    for source in mapping.sources:
        if source.query is not None or source.table == mapping.subject.table:
            continue
        joined, _first, link = source_chain(source, mapping, outer=True, store=store)
        statement = (
            sa.select(sa.func.count())
            .select_from(joined.outerjoin(subject, subject_link(store, source, link, key)))
            .where(key.is_(None))
        )
        count = int(store.execute(statement).scalar_one())
        if count:
            assert source.table is not None
            found.append(Orphans(source.category, source.table, count))
    return found


def _unreachable(store: Store) -> int:
    subject = store.mapping.subject
    table = sa.table(subject.table, *(sa.column(c) for c in subject.match_columns))
    empty = []
    for column in [*subject.email, *subject.phone, *subject.hetu]:
        col = table.c[column]
        empty.append(sa.or_(col.is_(None), sa.func.trim(col) == ""))
    if subject.name and subject.birth_date:
        empty.append(table.c[subject.birth_date].is_(None))
    if not empty:
        return 0
    statement = sa.select(sa.func.count()).select_from(table).where(sa.and_(*empty))
    return int(store.execute(statement).scalar_one())


def join_columns(mapping: StoreMapping) -> set[tuple[str, str]]:
    """The (table, column) pairs a request looks rows up by, which an index should lead."""
    # Rows are found from the subject's key backwards along the chain: the last table by its
    # subject column, then each earlier table by the column that points to the next one.
    links: set[tuple[str, str]] = set()
    for source in mapping.sources:
        if source.table is None:
            continue
        tables = source.tables
        for h, hop in enumerate(source.via):
            links.add((tables[h], hop.column))
        links.add((tables[-1], subject_column(source, mapping)))
    return links


def _unindexed(store: Store) -> list[str]:
    links = join_columns(store.mapping)
    found = []
    for table, column in sorted(links):
        if column not in store.indexed_first_columns(table):
            found.append(f"{table}.{column}")
    return found
