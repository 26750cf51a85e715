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
from pydantic import BaseModel
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.register.model import Register
from rekisteri.register.schema import SCHEMA_ID, register_json_schema

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
# jsonschema is not a dependency; this checks what matters for an editor's completion: every
# key an example uses is declared where it is used, required keys are present, and enum values,
# patterns and basic types agree.


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _problems(schema: dict[str, Any], node: dict[str, Any], value: Any, at: str) -> list[str]:
    node = _resolve(schema, node)
    if "anyOf" in node:
        attempts = [_problems(schema, option, value, at) for option in node["anyOf"]]
        return [] if any(not a for a in attempts) else min(attempts, key=len)
    kind = node.get("type")
    if isinstance(value, dict):
        if kind != "object":
            return [f"{at}: a table where the schema has {kind}"]
        problems = [f"{at}: missing {key}" for key in node.get("required", []) if key not in value]
        extra = node.get("additionalProperties", True)
        names = node.get("propertyNames", {}).get("enum")
        for key, item in value.items():
            if names is not None and key not in names:
                problems.append(f"{at}.{key}: not one of {names}")
            elif key in node.get("properties", {}):
                problems += _problems(schema, node["properties"][key], item, f"{at}.{key}")
            elif patterned := [
                s for p, s in node.get("patternProperties", {}).items() if re.search(p, key)
            ]:
                # A table keyed by pattern (store.columns: "table.column" = type).
                problems += _problems(schema, patterned[0], item, f"{at}.{key}")
            elif isinstance(extra, dict):
                # A table with free keys (column labels): each value follows one schema.
                problems += _problems(schema, extra, item, f"{at}.{key}")
            else:
                problems.append(f"{at}.{key}: not in the schema")
        return problems
    if isinstance(value, list):
        if kind != "array":
            return [f"{at}: an array where the schema has {kind}"]
        if len(value) < node.get("minItems", 0):
            return [f"{at}: too few items"]
        return [
            p
            for i, item in enumerate(value)
            for p in _problems(schema, node.get("items", {}), item, f"{at}[{i}]")
        ]
    expected = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        datetime.date: "string",
    }[type(value)]
    if kind != expected:
        return [f"{at}: {expected} where the schema has {kind}"]
    if isinstance(value, datetime.date):
        return [] if node.get("format") == "date" else [f"{at}: a date where a text is expected"]
    if node.get("format") == "date" and not _is_iso_date(value):
        return [f"{at}: {value!r} is not a date"]
    if "enum" in node and value not in node["enum"]:
        return [f"{at}: {value!r} not in {node['enum']}"]
    if "pattern" in node and not re.search(node["pattern"], value):
        return [f"{at}: {value!r} does not match {node['pattern']}"]
    if isinstance(value, str) and len(value) < node.get("minLength", 0):
        return [f"{at}: too short"]
    return []


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_the_schema_describes_every_example(schema: dict[str, Any], path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert _problems(schema, schema, data, "") == []


def test_the_structural_check_sees_mistakes(schema: dict[str, Any]) -> None:
    data = tomllib.loads((ROOT / "examples" / "terhi-kallio" / "register.toml").read_text())
    data["purposes"][0]["legal_bassis"] = "contract"
    data["purposes"][1]["legal_basis"] = "contrct"
    del data["controller"]["name"]
    data["notice"]["updated"] = "yesterday"
    assert sorted(_problems(schema, schema, data, "")) == [
        ".controller: missing name",
        ".notice.updated: 'yesterday' is not a date",
        ".purposes[0].legal_bassis: not in the schema",
        ".purposes[1].legal_basis: 'contrct' not in "
        "['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', "
        "'legitimate_interests']",
    ]
