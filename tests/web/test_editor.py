"""The app's register editor (issue 18, item 3) through its ASGI interface: the form read from
the model, a change checked as it is made with the same diagnostics as `validate`, the lint's
findings linked to their fields, the preview following the draft, and saving: the file
changed in the changed line only, its previous version kept, an invalid draft and a file changed
by hand meanwhile never written."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from rekisteri.register.editing import PREVIOUS_SUFFIX
from web_client import Answer, Browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"
NAME_FI = "purposes[0].name~fi"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def browser(register: Path) -> Browser:
    return Browser(register)


def post(browser: Browser, path: str, **fields: str) -> Answer:
    return browser.request("POST", path, form={"csrf": browser.session.csrf, **fields})


def change(browser: Browser, **fields: str) -> dict[str, Any]:
    answer = post(browser, "/editor/field", preview="fi", **fields)
    assert answer.status == 200, answer.text
    data: dict[str, Any] = json.loads(answer.body)
    return data


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_the_editor_shows_every_section_with_a_field_per_language_and_the_preview(
    browser: Browser,
) -> None:
    page = browser.request("GET", "/editor")
    assert page.status == 200
    html = page.text
    for section in ("notice", "controller", "purposes", "data_categories", "retention", "rights"):
        assert f'id="f-{section}"' in html, section
    # A localized text has a field for each language of the notice, side by side.
    assert f'name="{NAME_FI}"' in html and 'name="purposes[0].name~en"' in html
    assert 'lang="en" value="Providing the services and managing the client relationship"' in html
    # The model's own description is the field's help, and the label says what the field is.
    assert 'id="h-f-purposes-0-legal_basis"' in html
    assert "Tmi Terhi Kallion asiakasrekisteri" in html
    # The preview is the notice, its own style allowed by its hash only.
    assert 'class="rekisteri-notice' in html
    assert "'sha256-" in page.headers["content-security-policy"]
    assert '<script src="/static/editor.js" defer></script>' in html


def test_a_change_updates_the_preview_and_is_not_written_before_save(
    browser: Browser, register: Path
) -> None:
    before = register.read_bytes()
    answer = change(browser, **{NAME_FI: "Ajanvaraus ja hoito"})
    assert "Ajanvaraus ja hoito" in answer["preview"]
    assert answer["unsaved"] is True and answer["stale"] is False
    assert answer["errors"] == {}
    assert register.read_bytes() == before
    # The page shows the draft, and says it is not saved.
    page = browser.request("GET", "/editor").text
    assert 'value="Ajanvaraus ja hoito"' in page
    assert '<p id="unsaved">' in page


def test_a_value_that_is_not_of_its_field_is_shown_at_the_field_and_never_kept(
    browser: Browser, register: Path
) -> None:
    answer = change(browser, **{"notice.updated": "15.1.2024"})
    assert answer["errors"]["f-notice-updated"] == [
        "Write the date as year-month-day, e.g. 2025-01-31."
    ]
    assert answer["unsaved"] is False
    assert tomllib.loads(register.read_text())["notice"]["updated"].isoformat() == "2024-01-15"


def test_a_value_the_model_refuses_is_shown_at_its_field_as_validate_says_it(
    browser: Browser,
) -> None:
    answer = change(browser, **{"controller.email": "terhi.kallio(at)outlook.com"})
    messages = answer["errors"]["f-controller-email"]
    assert len(messages) == 1 and "email" in messages[0].lower()
    # The preview stays the last one that could be made, and says so.
    assert answer["stale"] is True
    assert "places to fix" in answer["panel"] or "place to fix" in answer["panel"]
    assert 'href="#f-controller-email"' in answer["panel"]
    page = browser.request("GET", "/editor")
    assert re.search(r'id="f-controller-email-v"[^>]*aria-invalid="true"', page.text)


def test_the_lints_findings_link_to_their_fields_with_the_article(browser: Browser) -> None:
    answer = change(browser, **{"purposes[3].legal_basis": "legitimate_interests"})
    panel = answer["panel"]
    assert 'href="#f-purposes-3' in panel
    assert re.search(r"\((?:GDPR|EU 2016/679)[^)]*\)|Art\. \d+|artikla", panel), panel


def test_saving_writes_the_changed_line_only_and_keeps_the_previous_version(
    browser: Browser, register: Path
) -> None:
    before = register.read_text(encoding="utf-8")
    change(browser, **{NAME_FI: "Ajanvaraus ja hoito"})
    saved = post(browser, "/editor", action="save")
    assert saved.status == 303 and saved.headers["location"] == "/editor?saved=1#status"
    after = register.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-name = { fi = "Palvelujen toteuttaminen ja asiakassuhteen hoito", en = "Providing the '
        'services and managing the client relationship" }',
        '+name = { fi = "Ajanvaraus ja hoito", en = "Providing the services and managing the '
        'client relationship" }',
    ]
    previous = register.with_name(register.name + PREVIOUS_SUFFIX)
    assert previous.read_text(encoding="utf-8") == before
    page = browser.request("GET", "/editor?saved=1").text
    assert "register.toml.previous" in page


def test_an_invalid_draft_is_not_saved(browser: Browser, register: Path) -> None:
    before = register.read_bytes()
    change(browser, **{"controller.email": "nobody"})
    answer = post(browser, "/editor", action="save")
    assert answer.status == 400
    assert "fix what the check found" in answer.text
    assert register.read_bytes() == before


def test_a_change_made_by_hand_meanwhile_is_never_overwritten(
    browser: Browser, register: Path
) -> None:
    change(browser, **{NAME_FI: "Ajanvaraus ja hoito"})
    by_hand = register.read_text(encoding="utf-8").replace('"2024-1"', '"2024-2"')
    register.write_text(by_hand, encoding="utf-8")
    page = browser.request("GET", "/editor")
    assert 'value="reload"' in page.text
    answer = post(browser, "/editor", action="save")
    assert answer.status == 409
    assert register.read_text(encoding="utf-8") == by_hand
    reloaded = post(browser, "/editor", action="reload")
    assert reloaded.status == 303
    assert 'value="2024-2"' in browser.request("GET", "/editor").text


def test_a_file_changed_by_hand_with_nothing_unsaved_is_shown_as_it_is_now(
    browser: Browser, register: Path
) -> None:
    assert 'value="2024-1"' in browser.request("GET", "/editor").text
    register.write_text(
        register.read_text(encoding="utf-8").replace('"2024-1"', '"2024-9"'), encoding="utf-8"
    )
    page = browser.request("GET", "/editor").text
    assert 'value="2024-9"' in page
    assert "changed outside the app" in page


def test_entries_are_added_moved_and_removed_without_script(
    browser: Browser, register: Path
) -> None:
    added = post(browser, "/editor", action="add:purposes")
    assert added.status == 303 and added.headers["location"] == "/editor#f-purposes-6"
    page = browser.request("GET", "/editor").text
    assert 'id="f-purposes-6"' in page and "missing required key" in page
    post(browser, "/editor", action="remove:purposes[6]")
    moved = post(browser, "/editor", action="down:purposes[0]")
    assert moved.headers["location"] == "/editor#f-purposes-1"
    post(browser, "/editor", action="save")
    ids = [p["id"] for p in tomllib.loads(register.read_text())["purposes"]]
    assert ids[:2] == ["patient-records", "client-care"] and len(ids) == 6


def test_the_whole_form_without_script_shows_a_bad_value_at_its_field(
    browser: Browser, register: Path
) -> None:
    before = register.read_bytes()
    answer = post(browser, "/editor", action="save", **{"notice.effective": "tomorrow"})
    assert answer.status == 400
    assert re.search(r'id="f-notice-effective-v"[^>]*aria-invalid="true"', answer.text)
    assert "Write the date as year-month-day" in answer.text
    assert register.read_bytes() == before


def test_only_the_forms_own_fields_can_be_changed(browser: Browser, register: Path) -> None:
    before = register.read_bytes()
    for name in ("purposes[0].evil", "__class__", "../../etc/passwd", "purposes[99].name~fi"):
        answer = post(browser, "/editor/field", **{name: "x"})
        assert answer.status == 400, name
    assert post(browser, "/editor", action="save").status == 303
    assert register.read_bytes() == before


def test_a_change_without_the_csrf_token_is_refused(browser: Browser, register: Path) -> None:
    answer = browser.request("POST", "/editor/field", form={NAME_FI: "x"})
    assert answer.status == 403
    page = browser.request("GET", "/editor").text
    assert '<p id="unsaved" hidden>' in page
    assert 'value="Palvelujen toteuttaminen ja asiakassuhteen hoito"' in page


def test_the_interface_speaks_finnish_and_swedish(browser: Browser) -> None:
    fi = browser.request("GET", "/editor", headers={"accept-language": "fi"}).text
    assert "Muokkaa rekisteriä" in fi and "Tallenna" in fi
    sv = browser.request("GET", "/editor", headers={"accept-language": "sv"}).text
    assert "Redigera registret" in sv and "Spara" in sv
    answer = post(browser, "/editor/field", preview="fi", **{"notice.updated": "x"})
    assert answer.status == 200


def test_a_register_that_is_not_toml_can_be_mended_in_the_app(
    browser: Browser, register: Path
) -> None:
    good = register.read_text(encoding="utf-8")
    broken = good.replace("[controller]", "[controller", 1)
    register.write_text(broken, encoding="utf-8")
    page = browser.request("GET", "/editor")
    assert page.status == 200
    assert "cannot be read" in page.text and 'name="source"' in page.text
    line = broken.splitlines().index("[controller") + 1
    assert f":{line}" in page.text
    still = post(browser, "/editor", action="source", source=broken)
    assert still.status == 400 and register.read_text(encoding="utf-8") == broken
    mended = post(browser, "/editor", action="source", source=good)
    assert mended.status == 303
    assert register.read_text(encoding="utf-8") == broken  # only a save writes
    assert post(browser, "/editor", action="save").status == 303
    assert register.read_text(encoding="utf-8") == good


def test_the_pdf_preview_is_the_drafts_notice(browser: Browser) -> None:
    change(browser, **{NAME_FI: "Ajanvaraus ja hoito"})
    answer = browser.request("GET", "/editor/pdf/fi")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body.startswith(b"%PDF-")
    assert browser.request("GET", "/editor/pdf/sv").status == 404


def test_a_section_is_started_stated_none_and_taken_out_through_its_state(
    browser: Browser, register: Path
) -> None:
    assert "dpo" not in tomllib.loads(register.read_text())
    post(browser, "/editor", action="check", dpo="stated")
    page = browser.request("GET", "/editor").text
    assert 'id="f-dpo-name-v"' in page
    post(browser, "/editor", action="check", **{"dpo.name": "Tietosuojavastaava"})
    post(browser, "/editor", action="check", processors="none")
    post(browser, "/editor", action="save")
    saved = tomllib.loads(register.read_text())
    assert saved["dpo"] == {"name": "Tietosuojavastaava"} and saved["processors"] == "none"
    post(browser, "/editor", action="check", dpo="absent")
    post(browser, "/editor", action="save")
    assert "dpo" not in tomllib.loads(register.read_text())
