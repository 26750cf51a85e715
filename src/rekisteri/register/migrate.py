"""Rewriting a version-1 register file as version 2 (``docs/register-v2.md``).

Version 1 filled in facts the file did not state: an absent ``[transfers]`` became "no data is
transferred outside the EU/EEA", a processor without a country was in Finland, any ``[rights]``
table (and, in the modern layout, no table at all) printed the rights derived from the legal
bases and the Finnish Ombudsman. Version 2 says only what the file says, so the migration writes
each of those facts into the file, where the notice printed it, and names it as an
:class:`Implied` statement for the owner to confirm or delete. Everything version 1 printed is
either written, or reported as said on the owner's behalf; the rest of the file is kept as it is,
comments and layout included (tomlkit edits the document in place).

Which facts version 1 printed depends on the layout the file declares (``notice.layout``): the
legacy register description, for one, had no rights section unless ``[rights]`` was given.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, InlineTable, Item, Table, Whitespace

from rekisteri.errors import Loc, RekisteriError, format_loc, nearest
from rekisteri.output import write_atomic

# The loader's own messages for unreadable files and TOML syntax errors, so that migrate and
# validate word the same problem the same way.
from rekisteri.register.loading import read_text, syntax_error
from rekisteri.register.tomlpos import SourceMap, locate, position_of

VERSION = 2

# Version 1's top-level keys (the fields of its Register model) and the ones it required.
V1_KEYS = (
    "name",
    "description",
    "notice",
    "controller",
    "contact",
    "dpo",
    "representative",
    "data_subjects",
    "purposes",
    "data_categories",
    "sources",
    "recipients",
    "processors",
    "transfers",
    "retention",
    "automated_decisions",
    "security",
    "rights",
    "direct_marketing",
    "notes",
    "store",
    "lint",
)
V1_REQUIRED = ("name", "notice", "controller", "purposes", "data_categories")
# Keys only version 2 has: a file with them is version 2 without its schema_version.
V2_ONLY_KEYS = frozenset(
    {"schema_version", "cookies", "sections", "bases", "joint_controllers"}
    | {"acting_as_processor", "staff"}
)

# Version 1's EU/EEA, as it decided whether a party abroad made a transfer. Kept as it was: the
# migration reproduces what version 1 printed, whatever the current list of places says.
V1_EEA = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)
LEGACY = "rekisteriseloste"
LAYOUTS = ("tietosuojaseloste", LEGACY)
# Sections a new top-level table goes before, so that the store mapping stays last.
TRAILING_TABLES = ("store", "lint")


@dataclass(frozen=True)
class Implied:
    """A fact version 1 stated on the owner's behalf: the file did not say it, the notice did.

    ``written`` is the TOML the migration wrote at ``loc`` to keep saying it; when version 2 has
    no key for the fact (or writing one would say more than version 1 did), it is None and
    ``advice`` says what the owner can do.
    """

    loc: Loc
    fact: str
    written: str | None = None
    advice: str = ""

    @property
    def key(self) -> str:
        """The key path, as a person writes it: ``processors[0].country``."""
        return format_loc(self.loc)

    @property
    def sentence(self) -> str:
        """The statement for the owner to confirm or delete."""
        said = f"version 1 said on your behalf: {self.fact}"
        if self.written is not None:
            return f"{said} ({self.written})"
        return f"{said}; the file does not say so ({self.key}): {self.advice}"

    def __str__(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class Migration:
    """A version-1 register rewritten as version 2, and what version 1 said on the owner's
    behalf (each :class:`Implied` statement, in the order of the file)."""

    text: str
    implied: tuple[Implied, ...]
    path: Path | None = None
    written: bool = False


def migrate_register(path: Path | str, *, write: bool = True) -> Migration:
    """Rewrite the version-1 register file at ``path`` as version 2, in place.

    The file is replaced atomically and keeps its permissions; with ``write=False`` nothing is
    written and the new text is only returned. Raises :class:`RekisteriError`, writing nothing,
    when the file cannot be read, is not valid TOML, is already version 2 or is not a version-1
    register.
    """
    file = Path(path)
    migration = migrate_text(read_text(file), file)
    if not write:
        return Migration(migration.text, migration.implied, file, written=False)
    # Through a symbolic link to the file it names, which stays a link to the new text.
    target = file.resolve()
    mode = stat.S_IMODE(os.stat(target).st_mode)
    write_atomic(target, migration.text, mode=mode)
    return Migration(migration.text, migration.implied, file, written=True)


def migrate_text(text: str, file: Path | str = "<register>") -> Migration:
    """The version-2 text of a version-1 register given as TOML text; ``file`` names it."""
    name = str(file)
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(exc, text, name) from None
    except RecursionError:
        raise RekisteriError.at(name, "the TOML is nested too deeply to be a register") from None
    except ValueError:
        # tomllib lets Python's limit on integer digits (4300) escape as a bare ValueError.
        raise RekisteriError.at(
            name, "a number is too long to be read", hint="put long codes in quotes"
        ) from None
    positions = locate(text)
    _check_version_1(data, _Where(name, positions))
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise RekisteriError.at(
            name, f"cannot edit this TOML: {exc}", line=exc.line, column=exc.col
        ) from None
    implied = _Migrator(data, document, _Where(name, positions)).migrate()
    migrated = tomlkit.dumps(document)
    if "\r\n" in text:
        # tomlkit writes the lines it adds with \n; the file keeps its own line endings.
        migrated = migrated.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        tomllib.loads(migrated)
    except tomllib.TOMLDecodeError:  # pragma: no cover - a bug in the migration, not the input
        raise RekisteriError.at(
            name, "the migration produced invalid TOML; the file is left as it was"
        ) from None
    # In the order of the file, so the owner can read them beside it.
    where = locate(migrated)
    implied.sort(key=lambda i: position_of(where, i.loc)[0] or migrated.count("\n") + 1)
    return Migration(migrated, tuple(implied), Path(file) if isinstance(file, Path) else None)


# --- is this a version-1 register? -----------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    name: str
    positions: SourceMap

    def error(self, loc: Loc, message: str, hint: str = "") -> RekisteriError:
        line, column = position_of(self.positions, loc)
        return RekisteriError.at(
            self.name, message, line=line, column=column, path=format_loc(loc), hint=hint
        )


_ALREADY_V2 = "if the file is already version 2, write schema_version = 2 at its top"


def _check_version_1(data: Mapping[str, Any], where: _Where) -> None:
    """Refuse what the migration cannot rewrite: version 2, or not a version-1 register."""
    version = data.get("schema_version")
    if version == VERSION:
        raise where.error(
            ("schema_version",),
            "the register is already version 2; there is nothing to migrate",
        )
    if "schema_version" in data and version != 1:
        raise where.error(
            ("schema_version",),
            f"{version!r} is not a register version: a version-1 file has no schema_version "
            "(or schema_version = 1)",
        )
    for key in data:
        if key == "schema_version" or key in V1_KEYS:
            continue
        if key in V2_ONLY_KEYS:
            raise where.error(
                (key,), f"'{key}' is version 2: this is not a version-1 register", _ALREADY_V2
            )
        guess = nearest(key, V1_KEYS)
        raise where.error(
            (key,),
            f"'{key}' is not a key of a version-1 register",
            hint=f"did you mean '{guess}'?" if guess else "",
        )
    missing = [key for key in V1_REQUIRED if key not in data]
    if missing:
        raise RekisteriError.at(
            where.name,
            f"not a version-1 register: {', '.join(missing)} missing",
            hint="a register file has name, [notice], [controller], [[purposes]] and "
            "[[data_categories]]",
        )
    _check_shapes(data, where)


def _check_shapes(data: Mapping[str, Any], where: _Where) -> None:
    """The sections the migration reads must have version 1's shape."""
    tables = ("notice", "transfers", "automated_decisions", "rights", "notes", "direct_marketing")
    for key in tables:
        if key in data and not isinstance(data[key], dict):
            raise where.error(
                (key,),
                f"version 1 has a [{key}] table here, not {_shown(data[key])}",
                hint=_ALREADY_V2 if data[key] == "none" else "",
            )
    for key in ("purposes", "data_categories", "sources", "recipients", "processors"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise where.error(
                (key,),
                f"version 1 has [[{key}]] tables here, not {_shown(value)}",
                hint=_ALREADY_V2 if value == "none" else "",
            )
    layout = data["notice"].get("layout", LAYOUTS[0])
    if layout not in LAYOUTS:
        raise where.error(
            ("notice", "layout"), f"{_shown(layout)} is not one of {', '.join(LAYOUTS)}"
        )
    transfers = data.get("transfers")
    if transfers is not None:
        if not isinstance(transfers.get("outside_eea"), bool):
            raise where.error(
                ("transfers",),
                "version 1 says outside_eea = true or false here",
                hint=_ALREADY_V2 if "destinations" in transfers else "",
            )
        destinations = transfers.get("destinations", [])
        if not isinstance(destinations, list) or not all(isinstance(d, dict) for d in destinations):
            raise where.error(
                ("transfers", "destinations"),
                f"version 1 has [[transfers.destinations]] tables here, not {_shown(destinations)}",
                hint=_ALREADY_V2 if destinations == "none" else "",
            )
    decisions = data.get("automated_decisions", {})
    for key in ("used", "profiling"):
        if key in decisions and not isinstance(decisions[key], bool):
            raise where.error(
                ("automated_decisions", key), f"{_shown(decisions[key])} is not true or false"
            )
    rights = data.get("rights", {})
    if "stated" in rights or "complaint" in rights:
        key = "stated" if "stated" in rights else "complaint"
        raise where.error(("rights", key), f"'{key}' is version 2", hint=_ALREADY_V2)
    if "authority" in rights and not isinstance(rights["authority"], dict):
        raise where.error(("rights", "authority"), "version 1 names the authority in a table here")
    for index, source in enumerate(data.get("sources", [])):
        if "kind" in source:
            raise where.error(("sources", index, "kind"), "'kind' is version 2", hint=_ALREADY_V2)


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else type(value).__name__


# --- the rewrite -------------------------------------------------------------------------------


class _Migrator:
    """The v1 → v2 rewrite of one document: reads the parsed data, edits the tomlkit document."""

    def __init__(self, data: dict[str, Any], document: tomlkit.TOMLDocument, where: _Where) -> None:
        self.data = data
        self.document = document
        self.where = where
        self.implied: list[Implied] = []
        notice = data["notice"]
        self.legacy = notice.get("layout") == LEGACY
        languages = notice.get("languages") or []
        self.language: str | None = notice.get("default_language") or (
            languages[0] if languages else None
        )

    def migrate(self) -> list[Implied]:
        self.version()
        self.sources()
        self.recipients_and_processors()
        self.transfers()
        self.automated_decisions()
        self.rights()
        return self.implied

    def said(self, loc: Loc, fact: str, value: object) -> None:
        self.implied.append(Implied(loc, fact, written=f"{format_loc(loc)} = {_toml(value)}"))

    def said_unwritten(self, loc: Loc, fact: str, advice: str) -> None:
        self.implied.append(Implied(loc, fact, advice=advice))

    def name_of(self, value: object) -> str:
        """A name as the notice's default language shows it."""
        if isinstance(value, dict):
            if self.language in value:
                return str(value[self.language])
            return str(next(iter(value.values()), ""))
        return str(value)

    # -- each section -----------------------------------------------------------------------

    def version(self) -> None:
        document = self.document
        if "schema_version" in document:
            document["schema_version"] = VERSION
            return
        item = tomlkit.item(VERSION)
        item.trivia.trail = "\n\n"
        document._insert_at(_version_index(document.body), "schema_version", item)

    def sources(self) -> None:
        """``data_subject``/``publicly_accessible`` become ``kind``; neither: kind not stated."""
        for index, source in enumerate(self.data.get("sources", [])):
            table = _entry(self.document, "sources", index)
            if source.get("data_subject") is True:
                kind: str | None = "data-subject"
            elif source.get("publicly_accessible") is True:
                kind = "public"
            else:
                kind = None
            if kind is not None:
                old = (
                    "data_subject" if source.get("data_subject") is True else "publicly_accessible"
                )
                _rename(table, old, "kind", kind)
            for key in ("data_subject", "publicly_accessible"):
                if key in _container(table):
                    del table[key]
            if kind is None and not self.legacy:
                # The modern notice printed "Publicly accessible source: No" for each of them.
                self.said_unwritten(
                    ("sources", index, "kind"),
                    f"'{self.name_of(source.get('name'))}' is not a publicly accessible source",
                    'write kind = "third-party" or kind = "controller" if that holds',
                )

    def recipients_and_processors(self) -> None:
        data = self.data
        notes = data.get("notes", {})
        recipients = data.get("recipients", [])
        processors = data.get("processors", [])
        listed = [p for p in processors if p.get("recipient", True) is not False]
        if self.legacy:
            # Sections 7 and 9 of the 2018 layout each fell back to a negative sentence.
            no_recipients = not recipients and "recipients" not in notes
            no_processors = not processors and "processors" not in notes
            recipients_fact = "the data is not regularly disclosed to anyone"
        else:
            # The modern notice had one sentence for both, when the section was otherwise empty.
            empty = (
                not recipients and not listed and not notes.keys() & {"recipients", "processors"}
            )
            no_recipients = empty
            no_processors = empty and not processors
            recipients_fact = "the data is not disclosed to anyone"
        if no_recipients:
            self.set_top("recipients", "none")
            self.said(("recipients",), recipients_fact, "none")
        if no_processors:
            self.set_top("processors", "none")
            self.said(("processors",), "no one else processes the data on your behalf", "none")
        for index, processor in enumerate(processors):
            if "country" not in processor:
                table = _entry(self.document, "processors", index)
                _add(table, "country", "FI", after="role")
                self.said(
                    ("processors", index, "country"),
                    f"{self.name_of(processor.get('name'))} processes the data in Finland",
                    "FI",
                )
        if listed and not self.legacy:
            for index, processor in enumerate(processors):
                if processor.get("recipient", True) and "agreement" not in processor:
                    table = _entry(self.document, "processors", index)
                    _add(table, "agreement", True, after="country")
                    self.said(
                        ("processors", index, "agreement"),
                        f"{self.name_of(processor.get('name'))} processes the data under a data "
                        "processing agreement and only on your instructions",
                        True,
                    )

    def transfers(self) -> None:
        transfers = self.data.get("transfers")
        if transfers is None:
            self.transfers_not_declared()
            return
        table = self.document["transfers"]
        if transfers["outside_eea"]:
            del table["outside_eea"]
            for index, destination in enumerate(transfers.get("destinations", [])):
                if "safeguard" in destination:
                    entry = _entry(self.document, "transfers", "destinations", index)
                    safeguards = tomlkit.array()
                    safeguards.append(destination["safeguard"])
                    _rename(entry, "safeguard", "safeguards", safeguards)
        elif "statement" in transfers or _has_comments(table):
            if "destinations" in _container(table):
                del table["destinations"]
            _rename(table, "outside_eea", "destinations", "none")
        else:
            self.set_top("transfers", "none")

    def transfers_not_declared(self) -> None:
        """Version 1 said "no transfers", unless a listed party was abroad: then it named it."""
        abroad = [
            (self.name_of(recipient.get("name")), recipient["country"], None)
            for recipient in self.data.get("recipients", [])
            if recipient.get("country") and recipient["country"] not in V1_EEA
        ]
        abroad += [
            (self.name_of(processor.get("name")), processor["country"], processor.get("id"))
            for processor in self.data.get("processors", [])
            if processor.get("country", "FI") not in V1_EEA
        ]
        if not abroad:
            self.set_top("transfers", "none")
            self.said(("transfers",), "no data is transferred outside the EU/EEA", "none")
            return
        destinations = tomlkit.aot()
        for index, (name, country, processor) in enumerate(abroad):
            # A destination names its recipient in one language: the notice's default one.
            entry = tomlkit.table()
            entry.add("recipient", name)
            entry.add("country", country)
            if processor is not None:
                entry.add("processor", processor)
            destinations.append(entry)
            self.said(
                ("transfers", "destinations", index),
                f"data is transferred outside the EU/EEA to {name} ({country}), with no "
                "safeguard named",
                _inline(entry),
            )
        destinations[-1].add(tomlkit.nl())
        section = tomlkit.table(is_super_table=True)
        section.add("destinations", destinations)
        self.add_table("transfers", section)

    def automated_decisions(self) -> None:
        decisions = self.data.get("automated_decisions")
        if decisions is None:
            self.set_top("automated_decisions", "none")
            self.said(
                ("automated_decisions",),
                "no decisions based solely on automated processing, including profiling, that "
                "have legal or similarly significant effects are made",
                "none",
            )
            return
        table = self.section("automated_decisions")
        if "used" not in decisions:
            _container(table)._insert_at(0, "used", False)
            self.said(
                ("automated_decisions", "used"),
                "no decisions with legal or similarly significant effects are made automatically",
                False,
            )
        if "profiling" not in decisions:
            _add(table, "profiling", False, after="used")
            self.said(("automated_decisions", "profiling"), "no profiling is done", False)

    def rights(self) -> None:
        rights = self.data.get("rights")
        if rights is None and self.legacy:
            return  # the 2018 layout had no rights section without [rights]
        derived = (
            "the notice states the rights that follow from the legal bases "
            f"({', '.join(self.derived_rights())}), and that using them is free of charge and "
            "answered within one month"
        )
        if rights is None:
            section = tomlkit.table()
            section.add("stated", "derive")
            section.add("complaint", "fi-ombudsman")
            section.add(tomlkit.nl())
            self.add_table("rights", section)
        else:
            table = self.section("rights")
            container = _container(table)
            container._insert_at(0, "stated", "derive")
            if "authority" in rights:
                _rename(table, "authority", "complaint", table["authority"])
            else:
                container._insert_at(1, "complaint", "fi-ombudsman")
        self.said(("rights", "stated"), derived, "derive")
        if rights is None or "authority" not in rights:
            self.said(
                ("rights", "complaint"),
                "the complaint route is the Finnish Data Protection Ombudsman",
                "fi-ombudsman",
            )
        if rights is None or "how_to_exercise" not in rights:
            # Not written: version 1 used its own wording only in the rights section, and a
            # written how_to_exercise is shown with the right to object too.
            self.said_unwritten(
                ("rights", "how_to_exercise"),
                "to use the rights, contact the controller using the contact details in "
                "this notice",
                "write how_to_exercise to say how",
            )

    def derived_rights(self) -> list[str]:
        """The rights version 1 derived from the legal bases, as its notice listed them."""
        data = self.data
        bases = {p.get("legal_basis") for p in data["purposes"]}
        marketing = "direct_marketing" in data or any(
            p.get("direct_marketing") is True for p in data["purposes"]
        )
        rights = ["access", "rectification", "erasure", "restriction of processing"]
        if bases & {"consent", "contract"}:
            rights.append("data portability")
        if bases & {"legitimate_interests", "public_task"} or marketing:
            rights.append("objection")
        if data.get("automated_decisions", {}).get("used") is True:
            rights.append("not to be subject to automated decisions")
        explicit_consent = any(
            isinstance(c.get("special"), dict)
            and c["special"].get("condition") == "explicit_consent"
            for c in data["data_categories"]
        )
        if not self.legacy and ("consent" in bases or explicit_consent):
            rights.append("withdrawal of consent")
        return rights

    # -- editing the document ---------------------------------------------------------------

    def section(self, key: str) -> Table | InlineTable:
        """The top-level table ``key``, to add keys to."""
        table = self.document[key]
        if isinstance(table, Table | InlineTable):
            return table
        # tomlkit gives a table written in parts, with other tables between, as a merged view
        # that cannot place a new key; rather than guess, the owner puts the parts together.
        raise self.where.error(
            (key,),
            f"[{key}] is written in parts with other tables between them",
            hint=f"put [{key}] and its sub-tables one after another, then migrate the file",
        )

    def set_top(self, key: str, value: str) -> None:
        """``key = value`` at the top level, replacing what the key held."""
        document = self.document
        if key in document and not isinstance(document[key], Table | AoT):
            document[key] = value
            return
        if key in document:
            del document[key]
        document.append(key, value)

    def add_table(self, key: str, table: Table) -> None:
        """A new top-level table, before the store mapping and the lint settings."""
        body = self.document.body
        index = next(
            (i for i, (k, _) in enumerate(body) if k is not None and k.key in TRAILING_TABLES),
            None,
        )
        if index is None:
            self.document.append(key, table)
        else:
            self.document._insert_at(index, key, table)


def _version_index(body: list[tuple[Any, Any]]) -> int:
    """Where ``schema_version`` goes: before the first key, after the comments that open the
    file (a comment right above the first key stays with that key)."""
    first = next((i for i, (key, _) in enumerate(body) if key is not None), len(body))
    blank = [i for i in range(first) if isinstance(body[i][1], Whitespace)]
    if blank:
        return blank[-1] + 1
    if first and isinstance(body[0][1], Comment) and body[0][1].as_string().startswith("#:"):
        return 1
    return first


def _container(table: Any) -> Container:
    container = table.value if isinstance(table, Table | InlineTable) else table
    assert isinstance(container, Container)
    return container


def _entry(document: tomlkit.TOMLDocument, *loc: str | int) -> Any:
    value: Any = document
    for part in loc:
        value = value[part]
    return value


def _rename(table: Any, old: str, new: str, value: object) -> None:
    """``old`` becomes ``new = value`` where ``old`` was, keeping its comment."""
    if isinstance(table[old], Table | AoT):
        # A [header] table is named by its key when written; it keeps its place among tables.
        del table[old]
        table[new] = value
        return
    _container(table)._replace(old, new, tomlkit.item(value))


def _add(table: Any, key: str, value: object, *, after: str | None = None) -> None:
    """``key = value`` in ``table``: after ``after`` when that is a plain key, else at the end
    of its plain keys (tomlkit keeps it before any sub-table)."""
    container = _container(table)
    if after is not None and after in container and not isinstance(table[after], Table | AoT):
        # tomlkit has no public insert. Its _insert_at (there since 0.7) is used with an index
        # read from the public body: _insert_after went away in 0.15.3.
        places = [i for i, (name, _) in enumerate(container.body) if name == after]
        if places and places[-1] + 1 < len(container.body):
            container._insert_at(places[-1] + 1, key, value)
            return
    table.append(key, value)


def _has_comments(table: Any) -> bool:
    if not isinstance(table, Table | InlineTable):
        return False  # a table split around others: tomlkit has no one body to look in
    return any(isinstance(item, Comment) for _, item in table.value.body)


def _toml(value: object) -> str:
    return value.as_string() if isinstance(value, Item) else tomlkit.item(value).as_string()


def _inline(table: Table) -> InlineTable:
    inline = tomlkit.inline_table()
    inline.update(table.unwrap())
    return inline
