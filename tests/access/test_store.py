"""The store mapping, opening stores read-only, and `store check` (drift)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekisteri.access.store import check_store, locate_store, open_store, verify_mapping
from rekisteri.errors import RekisteriError
from rekisteri.register.checks import check_store_mapping, store_warnings
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from store_fixtures import (
    LINKED_MAPPING,
    PEOPLE_MAPPING,
    RELEASED,
    STORE_SQL,
    build_sqlite,
    file_digest,
    mysql_execute,
    pg_checksums,
    pg_execute,
)

STORE = PEOPLE_MAPPING

PEOPLE = """
CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);
INSERT INTO people VALUES (1, 'a@example.com');
"""


def _problems(error: RekisteriError) -> list[str]:
    return [f"{d.path}: {d.message}" for d in error.diagnostics]


# --- the mapping in the register -----------------------------------------------------------


def test_demo_mapping_is_valid_and_maps_every_category(demo_register: Register) -> None:
    assert check_store_mapping(demo_register) == []
    assert store_warnings(demo_register) == []
    mapped = {source.category for source in demo_register.store.sources}  # type: ignore[union-attr]
    assert mapped == {c.id for c in demo_register.data_categories}


def test_a_source_naming_an_undeclared_category_is_an_error(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE.replace('category = "contact"', 'category = "contacts"'))
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    problems = caught.value.diagnostics
    assert [p.path for p in problems] == ["store.sources[0].category"]
    assert problems[0].line is not None
    assert "'contacts', which is not declared" in problems[0].message
    assert "did you mean 'contact'?" in problems[0].hint


def test_a_category_without_a_source_is_a_warning(make_register) -> None:  # type: ignore[no-untyped-def]
    register = load_register(make_register(STORE))
    warnings = store_warnings(register)
    assert [w.loc for w in warnings] == [("data_categories", 1, "id"), ("data_categories", 2, "id")]
    assert "'notes' has no source in [store]" in warnings[0].message


def test_a_register_without_a_store_gets_no_store_warnings(write_register) -> None:  # type: ignore[no-untyped-def]
    from store_fixtures import MINIMAL

    register = load_register(write_register(MINIMAL))
    assert store_warnings(register) == [] and check_store_mapping(register) == []


def test_a_label_missing_a_language_is_an_error(make_register) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RekisteriError) as caught:
        load_register(make_register(STORE + 'labels.email = { fi = "Sähköposti" }\n'))
    problems = caught.value.diagnostics
    assert [p.path for p in problems] == ["store.sources[0].labels.email"]
    assert problems[0].message == "text is missing in en"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("", "list the columns"),
        ('columns = ["email"]\nquery = "SELECT 1"', "give either 'query' or 'table'"),
        ('table = "people"\ncolumns = ["email"]', "needs 'table' and 'columns', or a 'query'"),
        ('columns = ["email", "email"]', "listed twice"),
        ('columns = ["email"]\nthird_party = ["phone"]', "third_party names phone"),
        (
            'columns = ["email"]\nvia = [{ column = "x", references = "t.id" }]',
            "name the column of 't' that holds the subject's key",
        ),
        (
            'columns = ["email"]\nvia = [{ column = "x", references = "t" }]',
            "write references as 'table.column'",
        ),
    ],
)
def test_structural_mistakes_in_a_source_are_located(  # type: ignore[no-untyped-def]
    make_register, change: str, expected: str
) -> None:
    store = STORE.replace('columns = ["email"]', change)
    if "needs 'table'" in expected:
        store = STORE.replace('table = "people"\ncolumns = ["email"]', "")
    with pytest.raises(RekisteriError) as caught:
        load_register(make_register(store))
    text = str(caught.value)
    assert expected in text
    assert "store.sources[0]" in text
    assert "register.toml:" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("DELETE FROM people WHERE id = :subject", "must be a SELECT"),
        ("SELECT * FROM people", "must use the bind :subject"),
        ("SELECT * FROM people WHERE id = :subject; DROP TABLE people", "one statement"),
        ("-- comment\nUPDATE people SET email = '' WHERE id = :subject", "must be a SELECT"),
    ],
)
def test_queries_must_be_one_select_with_a_subject_bind(  # type: ignore[no-untyped-def]
    make_register, query: str, expected: str
) -> None:
    store = STORE.replace('table = "people"\ncolumns = ["email"]', f"query = '''{query}'''")
    with pytest.raises(RekisteriError) as caught:
        load_register(make_register(store))
    assert expected in str(caught.value)


def test_a_query_with_comments_and_a_with_clause_is_accepted(make_register) -> None:  # type: ignore[no-untyped-def]
    query = (
        "/* notes */ WITH mine AS (SELECT * FROM people WHERE id = :subject) SELECT * FROM mine;"
    )
    store = STORE.replace('table = "people"\ncolumns = ["email"]', f"query = '''{query}'''")
    assert load_register(make_register(store)).store is not None


# --- where the store is --------------------------------------------------------------------


def test_a_sqlite_path_is_relative_to_the_register_file(make_register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE)
    monkeypatch.chdir("/")
    location = locate_store(load_register(path))
    assert location.sqlite_file == path.parent / "store.sqlite"
    assert location.origin == "store.url"
    assert location.url.query["mode"] == "ro"


def test_the_environment_variable_overrides_the_url(make_register, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register = load_register(make_register(STORE))
    monkeypatch.setenv("REKISTERI_STORE_URL", "postgresql://u:secret@db.example/asiakkaat")
    location = locate_store(register)
    assert location.origin == "REKISTERI_STORE_URL"
    assert location.url.drivername == "postgresql+psycopg"
    assert "secret" not in location.display
    monkeypatch.setenv("REKISTERI_STORE_URL", "other.sqlite")
    monkeypatch.chdir(tmp_path)
    assert locate_store(register).sqlite_file == tmp_path / "other.sqlite"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("oracle://scott:tiger@host/db", "'oracle' stores are not supported"),
        ("postgresql://u:p@host:notaport/db", "is not a database URL"),
        ("missing.sqlite", "does not exist"),
        ("sqlite://", "a SQLite store needs a file path"),
    ],
)
def test_a_wrong_url_is_a_clear_message(make_register, url: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    register = load_register(make_register(STORE.replace("store.sqlite", url)))
    with pytest.raises(RekisteriError) as caught, open_store(register):
        pass
    text = str(caught.value)
    assert expected in text
    assert "store.url" in text
    assert "Traceback" not in text


def test_a_password_in_a_bad_url_is_not_echoed(make_register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    register = load_register(make_register(STORE))
    monkeypatch.setenv("REKISTERI_STORE_URL", "postgresql://user:hunter2@host:port/db")
    with pytest.raises(RekisteriError) as caught:
        locate_store(register)
    assert "hunter2" not in str(caught.value)


def test_an_unreachable_server_is_a_clear_message(make_register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    register = load_register(
        make_register(STORE.replace('url = "store.sqlite"', 'url = "x"\ntimeout = 1'))
    )
    monkeypatch.setenv("REKISTERI_STORE_URL", "postgresql://nobody:pw@127.0.0.1:1/none")
    with pytest.raises(RekisteriError) as caught, open_store(register):
        pass
    text = str(caught.value)
    assert "cannot connect" in text and "REKISTERI_STORE_URL" in text
    assert "pw@" not in text


def test_a_file_that_is_not_a_database_is_a_clear_message(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE)
    (path.parent / "store.sqlite").write_text("name,email\n", encoding="utf-8")
    with pytest.raises(RekisteriError) as caught, open_store(load_register(path)) as store:
        verify_mapping(store)
    assert "is not an SQLite database" in str(caught.value)


def test_a_locked_store_is_a_clear_message(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(
        STORE.replace('url = "store.sqlite"', 'url = "store.sqlite"\ntimeout = 0.2')
    )
    database = build_sqlite(path.parent / "store.sqlite", PEOPLE)
    holder = sqlite3.connect(database, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(RekisteriError) as caught, open_store(load_register(path)) as store:
            verify_mapping(store)
        assert "locked by another program" in str(caught.value)
        assert "store.timeout" in str(caught.value)
    finally:
        holder.rollback()
        holder.close()


def test_the_store_refuses_writes(make_register) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    path = make_register(STORE)
    database = build_sqlite(path.parent / "store.sqlite", PEOPLE)
    before = file_digest(database)
    with pytest.raises(RekisteriError) as caught, open_store(load_register(path)) as store:
        store.execute(sa.text("DELETE FROM people"))
    assert "rekisteri only reads the store" in str(caught.value)
    assert file_digest(database) == before


# --- the mapping against the store ---------------------------------------------------------


def test_unknown_tables_and_columns_are_located_with_suggestions(make_register) -> None:  # type: ignore[no-untyped-def]
    store = STORE.replace('columns = ["email"]', 'columns = ["emial", "phone"]') + (
        '\n[[store.sources]]\ncategory = "notes"\ntable = "note"\ncolumns = ["text"]\n'
        'subject_column = "person_id"\n'
    )
    path = make_register(store)
    build_sqlite(
        path.parent / "store.sqlite",
        PEOPLE + "CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER, body TEXT);",
    )
    with pytest.raises(RekisteriError) as caught, open_store(load_register(path)) as store_:
        verify_mapping(store_)
    error = caught.value
    problems = _problems(error)
    assert problems == [
        "store.sources[0].columns[0]: table 'people' has no column 'emial'",
        "store.sources[0].columns[1]: table 'people' has no column 'phone'",
        "store.sources[1].table: the store has no table 'note'",
    ]
    hints = [d.hint for d in error.diagnostics]
    assert hints[0].startswith("did you mean 'email'?")
    assert hints[2].startswith("did you mean 'notes'?")
    assert all(d.line for d in error.diagnostics)


def test_a_broken_query_is_reported_before_any_bundle(make_register) -> None:  # type: ignore[no-untyped-def]
    store = STORE + (
        '\n[[store.sources]]\ncategory = "notes"\n'
        "query = 'SELECT body FROM notez WHERE person_id = :subject'\n"
    )
    path = make_register(store)
    build_sqlite(path.parent / "store.sqlite", PEOPLE)
    with pytest.raises(RekisteriError) as caught, open_store(load_register(path)) as store_:
        verify_mapping(store_)
    assert _problems(caught.value) == [
        "store.sources[1].query: the query fails in the store: no such table: notez"
    ]


# --- drift ---------------------------------------------------------------------------------


def test_the_demo_store_matches_its_register(demo_register: Register) -> None:
    report = check_store(demo_register)
    assert not report.drift, report.format_text()
    assert report.subjects == 20
    assert report.unindexed == []
    assert "ok: the store matches" in report.format_text()


def test_drift_is_reported_and_exits_1(demo_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    connection.executescript(
        """
        ALTER TABLE clients ADD COLUMN allergies TEXT;
        CREATE TABLE photos (id INTEGER PRIMARY KEY, client_id INTEGER, image BLOB);
        INSERT INTO appointments (client_id, starts_at, minutes, service, status)
            VALUES (999, '2024-01-01 10:00', 45, 'Psykoterapia', 'toteutunut');
        INSERT INTO collection_cases (invoice_id, opened_at, agency, stage)
            VALUES (9999, '2024-01-01', 'X', 'Y');
        INSERT INTO clients (id, first_name, last_name, created_at, updated_at)
            VALUES (21, 'Nimetön', 'Asiakas', '2024-01-01', '2024-01-01');
        """
    )
    connection.commit()
    connection.close()
    before = file_digest(database)
    report = check_store(load_register(demo_path))
    assert file_digest(database) == before
    assert report.drift
    undeclared = {(u.table, u.columns, u.whole_table) for u in report.undeclared}
    assert undeclared == {
        ("clients", ("allergies",), False),
        ("photos", ("id", "client_id", "image"), True),
    }
    assert {(o.table, o.count) for o in report.orphans} == {
        ("appointments", 1),
        ("collection_cases", 1),
    }
    assert report.unreachable_subjects == 1
    text = report.format_text()
    assert "table 'photos'" in text and "clients.allergies" in text


def test_ignored_columns_and_tables_are_not_drift(demo_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    connection.executescript(
        "ALTER TABLE appointments ADD COLUMN synced_at TEXT;"
        "ALTER TABLE invoices ADD COLUMN synced_at TEXT;"
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what TEXT);"
    )
    connection.close()
    text = demo_path.read_text(encoding="utf-8").replace(
        'ignore = ["schema_migrations",', 'ignore = ["*.synced_at", "audit_*", "schema_migrations",'
    )
    demo_path.write_text(text, encoding="utf-8")
    assert not check_store(load_register(demo_path)).drift


def test_mapped_columns_missing_from_the_store_are_drift(demo_path: Path) -> None:
    text = (
        demo_path.read_text(encoding="utf-8")
        .replace('"agency", "stage"]', '"agency", "stagee"]')
        .replace("labels.stage", "labels.stagee")
    )
    demo_path.write_text(text, encoding="utf-8")
    report = check_store(load_register(demo_path))
    assert report.drift
    assert [d.path for d in report.missing] == ["store.sources[8].columns[2]"]
    assert "did you mean 'stage'?" in report.missing[0].hint
    assert report.to_dict()["drift"] is True


def test_a_link_column_without_an_index_is_a_warning_not_drift(demo_path: Path) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("DROP INDEX feedback_client")
    connection.close()
    report = check_store(load_register(demo_path))
    assert not report.drift
    assert report.unindexed == ["feedback.client_id"]
    assert "warning: feedback.client_id has no index" in report.format_text()


def test_store_check_leaves_the_file_untouched_while_another_reader_holds_it(
    demo_path: Path,
) -> None:
    database = demo_path.parent / "asiakkaat.sqlite"
    before = file_digest(database)
    reader = sqlite3.connect(database, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM clients").fetchall()
    done = threading.Event()

    def check() -> None:
        check_store(load_register(demo_path))
        done.set()

    worker = threading.Thread(target=check)
    worker.start()
    worker.join(30)
    reader.rollback()
    reader.close()
    assert done.is_set()
    assert file_digest(database) == before
    assert sorted(p.name for p in database.parent.iterdir() if "asiakkaat" in p.name) == [
        "asiakkaat.sqlite"
    ]


# --- PostgreSQL and MariaDB ----------------------------------------------------------------


def test_postgresql_store_check_and_read_only(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy as sa

    pg_execute(
        pg_database,
        Path(__file__)
        .parents[2]
        .joinpath("examples/terhi-kallio/store.sql")
        .read_text(encoding="utf-8"),
    )
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    register = load_register(demo_path)
    report = check_store(register)
    assert not report.drift, report.format_text()
    assert report.subjects == 20
    with pytest.raises(RekisteriError) as caught, open_store(register) as store:
        store.execute(sa.text("DELETE FROM feedback"))
    assert "rekisteri only reads the store" in str(caught.value)
    assert pg_checksums(pg_database) == before


def test_postgresql_drift(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (Path(__file__).parents[2] / "examples/terhi-kallio/store.sql").read_text(
        encoding="utf-8"
    )
    pg_execute(pg_database, script + "\nALTER TABLE clients ADD COLUMN allergies TEXT;")
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    report = check_store(load_register(demo_path))
    assert report.drift
    assert [(u.table, u.columns) for u in report.undeclared] == [("clients", ("allergies",))]


def test_mariadb_store_check(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (Path(__file__).parents[2] / "examples/terhi-kallio/store.sql").read_text(
        encoding="utf-8"
    )
    mysql_execute(mysql_database, script)
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    report = check_store(load_register(demo_path))
    assert not report.drift, report.format_text()
    assert report.subjects == 20


# --- read-only means read-only: nothing a read does can persist -----------------------------

LARGE_OBJECT_SOURCE = """
[[store.sources]]
category = "other"
query = "SELECT lo_from_bytea(0, 'x'::bytea) AS oid FROM clients WHERE id = :subject"
covers = ["clients"]
"""


@pytest.fixture
def transaction_ends() -> Iterator[list[str]]:
    """How each store transaction ended, as SQLAlchemy reports it: 'commit' or 'rollback'."""
    import sqlalchemy as sa
    from sqlalchemy.engine import Engine

    ends: list[str] = []

    def commit(_conn: object) -> None:
        ends.append("commit")

    def rollback(_conn: object) -> None:
        ends.append("rollback")

    sa.event.listen(Engine, "commit", commit)
    sa.event.listen(Engine, "rollback", rollback)
    try:
        yield ends
    finally:
        sa.event.remove(Engine, "commit", commit)
        sa.event.remove(Engine, "rollback", rollback)


def _large_objects(url: str) -> int:
    import psycopg
    from sqlalchemy.engine import make_url

    from store_fixtures import _libpq

    with psycopg.connect(_libpq(make_url(url)), autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_largeobject_metadata").fetchone()
        assert row is not None
        return int(row[0])


def test_a_postgresql_query_source_cannot_persist_a_large_object(
    demo_path: Path,
    pg_database: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    transaction_ends: list[str],
) -> None:
    from rekisteri.access.bundle import BundleOptions, write_access_bundle
    from rekisteri.access.collect import identify

    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    demo_path.write_text(
        demo_path.read_text(encoding="utf-8").replace(
            "\n# `rekisteri retention`", LARGE_OBJECT_SOURCE + "\n# `rekisteri retention`", 1
        ),
        encoding="utf-8",
    )
    before = pg_checksums(pg_database)
    assert _large_objects(pg_database) == 0
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    result = write_access_bundle(
        load_register(demo_path),
        tmp_path / "b",
        identify(subject_id="1"),
        BundleOptions(formats=["json"], decisions=RELEASED),
    )
    # The query did create a large object inside the transaction, which was then rolled back.
    assert '"oid"' in (result.path / "data.json").read_text(encoding="utf-8")
    assert _large_objects(pg_database) == 0
    assert pg_checksums(pg_database) == before
    assert "commit" not in transaction_ends and transaction_ends[-1] == "rollback"


def test_a_mariadb_read_ends_in_rollback(
    demo_path: Path,
    mysql_database: str,
    monkeypatch: pytest.MonkeyPatch,
    transaction_ends: list[str],
) -> None:
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    assert not check_store(load_register(demo_path)).drift
    assert "commit" not in transaction_ends and transaction_ends[-1] == "rollback"


def test_a_sqlite_read_ends_in_rollback(
    demo_register: Register, transaction_ends: list[str]
) -> None:
    assert not check_store(demo_register).drift
    assert transaction_ends == ["rollback"]


def _wal_store(path: Path) -> Path:
    database = build_sqlite(path, PEOPLE)
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    connection.close()
    return database


def _wal_files(database: Path) -> list[str]:
    return sorted(p.name for p in database.parent.iterdir() if p.name.startswith(database.name))


def test_a_wal_store_is_left_without_wal_and_shm_files(make_register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rekisteri.access.bundle import BundleOptions, write_access_bundle
    from rekisteri.access.collect import identify

    path = make_register(STORE)
    database = _wal_store(path.parent / "store.sqlite")
    assert _wal_files(database) == ["store.sqlite"]
    before = file_digest(database)
    write_access_bundle(
        load_register(path),
        tmp_path / "b",
        identify(email="a@example.com"),
        BundleOptions(formats=["json"]),
    )
    assert check_store(load_register(path)).subjects == 1
    assert _wal_files(database) == ["store.sqlite"]
    assert file_digest(database) == before


def test_wal_files_another_program_uses_are_left_to_it(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE)
    database = _wal_store(path.parent / "store.sqlite")
    other = sqlite3.connect(database)
    with open_store(load_register(path)) as store:
        verify_mapping(store)
        # The other program starts using the store while rekisteri reads it.
        assert other.execute("SELECT count(*) FROM people").fetchone() == (1,)
    assert _wal_files(database) == ["store.sqlite", "store.sqlite-shm", "store.sqlite-wal"]
    other.execute("INSERT INTO people VALUES (2, 'b@example.com')")
    other.commit()
    assert other.execute("SELECT count(*) FROM people").fetchone() == (2,)
    other.close()
    # The last writer to close cleans up after itself, as SQLite does.
    assert _wal_files(database) == ["store.sqlite"]


def test_wal_files_that_were_there_before_are_left_alone(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(STORE)
    database = _wal_store(path.parent / "store.sqlite")
    holder = sqlite3.connect(database)
    holder.execute("SELECT count(*) FROM people").fetchall()
    try:
        assert check_store(load_register(path)).subjects == 1
        assert _wal_files(database) == ["store.sqlite", "store.sqlite-shm", "store.sqlite-wal"]
    finally:
        holder.close()


# --- keys and joins that would mix people ---------------------------------------------------

MIXING = LINKED_MAPPING

MIXING_TABLES = """
CREATE TABLE people (id INTEGER, email TEXT);
CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id TEXT, body TEXT);
CREATE TABLE invoices (id INTEGER, person_id INTEGER);
CREATE TABLE receipts (id INTEGER PRIMARY KEY, invoice_id INTEGER, label TEXT);
INSERT INTO people VALUES (1, 'anna@example.com'), (1, 'ben@example.com'), (NULL, 'c@example.com');
INSERT INTO notes VALUES (1, '01', 'anna note');
INSERT INTO invoices VALUES (1, 1), (1, 2);
INSERT INTO receipts VALUES (1, 1, 'receipt');
"""


def test_store_check_reports_keys_and_joins_that_mix_people(make_register) -> None:  # type: ignore[no-untyped-def]
    path = make_register(MIXING)
    build_sqlite(path.parent / "store.sqlite", MIXING_TABLES)
    report = check_store(load_register(path))
    assert report.drift
    assert [d.path for d in report.unsafe] == [
        "store.subject.key",
        "store.subject.key",
        "store.sources[1].subject_column",
        "store.sources[2].via[0].references",
    ]
    text = report.format_text()
    assert "ok:" not in text
    assert "error: " in text and "is empty (NULL) in 1 row" in text and "fans out" in text
    assert report.to_dict()["unsafe"][0]["path"] == "store.subject.key"


def test_the_integrity_checks_run_once_per_command(
    demo_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rekisteri.access.store as store_module
    from rekisteri.access.collect import Collector

    calls: list[str] = []
    original = store_module.integrity_problems

    def counted(store: object) -> object:
        calls.append("check")
        return original(store)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "integrity_problems", counted)
    with open_store(demo_register) as store:
        collector = Collector(store)
        for key in range(1, 21):
            collector.collect([key])
        verify_mapping(store)
    assert calls == ["check"]
