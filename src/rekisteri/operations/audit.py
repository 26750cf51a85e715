"""A tamper-evident audit trail: an append-only, hash-chained list of events.

Each entry carries the SHA-256 of the entry before it and its own SHA-256 over everything it
holds (its number, time, request, event, data and that link), so changing a byte of any entry,
removing one, inserting one or changing their order breaks the chain at a point that
:func:`verify_chain` names. The first entry links to :data:`GENESIS`.

A hash chain without a secret proves that history was not edited *partly*: someone who rewrites
the whole chain after a point can recompute every hash. That is why the head (the last entry's
hash) is worth writing down elsewhere now and then, e.g. in the bookkeeping: an entry with that
hash must still be found later (``rekisteri requests verify --anchor HASH``).

The chain is stored in the request log's SQLite file (:mod:`rekisteri.operations.requests`), in
the same transaction as the change it records, so an event can never be recorded without its
effect or the other way round. This module knows the storage only through rows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
"""The link of the first entry: there is no entry before it."""

FORMAT = "rekisteri-audit-1"
"""Hashed with every entry, so a hash can never be mistaken for one of another format."""

COLUMNS = ("seq", "recorded_at", "request_id", "event", "data", "prev", "hash")

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    request_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    data TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    """One event of the trail, exactly as stored."""

    seq: int
    """Position in the trail, from 1 without gaps."""
    recorded_at: str
    """When the event was recorded, UTC, ISO 8601."""
    request_id: int
    event: str
    data: str
    """The event's details as canonical JSON text; the hash covers these exact bytes."""
    prev: str
    hash: str

    def details(self) -> dict[str, Any]:
        value = json.loads(self.data)
        if not isinstance(value, dict):
            raise ValueError("the data is not a JSON object")
        return value

    def describe(self) -> str:
        return f"entry {self.seq} (request {self.request_id}, {self.event}, {self.recorded_at})"


def canonical(data: Mapping[str, Any]) -> str:
    """The one JSON text of ``data`` that is hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    seq: int, recorded_at: str, request_id: int, event: str, data: str, prev: str
) -> str:
    """The SHA-256 of an entry.

    Each field is hashed as its UTF-8 length, a colon and its bytes, so no two different
    entries hash the same text (moving a character from one field to the next changes a
    length).
    """
    fields = [
        v.encode("utf-8") for v in (str(seq), recorded_at, str(request_id), event, data, prev)
    ]
    payload = b"".join(b"%d:%s" % (len(field), field) for field in fields)
    return hashlib.sha256(FORMAT.encode() + payload).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The number and hash of the last entry; ``(0, GENESIS)`` for an empty trail."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append(
    conn: sqlite3.Connection,
    *,
    recorded_at: str,
    request_id: int,
    event: str,
    data: Mapping[str, Any],
) -> Entry:
    """Add an entry after the current head. The caller holds the write transaction."""
    last_seq, last_hash = head(conn)
    text = canonical(data)
    seq = last_seq + 1
    digest = entry_hash(seq, recorded_at, request_id, event, text, last_hash)
    entry = Entry(seq, recorded_at, request_id, event, text, last_hash, digest)
    conn.execute(
        f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, recorded_at, request_id, event, text, last_hash, digest),
    )
    return entry


def read_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every stored entry as raw values, in order; bytes where a text is not UTF-8."""
    return read_table(conn, f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq")


def read_table(conn: sqlite3.Connection, query: str) -> list[tuple[Any, ...]]:
    """The rows of ``query``; text that is not UTF-8 (an edited file) comes as bytes."""
    try:
        return list(conn.execute(query).fetchall())
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
    # Only a damaged file gets here; decoding every value in Python is slower, so the
    # tolerant reading is the second try, not the first.
    previous = conn.text_factory
    conn.text_factory = _text_or_bytes
    try:
        return list(conn.execute(query).fetchall())
    finally:
        conn.text_factory = previous


def _text_or_bytes(raw: bytes) -> str | bytes:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


@dataclass(frozen=True)
class BadEntry:
    """The first place where the trail is not what was written."""

    seq: int
    """Number of the first entry that is wrong or missing."""
    problem: str

    def __str__(self) -> str:
        return self.problem


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: list[Entry]
    """The entries that verified, in order (all of them when the chain is intact)."""
    first_bad: BadEntry | None

    @property
    def ok(self) -> bool:
        return self.first_bad is None

    @property
    def head(self) -> tuple[int, str]:
        if not self.entries:
            return 0, GENESIS
        last = self.entries[-1]
        return last.seq, last.hash


def verify_chain(rows: Iterable[tuple[Any, ...]]) -> ChainReport:
    """Check raw rows (as :func:`read_rows` returns them) link up and match their hashes.

    Stops at the first bad entry, because every entry after it links to something that is no
    longer trustworthy; the report names that entry and what is wrong with it.
    """
    verifier = ChainVerifier()
    entries: list[Entry] = []
    for row in rows:
        found = verifier.feed(row)
        if isinstance(found, BadEntry):
            return ChainReport(entries, found)
        entries.append(found)
    return ChainReport(entries, None)


class ChainVerifier:
    """Checks entries one at a time, in order, remembering only the position and last hash.

    A log is verified in one pass without holding all of it; :func:`verify_chain` feeds it.
    """

    def __init__(self) -> None:
        self.position = 0
        self.prev_hash = GENESIS

    def copy(self) -> ChainVerifier:
        twin = ChainVerifier()
        twin.position, twin.prev_hash = self.position, self.prev_hash
        return twin

    def feed(self, row: tuple[Any, ...]) -> Entry | BadEntry:
        """The verified entry, or what is wrong with it; after a bad one, stop feeding."""
        position = self.position + 1
        entry, problem = _as_entry(row, position)
        if entry is None:
            return BadEntry(position, problem)
        if entry.seq != position:
            if entry.seq > position:
                missing = (
                    f"entry {position} is missing"
                    if entry.seq == position + 1
                    else f"entries {position} to {entry.seq - 1} are missing"
                )
                return BadEntry(
                    position, f"{missing}: the trail jumps from {position - 1} to {entry.seq}"
                )
            return BadEntry(position, f"entry {position} is numbered {entry.seq}")
        if entry.prev != self.prev_hash:
            return BadEntry(
                position,
                f"{entry.describe()} does not link to entry {position - 1}: an entry before it "
                "was removed, inserted or moved, or this one was edited",
            )
        expected = entry_hash(
            entry.seq, entry.recorded_at, entry.request_id, entry.event, entry.data, entry.prev
        )
        if entry.hash != expected:
            return BadEntry(
                position,
                f"{entry.describe()} was changed after it was written: its hash does not match "
                "its content",
            )
        self.position, self.prev_hash = position, entry.hash
        return entry


def _as_entry(row: tuple[Any, ...], position: int) -> tuple[Entry | None, str]:
    unreadable = (
        f"entry {position} is unreadable: a field holds a value of the wrong kind "
        "(the entry was edited)"
    )
    if len(row) != len(COLUMNS):
        return None, unreadable
    seq, recorded_at, request_id, event, data, prev, digest = row
    # bool is an int in Python but never in SQLite; checked for exactness all the same.
    if not all(type(v) is int for v in (seq, request_id)):
        return None, unreadable
    if not all(isinstance(v, str) for v in (recorded_at, event, data, prev, digest)):
        return None, unreadable
    return Entry(seq, recorded_at, request_id, event, data, prev, digest), ""
