"""`publish` keeps every earlier version: dates, SHA-256 and the changes from the one before."""

from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rekisteri.errors import RekisteriError
from rekisteri.notice.publish import publish
from rekisteri.register.loading import load_register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "terhi-kallio"
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


ARCHIVED_BANNER = re.compile(r'\n<div class="archived-version".*?</div>', re.DOTALL)


def test_a_changed_register_moves_the_earlier_version_into_the_archive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    v1_page = (site / "tietosuojaseloste.fi.html").read_text(encoding="utf-8")
    v1_data = (site / "notice.json").read_bytes()
    v2 = load_register(_version(tmp_path, "v2.toml", "2025-1", NEW_PURPOSE))
    written = publish(v2, site, pdf=False)  # no --force needed: nothing is lost

    archived = site / "versions" / "2024-1"
    # The page as published, with the banner and its one link to a file that stayed on top.
    page = (archived / "tietosuojaseloste.fi.html").read_text(encoding="utf-8")
    assert len(ARCHIVED_BANNER.findall(page)) == 1
    unbannered = ARCHIVED_BANNER.sub("", page)
    assert unbannered.replace('"../../versions.fi.html"', '"versions.fi.html"') == v1_page
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
    assert [c["messages"]["en"] for c in changes] == ["Purpose “Newsletter” was added."]
    assert changes[0]["messages"]["fi"] == "Käsittelyn tarkoitus ”Uutiskirje” lisättiin."
    assert changes[0]["inform"] is True and changes[0]["consent"] is True

    listing = (site / "versions.en.html").read_text(encoding="utf-8")
    anchors = _Anchors()
    anchors.feed(listing)
    assert "versions/2024-1/tietosuojaseloste.en.html" in anchors.hrefs
    assert listing.index("2025-1") < listing.index("2024-1")  # newest first
    assert "Purpose “Newsletter” was added." in listing
    assert "You will be told before this processing starts." in listing


NEW_EFFECTIVE = ("effective = 2024-01-15", "effective = 2025-03-01")


@pytest.mark.parametrize(
    ("lang", "sentence", "current"),
    [
        (
            "fi",
            "Tämä on selosteen aiempi versio, joka oli voimassa 28.2.2025 asti.",
            "Lue voimassa oleva seloste",
        ),
        (
            "en",
            "This is an earlier version of this notice, valid until 28 February 2025.",
            "Read the current notice",
        ),
    ],
)
def test_an_archived_page_says_until_when_it_was_valid(
    tmp_path: Path, lang: str, sentence: str, current: str
) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    v2 = _version(tmp_path, "v2.toml", "2025-1", NEW_EFFECTIVE)
    publish(load_register(v2), site, pdf=False)
    page = (site / "versions" / "2024-1" / f"tietosuojaseloste.{lang}.html").read_text("utf-8")
    banner = _Text()
    banner.feed(ARCHIVED_BANNER.findall(page)[0])
    assert banner.text() == f"{sentence} {current}"
    assert banner.hrefs == [f"../../tietosuojaseloste.{lang}.html"]


def test_without_a_new_effective_date_the_banner_gives_none(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    v2 = _version(tmp_path, "v2.toml", "2025-1", ("effective = 2024-01-15\n", ""))
    publish(load_register(v2), site, pdf=False)
    page = (site / "versions" / "2024-1" / "tietosuojaseloste.en.html").read_text("utf-8")
    banner = _Text()
    banner.feed(ARCHIVED_BANNER.findall(page)[0])
    assert banner.text() == "This is an earlier version of this notice. Read the current notice"


def test_every_link_in_every_published_page_works(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site)
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    v3 = _version(tmp_path, "v3.toml", "3", ('period = "P2Y"', 'period = "P3Y"'))
    publish(load_register(v3), site, pdf=False)
    pages = sorted(site.rglob("*.html"))
    assert len([p for p in pages if "versions" in p.parent.parts]) == 6
    broken = [link for page in pages for link in _broken_links(site, page)]
    assert broken == []
    # The archived first version still links its own PDFs, archived with it.
    first = (site / "versions" / "1" / "tietosuojaseloste.fi.html").read_text("utf-8")
    assert 'href="tietosuojaseloste.fi.pdf"' in first
    assert (site / "versions" / "1" / "tietosuojaseloste.fi.pdf").read_bytes().startswith(b"%PDF")


def _broken_links(site: Path, page: Path) -> list[str]:
    """Every href, src and refresh target of ``page`` that leads to no file (or no anchor)."""
    links = _Text()
    links.feed(page.read_text(encoding="utf-8"))
    broken = []
    for url in links.hrefs + links.srcs + links.refresh:
        if re.match(r"[a-z][a-z0-9+.-]*:", url):
            assert url.split(":")[0] in ("https", "http", "mailto", "tel", "data"), url
            continue
        path, _, fragment = url.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.is_file() or not target.is_relative_to(site.resolve()):
            broken.append(f"{page.relative_to(site)}: {url}")
        elif fragment:
            ids = _Text()
            ids.feed(target.read_text(encoding="utf-8"))
            if fragment not in ids.ids:
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


class _Text(HTMLParser):
    """Visible text, links and ids of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.refresh: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "href" in values:
            self.hrefs.append(values["href"])
        if "src" in values:
            self.srcs.append(values["src"])
        if values.get("http-equiv") == "refresh":
            self.refresh.append(values["content"].split("url=", 1)[1])
        if "id" in values:
            self.ids.add(values["id"])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def test_any_label_gets_a_folder_the_archive_accepts_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "../2024/1 ..")), site, pdf=False)
    publish(load_register(_version(tmp_path, "v2.toml", "2024/2", NEW_PURPOSE)), site, pdf=False)
    v3 = _version(tmp_path, "v3.toml", "2024/3", ('period = "P2Y"', 'period = "P3Y"'))
    publish(load_register(v3), site, pdf=False)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [(v["label"], v["folder"]) for v in versions] == [
        ("../2024/1 ..", "versions/2024-1"),
        ("2024/2", "versions/2024-2"),
        ("2024/3", "."),
    ]


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
    assert "Purpose “Newsletter” was removed." in v3_changes
    assert any("2 years" in m and "3 years" in m for m in v3_changes)
    assert (site / "versions" / "2" / "notice.json").is_file()


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under ``folder`` (and what a link points at)."""
    return {
        str(p.relative_to(folder)): os.readlink(p) if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


@pytest.mark.parametrize("force", [False, True])
def test_republishing_the_same_register_writes_nothing(tmp_path: Path, force: bool) -> None:
    site = tmp_path / "site"
    register = load_register(_version(tmp_path, "v1.toml", "1"))
    publish(register, site, pdf=False)
    before = _snapshot(site)
    assert publish(register, site, pdf=False, force=force) == []
    assert _snapshot(site) == before
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert len(versions) == 1
    assert not (site / "versions" / "1").exists()


def test_a_changed_register_with_the_same_version_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "2024-1")), site, pdf=False)
    before = _snapshot(site)
    changed = _version(tmp_path, "v2.toml", "2024-1", NEW_PURPOSE)
    with pytest.raises(RekisteriError) as caught:
        publish(load_register(changed), site, pdf=False)
    message = str(caught.value)
    # Located at the key to change, with the example of a new label; no CLI flag named.
    assert message.startswith(f"{changed}:14:1: notice.version: the register changed")
    assert "the version is still '2024-1'" in message
    assert 'hint: give the changed notice a new version, e.g. version = "2024-2"' in message
    assert "--" not in message
    assert _snapshot(site) == before


def test_a_label_of_an_archived_version_is_not_used_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    before = _snapshot(site)
    again = _version(tmp_path, "v3.toml", "1", ('period = "P2Y"', 'period = "P3Y"'))
    with pytest.raises(RekisteriError, match=r"version '1' is already archived in versions/1"):
        publish(load_register(again), site, pdf=False)
    assert _snapshot(site) == before


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
    # As an older rekisteri could have written it: on the list, but no longer a valid register.
    unreadable = '{"name": 1}'
    (site / "notice.json").write_text(unreadable, encoding="utf-8")
    listing = json.loads((site / "versions" / "files.json").read_text(encoding="utf-8"))
    listing["files"]["notice.json"].append(hashlib.sha256(unreadable.encode()).hexdigest())
    (site / "versions" / "files.json").write_text(json.dumps(listing), encoding="utf-8")
    index = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    index[-1]["sha256"] = hashlib.sha256(unreadable.encode()).hexdigest()
    (site / "versions" / "index.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(RekisteriError, match=r"notice\.json cannot be read"):
        publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)


def test_an_edited_page_is_not_archived_as_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    page = site / "tietosuojaseloste.fi.html"
    page.write_text(page.read_text("utf-8").replace("Tmi Terhi Kallio", "Tmi T. K."), "utf-8")
    before = _snapshot(site)
    with pytest.raises(RekisteriError) as caught:
        publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    assert f"{page}: was changed after rekisteri wrote it" in str(caught.value)
    assert _snapshot(site) == before


def _published_with_index(tmp_path: Path) -> tuple[Path, list[dict[str, object]]]:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    index = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    return site, index


@pytest.mark.parametrize(
    ("entry", "key", "value", "named"),
    [
        (1, "files", ["../outside.html"], "[1].files[0]"),
        (1, "files", ["/etc/passwd.html"], "[1].files[0]"),
        (1, "files", ["versions/1/notice.json"], "[1].files[0]"),
        (1, "files", ["a\\b.html"], "[1].files[0]"),
        (1, "files", ["x\u0000.html"], "[1].files[0]"),
        (1, "files", [".htaccess"], "[1].files[0]"),
        (0, "folder", "../outside", "[0].folder"),
        (0, "folder", "/tmp", "[0].folder"),
        (0, "folder", "versions/../..", "[0].folder"),
        (0, "folder", "versions/a/b", "[0].folder"),
        (0, "folder", ".", "[0].folder"),
        (0, "folder", "versions/2", "[0].folder"),
        (0, "sha256", "not a hash", "[0].sha256"),
        (0, "effective", "15.1.2024", "[0].effective"),
        (0, "label", None, "[0].label"),
        (0, "changes", [{"messages": "x"}], "[0].changes[0]"),
    ],
)
def test_a_bad_entry_in_the_archive_is_refused_before_anything_is_read(
    tmp_path: Path, entry: int, key: str, value: object, named: str
) -> None:
    site, index = _published_with_index(tmp_path)
    (tmp_path / "outside.html").write_text("<p>not part of the site</p>", encoding="utf-8")
    if key == "folder" and value == "versions/2":
        index[0]["folder"] = "versions/1"
        index.insert(1, {**index[0], "label": "1b"})
        entry, named = 1, "[1].folder"
    else:
        index[entry][key] = value
    path = site / "versions" / "index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    v3 = _version(tmp_path, "v3.toml", "3", ('period = "P2Y"', 'period = "P3Y"'))
    before = _snapshot(tmp_path)
    with pytest.raises(RekisteriError) as caught:
        publish(load_register(v3), site, pdf=False)
    message = str(caught.value)
    assert message.startswith(f"{path}: {named}: the version archive is damaged: entry {entry}")
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("link", ["versions", "notice.json", "versions/index.json"])
def test_nothing_outside_the_site_is_read_or_written_through_a_link(
    tmp_path: Path, link: str
) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "asiakkaat.sqlite").write_bytes(b"SQLite format 3\x00")
    moved = outside / Path(link).name
    (site / link).rename(moved)
    (site / link).symlink_to(moved)
    v2 = load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE))
    before = _snapshot(tmp_path)
    with pytest.raises(RekisteriError) as caught:
        publish(v2, site, pdf=False)
    assert "leads out of the publication folder" in str(caught.value)
    assert _snapshot(tmp_path) == before


def test_a_publication_from_before_the_archive_is_archived_too(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(_version(tmp_path, "v1.toml", "1")), site, pdf=False)
    (site / "versions" / "index.json").unlink()
    publish(load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE)), site, pdf=False)
    versions = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))
    assert [v["folder"] for v in versions] == ["versions/1", "."]
    assert (site / "versions" / "1" / "tietosuojaseloste.en.html").is_file()


def _without_nulls(value: object, key: str) -> object:
    if isinstance(value, dict):
        return {k: _without_nulls(v, key) for k, v in value.items() if k != key or v is not None}
    if isinstance(value, list):
        return [_without_nulls(item, key) for item in value]
    return value


def test_a_publication_by_an_older_rekisteri_is_the_same_version(tmp_path: Path) -> None:
    """A newer rekisteri writes the fields it added (issue 16's `dpv`) as null into
    notice.json. The register a version without them published is the same register: it gets
    no new version and no "changed" archive entry; the index follows the rewritten file."""
    site = tmp_path / "site"
    register = load_register(_version(tmp_path, "v1.toml", "1"))
    publish(register, site, pdf=False)
    data = json.loads((site / "notice.json").read_text(encoding="utf-8"))
    assert any(category["dpv"] is None for category in data["data_categories"])
    older = json.dumps(_without_nulls(data, "dpv"), ensure_ascii=False, indent=2, sort_keys=True)
    (site / "notice.json").write_text(older + "\n", encoding="utf-8")
    index = site / "versions" / "index.json"
    versions = json.loads(index.read_text(encoding="utf-8"))
    versions[-1]["sha256"] = _sha(site / "notice.json")
    index.write_text(json.dumps(versions), encoding="utf-8")
    # As that older rekisteri would have listed what it wrote.
    manifest = site / "versions" / "files.json"
    written = json.loads(manifest.read_text(encoding="utf-8"))
    for name in ("notice.json", "versions/index.json"):
        written["files"][name].append(_sha(site / name))
    manifest.write_text(json.dumps(written), encoding="utf-8")

    # As for new templates: what the newer rekisteri writes differs, so it asks for --force.
    with pytest.raises(RekisteriError, match="the templates or rekisteri changed"):
        publish(register, site, pdf=False)
    publish(register, site, pdf=False, force=True)
    versions = json.loads(index.read_text(encoding="utf-8"))
    assert len(versions) == 1
    assert versions[0]["sha256"] == _sha(site / "notice.json")
    assert '"dpv": null' in (site / "notice.json").read_text(encoding="utf-8")
    assert not (site / "versions" / "1").exists()
    # A real change is still a new version.
    changed = load_register(_version(tmp_path, "v2.toml", "2", NEW_PURPOSE))
    publish(changed, site, pdf=False)
    assert len(json.loads(index.read_text(encoding="utf-8"))) == 2
