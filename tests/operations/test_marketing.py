"""Who may be sent marketing: consents, withdrawals and bans as events in the demo store."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.operations.marketing import (
    Decision,
    MarketingList,
    Reason,
    Verdict,
    marketing_list,
    parse_moment,
    read_time,
)
from rekisteri.register.loading import load_register
from store_fixtures import STORE_SQL, file_digest, pg_checksums, pg_execute

NOW = datetime(2025, 6, 1, 12, 0)


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def run_apart(*args: object) -> tuple[int, str, str]:
    """Exit code, standard output and standard error, kept apart."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def events(demo_path: Path, *rows: tuple[int | None, str | None, str | None, str | None]) -> None:
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


def test_a_channel_the_notice_does_not_declare_is_refused(demo_path: Path) -> None:
    with pytest.raises(RekisteriError, match="does not declare direct marketing by post"):
        marketing_list(load_register(demo_path), "post", as_of=NOW)
    with pytest.raises(RekisteriError, match="not one of email, sms, post, phone"):
        marketing_list(load_register(demo_path), "fax", as_of=NOW)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ('direct_marketing = "none"\n', "states that it does no direct marketing"),
        ("", "does not state direct marketing"),
    ],
    ids=["stated none", "not stated"],
)
def test_no_list_without_stated_marketing(demo_path: Path, statement: str, message: str) -> None:
    text = demo_path.read_text(encoding="utf-8")
    start = text.index("[direct_marketing]\n")
    end = text.index("\n[", start + 1) + 1
    text = text[:start] + text[end:]
    text = text.replace("schema_version = 2\n", "schema_version = 2\n" + statement, 1)
    demo_path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        marketing_list(load_register(demo_path), "email", as_of=NOW)
    [diagnostic] = caught.value.diagnostics
    assert message in diagnostic.message and diagnostic.path == "direct_marketing"
    # The hint says what to write; a "none" is located at its line.
    assert "[direct_marketing]" in diagnostic.hint and 'channels = ["email"]' in diagnostic.hint
    assert (diagnostic.line is not None) == bool(statement)


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


def test_a_register_without_a_marketing_mapping(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8")
    start, end = text.index("[store.marketing]"), text.index("# `rekisteri feedback`")
    demo_path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        marketing_list(load_register(demo_path), "email", as_of=NOW)
    # The words are shared with feedback (operations/store_tables.py); they stay these.
    assert str(caught.value) == (
        f"{demo_path}: the register has no [store.marketing] table, so rekisteri does not know "
        "where the consents and bans are"
        "\n    hint: add [store.marketing] with table, subject_column, recorded_at, channel, "
        "choice, channels, consent and ban; see examples/terhi-kallio/register.toml"
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


HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-05 10:00:00", datetime(2024, 5, 5, 7, tzinfo=UTC)),  # summer time, +03:00
        ("2024-01-05 10:00", datetime(2024, 1, 5, 8, tzinfo=UTC)),  # winter time, +02:00
        (" 2024-05-05 ", datetime(2024, 5, 4, 21, tzinfo=UTC)),
        ("2024-05-05T10:00:00+00:00", datetime(2024, 5, 5, 10, tzinfo=UTC)),
        ("2024-05-05T10:00:00Z", datetime(2024, 5, 5, 10, tzinfo=UTC)),
        (datetime(2024, 5, 5, 10), datetime(2024, 5, 5, 7, tzinfo=UTC)),  # DATETIME, timestamp
        (datetime(2024, 5, 5, 10, tzinfo=UTC), datetime(2024, 5, 5, 10, tzinfo=UTC)),
        (date(2024, 5, 5), datetime(2024, 5, 4, 21, tzinfo=UTC)),
        ("garbage", None),
        ("", None),
        (None, None),
        (1714550400, None),  # a number could be seconds or days: not guessed
    ],
)
def test_times_as_stores_hold_them(value: object, expected: datetime | None) -> None:
    read = read_time(value, HELSINKI)
    assert (read and read[0]) == expected and (read and read[1]) == expected


def test_a_missing_hour_and_a_repeated_one_have_two_readings() -> None:
    assert read_time("2024-10-27 03:30", HELSINKI) == (
        datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
        datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
    )
    assert read_time("2024-03-31 03:30", HELSINKI) == (  # clocks jumped from 03:00 to 04:00
        datetime(2024, 3, 31, 0, 30, tzinfo=UTC),
        datetime(2024, 3, 31, 1, 30, tzinfo=UTC),
    )


def test_as_of_a_day_means_its_end() -> None:
    assert parse_moment("2024-05-05") == datetime(2024, 5, 5, 23, 59, 59, 999999)
    assert parse_moment("2024-05-05T08:30") == datetime(2024, 5, 5, 8, 30)
    with pytest.raises(RekisteriError, match="is not a date or a time"):
        parse_moment("tomorrow")


# --- spellings, unknown values and time zones ------------------------------------------------


def loosen(demo_path: Path) -> None:
    """Drop the demo table's NOT NULL constraints, as a store made by hand may lack them."""
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.executescript(
        """
        CREATE TABLE loose (id INTEGER PRIMARY KEY, client_id, recorded_at, channel, choice);
        INSERT INTO loose SELECT id, client_id, recorded_at, channel, choice FROM marketing_events;
        DROP TABLE marketing_events;
        ALTER TABLE loose RENAME TO marketing_events;
        """
    )
    connection.commit()
    connection.close()


def edit_register(demo_path: Path, old: str, new: str) -> None:
    text = demo_path.read_text(encoding="utf-8")
    assert old in text
    demo_path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refusal(demo_path: Path, channel: str = "email") -> str:
    with pytest.raises(RekisteriError) as caught:
        marketing_list(load_register(demo_path), channel, as_of=NOW)
    return str(caught.value)


def test_bans_in_other_spellings_still_apply(demo_path: Path) -> None:
    events(
        demo_path,
        (2, "2024-01-10 10:00:00", "SÄHKÖPOSTI ", "kielto"),
        (5, "2024-01-10 10:00:00", "Sähköposti\u00a0", "KIELTO"),
        (6, "2024-01-10 10:00:00", "\tsa\u0308hko\u0308posti", " Kielto\u2003"),  # NFD, em space
        (10, "2024-01-10 10:00:00", "sähkö\u00a0 posti", "kielto"),  # not the same word
    )
    with pytest.raises(RekisteriError, match="holds 'sähkö\\\\xa0 posti'"):
        marketing_list(load_register(demo_path), "email", as_of=NOW)
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.execute("DELETE FROM marketing_events WHERE client_id = 10 AND choice = 'kielto'")
    connection.commit()
    connection.close()
    found = verdicts(demo_path, "email")
    assert found[2] == found[5] == found[6] == ("must_not_contact", "ban")
    assert found[10] == ("may_contact", "consent")


def test_a_value_table_in_three_languages(demo_path: Path) -> None:
    edit_register(
        demo_path,
        'channels = { email = "sähköposti", sms = "tekstiviesti" }',
        'channels = { email = ["Sähköposti", "e-mail", "e-post"], '
        'sms = ["tekstiviesti", "SMS", "textmeddelande"] }',
    )
    edit_register(demo_path, 'ban = "kielto"', 'ban = ["kielto", "ban", "förbud"]')
    edit_register(demo_path, 'consent = "suostumus"', 'consent = ["suostumus", "samtycke"]')
    events(
        demo_path,
        (2, "2024-01-10 10:00:00", "E-Mail", "Ban"),
        (8, "2024-01-10 10:00:00", "TEXTMEDDELANDE", "FÖRBUD"),
        (3, "2024-01-10 10:00:00", "e-post", "Samtycke"),
        (3, "2024-01-10 10:00:00", "sms", "samtycke"),
    )
    email, sms = verdicts(demo_path, "email"), verdicts(demo_path, "sms")
    assert email[2] == ("must_not_contact", "ban")
    assert email[3] == ("may_contact", "consent")
    assert sms[8] == ("must_not_contact", "ban")
    assert sms[3] == ("unreachable", "consent")  # Liisa's number is a landline


def test_mapping_values_that_differ_only_in_spelling_are_refused(demo_path: Path) -> None:
    edit_register(demo_path, 'consent = "suostumus"', 'consent = ["suostumus", "Kielto "]')
    with pytest.raises(
        RekisteriError, match=r"'kielto' is listed both in consent \(as 'Kielto'\) and in ban"
    ):
        load_register(demo_path)


def test_a_channel_value_in_two_channels_is_refused(demo_path: Path) -> None:
    edit_register(
        demo_path,
        'sms = "tekstiviesti" }',
        'sms = ["tekstiviesti", "SÄHKÖPOSTI"] }',
    )
    with pytest.raises(RekisteriError) as caught:
        load_register(demo_path)
    assert (
        "'SÄHKÖPOSTI' is listed both in channels.email (as 'sähköposti') and in channels.sms"
        in str(caught.value)
    )
    assert "Value error" not in str(caught.value)


def test_an_unknown_channel_value_is_an_error(demo_path: Path, tmp_path: Path) -> None:
    events(
        demo_path,
        (2, "2024-01-10 10:00:00", "sahkoposti", "kielto"),
        (6, "2024-01-10 10:00:00", "sahkoposti", "kielto"),
        (7, "2024-01-10 10:00:00", "kirje", "kielto"),  # a channel the mapping has no word for
    )
    # Listing text messages does not make a ban on another channel any less unreadable.
    text = refusal(demo_path, "sms")
    assert "store.marketing.channel" in text and "register.toml:" in text
    assert "'marketing_events.channel' holds 'sahkoposti' in 2 rows" in text
    assert "'marketing_events.channel' holds 'kirje' in 1 row," in text
    assert "did you mean 'sähköposti' (email)?" in text
    assert "the mapping accepts 'sähköposti' (email), 'tekstiviesti' (sms)" in text
    assert (
        "add it to channels, or to every_channel if it means every channel, e.g. "
        'email = ["sähköposti", "sahkoposti"]'
    ) in text
    target = tmp_path / "lista.csv"
    code, output = run("marketing", demo_path, "--channel", "sms", "-o", target)
    assert code == 1 and "holds 'kirje'" in output and "Traceback" not in output
    assert not target.exists()


def test_many_unknown_values_are_counted_not_all_printed(demo_path: Path) -> None:
    events(demo_path, *((3, "2024-01-10 10:00:00", f"kanava {n:02}", "kielto") for n in range(12)))
    text = refusal(demo_path)
    assert "holds 'kanava 09'" in text and "holds 'kanava 10'" not in text
    assert (
        "'marketing_events.channel' holds 2 more values the mapping does not name, in 2 rows"
        in (text)
    )


def test_an_unknown_choice_is_an_error_not_a_guess(demo_path: Path) -> None:
    events(
        demo_path,
        (3, "2024-01-01 10:00:00", "sähköposti", "ehkä"),
        (4, "2024-01-01 10:00:00", "sähköposti", "kiellto"),
        (5, "2024-01-01 10:00:00", "sähköposti", "kiellto"),
    )
    text = refusal(demo_path, "sms")  # the events are on email: still an error
    assert "store.marketing.choice" in text and "register.toml:" in text
    assert "'marketing_events.choice' holds 'ehkä' in 1 row, a choice the mapping does not" in text
    assert "'marketing_events.choice' holds 'kiellto' in 2 rows" in text
    assert "did you mean 'kielto' (ban)?" in text
    assert "the mapping accepts 'suostumus' (consent), 'peruutus' (withdrawal), 'kielto' (ban)" in (
        text
    )
    assert 'add it to consent, withdrawal or ban, e.g. ban = ["kielto", "kiellto"]' in text
    assert 'e.g. <consent, withdrawal or ban> = ["ehkä"]' in text


def test_an_empty_choice_is_an_error(demo_path: Path) -> None:
    loosen(demo_path)
    events(demo_path, (3, "2024-01-01 10:00:00", "sähköposti", None))
    events(demo_path, (4, "2024-01-01 10:00:00", "sähköposti", " "))
    text = refusal(demo_path)
    assert "'marketing_events.choice' is empty (NULL or blank) in 2 rows" in text


def test_a_ban_without_a_channel_blocks_every_channel(demo_path: Path) -> None:
    loosen(demo_path)
    events(
        demo_path,
        (8, "2024-02-02 08:00:00", None, "kielto"),
        (2, "2024-02-02 08:00:00", None, "peruutus"),
        (19, "2024-02-02 08:00:00", " \u00a0", "kielto"),
    )
    assert verdicts(demo_path, "sms")[8] == ("must_not_contact", "ban")
    email = verdicts(demo_path, "email")
    assert email[8] == ("must_not_contact", "ban")
    assert email[2] == ("must_not_contact", "withdrawn")
    assert email[19] == ("must_not_contact", "ban")


def test_a_consent_without_a_channel_gives_no_consent(demo_path: Path) -> None:
    loosen(demo_path)
    events(
        demo_path,
        (1, "2024-02-02 08:00:00", None, "suostumus"),  # Aino: no other event
        (9, "2024-03-02 08:00:00", "", "suostumus"),  # after the ban on sms
    )
    result = marketing_list(load_register(demo_path), "sms", as_of=NOW)
    found = {d.key: (d.verdict.value, d.reason.value) for d in result.decisions}
    assert 1 not in found
    assert found[9] == ("must_not_contact", "ban")
    assert any("2 consent(s) name no channel" in w for w in result.warnings)
    assert 1 not in verdicts(demo_path, "email")
    # A consent on every channel is given only by a value the mapping names for it.
    edit_register(
        demo_path, 'consent = "suostumus"', 'every_channel = "kaikki"\nconsent = "suostumus"'
    )
    events(demo_path, (1, "2024-02-03 08:00:00", "Kaikki", "suostumus"))
    assert verdicts(demo_path, "email")[1] == ("may_contact", "consent")


def test_a_ban_without_a_person_is_an_error(demo_path: Path) -> None:
    loosen(demo_path)
    events(demo_path, (None, "2024-02-02 08:00:00", "sähköposti", "kielto"))
    text = refusal(demo_path)
    assert "1 ban or withdrawal in 'marketing_events' names no one" in text


def test_choices_keyed_as_text_are_not_lost(demo_path: Path) -> None:
    loosen(demo_path)
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.execute(
        "INSERT INTO marketing_events (client_id, recorded_at, channel, choice) "
        "VALUES ('8', '2024-02-02 08:00:00', 'tekstiviesti', 'kielto')"
    )
    connection.commit()
    connection.close()
    text = refusal(demo_path, "sms")
    assert "'marketing_events.client_id' holds '8' (text)" in text
    assert "'clients.id' holds 8 (integer)" in text


def test_times_in_different_zones_are_compared_as_moments(demo_path: Path) -> None:
    events(
        demo_path,
        # 10:00 UTC is after 11:00 in Helsinki summer time (08:00 UTC) and 11:00+02:00 (09:00 UTC).
        (8, "2024-05-01T10:00:00+00:00", "tekstiviesti", "kielto"),
        (8, "2024-05-01T11:00:00+02:00", "tekstiviesti", "suostumus"),
        (12, "2024-05-01T10:00:00Z", "tekstiviesti", "kielto"),
        (12, "2024-05-01 11:00", "tekstiviesti", "suostumus"),  # naive: Helsinki, 08:00 UTC
        (15, "2024-05-01T10:00:00+00:00", "tekstiviesti", "kielto"),
        (15, "2024-05-01T13:30:00+02:00", "tekstiviesti", "suostumus"),  # 11:30 UTC
    )
    result = marketing_list(load_register(demo_path), "sms", as_of=NOW)
    found = {d.key: d for d in result.decisions}
    assert (found[8].verdict, found[8].reason) == (Verdict.MUST_NOT_CONTACT, Reason.BAN)
    assert (found[12].verdict, found[12].reason) == (Verdict.MUST_NOT_CONTACT, Reason.BAN)
    assert (found[15].verdict, found[15].reason) == (Verdict.MAY_CONTACT, Reason.CONSENT)
    # Shown in the store's zone, with its offset.
    assert found[8].decided_at == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert str(found[8].decided_at) == "2024-05-01 13:00:00+03:00"
    rows = {r["subject"]: r for r in csv.DictReader(io.StringIO(result.to_csv()))}
    assert rows["9"]["decided_at"] == "2023-12-12 12:00:00+02:00"


def test_naive_times_are_read_in_the_declared_zone(demo_path: Path) -> None:
    events(
        demo_path,
        (8, "2024-05-01 11:00:00", "tekstiviesti", "suostumus"),
        (8, "2024-05-01T12:00:00+03:00", "tekstiviesti", "kielto"),  # 09:00 UTC
    )
    # In Helsinki 11:00 is 08:00 UTC, before the ban; in UTC it is after it.
    assert verdicts(demo_path, "sms")[8] == ("must_not_contact", "ban")
    edit_register(demo_path, "[store.subject]", 'time_zone = "UTC"\n\n[store.subject]')
    assert verdicts(demo_path, "sms")[8] == ("may_contact", "consent")
    edit_register(demo_path, 'time_zone = "UTC"', 'time_zone = "America/New_York"')
    assert verdicts(demo_path, "sms")[8] == ("may_contact", "consent")  # 15:00 UTC


def test_the_moment_asked_is_read_in_the_zone_too(demo_path: Path) -> None:
    events(demo_path, (8, "2024-05-01 12:00:00", "tekstiviesti", "kielto"))  # 09:00 UTC
    assert verdicts(demo_path, "sms", as_of=datetime(2024, 5, 1, 12, 30))[8][1] == "ban"
    assert verdicts(demo_path, "sms", as_of=datetime(2024, 5, 1, 11, 30))[8][1] == "consent"
    late = datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    assert verdicts(demo_path, "sms", as_of=late)[8][1] == "ban"
    early = datetime(2024, 5, 1, 8, 59, tzinfo=UTC)
    assert verdicts(demo_path, "sms", as_of=early)[8][1] == "consent"


def test_now_is_now_in_every_zone(demo_path: Path) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    events(demo_path, (8, an_hour_ago.isoformat(), "tekstiviesti", "kielto"))
    found = {d.key: d for d in marketing_list(load_register(demo_path), "sms").decisions}
    assert found[8].reason is Reason.BAN
    assert found[8].decided_at == an_hour_ago


def test_a_repeated_hour_is_read_against_the_consent(demo_path: Path) -> None:
    # 03:30 on 27 Oct 2024 happened twice in Helsinki (00:30 and 01:30 UTC).
    events(
        demo_path,
        (8, "2024-10-27 03:30:00", "tekstiviesti", "kielto"),
        (8, "2024-10-27T01:00:00+00:00", "tekstiviesti", "suostumus"),
        (12, "2024-10-27 03:30:00", "tekstiviesti", "suostumus"),
        (12, "2024-10-27T01:00:00+00:00", "tekstiviesti", "kielto"),
    )
    found = verdicts(demo_path, "sms")
    assert found[8] == ("must_not_contact", "ban")  # the ban may be the later 03:30
    assert found[12] == ("must_not_contact", "ban")  # the consent may be the earlier one


def test_an_unreadable_time_is_an_error(demo_path: Path) -> None:
    loosen(demo_path)
    events(
        demo_path,
        (6, "last spring", "sähköposti", "kielto"),
        (13, "?", "sähköposti", "suostumus"),
        (14, None, "tekstiviesti", "suostumus"),
    )
    text = refusal(demo_path, "sms")
    assert "store.marketing.recorded_at" in text
    assert (
        "'marketing_events.recorded_at' holds 2 values that are not times, e.g. 'last spring'"
        in (text)
    )
    assert "'marketing_events.recorded_at' is empty in 1 row" in text
    assert "Europe/Helsinki" in text


def test_the_time_zone_must_be_a_zone_name(demo_path: Path) -> None:
    edit_register(
        demo_path, "[store.subject]", 'time_zone = "Europe/Helsingfors"\n\n[store.subject]'
    )
    with pytest.raises(RekisteriError) as caught:
        load_register(demo_path)
    text = str(caught.value)
    assert "store.time_zone: 'Europe/Helsingfors' is not an IANA time zone name" in text
    assert "did you mean 'Europe/Helsinki'?" in text
    edit_register(demo_path, "Europe/Helsingfors", "localtime")
    with pytest.raises(RekisteriError, match="differs from one machine to another"):
        load_register(demo_path)
    edit_register(demo_path, '"localtime"', '"europe/helsinki"')
    with pytest.raises(RekisteriError, match="did you mean 'Europe/Helsinki'"):
        load_register(demo_path)


def test_a_missing_time_zone_database_is_a_clear_error(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zoneinfo

    import rekisteri.operations.marketing

    def no_data(key: str) -> ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {key}")

    monkeypatch.setattr(rekisteri.operations.marketing, "ZoneInfo", no_data)
    with pytest.raises(RekisteriError, match=r"no 'Europe/Helsinki'.*Debian package tzdata"):
        marketing_list(load_register(demo_path), "sms", as_of=NOW)


def test_a_formula_in_a_name_is_neutralised(demo_path: Path) -> None:
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.execute(
        'UPDATE clients SET first_name = \'=HYPERLINK("http://x.example","klik")\', '
        "last_name = '' WHERE id = 8"
    )
    connection.execute("UPDATE clients SET first_name = '@SUM(1+1)' WHERE id = 12")
    connection.commit()
    connection.close()
    result = marketing_list(load_register(demo_path), "sms", as_of=NOW)
    rows = {r["subject"]: r for r in csv.DictReader(io.StringIO(result.to_csv()))}
    assert rows["8"]["name"] == '\'=HYPERLINK("http://x.example","klik")'
    assert rows["12"]["name"] == "'@SUM(1+1) Hämäläinen"
    assert rows["15"]["name"] == "Tuula Kinnunen"
    # A phone number is a number to a spreadsheet, and a texting tool needs it as written.
    assert rows["8"]["address"] == "+358407712290"
    # The decision itself keeps the raw value.
    assert next(d.name for d in result.decisions if d.key == 8).startswith("=HYPERLINK")


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
    assert summary == (
        "sms: yhteyttä saa ottaa: 4, ei saa ottaa: 1, ei käyttökelpoista osoitetta: 1\n"
    )


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
    from store_fixtures import mysql_execute

    register = load_register(demo_path)
    expected = marketing_list(register, "email", as_of=NOW).to_csv()
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    assert marketing_list(register, "email", as_of=NOW).to_csv() == expected


ZONED_EVENTS = (
    (8, "2024-05-01T10:00:00+00:00", "tekstiviesti", "kielto"),
    (8, "2024-05-01T11:00:00+02:00", "tekstiviesti", "suostumus"),  # 09:00 UTC: the ban wins
    (12, "2024-05-01 11:00:00", "tekstiviesti", "suostumus"),  # Helsinki: 08:00 UTC
    (12, "2024-05-01T09:00:00+00:00", "tekstiviesti", "kielto"),
    (15, "2024-05-01T10:00:00+00:00", "tekstiviesti", "kielto"),
    (15, "2024-05-01 14:00:00", "tekstiviesti", "suostumus"),  # Helsinki: 11:00 UTC
)


def _pg_time(at: str) -> str:
    if "+" in at:
        return f"timestamptz '{at}'"
    return f"timestamp '{at}' AT TIME ZONE 'Europe/Helsinki'"


def test_postgresql_timestamptz_and_naive_text_give_the_same_list(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    events(demo_path, *ZONED_EVENTS)
    register = load_register(demo_path)
    expected = marketing_list(register, "sms", as_of=NOW).to_csv()
    statuses = {r["subject"]: r["status"] for r in csv.DictReader(io.StringIO(expected))}
    assert [statuses[key] for key in ("8", "12", "15")] == [
        "must_not_contact",
        "must_not_contact",
        "may_contact",
    ]
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    values = ", ".join(
        f"({100 + n}, {key}, {_pg_time(at)}, '{channel}', '{choice}')"
        for n, (key, at, channel, choice) in enumerate(ZONED_EVENTS)
    )
    # timestamptz comes back in the server's zone, which must not matter.
    pg_execute(
        pg_database,
        f"""
        ALTER DATABASE "{make_url(pg_database).database}"
            SET timezone = 'America/Los_Angeles';
        ALTER TABLE marketing_events ALTER COLUMN recorded_at TYPE timestamptz
            USING recorded_at AT TIME ZONE 'Europe/Helsinki';
        INSERT INTO marketing_events (id, client_id, recorded_at, channel, choice) VALUES {values};
        """,
    )
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    before = pg_checksums(pg_database)
    assert marketing_list(register, "sms", as_of=NOW).to_csv() == expected
    assert pg_checksums(pg_database) == before
    # The same times as text: naive ones in Helsinki, two with their offset.
    pg_execute(
        pg_database,
        """
        ALTER TABLE marketing_events ALTER COLUMN recorded_at TYPE text
            USING to_char(recorded_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM-DD HH24:MI:SS');
        UPDATE marketing_events SET recorded_at = '2024-05-01T10:00:00+00:00'
            WHERE recorded_at = '2024-05-01 13:00:00';
        """,
    )
    assert marketing_list(register, "sms", as_of=NOW).to_csv() == expected


def test_a_line_break_in_a_name_stays_inside_its_cell() -> None:
    # A store's name or address may hold a carriage return; unquoted, a spreadsheet or
    # csv.reader ends the row there and the person's cells spill into a row of their own.
    result = MarketingList("sms", NOW)
    for key, name in ((1, "Aino\rVirtanen"), (2, "Eino\r\nLeino"), (3, "Ulla\nUusi")):
        result.decisions.append(
            Decision(key, name, "+358401234567", Verdict.MAY_CONTACT, Reason.CONSENT, None)
        )
    rows = list(csv.DictReader(io.StringIO(result.to_csv(), newline="")))
    assert [row["name"] for row in rows] == ["Aino\rVirtanen", "Eino\r\nLeino", "Ulla\nUusi"]
    assert result.to_csv().startswith("subject,name,address,status,reason,decided_at\n")
