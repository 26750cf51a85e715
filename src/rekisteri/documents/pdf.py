"""HTML to an accessible, self-contained PDF with WeasyPrint.

WeasyPrint is heavy to import, so it is imported inside the functions here and nothing that
``rekisteri validate`` loads imports this module at its top level.

A privacy notice is published as a document of record, so the PDF must not depend on anything
outside the files rekisteri was told to trust: the URL fetcher serves only ``data:`` URIs, the
PDF font files (:data:`FONT_FACES`) and stylesheets, images and fonts under the allowed roots
(the template folders), never the network and never any other file: the register's folder
holds the customer store, which no template may print or attach. A PDF carries no
attachments. WeasyPrint logs a failed fetch and renders on without the resource; a notice
silently missing its logo, or one that read ``/etc/passwd`` into an image, is worse than no
notice, so every refusal and every failed resource is turned into a :class:`RekisteriError`.

The same input gives the same bytes on every machine: the text is set in DejaVu, from files
rekisteri names (not whatever fontconfig would pick), and the embedded fonts carry the
document's date rather than the time they were subset.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import os
import re
import struct
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.request import DataHandler, Request, url2pathname

from rekisteri.errors import RekisteriError

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

#: PDF flavours a notice can be written as; the first is the default.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u")

# Used when the HTML's print stylesheet sets no page size. A user stylesheet loses to the
# author's own ``@page`` rule, so a template that sets its own size still wins.
_FALLBACK_CSS = "@page { size: A4; }"

#: The Debian package whose files the PDF font comes from.
FONT_PACKAGE = "fonts-dejavu-core"
#: Where that package puts the fonts.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class FontFace:
    """One face of the PDF font: the family the print stylesheets name, and its file."""

    family: str
    file: str
    weight: str = "normal"
    style: str = "normal"

    def path(self) -> Path:
        return FONT_DIR / self.file


# The print stylesheets name these families first. They are rekisteri's own names for the
# files below, so that no other font that fontconfig also calls "DejaVu Sans" (a newer copy in
# ~/.fonts, say) can stand in for them.
FONT_FACES = (
    FontFace("DejaVu Sans Rekisteri", "DejaVuSans.ttf"),
    FontFace("DejaVu Sans Rekisteri", "DejaVuSans-Bold.ttf", weight="bold"),
    FontFace("DejaVu Sans Rekisteri", "DejaVuSans-Oblique.ttf", style="italic"),
    FontFace("DejaVu Sans Rekisteri", "DejaVuSans-BoldOblique.ttf", weight="bold", style="italic"),
    FontFace("DejaVu Serif Rekisteri", "DejaVuSerif.ttf"),
    FontFace("DejaVu Serif Rekisteri", "DejaVuSerif-Bold.ttf", weight="bold"),
    FontFace("DejaVu Serif Rekisteri", "DejaVuSerif-Italic.ttf", style="italic"),
    FontFace("DejaVu Serif Rekisteri", "DejaVuSerif-BoldItalic.ttf", weight="bold", style="italic"),
    FontFace("DejaVu Sans Mono Rekisteri", "DejaVuSansMono.ttf"),
    FontFace("DejaVu Sans Mono Rekisteri", "DejaVuSansMono-Bold.ttf", weight="bold"),
)

# What a template may load from its own folders.
_ASSET_SUFFIXES = frozenset(
    {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ttf", ".otf", ".woff", ".woff2"}
)


@dataclass
class RefusedResource(RekisteriError):
    """The HTML asked for a file or URL outside what may be embedded.

    ``urls`` lets a caller map each refused URL back to the register key that produced it.
    """

    urls: tuple[str, ...] = field(default_factory=tuple)


def html_to_pdf(
    html: str,
    *,
    base_dir: Path,
    allowed_roots: Sequence[Path],
    lang: str,
    title: str,
    author: str,
    subject: str = "",
    created: date | None = None,
    modified: date | None = None,
    variant: str = "pdf/ua-1",
) -> bytes:
    """Render ``html`` as an A4 PDF: tagged, fonts embedded, bookmarks from the headings.

    Relative URLs resolve against ``base_dir``; only ``data:`` URIs, the PDF font files and
    stylesheets, images and fonts whose real path (after symlinks) lies under one of
    ``allowed_roots`` are loaded, and nothing is attached to the PDF. The dates come from the
    arguments (or the HTML's ``dcterms.created``/``dcterms.modified``), never the clock, so the
    same input gives the same bytes; a missing one of the two takes the other's value.

    Whatever WeasyPrint reports as an error rather than a warning (a refused or unreadable
    resource, a link to a missing anchor, an image without alt text in a PDF/UA) fails the
    render with a :class:`RekisteriError`.
    """
    if variant not in PDF_VARIANTS:
        raise RekisteriError(
            f"unknown PDF variant {variant!r}; choose one of {', '.join(PDF_VARIANTS)}"
        )
    fonts = _font_files()
    guard = _ResourceGuard(
        roots=tuple(_real(root) for root in allowed_roots),
        base_dir=_real(base_dir),
        fonts=frozenset(_real(path) for path in fonts),
    )
    created, modified = created or modified, modified or created
    stamp = _font_timestamp(modified)
    try:
        weasyprint = _import_weasyprint()
    except (ImportError, OSError) as exc:
        raise RekisteriError(f"cannot render the PDF: WeasyPrint is not usable: {exc}") from None
    try:
        with _weasyprint_errors() as logged:
            pdf = _render(
                weasyprint,
                html,
                guard=guard,
                lang=lang,
                title=title,
                author=author,
                subject=subject,
                created=created,
                modified=modified,
                variant=variant,
                font_stamp=stamp,
            )
    except RekisteriError:
        raise
    except Exception as exc:
        guard.raise_if_failed()
        raise RekisteriError(f"cannot render the PDF: {_describe(exc)}") from None
    guard.raise_if_failed()
    if logged:
        raise RekisteriError("cannot render the PDF: " + "; ".join(logged))
    return pdf


def _render(
    weasyprint: Any,
    html: str,
    *,
    guard: _ResourceGuard,
    lang: str,
    title: str,
    author: str,
    subject: str,
    created: date | None,
    modified: date | None,
    variant: str,
    font_stamp: int | None,
) -> bytes:
    # WeasyPrint is heavy and loaded only through _weasyprint(), when a PDF is made.
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _make_fetcher(guard)
    source = weasyprint.HTML(string=html, base_url=str(guard.base_dir), url_fetcher=fetcher)
    _refuse_attachments(source.etree_element)
    _open_long_words(source.etree_element)
    # The @font-face rules must be read with the font configuration the document is laid out
    # with, or WeasyPrint forgets them.
    fonts = FontConfiguration()
    stylesheets = [
        weasyprint.CSS(string=_FALLBACK_CSS, url_fetcher=fetcher),
        weasyprint.CSS(string=font_face_css(), url_fetcher=fetcher, font_config=fonts),
    ]
    document = source.render(
        stylesheets=stylesheets, font_config=fonts, pdf_variant=variant, pdf_tags=True
    )
    if document.metadata.attachments or any(
        link[0] == "attachment" for page in document.pages for link in page.links
    ):
        raise _attachment_error([])
    # The arguments, not the HTML's <title>/<meta> tags, are the record: the caller knows the
    # register's title and dates in this language. Dates are W3C dates, which WeasyPrint turns
    # into the PDF's CreationDate/ModDate and the XMP packet alike.
    metadata = document.metadata
    metadata.title = title
    metadata.authors = [author]
    metadata.description = subject or metadata.description
    metadata.lang = lang
    metadata.generator = None
    if created is not None:
        metadata.created = created.isoformat()
    if modified is not None:
        metadata.modified = modified.isoformat()

    def finish(_document: Any, pdf: Any) -> None:
        _add_page_labels(pdf)
        _mark_running_content_as_artifacts(pdf)
        _stamp_fonts(pdf, font_stamp)

    written: bytes = document.write_pdf(pdf_variant=variant, pdf_tags=True, finisher=finish)
    return written


def font_face_css() -> str:
    """The ``@font-face`` rules of :data:`FONT_FACES`, pointing at the installed files."""
    rules = [
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path().as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in FONT_FACES
    ]
    return "\n".join(rules) + "\n"


def _font_files() -> list[Path]:
    """The PDF font's files, or a message saying which package to install."""
    paths = [face.path() for face in FONT_FACES]
    missing = [path for path in paths if not path.is_file()]
    if missing:
        raise RekisteriError(
            f"cannot render the PDF: the font file {missing[0]} is missing; PDFs are set in "
            f"DejaVu from the Debian package {FONT_PACKAGE} — install it with: "
            f"apt-get install {FONT_PACKAGE}"
        )
    return paths


def _font_timestamp(day: date | None) -> int | None:
    """The ``head.modified`` every embedded font gets, in the seconds fonts count.

    fontTools, which WeasyPrint subsets fonts with when HarfBuzz's subsetter is missing, stamps
    the time of subsetting into each font, so two runs would differ. The document's own date
    is used instead; a document without one takes ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention), and failing that each font's own creation date (None).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    source_date = None
    if epoch is not None:
        # fontTools reads it too, and a bad value would fail deep inside WeasyPrint.
        try:
            source_date = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise RekisteriError(
                f"SOURCE_DATE_EPOCH is {epoch!r}; it must be a whole number of seconds since "
                "1970-01-01, e.g. 1718000000 (or unset it)"
            ) from None
    if day is not None:
        return _font_seconds(datetime(day.year, day.month, day.day, tzinfo=UTC))
    return None if source_date is None else _font_seconds(source_date)


def _font_seconds(moment: datetime) -> int:
    # OpenType counts seconds from 1904-01-01 UTC.
    return int((moment - datetime(1904, 1, 1, tzinfo=UTC)).total_seconds())


def _stamp_fonts(pdf: Any, stamp: int | None) -> None:
    """Give every font program in ``pdf`` the modification time ``stamp`` (None: its creation).

    This works on the finished font files rather than on how they came to be (HarfBuzz or
    fontTools subsetting, a variable font made static…), through fontTools' own API, inside
    this call: unlike setting ``SOURCE_DATE_EPOCH`` in ``os.environ`` for the render, it
    changes nothing another thread or a child process sees, does not depend on fontTools
    reading the variable at the moment it saves, and also covers fonts that WeasyPrint did not
    save through fontTools.
    """
    # fontTools is heavy: loaded only once a PDF has been rendered.
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    for item in pdf.objects:
        if not isinstance(item, dict) or item.get("Type") != "/FontDescriptor":
            continue
        for key in ("FontFile2", "FontFile3"):
            reference = item.get(key)
            if reference is None:
                continue
            stream = pdf.objects[int(bytes(reference).split()[0])]
            data = b"\n".join(bytes(chunk) for chunk in stream.stream)
            try:
                # Only the timestamp changes: bounding boxes, table order and the other tables'
                # bytes are kept as they are.
                font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
                head = font["head"]
                modified = head.created if stamp is None else stamp
                if head.modified == modified:
                    continue
                head.modified = modified
                out = io.BytesIO()
                font.save(out, reorderTables=False)
            except (TTLibError, KeyError, ValueError, AssertionError, struct.error):
                # A font fontTools cannot read was not written by fontTools either, so it
                # carries no time of subsetting.
                continue
            stream.stream = [out.getvalue()]
            if "Length1" in stream.extra:
                stream.extra["Length1"] = len(stream.stream[0])


# A run of more than LONG_WORD characters without a space gets an invisible break opportunity
# (U+200B, which is not part of the PDF's text) every WORD_PIECE characters. WeasyPrint lays out
# the rest of an unbreakable word again for each of its lines, so one of 4,000 characters (a
# cell of an access report) took seconds; with break opportunities each line costs its own
# length. Shorter runs (addresses, URLs, SHA-256 sums) are left as they are.
LONG_WORD = 200
WORD_PIECE = 8
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")
# Text of these elements is not laid out as lines.
_NOT_TEXT = frozenset({"style", "script", "title"})


def _open_long_words(root: Any) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in _NOT_TEXT and element.text:
            element.text = _with_breaks(element.text)
        if element.tail:
            element.tail = _with_breaks(element.tail)


def _with_breaks(text: str) -> str:
    if len(text) <= LONG_WORD:
        return text
    return _LONG_RUN.sub(lambda match: _pieces(match.group(0)), text)


def _pieces(word: str) -> str:
    """``word`` with U+200B every WORD_PIECE characters, never inside a grapheme cluster."""
    out: list[str] = []
    since = 0
    for index, char in enumerate(word):
        # Only between two characters that each stand alone: never before a combining mark or
        # an emoji modifier, nor after a joiner.
        if (
            since >= WORD_PIECE
            and unicodedata.category(char)[0] in "LNP"
            and unicodedata.category(word[index - 1]) not in ("Cf", "Mn", "Mc", "Me")
        ):
            out.append("\u200b")
            since = 0
        out.append(char)
        since += 1
    return "".join(out)


def _refuse_attachments(root: Any) -> None:
    # WeasyPrint is heavy and loaded only through _weasyprint(), when a PDF is made.
    from weasyprint.html import element_has_link_type

    urls = [
        str(element.get("href") or "")
        for element in root.iter()
        if element.tag in ("a", "link") and element_has_link_type(element, "attachment")
    ]
    if urls:
        raise _attachment_error(urls)


def _attachment_error(urls: list[str]) -> RekisteriError:
    named = ", ".join(_shorten(url) for url in urls)
    what = f" ({named})" if named else ""
    return RekisteriError(
        f"cannot render the PDF: the template attaches a file to it{what}; a rekisteri PDF "
        "carries no attachments, so that no template can put another file of the register's "
        'folder (the customer store, say) into it — remove rel="attachment" from the template'
    )


def preload() -> bool:
    """Import WeasyPrint now, so that renderers forked from this process share it.

    False when WeasyPrint cannot be imported; :func:`html_to_pdf` then says why, when a PDF is
    actually rendered.
    """
    try:
        _import_weasyprint()
    except (ImportError, OSError):
        return False
    return True


def _import_weasyprint() -> Any:
    """Import WeasyPrint without the C compiler runs its library lookup costs on Linux.

    WeasyPrint opens pango, harfbuzz and fontconfig through cffi, trying Windows and macOS
    names first; cffi hands each name that is not a file to ctypes.util.find_library, which on
    Linux runs ldconfig and then gcc and ld for it, about a dozen processes. That doubles the
    time of `rekisteri render` and its peak memory (gcc's, counted as the command's). The
    sonames WeasyPrint tries afterwards (libpango-1.0.so.0…) load directly, so the search is
    skipped while WeasyPrint is imported; should that fail on some system, the import is
    retried with the real search. Not thread-safe while the first import runs; later calls
    return the imported module.
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    # ctypes is needed only for the first import of WeasyPrint, below.
    import ctypes.util

    searching = ctypes.util.find_library
    ctypes.util.find_library = _no_library_search
    try:
        # WeasyPrint prints an installation banner before a failed load; it is only true if
        # the real search below fails too.
        with redirect_stdout(io.StringIO()):
            # The one place WeasyPrint is first imported, with the library search skipped.
            import weasyprint
    except OSError:
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
        ctypes.util.find_library = searching
        # Retried with the real library search.
        import weasyprint
    finally:
        ctypes.util.find_library = searching
    _one_font_subsetter()
    return weasyprint


def _one_font_subsetter() -> None:
    """Subset fonts with fontTools on every machine, whether or not HarfBuzz-Subset is there.

    WeasyPrint takes libharfbuzz-subset0 when the system has it and fontTools otherwise, and
    the two write different font programs, so the same register gave different PDF bytes on
    two machines. fontTools is a dependency and always present; it costs about 0.07 s of CPU
    a PDF. Should a WeasyPrint release drop its fontTools path, nothing is changed here and the
    reproducibility test says so.
    """
    # Called once WeasyPrint is imported; the import above it in _weasyprint() says why.
    import weasyprint.pdf.fonts as fonts

    if hasattr(fonts, "harfbuzz_subset") and hasattr(fonts.Font, "_fonttools_subset"):
        fonts.harfbuzz_subset = None
        logging.getLogger("weasyprint").addFilter(_FontToolsNotice())


class _FontToolsNotice(logging.Filter):
    """Drops WeasyPrint's advice to install HarfBuzz-Subset: fontTools is chosen on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset")


def _no_library_search(name: str) -> str | None:
    return None


def _add_page_labels(pdf: Any) -> None:
    """Number the pages 1, 2, 3… in the viewer, matching the printed footer."""
    # pydyf comes with WeasyPrint: loaded only when a PDF is made.
    import pydyf  # type: ignore[import-untyped]

    style = pydyf.Dictionary({"S": "/D", "St": 1})
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, style])})


def _mark_running_content_as_artifacts(pdf: Any) -> None:
    """Mark what the page margins show (the running header, the page number) as pagination
    artifacts, which a screen reader skips, instead of as text outside the document's structure.

    WeasyPrint tags the content of margin boxes like any text but leaves its structure elements
    out of the tree (it could only put them in as Artifact elements, which PDF 2.0 allows and
    PDF/UA-1 does not), so each header and footer is tagged content that no structure reaches:
    https://github.com/Kozea/WeasyPrint/issues/1836 (open). Here, in the finished document,
    every marked-content sequence whose structure element the tree does not reach becomes
    ``/Artifact <</Type /Pagination /Subtype /Header>> BDC`` (or ``/Footer``, by the half of the
    page it is drawn in), and the parent tree no longer maps its MCID. A document without a
    structure tree (an untagged variant) is left as it is.
    """
    # pydyf comes with WeasyPrint: loaded only when a PDF is made.
    import pydyf

    def resolve(value: Any) -> Any:
        if isinstance(value, bytes) and value.endswith(b" R"):
            return pdf.objects[int(value.split()[0])]
        return value

    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:
        return
    root = resolve(root_reference)
    reached: set[int] = set()
    pending = [root.get("K")]
    while pending:
        kids = pending.pop()
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, bytes) and kid.endswith(b" R"):
                number = int(kid.split()[0])
                element = pdf.objects[number]
                if number in reached or not isinstance(element, dict):
                    continue
                reached.add(number)
                pending.append(element.get("K"))
    nums = resolve(root["ParentTree"])["Nums"]
    parents = {nums[index]: resolve(nums[index + 1]) for index in range(0, len(nums), 2)}
    for page_reference in pdf.page_references:
        page = resolve(page_reference)
        mapping = parents.get(page.get("StructParents"))
        if not isinstance(mapping, list):
            continue
        unreached = {
            mcid
            for mcid, reference in enumerate(mapping)
            if isinstance(reference, bytes)
            and reference.endswith(b" R")
            and int(reference.split()[0]) not in reached
        }
        if not unreached:
            continue
        height = float(page["MediaBox"][3])
        _artifacts_in(resolve(page["Contents"]), unreached, height, pydyf)
        for mcid in unreached:
            mapping[mcid] = b"null"
        while mapping and mapping[-1] == b"null":
            mapping.pop()


def _artifacts_in(stream: Any, mcids: set[int], page_height: float, pydyf: Any) -> None:
    """Turn the marked-content sequences ``mcids`` of a page's content stream into artifacts."""
    operations = stream.stream
    for index in range(len(operations) - 2):
        properties = operations[index + 1]
        if (
            operations[index + 2] == b"BDC"
            and isinstance(properties, dict)
            and properties.get("MCID") in mcids
        ):
            edge = _edge(operations, index + 3, page_height)
            marks = {"Type": "/Pagination", "Subtype": f"/{edge}"}
            operations[index] = "/Artifact"
            operations[index + 1] = pydyf.Dictionary(marks)


_TEXT_MATRIX = re.compile(rb"^\S+ \S+ \S+ \S+ \S+ (\S+) Tm$")


def _edge(operations: list[Any], start: int, page_height: float) -> str:
    """ "Header" or "Footer": the half of the page the sequence's first line of text is set in.

    WeasyPrint draws each page in a coordinate system turned upside down (``1 0 0 -1 0 h cm``)
    and scaled by ``0.75`` (CSS pixels to points), so a text matrix's y grows down the page."""
    for operation in operations[start:]:
        if operation == b"EMC":
            break
        if isinstance(operation, bytes):
            found = _TEXT_MATRIX.match(operation)
            if found is not None:
                return "Header" if float(found.group(1)) * 0.75 < page_height / 2 else "Footer"
    return "Footer"


@dataclass
class _ResourceGuard:
    """Decides which URLs WeasyPrint may load, and remembers every one that failed.

    WeasyPrint catches a fetcher's exception, logs it and renders on without the resource (in
    SVG drawing it swallows even its "fatal" error), so the verdict is kept here and checked
    after rendering rather than trusted to propagate.
    """

    roots: tuple[Path, ...]
    base_dir: Path
    fonts: frozenset[Path] = frozenset()
    """The PDF font's files, allowed wherever they are."""
    refused: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)

    def local_file(self, url: str) -> Path:
        """The real path behind a ``file:`` URL, if it is a font file or an asset under a root."""
        parts = urlsplit(url)
        if not parts.path.startswith("/"):
            # Python 3.13's urljoin leaves "file:etc/passwd" where more ".." climb than there
            # are folders; RFC 3986 (5.2.4) stops them at the root, "/etc/passwd". Read as
            # given, the path would be taken from the working folder: another file.
            url = urlunsplit((parts.scheme, parts.netloc, "/" + parts.path, parts.query, ""))
            parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self.refuse(url)
        named = Path(url2pathname(unquote(parts.path)))
        path = _real(named)
        if path in self.fonts:
            return path
        if not any(path.is_relative_to(root) for root in self.roots):
            # A symlink inside a root that leads out of it is refused too; say where it leads,
            # or the refusal of a file that looks allowed is a puzzle.
            raise self.refuse(url, reason=None if path == named else f"a link to {path}")
        if path.suffix.lower() not in _ASSET_SUFFIXES:
            # A template folder can be the register's own folder, beside the customer store.
            raise self.refuse(url, reason="not a stylesheet, image or font")
        return path

    def refuse(self, url: str, *, reason: str | None = None) -> PermissionError:
        if url not in self.refused:
            self.refused.append(url)
            if reason is not None:
                self.reasons[url] = reason
        return PermissionError(f"refused to load {_shorten(url)}")

    def read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            problem = f"cannot read {path}: {exc.strerror or exc}"
            if problem not in self.unreadable:
                self.unreadable.append(problem)
            raise

    def raise_if_failed(self) -> None:
        if self.refused:
            roots = ", ".join(str(root) for root in self.roots) or "(none)"
            urls = ", ".join(
                _shorten(url) + (f" ({self.reasons[url]})" if url in self.reasons else "")
                for url in self.refused
            )
            raise RefusedResource(
                f"refused to load {urls}: only stylesheets, images and fonts under {roots} "
                "may be embedded",
                urls=tuple(self.refused),
            )
        if self.unreadable:
            raise RekisteriError("cannot render the PDF: " + "; ".join(self.unreadable))


def _make_fetcher(guard: _ResourceGuard) -> Any:
    # WeasyPrint is heavy and loaded only through _weasyprint(), when a PDF is made.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``data:`` URIs and allowed local files; refuses everything else."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                # urllib decodes data: URIs locally; no handler that could reach the network
                # is involved.
                response = DataHandler().data_open(Request(url))
                return URLFetcherResponse(url, response.read(), dict(response.headers.items()))
            if scheme != "file":
                raise guard.refuse(url)
            path = guard.local_file(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, guard.read(path), {"Content-Type": content_type})

    # Not fail_on_errors: rendering on lets one run report every refused URL at once.
    return GuardedFetcher()


class _CollectErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # WeasyPrint formats "…: %s" with the exception's text, which is sometimes empty.
        message = record.getMessage().rstrip(": ")
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """Collect what WeasyPrint reports as errors (missing images, untagged images…).

    WeasyPrint logs these and carries on; for a document of record each one is a failure.
    """
    logger = logging.getLogger("weasyprint")
    handler = _CollectErrors()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _describe(exc: BaseException) -> str:
    """The innermost cause in words, without the exception class names of WeasyPrint."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return str(exc) or type(exc).__name__


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _shorten(url: str) -> str:
    # data: URIs are never refused, but a hostile http: URL can be long enough to bury the
    # message.
    return url if len(url) <= 200 else url[:197] + "..."
