"""Command-line values converted as Typer converts them, without building pydantic for it.

Typer (0.29) converts every option and argument through a pydantic ``TypeAdapter`` built for
that parameter on its first use. For ``rekisteri requests add`` that is pydantic's import and
a dozen adapters, about 60 ms of a 0.2 s command that otherwise needs no pydantic at all (the
request log is plain SQLite). Most values on a command line are text, a whole number, a path or
one of an enum's values, and Typer's own functions for paths and choices need no pydantic.

:func:`convert_plainly` gives each parameter of a command a converter that handles exactly
those values and hands everything else to Typer's own converter, built as before:

- a ``str`` that is text stays that text (as Typer's ``_parse_cli_str`` returns it);
- an ``int`` written as ASCII digits, with an optional sign, is that number when it is within
  the option's ``min`` and ``max``; any other spelling (``1_000``, `` 4``, ``1.5``), a number
  out of bounds and a ``clamp`` are Typer's to accept, refuse or clamp;
- an enum's value goes through Typer's ``coerce_cli_choice``; a value it refuses is Typer's to
  explain, with the message it always gives;
- a path goes through Typer's ``coerce_cli_path`` (``exists``, ``dir_okay``, ``resolve_path``
  and the rest) once it is a ``Path``, the one step Typer takes with pydantic;
- a missing value (None) of a single-valued parameter is None, as Typer's converter says.

Anything else (lists, tuples, files, dates, a custom parser, a value already
converted, any doubt) is converted by Typer itself. So a value is never converted differently
from how Typer would convert it, and a wrong value gets Typer's own message; a test compares
the two converters on every parameter of every command. Typer has no public way to choose the
converter: the parameter's ``_runtime_param`` is where Typer keeps the one it built. Should a
release keep it elsewhere, nothing is installed and Typer converts everything, only slower.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

_UNDECIDED = object()
_DIGITS = re.compile(r"[+-]?[0-9]{1,18}")


def convert_plainly(params: list[Any]) -> list[Any]:
    """Give each of a command's ``params`` the converter described in the module's docstring
    (those that have none yet); returns ``params``."""
    for param in params:
        if (
            getattr(param, "_runtime_param", _UNDECIDED) is None
            and getattr(param, "type_descriptor", None) is not None
            and callable(getattr(param, "get_runtime_param", None))
        ):
            param._runtime_param = PlainConversion(param)
    return params


class PlainConversion:
    """One parameter's converter: the plain cases here, the rest by Typer's own."""

    __slots__ = ("_param", "_typer")

    def __init__(self, param: Any) -> None:
        self._param = param
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            converted = self._plain(value, param, ctx)
        except Exception:  # Typer's converter decides, and explains a refusal
            converted = _UNDECIDED
        if converted is not _UNDECIDED:
            return converted
        return self.typer().coerce(value, param=param, ctx=ctx)

    def typer(self) -> Any:
        """Typer's own converter of the parameter, built on first use as Typer builds it."""
        if self._typer is None:
            param = self._param
            param._runtime_param = None
            try:
                self._typer = param.get_runtime_param()
            finally:
                param._runtime_param = self
        return self._typer

    def _plain(self, value: Any, param: Any, ctx: Any) -> Any:
        if param.multiple or param.nargs != 1:
            return _UNDECIDED
        if value is None:
            return None
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        kind = descriptor.annotation
        if descriptor.file_annotation is not None or info.parser is not None:
            return _UNDECIDED
        if isinstance(kind, type) and issubclass(kind, Enum) and isinstance(value, kind):
            return value  # a default, as Typer's coerce_cli_choice returns it
        if kind is Path and type(value) is type(Path()) and info.path_type is None:
            # A default: Typer's own checks of a path, which need no pydantic for a Path.
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
        if kind is int and type(value) is int:
            return _within(info, value)
        if type(value) is not str or not (value.isascii() or _unicode(value)):
            # A value Typer's converter is left to judge: another type, or text holding an
            # undecodable byte of the command line (a surrogate), which pydantic refuses.
            return _UNDECIDED
        if kind is str:
            return value
        if kind is int:
            return _within(info, int(value)) if _DIGITS.fullmatch(value) else _UNDECIDED
        if isinstance(kind, type) and issubclass(kind, Enum):
            # Typer's own choice matching (case, its normalising function), without pydantic.
            from typer._param_types import coerce_cli_choice

            return coerce_cli_choice(
                value, choices=tuple(kind), case_sensitive=info.case_sensitive, ctx=ctx
            )
        if kind is Path and info.path_type is None and value:
            # Typer's own checks of a path; given a Path, it converts nothing with pydantic.
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _UNDECIDED


def _within(info: Any, number: int) -> Any:
    """``number`` when it is within the option's bounds; else (or when Typer is to clamp it)
    Typer's to judge."""
    if info.clamp:
        return _UNDECIDED
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _UNDECIDED
    return number


def _unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
