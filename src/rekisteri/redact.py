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


# What follows the '@' that ends a URL's user and password: a host (a name, an address or
# [IPv6]) and a port, then the path, query or fragment, or the end of the word (with the
# punctuation a sentence puts after a URL).
_HOST_THEN_REST = re.compile(r"(?:\[[0-9A-Za-z:.%]*\]|[\w.%-]*)(?::\d*)?(?:[/?#]|[)\]'\",;:.!]*$)")


def hide_secrets(text: str) -> str:
    """``text`` with every password a URL in it carries replaced by ``***``.

    >>> hide_secrets("postgresql://ann:s3cr@t@db.example/crm?sslmode=require&password=x")
    'postgresql://ann:***@db.example/crm?sslmode=require&password=***'
    """
    words = re.split(r"(\s+)", text)
    return _SECRET_PARAM.sub(lambda m: m["key"] + HIDDEN, "".join(map(_hide_password, words)))


def _hide_password(word: str) -> str:
    scheme_end = word.find("://")
    if scheme_end < 0:
        return word
    head, rest = word[: scheme_end + 3], word[scheme_end + 3 :]
    # A password may hold '@', '/', '?' or '#' unescaped, so no parser finds where it ends;
    # the last '@' followed by a host does, or in a URL with no host to find, the last '@'.
    last = at = rest.rfind("@")
    while at >= 0 and not _HOST_THEN_REST.match(rest, at + 1):
        at = rest.rfind("@", 0, at)
    if at < 0:
        if last < 0:
            return word
        at = last
    user, colon, _password = rest[:at].partition(":")
    if not colon or "/" in user:  # no password, or an '@' in a file path
        return word
    return f"{head}{user}:{HIDDEN}{rest[at:]}"


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


# Every character a control may be: json.dumps already escapes C0 controls inside strings.
_MAYBE_CONTROL = re.compile("[\x7f-\U0010ffff]")


def printable_json(text: str) -> str:
    """JSON text with every control character in it written as a ``\\u`` escape.

    The value a program reads is the same; a terminal showing the text has nothing to obey.
    ``json.dumps(..., ensure_ascii=False)`` escapes only the C0 controls, leaving DEL, the C1
    controls (CSI) and bidi overrides as they are.
    """
    return _MAYBE_CONTROL.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match[0]
    if not _is_control(char):
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes the code points above the BMP as UTF-16 surrogate pairs
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# --- spreadsheet formulas ------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these is read as a formula by Excel,
# LibreOffice and Google Sheets. A leading apostrophe makes it text and is not displayed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number ("+358 40 771 2290", "-5,50") cannot call anything, and a mailing or SMS tool
# importing the list needs the phone number exactly as written, without the apostrophe.
_SIGNED_NUMBER = re.compile(r"[+-][0-9][0-9 ]*(?:[.,][0-9]+)?")


def spreadsheet_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if not value.startswith(_FORMULA_START) or _SIGNED_NUMBER.fullmatch(value):
        return value
    return "'" + value
