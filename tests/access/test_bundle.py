"""Access bundles: the files, their permissions, the report, zips, encryption and bulk export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rekisteri.access.bundle import (
    BundleOptions,
    build_bundle,
    write_access_bundle,
    write_all_bundles,
    write_bundle,
)
from rekisteri.access.collect import AmbiguousSubject, Identifier, identify
from rekisteri.access.schema import AccessBundle, schema_text
from rekisteri.access.store import check_store
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.resources import schemas_dir, templates_dir
from store_fixtures import RELEASED, file_digest

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LIGHT = ["html", "json", "csv"]


def _write(register: Register, out: Path, identifier: Identifier, **given: Any) -> Any:
    given.setdefault("formats", LIGHT)
    given.setdefault("decisions", RELEASED)
    options = BundleOptions(generated=WHEN, reference="REQ-1", **given)
    return write_access_bundle(register, out, identifier, options)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_bundle_built_in_memory_is_the_one_written(
    demo_register: Register, tmp_path: Path
) -> None:
    person = identify(email="aino.virtanen@example.com")
    options = BundleOptions(formats=LIGHT, generated=WHEN, reference="REQ-1", decisions=RELEASED)
    files = build_bundle(demo_register, person, options)
    assert {"data.json", "manifest.json", "report.fi.html"} <= set(files)
    assert b'"request_reference": "REQ-1"' in files["manifest.json"]
    written = write_bundle(files, tmp_path / "b", options)
    assert written == tmp_path / "b" and _files(written) == files
    assert {p.stat().st_mode & 0o777 for p in written.rglob("*") if p.is_file()} == {0o600}
    assert _write(demo_register, tmp_path / "c", person).files == sorted(files)
    assert _files(tmp_path / "c") == files
    zipped = write_bundle(files, tmp_path / "z", replace(options, zip=True))
    assert zipped == tmp_path / "z.zip"
    with zipfile.ZipFile(zipped) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == {
            f"z/{path}": content for path, content in files.items()
        }
    with pytest.raises(RekisteriError, match="never overwrites"):
        write_bundle(files, tmp_path / "b", options)


class _Text(HTMLParser):
    """The visible text of an HTML page, and the URLs it would load."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.loads: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name == "src" or (tag == "link" and name == "href"):
                self.loads.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _visible(html: bytes) -> _Text:
    parser = _Text()
    parser.feed(html.decode("utf-8"))
    return parser


# --- one bundle ----------------------------------------------------------------------------


def test_a_bundle_has_every_file_private_and_listed_in_the_manifest(
    demo_register: Register, tmp_path: Path
) -> None:
    result = _write(demo_register, tmp_path / "bundle", identify(email="aino.virtanen@example.com"))
    assert result.found and result.subject_key == 1
    folder = result.path
    files = _files(folder)
    assert sorted(files) == [
        "SHA256SUMS",
        "csv/appointments.csv",
        "csv/billing.csv",
        "csv/contact-details.csv",
        "csv/health.csv",
        "csv/identity.csv",
        "csv/next-of-kin.csv",
        "data.json",
        "manifest.json",
        "portable.json",
        "report.en.html",
        "report.fi.html",
    ]
    assert sorted(files) == sorted(result.files)
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    files.pop("SHA256SUMS")  # the manifest's checksums again, for sha256sum -c
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["request_reference"] == "REQ-1"
    assert manifest["generated"] == "2026-03-02T09:30:00Z"
    assert manifest["notice_version"] == "2024-1"
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files)
    for path, content in files.items():
        assert listed[path]["size"] == len(content)
        assert listed[path]["sha256"] == hashlib.sha256(content).hexdigest()
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_data_json_follows_the_committed_schema(demo_register: Register, tmp_path: Path) -> None:
    assert (schemas_dir() / "access-bundle.schema.json").read_text(encoding="utf-8") == (
        schema_text()
    ), "run: python -c 'from rekisteri.access.schema import schema_text; ...' to regenerate"
    result = _write(demo_register, tmp_path / "b", identify(subject_id="6"))
    data = json.loads((result.path / "data.json").read_text(encoding="utf-8"))
    bundle = AccessBundle.model_validate(data)
    assert bundle.subject is not None and bundle.subject.key == 6
    assert [c.id for c in bundle.categories] == [
        "identity",
        "contact-details",
        "appointments",
        "billing",
        "feedback",
        "marketing-choices",
        "other",
    ]
    billing = next(c for c in bundle.categories if c.id == "billing")
    cases = billing.sources[1]
    assert cases.table == "collection_cases"
    assert cases.title == {"fi": "Perintä", "en": "Debt collection"}
    assert cases.rows[0]["stage"] == "maksumuistutus"
    invoice = billing.sources[0].rows[0]
    assert isinstance(invoice["amount"], str) and invoice["amount"].endswith(".00")


def test_csv_files_open_in_a_spreadsheet(demo_register: Register, tmp_path: Path) -> None:
    result = _write(demo_register, tmp_path / "b", identify(subject_id="1"))
    raw = (result.path / "csv" / "appointments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    # Headed in the register's default language; each row's place by its title.
    assert rows[0][0] == "Taulukko"
    assert {row[0] for row in rows[1:]} <= {"Yhteydenotot", "Tilaukset", "Ajanvaraukset"}
    identity = list(
        csv.DictReader(io.StringIO((result.path / "csv/identity.csv").read_text("utf-8-sig")))
    )
    assert identity == [
        {
            "Etunimi": "Aino",
            "Sukunimi": "Virtanen",
            "Henkilötunnus": "120384-9073",
            "Syntymäaika": "1984-03-12",
        }
    ]


def test_the_report_follows_the_notice_and_marks_third_party_data(
    demo_register: Register, tmp_path: Path
) -> None:
    result = _write(demo_register, tmp_path / "b", identify(subject_id="1"))
    fi = _visible((result.path / "report.fi.html").read_bytes())
    en = _visible((result.path / "report.en.html").read_bytes())
    assert fi.loads == [] and en.loads == []
    for category in demo_register.data_categories:
        if category.id in ("feedback", "other"):
            continue
        assert category.name.get("fi") in fi.text
        assert category.name.get("en") in en.text
    assert "Jäljennös henkilötiedoistasi" in fi.text
    assert "Copy of your personal data" in en.text
    # Purposes with legal bases, source, recipients and retention of a category.
    assert "Legal obligation" in en.text or "legal obligation" in en.text
    assert "Art. 6(1)(c)" in en.text
    assert "Ajanvaraus Oy" in en.text
    assert "12 years from the patient's death" in en.text
    # Transfers (15(2)), automated decisions (15(1)(h)), rights and complaint route.
    assert "No data is transferred outside the EU" in en.text
    assert "I do not use the data for automated decision-making" in en.text
    assert "Right to rectification" in en.text
    assert "Office of the Data Protection Ombudsman" in en.text
    assert "Tietosuojavaltuutetun toimisto" in fi.text
    # Kalle Virtanen is Aino's next of kin: his name and phone are marked as another's data.
    html = (result.path / "report.en.html").read_text(encoding="utf-8")
    assert "Kalle Virtanen" in html
    # The whole category is about another person, so every column is marked.
    assert html.count('<span class="third-party-mark">') == 3
    assert "GDPR Art. 15(4)" in en.text
    # Feedback and other data hold nothing about Aino: said so, not left out silently.
    assert "I hold no such data about you" in en.text
    assert "Client feedback" in en.text.split("I hold no such data about you")[1]
    assert "Direct marketing consents and bans" in en.text.split("no such data about you")[1]


def _variant(demo_path: Path, edit: Callable[[dict[str, Any]], None]) -> Register:
    """The demo register with ``edit`` applied to its TOML data, beside the same store."""
    data = tomllib.loads(demo_path.read_text(encoding="utf-8"))
    edit(data)
    demo_path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return load_register(demo_path)


def _report(register: Register, out: Path, lang: str = "en") -> str:
    result = _write(register, out, identify(subject_id="1"))
    return _visible((result.path / f"report.{lang}.html").read_bytes()).text


def test_the_report_names_each_source_by_its_kind(demo_register: Register, tmp_path: Path) -> None:
    en = _report(demo_register, tmp_path / "b")
    fi = _report(demo_register, tmp_path / "c", "fi")
    # Next of kin: given by the client, or by the relative (a third party, Art. 15(1)(g)).
    assert "The client themselves (given by you)" in en
    assert "Clients' next of kin (a third party)" in en
    assert "Asiakkaiden lähiomaiset (kolmas osapuoli)" in fi


def test_sections_the_register_does_not_state_are_left_out(demo_path: Path, tmp_path: Path) -> None:
    def unstate(data: dict[str, Any]) -> None:
        for key in ("transfers", "automated_decisions", "rights", "recipients", "processors"):
            del data[key]

    text = _report(_variant(demo_path, unstate), tmp_path / "b")
    # Nothing said about transfers, automated decisions, the complaint route or recipients:
    # neither the negative sentences nor the Ombudsman that no register line names.
    for absent in (
        "Transfers outside the EU and the EEA",
        "not transferred",
        "Automated decision-making and profiling",
        "Office of the Data Protection Ombudsman",
        "Right to lodge a complaint",
        "Not disclosed to anyone.",
        "Recipients",
    ):
        assert absent not in text, absent
    # What the register does state is still there.
    assert "12 years from the patient's death" in text


def test_recipients_stated_none_are_said_as_none(demo_path: Path, tmp_path: Path) -> None:
    def nobody(data: dict[str, Any]) -> None:
        data["recipients"] = "none"
        data["processors"] = "none"

    text = _report(_variant(demo_path, nobody), tmp_path / "b")
    assert "Not disclosed to anyone." in text
    assert "Ajanvaraus Oy" not in text


def test_transfers_give_every_safeguard_the_register_states(
    demo_path: Path, tmp_path: Path
) -> None:
    def abroad(data: dict[str, Any]) -> None:
        data["processors"].append(
            {"id": "mail", "role": {"fi": "Uutiskirjeet", "en": "Newsletters"}, "country": "US"}
        )
        data["transfers"] = {
            "destinations": [
                {
                    "processor": "mail",
                    "country": "US",
                    "safeguards": ["data_privacy_framework", "standard_contractual_clauses"],
                }
            ]
        }

    text = _report(_variant(demo_path, abroad), tmp_path / "b")
    transfers = text.split("Transfers outside the EU and the EEA")[1]
    assert "United States" in transfers
    assert "Data Privacy Framework" in transfers
    assert "Standard contractual clauses" in transfers
    # A processor the register describes by its role only is named by it, with no country
    # made up for it.
    assert "Newsletters" in text


def test_no_match_writes_the_confirmation_letter(demo_register: Register, tmp_path: Path) -> None:
    result = _write(demo_register, tmp_path / "letter", identify(email="Someone@Example.org"))
    assert not result.found
    assert sorted(result.files) == [
        "SHA256SUMS",
        "data.json",
        "manifest.json",
        "report.en.html",
        "report.fi.html",
    ]
    en = _visible((result.path / "report.en.html").read_bytes()).text
    assert "I do not process any personal data about you" in en
    assert "someone@example.org" in en
    assert "Office of the Data Protection Ombudsman" in en
    data = json.loads((result.path / "data.json").read_text(encoding="utf-8"))
    assert data["found"] is False and data["categories"] == [] and data["subject"] is None
    AccessBundle.model_validate(data)
    letter = _write(demo_register, tmp_path / "letter2", identify(hetu="010101-123N"))
    text = _visible((letter.path / "report.fi.html").read_bytes()).text
    assert "Henkilötunnus 010101****" in text
    assert "123N" not in text


def test_an_existing_bundle_is_never_overwritten(demo_register: Register, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RekisteriError, match="never overwrites"):
        _write(demo_register, target, identify(subject_id="1"))
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_several_matches_write_nothing(demo_register: Register, tmp_path: Path) -> None:
    with pytest.raises(AmbiguousSubject):
        _write(demo_register, tmp_path / "out" / "bundle", identify(phone="019 456 7788"))
    assert not (tmp_path / "out").exists()


def test_output_is_deterministic(demo_register: Register, tmp_path: Path) -> None:
    first = _write(demo_register, tmp_path / "a", identify(subject_id="9"))
    second = _write(demo_register, tmp_path / "b", identify(subject_id="9"))
    assert _files(first.path) == _files(second.path)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"languages": ["sv"]}, "the notice is written in fi, en, not in 'sv'"),
        ({"formats": ["html", "docx"]}, "unknown bundle format docx"),
        ({"passphrase": "short"}, "too short"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(
    demo_register: Register, tmp_path: Path, options: dict[str, Any], expected: str
) -> None:
    with pytest.raises(RekisteriError, match=expected):
        _write(demo_register, tmp_path / "out" / "b", identify(subject_id="1"), **options)
    assert not (tmp_path / "out").exists()


def test_one_language_and_user_templates(demo_register: Register, tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "access"
    templates.mkdir(parents=True)
    (templates / "report.html.j2").write_text(
        '{% extends "default:access/report.html.j2" %}'
        '{% block head %}<meta name="x-practice" content="custom">{% endblock %}',
        encoding="utf-8",
    )
    result = _write(
        demo_register,
        tmp_path / "b",
        identify(subject_id="2"),
        languages=["en"],
        templates=templates.parent,
    )
    assert [f for f in result.files if f.startswith("report")] == ["report.en.html"]
    assert 'content="custom"' in (result.path / "report.en.html").read_text(encoding="utf-8")


def test_the_access_catalogs_translate_every_message() -> None:
    from babel.messages.pofile import read_po

    catalogs = {}
    for lang in ("fi", "en"):
        path = templates_dir() / "locale" / lang / "LC_MESSAGES" / "access.po"
        with path.open("rb") as handle:
            catalogs[lang] = read_po(handle, locale=lang)
    ids = [{m.id for m in c if m.id} for c in catalogs.values()]
    assert ids[0] == ids[1]
    for catalog in catalogs.values():
        assert all(m.string and not m.fuzzy for m in catalog if m.id)


# --- zip, encryption, PDF ------------------------------------------------------------------


def test_zip_packs_the_folder_deterministically(demo_register: Register, tmp_path: Path) -> None:
    result = _write(
        demo_register, tmp_path / "out" / "asiakas-1", identify(subject_id="1"), zip=True
    )
    assert result.path == tmp_path / "out" / "asiakas-1.zip"
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in result.path.parent.iterdir()) == ["asiakas-1.zip"]
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        assert "asiakas-1/data.json" in names and "asiakas-1/csv/identity.csv" in names
        manifest = json.loads(archive.read("asiakas-1/manifest.json"))
        for entry in manifest["files"]:
            content = archive.read(f"asiakas-1/{entry['path']}")
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
    again = _write(
        demo_register, tmp_path / "again" / "asiakas-1", identify(subject_id="1"), zip=True
    )
    assert again.path.read_bytes() == result.path.read_bytes()


@pytest.mark.slow
def test_encrypted_zip_and_pdf_open_only_with_the_passphrase(
    demo_register: Register, tmp_path: Path
) -> None:
    import pyzipper
    from pypdf import PdfReader

    secret = "correct horse battery staple"
    result = _write(
        demo_register,
        tmp_path / "b",
        identify(subject_id="13"),
        languages=["fi"],
        formats=["pdf", "json"],
        zip=True,
        passphrase=secret,
    )
    with zipfile.ZipFile(result.path) as plain, pytest.raises(RuntimeError, match="encrypted"):
        plain.read("b/data.json")
    with pyzipper.AESZipFile(result.path) as archive:
        archive.setpassword(secret.encode())
        data = json.loads(archive.read("b/data.json"))
        pdf = archive.read("b/report.fi.pdf")
        with pytest.raises(RuntimeError):
            archive.setpassword(b"wrong passphrase")
            archive.read("b/data.json")
    assert data["subject"]["key"] == 13
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    assert reader.decrypt("wrong passphrase") == 0
    assert reader.decrypt(secret) != 0
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jäljennös henkilötiedoistasi" in text
    assert "Katja" in text and "Yhteystiedot" in text


@pytest.mark.slow
def test_pdf_report_without_encryption(demo_register: Register, tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = _write(
        demo_register, tmp_path / "b", identify(subject_id="1"), languages=["en"], formats=["pdf"]
    )
    reader = PdfReader(result.path / "report.en.pdf")
    assert not reader.is_encrypted
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Copy of your personal data" in text and "Kalle Virtanen" in text
    assert reader.metadata is not None and reader.metadata.author == "Tmi Terhi Kallio"


def test_encrypt_without_zip_warns_that_other_files_are_plain(
    demo_register: Register, tmp_path: Path
) -> None:
    result = _write(
        demo_register,
        tmp_path / "b",
        identify(subject_id="1"),
        formats=["json"],
        passphrase="x" * 12,
    )
    assert any("only the PDF reports are encrypted" in w for w in result.warnings)


# --- bulk (the run record, shared folders and passphrases: test_bulk.py) -----------------


def test_no_command_changes_the_store_file(demo_path: Path, tmp_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    before = file_digest(database)
    stamp = os.stat(database).st_mtime_ns
    register = load_register(demo_path)
    _write(register, tmp_path / "one", identify(subject_id="3"))
    _write(register, tmp_path / "none", identify(email="nobody@example.com"))
    with pytest.raises(AmbiguousSubject):
        _write(register, tmp_path / "two", identify(phone="019 456 7788"))
    write_all_bundles(
        register, tmp_path / "all", BundleOptions(formats=["json"], decisions=RELEASED)
    )
    check_store(register)
    assert file_digest(database) == before
    assert os.stat(database).st_mtime_ns == stamp
    assert sorted(p.name for p in demo_path.parent.iterdir() if "asiakkaat" in p.name) == [
        "asiakkaat.sqlite"
    ]


def test_sha256sum_checks_a_bundle_and_finds_an_altered_file(
    demo_register: Register, tmp_path: Path
) -> None:
    """`sha256sum -c SHA256SUMS` in the bundle, as the README tells the client (issue 16)."""
    import shutil
    import subprocess

    result = _write(demo_register, tmp_path / "b", identify(email="aino.virtanen@example.com"))
    sums = (result.path / "SHA256SUMS").read_text(encoding="utf-8")
    listed = [line.split("  ", 1)[1] for line in sums.splitlines()]
    on_disk = sorted(str(p.relative_to(result.path)) for p in result.path.rglob("*") if p.is_file())
    assert listed == sorted(set(on_disk) - {"SHA256SUMS"})  # every file, manifest.json too
    tool = shutil.which("sha256sum")
    assert tool is not None
    checked = subprocess.run([tool, "-c", "--strict", "SHA256SUMS"], cwd=result.path)
    assert checked.returncode == 0
    (result.path / "data.json").write_bytes(b"{}\n")
    altered = subprocess.run(
        [tool, "-c", "SHA256SUMS"], cwd=result.path, capture_output=True, text=True
    )
    assert altered.returncode == 1 and "data.json: FAILED" in altered.stdout


def _qpdf() -> str:
    import shutil

    tool = shutil.which("qpdf")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("qpdf is missing (CI=true, so this test cannot be skipped; see .ci/run)")
        pytest.skip("qpdf is missing: install qpdf")
    return tool


def test_an_encrypted_report_says_the_pdf_version_its_aes_needs(
    demo_register: Register, tmp_path: Path
) -> None:
    """AES-256 is PDF 1.7 extension level 8 (or 2.0); the tags, /Lang and the PDF/UA
    metadata survive the encryption (issue 16)."""
    import subprocess

    from pypdf import PdfReader

    result = _write(
        demo_register,
        tmp_path / "b",
        identify(email="aino.virtanen@example.com"),
        formats=["pdf"],
        passphrase="correct horse battery",
    )
    pdf = result.path / "report.fi.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-1.7\n")
    checked = subprocess.run(
        [_qpdf(), "--check", "--password=correct horse battery", str(pdf)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PDF Version: 1.7 extension level 8" in checked.stdout
    assert "R = 6" in checked.stdout  # the AES-256 security handler
    reader = PdfReader(pdf)
    assert reader.is_encrypted and reader.decrypt("correct horse battery")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fi"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert b"pdfuaid" in root["/Metadata"].get_data()


def _stand_in_pdf(html: str, context: Any, options: Any) -> bytes:
    """A PDF stand-in saying which page it was made from and by which process."""
    return f"{hashlib.sha256(html.encode()).hexdigest()} {os.getpid()}".encode()


def test_one_bundles_pdfs_are_rendered_side_by_side(
    demo_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 5: the report's PDFs in each language render on the machine's cores,
    each in its own forked renderer, into the same bundle as one by one."""
    from rekisteri.access import bundle
    from rekisteri.documents import pdf_pool

    monkeypatch.setattr(bundle, "_pdf", _stand_in_pdf)
    person = identify(email="aino.virtanen@example.com")
    options = BundleOptions(
        formats=["json", "pdf"], languages=["fi", "en"], generated=WHEN, reference="REQ-1",
        decisions=RELEASED,
    )  # fmt: skip
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 1)
    here = build_bundle(demo_register, person, options)
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 2)
    forked = build_bundle(demo_register, person, options)
    assert list(here) == list(forked) and {"report.fi.pdf", "report.en.pdf"} <= set(here)
    pages = {p: here[p].split()[0] for p in ("report.fi.pdf", "report.en.pdf")}
    assert pages == {p: forked[p].split()[0] for p in pages} and len(set(pages.values())) == 2
    assert {int(here[p].split()[1]) for p in pages} == {os.getpid()}
    pids = {int(forked[p].split()[1]) for p in pages}
    assert len(pids) == 2 and os.getpid() not in pids
    # The manifest lists the same files with their sizes: only the renderer's pid differs.
    assert (
        json.loads(here["manifest.json"])["files"][0]
        == json.loads(forked["manifest.json"])["files"][0]
    )
