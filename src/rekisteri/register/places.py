"""Where data is: a country (ISO 3166-1 alpha-2) or one of the regions a notice names.

A notice says where a processor or recipient is and where data is transferred. A country is its
ISO 3166-1 code, checked against the territories CLDR names (through Babel, so every code can be
named in the reader's language). Four regions say what a notice says when it names no country:
``EU`` and ``EEA`` (somewhere inside the area: not a transfer), ``worldwide`` and ``unspecified``
(the notice does not say where).

Babel costs about 33 ms to load (17 ms ``import babel.core``, 16 ms for the English locale data,
measured with ``python -X importtime``), more than `rekisteri validate` can spend on every run:
it is loaded on the first country outside the EEA that is checked, or the first one named, never
with this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from rekisteri.errors import nearest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

# The EU's 27 member states and the three EFTA states of the EEA Agreement (Iceland,
# Liechtenstein, Norway): a place anywhere else is a third country under GDPR Chapter V.
EEA_COUNTRIES = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)

INSIDE_EEA_REGIONS = ("EU", "EEA")
REGIONS = (*INSIDE_EEA_REGIONS, "worldwide", "unspecified")


def N_(message: str) -> str:
    """Mark a region's name for the catalog extraction; the caller's ``gettext`` translates it.

    ``register`` is the bottom layer and cannot import the catalogs of ``documents``, so the
    names are only marked here (the extractor finds ``N_`` by name) and translated by the
    ``gettext`` the caller passes to :func:`place_name`.
    """
    return message


# Without an article, as Babel names countries ("United Kingdom"), so that a caller can put any
# place in the same slot of a sentence or a table cell.
_REGION_NAMES = {
    "EU": N_("European Union"),
    "EEA": N_("European Economic Area"),
    "worldwide": N_("worldwide"),
    "unspecified": N_("not stated"),
}

# CLDR names some two-letter codes that are not countries of ISO 3166-1: codes ISO reserves
# exceptionally for other bodies (AC, CP, CQ, DG, EA, IC, TA for parts of countries; EU, EZ, UN
# for organisations) and user-assigned codes (QO "Outlying Oceania", XA and XB pseudo-locales,
# ZZ "Unknown Region"). XK, also user-assigned, stays: it is the code the European Commission,
# CLDR and most registries use for Kosovo, and a register must be able to name a processor
# there. The EU is the region "EU", not a country.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

# Codes the EU itself writes in its documents (the Interinstitutional Style Guide: EL for
# Greece, UK for the United Kingdom) that ISO 3166-1 spells otherwise. CLDR's aliases know UK
# but not EL.
_EU_CODES = {"EL": "GR", "UK": "GB"}

_ALLOWED = (
    "write an ISO 3166-1 two-letter country code such as FI, SE or US, "
    "or one of the regions EU, EEA, worldwide, unspecified"
)


# --- the places Babel knows ------------------------------------------------------------------


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code a register may write, from Babel's territory data."""
    # Babel and its locale data (~30 ms) load on the first country outside the EEA, not on every
    # validate.
    from babel import Locale

    named = {
        code
        for code in Locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha()
    }
    return frozenset(named - _NOT_COUNTRIES)


@cache
def _territories(lang: str) -> Mapping[str, str]:
    """Babel's territory names in ``lang``, as the notice's locale writes them.

    A notice is published in Finland, so a language is taken as written in Finland where CLDR
    knows that variant ("St Lucia" in en_FI, "St. Lucia" in en), as documents.i18n does for dates.
    """
    # Loaded on the first name asked for, as in country_codes.
    from babel import Locale, UnknownLocaleError

    for tag in (f"{lang}_FI", lang):
        try:
            return Locale.parse(tag).territories
        except (UnknownLocaleError, ValueError):
            continue
    raise ValueError(f"'{lang}' is not a language Babel knows")


@cache
def _codes_by_name() -> dict[str, str]:
    """Country codes by their names in every notice language, casefolded: "ruotsi" → SE."""
    named = country_codes() | {"EU"}
    return {
        name.casefold(): code
        for lang in ("en", "fi", "sv")
        for code, name in sorted(_territories(lang).items())
        if code in named
    }


# --- checking ---------------------------------------------------------------------------------


def is_inside_eea(place: str) -> bool:
    """Whether ``place`` is inside the EU/EEA, so that data there is not transferred.

    ``worldwide`` and ``unspecified`` are not: whether they mean a transfer is for the lint to
    ask (see :func:`is_known_third_country`).
    """
    return place in EEA_COUNTRIES or place in INSIDE_EEA_REGIONS


def is_known_third_country(place: str) -> bool:
    """Whether ``place`` is a real country outside the EU/EEA (not a region)."""
    return not is_inside_eea(place) and place not in REGIONS and place in country_codes()


def suggestion(value: str) -> str | None:
    """The place a person most likely meant by ``value``, if any.

    Only a spelling that names one place is suggested: a code in the wrong case, a code the EU
    or CLDR writes otherwise (UK, EL, USA, FIN), a country's name in a notice language, a
    misspelt region. Codes and names are never guessed letter by letter: one letter off a
    two-letter code is another country, and the name closest to "England" is Greenland.
    """
    upper = value.upper()
    if upper in _EU_CODES:
        return _EU_CODES[upper]
    if upper in country_codes():
        return upper
    regions = {region.casefold(): region for region in REGIONS}
    if value.casefold() in regions:
        return regions[value.casefold()]
    # Only a refused value needs Babel's alias table, as in country_codes.
    from babel.core import get_global

    replacements = get_global("territory_aliases").get(upper, ())
    if len(replacements) == 1 and replacements[0] in country_codes():
        return str(replacements[0])
    by_name = _codes_by_name()
    if value.casefold() in by_name:
        return by_name[value.casefold()]
    return nearest(value, REGIONS) if len(value) > 2 else None


def _did_you_mean(value: str) -> str:
    guess = suggestion(value)
    if guess is None:
        return ""
    if guess in country_codes():
        return f"; did you mean '{guess}' ({_territories('en')[guess]})?"
    return f"; did you mean '{guess}'?"


def check_place(value: str) -> str:
    """``value`` if it is a country code or a region, else a pydantic error naming the nearest."""
    # Regions and EEA countries (all of them codes Babel knows, as a test checks) are looked at
    # first, so that a register naming only places in Finland or the EEA never loads Babel.
    if value in REGIONS or value in EEA_COUNTRIES or value in country_codes():
        return value
    # Only here, where pydantic validates: the request log names places through i18n without it.
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError(
        "place",
        "'{value}' is not a country code or a region: {allowed}{suggestion}",
        {"value": value, "allowed": _ALLOWED, "suggestion": _did_you_mean(value)},
    )


def check_transfer_destination(value: str) -> str:
    """A place outside the EU/EEA: a place inside it is not a transfer."""
    check_place(value)
    if is_inside_eea(value):
        # Called by pydantic only, which has loaded it (see check_place).
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError(
            "not_a_transfer",
            "'{value}' is inside the EU/EEA, so it is not a transfer; "
            "list it as a processor's or recipient's country instead",
            {"value": value},
        )
    return value


# --- the types ---------------------------------------------------------------------------------


class _PlaceType:
    """A pydantic string type with its own definition in the JSON Schema.

    The allowed values are an enum so that an editor completes and checks them; the enum comes
    from Babel, so it is built when a schema is generated, not when the model is imported. Each
    type is one ``$defs`` entry referred to by every field that uses it, instead of the whole
    list of countries repeated at each ``country`` key.
    """

    def __init__(
        self,
        name: str,
        check: Callable[[str], str],
        values: Callable[[], Iterable[str]],
        description: str,
    ) -> None:
        self.name, self.check, self.values, self.description = name, check, values, description

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Called by pydantic while it builds a model, so pydantic is loaded; importing it at the
        # top would load it for everyone who names a place (the request log, through i18n).
        from pydantic_core import core_schema

        # The enum is added to the string inside the definition: a definition may be generated
        # after the fields that refer to it, so it cannot be looked up and changed from a field.
        text = handler.generate_schema(Annotated[str, _Enumerated(self.values, self.description)])
        return core_schema.no_info_after_validator_function(self.check, text, ref=self.name)


class _Enumerated:
    """The JSON Schema of a string with a list of allowed values, computed when it is asked."""

    def __init__(self, values: Callable[[], Iterable[str]], description: str) -> None:
        self.values, self.description = values, description

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        values = list(self.values())
        # Each code's English name, for the editor's hover and completion list (as the enums'
        # member descriptions in register/schema.py).
        names = [place_name(value, "en", lambda message: message) for value in values]
        return {
            **handler(schema),
            "enum": values,
            "description": self.description,
            "x-taplo": {"docs": {"enumValues": names}},
        }


def _places() -> list[str]:
    return [*REGIONS, *sorted(country_codes())]


def _transfer_destinations() -> list[str]:
    return [place for place in _places() if not is_inside_eea(place)]


Place = Annotated[
    str,
    _PlaceType(
        "Place",
        check_place,
        _places,
        "An ISO 3166-1 alpha-2 country code (FI, SE, US; the United Kingdom is GB, Greece GR), "
        "or a region: EU or EEA (somewhere inside the area: not a transfer), worldwide, "
        "unspecified (the notice does not say where).",
    ),
]

TransferDestination = Annotated[
    str,
    _PlaceType(
        "TransferDestination",
        check_transfer_destination,
        _transfer_destinations,
        "A country outside the EU/EEA as an ISO 3166-1 alpha-2 code (US, GB, CH), "
        "or worldwide, or unspecified (the notice does not say where).",
    ),
]


# --- naming ------------------------------------------------------------------------------------


def place_name(place: str, lang: str, gettext: Callable[[str], str]) -> str:
    """The name of ``place`` in ``lang``: SE → Ruotsi, EEA → Euroopan talousalue.

    A country is named by Babel; a region by ``gettext``, the caller's catalog for ``lang``
    (the regions' names are messages of the "messages" domain).
    """
    if place in _REGION_NAMES:
        return gettext(_REGION_NAMES[place])
    if place not in country_codes():
        raise ValueError(f"{place!r} is not a place; check_place admits no such value")
    return str(_territories(lang)[place])
