"""The published notice pages in a real browser: rendered, accessible, and offline.

Debian's Chromium is driven by Playwright through ``executable_path`` (never a browser Playwright
downloads; tests/browser_checks.py). Each page is opened from a local file, screenshotted, and
checked by axe-core at WCAG 2.1 AA; a notice page must not make a single network request,
because the pages are uploaded as they are to a small business's homepage and every third-party
request would leak its visitors' addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

import browser_checks
from browser_checks import (
    BROKEN_WORDS_JS,
    OVERFLOW_JS,
    PHONE,
    WIDTHS,
    chromium_or_skip,
    describe,
    launched_chromium,
    run_axe,
)
from rekisteri.register.loading import load_register

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "terhi-kallio"
REGISTERS = ["register.toml", "rekisteriseloste-2018.toml"]
LANGS = ["fi", "en"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@dataclass
class Visit:
    url: str
    requests: list[str]
    screenshot: bytes
    violations: list[dict[str, Any]]
    passed_rules: list[str]
    report: str
    overflow: int = 0
    """How many CSS pixels the page reaches past the window's right edge."""
    broken_words: list[str] = field(default_factory=list)


def visit(
    browser: Any, page_file: Path, shot: Path, viewport: dict[str, int] | None = None
) -> Visit:
    """Open ``page_file`` as a visitor would, with every request recorded and none let out."""
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    try:
        # Recorded for the assertion, and aborted so that a regression cannot reach the network
        # from a test run. file: URLs are not routed by Playwright, data: URIs never leave.
        context.route("http*://**/*", lambda route: route.abort())
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        url = page_file.resolve().as_uri()
        page.goto(url, wait_until="load")
        screenshot = page.screenshot(full_page=True, path=str(shot))
        results = run_axe(page)
        return Visit(
            url=url,
            requests=requests,
            screenshot=screenshot,
            violations=list(results.response["violations"]),
            passed_rules=[rule["id"] for rule in results.response["passes"]],
            report=results.generate_report(),
            overflow=int(page.evaluate(OVERFLOW_JS)),
            broken_words=list(page.evaluate(BROKEN_WORDS_JS)),
        )
    finally:
        context.close()


def check(visit_: Visit) -> None:
    assert visit_.screenshot.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(visit_.screenshot) > 1000
    outside = [url for url in visit_.requests if url != visit_.url and not url.startswith("data:")]
    assert outside == [], f"the page requested {outside}"
    assert visit_.requests[0] == visit_.url
    # axe ran its rules on the page, rather than on an empty or unloaded document.
    assert {"document-title", "html-has-lang"} <= set(visit_.passed_rules)
    assert visit_.violations == [], "axe-core found WCAG 2.1 AA violations:\n" + describe(
        visit_.violations
    )


def check_fits(visit_: Visit) -> None:
    """The page fits the window's width, and no word is broken inside to make it fit."""
    assert visit_.overflow <= 0, f"the page is {visit_.overflow} px wider than the window"
    assert visit_.broken_words == [], f"words broken inside: {visit_.broken_words}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("register_file", REGISTERS)
def test_notice_page(
    browser: Any, tmp_path: Path, register_file: str, lang: str, width: str
) -> None:
    from rekisteri.notice.render import render_html

    register = load_register(EXAMPLES / register_file)
    page_file = tmp_path / f"{Path(register_file).stem}.{lang}.html"
    page_file.write_text(render_html(register, lang), encoding="utf-8")
    visited = visit(browser, page_file, tmp_path / f"{page_file.stem}.png", WIDTHS[width])
    check(visited)
    check_fits(visited)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example published twice, the second time with a purpose added: a versions page with
    the current version, an archived one and the change between them."""
    from rekisteri.notice.publish import publish

    folder = tmp_path_factory.mktemp("published")
    text = (EXAMPLES / "register.toml").read_text(encoding="utf-8")
    first = folder / "v1.toml"
    first.write_text(text, encoding="utf-8")
    site = folder / "site"
    publish(load_register(first), site, pdf=False)
    second = folder / "v2.toml"
    second.write_text(
        text.replace('version = "2024-1"', 'version = "2025-1"').replace(
            '[[purposes]]\nid = "billing"',
            '[[purposes]]\nid = "newsletter"\nname = { fi = "Uutiskirje", en = "Newsletter" }\n'
            'legal_basis = "consent"\n\n[[purposes]]\nid = "billing"',
        ),
        encoding="utf-8",
    )
    publish(load_register(second), site, pdf=False)
    return site


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_versions_page(
    browser: Any, published: Path, tmp_path: Path, lang: str, width: str
) -> None:
    page_file = published / f"versions.{lang}.html"
    assert "2024-1" in page_file.read_text(encoding="utf-8")
    visited = visit(browser, page_file, tmp_path / f"versions.{lang}.png", WIDTHS[width])
    check(visited)
    check_fits(visited)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_archived_page(browser: Any, published: Path, tmp_path: Path, width: str) -> None:
    page_file = published / "versions" / "2024-1" / "tietosuojaseloste.fi.html"
    assert 'class="archived-version"' in page_file.read_text(encoding="utf-8")
    visited = visit(browser, page_file, tmp_path / "archived.png", WIDTHS[width])
    check(visited)
    check_fits(visited)


def test_a_broken_word_and_an_overflow_are_caught(browser: Any, tmp_path: Path) -> None:
    # The fit checks see what they are for: a word too long for a phone, broken anywhere.
    page_file = tmp_path / "narrow.html"
    page_file.write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Kapea</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body><main><h1>Kapea</h1><p style="overflow-wrap: anywhere">'
        "Henkilötunnustietojenkäsittelyjärjestelmäkokonaisuusuudistustyöryhmä on pitkä sana.</p>"
        '<p style="white-space: nowrap">' + "leveä rivi " * 20 + "</p></main></body></html>"
    )
    visited = visit(browser, page_file, tmp_path / "narrow.png", PHONE)
    assert visited.broken_words == [
        "Henkilötunnustietojenkäsittelyjärjestelmäkokonaisuusuudistustyöryhmä"
    ]
    assert visited.overflow > 0
    with pytest.raises(AssertionError, match="wider than the window"):
        check_fits(visited)


def host_page(fragment: str, lang: str) -> str:
    """A bare CMS page with the fragment pasted into its content area."""
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Tmi Terhi Kallio</title></head>\n"
        "<body><header><p>Tmi Terhi Kallio</p></header>\n<main>\n"
        f"{fragment}\n</main>\n</body>\n</html>\n"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_fragment_in_a_host_page(browser: Any, tmp_path: Path, lang: str) -> None:
    from rekisteri.notice.render import render_html

    register = load_register(EXAMPLES / "register.toml")
    fragment = render_html(register, lang, fragment=True)
    assert "<html" not in fragment.lower()
    page_file = tmp_path / f"host.{lang}.html"
    page_file.write_text(host_page(fragment, lang), encoding="utf-8")
    check(visit(browser, page_file, tmp_path / f"host.{lang}.png"))


def test_a_page_that_reaches_out_is_caught(browser: Any, tmp_path: Path) -> None:
    # The no-request assertion is only worth something if it sees requests.
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaky</title>'
        '<link rel="stylesheet" href="https://example.com/x.css"></head>'
        "<body><main><h1>Leaky</h1></main></body></html>"
    )
    visited = visit(browser, page_file, tmp_path / "leaky.png")
    assert "https://example.com/x.css" in visited.requests
    with pytest.raises(AssertionError, match="requested"):
        check(visited)


def test_axe_reports_a_violation(browser: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "no-alt.html"
    page_file.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No alt</title></head>'
        '<body><main><h1>No alt</h1><img src="data:image/gif;base64,'
        'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></main></body></html>'
    )
    visited = visit(browser, page_file, tmp_path / "no-alt.png")
    assert [v["id"] for v in visited.violations] == ["image-alt"]
    assert "image-alt (critical)" in describe(visited.violations)


def test_without_chromium_ci_fails_and_others_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_checks, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        chromium_or_skip()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_or_skip()


def test_a_plain_accessible_page_passes(browser: Any, tmp_path: Path) -> None:
    # The other half of the checks above: check() is not a test that always fails.
    page_file = tmp_path / "plain.html"
    page_file.write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Hei</title></head>'
        "<body><main><h1>Hei</h1><p>Tietosuojaseloste</p></main></body></html>"
    )
    shot = tmp_path / "plain.png"
    check(visit(browser, page_file, shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


CLUB = EXAMPLES.parent / "grankulla-idrottsforening" / "register.toml"
ALTERNATES_JS = """
() => Array.from(document.querySelectorAll('link[rel="alternate"][hreflang]'))
  .map(link => [link.hreflang, link.href])
"""


@pytest.fixture(scope="module")
def club_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual club's notice published as its website would hold it."""
    from rekisteri.notice.publish import publish

    site = tmp_path_factory.mktemp("club") / "site"
    publish(load_register(CLUB), site, pdf=False)
    return site


def page_language(browser: Any, page_file: Path) -> tuple[str, dict[str, str]]:
    """The page's own language and its hreflang alternates (language → URL)."""
    context = browser.new_context()
    try:
        context.route("http*://**/*", lambda route: route.abort())
        page = context.new_page()
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        return str(page.evaluate("() => document.documentElement.lang")), dict(
            page.evaluate(ALTERNATES_JS)
        )
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_the_bilingual_clubs_pages(
    browser: Any, club_site: Path, tmp_path: Path, lang: str, width: str
) -> None:
    page_file = club_site / f"dataskyddsbeskrivning.{lang}.html"
    visited = visit(browser, page_file, tmp_path / f"club.{lang}.png", WIDTHS[width])
    check(visited)
    check_fits(visited)
    own, alternates = page_language(browser, page_file)
    assert own == lang
    assert set(alternates) >= {"sv", "fi", "en"}
    assert alternates[lang] == visited.url
    # hreflang both ways: the other language's page names this one as its alternate.
    other = "fi" if lang == "sv" else "sv"
    other_file = Path(url2pathname(urlparse(alternates[other]).path))
    other_lang, back = page_language(browser, other_file)
    assert other_lang == other
    assert back[lang] == visited.url
