"""portable.json: only the data the person may port (GDPR Art. 20), beside the Art. 15(3) copy."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

from rekisteri.access.bundle import BundleOptions, build_bundle
from rekisteri.access.collect import identify
from rekisteri.access.review import ReviewDecision
from rekisteri.access.schema import AccessBundle, PortableData, portable_schema_text, schema_text
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register, WithholdGround
from rekisteri.register.rights import NotPortable, portability
from rekisteri.resources import schemas_dir

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


# Aino's therapy notes are held for review before release (Tietosuojalaki § 34): released here.
RELEASED = (ReviewDecision("health", release=True),)


def _bundle(register: Register, **person: str) -> dict[str, bytes]:
    decisions = RELEASED if person.get("subject_id") == "1" else ()
    options = BundleOptions(
        formats=["json"], generated=WHEN, reference="REQ-1", decisions=decisions
    )
    return build_bundle(register, identify(**person), options)


def _ids(document: bytes) -> list[str]:
    return [category["id"] for category in json.loads(document)["categories"]]


def test_the_committed_schemas_are_the_models() -> None:
    committed = schemas_dir() / "access-portable.schema.json"
    assert committed.read_text(encoding="utf-8") == portable_schema_text(), (
        "regenerate: python -c 'from rekisteri.access.schema import portable_schema_text as t; "
        'print(t(), end="")\' > schemas/access-portable.schema.json'
    )
    assert (schemas_dir() / "access-bundle.schema.json").read_text(encoding="utf-8") == (
        schema_text()
    )
    portable = json.loads(committed.read_text(encoding="utf-8"))
    # An identifier, not an address: the project has no web site the schema could be at.
    assert portable["$id"] == "urn:rekisteri:schema:access-portable"
    assert "Art. 20" in portable["description"] and "legal obligation" in portable["description"]
    bundle = json.loads((schemas_dir() / "access-bundle.schema.json").read_text(encoding="utf-8"))
    # data.json is the Art. 15(3) copy, not "the Art. 20 data".
    assert "15(3)" in bundle["description"] and "portable.json" in bundle["description"]


def test_health_billing_and_next_of_kin_are_never_portable(demo_register: Register) -> None:
    # Aino (key 1) has therapy notes, invoices and a next of kin recorded.
    files = _bundle(demo_register, subject_id="1")
    copy = _ids(files["data.json"])
    assert {"health", "billing", "next-of-kin", "contact-details"} <= set(copy)
    portable = PortableData.model_validate_json(files["portable.json"])
    ported = [category.id for category in portable.categories]
    # Health care and bookkeeping are kept under a legal obligation (20(1)(a) needs consent or
    # a contract); the next of kin is someone else (20(4)).
    for category_id, reason in (
        ("health", NotPortable.BASIS),
        ("billing", NotPortable.BASIS),
        ("next-of-kin", NotPortable.ABOUT_SOMEONE_ELSE),
    ):
        assert category_id not in ported
        assert (
            reason in portability(demo_register, demo_register.data_category(category_id)).reasons
        )
    assert "contact-details" in ported and "identity" in ported
    # The notice's order, as in data.json.
    assert ported == [c for c in copy if c in ported]
    contact = next(c for c in portable.categories if c.id == "contact-details")
    assert contact.sources[0].rows == [
        row
        for category in AccessBundle.model_validate_json(files["data.json"]).categories
        if category.id == "contact-details"
        for row in category.sources[0].rows
    ]
    assert contact.sources[0].rows[0]["email"] == "aino.virtanen@example.com"
    assert portable.subject.key == 1 and portable.register_.notice_version == "2024-1"
    text = files["portable.json"].decode("utf-8")
    assert "Kalle Virtanen" not in text and "therapy_notes" not in text
    assert "invoices" not in text and "collection_cases" not in text


def test_portable_json_is_listed_in_the_manifest(demo_register: Register) -> None:
    files = _bundle(demo_register, subject_id="1")
    listed = {f["path"] for f in json.loads(files["manifest.json"])["files"]}
    assert {"data.json", "portable.json"} <= listed


def test_no_portable_json_when_nothing_is_portable(demo_register: Register) -> None:
    # Kalle is only a next of kin: his own record was given by the client, about him.
    kin = _bundle(demo_register, phone="045 127 3345", group="next-of-kin")
    assert _ids(kin["data.json"]) == ["next-of-kin"]
    assert "portable.json" not in kin
    assert "portable.json" not in kin["manifest.json"].decode("utf-8")
    letter = _bundle(demo_register, email="nobody@example.com")
    assert json.loads(letter["data.json"])["found"] is False
    assert "portable.json" not in letter


def _edited(demo_path: Path, edit: Any) -> Register:
    data = tomllib.loads(demo_path.read_text(encoding="utf-8"))
    edit(data)
    demo_path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return load_register(demo_path)


def test_another_persons_columns_are_left_out_of_a_portable_category(demo_path: Path) -> None:
    def mark_phone(data: dict[str, Any]) -> None:
        for source in data["store"]["sources"]:
            if source["category"] == "contact-details":
                source["third_party"] = ["phone"]

    register = _edited(demo_path, mark_phone)
    files = _bundle(register, subject_id="1")
    copy = AccessBundle.model_validate_json(files["data.json"])
    contact = next(c for c in copy.categories if c.id == "contact-details").sources[0]
    assert [c.name for c in contact.columns if c.third_party] == ["phone"]
    assert contact.rows[0]["phone"] == "045 127 3344"
    ported = PortableData.model_validate_json(files["portable.json"])
    source = next(c for c in ported.categories if c.id == "contact-details").sources[0]
    assert "phone" not in [c.name for c in source.columns]
    assert all("phone" not in row for row in source.rows)
    assert source.rows[0]["email"] == "aino.virtanen@example.com"


def test_a_category_on_a_legal_obligation_only_is_not_ported(demo_path: Path) -> None:
    """The notice's facts decide: moving contact details under a legal obligation alone takes
    them out of portable.json, and they stay in data.json."""

    def legal_obligation_only(data: dict[str, Any]) -> None:
        purpose = next(p for p in data["purposes"] if p.get("legal_basis") == "legal_obligation")
        contact = next(c for c in data["data_categories"] if c["id"] == "contact-details")
        contact["purposes"] = [purpose["id"]]

    register = _edited(demo_path, legal_obligation_only)
    assert not portability(register, register.data_category("contact-details")).portable
    files = _bundle(register, subject_id="1")
    assert "contact-details" in _ids(files["data.json"])
    assert "contact-details" not in _ids(files["portable.json"])


def test_a_withheld_portable_category_is_not_ported(demo_path: Path) -> None:
    """A portable category the practitioner withholds (Tietosuojalaki § 34) is in no file."""

    def review_appointments(data: dict[str, Any]) -> None:
        appointments = next(c for c in data["data_categories"] if c["id"] == "appointments")
        appointments["review"] = True

    register = _edited(demo_path, review_appointments)
    assert portability(register, register.data_category("appointments")).portable
    withheld = ReviewDecision(
        "appointments",
        release=False,
        reason="Merkinnät koskevat myös toista asiakasta.",
        ground=WithholdGround.RIGHTS_OF_OTHERS,
    )
    options = BundleOptions(
        formats=["json"], generated=WHEN, reference="REQ-1", decisions=(withheld,)
    )
    files = build_bundle(register, identify(subject_id="6"), options)
    assert "appointments" not in _ids(files["data.json"])
    ported = _ids(files["portable.json"])
    assert "appointments" not in ported and "contact-details" in ported
