"""Building blocks shared by every table of the register description."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Model(BaseModel):
    """Base for every table of the register: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=True,
    )


ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="An identifier: lowercase letters, digits, '_' and '-'."),
]
