"""The `rekisteri` command: a thin layer that parses arguments and calls one library function.

Heavy modules (rendering, WeasyPrint, SQLAlchemy) are imported inside the commands that need
them, so `rekisteri validate` starts fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from rekisteri import __version__
from rekisteri.cli.coercion import convert_plainly
from rekisteri.cli.errors import (
    OutputFormat,
    option,
    quiet,
    say,
    say_done,
    say_json,
    say_with_secret,
    set_quiet,
    user_errors,
)
from rekisteri.errors import RekisteriError, nearest
from rekisteri.output import PRIVATE_FILE, PUBLIC_FILE, ensure_dir, write_atomic
from rekisteri.redact import printable

# The request and marketing commands offer the library's own vocabulary as their choices, from
# a module that imports nothing heavy: `rekisteri validate` need not import the request log.
from rekisteri.register.vocabulary import Channel as RequestChannel
from rekisteri.register.vocabulary import MarketingChannel as MarketingChannelChoice
from rekisteri.register.vocabulary import RequestType as RequestKind

_NOT_ONE_OF = re.compile(r"'(?P<given>[^']*)' is not one of (?P<allowed>'.*')\.?$")


def plain_parameter_message(message: str) -> str:
    """An option's error as a person reads it: "'jsn' is not one of 'text', 'json'; did you
    mean 'json'?", without pydantic's "Value error, "."""
    message = message.replace("Value error, ", "")
    found = _NOT_ONE_OF.search(message)
    if found is None:
        return message
    guess = nearest(found["given"], re.findall(r"'([^']*)'", found["allowed"]))
    if guess is None:
        return message
    return f"{message.rstrip('.')}; did you mean '{guess}'?"


QUIET_HELP = "Print only errors, warnings and the data asked for; no progress bar."


def _quiet_given(value: bool) -> None:
    # A command's own -q adds to the root's; it never turns a root -q off.
    if value:
        set_quiet(True)


_quiet_options: list[Any] = []


def quiet_option() -> Any:
    """-q/--quiet as Typer builds it, for every command (``rekisteri render -q …`` as well as
    ``rekisteri -q render …``): taken from a one-option probe command, so PlainUsage can add
    it to each command without each signature repeating it."""
    if not _quiet_options:
        probe = typer.Typer()

        @probe.command()
        def quiet_probe(
            quiet: Annotated[
                bool,
                typer.Option(
                    "-q", "--quiet", help=QUIET_HELP, callback=_quiet_given, expose_value=False
                ),
            ] = False,
        ) -> None:
            """The -q/--quiet option."""

        _quiet_options.extend(typer.main.get_command(probe).params)
    return _quiet_options[0]


class PlainGroup(TyperGroup):
    """A group of commands whose own options (-q, --version) Typer converts as it would, without
    building pydantic for them (rekisteri.cli.coercion)."""

    def get_params(self, ctx: Any) -> list[Any]:
        # Here, not in __init__: Typer adds the completion options, and click -h/--help, later.
        return convert_plainly(super().get_params(ctx))


class PlainUsage(TyperCommand):
    """Usage lines as manual pages write them: ``REGISTER``, ``[PATH]``, ``REGISTER...``; and
    -q/--quiet on every command.

    Typer writes a required argument as ``{register}``, which reads as a placeholder of a
    template rather than as what to type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(quiet_option())

    def get_params(self, ctx: Any) -> list[Any]:
        # Converted plainly (rekisteri.cli.coercion), -h/--help, made on demand, too.
        return convert_plainly(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return list(super().parse_args(ctx, args))
        except Exception as exc:
            # Typer checks option values with pydantic, whose "Value error, " a person has no
            # use for; a misspelt choice gets the nearest allowed one.
            message = getattr(exc, "message", None)
            if isinstance(message, str):
                exc.message = plain_parameter_message(message)  # type: ignore[attr-defined]
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = param.metavar or (param.name or "").upper()
            if param.nargs != 1 and not name.endswith("..."):
                name += "..."
            pieces.append(name if param.required else f"[{name}]")
        return pieces


app = typer.Typer(
    name="rekisteri",
    cls=PlainGroup,
    help="Privacy notices, access requests and records for a personal-data register.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # -h as well as --help, as people type it; subcommands inherit it from this context.
    context_settings={"help_option_names": ["-h", "--help"]},
)


def write_data(text: str) -> None:
    """Print a file's content (CSV, HTML): as it is into a file or a pipe, its control
    characters escaped on a terminal (a CSV cell cannot escape them and keep its value)."""
    sys.stdout.write(printable(text, keep_newlines=True) if sys.stdout.isatty() else text)


def usage_error(ctx: typer.Context, message: str) -> NoReturn:
    """Stop with exit code 2 and the command's usage, as for a mistake the parser finds: the
    command was called wrongly, so nothing was read or written."""
    say(f"{ctx.get_usage()}\nTry '{ctx.command_path} --help' for help.\n", err=True)
    say(f"Error: {message}", err=True)
    raise typer.Exit(2)


def format_list(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A check of a ``--format`` that takes comma-separated formats, for its callback."""

    def check(value: str) -> str:
        given = _split(value) or []
        unknown = [item for item in given if item not in allowed]
        if unknown or not given:
            guesses = [g for g in (nearest(item, allowed) for item in unknown) if g]
            raise typer.BadParameter(
                f"{', '.join(map(repr, unknown)) or 'nothing'} is not one of "
                f"{', '.join(allowed)}; give one or more, separated by commas"
                + (
                    f"; did you mean '{','.join(guesses)}'?"
                    if len(guesses) == len(unknown) and guesses
                    else ""
                )
            )
        return value

    return check


# The formats of the commands that write files, spelled here so that parsing the command line
# imports no renderer; a test keeps them equal to the library's own.
NOTICE_FORMATS = ("html", "pdf")
RECORD_FORMATS = ("html", "pdf", "csv")
BUNDLE_FORMATS = ("html", "pdf", "json", "csv")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rekisteri {__version__}")
        raise typer.Exit()


def status_words(lang: str, templates: Path | None = None) -> Any:
    """The catalog of what commands say about their own work (domain "status"), in ``lang``."""
    # Babel compiles the catalog only when a command reports; `--help` need not load it.
    from rekisteri.documents.i18n import translations

    return translations(lang, "status", templates=templates)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    quiet_: Annotated[
        bool,
        typer.Option(
            "-q",
            "--quiet",
            help="Print only errors, warnings and the data asked for; no progress bar.",
        ),
    ] = False,
) -> None:
    """Privacy notices, access requests and records for a personal-data register."""
    set_quiet(quiet_)


# A command given no register reads ./register.toml, or the file $REKISTERI_REGISTER names, as
# MkDocs finds mkdocs.yml.
DEFAULT_REGISTER = Path("register.toml")


def _register_here(ctx: typer.Context, value: Path) -> Path:
    # Left out where there is no register.toml, the argument is missing, as Click would say.
    source = ctx.get_parameter_source("register")
    if source is not None and source.name == "DEFAULT" and not value.exists():
        usage_error(
            ctx,
            "no register given, and there is no register.toml in this folder: name the "
            "register's file, or set REKISTERI_REGISTER",
        )
    return value


DefaultRegister = Annotated[
    Path,
    typer.Argument(
        help="The register's TOML file; ./register.toml (or $REKISTERI_REGISTER) if left out.",
        show_default=False,
        metavar="REGISTER",
        envvar="REKISTERI_REGISTER",
        callback=_register_here,
    ),
]
RegisterPath = Annotated[
    Path, typer.Argument(help="The register's TOML file.", show_default=False, metavar="REGISTER")
]


Lang = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages (fi, sv, en, …): one of the register's."),
]
TemplatesDir = Annotated[
    Path | None,
    typer.Option(
        help="Folder of your own templates and catalogs (locale/LANG/LC_MESSAGES/*.po), "
        "searched before the built-in ones; its catalogs add languages rekisteri does not ship."
    ),
]


@app.command(
    cls=PlainUsage, short_help="Check a register against the schema, with the lint's findings."
)
def validate(
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for editors and CI.")
    ] = OutputFormat.TEXT,
    lang: Lang = None,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Check a register against the schema; also show the compliance lint's findings.

    Exits non-zero only for schema errors, so a faithful old notice still validates.
    """
    # Loaded when the command runs: other commands and `--help` need not load the lint.
    from rekisteri.lint import format_text
    from rekisteri.lint.validate import validate as validate_register

    with user_errors(output):
        validation = validate_register(register, lang, templates)
        result, warnings, report = validation.register, validation.warnings, validation.lint
        if output is OutputFormat.JSON:
            findings = [finding.to_dict() for finding in report.findings]
            diagnostics = [warning.to_dict() for warning in warnings]
            typer.echo(json.dumps({"ok": True, "diagnostics": diagnostics, "lint": findings}))
            return
        words = status_words(report.lang, templates)
        purposes, categories = len(result.purposes), len(result.data_categories)
        say_done(
            words.gettext(
                "%(register)s: valid register “%(name)s” (%(purposes)s, %(categories)s; "
                "languages %(languages)s)"
            )
            % {
                "register": register,
                "name": result.name.get(report.lang),
                "purposes": words.ngettext("%(count)d purpose", "%(count)d purposes", purposes)
                % {"count": purposes},
                "categories": words.ngettext(
                    "%(count)d data category", "%(count)d data categories", categories
                )
                % {"count": categories},
                "languages": ", ".join(result.languages),
            }
        )
        for warning in warnings:
            say(words.gettext("warning: %(warning)s") % {"warning": warning})
        if report.findings:
            say_done(format_text(report), nl=False)


class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


@app.command(
    cls=PlainUsage, short_help="Report what the GDPR and Finnish law still ask, by article."
)
def lint(
    lang: Lang = None,
    output: Annotated[
        LintFormat, typer.Option("--format", help="text, json, or sarif for code scanning.")
    ] = LintFormat.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any finding, not only on errors.")
    ] = False,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Report what the register lacks under the GDPR and Finnish law, citing the article."""
    # The lint loads only for the command using it, keeping `rekisteri validate` fast.
    from rekisteri import lint as linting
    from rekisteri.lint.validate import report_language
    from rekisteri.register.loading import load_register

    with user_errors():
        loaded = load_register(register, templates=templates)
        report = linting.lint_register(loaded, report_language(loaded, lang))
        formatter = {
            LintFormat.TEXT: linting.format_text,
            LintFormat.JSON: linting.format_json,
            LintFormat.SARIF: linting.format_sarif,
        }[output]
        (say if output is LintFormat.TEXT else say_json)(formatter(report), nl=False)
        raise typer.Exit(1 if report.fails(strict) else 0)


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"


@app.command(cls=PlainUsage, short_help="Show what changed between two versions of a register.")
def diff(
    old: Annotated[
        Path, typer.Argument(help="The earlier version of the register.", metavar="OLD")
    ],
    new: Annotated[Path, typer.Argument(help="The later version of the register.", metavar="NEW")],
    lang: Lang = None,
    output: Annotated[
        DiffFormat,
        typer.Option("--format", help="text, json, or html (a box the notice page can include)."),
    ] = DiffFormat.TEXT,
    templates: TemplatesDir = None,
) -> None:
    """Show what changed between two versions of a register, section by section."""
    # The notice modules load only for this command, keeping `rekisteri validate` fast.
    from rekisteri.notice import changes as diffing
    from rekisteri.register.loading import load_register

    with user_errors():
        before = load_register(old, templates=templates)
        after = load_register(new, templates=templates)
        language = lang or after.default_language
        changes = diffing.described(before, after, language)
        if output is DiffFormat.JSON:
            say_json(diffing.format_json(changes), nl=False)
        elif output is DiffFormat.HTML:
            typer.echo(diffing.format_html(changes, language), nl=False)
        else:
            say(diffing.format_text(changes, language), nl=False)


@app.command(cls=PlainUsage, short_help="Print the register file's JSON Schema.")
def schema(
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Refresh the copy an editor reads beside the register in DIR "
            "(DIR/.rekisteri/register.schema.json) instead of printing the schema.",
        ),
    ] = None,
) -> None:
    """Print the register file's JSON Schema (the same as schemas/register.schema.json)."""
    if write is not None:
        # The starter and the request log's language reader load only for --write.
        from rekisteri.operations.requests import register_language
        from rekisteri.register.starter import write_schema_copy

        with user_errors():
            written = write_schema_copy(write)
            # In the language of the register beside it; Finnish when there is none.
            words = status_words(register_language(write / "register.toml"))
            say_done(words.gettext("wrote %(path)s") % {"path": written})
        return
    # The schema loads only for `rekisteri schema`, keeping `rekisteri validate` fast.
    from rekisteri.register.schema import register_json_schema, schema_text

    sys.stdout.write(schema_text(register_json_schema()))


@app.command(cls=PlainUsage, short_help="Write a starter register that validates.")
def init(
    path: Annotated[
        Path, typer.Argument(help="Where to write the new register file.", metavar="PATH")
    ],
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
    # The starter loads only for `rekisteri init`, keeping `rekisteri validate` fast.
    from rekisteri.register.starter import StarterAnswers, write_starter

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
        words = status_words(answers.languages[0] if answers.languages else "fi")
        say_done(
            words.gettext("wrote %(path)s; edit it, then run: rekisteri validate %(path)s")
            % {"path": path}
        )


@app.command(cls=PlainUsage, short_help="Rewrite a version-1 register as version 2.")
def migrate(register: DefaultRegister = DEFAULT_REGISTER) -> None:
    """Rewrite a version-1 register file as version 2, keeping its comments and layout.

    Prints each fact version 1 stated on the owner's behalf, for them to confirm or delete.
    """
    # tomlkit loads only for `rekisteri migrate`, keeping `rekisteri validate` fast.
    from rekisteri.register.migrate import migrate_register

    with user_errors():
        migration = migrate_register(register)
        say_done(f"{register}: rewritten as version 2")
        if migration.implied:
            say("Check each of these; confirm it, or correct or delete it in the file:")
        for implied in migration.implied:
            say(f"- {implied.sentence}")


class NoticeLayout(StrEnum):
    TIETOSUOJASELOSTE = "tietosuojaseloste"
    REKISTERISELOSTE = "rekisteriseloste"


class PdfVariant(StrEnum):
    PDF_UA_1 = "pdf/ua-1"
    PDF_A_3U = "pdf/a-3u"


OutDir = Annotated[
    Path, typer.Option("--output", "-o", help="Folder to write into.", show_default=False)
]
Force = Annotated[bool, typer.Option("--force", help="Replace files that already exist.")]
LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log",
        help="The request log; by default <register>.requests.sqlite beside the register.",
        show_default=False,
    ),
]


def _split(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def _speaking(loaded: Any, lang: str | None) -> str:
    """The language a command reports its own work in: the first of ``--lang`` when it is one
    of the register's, else the register's default (a language it lacks is refused later,
    where the documents are made)."""
    chosen = _split(lang)
    return chosen[0] if chosen and chosen[0] in loaded.languages else loaded.default_language


Strict = Annotated[
    bool,
    typer.Option(
        "--strict", help="Refuse, writing nothing, when the lint finds an error in the notice."
    ),
]


def check_before_writing(loaded: Any, *, strict: bool) -> None:
    """Print the lint's errors in the notice as warnings, or with ``strict`` refuse (exit 1)
    before anything is written."""
    # The lint loads with the notice modules, only for the commands that write a notice.
    from rekisteri.lint import format_brief
    from rekisteri.lint.validate import PublicationRefused, check_publication

    words = status_words(loaded.default_language, loaded.templates)
    _, ngettext = words.gettext, words.ngettext
    try:
        errors = check_publication(loaded, strict=strict)
    except PublicationRefused as exc:
        for line in format_brief(exc.report):
            say(_("error: %(message)s") % {"message": line}, err=True)
        count = len(exc.report.findings)
        say(
            ngettext(
                "error: %(file)s: nothing was written: the lint finds %(count)d error in the "
                "notice; run 'rekisteri lint %(file)s' for what to write",
                "error: %(file)s: nothing was written: the lint finds %(count)d errors in the "
                "notice; run 'rekisteri lint %(file)s' for what to write",
                count,
            )
            % {"file": exc.report.file, "count": count},
            err=True,
        )
        raise typer.Exit(1) from None
    if errors.findings:
        for line in format_brief(errors):
            say(_("warning: %(warning)s") % {"warning": line}, err=True)
        count = len(errors.findings)
        say(
            ngettext(
                "warning: %(file)s: the lint finds %(count)d error in the notice; run "
                "'rekisteri lint %(file)s' for what to write, or use --strict to refuse "
                "writing such a notice",
                "warning: %(file)s: the lint finds %(count)d errors in the notice; run "
                "'rekisteri lint %(file)s' for what to write, or use --strict to refuse "
                "writing such a notice",
                count,
            )
            % {"file": errors.file, "count": count},
            err=True,
        )


@app.command(cls=PlainUsage, short_help="Render the privacy notice as HTML and PDF files.")
def render(
    out: OutDir,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages; all of the notice's by default."),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="Comma-separated formats: html, pdf.",
            callback=format_list(NOTICE_FORMATS),
        ),
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
    strict: Strict = False,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Only what concerns this data-subject group (e.g. next-of-kin): the short "
            "Art. 14 notice to hand to them, as <slug>-<group>.<lang>.html and .pdf.",
        ),
    ] = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Render the privacy notice as <slug>.<lang>.html and .pdf files."""
    # jinja2 and WeasyPrint load only to render a notice, keeping `rekisteri validate` fast.
    from rekisteri.notice.group_notice import write_group_notice
    from rekisteri.notice.render import write_notice
    from rekisteri.register.loading import load_register

    with user_errors():
        loaded = load_register(register, templates=templates)
        check_before_writing(loaded, strict=strict)
        if group is not None:
            if fragment or layout is not None:
                raise RekisteriError(
                    "--group renders the short notice of one group as a page and a PDF; "
                    "leave out --fragment and --layout"
                )
            for path in write_group_notice(
                loaded,
                group,
                out,
                langs=_split(lang),
                formats=_split(formats) or [],
                templates=templates,
                force=force,
                variant=pdf_variant.value,
            ):
                say_done(str(path))
            return
        written = write_notice(
            loaded,
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
            say_done(str(path))


@app.command(cls=PlainUsage, short_help="Write a folder of the notice, ready to upload.")
def publish(
    out: OutDir,
    force: Force = False,
    templates: TemplatesDir = None,
    strict: Strict = False,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Write a folder ready to upload: every language's page and PDF, index.html, notice.json."""
    # The notice modules load only for this command, keeping `rekisteri validate` fast.
    from rekisteri.notice.publish import ReplaceRefused
    from rekisteri.notice.publish import publish as publish_notice
    from rekisteri.register.loading import load_register

    with user_errors():
        loaded = load_register(register, templates=templates)
        check_before_writing(loaded, strict=strict)
        try:
            written = publish_notice(loaded, out, force=force, templates=templates)
        except ReplaceRefused as exc:
            raise RekisteriError(f"{exc}; use --force to replace") from None
        for path in written:
            say_done(str(path))
        if not written:
            words = status_words(loaded.default_language, templates)
            say(words.gettext("%(out)s: up to date, nothing written") % {"out": out}, err=True)


# Click ends a command's summary at the first word with a full stop, which "Art." is.
@app.command(
    cls=PlainUsage,
    short_help="Write the record of processing activities (GDPR Art. 30(1)).",
)
def record(
    registers: Annotated[
        list[Path],
        typer.Argument(
            help="Register files of one controller.", show_default=False, metavar="REGISTER..."
        ),
    ],
    out: OutDir,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Comma-separated languages; all shared ones.")
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="Comma-separated formats: html, pdf, csv.",
            callback=format_list(RECORD_FORMATS),
        ),
    ] = "html,pdf,csv",
    force: Force = False,
    templates: TemplatesDir = None,
) -> None:
    """Write the Art. 30(1) record of processing activities (seloste käsittelytoimista)."""
    # jinja2 and WeasyPrint load only to write a record, keeping `rekisteri validate` fast.
    from rekisteri.record.record import write_record
    from rekisteri.register.loading import load_register

    with user_errors():
        loaded = [load_register(path, templates=templates) for path in registers]
        written = write_record(
            loaded,
            out,
            langs=_split(lang),
            formats=_split(formats) or [],
            force=force,
            templates=templates,
        )
        for path in written:
            say_done(str(path))


class ExportFormat(StrEnum):
    JSONLD = "jsonld"
    JSON = "json"


@app.command(cls=PlainUsage)
def export(
    output: Annotated[
        ExportFormat,
        typer.Option("--format", help="jsonld (W3C DPV terms) or json (the validated register)."),
    ] = ExportFormat.JSONLD,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Print the notice in a machine-readable form."""
    # pydantic and the register model load only to read one, keeping `rekisteri validate` fast.
    from rekisteri.register.loading import load_register

    with user_errors():
        loaded = load_register(register, templates=templates)
        if output is ExportFormat.JSONLD:
            # The notice modules load only for this command, keeping `rekisteri validate` fast.
            from rekisteri.notice.jsonld import jsonld_text

            sys.stdout.write(jsonld_text(loaded))
        else:
            # The notice modules load only for this command, keeping `rekisteri validate` fast.
            from rekisteri.notice.publish import notice_json

            sys.stdout.write(notice_json(loaded))


@app.command(
    cls=PlainUsage,
    short_help="Answer an access request (GDPR Art. 15, 20) from the store.",
)
def access(
    ctx: typer.Context,
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
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Search only this data-subject group (e.g. next-of-kin); every group the "
            "store mapping names by default.",
        ),
    ] = None,
    all_subjects: Annotated[
        bool,
        typer.Option("--all", help="A bundle for every person in the store; resumable."),
    ] = False,
    no_progress: Annotated[
        bool,
        typer.Option("--no-progress", help="With --all: draw no progress bar on the terminal."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages; all of the notice's by default."),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="Comma-separated formats: html, pdf, json, csv.",
            callback=format_list(BUNDLE_FORMATS),
        ),
    ] = "html,pdf,json,csv",
    zip_: Annotated[bool, typer.Option("--zip", help="Pack the bundle into one zip file.")] = False,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt the PDF (AES-256) and the zip (AES). The passphrase is asked for, or "
            "read from REKISTERI_PASSPHRASE; never give it on the command line. With --all, "
            "every bundle gets its own random passphrase instead (see --passphrases).",
        ),
    ] = False,
    passphrases: Annotated[
        Path | None,
        typer.Option(
            "--passphrases",
            help="With --all --encrypt: the CSV file (0600) listing each bundle's passphrase; "
            "outside DIR, by default DIR-passphrases.csv beside it.",
            show_default=False,
        ),
    ] = None,
    ref: Annotated[
        str | None, typer.Option("--ref", help="Reference of the request, shown in the bundle.")
    ] = None,
    csv_dialect: Annotated[
        str | None,
        typer.Option(
            "--csv-dialect",
            help="How the CSV files are written: standard (commas, decimal points) or excel-fi "
            "(semicolons and decimal commas, for a spreadsheet set to Finnish); by default the "
            "store mapping's csv_dialect.",
            show_default=False,
        ),
    ] = None,
    request: Annotated[
        int | None,
        typer.Option(
            "--request",
            help="The logged request this bundle answers: its reference goes into the bundle, "
            "and the delivery is recorded with the manifest's SHA-256 and the review decisions.",
            show_default=False,
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Write nothing to the bundle: only OUT.review.html (0600), the person's data "
            "in the categories held for review (e.g. therapy notes), for the practitioner to "
            "read before deciding with --release or --withhold (Tietosuojalaki 1050/2018 § 34).",
        ),
    ] = False,
    release: Annotated[
        list[str] | None,
        typer.Option(
            "--release",
            metavar="CATEGORY",
            help="Release a category held for review into the bundle (repeatable).",
            show_default=False,
        ),
    ] = None,
    withhold: Annotated[
        list[str] | None,
        typer.Option(
            "--withhold",
            metavar="CATEGORY",
            help="Withhold a category held for review (repeatable), each with a --reason and "
            "a --ground, given in the same order: it is left out of every file, and the "
            "report tells the person why and where to complain.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        list[str] | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why the category is withheld, told to the person (one per --withhold).",
            show_default=False,
        ),
    ] = None,
    ground: Annotated[
        list[str] | None,
        typer.Option(
            "--ground",
            metavar="GROUND",
            help="The ground of withholding (one per --withhold): health-or-care (could "
            "seriously endanger the person's health or care) or rights-of-others (could "
            "seriously endanger the rights of the person or of someone else).",
            show_default=False,
        ),
    ] = None,
    log: LogOption = None,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Answer a subject-access request (GDPR Art. 15 and 20) from the live customer store.

    Several matching people: lists them and exits 3; run again with --id. No match: writes the
    letter confirming that no personal data about the person is processed. Categories held for
    review before release need a decision each: see --review, --release and --withhold.
    """
    # SQLAlchemy and the access modules load only here, keeping `rekisteri validate` fast.
    from rekisteri.access.bundle import (
        PASSPHRASE_ENV,
        BundleOptions,
        passphrase_from_env,
        read_passphrase,
        write_access_bundle,
        write_all_bundles,
    )
    from rekisteri.access.collect import identify
    from rekisteri.register.loading import load_register

    if passphrases is not None and not (all_subjects and encrypt):
        typer.echo("error: --passphrases goes with --all --encrypt", err=True)
        raise typer.Exit(2)
    conflict = _person_options_conflict(
        {"--email": email, "--phone": phone, "--hetu": hetu, "--id": subject_id, "--name": name},
        birth_date=birth_date, group=group, all_subjects=all_subjects, request=request, ref=ref,
    )  # fmt: skip
    if conflict:
        usage_error(ctx, conflict)
    review_conflict = _review_options_conflict(
        review=review, all_subjects=all_subjects, release=release or [],
        withhold=withhold or [], reason=reason or [], ground=ground or [],
    )  # fmt: skip
    if review_conflict:
        usage_error(ctx, review_conflict)
    with user_errors():
        decisions = _decisions(release or [], withhold or [], reason or [], ground or [])
        if csv_dialect is not None:
            # A dialect that does not exist stops the command before anything is read or asked.
            from rekisteri.access.data import csv_dialect as known_dialect

            known_dialect(csv_dialect)
        loaded = load_register(register, templates=templates)
        words = status_words(_speaking(loaded, lang), templates)
        # With --all every bundle has its own passphrase: one for everyone is never asked; nor
        # for --review, which writes no bundle.
        asked = encrypt and not all_subjects and not review
        passphrase = read_passphrase(_ask_passphrase) if asked else None
        options = BundleOptions(
            languages=_split(lang) or (), formats=_split(formats) or [], zip=zip_,
            passphrase=passphrase, encrypt=encrypt, passphrase_file=passphrases,
            templates=templates, reference=ref, csv_dialect=csv_dialect, decisions=decisions,
        )  # fmt: skip
        if all_subjects:
            if encrypt and passphrase_from_env() is not None:
                note = words.gettext(
                    "note: %(env)s is not used with --all: every bundle gets its own passphrase"
                )
                typer.echo(note % {"env": PASSPHRASE_ENV}, err=True)
            # rich is loaded only when this command draws on a terminal.
            from rekisteri.cli.terminal import bundle_progress

            label = words.gettext("access bundles")
            with bundle_progress(label, shown=not (no_progress or quiet())) as progress:
                written = write_all_bundles(loaded, out, options, progress=progress)
            say_done(written.summary(words))
            return
        identifier = identify(
            email=email, phone=phone, hetu=hetu, subject_id=subject_id, name=name,
            birth_date=birth_date, group=group,
        )  # fmt: skip
        if review:
            _write_review_copy(loaded, register, out, identifier, options, request, log)
            return
        if request is not None:
            # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
            from rekisteri.operations.requests import describe_change
            from rekisteri.operations.service import RequestLog

            request_log = RequestLog.of(register, log)
            result, answered = request_log.answer_with_bundle(
                loaded, request, out, identifier, options
            )
            say_done(result.summary(option, words))
            say_done(describe_change(answered, request_log.language()))
            return
        result = write_access_bundle(loaded, out, identifier, options)
        say_done(result.summary(option, words))


def _review_options_conflict(
    *,
    review: bool,
    all_subjects: bool,
    release: list[str],
    withhold: list[str],
    reason: list[str],
    ground: list[str],
) -> str | None:
    """What is wrong with how `access` gives its review decisions, before anything is read."""
    if review and all_subjects:
        return "--review is for one person's request; give no --all"
    if review and (release or withhold or reason or ground):
        return (
            "--review writes the copy to decide on; give --release or --withhold in the next "
            "run, without --review"
        )
    if all_subjects and (withhold or reason or ground):
        return (
            "--all releases held categories to everyone (--release); withholding is decided "
            "for one person's request at a time"
        )
    if len(reason) > len(withhold) or len(ground) > len(withhold):
        return "each --reason and --ground goes with a --withhold, given in the same order"
    return None


def _decisions(
    release: list[str], withhold: list[str], reasons: list[str], grounds: list[str]
) -> list[Any]:
    """The review decisions the options give, each --withhold with the --reason and --ground
    at its position; one left without them is refused by the library, naming what is missing."""
    # The access modules load only for `access`, keeping `rekisteri validate` fast.
    from rekisteri.access.review import ReviewDecision, parse_ground

    decisions = [ReviewDecision(category, release=True) for category in release]
    for at, category in enumerate(withhold):
        why = reasons[at] if at < len(reasons) else None
        on = parse_ground(grounds[at]) if at < len(grounds) else None
        decisions.append(ReviewDecision(category, release=False, reason=why, ground=on))
    return decisions


def _write_review_copy(
    loaded: Any,
    register: Path,
    out: Path,
    identifier: Any,
    options: Any,
    request: int | None,
    log: Path | None,
) -> None:
    """`access --review`: the copy of the held data, and how to decide on it."""
    # SQLAlchemy and the access modules load only here, keeping `rekisteri validate` fast.
    from rekisteri.access.bundle import write_review_copy
    from rekisteri.access.review import GROUNDS

    if request is not None:
        # The request log loads only here, keeping `rekisteri validate` fast.
        from rekisteri.operations.service import RequestLog

        copy = RequestLog.of(register, log).review_copy(loaded, request, out, identifier, options)
    else:
        copy = write_review_copy(loaded, out, identifier, options)
    say_done(copy.summary(status_words(copy.lang, loaded.templates)))
    if copy.path is None:
        return
    grounds = "|".join(GROUNDS)
    _ = status_words(copy.lang, loaded.templates).gettext
    lines = [_("decide on each held category, then run the same command without --review, adding")]
    for held in copy.held:
        category = held.category.id
        lines.append(
            "  "
            + _("%(release)s  or  %(withhold)s")
            % {
                "release": f"--release {category}",
                "withhold": f"--withhold {category} --reason TEXT --ground {grounds}",
            }
        )
    lines.append(
        _("the reason is told to the person; the review copy is removed when the bundle is written")
    )
    say("\n".join(lines))


def _person_options_conflict(
    identifiers: dict[str, str | None],
    *,
    birth_date: str | None,
    group: str | None,
    all_subjects: bool,
    request: int | None,
    ref: str | None,
) -> str | None:
    """What is wrong with how `access` names its person, before anything is read."""
    given = [option for option, value in identifiers.items() if value is not None]
    if request is not None and (all_subjects or ref is not None):
        return "--request answers one request; give no --all or --ref"
    if all_subjects:
        if given or group is not None:
            named = ", ".join(given + (["--group"] if group is not None else []))
            return f"--all writes a bundle for every person; give no {named}"
        return None
    if len(given) != 1:
        return (
            "name the person with exactly one of --email, --phone, --hetu, --id, or --name "
            "with --birth-date" + (f" (got {', '.join(given)})" if given else "")
        )
    if given == ["--name"] and birth_date is None:
        return "a name alone does not identify a person; give --birth-date YYYY-MM-DD with --name"
    return None


def _ask_passphrase() -> str:
    return str(typer.prompt("Passphrase", hide_input=True, confirmation_prompt=True))


store_app = typer.Typer(
    cls=PlainGroup, help="The live customer store the register maps.", no_args_is_help=True
)
app.add_typer(store_app, name="store")


@store_app.command("check", cls=PlainUsage, short_help="Compare the store with the register.")
def store_check(
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for scripts.")
    ] = OutputFormat.TEXT,
    lang: Lang = None,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Compare the store with the register: unmapped personal data, missing columns,
    unreachable rows and people. Exits 1 on drift."""
    # SQLAlchemy and the access modules load only here, keeping `rekisteri validate` fast.
    from rekisteri.access.store import check_store
    from rekisteri.register.languages import require_language
    from rekisteri.register.loading import load_register

    with user_errors(output):
        loaded = load_register(register, templates=templates)
        language = require_language(loaded, lang) if lang else loaded.default_language
        report = check_store(loaded)
        if output is OutputFormat.JSON:
            say_json(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            say(report.format_text(option, status_words(language, loaded.templates)))
        raise typer.Exit(1 if report.drift else 0)


# --- running the register: requests, retention, marketing, feedback -------------------------

requests_app = typer.Typer(
    cls=PlainGroup,
    help="The log of data subjects' requests, their GDPR deadlines and a tamper-evident trail.",
    short_help="The log of requests, their deadlines and an audit trail.",
    no_args_is_help=True,
)
app.add_typer(requests_app, name="requests")


def _day_option(value: str | None) -> date | None:
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.requests import parse_day
    from rekisteri.operations.service import AS_OF

    return parse_day(value, AS_OF) if value is not None else None


def _show_request(request: Any, output: OutputFormat, log: Any, lang: str | None) -> None:
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.requests import describe_change, today

    if output is OutputFormat.JSON:
        say_json(json.dumps(request.to_dict(today()), ensure_ascii=False, indent=2))
    else:
        say(describe_change(request, log.language(lang)))


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text, or json for scripts.")]


@requests_app.command(
    "add",
    cls=PlainUsage,
    short_help="Record a request; its deadline is a month (Art. 12(3)).",
)
def requests_add(
    kind: Annotated[RequestKind, typer.Option("--type", help="The right the person exercises.")],
    subject: Annotated[str, typer.Option("--subject", help="Who asked: a name, an email address.")],
    received: Annotated[
        str, typer.Option("--received", help="The day the request arrived: YYYY-MM-DD or D.M.YYYY.")
    ],
    channel: Annotated[
        RequestChannel | None, typer.Option("--channel", help="How the request arrived.")
    ] = None,
    log: LogOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: Lang = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Record a request; its deadline is one month from receipt (GDPR Art. 12(3))."""
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.service import RequestLog

    with user_errors(output):
        request_log = RequestLog.of(register, log)
        request = request_log.add(
            type=kind.value,
            subject=subject,
            received=received,
            channel=channel.value if channel else None,
        )
        _show_request(request, output, request_log, lang)


@requests_app.command("list", cls=PlainUsage, short_help="List the open requests by deadline.")
def requests_list(
    all_requests: Annotated[bool, typer.Option("--all", help="Also the closed requests.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to count deadlines from; today.")
    ] = None,
    soon: Annotated[
        int,
        typer.Option("--soon", min=0, max=31, help="Days before a deadline that count as soon."),
    ] = 7,
    log: LogOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: Lang = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """List the open requests by deadline, marking the overdue and those due soon."""
    # rich is loaded only when this command draws on a terminal.
    from rekisteri.cli.terminal import colour_wanted, render_lines
    from rekisteri.operations import requests as requests_
    from rekisteri.operations.service import RequestLog

    with user_errors(output):
        day = _day_option(as_of) or requests_.today()
        request_log = RequestLog.of(register, log)
        found = request_log.requests(include_closed=all_requests)
        if output is OutputFormat.JSON:
            say_json(requests_.requests_json(found, day, soon))
            return
        lines = requests_.listing_lines(found, day, request_log.language(lang), soon=soon)
        sys.stdout.write(render_lines(lines, colour=colour_wanted()))


@requests_app.command(
    "extend", cls=PlainUsage, short_help="Extend a request's deadline by one or two months."
)
def requests_extend(
    register: RegisterPath,
    request_id: Annotated[
        int, typer.Argument(help="The request's number.", show_default=False, metavar="ID")
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why more time is needed (told to the person).")
    ],
    months: Annotated[
        int, typer.Option("--months", min=1, max=2, help="Further months: 1 or 2 (two in all).")
    ] = 2,
    told_on: Annotated[
        str | None,
        typer.Option(
            "--told-on", help="The day the person was told, within the first month; today."
        ),
    ] = None,
    log: LogOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: Lang = None,
) -> None:
    """Extend a request's deadline by one or two months, recording that the person was told.

    The person must be told of the extension and its reasons within the first month.
    """
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.service import RequestLog

    with user_errors(output):
        request_log = RequestLog.of(register, log)
        request = request_log.extend(request_id, reason=reason, months=months, told_on=told_on)
        _show_request(request, output, request_log, lang)


@requests_app.command("close", cls=PlainUsage)
def requests_close(
    register: RegisterPath,
    request_id: Annotated[
        int, typer.Argument(help="The request's number.", show_default=False, metavar="ID")
    ],
    outcome: Annotated[
        str, typer.Option("--outcome", help="What was done: answered, erased, refused and why…")
    ],
    log: LogOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: Lang = None,
) -> None:
    """Close a request, recording its outcome."""
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.service import RequestLog

    with user_errors(output):
        request_log = RequestLog.of(register, log)
        request = request_log.close(request_id, outcome=outcome)
        _show_request(request, output, request_log, lang)


class TableFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@requests_app.command(
    "export", cls=PlainUsage, short_help="Print every request with all its dates and outcome."
)
def requests_export(
    output: Annotated[
        TableFormat, typer.Option("--format", help="csv for a spreadsheet, or json.")
    ] = TableFormat.CSV,
    log: LogOption = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Print every request, closed ones too, with all its dates and outcome."""
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations import requests as requests_
    from rekisteri.operations.service import RequestLog

    with user_errors(
        OutputFormat(output.value) if output is TableFormat.JSON else OutputFormat.TEXT
    ):
        found = RequestLog.of(register, log).requests(include_closed=True)
        day = requests_.today()
        if output is TableFormat.JSON:
            say_json(requests_.requests_json(found, day))
        else:
            write_data(requests_.requests_csv(found, day))


@requests_app.command(
    "verify",
    cls=PlainUsage,
    short_help="Check the audit trail; name the first entry tampered with.",
)
def requests_verify(
    anchor: Annotated[
        str | None,
        typer.Option("--anchor", help="A head hash written down earlier; it must still be there."),
    ] = None,
    log: LogOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: Lang = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Check the audit trail and name the first entry that was edited, removed or moved.

    Every entry's hash and link is checked, and the requests against the trail; exits 1 when
    anything was changed.
    """
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.requests import describe_verification
    from rekisteri.operations.service import RequestLog

    with user_errors(output):
        request_log = RequestLog.of(register, log)
        report = request_log.verify(anchor=anchor)
        if output is OutputFormat.JSON:
            say_json(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            say(describe_verification(report, request_log.language(lang)))
        raise typer.Exit(0 if report.ok else 1)


@app.command(cls=PlainUsage, short_help="Open the local web app for the register in a browser.")
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="The address to listen on; 127.0.0.1. Another than this machine's own (loopback) "
            "lets others on the network reach the app: give it only on purpose.",
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port; 0: a free one.")
    ] = 0,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Open the start address in a browser.")
    ] = True,
    publish_to: Annotated[
        Path | None,
        typer.Option(
            "--publish",
            help="The folder the app publishes the notice into; site beside the register.",
            file_okay=False,
        ),
    ] = None,
    lang: Lang = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Serve the register's web app on this machine until Ctrl+C: its status, its editor,
    publishing and its requests, in Finnish, Swedish or English.

    The start address printed holds a random token: only a browser that opened it is served.
    """
    # The web app (Starlette, uvicorn) loads only here.
    from rekisteri.operations.service import RequestLog
    from rekisteri.web import server

    with user_errors(OutputFormat.TEXT):
        address = server.plan(register, host=host, port=port)
        language = server.message_language(RequestLog.of(register).language(lang))
        if not server.is_loopback(address.host):
            say(server.message(language, server.NOT_LOOPBACK, host=address.host), err=True)

        def ready(started: server.Address) -> None:
            say_with_secret(server.message(language, server.SERVING, address=started.start))
            if browser:
                # Only when asked: a test or a script runs with --no-browser.
                import webbrowser

                webbrowser.open(started.start)

        server.serve(register, address, ready=ready, site=publish_to)


class SweepFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"
    JSON = "json"


@app.command(cls=PlainUsage, short_help="List the people and rows whose retention has passed.")
def retention(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to judge retention on; today.")
    ] = None,
    output: Annotated[
        SweepFormat, typer.Option("--format", help="text, csv (one row per person) or json.")
    ] = SweepFormat.TEXT,
    lang: Lang = None,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """List per data category the people and rows whose retention has passed; deletes nothing."""
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.retention_sweep import format_text
    from rekisteri.operations.service import retention as sweep_retention
    from rekisteri.register.languages import require_language

    with user_errors(OutputFormat.JSON if output is SweepFormat.JSON else OutputFormat.TEXT):
        swept = sweep_retention(register, as_of=as_of, templates=templates)
        loaded, report = swept.register, swept.report
        if output is SweepFormat.JSON:
            say_json(report.to_json(), nl=False)
        elif output is SweepFormat.CSV:
            write_data(report.to_csv())
        else:
            language = require_language(loaded, lang) if lang else loaded.default_language
            say(format_text(report, loaded, language), nl=False)


@app.command(cls=PlainUsage, short_help="Print as CSV who may be sent marketing on a channel now.")
def marketing(
    channel: Annotated[
        MarketingChannelChoice, typer.Option("--channel", help="The channel of the campaign.")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The moment to judge: YYYY-MM-DD[THH:MM], in the store's time_zone; now.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the CSV here (readable by you only)."),
    ] = None,
    force: Force = False,
    templates: TemplatesDir = None,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Print as CSV who may be sent marketing on a channel now, and who must not.

    The latest choice decides; a ban or a withdrawal wins over a consent at the same moment.
    A channel, choice or time the mapping cannot read stops the list: nothing is written.
    """
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.requests import register_language
    from rekisteri.operations.service import marketing as marketing_list

    with user_errors():
        result = marketing_list(register, channel.value, as_of=as_of, templates=templates)
        language = register_language(register)
        _write_or_print(result.to_csv(), out, force=force, private=True, lang=language)
        words = status_words(language, templates)
        for warning in result.warnings:
            typer.echo(
                words.gettext("warning: %(warning)s") % {"warning": printable(warning)}, err=True
            )
        typer.echo(result.summary(words), err=True)


@app.command(cls=PlainUsage, short_help="Print client feedback as an HTML snippet, people removed.")
def feedback(
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the snippet; the register's own.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--output", "-o", help="Write the HTML here.")] = None,
    force: Force = False,
    templates: TemplatesDir = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="Show each answer and what was removed from it; write nothing."
        ),
    ] = False,
    register: DefaultRegister = DEFAULT_REGISTER,
) -> None:
    """Print publishable client feedback as an HTML snippet for the homepage, people removed.

    Names, email addresses, phone numbers, identity codes, addresses and signatures are taken
    out of the text, and answers that would still identify someone are left out.
    """
    # The request log and SQLAlchemy load only here, keeping `rekisteri validate` fast.
    from rekisteri.operations.requests import register_language
    from rekisteri.operations.service import feedback as feedback_export

    if review and (out is not None or force):
        typer.echo("error: --review writes nothing; leave out --output and --force", err=True)
        raise typer.Exit(2)
    with user_errors():
        export = feedback_export(register, review=review, lang=lang, templates=templates)
        language = register_language(register, lang)
        if review:
            _print_feedback_review(export, language)
        else:
            _write_or_print(export.html, out, force=force, private=False, lang=language)
        typer.echo(printable(export.summary(status_words(language, templates))), err=True)


def _print_feedback_review(export: Any, lang: str) -> None:
    """Each answer of a :class:`rekisteri.operations.feedback.FeedbackExport` with its removed
    parts marked; store text is escaped, so nothing in it can drive the terminal."""
    _ = status_words(lang).gettext
    outcomes = {
        "published": _("published"),
        "identifying": _("left out: it would identify someone"),
    }
    kinds = {
        "name": _("name"),
        "email": _("email address"),
        "web address": _("web address"),
        "phone": _("phone number"),
        "identity code": _("personal identity code"),
        "address": _("address"),
        "signature": _("signature"),
    }
    for number, item in enumerate(export.reviewed, start=1):
        outcome = outcomes.get(item.outcome, item.outcome)
        if item.rating is not None:
            outcome = _("%(outcome)s, rating %(rating)s") % {
                "outcome": outcome,
                "rating": item.rating,
            }
        typer.echo(f"{number}. {outcome}")
        typer.echo("   " + _("original: %(text)s") % {"text": printable(item.scrubbed.marked())})
        if item.outcome == "published":
            typer.echo("   " + _("published: %(text)s") % {"text": printable(item.scrubbed.text)})
        removed = "; ".join(
            f"{', '.join(kinds.get(k, k) for k in r.kind.split(', '))} {printable(repr(r.text))}"
            for r in item.scrubbed.removals
        )
        typer.echo("   " + _("removed: %(what)s") % {"what": removed or _("nothing")})


def _write_or_print(
    text: str, out: Path | None, *, force: bool, private: bool, lang: str = "en"
) -> None:
    if out is None:
        write_data(text)
        return
    ensure_dir(out.parent)
    write_atomic(out, text, mode=PRIVATE_FILE if private else PUBLIC_FILE, force=force)
    typer.echo(status_words(lang).gettext("wrote %(path)s") % {"path": out}, err=True)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rekisteri")
