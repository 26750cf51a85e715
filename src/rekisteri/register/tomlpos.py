"""Source positions for keys in a TOML document.

``tomllib`` returns plain dicts and forgets where anything came from, but a validation error is
only useful to a person if it says *where* in their file the problem is. :func:`locate` is a
small, forgiving scanner that walks the TOML text once and records the 1-based ``(line, column)``
of every key path, using the same path shape as the parsed dict (strings for table keys, ints
for array indices), so a pydantic ``loc`` tuple can be looked up directly.

The scanner is deliberately not a validator: it never raises, and on malformed input it keeps
whatever it found, skipping the rest of a broken line. A single regular expression splits the
text into tokens (strings and comments included, so nothing inside them is mistaken for
structure) and a flat state machine with an explicit stack consumes them, so the work is linear
in the input and hostile nesting cannot exhaust the interpreter stack.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping

__all__ = ["Path_", "SourceMap", "locate", "position_of"]

Path_ = tuple[str | int, ...]
_Position = tuple[int, int]
SourceMap = dict[Path_, _Position]
"""Where each key path of a document is: 1-based (line, column)."""

# ``tomllib`` recurses once per nesting level and gives up (RecursionError) well before 500
# levels, so nothing deeper can ever appear in a parsed document; capping here bounds both the
# work per key (paths are tuples, copied on extension) and the size of the result.
MAX_DEPTH = 512

_TOKEN = re.compile(
    r"""
    [ \t\r]*+
    (?:
        (\n)
      | (\#[^\n]*+)
      # Up to two quotes may precede the closing delimiter as content. Matching the first
      # unescaped run of three and then up to two more quotes ends at the same place.
      | ("{3}(?:[^"\\]++|\\[\s\S]|"(?!""))*+"{3}"{0,2})
      | ('{3}[\s\S]*?'{3}'{0,2})
      # Only reached when the two above failed: the string runs to the end of the document.
      | ("{3}|'{3})
      | ("(?:[^"\\\n]++|\\.)*+")
      | ('[^'\n]*+')
      # An unterminated one-line string swallows its line, so that its content is not
      # rescanned for further quotes (which would make malformed input quadratic).
      | (["'][^\n]*+)
      # Bare keys, and the pieces of numbers, booleans and dates; "." is punctuation so that
      # dotted keys split, and scalars are glued back together by the state machine.
      | ([A-Za-z0-9_+:-]++)
      | (\[\[|\]\]|[\[\]{},=.])
      | ([^\n])
      | (\Z)
    )
    """,
    re.VERBOSE,
)
(
    _T_NEWLINE,
    _T_COMMENT,
    _T_ML_BASIC,
    _T_ML_LITERAL,
    _T_UNTERMINATED_ML,
    _T_BASIC,
    _T_LITERAL,
    _T_UNTERMINATED,
    _T_BARE,
    _T_PUNCT,
    _T_OTHER,
    _T_END,
) = range(1, 13)
_T_STOP = frozenset((_T_UNTERMINATED_ML, _T_END))
_SCALAR_TOKENS = frozenset((_T_ML_BASIC, _T_ML_LITERAL, _T_BASIC, _T_LITERAL, _T_BARE))

# Parser states, named after what the next token is expected to be.
_LINE = 0  # a statement: key, "[" or "[["
_HEADER_KEY = 1  # a key inside a table header
_HEADER_NEXT = 2  # "." or the closing bracket of a header
_KEY = 3  # a key after a "." in a key/value pair
_KEY_NEXT = 4  # "." or "="
_VALUE = 5  # a value
_ITEM = 6  # an array element or "]"
_ENTRY = 7  # an inline-table key or "}"
_NEXT = 8  # "," or the closing bracket after a value inside an array or inline table
_END = 9  # nothing but a comment before the end of the line
_SKIP = 10  # the line is malformed; ignore it up to its end

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


def locate(source: str) -> SourceMap:
    """Map every key path in a TOML document to the 1-based (line, column) where it is defined.

    Table keys are located at the start of the key token (the quote for a quoted key), array
    elements at the start of the element value, and tables declared by ``[header]`` or
    ``[[header]]`` lines at the opening bracket. Columns count code points. Never raises; for
    malformed input the positions found before the scanner lost track are returned.
    """
    scanner = _Scanner()
    # Positions only decorate error messages; losing some must never turn a validation error
    # into a crash, so even an unforeseen bug in the scanner degrades to partial results.
    with contextlib.suppress(Exception):
        scanner.scan(source)
    return scanner.positions


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


def _key_name(kind: int, token: str) -> str | None:
    if kind == _T_BARE:
        return token
    if kind == _T_BASIC:
        return _decode_escapes(token[1:-1])
    if kind == _T_LITERAL:
        return token[1:-1]
    return None


def _child(path: Path_ | None, key: str | int) -> Path_ | None:
    """Extend ``path``, or give up (None) once it is deeper than anything tomllib can parse."""
    if path is None or len(path) >= MAX_DEPTH:
        return None
    return (*path, key)


class _Frame:
    """An open array or inline table whose items are still being scanned."""

    __slots__ = ("index", "is_array", "path")

    def __init__(self, is_array: bool, path: Path_ | None) -> None:
        self.is_array = is_array
        # None means "too deep or under a broken header": keep scanning, record nothing.
        self.path = path
        self.index = 0


class _Scanner:
    def __init__(self) -> None:
        self.positions: dict[Path_, _Position] = {}
        # Tables that so far only exist because a deeper header mentioned them; their own
        # header, if it comes later, is the better place to point at.
        self.implicit: set[Path_] = set()
        # Number of elements per array of tables, keyed by its concrete path, so that
        # ``[a.b]`` after ``[[a]]`` resolves to the last element of ``a``.
        self.aot_counts: dict[Path_, int] = {}

    # -- recording ---------------------------------------------------------------------------

    def _define(self, path: Path_, position: _Position) -> None:
        if path not in self.positions:
            self.positions[path] = position

    def _define_implicit(self, path: Path_, position: _Position) -> None:
        if path not in self.positions:
            self.positions[path] = position
            self.implicit.add(path)

    def _define_header(self, path: Path_, position: _Position) -> None:
        if path not in self.positions or path in self.implicit:
            self.positions[path] = position
            self.implicit.discard(path)

    def _apply_header(self, keys: list[str], position: _Position, is_array: bool) -> Path_ | None:
        """Record a ``[header]`` or ``[[header]]`` and return the table it opens."""
        path: Path_ | None = ()
        last = len(keys) - 1
        for n, name in enumerate(keys):
            path = _child(path, name)
            if path is None:
                return None
            if n < last:
                self._define_implicit(path, position)
                count = self.aot_counts.get(path)
                if count:
                    path = _child(path, count - 1)
            else:
                self._define_header(path, position)
                if is_array:
                    index = self.aot_counts.get(path, 0)
                    self.aot_counts[path] = index + 1
                    path = _child(path, index)
                    if path is not None:
                        self._define_header(path, position)
        return path

    # -- scanning ----------------------------------------------------------------------------

    def scan(self, source: str) -> None:
        # The BOM is not part of the first line as far as a reader of the file is concerned.
        text = source[1:] if source.startswith("\ufeff") else source
        positions = self.positions
        table: Path_ | None = ()
        stack: list[_Frame] = []
        state = _LINE
        line, line_start = 1, 0
        # The path of the key or element being read; key segments are recorded as they
        # arrive, which for valid TOML is the same as recording them at the "=".
        target: Path_ | None = None
        header_keys: list[str] = []
        header_is_array = False
        header_at: _Position = (1, 1)
        # Numbers and dates arrive as several tokens ("1" "." "5", or a date and a time
        # separated by a space); everything after the first piece is glued on.
        after_scalar = False

        for match in _TOKEN.finditer(text):
            kind = match.lastindex or _T_END
            if kind == _T_NEWLINE:
                line += 1
                line_start = match.end()
                if stack:
                    # Arrays (and, leniently, inline tables) may span lines.
                    continue
                if state in (_HEADER_KEY, _HEADER_NEXT):
                    table = None
                state = _LINE
                after_scalar = False
                continue
            if kind == _T_COMMENT:
                continue
            if kind in _T_STOP:
                break
            pos = match.start(kind)
            token = match[kind]
            at_line = line
            column = pos - line_start + 1
            if kind <= _T_ML_LITERAL:
                breaks = token.count("\n")
                if breaks:
                    line += breaks
                    line_start = pos + token.rfind("\n") + 1
            if state == _SKIP:
                continue

            if after_scalar:
                if token == "." or kind == _T_BARE:
                    continue
                after_scalar = False

            if state == _KEY_NEXT:
                if token == "=":
                    state = _VALUE
                elif token == ".":
                    state = _KEY
                else:
                    stack.clear()
                    state = _SKIP
                continue

            if state in (_LINE, _KEY, _ENTRY):
                if state == _LINE:
                    if token == "[" or token == "[[":
                        header_is_array = token == "[["
                        header_at = (at_line, column)
                        header_keys = []
                        state = _HEADER_KEY
                        continue
                    target = table
                elif state == _ENTRY:
                    if token == "}":
                        stack.pop()
                        state = _NEXT if stack else _END
                        continue
                    target = stack[-1].path
                name = _key_name(kind, token)
                if name is None:
                    stack.clear()
                    state = _SKIP
                    continue
                if target is not None and len(target) < MAX_DEPTH:
                    target = (*target, name)
                    if target not in positions:
                        positions[target] = (at_line, column)
                else:
                    target = None
                state = _KEY_NEXT
                continue

            if state in (_NEXT, _END):
                if state == _END:
                    state = _SKIP
                    continue
                if token == ",":
                    state = _ITEM if stack[-1].is_array else _ENTRY
                    continue
                if token == "]" or token == "]]" or token == "}":
                    # "]]" here is not an array-of-tables bracket but two closing brackets.
                    for char in token:
                        if not stack or (char == "]") != stack[-1].is_array:
                            stack.clear()
                            state = _SKIP
                            break
                        stack.pop()
                        state = _NEXT if stack else _END
                    continue
                stack.clear()
                state = _SKIP
                continue

            if state == _ITEM:
                frame = stack[-1]
                if token == "]" or token == "]]":
                    for _ in token:
                        if not stack or not stack[-1].is_array:
                            stack.clear()
                            state = _SKIP
                            break
                        stack.pop()
                        state = _NEXT if stack else _END
                    continue
                # This token starts an element; read it as a value below.
                target = frame.path
                if target is not None and len(target) < MAX_DEPTH:
                    target = (*target, frame.index)
                    if target not in positions:
                        positions[target] = (at_line, column)
                else:
                    target = None
                frame.index += 1
                state = _VALUE

            if state == _VALUE:
                if kind in _SCALAR_TOKENS:
                    after_scalar = kind == _T_BARE
                    state = _NEXT if stack else _END
                elif token == "[" or token == "[[" or token == "{":
                    if len(stack) + len(token) > MAX_DEPTH:
                        stack.clear()
                        state = _SKIP
                        continue
                    stack.append(_Frame(token != "{", target))
                    if token == "[[":
                        # Two nested arrays; the inner one is element 0 of the outer one.
                        stack[-1].index = 1
                        target = _child(target, 0)
                        if target is not None:
                            self._define(target, (at_line, column + 1))
                        stack.append(_Frame(True, target))
                    state = _ENTRY if token == "{" else _ITEM
                else:
                    stack.clear()
                    state = _SKIP
                continue

            if state == _HEADER_KEY:
                name = _key_name(kind, token)
                if name is None:
                    # Keys after an unreadable header belong to an unknown table; recording
                    # them under the previous one would point at the wrong place.
                    table = None
                    state = _SKIP
                else:
                    header_keys.append(name)
                    state = _HEADER_NEXT
                continue

            # _HEADER_NEXT
            if token == ".":
                state = _HEADER_KEY
            elif token == ("]]" if header_is_array else "]"):
                table = self._apply_header(header_keys, header_at, header_is_array)
                state = _END
            else:
                table = None
                state = _SKIP


def position_of(
    positions: Mapping[Path_, _Position] | None, loc: Path_
) -> tuple[int | None, int | None]:
    """Where ``loc`` is, or the longest prefix of it that is in the source.

    A problem about a missing key points at the table it belongs in, one about a missing
    top-level section at the start of the file; without a source (None) there is no line.
    """
    if positions is None:
        return None, None
    for end in range(len(loc), 0, -1):
        found = positions.get(tuple(loc[:end]))
        if found:
            return found
    return 1, 1
