"""The shape of ``data.json`` and ``portable.json`` in an access bundle.

``data.json`` is the copy of the personal data (GDPR Art. 15(3)) in electronic form: every data
category that holds data about the person, whatever its legal basis. ``portable.json`` holds
only the categories the person may take to another controller (Art. 20), in the same shape.

``schemas/access-bundle.schema.json`` and ``schemas/access-portable.schema.json`` are generated
from these models and committed, so whoever receives a bundle can validate it; a test keeps the
files and the models in sync, and others validate the bundles the tests write against the
models.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "urn:rekisteri:schema:access-bundle"
"""The schemas are named, not located: the project has no web site to serve them from."""
FORMAT = "rekisteri-access-bundle"
FORMAT_VERSION = 2
"""2: a person may be found in several data-subject groups (``subject.group``, ``also``,
``categories[].group``)."""

PORTABLE_SCHEMA_ID = "urn:rekisteri:schema:access-portable"
PORTABLE_FORMAT = "rekisteri-portable-data"
PORTABLE_FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


LocalizedText = dict[Literal["fi", "en", "sv"], str]


class BinaryValue(_Strict):
    """A value that is not text: bytes from a binary column, or a text column whose bytes are
    not valid UTF-8. The exact bytes are kept, base64-encoded."""

    encoding: Literal["base64"] = "base64"
    data: str
    """The bytes, base64-encoded (RFC 4648, with padding)."""
    size: int = Field(ge=0)
    """Number of bytes."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the bytes, in hexadecimal."""
    text: str | None = None
    """For a text column with invalid bytes: the text with U+FFFD for each undecodable byte."""


CellValue = str | int | float | bool | None | BinaryValue | dict[str, Any] | list[Any]


class Column(_Strict):
    """One column of a source's rows."""

    name: str
    """The column's name in the store, and its key in each row."""
    label: LocalizedText = {}
    """Readable heading in each language of the notice, when the register gives one."""
    third_party: bool = False
    """Whether the column holds data about someone else (GDPR 15(4))."""


class Source(_Strict):
    """Rows from one place in the store."""

    table: str | None
    """The table the rows come from; null for a query source."""
    title: LocalizedText = {}
    """Heading of this part of the category, when the register gives one."""
    columns: list[Column]
    rows: list[dict[str, CellValue]]
    """Each row as an object keyed by column name. Dates are ISO 8601 strings; exact decimal
    numbers (money) are strings such as "95.00"."""


class Category(_Strict):
    """One data category of the privacy notice, with the person's rows in it."""

    id: str
    """The category's id in the register."""
    name: LocalizedText
    """The category's name, as in the notice."""
    third_party: bool = False
    """Whether the whole category is about other people (e.g. next of kin)."""
    group: str | None = None
    """The data-subject group of the person's record these rows belong to (see ``subject``
    and ``also``); null when the register's store mapping names none."""
    sources: list[Source]


class Controller(_Strict):
    name: str
    business_id: str | None = None


class RegisterInfo(_Strict):
    """Which register and which version of its notice the bundle answers from."""

    name: LocalizedText
    controller: Controller
    notice_version: str | None = None


class Subject(_Strict):
    """Who the bundle is about: the key the store knows them by, in one data-subject group."""

    key: str | int
    group: str | None = None
    """The data-subject group (an id of the register's ``data_subjects``), e.g. "clients";
    null when the register's store mapping names none."""
    links: int | None = None
    """For a record in another group than the register's main one (e.g. a next of kin): how
    many of the main group's people it is linked to. They are never named in the bundle."""


class AccessBundle(_Strict):
    """The copy of the personal data one controller processes about one person, in electronic
    form (GDPR Art. 15(3)): every data category that holds data about them, whatever its legal
    basis. The data they may port to another controller (Art. 20) is in ``portable.json``."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        title="rekisteri access bundle (data.json)",
        populate_by_name=True,
    )

    schema_: str = Field(default=SCHEMA_ID, alias="$schema")
    format: Literal["rekisteri-access-bundle"] = "rekisteri-access-bundle"
    format_version: Literal[2] = 2
    generated: str
    """When the bundle was written, ISO 8601 in UTC."""
    request_reference: str | None = None
    """The reference of the request this bundle answers."""
    register_: RegisterInfo = Field(alias="register")
    """The register and notice the data is described by."""
    found: bool
    """Whether any personal data about the person was found."""
    subject: Subject | None = None
    also: list[Subject] = []
    """The same person's records in other data-subject groups, e.g. a client who is also
    someone's next of kin."""
    categories: list[Category] = []
    """The data categories that hold data about the person, in the notice's order."""


class PortableData(_Strict):
    """The personal data one person may take to another controller (GDPR Art. 20): the data
    categories they provided, or that were observed from their use of the service, processed
    on their consent or a contract with them by automated means (20(1)). Never data about
    someone else (20(4)), nor data processed on another basis, such as a legal obligation
    (bookkeeping, patient records); those are in ``data.json`` only.

    Shaped like ``data.json``, with only those categories and without the columns marked as
    another person's data. The bundle has no ``portable.json`` when none of the person's data
    is portable."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        title="rekisteri portable data (portable.json)",
        populate_by_name=True,
    )

    schema_: str = Field(default=PORTABLE_SCHEMA_ID, alias="$schema")
    format: Literal["rekisteri-portable-data"] = "rekisteri-portable-data"
    format_version: Literal[1] = 1
    generated: str
    """When the bundle was written, ISO 8601 in UTC."""
    request_reference: str | None = None
    """The reference of the request this bundle answers."""
    register_: RegisterInfo = Field(alias="register")
    """The register and notice the data is described by."""
    subject: Subject
    also: list[Subject] = []
    """The same person's records in other data-subject groups."""
    categories: list[Category] = Field(min_length=1)
    """The portable data categories that hold data about the person, in the notice's order."""


def _json_schema(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        **schema,
    }


def access_bundle_json_schema() -> dict[str, Any]:
    return _json_schema(AccessBundle, SCHEMA_ID)


def portable_json_schema() -> dict[str, Any]:
    return _json_schema(PortableData, PORTABLE_SCHEMA_ID)


def schema_text() -> str:
    """Stable text form: the committed file is compared byte for byte."""
    return json.dumps(access_bundle_json_schema(), indent=2, ensure_ascii=False) + "\n"


def portable_schema_text() -> str:
    """``schemas/access-portable.schema.json``, compared byte for byte like :func:`schema_text`."""
    return json.dumps(portable_json_schema(), indent=2, ensure_ascii=False) + "\n"
