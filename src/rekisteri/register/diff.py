"""Semantic differences between two versions of a register, by section.

A change is described in the terms of the notice (a purpose was added, a legal basis changed), not
as a text diff, and flagged when the law asks something of the controller before the new
processing starts: informing the data subjects (GDPR Art. 13(3), 14(4)) or asking for new consent.
The sentences that say each change are in :mod:`rekisteri.notice.changes`.

A section's state is a fact of its own (docs/register-v2.md): a list going from "not stated" to
"none" is a change, and one going from "none" to items lists each new item as added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rekisteri.errors import RekisteriError
from rekisteri.register.model import Register

# Lists whose items carry an id (or a name): they are matched by it, so reordering is not a change.
_KEYS = {
    "joint_controllers": "name",
    "data_subjects": "id",
    "purposes": "id",
    "data_categories": "id",
    "sources": "id",
    "recipients": "id",
    "processors": "id",
    "retention": "id",
    "cookies": "name",
    "sections": "id",
}
# Sections that belong to the publication or the file rather than to the processing.
_IGNORED = {"schema_version", "notice", "store", "lint"}


@dataclass(frozen=True)
class Change:
    """One semantic change between two register versions."""

    section: str
    kind: str  # "added", "removed" or "changed"
    item: str | None  # id of the purpose, category, … (None for single tables)
    field: str | None  # key path inside the item or table, for "changed"
    old: Any
    new: Any
    inform: bool  # data subjects must be told before the processing starts (13(3), 14(4))
    consent: bool  # new consent is needed before the processing starts

    @property
    def path(self) -> str:
        parts = [self.section]
        if self.item is not None:
            parts.append(f"[{self.item}]")
        if self.field:
            parts.append(f".{self.field}")
        return "".join(parts)


def diff_registers(old: Register, new: Register) -> list[Change]:
    """Every semantic change from ``old`` to ``new``, in the order of the notice's sections."""
    if set(old.languages) != set(new.languages):
        raise RekisteriError(
            f"the registers are published in different languages ({', '.join(old.languages)} "
            f"vs {', '.join(new.languages)}); a diff compares versions of one notice",
        )
    # By alias, so that a key path is the key the file has (``bases.while``).
    old_data = _normal_sections(old.model_dump(mode="json", exclude=_IGNORED, by_alias=True))
    new_data = _normal_sections(new.model_dump(mode="json", exclude=_IGNORED, by_alias=True))
    changes: list[Change] = []
    for section in Register.model_fields:
        if section in _IGNORED:
            continue
        before, after = old_data.get(section), new_data.get(section)
        if section in _KEYS:
            if _state_changed(before, after):
                changes.append(_change(section, None, None, before, after, new))
            changes += _diff_items(section, _items(before), _items(after), new)
        else:
            changes += [
                _change(section, None, field, a, b, new)
                for field, a, b in _diff_values(before, after, "")
            ]
    return changes


def _normal_sections(data: dict[str, Any]) -> dict[str, Any]:
    """One spelling for one statement: ``transfers = "none"`` is the table whose destinations
    are "none", so rewriting one as the other is no change."""
    if data.get("transfers") == "none":
        data["transfers"] = {"destinations": "none"}
    return data


def _items(value: Any) -> list[Any]:
    """The items of a list section; none for "none" and for not stated."""
    return value if isinstance(value, list) else []


def _state_changed(before: Any, after: Any) -> bool:
    """Whether a list section went between "not stated" and "none" with no item on either
    side: items coming or going are changes of their own."""
    if _items(before) or _items(after):
        return False
    return bool(before == "none") != bool(after == "none")


def _diff_items(
    section: str, before: list[dict[str, Any]], after: list[dict[str, Any]], new: Register
) -> Iterator[Change]:
    key = _KEYS[section]
    old_items = {item[key]: item for item in before}
    new_items = {item[key]: item for item in after}
    for item_id, item in old_items.items():
        if item_id not in new_items:
            yield _change(section, item_id, None, item, None, new, kind="removed")
    for item_id, item in new_items.items():
        if item_id not in old_items:
            yield _change(section, item_id, None, None, item, new, kind="added")
            continue
        for field, a, b in _diff_values(old_items[item_id], item, ""):
            yield _change(section, item_id, field, a, b, new)


def _diff_values(before: Any, after: Any, prefix: str) -> Iterator[tuple[str, Any, Any]]:
    """Leaf differences between two JSON values; tables recurse, everything else compares whole."""
    if _is_table(before) and _is_table(after):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from _diff_values(before.get(key), after.get(key), f"{prefix}.{key}".lstrip("."))
    elif _normal(before) != _normal(after):
        yield prefix, before, after


def _is_table(value: Any) -> bool:
    # A localized text is one value, not a table: a reworded sentence is one change.
    return isinstance(value, dict) and not (value and set(value) <= {"fi", "en", "sv"})


def _normal(value: Any) -> Any:
    # An empty list and an absent value say the same thing in a register.
    if value in ([], {}, None, False):
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(value)
    return value


def _change(
    section: str,
    item: str | None,
    field: str | None,
    old: Any,
    new_value: Any,
    new: Register,
    kind: str = "changed",
) -> Change:
    if kind == "changed" and field is not None and not field:
        field = None
    if kind == "changed" and item is None and field is None:
        kind = "added" if old is None else "removed" if new_value is None else kind
    inform, consent = _obligations(section, kind, field, old, new_value, new)
    return Change(section, kind, item, field, old, new_value, inform, consent)


def _obligations(
    section: str, kind: str, field: str | None, old: Any, new_value: Any, new: Register
) -> tuple[bool, bool]:
    """Which changes must reach the data subjects first, and which need fresh consent."""
    if section == "purposes":
        if kind == "added":
            return True, "consent" in _bases(new_value)
        if field == "legal_basis":
            return True, new_value == "consent"
        if field == "bases":
            # A basis added to a purpose is told; one taken away is not.
            added = _new_entries(old, new_value)
            return bool(added), any(entry.get("basis") == "consent" for entry in added)
        return False, False
    if section == "bases":
        added = _new_entries(old, new_value)
        return bool(added), any(entry.get("basis") == "consent" for entry in added)
    if section == "data_categories":
        if kind == "added":
            special = (new_value or {}).get("special") or {}
            return True, special.get("condition") == "explicit_consent"
        if field == "purposes":
            # Using data for a purpose it was not collected for needs telling; dropping one not.
            return bool(set(new_value or []) - set(old or [])), False
        if field in ("special.category", "special.condition"):
            return True, field == "special.condition" and new_value == "explicit_consent"
        return False, False
    # An item added: a new recipient, processor, joint controller or cookie (not the state of
    # the list changing to "none").
    new_item = kind == "added" and isinstance(new_value, dict)
    if section in ("recipients", "processors", "joint_controllers"):
        return new_item, False
    if section == "cookies":
        # A cookie that is not strictly necessary needs consent first (917/2014 § 205).
        return new_item, new_item and new_value.get("necessary") is not True
    if section == "transfers":
        destinations = _at(new_value, field, "destinations")
        return bool(_new_entries(_at(old, field, "destinations"), destinations)), False
    if section == "automated_decisions":
        started = [
            key
            for key in ("used", "profiling")
            if _at(new_value, field, key) is True and _at(old, field, key) is not True
        ]
        return bool(started), False
    if section == "direct_marketing":
        channels = _at(new_value, field, "channels")
        return bool(_new_entries(_at(old, field, "channels"), channels)), False
    return False, False


def _at(value: Any, field: str | None, key: str) -> Any:
    """The value of ``key`` in a section, given a change at ``field`` of it."""
    if field == key:
        return value
    if not field and isinstance(value, dict):
        return value.get(key)
    return None


def _new_entries(old: Any, new_value: Any) -> list[Any]:
    """Entries of the new list that the old one did not have ("none" and absent: no list)."""
    before = old if isinstance(old, list) else []
    return [entry for entry in _items(new_value) if entry not in before]


def _bases(purpose: dict[str, Any]) -> set[str]:
    """The legal bases of a purpose as the register writes them: one, or a list."""
    found = {purpose.get("legal_basis")} | {b.get("basis") for b in purpose.get("bases") or []}
    return {basis for basis in found if basis}
