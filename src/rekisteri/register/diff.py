"""Semantic differences between two versions of a register, by section.

A change is described in the terms of the notice (a purpose was added, a legal basis changed), not
as a text diff, and flagged when the law asks something of the controller before the new
processing starts: informing the data subjects (GDPR Art. 13(3), 14(4)) or asking for new consent.
The sentences that say each change are in :mod:`rekisteri.notice.changes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rekisteri.errors import RekisteriError
from rekisteri.register.model import Register

# Lists whose items carry an id: they are matched by id, so reordering is not a change.
_ID_SECTIONS = (
    "data_subjects",
    "purposes",
    "data_categories",
    "sources",
    "recipients",
    "processors",
    "retention",
)
# Sections that belong to the publication rather than to the processing.
_IGNORED = {"notice", "store", "lint"}


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
    old_data = old.model_dump(mode="json", exclude=_IGNORED)
    new_data = new.model_dump(mode="json", exclude=_IGNORED)
    changes: list[Change] = []
    for section in Register.model_fields:
        if section in _IGNORED:
            continue
        before, after = old_data.get(section), new_data.get(section)
        if section in _ID_SECTIONS:
            changes += _diff_items(section, before or [], after or [], new)
        else:
            changes += [
                _change(section, None, field, a, b, new)
                for field, a, b in _diff_values(before, after, "")
            ]
    return changes


def _diff_items(
    section: str, before: list[dict[str, Any]], after: list[dict[str, Any]], new: Register
) -> Iterator[Change]:
    old_items = {item["id"]: item for item in before}
    new_items = {item["id"]: item for item in after}
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
            return True, new_value.get("legal_basis") == "consent"
        if field == "legal_basis":
            return True, new_value == "consent"
        return False, False
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
    if section in ("recipients", "processors") and kind == "added":
        return True, False
    if section == "transfers" and field in ("outside_eea", "destinations") and new_value:
        return True, False
    if section == "automated_decisions" and field in ("used", "profiling") and new_value:
        return True, False
    if section == "direct_marketing" and (kind == "added" or field == "channels"):
        return True, False
    return False, False
