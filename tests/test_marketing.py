"""Who may be sent marketing: consents, withdrawals and bans as events in the demo store."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.register_assert_rewrite("conftest_store")

from conftest_store import STORE_SQL, file_digest, pg_checksums, pg_execute  # noqa: E402
from rekisteri.cli import app  # noqa: E402
from rekisteri.errors import RekisteriError  # noqa: E402
from rekisteri.loading import load_register  # noqa: E402
from rekisteri.marketing import Reason, Verdict, as_moment, marketing_list, parse_moment  # noqa: E402

pytest_plugins = ["conftest_store"]

NOW = datetime(2025, 6, 1, 12, 0)


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def run_apart(*args: object) -> tuple[int, str, str]:
    """Exit code, standard output and standard error, kept apart."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def events(demo_path: Path, *rows: tuple[int, str, str | None, str]) -> None:
    """Add marketing events (client, time, channel, choice) to the demo store of a test."""
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.executemany(
        "INSERT INTO marketing_events (client_id, recorded_at, channel, choice) "
        "VALUES (?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()


def verdicts(demo_path: Path, channel: str, as_of: datetime = NOW) -> dict[int, tuple[str, str]]:
    result = marketing_list(load_register(demo_path), channel, as_of=as_of)
    return {d.key: (d.verdict.value, d.reason.value) for d in result.decisions}


def test_email_in_the_demo_store(demo_path: Path) -> None:
    result = marketing_list(load_register(demo_path), "email", as_of=NOW)
    may = [(d.key, d.address) for d in result.decisions if d.verdict is Verdict.MAY_CONTACT]
    assert may == [
        (2, "mikko.virtanen@example.net"),
        (5, "sanna.nieminen@example.com"),  # stored with capitals and a trailing space
        (6, "pekka.heikkinen@example.net"),
        (10, "jari.lehtinen@example.com"),
        (18, "paivi.karjalainen@example.com"),
        (19, "antti.mattila@example.net"),
    ]
    # Jussi consented to email but has no email address.
    assert [(d.key, d.verdict) for d in result.decisions if d.verdict is Verdict.UNREACHABLE] == [
        (4, Verdict.UNREACHABLE)
    ]


def test_sms_ban_and_landline(demo_path: Path) -> None:
    found = verdicts(demo_path, "sms")
    assert found[9] == ("must_not_contact", "ban")  # consented, then banned
    assert found[11] == ("unreachable", "consent")  # a landline cannot take a text message
    assert found[8] == ("may_contact", "consent")
    assert 2 not in found  # consented to email only: nothing on sms


def test_the_latest_event_decides(demo_path: Path) -> None:
    events(
        demo_path,
        (9, "2024-03-01 09:00:00", "tekstiviesti", "suostumus"),  # consents again after the ban
        (2, "2024-01-10 10:00:00", "sähköposti", "peruutus"),  # withdraws
        (5, "2024-01-10 10:00:00", "sähköposti", "peruutus"),
        (5, "2024-06-01 10:00:00", "sähköposti", "suostumus"),  # and consents again
    )
    sms, email = verdicts(demo_path, "sms"), verdicts(demo_path, "email")
    assert sms[9] == ("may_contact", "consent")
    assert email[2] == ("must_not_contact", "withdrawn")
    assert email[5] == ("may_contact", "consent")


def test_a_refusal_wins_a_tie(demo_path: Path) -> None:
    events(
        demo_path,
        (12, "2024-05-05 10:00:00", "tekstiviesti", "suostumus"),
        (12, "2024-05-05 10:00:00", "tekstiviesti", "kielto"),
        (15, "2024-05-05 10:00:00", "tekstiviesti", "kielto"),
        (15, "2024-05-05 10:00:00", "tekstiviesti", "suostumus"),
    )
    found = verdicts(demo_path, "sms")
    assert found[12] == found[15] == ("must_not_contact", "ban")


def test_a_ban_on_every_channel(demo_path: Path) -> None:
    events(demo_path, (10, "2024-02-02 08:00:00", "", "kielto"))  # no channel: all of them
    assert verdicts(demo_path, "email")[10] == ("must_not_contact", "ban")
    text = demo_path.read_text(encoding="utf-8").replace(
        'consent = "suostumus"', 'every_channel = "kaikki"\nconsent = "suostumus"'
    )
    demo_path.write_text(text, encoding="utf-8")
    events(demo_path, (16, "2024-02-02 08:00:00", "kaikki", "kielto"))
    assert verdicts(demo_path, "sms")[16] == ("must_not_contact", "ban")


def test_events_after_the_moment_do_not_count(demo_path: Path) -> None:
    found = verdicts(demo_path, "sms", as_of=datetime(2023, 12, 1))
    assert found[9] == ("may_contact", "consent")  # the ban came on 12 Dec 2023
    assert 8 not in verdicts(demo_path, "sms", as_of=datetime(2023, 8, 1))


def test_unreadable_times(demo_path: Path) -> None:
    events(
        demo_path,
        (6, "last spring", "sähköposti", "kielto"),
        (13, "?", "sähköposti", "suostumus"),
    )
    result = marketing_list(load_register(demo_path), "email", as_of=NOW)
    found = {d.key: (d.verdict, d.reason) for d in result.decisions}
    assert found[6] == (Verdict.MUST_NOT_CONTACT, Reason.BAN)  # in doubt, no message
    assert 13 not in found  # a consent nobody can date proves nothing
    assert any("no readable time" in w for w in result.warnings)


def test_an_unknown_choice_is_an_error_not_a_guess(demo_path: Path) -> None:
    events(demo_path, (3, "2024-01-01 10:00:00", "sähköposti", "ehkä"))
    with pytest.raises(RekisteriError) as caught:
        marketing_list(load_register(demo_path), "email", as_of=NOW)
    text = str(caught.value)
    assert "holds 'ehkä', which the mapping does not name" in text
    assert "store.marketing.choice" in text and "register.toml:" in text


def test_a_channel_the_notice_does_not_declare_is_refused(demo_path: Path) -> None:
    with pytest.raises(RekisteriError, match="does not declare direct marketing by post"):
        marketing_list(load_register(demo_path), "post", as_of=NOW)
    with pytest.raises(RekisteriError, match="not one of email, sms, post, phone"):
        marketing_list(load_register(demo_path), "fax", as_of=NOW)


def test_soft_opt_in_lets_customers_without_a_choice_be_contacted(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        'consent_model = "prior_consent"', 'consent_model = "soft_opt_in"'
    )
    demo_path.write_text(text, encoding="utf-8")
    found = verdicts(demo_path, "email")
    assert found[1] == ("may_contact", "soft_opt_in")  # Aino: no events at all
    assert found[2] == ("may_contact", "consent")
    assert found[11] == ("unreachable", "soft_opt_in")  # no email address
    assert len(found) == 20


def test_mapping_mistakes_are_located(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace('choice = "choice"', 'choice = "choise"')
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        marketing_list(load_register(demo_path), "email", as_of=NOW)
    assert "store.marketing.choice: table 'marketing_events' has no column 'choise'" in str(
        caught.value
    )


def test_a_value_cannot_be_both_consent_and_ban(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace('ban = "kielto"', 'ban = "suostumus"')
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError, match="'suostumus' is listed both in consent and in ban"):
        load_register(demo_path)


def test_the_store_is_only_read(demo_path: Path) -> None:
    store = demo_path.with_name("asiakkaat.sqlite")
    before = file_digest(store)
    marketing_list(load_register(demo_path), "sms", as_of=NOW)
    assert file_digest(store) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-05 10:00:00", datetime(2024, 5, 5, 10)),
        ("2024-05-05", datetime(2024, 5, 5)),
        ("2024-05-05T10:00:00+03:00", datetime.fromisoformat("2024-05-05T10:00:00+03:00")),
        ("garbage", None),
        (None, None),
    ],
)
def test_times_as_stores_hold_them(value: str | None, expected: datetime | None) -> None:
    assert as_moment(value) == expected


def test_as_of_a_day_means_its_end() -> None:
    assert parse_moment("2024-05-05") == datetime(2024, 5, 5, 23, 59, 59, 999999)
    assert parse_moment("2024-05-05T08:30") == datetime(2024, 5, 5, 8, 30)
    with pytest.raises(RekisteriError, match="is not a date or a time"):
        parse_moment("tomorrow")


# --- the command ----------------------------------------------------------------------------------


def test_cli_marketing_csv(demo_path: Path) -> None:
    code, output, summary = run_apart(
        "marketing", demo_path, "--channel", "sms", "--as-of", "2025-06-01"
    )
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(r["subject"], r["status"]) for r in rows] == [
        ("8", "may_contact"),
        ("12", "may_contact"),
        ("15", "may_contact"),
        ("16", "may_contact"),
        ("9", "must_not_contact"),
        ("11", "unreachable"),
    ]
    assert rows[0]["address"] == "+358407712290" and rows[4]["reason"] == "ban"
    assert summary == "sms: 4 may be contacted, 1 must not, 1 have no usable address\n"


def test_cli_marketing_writes_a_private_file(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "lista.csv"
    code, output = run("marketing", demo_path, "--channel", "email", "-o", target)
    assert code == 0, output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("subject,name,address,status")
    code, output = run("marketing", demo_path, "--channel", "email", "-o", target)
    assert code == 1 and "already exists" in output


def test_cli_marketing_bad_input(demo_path: Path) -> None:
    code, output = run("marketing", demo_path, "--channel", "fax")
    assert code == 2 and "Traceback" not in output
    code, output = run("marketing", demo_path, "--channel", "email", "--as-of", "eilen")
    assert code == 1 and "is not a date or a time" in output


def test_postgresql_gives_the_same_list(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = load_register(demo_path)
    expected = marketing_list(register, "sms", as_of=NOW).to_csv()
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    assert marketing_list(register, "sms", as_of=NOW).to_csv() == expected
    assert pg_checksums(pg_database) == before


def test_mariadb_gives_the_same_list(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest_store import mysql_execute

    register = load_register(demo_path)
    expected = marketing_list(register, "email", as_of=NOW).to_csv()
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    assert marketing_list(register, "email", as_of=NOW).to_csv() == expected
