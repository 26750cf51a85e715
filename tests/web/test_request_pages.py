"""The requests of the local app (issue 18, item 5) through its ASGI interface: recording a
request for each right, extending and closing it, and answering an access request from the
person search to the encrypted zip, every change checked in the request log and every refusal
shown at its field with nothing written."""

from __future__ import annotations

import json
import re
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from rekisteri.operations.service import RequestLog
from rekisteri.web.guard import COOKIE
from store_fixtures import file_digest
from web_client import Answer, Browser


@pytest.fixture
def register(demo_path: Path) -> Path:
    """The example register with its demo store beside it, in a folder of the test's own."""
    return demo_path


@pytest.fixture
def browser(register: Path) -> Browser:
    return Browser(register)


def _post(browser: Browser, path: str, form: dict[str, str], lang: str = "en") -> Answer:
    cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
    fields = {"csrf": browser.session.csrf, **form}
    return browser.request("POST", path, form=fields, headers={"cookie": cookie})


def _get(browser: Browser, path: str, lang: str = "en") -> Answer:
    cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
    return browser.request("GET", path, headers={"cookie": cookie})


def _log(register: Path) -> RequestLog:
    return RequestLog.of(register)


def _logged(register: Path, kind: str = "access", days: int = 3) -> int:
    received = date.today() - timedelta(days=days)
    return _log(register).add(type=kind, subject="Aino Virtanen", received=received).id


# --- the inbox and a new request --------------------------------------------------------------


def test_the_inbox_links_each_request_and_offers_a_form_for_each_right(
    browser: Browser, register: Path
) -> None:
    number = _logged(register)
    html = _get(browser, "/requests").text
    assert f'<a href="/requests/{number}">Aino Virtanen</a>' in html
    for right in ("access", "portability", "erasure", "rectification", "restriction"):
        assert f'href="/requests/new/{right}"' in html
    assert 'href="/requests/new/objection">objection (Art. 21)</a>' in html


def test_a_new_request_is_recorded_and_the_browser_sent_to_its_page(
    browser: Browser, register: Path
) -> None:
    form = _get(browser, "/requests/new/erasure").text
    assert f'value="{date.today().isoformat()}"' in form  # received: today by default
    answer = _post(
        browser,
        "/requests/new/erasure",
        {"subject": "Mikko Virtanen", "received": "2.1.2026", "channel": "letter"},
    )
    assert answer.status == 303 and answer.headers["location"] == "/requests/1?done=1"
    [logged] = _log(register).requests()
    assert (logged.type.value, logged.subject, logged.channel) == (
        "erasure",
        "Mikko Virtanen",
        "letter",
    )
    assert logged.received == date(2026, 1, 2)
    page = _get(browser, answer.headers["location"]).text
    assert 'role="status">Request 1 recorded: erasure (Art. 17)' in page
    assert "Mikko Virtanen" in page and "by letter" in page
    assert "Answer with the person&#39;s data" not in page  # a bundle answers access only


@pytest.mark.parametrize(
    "path",
    ["/requests/new/nonsense", "/requests/0", "/requests/abc", "/requests/99", "/requests/-1"],
)
def test_an_unknown_right_or_request_is_the_apps_404(
    browser: Browser, register: Path, path: str
) -> None:
    _logged(register)
    answer = _get(browser, path)
    assert answer.status == 404 and "Nothing here" in answer.text


@pytest.mark.parametrize(
    "path", ["/requests/99/close", "/requests/99/extend", "/requests/1x/close"]
)
def test_a_change_to_an_unknown_request_is_the_apps_404_and_writes_nothing(
    browser: Browser, register: Path, path: str
) -> None:
    _logged(register)
    before = _log(register).path.read_bytes()
    answer = _post(browser, path, {"outcome": "done", "reason": "many"})
    assert answer.status == 404
    assert _log(register).path.read_bytes() == before


# --- refusals at their fields -----------------------------------------------------------------


def _refused(answer: Answer, field: str) -> str:
    """The refusal shown at ``field``, which names it as its description."""
    assert answer.status == 400, answer.text
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"', answer.text)
    assert 'aria-invalid="true"' in answer.text
    found = re.search(
        rf'id="{field}-error"><strong>[^<]*</strong> <span lang="en">([^<]*)<', answer.text
    )
    assert found, answer.text
    return found[1]


@pytest.mark.parametrize(
    ("form", "field", "says"),
    [
        ({"subject": "Aino", "received": "31.2.2026"}, "received", "is not a date"),
        ({"subject": "Aino", "received": "2099-01-01"}, "received", "in the future"),
        ({"subject": "  ", "received": "2026-01-02"}, "subject", "is empty"),
        ({"subject": "Aino", "received": "2026-01-02", "channel": "fax"}, "channel", "fax"),
    ],
)
def test_a_new_request_with_bad_input_is_shown_at_its_field_and_nothing_is_written(
    browser: Browser, register: Path, form: dict[str, str], field: str, says: str
) -> None:
    _logged(register)
    before = _log(register).path.read_bytes()
    answer = _post(browser, "/requests/new/access", form)
    assert says in _refused(answer, field)
    assert _log(register).path.read_bytes() == before
    # What was typed is kept, to be corrected.
    assert f'value="{form["subject"]}"' in answer.text


@pytest.mark.parametrize(
    ("path", "form", "field", "says"),
    [
        ("extend", {"reason": " ", "months": "2"}, "extend-reason", "is empty"),
        ("extend", {"reason": "Many", "told_on": "someday"}, "extend-told-on", "not a date"),
        ("extend", {"reason": "Many", "months": "7"}, "extend-months", "Art. 12(3)"),
        ("close", {"outcome": ""}, "close-outcome", "is empty"),
    ],
)
def test_an_extension_or_closing_with_bad_input_is_shown_at_its_field_and_writes_nothing(
    browser: Browser, register: Path, path: str, form: dict[str, str], field: str, says: str
) -> None:
    number = _logged(register)
    before = _log(register).path.read_bytes()
    answer = _post(browser, f"/requests/{number}/{path}", form)
    assert says in _refused(answer, field)
    assert _log(register).path.read_bytes() == before


def test_extending_and_closing_are_recorded_and_closing_twice_is_refused(
    browser: Browser, register: Path
) -> None:
    number = _logged(register)
    told = (date.today() - timedelta(days=1)).isoformat()
    reason = "Many requests at once"
    answer = _post(
        browser, f"/requests/{number}/extend", {"reason": reason, "months": "1", "told_on": told}
    )
    assert answer.status == 303 and answer.headers["location"] == f"/requests/{number}?done=1"
    [extended] = _log(register).requests()
    assert (extended.status.value, extended.extension_months) == ("extended", 1)
    assert (extended.extension_reason, extended.told_on.isoformat()) == (reason, told)
    page = _get(browser, f"/requests/{number}").text
    assert "1 further month in all: Many requests at once" in page and 'role="status"' not in page
    closed = _post(browser, f"/requests/{number}/close", {"outcome": "Answered by letter"})
    assert closed.status == 303
    [done] = _log(register).requests(include_closed=True)
    assert (done.status.value, done.outcome) == ("closed", "Answered by letter")
    page = _get(browser, closed.headers["location"]).text
    assert "closed on" in page and 'action="/requests/1/close"' not in page
    before = _log(register).path.read_bytes()
    again = _post(browser, f"/requests/{number}/close", {"outcome": "Again"})
    assert "already closed" in _refused(again, "close-outcome")
    assert _log(register).path.read_bytes() == before
    assert _log(register).verify().problem is None


def test_a_change_without_the_csrf_token_is_refused_and_writes_nothing(
    browser: Browser, register: Path
) -> None:
    number = _logged(register)
    before = _log(register).path.read_bytes()
    for path, form in (
        ("/requests/new/access", {"subject": "X", "received": "2026-01-02"}),
        (f"/requests/{number}/close", {"outcome": "done"}),
        (f"/requests/{number}/extend", {"reason": "many"}),
        (f"/requests/{number}/person", {"kind": "email", "value": "aino.virtanen@example.com"}),
    ):
        answer = browser.request("POST", path, form=form)
        assert answer.status == 403, path
        wrong = browser.request("POST", path, form={**form, "csrf": "guess"})
        assert wrong.status == 403, path
    assert _log(register).path.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "heading", "extend", "field"),
    [
        ("fi", "Pyyntö 1", "Pidennä määräaikaa", "Mitään ei kirjattu:"),
        ("sv", "Begäran 1", "Förläng tidsfristen", "Ingenting registrerades:"),
    ],
)
def test_the_request_pages_speak_finnish_and_swedish(
    browser: Browser, register: Path, lang: str, heading: str, extend: str, field: str
) -> None:
    _logged(register)
    page = _get(browser, "/requests/1", lang).text
    assert f'<html lang="{lang}">' in page and f"<h1>{heading}:" in page and extend in page
    refused = _post(browser, "/requests/1/close", {"outcome": ""}, lang)
    assert refused.status == 400 and field in refused.text
    new = _get(browser, "/requests/new/access", lang).text
    assert ("Kirjaa pyyntö" if lang == "fi" else "Registrera begäran") in new


# --- finding the person -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        {"kind": "email", "value": " Aino.Virtanen@EXAMPLE.com"},
        {"kind": "phone", "value": "+358451273344"},
        {"kind": "hetu", "value": "120384-9073"},
        {"kind": "name", "value": "aino virtanen", "birth_date": "1984-03-12"},
    ],
)
def test_the_person_is_found_by_email_phone_hetu_or_name_and_birth_date(
    browser: Browser, register: Path, form: dict[str, str]
) -> None:
    number = _logged(register)
    store = file_digest(register.with_name("asiakkaat.sqlite"))
    answer = _post(browser, f"/requests/{number}/person", form)
    assert answer.status == 200
    assert "Found: Aino Virtanen (a***@e***.com, …344)" in answer.text
    assert "aino.virtanen@example.com" not in answer.text.lower().replace(" ", "") or (
        form["kind"] == "email"  # only what the owner typed is shown back, in the form
    )
    assert 'action="/requests/1/preview"' in answer.text
    assert file_digest(register.with_name("asiakkaat.sqlite")) == store


def test_several_matches_are_listed_masked_to_choose_from(browser: Browser, register: Path) -> None:
    number = _logged(register)
    answer = _post(
        browser, f"/requests/{number}/person", {"kind": "phone", "value": "019 456 7788"}
    )
    assert answer.status == 200 and "Several people match" in answer.text
    assert "Liisa Mäkinen" in answer.text and "l***@e***.com" in answer.text
    assert "liisa.makinen@example.com" not in answer.text
    assert "300656-921B" not in answer.text
    chosen = re.findall(
        r'name="value" value="(\d+)">\s*<input type="hidden" name="birth_date"', answer.text
    )
    assert "3" in chosen and "4" in chosen


def test_bad_person_input_is_shown_at_its_field(browser: Browser, register: Path) -> None:
    number = _logged(register)
    answer = _post(browser, f"/requests/{number}/person", {"kind": "hetu", "value": "120384-9074"})
    assert "not a valid Finnish personal identity code" in _refused(answer, "person-value")
    assert "120384-9074" in answer.text  # the owner's own input, kept to be corrected
    nameless = _post(browser, f"/requests/{number}/person", {"kind": "name", "value": "Aino"})
    assert "birth date" in _refused(nameless, "person-birth-date")


def test_no_match_says_so(browser: Browser, register: Path) -> None:
    number = _logged(register)
    answer = _post(
        browser, f"/requests/{number}/person", {"kind": "email", "value": "ei.ketaan@example.com"}
    )
    assert answer.status == 200 and "No one in the store matches." in answer.text


def test_an_unreachable_store_is_a_clear_message_and_the_app_keeps_working(
    browser: Browser, register: Path
) -> None:
    number = _logged(register)
    register.with_name("asiakkaat.sqlite").unlink()
    answer = _post(
        browser,
        f"/requests/{number}/person",
        {"kind": "email", "value": "aino.virtanen@example.com"},
    )
    assert answer.status == 200
    assert 'role="alert"' in answer.text and "The customer store cannot be read" in answer.text
    assert _get(browser, "/requests").status == 200
    assert _get(browser, f"/requests/{number}").status == 200


# --- the bundle -------------------------------------------------------------------------------

AINO = {"kind": "email", "value": "aino.virtanen@example.com", "birth_date": "", "group": ""}


def test_an_access_request_is_answered_with_an_encrypted_zip_after_the_review(
    browser: Browser, register: Path
) -> None:
    import pyzipper

    store = register.with_name("asiakkaat.sqlite")
    store_digest = file_digest(store)
    number = _logged(register)
    assert _get(browser, f"/requests/{number}/bundle.zip").status == 404  # nothing written yet
    assert _get(browser, f"/requests/{number}/review-copy").status == 404

    preview = _post(browser, f"/requests/{number}/preview", AINO)
    assert preview.status == 200
    assert "The bundle for Aino Virtanen holds these data categories" in preview.text
    assert "Therapy and health data" in preview.text or "Terapia- ja terveystiedot" in preview.text
    assert 'name="decision-health"' in preview.text
    review = _get(browser, f"/requests/{number}/review-copy")
    assert review.status == 200 and "sha256-" in review.headers["content-security-policy"]
    copy = _log(register).answer_path(number).with_name(f"register-R-{number}.review.html")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    before = _log(register).path.read_bytes()
    undecided = _post(browser, f"/requests/{number}/bundle", AINO)
    assert "held for review" in _refused(undecided, "decision-health")
    unreasoned = _post(
        browser,
        f"/requests/{number}/bundle",
        {**AINO, "decision-health": "withhold", "ground-health": "health-or-care"},
    )
    assert "needs a reason" in _refused(unreasoned, "reason-health")
    assert 'value="withhold" checked' in unreasoned.text  # the choice is kept
    assert _log(register).path.read_bytes() == before
    assert not _log(register).answer_path(number).with_suffix(".zip").exists()

    answer = _post(browser, f"/requests/{number}/bundle", {**AINO, "decision-health": "release"})
    assert answer.status == 200, answer.text
    passphrase = re.search(r'<p class="passphrase"><code>([a-z0-9-]+)</code>', answer.text)[1]
    assert len(passphrase) == 29
    assert "by different ways" in answer.text

    [delivered] = _log(register).requests()
    assert delivered.status.value == "delivered" and delivered.delivered_on == date.today()
    assert _log(register).decisions(number) == [
        {"category": "health", "released": True, "reason": None, "ground": None}
    ]
    zipped = Path(delivered.bundle)
    assert zipped == _log(register).answer_path(number).with_name(f"register-R-{number}.zip")
    assert zipped.parent == register.parent / "out"
    assert stat.S_IMODE(zipped.stat().st_mode) == 0o600
    assert not copy.exists()  # the review copy goes once the bundle is written

    download = _get(browser, f"/requests/{number}/bundle.zip")
    assert download.status == 200 and download.body == zipped.read_bytes()
    assert download.headers["content-type"] == "application/zip"
    with pyzipper.AESZipFile(zipped) as archive:
        archive.setpassword(passphrase.encode())
        data = json.loads(archive.read(f"register-R-{number}/data.json"))
    assert data["subject"]["key"] == 1
    text = json.dumps(data, ensure_ascii=False)
    assert "Aino" in text and "Mikko" not in text and "Liisa" not in text

    # Shown once: in no later page, nor in the log or anything else the app wrote.
    for path in ("/requests", f"/requests/{number}", "/"):
        assert passphrase not in _get(browser, path).text
    assert passphrase.encode() not in _log(register).path.read_bytes()
    assert all(passphrase.encode() not in p.read_bytes() for p in register.parent.rglob("*.*"))
    assert file_digest(store) == store_digest
    assert _log(register).verify().problem is None


@pytest.mark.parametrize(
    "path",
    [
        "/requests/1/bundle.zip/../../register.toml",
        "/requests/..%2F..%2Fregister.toml/bundle.zip",
        "/requests/1/review-copy/../../asiakkaat.sqlite",
        "/requests/0/bundle.zip",
    ],
)
def test_no_path_reaches_a_file_the_app_did_not_write(
    browser: Browser, register: Path, path: str
) -> None:
    _logged(register)
    answer = _get(browser, path)
    assert answer.status == 404
    assert b"schema_version" not in answer.body and b"SQLite" not in answer.body


def test_a_request_a_bundle_cannot_answer_has_no_person_search(
    browser: Browser, register: Path
) -> None:
    number = _logged(register, "erasure")
    answer = _post(browser, f"/requests/{number}/preview", AINO)
    assert answer.status == 404
    assert not (register.parent / "out").exists()
