"""Reading a register file: bytes → TOML → :class:`Register`, with errors a person can act on.

Every problem becomes a :class:`Diagnostic` carrying the file, the line and column of the
offending key (located in the source, since tomllib keeps no positions), the key path, the
message and a hint. All problems are reported at once, sorted by line.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rekisteri.base import ID_PATTERN
from rekisteri.checks import Problem, check_register
from rekisteri.errors import Diagnostic, Loc, RekisteriError, format_loc, nearest
from rekisteri.model import Register, iter_texts
from rekisteri.tomlpos import locate

# A register is a few kilobytes; a much larger file is a mistake (wrong file, a data dump) and
# parsing it would only delay the message.
MAX_BYTES = 1024 * 1024

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HINTS = {
    "Cannot overwrite a value": "a key or table is defined twice; keep one",
    "Cannot declare": "a table is declared twice; merge the two [tables]",
    "Invalid value": 'text values need quotes, e.g. name = "Tmi Terhi Kallio"',
    "Invalid statement": "each line must be key = value, [table] or [[array of tables]]",
    "Expected '=' after a key": "write key = value; keys with spaces or ä/ö need quotes",
    "Unclosed array": "close the array with ]",
    "Unterminated string": "close the string with the same quote it starts with",
    "Invalid initial character for a key part": "keys are letters, digits, '_' and '-'",
}


def load_register(path: Path | str) -> Register:
    """Read and validate the register description at ``path``.

    Raises :class:`RekisteriError` carrying every diagnostic when the file cannot be read or
    does not describe a valid register.
    """
    file = Path(path)
    return parse_register(read_text(file), file)


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
        data = file.read_bytes()
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
    if len(data) > MAX_BYTES:
        raise RekisteriError.at(name, "the text is larger than 1 MiB")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RekisteriError.at(
            name,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            line=line,
            column=column,
            hint="save the file as UTF-8 (e.g. convert from Latin-1 with iconv -f latin1 -t utf-8)",
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RekisteriError.at(
            name, "the file contains NUL bytes: it is not a text file", line=line
        )
    return text


def parse_register(text: str, file: Path | str = "<register>") -> Register:
    """Validate a register given as TOML text; ``file`` names it in diagnostics."""
    name = str(file)
    if not text.strip():
        raise RekisteriError.at(
            name, "the file is empty", hint="run 'rekisteri init' to write a starter register"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, name) from None
    except RecursionError:
        raise RekisteriError.at(
            name, "the TOML is nested too deeply to be a register description"
        ) from None
    return validate_data(data, text, name, file)


def validate_data(data: dict[str, Any], text: str, name: str, file: Path | str) -> Register:
    try:
        register = Register.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_from_pydantic(error) for error in exc.errors()]
        raise _located_error(problems, text, name) from None
    except RecursionError:
        raise RekisteriError.at(
            name, "the TOML is nested too deeply to be a register description"
        ) from None
    problems = check_register(register)
    if problems:
        raise _located_error(problems, text, name)
    for _, item in iter_texts(register):
        item.resolve(register.default_language)
    if isinstance(file, Path):
        register.source_path = file
    return register


def _syntax_error(exc: tomllib.TOMLDecodeError, name: str) -> RekisteriError:
    message = str(exc)
    line = column = None
    match = _TOML_POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()].strip()
    message = message.replace("(at end of document)", "at the end of the file").strip()
    hint = next((h for key, h in _TOML_HINTS.items() if message.startswith(key)), "")
    return RekisteriError.at(
        name, f"TOML syntax error: {message}", line=line, column=column, hint=hint
    )


def _located_error(problems: list[Problem], text: str, name: str) -> RekisteriError:
    positions = locate(text)
    diagnostics = []
    for problem in problems:
        line, column = _position(positions, problem.loc)
        diagnostics.append(
            Diagnostic(
                message=problem.message,
                file=name,
                line=line,
                column=column,
                path=format_loc(problem.loc),
                hint=problem.hint,
            )
        )
    diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0, d.path))
    count = len(diagnostics)
    summary = f"{name}: {count} problem{'s' if count != 1 else ''}"
    return RekisteriError(summary, tuple(diagnostics))


def _position(
    positions: dict[tuple[str | int, ...], tuple[int, int]], loc: Loc
) -> tuple[int | None, int | None]:
    """The position of the longest prefix of ``loc`` found in the source."""
    for end in range(len(loc), 0, -1):
        found = positions.get(tuple(loc[:end]))
        if found:
            return found
    return (1, 1)


# --- pydantic errors → problems ---------------------------------------------------------


def _problem_from_pydantic(error: Any) -> Problem:
    loc: Loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
    kind = error["type"]
    value = error.get("input")
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        guess = nearest(str(field), allowed)
        hint = f"did you mean '{guess}'? " if guess else ""
        hint += f"allowed keys here: {', '.join(allowed)}"
        return Problem(loc, f"unknown key '{field}'", hint)
    if kind == "missing":
        return Problem(
            loc,
            f"missing required key '{field}'",
            f"add {field} = … to {format_loc(loc[:-1]) or 'the top of the file'}",
        )
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        guess = nearest(str(value), allowed)
        hint = f"did you mean '{guess}'?" if guess else ""
        return Problem(loc, f"{value!r} is not one of {', '.join(allowed)}", hint)
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return Problem(
            loc,
            f"{value!r} is not a valid id",
            "ids use lowercase letters, digits, '_' and '-', and start with a letter",
        )
    if kind == "string_pattern_mismatch":
        return Problem(loc, f"{value!r} does not have the expected form", _pattern_hint(loc))
    if kind in ("too_short",) and isinstance(value, list):
        return Problem(loc, f"'{field}' needs at least one entry", "")
    if kind.startswith(
        (
            "string_type",
            "int_type",
            "bool_type",
            "list_type",
            "model_type",
            "date_type",
            "date_parsing",
            "date_from_datetime",
            "bool_parsing",
            "model_attributes_type",
            "dict_type",
        )
    ):
        return Problem(loc, f"{error['msg'].lower()}, got {_describe(value)}", "")
    return Problem(loc, str(error["msg"]), "")


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
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"{type(value).__name__} {value!r}"


def _allowed_keys(loc: Loc) -> list[str]:
    """Field names of the model found at ``loc``, walking the Register's annotations."""
    model: Any = Register
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _unwrap(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...] or list[...], if there is one."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation
