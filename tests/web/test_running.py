"""Running the register in the local app (issue 18, item 6): who is past retention, the
marketing list of a channel, the feedback for the homepage and the store's drift, each page
showing what its command reports for the same register and day, and the downloads the very
bytes the commands print. The store is only read: it is byte-identical after every test."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rekisteri.access.store import check_store
from rekisteri.cli import app as cli
from rekisteri.documents.i18n import translations
from rekisteri.operations import service
from rekisteri.operations.retention_sweep import format_text
from rekisteri.register.loading import load_register
from rekisteri.web import running
from rekisteri.web.guard import COOKIE
from store_fixtures import build_sqlite
from web_client import Answer, Browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# The store as the test last wrote it, by path: after the test, the pages must have left it so.
_WRITTEN: dict[Path, bytes] = {}


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Path]:
    """The therapist's register and its SQLite store; the store must be unchanged after."""
    folder = tmp_path / "terhi-kallio"
    folder.mkdir()
    shutil.copyfile(EXAMPLES / "terhi-kallio" / "register.toml", folder / "register.toml")
    store = folder / "asiakkaat.sqlite"
    build_sqlite(store, (EXAMPLES / "terhi-kallio" / "store.sql").read_text(encoding="utf-8"))
    _WRITTEN[store] = store.read_bytes()
    yield folder / "register.toml"
    written = _WRITTEN.pop(store)
    if store.exists():
        assert store.read_bytes() == written, "a page changed the store"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("asiakkaat")) in (
        ["asiakkaat.sqlite"],
        [],
    ), "a reader left files beside the store"


def _write_store(register: Path, statement: str, *values: object) -> None:
    """Change the store as its own program would, before the pages read it."""
    store = register.with_name("asiakkaat.sqlite")
    connection = sqlite3.connect(store)
    try:
        connection.execute(statement, values)
        connection.commit()
    finally:
        connection.close()
    _WRITTEN[store] = store.read_bytes()


@pytest.fixture
def browser(register: Path) -> Browser:
    return Browser(register)


def _get(browser: Browser, path: str, lang: str = "en") -> Answer:
    cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
    return browser.request("GET", path, headers={"cookie": cookie})


def _main(answer: Answer) -> str:
    """The page's <main>, its text unescaped, tags kept."""
    found = re.search(r"<main[^>]*>(.*)</main>", answer.text, re.DOTALL)
    assert found, answer.text
    return html.unescape(found.group(1))


def _cli(*argv: str) -> str:
    result = runner.invoke(cli, list(argv))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _status(lang: str) -> Any:
    return translations(lang, "status")


# --- the overview ------------------------------------------------------------------------------


def test_the_overview_links_the_four_pages(browser: Browser) -> None:
    answer = _get(browser, "/running")
    assert answer.status == 200
    for path in ("retention", "marketing", "feedback", "drift"):
        assert f'href="/running/{path}"' in answer.text
    assert "<h1>Running the register</h1>" in answer.text


# --- retention ---------------------------------------------------------------------------------


def test_retention_shows_per_category_the_people_and_rows_the_command_reports(
    browser: Browser, register: Path
) -> None:
    answer = _get(browser, "/running/retention?as_of=2026-12-03")
    assert answer.status == 200
    page = _main(answer)
    swept = service.retention(register, as_of="2026-12-03")
    assert swept.report.rows > 0  # the example has people past retention on this day
    text = format_text(swept.report, swept.register, "en")
    for line in text.splitlines():
        assert line.strip() in page, line
    for category in swept.report.categories:
        for subject in category.due:
            assert f'<th scope="row">{subject.key}</th><td>{subject.rows}</td>' in page
    assert "This report deletes nothing" in page
    assert 'value="2026-12-03"' in page


def test_retention_on_another_day_is_that_days_sweep(browser: Browser, register: Path) -> None:
    page = _main(_get(browser, "/running/retention?as_of=14.3.2025"))
    report = service.retention(register, as_of="2025-03-14").report
    assert 'value="2025-03-14"' in page
    shown = re.findall(r'<th scope="row">', page)
    assert len(shown) == sum(len(category.due) for category in report.categories)


def test_today_is_the_default_day(browser: Browser, register: Path) -> None:
    page = _main(_get(browser, "/running/retention"))
    assert f'value="{date.today().isoformat()}"' in page


def test_the_retention_csv_is_the_commands_bytes(browser: Browser, register: Path) -> None:
    answer = _get(browser, "/running/retention.csv?as_of=2026-12-03")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith("attachment;")
    printed = _cli("retention", "--format", "csv", "--as-of", "2026-12-03", str(register))
    assert answer.body == printed.encode("utf-8")
    assert answer.body.count(b"\n") > 10


@pytest.mark.parametrize("path", ["/running/retention", "/running/retention.csv"])
def test_a_day_that_is_not_a_date_is_refused_at_its_field(browser: Browser, path: str) -> None:
    answer = _get(browser, f"{path}?as_of=31.13.2025")
    assert answer.status == 400
    page = _main(answer)
    assert 'aria-invalid="true"' in page and 'aria-describedby="as_of-hint as_of-error"' in page
    assert re.search(r'id="as_of-error"[^>]*>\'31\.13\.2025\' is not a date', page)
    assert "<table" not in page  # nothing is swept for a day that is not one


# --- marketing ---------------------------------------------------------------------------------


def test_marketing_offers_the_channels_of_the_store(browser: Browser, register: Path) -> None:
    answer = _get(browser, "/running/marketing")
    assert answer.status == 200
    mapping = load_register(register).store
    assert mapping is not None and mapping.marketing is not None
    offered = re.findall(r'<option value="([a-z]+)"', _main(answer))
    assert offered == list(mapping.marketing.channels)
    assert "<table" not in answer.text  # no list until a channel is chosen


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_marketing_shows_who_may_and_who_must_not_be_contacted(
    browser: Browser, register: Path, channel: str
) -> None:
    answer = _get(browser, f"/running/marketing?channel={channel}")
    assert answer.status == 200
    page = _main(answer)
    result = service.marketing(register, channel)
    assert result.decisions
    assert result.summary(_status("en")) in page
    for decision in result.decisions:
        row = f'<th scope="row">{decision.key}</th><td>{decision.name}</td><td>{decision.address}'
        assert row in page
    for warning in result.warnings:
        assert warning in page
    assert f'<option value="{channel}" selected>' in page


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_the_marketing_csv_is_the_commands_bytes(
    browser: Browser, register: Path, channel: str
) -> None:
    answer = _get(browser, f"/running/marketing.csv?channel={channel}")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="marketing-{channel}.csv"'
    )
    printed = _cli("marketing", "--channel", channel, str(register))
    assert answer.body == printed.encode("utf-8")


@pytest.mark.parametrize(
    "path", ["/running/marketing?channel=fax", "/running/marketing.csv?channel=post"]
)
def test_a_channel_the_store_does_not_have_is_refused_at_its_field(
    browser: Browser, path: str
) -> None:
    answer = _get(browser, path)
    assert answer.status == 400
    page = _main(answer)
    assert 'aria-invalid="true" aria-describedby="channel-error"' in page
    assert "is not a channel of the store" in page
    assert "<table" not in page


def test_a_channel_the_register_does_not_declare_is_the_librarys_refusal(register: Path) -> None:
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace('channels = ["sms", "email"]', 'channels = ["sms"]'), encoding="utf-8"
    )
    answer = _get(Browser(register), "/running/marketing?channel=email")
    assert answer.status == 200
    page = _main(answer)
    assert "This page needs a change in the register first" in page
    assert "does not declare direct marketing by email" in page and 'href="/editor"' in page
    assert "<table" not in page


def test_a_download_without_a_channel_asks_for_one(browser: Browser) -> None:
    answer = _get(browser, "/running/marketing.csv")
    assert answer.status == 400 and "Choose a channel." in answer.text


# --- feedback ----------------------------------------------------------------------------------


def _add_feedback(register: Path, comment: str) -> None:
    """One more publishable answer in the store, written before the pages read it."""
    _write_store(
        register,
        "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish)"
        " VALUES (1, '2026-11-30', 5, ?, TRUE)",
        comment,
    )


def test_feedback_shows_each_answer_and_what_was_removed(register: Path) -> None:
    _add_feedback(
        register,
        "Terhi auttoi minua paljon, kiitos hyvistä keskusteluista ja rauhallisesta "
        "vastaanotosta. Soittakaa numeroon 040 123 4567.",
    )
    browser = Browser(register)
    answer = _get(browser, "/running/feedback")
    assert answer.status == 200
    page = _main(answer)
    export = service.feedback(register, lang="en")
    assert export.summary(_status("en")) in page
    assert len(re.findall(r'<th scope="row">\d+</th>', page)) == len(export.reviewed)
    removed = [r for item in export.reviewed for r in item.scrubbed.removals]
    assert removed, "the added answer has a phone number to remove"
    for removal in removed:
        assert f"<del>{removal.text}</del>" in page
    assert "phone number: " in page  # the kind, in the words of `feedback --review`
    for item in export.reviewed:
        if item.outcome == "published":
            assert item.scrubbed.text in page


def test_the_snippet_is_shown_as_text_and_downloads_as_the_commands_bytes(
    browser: Browser, register: Path
) -> None:
    answer = _get(browser, "/running/feedback")
    snippet = service.feedback(register, lang="en").html
    assert "<" in snippet
    code = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", answer.text, re.DOTALL)
    assert code and "<" not in code.group(1) and html.unescape(code.group(1)) == snippet
    assert snippet.strip() not in answer.text  # never injected as HTML
    download = _get(browser, "/running/feedback.html")
    assert download.status == 200
    assert download.headers["content-type"] == "text/html; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="feedback.en.html"'
    assert download.body == _cli("feedback", "--lang", "en", str(register)).encode("utf-8")


def test_the_snippet_is_in_the_registers_language_nearest_the_interface(
    browser: Browser, register: Path
) -> None:
    # The register speaks fi and en: a Swedish interface gets the register's default, Finnish.
    download = _get(browser, "/running/feedback.html", "sv")
    assert download.body == _cli("feedback", str(register)).encode("utf-8")


# --- drift -------------------------------------------------------------------------------------


def test_drift_says_what_store_check_says(browser: Browser, register: Path) -> None:
    answer = _get(browser, "/running/drift")
    assert answer.status == 200
    page = _main(answer)
    report = check_store(load_register(register))
    assert not report.drift
    for line in report.format_text(str, _status("en")).splitlines():
        assert f"<li>{line}</li>" in page
    assert "The store matches the register." in page


def test_drift_names_a_column_the_notice_does_not_tell_about(register: Path) -> None:
    _write_store(register, "ALTER TABLE clients ADD COLUMN shoe_size INTEGER")
    page = _main(_get(Browser(register), "/running/drift"))
    assert "The store has drifted from the register" in page
    assert "drift: clients.shoe_size: not mapped to any data category" in page
    finnish = _main(_get(Browser(register), "/running/drift", "fi"))
    assert "poikkeama: clients.shoe_size" in finnish


# --- without a store ---------------------------------------------------------------------------

PAGES = (
    "/running/retention",
    "/running/retention.csv",
    "/running/marketing?channel=email",
    "/running/marketing.csv?channel=email",
    "/running/feedback",
    "/running/feedback.html",
    "/running/drift",
)


@pytest.mark.parametrize("path", PAGES)
def test_a_register_without_a_store_is_a_message_and_the_app_keeps_working(
    register: Path, path: str
) -> None:
    text = register.read_text(encoding="utf-8")
    register.write_text(text[: text.index("\n[store]\n")] + "\n", encoding="utf-8")
    browser = Browser(register)
    answer = _get(browser, path)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "The register has no [store] table" in answer.text
    assert _get(browser, "/").status == 200
    assert _get(browser, "/running").status == 200
    assert "Rekisterissä ei ole [store]-taulukkoa" in _get(browser, path, "fi").text


@pytest.mark.parametrize("path", PAGES)
def test_an_unreachable_store_is_a_503_message_and_the_app_keeps_working(
    register: Path, path: str
) -> None:
    register.with_name("asiakkaat.sqlite").unlink()
    browser = Browser(register)
    answer = _get(browser, path)
    assert answer.status == 503
    assert "The customer store cannot be read now." in answer.text
    assert re.search(r'<span class="detail" lang="en">.*asiakkaat\.sqlite', answer.text)
    assert _get(browser, "/").status == 200
    sv = _get(browser, path, "sv")
    assert sv.status == 503 and "Kunddatalagret kan inte läsas just nu." in sv.text
    assert not register.with_name("asiakkaat.sqlite").exists()  # nothing was created


def test_an_unreadable_register_is_a_message_with_the_way_to_the_editor(register: Path) -> None:
    register.write_text("schema_version = 2\nname = \n", encoding="utf-8")
    answer = _get(Browser(register), "/running/drift")
    assert answer.status == 200
    assert "The register cannot be read" in answer.text and 'href="/editor"' in answer.text


# --- languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "title"),
    [
        ("fi", "Rekisterin ylläpito", "Säilytysaika päättynyt"),
        ("sv", "Skötsel av registret", "Lagringstiden har gått ut"),
    ],
)
def test_the_pages_speak_finnish_and_swedish(
    browser: Browser, register: Path, lang: str, heading: str, title: str
) -> None:
    overview = _get(browser, "/running", lang)
    assert f'<html lang="{lang}">' in overview.text and f"<h1>{heading}</h1>" in overview.text
    page = _get(browser, "/running/retention?as_of=2026-12-03", lang)
    assert f'<html lang="{lang}">' in page.text and f"<h1>{title}</h1>" in page.text
    # The register speaks fi and en: its own texts are in Finnish beside a Swedish interface.
    swept = service.retention(register, as_of="2026-12-03")
    first = format_text(swept.report, swept.register, "fi").splitlines()[0]
    assert f'<p lang="fi">{first}' in _main(page)
    marketing = _get(browser, "/running/marketing?channel=email", lang)
    summary = service.marketing(register, "email").summary(_status(lang))
    assert summary in _main(marketing)


# --- the start page's glance -------------------------------------------------------------------


def test_the_glance_counts_what_the_pages_show(register: Path) -> None:
    today = date(2026, 12, 3)
    found = running.glance(load_register(register), today)
    report = service.retention(register, as_of=today).report
    people = {subject.key for category in report.categories for subject in category.due}
    assert found.past_retention == len(people) and found.rows_past_retention == report.rows
    assert found.drift is False


def test_the_glance_says_none_where_the_store_cannot_tell(register: Path) -> None:
    loaded = load_register(register)
    register.with_name("asiakkaat.sqlite").unlink()
    assert running.glance(loaded, date.today()) == running.Glance(None, None, None)


# --- exports (CSV and XLSX) --------------------------------------------------------------------


def test_a_store_of_exports_is_read_as_the_command_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "kampaamo-helmi"
    shutil.copytree(EXAMPLES / "kampaamo-helmi", folder, ignore=shutil.ignore_patterns(".*"))
    register = folder / "register.toml"
    before = _digest(folder / "exports")
    browser = Browser(register)
    answer = _get(browser, "/running/retention.csv?as_of=2026-12-03")
    printed = _cli("retention", "--format", "csv", "--as-of", "2026-12-03", str(register))
    assert answer.status == 200 and answer.body == printed.encode("utf-8")
    assert _get(browser, "/running/drift").status == 200
    assert _digest(folder / "exports") == before


# --- valid HTML ----------------------------------------------------------------------------------


def test_every_page_passes_the_html_checkers(register: Path, tmp_path: Path) -> None:
    # The checkers and their configuration are those of the test of every page rekisteri writes.
    from test_web_pages import _html_validate, _vnu_messages

    _add_feedback(register, "Kiitos Terhi, soitan numerosta 040 123 4567.")
    browser = Browser(register)
    pages = []
    paths = (
        "/running",
        "/running/retention?as_of=2026-12-03",
        "/running/retention?as_of=xx",
        "/running/marketing",
        "/running/marketing?channel=email",
        "/running/marketing?channel=fax",
        "/running/feedback",
        "/running/drift",
    )
    for lang in ("fi", "sv", "en"):
        for number, path in enumerate(paths):
            page = tmp_path / f"running-{number}.{lang}.html"
            page.write_bytes(_get(browser, path, lang).body)
            pages.append(page)
    register.with_name("asiakkaat.sqlite").rename(register.with_name("elsewhere.sqlite"))
    for number, path in enumerate(("/running/retention", "/running/feedback")):
        page = tmp_path / f"unreachable-{number}.en.html"
        page.write_bytes(_get(browser, path).body)
        pages.append(page)
    register.with_name("elsewhere.sqlite").rename(register.with_name("asiakkaat.sqlite"))
    assert _html_validate(pages, tmp_path) == []
    assert _vnu_messages(pages) == []
