"""What the browser tests share: Debian's Chromium driven by Playwright, axe-core at WCAG 2.1 AA,
and the measures of a page that does not fit a phone's width.

Playwright is given ``executable_path`` so that it drives the Chromium Debian ships and keeps
up to date, never a browser Playwright would download. A missing browser skips the tests that
need it, except under CI (``CI=true``), where a skipped browser test would hide a regression.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What a phone and a desktop show: the CSS width of a common phone, and of a laptop's window.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"390px": PHONE, "1280px": DESKTOP}

# Every word of the page that is set on more than one line: a word broken inside
# ("Henkilötunn/us"). A break after a hyphen, a dash or a slash is a break between words; code
# (a SHA-256 sum) and what is not shown are left out.
BROKEN_WORDS_JS = """
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("style, script, code")) continue;
    const pieces = /[^\\s\\-\u2010-\u2015\\/]+[\\-\u2010-\u2015\\/]?/g;
    for (let m = pieces.exec(node.data); m; m = pieces.exec(node.data)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].replace(/[\\-\u2010-\u2015\\/]$/, "").length);
      const lines = new Set(
        Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.bottom))
      );
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""

# How far the page reaches past the window's right edge, in CSS pixels.
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def chromium_or_skip() -> Path:
    """Debian's Chromium, or a skip that says why; under CI a missing browser is a failure."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's package with 'apt-get install chromium'"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so the browser tests cannot be skipped)")
    pytest.skip(reason)


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, for as long as the ``with`` block runs."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run_axe(page: Any) -> Any:
    """axe-core's results for the page as it is now, at WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's findings as rule id, impact and the offending nodes, for a person to fix."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n        ")
                lines.append(f"        {summary}")
    return "\n".join(lines)
