"""The request log records the practitioner's review decisions (Tietosuojalaki 1050/2018 § 34)
in its tamper-evident trail, with the delivery of the bundle they were made for."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from rekisteri.access.bundle import AccessResult, BundleOptions
from rekisteri.access.collect import identify
from rekisteri.access.review import ReviewDecision, ReviewNeeded
from rekisteri.operations import audit
from rekisteri.operations import requests as rq
from rekisteri.operations.service import RequestLog
from rekisteri.register.loading import load_register
from rekisteri.register.model import WithholdGround

TODAY = date(2025, 6, 2)
WITHHOLD = ReviewDecision(
    "health", False, "Antaminen nyt voisi vaarantaa hoidon.", WithholdGround.HEALTH_OR_CARE
)


def _events(log: Path) -> list[tuple[int, str]]:
    connection = sqlite3.connect(log)
    try:
        return [(row[2], row[3]) for row in audit.read_rows(connection)]
    finally:
        connection.close()


def test_the_decisions_are_recorded_before_the_delivery(demo_path: Path, tmp_path: Path) -> None:
    log = RequestLog.of(demo_path)
    added = log.add(type="access", subject="Aino Virtanen", received=rq.today())
    result, answered = log.answer_with_bundle(
        load_register(demo_path),
        added.id,
        tmp_path / "bundle",
        identify(subject_id="1"),
        BundleOptions(formats=["json"], decisions=[WITHHOLD]),
    )
    assert result.decisions == (WITHHOLD,)
    assert answered.status is rq.Status.DELIVERED and answered.events == 3
    assert _events(log.path) == [(1, "received"), (1, "reviewed"), (1, "delivered")]
    assert log.decisions(added.id) == [
        {
            "category": "health",
            "released": False,
            "reason": "Antaminen nyt voisi vaarantaa hoidon.",
            "ground": "health-or-care",
        }
    ]
    assert log.verify().ok


def test_a_bundle_with_nothing_held_records_no_review(demo_path: Path, tmp_path: Path) -> None:
    log = RequestLog.of(demo_path)
    added = log.add(type="access", subject="Liisa Mäkinen", received=rq.today())
    log.answer_with_bundle(
        load_register(demo_path),
        added.id,
        tmp_path / "bundle",
        identify(subject_id="3"),
        BundleOptions(formats=["json"]),
    )
    assert [event for _, event in _events(log.path)] == ["received", "delivered"]
    assert log.decisions(added.id) == []


def test_undecided_held_data_records_nothing_and_writes_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    log = RequestLog.of(demo_path)
    added = log.add(type="access", subject="Aino Virtanen", received=rq.today())
    with pytest.raises(ReviewNeeded):
        log.answer_with_bundle(
            load_register(demo_path),
            added.id,
            tmp_path / "bundle",
            identify(subject_id="1"),
            BundleOptions(formats=["json"]),
        )
    assert not (tmp_path / "bundle").exists()
    assert [event for _, event in _events(log.path)] == ["received"]


def test_the_review_and_delivery_are_one_transaction(tmp_path: Path) -> None:
    log = tmp_path / "log.sqlite"
    added = rq.add_request(log, type="erasure", subject="A", received=TODAY, now=TODAY)
    # An erasure request takes no bundle: the delivery is refused, and so is the review with it.
    with pytest.raises(rq.RekisteriError, match="an access bundle answers access"):
        rq.record_delivery(
            log, added.id, bundle=tmp_path / "b", manifest_sha256="0" * 64, decisions=[WITHHOLD]
        )
    assert [event for _, event in _events(log)] == ["received"]


def test_answer_request_records_the_results_decisions(tmp_path: Path) -> None:
    log = tmp_path / "log.sqlite"
    added = rq.add_request(log, type="access", subject="A", received=TODAY, now=TODAY)
    bundle = tmp_path / "b"
    bundle.mkdir()
    (bundle / "manifest.json").write_text("{}", encoding="utf-8")
    released = ReviewDecision("health", True)
    result, _ = rq.answer_request(
        None,  # type: ignore[arg-type]  # the writer below does not read the register
        log,
        added.id,
        lambda ref: AccessResult(path=bundle, found=True, decisions=(released,)),
        now=TODAY,
    )
    assert result.decisions == (released,)
    assert rq.recorded_decisions(log, added.id) == [
        {"category": "health", "released": True, "reason": None, "ground": None}
    ]
    assert rq.verify_log(log).ok


def _rewrite_review(log: Path, edit: Callable[[str], str]) -> None:
    """Edit the review entry and recompute every hash after it, as someone rewriting the trail
    from that point would: the chain holds, so only the replay can tell."""
    connection = sqlite3.connect(log)
    with connection:
        rows = audit.read_rows(connection)
        prev = audit.GENESIS
        for seq, recorded_at, request_id, event, data, _prev, _hash in rows:
            if event == "reviewed":
                data = edit(data)
            digest = audit.entry_hash(seq, recorded_at, request_id, event, data, prev)
            connection.execute(
                "UPDATE audit SET data = ?, prev = ?, hash = ? WHERE seq = ?",
                (data, prev, digest, seq),
            )
            prev = digest
        connection.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{seq}:{prev}",))
    connection.close()


@pytest.mark.parametrize(
    ("edit", "kept"),
    [
        # A withheld category's reason removed.
        (lambda d: d.replace('"reason":"Antaminen nyt voisi vaarantaa hoidon."', '"reason":null'),
         False),
        # Its ground removed.
        (lambda d: d.replace('"ground":"health-or-care"', '"ground":""'), False),
        # A decision that is neither released nor withheld.
        (lambda d: d.replace('"released":false', '"released":"no"'), False),
        # No decision at all.
        (lambda d: '{"decisions":[]}', False),
        # A withholding turned into a release: a well-formed entry, yet the anchor written
        # down before is gone, and the requests table no longer matches.
        (lambda d: d.replace('"released":false', '"released":true'), True),
    ],
)  # fmt: skip
def test_a_review_entry_rekisteri_did_not_write_is_found(
    tmp_path: Path, edit: Callable[[str], str], kept: bool
) -> None:
    log = tmp_path / "log.sqlite"
    added = rq.add_request(log, type="access", subject="A", received=TODAY, now=TODAY)
    rq.record_delivery(
        log, added.id, bundle=tmp_path / "b", manifest_sha256="0" * 64, decisions=[WITHHOLD]
    )
    before = rq.verify_log(log)
    assert before.ok
    _rewrite_review(log, edit)
    after = rq.verify_log(log, anchor=before.head)
    assert not after.ok
    if kept:
        assert after.anchor_found is False and after.first_bad is None
    else:
        assert after.first_bad == 2
        assert (after.problem or "").startswith("entry 2 (request 1, reviewed, ")
        assert "holds data rekisteri did not write" in (after.problem or "")
