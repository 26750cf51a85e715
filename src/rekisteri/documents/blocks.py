"""The block vocabulary every document is made of: facts, parties, entries and sections.

The notice, the Art. 30 record and the access report hand their templates lists of these
simple blocks, and the shared templates lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Fact:
    """A labelled fact: "Puhelin: 045 127 0888". Several values are shown as a list."""

    label: str
    value: str = ""
    items: tuple[str, ...] = ()
    href: str | None = None
    machine: str | None = None
    """A machine-readable date (ISO 8601) for a ``<time>`` element."""
    item_hrefs: tuple[str, ...] = ()
    """Where each of ``items`` links to inside the document, in the same order."""


def fact_groups(facts: Iterable[Fact]) -> list[tuple[Fact, ...]]:
    """The facts in runs that name no label twice, each run a description list of its own.

    A ``<dl>`` names each term once (the Nu Html Checker warns of a repeated one): a purpose on
    two legal bases lists "Legal basis" and "Applies to" for each, so each basis is a list.
    """
    groups: list[list[Fact]] = []
    labels: set[str] = set()
    for fact in facts:
        if not groups or fact.label in labels:
            groups.append([])
            labels = set()
        groups[-1].append(fact)
        labels.add(fact.label)
    return [tuple(group) for group in groups]


@dataclass(frozen=True)
class Party:
    """A person or organisation with contact details: controller, contact person, authority."""

    name: str
    role: str | None = None
    title: str | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A named item with explanation and facts: a purpose, a data category, a right."""

    name: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    href: str | None = None
    """A link inside the document (e.g. to the right to object)."""
    link_text: str | None = None
    id: str | None = None
    """The entry's anchor, for links to it from elsewhere in the document."""


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class ItemList:
    kind: ClassVar[str] = "items"
    items: tuple[str, ...]


@dataclass(frozen=True)
class FactList:
    kind: ClassVar[str] = "facts"
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class PartyCard:
    kind: ClassVar[str] = "party"
    party: Party


@dataclass(frozen=True)
class EntryList:
    kind: ClassVar[str] = "entries"
    entries: tuple[Entry, ...]
    depth: int = 0
    """1 when the list belongs under a subheading: its entries' headings are one level lower."""


@dataclass(frozen=True)
class Subheading:
    kind: ClassVar[str] = "subheading"
    text: str


Block = Paragraph | ItemList | FactList | PartyCard | EntryList | Subheading


@dataclass(frozen=True)
class Section:
    """One section of the notice with its anchor, number and content."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    number: int | None = None
    prominent: bool = False
    """Set apart from the rest (the right to object, Art. 21(4))."""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number is not None else self.title


@dataclass(frozen=True)
class SummaryItem:
    """One answer of a document's summary, the first layer of a layered notice (WP260 rev.01,
    "Layered approach in a digital environment"): the question, which links to the section
    that answers it in full, and the answer in brief."""

    label: str
    href: str
    value: str = ""
    items: tuple[str, ...] = ()
