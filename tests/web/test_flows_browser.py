"""The owner's flows through the app in a real browser (issue 18, the end-to-end tests), in
Finnish and in Swedish: from a starter register to a published notice, with the page's own
script; and an access request from logging it to the encrypted zip and closing it.

Each flow: a register from `rekisteri init`'s starter, served as the owner serves it; in the
editor, a wrong email address is shown at its field as it is typed and the check's panel says
so; mending it clears both; a new name of the register is seen in the notice's preview before
anything is saved; saving writes the file (its previous version kept) and puts the focus on the
message saying so; publishing writes the folder. axe-core finds nothing on the pages the flow
passes through, at a desktop's and a phone's width, and their screenshots are kept in
build/screenshots/web/.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pyzipper

from app_server import served
from browser_checks import DESKTOP, PHONE, describe, launched_chromium, run_axe
from rekisteri.operations.service import RequestLog
from rekisteri.register.starter import StarterAnswers, write_starter
from store_fixtures import build_sqlite

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots" / "web"
WORDS = {
    "fi": {"saved": "Tallennettu", "published": "Julkaistu", "name": "Parturi Saksien rekisteri"},
    "sv": {"saved": "Sparat", "published": "Publicerat", "name": "Frisör Saxarnas register"},
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def accessible(page: Any, name: str) -> None:
    """axe finds nothing on the page at either width; a screenshot of each is kept."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"flow-{name}-{width}.png"), full_page=True)
        violations = run_axe(page).response["violations"]
        assert not violations, f"{name} at {width} px:\n{describe(violations)}"
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_from_a_starter_register_to_a_published_notice(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    register = tmp_path / "register.toml"
    write_starter(
        register,
        StarterAnswers(
            controller="Parturi Sakset", contact="Sanna Saksinen", email="sanna@sakset.fi",
            languages=[lang, "en"],
        ),
    )  # fmt: skip
    words = WORDS[lang]
    with served(register) as app:
        context = browser.new_context(viewport=DESKTOP, locale=f"{lang}-FI")
        context.route(lambda url: not url.startswith(app.origin + "/"), lambda r: r.abort())
        errors: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(app.start)
        page.goto(app.origin + "/editor")
        assert page.evaluate("() => document.documentElement.lang") == lang

        # A wrong address is shown at its field as it is typed, and in the panel.
        page.click("#f-controller > summary")
        email = page.locator("#f-controller-email-v")
        email.fill("sanna(at)sakset.fi")
        email.press("Tab")
        message = page.locator("#e-f-controller-email")
        message.locator("p").wait_for()
        assert "sanna(at)sakset.fi" in message.inner_text()
        assert email.get_attribute("aria-invalid") == "true"
        assert page.locator("#panel a[href='#f-controller-email']").count() == 1
        accessible(page, f"editor-error-{lang}")

        # Mended, the message and the panel's entry go.
        email.fill("sanna@sakset.fi")
        email.press("Tab")
        page.wait_for_function("() => !document.querySelector('#e-f-controller-email p')")
        assert email.get_attribute("aria-invalid") is None

        # The preview follows a change before it is saved.
        page.click("#sf-name > summary")
        name = page.locator(f"#f-name-{lang}")
        name.fill(words["name"])
        name.press("Tab")
        page.locator("#preview", has_text=words["name"]).wait_for()
        assert words["name"] not in register.read_text(encoding="utf-8")

        # Saving writes the file and moves the focus to the message saying so.
        with page.expect_navigation():
            page.locator("button[value=save]").first.click()
        status = page.locator("#status")
        assert words["saved"] in status.inner_text()
        page.wait_for_function("() => document.activeElement.id === 'status'")
        saved = tomllib.loads(register.read_text(encoding="utf-8"))
        assert saved["name"][lang] == words["name"]
        assert saved["controller"]["email"] == "sanna@sakset.fi"
        assert register.with_name("register.toml.previous").is_file()
        accessible(page, f"editor-saved-{lang}")

        # Publishing writes the folder.
        page.goto(app.origin + "/publish")
        accessible(page, f"publish-{lang}")
        with page.expect_navigation():
            page.click("form[action='/publish'] button")
        assert words["published"] in page.locator("#status").inner_text()
        assert (tmp_path / "site" / "index.html").is_file()
        notices = [
            path for path in (tmp_path / "site").glob(f"*.{lang}.html")
            if not path.name.startswith("versions.")
        ]  # fmt: skip
        assert len(notices) == 1
        assert words["name"] in notices[0].read_text(encoding="utf-8")
        assert not errors, errors
        context.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_access_request_from_logging_to_the_encrypted_zip_and_closing(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    example = ROOT / "examples" / "terhi-kallio"
    register = tmp_path / "register.toml"
    shutil.copyfile(example / "register.toml", register)
    store = tmp_path / "asiakkaat.sqlite"
    build_sqlite(store, (example / "store.sql").read_text(encoding="utf-8"))
    store_bytes = store.read_bytes()
    with served(register) as app:
        context = browser.new_context(viewport=DESKTOP, locale=f"{lang}-FI")
        context.route(lambda url: not url.startswith(app.origin + "/"), lambda r: r.abort())
        errors: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(app.start)

        # Logged from the inbox's form for the right of access.
        page.goto(app.origin + "/requests/new/access")
        page.fill("#subject", "Aino Virtanen")
        with page.expect_navigation():
            page.click("form[action='/requests/new/access'] button[type=submit]")
        [logged] = RequestLog.of(register).requests()
        assert page.url.startswith(f"{app.origin}/requests/{logged.id}")
        accessible(page, f"request-{lang}")

        # The person found by email, the bundle previewed, the held category released.
        page.check("#person-kind-email")
        page.fill("#person-value", "aino.virtanen@example.com")
        with page.expect_navigation():
            page.click(f"form[action='/requests/{logged.id}/person'] button[type=submit]")
        with page.expect_navigation():
            page.locator(f"form[action='/requests/{logged.id}/preview'] button").first.click()
        accessible(page, f"request-preview-{lang}")
        page.check("#decision-health-release")
        with page.expect_navigation():
            page.click(f"form[action='/requests/{logged.id}/bundle'] button[type=submit]")
        passphrase = page.locator(".passphrase code").inner_text()
        assert len(passphrase) == 29
        accessible(page, f"request-bundle-{lang}")
        [delivered] = RequestLog.of(register).requests()
        assert delivered.status.value == "delivered"
        assert RequestLog.of(register).decisions(logged.id)[0]["released"] is True
        with pyzipper.AESZipFile(delivered.bundle) as archive:
            archive.setpassword(passphrase.encode())
            assert any(name.endswith("data.json") for name in archive.namelist())

        # Closed with its outcome; the passphrase is on no later page.
        page.goto(f"{app.origin}/requests/{logged.id}")
        assert passphrase not in page.content()
        page.fill("#close-outcome", "Vastattu." if lang == "fi" else "Besvarad.")
        with page.expect_navigation():
            page.click(f"form[action='/requests/{logged.id}/close'] button[type=submit]")
        assert RequestLog.of(register, None).requests(include_closed=True)[0].status.value == (
            "closed"
        )
        assert RequestLog.of(register).verify().problem is None
        assert store.read_bytes() == store_bytes
        assert not errors, errors
        context.close()
