"""Each use-case the CLI offers is one library call (rekisteri.operations.service)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rekisteri.access.bundle import BundleOptions
from rekisteri.access.collect import identify
from rekisteri.errors import RekisteriError
from rekisteri.operations import requests as rq
from rekisteri.operations import service
from rekisteri.operations.requests import Status
from rekisteri.operations.service import RequestLog
from store_fixtures import RELEASED


def test_the_request_log_lives_beside_the_register_unless_given(
    demo_path: Path, tmp_path: Path
) -> None:
    assert RequestLog.of(demo_path).path == demo_path.with_name("register.requests.sqlite")
    assert RequestLog.of(demo_path, tmp_path / "mine.sqlite").path == tmp_path / "mine.sqlite"
    assert RequestLog.of(demo_path).language() == "fi"
    assert RequestLog.of(demo_path).language("en") == "en"


def test_a_request_is_added_extended_closed_listed_and_verified(demo_path: Path) -> None:
    log = RequestLog.of(demo_path)
    today = rq.today()
    added = log.add(type="access", subject="Aino", received=today, channel="email")
    assert (added.id, added.status) == (1, Status.OPEN)
    extended = log.extend(1, reason="many stores to search", months=1)
    assert extended.status is Status.EXTENDED and extended.due > added.due
    assert log.close(1, outcome="answered").status is Status.CLOSED
    assert log.requests() == []
    assert [r.id for r in log.requests(include_closed=True)] == [1]
    assert log.verify().ok


def test_a_logged_request_is_answered_with_a_bundle_and_its_delivery_recorded(
    demo_path: Path, tmp_path: Path
) -> None:
    log = RequestLog.of(demo_path)
    from rekisteri.register.loading import load_register

    added = log.add(type="access", subject="Aino Virtanen", received=rq.today())
    result, answered = log.answer_with_bundle(
        load_register(demo_path),
        added.id,
        tmp_path / "bundle",
        identify(subject_id="1"),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    assert result.path == tmp_path / "bundle" and result.found
    assert answered.status is Status.DELIVERED and answered.delivered_on == rq.today()
    assert answered.manifest_sha256 == rq.manifest_digest(result.path)
    assert added.ref in (tmp_path / "bundle" / "data.json").read_text(encoding="utf-8")


def test_a_logged_request_with_no_data_gets_a_letter_saying_it_is_logged(
    demo_path: Path, tmp_path: Path
) -> None:
    log = RequestLog.of(demo_path)
    from rekisteri.register.loading import load_register

    added = log.add(type="access", subject="Someone", received=rq.today())
    result, _ = log.answer_with_bundle(
        load_register(demo_path),
        added.id,
        tmp_path / "letter",
        identify(email="nobody@example.org"),
        BundleOptions(formats=["html"], languages=["en"]),
    )
    assert not result.found
    letter = (tmp_path / "letter" / "report.en.html").read_text(encoding="utf-8")
    # The example keeps the record of a request three years (rights.requests_kept = "P3Y").
    assert "log of data protection requests" in letter
    assert "It is kept for 3 years." in letter


def test_retention_marketing_and_feedback_each_take_the_registers_path(demo_path: Path) -> None:
    swept = service.retention(demo_path, as_of="2026-01-01")
    assert swept.report.as_of == date(2026, 1, 1) and swept.register.source_path == demo_path
    marketing = service.marketing(demo_path, "email", as_of="2026-01-01")
    assert marketing.channel == "email" and marketing.decisions
    snippet = service.feedback(demo_path, lang="en")
    assert 'lang="en"' in snippet.html
    review = service.feedback(demo_path, review=True)
    assert review.html == "" and len(review.reviewed) == len(snippet.reviewed)


def test_a_bad_day_names_the_value_in_words(demo_path: Path) -> None:
    with pytest.raises(RekisteriError, match=r"^the day 'June' is not a date"):
        service.retention(demo_path, as_of="June")
