"""The store tables that marketing and feedback read besides the data subjects' own.

``[store.marketing]`` and ``[store.feedback]`` each name one table of the store and some of its
columns. Both are found, checked against the store and joined to the subject table the same
way, so a missing table or column is reported in the same words and at its line in the
register.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import sqlalchemy as sa

from rekisteri.access.store import Store, mapping_error, register_file, table_problems
from rekisteri.errors import Loc, RekisteriError

if TYPE_CHECKING:
    from rekisteri.register.model import Register


class _Mapping(Protocol):
    @property
    def table(self) -> str: ...


M = TypeVar("M", bound=_Mapping)

# Keys per query when reading people by key: well under SQLite's 999 bound parameters.
_BATCH = 500


def mapped_table(
    register: Register, section: str, mapping: M | None, *, where: str, hint: str
) -> M:
    """``mapping`` (the register's ``[store.<section>]``), or the error saying it is missing.

    ``where`` ends "rekisteri does not know where …" (e.g. "the feedback is").
    """
    if mapping is None:
        raise RekisteriError.at(
            register_file(register),
            f"the register has no [store.{section}] table, so rekisteri does not know where "
            f"{where}",
            hint=hint,
        )
    return mapping


def check_columns(
    store: Store,
    section: str,
    mapping: M,
    keys: Iterable[str],
    more: Sequence[tuple[Loc, str, str]] = (),
) -> None:
    """Refuse, at their lines, a ``[store.<section>]`` table or column the store lacks.

    ``keys`` are the mapping's keys that name a column of its table; ``more`` are problems the
    caller found besides.
    """
    columns = {key: getattr(mapping, key) for key in keys}
    problems = table_problems(store, ("store", section), mapping.table, columns) + list(more)
    if problems:
        raise mapping_error(store.register, problems)


def subject_rows(
    store: Store, columns: Iterable[str], keys: Iterable[Any] | None = None
) -> list[dict[str, Any]]:
    """Rows of the subject table, each with its key and ``columns``.

    Everyone in key order, or only those whose key is among ``keys`` (read in batches). A key
    the table holds twice gives two rows: each caller decides what that means.
    """
    subject = store.mapping.subject
    wanted = list(dict.fromkeys([subject.key, *columns]))
    table = sa.table(subject.table, *(sa.column(c) for c in wanted))
    statement = sa.select(*(table.c[c] for c in wanted))
    batches: list[dict[str, Any]]
    if keys is None:
        statement = statement.order_by(table.c[subject.key])
        batches = [{}]
    else:
        statement = statement.where(table.c[subject.key].in_(sa.bindparam("keys", expanding=True)))
        ordered = sorted(keys, key=str)
        batches = [{"keys": ordered[i : i + _BATCH]} for i in range(0, len(ordered), _BATCH)]
    found: list[dict[str, Any]] = []
    for parameters in batches:
        names, rows = store.fetch(statement, parameters or None)
        found += [dict(zip(names, values, strict=True)) for values in rows]
    return found
