"""Editing a register file as its owner wrote it: one change at a time, keeping every comment,
the layout and the order of the rest of the file.

A :class:`Draft` holds the file's text as tomlkit reads it (a document that writes itself back
byte for byte) and the bytes the file had when the draft was opened. Changes go into the draft
only; :meth:`Draft.check` validates the draft as ``rekisteri validate`` validates the file, and
:meth:`Draft.save` writes it back atomically, keeping the file's previous text beside it, and
only when the file still holds what the draft started from: a change made to the file by hand
meanwhile is never overwritten.

Key paths are those of the diagnostics (:data:`rekisteri.errors.Loc`): ``("purposes", 1,
"name", "fi")``.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Table, Whitespace

from rekisteri.errors import Diagnostic, Loc, RekisteriError, format_loc
from rekisteri.output import write_atomic
from rekisteri.register.loading import decode, parse_register
from rekisteri.register.model import Register

PREVIOUS_SUFFIX = ".previous"
"""The previous text of a saved register is kept beside it as ``register.toml.previous``: not
a ``.toml`` file, so nothing that reads the folder's registers reads it as one."""

Value = str | bool | int | date | list[str] | None
"""What a field can be set to; None (or an empty text or list) takes the key out."""


class ChangedOnDisk(RekisteriError):
    """The file no longer holds the text the draft started from: someone edited it meanwhile."""


class NotEditable(RekisteriError):
    """A change names a place the register file cannot take it: a bad key path or TOML."""


@dataclass(frozen=True)
class Checked:
    """The draft as ``validate`` reads it: the register, or why it cannot be read."""

    register: Register | None
    errors: tuple[Diagnostic, ...]


@dataclass
class Draft:
    """The register file at ``path`` as the owner is editing it."""

    path: Path
    base: bytes
    """The file's bytes when the draft was opened or last saved."""
    document: tomlkit.TOMLDocument
    crlf: bool = False
    _order: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, path: Path) -> Draft:
        """The draft of the file at ``path``; raises :class:`RekisteriError` when the file
        cannot be read or is not TOML tomlkit can keep (a located message)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RekisteriError.at(path, f"cannot read the file: {exc.strerror or exc}") from None
        return cls(path, data, _parse(decode(data, str(path)), path), crlf=b"\r\n" in data)

    @classmethod
    def of_text(cls, path: Path, text: str) -> Draft:
        """A draft of the file at ``path`` holding ``text`` instead of what the file holds (the
        owner mending a file that is not TOML): saved as any draft, over the file's bytes as
        they are now. Raises :class:`RekisteriError` when ``text`` is not TOML either."""
        try:
            base = path.read_bytes()
        except OSError as exc:
            raise RekisteriError.at(path, f"cannot read the file: {exc.strerror or exc}") from None
        text = text.replace("\r\n", "\n")
        return cls(path, base, _parse(text, path), crlf=b"\r\n" in base)

    @property
    def text(self) -> str:
        """The draft as the file would hold it."""
        text = self.document.as_string()
        if self.crlf:
            # tomlkit writes the lines it adds with \n; the file keeps its own line endings.
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text

    @property
    def unsaved(self) -> bool:
        """Whether the draft differs from the file as it was opened."""
        return self.text.encode("utf-8") != self.base.removeprefix(b"\xef\xbb\xbf")

    def changed_on_disk(self) -> bool:
        """Whether the file now holds something else than the draft started from."""
        try:
            return self.path.read_bytes() != self.base
        except OSError:
            return True

    def reload(self) -> None:
        """Start again from the file as it is now, dropping the draft's changes."""
        fresh = Draft.open(self.path)
        self.base, self.document, self.crlf = fresh.base, fresh.document, fresh.crlf

    def data(self) -> dict[str, Any]:
        """The draft's values as plain Python (what tomllib would read)."""
        return tomllib.loads(self.document.as_string())

    def check(self) -> Checked:
        """Validate the draft as ``validate`` validates the file (the same diagnostics)."""
        try:
            register = parse_register(self.text, self.path)
        except RekisteriError as exc:
            errors = tuple(exc.diagnostics) or (Diagnostic(str(exc), file=str(self.path)),)
            return Checked(None, errors)
        return Checked(register, ())

    # -- changes ---------------------------------------------------------------------------

    def set(self, loc: Loc, value: Value, *, order: Sequence[str] = ()) -> None:
        """``loc = value``; an empty value takes the key out. ``order`` is the keys of the
        table in the model's order: a new key is written after the ones that come before it."""
        *where, key = _key_path(loc)
        if not isinstance(key, str):
            raise NotEditable(f"{format_loc(loc)}: not a key")
        if _empty(value):
            parent = self._find(where, create=False)
            if parent is not None and key in parent:
                del parent[key]
                self._drop_empty(where)
            return
        parent = self._find(where, create=True)
        item = _item(value)
        if key in parent:
            existing = parent[key]
            if isinstance(existing, Item) and not isinstance(existing, Table | AoT):
                # The old value's comment and spacing stay with the key.
                item.trivia.comment = existing.trivia.comment
                item.trivia.comment_ws = existing.trivia.comment_ws
                item.trivia.trail = existing.trivia.trail
            parent[key] = item
            return
        _insert(parent, key, item, order)

    def set_text(self, loc: Loc, lang: str, value: str, *, default_language: str) -> None:
        """The text at ``loc`` in ``lang``: a plain string stays plain while it is the only
        language, and becomes ``{ fi = …, en = … }`` when a second one is written."""
        data = self._value(loc)
        if isinstance(data, str) and lang == default_language:
            self.set(loc, value)
            return
        if isinstance(data, str):
            if not value.strip():
                return
            self._put(loc, _inline({default_language: data, lang: value}))
            return
        if data is None:
            if not value.strip():
                return
            self._put(loc, _inline({lang: value}))
            return
        self.set((*loc, lang), value)

    def set_toml(self, loc: Loc, snippet: str) -> None:
        """``loc`` set to a value written as TOML (``["a", "b"]``, ``{ x = 1 }``, ``"none"``)."""
        if not snippet.strip():
            self.set(loc, None)
            return
        try:
            parsed = tomlkit.parse(f"value = {snippet.strip()}\n")
        except tomlkit.exceptions.ParseError as exc:
            raise NotEditable.at(
                "<form>",
                f"this is not a TOML value: {exc}",
                path=format_loc(loc),
                hint='write text in quotes, a list in [ ], a table in { } ("none" for none)',
            ) from None
        self._put(loc, parsed["value"])

    def make_table(self, loc: Loc) -> None:
        """An empty table at ``loc`` (a section the owner starts stating), in place of what is
        there ("none", or nothing)."""
        current = self._value(loc)
        if isinstance(current, dict):
            return
        self.set(loc, None)
        self._find(list(loc), create=True)

    def add(self, loc: Loc) -> int:
        """A new, empty table at the end of the list of tables at ``loc``; its index."""
        *where, key = _key_path(loc)
        if not isinstance(key, str):
            raise NotEditable(f"{format_loc(loc)}: not a list")
        parent = self._find(where, create=True)
        if key in parent and isinstance(parent[key], AoT):
            tables = parent[key]
            tables.append(_new_table())
            return len(tables) - 1
        if key in parent and isinstance(parent[key], Array):
            parent[key].append(tomlkit.inline_table())
            return len(parent[key]) - 1
        if key in parent and not _empty_list(parent[key]):
            raise NotEditable(f"{format_loc(loc)}: not a list of tables")
        if key in parent:
            del parent[key]
        if isinstance(parent, InlineTable):
            array = tomlkit.array()
            array.append(tomlkit.inline_table())
            parent[key] = array
        else:
            parent.append(key, tomlkit.aot())
            parent[key].append(_new_table())
        return 0

    def remove(self, loc: Loc) -> None:
        """Take out the table at ``loc`` (``("purposes", 2)``) from its list."""
        *where, index = _key_path(loc)
        tables = self._find(where, create=False)
        if not isinstance(index, int) or not isinstance(tables, AoT | Array):
            raise NotEditable(f"{format_loc(loc)}: not an entry of a list")
        if not 0 <= index < len(tables):
            raise NotEditable(f"{format_loc(loc)}: no such entry")
        del tables[index]
        if not len(tables):
            self.set(tuple(where), None)

    def move(self, loc: Loc, by: int) -> None:
        """Move the table at ``loc`` ``by`` places up (negative) or down in its list."""
        *where, index = _key_path(loc)
        tables = self._find(where, create=False)
        if not isinstance(index, int) or not isinstance(tables, AoT | Array):
            raise NotEditable(f"{format_loc(loc)}: not an entry of a list")
        target = index + by
        if not (0 <= index < len(tables) and 0 <= target < len(tables)):
            raise NotEditable(f"{format_loc(loc)}: cannot move there")
        if isinstance(tables, AoT):
            # Each table's text moves whole, its comments with it.
            bodies = [table.value.body[:] for table in tables.body]
            bodies.insert(target, bodies.pop(index))
            for table, body in zip(tables.body, bodies, strict=True):
                table.value.body[:] = body
                table.value._map.clear()
                for position, (name, _) in enumerate(body):
                    if name is not None:
                        table.value._map[name] = position
            return
        values = [tables[i] for i in range(len(tables))]
        values.insert(target, values.pop(index))
        for position, value in enumerate(values):
            tables[position] = value

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> Path:
        """Write the draft to the file and keep the file's text before it as
        ``register.toml.previous``; returns that path.

        Refuses, writing nothing, when the draft does not validate (:class:`RekisteriError`
        with the diagnostics) or when the file changed since the draft started
        (:class:`ChangedOnDisk`)."""
        checked = self.check()
        if checked.register is None:
            raise RekisteriError(
                f"{self.path}: the changes are not saved: fix what the check found first",
                diagnostics=checked.errors,
            )
        if self.changed_on_disk():
            raise ChangedOnDisk.at(
                self.path,
                "the file was changed outside the app after it was opened here; the app "
                "does not overwrite that change",
                hint="reload the file into the app (the changes made here are lost), or save "
                "them by hand",
            )
        target = self.path.resolve()
        mode = stat.S_IMODE(os.stat(target).st_mode)
        previous = target.with_name(target.name + PREVIOUS_SUFFIX)
        write_atomic(previous, self.base, mode=mode)
        payload = self.text.encode("utf-8")
        if self.base.startswith(b"\xef\xbb\xbf"):
            payload = b"\xef\xbb\xbf" + payload
        write_atomic(target, payload, mode=mode)
        self.base = payload
        return previous

    # -- the document ----------------------------------------------------------------------

    def _value(self, loc: Loc) -> Any:
        node: Any = self.data()
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _find(self, where: Sequence[str | int], *, create: bool) -> Any:
        """The table or list at ``where``; missing tables are made when ``create``."""
        node: Any = self.document
        for depth, part in enumerate(where):
            try:
                node = node[part]
                continue
            except (KeyError, IndexError, tomlkit.exceptions.NonExistentKey):
                if not create or not isinstance(part, str):
                    if create:
                        raise NotEditable(f"{format_loc(tuple(where))}: no such entry") from None
                    return None
            # A section of the document is a [table] of its own; one inside a table is written
            # in its line, as the example registers write an address.
            made = tomlkit.table() if depth == 0 else tomlkit.inline_table()
            _insert(node, part, made, ())
            node = node[part]
        if not isinstance(node, Container | Table | InlineTable | AoT | Array):
            raise NotEditable(f"{format_loc(tuple(where))}: not a table")
        return node

    def _put(self, loc: Loc, value: Any) -> None:
        *where, key = _key_path(loc)
        parent = self._find(where, create=True)
        if key in parent:
            parent[key] = value
        else:
            _insert(parent, str(key), value, ())

    def _drop_empty(self, where: Sequence[str | int]) -> None:
        """A table emptied by taking its last key out goes too: TOML would keep ``x = {}``."""
        while where:
            node = self._find(where, create=False)
            if not isinstance(node, InlineTable) or len(node):
                return
            *where, key = where
            parent = self._find(where, create=False)
            if parent is None or not isinstance(key, str):
                return
            del parent[key]


def _parse(text: str, path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise RekisteriError.at(
            path,
            f"the file is not TOML the editor can read: {exc}",
            line=exc.line,
            column=exc.col,
            hint="fix this line in a text editor; the app shows the file again once it reads",
        ) from None
    except RecursionError:
        raise RekisteriError.at(path, "the TOML is nested too deeply to be a register") from None


def _key_path(loc: Loc) -> list[str | int]:
    if not loc:
        raise NotEditable("no key given")
    return list(loc)


def _empty(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _empty_list(value: Any) -> bool:
    return isinstance(value, list) and not value


def _item(value: Value) -> Item:
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(value)
        return array
    return tomlkit.item(value)


def _insert(parent: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """``key = value`` in ``parent``, after the keys ``order`` puts before it, else after the
    table's last key: before the blank lines and comments that open what follows."""
    container = parent.value if isinstance(parent, Table | InlineTable) else parent
    if not isinstance(container, Container) or isinstance(value, Table | AoT):
        parent.append(key, value)
        return
    body = container.body
    before = set(order[: order.index(key)]) if key in order else set()
    keys = [
        i
        for i, (name, item) in enumerate(body)
        if name is not None and not isinstance(item, Table | AoT)
    ]
    placed = [i for i in keys if str(getattr(body[i][0], "key", "")) in before]
    if placed:
        after = placed[-1]
    elif keys and key in order:
        # Before the first key the model puts after this one.
        after = keys[0] - 1
    elif keys:
        after = keys[-1]
    else:
        after = _last_opening(body)
    if after + 1 >= len(body) or isinstance(parent, InlineTable):
        parent.append(key, value)
        return
    # tomlkit has no public insert; its _insert_at (there since 0.7) takes an index read from
    # the public body, as the migration does.
    container._insert_at(after + 1, key, value)


def _last_opening(body: list[tuple[Any, Any]]) -> int:
    """The index of the last comment that opens a table with no keys yet (-1 for none): the
    keys go under the comments, and before the blank line that ends the table."""
    index = -1
    for i, (name, item) in enumerate(body):
        if name is not None or not isinstance(item, Comment | Whitespace):
            break
        if isinstance(item, Comment):
            index = i
    return index


def _new_table() -> Table:
    """An empty ``[[table]]`` that ends in a blank line, as the tables around it do."""
    table = tomlkit.table()
    table.add(tomlkit.nl())
    return table


def _inline(values: dict[str, str]) -> InlineTable:
    """``{ fi = "…", en = "…" }`` spaced as people write it (tomlkit's own has no spaces)."""
    pairs = ", ".join(f"{k} = {tomlkit.item(v).as_string()}" for k, v in values.items())
    table = tomlkit.parse(f"value = {{ {pairs} }}\n")["value"]
    assert isinstance(table, InlineTable)
    return table
