"""The short notice for one data-subject group, e.g. the one a practice hands to next of kin.

A next of kin whom a client names gets their data from the client, so the practice owes them
the Art. 14 information: who the controller is, why and on what basis the data about them is
processed, what data, from where, to whom, for how long, their rights and the complaint route.
:func:`group_register` narrows the register to what concerns the group, and the notice is then
rendered by the same builder as the full one: the short notice can only leave out, never say
what the register does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rekisteri.documents import i18n
from rekisteri.documents.phrases import notice_slug
from rekisteri.errors import nearest
from rekisteri.notice.render import FORMATS, write_notice
from rekisteri.register.base import Text
from rekisteri.register.loading import located_error
from rekisteri.register.model import (
    DataCategory,
    Layout,
    Register,
    Source,
    SourceKind,
    Transfers,
)
from rekisteri.register.rights import source_kind_for

__all__ = ["group_register", "write_group_notice"]


def group_register(register: Register, group: str, *, templates: Path | None = None) -> Register:
    """The register as it concerns the data-subject group ``group``, with its own title.

    Kept are the data categories stated to be about the group, and of everything else only what
    those categories name: their purposes, sources, retention rules, the recipients,
    processors and staff roles that receive or see them (or any category), the transfers of
    those processors. A
    data-subject source of another group (the client who named the next of kin) reads as a
    third party. Direct marketing and cookies concern other people and are left out.
    """
    groups = [g.id for g in register.data_subjects]
    if group not in groups:
        guess = nearest(group, groups)
        raise located_error(
            register,
            ("data_subjects",),
            f"the register has no data-subject group '{group}'",
            (f"did you mean '{guess}'? " if guess else "")
            + f"declared groups: {', '.join(groups) or 'none'}",
        )
    categories = [c for c in register.data_categories if group in c.subjects]
    if not categories:
        raise located_error(
            register,
            ("data_categories",),
            f"no data category is stated to be about the group '{group}'",
            f"list '{group}' in the subjects of the data categories about them",
        )
    kept = {c.id for c in categories}
    purpose_ids = {p for c in categories for p in c.purposes}
    source_ids = {s for c in categories for s in c.sources}
    rule_ids = {r for c in categories for r in c.retention_ids}

    def receives(item_categories: list[str]) -> bool:
        return not item_categories or bool(kept & set(item_categories))

    def narrowed(items: object) -> object:
        # "none" and an absent section stay as they are: the register's own statement.
        if not isinstance(items, list):
            return items
        return [
            item.model_copy(
                update={"data_categories": [c for c in item.data_categories if c in kept]}
            )
            for item in items
            if receives(item.data_categories)
        ]

    processors = narrowed(register.processors)
    processor_ids = {p.id for p in register.processor_list if receives(p.data_categories)}
    transfers = register.transfers
    if isinstance(transfers, Transfers):
        transfers = _narrowed_transfers(transfers, processor_ids)
    purposes = [p for p in register.purposes if p.id in purpose_ids]
    update = {
        "data_subjects": [g for g in register.data_subjects if g.id == group],
        "data_categories": [_category_for(c, group) for c in categories],
        "purposes": [
            p.model_copy(update={"direct_marketing": False}) if p.direct_marketing else p
            for p in purposes
        ],
        "bases": [
            b
            for b in register.bases
            if (not b.purposes or purpose_ids & set(b.purposes))
            and (not b.categories or kept & set(b.categories))
            and (not b.subjects or group in b.subjects)
        ],
        "sources": [
            _source_for(register, s, group) for s in register.sources if s.id in source_ids
        ],
        "retention": [r for r in register.retention if r.id in rule_ids],
        "recipients": narrowed(register.recipients),
        "staff": narrowed(register.staff),
        "processors": processors,
        "transfers": transfers,
        "direct_marketing": None,
        "cookies": None,
        "store": None,
        "notice": register.notice.model_copy(
            update={
                "layout": Layout.TIETOSUOJASELOSTE,
                "slug": f"{notice_slug(register)}-{group}",
                "subtitle": _subtitle(register, group, templates),
            }
        ),
    }
    return register.model_copy(update=update)


def write_group_notice(
    register: Register,
    group: str,
    out_dir: Path,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    templates: Path | None = None,
    force: bool = False,
    variant: str = "pdf/ua-1",
) -> list[Path]:
    """Write ``<slug>-<group>.<lang>.html`` / ``.pdf``: the notice for one group."""
    return write_notice(
        group_register(register, group, templates=templates),
        out_dir,
        langs=langs,
        formats=formats,
        templates=templates,
        force=force,
        variant=variant,
    )


def _category_for(category: DataCategory, group: str) -> DataCategory:
    # Still marked as data about someone else where the register says so: a next of kin's data
    # in a client's record is not theirs to port (Art. 20(4)).
    return category.model_copy(update={"subjects": [group]})


def _source_for(register: Register, source: Source, group: str) -> Source:
    kind = source_kind_for(source, group)
    if kind is source.kind:
        return source
    # The client who named the next of kin: named by the client's group, as a third party.
    assert source.group is not None  # a flipped source names its group
    giver = register.subject_group(source.group)
    return source.model_copy(
        update={"kind": SourceKind.THIRD_PARTY, "group": None, "name": giver.name}
    )


def _narrowed_transfers(transfers: Transfers, processor_ids: set[str]) -> Transfers:
    destinations = transfers.destinations
    if not isinstance(destinations, list):
        return transfers
    return transfers.model_copy(
        update={
            "destinations": [
                t for t in destinations if t.processor is None or t.processor in processor_ids
            ]
        }
    )


def _subtitle(register: Register, group: str, templates: Path | None) -> Text:
    name = next(g.name for g in register.data_subjects if g.id == group)
    texts = {}
    for lang in register.languages:
        gettext = i18n.translations(lang, templates=templates).gettext
        texts[lang] = gettext("For: %(group)s") % {"group": name.get(lang)}
    return Text(texts)
