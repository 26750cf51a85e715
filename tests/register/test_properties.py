"""Whatever a user hands the loader, the only error that comes out is RekisteriError.

And when a valid register is broken in one place, every diagnostic has a line, and the line it
points at is the one that names the key.
"""

from __future__ import annotations

import copy
import datetime
import tomllib
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from rekisteri import Register, RekisteriError, parse_register
from rekisteri.errors import format_loc
from rekisteri.register.loading import _allowed_keys, decode
from rekisteri.register.model import LANGUAGES, LegalBasis

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"
EXAMPLE_DATA = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[str]:
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        yield name
        for inner in _models(field.annotation):
            yield from _field_names(inner, seen)


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _models(arg)


REAL_KEYS = sorted(set(_field_names(Register, set())) | set(LANGUAGES))


def load_or_refuse(text: str) -> Register | RekisteriError:
    try:
        return parse_register(text, "generated.toml")
    except RekisteriError as error:
        return error


# -- anything at all ------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        text = decode(data, "bytes.toml")
    except RekisteriError:
        return
    load_or_refuse(text)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    load_or_refuse(text)


# Text made of TOML's own punctuation reaches the syntax-error paths (duplicates, unclosed
# arrays, headers) far more often than arbitrary text does.
TOMLISH = st.lists(
    st.sampled_from([*"[]{}=\"'.,#\n \t-_019abefinotu", "name", "fi", "[[purposes]]", '"""']),
    max_size=150,
).map("".join)


@SETTINGS
@given(TOMLISH)
def test_toml_punctuation(text: str) -> None:
    load_or_refuse(text)


@SETTINGS
@given(st.lists(st.sampled_from(EXAMPLE.read_text(encoding="utf-8").splitlines()), max_size=40))
def test_shuffled_lines_of_the_example(lines: list[str]) -> None:
    # Reordered real lines make duplicate keys and tables, keys outside their table, and so on.
    load_or_refuse("\n".join(lines) + "\n")


# -- generated TOML documents ---------------------------------------------------------------

KEYS = st.one_of(st.sampled_from(REAL_KEYS), st.text(min_size=1, max_size=12))
SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from([*LegalBasis, "fi", "en", "P6Y", "2464491-9", "045 127 0888", "a@b.fi"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)


@SETTINGS
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_generated_toml_documents(document: dict[str, Any]) -> None:
    load_or_refuse(tomli_w.dumps(document))


IDS = st.sampled_from(["care", "billing", "contact", "client", "kept", "x"])
TEXTS = st.one_of(
    st.text(min_size=1, max_size=10),
    st.dictionaries(st.sampled_from([*LANGUAGES, "em"]), st.text(max_size=10), max_size=3),
)


def _entries(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({"id": IDS, "name": TEXTS}, optional=fields), max_size=3)


# Register-shaped documents get past pydantic often enough to exercise the cross-table checks
# (references, duplicate ids, translations, transfers, retention).
REGISTER_SHAPED = st.fixed_dictionaries(
    {
        "name": TEXTS,
        "notice": st.fixed_dictionaries(
            {"languages": st.lists(st.sampled_from([*LANGUAGES, "de"]), max_size=3)},
            optional={"default_language": st.sampled_from([*LANGUAGES, "de"])},
        ),
        "controller": st.fixed_dictionaries(
            {"name": st.text(max_size=10)},
            optional={
                "email": st.sampled_from(["a@b.fi", "bad", ""]),
                "business_id": st.sampled_from(["2464491-9", "2464491-8", "x"]),
            },
        ),
        "purposes": _entries(
            legal_basis=st.sampled_from([*LegalBasis, "contrct"]),
            legitimate_interest=TEXTS,
        ),
        "data_categories": _entries(
            purposes=st.lists(IDS, max_size=3),
            sources=st.lists(IDS, max_size=2),
            subjects=st.lists(IDS, max_size=2),
            retention=IDS,
            hetu=st.booleans(),
            hetu_ground=st.sampled_from(["consent", "law"]),
        ),
    },
    optional={
        "sources": _entries(),
        "data_subjects": _entries(),
        "retention": _entries(
            period=st.sampled_from(["P6Y", "P1Y6M", "6 years", "P"]),
            counted_from=TEXTS,
            criteria=TEXTS,
        ),
        "transfers": st.fixed_dictionaries(
            {"outside_eea": st.booleans()},
            optional={
                "destinations": st.lists(
                    st.fixed_dictionaries(
                        {
                            "country": st.sampled_from(["US", "SE", "usa"]),
                            "recipient": st.text(max_size=5),
                            "safeguard": st.sampled_from(["adequacy_decision", "x"]),
                        }
                    ),
                    max_size=2,
                )
            },
        ),
        "automated_decisions": st.fixed_dictionaries(
            {"used": st.booleans()}, optional={"logic": TEXTS}
        ),
    },
)


@SETTINGS
@given(REGISTER_SHAPED)
def test_register_shaped_documents(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    result = load_or_refuse(text)
    if isinstance(result, RekisteriError):
        assert_located(result, text)


# -- one mutation of the valid example ------------------------------------------------------


def key_paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every key (and array element) in a parsed TOML document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from key_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index)
            yield from key_paths(item, (*path, index))


PATHS = list(key_paths(EXAMPLE_DATA))
# Some [store] tables are keyed by the store's own table and column names (labels, row_date):
# any key is allowed there, so renaming one is not an unknown key.
FREE_KEYS = {"labels", "row_date", "money"}
# Without schema_version the file is a version-1 file, refused before its keys are read.
KEY_PATHS = [
    p
    for p in PATHS
    if isinstance(p[-1], str) and not FREE_KEYS & set(p[:-1]) and p != ("schema_version",)
]

# Values no field of the register accepts in place of whatever it expects: pydantic's lax mode
# turns "true" or 1 into a boolean and a string into a date, but never these.
NEVER_VALID = st.sampled_from(
    [
        {"zz_unexpected": 1},
        [[1]],
        datetime.datetime(2024, 1, 15, 12, 30),
        [{"zz_unexpected": True}],
    ]
)


def parent_and_key(document: dict[str, Any], path: tuple[str | int, ...]) -> tuple[Any, Any]:
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    return parent, path[-1]


def assert_located(error: RekisteriError, text: str) -> None:
    lines = text.split("\n")
    assert error.diagnostics
    for diagnostic in error.diagnostics:
        assert diagnostic.line is not None, diagnostic
        assert 1 <= diagnostic.line <= len(lines), diagnostic


def names_the_key(text: str, line: int | None, key: str) -> bool:
    assert line is not None
    source = text.split("\n")[line - 1]
    return key in source or tomli_w.dumps({key: 0}).split(" =")[0] in source


@SETTINGS
@given(st.sampled_from(PATHS))
def test_dropping_a_key_either_loads_or_is_located(path: tuple[str | int, ...]) -> None:
    document = copy.deepcopy(EXAMPLE_DATA)
    parent, key = parent_and_key(document, path)
    del parent[key]
    text = tomli_w.dumps(document)
    result = load_or_refuse(text)
    if isinstance(result, RekisteriError):
        assert_located(result, text)


@SETTINGS
@given(st.sampled_from(PATHS), NEVER_VALID)
def test_a_value_of_the_wrong_type_is_located_at_its_key(
    path: tuple[str | int, ...], value: Any
) -> None:
    document = copy.deepcopy(EXAMPLE_DATA)
    parent, key = parent_and_key(document, path)
    parent[key] = copy.deepcopy(value)
    text = tomli_w.dumps(document)
    result = load_or_refuse(text)
    assert isinstance(result, RekisteriError), f"{format_loc(path)} = {value!r} was accepted"
    assert_located(result, text)
    here = format_loc(path)
    at_the_spot = [d for d in result.diagnostics if d.path.startswith(here)]
    assert at_the_spot, (here, result.diagnostics)
    for diagnostic in at_the_spot:
        last = diagnostic.path.rsplit(".", 1)[-1]
        # A missing key is located at its table's header, and an array element has no key.
        if not last.endswith("]") and not diagnostic.message.startswith("missing required"):
            assert names_the_key(text, diagnostic.line, last), (diagnostic, text)


@SETTINGS
@given(st.sampled_from(KEY_PATHS), st.sampled_from(["x", "_old", "s", "Z"]))
def test_a_renamed_key_is_an_unknown_key_on_its_own_line(
    path: tuple[str | int, ...], suffix: str
) -> None:
    document = copy.deepcopy(EXAMPLE_DATA)
    parent, key = parent_and_key(document, path)
    renamed = f"{key}{suffix}"
    # Renaming 'channel' to 'channels' would overwrite a real key: a different mistake.
    assume(renamed not in parent)
    # Nor a key the table allows ('name' → 'names' of the controller): that is no mistake.
    assume(renamed not in _allowed_keys(path[:-1]))
    parent[renamed] = parent.pop(key)
    text = tomli_w.dumps(document)
    result = load_or_refuse(text)
    assert isinstance(result, RekisteriError), f"{format_loc(path)} renamed was accepted"
    assert_located(result, text)
    wanted = format_loc((*path[:-1], renamed))
    found = [d for d in result.diagnostics if d.path == wanted]
    assert found, (wanted, result.diagnostics)
    assert names_the_key(text, found[0].line, renamed)
    assert renamed in found[0].message
