"""Every catalog of every domain and language, read as a native editor reads it.

- An inserted value stands alone: no placeholder directly followed by a case ending or a
  possessive (``%(name)s:n``, ``%(name)s:ssa``, ``%(age)s-vuotias``, ``%(name)s's``), which reads
  wrong whenever the value ends in a way the ending does not fit.
- One term per concept: no synonym the glossary (templates/locale/GLOSSARY.md) deprecates.
- The languages of a domain hold the same messages (the "i" voice entries included) with the same
  placeholders as their msgid, so that no language falls back or drops a value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "templates" / "locale"
GLOSSARY = LOCALE / "GLOSSARY.md"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def lang_of(path: Path) -> str:
    return path.parts[-3]


def domain_of(path: Path) -> str:
    return path.stem


def label(path: Path) -> str:
    return f"{lang_of(path)}/{path.name}"


@cache
def catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang_of(path), domain=domain_of(path), abort_invalid=True)


def messages(path: Path) -> Iterator[Message]:
    return (m for m in catalog(path) if m.id)


def strings(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, (tuple, list)) else (str(value),)


def msgids(message: Message) -> tuple[str, ...]:
    value = message.id
    return tuple(value) if isinstance(value, (tuple, list)) else (str(value),)


def where(path: Path, message: Message) -> str:
    context = f" [msgctxt {message.context!r}]" if message.context else ""
    return f"{label(path)}:{message.lineno}{context}"


def test_every_shipped_domain_and_language_is_read() -> None:
    found = {(lang_of(p), domain_of(p)) for p in CATALOGS}
    for domain in ("messages", "access", "diff", "lint", "record", "running"):
        assert {("fi", domain), ("en", domain)} <= found
    assert ("sv", "lint") in found


# --- (a) a value stands alone ------------------------------------------------------------------

PLACEHOLDER = r"%\(\w+\)[sdif]"
_LETTER = r"[^\W\d_]"
# A placeholder, perhaps closed by a quotation mark, directly followed by ":n" or "-" (a case
# ending or a compound), or a possessive "'s"/"'n", or a letter glued on.
CASE_ENDING = re.compile(
    PLACEHOLDER + rf"(?:[\"”»’']?(?::{_LETTER}|-(?={_LETTER}|\s|$))|['’]{_LETTER}|{_LETTER})"
)


def glued_endings(text: str) -> list[str]:
    return [match.group() for match in CASE_ENDING.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Rekisterinpitäjän %(name)s:n tiedot",
        "tiedot %(register)s:ssa",
        "rekisterissä '%(register)s':ssa",
        "Vähintään %(age)s-vuotias lapsi",
        "%(act)s- ja asetustasolla",
        "%(name)s'n rekisteri",
        "%(controller)s's client register",
        "%(name)s’s register",
        "%(count)dnä päivänä",
    ],
)
def test_the_check_finds_a_glued_ending(text: str) -> None:
    assert glued_endings(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rekisterinpitäjä: %(name)s",
        "tietoja, joita %(name)s käsittelee",
        "rekisterissä ”%(register)s”",
        "Tietoryhmän '%(category)s' tiedot",
        "%(start)s–%(end)s",
        "%(from)s-%(to)s",
        "%(label)s: %(value)s",
        "%(count)d riviä",
        "Sivu %(page)s / %(pages)s.",
        "(%(law)s)",
    ],
)
def test_the_check_lets_a_standalone_value_pass(text: str) -> None:
    assert glued_endings(text) == []


@pytest.mark.parametrize("path", CATALOGS, ids=label)
def test_no_placeholder_takes_a_case_ending(path: Path) -> None:
    found = [
        f"{where(path, message)}: {glued!r} in {text!r}"
        for message in messages(path)
        for text in strings(message)
        for glued in glued_endings(text)
    ]
    assert found == []


# --- (b) one term per concept ------------------------------------------------------------------

LANGS = ("fi", "en", "sv")


def glossary_rows() -> list[dict[str, str]]:
    """The rows of the "## Terms" table: column name → cell."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("\n## Terms\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:  # the header and its |---| rule
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(header), line
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def deprecated_pattern(term: str) -> re.Pattern[str]:
    """A glossary term as a pattern: it starts a word, ``*`` lets any ending follow, otherwise
    the term ends at a word boundary; case does not matter."""
    stem = term.removesuffix("*")
    words = r"\s+".join(re.escape(word) for word in stem.split())
    end = "" if term.endswith("*") else r"(?!\w)"
    return re.compile(rf"(?<!\w){words}{end}", re.IGNORECASE)


@cache
def deprecated(lang: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(concept, deprecated term, its pattern) for ``lang``."""
    found = []
    for row in glossary_rows():
        for term in row[f"deprecated {lang}"].split(";"):
            term = term.strip()
            if term and term != "—":
                found.append((row["concept"], term, deprecated_pattern(term)))
    return tuple(found)


def test_the_glossary_table_names_each_concept_in_every_language() -> None:
    rows = glossary_rows()
    concepts = [row["concept"] for row in rows]
    assert len(concepts) == len(set(concepts))
    for row in rows:
        assert all(row[lang] and row[lang] != "—" for lang in LANGS), row["concept"]
    chosen = {row["concept"].split(" (")[0]: row for row in rows}
    assert chosen["legal basis"]["fi"] == "oikeusperuste"
    assert chosen["legal basis"]["en"] == "legal basis"
    assert chosen["data subject"]["sv"] == "den registrerade"
    assert chosen["retention period"]["fi"] == "säilytysaika"
    assert "käsittelyperuste*" in chosen["legal basis"]["deprecated fi"]


def test_a_deprecated_term_catches_its_inflections_and_nothing_else() -> None:
    stem = deprecated_pattern("käsittelyperuste*")
    assert stem.search("Käsittelyperusteet")
    assert stem.search("ilman käsittelyperustetta")
    assert not stem.search("oikeusperuste")
    whole = deprecated_pattern("käsittelyn peruste")
    assert whole.search("Käsittelyn peruste: suostumus")
    assert not whole.search("automaattisen käsittelyn perusteella")
    assert deprecated_pattern("data controller*").search("the Data\ncontrollers")
    assert not deprecated_pattern("säännös").search("lainsäännös")


@pytest.mark.parametrize("lang", LANGS)
def test_no_chosen_term_is_deprecated_in_its_own_language(lang: str) -> None:
    clashes = [
        (row["concept"], concept, term)
        for row in glossary_rows()
        for concept, term, pattern in deprecated(lang)
        if pattern.search(row[lang])
    ]
    assert clashes == []


@pytest.mark.parametrize("path", CATALOGS, ids=label)
def test_no_catalog_uses_a_deprecated_synonym(path: Path) -> None:
    found = [
        f"{where(path, message)}: {match.group()!r} ({concept}: see GLOSSARY.md)"
        for message in messages(path)
        for text in strings(message)
        for concept, _term, pattern in deprecated(lang_of(path))
        for match in pattern.finditer(text)
    ]
    assert found == []


# --- citations: the genitive in a sentence, the nominative in a reference ---------------------

# An English msgid that is nothing but citations ("GDPR 13(2)(a); Accounting Act 1336/1997,
# chapter 2, section 10") is a reference or the name of a law standing alone.
_CITATION = (
    r"(?:GDPR [\d(), a-z–]+"
    r"|CJEU C-\d+/\d+(?: \([\w ]+\))?"
    r"|WP\d+ rev\.\d+"
    r"|EDPB Guidelines \d+/\d{4}"
    r"|Commission Implementing Decision \(EU\) \d+/\d+, Article \d+"
    r"|(?:the )?[A-Z][\w'’ –-]*?\d+/\d{4}(?:, (?:chapter \d+, )?section \d+)?)"
)
CITATION_ONLY = re.compile(rf"{_CITATION}(?:; {_CITATION})*")
_NUMBER = r"(?: \(\d+/\d{4}\)| \d+/\d{4})?"
# "tietosuojalaki (1050/2018) 29 §", "kirjanpitolaki 2 luku 10 §", "laki sähköisen viestinnän
# palveluista (917/2014) 200 §", "tietosuoja-asetus 15 artikla", "tietosuoja-asetus 13(2)(a)".
NOMINATIVE_CITATION = re.compile(
    rf"(?<!\w)(?:\w*laki|laki(?: [\w-]+){{1,6}}?){_NUMBER},? (?:\d+ luku,? )?\d+ §"
    r"|(?<!\w)tietosuoja-asetus \d+(?: artikla|\()",
    re.IGNORECASE,
)
# "tietosuojalain (1050/2018) 29 §", "tietosuoja-asetuksen 5(1)(e) artikla".
GENITIVE_CITATION = re.compile(
    rf"(?<!\w)\w*(?:lain|asetuksen){_NUMBER} (?:\d+ luvun )?\d+(?: §|\(| artikla)",
    re.IGNORECASE,
)


def test_the_citation_checks_tell_the_forms_apart() -> None:
    for nominative in (
        "tietosuojalaki 1050/2018 29 §",
        "tietosuojalaki (1050/2018) 29 §",
        "kirjanpitolaki (1336/1997) 2 luku 10 §",
        "laki sähköisen viestinnän palveluista (917/2014) 200 §",
        "tietosuoja-asetus 15 artikla",
        "tietosuoja-asetus 13(2)(a)",
    ):
        assert NOMINATIVE_CITATION.search(nominative), nominative
        assert not GENITIVE_CITATION.search(nominative), nominative
    for genitive in (
        "tietosuojalain 29 §:n mukainen",
        "kirjanpitolain (1336/1997) 2 luvun 10 §",
        "tietosuoja-asetuksen 15 artikla",
        "työelämän tietosuojalain (759/2004) 3 §",
    ):
        assert GENITIVE_CITATION.search(genitive), genitive
        assert not NOMINATIVE_CITATION.search(genitive), genitive
    assert CITATION_ONLY.fullmatch("GDPR 13(2)(a); Accounting Act 1336/1997, chapter 2, section 10")
    assert CITATION_ONLY.fullmatch(
        "Act 759/2004, section 3; Data Protection Act 1050/2018, section 29"
    )
    assert not CITATION_ONLY.fullmatch("Processed on the ground of %(ground)s (%(law)s).")


FINNISH = [path for path in CATALOGS if lang_of(path) == "fi"]


@pytest.mark.parametrize("path", FINNISH, ids=label)
def test_a_citation_in_a_sentence_is_in_the_genitive(path: Path) -> None:
    # Outside the lint, a citation is always part of a sentence or of a parenthesis after one,
    # even a msgid of citations alone: it is inserted into a sentence as %(law)s.
    found = [
        f"{where(path, message)}: {match.group()!r} in {text!r}"
        for message in messages(path)
        if not (domain_of(path) == "lint" and CITATION_ONLY.fullmatch(msgids(message)[0]))
        for text in strings(message)
        for match in NOMINATIVE_CITATION.finditer(text)
    ]
    assert found == []


def test_a_lint_reference_is_in_the_nominative() -> None:
    # The bracketed reference after a finding, "[tietosuojalaki (1050/2018) 29 §]", is a
    # reference, not a sentence: one form for all of them (GLOSSARY.md, "Citations").
    path = LOCALE / "fi" / "LC_MESSAGES" / "lint.po"
    references = [m for m in messages(path) if CITATION_ONLY.fullmatch(msgids(m)[0])]
    assert len(references) > 50
    found = [
        f"{where(path, message)}: {match.group()!r} in {text!r}"
        for message in references
        for text in strings(message)
        for match in GENITIVE_CITATION.finditer(text)
    ]
    assert found == []


# --- (c) every language of a domain holds the same messages -----------------------------------

PLACEHOLDER_NAME = re.compile(r"%\((\w+)\)[sdif]")


def by_domain() -> dict[str, list[Path]]:
    domains: dict[str, list[Path]] = defaultdict(list)
    for path in CATALOGS:
        domains[domain_of(path)].append(path)
    return dict(domains)


def keys(path: Path) -> set[tuple[str | None, str]]:
    return {(message.context, msgids(message)[0]) for message in messages(path)}


@pytest.mark.parametrize("domain", sorted(by_domain()))
def test_every_language_of_a_domain_has_the_same_messages(domain: str) -> None:
    paths = by_domain()[domain]
    every = set().union(*(keys(path) for path in paths))
    missing = {
        label(path): sorted(every - keys(path), key=lambda key: (key[0] or "", key[1]))
        for path in paths
        if every - keys(path)
    }
    assert missing == {}


@pytest.mark.parametrize("path", CATALOGS, ids=label)
def test_every_message_is_translated_with_the_placeholders_of_its_msgid(path: Path) -> None:
    problems = []
    for message in messages(path):
        wanted = sorted(set(PLACEHOLDER_NAME.findall(" ".join(msgids(message)))))
        for text in strings(message):
            if not text or message.fuzzy:
                problems.append(f"{where(path, message)}: empty or fuzzy")
            elif sorted(set(PLACEHOLDER_NAME.findall(text))) != wanted:
                problems.append(f"{where(path, message)}: {text!r} does not use {wanted}")
    # Babel's python-format checker besides: the conversion types (%(n)d, %(s)s) agree.
    problems += [
        f"{where(path, message)}: {error}"
        for message, errors in catalog(path).check()
        for error in errors
    ]
    assert problems == []


def test_the_first_person_entries_stand_beside_their_we_entries() -> None:
    # A msgctxt "i" entry is the "I" form of a message the catalog also holds without context.
    orphans = [
        where(path, message)
        for path in CATALOGS
        for message in messages(path)
        if message.context == "i" and (None, msgids(message)[0]) not in keys(path)
    ]
    assert orphans == []


# --- the lint speaks in the register's voice ---------------------------------------------------

LINTED = """\
name = "Asiakasrekisteri"
schema_version = 2
recipients = "none"
transfers = "none"
automated_decisions = "none"

[notice]
languages = ["fi"]
updated = 2024-01-15

[controller]
name = "Tmi Testi"
address = {{ street = "Siltakatu 1", postal_code = "05900", city = "Hyvinkää" }}
email = "info@example.fi"
voice = "{voice}"

[[purposes]]
id = "care"
name = "Asiakkaan hoito"
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = "Yhteystiedot"
description = "Sähköposti."
purposes = ["care"]
retention = "relationship"

[[retention]]
id = "relationship"
period = "P2Y"
counted_from = "asiakassuhteen päättymisestä"

[security]
electronic = "Salasana."

[rights]
stated = "derive"
how_to_exercise = "Sähköpostilla."
complaint = "fi-ombudsman"
"""


@pytest.mark.parametrize(("voice", "wording"), [("i", "I cannot book"), ("we", "we cannot book")])
def test_a_lint_example_suggests_wording_in_the_register_voice(
    tmp_path: Path, voice: str, wording: str
) -> None:
    from rekisteri.lint import lint_register
    from rekisteri.register.loading import load_register

    path = tmp_path / "register.toml"
    path.write_text(LINTED.format(voice=voice), encoding="utf-8")
    # The purpose rests on a contract but says nothing of what follows if the data is not given.
    (finding,) = [f for f in lint_register(load_register(path), "fi").findings if f.rule == "L02"]
    assert wording in finding.example


# --- the chosen Swedish terms are the ones the catalogs use ------------------------------------

# The Swedish term of each concept, in the form the catalogs write it (Swedish inflects the
# noun: "den personuppgiftsansvarige", "behandlingsgrunden"), as a stem that starts a word.
SWEDISH_TERMS = {
    "controller (Art. 4(7))": "personuppgiftsansvarig",
    "processor (Art. 4(8), 28)": "personuppgiftsbiträd",
    "data subject (Art. 4(1))": "den registrerade",
    "recipient (Art. 4(9))": "mottagar",
    "legal basis (Art. 6(1))": "behandlingsgrund",
    "retention period (Art. 13(2)(a))": "lagringstid",
    "data category (of the register)": "uppgiftsgrupp",
    "special categories of personal data (Art. 9(1))": "särskilda kategorier av personuppgifter",
    "privacy notice (Art. 13/14 information)": "dataskyddsbeskrivning",
    "data protection officer (Art. 37)": "dataskyddsombud",
    "legitimate interests (Art. 6(1)(f))": "berättigat intresse",
    "right of access (Art. 15)": "rätt till tillgång",
    "withdrawing consent (Art. 7(3))": "återkallande av samtycke",
    "security measures (Art. 30(1)(g), 32)": "säkerhetsåtgärd",
    "personal identity code": "personbeteckning",
    "transfer outside the EU/EEA (Chapter V)": "överföring",
    "direct marketing (Art. 21(2))": "direktmarknadsföring",
    "patient ombudsperson (Act 739/2023)": "patientombud",
}


def test_each_swedish_term_is_the_glossarys_and_the_catalogs_use_it() -> None:
    rows = {row["concept"]: row for row in glossary_rows()}
    swedish = " ".join(
        text
        for path in CATALOGS
        if lang_of(path) == "sv"
        for message in messages(path)
        for text in strings(message)
    )
    unused = []
    for concept, stem in SWEDISH_TERMS.items():
        assert rows[concept]["sv"].lower().startswith(stem.lower()), (concept, rows[concept]["sv"])
        if not re.search(rf"(?<!\w){re.escape(stem)}", swedish, re.IGNORECASE):
            unused.append(concept)
    assert unused == []
