"""The local app (`rekisteri serve`) in a real browser: every page accessible and working with
the keyboard alone, in the interface's languages (issue 18, item 7).

The app is run as the owner runs it: a server process started by ``python -m rekisteri serve``
on a copy of the therapist's example (its store built from store.sql, three requests logged, one
of them overdue), and Debian's Chromium opening the printed start address, whose token the app
exchanges for the session cookie. One server serves the whole module, to keep it fast.

For every page of :data:`PAGES`, in Finnish and Swedish (chosen with the page's own language
switch, as a person would): axe-core finds no WCAG 2.1 AA violation at a desktop's and a
phone's width; no request goes to another origin (the app shows health data, and its pages
must work on a machine without a network); the console has no error, a Content-Security-Policy
violation included; nothing reaches past a phone's width. Screenshots of each page at each width
are kept in build/screenshots/web/ for a person to look at.

With the keyboard alone: Tab reaches the skip link first and following it moves the focus into
the content; every link and control of a page is reached by Tab and shows where the focus is;
the language is switched without a mouse, and the page comes back in that language.

The file is not called test_browser.py: tests/notice/ has one, and the test folders are not
packages, so two modules of one name cannot be collected in one run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app_server import App, served
from browser_checks import DESKTOP, OVERFLOW_JS, PHONE, describe, launched_chromium, run_axe
from rekisteri.operations.service import RequestLog
from store_fixtures import build_sqlite

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio"
# build/ is ignored by git: the screenshots are artifacts of a run, not sources.
SHOTS = ROOT / "build" / "screenshots" / "web"
LANGS = ["fi", "sv"]
WIDTHS = {"1280": DESKTOP, "390": PHONE}


@dataclass(frozen=True)
class AppPage:
    """A page of the app as the browser opens it: its name in the screenshots' file names, its
    address, and the status it is served with."""

    name: str
    path: str
    status: int = 200


# Every page of the app. A new page is added here, and each test below then covers it.
PAGES = [
    AppPage("start", "/"),
    AppPage("notice-fi", "/notice/fi"),
    AppPage("notice-en", "/notice/en"),
    AppPage("requests", "/requests"),
    AppPage("request", "/requests/1"),
    AppPage("request-new", "/requests/new/access"),
    AppPage("editor", "/editor"),
    AppPage("publish", "/publish"),
    AppPage("running", "/running"),
    AppPage("retention", "/running/retention"),
    AppPage("marketing", "/running/marketing?channel=email"),
    AppPage("feedback", "/running/feedback"),
    AppPage("drift", "/running/drift"),
    AppPage("missing", "/no/such/page", status=404),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("app")
    register = folder / "register.toml"
    shutil.copyfile(EXAMPLE / "register.toml", register)
    build_sqlite(folder / "asiakkaat.sqlite", (EXAMPLE / "store.sql").read_text(encoding="utf-8"))
    # An overdue, a due-soon and a fresh request: the inbox's rows in each of their looks.
    log = RequestLog.of(register)
    for days, kind in ((40, "access"), (20, "erasure"), (0, "objection")):
        log.add(type=kind, subject="Aino Virtanen", received=date.today() - timedelta(days=days))
    with served(register) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def new_session(browser: Any, app: App) -> Any:
    """A browser window that opened the start address: it holds the session cookie, and any
    request it makes to another origin is aborted (and seen by :class:`Watch`)."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.route(lambda url: not url.startswith(app.origin + "/"), lambda route: route.abort())
    page = context.new_page()
    answer = page.goto(app.start)
    # The token was exchanged for the cookie and taken out of the address.
    assert answer is not None and answer.status == 200
    assert page.url == app.origin + "/"
    page.close()
    return context


@pytest.fixture(scope="module")
def sessions(browser: Any, app: App) -> Iterator[dict[str, Any]]:
    """A session in each of :data:`LANGS`, each chosen through the page's language switch."""
    made = {}
    try:
        for lang in LANGS:
            context = made[lang] = new_session(browser, app)
            page = context.new_page()
            page.goto(app.origin + "/")
            assert html_lang(page) == "en"  # the browser's language, before a choice
            page.select_option("#language", lang)
            with page.expect_navigation():
                page.click("form.language button")
            assert html_lang(page) == lang
            page.close()
        yield made
    finally:
        for context in made.values():
            context.close()


def opened(context: Any, app: App, app_page: AppPage) -> Any:
    """A new tab of ``context`` showing ``app_page``, served with its status."""
    page = context.new_page()
    answer = page.goto(app.origin + app_page.path)
    assert answer is not None and answer.status == app_page.status, app_page
    return page


def html_lang(page: Any) -> str:
    return str(page.evaluate("() => document.documentElement.lang"))


@dataclass
class Watch:
    """What a page did while it was open: its requests, and the errors in its console (where
    Chromium reports a Content-Security-Policy violation) or thrown by its scripts."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def on(cls, page: Any) -> Watch:
        watch = cls()
        page.on("request", lambda request: watch.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                watch.errors.append(f"{message.text} ({message.location.get('url')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
        return watch

    def foreign(self, origin: str) -> list[str]:
        return [
            url for url in self.requests
            if not url.startswith(origin + "/") and not url.startswith("data:")
        ]  # fmt: skip


def console_errors(watch: Watch, app: App, app_page: AppPage) -> list[str]:
    """The console's errors, but Chromium's own note that the page came with an error status,
    which is what the 404 page is for."""
    url = app.origin + app_page.path
    expected = f"the server responded with a status of {app_page.status}"
    return [
        error for error in watch.errors
        if not (app_page.status >= 400 and expected in error and error.endswith(f"({url})"))
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.name)
def test_every_page_is_accessible_offline_and_fits_a_phone(
    sessions: dict[str, Any], app: App, app_page: AppPage, lang: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = sessions[lang].new_page()
    watch = Watch.on(page)
    try:
        answer = page.goto(app.origin + app_page.path)
        assert answer is not None and answer.status == app_page.status
        assert html_lang(page) == lang
        problems = []
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            shot = SHOTS / f"{app_page.name}-{lang}-{width}.png"
            page.screenshot(full_page=True, path=str(shot))
            assert shot.read_bytes().startswith(b"\x89PNG")
            results = run_axe(page)
            # axe ran its rules on the page, rather than on an empty or unloaded document.
            passed = {rule["id"] for rule in results.response["passes"]}
            assert {"document-title", "html-has-lang"} <= passed
            if results.response["violations"]:
                problems.append(f"at {width} px:\n" + describe(results.response["violations"]))
            if viewport is PHONE and (overflow := int(page.evaluate(OVERFLOW_JS))) > 0:
                problems.append(f"at {width} px the page is {overflow} px wider than the window")
        foreign = watch.foreign(app.origin)
        if foreign:
            problems.append(f"requests to other origins: {foreign}")
        if errors := console_errors(watch, app, app_page):
            problems.append(f"console errors: {errors}")
        assert problems == [], "\n".join(problems)
    finally:
        page.close()


# The page's tabbable elements, as the browser's Tab order would include them: shown, enabled,
# not taken out of the order by tabindex="-1". Kept on the window to be compared with what
# Tab reaches, and described for a person to find.
TABBABLE_JS = """
() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
    + '[tabindex], [contenteditable=""], [contenteditable="true"]';
  // Inside a closed <details> only its summary is shown; of a group of radio buttons Tab
  // stops at one (the chosen one, else the first), and the arrow keys move within it.
  const folded = el => {
    for (let d = el.parentElement.closest("details"); d; d = d.parentElement.closest("details")) {
      const summary = d.querySelector(":scope > summary");
      if (!d.open && !(summary && summary.contains(el))) return true;
    }
    return false;
  };
  window.__tabbable = Array.from(document.querySelectorAll(selector)).filter(el =>
    el.tabIndex >= 0 && !el.disabled && el.type !== "hidden" && !el.closest("[inert]")
    && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden"
    && !folded(el)).filter(el => {
      if (el.type !== "radio") return true;
      const group = document.querySelectorAll(`input[type=radio][name="${el.name}"]`);
      const stop = Array.from(group).find(r => r.checked) || group[0];
      return el === stop;
    });
  window.__describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className ? "." + String(el.className).split(" ").join(".") : "")
    + " " + JSON.stringify((el.textContent || el.value || "").trim().slice(0, 40));
  return window.__tabbable.map(window.__describe);
}
"""

# What draws a focus indicator: an outline or a box shadow.
INDICATOR_JS = """
el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    ? [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" ") : "none";
  return outline + " / " + style.boxShadow;
}
"""

# Where the focus is after a key: the element's place in window.__tabbable (-1 when it is not
# one of them), its description, the indicator it draws, and whether it is in the window.
FOCUSED_JS = f"""
() => {{
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {{
    index: window.__tabbable.indexOf(el),
    what: el === document.body ? "body" : window.__describe(el),
    indicator: ({INDICATOR_JS})(el),
    shown: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight,
  }};
}}
"""


def focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED_JS))


def walk_with_tab(page: Any) -> tuple[list[str], list[int], list[str]]:
    """Tab from the top of the page to its end: the page's tabbable elements, the places among
    them that Tab reached in order, and what was wrong on the way."""
    tabbable = page.evaluate(TABBABLE_JS)
    unfocused = page.evaluate(f"() => window.__tabbable.map(el => ({INDICATOR_JS})(el))")
    reached: list[int] = []
    problems = []
    # Once more than there are elements: past the last one, Tab leaves the page (or comes back
    # to the first), and the walk stops there.
    # A date field takes a Tab for each of its parts (day, month, year), on the same element.
    for _ in range(3 * len(tabbable) + 1):
        page.keyboard.press("Tab")
        now = focused(page)
        if reached and now["index"] == reached[-1]:
            continue
        if now["index"] in reached or now["what"] == "body":
            break
        if now["index"] < 0:
            problems.append(f"Tab reached {now['what']}, which is not tabbable")
            continue
        reached.append(now["index"])
        if now["indicator"] in ("none / none", unfocused[now["index"]]):
            problems.append(f"no visible focus on {now['what']}: {now['indicator']}")
        if not now["shown"]:
            problems.append(f"the focused {now['what']} is outside the window")
    missed = [tabbable[i] for i in range(len(tabbable)) if i not in reached]
    if missed:
        problems.append(f"never reached by Tab: {missed}")
    return tabbable, reached, problems


@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.name)
def test_tab_reaches_every_link_and_control_and_shows_the_focus(
    sessions: dict[str, Any], app: App, app_page: AppPage
) -> None:
    page = opened(sessions["fi"], app, app_page)
    try:
        tabbable, reached, problems = walk_with_tab(page)
        # The header's skip link, home link, language switch and navigation, at the least.
        assert len(tabbable) >= 6 and tabbable[0].startswith("a.skip"), tabbable
        assert reached[:1] == [0]
        assert problems == [], "\n".join(problems)
    finally:
        page.close()


def test_a_control_without_a_focus_indicator_is_caught(sessions: dict[str, Any], app: App) -> None:
    # The walk sees what it is for: a button whose focus ring a stylesheet took away. The rule
    # goes in through the CSS object model, which the page's policy lets a script use.
    page = sessions["fi"].new_page()
    try:
        page.goto(app.origin + "/")
        page.evaluate(
            """() => document.styleSheets[0].insertRule(
              "button:focus-visible { outline: none !important; box-shadow: none !important }")"""
        )
        _, _, problems = walk_with_tab(page)
        assert [p for p in problems if p.startswith("no visible focus on button")], problems
    finally:
        page.close()


@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.name)
def test_the_skip_link_comes_first_and_moves_the_focus_to_the_content(
    sessions: dict[str, Any], app: App, app_page: AppPage
) -> None:
    page = opened(sessions["sv"], app, app_page)
    try:
        page.evaluate(TABBABLE_JS)
        page.keyboard.press("Tab")
        first = focused(page)
        assert first["what"].startswith("a.skip") and first["shown"], first
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        # The next Tab goes on from the content, past the header's links and controls.
        page.keyboard.press("Tab")
        inside = "() => document.querySelector('main').contains(document.activeElement)"
        assert page.evaluate(inside), focused(page)
    finally:
        page.close()


def test_the_language_is_switched_with_the_keyboard_alone(browser: Any, app: App) -> None:
    context = new_session(browser, app)
    try:
        page = context.new_page()
        page.goto(app.origin + "/requests")
        assert html_lang(page) == "en"
        page.evaluate(TABBABLE_JS)
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.id") == "language":
                break
        else:
            pytest.fail("Tab never reached the language switch")
        # fi, sv, en: one up from English is Swedish. A closed select changes with the arrow
        # keys without sending the form, which waits for its button.
        page.keyboard.press("ArrowUp")
        assert page.input_value("#language") == "sv"
        assert html_lang(page) == "en"
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.type") == "submit"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        # The same page, now in Swedish, with the switch showing the choice.
        assert page.url == app.origin + "/requests"
        assert html_lang(page) == "sv"
        assert page.input_value("#language") == "sv"
        # A page that came back starts from its top, as any page does: the focus is on none of
        # its elements, and the first Tab reaches the skip link again.
        assert page.evaluate("() => document.activeElement === document.body")
        page.evaluate(TABBABLE_JS)
        page.keyboard.press("Tab")
        assert focused(page)["what"].startswith("a.skip")
    finally:
        context.close()


def test_a_policy_violation_and_a_foreign_request_are_seen(
    sessions: dict[str, Any], app: App
) -> None:
    # The checks above are only worth something if they see what they look for: an inline
    # style the policy refuses, and an image from elsewhere.
    page = sessions["fi"].new_page()
    watch = Watch.on(page)
    try:
        page.goto(app.origin + "/")
        assert watch.errors == []
        page.evaluate(
            """() => {
              const style = document.createElement("style");
              style.textContent = "body { color: red; }";
              document.head.append(style);
            }"""
        )
        page.evaluate(
            """() => new Promise(done => {
              const image = new Image();
              image.onerror = image.onload = done;
              image.src = "https://example.com/pixel.png";
            })"""
        )
        page.wait_for_timeout(100)
        assert any("Content Security Policy" in error for error in watch.errors), watch.errors
        assert console_errors(watch, app, PAGES[0]) != []
    finally:
        page.close()
