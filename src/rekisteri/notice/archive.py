"""The version archive of a published notice.

The GDPR asks a controller to be able to show what its notice said when (accountability, Art.
5(2)), and to tell people before a new purpose starts (Art. 13(3)). So `publish` never discards a
published version: when the register changed since the last publication, the files then
published move to ``versions/<label>/``, and ``versions/index.json`` lists every version with its
dates, the SHA-256 of its ``notice.json`` and its changes from the version before, already put
into words in each language. A page per language (``versions.<lang>.html``) shows that list and
the current notice links to it.

An archived page says, in a banner at its top, that it is an earlier version and until when it
was valid, and links to the current notice; its links to files that stay at the top of the
folder (the versions page) are rewritten for its place two folders down, so that every link in
it still works. Its ``notice.json`` is archived byte for byte, so the SHA-256 in the index still
identifies what was published.

The index is read back on every publication and decides which files are read and written, so
every entry is checked first: a folder the tool would not have written, a file name with a path
separator or ``..``, or anything that leads out of the publication folder (a symbolic link
included) is an error naming the file and the entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rekisteri.documents import i18n
from rekisteri.documents.phrases import notice_slug
from rekisteri.errors import RekisteriError, format_loc
from rekisteri.notice.changes import describe
from rekisteri.register.diff import diff_registers
from rekisteri.register.loading import located_error
from rekisteri.register.model import Register, iter_texts

VERSIONS_DIR = "versions"
INDEX_FILE = "versions/index.json"
DATA_FILE = "notice.json"

# One path component as the tool writes a version folder: see _free_folder.
_FOLDER_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PUBLISHED_SUFFIXES = (".html", ".pdf", ".json")
_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_published_name(name: str) -> bool:
    """Whether ``name`` is a file name the tool writes at the top of a publication folder."""
    return (
        bool(name)
        and not _UNSAFE.search(name)
        and ".." not in name
        and not name.startswith(".")
        and name.endswith(_PUBLISHED_SUFFIXES)
    )


def is_version_folder(folder: str) -> bool:
    """Whether ``folder`` is '.' or a ``versions/<label>`` folder as the tool names them."""
    if folder == ".":
        return True
    parent, _, name = folder.partition("/")
    return parent == VERSIONS_DIR and ".." not in name and bool(_FOLDER_NAME.fullmatch(name))


def inside(site: Path, name: str) -> Path:
    """``site / name`` after making sure that it stays inside ``site``, symbolic links resolved.

    ``site`` is the publication folder's real path. Raises :class:`RekisteriError` for a path
    that leads anywhere else: rekisteri reads and writes nothing outside that folder.
    """
    path = site / name
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(site) or Path(name).is_absolute():
        raise RekisteriError(
            f"{path}: leads out of the publication folder {site} (to {real}); rekisteri "
            "reads and writes only inside it — remove the symbolic link or the entry"
        )
    return path


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
    def from_json(cls, data: Any) -> Version:
        """One entry of ``versions/index.json``; :class:`_BadEntry` says what is wrong with it."""
        if not isinstance(data, dict):
            raise _BadEntry((), "is not an object")
        label = _field(data, "label", str)
        if not label.strip() or _CONTROL.search(label):
            raise _BadEntry(("label",), f"{label!r} is not a version label")
        sha = _field(data, "sha256", str)
        if not _SHA256.fullmatch(sha):
            raise _BadEntry(("sha256",), f"{sha!r} is not a SHA-256 in hexadecimal")
        folder = _field(data, "folder", str)
        if not is_version_folder(folder):
            raise _BadEntry(
                ("folder",), f"{folder!r} is not '.' or a folder versions/<label> rekisteri writes"
            )
        files = _field(data, "files", list)
        for number, name in enumerate(files):
            if not isinstance(name, str) or not is_published_name(name):
                raise _BadEntry(
                    ("files", number),
                    f"{name!r} is not the name of a file rekisteri publishes (a plain name "
                    "ending in .html, .pdf or .json, without a path separator or '..')",
                )
        return cls(
            label=label,
            effective=_day(data, "effective"),
            updated=_day(data, "updated"),
            sha256=sha,
            folder=folder,
            files=tuple(files),
            changes=_changes_from_json(data.get("changes")),
        )


class _BadEntry(Exception):
    def __init__(self, loc: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.loc = loc
        self.problem = problem


def _field(data: dict[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise _BadEntry((key,), f"is missing or not a {kind.__name__}")
    return value


def _day(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        date.fromisoformat(str(value))
    except ValueError:
        raise _BadEntry((key,), f"{value!r} is not a date like 2024-01-15") from None
    return str(value)


def _changes_from_json(changes: Any) -> tuple[ArchivedChange, ...] | None:
    if changes is None:
        return None
    if not isinstance(changes, list):
        raise _BadEntry(("changes",), "is not a list")
    result = []
    for number, change in enumerate(changes):
        messages = change.get("messages") if isinstance(change, dict) else None
        if (
            not isinstance(messages, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in messages.items())
            or not isinstance(change.get("inform"), bool)
            or not isinstance(change.get("consent"), bool)
        ):
            raise _BadEntry(
                ("changes", number), "is not {messages: {lang: text}, inform: bool, consent: bool}"
            )
        result.append(ArchivedChange(dict(messages), change["inform"], change["consent"]))
    return tuple(result)


@dataclass(frozen=True)
class ArchivePlan:
    """What publishing the new version does to the archive."""

    copies: dict[str, bytes]
    """Files to write into the version folder of the earlier version, by name in the site."""
    sources: dict[str, bytes]
    """The published files those copies were made from, as read."""
    versions: tuple[Version, ...]
    """Every version, oldest first; the last is the one being published."""

    @property
    def archived(self) -> bool:
        """Whether the earlier version moves into the archive, so its files may be replaced."""
        return bool(self.copies)

    def index_json(self) -> str:
        data = [v.to_json() for v in self.versions]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_archive(
    register: Register,
    site: Path,
    new_data: str,
    current_files: list[str],
    *,
    templates: Path | None = None,
) -> ArchivePlan:
    """Decide how the archive changes when ``register`` is published into ``site``.

    ``site`` is the publication folder's real path; ``new_data`` the new ``notice.json`` text;
    ``current_files`` the names the new publication writes at the top of ``site``. A changed
    register that carries the label of a version already published is refused: the archive
    would hold two different notices under one name.
    """
    versions = _read_index(site)
    previous_data = _read(inside(site, DATA_FILE))
    _check_index_matches(site, versions, previous_data)
    new_sha = sha256_text(new_data)
    copies: dict[str, bytes] = {}
    sources: dict[str, bytes] = {}
    if previous_data is not None and versions and same_register(previous_data, new_data):
        # The same register, written by a rekisteri that knows more optional fields (each one
        # null here, absent there): the same version, whose notice.json is now the new text.
        current = versions[-1]
        versions[-1] = Version(
            current.label, current.effective, current.updated, new_sha, current.folder,
            current.files, current.changes,
        )  # fmt: skip
        return ArchivePlan(copies, sources, tuple(versions))
    if previous_data is None or sha256_text(previous_data) == new_sha:
        # First publication, or the same register published again: nothing to archive.
        if not versions:
            versions = [_version(register, new_sha, ".", current_files, None)]
            _refuse_bad_label(register, versions[0].label)
        return ArchivePlan(copies, sources, tuple(versions))

    previous = _load_previous(previous_data, site)
    if not versions:
        # Published before the archive existed: start it with what is there now.
        files = [name for name in _published_names(previous) if inside(site, name).is_file()]
        versions.append(_version(previous, sha256_text(previous_data), ".", files, None))
    last = versions[-1]
    new = _version(register, new_sha, ".", current_files, _changes(previous, register))
    _refuse_taken_label(register, new.label, versions, site)
    _refuse_bad_label(register, new.label)
    folder = _free_folder(site, last.label, {v.folder for v in versions})
    banner = _Banner.for_new(register, templates)
    for name in last.files:
        source = inside(site, name)
        if not source.is_file():
            continue
        data = source.read_bytes()
        sources[name] = data
        copies[f"{folder}/{name}"] = (
            archived_page(data.decode("utf-8"), folder, set(last.files), banner).encode("utf-8")
            if name.endswith(".html")
            else data
        )
    versions[-1] = Version(
        last.label, last.effective, last.updated, last.sha256, folder, last.files, last.changes
    )
    versions.append(new)
    return ArchivePlan(copies, sources, tuple(versions))


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def same_register(published: str, new: str) -> bool:
    """Whether two notice.json texts state the same register: equal once every null is taken
    out, since TOML has no null and a null field is one the register does not state. Text that
    is not JSON is never the same."""
    try:
        return bool(_without_nulls(json.loads(published)) == _without_nulls(json.loads(new)))
    except ValueError:
        return False


def _check_index_matches(site: Path, versions: list[Version], published: str | None) -> None:
    """The index's current version must be the notice.json published beside it."""
    if not versions:
        return
    current = versions[-1]
    if published is None:
        problem = f"{site / DATA_FILE} is missing"
    elif current.folder != "." or current.sha256 != sha256_text(published):
        problem = f"its current version is not the {DATA_FILE} published in {site}"
    else:
        return
    raise RekisteriError.at(
        site / INDEX_FILE,
        f"the version archive does not match the publication: {problem} "
        f"(the index's last version is '{current.label}', SHA-256 {current.sha256})",
        hint=f"restore {DATA_FILE} and {INDEX_FILE} from a backup, or publish into a new folder",
    )


def _refuse_taken_label(
    register: Register, label: str, versions: list[Version], site: Path
) -> None:
    taken = next((v for v in versions if v.label == label), None)
    if taken is None:
        return
    notice = register.notice
    where = "published" if taken.folder == "." else f"archived in {taken.folder}"
    if notice.version is not None:
        key, problem = ("notice", "version"), f"the version is still '{label}'"
        example = f'version = "{_next_label(label)}"'
    else:
        key = ("notice", "effective") if notice.effective else ("notice", "version")
        problem = f"without notice.version the label is '{label}' again"
        example = f'version = "{_next_label(label)}" under [notice]'
    raise _located(
        register,
        key,
        f"the register changed, but {problem}, and version '{label}' is already {where} in "
        f"{site}; one label would stand for two different notices",
        f"give the changed notice a new version, e.g. {example}",
    )


def _refuse_bad_label(register: Register, label: str) -> None:
    # The index would hold a label that reading it back refuses.
    if not label.strip() or _CONTROL.search(label):
        raise _located(
            register,
            ("notice", "version"),
            f"{label!r} cannot label a version: it is empty or holds a control character",
            'give the notice a version such as version = "2024-1"',
        )


def _next_label(label: str) -> str:
    """An example of a new label: the trailing number counted up, or '-2' added."""
    match = re.fullmatch(r"(.*?)(\d+)", label)
    if match and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", label):
        return f"{match.group(1)}{int(match.group(2)) + 1}"
    return f"{label}-2"


def _located(register: Register, loc: tuple[str, ...], message: str, hint: str) -> RekisteriError:
    return located_error(register, loc, message, hint)


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
    if set(old.languages) != set(new.languages):
        # The notice changed language; a sentence-by-sentence diff would say little.
        return None
    result = []
    for change in diff_registers(old, new):
        messages = {lang: describe(change, old, new, lang) for lang in new.languages}
        result.append(ArchivedChange(messages, change.inform, change.consent))
    return tuple(result)


def _published_names(register: Register) -> list[str]:
    slug = notice_slug(register)
    names = [DATA_FILE, "index.html"]
    for lang in register.languages:
        names += [f"{slug}.{lang}.html", f"{slug}.{lang}.pdf"]
    return [name for name in names if is_published_name(name)]


def _free_folder(site: Path, label: str, taken: set[str]) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", label)
    safe = re.sub(r"\.{2,}", ".", safe).strip(".-") or "version"
    candidate, number = f"{VERSIONS_DIR}/{safe}", 2
    while candidate in taken or os.path.lexists(inside(site, candidate)):
        candidate, number = f"{VERSIONS_DIR}/{safe}-{number}", number + 1
    return candidate


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise RekisteriError(f"{path}: cannot read the earlier publication: {exc}") from None


def _read_index(site: Path) -> list[Version]:
    path = inside(site, INDEX_FILE)
    text = _read(path)
    if text is None:
        return []
    hint = "restore it from a backup — rekisteri does not overwrite it"
    try:
        entries = json.loads(text)
    except ValueError as exc:
        raise RekisteriError.at(
            path, f"the version archive is damaged ({exc})", hint=hint
        ) from None
    if not isinstance(entries, list):
        raise RekisteriError.at(path, "the version archive is damaged (not a list)", hint=hint)
    versions: list[Version] = []
    for number, entry in enumerate(entries):
        try:
            version = Version.from_json(entry)
        except _BadEntry as bad:
            label = entry.get("label") if isinstance(entry, dict) else None
            which = f"entry {number}" + (f" ('{label}')" if isinstance(label, str) else "")
            raise RekisteriError.at(
                path,
                f"the version archive is damaged: {which}: {bad.problem}",
                path=format_loc((number, *bad.loc)),
                hint=hint,
            ) from None
        if version.folder == "." and number != len(entries) - 1:
            raise RekisteriError.at(
                path,
                f"the version archive is damaged: entry {number} ('{version.label}') is not the "
                "last but says it is the current publication (folder '.')",
                path=format_loc((number, "folder")),
                hint=hint,
            )
        if any(v.folder == version.folder and v.folder != "." for v in versions):
            raise RekisteriError.at(
                path,
                f"the version archive is damaged: entry {number} ('{version.label}') shares "
                f"the folder {version.folder} with an earlier version",
                path=format_loc((number, "folder")),
                hint=hint,
            )
        versions.append(version)
    return versions


def published_register(site: Path) -> Register | None:
    """The register as it was last published into ``site`` (its ``notice.json``), or None
    when nothing is published there yet. Raises :class:`RekisteriError` for a file that
    cannot be read as a register."""
    folder = Path(os.path.realpath(site))
    text = _read(inside(folder, DATA_FILE)) if folder.is_dir() else None
    return _load_previous(text, folder) if text is not None else None


def _load_previous(text: str, site: Path) -> Register:
    try:
        previous = Register.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise RekisteriError(
            f"{site / DATA_FILE}: the published notice.json cannot be read ({first}); "
            "move it away to publish into this folder, or publish into a new folder"
        ) from None
    for _, item in iter_texts(previous):
        item.resolve(previous.default_language)
    previous.source_path = site / DATA_FILE
    return previous


# --- the archived pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Banner:
    """What an archived page says at its top: until when it was valid, and the current notice."""

    until: date | None
    """The day before the new version took effect; None when the register does not say."""
    current: dict[str, str]
    """The current page in each language of the new publication."""
    default: str
    templates: Path | None

    @classmethod
    def for_new(cls, register: Register, templates: Path | None) -> _Banner:
        effective = register.notice.effective
        slug = notice_slug(register)
        return cls(
            until=effective - timedelta(days=1) if effective else None,
            current={lang: f"{slug}.{lang}.html" for lang in register.languages},
            default=register.default_language,
            templates=templates,
        )

    def html(self, lang: str, up: str) -> str:
        # documents.templating loads Jinja2, needed only when a version banner is drawn.
        from rekisteri.documents import templating

        # The current notice in the page's language, or the index, which leads to the default
        # language, when the new version dropped that language.
        href = up + self.current.get(lang, "index.html")
        shown = lang if lang in self.current else self.default
        env = templating.environment(shown, self.templates)
        until = i18n.format_date(self.until, shown) if self.until else None
        return templating.render(
            env, "notice/archived.html.j2", {"archived": {"until": until, "current": href}}
        )


class _StartTags(HTMLParser):
    """The position and text of every start tag, the document's language, its <body>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        # HTMLParser counts lines at "\n" only (str.splitlines would also split at U+2028…).
        self._lines = [0]
        for line in html.split("\n"):
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.tags: list[tuple[int, str]] = []
        self.lang = ""
        self.body_end: int | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        start = self._lines[line - 1] + column
        text = self.get_starttag_text() or ""
        self.tags.append((start, text))
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "body" and self.body_end is None:
            self.body_end = start + len(text)

    handle_startendtag = handle_starttag


_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")', re.IGNORECASE)
_REFRESH = re.compile(r'(\scontent="\d+;\s*url=)([^"]*)(")', re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def archived_page(html: str, folder: str, kept: set[str], banner: _Banner) -> str:
    """``html`` as it reads from ``folder``: with the banner, and every relative link working.

    A link to a file archived with it (``kept``) stays as it is; a link to anything else is a
    file at the top of the publication folder and is rewritten to lead up there.
    """
    up = "../" * (folder.count("/") + 1)
    parsed = _StartTags(html)
    out: list[str] = []
    done = 0
    for start, text in parsed.tags:
        if html[start : start + len(text)] != text or start < done:
            raise RekisteriError(f"cannot archive the page: its markup at {start} is not {text!r}")
        out.append(html[done:start])
        rewritten = _LINK_ATTRIBUTE.sub(lambda m: _relink(m, up, kept), text)
        out.append(_REFRESH.sub(lambda m: _relink(m, up, kept), rewritten))
        done = start + len(text)
        if start + len(text) == parsed.body_end:
            out.append("\n" + banner.html(parsed.lang, up).rstrip("\n"))
    out.append(html[done:])
    return "".join(out)


def _relink(match: re.Match[str], up: str, kept: set[str]) -> str:
    url = match.group(2)
    path = unescape(re.split(r"[?#]", url, maxsplit=1)[0])
    if not path or path.startswith("/") or _SCHEME.match(url) or path in kept:
        return match.group(0)
    return match.group(1) + up + url + match.group(3)


def versions_page(
    versions: tuple[Version, ...], register: Register, lang: str, templates: Path | None
) -> str:
    """``versions.<lang>.html``: every published version, newest first, with its changes."""
    # documents.templating loads Jinja2, needed only when the versions page is drawn.
    from rekisteri.documents import templating

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
        "controller": register.controller.name_in(lang),
    }
    return templating.render(env, "notice/versions.html.j2", context)
