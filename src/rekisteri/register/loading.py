"""Reading a register file: bytes → TOML → :class:`Register`, with errors a person can act on.

Every problem becomes a :class:`Diagnostic` carrying the file, the line and column of the
offending key (located in the source, since tomllib keeps no positions), the key path, the
message and a hint. All problems are reported at once, sorted by line.

The file is read once: the key positions found while validating stay on the loaded
:class:`Register` (:meth:`Register.position_of`), and every later message about a key — a logo,
the store mapping, a lint finding, a warning — takes its line from there.
"""

from __future__ import annotations

import datetime
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rekisteri.errors import Diagnostic, Loc, RekisteriError, format_loc, nearest
from rekisteri.register.base import ID_PATTERN
from rekisteri.register.checks import Problem, check_register, store_warnings
from rekisteri.register.dpv import PD_LIST_URL
from rekisteri.register.languages import language_problems
from rekisteri.register.model import LANGUAGES, SCHEMA_VERSION, Register, iter_texts
from rekisteri.register.tomlpos import SourceMap, locate, position_of

# A register is a few kilobytes; a much larger file is a mistake (wrong file, a data dump) and
# parsing it would only delay the message.
MAX_BYTES = 1024 * 1024

_LONG_NUMBER = re.compile(r"\d[\d_]{4300,}")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HINTS = {
    "Cannot overwrite a value": "a key or table is defined twice; keep one",
    "Cannot declare": "a table is declared twice; merge the two [tables]",
    "Invalid value": 'text values need quotes, e.g. name = "Tmi Terhi Kallio"',
    "Invalid statement": "each line must be key = value, [table] or [[array of tables]]",
    "Expected '=' after a key": "write key = value; keys with spaces or ä/ö need quotes",
    "Unclosed array": "close the array with ]",
    "Unterminated string": "close the string with the same quote it starts with",
    "Illegal character '\\n'": 'a "…" string ends on its own line; close it, or use """…""" for '
    "several lines",
    "Cannot mutate immutable namespace": "a { … } table or [ … ] array is complete where it is "
    "written; add the key inside it",
    "Cannot redefine namespace": "this name is already a [table]; add the key in that section",
    "Invalid initial character for a key part": "keys are letters, digits, '_' and '-'",
}


class EmptyRegister(RekisteriError):
    """The register file holds nothing: a new file, most likely, that a starter register fills."""


class OldVersion(RekisteriError):
    """The file is written in version 1 of the register format, which a migration rewrites."""


def _check_version(data: dict[str, Any], positions: SourceMap, name: str) -> None:
    """Refuse a version-1 file before validating it: its errors would all be about the format.

    Version 1 let absent sections speak (no transfers read as "none are made"); read as
    version 2 the same file would silently say less, so it is never read as version 2.
    """
    version = data.get("schema_version")
    # A file of comments only is no register of either version: say what it lacks.
    if version == SCHEMA_VERSION or not data:
        return
    if version is None or version == 1:
        raise OldVersion.at(
            name,
            "this register is written in version 1 of the register format; version 2 says "
            "only what the file states, so a version-1 file is not read as version 2",
            line=1,
            hint="migrate it to version 2: the migration makes explicit what version 1 assumed",
        )
    line, column = position_of(positions, ("schema_version",))
    raise RekisteriError.at(
        name,
        f"schema_version {version!r} is not a version this rekisteri reads",
        line=line,
        column=column,
        path="schema_version",
        hint=f"write schema_version = {SCHEMA_VERSION}",
    )


def load_register(path: Path | str, *, templates: Path | None = None) -> Register:
    """Read and validate the register description at ``path``.

    ``templates`` is a user's template folder: its catalogs add the languages rekisteri does
    not ship (see :mod:`rekisteri.register.languages`).

    Raises :class:`RekisteriError` carrying every diagnostic when the file cannot be read or
    does not describe a valid register.
    """
    file = Path(path)
    return parse_register(read_text(file), file, templates=templates)


def read_text(file: Path) -> str:
    """The file's text, refusing what is not a readable UTF-8 register-sized file."""
    name = str(file)
    try:
        if file.is_dir():
            tomls = sorted(p.name for p in file.glob("*.toml"))
            hint = f"register files in it: {', '.join(tomls)}" if tomls else "give a .toml file"
            raise RekisteriError.at(name, "is a folder, not a register file", hint=hint)
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise RekisteriError.at(
                name,
                f"the file is {size / 1048576:.1f} MiB; a register description is at most 1 MiB",
                hint="check that this is the register's TOML file",
            )
        # Read at most one byte past the limit: a device such as /dev/zero or a growing log
        # reports a small size but never ends.
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        siblings = [p.name for p in file.parent.glob("*.toml")] if file.parent.is_dir() else []
        guess = nearest(file.name, siblings)
        raise RekisteriError.at(
            name,
            "no such file",
            hint=f"did you mean '{file.parent / guess}'?" if guess else "check the path",
        ) from None
    except PermissionError:
        raise RekisteriError.at(
            name, "permission denied", hint="check the file's permissions"
        ) from None
    except OSError as exc:
        raise RekisteriError.at(name, f"cannot read the file: {exc.strerror or exc}") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """The register's text from raw bytes: UTF-8, an optional BOM, no NUL bytes."""
    if len(data) > MAX_BYTES:
        raise RekisteriError.at(
            name,
            "the file is larger than 1 MiB; a register description is a few kilobytes",
            hint="check that this is the register's TOML file",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise RekisteriError.at(
            name,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            line=line,
            column=column,
            hint="save the file as UTF-8 (e.g. convert from Latin-1 with iconv -f latin1 -t utf-8)",
        ) from None
    if "\x00" in text:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise RekisteriError.at(
            name,
            "the file contains NUL bytes: it is not a text file",
            line=line,
            column=column,
            hint="check that this is the register's TOML file, saved as plain UTF-8 text",
        )
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def parse_register(
    text: str, file: Path | str = "<register>", *, templates: Path | None = None
) -> Register:
    """Validate a register given as TOML text; ``file`` names it in diagnostics; ``templates``
    as for :func:`load_register`."""
    name = str(file)
    # decode() strips a BOM from bytes; text from elsewhere (an editor buffer) may still have one.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EmptyRegister.at(name, "the file is empty", hint="start from a starter register")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(exc, text, name) from None
    except RecursionError:
        raise _too_deep(name) from None
    except ValueError:
        # tomllib lets Python's limit on integer digits (4300) escape as a bare ValueError.
        match = _LONG_NUMBER.search(text)
        line, column = _text_position(text, match.start()) if match else (None, None)
        raise RekisteriError.at(
            name,
            "a number is too long to be read",
            line=line,
            column=column,
            hint="numbers have at most 4300 digits; put long codes in quotes",
        ) from None
    return validate_data(data, text, name, file, templates=templates)


def validate_data(
    data: dict[str, Any],
    text: str,
    name: str,
    file: Path | str,
    *,
    templates: Path | None = None,
) -> Register:
    # One scan of the text serves both the errors below and, on success, every later message.
    positions = locate(text)
    _check_version(data, positions, name)
    try:
        register = Register.model_validate(data)
    except ValidationError as exc:
        errors = _one_branch(exc.errors())
        problems = [_problem_from_pydantic(error, data) for error in errors]
        raise _located_error(problems, positions, name) from None
    except RecursionError:
        raise _too_deep(name) from None
    unusable = language_problems(register.languages, templates)
    problems = [
        *check_register(register, frozenset(unusable)),
        *(problem for found in unusable.values() for problem in found),
    ]
    if problems:
        raise _located_error(problems, positions, name)
    for _, item in iter_texts(register):
        item.resolve(register.default_language)
    register.checked_with(templates)
    if isinstance(file, Path):
        # Only a register read from a file has lines; text given under a name (an editor
        # buffer) keeps naming itself "<register>", as it always has.
        register.loaded_from(file, positions)
    return register


def _one_branch(errors: list[Any]) -> list[Any]:
    """The errors of the branch a value was meant for, where a key takes a table or a word.

    A three-state section takes its tables or the word "none" (rights take "derive", the
    complaint route "fi-ombudsman"); pydantic reports every branch that failed. A table or a
    list was meant as the facts, so the word's complaint goes; a string was meant as the word,
    so the complaints that it is no list or table go.
    """
    words = {
        tuple(e["loc"][:-1])
        for e in errors
        if e["type"] in _WORD_ERRORS and isinstance(e.get("input"), str)
    }

    def other_branch_failed(error: Any) -> bool:
        parent = tuple(error["loc"][:-1])
        return any(
            e is not error
            and tuple(e["loc"][: len(parent)]) == parent
            and (e["type"] not in _WORD_ERRORS or len(e["loc"]) > len(error["loc"]))
            for e in errors
        )

    def meant(error: Any) -> bool:
        if error["type"] in _WORD_ERRORS and not isinstance(error.get("input"), str):
            return not other_branch_failed(error)
        if error["type"] in _SHAPE_ERRORS and isinstance(error.get("input"), str):
            return tuple(error["loc"][:-1]) not in words
        return True

    return [error for error in errors if meant(error)] or errors


_SHAPE_ERRORS = {"list_type", "model_type", "model_attributes_type", "dict_type"}
_WORD_ERRORS = {"literal_error", "enum"}


def _too_deep(name: str) -> RekisteriError:
    return RekisteriError.at(
        name,
        "the TOML is nested too deeply to be a register description",
        hint="a register nests tables and arrays only a few levels deep; check for unclosed [ or {",
    )


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def syntax_error(exc: tomllib.TOMLDecodeError, text: str, name: str) -> RekisteriError:
    """A TOML syntax error located and explained, for any reader of a register's text."""
    message = str(exc)
    line = column = None
    match = _TOML_POSITION.search(message)
    # Python 3.14 gives the position as attributes; the message text is read only before it.
    msg, lineno, colno, pos = (getattr(exc, a, None) for a in ("msg", "lineno", "colno", "pos"))
    at_end = (isinstance(pos, int) and pos >= len(text)) or "(at end of document)" in message
    if isinstance(msg, str) and isinstance(lineno, int) and isinstance(colno, int) and not at_end:
        message, line, column = msg, lineno, colno
    elif match and not at_end:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()].strip()
    elif at_end:
        message = msg if isinstance(msg, str) else message.replace("(at end of document)", "")
        message = message.strip() + " at the end of the file"
        # Point just after the last thing written, not at an empty line an editor hides.
        lines = text.rstrip().split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    if line is not None and message.startswith(_DUPLICATE_ERRORS):
        duplicate = _duplicate_definition(message, text, line, column)
        if duplicate is not None:
            return RekisteriError.at(name, **duplicate)
    hint = next((h for key, h in _TOML_HINTS.items() if message.startswith(key)), "")
    return RekisteriError.at(
        name, f"TOML syntax error: {message}", line=line, column=column, hint=hint
    )


_DUPLICATE_ERRORS = ("Cannot overwrite a value", "Cannot declare", "Duplicate inline table key")
_HEADER_LINE = re.compile(r"[ \t]*\[")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_KEY_AT_LINE_START = re.compile(rf"[ \t]*({_DOTTED_KEY})[ \t]*=")
_HEADER_KEY = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED_KEY})[ \t]*\]")


def _duplicate_definition(
    message: str, text: str, line: int, column: int | None
) -> dict[str, Any] | None:
    """Name the key or table defined twice and where it was first defined.

    tomllib only says "Cannot overwrite a value" at the end of the second definition; a person
    needs the name and both places. The first definition is the closest earlier one of the same
    name in the same [section] (the position index keeps first definitions only).
    """
    lines = text.split("\n")
    if line > len(lines):
        return None
    source_line = lines[line - 1]
    positions = locate(text)
    section_start = next((n for n in range(line - 1, 0, -1) if _HEADER_LINE.match(lines[n - 1])), 1)
    if _HEADER_LINE.match(source_line):
        path = _earliest_header(positions, source_line, line)
        if path is None:
            return None
        first = positions[path][0]
        header = ".".join(str(part) for part in path if isinstance(part, str))
        return {
            "message": f"[{header}] is defined twice (first on line {first})",
            "line": line,
            "column": source_line.index("[") + 1,
            "path": format_loc(path),
            "hint": f"merge the two into one [{header}] section"
            if message.startswith("Cannot declare")
            else "a table and a key cannot have the same name; rename or merge them",
        }
    if message.startswith("Duplicate inline table key"):
        name = message.split("key", 1)[1].strip().strip("'\"")
        return {
            "message": f"'{name}' appears twice in the same {{ … }} table",
            "line": line,
            "column": column,
            "hint": "keep one of the two",
        }
    match = _KEY_AT_LINE_START.match(source_line)
    if match is None:
        return None
    key = tuple(_unquote(part) for part in _split_dotted(match.group(1)))
    candidates = [
        (position, path)
        for path, position in positions.items()
        if path[-len(key) :] == key and section_start <= position[0] < line
    ]
    if not candidates:
        return None
    (first, _), path = max(candidates)
    shown = ".".join(key)
    return {
        "message": f"'{shown}' is defined twice (first on line {first})",
        "line": line,
        "column": match.start(1) + 1,
        "path": format_loc(path),
        "hint": "keep one of the two definitions",
    }


def _earliest_header(
    positions: dict[tuple[str | int, ...], tuple[int, int]], source_line: str, line: int
) -> tuple[str | int, ...] | None:
    """The earlier definition of the table a ``[header]`` line declares again."""
    match = _HEADER_KEY.match(source_line)
    if match is None:
        return None
    key = tuple(_unquote(part) for part in _split_dotted(match.group(1)))
    found = [
        path
        for path, position in positions.items()
        if tuple(p for p in path if isinstance(p, str)) == key and position[0] < line
    ]
    # Under an array of tables the clash is with its latest element.
    return max(found, key=lambda p: positions[p]) if found else None


def _split_dotted(key: str) -> list[str]:
    return [part.strip() for part in re.findall(_KEY_PART, key)]


def _unquote(part: str) -> str:
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def locate_problems(
    problems: list[Problem],
    positions: Mapping[tuple[str | int, ...], tuple[int, int]] | None,
    name: str,
    severity: str = "error",
) -> list[Diagnostic]:
    """Tie problems to lines of the source, sorted by line."""
    diagnostics = []
    for problem in problems:
        line, column = position_of(positions, problem.loc)
        diagnostics.append(
            Diagnostic(
                message=problem.message,
                file=name,
                line=line,
                column=column,
                path=format_loc(problem.loc),
                hint=problem.hint,
                severity=severity,
            )
        )
    diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0, d.path))
    return diagnostics


def located_error(
    register: Register, loc: tuple[str | int, ...], message: str, hint: str = ""
) -> RekisteriError:
    """One error at the line of ``loc`` in the register's file (without a line if it has none)."""
    (diagnostic,) = located_problems(register, [Problem(loc, message, hint)])
    return RekisteriError(str(diagnostic), (diagnostic,))


def located_problems(
    register: Register, problems: list[Problem], severity: str = "error"
) -> list[Diagnostic]:
    """``problems`` of a loaded register, at the lines its file had when it was loaded."""
    return locate_problems(problems, register.source_map, register.source_name, severity)


def register_warnings(register: Register, gettext: Callable[[str], str] = str) -> list[Diagnostic]:
    """What a valid register should still fix: data categories the store mapping omits;
    written with ``gettext``, the "status" catalog of the reader's language."""
    problems = store_warnings(register, gettext)
    if not problems:
        return []
    return located_problems(register, problems, severity="warning")


def _located_error(problems: list[Problem], positions: SourceMap, name: str) -> RekisteriError:
    diagnostics = locate_problems(problems, positions, name)
    count = len(diagnostics)
    summary = f"{name}: {count} problem{'s' if count != 1 else ''}"
    return RekisteriError(summary, tuple(diagnostics))


# --- pydantic errors → problems ---------------------------------------------------------


def _key_path(data: Any, raw: tuple[Any, ...], names_a_key: bool) -> Loc:
    """The part of pydantic's ``loc`` that names keys of the TOML data.

    For a union type pydantic adds the member that failed ('constrained-str', 'list[...]'):
    a person never wrote that, so it is dropped. For a missing or unknown key
    (``names_a_key``) the last element is kept although it is not in the data.
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(raw):
        last = index == len(raw) - 1
        in_table = isinstance(current, dict) and part in current
        in_array = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_table or in_array:
            current = current[part]
        elif not (last and names_a_key and isinstance(part, str | int)):
            continue
        path.append(part)
    return tuple(path)


def _problem_from_pydantic(error: Any, data: Any) -> Problem:
    loc: Loc = _key_path(data, tuple(error["loc"]), error["type"] in ("missing", "extra_forbidden"))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        guess = nearest(str(field), allowed)
        hint = f"did you mean '{guess}'? " if guess else ""
        hint += f"allowed keys here: {', '.join(allowed)}" if allowed else "remove it"
        return Problem(loc, f"unknown key '{field}'", hint.strip())
    if kind == "missing":
        return Problem(loc, f"missing required key '{field}'", _missing_hint(loc))
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if allowed == ["none"]:
            return Problem(
                loc,
                f'{value!r} is neither the facts of {field} nor "none"',
                f'describe them in [{field}] (or [[{field}]]), write {field} = "none" to state '
                "that there are none, or leave the key out when the notice does not say",
            )
        guess = nearest(str(value), allowed)
        hint = f"did you mean '{guess}'?" if guess else ""
        return Problem(loc, f"{value!r} is not one of {', '.join(allowed)}", hint)
    if kind == "unknown_language":
        # Point at the language key itself, not at the whole text table.
        key = str(ctx.get("key", ""))
        guess = nearest(key, LANGUAGES)
        hint = f"did you mean '{guess}'? " if guess else ""
        return Problem(
            (*loc, key),
            f"'{key}' is not a language code",
            hint + f"texts are keyed by ISO 639 language codes such as {', '.join(LANGUAGES)}",
        )
    if kind == "dpv_term":
        guess = str(ctx.get("suggestion", ""))
        hint = f"did you mean '{guess}'? " if guess else ""
        return Problem(loc, str(error["msg"]), hint + f"the terms are listed at {PD_LIST_URL}")
    if kind in ("text_type", "empty_text") and "key" in ctx:
        return Problem((*loc, str(ctx["key"])), str(error["msg"]), "")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return Problem(
            loc,
            f"{value!r} is not a valid id",
            "ids use lowercase letters, digits, '_' and '-', and start with a letter",
        )
    if kind == "string_pattern_mismatch":
        return Problem(loc, f"{value!r} does not have the expected form", _pattern_hint(loc))
    if kind == "too_short" and isinstance(value, list):
        return Problem(loc, f"'{field}' needs at least one entry", _missing_hint(loc))
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        if least > 1:
            return Problem(loc, f"'{field}' is too short: write at least {least} characters", "")
        return Problem(loc, f"'{field}' must not be empty", "")
    if kind == "string_too_long":
        return Problem(
            loc, f"'{field}' is too long (at most {ctx.get('max_length')} characters)", ""
        )
    expected = next((text for prefix, text in _EXPECTED if kind.startswith(prefix)), None)
    if expected is not None:
        return Problem(loc, f"expected {expected}, got {_describe(value)}", _type_hint(loc, kind))
    return Problem(loc, str(error["msg"]), "")


# What a person writes in TOML for each kind of pydantic type error.
_EXPECTED = (
    ("string_", "text in quotes"),
    ("int_", "a whole number"),
    ("bool_", "true or false"),
    ("list_", "an array"),
    ("model_", "a table"),
    ("dict_", "a table"),
    ("date_", "a date like 2024-01-15"),
)


def _type_hint(loc: Loc, kind: str) -> str:
    dotted = ".".join(str(part) for part in loc if isinstance(part, str))
    if kind.startswith("string_"):
        return f'write {loc[-1]} = "…"' if loc and isinstance(loc[-1], str) else 'write "…"'
    if kind.startswith(("model_", "dict_")):
        return f"write it as a [{dotted}] section or as {{ key = value, … }}"
    if kind.startswith("list_"):
        if _is_model(_unwrap(_annotation_at(loc))):
            return f"write each entry as a [[{dotted}]] section"
        return 'write an array, e.g. ["first", "second"]'
    return ""


def _missing_hint(loc: Loc) -> str:
    field = loc[-1] if loc else ""
    dotted = ".".join(str(part) for part in loc if isinstance(part, str))
    annotation = _annotation_at(loc)
    if _is_model(_unwrap(annotation)):
        if typing.get_origin(annotation) is list:
            return f"add a [[{dotted}]] section"
        return f"add a [{dotted}] section"
    return f"add {field} = … to {format_loc(loc[:-1]) or 'the top of the file'}"


def _pattern_hint(loc: Loc) -> str:
    field = loc[-1] if loc else ""
    return {
        "country": "use a two-letter ISO country code such as FI, SE or US",
        "website": "write the full address, e.g. https://example.fi",
        "slug": "use lowercase letters, digits, '_' and '-'",
    }.get(str(field), "")


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, datetime.time):
        return f"the time {value.isoformat()}"
    return type(value).__name__


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _annotation_at(loc: Loc) -> Any:
    """The type annotation of the field at ``loc``, walking the Register's fields."""
    annotation: Any = Register
    for part in loc:
        if isinstance(part, int):
            continue
        mapping = _mapping_values(annotation)
        if mapping is not None:
            # A key of a dict[str, ...] field is a name the user chose, not a field.
            annotation = mapping
            continue
        model = _unwrap(annotation)
        if not _is_model(model):
            return None
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        annotation = field.annotation
    return annotation


def _allowed_keys(loc: Loc) -> list[str]:
    """Field names of the table found at ``loc``."""
    model = _unwrap(_annotation_at(loc))
    if not _is_model(model):
        return []
    # A key the file writes under another name than the field's ('while', a Python keyword).
    return [info.alias or name for name, info in model.model_fields.items()]


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...], list[...] or dict[str, ...], if there is one."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if _is_model(inner):
                return inner
    return annotation


def _mapping_values(annotation: Any) -> Any:
    """The value type of a dict[str, ...] field (also inside Optional), else None."""
    if typing.get_origin(annotation) is dict:
        return typing.get_args(annotation)[-1]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is dict:
                return typing.get_args(arg)[-1]
    return None
