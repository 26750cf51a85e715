"""The migration of a version-1 register file to version 2 (``rekisteri migrate``).

``tests/register/v1/`` holds the two examples as they were in version 1 and the notices version 1
rendered from them (its golden pages), so that the migration is checked against what version 1
really printed, whatever the examples say since (the 2018 one lost a sentence the seed never said;
the modern one names Lupa- ja valvontavirasto, which replaced Valvira on 1.1.2026).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import textwrap
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri import Migration, RekisteriError, load_register, migrate_register
from rekisteri.cli import app
from rekisteri.notice.render import render_html
from rekisteri.register.migrate import migrate_text

V1 = Path(__file__).resolve().parent / "v1"
MODERN = V1 / "register.toml"
LEGACY = V1 / "rekisteriseloste-2018.toml"

runner = CliRunner()

SAID = "version 1 said on your behalf: "

MODERN_IMPLIED = [
    SAID + "'Asiakkaan omainen' is not a publicly accessible source; the file does not say so "
    '(sources[1].kind): write kind = "third-party" or kind = "controller" if that holds',
    SAID + "'Sosiaalihuollon ja terveydenhuollon henkilökunta' is not a publicly accessible "
    'source; the file does not say so (sources[2].kind): write kind = "third-party" or '
    'kind = "controller" if that holds',
    SAID + "Ajanvaraus Oy processes the data under a data processing agreement and only on your "
    "instructions (processors[0].agreement = true)",
    SAID + "Tilitoimisto Hyvinkää Oy processes the data under a data processing agreement and only "
    "on your instructions (processors[1].agreement = true)",
    SAID + "the notice states the rights that follow from the legal bases (access, "
    "rectification, erasure, restriction of processing, data portability, objection, "
    "withdrawal of consent), and that using them is free of charge and answered within one "
    'month (rights.stated = "derive")',
    SAID + "the complaint route is the Finnish Data Protection Ombudsman "
    '(rights.complaint = "fi-ombudsman")',
]


def copy(example: Path, tmp_path: Path) -> Path:
    target = tmp_path / example.name
    shutil.copyfile(example, target)
    return target


def changed_lines(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+), in order: what a reviewer of the rewrite sees."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def migrated(text: str, tmp_path: Path) -> tuple[dict[str, object], Migration]:
    path = tmp_path / "register.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    migration = migrate_register(path)
    return tomllib.loads(path.read_text(encoding="utf-8")), migration


def sentences(migration: Migration) -> list[str]:
    return [implied.sentence for implied in migration.implied]


# A version-1 register with only what version 1 required; a test adds the sections it is about.
BASE = """\
name = "Asiakasrekisteri"

[notice]
languages = ["fi"]
{layout}
[controller]
name = "Tmi Testi"

[[purposes]]
id = "care"
name = "Hoito"
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = "Yhteystiedot"
purposes = ["care"]
"""


def v1(extra: str = "", *, legacy: bool = False) -> str:
    layout = 'layout = "rekisteriseloste"\n' if legacy else ""
    return BASE.format(layout=layout) + textwrap.dedent(extra)


# --- the examples -------------------------------------------------------------------------------


def test_the_modern_example_keeps_its_comments_and_changes_only_what_version_2_says_otherwise(
    tmp_path: Path,
) -> None:
    path = copy(MODERN, tmp_path)
    before = path.read_text(encoding="utf-8")
    migration = migrate_register(path)
    after = path.read_text(encoding="utf-8")
    assert migration.written and migration.text == after
    assert changed_lines(before, after) == [
        "+",
        "+schema_version = 2",
        "-data_subject = true",
        '+kind = "data-subject"',
        "+agreement = true",
        "+agreement = true",
        "-outside_eea = false",
        '+destinations = "none"',
        '+stated = "derive"',
        '+complaint = "fi-ombudsman"',
    ]
    assert "# Tmi Terhi Kallio's client register brought up to date under the GDPR" in after
    assert "# A query, for what the declarative form cannot express" in after
    data = tomllib.loads(after)
    assert next(iter(data)) == "schema_version" and data["schema_version"] == 2
    assert sentences(migration) == MODERN_IMPLIED


def test_the_2018_example_states_nothing_on_its_owners_behalf(tmp_path: Path) -> None:
    # The 2018 layout printed a negative sentence only where the file had neither facts nor a
    # note of its own; this file has notes for its disclosures and processors, and states its
    # transfers and automated decisions itself: version 1 said nothing for it.
    path = copy(LEGACY, tmp_path)
    before = path.read_text(encoding="utf-8")
    migration = migrate_register(path)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "+",
        "+schema_version = 2",
        "-data_subject = true",
        '+kind = "data-subject"',
        "-outside_eea = false",
        '+destinations = "none"',
    ]
    assert after.splitlines()[:7] == [
        "#:schema ../../schemas/register.schema.json",
        "# A faithful transcription of Tmi Terhi Kallio's register description of 24 May 2018",
        *before.splitlines()[2:4],
        "",
        "schema_version = 2",
        "",
    ]
    assert migration.implied == ()


@pytest.mark.parametrize("example", [MODERN, LEGACY], ids=["modern", "legacy"])
def test_a_migrated_example_is_a_version_2_register(example: Path, tmp_path: Path) -> None:
    path = copy(example, tmp_path)
    migrate_register(path)
    register = load_register(path)
    assert register.schema_version == 2


# The frozen pages of tests/register/v1/ are what version 1 printed for these files. The notice's
# own wording has changed since (issue 13: layered summaries, tailored rights texts), so the
# migrated file is not expected to print the same page; it must print every text of the register
# that version 1 printed, and the same facts under the same headings are the notice tests' job.
STYLE = re.compile(r"<style>\n(.*?)</style>", re.S)
TAGS = re.compile(r"<[^>]+>")


def _page_text(html: str) -> str:
    import html as entities

    # A line-break opportunity is not a space.
    html = STYLE.sub("", html).replace("<wbr>", "")
    return " ".join(entities.unescape(TAGS.sub(" ", html)).split())


@pytest.mark.parametrize("example", [MODERN, LEGACY], ids=["modern", "legacy"])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_migrated_example_still_says_what_version_1_said(
    example: Path, lang: str, tmp_path: Path
) -> None:
    from rekisteri.register.model import iter_texts

    path = copy(example, tmp_path)
    migrate_register(path)
    register = load_register(path)
    now = _page_text(render_html(register, lang))
    then = _page_text((V1 / f"{register.notice.slug}.{lang}.html").read_text(encoding="utf-8"))
    said = [
        " ".join(text.get(lang).split())
        for _, text in iter_texts(register)
        if text.get(lang) and " ".join(text.get(lang).split()) in then
    ]
    assert len(said) > 20, "the register's own texts are found on version 1's page"
    missing = [text for text in said if text not in now]
    assert missing == []


# --- refusals -----------------------------------------------------------------------------------


def test_a_version_2_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = copy(MODERN, tmp_path)
    migrate_register(path)
    once = path.read_bytes()
    with pytest.raises(RekisteriError) as caught:
        migrate_register(path)
    assert str(caught.value).startswith(f"{path}:6:1: schema_version: the register is already")
    assert path.read_bytes() == once


def test_invalid_toml_is_refused_with_its_place_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    text = v1().replace('name = "Hoito"', 'name = "Hoito')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        migrate_register(path)
    assert str(caught.value).startswith(f"{path}:11:14: TOML syntax error")
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["register.toml"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('description = "x"\n', "not a version-1 register: name, notice, controller, purposes"),
        (v1().replace("[notice]", "[notise]"), "'notise' is not a key of a version-1 register"),
        (v1('transfers = "none"\n').replace("[notice]", 'transfers = "none"\n\n[notice]'),
         "transfers: version 1 has a [transfers] table here, not 'none'"),
        (v1('[[cookies]]\nname = "_ga"\n'), "'cookies' is version 2"),
        ("schema_version = 3\n" + v1(), "schema_version: 3 is not a register version"),
        (v1("[transfers]\nstatement = \"x\"\n"), "transfers: version 1 says outside_eea"),
        (v1('[rights]\nstated = "derive"\n'), "rights.stated: 'stated' is version 2"),
    ],
    ids=["no register", "unknown key", "none", "cookies", "version 3", "no outside_eea",
         "stated"],
)  # fmt: skip
def test_what_is_not_a_version_1_register_is_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "register.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        migrate_register(path)
    assert message in str(caught.value)
    assert path.read_text(encoding="utf-8") == text


def test_a_table_written_in_parts_apart_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    text = v1(
        '[rights]\nextra = "x"\n\n[security]\nmanual = "m"\n\n[rights.authority]\nname = "A"\n'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        migrate_register(path)
    assert str(caught.value).startswith(f"{path}:18:1: rights: [rights] is written in parts")
    assert path.read_text(encoding="utf-8") == text


def test_an_unknown_key_is_named_with_the_nearest_one(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text(v1("[[processor]]\nid = 'x'\n"), encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        migrate_register(path)
    assert caught.value.diagnostics[0].line == 18
    assert caught.value.diagnostics[0].hint == "did you mean 'processors'?"


# --- writing ------------------------------------------------------------------------------------


def test_the_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = copy(LEGACY, tmp_path)
    os.chmod(path, 0o640)
    migrate_register(path)
    assert path.stat().st_mode & 0o7777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_without_write_nothing_is_written(tmp_path: Path) -> None:
    path = copy(MODERN, tmp_path)
    before = path.read_bytes()
    migration = migrate_register(path, write=False)
    assert not migration.written
    assert path.read_bytes() == before
    assert tomllib.loads(migration.text)["schema_version"] == 2


def test_a_link_stays_a_link_to_the_migrated_file(tmp_path: Path) -> None:
    path = copy(LEGACY, tmp_path)
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    migrate_register(link)
    assert link.is_symlink()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


def test_a_file_with_windows_line_endings_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(v1().replace("\n", "\r\n").encode("utf-8"))
    migrate_register(path)
    written = path.read_bytes()
    assert written.startswith(b"schema_version = 2\r\n\r\nname = ")
    assert b"\n" not in written.replace(b"\r\n", b"")


def test_text_given_without_a_file_is_migrated_too() -> None:
    migration = migrate_text(v1(), "buffer.toml")
    assert migration.path is None and not migration.written
    assert tomllib.loads(migration.text)["schema_version"] == 2


# --- each transformation --------------------------------------------------------------------


def test_schema_version_1_becomes_2_where_it_is(tmp_path: Path) -> None:
    data, _ = migrated("# a register\nschema_version = 1\n" + v1(), tmp_path)
    assert list(data)[:2] == ["schema_version", "name"] and data["schema_version"] == 2


def test_schema_version_goes_after_the_schema_line_when_a_comment_touches_the_first_key(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.toml"
    path.write_text("#:schema s.json\n# The register's name\n" + v1(), encoding="utf-8")
    migrate_register(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        "#:schema s.json",
        "schema_version = 2",
        "",
        "# The register's name",
    ]


def test_no_transfers_section_becomes_transfers_none(tmp_path: Path) -> None:
    data, migration = migrated(v1(), tmp_path)
    assert data["transfers"] == "none"
    assert SAID + 'no data is transferred outside the EU/EEA (transfers = "none")' in sentences(
        migration
    )


def test_no_transfers_section_with_a_party_abroad_becomes_its_destination(tmp_path: Path) -> None:
    data, migration = migrated(
        v1(
            """
            [[processors]]
            id = "mail"
            name = "Mailgun Technologies Inc."
            role = "Sähköpostipalvelu"
            country = "US"

            [[recipients]]
            id = "partner"
            name = { fi = "Kumppani", en = "Partner" }
            country = "SE"
            """
        ),
        tmp_path,
    )
    assert data["transfers"] == {
        "destinations": [
            {"recipient": "Mailgun Technologies Inc.", "country": "US", "processor": "mail"}
        ]
    }
    assert (
        SAID + "data is transferred outside the EU/EEA to Mailgun Technologies Inc. (US), with no "
        'safeguard named (transfers.destinations[0] = {recipient = "Mailgun Technologies '
        'Inc.", country = "US", processor = "mail"})'
    ) in sentences(migration)


def test_transfers_stated_none_without_a_statement_is_transfers_none(tmp_path: Path) -> None:
    data, migration = migrated(v1("[transfers]\noutside_eea = false\n"), tmp_path)
    assert data["transfers"] == "none"
    assert not [i for i in migration.implied if i.loc[0] == "transfers"]


def test_transfers_keep_their_comments(tmp_path: Path) -> None:
    text = v1("[transfers]\n# all data stays in Finland\noutside_eea = false\n")
    data, _ = migrated(text, tmp_path)
    assert data["transfers"] == {"destinations": "none"}
    assert "# all data stays in Finland" in (tmp_path / "register.toml").read_text()


def test_transfers_listed_keep_their_destinations_with_safeguards_as_lists(
    tmp_path: Path,
) -> None:
    data, migration = migrated(
        v1(
            """
            [transfers]
            outside_eea = true

            [[transfers.destinations]]
            country = "US"
            recipient = "Mailgun Technologies Inc."
            safeguard = "data_privacy_framework"  # certified 2023
            """
        ),
        tmp_path,
    )
    assert data["transfers"] == {
        "destinations": [
            {
                "country": "US",
                "recipient": "Mailgun Technologies Inc.",
                "safeguards": ["data_privacy_framework"],
            }
        ]
    }
    assert "# certified 2023" in migration.text
    assert not [i for i in migration.implied if i.loc[0] == "transfers"]


def test_nobody_listed_in_the_modern_layout_is_recipients_and_processors_none(
    tmp_path: Path,
) -> None:
    data, migration = migrated(v1(), tmp_path)
    assert (data["recipients"], data["processors"]) == ("none", "none")
    assert [i.written for i in migration.implied if i.loc[0] in ("recipients", "processors")] == [
        'recipients = "none"',
        'processors = "none"',
    ]
    # Plain keys of the top level, before the first table.
    assert migration.text.index('processors = "none"') < migration.text.index("[notice]")


def test_a_note_on_recipients_was_all_the_modern_notice_said(tmp_path: Path) -> None:
    data, _ = migrated(v1('[notes]\nrecipients = "Tietoja ei luovuteta."\n'), tmp_path)
    assert "recipients" not in data and "processors" not in data


def test_the_2018_layout_said_none_for_each_section_without_a_note(tmp_path: Path) -> None:
    data, migration = migrated(
        v1('[notes]\nprocessors = "Rekisteriä käsittelee Tmi Testi."\n', legacy=True), tmp_path
    )
    assert data["recipients"] == "none" and "processors" not in data
    assert (
        SAID + 'the data is not regularly disclosed to anyone (recipients = "none")'
        in sentences(migration)
    )


def test_a_processor_without_a_country_was_in_finland(tmp_path: Path) -> None:
    inline = 'processors = [{ id = "books", name = "Tilitoimisto Oy", role = "Kirjanpito" }]\n'
    data, migration = migrated(v1().replace("\n[notice]", f"{inline}\n[notice]", 1), tmp_path)
    assert data["processors"] == [
        {
            "id": "books",
            "name": "Tilitoimisto Oy",
            "role": "Kirjanpito",
            "country": "FI",
            "agreement": True,
        }
    ]
    assert (
        SAID + 'Tilitoimisto Oy processes the data in Finland (processors[0].country = "FI")'
        in sentences(migration)
    )


def test_a_processor_table_gets_its_country_after_its_role(tmp_path: Path) -> None:
    _, migration = migrated(
        v1('[[processors]]\nid = "b"\nname = "B Oy"\nrole = "Varaukset"\nrecipient = false\n'),
        tmp_path,
    )
    assert 'role = "Varaukset"\ncountry = "FI"\nrecipient = false\n' in migration.text


def test_no_automated_decisions_section_becomes_none(tmp_path: Path) -> None:
    data, migration = migrated(v1(), tmp_path)
    assert data["automated_decisions"] == "none"
    assert (
        SAID + "no decisions based solely on automated processing, including profiling, that "
        'have legal or similarly significant effects are made (automated_decisions = "none")'
    ) in sentences(migration)


def test_automated_decisions_get_their_version_1_defaults_written(tmp_path: Path) -> None:
    data, migration = migrated(
        v1('[automated_decisions]\nstatement = "Emme tee automaattisia päätöksiä."\n'), tmp_path
    )
    assert data["automated_decisions"] == {
        "used": False,
        "profiling": False,
        "statement": "Emme tee automaattisia päätöksiä.",
    }
    assert [i.written for i in migration.implied if i.loc[0] == "automated_decisions"] == [
        "automated_decisions.used = false",
        "automated_decisions.profiling = false",
    ]


def test_no_rights_section_in_the_modern_layout_is_derived_rights_and_the_ombudsman(
    tmp_path: Path,
) -> None:
    data, migration = migrated(v1('[store]\nurl = "asiakkaat.sqlite"\n'), tmp_path)
    assert data["rights"] == {"stated": "derive", "complaint": "fi-ombudsman"}
    assert migration.text.index("[rights]") < migration.text.index("[store]")
    said = {i.key: i for i in migration.implied}
    assert said["rights.stated"].fact.startswith(
        "the notice states the rights that follow from the legal bases (access, rectification, "
        "erasure, restriction of processing, data portability)"
    )
    assert said["rights.how_to_exercise"].written is None


def test_no_rights_section_in_the_2018_layout_stays_unstated(tmp_path: Path) -> None:
    data, migration = migrated(v1(legacy=True), tmp_path)
    assert "rights" not in data
    assert not [i for i in migration.implied if i.loc[0] == "rights"]


def test_a_named_authority_becomes_the_complaint_route(tmp_path: Path) -> None:
    data, migration = migrated(
        v1(
            """
            [rights]
            how_to_exercise = "Lähetä sähköpostia."

            [rights.authority]
            # the Swedish authority, for our Swedish clients
            name = "Integritetsskyddsmyndigheten"
            """
        ),
        tmp_path,
    )
    assert data["rights"] == {
        "stated": "derive",
        "how_to_exercise": "Lähetä sähköpostia.",
        "complaint": {"name": "Integritetsskyddsmyndigheten"},
    }
    assert "# the Swedish authority, for our Swedish clients" in migration.text
    assert [i.key for i in migration.implied if i.loc[0] == "rights"] == ["rights.stated"]


@pytest.mark.parametrize(
    "source, kind",
    [
        ("data_subject = true", "data-subject"),
        ("publicly_accessible = true", "public"),
        ("data_subject = true\npublicly_accessible = true", "data-subject"),
        ("publicly_accessible = false", None),
        ("", None),
    ],
)
def test_a_source_has_a_kind_only_where_version_1_said_it(
    tmp_path: Path, source: str, kind: str | None
) -> None:
    data, _ = migrated(
        v1(f'[[sources]]\nid = "s"\nname = "Lähde"\n{source}\n', legacy=True), tmp_path
    )
    sources = data["sources"]
    assert isinstance(sources, list)
    assert sources[0] == {"id": "s", "name": "Lähde", **({"kind": kind} if kind else {})}


def test_the_modern_notice_said_a_source_of_no_kind_was_not_public(tmp_path: Path) -> None:
    data, migration = migrated(v1('[[sources]]\nid = "s"\nname = "Lähde"\n'), tmp_path)
    assert data["sources"] == [{"id": "s", "name": "Lähde"}]
    unwritten = [i for i in migration.implied if i.loc == ("sources", 0, "kind")]
    assert [i.written for i in unwritten] == [None]


# --- the command --------------------------------------------------------------------------------


def test_the_command_prints_each_implied_statement(tmp_path: Path) -> None:
    path = copy(MODERN, tmp_path)
    result = runner.invoke(app, ["migrate", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: rewritten as version 2"
    assert [line.removeprefix("- ") for line in lines[2:]] == MODERN_IMPLIED
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


@pytest.mark.parametrize("bad", ["twice", "invalid", "missing"])
def test_the_command_refuses_bad_input_with_exit_1(tmp_path: Path, bad: str) -> None:
    path = copy(LEGACY, tmp_path)
    if bad == "twice":
        migrate_register(path)
    elif bad == "invalid":
        path.write_text("name = \n", encoding="utf-8")
    else:
        path = tmp_path / "nowhere.toml"
    result = runner.invoke(app, ["migrate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:")
    assert "Traceback" not in result.output and 'File "' not in result.output
