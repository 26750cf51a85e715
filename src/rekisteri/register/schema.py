"""The JSON Schema of the register file, generated from the model.

``schemas/register.schema.json`` is this output, committed, so editors with a TOML language server
(Taplo, Even Better TOML) validate and complete a register as it is typed.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from enum import Enum
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from rekisteri.register.model import Register

SCHEMA_ID = "urn:rekisteri:schema:register"
"""A name, not an address: the project has no web site the schema could be fetched from."""


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

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        # Each value's own description, for the editor's hover and completion list: Taplo reads
        # x-taplo.docs.enumValues (Even Better TOML is Taplo).
        generated = super().enum_schema(schema)
        docs = member_docs(schema["cls"])
        if docs:
            values = [docs.get(member.name, "") for member in schema["cls"]]
            generated["x-taplo"] = {"docs": {"enumValues": values}}
        return generated


@cache
def member_docs(enum: type[Enum]) -> dict[str, str]:
    """The docstring written under each member of ``enum`` (``CONSENT = "consent"`` then
    ``\"\"\"The person has given consent…\"\"\"``), by member name, as one line each.

    Python keeps no attribute docstrings at run time; they are read from the class's source,
    where Sphinx and editors read them too, so a value is described once, beside itself."""
    try:
        source = textwrap.dedent(inspect.getsource(enum))
    except (OSError, TypeError):
        return {}
    body = ast.parse(source).body[0]
    if not isinstance(body, ast.ClassDef):
        return {}
    docs: dict[str, str] = {}
    for statement, following in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = " ".join(following.value.value.split())
    return docs


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
