"""A folder ready to upload: the notice in every language, its PDFs, an index and the data.

``publish`` writes ``<slug>.<lang>.html`` for each language (linking each other and their PDFs),
``<slug>.<lang>.pdf``, ``index.html`` leading to the default language without JavaScript, and
``notice.json``, the validated register (without its store mapping), so that other tools can
read what the notice says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rekisteri import i18n
from rekisteri.model import Layout, Register
from rekisteri.notice import NoticeLinks, PdfBatch, notice_slug, render_html, write_files

INDEX = "index.html"
DATA = "notice.json"


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


def publish(
    register: Register,
    out_dir: Path,
    *,
    force: bool = False,
    templates: Path | None = None,
    pdf: bool = True,
    variant: str = "pdf/ua-1",
) -> list[Path]:
    """Write the publishable notice folder; returns the files written.

    Everything is rendered before the first file is written; existing files are replaced only
    with ``force`` — except that publishing a changed register over an earlier publication
    moves the earlier files into ``versions/`` first (see :mod:`rekisteri.archive`).
    ``pdf=False`` leaves the PDFs out (and the links to them).
    """
    from rekisteri.archive import INDEX_FILE, plan_archive, versions_page
    from rekisteri.jsonld import jsonld_script

    slug = notice_slug(register)
    langs = register.languages
    base = NoticeLinks.for_files(slug, langs, pdf=pdf)
    links = NoticeLinks(
        pages=base.pages,
        pdfs=base.pdfs,
        versions={lang: f"versions.{lang}.html" for lang in langs},
        structured_data=jsonld_script(register),
    )
    data = notice_json(register)
    current = [*links.pages.values(), *links.pdfs.values(), INDEX, DATA]
    archive = plan_archive(register, out_dir, data, current)
    files: dict[Path, bytes | str] = {}
    # Where there are cores to spare, the PDFs render in other processes while the pages
    # render here.
    with PdfBatch(register, langs if pdf else [], templates=templates, variant=variant) as pdfs:
        for lang in langs:
            files[out_dir / links.pages[lang]] = render_html(
                register, lang, templates=templates, links=links
            )
            if pdf:
                files[out_dir / links.pdfs[lang]] = pdfs.pdf(lang)
    for lang in langs:
        files[out_dir / links.versions[lang]] = versions_page(
            archive.versions, register, lang, templates
        )
    files[out_dir / INDEX] = render_index(register, links, templates=templates)
    files[out_dir / DATA] = data
    files[out_dir / INDEX_FILE] = archive.index_json()
    if archive.copies:
        # The earlier version is copied into versions/ first and kept even if writing the new
        # one fails; the new version then replaces it without --force, since nothing is lost.
        archived = write_files(out_dir, archive.copies, force=False)
        return [*archived, *write_files(out_dir, files, force=True)]
    return write_files(out_dir, files, force=force)


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
    from rekisteri import templating

    default = register.default_language
    entries = []
    for lang in register.languages:
        title = _title(register, lang, templates)
        entries.append(IndexLink(lang, links.pages[lang], f"{title} ({i18n.language_name(lang)})"))
    context = IndexContext(
        lang=default,
        title=f"{_title(register, default, templates)} – {register.controller.name}",
        target=links.pages[default],
        links=tuple(entries),
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
