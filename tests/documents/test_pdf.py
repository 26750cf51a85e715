"""Tests for :mod:`rekisteri.documents.pdf` and the notice PDFs it writes.

The unit tests render small HTML samples; the integration tests render both examples through
:func:`rekisteri.notice.render.render_pdf` and read the text back with pypdf, because a PDF is
checked by what a reader (or a screen reader) gets out of it, not by its bytes.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import socket
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import DictionaryObject

from rekisteri.documents import pdf as pdf_module
from rekisteri.documents.pdf import PDF_VARIANTS, RefusedResource, html_to_pdf
from rekisteri.errors import RekisteriError

# A4 in PostScript points.
A4 = (595.28, 841.89)

SAMPLE = """<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><title>HTML title</title></head>
<body>
<h1>Tietosuojaseloste</h1>
<p>Tmi Terhi Kallio, Siltakatu 12-14, 05900 Hyvinkää</p>
<h2>Rekisterinpitäjä</h2>
<p style="font-family: serif">Serif <i>italic</i> and <b>bold</b></p>
<h2 style="break-before: page">Oikeutesi</h2>
<p style="font-family: monospace">Sivu kaksi</p>
<h3>Oikeus vastustaa</h3>
</body>
</html>
"""


def render(html: str = SAMPLE, root: Path | None = None, **kwargs: Any) -> bytes:
    root = root or Path(__file__).parent
    options: dict[str, Any] = {
        "base_dir": root,
        "allowed_roots": [root],
        "lang": "fi",
        "title": "Tmi Terhi Kallion tietosuojaseloste",
        "author": "Tmi Terhi Kallio",
        "subject": "Tietosuojaseloste",
        "created": date(2024, 1, 15),
        "modified": date(2024, 2, 1),
    }
    options.update(kwargs)
    return html_to_pdf(html, **options)


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(data).pages)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render()


@pytest.fixture(scope="module")
def sample(sample_pdf: bytes) -> pypdf.PdfReader:
    return read(sample_pdf)


# -- the document -------------------------------------------------------------------------------


def test_pages_are_a4(sample: pypdf.PdfReader) -> None:
    assert len(sample.pages) == 2
    for page in sample.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=1)
        assert float(box.height) == pytest.approx(A4[1], abs=1)


def test_a4_is_only_a_fallback_for_the_templates_own_page_size() -> None:
    html = SAMPLE.replace("<head>", "<head><style>@page { size: A5 }</style>")
    box = read(render(html)).pages[0].mediabox
    assert float(box.width) == pytest.approx(419.53, abs=1)


def test_metadata_comes_from_the_arguments(sample: pypdf.PdfReader) -> None:
    metadata = sample.metadata
    assert metadata is not None
    assert metadata.title == "Tmi Terhi Kallion tietosuojaseloste"
    assert metadata.author == "Tmi Terhi Kallio"
    assert metadata.subject == "Tietosuojaseloste"
    assert metadata["/CreationDate"] == "D:20240115"
    assert metadata["/ModDate"] == "D:20240201"
    assert sample.trailer["/Root"]["/Lang"] == "fi"


def test_one_date_stands_for_both() -> None:
    metadata = read(render(created=None, modified=date(2018, 5, 24))).metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20180524"


def test_no_date_is_taken_from_the_clock() -> None:
    metadata = read(render(created=None, modified=None)).metadata
    assert metadata is not None
    assert "/CreationDate" not in metadata
    assert "/ModDate" not in metadata


def test_language_comes_from_the_argument() -> None:
    catalog = read(render(lang="en")).trailer["/Root"]
    assert catalog["/Lang"] == "en"


def test_pdf_ua_is_tagged(sample: pypdf.PdfReader) -> None:
    catalog = sample.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a pypdf BooleanObject)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    assert b"Tmi Terhi Kallion tietosuojaseloste" in xmp


def test_structure_tree_holds_the_headings(sample: pypdf.PdfReader) -> None:
    roles: set[str] = set()

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                roles.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(sample.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/P"} <= roles


def test_page_labels_count_from_one(sample: pypdf.PdfReader) -> None:
    assert sample.page_labels == ["1", "2"]


def test_bookmarks_follow_the_headings(sample: pypdf.PdfReader) -> None:
    def titles(outline: list[Any], depth: int = 0) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for item in outline:
            if isinstance(item, list):
                found += titles(item, depth + 1)
            else:
                found.append((depth, item.title))
        return found

    assert titles(sample.outline) == [
        (0, "Tietosuojaseloste"),
        (1, "Rekisterinpitäjä"),
        (1, "Oikeutesi"),
        (2, "Oikeus vastustaa"),
    ]
    second_page = sample.pages[1].indirect_reference
    assert sample.outline[1][1].page == second_page


RUNNING = """<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><title>T</title><style>
@page {
  @top-left { content: "Ylätunniste"; }
  @bottom-right { content: "Sivu " counter(page); }
}
</style></head>
<body><main><h1>Otsikko</h1><p>Ensimmäinen sivu</p>
<p style="break-before: page">Toinen sivu</p></main></body>
</html>
"""


def marked_text(reader: pypdf.PdfReader, page: Any) -> list[tuple[str, str, str | None]]:
    """For each run of text in drawing order: the marked-content tag around it, and the
    ``/Type`` and ``/Subtype`` of its properties (an artifact's)."""
    contents = pypdf.generic.ContentStream(page.get_contents(), reader)
    found: list[tuple[str, str, str | None]] = []
    around: list[tuple[str, Any]] = []
    for operands, operator in contents.operations:
        if operator == b"BDC":
            around.append((str(operands[0]), operands[1]))
        elif operator == b"EMC":
            around.pop()
        elif operator == b"TJ" and around:
            tag, properties = around[-1]
            found.append((tag, str(properties.get("/Type")), properties.get("/Subtype")))
    return found


def test_the_running_header_and_footer_are_pagination_artifacts() -> None:
    # WeasyPrint tags margin boxes as text outside the structure tree
    # (https://github.com/Kozea/WeasyPrint/issues/1836); the finished PDF marks them as
    # artifacts instead, by the half of the page they stand in.
    reader = read(render(RUNNING))
    for page in reader.pages:
        marks = marked_text(reader, page)
        artifacts = [(kind, subtype) for tag, kind, subtype in marks if tag == "/Artifact"]
        assert artifacts == [("/Pagination", "/Header"), ("/Pagination", "/Footer")]
        # The page's own text is still tagged content.
        assert [tag for tag, _, _ in marks if tag != "/Artifact"] == (
            ["/Span", "/Span"] if page is reader.pages[0] else ["/Span"]
        )
    # Every MCID the parent tree still maps belongs to an element the structure tree reaches,
    # and no mapping is left for the artifacts.
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    reached: set[int] = set()
    pending = [root["/K"]]
    while pending:
        kids = pending.pop()
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, pypdf.generic.IndirectObject) and kid.idnum not in reached:
                reached.add(kid.idnum)
                pending.append(kid.get_object().get("/K"))
    nums = root["/ParentTree"]["/Nums"]
    for index in range(0, len(nums), 2):
        mapping = nums[index + 1].get_object()
        refs = mapping if isinstance(mapping, list) else [mapping]
        assert all(ref.idnum in reached for ref in refs if ref is not None)
    text = text_of(render(RUNNING))
    assert "Ylätunniste" in text and "Sivu 2" in text


def test_a_document_without_margin_boxes_keeps_its_tags(sample: pypdf.PdfReader) -> None:
    for page in sample.pages:
        contents = pypdf.generic.ContentStream(page.get_contents(), sample)
        tags = [str(ops[0]) for ops, op in contents.operations if op == b"BDC"]
        assert tags and "/Artifact" not in tags


def test_every_font_is_embedded(sample: pypdf.PdfReader) -> None:
    fonts = embedded_fonts(sample)
    # Sans (headings, body), serif regular and italic, monospace: one file each.
    assert len(fonts) >= 4
    missing = [name for name, files in fonts.items() if not files]
    assert missing == []


def embedded_fonts(reader: pypdf.PdfReader) -> dict[str, list[str]]:
    fonts: dict[str, list[str]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = [
                key for key in descriptor if key in ("/FontFile", "/FontFile2", "/FontFile3")
            ]
    return fonts


def test_text_survives(sample_pdf: bytes) -> None:
    text = text_of(sample_pdf)
    assert "Siltakatu 12-14, 05900 Hyvinkää" in text
    assert "Sivu kaksi" in text


def test_pdf_a_3u() -> None:
    reader = read(render(variant="pdf/a-3u"))
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp
    assert b'pdfaid:conformance="U"' in xmp
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    # Still tagged: an archival copy should not be less accessible than the published one.
    assert "/StructTreeRoot" in catalog
    assert "/ID" in reader.trailer


def test_unknown_variant_lists_the_allowed_ones() -> None:
    with pytest.raises(RekisteriError) as caught:
        render(variant="pdf/a-1b")
    for variant in PDF_VARIANTS:
        assert variant in str(caught.value)


def test_same_input_same_bytes(sample_pdf: bytes) -> None:
    assert render() == sample_pdf


def test_same_bytes_in_another_process(sample_pdf: bytes, tmp_path: Path) -> None:
    # Hash randomisation and font-cache state differ between processes; the bytes must not.
    script = tmp_path / "render.py"
    script.write_text(
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_pdf import render\n"
        "sys.stdout.buffer.write(render())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, str(script), str(Path(__file__).parent)],
        capture_output=True,
        check=True,
        env=env,
    )
    assert result.stdout == sample_pdf


# As on a machine without libharfbuzz-subset0, where WeasyPrint subsets fonts with fontTools; the
# clock is moved by argv[3] seconds, as if the render ran that much later.
RENDER_LATER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from rekisteri.documents.pdf import _import_weasyprint
_import_weasyprint()
import weasyprint.pdf.fonts
if sys.argv[2] == "fonttools":
    weasyprint.pdf.fonts.harfbuzz_subset = None
clock = time.time
time.time = lambda: clock() + float(sys.argv[3])
from test_pdf import render
sys.stdout.buffer.write(render())
"""


def render_in_process(tmp_path: Path, subsetter: str, later: float) -> bytes:
    script = tmp_path / "render_later.py"
    script.write_text(RENDER_LATER, encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, str(script), str(Path(__file__).parent), subsetter, str(later)],
        capture_output=True,
        check=True,
        env=env,
        timeout=120,
    )
    return result.stdout


def test_same_bytes_in_processes_a_year_apart_with_or_without_harfbuzz_subset(
    tmp_path: Path,
) -> None:
    # fontTools stamps the time of subsetting into each font it saves; the library sets the
    # document's date instead, whatever the environment says. And it subsets with fontTools
    # even where libharfbuzz-subset0 is installed, so both kinds of machine give one PDF.
    now = render_in_process(tmp_path, "fonttools", 0)
    later = render_in_process(tmp_path, "this machine's", 366 * 86400)
    assert now.startswith(b"%PDF-")
    assert later == now


def test_the_subsetter_advice_is_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    assert render().startswith(b"%PDF-")
    assert "HarfBuzz" not in capfd.readouterr().err


def embedded_font_programs(data: bytes) -> dict[str, Any]:
    """Each embedded font as fontTools reads it, by its PDF name."""
    from fontTools.ttLib import TTFont

    programs: dict[str, Any] = {}
    for page in read(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object()
            program = described["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            programs[str(font["/BaseFont"])] = TTFont(io.BytesIO(program.get_data()))
    return programs


def font_seconds(moment: datetime) -> int:
    # OpenType counts seconds from 1904; fontTools converts with the same epoch.
    from fontTools.misc.timeTools import timestampSinceEpoch

    return int(timestampSinceEpoch(moment.timestamp()))


@pytest.fixture
def fonttools_subsetting(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)


def test_fonts_carry_the_documents_date(
    fonttools_subsetting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    programs = embedded_font_programs(render(created=date(2024, 1, 15), modified=date(2024, 2, 1)))
    assert len(programs) >= 4
    stamp = font_seconds(datetime(2024, 2, 1, tzinfo=UTC))
    assert {name: font["head"].modified for name, font in programs.items()} == {
        name: stamp for name in programs
    }


def test_a_document_without_a_date_takes_source_date_epoch(
    fonttools_subsetting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    programs = embedded_font_programs(render(created=None, modified=None))
    stamp = font_seconds(datetime.fromtimestamp(1700000000, UTC))
    assert {font["head"].modified for font in programs.values()} == {stamp}


def test_without_any_date_a_font_keeps_its_own(
    fonttools_subsetting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    programs = embedded_font_programs(render(created=None, modified=None))
    assert [name for name, f in programs.items() if f["head"].modified != f["head"].created] == []


def test_a_bad_source_date_epoch_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RekisteriError) as caught:
        render()
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in str(caught.value)
    assert "whole number of seconds" in str(caught.value)


# -- the PDF font --------------------------------------------------------------------------------


def test_the_print_stylesheets_name_the_pdf_font() -> None:
    templates = Path(__file__).resolve().parents[2] / "templates"
    families = {face.family for face in pdf_module.FONT_FACES}
    for name in ("print/page.css", "notice/notice.css", "access/report.css", "record/record.css"):
        css = (templates / name).read_text(encoding="utf-8")
        named = set(re.findall(r'font-family: "([^"]+)"', css))
        assert named & families, f"{name} does not name the PDF font"
        assert not named - families - {"DejaVu Sans", "DejaVu Sans Mono", "Liberation Sans"}


def test_the_font_files_are_checked_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path / "no-fonts")
    monkeypatch.setattr(pdf_module, "_render", lambda *a, **k: pytest.fail("rendered"))
    with pytest.raises(RekisteriError) as caught:
        render()
    message = str(caught.value)
    assert str(tmp_path / "no-fonts" / "DejaVuSans.ttf") in message
    assert "install it with: apt-get install fonts-dejavu-core" in message


def test_only_the_pdf_font_files_are_read_as_fonts(root: Path, tmp_path: Path) -> None:
    read_paths: list[str] = []
    real_read = pdf_module._ResourceGuard.read

    def read_spy(self: Any, path: Path) -> bytes:
        read_paths.append(str(path))
        return real_read(self, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module._ResourceGuard, "read", read_spy)
        render(page_with_image("logo.png"), root=root, lang="en")
        assert sorted(set(read_paths)) == sorted(font_files() | {str(root / "logo.png")})
        # Another file of the same package is not one of them.
        other = pdf_module.FONT_DIR / "DejaVuSans-ExtraLight.ttf"
        html = SAMPLE.replace(
            "<head>",
            f"<head><style>@font-face {{ font-family: X; src: url({other.as_uri()}) }}"
            "body { font-family: X }</style>",
        )
        with pytest.raises(RefusedResource) as caught:
            render(html, root=root)
    assert caught.value.urls == (other.as_uri(),)


# -- what may be embedded ------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A register folder with a real logo, a link out of it, and a secret beside it."""
    folder = tmp_path / "register"
    folder.mkdir()
    (folder / "logo.png").write_bytes(PNG_1X1)
    (tmp_path / "secret.png").write_bytes(PNG_1X1)
    (folder / "escape.png").symlink_to(tmp_path / "secret.png")
    return folder


# A 1×1 red PNG.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def page_with_image(src: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        f'<h1>Logo</h1><img alt="Logo" src="{src}"></body></html>'
    )


def font_files() -> set[str]:
    return {str(face.path()) for face in pdf_module.FONT_FACES}


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file other than the PDF font read, and every network connection attempted."""
    seen: list[str] = []
    real_read = pdf_module._ResourceGuard.read

    def read_spy(self: Any, path: Path) -> bytes:
        if str(path) not in font_files():
            seen.append(str(path))
        return real_read(self, path)

    def connect_spy(self: socket.socket, address: Any) -> None:
        seen.append(f"connect {address}")
        raise OSError("network access in a test")

    monkeypatch.setattr(pdf_module._ResourceGuard, "read", read_spy)
    monkeypatch.setattr(socket.socket, "connect", connect_spy)
    return seen


def images_in(data: bytes) -> int:
    return sum(len(page.images) for page in read(data).pages)


def test_an_image_under_the_root_is_embedded(root: Path, fetches: list[str]) -> None:
    data = render(page_with_image("logo.png"), root=root, lang="en")
    assert images_in(data) == 1
    assert fetches == [str(root / "logo.png")]


def test_an_image_in_a_data_uri_is_embedded(root: Path, fetches: list[str]) -> None:
    import base64

    uri = "data:image/png;base64," + base64.b64encode(PNG_1X1).decode()
    assert images_in(render(page_with_image(uri), root=root, lang="en")) == 1
    assert fetches == []


@pytest.mark.parametrize(
    ("src", "named"),
    [
        ("/etc/passwd", "file:///etc/passwd"),
        ("file:///etc/passwd", "file:///etc/passwd"),
        ("../../etc/passwd", "/etc/passwd"),
        ("../" * 20 + "etc/passwd", "file:///etc/passwd"),
        ("../secret.png", "secret.png"),
        ("http://example.com/x.png", "http://example.com/x.png"),
        ("https://example.com/x.png", "https://example.com/x.png"),
        ("ftp://example.com/x.png", "ftp://example.com/x.png"),
        ("file://example.com/etc/passwd", "file://example.com/etc/passwd"),
    ],
)
def test_refused(root: Path, fetches: list[str], src: str, named: str) -> None:
    with pytest.raises(RefusedResource) as caught:
        render(page_with_image(src), root=root, lang="en")
    message = str(caught.value)
    assert message.startswith("refused to load ")
    assert named in message
    assert f"only stylesheets, images and fonts under {root} may be embedded" in message
    assert fetches == []


def test_a_link_out_of_the_root_is_refused(root: Path, fetches: list[str]) -> None:
    with pytest.raises(RefusedResource) as caught:
        render(page_with_image("escape.png"), root=root, lang="en")
    assert "escape.png" in str(caught.value)
    assert f"a link to {root.parent / 'secret.png'}" in str(caught.value)
    assert fetches == []


def test_refusals_in_css_are_caught_too(root: Path, fetches: list[str]) -> None:
    # WeasyPrint swallows failed stylesheets, backgrounds and fonts; none may pass unnoticed.
    html = (
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="http://example.com/a.css">'
        "<style>@import url(https://example.com/b.css);"
        "@font-face { font-family: X; src: url(file:///usr/share/fonts/x.ttf) }"
        "body { background: url(/etc/passwd); font-family: X }</style></head>"
        "<body><h1>Hei</h1></body></html>"
    )
    with pytest.raises(RefusedResource) as caught:
        render(html, root=root, lang="en")
    assert set(caught.value.urls) == {
        "http://example.com/a.css",
        "https://example.com/b.css",
        "file:///usr/share/fonts/x.ttf",
        "file:///etc/passwd",
    }
    assert fetches == []


@pytest.fixture
def store_beside(root: Path) -> Path:
    """The customer store in the register's folder, which no template may print or attach."""
    store = root / "asiakkaat.sqlite"
    store.write_bytes(b"SQLite format 3\x00 Aino Virtanen 131052-308T")
    return store


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="attachment" href="asiakkaat.sqlite">',
        '<link rel="Attachment stylesheet" href="asiakkaat.sqlite">',
        '<a rel="attachment" href="asiakkaat.sqlite">Liite</a>',
        '<a rel="attachment" href="data:text/plain,x">Liite</a>',
    ],
)
def test_nothing_is_attached_to_a_pdf(
    root: Path, store_beside: Path, fetches: list[str], markup: str
) -> None:
    html = SAMPLE.replace("<h1>", markup + "<h1>")
    with pytest.raises(RekisteriError) as caught:
        render(html, root=root)
    assert "carries no attachments" in str(caught.value)
    assert 'remove rel="attachment"' in str(caught.value)
    assert fetches == []


@pytest.mark.parametrize(
    "markup",
    [
        '<img alt="x" src="asiakkaat.sqlite">',
        '<p style="background: url(asiakkaat.sqlite)">x</p>',
        '<link rel="stylesheet" href="asiakkaat.sqlite">',
    ],
)
def test_only_stylesheets_images_and_fonts_are_read_from_a_template_folder(
    root: Path, store_beside: Path, fetches: list[str], markup: str
) -> None:
    html = SAMPLE.replace("<h1>", markup + "<h1>")
    with pytest.raises(RefusedResource) as caught:
        render(html, root=root)
    assert "asiakkaat.sqlite (not a stylesheet, image or font)" in str(caught.value)
    assert fetches == []


def test_a_missing_logo_is_an_error_not_a_gap(root: Path) -> None:
    with pytest.raises(RekisteriError) as caught:
        render(page_with_image("missing.png"), root=root, lang="en")
    assert f"cannot read {root / 'missing.png'}" in str(caught.value)


def test_a_broken_image_is_an_error(root: Path) -> None:
    (root / "broken.png").write_bytes(b"not a png")
    with pytest.raises(RekisteriError) as caught:
        render(page_with_image("broken.png"), root=root, lang="en")
    assert "broken.png" in str(caught.value)


def test_a_broken_link_fails_the_render() -> None:
    # A notice whose table of contents points nowhere is a defect, not a warning.
    html = SAMPLE.replace("<h1>", '<p><a href="#nowhere">Oikeutesi</a></p><h1>')
    with pytest.raises(RekisteriError) as caught:
        render(html)
    assert "No anchor #nowhere" in str(caught.value)


def test_an_image_without_alt_text_fails_a_pdf_ua(root: Path) -> None:
    html = page_with_image("logo.png").replace(' alt="Logo"', "")
    with pytest.raises(RekisteriError) as caught:
        render(html, root=root, lang="en")
    assert "alt" in str(caught.value)


def test_a_weasyprint_failure_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("the layout went wrong")

    monkeypatch.setattr(pdf_module, "_render", explode)
    with pytest.raises(RekisteriError) as caught:
        render()
    assert str(caught.value) == "cannot render the PDF: the layout went wrong"


# -- importing WeasyPrint ------------------------------------------------------------------------

SPAWN_SPY = """
import subprocess, sys
spawned = []
class Spy(subprocess.Popen):
    def __init__(self, args, *rest, **options):
        spawned.append(args)
        super().__init__(args, *rest, **options)
subprocess.Popen = Spy
"""


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout


def test_weasyprint_loads_without_running_a_compiler() -> None:
    # ctypes.util.find_library runs ldconfig, gcc and ld for every library name it is asked
    # about: half a second and gcc's memory added to every `rekisteri render`.
    out = run_python(
        SPAWN_SPY + "from rekisteri.documents.pdf import _import_weasyprint\n"
        "_import_weasyprint()\n"
        "print(spawned)\n"
    )
    assert out.strip() == "[]"


def test_weasyprint_import_falls_back_to_the_library_search() -> None:
    # Stands in for a system where the libraries can only be found by searching: the first
    # attempt fails, the partial import is forgotten, the second attempt succeeds.
    out = run_python(
        "import ctypes.util, sys\n"
        "calls = []\n"
        "class FailOnce:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'weasyprint.text.ffi' and not calls:\n"
        "            calls.append(ctypes.util.find_library('c'))\n"
        "            raise OSError('cannot load library')\n"
        "sys.meta_path.insert(0, FailOnce())\n"
        "from rekisteri.documents.pdf import _import_weasyprint\n"
        "weasyprint = _import_weasyprint()\n"
        "print(calls, callable(weasyprint.HTML), ctypes.util.find_library('c') is not None)\n"
    )
    assert out.strip() == "[None] True True"


# -- the notices ---------------------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "terhi-kallio"
MODERN = "register.toml"
SEED = "rekisteriseloste-2018.toml"
LAYOUTS = ["tietosuojaseloste", "rekisteriseloste"]
LANGS = ["fi", "en"]

# Facts of the 2018 seed document, word for word, independent of how the example names them.
SEED_FACTS = [
    "Tmi Terhi Kallio",
    "Siltakatu 12-14",
    "05900 Hyvinkää",
    "045 127 0888",
    "terhi.kallio@outlook.com",
]
SEED_FI = [
    "Terhi Kallio Tmi asiakastietorekisteri",
    "Henkilön nimi ja (henkilötunnus)",
    "Sähköpostiosoite, (postiosoite), puhelinnumero",
    "Lähiomainen tarvittaessa",
    "Asiakashistoria (esim. yhteydenotot, tilaukset, ajanvaraukset, laskutukseen ja perintään"
    " liittyvät tiedot)",
    "Asiakaspalautteet ja yhteydenotot",
    "Suoramarkkinointikiellot ja -suostumukset",
    "Mahdolliset asiakkaan muut tiedot",
    "Asiakkaan tai omaisen ilmoittamat tiedot",
    "Mahdollisesti sosiaalipuolelta tai terveydenhuollon henkilökunnalta saadut tiedot",
    "Tietoja ei siirretä EU:n ulkopuolelle tai Euroopan talousalueen ulkopuolelle",
    "En käytä tietoja automaattiseen päätöksentekoon tai profilointiin",
    "Tietoja säilytetään niin kauan kuin asiakkuus on voimassa tai sovitusti pidempään",
    "Asiakasrekisteriä käsittelee Tmi Terhi Kallio tietosuojalainsäädännön mukaisesti",
]
# The seed's numbered headings, which the legacy layout keeps.
SEED_HEADINGS_FI = [
    "1. Rekisterinpitäjä",
    "2. Rekisteriasioista vastaava yhteyshenkilö",
    "3. Rekisterin nimi",
    "4. Henkilötietojen käsittelyn tarkoitus / rekisterin käyttötarkoitus",
    "5. Rekisterin tietosisältö",
    "6. Säännönmukaiset tietolähteet",
    "7. Säännönmukaisten tietojen luovutukset",
    "8. Käsittelyn kesto",
    "9. Henkilötietojen käsittelijät",
    "10. Tietojen siirto EU:n ulkopuolelle tai Euroopan talousalueen ulkopuolelle",
    "11. Automaattinen päätöksenteko ja profilointi",
]
FOOTER = {"fi": "Sivu {page} / {pages}", "en": "Page {page} of {pages}"}


def words(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces, as a reader sees it."""
    return " ".join(text.split())


_notices: dict[tuple[str, str, str], bytes] = {}


def notice_pdf(register_file: str, layout: str, lang: str) -> bytes:
    """Render once per session: a notice PDF takes about a second."""
    from rekisteri.notice.render import render_pdf
    from rekisteri.register.loading import load_register

    key = (register_file, layout, lang)
    if key not in _notices:
        register = load_register(EXAMPLES / register_file)
        _notices[key] = render_pdf(register, lang, layout=layout)
    return _notices[key]


def register_facts(register_file: str, lang: str) -> list[str]:
    """What the example itself says in ``lang`` that every notice of it must carry."""
    from rekisteri.register.loading import load_register

    register = load_register(EXAMPLES / register_file)
    facts = [category.name.get(lang) for category in register.data_categories]
    facts += [source.name.get(lang) for source in register.sources]
    assert register.transfers is not None and register.transfers.statement is not None
    assert register.automated_decisions is not None
    assert register.automated_decisions.statement is not None
    facts.append(register.transfers.statement.get(lang))
    facts.append(register.automated_decisions.statement.get(lang))
    facts += [rule.criteria.get(lang) for rule in register.retention if rule.criteria]
    if register.notes is not None:
        facts += [
            note.get(lang)
            for note in (
                getattr(register.notes, name) for name in type(register.notes).model_fields
            )
            if note is not None
        ]
    return facts


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("register_file", [MODERN, SEED])
def test_every_fact_is_in_the_pdf(register_file: str, layout: str, lang: str) -> None:
    text = words(text_of(notice_pdf(register_file, layout, lang)))
    facts = SEED_FACTS + register_facts(register_file, lang)
    if register_file == SEED and lang == "fi":
        facts += SEED_FI
    if register_file == SEED and lang == "fi" and layout == "rekisteriseloste":
        facts += SEED_HEADINGS_FI
    missing = [fact for fact in facts if words(fact).rstrip(".") not in text]
    assert missing == [], "missing from the PDF:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("register_file", "layout"), [(MODERN, "tietosuojaseloste"), (SEED, "rekisteriseloste")]
)
def test_every_page_has_its_header_and_footer(register_file: str, layout: str, lang: str) -> None:
    reader = read(notice_pdf(register_file, layout, lang))
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = words(page.extract_text())
        assert "Tmi Terhi Kallio" in text
        assert FOOTER[lang].format(page=number, pages=pages) in text
    assert reader.page_labels == [str(n) for n in range(1, pages + 1)]


@pytest.mark.parametrize("lang", LANGS)
def test_notice_metadata_and_tagging(lang: str) -> None:
    from rekisteri.register.loading import load_register

    register = load_register(EXAMPLES / MODERN)
    reader = read(notice_pdf(MODERN, "tietosuojaseloste", lang))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert "/EmbeddedFiles" not in catalog.get("/Names", {})
    assert reader.attachments == {}
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.author == "Tmi Terhi Kallio"
    assert metadata.title is not None and "Tmi Terhi Kallio" in metadata.title
    assert metadata["/ModDate"] == "D:" + register.notice.updated.strftime("%Y%m%d")
    # The bookmarks are the notice's headings, in the reader's language.
    text = words(text_of(notice_pdf(MODERN, "tietosuojaseloste", lang)))
    titles = outline_titles(reader.outline)
    assert len(titles) >= 10
    assert [title for title in titles if words(title) not in text] == []
    assert not [name for name, files in embedded_fonts(reader).items() if not files]


def outline_titles(outline: list[Any]) -> list[str]:
    found: list[str] = []
    for item in outline:
        found += outline_titles(item) if isinstance(item, list) else [item.title]
    return found


def test_the_notice_pdf_is_reproducible() -> None:
    from rekisteri.notice.render import render_pdf
    from rekisteri.register.loading import load_register

    register = load_register(EXAMPLES / SEED)
    assert render_pdf(register, "fi", layout="rekisteriseloste") == notice_pdf(
        SEED, "rekisteriseloste", "fi"
    )


@pytest.mark.parametrize(
    ("block", "markup"),
    [
        ("head", '<link rel="attachment" href="asiakkaat.sqlite">'),
        ("head", '<link rel="attachment" href="../asiakkaat.sqlite">'),
        ("head", '<link rel="attachment" href="{folder}/asiakkaat.sqlite">'),
        ("footer", '<a rel="attachment" href="{folder}/asiakkaat.sqlite">x</a>'),
        ("footer", '<img alt="x" src="{folder}/asiakkaat.sqlite">'),
        ("footer", '<img alt="x" src="../asiakkaat.sqlite">'),
        # An image beside the register that is not its logo: a client's scanned ID, say.
        ("footer", '<img alt="x" src="{folder}/passi.png">'),
        ("footer", '<p style="background: url({folder}/passi.png)">x</p>'),
    ],
)
def test_no_template_puts_a_file_of_the_registers_folder_into_the_pdf(
    tmp_path: Path, fetches: list[str], block: str, markup: str
) -> None:
    from rekisteri.notice.render import render_pdf
    from rekisteri.register.loading import load_register

    folder = tmp_path / "register"
    folder.mkdir()
    register_file = folder / "register.toml"
    register_file.write_text((EXAMPLES / MODERN).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "asiakkaat.sqlite").write_bytes(b"SQLite format 3\x00 Aino Virtanen 131052-308T")
    (folder / "passi.png").write_bytes(PNG_1X1)
    templates = folder / "templates"
    (templates / "notice").mkdir(parents=True)
    (templates / "notice" / "tietosuojaseloste.html.j2").write_text(
        '{% extends "default:notice/tietosuojaseloste.html.j2" %}'
        f"{{% block {block} %}}{{{{ super() }}}}{markup.format(folder=folder.as_uri())}"
        "{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(RekisteriError) as caught:
        render_pdf(load_register(register_file), "fi", templates=templates)
    message = str(caught.value)
    assert "carries no attachments" in message or message.startswith("refused to load")
    assert fetches == []


HOSTILE = "<script>alert(\"x\")</script> & 'quoted' {{ 7*7 }} {% if %}"


def test_hostile_text_is_printed_literally(tmp_path: Path) -> None:
    import tomllib

    import tomli_w

    from rekisteri.notice.render import render_pdf
    from rekisteri.register.loading import load_register

    data = tomllib.loads((EXAMPLES / MODERN).read_text(encoding="utf-8"))
    data["controller"]["name"] = f"Tmi {HOSTILE}"
    data["name"] = {"fi": f"Rekisteri {HOSTILE}", "en": f"Register {HOSTILE}"}
    data["data_categories"][0]["name"] = {"fi": f"Nimi {HOSTILE}", "en": f"Name {HOSTILE}"}
    data["transfers"]["statement"] = {"fi": f"Siirrot {HOSTILE}", "en": f"Transfers {HOSTILE}"}
    path = tmp_path / "register.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    register = load_register(path)
    for lang in LANGS:
        data = render_pdf(register, lang)
        reader = read(data)
        text = words(text_of(data))
        # Once as the controller's name, and once in each field that was given the text.
        assert words(f"Tmi {HOSTILE}") in text
        for field in ("Nimi", "Siirrot") if lang == "fi" else ("Name", "Transfers"):
            assert words(f"{field} {HOSTILE}") in text
        assert "&amp;" not in text and "&lt;" not in text
        # The running header carries the name as text, not markup.
        assert words(f"Tmi {HOSTILE}") in words(reader.pages[1].extract_text())
        assert reader.metadata is not None and HOSTILE in (reader.metadata.author or "")


@pytest.mark.parametrize("lang", LANGS)
def test_notices_and_records_embed_only_dejavu_dated_by_the_register(lang: str) -> None:
    from rekisteri.record.record import build_record, record_pdf
    from rekisteri.register.loading import load_register

    register = load_register(EXAMPLES / MODERN)
    record = build_record([register])
    assert register.notice.updated is not None and record.updated is not None
    documents = {
        "notice": (notice_pdf(MODERN, "tietosuojaseloste", lang), register.notice.updated),
        "record": (record_pdf(record, lang), record.updated),
    }
    for document, (data, day) in documents.items():
        programs = embedded_font_programs(data)
        families = {name: font["name"].getDebugName(1) for name, font in programs.items()}
        assert families and set(families.values()) == {"DejaVu Sans"}, (document, families)
        stamp = font_seconds(datetime(day.year, day.month, day.day, tzinfo=UTC))
        assert {font["head"].modified for font in programs.values()} == {stamp}, document


LONG_WORD = "x" * 4000
LONG_TEXT = ("lorem ipsum dolor sit amet " * 160)[:4000]


@pytest.mark.parametrize("long_text", [LONG_WORD, LONG_TEXT], ids=["one word", "words"])
def test_a_4000_character_cell_of_an_access_report_is_printed_whole(
    demo_path: Path, tmp_path: Path, long_text: str
) -> None:
    # It used to take WeasyPrint 20 s and more (benchmarks/bench_report_cell.py measures it).
    import sqlite3

    from rekisteri.access.bundle import BundleOptions, write_access_bundle
    from rekisteri.access.collect import identify
    from rekisteri.register.loading import load_register
    from store_fixtures import RELEASED

    register = demo_path
    store = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    store.execute(
        "UPDATE contacts SET summary = ? "
        "WHERE id = (SELECT min(id) FROM contacts WHERE client_id = 1)",
        (long_text,),
    )
    store.commit()
    store.close()
    result = write_access_bundle(
        load_register(register),
        tmp_path / "bundle",
        identify(subject_id="1"),
        BundleOptions(
            languages=["en"],
            formats=["pdf"],
            generated=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            reference="REQ-1",
            decisions=RELEASED,
        ),
    )
    data = (result.path / "report.en.pdf").read_bytes()
    text = text_of(data)
    # The cell runs over pages, between running headers and repeated column headings: its
    # lines are picked out of the text in order.
    if long_text == LONG_WORD:
        assert "".join(word for word in text.split() if set(word) == {"x"}) == LONG_WORD
    else:
        words = set(long_text.split())
        assert [word for word in text.split() if word in words] == long_text.split()
    assert "\u200b" not in text
    programs = embedded_font_programs(data)
    assert {font["name"].getDebugName(1) for font in programs.values()} == {"DejaVu Sans"}


def test_a_long_word_gets_break_opportunities_between_whole_characters() -> None:
    word = "e\u0301" * 150 + "x" * 100 + "\U0001f44d\U0001f3fd" * 20
    pieces = pdf_module._with_breaks(f"alku {word} loppu")
    assert pieces.replace("\u200b", "") == f"alku {word} loppu"
    assert pieces.count("\u200b") >= 100 // pdf_module.WORD_PIECE
    for before, after in itertools.pairwise(pieces):
        if after == "\u200b":
            assert before not in ("\U0001f44d",)
        if before == "\u200b":
            assert after not in ("\u0301", "\U0001f3fd")
    # Shorter runs (an address, a SHA-256 sum) are left alone.
    assert pdf_module._with_breaks("a" * 200 + " " + "b" * 64) == "a" * 200 + " " + "b" * 64


# -- several languages at once -------------------------------------------------------------------


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Render PDFs in forked renderers whatever the machine, and record each renderer's share."""
    from rekisteri.documents import pdf_pool

    shares: list[tuple[str, ...]] = []
    fork = pdf_pool._ForkedRenderer.fork

    def recording_fork(render: Any, langs: Any) -> Any:
        shares.append(tuple(langs))
        return fork(render, langs)

    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 2)
    monkeypatch.setattr(pdf_pool._ForkedRenderer, "fork", recording_fork)
    return shares


def test_pdfs_rendered_side_by_side_are_the_pdfs_rendered_one_by_one(
    tmp_path: Path, forking: list[tuple[str, ...]]
) -> None:
    from rekisteri.notice.render import write_notice
    from rekisteri.register.loading import load_register

    written = write_notice(load_register(EXAMPLES / MODERN), tmp_path)
    assert forking == [("fi",), ("en",)]
    assert [p.name for p in written] == [
        "tietosuojaseloste.fi.html",
        "tietosuojaseloste.fi.pdf",
        "tietosuojaseloste.en.html",
        "tietosuojaseloste.en.pdf",
    ]
    for lang in LANGS:
        pdf = (tmp_path / f"tietosuojaseloste.{lang}.pdf").read_bytes()
        assert pdf == notice_pdf(MODERN, "tietosuojaseloste", lang)


@pytest.fixture
def refusing_templates(tmp_path: Path) -> Path:
    """A template folder whose stylesheet asks for a file no notice may embed."""
    folder = tmp_path / "templates"
    (folder / "notice").mkdir(parents=True)
    builtin = (
        Path(__file__).resolve().parents[2] / "templates" / "notice" / "notice.css"
    ).read_text(encoding="utf-8")
    (folder / "notice" / "notice.css").write_text(
        builtin + '.rekisteri-notice { background: url("file:///etc/passwd"); }\n',
        encoding="utf-8",
    )
    return folder


def failure(register: Any, out: Path, templates: Path) -> RekisteriError:
    from rekisteri.notice.render import write_notice

    with pytest.raises(RekisteriError) as caught:
        write_notice(register, out, templates=templates)
    assert not out.exists() or list(out.iterdir()) == []
    return caught.value


def test_a_renderers_error_is_the_error_of_rendering_one_by_one(
    tmp_path: Path,
    refusing_templates: Path,
    forking: list[tuple[str, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rekisteri.documents import pdf_pool
    from rekisteri.register.loading import load_register

    register = load_register(EXAMPLES / MODERN)
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 1)
    alone = failure(register, tmp_path / "alone", refusing_templates)
    assert forking == []
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 2)
    forked = failure(register, tmp_path / "forked", refusing_templates)
    assert forking == [("fi",), ("en",)]
    assert isinstance(forked, RefusedResource) and isinstance(alone, RefusedResource)
    assert type(forked) is type(alone)
    assert str(forked) == str(alone)
    assert "file:///etc/passwd" in str(forked)
    assert forked.urls == alone.urls == ("file:///etc/passwd",)
    from rekisteri.cli.errors import exit_code  # the CLI maps error types to exit codes

    assert exit_code(forked) == exit_code(alone) == 1
    # Nothing from the other process is chained to it: the CLI shows the message alone.
    assert forked.__cause__ is None and forked.__context__ is None


def test_a_renderer_that_dies_is_made_up_for_here(
    tmp_path: Path, forking: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rekisteri.documents import pdf_pool
    from rekisteri.notice import render as notice
    from rekisteri.register.loading import load_register

    # The renderer is killed before it sends anything (out of memory, say).
    monkeypatch.setattr(pdf_pool, "_serve", lambda render, langs, pipe: os._exit(9))
    written = notice.write_notice(
        load_register(EXAMPLES / MODERN), tmp_path, formats=["pdf"], langs=["en", "fi"]
    )
    assert forking == [("en",), ("fi",)]
    assert [p.name for p in written] == ["tietosuojaseloste.en.pdf", "tietosuojaseloste.fi.pdf"]
    for lang in LANGS:
        pdf = (tmp_path / f"tietosuojaseloste.{lang}.pdf").read_bytes()
        assert pdf == notice_pdf(MODERN, "tietosuojaseloste", lang)


def test_a_renderer_no_longer_needed_is_stopped(forking: list[tuple[str, ...]]) -> None:
    from rekisteri.notice.render import PdfBatch
    from rekisteri.register.loading import load_register

    with PdfBatch(load_register(EXAMPLES / MODERN), LANGS) as pdfs:
        renderers = list(pdfs._renderers)
        assert len(renderers) == 2
        pids = [renderer.pid for renderer in renderers]
    # Both renderers were ended and reaped without being asked for their PDFs.
    assert all(renderer.pid is None and renderer.pipe is None for renderer in renderers)
    for pid in pids:
        assert pid is not None
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_pdfs_are_rendered_here_while_another_thread_runs() -> None:
    import threading

    from rekisteri.documents.pdf_pool import pdf_workers

    # A fork copies the locks other threads hold; a renderer could wait on one forever.
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert pdf_workers() == 1
    finally:
        release.set()
        thread.join()
    alone = threading.active_count() == 1
    assert pdf_workers() == (len(os.sched_getaffinity(0)) if alone else 1)


def test_a_fact_longer_than_a_page_continues_on_the_next_page() -> None:
    from rekisteri.notice.render import render_print_html
    from rekisteri.register.loading import load_register

    # The printed facts are laid out as a grid, which WeasyPrint splits across pages; a value
    # taller than a page must not run off its bottom.
    # One word an item: on paper the items run on as a line, and a word is never split.
    items = "".join(f"<li>Item{n}</li>" for n in range(90))
    fact = f'<dl class="facts"><div class="fact"><dt>Long</dt><dd><ul>{items}</ul></dd></div></dl>'
    html = render_print_html(load_register(EXAMPLES / MODERN), "en")
    html = html.replace('class="notice-main">', f'class="notice-main">{fact}', 1)
    reader = read(render(html, lang="en"))
    on_page: dict[int, bool] = {}
    for page in reader.pages:
        box = page.mediabox
        on_page.update((n, box.bottom < y < box.top) for n, y in item_heights(page))
    assert sorted(on_page) == list(range(90))
    assert [n for n, inside in on_page.items() if not inside] == []


def item_heights(page: pypdf.PageObject) -> list[tuple[int, float]]:
    """Where on the page each "ItemN" is drawn: N and the height of its baseline."""
    found: list[tuple[int, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        # On paper a list of values runs on as a line: several items may share one.
        for number in re.findall(r"Item(\d+)", text):
            found.append((int(number), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_a_file_url_without_its_root_is_read_from_the_root_not_the_working_folder(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python 3.13's urljoin turns ``../`` climbing past the root into ``file:logo.png``; the
    path is then the root's ``/logo.png`` (RFC 3986 5.2.4), never the working folder's."""
    from rekisteri.documents.pdf import _ResourceGuard

    monkeypatch.chdir(root)  # where file:logo.png would otherwise be found, and allowed
    guard = _ResourceGuard(roots=(root,), base_dir=root)
    with pytest.raises(PermissionError, match=r"refused to load file:///logo\.png"):
        guard.local_file("file:logo.png")
    with pytest.raises(PermissionError, match="refused to load file:///etc/passwd"):
        guard.local_file("file:etc/passwd")
    assert guard.local_file((root / "logo.png").as_uri()) == root / "logo.png"
