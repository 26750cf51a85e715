"""The JSON Schema of the register file, generated from the model.

``schemas/register.schema.json`` is this output, committed, so editors with a TOML language server
(Taplo, Even Better TOML) validate and complete a register as it is typed.
"""

from __future__ import annotations

import json
from typing import Any

from rekisteri.register.model import Register

SCHEMA_ID = "https://rekisteri.fi/schemas/register.schema.json"


def register_json_schema() -> dict[str, Any]:
    schema = Register.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text(schema: dict[str, Any]) -> str:
    """Stable text form: the committed file is compared byte for byte."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
