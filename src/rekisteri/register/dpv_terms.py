"""Which terms of DPV's personal-data taxonomy (``pd:``) a data category carries.

A category's terms (:func:`personal_data_terms`) are the ones its ``dpv`` key declares, or, when
it declares none, the ones the register states explicitly (:func:`inferred_terms`):

- ``special``: the ``pd`` concept of its Art. 9(1) category (``health``: ``pd:Health``);
- ``criminal = true``: ``pd:Criminal`` (Art. 10);
- a column of the category's store sources that the store mapping names as the person's
  ``name``, ``email``, ``phone`` or ``birth_date`` (in ``[store.subject]`` or a
  ``[[store.groups]]`` table, the source reading that same table; a group's own record counts
  as a source of its category): ``pd:Name``, ``pd:EmailAddress``, ``pd:TelephoneNumber``,
  ``pd:BirthDate``. A ``query`` source names no columns, so it says nothing here. The ``hetu``
  column gives no term: ``pd`` has none for a national identity number.

Nothing is read from a category's id, name or description, nor from a column's name: they are
words a person chose, in any language, not a statement of what the data is (the notice says
nothing the register does not say). A category with none of these facts is generic
``dpv:PersonalData``. A declared ``dpv`` replaces the inference entirely; ``dpv = []`` states
that the category has no specific term.
"""

from __future__ import annotations

from rekisteri.register.dpv import CRIMINAL_TERM, SPECIAL_CATEGORY_TERMS, STORE_ROLE_TERMS
from rekisteri.register.model import DataCategory, Register


def personal_data_terms(register: Register, category: DataCategory) -> tuple[str, ...]:
    """The category's ``pd`` terms, sorted: those it declares, else :func:`inferred_terms`."""
    if category.dpv is not None:
        return tuple(sorted(set(category.dpv)))
    return inferred_terms(register, category)


def inferred_terms(register: Register, category: DataCategory) -> tuple[str, ...]:
    """The ``pd`` terms the register's explicit facts give the category, sorted (see the
    module's docstring); its ``dpv`` key is not looked at."""
    found: set[str] = set()
    if category.special is not None:
        found.add(SPECIAL_CATEGORY_TERMS[category.special.category])
    if category.criminal:
        found.add(CRIMINAL_TERM)
    store = register.store
    if store is not None:
        tables = [store.subject, *store.groups]
        shown = [(s.table, s.columns) for s in store.sources_of(category.id) if s.table]
        # A group's own record is one more source of its category (GroupTable.as_source).
        shown += [(g.table, g.columns) for g in store.groups if g.category == category.id]
        for table, columns in shown:
            for match in (t for t in tables if t.table == table):
                for role, term in STORE_ROLE_TERMS.items():
                    named = getattr(match, role)
                    role_columns = [named] if isinstance(named, str) else list(named or [])
                    if any(column in role_columns for column in columns):
                        found.add(term)
    return tuple(sorted(found))
