"""The access report and the no-data letter in a real browser, as a phone and a desktop show them.

At 390 px (a phone) and 1280 px (a desktop): the page does not scroll sideways, no word is broken
across lines (the tables stack each row into label and value pairs on a phone rather than
squeezing their columns until "Henkilötunnus" breaks), and axe-core finds no WCAG 2.1 AA
violation. Debian's Chromium is driven by Playwright as in tests/notice/test_browser.py, every
network request aborted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rekisteri.access.bundle import BundleOptions, build_bundle
from rekisteri.access.collect import identify
from rekisteri.access.report import build_report, render_report
from rekisteri.access.review import ReviewDecision
from rekisteri.register.model import Register, WithholdGround

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [390, 1280]
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WITHHOLD = ReviewDecision(
    "health", release=False, reason="Hoidon vaihe.", ground=WithholdGround.HEALTH_OR_CARE
)

# Each run of non-space characters of the visible text whose boxes lie on more than one line:
# a word broken inside. A compound may break after its hyphen ("tietosuoja-/asetuksen"), as
# Finnish breaks it, and a citation between its points ("6(1)/(c)"), as Unicode's line breaking
# allows between ")" and "(": each part up to a hyphen or a closing parenthesis is a word of its
# own. Hidden text (a collapsed table head) has no boxes and is not counted.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/[^\\s-]+?(?:-|\\)(?=\\()|(?=\\s)|$)/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set(
        [...range.getClientRects()]
          .filter((box) => box.width > 0 && box.height > 0)
          .map((box) => Math.round(box.bottom))
      );
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# What scrolls sideways: the page itself, or a table's box that has to be scrolled to be read.
OVERFLOW = """() => {
  const wide = [];
  const page = document.documentElement;
  const add = (what, box) => wide.push(`${what} ${box.scrollWidth} > ${box.clientWidth}`);
  if (page.scrollWidth > page.clientWidth) add('page', page);
  for (const box of document.querySelectorAll('.access-table')) {
    if (box.scrollWidth > box.clientWidth) add('table', box);
  }
  return wide;
}"""


def chromium_or_skip() -> Path:
    """Debian's Chromium, or a skip that says why; under CI a missing browser is a failure."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's package with 'apt-get install chromium'"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so the browser tests cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _pages(register: Register, lang: str) -> dict[str, str]:
    """The report (Aino's, with her therapy notes withheld) and the letter, as HTML."""
    options = BundleOptions(
        formats=["html"], generated=WHEN, reference="REQ-1", decisions=[WITHHOLD]
    )
    files = build_bundle(register, identify(email="aino.virtanen@example.com"), options)
    letter = build_report(
        register,
        lang,
        None,
        identify(email="someone@example.org"),
        generated=WHEN,
        reference="REQ-2",
        logged=True,
    )
    return {"report": files[f"report.{lang}.html"].decode("utf-8"), "letter": render_report(letter)}


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    at {' '.join(map(str, n['target']))}" for n in violation["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_report_and_letter_read_well(
    browser: Any, demo_register: Register, tmp_path: Path, lang: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for kind, html in _pages(demo_register, lang).items():
        page_file = tmp_path / f"{kind}.{lang}.html"
        page_file.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            context.route("http*://**/*", lambda route: route.abort())
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request, seen=requests: seen.append(request.url))
            page.goto(page_file.resolve().as_uri(), wait_until="load")
            page.screenshot(full_page=True, path=str(tmp_path / f"{kind}.{lang}.{width}.png"))
            assert page.evaluate(OVERFLOW) == [], f"{kind} scrolls sideways at {width} px"
            assert page.evaluate(BROKEN_WORDS) == [], f"{kind} breaks words at {width} px"
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            violations = list(results.response["violations"])
            assert violations == [], f"{kind} at {width} px:\n" + _describe(violations)
            assert [url for url in requests if not url.startswith("file:")] == []
        finally:
            context.close()


def test_the_word_check_sees_a_broken_word(browser: Any, tmp_path: Path) -> None:
    # The checks above are only worth something if they can fail.
    page_file = tmp_path / "narrow.html"
    page_file.write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Kapea</title></head>'
        '<body><table style="width: 60px"><tr><td style="overflow-wrap: anywhere">'
        "Henkilötunnus</td></tr></table><div style='width: 2000px'>leveä</div></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 390, "height": 600})
    try:
        page = context.new_page()
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        assert page.evaluate(BROKEN_WORDS) == ["Henkilötunnus"]
        assert page.evaluate(OVERFLOW)[0].startswith("page ")
    finally:
        context.close()
