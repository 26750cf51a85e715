"""The privacy notice as HTML: both layouts, both languages, structure, legal content, escaping.

Golden files: ``tests/golden/<slug>.<lang>.html`` hold the exact HTML of both examples in both
languages and are compared byte for byte, except the content of the page's ``<style>``: the
goldens hold a placeholder there, and :func:`test_the_page_style_is_the_notice_css` checks the
inlined CSS against the CSS files, so that a change to a stylesheet does not rewrite every golden.
After an intended change to a template, a catalog or the notice code, regenerate them and review
the diff before committing:

    make golden      (runs UPDATE_GOLDEN=1 pytest tests/notice/test_notice.py)
"""

from __future__ import annotations

import itertools
import os
import re
import struct
import textwrap
import zlib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import tomli_w
from pydantic import BaseModel

from rekisteri import load_register
from rekisteri.documents.blocks import Section
from rekisteri.errors import RekisteriError
from rekisteri.notice.render import (
    NoticeLinks,
    build_context,
    render_html,
    render_print_html,
    write_notice,
)
from rekisteri.notice.sections import LEGACY_HEADINGS
from rekisteri.register.base import Name
from rekisteri.register.model import Register, Text, iter_texts
from store_fixtures import PURPOSES_BASE, purpose_table

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"
MODERN = EXAMPLES / "register.toml"
LEGACY = EXAMPLES / "rekisteriseloste-2018.toml"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
LANGS = ("fi", "en")


# -- reading HTML back -------------------------------------------------------------------------


class Page(HTMLParser):
    """What a test needs to know about a rendered page, read with the standard HTML parser."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.section_text: dict[str, list[str]] = {}
        self.text_parts: list[str] = []
        self.style = ""
        self._open_sections: list[str | None] = []
        self._heading: tuple[int, list[str]] | None = None
        self._in_style = False
        # A <wbr> is a place a line may break, not a space: the text reads on across it.
        self.feed(html.replace("<wbr>", ""))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "section":
            self._open_sections.append(attributes.get("id"))
            if attributes.get("id"):
                self.section_text[attributes["id"]] = []
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._open_sections:
            self._open_sections.pop()
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            level, parts = self._heading
            self.headings.append((level, normalize("".join(parts))))
            self._heading = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading[1].append(data)
        for section in self._open_sections:
            if section:
                self.section_text[section].append(data)

    @property
    def text(self) -> str:
        return normalize(" ".join(self.text_parts))

    def section(self, section_id: str) -> str:
        return normalize(" ".join(self.section_text[section_id]))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def urls(self) -> list[str]:
        return [
            attrs[key]
            for _, attrs in self.elements
            for key in ("href", "src", "action", "srcset", "data", "poster")
            if key in attrs
        ]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def modern() -> Register:
    return load_register(MODERN)


@pytest.fixture(scope="module")
def legacy() -> Register:
    return load_register(LEGACY)


@pytest.fixture(scope="module")
def pages(modern: Register, legacy: Register) -> dict[tuple[str, str], str]:
    return {
        (name, lang): render_html(register, lang)
        for name, register in (("modern", modern), ("legacy", legacy))
        for lang in LANGS
    }


# -- golden files ------------------------------------------------------------------------------


# The page's one <style> element, as base.html.j2 writes it.
STYLE = re.compile(r"<style>\n(.*?)</style>", re.S)
STYLE_PLACEHOLDER = "<style>/* templates/notice/page.css + templates/notice/notice.css */</style>"
TEMPLATES = ROOT / "templates"
# The page numbers of the printed page, in CSS, as the catalogs translate "Page %(page)s of
# %(pages)s" (rekisteri.documents.phrases.page_counter_css).
PAGE_NUMBERS = {
    "fi": '"Sivu " counter(page) " / " counter(pages)',
    "en": '"Page " counter(page) " of " counter(pages)',
}


def with_style_placeholder(html: str) -> str:
    """The page with the CSS of its ``<style>`` left out, as the goldens hold it."""
    assert len(STYLE.findall(html)) == 1, "a notice page has exactly one <style> element"
    return STYLE.sub(lambda _: STYLE_PLACEHOLDER, html)


# What "p. %(page)s" becomes on paper after a link (rekisteri.notice.render.target_page_css).
PAGE_REFERENCES = {
    "fi": '"s. " target-counter(attr(href), page)',
    "en": '"p. " target-counter(attr(href), page)',
}


PAGED = re.compile(r"^\{% if paged %\}\n(.*?)^\{% endif %\}\n", flags=re.S | re.M)


def notice_css(lang: str, *, paged: bool = False) -> str:
    """The CSS a notice page inlines, put together from the files as the templates include
    them: notice/page.css with print/page.css in place of its include, notice/notice.css, then
    notice/print.css with the page reference in the reader's language. The rules only a print
    engine reads (``{% if paged %}``) are the PDF's alone."""

    def read(*path: str) -> str:
        text = (TEMPLATES.joinpath(*path)).read_text(encoding="utf-8")
        return PAGED.sub(lambda rules: rules.group(1) if paged else "", text)

    printed = read("print", "page.css")
    # The file opens with a Jinja comment that strips the whitespace after it.
    printed = re.sub(r"\A\{#-.*?-#\}\s*", "", printed, flags=re.S)
    assert printed.count("{{ print_footer }}") == (1 if paged else 0)
    printed = printed.replace("{{ print_footer }}", PAGE_NUMBERS[lang])
    page = read("notice", "page.css")
    include = (
        '{% with print_footer = notice.print_footer %}{% include "print/page.css" %}{% endwith %}\n'
    )
    assert page.count(include) == 1
    page = page.replace(include, printed)
    paper = read("notice", "print.css")
    if paged:
        assert paper.count("{{ notice.page_reference }}") == 1
        paper = paper.replace("{{ notice.page_reference }}", PAGE_REFERENCES[lang])
    return page + read("notice", "notice.css") + paper


@pytest.mark.parametrize("example", [MODERN, LEGACY], ids=["modern", "legacy"])
@pytest.mark.parametrize("lang", LANGS)
def test_golden(example: Path, lang: str) -> None:
    register = load_register(example)
    slug = register.notice.slug
    golden = GOLDEN / f"{slug}.{lang}.html"
    html = with_style_placeholder(render_html(register, lang)).encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(html)
    assert golden.exists(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert html == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended run "
        f"UPDATE_GOLDEN=1 pytest tests/notice/test_notice.py and review the diff"
    )


@pytest.mark.parametrize("example", ["modern", "legacy"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_style_is_the_notice_css(
    pages: dict[tuple[str, str], str], example: str, lang: str
) -> None:
    # What the goldens leave out: the page inlines the stylesheets whole, in this order.
    style = STYLE.search(pages[(example, lang)])
    assert style is not None
    assert style.group(1) == notice_css(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdfs_style_adds_what_only_a_print_engine_reads(modern: Register, lang: str) -> None:
    style = STYLE.search(render_print_html(modern, lang))
    assert style is not None
    assert style.group(1) == notice_css(lang, paged=True)
    assert "string-set" in style.group(1) and "string-set" not in notice_css(lang)


def test_the_fragment_style_is_the_notice_css_alone(modern: Register) -> None:
    # The fragment leaves the page and print rules to the host page.
    style = STYLE.search(render_html(modern, "fi", fragment=True))
    assert style is not None
    assert style.group(1) == (TEMPLATES / "notice" / "notice.css").read_text(encoding="utf-8")


def test_rendering_is_deterministic(modern: Register) -> None:
    assert render_html(modern, "fi") == render_html(load_register(MODERN), "fi")


# -- structure ---------------------------------------------------------------------------------


def register_urls(register: Register) -> set[str]:
    """Every URL and email address written in the register, or in the authority it names."""

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    written = [register.model_dump(mode="json")]
    if register.rights is not None and register.rights.authority is not None:
        written.append(register.rights.authority.model_dump(mode="json"))
    return {v for v in walk(written) if "://" in v or "@" in v}


@pytest.mark.parametrize("example", ["modern", "legacy"])
@pytest.mark.parametrize("lang", LANGS)
def test_page_structure(
    pages: dict[tuple[str, str], str], modern: Register, legacy: Register, example: str, lang: str
) -> None:
    register = modern if example == "modern" else legacy
    slug = register.notice.slug
    html = pages[(example, lang)]
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>\n<html lang=")
    assert page.all("html") == [{"lang": lang}]
    # The other language versions, each announced in its own language.
    alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("rel") == "alternate"}
    assert alternates == {
        **{other: f"{slug}.{other}.html" for other in LANGS},
        "x-default": f"{slug}.{register.default_language}.html",
    }
    switcher = [a for a in page.all("a") if "hreflang" in a]
    assert [a["lang"] for a in switcher] == [other for other in LANGS if other != lang]
    assert [a["href"] for a in switcher] == [f"{slug}.{o}.html" for o in LANGS if o != lang]
    # Landmarks, one h1, headings that never skip a level on the way down.
    tags = [tag for tag, _ in page.elements]
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags
    assert [level for level, _ in page.headings].count(1) == 1
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    # The skip link is the first link and leads to main.
    first_link = page.all("a")[0]
    assert first_link["class"] == "skip-link"
    assert first_link["href"] == "#" + page.all("main")[0]["id"]
    # Every in-page link resolves; the table of contents covers every section.
    for url in page.urls():
        if url.startswith("#"):
            assert url[1:] in page.ids, url
    toc = page.all("nav")[1]
    assert toc["class"] == "toc"
    # The summary stands before the contents, which list every other section.
    section_ids = [a["id"] for a in page.all("section") if a["id"] != "notice-summary"]
    toc_targets = [a["href"][1:] for a in page.all("a") if a.get("href", "").startswith("#")]
    assert set(section_ids) <= set(toc_targets)
    # No script, no event handlers, nothing fetched from elsewhere.
    assert "script" not in tags
    assert not [name for _, attrs in page.elements for name in attrs if name.startswith("on")]
    assert "@import" not in page.style
    assert "url(" not in page.style
    allowed = register_urls(register)
    for url in page.urls():
        if re.match(r"(?i)https?:", url):
            assert url in allowed, url
        if url.startswith("mailto:"):
            assert url.removeprefix("mailto:") in allowed, url
    assert not page.all("img") or all(i["src"].startswith("data:") for i in page.all("img"))
    # A print stylesheet for the browser (A4), without the PDF's running heads and page numbers,
    # which no browser reads.
    assert "@media print" in page.style
    assert "@page" in page.style
    assert "counter(pages)" not in page.style


@pytest.mark.parametrize("layout", ["tietosuojaseloste", "rekisteriseloste"])
@pytest.mark.parametrize("example", [MODERN, LEGACY], ids=["modern", "legacy"])
def test_either_example_renders_in_either_layout(example: Path, layout: str) -> None:
    register = load_register(example)
    for lang in LANGS:
        page = Page(render_html(register, lang, layout=layout))
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
        for url in page.urls():
            if url.startswith("#"):
                assert url[1:] in page.ids, url
        # Every retention rule the register states is in the notice, used by a category or not.
        for rule in register.retention:
            if rule.criteria is not None:
                assert normalize(rule.criteria.get(lang)) in page.text


def test_the_legacy_layout_still_sets_the_right_to_object_apart(modern: Register) -> None:
    rights = Page(render_html(modern, "en", layout="rekisteriseloste")).section("rights")
    assert "Your right to object" in rights
    assert "on grounds relating to your particular situation" in rights
    # The example states that there is no profiling: the objection does not speak of it.
    assert "processing of your personal data for direct marketing. The objection takes" in rights


def test_footer_shows_last_updated_and_version(pages: dict[tuple[str, str], str]) -> None:
    fi = Page(pages[("modern", "fi")])
    en = Page(pages[("modern", "en")])
    assert "Päivitetty 15.1.2024" in fi.text
    assert "Versio 2024-1" in fi.text
    assert "Last updated 15 January 2024" in en.text
    assert '<time datetime="2024-01-15">' in pages[("modern", "en")]


def test_print_footer_words_come_from_the_catalogs(modern: Register) -> None:
    assert '"Sivu " counter(page) " / " counter(pages)' in render_print_html(modern, "fi")
    assert '"Page " counter(page) " of " counter(pages)' in render_print_html(modern, "en")
    assert "string-set: controller content()" in render_print_html(modern, "fi")
    # The running heads and page numbers are the PDF's: a browser has none of them
    # (tests/test_web_pages.py).
    assert "counter(pages)" not in render_html(modern, "fi")


# -- the legacy layout -------------------------------------------------------------------------

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

SEED_HEADINGS_EN = [
    "1. Controller",
    "2. Contact person for register matters",
    "3. Name of the register",
    "4. Purpose of processing personal data / purpose of the register",
    "5. Data content of the register",
    "6. Regular sources of data",
    "7. Regular disclosures of data",
    "8. Duration of processing",
    "9. Processors of personal data",
    "10. Transfer of data outside the EU or the European Economic Area",
    "11. Automated decision-making and profiling",
]

# Every fact of the 2018 seed document, with the number of the heading it stands under (None:
# the document header), as the transcription spells it.
SEED_FACTS_FI: list[tuple[int | None, str]] = [
    (None, "Rekisteriseloste (asiakastietorekisteri)"),
    (None, "24.5.2018"),
    (None, "Henkilötietolaki (523/99) 10 §"),
    (1, "Tmi Terhi Kallio"),
    (1, "Siltakatu 12-14"),
    (1, "05900 Hyvinkää"),
    (2, "Terhi Kallio"),
    (2, "045 127 0888"),
    (2, "terhi.kallio@outlook.com"),
    (3, "Terhi Kallio Tmi asiakastietorekisteri"),
    (
        4,
        "Rekisterin henkilötietojen käsittelyn tarkoitus on Tmi Terhi Kallion asiakkaiden hoidon "
        "suunnittelu, toteuttaminen, seuranta ja asiakassuhteiden ylläpito.",
    ),
    (
        4,
        "Asiakkaan suostumuksesta voin lähettää ajankohtaisia tarjouksia sekä tulevista "
        "tapahtumista infoa tekstiviestillä tai sähköpostitse.",
    ),
    (4, "Yhteystietojasi voidaan käyttää myös muun muassa mielipidekyselyyn tai markkinointiin."),
    (
        4,
        "Tarkoituksena on kehittää yrityksen tarjoamaa palvelua yhä paremmaksi, kasvavaksi sekä "
        "kattavaksi.",
    ),
    (
        4,
        "Sinun mielipiteesi on tärkeä ja mielipidekyselyn voin toimittaa sinulle sähköpostitse, "
        "tekstiviestillä tai paperilla.",
    ),
    (
        4,
        "Markkinoinnilla tarkoitetaan asiakkaan mielipidekyselyn julkaisemista esim. "
        "kotisivuillani (henkilötieto ei ole tunnistettavissa).",
    ),
    (5, "Henkilön nimi ja (henkilötunnus)"),
    (5, "Sähköpostiosoite, (postiosoite), puhelinnumero"),
    (5, "Lähiomainen tarvittaessa"),
    (
        5,
        "Asiakashistoria (esim. yhteydenotot, tilaukset, ajanvaraukset, laskutukseen ja "
        "perintään liittyvät tiedot)",
    ),
    (5, "Asiakaspalautteet ja yhteydenotot"),
    (5, "Suoramarkkinointikiellot ja -suostumukset"),
    (5, "Mahdolliset asiakkaan muut tiedot"),
    (5, "Tarpeettomia tietoja ei säilytetä rekisterissä ja tietoja ei luovuteta ulkopuolisille."),
    (
        5,
        "Tiedot säilytetään ajanvarausjärjestelmässä/asiakastietojärjestelmässä ja tähän "
        "ohjelmaan pääsee vain Terhi Kallio.",
    ),
    (6, "Asiakkaan tai omaisen ilmoittamat tiedot."),
    (6, "Mahdollisesti sosiaalipuolelta tai terveydenhuollon henkilökunnalta saadut tiedot"),
    (6, "jos toimin psykoterapeuttina sosiaalipuolella tai terveydenhuollossa"),
    (
        7,
        "Tietoja ei pääsääntöisesti luovuteta markkinointitarkoituksiin yrityksen Tmi Terhi "
        "Kallio ulkopuolelle.",
    ),
    (8, "Tietoja säilytetään niin kauan kuin asiakkuus on voimassa tai sovitusti pidempään."),
    (
        8,
        "Jos asiakas ei halua tietoja tarjouksista tai ajankohtaisista palveluista, niin "
        "ilmoituksella markkinointi voidaan lopettaa (riittää sähköposti, tekstiviesti).",
    ),
    (8, "Markkinointi on voimassa asiakkaan toiveiden mukaisesti."),
    (9, "Asiakasrekisteriä käsittelee Tmi Terhi Kallio tietosuojalainsäädännön mukaisesti."),
    (10, "Tietoja ei siirretä EU:n ulkopuolelle tai Euroopan talousalueen ulkopuolelle"),
    (11, "En käytä tietoja automaattiseen päätöksentekoon tai profilointiin."),
]

SEED_FACTS_EN: list[tuple[int | None, str]] = [
    (None, "Register description (client register)"),
    (None, "24 May 2018"),
    (None, "Personal Data Act (523/99), section 10"),
    (1, "Siltakatu 12-14, 05900 Hyvinkää"),
    (2, "045 127 0888"),
    (2, "terhi.kallio@outlook.com"),
    (3, "Terhi Kallio Tmi client register"),
    (4, "planning, providing and following up the care of Tmi Terhi Kallio's clients"),
    (4, "e.g. on my homepage (no one can be identified from them)"),
    (5, "Name and (personal identity code)"),
    (5, "Email address, (postal address), phone number"),
    (5, "Next of kin when needed"),
    (5, "Client history (e.g. contacts, orders, appointments, data on invoicing and debt"),
    (5, "Client feedback and contacts"),
    (5, "Direct marketing bans and consents"),
    (5, "Any other client data"),
    (5, "Unnecessary data is not kept in the register"),
    (5, "which only Terhi Kallio can access"),
    (6, "Data given by the client or a relative."),
    (6, "Possibly data received from social services or health-care staff"),
    (7, "As a rule, the data is not disclosed outside Tmi Terhi Kallio for marketing purposes."),
    (8, "for as long as the client relationship lasts, or longer if so agreed"),
    (8, "marketing can be stopped by notifying me (an email or a text message is enough)"),
    (8, "Marketing continues as the client wishes."),
    (9, "The client register is processed by Tmi Terhi Kallio in accordance with data"),
    (10, "The data is not transferred outside the EU or the European Economic Area."),
    (11, "I do not use the data for automated decision-making or profiling."),
]


@pytest.mark.parametrize(
    ("lang", "headings", "facts"),
    [("fi", SEED_HEADINGS_FI, SEED_FACTS_FI), ("en", SEED_HEADINGS_EN, SEED_FACTS_EN)],
)
def test_legacy_layout_carries_every_seed_heading_and_fact(
    pages: dict[tuple[str, str], str],
    lang: str,
    headings: list[str],
    facts: list[tuple[int | None, str]],
) -> None:
    page = Page(pages[("legacy", lang)])
    section_headings = [text for level, text in page.headings if level == 2][1:]  # after "Contents"
    assert section_headings == headings
    sections = [section_id for section_id, _ in LEGACY_HEADINGS]
    for number, fact in facts:
        where = page.text if number is None else page.section(sections[number - 1])
        assert normalize(fact) in where, f"{fact!r} not under heading {number}"


def test_legacy_header_has_title_date_and_legal_reference(
    pages: dict[tuple[str, str], str],
) -> None:
    page = Page(pages[("legacy", "fi")])
    assert page.headings[0] == (1, "Rekisteriseloste (asiakastietorekisteri)")
    header_lines = [
        normalize(text)
        for text in re.findall(r'<p class="notice-header-line">(.*?)</p>', pages[("legacy", "fi")])
    ]
    assert header_lines == ["24.5.2018", "Henkilötietolaki (523/99) 10 §"]


def test_legacy_layout_adds_security_and_rights_only_when_present(modern: Register) -> None:
    context = build_context(modern, "fi", layout="rekisteriseloste")
    ids = [s.id for s in context.sections]
    # The example is a health-care provider: its patient-record specifics follow the rights.
    assert ids == [
        *(section_id for section_id, _ in LEGACY_HEADINGS),
        "security",
        "rights",
        "health-care",
    ]
    headings = [s.heading for s in context.sections]
    assert headings[-3:] == [
        "12. Rekisterin suojauksen periaatteet",
        "13. Rekisteröidyn oikeudet",
        "14. Potilasasiakirjat",
    ]
    security = text_of(section(context.sections, "security"))
    # The structured measures get their own section.
    assert "lukitussa kaapissa" in security
    assert "kaksivaiheisella" in security
    # The seed's electronic measures stand under 5 as in the seed, not in a section of their own.
    seed = build_context(load_register(LEGACY), "fi", layout="rekisteriseloste").sections
    assert "ajanvarausjärjestelmässä" in text_of(section(seed, "data-content"))
    assert "security" not in [s.id for s in seed]


# -- the modern layout -------------------------------------------------------------------------

# LEGAL.md table 1, in order; conditional sections may be absent but never reordered.
TABLE_1_ORDER = [
    "controller",
    "representative",
    "dpo",
    "purposes",
    "data",
    "recipients",
    "transfers",
    "retention",
    "rights",
    "withdraw-consent",
    "complaint",
    "health-care",
    "requirement",
    "sources",
    "automated-decisions",
    "security",
]


def section(sections: tuple[Section, ...], section_id: str) -> Section:
    return next(s for s in sections if s.id == section_id)


def text_of(item: Any) -> str:
    """Every string inside a section or block, joined."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, tuple | list):
            for element in value:
                walk(element)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(item)
    return normalize(" ".join(parts))


def test_modern_sections_follow_legal_table_1(modern: Register) -> None:
    sections = build_context(modern, "en").sections
    assert sections[0].id == "objection"
    assert sections[0].prominent and sections[0].number is None
    numbered = [s for s in sections if s.number is not None]
    assert [s.number for s in numbered] == list(range(1, len(numbered) + 1))
    ids = [s.id for s in numbered]
    assert ids == [i for i in TABLE_1_ORDER if i in ids]
    assert {"controller", "purposes", "data", "retention", "rights", "complaint"} <= set(ids)


# What the modern example must say in each language: an element of Art. 13/14 each, in the
# words the notice uses. The PDF must say them too (tests/notice/test_layout.py).
MANDATORY = {
    "fi": [
        "Rekisterinpitäjä ja yhteystiedot",
        "Siltakatu 12-14, 05900 Hyvinkää",
        "Sopimuksen täytäntöönpano (tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta)",
        "Oikeutettu etu",
        "Palvelun laadun seuraaminen ja kehittäminen",
        "Terveystiedot",
        "Terveydenhuolto, sosiaalihuolto ja lääketieteelliset diagnoosit "
        "(tietosuoja-asetuksen 9 artiklan 2 kohdan h alakohta)",
        "Tietosuojalaki 1050/2018 6 §",
        "Henkilötunnus",
        "Peruste: terveydenhuolto ja sosiaalihuolto (tietosuojalain 29 §)",
        "Ajanvaraus Oy",
        "Tilitoimisto Hyvinkää Oy",
        "12 vuotta potilaan kuolemasta",
        "Oikeus saada pääsy tietoihin (15 artikla)",
        "Oikeus tietojen oikaisemiseen",
        "Oikeus tietojen poistamiseen",
        "Oikeus käsittelyn rajoittamiseen",
        "Oikeus siirtää tiedot järjestelmästä toiseen",
        "Oikeus vastustaa käsittelyä",
        "voit peruuttaa suostumuksesi milloin tahansa",
        "Tietosuojavaltuutetun toimisto",
        "PL 800, 00531 Helsinki",
        "029 566 6700",
        "tietosuoja@om.fi",
        "Sopimuksen tekemisen edellytys",
        "Ilman nimeä ja yhteystietoja en voi varata aikaa",
        "Sosiaalihuollon ja terveydenhuollon henkilökunta",
        "Tietoja ei siirretä EU:n tai Euroopan talousalueen ulkopuolelle.",
        "En käytä tietoja automaattiseen päätöksentekoon enkä profilointiin.",
        "Voit kieltää markkinoinnin milloin tahansa maksutta",
    ],
    "en": [
        "Controller and contact details",
        "Performance of a contract (GDPR Art. 6(1)(b))",
        "Right of access (Art. 15)",
        "Right to data portability (Art. 20)",
        "Office of the Data Protection Ombudsman",
        "Lintulahdenkuja 4, 00530 Helsinki",
        "A statutory requirement",
        "No data is transferred outside the EU or the European Economic Area.",
        "I do not use the data for automated decision-making or profiling.",
        "12 years from the patient's death",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_modern_layout_has_every_mandatory_element(
    pages: dict[tuple[str, str], str], lang: str
) -> None:
    text = Page(pages[("modern", lang)]).text
    missing = [phrase for phrase in MANDATORY[lang] if phrase not in text]
    assert missing == []


def rights(register: Register, lang: str = "en") -> list[str]:
    entries = section(build_context(register, lang).sections, "rights").blocks[1]
    return [e.name.split(" (")[0] for e in entries.entries]  # type: ignore[union-attr]


# The rights computed from the legal bases, as a register asks for them.
DERIVE = """
[rights]
stated = "derive"
complaint = "fi-ombudsman"
"""

BASIC_RIGHTS = [
    "Right of access",
    "Right to rectification",
    "Right to erasure",
    "Right to restriction of processing",
]


def test_rights_under_a_legal_obligation_only(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(("records", "legal_obligation"), extra=DERIVE)
    assert rights(register) == BASIC_RIGHTS
    ids = [s.id for s in build_context(register, "en").sections]
    assert "objection" not in ids
    assert "withdraw-consent" not in ids


def test_consent_brings_withdrawal_and_portability_needs_data_the_person_provided(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(("care", "contract"), ("news", "consent"), extra=DERIVE)
    # Consent and a contract alone do not make data portable: the one category does not say
    # where it comes from (portability per category: tests/notice/test_rights.py).
    assert rights(register) == BASIC_RIGHTS
    sections = build_context(register, "en").sections
    withdrawal = section(sections, "withdraw-consent")
    assert "Purpose news" in text_of(withdrawal)
    assert "Purpose care" not in text_of(withdrawal)


def test_legitimate_interests_bring_a_separate_prominent_objection(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(
        ("care", "contract"), ("survey", "legitimate_interests"), extra=DERIVE
    )
    assert rights(register) == [*BASIC_RIGHTS, "Right to object"]
    sections = build_context(register, "en").sections
    objection = sections[0]
    assert objection.id == "objection" and objection.prominent
    assert "Purpose survey" in text_of(objection)
    assert "Purpose care" not in text_of(objection)
    assert "direct marketing" not in text_of(objection)
    html = render_html(register, "en")
    page = Page(html)
    # Set apart: its own section, right after the summary and before the numbered ones, styled
    # as prominent, in the contents.
    assert [a["id"] for a in page.all("section")][:2] == ["notice-summary", "objection"]
    assert page.all("section")[1]["class"] == "notice-section notice-section--prominent"
    assert '<a href="#objection">Your right to object</a>' in html
    assert '<p><a href="#objection">Read more about the right to object</a></p>' in html


def test_direct_marketing_brings_the_absolute_objection_and_the_opt_out(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(
        ("news", "consent", True),
        extra="""
        [direct_marketing]
        channels = ["email"]
        opt_out = { fi = "Vastaa viestiin sanalla STOP.", en = "Reply STOP to any message." }
        """
        + DERIVE,
    )
    objection = text_of(build_context(register, "en").sections[0])
    assert "for direct marketing. The objection takes effect at once" in objection
    assert "profiling" not in objection  # the register states none
    assert "Reply STOP to any message." in objection
    assert "particular situation" not in objection
    assert rights(register)[-1] == "Right to object"


def test_what_the_register_does_not_state_the_notice_does_not_say(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(("records", "legal_obligation"))
    for lang in LANGS:
        page = Page(render_html(register, lang))
        for absent in ("recipients", "transfers", "automated-decisions", "rights", "complaint"):
            assert absent not in page.section_text
    # No default authority either: without a complaint route the Ombudsman is not named.
    assert "tietosuoja@om.fi" not in render_html(register, "fi")


def test_transfers_name_country_and_safeguard(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(
        ("care", "contract"),
        extra="""
        [[transfers.destinations]]
        country = "US"
        recipient = "Cloud Inc."
        safeguards = ["standard_contractual_clauses"]
        obtain_copy = { fi = "Pyydä sähköpostilla.", en = "Ask by email." }
        """,
    )
    text = Page(render_html(register, "fi")).section("transfers")
    assert "Cloud Inc." in text
    assert "Yhdysvallat" in text
    assert "vakiosopimuslausekkeet (46 artikla)" in text
    assert "Pyydä sähköpostilla." in text
    assert "ei siirretä" not in text


def test_a_processor_abroad_is_named_with_its_country_and_transfers_stay_unsaid(
    register_with_purposes: Callable[..., Register],
) -> None:
    register = register_with_purposes(
        ("care", "contract"),
        extra="""
        [[processors]]
        id = "mail"
        name = "Mail Corp"
        role = { fi = "Sähköposti", en = "Email" }
        country = "US"
        """,
    )
    page = Page(render_html(register, "en"))
    assert "Mail Corp" in page.section("recipients")
    assert "United States" in page.section("recipients")
    # The register does not state its transfers: neither "none" nor a list is invented.
    assert "transfers" not in page.section_text
    assert "not transferred" not in page.text


def test_a_processor_not_listed_as_recipient_is_still_named_as_a_processor(
    register_with_purposes: Callable[..., Register],
) -> None:
    # Version 1 left such a processor out, so the list of processors the notice gave was not
    # the register's. Version 2 names every processor the register states; recipient = false
    # keeps it out of the recipients only (the lint asks about that, WP260).
    register = register_with_purposes(
        ("care", "contract"),
        extra="""
        [[processors]]
        id = "backup"
        name = "Backup Oy"
        role = { fi = "Varmuuskopiot", en = "Backups" }
        recipient = false

        [[processors]]
        id = "booking"
        name = "Booking Oy"
        role = { fi = "Ajanvaraus", en = "Booking" }
        """,
    )
    text = Page(render_html(register, "en")).section("recipients")
    processors = text.split("Processors", 1)[1]
    assert "Booking Oy" in processors and "Backup Oy" in processors
    assert "Backup Oy" not in text.split("Processors", 1)[0]


# -- escaping ----------------------------------------------------------------------------------

NASTY = "<script>alert(\"x\")</script> & 'q' {{ 7*191 }} {% if %} </style>"


def nasty_register() -> dict[str, Any]:
    t = {"fi": NASTY, "en": NASTY}
    address = {"street": t, "postal_code": NASTY, "city": t}
    return {
        "schema_version": 2,
        "name": t,
        "description": t,
        "notice": {
            "languages": ["fi", "en"],
            "version": NASTY,
            "updated": "2024-01-15",
            "title": t,
            "subtitle": t,
            "legal_reference": t,
            "slug": "nasty",
        },
        "controller": {
            "name": NASTY,
            "names": t,
            "address": address,
            "visiting_address": address,
            "email": "a@example.fi",
            "more_contacts": [{"label": t, "phone": "09 505 6230"}],
            "group": t,
            "health_care_provider": True,
        },
        "contact": {"name": NASTY, "title": t, "address": address},
        "dpo": {"name": NASTY, "title": t, "address": address},
        "representative": {"name": NASTY, "address": address},
        "joint_controllers": [
            {"name": NASTY, "names": t, "essence": t, "contact": t, "purposes": ["care"]}
        ],
        "acting_as_processor": [{"controller": t, "description": t}],
        "data_subjects": [{"id": "clients", "name": t, "description": t}],
        "purposes": [
            {
                "id": "care",
                "name": t,
                "description": t,
                "legal_basis": "legitimate_interests",
                "legitimate_interest": t,
                "basis_details": t,
                "requirement": "statutory",
                "consequences": t,
                "direct_marketing": True,
                "child_consent": {"from_age": 15, "guardian_below": True, "how_checked": t},
            },
            {
                "id": "news",
                "name": t,
                "bases": [
                    {"basis": "consent", "while": t, "details": t},
                    {"basis": "legitimate_interests", "while": t, "interest": t},
                ],
            },
        ],
        "bases": [
            {"basis": "legal_obligation", "while": t, "interest": t, "details": t},
        ],
        "data_categories": [
            {
                "id": "health",
                "name": t,
                "description": t,
                "subjects": ["clients"],
                "purposes": ["care", "news"],
                "sources": ["client"],
                "retention": ["rule", "terms"],
                "special": {
                    "category": "health",
                    "condition": "explicit_consent",
                    "national_ground": t,
                },
                "hetu": True,
                "hetu_ground": "consent",
            }
        ],
        "sources": [{"id": "client", "name": t, "description": t}],
        "recipients": [
            {"id": "r", "name": t, "description": t, "basis": t, "data_categories": ["health"]}
        ],
        "processors": [{"id": "p", "name": NASTY, "role": t}],
        "staff": [{"role": t, "description": t, "data_categories": ["health"]}],
        "transfers": {
            "statement": t,
            "destinations": [
                {
                    "country": "US",
                    "recipient": NASTY,
                    "safeguards": ["derogation"],
                    "derogation": "explicit_consent",
                    "details": t,
                    "obtain_copy": t,
                }
            ],
        },
        "retention": [
            {
                "id": "rule",
                "period": "P1Y",
                "counted_from": t,
                "criteria": t,
                "statutory_basis": t,
            },
            {
                "id": "terms",
                "terms": [
                    {"period": "P6M", "counted_from": t, "criteria": t, "medium": "paper"},
                    # A combined term has an end to compare: a period beside its criteria.
                    {"period": "P1Y", "criteria": t, "counted_from": t},
                ],
                "combine": "later",
            },
        ],
        "automated_decisions": {
            "used": True,
            "profiling": True,
            "logic": t,
            "significance": t,
            "consequences": t,
            "statement": t,
        },
        "security": {
            "access_control": t,
            "logging": t,
            "backups": t,
            "encryption": t,
            "physical": t,
            "manual": t,
            "electronic": t,
            "general": t,
        },
        "health_care": {
            "kanta": True,
            "patient_ombudsman": {"name": NASTY, "title": t, "address": address},
        },
        "rights": {
            "stated": [{"right": "access", "text": t, "how": t}, "objection"],
            "how_to_exercise": t,
            "extra": t,
            "restrictions": t,
            "complaint": {"name": t, "visiting_address": address, "postal_address": address},
        },
        "direct_marketing": {"channels": ["email"], "opt_out": t, "description": t},
        "cookies": [{"name": NASTY, "provider": NASTY, "purpose": t, "necessary": False}],
        "notes": {
            name: t
            for name in (
                "purposes",
                "data_categories",
                "sources",
                "recipients",
                "processors",
                "retention",
            )
        },
        "sections": [{"id": "nasty-section", "after": "sources", "heading": t, "text": t}],
    }


def text_fields(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Key paths of every localized text the model can hold (lists without indices)."""
    for name, info in model.model_fields.items():
        if name in ("store", "lint"):
            continue
        yield from _fields_of(info.annotation, f"{prefix}{name}")


def _fields_of(annotation: Any, path: str) -> Iterator[str]:
    if annotation in (Text, Name):
        yield path
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from text_fields(annotation, f"{path}.")
        return
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            yield from _fields_of(arg, path)


def test_the_escaping_register_sets_every_text_field(tmp_path: Path) -> None:
    path = tmp_path / "nasty.toml"
    path.write_text(tomli_w.dumps(nasty_register()), encoding="utf-8")
    register = load_register(path)
    present = {
        ".".join(str(p) for p in loc if isinstance(p, str)) for loc, _ in iter_texts(register)
    }
    assert set(text_fields(Register)) <= present
    assert all(text.get(lang) == NASTY for _, text in iter_texts(register) for lang in LANGS)


@pytest.mark.parametrize("layout", ["tietosuojaseloste", "rekisteriseloste"])
@pytest.mark.parametrize("fragment", [False, True])
def test_every_text_is_shown_literally(tmp_path: Path, layout: str, fragment: bool) -> None:
    path = tmp_path / "nasty.toml"
    path.write_text(tomli_w.dumps(nasty_register()), encoding="utf-8")
    register = load_register(path)
    html = render_html(register, "en", layout=layout, fragment=fragment)
    page = Page(html)
    assert "script" not in [tag for tag, _ in page.elements]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;" in html
    assert "{{ 7*191 }} {% if %}" in html
    assert "1337" not in html
    # Nothing closed the style element early, and the text reads back exactly.
    assert "</style>" not in page.style
    assert NASTY in page.text
    assert page.text.count(NASTY) >= 20


# -- fragment ----------------------------------------------------------------------------------


def css_selectors(css: str) -> list[str]:
    """The selectors of the rules in a stylesheet, at-rule preludes included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [s.strip() for s in re.findall(r"([^{};]+)\{", css)]


def test_fragment_is_an_embeddable_scoped_section(modern: Register) -> None:
    html = render_html(modern, "fi", fragment=True)
    assert html.startswith('<section class="rekisteri-notice')
    assert html.rstrip().endswith("</section>")
    page = Page(html)
    tags = [tag for tag, _ in page.elements]
    for absent in ("html", "head", "body", "main", "header", "footer", "link", "script"):
        assert absent not in tags
    assert page.all("section")[0]["lang"] == "fi"
    # The host page has its own h1; the notice starts at h2.
    assert page.headings[0] == (2, "Tietosuojaseloste")
    assert 1 not in [level for level, _ in page.headings]
    for selector in css_selectors(page.style):
        if selector.startswith("@media"):
            continue
        for part in selector.split(","):
            assert part.strip().startswith(".rekisteri-notice"), part
    assert "@page" not in page.style
    for url in page.urls():
        if url.startswith("#"):
            assert url[1:] in page.ids


# -- logo --------------------------------------------------------------------------------------


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


LOGO_REGISTER = PURPOSES_BASE.replace("PURPOSE_IDS", '["care"]').replace(
    'slug = "seloste"', 'slug = "seloste"\nlogo = "LOGO"'
) + purpose_table("care", "contract")


def test_logo_is_embedded_as_data_uri(write_register: Callable[..., Path]) -> None:
    path = write_register(LOGO_REGISTER.replace("LOGO", "logo.png"))
    (path.parent / "logo.png").write_bytes(png())
    html = render_html(load_register(path), "fi")
    images = Page(html).all("img")
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert images[0]["alt"] == ""  # the controller's name is written right beside it


@pytest.mark.parametrize(
    "logo",
    [
        "/etc/passwd",
        "../../etc/passwd",
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "C:\\\\logo.png",
        "escape.png",
        "missing.png",
        "notes.txt",
    ],
)
def test_a_logo_outside_the_register_folder_is_refused_before_any_output(
    write_register: Callable[..., Path], tmp_path: Path, logo: str
) -> None:
    path = write_register(LOGO_REGISTER.replace("LOGO", logo))
    (path.parent / "notes.txt").write_text("not an image")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(png())
    (path.parent / "escape.png").symlink_to(outside)
    register = load_register(path)
    out = tmp_path / "out"
    with pytest.raises(RekisteriError) as caught:
        write_notice(register, out, formats=["html"])
    message = str(caught.value)
    assert "notice.logo" in message
    assert f"{path}:" in message  # the file and the line of the key
    assert "Traceback" not in message
    assert not out.exists()


# -- template overrides ------------------------------------------------------------------------


def override(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "templates"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_an_override_can_extend_the_default_and_replace_one_block(
    modern: Register, tmp_path: Path
) -> None:
    folder = override(
        tmp_path,
        "notice/tietosuojaseloste.html.j2",
        """\
        {% extends "default:notice/tietosuojaseloste.html.j2" %}
        {% block footer -%}
        <p class="own">{{ _("Version") }}: {{ notice.head.title }}</p>
        {%- endblock %}
        """,
    )
    html = render_html(modern, "fi", templates=folder)
    assert '<p class="own">Versio: Tietosuojaseloste</p>' in html
    assert "Päivitetty" not in html  # the replaced footer
    assert "1. Rekisterinpitäjä ja yhteystiedot" in html  # everything else is the default


def test_an_override_of_a_shared_template_applies_to_every_layout(
    legacy: Register, tmp_path: Path
) -> None:
    folder = override(tmp_path, "notice/notice.css", ".rekisteri-notice { color: #000000; }\n")
    html = render_html(legacy, "en", templates=folder)
    assert ".rekisteri-notice { color: #000000; }" in html
    assert "skip-link" in html


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<p>\n{% if %}\n</p>\n", "template syntax error", 2),
        ("<p>\n\n{{ notice.no_such_field }}</p>\n", "undefined variable", 3),
        ("<p>\n{% include 'notice/nowhere.html.j2' %}\n", "not found", 2),
        (
            '{% extends "default:notice/base.html.j2" %}\n'
            "{% block footer %}{{ oops }}{% endblock %}",
            "undefined variable",
            2,
        ),
    ],
)
def test_a_broken_override_is_a_located_error(
    modern: Register, tmp_path: Path, text: str, message: str, line: int
) -> None:
    folder = override(tmp_path, "notice/tietosuojaseloste.html.j2", text)
    with pytest.raises(RekisteriError) as caught:
        write_notice(modern, tmp_path / "out", formats=["html"], templates=folder)
    error = str(caught.value)
    assert message in error
    assert f"{folder / 'notice' / 'tietosuojaseloste.html.j2'}:{line}" in error
    assert not (tmp_path / "out").exists()


def test_a_missing_templates_folder_is_an_error(modern: Register, tmp_path: Path) -> None:
    with pytest.raises(RekisteriError, match="templates folder does not exist"):
        render_html(modern, "fi", templates=tmp_path / "nowhere")


# -- languages ---------------------------------------------------------------------------------

SWEDISH_REGISTER = """\
schema_version = 2
name = "Kundregister"

[notice]
languages = ["sv"]
updated = 2024-01-15

[controller]
name = "Ab Test"
email = "test@example.fi"

[[purposes]]
id = "care"
name = "Vård"
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = "Kontaktuppgifter"
purposes = ["care"]
"""


def test_a_swedish_register_renders_with_the_built_in_catalog(
    write_register: Callable[..., Path],
) -> None:
    page = Page(render_html(load_register(write_register(SWEDISH_REGISTER)), "sv"))
    assert page.all("html") == [{"lang": "sv"}]
    assert page.headings[0] == (1, "Dataskyddsbeskrivning")
    assert "15 januari 2024" in page.text  # Babel's Swedish dates
    assert "Kundregister" in page.text
    assert "Privacy notice" not in page.text


def test_a_users_catalog_takes_precedence_over_the_built_in_one(
    write_register: Callable[..., Path], tmp_path: Path
) -> None:
    register = load_register(write_register(SWEDISH_REGISTER))
    # The user's own wording of one heading; every other message comes from the built-in sv.
    catalog = tmp_path / "templates" / "locale" / "sv" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        'msgid "Privacy notice"\nmsgstr "Vår dataskyddsbeskrivning"\n',
        encoding="utf-8",
    )
    page = Page(render_html(register, "sv", templates=tmp_path / "templates"))
    assert page.headings[0] == (1, "Vår dataskyddsbeskrivning")
    assert page.headings[1:] == Page(render_html(register, "sv")).headings[1:]


def test_a_language_the_notice_does_not_declare_is_refused(modern: Register) -> None:
    with pytest.raises(RekisteriError) as raised:
        render_html(modern, "sv")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.message == "the notice is written in fi, en, not in 'sv'"
    assert (diagnostic.path, diagnostic.line) == ("notice.languages", 12)


def test_links_can_point_anywhere(modern: Register) -> None:
    links = NoticeLinks(pages={"fi": "/fi/", "en": "/en/"}, pdfs={"fi": "/fi.pdf"})
    page = Page(render_html(modern, "fi", links=links))
    alternates = [a for a in page.all("link") if a.get("rel") == "alternate"]
    assert {a["hreflang"]: a["href"] for a in alternates} == {
        "fi": "/fi/",
        "en": "/en/",
        "x-default": "/fi/",
    }
    assert {"href": "/fi.pdf", "type": "application/pdf"} in page.all("a")


# -- output ------------------------------------------------------------------------------------


def test_write_notice_writes_every_language(modern: Register, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_notice(modern, out, formats=["html"])
    assert written == [out / "tietosuojaseloste.fi.html", out / "tietosuojaseloste.en.html"]
    assert written[0].read_text(encoding="utf-8") == render_html(modern, "fi")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_write_notice_one_language_and_a_fragment(legacy: Register, tmp_path: Path) -> None:
    written = write_notice(legacy, tmp_path, langs=["en"], formats=["html"], fragment=True)
    assert [p.name for p in written] == ["rekisteriseloste-2018.en.fragment.html"]
    assert written[0].read_text(encoding="utf-8").startswith("<section")


def test_an_existing_file_is_refused_unless_forced(modern: Register, tmp_path: Path) -> None:
    (tmp_path / "tietosuojaseloste.en.html").write_text("old")
    with pytest.raises(RekisteriError, match="already exists; replace it explicitly"):
        write_notice(modern, tmp_path, formats=["html"])
    # Nothing was written, not even the file that did not exist.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tietosuojaseloste.en.html"]
    assert (tmp_path / "tietosuojaseloste.en.html").read_text() == "old"
    write_notice(modern, tmp_path, formats=["html"], force=True)
    assert (
        (tmp_path / "tietosuojaseloste.en.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(
    modern: Register, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(RekisteriError, match=r"exists and is not a folder|cannot create"):
        write_notice(modern, blocker / "out", formats=["html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failed_write_leaves_no_partial_output(
    modern: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rekisteri.output

    real = rekisteri.output.write_atomic
    calls = []

    def failing(path: Path, data: bytes | str, **kwargs: Any) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise RekisteriError(f"{path}: cannot write: No space left on device")
        real(path, data, **kwargs)

    monkeypatch.setattr(rekisteri.output, "write_atomic", failing)
    with pytest.raises(RekisteriError, match="No space left"):
        write_notice(modern, tmp_path, formats=["html"])
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_layout_are_refused(modern: Register, tmp_path: Path) -> None:
    with pytest.raises(RekisteriError, match="unknown output format docx"):
        write_notice(modern, tmp_path, formats=["docx"])
    with pytest.raises(RekisteriError, match="unknown layout 'modern'"):
        write_notice(modern, tmp_path, formats=["html"], layout="modern")
    assert list(tmp_path.iterdir()) == []


def test_write_notice_with_pdf(legacy: Register, tmp_path: Path) -> None:
    written = write_notice(legacy, tmp_path, langs=["fi"])
    assert [p.name for p in written] == [
        "rekisteriseloste-2018.fi.html",
        "rekisteriseloste-2018.fi.pdf",
    ]
    assert written[1].read_bytes().startswith(b"%PDF-")
    # The page links its PDF.
    assert 'href="rekisteriseloste-2018.fi.pdf"' in written[0].read_text(encoding="utf-8")
