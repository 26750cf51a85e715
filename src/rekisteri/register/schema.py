"""The JSON Schema of the register file, generated from the model.

``schemas/register.schema.json`` is this output, committed, so editors with a TOML language server
(Taplo, Even Better TOML) validate and complete a register as it is typed.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from rekisteri.register.model import Register

SCHEMA_ID = "https://rekisteri.fi/schemas/register.schema.json"


class TomlJsonSchema(GenerateJsonSchema):
    """The schema of a TOML file: TOML has no null, so an optional field is one that may be
    left out, never one whose value may be ``null``.

    Pydantic writes ``X | None`` as ``anyOf: [X, {"type": "null"}]`` with ``default: null``.
    In a TOML editor that turns every mistake in an optional field into "not valid under any
    of the schemas listed in anyOf"; without the null branch the editor names the allowed
    values ("'contrct' is not one of 'consent', 'contract', …")."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        generated = super().default_schema(schema)
        if generated.get("default", ...) is None:
            del generated["default"]
        return generated


def register_json_schema() -> dict[str, Any]:
    schema = Register.model_json_schema(mode="validation", schema_generator=TomlJsonSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text(schema: dict[str, Any]) -> str:
    """Stable text form: the committed file is compared byte for byte."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
