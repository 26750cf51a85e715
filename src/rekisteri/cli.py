"""The `rekisteri` command: a thin layer that parses arguments and calls one library function.

Heavy modules (rendering, WeasyPrint, SQLAlchemy) are imported inside the commands that need
them, so `rekisteri validate` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rekisteri import __version__
from rekisteri.errors import RekisteriError

app = typer.Typer(
    name="rekisteri",
    help="Privacy notices, access requests and records for a personal-data register.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@contextmanager
def user_errors(output: OutputFormat = OutputFormat.TEXT) -> Iterator[None]:
    """Turn the one user-facing error type into a message and an exit code."""
    try:
        yield
    except RekisteriError as exc:
        if output is OutputFormat.JSON:
            payload = [d.to_dict() for d in exc.diagnostics] or [{"message": exc.message}]
            typer.echo(json.dumps({"ok": False, "diagnostics": payload}, ensure_ascii=False))
        else:
            typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rekisteri {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Privacy notices, access requests and records for a personal-data register."""


RegisterPath = Annotated[Path, typer.Argument(help="The register's TOML file.", show_default=False)]


@app.command()
def validate(
    register: RegisterPath,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for editors and CI.")
    ] = OutputFormat.TEXT,
) -> None:
    """Check a register file against the schema and report every problem with its line."""
    from rekisteri.loading import load_register

    with user_errors(output):
        result = load_register(register)
        if output is OutputFormat.JSON:
            typer.echo(json.dumps({"ok": True, "diagnostics": []}))
        else:
            typer.echo(
                f"{register}: valid register '{result.name.get(result.default_language)}' "
                f"({len(result.purposes)} purposes, {len(result.data_categories)} data categories; "
                f"languages {', '.join(result.languages)})"
            )


@app.command()
def schema() -> None:
    """Print the register file's JSON Schema (the same as schemas/register.schema.json)."""
    from rekisteri.schema import register_json_schema, schema_text

    sys.stdout.write(schema_text(register_json_schema()))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the new register file.")],
    controller: Annotated[
        str | None, typer.Option(help="Name of the business or association.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option(help="Contact person for register matters.")
    ] = None,
    email: Annotated[str | None, typer.Option(help="Email address for privacy matters.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    register_name: Annotated[
        str | None, typer.Option("--name", help="Name of the register.")
    ] = None,
    languages: Annotated[
        str, typer.Option(help="Comma-separated notice languages: fi, en, sv.")
    ] = "fi,en",
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Do not ask; take everything from the options.")
    ] = False,
) -> None:
    """Write a starter register that validates; never overwrites an existing file."""
    from rekisteri.starter import StarterAnswers, write_starter

    def ask(value: str | None, prompt: str, option: str) -> str:
        if value:
            return value
        if no_input:
            typer.echo(f"error: {option} is required with --no-input", err=True)
            raise typer.Exit(2)
        return str(typer.prompt(prompt))

    with user_errors():
        if path.exists():
            raise RekisteriError(f"{path}: already exists; rekisteri init never overwrites")
        answers = StarterAnswers(
            controller=ask(controller, "Business or association name", "--controller"),
            contact=ask(contact, "Contact person for register matters", "--contact"),
            email=ask(email, "Email address for privacy matters", "--email"),
            phone=phone,
            register_name=register_name or "",
            languages=[lang.strip() for lang in languages.split(",") if lang.strip()],
        )
        write_starter(path, answers)
        typer.echo(f"wrote {path}; edit it, then run: rekisteri validate {path}")


class NoticeLayout(StrEnum):
    TIETOSUOJASELOSTE = "tietosuojaseloste"
    REKISTERISELOSTE = "rekisteriseloste"


class PdfVariant(StrEnum):
    PDF_UA_1 = "pdf/ua-1"
    PDF_A_3U = "pdf/a-3u"


OutDir = Annotated[
    Path, typer.Option("--output", "-o", help="Folder to write into.", show_default=False)
]
TemplatesDir = Annotated[
    Path | None,
    typer.Option(help="Folder of template overrides, searched before the built-in templates."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace files that already exist.")]


def _split(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


@app.command()
def render(
    register: RegisterPath,
    out: OutDir,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages; all of the notice's by default."),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated formats: html, pdf.")
    ] = "html,pdf",
    layout: Annotated[
        NoticeLayout | None,
        typer.Option(help="Layout; the one the register declares by default."),
    ] = None,
    templates: TemplatesDir = None,
    fragment: Annotated[
        bool,
        typer.Option(
            "--fragment", help="HTML as an embeddable <section> with scoped CSS, for a CMS."
        ),
    ] = False,
    force: Force = False,
    pdf_variant: Annotated[
        PdfVariant, typer.Option("--pdf-variant", help="PDF standard to follow.")
    ] = PdfVariant.PDF_UA_1,
) -> None:
    """Render the privacy notice as <slug>.<lang>.html and .pdf files."""
    from rekisteri.loading import load_register
    from rekisteri.notice import write_notice

    with user_errors():
        written = write_notice(
            load_register(register),
            out,
            langs=_split(lang),
            formats=_split(formats) or [],
            layout=layout.value if layout else None,
            templates=templates,
            fragment=fragment,
            force=force,
            variant=pdf_variant.value,
        )
        for path in written:
            typer.echo(str(path))


@app.command()
def publish(
    register: RegisterPath,
    out: OutDir,
    force: Force = False,
    templates: TemplatesDir = None,
) -> None:
    """Write a folder ready to upload: every language's page and PDF, index.html, notice.json."""
    from rekisteri.loading import load_register
    from rekisteri.publish import publish as publish_notice

    with user_errors():
        for path in publish_notice(load_register(register), out, force=force, templates=templates):
            typer.echo(str(path))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rekisteri")
