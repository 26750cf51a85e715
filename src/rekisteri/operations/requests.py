"""The request log: the data subjects' requests, their GDPR deadlines, and what was done.

The log is a SQLite file of its own beside the register (``register.requests.sqlite`` for
``register.toml``), never in the live store, which rekisteri only reads. It holds two tables in
one file:

``audit``
    The hash-chained trail of every event (:mod:`rekisteri.operations.audit`): a request received,
    extended, reviewed (the practitioner's decision on each category held for review before
    release, Tietosuojalaki § 34), answered with a bundle, closed. It is the record; nothing in
    it is ever updated or deleted.
``requests``
    The current state of each request, derived from the trail, so that listing 10,000 requests
    does not replay 30,000 events. ``rekisteri requests verify`` replays the trail and compares:
    an edit to either table is found.

Both change in one SQLite transaction taken before anything is read (``BEGIN IMMEDIATE``), so
two people adding requests at the same moment each get their own number and neither is lost.
Before every change the whole trail is verified; a log that was edited or damaged is reported
and left exactly as it is, never repaired or overwritten.

Deadlines follow GDPR Art. 12(3) as :mod:`rekisteri.operations.deadlines` counts them (one month,
moved to the next working day; up to two further months). They are computed when the event is
recorded and stored with it, so the trail shows the deadline that applied at the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import tomllib
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rekisteri.documents.i18n import format_date, translations
from rekisteri.errors import Input, Part, RekisteriError
from rekisteri.operations import audit
from rekisteri.operations.deadlines import (
    MAX_EXTENSION_MONTHS,
    RESPONSE_MONTHS,
    add_months,
    extended_deadline,
    response_deadline,
)
from rekisteri.output import csv_text
from rekisteri.redact import spreadsheet_cell
from rekisteri.register.vocabulary import Channel as Channel
from rekisteri.register.vocabulary import RequestType as RequestType

if TYPE_CHECKING:
    from rekisteri.access.bundle import AccessResult
    from rekisteri.access.review import ReviewDecision
    from rekisteri.register.model import Register

# "rkRQ": lets rekisteri tell its own log from any other SQLite file it is pointed at.
APPLICATION_ID = int.from_bytes(b"rkRQ", "big")
SCHEMA_VERSION = 1
LOG_SUFFIX = ".requests.sqlite"
BUSY_TIMEOUT = 30.0
"""Seconds a command waits for another one that is writing the log."""
DUE_SOON_DAYS = 7
GDPR_APPLIES = date(2018, 5, 25)
MAX_TEXT = 2000


BUNDLE_TYPES = (RequestType.ACCESS, RequestType.PORTABILITY)
"""Requests an access bundle answers."""


class Status(StrEnum):
    OPEN = "open"
    EXTENDED = "extended"
    DELIVERED = "delivered"
    CLOSED = "closed"


PENDING = (Status.OPEN, Status.EXTENDED)
"""Statuses whose deadline is still running."""


# --- one request -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """A request as the log holds it now."""

    id: int
    type: RequestType
    subject: str
    """Who made the request, as the operator wrote it (a name, an email address)."""
    channel: Channel | None
    received: date
    first_due: date
    """The Art. 12(3) deadline of one month, on a working day."""
    due: date
    """The deadline now: ``first_due``, or later after an extension."""
    status: Status
    extension_months: int = 0
    extension_reason: str | None = None
    told_on: date | None = None
    """When the person was told of the extension and its reasons."""
    delivered_on: date | None = None
    bundle: str | None = None
    manifest_sha256: str | None = None
    closed_on: date | None = None
    outcome: str | None = None
    events: int = 0
    """Entries of the audit trail about this request."""
    head: str = audit.GENESIS
    """Hash of the latest of those entries."""

    @property
    def ref(self) -> str:
        """The reference a bundle and a letter carry."""
        return f"R-{self.id}"

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    @property
    def answered_on(self) -> date | None:
        return self.delivered_on or self.closed_on

    def days_left(self, as_of: date) -> int | None:
        """Days until the deadline (negative when overdue); None once answered."""
        return (self.due - as_of).days if self.pending else None

    def overdue(self, as_of: date) -> bool:
        return self.pending and as_of > self.due

    def due_soon(self, as_of: date, soon: int = DUE_SOON_DAYS) -> bool:
        left = self.days_left(as_of)
        return left is not None and 0 <= left <= soon

    @property
    def late(self) -> bool | None:
        """Whether the answer came after the deadline; None while unanswered."""
        answered = self.answered_on
        return None if answered is None else answered > self.due

    def to_dict(self, as_of: date, soon: int = DUE_SOON_DAYS) -> dict[str, Any]:
        attention = (
            "overdue" if self.overdue(as_of) else "due_soon" if self.due_soon(as_of, soon) else None
        )
        return {
            "id": self.id,
            "ref": self.ref,
            "type": self.type.value,
            "article": self.type.article,
            "subject": self.subject,
            "channel": self.channel.value if self.channel else None,
            "received": self.received.isoformat(),
            "due": self.due.isoformat(),
            "first_due": self.first_due.isoformat(),
            "status": self.status.value,
            "attention": attention,
            "days_left": self.days_left(as_of),
            "extension_months": self.extension_months,
            "extension_reason": self.extension_reason,
            "told_on": _iso(self.told_on),
            "delivered_on": _iso(self.delivered_on),
            "bundle": self.bundle,
            "manifest_sha256": self.manifest_sha256,
            "closed_on": _iso(self.closed_on),
            "outcome": self.outcome,
            "late": self.late,
            "events": self.events,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- where the log is --------------------------------------------------------------------------


def log_path(register: Path, log: Path | None = None) -> Path:
    """The request log of ``register``: ``log`` when given, else the file beside it."""
    if log is not None:
        return log
    if not register.is_file():
        raise RekisteriError.naming(
            f"{register}: no such register file; the request log is kept beside the register "
            "(or give ",
            Input("log", "the log's path", placeholder="PATH"),
            ")",
        )
    return register.with_name(register.stem + LOG_SUFFIX)


def register_language(register: Path, lang: str | None = None) -> str:
    """``lang``, else the register's default language, read without validating the whole
    register.

    Listing requests must stay fast, and a register that does not validate today still has a
    language; a file that cannot be read at all falls back to Finnish. A ``lang`` the notice is
    not written in is refused, located at ``notice.languages``.
    """

    try:
        text = register.read_text(encoding="utf-8")
        notice = tomllib.loads(text).get("notice", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return lang or "fi"
    languages = notice.get("languages") if isinstance(notice, dict) else None
    if not (isinstance(languages, list) and all(isinstance(x, str) for x in languages)):
        languages = []
    if lang is not None:
        if languages and lang not in languages:
            # Only a refusal needs the key's line, and the register model's error for it.
            from rekisteri.register.languages import not_declared
            from rekisteri.register.tomlpos import locate

            line, column = locate(text).get(("notice", "languages"), (None, None))
            raise not_declared(str(register), languages, lang, line, column)
        return lang
    if isinstance(notice, dict):
        default = notice.get("default_language")
        if isinstance(default, str):
            return default
    return languages[0] if languages else "fi"


# --- the clock ---------------------------------------------------------------------------------


def now_utc() -> datetime:
    """The time events are recorded at; ``SOURCE_DATE_EPOCH`` pins it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def today() -> date:
    """Today in Finland, where the controller answers the requests."""
    return now_utc().astimezone(ZoneInfo("Europe/Helsinki")).date()


def _stamp() -> str:
    return now_utc().replace(microsecond=0).isoformat().replace("+00:00", "Z")


_FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


# The values the request commands take, where a message names them.
RECEIVED = Input("received", "the day received")
TOLD_ON = Input("told_on", "the day the person was told")


def parse_day(value: str | date, what: Part) -> date:
    """A date as people write it: 2025-03-14, or the Finnish 14.3.2025."""
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        finnish = _FINNISH_DATE.match(text)
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise RekisteriError.naming(
        what, f" '{value}' is not a date; write it as YYYY-MM-DD (2025-03-14) or 14.3.2025"
    )


def _received_date(value: str | date, now: date) -> date:
    received = parse_day(value, RECEIVED)
    if received > now:
        raise RekisteriError.naming(
            RECEIVED,
            f" {received.isoformat()} is in the future (today is {now.isoformat()}); "
            "give the day the request arrived",
        )
    if received < GDPR_APPLIES:
        raise RekisteriError.naming(
            RECEIVED,
            f" {received.isoformat()} is before 25 May 2018, when the GDPR and its "
            "deadlines began to apply",
        )
    return received


def _text(value: str, what: Input) -> str:
    text = " ".join(value.split())
    if not text:
        raise RekisteriError.naming(what, " is empty")
    if len(text) > MAX_TEXT:
        raise RekisteriError.naming(what, f" is longer than {MAX_TEXT} characters")
    return text


def _choice(value: str | StrEnum, kind: type[StrEnum], what: Input) -> Any:
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise RekisteriError.naming(what, f" '{value}' is not one of {allowed}") from None


# --- the database ------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    channel TEXT,
    received TEXT NOT NULL,
    first_due TEXT NOT NULL,
    due TEXT NOT NULL,
    status TEXT NOT NULL,
    extension_months INTEGER NOT NULL,
    extension_reason TEXT,
    told_on TEXT,
    delivered_on TEXT,
    bundle TEXT,
    manifest_sha256 TEXT,
    closed_on TEXT,
    outcome TEXT,
    events INTEGER NOT NULL,
    head TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
_REQUEST_COLUMNS = tuple(f.name for f in fields(Request))


def _damaged(path: Path, detail: str) -> RekisteriError:
    return RekisteriError(
        f"{path}: the request log is damaged or was edited: {detail}\n"
        "    hint: the file is left exactly as it is; restore it from a backup, and keep this "
        "copy as evidence"
    )


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    return conn


@dataclass
class NotARequestLog(RekisteriError):
    """The file given as the request log is some other SQLite database; it is left untouched."""

    path: Path | None = None


@dataclass
class NoRequestLog(RekisteriError):
    """The request log does not exist yet: a request must be recorded before anything else.

    The message says so in domain terms; a front end adds how its user records one."""

    path: Path | None = None


def _check_format(conn: sqlite3.Connection, path: Path) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise NotARequestLog(
            f"{path}: this SQLite file is not a rekisteri request log; it is left untouched\n"
            "    hint: keep the log in another file, or move this one away",
            path=path,
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        raise RekisteriError(
            f"{path}: the request log has format version {version}; this rekisteri reads "
            f"version {SCHEMA_VERSION}"
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = {"audit", "requests", "meta"} - tables
    if missing:
        raise _damaged(path, f"the table{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(sorted(missing))} {'are' if len(missing) > 1 else 'is'} "
                       "missing")  # fmt: skip


def _initialise(conn: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the transaction we are in.
    for statement in (_SCHEMA + audit.SCHEMA).split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('head', ?)", (_head_text(0, audit.GENESIS),)
    )


def _head_text(seq: int, digest: str) -> str:
    return f"{seq}:{digest}"


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the log; None when there is no log yet."""
    if not path.exists():
        yield None
        return
    if path.is_dir():
        raise RekisteriError(f"{path}: is a folder, not a request log")
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise _damaged(path, str(exc)) from None
    try:
        try:
            _check_format(conn, path)
        except sqlite3.DatabaseError as exc:
            raise _damaged(path, str(exc)) from None
        yield conn
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    finally:
        conn.close()


@dataclass
class _Writer:
    """A write transaction on a verified log, with the state its trail replays to.

    After a whole verification ``state`` holds every request's row, the replay of its trail.
    After one from the checkpoint (see :func:`_verified_for_writing`) it is ``lazy``: a
    request's row is read from the requests table when the request is first used, and replayed
    from its own entries and compared with them before it is used.
    """

    conn: sqlite3.Connection
    state: dict[int, _Row]
    path: Path
    lazy: bool = False
    last_id: int = 0
    """The highest request number the trail (and the table) knows."""
    checked: set[int] = field(default_factory=set)

    def request(self, request_id: int) -> Request | None:
        self._check(request_id)
        row = self.state.get(request_id)
        return None if row is None else _from_row(_as_tuple(row))

    def latest(self, count: int) -> list[int]:
        if not self.lazy:
            return sorted(self.state)[-count:]
        rows = self.conn.execute("SELECT id FROM requests ORDER BY id DESC LIMIT ?", (count,))
        return sorted(row[0] for row in rows)

    def _check(self, request_id: int) -> None:
        if not self.lazy or request_id in self.checked:
            return
        self.checked.add(request_id)
        columns = ", ".join(_REQUEST_COLUMNS)
        found = audit.read_table(
            self.conn, f"SELECT {columns} FROM requests WHERE id = {int(request_id)}"
        )
        row = dict(zip(_REQUEST_COLUMNS, found[0], strict=True)) if found else None
        problem = _replay_one(self.conn, request_id, row)
        if problem:
            raise _damaged(self.path, problem)
        if row is not None:
            self.state[request_id] = row

    def record(self, request_id: int, event: str, data: Mapping[str, Any]) -> Request:
        self._check(request_id)
        entry = audit.append(
            self.conn, recorded_at=_stamp(), request_id=request_id, event=event, data=data
        )
        problem = _apply(self.state, entry)
        if problem:
            # Only a bug in rekisteri gets here: the event was built from the state itself.
            raise RuntimeError(problem)
        self.last_id = max(self.last_id, request_id)
        row = _as_tuple(self.state[request_id])
        self.conn.execute(
            f"INSERT OR REPLACE INTO requests ({', '.join(_REQUEST_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _REQUEST_COLUMNS)})",
            row,
        )
        self.conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'head'", (_head_text(entry.seq, entry.hash),)
        )
        return _from_row(row)


@contextlib.contextmanager
def _writing(path: Path, *, create: bool = False) -> Iterator[_Writer]:
    """An exclusive write transaction on the verified log; committed when the block ends."""
    if not path.exists():
        if not create:
            raise NoRequestLog(
                f"{path}: there is no request log yet; record a request first", path=path
            )
        _create_private(path)
    if path.is_dir():
        raise RekisteriError(f"{path}: is a folder, not a request log")
    try:
        conn = _connect(path, read_only=False)
    except sqlite3.Error as exc:
        raise RekisteriError(f"{path}: cannot open the request log: {exc}") from None
    try:
        try:
            # IMMEDIATE takes the write lock before anything is read, so two writers never
            # both read the same head and append the same entry number.
            conn.execute("BEGIN IMMEDIATE")
            if _is_blank(conn):
                _initialise(conn)
            _check_format(conn, path)
            writer = _verified_for_writing(conn, path)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise RekisteriError(
                    f"{path}: another rekisteri command kept the request log locked for "
                    f"{BUSY_TIMEOUT:g} s; try again"
                ) from None
            raise _damaged(path, str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise _damaged(path, str(exc)) from None
        try:
            yield writer
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _create_private(path: Path) -> None:
    """Create the empty log file readable by its owner only: it names people."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it a moment ago; its transaction decides
    except OSError as exc:
        raise RekisteriError(f"{path}: cannot create the request log: {exc.strerror}") from None
    os.close(fd)


def _is_blank(conn: sqlite3.Connection) -> bool:
    """A file with no tables and no application id: one this command (or a twin) just made."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return bool(application_id == 0 and objects == 0)


# --- replaying the trail -----------------------------------------------------------------------


_Row = dict[str, Any]
"""A request as the requests table stores it: ISO dates, enum values, NULLs as None."""


def _iso_day(value: Any) -> str:
    if not isinstance(value, str) or date.fromisoformat(value).isoformat() != value:
        raise ValueError(value)
    return value


def _apply(state: dict[int, _Row], entry: audit.Entry) -> str | None:
    """Apply one event to the state; the reason it cannot follow the earlier ones, if any.

    The state holds the rows the requests table should hold, so replaying a long trail builds
    no objects and comparing it with the table compares plain values.
    """
    try:
        data = entry.details()
        current = state.get(entry.request_id)
        if entry.event == "received":
            if current is not None:
                return f"{entry.describe()} receives request {entry.request_id} a second time"
            channel = data["channel"]
            state[entry.request_id] = {
                "id": entry.request_id,
                "type": RequestType(data["type"]).value,
                "subject": str(data["subject"]),
                "channel": Channel(channel).value if channel is not None else None,
                "received": _iso_day(data["received"]),
                "first_due": _iso_day(data["due"]),
                "due": _iso_day(data["due"]),
                "status": Status.OPEN.value,
                "extension_months": 0,
                "extension_reason": None,
                "told_on": None,
                "delivered_on": None,
                "bundle": None,
                "manifest_sha256": None,
                "closed_on": None,
                "outcome": None,
                "events": 1,
                "head": entry.hash,
            }
            return None
        if current is None:
            return f"{entry.describe()} is about a request that was never received"
        if current["status"] == Status.CLOSED:
            return f"{entry.describe()} follows the closing of the request"
        if entry.event == "extended":
            if current["status"] not in PENDING:
                return f"{entry.describe()} extends a request that was already answered"
            changes = {
                "status": Status.EXTENDED.value,
                "due": _iso_day(data["due"]),
                "extension_months": int(data["months"]),
                "extension_reason": str(data["reason"]),
                "told_on": _iso_day(data["told_on"]),
            }
        elif entry.event == "delivered":
            changes = {
                "status": Status.DELIVERED.value,
                "delivered_on": _iso_day(data["on"]),
                "bundle": str(data["bundle"]),
                "manifest_sha256": str(data["manifest_sha256"]),
            }
        elif entry.event == "closed":
            changes = {
                "status": Status.CLOSED.value,
                "closed_on": _iso_day(data["on"]),
                "outcome": str(data["outcome"]),
            }
        elif entry.event == "reviewed":
            if not _decisions_valid(data["decisions"]):
                return f"{entry.describe()} holds data rekisteri did not write"
            # The decisions live in the trail only; the request's row keeps its status.
            changes = {}
        else:
            return f"{entry.describe()} is an event rekisteri does not know"
    except (KeyError, ValueError, TypeError):
        return f"{entry.describe()} holds data rekisteri did not write"
    current.update(changes, events=current["events"] + 1, head=entry.hash)
    return None


def _decisions_valid(decisions: Any) -> bool:
    """Whether a "reviewed" event's decisions are as rekisteri records them: each a category,
    released or withheld, and a withheld one with its reason and ground."""
    if not isinstance(decisions, list) or not decisions:
        return False
    for decision in decisions:
        if not isinstance(decision, dict) or set(decision) != _DECISION_KEYS:
            return False
        if not isinstance(decision["category"], str) or not decision["category"]:
            return False
        released = decision["released"]
        if not isinstance(released, bool):
            return False
        if not released and not all(
            isinstance(decision[key], str) and decision[key] for key in ("reason", "ground")
        ):
            return False
    return True


_DECISION_KEYS = {"category", "released", "reason", "ground"}


def _as_tuple(row: _Row) -> tuple[Any, ...]:
    return tuple(row[name] for name in _REQUEST_COLUMNS)


_TYPES = {member.value: member for member in RequestType}
_CHANNELS = {member.value: member for member in Channel}
_STATUSES = {member.value: member for member in Status}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _from_row(row: Sequence[Any]) -> Request:
    """A request from its row; a value rekisteri did not write raises ValueError."""
    (id_, kind, subject, channel, received, first_due, due, status, months, reason, told_on,
     delivered_on, bundle, manifest, closed_on, outcome, events, head) = row  # fmt: skip
    try:
        return Request(
            int(id_),
            _TYPES[kind],
            str(subject),
            _CHANNELS[channel] if channel else None,
            date.fromisoformat(received),
            date.fromisoformat(first_due),
            date.fromisoformat(due),
            _STATUSES[status],
            int(months),
            reason,
            _day(told_on),
            _day(delivered_on),
            bundle,
            manifest,
            _day(closed_on),
            outcome,
            int(events),
            str(head),
        )
    except KeyError as exc:
        raise ValueError(f"unknown value {exc}") from None


@dataclass(frozen=True)
class Verification:
    """What replaying the trail against the table found."""

    entries: int
    head: tuple[int, str]
    state: dict[int, _Row]
    problem: str | None
    first_bad: int | None = None
    """Number of the first bad audit entry, when the trail itself is broken."""


def _verify(conn: sqlite3.Connection) -> Verification:
    chain = audit.verify_chain(audit.read_rows(conn))
    state: dict[int, _Row] = {}
    for entry in chain.entries:
        problem = _apply(state, entry)
        if problem:
            return Verification(len(chain.entries), chain.head, state, problem, entry.seq)
    if chain.first_bad is not None:
        return Verification(
            len(chain.entries), chain.head, state, chain.first_bad.problem, chain.first_bad.seq
        )
    problem = (
        _compare_table(conn, state) or _compare_head(conn, chain.head) or _compare_checkpoint(conn)
    )
    return Verification(len(chain.entries), chain.head, state, problem)


def _compare_table(conn: sqlite3.Connection, state: dict[int, _Row]) -> str | None:
    """The first request whose row disagrees with what its trail says, described."""
    rows = audit.read_table(conn, f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM requests ORDER BY id")
    seen: set[Any] = set()
    for row in rows:
        request_id = row[0]
        seen.add(request_id)
        replayed = state.get(request_id) if isinstance(request_id, int) else None
        problem = _row_problem(request_id, tuple(row), replayed)
        if problem:
            return problem
    for request_id in sorted(set(state) - seen):
        return _row_problem(request_id, None, state[request_id])
    return None


def _row_problem(request_id: Any, row: tuple[Any, ...] | None, replayed: _Row | None) -> str | None:
    """How a request's row in the table (None: there is none) disagrees with the replay of its
    trail (None: the trail has no such request), described; None when they agree."""
    if row is None and replayed is None:
        return None
    if replayed is None:
        return (
            f"request {request_id} is in the requests table but not in the audit trail: "
            "it was added by hand, or its entries were removed"
        )
    if row is None:
        return f"request {request_id} is in the audit trail but missing from the requests table"
    expected = _as_tuple(replayed)
    if row == expected:
        return None
    changed = [
        name
        for name, stored, wanted in zip(_REQUEST_COLUMNS, row, expected, strict=True)
        if stored != wanted
    ]
    events = row[_REQUEST_COLUMNS.index("events")]
    how = (
        "entries about it were removed from the end of the trail"
        if isinstance(events, int) and events > replayed["events"]
        else "the table was edited"
    )
    return (
        f"request {request_id} in the requests table does not match its audit trail "
        f"({', '.join(changed)} differ{'s' if len(changed) == 1 else ''}): {how}"
    )


def _compare_head(conn: sqlite3.Connection, head: tuple[int, str]) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
    recorded = row[0] if row else None
    if recorded == _head_text(*head):
        return None
    seq, _, _digest = str(recorded).partition(":")
    if seq.isdigit() and int(seq) > head[0]:
        return (
            f"the trail ends at entry {head[0]}, but entry {seq} was the last one written: "
            f"entr{'y' if int(seq) == head[0] + 1 else 'ies'} {head[0] + 1}"
            f"{'' if int(seq) == head[0] + 1 else f' to {seq}'} were removed from its end"
        )
    return f"the log's record of its last entry ({recorded}) does not match the trail"


CHECK_EVERY = 1000
"""Entries: a write verifies the trail from the last checkpoint, a multiple of this, and the
whole trail again once that many entries have come since (and `verify` always the whole)."""


def _verified_for_writing(conn: sqlite3.Connection, path: Path) -> _Writer:
    """The writer on a log verified up to its head.

    A log of fewer than :data:`CHECK_EVERY` entries since its checkpoint is verified from the
    checkpoint (the hash of entry N × CHECK_EVERY, kept in ``meta`` when the whole trail last
    verified): every entry after it, its link to the checkpoint, the head, and, when a request
    is used, that request's own entries replayed against its row. Otherwise the whole trail is
    replayed and compared with the table, and the checkpoint moves on. So a write onto a log of
    10,000 requests reads a thousand entries, not twenty thousand, and no edit goes unseen for
    longer than CHECK_EVERY entries, or past the next `requests verify`.
    """
    head_seq, head_hash = audit.head(conn)
    checkpoint = _checkpoint(conn)
    if checkpoint is not None and head_seq - checkpoint[0] < CHECK_EVERY:
        problem = _verify_since(conn, checkpoint, (head_seq, head_hash))
        if problem:
            raise _damaged(path, problem)
        in_table = conn.execute("SELECT max(id) FROM requests").fetchone()[0]
        in_trail = conn.execute("SELECT max(request_id) FROM audit").fetchone()[0]
        if in_table != in_trail:
            raise _damaged(
                path,
                f"the requests table ends at request {in_table or 0}, the audit trail at "
                f"request {in_trail or 0}",
            )
        return _Writer(conn, {}, path, lazy=True, last_id=int(in_trail or 0))
    result = _verify(conn)
    if result.problem:
        raise _damaged(path, result.problem)
    seq = result.head[0] - result.head[0] % CHECK_EVERY
    if seq and (checkpoint is None or checkpoint[0] != seq):
        digest = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()[0]
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('checkpoint', ?)",
            (_head_text(seq, digest),),
        )
    return _Writer(conn, result.state, path, last_id=max(result.state, default=0))


def _checkpoint(conn: sqlite3.Connection) -> tuple[int, str] | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'checkpoint'").fetchone()
    if row is None:
        return None
    seq, _, digest = str(row[0]).partition(":")
    # A checkpoint not of rekisteri's making sends the write to a whole verification.
    if not seq.isdigit() or int(seq) == 0 or int(seq) % CHECK_EVERY:
        return None
    return int(seq), digest


def _compare_checkpoint(conn: sqlite3.Connection) -> str | None:
    """The checkpoint must name an entry of the trail by its hash (a whole verification)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'checkpoint'").fetchone()
    if row is None:
        return None
    checkpoint = _checkpoint(conn)
    if checkpoint is None or not _names_its_entry(conn, checkpoint):
        return f"the log's checkpoint ({row[0]}) does not match the trail: it was edited"
    return None


def _names_its_entry(conn: sqlite3.Connection, checkpoint: tuple[int, str]) -> bool:
    stored = conn.execute("SELECT hash FROM audit WHERE seq = ?", (checkpoint[0],)).fetchone()
    return stored is not None and stored[0] == checkpoint[1]


def _verify_since(
    conn: sqlite3.Connection, checkpoint: tuple[int, str], head: tuple[int, str]
) -> str | None:
    """What is wrong with the trail after the checkpoint, or with the checkpoint itself."""
    seq, digest = checkpoint
    if not _names_its_entry(conn, checkpoint):
        return (
            f"entry {seq} is not the entry the last whole verification found there: it or the "
            "log's checkpoint was changed"
        )
    verifier = audit.ChainVerifier()
    verifier.position, verifier.prev_hash = seq, digest
    rows = audit.read_table(
        conn, f"SELECT {', '.join(audit.COLUMNS)} FROM audit WHERE seq > {seq} ORDER BY seq"
    )
    last = (seq, digest)
    for row in rows:
        found = verifier.feed(row)
        if isinstance(found, audit.BadEntry):
            return found.problem
        last = (found.seq, found.hash)
    if last != head:
        return f"the trail's last entry {head[0]} is not where its entries lead"
    return _compare_head(conn, last)


def _replay_one(conn: sqlite3.Connection, request_id: int, row: _Row | None) -> str | None:
    """Replay one request's entries, each checked against its hash and its link to the entry
    before it, and compare the result with the request's row (None: the table has none)."""
    entries = audit.read_table(
        conn,
        f"SELECT {', '.join(audit.COLUMNS)} FROM audit WHERE request_id = {int(request_id)} "
        "ORDER BY seq",
    )
    state: dict[int, _Row] = {}
    for raw in entries:
        seq = raw[0]
        before = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq - 1,)).fetchone()
        checker = audit.ChainVerifier()
        checker.position = seq - 1
        checker.prev_hash = audit.GENESIS if seq == 1 else (before[0] if before else "")
        found = checker.feed(raw)
        if isinstance(found, audit.BadEntry):
            return found.problem
        problem = _apply(state, found)
        if problem:
            return problem
    stored = tuple(row[name] for name in _REQUEST_COLUMNS) if row is not None else None
    return _row_problem(request_id, stored, state.get(request_id))


# --- commands ----------------------------------------------------------------------------------


def add_request(
    log: Path,
    *,
    type: str | RequestType,
    subject: str,
    received: str | date,
    channel: str | Channel | None = None,
    now: date | None = None,
) -> Request:
    """Record a request received on ``received``; its deadline is one month (Art. 12(3))."""
    current = now or today()
    kind = _choice(type, RequestType, Input("type", "the type"))
    how = None if channel is None else _choice(channel, Channel, Input("channel", "the channel"))
    day = _received_date(received, current)
    who = _text(subject, Input("subject", "the subject"))
    deadline = response_deadline(day)
    with _writing(log, create=True) as writer:
        request_id = writer.last_id + 1
        return writer.record(
            request_id,
            "received",
            {
                "type": kind.value,
                "subject": who,
                "channel": how.value if how else None,
                "received": day.isoformat(),
                "due": deadline.due.isoformat(),
            },
        )


def _pending(writer: _Writer, request_id: int, log: Path) -> Request:
    request = writer.request(request_id)
    if request is None:
        known = ", ".join(str(i) for i in writer.latest(5))
        raise RekisteriError(
            f"{log}: there is no request {request_id}"
            + (f" (the latest are {known})" if known else "")
        )
    return request


def extend_request(
    log: Path,
    request_id: int,
    *,
    reason: str,
    months: int = 2,
    told_on: str | date | None = None,
    now: date | None = None,
) -> Request:
    """Extend the deadline by further months (two at most in all), Art. 12(3).

    The person must be told of the extension and its reasons within the first month; the log
    records the day they were told (today unless given), which must fall within that month.
    """
    current = now or today()
    why = _text(reason, Input("reason", "the reason"))
    told = parse_day(told_on, TOLD_ON) if told_on is not None else current
    if told > current:
        raise RekisteriError.naming(TOLD_ON, f" {told.isoformat()} is in the future")
    with _writing(log) as writer:
        request = _pending(writer, request_id, log)
        if not request.pending:
            raise RekisteriError(
                f"request {request_id} is {request.status.value}; only an open request can be "
                "extended"
            )
        total = request.extension_months + months
        if months < 1 or total > MAX_EXTENSION_MONTHS:
            left = MAX_EXTENSION_MONTHS - request.extension_months
            raise RekisteriError(
                f"Art. 12(3) allows two further months in all; request {request_id} can be "
                f"extended by {left} more month{'s' if left != 1 else ''}"
                if left
                else f"request {request_id} was already extended by two months, the most "
                "Art. 12(3) allows"
            )
        if told < request.received or told > request.first_due:
            raise RekisteriError.naming(
                f"the person must be told of an extension within one month of receipt, by "
                f"{request.first_due.isoformat()} (Art. 12(3)); ",
                TOLD_ON,
                f" {told.isoformat()} is outside that month",
            )
        deadline = extended_deadline(request.received, total)
        return writer.record(
            request_id,
            "extended",
            {
                "months": total,
                "reason": why,
                "told_on": told.isoformat(),
                "due": deadline.due.isoformat(),
            },
        )


def close_request(log: Path, request_id: int, *, outcome: str, now: date | None = None) -> Request:
    """Close a request, recording what was done (answered, refused with reasons, …)."""
    what = _text(outcome, Input("outcome", "the outcome"))
    current = now or today()
    with _writing(log) as writer:
        request = _pending(writer, request_id, log)
        if request.status is Status.CLOSED:
            raise RekisteriError(f"request {request_id} is already closed")
        return writer.record(request_id, "closed", {"on": current.isoformat(), "outcome": what})


def record_delivery(
    log: Path,
    request_id: int,
    *,
    bundle: Path,
    manifest_sha256: str,
    decisions: Sequence[ReviewDecision] = (),
    now: date | None = None,
) -> Request:
    """Record that a bundle answered the request, with its manifest's SHA-256; first, in the
    same transaction, the review decisions it was made with (Tietosuojalaki § 34), if any."""
    current = now or today()
    with _writing(log) as writer:
        request = _pending(writer, request_id, log)
        _check_deliverable(request)
        if decisions:
            writer.record(request.id, "reviewed", {"decisions": [d.to_dict() for d in decisions]})
        return writer.record(
            request.id,
            "delivered",
            {
                "on": current.isoformat(),
                "bundle": str(bundle),
                "manifest_sha256": manifest_sha256,
            },
        )


def _check_deliverable(request: Request) -> None:
    if request.type not in BUNDLE_TYPES:
        raise RekisteriError(
            f"request {request.id} is a request for {request.type.value}; an access bundle "
            "answers access and portability requests"
        )
    if request.status is Status.CLOSED:
        raise RekisteriError(f"request {request.id} is closed; no bundle can be linked to it")


def answer_request(
    register: Register,
    log: Path,
    request_id: int,
    write: Callable[[str], AccessResult],
    *,
    now: date | None = None,
) -> tuple[AccessResult, Request]:
    """Write an access bundle for a logged request and record its delivery.

    ``write`` writes the bundle given the request's reference (the CLI passes
    :func:`rekisteri.access.bundle.write_access_bundle` with its options). The request is checked
    before the bundle is written, so no bundle is made for a request that cannot take it. The
    review decisions the bundle was made with (``AccessResult.decisions``) are recorded in the
    trail with its delivery.
    """
    found = deliverable_request(log, request_id)
    result = write(found.ref)
    digest = manifest_digest(result.path)
    try:
        request = record_delivery(
            log,
            request_id,
            bundle=result.path.resolve(),
            manifest_sha256=digest,
            decisions=result.decisions,
            now=now,
        )
    except RekisteriError as exc:
        raise RekisteriError(
            f"the bundle {result.path} was written (manifest SHA-256 {digest}), but its "
            f"delivery could not be recorded:\n{exc}"
        ) from None
    return result, request


def deliverable_request(log: Path, request_id: int) -> Request:
    """The logged request ``request_id``, if an access bundle can answer it."""
    with _reading(log) as conn:
        if conn is None:
            raise NoRequestLog(
                f"{log}: there is no request log yet; record the request first", path=log
            )
        rows = conn.execute(
            f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM requests WHERE id = ?", (request_id,)
        ).fetchall()
    if not rows:
        raise RekisteriError(f"{log}: there is no request {request_id}")
    found = _from_row(rows[0])
    _check_deliverable(found)
    return found


def recorded_decisions(log: Path, request_id: int) -> list[dict[str, Any]]:
    """The review decisions the trail records for the request, oldest first: for each held
    category, whether it was released, and a withheld one's reason and ground.

    Read from the trail as stored; ``verify_log`` checks that it is intact.
    """
    with _reading(log) as conn:
        if conn is None:
            return []
        rows = conn.execute(
            "SELECT data FROM audit WHERE request_id = ? AND event = 'reviewed' ORDER BY seq",
            (request_id,),
        ).fetchall()
    try:
        return [dict(d) for (text,) in rows for d in json.loads(text)["decisions"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(
            log, f"a review entry of request {request_id} is unreadable ({exc})"
        ) from None


def manifest_digest(bundle: Path) -> str:
    """The SHA-256 of a bundle's manifest.json: for a folder or an unencrypted zip, the file's;
    for an encrypted zip, that of the zip itself, which is what the person receives."""
    if bundle.is_dir():
        return hashlib.sha256((bundle / "manifest.json").read_bytes()).hexdigest()
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            if info.filename.endswith("/manifest.json") and not info.flag_bits & 0x1:
                return hashlib.sha256(archive.read(info)).hexdigest()
    return hashlib.sha256(bundle.read_bytes()).hexdigest()


def list_requests(log: Path, *, include_closed: bool = False) -> list[Request]:
    """The requests in the log, by deadline; closed ones only with ``include_closed``.

    Reads the requests table only, without verifying the trail, so it stays fast on a long log;
    ``verify_log`` and every change verify it.
    """
    with _reading(log) as conn:
        if conn is None:
            return []
        where = "" if include_closed else "WHERE status != 'closed'"
        try:
            rows = conn.execute(
                f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM requests {where} ORDER BY due, id"
            ).fetchall()
            return [_from_row(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise _damaged(log, f"a row of the requests table is unreadable ({exc})") from None


@dataclass(frozen=True)
class LogReport:
    """What ``rekisteri requests verify`` found."""

    log: Path
    entries: int
    requests: int
    head_seq: int
    head: str
    problem: str | None
    first_bad: int | None = None
    anchor: str | None = None
    anchor_found: bool | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.anchor_found is not False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["log"] = str(self.log)
        data["ok"] = self.ok
        return data


def verify_log(log: Path, *, anchor: str | None = None) -> LogReport:
    """Replay the trail, check every hash and link, and compare with the requests table.

    ``anchor`` is a head hash written down earlier: the entry with that hash must still be in
    the trail, unchanged, or history before it was rewritten.
    """
    with _reading(log) as conn:
        if conn is None:
            raise RekisteriError(f"{log}: there is no request log")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _damaged(log, f"SQLite reports {check}")
        result = _verify(conn)
        anchor_found = None
        if anchor is not None:
            wanted = anchor.strip().lower()
            anchor_found = any(
                row[0] == wanted
                for row in conn.execute("SELECT hash FROM audit WHERE hash = ?", (wanted,))
            )
            # An anchor found after the first bad entry proves nothing.
            if anchor_found and result.first_bad is not None:
                position = conn.execute(
                    "SELECT seq FROM audit WHERE hash = ?", (wanted,)
                ).fetchone()[0]
                anchor_found = position < result.first_bad
    seq, digest = result.head
    return LogReport(
        log=log,
        entries=result.entries,
        requests=len(result.state),
        head_seq=seq,
        head=digest,
        problem=result.problem,
        first_bad=result.first_bad,
        anchor=anchor,
        anchor_found=anchor_found,
    )


# --- output ------------------------------------------------------------------------------------


def requests_json(requests: Sequence[Request], as_of: date, soon: int = DUE_SOON_DAYS) -> str:
    return json.dumps(
        [request.to_dict(as_of, soon) for request in requests], ensure_ascii=False, indent=2
    )


def requests_csv(requests: Sequence[Request], as_of: date) -> str:
    """One row per request, every field, for a spreadsheet or the bookkeeping.

    Text a spreadsheet would run as a formula (a subject written ``=HYPERLINK(…)``) is written
    as text; the JSON export keeps it as recorded.
    """
    columns = list(Request(0, RequestType.ACCESS, "", None, as_of, as_of, as_of,
                           Status.OPEN).to_dict(as_of))  # fmt: skip
    rows = ([_csv_cell(row.get(key)) for key in columns] for row in
            (request.to_dict(as_of) for request in requests))  # fmt: skip
    return csv_text([columns, *rows])


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_cell(value)
    return value


@dataclass(frozen=True)
class Line:
    """One line of text output and how to highlight it on a terminal."""

    text: str
    style: str | None = None
    """'overdue', 'soon', 'heading' or None."""


class Phrases:
    """The fixed phrases of the request commands in one language (gettext domain "running")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        catalog = translations(lang, "running")
        self.gettext = catalog.gettext
        self.ngettext = catalog.ngettext

    def day(self, value: date) -> str:
        return _format_day(value, self.lang)

    def type_label(self, kind: RequestType) -> str:
        _ = self.gettext
        labels = {
            RequestType.ACCESS: _("access (Art. 15)"),
            RequestType.PORTABILITY: _("portability (Art. 20)"),
            RequestType.ERASURE: _("erasure (Art. 17)"),
            RequestType.RECTIFICATION: _("rectification (Art. 16)"),
            RequestType.RESTRICTION: _("restriction (Art. 18)"),
            RequestType.OBJECTION: _("objection (Art. 21)"),
        }
        return labels[kind]

    def status_label(self, request: Request, as_of: date, soon: int) -> str:
        _, ngettext = self.gettext, self.ngettext
        left = request.days_left(as_of)
        if left is not None and left < 0:
            return ngettext("overdue by %(days)d day", "overdue by %(days)d days", -left) % {
                "days": -left
            }
        if left == 0:
            return _("due today")
        if left is not None and left <= soon:
            return ngettext("due in %(days)d day", "due in %(days)d days", left) % {"days": left}
        return {
            Status.OPEN: _("open"),
            Status.EXTENDED: _("extended"),
            Status.DELIVERED: _("delivered"),
            Status.CLOSED: _("closed"),
        }[request.status]


@cache
def _format_day(value: date, lang: str) -> str:
    # Cached: a long list repeats the same few hundred days, and Babel's formatting is slow.
    return format_date(value, lang)


def listing_lines(
    requests: Sequence[Request], as_of: date, lang: str, *, soon: int = DUE_SOON_DAYS
) -> list[Line]:
    """The request list as aligned columns, overdue and due-soon lines marked for colour."""
    phrases = Phrases(lang)
    _ = phrases.gettext
    if not requests:
        return [Line(_("No open requests."))]
    header = (_("ID"), _("Type"), _("Received"), _("Due"), _("Status"), _("Subject"))
    rows = [
        (
            str(r.id),
            phrases.type_label(r.type),
            phrases.day(r.received),
            phrases.day(r.due),
            phrases.status_label(r, as_of, soon),
            r.subject,
        )
        for r in requests
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]

    def aligned(cells: Sequence[str]) -> str:
        first = cells[0].rjust(widths[0])
        middle = [cell.ljust(width) for cell, width in zip(cells[1:-1], widths[1:], strict=True)]
        return "  ".join([first, *middle, cells[-1]]).rstrip()

    lines = [Line(aligned(header), "heading")]
    overdue = due_soon = 0
    for request, row in zip(requests, rows, strict=True):
        style = None
        if request.overdue(as_of):
            style, overdue = "overdue", overdue + 1
        elif request.due_soon(as_of, soon):
            style, due_soon = "soon", due_soon + 1
        lines.append(Line(aligned(row), style))
    ngettext = phrases.ngettext
    summary = [
        ngettext("%(count)d request", "%(count)d requests", len(requests))
        % {"count": len(requests)},
        ngettext("%(count)d overdue", "%(count)d overdue", overdue) % {"count": overdue},
        ngettext("%(count)d due within %(days)d day", "%(count)d due within %(days)d days", soon)
        % {"count": due_soon, "days": soon},
    ]
    lines.append(Line(""))
    lines.append(Line(", ".join(summary), "overdue" if overdue else None))
    return lines


def describe_change(request: Request, lang: str) -> str:
    """One sentence confirming what a command did to a request."""
    phrases = Phrases(lang)
    _ = phrases.gettext
    values = {
        "id": request.id,
        "type": phrases.type_label(request.type),
        "received": phrases.day(request.received),
        "due": phrases.day(request.due),
    }
    if request.status is Status.OPEN:
        text = _("Request %(id)d recorded: %(type)s, received %(received)s, answer due %(due)s.")
        nominal = add_months(request.received, RESPONSE_MONTHS + request.extension_months)
        if nominal != request.due:
            text += " " + _("(%(nominal)s is not a working day.)") % {
                "nominal": phrases.day(nominal)
            }
        return text % values
    if request.status is Status.EXTENDED:
        assert request.told_on is not None
        months = request.extension_months
        return phrases.ngettext(
            "Request %(id)d extended by %(months)d month in all: answer due %(due)s. "
            "The person was told on %(told)s.",
            "Request %(id)d extended by %(months)d months in all: answer due %(due)s. "
            "The person was told on %(told)s.",
            months,
        ) % {**values, "months": months, "told": phrases.day(request.told_on)}
    if request.status is Status.DELIVERED:
        assert request.delivered_on is not None
        return _("Request %(id)d answered with %(bundle)s on %(on)s; manifest SHA-256 %(sha)s.") % {
            **values,
            "bundle": request.bundle,
            "on": phrases.day(request.delivered_on),
            "sha": request.manifest_sha256,
        }
    assert request.closed_on is not None
    text = _("Request %(id)d closed on %(on)s: %(outcome)s") % {
        **values,
        "on": phrases.day(request.closed_on),
        "outcome": request.outcome,
    }
    answered = request.answered_on
    if answered is not None and answered > request.due:
        late = (answered - request.due).days
        text += " " + phrases.ngettext(
            "(answered %(days)d day after the deadline)",
            "(answered %(days)d days after the deadline)",
            late,
        ) % {"days": late}
    return text


def describe_verification(report: LogReport, lang: str) -> str:
    """The result of ``verify`` as sentences."""
    phrases = Phrases(lang)
    _ = phrases.gettext
    values = {
        "log": str(report.log),
        "entries": report.entries,
        "requests": report.requests,
        "seq": report.head_seq,
        "head": report.head,
    }
    lines = []
    if report.problem is None:
        lines.append(
            _("%(log)s is intact: %(entries)d audit entries about %(requests)d requests.") % values
        )
    else:
        lines.append(_("%(log)s has been changed or damaged:") % values)
        lines.append(f"  {report.problem}")
    if report.anchor is not None:
        if report.anchor_found:
            lines.append(_("The anchored entry %(anchor)s is in the trail.") % {
                "anchor": report.anchor})  # fmt: skip
        else:
            lines.append(
                _("The anchored entry %(anchor)s is not in the trail: its history was rewritten.")
                % {"anchor": report.anchor}
            )
    lines.append(
        _("Head: entry %(seq)d, SHA-256 %(head)s (write it down to anchor later checks).") % values
    )
    return "\n".join(lines)
