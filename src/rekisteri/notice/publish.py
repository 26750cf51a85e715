"""A folder ready to upload: the notice in every language, its PDFs, an index and the data.

``publish`` writes ``<slug>.<lang>.html`` for each language (linking each other and their PDFs),
``<slug>.<lang>.pdf``, ``index.html`` leading to the default language without JavaScript, and
``notice.json``, the validated register (without its store mapping), so that other tools can
read what the notice says.

The folder is often the business's own web site, with pages rekisteri did not write, so
rekisteri keeps a list of what it wrote there: ``versions/files.json`` names every file with the
SHA-256 of each content rekisteri wrote to it. A file not on the list, or whose content is not
one rekisteri wrote (someone edited it), is never replaced, whatever the options; a file that
is rekisteri's own is replaced only when the register changed (its earlier version is archived
first) or when forced. Publishing the same register again writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from rekisteri.documents import i18n
from rekisteri.documents.phrases import notice_slug
from rekisteri.errors import RekisteriError
from rekisteri.notice.archive import (
    INDEX_FILE,
    ArchivePlan,
    inside,
    is_published_name,
    is_version_folder,
    plan_archive,
    versions_page,
)
from rekisteri.notice.jsonld import jsonld_script
from rekisteri.notice.render import NoticeLinks, PdfBatch, render_html
from rekisteri.output import ensure_dir, write_atomic
from rekisteri.register.model import Layout, Register

INDEX = "index.html"
DATA = "notice.json"
MANIFEST = "versions/files.json"


class ReplaceRefused(RekisteriError):
    """Files rekisteri wrote would get other content for the same version of the notice."""


@dataclass(frozen=True)
class IndexLink:
    lang: str
    href: str
    label: str


@dataclass(frozen=True)
class IndexContext:
    """What ``notice/index.html.j2`` shows: a link to the notice in each language."""

    lang: str
    title: str
    target: str
    """The default language's page, which the index forwards to."""
    links: tuple[IndexLink, ...]
    canonical: str | None = None
    """The default language's page at ``notice.site_url``, the address search engines keep."""


def publish(
    register: Register,
    out_dir: Path,
    *,
    force: bool = False,
    templates: Path | None = None,
    pdf: bool = True,
    variant: str = "pdf/ua-1",
) -> list[Path]:
    """Write the publishable notice folder; returns the files written (none when up to date).

    Everything is rendered and checked before the first file is written. A file rekisteri did
    not write is never replaced; one it wrote is replaced only with ``force`` — except that
    publishing a changed register over an earlier publication copies the earlier files into
    ``versions/`` first (see :mod:`rekisteri.notice.archive`). A changed register must carry a new
    ``notice.version``. ``pdf=False`` leaves the PDFs out (and the links to them).
    """
    site = Path(os.path.realpath(out_dir))
    base = NoticeLinks.for_files(notice_slug(register), register.languages, pdf=pdf)
    links = NoticeLinks(
        pages=base.pages,
        pdfs=base.pdfs,
        versions={lang: f"versions.{lang}.html" for lang in register.languages},
        structured_data=jsonld_script(register),
        site=register.notice.site_url,
    )
    current = [*links.pages.values(), *links.pdfs.values(), INDEX, DATA]
    _check_names(register, current)
    written = _Written.read(site)
    archive = plan_archive(register, site, notice_json(register), current, templates=templates)
    written.check_archived(site, archive.sources)
    files = {
        **archive.copies,
        **_rendered(register, links, archive, templates=templates, pdf=pdf, variant=variant),
    }
    changed = written.to_write(site, files, replace=force or archive.archived)
    if not changed and not written.unrecorded:
        return []
    return [out_dir / name for name in written.write(site, {n: files[n] for n in changed})]


def _rendered(
    register: Register,
    links: NoticeLinks,
    archive: ArchivePlan,
    *,
    templates: Path | None,
    pdf: bool,
    variant: str,
) -> dict[str, bytes]:
    """Every file of the new publication, by its name in the folder."""
    files: dict[str, bytes | str] = {}
    langs = register.languages
    # Where there are cores to spare, the PDFs render in other processes while the pages
    # render here.
    with PdfBatch(register, langs if pdf else [], templates=templates, variant=variant) as pdfs:
        for lang in langs:
            files[links.pages[lang]] = render_html(register, lang, templates=templates, links=links)
            if pdf:
                files[links.pdfs[lang]] = pdfs.pdf(lang)
    for lang in langs:
        files[links.versions[lang]] = versions_page(archive.versions, register, lang, templates)
    files[INDEX] = render_index(register, links, templates=templates)
    files[DATA] = notice_json(register)
    files[INDEX_FILE] = archive.index_json()
    return {name: _bytes(content) for name, content in files.items()}


def _bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_names(register: Register, names: list[str]) -> None:
    bad = [name for name in names if not is_published_name(name)]
    if bad:
        raise RekisteriError(
            f"cannot publish '{bad[0]}': the notice's file names come from the register "
            "file's name, and this one has a character a published file name may not have "
            "(a path separator, '..', a control character, or a leading '.'); set "
            'notice.slug, e.g. slug = "tietosuojaseloste"'
        )


def _is_site_name(name: str) -> bool:
    """A name rekisteri writes in a publication folder: the only names its list may hold."""
    parts = name.split("/")
    if len(parts) == 1:
        return is_published_name(name)
    if len(parts) == 3:
        return is_version_folder("/".join(parts[:2])) and is_published_name(parts[2])
    return name == INDEX_FILE


@dataclass
class _Written:
    """``versions/files.json``: every file rekisteri wrote here, with each content's SHA-256."""

    hashes: dict[str, list[str]]
    unrecorded: dict[str, bytes] = field(default_factory=dict)
    """Files found holding exactly what rekisteri writes, to be added to the list."""

    @classmethod
    def read(cls, site: Path) -> _Written:
        path = inside(site, MANIFEST)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls({})
        except (OSError, UnicodeDecodeError) as exc:
            raise RekisteriError(
                f"{path}: cannot read the list of published files: {exc}"
            ) from None
        try:
            files = json.loads(text)["files"]
            if not isinstance(files, dict):
                raise TypeError("files is not an object")
            hashes = {str(name): [str(sha) for sha in shas] for name, shas in files.items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise RekisteriError.at(
                path,
                f"the list of files rekisteri wrote here is damaged ({exc})",
                hint="restore it from a backup — without it rekisteri replaces nothing here",
            ) from None
        bad = next((name for name in hashes if not _is_site_name(name)), None)
        if bad is not None:
            raise RekisteriError.at(
                path,
                f"the list of files rekisteri wrote here names {bad!r}, which is not a file "
                "rekisteri writes (a path separator too many, '..', or a hidden file)",
                path=f"files.{bad}",
                hint="restore it from a backup — without it rekisteri replaces nothing here",
            )
        return cls(hashes)

    def owns(self, name: str, content: bytes) -> bool:
        return _sha256(content) in self.hashes.get(name, [])

    def check_archived(self, site: Path, sources: dict[str, bytes]) -> None:
        """The earlier version's files must be what rekisteri published, to be archived as such."""
        problems = [
            f"{name}: {self._reason(name)}; archiving it would keep as published what was not"
            for name, content in sources.items()
            if not self.owns(name, content)
        ]
        _raise_foreign(site, problems)

    def to_write(self, site: Path, files: dict[str, bytes], *, replace: bool) -> list[str]:
        """The names whose content changes; refuses what may not be replaced."""
        changed, replaced, problems = [], [], []
        for name, content in files.items():
            path = inside(site, name)
            if not os.path.lexists(path):
                changed.append(name)
                continue
            problem = self._problem(site, name, content)
            if problem is not None:
                problems.append(problem)
            elif path.read_bytes() != content:
                changed.append(name)
                replaced.append(name)
            elif not self.owns(name, content):
                # Exactly what rekisteri writes, though not on the list (it was lost, or an
                # earlier rekisteri kept none): from now on it is known as rekisteri's.
                self.unrecorded[name] = content
        _raise_foreign(site, problems)
        if replaced and not replace:
            raise ReplaceRefused(
                f"{', '.join(str(site / name) for name in replaced)}: already exists with "
                "other content rekisteri wrote for this same version of the notice (the "
                "templates or rekisteri changed, not the register); it is replaced only when "
                "forced"
            )
        return changed

    def write(self, site: Path, files: dict[str, bytes]) -> list[str]:
        """Write ``files``, after recording them in the list; returns the names written.

        The list comes first: should writing stop half-way, every file in the folder still
        holds a content the list knows, so the next run recognises all of them.
        """
        for name, content in [*self.unrecorded.items(), *files.items()]:
            known = self.hashes.setdefault(name, [])
            if _sha256(content) not in known:
                known.append(_sha256(content))
        listing = {
            "about": "Files rekisteri wrote into this folder, with the SHA-256 of every content "
            "it wrote to each; rekisteri replaces no other file.",
            "files": self.hashes,
        }
        text = json.dumps(listing, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ensure_dir(site)
        targets = {name: inside(site, name) for name in [*files, MANIFEST]}
        created: list[Path] = []
        try:
            for name in [MANIFEST, *files]:
                path = targets[name]
                if not path.parent.is_dir():
                    ensure_dir(inside(site, os.path.dirname(name)))
                if not os.path.lexists(path) and name != MANIFEST:
                    created.append(path)
                write_atomic(path, text if name == MANIFEST else files[name])
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            raise
        return [*files, MANIFEST]

    def _problem(self, site: Path, name: str, content: bytes | None) -> str | None:
        """Why the existing file ``name`` may not be replaced, or None."""
        path = inside(site, name)
        if not os.path.lexists(path):
            return None
        if path.is_symlink() or not path.is_file():
            return f"{name}: is not a regular file rekisteri wrote (a folder or a link)"
        current = path.read_bytes()
        if current == content or self.owns(name, current):
            return None
        return f"{name}: {self._reason(name)}"

    def _reason(self, name: str) -> str:
        if name in self.hashes:
            return "was changed after rekisteri wrote it (its SHA-256 is none rekisteri wrote)"
        return (
            f"was not written by rekisteri ({MANIFEST}, the list of files it wrote here, "
            "does not name it)"
        )


def _raise_foreign(site: Path, problems: list[str]) -> None:
    if not problems:
        return
    listed = "\n".join(f"  {site / problem}" for problem in problems)
    raise RekisteriError(
        f"cannot publish into {site}: rekisteri never replaces a file it did not write, "
        f"whatever the options:\n{listed}\nmove these files out of the folder (or restore "
        "rekisteri's version of them), or publish into another folder"
    )


# The store mapping says where the live customer database is and how it is laid out, possibly
# with credentials in its URL; it is how rekisteri answers access requests, not part of what the
# business tells the public, so the published data leaves it out.
_UNPUBLISHED = {"store"}


def notice_json(register: Register) -> str:
    """The validated register as JSON with sorted keys, the same bytes for the same register.

    Everything but the store mapping (see ``_UNPUBLISHED``).
    """
    data = register.model_dump(mode="json", exclude=_UNPUBLISHED)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_index(register: Register, links: NoticeLinks, *, templates: Path | None = None) -> str:
    """``index.html``: forwards to the default language and lists every language's page."""
    # documents.templating loads Jinja2: imported when a page is drawn, not with this module.
    from rekisteri.documents import templating

    default = register.default_language
    entries = []
    for lang in register.languages:
        title = _title(register, lang, templates)
        entries.append(IndexLink(lang, links.pages[lang], f"{title} ({i18n.language_name(lang)})"))
    context = IndexContext(
        lang=default,
        title=f"{_title(register, default, templates)} – {register.controller.name_in(default)}",
        target=links.pages[default],
        links=tuple(entries),
        canonical=links.href(links.pages[default]) if links.site else None,
    )
    env = templating.environment(default, templates)
    return templating.render(env, "notice/index.html.j2", {"index": context})


def _title(register: Register, lang: str, templates: Path | None) -> str:
    notice = register.notice
    if notice.title is not None:
        return notice.title.get(lang)
    gettext = i18n.translations(lang, templates=templates).gettext
    if notice.layout is Layout.REKISTERISELOSTE:
        return gettext("Register description")
    return gettext("Privacy notice")
