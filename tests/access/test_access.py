"""Finding the person a request is about and collecting their rows, on every backend."""

from __future__ import annotations

import csv
import json
import sqlite3
import string
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.bundle import BundleOptions, write_access_bundle, write_all_bundles
from rekisteri.access.collect import (
    AmbiguousSubject,
    Collector,
    identify,
    mask,
    normalise_phone,
    resolve_subject,
)
from rekisteri.access.store import open_store
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from store_fixtures import (
    LINKED_MAPPING,
    MINIMAL,
    RELEASED,
    STORE_SQL,
    build_sqlite,
    file_digest,
    mysql_execute,
    pg_checksums,
    pg_execute,
    release_held,
)


def _match(register: Register, **given: Any) -> Any:
    with open_store(register) as store:
        return resolve_subject(store, identify(**given))


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["045 127 3344", "+358451273344", "0451273344", "+358 (0)45 127 3344", "045-127 33 44"],
)
def test_phone_numbers_in_any_format_match(demo_register: Register, value: str) -> None:
    found = _match(demo_register, phone=value)
    assert found is not None and found.name == "Aino Virtanen"


def test_stored_phones_in_other_formats_match(demo_register: Register) -> None:
    # Stored as "+358451189922" and "040-771 2290".
    assert _match(demo_register, phone="045 118 9922").name == "Riitta Koskinen"
    assert _match(demo_register, phone="+358407712290").name == "Timo Järvinen"


def test_email_is_trimmed_and_case_insensitive(demo_register: Register) -> None:
    # Stored as "Sanna.Nieminen@Example.com " (capitals and a trailing space).
    assert _match(demo_register, email="  sanna.nieminen@EXAMPLE.com").name == "Sanna Nieminen"


def test_hetu_is_validated_and_matched_in_any_case(demo_register: Register) -> None:
    assert _match(demo_register, hetu="111101a998d").name == "Ville Heinonen"
    with pytest.raises(RekisteriError) as caught:
        identify(hetu="111101A998E")
    assert "not a valid Finnish personal identity code" in str(caught.value)
    assert "998E" not in str(caught.value)  # the code is masked even in the error


def test_name_with_birth_date_matches_and_name_alone_is_refused(demo_register: Register) -> None:
    found = _match(demo_register, name="  päivi   KARJALAINEN ", birth_date="1983-04-02")
    assert found.key == 18
    assert _match(demo_register, name="Päivi Karjalainen", birth_date=date(1983, 4, 3)) is None
    with pytest.raises(RekisteriError, match="give a birth date YYYY-MM-DD with the name"):
        identify(name="Päivi Karjalainen")
    with pytest.raises(RekisteriError, match="YYYY-MM-DD"):
        identify(name="Päivi Karjalainen", birth_date="2.4.1983")


def test_exactly_one_identifier_is_required() -> None:
    with pytest.raises(RekisteriError, match="exactly one of"):
        identify()
    with pytest.raises(RekisteriError, match=r"got an email address, a phone number\)"):
        identify(email="a@example.com", phone="0451234567")
    with pytest.raises(RekisteriError, match="not a phone number"):
        identify(phone="call me")
    with pytest.raises(RekisteriError, match="not an email address"):
        identify(email="not-an-address")


def test_a_shared_phone_lists_both_people_with_masked_contacts(demo_register: Register) -> None:
    with pytest.raises(AmbiguousSubject) as caught:
        _match(demo_register, phone="019 456 7788")
    error = caught.value
    assert [(c.key, c.name) for c in error.candidates] == [
        (3, "Liisa Mäkinen"),
        (4, "Jussi Mäkinen"),
    ]
    text = str(error)
    assert "key 3" in text and "key 4" in text and "--" not in text
    assert "liisa.makinen@example.com" not in text and "l***@e***.com" in text
    assert "456 7788" not in text


def test_the_same_surname_is_not_a_match(demo_register: Register) -> None:
    assert _match(demo_register, email="aino.virtanen@example.com").key == 1


def test_an_id_that_is_not_a_number_is_a_clear_message(demo_register: Register) -> None:
    with pytest.raises(RekisteriError, match="is a number"):
        _match(demo_register, subject_id="1 OR 1=1")
    assert _match(demo_register, subject_id=" 7 ").name == "Riitta Koskinen"
    assert _match(demo_register, subject_id="999") is None


@pytest.mark.parametrize(
    "email",
    ["%@example.com", "_@example.com", "x'OR'1'='1@example.com", 'a";--@example.com'],
)
def test_sql_metacharacters_in_a_request_match_nothing(demo_path: Path, email: str) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    before = file_digest(database)
    assert _match(load_register(demo_path), email=email) is None
    assert file_digest(database) == before


def test_a_stored_value_with_quotes_is_found_exactly(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE_PEOPLE)
    build_sqlite(
        path.parent / "store.sqlite",
        """
        CREATE TABLE people (id TEXT PRIMARY KEY, email TEXT, phone TEXT);
        INSERT INTO people VALUES ('p-1', 'o''brien@example.com', NULL);
        INSERT INTO people VALUES ('p-2', 'obrien@example.com', NULL);
        """,
    )
    register = load_register(path)
    assert _match(register, email="O'Brien@example.com").key == "p-1"
    assert _match(register, subject_id="p-2").key == "p-2"


def test_masking() -> None:
    assert mask("email", "terhi.kallio@outlook.com") == "t***@o***.com"
    assert mask("phone", "045 127 0888") == "…888"
    assert mask("hetu", "131052-308T") == "131052****"


# --- one way of matching for every value, stored or asked ---------------------------------

VARIANTS = """\
[store]
url = "store.sqlite"

[store.subject]
table = "people"
name = ["first_name", "last_name"]
email = "email"
phone = "phone"
hetu = "hetu"
birth_date = "born"

[[store.sources]]
category = "contact"
table = "people"
columns = ["email", "phone"]
"""

VARIANT_PEOPLE = [
    (1, "Äijä", "Mäki", "ÄIJÄ@Example.FI", None, None, None),
    (2, "Aino", "Aalto", " aino@example.com\t", None, None, None),
    (3, "Anna", "Aho", "anna@example.com\u00a0", None, None, None),
    (4, "Äiti", "Oja", "a\u0308iti@example.fi", None, None, None),
    (5, "Eero", "Ek", "eero@example.com\u200b", "045\u00a0127\t0888", None, None),
    (6, "Ville", "Virta", None, None, "111101a998d\u00a0", None),
    (7, "P\u00e4ivi", "Karjalainen\u2003", None, None, None, "1983-04-02"),
    (8, "Ella", "Eke", "\x0b \tElla@Example.com \r\n", None, "\t120384-9073 ", None),
]


def _variant_store(folder: Path) -> Path:
    register = folder / "register.toml"
    register.write_text(MINIMAL + "\n" + VARIANTS, encoding="utf-8")
    tables = (
        "CREATE TABLE people (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, "
        "email TEXT, phone TEXT, hetu TEXT, born TEXT);\n"
    )
    for row in VARIANT_PEOPLE:
        values = ", ".join("NULL" if v is None else "'" + str(v) + "'" for v in row)
        tables += f"INSERT INTO people VALUES ({values});\n"
    (folder / "tables.sql").write_text(tables, encoding="utf-8")
    return register


VARIANT_REQUESTS = [
    ({"email": "äijä@example.fi"}, 1),
    ({"email": "AINO@example.com"}, 2),
    ({"email": "anna@example.com"}, 3),
    ({"email": "\u00e4iti@example.fi"}, 4),
    ({"email": "eero@example.com"}, 5),
    ({"phone": "+358 45 127 0888"}, 5),
    ({"hetu": "111101A998D"}, 6),
    ({"name": "päivi karjalainen", "birth_date": "1983-04-02"}, 7),
    ({"email": "ella@example.com"}, 8),
    ({"hetu": "120384-9073"}, 8),
]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mariadb"])
def test_unicode_case_and_whitespace_variants_are_found(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _variant_store(tmp_path)
    tables = (tmp_path / "tables.sql").read_text(encoding="utf-8")
    if backend == "sqlite":
        build_sqlite(tmp_path / "store.sqlite", tables)
    else:
        url = request.getfixturevalue(
            "pg_database" if backend == "postgresql" else "mysql_database"
        )
        (pg_execute if backend == "postgresql" else mysql_execute)(url, tables)
        monkeypatch.setenv("REKISTERI_STORE_URL", url)
    register = load_register(path)
    for asked, key in VARIANT_REQUESTS:
        found = _match(register, **asked)
        assert found is not None and found.key == key, asked
    out = tmp_path / "b"
    result = write_access_bundle(
        register, out, identify(email="äijä@example.fi"), BundleOptions(formats=["json"])
    )
    assert result.found and result.subject_key == 1


def test_every_kind_of_whitespace_is_trimmed_the_same_way() -> None:
    from rekisteri.access.collect import fold_email

    spaces = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u200a\u2028\u2029\u202f"
    spaces += "\u205f\u3000\u200b\u200d\u2060\ufeff "
    for space in spaces:
        assert fold_email(f"{space}Aino@Example.COM{space}") == "aino@example.com", repr(space)
    assert normalise_phone("045\t127\u00a00888") == "+358451270888"
    assert fold_email("A\u0308ITI@x.fi") == fold_email("äiti@X.FI") == "äiti@x.fi"
    assert fold_email("STRASSE@x.de") == fold_email("straße@x.de")


def test_a_value_that_is_not_utf8_does_not_stop_the_search(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE_PEOPLE)
    build_sqlite(
        path.parent / "store.sqlite",
        """
        CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT);
        INSERT INTO people VALUES (1, CAST(x'61ff40782e6669' AS TEXT), NULL);
        INSERT INTO people VALUES (2, 'b\u00e4@x.fi', NULL);
        """.replace("\\u00e4", "ä"),
    )
    register = load_register(path)
    assert _match(register, email="BÄ@x.fi").key == 2
    assert _match(register, email="a@x.fi") is None


# --- every data-subject group: next of kin are people too -----------------------------------


def _bundle(register: Register, out: Path, **given: Any) -> tuple[dict[str, Any], str]:
    options = BundleOptions(formats=["json", "html", "csv"], decisions=release_held(register))
    result = write_access_bundle(register, out, identify(**given), options)
    document = json.loads((result.path / "data.json").read_text(encoding="utf-8"))
    texts = "\n".join(
        p.read_text(encoding="utf-8-sig") for p in sorted(result.path.rglob("*")) if p.is_file()
    )
    return document, texts


def test_a_next_of_kin_who_asks_by_phone_gets_their_own_record_and_no_client_data(
    demo_register: Register, tmp_path: Path
) -> None:
    # Mervi Koskinen is the next of kin of client 7, Riitta Koskinen.
    document, texts = _bundle(demo_register, tmp_path / "mervi", phone="050 551 2299")
    assert document["found"] is True
    assert document["subject"] == {"key": 3, "group": "next-of-kin", "links": 1}
    assert document["also"] == []
    (category,) = document["categories"]
    assert category["id"] == "next-of-kin" and category["group"] == "next-of-kin"
    assert category["third_party"] is False
    assert category["sources"][0]["rows"] == [
        {"name": "Mervi Koskinen", "relation": "tytär", "phone": "050 551 2299"}
    ]
    assert not any(c["third_party"] for c in category["sources"][0]["columns"])
    for client_identifier in ("Riitta", "011262-949X", "riitta.koskinen@example.com",
                              "+358451189922", "Peltotie", "client_id"):  # fmt: skip
        assert client_identifier not in texts
    report = (tmp_path / "mervi" / "report.en.html").read_text(encoding="utf-8")
    assert "You are recorded in this register in the group “Clients&#39; next of kin”." in report
    assert "That person is not named here" in report
    assert "another person&#39;s data" not in report and "another person's data" not in report
    fi = (tmp_path / "mervi" / "report.fi.html").read_text(encoding="utf-8")
    assert "Sinut on merkitty tähän rekisteriin ryhmään ”Asiakkaiden lähiomaiset”" in fi


def test_someone_no_group_knows_gets_the_no_data_letter(
    demo_register: Register, tmp_path: Path
) -> None:
    document, _texts = _bundle(demo_register, tmp_path / "x", phone="050 000 1111")
    assert document["found"] is False and document["subject"] is None


def test_a_landline_shared_across_groups_by_different_people_is_not_guessed(
    demo_register: Register, tmp_path: Path
) -> None:
    # Client Marja Salminen and Seppo Salminen, the next of kin of client 11 (Marja herself),
    # share the landline 019 432 1100.
    with pytest.raises(AmbiguousSubject) as caught:
        write_access_bundle(demo_register, tmp_path / "s", identify(phone="019 432 1100"))
    assert not (tmp_path / "s").exists()
    assert [(c.group, c.key) for c in caught.value.candidates] == [
        ("clients", 11),
        ("next-of-kin", 4),
    ]
    assert "group next-of-kin key 4" in str(caught.value)
    document, texts = _bundle(
        demo_register, tmp_path / "seppo", phone="019 432 1100", group="next-of-kin"
    )
    assert document["subject"]["group"] == "next-of-kin"
    assert "Seppo Salminen" in texts and "Marja" not in texts and "160550-977S" not in texts
    document, texts = _bundle(
        demo_register, tmp_path / "marja", phone="019 432 1100", group="clients"
    )
    assert document["subject"] == {"key": 11, "group": "clients"}


def test_a_person_found_in_two_groups_gets_both_parts(demo_path: Path, tmp_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    # Kalle Virtanen, Aino's next of kin, becomes a client himself with the same phone.
    connection.execute(
        "INSERT INTO clients (id, first_name, last_name, phone, created_at, updated_at) "
        "VALUES (21, 'Kalle', 'Virtanen', '045 127 3345', '2024-01-01', '2024-01-01')"
    )
    connection.commit()
    connection.close()
    document, texts = _bundle(load_register(demo_path), tmp_path / "kalle", phone="0451273345")
    assert document["subject"] == {"key": 21, "group": "clients"}
    assert document["also"] == [{"key": 1, "group": "next-of-kin", "links": 1}]
    groups = [(c["id"], c["group"]) for c in document["categories"]]
    assert ("identity", "clients") in groups and ("next-of-kin", "next-of-kin") in groups
    assert "Aino" not in texts and "120384-9073" not in texts
    assert (tmp_path / "kalle" / "csv" / "next-of-kin.csv").is_file()


def test_a_next_of_kin_named_by_two_clients_gets_both_records(
    demo_path: Path, tmp_path: Path
) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    # Mervi Koskinen, the daughter of client 7, is also named by client 3 (her aunt).
    connection.execute(
        "INSERT INTO next_of_kin (id, client_id, name, relation, phone) "
        "VALUES (40, 3, 'MERVI  KOSKINEN', 'sisarentytär', '+358 50 551 2299')"
    )
    connection.commit()
    connection.close()
    document, texts = _bundle(load_register(demo_path), tmp_path / "mervi", phone="050 551 2299")
    assert document["subject"] == {"key": 3, "group": "next-of-kin", "links": 1}
    assert document["also"] == [{"key": 40, "group": "next-of-kin", "links": 1}]
    relations = {
        row["relation"]
        for category in document["categories"]
        for source in category["sources"]
        for row in source["rows"]
    }
    assert relations == {"tytär", "sisarentytär"}
    assert "Riitta" not in texts and "011262-949X" not in texts


def test_two_next_of_kin_sharing_a_phone_are_not_merged(demo_path: Path, tmp_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    connection.execute(
        "INSERT INTO next_of_kin (id, client_id, name, relation, phone) "
        "VALUES (41, 3, 'Pekka Koskinen', 'veli', '050 551 2299')"
    )
    connection.commit()
    connection.close()
    with pytest.raises(AmbiguousSubject) as caught:
        write_access_bundle(
            load_register(demo_path), tmp_path / "m", identify(phone="050 551 2299")
        )
    assert [c.key for c in caught.value.candidates] == [3, 41]
    assert not (tmp_path / "m").exists()


def test_groups_are_checked_against_the_register(make_register) -> None:  # type: ignore[no-untyped-def]
    store = STORE_PEOPLE.replace(
        'table = "people"\nemail', 'group = "clientz"\ntable = "people"\nemail'
    )
    store += """
[[store.groups]]
group = "kin"
table = "kin"
phone = "phone"
columns = ["name", "client_id"]
category = "contacts"
links_to = "client_id"
"""
    with pytest.raises(RekisteriError) as caught:
        load_register(make_register(store))
    text = str(caught.value)
    assert "store.groups[0]" in text and "leave it out of 'columns'" in text
    store = store.replace('columns = ["name", "client_id"]', 'columns = ["name"]')
    with pytest.raises(RekisteriError) as caught:
        load_register(make_register(store))
    paths = [d.path for d in caught.value.diagnostics]
    assert paths == ["store.subject.group", "store.groups[0].group", "store.groups[0].category"]
    assert "did you mean 'contact'?" in caught.value.diagnostics[2].hint


# --- collecting ----------------------------------------------------------------------------


def test_rows_are_collected_per_category_through_joins_and_queries(
    demo_register: Register,
) -> None:
    with open_store(demo_register) as store:
        data = Collector(store).collect([6])[0]
    assert data.name == "Pekka Heikkinen"
    billing = data.categories["billing"]
    assert [s.source.table for s in billing] == ["invoices", "collection_cases"]
    invoices, cases = billing
    assert len(cases.rows) == 1 and cases.rows[0][2] == "maksumuistutus"
    unpaid = [row for row in invoices.rows if row[4] is None]
    assert len(unpaid) == 1
    assert all(
        isinstance(row[3], Decimal) and row[3].as_tuple().exponent == -2 for row in invoices.rows
    )
    assert all(isinstance(row[1], date) for row in invoices.rows)
    other = data.categories["other"][0]
    assert other.columns == ("written_at", "kind", "note")
    assert all(isinstance(row[0], str) for row in other.rows)


def test_booleans_read_as_booleans(demo_register: Register) -> None:
    with open_store(demo_register) as store:
        collector = Collector(store)
        values = {
            row[3]
            for data in collector.collect(list(range(1, 21)))
            for source in data.categories["feedback"]
            for row in source.rows
        }
    assert values == {True, False}


def test_bulk_collection_equals_one_by_one(demo_register: Register) -> None:
    with open_store(demo_register) as store:
        collector = Collector(store)
        keys = [key for batch in collector.iter_keys(batch=7) for key in batch]
        assert keys == list(range(1, 21))
        together = collector.collect(keys)
        alone = [collector.collect([key])[0] for key in keys]
    for a, b in zip(together, alone, strict=True):
        assert {k: [s.rows for s in v] for k, v in a.categories.items()} == {
            k: [s.rows for s in v] for k, v in b.categories.items()
        }


# --- bad values in the store ---------------------------------------------------------------

STORE_PEOPLE = """\
[store]
url = "store.sqlite"

[store.subject]
table = "people"
email = "email"
phone = "phone"

[[store.sources]]
category = "contact"
table = "people"
columns = ["email", "phone"]
"""

STORE_NOTES = (
    STORE_PEOPLE
    + """
[[store.sources]]
category = "notes"
table = "notes"
columns = ["body"]
subject_column = "person_id"

[[store.sources]]
category = "files"
table = "attachments"
columns = ["name", "content"]
subject_column = "person_id"
"""
)


def _odd_store(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT);
        CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER, body TEXT);
        CREATE TABLE attachments (id INTEGER PRIMARY KEY, person_id INTEGER, name TEXT,
                                  content BLOB);
        INSERT INTO people VALUES (1, 'anna@example.com', NULL);
        INSERT INTO notes VALUES (1, 1, NULL);
        INSERT INTO notes VALUES (2, 1, CAST(x'4dc3a46b69206e6f74652c2063616ff82e' AS TEXT));
        """
    )
    connection.execute("INSERT INTO notes VALUES (3, 1, ?)", ("ä" * 300_000,))
    connection.execute(
        "INSERT INTO attachments VALUES (1, 1, 'scan.png', ?)", (b"\x89PNG\r\n\x1a\n\x00\xff",)
    )
    connection.commit()
    connection.close()


def test_nulls_invalid_utf8_huge_text_and_binary_end_in_a_correct_bundle(
    make_register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE_NOTES)
    database = path.parent / "store.sqlite"
    _odd_store(database)
    before = file_digest(database)
    result = write_access_bundle(
        load_register(path),
        tmp_path / "bundle",
        identify(email="anna@example.com"),
        BundleOptions(formats=["json", "csv", "html"]),
    )
    assert file_digest(database) == before
    data = json.loads((result.path / "data.json").read_text(encoding="utf-8"))
    categories = {c["id"]: c for c in data["categories"]}
    assert categories["contact"]["sources"][0]["rows"] == [
        {"email": "anna@example.com", "phone": None}
    ]
    notes = categories["notes"]["sources"][0]["rows"]
    assert notes[0] == {"body": None}
    invalid = notes[1]["body"]
    assert invalid["text"] == "Mäki note, cao\ufffd."
    import base64

    assert base64.b64decode(invalid["data"]).endswith(b"ca\x6f\xf8.")
    assert len(notes[2]["body"]) == 300_000
    attachment = categories["files"]["sources"][0]["rows"][0]
    assert attachment["name"] == "scan.png"
    assert base64.b64decode(attachment["content"]["data"]) == b"\x89PNG\r\n\x1a\n\x00\xff"
    assert attachment["content"]["size"] == 10
    report = (result.path / "report.en.html").read_text(encoding="utf-8")
    assert "File or binary data, 10 bytes" in report
    assert "not valid UTF-8" in report
    assert "Shortened: the full text (300\xa0000 characters)" in report
    assert len(report) < 100_000
    csv_text = (result.path / "csv" / "notes.csv").read_text(encoding="utf-8-sig")
    assert csv_text.count("ä") == 300_000 + 1


# --- keys and links the store must keep apart ----------------------------------------------

LINKED = LINKED_MAPPING

LINKED_TABLES = """
CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);
CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER, body TEXT);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, person_id INTEGER);
CREATE TABLE receipts (id INTEGER PRIMARY KEY, invoice_id INTEGER, label TEXT);
INSERT INTO people VALUES (1, 'anna@example.com'), (2, 'ben@example.com');
INSERT INTO notes VALUES (1, 1, 'anna note'), (2, 2, 'ben note');
INSERT INTO invoices VALUES (1, 1), (2, 2);
INSERT INTO receipts VALUES (1, 1, 'anna receipt'), (2, 2, 'ben receipt');
"""


def _linked(make_register, tables: str, store: str = LINKED) -> Register:  # type: ignore[no-untyped-def]
    path = make_register(store)
    build_sqlite(path.parent / "store.sqlite", tables)
    return load_register(path)


def _refused(register: Register, out: Path, **given: Any) -> str:
    with pytest.raises(RekisteriError) as caught:
        write_access_bundle(register, out, identify(**given), BundleOptions(formats=["json"]))
    assert not out.exists()
    return str(caught.value)


def test_a_text_link_holding_a_number_finds_the_rows_of_an_integer_key(make_register) -> None:  # type: ignore[no-untyped-def]
    tables = LINKED_TABLES.replace(
        "notes (id INTEGER PRIMARY KEY, person_id INTEGER",
        "notes (id INTEGER PRIMARY KEY, person_id TEXT",
    ).replace(
        "(1, 1, 'anna note'), (2, 2, 'ben note')", "(1, '1', 'anna note'), (2, '2', 'ben note')"
    )
    register = _linked(make_register, tables)
    with open_store(register) as store:
        data = Collector(store).collect([1, 2])
    assert [s.rows for s in data[0].categories["notes"]] == [[("anna note",)]]
    assert [s.rows for s in data[1].categories["notes"]] == [[("ben note",)]]


def test_a_text_link_that_finds_no_key_is_refused_not_left_out(
    make_register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tables = LINKED_TABLES.replace(
        "notes (id INTEGER PRIMARY KEY, person_id INTEGER",
        "notes (id INTEGER PRIMARY KEY, person_id TEXT",
    ).replace(
        "(1, 1, 'anna note'), (2, 2, 'ben note')", "(1, '01', 'anna note'), (2, '2', 'ben note')"
    )
    text = _refused(_linked(make_register, tables), tmp_path / "b", email="anna@example.com")
    assert "store.sources[1].subject_column" in text
    assert "notes.person_id" in text and "'01'" in text and "people.id" in text
    assert "same type" in text


def test_duplicated_subject_keys_are_refused_before_anything_is_written(
    make_register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tables = LINKED_TABLES.replace(
        "people (id INTEGER PRIMARY KEY, email TEXT)", "people (id INTEGER, email TEXT)"
    ).replace("(2, 'ben@example.com')", "(2, 'ben@example.com'), (1, 'carl@example.com')")
    register = _linked(make_register, tables)
    text = _refused(register, tmp_path / "b", email="anna@example.com")
    assert "store.subject.key" in text and "register.toml:" in text
    assert "'people.id' is not unique" in text and "1 is the key of 2 rows" in text
    assert "unique and never empty, such as the table's primary key" in text
    with pytest.raises(RekisteriError, match="not unique"):
        write_all_bundles(register, tmp_path / "all", BundleOptions(formats=["json"]))
    bulk = tmp_path / "all"
    assert not bulk.exists() or not any(bulk.iterdir())


def test_an_empty_subject_key_is_refused(make_register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tables = LINKED_TABLES.replace(
        "people (id INTEGER PRIMARY KEY, email TEXT)", "people (id TEXT PRIMARY KEY, email TEXT)"
    ).replace("(2, 'ben@example.com')", "(2, 'ben@example.com'), (NULL, 'carl@example.com')")
    text = _refused(_linked(make_register, tables), tmp_path / "b", email="ben@example.com")
    assert "'people.id' is empty (NULL) in 1 row" in text


def test_a_subject_key_that_is_an_email_is_masked_in_the_message(
    make_register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = LINKED.replace('table = "people"\nemail', 'table = "people"\nkey = "email"\nemail')
    tables = LINKED_TABLES.replace(
        "(2, 'ben@example.com')", "(2, 'ben@example.com'), (3, 'anna@example.com')"
    )
    text = _refused(_linked(make_register, tables, store), tmp_path / "b", email="ben@example.com")
    assert "anna@example.com" not in text and "a***@e***.com" in text
    assert 'key = "id"' in text


def test_a_join_through_a_column_that_is_not_unique_is_refused(
    make_register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Two invoices numbered 1: a receipt of one would show in the other person's bundle.
    tables = LINKED_TABLES.replace(
        "invoices (id INTEGER PRIMARY KEY, person_id INTEGER)",
        "invoices (id INTEGER, person_id INTEGER)",
    ).replace(
        "INSERT INTO invoices VALUES (1, 1), (2, 2)", "INSERT INTO invoices VALUES (1, 1), (1, 2)"
    )
    text = _refused(_linked(make_register, tables), tmp_path / "b", email="anna@example.com")
    assert "store.sources[2].via[0].references" in text
    assert "'invoices.id' is not unique" in text and "fans out" in text


def test_a_join_target_unique_in_fact_but_without_an_index_is_accepted(make_register) -> None:  # type: ignore[no-untyped-def]
    tables = LINKED_TABLES.replace(
        "invoices (id INTEGER PRIMARY KEY, person_id INTEGER)",
        "invoices (id INTEGER, person_id INTEGER)",
    )
    register = _linked(make_register, tables)
    with open_store(register) as store:
        data = Collector(store).collect([1])[0]
    assert data.categories["files"][0].rows == [("anna receipt",)]


def test_a_key_the_store_does_not_hold_is_refused_not_an_empty_bundle(
    demo_register: Register,
) -> None:
    with open_store(demo_register) as store:
        collector = Collector(store)
        with pytest.raises(RekisteriError, match="no subject"):
            collector.collect(["1"])  # the store's key is the number 1
        assert collector.collect([1])[0].name == "Aino Virtanen"


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_a_text_link_to_an_integer_key_on_a_server(
    make_register, backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    url = request.getfixturevalue("pg_database" if backend == "postgresql" else "mysql_database")
    tables = LINKED_TABLES.replace(
        "notes (id INTEGER PRIMARY KEY, person_id INTEGER",
        "notes (id INTEGER PRIMARY KEY, person_id VARCHAR(20)",
    ).replace(
        "(1, 1, 'anna note'), (2, 2, 'ben note')",
        "(1, '1', 'anna note'), (2, '2', 'ben note'), (3, '1abc', 'x')",
    )
    register = _linked(make_register, tables)
    (pg_execute if backend == "postgresql" else mysql_execute)(url, tables)
    monkeypatch.setenv("REKISTERI_STORE_URL", url)
    # '1abc' is no one's key: MariaDB's own `=` would take it as 1.
    with pytest.raises(RekisteriError, match="'1abc'"), open_store(register) as store:
        Collector(store)
    (pg_execute if backend == "postgresql" else mysql_execute)(
        url, "DELETE FROM notes WHERE id = 3;"
    )
    with open_store(register) as store:
        data = Collector(store).collect([1, 2])
    assert [s.rows for s in data[0].categories["notes"]] == [[("anna note",)]]
    assert [s.rows for s in data[1].categories["notes"]] == [[("ben note",)]]


# --- isolation: a bundle holds its subject's data and nothing else --------------------------

FIRST = ["Anna", "Aino", "Mikko", "Liisa"]
LAST = ["Virtanen", "Mäkinen"]

ISOLATION_STORE = """\
[store]
url = "store.sqlite"

[store.subject]
table = "people"
key = "ref"
name = ["first_name", "last_name"]
email = "email"
phone = "phone"
hetu = "hetu"

[[store.sources]]
category = "contact"
table = "people"
columns = ["first_name", "last_name", "email", "phone", "hetu"]

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

_HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def _hetu(index: int) -> str:
    body = f"0101{80 + index % 20:02d}"
    number = 900 + index
    return f"{body}-{number}{_HETU_CHARS[int(body + str(number)) % 31]}"


@st.composite
def look_alike_people(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=2, max_value=5))
    phones = ["045 100 200" + str(i) for i in range(3)]
    people = []
    for index in range(count):
        local = draw(st.sampled_from(["anna", "aino.v", "mikko"]))
        casing = draw(st.sampled_from([str.lower, str.upper, str.title]))
        token = f"{index}{draw(st.text(string.ascii_lowercase, min_size=6, max_size=6))}"
        people.append(
            {
                "ref": f"ref-{token}",
                "first_name": draw(st.sampled_from(FIRST)),
                "last_name": draw(st.sampled_from(LAST)),
                "email": casing(f"{local}@example.com") + draw(st.sampled_from(["", " "])),
                "phone": draw(st.sampled_from([*phones, None])),
                "hetu": _hetu(index),
                "notes": [f"note {token} {n}" for n in range(draw(st.integers(0, 2)))],
                "receipts": [f"receipt {token} {n}" for n in range(draw(st.integers(0, 2)))],
            }
        )
    return people


def _isolation_store(folder: Path, people: list[dict[str, Any]], backend: str = "sqlite") -> Path:
    """The look-alike people in an SQLite store, or (``backend="exports"``) in the CSV
    exports of one: a file per table, in a Finnish spreadsheet's dialect."""
    register = folder / "register.toml"
    mapping = ISOLATION_STORE
    if backend == "exports":
        mapping = mapping.replace('url = "store.sqlite"', 'url = "exports"')
    register.write_text(MINIMAL + "\n" + mapping, encoding="utf-8")
    _isolation_database(folder / "store.sqlite", people)
    if backend == "exports":
        database = sqlite3.connect(folder / "store.sqlite")
        (folder / "exports").mkdir()
        for table in ("people", "notes", "invoices", "receipts"):
            cursor = database.execute(f"SELECT * FROM {table}")
            with (folder / "exports" / f"{table}.csv").open(
                "w", encoding="utf-8-sig", newline=""
            ) as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow([d[0] for d in cursor.description])
                writer.writerows(["" if v is None else v for v in row] for row in cursor)
        database.close()
        (folder / "store.sqlite").unlink()
    return register


def _isolation_database(path: Path, people: list[dict[str, Any]]) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE people (ref TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT,
                             phone TEXT, hetu TEXT);
        CREATE TABLE notes (id INTEGER PRIMARY KEY, person_ref TEXT, body TEXT);
        CREATE TABLE invoices (id INTEGER PRIMARY KEY, person_ref TEXT);
        CREATE TABLE receipts (id INTEGER PRIMARY KEY, invoice_id INTEGER, label TEXT);
        """
    )
    for person in people:
        connection.execute(
            "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)",
            [person[k] for k in ("ref", "first_name", "last_name", "email", "phone", "hetu")],
        )
        for body in person["notes"]:
            connection.execute(
                "INSERT INTO notes (person_ref, body) VALUES (?, ?)", (person["ref"], body)
            )
        for label in person["receipts"]:
            cursor = connection.execute(
                "INSERT INTO invoices (person_ref) VALUES (?)", (person["ref"],)
            )
            connection.execute(
                "INSERT INTO receipts (invoice_id, label) VALUES (?, ?)",
                (cursor.lastrowid, label),
            )
    connection.commit()
    connection.close()


def _identifiers(person: dict[str, Any]) -> set[str]:
    return {person["ref"], person["hetu"], person["email"], *person["notes"], *person["receipts"]}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.parametrize("backend", ["sqlite", "exports"])
@given(people=look_alike_people())
def test_no_bundle_holds_another_subjects_identifiers(
    backend: str, people: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        register = load_register(_isolation_store(Path(folder), people, backend))
        out = Path(folder) / "bundles"
        result = write_all_bundles(register, out, BundleOptions(formats=["json", "csv", "html"]))
        assert result.written == len(people)
        for person in people:
            bundle = out / person["ref"]
            texts = [p.read_bytes().decode("utf-8-sig") for p in bundle.rglob("*") if p.is_file()]
            own = _identifiers(person)
            for other in people:
                if other is person:
                    continue
                # A look-alike's email may be a part of this person's ("anna@x.fi" in
                # "anna@x.fi "): that text is this person's own.
                theirs = {i for i in _identifiers(other) if not any(i in mine for mine in own)}
                for identifier in theirs:
                    assert not any(identifier in text for text in texts), (
                        f"{other['ref']}'s {identifier!r} is in {person['ref']}'s bundle"
                    )
            data = json.loads((bundle / "data.json").read_text(encoding="utf-8"))
            assert data["subject"]["key"] == person["ref"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.parametrize("backend", ["sqlite", "exports"])
@given(people=look_alike_people(), pick=st.integers(min_value=0, max_value=4))
def test_a_request_matches_exactly_the_people_it_names(
    backend: str, people: list[dict[str, Any]], pick: int
) -> None:
    asked = people[pick % len(people)]
    with tempfile.TemporaryDirectory() as folder:
        register = load_register(_isolation_store(Path(folder), people, backend))
        with open_store(register) as store:
            from rekisteri.access.collect import find_subjects

            request = asked["email"].strip().swapcase()
            by_email = {c.key for c in find_subjects(store, identify(email=request))}
            expected = {p["ref"] for p in people if p["email"].strip().lower() == request.lower()}
            assert by_email == expected
            if asked["phone"]:
                by_phone = {c.key for c in find_subjects(store, identify(phone=asked["phone"]))}
                wanted = normalise_phone(asked["phone"])
                assert by_phone == {
                    p["ref"] for p in people if p["phone"] and normalise_phone(p["phone"]) == wanted
                }
            by_hetu = {c.key for c in find_subjects(store, identify(hetu=asked["hetu"].lower()))}
            assert by_hetu == {asked["ref"]}


# --- PostgreSQL and MariaDB ----------------------------------------------------------------


def _bundle_json(path: Path) -> dict[str, Any]:
    data = json.loads((path / "data.json").read_text(encoding="utf-8"))
    del data["generated"], data["request_reference"]
    return data


@pytest.mark.parametrize("subject", ["1", "6", "18"])
def test_postgresql_gives_the_same_bundle_as_sqlite(
    demo_path: Path,
    pg_database: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    subject: str,
) -> None:
    register = load_register(demo_path)
    lite = write_access_bundle(
        register,
        tmp_path / "lite",
        identify(subject_id=subject),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    pg = write_access_bundle(
        register,
        tmp_path / "pg",
        identify(subject_id=subject),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    assert pg_checksums(pg_database) == before
    assert _bundle_json(pg.path) == _bundle_json(lite.path)


def test_postgresql_matching_and_bulk(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    register = load_register(demo_path)
    assert _match(register, email=" SANNA.NIEMINEN@example.com").key == 5
    assert _match(register, phone="+358451189922").key == 7
    assert _match(register, hetu="111101a998d").key == 14
    assert _match(register, name="Päivi Karjalainen", birth_date="1983-04-02").key == 18
    with pytest.raises(AmbiguousSubject):
        _match(register, phone="019 456 7788")
    result = write_all_bundles(
        register, tmp_path / "all", BundleOptions(formats=["json"], decisions=RELEASED)
    )
    assert result.written == 20
    assert pg_checksums(pg_database) == before


def test_mariadb_gives_the_same_bundle_as_sqlite(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    register = load_register(demo_path)
    lite = write_access_bundle(
        register,
        tmp_path / "lite",
        identify(subject_id="6"),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    maria = write_access_bundle(
        register,
        tmp_path / "maria",
        identify(subject_id="6"),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    assert _bundle_json(maria.path) == _bundle_json(lite.path)
    assert _match(register, phone="045 118 9922").key == 7
