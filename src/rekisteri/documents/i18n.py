"""Fixed phrases in every notice language, and locale-aware dates, periods and place names.

Catalogs are gettext ``.po`` files, one per language and domain, at
``templates/locale/<lang>/LC_MESSAGES/<domain>.po`` ("messages" for notices; other features add
their own domains). They are compiled in memory when first used, so git holds only the text a
translator edits. A user's template folder is searched before the built-in one: dropping
``locale/sv/LC_MESSAGES/messages.po`` into it is all it takes to render a Swedish notice.

A message missing from a catalog (absent, empty or fuzzy) is an error naming the catalog and the
message, never a silent fall-back to the English source text.
"""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import struct
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rekisteri import derived
from rekisteri.errors import RekisteriError
from rekisteri.register.iso import parse_period
from rekisteri.register.places import place_name
from rekisteri.resources import catalog_file as catalog_file
from rekisteri.resources import catalog_files as catalog_files
from rekisteri.resources import search_path as search_path
from rekisteri.resources import templates_dir

if TYPE_CHECKING:
    from babel import Locale

# A catalog chain: the standard library reads the compiled catalogs (see _CompiledCatalogs).
Translations = gettext.GNUTranslations

DEFAULT_DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark ``message`` for extraction into a catalog; it is translated where it is shown.

    The one marker for every domain (notices, lint, diff): extraction finds ``N_(...)`` calls
    by name, and the domain is chosen where the message is translated.
    """
    return message


def translations(
    lang: str,
    domain: str = DEFAULT_DOMAIN,
    *,
    templates: Path | None = None,
    voice: str | None = None,
) -> Translations:
    """The ``domain`` catalog for ``lang``; a user's catalog takes precedence over the built-in.

    ``voice`` "i" is a sole trader who writes in the first person singular: a message with a
    ``msgctxt "i"`` entry is given in that form, any other as written (in the "we" voice, or
    impersonal).

    Raises :class:`RekisteriError` naming the file to create when no catalog exists.
    """
    chain = _translations(lang, domain, templates)
    if voice == FIRST_PERSON:
        return _first_person(chain)
    return chain


# The msgctxt of a message's first-person-singular form.
FIRST_PERSON = "i"


@cache
def _first_person(chain: Translations) -> Translations:
    return _FirstPerson(chain)  # type: ignore[return-value]


class _FirstPerson(gettext.NullTranslations):
    """The chain with each lookup trying the "i" form first; the cached chain itself is left as
    it is for the "we" voice."""

    def __init__(self, chain: Translations) -> None:
        super().__init__()
        self.chain = chain

    def gettext(self, message: str) -> str:
        found = _context_entry(self.chain, f"{FIRST_PERSON}\x04{message}")
        return found if found is not None else self.chain.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        # GNUTranslations sets `plural` from the catalog's Plural-Forms header as it reads it.
        plural = self.chain.plural(n)  # type: ignore[attr-defined]
        key = (f"{FIRST_PERSON}\x04{msgid1}", plural)
        found = _context_entry(self.chain, key)
        return found if found is not None else self.chain.ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.chain.pgettext(context, message))

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return str(self.chain.npgettext(context, msgid1, msgid2, n))


def _context_entry(chain: Translations, key: object) -> str | None:
    catalog: object = chain
    while catalog is not None:
        entries = getattr(catalog, "_catalog", None)
        if entries is not None and key in entries:
            return str(entries[key])
        catalog = getattr(catalog, "_fallback", None)
    return None


def _translations(lang: str, domain: str, templates: Path | None) -> Translations:
    files = catalog_files(lang, domain, templates)
    if not files:
        target = catalog_file(templates or templates_dir(), lang, domain)
        raise RekisteriError.at(
            target,
            f"no '{domain}' catalog for language '{lang}'",
            hint=f"create this file: copy {catalog_file(templates_dir(), 'en', domain)} there "
            "and translate every msgstr",
        )
    # Keyed on modification times so that an edited catalog is read again in a long-lived process.
    stamps = tuple((f, f.stat().st_mtime_ns) for f in files)
    return _chain(lang, domain, stamps)


@cache
def _chain(lang: str, domain: str, stamps: tuple[tuple[Path, int], ...]) -> Translations:
    files = [f for f, _ in stamps]
    first, *rest = (_compile(f, lang, domain) for f in files)
    for fallback in rest:
        first.add_fallback(fallback)
    first.add_fallback(_MissingMessage(lang, domain, files))
    return first


def _compile(file: Path, lang: str, domain: str) -> Translations:
    try:
        source = file.read_bytes()
    except OSError as exc:
        raise RekisteriError.at(file, f"cannot read the catalog: {exc.strerror or exc}") from None
    return _CompiledCatalogs.here().catalog(file, source, lang, domain)


def _compiled(file: Path, source: bytes, lang: str, domain: str) -> bytes:
    """The catalog as a .mo file, compiled by Babel."""
    # Babel is slow to import: it is loaded when a catalogue is first compiled (afterwards its
    # .mo comes from the cache), not with this module, which `rekisteri validate` loads.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.BytesIO(source), locale=lang, domain=domain, abort_invalid=True)
    except PoFileError as exc:
        raise RekisteriError.at(
            file, f"invalid catalog: {exc}", line=getattr(exc, "lineno", None)
        ) from None
    except ValueError as exc:
        raise RekisteriError.at(file, f"cannot read the catalog: {exc}") from None
    # write_mo leaves out empty and fuzzy translations, so they reach _MissingMessage.
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


class _CompiledCatalogs:
    """Compiled catalogs kept between runs in the cache (rekisteri.derived), so that a command
    need not load Babel to say a sentence.

    Correct by construction: a compiled catalog is found by the SHA-256 of the exact ``.po``
    bytes, the language and domain, and the installed Babel that compiled it (its files' sizes
    and modification times), so an edited catalog or another Babel is compiled afresh. The
    cache holds no personal data, only the catalogs' texts; a cache that cannot be read or
    written is passed over, and the catalog is compiled in memory as before.
    """

    _instance: _CompiledCatalogs | None = None

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._compiler: str | None = None

    @classmethod
    def here(cls) -> _CompiledCatalogs:
        if cls._instance is None:
            folder = derived.cache_folder("catalogs")
            cls._instance = cls(Path(folder) if folder is not None else None)
        return cls._instance

    def compiler(self) -> str:
        """Which Babel compiles: where it is installed and the state of the files that read
        and write catalogs, found without importing it."""
        if self._compiler is None:
            files = ("__init__.py", "messages/pofile.py", "messages/mofile.py")
            self._compiler = derived.installed_state("babel", files)
        return self._compiler

    def _path(self, source: bytes, lang: str, domain: str) -> str | None:
        if self.folder is None:
            return None
        name = derived.key(lang, domain, self.compiler(), source)
        return str(self.folder / f"{name}.mo")

    def catalog(self, file: Path, source: bytes, lang: str, domain: str) -> Translations:
        """The catalog ``source`` (the bytes of ``file``), from the cache or compiled now."""
        cached = self.get(source, lang, domain)
        if cached is not None:
            try:
                return gettext.GNUTranslations(io.BytesIO(cached))
            except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError):
                pass  # a damaged copy in the cache: compiled again below, and replaced
        compiled = _compiled(file, source, lang, domain)
        self.put(source, lang, domain, compiled)
        return gettext.GNUTranslations(io.BytesIO(compiled))

    def get(self, source: bytes, lang: str, domain: str) -> bytes | None:
        return derived.read(self._path(source, lang, domain))

    def put(self, source: bytes, lang: str, domain: str, compiled: bytes) -> None:
        derived.write(self._path(source, lang, domain), compiled)


class _MissingMessage(gettext.NullTranslations):
    """The end of every catalog chain: a message no catalog translates is an error."""

    def __init__(self, lang: str, domain: str, files: list[Path]) -> None:
        super().__init__()
        self.lang, self.domain, self.files = lang, domain, files

    def _fail(self, message: str) -> str:
        raise RekisteriError.at(
            self.files[0],
            f"no {self.lang} translation for {message!r}",
            hint=f'add msgid "{message}" with a non-empty, non-fuzzy msgstr',
        )

    def gettext(self, message: str) -> str:
        return self._fail(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._fail(msgid1)

    def pgettext(self, context: str, message: str) -> str:
        return self._fail(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._fail(msgid1)


def available_languages(
    domain: str = DEFAULT_DOMAIN, *, templates: Path | None = None
) -> list[str]:
    """Languages with a ``domain`` catalog on the search path, sorted."""
    found: set[str] = set()
    for base in search_path(templates):
        locale_dir = base / "locale"
        if locale_dir.is_dir():
            found.update(
                d.name for d in locale_dir.iterdir() if catalog_file(base, d.name, domain).is_file()
            )
    return sorted(found)


# --- locale data -------------------------------------------------------------------------------


@cache
def locale(lang: str) -> Locale:
    """The Babel locale for a notice language.

    Notices are published by Finnish businesses, so each language is taken as written in
    Finland where CLDR knows that variant: dates read 24.5.2018 in Finnish, 24 May 2018 in
    English and 24 maj 2018 in Swedish.
    """
    # Babel stays off module load (see _compile).
    from babel import Locale, UnknownLocaleError

    for tag in (f"{lang}_FI", lang):
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    raise RekisteriError(f"'{lang}' is not a language Babel knows")


# Finnish documents write dates in numbers (24.5.2018); English and Swedish ones spell the month
# (24 May 2018, 24 maj 2018), which CLDR calls the long format. A new language gets "long".
_DATE_FORMATS = {"fi": "medium"}


def format_date(d: date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it: 24.5.2018, 24 May 2018."""
    return _days_of_year(lang, d.year)[d.toordinal() - date(d.year, 1, 1).toordinal()]


@cache
def _days_of_year(lang: str, year: int) -> tuple[str, ...]:
    """Every day of ``year`` as Babel writes it in ``lang``.

    Kept (rekisteri.derived) by the language, the year, the format and the installed Babel's
    state, its locale data included: loading Babel and a locale takes longer than the rest of
    `rekisteri requests add`, which writes three dates.
    """
    size = date(year, 12, 31).toordinal() - date(year, 1, 1).toordinal() + 1
    style = _DATE_FORMATS.get(lang, "long")
    path = derived.cache_folder("dates")
    if path is not None:
        data = ("global.dat", "locale-data/root.dat", f"locale-data/{lang.split('_')[0]}.dat")
        files = ("__init__.py", "core.py", "dates.py", "localedata.py", *data)
        name = derived.key("dates", lang, str(year), style, derived.installed_state("babel", files))
        path = os.path.join(path, f"{name}.json")
    kept = derived.read(path)
    if kept is not None:
        try:
            days = json.loads(kept)
        except ValueError:
            days = None  # damaged: written again below
        if isinstance(days, list) and len(days) == size and all(isinstance(d, str) for d in days):
            return tuple(days)
    # Babel stays off module load (see _compile), and off a run that finds the days kept.
    from babel.dates import format_date as babel_format_date

    where = locale(lang)
    first = date(year, 1, 1).toordinal()
    written = tuple(
        str(babel_format_date(date.fromordinal(first + n), style, locale=where))
        for n in range(size)
    )
    derived.write(path, json.dumps(written, ensure_ascii=False).encode("utf-8"))
    return written


# The word before a time of day: "25.4.2023 klo 13.39"; English and Swedish write "at" / "kl.".
_TIME_WORDS = {"fi": "klo", "sv": "kl.", "en": "at"}


def format_time(t: time, lang: str) -> str:
    """A time of day as ``lang`` writes it: 13.39 in Finnish and Swedish, 13:39 in English."""
    # Babel stays off module load (see _compile).
    from babel.dates import format_time as babel_format_time

    pattern = "H:mm" if lang == "en" else "H.mm"
    return str(babel_format_time(t, pattern, locale=locale(lang)))


def format_datetime(moment: datetime, lang: str) -> str:
    """A date and time: 25.4.2023 klo 13.39, 25 April 2023 at 13:39, 25 april 2023 kl. 13.39.

    The word and the time are joined by a non-breaking space, so that a line never ends in
    "klo" with the time on the next one; a timezone-aware moment is shown as its wall-clock time.
    """
    word = _TIME_WORDS.get(lang)
    clock = format_time(moment.time(), lang)
    day = format_date(moment.date(), lang)
    return f"{day} {word}{NBSP}{clock}" if word else f"{day} {clock}"


def format_money(amount: Decimal | int | float, lang: str, currency: str = "EUR") -> str:
    """A sum of money with its currency as ``lang`` is written in Finland (CLDR's fi_FI,
    en_FI, sv_FI): 95,00 €, 1 234,50 € — the sign after the sum, a non-breaking space before it.
    """
    # Babel stays off module load (see _compile).
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=locale(lang)))


def format_number(value: Decimal | int | float, lang: str) -> str:
    """A number with the locale's decimal sign and grouping, its decimals kept: 1 234,5."""
    # Babel stays off module load (see _compile).
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale(lang), decimal_quantization=False))


NBSP = "\u00a0"


def format_phone(number: str) -> str:
    """A phone number that does not wrap inside itself: its spaces made non-breaking."""
    return NBSP.join(number.split())


_UNITS = (
    "duration-year",
    "duration-month",
    "duration-day",
    "duration-hour",
    "duration-minute",
    "duration-second",
)


def format_duration(iso: str, lang: str) -> str:
    """An ISO 8601 period in words: P12Y → 12 vuotta / 12 years, P1Y6M → 1 year and 6 months,
    PT10M → 10 minuuttia / 10 minutes, P1DT12H → 1 day and 12 hours."""
    # Babel stays off module load (see _compile).
    from babel.lists import format_list
    from babel.units import format_unit

    try:
        amounts = parse_period(iso)
    except ValueError:
        raise RekisteriError(f"'{iso}' is not an ISO 8601 period such as P6Y or PT10M") from None
    where = locale(lang)
    parts = [
        str(format_unit(amount, unit, length="long", locale=where))
        for amount, unit in zip(amounts, _UNITS, strict=True)
        if amount
    ]
    if not parts:
        parts = [str(format_unit(0, "duration-day", length="long", locale=where))]
    return str(format_list(parts, locale=where))


# A point of the GDPR as the model writes it (rekisteri.register.model: LegalBasis.article,
# Art9Condition.article): "GDPR 6(1)(c)", "GDPR 9(2)(h)".
_GDPR_POINT = re.compile(r"GDPR (\d+)\((\d+)\)\(([a-z])\)")

ARTICLE_POINT = N_("Art. %(article)s(%(paragraph)s)(%(point)s)")


def gdpr_point(code: str, gettext: Callable[[str], str]) -> str:
    """A point of the GDPR cited in the reader's language, for a parenthesis after its name:
    "GDPR 6(1)(c)" → "GDPR Art. 6(1)(c)" / "tietosuoja-asetuksen 6 artiklan 1 kohdan c alakohta"
    (``gettext`` is the
    catalog of the document, which holds :data:`ARTICLE_POINT`).

    Any other code is returned as written.
    """
    match = _GDPR_POINT.fullmatch(code)
    if match is None:
        return code
    article, paragraph, point = match.groups()
    return gettext(ARTICLE_POINT) % {"article": article, "paragraph": paragraph, "point": point}


def country_name(code: str, lang: str, gettext: Callable[[str], str] | None = None) -> str:
    """The name of a place in ``lang``: SE → Ruotsi / Sweden, EEA → Euroopan talousalue.

    A country is named by Babel; a region (EU, EEA, worldwide, unspecified) by ``gettext``, or
    by the built-in catalog of ``lang`` when none is given.
    """
    if gettext is None:
        gettext = translations(lang).gettext
    try:
        return place_name(code.upper() if len(code) == 2 else code, lang, gettext)
    except ValueError:
        # The model admits only places Babel names; a caller's own code is shown as written.
        return code


def language_name(lang: str) -> str:
    """A language's name in itself (suomi, English, svenska), for language switchers."""
    return str(locale(lang).get_language_name(lang) or lang)
