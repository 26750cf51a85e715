"""Which languages a register may declare: those rekisteri ships catalogs for, and any other
whose complete catalogs a user's template folder holds.

Checked once, when the register is loaded, so that a declared language without catalogs is a
schema error at ``notice.languages`` and no later command (``validate`` included) fails on a
missing catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rekisteri.errors import RekisteriError, nearest
from rekisteri.register.base import LANGUAGES
from rekisteri.register.checks import Problem
from rekisteri.register.model import Register
from rekisteri.resources import catalog_domains, catalog_file, catalog_files, templates_dir

# How many missing messages a problem lists before it says "and N more".
_SHOWN = 3


def language_problems(languages: list[str], templates: Path | None) -> dict[str, list[Problem]]:
    """The declared languages rekisteri cannot write in with ``templates``, each with why."""
    found = {
        lang: list(_problems_of(index, lang, templates))
        for index, lang in enumerate(languages)
        if lang not in LANGUAGES
    }
    return {lang: problems for lang, problems in found.items() if problems}


def _problems_of(index: int, lang: str, templates: Path | None) -> Iterator[Problem]:
    loc = ("notice", "languages", index)
    missing = [d for d in catalog_domains() if not catalog_files(lang, d, templates)]
    if len(missing) == len(catalog_domains()):
        yield _no_catalogs(loc, lang, templates)
    elif missing:
        files = ", ".join(str(catalog_file(templates or Path("DIR"), lang, d)) for d in missing)
        yield Problem(
            loc,
            f"the catalogs for '{lang}' lack {len(missing)} of rekisteri's "
            f"{len(catalog_domains())} domains",
            hint=f"add {files}: copy each from {_english(missing[0]).parent}/ and translate "
            "every msgstr",
        )
    else:
        yield from _untranslated(lang, templates, loc)


def _no_catalogs(loc: tuple[str | int, ...], lang: str, templates: Path | None) -> Problem:
    shipped = f"rekisteri ships {', '.join(LANGUAGES[:-1])} and {LANGUAGES[-1]}"
    name = _language_name(lang)
    if name is None:
        guess = nearest(lang, LANGUAGES)
        return Problem(
            loc,
            f"'{lang}' is not a language code (ISO 639)",
            hint=(f"did you mean '{guess}'? " if guess else "") + shipped,
        )
    where = f"in {templates} or " if templates is not None else ""
    folder = templates or Path("DIR")
    return Problem(
        loc,
        f"no catalogs for '{lang}' ({name}) {where}among rekisteri's own",
        hint=f"{shipped}; to add {name}, put its catalogs in "
        f"{catalog_file(folder, lang).parent}/ (every domain, translated from the English "
        f"ones) and pass --templates {folder}",
    )


def _english(domain: str) -> Path:
    return catalog_file(templates_dir(), "en", domain)


def _language_name(lang: str) -> str | None:
    """The English name of ``lang``, None when it is no language Babel knows."""
    # Babel is slow to import; only a language rekisteri does not ship comes here.
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).get_language_name("en")
    except (UnknownLocaleError, ValueError):
        return None
    return str(name) if name else None


def _untranslated(
    lang: str, templates: Path | None, loc: tuple[str | int, ...]
) -> Iterator[Problem]:
    """A problem for each user catalog that leaves a message of the English one untranslated:
    the language's whole chain is the user's, so a gap would fail a command later."""
    # Babel is slow to import; only a language rekisteri does not ship comes here.
    from babel.messages.pofile import PoFileError, read_po

    for domain in catalog_domains():
        file = catalog_files(lang, domain, templates)[0]
        try:
            with file.open("rb") as handle:
                theirs = read_po(handle, locale=lang, domain=domain, abort_invalid=True)
            with _english(domain).open("rb") as handle:
                ours = read_po(handle, locale="en", domain=domain)
        except (PoFileError, OSError, ValueError) as exc:
            yield Problem(loc, f"the catalog {file} cannot be read: {exc}", hint="")
            continue
        gaps = [
            message.id if isinstance(message.id, str) else message.id[0]
            for message in ours
            if message.id and not _translated(theirs.get(message.id, context=message.context))
        ]
        if gaps:
            shown = "; ".join(repr(gap) for gap in gaps[:_SHOWN])
            more = f" and {len(gaps) - _SHOWN} more" if len(gaps) > _SHOWN else ""
            yield Problem(
                loc,
                f"the catalog {file} has no '{lang}' translation for {len(gaps)} "
                f"message{'s' if len(gaps) > 1 else ''}: {shown}{more}",
                hint="add each msgid with a non-empty, non-fuzzy msgstr (compare with "
                f"{_english(domain)})",
            )


def _translated(message: object) -> bool:
    if message is None or getattr(message, "fuzzy", False):
        return False
    value = getattr(message, "string", "")
    values = value if isinstance(value, (tuple, list)) else (value,)
    return all(values)


class LanguageNotInRegister(RekisteriError):
    """Something was asked for in a language the register's notice is not written in."""


def require_language(register: Register, lang: str) -> str:
    """``lang``, when the register's notice is written in it.

    Raises :class:`LanguageNotInRegister` located at ``notice.languages``, naming the notice's
    languages and the nearest of them.
    """
    if lang in register.languages:
        return lang
    line, column = register.position_of(("notice", "languages"))
    raise not_declared(register.source_name, register.languages, lang, line, column)


def not_declared(
    file: str, languages: list[str], lang: str, line: int | None, column: int | None
) -> LanguageNotInRegister:
    """The error for ``lang`` asked of a notice written in ``languages``."""
    guess = nearest(lang, languages)
    declared = ", ".join(languages)
    return LanguageNotInRegister.at(
        file,
        f"the notice is written in {declared}, not in '{lang}'",
        line=line,
        column=column,
        path="notice.languages",
        hint=(f"did you mean '{guess}'? " if guess else "")
        + f"choose {declared}, or add '{lang}' to notice.languages and write every text in it",
    )
