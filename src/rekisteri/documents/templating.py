"""Jinja2 environments for documents people read: notices, access reports.

Templates are found on a search path, the user's ``--templates DIR`` first and the built-in
``templates/`` after, so a user can replace any template by putting one with the same name in
their folder. The built-ins are also reachable as ``default:<name>``, so an override can
``{% extends "default:notice/tietosuojaseloste.html.j2" %}`` and replace a single block.

Autoescape is always on and undefined variables are errors. Fixed phrases come from the gettext
catalog of the environment's language (see :mod:`rekisteri.documents.i18n`). A broken template, in
particular a user's override, becomes a :class:`RekisteriError` naming the file and line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from types import CodeType, TracebackType
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

from rekisteri.documents import i18n
from rekisteri.documents.blocks import fact_groups
from rekisteri.errors import RekisteriError

DEFAULT_PREFIX = "default"


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for this process and on disk for the next one.

    Rendering fi and en builds two environments (one per catalog); the compiled code does not
    depend on the language, so the second compiles nothing. Compiling the notice templates
    takes longer than rendering them, so a command's next run reuses Jinja's per-user disk cache
    (a private folder in the temporary directory; stale entries are recognised by the template
    source's checksum). The disk cache is only an optimisation: any error with it is ignored.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}
        self._disk: BytecodeCache | None = None
        try:
            self._disk = FileSystemBytecodeCache()
        except (OSError, RuntimeError):
            self._disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self._code.get(bucket.key)
        if entry is not None and entry[0] == bucket.checksum:
            bucket.code = entry[1]
            return
        if self._disk is not None:
            with contextlib.suppress(Exception):
                self._disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        if self._disk is not None:
            with contextlib.suppress(OSError):
                self._disk.dump_bytecode(bucket)


_BYTECODE = _SharedBytecode()


class TemplatesNotFound(RekisteriError):
    """The folder of a user's own templates does not exist."""


def search_path(user_templates: Path | None = None) -> list[Path]:
    """Template folders in lookup order."""
    return i18n.search_path(user_templates)


def environment(
    lang: str,
    user_templates: Path | None = None,
    domain: str = i18n.DEFAULT_DOMAIN,
    *,
    voice: str | None = None,
) -> jinja2.Environment:
    """An environment rendering in ``lang``, with ``domain``'s catalog installed.

    ``_()`` / ``gettext()`` translate fixed phrases, in the first person singular where
    ``voice`` is "i" (see :func:`rekisteri.documents.i18n.translations`); the filters
    ``format_date``, ``format_datetime``, ``format_money``, ``format_number``, ``format_phone``,
    ``format_duration`` and ``country_name`` format for ``lang``.
    """
    if user_templates is not None and not user_templates.is_dir():
        raise TemplatesNotFound.at(
            user_templates,
            "the templates folder does not exist",
            hint="check the path of the templates folder",
        )
    folders = search_path(user_templates)
    builtin = folders[-1]
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(f) for f in folders]),
            jinja2.PrefixLoader(
                {DEFAULT_PREFIX: jinja2.FileSystemLoader(str(builtin))}, delimiter=":"
            ),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_BYTECODE,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.extend(rekisteri_search_path=folders)
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(lang, domain, templates=user_templates, voice=voice), newstyle=True
    )
    env.globals["lang"] = lang
    env.filters["format_date"] = lambda d: i18n.format_date(d, lang)
    env.filters["format_datetime"] = lambda moment: i18n.format_datetime(moment, lang)
    env.filters["format_money"] = lambda amount: i18n.format_money(amount, lang)
    env.filters["format_number"] = lambda value: i18n.format_number(value, lang)
    env.filters["format_phone"] = i18n.format_phone
    env.filters["format_duration"] = lambda iso: i18n.format_duration(str(iso), lang)
    env.filters["country_name"] = lambda code: i18n.country_name(str(code), lang)
    env.filters["fact_groups"] = fact_groups
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; any template problem becomes a located :class:`RekisteriError`."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise RekisteriError.at(
            exc.filename or exc.name or name,
            f"template syntax error: {exc.message}",
            line=exc.lineno,
            hint="fix the template, or remove it from the templates folder to use the built-in",
        ) from None
    except jinja2.TemplateNotFound as exc:
        file, line = _template_position(exc.__traceback__)
        folders = ", ".join(str(f) for f in getattr(env, "rekisteri_search_path", []))
        raise RekisteriError.at(
            file or name,
            f"template '{exc.name}' not found",
            line=line,
            hint=f"templates are looked up in {folders}; built-ins as 'default:<name>'",
        ) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_position(exc.__traceback__)
        raise RekisteriError.at(
            file or name,
            f"template uses an undefined variable: {exc.message}",
            line=line,
            hint="see the built-in template for the variables a template receives",
        ) from None
    except jinja2.TemplateError as exc:
        file, line = _template_position(exc.__traceback__)
        raise RekisteriError.at(file or name, f"template error: {exc}", line=line) from None


def _template_position(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback.

    Jinja rewrites tracebacks so that frames executing template code carry the template's file
    name and line number, which is what a person fixing an override needs.
    """
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
