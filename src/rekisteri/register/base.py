"""Building blocks shared by every table of the register description."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from rekisteri.errors import nearest

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

# The languages rekisteri ships catalogs for; a register may declare any other language whose
# catalogs a user's template folder holds (see rekisteri.register.languages).
LANGUAGES: tuple[str, ...] = ("fi", "en", "sv")
# An ISO 639 language code: two letters (fi, sv, en, de), three where a language has no two.
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
Language = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN),
    Field(
        description=(
            "An ISO 639 language code: fi, sv or en (built in), or another whose catalogs "
            "a template folder given with --templates holds."
        ),
        examples=["fi", "sv", "en"],
    ),
]
_LANGUAGE_KEY = re.compile(LANGUAGE_PATTERN)


class Model(BaseModel):
    """Base for every table of the register: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=False,
        validate_default=False,
        str_strip_whitespace=True,
    )


ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="An identifier: lowercase letters, digits, '_' and '-'."),
]


# --- phone numbers -----------------------------------------------------------------------

# Unicode whitespace (``str.strip``: spaces, tabs, newlines, U+00A0 and the other spaces) and
# the zero-width characters that editors and spreadsheets leave behind, which ``str.strip`` keeps.
_EDGES = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$")


def trim_edges(value: str) -> str:
    """``value`` without whitespace or zero-width characters at either end."""
    return _EDGES.sub("", value)


def parse_phone(text: str, region: str = "FI") -> PhoneNumber | None:
    """The phone number ``text`` names, or None when it names no valid number.

    This is what a phone number is everywhere: the register's own numbers (the model), the
    numbers a request names and a store holds (the matcher) and ``tel:`` links all ask here,
    so a number one accepts the others accept too. A number without a country code is taken
    as ``region``'s. Whitespace of any kind inside the number (a tab, U+00A0) counts as a
    space: phonenumbers itself refuses some of it.
    """
    # phonenumbers is imported here, not at module level, to keep `rekisteri validate` fast.
    import phonenumbers

    try:
        number = phonenumbers.parse(" ".join(trim_edges(text).split()), region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def e164(number: PhoneNumber) -> str:
    """``number`` as +358451270888: the form numbers are compared and linked in."""
    # phonenumbers stays off module load, as in parse_phone.
    import phonenumbers

    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


# --- localized text ------------------------------------------------------------------------


class Text:
    """A text a reader sees, in one or more languages.

    In TOML it is either a plain string (the register's default language) or a table
    ``{ fi = "…", en = "…" }``. After loading, the register resolves plain strings to its
    default language so that :meth:`get` needs no context.
    """

    __slots__ = ("plain", "values")

    def __init__(self, value: str | dict[str, str]) -> None:
        self.plain: str | None = value if isinstance(value, str) else None
        self.values: dict[str, str] = dict(value) if isinstance(value, dict) else {}

    def get(self, lang: str) -> str:
        """The text in ``lang``; the register's validation guarantees it exists."""
        return self.values.get(lang, self.plain or "")

    def has(self, lang: str) -> bool:
        return lang in self.values

    def resolve(self, default_language: str) -> None:
        if self.plain is not None and default_language not in self.values:
            self.values[default_language] = self.plain

    def serialize(self) -> str | dict[str, str]:
        if self.plain is not None and not self.values:
            return self.plain
        return dict(self.values)

    def __repr__(self) -> str:
        return f"Text({self.serialize()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.serialize() == other.serialize()

    def __hash__(self) -> int:
        return hash(repr(self))

    @classmethod
    def _validate(cls, value: Any) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            if not value.strip():
                raise PydanticCustomError("empty_text", "text must not be empty")
            return cls(value.strip())
        if isinstance(value, dict):
            if not value:
                raise PydanticCustomError(
                    "empty_text", 'give the text in at least one language, e.g. { fi = "…" }'
                )
            clean: dict[str, str] = {}
            for key, item in value.items():
                if not _LANGUAGE_KEY.match(str(key)):
                    guess = nearest(str(key), LANGUAGES)
                    raise PydanticCustomError(
                        "unknown_language",
                        "'{key}' is not a language code: write fi, sv, en or another ISO 639 "
                        "code{suggestion}",
                        {"key": key, "suggestion": f"; did you mean '{guess}'?" if guess else ""},
                    )
                if not isinstance(item, str):
                    raise PydanticCustomError(
                        "text_type",
                        "the '{key}' text must be a string, not {kind}",
                        {"key": key, "kind": type(item).__name__},
                    )
                if not item.strip():
                    raise PydanticCustomError(
                        "empty_text", "the '{key}' text must not be empty", {"key": key}
                    )
                clean[key] = item.strip()
            return cls(clean)
        raise PydanticCustomError(
            "text_type",
            'expected a string or a table of languages like { fi = "…", en = "…" }, not {kind}',
            {"kind": type(value).__name__},
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda t: t.serialize()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
                    "propertyNames": {"pattern": LANGUAGE_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ],
            "description": "A text in the default language, or a table of languages.",
        }


class Name(Text):
    """A proper name or an address line: the same in every language unless a table says where
    it differs (``{ fi = "Kauniainen", sv = "Grankulla" }``).

    A name is not translated, so a language the table leaves out reads the default language's
    form rather than being an error.
    """

    __slots__ = ("fallback",)

    def __init__(self, value: str | dict[str, str]) -> None:
        super().__init__(value)
        self.fallback: str = value if isinstance(value, str) else next(iter(value.values()))

    def get(self, lang: str) -> str:
        return self.values.get(lang) or self.plain or self.fallback

    def resolve(self, default_language: str) -> None:
        super().resolve(default_language)
        self.fallback = self.values.get(default_language, self.fallback)
