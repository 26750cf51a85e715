"""One subject, all of their rows, nobody else's: a property of every store a mapping describes.

Hypothesis builds small SQLite stores the way real systems get them: keys that repeat or are
empty, text keys and integer keys, link columns of another type than the key (holding '1',
or '01'), join targets that are not unique, shared phones, and emails that look alike in
case, Unicode form and stray whitespace. For each person, either their data holds every one
of their rows and no other person's identifier, or the command refuses with a
:class:`RekisteriError` before writing anything.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.bundle import BundleOptions, write_access_bundle
from rekisteri.access.collect import AmbiguousSubject, Collector, identify
from rekisteri.access.store import open_store
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from store_fixtures import MINIMAL

MAPPING = """\
[store]
url = "store.sqlite"

[store.subject]
table = "people"
key = "ref"
name = ["first_name"]
email = "email"
phone = "phone"

[[store.sources]]
category = "contact"
table = "people"
columns = ["first_name", "email", "phone"]

[[store.sources]]
category = "notes"
table = "notes"
columns = ["body"]
subject_column = "person_ref"

[[store.sources]]
category = "files"
table = "receipts"
columns = ["label"]
via = [{ column = "invoice_id", references = "invoices.id" }]
subject_column = "person_ref"
"""

# Emails that people would call the same address, spelled the ways stores hold them.
EMAILS = ["aino@example.com", "äijä@example.fi", "ÄIJÄ@Example.FI"]
PADDING = ["", " ", "\t", "\u00a0", "\n", "\u2003"]
PHONES = ["045 100 2001", "+358451002001", "050 200 3002", None]
TEXT_KEYS = ["1", "01", "k1", "K1", "a-1", "2"]


@dataclass
class Person:
    index: int
    key: Any
    email: str
    phone: str | None
    token: str
    notes: list[str] = field(default_factory=list)
    """The bodies of the notes whose link, as the store keeps it, names this person."""
    receipts: list[str] = field(default_factory=list)

    @property
    def identifiers(self) -> set[str]:
        return {self.token, *self.notes, *self.receipts}


@dataclass
class Shape:
    key_type: str
    primary_key: bool
    link_type: str
    unique_invoices: bool
    people: list[Person]
    links: list[tuple[Any, str]] = field(default_factory=list)
    """Every note as (its link value as written, its body)."""
    orphans: list[str] = field(default_factory=list)
    """Bodies of notes whose link names no one: they belong in no bundle."""
    shared_invoice: bool = False
    """An invoice number given to two people's invoices: a join that fans out."""

    @property
    def cross_kind(self) -> bool:
        return self.key_type != self.link_type

    def stored(self, value: Any) -> Any:
        """The value as the link column keeps it (SQLite's INTEGER and TEXT affinity)."""
        if self.link_type == "INTEGER" and isinstance(value, str) and value.isdigit():
            return int(value)
        if self.link_type == "TEXT" and value is not None:
            return str(value)
        return value

    def owner(self, link: Any) -> Person | None:
        """Whom a link names: the key equal to it, compared as text across kinds."""
        stored = self.stored(link)
        if stored is None:
            return None
        for person in self.people:
            if person.key is None:
                continue
            if (str(person.key) == str(stored)) if self.cross_kind else (person.key == stored):
                return person
        return None

    @property
    def faulty(self) -> bool:
        """Whether the store breaks a rule rekisteri must refuse (or may refuse) to read.

        A store without any of these faults must be read: a tool that refused everything
        would pass the isolation property without doing its job. A link that names no one
        between columns of one kind is an orphan row (drift), not a fault.
        """
        keys = [p.key for p in self.people]
        present = [k for k in keys if k is not None]
        duplicated = len(set(present)) < len(present)
        empty = len(present) < len(keys)
        # Across kinds rekisteri compares as text and refuses a link that then names no one.
        unnamed = self.cross_kind and bool(self.orphans)
        # Text keys '01' and '1' read as one number, which is all an INTEGER link can hold.
        numbers = [self.stored(k) for k in present if isinstance(self.stored(k), int)]
        twins = (
            self.key_type == "TEXT"
            and self.link_type == "INTEGER"
            and (len(set(numbers)) < len(numbers))
        )
        return duplicated or empty or unnamed or twins or self.shared_invoice


def _email(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(EMAILS))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    casing = draw(st.sampled_from([str, str.upper, str.title]))
    return (
        draw(st.sampled_from(PADDING))
        + unicodedata.normalize(form, casing(base))
        + draw(st.sampled_from(PADDING))
    )


@st.composite
def shapes(draw: st.DrawFn) -> Shape:
    key_type = draw(st.sampled_from(["INTEGER", "TEXT"]))
    count = draw(st.integers(min_value=2, max_value=4))
    if key_type == "INTEGER":
        keys: list[Any] = list(range(1, count + 1))
    else:
        keys = draw(
            st.lists(st.sampled_from(TEXT_KEYS), min_size=count, max_size=count, unique=True)
        )
    fault = draw(st.sampled_from(["none", "none", "none", "none", "duplicate", "empty"]))
    if fault == "duplicate":
        keys[-1] = keys[0]
    elif fault == "empty":
        keys[-1] = None
    # SQLite fills an empty INTEGER PRIMARY KEY itself and refuses a repeated one.
    duplicated = len(set(keys)) < len(keys)
    primary_key = (
        draw(st.booleans()) and not duplicated and not (key_type == "INTEGER" and None in keys)
    )
    link_type = draw(st.sampled_from(["INTEGER", "TEXT"]))
    people = []
    for index, key in enumerate(keys):
        token = f"tok{index}{draw(st.text('abcdefghij', min_size=5, max_size=5))}"
        person = Person(index, key, _email(draw), draw(st.sampled_from(PHONES)), token)
        person.receipts = [f"receipt {token} {n}" for n in range(draw(st.integers(0, 2)))]
        people.append(person)
    unique_invoices = draw(st.booleans())
    shared = not unique_invoices and draw(st.integers(0, 3)) == 0
    shape = Shape(key_type, primary_key, link_type, unique_invoices, people, shared_invoice=shared)
    for n, meant in enumerate(draw(st.lists(st.sampled_from(people), max_size=4))):
        spelling = draw(st.sampled_from(["as-is", "as-is", "as-is", "text", "zero-padded"]))
        link: Any = meant.key
        if meant.key is not None and spelling == "text":
            link = str(meant.key)
        elif meant.key is not None and spelling == "zero-padded":
            link = f"0{meant.key}"
        owner = shape.owner(link)
        body = f"note {owner.token if owner else 'orphan'} {n}"
        (owner.notes if owner else shape.orphans).append(body)
        shape.links.append((link, body))
    return shape


def _build(folder: Path, shape: Shape) -> Path:
    register = folder / "register.toml"
    register.write_text(MINIMAL + "\n" + MAPPING, encoding="utf-8")
    pk = " PRIMARY KEY" if shape.primary_key else ""
    invoice_pk = " PRIMARY KEY" if shape.unique_invoices else ""
    connection = sqlite3.connect(folder / "store.sqlite")
    connection.executescript(
        f"""
        CREATE TABLE people (ref {shape.key_type}{pk}, first_name TEXT, email TEXT, phone TEXT);
        CREATE TABLE notes (id INTEGER PRIMARY KEY, person_ref {shape.link_type}, body TEXT);
        CREATE TABLE invoices (id INTEGER{invoice_pk}, person_ref {shape.key_type});
        CREATE TABLE receipts (id INTEGER PRIMARY KEY, invoice_id INTEGER, label TEXT);
        """
    )
    invoice = 0
    for person in shape.people:
        connection.execute(
            "INSERT INTO people VALUES (?, ?, ?, ?)",
            (person.key, person.token, person.email, person.phone),
        )
        for label in person.receipts:
            invoice += 1
            connection.execute("INSERT INTO invoices VALUES (?, ?)", (invoice, person.key))
            connection.execute(
                "INSERT INTO receipts (invoice_id, label) VALUES (?, ?)", (invoice, label)
            )
    for link, body in shape.links:
        connection.execute("INSERT INTO notes (person_ref, body) VALUES (?, ?)", (link, body))
    if shape.shared_invoice and invoice:
        # Another person's invoice under a number already used: the join fans out.
        other = shape.people[-1]
        connection.execute("INSERT INTO invoices VALUES (?, ?)", (1, other.key))
    connection.commit()
    connection.close()
    return register


def _texts_of(data: Any) -> list[str]:
    texts = []
    for sources in data.categories.values():
        for source in sources:
            for row in source.rows:
                texts += [str(value) for value in row]
    return texts


def _assert_only_their_own(person: Person, shape: Shape, text: str) -> None:
    for other in shape.people:
        if other is person:
            continue
        for identifier in other.identifiers:
            assert identifier not in text, f"{other.token}'s {identifier!r} is in {person.token}'s"
    for orphan in shape.orphans:
        assert orphan not in text, f"the row {orphan!r} of no one is in {person.token}'s"


def _own_rows_found(person: Person, notes: list[str], receipts: list[str]) -> None:
    assert sorted(notes) == sorted(person.notes)
    assert sorted(receipts) == sorted(person.receipts)


def collect_everyone(register: Any, shape: Shape) -> dict[int, Any] | None:
    """Each person's data by their index, or None when the store is refused."""
    try:
        with open_store(register) as store:
            collector = Collector(store)
            return {person.index: collector.collect([person.key])[0] for person in shape.people}
    except RekisteriError:
        return None


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shape=shapes())
def test_each_subject_gets_all_their_rows_and_nobody_elses(shape: Shape) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        register = load_register(_build(folder, shape))
        collected = collect_everyone(register, shape)
        if collected is None:
            assert shape.faulty, "a store without faults was refused"
            collected = {}
        for person in shape.people:
            if person.index in collected:
                data = collected[person.index]
                notes = [r[0] for s in data.categories["notes"] for r in s.rows]
                receipts = [r[0] for s in data.categories["files"] for r in s.rows]
                _own_rows_found(person, notes, receipts)
                _assert_only_their_own(person, shape, "\n".join(_texts_of(data)))
            _check_request(folder, register, person, shape, refused=not collected)


def _check_request(
    folder: Path, register: Any, person: Person, shape: Shape, *, refused: bool
) -> None:
    """The requests a person may send, with their email or phone as the store holds it, or
    with their key: their own bundle, a list to choose from that names them, or a refusal."""
    _check_one(folder / f"email-{person.index}", register, person, shape, refused,
               email=person.email)  # fmt: skip
    if person.phone is not None:
        _check_one(folder / f"phone-{person.index}", register, person, shape, refused,
                   phone=person.phone)  # fmt: skip
    if person.key is not None:
        _check_one(folder / f"id-{person.index}", register, person, shape, refused,
                   subject_id=str(person.key))  # fmt: skip


def _check_one(
    out: Path, register: Any, person: Person, shape: Shape, refused: bool, **given: str
) -> None:
    try:
        write_access_bundle(register, out, identify(**given), BundleOptions(formats=["json"]))
    except AmbiguousSubject as ambiguous:
        assert not out.exists()
        assert person.key in {c.key for c in ambiguous.candidates}
        return
    except RekisteriError:
        assert not out.exists()
        assert refused, "the request was refused though the store could be read"
        return
    assert not refused, "a bundle was written from a store that cannot be read safely"
    document = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert document["found"], f"{person.token} was told the register holds nothing on them"
    assert document["subject"]["key"] == person.key
    categories = {c["id"]: c for c in document["categories"]}

    def rows(category: str, column: str) -> list[str]:
        found = categories.get(category, {"sources": []})["sources"]
        return [row[column] for source in found for row in source["rows"]]

    _own_rows_found(person, rows("notes", "body"), rows("files", "label"))
    _assert_only_their_own(person, shape, json.dumps(document, ensure_ascii=False))
