"""The editor's changes to a register file (rekisteri.register.editing): one change touches its
own line and nothing else, comments and layout stay, and saving never loses a text: not the
file's previous version, not a change made to the file by hand meanwhile, not an invalid draft.
"""

from __future__ import annotations

import difflib
import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.errors import RekisteriError
from rekisteri.register.editing import PREVIOUS_SUFFIX, ChangedOnDisk, Draft, NotEditable
from rekisteri.register.model import Notice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/register.toml"))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_bytes((ROOT / "examples" / "terhi-kallio" / "register.toml").read_bytes())
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_changing_one_text_changes_its_line_only_and_keeps_every_comment(
    example: Path, tmp_path: Path
) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(example.read_bytes())
    before = path.read_text(encoding="utf-8")
    draft = Draft.open(path)
    assert not draft.unsaved
    assert draft.text == before
    data = draft.data()
    lang = data["notice"]["default_language"]
    draft.set_text(("purposes", 0, "name"), lang, "Uusi nimi", default_language=lang)
    draft.save()
    after = path.read_text(encoding="utf-8")
    changes = changed_lines(before, after)
    assert len(changes) == 2, changes
    assert changes[0].startswith("-") and changes[1].startswith("+")
    assert "Uusi nimi" in changes[1]
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(comment in after.splitlines() for comment in comments)
    assert tomllib.loads(after)["purposes"][0]["name"] in (
        "Uusi nimi",
        {**_name(data), lang: "Uusi nimi"},
    )
    # The previous version is the file as it was, byte for byte.
    assert (tmp_path / f"register.toml{PREVIOUS_SUFFIX}").read_text(encoding="utf-8") == before


def _name(data: dict[str, object]) -> dict[str, str]:
    name = data["purposes"][0]["name"]  # type: ignore[index]
    return dict(name) if isinstance(name, dict) else {}


def test_a_new_key_goes_after_the_keys_the_model_puts_before_it(register: Path) -> None:
    before = register.read_text(encoding="utf-8")
    draft = Draft.open(register)
    draft.set(("notice", "drawn_up"), date(2023, 5, 2), order=tuple(Notice.model_fields))
    lines = draft.text.splitlines()
    at = lines.index("drawn_up = 2023-05-02")
    assert lines[at - 1] == 'version = "2024-1"'
    assert lines[at + 1] == "updated = 2024-01-15"
    assert changed_lines(before, draft.text) == ["+drawn_up = 2023-05-02"]


def test_a_key_added_to_the_last_table_stays_above_the_comments_of_what_follows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.toml"
    path.write_text('[notice]\nlanguages = ["fi"]\n\n# The purposes\n[[purposes]]\nid = "a"\n')
    draft = Draft.open(path)
    draft.set(("notice", "version"), "1")
    assert draft.text == (
        '[notice]\nlanguages = ["fi"]\nversion = "1"\n\n# The purposes\n[[purposes]]\nid = "a"\n'
    )


def test_a_plain_text_becomes_a_table_of_languages_only_when_a_second_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.toml"
    path.write_text('name = "Asiakasrekisteri"  # the title\n')
    draft = Draft.open(path)
    draft.set_text(("name",), "fi", "Jäsenrekisteri", default_language="fi")
    assert draft.text == 'name = "Jäsenrekisteri"  # the title\n'
    draft.set_text(("name",), "sv", "Medlemsregister", default_language="fi")
    assert draft.text == 'name = { fi = "Jäsenrekisteri", sv = "Medlemsregister" }  # the title\n'
    draft.set_text(("name",), "sv", "", default_language="fi")
    assert draft.data() == {"name": {"fi": "Jäsenrekisteri"}}


def test_emptying_a_value_takes_its_key_out_and_an_emptied_inline_table_with_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.toml"
    path.write_text('[controller]\nname = "X"\naddress = { city = "Y" }\nphone = "1"\n')
    draft = Draft.open(path)
    draft.set(("controller", "address", "city"), "")
    draft.set(("controller", "phone"), None)
    assert draft.text == '[controller]\nname = "X"\n'


def test_entries_are_added_moved_and_removed_with_their_comments(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text(
        '[[purposes]]\n# first\nid = "a"\n\n[[purposes]]\nid = "b"  # second\n\n'
        '[[data_categories]]\nid = "c"\n'
    )
    draft = Draft.open(path)
    assert draft.add(("purposes",)) == 2
    draft.set(("purposes", 2, "id"), "new")
    assert [p["id"] for p in draft.data()["purposes"]] == ["a", "b", "new"]
    draft.move(("purposes", 0), 1)
    assert [p["id"] for p in draft.data()["purposes"]] == ["b", "a", "new"]
    assert '[[purposes]]\nid = "b"  # second\n\n[[purposes]]\n# first\nid = "a"\n' in draft.text
    draft.remove(("purposes", 1))
    assert [p["id"] for p in draft.data()["purposes"]] == ["b", "new"]
    assert "# first" not in draft.text
    assert draft.data()["data_categories"] == [{"id": "c"}]
    with pytest.raises(NotEditable):
        draft.move(("purposes", 1), 1)
    with pytest.raises(NotEditable):
        draft.remove(("purposes", 5))


def test_a_table_is_made_for_a_key_of_a_section_not_written_yet(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text('name = "X"\n\n[notice]\nlanguages = ["fi"]\n')
    draft = Draft.open(path)
    draft.set(("controller", "address", "city"), "Hyvinkää")
    assert draft.data()["controller"] == {"address": {"city": "Hyvinkää"}}
    assert draft.text.startswith('name = "X"\n\n[notice]\nlanguages = ["fi"]\n')


def test_a_value_written_as_toml_must_be_toml(register: Path) -> None:
    draft = Draft.open(register)
    draft.set_toml(("store", "timeout"), '"PT5S"')
    assert draft.data()["store"]["timeout"] == "PT5S"
    before = draft.text
    with pytest.raises(NotEditable) as caught:
        draft.set_toml(("store", "timeout"), "[unclosed")
    assert caught.value.diagnostics[0].path == "store.timeout"
    assert draft.text == before


def test_save_refuses_a_draft_that_does_not_validate_and_writes_nothing(register: Path) -> None:
    before = register.read_bytes()
    draft = Draft.open(register)
    draft.set(("controller", "email"), "not an address")
    with pytest.raises(RekisteriError) as caught:
        draft.save()
    assert any(d.path == "controller.email" for d in caught.value.diagnostics)
    assert register.read_bytes() == before
    assert not register.with_name("register.toml.previous").exists()
    assert draft.unsaved


def test_save_never_overwrites_a_change_made_to_the_file_meanwhile(register: Path) -> None:
    draft = Draft.open(register)
    draft.set(("notice", "version"), "2025-1")
    by_hand = register.read_text(encoding="utf-8").replace('"2024-1"', '"2024-2"')
    register.write_text(by_hand, encoding="utf-8")
    assert draft.changed_on_disk()
    with pytest.raises(ChangedOnDisk):
        draft.save()
    assert register.read_text(encoding="utf-8") == by_hand
    draft.reload()
    assert draft.data()["notice"]["version"] == "2024-2"
    assert not draft.unsaved


def test_save_keeps_the_files_mode_line_endings_and_byte_order_mark(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "terhi-kallio" / "register.toml").read_text(encoding="utf-8")
    path = tmp_path / "register.toml"
    path.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    draft = Draft.open(path)
    draft.set(("notice", "version"), "2025-1")
    draft.set(("notice", "drawn_up"), date(2023, 1, 1), order=tuple(Notice.model_fields))
    draft.save()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b'version = "2025-1"\r\n' in data
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.with_name("register.toml.previous").stat().st_mode) == 0o640
    assert not draft.unsaved


def test_a_file_that_is_not_toml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text('name = "X"\n[notice\n')
    with pytest.raises(RekisteriError) as caught:
        Draft.open(path)
    assert caught.value.diagnostics[0].line == 2


_TEXTS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXTS)
def test_any_text_is_written_so_that_it_reads_back_the_same(register: Path, text: str) -> None:
    if not text.strip():
        return
    before = register.read_text(encoding="utf-8")
    draft = Draft.open(register)
    draft.set(("contact", "name"), text)
    assert tomllib.loads(draft.text)["contact"]["name"] == text
    # A text of several lines is written escaped on the key's own line.
    assert len(changed_lines(before, draft.text)) == 2
