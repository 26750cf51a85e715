"""Source positions for keys in a TOML document.

``tomllib`` returns plain dicts and forgets where anything came from, but a validation error is
only useful to a person if it says *where* in their file the problem is. :func:`locate` is a
small, forgiving scanner that walks the TOML text once and records the 1-based ``(line, column)``
of every key path, using the same path shape as the parsed dict (strings for table keys, ints
for array indices), so a pydantic ``loc`` tuple can be looked up directly.

The scanner is deliberately not a validator: it never raises, and on malformed input it simply
keeps whatever it could find. It uses an explicit stack instead of recursion, so hostile nesting
cannot exhaust the interpreter stack, and regular expressions for the hot inner loops, so it
stays linear in the size of the input.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right

__all__ = ["Path_", "locate"]

Path_ = tuple[str | int, ...]

# ``tomllib`` recurses once per nesting level and gives up (RecursionError) well before 500
# levels, so nothing deeper can ever appear in a parsed document; capping here bounds both the
# work per key (paths are tuples, copied on extension) and the size of the result.
MAX_DEPTH = 512

_WS = re.compile(r"[ \t\r]*")
# Inside arrays and inline tables newlines and comments may appear between items; inline tables
# may not contain them in TOML 1.0, but tolerating them costs nothing and helps with TOML 1.1.
_WS_NL = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*'")
# A closing delimiter may be preceded by up to two quotes that belong to the content; matching the
# first unescaped run of three and then swallowing up to two more yields the same end position.
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:"{1,2})?')
# A local date and time may be separated by a space, which is otherwise a token boundary.
_SCALAR = re.compile(r"""\d{4}-\d{2}-\d{2} (?=\d)[^\s,\[\]{}#"'=]*|[^\s,\[\]{}#"'=]+""")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|([\s\S]))")
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


def locate(source: str) -> dict[Path_, tuple[int, int]]:
    """Map every key path in a TOML document to the 1-based (line, column) where it is defined.

    Table keys are located at the start of the key token (the quote for a quoted key), array
    elements at the start of the element value, and tables declared by ``[header]`` or
    ``[[header]]`` lines at the opening bracket. Columns count code points. Never raises; for
    malformed input the positions found before the scanner lost track are returned.
    """
    scanner = _Scanner(source)
    # Positions only decorate error messages; losing some must never turn a validation error
    # into a crash, so even an unforeseen bug in the scanner degrades to partial results.
    with contextlib.suppress(Exception):
        scanner.run()
    return scanner.result()


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Offset after ``pattern`` at ``pos`` (the whitespace patterns also match nothing)."""
    match = pattern.match(text, pos)
    return pos if match is None else match.end()


def _decode_escapes(body: str) -> str:
    """Decode the escapes of a basic-string key so it matches the key ``tomllib`` produces."""

    def replace(match: re.Match[str]) -> str:
        hex_digits = match.group(1) or match.group(2) or match.group(3)
        if hex_digits is not None:
            code = int(hex_digits, 16)
            # chr() raises above the Unicode range; tomllib rejects such keys anyway.
            return chr(code) if code <= 0x10FFFF else match.group(0)
        return _SIMPLE_ESCAPES.get(match.group(4), match.group(0))

    return _ESCAPE.sub(replace, body) if "\\" in body else body


def _child(path: Path_ | None, key: str | int) -> Path_ | None:
    """Extend ``path``, or give up (None) once it is deeper than anything tomllib can parse."""
    if path is None or len(path) >= MAX_DEPTH:
        return None
    return (*path, key)


class _Frame:
    """An open array or inline table whose items are still being scanned."""

    __slots__ = ("index", "is_array", "need_separator", "path")

    def __init__(self, is_array: bool, path: Path_ | None) -> None:
        self.is_array = is_array
        # None means "too deep or under a broken header": keep scanning, record nothing.
        self.path = path
        self.index = 0
        self.need_separator = False


class _Scanner:
    def __init__(self, source: str) -> None:
        # The BOM is not part of the first line as far as a reader of the file is concerned.
        self.text = source[1:] if source.startswith("\ufeff") else source
        self.pos = 0
        self.offsets: dict[Path_, int] = {}
        # Tables that so far only exist because a deeper header mentioned them; their own
        # header, if it comes later, is the better place to point at.
        self.implicit: set[Path_] = set()
        # Number of elements per array of tables, keyed by its concrete path, so that
        # ``[a.b]`` after ``[[a]]`` resolves to the last element of ``a``.
        self.aot_counts: dict[Path_, int] = {}
        self.table: Path_ | None = ()

    # -- recording ---------------------------------------------------------------------------

    def _define(self, path: Path_, offset: int) -> None:
        if path not in self.offsets:
            self.offsets[path] = offset

    def _define_implicit(self, path: Path_, offset: int) -> None:
        if path not in self.offsets:
            self.offsets[path] = offset
            self.implicit.add(path)

    def _define_header(self, path: Path_, offset: int) -> None:
        if path not in self.offsets or path in self.implicit:
            self.offsets[path] = offset
            self.implicit.discard(path)

    def result(self) -> dict[Path_, tuple[int, int]]:
        line_starts = [0]
        line_starts.extend(m.end() for m in re.finditer("\n", self.text))
        out: dict[Path_, tuple[int, int]] = {}
        for path, offset in self.offsets.items():
            line = bisect_right(line_starts, offset)
            out[path] = (line, offset - line_starts[line - 1] + 1)
        return out

    # -- top level ---------------------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        end = len(text)
        while self.pos < end:
            pos = _skip(_WS, text, self.pos)
            if pos >= end:
                break
            char = text[pos]
            if char == "\n":
                self.pos = pos + 1
                continue
            self.pos = pos
            if char == "[":
                self._header()
            elif char != "#":
                self._key_value()
            # Whatever is left on the line is a comment or garbage; either way the next
            # statement can only start on the next line.
            newline = text.find("\n", self.pos)
            self.pos = end if newline < 0 else newline + 1

    def _header(self) -> None:
        text = self.text
        start = self.pos
        is_array = text.startswith("[[", start)
        self.pos = start + (2 if is_array else 1)
        keys = self._dotted_key()
        if keys is not None:
            self.pos = _skip(_WS, text, self.pos)
            closing = "]]" if is_array else "]"
            if text.startswith(closing, self.pos):
                self.pos += len(closing)
                self.table = self._apply_header(keys, start, is_array)
                return
        # Key/values after a header we could not read belong to an unknown table; recording
        # them under the previous table would point errors at the wrong place.
        self.table = None

    def _apply_header(
        self, keys: list[tuple[str, int]], start: int, is_array: bool
    ) -> Path_ | None:
        path: Path_ | None = ()
        last = len(keys) - 1
        for n, (name, _) in enumerate(keys):
            path = _child(path, name)
            if path is None:
                return None
            if n < last:
                self._define_implicit(path, start)
                count = self.aot_counts.get(path)
                if count:
                    path = _child(path, count - 1)
            else:
                self._define_header(path, start)
                if is_array:
                    index = self.aot_counts.get(path, 0)
                    self.aot_counts[path] = index + 1
                    path = _child(path, index)
                    if path is not None:
                        self._define_header(path, start)
        return path

    def _key_value(self) -> None:
        keys = self._dotted_key()
        if keys is None:
            return
        text = self.text
        pos = _skip(_WS, text, self.pos)
        if not text.startswith("=", pos):
            self.pos = pos
            return
        self.pos = pos + 1
        self._value(self._record_keys(self.table, keys))

    # -- pieces ------------------------------------------------------------------------------

    def _dotted_key(self) -> list[tuple[str, int]] | None:
        """Read ``a . "b" . 'c'`` as ``[(name, offset), ...]``; None if no key starts here."""
        text = self.text
        end = len(text)
        keys: list[tuple[str, int]] = []
        pos = self.pos
        while True:
            pos = _skip(_WS, text, pos)
            if pos >= end:
                return None
            char = text[pos]
            if char == '"':
                match = _BASIC.match(text, pos)
                if match is None:
                    return None
                name = _decode_escapes(match.group()[1:-1])
            elif char == "'":
                match = _LITERAL.match(text, pos)
                if match is None:
                    return None
                name = match.group()[1:-1]
            else:
                match = _BARE_KEY.match(text, pos)
                if match is None:
                    return None
                name = match.group()
            keys.append((name, pos))
            pos = _skip(_WS, text, match.end())
            if not text.startswith(".", pos):
                self.pos = pos
                return keys
            pos += 1

    def _record_keys(self, base: Path_ | None, keys: list[tuple[str, int]]) -> Path_ | None:
        path = base
        for name, offset in keys:
            path = _child(path, name)
            if path is None:
                return None
            self._define(path, offset)
        return path

    def _skip_string(self, pos: int) -> int:
        """Return the offset after the string at ``pos``, -1 if it is unterminated."""
        text = self.text
        if text.startswith('"""', pos):
            match = _ML_BASIC.match(text, pos)
            # An unterminated multi-line string swallows the rest of the document, exactly
            # as a TOML parser would see it; scanning its content for keys would invent them.
            return len(text) if match is None else match.end()
        if text.startswith("'''", pos):
            close = text.find("'''", pos + 3)
            if close < 0:
                return len(text)
            close += 3
            for _ in range(2):
                if text.startswith("'", close):
                    close += 1
            return close
        match = (_BASIC if text[pos] == '"' else _LITERAL).match(text, pos)
        return -1 if match is None else match.end()

    def _value(self, path: Path_ | None) -> None:
        """Scan one value, recording array elements and inline-table keys beneath ``path``.

        Nested arrays and inline tables are tracked on an explicit stack so that arbitrarily
        deep input cannot overflow the interpreter stack.
        """
        text = self.text
        end = len(text)
        stack: list[_Frame] = []
        target = path
        want_value = True
        pos = self.pos
        while True:
            if want_value:
                want_value = False
                pos = _skip(_WS, text, pos)
                if pos >= end:
                    break
                char = text[pos]
                if char in "[{":
                    if len(stack) >= MAX_DEPTH:
                        # Nothing this deep parses with tomllib; stop rather than grow.
                        pos = end
                        break
                    stack.append(_Frame(char == "[", target))
                    pos += 1
                elif char in "\"'":
                    after = self._skip_string(pos)
                    if after < 0:
                        break
                    pos = after
                else:
                    match = _SCALAR.match(text, pos)
                    if match is None:
                        break
                    pos = match.end()
                if not stack:
                    break
                continue

            frame = stack[-1]
            pos = _skip(_WS_NL, text, pos)
            if pos >= end:
                break
            char = text[pos]
            if char == ("]" if frame.is_array else "}"):
                stack.pop()
                pos += 1
                if not stack:
                    break
                continue
            if char == ",":
                if not frame.need_separator:
                    break
                frame.need_separator = False
                pos += 1
                continue
            if frame.need_separator:
                break
            frame.need_separator = True
            if frame.is_array:
                target = _child(frame.path, frame.index)
                frame.index += 1
                if target is not None:
                    self._define(target, pos)
            else:
                self.pos = pos
                keys = self._dotted_key()
                if keys is None:
                    break
                pos = _skip(_WS, text, self.pos)
                if not text.startswith("=", pos):
                    break
                pos += 1
                target = self._record_keys(frame.path, keys)
            want_value = True
        self.pos = pos
