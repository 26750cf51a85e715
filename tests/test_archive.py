"""`publish` keeps every earlier version: dates, SHA-256 and the changes from the one before."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rekisteri.errors import RekisteriError
from rekisteri.loading import load_register
from rekisteri.publish import publish

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "terhi-kallio"
MODERN = EXAMPLES / "register.toml"


def _version(tmp_path: Path, name: str, version: str, edit: tuple[str, str] | None = None) -> Path:
    text = MODERN.read_text(encoding="utf-8").replace(
        'version = "2024-1"', f'version = "{version}"'
    )
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NEW_PURPOSE = (
    '[[purposes]]\nid = "billing"',
    '[[purposes]]\nid = "newsletter"\nname = { fi = "Uutiskirje", en = "Newsletter" }\n'
    'legal_basis = "consent"\n\n[[purposes]]\nid = "billing"',
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "script":
            self.scripts.append(values.get("type"))


def test_first_publication_starts_the_archive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [v["label"] for v in versions] == ["2024-1"]
    assert versions[0]["folder"] == "."
    assert versions[0]["sha256"] == _sha(site / "notice.json")
    assert versions[0]["effective"] == "2024-01-15"
    assert versions[0]["changes"] is None
    page = _Anchors()
    page.feed((site / "tietosuojaseloste.fi.html").read_text(encoding="utf-8"))
    assert "versions.fi.html" in page.hrefs
    # The notice's JSON-LD is embedded; it is data, not a script that runs.
    assert page.scripts == ["application/ld+json"]


def test_a_changed_register_moves_the_earlier_version_into_the_archive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    v1_page = (site / "tietosuojaseloste.fi.html").read_bytes()
    v1_data = (site / "notice.json").read_bytes()
    v2 = load_register(_version(tmp_path, "v2.toml", "2025-1", NEW_PURPOSE))
    written = publish(v2, site, pdf=False)  # no --force needed: nothing is lost

    archived = site / "versions" / "2024-1"
    assert (archived / "tietosuojaseloste.fi.html").read_bytes() == v1_page
    assert (archived / "notice.json").read_bytes() == v1_data
    assert archived / "notice.json" in written
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [(v["label"], v["folder"]) for v in versions] == [
        ("2024-1", "versions/2024-1"),
        ("2025-1", "."),
    ]
    assert versions[0]["sha256"] == hashlib.sha256(v1_data).hexdigest()
    assert versions[1]["sha256"] == _sha(site / "notice.json")
    changes = versions[1]["changes"]
    assert [c["messages"]["en"] for c in changes] == ["Purpose added: Newsletter"]
    assert changes[0]["messages"]["fi"] == "Käsittelyn tarkoitus lisätty: Uutiskirje"
    assert changes[0]["inform"] is True and changes[0]["consent"] is True

    listing = (site / "versions.en.html").read_text(encoding="utf-8")
    anchors = _Anchors()
    anchors.feed(listing)
    assert "versions/2024-1/tietosuojaseloste.en.html" in anchors.hrefs
    assert listing.index("2025-1") < listing.index("2024-1")  # newest first
    assert "Purpose added: Newsletter" in listing
    assert "You will be told before this processing starts." in listing


def test_three_versions_each_keep_their_diff(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    v3 = _version(tmp_path, "v3.toml", "3", ('period = "P2Y"', 'period = "P3Y"'))
    publish(load_register(v3), site, pdf=False)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [v["folder"] for v in versions] == ["versions/1", "versions/2", "."]
    # v3 starts from v1's text, so against v2 the newsletter purpose is removed again.
    v3_changes = [c["messages"]["en"] for c in versions[2]["changes"]]
    assert "Purpose removed: Newsletter" in v3_changes
    assert any("P2Y" in m and "P3Y" in m for m in v3_changes)
    assert (site / "versions" / "2" / "notice.json").is_file()


def test_republishing_the_same_register_needs_force_and_adds_no_version(tmp_path: Path) -> None:
    site = tmp_path / "site"
    register = load_register(_version(tmp_path, "v1.toml", "1"))
    publish(register, site, pdf=False)
    with pytest.raises(RekisteriError, match="already exists"):
        publish(register, site, pdf=False)
    publish(register, site, pdf=False, force=True)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert len(versions) == 1
    assert not (site / "versions" / "1").exists()


def test_a_damaged_archive_is_reported_and_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    index = site / "versions" / "index.json"
    index.write_text("{ not json", encoding="utf-8")
    before = sorted(p.name for p in site.rglob("*"))
    with pytest.raises(RekisteriError, match="damaged"):
        publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    assert index.read_text(encoding="utf-8") == "{ not json"
    assert sorted(p.name for p in site.rglob("*")) == before


def test_an_unreadable_earlier_notice_json_is_reported(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    (site / "notice.json").write_text('{"name": 1}', encoding="utf-8")
    with pytest.raises(RekisteriError, match=r"notice\.json cannot be read"):
        publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)


def test_a_publication_from_before_the_archive_is_archived_too(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    (site / "versions" / "index.json").unlink()
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [v["folder"] for v in versions] == ["versions/1", "."]
    assert (site / "versions" / "1" / "tietosuojaseloste.en.html").is_file()
