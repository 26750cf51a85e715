"""Making values safe to show: secrets hidden, terminals unbroken, spreadsheets not executed.

Three places turn data into text a person's tools interpret: a message printed to a terminal
(control characters from the store or the command line could move the cursor or retitle the
window), a connection URL in a message (its password must not land in a log), and a CSV cell a
spreadsheet opens (``=HYPERLINK(…)`` would run as a formula). Each has one function here, so
every writer applies the same rule.
"""

from __future__ import annotations

import re
import unicodedata

# --- secrets in connection URLs ------------------------------------------------------------

# ?password=…, &pwd=…, ;passwd=… and similar query parameters.
_SECRET_PARAM = re.compile(
    r"(?P<key>[?&;](?:password|passwd|pwd|pass|secret|token|sslpassword)=)(?P<value>[^&;#\s]*)",
    re.IGNORECASE,
)
HIDDEN = "***"


def hide_secrets(text: str) -> str:
    """``text`` with every password a URL in it carries replaced by ``***``.

    >>> hide_secrets("postgresql://ann:s3cr@t@db.example/crm?sslmode=require&password=x")
    'postgresql://ann:***@db.example/crm?sslmode=require&password=***'
    """

    def greedy(value: str) -> str:
        # A regex cannot know which '@' ends an unescaped password; the last one before the
        # path does.
        out = []
        for part in re.split(r"(\s+)", value):
            scheme_end = part.find("://")
            if scheme_end < 0:
                out.append(part)
                continue
            head = part[: scheme_end + 3]
            rest = part[scheme_end + 3 :]
            ends = [i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0]
            path_start = min(ends, default=len(rest))
            authority, tail = rest[:path_start], rest[path_start:]
            at = authority.rfind("@")
            if at >= 0:
                user, colon, _password = authority[:at].partition(":")
                if colon:
                    authority = f"{user}:{HIDDEN}{authority[at:]}"
            out.append(head + authority + tail)
        return "".join(out)

    text = greedy(text)
    return _SECRET_PARAM.sub(lambda m: m["key"] + HIDDEN, text)


# --- control characters --------------------------------------------------------------------


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
    if char in named:
        return named[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _is_control(char: str) -> bool:
    # Cc: C0, DEL and C1 (ESC, CSI …); Cf bidi overrides could reorder what a reader sees.
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != "\u200d"


def printable(value: str, *, keep_newlines: bool = False) -> str:
    """``value`` with control characters shown as escapes (``\\x1b``) rather than obeyed.

    ``keep_newlines`` keeps line breaks for a multi-line message whose own lines are safe.
    """
    if value.isprintable() and "\u200d" not in value:
        return value
    return "".join(
        _escape(char) if _is_control(char) and not (keep_newlines and char == "\n") else char
        for char in value
    )


# --- spreadsheet formulas ------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these is read as a formula by Excel,
# LibreOffice and Google Sheets. A leading apostrophe makes it text and is not displayed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value
