"""The notice's layout: layered and said once, and on paper short and well set.

Layered (WP260 rev.01, "Layered approach in a digital environment"): a summary at the top
answers who, why, what, how long, the key rights and how to use them, from what the register
states, each answer linked to its section. Said once: a retention rule in the retention section
with every category it covers, a legal basis under its purpose; a data category names its period
in brief, linked to the rule. On paper (WeasyPrint, A4): the modern example in at most six pages
with every Art. 13/14 element, a contents with page numbers, no page left half empty (a long
block breaks across pages rather than jumping to the next), and the running header and footer
marked as pagination artifacts.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from test_notice import MANDATORY, Page, css_selectors, section, text_of

from rekisteri import load_register
from rekisteri.documents.blocks import Entry, EntryList, Fact
from rekisteri.errors import RekisteriError
from rekisteri.notice.render import build_context, render_html, render_pdf
from rekisteri.register.loading import parse_register
from rekisteri.register.model import Register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"
MODERN = EXAMPLES / "register.toml"
LEGACY = EXAMPLES / "rekisteriseloste-2018.toml"
TEMPLATES = ROOT / "templates"
LANGS = ("fi", "en")
MAX_PAGES = 6
# The notice's bottom page margin (templates/notice/page.css: 15 mm), in points.
BOTTOM_MARGIN = 15 / 25.4 * 72


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def modern() -> Register:
    return load_register(MODERN)


@pytest.fixture(scope="module")
def pdfs(modern: Register) -> dict[str, bytes]:
    """The modern example's PDF in each language, rendered once for the module."""
    return {lang: render_pdf(modern, lang) for lang in LANGS}


# -- reading a PDF back: the document's own text apart from its page furniture -----------------


class PageText:
    """The text of one PDF page, split into what is tagged as the document's content and what
    is marked as an artifact, with the lowest line of content (in points from the bottom)."""

    def __init__(self, page: Any) -> None:
        self.body: list[str] = []
        self.artifacts: list[str] = []
        self.lowest = float(page.mediabox.height)
        self.height = float(page.mediabox.height)
        inside: list[bool] = []

        def before(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
            if operator in (b"BDC", b"BMC"):
                inside.append(operands[0] == "/Artifact")
            elif operator == b"EMC" and inside:
                inside.pop()

        def text(chunk: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
            if any(inside):
                self.artifacts.append(chunk)
                return
            self.body.append(chunk)
            if chunk.strip() and chunk.strip() != "•":
                # The text matrix in the page's own coordinates (tm × cm): y from the bottom.
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                # Whatever is set in the bottom margin is the footer, artifact or not.
                if y > BOTTOM_MARGIN:
                    self.lowest = min(self.lowest, y)

        page.extract_text(visitor_operand_before=before, visitor_text=text)

    @property
    def content(self) -> str:
        return words("".join(self.body).replace("•", " "))

    @property
    def furniture(self) -> str:
        return words("".join(self.artifacts))


def page_texts(data: bytes) -> list[PageText]:
    return [PageText(page) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def strings(value: Any) -> Iterator[str]:
    """Every string a section or a block holds (its anchors and links left out)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in ("id", "href", "item_hrefs", "machine", "kind"):
                yield from strings(getattr(value, name))


# -- six pages, everything in them -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_notice_fits_six_a4_pages(pdfs: dict[str, bytes], lang: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdfs[lang]))
    assert len(reader.pages) <= MAX_PAGES
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_keeps_every_mandatory_element(pdfs: dict[str, bytes], lang: str) -> None:
    # The same Art. 13/14 elements as the HTML page (test_notice.py), now on paper.
    content = " ".join(page.content for page in page_texts(pdfs[lang]))
    missing = [phrase for phrase in MANDATORY[lang] if words(phrase) not in content]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_says_everything_the_notice_says(
    modern: Register, pdfs: dict[str, bytes], lang: str
) -> None:
    # Nothing is cut from the paper to make it short: every text of every section, and of the
    # summary, is in the PDF's content.
    context = build_context(modern, lang, for_print=True)
    content = " ".join(page.content for page in page_texts(pdfs[lang]))
    said = [*strings(context.sections), *strings(context.summary)]
    missing = [text for text in said if words(text) not in content]
    assert missing == []
    # Each section is a bookmark too, in the notice's order.
    outline = pypdf.PdfReader(io.BytesIO(pdfs[lang])).outline
    titles = [words(item.title) for item in flatten(outline)]
    headings = [words(s.heading) for s in context.sections]
    assert [t for t in titles if t in headings] == headings


def flatten(outline: list[Any]) -> Iterator[Any]:
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


# -- the page layout ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_printed_contents_give_the_page_of_each_section(
    modern: Register, pdfs: dict[str, bytes], lang: str
) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdfs[lang]))
    # Where each section really starts: its bookmark's page.
    starts = {
        words(item.title): reader.get_destination_page_number(item) + 1
        for item in flatten(reader.outline)
    }
    front = " ".join(page.content for page in page_texts(pdfs[lang])[:2])
    sections = build_context(modern, lang, for_print=True).sections
    for s in sections:
        # "3. Personal data processed ........ 2": the heading, the leader, the page.
        entry = re.search(re.escape(words(s.heading)) + r"[ .]*?\.{3,} ?(\d+)", front)
        assert entry is not None, s.heading
        assert int(entry.group(1)) == starts[words(s.heading)], s.heading
    # The summary names the page of the section each answer leads to.
    summary = build_context(modern, lang, for_print=True).summary
    page_word = {"fi": "s.", "en": "p."}[lang]
    by_id = {s.id: s for s in sections}
    for item in summary:
        target = starts[words(by_id[item.href[1:]].heading)]
        assert f"{words(item.label)} ({page_word} {target})" in front, item.label


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_but_the_last_is_left_half_empty(pdfs: dict[str, bytes], lang: str) -> None:
    pages = page_texts(pdfs[lang])
    for number, page in enumerate(pages[:-1], start=1):
        # The lowest line of content is in the bottom quarter of the sheet.
        assert page.lowest < page.height / 4, f"page {number} ends at {page.lowest:.0f} pt"


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_page_flows_from_the_summary_into_the_notice(
    modern: Register, pdfs: dict[str, bytes], lang: str
) -> None:
    context = build_context(modern, lang, for_print=True)
    first = page_texts(pdfs[lang])[0].content
    assert words(context.head.title) in first
    for item in context.summary:
        assert words(item.label) in first
    # The contents and the first lines of the right to object follow on the same page.
    objection = section(context.sections, "objection")
    assert words(objection.heading) in first.split(words(context.sections[-1].heading))[-1]


def long_register(tmp_path: Path, lines: int) -> Register:
    """A register whose one data category is described at ``lines`` sentences' length."""
    sentence = "This sentence stands for the long description of a data category. "
    path = tmp_path / "long.toml"
    path.write_text(
        textwrap.dedent(
            f"""\
            schema_version = 2
            name = {{ fi = "Rekisteri", en = "Register" }}
            [notice]
            languages = ["en"]
            [controller]
            name = "Tmi Testi"
            email = "testi@example.fi"
            [[purposes]]
            id = "care"
            name = {{ en = "Care" }}
            description = {{ en = "{sentence * 12}" }}
            legal_basis = "contract"
            [[data_categories]]
            id = "notes"
            name = {{ en = "Notes" }}
            description = {{ en = "{sentence * lines}" }}
            purposes = ["care"]
            """
        ),
        encoding="utf-8",
    )
    return load_register(path)


def test_a_long_entry_breaks_across_pages_rather_than_jumping(tmp_path: Path) -> None:
    # An entry longer than what is left of the page starts on it and goes on on the next; it
    # used to jump whole to the next page and leave the rest of this one empty.
    pages = page_texts(render_pdf(long_register(tmp_path, 70), "en"))
    assert len(pages) >= 2
    assert "Notes" in pages[0].content.split("Personal data processed")[-1]
    assert pages[0].lowest < pages[0].height / 4
    assert "This sentence stands" in pages[1].content


def test_a_heading_stays_with_the_first_lines_of_what_it_heads(tmp_path: Path) -> None:
    # Whatever the length before it, no page ends with a section's heading alone.
    for lines in range(8, 30, 3):
        pages = page_texts(render_pdf(long_register(tmp_path, lines), "en"))
        for page in pages[:-1]:
            assert not page.content.endswith("Personal data processed"), lines
            assert not page.content.endswith("Notes"), lines


def test_the_print_stylesheet_breaks_long_blocks_with_orphans_and_widows() -> None:
    css = (TEMPLATES / "notice" / "notice.css").read_text(encoding="utf-8")
    css += (TEMPLATES / "notice" / "print.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert re.search(r"orphans: [2-9];", css) and re.search(r"widows: [2-9];", css)
    avoided = re.findall(r"([^{}]+)\{[^}]*break-inside: avoid", css)
    kept_whole = {sel.strip() for rule in avoided for sel in rule.split(",")}
    # Only the blocks of a few lines are kept whole; entries and the right to object may break.
    assert kept_whole <= {
        ".rekisteri-notice .party",
        ".rekisteri-notice .fact",
        ".rekisteri-notice .summary-item",
        ".rekisteri-notice .toc",
    }, kept_whole


@pytest.mark.parametrize("lang", LANGS)
def test_the_running_header_and_footer_are_artifacts(
    modern: Register, pdfs: dict[str, bytes], lang: str
) -> None:
    pages = page_texts(pdfs[lang])
    title = build_context(modern, lang, for_print=True).head.title
    footer = {"fi": "Sivu {page} / {pages}", "en": "Page {page} of {pages}"}[lang]
    for number, page in enumerate(pages, start=1):
        page_number = footer.format(page=number, pages=len(pages))
        # The first page has the controller and the title in its own header, not repeated.
        header = "" if number == 1 else f"Tmi Terhi Kallio {title} "
        assert page.furniture == header + page_number
        assert page_number not in page.content
    reader = pypdf.PdfReader(io.BytesIO(pdfs[lang]))
    for page in reader.pages:
        contents = pypdf.generic.ContentStream(page.get_contents(), reader)
        marks = [ops for ops, op in contents.operations if op == b"BDC"]
        artifacts = [ops[1] for ops in marks if ops[0] == "/Artifact"]
        assert artifacts and all(a["/Type"] == "/Pagination" for a in artifacts)
        assert {a["/Subtype"] for a in artifacts} <= {"/Header", "/Footer"}
    assert unreached_content(reader) == []


def unreached_content(reader: pypdf.PdfReader) -> list[tuple[int, int]]:
    """(page, MCID) of marked content whose structure element the structure tree does not reach:
    what a screen reader would meet outside the document's order."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    reached: set[int] = set()
    pending = [root.get("/K")]
    while pending:
        kids = pending.pop()
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, pypdf.generic.IndirectObject) and kid.idnum not in reached:
                reached.add(kid.idnum)
                element = kid.get_object()
                if isinstance(element, dict):
                    pending.append(element.get("/K"))
    nums = root["/ParentTree"]["/Nums"]
    parents = {nums[i]: nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    unreached = []
    for number, page in enumerate(reader.pages):
        mapping = parents.get(page.get("/StructParents"))
        if not isinstance(mapping, list):
            continue
        for mcid, element in enumerate(mapping):
            if isinstance(element, pypdf.generic.IndirectObject) and element.idnum not in reached:
                unreached.append((number, mcid))
    return unreached


# -- said once ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_retention_rule_is_said_once(modern: Register, lang: str) -> None:
    html = render_html(modern, lang)
    page = Page(html)
    for rule in modern.retention:
        if rule.criteria is not None:
            assert page.text.count(words(rule.criteria.get(lang))) == 1, rule.id
    # A category names the period in brief, linked to the rule's entry.
    data = section(build_context(modern, lang).sections, "data")
    entries = [e for b in data.blocks if isinstance(b, EntryList) for e in b.entries]
    for category, entry in zip(modern.data_categories, entries, strict=True):
        kept = [f for f in entry.facts if f.href and f.href.startswith("#retention")]
        assert len(kept) == len(category.retention_ids), category.id
        for fact in kept:
            assert fact.href[1:] in page.ids
            assert f'id="{fact.href[1:]}"' in html
    retention = text_of(section(build_context(modern, lang).sections, "retention"))
    for fact in (f for e in entries for f in e.facts if f.href):
        assert fact.value in retention


def test_the_retention_of_the_example_in_brief(modern: Register) -> None:
    data = section(build_context(modern, "en").sections, "data")
    entries = {e.name: e for b in data.blocks if isinstance(b, EntryList) for e in b.entries}
    kept = {name: next(f for f in e.facts if f.label == "Retention") for name, e in entries.items()}
    assert kept["Therapy and health data"] == Fact(
        "Retention", "12 years from the patient's death", href="#retention-patient-records"
    )
    assert kept["Client feedback"].value == "2 years from when the feedback was given"
    # Criteria and the law stay in the retention section, said once for all they cover.
    assert "Basis" not in text_of(data)
    assert "If the date of death is not known" not in text_of(data)


def test_a_rule_without_a_period_is_linked_to_the_retention_section() -> None:
    register = parse_register(
        textwrap.dedent(
            """\
            schema_version = 2
            name = { fi = "Rekisteri", en = "Register" }
            [notice]
            languages = ["fi", "en"]
            [controller]
            name = "Tmi Testi"
            email = "testi@example.fi"
            [[purposes]]
            id = "care"
            name = { fi = "Hoito", en = "Care" }
            legal_basis = "contract"
            [[data_categories]]
            id = "contact"
            name = { fi = "Yhteystiedot", en = "Contact details" }
            purposes = ["care"]
            retention = "relationship"
            [[retention]]
            id = "relationship"
            criteria.fi = "Niin kauan kuin asiakkuus jatkuu."
            criteria.en = "While the client relationship lasts."
            """
        ),
        "criteria.toml",
    )
    for lang, said in (
        ("en", "See “How long the data is kept”"),
        ("fi", "Katso kohta ”Tietojen säilytysaika”"),
    ):
        data = section(build_context(register, lang).sections, "data")
        entry = next(e for b in data.blocks if isinstance(b, EntryList) for e in b.entries)
        kept = entry.facts[-1]
        assert (kept.value, kept.href) == (said, "#retention")
        # The criteria themselves are said in the retention section (and in the summary).
        criteria = register.retention[0].criteria.get(lang)  # type: ignore[union-attr]
        assert criteria not in text_of(data)
        assert criteria in text_of(section(build_context(register, lang).sections, "retention"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_category_repeats_neither_the_bases_nor_the_sources(modern: Register, lang: str) -> None:
    sections = build_context(modern, lang).sections
    data = section(sections, "data")
    labels = {
        f.label for b in data.blocks if isinstance(b, EntryList) for e in b.entries for f in e.facts
    }
    legal_basis, sources = {"fi": ("Oikeusperuste", "Lähteet"), "en": ("Legal basis", "Sources")}[
        lang
    ]
    assert legal_basis not in labels
    assert sources not in labels
    # Both are said where they belong: each basis under its purpose, each source with its data.
    purposes = section(sections, "purposes").blocks[0]
    assert isinstance(purposes, EntryList)
    for purpose, entry in zip(modern.purposes, purposes.entries, strict=True):
        bases = [f for f in entry.facts if f.label == legal_basis]
        assert len(bases) == len(purpose.all_bases), purpose.id
    where_from = text_of(section(sections, "sources"))
    for category in modern.data_categories:
        assert category.name.get(lang) in where_from


# -- the summary --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_answers_from_the_register_and_links_each_answer(
    modern: Register, lang: str
) -> None:
    context = build_context(modern, lang)
    summary = {item.href: item for item in context.summary}
    assert list(summary) == ["#controller", "#purposes", "#data", "#retention", "#rights"]
    assert len(context.summary) == 6  # how to use the rights also leads to the rights
    assert summary["#controller"].value == "Tmi Terhi Kallio"
    assert summary["#purposes"].items == tuple(p.name.get(lang) for p in modern.purposes)
    assert summary["#data"].items == tuple(c.name.get(lang) for c in modern.data_categories)
    retention = text_of(section(context.sections, "retention"))
    assert all(brief in retention for brief in summary["#retention"].items)
    assert len(summary["#retention"].items) == len(modern.retention)
    rights = context.summary[-2].items
    entries = section(context.sections, "rights").blocks[1]
    assert isinstance(entries, EntryList)
    assert rights[: len(entries.entries)] == tuple(e.name for e in entries.entries)
    assert context.summary[-1].value == modern.rights.how_to_exercise.get(lang)  # type: ignore[union-attr]
    page = Page(render_html(modern, lang))
    # At the top, before the contents and the right to object; every link lands.
    ids = [s["id"] for s in page.all("section")]
    assert ids[:2] == ["notice-summary", "objection"]
    for item in context.summary:
        assert item.href[1:] in page.ids


def test_the_summary_in_finnish_and_english(modern: Register) -> None:
    fi = [item.label for item in build_context(modern, "fi").summary]
    en = [item.label for item in build_context(modern, "en").summary]
    assert fi == [
        "Kuka käsittelee tietojasi",
        "Miksi tietojasi käsitellään",
        "Mitä tietoja käsitellään",
        "Tietojen säilytysaika",
        "Tärkeimmät oikeutesi",
        "Näin käytät oikeuksiasi",
    ]
    assert en == [
        "Who processes your data",
        "Why your data is processed",
        "What data is processed",
        "How long the data is kept",
        "Your key rights",
        "How to use your rights",
    ]
    assert '<h2 id="notice-summary-title" class="summary-title">Lyhyesti</h2>' in render_html(
        modern, "fi"
    )


MINIMAL = """\
schema_version = 2
name = { fi = "Rekisteri", en = "Register" }
[notice]
languages = ["fi", "en"]
[controller]
name = "Tmi Testi"
email = "testi@example.fi"
[[purposes]]
id = "care"
name = { fi = "Hoito", en = "Care" }
legal_basis = "contract"
[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["care"]
"""


def test_the_summary_says_nothing_the_register_does_not_say() -> None:
    # No retention rule, no rights section: no answer about them, and no default put in.
    register = parse_register(MINIMAL, "minimal.toml")
    summary = build_context(register, "en").summary
    assert [(item.label, item.value, item.items) for item in summary] == [
        ("Who processes your data", "Tmi Testi", ()),
        ("Why your data is processed", "", ("Care",)),
        ("What data is processed", "", ("Contact details",)),
    ]
    # Derived rights without a way to use them: the notice's own sentence, as in the rights.
    derived = parse_register(MINIMAL + '[rights]\nstated = "derive"\n', "derived.toml")
    how = build_context(derived, "en").summary[-1]
    assert how.value == "Contact the controller using the contact details in this notice."
    assert how.href == "#rights"


def test_the_legacy_layout_has_no_summary() -> None:
    register = load_register(LEGACY)
    assert build_context(register, "fi").summary == ()
    assert 'id="notice-summary"' not in render_html(register, "fi")


def test_an_extra_section_cannot_take_a_retention_rules_anchor() -> None:
    register = parse_register(
        MINIMAL
        + textwrap.dedent(
            """\
            [[retention]]
            id = "short"
            period = "P1Y"
            [[sections]]
            id = "retention-short"
            after = "end"
            heading = { fi = "Lisää", en = "More" }
            text = { fi = "Teksti.", en = "Text." }
            """
        ),
        "clash.toml",
    )
    with pytest.raises(RekisteriError, match="'retention-short' is already used by the notice"):
        build_context(register, "en")


def test_the_summary_is_not_an_entry_of_the_contents(modern: Register) -> None:
    page = Page(render_html(modern, "en"))
    toc = [a["href"] for a in page.all("a") if a.get("href", "").startswith("#")]
    assert "#notice-summary" not in toc


def test_an_entry_anchor_is_rendered_only_when_it_has_one() -> None:
    # The access report and the record share the entry markup: without an id, none is written.
    from rekisteri.documents import templating

    env = templating.environment("en", None)
    template = env.from_string('{% from "notice/blocks.html.j2" import entry %}{{ entry(e, 3) }}')
    assert '<div class="entry">' in template.render(e=Entry("A"))
    assert '<div class="entry" id="x">' in template.render(e=Entry("A", id="x"))


# -- the pages around the notice ----------------------------------------------------------------


def styles(html: str) -> str:
    found = re.search(r"<style>\n?(.*?)</style>", html, re.S)
    assert found is not None
    return found.group(1)


def test_the_versions_page_is_styled_as_the_notice(tmp_path: Path) -> None:
    import json

    from rekisteri.notice.publish import publish

    site = tmp_path / "site"
    publish(load_register(MODERN), site, pdf=False)
    html = (site / "versions.fi.html").read_text(encoding="utf-8")
    css = styles(html)
    notice_css = (TEMPLATES / "notice" / "notice.css").read_text(encoding="utf-8")
    assert notice_css in css
    # Its own rules are the page's, or scoped under its class.
    own = css.replace(notice_css, "")
    assert all(
        sel == "html" or sel.startswith(("body.rekisteri-versions", ".rekisteri-versions"))
        for sel in css_selectors(own)
    ), css_selectors(own)
    page = Page(html)
    assert page.all("body")[0]["class"] == "rekisteri-notice rekisteri-versions"
    assert page.all("h1")[0]["class"] == "notice-title"
    assert [dl["class"] for dl in page.all("dl")] == ["facts"]
    # The SHA-256 may wrap between groups of eight on a phone; copied, it is whole.
    digest = json.loads((site / "versions" / "index.json").read_text(encoding="utf-8"))[0]
    code = re.search(r'<code class="version-hash">(.*?)</code>', html)
    assert code is not None
    assert code.group(1).replace("<wbr>", "") == digest["sha256"]
    assert code.group(1).count("<wbr>") == 7


def test_the_feedback_snippet_restyles_nothing_outside_it() -> None:
    from types import SimpleNamespace

    from rekisteri.documents import templating

    env = templating.environment("fi", None, domain="running")
    item = SimpleNamespace(text="Kiitos, sain paljon apua.", rating=5)
    html = templating.render(
        env, "feedback/snippet.html.j2", {"items": [item], "scale": 5, "lang": "fi"}
    )
    # The style is inside the section, and every rule is under its class.
    assert html.index('<section class="rekisteri-feedback"') < html.index("<style>")
    selectors = css_selectors(styles(html))
    assert selectors
    assert [s for s in selectors if not s.startswith(".rekisteri-feedback")] == []
    assert "<h2>Asiakkaiden palautetta</h2>" in html
