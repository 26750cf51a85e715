"""Places: ISO 3166-1 countries and regions, checked, suggested, named and placed in the EEA."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from rekisteri.documents import i18n
from rekisteri.register import places
from rekisteri.register.base import Model
from rekisteri.register.places import (
    EEA_COUNTRIES,
    Place,
    TransferDestination,
    country_codes,
    is_inside_eea,
    is_known_third_country,
    place_name,
)


class Located(Model):
    country: Place


class Transfer(Model):
    country: TransferDestination


def place_error(value: object, model: type[Model] = Located) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"country": value})
    (error,) = caught.value.errors()
    return dict(error)


# --- which places are valid ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["FI", "SE", "US", "GB", "GR", "CH", "JP", "IS", "XK"])
def test_a_country_code_is_a_place(code: str) -> None:
    assert Located(country=code).country == code


@pytest.mark.parametrize("region", ["EU", "EEA", "worldwide", "unspecified"])
def test_a_region_is_a_place(region: str) -> None:
    assert Located(country=region).country == region


def test_whitespace_around_a_code_is_trimmed_as_for_every_string_of_the_register() -> None:
    assert Located(country=" SE ").country == "SE"


def test_the_countries_are_iso_3166_1_and_kosovo() -> None:
    # ISO 3166-1 assigns 249 alpha-2 codes officially; XK (Kosovo) is user-assigned but used
    # by the European Commission and CLDR. Reserved and CLDR-only codes are not countries.
    assert len(country_codes()) == 250
    assert {"FI", "AX", "GB", "XK", "SS", "CW"} <= country_codes()
    assert not country_codes() & {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "IC", "EA", "AC"}


@pytest.mark.parametrize(
    ("value", "guess"),
    [
        ("UK", "'GB' (United Kingdom)"),
        ("EL", "'GR' (Greece)"),
        ("fi", "'FI' (Finland)"),
        ("uk", "'GB' (United Kingdom)"),
        ("USA", "'US' (United States)"),
        ("FIN", "'FI' (Finland)"),
        ("Ruotsi", "'SE' (Sweden)"),
        ("Sverige", "'SE' (Sweden)"),
        ("yhdysvallat", "'US' (United States)"),
        ("eu", "'EU'"),
        ("Worldwide", "'worldwide'"),
        ("unspecifed", "'unspecified'"),
        ("EAA", "'EEA'"),
    ],
)
def test_a_wrong_spelling_suggests_the_place_it_means(value: str, guess: str) -> None:
    error = place_error(value)
    assert error["type"] == "place"
    assert error["msg"] == (
        f"'{value}' is not a country code or a region: write an ISO 3166-1 two-letter country "
        "code such as FI, SE or US, or one of the regions EU, EEA, worldwide, unspecified; "
        f"did you mean {guess}?"
    )


@pytest.mark.parametrize("value", ["XX", "SW", "SU", "ZZ", "QO", "", "England", "Swedn"])
def test_an_unknown_code_is_refused_without_a_guess(value: str) -> None:
    # One letter off a code or a name is another country (England, Greenland): no guess.
    error = place_error(value)
    assert error["type"] == "place"
    assert error["msg"].endswith("one of the regions EU, EEA, worldwide, unspecified")
    assert "did you mean" not in error["msg"]


def test_a_place_is_text() -> None:
    assert place_error(358)["type"] == "string_type"


# --- transfers -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["US", "GB", "CH", "XK", "worldwide", "unspecified"])
def test_a_transfer_goes_outside_the_eea(value: str) -> None:
    assert Transfer(country=value).country == value


@pytest.mark.parametrize("value", ["EU", "EEA", "FI", "SE", "NO"])
def test_a_transfer_destination_inside_the_eea_is_refused(value: str) -> None:
    error = place_error(value, Transfer)
    assert error["type"] == "not_a_transfer"
    assert error["msg"] == (
        f"'{value}' is inside the EU/EEA, so it is not a transfer; "
        "list it as a processor's or recipient's country instead"
    )


def test_a_transfer_destination_is_first_a_place() -> None:
    error = place_error("UK", Transfer)
    assert error["type"] == "place"
    assert "did you mean 'GB' (United Kingdom)?" in error["msg"]


# --- the EEA -----------------------------------------------------------------------------------


def test_the_eea_is_the_eu_27_and_iceland_liechtenstein_norway() -> None:
    # EU member states (EUR-Lex, "EU member countries"; 27 since 1.2.2020) plus the EFTA states
    # of the EEA Agreement (OJ L 1, 3.1.1994): Iceland, Liechtenstein, Norway.
    assert len(EEA_COUNTRIES) == 30
    assert {"IS", "LI", "NO", "HR", "FI"} <= EEA_COUNTRIES
    assert not EEA_COUNTRIES & {"GB", "CH", "EL", "UK"}
    assert country_codes() >= EEA_COUNTRIES


@pytest.mark.parametrize(
    ("place", "inside", "third_country"),
    [
        ("FI", True, False),
        ("NO", True, False),
        ("EU", True, False),
        ("EEA", True, False),
        ("US", False, True),
        ("GB", False, True),
        ("CH", False, True),
        ("worldwide", False, False),
        ("unspecified", False, False),
    ],
)
def test_inside_the_eea_and_third_countries(place: str, inside: bool, third_country: bool) -> None:
    assert is_inside_eea(place) is inside
    assert is_known_third_country(place) is third_country


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "fi", "en", "sv"),
    [
        ("US", "Yhdysvallat", "United States", "USA"),
        ("GB", "Iso-Britannia", "United Kingdom", "Storbritannien"),
        ("SE", "Ruotsi", "Sweden", "Sverige"),
        ("XK", "Kosovo", "Kosovo", "Kosovo"),
    ],
)
def test_a_country_is_named_by_babel_in_each_language(code: str, fi: str, en: str, sv: str) -> None:
    def refuse(message: str) -> str:
        raise AssertionError(f"a country's name is not a catalog message: {message}")

    assert [place_name(code, lang, refuse) for lang in ("fi", "en", "sv")] == [fi, en, sv]


def test_english_names_are_written_as_in_finland() -> None:
    assert place_name("LC", "en", str) == "St Lucia"


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("fi", ["Euroopan unioni", "Euroopan talousalue", "maailmanlaajuisesti", "ei ilmoitettu"]),
        ("en", ["European Union", "European Economic Area", "worldwide", "not stated"]),
    ],
)
def test_a_region_is_named_by_the_catalog(lang: str, names: list[str]) -> None:
    gettext = i18n.translations(lang).gettext
    assert [place_name(region, lang, gettext) for region in places.REGIONS] == names


def test_a_region_without_a_translation_fails_with_the_catalog_error() -> None:
    def untranslated(message: str) -> str:
        raise LookupError(message)

    with pytest.raises(LookupError, match="European Economic Area"):
        place_name("EEA", "sv", untranslated)


def test_naming_a_value_that_is_not_a_place_is_a_bug() -> None:
    with pytest.raises(ValueError, match="'UK' is not a place"):
        place_name("UK", "en", str)


# --- the JSON Schema -------------------------------------------------------------------------


def test_the_json_schema_lists_the_places_once_as_definitions() -> None:
    schema = TypeAdapter(dict[str, Place | TransferDestination]).json_schema()
    place, destination = schema["$defs"]["Place"], schema["$defs"]["TransferDestination"]
    assert place["type"] == destination["type"] == "string"
    assert place["enum"][:4] == ["EU", "EEA", "worldwide", "unspecified"]
    assert len(place["enum"]) == 254 and {"FI", "GB", "XK"} <= set(place["enum"])
    assert "UK" not in place["enum"]
    assert destination["enum"][:2] == ["worldwide", "unspecified"]
    assert not set(destination["enum"]) & (EEA_COUNTRIES | {"EU", "EEA"})
    assert len(destination["enum"]) == 254 - 30 - 2
    assert "GB" in place["description"] and "EEA" in destination["description"]


class Processor(Model):
    country: Place | None = None


class Group(Model):
    processors: list[Processor] = []
    transfers: list[Transfer] = []
    groups: list[Group] = []


def test_the_definitions_hold_in_nested_and_recursive_models() -> None:
    # A definition may be generated after the fields that refer to it (as in the Register).
    schema = Group.model_json_schema()
    assert schema["$defs"]["Processor"]["properties"]["country"]["anyOf"][0] == {
        "$ref": "#/$defs/Place"
    }
    assert len(schema["$defs"]["Place"]["enum"]) == 254
    assert "FI" not in schema["$defs"]["TransferDestination"]["enum"]


# --- cost ----------------------------------------------------------------------------------------


def test_places_in_the_eea_are_checked_without_loading_babel() -> None:
    code = (
        "import sys; import rekisteri.register.places as p; "
        "p.check_place('EU'); p.check_place('FI'); p.check_place('NO'); "
        "p.is_known_third_country('worldwide'); print('babel' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
