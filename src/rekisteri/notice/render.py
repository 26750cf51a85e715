"""The privacy notice: register → ready sections → HTML page, embeddable fragment or PDF.

All legal reasoning lives in Python, not in templates: which rights apply follows from the legal
bases when the register asks for them to be derived, the right to object is set apart (GDPR
Art. 21(4)), and a conditional section says exactly what the register says: its facts, its
negative sentence when the register states "none", nothing when it is not stated. The sections
are built by the phrases
the other documents share (:mod:`rekisteri.documents.phrases`); this module puts them into a
typed :class:`NoticeContext` whose sections are lists of simple blocks (paragraphs, lists,
facts, parties, entries), which the templates only lay out.

Two layouts: ``tietosuojaseloste``, the Art. 13/14 notice addressed to the person with its
sections in the order of the Art. 13/14 checklist, and ``rekisteriseloste``, the numbered
headings of a Finnish 2018 register description under which a transcribed legacy document shows
every fact it had.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from markupsafe import Markup

from rekisteri.documents import i18n
from rekisteri.documents.blocks import Fact, Section, SummaryItem
from rekisteri.documents.head import DocumentHead
from rekisteri.documents.pdf_pool import PdfPool
from rekisteri.documents.phrases import css_string, notice_slug, page_counter_css
from rekisteri.errors import RekisteriError
from rekisteri.notice.sections import NoticeSections
from rekisteri.output import refuse_existing, write_files
from rekisteri.register.languages import require_language
from rekisteri.register.loading import located_error
from rekisteri.register.model import Layout, Register

# --- the template context ----------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    label: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class Logo:
    data_uri: str


@dataclass(frozen=True)
class NoticeLinks:
    """The other files of a published notice, by their names in its folder.

    ``pages`` maps each language to its HTML page (the language switcher and the
    ``hreflang`` alternates); ``pdfs`` maps a language to its PDF, linked from the page.
    A page links to them relative to itself, or at ``site`` (the register's
    ``notice.site_url``) where the folder is served.
    """

    pages: Mapping[str, str] = field(default_factory=dict)
    pdfs: Mapping[str, str] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    """Each language's page of earlier versions (``publish`` keeps an archive)."""
    structured_data: str | None = None
    """JSON-LD of the notice for the page head, already safe inside ``<script>``."""
    site: str | None = None
    """The folder's web address, ending in "/"; None when the register does not say it."""

    @classmethod
    def for_files(
        cls, slug: str, langs: Iterable[str], *, pdf: bool = False, site: str | None = None
    ) -> NoticeLinks:
        langs = list(langs)
        return cls(
            pages={lang: f"{slug}.{lang}.html" for lang in langs},
            pdfs={lang: f"{slug}.{lang}.pdf" for lang in langs} if pdf else {},
            site=site,
        )

    def href(self, name: str) -> str:
        """The link to a file of the folder: absolute at ``site``, else relative."""
        return self.site + name if self.site else name


@dataclass(frozen=True)
class NoticeContext:
    """Everything a notice template shows, ready to print."""

    head: DocumentHead
    """Title, language, controller and date, shared with the PDF's metadata."""
    layout: str
    fragment: bool
    for_print: bool
    heading_level: int
    """Level of the document title: 1 on a page, 2 inside a host page (fragment)."""
    description: str
    """A one-sentence summary for ``<meta name="description">``."""
    header_lines: tuple[str, ...]
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    footer: tuple[Fact, ...]
    languages: tuple[LanguageLink, ...]
    """The language switcher; empty when there is nothing to switch to."""
    alternates: tuple[LanguageLink, ...]
    """The page in each language for ``<link rel="alternate" hreflang>``, then ``x-default``."""
    canonical: str | None
    """The page's own absolute address; None without ``notice.site_url``."""
    pdf_href: str | None
    versions_href: str | None
    structured_data: Markup | None
    logo: Logo | None
    print_footer: Markup
    """CSS ``content`` for the page number in the PDF footer: "Sivu " counter(page) …"""
    page_reference: Markup
    """CSS ``content`` after a link on paper: the page it leads to ("p. 4")."""
    subtitle: str | None = None
    """The register's subtitle, shown under the title."""
    summary: tuple[SummaryItem, ...] = ()
    """The notice in brief, before the rest (WP260's layered approach); empty in the legacy
    layout, which keeps the 2018 document's shape."""

    @property
    def toc(self) -> tuple[Section, ...]:
        return self.sections


_LOGO_TYPES = {"image/png", "image/jpeg", "image/svg+xml", "image/webp", "image/gif"}
_LOGO_MAX_BYTES = 1024 * 1024


# --- public API --------------------------------------------------------------------------------


def build_context(
    register: Register,
    lang: str,
    *,
    layout: Layout | str | None = None,
    fragment: bool = False,
    for_print: bool = False,
    templates: Path | None = None,
    links: NoticeLinks | None = None,
) -> NoticeContext:
    """The ready-to-print content of the notice in ``lang``."""
    chosen = _layout(register, layout)
    _check_language(register, lang)
    if links is None:
        links = NoticeLinks.for_files(
            notice_slug(register), register.languages, site=register.notice.site_url
        )
    catalog = i18n.translations(lang, templates=templates, voice=register.controller.voice.value)
    builder = NoticeBuilder(register, lang, catalog)
    return builder.context(
        chosen, fragment=fragment, for_print=for_print, links=links, logo=_logo(register)
    )


def render_html(
    register: Register,
    lang: str,
    *,
    layout: Layout | str | None = None,
    fragment: bool = False,
    templates: Path | None = None,
    links: NoticeLinks | None = None,
) -> str:
    """The notice in ``lang`` as a standalone HTML page, or an embeddable ``<section>``."""
    context = build_context(
        register, lang, layout=layout, fragment=fragment, templates=templates, links=links
    )
    return _render(context, templates)


def render_print_html(
    register: Register,
    lang: str,
    *,
    layout: Layout | str | None = None,
    templates: Path | None = None,
) -> str:
    """The HTML a PDF is made from: no language switcher, skip link or links to other files."""
    context = build_context(
        register, lang, layout=layout, for_print=True, templates=templates, links=NoticeLinks()
    )
    return _render(context, templates)


def render_pdf(
    register: Register,
    lang: str,
    *,
    layout: Layout | str | None = None,
    templates: Path | None = None,
    variant: str = "pdf/ua-1",
) -> bytes:
    """The notice in ``lang`` as a tagged PDF (PDF/UA-1 by default, or PDF/A-3u)."""
    context = build_context(
        register, lang, layout=layout, for_print=True, templates=templates, links=NoticeLinks()
    )
    html = _render(context, templates)
    # WeasyPrint is heavy: loaded only when a PDF is made.
    from rekisteri.documents.pdf import html_to_pdf

    # Only the template folders: the logo is already a data: URI, and the register's folder
    # holds the customer store, which no template may embed.
    roots = i18n.search_path(templates)
    return html_to_pdf(
        html,
        base_dir=roots[-1],
        allowed_roots=roots,
        variant=variant,
        **context.head.pdf_metadata(),
    )


class PdfBatch(PdfPool):
    """The notice's PDFs in several languages, rendered side by side (see :class:`PdfPool`).

    :meth:`pdf` returns exactly the bytes :func:`render_pdf` would and raises the error it
    would::

        with PdfBatch(register, ["fi", "en"]) as pdfs:
            for lang in ["fi", "en"]:
                pages[lang] = render_html(register, lang)  # while the PDFs render elsewhere
                documents[lang] = pdfs.pdf(lang)
    """

    def __init__(
        self,
        register: Register,
        langs: Sequence[str],
        *,
        layout: Layout | str | None = None,
        templates: Path | None = None,
        variant: str = "pdf/ua-1",
    ) -> None:
        render = functools.partial(
            render_pdf, register, layout=layout, templates=templates, variant=variant
        )
        super().__init__(render, langs)


FORMATS = ("html", "pdf")


def write_notice(
    register: Register,
    out_dir: Path,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    layout: Layout | str | None = None,
    templates: Path | None = None,
    fragment: bool = False,
    force: bool = False,
    variant: str = "pdf/ua-1",
) -> list[Path]:
    """Write ``<slug>.<lang>.html`` / ``.pdf`` (``.fragment.html`` for fragments) to ``out_dir``.

    Everything is rendered in memory before the first file is written, and existing files are
    refused (unless ``force``) before anything is rendered, so a failure leaves no partial output.
    """
    chosen_langs = list(langs) if langs else register.languages
    for lang in chosen_langs:
        _check_language(register, lang)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise RekisteriError(
            f"unknown output format {', '.join(unknown) or '(none)'}: choose from html, pdf"
        )
    slug = notice_slug(register)
    html_suffix = "fragment.html" if fragment else "html"
    targets: list[tuple[Path, str, str]] = []
    for lang in chosen_langs:
        if "html" in formats:
            targets.append((out_dir / f"{slug}.{lang}.{html_suffix}", lang, "html"))
        if "pdf" in formats:
            targets.append((out_dir / f"{slug}.{lang}.pdf", lang, "pdf"))
    refuse_existing([path for path, _, _ in targets], force)
    links = NoticeLinks.for_files(
        slug, chosen_langs, pdf="pdf" in formats, site=register.notice.site_url
    )
    files: dict[Path, bytes | str] = {}
    _layout(register, layout)  # before any PDF renderer is started for nothing
    pdf_langs = [lang for _, lang, kind in targets if kind == "pdf"]
    with PdfBatch(register, pdf_langs, layout=layout, templates=templates, variant=variant) as pdfs:
        for path, lang, kind in targets:
            if kind == "html":
                files[path] = render_html(
                    register,
                    lang,
                    layout=layout,
                    fragment=fragment,
                    templates=templates,
                    links=links,
                )
            else:
                files[path] = pdfs.pdf(lang)
    return write_files(out_dir, files, force=force)


# --- rendering ---------------------------------------------------------------------------------


def _render(context: NoticeContext, templates: Path | None) -> str:
    # jinja2 is loaded only when a page is rendered, not when the notice's context is built.
    from rekisteri.documents import templating

    env = templating.environment(context.head.lang, templates)
    # On screen a line may break after a slash (notice/blocks.html.j2); on paper the lines are
    # wide enough, and the PDF's text stays as the register wrote it.
    values = {
        "notice": context,
        "fragment": context.fragment,
        "break_after_slash": not context.for_print,
        # The CSS only a print engine reads (running heads, page numbers): in the PDF's HTML.
        "paged": context.for_print,
    }
    return templating.render(env, f"notice/{context.layout}.html.j2", values)


def _layout(register: Register, layout: Layout | str | None) -> Layout:
    if layout is None:
        return register.notice.layout
    try:
        return Layout(layout)
    except ValueError:
        allowed = ", ".join(item.value for item in Layout)
        raise RekisteriError(f"unknown layout '{layout}': choose {allowed}") from None


def _check_language(register: Register, lang: str) -> None:
    require_language(register, lang)


def _register_folder(register: Register) -> Path | None:
    return register.source_path.parent.resolve() if register.source_path is not None else None


def _logo(register: Register) -> Logo | None:
    """The register's logo as a data: URI, after making sure it is an image in its folder."""
    value = register.notice.logo
    if not value:
        return None
    folder = _register_folder(register)

    def refuse(message: str, hint: str) -> RekisteriError:
        return _located(register, ("notice", "logo"), message, hint)

    looks_like_url = "://" in value or value.lower().startswith(("file:", "data:", "http"))
    if looks_like_url:
        return_hint = "give a path relative to the register file's folder, e.g. logo.png"
        raise refuse(
            f"'{value}' is a URL; only an image file beside the register is used", return_hint
        )
    if (
        PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).is_absolute()
        or (PureWindowsPath(value).drive)
    ):
        raise refuse(
            f"'{value}' is an absolute path; the logo must be inside the register's folder",
            "give a path relative to the register file's folder, e.g. logo.png",
        )
    if folder is None:
        raise refuse("a logo needs the register to be read from a file", "use load_register()")
    candidate = (folder / value).resolve()
    if not candidate.is_relative_to(folder):
        raise refuse(
            f"'{value}' is outside the register's folder {folder}",
            "copy the logo into the register's folder and name it relative to it",
        )
    mime = mimetypes.guess_type(candidate.name)[0]
    if mime not in _LOGO_TYPES:
        raise refuse(f"'{value}' is not a PNG, JPEG, SVG, WebP or GIF image", "use a .png or .svg")
    try:
        data = candidate.read_bytes()
    except OSError as exc:
        raise refuse(f"cannot read '{value}': {exc.strerror or exc}", "check the path") from None
    if len(data) > _LOGO_MAX_BYTES:
        raise refuse(f"'{value}' is larger than 1 MiB", "use a smaller image")
    return Logo(data_uri=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")


def target_page_css(pattern: str) -> Markup:
    """A translated "p. %(page)s" as CSS ``content`` naming the page a link leads to."""
    before, _, after = pattern.partition("%(page)s")
    parts = [css_string(before)] if before else []
    parts.append("target-counter(attr(href), page)")
    if after:
        parts.append(css_string(after))
    return Markup(" ".join(parts))


def _located(register: Register, loc: tuple[str, ...], message: str, hint: str) -> RekisteriError:
    return located_error(register, loc, message, hint)


class NoticeBuilder(NoticeSections):
    """The shared sections and phrases, put together into the notice's template context."""

    # -- the whole document -----------------------------------------------------------------

    def context(
        self,
        layout: Layout,
        *,
        fragment: bool,
        for_print: bool,
        links: NoticeLinks,
        logo: Logo | None,
    ) -> NoticeContext:
        register = self.register
        notice = register.notice
        _ = self._
        legacy = layout is Layout.REKISTERISELOSTE
        default_title = _("Register description") if legacy else _("Privacy notice")
        title = self.text(notice.title) or default_title
        register_name = register.name.get(self.lang)
        header_lines: list[str] = []
        if legacy:
            if notice.updated is not None:
                header_lines.append(i18n.format_date(notice.updated, self.lang))
            if notice.legal_reference is not None:
                header_lines.append(notice.legal_reference.get(self.lang))
            sections = self.legacy_sections()
        else:
            header_lines.append(register_name)
            header_lines.append(
                self.text(notice.legal_reference)
                or _("Articles 13 and 14 of the EU General Data Protection Regulation (2016/679)")
            )
            sections = self.modern_sections()
        intro = (register.description.get(self.lang),) if register.description else ()
        footer: list[Fact] = []
        if notice.drawn_up is not None:
            footer.append(
                Fact(
                    _("Drawn up"),
                    i18n.format_date(notice.drawn_up, self.lang),
                    machine=notice.drawn_up.isoformat(),
                )
            )
        if notice.updated is not None:
            footer.append(
                Fact(
                    _("Last updated"),
                    i18n.format_date(notice.updated, self.lang),
                    machine=notice.updated.isoformat(),
                )
            )
        if notice.effective is not None:
            footer.append(
                Fact(
                    _("In effect from"),
                    i18n.format_date(notice.effective, self.lang),
                    machine=notice.effective.isoformat(),
                )
            )
        if notice.version:
            footer.append(Fact(_("Version"), notice.version))
        # Pasted into a page of another site, a fragment's relative link would lead nowhere: it
        # links to the other files only at their published address.
        linked = not for_print and (links.site is not None or not fragment)
        page_links = {lang: links.href(name) for lang, name in links.pages.items()}
        languages = tuple(
            LanguageLink(
                lang, i18n.language_name(lang), page_links[lang], current=lang == self.lang
            )
            for lang in register.languages
            if lang in page_links and linked
        )
        alternates: tuple[LanguageLink, ...] = ()
        if len(languages) > 1 and not fragment:
            default = page_links.get(register.default_language)
            fallback = (LanguageLink("x-default", "", default),) if default else ()
            alternates = (*languages, *fallback)
        switcher = languages if len(languages) > 1 else ()
        canonical = page_links.get(self.lang) if links.site and linked and not fragment else None
        pdf = links.pdfs.get(self.lang)
        versions = links.versions.get(self.lang)
        return NoticeContext(
            head=DocumentHead(
                lang=self.lang,
                title=title,
                controller_name=self.controller_name(),
                subject=register_name,
                created=notice.drawn_up or notice.updated,
                modified=notice.updated,
            ),
            layout=layout.value,
            fragment=fragment,
            for_print=for_print,
            heading_level=2 if fragment else 1,
            description=intro[0] if intro else f"{title}: {register_name}",
            header_lines=tuple(header_lines),
            intro=intro,
            sections=tuple(sections),
            footer=tuple(footer),
            languages=switcher,
            alternates=alternates,
            canonical=canonical,
            pdf_href=links.href(pdf) if pdf and linked else None,
            versions_href=links.href(versions) if versions and linked else None,
            structured_data=(
                # jsonld_script escapes <, > and & so the data cannot end the element.
                Markup(links.structured_data)
                if links.structured_data and not (for_print or fragment)
                else None
            ),
            logo=logo,
            print_footer=page_counter_css(_("Page %(page)s of %(pages)s")),
            subtitle=self.text(notice.subtitle),
            summary=() if legacy else tuple(self.summary_items(sections)),
            page_reference=target_page_css(_("p. %(page)s")),
        )
