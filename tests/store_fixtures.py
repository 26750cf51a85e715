"""The shared fixtures and helpers of the tests; the root conftest imports the fixtures, so every
test has them, and a test imports the helpers (MINIMAL, build_sqlite, pg_execute, ...) from here.

Registers are written inline into ``tmp_path``: :func:`write_register` takes any text,
:func:`make_register` adds a ``[store]`` block to :data:`MINIMAL`, and
:func:`register_with_purposes` loads a register of the purposes and legal bases a test names.

The demo store is built from ``examples/terhi-kallio/store.sql`` into a SQLite file once per
test run, and every test that asks for it gets its own copy (running the script costs some 45 ms,
copying the file a tenth of a millisecond); or it is loaded into a fresh PostgreSQL / MariaDB
database when ``REKISTERI_TEST_PG_URL`` / ``REKISTERI_TEST_MYSQL_URL`` name a server. With
``CI=true`` a missing server fails the test: the PostgreSQL path must never go untested in CI by
accident.

The tests write stores here; rekisteri itself only ever reads them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from rekisteri.access.review import ReviewDecision
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "terhi-kallio"
STORE_SQL = EXAMPLE / "store.sql"
CLUB = ROOT / "examples" / "grankulla-idrottsforening"
PG_ENV = "REKISTERI_TEST_PG_URL"
MYSQL_ENV = "REKISTERI_TEST_MYSQL_URL"


# The example holds its therapy notes ("health") for review before release (Tietosuojalaki
# § 34): a test of something else that writes a demo bundle releases them, as the practitioner
# would after reading them (tests/access/test_review*.py test the review itself).
RELEASED = (ReviewDecision("health", release=True),)
RELEASE_CLI = ("--release", "health")


def release_held(register: Register) -> tuple[ReviewDecision, ...]:
    """A release of every category ``register`` holds for review (none for most test registers)."""
    return tuple(ReviewDecision(c.id, release=True) for c in register.data_categories if c.review)


def _example_register_text() -> str:
    return (EXAMPLE / "register.toml").read_text(encoding="utf-8")


def build_sqlite(path: Path, script: str) -> Path:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
        connection.commit()
    finally:
        connection.close()
    return path


def copy_club(folder: Path) -> Path:
    """The bilingual club example (sv, fi, en) with its member store built beside it in
    ``folder``; returns the register's path."""
    register = folder / "register.toml"
    shutil.copyfile(CLUB / "register.toml", register)
    build_sqlite(folder / "medlemmar.sqlite", (CLUB / "store.sql").read_text(encoding="utf-8"))
    return register


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo store, built once per run. Tests write into their stores, so they get copies
    (:func:`demo_path`), never this file; should one reach it, the run ends in an error here
    rather than in later tests that silently read a changed store."""
    folder = tmp_path_factory.mktemp("demo-store")
    path = build_sqlite(folder / "asiakkaat.sqlite", STORE_SQL.read_text(encoding="utf-8"))
    built = file_digest(path)
    yield path
    assert file_digest(path) == built, f"a test changed the shared demo store {path}"


@pytest.fixture
def demo_path(tmp_path: Path, demo_store_file: Path) -> Path:
    """The example register with its demo store beside it, in a temporary folder."""
    register = tmp_path / "register.toml"
    register.write_text(_example_register_text(), encoding="utf-8")
    shutil.copyfile(demo_store_file, tmp_path / "asiakkaat.sqlite")
    return register


@pytest.fixture
def demo_register(demo_path: Path) -> Register:
    return load_register(demo_path)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- registers written in a test ------------------------------------------------------------


@pytest.fixture
def write_register(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented register text to ``tmp_path / "register.toml"`` and return the path."""

    def write(text: str, name: str = "register.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


# A register whose purposes a test chooses: PURPOSE_IDS stands for the ids the one data category
# is processed for, and a [[purposes]] table (purpose_table) follows for each.
PURPOSES_BASE = """\
name = { fi = "Asiakasrekisteri", en = "Client register" }
schema_version = 2
[notice]
languages = ["fi", "en"]
slug = "seloste"

[controller]
name = "Tmi Testi"
email = "testi@example.fi"
address = { street = "Katu 1", postal_code = "00100", city = "Helsinki" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = PURPOSE_IDS
"""


def purpose_table(purpose_id: str, basis: str, marketing: bool = False) -> str:
    """A ``[[purposes]]`` table on ``basis``; a legitimate interest is named when it needs one."""
    return textwrap.dedent(
        f"""
        [[purposes]]
        id = "{purpose_id}"
        name = {{ fi = "Tarkoitus {purpose_id}", en = "Purpose {purpose_id}" }}
        legal_basis = "{basis}"
        direct_marketing = {str(marketing).lower()}
        """
    ) + (
        'legitimate_interest = { fi = "Palvelun kehittäminen", en = "Improving the service" }\n'
        if basis == "legitimate_interests"
        else ""
    )


@pytest.fixture
def register_with_purposes(write_register: Callable[..., Path]) -> Callable[..., Register]:
    """Load PURPOSES_BASE with the given (id, legal basis[, direct marketing]) purposes and any
    ``extra`` tables."""

    def make(*purposes: tuple[str, str] | tuple[str, str, bool], extra: str = "") -> Register:
        ids = [p[0] for p in purposes]
        text = PURPOSES_BASE.replace("PURPOSE_IDS", str(ids).replace("'", '"'))
        text += "".join(purpose_table(*p) for p in purposes) + textwrap.dedent(extra)
        return load_register(write_register(text))

    return make


# A small register for stores made up in a test.

MINIMAL = """\
name = { fi = "Testirekisteri", en = "Test register" }
schema_version = 2
[notice]
languages = ["fi", "en"]
version = "1"

[controller]
name = "Testi Oy"
email = "tietosuoja@example.com"

[[purposes]]
id = "service"
name = { fi = "Palvelu", en = "Service" }
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["service"]

[[data_categories]]
id = "notes"
name = { fi = "Muistiinpanot", en = "Notes" }
purposes = ["service"]

[[data_categories]]
id = "files"
name = { fi = "Liitteet", en = "Attachments" }
purposes = ["service"]
"""


@pytest.fixture
def make_register(tmp_path: Path) -> Callable[[str], Path]:
    """Write MINIMAL plus a dedented ``[store]`` block to ``tmp_path/register.toml``."""

    def make(store: str, base: str = MINIMAL) -> Path:
        path = tmp_path / "register.toml"
        path.write_text(base + "\n" + textwrap.dedent(store), encoding="utf-8")
        return path

    return make


# --- database servers ----------------------------------------------------------------------


def server_url(env: str, what: str) -> str:
    url = os.environ.get(env, "").strip()
    if url:
        return url
    message = f"{env} is not set: no {what} server to test against"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (with CI=true a missing server is a failure; see .ci/run)")
    pytest.skip(message)


@pytest.fixture
def pg_admin_url() -> str:
    return server_url(PG_ENV, "PostgreSQL")


@pytest.fixture
def pg_database(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    from sqlalchemy.engine import make_url

    admin = make_url(pg_admin_url)
    name = f"rekisteri_t_{uuid.uuid4().hex[:12]}"
    with _pg_connect(admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with _pg_connect(admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_connect(url: URL) -> Any:
    import psycopg

    return psycopg.connect(_libpq(url), autocommit=True)


def _libpq(url: URL) -> str:
    """A libpq conninfo string from a SQLAlchemy URL."""
    parts = {
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
        "host": url.host or url.query.get("host"),
        "port": url.port,
    }
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def pg_execute(url: str, script: str) -> None:
    """Run a SQL script (several statements) in the database at ``url``."""
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(_libpq(make_url(url)), autocommit=True) as conn:
        conn.execute(script.encode("utf-8"))


def pg_checksums(url: str) -> dict[str, str]:
    """An MD5 of every table's rows, in a stable order: equal before and after = untouched."""
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(_libpq(make_url(url)), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        sums = {}
        for table in tables:
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            assert row is not None
            sums[table] = f"{row[0]}:{row[1]}"
        return sums


@pytest.fixture
def mysql_database() -> Iterator[str]:
    """A fresh MariaDB/MySQL database for one test; dropped afterwards."""
    from sqlalchemy.engine import make_url

    admin = make_url(server_url(MYSQL_ENV, "MariaDB/MySQL"))
    name = f"rekisteri_t_{uuid.uuid4().hex[:12]}"
    connection = _mysql_connect(admin)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    connection.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = _mysql_connect(admin)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        connection.close()


def _mysql_connect(url: URL, database: str | None = None) -> Any:
    import pymysql

    return pymysql.connect(
        host=url.host or "localhost",
        port=url.port or 3306,
        user=url.username,
        password=url.password or "",
        database=database,
        unix_socket=url.query.get("unix_socket"),
        autocommit=True,
        charset="utf8mb4",
    )


def mysql_execute(url: str, script: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    connection = _mysql_connect(parsed, parsed.database)
    with connection.cursor() as cursor:
        for statement in _statements(script):
            cursor.execute(statement)
    connection.close()


def _statements(script: str) -> list[str]:
    """Split a SQL script on the semicolons that end statements (none occur inside strings in
    the scripts the tests load)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip()]


# A store of people matched by email, with one source: the smallest mapping a test builds on.
PEOPLE_MAPPING = """\
[store]
url = "store.sqlite"

[store.subject]
table = "people"
email = "email"

[[store.sources]]
category = "contact"
table = "people"
columns = ["email"]
"""

# The same people with notes linked directly and receipts linked through their invoice: the
# shapes of link that can mix people when keys are not unique or of another type.
LINKED_MAPPING = (
    PEOPLE_MAPPING
    + """
[[store.sources]]
category = "notes"
table = "notes"
columns = ["body"]
subject_column = "person_id"

[[store.sources]]
category = "files"
table = "receipts"
columns = ["label"]
via = [{ column = "invoice_id", references = "invoices.id" }]
subject_column = "person_id"
"""
)


# A register with four lint errors in four sections: a repealed act cited (L08, the notice
# itself), a purpose without a legal basis (L02), the identity code without a ground (L09, data)
# and no complaint route (L07, rights).
FOUR_ERRORS = textwrap.dedent(
    """\
    name = "Client register"
    description = "Drawn up under the Personal Data Act."
    schema_version = 2
    recipients = "none"
    transfers = "none"
    automated_decisions = "none"

    [notice]
    languages = ["en"]
    updated = 2024-01-15

    [controller]
    name = "Tmi Testi"
    address = { street = "Siltakatu 1", postal_code = "05900", city = "Hyvinkää" }
    email = "info@example.fi"

    [[purposes]]
    id = "care"
    name = "Client care"

    [[data_categories]]
    id = "contact"
    name = "Contact details"
    description = "Email and identity code."
    purposes = ["care"]
    retention = "relationship"
    hetu = true
    sources = ["client"]

    [[sources]]
    id = "client"
    name = "The client"
    kind = "data-subject"

    [[retention]]
    id = "relationship"
    period = "P2Y"
    counted_from = "the end of the relationship"

    [security]
    electronic = "A password."

    [rights]
    stated = "derive"
    how_to_exercise = "Email us."
    """
)
