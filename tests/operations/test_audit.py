"""The hash-chained audit trail: every edit, deletion, insertion and reordering is found.

A log of exactly 100 events is built through the request commands; then each mutation is made
to the stored rows (as :func:`audit.read_rows` returns them, which is what `verify` checks) or
to the SQLite file itself, and the first bad entry must be named.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekisteri.errors import RekisteriError
from rekisteri.operations import audit
from rekisteri.operations.requests import (
    add_request,
    close_request,
    extend_request,
    list_requests,
    record_delivery,
    verify_log,
)

TODAY = date(2025, 6, 2)
EVENTS = 100


def build_log(path: Path) -> Path:
    """40 requests received, 20 extended, 20 answered with a bundle, 20 closed: 100 events."""
    for i in range(40):
        add_request(
            path,
            type="access" if i % 2 else "erasure",
            subject=f"Asiakas {i} <asiakas{i}@example.com>",
            received=date(2025, 5, 1 + i % 28),
            channel="email",
            now=TODAY,
        )
    for request_id in range(1, 21):
        extend_request(path, request_id, reason=f"laaja aineisto {request_id}", now=TODAY)
    for request_id in range(2, 41, 2):
        record_delivery(
            path,
            request_id,
            bundle=Path(f"/srv/bundles/r{request_id}"),
            manifest_sha256=hashlib.sha256(str(request_id).encode()).hexdigest(),
            now=TODAY,
        )
    for request_id in range(21, 41):
        close_request(path, request_id, outcome="vastattu", now=TODAY)
    return path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_log(tmp_path_factory.mktemp("audit") / "register.requests.sqlite")


@pytest.fixture
def log(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "register.requests.sqlite"
    shutil.copyfile(pristine, copy)
    return copy


@pytest.fixture(scope="module")
def rows(pristine: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(pristine)
    try:
        found = audit.read_rows(connection)
    finally:
        connection.close()
    assert len(found) == EVENTS
    return found


def first_bad(rows: list[tuple[Any, ...]]) -> int | None:
    bad = audit.verify_chain(rows).first_bad
    return bad.seq if bad else None


def test_the_intact_log_verifies(log: Path, rows: list[tuple[Any, ...]]) -> None:
    assert first_bad(rows) is None
    report = verify_log(log)
    assert report.ok and report.entries == EVENTS and report.requests == 40
    assert report.head == rows[-1][-1] and report.head_seq == EVENTS


# --- single-byte changes --------------------------------------------------------------------------


def _mutated_value(value: Any, position: int, byte: int) -> Any:
    """``value`` with the byte at ``position`` of its stored form replaced by ``byte``."""
    raw = bytearray(str(value).encode("utf-8"))
    raw[position] = byte
    if isinstance(value, int):
        # An integer column edited into something else: SQLite keeps a number if it reads as
        # one, else the text.
        text = raw.decode("utf-8", errors="replace")
        try:
            return int(text)
        except ValueError:
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return bytes(raw)  # what read_rows gives for text that is no longer UTF-8


def test_every_single_byte_change_is_detected_at_its_entry(rows: list[tuple[Any, ...]]) -> None:
    # The verifier's state after the intact entries before the changed one is what a full
    # verification reaches there; each changed entry is fed from that state.
    verifier = audit.ChainVerifier()
    checked = 0
    for index, row in enumerate(rows):
        for field, value in enumerate(row):
            size = len(str(value).encode("utf-8"))
            for position in range(size):
                original = str(value).encode("utf-8")[position]
                changed = list(row)
                changed[field] = _mutated_value(value, position, original ^ 0x01)
                found = verifier.copy().feed(tuple(changed))
                assert isinstance(found, audit.BadEntry), (index, audit.COLUMNS[field], position)
                assert found.seq == index + 1
                checked += 1
        assert isinstance(verifier.feed(row), audit.Entry)
    assert checked > EVENTS * 200  # every byte of every field of every entry


@pytest.mark.parametrize("index", [0, 1, 49, 98, 99])
def test_byte_changes_are_found_by_a_whole_verification(
    rows: list[tuple[Any, ...]], index: int
) -> None:
    row = rows[index]
    for field, value in enumerate(row):
        for position in range(len(str(value).encode("utf-8"))):
            original = str(value).encode("utf-8")[position]
            changed = list(row)
            changed[field] = _mutated_value(value, position, original ^ 0x01)
            assert first_bad([*rows[:index], tuple(changed), *rows[index + 1 :]]) == index + 1


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_replacement_byte_is_detected(rows: list[tuple[Any, ...]], data: Any) -> None:
    index = data.draw(st.integers(0, EVENTS - 1))
    field = data.draw(st.integers(0, len(audit.COLUMNS) - 1))
    value = rows[index][field]
    position = data.draw(st.integers(0, len(str(value).encode("utf-8")) - 1))
    original = str(value).encode("utf-8")[position]
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original))
    changed = list(rows[index])
    changed[field] = _mutated_value(value, position, byte)
    mutated = [*rows[:index], tuple(changed), *rows[index + 1 :]]
    assert first_bad(mutated) == index + 1


def test_a_byte_changed_in_the_file_is_reported(log: Path) -> None:
    connection = sqlite3.connect(log)
    data = connection.execute("SELECT data FROM audit WHERE seq = 87").fetchone()[0]
    assert "vastattu" in data
    connection.execute(
        "UPDATE audit SET data = ? WHERE seq = 87", (data.replace("vastattu", "vastattU"),)
    )
    connection.commit()
    connection.close()
    report = verify_log(log)
    assert not report.ok and report.first_bad == 87
    assert "entry 87" in (report.problem or "") and "changed after it was written" in (
        report.problem or ""
    )


# --- deletions, swaps and insertions --------------------------------------------------------------


def test_every_deletion_is_detected(rows: list[tuple[Any, ...]]) -> None:
    for index in range(EVENTS - 1):
        assert first_bad([*rows[:index], *rows[index + 1 :]]) == index + 1, index


@pytest.mark.parametrize("seq", [1, 2, 50, 99, 100])
def test_deleting_an_entry_from_the_file_is_reported(log: Path, seq: int) -> None:
    connection = sqlite3.connect(log)
    connection.execute("DELETE FROM audit WHERE seq = ?", (seq,))
    connection.commit()
    connection.close()
    report = verify_log(log)
    assert not report.ok
    if seq < EVENTS:
        assert report.first_bad == seq and f"entry {seq} is missing" in (report.problem or "")
    else:
        # The chain itself is whole; the requests table and the recorded head still know
        # there was a 100th entry.
        assert "removed from the end" in (report.problem or "")


def test_every_deletion_from_the_file_is_reported(pristine: Path, tmp_path: Path) -> None:
    for seq in range(1, EVENTS + 1):
        copy = tmp_path / f"{seq}.sqlite"
        shutil.copyfile(pristine, copy)
        connection = sqlite3.connect(copy)
        connection.execute("DELETE FROM audit WHERE seq = ?", (seq,))
        connection.commit()
        connection.close()
        assert not verify_log(copy).ok, seq
        copy.unlink()


def test_every_swap_is_detected_at_the_earlier_entry(rows: list[tuple[Any, ...]]) -> None:
    for first, second in itertools.combinations(range(EVENTS), 2):
        swapped = list(rows)
        swapped[first], swapped[second] = rows[second], rows[first]
        assert first_bad(swapped) == first + 1, (first, second)


def test_swapping_entries_in_the_file_is_reported(log: Path) -> None:
    connection = sqlite3.connect(log)
    columns = ", ".join(audit.COLUMNS[1:])
    a = connection.execute(f"SELECT {columns} FROM audit WHERE seq = 10").fetchone()
    b = connection.execute(f"SELECT {columns} FROM audit WHERE seq = 11").fetchone()
    assignments = ", ".join(f"{c} = ?" for c in audit.COLUMNS[1:])
    connection.execute(f"UPDATE audit SET {assignments} WHERE seq = 10", b)
    connection.execute(f"UPDATE audit SET {assignments} WHERE seq = 11", a)
    connection.commit()
    connection.close()
    report = verify_log(log)
    assert report.first_bad == 10 and "does not link to entry 9" in (report.problem or "")


def test_an_inserted_entry_is_detected(rows: list[tuple[Any, ...]]) -> None:
    forged = (
        31,
        "2025-06-02T10:00:00Z",
        3,
        "closed",
        audit.canonical({"on": "2025-06-02", "outcome": "forged"}),
        rows[29][-1],
        "",
    )
    forged = (*forged[:-1], audit.entry_hash(*forged[:-1]))
    renumbered = [(row[0] + 1, *row[1:]) for row in rows[30:]]
    # The forgery itself links and hashes correctly; the entry after it does not.
    assert first_bad([*rows[:30], forged, *renumbered]) == 32


def test_an_entry_appended_by_hand_is_reported(log: Path, rows: list[tuple[Any, ...]]) -> None:
    connection = sqlite3.connect(log)
    data = audit.canonical({"on": "2025-06-02", "outcome": "forged"})
    values = (EVENTS + 1, "2025-06-02T10:00:00Z", 5, "closed", data, rows[-1][-1])
    connection.execute(
        "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, audit.entry_hash(*values))
    )
    connection.commit()
    connection.close()
    report = verify_log(log)
    assert not report.ok and "request 5" in (report.problem or "")


def test_a_rewritten_history_fails_the_anchor(log: Path) -> None:
    anchor = verify_log(log).head
    # Rewrite everything consistently, as someone with the file and this code could.
    connection = sqlite3.connect(log)
    connection.execute("UPDATE audit SET recorded_at = '2025-06-02T00:00:00Z'")
    previous = audit.GENESIS
    for row in audit.read_rows(connection):
        digest = audit.entry_hash(row[0], row[1], row[2], row[3], row[4], previous)
        connection.execute(
            "UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", (previous, digest, row[0])
        )
        connection.execute("UPDATE requests SET head = ? WHERE head = ?", (digest, row[-1]))
        previous = digest
    connection.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{EVENTS}:{previous}",))
    connection.commit()
    connection.close()
    assert verify_log(log).ok  # a keyless chain cannot tell on its own
    anchored = verify_log(log, anchor=anchor)
    assert anchored.anchor_found is False and not anchored.ok


def test_an_anchor_still_in_the_trail_is_found(log: Path, rows: list[tuple[Any, ...]]) -> None:
    report = verify_log(log, anchor=rows[40][-1].upper())
    assert report.ok and report.anchor_found is True


# --- the requests table and the file --------------------------------------------------------------


def test_an_edited_requests_table_is_reported(log: Path) -> None:
    connection = sqlite3.connect(log)
    connection.execute("UPDATE requests SET due = '2025-12-31' WHERE id = 7")
    connection.commit()
    connection.close()
    report = verify_log(log)
    assert (
        not report.ok and "request 7" in (report.problem or "") and "due" in (report.problem or "")
    )


def test_a_damaged_log_is_never_written_to(log: Path) -> None:
    connection = sqlite3.connect(log)
    connection.execute("UPDATE audit SET event = 'closed' WHERE seq = 3")
    connection.commit()
    connection.close()
    before = log.read_bytes()
    with pytest.raises(RekisteriError, match=r"damaged or was edited: entry 3"):
        add_request(log, type="access", subject="Uusi", received=TODAY, now=TODAY)
    with pytest.raises(RekisteriError, match="left exactly as it is"):
        close_request(log, 1, outcome="x", now=TODAY)
    assert log.read_bytes() == before


def test_a_corrupted_file_is_reported_and_left_alone(log: Path) -> None:
    data = bytearray(log.read_bytes())
    data[200:4000] = b"\xff" * 3800  # inside the first pages: the schema is unreadable
    log.write_bytes(bytes(data))
    before = log.read_bytes()
    for action in (
        lambda: verify_log(log),
        lambda: list_requests(log),
        lambda: add_request(log, type="access", subject="Uusi", received=TODAY, now=TODAY),
    ):
        with pytest.raises(RekisteriError, match=r"damaged|not a rekisteri request log"):
            action()
    assert log.read_bytes() == before


def test_a_damaged_table_page_is_reported(log: Path) -> None:
    connection = sqlite3.connect(log)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit'").fetchone()
    connection.close()
    data = bytearray(log.read_bytes())
    data[(root[0] - 1) * page_size] = 0xFF  # the page's type byte: no longer a b-tree page
    log.write_bytes(bytes(data))
    before = log.read_bytes()
    with pytest.raises(RekisteriError, match="damaged"):
        verify_log(log)
    assert log.read_bytes() == before


# --- writes verify from a checkpoint (issue 17, item 4) --------------------------------------


@pytest.fixture
def checkpointed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of 25 entries with the whole trail verified every 10: its checkpoint is entry 20."""
    from rekisteri.operations import requests

    monkeypatch.setattr(requests, "CHECK_EVERY", 10)
    path = tmp_path / "register.requests.sqlite"
    for i in range(25):
        add_request(path, type="access", subject=f"Asiakas {i}", received=TODAY, now=TODAY)
    connection = sqlite3.connect(path)
    try:
        [checkpoint] = connection.execute("SELECT value FROM meta WHERE key = 'checkpoint'")
        entry_20 = connection.execute("SELECT hash FROM audit WHERE seq = 20").fetchone()[0]
    finally:
        connection.close()
    assert checkpoint[0] == f"20:{entry_20}"
    return path


def _edit(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()


def test_an_edit_after_the_checkpoint_stops_the_next_write(checkpointed: Path) -> None:
    _edit(checkpointed, "UPDATE audit SET event = 'closed' WHERE seq = 23")
    before = checkpointed.read_bytes()
    with pytest.raises(RekisteriError, match=r"damaged or was edited: entry 23"):
        add_request(checkpointed, type="access", subject="Uusi", received=TODAY, now=TODAY)
    assert checkpointed.read_bytes() == before


def test_an_edit_before_the_checkpoint_is_found_within_check_every_entries(
    checkpointed: Path,
) -> None:
    """The deferral a checkpoint buys, and its bound: `verify` finds the edit at once, and a
    write refuses it once ten more entries (CHECK_EVERY here) have come."""
    _edit(
        checkpointed, "UPDATE audit SET data = replace(data, 'Asiakas 2', 'Toinen') WHERE seq = 3"
    )
    report = verify_log(checkpointed)
    assert not report.ok and report.first_bad == 3
    written = 0
    with pytest.raises(RekisteriError, match=r"damaged or was edited: entry 3"):
        for _ in range(10):
            add_request(checkpointed, type="access", subject="Uusi", received=TODAY, now=TODAY)
            written += 1
    assert written == 5  # entries 26 to 30; the write after entry 30 verifies the whole trail


def test_a_request_is_replayed_from_its_own_entries_before_it_is_changed(
    checkpointed: Path,
) -> None:
    _edit(checkpointed, "UPDATE requests SET due = '2025-12-31' WHERE id = 4")
    with pytest.raises(RekisteriError, match=r"request 4 in the requests table does not match"):
        close_request(checkpointed, 4, outcome="vastattu", now=TODAY)
    # Another request, and a new one, are not held up by it; `verify` names it.
    close_request(checkpointed, 5, outcome="vastattu", now=TODAY)
    assert "request 4" in (verify_log(checkpointed).problem or "")


def test_an_edited_entry_of_the_request_is_found_when_it_is_used(checkpointed: Path) -> None:
    _edit(
        checkpointed, "UPDATE audit SET data = replace(data, 'Asiakas 6', 'Toinen') WHERE seq = 7"
    )
    with pytest.raises(RekisteriError, match=r"entry 7 .* was changed after it was written"):
        extend_request(checkpointed, 7, reason="laaja", now=TODAY)


def test_an_edited_checkpoint_is_refused(checkpointed: Path) -> None:
    _edit(checkpointed, "UPDATE meta SET value = '20:" + "0" * 64 + "' WHERE key = 'checkpoint'")
    with pytest.raises(RekisteriError, match=r"entry 20 is not the entry the last whole"):
        add_request(checkpointed, type="access", subject="Uusi", received=TODAY, now=TODAY)
    assert "checkpoint" in (verify_log(checkpointed).problem or "")


def test_a_checkpointed_log_is_the_log_a_whole_verification_writes(
    checkpointed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same writes give the same trail and table, checkpoint or none."""
    from rekisteri.operations import requests

    monkeypatch.setattr(requests, "CHECK_EVERY", 1_000_000)
    plain = tmp_path / "plain.requests.sqlite"
    for i in range(25):
        add_request(plain, type="access", subject=f"Asiakas {i}", received=TODAY, now=TODAY)
    monkeypatch.setattr(requests, "CHECK_EVERY", 10)
    for path in (checkpointed, plain):
        extend_request(path, 3, reason="laaja", now=TODAY)
        close_request(path, 24, outcome="vastattu", now=TODAY)

    def content(path: Path) -> tuple[list[Any], list[Any]]:
        connection = sqlite3.connect(path)
        try:
            trail = connection.execute("SELECT seq, request_id, event, data FROM audit").fetchall()
            table = connection.execute("SELECT * FROM requests ORDER BY id").fetchall()
        finally:
            connection.close()
        return trail, [row[:-1] for row in table]  # the head hash differs by the time stamps

    assert content(checkpointed) == content(plain)
    assert verify_log(checkpointed).ok and verify_log(plain).ok
