"""Loading a register: every way a file can be wrong ends in located, actionable diagnostics.

Each invalid input is written inline from ``BASE``, a small valid fi+en register, and asserts the
exact line, key path and message (and the hint where it is the point). Line numbers refer to
``BASE`` as printed below; appended tables start on line 39.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from rekisteri import Register, RekisteriError, load_register, parse_register
from rekisteri.errors import Diagnostic
from rekisteri.register.loading import MAX_BYTES, EmptyRegister, decode

BASE = textwrap.dedent(
    """\
    name = { fi = "Asiakasrekisteri", en = "Client register" }
    schema_version = 2
    [notice]
    languages = ["fi", "en"]
    default_language = "fi"

    [controller]
    name = "Tmi Testi"
    business_id = "2464491-9"
    email = "info@example.fi"
    phone = "045 127 0888"

    [[data_subjects]]
    id = "clients"
    name = { fi = "Asiakkaat", en = "Clients" }

    [[purposes]]
    id = "care"
    name = { fi = "Asiakkaiden hoito", en = "Client care" }
    legal_basis = "contract"

    [[data_categories]]
    id = "contact"
    name = { fi = "Yhteystiedot", en = "Contact details" }
    subjects = ["clients"]
    purposes = ["care"]
    sources = ["client"]
    retention = "relationship"

    [[sources]]
    id = "client"
    name = { fi = "Asiakas itse", en = "The client" }

    [[retention]]
    id = "relationship"
    period = "P2Y"
    counted_from = { fi = "asiakassuhteen päättymisestä", en = "end of the relationship" }
    """
)
BASE_LINES = BASE.count("\n")


def edit(old: str, new: str) -> str:
    """BASE with the one occurrence of ``old`` replaced."""
    assert BASE.count(old) == 1, f"{old!r} must occur exactly once in BASE"
    return BASE.replace(old, new)


def append(text: str) -> str:
    """BASE with tables appended after one blank line (the first appended line is 39)."""
    return BASE + "\n" + textwrap.dedent(text)


def diagnostics_of(
    write_register: Callable[[str], Path], text: str
) -> tuple[Path, Sequence[Diagnostic]]:
    path = write_register(text)
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    return path, caught.value.diagnostics


def only(diagnostics: Sequence[Diagnostic], path: str) -> Diagnostic:
    found = [d for d in diagnostics if d.path == path]
    assert len(found) == 1, f"expected one diagnostic at {path!r}, got {diagnostics}"
    return found[0]


# -- the base itself ------------------------------------------------------------------------


def test_base_register_is_valid_and_line_numbers_hold(write_register: Callable) -> None:
    register = load_register(write_register(BASE))
    assert isinstance(register, Register)
    assert BASE_LINES == 37
    assert BASE.splitlines()[19] == 'legal_basis = "contract"'  # line 20
    assert append("[x]\n").splitlines()[38] == "[x]"  # appended tables start on line 39


def test_valid_register_loads_with_every_text_in_both_languages(
    write_register: Callable,
) -> None:
    path = write_register(BASE)
    register = load_register(path)
    assert register.source_path == path
    assert register.languages == ["fi", "en"]
    assert register.name.get("fi") == "Asiakasrekisteri"
    assert register.name.get("en") == "Client register"
    assert register.purpose("care").legal_basis == "contract"
    assert register.data_category("contact").retention == "relationship"


def test_plain_strings_resolve_to_the_default_language_of_a_single_language_register(
    write_register: Callable,
) -> None:
    register = load_register(
        write_register(
            """\
            name = "Asiakasrekisteri"
            schema_version = 2

            [notice]
            languages = ["fi"]

            [controller]
            name = "Tmi Testi"

            [[purposes]]
            id = "care"
            name = "Asiakkaiden hoito"

            [[data_categories]]
            id = "contact"
            name = "Yhteystiedot"
            purposes = ["care"]
            """
        )
    )
    assert register.default_language == "fi"
    assert register.name.values == {"fi": "Asiakasrekisteri"}
    assert register.purposes[0].name.values == {"fi": "Asiakkaiden hoito"}
    assert register.data_categories[0].name.get("fi") == "Yhteystiedot"


def test_plain_strings_take_the_declared_default_language(write_register: Callable) -> None:
    text = edit('languages = ["fi", "en"]\ndefault_language = "fi"', 'languages = ["en"]')
    text = text.replace('{ fi = "Asiakkaiden hoito", en = "Client care" }', '"Client care"')
    # The other texts keep their unused fi; the plain string must become English.
    register = load_register(write_register(text))
    assert register.purposes[0].name.get("en") == "Client care"
    assert register.purposes[0].name.values == {"en": "Client care"}


def test_a_utf8_bom_is_not_part_of_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_register(path).name.get("fi") == "Asiakasrekisteri"
    # Text handed over directly (an editor buffer) may carry the BOM as a character.
    assert parse_register("\ufeff" + BASE).name.get("en") == "Client register"


def test_a_bom_does_not_shift_columns(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(b"\xef\xbb\xbf" + edit("[notice]", "[notise]").encode())
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    unknown = only(caught.value.diagnostics, "notise")
    assert (unknown.line, unknown.column) == (3, 1)


# -- validation errors, located -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    line: int
    path: str
    message: str
    hint: str = ""
    column: int | None = None


CASES = [
    Case(
        "wrong type: number for text",
        edit('name = "Tmi Testi"', "name = 42"),
        8,
        "controller.name",
        "expected text in quotes, got the number 42",
        hint='write name = "…"',
        column=1,
    ),
    Case(
        "wrong type: string for array",
        edit('subjects = ["clients"]', 'subjects = "clients"'),
        25,
        "data_categories[0].subjects",
        "expected an array, got the text 'clients'",
        hint="write an array",
    ),
    Case(
        "wrong type: string for boolean",
        edit('legal_basis = "contract"', 'legal_basis = "contract"\ndirect_marketing = "often"'),
        21,
        "purposes[0].direct_marketing",
        "expected true or false, got the text 'often'",
    ),
    Case(
        "wrong type: string for table",
        edit('[[sources]]\nid = "client"', '[[sources]]\nid = "client"\ndescription = []'),
        32,
        "sources[0].description",
        "expected a string or a table of languages",
    ),
    Case(
        "wrong type: date for text",
        edit('name = "Tmi Testi"', "name = 2018-05-24"),
        8,
        "controller.name",
        "expected text in quotes, got the date 2018-05-24",
    ),
    Case(
        "unknown key with a typo",
        edit('legal_basis = "contract"', 'legal_bassis = "contract"'),
        20,
        "purposes[0].legal_bassis",
        "unknown key 'legal_bassis'",
        hint="did you mean 'legal_basis'?",
        column=1,
    ),
    Case(
        "unknown key in the controller",
        edit('email = "info@example.fi"', 'emial = "info@example.fi"'),
        10,
        "controller.emial",
        "unknown key 'emial'",
        hint="did you mean 'email'? allowed keys here: name, names, business_id",
    ),
    Case(
        "unknown key inside an inline table",
        edit(
            'phone = "045 127 0888"',
            'phone = "045 127 0888"\naddress = { stret = "Siltakatu 1", postal_code = "05900", '
            'city = "Hyvinkää" }',
        ),
        12,
        "controller.address.stret",
        "unknown key 'stret'",
        hint="did you mean 'street'?",
        column=13,
    ),
    Case(
        "misspelt enum value",
        edit('legal_basis = "contract"', 'legal_basis = "contrct"'),
        20,
        "purposes[0].legal_basis",
        "'contrct' is not one of consent, contract, legal_obligation",
        hint="did you mean 'contract'?",
        column=1,
    ),
    Case(
        "misspelt language in the notice",
        edit('languages = ["fi", "en"]', 'languages = ["fi", "em"]'),
        4,
        "notice.languages[1]",
        "'em' is not a language code (ISO 639)",
        hint="did you mean 'en'? rekisteri ships fi, en and sv",
        column=20,
    ),
    Case(
        "a declared Swedish that a text lacks",
        edit('languages = ["fi", "en"]', 'languages = ["fi", "sv"]'),
        1,
        "name",
        "text is missing in sv",
        hint='the notice is published in fi, sv: write { fi = "…", sv = "…" } at name',
    ),
    Case(
        "a language code that is no language",
        edit('languages = ["fi", "en"]', 'languages = ["fi", "xx"]'),
        4,
        "notice.languages[1]",
        "'xx' is not a language code (ISO 639)",
        hint="rekisteri ships fi, en and sv",
        column=20,
    ),
    Case(
        "a language rekisteri has no catalogs for",
        edit('languages = ["fi", "en"]', 'languages = ["fi", "de"]'),
        4,
        "notice.languages[1]",
        "no catalogs for 'de' (German) among rekisteri's own",
        column=20,
    ),
    Case(
        "misspelt language key inside a localized text",
        edit('en = "Client care"', 'em = "Client care"'),
        19,
        "purposes[0].name.em",
        "a text in 'em', which is not one of the notice's languages (fi, en)",
        hint="did you mean 'en'? or add 'em' to notice.languages",
        column=36,
    ),
    Case(
        "empty text in one language",
        edit('{ fi = "Asiakkaat", en = "Clients" }', '{ fi = "Asiakkaat", en = " " }'),
        15,
        "data_subjects[0].name.en",
        "the 'en' text must not be empty",
    ),
    Case(
        "missing required key: line of its table",
        edit('name = "Tmi Testi"\n', ""),
        7,
        "controller.name",
        "missing required key 'name'",
        hint="add name = … to controller",
    ),
    Case(
        "missing required key in an array of tables",
        edit('name = { fi = "Asiakkaiden hoito", en = "Client care" }\n', ""),
        17,
        "purposes[0].name",
        "missing required key 'name'",
        hint="add name = … to purposes[0]",
    ),
    Case(
        "missing required table",
        edit('[notice]\nlanguages = ["fi", "en"]\ndefault_language = "fi"\n', ""),
        1,
        "notice",
        "missing required key 'notice'",
        hint="add a [notice] section",
    ),
    Case(
        "invalid id",
        edit('id = "care"', 'id = "Care Plan"'),
        18,
        "purposes[0].id",
        "'Care Plan' is not a valid id",
        hint="lowercase letters, digits",
    ),
    Case(
        "dangling purpose",
        edit('purposes = ["care"]', 'purposes = ["cure"]'),
        26,
        "data_categories[0].purposes[0]",
        "data category 'contact' refers to purpose 'cure', which is not declared",
        hint="did you mean 'care'? declared purpose ids: care",
        column=13,
    ),
    Case(
        "dangling source",
        edit('sources = ["client"]', 'sources = ["client", "registry"]'),
        27,
        "data_categories[0].sources[1]",
        "data category 'contact' refers to source 'registry', which is not declared",
        hint="declared source ids: client",
        column=22,
    ),
    Case(
        "dangling retention rule",
        edit('retention = "relationship"', 'retention = "relation"'),
        28,
        "data_categories[0].retention",
        "data category 'contact' refers to retention rule 'relation', which is not declared",
        hint="did you mean 'relationship'?",
    ),
    Case(
        "dangling data subject group",
        edit('subjects = ["clients"]', 'subjects = ["client"]'),
        25,
        "data_categories[0].subjects[0]",
        "data category 'contact' refers to data subject group 'client', which is not declared",
        hint="did you mean 'clients'?",
    ),
    Case(
        "dangling data category of a processor",
        append(
            """\
            [[processors]]
            id = "booking"
            name = "Ajanvaraus Oy"
            role = { fi = "Ajanvaraus", en = "Booking" }
            data_categories = ["contacts"]
            """
        ),
        43,
        "processors[0].data_categories[0]",
        "processor 'booking' refers to data category 'contacts', which is not declared",
        hint="did you mean 'contact'?",
    ),
    Case(
        "duplicate id",
        append(
            """\
            [[purposes]]
            id = "care"
            name = { fi = "Hoito", en = "Care" }
            """
        ),
        40,
        "purposes[1].id",
        "id 'care' is already used by purposes[0]",
    ),
    Case(
        "invalid Y-tunnus",
        edit('business_id = "2464491-9"', 'business_id = "2464491-8"'),
        9,
        "controller.business_id",
        "'2464491-8' is not a valid Finnish business id (Y-tunnus)",
    ),
    Case(
        "invalid email",
        edit('email = "info@example.fi"', 'email = "info.example.fi"'),
        10,
        "controller.email",
        "'info.example.fi' is not an email address",
    ),
    Case(
        "invalid phone",
        edit('phone = "045 127 0888"', 'phone = "12"'),
        11,
        "controller.phone",
        "'12' is not a valid phone number; write e.g. 045 123 4567",
    ),
    Case(
        "invalid ISO duration",
        edit('period = "P2Y"', 'period = "2 years"'),
        36,
        "retention[0].period",
        "'2 years' is not an ISO 8601 period",
    ),
    Case(
        "invalid country code",
        append(
            """\
            [[processors]]
            id = "mail"
            name = "Mail Inc"
            role = { fi = "Sähköposti", en = "Email" }
            country = "USA"
            """
        ),
        43,
        "processors[0].country",
        "'USA' is not",
    ),
    Case(
        "a country that does not exist",
        append(
            """\
            [[processors]]
            id = "mail"
            name = "Mail Inc"
            role = { fi = "Sähköposti", en = "Email" }
            country = "XX"
            """
        ),
        43,
        "processors[0].country",
        "'XX' is not",
    ),
    Case(
        "UK for the United Kingdom",
        append(
            """\
            [[processors]]
            id = "mail"
            name = "Mail Ltd"
            role = { fi = "Sähköposti", en = "Email" }
            country = "UK"
            """
        ),
        43,
        "processors[0].country",
        "'GB'",
    ),
    Case(
        "a version-1 file",
        BASE.replace("schema_version = 2\n", "\n"),
        1,
        "",
        "this register is written in version 1 of the register format",
        hint="migrate it to version 2",
    ),
    Case(
        "a misspelt none",
        edit("schema_version = 2", 'schema_version = 2\nrecipients = "nonee"'),
        3,
        "recipients",
        "'nonee' is neither the facts of recipients nor \"none\"",
        hint='write recipients = "none" to state that there are none',
    ),
    Case(
        "a processor table meant, a word written",
        edit("schema_version = 2", 'schema_version = 2\nprocessors = "Ajanvaraus Oy"'),
        3,
        "processors",
        "'Ajanvaraus Oy' is neither the facts of processors nor \"none\"",
    ),
    Case(
        "a suppression's reason too short",
        append(
            """\
            [lint]
            ignore = [{ rule = "L09", reason = "x" }]
            """
        ),
        40,
        "lint.ignore[0].reason",
        "'reason' is too short: write at least 3 characters",
    ),
    Case(
        "an unknown schema version",
        BASE.replace("schema_version = 2\n", "schema_version = 3\n"),
        2,
        "schema_version",
        "schema_version 3 is not a version this rekisteri reads",
        hint="write schema_version = 2",
    ),
    Case(
        "a legitimate interest under another basis",
        edit(
            'legal_basis = "contract"',
            'legal_basis = "contract"\nlegitimate_interest = { fi = "x", en = "x" }',
        ),
        21,
        "purposes[0].legitimate_interest",
        "purpose 'care' describes a legitimate interest, but its legal_basis is not",
    ),
    Case(
        "both legal_basis and bases",
        append(
            """\
            [[purposes.bases]]
            basis = "consent"
            """
        ),
        39,
        "purposes[0].bases",
        "purpose 'care' gives both legal_basis and bases",
    ),
    Case(
        "a scoped basis naming an unknown category",
        append(
            """\
            [[bases]]
            basis = "legal_obligation"
            categories = ["contacts"]
            """
        ),
        41,
        "bases[0].categories[0]",
        "the legal_obligation basis refers to data category 'contacts', which is not declared",
        hint="did you mean 'contact'?",
    ),
    Case(
        "a region as a transfer destination",
        append(
            """\
            [[transfers.destinations]]
            country = "EU"
            recipient = "Posti AB"
            safeguards = ["adequacy_decision"]
            """
        ),
        40,
        "transfers.destinations[0].country",
        "'EU' is inside the EU/EEA, so it is not a transfer",
    ),
    Case(
        "an EEA country as a transfer destination",
        append(
            """\
            [[transfers.destinations]]
            country = "SE"
            recipient = "Posti AB"
            safeguards = ["adequacy_decision"]
            """
        ),
        40,
        "transfers.destinations[0].country",
        "'SE' is inside the EU/EEA, so it is not a transfer",
    ),
    Case(
        "a derogation without its point",
        append(
            """\
            [[transfers.destinations]]
            country = "US"
            recipient = "Mail Inc"
            safeguards = ["derogation"]
            """
        ),
        42,
        "transfers.destinations[0].safeguards",
        "the safeguard 'derogation' needs the Art. 49(1) point it relies on",
    ),
    Case(
        "a lapsed safeguard misspelt",
        append(
            """\
            [[transfers.destinations]]
            country = "US"
            recipient = "Mail Inc"
            safeguards = ["privacy_shiled"]
            """
        ),
        42,
        "transfers.destinations[0].safeguards[0]",
        "'privacy_shiled' is not one of",
        hint="did you mean 'privacy_shield'?",
    ),
    Case(
        "default language not among the languages",
        edit('default_language = "fi"', 'default_language = "sv"'),
        5,
        "notice.default_language",
        "'sv' is not one of the notice's languages (fi, en)",
    ),
    Case(
        "retention mixing a period and an end date",
        edit('period = "P2Y"', 'period = "P2Y"\nuntil = 2030-12-31'),
        34,
        "retention[0]",
        "gives either a period or an end date (until), not both",
    ),
    Case(
        "retention inline term and terms",
        edit('period = "P2Y"', 'period = "P2Y"\nterms = [{ period = "P6M", medium = "paper" }]'),
        34,
        "retention[0]",
        "write one term inline (period, until, criteria, …) or a list of terms, not both",
    ),
    Case(
        "retention combining one term",
        edit(
            'period = "P2Y"\n',
            'terms = [{ period = "P6M", medium = "paper" }]\ncombine = "later"\n',
        ).replace(
            'counted_from = { fi = "asiakassuhteen päättymisestä", '
            'en = "end of the relationship" }\n',
            "",
        ),
        37,
        "retention[0].combine",
        "combines terms but has fewer than two",
    ),
    Case(
        # "3 years from publication or The photo is removed within two weeks., whichever is
        # earlier": a sentence of criteria has no end that "earlier" could compare.
        "retention combining a term that is criteria only",
        edit(
            'period = "P2Y"\n',
            'terms = [{ period = "P3Y" }, '
            '{ criteria = { fi = "Kuva poistetaan.", en = "The photo is removed." } }]\n'
            'combine = "earlier"\n',
        ).replace(
            'counted_from = { fi = "asiakassuhteen päättymisestä", '
            'en = "end of the relationship" }\n',
            "",
        ),
        36,
        "retention[0].terms[1]",
        "retention rule 'relationship' combines its terms by which ends earlier, but this term "
        "gives only criteria, which have no end to compare",
    ),
    Case(
        "retention rule with neither period nor criteria",
        edit('period = "P2Y"\n', "").replace(
            'counted_from = { fi = "asiakassuhteen päättymisestä", '
            'en = "end of the relationship" }\n',
            "",
        ),
        34,
        "retention[0]",
        "gives no period, end date or criteria",
    ),
    Case(
        "hetu ground without hetu",
        edit('retention = "relationship"', 'retention = "relationship"\nhetu_ground = "consent"'),
        29,
        "data_categories[0].hetu_ground",
        "a personal identity code ground is given but hetu is not set",
        hint="set hetu = true",
    ),
    Case(
        "effective before updated",
        edit(
            'default_language = "fi"',
            'default_language = "fi"\nupdated = 2024-02-01\neffective = 2024-01-01',
        ),
        7,
        "notice.effective",
        "the effective date is before the date the notice was updated",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_invalid_register_is_located(write_register: Callable, case: Case) -> None:
    path, diagnostics = diagnostics_of(write_register, case.text)
    found = only(diagnostics, case.path)
    assert found.file == str(path)
    assert found.line == case.line
    assert case.message in found.message
    assert case.hint in found.hint
    if case.column is not None:
        assert found.column == case.column
    assert found.severity == "error"


def test_there_are_at_least_thirty_located_cases() -> None:
    assert len({case.id for case in CASES}) >= 30


def test_automated_decisions_without_logic_names_each_missing_field(
    write_register: Callable,
) -> None:
    _, diagnostics = diagnostics_of(
        write_register,
        append(
            """\
            [automated_decisions]
            used = true
            significance = { fi = "Hinta", en = "The price" }
            """
        ),
    )
    assert [(d.line, d.path) for d in diagnostics] == [
        (39, "automated_decisions.consequences"),
        (39, "automated_decisions.logic"),
    ]
    assert "'logic' is not described" in diagnostics[1].message
    assert "13(2)(f)" in diagnostics[1].hint


def test_missing_translations_are_each_named_by_key_path(write_register: Callable) -> None:
    text = edit(', en = "Client care"', "").replace(
        '{ fi = "Yhteystiedot", en = "Contact details" }', '"Yhteystiedot"'
    )
    _, diagnostics = diagnostics_of(write_register, text)
    assert [(d.line, d.path, d.message) for d in diagnostics] == [
        (19, "purposes[0].name", "text is missing in en"),
        (24, "data_categories[0].name", "text is missing in en"),
    ]
    assert 'write { fi = "…", en = "…" } at purposes[0].name' in diagnostics[0].hint


def test_a_third_language_makes_every_text_incomplete(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register, edit('languages = ["fi", "en"]', 'languages = ["fi", "en", "sv"]')
    )
    assert [(d.line, d.path) for d in diagnostics] == [
        (1, "name"),
        (15, "data_subjects[0].name"),
        (19, "purposes[0].name"),
        (24, "data_categories[0].name"),
        (32, "sources[0].name"),
        (37, "retention[0].counted_from"),
    ]
    assert all(d.message == "text is missing in sv" for d in diagnostics)


def test_all_errors_are_reported_at_once_sorted_by_line(write_register: Callable) -> None:
    text = (
        edit('period = "P2Y"', 'period = "2y"')
        .replace('legal_basis = "contract"', 'legal_basis = "contrct"')
        .replace('email = "info@example.fi"', 'email = "info"')
        .replace('name = "Tmi Testi"', 'nmae = "Tmi Testi"')
    )
    _, diagnostics = diagnostics_of(write_register, text)
    assert [(d.line, d.path) for d in diagnostics] == [
        (7, "controller.name"),
        (8, "controller.nmae"),
        (10, "controller.email"),
        (20, "purposes[0].legal_basis"),
        (36, "retention[0].period"),
    ]
    assert "did you mean 'name'?" in diagnostics[1].hint


def test_the_error_text_reads_file_line_column_path_message_hint(
    write_register: Callable,
) -> None:
    path = write_register(edit('legal_basis = "contract"', 'legal_basis = "contrct"'))
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    assert str(caught.value).startswith(
        f"{path}:20:1: purposes[0].legal_basis: 'contrct' is not one of consent, contract, "
    )
    assert str(caught.value).endswith("\n    hint: did you mean 'contract'?")
    from rekisteri.cli.errors import exit_code  # the CLI maps error types to exit codes

    assert exit_code(caught.value) == 1


# -- TOML syntax -----------------------------------------------------------------------------


def test_toml_syntax_error_has_tomllib_line_and_column(write_register: Callable) -> None:
    path, diagnostics = diagnostics_of(
        write_register, edit('legal_basis = "contract"', "legal_basis = contract")
    )
    (error,) = diagnostics
    assert (error.file, error.line, error.column) == (str(path), 20, 15)
    assert error.message == "TOML syntax error: Invalid value"
    assert "need quotes" in error.hint


def test_the_position_python_3_14_gives_as_attributes_is_taken_over_the_message() -> None:
    """From Python 3.14 a TOMLDecodeError carries msg, lineno and colno; the message text is
    read only on the Pythons before it (issue 16)."""
    import tomllib

    from rekisteri.register.loading import syntax_error

    text = 'a = 1\nb = "x\nc = 3\n'
    exc = tomllib.TOMLDecodeError("Illegal character '\\n' (at line 99, column 1)")
    exc.msg, exc.lineno, exc.colno, exc.pos = "Illegal character '\\n'", 2, 7, 12
    [diagnostic] = syntax_error(exc, text, "r.toml").diagnostics
    assert (diagnostic.line, diagnostic.column) == (2, 7)
    assert diagnostic.message == "TOML syntax error: Illegal character '\\n'"
    # At the end of the file, as before: after the last thing written.
    end = tomllib.TOMLDecodeError("Unclosed array (at end of document)")
    end.msg, end.lineno, end.colno, end.pos = "Unclosed array", 4, 1, len(text)
    [diagnostic] = syntax_error(end, text, "r.toml").diagnostics
    assert diagnostic.message == "TOML syntax error: Unclosed array at the end of the file"
    assert (diagnostic.line, diagnostic.column) == (3, 6)


def test_unterminated_string(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, edit('name = "Tmi Testi"', 'name = "Tmi Testi'))
    (error,) = diagnostics
    assert (error.line, error.column) == (8, 18)
    assert error.message.startswith("TOML syntax error")
    assert '"""' in error.hint


def test_unclosed_array_at_the_end_of_the_file(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, BASE + 'extra = ["a", "b"\n')
    (error,) = diagnostics
    assert error.message == "TOML syntax error: Unclosed array at the end of the file"
    assert (error.line, error.column) == (38, 18)


def test_duplicate_key_names_both_definitions(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register,
        edit('legal_basis = "contract"', 'legal_basis = "contract"\nlegal_basis = "consent"'),
    )
    (error,) = diagnostics
    assert (error.line, error.column, error.path) == (21, 1, "purposes[0].legal_basis")
    assert error.message == "'legal_basis' is defined twice (first on line 20)"
    assert error.hint == "keep one of the two definitions"


def test_duplicate_dotted_key(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register,
        edit('phone = "045 127 0888"', 'address.city = "Hyvinkää"\naddress.city = "Riihimäki"'),
    )
    (error,) = diagnostics
    assert (error.line, error.path) == (12, "controller.address.city")
    assert error.message == "'address.city' is defined twice (first on line 11)"


def test_duplicated_table_header(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, append('[controller]\nname = "Toinen"\n'))
    (error,) = diagnostics
    assert (error.line, error.column, error.path) == (39, 1, "controller")
    assert error.message == "[controller] is defined twice (first on line 7)"
    assert error.hint == "merge the two into one [controller] section"


def test_duplicated_table_header_with_a_comment_and_spaces(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, BASE + "\n  [ controller ]  # again\n")
    (error,) = diagnostics
    assert (error.line, error.column, error.path) == (39, 3, "controller")
    assert error.message == "[controller] is defined twice (first on line 7)"


def test_table_header_clashing_with_a_key(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, append("[controller.name]\nfi = 'x'\n"))
    (error,) = diagnostics
    assert (error.line, error.path) == (39, "controller.name")
    assert error.message == "[controller.name] is defined twice (first on line 8)"
    assert "a table and a key cannot have the same name" in error.hint


def test_duplicate_key_in_an_inline_table(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register, edit('en = "Client care"', 'en = "Client care", en = "Care"')
    )
    (error,) = diagnostics
    assert error.line == 19
    assert error.message == "'en' appears twice in the same { … } table"


def test_extending_an_inline_table_later(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, append('[purposes.name]\nsv = "Vård"\n'))
    (error,) = diagnostics
    assert (error.line, error.path) == (39, "purposes[0].name")
    assert "first on line 19" in error.message


def test_a_number_too_long_for_python_is_a_located_error(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register, edit('name = "Tmi Testi"', "name = 1" + "0" * 5000)
    )
    (error,) = diagnostics
    assert (error.line, error.column) == (8, 8)
    assert error.message == "a number is too long to be read"


# -- files that are not a register -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n\n", "\ufeff"], ids=["empty", "whitespace", "bom"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "register.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    (error,) = caught.value.diagnostics
    assert error.file == str(path)
    assert error.message == "the file is empty"
    # The library says what to do; the command that does it is the CLI's to name.
    assert error.hint == "start from a starter register"
    assert isinstance(caught.value, EmptyRegister)


def test_comments_only_is_a_register_without_its_required_parts(
    write_register: Callable,
) -> None:
    _, diagnostics = diagnostics_of(write_register, "# just a comment\n")
    assert [d.path for d in diagnostics] == [
        "controller",
        "data_categories",
        "name",
        "notice",
        "purposes",
        "schema_version",
    ]
    assert all(d.line == 1 for d in diagnostics)


def test_non_utf8_bytes_point_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    latin1 = edit('name = "Tmi Testi"', 'name = "Tmi Testi Hyvinkää"').encode("latin-1")
    path.write_bytes(latin1)
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    (error,) = caught.value.diagnostics
    assert (error.line, error.column) == (8, 25)
    assert error.message == "the file is not UTF-8 text (byte 0xe4)"
    assert "iconv -f latin1 -t utf-8" in error.hint


def test_non_utf8_column_counts_characters_not_bytes() -> None:
    with pytest.raises(RekisteriError) as caught:
        decode('a = "ää"\nb = "ö'.encode() + b"\xff\n", "x.toml")
    (error,) = caught.value.diagnostics
    assert (error.line, error.column) == (2, 7)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(BASE.encode().replace(b"[controller]", b"[contr\x00oller]"))
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    (error,) = caught.value.diagnostics
    assert (error.line, error.column) == (7, 7)
    assert "NUL bytes" in error.message


def test_a_folder_instead_of_a_file_lists_the_registers_in_it(tmp_path: Path) -> None:
    (tmp_path / "register.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(tmp_path)
    (error,) = caught.value.diagnostics
    assert error.file == str(tmp_path)
    assert error.message == "is a folder, not a register file"
    assert error.hint == "register files in it: register.toml"


def test_a_missing_file_suggests_the_nearest_name(tmp_path: Path) -> None:
    (tmp_path / "register.toml").write_text(BASE, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(tmp_path / "registr.toml")
    (error,) = caught.value.diagnostics
    assert error.message == "no such file"
    assert error.hint == f"did you mean '{tmp_path / 'register.toml'}'?"


def test_a_missing_file_without_a_similar_one(tmp_path: Path) -> None:
    with pytest.raises(RekisteriError) as caught:
        load_register(tmp_path / "nowhere" / "register.toml")
    (error,) = caught.value.diagnostics
    assert (error.message, error.hint) == ("no such file", "check the path")


def test_a_five_megabyte_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_bytes(BASE.encode() + b"# " + b"x" * 5_000_000 + b"\n")
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    (error,) = caught.value.diagnostics
    assert error.message.startswith("the file is 4.8 MiB")
    assert "at most 1 MiB" in error.message


def test_oversized_bytes_are_refused_by_decode() -> None:
    with pytest.raises(RekisteriError, match="larger than 1 MiB"):
        decode(b"#" * (MAX_BYTES + 1), "x.toml")


def test_an_endless_device_is_read_only_up_to_the_limit() -> None:
    # /dev/zero reports size 0 and never ends: reading it whole would hang.
    with pytest.raises(RekisteriError, match="larger than 1 MiB"):
        load_register("/dev/zero")


def test_deeply_nested_arrays(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, "a = " + "[" * 100_000)
    (error,) = diagnostics
    assert error.message == "the TOML is nested too deeply to be a register description"


def test_deeply_nested_inline_tables(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(write_register, "a = " + "{ b = " * 5_000 + "1" + "}" * 5_000)
    (error,) = diagnostics
    assert "nested too deeply" in error.message


def test_closed_deep_arrays_in_a_text_field(write_register: Callable) -> None:
    _, diagnostics = diagnostics_of(
        write_register, edit('name = "Tmi Testi"', "name = " + "[" * 300 + "]" * 300)
    )
    (error,) = diagnostics
    assert (error.line, error.path) == (8, "controller.name")
    assert error.message == "expected text in quotes, got an array"


def test_parse_register_names_the_file_it_is_given() -> None:
    with pytest.raises(RekisteriError) as caught:
        parse_register(edit('phone = "045 127 0888"', 'phone = "12"'), "editor-buffer.toml")
    (error,) = caught.value.diagnostics
    assert str(error).startswith("editor-buffer.toml:11:1: controller.phone: ")


def test_dates_load_as_dates(write_register: Callable) -> None:
    register = load_register(
        write_register(
            edit('default_language = "fi"', 'default_language = "fi"\nupdated = 2018-05-24')
        )
    )
    assert register.notice.updated == date(2018, 5, 24)
