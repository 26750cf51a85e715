"""The local app (issue 18) through its ASGI interface, as a browser and a stranger talk to it:
the guard in front of every route, the start page, the notice's preview and the language."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest

from rekisteri.web.guard import COOKIE, style_hashes
from rekisteri.web.pages import browser_language
from web_client import ORIGIN, Browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def browser(register: Path) -> Browser:
    return Browser(register)


# --- the guard --------------------------------------------------------------------------------


def test_the_start_address_exchanges_its_token_for_a_strict_session_cookie(
    browser: Browser,
) -> None:
    answer = browser.request("GET", f"/?token={browser.session.token}", cookie=False)
    assert answer.status == 303
    assert answer.headers["location"] == "/"  # the token leaves the address at once
    [cookie] = answer.cookies
    assert cookie == f"{COOKIE}={browser.session.cookie}; Path=/; HttpOnly; SameSite=Strict"
    assert browser.request("GET", "/").status == 200


@pytest.mark.parametrize("path", ["/", "/notice/fi", "/static/app.css", "/language"])
def test_a_request_without_the_cookie_is_refused(browser: Browser, path: str) -> None:
    answer = browser.request("GET", path, cookie=False)
    assert answer.status == 403
    assert "rekisteri serve" in answer.text and "<" not in answer.text
    wrong = browser.request("GET", path, headers={"cookie": f"{COOKIE}=guess"})
    assert wrong.status == 403


def test_a_wrong_token_is_refused_and_sets_no_cookie(browser: Browser) -> None:
    answer = browser.request("GET", "/?token=guess", cookie=False)
    assert answer.status == 403 and answer.cookies == []


@pytest.mark.parametrize(
    "host", ["evil.example:8123", "127.0.0.1:9999", "localhost", "", "rebind.example"]
)
def test_a_host_the_server_was_not_started_on_is_refused(browser: Browser, host: str) -> None:
    """DNS rebinding: a page on another site whose name now points at 127.0.0.1."""
    for path in ("/", f"/?token={browser.session.token}"):
        answer = browser.request("GET", path, headers={"host": host})
        assert answer.status == 421 and answer.cookies == []


def test_localhost_is_the_same_server(browser: Browser) -> None:
    assert browser.request("GET", "/", headers={"host": "localhost:8123"}).status == 200


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"origin": "https://evil.example"}, 403),
        ({"origin": "null"}, 403),
        ({"origin": None}, 403),
        ({"content-type": "application/json"}, 415),
        ({"content-type": "multipart/form-data; boundary=x"}, 415),
    ],
)
def test_a_change_from_elsewhere_is_refused(
    browser: Browser, changes: dict[str, str | None], status: int
) -> None:
    answer = browser.request(
        "POST", "/language", form={"csrf": browser.session.csrf, "language": "sv"},
        headers=changes,  # type: ignore[arg-type]
    )  # fmt: skip
    assert answer.status == status and answer.cookies == []


@pytest.mark.parametrize("csrf", [None, "", "guess", "twice"])
def test_a_change_without_the_pages_csrf_token_is_refused(
    browser: Browser, csrf: str | None
) -> None:
    form = {"language": "sv"}
    if csrf == "twice":
        body = urlencode([("csrf", browser.session.csrf), ("csrf", "x"), ("language", "sv")])
        answer = browser.request(
            "POST", "/language", body=body.encode(),
            headers={"content-type": "application/x-www-form-urlencoded", "origin": ORIGIN},
        )  # fmt: skip
    else:
        if csrf is not None:
            form["csrf"] = csrf
        answer = browser.request("POST", "/language", form=form)
    assert answer.status == 403 and answer.cookies == []
    assert "reload" in answer.text


def test_a_form_over_a_mebibyte_is_refused(browser: Browser) -> None:
    form = {"csrf": browser.session.csrf, "language": "sv", "padding": "x" * (1 << 20)}
    assert browser.request("POST", "/language", form=form).status == 413


def test_every_answer_carries_the_strict_policy_and_keeps_out_of_caches(
    browser: Browser,
) -> None:
    for answer in (
        browser.request("GET", "/"),
        browser.request("GET", "/static/app.css"),
        browser.request("GET", "/", cookie=False),
        browser.request("GET", "/nowhere"),
    ):
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "http" not in policy
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../register.toml", "/static/..%2Fregister.toml", "/static/%2e%2e/web/app.css",
        "/static/app.css.j2", "/static/base.html.j2", "/static/.app.css", "/static/App.CSS",
        "/static//etc/passwd", "/notice/..", "/notice/../../register.toml", "/notice/xx",
        "/notice/fi/../../etc/passwd", "/register.toml", "/../register.toml",
    ],
)  # fmt: skip
def test_no_path_reaches_a_file_outside_the_apps_own(browser: Browser, path: str) -> None:
    answer = browser.request("GET", path)
    assert answer.status == 404, path
    assert b"schema_version" not in answer.body and b"root:" not in answer.body


def test_no_page_loads_anything_from_elsewhere(browser: Browser) -> None:
    for path in ("/", "/notice/fi", "/notice/en"):
        html = browser.request("GET", path).text
        loaded = re.findall(r'<(?:link|script|img|iframe)[^>]*(?:src|href)="([^"]*)"', html)
        # A data: URI (the page's empty icon) is in the page itself: nothing is fetched.
        assert loaded and all(url.startswith(("/", "data:")) for url in loaded), loaded


# --- the pages --------------------------------------------------------------------------------


def test_the_start_page_shows_the_register_and_what_the_check_found(
    browser: Browser, register: Path
) -> None:
    html = browser.request("GET", "/").text
    assert '<html lang="en">' in html
    assert '<h1 lang="en">Tmi Terhi Kallio client register</h1>' in html
    assert "<li>0 errors in the notice</li>" in html
    assert "The check found nothing to fix." in html
    assert 'href="/notice/fi"' in html and 'href="/notice/en"' in html
    # A personal identity code without the ground the law allows it on: the lint's L09.
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace('hetu_ground = "health_and_social_care"\n', "", 1))
    html = browser.request("GET", "/").text
    assert "<li>1 error in the notice</li>" in html
    [finding] = re.findall(r'<li class="error">(.*?)</li>', html)
    assert "holds the personal identity code" in finding
    assert '<span class="reference">(Data Protection Act 1050/2018, section 29)</span>' in finding
    line = text.splitlines().index("hetu = true") + 1
    assert f'<span class="where">line {line}</span>' in finding
    assert '<span class="severity" lang="en">Error</span>' in finding


def test_a_register_that_no_longer_parses_is_shown_with_its_located_errors(
    browser: Browser, register: Path
) -> None:
    register.write_text(
        register.read_text(encoding="utf-8").replace("schema_version = 2", "schema_version = ", 1),
        encoding="utf-8",
    )
    answer = browser.request("GET", "/")
    assert answer.status == 200
    assert "The register cannot be read" in answer.text
    assert re.search(r"register\.toml:\d+", answer.text)
    preview = browser.request("GET", "/notice/fi")
    assert preview.status == 303 and preview.headers["location"] == "/"


def test_the_preview_is_the_notice_with_its_own_style_allowed_by_hash_only(
    browser: Browser,
) -> None:
    answer = browser.request("GET", "/notice/fi")
    assert answer.status == 200
    assert 'class="rekisteri-notice' in answer.text and 'lang="fi"' in answer.text
    styles = re.findall(r"<style>(.*?)</style>", answer.text, re.DOTALL)
    assert styles
    policy = answer.headers["content-security-policy"]
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy
    assert style_hashes(["a", "a"]) == style_hashes(["a"])


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("sv-FI,sv;q=0.9,en;q=0.8", "sv"),
        ("de,en;q=0.5,fi;q=0.9", "fi"),
        ("fr", "fi"),
        ("", "fi"),
        ("en;q=0,sv;q=0.1", "sv"),
        ("EN-gb", "en"),
        ("fi;q=bad,en", "en"),
    ],
)
def test_the_interface_follows_the_browsers_language(accept: str, expected: str) -> None:
    assert browser_language(accept) == expected


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fi", "Yhdellä silmäyksellä"), ("sv", "I korthet"), ("en", "At a glance")],
)
def test_each_page_speaks_the_chosen_language_and_the_choice_is_kept(
    browser: Browser, lang: str, heading: str
) -> None:
    chosen = browser.request(
        "POST", "/language", form={"csrf": browser.session.csrf, "language": lang, "back": "/"}
    )
    assert chosen.status == 303 and chosen.headers["location"] == "/"
    [cookie] = chosen.cookies
    assert cookie.startswith(f"rekisteri_language={lang};") and "HttpOnly" in cookie
    both = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
    for path in ("/", "/notice/en"):
        html = browser.request("GET", path, headers={"cookie": both}).text
        assert f'<html lang="{lang}">' in html
        assert f'<option value="{lang}" lang="{lang}" selected>' in html
    start = browser.request("GET", "/", headers={"cookie": both}).text
    assert heading in start
    refused = browser.request("GET", "/", cookie=False, headers={"accept-language": lang})
    assert refused.status == 403 and "rekisteri serve" in refused.text


def test_the_language_form_goes_back_only_to_a_page_of_its_own(browser: Browser) -> None:
    for back in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        answer = browser.request(
            "POST", "/language", form={"csrf": browser.session.csrf, "language": "fi", "back": back}
        )
        assert answer.headers["location"] == "/"
    unknown = browser.request(
        "POST", "/language", form={"csrf": browser.session.csrf, "language": "de"}
    )
    assert unknown.status == 303 and unknown.cookies == []


def test_the_app_never_writes_the_register_or_its_folder(browser: Browser, register: Path) -> None:
    before = {p.name: p.read_bytes() for p in register.parent.iterdir()}
    for path in ("/", "/notice/fi", "/notice/en", "/static/app.css"):
        browser.request("GET", path)
    browser.request("POST", "/language", form={"csrf": browser.session.csrf, "language": "sv"})
    assert {p.name: p.read_bytes() for p in register.parent.iterdir()} == before


# --- the requests -----------------------------------------------------------------------------


def _log_requests(register: Path) -> None:
    from rekisteri.operations.service import RequestLog

    log = RequestLog.of(register)
    today = date.today()
    log.add(type="access", subject="Aino Virtanen", received=today - timedelta(days=40))
    log.add(type="erasure", subject="Matti <b>Meikäläinen</b>", received=today - timedelta(days=27))
    log.add(type="objection", subject="Liisa Laine", received=today)


def test_the_inbox_lists_open_requests_by_deadline_with_the_overdue_marked(
    browser: Browser, register: Path
) -> None:
    assert "No open requests." in browser.request("GET", "/requests").text
    _log_requests(register)
    html = browser.request("GET", "/requests").text
    rows = re.findall(r'<tr class="([a-z]*)"><td>(\d+)</td><td>([^<]*)</td>', html)
    from rekisteri.operations.service import RequestLog

    today = date.today()
    expected = [
        ("overdue" if left < 0 else "soon" if left <= 7 else "", str(r.id))
        for r in RequestLog.of(register).requests()
        if (left := r.days_left(today)) is not None
    ]
    marks = [(mark, number) for mark, number, _ in rows]
    assert marks == expected and [n for _, n in marks] == ["1", "2", "3"]
    assert marks[0][0] == "overdue" and marks[2][0] == ""
    assert rows[0][2] == "access (Art. 15)"
    assert "overdue by" in html and "Matti &lt;b&gt;Meikäläinen&lt;/b&gt;" in html
    assert "is intact: 3 audit entries about 3 requests." in html
    start = browser.request("GET", "/").text
    assert '<a href="/requests">1 request overdue</a>' in start
    assert '<a href="/requests">1 request due within a week</a>' in start


def test_the_inbox_speaks_the_interfaces_language(browser: Browser, register: Path) -> None:
    _log_requests(register)
    cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language=sv"
    html = browser.request("GET", "/requests", headers={"cookie": cookie}).text
    assert "<h1>Begäranden</h1>" in html and "tillgång (art. 15)" in html
    assert "är intakt" in html


def test_a_trail_changed_by_hand_is_shown_as_changed(browser: Browser, register: Path) -> None:
    import sqlite3

    _log_requests(register)
    log = register.with_name(register.stem + ".requests.sqlite")
    with sqlite3.connect(log) as connection:
        connection.execute("UPDATE requests SET subject = 'Joku muu' WHERE id = 1")
    html = browser.request("GET", "/requests").text
    assert '<p class="changed">' in html and "has been changed or damaged" in html


def test_a_websocket_is_declined_before_any_route(browser: Browser) -> None:
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8123")],
    }
    asyncio.run(browser.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent == [{"type": "websocket.close", "code": 1008}]
