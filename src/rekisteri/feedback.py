"""Client feedback for the homepage, with the person taken out.

Only feedback the person allowed to be published (``[store.feedback] publishable``) is used,
and from its free text everything that could point at someone is removed and replaced by
"[…]":

* email addresses and web addresses;
* phone numbers, found by phonenumbers' matcher (valid numbers, Finnish unless written with a
  country code), so dates, times and order numbers stay;
* personal identity codes (hetu): candidates found by their shape, removed when python-stdnum
  says the check character is right;
* postal addresses: a street name with a number, a post-office box, a postal code with a town;
* the writer's own identifiers from the subject table: names (also inflected: Virtanen,
  Virtasen), email, phone, identity code, birth date and the columns of ``also_remove``;
* the names of the store's other clients, as capitalised words, also inflected (Mikko, Mikon,
  Mikolle), except the controller's and the contact person's, which are public.

An answer from which something was removed is then dropped when fewer than ``min_words`` words
are left, or when at least as many identifiers were removed as words are left: what remains of
"Terveisin Aino Virtanen, Hämeenkatu 5" is not feedback, and a short answer that named its
writer is easier to trace back to them than it is worth publishing.
Nothing of the date or the person is published with the text. The store is only read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from rekisteri.errors import Loc, RekisteriError
from rekisteri.store import Store, mapping_error, open_store, register_file, table_problems
from rekisteri.storemap import FeedbackMapping

if TYPE_CHECKING:
    from rekisteri.model import Register

PLACEHOLDER = "[…]"
TEMPLATE = "feedback/snippet.html.j2"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Day, month and year, the century sign, the individual number and the check character;
# python-stdnum then decides.
_HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_STREET_ENDINGS = (
    "katu|kadu|tie|kuja|polku|polu|väylä|kaari|kaare|rinne|rintee|piha|tori|aukio|raitti|"
    "raiti|ranta|rann|mäki|mäe|kallio|gatan|gata|vägen|väg|gränd|street|road|avenue|lane"
)
# A street name and its number, with a staircase and a flat: Hämeenkatu 5 B 12, Peltotie 7 as 3,
# Siltakadulla 12:ssa (a number followed by a case ending).
_STREET = re.compile(
    rf"\b[A-ZÅÄÖ][\w-]*(?:{_STREET_ENDINGS})\w*\s+\d+"
    r"(?:\s?[A-Za-z](?![a-zåäö]))?(?:\s?(?:as\.?\s?)?\d+)?(?::\w+)?"
)
_PO_BOX = re.compile(r"\b(?:PL|PB|P\.O\. ?Box)\s*\d+\b", re.IGNORECASE)
_POSTAL_TOWN = re.compile(r"\b\d{5}\s+[A-ZÅÄÖ][\wåäö]+(?:-[\wåäö]+)?")
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ'-]*")
_WORD = re.compile(r"[\wåäöÅÄÖ]+(?:[-'][\wåäöÅÄÖ]+)*")
# Case endings that may follow a name: Ainon, Ainolle, Mikkoa, Virtasesta (at most this long).
_MAX_ENDING = 5


# --- what is known about the people ------------------------------------------------------------


@dataclass
class Known:
    """Identifiers to remove from one person's feedback."""

    names: set[str] = field(default_factory=set)
    """Name stems: a capitalised word starting with one of these (and a short ending) goes."""
    literals: set[str] = field(default_factory=set)
    """Exact strings to remove wherever they appear (an email, a street address)."""


def name_stems(name: str) -> set[str]:
    """The stems an inflected form of a name starts with: Virtanen → Virtanen, Virtas;
    Mikko → Mikko, Miko."""
    stems = set()
    for token in _WORD.findall(name):
        if len(token) < 2 or not token[0].isupper():
            continue
        stems.add(token)
        if token.endswith("nen") and len(token) > 4:
            stems.add(token[:-3] + "s")  # Virtasen, Virtaselle, Virtasta
        if len(token) > 3 and token[-3] == token[-2] and token[-2] in "kpt":
            stems.add(token[:-2] + token[-1])  # consonant gradation: Mikon, Pekalle, Antin
    return stems


def _is_name(word: str, stems: set[str]) -> bool:
    for cut in range(len(word), 1, -1):
        if word[:cut] in stems:
            ending = word[cut:]
            return len(ending) <= _MAX_ENDING and (not ending or ending.isalpha())
    return False


# --- removing identifiers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scrubbed:
    """A text with the identifiers removed, and how much was removed."""

    text: str
    removed: int
    """Identifiers removed (neighbouring ones count separately)."""
    words_before: int
    words_after: int


def scrub(text: str, known: Known, *, region: str = "FI") -> Scrubbed:
    """Replace every identifier found in ``text`` by the placeholder."""
    import phonenumbers
    from stdnum.fi import hetu

    spans: list[tuple[int, int]] = []
    for pattern in (_EMAIL, _URL, _STREET, _PO_BOX, _POSTAL_TOWN):
        spans += [m.span() for m in pattern.finditer(text)]
    spans += [
        m.span() for m in _HETU.finditer(text) if hetu.is_valid(m.group(), allow_temporary=True)
    ]
    spans += [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    ]
    for literal in known.literals:
        if len(literal) >= 3:
            spans += [m.span() for m in re.finditer(re.escape(literal), text, flags=re.IGNORECASE)]
    spans += [m.span() for m in _CAPITALISED.finditer(text) if _is_name(m.group(), known.names)]
    merged = _merge(spans)
    pieces = []
    last = 0
    for start, end in merged:
        pieces.append(text[last:start])
        pieces.append(PLACEHOLDER)
        last = end
    pieces.append(text[last:])
    cleaned = _tidy("".join(pieces))
    words_before = len(_WORD.findall(text))
    words_after = len(_WORD.findall(cleaned.replace(PLACEHOLDER, " ")))
    return Scrubbed(cleaned, len(merged), words_before, words_after)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _tidy(text: str) -> str:
    # Neighbouring removals ("Aino Virtanen") read as one; spaces are normalised.
    text = re.sub(
        rf"{re.escape(PLACEHOLDER)}(?:[\s,]*{re.escape(PLACEHOLDER)})+", PLACEHOLDER, text
    )
    return " ".join(text.split())


# --- the export --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    text: str
    rating: int | None


@dataclass
class FeedbackExport:
    """The snippet and what went into it."""

    html: str
    published: list[Published]
    dropped_identifying: int = 0
    """Answers left out because identifiers made up much of them or little was left."""
    dropped_empty: int = 0
    publishable: int = 0

    def summary(self) -> str:
        return (
            f"{self.publishable} publishable, {len(self.published)} published, "
            f"{self.dropped_identifying} left out as identifying, "
            f"{self.dropped_empty} without text"
        )


def feedback_snippet(
    register: Register, *, lang: str | None = None, templates: Path | None = None
) -> FeedbackExport:
    """The publishable feedback as an HTML snippet for the homepage, with the people removed."""
    from rekisteri import templating

    mapping = _mapping(register)
    language = lang or register.default_language
    if language not in register.languages:
        raise RekisteriError(
            f"the register's notice is not published in '{language}'; choose from "
            f"{', '.join(register.languages)}"
        )
    public = set()
    for person in (register.controller.name, register.contact.name if register.contact else ""):
        public |= name_stems(person)
    with open_store(register) as store:
        _verify(store, mapping)
        rows = _feedback_rows(store, mapping)
        people = _people(store, mapping, {key for key, _text, _rating in rows})
        vocabulary = _store_names(store)
    export = FeedbackExport(html="", published=[], publishable=len(rows))
    for key, text, rating in rows:
        if not isinstance(text, str) or not text.strip():
            export.dropped_empty += 1
            continue
        own = people.get(key, Known())
        # The practitioner's name stays, unless it is the writer's own name too.
        known = Known(names=own.names | (vocabulary - public), literals=own.literals)
        result = scrub(text, known)
        identifying = result.removed and (
            result.words_after < mapping.min_words or result.removed >= result.words_after
        )
        if identifying or result.words_after == 0:
            export.dropped_identifying += 1
            continue
        export.published.append(Published(result.text, _rating(rating, mapping.scale)))
    env = templating.environment(language, templates, domain="running")
    export.html = templating.render(
        env,
        TEMPLATE,
        {"items": export.published, "scale": mapping.scale, "lang": language},
    )
    return export


def _rating(value: Any, scale: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = round(value)
    return number if 0 <= number <= scale else None


def _mapping(register: Register) -> FeedbackMapping:
    if register.store is None or register.store.feedback is None:
        raise RekisteriError.at(
            register_file(register),
            "the register has no [store.feedback] table, so rekisteri does not know where the "
            "feedback is",
            hint="add [store.feedback] with table, text and publishable; see "
            "examples/terhi-kallio/register.toml",
        )
    return register.store.feedback


def _verify(store: Store, mapping: FeedbackMapping) -> None:
    base: Loc = ("store", "feedback")
    names = ("text", "publishable", "subject_column", "rating", "order_by")
    problems = table_problems(
        store, base, mapping.table, {name: getattr(mapping, name) for name in names}
    )
    subject_columns = store.columns(store.mapping.subject.table)
    problems += [
        (
            (*base, "also_remove", i),
            f"the subject table '{store.mapping.subject.table}' has no column '{column}'",
            "",
        )
        for i, column in enumerate(mapping.also_remove)
        if column not in subject_columns
    ]
    if problems:
        raise mapping_error(store.register, problems)


def _feedback_rows(store: Store, mapping: FeedbackMapping) -> list[tuple[Any, Any, Any]]:
    """(subject, text, rating) of the publishable feedback, newest first."""
    wanted = [mapping.text, mapping.publishable]
    for optional in (mapping.subject_column, mapping.rating, mapping.order_by):
        if optional is not None:
            wanted.append(optional)
    table = sa.table(mapping.table, *(sa.column(c) for c in dict.fromkeys(wanted)))
    subject = table.c[mapping.subject_column] if mapping.subject_column else sa.null()
    rating = table.c[mapping.rating] if mapping.rating else sa.null()
    # True, 1 or 't' as stores write a yes; anything else (no, NULL) is not a consent.
    publish = table.c[mapping.publishable]
    allowed = sa.or_(publish.is_(sa.true()), sa.cast(publish, sa.String).in_(["1", "t", "true"]))
    if store.dialect == "sqlite":
        allowed = sa.or_(publish == 1, sa.func.lower(publish).in_(["1", "t", "true"]))
    statement = sa.select(subject, table.c[mapping.text], rating).where(allowed)
    primary = store.primary_key(mapping.table)
    order: list[Any] = [table.c[mapping.order_by].desc()] if mapping.order_by else []
    order += [sa.column(c) for c in primary]
    if order:
        statement = statement.order_by(*order)
    _names, rows = store.fetch(statement)
    return [(row[0], row[1], row[2]) for row in rows]


def _people(store: Store, mapping: FeedbackMapping, keys: set[Any]) -> dict[Any, Known]:
    """Each writer's own identifiers from the subject table."""
    subject = store.mapping.subject
    keys.discard(None)
    if not keys:
        return {}
    columns = list(
        dict.fromkeys(
            [
                subject.key,
                *subject.name,
                *subject.email,
                *subject.phone,
                *subject.hetu,
                *([subject.birth_date] if subject.birth_date else []),
                *mapping.also_remove,
            ]
        )
    )
    table = sa.table(subject.table, *(sa.column(c) for c in columns))
    statement = sa.select(*(table.c[c] for c in columns)).where(
        table.c[subject.key].in_(sa.bindparam("keys", expanding=True))
    )
    found: dict[Any, Known] = {}
    ordered = sorted(keys, key=str)
    for start in range(0, len(ordered), 500):
        names, rows = store.fetch(statement, {"keys": ordered[start : start + 500]})
        for values in rows:
            row = dict(zip(names, values, strict=True))
            known = Known()
            for column in subject.name:
                if isinstance(row.get(column), str):
                    known.names |= name_stems(row[column])
            for column in [*subject.email, *subject.phone, *subject.hetu, *mapping.also_remove]:
                value = row.get(column)
                if isinstance(value, str) and value.strip():
                    known.literals.add(value.strip())
            if subject.birth_date:
                known.literals |= _date_forms(row.get(subject.birth_date))
            found[row[subject.key]] = known
    return found


def _date_forms(value: Any) -> set[str]:
    """A birth date as people write it: 12.3.1984, 12.03.1984, 1984-03-12."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return set()
    if not isinstance(value, date):
        return set()
    return {
        f"{value.day}.{value.month}.{value.year}",
        f"{value.day:02d}.{value.month:02d}.{value.year}",
        value.isoformat(),
    }


def _store_names(store: Store) -> set[str]:
    """Name stems of every client in the store: feedback may name another client."""
    subject = store.mapping.subject
    if not subject.name:
        return set()
    stems: set[str] = set()
    for column in subject.name:
        table = sa.table(subject.table, sa.column(column))
        _names, rows = store.fetch(sa.select(table.c[column]).distinct())
        for (value,) in rows:
            if isinstance(value, str):
                stems |= name_stems(value)
    return stems
