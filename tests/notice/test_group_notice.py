"""The short notice for one data-subject group: what a practice hands to a client's next of kin.

GDPR Art. 14 applies to data not obtained from the person: a next of kin's name and phone number
come from the client who named them, so the next of kin is owed the Art. 14 items that concern
them, and nothing that concerns only the clients. The golden files hold the text a reader sees
(``tests/golden/tietosuojaseloste-next-of-kin.<lang>.txt``; ``UPDATE_GOLDEN=1`` rewrites them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from page_text import visible_text
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.notice.group_notice import group_register
from rekisteri.notice.render import render_html
from rekisteri.register.loading import load_register
from rekisteri.register.model import Right, SourceKind
from rekisteri.register.rights import applicable_rights, portability

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def register():  # type: ignore[no-untyped-def]
    return load_register(EXAMPLE)


@pytest.fixture(scope="module")
def kin(register):  # type: ignore[no-untyped-def]
    return group_register(register, "next-of-kin")


def test_only_the_data_about_the_group_is_kept(kin) -> None:  # type: ignore[no-untyped-def]
    assert [c.id for c in kin.data_categories] == ["next-of-kin"]
    assert [g.id for g in kin.data_subjects] == ["next-of-kin"]
    assert [p.id for p in kin.purposes] == ["client-care"]
    assert [r.id for r in kin.retention] == ["client-relationship"]
    # The recipients and processors of the example name other categories only.
    assert kin.recipient_list == [] and kin.processor_list == []
    assert kin.direct_marketing is None and kin.cookies is None


def test_only_the_roles_that_see_the_groups_data_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8")
        + '\n[[staff]]\nrole = { fi = "Kirjanpitäjä", en = "Bookkeeper" }\n'
        'data_categories = ["billing"]\n'
        '\n[[staff]]\nrole = { fi = "Sijainen", en = "Locum" }\n'
        'data_categories = ["billing", "next-of-kin"]\n'
        '\n[[staff]]\nrole = { fi = "Siivooja", en = "Cleaner" }\n',
        encoding="utf-8",
    )
    kin = group_register(load_register(path), "next-of-kin")
    # The bookkeeper sees none of the next of kin's data; the locum sees it, and is listed
    # with that category only; a role naming no category is about the whole register.
    assert [(s.role.get("en"), s.data_categories) for s in kin.staff] == [
        ("Locum", ["next-of-kin"]),
        ("Cleaner", []),
    ]
    assert "Kirjanpitäjä" not in visible_text(render_html(kin, "fi"))


def test_the_client_who_named_them_is_a_third_party_source(kin) -> None:  # type: ignore[no-untyped-def]
    sources = {s.id: s for s in kin.sources}
    # Art. 14(2)(f): from the next of kin's side, the client is someone else.
    assert sources["client"].kind is SourceKind.THIRD_PARTY
    assert sources["client"].name.get("fi") == "Asiakkaat"
    assert sources["relative"].kind is SourceKind.DATA_SUBJECT


def test_no_portability_and_no_marketing_for_next_of_kin(register, kin) -> None:  # type: ignore[no-untyped-def]
    (category,) = kin.data_categories
    assert not portability(kin, category).portable
    assert Right.PORTABILITY not in applicable_rights(kin)
    html = render_html(kin, "fi")
    assert "siirtää tiedot järjestelmästä toiseen" not in html
    assert "Tarjoukset ja tapahtumatiedotteet" not in html
    # …while the full notice still offers both to the clients.
    assert Right.PORTABILITY in applicable_rights(register)


def test_the_short_notice_is_titled_for_the_group(kin) -> None:  # type: ignore[no-untyped-def]
    assert kin.notice.subtitle.get("fi") == "Kenelle: Asiakkaiden lähiomaiset"
    assert kin.notice.subtitle.get("en") == "For: Clients' next of kin"
    assert kin.notice.slug == "tietosuojaseloste-next-of-kin"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_golden(kin, lang: str) -> None:  # type: ignore[no-untyped-def]
    text = visible_text(render_html(kin, lang)).encode("utf-8")
    golden = GOLDEN / f"tietosuojaseloste-next-of-kin.{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(text)
    assert golden.exists(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_bytes(), (
        f"{golden.name} differs; if intended run UPDATE_GOLDEN=1 pytest {__file__}"
    )


def test_an_unknown_group_names_the_nearest(register) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RekisteriError) as caught:
        group_register(register, "next-of-kinn")
    assert "did you mean 'next-of-kin'?" in str(caught.value)
    assert "register.toml:" in str(caught.value)


def test_a_group_no_category_is_about_is_refused(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('subjects = ["next-of-kin"]', 'subjects = ["clients"]')
    path = tmp_path / "register.toml"
    path.write_text(text.replace("#:schema ../../schemas/register.schema.json\n", ""), "utf-8")
    with pytest.raises(RekisteriError, match="no data category is stated to be about"):
        group_register(load_register(path), "next-of-kin")


def test_cli_writes_the_group_notice_and_refuses_a_fragment(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["render", str(EXAMPLE), "-o", str(out), "--group", "next-of-kin", "--format", "html"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "tietosuojaseloste-next-of-kin.en.html",
        "tietosuojaseloste-next-of-kin.fi.html",
    ]
    refused = runner.invoke(app, [*args, "--fragment", "-o", str(tmp_path / "other")])
    assert refused.exit_code == 1
    assert "--fragment" in refused.output
    assert not (tmp_path / "other").exists()


def test_the_full_notice_names_who_gives_each_source_by_its_group(register) -> None:  # type: ignore[no-untyped-def]
    # "Given by: you yourself" under the client's source would tell a next of kin reading the
    # full notice that they gave the details the client gave of them.
    sources = visible_text(render_html(register, "fi")).split("Mistä tiedot saadaan")[-1]
    assert "Tietojen antaja\nAsiakkaat\n" in sources
    assert "Tietojen antaja\nAsiakkaiden lähiomaiset\n" in sources
    assert "Sinä itse" not in sources
