"""rekisteri.cli.coercion: command-line values converted as Typer converts them, without
pydantic; every parameter of every command against Typer's own converter."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main

from command_probe import example_register, loaded
from rekisteri.cli import app
from rekisteri.cli.coercion import _UNDECIDED, PlainConversion, convert_plainly

SAMPLES: list[Any] = [
    *("x", "", "Aino Virtanen", "ä ö", "x\udcff", "a\x00b"),
    *("12", "+5", "-3", "007", "0", "1", "2", "3", "31", "32", "1_000", " 4", "1.5", "9" * 20),
    *("fi", "FI", "json", "JSON", "text", "access", "Access", "answered", "nope", "Sms"),
    *("register.toml", "out", "./register.toml", "-", ".", "/nonexistent/x", "missing.toml"),
    None,
]


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


def _outcome(convert: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        return ("value", type(value := convert()), value)
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc))


def _conversions() -> Iterator[tuple[str, Any, Any, PlainConversion]]:
    root = typer.main.get_command(app)
    for path, command in _commands(root):
        ctx = command.context_class(command, info_name=" ".join(path) or "rekisteri")
        for param in command.get_params(ctx):
            conversion = param._runtime_param
            if isinstance(conversion, PlainConversion):
                yield " ".join([*path, param.name or ""]), param, ctx, conversion


def test_every_parameter_of_every_command_converts_a_value_as_typer_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same value or the same error (type and message) from both converters, for text,
    numbers in and out of bounds, choices in any case, paths that exist or not, undecodable
    bytes, and each parameter's own default; and the plain conversion is taken for each kind
    of parameter the commands have."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "register.toml").write_text("", encoding="utf-8")
    (tmp_path / "out").mkdir()
    plain: dict[str, int] = {}
    checked = 0
    for name, param, ctx, conversion in _conversions():
        for value in [*SAMPLES, param.default]:
            ours = _outcome(functools.partial(conversion.coerce, value, param, ctx))
            typer_own = conversion.typer()
            typers = _outcome(functools.partial(typer_own.coerce, value, param=param, ctx=ctx))
            assert ours == typers, (name, value)
            checked += 1
            try:
                taken = conversion._plain(value, param, ctx) is not _UNDECIDED
            except Exception:
                taken = False
            if taken and value is not None:
                kind = param.type_descriptor.annotation
                enum = isinstance(kind, type) and issubclass(kind, Enum)
                label = "enum" if enum else kind.__name__
                plain[label] = plain.get(label, 0) + 1
    assert checked > 1000
    assert {"str", "int", "Path", "enum"} <= plain.keys(), plain


def test_a_parameter_typer_keeps_elsewhere_is_left_to_typer() -> None:
    """Should a Typer release keep its converter under another name, nothing is installed."""

    class Parameter:
        type_descriptor = object()

        def get_runtime_param(self) -> None:
            return None

    param = Parameter()
    assert convert_plainly([param]) == [param]
    assert not hasattr(param, "_runtime_param")


@pytest.mark.parametrize(
    "argv",
    [
        ["requests", "add", "{register}", "--type", "access", "--subject", "Uusi",
         "--received", "2025-06-02"],
        ["requests", "extend", "{register}", "1", "--reason", "Paljon aineistoa",
         "--told-on", "2025-06-03"],
        ["requests", "close", "{register}", "1", "--outcome", "answered"],
        ["requests", "list", "{register}", "--soon", "10", "--format", "json"],
        ["requests", "verify", "{register}"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)  # fmt: skip
def test_the_request_commands_load_no_pydantic(tmp_path: Path, argv: list[str]) -> None:
    """Issue 17: the request log is plain SQLite, and its commands start without pydantic
    (which Typer would load to convert their options): about 60 ms of each."""
    register = example_register(tmp_path)
    add = ["requests", "add", str(register), "--type", "access", "--subject", "Ensin",
           "--received", "2025-06-02"]  # fmt: skip
    assert loaded(add, [])[0] == 0
    line = [part.replace("{register}", str(register)) for part in argv]
    assert loaded(line, ["pydantic"]) == (0, 0)
