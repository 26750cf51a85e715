"""Categories held for review before release (Tietosuojalaki 1050/2018 § 34), through the library:
the decisions, what a withheld category leaves in the bundle (nothing), the review copy, bulk runs.

The example register marks its therapy notes ("health") ``review = true``; Aino Virtanen (id 1)
has one therapy note, Liisa Mäkinen (id 3) none.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rekisteri.access.bundle import (
    BundleOptions,
    build_bundle,
    review_copy_path,
    write_access_bundle,
    write_all_bundles,
    write_review_copy,
)
from rekisteri.access.collect import identify
from rekisteri.access.review import (
    GROUNDS,
    ReviewDecision,
    ReviewNeeded,
    ReviewOutdated,
    check_decisions,
    parse_ground,
)
from rekisteri.errors import RekisteriError
from rekisteri.register.model import Register, WithholdGround

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AINO = identify(subject_id="1")
LIISA = identify(subject_id="3")
# Aino's one therapy note, as the demo store holds it.
NOTE = "Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa."
RELEASE = ReviewDecision("health", release=True)
WITHHOLD = ReviewDecision(
    "health",
    release=False,
    reason="Merkintöjen antaminen nyt voisi vaarantaa hoidon.",
    ground=WithholdGround.HEALTH_OR_CARE,
)


def _options(*decisions: ReviewDecision, **given: Any) -> BundleOptions:
    given.setdefault("formats", ["json", "csv"])
    return BundleOptions(generated=WHEN, reference="REQ-1", decisions=decisions, **given)


def _categories(data: dict[str, Any]) -> list[str]:
    return [category["id"] for category in data["categories"]]


# --- § 34 itself ---------------------------------------------------------------------------------


def test_the_grounds_are_the_two_of_section_34_1_point_2() -> None:
    # Tietosuojalaki 1050/2018 34 § 1 mom. 2 kohta, as quoted in the Data Protection
    # Ombudsman's decision 1.10.2021 (158/151/2019, finlex.fi/fi/viranomaiset/tsv/2021/20211383):
    # no right of access "jos tiedon antamisesta saattaisi aiheutua vakavaa vaaraa rekisteröidyn
    # terveydelle tai hoidolle taikka rekisteröidyn tai jonkun muun oikeuksille".
    assert GROUNDS == ("health-or-care", "rights-of-others")
    with pytest.raises(RekisteriError) as raised:
        parse_ground("nope")
    message = raised.value.message
    assert "could seriously endanger the person's health or care" in message
    assert "could seriously endanger the rights of the person or of someone else" in message


# --- decisions that are wrong before the store is read ------------------------------------------


def test_a_ground_is_parsed_or_refused_with_the_allowed_and_the_nearest() -> None:
    assert parse_ground(" Health_Or_Care ") is WithholdGround.HEALTH_OR_CARE
    assert parse_ground(None) is None
    with pytest.raises(RekisteriError) as raised:
        parse_ground("helth")
    message = raised.value.message
    assert "health-or-care" in message and "rights-of-others" in message
    assert "did you mean 'health-or-care'?" in message
    with pytest.raises(RekisteriError, match="did you mean 'rights-of-others'"):
        parse_ground("rigths")


# A withholding needs its reason: a refusal is told with its reasons within a month (GDPR
# Art. 12(4)); tietosuoja.fi, on the psychotherapy provider fined in 2023 (9707/152/19): "If the
# controller refuses to fulfil the request, it must notify the data subject of this within one
# month and state the reasons for its refusal."
@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (ReviewDecision("helth", True), r"not a data category.*did you mean 'health'\?"),
        (ReviewDecision("billing", True), r"'billing', which is not held for review"),
        (ReviewDecision("health", False, None, WithholdGround.HEALTH_OR_CARE), r"needs a reason"),
        (
            ReviewDecision("health", False, "  \n ", WithholdGround.HEALTH_OR_CARE),
            r"needs a reason",
        ),
        (ReviewDecision("health", False, "why", None), r"needs a ground.*health-or-care"),
        (
            ReviewDecision("health", True, None, WithholdGround.RIGHTS_OF_OTHERS),
            r"takes no a ground",
        ),
    ],
)
def test_a_decision_that_cannot_be_right_is_refused(
    demo_register: Register, decision: ReviewDecision, expected: str
) -> None:
    with pytest.raises(RekisteriError, match=expected) as raised:
        check_decisions(demo_register, [decision])
    # The library speaks of the values, never of a front end's options.
    assert "--" not in raised.value.message


def test_a_category_decided_twice_is_refused(demo_register: Register) -> None:
    with pytest.raises(RekisteriError, match="'health' is decided twice"):
        check_decisions(demo_register, [RELEASE, WITHHOLD])


def test_bad_decisions_are_refused_before_the_store_is_read(
    demo_register: Register, tmp_path: Path
) -> None:
    demo_register.source_path.with_name("asiakkaat.sqlite").unlink()  # type: ignore[union-attr]
    missing_reason = ReviewDecision("health", False, None, WithholdGround.HEALTH_OR_CARE)
    with pytest.raises(RekisteriError, match="needs a reason"):
        write_access_bundle(demo_register, tmp_path / "b", AINO, _options(missing_reason))
    assert not (tmp_path / "b").exists()


# --- one request ---------------------------------------------------------------------------------


def test_held_data_without_a_decision_writes_nothing(
    demo_register: Register, tmp_path: Path
) -> None:
    with pytest.raises(ReviewNeeded) as raised:
        write_access_bundle(demo_register, tmp_path / "b", AINO, _options())
    assert raised.value.held == ("health",)
    assert "health (Terapia- ja terveystiedot)" in raised.value.message
    assert "nothing was written" in raised.value.message
    assert "--" not in raised.value.message
    assert not (tmp_path / "b").exists()
    with pytest.raises(ReviewNeeded):
        build_bundle(demo_register, AINO, _options())


def test_a_released_category_is_in_the_bundle(demo_register: Register, tmp_path: Path) -> None:
    result = write_access_bundle(demo_register, tmp_path / "b", AINO, _options(RELEASE))
    assert result.decisions == (RELEASE,)
    data = json.loads((tmp_path / "b" / "data.json").read_text(encoding="utf-8"))
    assert "health" in _categories(data)
    assert NOTE in (tmp_path / "b" / "csv" / "health.csv").read_text(encoding="utf-8-sig")
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review"] == [{"category": "health", "decision": "released"}]
    assert "released after review: health" in result.summary()


def test_a_withheld_category_is_in_no_file_of_the_bundle(
    demo_register: Register, tmp_path: Path
) -> None:
    result = write_access_bundle(demo_register, tmp_path / "b", AINO, _options(WITHHOLD))
    assert result.found and result.decisions == (WITHHOLD,)
    folder = tmp_path / "b"
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    assert "health" not in _categories(data) and "identity" in _categories(data)
    assert not (folder / "csv" / "health.csv").exists()
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert NOTE.encode() not in content, path
    portable = folder / "portable.json"
    if portable.exists():
        assert "health" not in _categories(json.loads(portable.read_text(encoding="utf-8")))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review"] == [
        {"category": "health", "decision": "withheld", "ground": "health-or-care"}
    ]
    assert "withheld: health (health-or-care: Merkintöjen antaminen" in result.summary()


def test_a_reason_is_recorded_with_its_white_space_collapsed(
    demo_register: Register, tmp_path: Path
) -> None:
    spaced = ReviewDecision(
        "health", False, "  voisi\n vaarantaa   hoidon ", WithholdGround.HEALTH_OR_CARE
    )
    result = write_access_bundle(demo_register, tmp_path / "b", AINO, _options(spaced))
    assert result.decisions[0].reason == "voisi vaarantaa hoidon"


def test_no_decision_is_needed_where_nothing_held_is_about_the_person(
    demo_register: Register, tmp_path: Path
) -> None:
    result = write_access_bundle(demo_register, tmp_path / "liisa", LIISA, _options())
    assert result.found and result.decisions == ()
    manifest = json.loads((tmp_path / "liisa" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review"] == []
    # Nor for the letter to someone who is not in the store.
    letter = write_access_bundle(
        demo_register, tmp_path / "nobody", identify(email="nobody@example.com"), _options()
    )
    assert not letter.found


def test_withholding_held_data_the_person_does_not_have_is_refused(
    demo_register: Register, tmp_path: Path
) -> None:
    with pytest.raises(RekisteriError, match="nothing to withhold") as raised:
        write_access_bundle(demo_register, tmp_path / "liisa", LIISA, _options(WITHHOLD))
    assert "Nothing was written" in raised.value.message
    assert not (tmp_path / "liisa").exists()
    # Releasing it releases nothing, and is neither applied nor listed.
    result = write_access_bundle(demo_register, tmp_path / "liisa", LIISA, _options(RELEASE))
    assert result.decisions == ()
    manifest = json.loads((tmp_path / "liisa" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review"] == []


# --- the review copy -----------------------------------------------------------------------------


def test_the_review_copy_holds_only_the_held_rows_and_writes_no_bundle(
    demo_register: Register, tmp_path: Path
) -> None:
    out = tmp_path / "aino"
    copy = write_review_copy(demo_register, out, AINO, _options())
    assert copy.path == review_copy_path(out) == tmp_path / "aino.review.html"
    assert not out.exists()
    assert stat.S_IMODE(copy.path.stat().st_mode) == 0o600
    assert [(h.category.id, h.rows) for h in copy.held] == [("health", 1)]
    html = copy.path.read_text(encoding="utf-8")
    assert NOTE in html
    assert "Tarkistettava kopio – ei rekisteröidylle" in html
    assert 'name="rekisteri-held-sha256"' in html
    # Only the held category: not Aino's contact details nor her invoices.
    assert "aino.virtanen@example.com" not in html and "Hämeenkatu" not in html
    assert "pidätetty tarkistettavaksi ennen antamista" in copy.summary()
    assert "health: Terapia- ja terveystiedot (1 rivi)" in copy.summary()
    # In English when asked, and a zip's copy is named after the bundle, not the zip.
    english = write_review_copy(demo_register, tmp_path / "a.zip", AINO, _options(languages=["en"]))
    assert english.path == tmp_path / "a.review.html"
    assert "Review copy: not for the data subject" in english.path.read_text(encoding="utf-8")


def test_no_review_copy_where_nothing_held_is_about_the_person(
    demo_register: Register, tmp_path: Path
) -> None:
    copy = write_review_copy(demo_register, tmp_path / "liisa", LIISA, _options())
    assert copy.path is None and copy.held == ()
    assert "eikä paketti vaadi päätöstä" in copy.summary()
    assert list(tmp_path.glob("liisa*")) == []
    nobody = write_review_copy(
        demo_register, tmp_path / "nobody", identify(email="nobody@example.com"), _options()
    )
    assert nobody.path is None and not nobody.found
    assert "pyyntöä vastaavaa henkilöä ei ole tietovarastossa" in nobody.summary()
    assert list(tmp_path.glob("nobody*")) == []


def test_deciding_on_the_reviewed_data_removes_the_copy(
    demo_register: Register, tmp_path: Path
) -> None:
    out = tmp_path / "aino"
    copy = write_review_copy(demo_register, out, AINO, _options())
    assert copy.path is not None
    result = write_access_bundle(demo_register, out, AINO, _options(RELEASE))
    assert result.removed_review_copy == copy.path and not copy.path.exists()
    assert "removed the review copy" in result.summary()


def test_a_decision_on_data_changed_since_its_review_is_refused(
    demo_path: Path, demo_register: Register, tmp_path: Path
) -> None:
    out = tmp_path / "aino"
    copy = write_review_copy(demo_register, out, AINO, _options())
    assert copy.path is not None
    store = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    with store:
        store.execute(
            "INSERT INTO therapy_notes (client_id, written_at, author, entry) "
            "VALUES (1, '2026-03-01 10:00:00', 'Terhi Kallio', 'Uusi merkintä.')"
        )
    store.close()
    with pytest.raises(ReviewOutdated, match="has changed since this review copy was written"):
        write_access_bundle(demo_register, out, AINO, _options(RELEASE))
    assert not out.exists() and copy.path.exists()
    # Reviewed again, the decision goes through.
    write_review_copy(demo_register, out, AINO, _options())
    write_access_bundle(demo_register, out, AINO, _options(RELEASE))
    assert out.is_dir() and not copy.path.exists()


# --- every subject's bundles ---------------------------------------------------------------------


def test_bundles_for_everyone_need_every_held_category_released(
    demo_register: Register, tmp_path: Path
) -> None:
    with pytest.raises(ReviewNeeded) as raised:
        write_all_bundles(demo_register, tmp_path / "all", _options())
    assert raised.value.held == ("health",) and raised.value.every_subject
    assert not (tmp_path / "all").exists()
    with pytest.raises(RekisteriError, match="one person's request at a time"):
        write_all_bundles(demo_register, tmp_path / "all", _options(WITHHOLD))
    assert not (tmp_path / "all").exists()
    written = write_all_bundles(
        demo_register, tmp_path / "all", _options(RELEASE, formats=["json"])
    )
    assert written.written == 20
    aino = json.loads((tmp_path / "all" / "1" / "manifest.json").read_text(encoding="utf-8"))
    liisa = json.loads((tmp_path / "all" / "3" / "manifest.json").read_text(encoding="utf-8"))
    assert aino["review"] == [{"category": "health", "decision": "released"}]
    assert liisa["review"] == []


def test_a_run_resumes_only_with_the_same_releases(demo_register: Register, tmp_path: Path) -> None:
    folder = tmp_path / "all"
    write_all_bundles(demo_register, folder, _options(RELEASE, formats=["json"]))
    again = write_all_bundles(demo_register, folder, _options(RELEASE, formats=["json"]))
    assert again.skipped == 20
    record = json.loads((folder / ".rekisteri-run.json").read_text(encoding="utf-8"))
    assert record["settings"]["released"] == ["health"]


def test_the_report_states_the_restriction_and_shows_none_of_the_rows(
    demo_register: Register, tmp_path: Path
) -> None:
    options = _options(WITHHOLD, formats=["html", "json", "csv"])
    write_access_bundle(demo_register, tmp_path / "b", AINO, options)
    for lang in ("fi", "en"):
        html = (tmp_path / "b" / f"report.{lang}.html").read_text(encoding="utf-8")
        assert NOTE not in html
        # The practitioner's reason is told to the person (GDPR Art. 12(4)).
        assert WITHHOLD.reason is not None and WITHHOLD.reason in html
