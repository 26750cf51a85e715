"""The version archive of a published notice.

The GDPR asks a controller to be able to show what its notice said when (accountability, Art.
5(2)), and to tell people before a new purpose starts (Art. 13(3)). So `publish` never discards a
published version: when the register changed since the last publication, the files then
published move to ``versions/<label>/``, and ``versions/index.json`` lists every version with its
dates, the SHA-256 of its ``notice.json`` and its changes from the version before, already put
into words in each language. A page per language (``versions.<lang>.html``) shows that list and
the current notice links to it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rekisteri.errors import RekisteriError
from rekisteri.model import Register

VERSIONS_DIR = "versions"
INDEX_FILE = "versions/index.json"
DATA_FILE = "notice.json"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArchivedChange:
    """One change from the version before, in every language of the notice."""

    messages: dict[str, str]
    inform: bool
    consent: bool


@dataclass(frozen=True)
class Version:
    """One published version of the notice."""

    label: str
    effective: str | None
    updated: str | None
    sha256: str
    folder: str
    """Where its files are, relative to the publication folder ('.' for the current one)."""
    files: tuple[str, ...]
    changes: tuple[ArchivedChange, ...] | None
    """Changes from the version before; None for the first version known."""

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "effective": self.effective,
            "updated": self.updated,
            "sha256": self.sha256,
            "folder": self.folder,
            "files": list(self.files),
            "changes": None
            if self.changes is None
            else [
                {"messages": c.messages, "inform": c.inform, "consent": c.consent}
                for c in self.changes
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Version:
        changes = data.get("changes")
        return cls(
            label=str(data["label"]),
            effective=data.get("effective"),
            updated=data.get("updated"),
            sha256=str(data["sha256"]),
            folder=str(data["folder"]),
            files=tuple(str(f) for f in data.get("files", [])),
            changes=None
            if changes is None
            else tuple(
                ArchivedChange(dict(c["messages"]), bool(c["inform"]), bool(c["consent"]))
                for c in changes
            ),
        )


@dataclass(frozen=True)
class ArchivePlan:
    """What publishing the new version does to the archive: files to copy and the new index."""

    copies: dict[Path, bytes]
    versions: tuple[Version, ...]
    """Every version, oldest first; the last is the one being published."""

    def index_json(self) -> str:
        data = [v.to_json() for v in self.versions]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_archive(
    register: Register, out_dir: Path, new_data: str, current_files: list[str]
) -> ArchivePlan:
    """Decide how the archive changes when ``register`` is published into ``out_dir``.

    ``new_data`` is the new ``notice.json`` text; ``current_files`` the names the new
    publication writes at the top of ``out_dir``.
    """
    versions = _read_index(out_dir)
    previous_data = _read(out_dir / DATA_FILE)
    new_sha = sha256_text(new_data)
    copies: dict[Path, bytes] = {}
    if previous_data is None or sha256_text(previous_data) == new_sha:
        # First publication, or the same register published again: nothing to archive.
        if not versions or versions[-1].sha256 != new_sha:
            versions = [*versions, _version(register, new_sha, ".", current_files, None)]
        return ArchivePlan(copies, tuple(versions))

    previous = _load_previous(previous_data, out_dir)
    previous_sha = sha256_text(previous_data)
    if not versions or versions[-1].sha256 != previous_sha:
        # Published before the archive existed: start it with what is there now.
        files = [name for name in _published_names(previous) if (out_dir / name).is_file()]
        versions.append(_version(previous, previous_sha, ".", files, None))
    last = versions[-1]
    folder = _free_folder(out_dir, last.label, {v.folder for v in versions})
    for name in last.files:
        source = out_dir / name
        if source.is_file():
            copies[out_dir / folder / name] = source.read_bytes()
    versions[-1] = Version(
        last.label, last.effective, last.updated, last.sha256, folder, last.files, last.changes
    )
    changes = _changes(previous, register)
    versions.append(_version(register, new_sha, ".", current_files, changes))
    return ArchivePlan(copies, tuple(versions))


def _version(
    register: Register,
    sha: str,
    folder: str,
    files: list[str],
    changes: tuple[ArchivedChange, ...] | None,
) -> Version:
    notice = register.notice
    label = notice.version or (notice.effective.isoformat() if notice.effective else sha[:12])
    return Version(
        label=label,
        effective=notice.effective.isoformat() if notice.effective else None,
        updated=notice.updated.isoformat() if notice.updated else None,
        sha256=sha,
        folder=folder,
        files=tuple(sorted(files)),
        changes=changes,
    )


def _changes(old: Register, new: Register) -> tuple[ArchivedChange, ...] | None:
    from rekisteri.diff import describe, diff_registers

    if set(old.languages) != set(new.languages):
        # The notice changed language; a sentence-by-sentence diff would say little.
        return None
    result = []
    for change in diff_registers(old, new):
        messages = {lang: describe(change, old, new, lang) for lang in new.languages}
        result.append(ArchivedChange(messages, change.inform, change.consent))
    return tuple(result)


def _published_names(register: Register) -> list[str]:
    from rekisteri.notice import notice_slug

    slug = notice_slug(register)
    names = [DATA_FILE, "index.html"]
    for lang in register.languages:
        names += [f"{slug}.{lang}.html", f"{slug}.{lang}.pdf"]
    return names


def _free_folder(out_dir: Path, label: str, taken: set[str]) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip(".-") or "version"
    candidate, number = f"{VERSIONS_DIR}/{safe}", 2
    while candidate in taken or (out_dir / candidate).exists():
        candidate, number = f"{VERSIONS_DIR}/{safe}-{number}", number + 1
    return candidate


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise RekisteriError(f"{path}: cannot read the earlier publication: {exc}") from None


def _read_index(out_dir: Path) -> list[Version]:
    text = _read(out_dir / INDEX_FILE)
    if text is None:
        return []
    try:
        return [Version.from_json(item) for item in json.loads(text)]
    except (ValueError, KeyError, TypeError) as exc:
        raise RekisteriError(
            f"{out_dir / INDEX_FILE}: the version archive is damaged ({exc}); restore it from "
            "a backup — rekisteri does not overwrite it"
        ) from None


def _load_previous(text: str, out_dir: Path) -> Register:
    from rekisteri.model import iter_texts

    try:
        previous = Register.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise RekisteriError(
            f"{out_dir / DATA_FILE}: the published notice.json cannot be read ({first}); "
            "move it away to publish into this folder, or publish into a new folder"
        ) from None
    for _, item in iter_texts(previous):
        item.resolve(previous.default_language)
    previous.source_path = out_dir / DATA_FILE
    return previous


def versions_page(
    versions: tuple[Version, ...], register: Register, lang: str, templates: Path | None
) -> str:
    """``versions.<lang>.html``: every published version, newest first, with its changes."""
    from datetime import date

    from rekisteri import i18n, templating

    def day(value: str | None) -> str:
        return i18n.format_date(date.fromisoformat(value), lang) if value else ""

    rows = []
    for version in reversed(versions):
        page = next((f for f in version.files if f.endswith(f".{lang}.html")), None)
        href = (
            None if page is None else page if version.folder == "." else f"{version.folder}/{page}"
        )
        changes = None
        if version.changes is not None:
            changes = [
                {"message": c.messages.get(lang, ""), "inform": c.inform, "consent": c.consent}
                for c in version.changes
            ]
        rows.append(
            {
                "label": version.label,
                "effective": day(version.effective),
                "updated": day(version.updated),
                "sha256": version.sha256,
                "current": version.folder == ".",
                "href": href,
                "changes": changes,
            }
        )
    env = templating.environment(lang, templates)
    context = {
        "rows": rows,
        "title": register.name.get(lang),
        "controller": register.controller.name,
    }
    return templating.render(env, "notice/versions.html.j2", context)
