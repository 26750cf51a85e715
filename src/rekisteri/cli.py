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


Lang = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages: fi or en; the register's own by default."),
]


@app.command()
def validate(
    register: RegisterPath,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for editors and CI.")
    ] = OutputFormat.TEXT,
    lang: Lang = None,
) -> None:
    """Check a register against the schema; also show the compliance lint's findings.

    Exits non-zero only for schema errors, so a faithful old notice still validates.
    """
    from rekisteri.lint import format_text, lint_register
    from rekisteri.loading import load_register, register_warnings

    with user_errors(output):
        result = load_register(register)
        warnings = register_warnings(result)
        report = lint_register(result, lang or result.default_language)
        if output is OutputFormat.JSON:
            findings = [finding.to_dict() for finding in report.findings]
            diagnostics = [warning.to_dict() for warning in warnings]
            typer.echo(json.dumps({"ok": True, "diagnostics": diagnostics, "lint": findings}))
            return
        typer.echo(
            f"{register}: valid register '{result.name.get(result.default_language)}' "
            f"({len(result.purposes)} purposes, {len(result.data_categories)} data categories; "
            f"languages {', '.join(result.languages)})"
        )
        for warning in warnings:
            typer.echo(f"warning: {warning}")
        if report.findings:
            typer.echo(format_text(report), nl=False)


class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


@app.command()
def lint(
    register: RegisterPath,
    lang: Lang = None,
    output: Annotated[
        LintFormat, typer.Option("--format", help="text, json, or sarif for code scanning.")
    ] = LintFormat.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any finding, not only on errors.")
    ] = False,
) -> None:
    """Report what the register lacks under the GDPR and Finnish law, citing the article."""
    from rekisteri import lint as linting
    from rekisteri.loading import load_register

    with user_errors():
        loaded = load_register(register)
        report = linting.lint_register(loaded, lang or loaded.default_language)
        formatter = {
            LintFormat.TEXT: linting.format_text,
            LintFormat.JSON: linting.format_json,
            LintFormat.SARIF: linting.format_sarif,
        }[output]
        typer.echo(formatter(report), nl=False)
        raise typer.Exit(report.exit_code(strict))


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version of the register.")],
    new: Annotated[Path, typer.Argument(help="The later version of the register.")],
    lang: Lang = None,
    output: Annotated[
        DiffFormat,
        typer.Option("--format", help="text, json, or html (a box the notice page can include)."),
    ] = DiffFormat.TEXT,
) -> None:
    """Show what changed between two versions of a register, section by section."""
    from rekisteri import diff as diffing
    from rekisteri.loading import load_register

    with user_errors():
        before, after = load_register(old), load_register(new)
        language = lang or after.default_language
        changes = diffing.described(before, after, language)
        if output is DiffFormat.JSON:
            typer.echo(diffing.format_json(changes), nl=False)
        elif output is DiffFormat.HTML:
            typer.echo(diffing.format_html(changes, language), nl=False)
        else:
            typer.echo(diffing.format_text(changes, language), nl=False)


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
        str | None, typer.Option(help="Comma-separated notice languages: fi, en, sv [fi,en].")
    ] = None,
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

    def ask_optional(value: str | None, prompt: str, default: str) -> str:
        if value is not None or no_input:
            return value if value is not None else default
        return str(typer.prompt(prompt, default=default, show_default=bool(default)))

    with user_errors():
        if path.exists():
            raise RekisteriError(f"{path}: already exists; rekisteri init never overwrites")
        answers = StarterAnswers(
            controller=ask(controller, "Business or association name", "--controller"),
            contact=ask(contact, "Contact person for register matters", "--contact"),
            email=ask(email, "Email address for privacy matters", "--email"),
            phone=phone,
            register_name=ask_optional(
                register_name, "Register name (Enter: '<controller> asiakasrekisteri')", ""
            ),
            languages=_split(ask_optional(languages, "Notice languages", "fi,en")) or [],
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


@app.command()
def record(
    registers: Annotated[
        list[Path], typer.Argument(help="Register files of one controller.", show_default=False)
    ],
    out: OutDir,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Comma-separated languages; all shared ones.")
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated formats: html, pdf, csv.")
    ] = "html,pdf,csv",
    force: Force = False,
    templates: TemplatesDir = None,
) -> None:
    """Write the Art. 30(1) record of processing activities (seloste käsittelytoimista)."""
    from rekisteri.loading import load_register
    from rekisteri.record import write_record

    with user_errors():
        loaded = [load_register(path) for path in registers]
        written = write_record(
            loaded,
            out,
            langs=_split(lang),
            formats=_split(formats) or [],
            force=force,
            templates=templates,
        )
        for path in written:
            typer.echo(str(path))


class ExportFormat(StrEnum):
    JSONLD = "jsonld"
    JSON = "json"


@app.command()
def export(
    register: RegisterPath,
    output: Annotated[
        ExportFormat,
        typer.Option("--format", help="jsonld (W3C DPV terms) or json (the validated register)."),
    ] = ExportFormat.JSONLD,
) -> None:
    """Print the notice in a machine-readable form."""
    from rekisteri.loading import load_register

    with user_errors():
        loaded = load_register(register)
        if output is ExportFormat.JSONLD:
            from rekisteri.jsonld import jsonld_text

            sys.stdout.write(jsonld_text(loaded))
        else:
            from rekisteri.publish import notice_json

            sys.stdout.write(notice_json(loaded))


@app.command()
def access(
    register: RegisterPath,
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Bundle folder to create (with --zip: DIR.zip; with --all: one folder per person "
            "inside DIR).",
            show_default=False,
        ),
    ],
    email: Annotated[str | None, typer.Option(help="The person's email address.")] = None,
    phone: Annotated[str | None, typer.Option(help="The person's phone number.")] = None,
    hetu: Annotated[
        str | None, typer.Option(help="The person's personal identity code (henkilötunnus).")
    ] = None,
    subject_id: Annotated[
        str | None, typer.Option("--id", help="The person's key in the store.")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The person's name; give --birth-date with it.")
    ] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="Birth date YYYY-MM-DD, with --name.")
    ] = None,
    all_subjects: Annotated[
        bool,
        typer.Option("--all", help="A bundle for every person in the store; resumable."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages; all of the notice's by default."),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated formats: html, pdf, json, csv.")
    ] = "html,pdf,json,csv",
    zip_: Annotated[bool, typer.Option("--zip", help="Pack the bundle into one zip file.")] = False,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt the PDF (AES-256) and the zip (AES). The passphrase is asked for, or "
            "read from REKISTERI_PASSPHRASE; never give it on the command line.",
        ),
    ] = False,
    ref: Annotated[
        str | None, typer.Option("--ref", help="Reference of the request, shown in the bundle.")
    ] = None,
    templates: TemplatesDir = None,
) -> None:
    """Answer a subject-access request (GDPR Art. 15 and 20) from the live customer store.

    Several matching people: lists them and exits 3; run again with --id. No match: writes the
    letter confirming that no personal data about the person is processed.
    """
    from rekisteri.bundle import read_passphrase, write_access_bundle, write_all_bundles
    from rekisteri.loading import load_register

    with user_errors():
        loaded = load_register(register)
        passphrase = read_passphrase(_ask_passphrase) if encrypt else None
        langs, wanted = _split(lang), _split(formats) or []
        if all_subjects:
            if any(v is not None for v in (email, phone, hetu, subject_id, name)):
                raise RekisteriError("--all writes a bundle for every person; give no --email etc.")
            written = write_all_bundles(
                loaded, out, langs=langs, formats=wanted, zip_=zip_, passphrase=passphrase,
                request_ref=ref, templates=templates,
            )  # fmt: skip
            typer.echo(written.summary())
            return
        result = write_access_bundle(
            loaded, out, email=email, phone=phone, hetu=hetu, subject_id=subject_id, name=name,
            birth_date=birth_date, langs=langs, formats=wanted, zip_=zip_, passphrase=passphrase,
            request_ref=ref, templates=templates,
        )  # fmt: skip
        typer.echo(result.summary())


def _ask_passphrase() -> str:
    return str(typer.prompt("Passphrase", hide_input=True, confirmation_prompt=True))


store_app = typer.Typer(help="The live customer store the register maps.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("check")
def store_check(
    register: RegisterPath,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for scripts.")
    ] = OutputFormat.TEXT,
) -> None:
    """Compare the store with the register: unmapped personal data, missing columns,
    unreachable rows and people. Exits 1 on drift."""
    from rekisteri.loading import load_register
    from rekisteri.store import check_store

    with user_errors(output):
        report = check_store(load_register(register))
        if output is OutputFormat.JSON:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            typer.echo(report.format_text())
        raise typer.Exit(report.exit_code)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rekisteri")
