"""The text a reader sees on a rendered page, for golden files and text checks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "th", "td", "caption", "address", "div"}


class _Text(HTMLParser):
    """The text a reader sees, one line per block element; no head, styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"head", "style", "script"}:
            self.hidden += 1
        elif tag in BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"head", "style", "script"}:
            self.hidden -= 1
        elif tag in BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.lines[-1] += data

    def text(self) -> str:
        lines = (re.sub(r"\s+", " ", line).strip() for line in self.lines)
        return "\n".join(line for line in lines if line) + "\n"


def visible_text(html: str) -> str:
    """The page's visible text, one line per block (heading, paragraph, list item, cell)."""
    parser = _Text()
    parser.feed(html)
    return parser.text()
