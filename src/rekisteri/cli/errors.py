"""The one error wrapper: a library error as the command line words it, and its exit code.

The library says what is wrong in domain terms and marks the values it was given
(:class:`rekisteri.errors.Input`); here each is named by the option that gives it, and each
outcome type is mapped to an exit code: 3 when the person must choose (several subjects match),
1 for everything else. Usage mistakes exit 2 where the command finds them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from enum import StrEnum
from typing import Any

import typer

from rekisteri.errors import Input, RekisteriError
from rekisteri.output import OutputExists
from rekisteri.redact import hide_secrets, printable, printable_json

# The options whose name is not the library parameter's own, spelled with hyphens.
_OPTION_OF = {"subject_id": "--id", "passphrase": "--encrypt"}

AMBIGUOUS_EXIT = 3

_COMMAND_HINTS = (
    (
        "rekisteri.register.starter",
        "AnswerRejected",
        "nothing was written; correct the answer and run rekisteri init again",
    ),
    (
        "rekisteri.register.loading",
        "EmptyRegister",
        "run 'rekisteri init' to write a starter register",
    ),
    (
        "rekisteri.register.loading",
        "OldVersion",
        "run 'rekisteri migrate {file}' to rewrite it as version 2; it prints each fact version 1 "
        "assumed, for you to confirm or delete",
    ),
)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def option(value: Input) -> str:
    """The option that gives ``value`` on the command line, with its placeholder if shown."""
    name = _OPTION_OF.get(value.parameter) or "--" + value.parameter.strip("_").replace("_", "-")
    return f"{name} {value.placeholder}" if value.placeholder else name


def _loaded(module: str, name: str) -> type[RekisteriError] | None:
    """An error type of a module already imported, else None.

    An error can only be of a type whose module was imported, and looking it up this way keeps
    the heavy modules (SQLAlchemy, Jinja) out of commands that never raise them.
    """
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) and issubclass(found, RekisteriError) else None


def exit_code(exc: RekisteriError) -> int:
    ambiguous = _loaded("rekisteri.access.collect", "AmbiguousSubject")
    return AMBIGUOUS_EXIT if ambiguous is not None and isinstance(exc, ambiguous) else 1


def as_shown(exc: RekisteriError) -> RekisteriError:
    """The error in the command line's words: the same problem, each value named by its option."""
    if isinstance(exc, OutputExists):
        names = ", ".join(str(p) for p in exc.paths)
        return RekisteriError(f"{names}: already exists; use --force to replace")
    ambiguous = _loaded("rekisteri.access.collect", "AmbiguousSubject")
    if ambiguous is not None and isinstance(exc, ambiguous):
        listing = exc.listing(  # type: ignore[attr-defined]
            lambda c: f"--id {c.key}" if c.primary else f"--group {c.group} --id {c.key}"
        )
        return RekisteriError(
            listing + "    hint: run the command again with the --id (and --group) of the right one"
        )
    not_a_log = _loaded("rekisteri.operations.requests", "NotARequestLog")
    if not_a_log is not None and isinstance(exc, not_a_log):
        return RekisteriError(
            f"{exc.path}: this SQLite file is not a rekisteri request log; it is left "  # type: ignore[attr-defined]
            "untouched\n    hint: give another file with --log, or move this one away"
        )
    no_log = _loaded("rekisteri.operations.requests", "NoRequestLog")
    if no_log is not None and isinstance(exc, no_log):
        return RekisteriError(f"{exc.message} with 'rekisteri requests add'")
    review_needed = _loaded("rekisteri.access.review", "ReviewNeeded")
    if review_needed is not None and isinstance(exc, review_needed):
        return RekisteriError(exc.message + "\n    hint: " + _review_hint(exc))
    review_outdated = _loaded("rekisteri.access.review", "ReviewOutdated")
    if review_outdated is not None and isinstance(exc, review_outdated):
        return RekisteriError(
            exc.message + "\n    hint: run the command with --review for a new review copy, "
            "read it, and decide again"
        )
    no_templates = _loaded("rekisteri.documents.templating", "TemplatesNotFound")
    if no_templates is not None and isinstance(exc, no_templates) and exc.diagnostics:
        where = exc.diagnostics[0]
        return RekisteriError.at(
            where.file,
            where.message,
            line=where.line,
            column=where.column,
            path=where.path,
            hint="check --templates",
        )
    exists = _loaded("rekisteri.register.starter", "RegisterExists")
    if exists is not None and isinstance(exc, exists):
        return RekisteriError(
            f"{exc.path}: already exists; rekisteri init never overwrites a register"  # type: ignore[attr-defined]
        )
    # The library's hint says what to do; here it says which command does it.
    for module, name, hint in _COMMAND_HINTS:
        found = _loaded(module, name)
        if found is not None and isinstance(exc, found):
            shown = [replace(d, hint=hint.format(file=d.file)) for d in exc.diagnostics]
            return RekisteriError(exc.message, shown)
    if exc.parts:
        return RekisteriError(exc.phrased(option), exc.diagnostics)
    return exc


def _review_hint(exc: Any) -> str:
    """How to give the decisions a held category needs, on the command line."""
    held = list(exc.held)
    if exc.every_subject:
        return "give " + " ".join(f"--release {c}" for c in held) + " with --all"
    grounds = "health-or-care|rights-of-others"
    return (
        "run the command again with --review for a copy of the held data to read; then, "
        "without --review, give for each of "
        + ", ".join(held)
        + f" either --release CATEGORY or --withhold CATEGORY --reason TEXT --ground {grounds}"
    )


@contextmanager
def user_errors(output: OutputFormat = OutputFormat.TEXT) -> Iterator[None]:
    """Turn a library error into a message and an exit code.

    A message may quote the store (a value, a connection URL) or the command line: its
    passwords are hidden and its control characters shown as escapes, never obeyed.
    """
    try:
        yield
    except RekisteriError as exc:
        shown = as_shown(exc)
        if output is OutputFormat.JSON:
            payload = [d.to_dict() for d in shown.diagnostics] or [{"message": shown.message}]
            hidden = [{k: _hidden(v) for k, v in item.items()} for item in payload]
            say_json(json.dumps({"ok": False, "diagnostics": hidden}, ensure_ascii=False))
        else:
            say(str(shown), err=True)
        raise typer.Exit(exit_code(exc)) from None


def _hidden(value: Any) -> Any:
    return hide_secrets(value) if isinstance(value, str) else value


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text for a person: passwords hidden, control characters escaped."""
    typer.echo(printable(hide_secrets(text), keep_newlines=True), err=err, nl=nl)


def say_with_secret(text: str) -> None:
    """Print text whose secret is meant for the person at the terminal (``rekisteri serve``'s
    start address, whose token opens the app): control characters escaped, nothing hidden."""
    typer.echo(printable(text, keep_newlines=True))


# Whether this invocation was given -q/--quiet. The root command's callback sets it on every
# invocation before any command runs, so one command's -q never reaches the next command a
# test runs in the same process.
_QUIET: ContextVar[bool] = ContextVar("rekisteri_quiet", default=False)


def set_quiet(value: bool) -> None:
    _QUIET.set(value)


def quiet() -> bool:
    """Whether this invocation was given -q/--quiet."""
    return _QUIET.get()


def say_done(text: str, *, nl: bool = True) -> None:
    """Print what a command did (what it wrote, that a register is valid); -q silences it.

    Errors, warnings and the data a person asked for (a report, a list, JSON) are never
    silenced: a script that passes -q still sees why a command failed."""
    if not quiet():
        say(text, nl=nl)


def say_json(text: str, *, nl: bool = True) -> None:
    """Print JSON with its control characters as ``\\u`` escapes: the same value."""
    typer.echo(printable_json(text), nl=nl)
