"""The committed JSON Schema is what the model generates, and it describes the real examples."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.register.model import Art9Condition, Derogation, LegalBasis, Register
from rekisteri.register.schema import SCHEMA_ID, member_docs, register_json_schema

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schemas" / "register.schema.json"
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("*.toml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return register_json_schema()


def test_schema_command_output_is_the_committed_file_byte_for_byte() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = COMMITTED.read_bytes()
    assert result.stdout.encode("utf-8") == committed, (
        "schemas/register.schema.json is out of date with the model: run `make schemas` "
        "and commit the result"
    )


def test_committed_schema_is_json_with_its_identity(schema: dict[str, Any]) -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert committed["$id"] == SCHEMA_ID
    assert committed["title"] == "Register"


# -- descriptions ---------------------------------------------------------------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation refers to, through Optional, list, dict and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found += _models_in(arg)
    return found


def reachable_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [Register]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            todo += _models_in(field.annotation)
    return seen


def test_the_walk_reaches_the_nested_tables() -> None:
    names = {model.__name__ for model in reachable_models()}
    assert {"Register", "Notice", "Purpose", "DataCategory", "SpecialCategoryUse"} <= names
    assert {"Address", "Transfer", "SupervisoryAuthority"} <= names


def test_every_field_of_every_model_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in reachable_models()
        for name, field in model.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert missing == [], "fields without a description (add a docstring under the field)"


def test_every_model_has_a_description() -> None:
    missing = [m.__name__ for m in reachable_models() if not (m.__doc__ or "").strip()]
    assert missing == []


def test_every_schema_property_carries_its_description(schema: dict[str, Any]) -> None:
    objects = [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]
    for definition in objects:
        for name, prop in definition["properties"].items():
            assert prop.get("description"), f"{definition['title']}.{name}"


# -- structure ------------------------------------------------------------------------------


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    assert schema["additionalProperties"] is False
    objects = {name: d for name, d in schema["$defs"].items() if d.get("type") == "object"}
    assert objects
    loose = [name for name, d in objects.items() if d.get("additionalProperties") is not False]
    assert loose == []


def test_required_keys(schema: dict[str, Any]) -> None:
    assert set(schema["required"]) == {
        "name",
        "notice",
        "controller",
        "purposes",
        "data_categories",
        "schema_version",
    }
    defs = schema["$defs"]
    assert set(defs["Notice"]["required"]) == {"languages"}
    assert set(defs["Controller"]["required"]) == {"name"}
    assert {"id", "name"} <= set(defs["Purpose"]["required"])
    assert {"id", "name"} <= set(defs["DataCategory"]["required"])
    # A transcribed transfer without its safeguard loads: the lint reports what is missing.
    assert set(defs["Transfer"]["required"]) == {"country"}


def test_v2_shapes_are_in_the_schema(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert "while" in defs["BasisUse"]["properties"]
    place = defs["Place"]
    assert "GB" in place["enum"] and "UK" not in place["enum"] and "EU" in place["enum"]
    assert "EU" not in defs["TransferDestination"]["enum"]
    assert "FI" not in defs["TransferDestination"]["enum"]
    recipients = schema["properties"]["recipients"]["anyOf"]
    assert {"const": "none", "type": "string"} in recipients or any(
        option.get("const") == "none" for option in recipients
    )
    assert schema["properties"]["purposes"]["minItems"] == 1
    assert schema["properties"]["data_categories"]["minItems"] == 1


def test_enumerations_list_the_readable_names(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert defs["LegalBasis"]["enum"] == [
        "consent",
        "contract",
        "legal_obligation",
        "vital_interests",
        "public_task",
        "legitimate_interests",
    ]
    assert defs["Layout"]["enum"] == ["tietosuojaseloste", "rekisteriseloste"]
    assert "health" in defs["SpecialCategory"]["enum"]


def test_every_allowed_value_is_described_for_the_editors_hover(schema: dict[str, Any]) -> None:
    """Taplo shows x-taplo.docs.enumValues beside each value in completion and on hover
    (issue 16): every value of every enumeration has its own description."""
    enums = {name: d for name, d in schema["$defs"].items() if "enum" in d}
    assert len(enums) >= 18
    for name, definition in enums.items():
        described = definition["x-taplo"]["docs"]["enumValues"]
        assert len(described) == len(definition["enum"]), name
        for value, text in zip(definition["enum"], described, strict=True):
            assert text.strip(), f"{name}.{value} has no description"
            assert "\n" not in text and "  " not in text, text
    place = enums["Place"]
    places = dict(zip(place["enum"], place["x-taplo"]["docs"]["enumValues"], strict=True))
    assert (places["FI"], places["GB"], places["EEA"]) == (
        "Finland",
        "United Kingdom",
        "European Economic Area",
    )


@pytest.mark.parametrize("enum", [LegalBasis, Art9Condition, Derogation])
def test_a_values_description_cites_its_own_point_of_the_article(enum: type[Any]) -> None:
    """The descriptions are written beside the members, so a reordering that moved a text to
    the wrong value would cite the wrong point: each cites the point its ``article`` names."""
    docs = member_docs(enum)
    assert set(docs) == {member.name for member in enum}
    for member in enum:
        point = re.search(r"\(([a-j])\)$", member.article)
        cited = point.group(1) if point else "second subparagraph"
        assert f"({cited})" in docs[member.name] or cited in docs[member.name], (member, docs)


def test_localized_text_is_a_string_or_a_table_of_languages(schema: dict[str, Any]) -> None:
    name = schema["properties"]["name"]
    string, table = name["anyOf"]
    assert string == {"type": "string", "minLength": 1}
    assert set(table["properties"]) == {"fi", "en", "sv"}
    # Another language is any ISO 639 code (its catalogs come with --templates), never a
    # misspelt key such as "Fi" or "swe-FI".
    names = re.compile(table["propertyNames"]["pattern"])
    assert [key for key in ("de", "se", "fi", "Fi", "swe-FI", "x") if names.match(key)] == [
        "de",
        "se",
        "fi",
    ]
    assert table["additionalProperties"] == {"type": "string", "minLength": 1}


# -- the examples against the schema --------------------------------------------------------
def _as_json(value: Any) -> Any:
    """A TOML document as a JSON Schema sees it (as Taplo reads it): dates are ISO text."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    return value


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(_as_json(data)))


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_the_schema_describes_every_example(schema: dict[str, Any], path: Path) -> None:
    assert _errors(schema, tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_the_structural_check_sees_mistakes(schema: dict[str, Any]) -> None:
    data = tomllib.loads((ROOT / "examples" / "terhi-kallio" / "register.toml").read_text())
    data["purposes"][0]["legal_bassis"] = "contract"
    data["purposes"][1]["legal_basis"] = "contrct"
    del data["controller"]["name"]
    data["notice"]["updated"] = "yesterday"
    assert _errors(schema, data) == [
        "$.controller: 'name' is a required property",
        "$.notice.updated: 'yesterday' is not a 'date'",
        "$.purposes[0]: Additional properties are not allowed ('legal_bassis' was unexpected)",
        "$.purposes[1].legal_basis: 'contrct' is not one of "
        "['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', "
        "'legitimate_interests']",
    ]
