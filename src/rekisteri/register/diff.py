"""Semantic differences between two versions of a register, by section.

A change is described in the terms of the notice (a purpose was added, a legal basis changed), not
as a text diff, and flagged when the law asks something of the controller before the new
processing starts: informing the data subjects of a new purpose (GDPR Art. 13(3), 14(4): data
processed for a purpose other than the one it was collected for) or asking for consent. For other
changes the GDPR sets no prior information of its own (WP260 rev.01 asks that a fundamental change,
such as new recipients or a transfer to a third country, be told in good time: the controller
weighs that). The sentences that say each change are in :mod:`rekisteri.notice.changes`.

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
ITEM_KEYS = {
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
# Tables that are one fact however many keys they have: an address moved is one change.
_ATOMIC = {"address", "visiting_address", "postal_address", "statute"}


@dataclass(frozen=True)
class Change:
    """One semantic change between two register versions."""

    section: str
    kind: str  # "added", "removed" or "changed"
    item: str | None  # id of the purpose, category, … (None for single tables)
    field: str | None  # key path inside the item or table, for "changed"
    old: Any
    new: Any
    inform: bool  # a new purpose: data subjects are told before it starts (13(3), 14(4))
    consent: bool  # consent is needed before the processing starts

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
        if section in ITEM_KEYS:
            if _state_changed(before, after):
                changes.append(_change(section, None, None, before, after, old))
            changes += _diff_items(section, _items(before), _items(after), old)
        else:
            changes += [
                _change(section, None, field, a, b, old)
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
    section: str, before: list[dict[str, Any]], after: list[dict[str, Any]], old: Register
) -> Iterator[Change]:
    key = ITEM_KEYS[section]
    old_items = {item[key]: item for item in before}
    new_items = {item[key]: item for item in after}
    for item_id, item in old_items.items():
        if item_id not in new_items:
            yield _change(section, item_id, None, item, None, old, kind="removed")
    for item_id, item in new_items.items():
        if item_id not in old_items:
            yield _change(section, item_id, None, None, item, old, kind="added")
            continue
        for field, a, b in _diff_values(old_items[item_id], item, ""):
            yield _change(section, item_id, field, a, b, old)


def _diff_values(before: Any, after: Any, prefix: str) -> Iterator[tuple[str, Any, Any]]:
    """Leaf differences between two JSON values; tables recurse, everything else compares whole."""
    if _is_table(before) and _is_table(after) and prefix.rpartition(".")[2] not in _ATOMIC:
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
    earlier: Register,
    kind: str = "changed",
) -> Change:
    if kind == "changed" and field is not None and not field:
        field = None
    if kind == "changed" and item is None and field is None:
        kind = "added" if old is None else "removed" if new_value is None else kind
    inform, consent = _obligations(section, kind, field, old, new_value, earlier)
    return Change(section, kind, item, field, old, new_value, inform, consent)


def _obligations(
    section: str, kind: str, field: str | None, old: Any, new_value: Any, earlier: Register
) -> tuple[bool, bool]:
    """Which changes are a new purpose the data subjects are told of first (Art. 13(3), 14(4)),
    and which need consent before the processing starts."""
    if section == "purposes":
        if kind == "added":
            return True, "consent" in _bases(new_value)
        if field == "legal_basis":
            return False, new_value == "consent"
        if field == "bases":
            # A consent basis added to a purpose is asked for; one taken away is not.
            added = _new_entries(old, new_value)
            return False, any(entry.get("basis") == "consent" for entry in added)
        return False, False
    if section == "bases":
        added = _new_entries(old, new_value)
        return False, any(entry.get("basis") == "consent" for entry in added)
    if section == "data_categories":
        if kind == "added":
            special = (new_value or {}).get("special") or {}
            return False, special.get("condition") == "explicit_consent"
        if field == "purposes":
            # Data used for a purpose it was not collected for: that purpose is new to it. A
            # purpose new to the whole register is told as that purpose's own change.
            existing = {purpose.id for purpose in earlier.purposes}
            return bool((set(new_value or []) - set(old or [])) & existing), False
        if field == "special":
            return False, (new_value or {}).get("condition") == "explicit_consent"
        if field == "special.condition":
            return False, new_value == "explicit_consent"
        return False, False
    if section == "cookies":
        # A cookie that is not strictly necessary needs consent first (917/2014 § 205).
        new_item = kind == "added" and isinstance(new_value, dict)
        return False, new_item and new_value.get("necessary") is not True
    return False, False


def _new_entries(old: Any, new_value: Any) -> list[Any]:
    """Entries of the new list that the old one did not have ("none" and absent: no list)."""
    before = old if isinstance(old, list) else []
    return [entry for entry in _items(new_value) if entry not in before]


def _bases(purpose: dict[str, Any]) -> set[str]:
    """The legal bases of a purpose as the register writes them: one, or a list."""
    found = {purpose.get("legal_basis")} | {b.get("basis") for b in purpose.get("bases") or []}
    return {basis for basis in found if basis}
