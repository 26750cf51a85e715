"""The register as a form: every section and key of the model (:class:`Register`) as a field a
person fills in, with the model's own description as its help, and the value the register file
holds for it.

The form is read from the model, so a key added to the model is in the editor without another
line written; each field's kind says how it is shown and how its text from a form becomes a
value of the file again (:meth:`Field.parse`). Labels, help and the names of the choices are
the English msgids of the ``fields`` catalog (:func:`texts` lists them all), translated where
the form is shown.

A section that can say "none" (recipients, transfers, …) has three states, as the register
has: stated (its facts), stated none and not stated.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from rekisteri.errors import Loc, RekisteriError, format_loc
from rekisteri.register.base import Text
from rekisteri.register.model import NONE, Register
from rekisteri.register.schema import member_docs

DOMAIN = "fields"
"""The catalog of the form's labels, help texts and choices."""

# Texts a person writes a paragraph of; the others (names, titles, labels) fit on a line.
_LINE_TEXTS = frozenset({"name", "names", "title", "label", "role", "city", "street", "heading"})

Kind = Literal["text", "textarea", "localized", "yesno", "number", "decimal", "date", "choice",
               "choices", "lines", "toml"]  # fmt: skip


class BadValue(RekisteriError):
    """A form's text is not a value of the field's kind (a date that is no date, …); the
    message is one of the msgids below, shown at the field in the interface's language."""


NOT_A_DATE = "Write the date as year-month-day, e.g. 2025-01-31."
NOT_A_NUMBER = "Write a whole number."
NOT_A_DECIMAL = "Write a number, e.g. 2.5."
NOT_A_CHOICE = "Choose one of the choices."
NOT_YES_OR_NO = "Choose yes or no."
REFUSALS = frozenset({NOT_A_DATE, NOT_A_NUMBER, NOT_A_DECIMAL, NOT_A_CHOICE, NOT_YES_OR_NO})
"""The messages of :class:`BadValue`, each a msgid of the catalog."""
YES, NO, NOT_STATED, NONE_STATED, STATED = "Yes", "No", "Not stated", "None", "Stated"
_FORM_TEXTS = (NOT_A_DATE, NOT_A_NUMBER, NOT_A_DECIMAL, NOT_A_CHOICE, NOT_YES_OR_NO, YES, NO,
               NOT_STATED, NONE_STATED, STATED)  # fmt: skip


class _Located:
    """A node of the form at its key path ``loc``, named as the diagnostics name it."""

    loc: Loc

    @property
    def path(self) -> str:
        return format_loc(self.loc)


@dataclass(frozen=True)
class Option:
    """One value a choice offers: the value written in the file, its label, its help."""

    value: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Field(_Located):
    """One key of the register as a form field."""

    loc: Loc
    kind: Kind
    label: str
    help: str
    required: bool
    value: Any
    """The file's value: text, a {language: text} mapping, a bool, a list, or None."""
    options: tuple[Option, ...] = ()
    order: tuple[str, ...] = ()
    """The keys of the field's table in the model's order: where a new key is written."""
    multiline: bool = False
    one_or_many: bool = False
    """A list of texts the file may write as one text while it holds one (``retention``)."""

    @property
    def key(self) -> str:
        return str(self.loc[-1])

    def parse(self, raw: Sequence[str]) -> Any:
        """The value of the file for the texts a form sent for this field (a list: a field of
        checkboxes sends one text per box ticked). Raises :class:`BadValue`."""
        text = raw[-1] if raw else ""
        if self.kind == "choices":
            allowed = {option.value for option in self.options}
            chosen = [value for value in raw if value]
            if any(value not in allowed for value in chosen):
                raise BadValue(NOT_A_CHOICE)
            return chosen
        if self.kind == "lines":
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            return lines[0] if self.one_or_many and len(lines) == 1 else lines
        if not text.strip():
            return None
        if self.kind == "yesno":
            if text not in ("true", "false"):
                raise BadValue(NOT_YES_OR_NO)
            return text == "true"
        if self.kind == "number":
            try:
                return int(text.strip())
            except ValueError:
                raise BadValue(NOT_A_NUMBER) from None
        if self.kind == "decimal":
            try:
                return float(text.strip().replace(",", "."))
            except ValueError:
                raise BadValue(NOT_A_DECIMAL) from None
        if self.kind == "date":
            try:
                return date.fromisoformat(text.strip())
            except ValueError:
                raise BadValue(NOT_A_DATE) from None
        if self.kind == "choice" and text not in {option.value for option in self.options}:
            raise BadValue(NOT_A_CHOICE)
        return text


@dataclass(frozen=True)
class Group(_Located):
    """A table of the register: a section, one entry of a list, or a table inside either."""

    loc: Loc
    label: str
    help: str
    required: bool
    children: tuple[Node, ...]
    state: str = "stated"
    """"stated", "none" (the file says "none") or "absent"."""
    can_be_none: bool = False
    title: str = ""
    """How an entry of a list is named: its id or name as the file gives it."""


@dataclass(frozen=True)
class Repeated(_Located):
    """A list of tables of the register (purposes, data categories, …)."""

    loc: Loc
    label: str
    help: str
    required: bool
    entries: tuple[Group, ...]
    state: str = "stated"
    can_be_none: bool = False


Node = Field | Group | Repeated


def register_form(data: Mapping[str, Any], languages: Sequence[str]) -> tuple[Node, ...]:
    """The form of a register file whose values are ``data`` (as tomllib reads the file),
    its texts in ``languages``: one node per section of the model, in the model's order."""
    nodes = _children(Register, data, (), tuple(languages))
    # The format's version is not the owner's to change: a migration writes it.
    return tuple(node for node in nodes if node.loc != ("schema_version",))


def find(nodes: Sequence[Node], loc: Loc) -> Node | None:
    """The node of ``loc`` in a form, or None."""
    for node in walk(nodes):
        if node.loc == tuple(loc):
            return node
    return None


def walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Every node of a form, depth first in the order shown."""
    for node in nodes:
        yield node
        if isinstance(node, Group):
            yield from walk(node.children)
        elif isinstance(node, Repeated):
            yield from walk(node.entries)


def field_for(loc: Loc, nodes: Sequence[Node]) -> Node | None:
    """The node a diagnostic at ``loc`` is shown at: the node itself, else the nearest one
    holding it (a missing key of an entry is shown at the entry)."""
    for end in range(len(loc), 0, -1):
        found = find(nodes, loc[:end])
        if found is not None:
            return found
    return None


def texts() -> list[str]:
    """Every msgid of the form (labels, help texts, choices and their help), sorted: what
    the ``fields`` catalog must translate."""
    found: set[str] = set(_FORM_TEXTS)
    for model in _models(Register):
        for name, info in model.model_fields.items():
            found.add(label_of(name))
            if info.description:
                found.add(_one_line(info.description))
            kind, inner, _ = _classify(annotation_of(model, name))
            for option in _options(inner) if kind in ("choice", "choices") else ():
                found.add(option.label)
                if option.help:
                    found.add(option.help)
    found.discard("")
    return sorted(found)


def label_of(key: str) -> str:
    """The msgid of a key's label: the key in words (``legal_basis`` → "Legal basis")."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


# -- reading the model ----------------------------------------------------------------------


def _children(
    model: type[BaseModel], data: Any, loc: Loc, languages: tuple[str, ...]
) -> tuple[Node, ...]:
    values = data if isinstance(data, Mapping) else {}
    order = tuple(model.model_fields)
    return tuple(
        _node(annotation_of(model, name), values.get(name), (*loc, name), languages, info, order)
        for name, info in model.model_fields.items()
    )


def _node(
    annotation: Any,
    value: Any,
    loc: Loc,
    languages: tuple[str, ...],
    info: Any,
    order: tuple[str, ...],
) -> Node:
    key = str(loc[-1])
    label = label_of(key)
    help_text = _one_line(info.description or "")
    required = bool(info.is_required())
    kind, inner, can_be_none = _classify(annotation)
    state = "none" if value == NONE and can_be_none else ("absent" if value is None else "stated")
    if kind == "repeated":
        entries = value if isinstance(value, list) else []
        return Repeated(
            loc,
            label,
            help_text,
            required,
            tuple(
                Group(
                    (*loc, index),
                    label,
                    "",
                    False,
                    _children(inner, entry, (*loc, index), languages),
                    title=_title(entry, index),
                )
                for index, entry in enumerate(entries)
            ),
            state,
            can_be_none,
        )
    if kind == "group":
        return Group(
            loc,
            label,
            help_text,
            required,
            _children(inner, value if state == "stated" else {}, loc, languages),
            state,
            can_be_none,
        )
    options = _options(inner) if kind in ("choice", "choices") else ()
    shown: Kind = "textarea" if kind == "localized" and key not in _LINE_TEXTS else kind
    return Field(
        loc,
        shown,
        label,
        help_text,
        required,
        None
        if state == "none" and kind != "choice"
        else ([value] if kind == "lines" and isinstance(value, str) else value),
        options + ((Option(NONE, NONE_STATED),) if can_be_none and kind == "choice" else ()),
        order,
        multiline=shown == "textarea",
        one_or_many=kind == "lines" and inner is not list,
    )


def _classify(annotation: Any) -> tuple[Any, Any, bool]:
    """The kind of an annotation, the type inside it, and whether "none" is one of its values."""
    annotation = _plain(annotation)
    can_be_none = False
    if _is_union(annotation):
        members = [_plain(member) for member in get_args(annotation)]
        members = [member for member in members if member is not type(None)]
        literal_none = [m for m in members if get_origin(m) is Literal and get_args(m) == (NONE,)]
        if literal_none:
            can_be_none = True
            members = [m for m in members if m not in literal_none]
        if (
            len(members) == 2
            and str in members
            and any(get_origin(m) is list and _plain(get_args(m)[0]) is str for m in members)
        ):
            # One text or a list of them (``retention = "a"`` or ``["a", "b"]``).
            return "lines", str, can_be_none
        if len(members) != 1:
            return "toml", annotation, can_be_none
        annotation = members[0]
    if isinstance(annotation, type) and issubclass(annotation, Text):
        return "localized", annotation, can_be_none
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group", annotation, can_be_none
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (Any,)
        item = _plain(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "repeated", item, can_be_none
        if _options(item):
            return "choices", item, can_be_none
        if item is str:
            return "lines", list, can_be_none
        return "toml", annotation, can_be_none
    if annotation is bool:
        return "yesno", annotation, can_be_none
    if annotation is int:
        return "number", annotation, can_be_none
    if annotation is float:
        return "decimal", annotation, can_be_none
    if annotation is date:
        return "date", annotation, can_be_none
    if _options(annotation):
        return "choice", annotation, can_be_none
    if annotation is str:
        return "text", annotation, can_be_none
    return "toml", annotation, can_be_none


def annotation_of(model: type[BaseModel], name: str) -> Any:
    """The type of a model's field; a forward reference (``list['ContactChannel']``, a model
    defined further down) as the type it names."""
    annotation = model.model_fields[name].annotation
    if isinstance(annotation, typing.ForwardRef):
        return _hints(model)[name]
    return annotation


@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _plain(annotation: Any) -> Any:
    """``annotation`` without its ``Annotated`` constraints."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


@cache
def _options_of(annotation: Any) -> tuple[Option, ...]:
    annotation = _plain(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        docs = member_docs(annotation)
        return tuple(
            Option(str(member.value), label_of(str(member.value)), docs.get(member.name, ""))
            for member in annotation
        )
    if get_origin(annotation) is Literal:
        values = get_args(annotation)
        if values and all(isinstance(v, str) for v in values) and values != (NONE,):
            return tuple(Option(v, label_of(v)) for v in values)
    return ()


def _options(annotation: Any) -> tuple[Option, ...]:
    try:
        return _options_of(annotation)
    except TypeError:  # an annotation that cannot be a cache key holds no choices
        return ()


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from ``root``, each once."""
    seen: list[type[BaseModel]] = []
    pending = [root]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.append(model)
        for name in model.model_fields:
            pending.extend(_inner_models(annotation_of(model, name)))
    return seen


def _inner_models(annotation: Any) -> Iterator[type[BaseModel]]:
    annotation = _plain(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in get_args(annotation):
        if not isinstance(argument, str | int | float):
            yield from _inner_models(argument)


def _title(entry: Any, index: int) -> str:
    if isinstance(entry, Mapping):
        for key in ("id", "name", "role", "label", "heading"):
            value = entry.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, Mapping) and value:
                return str(next(iter(value.values())))
    return f"{index + 1}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
